//! The GitHub Action (`action.yml`), run locally as a runner would: each `run` step of the composite
//! action in bash with its `env`, the `${{ … }}` expressions filled in, and the `GITHUB_*` files
//! set. The cache step is simulated as a hit holding the binary under test, so the build step is
//! skipped as it is on a runner that built this version before. Unix only: the CI workflow runs the
//! action itself on Windows.
#![cfg(unix)]

mod common;

use oauthlint::document::{self, Cursor, Syntax};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Step {
    id: String,
    run: Option<String>,
    uses: Option<String>,
    condition: Option<String>,
    env: Vec<(String, String)>,
}

struct Action {
    /// Each input's default.
    inputs: BTreeMap<String, String>,
    steps: Vec<Step>,
}

fn action() -> Action {
    let text: std::sync::Arc<str> = std::fs::read_to_string(common::root().join("action.yml"))
        .unwrap()
        .into();
    let doc = document::parse(&text, Syntax::Yaml).unwrap();
    let root = Cursor::root(&doc);
    let string = |c: &Cursor, key: &str| c.get(key).and_then(|v| v.as_str().map(str::to_string));
    assert_eq!(
        root.path(&["runs", "using"]).and_then(|u| u.as_str()),
        Some("composite")
    );
    let inputs = root
        .get("inputs")
        .unwrap()
        .members()
        .map(|(name, input)| (name.to_string(), string(&input, "default").unwrap_or_default()))
        .collect();
    let steps = root
        .path(&["runs", "steps"])
        .unwrap()
        .items()
        .map(|step| Step {
            id: string(&step, "id").expect("every step has an id"),
            run: string(&step, "run"),
            uses: string(&step, "uses"),
            condition: string(&step, "if"),
            env: step
                .get("env")
                .map(|env| {
                    env.members()
                        .map(|(k, v)| (k.to_string(), v.as_str().unwrap().to_string()))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    Action { inputs, steps }
}

/// What the runner knows while the action runs.
struct Runner {
    workspace: PathBuf,
    temp: PathBuf,
    summary: PathBuf,
    inputs: BTreeMap<String, String>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
}

impl Runner {
    /// The value of one `${{ … }}` expression; the test fails on one it does not know, so that a
    /// new expression in action.yml gets a meaning here.
    fn value(&self, expr: &str) -> String {
        let expr = expr.trim();
        let parts: Vec<&str> = expr.split('.').collect();
        match parts.as_slice() {
            ["github", "action_path"] => common::root().display().to_string(),
            ["runner", "os"] => "Linux".into(),
            ["runner", "arch"] => "X64".into(),
            ["inputs", name] => self.inputs[*name].clone(),
            ["steps", id, "outputs", name] => self
                .outputs
                .get(*id)
                .and_then(|o| o.get(*name))
                .cloned()
                .unwrap_or_default(),
            _ => panic!("action.yml uses `${{{{ {expr} }}}}`, which this test does not evaluate"),
        }
    }

    fn fill(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            let end = start + rest[start..].find("}}").unwrap();
            out.push_str(&rest[..start]);
            out.push_str(&self.value(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out + rest
    }

    /// `steps.ID.outputs.NAME != 'VALUE'`, the one kind of condition the action uses.
    fn condition(&self, condition: &str) -> bool {
        let (left, right) = condition.split_once("!=").expect("a `!=` condition");
        self.value(left) != right.trim().trim_matches('\'')
    }

    /// Runs one step's script as GitHub's `shell: bash` does; returns its exit code and stdout.
    fn run(&mut self, step: &Step, script: &str) -> (i32, String) {
        let output_file = self.temp.join(format!("output-{}", step.id));
        std::fs::write(&output_file, "").unwrap();
        let script_file = self.temp.join(format!("{}.sh", step.id));
        std::fs::write(&script_file, script).unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
            .arg(&script_file)
            .current_dir(&self.workspace)
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &self.summary)
            .env("GITHUB_PATH", self.temp.join("path"))
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("RUNNER_TEMP", &self.temp);
        for (key, value) in &step.env {
            cmd.env(key, self.fill(value));
        }
        let out = cmd.output().unwrap();
        let outputs = std::fs::read_to_string(&output_file).unwrap();
        self.outputs.insert(
            step.id.clone(),
            outputs
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
    }
}

struct Outcome {
    code: i32,
    stdout: String,
    /// Each step's outputs, by step id.
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    summary: String,
    workspace: tempfile::TempDir,
}

/// Runs the action in a workspace holding `files`, with `inputs` over the defaults.
fn run_action(files: &[(&str, &str)], inputs: &[(&str, &str)]) -> Outcome {
    let action = action();
    let workspace = tempfile::tempdir().unwrap();
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir(workspace.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = workspace.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let summary = temp.path().join("summary.md");
    std::fs::write(&summary, "## An earlier step\n\n").unwrap();
    let mut runner = Runner {
        workspace: workspace.path().to_path_buf(),
        temp: temp.path().to_path_buf(),
        summary: summary.clone(),
        inputs: action.inputs.clone(),
        outputs: BTreeMap::new(),
    };
    for (name, value) in inputs {
        assert!(runner.inputs.contains_key(*name), "action.yml has no input `{name}`");
        runner.inputs.insert(name.to_string(), value.to_string());
    }
    let (mut code, mut stdout) = (0, String::new());
    for step in &action.steps {
        if let Some(uses) = &step.uses {
            assert!(uses.starts_with("actions/cache@"), "unexpected action {uses}");
            // A cache hit: the install root of the key step holds this version's binary.
            let root = PathBuf::from(runner.value("steps.key.outputs.root"));
            assert!(root.starts_with(temp.path()), "{root:?} is not under RUNNER_TEMP");
            install(env!("CARGO_BIN_EXE_oauthlint"), &root.join("bin"));
            runner
                .outputs
                .insert(step.id.clone(), [("cache-hit".into(), "true".into())].into());
            continue;
        }
        if step.condition.as_ref().is_some_and(|c| !runner.condition(c)) {
            continue;
        }
        (code, stdout) = runner.run(step, step.run.as_deref().expect("a run step"));
        assert!(code == 0 || step.id == "lint", "step {} failed with {code}", step.id);
    }
    Outcome {
        code,
        stdout,
        outputs: runner.outputs,
        summary: std::fs::read_to_string(summary).unwrap(),
        workspace,
    }
}

fn install(binary: &str, bin: &Path) {
    std::fs::create_dir_all(bin).unwrap();
    std::fs::copy(binary, bin.join("oauthlint")).unwrap();
}

const SPA: &str = r#"{"client_id": "spa", "token_endpoint_auth_method": "none", "grant_types": ["implicit"], "response_types": ["token"], "redirect_uris": ["https://app.example.com/cb"]}
"#;
const SERVICE: &str = r#"{"client_id": "svc", "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://svc.example.com/jwks.json", "grant_types": ["client_credentials"], "response_types": []}
"#;

#[test]
fn the_key_names_the_version_and_the_build_step_installs_from_the_action_checkout() {
    let action = action();
    let build = action.steps.iter().find(|s| s.id == "build").unwrap();
    assert_eq!(
        build.condition.as_deref(),
        Some("steps.cache.outputs.cache-hit != 'true'")
    );
    assert!(build
        .run
        .as_deref()
        .unwrap()
        .contains("cargo install --locked --path \"$ACTION_PATH\""));

    let outcome = run_action(&[("clients/svc.json", SERVICE)], &[]);
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    assert_eq!(outcome.outputs["lint"]["exit-code"], "0");
    let version = env!("CARGO_PKG_VERSION");
    let key = &outcome.outputs["key"];
    let hash = key["key"].strip_prefix(&format!("oauthlint-{version}-Linux-X64-"));
    assert!(
        hash.is_some_and(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit())),
        "the key is not version, runner and the sources' hash: {key:?}"
    );
    assert!(key["root"].ends_with(&format!("oauthlint-{version}")), "{key:?}");
}

#[test]
fn findings_fail_the_step_with_annotations_a_sarif_file_and_an_appended_summary() {
    let outcome = run_action(
        &[("clients/spa.json", SPA), ("clients/svc.json", SERVICE)],
        &[("paths", "clients")],
    );
    assert_eq!(outcome.code, 1, "{}", outcome.stdout);
    assert!(
        outcome.stdout.contains("::error file=clients/spa.json,line=1,"),
        "no annotation:\n{}",
        outcome.stdout
    );
    assert_eq!(outcome.outputs["lint"]["exit-code"], "1");
    assert_eq!(outcome.outputs["lint"]["sarif-file"], "oauthlint.sarif");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(outcome.workspace.path().join("oauthlint.sarif")).unwrap())
            .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "implicit-grant"), "{results:?}");
    assert!(
        outcome.summary.starts_with("## An earlier step\n\n"),
        "the summary was overwritten:\n{}",
        outcome.summary
    );
    assert!(outcome.summary.contains("implicit-grant"), "{}", outcome.summary);
}

#[test]
fn fail_on_and_extra_arguments_reach_oauthlint() {
    let outcome = run_action(
        &[("clients/spa.json", SPA)],
        &[
            ("fail-on", "never"),
            ("args", "--select redirect-uri-http --pedantic"),
            ("sarif-file", "reports/oauthlint.sarif"),
            ("summary", "false"),
        ],
    );
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    assert_eq!(
        outcome.stdout, "",
        "only redirect-uri-http was selected, and it has nothing to say"
    );
    assert_eq!(outcome.summary, "## An earlier step\n\n");
    assert!(outcome.workspace.path().join("reports/oauthlint.sarif").is_file());
}
