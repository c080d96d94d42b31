//! The command-line contract (README "Usage"), end to end through the built binary.
//!
//! Every test reads as a sentence about what a user sees: exit codes, stdin, subcommands, output
//! shapes, colour, and how a folder is walked.

mod common;

use assert_cmd::Command;
use common::oauthlint;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

const CLEAN: &str = "fixtures/rfc7591/implicit-grant.good.json";
const IMPLICIT: &str = "fixtures/rfc7591/implicit-grant.bad.json";
const IMPLICIT_TOML: &str = "fixtures/rfc7591/implicit-grant.bad.toml";
/// Only a warning (`duplicate-key`) fires on this file.
const WARNING_ONLY: &str = "fixtures/rfc7591/duplicate-key.bad.json";

/// The formats whose exit codes must agree (docs/compatibility.md: "the same for every output format").
const FORMATS: [&str; 9] = [
    "full", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit", "markdown",
];

/// Runs `args` once per output format and checks the exit code is `code` for each.
fn assert_exit_in_every_format(args: &[&str], code: i32) {
    for format in FORMATS {
        oauthlint()
            .args(args)
            .args(["--format", format, "--color", "never"])
            .assert()
            .code(code);
    }
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

fn json_of(cmd: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(cmd)).expect("stdout is one JSON document")
}

fn findings(json: &serde_json::Value) -> &Vec<serde_json::Value> {
    json["findings"].as_array().expect("`findings` is an array")
}

/// The first finding of `rule`.
fn finding<'a>(json: &'a serde_json::Value, rule: &str) -> Option<&'a serde_json::Value> {
    findings(json).iter().find(|f| f["rule"] == rule)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A public client using the implicit grant: one `implicit-grant` error wherever it is.
const IMPLICIT_CLIENT: &str = r#"{
  "client_id": "walked-spa",
  "token_endpoint_auth_method": "none",
  "redirect_uris": ["https://app.example.com/cb"],
  "grant_types": ["implicit"]
}
"#;

// ---------------------------------------------------------------------------------------------
// Exit codes, in every format
// ---------------------------------------------------------------------------------------------

#[test]
fn exits_0_when_no_finding_reaches_fail_on() {
    assert_exit_in_every_format(&[CLEAN], 0);
}

#[test]
fn exits_1_when_a_finding_is_at_or_above_the_default_fail_on_warning() {
    assert_exit_in_every_format(&[IMPLICIT], 1);
    assert_exit_in_every_format(&[WARNING_ONLY], 1);
}

#[test]
fn fail_on_error_ignores_a_file_with_only_warnings() {
    assert_exit_in_every_format(&[WARNING_ONLY, "--fail-on", "error"], 0);
    assert_exit_in_every_format(&[IMPLICIT, "--fail-on", "error"], 1);
}

#[test]
fn fail_on_never_exits_0_despite_errors() {
    assert_exit_in_every_format(&[IMPLICIT, "--fail-on", "never"], 0);
}

#[test]
fn exit_zero_exits_0_despite_errors() {
    assert_exit_in_every_format(&[IMPLICIT, "--exit-zero"], 0);
}

#[test]
fn min_severity_hides_warnings_but_does_not_change_the_exit_code() {
    assert_exit_in_every_format(&[WARNING_ONLY, "--min-severity", "error"], 1);
    let concise = stdout_of(oauthlint().args([WARNING_ONLY, "--format", "concise", "--min-severity", "error"]));
    assert!(!concise.contains("duplicate-key"), "warning shown: {concise}");
    let json = json_of(oauthlint().args([WARNING_ONLY, "--format", "json", "--min-severity", "error"]));
    assert!(findings(&json).iter().all(|f| f["severity"] == "error"), "{json:#}");
    // Without the filter the warning is there.
    let shown = stdout_of(oauthlint().args([WARNING_ONLY, "--format", "concise"]));
    assert!(shown.contains("warning[duplicate-key]"), "{shown}");
}

#[test]
fn exits_2_on_an_unknown_flag() {
    assert_exit_in_every_format(&[CLEAN, "--no-such-flag"], 2);
}

#[test]
fn exits_2_on_an_unknown_rule_in_select_and_lints_nothing() {
    for format in FORMATS {
        oauthlint()
            .args([IMPLICIT, "--select", "no-such-rule", "--format", format])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("unknown rule or category `no-such-rule`"));
    }
}

