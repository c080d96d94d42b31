//! What a redirect URI's query says (docs/rules-background.md): parameter names are read as
//! `application/x-www-form-urlencoded`, the way the client's callback handler will read them.

use super::normal::percent_normalize;
use super::RawParts;
use std::collections::HashSet;

/// Names the authorization response itself uses (RFC 6749 §4.1.2, §4.2.2, §5.1; OIDC Core §3.2.2.5;
/// RFC 9207 `iss`; OIDC Session `session_state`; JARM `response`).
const RESPONSE_PARAMS: [&str; 13] = [
    "code",
    "state",
    "iss",
    "error",
    "error_description",
    "error_uri",
    "access_token",
    "token_type",
    "expires_in",
    "id_token",
    "scope",
    "session_state",
    "response",
];

/// Parameter names redirectors read their destination from, compared without case, `_` or `-`
/// (so `returnUrl`, `return_url` and `ReturnURL` are one name).
const REDIRECTOR_PARAMS: [&str; 16] = [
    "next",
    "url",
    "redirect",
    "redirectto",
    "redirecturl",
    "redirecturi",
    "return",
    "returnto",
    "returnurl",
    "continue",
    "goto",
    "dest",
    "destination",
    "target",
    "forward",
    "callback",
];

/// Last path segments of outbound-link redirectors. `/redirect` is left out on purpose: it is the
/// most common name of an OAuth callback itself (MSAL's default is `/redirect`).
const REDIRECTOR_SEGMENTS: [&str; 4] = ["out", "redir", "goto", "outbound"];

/// One `name=value` pair, both decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub value: String,
}

/// The query's parameters in order; empty names (`?&x`) are skipped.
pub fn params(query: &str) -> Vec<Param> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (name, value) = p.split_once('=').unwrap_or((p, ""));
            let name = form_decode(name);
            (!name.is_empty()).then(|| Param {
                name,
                value: form_decode(value),
            })
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes: Vec<u8> = {
        let mut out = Vec::with_capacity(s.len());
        let mut rest = s.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            let hex = tail.get(..2).and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(decoded) if b == b'%' => {
                    out.push(decoded);
                    rest = &tail[2..];
                }
                _ => {
                    out.push(b);
                    rest = tail;
                }
            }
        }
        out
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Response parameter names the query already has, each once, in order.
pub fn reserved(params: &[Param]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for p in params {
        if RESPONSE_PARAMS.contains(&p.name.as_str()) && !found.contains(&p.name) {
            found.push(p.name.clone());
        }
    }
    found
}

/// Names that appear more than once, each once, in order (linear: a query may be huge).
pub fn repeated(params: &[Param]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut reported = HashSet::new();
    params
        .iter()
        .filter(|p| !seen.insert(p.name.as_str()) && reported.insert(p.name.as_str()))
        .map(|p| p.name.clone())
        .collect()
}

/// A value as a location, decoded once more (`https%3A%2F%2F…` → `https://…`), in lower case.
fn as_location(value: &str) -> String {
    percent_normalize(value)
        .to_ascii_lowercase()
        .replace("%2f", "/")
        .replace("%3a", ":")
        .replace("%5c", "\\")
}

/// Whether a value is a URL to anywhere: absolute (`scheme://`) or scheme-relative (`//host`).
fn is_url(value: &str) -> bool {
    let v = as_location(value);
    let absolute = v
        .split_once("://")
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
    absolute || v.starts_with("//") || v.starts_with("\\\\")
}

/// Whether a value is a location: a URL, or an absolute path (`/home`, `%2Fhome`).
fn is_location(value: &str) -> bool {
    let v = as_location(value);
    is_url(value) || v.starts_with('/') || v.starts_with('\\')
}

/// Why the URI looks like an open redirector's address, if it does: a redirector-style parameter
/// holding a location, any parameter holding a whole URL, or a redirector path segment.
pub fn redirector(parts: &RawParts, params: &[Param]) -> Option<String> {
    let squash = |n: &str| n.to_ascii_lowercase().replace(['_', '-'], "");
    if let Some(p) = params
        .iter()
        .find(|p| REDIRECTOR_PARAMS.contains(&squash(&p.name).as_str()) && is_location(&p.value))
    {
        return Some(format!("the parameter `{}` holds the location `{}`", p.name, p.value));
    }
    if let Some(p) = params.iter().find(|p| is_url(&p.value)) {
        return Some(format!("the parameter `{}` holds the URL `{}`", p.name, p.value));
    }
    let last = parts.path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    REDIRECTOR_SEGMENTS
        .contains(&last.to_ascii_lowercase().as_str())
        .then(|| format!("the path ends in `/{last}`, a typical redirector endpoint"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(query: &str) -> Vec<String> {
        params(query).into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn names_are_form_decoded() {
        assert_eq!(names("a=1&b&&c=&%63ode=x&st+ate=y"), ["a", "b", "c", "code", "st ate"]);
        assert_eq!(params("x=a%20b+c")[0].value, "a b c");
        assert_eq!(params("bad=%zz%")[0].value, "%zz%");
    }

    #[test]
    fn reserved_and_repeated_names() {
        let p = params("tenant=a&code=1&state=2&code=3&Code=4");
        assert_eq!(reserved(&p), ["code", "state"]);
        assert_eq!(repeated(&p), ["code"]);
        let p = params("x=1&x=2");
        assert_eq!((reserved(&p), repeated(&p)), (vec![], vec!["x".to_string()]));
        assert!(reserved(&params("codes=1&statement=2")).is_empty());
    }

    fn redirects(raw: &str) -> bool {
        let parts = RawParts::split(raw);
        redirector(&parts, &params(parts.query.unwrap_or_default())).is_some()
    }

    #[test]
    fn redirector_parameters_holding_a_location() {
        for raw in [
            "https://app.example.com/cb?next=/dashboard",
            "https://app.example.com/cb?returnUrl=https://app.example.com/home",
            "https://app.example.com/cb?return_to=https%3A%2F%2Fevil.example",
            "https://app.example.com/cb?redirect_uri=%2Fhome",
            "https://app.example.com/cb?continue=//evil.example",
            "https://app.example.com/cb?service=https://other.example/",
            "https://app.example.com/link/out",
            "https://app.example.com/redir/",
        ] {
            assert!(redirects(raw), "{raw}");
        }
        for raw in [
            "https://app.example.com/cb",
            "https://app.example.com/cb?target=prod",
            "https://app.example.com/cb?next=",
            "https://app.example.com/oauth/redirect",
            "https://app.example.com/cb?path=/a/b",
            "https://app.example.com/cb?path=%2Fa%2Fb",
            "https://app.example.com/callout",
        ] {
            assert!(!redirects(raw), "{raw}");
        }
    }
}
