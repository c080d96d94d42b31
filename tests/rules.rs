//! Every rule is documented, every doc's Example fires its rule and its Use instead does not, and
//! every `<rule>.bad.*` fixture fires its rule while `<rule>.good.*` does not.

mod common;

use common::{fixtures, lint, lint_with, root, rules_fired, settings_for};
use oauthlint::config::Settings;
use oauthlint::registry;
use oauthlint::rules::RuleOptions;

/// The rule and kind (`bad` or `good`) of a fixture file name: `<rule>.bad.json`, or with a
/// variant naming what the fixture is about, where one folder holds several resources or shapes
/// (`implicit-grant.okta.bad.tf`).
fn fixture_kind(name: &str) -> Option<(&str, &str)> {
    let mut parts = name.split('.');
    let rule = parts.next()?;
    let kind = parts.take(2).find(|p| *p == "bad" || *p == "good")?;
    Some((rule, kind))
}

#[test]
fn code_and_docs_name_the_same_rules() {
    registry::build().unwrap();
}

#[test]
fn every_doc_example_fires_and_every_use_instead_is_clean() {
    for rule in registry::all() {
        let settings = settings_for(rule);
        for (section, should_fire) in [("Example", true), ("Use instead", false)] {
            let (lang, code) = registry::code_block(rule.doc, section)
                .unwrap_or_else(|| panic!("{}: `## {section}` has no code block", rule.name));
            let report = lint_with(&format!("example.{lang}"), code, &settings);
            let fired = rules_fired(&report).contains(&rule.name);
            assert_eq!(
                fired,
                should_fire,
                "{}: the {section} block {} the rule; findings: {:?}",
                rule.name,
                if fired { "fires" } else { "does not fire" },
                report.findings
            );
        }
    }
}

#[test]
fn bad_fixtures_fire_their_rule_and_good_ones_do_not() {
    let mut checked = 0;
    for path in fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((rule, kind)) = fixture_kind(&name) else {
            continue;
        };
        let expect = kind == "bad";
        let meta = registry::get(rule).unwrap_or_else(|| panic!("{}: no rule named `{rule}`", path.display()));
        let text = std::fs::read_to_string(root().join(&path)).unwrap();
        let report = lint_with(&path.to_string_lossy(), &text, &settings_for(meta));
        let fired = rules_fired(&report).contains(&rule);
        assert_eq!(
            fired,
            expect,
            "{}: expected `{rule}` {}; findings: {:?}",
            path.display(),
            if expect { "to fire" } else { "not to fire" },
            report.findings
        );
        checked += 1;
    }
    assert!(checked > 0, "no <rule>.bad / <rule>.good fixtures found");
}

#[test]
fn every_rule_has_a_bad_and_a_good_fixture() {
    let names: Vec<String> = fixtures()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for rule in registry::all() {
        for kind in ["bad", "good"] {
            assert!(
                names.iter().any(|n| fixture_kind(n) == Some((rule.name, kind))),
                "rule `{}` has no fixture {}.{kind}.*",
                rule.name,
                rule.name
            );
        }
    }
}

#[test]
fn a_finding_points_at_the_offending_value() {
    let text = "{\n  \"client_id\": \"spa\",\n  \"token_endpoint_auth_method\": \"none\",\n  \"redirect_uris\": [\"https://app.example.com/cb\"],\n  \"response_types\": [\"token\"]\n}\n";
    let report = lint("spa.json", text);
    let f = report.findings.iter().find(|f| f.rule == "implicit-grant").unwrap();
    assert_eq!(f.pointer.as_str(), "/response_types/0");
    assert_eq!(&text[f.span.range()], "\"token\"");
}

#[test]
fn a_server_level_setting_that_decides_a_finding_is_named_and_shown() {
    let path = "fixtures/keycloak/refresh-token-public-client-unprotected.bad.json";
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let report = lint(path, &text);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "refresh-token-public-client-unprotected")
        .expect("the rule fires");
    assert!(
        f.message.contains("server-level setting `/revokeRefreshToken`"),
        "{}",
        f.message
    );
    // The finding is about the client; the realm setting is a related location.
    assert_eq!(f.pointer.as_str(), "/clients/0");
    let related = &f.related[0];
    assert_eq!(&text[related.span.range()], "false");
    assert!(related.label.contains("server-level"), "{}", related.label);
}

