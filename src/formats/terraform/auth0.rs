//! `auth0_client` (auth0/terraform-provider-auth0, `internal/auth0/client/{resource,expand}.go`),
//! joined with the `auth0_client_credentials` that names it in `client_id` (its auth method,
//! secret and keys), and with the module's `auth0_resource_server`s, whose `token_lifetime` bounds
//! the client's access tokens (server context).
//!
//! The provider sends only what is written (`value.*` of the raw configuration), so Auth0's own
//! defaults apply to the rest and stay unknown here: `grant_types`, `oidc_conformant`,
//! `refresh_token`, the APIs' token lifetimes. One exception is the auth method: when the client
//! is created, `expandClient` sets `token_endpoint_auth_method` from `app_type` (`native`, `spa` ⇒
//! `none`; `regular_web`, `non_interactive` ⇒ `client_secret_post`), and an
//! `auth0_client_credentials` without `authentication_method` leaves it so. PKCE is not a client
//! setting in Auth0. The attribute names are the Management API's, as in the Auth0 format.

use super::{Instance, Resource, Setting};
use crate::formats::auth0::{declared, lifetime_keys, refresh, REJECTS_UNREGISTERED_REDIRECTS};
use crate::formats::{concat, jwk, lifetime, longest, map_list, server, Vendor};
use crate::model::{Alg, Client, Field, Grant, Lifetime, Origin, Param};

pub const CLIENT: Resource = Resource {
    kind: "auth0_client",
    vendor: Vendor {
        product: "Auth0",
        rejects_unregistered_redirects: Some(REJECTS_UNREGISTERED_REDIRECTS),
        keys_registered_out_of_band: true,
        ..Vendor::STANDARD
    },
    pulumi: &["auth0:index/client:Client", "auth0:Client"],
    read,
};

const CREATE_AUTH_WHY: &str =
    "the Auth0 provider creates a client of this app_type with this token_endpoint_auth_method";

fn read(inst: &Instance) -> Client {
    let mut c = inst.client("name");
    inst.identify(&mut c, "client_id", "name");
    c.declared = inst
        .string("app_type")
        .known()
        .and_then(|t| Some(Field::new(declared(&t.value)?, t.origin)));
    let credentials = inst
        .referring("auth0_client_credentials", "client_id")
        .into_iter()
        .next();
    c.auth_method = auth_method(inst, credentials.as_ref());
    // Provider versions before 1.0 kept the secret on the client; a plan or state shows it there.
    c.secret = credentials
        .as_ref()
        .and_then(|cr| {
            cr.secret("client_secret")
                .or_else(|| cr.write_only_secret("client_secret_wo"))
        })
        .or_else(|| inst.secret("client_secret"));
    if let Some(cr) = &credentials {
        let keys = ["private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth"]
            .iter()
            .find_map(|k| cr.raw(k).filter(|b| b.node.as_array().is_none_or(|a| !a.is_empty())));
        c.jwks = keys.map(|k| jwk::opaque(cr.origin(&k)));
        c.signed_request_required = cr
            .block("signed_request_object")
            .and_then(|b| b.boolean("required").known());
    }
    c.jwks_uri = inst.string("jwks_uri").known();
    c.uris = ["logo_uri", "initiate_login_uri"]
        .into_iter()
        .filter_map(|p| {
            Some(Param {
                param: p,
                value: inst.string(p).known().filter(|f| !f.value.is_empty())?,
            })
        })
        .collect();
    if let Some(logout) = inst.block("oidc_logout") {
        if let Some(urls) = logout.strings("backchannel_logout_urls").known() {
            c.uris.extend(urls.value.items.into_iter().map(|value| Param {
                param: "backchannel_logout_uri",
                value,
            }));
        }
    }
    // Left out, the grants are Auth0's default for how the client is created: unknown here.
    c.grants = inst
        .strings("grant_types")
        .known()
        .map(|l| map_list(l.value, Grant::parse));
    c.redirect_uris = inst.uris("callbacks");
    c.post_logout_redirect_uris = inst.uris("allowed_logout_urls");
    c.web_origins = concat([inst.uris("web_origins"), inst.uris("allowed_origins")]);
    c.first_party = inst.boolean("is_first_party").known();
    // Auth0 always asks users to consent to a third-party application; whether a first-party one
    // skips consent is up to each API.
    c.consent_required = c
        .first_party
        .as_ref()
        .filter(|f| !f.value)
        .map(|f| Field::new(true, f.origin.clone()));
    c.par_required = inst.boolean("require_pushed_authorization_requests").known();
    c.tokens.mtls_bound = inst.boolean("require_proof_of_possession").known();
    if let Some(jwt) = inst.block("jwt_configuration") {
        // `lifetime_in_seconds` is the ID token's lifetime; access tokens belong to the API.
        c.tokens.id_token_lifetime = jwt.lifetime("lifetime_in_seconds").known();
        if let Some(alg) = jwt.string("alg").known() {
            c.algs.push(Alg {
                param: "id_token_signed_response_alg",
                value: alg,
            });
        }
    }
    if let Some(rt) = inst.block("refresh_token") {
        refresh(&rt.at, &mut c);
    }
    c.tokens.access_token_lifetime = access_token_lifetime(inst, c.declared.as_ref().map(|d| d.value));
    c
}

