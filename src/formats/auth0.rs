//! Auth0 applications (docs/providers.md): auth0-deploy-cli `tenant.yaml` / `tenant.json` (clients at
//! `$.clients[*]`), the directory format's `clients/<name>.json` (one client per file), and
//! Management API client bodies (one object, or the array `GET /api/v2/clients` returns).
//!
//! Keyword placeholders (`@@KEY@@`, `##KEY##`) stay as written: the URI and secret checks know them.
//!
//! Defaults: none are applied. Whether Auth0 fills in `grant_types`, `refresh_token` or the auth
//! method depends on how the client is created (dashboard template, API create, deploy-cli update of
//! an existing client, where an omitted field keeps the stored value), which the file does not say.
//! PKCE cannot be configured per client in Auth0 (the server accepts it, never enforces it by a
//! client flag), so it stays unknown. Access-token lifetimes live on the tenant's resource servers
//! and are carried as server context (see [`access_token_lifetime`]).

use super::{
    anchor, boolean, concat, each_param, jwk, lifetime, map_list, origin, params, secret, string, strings, Format,
    Vendor,
};
use crate::document::{Cursor, Document};
use crate::model::{Alg, Client, Declared, DocKind, Field, Grant, Lifetime, Origin};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "auth0",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        rejects_unregistered_redirects: Some(REJECTS_UNREGISTERED_REDIRECTS),
        keys_registered_out_of_band: true,
        tenant_client_folder: Some("clients"),
        ..Vendor::STANDARD
    },
};

/// Auth0 answers "Callback URL mismatch" when no callback matches; the Terraform resource uses the
/// same attribute names.
pub(crate) const REJECTS_UNREGISTERED_REDIRECTS: &str = "Auth0 rejects logins whose redirect URI is not in `callbacks`: remove the grant from `grant_types`, or list the exact callback URLs";

/// Top-level keys next to `clients` in a deploy-cli tenant file (docs/providers.md) or an API page.
const TENANT_KEYS: [&str; 8] = [
    "tenant",
    "resourceServers",
    "clientGrants",
    "connections",
    "databases",
    "rulesConfigs",
    "emailTemplates",
    // `GET /api/v2/clients?include_totals=true` wraps the list: `{"total", "start", "limit", "clients"}`.
    "total",
];

/// Keys only an Auth0 client body has.
const CLIENT_TELLS: [&str; 5] = [
    "app_type",
    "oidc_conformant",
    "jwt_configuration",
    "is_first_party",
    "allowed_logout_urls",
];

fn detect(doc: &Document, _path: &Path) -> bool {
    !clients(Cursor::root(doc)).is_empty()
}

fn is_client(c: &Cursor) -> bool {
    let n = c.node;
    n.is_object()
        && (CLIENT_TELLS.iter().any(|k| n.get(k).is_some())
            // `callbacks` alone is a common word; a list (or a `@@KEY@@` string) next to a name or
            // client_id is Auth0's redirect list.
            || (n.get("callbacks").is_some_and(|cb| cb.as_array().is_some() || cb.as_str().is_some())
                && (n.get("name").is_some() || n.get("client_id").is_some())))
}

/// The client objects: a tenant file's `clients`, an API array, or one client body.
fn clients(root: Cursor) -> Vec<Cursor> {
    if root.node.as_array().is_some() {
        return root.items().filter(is_client).collect();
    }
    if let Some(list) = root.get("clients") {
        // Without a tenant key next to it, a `clients` list is Auth0's only if a client says so with
        // a member no other format has.
        let tenant = TENANT_KEYS.iter().any(|k| root.node.get(k).is_some())
            || list.items().any(|c| {
                ["oidc_conformant", "jwt_configuration", "is_first_party"]
                    .iter()
                    .any(|k| c.node.get(k).is_some())
            });
        return if tenant {
            list.items().filter(is_client).collect()
        } else {
            Vec::new()
        };
    }
    if is_client(&root) {
        return vec![root];
    }
    Vec::new()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    let root = Cursor::root(doc);
    // Read once for the file, not per client: a tenant of thousands of clients and resource
    // servers was quadratic.
    let lifetimes = AccessLifetimes {
        spa: access_token_lifetime(&root, Some(Declared::Spa)),
        other: access_token_lifetime(&root, None),
    };
    clients(root.clone()).iter().map(|c| client(c, &lifetimes)).collect()
}

/// [`access_token_lifetime`] of a file, for SPAs and for the other clients.
struct AccessLifetimes {
    spa: Option<Field<Lifetime>>,
    other: Option<Field<Lifetime>>,
}

