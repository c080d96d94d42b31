//! Redirect-URI analysis shared by every URI rule and by inference (docs/rules-background.md).
//!
//! The url crate parses the way browsers do (WHATWG) and normalises as it goes, so every fact about
//! the *registered string* — wildcards, case, default ports, dot segments — is read from the raw text,
//! and the parsed form is used for what the browser will actually visit.

mod idn;
mod normal;
mod query;

pub use idn::Idn;
pub use normal::Normal;
pub use query::Param;

use crate::model::{Client, Field};
use crate::placeholder::Placeholders;
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
    /// A browser's own scheme for its extensions (`chrome-extension://ID`): the browser serves it,
    /// and the host is the extension's id, so no other app can claim it.
    BrowserExtension,
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
    /// A template placeholder (`https://${HOST}/cb`): unknown until rendered.
    Placeholder,
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
    /// A page of a browser extension, which runs in the browser like a web app.
    BrowserExtension,
    Other,
}

impl Platform {
    pub fn describe(self) -> &'static str {
        match self {
            Platform::WebHttps => "a web https URI",
            Platform::Loopback => "a loopback URI",
            Platform::PrivateUse => "a private-use scheme",
            Platform::BrowserExtension => "a browser-extension URI",
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
/// IANA-registered schemes that name a resource or a contact, never an app's callback.
const OTHER_REGISTERED: [&str; 16] = [
    "mailto", "tel", "sms", "ftp", "ws", "wss", "urn", "news", "nntp", "ldap", "ldaps", "ssh", "sftp", "telnet", "irc",
    "geo",
];
/// The schemes browsers serve their extensions' pages under (Chromium, Firefox, Safari).
pub const BROWSER_EXTENSION_SCHEMES: [&str; 3] = ["chrome-extension", "moz-extension", "safari-web-extension"];
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
    /// A template whose scheme is a placeholder too (`${BASE_URL}/cb`, `@@URL@@`): not a URI until
    /// rendered, so no rule judges it.
    pub placeholder: bool,
    /// Placeholders sit somewhere in the value (`https://${HOST}/cb`): the static parts are
    /// judged, but no normal form is, since the rendered text is not known.
    pub templated: bool,
    /// No scheme: a path (`/cb`), a scheme-relative reference (`//host/cb`) or a bare word. Keycloak
    /// resolves such values against the client's root URL; everywhere else they are invalid.
    pub relative: bool,
    /// Why the value is not one absolute URI that RFC 3986 and browsers read the same way
    /// (a relative value is reported through [`UriFacts::relative`], not here).
    pub invalid: Option<String>,
    /// The first wildcard or pattern token in the raw text, described for a message.
    pub wildcard: Option<String>,
    /// The raw text contains `#` (an empty fragment counts).
    pub fragment: bool,
    /// The authority has userinfo; `Some(true)` when it also has a password.
    pub userinfo: Option<bool>,
    /// The RFC 3986 normal form and how the raw text differs from it (absolute, exact URIs only).
    pub normal: Option<Normal>,
    /// The host is internationalised: its forms and any homograph.
    pub idn: Option<Idn>,
    /// The query's parameters, form-decoded.
    pub params: Vec<Param>,
    /// Authorization-response parameter names already in the query.
    pub reserved_params: Vec<String>,
    /// Parameter names the query repeats.
    pub repeated_params: Vec<String>,
    /// Why the URI looks like an open redirector's, if it does.
    pub redirector: Option<String>,
}

impl UriFacts {
    pub fn port(&self) -> Option<u16> {
        self.parsed.as_ref().and_then(Url::port)
    }
    pub fn is_loopback(&self) -> bool {
        self.host_class.is_loopback()
    }
}

/// One redirect URI of a client with its facts: analysed once per client, read by inference and
/// every rule.
#[derive(Debug, Clone)]
pub struct Redirect<'a> {
    pub field: &'a Field<String>,
    pub facts: UriFacts,
}

impl Redirect<'_> {
    pub fn raw(&self) -> &str {
        &self.field.value
    }
    /// On a typical development-server port (signal S9).
    pub fn on_dev_port(&self) -> bool {
        self.facts.port().is_some_and(|p| DEV_SERVER_PORTS.contains(&p))
    }
}

