//! Applying fixes to a file's text until nothing more applies, and writing the result.
//!
//! Each round lints the text, takes the fixes of the findings that are reported (not suppressed,
//! not held back by the baseline) and allowed (`Safe`, and `Unsafe` with `--unsafe-fixes`),
//! renders them, keeps those whose edits touch none kept before (by position; the others wait for
//! the next round, against the new text), and applies them. A round that breaks the file, or
//! rounds that never settle, leave the file as it was, with an error.

use super::render::{apply_edits, document_for, newline, overlap, render, Edit};
use super::rewrites::{Rewrite, Rewrites};
use super::{Applicability, Fix};
use crate::config::Settings;
use crate::discover::{self, ReadError};
use crate::document;
use crate::document::members::Members;
use crate::finding::Finding;
use crate::lint::FileReport;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::path::Path;

/// Rounds before giving up, as ruff does: fixes that keep producing fixes do not converge.
pub const MAX_ROUNDS: usize = 10;

/// What fixing one text did.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixed {
    /// The fixed text; the original when nothing was fixed or fixing failed.
    pub text: String,
    /// Findings whose fix was applied.
    pub fixed: usize,
    /// Why the file was left as it was, though fixes applied.
    pub error: Option<String>,
    /// Where the fixed text differs from the original.
    pub rewrites: Vec<Rewrite>,
}

/// Which fixes a run applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    pub unsafe_fixes: bool,
}

