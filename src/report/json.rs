//! The version-1 JSON contract (docs/compatibility.md).

use super::{counts, severity, View};
use crate::document::lines::Position;
use crate::escape;
use crate::finding::Finding;
use crate::fix::Previews;
use crate::lint::FileReport;
use serde_json::{json, Value};
use std::io::{self, Write};

fn position(p: Position) -> Value {
    json!({ "line": p.line, "column": p.column, "offset": p.offset })
}

fn client_summary(file: &FileReport, index: usize) -> Value {
    let cr = &file.clients[index];
    with_document(
        json!({
            "pointer": cr.client.pointer.as_str(),
            "id": cr.client.identifier(),
            "format": cr.client.format,
            "type": cr.inference.client_type.as_str(),
            "confidence": cr.inference.confidence.as_str(),
        }),
        cr.document,
    )
}

/// Adds `"document": N` (the position in a multi-document YAML stream) when there is one.
fn with_document(mut v: Value, document: Option<usize>) -> Value {
    if let (Some(n), Value::Object(map)) = (document, &mut v) {
        map.insert("document".into(), json!(n));
    }
    v
}

/// One finding as the contract describes it; `json` lists them, `jsonl` prints one a line.
fn finding_object(view: &View, file: &FileReport, f: &Finding, previews: &mut Previews) -> Value {
    let start = file.lines.position(&file.text, f.span.start);
    let end = file.lines.position(&file.text, f.span.end);
    let mut finding = with_document(
        json!({
            "rule": f.rule,
            "severity": severity(f),
            "message": escape::text(&f.message),
            "help": f.help.as_deref().map(escape::text),
            "path": file.path,
            "pointer": f.pointer.as_str(),
            "span": { "start": position(start), "end": position(end) },
            "client": f.client.map(|i| client_summary(file, i)),
            "references": crate::registry::get(f.rule).map(|r| r.references.clone()).unwrap_or_default(),
            "fingerprint": view.fingerprint(file, f),
        }),
        f.document,
    );
    if let (Some(fix), Some(edits), Some(fields)) = (&f.fix, previews.edits(file, f), finding.as_object_mut()) {
        let edits: Vec<Value> = edits
            .iter()
            .map(|e| {
                let start = file.lines.position(&file.text, e.span.start);
                let end = file.lines.position(&file.text, e.span.end);
                json!({
                    "span": { "start": position(start), "end": position(end) },
                    // Line breaks and tabs are what the edit writes; any other hidden character shows escaped.
                    "replacement": escape::source(&e.replacement).text,
                })
            })
            .collect();
        fields.insert(
            "fix".into(),
            json!({ "applicability": fix.applicability.as_str(), "title": escape::text(&fix.title), "edits": edits }),
        );
    }
    // File-level findings (`parse-error`, `duplicate-key` outside a client) have no client.
    if let (None, Some(fields)) = (f.client, finding.as_object_mut()) {
        fields.remove("client");
    }
    finding
}

/// JSON lines: one finding object a line, nothing else (input errors go to stderr).
pub fn emit_lines(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let mut previews = Previews::default();
    for (file, f) in view.findings() {
        escape::write_json(out, &finding_object(view, file, f, &mut previews), false)?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let run = view.run;
    let mut previews = Previews::default();
    let findings: Vec<Value> = view
        .findings()
        .map(|(file, f)| finding_object(view, file, f, &mut previews))
        .collect();
    let clients: Vec<Value> = run
        .files
        .iter()
        .flat_map(|file| {
            file.clients.iter().map(move |cr| {
                with_document(
                    json!({
                        "path": file.path,
                        "pointer": cr.client.pointer.as_str(),
                        "format": cr.client.format,
                        "id": cr.client.identifier(),
                        "type": cr.inference.client_type.as_str(),
                        "confidence": cr.inference.confidence.as_str(),
                        "evidence": cr.inference.evidence.iter().map(|e| escape::text(e)).collect::<Vec<_>>(),
                    }),
                    cr.document,
                )
            })
        })
        .collect();
    // A walked file skipped for its size is no input error (the exit code does not change), but
    // the JSON has no other place to name it.
    let failed: std::collections::HashSet<&str> = run.errors.iter().map(|e| e.path.as_str()).collect();
    let skipped = run
        .too_large
        .iter()
        .filter(|path| !failed.contains(path.as_str()))
        .map(|path| json!({ "path": path, "message": "skipped, larger than --max-file-size" }));
    let errors: Vec<Value> = run
        .errors
        .iter()
        .map(|e| json!({ "path": e.path, "message": escape::text(&e.message) }))
        .chain(skipped)
        .collect();
    let (e, w, n) = counts(view);
    let (fixable, fixable_unsafe) = view.fixable_counts();
    let mut doc = json!({
        "version": 1,
        "tool": { "name": "oauthlint", "version": env!("CARGO_PKG_VERSION") },
        "findings": findings,
        "clients": clients,
        "errors": errors,
        "summary": {
            "files_scanned": run.files_scanned,
            "files_matched": run.files.iter().filter(|f| f.format.is_some()).count(),
            "clients": run.files.iter().map(|f| f.clients.len()).sum::<usize>(),
            "findings": { "error": e, "warning": w, "note": n },
            "suppressed": run.files.iter().map(|f| f.suppressed).sum::<usize>(),
            "baselined": view.baselined(),
            "skipped_too_large": run.too_large.len(),
            "skipped_ignored": run.ignored,
            "skipped_ignored_folders": run.ignored_folders,
            "skipped_excluded": run.excluded,
            "skipped_symlinks": run.symlinks,
            "fixable": fixable,
            "fixable_unsafe": fixable_unsafe,
        },
    });
    // With `--fix`: the findings it fixed and those left (the findings above).
    if let (Some(fixed), Some(summary)) = (
        view.fixes.applied,
        doc.get_mut("summary").and_then(Value::as_object_mut),
    ) {
        summary.insert("fixed".into(), json!(fixed));
        summary.insert("remaining".into(), json!(e + w + n));
    }
    // Present when a baseline is in use: its file and the entries whose finding is gone.
    if let (Some(b), Value::Object(fields)) = (&view.baseline, &mut doc) {
        fields.insert(
            "baseline".into(),
            json!({ "path": b.path, "baselined": b.baselined, "fixed": b.fixed }),
        );
    }
    escape::write_json(out, &doc, true)?;
    writeln!(out)
}
