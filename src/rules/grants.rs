//! Category B: grants and flows.

use super::fixes;
use super::types::{refused_to_public, stated_public};
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::fix::{Applicability, Fix, Literal};
use crate::infer::Confidence;
use crate::model::{Client, Declared, Field, Grant, ResponseType};

pub const RULES: &[(&str, Check)] = &[
    ("implicit-grant", Check::Client(implicit_grant)),
    ("ropc-grant", Check::Client(ropc_grant)),
    (
        "client-credentials-public-client",
        Check::Client(client_credentials_public_client),
    ),
    (
        "jwt-bearer-without-issuer-keys",
        Check::Client(jwt_bearer_without_issuer_keys),
    ),
    (
        "assertion-grant-unauthenticated-client",
        Check::Client(assertion_grant_unauthenticated_client),
    ),
    ("refresh-token-grant-misuse", Check::Client(refresh_token_grant_misuse)),
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
        // A hybrid type the vendor lists under `authorization_code` by default: still a front-channel
        // token if requested, but the product's default rather than a chosen flow.
        let vendor_default = c
            .vendor
            .hybrid_under_code_grant
            .filter(|_| rt.value.code && !c.has_grant(&Grant::Implicit) && !cx.profile_is("oauth21"));
        let (severity, help) = match vendor_default {
            Some(advice) => (Severity::Warning, advice),
            None => (severity, help),
        };
        let finding = Finding::on(
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
        .help(help);
        let fix = drop_token_response_type(c, rt).or_else(|| move_to_code_flow(c));
        out.push(fixes::with_fix(finding, fix));
    }
    if !token_types.is_empty() {
        return;
    }
    if let Some(g) = c.grant(&Grant::Implicit) {
        let has_response_types = c.response_types.as_ref().is_some_and(|l| !l.origin.is_default());
        if has_response_types {
            return; // the response types decide, and none of them carries a token
        }
        let finding = Finding::on(
            "implicit-grant",
            c,
            &g.origin,
            "the implicit grant returns access tokens in the browser's URL",
        )
        .severity(severity)
        .label("implicit grant enabled")
        .help(help);
        // Beside the code flow, turning implicit off leaves the client a flow it already has.
        let fix = if c.has_grant(&Grant::AuthorizationCode) {
            drop_grant(c, g, Applicability::Safe, "drop the implicit grant")
        } else {
            move_to_code_flow(c)
        };
        out.push(fixes::with_fix(finding, fix));
    }
}

/// Removes a token-bearing response type from a client that keeps one with `code` and no token:
/// it loses no flow it can use without the implicit part. The `implicit` grant goes with it when no
/// response type left would use it.
fn drop_token_response_type(c: &Client, rt: &Field<ResponseType>) -> Option<Fix> {
    let list = c.response_types.as_ref()?;
    // First: it bounds the length of the lists read below, once per response type.
    let remove = fixes::remove_item(list, rt)?;
    if !list.iter().any(|r| r.value.code && !r.value.token) {
        return None;
    }
    let mut changes = vec![remove];
    let implicit_used = list.iter().any(|r| !r.value.token && r.value.id_token);
    if let (Some(g), Some(grants)) = (c.grant(&Grant::Implicit), &c.grants) {
        if !implicit_used {
            changes.extend(fixes::remove_item(grants, g));
        }
    }
    Some(Fix::safe("remove the token-bearing response type", changes))
}

