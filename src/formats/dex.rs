//! Dex `staticClients` in its config file (docs/providers.md), also under `config:` in Helm values.
//!
//! A Dex client says little about itself (`id`/`idEnv`, `secret`/`secretEnv`, `public`,
//! `redirectURIs`, `postLogoutRedirectURIs`, `trustedPeers`); what it may do is decided server-wide
//! by the same file, so that is carried onto every client as server context:
//!
//! * Grants: Dex's `server.newServer` allows `authorization_code`, `refresh_token`,
//!   `device_code` and `token-exchange`, adds `implicit` when `oauth2.responseTypes` holds a type
//!   with `token`, and `password` when `oauth2.passwordConnector` is set; `oauth2.grantTypes`
//!   narrows that set. Recent releases also accept `client_credentials` without saying so in the
//!   config; that depends on the version, so it is counted only when `oauth2.grantTypes` lists it.
//! * `oauth2.responseTypes` defaults to `code`; `oauth2.skipApprovalScreen` (default false) skips
//!   consent; PKCE is required only with `oauth2.pkce.enforce: true` (older releases cannot
//!   require it at all).
//! * `expiry.idTokens` (default 24h) is also the lifetime of Dex's access tokens; refresh tokens
//!   rotate unless `expiry.refreshTokens.disableRotation` is true, and never expire unless
//!   `expiry.refreshTokens.absoluteLifetime` / `validIfNotUsedFor` set a limit.

use super::{
    anchor, boolean, default, default_list, lifetime, map_list, members, origin, params, pkce_method, secret, server,
    server_list, string, Vendor,
};
use super::{strings, Format};
use crate::document::{Cursor, Document};
use crate::model::{Client, DocKind, Field, Grant, Lifetime, List, PkceMethod, ResponseType};
use crate::model::{Secret, SecretKind, Tokens};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "dex",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        product: "Dex",
        public_default_redirects: Some(
            "Dex lets a public client without `redirectURIs` redirect to `http://localhost` or a loopback IP on any port and path, and to `urn:ietf:wg:oauth:2.0:oob` (its validateRedirectURI)",
        ),
        origins_are_server_cors: true,
        ..Vendor::STANDARD
    },
};

/// The members of a static client (`storage.Client`; docs/providers.md for the newer ones). Dex reads
/// its config with Go's `encoding/json`, which ignores unknown members (dexidp/dex#1069) and matches
/// names regardless of case.
const CLIENT_KEYS: [&str; 13] = [
    "id",
    "idEnv",
    "secret",
    "secretEnv",
    "redirectURIs",
    "postLogoutRedirectURIs",
    "trustedPeers",
    "public",
    "name",
    "logoURL",
    "allowedConnectors",
    "mfaChain",
    "ssoSharedWith",
];

/// The object holding `staticClients`: the config itself, or `config` in Helm values.
fn config(doc: &Document) -> Option<Cursor<'_>> {
    let root = Cursor::root(doc);
    std::iter::once(root.clone())
        .chain(root.get("config"))
        .find(|c| c.get("staticClients").is_some_and(|l| l.items().any(|i| is_client(&i))))
}

fn is_client(c: &Cursor) -> bool {
    c.node.is_object() && (c.get("id").is_some() || c.get("idEnv").is_some())
}

fn detect(doc: &Document, _path: &Path) -> bool {
    config(doc).is_some()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    let Some(cfg) = config(doc) else { return Vec::new() };
    let server = Server::read(&cfg);
    let Some(list) = cfg.get("staticClients") else {
        return Vec::new();
    };
    list.items().filter(is_client).map(|at| client(&at, &server)).collect()
}

/// What the config says for every client.
struct Server {
    grants: List<Grant>,
    response_types: List<ResponseType>,
    consent_required: Field<bool>,
    pkce_required: Field<bool>,
    pkce_methods: Option<Field<Vec<PkceMethod>>>,
    /// `codeChallengeMethodsSupported` as written.
    pkce_written: Vec<Field<String>>,
    web_origins: Option<List<String>>,
    tokens: Tokens,
}

