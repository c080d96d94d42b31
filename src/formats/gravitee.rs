//! Gravitee Access Management applications (docs/providers.md).
//!
//! AM has no export format, so real files are Management API bodies: a full `Application`
//! (client settings under `settings.oauth`, camelCase), a bare array of them, an API list response
//! `{"data": [...]}`, or a create body (`NewApplication`: `name`, `type`, `clientId`,
//! `clientSecret`, `redirectUris` at the top level). The gateway's legacy `authorizedGrantTypes`
//! is read as `grantTypes`. Init scripts sometimes keep a create body with a top-level `oauth`
//! object (`oauth.grantTypes`, `oauth.pkce`); it is read like `settings.oauth`.

use super::{
    algs, boolean, default_list, each_param, jwk, lifetime, map_list, origin, params, secret, string, strings, Format,
    Vendor,
};
use super::{member, Setting};
use crate::document::{Cursor, Document, Span};
use crate::model::{Client, Declared, DocKind, Field, Grant, List, Origin, PkceMethod, ResponseType};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "gravitee-am",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        hybrid_under_code_grant: Some(
            "Gravitee AM adds hybrid response types by default; keep `code` (and `code id_token`) in `responseTypes`",
        ),
        assertion_keys_outside_client: true,
        secret_generated_for_public: true,
        pkce_switch: Some(member(&["settings", "oauth"], "forcePKCE", Setting::Bool(true))),
        pkce_s256_switch: Some(member(
            &["settings", "oauth"],
            "forceS256CodeChallengeMethod",
            Setting::Bool(true),
        )),
        ..Vendor::STANDARD
    },
};

/// AM's `ApplicationType` values.
const TYPES: [&str; 6] = ["WEB", "NATIVE", "BROWSER", "SERVICE", "RESOURCE_SERVER", "AGENT"];

/// camelCase keys of `settings.oauth` that RFC 7591 and Keycloak files do not use together with it.
const OAUTH_TELLS: [&str; 9] = [
    "grantTypes",
    "authorizedGrantTypes",
    "redirectUris",
    "tokenEndpointAuthMethod",
    "forcePKCE",
    "forceS256CodeChallengeMethod",
    "clientType",
    "responseTypes",
    "scopeSettings",
];

fn detect(doc: &Document, _path: &Path) -> bool {
    !apps(Cursor::root(doc)).is_empty()
}

/// The top-level `type`, when it is one of AM's application types.
fn app_type<'a>(at: &Cursor<'a>) -> Option<Cursor<'a>> {
    at.get("type")
        .filter(|t| t.as_str().is_some_and(|s| TYPES.contains(&s)))
}

/// The object holding the OAuth settings: `settings.oauth`, or an init script's top-level `oauth`.
fn oauth<'a>(at: &Cursor<'a>) -> Option<Cursor<'a>> {
    at.path(&["settings", "oauth"])
        .or_else(|| at.get("oauth"))
        .filter(|o| o.node.is_object())
}

fn is_app(c: &Cursor) -> bool {
    if !c.node.is_object() {
        return false;
    }
    let settings_tell = c
        .path(&["settings", "oauth"])
        .is_some_and(|o| OAUTH_TELLS.iter().any(|k| o.node.get(k).is_some()));
    // A typed object: a full `Application` (with `settings`) or a create body. The upper-case
    // enum value is what keeps this from matching other vendors' `type` fields.
    let typed = app_type(c).is_some()
        && ["settings", "name", "clientId", "redirectUris"]
            .iter()
            .any(|k| c.node.get(k).is_some());
    settings_tell || typed
}

/// The application objects of a document: one app, a bare array, or `{"data": [...]}`.
fn apps(root: Cursor) -> Vec<Cursor> {
    if is_app(&root) {
        return vec![root];
    }
    let list = root.get("data").unwrap_or(root);
    list.items().filter(is_app).collect()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    apps(Cursor::root(doc)).iter().map(client).collect()
}

