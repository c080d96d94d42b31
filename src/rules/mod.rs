//! The checks, grouped by category. Each category file lists its rules in `RULES`; a rule is a
//! function over one client that pushes findings, with no I/O. Metadata and docs come from
//! `lints/<name>.md` (see `registry.rs`).

mod document;
mod grants;
mod hardening;
mod metadata;
mod pkce;
mod redirects;
mod secrets;
mod tokens;
mod types;
mod undecided;

use crate::finding::Finding;
use crate::infer::Inference;
use crate::model::Client;
use crate::uri::Redirect;

pub use undecided::{undecided, Undecided};

/// What a rule runs on.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Reported by the engine itself: while reading files (`parse-error`, `duplicate-key`), or across
    /// the clients of a run (`cross.rs`).
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
    pub limits: Limits,
}

/// Policy thresholds, in seconds: linter defaults from RULES.md §2 F, not numbers from any spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// `long-lived-refresh-token-public-client`: absolute refresh-token lifetime of a browser app.
    pub refresh_token_public: u64,
    /// `long-lived-access-token`: tokens of a public client, or bearer tokens.
    pub access_token_bearer: u64,
    /// `long-lived-access-token`: sender-constrained tokens of a confidential client.
    pub access_token_bound: u64,
    /// `long-authorization-code-lifetime` (`--profile fapi2` lowers it to 60 s).
    pub authorization_code: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            refresh_token_public: 30 * 86_400,
            access_token_bearer: 3600,
            access_token_bound: 86_400,
            authorization_code: 600,
        }
    }
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
        secrets::RULES,
        metadata::RULES,
        tokens::RULES,
        hardening::RULES,
    ]
    .concat()
}
