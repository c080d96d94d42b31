//! GitLab code quality report (`artifacts:reports:codequality`): a JSON array of issues, each with a
//! unique fingerprint, a severity and a repository-relative path with lines.

use super::{message_with_help, region, severity, View};
use crate::finding::Severity;
use serde_json::json;
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

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    // GitLab merges issues that share a fingerprint; `Finding::repeat` keeps two findings of one
    // rule on one value apart.
    let issues: Vec<_> = view
        .findings()
        .map(|(file, f)| {
            let path = view.root.display(&file.path);
            let id = view.fingerprint(file, f);
            let r = region(file, f.span);
            json!({
                "description": message_with_help(f),
                "check_name": f.rule,
                "fingerprint": id,
                "severity": gitlab_severity(severity(f)),
                "location": { "path": path, "lines": { "begin": r.start_line, "end": r.end_line } },
            })
        })
        .collect();
    crate::escape::write_json(out, &issues, true)?;
    writeln!(out)
}
