//! Ory Hydra clients (docs/providers.md).
//!
//! Two shapes: the client JSON that `hydra create client --file` and `hydra import oauth2-client`
//! read (one object or an array of them: RFC 7591 names plus Hydra's extras), and the Hydra Maester
//! `OAuth2Client` resource (`apiVersion: hydra.ory.sh/*`, camelCase `spec`), which Maester turns
//! into the same JSON. The RFC 7591 part is read by [`rfc7591::read_metadata`].
//!
//! A Hydra client JSON without any Hydra extra is indistinguishable from plain RFC 7591 metadata,
//! so it is left to the `rfc7591` adapter (client ID metadata documents must stay there).
//!
//! Defaults, as Hydra applies them when it stores a client: `token_endpoint_auth_method` becomes
//! `client_secret_basic` (`client/validator.go`), and empty `grant_types` / `response_types` read
//! as `authorization_code` / `code` (fosite's `DefaultClient.GetGrantTypes` / `GetResponseTypes`).

use super::rfc7591;
use super::{
    algs, boolean, default_list, default_response_types, lifetime, longest, map_list, members, origin, params, string,
    strings, Format, Vendor,
};
use crate::document::{Cursor, Document, Span};
use crate::model::{Client, DocKind, Field, Grant, Lifetime, Origin, ResponseType, Secret, SecretKind};
use crate::model::{ALG_PARAMS, METADATA_NAMES};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "hydra",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        product: "Ory Hydra",
        assertion_keys_outside_client: true,
        refused_to_public: &[Grant::ClientCredentials],
        metadata_lists_are_arrays: true,
        ..Vendor::STANDARD
    },
};

/// Keys of Hydra's client JSON that RFC 7591 does not define (besides the `*_token_lifespan` ones).
const HYDRA_KEYS: [&str; 6] = [
    "skip_consent",
    "skip_logout_consent",
    "allowed_cors_origins",
    "audience",
    "owner",
    "access_token_strategy",
];

/// Further members of Hydra's client JSON (`client/client.go`): `metadata` is free-form, the
/// timestamps appear in exports.
const OTHER_KEYS: [&str; 3] = ["metadata", "created_at", "updated_at"];

/// Every name Hydra reads from a client JSON. Hydra decodes it with Go's `encoding/json`, which
/// ignores unknown members (ory/hydra#357) and matches names regardless of case.
const KNOWN: [&[&str]; 7] = [
    &METADATA_NAMES,
    &ALG_PARAMS,
    &HYDRA_KEYS,
    &OTHER_KEYS,
    &ACCESS_LIFESPANS,
    &ID_LIFESPANS,
    &REFRESH_LIFESPANS,
];

/// Per-grant lifespans (Go durations), under the same snake_case names in the client JSON and in
/// Maester's `spec.tokenLifespans`.
const ACCESS_LIFESPANS: [&str; 7] = [
    "authorization_code_grant_access_token_lifespan",
    "client_credentials_grant_access_token_lifespan",
    "implicit_grant_access_token_lifespan",
    "jwt_bearer_grant_access_token_lifespan",
    "password_grant_access_token_lifespan",
    "refresh_token_grant_access_token_lifespan",
    "device_authorization_grant_access_token_lifespan",
];
const ID_LIFESPANS: [&str; 4] = [
    "authorization_code_grant_id_token_lifespan",
    "implicit_grant_id_token_lifespan",
    "refresh_token_grant_id_token_lifespan",
    "device_authorization_grant_id_token_lifespan",
];
const REFRESH_LIFESPANS: [&str; 4] = [
    "authorization_code_grant_refresh_token_lifespan",
    "password_grant_refresh_token_lifespan",
    "refresh_token_grant_refresh_token_lifespan",
    "device_authorization_grant_refresh_token_lifespan",
];

/// Maester's camelCase algorithm fields, with their RFC 7591 names.
const CRD_ALGS: [(&str, &str); 3] = [
    ("tokenEndpointAuthSigningAlg", "token_endpoint_auth_signing_alg"),
    ("requestObjectSigningAlg", "request_object_signing_alg"),
    ("userinfoSignedResponseAlg", "userinfo_signed_response_alg"),
];

/// One client of the document, in either shape.
enum Source<'a> {
    Json(Cursor<'a>),
    /// The resource, and its `spec`.
    Resource(Cursor<'a>, Cursor<'a>),
}

