//! What a new user and a pre-commit hook see, end to end through the built binary: the README's
//! first run, this repository linted from its root, the summary after `concise` output, files a hook
//! names that are not client files, and `--force-exclude`.

mod common;

use common::oauthlint;
use std::path::Path;

const SPA: &str = r#"{"client_id": "spa", "token_endpoint_auth_method": "none", "grant_types": ["implicit"], "response_types": ["token"], "redirect_uris": ["https://app.example.com/cb"]}
"#;

/// A temporary git repository (a `.git` folder stops the configuration lookup) holding `files`.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs oauthlint in `dir`; its stdout is a pipe, so the format is `concise` unless `args` say.
fn run_in(dir: &Path, args: &[&str]) -> Outcome {
    let out = oauthlint()
        .current_dir(dir)
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap();
    Outcome {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The paths that have findings, in output order, without repeats.
fn paths_with_findings(stdout: &str) -> Vec<&str> {
    let mut paths: Vec<&str> = stdout.lines().filter_map(|l| l.split(':').next()).collect();
    paths.dedup();
    paths
}

/// The output the README's quick start shows for `$ oauthlint --format concise examples/`.
fn readme_first_run() -> String {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = readme
        .find("```console\n$ oauthlint --format concise examples/\n")
        .expect("the quick start runs examples/");
    let block = &readme[start..];
    let body = &block[block.find('\n').unwrap() + 1..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].to_string()
}

#[test]
fn the_readme_first_run_shows_a_few_findings_and_the_summary() {
    let out = run_in(&common::root(), &["--format", "concise", "examples/"]);
    assert_eq!(
        readme_first_run(),
        format!("{}{}", out.stdout, out.stderr),
        "the README's quick start is out of date"
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let shown = out.stdout.lines().count();
    assert!(
        (1..=20).contains(&shown),
        "the first run must show findings and fit on a screen:\n{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("examples/realm-export.json:9:24: error[redirect-uri-wildcard]"));
    assert_eq!(
        out.stderr,
        "2 files scanned, 2 with clients, 3 clients: 3 errors, 0 warnings, 0 notes\n1 fixable with --fix\n"
    );
}

#[test]
fn linting_this_repository_from_its_root_leaves_out_the_intentionally_bad_files() {
    let out = run_in(&common::root(), &["."]);
    assert_eq!(out.stdout, "", "findings outside fixtures/ and examples/");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains(" 0 with clients, 0 clients: 0 errors, 0 warnings, 0 notes"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_named_folder_is_linted_even_where_the_configuration_excludes_it() {
    let out = run_in(&common::root(), &["fixtures/google"]);
    assert_eq!(out.code, 1);
    assert!(paths_with_findings(&out.stdout)
        .iter()
        .all(|p| p.starts_with("fixtures/google/")));
    assert!(out.stdout.contains("fixtures/google/"));
}

#[test]
fn concise_output_ends_with_the_summary_on_stderr_only() {
    let dir = repo(&[("spa.json", SPA)]);
    let out = run_in(dir.path(), &["."]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.lines().all(|l| l.starts_with("spa.json:")), "{}", out.stdout);
    assert_eq!(
        out.stderr,
        "1 file scanned, 1 with clients, 1 client: 1 error, 0 warnings, 0 notes\n1 more fixable with --unsafe-fixes\n"
    );
    let json = run_in(dir.path(), &[".", "--format", "json"]);
    assert_eq!(json.stderr, "", "only concise adds the summary");
}

#[test]
fn a_named_file_that_neither_parses_nor_looks_like_a_client_file_is_not_a_finding() {
    let dir = repo(&[
        ("spa.json", SPA),
        // What pre-commit passes along: a Helm template and a tsconfig.json with comments.
        (
            "chart/templates/deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- with .Values.labels }}\n  labels: {{ toYaml . | nindent 4 }}\n{{- end }}\n  spec: [\n",
        ),
        ("tsconfig.json", "{\n  // comments are not JSON\n  \"compilerOptions\": {\"strict\": true},\n}\n"),
    ]);
    let out = run_in(
        dir.path(),
        &["spa.json", "chart/templates/deployment.yaml", "tsconfig.json"],
    );
    assert_eq!(paths_with_findings(&out.stdout), ["spa.json"]);
    assert!(!out.stdout.contains("parse-error"), "{}", out.stdout);
    assert_eq!(out.code, 1, "spa.json's finding still fails the run");
}

#[test]
fn a_named_file_with_a_client_tell_or_name_that_does_not_parse_is_a_parse_error() {
    let dir = repo(&[
        ("broken.json", "{\"client_id\": \"a\", \"redirect_uris\": [\n"),
        ("realm-export.json", "{ not json\n"),
    ]);
    let out = run_in(dir.path(), &["broken.json", "realm-export.json"]);
    assert_eq!(out.code, 1);
    assert_eq!(paths_with_findings(&out.stdout), ["broken.json", "realm-export.json"]);
    assert!(
        out.stdout.lines().all(|l| l.contains("error[parse-error]")),
        "{}",
        out.stdout
    );
}

#[test]
fn force_exclude_applies_the_configuration_and_the_flag_to_named_files() {
    let dir = repo(&[
        (".oauthlint.toml", "exclude = [\"vendor\", \"**/*.generated.json\"]\n"),
        ("vendor/lib/spa.json", SPA),
        ("clients/spa.generated.json", SPA),
        ("clients/spa.json", SPA),
        ("other/spa.json", SPA),
    ]);
    let named = [
        "clients/spa.generated.json",
        "clients/spa.json",
        "other/spa.json",
        "vendor/lib/spa.json",
    ];
    let without = run_in(dir.path(), &named);
    assert_eq!(
        paths_with_findings(&without.stdout),
        named,
        "named files are linted by default"
    );

    let mut args = named.to_vec();
    args.push("--force-exclude");
    let forced = run_in(dir.path(), &args);
    assert_eq!(
        paths_with_findings(&forced.stdout),
        ["clients/spa.json", "other/spa.json"]
    );

    args.extend(["--exclude", "other"]);
    let flagged = run_in(dir.path(), &args);
    assert_eq!(paths_with_findings(&flagged.stdout), ["clients/spa.json"]);

    let nothing_left = run_in(dir.path(), &["vendor/lib/spa.json", "--force-exclude"]);
    assert_eq!((nothing_left.code, nothing_left.stdout.as_str()), (0, ""));
}

#[test]
fn an_excluded_folder_is_skipped_by_a_walk_but_linted_when_named() {
    let dir = repo(&[
        (".oauthlint.toml", "exclude = [\"vendor\"]\n"),
        ("vendor/lib/spa.json", SPA),
        // A known client file name is read without a tell, but is excluded all the same.
        ("vendor/realm-export.json", "{ not json\n"),
        ("clients/spa.json", SPA),
    ]);
    assert_eq!(
        paths_with_findings(&run_in(dir.path(), &["."]).stdout),
        ["clients/spa.json"]
    );
    assert_eq!(
        paths_with_findings(&run_in(dir.path(), &["vendor/lib"]).stdout),
        ["vendor/lib/spa.json"]
    );
    assert_eq!(
        paths_with_findings(&run_in(dir.path(), &[".", "--exclude", "clients"]).stdout),
        Vec::<&str>::new()
    );
}

#[test]
fn max_file_size_skips_walked_files_and_refuses_named_ones_as_its_help_says() {
    let big = format!(r#"{{"client_id": "big", "pad": "{}"}}"#, "y".repeat(2048));
    let dir = repo(&[("big.json", &big)]);
    let walked = run_in(dir.path(), &[".", "--max-file-size", "1024"]);
    assert_eq!(walked.code, 0);
    assert!(
        walked.stderr.contains("big.json: skipped, larger than --max-file-size"),
        "{}",
        walked.stderr
    );
    let named = run_in(dir.path(), &["big.json", "--max-file-size", "1024"]);
    assert_eq!(named.code, 3);
    assert!(
        named
            .stdout
            .contains("big.json: error: larger than --max-file-size (1024 bytes)"),
        "{}",
        named.stdout
    );

    let help = oauthlint().arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("skipped with a note when walked, and are an input error (exit 3) when named"),
        "{help}"
    );
}

/// Every text file the project ships, below the crate root: not build output, not git's own
/// files, not the fuzzers' local corpora.
fn project_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if ["target", ".git", "corpus", "artifacts"].contains(&name.as_ref()) {
            continue;
        }
        if path.is_dir() {
            project_files(&path, out);
        } else if std::fs::read_to_string(&path).is_ok() {
            out.push(path);
        }
    }
}

#[test]
fn a_clone_has_everything_its_documentation_and_tests_point_at() {
    // Spelt in pieces so that this file does not name them itself.
    let outside: Vec<String> = ["RULES", "FORMATS", "DESIGN", "ANCHORS", "TERRAFORM"]
        .iter()
        .map(|doc| format!("{doc}.md"))
        .chain([format!("../{}/", "shared"), format!("/work/{}", "shared")])
        .collect();
    let mut files = Vec::new();
    project_files(&common::root(), &mut files);
    assert!(files.len() > 100, "walked {} files", files.len());
    let pointers: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let rel = path.strip_prefix(common::root()).unwrap().display().to_string();
            outside
                .iter()
                .filter(|o| text.contains(o.as_str()))
                .map(move |o| format!("{rel} names {o}"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(pointers.is_empty(), "{}", pointers.join("\n"));
    for doc in [
        "docs/rules-background.md",
        "docs/providers.md",
        "docs/compatibility.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "CHANGELOG.md",
    ] {
        assert!(common::root().join(doc).is_file(), "{doc} is missing");
    }
}

/// What a user sees of a file's findings: rule, severity, pointer, line and column.
fn seen(path: &str, bytes: &[u8]) -> Vec<(String, String, String, usize, usize)> {
    let report = oauthlint::lint_bytes(path, bytes, &oauthlint::config::Settings::default());
    report
        .findings
        .iter()
        .map(|f| {
            let at = report.lines.position(&report.text, f.span.start);
            let severity = oauthlint::report::severity(f).as_str().to_string();
            (f.rule.to_string(), severity, f.pointer.to_string(), at.line, at.column)
        })
        .collect()
}

#[test]
fn a_file_with_windows_line_endings_gets_the_same_findings_at_the_same_places() {
    let mut compared = 0;
    for path in common::fixtures() {
        let name = path.display().to_string();
        let Ok(text) = std::fs::read_to_string(common::root().join(&path)) else {
            continue;
        };
        if name.ends_with(".md") || !text.contains('\n') {
            continue;
        }
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(
            seen(&name, crlf.as_bytes()),
            seen(&name, text.as_bytes()),
            "{name} with CRLF"
        );
        compared += 1;
    }
    assert!(compared > 500, "compared {compared} fixtures");
}
