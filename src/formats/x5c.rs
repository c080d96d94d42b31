//! Reads the first certificate of a JWK's `x5c` chain and compares its public key with the JWK's bare
//! members, which RFC 7517 §4.7 and OIDC Reg §2 say MUST be the same key. Only the result of the
//! comparison and `notAfter` are kept, never key values.

use super::origin;
use crate::document::{Cursor, Value};
use crate::model::{Certificate, Field, X5c};
use x509_cert::der::asn1::{ObjectIdentifier as Oid, UintRef};
use x509_cert::der::{Decode, Reader, SliceReader};

/// The JWK's `x5c` member read as its first certificate; `None` when absent, `null`, `[]` or a
/// template placeholder (filled in at deploy time).
pub fn x5c(key: &Cursor) -> Option<Field<X5c>> {
    let chain = key.get("x5c")?;
    let placeholder = |c: &Cursor| c.as_str().is_some_and(crate::placeholder::any);
    if matches!(chain.node.value, Value::Null)
        || placeholder(&chain)
        || chain.items().next().is_some_and(|c| placeholder(&c))
    {
        return None;
    }
    let (at, read) = match chain.node.as_array() {
        Some(_) => {
            let first = chain.items().next()?;
            let read = first.as_str().map_or(
                X5c::Unreadable {
                    why: "it is not a string",
                },
                |s| read(key, s),
            );
            (first, read)
        }
        None => (
            chain,
            X5c::Unreadable {
                why: "`x5c` is not an array of certificates",
            },
        ),
    };
    Some(Field::new(read, origin(&at)))
}

fn read(key: &Cursor, text: &str) -> X5c {
    let unreadable = |why| X5c::Unreadable { why };
    if text.contains("-----BEGIN") {
        return unreadable("it is a PEM block; `x5c` holds the base64 DER without the BEGIN and END lines");
    }
    // Standard base64, not base64url (RFC 7517 §4.7): a verifier's strict decoder rejects `-` and `_`.
    if text.contains(['-', '_']) {
        return unreadable("it is base64url; `x5c` holds standard base64 (with `+` and `/`)");
    }
    let Some(der) = crate::base64::decode(text) else {
        return unreadable("it is not base64");
    };
    let Ok(cert) = x509_cert::Certificate::from_der(&der) else {
        return unreadable("its bytes do not decode as an X.509 certificate");
    };
    let tbs = cert.tbs_certificate();
    let spki = tbs.subject_public_key_info();
    let bits = spki.subject_public_key.as_bytes().unwrap_or_default();
    let params = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.decode_as::<Oid>().ok());
    let public = PublicKey::of(spki.algorithm.oid, params, bits);
    X5c::Certificate(Certificate {
        key: public.name(spki.algorithm.oid),
        mismatch: public.mismatch(key),
        not_after: tbs.validity().not_after.to_unix_duration().as_secs(),
    })
}

// Algorithm and curve identifiers: RFC 3279 §2.3.1, RFC 4055 §1.2, RFC 5480 §2.1.1, RFC 8410 §3, SEC 2.
const RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const RSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
const EC: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const CURVES: [(Oid, &str); 4] = [
    (Oid::new_unwrap("1.2.840.10045.3.1.7"), "P-256"),
    (Oid::new_unwrap("1.3.132.0.34"), "P-384"),
    (Oid::new_unwrap("1.3.132.0.35"), "P-521"),
    (Oid::new_unwrap("1.3.132.0.10"), "secp256k1"),
];
const OKP: [(Oid, &str); 4] = [
    (Oid::new_unwrap("1.3.101.110"), "X25519"),
    (Oid::new_unwrap("1.3.101.111"), "X448"),
    (Oid::new_unwrap("1.3.101.112"), "Ed25519"),
    (Oid::new_unwrap("1.3.101.113"), "Ed448"),
];

/// A certificate's public key, decoded as far as a JWK's members can be compared with it.
enum PublicKey<'a> {
    Rsa {
        n: &'a [u8],
        e: &'a [u8],
    },
    Ec {
        crv: &'static str,
        x: &'a [u8],
        y: Want<'a>,
    },
    Okp {
        crv: &'static str,
        x: &'a [u8],
    },
    /// A key type, curve or encoding a JWK has no members for: nothing is compared.
    Other,
}

