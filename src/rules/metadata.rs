//! Category H: metadata consistency.

use super::{fixes, Check, Ctx};
use crate::document::Span;
use crate::escape;
use crate::finding::{Finding, Severity};
use crate::fix::Fix;
use crate::model::{Client, Declared, Grant, Origin, ResponseType, SECRET_AUTH_METHODS};
use crate::uri::{self, Platform};

pub const RULES: &[(&str, Check)] = &[
    (
        "grant-response-type-mismatch",
        Check::Client(grant_response_type_mismatch),
    ),
    ("jwks-and-jwks-uri", Check::Client(jwks_and_jwks_uri)),
    (
        "redirect-grant-without-redirect-uris",
        Check::Client(redirect_grant_without_redirect_uris),
    ),
    (
        "redirect-uris-without-redirect-grant",
        Check::Client(redirect_uris_without_redirect_grant),
    ),
    ("implicit-default-metadata", Check::Client(implicit_default_metadata)),
    // Compares clients with each other: see `cross.rs`.
    ("duplicate-client-id", Check::Engine),
    ("invisible-characters", Check::Client(invisible_characters)),
];

/// `grant_types` and `response_types` that do not fit together (RFC 7591 §2.1, OIDC Reg §2).
fn grant_response_type_mismatch(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    // Unknown on either side (Keycloak has no response types): nothing to compare.
    let (Some(grants), Some(rts)) = (&c.grants, &c.response_types) else {
        return;
    };
    // A defaulted side is what the server will apply, but an omitted field whose default does not
    // fit is `implicit-default-metadata`'s finding; reporting it here too would say it twice.
    if grants.origin.is_default() || rts.origin.is_default() {
        return;
    }
    let has = |g: &Grant| grants.iter().any(|f| &f.value == g);
    let rule = "grant-response-type-mismatch";
    let mut errors = 0;

    // Response type → grant: each part of a response type needs its grant (order-insensitive).
    for rt in rts.iter() {
        let r = &rt.value;
        let mut missing = Vec::new();
        if r.code && !has(&Grant::AuthorizationCode) {
            missing.push("`authorization_code`");
        }
        // A server that issues hybrid responses under `authorization_code` does not follow the RFC
        // 7591 pairing.
        let hybrid_by_code = c.vendor.hybrid_under_code_grant.is_some() && r.code;
        if (r.token || r.id_token) && !has(&Grant::Implicit) && !hybrid_by_code {
            missing.push("`implicit`");
        }
        if missing.is_empty() {
            continue;
        }
        errors += 1;
        let grants_needed = missing.join(" and ");
        let noun = if missing.len() == 1 { "grant" } else { "grants" };
        out.push(
            Finding::on(
                rule,
                c,
                &rt.origin,
                format!("response type `{r}` needs the {grants_needed} {noun}, which `grant_types` does not list"),
            )
            .severity(Severity::Error)
            .label(format!("needs {grants_needed}"))
            .related(&grants.origin, "grant types")
            .help(format!(
                "add {grants_needed} to `grant_types`, or remove the response type"
            )),
        );
    }

    // Grant → response type: a redirect-based grant that no response type can use.
    type Uses = fn(&ResponseType) -> bool;
    let unused: [(Grant, Uses, &str, &str, &str); 2] = [
        (
            Grant::AuthorizationCode,
            |r| r.code,
            "the `authorization_code` grant is listed but no response type contains `code`",
            "no `code` response type",
            "add `\"code\"` to `response_types`, or remove the grant",
        ),
        (
            Grant::Implicit,
            |r| r.token || r.id_token,
            "the `implicit` grant is listed but no response type contains `token` or `id_token`",
            "unused grant",
            "remove `implicit` from `grant_types`; the authorization code grant replaces it",
        ),
    ];
    for (grant, uses, message, label, help) in unused {
        let Some(g) = c.grant(&grant) else { continue };
        if rts.iter().any(|r| uses(&r.value)) {
            continue;
        }
        // No response type can start the implicit flow, so dropping its grant changes nothing a
        // working client sends.
        let fix = (grant == Grant::Implicit)
            .then(|| fixes::drop_grant(c, g))
            .flatten()
            .map(|change| Fix::safe("remove the unused implicit grant", vec![change]));
        out.push(fixes::with_fix(
            Finding::on(rule, c, &g.origin, message)
                .severity(Severity::Warning)
                .label(label)
                .related(&rts.origin, "response types")
                .help(help),
            fix,
        ));
    }
    // Response types with no redirect-based grant at all. When a response type above already
    // reported its missing grant, this would only repeat it.
    if errors == 0 && !rts.is_empty() && !grants.iter().any(|g| g.value.is_redirect_based()) {
        out.push(
            Finding::on(
                rule,
                c,
                &rts.origin,
                "response types are listed but no grant uses the authorization endpoint",
            )
            .severity(Severity::Warning)
            .label("unused response types")
            .related(&grants.origin, "grant types")
            .help("remove `response_types` (or set it to `[]`) for a client without a redirect-based grant"),
        );
    }
}

