//! `zitadel_application_oidc` (zitadel/terraform-provider-zitadel, `zitadel/application_oidc`).
//!
//! `redirect_uris`, `response_types` and `grant_types` are required; `app_type` and
//! `auth_method_type` default to index 0 of the zitadel-go enums: `OIDC_APP_TYPE_WEB` and
//! `OIDC_AUTH_METHOD_TYPE_BASIC`. As with Zitadel's API JSON, the auth method `NONE` makes the app
//! public and Zitadel then requires PKCE, and Zitadel rotates every refresh token. `dev_mode`
//! (relaxed redirect checks) has no place in the model yet and is not read.

use super::{Instance, Resource, Setting};
use crate::formats::{zitadel, Vendor};
use crate::model::{Client, Field, List, Origin};

pub const APP: Resource = Resource {
    kind: "zitadel_application_oidc",
    vendor: Vendor {
        product: "Zitadel",
        keys_registered_out_of_band: true,
        ..Vendor::STANDARD
    },
    pulumi: &[
        "zitadel:index/applicationOidc:ApplicationOidc",
        "zitadel:ApplicationOidc",
    ],
    read,
};

const APP_TYPE_WHY: &str = "the Zitadel provider defaults app_type to OIDC_APP_TYPE_WEB";
const AUTH_WHY: &str = "the Zitadel provider defaults auth_method_type to OIDC_AUTH_METHOD_TYPE_BASIC";
const PKCE_WHY: &str = "Zitadel requires PKCE from clients with `OIDC_AUTH_METHOD_TYPE_NONE`";
const ROTATION_WHY: &str = "Zitadel rotates refresh tokens on every use";

fn read(inst: &Instance) -> Client {
    let mut c = inst.client("client_id");
    inst.identify(&mut c, "client_id", "name");
    c.auth_method = inst
        .string("auth_method_type")
        .or_default("OIDC_AUTH_METHOD_TYPE_BASIC".to_string(), AUTH_WHY)
        .and_then(zitadel::auth_method);
    let public = c.auth_method_is("none");
    c.declared = inst
        .string("app_type")
        .or_default("OIDC_APP_TYPE_WEB".to_string(), APP_TYPE_WHY)
        .and_then(|t| zitadel::app_type(t, public));
    if public {
        c.pkce.required = Some(Field::new(true, Origin::Default { why: PKCE_WHY }));
    }
    c.tokens.refresh_rotation = Some(Field::new(true, Origin::Default { why: ROTATION_WHY }));
    c.secret = inst.secret("client_secret");
    c.grants = enums(inst.strings("grant_types"), "OIDC_GRANT_TYPE_", zitadel::grant);
    c.response_types = enums(
        inst.strings("response_types"),
        "OIDC_RESPONSE_TYPE_",
        zitadel::response_type,
    );
    c.redirect_uris = inst.uris("redirect_uris");
    c.post_logout_redirect_uris = inst.uris("post_logout_redirect_uris");
    c.web_origins = inst.uris("additional_origins");
    c
}

/// A list of enums without `prefix`; unknown names are kept as written.
fn enums<T>(list: Setting<List<String>>, prefix: &str, f: impl Fn(&str) -> T) -> Option<List<T>> {
    let list = list.known()?.value;
    Some(List {
        origin: list.origin,
        items: list
            .items
            .into_iter()
            .map(|i| Field::new(f(i.value.strip_prefix(prefix).unwrap_or(&i.value)), i.origin))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use crate::formats::terraform::tests::read;
    use crate::formats::testing::grants;
    use crate::model::{Declared, Grant};

    #[test]
    fn defaults_are_a_confidential_web_app() {
        let c = &read(
            r#"{"resource": {"zitadel_application_oidc": {"argocd": {
                "project_id": "${zitadel_project.ops.id}", "name": "argocd",
                "redirect_uris": ["http://argocd.example.com/auth/callback"],
                "response_types": ["OIDC_RESPONSE_TYPE_ID_TOKEN_TOKEN"],
                "grant_types": ["OIDC_GRANT_TYPE_IMPLICIT"], "dev_mode": true}}}}"#,
        )[0];
        assert_eq!(c.vendor.product, "Zitadel");
        assert_eq!(c.name.as_deref(), Some("argocd"));
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Web);
        assert!(c.declared.as_ref().unwrap().origin.is_default());
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert_eq!(grants(c), [Grant::Implicit]);
        assert!(c.response_types.as_ref().unwrap().items[0].value.token);
    }

    #[test]
    fn the_none_method_makes_a_public_app_with_pkce() {
        let c = &read(
            r#"{"resource": {"zitadel_application_oidc": {"spa": {
                "project_id": "p", "name": "spa", "app_type": "OIDC_APP_TYPE_USER_AGENT",
                "auth_method_type": "OIDC_AUTH_METHOD_TYPE_NONE",
                "redirect_uris": ["https://spa.example.com/cb"],
                "response_types": ["OIDC_RESPONSE_TYPE_CODE"],
                "grant_types": ["OIDC_GRANT_TYPE_AUTHORIZATION_CODE"]}}}}"#,
        )[0];
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        assert!(c.pkce.required.as_ref().unwrap().value);
    }
}
