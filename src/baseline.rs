//! The baseline (docs/baseline.md): findings a team accepted as they were, kept in
//! `.oauthlint-baseline.json` at the repository root, so that `check` fails only on new ones.
//!
//! Only an exact fingerprint match takes a finding out of the report; nothing from the file can hide
//! any other finding. The file comes from the linted tree, which may be hostile: its read is capped,
//! its shape is checked strictly, and what it says reaches output only escaped.

use crate::finding::Finding;
use crate::fingerprint;
use crate::lint::FileReport;
use crate::report::SourceRoot;
use crate::Run;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file `check` reads and `baseline` writes, at the repository root.
pub const FILE_NAME: &str = ".oauthlint-baseline.json";
/// The version of the file's shape.
pub const VERSION: u64 = 1;
/// A baseline of a hundred thousand findings is about 30 MB; anything larger is not one.
const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Enough of the message to recognise the finding in a review.
const MESSAGE_CHARS: usize = 160;

/// One accepted finding. Fields are in sort order, so a rewritten baseline diffs line by line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Relative to the repository root, with `/` separators.
    pub path: String,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    pub fingerprint: String,
    /// The finding's first line, shortened; for people, never matched.
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u64,
    fingerprint_version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug)]
pub struct Baseline {
    /// Where it was read from, as given.
    pub path: PathBuf,
    pub entries: Vec<Entry>,
}

/// What applying a baseline to a run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The baseline file, for messages.
    pub path: String,
    /// Findings matched by an entry and taken out of the report.
    pub baselined: usize,
    /// Those findings, with the index of their file in `Run::files`, for SARIF's
    /// `baselineState: "unchanged"` (`--sarif-baselined`).
    pub unchanged: Vec<(usize, Finding)>,
    /// Entries whose finding is gone: their rule ran on their file (or the file no longer exists)
    /// and no finding has their fingerprint.
    pub fixed: Vec<Fixed>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fixed {
    #[serde(flatten)]
    pub entry: Entry,
    /// A finding with the same rule, client and message is reported, new, in this file: the file
    /// was probably moved or renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
}

/// The baseline a `check` uses: `--baseline FILE` (which must exist), none with `--no-baseline`,
/// else the repository root's `.oauthlint-baseline.json` when there is one.
pub fn locate(explicit: Option<&Path>, disabled: bool, root: &SourceRoot) -> Result<Option<Baseline>, String> {
    if disabled {
        return Ok(None);
    }
    match explicit {
        Some(path) => read(path).map(Some),
        None => {
            let path = root.root().join(FILE_NAME);
            if std::fs::symlink_metadata(&path).is_ok() {
                read(&path).map(Some)
            } else {
                Ok(None)
            }
        }
    }
}

/// Reads and checks a baseline file. Every error names the file and is meant for exit 2.
pub fn read(path: &Path) -> Result<Baseline, String> {
    let shown = crate::escape::path(&path.display().to_string()).into_owned();
    let fail = |why: String| format!("baseline {shown}: {why}");
    // A FIFO or a device would block or never end; a huge file is refused before it is parsed.
    let bytes = crate::discover::read_file_bounded(path, MAX_BYTES).map_err(|e| match e {
        crate::discover::ReadError::TooLarge => fail(format!("larger than {MAX_BYTES} bytes")),
        crate::discover::ReadError::Io(e) => fail(e.to_string()),
    })?;
    let entries = parse(&bytes).map_err(fail)?;
    Ok(Baseline {
        path: path.to_path_buf(),
        entries,
    })
}

/// Only the version, read first: a future shape gets a clear message, not a complaint about its
/// fields. The other members are skipped without being built.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    version: Option<serde_json::Value>,
}

