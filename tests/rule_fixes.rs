//! The fixes the rules attach, read as specifications: on a given fixture, the finding of a rule
//! carries these changes at these pointers, safe or unsafe. Rendering and applying them is the fix
//! engine's (`tests/fix.rs`); this checks what the rules decide.

mod common;

use common::{lint_with, root, settings_for};
use oauthlint::fix::{Applicability, Change, Literal};
use oauthlint::registry;

/// The fixes of `rule`'s findings on the fixture `path`, one line each: `safe: remove /a/0; …`.
fn fixes(rule: &str, path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("fixtures").join(path)).unwrap();
    let report = lint_with(path, &text, &settings_for(registry::get(rule).unwrap()));
    let literal = |l: &Literal| match l {
        Literal::Bool(b) => b.to_string(),
        Literal::String(s) => format!("{s:?}"),
        Literal::Number(n) => n.clone(),
        Literal::Strings(v) => format!("{v:?}"),
    };
    report
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| match &f.fix {
            None => "none".to_string(),
            Some(fix) => {
                let changes: Vec<String> = fix
                    .changes
                    .iter()
                    .map(|c| match c {
                        Change::Remove { at } => format!("remove {at}"),
                        Change::Replace { at, with } => format!("replace {at} = {}", literal(with)),
                        Change::Set { object, key, value } => format!("set {object} {key:?} = {}", literal(value)),
                        Change::RemoveWord { at, word } => format!("remove word {word:?} of {at}"),
                    })
                    .collect();
                let kind = match fix.applicability {
                    Applicability::Safe => "safe",
                    Applicability::Unsafe => "unsafe",
                };
                format!("{kind}: {}", changes.join("; "))
            }
        })
        .collect()
}

#[test]
fn implicit_beside_the_code_flow_is_turned_off_safely() {
    assert_eq!(
        fixes("implicit-grant", "auth0/implicit-grant.bad.json"),
        ["safe: remove /grant_types/1"]
    );
    assert_eq!(
        fixes("implicit-grant", "entra/implicit-grant.bad.json"),
        ["safe: replace /oauth2AllowImplicitFlow = false"]
    );
    // A token-bearing response type next to a plain `code` one, and the grant no response type
    // left uses.
    assert_eq!(
        fixes("implicit-grant", "okta/implicit-grant.bad.json"),
        ["safe: remove /settings/oauthClient/response_types/1; remove /settings/oauthClient/grant_types/1"]
    );
    assert_eq!(
        fixes("implicit-grant", "zitadel/implicit-grant.bad.json"),
        ["safe: remove /responseTypes/1; remove /grantTypes/1"]
    );
}

#[test]
fn an_implicit_only_client_moves_to_the_code_flow_unsafely() {
    assert_eq!(
        fixes("implicit-grant", "rfc7591/implicit-grant.bad.json"),
        ["unsafe: replace /response_types/0 = \"code\"; replace /grant_types/0 = \"authorization_code\""]
    );
    // Keycloak's switches, with PKCE required as the code flow of a public client needs.
    assert_eq!(
        fixes("implicit-grant", "keycloak/implicit-grant.bad.json"),
        ["unsafe: replace /clients/0/implicitFlowEnabled = false; set /clients/0 \"standardFlowEnabled\" = true; set /clients/0/attributes \"pkce.code.challenge.method\" = \"S256\""]
    );
    // Cognito cannot require PKCE, so the code flow would be a finding of its own.
    assert_eq!(fixes("implicit-grant", "cognito/implicit-grant.bad.yaml"), ["none"]);
}

#[test]
fn the_password_grant_is_dropped_unsafely() {
    assert_eq!(
        fixes("ropc-grant", "rfc7591/ropc-grant.bad.json"),
        ["unsafe: remove /grant_types/1"]
    );
    assert_eq!(
        fixes("ropc-grant", "keycloak/ropc-grant.bad.json"),
        ["unsafe: replace /clients/0/directAccessGrantsEnabled = false"]
    );
    // Dex enables the password grant server-wide (`oauth2.passwordConnector`): no client's fix.
    assert_eq!(fixes("ropc-grant", "dex/ropc-grant.bad.yaml"), ["none"]);
}

#[test]
fn client_credentials_on_a_public_client() {
    assert_eq!(
        fixes(
            "client-credentials-public-client",
            "okta/client-credentials-public-client.bad.json"
        ),
        ["unsafe: remove /settings/oauthClient/grant_types/2"]
    );
    // Hydra refuses the grant to a public client already: no working client uses it.
    assert_eq!(
        fixes(
            "client-credentials-public-client",
            "hydra/client-credentials-public-client.bad.beside-code.json"
        ),
        ["safe: remove /grant_types/1"]
    );
    // Keycloak's only flow is the service account: nothing is left to keep.
    assert_eq!(
        fixes(
            "client-credentials-public-client",
            "keycloak/client-credentials-public-client.bad.json"
        ),
        ["none"]
    );
}

