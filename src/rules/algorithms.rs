//! Category G: JOSE algorithms (RFC 7518, RFC 8725, OIDC Reg §2). The key-set rules are in
//! `keys.rs`.

use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::model::{Alg, Client, Field, SECRET_AUTH_METHODS};

pub const RULES: &[(&str, Check)] = &[
    ("alg-none", Check::Client(alg_none)),
    (
        "symmetric-alg-public-client",
        Check::Client(symmetric_alg_public_client),
    ),
    (
        "deprecated-key-encryption-alg",
        Check::Client(deprecated_key_encryption_alg),
    ),
    ("unknown-jose-alg", Check::Client(unknown_jose_alg)),
    (
        "encryption-without-key-material",
        Check::Client(encryption_without_key_material),
    ),
];

/// What a setting holds: a JWS `alg`, a JWE key-management `alg`, or a JWE content `enc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Sign,
    KeyManagement,
    Content,
}

impl Slot {
    pub(super) fn of(param: &str) -> Slot {
        if param.ends_with("_enc") {
            Slot::Content
        } else if param.contains("encrypted_response_alg") || param.ends_with("encryption_alg") {
            Slot::KeyManagement
        } else {
            Slot::Sign
        }
    }
    /// The slot a registered value belongs to, if any.
    pub(super) fn of_value(v: &str) -> Option<Slot> {
        [Slot::Sign, Slot::KeyManagement, Slot::Content]
            .into_iter()
            .find(|s| registered(*s).contains(&v))
    }
}

/// The IANA "JSON Web Signature and Encryption Algorithms" registry (RFC 7518 §3.1, §4.1, §5.1;
/// RFC 8037, RFC 8812, RFC 9864), by slot.
const JWS: [&str; 17] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512",
    "EdDSA", "Ed25519", "Ed448", "ES256K", "none",
];
const JWE_ALG: [&str; 19] = [
    "RSA1_5",
    "RSA-OAEP",
    "RSA-OAEP-256",
    "RSA-OAEP-384",
    "RSA-OAEP-512",
    "A128KW",
    "A192KW",
    "A256KW",
    "dir",
    "ECDH-ES",
    "ECDH-ES+A128KW",
    "ECDH-ES+A192KW",
    "ECDH-ES+A256KW",
    "A128GCMKW",
    "A192GCMKW",
    "A256GCMKW",
    "PBES2-HS256+A128KW",
    "PBES2-HS384+A192KW",
    "PBES2-HS512+A256KW",
];
const JWE_ENC: [&str; 6] = [
    "A128CBC-HS256",
    "A192CBC-HS384",
    "A256CBC-HS512",
    "A128GCM",
    "A192GCM",
    "A256GCM",
];

fn registered(slot: Slot) -> &'static [&'static str] {
    match slot {
        Slot::Sign => &JWS,
        Slot::KeyManagement => &JWE_ALG,
        Slot::Content => &JWE_ENC,
    }
}

/// A vendor's value for request objects meaning "whatever the client signs with": not an algorithm.
fn vendor_wildcard(c: &Client, a: &Alg) -> bool {
    a.param == "request_object_signing_alg" && c.vendor.request_object_alg_wildcard == Some(a.value.value.as_str())
}

/// JWE key-management algorithms whose key is derived from the client secret (OIDC Core §10.2).
pub(super) fn symmetric_key_management(alg: &str) -> bool {
    alg == "dir" || alg.starts_with("PBES2-") || (alg.starts_with('A') && alg.ends_with("KW"))
}

/// JWE key-management algorithms that encrypt to the recipient's public key.
fn asymmetric_key_management(alg: &str) -> bool {
    alg.starts_with("RSA") || alg.starts_with("ECDH-ES")
}

fn hmac(alg: &str) -> bool {
    matches!(alg, "HS256" | "HS384" | "HS512")
}

/// The client's settings in `slot`.
fn in_slot(c: &Client, slot: Slot) -> impl Iterator<Item = &Alg> {
    c.algs.iter().filter(move |a| Slot::of(a.param) == slot)
}

