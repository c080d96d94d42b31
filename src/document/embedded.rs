//! Files kept inside Kubernetes ConfigMaps: a `data` entry named `*.yaml`, `*.yml` or `*.json`
//! whose value is a literal block scalar (`config.yaml: |`) holds a whole config file, as Dex's
//! and Keycloak's Kubernetes examples ship theirs.
//!
//! The embedded file is parsed from the block's lines as they stand in the source, indentation
//! included (YAML and JSON accept an indented document), and every span is then moved by the
//! block's offset, so it is a byte span of the real file. Each block is read once: the work stays
//! linear in the file's size however many entries a ConfigMap has.

use super::{json, yaml, Document, Node, Span, Value};

/// The documents embedded in `doc`, a YAML document of `text`; none unless it is a ConfigMap.
pub fn embedded(text: &str, doc: &Document) -> Vec<Document> {
    if doc.root.get("kind").and_then(Node::as_str) != Some("ConfigMap") {
        return Vec::new();
    }
    let Some(entries) = doc.root.get("data").and_then(Node::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries {
        let name = e.key.to_ascii_lowercase();
        let json = name.ends_with(".json");
        if !(json || name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        let Some(content) = block_content(text, e.value.span) else {
            continue;
        };
        let block = &text[content.range()];
        // Content that does not parse is only a string, as far as this file goes.
        let parsed = if json {
            json::parse(block, true).map(|d| vec![d])
        } else {
            yaml::parse_all(block)
        };
        for mut d in parsed.unwrap_or_default() {
            shift(&mut d, content.start);
            d.index = doc.index;
            out.push(d);
        }
    }
    out
}

/// The content of a literal block scalar whose value spans `span` (from the first content
/// character): its lines, indentation included, when the line before ends in a `|` header.
fn block_content(text: &str, span: Span) -> Option<Span> {
    let before = text.get(..span.start)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    if !before[line_start..].trim().is_empty() || line_start == 0 {
        return None;
    }
    let header = &before[..line_start - 1];
    let header = &header[header.rfind('\n').map_or(0, |i| i + 1)..];
    let header = header.split(" #").next().unwrap_or("").trim_end();
    let indicator = header.rsplit([' ', ':']).next().unwrap_or("");
    (indicator.starts_with('|') && indicator[1..].chars().all(|c| matches!(c, '-' | '+' | '0'..='9')))
        .then(|| Span::new(line_start, span.end))
}

/// Moves every span of `doc` by `by` bytes (without recursion: the tree may be deep).
fn shift(doc: &mut Document, by: usize) {
    let move_span = |s: &mut Span| *s = Span::new(s.start + by, s.end + by);
    for d in &mut doc.duplicates {
        move_span(&mut d.first);
        move_span(&mut d.second);
    }
    if let Some(l) = &mut doc.lenient {
        move_span(l);
    }
    let mut stack: Vec<&mut Node> = vec![&mut doc.root];
    while let Some(n) = stack.pop() {
        move_span(&mut n.span);
        match &mut n.value {
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(entries) => {
                for e in entries.iter_mut() {
                    move_span(&mut e.key_span);
                    stack.push(&mut e.value);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse_all, Syntax};
    use std::sync::Arc;

    #[test]
    fn a_configmap_file_is_read_with_spans_into_the_real_file() {
        let text = "---\nkind: Namespace\n---\nkind: ConfigMap\ndata:\n  note: |\n    not: parsed\n  config.yaml: |\n    issuer: x\n    staticClients:\n    - id: é-app\n  realm.json: |\n    {\"realm\": \"r\"}\n";
        let docs = parse_all(&Arc::from(text), Syntax::Yaml).unwrap();
        assert!(embedded(text, &docs[0]).is_empty());
        let inner = embedded(text, &docs[1]);
        assert_eq!(inner.len(), 2);
        assert_eq!(inner[0].index, Some(1));
        let id = &inner[0].root.get("staticClients").unwrap().as_array().unwrap()[0];
        let id = id.get("id").unwrap();
        assert_eq!(id.as_str(), Some("é-app"));
        assert_eq!(&text[id.span.range()], "é-app");
        assert_eq!(inner[1].root.get("realm").unwrap().as_str(), Some("r"));
        let realm = inner[1].root.entry("realm").unwrap();
        assert_eq!(&text[realm.key_span.range()], "realm");
    }

    #[test]
    fn other_values_are_left_alone() {
        for text in [
            "kind: ConfigMap\ndata:\n  config.yaml: 'issuer: x'\n",
            "kind: ConfigMap\ndata:\n  config.yaml: |\n",
            "kind: ConfigMap\ndata:\n  config.yaml: >\n    issuer: x\n",
            "kind: ConfigMap\ndata:\n  config.yaml: |\n    : : [\n",
            "kind: Secret\ndata:\n  config.yaml: |\n    issuer: x\n",
        ] {
            let docs = parse_all(&Arc::from(text), Syntax::Yaml).unwrap();
            assert!(embedded(text, &docs[0]).is_empty(), "{text}");
        }
    }
}
