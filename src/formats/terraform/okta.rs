//! `okta_app_oauth` (okta/terraform-provider-okta, `okta/services/idaas/resource_okta_app_oauth.go`),
//! with the redirect URIs of `okta_app_oauth_redirect_uri` and
//! `okta_app_oauth_post_logout_redirect_uri` joined through `app_id`.
//!
//! What the provider sends for what is left out (`buildAppOAuthV6`): no `grant_types` ⇒ the
//! type's required grants (`web`, `native`: `authorization_code`; `service`:
//! `client_credentials`), or for `browser`, which has none, every grant valid for it, `implicit`
//! first; no `response_types` ⇒ `token` with implicit or client credentials, `code` with
//! authorization code, password or refresh token; `token_endpoint_auth_method` defaults to
//! `client_secret_basic` for every type; `pkce_required` left out is `true` with the auth method
//! `none`, and otherwise `true` only when a native or browser app is created: every later update
//! sends `false`.

use super::{Instance, Resource, Setting};
use crate::formats::{default_list, jwk, params, Vendor};
use crate::model::{Client, Declared, Field, Grant, List, Origin, PkceMethod, ResponseType};

pub const APP: Resource = Resource {
    kind: "okta_app_oauth",
    vendor: Vendor {
        product: "Okta",
        extra_grant_types: &["interaction_code"],
        ..Vendor::STANDARD
    },
    pulumi: &["okta:app/oAuth:OAuth", "okta:app:OAuth"],
    read,
};

const GRANTS_WHY: &str = "the Okta provider sends the app type's default grants when grant_types is left out";
const BROWSER_GRANTS_WHY: &str =
    "the Okta provider sends every grant valid for a browser app, implicit included, when grant_types is left out";
const RESPONSE_WHY: &str = "the Okta provider derives response_types from the grants when they are left out";
const AUTH_WHY: &str = "the Okta provider defaults token_endpoint_auth_method to client_secret_basic";
const PKCE_NONE_WHY: &str = "the Okta provider requires PKCE when token_endpoint_auth_method is none";
const PKCE_UPDATE_WHY: &str = "the Okta provider sends pkce_required = false on every update of an app whose auth method is not none (true only when it is created)";
const ROTATION_WHY: &str = "the Okta provider defaults refresh_token_rotation to STATIC";
const CONSENT_WHY: &str = "the Okta provider defaults consent_method to TRUSTED";
const S256_ONLY: &str = "Okta accepts only the S256 PKCE method";

/// Every grant the provider lists as valid for a `browser` app, in its order.
const BROWSER_GRANTS: [&str; 11] = [
    "implicit",
    "authorization_code",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:saml2-bearer",
    "urn:ietf:params:oauth:grant-type:token-exchange",
    "urn:ietf:params:oauth:grant-type:device_code",
    "interaction_code",
    "urn:okta:params:oauth:grant-type:oob",
    "urn:okta:params:oauth:grant-type:otp",
    "http://auth0.com/oauth/grant-type/mfa-oob",
    "http://auth0.com/oauth/grant-type/mfa-otp",
];