#[test]
fn a_refresh_token_no_grant_yields_is_dropped_safely() {
    assert_eq!(
        fixes(
            "refresh-token-grant-misuse",
            "rfc7591/refresh-token-grant-misuse.bad.json"
        ),
        ["safe: remove /grant_types/1"]
    );
    assert_eq!(
        fixes(
            "refresh-token-grant-misuse",
            "keycloak/refresh-token-grant-misuse.bad.json"
        ),
        ["safe: replace /clients/0/attributes/client_credentials.use_refresh_token = \"false\""]
    );
}

#[test]
fn an_unused_implicit_grant_is_dropped_safely() {
    assert_eq!(
        fixes(
            "grant-response-type-mismatch",
            "gravitee-am/grant-response-type-mismatch.bad.json"
        ),
        ["safe: remove /settings/oauth/grantTypes/1"]
    );
}

#[test]
fn pkce_is_required_where_the_vendor_says_how() {
    assert_eq!(
        fixes(
            "public-client-without-pkce",
            "keycloak/public-client-without-pkce.bad.json"
        ),
        ["unsafe: replace /clients/0/attributes/pkce.code.challenge.method = \"S256\""]
    );
    assert_eq!(
        fixes(
            "confidential-client-without-pkce",
            "keycloak/confidential-client-without-pkce.bad.json"
        ),
        ["unsafe: set /clients/0/attributes \"pkce.code.challenge.method\" = \"S256\""]
    );
    assert_eq!(
        fixes("public-client-without-pkce", "okta/public-client-without-pkce.bad.json"),
        ["unsafe: replace /credentials/oauthClient/pkce_required = true"]
    );
    assert_eq!(
        fixes(
            "confidential-client-without-pkce",
            "authelia/confidential-client-without-pkce.bad.yml"
        ),
        ["unsafe: set /identity_providers/oidc/clients/0 \"require_pkce\" = true"]
    );
    assert_eq!(
        fixes(
            "public-client-without-pkce",
            "gravitee-am/public-client-without-pkce.bad.json"
        ),
        ["unsafe: replace /settings/oauth/forcePKCE = true"]
    );
}

#[test]
fn pkce_is_limited_to_s256_unsafely() {
    assert_eq!(
        fixes("pkce-plain-method", "keycloak/pkce-plain-method.bad.json"),
        ["unsafe: replace /clients/0/attributes/pkce.code.challenge.method = \"S256\""]
    );
    assert_eq!(
        fixes("pkce-plain-method", "gravitee-am/pkce-plain-method.bad.json"),
        ["unsafe: replace /settings/oauth/forceS256CodeChallengeMethod = true"]
    );
    assert_eq!(
        fixes(
            "pkce-method-unspecified",
            "gravitee-am/pkce-method-unspecified.bad.json"
        ),
        ["unsafe: set /settings/oauth \"forceS256CodeChallengeMethod\" = true"]
    );
    // Dex's methods are the server's, shared by every client: no client's fix changes them.
    assert_eq!(fixes("pkce-plain-method", "dex/pkce-plain-method.bad.yaml"), ["none"]);
}

#[test]
fn plain_http_uris_become_https_unsafely() {
    assert_eq!(
        fixes("redirect-uri-http", "rfc7591/redirect-uri-http.bad.json"),
        ["unsafe: replace /redirect_uris/1 = \"https://billing-staging.example.com/oauth/callback\""]
    );
    // The https form is registered beside it: the http URI only has to go.
    assert_eq!(
        fixes("redirect-uri-http", "dex/config.yaml"),
        ["unsafe: remove /staticClients/0/redirectURIs/1"]
    );
    assert_eq!(
        fixes("metadata-uri-insecure", "rfc7591/metadata-uri-insecure.bad.toml"),
        ["unsafe: replace /clients/0/jwks_uri = \"https://events.example.com/jwks.json\""]
    );
    assert_eq!(
        fixes(
            "post-logout-redirect-uri-insecure",
            "hydra/post-logout-redirect-uri-insecure.bad.json"
        ),
        ["unsafe: replace /post_logout_redirect_uris/0 = \"https://billing.example.com/logged-out\""]
    );
}

#[test]
fn rules_that_would_write_a_secret_or_guess_carry_no_fix() {
    for (rule, path) in [
        ("weak-client-secret", "rfc7591/weak-client-secret.bad.json"),
        ("plaintext-secret-in-file", "rfc7591/plaintext-secret-in-file.bad.json"),
        ("alg-none", "rfc7591/alg-none.bad.json"),
        ("redirect-uri-wildcard", "rfc7591/redirect-uri-wildcard.bad.json"),
    ] {
        let found = fixes(rule, path);
        assert!(!found.is_empty(), "{path}: `{rule}` should fire");
        assert!(found.iter().all(|f| f == "none"), "{path}: {found:?}");
    }
}