fn detect(doc: &Document, _path: &Path) -> bool {
    !sources(Cursor::root(doc)).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    sources(Cursor::root(doc))
        .into_iter()
        .map(|s| match s {
            Source::Json(at) => json_client(&at),
            Source::Resource(res, spec) => resource_client(&res, &spec),
        })
        .collect()
}

fn is_hydra_json(c: &Cursor) -> bool {
    rfc7591::is_client(c)
        && c.members()
            .any(|(k, _)| HYDRA_KEYS.contains(&k) || k.ends_with("_token_lifespan"))
}

/// The `spec` of a Maester `OAuth2Client`.
fn resource_spec<'a>(c: &Cursor<'a>) -> Option<Cursor<'a>> {
    let kind = c.get("kind")?;
    let api = c.get("apiVersion")?;
    (kind.as_str() == Some("OAuth2Client") && api.as_str()?.starts_with("hydra.ory.sh/"))
        .then(|| c.get("spec"))
        .flatten()
        .filter(|s| s.node.is_object())
}

/// One resource or client, an array of clients (`hydra import`), or a list (`OAuth2ClientList`,
/// `hydra list clients`: `items`). An array counts as Hydra's when any client in it has an extra.
fn sources(root: Cursor) -> Vec<Source> {
    if let Some(spec) = resource_spec(&root) {
        return vec![Source::Resource(root, spec)];
    }
    if is_hydra_json(&root) {
        return vec![Source::Json(root)];
    }
    let list = root.get("items").unwrap_or(root);
    let items: Vec<Cursor> = list.items().collect();
    let resources: Vec<Source> = items
        .iter()
        .filter_map(|i| Some(Source::Resource(i.clone(), resource_spec(i)?)))
        .collect();
    if !resources.is_empty() {
        return resources;
    }
    if !items.iter().any(is_hydra_json) {
        return Vec::new();
    }
    items.into_iter().filter(rfc7591::is_client).map(Source::Json).collect()
}

fn json_client(at: &Cursor) -> Client {
    let id = string(at, "client_id");
    let doc_kind = if id.is_some() {
        DocKind::Registered
    } else {
        DocKind::RegistrationRequest
    };
    let mut c = Client::new(&FORMAT, at.pointer.clone(), super::anchor(at, "client_id"), doc_kind);
    c.id = id;
    rfc7591::read_metadata(at, &mut c);
    c.members = Some(members(at, &KNOWN, true));
    c.consent_required = boolean(at, "skip_consent").map(|f| Field::new(!f.value, f.origin));
    lifespans(at, &mut c);
    hydra_defaults(&mut c);
    c
}

fn resource_client(res: &Cursor, spec: &Cursor) -> Client {
    let name = res.path(&["metadata", "name"]);
    let anchor = name
        .as_ref()
        .map_or(Span::new(spec.span().start, spec.span().start + 1), Cursor::span);
    // Hydra generates the client_id (or takes it from the secret): the resource is a request.
    let mut c = Client::new(&FORMAT, spec.pointer.clone(), anchor, DocKind::RegistrationRequest);
    c.name = string(spec, "clientName")
        .or_else(|| name.and_then(|n| Some(Field::new(n.as_str()?.to_string(), origin(&n)))))
        .map(|f| f.value);
    c.auth_method = string(spec, "tokenEndpointAuthMethod");
    c.subject_type = string(spec, "subjectType");
    // The client's id and secret live in the Kubernetes Secret `secretName` (Maester creates it
    // when it does not exist). `secretName` is required even for a public client, whose Secret then
    // holds only its id: it names a client secret only when the client authenticates.
    let public = c.auth_method.as_ref().is_some_and(|m| m.value == "none");
    c.secret = spec.get("secretName").filter(|_| !public).and_then(|s| {
        Some(Secret {
            kind: SecretKind::Reference,
            value: s.as_str()?.to_string(),
            origin: origin(&s),
        })
    });
    c.jwks_uri = string(spec, "jwksUri");
    c.grants = strings(spec, "grantTypes").map(|l| map_list(l, Grant::parse));
    c.response_types = strings(spec, "responseTypes").map(|l| map_list(l, ResponseType::parse));
    c.redirect_uris = strings(spec, "redirectUris");
    c.post_logout_redirect_uris = strings(spec, "postLogoutRedirectUris");
    c.web_origins = strings(spec, "allowedCorsOrigins");
    c.scope = string(spec, "scope").or_else(|| {
        let list = strings(spec, "scopeArray")?;
        let words: Vec<&str> = list.iter().map(|s| s.value.as_str()).collect();
        Some(Field::new(words.join(" "), list.origin.clone()))
    });
    c.consent_required = boolean(spec, "skipConsent").map(|f| Field::new(!f.value, f.origin));
    c.algs = algs(&CRD_ALGS, |k| string(spec, k));
    c.uris = params(
        &[
            ("backChannelLogoutURI", "backchannel_logout_uri"),
            ("frontChannelLogoutURI", "frontchannel_logout_uri"),
        ],
        |k| string(spec, k),
    );
    if let Some(l) = spec.get("tokenLifespans") {
        lifespans(&l, &mut c);
    }
    hydra_defaults(&mut c);
    c
}

