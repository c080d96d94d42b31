//! The version-1 JSON contract (docs/compatibility.md), written as it is rendered: one borrowed
//! struct per kind of object, the arrays streamed from the run (no document tree in memory).

use super::{counts, severity, Each, View};
use crate::document::lines::Position;
use crate::escape;
use crate::finding::Finding;
use crate::fix::Previews;
use crate::lint::{ClientReport, FileReport};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

#[derive(Serialize)]
struct Place {
    line: usize,
    column: usize,
    offset: usize,
}

impl From<Position> for Place {
    fn from(p: Position) -> Self {
        Place {
            line: p.line,
            column: p.column,
            offset: p.offset,
        }
    }
}

#[derive(Serialize)]
struct Span {
    start: Place,
    end: Place,
}

/// The client a finding is about, as the finding names it.
#[derive(Serialize)]
struct ClientSummary<'a> {
    pointer: &'a str,
    id: Option<String>,
    format: &'static str,
    #[serde(rename = "type")]
    client_type: &'static str,
    confidence: &'static str,
    /// The position in a multi-document YAML stream, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<u32>,
}

impl<'a> ClientSummary<'a> {
    fn of(cr: &'a ClientReport) -> Self {
        ClientSummary {
            pointer: cr.pointer.as_str(),
            id: cr.identifier(),
            format: cr.format,
            client_type: cr.inference.client_type.as_str(),
            confidence: cr.inference.confidence.as_str(),
            document: cr.document,
        }
    }
}

/// One finding as the contract describes it; `json` lists them, `jsonl` prints one a line.
struct FindingObject<'a> {
    file: &'a FileReport,
    finding: &'a Finding,
    fingerprint: String,
    fix: Option<FixObject<'a>>,
}

/// A finding's fix as the edits `--fix` would make.
#[derive(Serialize)]
struct FixObject<'a> {
    applicability: &'static str,
    title: Cow<'a, str>,
    edits: Vec<EditObject>,
}

#[derive(Serialize)]
struct EditObject {
    span: Span,
    replacement: String,
}

impl<'a> FixObject<'a> {
    fn of(file: &FileReport, f: &'a Finding, previews: &mut Previews) -> Option<Self> {
        let (fix, edits) = (f.fix.as_ref()?, previews.edits(file, f)?);
        let edits = edits
            .into_iter()
            .map(|e| EditObject {
                span: Span {
                    start: file.lines.position(&file.text, e.span.start).into(),
                    end: file.lines.position(&file.text, e.span.end).into(),
                },
                // Line breaks and tabs are what the edit writes; any other hidden character shows escaped.
                replacement: escape::source(&e.replacement).text,
            })
            .collect();
        Some(FixObject {
            applicability: fix.applicability.as_str(),
            title: escape::text(&fix.title),
            edits,
        })
    }
}

impl Serialize for FindingObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (file, f) = (self.file, self.finding);
        let references: &[String] = crate::registry::get(f.rule).map_or(&[], |r| &r.references);
        let mut o = serializer.serialize_map(None)?;
        o.serialize_entry("rule", f.rule)?;
        o.serialize_entry("severity", &severity(f))?;
        o.serialize_entry("message", &escape::text(&f.message))?;
        o.serialize_entry("help", &f.help.as_deref().map(escape::text))?;
        o.serialize_entry("path", &file.path)?;
        o.serialize_entry("pointer", f.pointer.as_str())?;
        o.serialize_entry(
            "span",
            &Span {
                start: file.lines.position(&file.text, f.span.start).into(),
                end: file.lines.position(&file.text, f.span.end).into(),
            },
        )?;
        match (f.client_in(&file.clients), f.document) {
            (Some(cr), document) => {
                o.serialize_entry("client", &ClientSummary::of(cr))?;
                o.serialize_entry("references", references)?;
                o.serialize_entry("fingerprint", &self.fingerprint)?;
                if let Some(n) = document {
                    o.serialize_entry("document", &n)?;
                }
            }
            // File-level findings (`parse-error`, `duplicate-key` outside a client) have no client;
            // their last keys keep the order version 1 has always written them in.
            (None, Some(n)) => {
                o.serialize_entry("document", &n)?;
                o.serialize_entry("references", references)?;
                o.serialize_entry("fingerprint", &self.fingerprint)?;
            }
            (None, None) => {
                o.serialize_entry("fingerprint", &self.fingerprint)?;
                o.serialize_entry("references", references)?;
            }
        }
        if let Some(fix) = &self.fix {
            o.serialize_entry("fix", fix)?;
        }
        o.end()
    }
}

/// One entry of `clients`: every client found, with why it was given its type.
#[derive(Serialize)]
struct ClientObject<'a> {
    path: &'a str,
    pointer: &'a str,
    format: &'static str,
    id: Option<String>,
    #[serde(rename = "type")]
    client_type: &'static str,
    confidence: &'static str,
    evidence: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<u32>,
}

