//! Category H: metadata consistency.

use super::{Check, Ctx};
use crate::document::Span;
use crate::finding::{Finding, Severity};
use crate::model::{Grant, Origin, ResponseType};

pub const RULES: &[(&str, Check)] = &[
    (
        "grant-response-type-mismatch",
        Check::Client(grant_response_type_mismatch),
    ),
    ("jwks-and-jwks-uri", Check::Client(jwks_and_jwks_uri)),
    // Compares clients with each other: see `cross.rs`.
    ("duplicate-client-id", Check::Engine),
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
        // Gravitee AM issues hybrid responses under `authorization_code` and lists them by default
        // (FORMATS.md §2), so the RFC 7591 pairing does not describe that server.
        let am_hybrid = c.format == "gravitee-am" && r.code;
        if (r.token || r.id_token) && !has(&Grant::Implicit) && !am_hybrid {
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
        out.push(
            Finding::on(rule, c, &g.origin, message)
                .severity(Severity::Warning)
                .label(label)
                .related(&rts.origin, "response types")
                .help(help),
        );
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

#[cfg(test)]
mod tests {
    use crate::finding::Severity;

    /// `(rule, severity, pointer)` of this rule's findings on a JSON client.
    fn findings(rule: &str, json: &str) -> Vec<(Severity, String)> {
        crate::lint_bytes("t.json", json.as_bytes(), &Default::default())
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| (f.severity.unwrap(), f.pointer.as_str().to_string()))
            .collect()
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
}
