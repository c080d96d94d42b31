//! JUnit XML for CI test reports: a test suite per file, a test case per enabled rule; a rule's
//! findings in a file are that test case's failure. Unreadable inputs are test errors.

use super::{region, severity, View};
use crate::escape::{self, xml};
use crate::finding::Finding;
use crate::lint::FileReport;
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

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for file in &view.run.files {
        let path = xml(&view.root.display(&file.path));
        let mut cases = String::new();
        let mut suite_failures = 0;
        for rule in &view.rules {
            let found: Vec<&Finding> = file
                .findings
                .iter()
                .filter(|f| f.rule == rule.name && severity(f) >= view.min_severity)
                .collect();
            cases.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{path}\" file=\"{path}\"",
                rule.name
            ));
            if found.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            suite_failures += 1;
            cases.push_str(">\n");
            cases.push_str(&failure(file, &found));
            cases.push_str("    </testcase>\n");
        }
        tests += view.rules.len();
        failures += suite_failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"0\">\n{cases}  </testsuite>\n",
            view.rules.len()
        ));
    }
    for e in &view.run.errors {
        let path = xml(&view.root.display(&e.path));
        tests += 1;
        suites.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"1\" failures=\"0\" errors=\"1\">\n    <testcase name=\"read\" \
             classname=\"{path}\" file=\"{path}\">\n      <error message=\"{}\"/>\n    </testcase>\n  </testsuite>\n",
            xml(&e.message)
        ));
    }
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<testsuites name=\"oauthlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{}\">",
        view.run.errors.len()
    )?;
    write!(out, "{suites}")?;
    writeln!(out, "</testsuites>")
}
