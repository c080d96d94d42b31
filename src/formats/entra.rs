//! Microsoft Entra ID (Azure AD) application manifests (docs/providers.md), in both shapes: the old
//! AAD Graph manifest (`replyUrlsWithType[] = {url, type: Web|Spa|InstalledClient}`,
//! `oauth2AllowImplicitFlow`), which Teams Toolkit's `aad.manifest.json` / `aad.template.json` use
//! with `${{VAR}}` / `{{state.…}}` placeholders, and the Microsoft Graph manifest (`web`, `spa`,
//! `publicClient` sections, `web.implicitGrantSettings`, `isFallbackPublicClient`).
//!
//! One registration can serve several platforms at once (a web back end and a SPA under one
//! `appId`), and Entra applies each platform's rules to its own redirect URIs. The model has one
//! client with one declared type, so:
//! * the redirect URIs are those of every platform, each pointing where it is written;
//! * the declared type is the platform's (Web → web, Spa → spa, InstalledClient / publicClient →
//!   native) only when exactly one platform has redirect URIs; with several it stays unknown and
//!   inference reads the URIs, since any single type would misdescribe the others;
//! * PKCE counts as required (an Entra default) only for a SPA-only registration: Entra insists on
//!   PKCE when a code is redeemed for a `spa` redirect URI, and for no other platform.
//!
//! Grants are not in the manifest and are modelled from what enables them: the authorization code
//! flow for any registration with a redirect URI (an Entra default), the implicit grant from the
//! access-token issuance switch, and client credentials from an application permission (`Role`)
//! in `requiredResourceAccess`, which only that grant can use. ID-token issuance alone
//! (`oauth2AllowIdTokenImplicitFlow`) returns no access token and is not counted as implicit.
//! The "allow public client flows" switch (`isFallbackPublicClient`) is read as the public flag.

use super::{anchor, boolean, concat, jwk, origin, params, string, strings, Format, Vendor};
use super::{member, Setting};
use crate::document::{Cursor, Document};
use crate::model::{Client, Declared, DocKind, Field, Grant, List, Origin, Secret, SecretKind};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "entra",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        keys_registered_out_of_band: true,
        host_app_schemes: &["brk-"],
        spa_platform_requires_pkce: Some(SPA_PKCE_WHY),
        grant_switches: &[
            member(&[], "oauth2AllowImplicitFlow", Setting::Bool(false)),
            member(
                &["web", "implicitGrantSettings"],
                "enableAccessTokenIssuance",
                Setting::Bool(false),
            ),
        ],
        ..Vendor::STANDARD
    },
};

/// Members only an application manifest has.
const TELLS: [&str; 6] = [
    "replyUrlsWithType",
    "oauth2AllowImplicitFlow",
    "requiredResourceAccess",
    "isFallbackPublicClient",
    "signInAudience",
    "oauth2AllowIdTokenImplicitFlow",
];

const AUTH_CODE_WHY: &str = "Entra: any app registration with a redirect URI can use the authorization code flow";
const GRANTS_WHY: &str = "Entra manifests list no grants: these are the flows the registration's settings enable";
const SPA_PKCE_WHY: &str = "Entra requires PKCE to redeem a code sent to a redirect URI of the `spa` platform";

fn detect(doc: &Document, _path: &Path) -> bool {
    let root = Cursor::root(doc);
    let n = root.node;
    n.is_object()
        && (TELLS.iter().any(|k| n.get(k).is_some())
            || root.path(&["spa", "redirectUris"]).is_some()
            || root.path(&["web", "implicitGrantSettings"]).is_some())
}

/// A platform's redirect URIs, and where its type is written.
pub(crate) struct Platform {
    pub declared: Declared,
    pub uris: List<String>,
    pub type_origin: Origin,
}

/// The `url`s of some `replyUrlsWithType` items, each pointing where it is written; `None` if none.
fn uri_list(list: &Cursor, items: Vec<(Cursor, String)>) -> Option<List<String>> {
    (!items.is_empty()).then(|| List {
        origin: origin(list),
        items: items.into_iter().map(|(c, u)| Field::new(u, origin(&c))).collect(),
    })
}

/// The old shape: `replyUrlsWithType[]` grouped by type, and untyped `replyUrls[]`.
fn old_platforms(at: &Cursor, out: &mut Vec<Platform>, untyped: &mut Option<List<String>>) {
    if let Some(list) = at.get("replyUrlsWithType") {
        for (ty, declared) in [
            ("Web", Declared::Web),
            ("Spa", Declared::Spa),
            ("InstalledClient", Declared::Native),
        ] {
            let mut type_origin = None;
            let items: Vec<_> = list
                .items()
                .filter_map(|item| {
                    let t = item.get("type")?;
                    if !t.as_str()?.eq_ignore_ascii_case(ty) {
                        return None;
                    }
                    type_origin.get_or_insert_with(|| origin(&t));
                    let url = item.get("url")?;
                    let s = url.as_str()?.to_string();
                    Some((url, s))
                })
                .collect();
            if let (Some(uris), Some(type_origin)) = (uri_list(&list, items), type_origin) {
                out.push(Platform {
                    declared,
                    uris,
                    type_origin,
                });
            }
        }
    }
    *untyped = strings(at, "replyUrls").filter(|l| !l.is_empty());
}

