//! `keycloak_openid_client` (keycloak/terraform-provider-keycloak,
//! `provider/resource_keycloak_openid_client.go`), with its `keycloak_realm` (joined through
//! `realm_id`) as server context.
//!
//! The flow switches are Optional+Computed booleans that the provider copies into Keycloak's
//! client with `data.Get(...).(bool)`: one left out is sent as `false`, so an omitted
//! `standard_flow_enabled` means no code flow, unlike a realm export read by the server. With
//! `import = true` the provider merges the existing client into the fields left out, so they are
//! unknown.

use super::{is_expression, Instance, Resource, Setting};
use crate::formats::keycloak::ALGS;
use crate::formats::{algs, jwk, member, params, server, Setting as Switch, Vendor};
use crate::model::{Client, Declared, Field, Grant, Lifetime, List, Origin, PkceMethod};

pub const CLIENT: Resource = Resource {
    kind: "keycloak_openid_client",
    vendor: Vendor {
        product: "Keycloak",
        resolves_relative_redirects: true,
        plus_web_origin: true,
        rejects_unregistered_redirects: Some("Keycloak rejects logins for a client without redirect URIs: turn the flow off (`standard_flow_enabled = false`), or register the exact redirect URIs in `valid_redirect_uris`"),
        assertion_keys_outside_client: true,
        request_object_alg_wildcard: Some("any"),
        // `ClientCredentialsGrantType` and standard token exchange check the client's `publicClient`.
        refused_to_public: &[Grant::ClientCredentials, Grant::TokenExchange],
        pluggable_client_auth: true,
        bearer_only_refuses_flows: true,
        // Matched by where the grant was read, so only the snake_case names of `.tf` files and plans
        // are fixed; Crossplane's and Pulumi's camelCase spelling gets no fix rather than a wrong key.
        grant_switches: &[
            member(&[], "implicit_flow_enabled", Switch::Bool(false)),
            member(&[], "direct_access_grants_enabled", Switch::Bool(false)),
            member(&[], "service_accounts_enabled", Switch::Bool(false)),
        ],
        ..Vendor::STANDARD
    },
    pulumi: &["keycloak:openid/client:Client", "keycloak:openid:Client"],
    read,
};

const FLAG_WHY: &str = "the Keycloak provider sends false for a flow switch left out";
const REFRESH_WHY: &str = "the Keycloak provider defaults use_refresh_tokens to true";
const ENABLED_WHY: &str = "the Keycloak provider defaults enabled to true";
const AUTH_WHY: &str = "the Keycloak provider defaults client_authenticator_type to client-secret";
const PKCE_WHY: &str = "Keycloak does not require PKCE unless pkce_code_challenge_method is set";
const CONSENT_WHY: &str = "the Keycloak provider sends consent_required false when it is left out";
const ROTATION_WHY: &str = "keycloak_realm defaults revoke_refresh_token to false";
/// Keycloak's defaults for a new realm (`RealmManager`): access tokens 5 minutes, codes 1 minute,
/// SSO sessions idle 30 minutes and at most 10 hours.
const REALM_DEFAULT_WHY: &str = "Keycloak's default for a realm that does not set it";

