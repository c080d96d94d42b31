//! Category H: metadata consistency.

use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::document::Span;
use crate::model::{Grant, Origin};

pub const RULES: &[(&str, Check)] = &[
    ("grant-response-type-mismatch", Check::Client(grant_response_type_mismatch)),
    ("jwks-and-jwks-uri", Check::Client(jwks_and_jwks_uri)),
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
        if (r.token || r.id_token) && !has(&Grant::Implicit) {
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
            .help(format!("add {grants_needed} to `grant_types`, or remove the response type")),
        );
    }

    // Grant → response type: a redirect-based grant that no response type can use.
    if let Some(g) = c.grant(&Grant::AuthorizationCode) {
        if !rts.iter().any(|r| r.value.code) {
            out.push(
                Finding::on(
                    rule,
                    c,
                    &g.origin,
                    "the `authorization_code` grant is listed but no response type contains `code`",
                )
                .severity(Severity::Warning)
                .label("no `code` response type")
                .related(&rts.origin, "response types")
                .help("add `\"code\"` to `response_types`, or remove the grant"),
            );
        }
    }
    if let Some(g) = c.grant(&Grant::Implicit) {
        if !rts.iter().any(|r| r.value.token || r.value.id_token) {
            out.push(
                Finding::on(
                    rule,
                    c,
                    &g.origin,
                    "the `implicit` grant is listed but no response type contains `token` or `id_token`",
                )
                .severity(Severity::Warning)
                .label("unused grant")
                .related(&rts.origin, "response types")
                .help("remove `implicit` from `grant_types`; the authorization code grant replaces it"),
            );
        }
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
        Origin::Default { .. } => Finding::on("jwks-and-jwks-uri", c, &jwks.origin, MESSAGE),
    };
    out.push(
        finding
        .label("keys by value")
        .related(&uri.origin, "keys by reference")
        .help("keep `jwks_uri` and remove `jwks`: a client that can publish its keys at a URL must not also register them by value"),
    );
}