/// Reads `key` from the OAuth settings first, then from the top level (create bodies).
fn pick<'a, T>(
    top: &Cursor<'a>,
    oauth: Option<&Cursor<'a>>,
    key: &str,
    read: impl Fn(&Cursor<'a>, &str) -> Option<T>,
) -> Option<T> {
    oauth.and_then(|o| read(o, key)).or_else(|| read(top, key))
}

fn client(at: &Cursor) -> Client {
    let oauth = oauth(at);
    let o = oauth.as_ref();
    let id = pick(at, o, "clientId", string);
    let anchor = o
        .and_then(|o| o.get("clientId"))
        .or_else(|| at.get("clientId"))
        .map_or(Span::new(at.span().start, at.span().start + 1), |c| c.span());
    let doc_kind = if id.is_some() {
        DocKind::Registered
    } else {
        DocKind::RegistrationRequest
    };
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor, doc_kind);
    c.id = id;
    c.name = string(at, "name").map(|f| f.value);
    c.enabled = boolean(at, "enabled").is_none_or(|f| f.value);
    let kind = app_type(at).and_then(|t| Some((t.as_str()?.to_string(), origin(&t))));
    c.declared = kind
        .as_ref()
        .and_then(|(t, origin)| Some(Field::new(declared(t)?, origin.clone())));
    if let Some(o) = o {
        read_oauth(o, &mut c);
    }
    // The BROWSER and NATIVE templates generate a `clientSecret` next to `none` auth, so a
    // secret on a public AM app is normal output; it is modelled as written, and the
    // public-client-with-secret rule decides how loud to be about it.
    c.secret =
        pick(at, o, "clientSecret", secret).or_else(|| at.get("secrets")?.items().find_map(|s| secret(&s, "secret")));
    c.redirect_uris = pick(at, o, "redirectUris", strings);
    c.scope = scope(at, o);
    c.consent_required = consent(at, o);
    if c.grants.as_ref().is_none_or(List::is_empty) {
        if let Some((t, _)) = &kind {
            template_defaults(t, &mut c);
        }
    }
    c
}

/// AM's camelCase metadata URIs, with their RFC 7591 / OIDC names.
const URIS: [(&str, &str); 7] = [
    ("logoUri", "logo_uri"),
    ("clientUri", "client_uri"),
    ("policyUri", "policy_uri"),
    ("tosUri", "tos_uri"),
    ("sectorIdentifierUri", "sector_identifier_uri"),
    ("initiateLoginUri", "initiate_login_uri"),
    ("registrationClientUri", "registration_client_uri"),
];

/// AM's camelCase algorithm settings, with their RFC 7591 / OIDC names.
const ALGS: [(&str, &str); 14] = [
    ("tokenEndpointAuthSigningAlg", "token_endpoint_auth_signing_alg"),
    ("idTokenSignedResponseAlg", "id_token_signed_response_alg"),
    ("idTokenEncryptedResponseAlg", "id_token_encrypted_response_alg"),
    ("idTokenEncryptedResponseEnc", "id_token_encrypted_response_enc"),
    ("userinfoSignedResponseAlg", "userinfo_signed_response_alg"),
    ("userinfoEncryptedResponseAlg", "userinfo_encrypted_response_alg"),
    ("userinfoEncryptedResponseEnc", "userinfo_encrypted_response_enc"),
    ("requestObjectSigningAlg", "request_object_signing_alg"),
    ("requestObjectEncryptionAlg", "request_object_encryption_alg"),
    ("requestObjectEncryptionEnc", "request_object_encryption_enc"),
    ("authorizationSignedResponseAlg", "authorization_signed_response_alg"),
    (
        "authorizationEncryptedResponseAlg",
        "authorization_encrypted_response_alg",
    ),
    (
        "authorizationEncryptedResponseEnc",
        "authorization_encrypted_response_enc",
    ),
    (
        "backchannelAuthRequestSignAlg",
        "backchannel_authentication_request_signing_alg",
    ),
];

