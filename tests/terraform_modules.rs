//! A Terraform module is a folder: its `.tf`, `.tofu` and `.tf.json` files are read together, so
//! variables and locals declared in one file serve the clients of another, `for_each` gives one
//! client per key, and what cannot be resolved is never judged.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// Writes `files` into a fresh folder and lints `args` there (JSON output, no configuration).
fn lint(files: &[(&str, &str)], args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    lint_in(dir.path(), args)
}

fn lint_in(dir: &Path, args: &[&str]) -> Value {
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .args(["--format", "json", "--no-config", "--fail-on", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `(rule, path, pointer)` of every finding.
fn findings(json: &Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("path"), s("pointer"))
        })
        .collect()
}

/// The id (or name) of every client.
fn ids(json: &Value) -> Vec<&str> {
    json["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect()
}

fn has(json: &Value, rule: &str, pointer: &str) -> bool {
    findings(json).iter().any(|(r, _, p)| r == rule && p == pointer)
}

const VARIABLES: &str =
    "variable \"host\" {\n  default = \"app.example.com\"\n}\nvariable \"env\" {\n  type = string\n}\n";
const LOCALS: &str = "locals {\n  cbs = [\"http://${var.host}/cb\", \"https://${var.env}.example.com/cb\"]\n}\n";
const MAIN: &str = r#"resource "keycloak_openid_client" "web" {
  realm_id              = "corp"
  client_id             = "web"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = local.cbs
}
"#;

#[test]
fn a_local_from_another_file_is_judged_at_the_expression_that_uses_it() {
    for args in [&["."][..], &["main.tf"][..]] {
        let json = lint(
            &[("variables.tf", VARIABLES), ("locals.tf", LOCALS), ("main.tf", MAIN)],
            args,
        );
        let http: Vec<&Value> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "redirect-uri-http")
            .collect();
        // `http://app.example.com/cb` is judged; `https://${var.env}…` is not an http redirect.
        assert_eq!(http.len(), 1, "{args:?}: {json}");
        assert_eq!(http[0]["path"], "main.tf");
        assert_eq!(
            http[0]["pointer"],
            "/resource/keycloak_openid_client/web/valid_redirect_uris/0"
        );
        let start = http[0]["span"]["start"]["offset"].as_u64().unwrap() as usize;
        let end = http[0]["span"]["end"]["offset"].as_u64().unwrap() as usize;
        assert_eq!(&MAIN[start..end], "local.cbs", "{args:?}");
    }
}

#[test]
fn a_template_with_an_unknown_host_is_still_an_http_redirect() {
    let main = MAIN.replace(
        "local.cbs",
        "[\"http://${var.env}.example.com/cb\", \"https://${data.x.host}/cb\"]",
    );
    let json = lint(&[("variables.tf", VARIABLES), ("main.tf", &main)], &["."]);
    let http: Vec<String> = findings(&json)
        .into_iter()
        .filter(|(r, _, _)| r == "redirect-uri-http")
        .map(|(_, _, p)| p)
        .collect();
    assert_eq!(http, ["/resource/keycloak_openid_client/web/valid_redirect_uris/0"]);
}

#[test]
fn for_each_gives_one_client_per_key_and_count_zero_none() {
    let main = r#"resource "keycloak_openid_client" "svc" {
  for_each              = { billing = "https://billing.example.com", ops = "http://ops.example.com" }
  realm_id              = "corp"
  client_id             = each.key
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = ["${each.value}/cb"]
}
resource "keycloak_openid_client" "off" {
  count                 = 0
  realm_id              = "corp"
  client_id             = "off"
  access_type           = "PUBLIC"
  implicit_flow_enabled = true
}
"#;
    let json = lint(&[("main.tf", main)], &["."]);
    let ids = ids(&json);
    assert_eq!(ids, ["billing", "ops"]);
    let http: Vec<String> = findings(&json)
        .into_iter()
        .filter(|(r, _, _)| r == "redirect-uri-http")
        .map(|(_, _, p)| p)
        .collect();
    assert_eq!(
        http,
        [r#"/resource/keycloak_openid_client/svc["ops"]/valid_redirect_uris/0"#]
    );
}

#[test]
fn a_tofu_file_shadows_its_tf_twin_and_tf_json_files_join_the_module() {
    let tf = "variable \"host\" {\n  default = \"http://tf.example.com\"\n}\n";
    let tofu = "variable \"host\" {\n  default = \"https://tofu.example.com\"\n}\n";
    let json_main = r#"{"resource": {"keycloak_openid_client": {"web": {
  "realm_id": "corp", "client_id": "web", "access_type": "CONFIDENTIAL",
  "standard_flow_enabled": true, "valid_redirect_uris": ["${var.host}/cb"]}}}}"#;
    let json = lint(
        &[("vars.tf", tf), ("vars.tofu", tofu), ("main.tf.json", json_main)],
        &["."],
    );
    assert!(
        !has(
            &json,
            "redirect-uri-http",
            "/resource/keycloak_openid_client/web/valid_redirect_uris/0"
        ),
        "{json}"
    );
    let json = lint(&[("vars.tf", tf), ("main.tf.json", json_main)], &["."]);
    assert!(
        has(
            &json,
            "redirect-uri-http",
            "/resource/keycloak_openid_client/web/valid_redirect_uris/0"
        ),
        "{json}"
    );
}

