//! Category D: redirect URIs and origins.
//!
//! Every fact about a URI comes from [`crate::uri::analyze`]; the rules here only decide what to
//! report. A template placeholder (`${BASE_URL}/cb`) is not a URI yet, so no rule judges it. Each
//! rule reports at most one finding per URI, at that URI. Messages show URIs through
//! [`uri::display`], which masks a password in the userinfo.

use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::ClientType;
use crate::model::Field;
use crate::uri::{self, HostClass, SchemeClass, UriFacts};

pub const RULES: &[(&str, Check)] = &[
    ("redirect-uri-invalid", Check::Client(redirect_uri_invalid)),
    ("redirect-uri-wildcard", Check::Client(redirect_uri_wildcard)),
    ("redirect-uri-fragment", Check::Client(redirect_uri_fragment)),
    ("redirect-uri-http", Check::Client(redirect_uri_http)),
    (
        "redirect-uri-dangerous-scheme",
        Check::Client(redirect_uri_dangerous_scheme),
    ),
    ("redirect-uri-userinfo", Check::Client(redirect_uri_userinfo)),
    (
        "native-redirect-localhost-name",
        Check::Client(native_redirect_localhost_name),
    ),
    (
        "native-custom-scheme-not-reverse-domain",
        Check::Client(native_custom_scheme_not_reverse_domain),
    ),
    ("web-origin-invalid", Check::Client(web_origin_invalid)),
];

/// The client's redirect URIs with their facts, placeholders left out.
fn redirects<'a>(cx: &Ctx<'a>) -> impl Iterator<Item = (&'a Field<String>, &'a UriFacts)> {
    cx.redirects.iter().map(|r| (r.field, &r.facts))
}

/// Keycloak resolves a relative redirect (`/cb`, `/*`) against the client's root URL.
fn resolves_relative(cx: &Ctx) -> bool {
    cx.client.format == "keycloak"
}

fn redirect_uri_invalid(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let reason = match (&facts.invalid, facts.relative) {
            (Some(reason), _) => reason.clone(),
            (None, true) => {
                let only_pattern = r.value.trim_matches(['/', '*']).is_empty();
                if resolves_relative(cx) || only_pattern {
                    // Keycloak fills in the root URL; a bare `*` or `/*` is all wildcard, which
                    // `redirect-uri-wildcard` reports.
                    continue;
                }
                if r.value.starts_with("//") {
                    "has no scheme (`//host/path` is a scheme-relative reference)".to_string()
                } else {
                    "has no scheme, so it is not an absolute URI".to_string()
                }
            }
            (None, false) => continue,
        };
        out.push(
            Finding::on(
                "redirect-uri-invalid",
                cx.client,
                &r.origin,
                format!("redirect URI `{}` {reason}", uri::display(&r.value)),
            )
            .label("not a valid absolute URI")
            .help("register the exact absolute URL the browser will visit, e.g. `https://app.example.com/callback`"),
        );
    }
}

fn redirect_uri_wildcard(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let Some(token) = &facts.wildcard else { continue };
        let help = if facts.is_loopback() || r.value.contains("localhost") {
            "register the exact loopback URI, e.g. `http://127.0.0.1/callback`: the server must accept any port for loopback redirects (RFC 8252 §7.3)"
        } else {
            "register every callback URL in full; exact string matching is the only safe comparison"
        };
        out.push(
            Finding::on(
                "redirect-uri-wildcard",
                cx.client,
                &r.origin,
                format!("redirect URI `{}` contains {token}", uri::display(&r.value)),
            )
            .label("pattern instead of an exact URI")
            .help(help),
        );
    }
}

fn redirect_uri_fragment(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        if !facts.fragment {
            continue;
        }
        let without = uri::display(r.value.split('#').next().unwrap_or_default());
        out.push(
            Finding::on(
                "redirect-uri-fragment",
                cx.client,
                &r.origin,
                format!(
                    "redirect URI `{}` has a fragment, which the authorization response would corrupt",
                    uri::display(&r.value)
                ),
            )
            .label("`#` fragment in a redirect URI")
            .help(format!("register `{without}` without the fragment")),
        );
    }
}

