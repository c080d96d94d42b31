//! Hostile inputs: forged output. File names, keys, values and parser messages come from a stranger's
//! pull request; none of them may act on what reads the output: a terminal (ESC, OSC 8, OSC 52, BEL),
//! a CI runner (`::command` at a line's start, `##[command]` anywhere), a Markdown renderer (links,
//! HTML, entities) or a reviewer (bidi controls, CVE-2021-42574). Each shows as a visible escape.

use super::*;
use std::path::PathBuf;

/// A hostile file name per trick: a workflow command, a line break that starts one, an OSC 8
/// hyperlink with BEL, a right-to-left override that hides the real extension.
const WORKFLOW_NAME: &str = "::warning file=README.md::ok.json";
const NEWLINE_NAME: &str = "nl\n::error::x.json";
const OSC8_NAME: &str = "osc8-\x1b]8;;https:evil\x07click\x1b]8;;\x07.json";
const RTL_NAME: &str = "rtl-\u{202e}nosj.exe.json";

/// A public client with the implicit grant (so every file draws findings) whose id holds a bidi
/// override and an OSC 52 clipboard write, whose name holds an OSC 8 link, and whose redirect URI
/// holds a line break that would start a workflow command and a `##[` log command.
const HOSTILE_CLIENT: &str = "{\"client_id\": \"spa\u{202e}\\u001b]52;c;ZXZpbA==\\u0007\", \
     \"client_name\": \"Shop\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u0007\", \
     \"redirect_uris\": [\"http://app.example.com/cb\\n::error::forged\", \"http://app.example.com/##[add-mask]x\"], \
     \"grant_types\": [\"implicit\"], \"response_types\": [\"token\"], \"token_endpoint_auth_method\": \"none\"}\n";

fn oauthlint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .args(["--no-config", "--color", "never"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

/// Lints one file, alone in a folder, for one rule in one format; returns the folder for more runs.
fn lint_one(name: &str, text: &str, format: &str, rule: &str) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let out = oauthlint(dir.path(), &["check", ".", "--format", format, "--select", rule]);
    (dir, out)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8 whatever the file names")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8 whatever the file names")
}

/// A tree with every hostile name, each file holding the hostile client.
/// The 1-based column (in characters, as findings count them) where `needle` starts in the client.
fn column_of(needle: &str) -> usize {
    HOSTILE_CLIENT[..HOSTILE_CLIENT.find(needle).unwrap()].chars().count() + 1
}

fn hostile_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in [WORKFLOW_NAME, NEWLINE_NAME, OSC8_NAME, RTL_NAME] {
        std::fs::write(dir.path().join(name), HOSTILE_CLIENT).unwrap();
    }
    dir
}

/// Characters that act or hide instead of showing; line breaks are the output's own.
fn acts_or_hides(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// What no output may hold: a raw control or bidi character, a log command, a line that opens a
/// workflow command (the `github` format's own annotations aside).
fn assert_not_forged(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| acts_or_hides(c)) {
        panic!("{what}: raw {:?} in:\n{text}", c);
    }
    assert!(!text.contains("##["), "{what}: a `##[` log command in:\n{text}");
    for line in text.lines() {
        let own_annotation = what == "github"
            && ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|p| line.starts_with(p));
        assert!(
            own_annotation || !line.trim_start().starts_with("::"),
            "{what}: a line opens a workflow command: {line}"
        );
    }
}

fn format_names() -> Vec<String> {
    use clap::ValueEnum;
    oauthlint::report::Format::value_variants()
        .iter()
        .map(|f| f.to_possible_value().unwrap().get_name().to_string())
        .collect()
}

#[test]
fn no_format_lets_hostile_names_or_values_act_on_stdout_or_stderr() {
    let dir = hostile_tree();
    for format in format_names() {
        let out = oauthlint(dir.path(), &["check", ".", "--format", &format]);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        let shown = stdout(&out);
        assert!(shown.contains("implicit-grant"), "{format}: {shown}");
        assert_not_forged(&format, &shown);
        assert_not_forged(&format!("{format} stderr"), &stderr(&out));
    }
    let out = oauthlint(dir.path(), &["check", ".", "--statistics"]);
    assert_not_forged("--statistics", &stdout(&out));
    assert_not_forged("--statistics stderr", &stderr(&out));
}