#[test]
fn a_folder_is_a_module_but_a_subfolder_is_another() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("variables.tf"), VARIABLES).unwrap();
    std::fs::write(dir.path().join("locals.tf"), LOCALS).unwrap();
    std::fs::create_dir(dir.path().join("child")).unwrap();
    std::fs::write(dir.path().join("child/main.tf"), MAIN).unwrap();
    let json = lint_in(dir.path(), &["."]);
    // `local.cbs` is not declared in `child/`: unknown, so nothing about its redirects.
    assert!(
        findings(&json).iter().all(|(r, _, _)| r != "redirect-uri-http"),
        "{json}"
    );
    assert_eq!(json["clients"].as_array().unwrap().len(), 1);
}

#[test]
fn an_override_file_leaves_what_it_overrides_unknown_and_adds_no_client() {
    let over =
        "resource \"keycloak_openid_client\" \"web\" {\n  valid_redirect_uris = [\"https://web.example.com/cb\"]\n}\n";
    let json = lint(
        &[
            ("variables.tf", VARIABLES),
            ("locals.tf", LOCALS),
            ("main.tf", MAIN),
            ("override.tf", over),
        ],
        &["."],
    );
    assert_eq!(json["clients"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json["clients"][0]["path"], "main.tf");
    assert!(
        findings(&json).iter().all(|(r, _, _)| r != "redirect-uri-http"),
        "{json}"
    );
}

#[test]
fn the_terraform_cache_folder_is_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    let cached = dir.path().join(".terraform/modules/clients");
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::write(cached.join("main.tf"), MAIN).unwrap();
    std::fs::write(dir.path().join("main.tf"), MAIN).unwrap();
    let json = lint_in(dir.path(), &[".", "--no-gitignore"]);
    let paths: Vec<&str> = json["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["main.tf"]);
}

#[test]
fn a_named_resource_with_a_count_says_how_many_clients_it_stands_for() {
    let client = |name: &str, count: &str| {
        format!(
            "resource \"aws_cognito_user_pool_client\" \"{name}\" {{\n  count = {count}\n  name = \"{name}\"\n  user_pool_id = \"eu-west-1_x\"\n}}\n"
        )
    };
    let main = [
        client("three", "3"),
        client("one", "1"),
        client("none", "0"),
        client("some", "var.n"),
    ]
    .concat();
    let json = lint(&[("main.tf", &main)], &["."]);
    let ids = ids(&json);
    assert_eq!(
        ids,
        [
            "three (one client for the 3 instances of its count)",
            "one",
            "some (one client for each instance of its count/for_each)"
        ]
    );
}

/// `(rule, line, column, message)` of every finding.
fn placed(json: &Value) -> Vec<(String, u64, u64, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = |k: &str| f["span"]["start"][k].as_u64().unwrap();
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (s("rule"), at("line"), at("column"), s("message"))
        })
        .collect()
}

#[test]
fn a_value_from_a_variable_default_says_so_since_tfvars_may_override_it() {
    let variables = "variable \"callback_url\" {\n  default = \"http://app.example.com/callback\"\n}\n";
    let main = r#"resource "keycloak_openid_client" "web" {
  realm_id              = "corp"
  client_id             = "web"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = [var.callback_url, "http://other.example.com/cb"]
}
"#;
    let json = lint(&[("variables.tf", variables), ("main.tf", main)], &["."]);
    let http: Vec<_> = placed(&json)
        .into_iter()
        .filter(|(rule, ..)| rule == "redirect-uri-http")
        .collect();
    assert_eq!(
        http,
        [
            (
                "redirect-uri-http".to_string(),
                6,
                28,
                "redirect URI `http://app.example.com/callback` sends codes and tokens over plain http (the default of `var.callback_url`, variables.tf:2)".to_string()
            ),
            (
                "redirect-uri-http".to_string(),
                6,
                46,
                "redirect URI `http://other.example.com/cb` sends codes and tokens over plain http".to_string()
            )
        ]
    );
}

#[test]
fn a_conditional_is_judged_by_the_arm_a_literal_picks_or_by_what_both_arms_hold() {
    let main = r#"variable "prod" {
  default = true
}
resource "keycloak_openid_client" "picked" {
  realm_id              = "corp"
  client_id             = "picked"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = [false ? "https://a.example.com/cb" : "http://a.example.com/cb"]
}
resource "keycloak_openid_client" "overridable" {
  realm_id              = "corp"
  client_id             = "overridable"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = [var.prod ? "https://b.example.com/cb" : "http://b.example.com/cb"]
}
resource "keycloak_openid_client" "both" {
  realm_id              = "corp"
  client_id             = "both"
  access_type           = "CONFIDENTIAL"
  standard_flow_enabled = true
  valid_redirect_uris   = var.prod ? ["http://c.example.com/cb"] : ["http://c.example.com/cb"]
}
"#;
    let json = lint(&[("main.tf", main)], &["."]);
    let http: Vec<(u64, u64)> = placed(&json)
        .into_iter()
        .filter(|(rule, ..)| rule == "redirect-uri-http")
        .map(|(_, line, column, _)| (line, column))
        .collect();
    // The picked arm at the conditional; the arms a default chooses between differ, so nothing is
    // judged there; equal arms are judged whichever applies.
    assert_eq!(http, [(9, 28), (23, 27)]);
}
