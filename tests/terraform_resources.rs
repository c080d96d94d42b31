//! The Terraform client resources (docs/terraform-resources.md): provider defaults as the
//! provider sends them, joins across the files of a module, and plan JSON.

mod common;

use common::{fired_on, grants, lint_fixture, lint_with, oauthlint, pedantic, whole};
use oauthlint::infer::ClientType;
use oauthlint::model::{Grant, Origin};

#[test]
fn a_keycloak_flow_switch_left_out_is_off_as_the_provider_sends_it() {
    let report = lint_fixture("fixtures/terraform/fact-keycloak-flow-switches-off.tf", &pedantic());
    assert_eq!(report.format, Some("terraform"));
    assert_eq!(grants(&report, 0), Vec::<Grant>::new());
    assert!(fired_on(&report, 0).contains(&"redirect-uris-without-redirect-grant"));
    assert_eq!(grants(&report, 1), [Grant::AuthorizationCode, Grant::RefreshToken]);
    assert!(!fired_on(&report, 1).contains(&"redirect-uris-without-redirect-grant"));
    // A write-only secret is never in plan or state: a reference, not a plaintext secret.
    assert!(!report.findings.iter().any(|f| f.rule == "plaintext-secret-in-file"));
}

#[test]
fn an_okta_browser_app_without_grants_gets_implicit_from_the_provider() {
    let report = lint_fixture("fixtures/terraform/fact-okta-browser-default-grants.tf", &pedantic());
    let portal = whole(&report.clients[0]);
    assert!(grants(&report, 0).contains(&Grant::Implicit));
    assert!(portal.grants.as_ref().unwrap().origin.is_default());
    let fired = fired_on(&report, 0);
    assert!(fired.contains(&"implicit-grant"), "{fired:?}");
    assert!(fired.contains(&"public-client-without-pkce"), "{fired:?}");
    assert_eq!(report.clients[0].inference.client_type, ClientType::Spa);
    // A web app gets only the code grant.
    assert_eq!(grants(&report, 1), [Grant::AuthorizationCode]);
    assert!(!fired_on(&report, 1).contains(&"implicit-grant"));
}

#[test]
fn a_zitadel_app_without_type_or_method_is_a_confidential_web_app() {
    let report = lint_fixture("fixtures/terraform/fact-zitadel-default-web-basic.tf", &pedantic());
    let c = &report.clients[0];
    assert_eq!(c.inference.client_type, ClientType::Web);
    assert_eq!(whole(c).auth_method.as_ref().unwrap().value, "client_secret_basic");
    assert!(whole(c).auth_method.as_ref().unwrap().origin.is_default());
    assert_eq!(whole(c).public, None);
}

