//! The checks, grouped by category. Each category file lists its rules in `RULES`; a rule is a
//! function over one client that pushes findings, with no I/O. Metadata and docs come from
//! `lints/<name>.md` (see `registry.rs`).

pub mod algorithms;
mod auth;
mod document;
mod fixes;
mod grants;
mod hardening;
mod keys;
mod metadata;
mod metadata_values;
mod native_redirects;
mod other_uris;
mod pkce;
mod platforms;
mod redirects;
mod secrets;
mod shape;
mod tokens;
mod types;
mod undecided;

use crate::finding::Finding;
use crate::infer::Inference;
use crate::model::Client;
use crate::uri::Redirect;
use std::collections::BTreeMap;

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
    /// `--allow-dev-loopback`: `redirect-uri-http` reports an http loopback redirect of a web or
    /// browser app as a warning, not an error (ignored under `--profile oauth21`).
    pub allow_dev_loopback: bool,
    /// `--strict`: `weak-client-secret` also warns below 160 bits.
    pub strict: bool,
    /// Configured values of rule options (`[rules.NAME]` in `.oauthlint.toml`), by rule and option.
    pub values: BTreeMap<(&'static str, &'static str), u64>,
    /// The time the findings are for, in seconds since the Unix epoch: the CLI reads the system clock,
    /// so that rules do no I/O and tests pick their own date. `None` leaves out what depends on it
    /// (certificate expiry in `jwks-key-hygiene`).
    pub now: Option<u64>,
    /// The placeholder syntaxes: the built-in grammar and the configuration's `placeholders`.
    pub placeholders: crate::placeholder::Placeholders,
}

impl RuleOptions {
    /// A policy threshold: the configured value, else the default the rule's doc declares.
    pub fn value(&self, rule: &'static str, option: &'static str) -> u64 {
        self.values
            .get(&(rule, option))
            .copied()
            .unwrap_or_else(|| crate::registry::option_default(rule, option))
    }
}

/// Everything a client rule may look at.
pub struct Ctx<'a> {
    pub client: &'a Client,
    /// The client's redirect URIs, analysed once (whole placeholders left out).
    pub redirects: &'a [Redirect<'a>],
    pub inference: &'a Inference,
    pub options: &'a RuleOptions,
}

impl Ctx<'_> {
    /// The facts of a URI value, read with the configured placeholders.
    pub fn analyze(&self, raw: &str) -> crate::uri::UriFacts {
        crate::uri::analyze(raw, &self.options.placeholders)
    }
    /// Whether `value` holds a placeholder (built-in or configured).
    pub fn placeholder(&self, value: &str) -> bool {
        self.options.placeholders.any(value)
    }

    pub fn profile_is(&self, name: &str) -> bool {
        self.options.profile.as_deref() == Some(name)
    }
}

/// Every rule's name and check.
pub fn all() -> Vec<(&'static str, Check)> {
    [
        document::RULES,
        types::RULES,
        platforms::RULES,
        grants::RULES,
        pkce::RULES,
        redirects::RULES,
        native_redirects::RULES,
        other_uris::RULES,
        secrets::RULES,
        auth::RULES,
        metadata::RULES,
        shape::RULES,
        tokens::RULES,
        hardening::RULES,
        algorithms::RULES,
        keys::RULES,
        metadata_values::RULES,
    ]
    .concat()
}

/// What the rule tests of the category files look at: one rule's findings on a file, as
/// `(severity, pointer)`.
#[cfg(test)]
pub(crate) fn findings_of(
    rule: &str,
    path: &str,
    text: &str,
    pedantic: bool,
) -> Vec<(crate::finding::Severity, String)> {
    let settings = crate::config::Settings {
        rule_options: RuleOptions {
            pedantic,
            ..RuleOptions::default()
        },
        select: vec![rule.to_string()],
        ..crate::config::Settings::default()
    };
    crate::lint_bytes(path, text.as_bytes(), &settings)
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| {
            (
                f.severity.expect("filled in by the engine"),
                f.pointer.as_str().to_string(),
            )
        })
        .collect()
}

/// The first client an adapter reads from `text`, for tests that then set fields no adapter fills.
#[cfg(test)]
pub(crate) fn client_of(path: &str, text: &str) -> Client {
    let settings = crate::config::Settings {
        keep_clients: true,
        ..Default::default()
    };
    let report = crate::lint_bytes(path, text.as_bytes(), &settings);
    let kept = report.clients.into_iter().next().expect("the text holds a client");
    *kept.client.expect("kept by the settings")
}

/// Runs one check on `client` as the engine would, before confidence gating.
#[cfg(test)]
pub(crate) fn check_client(client: &Client, check: fn(&Ctx, &mut Vec<Finding>), pedantic: bool) -> Vec<Finding> {
    let redirects = crate::uri::redirects(client, &Default::default());
    let inference = crate::infer::infer(client, &redirects);
    let options = RuleOptions {
        pedantic,
        ..RuleOptions::default()
    };
    let cx = Ctx {
        client,
        redirects: &redirects,
        inference: &inference,
        options: &options,
    };
    let mut out = Vec::new();
    check(&cx, &mut out);
    out
}
