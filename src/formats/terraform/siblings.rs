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

/// `resources: NAME: {type, properties}` entries whose type token is a client resource's.
fn pulumi_resources<'a>(root: &Cursor<'a>) -> Vec<(String, &'static super::Resource, Cursor<'a>)> {
    let Some(resources) = root.get("resources").filter(|r| r.node.is_object()) else {
        return Vec::new();
    };
    resources
        .members()
        .filter_map(|(name, r)| {
            let token = r.get("type")?.as_str()?;
            let resource = RESOURCES.iter().find(|res| res.pulumi.contains(&token))?;
            Some((name.to_string(), resource, r.get("properties")?))
        })
        .collect()
}

fn pulumi(doc: &Document, _path: &Path) -> Vec<Client> {
    let root = Cursor::root(doc);
    let found = pulumi_resources(&root);
    // Other resources by their Pulumi name, for joins by `${name.id}`.
    let catalog = Catalog::new(
        found
            .iter()
            .map(|(name, res, at)| Declared {
                kind: res.kind,
                name: name.clone(),
                module: String::new(),
                at: at.clone(),
                unknown: None,
                foreign: None,
            })
            .collect(),
    );
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
