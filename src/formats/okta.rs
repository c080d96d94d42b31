//! Okta OIDC applications from the Apps API (`/api/v1/apps`, docs/providers.md): one app object or the
//! list the API returns. Flow settings are in `settings.oauthClient` (snake_case, RFC 7591 names),
//! authentication in `credentials.oauthClient`. Bodies for Okta's dynamic registration endpoint
//! (`/oauth2/v1/clients`) are flat RFC 7591 metadata and stay with `rfc7591`, except those whose
//! `application_type` is one only Okta uses (`browser`, `service`): they are read here, flat.
//!
//! No defaults are applied: Okta fills omitted members from the app type when it creates an app,
//! but an API body may also be a partial update, so a missing member is unknown. Refresh-token and
//! access-token lifetimes are authorization-server policy, outside the app, so they stay unknown.

use super::{anchor, boolean, default, jwk, map_list, params, secret, string, strings, Format, Vendor};
use super::{member, Setting};
use crate::document::{Cursor, Document};
use crate::model::{Client, Declared, DocKind, Field, Grant, PkceMethod, ResponseType};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "okta",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        extra_grant_types: &["interaction_code"],
        pkce_switch: Some(member(
            &["credentials", "oauthClient"],
            "pkce_required",
            Setting::Bool(true),
        )),
        ..Vendor::STANDARD
    },
};

/// Okta's authorization servers publish `code_challenge_methods_supported: ["S256"]` and reject
/// `plain`, whatever the app says.
const S256_ONLY: &str = "Okta accepts only the S256 PKCE method";

fn detect(doc: &Document, _path: &Path) -> bool {
    !apps(Cursor::root(doc)).is_empty()
}

fn is_app(c: &Cursor) -> bool {
    let oidc = c.get("signOnMode").and_then(|m| m.as_str()) == Some("OPENID_CONNECT");
    let both = c.path(&["settings", "oauthClient"]).is_some() && c.path(&["credentials", "oauthClient"]).is_some();
    c.node.is_object() && (oidc || both || is_flat(c))
}

/// A dynamic registration body with an Okta-only `application_type`.
fn is_flat(c: &Cursor) -> bool {
    c.get("application_type")
        .and_then(|t| t.as_str())
        .is_some_and(|t| t == "browser" || t == "service")
}

/// One app, or the array `GET /api/v1/apps` returns (other sign-on modes skipped).
fn apps(root: Cursor) -> Vec<Cursor> {
    if is_app(&root) {
        return vec![root];
    }
    root.items().filter(is_app).collect()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    apps(Cursor::root(doc)).iter().map(client).collect()
}

