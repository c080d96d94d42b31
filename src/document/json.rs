//! JSON and JSONC through jsonc-parser's scanner, with explicit options: its defaults accept JSON5.
//! The tree is built in the same pass (see [`Parser`]).

use super::shared::Shared;
use super::{
    depth_exceeded, find_duplicates_with, Document, DuplicateKey, Entry, Node, ParseFailure, Pointer, Span, Str,
    Syntax, ThinVec, Value, MAX_DEPTH,
};
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::tokens::Token;
use jsonc_parser::{ParseOptions, Scanner, ScannerOptions};

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
    let mut parser = Parser::new(body, jsonc);
    let root = parser.document().map_err(|e| ParseFailure {
        message: e.message,
        span: Span::new(e.span.start + bom, e.span.end + bom),
    })?;
    let Some(mut root) = root else {
        return Err(ParseFailure {
            message: "the file is empty".into(),
            span: Span::new(0, text.len()),
        });
    };
    if let Some(deep) = parser.too_deep {
        return Err(depth_exceeded(Span::new(deep.start + bom, deep.end + bom)));
    }
    let mut duplicates = parser.duplicates;
    if bom > 0 {
        shift(&mut root, bom);
        for d in &mut duplicates {
            d.first = Span::new(d.first.start + bom, d.first.end + bom);
            d.second = Span::new(d.second.start + bom, d.second.end + bom);
        }
    }
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

/// Moves every span of a tree read after a byte-order mark to its offset in the file. Iterative:
/// the tree may be as deep as jsonc-parser's own limit.
fn shift(root: &mut Node, by: usize) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        node.set_span(Span::new(node.span().start + by, node.span().end + by));
        match &mut node.value {
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(entries) => {
                for e in entries.iter_mut() {
                    e.set_key_span(Span::new(e.key_span().start + by, e.key_span().end + by));
                    stack.push(&mut e.value);
                }
            }
            _ => {}
        }
    }
}

/// How deep jsonc-parser lets a text nest (its `maximum_nesting_depth`), counted as it counts:
/// every open object, array and object member. Kept so that a text nested deeper than that fails
/// with the same message and span as it did when jsonc-parser built the tree.
const SCANNER_NESTING_LIMIT: usize = 512;

/// One step of the path from the root to the value being read, for the pointer of a duplicate key.
enum Step {
    Key(Str),
    Index(usize),
}

/// The grammar of jsonc-parser's `parse_to_ast` (the same errors at the same ranges), driven by its
/// scanner, building our tree directly: one pass, no intermediate AST, duplicate keys found as each
/// object closes. Spans are relative to the text given to the scanner.
struct Parser<'a> {
    scanner: Scanner<'a>,
    token: Option<Token<'a>>,
    jsonc: bool,
    /// The end of the token before the current one, for where a missing comma belongs.
    last_token_end: usize,
    /// The start of every open object, array and member, as jsonc-parser keeps them.
    range_stack: Vec<usize>,
    /// How many objects and arrays enclose the value being read.
    depth: usize,
    path: Vec<Step>,
    /// The members and items of the open objects and arrays, moved into an exactly sized list as each
    /// one closes: no spare capacity in the tree.
    entries: Vec<Entry>,
    items: Vec<Node>,
    /// Keys, strings and numbers made so far: every client repeats the same names and many values.
    strings: Shared,
    duplicates: Vec<DuplicateKey>,
    /// The first object or array at [`MAX_DEPTH`], reported once the text is known to parse.
    too_deep: Option<Span>,
}

struct SyntaxError {
    message: String,
    span: Span,
}

type Parsed<T> = Result<T, SyntaxError>;

impl<'a> Parser<'a> {
    fn new(text: &'a str, jsonc: bool) -> Self {
        let o = options(jsonc);
        let scanner_options = ScannerOptions {
            allow_single_quoted_strings: o.allow_single_quoted_strings,
            allow_hexadecimal_numbers: o.allow_hexadecimal_numbers,
            allow_unary_plus_numbers: o.allow_unary_plus_numbers,
            allow_bare_decimal_point_numbers: o.allow_bare_decimal_point_numbers,
            allow_non_finite_numbers: o.allow_non_finite_numbers,
            allow_extended_string_escapes: o.allow_extended_string_escapes,
        };
        Parser {
            scanner: Scanner::new(text, &scanner_options),
            token: None,
            jsonc,
            last_token_end: 0,
            range_stack: Vec::new(),
            depth: 0,
            path: Vec::new(),
            entries: Vec::new(),
            items: Vec::new(),
            strings: Shared::for_text(text.len()),
            duplicates: Vec::new(),
            too_deep: None,
        }
    }