/// Moves a client that has only the implicit flow to the authorization code flow: `code` in place of
/// its token-bearing response types, the code grant in place of `implicit`, and PKCE required where
/// the file says it is not. Unsafe: the client's code must change with it. `None` unless the file
/// writes every value to change.
fn move_to_code_flow(c: &Client) -> Option<Fix> {
    let words = &c.vendor.code_flow_words;
    let mut changes = Vec::new();
    if let Some(list) = c.response_types.as_ref().filter(|l| !l.origin.is_default()) {
        // Every response type with a part that needs the implicit grant, which the fix drops.
        let implicit_part =
            |r: &ResponseType| r.token || (r.id_token && !(r.code && c.vendor.hybrid_under_code_grant.is_some()));
        for (i, rt) in list.iter().filter(|r| implicit_part(&r.value)).enumerate() {
            changes.push(if i == 0 {
                fixes::replace_item(list, rt, Literal::String(words.response_type.to_string()))?
            } else {
                fixes::remove_item(list, rt)?
            });
        }
    }
    if let Some(g) = c.grant(&Grant::Implicit) {
        let list = c.grants.as_ref()?;
        let has_code = c.has_grant(&Grant::AuthorizationCode);
        match fixes::remove_item(list, g) {
            Some(remove) if has_code => changes.push(remove),
            Some(_) => changes.push(fixes::replace_item(list, g, Literal::String(words.grant.to_string()))?),
            None => {
                changes.push(fixes::drop_grant(c, g)?);
                if !has_code {
                    changes.push(fixes::switch_on(c, c.vendor.code_flow_switch.as_ref()?));
                }
            }
        }
    }
    if changes.is_empty() {
        return None;
    }
    // A code flow without PKCE is a finding of its own: no fix where the file cannot require it.
    if let Some(r) = c.pkce.required.as_ref().filter(|r| !r.value) {
        changes.push(fixes::require_pkce(c, &r.origin)?);
    }
    Some(Fix::unsafe_("move the client to the authorization code flow", changes))
}

/// Turns `grant` off, when the file writes it and the client keeps another grant: a client left
/// with none is broken, not fixed.
fn drop_grant(c: &Client, grant: &Field<Grant>, applicability: Applicability, title: &str) -> Option<Fix> {
    let others = c.grants.iter().flat_map(|l| l.iter()).any(|g| g.value != grant.value);
    if !others {
        return None;
    }
    let change = fixes::drop_grant(c, grant)?;
    Some(Fix {
        applicability,
        title: title.to_string(),
        changes: vec![change],
        rendered: None,
    })
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
    let finding = Finding::on(
        "ropc-grant",
        c,
        &g.origin,
        "the password grant lets this client collect users' passwords itself",
    )
    .label("resource owner password credentials")
    .help("use the authorization code grant with PKCE and the server's login page (the device grant for input-constrained devices), and disable the password grant");
    // The client's login code must change with it.
    let fix = drop_grant(c, g, Applicability::Unsafe, "turn the password grant off");
    out.push(fixes::with_fix(finding, fix));
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
    if let Some((at, how)) = stated_public(c) {
        if refused_to_public(c, &Grant::ClientCredentials) {
            // The server refuses the grant to this client already: no working client uses it.
            let fix = drop_grant(c, g, Applicability::Safe, "remove the client credentials grant");
            out.push(fixes::with_fix(
                Finding::on(
                    "client-credentials-public-client",
                    c,
                    &g.origin,
                    format!(
                        "`client_credentials` is enabled on a public client; {} refuses that grant to public clients, so the setting is dead, but it says someone expected this client to get tokens for itself",
                        c.vendor.product
                    ),
                )
                .severity(Severity::Note)
                .label("refused for a public client")
                .related(at, "public here")
                .help("remove the grant (Keycloak: turn off `serviceAccountsEnabled`), or make the client confidential if it must get tokens for itself"),
                fix,
            ));
            return;
        }
        let fix = drop_grant(c, g, Applicability::Unsafe, "remove the client credentials grant");
        out.push(fixes::with_fix(base(how).related(at, "public here"), fix));
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
        let fix = drop_grant(c, g, Applicability::Unsafe, "remove the client credentials grant");
        out.push(fixes::with_fix(f, fix));
    }
}