/// The longest of several per-grant lifespans.
fn longest_of(at: &Cursor, keys: &[&str]) -> Option<Field<Lifetime>> {
    longest(keys.iter().filter_map(|k| lifetime(at, k)))
}

fn lifespans(at: &Cursor, c: &mut Client) {
    c.tokens.access_token_lifetime = longest_of(at, &ACCESS_LIFESPANS);
    c.tokens.id_token_lifetime = longest_of(at, &ID_LIFESPANS);
    // Hydra rotates refresh tokens, and each new one gets the lifespan afresh: it bounds how long
    // an unused refresh token lives, not the whole chain.
    c.tokens.refresh_idle_lifetime = longest_of(at, &REFRESH_LIFESPANS);
}

fn hydra_defaults(c: &mut Client) {
    if c.auth_method.is_none() {
        c.auth_method = Some(Field::new(
            "client_secret_basic".into(),
            Origin::Default {
                why: "Hydra stores `token_endpoint_auth_method: client_secret_basic` when it is not set",
            },
        ));
    }
    if c.grants.as_ref().is_none_or(|g| g.is_empty()) {
        c.grants = Some(default_list(
            "Hydra (fosite) reads empty `grant_types` as `authorization_code`",
            vec![Grant::AuthorizationCode],
        ));
    }
    default_response_types(c, "Hydra (fosite) reads empty `response_types` as `code`");
    // fosite's refresh handler revokes the refresh token it was given and issues a new one.
    c.tokens.refresh_rotation = Some(Field::new(
        true,
        Origin::Default {
            why: "Hydra rotates refresh tokens: each use invalidates the old one",
        },
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse_all, Syntax};
    use std::sync::Arc;

    fn docs(text: &str, syntax: Syntax) -> Vec<Document> {
        parse_all(&Arc::<str>::from(text), syntax).expect("parses")
    }

    fn clients(text: &str, syntax: Syntax) -> Vec<Client> {
        docs(text, syntax)
            .iter()
            .filter(|d| detect(d, Path::new("x")))
            .flat_map(|d| extract(d, Path::new("x")))
            .collect()
    }

    fn secs(f: &Option<Field<Lifetime>>) -> Option<u64> {
        match f.as_ref()?.value {
            Lifetime::Seconds(s) => Some(s),
            Lifetime::Infinite => None,
        }
    }

    #[test]
    fn reads_client_json_with_extras_and_defaults() {
        let text = r#"{"client_id": "shop", "client_secret": "a-long-enough-secret",
            "redirect_uris": ["https://shop.example.com/cb"], "skip_consent": true,
            "allowed_cors_origins": ["https://shop.example.com"],
            "authorization_code_grant_access_token_lifespan": "1h0m0s",
            "client_credentials_grant_access_token_lifespan": "31h0m0s",
            "refresh_token_grant_refresh_token_lifespan": "720h0m0s",
            "dpop_bound_access_tokens": true, "id_token_signed_response_alg": "ES256"}"#;
        let c = &clients(text, Syntax::Json)[0];
        assert_eq!(c.format, "hydra");
        assert_eq!(c.id.as_ref().unwrap().value, "shop");
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(c.auth_method.as_ref().unwrap().origin.is_default());
        assert!(c.grants.as_ref().unwrap().origin.is_default());
        assert!(!c.consent_required.as_ref().unwrap().value);
        assert_eq!(c.web_origins.as_ref().unwrap().items.len(), 1);
        assert_eq!(secs(&c.tokens.access_token_lifetime), Some(31 * 3600));
        let Origin::File { pointer, .. } = &c.tokens.access_token_lifetime.as_ref().unwrap().origin else {
            panic!("read from the file")
        };
        assert_eq!(pointer.as_str(), "/client_credentials_grant_access_token_lifespan");
        assert_eq!(secs(&c.tokens.refresh_idle_lifetime), Some(720 * 3600));
        assert!(c.tokens.dpop_bound.as_ref().unwrap().value);
        assert_eq!(c.algs[0].param, "id_token_signed_response_alg");
        assert_eq!(c.algs[0].value.value, "ES256");
    }

    #[test]
    fn an_import_array_is_hydra_when_any_client_has_an_extra() {
        let text = r#"[{"client_id": "a", "grant_types": ["client_credentials"], "audience": ["api"]},
                      {"client_id": "b", "redirect_uris": ["https://b.example/cb"], "token_endpoint_auth_method": "none"}]"#;
        let cs = clients(text, Syntax::Json);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[1].pointer.as_str(), "/1");
        assert_eq!(cs[1].auth_method.as_ref().unwrap().value, "none");
        // fosite's default `code`, for both; a default is not evidence of an interactive client.
        assert!(cs[0].response_types.as_ref().unwrap().origin.is_default());
        assert!(cs[1].response_types.as_ref().unwrap().origin.is_default());
    }

    #[test]
    fn leaves_plain_rfc7591_documents_alone() {
        for text in [
            r#"{"client_id": "https://app.example.com/client-metadata.json", "redirect_uris": ["https://app.example.com/cb"], "token_endpoint_auth_method": "none"}"#,
            r#"[{"client_id": "x", "grant_types": ["client_credentials"]}]"#,
            r#"{"skip_consent": true, "name": "not a client"}"#,
        ] {
            let d = &docs(text, Syntax::Json)[0];
            assert!(!detect(d, Path::new("x.json")), "stole {text}");
        }
    }

    const RESOURCE: &str = "apiVersion: v1
