//! The checks, grouped by category. Each category file lists its rules in `RULES`; a rule is a
//! function over one client that pushes findings, with no I/O. Metadata and docs come from
//! `lints/<name>.md` (see `registry.rs`).

mod document;
mod grants;
mod metadata;
mod native_redirects;
mod other_uris;
mod pkce;
mod redirects;
mod secrets;
mod types;

use crate::finding::Finding;
use crate::infer::Inference;
use crate::model::Client;
use crate::uri::Redirect;

/// What a rule runs on.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Reported by the engine itself while reading files (`parse-error`, `duplicate-key`).
    Engine,
    /// A check of one client.
    Client(fn(&Ctx, &mut Vec<Finding>)),
}

/// Settings that change what rules report.
#[derive(Debug, Clone, Default)]
pub struct RuleOptions {
    pub pedantic: bool,
    /// `oauth21` or `fapi2`.
    pub profile: Option<String>,
    /// `--allow-dev-loopback`: `redirect-uri-http` reports an http loopback redirect of a web or
    /// browser app as a warning, not an error (ignored under `--profile oauth21`).
    pub allow_dev_loopback: bool,
}

/// Everything a client rule may look at.
pub struct Ctx<'a> {
    pub client: &'a Client,
    /// The client's redirect URIs, analysed once (placeholders left out).
    pub redirects: &'a [Redirect<'a>],
    pub inference: &'a Inference,
    pub options: &'a RuleOptions,
}

impl Ctx<'_> {
    pub fn profile_is(&self, name: &str) -> bool {
        self.options.profile.as_deref() == Some(name)
    }
}

/// Every rule's name and check.
pub fn all() -> Vec<(&'static str, Check)> {
    [
        document::RULES,
        types::RULES,
        grants::RULES,
        pkce::RULES,
        redirects::RULES,
        native_redirects::RULES,
        other_uris::RULES,
        secrets::RULES,
        metadata::RULES,
    ]
    .concat()
}
