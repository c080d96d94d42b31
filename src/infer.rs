//! Client-type inference (docs/rules-background.md): what kind of client is this, how sure are we,
//! and why.
//!
//! Explicit statements (a vendor type field, `application_type: native`, a public/confidential flag)
//! decide before behaviour (auth method, credentials, grants, redirect URIs), which decides before
//! hints (browser origins, development ports). Inference only *gates* severities; a contradiction
//! between signals is never resolved quietly but left for the type rules to report.

use crate::model::{Client, Declared, Grant};
use crate::uri::{self, Platform, Redirect, SchemeClass};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientType {
    M2m,
    Web,
    Spa,
    Native,
    Ropc,
    JwtBearer,
    Device,
    Unknown,
}

impl ClientType {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientType::M2m => "m2m",
            ClientType::Web => "web",
            ClientType::Spa => "spa",
            ClientType::Native => "native",
            ClientType::Ropc => "ropc",
            ClientType::JwtBearer => "jwt-bearer",
            ClientType::Device => "device",
            ClientType::Unknown => "unknown",
        }
    }
    /// The confidentiality a client of this type has unless it says otherwise.
    fn default_public(self) -> Option<bool> {
        match self {
            ClientType::Spa | ClientType::Native | ClientType::Device => Some(true),
            ClientType::M2m | ClientType::Web | ClientType::JwtBearer => Some(false),
            ClientType::Ropc | ClientType::Unknown => None,
        }
    }
}

impl fmt::Display for ClientType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Unknown,
    Weak,
    Strong,
    Explicit,
    Authoritative,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Unknown => "unknown",
            Confidence::Weak => "weak",
            Confidence::Strong => "strong",
            Confidence::Explicit => "explicit",
            Confidence::Authoritative => "authoritative",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    pub client_type: ClientType,
    pub confidence: Confidence,
    /// `Some(true)` public, `Some(false)` confidential, `None` not known.
    pub public: Option<bool>,
    /// How the confidentiality was decided.
    pub public_confidence: Confidence,
    /// Further roles the client plays (a web app that also has the password grant is also `ropc`).
    pub roles: Box<[ClientType]>,
    /// Why, in the user's words, one line a signal. Most lines are fixed texts, borrowed: a realm
    /// has thousands of clients.
    pub evidence: Box<[Cow<'static, str>]>,
}

impl Inference {
    /// The type a configuration pins (`[clients."FILE#POINTER"] type`): the user knows what the
    /// file cannot say.
    pub fn pinned(mut self, t: ClientType) -> Inference {
        let agrees = if self.client_type == t {
            "the file agrees".to_string()
        } else {
            format!("the file alone suggests {}", self.client_type)
        };
        let pinned = format!("type pinned to {t} in .oauthlint.toml ({agrees})").into();
        self.evidence = std::iter::once(pinned)
            .chain(std::mem::take(&mut self.evidence).into_vec())
            .collect();
        self.client_type = t;
        self.confidence = Confidence::Authoritative;
        if self.public.is_none() {
            self.public = t.default_public();
            self.public_confidence = Confidence::Authoritative;
        }
        self.roles = self.roles.iter().copied().filter(|r| *r != t).collect();
        self
    }

    pub fn is_public(&self) -> bool {
        self.public == Some(true)
    }
    pub fn is_confidential(&self) -> bool {
        self.public == Some(false)
    }
    /// Whether the client sends users through the authorization endpoint.
    pub fn is_interactive(&self) -> bool {
        matches!(self.client_type, ClientType::Web | ClientType::Spa | ClientType::Native)
            || (self.client_type == ClientType::Unknown && self.roles.is_empty())
    }
}

