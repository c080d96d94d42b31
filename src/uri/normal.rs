//! The RFC 3986 §6.2.2 / §6.2.3 normal form of a URI, and what in the raw text differs from it
//! (docs/rules-background.md, read by `redirect-uri-not-normalized`).
//!
//! Built from the raw text, not from the url crate's serialisation: the WHATWG parser already
//! removes dot segments, default ports and `%2e`, so comparing against it would hide exactly what
//! was written. The parsed host is used only for what RFC 3986 leaves to the host's own syntax
//! (IDNA A-labels, IP addresses).

use super::{HostClass, RawParts, UriFacts};
use url::Host;

/// The normal form and the reasons the raw text is not already in it. A reason can exist without
/// a different form: double encoding and encoded slashes are not normalised away, only reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normal {
    pub form: String,
    pub differences: Vec<String>,
}

/// `None` for values that are not one absolute, parsable URI (other rules report those).
pub fn normalize(raw: &str, facts: &UriFacts) -> Option<Normal> {
    if facts.invalid.is_some() || facts.relative || facts.wildcard.is_some() {
        return None;
    }
    let url = facts.parsed.as_ref()?;
    let parts = RawParts::split(raw);
    let scheme = parts.scheme?;
    let mut diff = Vec::new();
    let lower_scheme = scheme.to_ascii_lowercase();
    if scheme != lower_scheme {
        diff.push(format!("upper-case letters in the scheme `{scheme}:`"));
    }
    let mut form = format!("{lower_scheme}:");
    if let Some(authority) = parts.authority {
        form.push_str("//");
        if let Some((userinfo, _)) = authority.rsplit_once('@') {
            form.push_str(&percent_normalize(userinfo));
            form.push('@');
        }
        let (host, port) = parts.host_port().unwrap_or_default();
        form.push_str(&host_form(host, url, facts.host_class, &mut diff));
        if let Some(port) = port {
            form.push_str(&port_form(&lower_scheme, port, &mut diff));
        }
    }
    let path = percent_normalize(parts.path);
    let path = if path.starts_with('/') {
        remove_dot_segments(&path)
    } else {
        path
    };
    dot_segments(parts.path, &mut diff);
    form.push_str(&path);
    if let Some(q) = parts.query {
        form.push('?');
        form.push_str(&percent_normalize(q));
    }
    if let Some(f) = parts.fragment {
        form.push('#');
        form.push_str(&percent_normalize(f));
    }
    percent_escapes(raw, &mut diff);
    for (encoded, what) in [("%2F", "`/`"), ("%5C", "`\\`")] {
        if parts.path.to_ascii_uppercase().contains(encoded) {
            diff.push(format!(
                "an encoded {what} (`{encoded}`) in the path, which servers that decode before routing read as a separator"
            ));
        }
    }
    Some(Normal {
        form,
        differences: diff,
    })
}

/// The host in normal form: lower case, no trailing dot, IDNA A-labels, canonical IP text.
fn host_form(written: &str, url: &url::Url, class: HostClass, diff: &mut Vec<String>) -> String {
    // Browsers lower-case only the hosts of special schemes; a private-use URI's host is opaque to
    // them, and Android matches it case-sensitively, so its case is the app's business.
    let special = url.scheme() == "http" || url.scheme() == "https";
    if special && written.bytes().any(|b| b.is_ascii_uppercase()) {
        diff.push(format!("upper-case letters in the host `{written}`"));
    }
    if written.contains('%') {
        diff.push(format!("percent-encoded characters in the host `{written}`"));
    }
    let host = match url.host() {
        // Special schemes: the WHATWG host is lower-cased, decoded and IDNA-mapped already.
        Some(Host::Domain(d)) if special => d.to_string(),
        Some(Host::Domain(_)) | None => percent_normalize(written),
        Some(Host::Ipv4(ip)) => ip.to_string(),
        Some(Host::Ipv6(ip)) => format!("[{ip}]"),
    };
    // Other spellings of an IP address: for loopback, `native-redirect-localhost-name` and
    // `redirect-uri-http` name them; elsewhere `redirect-uri-invalid` reports the IPv4 shorthands.
    if written.starts_with('[') && !class.is_loopback() && written.to_ascii_lowercase() != host {
        diff.push(format!(
            "the IPv6 address `{written}` is not in its canonical form `{host}` (RFC 5952)"
        ));
    }
    match host.strip_suffix('.') {
        Some(stripped) if !stripped.is_empty() => {
            diff.push("a trailing dot on the host".into());
            stripped.to_string()
        }
        _ => host,
    }
}