fn client(at: &Cursor, lifetimes: &AccessLifetimes) -> Client {
    let id = string(at, "client_id");
    let anchor_key = if id.is_some() { "client_id" } else { "name" };
    // deploy-cli files and API dumps both describe a client as Auth0 holds it: no RFC 7591
    // registration defaults apply.
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor(at, anchor_key), DocKind::Registered);
    c.id = id;
    c.name = string(at, "name").map(|f| f.value);
    // The tenant's "All Applications" entry is Auth0's own global client.
    c.builtin = boolean(at, "global").is_some_and(|g| g.value);
    c.declared = string(at, "app_type").and_then(|t| Some(Field::new(declared(&t.value)?, t.origin)));
    c.auth_method = string(at, "token_endpoint_auth_method").or_else(|| auth_method(at));
    c.secret = secret(at, "client_secret");
    c.jwks = at
        .path(&["client_authentication_methods", "private_key_jwt", "credentials"])
        .filter(|k| k.items().next().is_some())
        .map(|k| jwk::opaque(origin(&k)));
    c.jwks_uri = string(at, "jwks_uri");
    c.uris = params(&["logo_uri", "initiate_login_uri"].map(|p| (p, p)), |k| string(at, k));
    c.uris.extend(each_param(
        "backchannel_logout_uri",
        at.get("oidc_logout")
            .and_then(|o| strings(&o, "backchannel_logout_urls")),
    ));
    // `password-realm` is the password grant (Grant::parse); the MFA grants
    // (`http://auth0.com/oauth/grant-type/mfa-otp`, `-oob`, `-recovery-code`) and passwordless OTP
    // continue a login and stay vendor grants.
    c.grants = strings(at, "grant_types").map(|l| map_list(l, Grant::parse));
    c.redirect_uris = strings(at, "callbacks");
    c.post_logout_redirect_uris = strings(at, "allowed_logout_urls");
    // Both are browser origins: `web_origins` for silent authentication, `allowed_origins` for CORS.
    c.web_origins = concat([strings(at, "web_origins"), strings(at, "allowed_origins")]);
    c.first_party = boolean(at, "is_first_party");
    // Auth0 always asks users to consent to a third-party application; whether a first-party one
    // skips consent is up to each API's `skip_consent_for_verifiable_first_party_clients`.
    c.consent_required = c
        .first_party
        .as_ref()
        .filter(|f| !f.value)
        .map(|f| Field::new(true, f.origin.clone()));
    c.par_required = boolean(at, "require_pushed_authorization_requests");
    c.signed_request_required = at.get("signed_request_object").and_then(|s| boolean(&s, "required"));
    c.tokens.mtls_bound = boolean(at, "require_proof_of_possession");
    if let Some(jwt) = at.get("jwt_configuration") {
        // `lifetime_in_seconds` is the ID token's lifetime; access tokens belong to the API.
        c.tokens.id_token_lifetime = lifetime(&jwt, "lifetime_in_seconds");
        if let Some(alg) = string(&jwt, "alg") {
            c.algs.push(Alg {
                param: "id_token_signed_response_alg",
                value: alg,
            });
        }
    }
    if let Some(rt) = at.get("refresh_token") {
        refresh(&rt, &mut c);
    }
    c.tokens.access_token_lifetime = match c.declared.as_ref().map(|d| d.value) {
        Some(Declared::Spa) => lifetimes.spa.clone(),
        _ => lifetimes.other.clone(),
    };
    c
}

pub(crate) fn declared(t: &str) -> Option<Declared> {
    Some(match t {
        "spa" => Declared::Spa,
        "native" => Declared::Native,
        "regular_web" => Declared::Web,
        "non_interactive" => Declared::M2m,
        "resource_server" => Declared::ResourceServer,
        // SSO integrations (`salesforce`, `office365`, `rms`, …) and `express_configuration` are
        // not OAuth app kinds of their own: the grants and auth method decide.
        _ => return None,
    })
}

/// `client_authentication_methods`, which Auth0 accepts instead of `token_endpoint_auth_method`.
fn auth_method(at: &Cursor) -> Option<Field<String>> {
    let methods = at.get("client_authentication_methods")?;
    ["private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth"]
        .iter()
        .find_map(|m| methods.get(m).map(|c| Field::new(m.to_string(), origin(&c))))
}

/// `refresh_token`: rotation, and lifetimes where `non-expiring` or the `infinite_*` flags mean none.
pub(crate) fn refresh(rt: &Cursor, c: &mut Client) {
    c.tokens.refresh_rotation = string(rt, "rotation_type").and_then(|r| {
        let rotating = match r.value.as_str() {
            "rotating" => true,
            "non-rotating" => false,
            _ => return None,
        };
        Some(Field::new(rotating, r.origin))
    });
    let non_expiring = string(rt, "expiration_type").filter(|e| e.value == "non-expiring");
    let read = |infinite_key: &str, seconds_key: &str| {
        if let Some(e) = &non_expiring {
            return Some(Field::new(Lifetime::Infinite, e.origin.clone()));
        }
        match boolean(rt, infinite_key) {
            Some(f) if f.value => Some(Field::new(Lifetime::Infinite, f.origin)),
            _ => lifetime(rt, seconds_key),
        }
    };
    c.tokens.refresh_absolute_lifetime = read("infinite_token_lifetime", "token_lifetime");
    c.tokens.refresh_idle_lifetime = read("infinite_idle_token_lifetime", "idle_token_lifetime");
}

