//! A conservative entropy estimate for client secrets (`lints/weak-client-secret.md`).
//!
//! The estimate is length × log2 of the alphabet the secret actually uses, with the parts that an
//! attacker guesses cheaply priced lower: dictionary and placeholder words, runs of one character or
//! of consecutive characters (`aaaa`, `abcd`, `4321`), and blocks that repeat the one before them.
//! A UUID counts 122 bits, the random bits of a version 4 UUID. It is an estimate for flagging weak
//! secrets, not a measurement: it can only say a secret looks weak, never that it is strong.

/// Bits charged for a dictionary or placeholder word: an attacker's word list of about 2,000 entries.
const WORD_BITS: f64 = 11.0;

/// Words that make up guessable secrets, lower case, at least four letters (shorter ones match by
/// chance inside random strings). Longest first, so `clientsecret` wins over `client`.
const WORDS: [&str; 44] = [
    "clientsecret",
    "development",
    "supersecret",
    "credentials",
    "production",
    "changeme",
    "changeit",
    "password",
    "keycloak",
    "mysecret",
    "insecure",
    "letmein",
    "welcome",
    "example",
    "default",
    "staging",
    "passwd",
    "secret",
    "client",
    "qwerty",
    "sample",
    "master",
    "dummy",
    "admin",
    "hello",
    "oauth",
    "guest",
    "local",
    "token",
    "super",
    "fake",
    "test",
    "demo",
    "pass",
    "root",
    "user",
    "prod",
    "auth",
    "xxxx",
    "asdf",
    "temp",
    "todo",
    "none",
    "null",
];

/// Why the estimate is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A UUID: 122 random bits at most.
    Uuid,
    /// Priced character by character over an alphabet of this many symbols.
    Alphabet(u32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub bits: f64,
    pub basis: Basis,
}

/// Estimates the entropy of `secret` in bits.
pub fn estimate(secret: &str) -> Estimate {
    let s = secret.trim();
    if is_uuid(s) {
        return Estimate {
            bits: 122.0,
            basis: Basis::Uuid,
        };
    }
    let alphabet = alphabet(s);
    let per_char = f64::from(alphabet).log2();
    let chars: Vec<char> = s.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
    let mut bits = 0.0;
    let mut i = 0;
    let mut after_word = false;
    while i < chars.len() {
        let was_after_word = std::mem::take(&mut after_word);
        if let Some(len) = repeat_at(&chars, i) {
            // Saying "again" costs about a bit, plus the block length.
            bits += 1.0 + (len as f64).log2();
            i += len;
        } else if let Some(len) = word_at(&lower[i..]) {
            bits += WORD_BITS;
            i += len;
            after_word = true;
        } else if was_after_word && "-_. ".contains(chars[i]) {
            // `client_secret`: a separator between words is one of a handful.
            bits += 2.0;
            i += 1;
        } else {
            let run = run_at(&chars[i..]);
            if run >= 3 {
                // The first character, the run's length and its direction.
                bits += per_char + (run as f64).log2() + 1.0;
                i += run;
            } else {
                bits += per_char;
                i += 1;
            }
        }
    }
    Estimate {
        bits,
        basis: Basis::Alphabet(alphabet),
    }
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The smallest usual alphabet that holds every character of `s`.
fn alphabet(s: &str) -> u32 {
    let all = |f: fn(char) -> bool| s.chars().all(f);
    if all(|c| c.is_ascii_digit()) {
        10
    } else if all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        || all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))
    {
        16
    } else if all(|c| c.is_ascii_lowercase()) || all(|c| c.is_ascii_uppercase()) {
        26
    } else if all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        || all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        36
    } else if all(|c| c.is_ascii_alphanumeric()) {
        62
    } else if all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        || all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=')
    {
        64
    } else {
        // Printable ASCII; characters beyond it are priced the same, which errs low.
        95
    }
}

/// The length of the dictionary word that `rest` (lower-cased) starts with, if any.
fn word_at(rest: &[char]) -> Option<usize> {
    WORDS
        .iter()
        .filter(|w| w.len() <= rest.len() && w.chars().zip(rest).all(|(a, b)| a == *b))
        .map(|w| w.len())
        .max()
}

/// The length of the longest block (two characters or more) at `i` that repeats the block right
/// before it.
fn repeat_at(chars: &[char], i: usize) -> Option<usize> {
    (2..=i.min(chars.len() - i))
        .rev()
        .find(|&k| chars[i..i + k] == chars[i - k..i])
}

/// The length of the run at the start of `rest`: one character repeated, or consecutive characters
/// going up or down by one.
fn run_at(rest: &[char]) -> usize {
    if rest.len() < 2 {
        return rest.len();
    }
    let step = rest[1] as i64 - rest[0] as i64;
    if step.abs() > 1 {
        return 1;
    }
    1 + rest
        .windows(2)
        .take_while(|w| w[1] as i64 - w[0] as i64 == step)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(s: &str) -> f64 {
        estimate(s).bits
    }

    #[test]
    fn a_uuid_counts_122_bits() {
        let e = estimate("9b2f6c1e-4a7d-4e3b-8c5f-2d1a0e9b7c64");
        assert_eq!(e.basis, Basis::Uuid);
        assert_eq!(e.bits, 122.0);
    }

    #[test]
    fn thirty_two_hex_digits_are_128_bits() {
        let e = estimate("4f9a2c7e1b8d3f6a0c5e9b2d7f1a4c8e");
        assert_eq!(e.basis, Basis::Alphabet(16));
        assert!((e.bits - 128.0).abs() < 1e-9, "{}", e.bits);
    }

    #[test]
    fn forty_three_base64url_characters_are_about_256_bits() {
        let e = estimate("q7Vx-2mRk9_LpT4wZs8bN1cYh6dJfA3gUe5iKo0rWnE");
        assert_eq!(e.basis, Basis::Alphabet(64));
        assert!(e.bits > 240.0, "{}", e.bits);
    }

    #[test]
    fn dictionary_words_are_weak() {
        for s in ["changeme", "secret", "password", "test", "xxxx", "xxxxxxxxxxxxxxxx"] {
            assert!(bits(s) < 20.0, "{s}: {}", bits(s));
        }
        assert!(bits("client_secret") < 30.0);
        assert!(bits("MySuperSecretPassword123!") < 60.0);
    }

    #[test]
    fn runs_are_cheap() {
        assert!(bits(&"a".repeat(64)) < 20.0);
        assert!(bits("abcdefghijklmnopqrstuvwxyz") < 20.0);
        assert!(bits("0123456789876543210") < 30.0);
        assert!(bits("Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9Xk9") < 40.0);
    }

    #[test]
    fn alphabets() {
        assert_eq!(alphabet("123456"), 10);
        assert_eq!(alphabet("deadbeef"), 16);
        assert_eq!(alphabet("DEADBEEF"), 16);
        assert_eq!(alphabet("hello"), 26);
        assert_eq!(alphabet("hello42"), 36);
        assert_eq!(alphabet("Hello42"), 62);
        assert_eq!(alphabet("Hello-42_"), 64);
        assert_eq!(alphabet("Hello+42/="), 64);
        assert_eq!(alphabet("Hello 42!"), 95);
    }
}
