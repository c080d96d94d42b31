//! Golden snapshots of every output format over the realistic fixtures — each format folder's files
//! that are neither a rule's `<rule>.bad.*` / `<rule>.good.*` pair nor a `*.clean.*` example — run
//! from the crate root so paths read `fixtures/...`. (`tests/formats.rs` snapshots every fixture's
//! findings.) Rules and fixtures grow, so these are regenerated on purpose:
//! `INSTA_UPDATE=always cargo test --test snapshots`, then read the diff.

use assert_cmd::Command;

/// The realistic bad files of every format folder, sorted.
fn realistic_fixtures() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(root.join("fixtures"))
        .unwrap()
        .flat_map(|folder| std::fs::read_dir(folder.unwrap().path()).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            // NOT-EXPRESSIBLE.md explains the folder's missing rule fixtures (tests/rules.rs).
            !name.contains(".bad.")
                && !name.contains(".good.")
                && !name.contains(".clean.")
                && name != "NOT-EXPRESSIBLE.md"
        })
        .map(|p| p.strip_prefix(root).unwrap().to_str().unwrap().to_string())
        .collect();
    files.sort();
    files
}

/// Runs the binary over the realistic fixtures and returns stdout with the tool's version masked.
fn lint_fixtures(format: &str) -> String {
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("FORCE_COLOR")
        .env_remove("NO_COLOR")
        .args(realistic_fixtures())
        .args(["--format", format, "--color", "never"])
        .output()
        .unwrap();
    // The fixtures hold errors on purpose: exit 1, never 2 or 3.
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
        // SARIF says where the checkout is (`originalUriBaseIds`).
        .replace(&format!("file://{}/", env!("CARGO_MANIFEST_DIR")), "file://[ROOT]/")
}

/// Every output format, each in its own snapshot `snapshots__fixtures_<format>.snap`.
#[test]
fn fixtures_in_every_format() {
    for format in [
        "full", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit", "markdown",
    ] {
        let text = lint_fixtures(format);
        // Parse JSON documents first, so a broken one fails here, not as a confusing snapshot diff.
        if matches!(format, "json" | "sarif" | "gitlab") {
            serde_json::from_str::<serde_json::Value>(&text).unwrap_or_else(|e| panic!("{format}: {e}"));
        }
        insta::assert_snapshot!(format!("fixtures_{format}"), text);
    }
}