#[test]
fn concise_puts_a_name_that_opens_a_workflow_command_behind_dot_slash() {
    let dir = hostile_tree();
    let out = oauthlint(
        dir.path(),
        &["check", ".", "--format", "concise", "--select", "implicit-grant"],
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let column = column_of("\"token\"");
    for name in [
        "./::warning file=README.md::ok.json".to_string(),
        "nl\\n::error::x.json".to_string(),
        "osc8-\\x1b]8;;https:evil\\x07click\\x1b]8;;\\x07.json".to_string(),
        "rtl-\\u{202e}nosj.exe.json".to_string(),
    ] {
        let expected = format!(
            "{name}:1:{column}: error[implicit-grant] response type `token` returns an access token in the browser's URL"
        );
        assert!(lines.contains(&expected.as_str()), "no line `{expected}` in:\n{text}");
    }
    assert_eq!(lines.len(), 4, "{text}");
}

#[test]
fn messages_quoting_values_show_line_breaks_escapes_and_bidi_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("client.json"), HOSTILE_CLIENT).unwrap();
    let out = oauthlint(
        dir.path(),
        &[
            "check",
            ".",
            "--format",
            "concise",
            "--select",
            "redirect-uri-http",
            "--select",
            "invisible-characters",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains(
            "error[redirect-uri-http] redirect URI `http://app.example.com/cb\\n::error::forged` sends codes and tokens over plain http"
        ),
        "{text}"
    );
    assert!(
        text.contains("client id `spa\\u{202e}\\x1b]52;c;ZXZpbA==\\x07` holds `\\u{202e}`, `\\x1b`, `\\x07`"),
        "{text}"
    );
    assert!(
        text.contains("redirect URI `http://app.example.com/#\\x23[add-mask]x` sends codes"),
        "{text}"
    );
}