fn port_form(scheme: &str, port: &str, diff: &mut Vec<String>) -> String {
    if port.is_empty() {
        diff.push("an empty port (`:` with no number)".into());
        return String::new();
    }
    let Ok(number) = port.parse::<u16>() else {
        return format!(":{port}");
    };
    let default = match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    };
    if default == Some(number) {
        diff.push(format!("the scheme's default port `:{port}`"));
        return String::new();
    }
    if port != number.to_string() {
        diff.push(format!("leading zeros in the port `:{port}`"));
    }
    format!(":{number}")
}

/// Dot segments as written: literal (`/./`, `/../`) or percent-encoded (`%2e`, `.%2E`).
fn dot_segments(path: &str, diff: &mut Vec<String>) {
    for segment in path.split('/') {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        if decoded != "." && decoded != ".." {
            continue;
        }
        diff.push(if segment.contains('%') {
            format!("an encoded dot segment `{segment}`, which browsers resolve like `{decoded}`")
        } else {
            format!("a dot segment `/{segment}`")
        });
        return;
    }
}

/// Lower-case hex, encoded unreserved characters and double encoding.
fn percent_escapes(raw: &str, diff: &mut Vec<String>) {
    let escapes: Vec<&str> = raw
        .match_indices('%')
        .filter_map(|(i, _)| raw.get(i..i + 3))
        .filter(|e| e[1..].chars().all(|c| c.is_ascii_hexdigit()))
        .collect();
    if let Some(e) = escapes.iter().find(|e| e[1..].chars().any(|c| c.is_ascii_lowercase())) {
        diff.push(format!("lower-case percent-encoding `{e}` (normal form is upper-case)"));
    }
    if let Some(e) = escapes
        .iter()
        .find(|e| decode_byte(e).is_some_and(is_unreserved) && !is_dot(e))
    {
        diff.push(format!(
            "a percent-encoded unreserved character `{e}` (`{}`), which is written plainly in normal form",
            char::from(decode_byte(e).unwrap_or(b'?'))
        ));
    }
    let double = raw.match_indices("%25").find_map(|(i, _)| {
        let next = raw.get(i + 3..i + 5)?;
        next.chars().all(|c| c.is_ascii_hexdigit()).then(|| &raw[i..i + 5])
    });
    if let Some(d) = double {
        diff.push(format!("double encoding `{d}` (an encoded `%`)"));
    }
}

fn is_dot(escape: &str) -> bool {
    escape.eq_ignore_ascii_case("%2e")
}

fn decode_byte(escape: &str) -> Option<u8> {
    u8::from_str_radix(escape.get(1..3)?, 16).ok()
}

/// RFC 3986 §2.3.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

/// RFC 3986 §6.2.2.1 and §6.2.2.2: upper-case hex, unreserved characters decoded.
pub fn percent_normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let escape = rest
            .get(i..i + 3)
            .filter(|e| e[1..].chars().all(|c| c.is_ascii_hexdigit()));
        match escape.and_then(decode_byte) {
            Some(b) if is_unreserved(b) => out.push(char::from(b)),
            Some(_) => out.push_str(&escape.unwrap_or_default().to_ascii_uppercase()),
            None => {
                out.push('%');
                rest = &rest[i + 1..];
                continue;
            }
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    out
}

