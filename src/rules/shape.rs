//! Category H: the shape of registered metadata — values whose JSON type the specification does not
//! allow, which servers refuse or silently read as something else.

use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::model::{Client, Field, Jwk, List, Origin};

pub const RULES: &[(&str, Check)] = &[("metadata-shape", Check::Client(metadata_shape))];

const RULE: &str = "metadata-shape";

fn metadata_shape(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    commented_items(c, out);
    if c.vendor.metadata_lists_are_arrays {
        strings_for_arrays(c, out);
    }
    bare_jwks_array(c, out);
    signing_alg_without_key(c, out);
}

/// YAML list items that YAML reads as comments: an empty item is null, so the URI it was meant to
/// hold is not registered and nothing says so.
fn commented_items(c: &Client, out: &mut Vec<Finding>) {
    for item in &c.commented_items {
        let (message, severity) = if item.keyword {
            (
                "this unquoted `##KEY##` keyword starts with `#`, so YAML reads it as a comment: only a tool that replaces it in the text before parsing (auth0-deploy-cli, when the keyword is mapped) sees a value, and every other reader an empty (null) item",
                Severity::Warning,
            )
        } else {
            (
                "this list item is empty (null): unquoted, its text starts with `#`, which YAML reads as a comment, so the value meant here is not registered",
                Severity::Error,
            )
        };
        out.push(
            Finding::on(RULE, c, &Origin::file(item.pointer.clone(), item.span), message)
                .severity(severity)
                .label("a comment to YAML")
                .help("quote the value (`- \"##FRONTEND_URL##\"`): a keyword inside quotes is replaced all the same"),
        );
    }
}

/// RFC 7591 §2 list members written as one string: the format's reader made a one-item list of it,
/// at the member itself.
fn strings_for_arrays(c: &Client, out: &mut Vec<Finding>) {
    let lists = [
        ("redirect_uris", c.redirect_uris.as_ref().map(|l| one_string(l))),
        ("response_types", c.response_types.as_ref().map(|l| one_string(l))),
        ("grant_types", c.grants.as_ref().map(|l| one_string(l))),
        (
            "post_logout_redirect_uris",
            c.post_logout_redirect_uris.as_ref().map(|l| one_string(l)),
        ),
    ];
    for (member, written) in lists {
        let Some(Some(origin)) = written else { continue };
        out.push(
            Finding::on(
                RULE,
                c,
                origin,
                format!("`{member}` is a string, but RFC 7591 registers it as an array of strings: servers refuse the registration or read no `{member}` at all"),
            )
            .label("a string, not an array")
            .help(format!("write `\"{member}\": [ … ]`, one string per value")),
        );
    }
}

/// Where the list is one string written in place of the array: its only item is the list itself,
/// in the file (a format's default list is written nowhere).
fn one_string<T>(list: &List<T>) -> Option<&Origin> {
    match list.items.as_slice() {
        [only] if only.origin == list.origin && !list.origin.is_default() => Some(&list.origin),
        _ => None,
    }
}

/// `jwks` as a bare array of keys, not a JWK Set.
fn bare_jwks_array(c: &Client, out: &mut Vec<Finding>) {
    let Some(jwks) = c.jwks.as_ref().filter(|j| j.value.bare_array) else {
        return;
    };
    out.push(
        Finding::on(
            RULE,
            c,
            &jwks.origin,
            format!(
                "`jwks` is a bare array of keys ({}), not a JWK Set: RFC 7591 §2 registers `{{\"keys\": [ … ]}}`, and servers refuse the bare array or find no keys in it",
                jwks.value.keys.len()
            ),
        )
        .label("not a JWK Set")
        .help("wrap the keys: `\"jwks\": {\"keys\": [ … ]}`"),
    );
}

/// `token_endpoint_auth_signing_alg` that none of the keys registered by value can produce: the
/// server verifies the client's assertions with those keys, so every assertion fails.
fn signing_alg_without_key(c: &Client, out: &mut Vec<Finding>) {
    let Some(alg) = c.algs.iter().find(|a| a.param == "token_endpoint_auth_signing_alg") else {
        return;
    };
    let Some(needs) = key_for(&alg.value.value) else {
        return; // HMAC, `none`, a placeholder or an unknown name: other rules judge those
    };
    let Some(jwks) = c.jwks.as_ref().filter(|j| !j.value.keys.is_empty()) else {
        return;
    };
    let signing: Vec<&Jwk> = jwks
        .value
        .keys
        .iter()
        .filter(|k| k.key_use.as_ref().is_none_or(|u| u.value != "enc"))
        .collect();
    // A key whose type is not written could be anything: judge only keys that say what they are.
    if signing.iter().any(|k| k.kty.is_none() || fits(k, needs)) {
        return;
    }
    let kinds: Vec<String> = jwks.value.keys.iter().map(describe).collect();
    out.push(
        Finding::on(
            RULE,
            c,
            &alg.value.origin,
            format!(
                "`token_endpoint_auth_signing_alg` is `{}`, which needs {}, but the registered keys are {}: the server cannot verify any assertion the client signs",
                alg.value.value,
                needs.describe(),
                kinds.join(", ")
            ),
        )
        .label("no registered key can produce this")
        .related(&jwks.origin, "the registered keys")
        .help("register the client's signing key for this algorithm, or name the algorithm its key uses"),
    );
}

/// The key an asymmetric JOSE algorithm signs with (RFC 7518 §3.1, RFC 8037 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyNeed {
    Rsa,
    Ec(&'static str),
    Okp,
}

impl KeyNeed {
    fn describe(self) -> String {
        match self {
            KeyNeed::Rsa => "an RSA key".into(),
            KeyNeed::Ec(crv) => format!("an EC key on {crv}"),
            KeyNeed::Okp => "an OKP (Ed25519 or Ed448) key".into(),
        }
    }
}

fn key_for(alg: &str) -> Option<KeyNeed> {
    Some(match alg {
        "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512" => KeyNeed::Rsa,
        "ES256" => KeyNeed::Ec("P-256"),
        "ES384" => KeyNeed::Ec("P-384"),
        "ES512" => KeyNeed::Ec("P-521"),
        "ES256K" => KeyNeed::Ec("secp256k1"),
        "EdDSA" | "Ed25519" | "Ed448" => KeyNeed::Okp,
        _ => return None,
    })
}

fn fits(key: &Jwk, needs: KeyNeed) -> bool {
    let kty = key.kty.as_ref().map(|k| k.value.as_str());
    let crv = key.crv.as_ref().map(|c| c.value.as_str());
    match needs {
        KeyNeed::Rsa => kty == Some("RSA"),
        // A curve that is not written cannot be ruled out.
        KeyNeed::Ec(curve) => kty == Some("EC") && crv.is_none_or(|c| c == curve),
        KeyNeed::Okp => kty == Some("OKP"),
    }
}

fn describe(key: &Jwk) -> String {
    let field = |f: &Option<Field<String>>| f.as_ref().map(|v| v.value.clone());
    let usage = key
        .key_use
        .as_ref()
        .filter(|u| u.value == "enc")
        .map(|_| " (for encryption)");
    match (field(&key.kty), field(&key.crv)) {
        (Some(kty), Some(crv)) => format!("{kty} {crv}{}", usage.unwrap_or("")),
        (Some(kty), None) => format!("{kty}{}", usage.unwrap_or("")),
        _ => "a key without `kty`".into(),
    }
}
