//! GitLab code quality report (`artifacts:reports:codequality`): a JSON array of issues, each with a
//! unique fingerprint, a severity and a repository-relative path with lines.

use super::{message_with_help, region, severity, Each, View};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;
use serde::Serialize;
use std::io::{self, Write};

/// GitLab's scale is info, minor, major, critical, blocker; a finding that fails the gate by default
/// (error) is critical, a warning major, a note minor.
fn gitlab_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Note => "minor",
    }
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// GitLab merges issues that share a fingerprint; `Finding::repeat` keeps two findings of one
/// rule on one value apart.
fn issue<'a>(view: &View, file: &FileReport, f: &'a Finding) -> Issue<'a> {
    let r = region(file, f.span);
    Issue {
        description: message_with_help(f),
        check_name: f.rule,
        fingerprint: view.fingerprint(file, f),
        severity: gitlab_severity(severity(f)),
        location: Location {
            path: view.root.display(&file.path),
            lines: Lines {
                begin: r.start_line,
                end: r.end_line,
            },
        },
    }
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let issues = || view.findings().map(|(file, f)| issue(view, file, f));
    crate::escape::write_json(out, &Each(issues), true)?;
    writeln!(out)
}