fn read(inst: &Instance) -> Client {
    let mut c = inst.client("client_id");
    inst.identify(&mut c, "client_id", "name");
    // Fields left out of an imported client keep the server's values.
    let imported = inst.boolean("import").known().is_some_and(|f| f.value);
    let flag = |key: &str| match imported {
        true => inst.boolean(key).known(),
        false => inst.boolean(key).or_default(false, FLAG_WHY),
    };
    c.enabled = inst
        .boolean("enabled")
        .or_default(true, ENABLED_WHY)
        .is_none_or(|f| f.value);
    let access = inst.string("access_type").known();
    let public = access
        .as_ref()
        .map(|a| Field::new(a.value == "PUBLIC", a.origin.clone()));
    if let Some(a) = access.as_ref().filter(|a| a.value == "BEARER-ONLY") {
        c.declared = Some(Field::new(Declared::ResourceServer, a.origin.clone()));
    }
    c.auth_method = match &public {
        Some(p) if p.value => Some(Field::new("none".to_string(), p.origin.clone())),
        Some(_) => inst
            .string("client_authenticator_type")
            .or_default("client-secret".to_string(), AUTH_WHY)
            .map(|f| Field::new(auth_method_name(&f.value), f.origin)),
        None => None,
    };
    c.public = public;
    c.secret = inst
        .secret("client_secret")
        .or_else(|| inst.write_only_secret("client_secret_wo"));

    let mut grants = Vec::new();
    let mut push = |grant: Grant, f: Option<Field<bool>>| {
        if let Some(f) = f.filter(|f| f.value) {
            grants.push(Field::new(grant, f.origin));
        }
    };
    push(Grant::AuthorizationCode, flag("standard_flow_enabled"));
    push(Grant::Implicit, flag("implicit_flow_enabled"));
    push(Grant::Password, flag("direct_access_grants_enabled"));
    push(Grant::ClientCredentials, flag("service_accounts_enabled"));
    push(Grant::DeviceCode, flag("oauth2_device_authorization_grant_enabled"));
    push(Grant::TokenExchange, flag("standard_token_exchange_enabled"));
    push(Grant::JwtBearer, flag("oauth2_jwt_authorization_grant_enabled"));
    let user_grant = grants
        .iter()
        .any(|g| matches!(g.value, Grant::AuthorizationCode | Grant::Password | Grant::DeviceCode));
    let service = grants.iter().any(|g| g.value == Grant::ClientCredentials);
    let refresh = if user_grant {
        inst.boolean("use_refresh_tokens").or_default(true, REFRESH_WHY)
    } else if service {
        inst.boolean("use_refresh_tokens_client_credentials").known()
    } else {
        None
    };
    if let Some(r) = refresh.filter(|r| r.value) {
        grants.push(Field::new(Grant::RefreshToken, r.origin));
    }
    let switches = Origin::file(inst.at.pointer.clone(), inst.at.span());
    c.grants = Some(List {
        origin: switches,
        items: grants,
    });

    c.redirect_uris = inst.uris("valid_redirect_uris");
    c.post_logout_redirect_uris = inst.uris("valid_post_logout_redirect_uris");
    c.web_origins = inst.uris("web_origins");
    c.consent_required = match imported {
        true => inst.boolean("consent_required").known(),
        false => inst.boolean("consent_required").or_default(false, CONSENT_WHY),
    };
    extra_config(inst, &mut c);
    c.uris.extend(params(
        &[
            ("frontchannel_logout_url", "frontchannel_logout_uri"),
            ("backchannel_logout_url", "backchannel_logout_uri"),
        ],
        |k| inst.string(k).known(),
    ));
    let realm = inst.referenced("realm_id", "keycloak_realm", "realm");
    pkce(inst, &mut c);
    tokens(inst, realm.as_ref(), &mut c);
    c
}

/// `extra_config`: Keycloak client attributes the provider has no typed field for, under their
/// Keycloak names (`token.endpoint.auth.signing.alg`, `jwks.url`, …).
fn extra_config(inst: &Instance, c: &mut Client) {
    let Some(extra) = inst.raw("extra_config") else { return };
    let text = |key: &str| -> Option<Field<String>> {
        let at = extra.get(key)?;
        let s = at.as_str().filter(|s| !s.trim().is_empty() && !is_expression(s))?;
        Some(Field::new(s.trim().to_string(), inst.origin(&at)))
    };
    let on = |key: &str| -> Option<Field<bool>> {
        let at = extra.get(key)?;
        Some(Field::new(at.node.as_loose_bool()?, inst.origin(&at)))
    };
    c.algs = algs(&ALGS, text);
    // The login-screen links (`ClientModel.LOGO_URI`, `POLICY_URI`, `TOS_URI`).
    c.uris = params(
        &[
            ("logoUri", "logo_uri"),
            ("policyUri", "policy_uri"),
            ("tosUri", "tos_uri"),
        ],
        text,
    );
    let use_url = on("use.jwks.url").is_some_and(|f| f.value);
    if use_url {
        c.jwks_uri = text("jwks.url");
    }
    if on("use.jwks.string").is_some_and(|f| f.value) {
        c.jwks = text("jwks.string").and_then(|f| jwk::jwks_in_string(&f));
    }
    c.par_required = on("require.pushed.authorization.requests");
    c.tokens.mtls_bound = on("tls.client.certificate.bound.access.tokens");
}