/// `none` where a signature is required (OIDC Reg §2, OIDC Core §2, RFC 9101, RFC 7523, JARM).
fn alg_none(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    for a in in_slot(c, Slot::Sign).filter(|a| a.value.value == "none") {
        let (severity, why) = none_severity(c, a.param);
        out.push(
            Finding::on(
                "alg-none",
                c,
                &a.value.origin,
                format!("`{}` is `none`: {why}", a.param),
            )
            .severity(severity)
            .label("unsigned")
            .help("name a signing algorithm such as `ES256` or `PS256`, or remove the setting to get the server's default"),
        );
    }
}

fn none_severity(c: &Client, param: &str) -> (Severity, &'static str) {
    match param {
        "token_endpoint_auth_signing_alg" => (
            Severity::Error,
            "an unsigned client assertion authenticates nobody, so anyone can act as this client",
        ),
        "authorization_signed_response_alg" => (
            Severity::Error,
            "JARM responses must be signed, and an unsigned one can be forged in the browser",
        ),
        "request_object_signing_alg" if c.signed_request_required.as_ref().is_some_and(|r| r.value) => (
            Severity::Error,
            "signed request objects are required, and an unsigned one lets anyone rewrite the request",
        ),
        "id_token_signed_response_alg" if front_channel_id_token(c) => (
            Severity::Error,
            "ID tokens returned from the authorization endpoint must be signed, or anyone can log in as anyone",
        ),
        _ => (
            Severity::Warning,
            "whatever trusts this unsigned JWT can be fed one written by anyone",
        ),
    }
}

/// Whether the authorization endpoint returns ID tokens to this client (a response type with
/// `id_token`, or Keycloak's implicit switch, which has no response types).
fn front_channel_id_token(c: &Client) -> bool {
    match &c.response_types {
        Some(rts) => rts.iter().any(|r| r.value.id_token),
        None => c.has_grant(&crate::model::Grant::Implicit),
    }
}

/// HMAC signatures or symmetric encryption on a public client (OIDC Core §10.1, §10.2).
fn symmetric_alg_public_client(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let stated = super::types::stated_public(c);
    if stated.is_none() && !cx.inference.is_public() {
        return;
    }
    let symmetric = c.algs.iter().filter(|a| match Slot::of(a.param) {
        Slot::Sign => hmac(&a.value.value),
        Slot::KeyManagement => symmetric_key_management(&a.value.value),
        Slot::Content => false,
    });
    for a in symmetric {
        let what = if Slot::of(a.param) == Slot::Sign {
            "an HMAC signature"
        } else {
            "symmetric encryption"
        };
        let f = Finding::on(
            "symmetric-alg-public-client",
            c,
            &a.value.origin,
            format!(
                "`{}` is `{}`, {what} keyed with the client secret, on a public client that cannot keep one",
                a.param, a.value.value
            ),
        )
        .label("symmetric")
        .help("use an asymmetric algorithm (`ES256`, `PS256`; `ECDH-ES` or `RSA-OAEP-256` for encryption)");
        out.push(match stated {
            Some((at, _)) => f.related(at, "public here"),
            None => f.type_dependent(),
        });
    }
}

/// RSAES-PKCS1-v1_5 key encryption (RFC 8725 §3.2, JOSE-deprec).
fn deprecated_key_encryption_alg(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    for a in in_slot(c, Slot::KeyManagement).filter(|a| a.value.value == "RSA1_5") {
        out.push(
            Finding::on(
                "deprecated-key-encryption-alg",
                c,
                &a.value.origin,
                format!(
                    "`{}` is `RSA1_5`, RSAES-PKCS1-v1_5, which padding-oracle attacks can break",
                    a.param
                ),
            )
            .label("deprecated")
            .help("use `RSA-OAEP-256` (or `ECDH-ES` with an EC key)"),
        );
    }
}