#[test]
fn a_misspelt_rule_gets_a_did_you_mean_on_stderr() {
    for format in FORMATS {
        oauthlint()
            .args([IMPLICIT, "--select", "implicit-grnt", "--format", format])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("did you mean `implicit-grant`?"));
        oauthlint()
            .args([IMPLICIT, "--ignore", "duplicate-kye", "--format", format])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("did you mean `duplicate-key`?"));
    }
}

#[test]
fn exits_2_when_stdin_is_combined_with_paths() {
    for format in FORMATS {
        oauthlint()
            .args(["-", CLEAN, "--format", format])
            .write_stdin("{}")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("stdin"));
    }
}

#[test]
fn exits_3_when_a_named_path_is_missing_but_still_reports_the_other_files() {
    assert_exit_in_every_format(&["no/such/file.json", IMPLICIT], 3);
    // Exit 3 wins over exit 1, and the readable file is still linted.
    let concise = oauthlint()
        .args(["no/such/file.json", IMPLICIT, "--format", "concise"])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&concise.stdout),
        String::from_utf8_lossy(&concise.stderr)
    );
    assert!(all.contains("error[implicit-grant]"), "{all}");
    assert!(all.contains("no/such/file.json"), "{all}");

    let json = json_of(oauthlint().args(["no/such/file.json", IMPLICIT, "--format", "json"]));
    assert!(finding(&json, "implicit-grant").is_some(), "{json:#}");
    assert_eq!(json["errors"][0]["path"], "no/such/file.json", "{json:#}");
}

#[test]
fn exits_3_even_with_exit_zero_when_input_could_not_be_read() {
    assert_exit_in_every_format(&["no/such/file.json", CLEAN, "--exit-zero"], 3);
}

// ---------------------------------------------------------------------------------------------
// stdin
// ---------------------------------------------------------------------------------------------

#[test]
fn reads_a_toml_client_from_stdin_named_by_stdin_filename() {
    let toml = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(IMPLICIT_TOML)).unwrap();
    oauthlint()
        .args(["-", "--stdin-filename", "x.toml", "--format", "concise"])
        .write_stdin(toml)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("x.toml:6:16: error[implicit-grant] "));
}

#[test]
fn reads_a_clean_json_client_from_stdin() {
    let json = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(CLEAN)).unwrap();
    oauthlint()
        .args(["-", "--format", "concise"])
        .write_stdin(json)
        .assert()
        .code(0);
}

// ---------------------------------------------------------------------------------------------
// Subcommands
// ---------------------------------------------------------------------------------------------

#[test]
fn rules_lists_every_rule_with_its_category_and_severity() {
    let out = stdout_of(oauthlint().arg("rules"));
    for line in ["implicit-grant", "duplicate-key", "parse-error"] {
        assert!(out.lines().any(|l| l.starts_with(line)), "{line} missing from:\n{out}");
    }
    let row = out.lines().find(|l| l.starts_with("implicit-grant")).unwrap();
    assert!(row.contains("grants") && row.contains("error"), "{row}");
}

#[test]
fn rules_lists_each_rules_default_state_and_the_profiles_that_change_it() {
    let out = stdout_of(oauthlint().arg("rules"));
    let row = |name: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("{name} missing from:\n{out}"));
        // name, category, severity, default, fix, then the profiles (which may contain spaces)
        let cols: Vec<&str> = line.split_whitespace().collect();
        let mut row: Vec<String> = cols[..5].iter().map(|s| s.to_string()).collect();
        row.push(cols[5..].join(" "));
        row
    };
    assert_eq!(
        row("pkce-plain-method"),
        [
            "pkce-plain-method",
            "pkce",
            "warning",
            "on",
            "unsafe",
            "oauth21: error; fapi2: error"
        ]
    );
    assert_eq!(
        row("pkce-method-unspecified"),
        ["pkce-method-unspecified", "pkce", "note", "pedantic", "unsafe", "-"]
    );
    assert_eq!(row("redirect-uri-wildcard")[3..], ["on", "-", "-"]);
    assert_eq!(row("implicit-grant")[4], "safe/unsafe");
    // One header line, one line per rule, a blank line and the count.
    let rules = oauthlint::registry::all();
    assert_eq!(out.lines().count(), rules.len() + 3, "{out}");
    assert!(out.ends_with(&format!(
        "\n{} rules; `oauthlint rule NAME` prints one rule's documentation\n",
        rules.len()
    )));
    for r in rules {
        assert_eq!(row(r.name)[1], r.category, "{}", r.name);
    }
}