/// Reads the camelCase OAuth settings object (AM's `settings.oauth`, an init script's `oauth`, and
/// the same shape in Gravitee APIM's `spec.settings.oauth`) into `c`.
pub(super) fn read_oauth(o: &Cursor, c: &mut Client) {
    c.application_type = string(o, "applicationType");
    c.subject_type = string(o, "subjectType");
    c.public = string(o, "clientType").and_then(|f| {
        let public = match f.value.to_ascii_lowercase().as_str() {
            "public" => true,
            "confidential" => false,
            _ => return None,
        };
        Some(Field::new(public, f.origin))
    });
    c.auth_method = string(o, "tokenEndpointAuthMethod");
    c.jwks = jwk::jwks(o, "jwks");
    c.jwks_uri = string(o, "jwksUri");
    c.grants = strings(o, "grantTypes")
        .or_else(|| strings(o, "authorizedGrantTypes"))
        // An extension grant is stored as `<grant-urn>~<extensionGrantId>`.
        .map(|l| map_list(l, |g| Grant::parse(g.split('~').next().unwrap_or(g))));
    c.response_types = strings(o, "responseTypes").map(|l| map_list(l, ResponseType::parse));
    c.post_logout_redirect_uris = strings(o, "postLogoutRedirectUris");
    pkce(o, c);
    tokens(o, c);
    c.par_required = boolean(o, "requireParRequest");
    c.algs = algs(&ALGS, |k| string(o, k));
    c.uris = params(&URIS, |k| string(o, k));
    c.uris.extend(each_param("request_uris", strings(o, "requestUris")));
}

/// Token lifetimes (seconds), refresh rotation and binding. An init script writes the lifetimes as
/// `tokenValidity.{accessToken, refreshToken, idToken}`.
fn tokens(o: &Cursor, c: &mut Client) {
    let validity = o.get("tokenValidity");
    let read = |key: &str, short: &str| lifetime(o, key).or_else(|| lifetime(validity.as_ref()?, short));
    let t = &mut c.tokens;
    t.access_token_lifetime = read("accessTokenValiditySeconds", "accessToken");
    t.id_token_lifetime = read("idTokenValiditySeconds", "idToken");
    t.refresh_rotation = Some(match boolean(o, "disableRefreshTokenRotation") {
        Some(f) => Field::new(!f.value, f.origin),
        None => Field::new(
            true,
            Origin::Default {
                why: "Gravitee AM rotates refresh tokens unless disableRefreshTokenRotation is true",
            },
        ),
    });
    // Each refresh token lives `refreshTokenValiditySeconds`: with rotation a new one replaces it on
    // every use, so that bounds an unused token; without, it bounds the one token for good.
    if let Some(refresh) = read("refreshTokenValiditySeconds", "refreshToken") {
        if t.refresh_rotation.as_ref().is_some_and(|r| r.value) {
            t.refresh_idle_lifetime = Some(refresh);
        } else {
            t.refresh_absolute_lifetime = Some(refresh);
        }
    }
    t.dpop_bound = boolean(o, "dpopBoundAccessTokens");
    t.mtls_bound = boolean(o, "tlsClientCertificateBoundAccessTokens");
}

/// `settings.advanced.skipConsent`, or the gateway's legacy `autoApproveScopes` where `"true"`
/// approves every scope (AM maps it to `skipConsent` that way).
fn consent(at: &Cursor, o: Option<&Cursor>) -> Option<Field<bool>> {
    if let Some(skip) = at
        .path(&["settings", "advanced"])
        .and_then(|a| boolean(&a, "skipConsent"))
    {
        return Some(Field::new(!skip.value, skip.origin));
    }
    let auto = pick(at, o, "autoApproveScopes", strings)?;
    let all = auto.items.into_iter().find(|s| s.value == "true")?;
    Some(Field::new(false, all.origin))
}

