//! The normalised client every adapter fills and every rule reads.
//!
//! Each value carries its [`Origin`]: read from the file (with pointer and span), a format default,
//! or a server-level setting found in the same file. A field that is `None` is *unknown*: the file
//! does not say and the format has no default, and rules must say so rather than guess.

use crate::document::{CommentedItem, Pointer, Span};
use crate::formats::{Format, Vendor};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Read from the file.
    File { pointer: Pointer, span: Span },
    /// Not in the file: the format's documented default (`why` says which).
    Default { why: &'static str },
    /// A setting outside the client, found in the same file (a realm, a provider block).
    Server { pointer: Pointer, span: Span },
    /// Set in another file of the client's Terraform module, by a resource the client is joined
    /// with (`auth0_client_credentials`): written by the user, but with no place in this file, so
    /// findings about it anchor at the client and say where it is.
    Joined(Box<Joined>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    /// The resource's address (`auth0_client_credentials.app`).
    pub by: String,
    /// The file's name (`creds.tf`).
    pub file: String,
    /// Where the value is in that file.
    pub pointer: Pointer,
}

impl Origin {
    pub fn file(pointer: Pointer, span: Span) -> Self {
        Origin::File { pointer, span }
    }
    pub fn is_default(&self) -> bool {
        matches!(self, Origin::Default { .. })
    }
    /// For a value set in another file: "set by `auth0_client_credentials.app` in creds.tf".
    pub fn elsewhere(&self) -> Option<String> {
        match self {
            Origin::Joined(j) => Some(format!("set by `{}` in {}", j.by, j.file)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Field<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Field { value, origin }
    }
}

/// A list-valued setting: where the list itself came from, and each item.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T> {
    pub origin: Origin,
    pub items: Vec<Field<T>>,
}

impl<T> List<T> {
    pub fn iter(&self) -> impl Iterator<Item = &Field<T>> {
        self.items.iter()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// What kind of registration document the client comes from (docs/rules-background.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// An RFC 7591 request: no `client_id`, RFC 7591 defaults apply, the server issues the secret.
    RegistrationRequest,
    /// A registered client or an export of one (has a `client_id`).
    Registered,
    /// A client ID metadata document: `client_id` is an https URL.
    MetadataDocument,
}

/// A vendor's own statement of what the client is (signal S2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    Spa,
    Native,
    Web,
    /// A server-side web app registered as a public client that relies on PKCE instead of a
    /// credential (Zitadel's web app with the "PKCE" auth method).
    PublicWeb,
    M2m,
    Device,
    /// Keycloak `bearerOnly`, Gravitee `RESOURCE_SERVER`: not a client that obtains tokens.
    ResourceServer,
}

impl Declared {
    pub fn is_public(self) -> bool {
        matches!(
            self,
            Declared::Spa | Declared::Native | Declared::PublicWeb | Declared::Device
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grant {
    AuthorizationCode,
    Implicit,
    Password,
    ClientCredentials,
    RefreshToken,
    DeviceCode,
    JwtBearer,
    Saml2Bearer,
    TokenExchange,
    Ciba,
    Other(String),
}

impl Grant {
    /// Reads a grant type as RFC 7591 and the vendors write it.
    pub fn parse(s: &str) -> Grant {
        match s {
            "authorization_code" => Grant::AuthorizationCode,
            "implicit" => Grant::Implicit,
            "password" | "http://auth0.com/oauth/grant-type/password-realm" => Grant::Password,
            "client_credentials" => Grant::ClientCredentials,
            "refresh_token" => Grant::RefreshToken,
            "urn:ietf:params:oauth:grant-type:device_code" => Grant::DeviceCode,
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => Grant::JwtBearer,
            "urn:ietf:params:oauth:grant-type:saml2-bearer" => Grant::Saml2Bearer,
            "urn:ietf:params:oauth:grant-type:token-exchange" => Grant::TokenExchange,
            "urn:openid:params:grant-type:ciba" => Grant::Ciba,
            other => Grant::Other(other.to_string()),
        }
    }
    /// Grants that send the user's browser through the authorization endpoint.
    pub fn is_redirect_based(&self) -> bool {
        matches!(self, Grant::AuthorizationCode | Grant::Implicit)
    }
    /// Grants by which a client acts for a user rather than for itself.
    pub fn is_user_delegation(&self) -> bool {
        matches!(
            self,
            Grant::AuthorizationCode | Grant::Implicit | Grant::Password | Grant::DeviceCode | Grant::Ciba
        )
    }
}

impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Grant::AuthorizationCode => "authorization_code",
            Grant::Implicit => "implicit",
            Grant::Password => "password",
            Grant::ClientCredentials => "client_credentials",
            Grant::RefreshToken => "refresh_token",
            Grant::DeviceCode => "device_code",
            Grant::JwtBearer => "jwt-bearer",
            Grant::Saml2Bearer => "saml2-bearer",
            Grant::TokenExchange => "token-exchange",
            Grant::Ciba => "ciba",
            Grant::Other(s) => s,
        })
    }
}

/// One `response_types` entry: a space-separated, order-insensitive set of tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseType {
    pub code: bool,
    pub token: bool,
    pub id_token: bool,
    pub none: bool,
    /// Tokens that are none of the above.
    pub unknown: Vec<String>,
}

