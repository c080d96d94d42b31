//! What each fuzz target checks, as plain functions: the targets call them on libFuzzer's inputs,
//! and `tests/fuzz_regressions.rs` in the main crate calls them on every input that once failed.

use clap::ValueEnum;
use oauthlint::config::Settings;
use oauthlint::document::{parse_all, Node, Syntax, Value};
use oauthlint::report::{emit, Format, SourceRoot, View};
use oauthlint::Run;
use std::sync::Arc;

/// Parses `data` (when it is UTF-8) and asserts every span of every node lies inside the text and
/// on character boundaries. A parse error is a fine outcome; a panic or a bad span is not.
pub fn parse_and_check(data: &[u8], syntax: Syntax) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text: Arc<str> = Arc::from(text);
    let Ok(docs) = parse_all(&text, syntax) else {
        return;
    };
    for doc in &docs {
        check_node(&text, &doc.root);
    }
}

/// The URI analyser on any string: no panic, in the analysis or in its display form.
pub fn analyse_uri(data: &[u8]) {
    if let Ok(raw) = std::str::from_utf8(data) {
        let placeholders = oauthlint::placeholder::Placeholders::default();
        let facts = oauthlint::uri::analyze(raw, &placeholders);
        let _ = format!("{facts:?}");
        let _ = oauthlint::uri::display(raw);
        for hole in placeholders.find(raw) {
            assert!(
                raw.is_char_boundary(hole.start) && raw.is_char_boundary(hole.end),
                "{hole:?} in {raw:?}"
            );
        }
    }
}

/// A `.oauthlint.toml` from any bytes: accepted or refused with a place inside the text, never a
/// panic.
pub fn read_config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = oauthlint::config::parse(std::path::Path::new(".oauthlint.toml"), text) {
        let lines = text.split_inclusive('\n').count().max(1);
        assert!(
            e.line >= 1 && e.line <= lines + 1,
            "error line {} of {lines}: {e}",
            e.line
        );
        assert!(e.column >= 1, "{e}");
    }
}

const NAMES: [&str; 6] = [
    "a.json",
    "a.jsonc",
    "a.toml",
    "a.yaml",
    "realm.json",
    "client_secret.json",
];

/// Bytes → every output format. The first byte picks the file name (and so the syntax); the rest is
/// the file. Every finding's span must lie inside the file on character boundaries.
pub fn lint_every_format(data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    let file = oauthlint::lint_bytes(name, bytes, &Settings::default());
    for f in &file.findings {
        check_span(&file.text, f.span.start, f.span.end);
    }
    let run = Run {
        files: vec![file],
        files_scanned: 1,
        ..Run::default()
    };
    let view = View::plain(&run, SourceRoot::new("/repo".into(), "/repo".into()));
    for format in Format::value_variants() {
        let mut out = Vec::new();
        emit(*format, &view, &mut out).unwrap();
    }
}

fn check_span(text: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "span {start}..{end} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {start}..{end} splits a character"
    );
}

/// Recursion is bounded by the parsers' depth limit.
fn check_node(text: &str, node: &Node) {
    check_span(text, node.span.start, node.span.end);
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check_node(text, n)),
        Value::Object(entries) => entries.iter().for_each(|e| {
            check_span(text, e.key_span.start, e.key_span.end);
            check_node(text, &e.value);
        }),
        _ => {}
    }
}
