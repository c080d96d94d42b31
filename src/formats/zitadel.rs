//! Zitadel OIDC applications as API JSON (docs/providers.md): a management v1 create body
//! (`AddOIDCAppRequest`: `appType`, `authMethodType`, `grantTypes`, … with `OIDC_*` enums), an app
//! as the API returns it (`{"app": {"name", "state", "oidcConfig": {...}}}`, or a list under
//! `result`), the v2 names (`applicationType`, `developmentMode`, `oidcConfiguration`), and the
//! snake_case spelling of the same fields.
//!
//! No defaults are applied to omitted enums: what an omitted field means differs between API
//! versions. Two Zitadel rules are applied: with `OIDC_AUTH_METHOD_TYPE_NONE` Zitadel requires PKCE,
//! and Zitadel always rotates refresh tokens (no setting turns it off). The auth method, not the app
//! type, makes an app public: `OIDC_APP_TYPE_WEB` with `NONE` is a public server-side web app.
//! `devMode` (relaxed redirect checks) has no place in the model yet and is not read.

use super::CodeFlowWords;
use super::{anchor, default, map_list, secret, string, strings, Format, Vendor};
use crate::document::{Cursor, Document};
use crate::model::{Client, Declared, DocKind, Field, Grant, List, Origin, ResponseType};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "zitadel",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        keys_registered_out_of_band: true,
        code_flow_words: CodeFlowWords {
            grant: "OIDC_GRANT_TYPE_AUTHORIZATION_CODE",
            response_type: "OIDC_RESPONSE_TYPE_CODE",
        },
        ..Vendor::STANDARD
    },
};

/// Enum-valued members, camelCase (v1 and v2) and snake_case.
const ENUM_KEYS: [&str; 9] = [
    "appType",
    "applicationType",
    "app_type",
    "authMethodType",
    "auth_method_type",
    "grantTypes",
    "grant_types",
    "responseTypes",
    "response_types",
];

const PKCE_WHY: &str = "Zitadel requires PKCE from clients with `OIDC_AUTH_METHOD_TYPE_NONE`";

/// Zitadel's help centre: "Zitadel issues rotating refresh tokens", for every application.
const ROTATION_WHY: &str = "Zitadel rotates refresh tokens on every use";

/// Whether an object carries Zitadel's `OIDC_*` enums.
fn has_enums(c: &Cursor) -> bool {
    ENUM_KEYS.iter().filter_map(|k| c.node.get(k)).any(|v| {
        let first = v.as_str().or_else(|| v.as_array()?.first()?.as_str());
        first.is_some_and(|s| s.starts_with("OIDC_"))
    })
}

/// The OIDC settings of an app object: the object itself or its `oidcConfig` / `oidcConfiguration`.
fn config<'a>(app: &Cursor<'a>) -> Option<Cursor<'a>> {
    if has_enums(app) {
        return Some(app.clone());
    }
    ["oidcConfig", "oidcConfiguration", "oidc_config"]
        .iter()
        .find_map(|k| app.get(k))
        .filter(has_enums)
}

/// `(app, settings)` pairs: one body, `{"app": ...}`, a list under `result`, or a bare array.
fn apps(root: Cursor) -> Vec<(Cursor, Cursor)> {
    let candidates: Vec<Cursor> = if let Some(app) = root.get("app") {
        vec![app]
    } else if let Some(list) = root.get("result").or_else(|| root.get("applications")) {
        list.items().collect()
    } else if root.node.as_array().is_some() {
        root.items().collect()
    } else {
        vec![root]
    };
    candidates
        .into_iter()
        .filter_map(|app| Some((app.clone(), config(&app)?)))
        .collect()
}

fn detect(doc: &Document, _path: &Path) -> bool {
    !apps(Cursor::root(doc)).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    apps(Cursor::root(doc))
        .iter()
        .map(|(app, cfg)| client(app, cfg))
        .collect()
}

/// The first of `keys` that `read` finds in `at`.
fn first<T>(at: &Cursor, keys: &[&str], read: impl Fn(&Cursor, &str) -> Option<T>) -> Option<T> {
    keys.iter().find_map(|k| read(at, k))
}

/// Reads a list of enums, dropping `prefix`; unknown names are kept as written.
fn enums<T>(at: &Cursor, keys: &[&str], prefix: &str, f: impl Fn(&str) -> T) -> Option<List<T>> {
    first(at, keys, strings).map(|l| map_list(l, |v| f(v.strip_prefix(prefix).unwrap_or(v))))
}