/// http is allowed only for a native app's loopback redirect (RFC 9700 §2.6). Away from loopback
/// the type does not matter; on loopback it does, so that case is type-dependent and the engine
/// drops it when the type is unknown.
fn redirect_uri_http(cx: &Ctx, out: &mut Vec<Finding>) {
    let native = cx.inference.client_type == ClientType::Native;
    for (r, facts) in redirects(cx) {
        if facts.scheme_class != Some(SchemeClass::Http) {
            continue;
        }
        let shown = uri::display(&r.value);
        let https = shown.replacen(facts.scheme.as_deref().unwrap_or("http"), "https", 1);
        if facts.is_loopback() {
            if native {
                continue;
            }
            out.push(
                Finding::on(
                    "redirect-uri-http",
                    cx.client,
                    &r.origin,
                    format!(
                        "redirect URI `{shown}` is plain-http loopback, which only native apps may use; this is a {} client",
                        cx.inference.client_type
                    ),
                )
                .label("http loopback on a non-native client")
                .help(format!(
                    "register the deployed `https://` URL, and keep development redirects on a separate development client (or use `{https}`)"
                ))
                .type_dependent(),
            );
        } else {
            out.push(
                Finding::on(
                    "redirect-uri-http",
                    cx.client,
                    &r.origin,
                    format!("redirect URI `{shown}` sends codes and tokens over plain http"),
                )
                .label("unencrypted redirect URI")
                .help(format!("register `{https}`")),
            );
        }
    }
}

fn redirect_uri_dangerous_scheme(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let scheme = facts.scheme.as_deref().unwrap_or_default();
        let (severity, message) = match facts.scheme_class {
            Some(SchemeClass::Dangerous) => (
                Severity::Error,
                format!("redirect URI uses the `{scheme}:` scheme, which runs or reads content instead of delivering the response to an app"),
            ),
            Some(SchemeClass::OtherRegistered) => (
                Severity::Warning,
                format!("redirect URI uses the `{scheme}:` scheme, which is not an app callback"),
            ),
            _ => continue,
        };
        out.push(
            Finding::on("redirect-uri-dangerous-scheme", cx.client, &r.origin, message)
                .severity(severity)
                .label(format!("`{scheme}:` redirect"))
                .help("register an `https://` URL, a loopback `http://127.0.0.1/...` URL for a native app, or a reverse-domain scheme such as `com.example.app:/callback`"),
        );
    }
}

fn redirect_uri_userinfo(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let Some(password) = facts.userinfo else { continue };
        let host = uri::RawParts::split(&r.value)
            .host_port()
            .map(|(h, _)| h.to_string())
            .unwrap_or_default();
        let what = if password {
            "a user name and password"
        } else {
            "a user name"
        };
        out.push(
            Finding::on(
                "redirect-uri-userinfo",
                cx.client,
                &r.origin,
                format!(
                    "redirect URI `{}` has {what} before `@`; the real host is `{host}`",
                    uri::display(&r.value)
                ),
            )
            .label("userinfo in a redirect URI")
            .help("remove everything between `//` and `@`, and never put credentials in a URL"),
        );
    }
}

/// RFC 8252 §8.3: native apps should use the loopback IP literals, not `localhost` or other
/// spellings. Native-only, hence type-dependent.
fn native_redirect_localhost_name(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.inference.client_type != ClientType::Native {
        return;
    }
    let all: Vec<_> = redirects(cx).collect();
    let has_v4 = all
        .iter()
        .any(|(r, f)| f.host_class == HostClass::LoopbackLiteral && uri::raw_host(&r.value) == Some("127.0.0.1"));
    let has_v6 = all
        .iter()
        .any(|(r, f)| f.host_class == HostClass::LoopbackLiteral && uri::raw_host(&r.value) == Some("[::1]"));
    for (r, facts) in &all {
        if facts.scheme_class != Some(SchemeClass::Http) || facts.host_class != HostClass::LoopbackOther {
            continue;
        }
        // Rewritten from the raw text, so an unparsable `http://localhost:*` gets advice too (the
        // `*` port dropped: the server must accept any loopback port anyway).
        let parts = uri::RawParts::split(&r.value);
        let Some((host, port)) = parts.host_port() else {
            continue;
        };
        let written = match port {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        };
        let with_host = |literal: &str| {
            let target = match port {
                Some(p) if p != "*" => format!("{literal}:{p}"),
                _ => literal.to_string(),
            };
            uri::display(&r.value.replacen(&written, &target, 1))
        };
        let (v4, v6) = (with_host("127.0.0.1"), with_host("[::1]"));
        let help = match (has_v4, has_v6) {
            (true, false) => {
                format!("use `{v4}`, and also register `{v6}` so the app works where only IPv6 loopback is available")
            }
            (false, true) => {
                format!("use `{v6}`, and also register `{v4}` so the app works where only IPv4 loopback is available")
            }
            _ => format!("register `{v4}` and `{v6}` (the server must accept any port on them)"),
        };
        out.push(
            Finding::on(
                "native-redirect-localhost-name",
                cx.client,
                &r.origin,
                format!(
                    "loopback redirect `{}` names its host `{}` instead of the IP literal `127.0.0.1` or `[::1]`",
                    uri::display(&r.value),
                    host
                ),
            )
            .label("not a loopback IP literal")
            .help(help)
            .type_dependent(),
        );
    }
}