/// Infers the type of `client`, whose redirect URIs `redirects` has analysed.
pub fn infer(client: &Client, redirects: &[Redirect]) -> Inference {
    // A resource server accepts tokens and obtains none: its enabled flows are dead settings that
    // `client-type-conflict` reports, not evidence of what kind of client it is.
    if client
        .declared
        .as_ref()
        .is_some_and(|d| d.value == Declared::ResourceServer)
    {
        return Inference {
            client_type: ClientType::Unknown,
            confidence: Confidence::Unknown,
            public: None,
            public_confidence: Confidence::Unknown,
            roles: Box::default(),
            evidence: Box::new([
                "declared a resource server (bearer-only): it accepts tokens but never obtains them".into(),
            ]),
        };
    }
    let mut ev = Evidence::new();
    let grants: Vec<&Grant> = client.grants.iter().flat_map(|l| l.iter().map(|f| &f.value)).collect();
    let has = |g: Grant| grants.contains(&&g);
    // A defaulted `code` says nothing about the client: RFC 7591 gives it to services too.
    let front_channel = client
        .response_types
        .iter()
        .flat_map(|l| l.iter())
        .filter(|r| !r.origin.is_default())
        .any(|r| r.value.code || r.value.token || r.value.id_token);

    // Step 5 first, because the platform decision below reads it.
    let (public, public_confidence) = confidentiality(client, &mut ev);

    let interactive = has(Grant::AuthorizationCode)
        || has(Grant::Implicit)
        || front_channel
        || (client.grants.is_none() && !redirects.is_empty());
    let mut roles = Vec::new();
    let (client_type, confidence) = if !interactive {
        non_interactive(&grants, client, &mut ev, &mut roles)
    } else {
        if has(Grant::Password) {
            roles.push(ClientType::Ropc);
            ev.push("the `password` grant is enabled too → also plays `ropc`".into());
        }
        platform(client, redirects, public, &mut ev)
    };
    let (public, public_confidence) = match public {
        Some(p) => (Some(p), public_confidence),
        None => match (client_type.default_public(), by_type_default(client_type)) {
            (Some(p), Some(line)) => {
                ev.push(line.into());
                (Some(p), Confidence::Weak)
            }
            _ => (None, Confidence::Unknown),
        },
    };
    Inference {
        client_type,
        confidence,
        public,
        public_confidence,
        roles: roles.into_boxed_slice(),
        evidence: ev.into_boxed_slice(),
    }
}

/// The lines of evidence being gathered.
type Evidence = Vec<Cow<'static, str>>;

/// Step 5: explicit flags, then the auth method, then credentials.
fn confidentiality(client: &Client, ev: &mut Evidence) -> (Option<bool>, Confidence) {
    if let Some(d) = &client.declared {
        if d.value != Declared::ResourceServer {
            let public = d.value.is_public();
            ev.push(declared_says(d.value).into());
            return (Some(public), Confidence::Explicit);
        }
    }
    if let Some(p) = &client.public {
        if !p.origin.is_default() {
            ev.push(
                if p.value {
                    "the public-client flag is true → public"
                } else {
                    "the public-client flag is false → confidential"
                }
                .into(),
            );
            return (Some(p.value), Confidence::Explicit);
        }
    }
    if let Some(m) = &client.auth_method {
        let public = m.value == "none";
        let how = if m.origin.is_default() { "defaults to" } else { "is" };
        ev.push(
            format!(
                "`token_endpoint_auth_method` {how} `{}` → {}",
                m.value,
                public_word(public)
            )
            .into(),
        );
        return (
            Some(public),
            if m.origin.is_default() {
                Confidence::Weak
            } else {
                Confidence::Strong
            },
        );
    }
    if client.has_secret() {
        ev.push("a client secret is configured → confidential".into());
        return (Some(false), Confidence::Strong);
    }
    if client.jwks.is_some() || client.jwks_uri.is_some() {
        ev.push("client keys (`jwks`/`jwks_uri`) are registered → confidential".into());
        return (Some(false), Confidence::Strong);
    }
    if let Some(p) = &client.public {
        ev.push(
            if p.value {
                "the public-client flag is not set and defaults to true → public"
            } else {
                "the public-client flag is not set and defaults to false → confidential"
            }
            .into(),
        );
        return (Some(p.value), Confidence::Weak);
    }
    (None, Confidence::Unknown)
}

fn public_word(public: bool) -> &'static str {
    if public {
        "public"
    } else {
        "confidential"
    }
}

/// The line of evidence for a client that holds `grants` and none redirect-based, which make it
/// `primary`.
fn granted(grants: &[&Grant], primary: ClientType) -> String {
    let names: Vec<String> = grants.iter().map(|g| format!("`{g}`")).collect();
    format!("no redirect-based grant; grants {} → {primary}", names.join(", "))
}