/// The RFC 7523 grant with nothing in the file to verify assertions against.
fn jwt_bearer_without_issuer_keys(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(g) = c.grant(&Grant::JwtBearer) else { return };
    if c.vendor.assertion_keys_outside_client
        || c.jwks.is_some()
        || c.jwks_uri.as_ref().is_some_and(|u| !u.value.trim().is_empty())
    {
        return;
    }
    out.push(
        Finding::on(
            "jwt-bearer-without-issuer-keys",
            c,
            &g.origin,
            "the JWT bearer grant is enabled but no key (`jwks` or `jwks_uri`) is registered to verify the assertions",
        )
        .label("assertions cannot be verified")
        .help("register the assertion issuer's keys (`jwks_uri`), or remove the grant"),
    );
}

/// Assertion and token-exchange grants on a client that does not authenticate.
fn assertion_grant_unauthenticated_client(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(g) = c
        .grants
        .iter()
        .flat_map(|l| l.iter())
        .find(|g| matches!(g.value, Grant::JwtBearer | Grant::Saml2Bearer | Grant::TokenExchange))
    else {
        return;
    };
    let Some(none) = c.auth_method.as_ref().filter(|m| m.value == "none") else {
        return;
    };
    let f = Finding::on(
        "assertion-grant-unauthenticated-client",
        c,
        &g.origin,
        format!(
            "the `{}` grant is enabled on a client that does not authenticate, so anyone holding a stolen token or assertion can present it",
            g.value
        ),
    )
    .label("grant without client authentication")
    .related(&none.origin, "no client authentication")
    .help("authenticate the client (`private_key_jwt` or `tls_client_auth`) so the server can limit who presents tokens");
    out.push(if refused_to_public(c, &g.value) {
        f.severity(Severity::Note)
            .help(format!(
                "{} refuses token exchange to public clients, so this switch is dead: turn it off, or make the client confidential",
                c.vendor.product
            ))
    } else {
        f
    });
}

