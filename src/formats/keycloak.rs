//! Keycloak realm exports and client representations (docs/providers.md).
//!
//! Shapes read: a realm export (`{"realm": "...", "clients": [...]}`), a file holding an array of
//! realms, a partial import (`{"clients": [...]}`), a bare `ClientRepresentation` (admin REST body,
//! `kcadm` file), the operator CRDs (`KeycloakRealmImport` → `spec.realm`, legacy `KeycloakClient`
//! → `spec.client`) and 1.x exports (`applications[]` / `oauthClients[]`, keyed by `name`).
//!
//! Keycloak's defaults for members a file leaves out, as checked in the server source:
//! `RepresentationToModel.createClient` copies a boolean only when the representation has it
//! (`if (rep.isStandardFlowEnabled() != null) ...`), so an absent flag keeps the value the store
//! gave the new client. `JpaRealmProvider.addClient` sets only `enabled = true` and
//! `standardFlowEnabled = true`; every other flag is a Java `boolean` and starts `false`
//! (`publicClient`, `bearerOnly`, `implicitFlowEnabled`, `directAccessGrantsEnabled`,
//! `serviceAccountsEnabled`). A missing `protocol` becomes `openid-connect`, a missing
//! `clientAuthenticatorType` becomes `client-secret`, and attributes are copied as given, so an
//! absent `pkce.code.challenge.method` means PKCE is not required for the client.

use super::{
    algs, anchor, boolean, jwk, lifetime, longest, origin, params, secret, server, string, strings, Format, Vendor,
};
use super::{member, Setting};
use crate::document::{Cursor, Document, Pointer, Span, Value};
use crate::model::{Client, Declared, DocKind, Field, Grant, Lifetime, List, Origin, PkceMethod};
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

pub const FORMAT: Format = Format {
    name: "keycloak",
    detect,
    extract: super::Extract::Each(extract),
    vendor: Vendor {
        product: "Keycloak",
        resolves_relative_redirects: true,
        plus_web_origin: true,
        rejects_unregistered_redirects: Some("Keycloak rejects logins for a client without redirect URIs: turn the flow off (`standardFlowEnabled: false`), or register the exact redirect URIs"),
        assertion_keys_outside_client: true,
        exports_defaults: true,
        secret_keys: &["client.secret.rotated", "secretData"],
        request_object_alg_wildcard: Some("any"),
        // `ClientCredentialsGrantType` and standard token exchange check the client's `publicClient`.
        refused_to_public: &[Grant::ClientCredentials, Grant::TokenExchange],
        pluggable_client_auth: true,
        bearer_only_refuses_flows: true,
        grant_switches: &[
            member(&[], "implicitFlowEnabled", Setting::Bool(false)),
            member(&[], "directAccessGrantsEnabled", Setting::Bool(false)),
            member(&[], "serviceAccountsEnabled", Setting::Bool(false)),
            // Attributes are a string map: `"false"`, as Keycloak exports them.
            member(
                &["attributes"],
                "client_credentials.use_refresh_token",
                Setting::Str("false"),
            ),
        ],
        code_flow_switch: Some(member(&[], "standardFlowEnabled", Setting::Bool(true))),
        // An absent or empty attribute means no PKCE; `S256` makes `PKCEEnforcerExecutor` demand it.
        pkce_switch: Some(member(
            &["attributes"],
            "pkce.code.challenge.method",
            Setting::Str("S256"),
        )),
        ..Vendor::STANDARD
    },
};

/// Clients every realm gets from the server itself.
const BUILTIN_CLIENTS: [&str; 6] = [
    "account",
    "account-console",
    "admin-cli",
    "broker",
    "realm-management",
    "security-admin-console",
];

/// Members that only a `ClientRepresentation` has next to `clientId`.
const CLIENT_TELLS: [&str; 5] = [
    "publicClient",
    "standardFlowEnabled",
    "redirectUris",
    "bearerOnly",
    "protocol",
];

/// What a client needs to know about the realm around it, read for each client.
#[derive(Debug, Clone, Default)]
struct Realm<'a> {
    name: Option<&'a str>,
    /// An enabled client policy may run the `pkce-enforcer` executor (see [`pkce_policy`]).
    pkce_policy: bool,
    /// Whether the realm's default client scopes hold `offline_access` (see [`offline_scope`]).
    offline_scope: Option<bool>,
    /// The realm object, for its token settings (None for a bare client).
    at: Option<Cursor<'a>>,
}

/// What the clients of one realm share, kept while they are read one by one: the realm is found
/// again by its pointer for each client, since the lint frees each client's subtree in between.
#[derive(Debug, Default)]
struct Shared {
    pkce_policy: bool,
    offline_scope: Option<bool>,
    at: Option<Pointer>,
}

/// Where one client object is, how it names itself, and its realm.
struct Source {
    at: Pointer,
    /// `clientId`, or `name` for 1.x `applications[]` / `oauthClients[]`.
    id_key: &'static str,
    /// Shared by the realm's clients, which are thousands.
    realm: Rc<Shared>,
}

impl Source {
    fn new(at: &Cursor, id_key: &'static str, realm: Rc<Shared>) -> Self {
        Source {
            at: at.pointer.clone(),
            id_key,
            realm,
        }
    }
}

/// A realm's clients, each read from the document when the lint asks for it.
struct Each(std::vec::IntoIter<Source>);

impl super::Clients for Each {
    fn left(&self) -> usize {
        self.0.len()
    }

    fn next(&mut self, doc: &Document) -> Option<Client> {
        self.0.by_ref().find_map(|s| client(&s, doc))
    }
}

