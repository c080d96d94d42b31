//! Keycloak realm exports and client representations (FORMATS.md §3).

use super::Format;
use crate::document::Document;
use crate::model::Client;
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "keycloak",
    detect,
    extract,
};

fn detect(_doc: &Document, _path: &Path) -> bool {
    false
}

fn extract(_doc: &Document, _path: &Path) -> Vec<Client> {
    Vec::new()
}