/// The settings of a resource server that say how long a client's access tokens live, most
/// specific first: SPAs get `token_lifetime_for_web` where the API sets it (Auth0 uses it for
/// tokens issued to browser flows).
pub(crate) fn lifetime_keys(declared: Option<Declared>) -> &'static [&'static str] {
    if declared == Some(Declared::Spa) {
        &["token_lifetime_for_web", "token_lifetime"]
    } else {
        &["token_lifetime"]
    }
}

/// The longest access-token lifetime among the tenant's resource servers: a client may call any
/// API it is granted, so that is how long its tokens can live.
fn access_token_lifetime(root: &Cursor, declared: Option<Declared>) -> Option<Field<Lifetime>> {
    let keys = lifetime_keys(declared);
    root.get("resourceServers")?
        .items()
        .filter_map(|api| keys.iter().find_map(|k| lifetime(&api, k)))
        .map(|f| match f.origin {
            Origin::File { pointer, span } => Field::new(f.value, Origin::Server { pointer, span }),
            other => Field::new(f.value, other),
        })
        .max_by_key(|f| match f.value {
            Lifetime::Seconds(n) => n,
            Lifetime::Infinite => u64::MAX,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing::{self, grants};
    use crate::model::SecretKind;

    fn read(text: &str, syntax: Syntax) -> Vec<Client> {
        testing::read(&FORMAT, text, syntax)
    }

    const TENANT: &str = "\
resourceServers:
  - name: api
    identifier: https://api.example.com
    token_lifetime: 86400
    token_lifetime_for_web: 7200
  - name: reports
    identifier: https://reports.example.com
    token_lifetime: 3600
clients:
  - name: Shop
    app_type: spa
    callbacks: @@SHOP_CALLBACKS@@
    allowed_origins: ['##SHOP_URL##']
    web_origins:
      - https://shop.example.com
    grant_types:
      - authorization_code
      - http://auth0.com/oauth/grant-type/password-realm
      - http://auth0.com/oauth/grant-type/mfa-otp
    jwt_configuration:
      alg: HS256
      lifetime_in_seconds: 36000
    refresh_token:
      rotation_type: rotating
      expiration_type: expiring
      token_lifetime: 2592000
      infinite_idle_token_lifetime: true
      idle_token_lifetime: 1296000
    token_endpoint_auth_method: none
  - name: Batch
    app_type: non_interactive
    client_secret: '##BATCH_SECRET##'
    grant_types: [client_credentials]
    refresh_token:
      rotation_type: non-rotating
      expiration_type: non-expiring
      token_lifetime: 31557600
tenant:
  friendly_name: Example
";

    #[test]
    fn reads_a_tenant_file_with_placeholders() {
        let cs = read(TENANT, Syntax::Yaml);
        assert_eq!(cs.len(), 2);
        let spa = &cs[0];
        assert_eq!(spa.format, "auth0");
        assert_eq!(spa.pointer.as_str(), "/clients/0");
        assert_eq!(spa.name.as_deref(), Some("Shop"));
        assert_eq!(spa.declared.as_ref().unwrap().value, Declared::Spa);
        assert_eq!(spa.auth_method.as_ref().unwrap().value, "none");
        assert_eq!(
            grants(spa),
            [
                Grant::AuthorizationCode,
                Grant::Password,
                Grant::Other("http://auth0.com/oauth/grant-type/mfa-otp".into())
            ]
        );
        // The unquoted `@@KEY@@` is one placeholder redirect; both origin lists are read.
        assert_eq!(spa.redirects().next().unwrap().value, "@@SHOP_CALLBACKS@@");
        let origins: Vec<_> = spa
            .web_origins
            .as_ref()
            .unwrap()
            .iter()
            .map(|o| o.value.as_str())
            .collect();
        assert_eq!(origins, ["https://shop.example.com", "##SHOP_URL##"]);
        assert_eq!(spa.algs[0].value.value, "HS256");
        let t = &spa.tokens;
        assert_eq!(t.id_token_lifetime.as_ref().unwrap().value, Lifetime::Seconds(36000));
        assert!(t.refresh_rotation.as_ref().unwrap().value);
        assert_eq!(
            t.refresh_absolute_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(2_592_000)
        );
        assert_eq!(t.refresh_idle_lifetime.as_ref().unwrap().value, Lifetime::Infinite);
        // The SPA's access tokens: the longest web lifetime among the APIs, from the tenant.
        let at = t.access_token_lifetime.as_ref().unwrap();
        assert_eq!(at.value, Lifetime::Seconds(7200));
        let Origin::Server { pointer, .. } = &at.origin else {
            panic!("server context")
        };
        assert_eq!(pointer.as_str(), "/resourceServers/0/token_lifetime_for_web");
        assert!(spa.pkce.required.is_none(), "PKCE is server policy in Auth0");

        let m2m = &cs[1];
        assert_eq!(m2m.declared.as_ref().unwrap().value, Declared::M2m);
        assert_eq!(m2m.secret.as_ref().unwrap().kind, SecretKind::Placeholder);
        assert!(!m2m.tokens.refresh_rotation.as_ref().unwrap().value);
        assert_eq!(
            m2m.tokens.refresh_absolute_lifetime.as_ref().unwrap().value,
            Lifetime::Infinite
        );
        assert_eq!(
            m2m.tokens.access_token_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(86400)
        );
    }

    #[test]
    fn reads_a_directory_client_and_an_api_array() {
        let one = r###"{"name": "My SPA", "app_type": "spa", "callbacks": ["https://##ENV##.example.com/cb"],
            "grant_types": ["authorization_code", "implicit"], "is_first_party": true,
            "oidc_conformant": true, "token_endpoint_auth_method": "none"}"###;
        let c = &read(one, Syntax::Json)[0];
        assert_eq!(c.pointer.as_str(), "");
        assert!(c.first_party.as_ref().unwrap().value);
        assert!(c.consent_required.is_none(), "first party: each API decides");
        assert!(c.has_grant(&Grant::Implicit));
        assert!(c.tokens.access_token_lifetime.is_none());

        let api = r#"[{"client_id": "abc123", "name": "Billing", "app_type": "regular_web",
            "client_secret": "s3cr3t", "global": false, "is_first_party": false},
            {"client_id": "all", "name": "All Applications", "global": true, "callbacks": []}]"#;
        let cs = read(api, Syntax::Json);
        assert_eq!(cs.len(), 2);
        let bare = r#"{"clients": [{"name": "Shop", "app_type": "spa", "oidc_conformant": true}]}"#;
        assert_eq!(read(bare, Syntax::Json).len(), 1);
        let page = format!(r#"{{"total": 2, "start": 0, "limit": 50, "clients": {api}}}"#);
        assert_eq!(read(&page, Syntax::Json).len(), 2);
        assert_eq!(cs[0].id.as_ref().unwrap().value, "abc123");
        assert_eq!(cs[0].secret.as_ref().unwrap().kind, SecretKind::Plaintext);
        assert!(
            cs[0].consent_required.as_ref().unwrap().value,
            "third-party apps always ask"
        );
        assert!(cs[1].builtin);
    }

    #[test]
    fn reads_back_channel_logout_urls() {
        let c = &read(
            r#"{"name": "Admin", "app_type": "regular_web", "logo_uri": "https://admin.example.com/logo.png",
                "oidc_logout": {"backchannel_logout_urls": ["https://admin.example.com/logout/backchannel"]}}"#,
            Syntax::Json,
        )[0];
        let uris: Vec<_> = c.uris.iter().map(|p| (p.param, p.value.value.as_str())).collect();
        assert_eq!(
            uris,
            [
                ("logo_uri", "https://admin.example.com/logo.png"),
                ("backchannel_logout_uri", "https://admin.example.com/logout/backchannel")
            ]
        );
    }

    #[test]
    fn reads_private_key_jwt_from_authentication_methods() {
        let c = &read(
            r#"{"name": "Svc", "app_type": "non_interactive",
                "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": "cred_1"}]}}}"#,
            Syntax::Json,
        )[0];
        assert_eq!(c.auth_method.as_ref().unwrap().value, "private_key_jwt");
        assert!(c.jwks.is_some());
    }

    #[test]
    fn leaves_other_formats_alone() {
        for text in [
            r#"{"client_id": "a", "redirect_uris": ["https://a.example/cb"]}"#,
            r#"{"clients": [{"client_id": "a", "redirect_uris": ["https://a.example/cb"]}]}"#,
            r#"{"clients": [{"name": "x", "app_type": "spa"}]}"#,
            r#"{"clients": [{"client_id": "x", "callbacks": ["https://a.example/cb"]}]}"#,
            r#"{"realm": "r", "clients": [{"clientId": "kc", "redirectUris": []}]}"#,
            r#"{"callbacks": ["on-load"]}"#,
            r#"[{"name": "hook", "callbacks": {"onDone": {"url": "https://a.example"}}}]"#,
        ] {
            assert!(!testing::detects(&FORMAT, text, Syntax::Json), "stole {text}");
        }
    }
}