/// The client's redirect URIs with their facts; whole placeholders are left out, since they are
/// not URIs until rendered.
pub fn redirects<'a>(client: &'a Client, placeholders: &Placeholders) -> Vec<Redirect<'a>> {
    client
        .redirects()
        .filter_map(|field| {
            let facts = analyze(&field.value, placeholders);
            (!facts.placeholder).then_some(Redirect { field, facts })
        })
        .collect()
}

/// Whether every redirect is loopback (and there is at least one).
pub fn all_loopback(redirects: &[Redirect]) -> bool {
    !redirects.is_empty() && redirects.iter().all(|r| r.facts.platform == Platform::Loopback)
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
        _ if BROWSER_EXTENSION_SCHEMES.contains(&s.as_str()) => SchemeClass::BrowserExtension,
        _ => SchemeClass::PrivateUse,
    }
}

/// The text a browser parses: leading and trailing C0 controls and spaces trimmed, tabs and
/// newlines removed (WHATWG URL parsing, basic URL parser steps 1–3). ` javascript:` is a
/// `javascript:` URL to a browser.
fn browser_text(raw: &str) -> String {
    raw.trim_matches(|c: char| c <= ' ').replace(['\t', '\n', '\r'], "")
}

/// The facts of `raw`. Placeholders in it are judged by where they sit: one before the scheme's
/// `:` (or at the start of a value with no scheme) makes the whole value a placeholder; one in the
/// authority makes the host [`HostClass::Placeholder`]; elsewhere the value is judged with each
/// placeholder read as a plain word.
pub fn analyze(raw: &str, placeholders: &Placeholders) -> UriFacts {
    let holes = placeholders.find(raw);
    let Some(first) = holes.first() else {
        return analyze_literal(raw);
    };
    let before = &raw[..first.start];
    let static_scheme = raw_scheme(before).is_some_and(|s| before.len() > s.len());
    let static_path = before.starts_with('/') && !before.starts_with("//");
    if !static_scheme && !static_path {
        return UriFacts {
            placeholder: true,
            templated: true,
            ..empty_facts()
        };
    }
    let (filled, host_unknown) = fill(raw, &holes);
    let mut facts = analyze_literal(&filled);
    facts.templated = true;
    facts.normal = None;
    if host_unknown {
        facts.host_class = HostClass::Placeholder;
        facts.idn = None;
        facts.parsed = None;
        facts.platform = match facts.scheme_class {
            Some(SchemeClass::Https) => Platform::WebHttps,
            Some(SchemeClass::PrivateUse) => Platform::PrivateUse,
            _ => Platform::Other,
        };
    }
    facts
}

/// `raw` with each placeholder read as a plain word (`x`, or `1` where a port or password is
/// written), and whether one was in the authority.
fn fill(raw: &str, holes: &[std::ops::Range<usize>]) -> (String, bool) {
    let mut filled = String::with_capacity(raw.len());
    let mut host_unknown = false;
    let mut from = 0;
    for hole in holes {
        filled.push_str(&raw[from..hole.start]);
        let authority = filled
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.contains(['/', '?', '#']));
        // After a `:` in the authority is a port or a password; anywhere else there, the host.
        let after_colon = filled.ends_with(':');
        host_unknown |= authority && !after_colon;
        filled.push_str(if authority && after_colon { "1" } else { "x" });
        from = hole.end;
    }
    filled.push_str(&raw[from..]);
    (filled, host_unknown)
}

fn empty_facts() -> UriFacts {
    UriFacts {
        scheme: None,
        scheme_class: None,
        parsed: None,
        host_class: HostClass::None,
        platform: Platform::Other,
        placeholder: false,
        templated: false,
        relative: false,
        invalid: None,
        wildcard: None,
        fragment: false,
        userinfo: None,
        normal: None,
        idn: None,
        params: Vec::new(),
        reserved_params: Vec::new(),
        repeated_params: Vec::new(),
        redirector: None,
    }
}

