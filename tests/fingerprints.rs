//! Fingerprints survive edits (docs/fingerprints.md): inserting a client or a redirect URI,
//! reformatting or moving lines changes no other finding's fingerprint. Run through the binary.

mod common;

use common::oauthlint;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Every finding of the run as `rule message` → fingerprint (messages name the URI or client, so
/// each key is one finding).
fn prints(dir: &Path, file: &str) -> BTreeMap<String, String> {
    let out = oauthlint()
        .current_dir(dir)
        .args([file, "--format", "json", "--no-baseline"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut map = BTreeMap::new();
    for f in doc["findings"].as_array().unwrap() {
        let key = format!(
            "{} {} {}",
            f["rule"].as_str().unwrap(),
            client_of(f),
            f["message"].as_str().unwrap()
        );
        let print = f["fingerprint"].as_str().unwrap().to_string();
        assert!(map.insert(key.clone(), print).is_none(), "two findings read {key}");
    }
    map
}

fn client_of(f: &Value) -> &str {
    f["client"]["id"].as_str().unwrap_or("-")
}

fn lint_versions(before: &str, after: &str) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("realm.json"), before).unwrap();
    let a = prints(dir.path(), "realm.json");
    std::fs::write(dir.path().join("realm.json"), after).unwrap();
    let b = prints(dir.path(), "realm.json");
    (a, b)
}

/// Every finding of `before` is still there in `after`, with the same fingerprint.
fn assert_kept(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) {
    assert!(!before.is_empty());
    for (finding, print) in before {
        assert_eq!(after.get(finding), Some(print), "{finding} changed or vanished");
    }
}

const REALM: &str = r#"{
  "realm": "shop",
  "clients": [
    {
      "clientId": "spa",
      "publicClient": true,
      "implicitFlowEnabled": true,
      "redirectUris": ["http://shop.example.com/cb", "https://*.example.com/*"]
    },
    {
      "clientId": "backend",
      "publicClient": false,
      "redirectUris": ["http://backend.example.com/cb"]
    }
  ]
}
"#;

#[test]
fn inserting_a_client_before_others_changes_no_other_fingerprint() {
    let after = REALM.replace(
        r#""clients": ["#,
        r#""clients": [
    { "clientId": "kiosk", "publicClient": true, "redirectUris": ["http://kiosk.example.com/cb"] },"#,
    );
    let (before, after) = lint_versions(REALM, &after);
    assert_kept(&before, &after);
    assert!(
        after.keys().any(|k| k.contains("kiosk")),
        "the new client's own findings are new: {after:?}"
    );
    assert_eq!(
        after.len(),
        before.len() + after.keys().filter(|k| k.contains("kiosk")).count()
    );
}

#[test]
fn inserting_a_redirect_uri_before_others_changes_no_other_fingerprint() {
    let after = REALM.replace(
        r#""redirectUris": ["http://shop.example.com/cb""#,
        r#""redirectUris": ["http://new.example.com/cb", "http://shop.example.com/cb""#,
    );
    let (before, after) = lint_versions(REALM, &after);
    assert_kept(&before, &after);
    let new: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].contains("http://new.example.com/cb"), "{new:?}");
}

#[test]
fn reformatting_keeps_every_fingerprint() {
    let value: Value = serde_json::from_str(REALM).unwrap();
    let minified = serde_json::to_string(&value).unwrap();
    let (before, after) = lint_versions(REALM, &minified);
    assert_kept(&before, &after);
    assert_eq!(before, after);
}

#[test]
fn moving_lines_keeps_every_fingerprint() {
    // The two clients swap places, and keys inside the first one are reordered.
    let moved = r#"{
  "clients": [
    {
      "redirectUris": ["http://backend.example.com/cb"],
      "publicClient": false,
      "clientId": "backend"
    },
    {
      "redirectUris": ["https://*.example.com/*", "http://shop.example.com/cb"],
      "implicitFlowEnabled": true,
      "clientId": "spa",
      "publicClient": true
    }
  ],
  "realm": "shop"
}
"#;
    let (before, after) = lint_versions(REALM, moved);
    assert_kept(&before, &after);
    assert_eq!(before, after);
}