fn declared(t: &str) -> Option<Declared> {
    Some(match t {
        "WEB" => Declared::Web,
        "NATIVE" => Declared::Native,
        "BROWSER" => Declared::Spa,
        "SERVICE" => Declared::M2m,
        "RESOURCE_SERVER" => Declared::ResourceServer,
        // An AGENT acts for users through token exchange and may authenticate with an agent JWT:
        // neither a plain service nor a user-facing app, so the grants and the auth method decide.
        _ => return None,
    })
}

/// `forcePKCE` and `forceS256CodeChallengeMethod` (or an init script's `oauth.pkce`).
fn pkce(o: &Cursor, c: &mut Client) {
    c.pkce.required = boolean(o, "forcePKCE").or_else(|| boolean(o, "pkce"));
    let forced = c.pkce.required.as_ref().is_some_and(|f| f.value);
    if let Some(s256) = boolean(o, "forceS256CodeChallengeMethod") {
        if s256.value {
            c.pkce.methods = Some(Field::new(vec![PkceMethod::S256], s256.origin));
        } else if forced {
            // PKCE is required but any method is accepted, `plain` included.
            c.pkce.methods = Some(Field::new(vec![PkceMethod::S256, PkceMethod::Plain], s256.origin));
        }
    }
}

/// `scopeSettings[].scope`, else the older `scopes` list, as one space-separated string.
fn scope(at: &Cursor, o: Option<&Cursor>) -> Option<Field<String>> {
    if let Some(settings) = o.and_then(|o| o.get("scopeSettings")) {
        let scopes: Vec<&str> = settings.items().filter_map(|s| s.get("scope")?.as_str()).collect();
        if !scopes.is_empty() {
            return Some(Field::new(scopes.join(" "), origin(&settings)));
        }
    }
    let list = pick(at, o, "scopes", strings)?;
    let joined: Vec<&str> = list.items.iter().map(|s| s.value.as_str()).collect();
    (!joined.is_empty()).then(|| Field::new(joined.join(" "), list.origin.clone()))
}

