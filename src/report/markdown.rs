//! A Markdown summary for `$GITHUB_STEP_SUMMARY` or a merge-request comment: totals, counts per rule,
//! then the findings as a table, within GitHub's 1 MiB limit for a step summary.

use super::{counts, region, severity, View};
use crate::escape;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A few hundred rows say enough; the rest are counted.
const MAX_ROWS: usize = 500;
/// GitHub refuses a step summary over 1 MiB (and shows none of it).
pub const MAX_BYTES: usize = 1 << 20;
/// Room kept for the line that says what was left out.
const TAIL: usize = 256;

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let run = view.run;
    let (e, w, n) = counts(view);
    let clients: usize = run.files.iter().map(|f| f.clients.len()).sum();
    let mut doc = String::from("## oauthlint\n\n");
    doc.push_str(&format!(
        "{} {e} error(s), {w} warning(s), {n} note(s) in {} file(s) with {clients} client(s).\n\n",
        if e > 0 {
            "❌"
        } else if w > 0 {
            "⚠️"
        } else {
            "✅"
        },
        run.files.len(),
    ));
    let mut per_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (_, f) in view.findings() {
        *per_rule.entry((f.rule, severity(f).as_str())).or_default() += 1;
    }
    // Rows are added while they fit; what does not is counted in the last line.
    let fits = |doc: &String, row: &str| doc.len() + row.len() + TAIL <= MAX_BYTES;
    let total = view.findings().count();
    let mut shown_findings = 0;
    let mut out_of_room = false;
    if !per_rule.is_empty() {
        doc.push_str("| rule | severity | findings |\n| --- | --- | ---: |\n");
        for ((rule, sev), count) in &per_rule {
            doc.push_str(&format!("| `{rule}` | {sev} | {count} |\n"));
        }
        doc.push_str("\n| | location | rule | message |\n| --- | --- | --- | --- |\n");
        for (file, f) in view.findings().take(MAX_ROWS) {
            let r = region(file, f.span);
            let location = format!("{}:{}:{}", view.root.display(&file.path), r.start_line, r.start_column);
            let row = format!(
                "| {} | {} | `{}` | {} |\n",
                severity(f),
                escape::markdown_code(&location),
                f.rule,
                escape::markdown(&f.message)
            );
            if !fits(&doc, &row) {
                out_of_room = true;
                break;
            }
            doc.push_str(&row);
            shown_findings += 1;
        }
    }
    let mut shown_errors = 0;
    if !run.errors.is_empty() && !out_of_room {
        doc.push_str("\n**Could not read:**\n\n");
        for err in &run.errors {
            let item = format!(
                "- {}: {}\n",
                escape::markdown_code(&err.path),
                escape::markdown(&err.message)
            );
            if !fits(&doc, &item) {
                out_of_room = true;
                break;
            }
            doc.push_str(&item);
            shown_errors += 1;
        }
    }
    let left_out = [
        (total - shown_findings, "finding"),
        (run.errors.len() - shown_errors, "unreadable input"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, what)| format!("{count} more {what}{}", if count == 1 { "" } else { "s" }))
    .collect::<Vec<_>>();
    if !left_out.is_empty() {
        let why = if out_of_room {
            " (GitHub caps a step summary at 1 MiB)"
        } else {
            ""
        };
        doc.push_str(&format!(
            "\n…and {} left out{why}; see the full report.\n",
            left_out.join(" and ")
        ));
    }
    out.write_all(doc.as_bytes())
}
