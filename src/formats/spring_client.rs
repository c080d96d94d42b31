//! Spring Security OAuth 2.0 client registrations in Spring Boot configuration: the *client* side,
//! `spring.security.oauth2.client.registration.<id>.*`, with the authorization servers in
//! `spring.security.oauth2.client.provider.<name>.*`, in `application*.yml` or
//! `application*.properties` (read with Boot's relaxed binding, `spring_boot.rs`).
//!
//! Each registration is what one app sends to one authorization server: its client id, secret,
//! authentication method, grant, redirect URI and scopes, and the server's issuer and authorization
//! endpoint (a provider's values are server-level settings). A document that also configures a
//! Spring Authorization Server is read by that adapter, which comes first.
//!
//! Defaults, as in Spring Boot's `OAuth2ClientPropertiesMapper` and Spring Security's
//! `CommonOAuth2Provider` and `ClientRegistration.Builder`:
//! - A registration without `provider` uses the provider named by its id. `google`, `github`,
//!   `facebook` and `okta` are built in: grant `authorization_code`, redirect URI
//!   `{baseUrl}/{action}/oauth2/code/{registrationId}`, method `client_secret_basic`
//!   (`client_secret_post` for Facebook), their authorization endpoints, and for Google the issuer
//!   `https://accounts.google.com`.
//!   Other providers have no default grant or redirect URI: Spring refuses to start an
//!   authorization-code registration without one.
//! - Without a method: `none` for an authorization-code registration without a secret, else
//!   `client_secret_basic`. Spring sends PKCE (S256) for a `none` client.
//!
//! Redirect URI templates: Spring expands `{registrationId}` to the registration's id, and so does
//! the adapter, so registrations on the default template have different URIs. The variables that
//! depend on the request (`{baseUrl}`, `{baseScheme}`, `{baseHost}`, `{basePort}`, `{basePath}`,
//! `{action}`) become `${…}` placeholders, which no URI rule judges: they are not wildcards at a
//! server, but filled in by the app.

use super::spring_boot::{registrations, relaxed, Reg};
use super::{default, default_list, scope_of, server, Format, Vendor};
use crate::document::Document;
use crate::model::{Client, DocKind, Field, Grant, List, PkceMethod, Secret, SecretKind};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "spring-client",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        product: "Spring Security",
        configures_client_app: true,
        assertion_keys_outside_client: true,
        keys_registered_out_of_band: true,
        ..Vendor::STANDARD
    },
};

const REGISTRATION: [&str; 5] = ["spring", "security", "oauth2", "client", "registration"];
const PROVIDER: [&str; 5] = ["spring", "security", "oauth2", "client", "provider"];

/// Spring Security's built-in providers (`CommonOAuth2Provider`).
struct BuiltIn {
    name: &'static str,
    method: &'static str,
    issuer: Option<&'static str>,
    authorization_endpoint: Option<&'static str>,
}

const BUILT_IN: [BuiltIn; 4] = [
    BuiltIn {
        name: "google",
        method: "client_secret_basic",
        issuer: Some("https://accounts.google.com"),
        authorization_endpoint: Some("https://accounts.google.com/o/oauth2/v2/auth"),
    },
    BuiltIn {
        name: "github",
        method: "client_secret_basic",
        issuer: None,
        authorization_endpoint: Some("https://github.com/login/oauth/authorize"),
    },
    BuiltIn {
        name: "facebook",
        method: "client_secret_post",
        issuer: None,
        authorization_endpoint: Some("https://www.facebook.com/v2.8/dialog/oauth"),
    },
    // Okta's issuer and endpoints are the tenant's, given under `provider.okta.*`.
    BuiltIn {
        name: "okta",
        method: "client_secret_basic",
        issuer: None,
        authorization_endpoint: None,
    },
];

const BUILT_IN_REDIRECT: &str = "{baseUrl}/{action}/oauth2/code/{registrationId}";

/// Spring's redirect URI variables that the app fills in from the request.
const REQUEST_VARIABLES: [&str; 6] = ["baseUrl", "baseScheme", "baseHost", "basePort", "basePath", "action"];

