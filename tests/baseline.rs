//! The baseline end to end (docs/baseline.md): `oauthlint baseline` records today's findings,
//! `check` reports and fails only on new ones, fixed entries are reported and pruned, and a broken
//! baseline is a usage error.

mod common;

use common::oauthlint;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

const REALM: &str = r#"{
  "realm": "shop",
  "clients": [
    {
      "clientId": "spa",
      "publicClient": true,
      "implicitFlowEnabled": true,
      "redirectUris": ["http://shop.example.com/cb"]
    },
    {
      "clientId": "backend",
      "publicClient": false,
      "secret": "x7Rk2mQ9vLp4Wn8Zt3Yb6Hc1Jd5Fg0Sa",
      "redirectUris": ["https://backend.example.com/cb"]
    }
  ]
}
"#;

/// A repository (it has `.git`) with the realm in `realms/shop.json`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), REALM);
    dir
}

fn realm(dir: &Path) -> PathBuf {
    dir.join("realms/shop.json")
}

fn write(dir: &Path, text: &str) {
    fs::create_dir_all(dir.join("realms")).unwrap();
    fs::write(realm(dir), text).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    oauthlint().current_dir(dir).args(args).output().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(dir: &Path, args: &[&str]) -> (Value, Option<i32>) {
    let out = run(dir, &[args, &["--format", "json"]].concat());
    (serde_json::from_slice(&out.stdout).unwrap(), out.status.code())
}

fn baseline_file(dir: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(dir.join(".oauthlint-baseline.json")).unwrap()).unwrap()
}

#[test]
fn a_baselined_repository_passes_and_counts_what_it_accepted() {
    let dir = repo();
    let before = run(dir.path(), &["check"]);
    assert_eq!(before.status.code(), Some(1), "the realm has findings");
    let total = String::from_utf8_lossy(&before.stdout).lines().count();

    let wrote = run(dir.path(), &["baseline"]);
    assert_eq!(wrote.status.code(), Some(0), "{}", stderr(&wrote));
    assert!(
        stderr(&wrote).contains(&format!("recorded {total} finding(s)")),
        "{}",
        stderr(&wrote)
    );

    let after = run(dir.path(), &["check"]);
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    assert_eq!(after.stdout, b"");
    assert!(stderr(&after).contains(&format!("{total} finding(s) in the baseline")));

    let (doc, code) = json(dir.path(), &["check"]);
    assert_eq!(code, Some(0));
    assert_eq!(doc["findings"], Value::Array(vec![]));
    assert_eq!(doc["summary"]["baselined"], total);
    assert_eq!(doc["baseline"]["path"], ".oauthlint-baseline.json");
    assert_eq!(doc["baseline"]["fixed"], Value::Array(vec![]));

    let full = run(dir.path(), &["check", "--format", "full"]);
    assert!(String::from_utf8_lossy(&full.stdout).contains(&format!("; {total} baselined")));
    let markdown = run(dir.path(), &["check", "--format", "markdown"]);
    assert!(
        String::from_utf8_lossy(&markdown.stdout).contains(&format!("{total} finding(s) in the baseline not shown"))
    );

    // --no-baseline shows everything again.
    assert_eq!(run(dir.path(), &["check", "--no-baseline"]).status.code(), Some(1));
}