impl Mode {
    pub fn allows(self, fix: &Fix) -> bool {
        fix.applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// The fixes that apply to `text` (the file `path`), applied round after round. `held` says which
/// findings the baseline holds back: those are not fixed.
pub fn fix_text(path: &str, text: &str, settings: &Settings, mode: Mode, held: &dyn Fn(&Finding) -> bool) -> Fixed {
    fix_rounds(path, text, settings, mode, held, MAX_ROUNDS)
}

/// [`fix_text`] with at most `rounds` rounds; unfinished work after them is an error unless
/// `rounds` is below [`MAX_ROUNDS`] (a caller stepping round by round).
pub fn fix_rounds(
    path: &str,
    text: &str,
    settings: &Settings,
    mode: Mode,
    held: &dyn Fn(&Finding) -> bool,
    rounds: usize,
) -> Fixed {
    let unchanged = |error: Option<String>| Fixed {
        text: text.to_string(),
        fixed: 0,
        error,
        rewrites: Vec::new(),
    };
    let mut current = text.to_string();
    let mut rewrites = Rewrites::new(text.len());
    let mut fixed = 0;
    let mut syntax = None;
    for _ in 0..rounds.min(MAX_ROUNDS) {
        let report = crate::lint_bytes(path, current.as_bytes(), settings);
        let Some(docs) = parsed(&report) else {
            // A file that does not parse is never touched; one a fix broke is put back.
            return unchanged((fixed > 0).then(|| "a fix left the file unparsable; nothing was changed".into()));
        };
        if syntax.is_some_and(|s| Some(s) != report.syntax) {
            return unchanged(Some("a fix changed how the file parses; nothing was changed".into()));
        }
        syntax = report.syntax;
        let findings = report.findings.iter().filter(|f| !held(f));
        let (edits, count) = select(&current, &docs, findings, mode);
        if edits.is_empty() {
            return Fixed {
                text: current,
                fixed,
                error: None,
                rewrites: rewrites.rewrites(),
            };
        }
        current = apply_edits(&current, &edits);
        rewrites.apply(&edits);
        fixed += count;
    }
    if rounds < MAX_ROUNDS {
        return Fixed {
            text: current,
            fixed,
            error: None,
            rewrites: rewrites.rewrites(),
        };
    }
    unchanged(Some(format!(
        "fixes did not settle after {MAX_ROUNDS} rounds; nothing was changed"
    )))
}

/// The documents of a report's text, when it parses.
fn parsed(report: &FileReport) -> Option<Vec<document::Document>> {
    document::parse_all(&report.text, report.syntax?).ok()
}

/// The edits of one round, apart from one another, and how many findings they fix. Findings are in
/// file order, so the first of two overlapping fixes wins; a finding whose fix is exactly one
/// already taken (two rules asking for the same edit) counts as fixed by it.
fn select<'f>(
    text: &str,
    docs: &[document::Document],
    findings: impl Iterator<Item = &'f Finding>,
    mode: Mode,
) -> (Vec<Edit>, usize) {
    let newline = newline(text);
    // The edits taken, by where they start. They are apart from one another, so ordered by start
    // they are ordered by end too, and the ones an edit may touch are found by a range, not a scan
    // of all of them (a file of 20,000 fixes took 17 s).
    let mut taken: BTreeMap<usize, Edit> = BTreeMap::new();
    let mut fixes: HashSet<Vec<Edit>> = HashSet::new();
    let mut count = 0;
    let members = Members::default();
    for f in findings {
        let Some(fix) = f.fix.as_ref().filter(|fix| mode.allows(fix)) else {
            continue;
        };
        let Some(doc) = document_for(docs, f.document_index()) else {
            continue;
        };
        let Ok(edits) = render(text, newline, doc, fix, &members) else {
            continue;
        };
        if edits.is_empty() {
            continue;
        }
        if fixes.contains(&edits) {
            count += 1;
            continue;
        }
        let clashes = edits.iter().any(|e| {
            taken
                .range(..=e.span.end)
                .rev()
                .take_while(|(_, t)| t.span.end >= e.span.start)
                .any(|(_, t)| overlap(t.span, e.span))
        });
        if !clashes {
            taken.extend(edits.iter().map(|e| (e.span.start, e.clone())));
            fixes.insert(edits);
            count += 1;
        }
    }
    (taken.into_values().collect(), count)
}

/// Writes the fixed text over `path`, which held `original` when it was linted: refused through a
/// symbolic link, or when the file changed since; atomic (a new file beside it, with its
/// permissions, renamed over it).
pub fn write(path: &Path, original: &str, fixed: &str, limit: u64) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() || discover::escapes_through_symlink(path) {
        return Err(io::Error::other("a symbolic link: fixes are never written through one"));
    }
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let now = discover::read_file_bounded(path, limit).map_err(|e| match e {
        ReadError::Io(e) => e,
        ReadError::TooLarge => io::Error::other("larger than --max-file-size"),
    })?;
    // Also refuses a UTF-16 file, whose linted text is its UTF-8 decoding.
    if now != original.as_bytes() {
        return Err(io::Error::other(
            "the file changed since it was read (or is not UTF-8); not fixed",
        ));
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".oauthlint-fix-{}.tmp", std::process::id()));
    let temp = path.parent().unwrap_or(Path::new("")).join(temp_name);
    // `create_new` follows nothing that is already there.
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temp)?;
    let written = file
        .write_all(fixed.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::set_permissions(&temp, meta.permissions()))
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// One file `--fix` would change, or could not.
#[derive(Debug)]
pub struct FileFix {
    /// As the run shows it.
    pub path: String,
    pub original: std::sync::Arc<str>,
    pub fixed: Fixed,
}

impl FileFix {
    pub fn changed(&self) -> bool {
        self.fixed.text != *self.original
    }
}

/// Fixes every file of `run` in memory, in parallel: the files with a fix `mode` allows, changed or
/// refused (with its error). `held(path, finding)` is the baseline.
pub fn fix_run(run: &crate::Run, mode: Mode, held: &(dyn Fn(&str, &Finding) -> bool + Sync)) -> Vec<FileFix> {
    use rayon::prelude::*;
    run.files
        .par_iter()
        .filter(|file| {
            file.findings
                .iter()
                .any(|f| f.fix.as_ref().is_some_and(|fix| mode.allows(fix)))
        })
        .map(|file| FileFix {
            path: file.path.clone(),
            original: file.text.clone(),
            fixed: fix_text(&file.path, &file.text, &file.settings, mode, &|f| held(&file.path, f)),
        })
        .filter(|ff| ff.changed() || ff.fixed.error.is_some())
        .collect()
}