fn detect(doc: &Document, _path: &Path) -> bool {
    !registrations(doc, &REGISTRATION).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    let providers = registrations(doc, &PROVIDER);
    registrations(doc, &REGISTRATION)
        .iter()
        .map(|(id, all)| {
            let reg = Reg::new(&REGISTRATION, id, all);
            let provider_name = reg.string("provider").map_or(id.clone(), |f| f.value);
            let provider = providers
                .iter()
                .find(|(name, _)| relaxed(name) == relaxed(&provider_name))
                .map(|(name, all)| Reg::new(&PROVIDER, name, all));
            let built_in = BUILT_IN.iter().find(|b| b.name.eq_ignore_ascii_case(&provider_name));
            client(&reg, id, provider.as_ref(), built_in)
        })
        .collect()
}

/// A redirect URI template as the app will send it, as far as the file tells.
fn expand(template: &str, id: &str) -> String {
    REQUEST_VARIABLES
        .iter()
        .fold(template.replace("{registrationId}", id), |uri, var| {
            uri.replace(&format!("{{{var}}}"), &format!("${{{var}}}"))
        })
}

/// Spring's method names, the pre-5.5 `basic` and `post` included, in RFC 7591 names.
fn method_name(s: &str) -> String {
    match s.trim().to_ascii_lowercase().as_str() {
        "basic" => "client_secret_basic".into(),
        "post" => "client_secret_post".into(),
        other => other.to_string(),
    }
}

