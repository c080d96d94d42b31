//! The `full` format: miette diagnostics with the offending key underlined, then a summary line.

use super::{counts, severity, View};
use crate::escape::{self, Shown};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};
use std::fmt;
use std::io::{self, Write};

/// How to draw: decided once from `--color` and the terminal.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// miette panics on labels past column 65,535 of a line; long lines get no snippet at all.
const MAX_SNIPPET_LINE: usize = 1_000;

/// The file's text as the snippets show it: secrets masked, hidden characters escaped.
struct Source {
    name: String,
    shown: Shown,
}

struct Diag<'a> {
    finding: &'a Finding,
    /// `--fix` would fix it: marked `[*]` after the rule, as ruff does.
    fixable: bool,
    source: Option<(&'a Source, NamedSource<String>)>,
    help: String,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape::text(&self.finding.message))
    }
}
impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&escape::text(&self.finding.message))
    }
}
impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{}{}",
            self.finding.rule,
            if self.fixable { " [*]" } else { "" }
        )))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match severity(self.finding) {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|(_, named)| named as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (source, _) = self.source.as_ref()?;
        let f = self.finding;
        let label = |text: &str| Some(escape::text(text).into_owned());
        let primary =
            LabeledSpan::new_primary_with_span(f.label.as_deref().and_then(label), source.shown.range(f.span.range()));
        let related = f
            .related
            .iter()
            .map(move |r| LabeledSpan::new_with_span(label(&r.label), source.shown.range(r.span.range())));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

fn snippet_fits(file: &FileReport, f: &Finding) -> bool {
    std::iter::once(f.span.start)
        .chain(f.related.iter().map(|r| r.span.start))
        .all(|at| {
            let (start, end) = file.lines.line_span(&file.text, at);
            end - start <= MAX_SNIPPET_LINE && file.text.len() >= f.span.end
        })
}

/// The help text: what to do, then which client, as what, and where the rule comes from.
fn help_text(file: &FileReport, f: &Finding) -> String {
    let mut lines = Vec::new();
    if let Some(h) = &f.help {
        lines.push(escape::text(h).into_owned());
    }
    if let Some(cr) = f.client.and_then(|i| file.clients.get(i)) {
        lines.push(format!(
            "client `{}` ({}) inferred {} ({} confidence)",
            escape::text(cr.client.display_id()),
            cr.client.format,
            cr.inference.client_type,
            cr.inference.confidence.as_str()
        ));
    }
    if let Some(rule) = crate::registry::get(f.rule) {
        if !rule.references.is_empty() {
            lines.push(format!(
                "see {}; `oauthlint rule {}` explains",
                rule.references.join(", "),
                rule.name
            ));
        }
    }
    lines.join("\n")
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let theme = if view.style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(view.style.width)
        .with_links(false);
    let mut source: Option<(&str, Source)> = None;
    for (file, f) in view.findings() {
        if source.as_ref().is_none_or(|(p, _)| *p != file.path) {
            let shown = escape::source(&file.secrets.masked_source(&file.text));
            let name = escape::path(&file.path).into_owned();
            source = Some((&file.path, Source { name, shown }));
        }
        let fits = snippet_fits(file, f);
        let source = source
            .as_ref()
            .filter(|_| fits)
            .map(|(_, s)| (s, NamedSource::new(&s.name, s.shown.text.clone())));
        let diag = Diag {
            finding: f,
            fixable: view.fixable(f),
            source,
            help: help_text(file, f),
        };
        let mut text = String::new();
        let rendered =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler.render_report(&mut text, &diag)));
        if !fits || rendered.is_err() || text.is_empty() {
            let p = file.lines.position(&file.text, f.span.start);
            text = format!(
                "{}[{}]{}: {}\n  --> {}:{}:{} (line too long to show)\n  help: {}\n",
                severity(f),
                f.rule,
                if view.fixable(f) { " [*]" } else { "" },
                escape::text(&f.message),
                escape::path(&file.path),
                p.line,
                p.column,
                help_text(file, f).replace('\n', "\n        ")
            );
        }
        writeln!(out, "{text}")?;
    }
    for e in &view.run.errors {
        writeln!(out, "error: {}: {}", escape::text(&e.path), escape::text(&e.message))?;
    }
    for path in &view.run.too_large {
        writeln!(
            out,
            "note: {}: skipped, larger than --max-file-size",
            escape::text(path)
        )?;
    }
    writeln!(out, "{}", summary(view))
}

/// `3 files, 2 with clients, 7 clients: 2 errors, 1 warning, 0 notes (4 suppressed); 5 baselined`.
pub fn summary(view: &View) -> String {
    let run = view.run;
    let (e, w, n) = counts(view);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let suppressed: usize = run.files.iter().map(|f| f.suppressed).sum();
    let mut s = format!(
        "{} scanned, {} with clients, {}: {}, {}, {}",
        plural(run.files_scanned, "file"),
        run.files.iter().filter(|f| !f.clients.is_empty()).count(),
        plural(run.files.iter().map(|f| f.clients.len()).sum(), "client"),
        plural(e, "error"),
        plural(w, "warning"),
        plural(n, "note"),
    );
    if suppressed > 0 {
        s.push_str(&format!(
            " ({suppressed} suppressed on built-in clients; --pedantic shows them)"
        ));
    }
    if view.baseline.is_some() {
        s.push_str(&format!("; {} baselined", view.baselined()));
    }
    if let Some(kept_out) = super::kept_out(run) {
        s.push_str(&format!("; not linted: {kept_out}"));
    }
    if let Some(line) = fix_summary(view) {
        s.push('\n');
        s.push_str(&line);
    }
    s
}

/// `Fixed 3 findings (2 left); 1 more fixable with --unsafe-fixes`, or without `--fix`
/// `2 fixable with --fix`; nothing when there is nothing to say.
pub fn fix_summary(view: &View) -> Option<String> {
    let (now, more) = view.fixable_counts();
    let plural = |n: usize| if n == 1 { "finding" } else { "findings" };
    let mut parts = Vec::new();
    match view.fixes.applied {
        Some(fixed) => {
            let (e, w, n) = counts(view);
            parts.push(format!("Fixed {fixed} {} ({} left)", plural(fixed), e + w + n));
        }
        None if now > 0 => {
            let flags = if view.fixes.unsafe_fixes {
                "--fix --unsafe-fixes"
            } else {
                "--fix"
            };
            parts.push(format!("{now} fixable with {flags}"));
        }
        None => {}
    }
    if more > 0 {
        parts.push(format!("{more} more fixable with --unsafe-fixes"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}
