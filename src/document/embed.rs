//! Files kept as text inside another file: a Kubernetes ConfigMap whose `data` (or a Secret whose
//! `stringData`) holds `realm.json: |` followed by a whole JSON or YAML document.
//!
//! The string is parsed as a document of its own, and every span in it is mapped back to the bytes
//! of the outer file, so findings underline the right place there. Its pointers start at the
//! string's pointer (`/data/realm.json/clients/0`). Only one level is read: a document found this
//! way is not searched again, and the parsers' depth limit holds inside it as everywhere.
//!
//! A Secret's `data` is base64: it is decoded and read too, but its bytes cannot be mapped back one
//! by one, so findings in it point at the whole value.

use super::{parse_stream, Cursor, Document, Entry, Node, Pointer, Span, Syntax, Value};
use std::sync::Arc;

/// The documents embedded in `doc`, a document of the file `text`.
pub(super) fn embedded(doc: &Document, text: &str) -> Vec<Document> {
    let root = Cursor::root(doc);
    // Where each kind keeps files, and whether they are base64 (a Secret's `data`).
    let holders: &[(&str, bool)] = match root.get("kind").and_then(|k| k.as_str()) {
        Some("ConfigMap") => &[("data", false)],
        Some("Secret") => &[("stringData", false), ("data", true)],
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    // The embedded files together are read within the size of the file holding them: a YAML alias
    // could hand the same big string to many keys.
    let mut budget = text.len();
    for &(holder, base64) in holders {
        let Some(data) = root.get(holder) else { continue };
        for (key, value) in data.members() {
            let Some(syntax) = syntax_of(key) else { continue };
            let Some(raw) = value.as_str().filter(|raw| raw.len() <= budget) else {
                continue;
            };
            budget -= raw.len();
            // Decoded bytes cannot be mapped back one by one: findings point at the whole value.
            let (inner, map) = if base64 {
                let Some(decoded) = decode_base64(raw) else { continue };
                (decoded, OffsetMap::Whole(value.span()))
            } else {
                (raw.to_string(), OffsetMap::new(text, value.span(), raw))
            };
            out.extend(parse_embedded(&inner, syntax, &map, &value.pointer, doc.index));
        }
    }
    out
}

/// Parses one embedded file, without looking for files in it in turn, and maps it into the outer one.
/// Text that does not parse (a template not yet rendered, say) is left alone: the outer file is
/// valid, and the server reading the embedded file is what would reject it.
fn parse_embedded(inner: &str, syntax: Syntax, map: &OffsetMap, at: &Pointer, index: Option<usize>) -> Vec<Document> {
    let Ok(mut docs) = parse_stream(&Arc::from(inner), syntax) else {
        return Vec::new();
    };
    for d in &mut docs {
        remap(&mut d.root, map);
        for dup in &mut d.duplicates {
            dup.first = map.span(dup.first);
            dup.second = map.span(dup.second);
            dup.pointer = at.join(&dup.pointer);
        }
        for item in &mut d.commented_items {
            item.span = map.span(item.span);
            item.pointer = at.join(&item.pointer);
        }
        d.lenient = d.lenient.map(|s| map.span(s));
        d.base = at.clone();
        d.index = index;
    }
    docs
}

/// Base64 that decodes to UTF-8 text.
fn decode_base64(s: &str) -> Option<String> {
    String::from_utf8(crate::base64::decode(s)?).ok()
}

fn syntax_of(key: &str) -> Option<Syntax> {
    let ext = key.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(Syntax::Json),
        "yaml" | "yml" => Some(Syntax::Yaml),
        _ => None,
    }
}

fn remap(node: &mut Node, map: &OffsetMap) {
    node.set_span(map.span(node.span()));
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|n| remap(n, map)),
        Value::Object(entries) => entries.iter_mut().for_each(|e: &mut Entry| {
            e.set_key_span(map.span(e.key_span()));
            remap(&mut e.value, map);
        }),
        _ => {}
    }
}

/// Where each byte of a string value sits in the file it was read from.
enum OffsetMap {
    /// `table[i]` is the file offset of byte `i` of the value (one more entry for its end).
    Exact(Vec<usize>),
    /// No byte-exact mapping: every span becomes the whole string's.
    Whole(Span),
}

