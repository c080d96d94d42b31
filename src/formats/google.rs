//! Google OAuth client files, `client_secret*.json` (docs/providers.md): one top-level key, `web`
//! (a server-side web client) or `installed` (a desktop or mobile app), holding the client.
//!
//! The file has no grant, PKCE or lifetime fields, so those stay unknown.
//!
//! An `installed` client's `client_secret` is not modelled as a client secret: Google issues it to
//! every installed app, embeds it in the app by design and documents that "in this context, the
//! client secret is obviously not treated as a secret" (OAuth 2.0 for installed applications).
//! Reporting it as a leaked credential or as a secret held by a public client would blame the
//! developer for Google's client format. A `web` client's secret is a real credential.
//!
//! Likewise an `installed` client's `redirect_uris` is always `["http://localhost"]`: Google writes it
//! and the console offers no way to change it. Google's desktop-app guide ("OAuth 2.0 for Mobile &
//! Desktop Apps", https://developers.google.com/identity/protocols/oauth2/native-app, "Loopback IP
//! address") has the app send `http://127.0.0.1:port` or `http://[::1]:port`, on any port, instead.

use super::{anchor, secret, string, strings, Format, GeneratedRedirect, Vendor};
use crate::document::{Cursor, Document};
use crate::model::{Client, Declared, DocKind, Field};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "google",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        generated_loopback_redirect: Some(GeneratedRedirect {
            uri: "http://localhost",
            vendor: "Google",
            accepted: "http://127.0.0.1:PORT",
        }),
        secret_issued_to_every_client: true,
        ..Vendor::STANDARD
    },
};

/// The client object: the only member, `web` or `installed`, with a client id and Google's
/// endpoints (what tells it from other files with a `web` key).
fn client_object(root: Cursor) -> Option<(Cursor, Declared)> {
    let members = root.node.as_object()?;
    let [only] = members else { return None };
    let declared = match only.key.as_str() {
        "web" => Declared::Web,
        "installed" => Declared::Native,
        _ => return None,
    };
    let at = root.get(&only.key)?;
    let n = at.node;
    let google = n.get("client_id").is_some() && (n.get("auth_uri").is_some() || n.get("token_uri").is_some());
    google.then_some((at, declared))
}

fn detect(doc: &Document, _path: &Path) -> bool {
    client_object(Cursor::root(doc)).is_some()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    let Some((at, declared)) = client_object(Cursor::root(doc)) else {
        return Vec::new();
    };
    let mut c = Client::new(
        &FORMAT,
        at.pointer.clone(),
        anchor(&at, "client_id"),
        DocKind::Registered,
    );
    c.id = string(&at, "client_id");
    c.name = string(&at, "project_id").map(|f| f.value);
    let key_span = at.key_span.unwrap_or(at.span());
    c.declared = Some(Field::new(
        declared,
        crate::model::Origin::file(at.pointer.clone(), key_span),
    ));
    if declared == Declared::Web {
        c.secret = secret(&at, "client_secret");
    }
    c.redirect_uris = strings(&at, "redirect_uris");
    c.web_origins = strings(&at, "javascript_origins");
    vec![c]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;
    use crate::model::SecretKind;

    fn read(text: &str) -> Client {
        testing::read(&FORMAT, text, Syntax::Json).remove(0)
    }

    #[test]
    fn reads_a_web_client_with_its_secret() {
        let c = &read(
            r#"{"web": {"client_id": "123-abc.apps.googleusercontent.com", "project_id": "shop",
                "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
                "client_secret": "GOCSPX-abcdefghijklmnopqrstuvwxyz12", "redirect_uris": ["https://shop.example.com/oauth2callback"],
                "javascript_origins": ["https://shop.example.com"]}}"#,
        );
        assert_eq!(c.format, "google");
        assert_eq!(c.pointer.as_str(), "/web");
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Web);
        assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Plaintext);
        assert_eq!(c.redirects().count(), 1);
        assert_eq!(c.web_origins.as_ref().unwrap().items.len(), 1);
        assert!(c.grants.is_none() && c.pkce.required.is_none());
    }

    #[test]
    fn an_installed_clients_secret_is_not_a_secret() {
        let c = &read(
            r#"{"installed": {"client_id": "9-x.apps.googleusercontent.com", "token_uri": "https://oauth2.googleapis.com/token",
                "client_secret": "GOCSPX-abcdefghijklmnopqrstuvwxyz12", "redirect_uris": ["http://localhost"]}}"#,
        );
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Native);
        assert!(c.secret.is_none());
    }

    #[test]
    fn leaves_other_files_alone() {
        for text in [
            r#"{"type": "service_account", "client_id": "1", "private_key": "x", "token_uri": "https://oauth2.googleapis.com/token"}"#,
            r#"{"web": {"port": 8080}}"#,
            r#"{"web": {"client_id": "a", "auth_uri": "https://a"}, "other": 1}"#,
        ] {
            assert!(!testing::detects(&FORMAT, text, Syntax::Json), "stole {text}");
        }
    }
}
