//! Reads a JWK Set (RFC 7517 §5) into [`Jwks`], for every adapter that registers keys by value.
//! Key values are never kept: the size of an RSA modulus, its exponent, the names of private
//! members and what `x5c` says (see `x5c.rs`) are all the rules need.

use super::{origin, string};
use crate::document::{parse, Cursor, Syntax, Value};
use crate::model::{Field, Jwk, Jwks, Origin, X5c};
use std::sync::Arc;

/// JWK members that hold private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1).
const PRIVATE: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// A `{"keys": [...]}` member as registered key material; `None` for `null`, `{}` and an empty
/// `keys` list, which exports write for "no keys". A bare array of keys is read too, and marked.
pub fn jwks(at: &Cursor, key: &str) -> Option<Field<Jwks>> {
    jwk_set(&at.get(key)?)
}

fn jwk_set(set: &Cursor) -> Option<Field<Jwks>> {
    if set.node.as_array().is_some() {
        // Not a JWK Set, but the keys are still the ones the client means to register.
        let keys: Vec<Jwk> = set.items().filter(|i| i.node.is_object()).map(|i| jwk(&i)).collect();
        return (!keys.is_empty()).then(|| Field::new(Jwks { keys, bare_array: true }, origin(set)));
    }
    let keys = set.get("keys");
    let empty =
        set.node.as_object().is_none_or(|o| o.is_empty()) || keys.as_ref().is_some_and(|k| k.items().next().is_none());
    if empty {
        return None;
    }
    let keys = keys.map(|k| k.items().filter(|i| i.node.is_object()).map(|i| jwk(&i)).collect());
    Some(Field::new(
        Jwks {
            keys: keys.unwrap_or_default(),
            bare_array: false,
        },
        origin(set),
    ))
}

/// Keys written one per nested block (the Okta provider's `jwks { kty, kid, e, n }`): a key set in
/// the provider's own shape, not a bare array; `None` when no block holds a key. A single object
/// (`.tf.json`, Pulumi) is one key.
pub fn key_blocks(at: &Cursor) -> Option<Field<Jwks>> {
    let keys: Vec<Jwk> = if at.node.is_object() {
        vec![jwk(at)]
    } else {
        at.items().filter(|i| i.node.is_object()).map(|i| jwk(&i)).collect()
    };
    (!keys.is_empty()).then(|| {
        Field::new(
            Jwks {
                keys,
                bare_array: false,
            },
            origin(at),
        )
    })
}

/// A JWK Set written as a JSON string (Keycloak's `jwks.string` attribute). Every key points at
/// the string, since positions inside it are not positions in the file.
pub fn jwks_in_string(value: &Field<String>) -> Option<Field<Jwks>> {
    if value.value.trim().is_empty() {
        return None;
    }
    let keys = parse(&Arc::<str>::from(value.value.as_str()), Syntax::Json)
        .ok()
        .and_then(|doc| jwk_set(&Cursor::root(&doc)))
        .map(|set| {
            set.value
                .keys
                .into_iter()
                .map(|k| at_origin(k, &value.origin))
                .collect()
        })
        .unwrap_or_default();
    Some(Field::new(
        Jwks {
            keys,
            bare_array: false,
        },
        value.origin.clone(),
    ))
}

/// PEM labels of private keys: PKCS #8 (RFC 7468 §10, §11) and the legacy OpenSSL and OpenSSH ones.
const PEM_PRIVATE: [&str; 6] = [
    "PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "DSA PRIVATE KEY",
    "OPENSSH PRIVATE KEY",
];

/// A list of PEM keys (Authelia's `jwks: [{key_id, key}]`) as registered key material; `None` for
/// an empty list. Only a private key becomes a [`Jwk`], with `kid_key` as its `kid` and its PEM
/// label as its private material (by name: the PEM is not kept); public keys and certificates hold
/// nothing the key rules read.
pub fn pem_keys(list: &Cursor, kid_key: &str, pem_key: &str) -> Option<Field<Jwks>> {
    list.items().next()?;
    let keys = list
        .items()
        .filter_map(|item| {
            let pem = item.get(pem_key)?;
            let text = pem.as_str()?;
            let label = PEM_PRIVATE
                .into_iter()
                .find(|l| text.contains(&format!("-----BEGIN {l}-----")))?;
            let mut k = Jwk::new(origin(&item));
            k.kid = string(&item, kid_key);
            k.private = vec![Field::new(label, origin(&pem))];
            Some(k)
        })
        .collect();
    Some(Field::new(
        Jwks {
            keys,
            bare_array: false,
        },
        origin(list),
    ))
}

/// Key material that is not a JWK Set (a certificate, a credential list): present, but unread.
pub fn opaque(origin: Origin) -> Field<Jwks> {
    Field::new(Jwks::default(), origin)
}

