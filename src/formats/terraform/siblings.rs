//! The IaC tools that drive the same Terraform providers, read with the same resource readers in
//! camelCase ([`Keys::Camel`]): Crossplane's provider-keycloak `Client` (Upjet over the Terraform
//! provider, so its defaults apply) and Pulumi YAML programs (Pulumi bridges the Terraform
//! providers).

use super::{Catalog, Declared, Instance, Keys, RESOURCES};
use crate::document::{Cursor, Document};
use crate::formats::{Format, Vendor};
use crate::model::Client;
use std::path::Path;

pub const CROSSPLANE: Format = Format {
    name: "crossplane",
    detect: |doc, _| crossplane_client(&Cursor::root(doc)),
    extract: crate::formats::Extract::All(crossplane),
    vendor: Vendor::STANDARD,
};

pub const PULUMI: Format = Format {
    name: "pulumi",
    detect: |doc, _| !pulumi_resources(&Cursor::root(doc)).is_empty(),
    extract: crate::formats::Extract::All(pulumi),
    vendor: Vendor::STANDARD,
};

/// provider-keycloak's API groups: cluster-scoped, and namespaced (`.m.`), any version.
const CROSSPLANE_GROUPS: [&str; 2] = [
    "openidclient.keycloak.crossplane.io/",
    "openidclient.keycloak.m.crossplane.io/",
];

fn crossplane_client(root: &Cursor) -> bool {
    let text = |k: &str| root.get(k).and_then(|c| c.as_str());
    text("kind") == Some("Client")
        && text("apiVersion").is_some_and(|v| CROSSPLANE_GROUPS.iter().any(|g| v.starts_with(g)))
        && root.path(&["spec", "forProvider"]).is_some()
}

/// `spec.forProvider`, with `spec.initProvider` (merged in at create) where it leaves a field out.
fn crossplane(doc: &Document, _path: &Path) -> Vec<Client> {
    let root = Cursor::root(doc);
    let Some(at) = root.path(&["spec", "forProvider"]) else {
        return Vec::new();
    };
    let name = root
        .path(&["metadata", "name"])
        .and_then(|n| n.as_str())
        .unwrap_or("client")
        .to_string();
    let catalog = Catalog::default();
    let client = super::resource("keycloak_openid_client").expect("in the table");
    let inst = Instance {
        at,
        fallback: root.path(&["spec", "initProvider"]),
        unknown: None,
        address: format!("Client/{name}"),
        name,
        module: String::new(),
        resource: client,
        format: &CROSSPLANE,
        keys: Keys::Camel,
        catalog: &catalog,
        foreign: None,
        repeated: false,
    };
    vec![(client.read)(&inst)]
}

/// Every `resources: NAME: {type, properties}` entry, as (name, type token, properties).
fn pulumi_entries<'a>(root: &Cursor<'a>) -> Vec<(String, &'a str, Cursor<'a>)> {
    let Some(resources) = root.get("resources").filter(|r| r.node.is_object()) else {
        return Vec::new();
    };
    resources
        .members()
        .filter_map(|(name, r)| Some((name.to_string(), r.get("type")?.as_str()?, r.get("properties")?)))
        .collect()
}

/// The entries whose type token is a client resource's.
fn pulumi_resources<'a>(root: &Cursor<'a>) -> Vec<(String, &'static super::Resource, Cursor<'a>)> {
    pulumi_entries(root)
        .into_iter()
        .filter_map(|(name, token, at)| Some((name, RESOURCES.iter().find(|res| res.pulumi.contains(&token))?, at)))
        .collect()
}

/// The type tokens of the resources a client is joined with (its credentials, URIs, realm, APIs),
/// by Terraform type: the bridged SDKs' `index` module, or the provider's own, and the short form.
const JOINED: [(&str, [&str; 2]); 11] = [
    (
        "auth0_client_credentials",
        [
            "auth0:index/clientCredentials:ClientCredentials",
            "auth0:ClientCredentials",
        ],
    ),
    (
        "auth0_client_grant",
        ["auth0:index/clientGrant:ClientGrant", "auth0:ClientGrant"],
    ),
    (
        "auth0_resource_server",
        ["auth0:index/resourceServer:ResourceServer", "auth0:ResourceServer"],
    ),
    (
        "okta_app_oauth_redirect_uri",
        [
            "okta:app/oAuthRedirectUri:OAuthRedirectUri",
            "okta:app:OAuthRedirectUri",
        ],
    ),
    (
        "okta_app_oauth_post_logout_redirect_uri",
        [
            "okta:app/oAuthPostLogoutRedirectUri:OAuthPostLogoutRedirectUri",
            "okta:app:OAuthPostLogoutRedirectUri",
        ],
    ),
    (
        "azuread_application_password",
        [
            "azuread:index/applicationPassword:ApplicationPassword",
            "azuread:ApplicationPassword",
        ],
    ),
    (
        "azuread_application_redirect_uris",
        [
            "azuread:index/applicationRedirectUris:ApplicationRedirectUris",
            "azuread:ApplicationRedirectUris",
        ],
    ),
    (
        "azuread_application_certificate",
        [
            "azuread:index/applicationCertificate:ApplicationCertificate",
            "azuread:ApplicationCertificate",
        ],
    ),
    (
        "azuread_application_fallback_public_client",
        [
            "azuread:index/applicationFallbackPublicClient:ApplicationFallbackPublicClient",
            "azuread:ApplicationFallbackPublicClient",
        ],
    ),
    ("keycloak_realm", ["keycloak:index/realm:Realm", "keycloak:Realm"]),
    (
        "aws_cognito_user_pool",
        ["aws:cognito/userPool:UserPool", "aws:cognito:UserPool"],
    ),
];

/// The entries whose type token is one of [`JOINED`].
fn pulumi_joined<'a>(root: &Cursor<'a>) -> Vec<Declared<'a>> {
    pulumi_entries(root)
        .into_iter()
        .filter_map(|(name, token, at)| {
            let (kind, _) = JOINED.iter().find(|(_, tokens)| tokens.contains(&token))?;
            Some(Declared {
                kind,
                name,
                module: String::new(),
                at,
                unknown: None,
                foreign: None,
            })
        })
        .collect()
}

fn pulumi(doc: &Document, _path: &Path) -> Vec<Client> {
    let root = Cursor::root(doc);
    let found = pulumi_resources(&root);
    // Every resource by its Pulumi name, for joins by `${name.id}`.
    let mut declared: Vec<Declared> = found
        .iter()
        .map(|(name, res, at)| Declared {
            kind: res.kind,
            name: name.clone(),
            module: String::new(),
            at: at.clone(),
            unknown: None,
            foreign: None,
        })
        .collect();
    declared.extend(pulumi_joined(&root));
    let catalog = Catalog::new(declared);
    found
        .iter()
        .map(|(name, res, at)| {
            let inst = Instance {
                at: at.clone(),
                fallback: None,
                unknown: None,
                address: name.clone(),
                name: name.clone(),
                module: String::new(),
                resource: res,
                format: &PULUMI,
                keys: Keys::Camel,
                catalog: &catalog,
                foreign: None,
                repeated: false,
            };
            (res.read)(&inst)
        })
        .collect()
}