    fn document(&mut self) -> Parsed<Option<Node>> {
        self.scan()?;
        let root = self.value()?;
        if self.scan()?.is_some() {
            return Err(self.error(ParseErrorKind::MultipleRootJsonValues));
        }
        Ok(root)
    }

    /// The next token that is not a comment; a comment is an error in strict JSON.
    fn scan(&mut self) -> Parsed<Option<&Token<'a>>> {
        loop {
            let token = self.scanner.scan().map_err(|e| {
                let r = e.range();
                SyntaxError {
                    message: e.kind().to_string(),
                    span: Span::new(r.start, r.end),
                }
            })?;
            self.token = token;
            if matches!(self.token, Some(Token::CommentLine(_) | Token::CommentBlock(_))) {
                if !self.jsonc {
                    return Err(self.error(ParseErrorKind::CommentsNotAllowed));
                }
                continue;
            }
            self.last_token_end = self.scanner.token_end();
            return Ok(self.token.as_ref());
        }
    }

    fn token_span(&self) -> Span {
        Span::new(self.scanner.token_start(), self.scanner.token_end())
    }

    /// An error at the current token, or at the character where scanning stopped.
    fn error(&self, kind: ParseErrorKind) -> SyntaxError {
        let (start, end) = (self.scanner.token_start(), self.scanner.token_end());
        let text = self.scanner.file_text();
        let end = if end > start {
            end
        } else {
            text[end..].chars().next().map_or(text.len(), |c| end + c.len_utf8())
        };
        SyntaxError {
            message: kind.to_string(),
            span: Span::new(start, end),
        }
    }

    /// An error over the innermost open object, array or member, up to the current token.
    fn error_for_open_range(&mut self, kind: ParseErrorKind) -> SyntaxError {
        let start = self.range_stack.pop().unwrap_or(0);
        SyntaxError {
            message: kind.to_string(),
            span: Span::new(start, self.scanner.token_end()),
        }
    }

    fn value(&mut self) -> Parsed<Option<Node>> {
        if self.range_stack.len() > SCANNER_NESTING_LIMIT {
            return Err(self.error_for_open_range(ParseErrorKind::NestingDepthExceeded));
        }
        let value = match self.token.take() {
            None => return Ok(None),
            Some(Token::OpenBrace) => return self.container(true).map(Some),
            Some(Token::OpenBracket) => return self.container(false).map(Some),
            Some(Token::String(s)) => Value::String(self.strings.get(&s)),
            Some(Token::Boolean(b)) => Value::Bool(b),
            Some(Token::Number(n)) => Value::Number(self.strings.get(n)),
            Some(Token::Null) => Value::Null,
            Some(Token::CloseBracket) => return Err(self.error(ParseErrorKind::UnexpectedCloseBracket)),
            Some(Token::CloseBrace) => return Err(self.error(ParseErrorKind::UnexpectedCloseBrace)),
            Some(Token::Comma) => return Err(self.error(ParseErrorKind::UnexpectedComma)),
            Some(Token::Colon) => return Err(self.error(ParseErrorKind::UnexpectedColon)),
            Some(Token::Word(_)) => return Err(self.error(ParseErrorKind::UnexpectedWord)),
            Some(Token::CommentLine(_) | Token::CommentBlock(_)) => unreachable!("scan skips comments"),
        };
        Ok(Some(Node::new(self.token_span(), value)))
    }

    /// An object or array, from its opening token to its closing one.
    fn container(&mut self, object: bool) -> Parsed<Node> {
        let start = self.scanner.token_start();
        self.range_stack.push(start);
        self.depth += 1;
        let value = if object { self.members()? } else { self.items()? };
        self.depth -= 1;
        self.range_stack.pop();
        let span = Span::new(start, self.scanner.token_end());
        if self.depth == MAX_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(span);
        }
        Ok(Node::new(span, value))
    }

    fn members(&mut self) -> Parsed<Value> {
        let first = self.entries.len();
        self.scan()?;
        loop {
            let key = match self.token.take() {
                Some(Token::CloseBrace) => break,
                Some(Token::String(key)) => self.strings.get(&key),
                None => return Err(self.error_for_open_range(ParseErrorKind::UnterminatedObject)),
                Some(Token::Word(_) | Token::Number(_) | Token::Boolean(_) | Token::Null) => {
                    // An unquoted name, allowed by neither JSON nor JSONC.
                    return Err(self.error(ParseErrorKind::ExpectedStringObjectProperty));
                }
                Some(_) => return Err(self.error(ParseErrorKind::UnexpectedTokenInObject)),
            };
            let entry = self.member(key)?;
            self.entries.push(entry);
            self.separator(true)?;
        }
        if self.entries.len() - first > 1 {
            let path = &self.path;
            find_duplicates_with(&self.entries[first..], || pointer_of(path), &mut self.duplicates);
        }
        Ok(Value::Object(self.entries.drain(first..).collect()))
    }

    fn member(&mut self, key: Str) -> Parsed<Entry> {
        let quoted = self.token_span();
        self.range_stack.push(quoted.start);
        // The key's span includes its quotes; underline the text only.
        let key_span = if quoted.len() >= 2 {
            Span::new(quoted.start + 1, quoted.end - 1)
        } else {
            quoted
        };
        if !matches!(self.scan()?, Some(Token::Colon)) {
            return Err(self.error(ParseErrorKind::ExpectedColonAfterObjectKey));
        }
        self.scan()?;
        self.path.push(Step::Key(key));
        let value = self.value()?;
        let Some(Step::Key(key)) = self.path.pop() else {
            unreachable!("the member's own step")
        };
        let Some(value) = value else {
            return Err(self.error(ParseErrorKind::ExpectedObjectValue));
        };
        self.range_stack.pop();
        Ok(Entry::new(key, key_span, value))
    }

    fn items(&mut self) -> Parsed<Value> {
        let first = self.items.len();
        self.scan()?;
        loop {
            match self.token {
                Some(Token::CloseBracket) => break,
                None => return Err(self.error_for_open_range(ParseErrorKind::UnterminatedArray)),
                _ => {}
            }
            self.path.push(Step::Index(self.items.len() - first));
            let item = self.value()?;
            self.path.pop();
            match item {
                Some(item) => self.items.push(item),
                None => return Err(self.error_for_open_range(ParseErrorKind::UnterminatedArray)),
            }
            self.separator(false)?;
        }
        Ok(Value::Array(self.items.drain(first..).collect::<ThinVec<_>>()))
    }

    /// After a member or item: a comma (trailing only in JSONC), the closing token, or an error
    /// where the missing comma belongs.
    fn separator(&mut self, object: bool) -> Parsed<()> {
        let after_value_end = self.last_token_end;
        match self.scan()? {
            Some(Token::Comma) => {
                let comma = self.token_span();
                let close = if object { Token::CloseBrace } else { Token::CloseBracket };
                if self.scan()? == Some(&close) && !self.jsonc {
                    return Err(SyntaxError {
                        message: ParseErrorKind::TrailingCommasNotAllowed.to_string(),
                        span: comma,
                    });
                }
            }
            Some(Token::String(_) | Token::Number(_) | Token::Boolean(_) | Token::Null) => {
                return Err(self.missing_comma(after_value_end))
            }
            Some(Token::Word(_)) if object => return Err(self.missing_comma(after_value_end)),
            Some(Token::OpenBrace | Token::OpenBracket) if !object => return Err(self.missing_comma(after_value_end)),
            _ => {}
        }
        Ok(())
    }

    fn missing_comma(&self, at: usize) -> SyntaxError {
        SyntaxError {
            message: ParseErrorKind::ExpectedComma.to_string(),
            span: Span::new(at, at),
        }
    }
}

