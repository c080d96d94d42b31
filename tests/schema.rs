//! `schemas/oauthlint-toml.json` against the parser of `.oauthlint.toml`: the checked-in file is the
//! generated schema, every top-level key the parser reads is described, and generated
//! configurations are accepted by both or by neither. The README's example validates.
//!
//! `OAUTHLINT_UPDATE_SCHEMA=1 cargo test --test schema` rewrites the checked-in file.

mod common;

use oauthlint::config::schema::json_schema;
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

const SCHEMA_PATH: &str = "schemas/oauthlint-toml.json";

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&json_schema()).expect("the schema is a valid draft-07 schema")
}

/// A TOML document as editors validate it: dates and times become their text.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// Whether the schema accepts a configuration's text (which must be TOML).
fn schema_accepts(validator: &jsonschema::Validator, text: &str) -> Result<(), String> {
    let value: toml::Value = toml::from_str(text).map_err(|e| format!("not TOML: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&toml_to_json(value))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn parser_accepts(text: &str) -> Result<(), String> {
    oauthlint::config::parse(Path::new("repo/.oauthlint.toml"), text)
        .map(drop)
        .map_err(|e| e.to_string())
}

#[test]
fn the_checked_in_schema_is_the_generated_one() {
    let generated = serde_json::to_string_pretty(&json_schema()).unwrap() + "\n";
    let path = common::root().join(SCHEMA_PATH);
    if std::env::var_os("OAUTHLINT_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{SCHEMA_PATH} is out of date: run `OAUTHLINT_UPDATE_SCHEMA=1 cargo test --test schema` and review the diff"
    );
}

#[test]
fn every_top_level_key_the_parser_reads_is_in_the_schema() {
    let schema = json_schema();
    let described: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        described,
        oauthlint::config::TOP_KEYS,
        "describe each new key in src/config/schema.rs (`property`)"
    );
}

#[test]
fn every_rule_and_option_is_in_the_schema() {
    let schema = json_schema();
    let rules = schema["definitions"]["rules"]["properties"].as_object().unwrap();
    for rule in oauthlint::registry::all() {
        let settings = rules[rule.name]["properties"].as_object().unwrap();
        let mut expected = vec!["enabled".to_string(), "severity".to_string()];
        expected.extend(rule.options.iter().map(|o| o.name.clone()));
        assert_eq!(settings.keys().cloned().collect::<Vec<_>>(), expected, "{}", rule.name);
    }
}

/// The TOML block of the README's "Configuration" section.
fn readme_example() -> String {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    section[start..start + section[start..].find("```").unwrap()].to_string()
}

#[test]
fn the_readme_example_is_valid_for_both() {
    let example = readme_example();
    assert!(example.contains("[[ignore]]"), "not the full example:\n{example}");
    schema_accepts(&validator(), &example).unwrap();
    parser_accepts(&example).unwrap();
}

#[test]
fn the_schema_rejects_what_the_parser_rejects_in_the_readme_example() {
    let validator = validator();
    for (mistake, from, to) in [
        ("a misspelt key", "fail-on =", "fail_on ="),
        ("an unknown profile", "\"oauth21\"", "\"oauth22\""),
        (
            "an unknown rule",
            "[rules.confidential-client-without-pkce]",
            "[rules.confidential-client-without-pcke]",
        ),
        ("an option of another rule", "max-bearer-lifetime", "max-lifetime"),
        (
            "an ignore without a reason",
            "reason = \"legacy kiosk, retired in Q3\"",
            "",
        ),
        ("a client type", "type = \"native\"", "type = \"mobile\""),
    ] {
        let text = readme_example().replacen(from, to, 1);
        assert!(parser_accepts(&text).is_err(), "the parser accepts {mistake}");
        assert!(
            schema_accepts(&validator, &text).is_err(),
            "the schema accepts {mistake}"
        );
    }
}

/// One `key = value` line or table of a generated configuration, from a pool that mixes what both
/// must accept with what both must reject.
fn entry() -> impl Strategy<Value = String> {
    let rule = prop::sample::select(vec![
        "redirect-uri-http",
        "long-lived-access-token",
        "weak-client-secret",
        "no-sender-constrained-tokens",
        "redirect-uri-htp",
    ]);
    let setting = prop::sample::select(vec![
        "enabled = false",
        "enabled = \"no\"",
        "severity = \"note\"",
        "severity = \"info\"",
        "max-bearer-lifetime = \"30m\"",
        "max-bearer-lifetime = 3600",
        "max-bearer-lifetime = \"1h30m\"",
        "max-bearer-lifetime = \"PT2H\"",
        "max-bearer-lifetime = \"soon\"",
        "max-bearer-lifetime = -5",
        "min-bits = 128",
        "min-bits = \"128\"",
        "colour = \"red\"",
    ]);
    let top = prop::sample::select(vec![
        "extend = \"../base.toml\"",
        "extend = 3",
        "fail-on = \"never\"",
        "fail-on = \"critical\"",
        "pedantic = true",
        "pedantic = \"yes\"",
        "profile = \"fapi2\"",
        "profile = \"fapi3\"",
        "allow-dev-loopback = false",
        "strict = true",
        "include = [\"clients/**\"]",
        "include = \"clients/**\"",
        "exclude = [\"vendor\", \"**/*.generated.json\"]",
        "exclude = [3]",
        "verbose = true",
    ]);
    let table = prop::sample::select(vec![
        "[[overrides]]\nfiles = [\"dev/**\"]\nrules = { redirect-uri-http = { enabled = false } }",
        "[[overrides]]\nrules = { redirect-uri-http = { enabled = false } }",
        "[[overrides]]\nfiles = [\"dev/**\"]\nseverity = \"note\"",
        "[[ignore]]\nfiles = [\"a.json\"]\nrules = [\"redirect-uri-http\"]\nreason = \"kiosk\"",
        "[[ignore]]\nfiles = [\"a.json\"]\nrules = [\"redirect-uri-http\"]\nreason = \"kiosk\"\npointer = \"/redirect_uris/1\"\nexpires = 2027-06-30",
        "[[ignore]]\nfiles = [\"a.json\"]\nrules = [\"redirect-uri-http\"]\nreason = \"kiosk\"\nexpires = \"2027-06-30\"",
        "[[ignore]]\nfiles = [\"a.json\"]\nrules = [\"redirect-uri-http\"]\nreason = \"   \"",
        "[[ignore]]\nfiles = [\"a.json\"]\nrules = []\nreason = \"kiosk\"",
        "[[ignore]]\nfiles = [\"a.json\"]\nrules = [\"redirect-uri-http\"]\nreason = \"kiosk\"\npointer = \"redirect_uris\"",
        "[[ignore]]\nfiles = [\"a.json\"]\nrules = [\"redirect-uri-http\"]\nreason = \"kiosk\"\nexpires = \"next year\"",
        "[[ignore]]\nfiles = [\"a.json\"]\nreason = \"kiosk\"",
        "[clients.\"clients/app.json#/\"]\ntype = \"native\"",
        "[clients.\"clients/app.json\"]\ntype = \"m2m\"",
        "[clients.\"clients/app.json#/0\"]\ntype = \"unknown\"",
        "[clients.\"clients/app.json#0\"]\ntype = \"web\"",
        "[clients.\"clients/app.json#/\"]\nkind = \"web\"",
    ]);
    prop_oneof![
        top.prop_map(String::from),
        table.prop_map(String::from),
        (rule, prop::collection::vec(setting, 0..3)).prop_map(|(rule, settings)| {
            // One table per rule name: TOML itself refuses a table defined twice.
            let mut settings = settings;
            settings.sort_by_key(|s| s.split(' ').next().unwrap_or_default().to_string());
            settings.dedup_by_key(|s| s.split(' ').next().unwrap_or_default().to_string());
            format!("[rules.{rule}]\n{}", settings.join("\n"))
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn the_parser_and_the_schema_accept_the_same_configurations(entries in prop::collection::vec(entry(), 0..6)) {
        // Top-level keys first, tables after; a key or table named twice is invalid TOML for both.
        let (mut keys, mut tables): (Vec<String>, Vec<String>) = entries.into_iter().partition(|e| !e.starts_with('['));
        keys.sort_by_key(|k| k.split(' ').next().unwrap_or_default().to_string());
        keys.dedup_by_key(|k| k.split(' ').next().unwrap_or_default().to_string());
        tables.sort_by_key(|t| t.lines().next().unwrap_or_default().to_string());
        tables.dedup_by_key(|t| {
            let head = t.lines().next().unwrap_or_default();
            if head.starts_with("[[") { t.clone() } else { head.to_string() }
        });
        let text = keys.into_iter().chain(tables).collect::<Vec<_>>().join("\n") + "\n";
        let Ok(_) = toml::from_str::<toml::Value>(&text) else {
            return Ok(());
        };
        let by_schema = schema_accepts(&validator(), &text);
        let by_parser = parser_accepts(&text);
        prop_assert_eq!(
            by_schema.is_ok(),
            by_parser.is_ok(),
            "they disagree on\n{}\nschema: {:?}\nparser: {:?}",
            text,
            by_schema,
            by_parser
        );
    }
}