#[test]
fn rules_as_json_is_a_list_of_named_rules() {
    let json = json_of(oauthlint().args(["rules", "--format", "json"]));
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"implicit-grant"), "{names:?}");
    let plain = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "pkce-plain-method")
        .unwrap();
    assert_eq!(plain["default"], "on");
    assert_eq!(plain["profiles"], serde_json::json!(["oauth21: error", "fapi2: error"]));
}

#[test]
fn rule_prints_a_rules_documentation() {
    oauthlint()
        .args(["rule", "implicit-grant"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# implicit-grant"))
        .stdout(predicate::str::contains("## What it does"))
        .stdout(predicate::str::contains("RFC 9700 §2.1.2"));
}

#[test]
fn rule_with_an_unknown_name_exits_2() {
    oauthlint()
        .args(["rule", "nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("nope"));
}

#[test]
fn inspect_explains_format_type_evidence_and_the_flow_to_use() {
    let out = oauthlint()
        .args(["inspect", IMPLICIT])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("photo-gallery-spa"), "{out}");
    assert!(out.contains("format:     rfc7591"), "{out}");
    assert!(out.contains("type:       spa (strong confidence)"), "{out}");
    assert!(out.contains("evidence:"), "{out}");
    assert!(out.contains("`token_endpoint_auth_method` is `none` → public"), "{out}");
    assert!(out.contains("should use: authorization code with PKCE"), "{out}");
    assert!(out.contains("uses now:   grants: implicit"), "{out}");
}

#[test]
fn inspect_lists_the_values_the_file_leaves_undecided() {
    let inspect = |path: &str| {
        let out = oauthlint()
            .args(["inspect", path])
            .assert()
            .code(0)
            .get_output()
            .clone();
        String::from_utf8(out.stdout).unwrap()
    };
    // An RFC 7591 body of a public SPA cannot state PKCE enforcement, rotation or lifetimes.
    let out = inspect("fixtures/rfc7591/refresh-token-public-client-unprotected.bad.json");
    let undecided = out.split("undecided:").nth(1).expect("an undecided section");
    for value in [
        "- PKCE enforcement (for public-client-without-pkce, fapi2-authorization-request)",
        "- refresh-token rotation (for refresh-token-public-client-unprotected)",
        "- refresh-token maximum lifetime (for long-lived-refresh-token-public-client)",
        "- access-token lifetime (for long-lived-access-token)",
        "- authorization-code lifetime (for long-authorization-code-lifetime)",
    ] {
        assert!(undecided.contains(value), "missing `{value}` in {out}");
    }
    // The same client in a realm export that holds the realm's settings: rotation, lifetimes and
    // PKCE are all decided by the file.
    let out = inspect("fixtures/keycloak/refresh-token-public-client-unprotected.good.json");
    assert!(
        out.contains("undecided:  nothing: every value the checks need is in the file"),
        "{out}"
    );
}

#[test]
fn inspect_names_the_document_of_a_yaml_stream() {
    let dir = tempfile::tempdir().unwrap();
    let stream = dir.path().join("clients.yaml");
    std::fs::write(
        &stream,
        "---\nclient_id: first\nredirect_uris: [https://a.example.com/cb]\n---\nclient_id: second\nredirect_uris: [https://b.example.com/cb]\n",
    )
    .unwrap();
    let out = oauthlint()
        .arg("inspect")
        .arg(&stream)
        .assert()
        .code(0)
        .get_output()
        .clone();
    let out = String::from_utf8(out.stdout).unwrap();
    let second = out.split("client `second`").nth(1).expect("the second client");
    assert!(second.contains("document:   1 of the YAML stream"), "{out}");
    assert!(
        out.split("client `second`")
            .next()
            .unwrap()
            .contains("document:   0 of the YAML stream"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------------------------
// Output shapes
// ---------------------------------------------------------------------------------------------

/// Splits `path:line:col: severity[rule] message`, or says why the line does not have that shape.
fn parse_concise(line: &str) -> Result<(&str, u32, u32, &str, &str, &str), String> {
    let bad = || format!("not `path:line:col: severity[rule] message`: {line:?}");
    let (location, rest) = line.split_once(": ").ok_or_else(bad)?;
    let mut parts = location.rsplitn(3, ':');
    let col = parts.next().and_then(|c| c.parse().ok()).ok_or_else(bad)?;
    let row = parts.next().and_then(|l| l.parse().ok()).ok_or_else(bad)?;
    let path = parts.next().filter(|p| !p.is_empty()).ok_or_else(bad)?;
    let (tag, message) = rest.split_once(' ').ok_or_else(bad)?;
    let (severity, rule) = tag.strip_suffix(']').and_then(|t| t.split_once('[')).ok_or_else(bad)?;
    if !["error", "warning", "note"].contains(&severity) || rule.is_empty() || message.is_empty() {
        return Err(bad());
    }
    Ok((path, row, col, severity, rule, message))
}

#[test]
fn concise_lines_are_path_line_col_severity_rule_message() {
    let out = stdout_of(oauthlint().args([IMPLICIT, WARNING_ONLY, "--format", "concise"]));
    let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
    for line in &lines {
        parse_concise(line).unwrap();
    }
    // Other rules may fire on these files too; these two lines must be there, byte for byte.
    for expected in [
        "fixtures/rfc7591/duplicate-key.bad.json:5:4: warning[duplicate-key] key `redirect_uris` appears twice in this object; the last one wins",
        "fixtures/rfc7591/implicit-grant.bad.json:7:22: error[implicit-grant] response type `id_token token` returns an access token in the browser's URL",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in:\n{out}");
    }
    assert_eq!(
        parse_concise(lines[0]).unwrap(),
        (
            "fixtures/rfc7591/duplicate-key.bad.json",
            5,
            4,
            "warning",
            "duplicate-key",
            "key `redirect_uris` appears twice in this object; the last one wins"
        )
    );
}

#[test]
fn json_output_follows_the_version_1_contract() {
    let json = json_of(oauthlint().args([IMPLICIT, "--format", "json"]));
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "oauthlint");
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
    for key in ["findings", "clients", "errors"] {
        assert!(json[key].is_array(), "`{key}` is not an array: {json:#}");
    }

    let f = finding(&json, "implicit-grant").expect("an implicit-grant finding");
    for key in [
        "rule",
        "severity",
        "message",
        "help",
        "path",
        "pointer",
        "span",
        "client",
        "references",
        "fingerprint",
    ] {
        assert!(f.get(key).is_some(), "finding lacks `{key}`: {f:#}");
    }
    assert_eq!(f["rule"], "implicit-grant");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["path"], IMPLICIT);
    assert_eq!(f["pointer"], "/response_types/0");
    assert_eq!(
        f["span"]["start"],
        serde_json::json!({"line": 7, "column": 22, "offset": 224})
    );
    assert_eq!(
        f["span"]["end"],
        serde_json::json!({"line": 7, "column": 38, "offset": 240})
    );
    assert_eq!(
        f["client"],
        serde_json::json!({"pointer": "", "id": "photo-gallery-spa", "format": "rfc7591", "type": "spa", "confidence": "strong"})
    );
    assert!(f["references"].as_array().unwrap().contains(&"RFC 9700 §2.1.2".into()));
    assert!(!f["fingerprint"].as_str().unwrap().is_empty());

    let c = &json["clients"][0];
    for key in ["path", "pointer", "format", "id", "type", "confidence", "evidence"] {
        assert!(c.get(key).is_some(), "client lacks `{key}`: {c:#}");
    }

    let s = &json["summary"];
    assert_eq!(s["files_scanned"], 1);
    assert_eq!(s["files_matched"], 1);
    assert_eq!(s["clients"], 1);
    // The counts agree with the findings listed.
    for severity in ["error", "warning", "note"] {
        let listed = findings(&json).iter().filter(|f| f["severity"] == severity).count();
        assert_eq!(s["findings"][severity], listed, "{severity}: {s:#}");
    }
    assert_eq!(s["suppressed"], 0);
}

#[test]
fn json_output_is_valid_json_even_when_clean() {
    let json = json_of(oauthlint().args([CLEAN, "--format", "json", "--min-severity", "warning"]));
    assert_eq!(json["findings"], serde_json::json!([]));
    assert_eq!(json["summary"]["clients"], 1);
}

#[test]
fn quiet_prints_nothing_and_keeps_the_exit_code() {
    oauthlint().args([IMPLICIT, "--quiet"]).assert().code(1).stdout("");
}

#[test]
fn no_colour_when_stdout_is_not_a_terminal() {
    for format in FORMATS {
        let out = oauthlint().args([IMPLICIT, "--format", format]).output().unwrap();
        assert!(!out.stdout.contains(&0x1b), "ESC in {format} output");
    }
}

#[test]
fn color_never_wins_over_force_color() {
    let out = oauthlint()
        .env("FORCE_COLOR", "1")
        .args([IMPLICIT, "--format", "full", "--color", "never"])
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn color_always_colours_the_full_format() {
    let out = oauthlint()
        .args([IMPLICIT, "--format", "full", "--color", "always"])
        .output()
        .unwrap();
    assert!(out.stdout.contains(&0x1b), "no ESC with --color always");
}

#[test]
fn json_is_never_coloured() {
    let out = oauthlint()
        .args([IMPLICIT, "--format", "json", "--color", "always"])
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Walking a folder
// ---------------------------------------------------------------------------------------------

/// The paths reported in concise output, in order, each once.
fn reported_paths(dir: &Path, extra: &[&str]) -> Vec<String> {
    let out = oauthlint()
        .current_dir(dir)
        .arg(".")
        .args(["--format", "concise", "--fail-on", "never"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut paths: Vec<String> = text
        .lines()
        .filter_map(|l| l.split_once(':').map(|(p, _)| p.to_string()))
        .collect();
    paths.dedup();
    paths
}

#[test]
fn walking_honours_gitignore_outside_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "generated/\n");
    write(dir.path(), "clients/spa.json", IMPLICIT_CLIENT);
    write(dir.path(), "generated/spa.json", IMPLICIT_CLIENT);
    assert_eq!(reported_paths(dir.path(), &[]), ["clients/spa.json"]);
}

#[test]
fn no_gitignore_lints_ignored_files_too() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".gitignore", "generated/\n");
    write(dir.path(), "clients/spa.json", IMPLICIT_CLIENT);
    write(dir.path(), "generated/spa.json", IMPLICIT_CLIENT);
    assert_eq!(
        reported_paths(dir.path(), &["--no-gitignore"]),
        ["clients/spa.json", "generated/spa.json"]
    );
}

#[test]
fn include_and_exclude_globs_pick_the_walked_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prod/spa.json", IMPLICIT_CLIENT);
    write(dir.path(), "dev/spa.json", IMPLICIT_CLIENT);
    write(dir.path(), "dev/other.json", IMPLICIT_CLIENT);
    assert_eq!(reported_paths(dir.path(), &["--include", "prod/**"]), ["prod/spa.json"]);
    assert_eq!(reported_paths(dir.path(), &["--exclude", "dev/**"]), ["prod/spa.json"]);
    assert_eq!(
        reported_paths(dir.path(), &["--include", "dev/**", "--exclude", "**/other.json"]),
        ["dev/spa.json"]
    );
}

#[test]
fn a_walked_json_file_that_is_not_a_client_is_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "package.json",
        r#"{ "name": "web", "version": "1.0.0", "scripts": { "build": "vite build" } }"#,
    );
    write(
        dir.path(),
        "tsconfig.json",
        "{ // comments are fine here\n  \"compilerOptions\": {},\n}\n",
    );
    write(dir.path(), "clients/spa.json", IMPLICIT_CLIENT);
    assert_eq!(reported_paths(dir.path(), &[]), ["clients/spa.json"]);

    let json = json_of(oauthlint().current_dir(dir.path()).args([".", "--format", "json"]));
    assert_eq!(json["summary"]["files_matched"], 1, "{json:#}");
    assert_eq!(json["clients"].as_array().unwrap().len(), 1, "{json:#}");
}

#[test]
fn output_is_deterministic_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        write(dir.path(), &format!("team-{}/app-{i:02}.json", i % 7), IMPLICIT_CLIENT);
    }
    for format in FORMATS {
        let run = || {
            stdout_of(
                oauthlint()
                    .current_dir(dir.path())
                    .args([".", "--format", format, "--color", "never"]),
            )
        };
        let first = run();
        assert!(!first.is_empty());
        for _ in 0..3 {
            assert_eq!(run(), first, "{format} output changed between runs");
        }
    }
    // Sorted by path.
    let paths = reported_paths(dir.path(), &[]);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 40);
}