/// Keycloak's client authenticator ids under their RFC 7591 names; a custom one is kept as is.
fn auth_method_name(authenticator: &str) -> String {
    match authenticator {
        "client-secret" => "client_secret_basic",
        "client-jwt" | "federated-jwt" => "private_key_jwt",
        "client-secret-jwt" => "client_secret_jwt",
        "client-x509" => "tls_client_auth",
        other => other,
    }
    .to_string()
}

fn pkce(inst: &Instance, c: &mut Client) {
    // A realm client policy with the `pkce-enforcer` executor may require PKCE of every client.
    let enforcer = inst
        .catalog
        .of_kind("keycloak_realm_client_policy_profile")
        .any(|p| mentions(p.at.node, "pkce-enforcer"));
    match inst.string("pkce_code_challenge_method") {
        Setting::Known(f) => {
            c.pkce.written.push(f.clone());
            let method = match f.value.trim() {
                "S256" => Some(PkceMethod::S256),
                "plain" => Some(PkceMethod::Plain),
                "" => None,
                // The provider refuses any other value; what the server would do is unknown.
                _ => return,
            };
            match method {
                Some(m) => {
                    c.pkce.required = Some(Field::new(true, f.origin.clone()));
                    c.pkce.methods = Some(Field::new(vec![m], f.origin));
                }
                None if enforcer => {}
                None => c.pkce.required = Some(Field::new(false, f.origin)),
            }
        }
        Setting::Absent | Setting::Computed if !enforcer => {
            c.pkce.required = Some(Field::new(false, Origin::Default { why: PKCE_WHY }));
        }
        _ => {}
    }
}

/// Whether any string in the tree equals `needle`.
fn mentions(node: &crate::document::Node, needle: &str) -> bool {
    use crate::document::Value;
    match &node.value {
        Value::String(s) => s == needle,
        Value::Array(items) => items.iter().any(|n| mentions(n, needle)),
        Value::Object(entries) => entries.iter().any(|e| mentions(&e.value, needle)),
        _ => false,
    }
}

/// Lifetimes: the client's own (seconds strings), else the realm's (Go durations), as server
/// settings; a realm that leaves one out gets Keycloak's default for a new realm. Refresh tokens
/// live as long as the client session.
fn tokens(inst: &Instance, realm: Option<&Instance>, c: &mut Client) {
    let realm_value = |key: &str, default: u64| {
        realm
            .and_then(|r| {
                r.lifetime(key)
                    .or_default(Lifetime::Seconds(default), REALM_DEFAULT_WHY)
            })
            .map(server)
    };
    let own_or_realm = |own: &str, realm_key: &str, default: u64| -> Option<Field<Lifetime>> {
        inst.lifetime(own).known().or_else(|| realm_value(realm_key, default))
    };
    let t = &mut c.tokens;
    t.access_token_lifetime = own_or_realm("access_token_lifespan", "access_token_lifespan", 300);
    t.authorization_code_lifetime = realm_value("access_code_lifespan", 60);
    t.refresh_idle_lifetime = own_or_realm("client_session_idle_timeout", "sso_session_idle_timeout", 1800);
    t.refresh_absolute_lifetime = own_or_realm("client_session_max_lifespan", "sso_session_max_lifespan", 36_000);
    t.refresh_rotation = realm
        .and_then(|r| r.boolean("revoke_refresh_token").or_default(false, ROTATION_WHY))
        .map(server);
    t.dpop_bound = inst.boolean("require_dpop_bound_tokens").known();
}

