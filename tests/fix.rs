//! Every fixture with a fix, in every format, fixed with `--fix` and with `--unsafe-fixes`: the
//! file still parses, the fixed findings are gone, no finding appears that was not there, the
//! edits stay on the lines of the fixed findings, and a second run changes nothing. Then the
//! command line end to end: `--fix` writes, `--diff` shows and writes nothing.

mod common;

use oauthlint::config::Settings;
use oauthlint::document::members::Members;
use oauthlint::finding::{Finding, Severity};
use oauthlint::fix::apply::{fix_rounds, fix_text, Mode, MAX_ROUNDS};
use oauthlint::fix::render::{document_for, newline, render};
use oauthlint::lint::FileReport;
use similar::{DiffOp, TextDiff};
use std::collections::{BTreeSet, HashMap};
use std::process::Command;

/// The 0-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count()
}

fn parse_errors(r: &FileReport) -> usize {
    r.findings
        .iter()
        .filter(|f| f.rule == "parse-error" && f.severity == Some(Severity::Error))
        .count()
}

/// Findings as a multiset of (rule, message): pointers move when a list item goes, and line
/// numbers in messages (`here and at a.json:6`) when lines go.
fn tally(r: &FileReport) -> HashMap<(&'static str, String), usize> {
    let mut out = HashMap::new();
    for f in &r.findings {
        let message: String = f.message.chars().filter(|c| !c.is_ascii_digit()).collect();
        *out.entry((f.rule, message)).or_insert(0) += 1;
    }
    out
}

/// The lines a fix of `f` may touch: the finding's own, and those its edits cover (an insertion
/// after a line touches the next one).
fn allowed_lines(text: &str, before: &FileReport, f: &Finding, out: &mut BTreeSet<usize>) {
    out.extend(line_of(text, f.span.start)..=line_of(text, f.span.end));
    let docs = oauthlint::document::parse_all(&before.text, before.syntax.unwrap()).unwrap();
    let (Some(doc), Some(fix)) = (document_for(&docs, f.document_index()), &f.fix) else {
        return;
    };
    for e in render(text, newline(text), doc, fix, &Members::default()).unwrap_or_default() {
        out.extend(line_of(text, e.span.start)..=line_of(text, e.span.end) + 1);
    }
}

/// The lines of `old` that `new` changes (an insertion counts as the line it goes before).
fn changed_lines(old: &str, new: &str) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    for op in TextDiff::from_lines(old, new).ops() {
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Insert { old_index, .. } => {
                out.insert(old_index);
            }
            DiffOp::Delete { old_index, old_len, .. } | DiffOp::Replace { old_index, old_len, .. } => {
                out.extend(old_index..old_index + old_len)
            }
        }
    }
    out
}

/// Fixtures whose fixes are known to fall short, with why; each must still fail, so the list only
/// shrinks. The engine does not edit documents held in a string (a ConfigMap's files); the others
/// are unsafe fixes that leave or bring a finding of another rule.
const KNOWN: &[(&str, &str)] = &[
    (
        "fixtures/pulumi/Pulumi.yaml (--unsafe-fixes)",
        "the https fix keeps the URI's wildcard, so the wildcard finding names the new URI",
    ),
    (
        "fixtures/keycloak/duplicate-client-id.bad.json (--unsafe-fixes)",
        "http -> https changes the duplicate-client-id finding",
    ),
    (
        "fixtures/terraform/duplicate-client-id.keycloak.bad.tf (--unsafe-fixes)",
        "http -> https changes the duplicate-client-id finding",
    ),
    (
        "fixtures/zitadel/app.json (--unsafe-fixes)",
        "http -> https changes the mixed-platform-redirect-uris finding (it names the first web URI), which was there before",
    ),
];