fn client(app: &Cursor, cfg: &Cursor) -> Client {
    let id = first(cfg, &["clientId", "client_id"], string);
    let anchor = if id.is_some() {
        anchor(
            cfg,
            if cfg.node.get("clientId").is_some() {
                "clientId"
            } else {
                "client_id"
            },
        )
    } else {
        anchor(app, "name")
    };
    let mut c = Client::new(&FORMAT, app.pointer.clone(), anchor, DocKind::Registered);
    c.id = id;
    c.name = string(app, "name").map(|f| f.value);
    c.enabled = string(app, "state").is_none_or(|s| !s.value.ends_with("_INACTIVE"));
    c.auth_method = first(cfg, &["authMethodType", "auth_method_type"], string).and_then(auth_method);
    let public = c.auth_method_is("none");
    c.declared = first(cfg, &["appType", "applicationType", "app_type"], string).and_then(|t| app_type(t, public));
    if public {
        c.pkce.required = Some(Field::new(true, Origin::Default { why: PKCE_WHY }));
    }
    c.tokens.refresh_rotation = Some(default(true, ROTATION_WHY));
    c.secret = first(cfg, &["clientSecret", "client_secret"], secret).or_else(|| secret(app, "clientSecret"));
    c.grants = enums(cfg, &["grantTypes", "grant_types"], "OIDC_GRANT_TYPE_", grant);
    c.response_types = enums(
        cfg,
        &["responseTypes", "response_types"],
        "OIDC_RESPONSE_TYPE_",
        response_type,
    );
    c.redirect_uris = first(cfg, &["redirectUris", "redirect_uris"], strings);
    c.post_logout_redirect_uris = first(cfg, &["postLogoutRedirectUris", "post_logout_redirect_uris"], strings);
    c.web_origins = first(cfg, &["additionalOrigins", "additional_origins"], strings);
    c
}

/// An `OIDC_AUTH_METHOD_TYPE_*` value under its RFC 7591 name.
pub(super) fn auth_method(m: Field<String>) -> Option<Field<String>> {
    let name = match m.value.strip_prefix("OIDC_AUTH_METHOD_TYPE_")? {
        "BASIC" => "client_secret_basic",
        "POST" => "client_secret_post",
        "NONE" => "none",
        "PRIVATE_KEY_JWT" => "private_key_jwt",
        _ => return None,
    };
    Some(Field::new(name.to_string(), m.origin))
}

/// An `OIDC_APP_TYPE_*` value as a declared type; `public` when the auth method is `NONE`.
pub(super) fn app_type(t: Field<String>, public: bool) -> Option<Field<Declared>> {
    let d = match t.value.strip_prefix("OIDC_APP_TYPE_")? {
        // Zitadel's guide ("Authenticate users with OpenID Connect") calls WEB a server-side
        // app and recommends PKCE for every app type: WEB with the "PKCE" method (`NONE`) is
        // a server-side app that is a public client, not a confidential one left open.
        "WEB" if public => Declared::PublicWeb,
        "WEB" => Declared::Web,
        "USER_AGENT" => Declared::Spa,
        "NATIVE" => Declared::Native,
        _ => return None,
    };
    Some(Field::new(d, t.origin))
}

/// An `OIDC_GRANT_TYPE_*` value without its prefix.
pub(super) fn grant(g: &str) -> Grant {
    match g {
        "AUTHORIZATION_CODE" => Grant::AuthorizationCode,
        "IMPLICIT" => Grant::Implicit,
        "REFRESH_TOKEN" => Grant::RefreshToken,
        "DEVICE_CODE" => Grant::DeviceCode,
        "TOKEN_EXCHANGE" => Grant::TokenExchange,
        other => Grant::Other(other.to_string()),
    }
}