/// What a JWK member must hold to name the certificate's key.
#[derive(Clone, Copy)]
enum Want<'a> {
    /// A big-endian integer (`n`, `e`, EC coordinates).
    Int(&'a [u8]),
    /// These exact bytes (an OKP key, RFC 8037 §2).
    Bytes(&'a [u8]),
    /// An EC `y` coordinate whose last bit is this: all a compressed point says of it (SEC 1 §2.3.3).
    Odd(bool),
}

impl<'a> PublicKey<'a> {
    fn of(alg: Oid, params: Option<Oid>, bits: &'a [u8]) -> Self {
        if alg == RSA || alg == RSA_PSS {
            // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1).
            let read = SliceReader::new(bits).and_then(|mut r| {
                r.sequence(|r| Ok::<_, x509_cert::der::Error>((UintRef::decode(r)?, UintRef::decode(r)?)))
            });
            return read.map_or(PublicKey::Other, |(n, e)| PublicKey::Rsa {
                n: n.as_bytes(),
                e: e.as_bytes(),
            });
        }
        if alg == EC {
            let Some(crv) = CURVES.iter().find(|(oid, _)| Some(*oid) == params).map(|c| c.1) else {
                return PublicKey::Other;
            };
            return match bits.split_first() {
                Some((4, xy)) if xy.len() % 2 == 0 => {
                    let (x, y) = xy.split_at(xy.len() / 2);
                    PublicKey::Ec {
                        crv,
                        x,
                        y: Want::Int(y),
                    }
                }
                Some((tag @ (2 | 3), x)) => PublicKey::Ec {
                    crv,
                    x,
                    y: Want::Odd(*tag == 3),
                },
                _ => PublicKey::Other,
            };
        }
        match OKP.iter().find(|(oid, _)| *oid == alg) {
            Some(&(_, crv)) => PublicKey::Okp { crv, x: bits },
            None => PublicKey::Other,
        }
    }

    /// How a JWK would name this key; the algorithm OID for a key we do not compare.
    fn name(&self, alg: Oid) -> String {
        match self {
            PublicKey::Rsa { .. } => "RSA".into(),
            PublicKey::Ec { crv, .. } => format!("EC {crv}"),
            PublicKey::Okp { crv, .. } => format!("OKP {crv}"),
            PublicKey::Other => alg.to_string(),
        }
    }

    /// The first of the JWK's members that says another key than this one. Members that are absent or
    /// placeholders are not compared; integers are compared as numbers (leading zero bytes aside).
    fn mismatch(&self, jwk: &Cursor) -> Option<Field<&'static str>> {
        let (kty, crv, members): (&str, Option<&str>, Vec<(&'static str, Want)>) = match *self {
            PublicKey::Rsa { n, e } => ("RSA", None, vec![("n", Want::Int(n)), ("e", Want::Int(e))]),
            PublicKey::Ec { crv, x, y } => ("EC", Some(crv), vec![("x", Want::Int(x)), ("y", y)]),
            PublicKey::Okp { crv, x } => ("OKP", Some(crv), vec![("x", Want::Bytes(x))]),
            PublicKey::Other => return None,
        };
        let differs = |name: &'static str, same: &dyn Fn(&str) -> bool| {
            let member = jwk.get(name)?;
            if member.as_str().is_some_and(crate::placeholder::any) {
                return None;
            }
            let same = member.as_str().is_some_and(same);
            (!same).then(|| Field::new(name, origin(&member)))
        };
        let holds = |want: &Want, text: &str| {
            let Some(got) = crate::base64::decode(text) else {
                return false;
            };
            match *want {
                Want::Int(want) => significant(&got) == significant(want),
                Want::Bytes(want) => got == want,
                Want::Odd(odd) => got.last().is_some_and(|b| (b & 1 == 1) == odd),
            }
        };
        differs("kty", &|t| t == kty)
            .or_else(|| crv.and_then(|crv| differs("crv", &|c| c == crv)))
            .or_else(|| {
                members
                    .iter()
                    .find_map(|(name, want)| differs(name, &|text| holds(want, text)))
            })
    }
}

