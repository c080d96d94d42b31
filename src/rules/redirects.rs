//! Category D: redirect URIs, one URI at a time (the native-app rules are in `native_redirects.rs`,
//! post-logout URIs and web origins in `other_uris.rs`).
//!
//! Every fact about a URI comes from [`crate::uri::analyze`]; the rules here only decide what to
//! report. A template placeholder (`${BASE_URL}/cb`) is not a URI yet, so no rule judges it. Each
//! rule reports at most one finding per URI, at that URI. Messages show URIs through
//! [`uri::display`], which masks a password in the userinfo.

use super::{fixes, Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::ClientType;
use crate::model::Field;
use crate::uri::{self, HostClass, SchemeClass, UriFacts};
use std::collections::hash_map::{Entry, HashMap};
use std::net::IpAddr;

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
        "redirect-uri-reserved-query-param",
        Check::Client(redirect_uri_reserved_query_param),
    ),
    (
        "redirect-uri-open-redirect-param",
        Check::Client(redirect_uri_open_redirect_param),
    ),
    (
        "redirect-uri-not-normalized",
        Check::Client(redirect_uri_not_normalized),
    ),
    ("redirect-uri-idn-host", Check::Client(redirect_uri_idn_host)),
    ("redirect-uri-shared-host", Check::Client(redirect_uri_shared_host)),
];

/// The client's redirect URIs with their facts, placeholders left out.
pub(super) fn redirects<'a>(cx: &Ctx<'a>) -> impl Iterator<Item = (&'a Field<String>, &'a UriFacts)> {
    cx.redirects.iter().map(|r| (r.field, &r.facts))
}