fn analyze_literal(raw: &str) -> UriFacts {
    let scheme = raw_scheme(&browser_text(raw)).map(str::to_string);
    let scheme_class = scheme.as_deref().map(scheme_class);
    let parsed = Url::parse(raw).ok();
    let host_class = match &parsed {
        Some(u) => host_class(raw, u),
        // Unparsable (a `*` port, say): classify the host alone, so `http://localhost:*` is still
        // known to be loopback.
        None => match (raw_scheme(raw), RawParts::split(raw).host_port()) {
            (Some(s), Some((h, _))) if !h.is_empty() => Url::parse(&format!("{s}://{h}/"))
                .ok()
                .map_or(HostClass::None, |u| host_class(raw, &u)),
            _ => HostClass::None,
        },
    };
    // A value without a scheme is not parsed by the url crate; a bare `host:port` is read as scheme
    // `host` by both parsers, which `invalid` reports.
    let platform = match scheme_class {
        Some(SchemeClass::Https | SchemeClass::Http) if host_class.is_loopback() => Platform::Loopback,
        Some(SchemeClass::Https) => Platform::WebHttps,
        Some(SchemeClass::PrivateUse) => Platform::PrivateUse,
        Some(SchemeClass::BrowserExtension) => Platform::BrowserExtension,
        _ => Platform::Other,
    };
    let mut facts = UriFacts {
        scheme,
        scheme_class,
        parsed,
        host_class,
        platform,
        ..empty_facts()
    };
    let parts = RawParts::split(raw);
    facts.relative = facts.scheme.is_none();
    facts.fragment = parts.fragment.is_some();
    facts.userinfo = parts
        .authority
        .and_then(|a| a.rsplit_once('@'))
        .map(|(u, _)| u.contains(':'));
    facts.wildcard = wildcard(raw, &parts);
    facts.invalid = invalid(raw, &parts, &facts);
    facts.normal = normal::normalize(raw, &facts);
    facts.idn = match (&facts.parsed, parts.host_port()) {
        (Some(url), Some((written, _))) if facts.host_class == HostClass::Idn => {
            url.host_str().and_then(|ascii| idn::analyze(written, ascii))
        }
        _ => None,
    };
    facts.params = query::params(parts.query.unwrap_or_default());
    facts.reserved_params = query::reserved(&facts.params);
    facts.repeated_params = query::repeated(&facts.params);
    facts.redirector = query::redirector(&parts, &facts.params);
    facts
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

/// The five components of RFC 3986 Appendix B, split from the raw text without any normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawParts<'a> {
    pub scheme: Option<&'a str>,
    /// Between `//` and the next `/`, `?` or `#`.
    pub authority: Option<&'a str>,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

impl<'a> RawParts<'a> {
    /// `^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?`
    pub fn split(raw: &'a str) -> Self {
        let (rest, fragment) = match raw.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (raw, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (scheme, rest) = match rest.find([':', '/']) {
            Some(i) if i > 0 && rest.as_bytes()[i] == b':' => (Some(&rest[..i]), &rest[i + 1..]),
            _ => (None, rest),
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(r) => {
                let end = r.find('/').unwrap_or(r.len());
                (Some(&r[..end]), &r[end..])
            }
            None => (None, rest),
        };
        RawParts {
            scheme,
            authority,
            path,
            query,
            fragment,
        }
    }

    /// The authority without userinfo, split into host and port as written.
    pub fn host_port(&self) -> Option<(&'a str, Option<&'a str>)> {
        let authority = self.authority?;
        let hp = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if hp.starts_with('[') {
            return Some(match hp.find(']') {
                Some(i) => (&hp[..=i], hp[i + 1..].strip_prefix(':')),
                None => (hp, None),
            });
        }
        if hp.matches(':').count() > 1 {
            return Some((hp, None)); // an unbracketed IPv6 address: `invalid` says so
        }
        Some(match hp.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hp, None),
        })
    }
}

