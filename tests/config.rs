//! `.oauthlint.toml` (README "Configuration"), end to end through the built binary: which file
//! each linted file gets, what each key changes, and how mistakes in it are reported.

mod common;

use common::oauthlint;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// A machine-to-machine client whose bearer access tokens live 2 days: one
/// `long-lived-access-token` warning under the default one-day limit of a confidential client, and
/// nothing else.
const TWO_DAY_TOKENS: &str = r#"{
  "client_id": "batch",
  "grant_types": ["client_credentials"],
  "token_endpoint_auth_method": "client_secret_basic",
  "client_credentials_grant_access_token_lifespan": "48h"
}
"#;

/// A public client on the implicit grant: one `implicit-grant` error.
const IMPLICIT: &str = r#"{
  "client_id": "spa",
  "token_endpoint_auth_method": "none",
  "redirect_uris": ["https://app.example.com/cb"],
  "grant_types": ["implicit"]
}
"#;

/// A repository: a folder with `.git`, where the walk up for configurations stops.
fn repo(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// `(path, rule, severity)` of every finding of a run in `dir` with `args`, and the exit code.
fn run(dir: &Path, args: &[&str]) -> (Vec<(String, String, String)>, i32) {
    let out = oauthlint()
        .current_dir(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let findings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let field = |k: &str| f[k].as_str().unwrap().to_string();
            (field("path"), field("rule"), field("severity"))
        })
        .collect();
    (findings, out.status.code().unwrap())
}

/// A repository with `files` and a root configuration.
fn configured_repo(files: &[(&str, &str)], toml: &str) -> TempDir {
    let dir = repo(files);
    configure(dir.path(), toml);
    dir
}

/// Replaces the repository's root configuration.
fn configure(dir: &Path, toml: &str) {
    fs::write(dir.join(".oauthlint.toml"), toml).unwrap();
}

fn finding(path: &str, rule: &str, severity: &str) -> (String, String, String) {
    (path.into(), rule.into(), severity.into())
}

/// The exit code and stderr of a run that must fail before linting.
fn rejected(dir: &Path, args: &[&str]) -> String {
    let out = oauthlint().current_dir(dir).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        out.stdout.is_empty(),
        "nothing is linted: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_rule_option_changes_the_threshold() {
    let dir = repo(&[("client.json", TWO_DAY_TOKENS)]);
    assert_eq!(
        run(dir.path(), &["."]),
        (vec![finding("client.json", "long-lived-access-token", "warning")], 1)
    );
    configure(
        dir.path(),
        "[rules.long-lived-access-token]\nmax-confidential-lifetime = \"3d\"\n",
    );
    assert_eq!(run(dir.path(), &["."]), (vec![], 0));
    // Plain seconds work too, and the limit is exclusive of the value itself.
    configure(
        dir.path(),
        "[rules.long-lived-access-token]\nmax-confidential-lifetime = 172800\n",
    );
    assert_eq!(run(dir.path(), &["."]), (vec![], 0));
}

#[test]
fn a_rule_can_be_turned_off_or_given_another_severity() {
    let dir = configured_repo(
        &[("client.json", TWO_DAY_TOKENS)],
        "[rules.long-lived-access-token]\nseverity = \"note\"\n",
    );
    // A note does not reach the default fail-on (warning).
    assert_eq!(
        run(dir.path(), &["."]),
        (vec![finding("client.json", "long-lived-access-token", "note")], 0)
    );
    configure(dir.path(), "[rules.long-lived-access-token]\nenabled = false\n");
    assert_eq!(run(dir.path(), &["."]), (vec![], 0));
}

#[test]
fn a_pedantic_rule_can_be_turned_on_alone() {
    let dir = configured_repo(
        &[("client.json", TWO_DAY_TOKENS)],
        "[rules.no-sender-constrained-tokens]\nenabled = true\n",
    );
    let (findings, _) = run(dir.path(), &["."]);
    let rules: Vec<&str> = findings.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(rules, ["no-sender-constrained-tokens", "long-lived-access-token"]);
}

