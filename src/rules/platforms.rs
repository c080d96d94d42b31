//! Category A, the platform rules: what the redirect URIs and browser origins say the client is,
//! against what it declares (docs/rules-background.md).

use super::types::{explicit_public, secret_credential, Credential};
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::ClientType;
use crate::model::{Client, Declared, Field, Grant, Origin};
use crate::uri::{Platform, Redirect, SchemeClass};

pub const RULES: &[(&str, Check)] = &[
    (
        "application-type-redirect-mismatch",
        Check::Client(application_type_redirect_mismatch),
    ),
    (
        "mixed-platform-redirect-uris",
        Check::Client(mixed_platform_redirect_uris),
    ),
    (
        "browser-origins-on-confidential-client",
        Check::Client(browser_origins_on_confidential_client),
    ),
];

const MISMATCH: &str = "application-type-redirect-mismatch";

fn resource_server(c: &Client) -> bool {
    c.declared.as_ref().is_some_and(|d| d.value == Declared::ResourceServer)
}

/// Where the client uses the implicit grant in OIDC Reg §2's sense: a response type containing
/// `token` or `id_token` (hybrid included), or `implicit` where the response types are not written.
fn implicit_use(c: &Client) -> Option<&Origin> {
    let written = c.response_types.as_ref().filter(|l| !l.origin.is_default());
    if let Some(rts) = written {
        // Hybrid types the vendor lists under `authorization_code` by default: a product default, not
        // a flow the client chose.
        let vendor_default = c.vendor.hybrid_under_code_grant.is_some() && !c.has_grant(&Grant::Implicit);
        return rts
            .iter()
            .find(|r| (r.value.token || r.value.id_token) && !(vendor_default && r.value.code))
            .map(|r| &r.origin);
    }
    c.grant(&Grant::Implicit).map(|g| &g.origin)
}

/// `application_type` contradicted by the redirect URIs (OIDC Reg §2).
fn application_type_redirect_mismatch(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(app) = &c.application_type else { return };
    if resource_server(c) {
        return;
    }
    let http = |r: &&Redirect| r.facts.scheme_class == Some(SchemeClass::Http);
    match app.value.as_str() {
        // (a) Native clients may only use private-use schemes or loopback http.
        "native" => {
            for r in cx.redirects.iter().filter(http).filter(|r| !r.facts.is_loopback()) {
                out.push(
                    Finding::on(
                        MISMATCH,
                        c,
                        &r.field.origin,
                        format!(
                            "`application_type` is `native`, but redirect URI `{}` is plain http to a host other than loopback",
                            r.raw()
                        ),
                    )
                    .severity(Severity::Error)
                    .label("not a native redirect")
                    .related(&app.origin, "native here")
                    .help("use a private-use scheme (`com.example.app:/callback`) or a loopback address (`http://127.0.0.1/callback`)"),
                );
            }
        }
        "web" => {
            // (b) A web client using the implicit grant: https only, and never localhost.
            if let Some(implicit) = implicit_use(c) {
                let bad = cx.redirects.iter().find(|r| http(r) || r.facts.is_loopback());
                if let Some(r) = bad {
                    let what = if r.facts.is_loopback() {
                        "a loopback host"
                    } else {
                        "plain http"
                    };
                    out.push(
                        Finding::on(
                            MISMATCH,
                            c,
                            &r.field.origin,
                            format!(
                                "a `web` client using the implicit grant may only register https redirect URIs without localhost, but `{}` uses {what}",
                                r.raw()
                            ),
                        )
                        .severity(Severity::Error)
                        .label("not allowed with implicit")
                        .related(implicit, "implicit grant")
                        .related(&app.origin, "`application_type` is `web`")
                        .help("use the authorization code grant with PKCE, or register https redirect URIs only"),
                    );
                }
                return;
            }
            // (c) A code-flow web client whose redirects go to an app on the device. A defaulted
            // `web` is `implicit-default-metadata`'s to report.
            if app.origin.is_default()
                || !c
                    .grants
                    .iter()
                    .flat_map(|l| l.iter())
                    .any(|g| g.value.is_redirect_based())
            {
                return;
            }
            if let Some(r) = native_redirect(cx) {
                out.push(
                    Finding::on(
                        MISMATCH,
                        c,
                        &r.field.origin,
                        format!(
                            "`application_type` is `web`, but redirect URI `{}` is {}, as native apps use",
                            r.raw(),
                            r.facts.platform.describe()
                        ),
                    )
                    .severity(Severity::Warning)
                    .label("native-app redirect")
                    .related(&app.origin, "web here")
                    .help("set `application_type: native` if this is an installed app, or register the app as its own client"),
                );
            }
        }
        _ => {}
    }
}