const MESSAGE: &str = "`jwks` and `jwks_uri` are both set; the server cannot tell which key set is authoritative";

/// Keys registered both by value and by reference (RFC 7591 §2, OIDC Reg §2: MUST NOT).
fn jwks_and_jwks_uri(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let (Some(jwks), Some(uri)) = (&c.jwks, &c.jwks_uri) else {
        return;
    };
    // `"jwks_uri": ""` in an export means no URI.
    if uri.value.trim().is_empty() {
        return;
    }
    // Point at the opening of the inline set, not the whole (often long) object.
    let finding = match &jwks.origin {
        Origin::File { pointer, span } | Origin::Server { pointer, span } => Finding::at(
            "jwks-and-jwks-uri",
            pointer.clone(),
            Span::new(span.start, (span.start + 1).min(span.end)),
            MESSAGE,
        ),
        Origin::Default { .. } | Origin::Joined(_) => Finding::on("jwks-and-jwks-uri", c, &jwks.origin, MESSAGE),
    };
    out.push(
        finding
        .label("keys by value")
        .related(&uri.origin, "keys by reference")
        .help("keep `jwks_uri` and remove `jwks`: a client that can publish its keys at a URL must not also register them by value"),
    );
}

fn declared(c: &Client, d: Declared) -> bool {
    c.declared.as_ref().is_some_and(|f| f.value == d)
}

/// A redirect-based grant with no redirect URI to send the user back to.
fn redirect_grant_without_redirect_uris(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(grants) = &c.grants else { return };
    // An omitted `grant_types` is `implicit-default-metadata`'s to report; a bearer-only client
    // obtains no tokens at all.
    if grants.origin.is_default() || declared(c, Declared::ResourceServer) {
        return;
    }
    let Some(g) = grants.iter().find(|g| g.value.is_redirect_based()) else {
        return;
    };
    if c.redirect_uris.as_ref().is_some_and(|l| !l.is_empty()) {
        return;
    }
    // RFC 9126 §2.4: an authenticated client pushing its requests may give the redirect URI per request.
    let par = c
        .par_required
        .as_ref()
        .filter(|p| p.value && cx.inference.is_confidential());
    let at = c.redirect_uris.as_ref().map_or(&g.origin, |l| &l.origin);
    let mut f = Finding::on(
        "redirect-grant-without-redirect-uris",
        c,
        at,
        format!(
            "the `{}` grant redirects users back to the client, but no redirect URI is registered",
            g.value
        ),
    )
    .label("no redirect URIs")
    .related(&g.origin, "redirect-based grant")
    .help("register the exact redirect URIs the client uses, or remove the grant");
    if let Some(p) = par {
        f = f
            .severity(Severity::Note)
            .related(&p.origin, "pushed authorization requests required")
            .help("with PAR the redirect URI may come with each pushed request; confirm the server allows that for this client");
    } else if let Some(advice) = c.vendor.rejects_unregistered_redirects {
        // The server rejects every login of such a client: a dead flow, not an open redirector.
        f = f.severity(Severity::Note).help(advice);
    }
    out.push(f);
}