/// A value outside the IANA registry for its slot (RFC 7518 §3.1, §4.1, §5.1; RFC 7515 §4.1.1).
fn unknown_jose_alg(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    for a in &c.algs {
        let v = a.value.value.trim();
        let slot = Slot::of(a.param);
        if vendor_wildcard(c, a) || cx.placeholder(v) {
            continue;
        }
        if slot == Slot::Sign && v == "EdDSA" {
            out.push(
                Finding::on(
                    "unknown-jose-alg",
                    c,
                    &a.value.origin,
                    format!(
                        "`{}` is `EdDSA`, which RFC 9864 deprecates: it does not say which curve",
                        a.param
                    ),
                )
                .severity(Severity::Note)
                .label("not fully specified")
                .help("use `Ed25519` (or `Ed448`)"),
            );
            continue;
        }
        if registered(slot).contains(&v) {
            continue;
        }
        out.push(
            Finding::on(
                "unknown-jose-alg",
                c,
                &a.value.origin,
                format!("`{}` is `{v}`, {}", a.param, why_unknown(slot, v)),
            )
            .severity(Severity::Error)
            .label("not a registered algorithm here")
            .help(help_unknown(slot, v)),
        );
    }
}

/// The registered value `v` miswrites the case of, in `slot`.
fn case_fix(slot: Slot, v: &str) -> Option<&'static str> {
    registered(slot).iter().copied().find(|r| r.eq_ignore_ascii_case(v))
}

fn why_unknown(slot: Slot, v: &str) -> String {
    let slot_name = |s: Slot| match s {
        Slot::Sign => "a signature (JWS) algorithm",
        Slot::KeyManagement => "a key-management (JWE `alg`) algorithm",
        Slot::Content => "a content-encryption (JWE `enc`) algorithm",
    };
    if case_fix(slot, v).is_some() {
        return "but algorithm names are case-sensitive".into();
    }
    match Slot::of_value(v) {
        Some(other) => format!("{}, in a setting that takes {}", slot_name(other), slot_name(slot)),
        None => format!("which is not {} in the IANA JOSE registry", slot_name(slot)),
    }
}

fn help_unknown(slot: Slot, v: &str) -> String {
    if let Some(fix) = case_fix(slot, v) {
        return format!("write `{fix}`");
    }
    match slot {
        Slot::Sign => "use a registered JWS algorithm such as `ES256`, `PS256` or `RS256`".into(),
        Slot::KeyManagement => "use a registered key-management algorithm such as `RSA-OAEP-256` or `ECDH-ES`".into(),
        Slot::Content => "use a registered content-encryption algorithm such as `A256GCM`".into(),
    }
}

/// Encrypted responses the server cannot produce (OIDC Reg §2, OIDC Core §10.2).
fn encryption_without_key_material(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let rule = "encryption-without-key-material";
    // (a) `*_enc` needs its `*_alg`.
    for enc in in_slot(c, Slot::Content) {
        let alg_param = format!("{}_alg", enc.param.trim_end_matches("_enc"));
        if c.algs.iter().any(|a| a.param == alg_param) {
            continue;
        }
        out.push(
            Finding::on(
                rule,
                c,
                &enc.value.origin,
                format!("`{}` is set but `{alg_param}` is not", enc.param),
            )
            .label("no key-management algorithm")
            .help(format!(
                "set `{alg_param}` too (for example `RSA-OAEP-256`), or remove `{}`",
                enc.param
            )),
        );
    }
    // Request objects are encrypted by the client to the server's keys: not this client's.
    let responses = in_slot(c, Slot::KeyManagement).filter(|a| !a.param.starts_with("request_object"));
    for a in responses {
        let v = a.value.value.as_str();
        // (b) Public-key encryption to a client that registered no encryption key.
        if asymmetric_key_management(v) && c.jwks_uri.is_none() && !jwks_may_encrypt(c, v) {
            let which = if c.jwks.is_some() {
                "the registered `jwks` has no key for it"
            } else {
                "neither `jwks` nor `jwks_uri` is registered"
            };
            out.push(
                Finding::on(rule, c, &a.value.origin, format!("`{}` is `{v}`, but {which}", a.param))
                    .label("no key to encrypt to")
                    .help("register the client's encryption key (`use: enc`) in `jwks_uri` or `jwks`"),
            );
        }
        // (c) Secret-derived encryption on a client known to have no secret.
        if symmetric_key_management(v) && no_secret(c) {
            out.push(
                Finding::on(
                    rule,
                    c,
                    &a.value.origin,
                    format!(
                        "`{}` is `{v}`, which derives its key from the client secret, but the client has none",
                        a.param
                    ),
                )
                .label("no secret to derive a key from")
                .help("use an asymmetric algorithm (`ECDH-ES`, `RSA-OAEP-256`) with a registered key"),
            );
        }
    }
}