/// RFC 8252 §7.1: private-use schemes are reverse domain names the app's owner controls. Not
/// gated on the type: any client with such a redirect is a native app in disguise.
fn native_custom_scheme_not_reverse_domain(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        if facts.scheme_class != Some(SchemeClass::PrivateUse) || facts.invalid.is_some() {
            continue;
        }
        let scheme = facts.scheme.as_deref().unwrap_or_default();
        // Entra's nested app authentication requires `brk-<broker>://` redirect URIs: the scheme
        // belongs to Microsoft's host apps (Teams, Outlook), so the developer has no other to pick.
        if cx.client.format == "entra" && scheme.starts_with("brk-") {
            continue;
        }
        let first = scheme.split('.').next().unwrap_or_default();
        let (severity, message, label) = if !scheme.contains('.') {
            (
                Severity::Error,
                format!("private-use scheme `{scheme}:` is not a reverse domain name, so any app can claim it"),
                "scheme without a `.`",
            )
        } else if !uri::is_plausible_tld(first) {
            (
                Severity::Warning,
                format!("private-use scheme `{scheme}:` does not start with a top-level domain (`{first}`), so it does not look like a reversed domain name"),
                "not a reverse domain name",
            )
        } else {
            continue;
        };
        out.push(
            Finding::on("native-custom-scheme-not-reverse-domain", cx.client, &r.origin, message)
                .severity(severity)
                .label(label)
                .help("use your domain reversed, e.g. `com.example.app:/callback` for example.com"),
        );
    }
}

fn web_origin_invalid(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(origins) = &cx.client.web_origins else { return };
    for o in origins.iter() {
        let value = o.value.trim();
        if uri::is_placeholder(value) {
            continue;
        }
        let Some((problem, help)) = origin_problem(cx, value) else {
            continue;
        };
        out.push(
            Finding::on(
                "web-origin-invalid",
                cx.client,
                &o.origin,
                format!("web origin `{}` {problem}", uri::display(&o.value)),
            )
            .label("not an exact origin")
            .help(help),
        );
    }
}

/// What is wrong with one origin entry, and what to write instead.
fn origin_problem(cx: &Ctx, value: &str) -> Option<(String, String)> {
    let list_them = "list each origin exactly as the browser sends it, e.g. `https://app.example.com`".to_string();
    if value == "+" && cx.client.format == "keycloak" {
        // `+` allows the origins of the redirect URIs: as loose as the loosest of them.
        let wild = redirects(cx).find(|(_, f)| f.wildcard.is_some())?;
        return Some((
            format!(
                "allows the origins of the redirect URIs, and `{}` is a wildcard",
                uri::display(&wild.0.value)
            ),
            list_them,
        ));
    }
    if value == "*" {
        return Some((
            "allows every website to call the server for this client".into(),
            list_them,
        ));
    }
    if value.eq_ignore_ascii_case("null") {
        return Some((
            "matches sandboxed frames and `file:` pages, which any site can create".into(),
            list_them,
        ));
    }
    let facts = uri::analyze(value);
    if let Some(token) = &facts.wildcard {
        return Some((format!("contains {token}"), list_them));
    }
    let Some(url) = facts
        .parsed
        .as_ref()
        .filter(|_| facts.invalid.is_none() && !facts.relative)
    else {
        return Some(("is not an origin (`scheme://host[:port]`)".into(), list_them));
    };
    let serialized = url.origin().ascii_serialization();
    if serialized == "null" {
        return Some(("is not an origin (`scheme://host[:port]`)".into(), list_them));
    }
    if facts.scheme_class == Some(SchemeClass::Http) && !facts.is_loopback() {
        let https = serialized.replacen("http", "https", 1);
        return Some((
            "lets pages served over plain http call the server".into(),
            format!("use `{https}`"),
        ));
    }
    if value == serialized {
        return None;
    }
    let parts = uri::RawParts::split(value);
    let problem = if facts.userinfo.is_some() {
        "has userinfo, which an origin never has".to_string()
    } else if parts.query.is_some() || parts.fragment.is_some() {
        "has a query or fragment, which an origin never has".to_string()
    } else if parts.path == "/" {
        "ends in `/`, which browsers never send in an `Origin` header".to_string()
    } else if !parts.path.is_empty() {
        format!("has a path (`{}`), which an origin never has", parts.path)
    } else {
        format!("is not written as browsers send it (`{serialized}`)")
    };
    Some((problem, format!("use `{serialized}`")))
}
