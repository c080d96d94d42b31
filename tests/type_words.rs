//! A finding that says what kind of client it is about says what `inspect` says: one client is not
//! a web app to one rule and an installed app to another.

mod common;

use common::{fixtures, lint_with, root};
use oauthlint::config::Settings;
use oauthlint::infer::ClientType;
use oauthlint::rules::RuleOptions;

/// Phrases that state the type of the client a finding is about, and the types each allows.
/// Contrasts ("which only native apps may use") and advice ("register the browser app as its own
/// client") name other types on purpose and are not listed.
const CLAIMS: &[(&str, &[ClientType])] = &[
    ("this is a web client", &[ClientType::Web]),
    ("this is a spa client", &[ClientType::Spa]),
    ("this is a native client", &[ClientType::Native]),
    ("this browser app", &[ClientType::Spa]),
    ("allowed for a native client", &[ClientType::Native]),
    (
        "an app on users' devices cannot keep a secret",
        &[ClientType::Native, ClientType::Spa, ClientType::Device],
    ),
];

/// Every claim a finding makes that the inferred type (or a role the client also plays) contradicts.
fn disagreements(path: &str, text: &str) -> Vec<String> {
    let settings = Settings {
        rule_options: RuleOptions {
            pedantic: true,
            ..RuleOptions::default()
        },
        ..Settings::default()
    };
    let report = lint_with(path, text, &settings);
    let mut wrong = Vec::new();
    for f in &report.findings {
        let Some(client) = f.client_in(&report.clients) else {
            continue;
        };
        let inference = &client.inference;
        let words = format!("{} {}", f.message, f.help.as_deref().unwrap_or_default());
        for (phrase, allowed) in CLAIMS {
            let agrees = allowed
                .iter()
                .any(|t| *t == inference.client_type || inference.roles.contains(t));
            if words.contains(phrase) && !agrees {
                wrong.push(format!(
                    "{path} {}: {} says \"{phrase}\", inspect says {}",
                    f.pointer.as_str(),
                    f.rule,
                    inference.client_type
                ));
            }
        }
    }
    wrong
}

#[test]
fn every_fixtures_findings_name_the_type_inspect_infers() {
    let mut wrong = Vec::new();
    for path in fixtures() {
        let Ok(text) = std::fs::read_to_string(root().join(&path)) else {
            continue;
        };
        wrong.extend(disagreements(&path.to_string_lossy(), &text));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn loopback_redirects_beside_a_secret_are_a_web_app_to_every_rule() {
    // A server-side app in development: a secret and only loopback redirects. It used to be a web
    // client to `redirect-uri-http` and an installed app holding a secret to `public-client-with-secret`.
    let dev = r#"{"client_id": "reports", "client_secret": "${REPORTS_SECRET}",
        "grant_types": ["authorization_code"], "response_types": ["code"],
        "redirect_uris": ["http://127.0.0.1:5555/callback"]}"#;
    assert_eq!(disagreements("client.json", dev), Vec::<String>::new());
    let report = common::lint("client.json", dev);
    assert_eq!(report.clients[0].inference.client_type, ClientType::Web);
    assert!(!common::rules_fired(&report).contains(&"public-client-with-secret"));
}

#[test]
fn a_cli_the_file_calls_public_is_an_installed_app_to_every_rule() {
    // kubelogin's shape: public, loopback redirects, and a secret it was handed anyway.
    let cli = "issuer: https://dex.example.com\nstaticClients:\n- id: kubelogin\n  public: true\n  secretEnv: KUBELOGIN_SECRET\n  redirectURIs: ['http://localhost:8000']\n";
    assert_eq!(disagreements("dex.yaml", cli), Vec::<String>::new());
    let report = common::lint("dex.yaml", cli);
    assert_eq!(report.clients[0].inference.client_type, ClientType::Native);
    let fired = common::rules_fired(&report);
    assert!(fired.contains(&"public-client-with-secret"), "{fired:?}");
    assert!(!fired.contains(&"redirect-uri-http"), "{fired:?}");
}