fn pointer_of(path: &[Step]) -> Pointer {
    path.iter().fold(Pointer::root(), |at, step| match step {
        Step::Key(k) => at.key(k),
        Step::Index(i) => at.index(*i),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_spans_exclude_quotes_and_values_are_exact() {
        let text = r#"{"grant_types": ["implicit"]}"#;
        let doc = parse(text, false).unwrap();
        let e = doc.root.entry("grant_types").unwrap();
        assert_eq!(&text[e.key_span().range()], "grant_types");
        assert_eq!(&text[e.value.as_array().unwrap()[0].span().range()], "\"implicit\"");
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
        assert_eq!(&text[doc.root.entry("a").unwrap().key_span().range()], "a");
    }

    #[test]
    fn duplicate_keys_are_kept_and_reported() {
        let doc = parse(r#"{"a": 1, "a": 2}"#, false).unwrap();
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!(doc.root.get("a").unwrap().value, Value::Number("2".into()));
    }

    /// jsonc-parser's own parser, as the tree used to be built: its verdict on `text`.
    fn reference(text: &str, jsonc: bool) -> Result<(), (String, Span)> {
        jsonc_parser::parse_to_ast(text, &Default::default(), &options(jsonc))
            .map(|_| ())
            .map_err(|e| (e.kind().to_string(), Span::new(e.range().start, e.range().end)))
    }

    /// Every prefix of a text, and the text with each one byte changed into a character that
    /// breaks or bends JSON, fail where jsonc-parser's parser fails, with its message.
    #[test]
    fn errors_are_those_of_jsonc_parser() {
        let texts = [
            r#"{"a": [1, 2.5e3, -0, true, false, null], "b": {"c": "\u00e9\n", "d": []}, "e": {}}"#,
            "{\n  // note\n  \"a\": [1, /* two */ 2,],\n  \"b\": {\"c\": 1,},\n}\n",
            r#"[{"x": 1}, [2, [3]], "s", 4]"#,
        ];
        let swaps = [
            "", ",", ":", "]", "}", "[", "{", "\"", "x", "/", "1", " ", "'", "é", "tru",
        ];
        let mut cases = 0;
        for text in texts {
            let mut variants: Vec<String> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .map(|i| text[..i].to_string())
                .collect();
            for (i, _) in text.char_indices() {
                let next = text[i..].chars().next().map_or(0, char::len_utf8);
                for swap in swaps {
                    variants.push(format!("{}{swap}{}", &text[..i], &text[i + next..]));
                }
            }
            for variant in &variants {
                for jsonc in [false, true] {
                    let ours = parse(variant, jsonc).map(|_| ()).map_err(|e| (e.message, e.span));
                    let ours = match ours {
                        Err((m, _)) if m == "the file is empty" => Ok(()),
                        other => other,
                    };
                    assert_eq!(ours, reference(variant, jsonc), "{variant:?} as jsonc={jsonc}");
                    cases += 1;
                }
            }
        }
        assert!(cases > 5000, "{cases}");
    }

    #[test]
    fn a_duplicate_key_is_named_by_its_full_pointer() {
        let text = r#"{"clients": [{"id": 1}, {"a/b": {"k": 1, "x": 2, "k": 3}}]}"#;
        let doc = parse(text, false).unwrap();
        let [d] = &doc.duplicates[..] else {
            panic!("{:?}", doc.duplicates)
        };
        assert_eq!(d.pointer.as_str(), "/clients/1/a~1b/k");
        assert_eq!((&text[d.first.range()], &text[d.second.range()]), ("k", "k"));
        assert_eq!(
            (d.first.start, d.second.start),
            (text.find(r#""k": 1"#).unwrap() + 1, text.find(r#""k": 3"#).unwrap() + 1)
        );
    }

    #[test]
    fn duplicates_in_a_large_object_are_found_in_order_with_their_first_occurrence() {
        let mut text = String::from("{");
        let mut key_at = Vec::new();
        for i in 0..40 {
            let key = match i {
                3 | 20 | 35 => "k".to_string(),
                10 | 38 => "z".to_string(),
                i => format!("key{i}"),
            };
            key_at.push(text.len() + 1);
            text.push_str(&format!("\"{key}\": 0, "));
        }
        text.truncate(text.len() - 2);
        text.push('}');
        let doc = parse(&text, false).unwrap();
        let found: Vec<(&str, usize, usize)> = doc
            .duplicates
            .iter()
            .map(|d| (d.pointer.as_str(), d.first.start, d.second.start))
            .collect();
        assert_eq!(
            found,
            [
                ("/k", key_at[3], key_at[20]),
                ("/k", key_at[3], key_at[35]),
                ("/z", key_at[10], key_at[38]),
            ]
        );
    }

    #[test]
    fn long_keys_are_shared_and_read_back_whole() {
        let text = r#"[{"post.logout.redirect.uris": 1}, {"post.logout.redirect.uris": 2, "a\u0062": 3}]"#;
        let doc = parse(text, false).unwrap();
        let items = doc.root.as_array().unwrap();
        let (a, b) = (
            &items[0].as_object().unwrap()[0].key,
            &items[1].as_object().unwrap()[0].key,
        );
        assert_eq!(
            (a.as_str(), b.as_str()),
            ("post.logout.redirect.uris", "post.logout.redirect.uris")
        );
        assert_eq!(a.as_ptr(), b.as_ptr(), "one copy of a long key");
        assert_eq!(items[1].get("ab").unwrap().value, Value::Number("3".into()));
    }

    #[test]
    fn nesting_past_jsonc_parsers_limit_fails_as_it_did() {
        let text = "[".repeat(600);
        assert_eq!(
            parse(&text, false).unwrap_err().message,
            reference(&text, false).unwrap_err().0
        );
        // Within that limit but past ours, after a syntax error: the syntax error is reported.
        let text = format!("{}1 2{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse(&text, false).unwrap_err().message, "Expected comma");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(parse(&text, false).is_err());
        let text = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(parse(&text, false).unwrap_err().message.contains("nesting"));
    }
}
