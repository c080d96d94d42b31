//! Authelia `identity_providers.oidc.clients` in `configuration.yml` (docs/providers.md).
//!
//! Client keys are read under their 4.38+ names and the older ones (`id`, `secret`, `description`,
//! `userinfo_signing_algorithm`). The provider block around the clients (`enforce_pkce`,
//! `enable_pkce_plain_challenge`, `lifespans`, `pushed_authorizations.enforce`) is server context.
//!
//! Defaults are those of Authelia's client and provider documentation (`clients.md`,
//! `provider.md`), which its configuration validator fills in when a key is left out:
//! `public: false`, `grant_types: [authorization_code]`, `response_types: [code]`,
//! `scopes: [openid, groups, profile, email]`, `token_endpoint_auth_method` `client_secret_basic`
//! for a confidential client and `none` for a public one, `consent_mode: auto` (explicit consent,
//! or remembered consent when `pre_configured_consent_duration` is set), `enforce_pkce:
//! public_clients_only`, plain PKCE off, and lifespans of 1h (access and ID tokens), 1m
//! (authorization codes) and 90m (refresh tokens).
//!
//! Values are often Go templates (`{{ env "X" }}`, rendered by Authelia's template filter); the
//! YAML layer keeps their text, and placeholders are never read as real secrets or URIs.

use super::Format;
use super::{
    algs, anchor, boolean, default, default_list, each_param, lifetime, map_list, params, pkce_method, scope_of,
    secret, server, string, strings, Vendor,
};
use super::{member, Setting};
use crate::document::{Cursor, Document};
use crate::model::{Alg, Client, DocKind, Field, Grant, Lifetime, Param, PkceMethod, ResponseType, Tokens};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "authelia",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        // Without `pkce_challenge_method`, the provider's `enable_pkce_plain_challenge` (off by
        // default) decides whether `plain` is accepted.
        pkce_switch: Some(member(&[], "require_pkce", Setting::Bool(true))),
        ..Vendor::STANDARD
    },
};

/// Algorithm keys, legacy names included, with their RFC 7591 / OIDC names.
const ALGS: [(&str, &str); 8] = [
    ("id_token_signed_response_alg", "id_token_signed_response_alg"),
    ("userinfo_signed_response_alg", "userinfo_signed_response_alg"),
    ("userinfo_signing_algorithm", "userinfo_signed_response_alg"),
    ("access_token_signed_response_alg", "access_token_signed_response_alg"),
    ("introspection_signed_response_alg", "introspection_signed_response_alg"),
    ("authorization_signed_response_alg", "authorization_signed_response_alg"),
    ("token_endpoint_auth_signing_alg", "token_endpoint_auth_signing_alg"),
    ("request_object_signing_alg", "request_object_signing_alg"),
];

/// Response algorithms for which Authelia reads `none` as "not a JWT" (an opaque access token, a
/// plain JSON userinfo or introspection response, a classic authorization response), not as an
/// unsigned JWT; such values are left out of the model.
const NONE_MEANS_PLAIN: [&str; 4] = [
    "access_token_signed_response_alg",
    "userinfo_signed_response_alg",
    "introspection_signed_response_alg",
    "authorization_signed_response_alg",
];

/// JWE settings (4.39+), each `(alg, enc)` pair under its OIDC names. Authelia's `none`, the default,
/// means "not encrypted", and it fills in `A128CBC-HS256` for the `enc` whatever the `alg`: an `enc`
/// is read only beside an `alg` that encrypts.
const ENCRYPTION: [(&str, &str); 6] = [
    ("id_token_encrypted_response_alg", "id_token_encrypted_response_enc"),
    ("userinfo_encrypted_response_alg", "userinfo_encrypted_response_enc"),
    (
        "authorization_encrypted_response_alg",
        "authorization_encrypted_response_enc",
    ),
    (
        "introspection_encrypted_response_alg",
        "introspection_encrypted_response_enc",
    ),
    (
        "access_token_encrypted_response_alg",
        "access_token_encrypted_response_enc",
    ),
    ("request_object_encryption_alg", "request_object_encryption_enc"),
];

