//! Which rules run and how: `--select`, `--ignore`, `--pedantic`, `--profile`.
//! (`.oauthlint.toml` files arrive with the configuration issue; `--no-config` is accepted already.)

use crate::registry::{self, Default, Rule};
use crate::rules::RuleOptions;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub rule_options: RuleOptions,
    /// Rule names or categories; when given, only these run (plus `parse-error`).
    pub select: Vec<String>,
    pub ignore: Vec<String>,
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
                let hint = registry::all()
                    .iter()
                    .map(|r| r.name)
                    .min_by_key(|r| edit_distance(r, name))
                    .filter(|r| edit_distance(r, name) <= 3)
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
                let selected = if self.select.is_empty() {
                    self.on_by_default(r)
                } else {
                    self.select
                        .iter()
                        .any(|s| s == "all" && self.on_by_default(r) || matches(r, s))
                };
                (selected || r.name == "parse-error") && !self.ignore.iter().any(|s| matches(r, s))
            })
            .map(|r| r.name)
            .collect()
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

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