/// What AM's application templates set when `grantTypes` is left empty (docs/providers.md).
/// Only fills what the file does not say.
fn template_defaults(t: &str, c: &mut Client) {
    let (why, grants, auth, pkce): (&'static str, Vec<Grant>, &str, bool) = match t {
        "BROWSER" => (
            "Gravitee AM's BROWSER template: authorization_code with PKCE (S256) and no client authentication",
            vec![Grant::AuthorizationCode],
            "none",
            true,
        ),
        "NATIVE" => (
            "Gravitee AM's NATIVE template: authorization_code with PKCE (S256) and no client authentication",
            vec![Grant::AuthorizationCode],
            "none",
            true,
        ),
        "WEB" => (
            "Gravitee AM's WEB template: authorization_code and password with client_secret_basic",
            vec![Grant::AuthorizationCode, Grant::Password],
            "client_secret_basic",
            false,
        ),
        "SERVICE" => (
            "Gravitee AM's SERVICE template: client_credentials with client_secret_basic",
            vec![Grant::ClientCredentials],
            "client_secret_basic",
            false,
        ),
        _ => return,
    };
    let default = || Origin::Default { why };
    c.grants = Some(default_list(why, grants));
    if c.auth_method.is_none() {
        c.auth_method = Some(Field::new(auth.to_string(), default()));
    }
    if pkce {
        if c.pkce.required.is_none() {
            c.pkce.required = Some(Field::new(true, default()));
        }
        if c.pkce.methods.is_none() {
            c.pkce.methods = Some(Field::new(vec![PkceMethod::S256], default()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing::{self, grants};

    fn clients(text: &str) -> Vec<Client> {
        testing::read(&FORMAT, text, Syntax::Json)
    }

    const SPA: &str = r#"{
      "id": "5b1c", "name": "Shop", "type": "BROWSER", "enabled": true,
      "settings": {"oauth": {
        "clientId": "shop-spa", "clientSecret": "generated-by-am", "clientType": "public",
        "applicationType": "web", "tokenEndpointAuthMethod": "none",
        "grantTypes": ["authorization_code", "refresh_token"],
        "responseTypes": ["code", "code id_token"],
        "redirectUris": ["https://shop.example.com/callback"],
        "forcePKCE": true, "forceS256CodeChallengeMethod": true,
        "scopeSettings": [{"scope": "openid", "defaultScope": true}, {"scope": "profile"}]
      }}
    }"#;

    #[test]
    fn detects_and_reads_a_single_application() {
        let c = &clients(SPA)[0];
        assert_eq!(c.format, "gravitee-am");
        assert_eq!(c.id.as_ref().unwrap().value, "shop-spa");
        assert_eq!(c.doc_kind, DocKind::Registered);
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        assert!(c.public.as_ref().unwrap().value);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
        assert!(c.has_secret());
        assert_eq!(grants(c), [Grant::AuthorizationCode, Grant::RefreshToken]);
        assert_eq!(c.scope.as_ref().unwrap().value, "openid profile");
        assert_eq!(c.name.as_deref(), Some("Shop"));
        let Origin::File { pointer, .. } = &c.grants.as_ref().unwrap().items[1].origin else {
            panic!("grant read from the file")
        };
        assert_eq!(pointer.as_str(), "/settings/oauth/grantTypes/1");
    }

    #[test]
    fn detects_an_api_list_and_a_bare_array() {
        let list =
            format!(r#"{{"data": [{SPA}, {{"name": "x", "type": "SERVICE", "settings": {{}}}}], "totalCount": 2}}"#);
        let cs = clients(&list);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[1].pointer.as_str(), "/data/1");
        assert_eq!(cs[1].declared.as_ref().unwrap().value, Declared::M2m);
        let arr = format!("[{SPA}, {SPA}]");
        assert_eq!(clients(&arr).len(), 2);
    }

    #[test]
    fn detects_a_create_body() {
        let c = &clients(
            r#"{"name": "Billing", "type": "WEB", "clientId": "billing", "clientSecret": "s3cr3t-value",
                "redirectUris": ["https://billing.example.com/cb"]}"#,
        )[0];
        assert_eq!(c.id.as_ref().unwrap().value, "billing");
        assert!(c.has_secret());
        assert_eq!(c.redirects().count(), 1);
        // The WEB template fills in the grants.
        assert_eq!(grants(c), [Grant::AuthorizationCode, Grant::Password]);
        assert!(c.grants.as_ref().unwrap().origin.is_default());
    }

    #[test]
    fn leaves_other_formats_alone() {
        for text in [
            r#"{"client_id": "a", "redirect_uris": ["https://a.example/cb"], "grant_types": ["authorization_code"]}"#,
            r#"{"clientId": "kc", "publicClient": true, "redirectUris": ["https://a.example/*"]}"#,
            r#"{"realm": "demo", "clients": [{"clientId": "kc", "redirectUris": []}]}"#,
            r#"{"type": "service_account", "name": "x"}"#,
            r#"{"data": [{"client_id": "a", "grant_types": ["client_credentials"]}]}"#,
        ] {
            assert!(!testing::detects(&FORMAT, text, Syntax::Json), "stole {text}");
        }
    }

    #[test]
    fn splits_extension_grants_on_tilde() {
        let c = &clients(
            r#"{"type": "SERVICE", "settings": {"oauth": {"clientId": "partner",
                "grantTypes": ["urn:ietf:params:oauth:grant-type:jwt-bearer~7f3a9c", "client_credentials"]}}}"#,
        )[0];
        assert_eq!(grants(c), [Grant::JwtBearer, Grant::ClientCredentials]);
        let Origin::File { pointer, .. } = &c.grants.as_ref().unwrap().items[0].origin else {
            panic!("grant read from the file")
        };
        assert_eq!(pointer.as_str(), "/settings/oauth/grantTypes/0");
    }

    #[test]
    fn reads_the_legacy_grant_alias() {
        let c = &clients(r#"{"settings": {"oauth": {"clientId": "old", "authorizedGrantTypes": ["password"]}}}"#)[0];
        assert_eq!(grants(c), [Grant::Password]);
        assert!(c.declared.is_none());
    }

    #[test]
    fn applies_template_defaults_only_when_grants_are_empty() {
        let c = &clients(r#"{"type": "NATIVE", "settings": {"oauth": {"clientId": "app", "grantTypes": []}}}"#)[0];
        assert_eq!(grants(c), [Grant::AuthorizationCode]);
        assert!(c.pkce.required.as_ref().unwrap().value);
        assert!(c.pkce.required.as_ref().unwrap().origin.is_default());
        assert_eq!(c.pkce.methods.as_ref().unwrap().value, [PkceMethod::S256]);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
        let Origin::Default { why } = &c.auth_method.as_ref().unwrap().origin else {
            panic!("a default")
        };
        assert!(why.contains("NATIVE template"));

        let svc = &clients(r#"{"type": "SERVICE", "name": "batch", "clientId": "batch"}"#)[0];
        assert_eq!(grants(svc), [Grant::ClientCredentials]);
        assert_eq!(svc.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(svc.pkce.required.is_none());

        // Written values win over the template, and listed grants mean no template at all.
        let web = &clients(
            r#"{"type": "WEB", "settings": {"oauth": {"clientId": "w", "tokenEndpointAuthMethod": "private_key_jwt"}}}"#,
        )[0];
        assert_eq!(web.auth_method.as_ref().unwrap().value, "private_key_jwt");
        assert!(!web.auth_method.as_ref().unwrap().origin.is_default());
        let listed = &clients(
            r#"{"type": "BROWSER", "settings": {"oauth": {"clientId": "b", "grantTypes": ["authorization_code"]}}}"#,
        )[0];
        assert!(listed.pkce.required.is_none());
        assert!(listed.auth_method.is_none());

        // AGENT and RESOURCE_SERVER have no template defaults here.
        let agent = &clients(r#"{"type": "AGENT", "name": "bot", "clientId": "bot"}"#)[0];
        assert!(agent.grants.is_none() && agent.declared.is_none());
    }

    #[test]
    fn reads_pkce_flags() {
        let read = |flags: &str| {
            clients(&format!(
                r#"{{"type": "WEB", "settings": {{"oauth": {{"clientId": "w", "grantTypes": ["authorization_code"], {flags}}}}}}}"#
            ))
            .remove(0)
            .pkce
        };
        let p = read(r#""forcePKCE": true, "forceS256CodeChallengeMethod": true"#);
        assert!(p.required.unwrap().value);
        assert_eq!(p.methods.unwrap().value, [PkceMethod::S256]);

        let p = read(r#""forcePKCE": true, "forceS256CodeChallengeMethod": false"#);
        assert_eq!(p.methods.unwrap().value, [PkceMethod::S256, PkceMethod::Plain]);

        let p = read(r#""forcePKCE": false, "forceS256CodeChallengeMethod": false"#);
        assert!(!p.required.unwrap().value);
        assert!(p.methods.is_none());

        let p = read(r#""forcePKCE": true"#);
        assert!(p.methods.is_none(), "method not restricted in the file: unknown");
    }

    #[test]
    fn reads_an_init_script_body_with_top_level_oauth() {
        let c = &clients(
            r#"{"name": "Hotel site", "type": "BROWSER", "clientId": "hotel", "clientSecret": "hotel",
                "redirectUris": ["http://localhost:8002/"], "scopes": ["openid", "profile"],
                "oauth": {"grantTypes": ["authorization_code"], "tokenEndpointAuthMethod": "none", "pkce": true}}"#,
        )[0];
        assert_eq!(grants(c), [Grant::AuthorizationCode]);
        assert!(c.pkce.required.as_ref().unwrap().value);
        assert!(!c.pkce.required.as_ref().unwrap().origin.is_default());
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
        assert_eq!(c.scope.as_ref().unwrap().value, "openid profile");
        assert!(c.has_secret(), "AM templates generate a secret even for public apps");
    }

    #[test]
    fn reads_secrets_list_and_create_body_scopes() {
        let c = &clients(
            r#"{"type": "WEB", "name": "w", "secrets": [{"id": "1", "secret": "$2a$10$abcdefghijklmnopqrstuv"}],
                "settings": {"oauth": {"clientId": "w", "grantTypes": ["authorization_code"], "scopes": ["openid", "email"]}}}"#,
        )[0];
        assert_eq!(c.secret.as_ref().unwrap().kind, crate::model::SecretKind::Hashed);
        assert_eq!(c.scope.as_ref().unwrap().value, "openid email");
    }

    #[test]
    fn reads_token_settings_binding_algs_and_consent() {
        use crate::model::Lifetime;
        let c = &clients(
            r#"{"type": "WEB", "settings": {"advanced": {"skipConsent": true}, "oauth": {"clientId": "w",
                "grantTypes": ["authorization_code", "refresh_token"], "accessTokenValiditySeconds": 600,
                "refreshTokenValiditySeconds": 86400, "idTokenValiditySeconds": 300,
                "tlsClientCertificateBoundAccessTokens": true, "requireParRequest": true,
                "tokenEndpointAuthSigningAlg": "PS256", "idTokenSignedResponseAlg": "RS256"}}}"#,
        )[0];
        let t = &c.tokens;
        assert_eq!(t.access_token_lifetime.as_ref().unwrap().value, Lifetime::Seconds(600));
        assert_eq!(t.id_token_lifetime.as_ref().unwrap().value, Lifetime::Seconds(300));
        // Rotation is on by default, so the refresh validity bounds an unused token.
        assert!(t.refresh_rotation.as_ref().unwrap().origin.is_default());
        assert_eq!(
            t.refresh_idle_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(86400)
        );
        assert!(t.refresh_absolute_lifetime.is_none());
        assert!(t.mtls_bound.as_ref().unwrap().value);
        assert!(c.par_required.as_ref().unwrap().value);
        let algs: Vec<&str> = c.algs.iter().map(|a| a.param).collect();
        assert_eq!(
            algs,
            ["token_endpoint_auth_signing_alg", "id_token_signed_response_alg"]
        );
        assert!(!c.consent_required.as_ref().unwrap().value);

        // Without rotation the one refresh token lives its whole validity; the gateway's
        // `autoApproveScopes: ["true"]` also skips consent.
        let legacy = &clients(
            r#"{"settings": {"oauth": {"clientId": "old", "authorizedGrantTypes": ["password", "refresh_token"],
                "disableRefreshTokenRotation": true, "refreshTokenValiditySeconds": 3600,
                "autoApproveScopes": ["true"]}}}"#,
        )[0];
        assert!(!legacy.tokens.refresh_rotation.as_ref().unwrap().value);
        assert_eq!(
            legacy.tokens.refresh_absolute_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(3600)
        );
        assert!(!legacy.consent_required.as_ref().unwrap().value);
    }

    #[test]
    fn reads_init_script_token_validity() {
        let c = &clients(
            r#"{"name": "n", "type": "BROWSER", "clientId": "b",
                "oauth": {"grantTypes": ["authorization_code"], "tokenValidity": {"accessToken": 7200, "idToken": 14400}}}"#,
        )[0];
        let secs = |f: &Option<Field<crate::model::Lifetime>>| f.as_ref().map(|f| f.value);
        assert_eq!(
            secs(&c.tokens.access_token_lifetime),
            Some(crate::model::Lifetime::Seconds(7200))
        );
        assert_eq!(
            secs(&c.tokens.id_token_lifetime),
            Some(crate::model::Lifetime::Seconds(14400))
        );
    }
}
