//! Category E: client authentication and secrets.
//!
//! No message, label or help here may contain a secret: they give [`redact`]ed forms, lengths and
//! bit estimates only.

use super::{Check, Ctx};
use crate::entropy::{self, Basis};
use crate::finding::Finding;
use crate::lint::redact;
use crate::model::{Secret, SecretKind};

pub const RULES: &[(&str, Check)] = &[
    ("weak-client-secret", Check::Client(weak_client_secret)),
    ("plaintext-secret-in-file", Check::Client(plaintext_secret_in_file)),
    // Compares clients with each other: see `cross.rs`.
    ("reused-client-secret", Check::Engine),
];

/// RFC 6749 §10.10: the probability of guessing a credential MUST be at most 2^-128.
const MIN_BITS: f64 = 128.0;
/// OIDC Core §16.19, RFC 7518 §3.2: an HS256 key needs at least 32 octets.
const MIN_HMAC_OCTETS: usize = 32;

/// A literal client secret that is guessable, or too short for the HMAC key it doubles as.
fn weak_client_secret(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    // Hashes, references, placeholders and masked exports are not the secret itself.
    let Some(secret) = c.secret.as_ref().filter(|s| s.kind == SecretKind::Plaintext) else {
        return;
    };
    let len = secret.value.chars().count();
    let octets = secret.value.len();
    let hmac = c.auth_method_is("client_secret_jwt");
    let est = entropy::estimate(&secret.value);
    let finding = if est.bits < MIN_BITS {
        let what = match est.basis {
            Basis::Placeholder => "is a placeholder left in place of a secret".to_string(),
            Basis::Uuid => "is a UUID, which carries at most 122 random bits".to_string(),
            Basis::Alphabet(_) => format!(
                "has an estimated {:.0} bits of entropy ({len} characters)",
                est.bits.floor()
            ),
        };
        let mut f = Finding::on(
            "weak-client-secret",
            c,
            &secret.origin,
            format!("the client secret {what}; at least 128 bits are required"),
        )
        .label(format!("about {:.0} bits", est.bits.floor()));
        if let Some(m) = c.auth_method.as_ref().filter(|_| hmac && octets < MIN_HMAC_OCTETS) {
            f = f.related(
                &m.origin,
                format!("also the HMAC key for `client_secret_jwt`, and {octets} octets is under {MIN_HMAC_OCTETS}"),
            );
        }
        f
    } else if hmac && octets < MIN_HMAC_OCTETS {
        let mut f = Finding::on(
            "weak-client-secret",
            c,
            &secret.origin,
            format!(
                "the client secret is the HMAC-SHA-256 key for `client_secret_jwt` but is only {octets} octets; it needs at least {MIN_HMAC_OCTETS}"
            ),
        )
        .label(format!("{octets} octets"));
        if let Some(m) = &c.auth_method {
            f = f.related(&m.origin, "HMAC client authentication");
        }
        f
    } else {
        return;
    };
    out.push(
        finding.help("generate a random secret of at least 32 bytes (e.g. `openssl rand -base64 32`), or switch to `private_key_jwt`"),
    );
}

/// A credential written into the file as it is: the client secret or the registration access token.
fn plaintext_secret_in_file(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let secrets: [(&Option<Secret>, &str); 2] = [
        (&c.secret, "client secret"),
        (&c.registration_access_token, "registration access token"),
    ];
    for (secret, what) in secrets {
        // Only literals: a reference, placeholder, hash or masked value is the safe way to write one.
        let Some(s) = secret.as_ref().filter(|s| s.kind == SecretKind::Plaintext) else {
            continue;
        };
        out.push(
            Finding::on(
                "plaintext-secret-in-file",
                c,
                &s.origin,
                format!("the {what} ({}) is written in the file in plain text", redact(&s.value)),
            )
            .label(format!("literal {what}"))
            .help("read it from the environment or a secret manager at deploy time (e.g. `${CLIENT_SECRET}`), and rotate this one if the file was ever shared"),
        );
    }
}

#[cfg(test)]
mod tests {
    fn fired(rule: &str, method: &str, secret: &str) -> Vec<String> {
        let json = format!(
            r#"{{"client_id": "c", "token_endpoint_auth_method": "{method}", "client_secret": "{secret}", "grant_types": ["client_credentials"]}}"#
        );
        crate::lint_bytes("t.json", json.as_bytes(), &Default::default())
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| {
                // Nothing a rule writes may contain the secret.
                let text = format!("{} {:?} {:?} {:?}", f.message, f.label, f.help, f.related);
                assert!(!text.contains(secret), "secret leaked: {text}");
                f.message
            })
            .collect()
    }

    #[test]
    fn weak_secrets_are_errors_and_strong_ones_pass() {
        assert_eq!(fired("weak-client-secret", "client_secret_basic", "changeme").len(), 1);
        assert_eq!(
            fired(
                "weak-client-secret",
                "client_secret_basic",
                "9b2f6c1e-4a7d-4e3b-8c5f-2d1a0e9b7c64"
            )
            .len(),
            1
        );
        assert!(fired(
            "weak-client-secret",
            "client_secret_basic",
            "4f9a2c7e1b8d3f6a0c5e9b2d7f1a4c8e"
        )
        .is_empty());
    }

    #[test]
    fn hmac_keys_need_32_octets() {
        // 22 random base64url characters: about 132 bits, but only 22 octets.
        let s = "Tn4Wq8Zr2Kx6Vb9Pm3Hs7J";
        assert!(fired("weak-client-secret", "client_secret_basic", s).is_empty());
        let m = fired("weak-client-secret", "client_secret_jwt", s);
        assert!(m[0].contains("22 octets"), "{m:?}");
    }

    #[test]
    fn only_literals_are_checked() {
        for s in ["${CLIENT_SECRET}", "**********", "$2b$12$abcdefghijklmnopqrstuv"] {
            assert!(fired("weak-client-secret", "client_secret_basic", s).is_empty(), "{s}");
            assert!(
                fired("plaintext-secret-in-file", "client_secret_basic", s).is_empty(),
                "{s}"
            );
        }
        assert_eq!(
            fired("plaintext-secret-in-file", "client_secret_basic", "changeme").len(),
            1
        );
    }
}
