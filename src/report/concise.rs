//! `path:line:col: severity[rule] message`, one line a finding.

use super::{severity, View};
use crate::escape;
use std::io::{self, Write};

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    for (file, f) in view.findings() {
        let p = file.lines.position(&file.text, f.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}{}",
            escape::path(&file.path),
            p.line,
            p.column,
            severity(f),
            f.rule,
            if view.fixable(f) { "[*] " } else { "" },
            escape::text(&f.message)
        )?;
    }
    for e in &view.run.errors {
        writeln!(out, "{}: error: {}", escape::path(&e.path), escape::text(&e.message))?;
    }
    Ok(())
}
