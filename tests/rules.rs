//! Every rule is documented, every doc's Example fires its rule and its Use instead does not, and
//! every `<rule>.bad.*` fixture fires its rule while `<rule>.good.*` does not.

mod common;

use common::{fixtures, lint, lint_with, root, rules_fired};
use oauthlint::config::Settings;
use oauthlint::registry;
use oauthlint::rules::RuleOptions;

/// The date the fixtures are checked at, 2026-01-01 00:00 UTC, so date-dependent findings (an expired
/// certificate) do not change with the clock.
const NOW: u64 = 1_767_225_600;

/// Settings that turn on every rule, whatever its default, so examples of pedantic and profile rules run.
fn settings_for(rule: &registry::Rule) -> Settings {
    let profile = match &rule.default {
        registry::Default::Profile(p) => Some(p.clone()),
        _ => None,
    };
    Settings {
        rule_options: RuleOptions {
            pedantic: true,
            profile,
            now: Some(NOW),
            ..RuleOptions::default()
        },
        select: vec![rule.name.to_string()],
        ignore: vec![],
    }
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
        let Some((rule, rest)) = name.split_once('.') else {
            continue;
        };
        let expect = match rest.split('.').next() {
            Some("bad") => true,
            Some("good") => false,
            _ => continue,
        };
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
            let prefix = format!("{}.{kind}.", rule.name);
            assert!(
                names.iter().any(|n| n.starts_with(&prefix)),
                "rule `{}` has no fixture {prefix}*",
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
        ignore: vec![],
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

#[test]
fn lifetime_thresholds_are_options_of_the_rules() {
    let text = r#"{"client_id": "portal", "redirect_uris": ["https://portal.example.com/cb"],
        "token_endpoint_auth_method": "client_secret_basic",
        "authorization_code_grant_access_token_lifespan": "2h"}"#;
    let rule = "long-lived-access-token";
    let with = |bearer: u64| Settings {
        rule_options: RuleOptions {
            limits: oauthlint::rules::Limits {
                access_token_bearer: bearer,
                ..Default::default()
            },
            ..RuleOptions::default()
        },
        select: vec![rule.to_string()],
        ignore: vec![],
    };
    assert!(rules_fired(&lint_with("hydra.json", text, &with(3600))).contains(&rule));
    assert!(!rules_fired(&lint_with("hydra.json", text, &with(7200))).contains(&rule));
}