fn client(reg: &Reg, id: &str, provider: Option<&Reg>, built_in: Option<&BuiltIn>) -> Client {
    let client_id = reg.string("client-id");
    let (pointer, anchor) = reg.place(client_id.as_ref());
    let mut c = Client::new(&FORMAT, pointer, anchor, DocKind::Registered);
    c.id = client_id;
    c.name = Some(id.to_string());
    c.secret = reg
        .string("client-secret")
        .filter(|f| !f.value.trim().is_empty())
        .map(|f| Secret {
            kind: SecretKind::of(&f.value),
            value: f.value,
            origin: f.origin,
        });
    c.grants = match reg.string("authorization-grant-type") {
        Some(g) => Some(List {
            origin: g.origin.clone(),
            items: vec![Field::new(Grant::parse(g.value.trim()), g.origin)],
        }),
        None => built_in.map(|_| {
            default_list(
                "Spring Security's built-in providers use the authorization_code grant",
                vec![Grant::AuthorizationCode],
            )
        }),
    };
    let code = c.has_grant(&Grant::AuthorizationCode);
    c.auth_method = match (reg.string("client-authentication-method"), built_in) {
        (Some(m), _) => Some(Field::new(method_name(&m.value), m.origin)),
        (None, Some(b)) => Some(default(
            b.method.to_string(),
            "the method of Spring Security's built-in provider",
        )),
        (None, None) if code && c.secret.is_none() => Some(default(
            "none".into(),
            "Spring Security uses `none` for an authorization-code registration without a secret",
        )),
        (None, None) => Some(default(
            "client_secret_basic".into(),
            "Spring Security's default client authentication method",
        )),
    };
    let public = c.auth_method_is("none");
    c.public = c.auth_method.as_ref().map(|m| Field::new(public, m.origin.clone()));
    if public && code {
        let why = "Spring Security sends PKCE (S256) for a client that authenticates with `none`";
        c.pkce.required = Some(default(true, why));
        c.pkce.methods = Some(default(vec![PkceMethod::S256], why));
    }
    // `redirect-uri-template` is Spring Boot 2.0's name for it.
    let redirect = reg
        .string("redirect-uri")
        .or_else(|| reg.string("redirect-uri-template"))
        .or_else(|| {
            built_in.map(|_| {
                default(
                    BUILT_IN_REDIRECT.to_string(),
                    "Spring Security's built-in providers' redirect URI template",
                )
            })
        });
    c.redirect_uris = redirect.map(|r| List {
        origin: r.origin.clone(),
        items: vec![Field::new(expand(r.value.trim(), id), r.origin)],
    });
    c.scope = reg.list("scope").map(|l| scope_of(&l));
    // A provider block overrides the built-in provider's values one by one.
    let server_value = |key: &str, built_in: Option<&'static str>, why: &'static str| {
        provider
            .and_then(|p| p.string(key))
            .filter(|f| !f.value.trim().is_empty())
            .map(server)
            .or_else(|| built_in.map(|v| default(v.to_string(), why)))
    };
    c.issuer = server_value(
        "issuer-uri",
        built_in.and_then(|b| b.issuer),
        "the issuer of Spring Security's built-in provider",
    );
    c.authorization_endpoint = server_value(
        "authorization-uri",
        built_in.and_then(|b| b.authorization_endpoint),
        "the authorization endpoint of Spring Security's built-in provider",
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;
    use crate::model::Origin;

    const APP: &str = "spring:
  security:
    oauth2:
      client:
        registration:
          google:
            client-id: 1234.apps.googleusercontent.com
            client-secret: ${GOOGLE_CLIENT_SECRET}
          keycloak:
            client-id: portal
            client-secret: ${KEYCLOAK_CLIENT_SECRET}
            authorization-grant-type: authorization_code
            redirect-uri: '{baseUrl}/login/oauth2/code/{registrationId}'
            scope: openid,profile
        provider:
          keycloak:
            issuer-uri: https://sso.example.com/realms/portal
";

    #[test]
    fn registrations_with_built_in_and_custom_providers() {
        let cs = testing::read(&FORMAT, APP, Syntax::Yaml);
        assert_eq!(cs.len(), 2);
        let (google, kc) = (&cs[0], &cs[1]);
        assert_eq!(google.name.as_deref(), Some("google"));
        assert_eq!(&APP[google.anchor.range()], "1234.apps.googleusercontent.com");
        let issuer = google.issuer.as_ref().unwrap();
        assert_eq!(issuer.value, "https://accounts.google.com");
        assert!(issuer.origin.is_default());
        assert_eq!(
            google.redirects().next().unwrap().value,
            "${baseUrl}/${action}/oauth2/code/google"
        );
        assert_eq!(google.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert_eq!(testing::grant_names(google), ["authorization_code"]);
        assert_eq!(google.secret.as_ref().unwrap().kind, SecretKind::Placeholder);

        let issuer = kc.issuer.as_ref().unwrap();
        assert_eq!(issuer.value, "https://sso.example.com/realms/portal");
        let Origin::Server { span, .. } = &issuer.origin else {
            panic!("{:?}", issuer.origin)
        };
        assert_eq!(&APP[span.range()], "https://sso.example.com/realms/portal");
        let redirect = kc.redirects().next().unwrap();
        assert_eq!(redirect.value, "${baseUrl}/login/oauth2/code/keycloak");
        assert!(!redirect.origin.is_default());
        assert_eq!(kc.scope.as_ref().unwrap().value, "openid profile");
        assert!(!kc.public.as_ref().unwrap().value);
    }

    #[test]
    fn properties_and_named_providers() {
        let text = "spring.security.oauth2.client.registration.staff.provider=corp
spring.security.oauth2.client.registration.staff.client-id=staff-app
spring.security.oauth2.client.registration.staff.authorization-grant-type=authorization_code
spring.security.oauth2.client.registration.staff.redirect-uri=https://app.example.com/cb
spring.security.oauth2.client.provider.corp.issuer-uri=https://login.example.com
spring.security.oauth2.client.registration.facebook.client-id=fb
spring.security.oauth2.client.registration.facebook.client-secret=fb-secret-value
";
        let cs = testing::read(&FORMAT, text, Syntax::Properties);
        let staff = &cs[0];
        assert_eq!(staff.issuer.as_ref().unwrap().value, "https://login.example.com");
        // No secret and no method on a code registration: Spring uses `none`, with PKCE.
        assert_eq!(staff.auth_method.as_ref().unwrap().value, "none");
        assert!(staff.pkce.required.as_ref().unwrap().value);
        let fb = &cs[1];
        assert_eq!(fb.auth_method.as_ref().unwrap().value, "client_secret_post");
        assert!(fb.issuer.is_none());
        assert_eq!(
            fb.authorization_endpoint.as_ref().unwrap().value,
            "https://www.facebook.com/v2.8/dialog/oauth"
        );
        assert!(staff.authorization_endpoint.is_none());
        assert_eq!(fb.secret.as_ref().unwrap().kind, SecretKind::Plaintext);
    }

    #[test]
    fn server_and_client_side_configs_are_told_apart() {
        let server = "spring:\n  security:\n    oauth2:\n      authorizationserver:\n        client:\n          web:\n            registration:\n              client-id: x\n";
        assert!(!testing::detects(&FORMAT, server, Syntax::Yaml));
        // A provider block alone registers no client.
        let provider = "spring.security.oauth2.client.provider.corp.issuer-uri: https://login.example.com\n";
        assert!(!testing::detects(&FORMAT, provider, Syntax::Yaml));
    }
}