impl OffsetMap {
    /// `span` is the string node's span in `text`, `value` the string it holds.
    fn new(text: &str, span: Span, value: &str) -> Self {
        let raw = &text[span.range()];
        let shift = |t: Vec<usize>| t.into_iter().map(|o| o + span.start).collect();
        let table = match raw.as_bytes().first() {
            Some(b'"') => unescape(raw, value).map(shift),
            Some(b'\'') => single_quoted(raw, value).map(shift),
            _ if raw == value => Some((0..=value.len()).map(|o| o + span.start).collect()),
            _ => block_start(text, span).and_then(|start| block_lines(text, start, value)),
        };
        table.map_or(OffsetMap::Whole(span), OffsetMap::Exact)
    }

    fn span(&self, s: Span) -> Span {
        match self {
            OffsetMap::Whole(whole) => *whole,
            OffsetMap::Exact(table) => {
                // Where the byte after the span starts is where the span ends: the next character,
                // the next escape, or the end of the source line before a line break.
                let at = |o: usize| table[o.min(table.len() - 1)];
                Span::new(at(s.start), at(s.end))
            }
        }
    }
}

/// Where the content of a literal block scalar starts: the line of the scalar's first character,
/// when the line before it ends with the `|` header (`|`, `|-`, `|+`, `|2`).
fn block_start(text: &str, span: Span) -> Option<usize> {
    let line_start = text[..span.start].rfind('\n')? + 1;
    let before = &text[..line_start - 1];
    let header = &before[before.rfind('\n').map_or(0, |p| p + 1)..];
    header
        .split_whitespace()
        .last()
        .is_some_and(|t| t.starts_with('|'))
        .then_some(line_start)
}

/// A literal block scalar whose content starts at `line_start`: each line of the value is a line of
/// the file minus its indentation; a line break of the value maps to the end of its source line.
fn block_lines(text: &str, mut line_start: usize, value: &str) -> Option<Vec<usize>> {
    let mut table = Vec::with_capacity(value.len() + 1);
    let mut line_end = line_start;
    for (i, line) in value.split('\n').enumerate() {
        let next = text[line_start..].find('\n').map_or(text.len(), |p| line_start + p + 1);
        let source = text[line_start..next].trim_end_matches(['\n', '\r']);
        let start = if line.is_empty() {
            line_start + source.len() - source.trim_start_matches(' ').len()
        } else if source.ends_with(line) {
            line_start + source.len() - line.len()
        } else {
            return None;
        };
        if i > 0 {
            table.push(line_end);
        }
        table.extend(start..start + line.len());
        line_end = start + line.len();
        line_start = next;
    }
    table.push(line_end);
    (table.len() == value.len() + 1).then_some(table)
}

/// A YAML single-quoted string on one line: `''` stands for `'`. Offsets are in `raw`.
fn single_quoted(raw: &str, value: &str) -> Option<Vec<usize>> {
    let body = raw.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut table = Vec::with_capacity(value.len() + 1);
    let mut i = 0;
    while i < body.len() {
        let step = if body[i..].starts_with("''") {
            2
        } else {
            body[i..].chars().next()?.len_utf8()
        };
        table.extend(std::iter::repeat_n(i + 1, if step == 2 { 1 } else { step }));
        i += step;
    }
    table.push(raw.len() - 1);
    (body.replace("''", "'") == value && table.len() == value.len() + 1).then_some(table)
}

/// A double-quoted string with JSON escapes: the offset in `raw` (quotes included) of each byte of
/// `value`. `None` when decoding does not give `value` back (YAML line folding, other escapes).
fn unescape(raw: &str, value: &str) -> Option<Vec<usize>> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut table = Vec::with_capacity(value.len() + 1);
    let mut decoded = String::with_capacity(value.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = i + 1;
        let ch = if c != '\\' {
            c
        } else {
            match chars.next()?.1 {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                'b' => '\u{8}',
                'f' => '\u{c}',
                '/' => '/',
                '"' => '"',
                '\\' => '\\',
                'u' => {
                    let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                    let unit = u32::from_str_radix(&hex, 16).ok()?;
                    if (0xD800..0xDC00).contains(&unit) {
                        // A surrogate pair: `\uD83D\uDE00`.
                        let tail: String = (0..6).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                        let low = u32::from_str_radix(tail.strip_prefix("\\u")?, 16).ok()?;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low.checked_sub(0xDC00)?))?
                    } else {
                        char::from_u32(unit)?
                    }
                }
                _ => return None,
            }
        };
        decoded.push(ch);
        table.extend(std::iter::repeat_n(at, ch.len_utf8()));
    }
    table.push(raw.len() - 1);
    (decoded == value).then_some(table)
}

#[cfg(test)]
mod tests {
    use super::super::parse_all;
    use super::*;

