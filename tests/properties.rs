//! Properties over generated client files: whatever the input, every finding points inside its file on
//! character boundaries, line and column agree with the byte offset, and linting is deterministic.

mod common;

use oauthlint::config::Settings;
use oauthlint::report::{emit, Format, SourceRoot, View};
use oauthlint::Run;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Keys the adapters read, in the spellings of several formats, so generated objects reach the rules.
const KEYS: &[&str] = &[
    "client_id",
    "client_name",
    "redirect_uris",
    "post_logout_redirect_uris",
    "grant_types",
    "response_types",
    "token_endpoint_auth_method",
    "client_secret",
    "application_type",
    "jwks",
    "jwks_uri",
    "scope",
    "clientId",
    "publicClient",
    "redirectUris",
    "webOrigins",
    "secret",
    "standardFlowEnabled",
    "implicitFlowEnabled",
    "directAccessGrantsEnabled",
    "attributes",
];

/// Strings that hit the interesting paths (URIs of every class, placeholders, grant names), plus
/// arbitrary text with multi-byte characters and line breaks.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "https://app.example.com/cb",
            "http://localhost:8080/cb",
            "http://127.0.0.1/cb",
            "http://[::1]:3000/",
            "com.example.app:/oauth",
            "myapp://cb",
            "https://*.example.com/*",
            "*",
            "+",
            "https://exämple.com/ç#frag",
            "https://user:pw@example.com/",
            "javascript:alert(1)",
            "${REDIRECT}",
            "@@CALLBACK@@",
            "{{ .Values.uri }}",
            "authorization_code",
            "implicit",
            "password",
            "client_credentials",
            "refresh_token",
            "code id_token token",
            "none",
            "client_secret_basic",
            "private_key_jwt",
            "native",
            "web",
            "S256",
            "plain",
            "aaaaaaaa",
        ])
        .prop_map(String::from),
        "\\PC{0,24}",
        "[a-z\u{e9}\u{1F600}\n\t\"\\\\ ]{0,12}",
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        text().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(Value::Null),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

/// Mostly the value's usual type for its key (so the rules run), sometimes anything at all.
fn value_for(key: &'static str) -> BoxedStrategy<Value> {
    let typed = match key {
        "redirect_uris"
        | "post_logout_redirect_uris"
        | "grant_types"
        | "response_types"
        | "redirectUris"
        | "webOrigins" => prop::collection::vec(text(), 0..4).prop_map(Value::from).boxed(),
        "publicClient" | "standardFlowEnabled" | "implicitFlowEnabled" | "directAccessGrantsEnabled" => {
            any::<bool>().prop_map(Value::from).boxed()
        }
        _ => text().prop_map(Value::from).boxed(),
    };
    prop_oneof![4 => typed, 1 => value()].boxed()
}

fn client() -> impl Strategy<Value = Value> {
    prop::sample::subsequence(KEYS, 0..=KEYS.len())
        .prop_flat_map(|keys| {
            keys.into_iter()
                .map(|k| value_for(k).prop_map(move |v| (k, v)))
                .collect::<Vec<_>>()
        })
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>()))
}

/// A client as a file: bare, in a Keycloak realm, or in a `clients` list; compact or pretty; read as
/// JSON, JSONC or YAML (JSON is YAML too).
fn file() -> impl Strategy<Value = (String, String)> {
    (
        client(),
        0..3usize,
        any::<bool>(),
        prop::sample::select(vec!["a.json", "a.jsonc", "a.yaml"]),
    )
        .prop_map(|(client, shape, pretty, name)| {
            let doc = match shape {
                0 => client,
                1 => json!({ "realm": "r", "clients": [client] }),
                _ => json!({ "clients": [client] }),
            };
            let text = if pretty {
                serde_json::to_string_pretty(&doc).unwrap()
            } else {
                doc.to_string()
            };
            (name.to_string(), text)
        })
}

fn render(run: &Run, format: Format) -> String {
    let view = View::plain(run, SourceRoot::new("/repo".into(), "/repo".into()));
    let mut out = Vec::new();
    emit(format, &view, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_lie_inside_the_file_on_character_boundaries((name, text) in file()) {
        let report = oauthlint::lint_bytes(&name, text.as_bytes(), &Settings::default());
        for f in &report.findings {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{} {:?}", f.rule, f.span);
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            for r in &f.related {
                prop_assert!(r.span.start <= r.span.end && r.span.end <= text.len());
                prop_assert!(text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end));
            }
        }
    }

    #[test]
    fn line_and_column_agree_with_the_byte_offset((name, text) in file()) {
        let report = oauthlint::lint_bytes(&name, text.as_bytes(), &Settings::default());
        for f in &report.findings {
            let p = report.lines.position(&report.text, f.span.start);
            let before = &text[..f.span.start];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            prop_assert_eq!(p.line, before.matches('\n').count() + 1);
            prop_assert_eq!(p.column, text[line_start..f.span.start].chars().count() + 1);
        }
    }

    #[test]
    fn every_format_renders_the_same_bytes_twice((name, text) in file()) {
        let lint = || Run {
            files: vec![oauthlint::lint_bytes(&name, text.as_bytes(), &Settings::default())],
            files_scanned: 1,
            ..Run::default()
        };
        let (first, second) = (lint(), lint());
        for format in <Format as clap::ValueEnum>::value_variants() {
            prop_assert_eq!(render(&first, *format), render(&second, *format));
        }
    }
}