#[test]
fn the_nearest_configuration_wins_and_extend_inherits() {
    let dir = configured_repo(
        &[
            ("a/client.json", TWO_DAY_TOKENS),
            ("b/client.json", TWO_DAY_TOKENS),
            ("c/client.json", TWO_DAY_TOKENS),
            // Nearer, and without the option: the default limit again.
            ("b/.oauthlint.toml", "strict = true\n"),
            // Nearer, but inheriting the root's option.
            ("c/.oauthlint.toml", "extend = \"../.oauthlint.toml\"\nstrict = true\n"),
        ],
        "[rules.long-lived-access-token]\nmax-confidential-lifetime = \"3d\"\n",
    );
    assert_eq!(
        run(dir.path(), &["."]),
        (vec![finding("b/client.json", "long-lived-access-token", "warning")], 1)
    );
}

#[test]
fn overrides_apply_to_the_files_their_globs_match() {
    let dir = configured_repo(
        &[("dev/client.json", IMPLICIT), ("prod/client.json", IMPLICIT)],
        "[[overrides]]\nfiles = [\"dev/**\"]\nrules = { implicit-grant = { severity = \"warning\" } }\n",
    );
    assert_eq!(
        run(dir.path(), &["."]).0,
        vec![
            finding("dev/client.json", "implicit-grant", "warning"),
            finding("prod/client.json", "implicit-grant", "error"),
        ]
    );
}

#[test]
fn top_level_keys_set_what_the_flags_set() {
    let dir = configured_repo(&[("client.json", TWO_DAY_TOKENS)], "fail-on = \"error\"\n");
    // The warning no longer fails the run...
    assert_eq!(
        run(dir.path(), &["."]),
        (vec![finding("client.json", "long-lived-access-token", "warning")], 0)
    );
    // ...unless the command line says otherwise: flags win.
    assert_eq!(run(dir.path(), &[".", "--fail-on", "warning"]).1, 1);

    configure(dir.path(), "pedantic = true\n");
    let rules: Vec<String> = run(dir.path(), &["."]).0.into_iter().map(|f| f.1).collect();
    assert!(rules.contains(&"no-sender-constrained-tokens".to_string()), "{rules:?}");

    configure(dir.path(), "profile = \"fapi2\"\n");
    let rules: Vec<String> = run(dir.path(), &["."]).0.into_iter().map(|f| f.1).collect();
    assert!(
        rules.contains(&"fapi2-client-auth-and-binding".to_string()),
        "{rules:?}"
    );
}

#[test]
fn exclude_leaves_out_walked_files_but_not_named_ones() {
    let dir = configured_repo(
        &[("vendor/client.json", IMPLICIT), ("client.json", IMPLICIT)],
        "exclude = [\"vendor/**\"]\n",
    );
    assert_eq!(
        run(dir.path(), &["."]).0,
        vec![finding("client.json", "implicit-grant", "error")]
    );
    assert_eq!(
        run(dir.path(), &["vendor/client.json"]).0,
        vec![finding("vendor/client.json", "implicit-grant", "error")]
    );
}

#[test]
fn no_config_and_config_choose_the_file() {
    let dir = repo(&[
        ("client.json", TWO_DAY_TOKENS),
        (".oauthlint.toml", "[rules.long-lived-access-token]\nenabled = false\n"),
        ("other.toml", "[rules.long-lived-access-token]\nseverity = \"error\"\n"),
    ]);
    assert_eq!(run(dir.path(), &["."]).0, vec![]);
    assert_eq!(
        run(dir.path(), &[".", "--no-config"]).0,
        vec![finding("client.json", "long-lived-access-token", "warning")]
    );
    assert_eq!(
        run(dir.path(), &[".", "--config", "other.toml"]).0,
        vec![finding("client.json", "long-lived-access-token", "error")]
    );
}

