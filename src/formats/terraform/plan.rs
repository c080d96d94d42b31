//! The JSON of `terraform show -json` / `tofu show -json` (hashicorp/terraform-json `plan.go`,
//! `state.go`): a plan's `resource_changes[]` (what each resource will be after apply, and which
//! attributes are known only then), its `planned_values`, or a state's `values`. Values are
//! resolved: variables, locals, modules, `count` and `for_each` are applied, so every instance is
//! its own resource. Secrets are plaintext in these files. A raw state file (`terraform.tfstate`,
//! format version 4: `resources[].instances[].attributes`) holds the same resolved values.

use super::{read_all, resource, Catalog, Declared, Keys, FORMAT};
use crate::document::{Cursor, Value};
use crate::model::Client;

/// A plan or a state as `show -json` writes it, or a raw state file.
pub fn is_plan(root: &Cursor) -> bool {
    let shown = root.get("format_version").is_some()
        && (root.get("planned_values").is_some()
            || root.get("resource_changes").is_some()
            || root.path(&["values", "root_module"]).is_some());
    shown || is_raw_state(root)
}

/// `terraform.tfstate` as Terraform and OpenTofu write it: `"version": 4`, a `lineage` and the
/// `resources` list.
fn is_raw_state(root: &Cursor) -> bool {
    root.get("version")
        .is_some_and(|v| v.node.value == Value::Number("4".into()))
        && root.get("lineage").is_some()
        && root.get("resources").is_some_and(|r| r.node.as_array().is_some())
}

pub fn has_client(root: &Cursor) -> bool {
    resources(root).iter().any(|d| resource(d.kind).is_some())
}

pub fn extract(root: &Cursor) -> Vec<Client> {
    read_all(&Catalog::new(resources(root)), &FORMAT, Keys::Snake)
}

/// The managed resources a plan or state holds. A plan's resource changes come first, as only
/// they say which values are unknown until apply; without them, the planned values or the state.
fn resources<'a>(root: &Cursor<'a>) -> Vec<Declared<'a>> {
    if is_raw_state(root) {
        return state_resources(root);
    }
    if let Some(changes) = root.get("resource_changes") {
        return changes.items().filter_map(|rc| change(&rc)).collect();
    }
    let mut out = Vec::new();
    if let Some(module) = root
        .path(&["planned_values", "root_module"])
        .or_else(|| root.path(&["values", "root_module"]))
    {
        module_resources(&module, 0, &mut out);
    }
    out
}

/// One resource change, as it will be after apply; deleted resources define no client.
fn change<'a>(rc: &Cursor<'a>) -> Option<Declared<'a>> {
    let text = |k: &str| rc.get(k).and_then(|c| c.as_str());
    if text("mode").is_some_and(|m| m != "managed") {
        return None;
    }
    let actions = rc.path(&["change", "actions"])?;
    let deleted = actions.items().all(|a| a.as_str() == Some("delete"));
    if deleted {
        return None;
    }
    let after = rc.path(&["change", "after"]).filter(|a| a.node.is_object())?;
    let module = text("module_address").unwrap_or("").to_string();
    Some(Declared {
        kind: text("type")?,
        name: local_name(text("address")?, &module, text("type")?),
        module,
        at: after,
        unknown: rc.path(&["change", "after_unknown"]).map(|u| u.node),
        foreign: None,
    })
}

/// Bound on `child_modules` nesting; real configurations nest a few levels.
const MAX_MODULE_DEPTH: usize = 32;

fn module_resources<'a>(module: &Cursor<'a>, depth: usize, out: &mut Vec<Declared<'a>>) {
    let address = module.get("address").and_then(|a| a.as_str()).unwrap_or("").to_string();
    for r in module.get("resources").iter().flat_map(|r| r.items()) {
        let text = |k: &str| r.get(k).and_then(|c| c.as_str());
        if text("mode").is_some_and(|m| m != "managed") {
            continue;
        }
        let (Some(kind), Some(full), Some(values)) = (text("type"), text("address"), r.get("values")) else {
            continue;
        };
        out.push(Declared {
            kind,
            name: local_name(full, &address, kind),
            module: address.clone(),
            at: values,
            unknown: None,
            foreign: None,
        });
    }
    if depth < MAX_MODULE_DEPTH {
        for child in module.get("child_modules").iter().flat_map(|c| c.items()) {
            module_resources(&child, depth + 1, out);
        }
    }
}

/// Every instance of a raw state's managed resources, named `NAME`, `NAME[0]` or `NAME["key"]`.
fn state_resources<'a>(root: &Cursor<'a>) -> Vec<Declared<'a>> {
    let mut out = Vec::new();
    for r in root.get("resources").iter().flat_map(|r| r.items()) {
        let text = |k: &str| r.get(k).and_then(|c| c.as_str());
        let (Some("managed"), Some(kind), Some(name)) = (text("mode"), text("type"), text("name")) else {
            continue;
        };
        let module = text("module").unwrap_or("").to_string();
        for instance in r.get("instances").iter().flat_map(|i| i.items()) {
            let Some(attributes) = instance.get("attributes").filter(|a| a.node.is_object()) else {
                continue;
            };
            let name = match instance.get("index_key").map(|k| k.node.value.clone()) {
                Some(Value::String(key)) => format!("{name}[{key:?}]"),
                Some(Value::Number(n)) => format!("{name}[{n}]"),
                _ => name.to_string(),
            };
            out.push(Declared {
                kind,
                name,
                module: module.clone(),
                at: attributes,
                unknown: None,
                foreign: None,
            });
        }
    }
    out
}

/// `module.a.okta_app_oauth.portal["x"]` in module `module.a` → `portal["x"]`.
fn local_name(address: &str, module: &str, kind: &str) -> String {
    let rest = address
        .strip_prefix(module)
        .map_or(address, |r| r.trim_start_matches('.'));
    rest.strip_prefix(kind)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or(rest)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_within_modules() {
        assert_eq!(local_name("okta_app_oauth.portal", "", "okta_app_oauth"), "portal");
        assert_eq!(
            local_name(
                "module.a.keycloak_openid_client.svc[\"ops\"]",
                "module.a",
                "keycloak_openid_client"
            ),
            "svc[\"ops\"]"
        );
    }
}