/// [`granted`] for a client whose one grant made it `primary`, as a fixed text: a service account
/// has the client-credentials grant alone, and a realm has thousands.
fn lone_grant(g: &Grant, primary: ClientType) -> Option<&'static str> {
    Some(match (g, primary) {
        (Grant::ClientCredentials, ClientType::M2m) => "no redirect-based grant; grants `client_credentials` → m2m",
        (Grant::TokenExchange, ClientType::M2m) => "no redirect-based grant; grants `token-exchange` → m2m",
        (Grant::Password, ClientType::Ropc) => "no redirect-based grant; grants `password` → ropc",
        (Grant::DeviceCode, ClientType::Device) => "no redirect-based grant; grants `device_code` → device",
        (Grant::JwtBearer, ClientType::JwtBearer) => "no redirect-based grant; grants `jwt-bearer` → jwt-bearer",
        (Grant::Saml2Bearer, ClientType::JwtBearer) => "no redirect-based grant; grants `saml2-bearer` → jwt-bearer",
        _ => return None,
    })
}

/// What a declared type says of the confidentiality, as a line of evidence.
fn declared_says(d: Declared) -> &'static str {
    match d {
        Declared::Spa => "the provider's type says Spa → public",
        Declared::Native => "the provider's type says Native → public",
        Declared::Web => "the provider's type says Web → confidential",
        Declared::PublicWeb => "the provider's type says PublicWeb → public",
        Declared::M2m => "the provider's type says M2m → confidential",
        Declared::Device => "the provider's type says Device → public",
        Declared::ResourceServer => "the provider's type says ResourceServer → confidential",
    }
}

/// A type the provider declares, as a line of evidence.
fn declares(t: ClientType) -> &'static str {
    match t {
        ClientType::M2m => "the provider declares it m2m",
        ClientType::Web => "the provider declares it web",
        ClientType::Spa => "the provider declares it spa",
        ClientType::Native => "the provider declares it native",
        ClientType::Ropc => "the provider declares it ropc",
        ClientType::JwtBearer => "the provider declares it jwt-bearer",
        ClientType::Device => "the provider declares it device",
        ClientType::Unknown => "the provider declares it unknown",
    }
}

/// The confidentiality a client of type `t` has by default ([`ClientType::default_public`]), as a
/// line of evidence.
fn by_type_default(t: ClientType) -> Option<&'static str> {
    Some(match t {
        ClientType::Spa => "no credentials or flags say otherwise, so it is public like any spa client",
        ClientType::Native => "no credentials or flags say otherwise, so it is public like any native client",
        ClientType::Device => "no credentials or flags say otherwise, so it is public like any device client",
        ClientType::M2m => "no credentials or flags say otherwise, so it is confidential like any m2m client",
        ClientType::Web => "no credentials or flags say otherwise, so it is confidential like any web client",
        ClientType::JwtBearer => {
            "no credentials or flags say otherwise, so it is confidential like any jwt-bearer client"
        }
        ClientType::Ropc | ClientType::Unknown => return None,
    })
}

