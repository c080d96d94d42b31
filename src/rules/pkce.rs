//! Category C: PKCE.
//!
//! Enforcement is read from `client.pkce`. `required: None` means the file cannot say (most formats
//! leave PKCE to server policy), so the rules ask for confirmation at note level and never guess.

use super::fixes;
use super::types::file_says_public;
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::fix::{Change, Fix, Literal};
use crate::infer::ClientType;
use crate::model::{Client, Declared, Field, Grant, Origin, PkceMethod};

pub const RULES: &[(&str, Check)] = &[
    ("public-client-without-pkce", Check::Client(public_client_without_pkce)),
    (
        "confidential-client-without-pkce",
        Check::Client(confidential_client_without_pkce),
    ),
    ("pkce-plain-method", Check::Client(pkce_plain_method)),
    ("pkce-method-unspecified", Check::Client(pkce_method_unspecified)),
];

/// The authorization code grant, on a client that can obtain tokens.
fn code_grant(c: &Client) -> Option<&Field<Grant>> {
    if c.declared.as_ref().is_some_and(|d| d.value == Declared::ResourceServer) {
        return None;
    }
    c.grant(&Grant::AuthorizationCode)
}

const CONFIRM: &str =
    "cannot tell from the file whether the server enforces PKCE for this client; confirm the authorization server requires PKCE with S256 for it";

fn public_client_without_pkce(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(code) = code_grant(c) else { return };
    let stated = file_says_public(c);
    if !stated && !cx.inference.is_public() {
        return;
    }
    // Where the server cannot require PKCE of a client, the advice is for the app.
    let not_enforceable = c.vendor.pkce_not_enforceable.and_then(|why| {
        let r = c.pkce.required.as_ref().filter(|r| !r.value && r.origin.is_default())?;
        Some((why, r))
    });
    if let Some((why, r)) = not_enforceable {
        let f = Finding::on(
            "public-client-without-pkce",
            c,
            &r.origin,
            format!("{why}: make sure this public client sends PKCE with S256 on every authorization request, since nothing makes the server ask for it"),
        )
        .severity(Severity::Note)
        .label("public client using codes")
        .related(&code.origin, "authorization code grant")
        .help("send a PKCE `code_challenge` (S256) from the app with every authorization request");
        out.push(if stated { f } else { f.type_dependent() });
        return;
    }
    let f = match &c.pkce.required {
        Some(r) if r.value => return,
        Some(r) => fixes::with_fix(
            Finding::on(
                "public-client-without-pkce",
                c,
                &r.origin,
                "PKCE is not required for this public client, so an intercepted authorization code can be redeemed by whoever holds it",
            )
            .label("PKCE not enforced")
            .related(&code.origin, "authorization code grant"),
            require_pkce(c, &r.origin),
        ),
        None => Finding::on("public-client-without-pkce", c, &code.origin, format!("{CONFIRM} (a public client MUST use PKCE)"))
            .severity(Severity::Note)
            .unconfirmed()
            .label("public client using codes"),
    };
    let f = f.help("require PKCE with `S256` for this client at the authorization server");
    // Public only by inference: confidence gates it.
    out.push(if stated { f } else { f.type_dependent() });
}

fn confidential_client_without_pkce(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(code) = code_grant(c) else { return };
    if file_says_public(c) || !cx.inference.is_confidential() || cx.inference.client_type != ClientType::Web {
        return;
    }
    // OIDC clients may use `nonce` instead (RFC 9700 §2.1.1, §4.5.3.2), if they check it.
    let oidc = c
        .scope
        .as_ref()
        .is_some_and(|s| s.value.split_whitespace().any(|t| t == "openid"))
        || c.response_types.iter().flat_map(|l| l.iter()).any(|r| r.value.id_token);
    let f = match &c.pkce.required {
        Some(r) if r.value => return,
        Some(r) => {
            let severity = match (cx.profile_is("oauth21"), oidc) {
                (true, false) => Severity::Error,
                // OAuth 2.1 §7.5.1.1 keeps the nonce exception, which the file cannot show is used.
                (true, true) => Severity::Warning,
                (false, false) => Severity::Warning,
                (false, true) => Severity::Note,
            };
            let why = if oidc {
                "; `nonce` checking can stand in only if every login checks it"
            } else {
                ""
            };
            fixes::with_fix(
                Finding::on(
                    "confidential-client-without-pkce",
                    c,
                    &r.origin,
                    format!(
                        "PKCE is not required for this client, so the server cannot stop authorization-code injection{why}"
                    ),
                )
                .severity(severity)
                .label("PKCE not enforced")
                .related(&code.origin, "authorization code grant"),
                require_pkce(c, &r.origin),
            )
        }
        None => Finding::on("confidential-client-without-pkce", c, &code.origin, CONFIRM)
            .severity(Severity::Note)
            .unconfirmed()
            .label("authorization code grant"),
    };
    out.push(
        f.help("require PKCE with `S256` for this client at the authorization server")
            .type_dependent(),
    );
}