fn encryption(at: &Cursor) -> Vec<Alg> {
    let set = |key: &str| string(at, key).filter(|f| !f.value.trim().is_empty());
    ENCRYPTION
        .iter()
        .filter_map(|&(alg, enc)| Some((alg, set(alg).filter(|a| a.value != "none")?, enc)))
        .flat_map(|(alg, value, enc)| {
            let enc = set(enc).map(|value| Param { param: enc, value });
            std::iter::once(Param { param: alg, value }).chain(enc)
        })
        .collect()
}

/// URIs the server fetches: `sector_identifier_uri` and each of `request_uris`.
fn uris(at: &Cursor) -> Vec<Param> {
    let mut out = params(&[("sector_identifier_uri", "sector_identifier_uri")], |k| string(at, k));
    out.extend(each_param("request_uris", strings(at, "request_uris")));
    out
}

fn provider(doc: &Document) -> Option<Cursor<'_>> {
    Cursor::root(doc).path(&["identity_providers", "oidc"])
}

fn is_client(c: &Cursor) -> bool {
    c.node.is_object() && (c.get("client_id").is_some() || c.get("id").is_some())
}

fn detect(doc: &Document, _path: &Path) -> bool {
    provider(doc)
        .and_then(|p| p.get("clients"))
        .is_some_and(|l| l.items().any(|c| is_client(&c)))
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    let Some(p) = provider(doc) else { return Vec::new() };
    let Some(list) = p.get("clients") else {
        return Vec::new();
    };
    list.items().filter(is_client).map(|at| client(&at, &p)).collect()
}

/// A member under its current name, else under its pre-4.38 name.
fn either<'a, T>(at: &Cursor<'a>, new: &str, old: &str, read: impl Fn(&Cursor<'a>, &str) -> Option<T>) -> Option<T> {
    read(at, new).or_else(|| read(at, old))
}

fn client(at: &Cursor, p: &Cursor) -> Client {
    let id_key = if at.get("client_id").is_some() {
        "client_id"
    } else {
        "id"
    };
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor(at, id_key), DocKind::Registered);
    c.id = string(at, id_key);
    c.name = either(at, "client_name", "description", string).map(|f| f.value);
    let public = boolean(at, "public").unwrap_or(default(
        false,
        "Authelia clients are confidential unless public is true",
    ));
    c.auth_method = string(at, "token_endpoint_auth_method").or_else(|| {
        Some(if public.value {
            default(
                "none".into(),
                "Authelia defaults a public client's token_endpoint_auth_method to none",
            )
        } else {
            default(
                "client_secret_basic".into(),
                "Authelia defaults a confidential client's token_endpoint_auth_method to client_secret_basic",
            )
        })
    });
    c.secret = either(at, "client_secret", "secret", secret);
    // Authelia lists PEM keys (`key_id`, `key`), not JWKs: only a private one is worth reading.
    c.jwks = at.get("jwks").and_then(|j| super::jwk::pem_keys(&j, "key_id", "key"));
    c.jwks_uri = string(at, "jwks_uri");
    c.grants = Some(strings(at, "grant_types").map_or_else(
        || {
            default_list(
                "Authelia defaults grant_types to authorization_code",
                vec![Grant::AuthorizationCode],
            )
        },
        |l| map_list(l, Grant::parse),
    ));
    // The `code` default only means something for a client that uses the authorization endpoint.
    let redirecting = c
        .grants
        .iter()
        .flat_map(|l| l.iter())
        .any(|g| g.value.is_redirect_based());
    c.response_types = strings(at, "response_types")
        .map(|l| map_list(l, ResponseType::parse))
        .or_else(|| {
            redirecting.then(|| {
                default_list(
                    "Authelia defaults response_types to code",
                    vec![ResponseType::parse("code")],
                )
            })
        });
    c.redirect_uris = strings(at, "redirect_uris");
    c.scope = Some(strings(at, "scopes").map_or_else(
        || {
            default(
                "openid groups profile email".into(),
                "Authelia defaults scopes to openid, groups, profile and email",
            )
        },
        |l| scope_of(&l),
    ));
    c.algs = algs(&ALGS, |k| string(at, k))
        .into_iter()
        .filter(|a| !(NONE_MEANS_PLAIN.contains(&a.param) && a.value.value == "none"))
        .chain(encryption(at))
        .collect();
    c.uris = uris(at);
    c.consent_required = Some(consent(at));
    // PAR: the client's own switch, or the provider-wide `pushed_authorizations.enforce`.
    c.par_required = match boolean(at, "require_pushed_authorization_requests") {
        Some(own) if own.value => Some(own),
        own => p
            .get("pushed_authorizations")
            .and_then(|e| boolean(&e, "enforce"))
            .map(server)
            .filter(|f| f.value)
            .or(own),
    };
    pkce(at, p, public.value, &mut c);
    c.tokens = tokens(at, p);
    c.public = Some(public);
    c
}