/// The entries of a baseline file's bytes, after checking its versions and every fingerprint.
fn parse(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    let header: Header = serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => format!("not an oauthlint baseline (no \"version\": {VERSION})"),
        _ => format!("not valid JSON: {}", crate::escape::text(&e.to_string())),
    })?;
    match header.version.as_ref().and_then(serde_json::Value::as_u64) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(format!(
                "version {v} is newer than this oauthlint reads (version {VERSION}); upgrade oauthlint"
            ))
        }
        _ => return Err(format!("not an oauthlint baseline (no \"version\": {VERSION})")),
    }
    let file: File =
        serde_json::from_slice(bytes).map_err(|e| format!("malformed: {}", crate::escape::text(&e.to_string())))?;
    if file.fingerprint_version != fingerprint::VERSION {
        let when = if file.fingerprint_version > fingerprint::VERSION {
            "a newer oauthlint"
        } else {
            "an older oauthlint"
        };
        return Err(format!(
            "its fingerprints are version {} (from {when}), this oauthlint computes version {}: run `oauthlint baseline` to write it again",
            file.fingerprint_version,
            fingerprint::VERSION
        ));
    }
    if let Some(bad) = file.findings.iter().find(|e| !is_fingerprint(&e.fingerprint)) {
        return Err(format!(
            "fingerprint \"{}\" is not 32 lowercase hex digits",
            crate::escape::text(&bad.fingerprint)
        ));
    }
    Ok(file.findings)
}

fn is_fingerprint(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Baseline {
    /// Whether the baseline holds back `f`, found in `path` (as the run shows it): `--fix` leaves
    /// such findings alone.
    pub fn holds(&self, path: &str, f: &Finding, root: &SourceRoot) -> bool {
        let print = fingerprint::fingerprint(&root.display(path), f);
        self.entries.iter().any(|e| e.fingerprint == print)
    }

    /// Takes the findings the baseline holds out of `run` and says which entries are fixed.
    pub fn apply(&self, run: &mut Run, root: &SourceRoot) -> Outcome {
        let accepted: HashSet<&str> = self.entries.iter().map(|e| e.fingerprint.as_str()).collect();
        let mut matched: HashSet<String> = HashSet::new();
        // The rules that ran on each linted file: an entry of a rule that did not run is not fixed.
        let mut linted: HashMap<String, BTreeSet<&'static str>> = HashMap::new();
        let mut unchanged = Vec::new();
        for (index, file) in run.files.iter_mut().enumerate() {
            let path = root.display(&file.path);
            let (held, kept) = std::mem::take(&mut file.findings).into_iter().partition(|f| {
                let print = fingerprint::fingerprint(&path, f);
                let held = accepted.contains(print.as_str());
                if held {
                    matched.insert(print);
                }
                held
            });
            file.findings = kept;
            unchanged.extend(held.into_iter().map(|f: Finding| (index, f)));
            linted.insert(path, file.settings.enabled());
        }
        // What each remaining (new) finding looks like without its path, to spot a moved file.
        let mut new_at: HashMap<(&str, Option<&str>, String), &str> = HashMap::new();
        for file in &run.files {
            for f in &file.findings {
                new_at
                    .entry((f.rule, client_id(file, f), short_message(&f.message)))
                    .or_insert(&file.path);
            }
        }
        let fixed = self
            .entries
            .iter()
            .filter(|e| !matched.contains(&e.fingerprint))
            .filter(|e| match linted.get(&e.path) {
                Some(rules) => rules.contains(e.rule.as_str()),
                None => !root.root().join(&e.path).exists(),
            })
            .map(|e| Fixed {
                entry: e.clone(),
                moved_to: new_at
                    .get(&(e.rule.as_str(), e.client.as_deref(), e.message.clone()))
                    .map(|p| root.display(p))
                    .filter(|p| *p != e.path),
            })
            .collect();
        Outcome {
            path: root.display(&self.path.to_string_lossy()),
            baselined: matched.len(),
            unchanged,
            fixed,
        }
    }

    /// The entries left once the fixed ones are dropped (`baseline --prune`).
    pub fn pruned(&self, outcome: &Outcome) -> Vec<Entry> {
        let fixed: BTreeSet<&Entry> = outcome.fixed.iter().map(|f| &f.entry).collect();
        self.entries.iter().filter(|e| !fixed.contains(e)).cloned().collect()
    }
}

/// One entry for every finding of `run`, sorted.
pub fn entries(run: &Run, root: &SourceRoot) -> Vec<Entry> {
    let mut entries: Vec<Entry> = run
        .files
        .iter()
        .flat_map(|file| {
            let path = root.display(&file.path);
            file.findings.iter().map(move |f| Entry {
                path: path.clone(),
                rule: f.rule.to_string(),
                client: client_id(file, f).map(str::to_string),
                fingerprint: fingerprint::fingerprint(&path, f),
                message: short_message(&f.message),
            })
        })
        .collect();
    entries.sort();
    entries
}

/// Writes `entries`, sorted, as a baseline file.
pub fn write(path: &Path, mut entries: Vec<Entry>) -> std::io::Result<()> {
    entries.sort();
    entries.dedup();
    let file = File {
        version: VERSION,
        fingerprint_version: fingerprint::VERSION,
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file)?;
    text.push('\n');
    // Written beside it, then renamed over it: a reader never sees half a file, and a baseline that
    // is a symlink (in a cloned tree) is replaced, not followed to the file it names.
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(name);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// `1 entry`, `2 entries`.
pub fn entries_counted(n: usize) -> String {
    format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
}

fn client_id<'a>(file: &'a FileReport, f: &Finding) -> Option<&'a str> {
    let client = f.client_in(&file.clients)?;
    client.id.as_deref().or(client.name.as_deref())
}