impl ResponseType {
    pub fn parse(s: &str) -> ResponseType {
        let mut rt = ResponseType {
            code: false,
            token: false,
            id_token: false,
            none: false,
            unknown: Vec::new(),
        };
        for part in s.split_ascii_whitespace() {
            match part {
                "code" => rt.code = true,
                "token" => rt.token = true,
                "id_token" => rt.id_token = true,
                "none" => rt.none = true,
                other => rt.unknown.push(other.to_string()),
            }
        }
        rt
    }
    /// Returns an access token from the authorization endpoint (the implicit part).
    pub fn issues_front_channel_access_token(&self) -> bool {
        self.token
    }
}

impl fmt::Display for ResponseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<&str> = [
            (self.code, "code"),
            (self.id_token, "id_token"),
            (self.token, "token"),
            (self.none, "none"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .chain(self.unknown.iter().map(String::as_str))
        .collect();
        f.write_str(&parts.join(" "))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PkceMethod {
    S256,
    Plain,
}

/// Whether the server will insist on PKCE for this client, as far as the file says.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pkce {
    /// `None`: the format cannot express it, or the file leaves it to server policy.
    pub required: Option<Field<bool>>,
    /// Methods the client may use; `None` when not restricted or not known.
    pub methods: Option<Field<Vec<PkceMethod>>>,
    /// Each method name as the file writes it (`S256`, `plain`, or a typo such as `s256`), for
    /// `unknown-metadata-value`; `methods` holds only the ones understood.
    pub written: Vec<Field<String>>,
}

/// How a secret is written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    /// A literal secret.
    Plaintext,
    /// A password hash or digest (`$argon2id$…`, `{bcrypt}…`).
    Hashed,
    /// A pointer to where the secret lives (`secretName`, `secretEnv`, `GenerateSecret: true`).
    Reference,
    /// Holds a template placeholder (`${VAR}`, `{{ … }}`, `@@KEY@@`, `<client-secret>`; see
    /// [`crate::placeholder`]): the secret is filled in later.
    Placeholder,
    /// A masked export value (`**********`).
    Masked,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Secret {
    pub kind: SecretKind,
    /// The secret itself. Never printed: use [`crate::redact`] for any output.
    pub value: String,
    pub origin: Origin,
}

impl SecretKind {
    /// Classifies a literal secret value as written in a file.
    pub fn of(value: &str) -> SecretKind {
        let v = value.trim();
        if !v.is_empty() && v.chars().all(|c| c == '*') {
            SecretKind::Masked
        } else if v.starts_with("$argon2")
            || v.starts_with("$pbkdf2")
            || v.starts_with("$2a$")
            || v.starts_with("$2b$")
            || v.starts_with("$2y$")
            || v.starts_with("$scrypt$")
            || v.starts_with("$sha")
            || v.starts_with("{bcrypt}")
            || v.starts_with("{pbkdf2}")
            || v.starts_with("{scrypt}")
            || v.starts_with("{argon2}")
            || v.starts_with("{sha256}")
        {
            SecretKind::Hashed
        } else if crate::placeholder::any(v) {
            // After the hashes: `$argon2id$…` starts like a `$NAME` variable.
            SecretKind::Placeholder
        } else {
            SecretKind::Plaintext
        }
    }
}

/// One client, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// The format's name, as in the JSON output (`rfc7591`, `keycloak`, `gravitee-am`).
    pub format: &'static str,
    /// What the format's provider does differently from RFC 7591 / OIDC.
    pub vendor: &'static Vendor,
    /// Where the client object is.
    pub pointer: Pointer,
    /// Where findings about the client as a whole point: its id, or the object's opening.
    pub anchor: Span,
    pub id: Option<Field<String>>,
    pub name: Option<String>,
    /// A client the server creates itself (Keycloak's `admin-cli`, `account`, …).
    pub builtin: bool,
    /// False when the file disables the client.
    pub enabled: bool,
    pub doc_kind: DocKind,
    /// S2: the vendor's type field.
    pub declared: Option<Field<Declared>>,
    /// S3: OIDC `application_type` (`web` or `native`, as written).
    pub application_type: Option<Field<String>>,
    /// OIDC `subject_type` (`public` or `pairwise`), as written.
    pub subject_type: Option<Field<String>>,
    /// S4: the vendor's confidentiality flag; `true` means public.
    pub public: Option<Field<bool>>,
    /// S5: `token_endpoint_auth_method`, in RFC 7591 names.
    pub auth_method: Option<Field<String>>,
    /// S6: the client secret.
    pub secret: Option<Secret>,
    /// RFC 7592 `registration_access_token`: a bearer credential for managing the registration.
    pub registration_access_token: Option<Secret>,
    /// A key set registered by value (`jwks`, or vendor key material such as a certificate).
    pub jwks: Option<Field<Jwks>>,
    pub jwks_uri: Option<Field<String>>,
    /// Other URIs of the registration metadata (`logo_uri`, `sector_identifier_uri`, each entry of
    /// `request_uris`, …), under their RFC 7591 / OIDC names.
    pub uris: Vec<Param>,
    /// The authorization server a client-side configuration names (RFC 8414 `issuer`).
    pub issuer: Option<Field<String>>,
    pub grants: Option<List<Grant>>,
    pub response_types: Option<List<ResponseType>>,
    pub redirect_uris: Option<List<String>>,
    pub post_logout_redirect_uris: Option<List<String>>,
    /// CORS / web origins (not standard; Keycloak `webOrigins`, Hydra `allowed_cors_origins`).
    pub web_origins: Option<List<String>>,
    pub pkce: Pkce,
    /// The `scope` string, as written.
    pub scope: Option<Field<String>>,
    /// S10: registered per installation (`software_statement`), so a secret is not shared.
    pub per_instance: bool,
    pub tokens: Tokens,
    /// JOSE algorithms the client is registered with, under their RFC 7591 / OIDC names.
    pub algs: Vec<Alg>,
    /// The vendor marks the client first party / trusted (Auth0 `is_first_party`, Okta `TRUSTED`).
    pub first_party: Option<Field<bool>>,
    /// False when the server skips the consent screen for this client (Authelia `consent_mode:
    /// implicit`, Hydra `skip_consent`, Keycloak `consentRequired: false`).
    pub consent_required: Option<Field<bool>>,
    /// RFC 9126 `require_pushed_authorization_requests`.
    pub par_required: Option<Field<bool>>,
    /// Each grant word as the file writes it, where the vendor has a closed list of its own
    /// ([`Vendor::grant_words`]), for `unknown-metadata-value`; `grants` holds what each means.
    pub grant_words: Vec<Field<String>>,
    /// The client object's member names, where a misspelt key can be told from an extension.
    pub members: Option<Members>,
    /// RFC 8705 §2.1.2: the `tls_client_auth_subject_*` parameters that name the client's
    /// certificate, as read; `None` where the format has no such fields.
    pub tls_subject: Option<Vec<Param>>,
    /// RFC 9101 `require_signed_request_object`.
    pub signed_request_required: Option<Field<bool>>,
    /// Client-side configs: the authorization endpoint the client sends users to (RFC 6749 §3.1).
    pub authorization_endpoint: Option<Field<String>>,
    /// The environment variable the server reads the id from, when the file names one instead of
    /// the id (Dex `idEnv`).
    pub id_env: Option<String>,
    /// List items of the client's YAML that YAML reads as comments (`- ##FRONTEND_URL##`).
    pub commented_items: Vec<CommentedItem>,
}