#[test]
fn full_shows_escapes_in_the_header_message_snippet_and_help() {
    let client = HOSTILE_CLIENT.replace("\\u001b", "\u{202e}");
    let (_dir, out) = lint_one(WORKFLOW_NAME, &client, "full", "implicit-grant");
    let text = stdout(&out);
    assert_not_forged("full", &text);
    assert!(text.contains("[./::warning file=README.md::ok.json:1:"), "{text}");
    assert!(
        text.contains("client `spa\\u{202e}\\u{202e}]52;c;ZXZpbA==\\x07` (rfc7591) inferred spa"),
        "{text}"
    );
    // The snippet shows the source with the bidi controls escaped, and the marker still sits under
    // the `"token"` response type.
    let snippet = text.lines().find(|l| l.starts_with(" 1 │ ")).expect("a snippet line");
    assert!(snippet.contains(r#""client_id": "spa\u{202e}\u{202e}]52"#), "{snippet}");
    let marker = text
        .lines()
        .find(|l| l.contains('┬'))
        .expect("a marker line under the snippet");
    let column = marker.chars().position(|c| c == '┬').unwrap();
    let under: String = snippet.chars().skip(column - 3).take(7).collect();
    assert_eq!(under, "\"token\"", "{snippet}\n{marker}");
}

#[test]
fn full_fallback_for_lines_over_1000_bytes_escapes_line_breaks() {
    let client = format!(
        r#"{{"client_id": "long", "description": "{}", "redirect_uris": ["http://app.example.com/cb\n::error::forged\u001b[2J"], "grant_types": ["authorization_code"], "token_endpoint_auth_method": "none"}}"#,
        "x".repeat(2_000)
    );
    let (_dir, out) = lint_one(NEWLINE_NAME, &client, "full", "redirect-uri-http");
    let text = stdout(&out);
    assert_not_forged("full", &text);
    assert!(
        text.contains(
            "error[redirect-uri-http]: redirect URI `http://app.example.com/cb\\n::error::forged\\x1b[2J` sends codes and tokens over plain http\n  --> nl\\n::error::x.json:1:"
        ),
        "{text}"
    );
    assert!(text.contains("(line too long to show)"), "{text}");
}

#[test]
fn github_annotations_escape_hostile_properties_and_keep_their_own_commands() {
    let dir = hostile_tree();
    let out = oauthlint(
        dir.path(),
        &["check", ".", "--format", "github", "--select", "implicit-grant"],
    );
    let text = stdout(&out);
    assert_not_forged("github", &text);
    let files: Vec<&str> = text
        .lines()
        .map(|l| {
            let rest = l.strip_prefix("::error file=").expect("an error annotation a line");
            &rest[..rest.find(",line=").unwrap()]
        })
        .collect();
    assert_eq!(
        files,
        [
            "%3A%3Awarning file=README.md%3A%3Aok.json",
            "nl\\n%3A%3Aerror%3A%3Ax.json",
            "osc8-\\x1b]8;;https%3Aevil\\x07click\\x1b]8;;\\x07.json",
            "rtl-\\u{202e}nosj.exe.json",
        ]
    );
}

#[test]
fn markdown_fences_code_spans_with_more_backticks_than_they_hold() {
    let good = std::str::from_utf8(GOOD).unwrap();
    let (_dir, out) = lint_one("a``b|`.json", good, "markdown", "redirect-uri-http");
    let text = stdout(&out);
    assert!(
        text.contains("| error | ```a``b\\|`.json:1:39``` | `redirect-uri-http` |"),
        "{text}"
    );
}

#[test]
fn markdown_text_cannot_make_links_html_or_entities() {
    let (_dir, out) = lint_one(
        "links.json",
        r#"{"client_id": "l", "redirect_uris": ["http://a.example/[Approved](https://evil.example)<img src=x onerror=alert(1)>&#x202e;~~x~~"], "token_endpoint_auth_method": "none"}"#,
        "markdown",
        "redirect-uri-http",
    );
    let text = stdout(&out);
    assert!(
        text.contains(
            r"redirect URI \`http://a.example/\[Approved\](https://evil.example)\<img src=x onerror=alert(1)\>\&#x202e;\~\~x\~\~\` sends codes"
        ),
        "{text}"
    );
}

#[test]
fn the_markdown_summary_stays_under_one_mebibyte_and_says_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    // Long folder names make each row about 3 kB: 500 rows would be 1.5 MB.
    let mut folder = PathBuf::from(dir.path());
    for i in 0..12 {
        folder.push(format!("{i}{}", "d".repeat(240)));
    }
    std::fs::create_dir_all(&folder).unwrap();
    let uris: Vec<String> = (0..600).map(|i| format!("\"http://h{i}.example.com/cb\"")).collect();
    std::fs::write(
        folder.join("many.json"),
        format!(
            r#"{{"client_id": "many", "redirect_uris": [{}], "token_endpoint_auth_method": "none"}}"#,
            uris.join(", ")
        ),
    )
    .unwrap();
    let out = oauthlint(
        dir.path(),
        &["check", ".", "--format", "markdown", "--select", "redirect-uri-http"],
    );
    let text = stdout(&out);
    assert!(text.len() <= 1 << 20, "{} bytes", text.len());
    let rows = text.lines().filter(|l| l.starts_with("| error | `")).count();
    assert!(rows > 100, "{rows} rows");
    let last = text.lines().last().unwrap();
    assert_eq!(
        last,
        format!(
            "…and {} more findings left out (GitHub caps a step summary at 1 MiB); see the full report.",
            600 - rows
        )
    );
}

#[test]
fn json_and_jsonl_keep_values_exact_and_write_no_raw_control_or_bidi() {
    let (dir, out) = lint_one(RTL_NAME, HOSTILE_CLIENT, "json", "implicit-grant");
    let raw = stdout(&out);
    assert_not_forged("json", &raw);
    assert!(raw.contains(r#""path": "rtl-\u202enosj.exe.json""#), "{raw}");
    let json: Value = serde_json::from_str(&raw).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["path"], RTL_NAME, "a machine reads the exact path back");
    assert_eq!(finding["client"]["id"], "spa\u{202e}\x1b]52;c;ZXZpbA==\x07");

    let out = oauthlint(
        dir.path(),
        &["check", ".", "--format", "jsonl", "--select", "invisible-characters"],
    );
    let raw = stdout(&out);
    assert_not_forged("jsonl", &raw);
    let messages: Vec<String> = raw
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["message"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let about_the_id = messages.iter().find(|m| m.starts_with("client id")).unwrap();
    assert_eq!(
        about_the_id,
        r"client id `spa\u{202e}\x1b]52;c;ZXZpbA==\x07` holds `\u{202e}`, `\x1b`, `\x07`: bidi controls reorder what a reviewer reads, so it is not what it looks like",
        "the message a person reads holds visible escapes, not the characters"
    );
}

#[test]
fn sarif_gitlab_and_junit_messages_show_escapes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(WORKFLOW_NAME), HOSTILE_CLIENT).unwrap();
    let args = |format| ["check", ".", "--format", format, "--select", "redirect-uri-http"];
    let expected = r"redirect URI `http://app.example.com/cb\n::error::forged` sends codes and tokens over plain http";

    let sarif: Value = serde_json::from_slice(&oauthlint(dir.path(), &args("sarif")).stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert!(
        result["message"]["text"].as_str().unwrap().starts_with(expected),
        "{result}"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%3A%3Awarning%20file=README.md%3A%3Aok.json"
    );

    let gitlab: Value = serde_json::from_slice(&oauthlint(dir.path(), &args("gitlab")).stdout).unwrap();
    assert!(
        gitlab[0]["description"].as_str().unwrap().starts_with(expected),
        "{gitlab}"
    );

    let junit = stdout(&oauthlint(dir.path(), &args("junit")));
    assert_not_forged("junit", &junit);
    let failure_lines: Vec<&str> = junit.lines().filter(|l| l.starts_with("./::warning")).collect();
    assert_eq!(failure_lines.len(), 1, "{junit}");
    assert!(
        junit.contains(&format!(
            ">./::warning file=README.md::ok.json:1:{}: error: {expected}\n./::warning",
            column_of("\"http://app")
        )),
        "each finding of the failure on its own line, opened by the escaped path:\n{junit}"
    );
}

#[test]
fn stderr_notes_about_unreadable_and_skipped_files_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), GOOD).unwrap();
    let big = "big\x1b]52;c;ZXZpbA==\x07\n::error::x.json";
    std::fs::write(
        dir.path().join(big),
        format!(r#"{{"redirect_uris": [], "pad": "{}"}}"#, "y".repeat(4096)),
    )
    .unwrap();
    let missing = "gone\u{202e}\n::error::y.json";
    for format in ["jsonl", "gitlab", "json"] {
        let out = oauthlint(
            dir.path(),
            &[
                "check",
                ".",
                missing,
                "--format",
                format,
                "--max-file-size",
                "1024",
                "--statistics",
            ],
        );
        assert_eq!(out.status.code(), Some(3), "{format}");
        let err = stderr(&out);
        assert_not_forged(&format!("{format} stderr"), &err);
        let lines: Vec<&str> = err.lines().collect();
        assert!(
            lines
                .contains(&"oauthlint: error: gone\\u{202e}\\n::error::y.json: No such file or directory (os error 2)"),
            "{format}: {err}"
        );
        assert!(
            lines.contains(
                &"oauthlint: note: big\\x1b]52;c;ZXZpbA==\\x07\\n::error::x.json: skipped, larger than --max-file-size"
            ),
            "{format}: {err}"
        );
    }
}