#[test]
fn the_baseline_file_is_sorted_reviewable_and_holds_no_secret() {
    let dir = repo();
    assert_eq!(run(dir.path(), &["baseline"]).status.code(), Some(0));
    let text = fs::read_to_string(dir.path().join(".oauthlint-baseline.json")).unwrap();
    assert!(!text.contains("x7Rk2mQ9vLp4Wn8Zt3Yb6Hc1Jd5Fg0Sa"), "{text}");
    // Messages show a secret only in the redacted form every output uses.
    assert!(text.contains("…(32 chars)"), "{text}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["fingerprint_version"], oauthlint::fingerprint::VERSION);
    let entries = doc["findings"].as_array().unwrap();
    let keys: Vec<(String, String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("path"), s("rule"), s("client"), s("fingerprint"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let implicit = entries.iter().find(|e| e["rule"] == "implicit-grant").unwrap();
    assert_eq!(implicit["path"], "realms/shop.json");
    assert_eq!(implicit["client"], "spa");
    assert!(implicit["message"].as_str().unwrap().contains("implicit"));
    // Written twice, byte for byte the same.
    assert_eq!(run(dir.path(), &["baseline"]).status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join(".oauthlint-baseline.json")).unwrap(),
        text
    );
}

#[test]
fn a_new_finding_still_fails_the_run_and_is_the_only_one_reported() {
    let dir = repo();
    run(dir.path(), &["baseline"]);
    // A new http redirect URI before the old one, and the file reformatted.
    let edited = REALM.replace(
        r#""redirectUris": ["http://shop.example.com/cb"]"#,
        r#""redirectUris": ["http://evil.example.com/cb", "http://shop.example.com/cb"]"#,
    );
    let minified = serde_json::to_string(&serde_json::from_str::<Value>(&edited).unwrap()).unwrap();
    write(dir.path(), &minified);
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(String::from).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("redirect-uri-http") && lines[0].contains("http://evil.example.com/cb"));

    let log: Value = serde_json::from_slice(&run(dir.path(), &["check", "--format", "sarif"]).stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["baselineState"], "new");
    let notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("in the baseline"));
    // Without a baseline, no result claims a baseline state.
    let plain: Value =
        serde_json::from_slice(&run(dir.path(), &["check", "--format", "sarif", "--no-baseline"]).stdout).unwrap();
    assert!(plain["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r.get("baselineState").is_none()));
}

#[test]
fn fixed_entries_are_reported_and_prune_drops_only_them() {
    let dir = repo();
    run(dir.path(), &["baseline"]);
    let recorded = baseline_file(dir.path())["findings"].as_array().unwrap().len();
    write(dir.path(), &REALM.replace(r#""implicitFlowEnabled": true,"#, ""));

    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("fixed since the baseline: 1 entry,"), "{err}");
    assert!(
        err.contains("implicit-grant in realms/shop.json (client `spa`)"),
        "{err}"
    );
    let (doc, _) = json(dir.path(), &["check"]);
    let fixed = doc["baseline"]["fixed"].as_array().unwrap();
    assert_eq!(fixed.len(), 1);
    assert_eq!(fixed[0]["rule"], "implicit-grant");

    let pruned = run(dir.path(), &["baseline", "--prune"]);
    assert_eq!(pruned.status.code(), Some(0), "{}", stderr(&pruned));
    assert!(
        stderr(&pruned).contains("dropped 1 entry (fixed)"),
        "{}",
        stderr(&pruned)
    );
    let entries = baseline_file(dir.path())["findings"].as_array().unwrap().clone();
    assert_eq!(entries.len(), recorded - 1);
    assert!(entries.iter().all(|e| e["rule"] != "implicit-grant"));
    let (doc, code) = json(dir.path(), &["check"]);
    assert_eq!((code, doc["baseline"]["fixed"].as_array().unwrap().len()), (Some(0), 0));
}

#[test]
fn prune_adds_no_new_finding_and_a_file_outside_the_run_keeps_its_entries() {
    let dir = repo();
    fs::write(dir.path().join("other.json"), REALM).unwrap();
    run(dir.path(), &["baseline"]);
    let recorded = baseline_file(dir.path())["findings"].as_array().unwrap().len();
    write(
        dir.path(),
        &REALM.replace("https://backend.example.com/cb", "http://backend.example.com/cb"),
    );
    // Only realms/ is linted: other.json's entries are neither matched nor fixed.
    assert_eq!(
        run(dir.path(), &["baseline", "--prune", "realms"]).status.code(),
        Some(0)
    );
    assert_eq!(
        baseline_file(dir.path())["findings"].as_array().unwrap().len(),
        recorded
    );
    assert_eq!(
        run(dir.path(), &["check"]).status.code(),
        Some(1),
        "the new finding still fails"
    );
}

#[test]
fn a_moved_file_reports_its_findings_as_new_with_a_hint() {
    let dir = repo();
    run(dir.path(), &["baseline"]);
    fs::create_dir(dir.path().join("archive")).unwrap();
    fs::rename(realm(dir.path()), dir.path().join("archive/shop.json")).unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a moved file's findings are not matched by path alone"
    );
    assert!(
        stderr(&out).contains("a finding like it is new in archive/shop.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_baseline_is_found_at_the_repository_root_from_a_subfolder() {
    let dir = repo();
    run(dir.path(), &["baseline"]);
    let out = run(&dir.path().join("realms"), &["check", "shop.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // And --baseline names another file, relative to the current folder.
    fs::rename(
        dir.path().join(".oauthlint-baseline.json"),
        dir.path().join("realms/accepted.json"),
    )
    .unwrap();
    assert_eq!(
        run(&dir.path().join("realms"), &["check", "shop.json"]).status.code(),
        Some(1)
    );
    let out = run(
        &dir.path().join("realms"),
        &["check", "shop.json", "--baseline", "accepted.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_corrupt_future_or_missing_baseline_is_a_usage_error() {
    let dir = repo();
    let path = dir.path().join(".oauthlint-baseline.json");
    let cases = [
        ("{\"version\": 1, \"fingerprint_version\"", "not valid JSON"),
        ("{\"version\": 2, \"findings\": []}", "newer than this oauthlint reads"),
        ("[]", "not an oauthlint baseline"),
        (
            "{\"version\": 1, \"fingerprint_version\": 2, \"findings\": [{\"path\": \"a\", \"rule\": \"r\", \"fingerprint\": \"\\u001b[2J\", \"message\": \"m\"}]}",
            "is not 32 lowercase hex digits",
        ),
    ];
    let deep = format!("{{\"version\": 1, \"findings\": {}", "[".repeat(100_000));
    let cases = cases
        .iter()
        .map(|&(t, says)| (t.to_string(), says))
        .chain([(deep, "not valid JSON")]);
    for (text, says) in cases {
        fs::write(&path, &text).unwrap();
        let out = run(dir.path(), &["check"]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = stderr(&out);
        assert!(err.contains(says), "{text}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "control characters from the file reach the terminal: {err:?}"
        );
        assert_eq!(out.stdout, b"", "nothing is linted");
    }
    fs::remove_file(&path).unwrap();
    let missing = run(dir.path(), &["check", "--baseline", "nope.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        run(dir.path(), &["baseline", "--prune"]).status.code(),
        Some(2),
        "nothing to prune"
    );
}

#[test]
fn a_baseline_too_large_is_refused_before_it_is_parsed() {
    let dir = repo();
    let file = fs::File::create(dir.path().join(".oauthlint-baseline.json")).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));
}

#[test]
fn an_entry_matches_only_its_exact_fingerprint() {
    // An entry that agrees on path, rule, client and message but not on the fingerprint hides
    // nothing: a baseline can never make a new finding disappear.
    let dir = repo();
    run(dir.path(), &["baseline"]);
    let mut doc = baseline_file(dir.path());
    for e in doc["findings"].as_array_mut().unwrap() {
        e["fingerprint"] = Value::String("0".repeat(32));
    }
    fs::write(dir.path().join(".oauthlint-baseline.json"), doc.to_string()).unwrap();
    let (json, code) = json(dir.path(), &["check"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["summary"]["baselined"], 0);
}

#[test]
fn entries_of_rules_that_did_not_run_are_neither_matched_nor_fixed() {
    let dir = repo();
    run(dir.path(), &["baseline"]);
    let recorded = baseline_file(dir.path())["findings"].as_array().unwrap().len();
    let (doc, code) = json(dir.path(), &["check", "--select", "implicit-grant"]);
    assert_eq!(code, Some(0));
    assert_eq!(doc["summary"]["baselined"], 1);
    assert_eq!(doc["baseline"]["fixed"], Value::Array(vec![]));
    assert_eq!(
        run(dir.path(), &["baseline", "--prune", "--select", "implicit-grant"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        baseline_file(dir.path())["findings"].as_array().unwrap().len(),
        recorded
    );
}

#[cfg(unix)]
#[test]
fn writing_replaces_a_symlinked_baseline_instead_of_following_it() {
    let dir = repo();
    let elsewhere = dir.path().join("precious.txt");
    fs::write(&elsewhere, "keep me").unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.path().join(".oauthlint-baseline.json")).unwrap();
    assert_eq!(run(dir.path(), &["baseline"]).status.code(), Some(0));
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "keep me");
    assert_eq!(baseline_file(dir.path())["version"], 1);
}

#[test]
fn sarif_baselined_lists_held_back_findings_as_unchanged_and_fixed_entries_as_absent() {
    let dir = repo();
    run(dir.path(), &["baseline"]);
    let recorded = baseline_file(dir.path())["findings"].as_array().unwrap().len();
    // One finding fixed (the implicit flow), one new (a second http redirect).
    write(
        dir.path(),
        &REALM.replace(r#""implicitFlowEnabled": true,"#, "").replace(
            r#""http://shop.example.com/cb""#,
            r#""http://shop.example.com/cb", "http://evil.example.com/cb""#,
        ),
    );
    let out = run(dir.path(), &["check", "--format", "sarif", "--sarif-baselined"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let validator = common::sarif_validator();
    assert!(validator.validate(&log).is_ok(), "not valid SARIF 2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let state = |s: &str| results.iter().filter(|r| r["baselineState"] == s).collect::<Vec<_>>();
    let (new, unchanged, absent) = (state("new"), state("unchanged"), state("absent"));
    assert_eq!(new.len(), 1);
    assert!(new[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("http://evil.example.com/cb"));
    assert_eq!(unchanged.len(), recorded - 1);
    assert!(unchanged
        .iter()
        .all(|r| r["suppressions"][0]["kind"] == "external"
            && r["locations"][0]["physicalLocation"]["region"].is_object()));
    assert_eq!(absent.len(), 1);
    assert_eq!(absent[0]["ruleId"], "implicit-grant");
    assert_eq!(absent[0]["level"], "none");
    assert_eq!(
        absent[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "realms/shop.json"
    );
    assert!(absent[0]["locations"][0]["physicalLocation"].get("region").is_none());
    // Without the flag, only the new finding is a result.
    let out = run(dir.path(), &["check", "--format", "sarif"]);
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 1);
}