/// The member names of a client object, read only by formats whose full key set is documented and
/// whose server silently ignores a member it does not know (Hydra: ory/hydra#357; Dex:
/// dexidp/dex#1069), so that a name close to a known one is a typo, not an extension. Formats whose
/// server rejects unknown keys (Authelia, Auth0's Management API) or whose files carry open-ended
/// vendor keys do not fill it.
#[derive(Debug, Clone, PartialEq)]
pub struct Members {
    /// Each member name, pointing at the key.
    pub keys: Vec<Field<String>>,
    /// Every name the server reads, in lists.
    pub known: &'static [&'static [&'static str]],
    /// Go's `encoding/json` (Hydra, Dex) matches member names regardless of case.
    pub any_case: bool,
}

/// How long tokens live and how they are bound, as far as the file (or its server block) says.
/// Values from a realm or provider block carry [`Origin::Server`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tokens {
    /// True when refresh tokens are rotated on use (Auth0 `rotating`, Okta `ROTATE`, Keycloak
    /// `revokeRefreshToken`).
    pub refresh_rotation: Option<Field<bool>>,
    pub refresh_absolute_lifetime: Option<Field<Lifetime>>,
    pub refresh_idle_lifetime: Option<Field<Lifetime>>,
    pub access_token_lifetime: Option<Field<Lifetime>>,
    pub id_token_lifetime: Option<Field<Lifetime>>,
    pub authorization_code_lifetime: Option<Field<Lifetime>>,
    /// RFC 9449 `dpop_bound_access_tokens`.
    pub dpop_bound: Option<Field<bool>>,
    /// RFC 8705 `tls_client_certificate_bound_access_tokens`.
    pub mtls_bound: Option<Field<bool>>,
}

