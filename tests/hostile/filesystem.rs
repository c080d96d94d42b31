//! Hostile inputs: the file system. A pull request commits symlinks, ignore files and a
//! configuration; `--output` must not write through them, and what they keep from the linter must
//! show in the summary.

use super::*;
use std::fs;
use std::os::unix::fs::symlink;

/// A run of `oauthlint ARGS` in `dir`: exit code, stdout, stderr.
fn oauthlint_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or_else(|| panic!("killed; stderr: {stderr}"));
    assert!(!stderr.contains("panicked"), "{stderr}");
    (code, String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// A pull request's checkout in `repo/`, beside a `home/` it must not reach: `repo/good.json`, and
/// `home/victim` holding `precious`.
fn checkout() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let home = tmp.path().join("home");
    fs::create_dir_all(&repo).unwrap();
    fs::create_dir_all(&home).unwrap();
    fs::write(repo.join("good.json"), GOOD).unwrap();
    fs::write(home.join("victim"), "precious").unwrap();
    (tmp, repo, home)
}

fn summary_of(stdout: &str) -> Value {
    serde_json::from_str::<Value>(stdout).expect("the JSON contract")["summary"].clone()
}

#[test]
fn an_output_file_that_is_a_committed_symlink_is_refused_before_linting() {
    let (_tmp, repo, home) = checkout();
    symlink(home.join("victim"), repo.join("results.sarif")).unwrap();
    let (code, stdout, stderr) = oauthlint_in(&repo, &[".", "--output", "sarif=results.sarif"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "oauthlint: error: cannot write sarif output to results.sarif: `results.sarif` is a symbolic link, and reports are never written through one\n"
    );
    assert_eq!(stdout, "", "nothing was linted");
    assert_eq!(fs::read_to_string(home.join("victim")).unwrap(), "precious");
    assert!(fs::symlink_metadata(repo.join("results.sarif"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_dangling_symlink_does_not_create_its_target() {
    let (_tmp, repo, home) = checkout();
    symlink(home.join(".bashrc"), repo.join("report.md")).unwrap();
    let (code, _, stderr) = oauthlint_in(&repo, &[".", "--output", "markdown=report.md"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!home.join(".bashrc").exists());
}

#[test]
fn a_committed_symlinked_folder_does_not_carry_a_report_out_of_the_tree() {
    let (_tmp, repo, home) = checkout();
    symlink(&home, repo.join("reports")).unwrap();
    let (code, _, stderr) = oauthlint_in(&repo, &[".", "--output", "json=reports/sub/oauthlint.json"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "oauthlint: error: cannot write json output to reports/sub/oauthlint.json: `reports` is a symbolic link, and reports are never written through one\n"
    );
    assert_eq!(fs::read_dir(&home).unwrap().count(), 1, "only the victim is there");
}

#[test]
fn an_output_over_a_linted_file_is_refused_and_the_file_kept() {
    let (_tmp, repo, _home) = checkout();
    let (code, stdout, stderr) = oauthlint_in(&repo, &[".", "--output", "json=good.json"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "oauthlint: error: `--output` would overwrite good.json, a file this run lints; write reports outside the linted folders, or leave the file out with --exclude or an ignore file\n"
    );
    assert_eq!(stdout, "");
    assert_eq!(fs::read(repo.join("good.json")).unwrap(), GOOD);
    // Named on the command line, by another spelling of its path.
    fs::create_dir(repo.join("clients")).unwrap();
    fs::write(
        repo.join("clients/app.yaml"),
        "client_id: x\nredirect_uris: [https://a.example/cb]\n",
    )
    .unwrap();
    let (code, _, _) = oauthlint_in(
        &repo,
        &["clients/app.yaml", "--output", "jsonl=./clients/../clients/app.yaml"],
    );
    assert_eq!(code, 2);
    assert!(fs::read_to_string(repo.join("clients/app.yaml"))
        .unwrap()
        .starts_with("client_id: x"));
}

#[test]
fn an_output_over_the_config_file_a_folder_or_another_output_is_refused() {
    let (_tmp, repo, _home) = checkout();
    fs::write(repo.join("ci.toml"), "fail-on = \"error\"\n").unwrap();
    for (args, why) in [
        (
            vec![".", "--config", "ci.toml", "--output", "json=ci.toml"],
            "cannot write json output to ci.toml: it is the --config file",
        ),
        (
            vec![".", "--output", "sarif=."],
            "cannot write sarif output to .: it is a folder",
        ),
        (
            vec![".", "--output", "sarif=out/r.sarif", "--output", "json=out/./r.sarif"],
            "cannot write json output to out/./r.sarif: another --output writes there too",
        ),
    ] {
        let (code, _, stderr) = oauthlint_in(&repo, &args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(stderr, format!("oauthlint: error: {why}\n"));
    }
    assert_eq!(
        fs::read_to_string(repo.join("ci.toml")).unwrap(),
        "fail-on = \"error\"\n"
    );
    assert!(!repo.join("out").exists(), "nothing is created before the checks pass");
}

#[test]
fn a_report_replaces_the_old_one_whole_and_leaves_no_temporary_file() {
    let (_tmp, repo, _home) = checkout();
    fs::create_dir(repo.join("reports")).unwrap();
    fs::write(repo.join("reports/old.sarif"), "x".repeat(100_000)).unwrap();
    let (code, _, stderr) = oauthlint_in(
        &repo,
        &[
            ".",
            "--output",
            "sarif=reports/old.sarif",
            "--output",
            "sarif=new/deeper/r.sarif",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    for path in ["reports/old.sarif", "new/deeper/r.sarif"] {
        let sarif: Value = serde_json::from_slice(&fs::read(repo.join(path)).unwrap()).unwrap();
        assert_eq!(sarif["version"], "2.1.0", "{path}");
    }
    let names: Vec<String> = fs::read_dir(repo.join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["old.sarif"]);
}

#[test]
fn a_committed_ignore_file_that_hides_everything_is_not_a_silent_pass() {
    let (_tmp, repo, _home) = checkout();
    fs::write(repo.join(".ignore"), "*\n").unwrap();
    let (code, stdout, stderr) = oauthlint_in(&repo, &[".", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "oauthlint: warning: no file was linted: 1 file kept out by ignore files (--no-gitignore lints them)\n"
    );
    let summary = summary_of(&stdout);
    assert_eq!(summary["files_scanned"], 0);
    assert_eq!(summary["skipped_ignored"], 1);
    let (_, stdout, _) = oauthlint_in(&repo, &[".", "--format", "full", "--color", "never"]);
    assert!(
        stdout.ends_with(
            "0 files scanned, 0 with clients, 0 clients: 0 errors, 0 warnings, 0 notes; not linted: 1 file kept out by ignore files (--no-gitignore lints them)\n"
        ),
        "{stdout}"
    );
    // `good.json` has an http redirect: linted, it fails the run.
    let (code, stdout, stderr) = oauthlint_in(&repo, &[".", "--format", "json", "--no-gitignore"]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    assert_eq!(summary_of(&stdout)["files_scanned"], 1);
}

#[test]
fn files_and_folders_a_gitignore_hides_are_counted_in_every_format() {
    let (_tmp, repo, _home) = checkout();
    fs::create_dir(repo.join("clients")).unwrap();
    fs::write(
        repo.join("clients/spa.json"),
        br#"{"client_id": "spa", "grant_types": ["implicit"], "response_types": ["token"], "redirect_uris": ["https://a.example/cb"]}"#,
    )
    .unwrap();
    fs::write(repo.join("legacy.json"), GOOD).unwrap();
    // Not counted: a file the walk would not read anyway.
    fs::write(repo.join("notes.txt"), "redirect_uris").unwrap();
    // A folder is counted whole, not entered: `node_modules` would cost the walk again.
    fs::write(repo.join(".gitignore"), "clients/\nlegacy.json\nnotes.txt\n").unwrap();
    let (_, stdout, stderr) = oauthlint_in(&repo, &[".", "--format", "concise"]);
    assert!(!stdout.contains("spa.json"), "{stdout}");
    assert_eq!(
        stderr,
        "1 file scanned, 1 with clients, 1 client: 1 error, 0 warnings, 0 notes; not linted: 1 file and 1 folder kept out by ignore files (--no-gitignore lints them)\n1 more fixable with --unsafe-fixes\n"
    );
    let (_, _, stderr) = oauthlint_in(&repo, &[".", "--format", "github"]);
    assert_eq!(
        stderr,
        "oauthlint: note: not linted: 1 file and 1 folder kept out by ignore files (--no-gitignore lints them)\n"
    );
    let (_, stdout, _) = oauthlint_in(&repo, &[".", "--format", "markdown"]);
    assert!(
        stdout.contains("Not linted: 1 file and 1 folder kept out by ignore files (--no-gitignore lints them).\n"),
        "{stdout}"
    );
    let (_, stdout, _) = oauthlint_in(&repo, &[".", "--format", "concise", "--no-gitignore"]);
    assert!(stdout.contains("clients/spa.json:1:"), "{stdout}");
}

#[test]
fn ignore_files_keep_out_what_git_would_and_only_that_is_counted() {
    let (tmp, repo, _home) = checkout();
    let spa = br#"{"client_id": "spa", "grant_types": ["implicit"], "response_types": ["token"], "redirect_uris": ["https://a.example/cb"]}"#;
    let write = |path: &str, text: &[u8]| {
        let path = repo.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    // `.ignore` overrides `.gitignore`, a nearer `.gitignore` the farther one.
    write(".gitignore", b"*.gen.json\n!keep.gen.json\nbuild/\n");
    write(".ignore", b"keep.gen.json\n");
    write("sub/.gitignore", b"!x.gen.json\n");
    for path in [
        "a.gen.json",
        "keep.gen.json",
        "sub/x.gen.json",
        "build/o.json",
        "secret.json",
    ] {
        write(path, spa);
    }
    // A nested repository's `info/exclude` holds inside it only; a worktree's is in the folder its
    // `.git` file and `commondir` name.
    write("nested/.git/info/exclude", b"secret*.json\n");
    write("nested/secret.json", spa);
    let common = tmp.path().join("gitdir");
    fs::create_dir_all(common.join("wt1")).unwrap();
    fs::create_dir_all(common.join("common/info")).unwrap();
    fs::write(common.join("wt1/commondir"), "../common\n").unwrap();
    fs::write(common.join("common/info/exclude"), "wtx*.json\n").unwrap();
    write(
        "wt/.git",
        format!("gitdir: {}\n", common.join("wt1").display()).as_bytes(),
    );
    write("wt/wtx.json", spa);
    write("wt/ok.json", spa);
    for threads in ["1", "4"] {
        let (code, stdout, stderr) = oauthlint_in(&repo, &[".", "--format", "json", "--threads", threads]);
        assert_eq!(code, 1, "{stderr}");
        let report: Value = serde_json::from_str(&stdout).unwrap();
        let mut linted: Vec<&str> = report["clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["path"].as_str().unwrap())
            .collect();
        linted.dedup();
        assert_eq!(linted, ["good.json", "secret.json", "sub/x.gen.json", "wt/ok.json"]);
        let summary = &report["summary"];
        assert_eq!(summary["skipped_ignored"], 4, "{summary}");
        assert_eq!(summary["skipped_ignored_folders"], 1, "{summary}");
    }
}

#[test]
fn a_configuration_that_excludes_everything_is_counted() {
    let (_tmp, repo, _home) = checkout();
    fs::write(
        repo.join(".oauthlint.toml"),
        "exclude = [\"**\"]\nfail-on = \"never\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = oauthlint_in(&repo, &[".", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "oauthlint: warning: no file was linted: 1 file excluded by --exclude, --include or configuration\n"
    );
    assert_eq!(summary_of(&stdout)["skipped_excluded"], 1);
    let (_, stdout, _) = oauthlint_in(&repo, &[".", "--format", "json", "--no-config", "--exclude", "*.json"]);
    assert_eq!(summary_of(&stdout)["skipped_excluded"], 1);
}

#[test]
fn the_walk_never_follows_a_symlink_out_of_the_tree() {
    let (_tmp, repo, home) = checkout();
    let secret = "Xq7vR2mPz9LkW4tN8bYc";
    fs::write(
        home.join("creds.json"),
        format!(r#"{{"client_id": "stolen", "client_secret": "{secret}", "redirect_uris": ["http://a.example/cb"]}}"#),
    )
    .unwrap();
    fs::write(home.join("plain.json"), "line one of a private file\n").unwrap();
    symlink(home.join("creds.json"), repo.join("client.json")).unwrap();
    symlink(&home, repo.join("config")).unwrap();
    let (code, stdout, stderr) = oauthlint_in(&repo, &[".", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    for shown in [&stdout, &stderr] {
        assert!(!shown.contains("stolen") && !shown.contains(secret), "{shown}");
    }
    let summary = summary_of(&stdout);
    assert_eq!(summary["files_scanned"], 1);
    assert_eq!(
        summary["skipped_symlinks"], 1,
        "the symlinked file; the folder is not entered"
    );
}

#[test]
fn a_named_path_that_leaves_the_tree_through_a_symlink_is_not_read() {
    let (_tmp, repo, home) = checkout();
    fs::write(
        home.join("id_rsa.json"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
    )
    .unwrap();
    symlink(home.join("id_rsa.json"), repo.join("key.json")).unwrap();
    symlink(&home, repo.join("clients")).unwrap();
    // pre-commit and "lint the changed files" jobs name the files a pull request touched.
    let (code, stdout, _) = oauthlint_in(&repo, &["key.json", "clients", "good.json", "--format", "concise"]);
    assert_eq!(code, 3);
    assert!(stdout.starts_with("good.json:1:"), "{stdout}");
    assert!(
        stdout.ends_with(
            "clients: error: a symbolic link out of the repository; not read\nkey.json: error: a symbolic link out of the repository; not read\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("b3BlbnNzaC1rZXktdjEAAAAA"), "{stdout}");
    // A path the user writes outside the tree is the user's choice: it is read (and, as it shows
    // nothing of a client file, left alone).
    let (code, stdout, stderr) = oauthlint_in(&repo, &["../home/id_rsa.json", "--format", "concise"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("1 file scanned, 0 with clients"), "{stderr}");
}

#[test]
fn extend_reads_only_configuration_files_and_never_shows_another_file() {
    let (_tmp, repo, home) = checkout();
    let private = "AKIAIOSFODNN7EXAMPLE";
    fs::write(
        home.join("credentials"),
        format!("[default]\naws_access_key_id = {private}\n"),
    )
    .unwrap();
    for target in ["/etc/passwd", "/proc/self/environ", "../home/credentials"] {
        fs::write(repo.join(".oauthlint.toml"), format!("extend = \"{target}\"\n")).unwrap();
        let (code, stdout, stderr) = oauthlint_in(&repo, &["."]);
        assert_eq!(code, 2, "{target}");
        assert_eq!(stdout, "");
        assert_eq!(
            stderr,
            "oauthlint: error: .oauthlint.toml:1:10: `extend` names another configuration file, a `.toml` file\n"
        );
    }
    // A `.toml` name through a committed symlink leads nowhere either.
    fs::write(home.join("base.toml"), format!("[rules.{private}]\nenabled = false\n")).unwrap();
    symlink(home.join("base.toml"), repo.join("base.toml")).unwrap();
    fs::write(repo.join(".oauthlint.toml"), "extend = \"base.toml\"\n").unwrap();
    let (code, _, stderr) = oauthlint_in(&repo, &["."]);
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with("base.toml: cannot read the configuration: a symbolic link out of the repository\n"),
        "{stderr}"
    );
    assert!(!stderr.contains(private));
}

#[test]
fn a_path_longer_than_the_system_allows_is_an_error_for_that_folder_only() {
    let out = lint_beside_good(|dir| {
        // 17 folders of 240 bytes, a path of over 4,096 bytes; GNU `mkdir -p` makes it one folder
        // at a time, as a full path that long is refused.
        let deep = vec!["d".repeat(240); 17].join("/");
        let made = std::process::Command::new("mkdir")
            .current_dir(dir)
            .args(["-p", &deep])
            .status()
            .unwrap();
        assert!(made.success());
    });
    assert_eq!(out.code, 3);
    let errors = out.json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["message"], "File name too long (os error 36)");
    assert!(
        errors[0]["path"].as_str().unwrap().len() < 4200,
        "the path is said once"
    );
}

#[test]
fn the_repository_is_the_boundary_even_when_oauthlint_runs_in_a_subfolder() {
    let (_tmp, repo, home) = checkout();
    fs::create_dir_all(repo.join(".git")).unwrap();
    fs::create_dir_all(repo.join("app")).unwrap();
    fs::write(repo.join("app/client.json"), GOOD).unwrap();
    symlink(&home, repo.join("reports")).unwrap();
    let (code, _, stderr) = oauthlint_in(&repo.join("app"), &[".", "--output", "sarif=../reports/r.sarif"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "oauthlint: error: cannot write sarif output to ../reports/r.sarif: `../reports` is a symbolic link, and reports are never written through one\n"
    );
    assert!(!home.join("r.sarif").exists());
    symlink(home.join("victim"), repo.join("key.json")).unwrap();
    let (code, stdout, _) = oauthlint_in(&repo.join("app"), &["../key.json", "--format", "concise"]);
    assert_eq!(code, 3);
    assert_eq!(
        stdout,
        "../key.json: error: a symbolic link out of the repository; not read\n"
    );
}

/// A pipe stands for `/dev/zero` here: reading either never ends, and a pipe does not fill the
/// memory of the machine running the tests when the check is missing.
#[test]
fn an_ignore_file_that_never_ends_is_an_error_for_its_folder_only() {
    let (_tmp, repo, home) = checkout();
    let fifo = home.join("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    fs::create_dir_all(repo.join("linked/deeper")).unwrap();
    fs::write(repo.join("linked/deeper/hidden.json"), GOOD).unwrap();
    symlink(&fifo, repo.join("linked/.gitignore")).unwrap();
    fs::create_dir_all(repo.join("piped")).unwrap();
    fs::write(repo.join("piped/hidden.json"), GOOD).unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(repo.join("piped/.ignore"))
        .status()
        .unwrap()
        .success());
    fs::create_dir_all(repo.join("huge")).unwrap();
    fs::write(repo.join("huge/.gitignore"), "#\n".repeat(600_000)).unwrap();
    let (code, stdout, _) = oauthlint_in(&repo, &[".", "--format", "concise"]);
    assert_eq!(code, 3);
    let errors: Vec<&str> = stdout.lines().filter(|l| !l.starts_with("good.json:")).collect();
    assert_eq!(
        errors,
        [
            "huge/.gitignore: error: an ignore file larger than 1 MiB; its folder is not walked",
            "linked/.gitignore: error: an ignore file that is not a regular file (a symlink, a pipe, a device); its folder is not walked",
            "piped/.ignore: error: an ignore file that is not a regular file (a symlink, a pipe, a device); its folder is not walked",
        ]
    );
    assert!(stdout.starts_with("good.json:1:"), "{stdout}");
    // The same ignore file at the root stops the walk of the root, and says so.
    symlink(&fifo, repo.join(".ignore")).unwrap();
    let (code, stdout, _) = oauthlint_in(&repo, &[".", "--format", "concise"]);
    assert_eq!(code, 3);
    assert_eq!(
        stdout,
        ".ignore: error: an ignore file that is not a regular file (a symlink, a pipe, a device); its folder is not walked\n"
    );
}

#[test]
fn a_parallel_walk_reports_exactly_what_a_single_threaded_walk_does() {
    let (_tmp, repo, home) = checkout();
    // Many folders, so the walk's threads share the work: every fixture of every format, an
    // ignored folder, an ignored file, an excluded file, a symlink and an unsafe ignore file.
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &repo.join("clients"),
    );
    fs::write(repo.join(".gitignore"), "node_modules/\nlegacy.json\n").unwrap();
    fs::create_dir_all(repo.join("node_modules/pkg")).unwrap();
    fs::write(repo.join("node_modules/pkg/package.json"), "{}").unwrap();
    fs::write(repo.join("legacy.json"), GOOD).unwrap();
    fs::write(repo.join("skip-me.json"), GOOD).unwrap();
    symlink(home.join("victim"), repo.join("linked.json")).unwrap();
    fs::create_dir_all(repo.join("closed")).unwrap();
    symlink("/dev/zero", repo.join("closed/.gitignore")).unwrap();

    let args = [
        ".",
        "--format",
        "json",
        "--fail-on",
        "never",
        "--exclude",
        "skip-me.json",
    ];
    let (code, single, stderr) = oauthlint_in(&repo, &[&args[..], &["--threads", "1"]].concat());
    assert_eq!(code, 3, "the unsafe ignore file is an input error: {stderr}");
    assert!(single.contains("closed/.gitignore"), "the error names the ignore file");
    let summary = summary_of(&single);
    assert!(summary["files_matched"].as_u64() > Some(500), "{summary}");
    assert_eq!(summary["skipped_ignored"], 1);
    assert_eq!(summary["skipped_ignored_folders"], 1);
    assert_eq!(summary["skipped_excluded"], 1);
    assert_eq!(summary["skipped_symlinks"], 1);
    for threads in ["2", "8"] {
        let (parallel_code, parallel, parallel_stderr) =
            oauthlint_in(&repo, &[&args[..], &["--threads", threads]].concat());
        assert_eq!(
            (parallel_code, &parallel_stderr),
            (code, &stderr),
            "--threads {threads}"
        );
        assert!(parallel == single, "--threads {threads} gave another report");
    }
    // The environment variable is the flag's default.
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(&repo)
        .args(args)
        .env("OAUTHLINT_THREADS", "3")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout) == single);
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
