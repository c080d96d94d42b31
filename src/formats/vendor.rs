//! What a provider does that a plain RFC 7591 / OIDC reading of its files would get wrong, as facts
//! each adapter declares in its `FORMAT`: rules read these instead of testing the format's name.
//!
//! Each fact is named for what the vendor does, not for the rule that uses it. Where the question
//! is whether one value was written or supplied by the vendor, the value's [`crate::model::Origin`]
//! says so instead.
//!
//! Most facts belong to one vendor today, and the findings they shape may still use that vendor's
//! words (Keycloak's `serviceAccountsEnabled`); a second vendor with the same fact needs its own.

use crate::model::Grant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vendor {
    /// The product's name, for messages about the facts below ("Keycloak refuses …").
    pub product: &'static str,
    /// The file configures a client application's use of registrations made elsewhere, not the
    /// server's registrations: one client_id may serve several of its entries (Spring Security's
    /// `registration.<id>` per flow), and nothing in it tells the server what to keep.
    pub configures_client_app: bool,
    /// A relative redirect URI (`/cb`, `/*`) is resolved against the client's root URL, while web
    /// origins are compared as written (Keycloak).
    pub resolves_relative_redirects: bool,
    /// `+` among the web origins stands for the origins of the redirect URIs (Keycloak).
    pub plus_web_origin: bool,
    /// The server rejects every login whose redirect URI is not registered, so a redirect grant with
    /// no redirect URIs is a dead flow rather than an open redirector; the advice, in the format's
    /// own terms (Keycloak, Auth0).
    pub rejects_unregistered_redirects: Option<&'static str>,
    /// Hybrid response types (`code token`, `code id_token`) run under the `authorization_code`
    /// grant and are listed on new clients by default (Gravitee AM, docs/providers.md); the advice.
    pub hybrid_under_code_grant: Option<&'static str>,
    /// The RFC 7523 assertion grant is verified with keys held outside the client: Keycloak's
    /// trusted identity provider, Gravitee AM's extension grant (`<urn>~<id>`), Ory Hydra's trust
    /// relationships (`/admin/trust/grants/jwt-bearer/issuers`), or the authorization server a
    /// Spring Security client sends its assertions to.
    pub assertion_keys_outside_client: bool,
    /// Client keys and certificates are registered through the vendor's own API, so the client file
    /// never shows them (Zitadel, Entra, Auth0); or the file configures the client application,
    /// whose private key lives in code and whose public key the server holds (Spring Security).
    pub keys_registered_out_of_band: bool,
    /// A registered client's document is the whole registration, its secret included (an RFC 7591
    /// registration response), so a secret it does not show does not exist. Keycloak and Gravitee
    /// AM, by contrast, generate a secret when an imported client has none.
    pub registration_shows_secret: bool,
    /// A registration request may send `response_types: []` for a client that never uses the
    /// authorization endpoint (plain RFC 7591). Hydra reads `[]` as `code` again.
    pub keeps_empty_response_types: bool,
    /// Exports write the product's defaults as values (Keycloak's `consentRequired: false` in
    /// every client), so such a value in the file says nothing about a choice.
    pub exports_defaults: bool,
    /// A `request_object_signing_alg` value meaning "whatever the client signs with" rather than an
    /// algorithm (Keycloak's `any`).
    pub request_object_alg_wildcard: Option<&'static str>,
    /// Public-client templates (Gravitee AM's BROWSER and NATIVE) generate a secret next to the
    /// auth method `none`; the server never checks it.
    pub secret_generated_for_public: bool,
    /// Every client of this kind is issued a secret whether or not it uses one, and its browser
    /// origins serve flows that never send it (Google's web clients: Google Identity Services in the
    /// browser, its code model handing the code to the backend), so a secret beside origins does
    /// not mean the browser holds it.
    pub secret_issued_to_every_client: bool,
    /// Grants the server refuses to a client stated public (Keycloak: "Public client not allowed to
    /// retrieve service account", "Public client is not allowed to exchange token"; Ory Hydra's
    /// fosite: "The OAuth 2.0 Client is marked as public and is thus not allowed to use
    /// authorization grant 'client_credentials'").
    pub refused_to_public: &'static [Grant],
    /// Private-use scheme prefixes that belong to the vendor's host apps and that it requires, so the
    /// developer has no other to pick (Entra's nested app authentication, `brk-<broker>://`).
    pub host_app_schemes: &'static [&'static str],
    /// Grant types the vendor defines outside the IANA registry under plain names (Okta's
    /// Interaction Code grant, docs/providers.md).
    pub extra_grant_types: &'static [&'static str],
    /// The vendor names the OAuth grants with a closed list of words of its own and rejects any
    /// other (Cognito's `AllowedOAuthFlows`). The adapter keeps each word as written in
    /// [`crate::model::Client::grant_words`]; any other grant it models is the vendor's own (Cognito's
    /// sign-in flows), not a misspelt registry name.
    pub grant_words: Option<GrantWords>,
    /// Client authentication is a plugin point named by an id of the vendor's own, so an id the
    /// adapter does not map is a custom authenticator, not a misspelt registry value (Keycloak's
    /// `ClientAuthenticatorFactory` SPI).
    pub pluggable_client_auth: bool,
    /// The folder of the vendor's deploy tool in which each file is one client of one tenant, and
    /// clients are matched by `name` (auth0-deploy-cli's `clients/<name>.json`).
    pub tenant_client_folder: Option<&'static str>,
    /// A loopback redirect URI the vendor writes into every native client's file itself, which the
    /// user cannot change there, and the loopback URIs it accepts in its place (Google).
    pub generated_loopback_redirect: Option<GeneratedRedirect>,
    /// Keys of the vendor's files whose values are secrets although their names do not say so to
    /// the generic scan ([`crate::mask::secret_key`]): Keycloak keeps the previous client secret,
    /// still valid during a rotation, in the attribute `client.secret.rotated`
    /// (`ClientSecretConstants.CLIENT_ROTATED_SECRET`), and a user's hashed password in
    /// `secretData` (`CredentialRepresentation`). Its realm key providers' `privateKey`, `secret`
    /// and `keystorePassword` need no entry: their names say what they are.
    pub secret_keys: &'static [&'static str],
    /// What a public client that registers no redirect URIs may redirect to instead, in the
    /// vendor's words (Dex's `validateRedirectURI`: `http://localhost` on any port and path, and the
    /// out-of-band URN), so its redirect grant is neither dead nor an open redirector.
    pub public_default_redirects: Option<&'static str>,
    /// The browser origins in the file are the server's CORS allow-list for every endpoint (Dex's
    /// `web.allowedOrigins`), not origins a client registered: they say nothing about where any
    /// one client runs.
    pub origins_are_server_cors: bool,
    /// The server refuses a bearer-only client every login and token request, so the flow switches
    /// its exports still write on one have no effect (Keycloak's `AuthorizationEndpoint` and
    /// `TokenEndpoint` reject `bearerOnly` clients; exports keep `standardFlowEnabled: true`).
    pub bearer_only_refuses_flows: bool,
    /// The server requires PKCE to redeem a code sent to a redirect URI of its browser-app platform,
    /// in the vendor's words (Entra's `spa` platform, AADSTS9002325).
    pub spa_platform_requires_pkce: Option<&'static str>,
    /// The server reads the RFC 7591 list members (`redirect_uris`, `response_types`, `grant_types`,
    /// …) as JSON arrays only: a single string is refused or read as no list at all (RFC 7591 §2;
    /// Ory Hydra decodes them into Go string slices). Formats that allow a single value or a comma
    /// list (Spring) leave this off.
    pub metadata_lists_are_arrays: bool,
    /// Members of the client that each enable one grant, and the value that turns the grant off
    /// (Keycloak's `implicitFlowEnabled: false`, Entra's `oauth2AllowImplicitFlow: false`): a fix
    /// that drops a grant turns its switch off where the format has no grant list.
    pub grant_switches: &'static [Member],
    /// The server has no setting that makes it require PKCE of one client, in the vendor's words
    /// (Cognito): whether codes are protected is up to the app, so a public client using codes is
    /// asked to send PKCE (a note) rather than to turn on a switch that does not exist.
    pub pkce_not_enforceable: Option<&'static str>,
    /// The member that makes the server require PKCE with `S256` of this client, and its value
    /// (Keycloak's attribute `pkce.code.challenge.method: S256`, Gravitee AM's `forcePKCE: true`).
    pub pkce_switch: Option<Member>,
    /// The member beside [`Vendor::pkce_switch`] that limits PKCE to `S256` where the switch alone
    /// accepts `plain` too (Gravitee AM's `forceS256CodeChallengeMethod: true`).
    pub pkce_s256_switch: Option<Member>,
    /// How the files write the authorization code grant and the `code` response type, for a fix
    /// that moves a client to the code flow (Zitadel's `OIDC_GRANT_TYPE_AUTHORIZATION_CODE`).
    pub code_flow_words: CodeFlowWords,
    /// The switch that turns the code flow on, where the format has switches instead of a grant
    /// list (Keycloak's `standardFlowEnabled: true`).
    pub code_flow_switch: Option<Member>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeFlowWords {
    pub grant: &'static str,
    pub response_type: &'static str,
}