/// A big-endian integer without its leading zero bytes.
fn significant(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Syntax};
    use serde_json::{json, Value as Json};
    use std::sync::Arc;

    /// Public JWKs and self-signed certificates made for these tests (no private keys): `rsa`, `ec`
    /// (P-256), `ec384`, `ed25519` each with its own certificate valid 2025–2125, `*_other` keys of
    /// the same type without one, and `ec_expired`, the `ec` key with a certificate that ended
    /// 2020-06-30 12:00 UTC.
    fn key(name: &str) -> Json {
        let keys: Json = serde_json::from_str(include_str!("../../tests/data/x5c-keys.json")).unwrap();
        keys[name].clone()
    }

    /// The members of JWK `members` with the `x5c` of JWK `cert`.
    fn with_cert_of(members: &str, cert: &str) -> Json {
        let mut jwk = key(members);
        jwk["x5c"] = key(cert)["x5c"].clone();
        jwk
    }

    fn read(jwk: &Json) -> Option<X5c> {
        let text: Arc<str> = jwk.to_string().into();
        let doc = parse(&text, Syntax::Json).unwrap();
        x5c(&Cursor::root(&doc)).map(|f| f.value)
    }

    fn certificate(jwk: &Json) -> Certificate {
        match read(jwk) {
            Some(X5c::Certificate(c)) => c,
            other => panic!("not read as a certificate: {other:?}"),
        }
    }

    fn mismatch(jwk: &Json) -> Option<&'static str> {
        certificate(jwk).mismatch.map(|m| m.value)
    }

    fn unreadable(jwk: &Json) -> &'static str {
        match read(jwk) {
            Some(X5c::Unreadable { why }) => why,
            other => panic!("read: {other:?}"),
        }
    }

    #[test]
    fn rsa_keys_are_compared_by_modulus_and_exponent() {
        let rsa = certificate(&key("rsa"));
        assert_eq!(
            (rsa.key.as_str(), rsa.mismatch, rsa.not_after),
            ("RSA", None, 4_891_363_200)
        );
        assert_eq!(mismatch(&with_cert_of("rsa_other", "rsa")), Some("n"));
        let mut exponent = key("rsa");
        exponent["e"] = json!("Aw");
        assert_eq!(mismatch(&exponent), Some("e"));
        // A leading zero byte does not make another number.
        let mut padded = key("rsa");
        padded["e"] = json!("AAEAAQ");
        assert_eq!(mismatch(&padded), None);
    }

    #[test]
    fn ec_keys_are_compared_by_curve_and_point() {
        assert_eq!(certificate(&key("ec")).key, "EC P-256");
        assert_eq!(mismatch(&key("ec")), None);
        assert_eq!(mismatch(&key("ec384")), None);
        assert_eq!(mismatch(&with_cert_of("ec_other", "ec")), Some("x"));
        let mut y = key("ec");
        y["y"] = key("ec_other")["y"].clone();
        assert_eq!(mismatch(&y), Some("y"));
        // The members of a P-256 key under the certificate of a P-384 one: the curve is named first.
        assert_eq!(mismatch(&with_cert_of("ec", "ec384")), Some("crv"));
        assert_eq!(mismatch(&with_cert_of("ec", "rsa")), Some("kty"));
    }

    #[test]
    fn a_compressed_point_is_compared_by_x_and_the_parity_of_y() {
        let jwk = key("ec");
        let x = crate::base64::decode(jwk["x"].as_str().unwrap()).unwrap();
        let odd = crate::base64::decode(jwk["y"].as_str().unwrap())
            .unwrap()
            .last()
            .unwrap()
            & 1
            == 1;
        let text: Arc<str> = jwk.to_string().into();
        let doc = parse(&text, Syntax::Json).unwrap();
        let compare = |tag: u8| {
            let point = [&[tag], x.as_slice()].concat();
            PublicKey::of(EC, Some(CURVES[0].0), &point)
                .mismatch(&Cursor::root(&doc))
                .map(|m| m.value)
        };
        let (same, other) = if odd { (3, 2) } else { (2, 3) };
        assert_eq!(compare(same), None);
        assert_eq!(compare(other), Some("y"));
    }

    #[test]
    fn ed25519_keys_are_compared_byte_for_byte() {
        assert_eq!(certificate(&key("ed25519")).key, "OKP Ed25519");
        assert_eq!(mismatch(&key("ed25519")), None);
        assert_eq!(mismatch(&with_cert_of("ed25519_other", "ed25519")), Some("x"));
        let mut crv = key("ed25519");
        crv["crv"] = json!("Ed448");
        assert_eq!(mismatch(&crv), Some("crv"));
    }

    #[test]
    fn absent_members_are_not_compared() {
        let only_cert = json!({"kty": "RSA", "x5c": key("rsa")["x5c"]});
        assert_eq!(mismatch(&only_cert), None);
    }

    #[test]
    fn placeholders_are_neither_read_nor_compared() {
        let mut member = key("rsa");
        member["n"] = json!("${SIGNING_KEY_N}");
        assert_eq!(mismatch(&member), None);
        assert!(read(&json!({"kty": "RSA", "x5c": ["${SIGNING_CERT}"]})).is_none());
        assert!(read(&json!({"kty": "RSA", "x5c": "$(env:SIGNING_CERT)"})).is_none());
    }

    #[test]
    fn not_after_is_read_and_an_expired_certificate_still_compares() {
        let expired = certificate(&key("ec_expired"));
        assert_eq!((expired.not_after, expired.mismatch), (1_593_518_400, None));
    }

    #[test]
    fn what_is_not_a_der_certificate_says_why() {
        let cert = key("rsa")["x5c"][0].as_str().unwrap().to_string();
        let with = |x5c: Json| json!({"kty": "RSA", "x5c": x5c});
        assert!(unreadable(&with(json!(["AAAA"]))).contains("X.509"));
        assert!(unreadable(&with(json!([&cert[..400]]))).contains("X.509"));
        assert!(unreadable(&with(json!(["not base64!"]))).contains("not base64"));
        assert!(unreadable(&with(json!([cert.replace('+', "-").replace('/', "_")]))).contains("base64url"));
        let pem = format!("-----BEGIN CERTIFICATE-----\n{cert}\n-----END CERTIFICATE-----");
        assert!(unreadable(&with(json!([pem]))).contains("PEM"));
        assert!(unreadable(&with(json!(cert))).contains("not an array"));
        assert!(unreadable(&with(json!([5]))).contains("not a string"));
        assert!(read(&with(json!([]))).is_none());
        assert!(read(&with(Json::Null)).is_none());
    }

    #[test]
    fn a_huge_certificate_is_refused() {
        // 8 MiB of base64 that is no DER: decoding is linear, so this stays cheap (bench/, not a
        // timed test, is where speed is measured).
        let huge = json!({"kty": "RSA", "x5c": ["MII".to_string() + &"A".repeat(8 << 20)]});
        assert!(unreadable(&huge).contains("X.509"));
    }
}