fn read(inst: &Instance) -> Client {
    let mut c = inst.client("client_id");
    inst.identify(&mut c, "client_id", "label");
    c.enabled = inst.string("status").known().is_none_or(|s| s.value != "INACTIVE");
    let kind = inst.string("type").known();
    c.declared = kind.as_ref().and_then(|t| {
        let d = match t.value.as_str() {
            "web" => Declared::Web,
            "native" => Declared::Native,
            "browser" => Declared::Spa,
            "service" => Declared::M2m,
            _ => return None,
        };
        Some(Field::new(d, t.origin.clone()))
    });
    let kind = kind.map(|k| k.value);
    c.auth_method = inst
        .string("token_endpoint_auth_method")
        .or_default("client_secret_basic".to_string(), AUTH_WHY);
    c.secret = inst
        .secret("client_basic_secret")
        .or_else(|| inst.write_only_secret("client_basic_secret_wo"))
        .or_else(|| inst.secret("client_secret"));

    c.grants = match inst.strings("grant_types") {
        Setting::Known(f) if !f.value.is_empty() => Some(grants(f.value)),
        Setting::Known(_) | Setting::Absent | Setting::Computed => match kind.as_deref() {
            Some("browser") => Some(default_list(
                BROWSER_GRANTS_WHY,
                BROWSER_GRANTS.map(Grant::parse).to_vec(),
            )),
            Some("web" | "native") => Some(default_list(GRANTS_WHY, vec![Grant::AuthorizationCode])),
            Some("service") => Some(default_list(GRANTS_WHY, vec![Grant::ClientCredentials])),
            _ => None,
        },
        Setting::Unknown => None,
    };
    // A service app's `token` response type labels the token endpoint's answer to client
    // credentials, not a front-channel response: it has no redirect.
    if kind.as_deref() != Some("service") {
        c.response_types = match inst.strings("response_types") {
            Setting::Known(f) if !f.value.is_empty() => Some(List {
                origin: f.value.origin,
                items: f
                    .value
                    .items
                    .into_iter()
                    .map(|i| Field::new(ResponseType::parse(&i.value), i.origin))
                    .collect(),
            }),
            Setting::Unknown => None,
            _ => c.grants.as_ref().map(derived_response_types),
        };
    }

    c.pkce.methods = Some(Field::new(vec![PkceMethod::S256], Origin::Default { why: S256_ONLY }));
    c.pkce.required = match inst.boolean("pkce_required") {
        Setting::Known(f) => Some(f),
        Setting::Unknown => None,
        Setting::Absent | Setting::Computed => match c.auth_method.as_ref() {
            Some(m) if m.value == "none" => Some(Field::new(true, Origin::Default { why: PKCE_NONE_WHY })),
            Some(_) => Some(Field::new(false, Origin::Default { why: PKCE_UPDATE_WHY })),
            None => None,
        },
    };

    let joined = |kind: &str| -> Vec<Field<String>> {
        inst.referring(kind, "app_id")
            .iter()
            .filter_map(|r| r.string("uri").known())
            .collect()
    };
    c.redirect_uris = with_joined(inst.uris("redirect_uris"), joined("okta_app_oauth_redirect_uri"));
    c.post_logout_redirect_uris = with_joined(
        inst.uris("post_logout_redirect_uris"),
        joined("okta_app_oauth_post_logout_redirect_uri"),
    );
    c.jwks = inst.raw("jwks").and_then(|k| jwk::key_blocks(&k));
    c.jwks_uri = inst.string("jwks_uri").known();
    c.uris = params(
        &[
            "logo_uri",
            "client_uri",
            "policy_uri",
            "tos_uri",
            "login_uri",
            "frontchannel_logout_uri",
        ]
        .map(|p| (p, if p == "login_uri" { "initiate_login_uri" } else { p })),
        |k| inst.string(k).known(),
    );
    c.tokens.refresh_rotation = inst
        .string("refresh_token_rotation")
        .or_default("STATIC".to_string(), ROTATION_WHY)
        .and_then(|r| match r.value.as_str() {
            "ROTATE" => Some(Field::new(true, r.origin)),
            "STATIC" => Some(Field::new(false, r.origin)),
            _ => None,
        });
    // `TRUSTED` skips the consent screen, which is what Okta offers first-party apps.
    if let Some(m) = inst
        .string("consent_method")
        .or_default("TRUSTED".to_string(), CONSENT_WHY)
    {
        c.consent_required = Some(Field::new(m.value == "REQUIRED", m.origin));
    }
    c
}

fn grants(list: List<String>) -> List<Grant> {
    List {
        origin: list.origin,
        items: list
            .items
            .into_iter()
            .map(|i| Field::new(Grant::parse(&i.value), i.origin))
            .collect(),
    }
}

/// The response types the provider sends for these grants when none are written.
fn derived_response_types(grants: &List<Grant>) -> List<ResponseType> {
    let has = |gs: &[Grant]| grants.iter().any(|g| gs.contains(&g.value));
    let mut out = Vec::new();
    if has(&[Grant::Implicit, Grant::ClientCredentials]) {
        out.push(ResponseType::parse("token"));
    }
    if has(&[Grant::Password, Grant::AuthorizationCode, Grant::RefreshToken]) {
        out.push(ResponseType::parse("code"));
    }
    default_list(RESPONSE_WHY, out)
}

/// The app's own URIs and those of the joined URI resources, as one list.
/// The app's own URIs (an unresolved list kept as one placeholder item) and the joined ones.
fn with_joined(own: Option<List<String>>, joined: Vec<Field<String>>) -> Option<List<String>> {
    match (own, joined.is_empty()) {
        (Some(mut l), _) => {
            l.items.extend(joined);
            Some(l)
        }
        (None, false) => Some(List {
            origin: joined[0].origin.clone(),
            items: joined,
        }),
        (None, true) => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::terraform::tests::read;
    use crate::formats::testing::{grant_names, grants};
    use crate::model::{Declared, Grant};

    #[test]
    fn a_browser_app_without_grants_gets_every_browser_grant() {
        let c = &read(
            r#"{"resource": {"okta_app_oauth": {"portal": {
                "label": "Portal", "type": "browser",
                "redirect_uris": ["https://portal.example.com/callback"]}}}}"#,
        )[0];
        assert_eq!(c.name.as_deref(), Some("Portal"));
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        assert!(grants(c).contains(&Grant::Implicit));
        assert!(c.grants.as_ref().unwrap().origin.is_default());
        let rts: Vec<String> = c
            .response_types
            .as_ref()
            .unwrap()
            .iter()
            .map(|r| r.value.to_string())
            .collect();
        assert_eq!(rts, ["token", "code"]);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(!c.pkce.required.as_ref().unwrap().value);
    }

    #[test]
    fn written_grants_and_joined_redirect_uris() {
        let c = &read(
            r#"{"resource": {
                "okta_app_oauth": {"portal": {"label": "Portal", "type": "browser",
                    "grant_types": ["authorization_code"], "token_endpoint_auth_method": "none"}},
                "okta_app_oauth_redirect_uri": {"cb": {"app_id": "${okta_app_oauth.portal.id}",
                    "uri": "https://portal.example.com/cb"}}}}"#,
        )[0];
        assert_eq!(grant_names(c), ["authorization_code"]);
        assert!(c.pkce.required.as_ref().unwrap().value);
        let uris: Vec<&str> = c.redirects().map(|r| r.value.as_str()).collect();
        assert_eq!(uris, ["https://portal.example.com/cb"]);
    }
}
