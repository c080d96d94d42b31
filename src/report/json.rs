//! The version-1 JSON contract (DESIGN.md "JSON output").

use super::{counts, fingerprint, severity, View};
use crate::document::lines::Position;
use crate::finding::Finding;
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
            "id": cr.client.id.as_ref().map(|f| f.value.as_str()),
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
fn finding_object(file: &FileReport, f: &Finding) -> Value {
    let start = file.lines.position(&file.text, f.span.start);
    let end = file.lines.position(&file.text, f.span.end);
    let mut finding = with_document(
        json!({
            "rule": f.rule,
            "severity": severity(f),
            "message": f.message,
            "help": f.help,
            "path": file.path,
            "pointer": f.pointer.as_str(),
            "span": { "start": position(start), "end": position(end) },
            "client": f.client.map(|i| client_summary(file, i)),
            "references": crate::registry::get(f.rule).map(|r| r.references.clone()).unwrap_or_default(),
            "fingerprint": fingerprint(&file.path, f),
        }),
        f.document,
    );
    // File-level findings (`parse-error`, `duplicate-key` outside a client) have no client.
    if let (None, Some(fields)) = (f.client, finding.as_object_mut()) {
        fields.remove("client");
    }
    finding
}

/// JSON lines: one finding object a line, nothing else (input errors go to stderr).
pub fn emit_lines(view: &View, out: &mut dyn Write) -> io::Result<()> {
    for (file, f) in view.findings() {
        serde_json::to_writer(&mut *out, &finding_object(file, f))?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn emit(view: &View, out: &mut dyn Write) -> io::Result<()> {
    let run = view.run;
    let findings: Vec<Value> = view.findings().map(|(file, f)| finding_object(file, f)).collect();
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
                        "id": cr.client.id.as_ref().map(|f| f.value.as_str()),
                        "type": cr.inference.client_type.as_str(),
                        "confidence": cr.inference.confidence.as_str(),
                        "evidence": cr.inference.evidence,
                    }),
                    cr.document,
                )
            })
        })
        .collect();
    let errors: Vec<Value> = run
        .errors
        .iter()
        .map(|e| json!({ "path": e.path, "message": e.message }))
        .collect();
    let (e, w, n) = counts(view);
    let doc = json!({
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
            "skipped_too_large": run.too_large.len(),
            "skipped_ignored": run.ignored,
            "skipped_ignored_folders": run.ignored_folders,
            "skipped_excluded": run.excluded,
            "skipped_symlinks": run.symlinks,
        },
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
