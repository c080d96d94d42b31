//! `path:line:col: severity[rule] message`, one line a finding.

use super::{one_line, severity, View};
use std::io::{self, Write};

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    for (file, f) in view.findings() {
        let p = file.lines.position(&file.text, f.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            one_line(&file.path),
            p.line,
            p.column,
            severity(f),
            f.rule,
            one_line(&f.message)
        )?;
    }
    for e in &view.run.errors {
        writeln!(out, "{}: error: {}", one_line(&e.path), one_line(&e.message))?;
    }
    Ok(())
}
