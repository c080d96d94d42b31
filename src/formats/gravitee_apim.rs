//! Gravitee APIM applications as the Gravitee Kubernetes Operator keeps them (docs/providers.md):
//! `apiVersion: gravitee.io/*`, `kind: Application`, client settings under `spec.settings`.
//!
//! An OAuth application (`settings.oauth`) is registered by APIM in the identity provider through
//! dynamic client registration, from its `applicationType`; a simple application
//! (`settings.app`) only names a `clientId` that some other server issued. Operator versions
//! differ in how they write `settings.oauth`: older ones in camelCase (`applicationType`,
//! `grantTypes`, `redirectUris`: the shape of Gravitee AM's settings, read by
//! [`gravitee::read_oauth`]), newer ones with APIM's snake_case names (`application_type`,
//! `grant_types`, `redirect_uris`, `client_id`, `client_secret`: RFC 7591's, read by
//! [`rfc7591::read_metadata`]).
//!
//! `settings.oauth.additional_client_metadata` (`additionalClientMetadata` in camelCase operator
//! versions) is a string map APIM adds to the registration request; see [`read_additional`].

use super::{gravitee, members, origin, rfc7591, string, strings, Format, Vendor};
use crate::document::{Cursor, Document, Span};
use crate::model::{Client, Declared, DocKind, Field, ALG_PARAMS};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "gravitee-apim",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor::STANDARD,
};

fn detect(doc: &Document, _path: &Path) -> bool {
    !resources(Cursor::root(doc)).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    resources(Cursor::root(doc)).iter().map(client).collect()
}

fn is_application(c: &Cursor) -> bool {
    c.get("kind").and_then(|k| k.as_str()) == Some("Application")
        && c.get("apiVersion")
            .and_then(|a| a.as_str())
            .is_some_and(|a| a.starts_with("gravitee.io/"))
        && c.get("spec").is_some_and(|s| s.node.is_object())
}

/// One resource, or the items of a list (`kubectl get -o yaml`).
fn resources(root: Cursor) -> Vec<Cursor> {
    if is_application(&root) {
        return vec![root];
    }
    root.get("items")
        .map(|l| l.items().filter(is_application).collect())
        .unwrap_or_default()
}

/// APIM's application types (`applicationType` / `application_type`).
fn declared(t: &str) -> Option<Declared> {
    Some(match t.to_ascii_uppercase().as_str() {
        "BROWSER" => Declared::Spa,
        "NATIVE" => Declared::Native,
        "WEB" => Declared::Web,
        "BACKEND_TO_BACKEND" => Declared::M2m,
        _ => return None,
    })
}

/// The string-valued members of APIM's `ClientRegistrationRequest`, the class APIM converts
/// `additional_client_metadata` into (Jackson `convertValue` in its `ClientRegistrationServiceImpl`,
/// unknown names ignored) before it sends the RFC 7591 request: any name not here, in [`SENT_ALGS`] or in [`LISTS`] never reaches the identity
/// provider (`post_logout_redirect_uris`, `require_pushed_authorization_requests`,
/// `dpop_bound_access_tokens`, `jwks`, …).
const SENT: [&str; 17] = [
    "application_type",
    "client_name",
    "logo_uri",
    "client_uri",
    "policy_uri",
    "tos_uri",
    "jwks_uri",
    "sector_identifier_uri",
    "subject_type",
    "token_endpoint_auth_method",
    "default_max_age",
    "require_auth_time",
    "initiate_login_uri",
    "scope",
    "software_id",
    "software_version",
    "software_statement",
];

/// Its algorithm members: RFC 7591's and OIDC Registration's, the first ten of [`ALG_PARAMS`]
/// (not JARM's, CIBA's or RFC 9701's).
const SENT_ALGS: &[&str] = ALG_PARAMS.split_at(10).0;

/// The list-valued members of that class. A string map cannot carry them: Jackson refuses a string
/// where the class wants a list (neither a JSON-encoded array nor a comma-separated list is read),
/// so APIM fails the registration rather than send them.
const LISTS: [&str; 6] = [
    "redirect_uris",
    "response_types",
    "grant_types",
    "contacts",
    "default_acr_values",
    "request_uris",
];

