//! Category H, the metadata values themselves: enumerations (RFC 7591 §2), metadata URIs (OIDC
//! Reg §2) and the issuer a client-side configuration names (RFC 8414 §2).

use super::{fixes, Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::formats::GrantWords;
use crate::model::{Client, Field, Grant, Members, Param};
use crate::placeholder::Placeholders;
use crate::uri::{self, RawParts};

pub const RULES: &[(&str, Check)] = &[
    ("unknown-metadata-value", Check::Client(unknown_metadata_value)),
    ("metadata-uri-insecure", Check::Client(metadata_uri_insecure)),
    ("issuer-url-invalid", Check::Client(issuer_url_invalid)),
    ("metadata-uri-host-mismatch", Check::Client(metadata_uri_host_mismatch)),
];

/// `token_endpoint_auth_method` values of the IANA "OAuth Token Endpoint Authentication Methods"
/// registry (RFC 7591 §2, RFC 8705 §2).
const AUTH_METHODS: [&str; 7] = [
    "none",
    "client_secret_post",
    "client_secret_basic",
    "client_secret_jwt",
    "private_key_jwt",
    "tls_client_auth",
    "self_signed_tls_client_auth",
];

/// An absolute URI (RFC 3986 §4.3): how extensions name grant types and auth methods.
fn absolute_uri(s: &str) -> bool {
    uri::raw_scheme(s).is_some_and(|scheme| s.len() > scheme.len() + 1)
}

/// Enumerated values outside their registries (RFC 7591 §2, RFC 6749 §4.5, OIDC Reg §2, RFC 7636
/// §4.2).
fn unknown_metadata_value(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let rule = "unknown-metadata-value";
    let unknown = |field: &Field<String>, what: &str, known: &[&str], extensible: bool| {
        let v = field.value.trim();
        // An empty value is how several vendors write "unset" (Keycloak's `""` attributes).
        if v.is_empty()
            || field.origin.is_default()
            || cx.placeholder(v)
            || known.contains(&v)
            || (extensible && absolute_uri(v))
        {
            return None;
        }
        let close = known.iter().find(|k| within_two(k, v).is_some());
        let help = match close {
            Some(k) => format!("did you mean `{k}`?"),
            None if extensible => format!("use one of {}, or an absolute URI for an extension", list(known)),
            None => format!("use one of {}", list(known)),
        };
        Some(
            Finding::on(rule, c, &field.origin, format!("`{v}` is not a registered {what}"))
                .severity(Severity::Error)
                .label("unknown value")
                .help(help),
        )
    };
    if let Some(words) = &c.vendor.grant_words {
        out.extend(c.grant_words.iter().filter_map(|w| unknown_grant_word(cx, words, w)));
    }
    for g in c.grants.iter().flat_map(|l| l.iter()) {
        let Grant::Other(name) = &g.value else { continue };
        // A vendor with words of its own is checked against them above, not against the registry.
        if c.vendor.extra_grant_types.contains(&name.as_str()) || c.vendor.grant_words.is_some() {
            continue;
        }
        out.extend(unknown(
            &Field::new(name.clone(), g.origin.clone()),
            "grant type",
            &GRANTS,
            true,
        ));
    }
    for rt in c.response_types.iter().flat_map(|l| l.iter()) {
        for token in &rt.value.unknown {
            out.extend(unknown(
                &Field::new(token.clone(), rt.origin.clone()),
                "response type",
                &["code", "token", "id_token", "none"],
                false,
            ));
        }
    }
    if let Some(m) = c.auth_method.as_ref().filter(|_| !c.vendor.pluggable_client_auth) {
        out.extend(unknown(m, "token endpoint authentication method", &AUTH_METHODS, true));
    }
    if let Some(t) = &c.application_type {
        out.extend(unknown(t, "`application_type`", &["web", "native"], false));
    }
    // OIDC Reg §2, OIDC Core §8: the two subject identifier types.
    if let Some(t) = &c.subject_type {
        out.extend(unknown(t, "`subject_type`", &["public", "pairwise"], false));
    }
    // RFC 7636 §4.2 and the IANA "PKCE Code Challenge Methods" registry; the methods are
    // case-sensitive, so `s256` is a typo the server does not accept.
    for m in &c.pkce.written {
        out.extend(unknown(m, "PKCE code challenge method", &["S256", "plain"], false));
    }
    if let Some(members) = &c.members {
        misspelt_keys(c, members, out);
    }
}

/// A grant word outside the vendor's closed list, which the vendor rejects. The help names the word
/// meant: the vendor's spelling of a registry name, else a word within two edits.
fn unknown_grant_word(cx: &Ctx, words: &GrantWords, w: &Field<String>) -> Option<Finding> {
    let c = cx.client;
    let v = w.value.trim();
    if cx.placeholder(v) || words.words.iter().any(|(k, _)| *k == v) {
        return None;
    }
    let meant = words.meaning(v);
    let close = words
        .words
        .iter()
        .find(|(_, g)| *g == meant)
        .or_else(|| words.words.iter().find(|(k, _)| within_two(k, v).is_some()));
    let help = match close {
        Some((k, _)) => format!("did you mean `{k}`?"),
        None => format!(
            "use one of {}",
            list(&words.words.iter().map(|(k, _)| *k).collect::<Vec<_>>())
        ),
    };
    Some(
        Finding::on(
            "unknown-metadata-value",
            c,
            &w.origin,
            format!(
                "`{v}` is not a value `{}` accepts; the provider rejects it",
                words.member
            ),
        )
        .severity(Severity::Error)
        .label("unknown value")
        .help(help),
    )
}

/// (b) A member name that the server does not read but that is within two edits of one it does
/// (fewer than the shorter name's length, so `id` is not everything's near miss).
fn misspelt_keys(c: &Client, members: &Members, out: &mut Vec<Finding>) {
    let known = || members.known.iter().flat_map(|l| l.iter());
    let fold = |s: &str| {
        if members.any_case {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        }
    };
    for key in &members.keys {
        let k = fold(&key.value);
        if known().any(|m| fold(m) == k) {
            continue;
        }
        let near = known().find(|m| within_two(&fold(m), &k).is_some_and(|d| d < m.len().min(k.len())));
        let Some(near) = near else { continue };
        out.push(
            Finding::on(
                "unknown-metadata-value",
                c,
                &key.origin,
                format!(
                    "`{}` is not a client setting the server reads; the server will ignore it",
                    key.value
                ),
            )
            .severity(Severity::Warning)
            .label(format!("did you mean `{near}`?"))
            .help(format!("rename it to `{near}`")),
        );
    }
}

/// Registered grant types (IANA "OAuth Parameters"; RFC 6749, RFC 7522, RFC 7523, RFC 8628,
/// RFC 8693, OpenID CIBA), as [`Grant::parse`] does not already know them all by name.
const GRANTS: [&str; 10] = [
    "authorization_code",
    "implicit",
    "password",
    "client_credentials",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:device_code",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
    "urn:ietf:params:oauth:grant-type:saml2-bearer",
    "urn:ietf:params:oauth:grant-type:token-exchange",
    "urn:openid:params:grant-type:ciba",
];

fn list(known: &[&str]) -> String {
    known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// The edit distance of `a` and `b` when it is at most 2: close enough to be a typo.
fn within_two(a: &str, b: &str) -> Option<usize> {
    crate::spelling::within(a, b, 2)
}

/// URIs the server or the user agent fetches and trusts: https MUST (OIDC Reg §2, §3.2).
const MUST_HTTPS: [&str; 5] = [
    "jwks_uri",
    "sector_identifier_uri",
    "initiate_login_uri",
    "registration_client_uri",
    "request_uris",
];

/// Metadata URIs that are not https (OIDC Reg §2, RFC 7592 §5).
fn metadata_uri_insecure(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let jwks_uri = c.jwks_uri.as_ref().map(|f| Param {
        param: "jwks_uri",
        value: f.clone(),
    });
    // A signed request object protects itself, so `request_uris` may then be http (OIDC Reg §2).
    let signed_requests = c
        .algs
        .iter()
        .any(|a| a.param == "request_object_signing_alg" && a.value.value != "none");
    for p in jwks_uri.iter().chain(&c.uris) {
        let raw = p.value.value.trim();
        let Some(scheme) = insecure_scheme(cx, raw) else {
            continue;
        };
        if (p.param == "request_uris" && signed_requests) || (p.param == "logo_uri" && scheme == "data") {
            continue;
        }
        let must = MUST_HTTPS.contains(&p.param);
        // Where https is advice, not a MUST, a loopback URI (a developer's machine) crosses no
        // network an attacker could sit on.
        if !must && cx.analyze(raw).is_loopback() {
            continue;
        }
        let (severity, why) = if must {
            (Severity::Error, "it MUST use https")
        } else {
            (Severity::Warning, "it should use https")
        };
        let fix = fixes::to_https(&p.value, jwks_uri.iter().chain(&c.uris).map(|p| &p.value));
        out.push(fixes::with_fix(
            Finding::on(
                "metadata-uri-insecure",
                c,
                &p.value.origin,
                format!(
                    "`{}` uses `{scheme}`: {why}, or a network attacker can swap what it serves",
                    p.param
                ),
            )
            .severity(severity)
            .label(format!("{scheme}, not https"))
            .help(format!("serve it over https: `{}`", https_version(raw))),
            fix,
        ));
    }
}

/// The scheme of an absolute URI that is not https (lower-cased); `None` for https, values whose
/// scheme is a placeholder and values that are not absolute URIs. A placeholder host leaves the
/// scheme as written: `http://${HOST}/logo.png` is still plain http.
fn insecure_scheme(cx: &Ctx, raw: &str) -> Option<String> {
    if raw.is_empty() || cx.analyze(raw).placeholder {
        return None;
    }
    let scheme = uri::raw_scheme(raw)?.to_ascii_lowercase();
    (scheme != "https").then_some(scheme)
}

fn https_version(raw: &str) -> String {
    match raw.split_once("://") {
        Some((_, rest)) => format!("https://{rest}"),
        None => "https://…".into(),
    }
}

/// The issuer a client compares `iss` against (RFC 8414 §2, RFC 9207 §2).
fn issuer_url_invalid(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(issuer) = &c.issuer else { return };
    let raw = issuer.value.trim();
    if raw.is_empty() || cx.placeholder(raw) {
        return;
    }
    let rule = "issuer-url-invalid";
    let parts = RawParts::split(raw);
    let problem = match parts.scheme.map(str::to_ascii_lowercase).as_deref() {
        Some("https") => None,
        Some(s) => Some(format!("uses `{s}`, not https")),
        None => Some("is not an absolute URL".to_string()),
    }
    .or_else(|| parts.query.map(|_| "has a query component".to_string()))
    .or_else(|| parts.fragment.map(|_| "has a fragment".to_string()));
    if let Some(problem) = problem {
        out.push(
            Finding::on(
                rule,
                c,
                &issuer.origin,
                format!("the issuer {problem}: an issuer is an https URL without query or fragment"),
            )
            .severity(Severity::Error)
            .label("not a valid issuer")
            .help("use the exact `issuer` value of the server's metadata, e.g. `https://login.example.com`"),
        );
        return;
    }
    if let Some(at) = parts.path.find("/.well-known/") {
        let base = &raw[..raw.len() - parts.path.len() + at];
        out.push(
            Finding::on(
                rule,
                c,
                &issuer.origin,
                "the issuer points at the discovery document, not at the issuer itself",
            )
            .severity(Severity::Warning)
            .label("discovery URL")
            .help(format!(
                "use `{base}`: `iss` is compared with the issuer by simple string comparison"
            )),
        );
    }
}

/// Branding URIs the consent screen shows (RFC 7591 §5: SHOULD share host and scheme with the
/// redirect URIs).
const BRANDING: [&str; 4] = ["logo_uri", "tos_uri", "client_uri", "policy_uri"];

/// Branding links on another site than every redirect URI (RFC 7591 §5, OIDC Reg §9.1).
fn metadata_uri_host_mismatch(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    if !cx.inference.is_interactive() {
        return;
    }
    // Only web redirect URIs name a site: a loopback or private-use callback (a native app) has no
    // host its branding pages could share.
    let sites: Vec<(String, String)> = cx
        .redirects
        .iter()
        .filter(|r| {
            matches!(
                r.facts.scheme_class,
                Some(uri::SchemeClass::Https | uri::SchemeClass::Http)
            ) && matches!(r.facts.host_class, uri::HostClass::DnsName | uri::HostClass::Idn)
        })
        .filter_map(|r| site(&cx.options.placeholders, r.raw()))
        .collect();
    if sites.is_empty() {
        return;
    }
    for p in c.uris.iter().filter(|p| BRANDING.contains(&p.param)) {
        let Some((scheme, domain)) = site(&cx.options.placeholders, &p.value.value) else {
            continue;
        };
        if sites.iter().any(|(s, d)| *s == scheme && *d == domain) {
            continue;
        }
        let shown = uri::display(p.value.value.trim());
        out.push(
            Finding::on(
                "metadata-uri-host-mismatch",
                c,
                &p.value.origin,
                format!("`{}` (`{shown}`) is not on the site of any redirect URI ({})", p.param, list_sites(&sites)),
            )
            .label("other site")
            .help("host the page on the client's own site, the one its redirect URIs use, so users can tell who they are dealing with"),
        );
    }
}

fn list_sites(sites: &[(String, String)]) -> String {
    let mut all: Vec<String> = sites.iter().map(|(s, d)| format!("`{s}://{d}`")).collect();
    all.dedup();
    all.join(", ")
}

/// The scheme and registrable domain of a URI. Without the Public Suffix List the registrable
/// domain is approximated: the last two labels, or three under a two-letter country code whose
/// second level is short (`example.co.uk`). IP literals and single labels are kept whole. A
/// placeholder host has no site.
fn site(placeholders: &Placeholders, raw: &str) -> Option<(String, String)> {
    let raw = raw.trim();
    let facts = uri::analyze(raw, placeholders);
    let parsed = facts.parsed.as_ref()?;
    let host = parsed.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let numeric = host.starts_with('[') || labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit()));
    let keep = match labels.as_slice() {
        _ if numeric => labels.len(),
        [.., second, tld] if tld.len() == 2 && second.len() <= 3 => 3,
        _ => 2,
    };
    let domain = labels[labels.len().saturating_sub(keep)..].join(".");
    Some((parsed.scheme().to_string(), domain))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(rule: &str, json: &str) -> Vec<(Severity, String)> {
        crate::rules::findings_of(rule, "t.json", json, true)
    }
    const WEB: &str = r#""client_id": "c", "redirect_uris": ["https://app.example.co.uk/cb"], "token_endpoint_auth_method": "client_secret_basic""#;

    #[test]
    fn typos_are_unknown_and_extension_uris_are_not() {
        let with = |extra: &str| findings("unknown-metadata-value", &format!("{{{WEB}, {extra}}}"));
        assert_eq!(
            with(r#""grant_types": ["authorisation_code", "urn:example:grant"]"#),
            [(Severity::Error, "/grant_types/0".into())]
        );
        assert_eq!(with(r#""response_types": ["code idtoken"]"#).len(), 1);
        assert!(with(r#""application_type": "native""#).is_empty());
        assert_eq!(with(r#""application_type": "spa""#).len(), 1);
        assert_eq!(within_two("client_secret_base", "client_secret_basic"), Some(2));
        assert_eq!(within_two("none", &"n".repeat(1 << 20)), None);
        assert_eq!(
            with(r#""redirect_uri": "https://a.example/cb", "grant_type": ["authorization_code"]"#),
            [
                (Severity::Warning, "/redirect_uri".into()),
                (Severity::Warning, "/grant_type".into())
            ]
        );
        assert!(with(r#""x_custom_setting": 1, "pkce_required": true"#).is_empty());
    }

    #[test]
    fn subject_types_and_pkce_methods_are_checked_where_they_are_written() {
        let rfc = |extra: &str| findings("unknown-metadata-value", &format!("{{{WEB}, {extra}}}"));
        assert_eq!(
            rfc(r#""subject_type": "pairwize""#),
            [(Severity::Error, "/subject_type".into())]
        );
        assert!(rfc(r#""subject_type": "pairwise""#).is_empty());
        assert_eq!(rfc(r#""pkce_challenge_method": "s256""#).len(), 1);
        assert!(rfc(r#""pkce_challenge_method": "S256""#).is_empty());
        // Keycloak writes `""` for "not set".
        let kc = |method: &str| {
            let text = format!(
                r#"{{"realm": "r", "clients": [{{"clientId": "a", "attributes": {{"pkce.code.challenge.method": "{method}"}}}}]}}"#
            );
            crate::rules::findings_of("unknown-metadata-value", "realm.json", &text, true)
        };
        assert_eq!(
            kc("SHA256"),
            [(
                Severity::Error,
                "/clients/0/attributes/pkce.code.challenge.method".into()
            )]
        );
        assert!(kc("").is_empty());
        assert!(kc("plain").is_empty());
        let client = crate::rules::client_of(
            "realm.json",
            r#"{"realm": "r", "clients": [{"clientId": "a", "attributes": {"pkce.code.challenge.method": "SHA256"}}]}"#,
        );
        let found = crate::rules::check_client(&client, unknown_metadata_value, false);
        assert_eq!(found[0].help.as_deref(), Some("did you mean `S256`?"));
    }

    #[test]
    fn keycloak_client_authenticators_are_plugins_not_registry_values() {
        let kc = |authenticator: &str| {
            let text = format!(
                r#"{{"realm": "r", "clients": [{{"clientId": "a", "clientAuthenticatorType": "{authenticator}",
                    "serviceAccountsEnabled": true, "standardFlowEnabled": false}}]}}"#
            );
            crate::rules::findings_of("unknown-metadata-value", "realm.json", &text, true)
        };
        // Keycloak's own federated client authentication, and a custom authenticator.
        assert!(kc("federated-jwt").is_empty());
        assert!(kc("acme-hsm-authenticator").is_empty());
        let client = crate::rules::client_of(
            "realm.json",
            r#"{"realm": "r", "clients": [{"clientId": "a", "clientAuthenticatorType": "federated-jwt"}]}"#,
        );
        assert_eq!(client.auth_method.unwrap().value, "private_key_jwt");
    }

    #[test]
    fn dex_and_hydra_keys_are_checked_in_any_case_and_rfc7591_ones_exactly() {
        let dex = |client: &str| {
            let text = format!("issuer: https://dex.example.com\nstaticClients:\n- id: a\n  {client}\n");
            crate::rules::findings_of("unknown-metadata-value", "dex.yaml", &text, true)
        };
        assert_eq!(
            dex("redirectURI: [https://a.example/cb]"),
            [(Severity::Warning, "/staticClients/0/redirectURI".into())]
        );
        // Go's encoding/json matches `redirectUris` to `redirectURIs`.
        assert!(dex("redirectUris: [https://a.example/cb]").is_empty());
        // Not close to any Dex key: an unrelated member, not a typo.
        assert!(dex("owner: platform-team").is_empty());
        let hydra = |extra: &str| {
            let text = format!(
                r#"{{"client_id": "a", "grant_types": ["client_credentials"], "skip_consent": true, {extra}}}"#
            );
            crate::rules::findings_of("unknown-metadata-value", "client.json", &text, true)
        };
        assert_eq!(
            hydra(r#""skip_logout_concent": true"#),
            [(Severity::Warning, "/skip_logout_concent".into())]
        );
        assert!(hydra(r#""Redirect_URIs": [], "audience": [], "created_at": "2024-01-01T00:00:00Z""#).is_empty());
        assert_eq!(hydra(r#""refresh_token_grant_refresh_token_lifspan": "1h""#).len(), 1);
        // RFC 7591 names are case-sensitive.
        let rfc = findings("unknown-metadata-value", &format!(r#"{{{WEB}, "Client_Name": "x"}}"#));
        assert_eq!(rfc, [(Severity::Warning, "/Client_Name".into())]);
    }

    #[test]
    fn must_https_uris_are_errors_and_branding_uris_warnings() {
        let with = |extra: &str| findings("metadata-uri-insecure", &format!("{{{WEB}, {extra}}}"));
        assert_eq!(
            with(r#""sector_identifier_uri": "http://app.example.co.uk/sector.json""#),
            [(Severity::Error, "/sector_identifier_uri".into())]
        );
        assert_eq!(
            with(r#""logo_uri": "http://app.example.co.uk/logo.png""#),
            [(Severity::Warning, "/logo_uri".into())]
        );
        assert_eq!(
            with(r#""request_uris": ["https://a.example/r", "http://a.example/r"]"#),
            [(Severity::Error, "/request_uris/1".into())]
        );
        assert!(with(r#""request_uris": ["http://a.example/r"], "request_object_signing_alg": "ES256""#).is_empty());
        assert!(with(r#""logo_uri": "${LOGO}""#).is_empty());
        assert!(with(r#""frontchannel_logout_uri": "http://localhost:3000/logout""#).is_empty());
        assert_eq!(with(r#""jwks_uri": "http://127.0.0.1:8080/jwks""#).len(), 1);
    }

    #[test]
    fn issuers_are_https_urls_without_query_or_fragment() {
        let with = |iss: &str| findings("issuer-url-invalid", &format!(r#"{{{WEB}, "issuer": "{iss}"}}"#));
        assert!(with("https://login.example.com/realms/a").is_empty());
        assert_eq!(with("http://login.example.com"), [(Severity::Error, "/issuer".into())]);
        assert_eq!(with("https://login.example.com?tenant=a").len(), 1);
        assert_eq!(
            with("https://login.example.com/.well-known/openid-configuration"),
            [(Severity::Warning, "/issuer".into())]
        );
    }

    #[test]
    fn sites_compare_by_registrable_domain() {
        assert_eq!(
            site(&Placeholders::default(), "https://www.example.co.uk/x"),
            Some(("https".into(), "example.co.uk".into()))
        );
        assert_eq!(
            site(&Placeholders::default(), "https://cdn.example.com/x"),
            Some(("https".into(), "example.com".into()))
        );
        let with = |extra: &str| findings("metadata-uri-host-mismatch", &format!("{{{WEB}, {extra}}}"));
        assert!(with(r#""logo_uri": "https://static.example.co.uk/logo.png""#).is_empty());
        assert_eq!(
            with(r#""tos_uri": "https://bank.example.net/tos""#),
            [(Severity::Note, "/tos_uri".into())]
        );
        assert_eq!(with(r#""policy_uri": "http://app.example.co.uk/privacy""#).len(), 1);
    }
}
