//! Category G, the key-set rules: what an inline `jwks` holds (OIDC Reg §2, RFC 7518 §6).

use super::algorithms::Slot;
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::model::{Client, Jwk, X5c};
use std::collections::HashMap;

pub const RULES: &[(&str, Check)] = &[
    ("jwks-private-key", Check::Client(jwks_private_key)),
    ("weak-jwk", Check::Client(weak_jwk)),
    ("jwks-key-hygiene", Check::Client(jwks_key_hygiene)),
];

fn keys(c: &Client) -> &[Jwk] {
    c.jwks.as_ref().map_or(&[], |s| s.value.keys.as_slice())
}

/// Private or symmetric key material in the registered key set (OIDC Reg §2: MUST NOT).
fn jwks_private_key(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    for k in keys(c) {
        let oct = k.kty.as_ref().filter(|t| t.value == "oct");
        let (origin, what) = match (k.private.first(), oct) {
            (Some(m), _) if m.value == "k" => (&m.origin, "a symmetric key value (`k`)".to_string()),
            // A PEM key, named by its label (`formats::jwk::pem_keys`).
            (Some(m), _) if m.value.ends_with("PRIVATE KEY") => {
                (&m.origin, format!("a private key (`-----BEGIN {}-----`)", m.value))
            }
            (Some(m), _) => {
                let names: Vec<String> = k.private.iter().map(|p| format!("`{}`", p.value)).collect();
                (&m.origin, format!("private key members ({})", names.join(", ")))
            }
            (None, Some(t)) => (&t.origin, "a symmetric key (`kty: oct`)".to_string()),
            (None, None) => continue,
        };
        out.push(
            Finding::on(
                "jwks-private-key",
                c,
                origin,
                format!("the registered key set holds {what}: everyone who can read the registration has the key"),
            )
            .label("private key material")
            .related(&k.origin, "in this key")
            .help("register only the public key (for RSA `kty`, `n`, `e`; for EC `kty`, `crv`, `x`, `y`; in PEM, `-----BEGIN PUBLIC KEY-----`), and rotate the exposed key"),
        );
    }
}

const EC_CURVES: [&str; 4] = ["P-256", "P-384", "P-521", "secp256k1"];
const OKP_CURVES: [&str; 4] = ["Ed25519", "Ed448", "X25519", "X448"];

/// Short RSA moduli, unregistered curves, unusual exponents (RFC 7518 §3.3, §6.2.1.1, §6.3.1).
fn weak_jwk(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    for k in keys(c) {
        let kty = k.kty.as_ref().map(|t| t.value.as_str());
        let curves: &[&str] = match kty {
            Some("EC") => &EC_CURVES,
            Some("OKP") => &OKP_CURVES,
            _ => &[],
        };
        let short = k
            .rsa_bits
            .as_ref()
            .filter(|b| kty == Some("RSA") && b.value < 2048)
            .map(|b| {
                (
                    &b.origin,
                    Severity::Error,
                    format!("RSA key of {} bits: RSA keys must be at least 2048 bits", b.value),
                    "too short",
                    "generate a new key of 2048 bits or more (3072 for use beyond 2030), or an EC P-256 key"
                        .to_string(),
                )
            });
        let curve = k
            .crv
            .as_ref()
            .filter(|v| !curves.is_empty() && !curves.contains(&v.value.as_str()))
            .map(|v| {
                (
                    &v.origin,
                    Severity::Error,
                    format!(
                        "`crv` is `{}`, not a registered curve for `kty: {}`",
                        v.value,
                        kty.unwrap_or_default()
                    ),
                    "unregistered curve",
                    format!("use one of {}", curves.join(", ")),
                )
            });
        let exponent = k
            .rsa_exponent
            .as_ref()
            .filter(|e| kty == Some("RSA") && e.value != 65537)
            .map(|e| {
                (
                    &e.origin,
                    Severity::Note,
                    format!("RSA public exponent {} instead of 65537", e.value),
                    "unusual exponent",
                    "generate the key with the standard exponent 65537 (`AQAB`)".to_string(),
                )
            });
        for (origin, severity, message, label, help) in [short, curve, exponent].into_iter().flatten() {
            out.push(
                Finding::on("weak-jwk", c, origin, message)
                    .severity(severity)
                    .label(label)
                    .help(help),
            );
        }
    }
}