#[test]
fn a_realm_in_another_file_of_the_module_gives_its_lifetimes() {
    let out = oauthlint()
        .args(["--no-config", "--format", "json", "fixtures/terraform/module-keycloak/"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let long = findings
        .iter()
        .find(|f| f["rule"] == "long-lived-access-token")
        .expect("the realm's 2h access tokens are judged");
    assert_eq!(long["path"], "fixtures/terraform/module-keycloak/clients.tf");
    // The local built from a variable default resolved to an https redirect: nothing to report.
    assert!(!findings.iter().any(|f| f["rule"] == "redirect-uri-http"));
    assert_eq!(json["clients"][0]["id"], "shop-spa");
}

#[test]
fn a_plan_is_read_from_its_resource_changes() {
    let report = lint_fixture("fixtures/terraform/show-plan.json", &pedantic());
    assert_eq!(report.format, Some("terraform"));
    // The deleted app defines no client; the module's instance does.
    let pointers: Vec<&str> = report.clients.iter().map(|c| c.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/resource_changes/0/change/after", "/resource_changes/1/change/after"]
    );
    assert_eq!(whole(&report.clients[1]).name.as_deref(), Some("svc-a"));
    assert_eq!(report.clients[1].inference.client_type, ClientType::M2m);
    let http = report.findings.iter().find(|f| f.rule == "redirect-uri-http").unwrap();
    assert_eq!(
        http.pointer.as_str(),
        "/resource_changes/0/change/after/valid_redirect_uris/0"
    );
    // Flags known only after apply take the provider's default (false): no implicit grant.
    assert_eq!(grants(&report, 0), [Grant::AuthorizationCode, Grant::RefreshToken]);
    let secret = whole(&report.clients[0]).secret.as_ref().unwrap();
    assert!(matches!(secret.origin, Origin::File { .. }));
    assert!(report.findings.iter().any(|f| f.rule == "plaintext-secret-in-file"));
}

#[test]
fn a_plans_secrets_are_never_printed() {
    for format in ["full", "json", "sarif"] {
        let out = oauthlint()
            .args(["--no-config", "--format", format, "fixtures/terraform/show-plan.json"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("pl4n-S3cret"), "{format}: {text}");
    }
}

#[test]
fn crossplane_clients_read_for_provider_then_init_provider_and_secret_refs() {
    let report = lint_fixture("fixtures/crossplane/clients.yaml", &pedantic());
    assert_eq!(report.format, Some("crossplane"));
    let grafana = whole(&report.clients[0]);
    assert_eq!(
        grafana.secret.as_ref().unwrap().kind,
        oauthlint::model::SecretKind::Reference
    );
    assert!(grants(&report, 0).contains(&Grant::Password));
    // The namespaced group, with the flow and PKCE set only in `spec.initProvider`.
    let docs = &report.clients[1];
    assert_eq!(docs.inference.client_type, ClientType::Spa);
    assert!(whole(docs).pkce.required.as_ref().unwrap().value);
    assert_eq!(grants(&report, 1), [Grant::AuthorizationCode, Grant::RefreshToken]);
}

#[test]
fn pulumi_yaml_resources_are_read_by_their_type_token() {
    let report = lint_fixture("fixtures/pulumi/Pulumi.yaml", &pedantic());
    assert_eq!(report.format, Some("pulumi"));
    let names: Vec<String> = report.clients.iter().map(|c| c.display_id().to_string()).collect();
    assert_eq!(names, ["storefront", "orders", "Portal"]);
    // `fn::secret` keeps the secret out of the program: a reference, not plaintext.
    let orders = whole(&report.clients[1]);
    assert_eq!(
        orders.secret.as_ref().unwrap().kind,
        oauthlint::model::SecretKind::Reference
    );
    assert!(fired_on(&report, 0).contains(&"implicit-grant"));
    assert!(fired_on(&report, 2).contains(&"implicit-grant"));
}

/// A redirect list the module computes (`var.uris` without a default) is unknown, not absent: no
/// resource is told it registers no redirect URI, and nothing is judged in it.
#[test]
fn a_redirect_list_written_as_a_variable_is_not_missing() {
    let text = r#"
variable "uris" { type = list(string) }
resource "keycloak_openid_client" "web" {
  realm_id              = "corp"
  client_id             = "web"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = var.uris
}
resource "okta_app_oauth" "portal" {
  label          = "portal"
  type           = "web"
  grant_types    = ["authorization_code"]
  redirect_uris  = var.uris
}
resource "zitadel_application_oidc" "app" {
  project_id     = "p"
  name           = "app"
  grant_types    = ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"]
  response_types = ["OIDC_RESPONSE_TYPE_CODE"]
  redirect_uris  = var.uris
}
"#;
    let report = lint_with("main.tf", text, &pedantic());
    assert_eq!(report.clients.len(), 3);
    for (i, _) in report.clients.iter().enumerate() {
        let fired = fired_on(&report, i);
        assert!(
            !fired.contains(&"redirect-grant-without-redirect-uris")
                && !fired.iter().any(|r| r.starts_with("redirect-uri")),
            "client {i}: {fired:?}"
        );
    }
}

#[test]
fn each_client_joins_its_own_credentials_by_reference_and_by_literal_id() {
    let spa = |name: &str| {
        format!("resource \"auth0_client\" \"{name}\" {{\n  name = \"{name}\"\n  app_type = \"spa\"\n  callbacks = [\"https://{name}.example.com/cb\"]\n}}\n")
    };
    let credentials = "resource \"auth0_client_credentials\" \"b\" {\n  client_id = auth0_client.b.id\n  authentication_method = \"client_secret_post\"\n  client_secret = random_password.b.result\n}\n";
    let text = [spa("a"), credentials.to_string(), spa("b"), spa("c")].concat();
    let report = lint_with("main.tf", &text, &pedantic());
    let with_secret: Vec<usize> = (0..3)
        .filter(|&i| fired_on(&report, i).contains(&"public-client-with-secret"))
        .collect();
    assert_eq!(with_secret, [1], "{:?}", report.findings);

    // A state names the client by its id.
    let resource = |kind: &str, name: &str, values: &str| {
        format!(
            r#"{{"address": "{kind}.{name}", "mode": "managed", "type": "{kind}", "name": "{name}", "values": {values}}}"#
        )
    };
    let client = |id: &str| {
        resource(
            "auth0_client",
            id,
            &format!(
                r#"{{"id": "{id}", "name": "{id}", "app_type": "spa", "callbacks": ["https://{id}.example.com/cb"]}}"#
            ),
        )
    };
    let held = resource(
        "auth0_client_credentials",
        "held",
        r#"{"client_id": "b", "authentication_method": "client_secret_post"}"#,
    );
    let state = format!(
        r#"{{"format_version": "1.0", "values": {{"root_module": {{"resources": [{}, {}, {}, {}]}}}}}}"#,
        client("a"),
        held,
        client("b"),
        client("c")
    );
    let report = lint_with("state.json", &state, &pedantic());
    assert_eq!(report.format, Some("terraform"));
    let post: Vec<bool> = (0..3)
        .map(|i| fired_on(&report, i).contains(&"public-client-with-secret"))
        .collect();
    assert_eq!(post, [false, true, false], "{:?}", report.findings);
}