/// One member of a client's settings, with the value a fix writes there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The object that holds it, as keys from the client object (`["attributes"]`).
    pub object: &'static [&'static str],
    pub key: &'static str,
    pub value: Setting,
}

/// A value a vendor fact names, written as the vendor's files write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Bool(bool),
    /// A string, also for booleans kept in string maps (Keycloak's `"false"` attributes).
    Str(&'static str),
}

/// A [`Member`], in the short form the vendors' `FORMAT`s list them.
pub const fn member(object: &'static [&'static str], key: &'static str, value: Setting) -> Member {
    Member { object, key, value }
}

impl Setting {
    pub fn literal(self) -> crate::fix::Literal {
        match self {
            Setting::Bool(b) => crate::fix::Literal::Bool(b),
            Setting::Str(s) => crate::fix::Literal::String(s.to_string()),
        }
    }
}

/// A vendor's own words for grants, and the member that holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrantWords {
    /// The member, for messages (`AllowedOAuthFlows`).
    pub member: &'static str,
    /// Each word and the grant it means.
    pub words: &'static [(&'static str, Grant)],
}

impl GrantWords {
    /// The grant `word` means: the vendor's word, or the registry name of a grant the vendor
    /// spells otherwise (the intent of `authorization_code` is plain even where only `code` is
    /// accepted).
    pub fn meaning(&self, word: &str) -> Grant {
        let known = |g: &Grant| self.words.iter().any(|(_, w)| w == g);
        self.words
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, g)| g.clone())
            .or_else(|| Some(Grant::parse(word)).filter(known))
            .unwrap_or_else(|| Grant::Other(word.to_string()))
    }
}

