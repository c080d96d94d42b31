//! Terraform, OpenTofu, plan JSON and Pulumi YAML cases, one module folder each, run through the
//! binary as a user would: per case the format, the number of clients, their inferred types, the
//! rules that must fire and those that must not, and the secrets no output may show.

use assert_cmd::Command;
use serde_json::Value;

struct Case {
    name: &'static str,
    /// The module's files, written into a fresh folder that is then linted whole.
    files: &'static [(&'static str, &'static str)],
    format: &'static str,
    /// The inferred type of each client, in output order (their number is the client count).
    types: &'static [&'static str],
    /// Rules that must fire; `rule /pointer` also names where.
    fire: &'static [&'static str],
    /// Rules that must not fire on any client.
    quiet: &'static [&'static str],
    /// Texts no output format may contain.
    secrets: &'static [&'static str],
}

const DEFAULT: Case = Case {
    name: "",
    files: &[],
    format: "terraform",
    types: &[],
    fire: &[],
    quiet: &[],
    secrets: &[],
};

fn run(case: &Case, format: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in case.files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args([".", "--no-config", "--fail-on", "never", "--format", format])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        case.name,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn check(case: &Case) -> Vec<String> {
    let json: Value = serde_json::from_slice(&run(case, "json")).unwrap();
    let mut errors = Vec::new();
    let clients = json["clients"].as_array().unwrap();
    let types: Vec<&str> = clients.iter().map(|c| c["type"].as_str().unwrap()).collect();
    if types != case.types {
        errors.push(format!("types {types:?}, expected {:?}", case.types));
    }
    if let Some(c) = clients.iter().find(|c| c["format"] != case.format) {
        errors.push(format!("format {}, expected {}", c["format"], case.format));
    }
    let findings: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["pointer"].as_str().unwrap_or_default()))
        .collect();
    for want in case.fire {
        let (rule, pointer) = want.split_once(' ').map_or((*want, None), |(r, p)| (r, Some(p)));
        if !findings
            .iter()
            .any(|(r, p)| *r == rule && pointer.is_none_or(|w| w == *p))
        {
            errors.push(format!("`{want}` did not fire"));
        }
    }
    for rule in case.quiet {
        if let Some((_, p)) = findings.iter().find(|(r, _)| r == rule) {
            errors.push(format!("`{rule}` fired at {p}"));
        }
    }
    for format in ["json", "full", "sarif"] {
        let text = String::from_utf8_lossy(&if format == "json" {
            serde_json::to_vec(&json).unwrap()
        } else {
            run(case, format)
        })
        .into_owned();
        for secret in case.secrets {
            if text.contains(secret) {
                errors.push(format!("{format} output shows the secret `{secret}`"));
            }
        }
    }
    errors
}

