//! Hostile inputs: bounds. Memory and time follow the bytes of the input: reads stop at the size
//! limit whatever the file system says, YAML aliases and embedded files cannot multiply a file,
//! and nothing is quadratic in findings, comments, registrations or configuration tables (the
//! times are in `bench/quadratic.sh`; these tests pin what the fast paths must still get right).

use super::*;
use std::process::Stdio;
use std::time::Instant;

impl Outcome {
    fn errors(&self) -> Vec<(String, String)> {
        self.json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["path"].as_str().unwrap().into(),
                    e["message"].as_str().unwrap().into(),
                )
            })
            .collect()
    }
    fn findings_of<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(move |f| f["rule"] == rule)
    }
}

/// One run of the binary, with its peak memory.
struct Measured {
    out: Outcome,
    max_rss_mib: u64,
}

impl std::ops::Deref for Measured {
    type Target = Outcome;
    fn deref(&self) -> &Outcome {
        &self.out
    }
}

/// Runs `oauthlint check ARGS --format json --fail-on never` in `dir`, and measures the peak
/// memory of that one process. Killed after a minute: a hang fails the test.
///
/// The peak comes from `/usr/bin/time`, which forks the binary from its own small process: a child
/// spawned straight from this test process (vfork, then exec) would be charged the test process's
/// own high-water mark, which other tests running beside it raise.
fn measured(dir: &Path, args: &[&str], stdin: Stdio) -> Measured {
    let peak = tempfile::NamedTempFile::new().unwrap();
    let mut child = std::process::Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(peak.path())
        .arg(assert_cmd::cargo::cargo_bin("oauthlint"))
        .current_dir(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json", "--fail-on", "never"])
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("oauthlint {args:?} did not end within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap()).into_owned();
    // GNU time exits with the command's status; a signal shows as its message on stderr.
    assert!(
        !stderr.contains("Command terminated by signal"),
        "killed by a signal; stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let stdout = stdout.join().unwrap();
    Measured {
        out: Outcome {
            code: status.code().unwrap(),
            json: serde_json::from_slice(&stdout)
                .unwrap_or_else(|e| panic!("{e}: {}; stderr: {stderr}", String::from_utf8_lossy(&stdout))),
        },
        // GNU time writes kibibytes on the last line (after "Command exited with…", if any).
        max_rss_mib: std::fs::read_to_string(peak.path())
            .unwrap()
            .lines()
            .last()
            .and_then(|l| l.trim().parse::<u64>().ok())
            .expect("GNU time's %M")
            / 1024,
    }
}

fn folder_with_good_file() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.json"), GOOD).unwrap();
    dir
}

fn padded_client(bytes: usize) -> String {
    let head = r#"{"redirect_uris": ["http://big.example/cb"], "pad": ""#;
    format!("{head}{}\"}}", "y".repeat(bytes - head.len() - 2))
}

#[test]
fn a_named_file_over_the_limit_is_counted_listed_and_fails_the_run() {
    let dir = folder_with_good_file();
    std::fs::write(dir.path().join("big.json"), padded_client(2048)).unwrap();
    let out = measured(
        dir.path(),
        &["big.json", "good.json", "--max-file-size", "1024", "--no-config"],
        Stdio::null(),
    );
    assert_eq!(out.code, 3, "a file the user named could not be read");
    assert_eq!(out.json["summary"]["skipped_too_large"], 1);
    assert_eq!(
        out.errors(),
        [("big.json".into(), "larger than --max-file-size (1024 bytes)".into())]
    );
    assert!(out.rules_in("big.json").is_empty());
    assert_eq!(out.json["clients"][0]["path"], "good.json");
}

#[test]
fn a_walked_file_over_the_limit_is_counted_and_listed_but_does_not_fail_the_run() {
    let dir = folder_with_good_file();
    std::fs::write(dir.path().join("big.json"), padded_client(2048)).unwrap();
    let out = measured(
        dir.path(),
        &[".", "--max-file-size", "1024", "--no-config"],
        Stdio::null(),
    );
    assert_eq!(out.code, 0, "walking past a big file is not an input error");
    assert_eq!(out.json["summary"]["skipped_too_large"], 1);
    assert_eq!(
        out.errors(),
        [("big.json".into(), "skipped, larger than --max-file-size".into())]
    );
}

/// `/proc` files report a size of 0: only the bytes read can tell that they are too large.
#[cfg(target_os = "linux")]
#[test]
fn a_proc_file_is_bounded_by_the_bytes_read_not_the_size_reported() {
    let dir = folder_with_good_file();
    assert_eq!(std::fs::metadata("/proc/self/maps").unwrap().len(), 0);
    // Named by the user (outside the repository, so not a symlink a pull request planted).
    let named = measured(
        dir.path(),
        &["/proc/self/maps", "--max-file-size", "512", "--no-config"],
        Stdio::null(),
    );
    assert_eq!(named.code, 3);
    assert_eq!(named.json["summary"]["skipped_too_large"], 1);
    assert_eq!(
        named.errors(),
        [(
            "/proc/self/maps".into(),
            "larger than --max-file-size (512 bytes)".into()
        )]
    );
    std::os::unix::fs::symlink("/proc/self/maps", dir.path().join("maps.json")).unwrap();
    // Walked, the symlink is not followed at all.
    let walked = measured(
        dir.path(),
        &[".", "--max-file-size", "512", "--no-config"],
        Stdio::null(),
    );
    assert_eq!(walked.code, 0);
    assert_eq!(walked.json["summary"]["skipped_too_large"], 0);
    assert!(walked.errors().is_empty());
}

#[cfg(unix)]
#[test]
fn endless_stdin_stops_at_the_size_limit() {
    let dir = folder_with_good_file();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = measured(
        dir.path(),
        &["-", "--max-file-size", "4096", "--no-config"],
        zero.into(),
    );
    assert_eq!(out.code, 3);
    assert_eq!(out.json["summary"]["skipped_too_large"], 1);
    assert_eq!(
        out.errors(),
        [("-".into(), "larger than --max-file-size (4096 bytes)".into())]
    );
    assert!(out.max_rss_mib < 100, "{} MiB for 4 KiB of stdin", out.max_rss_mib);
    // Within the limit, stdin is linted as usual.
    let good = std::fs::File::open(dir.path().join("good.json")).unwrap();
    let out = measured(
        dir.path(),
        &["-", "--max-file-size", "4096", "--no-config"],
        good.into(),
    );
    assert_eq!(out.code, 0);
    assert_eq!(out.json["summary"]["clients"], 1);
    assert_eq!(out.json["summary"]["skipped_too_large"], 0);
}

/// `/proc/kallsyms` reports 0 bytes and holds megabytes: over the 1 MiB a configuration may have.
/// (`extend` names `.toml` files only, so the user's own `--config` is the way to such a file.)
#[cfg(target_os = "linux")]
#[test]
fn a_configuration_in_an_endless_proc_file_is_refused_after_one_mebibyte() {
    let dir = folder_with_good_file();
    let out = Command::cargo_bin("oauthlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "json", "--config", "/proc/kallsyms"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "oauthlint: error: /proc/kallsyms: cannot read the configuration: larger than 1048576 bytes\n"
    );
}

#[test]
fn a_megabyte_scalar_aliased_400_times_is_a_parse_error_in_bounded_memory() {
    let dir = folder_with_good_file();
    let text = format!(
        "redirect_uris: [https://a.example/cb]\nbig: &a \"{}\"\ncopies: [{}]\n",
        "x".repeat(1_000_000),
        vec!["*a"; 400].join(", ")
    );
    std::fs::write(dir.path().join("aliases.yaml"), text).unwrap();
    let out = measured(dir.path(), &[".", "--no-config"], Stdio::null());
    assert_eq!(out.rules_in("aliases.yaml"), ["parse-error"]);
    let message = out.findings_of("parse-error").next().unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(
        message.ends_with(
            "alias expansion too large: anchors and aliases copy more than 17075104 bytes, the limit for a file of 1001658 bytes"
        ),
        "{message}"
    );
    // It was 870 MiB: 400 copies of the megabyte.
    assert!(out.max_rss_mib < 150, "{} MiB for a 1 MB file", out.max_rss_mib);
}

#[test]
fn the_alias_budget_is_one_per_file_not_one_per_document() {
    // Each document copies about 350 KB of tree from 150 bytes of text; a thousand of them would
    // copy 350 MB if every `---` got a fresh budget.
    let document = "---\nredirect_uris: [https://a.example/cb]\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    let dir = folder_with_good_file();
    std::fs::write(dir.path().join("stream.yaml"), document.repeat(1000)).unwrap();
    let out = measured(dir.path(), &[".", "--no-config"], Stdio::null());
    assert_eq!(out.rules_in("stream.yaml"), ["parse-error"]);
    let message = out.findings_of("parse-error").next().unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("alias expansion too large"), "{message}");
    assert!(out.max_rss_mib < 150, "{} MiB", out.max_rss_mib);
    // One such document is fine.
    let out = write_case("one.yaml", document.as_bytes().to_vec());
    assert!(!out.rules_in("one.yaml").contains(&"parse-error"));
}

#[test]
fn files_in_a_configmap_are_read_one_level_deep() {
    // A ConfigMap holding a realm and another ConfigMap, 800 levels down (5 MB): only the first
    // level is read. 1.9 MB of these took 6 GB when every level was.
    let realm = r#"{"realm": "shop", "clients": [{"clientId": "LEVEL", "redirectUris": ["http://LEVEL.example/*"]}]}"#;
    let yaml: String = (1..=800)
        .map(|level| {
            let indent = "    ".repeat(level - 1);
            let realm = realm.replace("LEVEL", &format!("level{level}"));
            format!("{indent}kind: ConfigMap\n{indent}data:\n{indent}  realm.json: '{realm}'\n{indent}  next.yaml: |\n")
        })
        .collect();
    let dir = folder_with_good_file();
    std::fs::write(dir.path().join("configmaps.yaml"), &yaml).unwrap();
    let out = measured(dir.path(), &[".", "--no-config"], Stdio::null());
    let ids: Vec<&str> = out.json["clients"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["path"] == "configmaps.yaml")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["level1"]);
    let pointers: Vec<&str> = out
        .findings_of("redirect-uri-wildcard")
        .map(|f| f["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(pointers, ["/data/realm.json/clients/0/redirectUris/0"]);
    assert!(
        out.max_rss_mib < 300,
        "{} MiB for {} bytes",
        out.max_rss_mib,
        yaml.len()
    );
}

#[test]
fn findings_on_one_long_non_ascii_line_each_get_their_column() {
    // Two thousand clients on one minified line, with two- and three-byte characters between them.
    let clients: Vec<String> = (0..2000)
        .map(|i| {
            format!(
                r#"{{"client_id": "c{i}", "description": "café ✓ {}", "redirect_uris": ["https://a{i}.example.com/cb"], "grant_types": ["implicit"], "response_types": ["token"], "token_endpoint_auth_method": "none"}}"#,
                "é".repeat(i % 7)
            )
        })
        .collect();
    let line = format!(r#"{{"clients": [{}]}}"#, clients.join(","));
    let out = write_case("minified.json", line.clone().into_bytes());
    let columns: Vec<u64> = out
        .findings_in("minified.json")
        .filter(|f| f["rule"] == "implicit-grant")
        .map(|f| f["span"]["start"]["column"].as_u64().unwrap())
        .collect();
    // Each implicit-grant points at its client's `"token"`: the column counts characters.
    let expected: Vec<u64> = line
        .match_indices(r#"["token"]"#)
        .map(|(at, _)| line[..at + 1].chars().count() as u64 + 1)
        .collect();
    assert_eq!(columns.len(), 2000);
    assert_eq!(columns, expected);
}

#[test]
fn every_suppression_comment_suppresses_its_own_line_among_thousands() {
    let mut text = String::from("clients:\n");
    for i in 0..3000 {
        text += &format!(
            "  - client_id: c{i}\n    token_endpoint_auth_method: none\n    grant_types: [authorization_code]\n    redirect_uris:\n      # oauthlint: ignore[redirect-uri-http] a local test server\n      - http://app{i}.example.com/cb\n"
        );
    }
    // Two comments for one line: both are used, neither is reported as unused.
    text += "  - client_id: twice\n    token_endpoint_auth_method: none\n    grant_types: [authorization_code]\n    redirect_uris:\n      # oauthlint: ignore[redirect-uri-http] first\n      # oauthlint: ignore[redirect-uri-http] second\n      - http://twice.example.com/cb\n";
    // And one that suppresses nothing: the only finding of its rule left.
    text += "  - client_id: stale\n    token_endpoint_auth_method: none\n    grant_types: [authorization_code]\n    # oauthlint: ignore[redirect-uri-http] no longer needed\n    redirect_uris: [https://stale.example.com/cb]\n";
    let out = write_case("clients.yaml", text.into_bytes());
    assert_eq!(out.json["summary"]["suppressed"], 3001);
    assert!(!out.rules_in("clients.yaml").contains(&"redirect-uri-http"));
    let unused: Vec<u64> = out
        .findings_in("clients.yaml")
        .filter(|f| f["rule"] == "unused-suppression")
        .map(|f| f["span"]["start"]["line"].as_u64().unwrap())
        .collect();
    // `clients:`, 3,000 clients of six lines, `twice` of seven, then the comment of `stale`.
    assert_eq!(unused, [1 + 3000 * 6 + 7 + 4]);
}

#[test]
fn registrations_sharing_a_redirect_uri_are_told_the_first_one_at_another_server() {
    // 1,500 registrations at one issuer share a redirect URI; then one at another issuer, then one
    // naming only an authorization endpoint, which cannot be compared with issuers.
    let mut clients: Vec<String> = (0..1500)
        .map(|i| {
            format!(
                r#"{{"client_id": "same{i}", "issuer": "https://accounts.example.com/", "token_endpoint_auth_method": "private_key_jwt", "grant_types": ["authorization_code"], "redirect_uris": ["https://app.example.com/cb"]}}"#
            )
        })
        .collect();
    clients.push(r#"{"client_id": "partner", "issuer": "https://login.partner.example.net", "token_endpoint_auth_method": "private_key_jwt", "grant_types": ["authorization_code"], "redirect_uris": ["https://app.example.com/cb"]}"#.into());
    clients.push(r#"{"client_id": "endpoint-only", "authorization_endpoint": "https://other.example.org/authorize", "token_endpoint_auth_method": "private_key_jwt", "grant_types": ["authorization_code"], "redirect_uris": ["https://app.example.com/cb"]}"#.into());
    let text = format!("{{\"clients\": [\n{}\n]}}\n", clients.join(",\n"));
    let out = write_case("registrations.json", text.into_bytes());
    let mix_ups: Vec<(&str, &str)> = out
        .findings_in("registrations.json")
        .filter(|f| f["rule"] == "mix-up-defense-missing")
        .map(|f| (f["client"]["id"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(mix_ups.len(), 1, "{mix_ups:?}");
    assert_eq!(mix_ups[0].0, "partner");
    assert!(
        mix_ups[0].1.starts_with("registration `partner` (https://login.partner.example.net) uses the same redirect URI `https://app.example.com/cb` as registration `same0` (https://accounts.example.com/)"),
        "{}",
        mix_ups[0].1
    );
}

#[test]
fn each_of_many_overrides_applies_to_its_own_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = String::new();
    for i in 0..300 {
        config += &format!(
            "[[overrides]]\nfiles = [\"team{i}/**\"]\nrules = {{ redirect-uri-http = {{ enabled = false }} }}\n\n"
        );
        let folder = dir.path().join(format!("team{i}"));
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("client.json"), GOOD).unwrap();
    }
    std::fs::write(dir.path().join(".oauthlint.toml"), config).unwrap();
    std::fs::create_dir(dir.path().join("uncovered")).unwrap();
    std::fs::write(dir.path().join("uncovered/client.json"), GOOD).unwrap();
    let out = measured(dir.path(), &["."], Stdio::null());
    assert_eq!(out.json["summary"]["clients"], 301);
    let http: Vec<&str> = out
        .findings_of("redirect-uri-http")
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(http, ["uncovered/client.json"]);
}

#[test]
fn utf16_and_utf32_files_with_a_byte_order_mark_are_linted() {
    let json = r#"{"client_id": "wide", "redirect_uris": ["http://café.example.com/cb"], "grant_types": ["implicit"], "token_endpoint_auth_method": "none"}"#;
    let yaml = "clients:\n  - client_id: wide\n    redirect_uris: [http://café.example.com/cb]\n";
    let utf16le: Vec<u8> = std::iter::once(0xFEFF)
        .chain(json.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf32be: Vec<u8> = std::iter::once('\u{feff}')
        .chain(yaml.chars())
        .flat_map(|c| (c as u32).to_be_bytes())
        .collect();
    let out = lint_beside_good(|dir| {
        std::fs::write(dir.join("wide16.json"), &utf16le).unwrap();
        std::fs::write(dir.join("wide32.yaml"), &utf32be).unwrap();
        std::fs::write(dir.join("utf8.json"), json).unwrap();
    });
    // The walk finds them (their tells are not plain bytes) and reads them as their UTF-8 twin.
    let mut utf16_rules = out.rules_in("wide16.json");
    let mut utf8_rules = out.rules_in("utf8.json");
    utf16_rules.sort_unstable();
    utf8_rules.sort_unstable();
    assert_eq!(utf16_rules, utf8_rules);
    assert!(utf16_rules.contains(&"implicit-grant"), "{utf16_rules:?}");
    let http = out
        .findings_in("wide32.yaml")
        .find(|f| f["rule"] == "redirect-uri-http")
        .expect("redirect-uri-http in the UTF-32 file");
    assert_eq!(http["span"]["start"]["line"], 3);
    assert_eq!(http["span"]["start"]["column"], 21);
}

#[test]
fn each_of_many_ignore_entries_covers_its_own_pointer_and_below() {
    let dir = tempfile::tempdir().unwrap();
    let config: String = (0..300)
        .map(|i| {
            format!("[[ignore]]\nfiles = [\"c.json\"]\npointer = \"/clients/{i}\"\nrules = [\"redirect-uri-http\"]\nreason = \"a local test server\"\n\n")
        })
        .collect();
    std::fs::write(dir.path().join(".oauthlint.toml"), config).unwrap();
    let clients: Vec<String> = (0..301)
        .map(|i| {
            format!(r#"{{"client_id": "c{i}", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code"], "redirect_uris": ["http://app{i}.example.com/cb"]}}"#)
        })
        .collect();
    std::fs::write(
        dir.path().join("c.json"),
        format!("{{\"clients\": [{}]}}", clients.join(",\n")),
    )
    .unwrap();
    let out = measured(dir.path(), &["."], Stdio::null());
    assert_eq!(out.json["summary"]["suppressed"], 300);
    let http: Vec<&str> = out
        .findings_of("redirect-uri-http")
        .map(|f| f["pointer"].as_str().unwrap())
        .collect();
    assert_eq!(http, ["/clients/300/redirect_uris/0"]);
}
