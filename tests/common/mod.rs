//! Helpers shared by the integration tests.
#![allow(dead_code)]

use oauthlint::config::Settings;
use oauthlint::lint::{ClientReport, FileReport};
use oauthlint::model::{Client, Grant};
use oauthlint::registry;
use oauthlint::rules::RuleOptions;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lints a text as if it were the file `name` (its extension picks the syntax).
pub fn lint(name: &str, text: &str) -> FileReport {
    lint_with(name, text, &Settings::default())
}

/// Keeps each whole client, for [`whole`].
pub fn lint_with(name: &str, text: &str, settings: &Settings) -> FileReport {
    let settings = Settings {
        keep_clients: true,
        ..settings.clone()
    };
    oauthlint::lint_bytes(name, text.as_bytes(), &settings)
}

/// The whole client of a report linted by [`lint_with`].
pub fn whole(report: &ClientReport) -> &Client {
    report.client.as_deref().expect("lint_with keeps whole clients")
}

/// The default rules with `--pedantic`, so advisories that need it are shown too.
pub fn pedantic() -> Settings {
    Settings {
        rule_options: RuleOptions {
            pedantic: true,
            ..RuleOptions::default()
        },
        ..Settings::default()
    }
}

/// Lints the project's file `path` (a fixture) with `settings`.
pub fn lint_fixture(path: &str, settings: &Settings) -> FileReport {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    lint_with(path, &text, settings)
}

/// The rules that fired on the client at `index`.
pub fn fired_on(report: &FileReport, index: usize) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.client == Some(oauthlint::finding::index(index)))
        .map(|f| f.rule)
        .collect()
}

/// The grants of the client at `index`.
pub fn grants(report: &FileReport, index: usize) -> Vec<Grant> {
    let c = whole(&report.clients[index]);
    c.grants
        .iter()
        .flat_map(|l| l.iter())
        .map(|g| g.value.clone())
        .collect()
}

/// The date the fixtures are checked at, 2026-01-01 00:00 UTC, so date-dependent findings (an expired
/// certificate) do not change with the clock.
pub const NOW: u64 = 1_767_225_600;

/// Settings that turn on `rule` alone, whatever its default, so examples and fixtures of pedantic
/// and profile rules run.
pub fn settings_for(rule: &registry::Rule) -> Settings {
    let profile = match &rule.default {
        registry::Default::Profile(p) => Some(p.clone()),
        _ => None,
    };
    Settings {
        rule_options: RuleOptions {
            pedantic: true,
            profile,
            now: Some(NOW),
            ..RuleOptions::default()
        },
        select: vec![rule.name.to_string()],
        ..Settings::default()
    }
}

/// The rules that fired, in output order.
pub fn rules_fired(report: &FileReport) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.rule).collect()
}

/// Every fixture file under `fixtures/`, sorted, relative to the crate root.
pub fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("fixtures"), &mut out);
    out.into_iter()
        .map(|p| p.strip_prefix(root()).unwrap().to_path_buf())
        .collect()
}

/// The binary, run from the crate root with no colour-forcing environment leaking in.
pub fn oauthlint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("oauthlint").unwrap();
    cmd.current_dir(root())
        .env_remove("FORCE_COLOR")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// The official SARIF 2.1.0 schema, with its one `language` pattern that strict regex engines reject
/// rewritten to what it means (the jsonschema crate's regex engine refuses the original).
pub fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap();
    let patched = text.replace(
        r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#,
        r#"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"#,
    );
    assert_ne!(text, patched, "the schema's language pattern moved; update the patch");
    let schema: serde_json::Value = serde_json::from_str(&patched).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the patched schema compiles")
}