/// Reads APIM's `additional_client_metadata` as the RFC 7591 client metadata it becomes, with the
/// rfc7591 reader, keeping what APIM sends and the application does not already set: the auth
/// method, keys by reference, algorithms, subject type, scope, software statement and the URIs the
/// application has no field for (its own `client_uri`, `logo_uri`, redirect URIs and grants win).
fn read_additional(map: &Cursor, c: &mut Client) {
    let mut sent = Client::new(&FORMAT, map.pointer.clone(), map.span(), c.doc_kind);
    rfc7591::read_metadata(map, &mut sent);
    let kept = |param: &str| {
        (SENT.contains(&param) || SENT_ALGS.contains(&param)) && !["client_uri", "logo_uri"].contains(&param)
    };
    c.auth_method = sent.auth_method.or(c.auth_method.take());
    c.jwks_uri = sent.jwks_uri.or(c.jwks_uri.take());
    c.subject_type = sent.subject_type.or(c.subject_type.take());
    c.scope = sent.scope.or(c.scope.take());
    c.per_instance |= sent.per_instance;
    c.algs.extend(sent.algs.into_iter().filter(|a| kept(a.param)));
    c.uris.extend(sent.uris.into_iter().filter(|u| kept(u.param)));
    c.members = Some(members(map, &[&SENT, SENT_ALGS, &LISTS], false));
}

/// The first of several spellings of one member, looked up in order.
fn first<'a>(at: Option<&Cursor<'a>>, keys: &[&str]) -> Option<Cursor<'a>> {
    keys.iter().find_map(|k| at?.get(k))
}

