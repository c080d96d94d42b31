//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation a finding, shown
//! inline on the pull request.

use super::{message_with_help, region, severity, View};
use crate::escape;
use crate::finding::Severity;
use std::io::{self, Write};

/// GitHub shows at most this many annotations of each level per step (and 50 per job).
const SHOWN_PER_LEVEL: usize = 10;

/// Escapes a message: `%`, CR and LF would otherwise end or corrupt the command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` also separate fields.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let mut per_level = [0usize; 3];
    for (file, f) in view.findings() {
        let r = region(file, f.span);
        let sev = severity(f);
        per_level[sev as usize] += 1;
        // Columns only place a single-line annotation; GitHub ignores them across lines.
        let columns = if r.start_line == r.end_line {
            format!(",col={},endColumn={}", r.start_column, r.end_column)
        } else {
            String::new()
        };
        writeln!(
            out,
            "::{} file={},line={},endLine={}{columns},title={}::{}",
            command(sev),
            escape_property(&escape::text(&view.root.display(&file.path))),
            r.start_line,
            r.end_line,
            escape_property(&format!("oauthlint {}", f.rule)),
            escape_data(&message_with_help(f)),
        )?;
    }
    for e in &view.run.errors {
        writeln!(
            out,
            "::error file={},title={}::{}",
            escape_property(&escape::text(&view.root.display(&e.path))),
            escape_property("oauthlint: unreadable input"),
            escape_data(&escape::text(&e.message))
        )?;
    }
    let hidden: Vec<String> = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .filter(|&s| per_level[s as usize] > SHOWN_PER_LEVEL)
        .map(|s| format!("{} {}s", per_level[s as usize], command(s)))
        .collect();
    if !hidden.is_empty() {
        eprintln!(
            "oauthlint: warning: {} emitted, but GitHub shows only {SHOWN_PER_LEVEL} annotations per level per step \
             (50 per job); upload the SARIF output or write a step summary (--output markdown=$GITHUB_STEP_SUMMARY) \
             to see them all",
            hidden.join(" and ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks() {
        assert_eq!(escape_data("100%\r\nnext: a, b"), "100%25%0D%0Anext: a, b");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("dir,x/a:b%.json"), "dir%2Cx/a%3Ab%25.json");
    }
}
