//! Category E: client authentication and secrets.
//!
//! No message, label or help here may contain a secret: they give [`redact`]ed forms, lengths and
//! bit estimates only.

use super::{Check, Ctx};
use crate::entropy::{self, Basis};
use crate::finding::{Finding, Severity};
use crate::mask::redact;
use crate::model::{Secret, SecretKind};

pub const RULES: &[(&str, Check)] = &[
    ("weak-client-secret", Check::Client(weak_client_secret)),
    ("plaintext-secret-in-file", Check::Client(plaintext_secret_in_file)),
    // Compares clients with each other: see `cross.rs`.
    ("reused-client-secret", Check::Engine),
];

/// RFC 6749 §10.10: the probability SHOULD be at most 2^-160 (`--strict`).
const STRICT_BITS: f64 = 160.0;
/// OIDC Core §16.19, RFC 7518 §3.2: an HS256 key needs at least 32 octets.
/// A literal client secret that is guessable, or too short for the HMAC key it doubles as.
fn weak_client_secret(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    // Hashes, references, placeholders and masked exports are not the secret itself.
    let Some(secret) = c.secret.as_ref().filter(|s| s.kind == SecretKind::Plaintext) else {
        return;
    };
    let len = secret.value.chars().count();
    let octets = secret.value.len();
    // The secret doubles as an HMAC key (`client_secret_jwt`, an `HS*` algorithm): 32, 48 or 64
    // octets for SHA-256, -384, -512, and the setting that makes it one.
    let short_key = super::algorithms::hmac_key_minimum(c).filter(|(min, _)| octets < *min);
    let est = entropy::estimate(&secret.value);
    // RFC 6749 §10.10: the probability of guessing a credential MUST be at most 2^-128 (the default).
    let min_bits = cx.options.value("weak-client-secret", "min-bits");
    let finding = if est.bits < min_bits as f64 {
        let what = match est.basis {
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
            format!("the client secret {what}; at least {min_bits} bits are required"),
        )
        .label(format!("about {:.0} bits", est.bits.floor()));
        if let Some((min, setting)) = short_key {
            f = f.related(
                &setting.origin,
                format!(
                    "also an HMAC key here (`{}`), and {octets} octets is under {min}",
                    setting.value
                ),
            );
        }
        f
    } else if let Some((min, setting)) = short_key {
        Finding::on(
            "weak-client-secret",
            c,
            &secret.origin,
            format!(
                "the client secret is the HMAC key for `{}` but is only {octets} octets; it needs at least {min}",
                setting.value
            ),
        )
        .label(format!("{octets} octets"))
        .related(&setting.origin, "HMAC key use")
    } else if cx.options.strict && est.bits < STRICT_BITS {
        Finding::on(
            "weak-client-secret",
            c,
            &secret.origin,
            format!(
                "the client secret has an estimated {:.0} bits of entropy ({len} characters); --strict asks for 160",
                est.bits.floor()
            ),
        )
        .severity(Severity::Warning)
        .label(format!("about {:.0} bits", est.bits.floor()))
    } else {
        return;
    };
    out.push(
        finding.help("generate a random secret of at least 32 bytes (64 for HS512; e.g. `openssl rand -base64 64`), or switch to `private_key_jwt`"),
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
                f.message.into_owned()
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

    #[test]
    fn the_strongest_hs_algorithm_sets_the_key_length() {
        // 49 random base64 characters: strong as a secret, enough for HS384, short for HS512.
        let secret = "q8ZC2vN4tLw9Hs7Rk3Xp6Ym1Bd5Fg0JjT2uV9wX4yZ7aK3mQ8";
        let client = |alg: &str| {
            format!(
                r#"{{"client_id": "c", "token_endpoint_auth_method": "client_secret_basic", "client_secret": "{secret}", "grant_types": ["authorization_code"], "redirect_uris": ["https://a.example.com/cb"], "id_token_signed_response_alg": "{alg}"}}"#
            )
        };
        let messages = |alg: &str| -> Vec<String> {
            crate::lint_bytes("t.json", client(alg).as_bytes(), &Default::default())
                .findings
                .into_iter()
                .filter(|f| f.rule == "weak-client-secret")
                .map(|f| f.message.into_owned())
                .collect()
        };
        assert_eq!(
            messages("HS512"),
            ["the client secret is the HMAC key for `HS512` but is only 49 octets; it needs at least 64"]
        );
        assert!(messages("HS384").is_empty(), "49 octets is enough for HS384");
        assert!(messages("RS256").is_empty());
    }

    #[test]
    fn strict_warns_between_128_and_160_bits() {
        // 24 random alphanumerics: about 142 bits, enough by default, short of --strict's 160.
        let json = r#"{"client_id": "c", "token_endpoint_auth_method": "client_secret_basic", "client_secret": "q8ZC2vN4tLw9Hs7Rk3Xp6Ym1", "grant_types": ["client_credentials"]}"#;
        let run = |strict: bool| {
            let mut settings = crate::config::Settings::default();
            settings.rule_options.strict = strict;
            crate::lint_bytes("t.json", json.as_bytes(), &settings)
                .findings
                .into_iter()
                .filter(|f| f.rule == "weak-client-secret")
                .map(|f| (f.severity, f.message.into_owned()))
                .collect::<Vec<_>>()
        };
        assert!(run(false).is_empty());
        assert_eq!(
            run(true),
            [(
                Some(crate::finding::Severity::Warning),
                "the client secret has an estimated 142 bits of entropy (24 characters); --strict asks for 160"
                    .to_string()
            )]
        );
    }
}