fn detect(doc: &Document, _path: &Path) -> bool {
    !sources(Cursor::root(doc)).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Box<dyn super::Clients> {
    // A realm holds thousands of clients: each is read when the pipeline asks for it.
    Box::new(Each(sources(Cursor::root(doc)).into_iter()))
}

fn has_client_id(c: &Cursor) -> bool {
    c.node.get("clientId").and_then(|n| n.as_str()).is_some()
}

fn is_client_representation(c: &Cursor) -> bool {
    // A Gravitee AM create body also has `clientId` and `redirectUris`, but a `type` of its own.
    let gravitee_type = c
        .get("type")
        .and_then(|t| t.as_str())
        .is_some_and(|t| ["WEB", "NATIVE", "BROWSER", "SERVICE", "RESOURCE_SERVER", "AGENT"].contains(&t));
    has_client_id(c) && !gravitee_type && CLIENT_TELLS.iter().any(|k| c.node.get(k).is_some())
}

/// The client objects of a document, whatever its shape.
fn sources(root: Cursor) -> Vec<Source> {
    // Operator CRDs wrap a realm or a client under `spec`.
    match root.get("kind").and_then(|k| k.as_str()) {
        Some("KeycloakRealmImport") => {
            return root.path(&["spec", "realm"]).map(realm_sources).unwrap_or_default();
        }
        Some("KeycloakClient") => {
            return root
                .path(&["spec", "client"])
                .filter(has_client_id)
                .map(|at| vec![Source::new(&at, "clientId", Rc::default())])
                .unwrap_or_default();
        }
        _ => {}
    }
    if root.node.as_array().is_some() {
        // A multi-realm export: every item is a realm.
        return root
            .items()
            .filter(|r| r.get("realm").is_some_and(|n| n.as_str().is_some()))
            .flat_map(realm_sources)
            .collect();
    }
    if is_client_representation(&root) {
        return vec![Source::new(&root, "clientId", Rc::default())];
    }
    realm_sources(root)
}

/// The clients of a realm export or a partial import (a realm without its `realm` name).
fn realm_sources(realm: Cursor) -> Vec<Source> {
    let name = realm.get("realm").and_then(|n| n.as_str());
    let clients = realm.get("clients").filter(|c| c.items().any(|i| has_client_id(&i)));
    // 1.x exports: `applications[]` and `oauthClients[]`, both keyed by `name`; only with a realm
    // name, since `{"applications": [{"name": ...}]}` alone says too little.
    let legacy: Vec<Cursor> = if name.is_some() {
        ["applications", "oauthClients"]
            .iter()
            .filter_map(|k| realm.get(k))
            .filter(|l| l.items().any(|i| i.node.get("name").and_then(|n| n.as_str()).is_some()))
            .collect()
    } else {
        Vec::new()
    };
    if clients.is_none() && legacy.is_empty() {
        return Vec::new();
    }
    let ctx = Rc::new(Shared {
        pkce_policy: pkce_policy(&realm),
        // Read once for the realm, not per client: its lists can be as long as its clients are many.
        offline_scope: scope_lists_hold_offline(&realm, ["defaultDefaultClientScopes", "defaultOptionalClientScopes"]),
        at: Some(realm.pointer.clone()),
    });
    let mut out: Vec<Source> = clients
        .iter()
        .flat_map(|l| l.items().collect::<Vec<_>>())
        .filter(has_client_id)
        .map(|at| Source::new(&at, "clientId", ctx.clone()))
        .collect();
    for list in legacy {
        out.extend(
            list.items()
                .filter(|i| i.node.get("name").and_then(|n| n.as_str()).is_some())
                .map(|at| Source::new(&at, "name", ctx.clone())),
        );
    }
    out
}

/// Whether the realm's client policies may enforce PKCE on some of its clients.
///
/// Keycloak enforces PKCE server-side through the `pkce-enforcer` executor of a client profile,
/// applied by an enabled client policy. Policies pick their clients by conditions (access type,
/// client roles, scopes, …) that this adapter does not evaluate, so such a realm makes the PKCE
/// requirement of its clients *unknown* rather than false. A policy naming a profile that the file
/// does not define points at one of the server's global profiles, some of which (the FAPI and
/// OAuth 2.1 ones) include `pkce-enforcer`, so that counts as well.
fn pkce_policy(realm: &Cursor) -> bool {
    // Whether each named profile enforces PKCE, the first of a name counting: a realm of
    // thousands of policies and profiles made a scan per policy quadratic.
    let mut enforces: HashMap<&str, bool> = HashMap::new();
    for p in ["profiles", "globalProfiles"]
        .iter()
        .filter_map(|k| realm.node.get("clientProfiles")?.get(k))
        .filter_map(|l| l.as_array())
        .flatten()
    {
        if let Some(name) = p.get("name").and_then(|n| n.as_str()) {
            enforces.entry(name).or_insert_with(|| mentions(p, "pkce-enforcer"));
        }
    }
    let profile_enforces = |name: &str| enforces.get(name).copied().unwrap_or(true);
    ["policies", "globalPolicies"]
        .iter()
        .filter_map(|k| realm.path(&["clientPolicies", k]))
        .flat_map(|l| l.items().collect::<Vec<_>>())
        .filter(|p| p.node.get("enabled").and_then(|e| e.as_loose_bool()) != Some(false))
        .any(|p| {
            p.get("profiles")
                .iter()
                .flat_map(|l| l.items().collect::<Vec<_>>())
                .filter_map(|n| n.as_str())
                .any(profile_enforces)
        })
}

/// Whether any string in the tree equals `needle`.
fn mentions(node: &crate::document::Node, needle: &str) -> bool {
    match &node.value {
        Value::String(s) => s == needle,
        Value::Array(items) => items.iter().any(|n| mentions(n, needle)),
        Value::Object(entries) => entries.iter().any(|e| mentions(&e.value, needle)),
        _ => false,
    }
}

/// A member of `attributes` (Keycloak's string map of client settings).
fn attr<'a>(at: &Cursor<'a>, key: &str) -> Option<Cursor<'a>> {
    at.path(&["attributes", key])
}

/// An attribute read as a boolean (`"true"`, `"True"`, `true`).
fn attr_bool(at: &Cursor, key: &str) -> Option<Field<bool>> {
    let c = attr(at, key)?;
    Some(Field::new(c.node.as_loose_bool()?, origin(&c)))
}

