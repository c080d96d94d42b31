//! The checks, grouped by category. Each category file lists its rules in `RULES`; a rule is a
//! function over one client that pushes findings, with no I/O. Metadata and docs come from
//! `lints/<name>.md` (see `registry.rs`).

pub mod algorithms;
mod document;
mod grants;
mod keys;
mod metadata;
mod metadata_values;
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
        algorithms::RULES,
        keys::RULES,
        metadata_values::RULES,
    ]
    .concat()
}

/// What the rules' unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    use crate::config::Settings;
    use crate::finding::Severity;

    /// `(severity, pointer)` of `rule`'s findings on a JSON document, `--pedantic` or not.
    pub fn findings_of(rule: &str, json: &str, pedantic: bool) -> Vec<(Severity, String)> {
        let mut settings = Settings::default();
        settings.rule_options.pedantic = pedantic;
        let report = crate::lint_bytes("t.json", json.as_bytes(), &settings);
        let mine = report.findings.into_iter().filter(|f| f.rule == rule);
        mine.map(|f| (f.severity.unwrap(), f.pointer.as_str().to_string()))
            .collect()
    }
}