#[test]
fn every_fixture_with_a_fix_is_fixed_cleanly_in_every_format() {
    let settings = Settings::default();
    let mut exercised = 0;
    let mut failures = Vec::new();
    for path in common::fixtures() {
        let name = path.to_string_lossy().replace('\\', "/");
        let Ok(text) = std::fs::read_to_string(common::root().join(&path)) else {
            continue;
        };
        if name.ends_with(".md") {
            continue;
        }
        let before = common::lint_with(&name, &text, &settings);
        for mode in [Mode { unsafe_fixes: false }, Mode { unsafe_fixes: true }] {
            let fixable: Vec<&Finding> = before
                .findings
                .iter()
                .filter(|f| f.fix.as_ref().is_some_and(|fix| mode.allows(fix)))
                .collect();
            if fixable.is_empty() {
                continue;
            }
            exercised += 1;
            let label = format!(
                "{name} ({})",
                if mode.unsafe_fixes { "--unsafe-fixes" } else { "--fix" }
            );
            let fixed = fix_text(&name, &text, &settings, mode, &|_| false);
            if let Some(e) = &fixed.error {
                failures.push(format!("{label}: {e}"));
                continue;
            }
            let after = common::lint_with(&name, &fixed.text, &settings);
            if parse_errors(&after) > parse_errors(&before) {
                failures.push(format!("{label}: no longer parses:\n{}", fixed.text));
                continue;
            }
            let (was, now) = (tally(&before), tally(&after));
            for f in &fixable {
                let message: String = f.message.chars().filter(|c| !c.is_ascii_digit()).collect();
                if now.contains_key(&(f.rule, message)) {
                    failures.push(format!(
                        "{label}: {} still fires at {}: {}",
                        f.rule, f.pointer, f.message
                    ));
                }
            }
            for (key, n) in &now {
                if was.get(key).is_none_or(|m| n > m) {
                    failures.push(format!("{label}: new finding {}: {}", key.0, key.1));
                }
            }
            // Round by round (a fix can give another finding its fix), each round changes only the
            // lines of the findings it fixes.
            let mut step = text.clone();
            for round in 1..=MAX_ROUNDS {
                let linted = common::lint_with(&name, &step, &settings);
                let next = fix_rounds(&name, &step, &settings, mode, &|_| false, 1);
                if next.text == step {
                    break;
                }
                let mut allowed = BTreeSet::new();
                for f in linted
                    .findings
                    .iter()
                    .filter(|f| f.fix.as_ref().is_some_and(|fix| mode.allows(fix)))
                {
                    allowed_lines(&step, &linted, f, &mut allowed);
                }
                let stray: Vec<usize> = changed_lines(&step, &next.text)
                    .difference(&allowed)
                    .map(|l| l + 1)
                    .collect();
                if !stray.is_empty() {
                    failures.push(format!(
                        "{label}: round {round} changed lines {stray:?}, not those of the findings it fixed"
                    ));
                }
                step = next.text;
            }
            let again = fix_text(&name, &fixed.text, &settings, mode, &|_| false);
            if again.text != fixed.text || again.fixed != 0 {
                failures.push(format!("{label}: a second run changes it again"));
            }
        }
    }
    assert!(exercised > 0, "no fixture has a fix");
    let (known, new): (Vec<&String>, Vec<&String>) = failures
        .iter()
        .partition(|f| KNOWN.iter().any(|(label, _)| f.starts_with(label)));
    assert!(
        new.is_empty(),
        "{}",
        new.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
    let stale: Vec<String> = KNOWN
        .iter()
        .filter(|(label, _)| !known.iter().any(|f| f.starts_with(label)))
        .map(|(label, why)| format!("{label} ({why})"))
        .collect();
    assert!(
        stale.is_empty(),
        "fixed now, take them off KNOWN:\n{}",
        stale.join("\n")
    );
}

fn oauthlint(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oauthlint"))
        .current_dir(dir)
        .args(["check", "--no-config", "--no-baseline", "--color", "never"])
        .args(args)
        .output()
        .unwrap()
}

const SPA: &str = "{\n  // the shop's SPA\n  \"client_id\": \"spa\",\n  \"token_endpoint_auth_method\": \"none\",\n  \"redirect_uris\": [\"https://shop.example.com/cb\"],\n  \"grant_types\": [\"implicit\", \"authorization_code\"]\n}\n";

#[test]
fn fix_writes_in_place_and_diff_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spa.jsonc");
    std::fs::write(&file, SPA).unwrap();

    let diff = oauthlint(dir.path(), &["--diff", "spa.jsonc"]);
    assert_eq!(diff.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&diff.stdout),
        "--- a/spa.jsonc\n+++ b/spa.jsonc\n@@ -3,5 +3,5 @@\n   \"client_id\": \"spa\",\n   \"token_endpoint_auth_method\": \"none\",\n   \"redirect_uris\": [\"https://shop.example.com/cb\"],\n-  \"grant_types\": [\"implicit\", \"authorization_code\"]\n+  \"grant_types\": [\"authorization_code\"]\n }\n"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SPA, "--diff wrote the file");

    let fix = oauthlint(dir.path(), &["--fix", "--format", "concise", "spa.jsonc"]);
    assert_eq!(fix.status.code(), Some(0), "{}", String::from_utf8_lossy(&fix.stderr));
    assert!(String::from_utf8_lossy(&fix.stderr).contains("Fixed 1 finding (0 left)"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        SPA.replace("\"implicit\", ", "")
    );

    // Nothing left to do: no diff, exit 0.
    let again = oauthlint(dir.path(), &["--diff", "spa.jsonc"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
}

#[test]
fn fixable_findings_are_marked_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spa.jsonc"), SPA).unwrap();
    let out = oauthlint(dir.path(), &["--format", "concise", "spa.jsonc"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "spa.jsonc:6:19: error[implicit-grant] [*] the implicit grant returns access tokens in the browser's URL\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 fixable with --fix"));
    let json = oauthlint(dir.path(), &["--format", "json", "spa.jsonc"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        doc["findings"][0]["fix"],
        serde_json::json!({
            "applicability": "safe",
            "title": "drop the implicit grant",
            "edits": [{
                "span": { "start": {"line": 6, "column": 19, "offset": 154}, "end": {"line": 6, "column": 31, "offset": 166} },
                "replacement": ""
            }]
        })
    );
    assert_eq!(doc["summary"]["fixable"], 1);
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oauthlint"))
        .args(["check", "--no-config", "--fix", "-", "--stdin-filename", "spa.jsonc"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(SPA.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), SPA.replace("\"implicit\", ", ""));
    assert_eq!(out.status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_refuses_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("spa.jsonc");
    std::fs::write(&file, SPA).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("spa.jsonc", dir.path().join("link.jsonc")).unwrap();

    let refused = oauthlint(dir.path(), &["--fix", "link.jsonc"]);
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), SPA);

    let fixed = oauthlint(dir.path(), &["--fix", "spa.jsonc"]);
    assert_eq!(fixed.status.code(), Some(0));
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "a temporary file was left behind"
    );
}

#[test]
fn a_file_that_does_not_parse_is_never_touched() {
    let broken = format!("{}\n{{", SPA);
    let fixed = fix_text(
        "spa.jsonc",
        &broken,
        &Settings::default(),
        Mode { unsafe_fixes: true },
        &|_| false,
    );
    assert_eq!(fixed.text, broken);
    assert_eq!(fixed.fixed, 0);
}