fn client(res: &Cursor) -> Client {
    let spec = res.get("spec").unwrap_or_else(|| res.clone());
    let oauth = spec.path(&["settings", "oauth"]).filter(|o| o.node.is_object());
    let app = spec.path(&["settings", "app"]).filter(|o| o.node.is_object());
    let id_at = first(oauth.as_ref(), &["client_id", "clientId"])
        .or_else(|| first(app.as_ref(), &["client_id", "clientId"]))
        .or_else(|| spec.get("clientId"))
        .filter(|c| c.as_str().is_some_and(|s| !s.is_empty()));
    let name_at = res.path(&["metadata", "name"]);
    let anchor = id_at
        .as_ref()
        .or(name_at.as_ref())
        .map_or(Span::new(spec.span().start, spec.span().start + 1), Cursor::span);
    // Without a client_id the resource asks APIM to register the client.
    let doc_kind = if id_at.is_some() {
        DocKind::Registered
    } else {
        DocKind::RegistrationRequest
    };
    let pointer = oauth.as_ref().or(app.as_ref()).unwrap_or(&spec).pointer.clone();
    let mut c = Client::new(&FORMAT, pointer, anchor, doc_kind);
    if let Some(o) = &oauth {
        let snake = ["application_type", "grant_types", "redirect_uris"]
            .iter()
            .any(|k| o.get(k).is_some());
        if snake {
            rfc7591::read_metadata(o, &mut c);
        } else {
            gravitee::read_oauth(o, &mut c);
        }
    }
    if let Some(map) = first(
        oauth.as_ref(),
        &["additional_client_metadata", "additionalClientMetadata"],
    )
    .filter(|m| m.node.is_object())
    {
        read_additional(&map, &mut c);
    }
    // The application type is APIM's, not OIDC's `web` / `native`.
    c.application_type = None;
    c.declared = first(oauth.as_ref(), &["applicationType", "application_type"])
        .and_then(|t| Some(Field::new(declared(t.as_str()?)?, origin(&t))));
    c.id = id_at.and_then(|i| Some(Field::new(i.as_str()?.to_string(), origin(&i))));
    c.name = string(&spec, "name")
        .or_else(|| string(res.get("metadata").as_ref()?, "name"))
        .map(|f| f.value);
    if c.redirect_uris.is_none() {
        c.redirect_uris = oauth
            .as_ref()
            .and_then(|o| strings(o, "redirectUris"))
            .or_else(|| strings(&spec, "redirectUris"));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Syntax};
    use crate::model::Grant;
    use std::sync::Arc;

    fn clients(text: &str) -> Vec<Client> {
        crate::formats::testing::read(&FORMAT, text, Syntax::Yaml)
    }

    const CAMEL: &str = "apiVersion: gravitee.io/v1alpha1
kind: Application
metadata:
  name: shop-spa
spec:
  name: Shop
  settings:
    oauth:
      applicationType: BROWSER
      grantTypes: [authorization_code, implicit]
      redirectUris: [https://shop.example.com/cb]
";

    #[test]
    fn reads_camel_case_oauth_settings() {
        let c = &clients(CAMEL)[0];
        assert_eq!(c.format, "gravitee-apim");
        assert_eq!(c.pointer.as_str(), "/spec/settings/oauth");
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        assert!(c.application_type.is_none());
        assert_eq!(c.doc_kind, DocKind::RegistrationRequest);
        assert_eq!(c.display_id(), "Shop");
        assert_eq!(&CAMEL[c.anchor.range()], "shop-spa");
        assert!(c.has_grant(&Grant::Implicit));
        let Some(crate::model::Origin::File { pointer, .. }) = c.redirects().next().map(|r| &r.origin) else {
            panic!("read from the file")
        };
        assert_eq!(pointer.as_str(), "/spec/settings/oauth/redirectUris/0");
    }

    #[test]
    fn reads_snake_case_oauth_settings_and_simple_apps() {
        let snake = "apiVersion: gravitee.io/v1alpha1
kind: Application
metadata: {name: batch}
spec:
  name: batch
  settings:
    oauth:
      application_type: BACKEND_TO_BACKEND
      client_id: batch-client
      client_secret: ${BATCH_SECRET}
      grant_types: [client_credentials]
";
        let c = &clients(snake)[0];
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::M2m);
        assert_eq!(c.id.as_ref().unwrap().value, "batch-client");
        assert_eq!(c.doc_kind, DocKind::Registered);
        assert_eq!(c.secret.as_ref().unwrap().kind, crate::model::SecretKind::Placeholder);
        assert!(c.has_grant(&Grant::ClientCredentials));

        let simple = "apiVersion: gravitee.io/v1alpha1
kind: Application
metadata: {name: partner}
spec:
  name: partner
  settings:
    app: {type: web, client_id: partner-123}
";
        let c = &clients(simple)[0];
        assert_eq!(c.id.as_ref().unwrap().value, "partner-123");
        assert_eq!(c.pointer.as_str(), "/spec/settings/app");
        assert!(c.grants.is_none() && c.declared.is_none());
    }

    #[test]
    fn reads_the_metadata_apim_sends_from_additional_client_metadata() {
        let text = "apiVersion: gravitee.io/v1alpha1
kind: Application
metadata: {name: ledger}
spec:
  name: ledger
  settings:
    oauth:
      application_type: BACKEND_TO_BACKEND
      grant_types: [client_credentials]
      client_uri: https://ledger.example.com
      additional_client_metadata:
        token_endpoint_auth_method: private_key_jwt
        jwks_uri: https://ledger.example.com/jwks.json
        token_endpoint_auth_signing_alg: PS256
        authorization_signed_response_alg: RS256
        client_uri: https://other.example.com
        tos_uri: https://ledger.example.com/tos
        request_uris: https://ledger.example.com/request.jwt
        dpop_bound_access_tokens: 'true'
        require_pushed_authorization_requests: 'true'
        post_logout_redirect_uris: https://ledger.example.com/bye
        token_endpoint_auth_methd: none
";
        let c = &clients(text)[0];
        let auth = c.auth_method.as_ref().unwrap();
        assert_eq!(auth.value, "private_key_jwt");
        let crate::model::Origin::File { pointer, span } = &auth.origin else {
            panic!("read from the file")
        };
        assert_eq!(
            pointer.as_str(),
            "/spec/settings/oauth/additional_client_metadata/token_endpoint_auth_method"
        );
        assert_eq!(&text[span.range()], "private_key_jwt");
        assert_eq!(
            c.jwks_uri.as_ref().unwrap().value,
            "https://ledger.example.com/jwks.json"
        );
        // JARM's algorithm, `request_uris`, binding, PAR and logout URIs are not members of APIM's
        // registration request, so the identity provider never sees them.
        let algs: Vec<&str> = c.algs.iter().map(|a| a.param).collect();
        assert_eq!(algs, ["token_endpoint_auth_signing_alg"]);
        let uris: Vec<(&str, &str)> = c.uris.iter().map(|u| (u.param, u.value.value.as_str())).collect();
        assert_eq!(
            uris,
            [
                ("client_uri", "https://ledger.example.com"),
                ("tos_uri", "https://ledger.example.com/tos")
            ]
        );
        assert!(c.tokens.dpop_bound.is_none() && c.par_required.is_none());
        assert!(c.post_logout_redirect_uris.is_none());
        // The members are the map's, so a misspelt name is caught against what APIM sends.
        let keys: Vec<&str> = c
            .members
            .as_ref()
            .unwrap()
            .keys
            .iter()
            .map(|k| k.value.as_str())
            .collect();
        assert!(keys.contains(&"token_endpoint_auth_methd"));
    }

    #[test]
    fn reads_the_camel_case_map_of_older_operators() {
        let text = CAMEL.replace(
            "      redirectUris:",
            "      additionalClientMetadata: {id_token_signed_response_alg: none}\n      redirectUris:",
        );
        let c = &clients(&text)[0];
        assert_eq!(c.algs[0].param, "id_token_signed_response_alg");
        assert_eq!(c.algs[0].value.value, "none");
    }

    #[test]
    fn leaves_other_applications_alone() {
        for text in [
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec: {project: default}\n",
            "apiVersion: gravitee.io/v1alpha1\nkind: ApiDefinition\nspec: {name: x}\n",
        ] {
            let d = parse(&Arc::<str>::from(text), Syntax::Yaml).unwrap();
            assert!(!detect(&d, Path::new("x.yaml")), "stole {text}");
        }
    }
}