/// `refresh_token` on a client whose only token-issuing grants are `client_credentials` or
/// `implicit`, neither of which should yield a refresh token.
fn refresh_token_grant_misuse(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(rt) = c.grant(&Grant::RefreshToken) else {
        return;
    };
    let others: Vec<_> = c
        .grants
        .iter()
        .flat_map(|l| l.iter())
        .filter(|g| g.value != Grant::RefreshToken)
        .collect();
    // Every other grant (extension grants included) may yield a refresh token.
    if others.is_empty()
        || !others
            .iter()
            .all(|g| matches!(g.value, Grant::ClientCredentials | Grant::Implicit))
    {
        return;
    }
    let names: Vec<String> = others.iter().map(|g| format!("`{}`", g.value)).collect();
    // RFC 6749 §4.2.2 and §4.4.3: neither grant gives the client a refresh token to send.
    let fix = drop_grant(c, rt, Applicability::Safe, "remove the refresh token grant");
    out.push(fixes::with_fix(
        Finding::on(
            "refresh-token-grant-misuse",
            c,
            &rt.origin,
            format!(
                "`refresh_token` is registered, but the client's only other grants ({}) must not yield refresh tokens",
                names.join(", ")
            ),
        )
        .label("no grant here yields a refresh token")
        .related(&others[0].origin, "the client's grant")
        .help("remove `refresh_token`: a service authenticates again with `client_credentials` instead"),
        fix,
    ));
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::findings_of;

    fn findings(rule: &str, json: &str) -> Vec<(Severity, String)> {
        findings_of(rule, "t.json", json, false)
    }
    fn client(auth: &str, grants: &str) -> String {
        format!(r#"{{"client_id": "c", "token_endpoint_auth_method": "{auth}", "grant_types": {grants}}}"#)
    }
    const JWT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    #[test]
    fn keycloak_refuses_client_credentials_to_public_clients() {
        let kc = |public: bool| {
            format!(
                r#"{{"realm": "r", "clients": [{{"clientId": "k", "publicClient": {public}, "serviceAccountsEnabled": true, "redirectUris": ["https://a.example.com/cb"], "attributes": {{"pkce.code.challenge.method": "S256"}}}}]}}"#
            )
        };
        let at = "/clients/0/serviceAccountsEnabled".to_string();
        assert_eq!(
            findings("client-credentials-public-client", &kc(true)),
            [(Severity::Note, at.clone())]
        );
        // Nothing is issued for the client itself, so nothing is mixed up.
        assert!(findings("user-and-client-grants-mixed", &kc(true)).is_empty());
        assert_eq!(
            findings("user-and-client-grants-mixed", &kc(false)),
            [(Severity::Warning, at)]
        );
        // The same shape in RFC 7591 terms is open token issuance.
        let rfc = client("none", r#"["client_credentials"]"#);
        assert_eq!(
            findings("client-credentials-public-client", &rfc),
            [(Severity::Error, "/grant_types/0".to_string())]
        );
    }

    #[test]
    fn jwt_bearer_needs_keys() {
        let rule = "jwt-bearer-without-issuer-keys";
        let grants = format!(r#"["{JWT}"]"#);
        assert_eq!(
            findings(rule, &client("client_secret_basic", &grants)),
            [(Severity::Error, "/grant_types/0".to_string())]
        );
        let with_keys =
            client("client_secret_basic", &grants).replace('}', r#", "jwks_uri": "https://a.example.com/jwks"}"#);
        assert!(findings(rule, &with_keys).is_empty());
        // Keycloak's JWT authorization grant trusts an identity provider's keys.
        let kc = r#"{"realm": "r", "clients": [{"clientId": "k", "standardFlowEnabled": false, "attributes": {"oauth2.jwt.authorization.grant.enabled": "true"}}]}"#;
        assert!(findings(rule, kc).is_empty());
    }

    #[test]
    fn assertion_and_exchange_grants_need_client_authentication() {
        let rule = "assertion-grant-unauthenticated-client";
        for g in [
            JWT,
            "urn:ietf:params:oauth:grant-type:saml2-bearer",
            "urn:ietf:params:oauth:grant-type:token-exchange",
        ] {
            let grants = format!(r#"["{g}"]"#);
            assert_eq!(
                findings(rule, &client("none", &grants)),
                [(Severity::Warning, "/grant_types/0".to_string())],
                "{g}"
            );
            assert!(findings(rule, &client("private_key_jwt", &grants)).is_empty(), "{g}");
        }
        assert!(findings(rule, &client("none", r#"["authorization_code"]"#)).is_empty());
        // Keycloak refuses token exchange to a public client: a dead switch, noted.
        let kc = r#"{"realm": "r", "clients": [{"clientId": "k", "publicClient": true, "standardFlowEnabled": false, "attributes": {"standard.token.exchange.enabled": "true"}}]}"#;
        let at = "/clients/0/attributes/standard.token.exchange.enabled".to_string();
        assert_eq!(findings(rule, kc), [(Severity::Note, at)]);
    }

    #[test]
    fn refresh_tokens_only_with_grants_that_may_yield_them() {
        let rule = "refresh-token-grant-misuse";
        let at = |i: usize| vec![(Severity::Warning, format!("/grant_types/{i}"))];
        assert_eq!(
            findings(
                rule,
                &client("private_key_jwt", r#"["client_credentials", "refresh_token"]"#)
            ),
            at(1)
        );
        assert_eq!(
            findings(rule, &client("none", r#"["refresh_token", "implicit"]"#)),
            at(0)
        );
        assert!(findings(
            rule,
            &client("none", r#"["implicit", "authorization_code", "refresh_token"]"#)
        )
        .is_empty());
        assert!(findings(rule, &client("none", r#"["refresh_token"]"#)).is_empty());
        // An extension grant may yield one.
        assert!(findings(
            rule,
            &client(
                "private_key_jwt",
                r#"["client_credentials", "urn:example:grant", "refresh_token"]"#
            )
        )
        .is_empty());
    }
}