#[test]
fn the_configuration_file_itself_is_not_linted() {
    // It mentions a pointer into `redirect_uris`, which is a tell for client files.
    let dir = repo(&[(
        ".oauthlint.toml",
        "# exceptions for /redirect_uris are made with [[overrides]]\npedantic = false\n",
    )]);
    let out = oauthlint()
        .current_dir(dir.path())
        .args([".", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files_scanned"], 0, "{json:#}");
}

#[test]
fn mistakes_stop_the_run_with_their_place_and_a_suggestion() {
    let dir = configured_repo(
        &[("client.json", IMPLICIT)],
        "pedantic = false\n[rules.implicit-grnt]\nenabled = false\n",
    );
    assert_eq!(
        rejected(dir.path(), &["."]),
        "oauthlint: error: .oauthlint.toml:2:8: unknown rule `implicit-grnt` (did you mean `implicit-grant`?)\n"
    );
    configure(dir.path(), "extend = \".oauthlint.toml\"\n");
    assert!(rejected(dir.path(), &["."]).contains("`extend` goes round in a circle"));
    assert!(rejected(dir.path(), &[".", "--config", "missing.toml"])
        .starts_with("oauthlint: error: missing.toml: cannot read the configuration:"));
    // Only another configuration is read: not `/dev/zero`, `/etc/passwd` or a private key.
    configure(dir.path(), "extend = \"/dev/zero\"\n");
    assert_eq!(
        rejected(dir.path(), &["."]),
        "oauthlint: error: .oauthlint.toml:1:10: `extend` names another configuration file, a `.toml` file\n"
    );
    // A pipe never ends: it is refused, not opened.
    #[cfg(unix)]
    {
        let fifo = dir.path().join("pipe.toml");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        configure(dir.path(), "extend = \"pipe.toml\"\n");
        assert_eq!(
            rejected(dir.path(), &["."]),
            "oauthlint: error: pipe.toml: cannot read the configuration: not a regular file\n"
        );
    }
}

/// A public client with two plain-http redirect URIs: two `redirect-uri-http` errors, at
/// `/redirect_uris/0` and `/redirect_uris/1`.
const TWO_HTTP_REDIRECTS: &str = r#"{
  "client_id": "kiosk",
  "token_endpoint_auth_method": "none",
  "grant_types": ["authorization_code"],
  "redirect_uris": ["http://kiosk.example.com/a", "http://kiosk.example.com/b"]
}
"#;

/// `(pointer, rule)` of each finding, and the `suppressed` count, for a run in `dir`.
fn pointers(dir: &Path, args: &[&str]) -> (Vec<(String, String)>, u64) {
    let out = oauthlint()
        .current_dir(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["pointer"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (found, json["summary"]["suppressed"].as_u64().unwrap())
}

#[test]
fn an_ignore_entry_suppresses_one_rule_at_one_pointer_until_it_expires() {
    let entry = |expires: &str| {
        format!(
            "[[ignore]]\nfiles = [\"clients/*.json\"]\npointer = \"/redirect_uris/1\"\n\
             rules = [\"redirect-uri-http\"]\nreason = \"legacy kiosk\"\nexpires = {expires}\n"
        )
    };
    let dir = configured_repo(&[("clients/kiosk.json", TWO_HTTP_REDIRECTS)], &entry("2999-12-31"));
    let only_http = [".", "--select", "redirect-uri-http"];
    assert_eq!(
        pointers(dir.path(), &only_http),
        (vec![("/redirect_uris/0".into(), "redirect-uri-http".into())], 1)
    );
    // Expired: both findings are back.
    configure(dir.path(), &entry("2020-01-31"));
    assert_eq!(pointers(dir.path(), &only_http).1, 0);
    assert_eq!(pointers(dir.path(), &only_http).0.len(), 2);
}

#[test]
fn an_inline_comment_suppresses_its_line_and_a_stale_one_is_reported() {
    let yaml = "\
clients:
  - clientId: kiosk
    publicClient: true
    standardFlowEnabled: true
    attributes:
      pkce.code.challenge.method: S256
    redirectUris:
      # oauthlint: ignore[redirect-uri-http] office network only
      - http://kiosk.example.com/a
      - https://kiosk.example.com/b # oauthlint: ignore[redirect-uri-http] no longer needed
";
    let dir = repo(&[("realm.yaml", yaml)]);
    let (found, suppressed) = pointers(
        dir.path(),
        &[".", "--ignore", "refresh-token-public-client-unprotected"],
    );
    assert_eq!(found, vec![("".to_string(), "unused-suppression".to_string())]);
    assert_eq!(suppressed, 1);
    let concise = String::from_utf8(
        oauthlint()
            .current_dir(dir.path())
            .args([
                ".",
                "--format",
                "concise",
                "--select",
                "unused-suppression",
                "--select",
                "redirect-uri-http",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(
        concise,
        "realm.yaml:10:57: warning[unused-suppression] `redirect-uri-http` reports nothing on line 10: \
         this suppression is no longer needed\n"
    );
}

#[test]
fn a_pinned_type_replaces_the_inferred_one() {
    // Nothing in the file says what this client is.
    let bare = r#"{"client_id": "mystery", "redirect_uris": ["https://m.example.com/cb"]}"#;
    let dir = configured_repo(
        &[("clients/mystery.json", bare)],
        "[clients.\"clients/mystery.json#/\"]\ntype = \"spa\"\n",
    );
    let out = oauthlint()
        .current_dir(dir.path())
        .args(["inspect", "clients/mystery.json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("type:       spa (authoritative confidence)"), "{text}");
    assert!(text.contains("type pinned to spa in .oauthlint.toml"), "{text}");
}

/// A confidential web client whose secret and redirect host are written in the project's own
/// template syntax, `[[NAME]]`, which the built-in grammar does not know.
const BRACKET_TEMPLATE: &str = r#"{
  "client_id": "web",
  "client_secret": "[[WEB_SECRET]]",
  "token_endpoint_auth_method": "client_secret_basic",
  "grant_types": ["authorization_code"],
  "redirect_uris": ["https://[[HOST]]/cb"]
}
"#;

#[test]
fn configured_placeholders_are_not_judged_as_secrets_or_hosts() {
    let dir = repo(&[("client.json", BRACKET_TEMPLATE)]);
    let (before, _) = run(dir.path(), &["."]);
    let rules: Vec<&str> = before.iter().map(|(_, r, _)| r.as_str()).collect();
    assert!(rules.contains(&"weak-client-secret"), "{rules:?}");
    assert!(rules.contains(&"plaintext-secret-in-file"), "{rules:?}");
    assert!(rules.contains(&"redirect-uri-invalid"), "{rules:?}");
    configure(dir.path(), "placeholders = [\"[[NAME]]\"]\n");
    let (after, _) = run(dir.path(), &["."]);
    let rules: Vec<&str> = after.iter().map(|(_, r, _)| r.as_str()).collect();
    for gone in ["weak-client-secret", "plaintext-secret-in-file", "redirect-uri-invalid"] {
        assert!(!rules.contains(&gone), "{gone} still reported: {rules:?}");
    }
}

#[test]
fn a_placeholder_pattern_without_a_name_is_refused_where_it_is_written() {
    let dir = configured_repo(&[("client.json", IMPLICIT)], "placeholders = [\"[[X]]\"]\n");
    assert_eq!(
        rejected(dir.path(), &["."]),
        "oauthlint: error: .oauthlint.toml:1:17: placeholder pattern `[[X]]` has no `NAME`: write where the name goes, e.g. `[[NAME]]`\n"
    );
    configure(dir.path(), "placeholder = [\"[[NAME]]\"]\n");
    assert!(rejected(dir.path(), &["."]).contains("(did you mean `placeholders`?)"));
}
