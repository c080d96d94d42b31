//! A Markdown summary for `$GITHUB_STEP_SUMMARY` or a merge-request comment: totals, counts per rule,
//! then the findings as a table.

use super::{counts, one_line, region, severity, View};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// GitHub caps a step summary at 1 MiB; a few hundred rows say enough, the rest are counted.
const MAX_ROWS: usize = 500;

/// Text safe inside a table cell: no line breaks, no column separators, no raw HTML.
fn cell(s: &str) -> String {
    one_line(s)
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let run = view.run;
    let (e, w, n) = counts(view);
    let clients: usize = run.files.iter().map(|f| f.clients.len()).sum();
    writeln!(out, "## oauthlint\n")?;
    writeln!(
        out,
        "{} {e} error(s), {w} warning(s), {n} note(s) in {} file(s) with {clients} client(s).\n",
        if e > 0 {
            "❌"
        } else if w > 0 {
            "⚠️"
        } else {
            "✅"
        },
        run.files.len(),
    )?;
    if let Some(kept_out) = super::kept_out(run) {
        writeln!(out, "Not linted: {}.\n", cell(&kept_out))?;
    }
    let mut per_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (_, f) in view.findings() {
        *per_rule.entry((f.rule, severity(f).as_str())).or_default() += 1;
    }
    if !per_rule.is_empty() {
        writeln!(out, "| rule | severity | findings |\n| --- | --- | ---: |")?;
        for ((rule, sev), count) in &per_rule {
            writeln!(out, "| `{rule}` | {sev} | {count} |")?;
        }
        writeln!(out)?;
        writeln!(out, "| | location | rule | message |\n| --- | --- | --- | --- |")?;
        for (file, f) in view.findings().take(MAX_ROWS) {
            let r = region(file, f.span);
            writeln!(
                out,
                "| {} | `{}:{}:{}` | `{}` | {} |",
                severity(f),
                cell(&view.root.display(&file.path)).replace('`', "'"),
                r.start_line,
                r.start_column,
                f.rule,
                cell(&f.message)
            )?;
        }
        let total = view.findings().count();
        if total > MAX_ROWS {
            writeln!(out, "\n…and {} more; see the full report.", total - MAX_ROWS)?;
        }
    }
    if !run.errors.is_empty() {
        writeln!(out, "\n**Could not read:**\n")?;
        for err in &run.errors {
            writeln!(out, "- `{}`: {}", cell(&err.path).replace('`', "'"), cell(&err.message))?;
        }
    }
    Ok(())
}