#[test]
fn fapi2_tightens_the_authorization_code_lifetime_to_60_seconds_at_error() {
    let text = r#"{"realm": "acme", "accessCodeLifespan": 300,
        "clients": [{"clientId": "portal", "publicClient": false, "standardFlowEnabled": true,
                     "redirectUris": ["https://portal.example.com/cb"]}]}"#;
    let rule = "long-authorization-code-lifetime";
    let with = |profile: Option<&str>| Settings {
        rule_options: RuleOptions {
            profile: profile.map(String::from),
            ..RuleOptions::default()
        },
        select: vec![rule.to_string()],
        ..Settings::default()
    };
    assert!(lint_with("realm.json", text, &with(None)).findings.is_empty());
    let report = lint_with("realm.json", text, &with(Some("fapi2")));
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == rule)
        .expect("fires under fapi2");
    assert_eq!(f.severity, Some(oauthlint::finding::Severity::Error));
    assert!(f.message.contains("5 minutes, longer than 1 minute"), "{}", f.message);
}

/// Settings from a configuration's text, with only `rule` selected.
fn configured(rule: &str, toml: &str) -> Settings {
    let config = oauthlint::config::parse(std::path::Path::new(".oauthlint.toml"), toml).unwrap();
    let mut settings = Settings {
        select: vec![rule.to_string()],
        ..Settings::default()
    };
    config.rules.iter().for_each(|r| settings.apply(r));
    settings
}

#[test]
fn every_option_moves_its_rules_threshold() {
    // (rule, file, text, a value that silences the rule, one that makes it fire)
    let cases = [
        (
            "long-lived-access-token",
            "hydra.json",
            r#"{"client_id": "batch", "grant_types": ["client_credentials"],
                "token_endpoint_auth_method": "client_secret_basic",
                "client_credentials_grant_access_token_lifespan": "2h"}"#,
            "max-confidential-lifetime = \"3h\"",
            "max-confidential-lifetime = 3600",
        ),
        (
            "long-lived-access-token",
            "hydra.json",
            r#"{"client_id": "spa", "grant_types": ["authorization_code"], "token_endpoint_auth_method": "none",
                "redirect_uris": ["https://spa.example.com/cb"],
                "authorization_code_grant_access_token_lifespan": "2h"}"#,
            "max-bearer-lifetime = \"3h\"",
            "max-bearer-lifetime = 3600",
        ),
        (
            "long-lived-access-token",
            "hydra.json",
            r#"{"client_id": "batch", "grant_types": ["client_credentials"],
                "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://batch.example.com/jwks",
                "dpop_bound_access_tokens": true, "client_credentials_grant_access_token_lifespan": "48h"}"#,
            "max-bound-lifetime = \"3d\"",
            "max-bound-lifetime = \"1d\"",
        ),
        (
            "long-lived-refresh-token-public-client",
            "auth0.json",
            r#"{"name": "Dashboard", "app_type": "spa", "callbacks": ["https://dashboard.example.com/callback"],
                "grant_types": ["authorization_code", "refresh_token"], "token_endpoint_auth_method": "none",
                "refresh_token": {"rotation_type": "rotating", "expiration_type": "expiring",
                                  "token_lifetime": 5184000, "idle_token_lifetime": 86400}}"#,
            "max-lifetime = \"90d\"",
            "max-lifetime = \"30d\"",
        ),
        (
            "long-authorization-code-lifetime",
            "realm.json",
            r#"{"realm": "acme", "accessCodeLifespan": 1200, "clients": [{"clientId": "portal",
                "publicClient": false, "standardFlowEnabled": true,
                "redirectUris": ["https://portal.example.com/callback"]}]}"#,
            "max-lifetime = \"PT30M\"",
            "max-lifetime = \"10m\"",
        ),
        (
            "weak-client-secret",
            "client.json",
            r#"{"client_id": "batch", "grant_types": ["client_credentials"],
                "token_endpoint_auth_method": "client_secret_basic",
                "client_secret": "3f9a8c1e7b2d4f6a9c0e1b3d5f7a9c2e"}"#,
            "min-bits = 128",
            "min-bits = 160",
        ),
    ];
    for (rule, file, text, silent, fires) in cases {
        for (option, should_fire) in [(silent, false), (fires, true)] {
            let settings = configured(rule, &format!("[rules.{rule}]\n{option}\n"));
            let fired = rules_fired(&lint_with(file, text, &settings)).contains(&rule);
            assert_eq!(fired, should_fire, "{rule} with {option}");
        }
    }
    // Every declared option is in the table above.
    let declared = registry::all()
        .iter()
        .flat_map(|r| r.options.iter().map(move |o| (r.name, o.name.as_str())));
    for (rule, option) in declared {
        let tested = cases
            .iter()
            .any(|c| c.0 == rule && c.3.starts_with(&format!("{option} ")));
        assert!(tested, "{rule}: option `{option}` has no case here");
    }
}

