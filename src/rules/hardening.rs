//! Category I: hardening and profiles: sender-constrained tokens, PAR, mix-up
//! defence (checked across registrations in `cross.rs`), and the FAPI 2.0 Security Profile's
//! client-side requirements (`--profile fapi2`).

use super::tokens::{binding, on_setting, public, refresh_origin, setting};
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::ClientType;
use crate::model::{Client, Field, Grant};
use crate::uri::Platform;

pub const RULES: &[(&str, Check)] = &[
    (
        "no-sender-constrained-tokens",
        Check::Client(no_sender_constrained_tokens),
    ),
    ("par-not-required", Check::Client(par_not_required)),
    // Compares the registrations of one config: see `cross.rs`.
    ("mix-up-defense-missing", Check::Engine),
    (
        "fapi2-client-auth-and-binding",
        Check::Client(fapi2_client_auth_and_binding),
    ),
    (
        "fapi2-authorization-request",
        Check::Client(fapi2_authorization_request),
    ),
    ("fapi2-crypto-and-lifetimes", Check::Client(fapi2_crypto_and_lifetimes)),
];

/// FAPI 2.0 §5.3.2.1: the client authentication methods the profile allows.
const FAPI2_AUTH_METHODS: [&str; 3] = ["private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth"];

/// FAPI 2.0 §5.4.1: the signing algorithms the profile allows.
const FAPI2_SIGNING_ALGS: [&str; 4] = ["PS256", "ES256", "EdDSA", "Ed25519"];

/// Whether the client obtains tokens at all: a listed empty grant set means it does not.
fn obtains_tokens(c: &Client) -> bool {
    c.grants.as_ref().is_none_or(|g| !g.is_empty())
}

/// The binding switch the file turns off, if it does: where to point a "not bound" finding.
fn binding_off(c: &Client) -> Option<&Field<bool>> {
    [&c.tokens.dpop_bound, &c.tokens.mtls_bound]
        .into_iter()
        .flatten()
        .find(|f| !f.value && !f.origin.is_default())
}

/// A finding that the client's tokens are not bound to a key.
fn not_bound(rule: &'static str, c: &Client, message: &'static str) -> Finding {
    match binding_off(c) {
        Some(off) => Finding::on(rule, c, &off.origin, message).label("binding off"),
        None => Finding::client(rule, c, format!("{message} (no DPoP or mTLS binding is configured)")),
    }
    .help("bind tokens to the client's key: `dpop_bound_access_tokens: true` (RFC 9449) or `tls_client_certificate_bound_access_tokens: true` (RFC 8705)")
}

fn no_sender_constrained_tokens(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    if !obtains_tokens(c) || binding(c).is_some() {
        return;
    }
    out.push(not_bound(
        "no-sender-constrained-tokens",
        c,
        "this client's access tokens are bearer tokens: whoever obtains one can use it",
    ));
}

fn par_not_required(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(code) = c.grant(&Grant::AuthorizationCode) else {
        return;
    };
    if cx.inference.client_type != ClientType::Web || !cx.inference.is_confidential() {
        return;
    }
    let par = c.par_required.as_ref();
    if par.is_some_and(|p| p.value) {
        return;
    }
    let message = "pushed authorization requests are not required, so the request's parameters travel through the browser where they can be read or changed";
    let f = match par.filter(|p| !p.origin.is_default()) {
        Some(p) => Finding::on("par-not-required", c, &p.origin, message).label("PAR not required"),
        None => Finding::on("par-not-required", c, &code.origin, message).label("authorization code grant"),
    };
    out.push(
        f.help(
            "set `require_pushed_authorization_requests: true` (RFC 9126) and send requests through the PAR endpoint",
        )
        .type_dependent(),
    );
}

fn fapi2_client_auth_and_binding(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "fapi2-client-auth-and-binding";
    let c = cx.client;
    if !obtains_tokens(c) {
        return;
    }
    if let Some(stated) = public(cx) {
        let f = Finding::client(
            RULE,
            c,
            "FAPI 2.0 allows only confidential clients, and this one is public",
        )
        .label("public client")
        .help("register a confidential client that authenticates with `private_key_jwt` or mTLS");
        out.push(if stated { f } else { f.type_dependent() });
    } else {
        match &c.auth_method {
            Some(m) if FAPI2_AUTH_METHODS.contains(&m.value.as_str()) => {}
            Some(m) => out.push(
                on_setting(
                    RULE,
                    c,
                    (&m.origin, setting!("auth method")),
                    None,
                    format!(
                        "the client authenticates with `{}`; FAPI 2.0 allows only `private_key_jwt` and mTLS",
                        m.value
                    ),
                )
                .help("use `private_key_jwt`, `tls_client_auth` or `self_signed_tls_client_auth`"),
            ),
            None => out.push(
                Finding::client(
                    RULE,
                    c,
                    "cannot tell from the file how this client authenticates; FAPI 2.0 allows only `private_key_jwt` and mTLS",
                )
                .severity(Severity::Note)
                .help("state `token_endpoint_auth_method: private_key_jwt` (or an mTLS method)"),
            ),
        }
    }
    if binding(c).is_none() {
        out.push(not_bound(
            RULE,
            c,
            "FAPI 2.0 requires sender-constrained tokens, and this client's are not bound to a key",
        ));
    }
}

