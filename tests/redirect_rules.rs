//! Behaviour of the redirect-URI rules beyond "fires / does not fire": options, severities,
//! where findings point, and what is deliberately left to another rule.

mod common;

use common::lint_with;
use oauthlint::config::Settings;
use oauthlint::finding::{Finding, Severity};
use oauthlint::rules::RuleOptions;

fn settings(rule: &str, options: RuleOptions) -> Settings {
    Settings {
        rule_options: options,
        select: vec![rule.to_string()],
        ..Settings::default()
    }
}

fn findings(rule: &str, text: &str, options: RuleOptions) -> Vec<Finding> {
    let report = lint_with("client.json", text, &settings(rule, options));
    report.findings.into_iter().filter(|f| f.rule == rule).collect()
}

/// A public browser app (spa, strong evidence) with one redirect URI.
fn spa(redirect: &str) -> String {
    format!(
        r#"{{"client_id": "spa", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code"],
            "response_types": ["code"], "redirect_uris": ["https://app.example.com/cb", "{redirect}"]}}"#
    )
}

/// A confidential server-side app (web) with one more redirect URI.
fn web(redirect: &str) -> String {
    spa(redirect).replace("\"none\"", "\"client_secret_basic\"")
}

#[test]
fn allow_dev_loopback_lowers_a_web_apps_loopback_http_to_a_warning_except_under_oauth21() {
    let text = web("http://127.0.0.1:3000/cb");
    let severity = |options: RuleOptions| {
        let found = findings("redirect-uri-http", &text, options);
        assert_eq!(found.len(), 1, "{found:?}");
        found[0].severity
    };
    assert_eq!(severity(RuleOptions::default()), Some(Severity::Error));
    let allow = RuleOptions {
        allow_dev_loopback: true,
        ..RuleOptions::default()
    };
    assert_eq!(severity(allow.clone()), Some(Severity::Warning));
    let oauth21 = RuleOptions {
        profile: Some("oauth21".into()),
        ..allow
    };
    assert_eq!(severity(oauth21), Some(Severity::Error));
}

#[test]
fn allow_dev_loopback_never_excuses_http_to_a_real_host() {
    let allow = RuleOptions {
        allow_dev_loopback: true,
        ..RuleOptions::default()
    };
    let found = findings("redirect-uri-http", &spa("http://app.example.com/cb"), allow);
    assert_eq!(found[0].severity, Some(Severity::Error));
}

#[test]
fn a_duplicate_once_normalised_points_at_the_first_entry() {
    let text = r#"{"client_id": "web", "token_endpoint_auth_method": "client_secret_basic",
        "redirect_uris": ["https://app.example.com/cb", "https://app.example.com:443/cb"]}"#;
    let found = findings("redirect-uri-not-normalized", text, RuleOptions::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("default port `:443`"), "{}", found[0].message);
    assert!(found[0].message.contains("same URI as `https://app.example.com/cb`"));
    assert_eq!(found[0].related.len(), 1);
    assert_eq!(
        &text[found[0].related[0].span.range()],
        "\"https://app.example.com/cb\""
    );
    assert_eq!(found[0].help.as_deref(), Some("remove the duplicate entry"));
    let twice = text.replace(":443", "");
    let found = findings("redirect-uri-not-normalized", &twice, RuleOptions::default());
    assert_eq!(
        found[0].message,
        "redirect URI `https://app.example.com/cb` is listed twice"
    );
}

#[test]
fn not_normalized_help_gives_the_normal_form() {
    let found = findings(
        "redirect-uri-not-normalized",
        &spa("HTTPS://App.Example.com/a/%2e%2e/callback"),
        RuleOptions::default(),
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("register `https://app.example.com/callback`")
    );
}

/// Keycloak client with `+` post-logout URIs and a path-wildcard redirect.
const KEYCLOAK_PLUS: &str = r#"{"realm": "acme", "clients": [{
  "clientId": "portal", "publicClient": true, "standardFlowEnabled": true,
  "redirectUris": ["https://portal.acme.example/*"],
  "webOrigins": ["+"],
  "attributes": {"post.logout.redirect.uris": "+##https://portal.acme.example/bye#"}
}]}"#;

#[test]
fn keycloak_plus_post_logout_uris_are_reported_once_by_the_redirect_rules() {
    let found = findings(
        "post-logout-redirect-uri-insecure",
        KEYCLOAK_PLUS,
        RuleOptions::default(),
    );
    assert_eq!(found.len(), 1, "only the literal entry: {found:?}");
    assert!(found[0]
        .message
        .contains("`https://portal.acme.example/bye#` has a fragment"));
    assert_eq!(found[0].severity, Some(Severity::Warning));
    assert_eq!(
        &KEYCLOAK_PLUS[found[0].span.range()],
        "https://portal.acme.example/bye#"
    );
}

#[test]
fn keycloak_plus_web_origin_follows_only_wildcards_in_the_origin_part() {
    let found = findings("web-origin-invalid", KEYCLOAK_PLUS, RuleOptions::default());
    assert!(found.is_empty(), "a path wildcard yields an exact origin: {found:?}");
    let host_wildcard = KEYCLOAK_PLUS.replace("https://portal.acme.example/*", "https://*.acme.example/cb");
    let found = findings("web-origin-invalid", &host_wildcard, RuleOptions::default());
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn post_logout_http_is_an_error_for_public_clients_and_a_warning_for_confidential_ones() {
    let client = |auth: &str| {
        format!(
            r#"{{"client_id": "c", "token_endpoint_auth_method": "{auth}", "grant_types": ["authorization_code"],
                "redirect_uris": ["https://app.example.com/cb"],
                "post_logout_redirect_uris": ["http://app.example.com/bye"]}}"#
        )
    };
    let severity = |auth: &str| {
        findings(
            "post-logout-redirect-uri-insecure",
            &client(auth),
            RuleOptions::default(),
        )[0]
        .severity
    };
    assert_eq!(severity("none"), Some(Severity::Error));
    assert_eq!(severity("client_secret_basic"), Some(Severity::Warning));
}

#[test]
fn other_registered_schemes_are_warnings_and_oob_is_named() {
    let found = findings(
        "redirect-uri-dangerous-scheme",
        &spa("urn:ietf:wg:oauth:2.0:oob"),
        RuleOptions::default(),
    );
    assert_eq!(found[0].severity, Some(Severity::Warning));
    assert!(found[0].message.contains("out-of-band"), "{}", found[0].message);
    let found = findings(
        "redirect-uri-dangerous-scheme",
        &spa(" javascript:alert(1)"),
        RuleOptions::default(),
    );
    assert_eq!(found[0].severity, Some(Severity::Error));
}

#[test]
fn msal_scheme_prefix_is_read_as_the_bundle_id() {
    let native = |scheme: &str| {
        format!(
            r#"{{"client_id": "ios", "application_type": "native", "token_endpoint_auth_method": "none",
                "redirect_uris": ["{scheme}://auth"]}}"#
        )
    };
    let rule = "native-custom-scheme-not-reverse-domain";
    assert!(findings(rule, &native("msauth.com.example.app"), RuleOptions::default()).is_empty());
    assert_eq!(findings(rule, &native("msauth.myapp"), RuleOptions::default()).len(), 1);
}
