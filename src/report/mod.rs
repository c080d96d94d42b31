//! One emitter per output format, all fed the same [`Run`]. Exit codes never depend on the format.

mod concise;
mod human;
mod json;

use crate::finding::{Finding, Severity};
use crate::lint::FileReport;
use crate::Run;
use std::io::{self, Write};

pub use human::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Full,
    Concise,
    Json,
}

/// What every emitter needs besides the run.
pub struct View<'a> {
    pub run: &'a Run,
    /// Findings below this are not shown (they still count for the exit code).
    pub min_severity: Severity,
    pub style: Style,
}

impl View<'_> {
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

/// A stable id for a finding that survives reformatting and moved lines: rule, path and pointer,
/// hashed (FNV-1a, 128 bits as two 64-bit halves).
pub fn fingerprint(path: &str, f: &Finding) -> String {
    let mut key = format!("{}\0{}\0{}", f.rule, path, f.pointer);
    // Pointers repeat across the documents of a YAML stream; files of one document keep their ids.
    if let Some(d) = f.document {
        key.push_str(&format!("\0{d}"));
    }
    let hash = |seed: u64| {
        key.bytes()
            .fold(seed, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
    };
    format!(
        "{:016x}{:016x}",
        hash(0xcbf2_9ce4_8422_2325),
        hash(0x6c62_272e_07bb_0142)
    )
}

/// Makes a path or message safe for one line of text output.
pub fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}
