//! Redirect-URI analysis shared by every URI rule and by inference (RULES.md §0.4).
//!
//! The url crate parses the way browsers do (WHATWG) and normalises as it goes, so every fact about
//! the *registered string* — wildcards, case, default ports, dot segments — is read from the raw text,
//! and the parsed form is used for what the browser will actually visit.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeClass {
    Https,
    Http,
    /// `javascript`, `data`, `file`, …: never an app callback.
    Dangerous,
    /// Registered schemes that are not app callbacks (`mailto`, `ftp`, `ws`, …).
    OtherRegistered,
    /// Anything else: an app's own scheme (RFC 8252 §7.1).
    PrivateUse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostClass {
    /// Exactly `127.0.0.1` or `[::1]`, the forms RFC 8252 §7.3 names.
    LoopbackLiteral,
    /// `localhost`, other 127/8 addresses, non-canonical or mapped IPv6 loopback, numeric shorthands.
    LoopbackOther,
    IpLiteral,
    DnsName,
    /// A non-ASCII label or an `xn--` A-label.
    Idn,
    None,
}

impl HostClass {
    pub fn is_loopback(self) -> bool {
        matches!(self, HostClass::LoopbackLiteral | HostClass::LoopbackOther)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// https on a non-loopback host.
    WebHttps,
    /// http or https on a loopback host.
    Loopback,
    PrivateUse,
    Other,
}

impl Platform {
    pub fn describe(self) -> &'static str {
        match self {
            Platform::WebHttps => "a web https URI",
            Platform::Loopback => "a loopback URI",
            Platform::PrivateUse => "a private-use scheme",
            Platform::Other => "another kind of URI",
        }
    }
}

const DANGEROUS: [&str; 8] = [
    "javascript",
    "data",
    "vbscript",
    "file",
    "blob",
    "about",
    "filesystem",
    "view-source",
];
const OTHER_REGISTERED: [&str; 8] = ["mailto", "tel", "sms", "ftp", "ws", "wss", "urn", "news"];
/// Development-server ports on loopback hint at a browser app (signal S9).
pub const DEV_SERVER_PORTS: [u16; 4] = [3000, 4200, 5173, 8080];

/// Everything the rules need to know about one URI.
#[derive(Debug, Clone)]
pub struct UriFacts {
    /// The scheme as written (before the first `:`), if any.
    pub scheme: Option<String>,
    pub scheme_class: Option<SchemeClass>,
    /// The WHATWG parse, when it succeeds.
    pub parsed: Option<Url>,
    pub host_class: HostClass,
    pub platform: Platform,
    /// A template placeholder (`${VAR}`, `{{ x }}`, `@@KEY@@`): not a URI until rendered.
    pub placeholder: bool,
}

impl UriFacts {
    pub fn port(&self) -> Option<u16> {
        self.parsed.as_ref().and_then(Url::port)
    }
    pub fn is_loopback(&self) -> bool {
        self.host_class.is_loopback()
    }
}

/// Whether `s` holds a template placeholder rather than a final value.
pub fn is_placeholder(s: &str) -> bool {
    s.contains("${")
        || s.contains("{{")
        || s.contains("$(")
        || (s.contains("@@") && s.matches("@@").count() >= 2)
        || (s.starts_with("##") && s.ends_with("##") && s.len() > 4)
        || (s.contains('%')
            && s.split('%')
                .nth(1)
                .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
            && s.matches('%').count() >= 2)
}

/// The scheme as written: letters, digits, `+ - .` before a `:` (RFC 3986 §3.1).
pub fn raw_scheme(raw: &str) -> Option<&str> {
    let (scheme, _) = raw.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))).then_some(scheme)
}

pub fn scheme_class(scheme: &str) -> SchemeClass {
    let s = scheme.to_ascii_lowercase();
    match s.as_str() {
        "https" => SchemeClass::Https,
        "http" => SchemeClass::Http,
        _ if DANGEROUS.contains(&s.as_str()) => SchemeClass::Dangerous,
        _ if OTHER_REGISTERED.contains(&s.as_str()) => SchemeClass::OtherRegistered,
        _ => SchemeClass::PrivateUse,
    }
}

