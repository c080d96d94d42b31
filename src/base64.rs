//! Base64 decoding for the few places that need it (Kubernetes Secret data, JWK integers): the
//! standard and the URL-safe alphabets both, padding optional, whitespace ignored.

/// The bytes `s` encodes; `None` on a character of neither alphabet.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_alphabets_decode() {
        assert_eq!(super::decode("aGk=").unwrap(), b"hi");
        assert_eq!(super::decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(super::decode("+/8").unwrap(), [0xfb, 0xff]);
        assert!(super::decode("a*b").is_none());
    }
}