/// A redirect that only an installed app would use: a private-use scheme, or loopback on a client
/// that is neither confidential (a server-side app in development) nor on a dev-server port.
fn native_redirect<'r>(cx: &'r Ctx) -> Option<&'r Redirect<'r>> {
    if let Some(r) = cx.redirects.iter().find(|r| r.facts.platform == Platform::PrivateUse) {
        return Some(r);
    }
    if cx.inference.is_confidential() {
        return None;
    }
    cx.redirects
        .iter()
        .find(|r| r.facts.platform == Platform::Loopback && !r.on_dev_port())
}

/// Redirect URIs (and post-logout redirect URIs) of more than one platform class.
fn mixed_platform_redirect_uris(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let interactive = c
        .grants
        .as_ref()
        .is_none_or(|l| l.iter().any(|g| g.value.is_redirect_based()));
    if !interactive || resource_server(c) {
        return;
    }
    let logout: Vec<Redirect> = c
        .post_logout_redirect_uris
        .iter()
        .flat_map(|l| l.iter())
        .map(|field| Redirect {
            field,
            facts: cx.analyze(&field.value),
        })
        .filter(|r| !r.facts.placeholder)
        .collect();
    let all: Vec<&Redirect> = cx.redirects.iter().chain(&logout).collect();
    let first = |p: Platform| all.iter().find(|r| r.facts.platform == p).copied();
    // A native app's loopback redirect leaves the port to the request (RFC 8252 §7.3), so it is
    // registered without one; loopback on a fixed port is a server listening there, the website
    // itself under development, which `redirect-uri-http` judges: not a second platform.
    let loopback = all
        .iter()
        .find(|r| r.facts.platform == Platform::Loopback && r.facts.port().is_none())
        .copied();
    // The vendor's host-app broker (Entra's `brk-multihub://`) carries the web app into its host
    // apps: the same app, not a second platform.
    let host_app = |r: &Redirect| {
        r.facts.scheme.as_deref().is_some_and(|s| {
            c.vendor
                .host_app_schemes
                .iter()
                .any(|p| s.to_ascii_lowercase().starts_with(p))
        })
    };
    let private = all
        .iter()
        .find(|r| r.facts.platform == Platform::PrivateUse && !host_app(r))
        .copied();
    let web = first(Platform::WebHttps);
    // A declared native app's https redirect is a claimed one (RFC 8252 §7.2), beside a private-use
    // scheme (§7.1) or loopback (§7.3): every one of them a native option, so nothing mixes.
    let native = c.declared.as_ref().is_some_and(|d| d.value == Declared::Native)
        || c.application_type.as_ref().is_some_and(|a| a.value == "native");
    if native {
        return;
    }
    let Some((a, b)) = web.zip(private.or(loopback)) else {
        return;
    };
    out.push(
        Finding::on(
            "mixed-platform-redirect-uris",
            c,
            &b.field.origin,
            format!(
                "redirect URIs mix {} (`{}`) and {} (`{}`): one registration serves a website and an app",
                a.facts.platform.describe(),
                a.raw(),
                b.facts.platform.describe(),
                b.raw()
            ),
        )
        .label(b.facts.platform.describe())
        .related(&a.field.origin, a.facts.platform.describe())
        .help("register one client per platform (the website and each app), each with its own redirect URIs"),
    );
}