/// Redirect URIs on a client that has no grant using them.
fn redirect_uris_without_redirect_grant(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let (Some(grants), Some(redirects)) = (&c.grants, &c.redirect_uris) else {
        return;
    };
    // A declared service or resource server with redirect URIs is `client-type-conflict`'s finding.
    if redirects.is_empty()
        || grants.iter().any(|g| g.value.is_redirect_based())
        || declared(c, Declared::M2m)
        || declared(c, Declared::ResourceServer)
    {
        return;
    }
    let names: Vec<String> = grants.iter().map(|g| format!("`{}`", g.value)).collect();
    let grants_word = if names.is_empty() {
        "no grant".to_string()
    } else {
        names.join(", ")
    };
    out.push(
        Finding::on(
            "redirect-uris-without-redirect-grant",
            c,
            &redirects.origin,
            format!("redirect URIs are registered, but the client's grants ({grants_word}) never redirect to them"),
        )
        .label("unused redirect URIs")
        .related(&grants.origin, "grant types")
        .help("remove the redirect URIs, or enable the authorization code grant if the client logs users in"),
    );
}

/// An omitted field whose RFC 7591 / OIDC Reg default contradicts what the rest of the file says.
fn implicit_default_metadata(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let rule = "implicit-default-metadata";
    let default_why = |o: &Origin| match o {
        Origin::Default { why } => Some(*why),
        _ => None,
    };
    // No auth method on a client with public signals: the default is `client_secret_basic`.
    let secret_default = c
        .auth_method
        .as_ref()
        .filter(|m| SECRET_AUTH_METHODS.contains(&m.value.as_str()));
    if let Some((m, why)) = secret_default.and_then(|m| Some((m, default_why(&m.origin)?))) {
        if let Some(ev) = super::types::public_evidence(c, cx.redirects) {
            if c.secret.is_none() {
                let severity = if ev.strong { Severity::Warning } else { Severity::Note };
                out.push(
                    Finding::client(
                        rule,
                        c,
                        format!(
                            "no `token_endpoint_auth_method` is given, so it defaults to `{}`, but {}",
                            m.value, ev.what
                        ),
                    )
                    .severity(severity)
                    .label(why)
                    .related(ev.origin, "public client here")
                    .help("add `\"token_endpoint_auth_method\": \"none\"` for a public client"),
                );
            }
        }
    }
    // No `application_type` with native redirect URIs: the default is `web`.
    if let Some(why) = c.application_type.as_ref().and_then(|a| default_why(&a.origin)) {
        let private = cx.redirects.iter().find(|r| r.facts.platform == Platform::PrivateUse);
        let loopback = uri::all_loopback(cx.redirects) && !cx.redirects.iter().any(|r| r.on_dev_port());
        if let Some(r) = private.or(loopback.then(|| &cx.redirects[0])) {
            out.push(
                Finding::client(
                    rule,
                    c,
                    format!(
                        "no `application_type` is given, so it defaults to `web`, but redirect URI `{}` is {}, as native apps use",
                        r.raw(),
                        r.facts.platform.describe()
                    ),
                )
                .label(why)
                .related(&r.field.origin, "native redirect URI")
                .help("add `\"application_type\": \"native\"`"),
            );
        }
    }
    let Some(grants) = &c.grants else { return };
    // No `grant_types` on a client without redirect URIs: the default is `authorization_code`.
    // Unless the vendor gives a public client redirect URIs of its own when it registers none.
    let vendor_redirects = c.vendor.public_default_redirects.is_some() && cx.inference.is_public();
    if let Some(why) = default_why(&grants.origin).filter(|_| !vendor_redirects) {
        let redirect_grant = grants.iter().find(|g| g.value.is_redirect_based());
        if let Some(g) = redirect_grant.filter(|_| c.redirect_uris.as_ref().is_none_or(|l| l.is_empty())) {
            out.push(
                Finding::client(rule, c, format!("no `grant_types` is given, so it defaults to include `{}`, but the client registers no redirect URIs", g.value))
                    .label(why)
                    .help("list the grants the client uses, e.g. `\"grant_types\": [\"client_credentials\"]`"),
            );
        }
        return;
    }
    // No `response_types` on a client whose grants never redirect: the default is `code`. Only in a
    // registration request that can send `[]`; where the server reads `[]` as `code` again (Hydra),
    // the user has nothing to change.
    let request = c.doc_kind == crate::model::DocKind::RegistrationRequest && c.vendor.keeps_empty_response_types;
    if let Some(why) = c
        .response_types
        .as_ref()
        .filter(|_| request)
        .and_then(|r| default_why(&r.origin))
    {
        if !grants.is_empty() && !grants.iter().any(|g| g.value.is_redirect_based()) {
            out.push(
                Finding::client(rule, c, "no `response_types` is given, so it defaults to `code`, but none of the client's grants uses the authorization endpoint")
                    .label(why)
                    .related(&grants.origin, "grant types")
                    .help("add `\"response_types\": []`"),
            );
        }
    }
}