/// The first wildcard or pattern token (docs/rules-background.md), read from the raw text because the
/// url crate decodes `%2A` and percent-encodes braces.
fn wildcard(raw: &str, parts: &RawParts) -> Option<String> {
    let trimmed = raw.trim();
    if matches!(trimmed, "*" | "**" | ".*") {
        return Some(format!("`{trimmed}`, which matches every URL"));
    }
    let (host, port) = parts.host_port().unwrap_or(("", None));
    let ipv6 = host.starts_with('[');
    if port == Some("*") {
        return Some("a `*` port".into());
    }
    if host.contains('*') {
        return Some("`*` in the host".into());
    }
    if parts.scheme.is_some_and(|s| s.contains('*')) {
        return Some("`*` in the scheme".into());
    }
    if parts.path.ends_with("/*") || parts.path.ends_with("/**") {
        return Some("a trailing `/*` (prefix matching)".into());
    }
    if parts.path.contains('*') {
        return Some("`*` in the path".into());
    }
    if parts.query.is_some_and(|q| q.contains('*')) || raw.ends_with('*') {
        return Some("`*` in the query".into());
    }
    if raw.to_ascii_lowercase().contains("%2a") {
        return Some("`%2A` (a percent-encoded `*`)".into());
    }
    let host_and_path = [if ipv6 { "" } else { host }, parts.path];
    if host_and_path.iter().any(|s| s.contains('[') && s.contains(']')) {
        return Some("a `[...]` character class".into());
    }
    if trimmed.starts_with('^') || trimmed.ends_with('$') {
        return Some("regular-expression anchors (`^…$`)".into());
    }
    if host_and_path.iter().any(|s| {
        s.find('(')
            .is_some_and(|o| s[o..].contains('|') && s[o..].contains(')'))
    }) {
        return Some("a `(a|b)` alternation".into());
    }
    let braces = raw.find('{').is_some_and(|o| raw[o..].contains('}'));
    if braces {
        return Some("a `{…}` template token".into());
    }
    None
}

/// Why the value is not one absolute URI that RFC 3986 and the WHATWG parser read alike.
fn invalid(raw: &str, parts: &RawParts, facts: &UriFacts) -> Option<String> {
    if raw.trim().is_empty() {
        return Some("is empty".into());
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains whitespace or control characters, which browsers strip before visiting the URL".into());
    }
    if raw.contains('\\') {
        return Some("contains a backslash, which browsers read as `/` while RFC 3986 does not allow it at all".into());
    }
    let scheme = facts.scheme.as_deref()?; // relative: reported through `relative`
    let after = &raw[scheme.len() + 1..];
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(format!(
            "has no scheme: `{scheme}:{}` reads `{scheme}` as the scheme; write `https://` in front",
            after.split('/').next().unwrap_or_default()
        ));
    }
    let special = matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ws" | "wss" | "ftp"
    );
    if special && !after.starts_with("//") {
        return Some(format!(
            "lacks `//` after `{scheme}:`: browsers read what follows as the host, RFC 3986 as a path"
        ));
    }
    if special && after.starts_with("///") {
        return Some(format!(
            "has an empty host (`{scheme}:///`): browsers skip the extra slashes, RFC 3986 does not"
        ));
    }
    if let Some((host, _)) = parts.host_port() {
        if !host.starts_with('[') && host.matches(':').count() > 0 {
            return Some("has an IPv6 host without brackets (write `[::1]`)".into());
        }
        if host.starts_with('[') && host.contains('%') {
            return Some("has an IPv6 zone id, which is local to one machine and not allowed in URLs".into());
        }
    }
    if facts.wildcard.is_some() {
        return None; // the pattern explains any parse failure; `redirect-uri-wildcard` reports it
    }
    let Some(url) = facts.parsed.as_ref() else {
        let why = Url::parse(raw).err().map(|e| e.to_string()).unwrap_or_default();
        return Some(format!("cannot be parsed as a URL ({why})"));
    };
    if let Some(c) = raw.chars().find(|c| "\"<>`{}|^".contains(*c)) {
        return Some(format!(
            "contains `{c}`, which RFC 3986 does not allow and browsers percent-encode"
        ));
    }
    if !parts.path.is_ascii() || parts.query.is_some_and(|q| !q.is_ascii()) {
        return Some("has non-ASCII characters outside the host, which browsers percent-encode before sending".into());
    }
    let bad_percent = raw.match_indices('%').any(|(i, _)| {
        let hex = raw.get(i + 1..i + 3).unwrap_or("");
        hex.len() != 2 || !hex.chars().all(|c| c.is_ascii_hexdigit())
    });
    if bad_percent {
        return Some("has a `%` that does not start a percent-encoded byte".into());
    }
    // An IPv4 address in another notation (`10.1`, `0x0a.0.0.1`, `167772161`) is a host name to
    // RFC 3986 and an address to browsers. Loopback spellings are left to the loopback rules.
    if let (Some(Host::Ipv4(ip)), Some((written, _))) = (url.host(), parts.host_port()) {
        let canonical = ip.to_string();
        if !ip.is_loopback() && written.trim_end_matches('.') != canonical {
            return Some(format!(
                "has host `{written}`, a host name to RFC 3986 but the IPv4 address `{canonical}` to browsers"
            ));
        }
    }
    // The host as browsers will use it versus the host as written.
    if let (Some(Host::Domain(parsed)), Some((written, _))) = (url.host(), parts.host_port()) {
        let written = percent_decode(written).to_ascii_lowercase();
        if written.is_ascii() && !written.contains("xn--") && !written.eq_ignore_ascii_case(parsed) {
            return Some(format!(
                "has host `{written}` as written, but browsers visit `{parsed}`"
            ));
        }
    }
    None
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value as it may appear in a message: a password in the userinfo is masked, and control, bidi
/// and invisible characters are shown as escapes (`escape::text`), so a message stays on one line
/// and reads as what it is.
pub fn display(raw: &str) -> String {
    let mut shown = raw.to_string();
    if let Some(authority) = RawParts::split(raw).authority {
        if let Some((userinfo, _)) = authority.rsplit_once('@') {
            if let Some((user, _password)) = userinfo.split_once(':') {
                let start = raw.find(authority).unwrap_or(0);
                shown = format!("{}{user}:****{}", &raw[..start], &raw[start + userinfo.len()..]);
            }
        }
    }
    crate::escape::text(&shown).into_owned()
}

