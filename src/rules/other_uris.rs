//! Category D, the other URI lists: post-logout redirect URIs (OIDC RP-Initiated Logout) and
//! browser origins.

use super::redirects::{invalid_reason, redirects, scheme_problem};
use super::{fixes, Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::Confidence;
use crate::uri::{self, SchemeClass};

pub const RULES: &[(&str, Check)] = &[
    (
        "post-logout-redirect-uri-insecure",
        Check::Client(post_logout_redirect_uri_insecure),
    ),
    ("web-origin-invalid", Check::Client(web_origin_invalid)),
];

/// OIDC RP-Initiated Logout §3: the provider redirects to a registered post-logout URI after
/// logout, so each one gets the generic redirect-URI checks, and plain http is judged by
/// confidentiality (§2, §3.1: http MAY be used only by confidential clients). One finding per URI,
/// at the most severe of its problems.
fn post_logout_redirect_uri_insecure(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(list) = &cx.client.post_logout_redirect_uris else {
        return;
    };
    for field in list.iter() {
        // Keycloak's `+` copies the redirect URIs in, each at the attribute's location: the
        // redirect-URI rules already report their problems where they are written.
        let inherited = field.origin == list.origin && cx.redirects.iter().any(|r| r.raw() == field.value);
        if inherited {
            continue;
        }
        let facts = cx.analyze(&field.value);
        if facts.placeholder {
            continue;
        }
        let mut problems: Vec<(Severity, String)> = Vec::new();
        if let Some(reason) = invalid_reason(cx, &field.value, &facts) {
            problems.push((Severity::Error, reason));
        }
        if let Some(token) = &facts.wildcard {
            problems.push((Severity::Error, format!("contains {token}")));
        }
        if let Some(problem) = scheme_problem(&facts) {
            problems.push(problem);
        }
        if facts.userinfo.is_some() {
            problems.push((Severity::Error, "has userinfo before `@`".into()));
        }
        if facts.fragment {
            problems.push((Severity::Warning, "has a fragment".into()));
        }
        if let Some(normal) = facts.normal.as_ref().filter(|n| !n.differences.is_empty()) {
            problems.push((
                Severity::Warning,
                format!("is not in normal form ({})", normal.differences.join("; ")),
            ));
        }
        // Plain http is the one problem an edit of the scheme alone resolves.
        let fix = match post_logout_http(cx, &facts) {
            Some(problem) => {
                let only = problems.is_empty();
                problems.push(problem);
                only.then(|| fixes::to_https(field, list.iter())).flatten()
            }
            None => None,
        };
        let Some(severity) = problems.iter().map(|(s, _)| *s).max() else {
            continue;
        };
        let what: Vec<String> = problems.into_iter().map(|(_, p)| p).collect();
        out.push(fixes::with_fix(
            Finding::on(
                "post-logout-redirect-uri-insecure",
                cx.client,
                &field.origin,
                format!(
                    "post-logout redirect URI `{}` {}",
                    uri::display(&field.value),
                    what.join("; ")
                ),
            )
            .severity(severity)
            .label("loose post-logout redirect URI")
            .help("register each page users may land on after logout as an exact `https://` URL"),
            fix,
        ));
    }
}

/// Plain http after logout: an error for a public client, a warning for a confidential one or one
/// whose confidentiality is unknown. Public evidence that is only weak lowers the error one level
/// (docs/rules-background.md). A loopback URI is never reported: the redirect stays on the user's machine, so
/// the network the spec's https protects is never crossed.
fn post_logout_http(cx: &Ctx, facts: &uri::UriFacts) -> Option<(Severity, String)> {
    if facts.scheme_class != Some(SchemeClass::Http) || facts.is_loopback() {
        return None;
    }
    let inference = cx.inference;
    let severity = if inference.is_public() && inference.public_confidence > Confidence::Weak {
        Severity::Error
    } else {
        Severity::Warning
    };
    let whose = if inference.is_public() {
        "on a public client, "
    } else {
        ""
    };
    Some((
        severity,
        format!("uses plain http {whose}so the logout redirect can be read or rewritten on the network"),
    ))
}

fn web_origin_invalid(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(origins) = &cx.client.web_origins else { return };
    for o in origins.iter() {
        let value = o.value.trim();
        let Some((severity, problem, help)) = origin_problem(cx, value) else {
            continue;
        };
        out.push(
            Finding::on(
                "web-origin-invalid",
                cx.client,
                &o.origin,
                format!("web origin `{}` {problem}", uri::display(&o.value)),
            )
            .severity(severity)
            .label("not an exact origin")
            .help(help),
        );
    }
}

/// What is wrong with one origin entry, how bad it is, and what to write instead. An entry that
/// lets in more than the exact origins (`*`, `null`, a pattern, plain http) is a warning; one that
/// matches no origin at all (a path, a trailing `/`) fails closed: a functional slip, a note.
fn origin_problem(cx: &Ctx, value: &str) -> Option<(Severity, String, String)> {
    let (open, closed) = (Severity::Warning, Severity::Note);
    let list_them = "list each origin exactly as the browser sends it, e.g. `https://app.example.com`".to_string();
    if value == "+" && cx.client.vendor.plus_web_origin {
        // `+` adds the origin (scheme, host, port) of each http(s) redirect URI; Keycloak's
        // WebOriginsUtils drops the path, so only a wildcard in the origin part carries over.
        let wild = redirects(cx).find(|(r, f)| f.wildcard.is_some() && origin_is_pattern(&r.value))?;
        return Some((
            open,
            format!(
                "allows the origins of the redirect URIs, and `{}` is a wildcard",
                uri::display(&wild.0.value)
            ),
            list_them,
        ));
    }
    if value == "*" {
        return Some((
            open,
            "allows every website to call the server for this client".into(),
            list_them,
        ));
    }
    if value.eq_ignore_ascii_case("null") {
        return Some((
            open,
            "matches sandboxed frames and `file:` pages, which any site can create".into(),
            list_them,
        ));
    }
    let facts = cx.analyze(value);
    if facts.placeholder {
        return None;
    }
    if facts.templated {
        // Not an origin until rendered; only a scheme written out is judged.
        let http = facts.scheme_class == Some(SchemeClass::Http) && !facts.is_loopback();
        return http.then(|| {
            (
                open,
                "lets pages served over plain http call the server".into(),
                format!(
                    "use `https://{}`",
                    value.split_once("://").map_or(value, |(_, rest)| rest)
                ),
            )
        });
    }
    if facts.relative && cx.client.vendor.resolves_relative_redirects {
        // The server resolves relative redirect URIs against the root URL, but not web origins.
        return Some((
            closed,
            "is not an origin: Keycloak compares origins as written and does not resolve this against the root URL, so it matches no page".into(),
            "write each origin as `https://app.example.com`, or `+` for the origins of the redirect URIs".into(),
        ));
    }
    if facts.relative {
        return Some((closed, "is not an origin (`scheme://host[:port]`)".into(), list_them));
    }
    if let Some(token) = &facts.wildcard {
        return Some((open, format!("contains {token}"), list_them));
    }
    // A browser extension's origin is its scheme and id, which the url crate keeps opaque.
    let parts = uri::RawParts::split(value);
    if facts.scheme_class == Some(SchemeClass::BrowserExtension)
        && parts.host_port().is_some_and(|(h, _)| !h.is_empty())
        && parts.path.is_empty()
        && parts.query.is_none()
        && parts.fragment.is_none()
    {
        return None;
    }
    let Some(url) = facts
        .parsed
        .as_ref()
        .filter(|_| facts.invalid.is_none() && !facts.relative)
    else {
        return Some((closed, "is not an origin (`scheme://host[:port]`)".into(), list_them));
    };
    let serialized = url.origin().ascii_serialization();
    if serialized == "null" {
        return Some((closed, "is not an origin (`scheme://host[:port]`)".into(), list_them));
    }
    if facts.scheme_class == Some(SchemeClass::Http) && !facts.is_loopback() {
        let https = serialized.replacen("http", "https", 1);
        return Some((
            open,
            "lets pages served over plain http call the server".into(),
            format!("use `{https}`"),
        ));
    }
    if value == serialized {
        return None;
    }
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
    Some((closed, problem, format!("use `{serialized}`")))
}

/// Whether the scheme, host or port of a redirect URI is a pattern (`https://*.example.com/cb`,
/// `http://localhost:*`), as opposed to its path (`https://app.example.com/*`).
fn origin_is_pattern(raw: &str) -> bool {
    let parts = uri::RawParts::split(raw);
    let (host, port) = parts.host_port().unwrap_or_default();
    let wild = |s: &str| s.contains('*') || s.to_ascii_lowercase().contains("%2a");
    parts.scheme.is_some_and(wild) || wild(host) || port.is_some_and(wild)
}
