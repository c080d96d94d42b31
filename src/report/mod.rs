//! One emitter per output format, all fed the same [`Run`]. Exit codes never depend on the format.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;
mod source_root;
mod statistics;
mod stream;

use crate::escape;
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;
use crate::registry::Rule;
use crate::Run;
use std::io::{self, Write};

pub use human::{summary, Style};
pub use sarif::DEFAULT_CATEGORY;
pub use source_root::SourceRoot;
pub use statistics::emit as statistics;
use stream::Each;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with the source underlined
    Full,
    /// One line a finding: `path:line:col: severity[rule] message`
    Concise,
    /// The version-1 JSON document
    Json,
    /// One JSON finding a line (the objects of `json`'s `findings`)
    Jsonl,
    /// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers
    Sarif,
    /// GitHub Actions workflow commands: inline annotations on the pull request
    Github,
    /// GitLab code quality report (the `codequality` artifact)
    Gitlab,
    /// JUnit XML: one test case per file and rule
    Junit,
    /// A Markdown summary, e.g. for `$GITHUB_STEP_SUMMARY`
    Markdown,
}

impl Format {
    /// Formats that carry input errors themselves; for the others they also go to stderr.
    pub fn reports_input_errors(self) -> bool {
        !matches!(self, Format::Jsonl | Format::Gitlab)
    }
    /// Whether the format itself tells about files skipped for their size (a note, a count).
    pub fn reports_skipped_files(self) -> bool {
        matches!(self, Format::Full | Format::Json)
    }
}

/// What every emitter needs besides the run.
pub struct View<'a> {
    pub run: &'a Run,
    /// Findings below this are not shown (they still count for the exit code).
    pub min_severity: Severity,
    pub style: Style,
    /// The rules that ran, sorted by name (SARIF lists them all, JUnit has a test case for each).
    pub rules: Vec<&'static Rule>,
    /// SARIF `automationDetails.id`.
    pub sarif_category: String,
    /// What CI formats make paths relative to.
    pub root: SourceRoot,
    /// What the baseline held back, when one is in use.
    pub baseline: Option<crate::baseline::Outcome>,
    /// SARIF lists baselined findings and fixed baseline entries too (`--sarif-baselined`).
    pub sarif_baselined: bool,
    /// What `--fix` did, and which fixes count as available.
    pub fixes: Fixes,
}

/// Fixes as the reports tell them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fixes {
    /// Findings `--fix` fixed in this run (`None` without `--fix`).
    pub applied: Option<usize>,
    /// `--unsafe-fixes`: unsafe fixes count as available too.
    pub unsafe_fixes: bool,
}

impl<'a> View<'a> {
    /// Every finding and every rule, no colour, paths as reported, the default SARIF category; the
    /// CLI then narrows it to its flags.
    pub fn plain(run: &'a Run, root: SourceRoot) -> Self {
        View {
            run,
            min_severity: Severity::Note,
            style: Style {
                color: false,
                width: 100,
            },
            rules: crate::registry::all().iter().collect(),
            sarif_category: sarif::DEFAULT_CATEGORY.to_string(),
            root,
            baseline: None,
            sarif_baselined: false,
            fixes: Fixes::default(),
        }
    }

    /// Whether `--fix` (with the run's `--unsafe-fixes`) would fix `f`.
    pub fn fixable(&self, f: &Finding) -> bool {
        f.fix
            .as_ref()
            .is_some_and(|fix| fix.applicability == crate::fix::Applicability::Safe || self.fixes.unsafe_fixes)
    }

    /// Shown findings `--fix` would fix, and those only `--unsafe-fixes` would.
    pub fn fixable_counts(&self) -> (usize, usize) {
        self.findings().fold((0, 0), |(now, more), (_, f)| match &f.fix {
            Some(_) if self.fixable(f) => (now + 1, more),
            Some(_) => (now, more + 1),
            None => (now, more),
        })
    }

    /// The finding's fingerprint (docs/fingerprints.md), from its repository-relative path so that
    /// every format and the baseline agree wherever oauthlint runs.
    pub fn fingerprint(&self, file: &FileReport, f: &Finding) -> String {
        crate::fingerprint::fingerprint(&self.root.display(&file.path), f)
    }

    /// Findings the baseline held back.
    pub fn baselined(&self) -> usize {
        self.baseline.as_ref().map_or(0, |b| b.baselined)
    }

    /// The findings to show, in output order, with their file.
    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.run.files.iter().flat_map(move |file| {
            file.findings
                .iter()
                .filter(move |f| severity(f) >= self.min_severity)
                .map(move |f| (file, f))
        })
    }
}

pub fn severity(f: &Finding) -> Severity {
    f.severity.unwrap_or(Severity::Warning)
}

pub fn emit(format: Format, view: &View, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Full => human::emit(view, out),
        Format::Concise => concise::emit(view, out),
        Format::Json => json::emit(view, out),
        Format::Jsonl => json::emit_lines(view, out),
        Format::Sarif => sarif::emit(view, out),
        Format::Github => github::emit(view, out),
        Format::Gitlab => gitlab::emit(view, out),
        Format::Junit => junit::emit(view, out),
        Format::Markdown => markdown::emit(view, out),
    }
}

/// Counts of shown findings by severity: (error, warning, note).
pub fn counts(view: &View) -> (usize, usize, usize) {
    view.findings().fold((0, 0, 0), |(e, w, n), (_, f)| match severity(f) {
        Severity::Error => (e + 1, w, n),
        Severity::Warning => (e, w + 1, n),
        Severity::Note => (e, w, n + 1),
    })
}

/// The files the walk found and did not lint, said in one phrase, or `None` when there were none:
/// `2 files and 1 folder kept out by ignore files (--no-gitignore lints them), 1 file excluded by
/// --exclude, --include or configuration`.
/// A pull request can commit an ignore file or a configuration; this keeps what they hid in sight.
pub fn kept_out(run: &Run) -> Option<String> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    let ignored = match (run.ignored, run.ignored_folders) {
        (0, 0) => None,
        (files, 0) => Some(plural(files, "file")),
        (0, folders) => Some(plural(folders, "folder")),
        (files, folders) => Some(format!("{} and {}", plural(files, "file"), plural(folders, "folder"))),
    };
    if let Some(ignored) = ignored {
        parts.push(format!(
            "{ignored} kept out by ignore files (--no-gitignore lints them)"
        ));
    }
    if run.excluded > 0 {
        parts.push(format!(
            "{} excluded by --exclude, --include or configuration",
            plural(run.excluded, "file")
        ));
    }
    if run.symlinks > 0 {
        parts.push(format!("{} not followed", plural(run.symlinks, "symbolic link")));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The message with the rule's help on the next line, for formats that have one text field; both
/// quote the input, so both are escaped (the line break between them is the only one).
pub fn message_with_help(f: &Finding) -> String {
    let message = escape::text(&f.message);
    match &f.help {
        Some(h) => format!("{message}\n{}", escape::text(h)),
        None => message.into_owned(),
    }
}

/// 1-based (line, column) of a finding's start and end, columns in Unicode scalar values, the end
/// column one past the last character.
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

pub fn region(file: &FileReport, span: crate::document::Span) -> Region {
    let start = file.lines.position(&file.text, span.start);
    let end = file.lines.position(&file.text, span.end.max(span.start));
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}
