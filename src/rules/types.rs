//! Category A: client-type mismatches (docs/rules-background.md).
//!
//! Signals that contradict each other are reported, never resolved quietly (docs/rules-background.md).
//! The helpers at the bottom say where the *file itself* calls a client public, so the grant and
//! PKCE rules can tell a stated fact from an inferred one.

use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::model::{Client, Declared, Field, Grant, Origin, SecretKind, SECRET_AUTH_METHODS};
use crate::uri::{self, Platform, Redirect, SchemeClass};

pub const RULES: &[(&str, Check)] = &[
    ("client-type-conflict", Check::Client(client_type_conflict)),
    ("public-client-with-secret", Check::Client(public_client_with_secret)),
    (
        "confidential-client-auth-none",
        Check::Client(confidential_client_auth_none),
    ),
    (
        "user-and-client-grants-mixed",
        Check::Client(user_and_client_grants_mixed),
    ),
];

fn declared_word(d: Declared) -> &'static str {
    match d {
        Declared::Spa => "a browser app (spa)",
        Declared::Native => "a native app",
        Declared::Web => "a server-side web app",
        Declared::PublicWeb => "a server-side web app without client authentication (PKCE only)",
        Declared::M2m => "a machine-to-machine service",
        Declared::Device => "a device app",
        Declared::ResourceServer => "a resource server (bearer-only)",
    }
}

/// A declared type (S2, or S3 `native`) contradicted by grants or redirect URIs, where no more
/// specific rule of docs/rules-background.md reports the pair.
fn client_type_conflict(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let help_split = "register one client per kind of component, or correct the declared type";
    if let Some(d) = &c.declared {
        let declared = format!("declared {}", declared_word(d.value));
        match d.value {
            // A service with a browser flow: the server gives it service-account policies.
            Declared::M2m => {
                if let Some(g) = first_redirect_grant(c) {
                    out.push(
                        conflict(
                            c,
                            &g.origin,
                            d,
                            format!("client is {declared} but enables the `{}` grant", g.value),
                        )
                        .label("a user-facing flow")
                        .help(help_split),
                    );
                } else if let Some(r) = c.redirect_uris.as_ref().filter(|l| !l.is_empty()) {
                    out.push(
                        conflict(
                            c,
                            &r.origin,
                            d,
                            format!("client is {declared} but registers redirect URIs"),
                        )
                        .label("redirect URIs serve user-facing flows")
                        .help("remove the redirect URIs, or register the interactive part as its own client"),
                    );
                }
            }
            // A browser or native app with client_credentials, when the file does not also say it is
            // public (then `client-credentials-public-client` reports it).
            Declared::Spa | Declared::Native => {
                if let Some(g) = c.grant(&Grant::ClientCredentials) {
                    if explicit_public(c).is_none() {
                        out.push(conflict(c, &g.origin, d, format!("client is {declared} but enables `client_credentials`, which only a confidential client may use"))
                            .label("a service grant")
                            .help("move the service part to its own confidential client"));
                    }
                }
            }
            // A web app that can only redirect into an app on the device.
            Declared::Web | Declared::PublicWeb => {
                let redirects = cx.redirects;
                if !redirects.is_empty() && redirects.iter().all(|r| r.facts.platform == Platform::PrivateUse) {
                    let r = c.redirect_uris.as_ref().expect("platforms come from redirect URIs");
                    out.push(conflict(c, &r.origin, d, format!("client is {declared} but every redirect URI uses a private-use scheme, as native apps do"))
                        .label("native-app redirects")
                        .help(if d.value.is_public() {
                            "declare the client as a native app"
                        } else {
                            "declare the client as a native app, and drop its secret"
                        }));
                }
            }
            // A bearer-only client obtains no tokens, so enabled flows are dead settings that say
            // someone expected it to log users in; unless the vendor's exports write them on every
            // bearer-only client anyway, where they say nothing.
            Declared::ResourceServer => {
                if c.vendor.bearer_only_refuses_flows {
                    return;
                }
                if let Some(g) = c.grants.iter().flat_map(|l| l.iter()).find(|g| !g.origin.is_default()) {
                    out.push(
                        conflict(
                            c,
                            &g.origin,
                            d,
                            format!("client is {declared} but enables the `{}` grant", g.value),
                        )
                        .label("a flow the server will not run")
                        .help("disable the flows, or clear the bearer-only flag if this client must obtain tokens"),
                    );
                }
            }
            Declared::Device => {}
        }
        return;
    }
    // S3: `application_type: native` on a client that never sends a user anywhere.
    if let Some(a) = c
        .application_type
        .as_ref()
        .filter(|a| a.value == "native" && !a.origin.is_default())
    {
        let interactive = c
            .grants
            .iter()
            .flat_map(|l| l.iter())
            .any(|g| g.value.is_user_delegation());
        if !interactive {
            if let Some(g) = c.grant(&Grant::ClientCredentials) {
                out.push(
                    Finding::on(
                        "client-type-conflict",
                        c,
                        &g.origin,
                        "`application_type` is `native`, but the only way this client gets tokens is `client_credentials`, as a service does",
                    )
                    .label("a service grant")
                    .related(&a.origin, "declared native here")
                    .help("drop `application_type: native` (a service is a confidential `web` client in OIDC terms), or register the app and the service separately"),
                );
            }
        }
    }
}