/// Browser (CORS) origins on a client that holds a secret, or on one that never runs in a browser.
fn browser_origins_on_confidential_client(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(origins) = c.web_origins.as_ref().filter(|o| !o.is_empty()) else {
        return;
    };
    // Origins the server allows for every client were not registered by this one.
    if resource_server(c) || c.vendor.origins_are_server_cors {
        return;
    }
    let spa = c.declared.as_ref().is_some_and(|d| d.value == Declared::Spa);
    // A public client's secret is unused; `public-client-with-secret` reports a spa's. A secret the
    // vendor issues to every client says nothing about where it is kept.
    let held = !spa && explicit_public(c).is_none() && !c.vendor.secret_issued_to_every_client;
    if let Some((at, credential)) = secret_credential(c).filter(|_| held) {
        out.push(
            Finding::on(
                "browser-origins-on-confidential-client",
                c,
                &origins.origin,
                held_secret_message(credential),
            )
            .label(origin_label(origins.items.first()))
            .related(at, "secret-based client")
            .help("keep the secret on the server (a backend-for-frontend talks to the token endpoint server-side and needs no CORS), or register the browser app as its own public client"),
        );
        return;
    }
    if matches!(cx.inference.client_type, ClientType::M2m | ClientType::Native) {
        out.push(
            Finding::on(
                "browser-origins-on-confidential-client",
                c,
                &origins.origin,
                format!(
                    "browser origins are allowed for a {} client, which never runs in a browser",
                    cx.inference.client_type
                ),
            )
            .severity(Severity::Note)
            .label("unneeded CORS origins")
            .help("remove the origins")
            .type_dependent(),
        );
    }
}

/// The message of a secret held by a client with browser origins: fixed texts, as a realm may have
/// thousands of these findings.
fn held_secret_message(credential: Credential) -> &'static str {
    match credential {
        Credential::Secret => "browser origins are allowed for a client with a client secret: browser code calling the token endpoint would need that secret",
        Credential::SecretMethod => "browser origins are allowed for a client with a shared-secret auth method: browser code calling the token endpoint would need that secret",
    }
}

