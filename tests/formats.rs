//! One snapshot per format folder of `fixtures/`: the findings over the folder, and `inspect` of each
//! realistic file in it (any file that is not a rule's `<rule>.bad.*` / `<rule>.good.*` pair).
//! A realistic file named `*.clean.*` is the format's well-configured example: it must draw no error
//! or warning.
//! A new format needs no edit here: add `fixtures/<format>/` and accept the new snapshots with
//! `INSTA_UPDATE=always cargo test --test formats`, after reading them.

use assert_cmd::Command;
use std::path::Path;

fn oauthlint(args: &[&str]) -> String {
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FORCE_COLOR")
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "oauthlint {args:?} exited {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn is_rule_fixture(name: &str) -> bool {
    name.contains(".bad.") || name.contains(".good.")
}

fn sorted_entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    entries
}

#[test]
fn every_format_folder_matches_its_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in sorted_entries(&root.join("fixtures"))
        .into_iter()
        .filter(|p| p.is_dir())
    {
        let format = folder.file_name().unwrap().to_str().unwrap().to_string();
        let rel = format!("fixtures/{format}/");
        insta::assert_snapshot!(
            format!("{format}__findings"),
            oauthlint(&["check", &rel, "--format", "concise", "--color", "never"])
        );
        for file in sorted_entries(&folder) {
            let name = file.file_name().unwrap().to_str().unwrap();
            // NOT-EXPRESSIBLE.md explains the folder's missing rule fixtures (tests/rules.rs).
            if is_rule_fixture(name) || name == "NOT-EXPRESSIBLE.md" {
                continue;
            }
            let rel_file = format!("fixtures/{format}/{name}");
            let inspected = oauthlint(&["inspect", &rel_file]);
            assert!(
                !inspected.trim().is_empty() && !inspected.contains("no clients"),
                "{rel_file}: a realistic fixture must hold clients, inspect printed:\n{inspected}"
            );
            insta::assert_snapshot!(format!("{format}__inspect__{name}"), inspected);
            if name.contains(".clean.") {
                let findings = oauthlint(&["check", &rel_file, "--format", "concise", "--min-severity", "warning"]);
                assert!(
                    findings.trim().is_empty(),
                    "{rel_file} is meant to be clean:\n{findings}"
                );
            }
        }
    }
}
