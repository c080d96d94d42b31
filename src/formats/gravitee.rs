//! Gravitee Access Management applications (FORMATS.md §2).

use super::Format;
use crate::document::Document;
use crate::model::Client;
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "gravitee-am",
    detect,
    extract,
};

fn detect(_doc: &Document, _path: &Path) -> bool {
    false
}

fn extract(_doc: &Document, _path: &Path) -> Vec<Client> {
    Vec::new()
}