impl Server {
    fn read(cfg: &Cursor) -> Server {
        let oauth2 = cfg.get("oauth2");
        let o = oauth2.as_ref();
        let response_types = o
            .and_then(|o| strings(o, "responseTypes"))
            .map(|l| server_list(map_list(l, ResponseType::parse)))
            .unwrap_or_else(|| {
                default_list(
                    "Dex's oauth2.responseTypes defaults to code",
                    vec![ResponseType::parse("code")],
                )
            });
        let skip = o.and_then(|o| boolean(o, "skipApprovalScreen")).map(server);
        let pkce = o.and_then(|o| o.get("pkce"));
        let expiry = cfg.get("expiry");
        let refresh = expiry.as_ref().and_then(|e| e.get("refreshTokens"));
        let id_tokens = expiry
            .as_ref()
            .and_then(|e| lifetime(e, "idTokens"))
            .map(server)
            .unwrap_or(default(
                Lifetime::Seconds(86_400),
                "Dex's expiry.idTokens defaults to 24h",
            ));
        let pkce_required = pkce
            .as_ref()
            .and_then(|p| boolean(p, "enforce"))
            .map(server)
            .unwrap_or(default(
                false,
                "Dex requires PKCE only when oauth2.pkce.enforce is true",
            ));
        let supported = pkce
            .as_ref()
            .and_then(|p| strings(p, "codeChallengeMethodsSupported"))
            .map(server_list);
        // The methods matter once PKCE is enforced: Dex accepts S256 and plain unless
        // `codeChallengeMethodsSupported` narrows them.
        let pkce_methods = supported
            .clone()
            .map(|l| {
                let methods = l.iter().filter_map(|m| pkce_method(&m.value)).collect();
                Field::new(methods, l.origin)
            })
            .or_else(|| {
                pkce_required.value.then(|| {
                    default(
                        vec![PkceMethod::S256, PkceMethod::Plain],
                        "Dex accepts the S256 and plain PKCE methods unless codeChallengeMethodsSupported narrows them",
                    )
                })
            });
        Server {
            grants: grants(o, &response_types),
            consent_required: skip.map_or(
                default(
                    true,
                    "Dex shows the approval screen unless oauth2.skipApprovalScreen is true",
                ),
                |f| Field::new(!f.value, f.origin),
            ),
            response_types,
            pkce_required,
            pkce_methods,
            pkce_written: supported.map(|l| l.items).unwrap_or_default(),
            web_origins: cfg
                .get("web")
                .and_then(|w| strings(&w, "allowedOrigins"))
                .map(server_list),
            tokens: Tokens {
                access_token_lifetime: Some(id_tokens.clone()),
                id_token_lifetime: Some(id_tokens),
                refresh_rotation: Some(
                    refresh
                        .as_ref()
                        .and_then(|r| boolean(r, "disableRotation"))
                        .map(|f| server(Field::new(!f.value, f.origin)))
                        .unwrap_or(default(
                            true,
                            "Dex rotates refresh tokens unless expiry.refreshTokens.disableRotation is true",
                        )),
                ),
                // Dex's RefreshTokenPolicy disables either expiry when its setting is unset.
                refresh_absolute_lifetime: Some(
                    refresh
                        .as_ref()
                        .and_then(|r| lifetime(r, "absoluteLifetime"))
                        .map(server)
                        .unwrap_or(default(
                            Lifetime::Infinite,
                            "Dex refresh tokens have no maximum lifetime unless expiry.refreshTokens.absoluteLifetime sets one",
                        )),
                ),
                refresh_idle_lifetime: Some(
                    refresh
                        .as_ref()
                        .and_then(|r| lifetime(r, "validIfNotUsedFor"))
                        .map(server)
                        .unwrap_or(default(
                            Lifetime::Infinite,
                            "Dex refresh tokens never expire unused unless expiry.refreshTokens.validIfNotUsedFor sets it",
                        )),
                ),
                ..Tokens::default()
            },
        }
    }
}