fn redirect_uri_invalid(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let Some(reason) = invalid_reason(cx, &r.value, facts) else {
            continue;
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

/// Why a value is not one absolute URI, also read by `post-logout-redirect-uri-insecure`.
pub(super) fn invalid_reason(cx: &Ctx, raw: &str, facts: &UriFacts) -> Option<String> {
    if let Some(reason) = &facts.invalid {
        return Some(reason.clone());
    }
    // Keycloak fills in the root URL; a bare `*` or `/*` is all wildcard, which
    // `redirect-uri-wildcard` reports.
    if !facts.relative || cx.client.vendor.resolves_relative_redirects || raw.trim_matches(['/', '*']).is_empty() {
        return None;
    }
    Some(if raw.starts_with("//") {
        "has no scheme (`//host/path` is a scheme-relative reference)".to_string()
    } else {
        "has no scheme, so it is not an absolute URI".to_string()
    })
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
/// drops it when the type is unknown. `--allow-dev-loopback` lowers that case to a warning, except
/// under `--profile oauth21`, which removes the allowance (docs/rules-background.md).
fn redirect_uri_http(cx: &Ctx, out: &mut Vec<Finding>) {
    let dev_allowed = cx.options.allow_dev_loopback && !cx.profile_is("oauth21");
    for (r, facts) in redirects(cx) {
        if facts.scheme_class != Some(SchemeClass::Http) {
            continue;
        }
        let shown = uri::display(&r.value);
        let https = shown.replacen(facts.scheme.as_deref().unwrap_or("http"), "https", 1);
        if !facts.is_loopback() {
            let fix = cx
                .client
                .redirect_uris
                .as_ref()
                .and_then(|list| fixes::to_https(r, list.iter()));
            out.push(fixes::with_fix(
                Finding::on(
                    "redirect-uri-http",
                    cx.client,
                    &r.origin,
                    format!("redirect URI `{shown}` sends codes and tokens over plain http"),
                )
                .label("unencrypted redirect URI")
                .help(format!("register `{https}`")),
                fix,
            ));
            continue;
        }
        // The loopback case is a development leftover of a web or browser app; a client
        // with no redirect-based flow (m2m) never uses the URI.
        if !matches!(cx.inference.client_type, ClientType::Web | ClientType::Spa) {
            continue;
        }
        let finding = Finding::on(
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
        .type_dependent();
        out.push(if dev_allowed {
            finding.severity(Severity::Warning)
        } else {
            finding
        });
    }
}

fn redirect_uri_dangerous_scheme(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let Some((severity, problem)) = scheme_problem(facts) else {
            continue;
        };
        let scheme = facts.scheme.as_deref().unwrap_or_default();
        out.push(
            Finding::on(
                "redirect-uri-dangerous-scheme",
                cx.client,
                &r.origin,
                format!("redirect URI {problem}"),
            )
            .severity(severity)
            .label(format!("`{scheme}:` redirect"))
            .help("register an `https://` URL, a loopback `http://127.0.0.1/...` URL for a native app, or a reverse-domain scheme such as `com.example.app:/callback`"),
        );
    }
}

/// A scheme that cannot deliver an authorization response to an app, and how bad it is; also read
/// by `post-logout-redirect-uri-insecure`.
pub(super) fn scheme_problem(facts: &UriFacts) -> Option<(Severity, String)> {
    let scheme = facts.scheme.as_deref().unwrap_or_default();
    match facts.scheme_class? {
        SchemeClass::Dangerous => Some((
            Severity::Error,
            format!("uses the `{scheme}:` scheme, which runs or reads content instead of delivering the response to an app"),
        )),
        // Google's retired out-of-band flow: the code is shown to the user to copy by hand.
        SchemeClass::OtherRegistered if scheme.eq_ignore_ascii_case("urn") && facts.parsed.as_ref().is_some_and(|u| u.path().starts_with("ietf:wg:oauth:2.0:oob")) => Some((
            Severity::Warning,
            "is the out-of-band `urn:ietf:wg:oauth:2.0:oob` value, which shows the code to the user to copy by hand (Google removed this flow in 2022)".into(),
        )),
        SchemeClass::OtherRegistered => Some((
            Severity::Warning,
            format!("uses the `{scheme}:` scheme, which is not an app callback"),
        )),
        _ => None,
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

/// RFC 6749 §3.1: response parameters must not appear twice, so a redirect URI that already holds
/// one (or repeats any name) makes the client read a value the server did not send.
fn redirect_uri_reserved_query_param(cx: &Ctx, out: &mut Vec<Finding>) {
    let quoted = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    for (r, facts) in redirects(cx) {
        let mut problems = Vec::new();
        if !facts.reserved_params.is_empty() {
            problems.push(format!(
                "already has {}, which the authorization response adds itself",
                quoted(&facts.reserved_params)
            ));
        }
        if !facts.repeated_params.is_empty() {
            problems.push(format!("repeats {}", quoted(&facts.repeated_params)));
        }
        if problems.is_empty() {
            continue;
        }
        let (label, help) = if facts.reserved_params.is_empty() {
            ("repeated query parameter", "list each query parameter once")
        } else {
            (
                "response parameter in the registered query",
                "remove the response parameters from the registered URI; keep per-request data in `state`",
            )
        };
        out.push(
            Finding::on(
                "redirect-uri-reserved-query-param",
                cx.client,
                &r.origin,
                format!("redirect URI `{}` {}", uri::display(&r.value), problems.join(", and ")),
            )
            .label(label)
            .help(help),
        );
    }
}

/// RFC 9700 §4.11.1: a redirect endpoint that forwards to a location named in its own URL is an
/// open redirector for codes and tokens. A heuristic, hence a warning.
fn redirect_uri_open_redirect_param(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let Some(why) = &facts.redirector else { continue };
        out.push(
            Finding::on(
                "redirect-uri-open-redirect-param",
                cx.client,
                &r.origin,
                format!(
                    "redirect URI `{}` looks like a redirector: {why}",
                    uri::display(&r.value)
                ),
            )
            .label("redirector-style redirect URI")
            .help("register the callback endpoint itself, and keep where to go afterwards in server-side session state tied to `state`"),
        );
    }
}

/// RFC 9700 §4.1.3: redirect URIs are compared as strings, so the registered string should be the
/// one libraries and browsers produce.
fn redirect_uri_not_normalized(cx: &Ctx, out: &mut Vec<Finding>) {
    // The first entry with each normal form (a map, so a huge list stays linear).
    let mut first_with: HashMap<&str, &Field<String>> = HashMap::new();
    for (r, facts) in redirects(cx) {
        let Some(normal) = &facts.normal else { continue };
        let earlier = match first_with.entry(normal.form.as_str()) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(r);
                None
            }
        };
        let duplicate = earlier.map(|first| match first.value == r.value {
            true => "is listed twice".to_string(),
            false => format!("is the same URI as `{}` once normalised", uri::display(&first.value)),
        });
        let problem = match (normal.differences.is_empty(), &duplicate) {
            (true, None) => continue,
            (true, Some(dup)) => dup.clone(),
            (false, dup) => {
                let mut p = format!("is not in normal form: {}", normal.differences.join("; "));
                if let Some(dup) = dup {
                    p = format!("{p}; it {dup}");
                }
                p
            }
        };
        let help = match earlier {
            Some(_) => "remove the duplicate entry".to_string(),
            None if normal.form != r.value => format!("register `{}`", uri::display(&normal.form)),
            None => "register the URI with each character encoded once, as the client sends it".to_string(),
        };
        let mut finding = Finding::on(
            "redirect-uri-not-normalized",
            cx.client,
            &r.origin,
            format!("redirect URI `{}` {problem}", uri::display(&r.value)),
        )
        .label(if normal.differences.is_empty() {
            "duplicate entry"
        } else {
            "not in RFC 3986 normal form"
        })
        .help(help);
        if let Some(first) = earlier {
            finding = finding.related(&first.origin, "the same URI");
        }
        out.push(finding);
    }
}

/// A non-ASCII host never matches what the browser sends; an A-label that decodes to a look-alike
/// passes human review (UTS #39; the heuristic is in `uri/idn.rs`).
fn redirect_uri_idn_host(cx: &Ctx, out: &mut Vec<Finding>) {
    for (r, facts) in redirects(cx) {
        let Some(idn) = &facts.idn else { continue };
        let mut problems = Vec::new();
        if idn.written_unicode {
            problems.push(format!(
                "its host is written in Unicode, but browsers send `{}`, so exact matching fails",
                idn.ascii
            ));
        }
        if let Some(why) = &idn.homograph {
            problems.push(format!("the host reads as `{}` and {why}", idn.unicode));
        }
        if problems.is_empty() {
            continue;
        }
        out.push(
            Finding::on(
                "redirect-uri-idn-host",
                cx.client,
                &r.origin,
                format!("redirect URI `{}`: {}", uri::display(&r.value), problems.join("; ")),
            )
            .label("internationalised host")
            .help(format!(
                "register the host as browsers send it (`{}`) and check that it is the domain you own",
                idn.ascii
            )),
        );
    }
}

/// Hosts that tunnel to someone's machine; a name under them is handed out per session.
const TUNNEL_SUFFIXES: [&str; 10] = [
    "ngrok.io",
    "ngrok-free.app",
    "ngrok.app",
    "ngrok-free.dev",
    "trycloudflare.com",
    "loca.lt",
    "localtunnel.me",
    "serveo.net",
    "lhr.life",
    "pagekite.me",
];

/// Multi-tenant suffixes from the private section of the Public Suffix List where any customer
/// gets a name: a compact list of the common static-hosting and PaaS domains, not the whole list.
const SHARED_SUFFIXES: [&str; 22] = [
    "github.io",
    "gitlab.io",
    "herokuapp.com",
    "vercel.app",
    "netlify.app",
    "pages.dev",
    "workers.dev",
    "web.app",
    "firebaseapp.com",
    "appspot.com",
    "azurewebsites.net",
    "azurestaticapps.net",
    "cloudfront.net",
    "amplifyapp.com",
    "onrender.com",
    "fly.dev",
    "glitch.me",
    "surge.sh",
    "repl.co",
    "blogspot.com",
    "s3.amazonaws.com",
    "fly.io",
];

/// RFC 9700 §4.1.3 (risk-based): on a shared or reassignable host another tenant, or the next
/// owner of the name, receives the authorization response. Web and browser apps only.
fn redirect_uri_shared_host(cx: &Ctx, out: &mut Vec<Finding>) {
    if !matches!(cx.inference.client_type, ClientType::Web | ClientType::Spa) {
        return;
    }
    for (r, facts) in redirects(cx) {
        let Some(why) = shared_host(facts) else { continue };
        out.push(
            Finding::on(
                "redirect-uri-shared-host",
                cx.client,
                &r.origin,
                format!("redirect URI `{}` {why}", uri::display(&r.value)),
            )
            .label("shared or reassignable host")
            .help("serve the callback from a domain you own and control DNS for")
            .type_dependent(),
        );
    }
}

fn shared_host(facts: &UriFacts) -> Option<String> {
    let host = facts.parsed.as_ref()?.host()?;
    let name = match host {
        url::Host::Domain(d) => d.trim_end_matches('.').to_ascii_lowercase(),
        url::Host::Ipv4(ip) if facts.host_class == HostClass::IpLiteral => return Some(ip_note(IpAddr::V4(ip))),
        url::Host::Ipv6(ip) if facts.host_class == HostClass::IpLiteral => return Some(ip_note(IpAddr::V6(ip))),
        _ => return None,
    };
    let under = |suffix: &&&str| {
        name.strip_suffix(**suffix)
            .is_some_and(|head| head.ends_with('.') && head.len() > 1)
    };
    if let Some(s) = TUNNEL_SUFFIXES.iter().find(under) {
        return Some(format!(
            "is on the tunnelling service `{s}`, whose names are handed out per session"
        ));
    }
    SHARED_SUFFIXES
        .iter()
        .find(under)
        .map(|s| format!("is on `{s}`, a shared hosting domain where names are given to any customer"))
}

fn ip_note(ip: IpAddr) -> String {
    let private = match ip {
        IpAddr::V4(v4) => {
            v4.is_private() || v4.is_link_local() || v4.octets()[0] == 100 && (v4.octets()[1] & 0xC0) == 64
        }
        IpAddr::V6(v6) => (v6.segments()[0] & 0xfe00) == 0xfc00 || (v6.segments()[0] & 0xffc0) == 0xfe80,
    };
    if private {
        format!("points at the private address `{ip}`, which is a different machine on every network")
    } else {
        format!("points at the IP address `{ip}`, which the hosting provider can give to someone else")
    }
}
