//! RFC 7591 / OIDC registration metadata and client ID metadata documents (docs/providers.md):
//! one object, an array of them, `{"clients": [...]}`, or TOML `[[clients]]` / `[clients.<id>]`.

use super::{
    algs, anchor, boolean, default_list, default_response_types, each_param, jwk, map_list, members, origin, params,
    pkce_method, secret, string, strings, Format, Vendor,
};
use crate::document::{Cursor, Document};
use crate::model::{Client, DocKind, Field, Grant, Origin, Param, ResponseType, ALG_PARAMS, METADATA_NAMES};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "rfc7591",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        registration_shows_secret: true,
        keeps_empty_response_types: true,
        metadata_lists_are_arrays: true,
        ..Vendor::STANDARD
    },
};

/// Keys that only registration metadata uses (snake_case, RFC 7591 §2).
const TELLS: [&str; 4] = [
    "redirect_uris",
    "grant_types",
    "token_endpoint_auth_method",
    "response_types",
];

fn detect(doc: &Document, _path: &Path) -> bool {
    !client_objects(Cursor::root(doc)).is_empty()
}

pub(super) fn is_client(c: &Cursor) -> bool {
    c.node.is_object() && TELLS.iter().any(|k| c.node.get(k).is_some())
}

/// The client objects of a document, with the map key that names each one (TOML `[clients.<id>]`).
fn client_objects(root: Cursor) -> Vec<(Cursor, Option<String>)> {
    if is_client(&root) {
        return vec![(root, None)];
    }
    let clients = root.get("clients");
    let named = clients.is_some();
    let list = clients.unwrap_or(root);
    if list.node.as_array().is_some() {
        return list.items().filter(is_client).map(|c| (c, None)).collect();
    }
    if named {
        return list
            .members()
            .filter(|(_, c)| is_client(c))
            .map(|(k, c)| (c, Some(k.to_string())))
            .collect();
    }
    Vec::new()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    client_objects(Cursor::root(doc))
        .into_iter()
        .map(|(c, key)| client(&c, key))
        .collect()
}

/// Reads the RFC 7591 / OIDC registration metadata of `at` into `c`: everything but the id and the
/// defaults, which depend on who reads the document. Shared with the adapters whose clients are
/// RFC 7591 documents plus extras (Hydra).
/// RFC 8705 §2.1.2: the certificate subject a `tls_client_auth` client is known by.
const TLS_SUBJECT: [(&str, &str); 5] = [
    ("tls_client_auth_subject_dn", "tls_client_auth_subject_dn"),
    ("tls_client_auth_san_dns", "tls_client_auth_san_dns"),
    ("tls_client_auth_san_uri", "tls_client_auth_san_uri"),
    ("tls_client_auth_san_ip", "tls_client_auth_san_ip"),
    ("tls_client_auth_san_email", "tls_client_auth_san_email"),
];

pub(super) fn read_metadata(at: &Cursor, c: &mut Client) {
    c.name = string(at, "client_name").map(|f| f.value);
    c.application_type = string(at, "application_type");
    c.subject_type = string(at, "subject_type");
    c.auth_method = string(at, "token_endpoint_auth_method");
    c.secret = secret(at, "client_secret");
    c.registration_access_token = secret(at, "registration_access_token");
    // `null`, `{}` and `{"keys": []}` (common in exports) register no keys.
    c.jwks = jwk::jwks(at, "jwks");
    c.jwks_uri = string(at, "jwks_uri");
    c.uris = uris(at);
    c.tls_subject = Some(params(&TLS_SUBJECT, |k| string(at, k)));
    c.issuer = string(at, "issuer");
    c.grants = strings(at, "grant_types").map(|l| map_list(l, Grant::parse));
    c.response_types = strings(at, "response_types").map(|l| map_list(l, ResponseType::parse));
    c.redirect_uris = strings(at, "redirect_uris");
    c.post_logout_redirect_uris = strings(at, "post_logout_redirect_uris");
    c.web_origins = strings(at, "allowed_cors_origins");
    c.scope = string(at, "scope");
    c.per_instance = at.get("software_statement").is_some();
    c.tokens.dpop_bound = boolean(at, "dpop_bound_access_tokens");
    c.tokens.mtls_bound = boolean(at, "tls_client_certificate_bound_access_tokens");
    c.par_required = boolean(at, "require_pushed_authorization_requests");
    c.signed_request_required = boolean(at, "require_signed_request_object");
    c.algs = algs(&ALG_PARAMS.map(|p| (p, p)), |k| string(at, k));
}

/// Metadata URIs (RFC 7591 §2, OIDC Reg §2, OIDC Front- and Back-Channel Logout); `request_uris`
/// is a list, read one entry at a time.
const URI_PARAMS: [&str; 9] = [
    "logo_uri",
    "client_uri",
    "policy_uri",
    "tos_uri",
    "sector_identifier_uri",
    "initiate_login_uri",
    "frontchannel_logout_uri",
    "backchannel_logout_uri",
    "registration_client_uri",
];

fn uris(at: &Cursor) -> Vec<Param> {
    let mut out = params(&URI_PARAMS.map(|p| (p, p)), |k| string(at, k));
    out.extend(each_param("request_uris", strings(at, "request_uris")));
    out
}