/// A key set verifiers can read two ways (OIDC Reg §2, OIDC Core §10.1, §10.2, FAPI2 §5.4.2).
fn jwks_key_hygiene(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let keys = keys(c);
    let rule = "jwks-key-hygiene";
    // Duplicate `kid`s: each repeat points at its first use.
    let mut seen = HashMap::new();
    for kid in keys.iter().filter_map(|k| k.kid.as_ref()) {
        if let Some(first) = seen.insert(kid.value.as_str(), &kid.origin) {
            out.push(
                Finding::on(rule, c, &kid.origin, format!("`kid` `{}` names two keys", kid.value))
                    .label("duplicate kid")
                    .related(first, "first used here")
                    .help("give every key its own `kid`"),
            );
        }
    }
    if keys.len() > 1 {
        for k in keys.iter().filter(|k| k.kid.is_none()) {
            out.push(
                Finding::on(rule, c, &k.origin, "a key without `kid` in a set of several keys")
                    .label("no kid")
                    .help("add a `kid` to every key so a JWT header can say which one signed it"),
            );
        }
    }
    fn purpose(k: &Jwk) -> Option<&str> {
        match (&k.key_use, &k.alg) {
            (Some(u), _) => Some(u.value.as_str()),
            (None, Some(a)) if Slot::of_value(&a.value) == Some(Slot::KeyManagement) => Some("enc"),
            (None, Some(a)) if Slot::of_value(&a.value) == Some(Slot::Sign) => Some("sig"),
            _ => None,
        }
    }
    let mixed = keys.iter().any(|k| purpose(k) == Some("sig")) && keys.iter().any(|k| purpose(k) == Some("enc"));
    if mixed {
        for k in keys.iter().filter(|k| k.key_use.is_none()) {
            out.push(
                Finding::on(rule, c, &k.origin, "a key without `use` in a set with both signing and encryption keys")
                    .label("no use")
                    .help("add `\"use\": \"sig\"` or `\"use\": \"enc\"` to every key: it is required when both kinds are published"),
            );
        }
    }
    // A key's `alg` that none of the client's settings of that kind uses.
    for k in keys {
        let Some(alg) = &k.alg else { continue };
        let Some(slot) = Slot::of_value(&alg.value) else {
            continue;
        };
        let declared: Vec<&str> = c
            .algs
            .iter()
            .filter(|a| Slot::of(a.param) == slot && signed_by_client(a.param, slot))
            .map(|a| a.value.value.as_str())
            .collect();
        if declared.is_empty() || declared.contains(&alg.value.as_str()) {
            continue;
        }
        out.push(
            Finding::on(
                rule,
                c,
                &alg.origin,
                format!(
                    "the key's `alg` is `{}`, but the client's metadata declares {}",
                    alg.value,
                    declared.join(", ")
                ),
            )
            .label("contradicts the metadata")
            .help("make the key's `alg` match the algorithm the metadata names, or remove `alg` from the key"),
        );
    }
    for k in keys {
        certificate(cx, k, out);
    }
}

/// A key's `x5c` certificate: readable, of the same key as the bare members (RFC 7517 §4.7, OIDC Reg
/// §2: MUST), not expired. A certificate not yet valid is not reported: publishing the next key and
/// certificate before they take over is how keys are rotated.
fn certificate(cx: &Ctx, k: &Jwk, out: &mut Vec<Finding>) {
    let (c, rule) = (cx.client, "jwks-key-hygiene");
    let Some(x5c) = &k.x5c else { return };
    let cert = match &x5c.value {
        X5c::Certificate(cert) => cert,
        X5c::Unreadable { why } => {
            out.push(
                Finding::on(rule, c, &x5c.origin, format!("`x5c[0]` is not a DER certificate: {why}"))
                    .label("unreadable certificate")
                    .help("put the base64 (not base64url) DER of each certificate in `x5c`, the key's own first, or remove `x5c`"),
            );
            return;
        }
    };
    if let Some(member) = &cert.mismatch {
        out.push(
            Finding::on(
                rule,
                c,
                &x5c.origin,
                format!(
                    "the `x5c` certificate holds a different key ({}) from the one the JWK's `{}` describes",
                    cert.key, member.value
                ),
            )
            .severity(Severity::Error)
            .label("certificate of another key")
            .related(&member.origin, "differs from the certificate")
            .help("make `x5c` the certificate of this very key, or remove `x5c`: verifiers that trust the certificate and those that read the bare members would check signatures with different keys"),
        );
    }
    if cx.options.now.is_some_and(|now| cert.not_after < now) {
        out.push(
            Finding::on(
                rule,
                c,
                &x5c.origin,
                format!(
                    "the `x5c` certificate expired on {} (its notAfter)",
                    crate::date::utc_date(cert.not_after)
                ),
            )
            .label("expired certificate")
            .help("issue a new certificate for the key and publish it: verifiers that check the chain reject this one"),
        );
    }
}