fn origin_label(first: Option<&Field<String>>) -> String {
    match first {
        Some(o) => format!("CORS origins such as `{}`", o.value),
        None => "CORS origins".into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::findings_of;

    fn findings(rule: &str, json: &str) -> Vec<(Severity, String)> {
        findings_of(rule, "t.json", json, false)
    }
    fn at(s: Severity, p: &str) -> Vec<(Severity, String)> {
        vec![(s, p.to_string())]
    }

    #[test]
    fn a_held_secret_is_named_in_the_credential_s_words() {
        use super::{held_secret_message, Credential};
        for credential in [Credential::Secret, Credential::SecretMethod] {
            let built = format!(
                "browser origins are allowed for a client with {}: browser code calling the token endpoint would need that secret",
                credential.words()
            );
            assert_eq!(held_secret_message(credential), built);
        }
    }

    #[test]
    fn a_secret_the_vendor_issues_to_every_client_is_not_held_by_the_browser() {
        let rule = "browser-origins-on-confidential-client";
        let google = r#"{"web": {"client_id": "1-a.apps.googleusercontent.com", "project_id": "p",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
            "client_secret": "${GOOGLE_CLIENT_SECRET}", "redirect_uris": ["https://app.example.com/cb"],
            "javascript_origins": ["https://app.example.com"]}}"#;
        assert!(findings_of(rule, "client_secret.json", google, false).is_empty());
        // The same shape in a registration: the secret is the client's own choice.
        let rfc = r#"{"client_id": "a", "client_secret": "${SECRET}", "token_endpoint_auth_method": "client_secret_basic",
            "redirect_uris": ["https://app.example.com/cb"], "allowed_cors_origins": ["https://app.example.com"]}"#;
        assert_eq!(findings_of(rule, "hydra.json", rfc, false).len(), 1);
    }

    #[test]
    fn application_type_checks_a_b_and_c() {
        let rule = "application-type-redirect-mismatch";
        let client = |app: &str, rts: &str, redirect: &str| {
            findings(
                rule,
                &format!(
                    r#"{{"client_id": "c", "application_type": "{app}", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code", "implicit"], "response_types": {rts}, "redirect_uris": ["{redirect}"]}}"#
                ),
            )
        };
        // (a) native with http to a non-loopback host; loopback http is the native option.
        assert_eq!(
            client("native", r#"["code"]"#, "http://a.example.com/cb"),
            at(Severity::Error, "/redirect_uris/0")
        );
        assert!(client("native", r#"["code"]"#, "http://127.0.0.1/cb").is_empty());
        // (b) web with implicit (hybrid included) and http or localhost.
        assert_eq!(
            client("web", r#"["code id_token"]"#, "https://localhost/cb"),
            at(Severity::Error, "/redirect_uris/0")
        );
        assert_eq!(
            client("web", r#"["id_token"]"#, "http://a.example.com/cb"),
            at(Severity::Error, "/redirect_uris/0")
        );
        assert!(client("web", r#"["id_token"]"#, "https://a.example.com/cb").is_empty());
        // (c) code-flow web client with an app's redirect: warning.
        assert_eq!(
            client("web", r#"["code"]"#, "com.example.app:/cb"),
            at(Severity::Warning, "/redirect_uris/0")
        );
        // ... but not a dev-server loopback.
        assert!(client("web", r#"["code"]"#, "http://localhost:3000/cb").is_empty());
        // A defaulted `web` (registration request) is left to implicit-default-metadata.
        let request = r#"{"token_endpoint_auth_method": "none", "redirect_uris": ["com.example.app:/cb"]}"#;
        assert!(findings(rule, request).is_empty());
    }

    #[test]
    fn a_website_next_to_an_app_mixes_platforms() {
        let rule = "mixed-platform-redirect-uris";
        let client = |extra: &str, redirects: &str| {
            findings(
                rule,
                &format!(
                    r#"{{"client_id": "c", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code"], "redirect_uris": {redirects}{extra}}}"#
                ),
            )
        };
        assert_eq!(
            client("", r#"["https://a.example.com/cb", "com.example.app:/cb"]"#),
            at(Severity::Warning, "/redirect_uris/1")
        );
        // A port-less loopback URI is a native app's: the port comes with each request.
        assert_eq!(
            client("", r#"["https://a.example.com/cb", "http://127.0.0.1/cb"]"#),
            at(Severity::Warning, "/redirect_uris/1")
        );
        // Native options together; a server on a fixed loopback port, whatever the port, is the
        // website under development.
        assert!(client("", r#"["com.example.app:/cb", "http://127.0.0.1/cb"]"#).is_empty());
        for port in [5173, 5000, 7000] {
            let redirects = format!(r#"["https://a.example.com/cb", "http://localhost:{port}/cb"]"#);
            assert!(client("", &redirects).is_empty(), "{port}");
        }
        // A declared native app's https URI is a claimed one (RFC 8252 §7.2), next to loopback or a
        // reverse-domain scheme.
        for other in ["http://127.0.0.1/cb", "com.example.app:/cb"] {
            let redirects = format!(r#"["https://a.example.com/cb", "{other}"]"#);
            assert!(
                client(r#", "application_type": "native""#, &redirects).is_empty(),
                "{other}"
            );
        }
        // Post-logout redirect URIs count too.
        let logout = r#", "post_logout_redirect_uris": ["com.example.app:/bye"]"#;
        assert_eq!(
            client(logout, r#"["https://a.example.com/cb"]"#),
            at(Severity::Warning, "/post_logout_redirect_uris/0")
        );
        // A client without a redirect-based grant is not interactive.
        let service = r#"{"client_id": "s", "client_secret": "${S}", "grant_types": ["client_credentials"], "redirect_uris": ["https://a.example.com/cb", "com.example.app:/cb"]}"#;
        assert!(findings(rule, service).is_empty());
    }

    #[test]
    fn cors_origins_with_a_secret_warn_and_on_a_service_note() {
        let rule = "browser-origins-on-confidential-client";
        let secret = r#"{"client_id": "c", "client_secret": "${S}", "grant_types": ["authorization_code"], "redirect_uris": ["https://a.example.com/cb"], "allowed_cors_origins": ["https://a.example.com"]}"#;
        assert_eq!(findings(rule, secret), at(Severity::Warning, "/allowed_cors_origins"));
        let service = r#"{"client_id": "s", "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://a.example.com/jwks", "grant_types": ["client_credentials"], "allowed_cors_origins": ["https://a.example.com"]}"#;
        assert_eq!(findings(rule, service), at(Severity::Note, "/allowed_cors_origins"));
        let spa = r#"{"client_id": "b", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code"], "redirect_uris": ["https://a.example.com/cb"], "allowed_cors_origins": ["https://a.example.com"]}"#;
        assert!(findings(rule, spa).is_empty());
    }
}
