//! Spring Authorization Server clients in Spring Boot configuration (docs/providers.md):
//! `spring.security.oauth2.authorizationserver.client.<key>.*` in `application*.yml` or
//! `application*.properties`.
//!
//! The properties are read with Boot's relaxed binding (`spring_boot.rs`).
//!
//! Defaults, as in Spring Authorization Server's `RegisteredClient` and `ClientSettings` /
//! `TokenSettings` builders: `client_secret_basic` when no authentication method is given,
//! `require-proof-key` and `require-authorization-consent` false, access tokens and authorization
//! codes 5 minutes, refresh tokens 60 minutes, `reuse-refresh-tokens` true (no rotation). A public
//! client (method `none`) must always send a PKCE `code_verifier`, and only `S256` is supported.

use super::spring_boot::{registrations, Reg};
use super::{default, scope_of, Format, Vendor};
use crate::document::Document;
use crate::model::{Alg, Client, DocKind, Field, Grant, List, PkceMethod, Secret, SecretKind, Tokens};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "spring",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor::STANDARD,
};

const PREFIX: [&str; 5] = ["spring", "security", "oauth2", "authorizationserver", "client"];

fn detect(doc: &Document, _path: &Path) -> bool {
    !registrations(doc, &PREFIX).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    registrations(doc, &PREFIX)
        .iter()
        .map(|(key, all)| client(&Reg::new(&PREFIX, key, all), key))
        .collect()
}

/// Spring's client authentication methods from weakest to strongest; a client allowed several is
/// only as strong as the weakest (`none` makes it usable as a public client).
const AUTH_STRENGTH: [&str; 7] = [
    "none",
    "client_secret_post",
    "client_secret_basic",
    "client_secret_jwt",
    "self_signed_tls_client_auth",
    "private_key_jwt",
    "tls_client_auth",
];

fn weakest(methods: &List<String>) -> Option<Field<String>> {
    methods
        .iter()
        .min_by_key(|m| {
            AUTH_STRENGTH
                .iter()
                .position(|s| *s == m.value)
                .unwrap_or(AUTH_STRENGTH.len())
        })
        .cloned()
}

fn client(reg: &Reg, key: &str) -> Client {
    let id = reg.string("registration.client-id");
    let (pointer, anchor) = reg.place(id.as_ref());
    let mut c = Client::new(&FORMAT, pointer, anchor, DocKind::Registered);
    c.id = id;
    c.name = reg
        .string("registration.client-name")
        .map(|f| f.value)
        .or(Some(key.to_string()));
    let methods = reg
        .list("registration.client-authentication-methods")
        .filter(|l| !l.is_empty());
    let has_secret = reg
        .string("registration.client-secret")
        .is_some_and(|f| !f.value.trim().is_empty());
    c.auth_method = match &methods {
        // Spring accepts `none` only on the authorization code grant with a PKCE verifier, so a
        // client that also has a secret method and a secret stays confidential for every other
        // grant; `none` there is a PKCE-protected public mode, not an open door.
        Some(l) if has_secret && l.iter().any(|m| m.value != "none") => weakest(&List {
            origin: l.origin.clone(),
            items: l.items.iter().filter(|m| m.value != "none").cloned().collect(),
        }),
        Some(l) => weakest(l),
        None => Some(default(
            "client_secret_basic".into(),
            "Spring Authorization Server registers client_secret_basic when no method is given",
        )),
    };
    let public = c.auth_method.as_ref().is_some_and(|m| m.value == "none");
    c.secret = reg.string("registration.client-secret").and_then(|f| {
        let value = f.value.trim();
        if value.is_empty() {
            return None;
        }
        // `{noop}` marks a secret stored as written; other `{id}` prefixes name a hash.
        let (kind, value) = match value.strip_prefix("{noop}") {
            Some(plain) => (SecretKind::of(plain), plain),
            None => (SecretKind::of(value), value),
        };
        Some(Secret {
            kind,
            value: value.to_string(),
            origin: f.origin,
        })
    });
    c.jwks_uri = reg.string("jwk-set-uri");
    // Spring Authorization Server has no implicit or password grant: such entries are dead
    // configuration, not grants the client can use. Nor can a client that only has `none` use
    // `client_credentials` or token exchange: Spring authenticates such a client only by a PKCE
    // verifier on the code grant (or on the device grant), and those grants require an
    // authenticated client. Its `refresh_token` is dead too unless it has the device grant:
    // `OAuth2RefreshTokenGenerator` issues no refresh token to a public client on the code grant.
    c.grants = reg.list("registration.authorization-grant-types").map(|l| {
        let device = l.iter().any(|g| Grant::parse(&g.value) == Grant::DeviceCode);
        List {
            origin: l.origin,
            items: l
                .items
                .into_iter()
                .map(|g| Field::new(Grant::parse(&g.value), g.origin))
                .filter(|g| match g.value {
                    Grant::Implicit | Grant::Password => false,
                    Grant::ClientCredentials | Grant::TokenExchange => !public,
                    Grant::RefreshToken => !public || device,
                    _ => true,
                })
                .collect(),
        }
    });
    c.redirect_uris = reg.list("registration.redirect-uris");
    c.post_logout_redirect_uris = reg.list("registration.post-logout-redirect-uris");
    c.scope = reg.list("registration.scopes").map(|l| scope_of(&l));
    c.consent_required = Some(reg.boolean("require-authorization-consent").unwrap_or(default(
        false,
        "Spring Authorization Server asks for consent only with require-authorization-consent",
    )));
    let proof_key = reg.boolean("require-proof-key");
    c.pkce.required = Some(match proof_key {
        Some(f) if f.value => f,
        _ if public => default(
            true,
            "Spring Authorization Server makes a public client (method none) send a PKCE code_verifier",
        ),
        Some(f) => f,
        None => default(
            false,
            "Spring Authorization Server's require-proof-key defaults to false",
        ),
    });
    if c.pkce.required.as_ref().is_some_and(|r| r.value) {
        c.pkce.methods = Some(default(
            vec![PkceMethod::S256],
            "Spring Authorization Server supports only S256",
        ));
    }
    c.algs = [
        ("token.id-token-signature-algorithm", "id_token_signed_response_alg"),
        (
            "token-endpoint-authentication-signing-algorithm",
            "token_endpoint_auth_signing_alg",
        ),
    ]
    .iter()
    .filter_map(|&(k, param)| {
        Some(Alg {
            param,
            value: reg.string(k)?,
        })
    })
    .collect();
    c.tokens = tokens(reg);
    c.public = c.auth_method.as_ref().map(|m| Field::new(public, m.origin.clone()));
    c
}