/// An `OIDC_RESPONSE_TYPE_*` value without its prefix.
pub(super) fn response_type(r: &str) -> ResponseType {
    ResponseType::parse(match r {
        "CODE" => "code",
        "ID_TOKEN" => "id_token",
        "ID_TOKEN_TOKEN" => "id_token token",
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing::{self, grants};

    fn read(text: &str) -> Vec<Client> {
        testing::read(&FORMAT, text, Syntax::Json)
    }

    #[test]
    fn reads_a_create_body() {
        let c = &read(
            r#"{"name": "argocd", "redirectUris": ["https://argo.example.com/auth/callback"],
                "responseTypes": ["OIDC_RESPONSE_TYPE_CODE", "OIDC_RESPONSE_TYPE_ID_TOKEN_TOKEN"],
                "grantTypes": ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE", "OIDC_GRANT_TYPE_REFRESH_TOKEN"],
                "appType": "OIDC_APP_TYPE_WEB", "authMethodType": "OIDC_AUTH_METHOD_TYPE_NONE",
                "postLogoutRedirectUris": ["https://argo.example.com"], "devMode": false,
                "accessTokenType": "OIDC_TOKEN_TYPE_JWT", "additionalOrigins": ["https://argo.example.com"]}"#,
        )[0];
        assert_eq!(c.format, "zitadel");
        assert_eq!(c.name.as_deref(), Some("argocd"));
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::PublicWeb);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
        assert!(c.pkce.required.as_ref().unwrap().origin.is_default());
        assert_eq!(grants(c), [Grant::AuthorizationCode, Grant::RefreshToken]);
        let rts: Vec<_> = c
            .response_types
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.value.to_string())
            .collect();
        assert_eq!(rts, ["code", "id_token token"]);
        assert_eq!(c.web_origins.as_ref().unwrap().items.len(), 1);
        let rotation = c.tokens.refresh_rotation.as_ref().unwrap();
        assert!(rotation.value && rotation.origin.is_default());
    }

    /// The snake_case spelling shares `app_type` with Auth0; the `OIDC_*` values decide.
    #[test]
    fn the_snake_case_spelling_is_detected_as_zitadel_not_auth0() {
        let text = r#"{"name": "storefront", "app_type": "OIDC_APP_TYPE_USER_AGENT",
            "auth_method_type": "OIDC_AUTH_METHOD_TYPE_NONE",
            "grant_types": ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"],
            "redirect_uris": ["https://shop.example.com/callback"]}"#;
        let doc = crate::document::parse(&std::sync::Arc::from(text), Syntax::Json).unwrap();
        let format = crate::formats::detect(&doc, std::path::Path::new("app.json")).unwrap();
        assert_eq!(format.name, "zitadel");
        let c = &read(text)[0];
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        assert_eq!(grants(c), [Grant::AuthorizationCode]);
    }

    /// Zitadel's "PKCE" web app: a server-side app that is a public client, not a confidential one
    /// without authentication.
    #[test]
    fn a_web_app_with_auth_method_none_is_a_public_web_app() {
        let text = r#"{"name": "argocd", "appType": "OIDC_APP_TYPE_WEB",
            "authMethodType": "OIDC_AUTH_METHOD_TYPE_NONE",
            "grantTypes": ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"],
            "redirectUris": ["https://argo.example.com/auth/callback"]}"#;
        let c = &read(text)[0];
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::PublicWeb);
        let i = crate::infer::infer(c, &crate::uri::redirects(c, &Default::default()));
        assert_eq!(i.client_type, crate::infer::ClientType::Web);
        assert!(i.is_public());
        assert!(crate::rules::findings_of("confidential-client-auth-none", "app.json", text, false).is_empty());
        // A public web app that only redirects into a device app is a native app, and has no secret
        // to drop.
        let native = text.replace("https://argo.example.com/auth/callback", "com.example.argo:/cb");
        let settings = crate::config::Settings {
            select: vec!["client-type-conflict".into()],
            ..crate::config::Settings::default()
        };
        let found = crate::lint_bytes("app.json", native.as_bytes(), &settings).findings;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].help.as_deref(), Some("declare the client as a native app"));
        // With a secret-based method the same app type is the confidential web app it always was.
        let basic = text.replace("_NONE", "_BASIC");
        assert_eq!(read(&basic)[0].declared.as_ref().unwrap().value, Declared::Web);
    }

    #[test]
    fn reads_an_api_response_and_a_list() {
        let got = r#"{"app": {"id": "1", "state": "APP_STATE_INACTIVE", "name": "console",
            "oidcConfig": {"clientId": "1@proj", "appType": "OIDC_APP_TYPE_USER_AGENT",
                           "grantTypes": ["OIDC_GRANT_TYPE_IMPLICIT"], "redirectUris": []}}}"#;
        let c = &read(got)[0];
        assert_eq!(c.pointer.as_str(), "/app");
        assert_eq!(c.id.as_ref().unwrap().value, "1@proj");
        assert!(!c.enabled);
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        assert!(c.has_grant(&Grant::Implicit));

        let list = r#"{"result": [{"name": "a", "oidcConfig": {"appType": "OIDC_APP_TYPE_NATIVE"}},
            {"name": "api", "apiConfig": {"authMethodType": "API_AUTH_METHOD_TYPE_BASIC"}}]}"#;
        let cs = read(list);
        assert_eq!(cs.len(), 1, "API apps are not OIDC clients");
        assert_eq!(cs[0].declared.as_ref().unwrap().value, Declared::Native);
    }

    #[test]
    fn leaves_other_formats_alone() {
        for text in [
            r#"{"client_id": "a", "grant_types": ["authorization_code"]}"#,
            r#"{"name": "api", "authMethodType": "API_AUTH_METHOD_TYPE_BASIC"}"#,
        ] {
            assert!(!testing::detects(&FORMAT, text, Syntax::Json), "stole {text}");
        }
    }
}