    fn all(text: &str, syntax: Syntax) -> Vec<Document> {
        parse_all(&Arc::from(text), syntax).expect("parses")
    }

    /// The file text under the span of the value at `path` in `doc`.
    fn under<'t>(text: &'t str, doc: &Document, path: &[&str]) -> &'t str {
        let at = path.iter().fold(Cursor::root(doc), |at, k| match k.parse::<usize>() {
            Ok(i) => at.items().nth(i).expect("item"),
            Err(_) => at.get(k).expect("member"),
        });
        &text[at.span().range()]
    }

    const CONFIGMAP: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: realm
data:
  other.txt: |
    not read
  realm.json: |
    {
      \"realm\": \"shop\",

      \"clients\": [{\"clientId\": \"web\", \"redirectUris\": [\"http://a.example/*\"]}]
    }
  extra.yaml: |-
    clients:
      - clientId: yaml-client
";

    #[test]
    fn block_scalars_map_back_to_the_yaml_file() {
        let docs = all(CONFIGMAP, Syntax::Yaml);
        assert_eq!(docs.len(), 3);
        let json = &docs[1];
        assert_eq!(json.syntax, Syntax::Json);
        assert_eq!(under(CONFIGMAP, json, &["realm"]), "\"shop\"");
        assert_eq!(under(CONFIGMAP, json, &["clients", "0", "clientId"]).len(), 5);
        assert_eq!(
            under(CONFIGMAP, json, &["clients", "0", "redirectUris", "0"]),
            "\"http://a.example/*\""
        );
        let client = Cursor::root(json).get("clients").unwrap().items().next().unwrap();
        assert_eq!(client.pointer.as_str(), "/data/realm.json/clients/0");
        let key = Cursor::root(json).get("realm").unwrap().key_span.unwrap();
        assert_eq!(&CONFIGMAP[key.range()], "realm");
        let yaml = &docs[2];
        assert_eq!(under(CONFIGMAP, yaml, &["clients", "0", "clientId"]), "yaml-client");
    }

    #[test]
    fn json_strings_with_escapes_map_back() {
        let text = r#"{"kind": "ConfigMap", "data": {"realm.json": "{\"realm\": \"r\",\n \"clients\": [{\"clientId\": \"caf\u00e9\"}]}"}}"#;
        let docs = all(text, Syntax::Json);
        assert_eq!(docs.len(), 2);
        assert_eq!(under(text, &docs[1], &["realm"]), r#"\"r\""#);
        assert_eq!(under(text, &docs[1], &["clients", "0", "clientId"]), r#"\"caf\u00e9\""#);
    }

    #[test]
    fn only_configmaps_and_secrets_and_only_parsable_text() {
        // `{"clientId": "y"}` in base64; `eyJ9` decodes to `{"}`, which is not JSON.
        let secret = "kind: Secret\nstringData:\n  c.json: '{\"clientId\": \"x\"}'\ndata:\n  d.json: eyJjbGllbnRJZCI6ICJ5In0=\n  e.json: eyJ9\n";
        let docs = all(secret, Syntax::Yaml);
        assert_eq!(docs.len(), 3);
        assert_eq!(under(secret, &docs[1], &["clientId"]), "\"x\"");
        assert_eq!(Cursor::root(&docs[2]).get("clientId").unwrap().as_str(), Some("y"));
        assert_eq!(under(secret, &docs[2], &["clientId"]), "eyJjbGllbnRJZCI6ICJ5In0=");
        assert_eq!(decode_base64("aGlo\naGk="), Some("hihhi".into()));
        assert_eq!(decode_base64("a*b"), None);
        for text in [
            "kind: Deployment\ndata:\n  a.json: '{}'\n",
            "kind: ConfigMap\ndata:\n  a.json: '{{ .Values.realm }}'\n",
            "kind: ConfigMap\ndata:\n  a.txt: '{}'\n",
        ] {
            assert_eq!(all(text, Syntax::Yaml).len(), 1, "{text}");
        }
    }

    #[test]
    fn folded_scalars_fall_back_to_the_whole_value() {
        let text = "kind: ConfigMap\ndata:\n  a.json: >\n    {\"clientId\":\n    \"x\"}\n";
        let docs = all(text, Syntax::Yaml);
        let whole = Cursor::root(&docs[0]).path(&["data", "a.json"]).unwrap().span();
        assert_eq!(Cursor::root(&docs[1]).get("clientId").unwrap().span(), whole);
    }
}