fn tokens(reg: &Reg) -> Tokens {
    let reuse = reg.boolean("token.reuse-refresh-tokens");
    Tokens {
        access_token_lifetime: reg.lifetime(
            "token.access-token-time-to-live",
            300,
            "Spring Authorization Server's access-token-time-to-live defaults to 5 minutes",
        ),
        authorization_code_lifetime: reg.lifetime(
            "token.authorization-code-time-to-live",
            300,
            "Spring Authorization Server's authorization-code-time-to-live defaults to 5 minutes",
        ),
        refresh_absolute_lifetime: reg.lifetime(
            "token.refresh-token-time-to-live",
            3600,
            "Spring Authorization Server's refresh-token-time-to-live defaults to 60 minutes",
        ),
        refresh_rotation: Some(match reuse {
            Some(f) => Field::new(!f.value, f.origin),
            None => default(
                false,
                "Spring Authorization Server reuses refresh tokens unless reuse-refresh-tokens is false",
            ),
        }),
        ..Tokens::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;
    use crate::model::{Lifetime, Origin};

    const NESTED: &str = "spring:
  security:
    oauth2:
      authorizationserver:
        client:
          web:
            registration:
              client-id: web-client
              client-secret: '{noop}secret'
              client-authentication-methods: [client_secret_basic, none]
              authorization-grant-types: [authorization_code, refresh_token, password]
              redirect-uris: ['http://127.0.0.1:8080/cb']
              scopes: [openid, profile]
            token:
              access-token-time-to-live: 1h
              reuse-refresh-tokens: false
";

    #[test]
    fn nested_yaml() {
        let cs = testing::read(&FORMAT, NESTED, Syntax::Yaml);
        assert_eq!(cs.len(), 1);
        let c = &cs[0];
        assert_eq!(c.id.as_ref().unwrap().value, "web-client");
        assert_eq!(&NESTED[c.anchor.range()], "web-client");
        assert_eq!(
            c.pointer.as_str(),
            "/spring/security/oauth2/authorizationserver/client/web"
        );
        // `none` next to a secret method is only a PKCE-protected mode of the code grant.
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(!c.public.as_ref().unwrap().value);
        assert!(!c.pkce.required.as_ref().unwrap().value);
        // Without a secret, `none` is how the client authenticates, and Spring requires PKCE.
        let public = testing::read(
            &FORMAT,
            &NESTED.replace("client-secret: '{noop}secret'", "client-name: Web"),
            Syntax::Yaml,
        );
        assert_eq!(public[0].auth_method.as_ref().unwrap().value, "none");
        assert!(public[0].public.as_ref().unwrap().value);
        assert!(public[0].pkce.required.as_ref().unwrap().value);
        assert_eq!(public[0].name.as_deref(), Some("Web"));
        // Spring issues a public client no refresh token on the code grant: the entry is dead.
        assert_eq!(testing::grant_names(&public[0]), ["authorization_code"]);
        let secret = c.secret.as_ref().unwrap();
        assert_eq!((secret.kind, secret.value.as_str()), (SecretKind::Plaintext, "secret"));
        // Spring has no password grant: the entry is dead configuration.
        assert_eq!(testing::grant_names(c), ["authorization_code", "refresh_token"]);
        assert_eq!(c.scope.as_ref().unwrap().value, "openid profile");
        assert_eq!(
            c.tokens.access_token_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(3600)
        );
        assert!(c.tokens.refresh_rotation.as_ref().unwrap().value);
        assert!(c.tokens.refresh_absolute_lifetime.as_ref().unwrap().origin.is_default());
        // Boot reads a bare number as milliseconds; an unreadable value is unknown, not the default.
        let ms = NESTED.replace("access-token-time-to-live: 1h", "access-token-time-to-live: 120000");
        let t = &testing::read(&FORMAT, &ms, Syntax::Yaml)[0].tokens;
        assert_eq!(t.access_token_lifetime.as_ref().unwrap().value, Lifetime::Seconds(120));
        let odd = NESTED.replace("access-token-time-to-live: 1h", "access-token-time-to-live: soon");
        assert!(testing::read(&FORMAT, &odd, Syntax::Yaml)[0]
            .tokens
            .access_token_lifetime
            .is_none());
    }

    #[test]
    fn dotted_yaml_and_camel_case_read_the_same() {
        let text = "spring.security.oauth2.authorizationserver.client:
  web.registration:
    clientId: web-client
    clientAuthenticationMethods: client_secret_basic
    authorizationGrantTypes: authorization_code,client_credentials
    redirectUris[0]: https://app.example.com/cb
  web.require-proof-key: true
";
        let c = &testing::read(&FORMAT, text, Syntax::Yaml)[0];
        assert_eq!(c.id.as_ref().unwrap().value, "web-client");
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(!c.public.as_ref().unwrap().value);
        assert_eq!(testing::grant_names(c), ["authorization_code", "client_credentials"]);
        assert_eq!(c.redirects().next().unwrap().value, "https://app.example.com/cb");
        let pkce = c.pkce.required.as_ref().unwrap();
        assert!(pkce.value && !pkce.origin.is_default());
    }

    #[test]
    fn properties_file() {
        let text = "server.port=9000
spring.security.oauth2.authorizationserver.client.app.registration.client-id=app
spring.security.oauth2.authorizationserver.client.app.registration.client-secret={bcrypt}$2a$10$abcdefghijklmnopqrstuv
spring.security.oauth2.authorizationserver.client.app.registration.authorization-grant-types[0]=authorization_code
spring.security.oauth2.authorizationserver.client.app.registration.redirect-uris[1]=https://b.example.com/cb
spring.security.oauth2.authorizationserver.client.app.registration.redirect-uris[0]=https://a.example.com/cb
";
        let c = &testing::read(&FORMAT, text, Syntax::Properties)[0];
        assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Hashed);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(c.auth_method.as_ref().unwrap().origin.is_default());
        let uris: Vec<&str> = c.redirects().map(|r| r.value.as_str()).collect();
        assert_eq!(uris, ["https://a.example.com/cb", "https://b.example.com/cb"]);
        let Origin::File { span, pointer } = &c.redirects().next().unwrap().origin else {
            panic!()
        };
        assert_eq!(&text[span.range()], "https://a.example.com/cb");
        assert!(pointer.as_str().ends_with("/registration/redirect-uris/0"));
        assert!(!c.pkce.required.as_ref().unwrap().value);
        assert!(!c.consent_required.as_ref().unwrap().value);
    }

    #[test]
    fn a_public_client_gets_only_what_spring_issues_without_client_authentication() {
        let text = NESTED
            .replace("client-secret: '{noop}secret'", "client-name: Web")
            .replace(
            "[authorization_code, refresh_token, password]",
            "[authorization_code, client_credentials, urn:ietf:params:oauth:grant-type:token-exchange, refresh_token]",
        );
        let c = &testing::read(&FORMAT, &text, Syntax::Yaml)[0];
        assert_eq!(testing::grant_names(c), ["authorization_code"]);
        // The device grant authenticates a public client itself, and may yield refresh tokens.
        let device = text.replace(
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:ietf:params:oauth:grant-type:device_code",
        );
        let c = &testing::read(&FORMAT, &device, Syntax::Yaml)[0];
        assert_eq!(
            testing::grant_names(c),
            ["authorization_code", "device_code", "refresh_token"]
        );
    }

    #[test]
    fn client_side_registrations_are_not_servers() {
        let text = "spring:\n  security:\n    oauth2:\n      client:\n        registration:\n          google:\n            client-id: x\n";
        assert!(!testing::detects(&FORMAT, text, Syntax::Yaml));
    }
}