/// A token lifetime: a number of seconds, or no limit at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    Seconds(u64),
    Infinite,
}

impl Lifetime {
    /// Reads a duration as the vendors write it: plain seconds (`3600`), Go / Authelia durations
    /// (`1h30m`, `90s`, `1d`, `2w`), or ISO 8601 (`PT1H`). Returns `None` for anything else.
    pub fn parse(s: &str) -> Option<Lifetime> {
        let s = s.trim();
        if let Ok(n) = s.parse::<u64>() {
            return Some(Lifetime::Seconds(n));
        }
        if let Some(iso) = s.strip_prefix("PT").or_else(|| s.strip_prefix("pt")) {
            return sum_units(iso, |u| match u {
                "H" | "h" => Some(3600),
                "M" | "m" => Some(60),
                "S" | "s" => Some(1),
                _ => None,
            });
        }
        sum_units(s, |u| match u {
            "ns" | "us" | "µs" | "ms" => Some(0),
            "s" | "sec" | "secs" | "second" | "seconds" => Some(1),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(60),
            "h" | "hr" | "hrs" | "hour" | "hours" => Some(3600),
            "d" | "day" | "days" => Some(86_400),
            "w" | "week" | "weeks" => Some(604_800),
            "y" | "year" | "years" => Some(31_536_000),
            _ => None,
        })
    }
}

/// `1h30m` → 5400, given the seconds in each unit; `None` unless every part is `<number><unit>`.
fn sum_units(s: &str, seconds_in: impl Fn(&str) -> Option<u64>) -> Option<Lifetime> {
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(rest.len());
        let unit_end = rest[digits..]
            .find(|c: char| c.is_ascii_digit())
            .map_or(rest.len(), |i| digits + i);
        let number: f64 = rest[..digits].parse().ok()?;
        let unit = rest[digits..unit_end].trim();
        total = total.checked_add((number * seconds_in(unit)? as f64) as u64)?;
        rest = &rest[unit_end..];
    }
    (!s.is_empty()).then_some(Lifetime::Seconds(total))
}

/// One named setting: `param` is its RFC 7591 / OIDC name (`id_token_signed_response_alg`, `logo_uri`).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub param: &'static str,
    pub value: Field<String>,
}

/// A JOSE algorithm setting.
pub type Alg = Param;

