//! Which rules run and how, for one file: the defaults, then its `.oauthlint.toml` files
//! (`file.rs`, found by `resolve.rs`), then the command line's flags.

mod file;
mod resolve;
pub mod schema;

pub use file::{parse, ConfigError, ConfigFile, IgnoreEntry, PinnedClient, RuleConfig, FILE_NAME, TOP_KEYS};
pub use resolve::{Configs, Flags, Reach};

use crate::finding::Severity;
use crate::infer::ClientType;
use crate::registry::{self, Default, Rule};
use crate::rules::RuleOptions;
use crate::spelling::suggest;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub rule_options: RuleOptions,
    /// Rule names or categories; when given, only these run (plus `parse-error`).
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// `enabled` of a `[rules.NAME]` table: turns a rule off, or a pedantic or profile rule on.
    pub enabled_rules: BTreeMap<&'static str, bool>,
    /// `severity` of a `[rules.NAME]` table: every finding of the rule gets it.
    pub severities: BTreeMap<&'static str, Severity>,
    /// The `[[ignore]]` entries whose `files` match this file and that have not expired.
    pub ignores: Vec<Ignore>,
    /// Client types pinned by `[clients."FILE#POINTER"]` for this file, by the client's pointer.
    pub pinned: Vec<(String, ClientType)>,
    /// Keep each whole client in the report (`inspect` prints it); linting keeps a summary.
    pub keep_clients: bool,
}

/// Findings of `rules` at or under `pointer` are suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub pointer: Option<String>,
    pub rules: Vec<&'static str>,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown rule or category `{name}`{hint}")]
pub struct UnknownRule {
    pub name: String,
    hint: String,
}

impl Settings {
    /// Checks that every selector names a rule or a category.
    pub fn validate(&self) -> Result<(), UnknownRule> {
        for name in self.select.iter().chain(&self.ignore) {
            if name != "all" && !registry::all().iter().any(|r| matches(r, name)) {
                let hint = suggest(name, registry::all().iter().map(|r| r.name))
                    .map(|r| format!(" (did you mean `{r}`?)"))
                    .unwrap_or_default();
                return Err(UnknownRule {
                    name: name.clone(),
                    hint,
                });
            }
        }
        Ok(())
    }

    /// The names of the rules that run.
    pub fn enabled(&self) -> BTreeSet<&'static str> {
        registry::all()
            .iter()
            .filter(|r| {
                let on = self
                    .enabled_rules
                    .get(r.name)
                    .copied()
                    .unwrap_or_else(|| self.on_by_default(r));
                let selected = if self.select.is_empty() {
                    on
                } else {
                    r.name == "parse-error" || self.select.iter().any(|s| s == "all" && on || matches(r, s))
                };
                selected && !self.ignore.iter().any(|s| matches(r, s))
            })
            .map(|r| r.name)
            .collect()
    }

    /// Applies one `[rules.NAME]` table.
    pub fn apply(&mut self, rule: &RuleConfig) {
        if let Some(on) = rule.enabled {
            self.enabled_rules.insert(rule.rule, on);
        }
        if let Some(severity) = rule.severity {
            self.severities.insert(rule.rule, severity);
        }
        for &(option, value) in &rule.options {
            self.rule_options.values.insert((rule.rule, option), value);
        }
    }

    fn on_by_default(&self, r: &Rule) -> bool {
        match &r.default {
            Default::On => true,
            Default::Pedantic => self.rule_options.pedantic,
            Default::Profile(p) => self.rule_options.profile.as_deref() == Some(p.as_str()),
        }
    }
}

fn matches(rule: &Rule, selector: &str) -> bool {
    rule.name == selector || rule.category == selector
}