proptest! {
    // Schema validation is slow; fewer cases, each over a whole generated file.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn sarif_validates_against_the_official_schema_for_any_input((name, text) in file()) {
        static VALIDATOR: std::sync::OnceLock<jsonschema::Validator> = std::sync::OnceLock::new();
        let validator = VALIDATOR.get_or_init(common::sarif_validator);
        let run = Run {
            files: vec![oauthlint::lint_bytes(&name, text.as_bytes(), &Settings::default())],
            files_scanned: 1,
            ..Run::default()
        };
        let log: Value = serde_json::from_str(&render(&run, Format::Sarif)).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| format!("{}: {e}", e.instance_path())).collect();
        prop_assert!(errors.is_empty(), "{errors:?}");
    }
}

/// The properties above mean something only if generated files reach the rules: a sample of them
/// must draw findings from many different rules, not just parse errors.
#[test]
fn generated_files_reach_the_rules() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut rules = std::collections::BTreeSet::new();
    for _ in 0..300 {
        let (name, text) = file().new_tree(&mut runner).unwrap().current();
        let report = oauthlint::lint_bytes(&name, text.as_bytes(), &Settings::default());
        rules.extend(report.findings.iter().map(|f| f.rule));
    }
    assert!(rules.len() >= 12, "only {rules:?}");
}

/// Files are linted in parallel; the output must not depend on the number of threads.
#[test]
fn output_is_the_same_on_one_thread_and_on_many() {
    use clap::ValueEnum;
    let run = |format: &str, threads: Option<&str>| {
        let mut cmd = assert_cmd::Command::cargo_bin("oauthlint").unwrap();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["fixtures/", "--color", "never", "--format", format]);
        if let Some(n) = threads {
            cmd.env("RAYON_NUM_THREADS", n);
        }
        cmd.output().unwrap().stdout
    };
    for format in Format::value_variants() {
        let name = format.to_possible_value().unwrap().get_name().to_string();
        let one = run(&name, Some("1"));
        assert!(!one.is_empty(), "{name}");
        assert_eq!(one, run(&name, Some("4")), "{name}: 1 thread vs 4");
        assert_eq!(one, run(&name, None), "{name}: 1 thread vs the default");
    }
}

/// Text built from what forges output: controls (ESC, BEL, C1 CSI), bidi and zero-width characters,
/// line breaks, workflow and log command openers, Markdown and XML markup.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "\u{1b}", "\u{7}", "\u{9b}", "\u{7f}", "\u{202e}", "\u{2066}", "\u{200b}", "\u{feff}", "\n", "\r", "::",
            "##[", "error", "`", "[x](y)", "<b>", "&#x202e;", "|", "\\", "a", " ",
        ]),
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

/// What no output may hold: a raw control (line breaks aside), bidi or zero-width character, a `##[`
/// log command, or a line that opens a workflow command other than the `github` format's own.
fn forged(format: Format, output: &str) -> Option<String> {
    if let Some(c) = output.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}'..='\u{200f}' | '\u{feff}')
    }) {
        return Some(format!("raw {c:?}"));
    }
    if output.contains("##[") {
        return Some("a `##[` log command".into());
    }
    output
        .lines()
        .find(|l| {
            let own = format == Format::Github
                && ["::error file=", "::warning file=", "::notice file="]
                    .iter()
                    .any(|p| l.starts_with(p));
            !own && l.trim_start().starts_with("::")
        })
        .map(|l| format!("a workflow command: {l}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_format_can_be_forged_by_names_or_values(name in hostile(), id in hostile(), uri in hostile(), key in hostile()) {
        let client = json!({
            "client_id": id,
            "client_name": id,
            "redirect_uris": [format!("http://a.example/{uri}"), uri],
            "grant_types": ["implicit"],
        })
        .to_string();
        // The key twice, so that `duplicate-key` quotes it.
        let key = serde_json::to_string(&key).unwrap();
        let text = format!("{}, {key}: 1, {key}: 2}}", &client[..client.len() - 1]);
        let path = format!("{name}.json");
        let run = Run {
            files: vec![oauthlint::lint_bytes(&path, text.as_bytes(), &Settings::default())],
            files_scanned: 1,
            ..Run::default()
        };
        for format in <Format as clap::ValueEnum>::value_variants() {
            let output = render(&run, *format);
            prop_assert!(forged(*format, &output).is_none(), "{:?}: {:?}\n{}", format, forged(*format, &output), output);
        }
    }
}