/// A key set registered by value. `keys` holds what could be read as JWKs: it is empty when the
/// material is not a JWK Set (a PEM certificate, an Entra key credential).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
    /// Written as a bare array of keys, not a JWK Set `{"keys": [...]}` (RFC 7591 §2 `jwks`).
    pub bare_array: bool,
}

/// One JWK, as far as the rules need it. Never holds key values: private members are recorded by
/// name only.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwk {
    /// The key object.
    pub origin: Origin,
    pub kty: Option<Field<String>>,
    pub crv: Option<Field<String>>,
    /// The `use` member (`sig` or `enc`).
    pub key_use: Option<Field<String>>,
    pub kid: Option<Field<String>>,
    pub alg: Option<Field<String>>,
    /// RSA modulus size in bits, read from `n`.
    pub rsa_bits: Option<Field<u64>>,
    /// RSA public exponent, read from `e` (`None` when absent, unreadable or over 64 bits).
    pub rsa_exponent: Option<Field<u64>>,
    /// Private or symmetric members present (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`), by name.
    pub private: Vec<Field<&'static str>>,
    /// What the first certificate of `x5c` says (RFC 7517 §4.7), at that certificate.
    pub x5c: Option<Field<X5c>>,
}

/// The first certificate of a JWK's `x5c` chain, as far as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub enum X5c {
    /// Not a base64 DER X.509 certificate; `why` says what it is instead.
    Unreadable {
        why: &'static str,
    },
    Certificate(Certificate),
}

/// A certificate compared with the bare key members of its JWK. Holds no key values.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    /// The certificate's key as a JWK names it (`RSA`, `EC P-256`, `OKP Ed25519`), or its algorithm OID.
    pub key: String,
    /// The first bare member (`kty`, `crv`, `n`, `e`, `x`, `y`) whose value is not the certificate's, at
    /// that member; `None` when every member present matches or the key type is not one we compare.
    pub mismatch: Option<Field<&'static str>>,
    /// `notAfter`, in seconds since the Unix epoch.
    pub not_after: u64,
}

impl Jwk {
    /// A key with nothing known but where it is.
    pub fn new(origin: Origin) -> Self {
        Jwk {
            origin,
            kty: None,
            crv: None,
            key_use: None,
            kid: None,
            alg: None,
            rsa_bits: None,
            rsa_exponent: None,
            private: Vec::new(),
            x5c: None,
        }
    }
}

impl Client {
    /// A client with nothing known but where it is.
    pub fn new(format: &'static Format, pointer: Pointer, anchor: Span, doc_kind: DocKind) -> Self {
        Client {
            format: format.name,
            vendor: &format.vendor,
            pointer,
            anchor,
            id: None,
            name: None,
            builtin: false,
            enabled: true,
            doc_kind,
            declared: None,
            application_type: None,
            subject_type: None,
            public: None,
            auth_method: None,
            secret: None,
            registration_access_token: None,
            jwks: None,
            jwks_uri: None,
            uris: Vec::new(),
            issuer: None,
            grants: None,
            response_types: None,
            redirect_uris: None,
            post_logout_redirect_uris: None,
            web_origins: None,
            pkce: Pkce::default(),
            scope: None,
            per_instance: false,
            tokens: Tokens::default(),
            algs: Vec::new(),
            first_party: None,
            consent_required: None,
            par_required: None,
            tls_subject: None,
            signed_request_required: None,
            members: None,
            grant_words: Vec::new(),
            authorization_endpoint: None,
            id_env: None,
            commented_items: Vec::new(),
        }
    }

    pub fn has_grant(&self, g: &Grant) -> bool {
        self.grant(g).is_some()
    }
    pub fn grant(&self, g: &Grant) -> Option<&Field<Grant>> {
        self.grants.as_ref()?.iter().find(|f| &f.value == g)
    }
    pub fn redirects(&self) -> impl Iterator<Item = &Field<String>> {
        self.redirect_uris.iter().flat_map(List::iter)
    }
    /// A secret in any form, a placeholder included: either way the client means to have one.
    pub fn has_secret(&self) -> bool {
        self.secret.is_some()
    }
    pub fn auth_method_is(&self, name: &str) -> bool {
        self.auth_method.as_ref().is_some_and(|m| m.value == name)
    }
    /// The id to show in messages.
    pub fn display_id(&self) -> &str {
        display_id(self.id.as_ref().map(|f| f.value.as_str()), self.name.as_deref())
    }
}

