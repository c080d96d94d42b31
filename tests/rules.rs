//! Every rule is documented, every doc's Example fires its rule and its Use instead does not, and
//! every `<rule>.bad.*` fixture fires its rule while `<rule>.good.*` does not.

mod common;

use common::{fixtures, lint, lint_with, root, rules_fired};
use oauthlint::config::Settings;
use oauthlint::registry;
use oauthlint::rules::RuleOptions;

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
            allow_dev_loopback: false,
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
