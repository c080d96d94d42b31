//! The CI outputs end to end: SARIF against the official schema and GitHub's rules, annotations,
//! GitLab code quality, JUnit, JSON lines, the Markdown summary, `--output`, `--statistics`, and
//! that no secret reaches any of them.

mod common;

use common::oauthlint;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const IMPLICIT: &str = "fixtures/rfc7591/implicit-grant.bad.json";
const ALL_FORMATS: [&str; 9] = [
    "full", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit", "markdown",
];

fn stdout(args: &[&str]) -> String {
    String::from_utf8(oauthlint().args(args).output().unwrap().stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout(args)).expect("stdout is one JSON document")
}

/// `--output FORMAT=PATH`.
fn output_to(format: &str, path: &Path) -> [String; 2] {
    ["--output".into(), format!("{format}={}", path.display())]
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

// ---------------------------------------------------------------------------------------------
// SARIF
// ---------------------------------------------------------------------------------------------

fn schema_errors(log: &Value) -> Vec<String> {
    common::sarif_validator()
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// What GitHub code scanning needs beyond the schema (GitHub's "SARIF support for code scanning").
fn github_problems(log: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let runs = log["runs"].as_array().unwrap();
    if runs.len() != 1 {
        problems.push(format!("{} runs", runs.len()));
    }
    let run = &runs[0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    if ids.len() != ids.iter().collect::<BTreeSet<_>>().len() {
        problems.push("duplicate rule ids".into());
    }
    for r in rules {
        for key in ["shortDescription", "fullDescription"] {
            let n = r[key]["text"].as_str().map_or(0, |t| t.chars().count());
            if n == 0 || n > 1024 {
                problems.push(format!("{}: {key} has {n} characters", r["id"]));
            }
        }
        for key in ["text", "markdown"] {
            if r["help"][key].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{}: help.{key} missing", r["id"]));
            }
        }
    }
    for (i, res) in run["results"].as_array().unwrap().iter().enumerate() {
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        if ids.get(index) != res["ruleId"].as_str().as_ref() {
            problems.push(format!("result {i}: ruleIndex does not point at ruleId"));
        }
        let locations = res["locations"].as_array().unwrap();
        let artifact = &locations[0]["physicalLocation"]["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap_or("");
        if locations.len() != 1 || uri.is_empty() || uri.starts_with('/') || uri.contains(':') || uri.contains('\\') {
            problems.push(format!("result {i}: location {locations:?}"));
        }
        if artifact["uriBaseId"] != "%SRCROOT%" {
            problems.push(format!("result {i}: no uriBaseId"));
        }
        if res["partialFingerprints"]["oauthlint/v2"]
            .as_str()
            .is_none_or(|f| f.len() != 32)
        {
            problems.push(format!("result {i}: no fingerprint"));
        }
    }
    problems
}

#[test]
fn sarif_for_every_fixture_validates_against_the_official_schema_and_githubs_rules() {
    let log = json(&["fixtures/", "--format", "sarif"]);
    assert!(
        log["runs"][0]["results"].as_array().unwrap().len() > 50,
        "the fixtures hold many findings"
    );
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    assert_eq!(github_problems(&log), Vec::<String>::new());
}

#[test]
fn the_schema_check_catches_a_broken_log() {
    let mut log = json(&[IMPLICIT, "--format", "sarif"]);
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0.into();
    let errors = schema_errors(&log);
    assert!(errors.iter().any(|e| e.contains("fatal")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("startLine")), "{errors:?}");
}

#[test]
fn sarif_describes_the_tool_the_run_and_every_enabled_rule() {
    let log = json(&[IMPLICIT, "--format", "sarif"]);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "oauthlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["automationDetails"]["id"], "oauthlint/");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    let rules = driver["rules"].as_array().unwrap();
    let listed: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let rules_json = json(&["rules", "--format", "json"]);
    let on: Vec<&str> = rules_json
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["default"] == "on")
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, on, "rules[] is every enabled rule, sorted");

    let implicit = rules.iter().find(|r| r["id"] == "implicit-grant").unwrap();
    assert_eq!(implicit["defaultConfiguration"]["level"], "error");
    let tags = implicit["properties"]["tags"].as_array().unwrap();
    assert!(
        tags.contains(&"security".into()) && tags.contains(&"external/cwe/cwe-598".into()),
        "{tags:?}"
    );
    assert_eq!(implicit["properties"]["security-severity"], "8.0");
    assert_eq!(implicit["properties"]["precision"], "high");
    assert!(implicit["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
    // With --select, rules[] is what ran: the selection plus `parse-error`, which always runs.
    let selected = json(&[IMPLICIT, "--format", "sarif", "--select", "implicit-grant"]);
    let ids: Vec<&str> = selected["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["implicit-grant", "parse-error"]);
    // The syntax rules are problems, not security results.
    let parse = rules.iter().find(|r| r["id"] == "parse-error").unwrap();
    assert!(parse["properties"].get("security-severity").is_none(), "{parse:#}");
}

#[test]
fn sarif_results_carry_region_pointer_and_the_json_fingerprint() {
    let log = json(&[IMPLICIT, "--format", "sarif"]);
    let contract = json(&[IMPLICIT, "--format", "json"]);
    let result = &log["runs"][0]["results"][0];
    let finding = &contract["findings"][0];
    assert_eq!(result["ruleId"], finding["rule"]);
    assert_eq!(result["level"], finding["severity"]);
    let location = &result["locations"][0];
    assert_eq!(location["physicalLocation"]["artifactLocation"]["uri"], IMPLICIT);
    let region = &location["physicalLocation"]["region"];
    assert_eq!(region["startLine"], finding["span"]["start"]["line"]);
    assert_eq!(region["startColumn"], finding["span"]["start"]["column"]);
    assert_eq!(region["endLine"], finding["span"]["end"]["line"]);
    assert_eq!(region["endColumn"], finding["span"]["end"]["column"]);
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        finding["pointer"]
    );
    // Run from the repository root, SARIF and JSON agree on the fingerprint.
    assert_eq!(result["partialFingerprints"]["oauthlint/v2"], finding["fingerprint"]);
}

#[test]
fn every_result_has_its_own_fingerprint() {
    // Code scanning merges results with equal fingerprints: two findings of one rule at one pointer
    // (here two defaults contradicted by one redirect URI) must stay two.
    let twice = "fixtures/rfc7591/implicit-default-metadata.bad.json";
    let log = json(&[twice, "--format", "sarif"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mine: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "implicit-default-metadata")
        .collect();
    assert_eq!(mine.len(), 2);
    assert_ne!(
        mine[0]["partialFingerprints"]["oauthlint/v2"],
        mine[1]["partialFingerprints"]["oauthlint/v2"]
    );
    let log = json(&["fixtures", "--format", "sarif"]);
    let mut all: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"]["oauthlint/v2"].as_str().unwrap())
        .collect();
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count, "fingerprints repeat across the fixtures");
}

#[test]
fn sarif_related_locations_carry_the_secondary_spans() {
    let log = json(&["fixtures/rfc7591/duplicate-key.bad.json", "--format", "sarif"]);
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "duplicate-key");
    let related = &result["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "first occurrence, ignored");
    assert!(related["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
}

#[test]
fn sarif_category_sets_automation_details() {
    let log = json(&[IMPLICIT, "--format", "sarif", "--sarif-category", "clients"]);
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "clients/");
    let log = json(&[IMPLICIT, "--format", "sarif", "--sarif-category", "oauth/prod"]);
    assert_eq!(log["runs"][0]["automationDetails"]["id"], "oauth/prod");
    oauthlint().args([IMPLICIT, "--sarif-category", " "]).assert().code(2);
}

#[test]
fn sarif_reports_unreadable_input_as_an_unsuccessful_execution() {
    let log = json(&["no/such/file.json", IMPLICIT, "--format", "sarif"]);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = invocation["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(note.starts_with("no/such/file.json: "), "{note}");
    assert_eq!(schema_errors(&log), Vec::<String>::new());
}

/// The fingerprints of `file`'s results when oauthlint runs in `dir`, with their start lines.
fn fingerprints(dir: &Path, args: &[&str]) -> Vec<(String, String, u64)> {
    let out = oauthlint()
        .current_dir(dir)
        .args(args)
        .args(["--format", "sarif"])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut prints: Vec<_> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            (
                r["partialFingerprints"]["oauthlint/v2"].as_str().unwrap().to_string(),
                location["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                location["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    prints.sort();
    prints
}

#[test]
fn sarif_paths_and_fingerprints_survive_reformatting_and_the_directory_oauthlint_runs_in() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    let pretty = r#"{
  "client_id": "spa",
  "token_endpoint_auth_method": "none",
  "redirect_uris": ["http://app.example.com/cb"],
  "grant_types": ["implicit"]
}
"#;
    write(dir.path(), "clients/spa.json", pretty);
    let before = fingerprints(dir.path(), &["clients/spa.json"]);
    assert!(before.len() >= 2, "{before:?}");
    assert!(before.iter().all(|(_, uri, _)| uri == "clients/spa.json"), "{before:?}");

    // Minified and reordered: every line moves, no fingerprint does.
    let minified = r#"{"grant_types":["implicit"],"redirect_uris":["http://app.example.com/cb"],"client_id":"spa","token_endpoint_auth_method":"none"}"#;
    write(dir.path(), "clients/spa.json", minified);
    let after = fingerprints(dir.path(), &["clients/spa.json"]);
    let ids = |v: &[(String, String, u64)]| v.iter().map(|(f, _, _)| f.clone()).collect::<BTreeSet<_>>();
    assert_eq!(ids(&before), ids(&after));
    assert!(after.iter().all(|(_, _, line)| *line == 1));

    // Run from a subfolder: the uri stays relative to the repository root, and so does the id.
    let from_sub = fingerprints(&dir.path().join("clients"), &["spa.json"]);
    assert_eq!(from_sub, after);
    // `%SRCROOT%` is the repository root, for viewers that open the files.
    let log: Value = serde_json::from_slice(
        &oauthlint()
            .current_dir(dir.path().join("clients"))
            .args(["spa.json", "--format", "sarif"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let root = dir.path().canonicalize().unwrap();
    assert_eq!(
        log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", root.display())
    );
}

// ---------------------------------------------------------------------------------------------
// GitHub annotations
// ---------------------------------------------------------------------------------------------

#[test]
fn github_annotations_place_each_finding_and_escape_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        "odd,name:1.json",
        "{\n  \"client_id\": \"spa\",\n  \"token_endpoint_auth_method\": \"none\",\n  \"grant_types\": [\"implicit\"]\n}\n",
    );
    let out = oauthlint()
        .current_dir(dir.path())
        .args(["odd,name:1.json", "--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let implicit = text
        .lines()
        .find(|l| l.contains("title=oauthlint implicit-grant::"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        implicit.starts_with("::error file=odd%2Cname%3A1.json,line=4,endLine=4,col=19,endColumn=29,title="),
        "{implicit}"
    );
    // The help follows the message on a new line, escaped: every output line is one command.
    assert!(implicit.contains("%0A"), "{implicit}");
    assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
    assert!(out.stderr.is_empty(), "few annotations, no warning");
}

#[test]
fn github_warns_when_more_annotations_than_github_shows() {
    let out = oauthlint().args(["fixtures/", "--format", "github"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("GitHub shows only 10 annotations per level per step"),
        "{stderr}"
    );
    let errors = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("::error "))
        .count();
    assert!(stderr.contains(&format!("{errors} errors")), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// GitLab, JUnit, JSON lines, Markdown, statistics
// ---------------------------------------------------------------------------------------------

#[test]
fn gitlab_issues_have_unique_fingerprints_severities_and_lines() {
    let issues = json(&["fixtures/", "--format", "gitlab"]);
    let contract = json(&["fixtures/", "--format", "json"]);
    let issues = issues.as_array().unwrap();
    let findings = contract["findings"].as_array().unwrap();
    assert_eq!(issues.len(), findings.len());
    let prints: BTreeSet<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    assert_eq!(prints.len(), issues.len(), "GitLab merges issues with one fingerprint");
    for (issue, finding) in issues.iter().zip(findings) {
        assert_eq!(issue["check_name"], finding["rule"]);
        assert_eq!(issue["location"]["path"], finding["path"]);
        assert_eq!(issue["location"]["lines"]["begin"], finding["span"]["start"]["line"]);
        let expected = match finding["severity"].as_str().unwrap() {
            "error" => "critical",
            "warning" => "major",
            _ => "minor",
        };
        assert_eq!(issue["severity"], expected);
        assert!(issue["description"]
            .as_str()
            .unwrap()
            .starts_with(finding["message"].as_str().unwrap()));
    }
}

#[test]
fn junit_has_a_test_case_per_file_and_rule_failing_where_findings_are() {
    let xml = stdout(&["fixtures/rfc7591", "--format", "junit"]);
    let contract = json(&["fixtures/rfc7591", "--format", "json"]);
    let rules = contract_rules();
    let files = contract["summary"]["files_scanned"].as_u64().unwrap() as usize;
    let failing: BTreeSet<(&str, &str)> = contract["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), files * rules);
    assert_eq!(xml.matches("<failure ").count(), failing.len());
    assert!(xml.contains(&format!("tests=\"{}\" failures=\"{}\"", files * rules, failing.len())));
    assert!(xml.contains("<testcase name=\"implicit-grant\" classname=\"fixtures/rfc7591/implicit-grant.bad.json\""));
    assert!(xml.trim_end().ends_with("</testsuites>"));
}

fn contract_rules() -> usize {
    json(&["rules", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["default"] == "on")
        .count()
}

#[test]
fn jsonl_lines_are_the_json_findings() {
    let lines = stdout(&["fixtures/", "--format", "jsonl"]);
    let contract = json(&["fixtures/", "--format", "json"]);
    let parsed: Vec<Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(&parsed, contract["findings"].as_array().unwrap());
}

#[test]
fn jsonl_sends_unreadable_input_to_stderr() {
    let out = oauthlint()
        .args(["no/such/file.json", IMPLICIT, "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.json"));
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .all(|l| l.contains("\"rule\":")));
}

#[test]
fn markdown_summarises_counts_per_rule_and_lists_findings() {
    let md = stdout(&[IMPLICIT, "--format", "markdown"]);
    assert!(
        md.starts_with("## oauthlint\n\n❌ 1 error(s), 0 warning(s), 0 note(s) in 1 file(s) with 1 client(s)."),
        "{md}"
    );
    assert!(md.contains("| `implicit-grant` | error | 1 |"), "{md}");
    assert!(
        md.contains("| error | `fixtures/rfc7591/implicit-grant.bad.json:7:22` | `implicit-grant` |"),
        "{md}"
    );
    let clean = stdout(&[
        "fixtures/rfc7591/implicit-grant.good.json",
        "--format",
        "markdown",
        "--min-severity",
        "warning",
    ]);
    assert!(
        clean.contains("✅ 0 error(s)") && !clean.contains("| rule |"),
        "{clean}"
    );
}

#[test]
fn statistics_count_findings_per_rule_and_keep_the_exit_code() {
    let out = oauthlint().args(["fixtures/", "--statistics"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let contract = json(&["fixtures/", "--format", "json"]);
    let findings = contract["findings"].as_array().unwrap();
    let count = |rule: &str, sev: &str| {
        findings
            .iter()
            .filter(|f| f["rule"] == rule && f["severity"] == sev)
            .count()
    };
    let rows: Vec<&str> = text.lines().collect();
    for row in &rows[..rows.len() - 1] {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[0].parse::<usize>().unwrap(), count(cols[2], cols[1]), "{row}");
    }
    let total: Vec<&str> = rows.last().unwrap().split_whitespace().take(2).collect();
    assert_eq!(total, [findings.len().to_string().as_str(), "total"]);
}

// ---------------------------------------------------------------------------------------------
// --output
// ---------------------------------------------------------------------------------------------

#[test]
fn output_writes_several_formats_in_one_run_creating_folders() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("reports/deep/results.sarif");
    let summary = dir.path().join("summary.md");
    let out = oauthlint()
        .args([IMPLICIT, "--format", "concise"])
        .args(output_to("sarif", &sarif))
        .args(output_to("markdown", &summary))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stdout).unwrap().contains("error[implicit-grant]"));
    let written: Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(written, json(&[IMPLICIT, "--format", "sarif"]));
    assert_eq!(
        fs::read_to_string(&summary).unwrap(),
        stdout(&[IMPLICIT, "--format", "markdown"])
    );
}

#[test]
fn output_files_are_written_even_with_quiet_and_never_coloured() {
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.txt");
    oauthlint()
        .args([IMPLICIT, "--quiet", "--color", "always"])
        .args(output_to("full", &full))
        .assert()
        .code(1)
        .stdout("");
    let text = fs::read_to_string(full).unwrap();
    assert!(text.contains("implicit-grant") && !text.contains('\u{1b}'), "{text}");
}

#[test]
fn a_failed_output_exits_3_and_the_other_outputs_are_still_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a-file"), "").unwrap();
    let blocked = dir.path().join("a-file/results.sarif");
    let fine = dir.path().join("results.xml");
    let out = oauthlint()
        .args([IMPLICIT, "--format", "json"])
        .args(output_to("sarif", &blocked))
        .args(output_to("junit", &fine))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cannot write sarif output to") && stderr.contains("a-file/results.sarif"),
        "{stderr}"
    );
    assert!(fs::read_to_string(fine).unwrap().contains("<failure "));
    let stdout: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stdout["findings"][0]["rule"], "implicit-grant");
}

#[test]
fn output_rejects_a_malformed_target_as_a_usage_error() {
    for bad in ["sarif", "nope=x.txt", "sarif="] {
        oauthlint().args([IMPLICIT, "--output", bad]).assert().code(2);
    }
}

#[test]
fn exit_codes_do_not_change_with_output_files_or_statistics() {
    let dir = tempfile::tempdir().unwrap();
    for (args, code) in [
        (vec!["fixtures/rfc7591/implicit-grant.good.json"], 0),
        (vec![IMPLICIT], 1),
        (vec![IMPLICIT, "--fail-on", "never"], 0),
        (vec!["no/such/file.json", IMPLICIT], 3),
    ] {
        for format in ALL_FORMATS {
            oauthlint()
                .args(&args)
                .args(output_to(format, &dir.path().join(format)))
                .args(["--format", "concise"])
                .assert()
                .code(code);
        }
        oauthlint().args(&args).arg("--statistics").assert().code(code);
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

/// Secret values in fixtures of our own: none may appear in any output. Letters, digits and `-`
/// only, so no output's escaping could hide a leak.
const SECRETS: [&str; 11] = [
    "Zq8vN3xLw2Rt7YpK5mHs9DfGj4Bc6Ae1",
    "rat-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c",
    "jwk-d-Sx4KpQ9wLmZ3rTb7YcVn2HgFj8DeRa",
    "jwk-p-Hq7WnE2kXv5ZsLc9TbMy4JdGf3PaRu",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7secretkey",
    "kc-Secret-Vb6Nm1Qw8Er3Ty5Ui7Op9As2Df",
    "yaml-Secret-Lk4Jh6Gf8Ds0Aq2Ws4Ed6Rf8Tg",
    // Short and weak: `weak-client-secret` must describe it without quoting it.
    "Weak-Pass-2024x",
    // Spring's `client-secret`, a key only the Spring adapters know, on each side.
    "{noop}spring-Server-Xc7Vb3Nm9Qw1Er5T",
    "spring-Client-Py6Lk2Jh8Gf4Ds0Aq3W",
    // The body of a private PEM key an Authelia client registers as its own key (`jwks-private-key`).
    "MIIEpAIBAAKCAQEAauthelia-Pem-Body-Rx7Tq2WzK9",
];

fn secret_fixtures(dir: &Path) {
    write(
        dir,
        "rfc7591/leaky.json",
        &format!(
            r#"{{
  "client_id": "leaky-spa",
  "client_secret": "{}",
  "registration_access_token": "{}",
  "token_endpoint_auth_method": "none",
  "redirect_uris": ["http://app.example.com/cb"],
  "grant_types": ["implicit", "password"],
  "jwks": {{ "keys": [ {{ "kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "{}", "p": "{}" }} ] }},
  "private_key": "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----"
}}
"#,
            SECRETS[0], SECRETS[1], SECRETS[2], SECRETS[3], SECRETS[4]
        ),
    );
    write(
        dir,
        "keycloak/realm-export.json",
        &format!(
            r#"{{
  "realm": "demo",
  "clients": [
    {{ "clientId": "portal", "publicClient": true, "secret": "{}",
       "standardFlowEnabled": true, "implicitFlowEnabled": true,
       "redirectUris": ["http://portal.example.com/*"] }}
  ]
}}
"#,
            SECRETS[5]
        ),
    );
    write(
        dir,
        "rfc7591/client.yaml",
        &format!(
            "client_id: yaml-app\nclient_secret: {}\ntoken_endpoint_auth_method: none\nredirect_uris:\n  - http://y.example.com/cb\ngrant_types: [implicit]\n",
            SECRETS[6]
        ),
    );
    write(
        dir,
        "rfc7591/weak.toml",
        &format!(
            "client_id = \"weak\"\nclient_secret = \"{}\"\nredirect_uris = [\"https://w.example.com/cb\"]\ngrant_types = [\"authorization_code\"]\n",
            SECRETS[7]
        ),
    );
    write(
        dir,
        "spring/application.yml",
        &format!(
            "spring:\n  security:\n    oauth2:\n      authorizationserver:\n        client:\n          portal:\n            registration:\n              client-id: portal\n              client-secret: \"{}\"\n              client-authentication-methods: [client_secret_basic]\n              authorization-grant-types: [authorization_code]\n              redirect-uris: [http://portal.example.com/cb]\n",
            SECRETS[8]
        ),
    );
    write(
        dir,
        "spring-client/application.yml",
        &format!(
            "spring:\n  security:\n    oauth2:\n      client:\n        registration:\n          corp:\n            client-id: corp\n            client-secret: {}\n            authorization-grant-type: authorization_code\n            redirect-uri: http://app.example.com/login/oauth2/code/corp\n        provider:\n          corp:\n            issuer-uri: https://sso.example.com\n",
            SECRETS[9]
        ),
    );
    write(
        dir,
        "authelia/configuration.yml",
        &format!(
            "identity_providers:\n  oidc:\n    clients:\n      - client_id: 'files'\n        token_endpoint_auth_method: 'private_key_jwt'\n        redirect_uris: ['https://files.example.com/cb']\n        jwks:\n          - key_id: 'files-1'\n            key: |\n              -----BEGIN RSA PRIVATE KEY-----\n              {}\n              -----END RSA PRIVATE KEY-----\n",
            SECRETS[10]
        ),
    );
}

#[test]
fn no_output_format_ever_prints_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    secret_fixtures(dir.path());
    let files = dir.path().join("out");
    let mut cmd = oauthlint();
    cmd.current_dir(dir.path())
        .args([".", "--format", "json", "--pedantic"]);
    for format in ALL_FORMATS {
        cmd.args(output_to(format, &files.join(format)));
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The fixtures are linted: each file draws findings, among them the plaintext secrets.
    let contract: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: BTreeSet<&str> = contract["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 7, "{contract:#}");
    let fired: BTreeSet<&str> = contract["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        fired.contains("plaintext-secret-in-file")
            && fired.contains("weak-client-secret")
            && fired.contains("jwks-private-key"),
        "{fired:?}"
    );

    let mut outputs = vec![("stdout json".to_string(), String::from_utf8(out.stdout).unwrap())];
    outputs.push(("stderr".into(), String::from_utf8(out.stderr).unwrap()));
    for format in ALL_FORMATS {
        outputs.push((
            format!("--output {format}"),
            fs::read_to_string(files.join(format)).unwrap(),
        ));
        for color in ["never", "always"] {
            let run = oauthlint()
                .current_dir(dir.path())
                .args([".", "--pedantic", "--format", format, "--color", color])
                .output()
                .unwrap();
            outputs.push((
                format!("stdout {format}"),
                String::from_utf8_lossy(&run.stdout).into_owned(),
            ));
            outputs.push((
                format!("stderr {format}"),
                String::from_utf8_lossy(&run.stderr).into_owned(),
            ));
        }
    }
    for (name, text) in &outputs {
        for secret in SECRETS {
            // Any run of 12 characters of a secret would be a leak, not only the whole value.
            let chars: Vec<char> = secret.chars().collect();
            for window in chars.windows(12) {
                let piece: String = window.iter().collect();
                assert!(!text.contains(&piece), "{name} leaks `{piece}` of a secret:\n{text}");
            }
        }
    }
}