/// The new shape: `web`, `spa` and `publicClient` sections with `redirectUris`.
fn new_platforms(at: &Cursor, out: &mut Vec<Platform>) {
    for (section, declared) in [
        ("web", Declared::Web),
        ("spa", Declared::Spa),
        ("publicClient", Declared::Native),
    ] {
        let uris = at.get(section).and_then(|s| strings(&s, "redirectUris"));
        if let Some(uris) = uris.filter(|l| !l.is_empty()) {
            let type_origin = uris.origin.clone();
            out.push(Platform {
                declared,
                uris,
                type_origin,
            });
        }
    }
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    let at = Cursor::root(doc);
    let mut c = Client::new(&FORMAT, at.pointer.clone(), anchor(&at, "appId"), DocKind::Registered);
    c.id = string(&at, "appId");
    c.name = string(&at, "displayName")
        .or_else(|| string(&at, "name"))
        .map(|f| f.value);
    c.public = boolean(&at, "isFallbackPublicClient")
        .or_else(|| boolean(&at, "allowPublicClient"))
        .or_else(|| boolean(&at, "publicClient"));
    c.secret = password_credential(&at);
    c.jwks = at
        .get("keyCredentials")
        .filter(|k| k.items().next().is_some())
        .map(|k| jwk::opaque(origin(&k)));

    let mut platforms = Vec::new();
    let mut untyped = None;
    old_platforms(&at, &mut platforms, &mut untyped);
    new_platforms(&at, &mut platforms);
    set_platforms(&mut c, platforms, untyped);
    // `logoutUrl` is where Entra sends the front-channel logout request, not a post-logout
    // redirect (Entra returns users after logout to any registered redirect URI).
    c.uris = params(&[("logoutUrl", "frontchannel_logout_uri")], |k| {
        string(&at, k).or_else(|| at.get("web").and_then(|w| string(&w, k)))
    });
    c.grants = grants(&at, c.redirect_uris.is_some());
    vec![c]
}

/// The redirect URIs of every platform, and the declared type and PKCE default of a registration
/// with exactly one (see the module comment). `untyped` URIs belong to no known platform.
pub(crate) fn set_platforms(c: &mut Client, platforms: Vec<Platform>, untyped: Option<List<String>>) {
    if let [only] = platforms.as_slice() {
        if untyped.is_none() {
            c.declared = Some(Field::new(only.declared, only.type_origin.clone()));
            if let Some(why) = FORMAT
                .vendor
                .spa_platform_requires_pkce
                .filter(|_| only.declared == Declared::Spa)
            {
                c.pkce.required = Some(Field::new(true, Origin::Default { why }));
            }
        }
    }
    c.redirect_uris = concat(platforms.into_iter().map(|p| Some(p.uris)).chain([untyped]));
}

/// The grants the registration enables (see the module comment).
fn grants(at: &Cursor, has_redirects: bool) -> Option<List<Grant>> {
    let implicit = boolean(at, "oauth2AllowImplicitFlow").or_else(|| {
        at.path(&["web", "implicitGrantSettings"])
            .and_then(|s| boolean(&s, "enableAccessTokenIssuance"))
    });
    let role = at
        .get("requiredResourceAccess")
        .into_iter()
        .flat_map(|r| r.items().collect::<Vec<_>>())
        .flat_map(|r| r.get("resourceAccess").into_iter())
        .flat_map(|l| l.items().collect::<Vec<_>>())
        .find_map(|a| a.get("type").filter(|t| t.as_str() == Some("Role")));
    enabled_grants(has_redirects, implicit, role.map(|t| origin(&t)))
}

/// The grants a registration's settings enable: the code flow with any redirect URI, implicit
/// from the access-token issuance switch, client credentials from an application permission
/// (`Role`), at `role`.
pub(crate) fn enabled_grants(
    has_redirects: bool,
    access_token_issuance: Option<Field<bool>>,
    role: Option<Origin>,
) -> Option<List<Grant>> {
    let mut items = Vec::new();
    if has_redirects {
        items.push(Field::new(
            Grant::AuthorizationCode,
            Origin::Default { why: AUTH_CODE_WHY },
        ));
    }
    if let Some(f) = access_token_issuance.filter(|f| f.value) {
        items.push(Field::new(Grant::Implicit, f.origin));
    }
    if let Some(o) = role {
        items.push(Field::new(Grant::ClientCredentials, o));
    }
    // The list points at the first grant the file itself enables, if any.
    let origin = items
        .iter()
        .map(|g| g.origin.clone())
        .find(|o| !o.is_default())
        .unwrap_or(Origin::Default { why: GRANTS_WHY });
    (!items.is_empty()).then_some(List { origin, items })
}