/// The grants Dex allows every client (see the module comment).
fn grants(oauth2: Option<&Cursor>, response_types: &List<ResponseType>) -> List<Grant> {
    let implicit = response_types.iter().find(|r| r.value.token);
    let password = oauth2
        .and_then(|o| string(o, "passwordConnector"))
        .filter(|p| !p.value.is_empty());
    let why = "Dex allows the authorization code, refresh token, device code and token exchange grants unless oauth2.grantTypes narrows them";
    let mut list = match oauth2.and_then(|o| strings(o, "grantTypes")) {
        Some(l) => server_list(map_list(l, Grant::parse)),
        None => default_list(
            why,
            vec![
                Grant::AuthorizationCode,
                Grant::RefreshToken,
                Grant::DeviceCode,
                Grant::TokenExchange,
            ],
        ),
    };
    let listed = !list.origin.is_default();
    if listed {
        // Dex ignores a listed grant that its other settings do not enable.
        list.items.retain(|g| match g.value {
            Grant::Implicit => implicit.is_some(),
            Grant::Password => password.is_some(),
            _ => true,
        });
    } else {
        if let Some(r) = implicit {
            list.items.push(Field::new(Grant::Implicit, r.origin.clone()));
        }
        if let Some(p) = password {
            list.items.push(server(Field::new(Grant::Password, p.origin)));
        }
    }
    list
}

fn client(at: &Cursor, srv: &Server) -> Client {
    let id_key = if at.get("id").is_some() { "id" } else { "idEnv" };
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor(at, id_key), DocKind::Registered);
    // With `idEnv` the id is read from the environment at start-up: unknown here.
    c.id = string(at, "id");
    c.id_env = string(at, "idEnv").map(|f| f.value);
    c.name = string(at, "name").map(|f| f.value);
    let public = boolean(at, "public").unwrap_or(default(false, "Dex clients are confidential unless public is true"));
    // Dex checks no credential for a public client at the token endpoint; a confidential one may use
    // HTTP Basic or a form post, and which one is not configured.
    if public.value {
        c.auth_method = Some(Field::new("none".into(), public.origin.clone()));
    }
    c.public = Some(public);
    c.secret = secret(at, "secret").or_else(|| {
        let env = at.get("secretEnv")?;
        Some(Secret {
            kind: SecretKind::Reference,
            value: env.as_str()?.to_string(),
            origin: origin(&env),
        })
    });
    // `<issuer path>/device/callback` is Dex's own page for the device flow, not a place the
    // client receives codes (server/oauth2.go treats any redirect ending in it as the device flow).
    c.redirect_uris = strings(at, "redirectURIs").map(|mut l| {
        l.items
            .retain(|u| !(u.value.starts_with('/') && u.value.ends_with("/device/callback")));
        l
    });
    c.post_logout_redirect_uris = strings(at, "postLogoutRedirectURIs");
    // Dex shows `logoURL` on its approval screen.
    c.uris = params(&[("logoURL", "logo_uri")], |k| string(at, k));
    c.grants = Some(srv.grants.clone());
    c.response_types = Some(srv.response_types.clone());
    c.consent_required = Some(srv.consent_required.clone());
    c.pkce.required = Some(srv.pkce_required.clone());
    c.pkce.methods = srv.pkce_methods.clone();
    c.pkce.written = srv.pkce_written.clone();
    c.members = Some(members(at, &[&CLIENT_KEYS], true));
    c.web_origins = srv.web_origins.clone();
    c.tokens = srv.tokens.clone();
    // `trustedPeers` lets the listed clients obtain tokens for this one; the model has no field
    // for it yet.
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;

    fn clients(text: &str) -> Vec<Client> {
        testing::read(&FORMAT, text, Syntax::Yaml)
    }
    use crate::model::Origin;

    const CONFIG: &str = "issuer: https://dex.example.com
storage:
  type: sqlite3
staticClients:
- id: web
  name: Web
  secretEnv: WEB_SECRET
  redirectURIs: ['https://app.example.com/callback', '/dex/device/callback']
  logoURL: https://app.example.com/logo.png
- idEnv: CLI_ID
  public: true
  redirectURIs: ['http://127.0.0.1:5555/callback']