/// Whether the inline key set may hold a key for `alg`: unread material (a certificate) may, and so
/// may any key not marked `use: sig` whose type fits.
fn jwks_may_encrypt(c: &Client, alg: &str) -> bool {
    let Some(set) = &c.jwks else { return false };
    if set.value.keys.is_empty() {
        return true;
    }
    let fits = |kty: &str| {
        if alg.starts_with("RSA") {
            kty == "RSA"
        } else {
            kty == "EC" || kty == "OKP"
        }
    };
    set.value
        .keys
        .iter()
        .any(|k| k.key_use.as_ref().is_none_or(|u| u.value != "sig") && k.kty.as_ref().is_none_or(|t| fits(&t.value)))
}

/// The file says how the client authenticates, and it is not with a secret, and it has none.
fn no_secret(c: &Client) -> bool {
    c.secret.is_none()
        && c.auth_method
            .as_ref()
            .is_some_and(|m| !SECRET_AUTH_METHODS.contains(&m.value.as_str()))
}

/// The shortest client secret that is a strong enough HMAC key for this client, and the setting
/// that makes it one: 32, 48 or 64 octets for HS256, HS384, HS512 (RFC 7518 §3.2, OIDC Core
/// §16.19), 32 for `client_secret_jwt` without an algorithm (its default is HS256). `None` when the
/// secret is not used as an HMAC key. For `weak-client-secret`: compare with the secret's UTF-8
/// length.
pub fn hmac_key_minimum(c: &Client) -> Option<(usize, &Field<String>)> {
    let strongest = in_slot(c, Slot::Sign)
        .filter_map(|a| {
            let octets = match a.value.value.as_str() {
                "HS256" => 32,
                "HS384" => 48,
                "HS512" => 64,
                _ => return None,
            };
            Some((octets, &a.value))
        })
        .max_by_key(|(octets, _)| *octets);
    strongest.or_else(|| {
        let m = c.auth_method.as_ref().filter(|m| m.value == "client_secret_jwt")?;
        Some((32, m))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn findings(rule: &str, json: &str) -> Vec<(Severity, String)> {
        crate::rules::findings_of(rule, "t.json", json, false)
    }

    const WEB: &str = r#""client_id": "c", "redirect_uris": ["https://app.example.com/cb"], "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://app.example.com/jwks""#;

    #[test]
    fn slots_follow_the_parameter_names() {
        assert_eq!(Slot::of("id_token_signed_response_alg"), Slot::Sign);
        assert_eq!(Slot::of("id_token_encrypted_response_alg"), Slot::KeyManagement);
        assert_eq!(Slot::of("request_object_encryption_alg"), Slot::KeyManagement);
        assert_eq!(Slot::of("userinfo_encrypted_response_enc"), Slot::Content);
    }

    #[test]
    fn none_is_an_error_where_a_signature_is_required() {
        let with = |extra: &str| findings("alg-none", &format!("{{{WEB}, {extra}}}"));
        assert_eq!(
            with(r#""token_endpoint_auth_signing_alg": "none""#),
            [(Severity::Error, "/token_endpoint_auth_signing_alg".into())]
        );
        // Code flow only: the ID token comes from the token endpoint over TLS.
        assert_eq!(
            with(r#""id_token_signed_response_alg": "none", "response_types": ["code"]"#),
            [(Severity::Warning, "/id_token_signed_response_alg".into())]
        );
        assert_eq!(
            with(
                r#""id_token_signed_response_alg": "none", "response_types": ["code id_token"], "grant_types": ["authorization_code", "implicit"]"#
            ),
            [(Severity::Error, "/id_token_signed_response_alg".into())]
        );
        assert!(with(r#""id_token_signed_response_alg": "RS256""#).is_empty());
        assert_eq!(
            with(r#""request_object_signing_alg": "none""#),
            [(Severity::Warning, "/request_object_signing_alg".into())]
        );
        assert_eq!(
            with(r#""request_object_signing_alg": "none", "require_signed_request_object": true"#),
            [(Severity::Error, "/request_object_signing_alg".into())]
        );
    }

    #[test]
    fn unknown_algorithms_name_their_slot() {
        let with = |extra: &str| findings("unknown-jose-alg", &format!("{{{WEB}, {extra}}}"));
        assert_eq!(with(r#""id_token_signed_response_alg": "rs256""#).len(), 1);
        assert_eq!(with(r#""id_token_encrypted_response_alg": "RS256""#).len(), 1);
        assert_eq!(with(r#""id_token_encrypted_response_alg": "A256GCM""#).len(), 1);
        assert_eq!(
            with(r#""id_token_signed_response_alg": "EdDSA""#),
            [(Severity::Note, "/id_token_signed_response_alg".into())]
        );
        assert!(with(
            r#""id_token_encrypted_response_alg": "ECDH-ES+A256KW", "id_token_encrypted_response_enc": "A256GCM""#
        )
        .is_empty());
    }

    #[test]
    fn encryption_needs_a_key_to_encrypt_to() {
        let m2m = r#""client_id": "c", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt""#;
        let with = |extra: &str| findings("encryption-without-key-material", &format!("{{{m2m}, {extra}}}"));
        assert_eq!(with(r#""userinfo_encrypted_response_enc": "A256GCM""#).len(), 1);
        assert_eq!(with(r#""userinfo_encrypted_response_alg": "RSA-OAEP-256""#).len(), 1);
        assert!(
            with(r#""userinfo_encrypted_response_alg": "RSA-OAEP-256", "jwks_uri": "https://a.example.com/jwks""#)
                .is_empty()
        );
        // Only signing keys registered.
        let sig_only = r#""jwks": {"keys": [{"kty": "RSA", "use": "sig", "n": "AQAB", "e": "AQAB"}]}"#;
        assert_eq!(
            with(&format!(r#""userinfo_encrypted_response_alg": "RSA-OAEP", {sig_only}"#)).len(),
            1
        );
        // A secret-derived key without a secret; with one it is fine.
        assert_eq!(with(r#""userinfo_encrypted_response_alg": "A128KW""#).len(), 1);
        let basic = r#""client_id": "c", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_basic""#;
        assert!(findings(
            "encryption-without-key-material",
            &format!(r#"{{{basic}, "userinfo_encrypted_response_alg": "A128KW"}}"#)
        )
        .is_empty());
    }

    #[test]
    fn hmac_minimum_follows_the_strongest_hash() {
        let client = |json: &str| {
            let d = crate::document::parse(&std::sync::Arc::<str>::from(json), crate::document::Syntax::Json).unwrap();
            let f = crate::formats::detect(&d, std::path::Path::new("t.json")).unwrap();
            let first = f.clients(&d, std::path::Path::new("t.json")).next(&d).unwrap();
            first
        };
        let c = client(
            r#"{"client_id": "c", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_jwt"}"#,
        );
        assert_eq!(
            hmac_key_minimum(&c).map(|(n, f)| (n, f.value.clone())),
            Some((32, "client_secret_jwt".into()))
        );
        let c = client(
            r#"{"client_id": "c", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "client_secret_jwt", "token_endpoint_auth_signing_alg": "HS256", "id_token_signed_response_alg": "HS512"}"#,
        );
        assert_eq!(
            hmac_key_minimum(&c).map(|(n, f)| (n, f.value.clone())),
            Some((64, "HS512".into()))
        );
        let c = client(
            r#"{"client_id": "c", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt"}"#,
        );
        assert!(hmac_key_minimum(&c).is_none());
    }
}
