//! JSON and JSONC through jsonc-parser, with explicit options: its defaults accept JSON5.

use super::{
    depth_exceeded, find_duplicates, Document, Entry, Node, ParseFailure, Pointer, Span, Syntax, Value, MAX_DEPTH,
};
use jsonc_parser::ast;
use jsonc_parser::tokens::Token;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions, Scanner, ScannerOptions};

fn options(jsonc: bool) -> ParseOptions {
    ParseOptions {
        allow_comments: jsonc,
        allow_loose_object_property_names: false,
        allow_trailing_commas: jsonc,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

pub(super) fn parse(text: &str, jsonc: bool) -> Result<Document, ParseFailure> {
    // jsonc-parser rejects a byte-order mark; skip it and keep offsets true to the file.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let parsed = parse_to_ast(body, &CollectOptions::default(), &options(jsonc)).map_err(|e| {
        let r = e.range();
        ParseFailure {
            message: e.kind().to_string(),
            span: Span::new(r.start + bom, r.end + bom),
        }
    })?;
    let Some(value) = parsed.value else {
        return Err(ParseFailure {
            message: "the file is empty".into(),
            span: Span::new(0, text.len()),
        });
    };
    let mut duplicates = Vec::new();
    let root = convert(&value, bom, 0, &Pointer::root(), &mut duplicates)?;
    Ok(Document {
        syntax: if jsonc { Syntax::Jsonc } else { Syntax::Json },
        root,
        duplicates,
        commented_items: Vec::new(),
        lenient: None,
        index: None,
        base: Pointer::root(),
        module: None,
    })
}

/// The comments of a JSONC text: the comment tokens of jsonc-parser's scanner, as strict as the
/// parser, up to the first token it cannot read.
pub(super) fn comments(text: &str) -> Vec<Span> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let strict = options(true);
    let scanner_options = ScannerOptions {
        allow_single_quoted_strings: strict.allow_single_quoted_strings,
        allow_hexadecimal_numbers: strict.allow_hexadecimal_numbers,
        allow_unary_plus_numbers: strict.allow_unary_plus_numbers,
        allow_bare_decimal_point_numbers: strict.allow_bare_decimal_point_numbers,
        allow_non_finite_numbers: strict.allow_non_finite_numbers,
        allow_extended_string_escapes: strict.allow_extended_string_escapes,
    };
    let mut scanner = Scanner::new(&text[bom..], &scanner_options);
    let mut out = Vec::new();
    while let Ok(Some(token)) = scanner.scan() {
        if matches!(token, Token::CommentLine(_) | Token::CommentBlock(_)) {
            out.push(Span::new(scanner.token_start() + bom, scanner.token_end() + bom));
        }
    }
    out
}

fn span(r: &jsonc_parser::common::Range, shift: usize) -> Span {
    Span::new(r.start + shift, r.end + shift)
}

fn convert(
    v: &ast::Value,
    shift: usize,
    depth: usize,
    at: &Pointer,
    dups: &mut Vec<super::DuplicateKey>,
) -> Result<Node, ParseFailure> {
    let (range, value) = match v {
        ast::Value::NullKeyword(n) => (&n.range, Value::Null),
        ast::Value::BooleanLit(b) => (&b.range, Value::Bool(b.value)),
        ast::Value::NumberLit(n) => (&n.range, Value::Number(n.value.to_string())),
        ast::Value::StringLit(s) => (&s.range, Value::String(s.value.to_string())),
        ast::Value::Array(a) => {
            if depth >= MAX_DEPTH {
                return Err(depth_exceeded(span(&a.range, shift)));
            }
            let items = a
                .elements
                .iter()
                .enumerate()
                .map(|(i, e)| convert(e, shift, depth + 1, &at.index(i), dups))
                .collect::<Result<_, _>>()?;
            (&a.range, Value::Array(items))
        }
        ast::Value::Object(o) => {
            if depth >= MAX_DEPTH {
                return Err(depth_exceeded(span(&o.range, shift)));
            }
            let mut entries = Vec::with_capacity(o.properties.len());
            for p in &o.properties {
                let (key, key_range) = match &p.name {
                    ast::ObjectPropName::String(s) => (s.value.to_string(), &s.range),
                    ast::ObjectPropName::Word(w) => (w.value.to_string(), &w.range),
                };
                // The key's range includes its quotes; underline the text only.
                let quoted = matches!(p.name, ast::ObjectPropName::String(_));
                let mut key_span = span(key_range, shift);
                if quoted && key_span.len() >= 2 {
                    key_span = Span::new(key_span.start + 1, key_span.end - 1);
                }
                let value = convert(&p.value, shift, depth + 1, &at.key(&key), dups)?;
                entries.push(Entry { key, key_span, value });
            }
            find_duplicates(&entries, at, dups);
            (&o.range, Value::Object(entries))
        }
    };
    Ok(Node {
        span: span(range, shift),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_spans_exclude_quotes_and_values_are_exact() {
        let text = r#"{"grant_types": ["implicit"]}"#;
        let doc = parse(text, false).unwrap();
        let e = doc.root.entry("grant_types").unwrap();
        assert_eq!(&text[e.key_span.range()], "grant_types");
        assert_eq!(&text[e.value.as_array().unwrap()[0].span.range()], "\"implicit\"");
    }

    #[test]
    fn strict_json_rejects_json5_and_comments() {
        for bad in [
            "{a: 1}",
            "{'a': 1}",
            "{\"a\": 0x1}",
            "{\"a\": 1 \"b\": 2}",
            "{\"a\": 1, // c\n}",
        ] {
            assert!(parse(bad, false).is_err(), "{bad}");
        }
        assert!(parse("{\"a\": 1, // c\n}", true).is_ok());
    }

    #[test]
    fn byte_order_mark_keeps_offsets() {
        let text = "\u{feff}{\"a\": true}";
        let doc = parse(text, false).unwrap();
        assert_eq!(&text[doc.root.entry("a").unwrap().key_span.range()], "a");
    }

    #[test]
    fn duplicate_keys_are_kept_and_reported() {
        let doc = parse(r#"{"a": 1, "a": 2}"#, false).unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!(doc.root.get("a").unwrap().value, Value::Number("2".into()));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(&text, false).is_err());
        let text = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(parse(&text, false).unwrap_err().message.contains("nesting"));
    }
}