/// A redirect URI the vendor generates, and what it accepts for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedRedirect {
    /// The URI exactly as the vendor writes it.
    pub uri: &'static str,
    /// The vendor's name, for messages.
    pub vendor: &'static str,
    /// A loopback URI the vendor accepts in its place, as the app should send it.
    pub accepted: &'static str,
}

impl Vendor {
    /// A provider that follows RFC 7591 / OIDC Registration where its files can express it.
    pub const STANDARD: Vendor = Vendor {
        product: "the server",
        configures_client_app: false,
        resolves_relative_redirects: false,
        plus_web_origin: false,
        rejects_unregistered_redirects: None,
        hybrid_under_code_grant: None,
        assertion_keys_outside_client: false,
        keys_registered_out_of_band: false,
        registration_shows_secret: false,
        keeps_empty_response_types: false,
        exports_defaults: false,
        request_object_alg_wildcard: None,
        secret_generated_for_public: false,
        secret_issued_to_every_client: false,
        refused_to_public: &[],
        host_app_schemes: &[],
        extra_grant_types: &[],
        grant_words: None,
        pluggable_client_auth: false,
        tenant_client_folder: None,
        generated_loopback_redirect: None,
        secret_keys: &[],
        public_default_redirects: None,
        origins_are_server_cors: false,
        bearer_only_refuses_flows: false,
        spa_platform_requires_pkce: None,
        pkce_not_enforceable: None,
        metadata_lists_are_arrays: false,
        grant_switches: &[],
        pkce_switch: None,
        pkce_s256_switch: None,
        code_flow_words: CodeFlowWords {
            grant: "authorization_code",
            response_type: "code",
        },
        code_flow_switch: None,
    };
}