/// The first `passwordCredentials[]` entry: its secret text when the manifest holds it (rare:
/// Entra never returns it), else a reference to a secret kept in Entra.
fn password_credential(at: &Cursor) -> Option<Secret> {
    let entry = at.get("passwordCredentials")?.items().next()?;
    for key in ["secretText", "value"] {
        if let Some(s) = super::secret(&entry, key) {
            return Some(s);
        }
    }
    Some(Secret {
        kind: SecretKind::Reference,
        value: String::new(),
        origin: origin(&entry),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing::{self, grants};

    fn read(text: &str) -> Client {
        testing::read(&FORMAT, text, Syntax::Json).remove(0)
    }

    #[test]
    fn old_shape_with_one_platform_declares_it() {
        let c = read(
            r#"{"appId": "${{AAD_APP_CLIENT_ID}}", "name": "tab-aad", "signInAudience": "AzureADMyOrg",
                "oauth2AllowImplicitFlow": false,
                "replyUrlsWithType": [{"url": "https://tab.example.com/auth-end.html", "type": "Spa"}]}"#,
        );
        assert_eq!(c.format, "entra");
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Spa);
        let Origin::File { pointer, .. } = &c.declared.as_ref().unwrap().origin else {
            panic!("from the file")
        };
        assert_eq!(pointer.as_str(), "/replyUrlsWithType/0/type");
        assert!(c.pkce.required.as_ref().unwrap().origin.is_default());
        assert_eq!(grants(&c), [Grant::AuthorizationCode]);
        let Origin::File { pointer, .. } = &c.redirect_uris.as_ref().unwrap().items[0].origin else {
            panic!("from the file")
        };
        assert_eq!(pointer.as_str(), "/replyUrlsWithType/0/url");
    }

    #[test]
    fn several_platforms_leave_the_type_to_inference() {
        let c = read(
            r#"{"appId": "a", "oauth2AllowImplicitFlow": true,
                "replyUrlsWithType": [{"url": "https://x.example/auth-end.html", "type": "Web"},
                                      {"url": "https://x.example/auth-end.html?c=1", "type": "Spa"}],
                "requiredResourceAccess": [{"resourceAppId": "Microsoft Graph", "resourceAccess": [
                    {"id": "User.Read", "type": "Scope"}, {"id": "Sites.ReadWrite.All", "type": "Role"}]}]}"#,
        );
        assert!(c.declared.is_none());
        assert!(c.pkce.required.is_none());
        assert_eq!(c.redirects().count(), 2);
        assert_eq!(
            grants(&c),
            [Grant::AuthorizationCode, Grant::Implicit, Grant::ClientCredentials]
        );
        let Origin::File { pointer, .. } = &c.grant(&Grant::ClientCredentials).unwrap().origin else {
            panic!("from the file")
        };
        assert_eq!(pointer.as_str(), "/requiredResourceAccess/0/resourceAccess/1/type");
    }

    #[test]
    fn new_shape_sections_and_switches() {
        let c = read(
            r#"{"appId": "b", "displayName": "Desk", "isFallbackPublicClient": true,
                "publicClient": {"redirectUris": ["http://localhost"]},
                "web": {"redirectUris": [], "implicitGrantSettings": {"enableAccessTokenIssuance": false,
                        "enableIdTokenIssuance": true}},
                "spa": {"redirectUris": []},
                "passwordCredentials": [{"displayName": "ci", "keyId": "k"}]}"#,
        );
        assert_eq!(c.name.as_deref(), Some("Desk"));
        assert_eq!(c.declared.as_ref().unwrap().value, Declared::Native);
        assert!(c.public.as_ref().unwrap().value);
        assert_eq!(
            grants(&c),
            [Grant::AuthorizationCode],
            "ID tokens alone are not implicit"
        );
        assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Reference);
        assert!(c.uris.is_empty());
    }

    #[test]
    fn the_logout_url_is_the_front_channel_logout_uri() {
        for text in [
            r#"{"appId": "a", "signInAudience": "AzureADMyOrg", "logoutUrl": "https://a.example/signout"}"#,
            r#"{"appId": "a", "signInAudience": "AzureADMyOrg", "web": {"logoutUrl": "https://a.example/signout"}}"#,
        ] {
            let c = read(text);
            assert_eq!(c.uris.len(), 1, "{text}");
            assert_eq!(c.uris[0].param, "frontchannel_logout_uri");
            assert_eq!(c.uris[0].value.value, "https://a.example/signout");
        }
        assert!(
            read(r#"{"appId": "a", "signInAudience": "AzureADMyOrg", "logoutUrl": ""}"#)
                .uris
                .is_empty()
        );
    }

    #[test]
    fn leaves_other_formats_alone() {
        for text in [
            r#"{"client_id": "a", "redirect_uris": ["https://a.example/cb"]}"#,
            r#"{"manifestVersion": "1.16", "id": "x", "staticTabs": []}"#,
        ] {
            assert!(!testing::detects(&FORMAT, text, Syntax::Json), "stole {text}");
        }
    }
}
