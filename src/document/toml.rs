//! TOML through `toml::de::DeTable`, which keeps a byte span on every key and value.

use super::shared::Shared;
use super::{depth_exceeded, Document, Entry, Node, ParseFailure, Pointer, Span, Syntax, Value, MAX_DEPTH};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub(super) fn parse(text: &str) -> Result<Document, ParseFailure> {
    let table = DeTable::parse(text).map_err(|e| ParseFailure {
        message: e.message().trim().to_string(),
        span: e.span().map(Span::from).unwrap_or_default(),
    })?;
    // Equal keys and values share one string: the tables of an array repeat the same names.
    let mut strings = Shared::for_text(text.len());
    let root = table_node(table.get_ref(), table.span().into(), 0, &mut strings)?;
    // TOML itself rejects duplicate keys, so there are none to report.
    Ok(Document {
        syntax: Syntax::Toml,
        root,
        duplicates: Vec::new(),
        commented_items: Vec::new(),
        lenient: None,
        index: None,
        base: Pointer::root(),
        module: None,
    })
}

fn table_node(t: &DeTable, span: Span, depth: usize, strings: &mut Shared) -> Result<Node, ParseFailure> {
    if depth >= MAX_DEPTH {
        return Err(depth_exceeded(span));
    }
    let entries = t
        .iter()
        .map(|(k, v)| {
            Ok(Entry::new(
                strings.get(k.get_ref()),
                k.span().into(),
                convert(v, depth + 1, strings)?,
            ))
        })
        .collect::<Result<Vec<_>, ParseFailure>>()?;
    // Through a `Vec`, whose length is known, so the tree's list has no spare capacity.
    Ok(Node::new(span, Value::Object(entries.into())))
}

fn convert(v: &Spanned<DeValue>, depth: usize, strings: &mut Shared) -> Result<Node, ParseFailure> {
    let span: Span = v.span().into();
    let value = match v.get_ref() {
        DeValue::String(s) => Value::String(strings.get(s)),
        DeValue::Integer(i) => Value::Number(strings.get(&i.to_string())),
        DeValue::Float(f) => Value::Number(strings.get(&f.to_string())),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(strings.get(&d.to_string())),
        DeValue::Array(items) => {
            if depth >= MAX_DEPTH {
                return Err(depth_exceeded(span));
            }
            Value::Array(
                items
                    .iter()
                    .map(|i| convert(i, depth + 1, strings))
                    .collect::<Result<Vec<_>, _>>()?
                    .into(),
            )
        }
        DeValue::Table(t) => return table_node(t, span, depth, strings),
    };
    Ok(Node::new(span, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_of_tables_keeps_spans_and_order() {
        let text = "[[clients]]\nclient_id = \"a\"\nredirect_uris = [\"https://a.example/cb\"]\n";
        let doc = parse(text).unwrap();
        let first = &doc.root.get("clients").unwrap().as_array().unwrap()[0];
        let e = first.entry("redirect_uris").unwrap();
        assert_eq!(&text[e.key_span().range()], "redirect_uris");
        assert_eq!(
            &text[e.value.as_array().unwrap()[0].span().range()],
            "\"https://a.example/cb\""
        );
    }

    #[test]
    fn syntax_error_has_a_span() {
        let err = parse("a = [1,\n").unwrap_err();
        assert!(err.span.start > 0 || err.span.end > 0);
    }
}