/// A non-empty string attribute.
fn attr_str(at: &Cursor, key: &str) -> Option<Field<String>> {
    let c = attr(at, key)?;
    let s = c.as_str()?.trim();
    (!s.is_empty()).then(|| Field::new(s.to_string(), origin(&c)))
}

/// RFC 7591 names for Keycloak's client authenticators. `client-secret` accepts both HTTP Basic
/// and a form post; Basic is the RFC 7591 default name for it. Other authenticators (for example
/// `federated-jwt`) keep their Keycloak name.
fn auth_method_name(authenticator: &str) -> String {
    match authenticator {
        "client-secret" => "client_secret_basic",
        "client-jwt" => "private_key_jwt",
        "client-secret-jwt" => "client_secret_jwt",
        "client-x509" => "tls_client_auth",
        // Keycloak 26's federated client authentication: a JWT assertion signed by a trusted
        // external issuer (a Kubernetes service account token, SPIFFE), RFC 7523 like `client-jwt`.
        "federated-jwt" => "private_key_jwt",
        other => other,
    }
    .to_string()
}

fn is_builtin(at: &Cursor, id: Option<&str>, realm: &Realm) -> bool {
    if attr_bool(at, "realm_client").is_some_and(|f| f.value) {
        return true;
    }
    let Some(id) = id else { return false };
    // The master realm holds one `<realm>-realm` client per realm, to administer it.
    BUILTIN_CLIENTS.contains(&id) || (realm.name == Some("master") && id.ends_with("-realm"))
}

/// The origin of `piece`, a substring of the string value at `at` starting at byte `offset`:
/// its own span when the value is written without escapes, else the whole value's span.
fn piece_origin(at: &Cursor, raw: &str, offset: usize, piece: &str) -> Origin {
    let span = at.span();
    let inner = if span.len() == raw.len() + 2 {
        Some(span.start + 1) // quoted, no escapes
    } else if span.len() == raw.len() {
        Some(span.start) // a plain scalar
    } else {
        None
    };
    match inner {
        Some(start) => Origin::file(
            at.pointer.clone(),
            Span::new(start + offset, start + offset + piece.len()),
        ),
        None => origin(at),
    }
}

/// `attributes."post.logout.redirect.uris"`: `##`-separated; `+` stands for the redirect URIs and
/// `-` for none.
fn post_logout(at: &Cursor, redirects: Option<&List<String>>) -> Option<List<String>> {
    let c = attr(at, "post.logout.redirect.uris")?;
    let raw = c.as_str()?;
    let mut items = Vec::new();
    let mut offset = 0;
    for part in raw.split("##") {
        let lead = part.len() - part.trim_start().len();
        let piece = part.trim();
        match piece {
            "" | "-" => {}
            "+" => items.extend(
                redirects
                    .iter()
                    .flat_map(|l| l.iter())
                    .map(|r| Field::new(r.value.clone(), origin(&c))),
            ),
            uri => items.push(Field::new(uri.to_string(), piece_origin(&c, raw, offset + lead, uri))),
        }
        offset += part.len() + 2;
    }
    Some(List {
        origin: origin(&c),
        items,
    })
}

/// The grant set, derived from the flow switches; each grant's origin is its switch.
fn grants(at: &Cursor) -> List<Grant> {
    let mut items = Vec::new();
    let mut push = |grant: Grant, flag: Option<Field<bool>>| {
        if let Some(f) = flag {
            if f.value {
                items.push(Field::new(grant, f.origin));
            }
        }
    };
    // 1.x `directGrantsOnly: true` meant the password grant instead of the standard flow; the
    // newer switches override it, as in `RepresentationToModel.createClient`.
    let direct_only = boolean(at, "directGrantsOnly");
    let standard = boolean(at, "standardFlowEnabled")
        .or_else(|| direct_only.clone().map(|f| Field::new(!f.value, f.origin)))
        .or(Some(Field::new(
            true,
            Origin::Default {
                why: "Keycloak enables the standard flow (authorization code) unless standardFlowEnabled is false",
            },
        )));
    push(Grant::AuthorizationCode, standard);
    push(Grant::Implicit, boolean(at, "implicitFlowEnabled"));
    push(
        Grant::Password,
        boolean(at, "directAccessGrantsEnabled").or(direct_only),
    );
    push(Grant::ClientCredentials, boolean(at, "serviceAccountsEnabled"));
    push(
        Grant::DeviceCode,
        attr_bool(at, "oauth2.device.authorization.grant.enabled"),
    );
    push(Grant::Ciba, attr_bool(at, "oidc.ciba.grant.enabled"));
    push(Grant::TokenExchange, attr_bool(at, "standard.token.exchange.enabled"));
    push(
        Grant::JwtBearer,
        attr_bool(at, "oauth2.jwt.authorization.grant.enabled"),
    );
    // Refresh tokens: issued with user grants unless `use.refresh.tokens` is false (default on);
    // with client credentials only when `client_credentials.use_refresh_token` is true.
    let user_grant = items.iter().any(|g| {
        matches!(
            g.value,
            Grant::AuthorizationCode | Grant::Password | Grant::DeviceCode | Grant::Ciba
        )
    });
    let use_refresh = attr_bool(at, "use.refresh.tokens").unwrap_or(Field::new(
        true,
        Origin::Default {
            why: "Keycloak issues refresh tokens unless use.refresh.tokens is false",
        },
    ));
    let has_cc = items.iter().any(|g| g.value == Grant::ClientCredentials);
    let cc_refresh = attr_bool(at, "client_credentials.use_refresh_token").filter(|f| f.value);
    if user_grant && use_refresh.value {
        items.push(Field::new(Grant::RefreshToken, use_refresh.origin));
    } else if has_cc {
        if let Some(f) = cc_refresh {
            items.push(Field::new(Grant::RefreshToken, f.origin));
        }
    }
    List {
        origin: origin(at),
        items,
    }
}