#[test]
fn a_file_level_finding_has_no_client_in_json() {
    let json = json_of(oauthlint().args(["fixtures/rfc7591/parse-error.bad.json", "--format", "json"]));
    let f = finding(&json, "parse-error").expect("a parse-error finding");
    assert!(f.get("client").is_none(), "parse-error carries a client: {f:#}");
    assert_eq!(f["span"]["start"]["line"], 3);
}

#[test]
fn help_documents_every_format_the_outputs_and_the_exit_codes() {
    let help = stdout_of(oauthlint().arg("--help"));
    for needle in FORMATS.iter().map(|f| format!("- {f}:")).chain(
        [
            "--output <FORMAT=PATH>",
            "--sarif-category",
            "--statistics",
            "Exit codes",
            "  3  ",
        ]
        .map(String::from),
    ) {
        assert!(help.contains(&needle), "--help lacks `{needle}`:\n{help}");
    }
}

#[test]
fn walking_reads_only_spring_boot_properties_files() {
    let dir = tempfile::tempdir().unwrap();
    let props = "spring.security.oauth2.authorizationserver.client.app.registration.client-id=app\n\
                 spring.security.oauth2.authorizationserver.client.app.registration.redirect-uris=http://app.example.com/cb\n\
                 spring.security.oauth2.authorizationserver.client.app.registration.authorization-grant-types=authorization_code\n";
    write(dir.path(), "src/main/resources/application.properties", props);
    write(dir.path(), "src/main/resources/application-dev.properties", props);
    write(dir.path(), "src/main/resources/messages.properties", props);
    assert_eq!(
        reported_paths(dir.path(), &[]),
        [
            "src/main/resources/application-dev.properties",
            "src/main/resources/application.properties"
        ]
    );
    // Named on the command line, any properties file is read.
    let out = stdout_of(oauthlint().current_dir(dir.path()).args([
        "src/main/resources/messages.properties",
        "--format",
        "concise",
        "--fail-on",
        "never",
    ]));
    assert!(out.contains("messages.properties:2:"), "{out}");
}