fn fapi2_authorization_request(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "fapi2-authorization-request";
    let c = cx.client;
    let Some(code) = c.grant(&Grant::AuthorizationCode) else {
        return;
    };
    match &c.par_required {
        Some(p) if p.value => {}
        Some(p) => out.push(
            on_setting(RULE, c, (&p.origin, setting!("PAR not required")), Some(&code.origin), "FAPI 2.0 requires pushed authorization requests, and this client does not require them")
                .help("set `require_pushed_authorization_requests: true`"),
        ),
        None => out.push(
            Finding::on(RULE, c, &code.origin, "FAPI 2.0 requires pushed authorization requests, and this client does not require them (`require_pushed_authorization_requests` is not set)")
                .label("authorization code grant")
                .help("set `require_pushed_authorization_requests: true`"),
        ),
    }
    match &c.pkce.required {
        Some(r) if r.value => {}
        Some(r) => out.push(
            on_setting(RULE, c, (&r.origin, setting!("PKCE not enforced")), Some(&code.origin), "FAPI 2.0 requires PKCE with S256, and PKCE is not required for this client")
                .help("require PKCE with `S256` for this client"),
        ),
        None => out.push(
            Finding::on(RULE, c, &code.origin, "cannot tell from the file whether the server enforces PKCE for this client; FAPI 2.0 requires PKCE with S256")
                .severity(Severity::Note)
                .label("authorization code grant")
                .help("confirm the server requires PKCE with `S256` for this client"),
        ),
    }
    for rt in c.response_types.iter().flat_map(|l| l.iter()) {
        if rt.value.to_string() != "code" {
            out.push(
                Finding::on(
                    RULE,
                    c,
                    &rt.origin,
                    format!("FAPI 2.0 allows only the `code` response type, not `{}`", rt.value),
                )
                .label("not `code`")
                .help("register `response_types: [\"code\"]` only"),
            );
        }
    }
    for g in [Grant::Implicit, Grant::Password] {
        if let Some(f) = c.grant(&g) {
            out.push(
                Finding::on(RULE, c, &f.origin, format!("FAPI 2.0 does not allow the `{g}` grant"))
                    .label("not allowed")
                    .help("remove the grant; use the authorization code grant with PAR and PKCE"),
            );
        }
    }
    let native = cx.inference.client_type == ClientType::Native;
    for r in cx.redirects {
        let http = r
            .facts
            .scheme
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("http"));
        if http && !(native && r.facts.platform == Platform::Loopback) {
            out.push(
                Finding::on(
                    RULE,
                    c,
                    &r.field.origin,
                    "FAPI 2.0 does not allow http redirect URIs, except loopback ones of native apps",
                )
                .label("http redirect")
                .help("use an https redirect URI"),
            );
        }
    }
}

fn fapi2_crypto_and_lifetimes(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "fapi2-crypto-and-lifetimes";
    let c = cx.client;
    for alg in c.algs.iter().filter(|a| a.param.contains("sign")) {
        if !FAPI2_SIGNING_ALGS.contains(&alg.value.value.as_str()) {
            out.push(
                on_setting(
                    RULE,
                    c,
                    (&alg.value.origin, setting!("not a FAPI 2.0 algorithm")),
                    None,
                    format!(
                        "`{}` is `{}`; FAPI 2.0 allows only PS256, ES256 and EdDSA (Ed25519) signatures",
                        alg.param, alg.value.value
                    ),
                )
                .help("sign with PS256, ES256 or EdDSA"),
            );
        }
    }
    // FAPI 2.0 §5.3.2.1 bans rotation for its confidential, bound clients; a public client is
    // already outside the profile (`fapi2-client-auth-and-binding`).
    let Some(refresh) = refresh_origin(c) else { return };
    if public(cx).is_some() {
        return;
    }
    if let Some(r) = c.tokens.refresh_rotation.as_ref().filter(|r| r.value) {
        out.push(
            on_setting(
                RULE,
                c,
                (&r.origin, setting!("refresh-token rotation on")),
                Some(refresh),
                "refresh tokens are rotated; FAPI 2.0 forbids rotation except in extraordinary circumstances, as it adds failure modes and no security to bound tokens",
            )
            .severity(Severity::Warning)
            .help("turn rotation off for this client and rely on sender-constrained refresh tokens"),
        );
    }
}
