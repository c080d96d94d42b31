//! What a provider does that a plain RFC 7591 / OIDC reading of its files would get wrong, each
//! declared in the format's `Vendor` data and shown by a `fact-*` fixture: the finding that reading
//! produced is gone, and the same rule still fires where the fact does not apply.

mod common;

use common::{fired_on, lint_fixture, lint_with, pedantic, whole};
use oauthlint::infer::ClientType;

#[test]
fn a_dex_public_client_without_redirect_uris_is_a_cli_on_dexs_loopback_default() {
    let report = lint_fixture("fixtures/dex/fact-public-default-redirects.yaml", &pedantic());
    let kubectl = &report.clients[0];
    assert_eq!(kubectl.inference.client_type, ClientType::Native);
    assert!(
        kubectl
            .inference
            .evidence
            .iter()
            .any(|e| e.contains("http://localhost")),
        "{:?}",
        kubectl.inference.evidence
    );
    let fired = fired_on(&report, 0);
    assert!(!fired.contains(&"implicit-default-metadata"), "{fired:?}");
    assert!(!fired.contains(&"redirect-grant-without-redirect-uris"), "{fired:?}");
    // A confidential client gets no default: its code flow has nowhere to go.
    assert!(fired_on(&report, 1).contains(&"implicit-default-metadata"));
}

#[test]
fn dex_allowed_origins_are_the_servers_cors_list_not_a_clients_browser_origins() {
    let report = lint_fixture("fixtures/dex/fact-origins-are-server-cors.yaml", &pedantic());
    assert_eq!(report.clients[0].inference.client_type, ClientType::Web);
    assert!(!fired_on(&report, 0).contains(&"browser-origins-on-confidential-client"));
    // Where the origins are the client's own, the same shape is reported.
    let hydra = lint_fixture(
        "fixtures/hydra/browser-origins-on-confidential-client.bad.json",
        &pedantic(),
    );
    assert!(fired_on(&hydra, 0).contains(&"browser-origins-on-confidential-client"));
}

#[test]
fn keycloak_flow_switches_on_a_bearer_only_client_have_no_effect() {
    let report = lint_fixture("fixtures/keycloak/fact-bearer-only-refuses-flows.json", &pedantic());
    assert_eq!(fired_on(&report, 0), Vec::<&str>::new());
    // A resource server that Gravitee AM lets keep a flow still draws the conflict.
    let gravitee = r#"{"id": "a1", "name": "orders-api", "type": "RESOURCE_SERVER", "enabled": true,
        "settings": {"oauth": {"clientId": "orders-api", "grantTypes": ["authorization_code"],
                               "redirectUris": ["https://orders.example.com/cb"]}}}"#;
    let report = lint_with("application.json", gravitee, &pedantic());
    assert!(fired_on(&report, 0).contains(&"client-type-conflict"));
}

#[test]
fn entra_requires_pkce_on_its_spa_platform() {
    let report = lint_fixture("fixtures/entra/fact-spa-platform-requires-pkce.json", &pedantic());
    let spa = &report.clients[0];
    assert_eq!(spa.inference.client_type, ClientType::Spa);
    assert_eq!(whole(spa).pkce.required.as_ref().map(|r| r.value), Some(true));
    assert!(!fired_on(&report, 0).contains(&"public-client-without-pkce"));
}

#[test]
fn browser_extension_schemes_belong_to_the_browser_and_are_origins() {
    let report = lint_fixture("fixtures/rfc7591/fact-browser-extension-redirects.json", &pedantic());
    assert_eq!(report.clients[0].inference.client_type, ClientType::Spa);
    let fired = fired_on(&report, 0);
    for rule in [
        "native-custom-scheme-not-reverse-domain",
        "web-origin-invalid",
        "mixed-platform-redirect-uris",
    ] {
        assert!(!fired.contains(&rule), "{rule}: {fired:?}");
    }
    // An app's own scheme that is not a reverse domain is still claimable.
    let app = lint_fixture(
        "fixtures/rfc7591/native-custom-scheme-not-reverse-domain.bad.json",
        &pedantic(),
    );
    assert!(fired_on(&app, 0).contains(&"native-custom-scheme-not-reverse-domain"));
}
