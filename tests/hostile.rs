//! Hostile inputs, generated at test time: each case is linted beside a good file, and the run must end
//! by itself, exit 0, 1 or 3, print the JSON contract, and still report the good file, and show what
//! each class of attack must additionally show.

// One module per class of attack on an untrusted pull request; the helpers below serve them all.
#[path = "hostile/bounds.rs"]
mod bounds;
#[path = "hostile/filesystem.rs"]
mod filesystem;
#[path = "hostile/forged_output.rs"]
mod forged_output;
#[path = "hostile/secrets.rs"]
mod secrets;
#[path = "hostile/suppressions.rs"]
mod suppressions;
#[path = "hostile/terraform.rs"]
mod terraform;

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const GOOD: &[u8] = br#"{"client_id": "ok", "redirect_uris": ["http://ok.example.com/cb"], "grant_types": ["authorization_code"], "token_endpoint_auth_method": "none"}
"#;

struct Outcome {
    code: i32,
    json: Value,
}

impl Outcome {
    fn rules_in<'a>(&'a self, file: &'a str) -> Vec<&'a str> {
        self.findings_in(file).filter_map(|f| f["rule"].as_str()).collect()
    }
    fn findings_in<'a>(&'a self, file: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(move |f| f["path"] == file)
    }
    fn error_for(&self, file: &str) -> Option<&str> {
        self.json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == file)
            .and_then(|e| e["message"].as_str())
    }
}

/// Lints a folder holding `good.json` and whatever `setup` writes; checks the invariants every case
/// shares and returns the outcome for the case's own checks.
fn lint_beside_good(setup: impl FnOnce(&Path)) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), GOOD).unwrap();
    setup(dir.path());
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "json", "--no-config", "--fail-on", "never"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed (timeout or signal); stderr: {stderr}"));
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert!(matches!(code, 0 | 1 | 3), "exit {code}: {stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("the JSON contract on stdout");
    let outcome = Outcome { code, json };
    assert!(
        outcome.json["clients"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "good.json"),
        "the good file beside the hostile one was not reported"
    );
    outcome
}

fn write_case(name: &str, bytes: Vec<u8>) -> Outcome {
    lint_beside_good(|dir| std::fs::write(dir.join(name), bytes).unwrap())
}

fn nested(open: &str, inner: &str, close: &str, depth: usize) -> Vec<u8> {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth)).into_bytes()
}