#[test]
fn yaml_documents_inserted_before_a_client_leave_its_fingerprints_alone() {
    let client = |id: &str| {
        format!(
            "apiVersion: k8s.keycloak.org/v2alpha1\nkind: KeycloakRealmImport\nmetadata:\n  name: {id}\nspec:\n  realm:\n    realm: {id}\n    clients:\n      - clientId: {id}\n        publicClient: true\n        redirectUris: [\"http://{id}.example.com/cb\"]\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("realms.yaml");
    std::fs::write(&path, format!("{}---\n{}", client("a"), client("b"))).unwrap();
    let before = prints(dir.path(), "realms.yaml");
    std::fs::write(
        &path,
        format!("{}---\n{}---\n{}", client("new"), client("a"), client("b")),
    )
    .unwrap();
    let after = prints(dir.path(), "realms.yaml");
    assert!(
        before.keys().any(|k| k.contains("http://b.example.com/cb")),
        "{before:?}"
    );
    assert_kept(&before, &after);
}

#[test]
fn the_same_finding_in_two_files_has_two_fingerprints_and_the_sarif_key_names_the_version() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for name in ["dev.json", "prod.json"] {
        std::fs::write(dir.path().join(name), REALM).unwrap();
    }
    let dev = prints(dir.path(), "dev.json");
    let prod = prints(dir.path(), "prod.json");
    assert_eq!(dev.keys().collect::<Vec<_>>(), prod.keys().collect::<Vec<_>>());
    assert!(dev.values().all(|p| !prod.values().any(|q| q == p)));
    let out = oauthlint()
        .current_dir(dir.path())
        .args(["dev.json", "--format", "sarif"])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = format!("oauthlint/v{}", oauthlint::fingerprint::VERSION);
    let sarif: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["partialFingerprints"][&key].as_str().unwrap())
        .collect();
    let mut json: Vec<&str> = dev.values().map(String::as_str).collect();
    let mut sarif_sorted = sarif.clone();
    json.sort();
    sarif_sorted.sort();
    assert_eq!(sarif_sorted, json);
}

#[test]
fn findings_across_clients_keep_their_fingerprints_when_a_client_is_inserted() {
    // `reused-client-secret` is found after every client is linted, from the clients of the run.
    let shared = r#"{
  "realm": "shop",
  "clients": [
    { "clientId": "billing", "publicClient": false, "secret": "Vb9sK2qX7mP4tR8wZ1nL6cF3hJ5dG0yA", "redirectUris": ["https://billing.example.com/cb"] },
    { "clientId": "orders", "publicClient": false, "secret": "Vb9sK2qX7mP4tR8wZ1nL6cF3hJ5dG0yA", "redirectUris": ["https://orders.example.com/cb"] }
  ]
}
"#;
    let inserted = shared.replace(
        r#""clients": ["#,
        r#""clients": [
    { "clientId": "kiosk", "publicClient": false, "secret": "Qw3eR5tY7uI9oP1aS2dF4gH6jK8lZ0xC", "redirectUris": ["https://kiosk.example.com/cb"] },"#,
    );
    let (before, after) = lint_versions(shared, &inserted);
    // The message names the other client's line, which moved; the finding is the same.
    let reuse = |prints: &BTreeMap<String, String>| -> Vec<String> {
        prints
            .iter()
            .filter(|(k, _)| k.starts_with("reused-client-secret orders"))
            .map(|(_, print)| print.clone())
            .collect()
    };
    assert_eq!(reuse(&before).len(), 1, "{before:?}");
    assert_eq!(reuse(&before), reuse(&after));
    let others: BTreeMap<String, String> = before
        .iter()
        .filter(|(k, _)| !k.starts_with("reused-client-secret"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_kept(&others, &after);
}