/// The id to show in messages, from a client's id and name.
pub fn display_id<'a>(id: Option<&'a str>, name: Option<&'a str>) -> &'a str {
    id.or(name).unwrap_or("(no client_id)")
}

/// Client metadata names: RFC 7591 §2 and §3.2.1, RFC 7592 §3, OIDC Reg §2, OIDC Front- and
/// Back-Channel Logout, RFC 8705 §2.1.2 and §3.4, RFC 9449 §5.2, RFC 9126 §6, RFC 9101 §10.5,
/// CIBA; the algorithm settings (JARM and RFC 9701 ones too) are [`ALG_PARAMS`].
pub const METADATA_NAMES: [&str; 46] = [
    "client_id",
    "client_secret",
    "client_id_issued_at",
    "client_secret_expires_at",
    "redirect_uris",
    "token_endpoint_auth_method",
    "grant_types",
    "response_types",
    "client_name",
    "client_uri",
    "logo_uri",
    "scope",
    "contacts",
    "tos_uri",
    "policy_uri",
    "jwks_uri",
    "jwks",
    "software_id",
    "software_version",
    "software_statement",
    "registration_access_token",
    "registration_client_uri",
    "application_type",
    "sector_identifier_uri",
    "subject_type",
    "default_max_age",
    "require_auth_time",
    "default_acr_values",
    "initiate_login_uri",
    "request_uris",
    "post_logout_redirect_uris",
    "frontchannel_logout_uri",
    "frontchannel_logout_session_required",
    "backchannel_logout_uri",
    "backchannel_logout_session_required",
    "tls_client_auth_subject_dn",
    "tls_client_auth_san_dns",
    "tls_client_auth_san_uri",
    "tls_client_auth_san_ip",
    "tls_client_auth_san_email",
    "tls_client_certificate_bound_access_tokens",
    "dpop_bound_access_tokens",
    "require_pushed_authorization_requests",
    "require_signed_request_object",
    "backchannel_token_delivery_mode",
    "backchannel_client_notification_endpoint",
];

/// JOSE algorithm parameters of RFC 7591, OIDC Registration, JARM, CIBA and RFC 9701.
pub const ALG_PARAMS: [&str; 17] = [
    "token_endpoint_auth_signing_alg",
    "id_token_signed_response_alg",
    "id_token_encrypted_response_alg",
    "id_token_encrypted_response_enc",
    "userinfo_signed_response_alg",
    "userinfo_encrypted_response_alg",
    "userinfo_encrypted_response_enc",
    "request_object_signing_alg",
    "request_object_encryption_alg",
    "request_object_encryption_enc",
    "authorization_signed_response_alg",
    "authorization_encrypted_response_alg",
    "authorization_encrypted_response_enc",
    "introspection_signed_response_alg",
    "introspection_encrypted_response_alg",
    "introspection_encrypted_response_enc",
    "backchannel_authentication_request_signing_alg",
];

/// Auth methods that rely on a shared secret.
pub const SECRET_AUTH_METHODS: [&str; 3] = ["client_secret_basic", "client_secret_post", "client_secret_jwt"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_read_as_vendors_write_them() {
        let secs = |s| match Lifetime::parse(s) {
            Some(Lifetime::Seconds(n)) => Some(n),
            _ => None,
        };
        assert_eq!(secs("3600"), Some(3600));
        assert_eq!(secs("1h30m"), Some(5400));
        assert_eq!(secs("90s"), Some(90));
        assert_eq!(secs("1d"), Some(86_400));
        assert_eq!(secs("2w"), Some(1_209_600));
        assert_eq!(secs("1.5h"), Some(5400));
        assert_eq!(secs("PT1H"), Some(3600));
        assert_eq!(secs("PT10M30S"), Some(630));
        assert_eq!(secs("10 minutes"), Some(600));
        assert_eq!(secs(""), None);
        assert_eq!(secs("forever"), None);
        assert_eq!(secs("5x"), None);
        assert_eq!(secs("h"), None);
    }
}