/// `consent_mode`: only `implicit` skips the consent screen; `auto` (the default) asks once, or
/// remembers the answer when `pre_configured_consent_duration` is set.
fn consent(at: &Cursor) -> Field<bool> {
    match string(at, "consent_mode") {
        Some(m) => Field::new(m.value != "implicit", m.origin),
        None => default(
            true,
            "Authelia's consent_mode defaults to auto, which asks the user for consent",
        ),
    }
}

/// The client's own switches first (`require_pkce`, `pkce_challenge_method`), then the provider's
/// `enforce_pkce` policy.
fn pkce(at: &Cursor, p: &Cursor, public: bool, c: &mut Client) {
    let method = string(at, "pkce_challenge_method").filter(|m| !m.value.is_empty());
    let own = boolean(at, "require_pkce").filter(|f| f.value).or_else(|| {
        // A challenge method "effectively enables require_pkce" (clients.md).
        method.as_ref().map(|m| Field::new(true, m.origin.clone()))
    });
    let policy = string(p, "enforce_pkce").map(server).unwrap_or(default(
        "public_clients_only".into(),
        "Authelia's enforce_pkce defaults to public_clients_only",
    ));
    let by_policy = match policy.value.as_str() {
        "always" => Some(true),
        "public_clients_only" => Some(public),
        "never" => Some(false),
        _ => None, // Authelia rejects other values
    };
    c.pkce.required = match (own, by_policy) {
        (Some(own), _) => Some(own),
        (None, Some(true)) => Some(Field::new(true, policy.origin.clone())),
        // Not required: point at the client's own `require_pkce: false` when it says so.
        (None, Some(false)) => Some(boolean(at, "require_pkce").unwrap_or(Field::new(false, policy.origin.clone()))),
        (None, None) => None,
    };
    if let Some(m) = method {
        c.pkce.methods = pkce_method(&m.value).map(|pm| Field::new(vec![pm], m.origin.clone()));
        c.pkce.written.push(m);
        return;
    }
    if c.pkce.required.as_ref().is_some_and(|r| r.value) {
        // Without a per-client method, `plain` is accepted only when the provider enables it.
        c.pkce.methods = Some(match boolean(p, "enable_pkce_plain_challenge").map(server) {
            Some(f) if f.value => Field::new(vec![PkceMethod::S256, PkceMethod::Plain], f.origin),
            Some(f) => Field::new(vec![PkceMethod::S256], f.origin),
            None => default(
                vec![PkceMethod::S256],
                "Authelia accepts plain PKCE only with enable_pkce_plain_challenge",
            ),
        });
    }
}

