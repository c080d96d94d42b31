//! `--statistics`: how many findings each rule produced, most first, instead of the findings.

use super::{counts, severity, View};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let mut per_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (_, f) in view.findings() {
        *per_rule.entry((f.rule, severity(f).as_str())).or_default() += 1;
    }
    let mut rows: Vec<_> = per_rule.into_iter().collect();
    // Most findings first; ties by rule name so the order is stable.
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for ((rule, sev), count) in rows {
        writeln!(out, "{count:>6}  {sev:<7}  {rule}")?;
    }
    let (e, w, n) = counts(view);
    writeln!(out, "{:>6}  total ({e} error, {w} warning, {n} note)", e + w + n)
}