impl<'a> ClientObject<'a> {
    fn of(file: &'a FileReport, cr: &'a ClientReport) -> Self {
        ClientObject {
            path: &file.path,
            pointer: cr.pointer.as_str(),
            format: cr.format,
            id: cr.identifier(),
            client_type: cr.inference.client_type.as_str(),
            confidence: cr.inference.confidence.as_str(),
            evidence: cr.inference.evidence.iter().map(|e| escape::text(e)).collect(),
            document: cr.document,
        }
    }
}

/// An entry of `errors`: an input that could not be read, or a walked file skipped for its size.
#[derive(Serialize)]
struct ErrorObject<'a> {
    path: &'a str,
    message: Cow<'a, str>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Counts {
    error: usize,
    warning: usize,
    note: usize,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_matched: usize,
    clients: usize,
    findings: Counts,
    suppressed: usize,
    baselined: usize,
    skipped_too_large: usize,
    skipped_ignored: usize,
    skipped_ignored_folders: usize,
    skipped_excluded: usize,
    skipped_symlinks: usize,
    fixable: usize,
    fixable_unsafe: usize,
    /// With `--fix`: the findings it fixed and those left (the findings listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remaining: Option<usize>,
}

impl Summary {
    fn of(view: &View) -> Self {
        let run = view.run;
        let (error, warning, note) = counts(view);
        let (fixable, fixable_unsafe) = view.fixable_counts();
        Summary {
            files_scanned: run.files_scanned,
            files_matched: run.files.iter().filter(|f| f.format.is_some()).count(),
            clients: run.files.iter().map(|f| f.clients.len()).sum(),
            findings: Counts { error, warning, note },
            suppressed: run.files.iter().map(|f| f.suppressed).sum(),
            baselined: view.baselined(),
            skipped_too_large: run.too_large.len(),
            skipped_ignored: run.ignored,
            skipped_ignored_folders: run.ignored_folders,
            skipped_excluded: run.excluded,
            skipped_symlinks: run.symlinks,
            fixable,
            fixable_unsafe,
            fixed: view.fixes.applied,
            remaining: view.fixes.applied.map(|_| error + warning + note),
        }
    }
}

/// Present when a baseline is in use: its file and the entries whose finding is gone.
#[derive(Serialize)]
struct BaselineObject<'a> {
    path: &'a str,
    baselined: usize,
    fixed: &'a [crate::baseline::Fixed],
}

/// The findings to show, each with its file and fingerprint; the repository-relative path the
/// fingerprint hashes is worked out once per file.
fn finding_objects<'a>(view: &'a View) -> impl Iterator<Item = FindingObject<'a>> + 'a {
    view.run.files.iter().flat_map(move |file| {
        let shown_path = view.root.display(&file.path);
        let mut previews = Previews::default();
        file.findings
            .iter()
            .filter(move |f| severity(f) >= view.min_severity)
            .map(move |finding| FindingObject {
                file,
                finding,
                fingerprint: crate::fingerprint::fingerprint(&shown_path, finding),
                fix: FixObject::of(file, finding, &mut previews),
            })
    })
}

/// JSON lines: one finding object a line, nothing else (input errors go to stderr).
pub fn emit_lines(view: &View, out: &mut dyn Write) -> io::Result<()> {
    for finding in finding_objects(view) {
        escape::write_json(out, &finding, false)?;
        writeln!(out)?;
    }
    Ok(())
}

/// The whole document: its arrays are written from the run as they go.
struct Document<'a>(&'a View<'a>);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let view = self.0;
        let run = view.run;
        let mut o = serializer.serialize_map(None)?;
        o.serialize_entry("version", &1)?;
        o.serialize_entry(
            "tool",
            &Tool {
                name: "oauthlint",
                version: env!("CARGO_PKG_VERSION"),
            },
        )?;
        o.serialize_entry("findings", &Each(|| finding_objects(view)))?;
        let clients = || {
            run.files
                .iter()
                .flat_map(|file| file.clients.iter().map(move |cr| ClientObject::of(file, cr)))
        };
        o.serialize_entry("clients", &Each(clients))?;
        o.serialize_entry("errors", &Each(|| errors(view)))?;
        o.serialize_entry("summary", &Summary::of(view))?;
        if let Some(b) = &view.baseline {
            let baseline = BaselineObject {
                path: &b.path,
                baselined: b.baselined,
                fixed: &b.fixed,
            };
            o.serialize_entry("baseline", &baseline)?;
        }
        o.end()
    }
}

/// Unreadable inputs, then the walked files skipped for their size: no input error (the exit code
/// does not change), but the JSON has no other place to name them.
fn errors<'a>(view: &'a View) -> impl Iterator<Item = ErrorObject<'a>> + 'a {
    let run = view.run;
    let failed: std::collections::HashSet<&str> = run.errors.iter().map(|e| e.path.as_str()).collect();
    let unreadable = run.errors.iter().map(|e| ErrorObject {
        path: &e.path,
        message: escape::text(&e.message),
    });
    let skipped = run
        .too_large
        .iter()
        .filter(move |path| !failed.contains(path.as_str()))
        .map(|path| ErrorObject {
            path,
            message: Cow::Borrowed("skipped, larger than --max-file-size"),
        });
    unreadable.chain(skipped)
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    escape::write_json(out, &Document(view), true)?;
    writeln!(out)
}
