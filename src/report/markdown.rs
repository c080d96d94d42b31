//! A Markdown summary for `$GITHUB_STEP_SUMMARY` or a merge-request comment: totals, counts per rule,
//! then the findings as a table, within GitHub's 1 MiB limit for a step summary.

use super::{counts, region, severity, View};
use crate::escape;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A few hundred rows say enough; the rest are counted.
const MAX_ROWS: usize = 500;
/// GitHub refuses a step summary over 1 MiB (and shows none of it).
const MAX_BYTES: usize = 1 << 20;
/// Room kept for the line that says what was left out.
const TAIL: usize = 256;

/// The output, with the bytes written so far, as GitHub counts them against its limit.
struct Counted<'o> {
    out: &'o mut dyn Write,
    written: usize,
}

impl Counted<'_> {
    fn push(&mut self, text: &str) -> io::Result<()> {
        self.written += text.len();
        self.out.write_all(text.as_bytes())
    }

    /// Writes lines while the summary stays within the limit (with room for the last line), and
    /// says how many went in; `out_of_room` is set when one did not fit.
    fn push_while_fits(&mut self, lines: impl Iterator<Item = String>, out_of_room: &mut bool) -> io::Result<usize> {
        let mut pushed = 0;
        for line in lines {
            if self.written + line.len() + TAIL > MAX_BYTES {
                *out_of_room = true;
                break;
            }
            self.push(&line)?;
            pushed += 1;
        }
        Ok(pushed)
    }
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let run = view.run;
    let mut doc = Counted { out, written: 0 };
    let (e, w, n) = counts(view);
    let clients: usize = run.files.iter().map(|f| f.clients.len()).sum();
    doc.push("## oauthlint\n\n")?;
    doc.push(&format!(
        "{} {e} error(s), {w} warning(s), {n} note(s) in {} file(s) with {clients} client(s).\n\n",
        if e > 0 {
            "❌"
        } else if w > 0 {
            "⚠️"
        } else {
            "✅"
        },
        run.files.len(),
    ))?;
    if let Some(b) = &view.baseline {
        doc.push(&format!(
            "{} finding(s) in the baseline not shown; {} of the baseline fixed (`oauthlint baseline --prune` drops them).\n\n",
            b.baselined,
            crate::baseline::entries_counted(b.fixed.len())
        ))?;
    }
    if let Some(kept_out) = super::kept_out(run) {
        doc.push(&format!("Not linted: {}.\n\n", escape::markdown(&kept_out)))?;
    }
    let mut per_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (_, f) in view.findings() {
        *per_rule.entry((f.rule, severity(f).as_str())).or_default() += 1;
    }
    let total = view.findings().count();
    let mut out_of_room = false;
    let mut shown_findings = 0;
    if !per_rule.is_empty() {
        doc.push("| rule | severity | findings |\n| --- | --- | ---: |\n")?;
        for ((rule, sev), count) in &per_rule {
            doc.push(&format!("| `{rule}` | {sev} | {count} |\n"))?;
        }
        doc.push("\n| | location | rule | message |\n| --- | --- | --- | --- |\n")?;
        let rows = view.findings().take(MAX_ROWS).map(|(file, f)| {
            let r = region(file, f.span);
            let location = format!("{}:{}:{}", view.root.display(&file.path), r.start_line, r.start_column);
            format!(
                "| {} | {} | `{}` | {} |\n",
                severity(f),
                escape::markdown_code(&location),
                f.rule,
                escape::markdown(&f.message)
            )
        });
        shown_findings = doc.push_while_fits(rows, &mut out_of_room)?;
    }
    let mut shown_errors = 0;
    if !run.errors.is_empty() && !out_of_room {
        doc.push("\n**Could not read:**\n\n")?;
        let items = run.errors.iter().map(|err| {
            format!(
                "- {}: {}\n",
                escape::markdown_code(&err.path),
                escape::markdown(&err.message)
            )
        });
        shown_errors = doc.push_while_fits(items, &mut out_of_room)?;
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
        doc.push(&format!(
            "\n…and {} left out{why}; see the full report.\n",
            left_out.join(" and ")
        ))?;
    }
    Ok(())
}
