//! What the fuzz targets share: parse with one syntax and check the tree's spans.

use oauthlint::document::{parse_all, Node, Syntax, Value};
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