#[test]
fn configuration_errors_show_hostile_keys_escaped_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), GOOD).unwrap();
    for (config, expected) in [
        (
            "\"\\u202Efail\\u001B]52;c;ZXZpbA==\\u0007\\n::error::forged\" = 1\n",
            "oauthlint: error: .oauthlint.toml:1:1: unknown key `\\u{202e}fail\\x1b]52;c;ZXZpbA==\\x07\\n::error::forged`",
        ),
        (
            "[rules.\"\\u001B[2J\\n::warning::x\"]\nseverity = \"error\"\n",
            "oauthlint: error: .oauthlint.toml:1:8: unknown rule `\\x1b[2J\\n::warning::x`",
        ),
        (
            "fail-on = \"##[add-mask]\\u0007\"\n",
            "oauthlint: error: .oauthlint.toml:1:11: `fail-on` cannot be `#\\x23[add-mask]\\x07`; one of: error, warning, note, never",
        ),
    ] {
        std::fs::write(dir.path().join(".oauthlint.toml"), config).unwrap();
        let out = Command::cargo_bin("oauthlint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", ".", "--format", "concise"])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(stderr(&out), format!("{expected}\n"));
    }
}

#[test]
fn an_unparsable_file_is_shown_with_its_source_escaped_and_the_marker_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let text = "{\"client_id\": \"x\" \"\x1b]52;c;ZXZpbA==\x07\u{202e}\": 1, \"redirect_uris\": []}";
    std::fs::write(dir.path().join("broken.json"), text).unwrap();
    for format in format_names() {
        let out = oauthlint(dir.path(), &["check", ".", "--format", &format]);
        assert_not_forged(&format, &stdout(&out));
        assert!(stdout(&out).contains("parse-error"), "{format}");
    }
    let full = stdout(&oauthlint(dir.path(), &["check", ".", "--format", "full"]));
    let snippet = full.lines().find(|l| l.starts_with(" 1 │ ")).expect("a snippet line");
    assert_eq!(
        snippet,
        r#" 1 │ {"client_id": "x" "\x1b]52;c;ZXZpbA==\x07\u{202e}": 1, "redirect_uris": []}"#
    );

    // Hidden characters before the place parsing stopped: the marker still points at it, in the
    // escaped snippet.
    std::fs::write(
        dir.path().join("broken.json"),
        "{\"client_name\": \"\u{202e}\u{2066}\u{200b}\" \"x\": 1, \"redirect_uris\": []}",
    )
    .unwrap();
    let full = stdout(&oauthlint(dir.path(), &["check", ".", "--format", "full"]));
    let snippet: Vec<char> = full
        .lines()
        .find(|l| l.starts_with(" 1 │ "))
        .expect("a snippet line")
        .chars()
        .collect();
    let shown: String = snippet.iter().collect();
    assert!(
        shown.ends_with(r#"{"client_name": "\u{202e}\u{2066}\u{200b}" "x": 1, "redirect_uris": []}"#),
        "{shown}"
    );
    let marker = full.lines().find(|l| l.contains('▲')).expect("a marker");
    let at = marker.chars().position(|c| c == '▲').unwrap();
    assert_eq!(
        (snippet[at - 1], snippet[at], snippet[at + 1]),
        ('"', ' ', '"'),
        "the marker is under the gap after the name:\n{shown}\n{marker}"
    );
}