";

    #[test]
    fn defaults_when_the_config_says_nothing() {
        let cs = clients(CONFIG);
        assert_eq!(cs.len(), 2);
        let web = &cs[0];
        assert_eq!(web.id.as_ref().unwrap().value, "web");
        assert_eq!(web.secret.as_ref().unwrap().kind, SecretKind::Reference);
        assert!(web.auth_method.is_none());
        assert_eq!(
            testing::grant_names(web),
            ["authorization_code", "refresh_token", "device_code", "token-exchange"]
        );
        assert!(web.grants.as_ref().unwrap().origin.is_default());
        assert!(!web.pkce.required.as_ref().unwrap().value);
        assert!(web.consent_required.as_ref().unwrap().value);
        for l in [&web.tokens.refresh_absolute_lifetime, &web.tokens.refresh_idle_lifetime] {
            let l = l.as_ref().unwrap();
            assert_eq!(l.value, Lifetime::Infinite);
            assert!(l.origin.is_default());
        }
        // Dex's own device-flow page is not one of the client's redirect URIs.
        assert_eq!(web.redirects().count(), 1);
        assert_eq!(web.uris[0].param, "logo_uri");
        assert_eq!(web.uris[0].value.value, "https://app.example.com/logo.png");
        let cli = &cs[1];
        assert!(cli.id.is_none());
        assert_eq!(&CONFIG[cli.anchor.range()], "CLI_ID");
        assert_eq!(cli.auth_method.as_ref().unwrap().value, "none");
    }

    #[test]
    fn server_settings_apply_to_every_client() {
        let text = format!(
            "{CONFIG}oauth2:\n  responseTypes: [code, token]\n  skipApprovalScreen: true\n  passwordConnector: local\n  pkce:\n    enforce: true\nexpiry:\n  idTokens: 10m\n  refreshTokens:\n    disableRotation: true\n    absoluteLifetime: 720h\n"
        );
        let cs = clients(&text);
        let c = &cs[1];
        assert_eq!(
            testing::grant_names(c),
            [
                "authorization_code",
                "refresh_token",
                "device_code",
                "token-exchange",
                "implicit",
                "password"
            ]
        );
        let Origin::Server { pointer, .. } = &c.grant(&Grant::Password).unwrap().origin else {
            panic!("password comes from the server block")
        };
        assert_eq!(pointer.as_str(), "/oauth2/passwordConnector");
        assert!(!c.consent_required.as_ref().unwrap().value);
        assert!(c.pkce.required.as_ref().unwrap().value);
        assert_eq!(
            c.pkce.methods.as_ref().unwrap().value,
            [PkceMethod::S256, PkceMethod::Plain]
        );
        assert_eq!(
            c.tokens.access_token_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(600)
        );
        assert!(!c.tokens.refresh_rotation.as_ref().unwrap().value);
        assert_eq!(
            c.tokens.refresh_absolute_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(720 * 3600)
        );
    }

    #[test]
    fn pkce_methods_as_written_and_member_names() {
        let text =
            format!("{CONFIG}oauth2:\n  pkce:\n    enforce: true\n    codeChallengeMethodsSupported: [S256, sha256]\n");
        let cs = clients(&text);
        let c = &cs[0];
        assert_eq!(c.pkce.methods.as_ref().unwrap().value, [PkceMethod::S256]);
        let written: Vec<&str> = c.pkce.written.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(written, ["S256", "sha256"]);
        assert!(matches!(c.pkce.written[1].origin, Origin::Server { .. }));
        let members = c.members.as_ref().unwrap();
        let keys: Vec<&str> = members.keys.iter().map(|k| k.value.as_str()).collect();
        assert_eq!(keys, ["id", "name", "secretEnv", "redirectURIs", "logoURL"]);
        assert!(members.any_case);
    }

    #[test]
    fn grant_types_narrow_the_set() {
        let text =
            format!("{CONFIG}oauth2:\n  grantTypes: [authorization_code, password, implicit, client_credentials]\n");
        // Without a password connector or a token response type, those two grants stay off.
        assert_eq!(
            testing::grant_names(&clients(&text)[0]),
            ["authorization_code", "client_credentials"]
        );
        let with = text.replace("oauth2:\n", "oauth2:\n  passwordConnector: local\n");
        assert_eq!(
            testing::grant_names(&clients(&with)[0]),
            ["authorization_code", "password", "client_credentials"]
        );
    }

    #[test]
    fn helm_values_and_other_yaml() {
        let helm = format!(
            "config:\n{}",
            CONFIG.lines().map(|l| format!("  {l}\n")).collect::<String>()
        );
        assert_eq!(clients(&helm).len(), 2);
        assert!(!testing::detects(
            &FORMAT,
            "staticClients: []\nissuer: x\n",
            Syntax::Yaml
        ));
    }
}