fn conflict(c: &Client, at: &Origin, declared: &Field<Declared>, message: String) -> Finding {
    Finding::on("client-type-conflict", c, at, message).related(&declared.origin, "type declared here")
}

fn first_redirect_grant(c: &Client) -> Option<&Field<Grant>> {
    c.grants
        .iter()
        .flat_map(|l| l.iter())
        .find(|g| g.value.is_redirect_based())
}

/// What makes a client public, and how sure the file is.
pub(super) struct PublicEvidence<'a> {
    pub(super) origin: &'a Origin,
    pub(super) what: String,
    /// Explicit or strong (error); otherwise weak or device-only (warning).
    pub(super) strong: bool,
    /// The only evidence is that every redirect URI is loopback, which a server-side app in
    /// development shares with an installed app.
    pub(super) loopback_only: bool,
}

/// Public evidence as `lints/public-client-with-secret.md` lists it for `public-client-with-secret`: a public vendor type,
/// `application_type: native`, native redirect URIs (S8), a device-only grant set, or browser
/// signals. The secret itself is the confidential evidence, so inference cannot be asked.
pub(super) fn public_evidence<'a>(c: &'a Client, redirects: &[Redirect<'a>]) -> Option<PublicEvidence<'a>> {
    // A declared app that only has service grants is a mis-declared service, which
    // `client-type-conflict` reports; its secret is then the right thing to have.
    let service_only = c
        .grants
        .as_ref()
        .is_some_and(|l| !l.is_empty() && !l.iter().any(|g| g.value.is_user_delegation()));
    if service_only {
        return None;
    }
    if let Some(d) = &c.declared {
        match d.value {
            Declared::Spa | Declared::Native => {
                return Some(PublicEvidence {
                    origin: &d.origin,
                    what: format!("the provider's type declares it {}", declared_word(d.value)),
                    strong: true,
                    loopback_only: false,
                })
            }
            Declared::Device => {
                return Some(PublicEvidence {
                    origin: &d.origin,
                    what: "the provider's type declares it a device app".into(),
                    strong: false,
                    loopback_only: false,
                })
            }
            // A declared confidential type wins over redirect shapes; other rules report those.
            _ => return None,
        }
    }
    if let Some(a) = c
        .application_type
        .as_ref()
        .filter(|a| a.value == "native" && !a.origin.is_default())
    {
        return Some(PublicEvidence {
            origin: &a.origin,
            what: "`application_type` is `native`".into(),
            strong: true,
            loopback_only: false,
        });
    }
    if let Some(r) = redirects.iter().find(|r| r.facts.platform == Platform::PrivateUse) {
        let raw = r.raw();
        return Some(PublicEvidence {
            origin: &r.field.origin,
            what: format!(
                "redirect URI `{raw}` uses a private-use scheme, so it returns to an app on the user's device"
            ),
            strong: true,
            loopback_only: false,
        });
    }
    // All loopback (S8) means an installed app; loopback on a dev-server port is a web app in
    // development, which is no evidence either way.
    let plain_http = redirects
        .iter()
        .all(|r| r.facts.scheme_class == Some(SchemeClass::Http));
    if uri::all_loopback(redirects) && plain_http && !redirects.iter().any(Redirect::on_dev_port) {
        let r = c.redirect_uris.as_ref().expect("platforms come from redirect URIs");
        return Some(PublicEvidence {
            origin: &r.origin,
            what: "every redirect URI is a loopback address, as installed apps use".into(),
            strong: true,
            loopback_only: true,
        });
    }
    let grants: Vec<&Field<Grant>> = c.grants.iter().flat_map(|l| l.iter()).collect();
    if let Some(d) = grants.iter().find(|g| g.value == Grant::DeviceCode) {
        let device_only = grants
            .iter()
            .all(|g| matches!(g.value, Grant::DeviceCode | Grant::RefreshToken));
        if device_only {
            return Some(PublicEvidence {
                origin: &d.origin,
                what: "its only grant is the device authorization grant, whose clients are treated as public (RFC 8628 §5.6)".into(),
                strong: false,
                loopback_only: false,
            });
        }
    }
    // S9: a response type that hands tokens to the browser and never a code to a server.
    let rts: Vec<_> = c.response_types.iter().flat_map(|l| l.iter()).collect();
    if !rts.is_empty() && rts.iter().all(|r| !r.value.code) {
        if let Some(t) = rts.iter().find(|r| r.value.token) {
            return Some(PublicEvidence {
                origin: &t.origin,
                what: format!(
                    "response type `{}` delivers tokens to the browser and no code to a server",
                    t.value
                ),
                strong: false,
                loopback_only: false,
            });
        }
    }
    None
}

/// A client secret or secret-based auth method on a client with public evidence.
fn public_client_with_secret(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    // S10: per-installation registration gives each copy its own secret (RFC 6749 §10.1 MAY).
    if c.per_instance {
        return;
    }
    let Some((at, credential)) = secret_credential(c) else {
        return;
    };
    let what = credential.words();
    // Loopback redirects beside a secret are a server-side app in development or a relay, which
    // inference calls a confidential web client, unless the file says the client is public (a
    // kubelogin-style CLI): then they are the installed app's.
    let Some(ev) = public_evidence(c, cx.redirects).filter(|e| !e.loopback_only || cx.inference.is_public()) else {
        return;
    };
    // A secret the vendor's public template generated next to `none`: the server never checks it, so
    // it is leftover output rather than a secret the app was built around.
    let generated = c.vendor.secret_generated_for_public && c.auth_method_is("none");
    let severity = if ev.strong && !generated {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut f = Finding::on(
        "public-client-with-secret",
        c,
        at,
        format!("client has {what}, but {}: an app on users' devices cannot keep a secret", ev.what),
    )
    .severity(severity)
    .label(if c.secret.is_some() {
        "secret of a public client"
    } else {
        "needs a secret the app cannot keep"
    })
    .related(ev.origin, "declared public here")
    .help("remove the secret and use `token_endpoint_auth_method: none` with PKCE; if each installation registers itself, send a `software_statement`");
    if generated {
        f = f.help("Gravitee AM generated this secret for a public template; the server ignores it while the auth method is `none`, so delete it from the export");
    }
    out.push(f);
}

/// `none` (or a public flag) on a client that is declared confidential or holds a secret.
fn confidential_client_auth_none(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    // `client-credentials-public-client` reports the worse consequence of the same setting.
    if c.has_grant(&Grant::ClientCredentials) {
        return;
    }
    let Some((at, how)) = stated_public(c) else { return };
    let (confidential_at, why) = match &c.declared {
        Some(d) if matches!(d.value, Declared::Web | Declared::M2m) => (
            &d.origin,
            format!("the provider's type declares it {}", declared_word(d.value)),
        ),
        Some(_) => return,
        None => {
            // A public vendor type or app shape makes the secret the odd one out, which
            // `public-client-with-secret` reports instead. Keys are not counted: with `none` they
            // are typically for DPoP or request objects, not client authentication.
            if public_evidence(c, cx.redirects).is_some() {
                return;
            }
            // A masked export value (Keycloak's `**********`) shows only that the server keeps a
            // secret, as Keycloak does for every client; a public client's is never checked.
            match c.secret.as_ref().filter(|s| s.kind != SecretKind::Masked) {
                Some(s) => (&s.origin, "it holds a client secret".to_string()),
                None => return,
            }
        }
    };
    out.push(
        Finding::on(
            "confidential-client-auth-none",
            c,
            at,
            format!("{how}, so the token endpoint does not authenticate this client, yet {why}"),
        )
        .label("no client authentication")
        .related(confidential_at, "confidential here")
        .help("use `private_key_jwt` (or `client_secret_basic` with the secret), or register the client as public and drop the secret"),
    );
}

/// `client_credentials` together with a grant that acts for users.
fn user_and_client_grants_mixed(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(cc) = c.grant(&Grant::ClientCredentials) else {
        return;
    };
    // The server never issues the client tokens for itself, so there is nothing to mix up.
    if refused_to_public(c, &Grant::ClientCredentials) {
        return;
    }
    let Some(user) = c
        .grants
        .iter()
        .flat_map(|l| l.iter())
        .find(|g| g.value.is_user_delegation())
    else {
        return;
    };
    out.push(
        Finding::on(
            "user-and-client-grants-mixed",
            c,
            &cc.origin,
            format!(
                "client gets tokens for itself (`client_credentials`) and for users (`{}`) under one client_id",
                user.value
            ),
        )
        .label("tokens for the client itself")
        .related(&user.origin, "tokens for users")
        .help(
            "register the service part as its own client, so resource servers can tell its tokens from users' tokens",
        ),
    );
}

/// Where the file itself makes the client public: `token_endpoint_auth_method: none` or a vendor
/// public flag, with the words to say so. Defaults do not count.
pub(super) fn stated_public(c: &Client) -> Option<(&Origin, &'static str)> {
    if let Some(m) = c
        .auth_method
        .as_ref()
        .filter(|m| m.value == "none" && !m.origin.is_default())
    {
        return Some((&m.origin, "`token_endpoint_auth_method` is `none`"));
    }
    if let Some(p) = c.public.as_ref().filter(|p| p.value && !p.origin.is_default()) {
        return Some((&p.origin, "the client is flagged public"));
    }
    None
}

/// Where the file states the client is public (`none` or a public flag).
pub(super) fn explicit_public(c: &Client) -> Option<&Origin> {
    stated_public(c).map(|(o, _)| o)
}

/// Whether the file itself (not inference) says the client is public: stated, or a public vendor
/// type.
pub(super) fn file_says_public(c: &Client) -> bool {
    explicit_public(c).is_some() || c.declared.as_ref().is_some_and(|d| d.value.is_public())
}

/// A credential that is a shared secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Credential {
    Secret,
    SecretMethod,
}

impl Credential {
    pub(super) fn words(self) -> &'static str {
        match self {
            Credential::Secret => "a client secret",
            Credential::SecretMethod => "a shared-secret auth method",
        }
    }
}