/// Token lifetimes: the client's named custom lifespan, else the provider's lifespans, else
/// Authelia's defaults.
fn tokens(at: &Cursor, p: &Cursor) -> Tokens {
    let lifespans = p.get("lifespans");
    let custom = string(at, "lifespan").and_then(|name| lifespans.as_ref()?.path(&["custom", &name.value]));
    let read = |key: &str, default_secs: u64, why: &'static str| {
        custom
            .as_ref()
            .and_then(|c| lifetime(c, key))
            .or_else(|| lifespans.as_ref().and_then(|l| lifetime(l, key)))
            .map(server)
            .unwrap_or(default(Lifetime::Seconds(default_secs), why))
    };
    Tokens {
        access_token_lifetime: Some(read(
            "access_token",
            3600,
            "Authelia's access_token lifespan defaults to 1h",
        )),
        id_token_lifetime: Some(read("id_token", 3600, "Authelia's id_token lifespan defaults to 1h")),
        authorization_code_lifetime: Some(read(
            "authorize_code",
            60,
            "Authelia's authorize_code lifespan defaults to 1m",
        )),
        refresh_absolute_lifetime: Some(read(
            "refresh_token",
            5400,
            "Authelia's refresh_token lifespan defaults to 90m",
        )),
        ..Tokens::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;

    fn clients(text: &str) -> Vec<Client> {
        testing::read(&FORMAT, text, Syntax::Yaml)
    }
    use crate::model::{Origin, SecretKind};

    const CONFIG: &str = "identity_providers:
  oidc:
    hmac_secret: '{{ env \"HMAC\" }}'
    clients:
      - client_id: 'spa'
        public: true
        redirect_uris: ['https://app.example.com/cb']
      - client_id: 'web'
        client_secret: '$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR'
        consent_mode: implicit
        scopes: [openid, offline_access]
        grant_types: [authorization_code, refresh_token]
        access_token_signed_response_alg: 'none'
        id_token_signed_response_alg: 'RS256'
      - id: legacy
        secret: '{{ env \"CLIENT_SECRET\" }}'
        description: Old
        redirect_uris:
          - https://cloud.{{ env \"DOMAIN\" }}/cb
";

    #[test]
    fn clients_with_defaults_and_legacy_names() {
        let cs = clients(CONFIG);
        assert_eq!(cs.len(), 3);
        let spa = &cs[0];
        assert!(spa.public.as_ref().unwrap().value);
        assert_eq!(spa.auth_method.as_ref().unwrap().value, "none");
        assert!(spa.auth_method.as_ref().unwrap().origin.is_default());
        // The default `public_clients_only` policy enforces PKCE with S256 on the public client.
        assert!(spa.pkce.required.as_ref().unwrap().value);
        assert!(spa.pkce.required.as_ref().unwrap().origin.is_default());
        assert_eq!(spa.pkce.methods.as_ref().unwrap().value, [PkceMethod::S256]);
        assert_eq!(spa.scope.as_ref().unwrap().value, "openid groups profile email");

        let web = &cs[1];
        assert_eq!(web.secret.as_ref().unwrap().kind, SecretKind::Hashed);
        assert_eq!(web.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(!web.pkce.required.as_ref().unwrap().value);
        assert!(!web.consent_required.as_ref().unwrap().value);
        assert_eq!(web.scope.as_ref().unwrap().value, "openid offline_access");
        assert!(web.has_grant(&Grant::RefreshToken));
        // `none` for access tokens means opaque tokens, not an unsigned JWT.
        let params: Vec<&str> = web.algs.iter().map(|a| a.param).collect();
        assert_eq!(params, ["id_token_signed_response_alg"]);

        let legacy = &cs[2];
        assert_eq!(legacy.id.as_ref().unwrap().value, "legacy");
        assert_eq!(legacy.name.as_deref(), Some("Old"));
        assert_eq!(legacy.secret.as_ref().unwrap().kind, SecretKind::Placeholder);
        assert_eq!(
            legacy.redirect_uris.as_ref().unwrap().items[0].value,
            "https://cloud.{{ env \"DOMAIN\" }}/cb"
        );
        assert_eq!(legacy.pointer.as_str(), "/identity_providers/oidc/clients/2");
    }

    #[test]
    fn provider_policy_is_server_context() {
        let text = CONFIG.replace(
            "    clients:",
            "    enforce_pkce: always\n    enable_pkce_plain_challenge: true\n    lifespans:\n      access_token: 2h\n      custom:\n        long:\n          refresh_token: 30d\n    clients:",
        );
        let text = text.replace("        consent_mode: implicit", "        lifespan: long");
        let cs = clients(&text);
        let web = &cs[1];
        let req = web.pkce.required.as_ref().unwrap();
        assert!(req.value);
        assert!(matches!(req.origin, Origin::Server { .. }));
        assert_eq!(
            web.pkce.methods.as_ref().unwrap().value,
            [PkceMethod::S256, PkceMethod::Plain]
        );
        assert_eq!(
            web.tokens.access_token_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(7200)
        );
        let refresh = web.tokens.refresh_absolute_lifetime.as_ref().unwrap();
        assert_eq!(refresh.value, Lifetime::Seconds(30 * 86_400));
        assert!(matches!(refresh.origin, Origin::Server { .. }));
        // Other clients keep the provider-wide refresh lifespan (the default here).
        assert!(cs[0]
            .tokens
            .refresh_absolute_lifetime
            .as_ref()
            .unwrap()
            .origin
            .is_default());

        let never = CONFIG.replace("    clients:", "    enforce_pkce: never\n    clients:");
        let spa = &clients(&never)[0];
        assert!(!spa.pkce.required.as_ref().unwrap().value);
    }

    #[test]
    fn own_pkce_switches_win() {
        let text = "identity_providers:\n  oidc:\n    enforce_pkce: never\n    clients:\n      - client_id: a\n        pkce_challenge_method: plain\n      - client_id: b\n        public: true\n        require_pkce: false\n";
        let cs = clients(text);
        assert!(cs[0].pkce.required.as_ref().unwrap().value);
        assert_eq!(cs[0].pkce.methods.as_ref().unwrap().value, [PkceMethod::Plain]);
        let Origin::File { pointer, .. } = &cs[1].pkce.required.as_ref().unwrap().origin else {
            panic!("expected the client's own require_pkce")
        };
        assert_eq!(pointer.as_str(), "/identity_providers/oidc/clients/1/require_pkce");
    }

    #[test]
    fn encryption_settings_and_fetched_uris() {
        let text = "identity_providers:\n  oidc:\n    clients:\n      - client_id: a\n        id_token_encrypted_response_alg: RSA-OAEP-256\n        id_token_encrypted_response_enc: A256GCM\n        userinfo_encrypted_response_alg: none\n        userinfo_encrypted_response_enc: A128CBC-HS256\n        access_token_encrypted_response_enc: A128CBC-HS256\n        sector_identifier_uri: https://a.example.com/sector.json\n        request_uris: [https://a.example.com/r1, https://a.example.com/r2]\n";
        let c = &clients(text)[0];
        // `none` means "not encrypted", and an `enc` alone is Authelia's default, not a choice.
        let algs: Vec<(&str, &str)> = c.algs.iter().map(|a| (a.param, a.value.value.as_str())).collect();
        assert_eq!(
            algs,
            [
                ("id_token_encrypted_response_alg", "RSA-OAEP-256"),
                ("id_token_encrypted_response_enc", "A256GCM"),
            ]
        );
        let uris: Vec<(&str, &str)> = c.uris.iter().map(|p| (p.param, p.value.value.as_str())).collect();
        assert_eq!(
            uris,
            [
                ("sector_identifier_uri", "https://a.example.com/sector.json"),
                ("request_uris", "https://a.example.com/r1"),
                ("request_uris", "https://a.example.com/r2"),
            ]
        );
    }

    #[test]
    fn other_yaml_is_left_alone() {
        for other in [
            "identity_providers:\n  oidc:\n    hmac_secret: x\n",
            "identity_providers:\n  oidc:\n    clients: []\n",
            "clients:\n  - client_id: x\n",
        ] {
            assert!(!testing::detects(&FORMAT, other, Syntax::Yaml), "{other}");
        }
    }
}