pub fn analyze(raw: &str) -> UriFacts {
    let scheme = raw_scheme(raw).map(str::to_string);
    let scheme_class = scheme.as_deref().map(scheme_class);
    let parsed = Url::parse(raw).ok();
    let host_class = parsed.as_ref().map_or(HostClass::None, |u| host_class(raw, u));
    let platform = match scheme_class {
        Some(SchemeClass::Https | SchemeClass::Http) if host_class.is_loopback() => Platform::Loopback,
        Some(SchemeClass::Https) => Platform::WebHttps,
        Some(SchemeClass::PrivateUse) => Platform::PrivateUse,
        _ => Platform::Other,
    };
    UriFacts {
        scheme,
        scheme_class,
        parsed,
        host_class,
        platform,
        placeholder: is_placeholder(raw),
    }
}

/// Classifies the host. The parsed host is used for addresses (the WHATWG parser turns `127.1`
/// into `127.0.0.1`), and the raw text decides whether it was written in the canonical form.
fn host_class(raw: &str, url: &Url) -> HostClass {
    let raw_host = raw_host(raw).unwrap_or_default();
    match url.host() {
        None => HostClass::None,
        Some(Host::Ipv4(ip)) => classify_v4(ip, raw_host == "127.0.0.1"),
        Some(Host::Ipv6(ip)) => classify_v6(ip, raw_host == "[::1]"),
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d == "localhost" || d.ends_with(".localhost") {
                HostClass::LoopbackOther
            } else if !raw_host.is_ascii() || d.split('.').any(|l| l.starts_with("xn--")) {
                HostClass::Idn
            } else {
                HostClass::DnsName
            }
        }
    }
}

fn classify_v4(ip: Ipv4Addr, canonical: bool) -> HostClass {
    match (ip.is_loopback(), canonical) {
        (true, true) => HostClass::LoopbackLiteral,
        (true, false) => HostClass::LoopbackOther,
        _ => HostClass::IpLiteral,
    }
}

fn classify_v6(ip: Ipv6Addr, canonical: bool) -> HostClass {
    if ip.is_loopback() {
        return if canonical {
            HostClass::LoopbackLiteral
        } else {
            HostClass::LoopbackOther
        };
    }
    match ip.to_ipv4_mapped().map(IpAddr::V4) {
        Some(v4) if v4.is_loopback() => HostClass::LoopbackOther,
        _ => HostClass::IpLiteral,
    }
}

/// The authority's host as written (userinfo and port removed), for `scheme://` URIs.
pub fn raw_host(raw: &str) -> Option<&str> {
    let rest = raw.split_once("://")?.1;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return Some(&host_port[..host_port.find(']').map_or(host_port.len(), |i| i + 1)]);
    }
    Some(host_port.split(':').next().unwrap_or(host_port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(raw: &str) -> HostClass {
        analyze(raw).host_class
    }

    #[test]
    fn loopback_literals_are_exactly_the_two_rfc_8252_forms() {
        assert_eq!(host("http://127.0.0.1:8080/cb"), HostClass::LoopbackLiteral);
        assert_eq!(host("http://[::1]/cb"), HostClass::LoopbackLiteral);
        for other in [
            "http://localhost/cb",
            "http://LOCALHOST./cb",
            "http://app.localhost/cb",
            "http://127.0.0.2/cb",
            "http://127.1/cb",
            "http://2130706433/cb",
            "http://0x7f.0.0.1/cb",
            "http://[0:0:0:0:0:0:0:1]/cb",
            "http://[::ffff:127.0.0.1]/cb",
        ] {
            assert_eq!(host(other), HostClass::LoopbackOther, "{other}");
        }
    }

    #[test]
    fn platforms() {
        assert_eq!(analyze("https://app.example.com/cb").platform, Platform::WebHttps);
        assert_eq!(analyze("com.example.app:/cb").platform, Platform::PrivateUse);
        assert_eq!(analyze("http://127.0.0.1/cb").platform, Platform::Loopback);
        assert_eq!(analyze("http://app.example.com/cb").platform, Platform::Other);
        assert_eq!(
            analyze("javascript:alert(1)").scheme_class,
            Some(SchemeClass::Dangerous)
        );
    }

    #[test]
    fn hosts_that_are_not_loopback() {
        assert_eq!(host("https://localhost.evil.com/cb"), HostClass::DnsName);
        assert_eq!(host("https://10.0.0.1/cb"), HostClass::IpLiteral);
        assert_eq!(host("https://bücher.example/cb"), HostClass::Idn);
        assert_eq!(host("https://xn--bcher-kva.example/cb"), HostClass::Idn);
    }

    #[test]
    fn placeholders() {
        for p in [
            "${BASE}/cb",
            "{{ .Env.URL }}",
            "@@CALLBACKS@@",
            "##APP_URL##",
            "$(env:URL)",
            "%BASE_URL%/cb",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("https://example.com/a%20b"));
    }
}