/// A client secret, else a shared-secret auth method the file states. A defaulted
/// `client_secret_basic` does not count: `implicit-default-metadata` reports that one.
pub(super) fn secret_credential(c: &Client) -> Option<(&Origin, Credential)> {
    if let Some(s) = &c.secret {
        return Some((&s.origin, Credential::Secret));
    }
    c.auth_method
        .as_ref()
        .filter(|m| !m.origin.is_default() && SECRET_AUTH_METHODS.contains(&m.value.as_str()))
        .map(|m| (&m.origin, Credential::SecretMethod))
}

/// A grant the server refuses to this client, which the file states is public: a dead setting.
pub(super) fn refused_to_public(c: &Client, g: &Grant) -> bool {
    c.vendor.refused_to_public.contains(g) && stated_public(c).is_some()
}

#[cfg(test)]
mod tests {
    use crate::rules::findings_of;

    #[test]
    fn a_masked_export_secret_does_not_make_a_public_client_confidential() {
        let realm = |secret: &str| {
            format!(
                r#"{{"realm": "r", "clients": [{{"clientId": "app", "publicClient": true, "secret": "{secret}",
                    "standardFlowEnabled": true, "redirectUris": ["https://app.example.com/cb"],
                    "attributes": {{"pkce.code.challenge.method": "S256"}}}}]}}"#
            )
        };
        let rule = "confidential-client-auth-none";
        assert!(findings_of(rule, "realm.json", &realm("**********"), true).is_empty());
        assert_eq!(
            findings_of(rule, "realm.json", &realm("kL9vQ2xR7mN4pT8w"), true).len(),
            1
        );
    }
}
