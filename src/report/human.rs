//! The `full` format: miette diagnostics with the offending key underlined, then a summary line.

use super::{counts, severity, View};
use crate::escape::{self, Shown};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
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

/// The file's text as the snippets show it: secrets masked, hidden characters escaped; made once
/// per file and shared by its findings.
struct Source {
    name: String,
    shown: Shown,
    /// Where each line of the shown text starts.
    line_starts: Vec<usize>,
}

impl Source {
    fn new(file: &FileReport) -> Self {
        let shown = escape::source(&file.secrets.masked_source(&file.text));
        Source::of(escape::path(&file.path).into_owned(), shown)
    }

    fn of(name: String, shown: Shown) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', shown.text.as_bytes()).map(|i| i + 1))
            .collect();
        Source {
            name,
            shown,
            line_starts,
        }
    }

    /// The line holding byte `offset` of the shown text, counting from 0.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }
}

/// Gives miette only the lines around a snippet, so that a finding costs what its snippet shows,
/// not a read of the file up to it (miette counts lines from the start of the text it is given).
/// The window starts on a line boundary a line earlier than the context asks and ends a few lines
/// later, which gives miette's own reading of the window the result it would have on the whole
/// text, shifted by the lines before the window.
impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.shown.text.as_str();
        let first_line = self.line_of(span.offset()).saturating_sub(context_lines_before + 1);
        let last_line = self.line_of(span.offset() + span.len()) + context_lines_after + 3;
        let start = self.line_starts[first_line];
        let end = self.line_starts.get(last_line).copied().unwrap_or(text.len());
        let inner = text[start..end].read_span(
            &SourceSpan::new((span.offset() - start).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + first_line,
            inner.column(),
            inner.line_count() + first_line,
        )))
    }
}

struct Diag<'a> {
    finding: &'a Finding,
    /// `--fix` would fix it: marked `[*]` after the rule, as ruff does.
    fixable: bool,
    source: Option<&'a Source>,
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
        self.source.map(|source| source as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source?;
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
    if let Some(cr) = f.client_in(&file.clients) {
        lines.push(format!(
            "client `{}` ({}) inferred {} ({} confidence)",
            escape::text(cr.display_id()),
            cr.format,
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
            source = Some((&file.path, Source::new(file)));
        }
        let fits = snippet_fits(file, f);
        let source = source.as_ref().filter(|_| fits).map(|(_, s)| s);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every span of a text with empty lines, CRLF and a last line without a break, with 0 to 2
    /// lines of context each side: the window gives miette what the whole text does.
    #[test]
    fn a_snippet_read_from_its_window_is_the_snippet_read_from_the_whole_text() {
        let text = "a\nbb\r\n\nccc\n\ndddd\nee\nf\ng\r\nhh\n\ni";
        let source = Source::of("a.json".into(), escape::source(text));
        for offset in 0..=text.len() {
            for len in 0..=(text.len() - offset).min(6) {
                for (before, after) in [(0, 0), (1, 1), (2, 0), (0, 2), (2, 2)] {
                    let span = SourceSpan::new(offset.into(), len);
                    let whole = text.read_span(&span, before, after);
                    let window = source.read_span(&span, before, after);
                    let (Ok(whole), Ok(window)) = (whole, window) else {
                        panic!("span {offset}+{len}, context {before}/{after}: one read failed");
                    };
                    let read =
                        |c: &dyn SpanContents| (c.data().to_vec(), *c.span(), c.line(), c.column(), c.line_count());
                    assert_eq!(
                        read(&*window),
                        read(&*whole),
                        "span {offset}+{len}, context {before}/{after}"
                    );
                    assert_eq!(window.name(), Some("a.json"));
                }
            }
        }
    }
}
