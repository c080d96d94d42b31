//! JUnit XML for CI test reports: a test suite per file, a test case per enabled rule; a rule's
//! findings in a file are that test case's failure. Unreadable inputs are test errors.

use super::{region, severity, View};
use crate::escape::{self, xml};
use crate::finding::Finding;
use crate::lint::FileReport;
use std::collections::HashMap;
use std::io::{self, Write};

fn failure(file: &FileReport, findings: &[&Finding]) -> String {
    let worst = findings
        .iter()
        .map(|f| severity(f))
        .max()
        .unwrap_or(crate::finding::Severity::Note);
    // One line a finding, each opened by the path: escaped one by one, so that the only line breaks
    // are these.
    let body: Vec<String> = findings
        .iter()
        .map(|f| {
            let r = region(file, f.span);
            xml(&format!(
                "{}:{}:{}: {}: {}",
                escape::path(&file.path),
                r.start_line,
                r.start_column,
                severity(f),
                f.message
            ))
        })
        .collect();
    format!(
        "      <failure type=\"{worst}\" message=\"{} finding(s)\">{}</failure>\n",
        findings.len(),
        body.join("\n")
    )
}

/// A file's shown findings by rule, in the run's order within each rule.
fn by_rule<'f>(view: &View, file: &'f FileReport) -> HashMap<&'static str, Vec<&'f Finding>> {
    let mut found: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in file.findings.iter().filter(|f| severity(f) >= view.min_severity) {
        found.entry(f.rule).or_default().push(f);
    }
    found
}

/// The test cases that fail in a file: the rules that ran and found something there.
fn failures(view: &View, found: &HashMap<&str, Vec<&Finding>>) -> usize {
    view.rules.iter().filter(|rule| found.contains_key(rule.name)).count()
}

/// A file's test suite: a test case for every rule that ran, failed when it found something.
fn suite(view: &View, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    let path = xml(&view.root.display(&file.path));
    let found = by_rule(view, file);
    writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
        view.rules.len(),
        failures(view, &found)
    )?;
    for rule in &view.rules {
        write!(
            out,
            "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\"",
            rule.name
        )?;
        match found.get(rule.name) {
            None => writeln!(out, "/>")?,
            Some(findings) => {
                writeln!(out, ">")?;
                out.write_all(failure(file, findings).as_bytes())?;
                writeln!(out, "    </testcase>")?;
            }
        }
    }
    writeln!(out, "  </testsuite>")
}

/// An input that could not be read: a suite with one test case in error.
fn unreadable(view: &View, e: &crate::InputError, out: &mut dyn Write) -> io::Result<()> {
    let path = xml(&view.root.display(&e.path));
    writeln!(
        out,
        "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"read\" \
         classname=\"{path}\" file=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>",
        xml(&e.message)
    )
}

/// The totals go first, in the root element: counted in a pass of their own, then each suite is
/// written as it is rendered.
pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let run = view.run;
    let tests = run.files.len() * view.rules.len() + run.errors.len();
    let failures: usize = run.files.iter().map(|file| failures(view, &by_rule(view, file))).sum();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"oauthlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">",
        run.errors.len()
    )?;
    for file in &run.files {
        suite(view, file, out)?;
    }
    for e in &run.errors {
        unreadable(view, e, out)?;
    }
    writeln!(out, "</testsuites>")
}