/// RFC 3986 §5.2.4.
pub fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut out = String::with_capacity(path.len());
    let pop = |out: &mut String| out.truncate(out.rfind('/').unwrap_or(0));
    while !input.is_empty() {
        if let Some(r) = input.strip_prefix("../").or_else(|| input.strip_prefix("./")) {
            input = r;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") {
            input = &input[3..];
            pop(&mut out);
        } else if input == "/.." {
            input = "/";
            pop(&mut out);
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            out.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(raw: &str) -> crate::uri::UriFacts {
        crate::uri::analyze(raw, &crate::placeholder::Placeholders::default())
    }

    fn normal(raw: &str) -> Normal {
        analyze(raw)
            .normal
            .unwrap_or_else(|| panic!("{raw} has no normal form"))
    }

    #[test]
    fn dot_segment_removal_follows_rfc_3986_examples() {
        // RFC 3986 §5.2.4's own examples.
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
        assert_eq!(remove_dot_segments("/../x"), "/x");
        assert_eq!(remove_dot_segments("/a/.."), "/");
        assert_eq!(remove_dot_segments("/a/b/."), "/a/b/");
        assert_eq!(remove_dot_segments("/cb"), "/cb");
    }

    #[test]
    fn percent_normalisation() {
        assert_eq!(percent_normalize("%7euser%2fx%41"), "~user%2FxA");
        assert_eq!(percent_normalize("100%"), "100%");
        assert_eq!(percent_normalize("%zz%2"), "%zz%2");
    }

    #[test]
    fn normal_uris_have_no_differences() {
        for raw in [
            "https://app.example.com/cb",
            "https://app.example.com/cb?next=%2Fhome&x=a%20b",
            "http://127.0.0.1:8080/cb",
            "http://[::1]/cb",
            "com.example.app:/oauth2redirect",
            "https://app.example.com",
            "https://app.example.com:8443/Cb/A",
            "urn:ietf:wg:oauth:2.0:oob",
        ] {
            let n = normal(raw);
            assert_eq!((n.form.as_str(), n.differences), (raw, vec![]), "{raw}");
        }
    }

    #[test]
    fn each_difference_is_named_and_normalised() {
        for (raw, form, reason) in [
            ("HTTPS://app.example.com/cb", "https://app.example.com/cb", "scheme"),
            ("com.Example.App:/cb", "com.example.app:/cb", "scheme"),
            (
                "com.example.app://Callback/./x",
                "com.example.app://Callback/x",
                "dot segment",
            ),
            (
                "https://App.Example.com/cb",
                "https://app.example.com/cb",
                "upper-case letters in the host",
            ),
            (
                "https://app.example.com./cb",
                "https://app.example.com/cb",
                "trailing dot",
            ),
            (
                "https://app.example.com:443/cb",
                "https://app.example.com/cb",
                "default port",
            ),
            (
                "http://app.example.com:80/cb",
                "http://app.example.com/cb",
                "default port",
            ),
            (
                "https://app.example.com:/cb",
                "https://app.example.com/cb",
                "empty port",
            ),
            (
                "https://app.example.com:08443/cb",
                "https://app.example.com:8443/cb",
                "leading zeros",
            ),
            (
                "https://app.example.com/a%2fb",
                "https://app.example.com/a%2Fb",
                "lower-case percent",
            ),
            (
                "https://app.example.com/%7Euser/cb",
                "https://app.example.com/~user/cb",
                "unreserved",
            ),
            (
                "https://app.example.com/a/./cb",
                "https://app.example.com/a/cb",
                "dot segment `/.`",
            ),
            (
                "https://app.example.com/a/../cb",
                "https://app.example.com/cb",
                "dot segment `/..`",
            ),
            (
                "https://app.example.com/a/%2e%2e/cb",
                "https://app.example.com/cb",
                "encoded dot segment",
            ),
            (
                "https://app.example.com/a/.%2E/cb",
                "https://app.example.com/cb",
                "encoded dot segment",
            ),
            (
                "https://app.example.com/cb?u=%252F",
                "https://app.example.com/cb?u=%252F",
                "double encoding",
            ),
            (
                "https://app.example.com/a%2F..%2Fcb",
                "https://app.example.com/a%2F..%2Fcb",
                "encoded `/`",
            ),
            (
                "https://app.example.com/a%5Ccb",
                "https://app.example.com/a%5Ccb",
                "encoded `\\`",
            ),
            (
                "https://exa%6Dple.com/cb",
                "https://example.com/cb",
                "percent-encoded characters in the host",
            ),
            (
                "https://[2001:DB8:0:0:0:0:0:1]/cb",
                "https://[2001:db8::1]/cb",
                "canonical form",
            ),
        ] {
            let n = normal(raw);
            assert_eq!(n.form, form, "{raw}");
            assert!(
                n.differences.iter().any(|d| d.contains(reason)),
                "{raw}: {:?} should mention {reason}",
                n.differences
            );
        }
    }

    #[test]
    fn loopback_spellings_are_left_to_the_loopback_rules() {
        for raw in [
            "http://[0:0:0:0:0:0:0:1]/cb",
            "http://127.1/cb",
            "http://[::ffff:127.0.0.1]/cb",
        ] {
            assert_eq!(normal(raw).differences, Vec::<String>::new(), "{raw}");
        }
    }

    #[test]
    fn patterns_and_invalid_values_have_no_normal_form() {
        for raw in [
            "https://*.example.com/cb",
            "/cb",
            "https:/app.example.com",
            "https://app.example.com/*",
        ] {
            assert_eq!(analyze(raw).normal, None, "{raw}");
        }
    }
}