/// The auth method: `auth0_client_credentials.authentication_method`, else the legacy attribute
/// of provider versions before 1.0, else what the provider sets when it creates the client.
fn auth_method(inst: &Instance, credentials: Option<&Instance>) -> Option<Field<String>> {
    let written = credentials.map_or(Setting::Absent, |cr| cr.string("authentication_method"));
    match written {
        Setting::Known(m) => return Some(m),
        Setting::Unknown => return None,
        Setting::Absent | Setting::Computed => {}
    }
    match inst.string("token_endpoint_auth_method") {
        Setting::Known(m) => return Some(m),
        Setting::Unknown => return None,
        Setting::Absent | Setting::Computed => {}
    }
    let method = match inst.string("app_type").known()?.value.as_str() {
        "native" | "spa" => "none",
        "regular_web" | "non_interactive" => "client_secret_post",
        _ => return None,
    };
    Some(Field::new(method.to_string(), Origin::Default { why: CREATE_AUTH_WHY }))
}

/// The longest access-token lifetime among the APIs the client is granted (`auth0_client_grant`),
/// or, with no grant, of the module's only `auth0_resource_server`: a user-facing client needs no
/// grant to ask for a token for an API. With several APIs and no grant, which one the client calls
/// is unknown. Only lifetimes the configuration writes count (Auth0's default is its own).
fn access_token_lifetime(inst: &Instance, declared: Option<crate::model::Declared>) -> Option<Field<Lifetime>> {
    let keys = lifetime_keys(declared);
    let of = |api: &Instance| keys.iter().find_map(|k| api.lifetime(k).known()).map(server);
    let granted: Vec<Instance> = inst
        .referring("auth0_client_grant", "client_id")
        .iter()
        .filter_map(|g| g.referenced("audience", "auth0_resource_server", "identifier"))
        .collect();
    if !granted.is_empty() {
        return longest(granted.iter().filter_map(of));
    }
    let mut apis = inst
        .catalog
        .of_kind("auth0_resource_server")
        .filter(|d| d.module == inst.module);
    let (Some(only), None) = (apis.next(), apis.next()) else {
        return None;
    };
    keys.iter().find_map(|k| {
        let f = lifetime(&only.at, k)?;
        Some(match only.foreign {
            Some(path) => {
                let address = format!("{}.{}", only.kind, only.name);
                Field::new(f.value, super::joined(path, &address, &only.at.get(k)?))
            }
            None => server(f),
        })
    })
}