/// The values a reviewer reads to know which client this is and where it sends users: its id, its
/// name and its URIs, each with where it is written (a name has no location of its own).
fn identifying_values(c: &Client) -> Vec<(&'static str, &str, Option<&Origin>)> {
    let mut values: Vec<(&'static str, &str, Option<&Origin>)> = Vec::new();
    if let Some(id) = &c.id {
        values.push(("client id", &id.value, Some(&id.origin)));
    }
    if let Some(name) = &c.name {
        values.push(("client name", name, None));
    }
    let lists = [
        ("redirect URI", &c.redirect_uris),
        ("post-logout redirect URI", &c.post_logout_redirect_uris),
        ("web origin", &c.web_origins),
    ];
    for (what, list) in lists {
        for f in list.iter().flat_map(|l| l.iter()) {
            values.push((what, &f.value, Some(&f.origin)));
        }
    }
    for f in [&c.jwks_uri, &c.issuer, &c.authorization_endpoint]
        .into_iter()
        .flatten()
    {
        values.push(("URI", &f.value, Some(&f.origin)));
    }
    for p in &c.uris {
        values.push((p.param, &p.value.value, Some(&p.value.origin)));
    }
    values
}

/// Ids, names and URIs holding characters that do not show as what they are: a bidi control
/// reorders what a reviewer reads (CVE-2021-42574), a control character acts on the terminal or log
/// that shows it, a zero-width or other invisible character makes two different values look alike.
fn invisible_characters(cx: &Ctx, out: &mut Vec<Finding>) {
    let rule = "invisible-characters";
    let mut reported: Vec<Span> = Vec::new();
    for (what, value, origin) in identifying_values(cx.client) {
        let hidden: Vec<char> = value.chars().filter(|&c| escape::is_hidden(c)).collect();
        if hidden.is_empty() {
            continue;
        }
        // A value copied into another list (Keycloak's `+`) is reported where it is written.
        if let Some(Origin::File { span, .. } | Origin::Server { span, .. }) = origin {
            if reported.contains(span) {
                continue;
            }
            reported.push(*span);
        }
        let bidi = hidden.iter().any(|&c| escape::is_bidi(c));
        let control = hidden.iter().any(|c| c.is_control());
        let mut shown: Vec<String> = Vec::new();
        for c in &hidden {
            let escaped = escape::text(&c.to_string()).into_owned();
            if !shown.contains(&escaped) {
                shown.push(escaped);
            }
        }
        let shown = shown.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
        let (severity, effect) = if bidi {
            (
                Severity::Error,
                "bidi controls reorder what a reviewer reads, so it is not what it looks like",
            )
        } else if control {
            (
                Severity::Error,
                "control characters act on the terminal or log that shows them instead of showing",
            )
        } else {
            (
                Severity::Warning,
                "invisible characters make it differ from the value it looks like",
            )
        };
        // URIs are shown with their password masked.
        let value = if what.starts_with("client ") {
            escape::text(value).into_owned()
        } else {
            uri::display(value)
        };
        let message = format!("{what} `{value}` holds {shown}: {effect}");
        let finding = match origin {
            Some(origin) => Finding::on(rule, cx.client, origin, message),
            None => Finding::client(rule, cx.client, message),
        };
        out.push(
            finding
                .severity(severity)
                .label("hidden characters")
                .help("write the value without them: no id, name or URI needs a control or invisible character"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;

    /// `(severity, pointer)` of this rule's findings on a JSON client.
    fn findings(rule: &str, json: &str) -> Vec<(Severity, String)> {
        crate::rules::findings_of(rule, "t.json", json, false)
    }
    fn mismatch(grants: &str, rts: &str) -> Vec<(Severity, String)> {
        findings(
            "grant-response-type-mismatch",
            &format!(
                r#"{{"client_id": "c", "redirect_uris": ["https://a.example.com/cb"], "grant_types": {grants}, "response_types": {rts}}}"#
            ),
        )
    }

    #[test]
    fn response_types_need_their_grants_in_any_order() {
        assert!(mismatch(r#"["authorization_code", "implicit"]"#, r#"["token id_token code"]"#).is_empty());
        assert_eq!(
            mismatch(r#"["implicit"]"#, r#"["id_token token", "code"]"#),
            vec![(Severity::Error, "/response_types/1".to_string())]
        );
        assert_eq!(
            mismatch(r#"["client_credentials"]"#, r#"["code token"]"#),
            vec![(Severity::Error, "/response_types/0".to_string())]
        );
    }

    #[test]
    fn unused_grants_and_response_types_are_warnings() {
        assert_eq!(
            mismatch(r#"["authorization_code", "implicit"]"#, r#"["code"]"#),
            vec![(Severity::Warning, "/grant_types/1".to_string())]
        );
        assert_eq!(
            mismatch(r#"["authorization_code"]"#, r#"[]"#),
            vec![(Severity::Warning, "/grant_types/0".to_string())]
        );
        assert_eq!(
            mismatch(r#"["client_credentials"]"#, r#"["none"]"#),
            vec![(Severity::Warning, "/response_types".to_string())]
        );
        assert!(mismatch(r#"["client_credentials"]"#, r#"[]"#).is_empty());
    }

    #[test]
    fn a_defaulted_side_is_left_to_implicit_default_metadata() {
        // A registration request: `response_types` defaults to `code`.
        let json = r#"{"redirect_uris": ["https://a.example.com/cb"], "grant_types": ["client_credentials"]}"#;
        assert!(findings("grant-response-type-mismatch", json).is_empty());
    }

    #[test]
    fn empty_key_sets_do_not_count_as_jwks() {
        let with = |jwks: &str| {
            findings(
                "jwks-and-jwks-uri",
                &format!(r#"{{"client_id": "c", "grant_types": ["client_credentials"], "jwks_uri": "https://a.example.com/jwks", "jwks": {jwks}}}"#),
            )
            .len()
        };
        assert_eq!(with(r#"{"keys": [{"kty": "EC"}]}"#), 1);
        assert_eq!(with("null"), 0);
        assert_eq!(with("{}"), 0);
        assert_eq!(with(r#"{"keys": []}"#), 0);
    }

    fn s(pairs: &[(Severity, &str)]) -> Vec<(Severity, String)> {
        pairs.iter().map(|(sev, p)| (*sev, p.to_string())).collect()
    }

    #[test]
    fn redirect_grants_need_redirect_uris_except_with_par_or_a_default() {
        let rule = "redirect-grant-without-redirect-uris";
        let json = r#"{"client_id": "c", "client_secret": "${S}", "grant_types": ["authorization_code"], "redirect_uris": []}"#;
        assert_eq!(findings(rule, json), s(&[(Severity::Error, "/redirect_uris")]));
        // A registration request whose `grant_types` is the default: `implicit-default-metadata`'s.
        assert!(findings(rule, r#"{"client_name": "c", "token_endpoint_auth_method": "none"}"#).is_empty());
        assert!(findings(rule, r#"{"client_id": "c", "grant_types": ["client_credentials"]}"#).is_empty());
        // Keycloak refuses the logins, so its enabled standard flow is a dead switch.
        let kc =
            r#"{"realm": "r", "clients": [{"clientId": "k", "secret": "**********", "serviceAccountsEnabled": true}]}"#;
        assert_eq!(findings(rule, kc), s(&[(Severity::Note, "/clients/0")]));
    }

    #[test]
    fn pushed_authorization_requests_make_it_a_note() {
        let rule = "redirect-grant-without-redirect-uris";
        let json = r#"{"client_id": "c", "client_secret": "${S}", "grant_types": ["authorization_code"]}"#;
        let mut client = crate::rules::client_of("t.json", json);
        assert!(client.par_required.is_none());
        client.par_required = Some(crate::model::Field::new(
            true,
            client.secret.as_ref().unwrap().origin.clone(),
        ));
        let out = crate::rules::check_client(&client, super::redirect_grant_without_redirect_uris, false);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!((out[0].rule, out[0].severity), (rule, Some(Severity::Note)));
    }

    #[test]
    fn redirect_uris_without_a_grant_that_uses_them_are_a_note() {
        let rule = "redirect-uris-without-redirect-grant";
        let with = |grants: &str| {
            findings(
                rule,
                &format!(
                    r#"{{"client_id": "c", "client_secret": "${{S}}", "grant_types": {grants}, "redirect_uris": ["https://a.example.com/cb"]}}"#
                ),
            )
        };
        assert_eq!(
            with(r#"["client_credentials"]"#),
            s(&[(Severity::Note, "/redirect_uris")])
        );
        assert!(with(r#"["authorization_code", "client_credentials"]"#).is_empty());
        // Grants not given (an export that leaves them out): unknown, not absent.
        assert!(findings(
            rule,
            r#"{"client_id": "c", "token_endpoint_auth_method": "none", "redirect_uris": ["https://a.example.com/cb"]}"#
        )
        .is_empty());
    }

    #[test]
    fn defaults_that_contradict_the_file_are_reported_once_each() {
        let rule = "implicit-default-metadata";
        // A native app relying on defaults: `client_secret_basic` and `web` both contradict it.
        let native = r#"{"redirect_uris": ["com.example.app:/cb"]}"#;
        assert_eq!(
            findings(rule, native),
            s(&[(Severity::Warning, ""), (Severity::Warning, "")])
        );
        // A service without `grant_types`: the default `authorization_code` needs redirect URIs.
        let service = r#"{"token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://a.example.com/jwks"}"#;
        assert_eq!(findings(rule, service), s(&[(Severity::Warning, "")]));
        // Only service grants, no `response_types`: the default `code` is unused.
        let cc = r#"{"token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://a.example.com/jwks", "grant_types": ["client_credentials"]}"#;
        assert_eq!(findings(rule, cc), s(&[(Severity::Warning, "")]));
        // Registered clients (with a client_id) get no defaults, so nothing is implied.
        assert!(findings(rule, r#"{"client_id": "c", "redirect_uris": ["com.example.app:/cb"]}"#).is_empty());
        // A web app relying on the defaults is what they were made for.
        assert!(findings(rule, r#"{"redirect_uris": ["https://a.example.com/cb"]}"#).is_empty());
    }
}