fn jwk(at: &Cursor) -> Jwk {
    let mut k = Jwk::new(origin(at));
    k.kty = string(at, "kty");
    k.crv = string(at, "crv");
    k.key_use = string(at, "use");
    k.kid = string(at, "kid");
    k.alg = string(at, "alg");
    k.rsa_bits = at
        .get("n")
        .and_then(|n| Some(Field::new(modulus_bits(n.as_str()?)?, origin(&n))));
    k.rsa_exponent = at
        .get("e")
        .and_then(|e| Some(Field::new(exponent(e.as_str()?)?, origin(&e))));
    k.private = PRIVATE
        .iter()
        .filter_map(|&m| {
            let c = at.get(m)?;
            // `"d": null` or `""` (a template left blank) carries no key.
            let blank = matches!(c.node.value, Value::Null) || c.as_str().is_some_and(|s| s.trim().is_empty());
            (!blank).then(|| Field::new(m, origin(&c)))
        })
        .collect();
    k.x5c = super::x5c::x5c(at);
    k
}

/// Moves every location of a key to `origin`.
fn at_origin(mut k: Jwk, origin: &Origin) -> Jwk {
    fn to<T>(f: &mut Option<Field<T>>, o: &Origin) {
        if let Some(f) = f {
            f.origin = o.clone();
        }
    }
    k.origin = origin.clone();
    to(&mut k.kty, origin);
    to(&mut k.crv, origin);
    to(&mut k.key_use, origin);
    to(&mut k.kid, origin);
    to(&mut k.alg, origin);
    to(&mut k.rsa_bits, origin);
    to(&mut k.rsa_exponent, origin);
    for p in &mut k.private {
        p.origin = origin.clone();
    }
    if let Some(x5c) = &mut k.x5c {
        x5c.origin = origin.clone();
        if let X5c::Certificate(c) = &mut x5c.value {
            to(&mut c.mismatch, origin);
        }
    }
    k
}

/// The size in bits of a big-endian unsigned integer in base64url (leading zero bytes ignored).
fn modulus_bits(n: &str) -> Option<u64> {
    let bytes = crate::base64::decode(n)?;
    let first = bytes.iter().position(|&b| b != 0)?;
    let top = 8 - u64::from(bytes[first].leading_zeros());
    Some((bytes.len() - first - 1) as u64 * 8 + top)
}

fn exponent(e: &str) -> Option<u64> {
    let bytes = crate::base64::decode(e)?;
    let significant: Vec<u8> = bytes.into_iter().skip_while(|&b| b == 0).collect();
    if significant.len() > 8 {
        return None;
    }
    Some(significant.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pem_lists_keep_private_keys_by_label_and_nothing_of_public_ones() {
        let text = "jwks:
  - {key_id: a, key: \"-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----\"}
  - {key_id: b, key: \"-----BEGIN ENCRYPTED PRIVATE KEY-----\\nMIIB\\n-----END ENCRYPTED PRIVATE KEY-----\"}
  - {key_id: c, key: \"-----BEGIN RSA PRIVATE KEY-----\\nMIIB\\n-----END RSA PRIVATE KEY-----\"}
  - {key_id: d, key: \"-----BEGIN EC PRIVATE KEY-----\\nMIIB\\n-----END EC PRIVATE KEY-----\"}
  - {key_id: e, key: \"-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----\"}
  - {key_id: f, key: \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\"}
  - {key_id: g, key: '{{ secret \"/keys/g.pem\" }}'}
";
        let doc = parse(&Arc::<str>::from(text), Syntax::Yaml).unwrap();
        let set = pem_keys(&Cursor::root(&doc).get("jwks").unwrap(), "key_id", "key").unwrap();
        let read: Vec<(&str, &str)> = set
            .value
            .keys
            .iter()
            .map(|k| (k.kid.as_ref().unwrap().value.as_str(), k.private[0].value))
            .collect();
        assert_eq!(
            read,
            [
                ("a", "PRIVATE KEY"),
                ("b", "ENCRYPTED PRIVATE KEY"),
                ("c", "RSA PRIVATE KEY"),
                ("d", "EC PRIVATE KEY")
            ]
        );
        let Origin::File { pointer, .. } = &set.value.keys[0].private[0].origin else {
            panic!("read from the file")
        };
        assert_eq!(pointer.as_str(), "/jwks/0/key");
        // Public keys alone still register key material, and an empty list registers none.
        let public = parse(
            &Arc::<str>::from("jwks: [{key_id: e, key: x}]\nnone: []\n"),
            Syntax::Yaml,
        )
        .unwrap();
        let root = Cursor::root(&public);
        assert!(pem_keys(&root.get("jwks").unwrap(), "key_id", "key")
            .unwrap()
            .value
            .keys
            .is_empty());
        assert!(pem_keys(&root.get("none").unwrap(), "key_id", "key").is_none());
    }

    #[test]
    fn sizes_and_exponents_come_from_the_base64url_integers() {
        // 0x00 0x80 …: a leading zero byte, then a top bit set.
        assert_eq!(modulus_bits("AIAA"), Some(16));
        assert_eq!(modulus_bits(&"_".repeat(342)), Some(2048));
        assert_eq!(modulus_bits("AAAA"), None);
        assert_eq!(modulus_bits("not base64!"), None);
        assert_eq!(exponent("AQAB"), Some(65537));
        assert_eq!(exponent("Aw"), Some(3));
    }
}