#[test]
fn every_case_reads_as_its_provider_and_language_say() {
    let failures: Vec<String> = CASES
        .iter()
        .flat_map(|case| check(case).into_iter().map(move |e| format!("{}: {e}", case.name)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const CASES: &[Case] = &[
    // ── keycloak_openid_client ──────────────────────────────────────────────────────────────
    Case {
        name: "keycloak public client with implicit, http wildcard redirect and any origin",
        files: &[(
            "main.tf",
            r#"resource "keycloak_realm" "shop" {
  realm = "shop"
}
resource "keycloak_openid_client" "storefront" {
  realm_id              = keycloak_realm.shop.id
  client_id             = "storefront"
  access_type           = "PUBLIC"
  implicit_flow_enabled = true
  valid_redirect_uris   = ["http://shop.example.com/*"]
  web_origins           = ["*"]
}
"#,
        )],
        types: &["spa"],
        fire: &[
            "implicit-grant /resource/keycloak_openid_client/storefront/implicit_flow_enabled",
            "redirect-uri-http /resource/keycloak_openid_client/storefront/valid_redirect_uris/0",
            "redirect-uri-wildcard",
            "web-origin-invalid /resource/keycloak_openid_client/storefront/web_origins/0",
        ],
        ..DEFAULT
    },
    Case {
        name: "keycloak public client with the code flow and S256",
        files: &[(
            "main.tf",
            r#"resource "keycloak_openid_client" "spa" {
  realm_id                   = "shop"
  client_id                  = "shop-spa"
  access_type                = "PUBLIC"
  standard_flow_enabled      = true
  pkce_code_challenge_method = "S256"
  valid_redirect_uris        = ["https://shop.example.com/callback"]
  web_origins                = ["+"]
}
"#,
        )],
        types: &["spa"],
        quiet: &[
            "implicit-grant",
            "public-client-without-pkce",
            "redirect-uri-http",
            "redirect-uri-wildcard",
            "web-origin-invalid",
        ],
        ..DEFAULT
    },
    Case {
        name: "keycloak service account with a generated secret",
        files: &[(
            "main.tf",
            r#"resource "random_password" "svc" {
  length = 40
}
resource "keycloak_openid_client" "svc" {
  realm_id                 = "corp"
  client_id                = "billing-worker"
  access_type              = "CONFIDENTIAL"
  service_accounts_enabled = true
  client_secret            = random_password.svc.result
}
"#,
        )],
        types: &["m2m"],
        quiet: &[
            "plaintext-secret-in-file",
            "redirect-grant-without-redirect-uris",
            "confidential-client-without-pkce",
        ],
        ..DEFAULT
    },
    Case {
        name: "keycloak literal secret is reported and masked",
        files: &[(
            "main.tf",
            r#"resource "keycloak_openid_client" "web" {
  realm_id              = "corp"
  client_id             = "intranet"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  client_secret         = "Zq8vN3xK0pL7rT2wY5uB9mC4dF6gH1jS"
  valid_redirect_uris   = ["https://intranet.example.com/oidc/cb"]
}
"#,
        )],
        types: &["web"],
        fire: &["plaintext-secret-in-file /resource/keycloak_openid_client/web/client_secret"],
        secrets: &["Zq8vN3xK0pL7rT2wY5uB9mC4dF6gH1jS"],
        ..DEFAULT
    },
    Case {
        name: "keycloak redirects from a local built of a variable in another file",
        files: &[
            (
                "variables.tf",
                "variable \"host\" {\n  default = \"app.example.com\"\n}\nvariable \"env\" {\n  type = string\n}\n",
            ),
            (
                "locals.tf",
                "locals {\n  base = \"http://${var.host}\"\n  cbs  = [\"${local.base}/cb\", \"https://${var.env}.example.com/cb\"]\n}\n",
            ),
            (
                "main.tf",
                r#"resource "keycloak_openid_client" "web" {
  realm_id              = "corp"
  client_id             = "web"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = local.cbs
}
"#,
            ),
        ],
        types: &["web"],
        fire: &["redirect-uri-http /resource/keycloak_openid_client/web/valid_redirect_uris/0"],
        quiet: &["redirect-uri-invalid", "redirect-grant-without-redirect-uris"],
        ..DEFAULT
    },
    Case {
        name: "keycloak for_each over a literal map gives one client per key",
        files: &[(
            "main.tf",
            r#"resource "keycloak_openid_client" "svc" {
  for_each              = { billing = "https://billing.example.com", ops = "http://ops.example.com" }
  realm_id              = "corp"
  client_id             = each.key
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = ["${each.value}/cb"]
}
"#,
        )],
        types: &["web", "web"],
        fire: &["redirect-uri-http /resource/keycloak_openid_client/svc[\"ops\"]/valid_redirect_uris/0"],
        ..DEFAULT
    },
    Case {
        name: "keycloak count 0 defines no client, count 3 one",
        files: &[(
            "main.tf",
            r#"resource "keycloak_openid_client" "off" {
  count                 = 0
  realm_id              = "corp"
  client_id             = "off"
  access_type           = "PUBLIC"
  implicit_flow_enabled = true
  valid_redirect_uris   = ["https://off.example.com/cb"]
}
resource "keycloak_openid_client" "many" {
  count                 = 3
  realm_id              = "corp"
  client_id             = "many-${count.index}"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = ["https://many.example.com/cb"]
}
"#,
        )],
        types: &["web"],
        quiet: &["implicit-grant", "duplicate-client-id"],
        ..DEFAULT
    },
    Case {
        name: "keycloak for_each over a variable: each.* is unknown and never judged",
        files: &[(
            "main.tf",
            r#"variable "apps" {
  type = map(string)
}
resource "keycloak_openid_client" "app" {
  for_each              = var.apps
  realm_id              = "corp"
  client_id             = each.key
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = [each.value]
}
"#,
        )],
        types: &["web"],
        quiet: &[
            "redirect-uri-http",
            "redirect-uri-invalid",
            "redirect-grant-without-redirect-uris",
        ],
        ..DEFAULT
    },
    Case {
        name: "keycloak in .tf.json with a template and a comment key",
        files: &[(
            "main.tf.json",
            r#"{
  "variable": {"host": {"default": "legacy.example.com"}},
  "resource": {"keycloak_openid_client": {"legacy": {
    "//": "kept for the old portal",
    "realm_id": "corp",
    "client_id": "legacy",
    "access_type": "PUBLIC",
    "standard_flow_enabled": true,
    "direct_access_grants_enabled": true,
    "valid_redirect_uris": ["http://${var.host}/cb"]
  }}}
}
"#,
        )],
        // Public with only a plain-http web redirect: not typed (spa needs https pages).
        types: &["unknown"],
        fire: &[
            "ropc-grant /resource/keycloak_openid_client/legacy/direct_access_grants_enabled",
            "redirect-uri-http /resource/keycloak_openid_client/legacy/valid_redirect_uris/0",
            "public-client-without-pkce",
        ],
        ..DEFAULT
    },
    Case {
        name: "keycloak native app with a private-use scheme",
        files: &[(
            "main.tf",
            r#"resource "keycloak_openid_client" "mobile" {
  realm_id                   = "corp"
  client_id                  = "mobile"
  access_type                = "PUBLIC"
  standard_flow_enabled      = true
  pkce_code_challenge_method = "S256"
  valid_redirect_uris        = ["com.example.mobile:/oauth2redirect"]
}
"#,
        )],
        types: &["native"],
        quiet: &["native-custom-scheme-not-reverse-domain", "public-client-without-pkce"],
        ..DEFAULT
    },
    Case {
        name: "data, moved, import, removed and check blocks define no client",
        files: &[(
            "main.tf",
            r#"data "keycloak_openid_client" "existing" {
  realm_id  = "corp"
  client_id = "existing"
}
moved {
  from = keycloak_openid_client.old
  to   = keycloak_openid_client.web
}
import {
  to = keycloak_openid_client.imported
  id = "corp/imported"
}
removed {
  from = keycloak_openid_client.gone
}
check "up" {
  assert {
    condition     = true
    error_message = "down"
  }
}
resource "keycloak_openid_client" "web" {
  realm_id              = "corp"
  client_id             = "web"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = ["https://web.example.com/cb"]
}
"#,
        )],
        types: &["web"],
        ..DEFAULT
    },
    Case {
        name: "keycloak templates: a directive is unknown, `$${` is literal text, the http scheme is judged",
        files: &[(
            "main.tf",
            r#"variable "host" {
  type = string
}
resource "keycloak_openid_client" "web" {
  realm_id              = "corp"
  client_id             = "web"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris = [
    "http://${var.host}/cb",
    "https://a.example.com/%{if var.host != ""}cb%{endif}",
    "https://b.example.com/$${kept}",
  ]
}
"#,
        )],
        types: &["web"],
        fire: &["redirect-uri-http /resource/keycloak_openid_client/web/valid_redirect_uris/0"],
        quiet: &["redirect-uri-invalid", "redirect-uri-wildcard"],
        ..DEFAULT
    },
    Case {
        name: "OpenTofu reads NAME.tofu instead of NAME.tf",
        files: &[
            (
                "web.tf",
                r#"resource "zitadel_application_oidc" "web" {
  project_id     = "231048310839212"
  name           = "web"
  redirect_uris  = ["http://web.example.com/cb"]
  response_types = ["OIDC_RESPONSE_TYPE_CODE"]
  grant_types    = ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"]
}
"#,
            ),
            (
                "web.tofu",
                r#"resource "zitadel_application_oidc" "web" {
  project_id     = "231048310839212"
  name           = "web"
  redirect_uris  = ["https://web.example.com/cb"]
  response_types = ["OIDC_RESPONSE_TYPE_CODE"]
  grant_types    = ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"]
}
"#,
            ),
        ],
        types: &["web"],
        quiet: &["redirect-uri-http", "duplicate-client-id"],
        ..DEFAULT
    },
    // ── okta_app_oauth ──────────────────────────────────────────────────────────────────────
    Case {
        name: "okta browser app without grants gets implicit from the provider",
        files: &[(
            "main.tf",
            r#"resource "okta_app_oauth" "portal" {
  label         = "Portal"
  type          = "browser"
  redirect_uris = ["https://portal.example.com/callback"]
}
"#,
        )],
        types: &["spa"],
        fire: &["implicit-grant"],
        ..DEFAULT
    },
    Case {
        name: "okta browser app with code, PKCE and rotation",
        files: &[(
            "main.tf",
            r#"resource "okta_app_oauth" "portal" {
  label                      = "Portal"
  type                       = "browser"
  grant_types                = ["authorization_code", "refresh_token"]
  response_types             = ["code"]
  token_endpoint_auth_method = "none"
  pkce_required              = true
  refresh_token_rotation     = "ROTATE"
  redirect_uris              = ["https://portal.example.com/callback"]
}
"#,
        )],
        types: &["spa"],
        quiet: &[
            "implicit-grant",
            "public-client-without-pkce",
            "refresh-token-public-client-unprotected",
            "implicit-default-metadata",
        ],
        ..DEFAULT
    },
    Case {
        name: "okta service app with a key in jwks blocks and private_key_jwt",
        files: &[(
            "main.tf",
            r#"resource "okta_app_oauth" "worker" {
  label                      = "worker"
  type                       = "service"
  grant_types                = ["client_credentials"]
  response_types             = ["token"]
  token_endpoint_auth_method = "private_key_jwt"

  jwks {
    kty = "EC"
    kid = "worker-2026"
    x   = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"
    y   = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"
  }
}
"#,
        )],
        types: &["m2m"],
        quiet: &["auth-method-credential-mismatch", "symmetric-client-auth"],
        ..DEFAULT
    },
    Case {
        name: "okta web app with a redirect joined from okta_app_oauth_redirect_uri",
        files: &[
            (
                "app.tf",
                r#"resource "okta_app_oauth" "wiki" {
  label          = "wiki"
  type           = "web"
  grant_types    = ["authorization_code"]
  response_types = ["code"]
  redirect_uris  = ["https://wiki.example.com/cb"]
  lifecycle {
    ignore_changes = [redirect_uris]
  }
}
"#,
            ),
            (
                "uris.tf",
                r#"resource "okta_app_oauth_redirect_uri" "legacy" {
  app_id = okta_app_oauth.wiki.id
  uri    = "http://wiki.example.com/legacy-cb"
}
"#,
            ),
        ],
        types: &["web"],
        fire: &["redirect-uri-http"],
        quiet: &["implicit-grant"],
        ..DEFAULT
    },
    Case {
        name: "okta override file replaces the grants it sets",
        files: &[
            (
                "main.tf",
                r#"resource "okta_app_oauth" "portal" {
  label          = "portal"
  type           = "browser"
  grant_types    = ["implicit"]
  response_types = ["token"]
  redirect_uris  = ["https://portal.example.com/cb"]
}
"#,
            ),
            (
                "main_override.tf",
                r#"resource "okta_app_oauth" "portal" {
  grant_types                = ["authorization_code"]
  response_types             = ["code"]
  token_endpoint_auth_method = "none"
}
"#,
            ),
        ],
        types: &["spa"],
        quiet: &["implicit-grant", "public-client-without-pkce"],
        ..DEFAULT
    },
    Case {
        name: "okta post-logout redirect joined from okta_app_oauth_post_logout_redirect_uri",
        files: &[(
            "main.tf",
            r#"resource "okta_app_oauth" "portal" {
  label         = "portal"
  type          = "web"
  redirect_uris = ["https://portal.example.com/cb"]
}
resource "okta_app_oauth_post_logout_redirect_uri" "bye" {
  app_id = okta_app_oauth.portal.id
  uri    = "http://portal.example.com/bye"
}
"#,
        )],
        types: &["web"],
        fire: &["post-logout-redirect-uri-insecure /resource/okta_app_oauth_post_logout_redirect_uri/bye/uri"],
        quiet: &["implicit-grant"],
        ..DEFAULT
    },
    // ── auth0_client ────────────────────────────────────────────────────────────────────────
    Case {
        name: "auth0 spa with implicit and password grants and a wildcard callback",
        files: &[(
            "main.tf",
            r#"resource "auth0_client" "dash" {
  name        = "Dashboard"
  app_type    = "spa"
  grant_types = ["implicit", "password"]
  callbacks   = ["https://dash.example.com/*"]
}
"#,
        )],
        types: &["spa"],
        fire: &[
            "implicit-grant /resource/auth0_client/dash/grant_types/0",
            "ropc-grant /resource/auth0_client/dash/grant_types/1",
            "redirect-uri-wildcard /resource/auth0_client/dash/callbacks/0",
        ],
        ..DEFAULT
    },
    Case {
        name: "auth0 spa with code, rotation and credentials none",
        files: &[(
            "main.tf",
            r#"resource "auth0_client" "dash" {
  name        = "Dashboard"
  app_type    = "spa"
  grant_types = ["authorization_code", "refresh_token"]
  callbacks   = ["https://dash.example.com/callback"]
  refresh_token {
    rotation_type   = "rotating"
    expiration_type = "expiring"
  }
}
resource "auth0_client_credentials" "dash" {
  client_id             = auth0_client.dash.id
  authentication_method = "none"
}
"#,
        )],
        types: &["spa"],
        quiet: &[
            "implicit-grant",
            "ropc-grant",
            "redirect-uri-wildcard",
            "refresh-token-public-client-unprotected",
            "confidential-client-auth-none",
        ],
        ..DEFAULT
    },
    Case {
        name: "auth0 machine-to-machine app whose grants are Auth0's default",
        files: &[(
            "main.tf",
            r#"resource "auth0_client" "jobs" {
  name     = "Nightly jobs"
  app_type = "non_interactive"
}
resource "auth0_client_grant" "jobs" {
  client_id = auth0_client.jobs.id
  audience  = "https://api.example.com/"
  scopes    = ["read:reports"]
}
"#,
        )],
        types: &["m2m"],
        quiet: &["redirect-grant-without-redirect-uris"],
        ..DEFAULT
    },
    Case {
        name: "auth0 regular web app with a literal secret in auth0_client_credentials",
        files: &[
            (
                "client.tf",
                r#"resource "auth0_client" "shop" {
  name        = "Shop"
  app_type    = "regular_web"
  grant_types = ["authorization_code", "refresh_token"]
  callbacks   = ["https://shop.example.com/callback"]
}
"#,
            ),
            (
                "credentials.tf",
                r#"resource "auth0_client_credentials" "shop" {
  client_id             = auth0_client.shop.id
  authentication_method = "client_secret_post"
  client_secret         = "mW7p2QeXv9LrT4kZs8NbY3cHd6FgJ1aUqE5oRiP0tVxK"
}
"#,
            ),
        ],
        types: &["web"],
        fire: &["plaintext-secret-in-file"],
        quiet: &["public-client-with-secret", "implicit-grant"],
        secrets: &["mW7p2QeXv9LrT4kZs8NbY3cHd6FgJ1aUqE5oRiP0tVxK"],
        ..DEFAULT
    },
    // ── aws_cognito_user_pool_client ────────────────────────────────────────────────────────
    Case {
        name: "cognito public client with implicit, http callback and the password flow",
        files: &[(
            "main.tf",
            r#"resource "aws_cognito_user_pool" "main" {
  name = "main"
}
resource "aws_cognito_user_pool_client" "web" {
  name                                 = "web"
  user_pool_id                         = aws_cognito_user_pool.main.id
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code", "implicit"]
  allowed_oauth_scopes                 = ["openid", "email"]
  callback_urls                        = ["http://app.example.com/callback"]
  explicit_auth_flows                  = ["ALLOW_USER_PASSWORD_AUTH"]
}
"#,
        )],
        // Public with only a plain-http web redirect: not typed (spa needs https pages).
        types: &["unknown"],
        fire: &[
            "implicit-grant /resource/aws_cognito_user_pool_client/web/allowed_oauth_flows/1",
            "redirect-uri-http /resource/aws_cognito_user_pool_client/web/callback_urls/0",
            "ropc-grant /resource/aws_cognito_user_pool_client/web/explicit_auth_flows/0",
        ],
        ..DEFAULT
    },
    Case {
        name: "cognito confidential client with the code flow and rotation",
        files: &[(
            "main.tf",
            r#"resource "aws_cognito_user_pool_client" "web" {
  name                                 = "web"
  user_pool_id                         = "eu-west-1_AbCdEf123"
  generate_secret                      = true
  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid"]
  callback_urls                        = ["https://app.example.com/callback"]
  explicit_auth_flows                  = ["ALLOW_REFRESH_TOKEN_AUTH"]
  refresh_token_rotation {
    feature                    = "ENABLED"
    retry_grace_period_seconds = 10
  }
}
"#,
        )],
        types: &["web"],
        quiet: &[
            "implicit-grant",
            "ropc-grant",
            "redirect-uri-http",
            "public-client-without-pkce",
            "plaintext-secret-in-file",
        ],
        ..DEFAULT
    },
    Case {
        name: "cognito flows written but OAuth switched off are inert",
        files: &[(
            "main.tf",
            r#"resource "aws_cognito_user_pool_client" "sdk" {
  name                = "sdk"
  user_pool_id        = "eu-west-1_AbCdEf123"
  allowed_oauth_flows = ["implicit"]
  callback_urls       = ["https://app.example.com/callback"]
  explicit_auth_flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
}
"#,
        )],
        // With OAuth off only the SDK sign-in flows remain: nothing tells its platform.
        types: &["unknown"],
        quiet: &["implicit-grant", "ropc-grant"],
        ..DEFAULT
    },
    // ── azuread_application ─────────────────────────────────────────────────────────────────
    Case {
        name: "azuread web platform with implicit access tokens and an http redirect",
        files: &[(
            "main.tf",
            r#"resource "azuread_application" "portal" {
  display_name = "portal"
  web {
    redirect_uris = ["http://portal.example.com/signin-oidc"]
    implicit_grant {
      access_token_issuance_enabled = true
    }
  }
  password {
    display_name = "ci"
  }
}
"#,
        )],
        types: &["web"],
        fire: &[
            "implicit-grant /resource/azuread_application/portal/web/0/implicit_grant/0/access_token_issuance_enabled",
            "redirect-uri-http /resource/azuread_application/portal/web/0/redirect_uris/0",
        ],
        ..DEFAULT
    },
    Case {
        name: "azuread single-page application",
        files: &[(
            "main.tf",
            r#"resource "azuread_application" "portal" {
  display_name = "portal"
  single_page_application {
    redirect_uris = ["https://portal.example.com/"]
  }
}
"#,
        )],
        types: &["spa"],
        quiet: &["implicit-grant", "redirect-uri-http", "public-client-without-pkce"],
        ..DEFAULT
    },
    Case {
        name: "azuread dynamic blocks of unknown for_each are neither on nor a secret",
        files: &[(
            "main.tf",
            r#"variable "settings" {
  type = any
}
resource "azuread_application" "app" {
  display_name = "app"
  dynamic "web" {
    for_each = can(var.settings.web) ? [1] : []
    content {
      redirect_uris = var.settings.web.redirect_uris
      dynamic "implicit_grant" {
        for_each = can(var.settings.web.implicit) ? [1] : []
        content {
          access_token_issuance_enabled = var.settings.web.implicit
        }
      }
    }
  }
  dynamic "password" {
    for_each = can(var.settings.password) ? [1] : []
    content {
      display_name = var.settings.password.display_name
    }
  }
}
"#,
        )],
        // Neither the web platform nor the password may exist.
        types: &["unknown"],
        quiet: &["implicit-grant", "redirect-uri-http", "redirect-grant-without-redirect-uris"],
        ..DEFAULT
    },
    Case {
        name: "azuread dynamic implicit_grant over a literal list is expanded",
        files: &[(
            "main.tf",
            r#"resource "azuread_application" "legacy" {
  display_name = "legacy"
  web {
    redirect_uris = ["https://legacy.example.com/signin"]
    dynamic "implicit_grant" {
      for_each = ["on"]
      content {
        access_token_issuance_enabled = true
      }
    }
  }
}
"#,
        )],
        types: &["web"],
        fire: &["implicit-grant"],
        ..DEFAULT
    },
    Case {
        name: "azuread registration with SPA and public-client redirect URIs joined by application_id",
        files: &[(
            "main.tf",
            r#"resource "azuread_application_registration" "app" {
  display_name = "app"
}
resource "azuread_application_redirect_uris" "spa" {
  application_id = azuread_application_registration.app.id
  type           = "SPA"
  redirect_uris  = ["https://app.example.com/"]
}
resource "azuread_application_redirect_uris" "native" {
  application_id = azuread_application_registration.app.id
  type           = "PublicClient"
  redirect_uris  = ["http://localhost"]
}
"#,
        )],
        // Two platforms with redirect URIs: neither one is declared.
        types: &["unknown"],
        fire: &["mixed-platform-redirect-uris"],
        quiet: &["redirect-uri-http"],
        ..DEFAULT
    },
    // ── zitadel_application_oidc ────────────────────────────────────────────────────────────
    Case {
        name: "zitadel implicit app with an http redirect",
        files: &[(
            "main.tf",
            r#"resource "zitadel_application_oidc" "argocd" {
  project_id     = zitadel_project.ops.id
  name           = "argocd"
  redirect_uris  = ["http://argocd.example.com/auth/callback"]
  response_types = ["OIDC_RESPONSE_TYPE_ID_TOKEN_TOKEN"]
  grant_types    = ["OIDC_GRANT_TYPE_IMPLICIT"]
}
"#,
        )],
        types: &["web"],
        fire: &[
            "implicit-grant",
            "redirect-uri-http /resource/zitadel_application_oidc/argocd/redirect_uris/0",
        ],
        ..DEFAULT
    },
    Case {
        name: "zitadel user-agent app without a secret",
        files: &[(
            "main.tf",
            r#"resource "zitadel_application_oidc" "console" {
  project_id       = "231048310839212"
  name             = "console"
  app_type         = "OIDC_APP_TYPE_USER_AGENT"
  auth_method_type = "OIDC_AUTH_METHOD_TYPE_NONE"
  redirect_uris    = ["https://console.example.com/auth/callback"]
  response_types   = ["OIDC_RESPONSE_TYPE_CODE"]
  grant_types      = ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE", "OIDC_GRANT_TYPE_REFRESH_TOKEN"]
}
"#,
        )],
        types: &["spa"],
        quiet: &[
            "implicit-grant",
            "public-client-without-pkce",
            "refresh-token-public-client-unprotected",
            "redirect-uri-http",
        ],
        ..DEFAULT
    },
    Case {
        name: "zitadel native app with a loopback redirect",
        files: &[(
            "main.tf",
            r#"resource "zitadel_application_oidc" "cli" {
  project_id       = "231048310839212"
  name             = "cli"
  app_type         = "OIDC_APP_TYPE_NATIVE"
  auth_method_type = "OIDC_AUTH_METHOD_TYPE_NONE"
  redirect_uris    = ["http://127.0.0.1/callback"]
  response_types   = ["OIDC_RESPONSE_TYPE_CODE"]
  grant_types      = ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"]
}
"#,
        )],
        types: &["native"],
        quiet: &["redirect-uri-http", "public-client-without-pkce"],
        ..DEFAULT
    },
    // ── Pulumi YAML (the bridged providers, camelCase) ──────────────────────────────────────
    Case {
        name: "pulumi auth0, cognito, azuread, okta and zitadel clients",
        files: &[(
            "Pulumi.yaml",
            r#"name: identity
runtime: yaml
resources:
  dash:
    type: auth0:Client
    properties:
      name: Dashboard
      appType: spa
      grantTypes:
        - implicit
        - password
      callbacks:
        - https://dash.example.com/*
  dashCredentials:
    type: auth0:ClientCredentials
    properties:
      clientId: ${dash.id}
      authenticationMethod: client_secret_post
      clientSecret: Yx4mQ8wE2rT6uI0oP3aS7dF1gH5jK9lZ
  pool:
    type: aws:cognito:UserPool
    properties:
      name: main
  web:
    type: aws:cognito:UserPoolClient
    properties:
      name: web
      userPoolId: ${pool.id}
      allowedOauthFlowsUserPoolClient: true
      allowedOauthFlows:
        - code
        - implicit
      callbackUrls:
        - https://app.example.com/callback
      explicitAuthFlows:
        - ALLOW_USER_PASSWORD_AUTH
  portal:
    type: azuread:Application
    properties:
      displayName: portal
      web:
        redirectUris:
          - http://portal.example.com/signin-oidc
        implicitGrant:
          accessTokenIssuanceEnabled: true
  worker:
    type: okta:app/oAuth:OAuth
    properties:
      label: worker
      type: service
      grantTypes:
        - client_credentials
      tokenEndpointAuthMethod: private_key_jwt
      jwks:
        - kty: EC
          kid: worker-2026
          x: f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU
          y: x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0
  argocd:
    type: zitadel:ApplicationOidc
    properties:
      projectId: ${ops.id}
      name: argocd
      redirectUris:
        - http://argocd.example.com/auth/callback
      responseTypes:
        - OIDC_RESPONSE_TYPE_ID_TOKEN_TOKEN
      grantTypes:
        - OIDC_GRANT_TYPE_IMPLICIT
"#,
        )],
        format: "pulumi",
        types: &["spa", "spa", "web", "m2m", "web"],
        fire: &[
            "implicit-grant /resources/dash/properties/grantTypes/0",
            "ropc-grant /resources/dash/properties/grantTypes/1",
            "redirect-uri-wildcard /resources/dash/properties/callbacks/0",
            "plaintext-secret-in-file /resources/dashCredentials/properties/clientSecret",
            "public-client-with-secret",
            "implicit-grant /resources/web/properties/allowedOauthFlows/1",
            "ropc-grant /resources/web/properties/explicitAuthFlows/0",
            "redirect-uri-http /resources/portal/properties/web/redirectUris/0",
            "implicit-grant /resources/portal/properties/web/implicitGrant/accessTokenIssuanceEnabled",
            "redirect-uri-http /resources/argocd/properties/redirectUris/0",
        ],
        quiet: &["auth-method-credential-mismatch"],
        secrets: &["Yx4mQ8wE2rT6uI0oP3aS7dF1gH5jK9lZ"],
    },
    Case {
        name: "pulumi joins by `${name.id}`: okta redirect URI, azuread redirect URIs",
        files: &[(
            "Pulumi.yaml",
            r#"name: joins
runtime: yaml
resources:
  wiki:
    type: okta:app/oAuth:OAuth
    properties:
      label: wiki
      type: web
      grantTypes:
        - authorization_code
      redirectUris:
        - https://wiki.example.com/cb
  legacyUri:
    type: okta:app/oAuthRedirectUri:OAuthRedirectUri
    properties:
      appId: ${wiki.id}
      uri: http://wiki.example.com/legacy-cb
  reports:
    type: azuread:ApplicationRegistration
    properties:
      displayName: reports
  reportsUris:
    type: azuread:ApplicationRedirectUris
    properties:
      applicationId: ${reports.id}
      type: SPA
      redirectUris:
        - https://reports.example.com/
"#,
        )],
        format: "pulumi",
        types: &["web", "spa"],
        fire: &["redirect-uri-http /resources/legacyUri/properties/uri"],
        quiet: &["redirect-grant-without-redirect-uris"],
        ..DEFAULT
    },
    // ── `terraform show -json` plan, with a child module ────────────────────────────────────
    Case {
        name: "plan with cognito, azuread, okta, zitadel and an auth0 client in a child module",
        files: &[(
            "plan.json",
            r#"{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": {"root_module": {
    "resources": [
      {"address": "aws_cognito_user_pool_client.web", "mode": "managed", "type": "aws_cognito_user_pool_client", "name": "web",
       "values": {"name": "web", "user_pool_id": "eu-west-1_AbCdEf123", "generate_secret": null,
                  "allowed_oauth_flows_user_pool_client": true, "allowed_oauth_flows": ["code", "implicit"],
                  "callback_urls": ["https://app.example.com/callback"], "explicit_auth_flows": ["ALLOW_REFRESH_TOKEN_AUTH"],
                  "refresh_token_rotation": []}},
      {"address": "azuread_application.portal", "mode": "managed", "type": "azuread_application", "name": "portal",
       "values": {"display_name": "portal", "fallback_public_client_enabled": false,
                  "web": [{"redirect_uris": ["http://portal.example.com/signin-oidc"], "logout_url": null,
                           "implicit_grant": [{"access_token_issuance_enabled": true, "id_token_issuance_enabled": false}]}],
                  "single_page_application": [], "public_client": [], "password": []}},
      {"address": "okta_app_oauth.worker", "mode": "managed", "type": "okta_app_oauth", "name": "worker",
       "values": {"label": "worker", "type": "service", "grant_types": ["client_credentials"], "response_types": ["token"],
                  "token_endpoint_auth_method": "private_key_jwt", "pkce_required": false,
                  "jwks": [{"kty": "EC", "kid": "worker-2026", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                            "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "e": null, "n": null}],
                  "client_secret": null}},
      {"address": "zitadel_application_oidc.console", "mode": "managed", "type": "zitadel_application_oidc", "name": "console",
       "values": {"project_id": "231048310839212", "name": "console", "app_type": "OIDC_APP_TYPE_USER_AGENT",
                  "auth_method_type": "OIDC_AUTH_METHOD_TYPE_NONE", "redirect_uris": ["https://console.example.com/cb"],
                  "response_types": ["OIDC_RESPONSE_TYPE_CODE"], "grant_types": ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"],
                  "dev_mode": false}}
    ],
    "child_modules": [{"address": "module.auth", "resources": [
      {"address": "module.auth.auth0_client.shop", "mode": "managed", "type": "auth0_client", "name": "shop",
       "values": {"name": "Shop", "app_type": "regular_web", "grant_types": ["authorization_code", "password"],
                  "callbacks": ["https://shop.example.com/callback"], "client_id": "Kf9dXw2LmQ7rT1", "id": "Kf9dXw2LmQ7rT1"}},
      {"address": "module.auth.auth0_client_credentials.shop", "mode": "managed", "type": "auth0_client_credentials", "name": "shop",
       "values": {"client_id": "Kf9dXw2LmQ7rT1", "authentication_method": "client_secret_post",
                  "client_secret": "pl4n-Auth0-S3cret-9f8e7d6c5b4a3210"},
       "sensitive_values": {"client_secret": true}}
    ]}]
  }}
}
"#,
        )],
        types: &["spa", "web", "m2m", "spa", "web"],
        fire: &[
            "implicit-grant /planned_values/root_module/resources/0/values/allowed_oauth_flows/1",
            "redirect-uri-http /planned_values/root_module/resources/1/values/web/0/redirect_uris/0",
            "ropc-grant /planned_values/root_module/child_modules/0/resources/0/values/grant_types/1",
            "plaintext-secret-in-file /planned_values/root_module/child_modules/0/resources/1/values/client_secret",
        ],
        quiet: &["auth-method-credential-mismatch", "public-client-with-secret"],
        secrets: &["pl4n-Auth0-S3cret-9f8e7d6c5b4a3210"],
        ..DEFAULT
    },
    Case {
        name: "raw terraform.tfstate with a module instance and a plaintext secret",
        files: &[(
            "terraform.tfstate",
            r#"{"version": 4, "terraform_version": "1.9.5", "serial": 7, "lineage": "5f1c2a9e", "outputs": {},
 "resources": [
  {"mode": "data", "type": "auth0_client", "name": "existing",
   "instances": [{"attributes": {"name": "existing", "app_type": "spa", "grant_types": ["implicit"]}}]},
  {"module": "module.sso", "mode": "managed", "type": "auth0_client", "name": "spa",
   "instances": [{"index_key": "eu", "schema_version": 0,
     "attributes": {"name": "spa-eu", "app_type": "spa", "grant_types": ["implicit"],
                    "callbacks": ["https://eu.example.com/cb"], "client_id": "Qw3rTy"}}]},
  {"mode": "managed", "type": "keycloak_openid_client", "name": "web",
   "instances": [{"schema_version": 0, "sensitive_attributes": [],
     "attributes": {"realm_id": "corp", "client_id": "web", "access_type": "CONFIDENTIAL",
                    "client_secret": "st4te-S3cret-Hq9Lw2Zr8Kp5Xn3Vb7", "standard_flow_enabled": true,
                    "implicit_flow_enabled": false, "valid_redirect_uris": ["https://web.example.com/cb"]}}]}
 ]}
"#,
        )],
        types: &["spa", "web"],
        fire: &[
            "implicit-grant /resources/1/instances/0/attributes/grant_types/0",
            "plaintext-secret-in-file /resources/2/instances/0/attributes/client_secret",
        ],
        secrets: &["st4te-S3cret-Hq9Lw2Zr8Kp5Xn3Vb7"],
        ..DEFAULT
    },
];