#[test]
fn a_client_without_a_written_id_is_named_by_its_best_identifier_in_json() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "dex.yaml",
        "issuer: https://dex.example.com\nstaticClients:\n- idEnv: WEB_CLIENT_ID\n  secretEnv: WEB_CLIENT_SECRET\n  redirectURIs: ['https://app.example.com/cb']\n- id: cli\n  name: Command line\n  public: true\n  redirectURIs: ['http://127.0.0.1:5555/callback']\n",
    );
    write(
        dir.path(),
        "tenant.yaml",
        "clients:\n  - name: Storefront\n    app_type: spa\n    callbacks: ['https://shop.example.com/cb']\ntenant:\n  friendly_name: Example\n",
    );
    let json = json_of(
        oauthlint()
            .current_dir(dir.path())
            .args(["check", ".", "--format", "json"]),
    );
    let ids: Vec<(&str, &str)> = json["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["path"].as_str().unwrap(), c["id"].as_str().unwrap_or("null")))
        .collect();
    assert_eq!(
        ids,
        [
            ("dex.yaml", "$WEB_CLIENT_ID"),
            ("dex.yaml", "cli"),
            ("tenant.yaml", "Storefront")
        ]
    );
}

#[test]
fn a_yaml_finding_ends_at_the_value_not_at_a_trailing_comment() {
    let dir = tempfile::tempdir().unwrap();
    let text = "issuer: https://dex.example.com\nstaticClients:\n- id: web\n  secretEnv: WEB_SECRET\n  redirectURIs:\n  - 'http://app.example.com/cb' # the legacy host, until it moves\n";
    write(dir.path(), "dex.yaml", text);
    let json = json_of(
        oauthlint()
            .current_dir(dir.path())
            .args(["check", "dex.yaml", "--format", "json"]),
    );
    let f = finding(&json, "redirect-uri-http").expect("an http redirect is reported");
    let (start, end) = (
        f["span"]["start"]["offset"].as_u64().unwrap() as usize,
        f["span"]["end"]["offset"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "'http://app.example.com/cb'");
}