kind: Secret
metadata:
  name: shop-credentials
---
apiVersion: hydra.ory.sh/v1alpha1
kind: OAuth2Client
metadata:
  name: shop-web
spec:
  grantTypes: [authorization_code, refresh_token]
  responseTypes: [code]
  redirectUris: [https://shop.example.com/cb]
  allowedCorsOrigins: [https://shop.example.com]
  scopeArray: [openid, offline_access]
  secretName: shop-credentials
  skipConsent: false
  tokenLifespans:
    authorization_code_grant_access_token_lifespan: 30m
  tokenEndpointAuthSigningAlg: RS256
";

    #[test]
    fn reads_a_maester_resource() {
        let cs = clients(RESOURCE, Syntax::Yaml);
        assert_eq!(cs.len(), 1);
        let c = &cs[0];
        assert_eq!(c.pointer.as_str(), "/spec");
        assert_eq!(c.display_id(), "shop-web");
        assert_eq!(&RESOURCE[c.anchor.range()], "shop-web");
        assert_eq!(c.doc_kind, DocKind::RegistrationRequest);
        let s = c.secret.as_ref().unwrap();
        assert_eq!((s.kind, s.value.as_str()), (SecretKind::Reference, "shop-credentials"));
        assert_eq!(c.scope.as_ref().unwrap().value, "openid offline_access");
        assert!(c.consent_required.as_ref().unwrap().value);
        assert_eq!(secs(&c.tokens.access_token_lifetime), Some(1800));
        assert_eq!(c.algs[0].param, "token_endpoint_auth_signing_alg");
        assert!(c.auth_method.as_ref().unwrap().origin.is_default());
        assert!(!c.response_types.as_ref().unwrap().origin.is_default());
        // A public client's Secret holds only its id.
        let public = RESOURCE.replace("skipConsent: false", "tokenEndpointAuthMethod: none");
        assert!(clients(&public, Syntax::Yaml)[0].secret.is_none());
        // Other APIs' OAuth2Client kinds are not Maester's.
        let other = RESOURCE.replace("hydra.ory.sh", "example.com");
        assert!(clients(&other, Syntax::Yaml).is_empty());
    }
}