/// Settings whose key is one of the client's own: what it signs with, and what it is encrypted to.
fn signed_by_client(param: &str, slot: Slot) -> bool {
    match slot {
        Slot::Sign => matches!(
            param,
            "token_endpoint_auth_signing_alg"
                | "request_object_signing_alg"
                | "backchannel_authentication_request_signing_alg"
        ),
        Slot::KeyManagement => !param.starts_with("request_object"),
        Slot::Content => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::findings_of;

    fn with_keys(rule: &str, keys: &str) -> Vec<(Severity, String)> {
        let json = format!(
            r#"{{"client_id": "c", "grant_types": ["client_credentials"], "token_endpoint_auth_method": "private_key_jwt", "jwks": {{"keys": {keys}}}}}"#
        );
        findings_of(rule, "t.json", &json, false)
    }

    #[test]
    fn private_members_are_reported_once_per_key_and_blank_ones_not_at_all() {
        let pk = |keys| with_keys("jwks-private-key", keys);
        assert_eq!(
            pk(r#"[{"kty": "RSA", "n": "AQAB", "e": "AQAB", "d": "x", "p": "y"}]"#),
            [(Severity::Error, "/jwks/keys/0/d".into())]
        );
        assert_eq!(
            pk(r#"[{"kty": "oct", "kid": "s"}]"#),
            [(Severity::Error, "/jwks/keys/0/kty".into())]
        );
        assert!(
            pk(r#"[{"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "d": null}, {"kty": "EC", "d": ""}]"#).is_empty()
        );
    }

    #[test]
    fn several_keys_need_kids_and_mixed_sets_need_use() {
        let h = |keys| with_keys("jwks-key-hygiene", keys);
        assert_eq!(
            h(r#"[{"kty": "EC", "kid": "a", "use": "sig"}, {"kty": "EC", "use": "sig"}]"#),
            [(Severity::Warning, "/jwks/keys/1".into())]
        );
        assert!(h(r#"[{"kty": "EC"}]"#).is_empty());
        assert_eq!(
            h(r#"[{"kty": "EC", "kid": "a", "use": "sig"}, {"kty": "RSA", "kid": "b", "alg": "RSA-OAEP"}]"#),
            [(Severity::Warning, "/jwks/keys/1".into())]
        );
    }

    #[test]
    fn weak_keys_by_size_curve_and_exponent() {
        let w = |keys| with_keys("weak-jwk", keys);
        assert_eq!(
            w(r#"[{"kty": "RSA", "n": "wAAA", "e": "Aw"}]"#)
                .iter()
                .map(|f| f.0)
                .collect::<Vec<_>>(),
            [Severity::Error, Severity::Note]
        );
        assert!(w(r#"[{"kty": "EC", "crv": "P-384"}, {"kty": "OKP", "crv": "X25519"}]"#).is_empty());
    }

    /// `jwks-key-hygiene` on a client whose one key is `jwk`, evaluated at `now`: each finding's
    /// severity, message, primary text and related texts.
    fn certificate_findings(jwk: serde_json::Value, now: Option<u64>) -> Vec<(Severity, String, String, Vec<String>)> {
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "client_id": "c", "grant_types": ["client_credentials"],
            "token_endpoint_auth_method": "private_key_jwt", "jwks": {"keys": [jwk]}
        }))
        .unwrap();
        let settings = crate::config::Settings {
            rule_options: crate::rules::RuleOptions {
                now,
                ..Default::default()
            },
            select: vec!["jwks-key-hygiene".into()],
            ..Default::default()
        };
        let at = |span: crate::document::Span| text[span.range()].chars().take(12).collect::<String>();
        crate::lint_bytes("t.json", text.as_bytes(), &settings)
            .findings
            .into_iter()
            .map(|f| {
                let related = f.related.iter().map(|r| at(r.span)).collect();
                (f.severity.unwrap(), f.message.to_string(), at(f.span), related)
            })
            .collect()
    }

    fn test_key(name: &str) -> serde_json::Value {
        let keys: serde_json::Value = serde_json::from_str(include_str!("../../tests/data/x5c-keys.json")).unwrap();
        keys[name].clone()
    }

    /// 2026-01-01 00:00 UTC.
    const NOW: Option<u64> = Some(1_767_225_600);

    #[test]
    fn a_certificate_of_another_key_is_an_error_at_x5c_and_the_member() {
        let mut jwk = test_key("rsa_other");
        jwk["x5c"] = test_key("rsa")["x5c"].clone();
        let found = certificate_findings(jwk, NOW);
        assert_eq!(found.len(), 1, "{found:?}");
        let (severity, message, at, related) = &found[0];
        assert_eq!(*severity, Severity::Error);
        assert_eq!(
            message,
            "the `x5c` certificate holds a different key (RSA) from the one the JWK's `n` describes"
        );
        assert!(at.starts_with("\"MII"), "{at}");
        assert_eq!(
            related,
            &[format!("\"{}", &test_key("rsa_other")["n"].as_str().unwrap()[..11])]
        );
        assert!(certificate_findings(test_key("rsa"), NOW).is_empty());
    }

    #[test]
    fn an_expired_certificate_is_a_warning_with_its_date_and_needs_a_date_to_be_checked() {
        let found = certificate_findings(test_key("ec_expired"), NOW);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Warning);
        assert_eq!(found[0].1, "the `x5c` certificate expired on 2020-06-30 (its notAfter)");
        assert!(certificate_findings(test_key("ec_expired"), None).is_empty());
        // 2020-06-30 11:00 UTC, an hour before notAfter.
        assert!(certificate_findings(test_key("ec_expired"), Some(1_593_514_800)).is_empty());
    }

    #[test]
    fn an_unreadable_certificate_is_a_warning() {
        let found = certificate_findings(serde_json::json!({"kty": "EC", "x5c": ["AAAA"]}), NOW);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, Severity::Warning);
        assert!(
            found[0].1.starts_with("`x5c[0]` is not a DER certificate"),
            "{}",
            found[0].1
        );
    }
}
