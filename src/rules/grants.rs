//! Category B: grants and flows.

use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::Confidence;
use crate::model::{Declared, Grant};

pub const RULES: &[(&str, Check)] = &[
    ("implicit-grant", Check::Client(implicit_grant)),
    ("ropc-grant", Check::Client(ropc_grant)),
    (
        "client-credentials-public-client",
        Check::Client(client_credentials_public_client),
    ),
];

/// Access tokens from the authorization endpoint: a token-bearing response type, or the implicit
/// grant (or a vendor switch for it) where the format has no response types.
fn implicit_grant(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let severity = if cx.inference.is_confidential() && !cx.profile_is("oauth21") {
        Severity::Warning
    } else {
        Severity::Error
    };
    let help = "use the authorization code grant with PKCE (`response_types: [\"code\"]`) and drop `implicit`";
    let token_types: Vec<_> = c
        .response_types
        .iter()
        .flat_map(|l| l.iter())
        .filter(|r| r.value.issues_front_channel_access_token())
        .collect();
    for rt in &token_types {
        // Gravitee AM lists hybrid types under `authorization_code` by default (FORMATS.md §2): still
        // a front-channel token if requested, but the product's default rather than a chosen flow.
        let am_default = c.format == "gravitee-am" && rt.value.code && !c.has_grant(&Grant::Implicit);
        let (severity, help) = if am_default && !cx.profile_is("oauth21") {
            (Severity::Warning, "Gravitee AM adds hybrid response types by default; keep `code` (and `code id_token`) in `responseTypes`")
        } else {
            (severity, help)
        };
        out.push(
            Finding::on(
                "implicit-grant",
                c,
                &rt.origin,
                format!(
                    "response type `{}` returns an access token in the browser's URL",
                    rt.value
                ),
            )
            .severity(severity)
            .label("token-bearing response type")
            .help(help),
        );
    }
    if !token_types.is_empty() {
        return;
    }
    if let Some(g) = c.grant(&Grant::Implicit) {
        let has_response_types = c.response_types.as_ref().is_some_and(|l| !l.origin.is_default());
        if has_response_types {
            return; // the response types decide, and none of them carries a token
        }
        out.push(
            Finding::on(
                "implicit-grant",
                c,
                &g.origin,
                "the implicit grant returns access tokens in the browser's URL",
            )
            .severity(severity)
            .label("implicit grant enabled")
            .help(help),
        );
    }
}

/// The resource owner password credentials grant, or a vendor switch for it (Keycloak
/// `directAccessGrantsEnabled`, whose origin the adapter gives the grant).
fn ropc_grant(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    // A bearer-only client obtains no tokens; `client-type-conflict` reports its enabled flows.
    if c.declared.as_ref().is_some_and(|d| d.value == Declared::ResourceServer) {
        return;
    }
    let Some(g) = c.grant(&Grant::Password) else { return };
    out.push(
        Finding::on(
            "ropc-grant",
            c,
            &g.origin,
            "the password grant lets this client collect users' passwords itself",
        )
        .label("resource owner password credentials")
        .help("use the authorization code grant with PKCE and the server's login page (the device grant for input-constrained devices), and disable the password grant"),
    );
}

/// `client_credentials` on a public client: anyone who knows the client_id can get tokens.
fn client_credentials_public_client(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(g) = c.grant(&Grant::ClientCredentials) else {
        return;
    };
    let base = |what: &str| {
        Finding::on(
            "client-credentials-public-client",
            c,
            &g.origin,
            format!("`client_credentials` is enabled, but {what}: without client authentication anyone who knows the client_id can get tokens"),
        )
        .label("requires a confidential client")
        .help("authenticate the client (`private_key_jwt`, `tls_client_auth` or a secret), or remove `client_credentials`")
    };
    if let Some((at, how)) = super::types::stated_public(c) {
        out.push(base(how).related(at, "public here"));
        return;
    }
    // A public vendor type is the declared-type conflict `client-type-conflict` reports.
    if c.declared.is_some() {
        return;
    }
    if cx.inference.is_public() {
        let mut f = base(&format!(
            "the client looks like a public {} app",
            cx.inference.client_type
        ))
        .type_dependent();
        // Public only because its type usually is: one level less sure.
        if cx.inference.public_confidence == Confidence::Weak {
            f = f.severity(Severity::Warning);
        }
        out.push(f);
    }
}