/// Step 3: a client that never sends a browser to the authorization endpoint, typed by the riskiest
/// grant it holds.
fn non_interactive(
    grants: &[&Grant],
    client: &Client,
    ev: &mut Evidence,
    roles: &mut Vec<ClientType>,
) -> (ClientType, Confidence) {
    let by_risk = [
        (Grant::Password, ClientType::Ropc),
        (Grant::DeviceCode, ClientType::Device),
        (Grant::JwtBearer, ClientType::JwtBearer),
        (Grant::Saml2Bearer, ClientType::JwtBearer),
        (Grant::ClientCredentials, ClientType::M2m),
        (Grant::TokenExchange, ClientType::M2m),
    ];
    let found: Vec<ClientType> = by_risk
        .iter()
        .filter(|(g, _)| grants.contains(&g))
        .map(|&(_, t)| t)
        .collect();
    let Some(&primary) = found.first() else {
        if client
            .declared
            .as_ref()
            .is_some_and(|d| d.value == Declared::ResourceServer)
        {
            ev.push("declared a resource server (bearer-only): it accepts tokens but never obtains them".into());
        } else if let Some(other) = grants.iter().find(|g| matches!(g, Grant::Other(_))) {
            ev.push(
                format!(
                "its `{other}` grant is an extension or the vendor's own, which does not tell what kind of client it is"
            )
                .into(),
            );
        } else if client.grants.is_some() {
            ev.push("no grant that obtains tokens is enabled".into());
        } else if client.declared.as_ref().is_some_and(|d| d.value == Declared::M2m) {
            // A machine-to-machine app whose grants are left to the server (Auth0's
            // `non_interactive` without `grant_types`) is still what its declared type says.
            ev.push("the provider declares it m2m; its grants are the server's default".into());
            return (ClientType::M2m, Confidence::Explicit);
        } else {
            ev.push("the file names no grant types and no redirect URIs".into());
        }
        return (ClientType::Unknown, Confidence::Unknown);
    };
    for t in found.iter().skip(1) {
        if *t != primary && !roles.contains(t) {
            roles.push(*t);
        }
    }
    let line = match grants {
        [lone] => lone_grant(lone, primary).map(Cow::Borrowed),
        _ => None,
    };
    ev.push(line.unwrap_or_else(|| granted(grants, primary).into()));
    let declared_agrees = client.declared.as_ref().is_some_and(|d| {
        matches!(
            (d.value, primary),
            (Declared::M2m, ClientType::M2m) | (Declared::Device, ClientType::Device)
        )
    });
    (
        primary,
        if declared_agrees {
            Confidence::Explicit
        } else {
            Confidence::Strong
        },
    )
}