fn client(src: &Source, doc: &Document) -> Option<Client> {
    let at = &super::cursor_at(doc, &src.at)?;
    let realm = &match &src.realm.at {
        Some(pointer) => {
            let at = super::cursor_at(doc, pointer)?;
            Realm {
                name: at.get("realm").and_then(|n| n.as_str()),
                pkce_policy: src.realm.pkce_policy,
                offline_scope: src.realm.offline_scope,
                at: Some(at),
            }
        }
        None => Realm::default(),
    };
    // `protocol` defaults to `openid-connect`; SAML (and `docker-v2`) clients are not OAuth clients.
    if let Some(p) = at.get("protocol").and_then(|p| p.as_str()) {
        if p != "openid-connect" {
            return None;
        }
    }
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor(at, src.id_key), DocKind::Registered);
    c.id = string(at, src.id_key);
    if src.id_key == "clientId" {
        c.name = string(at, "name").map(|f| f.value);
    }
    c.builtin = is_builtin(at, c.id.as_ref().map(|f| f.value.as_str()), realm);
    c.enabled = boolean(at, "enabled").is_none_or(|f| f.value);
    c.declared = boolean(at, "bearerOnly")
        .filter(|f| f.value)
        .map(|f| Field::new(Declared::ResourceServer, f.origin));
    let public = boolean(at, "publicClient").unwrap_or(Field::new(
        false,
        Origin::Default {
            why: "Keycloak defaults publicClient to false",
        },
    ));
    // A public client does not authenticate, whatever `clientAuthenticatorType` says (exports
    // keep `client-secret` there). An absent authenticator is Keycloak's `client-secret`, but it is
    // left unknown here: a default would outrank real evidence such as a secret in the inference.
    c.auth_method = if public.value {
        Some(Field::new("none".to_string(), public.origin.clone()))
    } else {
        string(at, "clientAuthenticatorType").map(|f| Field::new(auth_method_name(&f.value), f.origin))
    };
    c.public = Some(public);
    c.secret = secret(at, "secret");
    // Keys: a JWKS URL or an inline JWKS, each behind its `use.*` switch; a registered certificate
    // (`jwt.credential.certificate`, used by `client-jwt`) is key material too, but only when no
    // JWKS switch is on: `ClientPublicKeyLoader` tries the URL, then the string, then the
    // certificate, so a certificate left next to a JWKS URL is never read.
    let use_url = attr_bool(at, "use.jwks.url").is_some_and(|f| f.value);
    if use_url {
        c.jwks_uri = attr_str(at, "jwks.url");
    }
    if attr_bool(at, "use.jwks.string").is_some_and(|f| f.value) {
        c.jwks = attr_str(at, "jwks.string").and_then(|f| jwk::jwks_in_string(&f));
    }
    if c.jwks.is_none() && !use_url {
        c.jwks = attr_str(at, "jwt.credential.certificate").map(|f| jwk::opaque(f.origin));
    }
    // A bearer-only client obtains no tokens (Keycloak refuses every flow for it), yet exports keep
    // flow switches on (`standardFlowEnabled: true` on the built-in `broker`). The grants are
    // modelled as written; the engine runs only type and metadata rules on a resource server.
    c.grants = Some(grants(at));
    // Keycloak has no response types: the flow switches decide, and the rules read the implicit
    // switch through `Grant::Implicit`.
    //
    // Redirect URIs are kept as written. Keycloak resolves relative ones (`/*`, `/app/*`) against
    // `rootUrl` (or `baseUrl`), so `/*` under `rootUrl: https://app.example.com` is a wildcard
    // below that origin; the redirect rules see the raw value, which is still a wildcard.
    c.redirect_uris = strings(at, "redirectUris");
    c.post_logout_redirect_uris = post_logout(at, c.redirect_uris.as_ref());
    // `+` (origins of the redirect URIs) and `*` are kept as written. When `webOrigins` is absent
    // Keycloak derives origins from http(s) redirect URIs on import; that is not modelled, since
    // exports always write the list.
    c.web_origins = strings(at, "webOrigins");
    c.pkce = pkce(at, realm);
    tokens(at, realm, &mut c);
    c.par_required = attr_bool(at, "require.pushed.authorization.requests");
    // `client-x509` matches the certificate's subject DN against this one attribute (a regex).
    c.tls_subject = Some(params(&[("x509.subjectdn", "tls_client_auth_subject_dn")], |k| {
        attr_str(at, k)
    }));
    c.algs = algs(&ALGS, |k| attr_str(at, k));
    // The login-screen links (`ClientModel.LOGO_URI`, `POLICY_URI`, `TOS_URI`) are attributes too.
    c.uris = params(
        &[
            ("frontchannel.logout.url", "frontchannel_logout_uri"),
            ("backchannel.logout.url", "backchannel_logout_uri"),
            ("logoUri", "logo_uri"),
            ("policyUri", "policy_uri"),
            ("tosUri", "tos_uri"),
        ],
        |k| attr_str(at, k),
    );
    c.consent_required = Some(boolean(at, "consentRequired").unwrap_or(Field::new(
        false,
        Origin::Default {
            why: "Keycloak creates clients with consentRequired false",
        },
    )));
    Some(c)
}

/// Client attributes naming JOSE algorithms, with their RFC 7591 / OIDC names.
pub(super) const ALGS: [(&str, &str); 14] = [
    ("token.endpoint.auth.signing.alg", "token_endpoint_auth_signing_alg"),
    ("access.token.signed.response.alg", "access_token_signed_response_alg"),
    ("id.token.signed.response.alg", "id_token_signed_response_alg"),
    ("id.token.encrypted.response.alg", "id_token_encrypted_response_alg"),
    ("id.token.encrypted.response.enc", "id_token_encrypted_response_enc"),
    ("user.info.response.signature.alg", "userinfo_signed_response_alg"),
    ("user.info.encrypted.response.alg", "userinfo_encrypted_response_alg"),
    ("user.info.encrypted.response.enc", "userinfo_encrypted_response_enc"),
    ("request.object.signature.alg", "request_object_signing_alg"),
    ("request.object.encryption.alg", "request_object_encryption_alg"),
    ("request.object.encryption.enc", "request_object_encryption_enc"),
    ("authorization.signed.response.alg", "authorization_signed_response_alg"),
    (
        "authorization.encrypted.response.alg",
        "authorization_encrypted_response_alg",
    ),
    (
        "authorization.encrypted.response.enc",
        "authorization_encrypted_response_enc",
    ),
];

