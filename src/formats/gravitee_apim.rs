//! Gravitee APIM applications as the Gravitee Kubernetes Operator keeps them (FORMATS.md §2, end):
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

use super::{gravitee, origin, rfc7591, string, strings, Format, Vendor};
use crate::document::{Cursor, Document, Span};
use crate::model::{Client, Declared, DocKind, Field};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "gravitee-apim",
    detect,
    extract,
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