/// Step 4: which kind of interactive client.
fn platform(
    client: &Client,
    redirects: &[Redirect],
    public: Option<bool>,
    ev: &mut Evidence,
) -> (ClientType, Confidence) {
    if let Some(d) = &client.declared {
        let t = match d.value {
            Declared::Spa => Some(ClientType::Spa),
            Declared::Native => Some(ClientType::Native),
            Declared::Web | Declared::PublicWeb => Some(ClientType::Web),
            Declared::Device => Some(ClientType::Device),
            Declared::M2m | Declared::ResourceServer => None,
        };
        if let Some(t) = t {
            ev.push(declares(t).into());
            return (t, Confidence::Explicit);
        }
    }
    if let Some(a) = &client.application_type {
        if a.value == "native" {
            ev.push("`application_type` is `native` → native".into());
            return (ClientType::Native, Confidence::Explicit);
        }
    }
    if let Some(raw) = redirects
        .iter()
        .find(|r| r.facts.platform == Platform::PrivateUse)
        .map(Redirect::raw)
    {
        ev.push(format!("redirect URI `{raw}` uses a private-use scheme → native").into());
        return (ClientType::Native, Confidence::Strong);
    }
    if let Some(raw) = redirects
        .iter()
        .find(|r| r.facts.platform == Platform::BrowserExtension)
        .map(Redirect::raw)
    {
        ev.push(format!("redirect URI `{raw}` is a browser extension's page → spa").into());
        return (ClientType::Spa, Confidence::Strong);
    }
    let all_loopback = uri::all_loopback(redirects);
    // A placeholder (`https://${Domain}/cb`) may be the deployed site: no sign of an installed app.
    let only_loopback = all_loopback && client.redirects().count() == redirects.len();
    // RFC 8252 §7.3 loopback redirects are plain http. https on loopback needs a certificate made
    // for it: on a client nothing says is public, a web server in development.
    let https_loopback =
        |r: &Redirect| r.facts.platform == Platform::Loopback && r.facts.scheme_class == Some(SchemeClass::Https);
    let all_http_loopback = all_loopback && !redirects.iter().any(https_loopback);
    let on_dev_ports = redirects.iter().any(Redirect::on_dev_port);
    let web_only = !redirects.is_empty() && redirects.iter().all(|r| r.facts.platform == Platform::WebHttps);
    // Tokens handed to the browser and never a code: a browser app, whose loopback redirect is its
    // development server (native apps use the code flow, RFC 8252 §6).
    let browser_origins =
        !client.vendor.origins_are_server_cors && client.web_origins.as_ref().is_some_and(|o| !o.is_empty());
    let rts: Vec<_> = client.response_types.iter().flat_map(|l| l.iter()).collect();
    let implicit_only = !rts.is_empty() && rts.iter().all(|r| !r.value.code) && rts.iter().any(|r| r.value.token);
    match public {
        // A confidential client is a server-side app, wherever its redirects point in development.
        Some(false) => {
            if all_loopback {
                ev.push(
                    "its redirect URIs are all loopback, which for a confidential client means a development setup"
                        .into(),
                );
            }
            ev.push("confidential and interactive → web".into());
            return (ClientType::Web, Confidence::Strong);
        }
        Some(true) if redirects.is_empty() && client.vendor.public_default_redirects.is_some() => {
            let why = client.vendor.public_default_redirects.unwrap_or_default();
            ev.push(format!("public with no redirect URIs → native: {why}").into());
            return (ClientType::Native, Confidence::Strong);
        }
        // A browser app calls the token endpoint from its page, which needs CORS origins; an
        // installed app needs none. The port says nothing: CLIs listen on 3000 and 8000 too.
        Some(true) if only_loopback && !implicit_only && !browser_origins => {
            ev.push("public with only loopback redirect URIs → native".into());
            return (ClientType::Native, Confidence::Strong);
        }
        // Public *with only web-https redirects* (docs/rules-background.md). A public client without
        // redirect URIs (or with mixed ones) is not thereby a browser app.
        Some(true) if web_only => {
            ev.push("public and redirecting to web pages → spa".into());
            return (ClientType::Spa, Confidence::Strong);
        }
        Some(true) | None => {}
    }
    if implicit_only {
        ev.push("tokens are returned to the browser and never a code → spa".into());
        return (ClientType::Spa, Confidence::Weak);
    }
    if only_loopback && all_http_loopback && !on_dev_ports && !browser_origins {
        ev.push("all redirect URIs are plain-http loopback → native".into());
        return (ClientType::Native, Confidence::Strong);
    }
    if browser_origins {
        ev.push("browser origins are registered and no credentials → spa".into());
        return (ClientType::Spa, Confidence::Weak);
    }
    if all_http_loopback {
        ev.push("loopback redirect URIs on development-server ports → spa".into());
        return (ClientType::Spa, Confidence::Weak);
    }
    if all_loopback {
        ev.push("https on loopback is a web server in development, of a server-side or a browser app".into());
    }
    let token_in_browser = client
        .response_types
        .iter()
        .flat_map(|l| l.iter())
        .any(|r| r.value.token);
    if token_in_browser {
        ev.push("tokens are returned to the browser and no credentials → spa".into());
        return (ClientType::Spa, Confidence::Weak);
    }
    if web_only && client.application_type.as_ref().is_some_and(|a| a.value == "web") {
        ev.push("`application_type` is `web` with https redirect URIs → web".into());
        return (ClientType::Web, Confidence::Weak);
    }
    ev.push("nothing in the file tells a server-side app from a browser or native one".into());
    (ClientType::Unknown, Confidence::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Pointer, Span};
    use crate::model::{DocKind, Field, List, Origin};

    fn rfc7591() -> &'static crate::formats::Format {
        crate::formats::ALL
            .iter()
            .find(|f| f.name == "rfc7591")
            .expect("a format")
    }

    fn client(auth: &str, grants: &[&str], redirects: &[&str]) -> Client {
        let o = || Origin::Default { why: "test" };
        let mut c = Client::new(rfc7591(), Pointer::root(), Span::new(0, 1), DocKind::Registered);
        c.auth_method = Some(Field::new(
            auth.to_string(),
            Origin::file(Pointer::root(), Span::new(0, 1)),
        ));
        c.grants = Some(List {
            origin: o(),
            items: grants.iter().map(|g| Field::new(Grant::parse(g), o())).collect(),
        });
        c.redirect_uris = Some(List {
            origin: o(),
            items: redirects.iter().map(|r| Field::new(r.to_string(), o())).collect(),
        });
        c
    }

    fn infer_of(c: &Client) -> Inference {
        infer(c, &uri::redirects(c, &Default::default()))
    }

    /// Every client type.
    fn all_types() -> [ClientType; 8] {
        use ClientType::*;
        [M2m, Web, Spa, Native, Ropc, JwtBearer, Device, Unknown]
    }

    #[test]
    fn fixed_lines_of_evidence_read_as_built_ones_would() {
        use Declared as D;
        for d in [
            D::Spa,
            D::Native,
            D::Web,
            D::PublicWeb,
            D::M2m,
            D::Device,
            D::ResourceServer,
        ] {
            let built = format!("the provider's type says {d:?} → {}", public_word(d.is_public()));
            assert_eq!(declared_says(d), built);
        }
        for t in all_types() {
            assert_eq!(declares(t), format!("the provider declares it {t}"));
            let built = t.default_public().map(|p| {
                format!(
                    "no credentials or flags say otherwise, so it is {} like any {t} client",
                    public_word(p)
                )
            });
            assert_eq!(by_type_default(t).map(String::from), built);
        }
    }

    #[test]
    fn a_lone_grant_s_fixed_line_reads_as_the_built_one() {
        let grants = [
            Grant::ClientCredentials,
            Grant::TokenExchange,
            Grant::Password,
            Grant::DeviceCode,
            Grant::JwtBearer,
            Grant::Saml2Bearer,
        ];
        let mut fixed = 0;
        for g in &grants {
            for t in all_types() {
                if let Some(line) = lone_grant(g, t) {
                    assert_eq!(line, granted(&[g], t));
                    fixed += 1;
                }
            }
        }
        assert_eq!(fixed, grants.len());
    }

    #[test]
    fn public_client_without_redirects_is_not_called_a_spa() {
        let i = infer_of(&client("none", &["authorization_code", "refresh_token"], &[]));
        assert_eq!(i.client_type, ClientType::Unknown);
        assert!(i.is_public());
    }

    #[test]
    fn an_implicit_only_client_on_loopback_is_a_spa_in_development_not_native() {
        let mut c = client("none", &["implicit"], &["http://localhost/callback"]);
        c.response_types = Some(List {
            origin: Origin::file(Pointer::root(), Span::new(0, 1)),
            items: vec![Field::new(
                crate::model::ResponseType::parse("id_token token"),
                Origin::file(Pointer::root(), Span::new(0, 1)),
            )],
        });
        assert_eq!(infer_of(&c).client_type, ClientType::Spa);
    }

    #[test]
    fn https_on_loopback_is_no_installed_app_unless_the_client_is_public() {
        let mut c = client(
            "none",
            &["authorization_code"],
            &["https://localhost:44321/signin-oidc"],
        );
        c.auth_method = None;
        assert_eq!(infer_of(&c).client_type, ClientType::Unknown);
        let public = client("none", &["authorization_code"], &["https://127.0.0.1:8400/callback"]);
        assert_eq!(infer_of(&public).client_type, ClientType::Native);
    }

    #[test]
    fn a_public_loopback_client_with_browser_origins_is_a_browser_app_in_development() {
        let cli = client("none", &["authorization_code"], &["http://localhost:8081/*"]);
        assert_eq!(infer_of(&cli).client_type, ClientType::Native);
        let mut spa = cli.clone();
        spa.web_origins = Some(List {
            origin: Origin::file(Pointer::root(), Span::new(0, 1)),
            items: vec![Field::new(
                "+".to_string(),
                Origin::file(Pointer::root(), Span::new(0, 1)),
            )],
        });
        assert_eq!(infer_of(&spa).client_type, ClientType::Spa);
    }

    #[test]
    fn a_public_cli_on_a_common_port_is_an_installed_app() {
        // opkssh's registration: loopback on 3000, 10001 and 11110, no browser origins.
        let cli = client(
            "none",
            &["authorization_code"],
            &[
                "http://localhost:3000/login-callback",
                "http://localhost:10001/login-callback",
            ],
        );
        assert_eq!(infer_of(&cli).client_type, ClientType::Native);
    }

    #[test]
    fn a_browser_extension_is_a_browser_app() {
        let c = client(
            "none",
            &["authorization_code"],
            &["chrome-extension://kbfnbcaeplbcioakkpcpgfkobkghlhen/cb.html"],
        );
        assert_eq!(
            (infer_of(&c).client_type, infer_of(&c).confidence),
            (ClientType::Spa, Confidence::Strong)
        );
    }

    #[test]
    fn public_client_with_web_redirects_is_a_spa() {
        let i = infer_of(&client(
            "none",
            &["authorization_code"],
            &["https://app.example.com/cb"],
        ));
        assert_eq!((i.client_type, i.confidence), (ClientType::Spa, Confidence::Strong));
    }
}