#[test]
fn a_duplicated_hostile_key_is_named_escaped() {
    let (_dir, out) = lint_one(
        "dup.yaml",
        "redirect_uris: [https://a.example/cb]\n\"\\e[2J\\u202e::k\": 1\n\"\\e[2J\\u202e::k\": 2\n",
        "concise",
        "duplicate-key",
    );
    assert_eq!(
        stdout(&out),
        "dup.yaml:3:2: warning[duplicate-key] key `\\x1b[2J\\u{202e}::k` appears twice in this object; the last one wins\n"
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_keep_distinct_escaped_paths_and_fingerprints() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for name in [&b"caf\xe9.json"[..], b"caf\xe8.json", b"caf\\xe9.json"] {
        std::fs::write(dir.path().join(std::ffi::OsStr::from_bytes(name)), GOOD).unwrap();
    }
    let out = oauthlint(
        dir.path(),
        &["check", ".", "--format", "json", "--select", "redirect-uri-http"],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let paths: Vec<&str> = findings.iter().map(|f| f["path"].as_str().unwrap()).collect();
    // A real backslash is doubled, so the name spelled `caf\xe9.json` is not the byte 0xE9.
    assert_eq!(paths, [r"caf\\xe9.json", r"caf\xe8.json", r"caf\xe9.json"]);
    let mut fingerprints: Vec<&str> = findings.iter().map(|f| f["fingerprint"].as_str().unwrap()).collect();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 3, "one fingerprint a file");

    let concise = stdout(&oauthlint(
        dir.path(),
        &["check", ".", "--format", "concise", "--select", "redirect-uri-http"],
    ));
    assert!(
        concise.contains("\ncaf\\xe8.json:1:39: error[redirect-uri-http]"),
        "{concise}"
    );
    // SARIF names the file by its bytes on disk, so code scanning finds it.
    let sarif: Value = serde_json::from_slice(
        &oauthlint(
            dir.path(),
            &["check", ".", "--format", "sarif", "--select", "redirect-uri-http"],
        )
        .stdout,
    )
    .unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["caf%5Cxe9.json", "caf%E8.json", "caf%E9.json"]);
}