#[cfg(test)]
mod tests {
    use crate::formats::terraform::tests::read;
    use crate::formats::testing::grants;
    use crate::model::{Grant, SecretKind};

    #[test]
    fn omitted_flow_switches_are_off_as_the_provider_sends_them() {
        let c = &read(
            r#"{"resource": {"keycloak_openid_client": {"spa": {
                "realm_id": "corp", "client_id": "shop-spa", "access_type": "PUBLIC",
                "implicit_flow_enabled": true,
                "valid_redirect_uris": ["http://shop.example.com/*"], "web_origins": ["*"]}}}}"#,
        )[0];
        assert_eq!(c.format, "terraform");
        assert_eq!(c.vendor.product, "Keycloak");
        assert_eq!(c.id.as_ref().unwrap().value, "shop-spa");
        assert_eq!(c.name.as_deref(), Some("keycloak_openid_client.spa"));
        assert_eq!(grants(c), [Grant::Implicit]);
        assert!(c.public.as_ref().unwrap().value);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
        assert!(!c.pkce.required.as_ref().unwrap().value);
        let at = &c.redirect_uris.as_ref().unwrap().items[0].origin;
        assert!(
            matches!(at, crate::model::Origin::File { pointer, .. }
                if pointer.as_str() == "/resource/keycloak_openid_client/spa/valid_redirect_uris/0"),
            "{at:?}"
        );
    }

    #[test]
    fn unresolved_values_are_unknown_and_secrets_by_reference_are_not_plaintext() {
        let c = &read(
            r#"{"resource": {"keycloak_openid_client": {"api": {
                "realm_id": "${keycloak_realm.main.id}", "client_id": "${var.id}",
                "access_type": "CONFIDENTIAL", "standard_flow_enabled": "${var.code}",
                "service_accounts_enabled": true,
                "client_secret": "${random_password.api.result}"}}}}"#,
        )[0];
        assert_eq!(c.id, None);
        assert_eq!(grants(c), [Grant::ClientCredentials]);
        assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Reference);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
    }

    #[test]
    fn the_realm_gives_lifetimes_as_server_settings() {
        let c = &read(
            r#"{"resource": {
                "keycloak_realm": {"main": {"realm": "corp", "access_token_lifespan": "1h",
                                            "sso_session_max_lifespan": "720h", "revoke_refresh_token": true}},
                "keycloak_openid_client": {"web": {
                    "realm_id": "${keycloak_realm.main.id}", "client_id": "web", "access_type": "CONFIDENTIAL",
                    "standard_flow_enabled": true, "client_secret": "s3cr3t-Value-1234567890",
                    "client_session_idle_timeout": "1800"}}}}"#,
        )[0];
        let t = &c.tokens;
        assert_eq!(
            t.access_token_lifetime.as_ref().unwrap().value,
            crate::model::Lifetime::Seconds(3600)
        );
        assert!(matches!(
            t.access_token_lifetime.as_ref().unwrap().origin,
            crate::model::Origin::Server { .. }
        ));
        assert_eq!(
            t.refresh_idle_lifetime.as_ref().unwrap().value,
            crate::model::Lifetime::Seconds(1800)
        );
        assert_eq!(
            t.refresh_absolute_lifetime.as_ref().unwrap().value,
            crate::model::Lifetime::Seconds(720 * 3600)
        );
        assert!(t.refresh_rotation.as_ref().unwrap().value);
        assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Plaintext);
        assert_eq!(grants(c), [Grant::AuthorizationCode, Grant::RefreshToken]);
    }
}