fn client(at: &Cursor) -> Client {
    let flat = is_flat(at);
    let (creds, settings) = if flat {
        (Some(at.clone()), Some(at.clone()))
    } else {
        (
            at.path(&["credentials", "oauthClient"]),
            at.path(&["settings", "oauthClient"]),
        )
    };
    let id = creds.as_ref().and_then(|c| string(c, "client_id"));
    let anchor = match &creds {
        Some(cr) if id.is_some() => anchor(cr, "client_id"),
        _ => anchor(at, if flat { "client_name" } else { "label" }),
    };
    // A registration request without a client_id; Okta's own defaults for it depend on the app
    // type and are not applied.
    let doc_kind = if flat && id.is_none() {
        DocKind::RegistrationRequest
    } else {
        DocKind::Registered
    };
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor, doc_kind);
    c.id = id;
    c.name = string(at, if flat { "client_name" } else { "label" }).map(|f| f.value);
    c.enabled = string(at, "status").is_none_or(|s| s.value != "INACTIVE");
    if let Some(cr) = &creds {
        c.auth_method = string(cr, "token_endpoint_auth_method");
        c.secret = secret(cr, "client_secret");
        c.pkce.required = boolean(cr, "pkce_required");
    }
    c.pkce.methods = Some(default(vec![PkceMethod::S256], S256_ONLY));
    let Some(s) = settings else { return c };
    c.declared = string(&s, "application_type").and_then(|t| {
        let d = match t.value.as_str() {
            "web" => Declared::Web,
            "native" => Declared::Native,
            "browser" => Declared::Spa,
            "service" => Declared::M2m,
            _ => return None,
        };
        Some(Field::new(d, t.origin))
    });
    // `interaction_code` and Okta's `urn:okta:params:oauth:grant-type:{otp,oob}` stay vendor grants.
    c.grants = strings(&s, "grant_types").map(|l| map_list(l, Grant::parse));
    // Okta writes `response_types: ["token"]` on every service app: its label for the token-endpoint
    // response of client credentials, not a front-channel response (a service app has no redirect).
    let service = c.declared.as_ref().is_some_and(|d| d.value == Declared::M2m);
    if !service {
        c.response_types = strings(&s, "response_types").map(|l| map_list(l, ResponseType::parse));
    }
    c.redirect_uris = strings(&s, "redirect_uris");
    c.post_logout_redirect_uris = strings(&s, "post_logout_redirect_uris");
    c.jwks_uri = string(&s, "jwks_uri");
    c.uris = params(
        &[
            "logo_uri",
            "client_uri",
            "policy_uri",
            "tos_uri",
            "initiate_login_uri",
            "frontchannel_logout_uri",
        ]
        .map(|p| (p, p)),
        |k| string(&s, k),
    );
    c.jwks = jwk::jwks(&s, "jwks");
    c.tokens.dpop_bound = boolean(&s, "dpop_bound_access_tokens");
    c.tokens.refresh_rotation = s
        .path(&["refresh_token"])
        .and_then(|r| string(&r, "rotation_type"))
        .and_then(|r| {
            let rotate = match r.value.as_str() {
                "ROTATE" => true,
                "STATIC" => false,
                _ => return None,
            };
            Some(Field::new(rotate, r.origin))
        });
    // `TRUSTED` skips the consent screen, which is what Okta offers first-party apps.
    if let Some(m) = string(&s, "consent_method") {
        let trusted = match m.value.as_str() {
            "TRUSTED" => true,
            "REQUIRED" => false,
            _ => return c,
        };
        c.first_party = Some(Field::new(trusted, m.origin.clone()));
        c.consent_required = Some(Field::new(!trusted, m.origin));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;
    use crate::model::{Origin, SecretKind};

    fn read(text: &str) -> Vec<Client> {
        testing::read(&FORMAT, text, Syntax::Json)
    }

    const SPA: &str = r#"{
      "id": "0oa1spa", "name": "oidc_client", "label": "Shop", "status": "ACTIVE",
      "signOnMode": "OPENID_CONNECT",
      "credentials": {"oauthClient": {"client_id": "0oa1spa", "token_endpoint_auth_method": "none",
        "pkce_required": true, "autoKeyRotation": true}},
      "settings": {"oauthClient": {
        "application_type": "browser", "consent_method": "TRUSTED", "wildcard_redirect": "DISABLED",
        "grant_types": ["authorization_code", "refresh_token", "interaction_code"],
        "response_types": ["code"],
        "redirect_uris": ["https://shop.example.com/callback"],
        "post_logout_redirect_uris": ["https://shop.example.com/"],
        "refresh_token": {"rotation_type": "ROTATE", "leeway": 30}
      }}
    }"#;

    #[test]
    fn reads_an_oidc_app() {
        let c = &read(SPA)[0];
        assert_eq!(c.format, "okta");
        assert_eq!(c.id.as_ref().unwrap().value, "0oa1spa");
        assert_eq!(c.name.as_deref(), Some("Shop"));
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
        assert!(c.pkce.required.as_ref().unwrap().value);
        let methods = c.pkce.methods.as_ref().unwrap();
        assert_eq!(methods.value, [PkceMethod::S256]);
        assert!(methods.origin.is_default());
        assert!(c.tokens.refresh_rotation.as_ref().unwrap().value);
        assert!(c.first_party.as_ref().unwrap().value);
        assert!(!c.consent_required.as_ref().unwrap().value);
        assert!(c.has_grant(&Grant::Other("interaction_code".into())));
        let Origin::File { pointer, .. } = &c.redirect_uris.as_ref().unwrap().items[0].origin else {
            panic!("from the file")
        };
        assert_eq!(pointer.as_str(), "/settings/oauthClient/redirect_uris/0");
    }

    #[test]
    fn reads_an_app_list_and_skips_other_sign_on_modes() {
        let list = format!(
            r#"[{SPA}, {{"label": "Wiki", "signOnMode": "SAML_2_0"}},
               {{"label": "Batch", "status": "INACTIVE",
                 "credentials": {{"oauthClient": {{"client_id": "0oa2", "client_secret": "s3cr3t",
                   "token_endpoint_auth_method": "client_secret_basic"}}}},
                 "settings": {{"oauthClient": {{"application_type": "service", "consent_method": "REQUIRED",
                   "response_types": ["token"],
                   "grant_types": ["client_credentials"], "refresh_token": {{"rotation_type": "STATIC"}}}}}}}}]"#
        );
        let cs = read(&list);
        assert_eq!(cs.len(), 2);
        let svc = &cs[1];
        assert_eq!(svc.pointer.as_str(), "/2");
        assert!(!svc.enabled);
        assert_eq!(svc.declared.as_ref().unwrap().value, Declared::M2m);
        assert_eq!(svc.secret.as_ref().unwrap().kind, SecretKind::Plaintext);
        assert!(!svc.tokens.refresh_rotation.as_ref().unwrap().value);
        assert!(svc.consent_required.as_ref().unwrap().value);
        assert!(
            svc.response_types.is_none(),
            "a service app's `token` is not a front-channel response"
        );
    }

    #[test]
    fn reads_a_dynamic_registration_body_with_an_okta_type() {
        let c = &read(
            r#"{"client_name": "hub-sync", "response_types": ["token"], "grant_types": ["client_credentials"],
                "token_endpoint_auth_method": "private_key_jwt", "application_type": "service",
                "jwks_uri": "https://hub.example.com/jwks"}"#,
        )[0];
        assert_eq!(c.name.as_deref(), Some("hub-sync"));
        assert_eq!(c.doc_kind, DocKind::RegistrationRequest);
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::M2m);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "private_key_jwt");
        assert!(c.response_types.is_none());
        assert!(c.has_grant(&Grant::ClientCredentials));
    }

    #[test]
    fn leaves_other_formats_alone() {
        for text in [
            r#"{"client_id": "a", "redirect_uris": ["https://a.example/cb"]}"#,
            r#"{"client_name": "a", "application_type": "web", "grant_types": ["authorization_code"]}"#,
            r#"{"label": "Wiki", "signOnMode": "SAML_2_0", "settings": {"app": {}}}"#,
            r#"{"settings": {"oauth": {"clientId": "am"}}}"#,
        ] {
            assert!(!testing::detects(&FORMAT, text, Syntax::Json), "stole {text}");
        }
    }
}