#[test]
fn invisible_characters_are_reported_in_ids_names_and_uris() {
    let (_dir, out) = lint_one(
        "client.json",
        "{\"client_id\": \"billing\u{202e}evil\",\n \"client_name\": \"Bil\u{200b}ling\",\n \"redirect_uris\": [\"https://billing.example.com/c\\u001bb\"],\n \"jwks_uri\": \"https://billing.example.com/\u{2066}keys\"}\n",
        "json",
        "invisible-characters",
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(&str, &str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["pointer"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // A name has no location of its own: the finding is on the client.
            (
                "",
                "warning",
                r"client name `Bil\u{200b}ling` holds `\u{200b}`: invisible characters make it differ from the value it looks like"
            ),
            (
                "/client_id",
                "error",
                r"client id `billing\u{202e}evil` holds `\u{202e}`: bidi controls reorder what a reviewer reads, so it is not what it looks like"
            ),
            (
                "/redirect_uris/0",
                "error",
                r"redirect URI `https://billing.example.com/c\x1bb` holds `\x1b`: control characters act on the terminal or log that shows them instead of showing"
            ),
            (
                "/jwks_uri",
                "error",
                r"URI `https://billing.example.com/\u{2066}keys` holds `\u{2066}`: bidi controls reorder what a reviewer reads, so it is not what it looks like"
            ),
        ]
    );
}

#[test]
fn inspect_escapes_names_pointers_ids_and_evidence() {
    let dir = hostile_tree();
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["inspect", "."])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_not_forged("inspect", &text);
    assert!(
        text.contains("./::warning file=README.md::ok.json# — client `spa\\u{202e}\\x1b]52;c;ZXZpbA==\\x07`"),
        "{text}"
    );
    assert!(text.contains("nl\\n::error::x.json# — client"), "{text}");
}

/// `--diff` prints the file's own lines: a line that is a workflow command once the runner trims
/// the diff's leading blank, and a bidi override in a comment, show as escapes.
#[test]
fn diff_lines_forge_no_command_and_hide_no_text() {
    let text = "client_id: spa # \u{202e}evil\ndescription: |\n  ::error::forged\ntoken_endpoint_auth_method: none\nredirect_uris:\n  - https://spa.example.com/cb\ngrant_types:\n  - implicit\n  - authorization_code\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("spa.yaml"), text).unwrap();
    let out = oauthlint(dir.path(), &["check", "spa.yaml", "--diff"]);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{diff}");
    assert!(diff.contains("-  - implicit"), "{diff}");
    assert!(!diff.contains('\u{202e}'), "{diff}");
    assert!(!diff.lines().any(|l| l.trim_start().starts_with("::")), "{diff}");
    assert!(!diff.contains("##["), "{diff}");
}
