//! The Auth0, Cognito and Entra client resources (docs/terraform-resources.md): the provider
//! defaults they model, and the resources joined to a client, in its file or in another file of
//! its module.

mod common;

use common::{fired_on, grants, lint_fixture, lint_with, oauthlint, whole};
use oauthlint::config::Settings;
use oauthlint::infer::ClientType;
use oauthlint::model::{Grant, SecretKind};

#[test]
fn an_auth0_client_gets_the_auth_method_the_provider_sets_for_its_app_type() {
    let report = lint_fixture(
        "fixtures/terraform/fact-auth0-auth-method-by-app-type.tf",
        &Settings::default(),
    );
    let spa = whole(&report.clients[0]);
    let method = spa.auth_method.as_ref().unwrap();
    assert_eq!(method.value, "none");
    assert!(method.origin.is_default());
    // Left out, the grants are Auth0's to decide: unknown, not empty.
    assert!(spa.grants.is_none());
    assert_eq!(report.clients[0].inference.client_type, ClientType::Spa);
    let worker = whole(&report.clients[1]);
    assert_eq!(worker.auth_method.as_ref().unwrap().value, "client_secret_post");
    assert_eq!(report.clients[1].inference.client_type, ClientType::M2m);
    assert_eq!(worker.name.as_deref(), Some("Fact worker"));
}

#[test]
fn auth0_client_credentials_give_the_client_its_method_and_secret() {
    let report = lint_fixture(
        "fixtures/terraform/plaintext-secret-in-file.auth0.bad.tf",
        &Settings::default(),
    );
    let c = whole(&report.clients[0]);
    assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_post");
    assert!(!c.auth_method.as_ref().unwrap().origin.is_default());
    assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Plaintext);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "plaintext-secret-in-file")
        .unwrap();
    assert_eq!(
        f.pointer.as_str(),
        "/resource/auth0_client_credentials/billing_plaintext_secret_in_file_bad/client_secret"
    );
    // A write-only secret is a reference.
    let good = lint_fixture(
        "fixtures/terraform/plaintext-secret-in-file.auth0.good.tf",
        &Settings::default(),
    );
    assert_eq!(
        whole(&good.clients[0]).secret.as_ref().unwrap().kind,
        SecretKind::Reference
    );
}

#[test]
fn a_cognito_client_has_oauth_flows_only_with_the_switch_on() {
    let report = lint_fixture(
        "fixtures/terraform/fact-cognito-oauth-switch-off.tf",
        &Settings::default(),
    );
    assert_eq!(
        grants(&report, 0),
        [
            Grant::Other("USER_SRP_AUTH".into()),
            Grant::Other("CUSTOM_AUTH".into()),
            Grant::RefreshToken
        ]
    );
    assert!(!fired_on(&report, 0).contains(&"implicit-grant"));
    assert!(whole(&report.clients[0]).public.as_ref().unwrap().value);
    assert!(grants(&report, 1).contains(&Grant::Implicit));
    assert!(fired_on(&report, 1).contains(&"implicit-grant"));
}

#[test]
fn an_entra_spa_platform_requires_pkce_and_a_web_platform_does_not() {
    let report = lint_fixture(
        "fixtures/terraform/fact-azuread-spa-platform-requires-pkce.tf",
        &Settings::default(),
    );
    let spa = &report.clients[0];
    assert_eq!(spa.inference.client_type, ClientType::Spa);
    assert!(whole(spa).pkce.required.as_ref().unwrap().value);
    assert!(!fired_on(&report, 0).contains(&"public-client-without-pkce"));
    let web = &report.clients[1];
    assert_eq!(web.inference.client_type, ClientType::Web);
    assert!(whole(web).pkce.required.is_none());
    assert_eq!(grants(&report, 1), [Grant::AuthorizationCode]);
}

#[test]
fn entra_redirect_uris_joined_from_their_own_resource_are_judged_where_written() {
    let report = lint_fixture(
        "fixtures/terraform/redirect-uri-http.azuread.bad.tf",
        &Settings::default(),
    );
    assert_eq!(report.clients.len(), 1, "the redirect-uri resource is not a client");
    let f = report.findings.iter().find(|f| f.rule == "redirect-uri-http").unwrap();
    assert_eq!(
        f.pointer.as_str(),
        "/resource/azuread_application_redirect_uris/portal_web_redirect_uri_http_bad/redirect_uris/0"
    );
    assert_eq!(report.clients[0].inference.client_type, ClientType::Web);
}

