//! Category B: grants and flows.

use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::model::Grant;

pub const RULES: &[(&str, Check)] = &[("implicit-grant", Check::Client(implicit_grant))];

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