/// Whether `label` (lower-case) is a plausible first label of a reverse-domain scheme: a country
/// code or a common generic top-level domain. A compact list, not the whole IANA root zone: a rare
/// gTLD (`.museum`, brand TLDs) is reported as implausible.
pub fn is_plausible_tld(label: &str) -> bool {
    let label = label.to_ascii_lowercase();
    if label.len() == 2 {
        return CCTLDS.split_ascii_whitespace().any(|t| t == label);
    }
    GTLDS.split_ascii_whitespace().any(|t| t == label)
}

/// Country-code TLDs in the IANA root zone (ISO 3166-1 alpha-2 plus `ac`, `eu`, `su`, `uk`).
const CCTLDS: &str = "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj \
bm bn bo bq br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do \
dz ec ee eg er es et eu fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk \
hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li \
lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng \
ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg \
sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk \
us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

/// Generic TLDs that app identifiers commonly start with.
const GTLDS: &str = "com net org edu gov mil int info biz name pro aero coop museum mobi app dev io \
ai page cloud tech online site xyz store shop blog design digital software solutions systems services \
network group company global world one fun games health bank insurance finance money pay link live \
media news social studio team tools work zone life email space website agency consulting ventures \
academy education school university travel today";

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(raw: &str) -> UriFacts {
        super::analyze(raw, &Placeholders::default())
    }

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
            // WHATWG IPv4 parsing: octal, hex, 2- and 3-part forms, one 32-bit number, a trailing dot.
            "http://0177.0.0.1/cb",
            "http://0x7f.1/cb",
            "http://127.0.1/cb",
            "http://017700000001/cb",
            "http://0x7f000001/cb",
            "http://127.0.0.1./cb",
            "http://[::0:1]/cb",
            "http://[0::1]/cb",
            "http://[::FFFF:7f00:1]/cb",
            "http://%6Cocalhost/cb",
            "http://LocalHost/cb",
            "http://a.b.localhost/cb",
        ] {
            assert_eq!(host(other), HostClass::LoopbackOther, "{other}");
        }
        // IPv4-compatible `::127.0.0.1` is deprecated and not routed to loopback (RFC 4291 §2.5.5.1).
        assert_eq!(host("http://[::127.0.0.1]/cb"), HostClass::IpLiteral);
    }

    #[test]
    fn scheme_classes_are_read_as_browsers_read_them() {
        let class = |raw: &str| analyze(raw).scheme_class;
        for dangerous in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
            "blob:https://a.example/1",
            "view-source:https://a.example/",
        ] {
            assert_eq!(class(dangerous), Some(SchemeClass::Dangerous), "{dangerous:?}");
        }
        for other in [
            "mailto:a@b.example",
            "urn:ietf:wg:oauth:2.0:oob",
            "wss://a.example/cb",
            "ftp://a.example/",
        ] {
            assert_eq!(class(other), Some(SchemeClass::OtherRegistered), "{other}");
        }
        assert_eq!(class("com.example.app:/cb"), Some(SchemeClass::PrivateUse));
        assert_eq!(class("HTTPS://a.example/cb"), Some(SchemeClass::Https));
        assert_eq!(class("/cb"), None);
    }

    #[test]
    fn non_loopback_ipv4_shorthands_are_parser_disagreements() {
        for raw in [
            "https://10.1/cb",
            "https://0x0a.0.0.1/cb",
            "https://167772161/cb",
            "https://010.0.0.1/cb",
        ] {
            let why = invalid_reason(raw).unwrap_or_default();
            assert!(why.contains("10.0.0.1"), "{raw}: {why}");
        }
        assert_eq!(invalid_reason("https://10.0.0.1/cb"), None);
        assert_eq!(
            invalid_reason("http://127.1/cb"),
            None,
            "loopback spellings go to the loopback rules"
        );
    }

    #[test]
    fn idn_hosts_carry_both_forms() {
        let f = analyze("https://bücher.example/cb");
        let idn = f.idn.unwrap();
        assert!(idn.written_unicode);
        assert_eq!(idn.ascii, "xn--bcher-kva.example");
        let f = analyze("https://xn--80ak6aa92e.com/cb");
        assert!(f.idn.unwrap().homograph.is_some());
        assert_eq!(analyze("https://app.example.com/cb").idn, None);
    }

    #[test]
    fn query_facts() {
        let f = analyze("https://app.example.com/cb?state=x&next=/home&a=1&a=2");
        assert_eq!(f.reserved_params, ["state"]);
        assert_eq!(f.repeated_params, ["a"]);
        assert!(f.redirector.is_some());
        let f = analyze("https://app.example.com/cb");
        assert!(f.params.is_empty() && f.redirector.is_none());
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
    fn unparsable_hosts_are_still_classified() {
        assert_eq!(host("http://localhost:*"), HostClass::LoopbackOther);
        assert_eq!(host("http://127.0.0.1:*/cb"), HostClass::LoopbackLiteral);
        assert_eq!(analyze("http://[::1]:*/cb").platform, Platform::Loopback);
        assert_eq!(host("https://app.example.com:*/cb"), HostClass::DnsName);
    }

    #[test]
    fn hosts_that_are_not_loopback() {
        assert_eq!(host("https://localhost.evil.com/cb"), HostClass::DnsName);
        assert_eq!(host("https://10.0.0.1/cb"), HostClass::IpLiteral);
        assert_eq!(host("https://bücher.example/cb"), HostClass::Idn);
        assert_eq!(host("https://xn--bcher-kva.example/cb"), HostClass::Idn);
    }

    fn invalid_reason(raw: &str) -> Option<String> {
        analyze(raw).invalid
    }

    #[test]
    fn invalid_uris_and_parser_disagreements() {
        for bad in [
            "",
            "   ",
            " https://app.example.com/cb",
            "https://app.example.com/cb\n",
            "https://app.exa\tmple.com/cb",
            "https://good.example\\@evil.example/",
            "https:/app.example.com/cb",
            "https:app.example.com/cb",
            "https:///app.example.com/cb",
            "http://::1/cb",
            "http://[fe80::1%25eth0]/cb",
            "http://[fe80::1%eth0]/cb",
            "https://app.example.com:99999/cb",
            "localhost:3000/cb",
            "https://app.example.com/a\"b",
            "https://app.example.com/caf\u{e9}",
            "https://app.example.com/%zz",
        ] {
            assert!(invalid_reason(bad).is_some(), "{bad:?} should be invalid");
        }
        for good in [
            "https://app.example.com/cb",
            "https://app.example.com/cb?x=1",
            "http://127.0.0.1:8080/cb",
            "http://[::1]/cb",
            "com.example.app:/oauth2redirect",
            "com.example.app://callback",
            "com.example.app://Callback",
            "https://b\u{fc}cher.example/cb",
            "https://APP.example.com:443/a/../cb",
            "https://app.example.com/a%20b",
            // equal once decoded: `redirect-uri-not-normalized` territory, not invalid
            "https://exa%6Dple.com/cb",
        ] {
            assert_eq!(invalid_reason(good), None, "{good:?}");
        }
    }

    #[test]
    fn relative_values_are_flagged_not_invalid() {
        for rel in ["/cb", "/*", "//app.example.com/cb", "cb"] {
            let f = analyze(rel);
            assert!(f.relative, "{rel}");
            assert_eq!(f.invalid, None, "{rel}");
        }
        assert!(!analyze("https://app.example.com/cb").relative);
    }

    #[test]
    fn wildcards() {
        for w in [
            "*",
            "/*",
            "https://*.example.com/cb",
            "https://*/cb",
            "https://app.*.example.com/cb",
            "http://localhost:*",
            "http://localhost:*/cb",
            "http://localhost:3000/*",
            "https://app.example.com/**",
            "https://app.example.com*",
            "https://%2A.example.com/cb",
            "https://%2a.example.com/cb",
            "https://app.example.com/cb?x=*",
            "https://app[0-9].example.com/cb",
            "https://app.example.com/cb/[a-z]+",
            "^https://app\\.example\\.com/.*$",
            "https://app.example.com/.*",
            "https://(a|b).example.com/cb",
            "https://app.example.com/(cb|callback)",
            "{baseUrl}/cb",
            "https://app.example.com/{tenant}/cb",
            "myapp*:/cb",
        ] {
            assert!(analyze(w).wildcard.is_some(), "{w} should be a wildcard");
        }
        for exact in [
            "https://app.example.com/cb",
            "http://[::1]:8080/cb",
            "http://[::ffff:127.0.0.1]/cb",
            "https://app.example.com/cb?a=1&b=2",
            "com.example.app:/cb",
        ] {
            assert_eq!(analyze(exact).wildcard, None, "{exact}");
        }
    }

    #[test]
    fn a_placeholder_where_the_scheme_is_makes_the_whole_value_a_placeholder() {
        for p in [
            "${BASE_URL}/cb",
            "{{ .Env.CALLBACK }}",
            "@@CALLBACK@@",
            "${host}/*",
            "!Ref CallbackUrl",
            "%BASE_URL%/cb",
        ] {
            let f = analyze(p);
            assert!(f.placeholder, "{p}");
            assert_eq!(
                (f.invalid, f.wildcard, f.fragment, f.userinfo, f.relative),
                (None, None, false, None, false),
                "{p}"
            );
        }
    }

    #[test]
    fn a_placeholder_host_is_unknown_but_the_scheme_and_path_are_judged() {
        let f = analyze("http://${HOST}/cb");
        assert!(!f.placeholder && f.templated);
        assert_eq!(f.host_class, HostClass::Placeholder);
        assert_eq!(f.scheme_class, Some(SchemeClass::Http));
        assert_eq!(f.platform, Platform::Other);
        assert_eq!(f.invalid, None);
        assert_eq!(f.normal, None);
        let f = analyze("https://##ENV##.example.com:${PORT}/cb/*");
        assert_eq!(f.host_class, HostClass::Placeholder);
        assert_eq!(f.platform, Platform::WebHttps);
        assert_eq!(f.wildcard.as_deref(), Some("a trailing `/*` (prefix matching)"));
        assert!(!f.fragment, "`##ENV##` is no fragment");
        let f = analyze("http://localhost:${PORT}/cb");
        assert_eq!(
            f.host_class,
            HostClass::LoopbackOther,
            "a placeholder port leaves the host known"
        );
        assert_eq!(f.platform, Platform::Loopback);
    }

    #[test]
    fn a_placeholder_in_the_path_leaves_the_host_known() {
        let f = analyze("http://localhost:8080/{{ .Values.path }}/cb");
        assert_eq!(f.host_class, HostClass::LoopbackOther);
        assert_eq!(f.platform, Platform::Loopback);
        assert_eq!(
            f.invalid, None,
            "braces of a placeholder are not reported as characters RFC 3986 forbids"
        );
        assert_eq!(f.wildcard, None, "nor as a `{{…}}` template token");
        let f = analyze("/cb/${TENANT}");
        assert!(f.relative && !f.placeholder);
    }

    #[test]
    fn fragments_and_userinfo() {
        assert!(analyze("https://app.example.com/cb#").fragment);
        assert!(analyze("https://app.example.com/cb#x").fragment);
        assert!(!analyze("https://app.example.com/cb").fragment);
        assert_eq!(analyze("https://user@app.example.com/cb").userinfo, Some(false));
        assert_eq!(analyze("https://user:pw@app.example.com/cb").userinfo, Some(true));
        assert_eq!(analyze("https://trusted.example@evil.example/cb").userinfo, Some(false));
        assert_eq!(analyze("https://app.example.com/@cb").userinfo, None);
        assert_eq!(analyze("https://app.example.com/cb?u=a@b").userinfo, None);
    }

    #[test]
    fn display_masks_passwords_and_escapes_controls() {
        assert_eq!(
            display("https://user:s3cret@app.example.com/cb"),
            "https://user:****@app.example.com/cb"
        );
        assert_eq!(
            display("https://user@app.example.com/cb"),
            "https://user@app.example.com/cb"
        );
        assert_eq!(display("https://app.example.com/cb\n"), "https://app.example.com/cb\\n");
        assert!(!display("https://a:hunter2@b.example/").contains("hunter2"));
    }

    #[test]
    fn raw_parts() {
        let p = RawParts::split("https://u@h.example:8443/p/a?q=1#f");
        assert_eq!(p.scheme, Some("https"));
        assert_eq!(p.authority, Some("u@h.example:8443"));
        assert_eq!(p.host_port(), Some(("h.example", Some("8443"))));
        assert_eq!((p.path, p.query, p.fragment), ("/p/a", Some("q=1"), Some("f")));
        assert_eq!(
            RawParts::split("http://[::1]:80/cb").host_port(),
            Some(("[::1]", Some("80")))
        );
        assert_eq!(RawParts::split("/cb").scheme, None);
    }

    proptest::proptest! {
        /// URI-shaped text full of the characters the analysis slices around never panics, and a
        /// normal form is a fixed point.
        #[test]
        fn analysis_never_panics_and_normal_forms_are_stable(
            raw in "(HTTPS?|https?|com\\.ex|xn--|javascript)?:?(//)?[a-zA-Z0-9%.:@\\[\\]*?#&=/\\\\é\u{430}-]{0,40}"
        ) {
            let facts = analyze(&raw);
            if let Some(normal) = facts.normal {
                let again = analyze(&normal.form).normal.map(|n| n.form);
                proptest::prop_assert_eq!(again.as_deref().unwrap_or(normal.form.as_str()), normal.form.as_str());
            }
        }
    }

    #[test]
    fn tlds() {
        for t in ["com", "io", "de", "uk", "app", "dev", "org", "net", "COM"] {
            assert!(is_plausible_tld(t), "{t}");
        }
        for t in ["myapp", "x", "zz", "localhost", "app1"] {
            assert!(!is_plausible_tld(t), "{t}");
        }
    }
}