/// A client attribute holding a whole number of seconds, as Keycloak reads it: `Ok(None)` when
/// absent or empty, `Err` when it is not an integer (unknown: the realm value must not stand in).
fn attr_number<'a>(at: &Cursor<'a>, key: &str) -> Result<Option<(i64, Cursor<'a>)>, ()> {
    let Some(c) = attr(at, key) else { return Ok(None) };
    let text = match &c.node.value {
        Value::Number(n) | Value::String(n) => n.trim(),
        _ => return Err(()),
    };
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(|n| Some((n, c))).map_err(|_| ())
}

/// A client session timeout attribute: `0` or absent defers to the realm (`SessionExpirationUtils`
/// only uses values above zero).
fn attr_seconds(at: &Cursor, key: &str) -> Result<Option<Field<Lifetime>>, ()> {
    match attr_number(at, key)? {
        None | Some((0, _)) => Ok(None),
        Some((n, c)) if n > 0 => Ok(Some(Field::new(Lifetime::Seconds(n as u64), origin(&c)))),
        Some(_) => Err(()),
    }
}

/// `access.token.lifespan` (`TokenManager.getTokenExpiration`): any number set is used as is, and
/// `-1` makes the token expire with the SSO session; empty or absent defers to the realm.
fn access_lifespan(at: &Cursor, realm: &Realm) -> Option<Field<Lifetime>> {
    match attr_number(at, "access.token.lifespan").ok()? {
        None => realm_lifetime(realm, "accessTokenLifespan"),
        Some((-1, _)) => realm_lifetime(realm, "ssoSessionMaxLifespan"),
        Some((n, c)) if n >= 0 => Some(Field::new(Lifetime::Seconds(n as u64), origin(&c))),
        Some(_) => None,
    }
}

/// A realm setting as context for its clients.
fn realm_lifetime(realm: &Realm, key: &str) -> Option<Field<Lifetime>> {
    lifetime(realm.at.as_ref()?, key).map(server)
}

/// The client's own value where it sets one, else the realm's. Keycloak caps a client's session
/// timeouts at the realm's (`SessionExpirationUtils`), so the shorter one wins when both are set.
fn client_or_realm(at: &Cursor, attr_key: &str, realm: &Realm, realm_key: &str) -> Option<Field<Lifetime>> {
    let own = attr_seconds(at, attr_key).ok()?;
    let secs = |f: &Field<Lifetime>| match f.value {
        Lifetime::Seconds(s) => s,
        Lifetime::Infinite => u64::MAX,
    };
    match (own, realm_lifetime(realm, realm_key)) {
        (Some(o), Some(r)) if secs(&r) < secs(&o) => Some(r),
        (Some(o), _) => Some(o),
        (None, r) => r,
    }
}

/// Token lifetimes, rotation and binding: the client's attributes, else the realm's settings
/// (`Origin::Server`). Absent realm settings stay unknown: a keycloak-config-cli file may update a
/// realm that already exists, whose settings the file does not show.
fn tokens(at: &Cursor, realm: &Realm, c: &mut Client) {
    let t = &mut c.tokens;
    // Keycloak issues implicit-flow tokens with the realm's implicit lifespan, never the client's.
    let implicit = c
        .grants
        .as_ref()
        .is_some_and(|g| g.iter().any(|f| f.value == Grant::Implicit));
    let access = access_lifespan(at, realm);
    let implicit_access = implicit
        .then(|| realm_lifetime(realm, "accessTokenLifespanForImplicitFlow"))
        .flatten();
    t.access_token_lifetime = longest(access.into_iter().chain(implicit_access));
    t.authorization_code_lifetime = realm_lifetime(realm, "accessCodeLifespan");
    t.refresh_rotation = realm
        .at
        .as_ref()
        .and_then(|r| boolean(r, "revokeRefreshToken"))
        .map(server);
    // Refresh tokens live as long as the session: the SSO session, or the offline session for
    // clients that may ask for `offline_access`.
    let mut idle: Vec<Field<Lifetime>> =
        client_or_realm(at, "client.session.idle.timeout", realm, "ssoSessionIdleTimeout")
            .into_iter()
            .collect();
    let mut max: Vec<Field<Lifetime>> =
        client_or_realm(at, "client.session.max.lifespan", realm, "ssoSessionMaxLifespan")
            .into_iter()
            .collect();
    if offline_scope(at, realm) {
        idle.extend(client_or_realm(
            at,
            "client.offline.session.idle.timeout",
            realm,
            "offlineSessionIdleTimeout",
        ));
        let max_enabled = realm
            .at
            .as_ref()
            .and_then(|r| boolean(r, "offlineSessionMaxLifespanEnabled"))
            .map(server);
        match max_enabled {
            // Without a maximum, an offline session lasts as long as it is used.
            Some(f) if !f.value => max.push(Field::new(Lifetime::Infinite, f.origin)),
            Some(_) => max.extend(client_or_realm(
                at,
                "client.offline.session.max.lifespan",
                realm,
                "offlineSessionMaxLifespan",
            )),
            None => {}
        }
    }
    t.refresh_idle_lifetime = longest(idle);
    t.refresh_absolute_lifetime = longest(max);
    t.dpop_bound = attr_bool(at, "dpop.bound.access.tokens");
    t.mtls_bound = attr_bool(at, "tls.client.certificate.bound.access.tokens");
}