/// The first line of a message, cut at `MESSAGE_CHARS` characters. Messages never hold a secret
/// (they show at most a redacted prefix), so neither does the baseline.
fn short_message(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    if line.chars().count() <= MESSAGE_CHARS {
        return line.to_string();
    }
    let cut: String = line.chars().take(MESSAGE_CHARS - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(json: &str) -> Result<Vec<Entry>, String> {
        parse(json.as_bytes())
    }

    const PRINT: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_current_baseline_parses() {
        let text = format!(
            r#"{{"version": 1, "fingerprint_version": {}, "findings": [{{"path": "a.json", "rule": "implicit-grant", "client": "spa", "fingerprint": "{PRINT}", "message": "m"}}]}}"#,
            fingerprint::VERSION
        );
        let entries = file(&text).unwrap();
        assert_eq!(entries[0].client.as_deref(), Some("spa"));
    }

    #[test]
    fn future_versions_unknown_fields_and_bad_fingerprints_are_errors() {
        assert!(file(r#"{"version": 9, "findings": []}"#)
            .unwrap_err()
            .contains("upgrade oauthlint"));
        assert!(file(r#"{"findings": []}"#)
            .unwrap_err()
            .contains("not an oauthlint baseline"));
        assert!(file("[1, 2").unwrap_err().starts_with("not valid JSON"));
        let v = fingerprint::VERSION;
        let extra = format!(r#"{{"version": 1, "fingerprint_version": {v}, "findings": [], "ignore": "*"}}"#);
        assert!(file(&extra).unwrap_err().contains("unknown field"));
        let old = r#"{"version": 1, "fingerprint_version": 1, "findings": []}"#;
        assert!(file(old).unwrap_err().contains("write it again"));
        let short = format!(
            r#"{{"version": 1, "fingerprint_version": {v}, "findings": [{{"path": "a", "rule": "r", "fingerprint": "abc", "message": "m"}}]}}"#
        );
        assert!(file(&short).unwrap_err().contains("32 lowercase hex"));
    }

    #[test]
    fn messages_are_cut_to_one_short_line() {
        assert_eq!(short_message("first\nsecond"), "first");
        assert_eq!(short_message(&"x".repeat(500)).chars().count(), MESSAGE_CHARS);
    }
}
