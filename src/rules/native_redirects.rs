//! Category D, native apps: loopback spellings, private-use schemes and claimed https redirects
//! (RFC 8252).

use super::redirects::redirects;
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::ClientType;
use crate::uri::{self, HostClass, Platform, SchemeClass};

pub const RULES: &[(&str, Check)] = &[
    (
        "native-redirect-localhost-name",
        Check::Client(native_redirect_localhost_name),
    ),
    (
        "native-custom-scheme-not-reverse-domain",
        Check::Client(native_custom_scheme_not_reverse_domain),
    ),
    (
        "native-claimed-https-redirect",
        Check::Client(native_claimed_https_redirect),
    ),
];

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
        // A scheme the vendor's host apps own and require: the developer has no other to pick.
        if cx.client.vendor.host_app_schemes.iter().any(|p| scheme.starts_with(p)) {
            continue;
        }
        // MSAL for iOS and macOS requires `msauth.<bundle id>`: the bundle id is the reverse domain.
        let reversed = match scheme.get(..7) {
            Some(p) if p.eq_ignore_ascii_case("msauth.") => &scheme[7..],
            _ => scheme,
        };
        let first = reversed.split('.').next().unwrap_or_default();
        let (severity, message, label) = if !scheme.contains('.') {
            (
                Severity::Error,
                format!("private-use scheme `{scheme}:` is not a reverse domain name, so any app can claim it"),
                "scheme without a `.`",
            )
        } else if !reversed.contains('.') || !uri::is_plausible_tld(first) {
            (
                Severity::Warning,
                format!("private-use scheme `{scheme}:` does not start with a top-level domain (`{first}`), so it does not look like a reversed domain name"),
                "not a reverse domain name",
            )
        } else if let Some(domains) = unowned(cx, reversed) {
            (
                Severity::Note,
                format!("private-use scheme `{scheme}:` reversed names none of the client's own domains ({domains})"),
                "not one of the client's domains",
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

/// `--pedantic`: the client's own domains (hosts of `client_uri`, `logo_uri` and claimed https
/// redirects), listed, when the reversed scheme names none of them; `None` when it names one, or when
/// the file gives no domain to compare with (most native registrations), so there is nothing to say.
fn unowned(cx: &Ctx, reversed: &str) -> Option<String> {
    if !cx.options.pedantic {
        return None;
    }
    let web_uris = cx
        .client
        .uris
        .iter()
        .filter(|p| matches!(p.param, "client_uri" | "logo_uri"));
    let claimed = cx
        .redirects
        .iter()
        .filter(|r| r.facts.scheme_class == Some(SchemeClass::Https));
    let host = |facts: &uri::UriFacts| {
        Some(
            facts
                .parsed
                .as_ref()?
                .host_str()?
                .trim_end_matches('.')
                .to_ascii_lowercase(),
        )
    };
    let mut hosts: Vec<String> = web_uris
        .filter_map(|p| host(&uri::analyze(&p.value.value)))
        .chain(claimed.filter_map(|r| host(&r.facts)))
        .collect();
    hosts.sort();
    hosts.dedup();
    if hosts.is_empty() {
        return None;
    }
    // `com.example.app` names `example.com` and `app.example.com`; a host under either is owned.
    let labels: Vec<String> = reversed.to_ascii_lowercase().split('.').map(str::to_string).collect();
    let owned = (2..=labels.len()).any(|n| {
        let domain: Vec<&str> = labels[..n].iter().rev().map(String::as_str).collect();
        let domain = domain.join(".");
        hosts.iter().any(|h| *h == domain || h.ends_with(&format!(".{domain}")))
    });
    (!owned).then(|| hosts.iter().map(|h| format!("`{h}`")).collect::<Vec<_>>().join(", "))
}

/// RFC 8252 §7.2 prefers claimed https redirects, but OIDC Registration §2 lists only custom
/// schemes and loopback http for native clients, so strict providers reject them: a note for a
/// deliberate choice. https on loopback is noted too, since RFC 8252 §7.3 loopback uses http.
fn native_claimed_https_redirect(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.inference.client_type != ClientType::Native {
        return;
    }
    for (r, facts) in redirects(cx) {
        if facts.scheme_class != Some(SchemeClass::Https) || facts.invalid.is_some() {
            continue;
        }
        let (message, help) = if facts.platform == Platform::Loopback {
            (
                "is https on a loopback host; native apps receive loopback redirects over http (RFC 8252 §7.3), since no certificate can be issued for it",
                "use `http://127.0.0.1/…` or `http://[::1]/…` and let the server accept any port",
            )
        } else {
            (
                "is a claimed https redirect on a native client: the app must own the domain's app-link association, and some OpenID providers reject https redirects for `application_type: native`",
                "keep it if your app links are set up (RFC 8252 §7.2 prefers them); otherwise use a reverse-domain scheme such as `com.example.app:/callback`",
            )
        };
        out.push(
            Finding::on(
                "native-claimed-https-redirect",
                cx.client,
                &r.origin,
                format!("redirect URI `{}` {message}", uri::display(&r.value)),
            )
            .label("https redirect on a native app")
            .help(help)
            .type_dependent(),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;

    const RULE: &str = "native-custom-scheme-not-reverse-domain";

    fn client(redirect: &str, domains: &str) -> String {
        format!(
            r#"{{"client_id": "m", "application_type": "native", "token_endpoint_auth_method": "none", {domains} "redirect_uris": ["{redirect}"], "grant_types": ["authorization_code"]}}"#
        )
    }

    #[test]
    fn pedantic_notes_a_scheme_that_names_none_of_the_clients_domains() {
        let domains =
            r#""client_uri": "https://www.photos.example.com/", "logo_uri": "https://cdn.example.net/l.png","#;
        let notes = |redirect: &str, pedantic: bool| {
            crate::rules::findings_of(RULE, "t.json", &client(redirect, domains), pedantic)
        };
        assert_eq!(
            notes("org.other.photos:/cb", true),
            [(Severity::Note, "/redirect_uris/0".to_string())]
        );
        // Reversed, the scheme names `photos.example.com` or `example.net`: owned.
        assert!(notes("com.example.photos:/cb", true).is_empty());
        assert!(notes("net.example.app:/cb", true).is_empty());
        // Only with --pedantic, and only when the file names a domain to compare with.
        assert!(notes("org.other.photos:/cb", false).is_empty());
        assert!(crate::rules::findings_of(RULE, "t.json", &client("org.other.photos:/cb", ""), true).is_empty());
    }
}