fn pkce_plain_method(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    // Methods matter only where codes are issued; unknown grants count as possibly issuing them.
    if c.grants.is_some() && code_grant(c).is_none() {
        return;
    }
    let Some(m) = c.pkce.methods.as_ref().filter(|m| m.value.contains(&PkceMethod::Plain)) else {
        return;
    };
    let severity = if cx.profile_is("oauth21") || cx.profile_is("fapi2") {
        Severity::Error
    } else {
        Severity::Warning
    };
    out.push(fixes::with_fix(
        Finding::on(
            "pkce-plain-method",
            c,
            &m.origin,
            "the `plain` PKCE method is allowed, which sends the verifier itself in the authorization request",
        )
        .severity(severity)
        .label("`plain` allowed")
        .help("allow only `S256`"),
        s256_instead_of_plain(c, m),
    ));
}

/// Requires PKCE where the file says it is not required (`written`): every client that does not
/// send a code challenge today is refused afterwards, so the fix is unsafe.
fn require_pkce(c: &Client, written: &Origin) -> Option<Fix> {
    let change = fixes::require_pkce(c, written)?;
    Some(Fix::unsafe_("require PKCE with S256", vec![change]))
}

/// Allows `S256` only where `methods` allows `plain`: the vendor's switch that limits PKCE to
/// `S256`, or `S256` written over the method `plain`. Unsafe: RFC 7636 §4.2 lets a client that cannot
/// compute SHA-256 send `plain`, and where `plain` is the only method every working client does.
fn s256_instead_of_plain(c: &Client, methods: &Field<Vec<PkceMethod>>) -> Option<Fix> {
    fixes::in_file(&methods.origin)?;
    let change = match &c.vendor.pkce_s256_switch {
        Some(switch) => fixes::set_member(c, switch, &methods.origin),
        None => {
            let written = c.pkce.written.iter().find(|w| w.origin == methods.origin)?;
            Change::Replace {
                at: fixes::in_file(&written.origin)?.clone(),
                with: Literal::String("S256".to_string()),
            }
        }
    };
    Some(Fix::unsafe_(S256_ONLY, vec![change]))
}

const S256_ONLY: &str = "allow only the S256 PKCE method";

/// PKCE is required but the accepted methods are not limited to `S256`. A list that includes
/// `plain` is `pkce-plain-method`'s finding; this one is about a method left open.
fn pkce_method_unspecified(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    if code_grant(c).is_none() {
        return;
    }
    let Some(required) = c.pkce.required.as_ref().filter(|r| r.value) else {
        return;
    };
    if c.pkce.methods.is_some() {
        return;
    }
    // Beside the switch that requires PKCE; unsafe as in `pkce-plain-method`.
    let fix = c
        .vendor
        .pkce_s256_switch
        .and_then(|switch| fixes::set_beside(&required.origin, &switch))
        .map(|change| Fix::unsafe_(S256_ONLY, vec![change]));
    out.push(fixes::with_fix(
        Finding::on(
            "pkce-method-unspecified",
            c,
            &required.origin,
            "PKCE is required but the challenge method is not restricted to `S256`; a request without `code_challenge_method` means `plain`",
        )
        .label("any method accepted")
        .help("restrict the client to `S256` (e.g. Authelia `pkce_challenge_method: S256`, Gravitee `forceS256CodeChallengeMethod: true`)"),
        fix,
    ));
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::findings_of;

    #[test]
    fn required_pkce_without_a_method_is_a_pedantic_note() {
        let rule = "pkce-method-unspecified";
        let client = |extra: &str| {
            findings_of(
                rule,
                "t.json",
                &format!(
                    r#"{{"client_id": "c", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code"], "redirect_uris": ["https://a.example.com/cb"]{extra}}}"#
                ),
                true,
            )
        };
        assert_eq!(
            client(r#", "pkce_required": true"#),
            [(Severity::Note, "/pkce_required".to_string())]
        );
        assert!(client(r#", "require_pkce": true, "pkce_challenge_method": "S256""#).is_empty());
        // `plain` is pkce-plain-method's finding; PKCE not required is the other PKCE rules'.
        assert!(client(r#", "require_pkce": true, "pkce_challenge_method": "plain""#).is_empty());
        assert!(client(r#", "pkce_required": false"#).is_empty());
    }
}