#[test]
fn deep_json_arrays_and_objects_are_parse_errors_not_stack_overflows() {
    for (name, body) in [
        ("deep-array.json", nested("[", "", "]", 200_000)),
        ("deep-object.json", nested(r#"{"a":"#, "1", "}", 100_000)),
    ] {
        let mut text = br#"{"redirect_uris": ["https://a.example/cb"], "x": "#.to_vec();
        text.extend(body);
        text.push(b'}');
        let out = write_case(name, text);
        assert_eq!(out.rules_in(name), ["parse-error"], "{name}");
        let message = out.findings_in(name).next().unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(message.contains("nest"), "{name}: {message}");
    }
}

#[test]
fn deep_toml_and_yaml_are_parse_errors_not_stack_overflows() {
    // 2,000 levels (4 MB) is far past the depth limit; the script's 20,000 (400 MB) is only over the
    // size limit.
    let mut deep_map: Vec<u8> = (0..2_000)
        .flat_map(|i| format!("{}k{i}:\n", "  ".repeat(i)).into_bytes())
        .collect();
    deep_map.extend(format!("{}redirect_uris: [x]\n", "  ".repeat(2_000)).into_bytes());
    for (name, text) in [
        (
            "deep.toml",
            [
                b"redirect_uris = ".to_vec(),
                nested("[", "", "]", 10_000),
                b"\n".to_vec(),
            ]
            .concat(),
        ),
        (
            "deep.yaml",
            [b"redirect_uris:\n".to_vec(), b"- ".repeat(100_000), b"x\n".to_vec()].concat(),
        ),
        ("deep-map.yaml", deep_map),
    ] {
        let out = write_case(name, text);
        assert_eq!(out.rules_in(name), ["parse-error"], "{name}");
    }
}

#[test]
fn a_finding_on_a_70000_column_line_is_reported_with_its_location() {
    let line = format!(
        r#"{{"client_id": "min", "description": "{}", "redirect_uris": ["http://minified.example.com/cb"], "grant_types": ["implicit"], "response_types": ["token"], "token_endpoint_auth_method": "none"}}"#,
        "x".repeat(70_000)
    );
    // implicit-grant points at the `token` response type.
    let column_of_token = line.find(r#""token""#).unwrap() + 1;
    let out = write_case("long-line.json", line.into_bytes());
    let implicit = out
        .findings_in("long-line.json")
        .find(|f| f["rule"] == "implicit-grant")
        .expect("implicit-grant on the long line");
    assert_eq!(implicit["span"]["start"]["line"], 1);
    assert_eq!(implicit["span"]["start"]["column"], column_of_token);
    // The full format skips the snippet for such lines but still names the place.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("long-line.json"),
        format!(
            r#"{{"d": "{}", "redirect_uris": ["https://a.example.com/cb"], "grant_types": ["implicit"], "token_endpoint_auth_method": "none"}}"#,
            "x".repeat(70_000)
        ),
    )
    .unwrap();
    let full = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["long-line.json", "--format", "full", "--color", "never"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&full.stdout);
    assert!(stdout.contains("implicit-grant"), "{stdout}");
    assert!(stdout.contains("long-line.json:1:"), "{stdout}");
    assert!(stdout.len() < 10_000, "the 70,000-column line must not be printed");
}

#[test]
fn undecodable_bytes_are_parse_errors_for_their_file_only() {
    let mut seed: u64 = 7;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            // xorshift: fixed bytes on every run, no dependency.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    for (name, text) in [
        (
            "invalid-utf8.json",
            b"{\"redirect_uris\": [\"https://a.example/\xff\xfe\"], \"grant_types\": [\"authorization_code\"]}"
                .to_vec(),
        ),
        (
            "nul-bytes.json",
            b"{\"redirect_uris\": [\"https://a\x00.example/cb\"]}\x00\x00".to_vec(),
        ),
        // Named like a Google client file, so parsed even without any tell.
        ("client_secret_random.json", random.clone()),
    ] {
        let out = write_case(name, text);
        assert_eq!(out.rules_in(name), ["parse-error"], "{name}");
    }
    // The walk skips a random blob with no tell and no client-file name, quietly.
    let out = write_case("random-bytes.json", random);
    assert_eq!(out.findings_in("random-bytes.json").count(), 0);
}

#[test]
fn odd_but_valid_json_is_read() {
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(GOOD);
    let out = write_case("bom.json", bom);
    assert!(out.rules_in("bom.json").iter().all(|r| *r != "parse-error"));
    assert!(out.json["clients"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["path"] == "bom.json"));

    let out = write_case(
        "huge-number.json",
        br#"{"redirect_uris": ["https://a.example/cb"], "client_secret_expires_at": 1e999999, "default_max_age": -0}"#
            .to_vec(),
    );
    assert!(!out.rules_in("huge-number.json").contains(&"parse-error"));

    let out = write_case(
        "lone-surrogate.json",
        br#"{"client_id": "\ud800", "redirect_uris": ["https://a.example/\udfff"]}"#.to_vec(),
    );
    assert!(out.findings_in("lone-surrogate.json").count() <= 1);

    let out = write_case(
        "duplicate-keys.json",
        br#"{"redirect_uris": ["https://a.example/cb"], "redirect_uris": ["http://b.example/cb"]}"#.to_vec(),
    );
    assert!(out.rules_in("duplicate-keys.json").contains(&"duplicate-key"));

    let out = write_case("empty.json", Vec::new());
    assert_eq!(out.findings_in("empty.json").count(), 0);
}

#[test]
fn a_one_megabyte_uri_is_analysed_without_blowing_up() {
    let text = format!(
        r#"{{"redirect_uris": ["https://a.example/{}"], "grant_types": ["authorization_code"]}}"#,
        "a".repeat(1_000_000)
    );
    let out = write_case("long-uri.json", text.into_bytes());
    assert!(!out.rules_in("long-uri.json").contains(&"parse-error"));
    let printed = out.json.to_string();
    assert!(printed.len() < 200_000, "the megabyte URI must not be echoed in full");
}

#[test]
fn hostile_x5c_certificates_are_unreadable_certificates_not_crashes() {
    // A 4 MB base64 run, a DER header claiming a 4 GB certificate, garbage, and 2,000 copies of the
    // first bytes of a certificate.
    let huge = "A".repeat(4_000_000);
    let claims_4gb = format!("MIT/////{}", "A".repeat(1000));
    let mut x5cs = vec![
        huge.as_str(),
        claims_4gb.as_str(),
        "%%%",
        "MIIBOTCB4KADAgECAhQJkDXheyjFUK5V",
    ];
    x5cs.extend(std::iter::repeat_n("MIIBOTCB4KADAgECAhQJkDXh", 2_000));
    let keys: Vec<String> = x5cs
        .iter()
        .enumerate()
        .map(|(i, x)| format!(r#"{{"kty": "EC", "kid": "k{i}", "x5c": ["{x}"]}}"#))
        .collect();
    let text = format!(
        r#"{{"client_id": "x5c", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt", "jwks": {{"keys": [{}]}}}}"#,
        keys.join(",")
    );
    let out = write_case("x5c.json", text.into_bytes());
    let unreadable = out
        .findings_in("x5c.json")
        .filter(|f| {
            f["message"]
                .as_str()
                .unwrap()
                .starts_with("`x5c[0]` is not a DER certificate")
        })
        .count();
    assert_eq!(unreadable, x5cs.len());
    assert!(
        out.json.to_string().len() < 2_000_000,
        "the certificates must not be echoed"
    );
}

#[test]
fn a_yaml_alias_bomb_is_stopped() {
    let mut lines = vec![r#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#.to_string()];
    for i in 1..10u8 {
        let (prev, cur) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        lines.push(format!("{cur}: &{cur} [{}]", vec![format!("*{prev}"); 9].join(", ")));
    }
    lines.push("redirect_uris: *j\ngrant_types: [authorization_code]\n".into());
    let out = write_case("alias-bomb.yaml", lines.join("\n").into_bytes());
    let message = out.findings_in("alias-bomb.yaml").next().expect("a parse error")["message"].to_string();
    assert!(message.contains("alias"), "{message}");
}

#[test]
fn placeholders_and_cloudformation_tags_are_unresolved_values_not_defects() {
    let out = write_case(
        "auth0-placeholders.yaml",
        b"clients:\n  - name: web\n    app_type: spa\n    callbacks: @@CALLBACKS@@\n    grant_types: ['implicit']\ntenant:\n  friendly_name: x\n".to_vec(),
    );
    let rules = out.rules_in("auth0-placeholders.yaml");
    assert!(!rules.contains(&"parse-error"), "{rules:?}");
    assert!(!rules.iter().any(|r| r.starts_with("redirect-uri-")), "{rules:?}");

    let out = write_case(
        "cloudformation-tags.yaml",
        b"Resources:\n  C:\n    Type: AWS::Cognito::UserPoolClient\n    Properties:\n      UserPoolId: !Ref Pool\n      CallbackURLs: [!Sub 'https://${Domain}/cb']\n      AllowedOAuthFlows: [implicit]\n".to_vec(),
    );
    let rules = out.rules_in("cloudformation-tags.yaml");
    assert!(!rules.contains(&"parse-error"), "{rules:?}");
    assert!(!rules.iter().any(|r| r.starts_with("redirect-uri-")), "{rules:?}");
}

#[test]
fn a_file_over_the_size_limit_is_skipped_and_counted() {
    let out = lint_beside_good(|dir| {
        let mut text = br#"{"redirect_uris": ["http://huge.example/cb"], "pad": ""#.to_vec();
        // Over the default --max-file-size, 64 MiB.
        text.resize(text.len() + (64 << 20), b'y');
        text.extend(br#""}"#);
        std::fs::write(dir.join("huge.json"), text).unwrap();
    });
    assert_eq!(out.json["summary"]["skipped_too_large"], 1);
    assert_eq!(out.findings_in("huge.json").count(), 0);
}

#[test]
fn every_format_says_when_a_file_was_skipped_for_its_size() {
    use clap::ValueEnum;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), GOOD).unwrap();
    std::fs::write(
        dir.path().join("big.json"),
        format!(r#"{{"redirect_uris": [], "pad": "{}"}}"#, "y".repeat(2048)),
    )
    .unwrap();
    for format in oauthlint::report::Format::value_variants() {
        let format = format.to_possible_value().unwrap().get_name().to_string();
        let out = Command::cargo_bin("oauthlint")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "check",
                ".",
                "--max-file-size",
                "1024",
                "--color",
                "never",
                "--format",
                &format,
            ])
            .output()
            .unwrap();
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let told = shown.contains("big.json: skipped, larger than --max-file-size")
            || (format == "json" && shown.contains(r#""skipped_too_large": 1"#));
        assert!(told, "{format} does not say big.json was skipped:\n{shown}");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: a skipped file is not an input error"
        );
    }
}

#[cfg(unix)]
#[test]
fn named_pipes_and_symlink_loops_are_never_followed() {
    let out = lint_beside_good(|dir| {
        let fifo = dir.join("fifo.json");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());
        std::fs::create_dir(dir.join("loop")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("loop").join("up")).unwrap();
    });
    assert_eq!(out.code, 0, "the good file has no error and nothing blocked");
    assert_eq!(
        out.error_for("fifo.json"),
        None,
        "a pipe found by the walk is not an input error"
    );
}

/// A file that does not parse has no tree to find its secrets in, and parsers quote source text in
/// their messages and snippets: the secrets in broken files must still never be shown, in any format.
#[test]
fn secrets_in_files_that_do_not_parse_are_never_shown() {
    use clap::ValueEnum;
    let secret = "Xq7vR2mPz9LkW4tN8bYc";
    let pem_body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
    let jwk_d = "nT0YqbbkJw3CvZx-8uFgSk4mWd2";
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("unterminated.toml", format!("client_secret = \"{secret}\nredirect_uris = [\"https://a\"]\n")),
        ("missing-comma.json", format!(r#"{{"client_secret": "{secret}" "x": 1, "redirect_uris": []}}"#)),
        ("unquoted.json", format!(r#"{{"clientSecret": {secret}, "redirect_uris": []}}"#)),
        ("bad-indent.yaml", format!("secret: \"{secret}\nredirect_uris: [a\n")),
        (
            "pem.json",
            format!(
                "{{\"redirect_uris\": [], \"private_key\": \"-----BEGIN PRIVATE KEY-----\n{pem_body}\n-----END PRIVATE KEY-----\"\n"
            ),
        ),
        ("jwk.json", format!(r#"{{"redirect_uris": [], "jwks": {{"keys": [{{"kty": "RSA", "d": "{jwk_d}" "n": "x"}}]}}}}"#)),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for format in oauthlint::report::Format::value_variants() {
        let format = format.to_possible_value().unwrap().get_name().to_string();
        let out = Command::cargo_bin("oauthlint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", ".", "--color", "never", "--format", &format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(shown.matches("parse-error").count() >= files.len(), "{format}: {shown}");
        for needle in [secret, pem_body, jwk_d] {
            assert!(!shown.contains(needle), "{format} shows a secret:\n{shown}");
        }
    }
}