#[test]
fn every_options_section_is_a_configuration_that_sets_the_declared_options() {
    for rule in registry::all().iter().filter(|r| !r.options.is_empty()) {
        let (lang, toml) = registry::code_block(rule.doc, "Options").expect("an example configuration");
        assert_eq!(lang, "toml", "{}", rule.name);
        let config = oauthlint::config::parse(std::path::Path::new(".oauthlint.toml"), toml)
            .unwrap_or_else(|e| panic!("{}: {e}", rule.name));
        assert_eq!(config.rules.len(), 1, "{}", rule.name);
        assert_eq!(config.rules[0].rule, rule.name);
        let mut set: Vec<&str> = config.rules[0].options.iter().map(|o| o.0).collect();
        let mut declared: Vec<&str> = rule.options.iter().map(|o| o.name.as_str()).collect();
        set.sort();
        declared.sort();
        assert_eq!(set, declared, "{}: the example sets every option", rule.name);
    }
}

/// The rules a format folder explains it cannot express, from its `NOT-EXPRESSIBLE.md`: lines
/// "- `rule-name`: why".
fn not_expressible(folder: &std::path::Path) -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(folder.join("NOT-EXPRESSIBLE.md")).ok()?;
    let entries = text
        .lines()
        .filter_map(|l| l.strip_prefix("- `"))
        .map(|l| {
            let (rule, why) = l
                .split_once("`:")
                .unwrap_or_else(|| panic!("`{l}`: expected \"- `rule`: why\""));
            (rule.to_string(), why.trim().to_string())
        })
        .collect();
    Some(entries)
}

/// The contributing guide asks for a bad and a good fixture of each rule in every format that can express it.
/// Every format folder has a `NOT-EXPRESSIBLE.md`: each rule has both fixtures there, or a line
/// in it saying why the format cannot express the rule (and not both).
#[test]
fn every_rule_has_fixtures_in_every_format_that_can_express_it() {
    for entry in std::fs::read_dir(root().join("fixtures")).unwrap() {
        let folder = entry.unwrap().path();
        let explained = not_expressible(&folder)
            .unwrap_or_else(|| panic!("{}: no NOT-EXPRESSIBLE.md (write one, even if empty)", folder.display()));
        let names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        let has = |rule: &str, kind: &str| names.iter().any(|n| fixture_kind(n) == Some((rule, kind)));
        for (rule, why) in &explained {
            assert!(registry::get(rule).is_some(), "{}: no rule `{rule}`", folder.display());
            assert!(!why.is_empty(), "{}: `{rule}` needs a reason", folder.display());
        }
        for rule in registry::all() {
            let fixtures = (has(rule.name, "bad"), has(rule.name, "good"));
            let is_explained = explained.iter().any(|(r, _)| r == rule.name);
            match (fixtures, is_explained) {
                ((true, true), false) | ((false, false), true) => {}
                ((true, true), true) => panic!(
                    "{}: `{}` has fixtures and is also listed as not expressible",
                    folder.display(),
                    rule.name
                ),
                _ => panic!(
                    "{}: `{}` needs a bad and a good fixture, or a line in NOT-EXPRESSIBLE.md",
                    folder.display(),
                    rule.name
                ),
            }
        }
    }
}