#[test]
fn an_auth0_client_is_joined_with_credentials_and_an_api_in_other_files_of_its_module() {
    let out = oauthlint()
        .args(["--no-config", "--format", "json", "fixtures/terraform/module-auth0/"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["clients"].as_array().unwrap().len(), 1);
    assert_eq!(json["clients"][0]["id"], "Storefront");
    let findings = json["findings"].as_array().unwrap();
    let rules: Vec<&str> = findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    // The secret from credentials.tf on an SPA, the API's day-long tokens from apis.tf.
    assert!(rules.contains(&"public-client-with-secret"), "{rules:?}");
    assert!(rules.contains(&"long-lived-access-token"), "{rules:?}");
    // Both anchor at the client in clients.tf; the variable's https host is not an http redirect.
    assert!(findings
        .iter()
        .all(|f| f["path"] == "fixtures/terraform/module-auth0/clients.tf"));
    assert!(!rules.contains(&"redirect-uri-http"));
    // At the client's name (line 4, `"Storefront"`), each saying which resource in which file
    // decided it.
    let message = |rule: &str| {
        let f = findings.iter().find(|f| f["rule"] == rule).unwrap();
        assert_eq!(f["span"]["start"]["line"], 4);
        assert_eq!(f["span"]["start"]["column"], 17);
        f["message"].as_str().unwrap().to_string()
    };
    assert!(message("public-client-with-secret")
        .ends_with("(set by `auth0_client_credentials.storefront` in credentials.tf)"));
    assert!(message("long-lived-access-token").ends_with("(set by `auth0_resource_server.shop` in apis.tf)"));
    let inspect = oauthlint()
        .args(["inspect", "--no-config", "fixtures/terraform/module-auth0/clients.tf"])
        .output()
        .unwrap();
    let text = String::from_utf8(inspect.stdout).unwrap();
    assert!(
        text.contains("auth: client_secret_post (set by `auth0_client_credentials.storefront` in credentials.tf)"),
        "{text}"
    );
}

#[test]
fn a_uri_list_written_as_an_unresolved_variable_is_unknown_not_missing() {
    let text = r#"resource "aws_cognito_user_pool_client" "web" {
  name                                 = "web"
  user_pool_id                         = aws_cognito_user_pool.main.id
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  callback_urls                        = var.callback_urls
}
"#;
    let report = lint_with("main.tf", text, &Settings::default());
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
    assert!(!rules.contains(&"redirect-grant-without-redirect-uris"), "{rules:?}");
    let uris = whole(&report.clients[0]).redirect_uris.as_ref().unwrap();
    assert_eq!(uris.items[0].value, "${var.callback_urls}");
    // An http literal is still judged.
    let http = text.replace("var.callback_urls", r#"["http://app.example.com/cb"]"#);
    let report = lint_with("main.tf", &http, &Settings::default());
    assert!(report.findings.iter().any(|f| f.rule == "redirect-uri-http"));
}

#[test]
fn a_lite_cognito_pool_leaves_its_clients_without_refresh_token_rotation() {
    let path = "fixtures/terraform/refresh-token-public-client-unprotected.cognito.bad.tf";
    let report = lint_fixture(path, &Settings::default());
    let rotation = whole(&report.clients[0]).tokens.refresh_rotation.as_ref().unwrap();
    assert!(!rotation.value);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "refresh-token-public-client-unprotected")
        .unwrap();
    // At the refresh-token flow the client lists; the pool's plan is named and shown beside it.
    assert_eq!(
        f.pointer.as_str(),
        "/resource/aws_cognito_user_pool_client/spa_refresh_unprotected_bad/explicit_auth_flows/0"
    );
    assert!(f
        .message
        .ends_with("(decided by the server-level setting `/resource/aws_cognito_user_pool/lite_refresh_unprotected_bad/user_pool_tier`)"));
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    assert_eq!(&text[f.span.start..f.span.end], "\"ALLOW_REFRESH_TOKEN_AUTH\"");
    assert_eq!(&text[f.related[0].span.start..f.related[0].span.end], "\"LITE\"");
    let good = lint_fixture(
        "fixtures/terraform/refresh-token-public-client-unprotected.cognito.good.tf",
        &Settings::default(),
    );
    assert!(whole(&good.clients[0]).tokens.refresh_rotation.as_ref().unwrap().value);
    assert!(!fired_on(&good, 0).contains(&"refresh-token-public-client-unprotected"));
}

#[test]
fn a_cognito_pool_in_another_file_of_the_module_is_joined() {
    let out = oauthlint()
        .args(["--no-config", "--format", "json", "fixtures/terraform/module-cognito/"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["rule"] == "refresh-token-public-client-unprotected")
        .unwrap();
    assert_eq!(f["path"], "fixtures/terraform/module-cognito/client.tf");
    assert_eq!(f["pointer"], "/resource/aws_cognito_user_pool_client/spa");
    assert_eq!(f["span"]["start"]["line"], 2);
    assert!(f["message"]
        .as_str()
        .unwrap()
        .ends_with("(set by `aws_cognito_user_pool.shop` in pool.tf)"));
}

#[test]
fn a_public_cognito_client_is_asked_to_send_pkce_in_a_note_since_cognito_cannot_require_it() {
    let path = "fixtures/terraform/public-client-without-pkce.cognito.bad.tf";
    let report = lint_fixture(path, &Settings::default());
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "public-client-without-pkce")
        .unwrap();
    assert_eq!(f.severity, Some(oauthlint::finding::Severity::Note));
    assert!(!f.unconfirmed, "shown by default: the file says all there is to say");
    assert!(f.message.starts_with("Cognito has no setting that requires PKCE for an app client: make sure this public client sends PKCE with S256"));
    assert!(f.fix.is_none());
    // At the client's name, with the code flow beside it.
    assert_eq!(
        f.pointer.as_str(),
        "/resource/aws_cognito_user_pool_client/spa_without_pkce_bad"
    );
    let text = std::fs::read_to_string(common::root().join(path)).unwrap();
    assert_eq!(&text[f.span.start..f.span.end], "\"spa\"");
    assert_eq!(&text[f.related[0].span.start..f.related[0].span.end], "\"code\"");
    let good = lint_fixture(
        "fixtures/terraform/public-client-without-pkce.cognito.good.tf",
        &Settings::default(),
    );
    assert!(!fired_on(&good, 0).contains(&"public-client-without-pkce"));
}