/// Names that are not client metadata but that RFC 7591-shaped files legitimately carry: further
/// extensions (CIBA's user code, RFC 9396), vendor switches read here (docs/providers.md), and the
/// members of a configuration that names its server.
const EXTENSION_NAMES: [&str; 10] = [
    "backchannel_user_code_parameter",
    "authorization_details_types",
    "pkce_required",
    "require_pkce",
    "pkce_challenge_method",
    "allowed_cors_origins",
    "skip_consent",
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
];

fn client(at: &Cursor, map_key: Option<String>) -> Client {
    let id = string(at, "client_id").or_else(|| map_key.map(|k| Field::new(k, origin(at))));
    let doc_kind = match &id {
        None => DocKind::RegistrationRequest,
        Some(f) if f.value.starts_with("https://") => DocKind::MetadataDocument,
        Some(_) => DocKind::Registered,
    };
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor(at, "client_id"), doc_kind);
    c.id = id;
    read_metadata(at, &mut c);
    c.members = Some(members(at, &[&METADATA_NAMES, &ALG_PARAMS, &EXTENSION_NAMES], false));

    // Defaults (RFC 7591 §2, OIDC Reg §2) apply where a server reads the document as metadata:
    // a registration request, or a client ID metadata document. An export of a registered client
    // shows what the server holds, so a missing field there is unknown, not a default.
    if doc_kind != DocKind::Registered {
        if c.grants.is_none() {
            c.grants = Some(default_list(
                "RFC 7591 §2: `grant_types` defaults to `authorization_code`",
                vec![Grant::AuthorizationCode],
            ));
        }
        default_response_types(&mut c, "RFC 7591 §2: `response_types` defaults to `code`");
        if c.application_type.is_none() {
            c.application_type = Some(Field::new(
                "web".into(),
                Origin::Default {
                    why: "OIDC Reg §2: `application_type` defaults to `web`",
                },
            ));
        }
    }
    if doc_kind == DocKind::RegistrationRequest && c.auth_method.is_none() {
        c.auth_method = Some(Field::new(
            "client_secret_basic".into(),
            Origin::Default {
                why: "RFC 7591 §2: `token_endpoint_auth_method` defaults to `client_secret_basic`",
            },
        ));
    }
    // Vendor PKCE switches on RFC 7591-shaped clients (docs/providers.md): Okta `pkce_required`,
    // Authelia `require_pkce` and `pkce_challenge_method`.
    c.pkce.required = boolean(at, "pkce_required").or_else(|| boolean(at, "require_pkce"));
    if let Some(m) = string(at, "pkce_challenge_method") {
        c.pkce.methods = pkce_method(&m.value).map(|pm| Field::new(vec![pm], m.origin.clone()));
        c.pkce.written.push(m);
    }
    // The atproto profile has the server enforce PKCE with S256 for every client; its clients must
    // ask for the `atproto` scope (DPoP binding alone is RFC 9449, used outside atproto too).
    let atproto = c
        .scope
        .as_ref()
        .is_some_and(|s| s.value.split_whitespace().any(|t| t == "atproto"));
    if atproto {
        let why = "the atproto OAuth profile makes the server require PKCE with S256";
        c.pkce.required = Some(Field::new(true, Origin::Default { why }));
        c.pkce.methods = Some(Field::new(
            vec![crate::model::PkceMethod::S256],
            Origin::Default { why },
        ));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;

    fn client_of(text: &str) -> Client {
        crate::formats::testing::read(&FORMAT, text, Syntax::Json).remove(0)
    }

    #[test]
    fn reads_binding_par_and_algorithms() {
        let c = client_of(
            r#"{"client_id": "https://app.example.com/client.json", "redirect_uris": ["https://app.example.com/cb"],
                "tls_client_certificate_bound_access_tokens": true, "require_pushed_authorization_requests": true,
                "token_endpoint_auth_signing_alg": "ES256", "id_token_encrypted_response_enc": "A256GCM",
                "request_object_signing_alg": "", "userinfo_signed_response_alg": "none"}"#,
        );
        assert!(c.tokens.mtls_bound.as_ref().unwrap().value);
        assert!(c.tokens.dpop_bound.is_none());
        assert!(c.par_required.as_ref().unwrap().value);
        let algs: Vec<(&str, &str)> = c.algs.iter().map(|a| (a.param, a.value.value.as_str())).collect();
        assert_eq!(
            algs,
            [
                ("token_endpoint_auth_signing_alg", "ES256"),
                ("id_token_encrypted_response_enc", "A256GCM"),
                ("userinfo_signed_response_alg", "none"),
            ]
        );
    }

    #[test]
    fn response_types_default_to_code_for_every_registration_request() {
        let m2m =
            client_of(r#"{"grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt"}"#);
        assert!(m2m.response_types.as_ref().unwrap().origin.is_default());
        let web = client_of(r#"{"redirect_uris": ["https://app.example.com/cb"]}"#);
        let rt = web.response_types.as_ref().unwrap();
        assert!(rt.origin.is_default() && rt.items[0].value.code);
    }
}