/// Whether the client may request `offline_access`: in its default or optional client scopes, or,
/// for a client that lists neither, in the realm's defaults that Keycloak gives new clients.
fn offline_scope(at: &Cursor, realm: &Realm) -> bool {
    scope_lists_hold_offline(at, ["defaultClientScopes", "optionalClientScopes"])
        .or(realm.offline_scope)
        .unwrap_or(false)
}

/// Whether the scope lists `keys` of `on` hold `offline_access`; `None` when it has neither.
fn scope_lists_hold_offline(on: &Cursor, keys: [&str; 2]) -> Option<bool> {
    let lists: Vec<Cursor> = keys.iter().filter_map(|k| on.get(k)).collect();
    (!lists.is_empty()).then(|| {
        lists
            .iter()
            .any(|l| l.items().any(|s| s.as_str() == Some("offline_access")))
    })
}

fn pkce(at: &Cursor, realm: &Realm) -> crate::model::Pkce {
    let mut p = crate::model::Pkce::default();
    match attr(at, "pkce.code.challenge.method") {
        Some(c) => {
            if let Some(written) = c.as_str() {
                p.written.push(Field::new(written.to_string(), origin(&c)));
            }
            let method = match c.as_str().map(str::trim) {
                Some("S256") => Some(PkceMethod::S256),
                Some("plain") => Some(PkceMethod::Plain),
                Some("") | None => None,
                // Keycloak rejects other values; what the server would do is unknown.
                Some(_) => return p,
            };
            match method {
                Some(m) => {
                    p.required = Some(Field::new(true, origin(&c)));
                    p.methods = Some(Field::new(vec![m], origin(&c)));
                }
                // An empty value is "not required", unless a realm policy may still enforce it.
                None if realm.pkce_policy => {}
                None => p.required = Some(Field::new(false, origin(&c))),
            }
        }
        // See `pkce_policy`: an enforcing policy makes the requirement unknown, not false.
        None if realm.pkce_policy => {}
        None => {
            p.required = Some(Field::new(
                false,
                Origin::Default {
                    why: "Keycloak does not require PKCE unless pkce.code.challenge.method is set",
                },
            ))
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing::{self, grant_names};

    fn clients(text: &str) -> Vec<Client> {
        testing::read(&FORMAT, text, Syntax::Json)
    }

    fn detects(text: &str) -> bool {
        testing::detects(&FORMAT, text, Syntax::Json)
    }

    #[test]
    fn detects_realm_exports_and_clients() {
        let realm = r#"{"realm": "shop", "enabled": true, "clients": [{"clientId": "web"}]}"#;
        assert!(detects(realm));
        let partial = r#"{"ifResourceExists": "SKIP", "clients": [{"clientId": "web"}]}"#;
        assert!(detects(partial));
        let single = r#"{"clientId": "web", "publicClient": true}"#;
        assert!(detects(single));
        let legacy = r#"{"realm": "old", "applications": [{"name": "app", "publicClient": true}]}"#;
        assert_eq!(clients(legacy)[0].id.as_ref().unwrap().value, "app");
        // Other formats are left alone.
        for other in [
            r#"{"client_id": "x", "redirect_uris": ["https://a.example/cb"]}"#,
            r#"{"clients": [{"client_id": "x", "name": "y"}]}"#,
            r#"{"clientId": "x"}"#,
            r#"{"realm": "r", "clients": []}"#,
        ] {
            assert!(!detects(other), "{other}");
        }
    }

    #[test]
    fn leaves_gravitee_create_bodies_alone() {
        let body =
            r#"{"name": "Hotel", "type": "BROWSER", "clientId": "hotel", "redirectUris": ["https://h.example/cb"]}"#;
        assert!(!detects(body));
    }

    #[test]
    fn array_of_realms_points_into_each() {
        let text = r#"[
          {"realm": "a", "clients": [{"clientId": "one"}]},
          {"realm": "b", "clients": [{"clientId": "x"}, {"clientId": "y"}, {"clientId": "two"}]}
        ]"#;
        let cs = clients(text);
        assert_eq!(cs.len(), 4);
        assert_eq!(cs[0].pointer.as_str(), "/0/clients/0");
        assert_eq!(cs[3].pointer.as_str(), "/1/clients/2");
        assert_eq!(&text[cs[3].anchor.range()], "\"two\"");
        let Origin::File { pointer, .. } = &cs[3].id.as_ref().unwrap().origin else {
            panic!()
        };
        assert_eq!(pointer.as_str(), "/1/clients/2/clientId");
    }

    #[test]
    fn string_booleans_in_attributes() {
        let cs = clients(
            r#"{"clientId": "tv", "publicClient": "True", "standardFlowEnabled": false,
                "attributes": {"oauth2.device.authorization.grant.enabled": "true",
                               "oidc.ciba.grant.enabled": "False",
                               "standard.token.exchange.enabled": true,
                               "use.refresh.tokens": "false"}}"#,
        );
        let c = &cs[0];
        assert!(c.public.as_ref().unwrap().value);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
        assert_eq!(grant_names(c), ["device_code", "token-exchange"]);
        let Origin::File { pointer, .. } = &c.grant(&Grant::DeviceCode).unwrap().origin else {
            panic!()
        };
        assert_eq!(
            pointer.as_str(),
            "/attributes/oauth2.device.authorization.grant.enabled"
        );
    }

    #[test]
    fn pkce_attribute() {
        let text = r#"{"realm": "r", "clients": [
            {"clientId": "a", "attributes": {"pkce.code.challenge.method": "S256"}},
            {"clientId": "b", "attributes": {"pkce.code.challenge.method": "plain"}},
            {"clientId": "c", "attributes": {"pkce.code.challenge.method": ""}},
            {"clientId": "d"}]}"#;
        let cs = clients(text);
        let req = |i: usize| cs[i].pkce.required.as_ref().map(|f| f.value);
        assert_eq!(req(0), Some(true));
        assert_eq!(cs[0].pkce.methods.as_ref().unwrap().value, [PkceMethod::S256]);
        assert_eq!(cs[1].pkce.methods.as_ref().unwrap().value, [PkceMethod::Plain]);
        assert_eq!(req(2), Some(false));
        assert!(!cs[2].pkce.required.as_ref().unwrap().origin.is_default());
        assert_eq!(req(3), Some(false));
        assert!(cs[3].pkce.required.as_ref().unwrap().origin.is_default());
        // As written, for `unknown-metadata-value`; an unknown value leaves the requirement unknown.
        let written = |i: usize| cs[i].pkce.written.iter().map(|f| f.value.clone()).collect::<Vec<_>>();
        assert_eq!(
            (written(0), written(2), written(3)),
            (vec!["S256".to_string()], vec![String::new()], vec![])
        );
        let typo = clients(&text.replace("\"plain\"", "\"s256\""));
        assert_eq!(typo[1].pkce.written[0].value, "s256");
        assert!(typo[1].pkce.required.is_none() && typo[1].pkce.methods.is_none());
    }

    #[test]
    fn pkce_enforcer_policy_makes_pkce_unknown() {
        let text = r#"{"realm": "r",
            "clientProfiles": {"profiles": [{"name": "pkce", "executors": [{"executor": "pkce-enforcer", "configuration": {"auto-configure": "true"}}]}]},
            "clientPolicies": {"policies": [{"name": "p", "enabled": true, "conditions": [], "profiles": ["pkce"]}]},
            "clients": [{"clientId": "a"}]}"#;
        assert!(clients(text)[0].pkce.required.is_none());
        let disabled = text.replace("\"enabled\": true", "\"enabled\": false");
        assert!(!clients(&disabled)[0].pkce.required.as_ref().unwrap().value);
        let unused = text.replace("\"profiles\": [\"pkce\"]", "\"profiles\": []");
        assert!(!clients(&unused)[0].pkce.required.as_ref().unwrap().value);
    }

    #[test]
    fn post_logout_uris_split() {
        let text = r#"{"clientId": "web", "redirectUris": ["https://app.example.com/cb", "https://app.example.com/cb2"],
            "attributes": {"post.logout.redirect.uris": "https://app.example.com/bye##http://old.example.com/"}}"#;
        let cs = clients(text);
        let pl = cs[0].post_logout_redirect_uris.as_ref().unwrap();
        let values: Vec<&str> = pl.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(values, ["https://app.example.com/bye", "http://old.example.com/"]);
        let Origin::File { span, .. } = &pl.items[1].origin else {
            panic!()
        };
        assert_eq!(&text[span.range()], "http://old.example.com/");

        let plus = text.replace("https://app.example.com/bye##http://old.example.com/", "+");
        let cs = clients(&plus);
        assert_eq!(cs[0].post_logout_redirect_uris.as_ref().unwrap().items.len(), 2);
        let minus = text.replace("https://app.example.com/bye##http://old.example.com/", "-");
        assert!(clients(&minus)[0]
            .post_logout_redirect_uris
            .as_ref()
            .unwrap()
            .is_empty());
    }

    #[test]
    fn builtins_are_marked() {
        let text = r#"{"realm": "master", "clients": [
            {"clientId": "admin-cli", "publicClient": true, "directAccessGrantsEnabled": true},
            {"clientId": "shop-realm", "bearerOnly": true},
            {"clientId": "custom", "attributes": {"realm_client": "true"}},
            {"clientId": "my-app"}]}"#;
        let cs = clients(text);
        let b: Vec<bool> = cs.iter().map(|c| c.builtin).collect();
        assert_eq!(b, [true, true, true, false]);
        assert_eq!(cs[1].declared.as_ref().unwrap().value, Declared::ResourceServer);
        // Its flow switches are modelled as Keycloak stores them; the engine decides what runs.
        assert!(cs[1].has_grant(&Grant::AuthorizationCode));
        // `<realm>-realm` is built in only in master.
        let other = text.replace("\"master\"", "\"shop\"");
        assert!(!clients(&other)[1].builtin);
    }

    #[test]
    fn saml_clients_are_skipped() {
        let text = r#"{"realm": "r", "clients": [
            {"clientId": "https://sp.example.com/saml", "protocol": "saml"},
            {"clientId": "oidc", "protocol": "openid-connect"}]}"#;
        let cs = clients(text);
        assert_eq!(cs.len(), 1);
        assert_eq!(cs[0].id.as_ref().unwrap().value, "oidc");
        assert_eq!(cs[0].pointer.as_str(), "/clients/1");
    }

    #[test]
    fn defaults_for_absent_members() {
        let cs = clients(r#"{"clientId": "web", "redirectUris": ["https://app.example.com/cb"]}"#);
        let c = &cs[0];
        assert!(c.enabled);
        assert_eq!(c.doc_kind, DocKind::Registered);
        assert!(!c.public.as_ref().unwrap().value);
        assert!(c.public.as_ref().unwrap().origin.is_default());
        assert!(c.auth_method.is_none());
        assert_eq!(grant_names(c), ["authorization_code", "refresh_token"]);
        assert!(c.grant(&Grant::AuthorizationCode).unwrap().origin.is_default());
        assert!(c.response_types.is_none());
    }

    #[test]
    fn flags_secrets_and_keys() {
        let cs = clients(
            r#"{"clientId": "svc", "enabled": false, "publicClient": false, "standardFlowEnabled": false,
                "serviceAccountsEnabled": true, "directAccessGrantsEnabled": true, "implicitFlowEnabled": true,
                "clientAuthenticatorType": "client-jwt", "secret": "**********",
                "attributes": {"use.jwks.url": "true", "jwks.url": "https://svc.example.com/jwks",
                               "jwt.credential.certificate": "MIICqTCCAZECBgGL",
                               "oauth2.jwt.authorization.grant.enabled": "true"}}"#,
        );
        let c = &cs[0];
        assert!(
            c.jwks.is_none(),
            "a certificate next to a JWKS URL is not read by Keycloak"
        );
        let links = clients(
            r#"{"clientId": "app", "publicClient": true, "attributes": {"logoUri": "https://app.example.com/logo.png",
                "policyUri": "", "tosUri": "https://app.example.com/tos"}}"#,
        );
        let uris: Vec<_> = links[0]
            .uris
            .iter()
            .map(|p| (p.param, p.value.value.as_str()))
            .collect();
        assert_eq!(
            uris,
            [
                ("logo_uri", "https://app.example.com/logo.png"),
                ("tos_uri", "https://app.example.com/tos")
            ]
        );
        assert!(!c.enabled);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "private_key_jwt");
        assert_eq!(c.secret.as_ref().unwrap().kind, crate::model::SecretKind::Masked);
        assert_eq!(c.jwks_uri.as_ref().unwrap().value, "https://svc.example.com/jwks");
        assert_eq!(
            grant_names(c),
            [
                "implicit",
                "password",
                "client_credentials",
                "jwt-bearer",
                "refresh_token"
            ]
        );
    }

    fn secs(f: &Option<Field<Lifetime>>) -> Option<u64> {
        match f.as_ref()?.value {
            Lifetime::Seconds(s) => Some(s),
            Lifetime::Infinite => None,
        }
    }

    #[test]
    fn a_client_listing_no_scopes_gets_offline_access_from_the_realm_defaults() {
        let text = r#"{"realm": "r", "ssoSessionIdleTimeout": 1800, "offlineSessionIdleTimeout": 2592000,
            "defaultDefaultClientScopes": ["profile"], "defaultOptionalClientScopes": ["offline_access"],
            "clients": [{"clientId": "lists-none"}, {"clientId": "lists-its-own", "defaultClientScopes": ["profile"]}]}"#;
        let cs = clients(text);
        assert_eq!(secs(&cs[0].tokens.refresh_idle_lifetime), Some(2592000));
        assert_eq!(secs(&cs[1].tokens.refresh_idle_lifetime), Some(1800));
    }

    #[test]
    fn realm_settings_are_server_context_and_client_attributes_win() {
        let text = r#"{"realm": "r", "accessTokenLifespan": 300, "accessTokenLifespanForImplicitFlow": 900,
            "accessCodeLifespan": 60, "ssoSessionIdleTimeout": 1800, "ssoSessionMaxLifespan": 36000,
            "offlineSessionIdleTimeout": 2592000, "offlineSessionMaxLifespanEnabled": false,
            "revokeRefreshToken": true,
            "clients": [
              {"clientId": "a", "attributes": {"access.token.lifespan": "60", "client.session.idle.timeout": "600",
                 "dpop.bound.access.tokens": "true", "tls.client.certificate.bound.access.tokens": "false",
                 "require.pushed.authorization.requests": "true", "id.token.signed.response.alg": "PS256",
                 "request.object.signature.alg": ""},
               "consentRequired": true},
              {"clientId": "b", "implicitFlowEnabled": true, "optionalClientScopes": ["offline_access"],
               "attributes": {"access.token.lifespan": "", "client.session.idle.timeout": "99999"}},
              {"clientId": "c", "attributes": {"access.token.lifespan": "-1", "dpop.bound.access.tokens": "required"}},
              {"clientId": "d", "attributes": {"access.token.lifespan": "1h", "client.session.max.lifespan": "x"}}]}"#;
        let cs = clients(text);
        let (a, b, c) = (&cs[0], &cs[1], &cs[2]);
        assert_eq!(secs(&a.tokens.access_token_lifetime), Some(60));
        assert!(matches!(
            a.tokens.access_token_lifetime.as_ref().unwrap().origin,
            Origin::File { .. }
        ));
        assert_eq!(secs(&a.tokens.refresh_idle_lifetime), Some(600));
        assert_eq!(secs(&a.tokens.refresh_absolute_lifetime), Some(36000));
        let Origin::Server { pointer, span } = &a.tokens.refresh_absolute_lifetime.as_ref().unwrap().origin else {
            panic!("a realm setting")
        };
        assert_eq!(pointer.as_str(), "/ssoSessionMaxLifespan");
        assert_eq!(&text[span.range()], "36000");
        assert!(a.tokens.refresh_rotation.as_ref().unwrap().value);
        assert_eq!(secs(&a.tokens.authorization_code_lifetime), Some(60));
        assert!(a.tokens.dpop_bound.as_ref().unwrap().value);
        assert!(!a.tokens.mtls_bound.as_ref().unwrap().value);
        assert!(a.par_required.as_ref().unwrap().value);
        assert_eq!(a.algs.len(), 1);
        assert_eq!(a.algs[0].param, "id_token_signed_response_alg");
        assert!(a.consent_required.as_ref().unwrap().value);
        // Implicit tokens get the realm's implicit lifespan; the client's session timeout is capped
        // by the realm's; offline_access brings the offline session, here without a maximum.
        assert_eq!(secs(&b.tokens.access_token_lifetime), Some(900));
        assert_eq!(secs(&b.tokens.refresh_idle_lifetime), Some(2592000));
        assert_eq!(
            b.tokens.refresh_absolute_lifetime.as_ref().unwrap().value,
            Lifetime::Infinite
        );
        assert!(!b.consent_required.as_ref().unwrap().value);
        assert!(b.consent_required.as_ref().unwrap().origin.is_default());
        // `-1`: the token lives as long as the SSO session.
        assert_eq!(secs(&c.tokens.access_token_lifetime), Some(36000));
        // Values Keycloak would not read as seconds or booleans are unknown.
        assert!(c.tokens.dpop_bound.is_none());
        assert!(cs[3].tokens.access_token_lifetime.is_none());
        assert!(cs[3].tokens.refresh_absolute_lifetime.is_none());
    }

    #[test]
    fn a_bare_client_has_no_realm_context() {
        let c = &clients(r#"{"clientId": "web", "redirectUris": ["https://app.example.com/cb"]}"#)[0];
        assert!(c.tokens.access_token_lifetime.is_none());
        assert!(c.tokens.refresh_rotation.is_none());
        assert!(c.tokens.refresh_idle_lifetime.is_none());
    }
}
