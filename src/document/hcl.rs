//! HCL (Terraform and OpenTofu `.tf`/`.tofu` files) through hcl-edit, into the tree a `.tf.json` file
//! gives, so both syntaxes share pointers, adapters and suppressions:
//!
//! - `resource "T" "N" { a = 1 }` is `/resource/T/N/a`; every top-level block nests its labels as
//!   object keys, and blocks of one type merge (`/locals/x`, `/variable/v/default`).
//! - A block inside a block is an array of objects, one per occurrence:
//!   `/resource/T/N/web/0/implicit_grant/0/access_token_issuance_enabled`. A labelled inner block
//!   nests its labels first: `/resource/T/N/dynamic/implicit_grant/0/content/0/…`.
//! - A literal is a literal value spanning its source (a string's quotes included). A template is
//!   the string a `.tf.json` file would hold: `"http://${var.host}/cb"`. Any other expression is the
//!   string `${…}` holding its text (`${local.cbs}`, `${auth0_client.app.id}`), which every
//!   judgement reads as unknown and which `module` resolves where it can. Literal text that looks
//!   like a template (`$${` in the source) is kept escaped, as in `.tf.json`.

use super::{depth_exceeded, Document, Entry, Node, ParseFailure, Pointer, Span, Syntax, ThinVec, Value, MAX_DEPTH};
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Block, BlockLabel, Body};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;
use std::collections::HashMap;

/// The longest expression text kept inside `${…}`; longer ones are cut (they are unknown anyway).
const MAX_EXPRESSION_TEXT: usize = 160;

pub(super) fn parse(text: &str) -> Result<Document, ParseFailure> {
    // The HCL spec forbids a byte-order mark; editors still write one. Skip it and keep offsets
    // true to the file.
    let shift = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let source = &text[shift..];
    // hcl-edit can panic on a span outside its input (a parser bug, `RawString::despan`): that is
    // this file's parse error, not the end of the run.
    let parsed = std::panic::catch_unwind(|| hcl_edit::parser::parse_body(source)).map_err(|_| ParseFailure {
        message: "the HCL parser failed on this file".into(),
        span: Span::new(0, 0),
    })?;
    let body = parsed.map_err(|e| {
        let at = (e.location().offset() + shift).min(text.len());
        ParseFailure {
            message: e.message().to_string(),
            span: Span::new(at, at),
        }
    })?;
    let reader = Reader { source, shift };
    let mut root = ThinVec::new();
    reader.body(&body, &mut root, true, 0)?;
    Ok(Document {
        syntax: Syntax::Hcl,
        root: Node::new(Span::new(0, text.len()), Value::Object(root)),
        // hcl-edit rejects a repeated attribute; repeated blocks are separate objects.
        duplicates: Vec::new(),
        commented_items: Vec::new(),
        lenient: None,
        index: None,
        base: Pointer::root(),
        module: None,
    })
}

struct Reader<'a> {
    /// The text hcl-edit parsed (after any byte-order mark).
    source: &'a str,
    /// Where `source` starts in the file.
    shift: usize,
}

/// Where each key of a level of a body first stands (as a scan from the start finds it), and the
/// same for the levels under it: a scan per block was quadratic in a file of thousands of
/// resources of one type.
#[derive(Default)]
struct Places(HashMap<String, (usize, Places)>);

impl Places {
    /// Records `key` at `index` unless an entry before it has that key.
    fn first(&mut self, key: &str, index: usize) {
        if !self.0.contains_key(key) {
            self.0.insert(key.to_string(), (index, Places::default()));
        }
    }

    /// Where `key` first stands, or `None` after recording it at `next` (where the caller puts
    /// it); and the places of the level under it.
    fn get(&mut self, key: &str, next: usize) -> (Option<usize>, &mut Places) {
        let found = self.0.get(key).map(|(index, _)| *index);
        let (_, under) = self
            .0
            .entry(key.to_string())
            .or_insert_with(|| (next, Places::default()));
        (found, under)
    }
}

impl Reader<'_> {
    fn span(&self, range: Option<std::ops::Range<usize>>) -> Span {
        let r = range.unwrap_or(0..0);
        Span::new(r.start + self.shift, r.end + self.shift)
    }

    /// The source text of a parser-made node.
    fn text(&self, range: Option<std::ops::Range<usize>>) -> &str {
        range.and_then(|r| self.source.get(r)).unwrap_or("")
    }

    fn body(&self, body: &Body, out: &mut ThinVec<Entry>, top: bool, depth: usize) -> Result<(), ParseFailure> {
        if depth >= MAX_DEPTH {
            return Err(depth_exceeded(self.span(body.span())));
        }
        let mut places = Places::default();
        for structure in body.iter() {
            if let Some(attr) = structure.as_attribute() {
                places.first(attr.key.as_str(), out.len());
                out.push(Entry::new(
                    attr.key.as_str().into(),
                    self.span(attr.key.span()),
                    self.expression(&attr.value, depth + 1)?,
                ));
            } else if let Some(block) = structure.as_block() {
                self.block(block, out, &mut places, top, depth + 1)?;
            }
        }
        Ok(())
    }

    /// Puts a block where `.tf.json` would: under its type, then under each label; the body is an
    /// object merged with the other blocks of the same path at the top level, and one more item of
    /// an array inside a block.
    fn block(
        &self,
        block: &Block,
        out: &mut ThinVec<Entry>,
        places: &mut Places,
        top: bool,
        depth: usize,
    ) -> Result<(), ParseFailure> {
        let block_span = self.span(block.span());
        let mut keys = vec![(block.ident.as_str().to_string(), self.span(block.ident.span()))];
        for label in &block.labels {
            let (name, span) = match label {
                BlockLabel::Ident(i) => (i.as_str().to_string(), self.span(i.span())),
                // The span without its quotes, as for a JSON key.
                BlockLabel::String(s) => {
                    let span = self.span(s.span());
                    let inner = if span.len() >= 2 {
                        Span::new(span.start + 1, span.end - 1)
                    } else {
                        span
                    };
                    (s.as_str().to_string(), inner)
                }
            };
            keys.push((name, span));
        }
        let mut entries = ThinVec::new();
        self.body(&block.body, &mut entries, false, depth)?;
        let mut level = out;
        // `None` once the block has a level of its own, where no key is found.
        let mut places = Some(places);
        let last = keys.len() - 1;
        for (i, (key, key_span)) in keys.into_iter().enumerate() {
            let (index, under) = match places.map(|p| p.get(&key, level.len())) {
                Some((Some(index), under)) => (index, Some(under)),
                found => {
                    let value = if i == last && !top {
                        Value::Array(ThinVec::new())
                    } else {
                        Value::Object(ThinVec::new())
                    };
                    level.push(Entry::new(key.into(), key_span, Node::new(block_span, value)));
                    (level.len() - 1, found.map(|(_, under)| under))
                }
            };
            places = under;
            let fits = match &level[index].value.value {
                Value::Object(_) => true,
                Value::Array(_) => i == last,
                _ => false,
            };
            // An attribute of the same name as the block: keep the block beside it.
            let index = if fits {
                index
            } else {
                places = None;
                let key = level[index].key.clone();
                level.push(Entry::new(
                    key,
                    key_span,
                    Node::new(block_span, Value::Object(ThinVec::new())),
                ));
                level.len() - 1
            };
            match &mut level[index].value.value {
                Value::Object(inner) => {
                    if i < last {
                        level = inner;
                        continue;
                    }
                    inner.append(&mut entries);
                    return Ok(());
                }
                Value::Array(items) => {
                    items.push(Node::new(block_span, Value::Object(entries)));
                    return Ok(());
                }
                _ => unreachable!("only objects and arrays fit"),
            }
        }
        Ok(())
    }

    fn expression(&self, expr: &Expression, depth: usize) -> Result<Node, ParseFailure> {
        let span = self.span(expr.span());
        if depth >= MAX_DEPTH {
            return Err(depth_exceeded(span));
        }
        let value = match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(_) => Value::Number(self.text(expr.span()).into()),
            Expression::String(s) => Value::String(escape_template(s.value()).into()),
            Expression::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|e| self.expression(e, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Expression::Object(object) => {
                let mut entries = Vec::with_capacity(object.len());
                for (key, value) in object.iter() {
                    let (key, key_span) = match key {
                        ObjectKey::Ident(i) => (i.as_str().to_string(), self.span(i.span())),
                        ObjectKey::Expression(Expression::String(s)) => {
                            let span = self.span(s.span());
                            (
                                s.value().to_string(),
                                Span::new(span.start + 1, span.end.saturating_sub(1)),
                            )
                        }
                        ObjectKey::Expression(e) => (self.unknown(e.span()), self.span(e.span())),
                    };
                    entries.push(Entry::new(
                        key.into(),
                        key_span,
                        self.expression(value.expr(), depth + 1)?,
                    ));
                }
                Value::Object(entries.into())
            }
            Expression::StringTemplate(t) => Value::String(self.template(t).into()),
            Expression::HeredocTemplate(h) => Value::String(self.template(&h.template).into()),
            _ => Value::String(self.unknown(expr.span()).into()),
        };
        Ok(Node::new(span, value))
    }

    /// A template as `.tf.json` writes it: literal parts escaped, interpolations as `${text}`. From
    /// a `%{…}` directive on the value is unknown.
    fn template(&self, template: &Template) -> String {
        let mut out = String::new();
        for element in template.iter() {
            match element {
                Element::Literal(s) => out.push_str(&escape_template(s.value())),
                Element::Interpolation(i) => out.push_str(&self.unknown(i.expr.span())),
                Element::Directive(_) => {
                    out.push_str("${…}");
                    break;
                }
            }
        }
        out
    }

    fn unknown(&self, range: Option<std::ops::Range<usize>>) -> String {
        unknown_text(self.text(range))
    }
}

/// `${text}` for an expression no literal stands for, on one line and without braces, so that the
/// placeholder grammar reads it as one unknown; it stays parseable when it is short and plain
/// (`${var.host}`), and is cut to `${name(…}` otherwise.
pub(super) fn unknown_text(source: &str) -> String {
    let text = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = text
        .find(['{', '}'])
        .unwrap_or(text.len())
        .min(floor_char_boundary(&text, MAX_EXPRESSION_TEXT));
    if cut == text.len() {
        format!("${{{text}}}")
    } else {
        format!("${{{}…}}", &text[..cut])
    }
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// Literal text in template syntax: `${` and `%{` doubled, as `.tf.json` must write them.
pub(super) fn escape_template(text: &str) -> String {
    if !text.contains("${") && !text.contains("%{") {
        return text.to_string();
    }
    text.replace("${", "$${").replace("%{", "%%{")
}

/// The comments of an HCL text (`#` and `//` to the end of the line, `/* … */`), found by a scan
/// that knows quoted strings, heredocs and the expressions inside `${…}` and `%{…}`.
pub(super) fn comments(text: &str) -> Vec<Span> {
    #[derive(Clone, Copy)]
    enum Context<'t> {
        /// Expressions; `braces` counts the `{` opened inside, so the `}` closing a template
        /// interpolation is told from an object's.
        Code {
            braces: usize,
        },
        Quoted,
        Heredoc {
            delimiter: &'t str,
        },
    }
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut stack = vec![Context::Code { braces: 0 }];
    let mut i = 0;
    while i < bytes.len() {
        let top = stack.len() - 1;
        match stack[top] {
            Context::Code { braces } => match bytes[i] {
                b'#' => i = line_comment(bytes, i, &mut out),
                b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_comment(bytes, i, &mut out),
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    let end = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |e| i + 2 + e + 2);
                    out.push(Span::new(i, end));
                    i = end;
                }
                b'"' => {
                    stack.push(Context::Quoted);
                    i += 1;
                }
                b'<' if bytes[i..].starts_with(b"<<") => {
                    let start = i + 2 + usize::from(bytes.get(i + 2) == Some(&b'-'));
                    let name_end = bytes[start..]
                        .iter()
                        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))
                        .map_or(bytes.len(), |n| start + n);
                    if name_end > start && bytes.get(name_end) == Some(&b'\n') {
                        stack.push(Context::Heredoc {
                            delimiter: &text[start..name_end],
                        });
                        i = name_end + 1;
                    } else {
                        i += 2;
                    }
                }
                b'{' => {
                    stack[top] = Context::Code { braces: braces + 1 };
                    i += 1;
                }
                b'}' if braces == 0 && top > 0 => {
                    stack.pop();
                    i += 1;
                }
                b'}' => {
                    stack[top] = Context::Code {
                        braces: braces.saturating_sub(1),
                    };
                    i += 1;
                }
                _ => i += 1,
            },
            Context::Quoted => match bytes[i] {
                b'\\' => i += 2,
                b'"' | b'\n' => {
                    stack.pop();
                    i += 1;
                }
                _ => i = template_step(bytes, i, &mut stack, Context::Code { braces: 0 }),
            },
            Context::Heredoc { delimiter } => {
                let line_start = i == 0 || bytes[i - 1] == b'\n';
                let line_end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                if line_start && text[i..line_end].trim() == delimiter {
                    stack.pop();
                    i = line_end;
                } else {
                    i = template_step(bytes, i, &mut stack, Context::Code { braces: 0 });
                }
            }
        }
    }
    out
}

/// One step through template text: `$${` and `%%{` are literal, `${` and `%{` open an expression.
fn template_step<T>(bytes: &[u8], i: usize, stack: &mut Vec<T>, code: T) -> usize {
    let rest = &bytes[i..];
    if rest.starts_with(b"$${") || rest.starts_with(b"%%{") {
        i + 3
    } else if rest.starts_with(b"${") || rest.starts_with(b"%{") {
        stack.push(code);
        i + 2
    } else {
        i + 1
    }
}

/// Records the comment from `i` to the end of its line; returns where the scan goes on.
fn line_comment(bytes: &[u8], i: usize, out: &mut Vec<Span>) -> usize {
    let mut end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
    if end > i && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    out.push(Span::new(i, end));
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The node at a `/`-separated path of keys and positions.
    fn get<'a>(node: &'a Node, path: &str) -> &'a Node {
        path.split('/').fold(node, |n, k| match k.parse::<usize>() {
            Ok(i) => &n.as_array().unwrap()[i],
            Err(_) => n.get(k).unwrap_or_else(|| panic!("no {k} in {n:?}")),
        })
    }

    #[test]
    fn blocks_take_the_json_syntax_shape_with_spans() {
        let text = r#"
resource "azuread_application" "portal" {
  display_name = "portal"
  web {
    redirect_uris = ["http://portal.example.com/signin-oidc"]
    implicit_grant { access_token_issuance_enabled = true }
  }
}
resource "okta_app_oauth" "app" { type = "browser" }
"#;
        let doc = parse(text).unwrap();
        let flag = get(
            &doc.root,
            "resource/azuread_application/portal/web/0/implicit_grant/0/access_token_issuance_enabled",
        );
        assert_eq!(flag.value, Value::Bool(true));
        assert_eq!(&text[flag.span().range()], "true");
        let uri = get(&doc.root, "resource/azuread_application/portal/web/0/redirect_uris/0");
        assert_eq!(&text[uri.span().range()], "\"http://portal.example.com/signin-oidc\"");
        // Both resources live under one `resource` object.
        let types = doc.root.get("resource").unwrap().as_object().unwrap();
        assert_eq!(
            types.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
            ["azuread_application", "okta_app_oauth"]
        );
        let name = doc
            .root
            .get("resource")
            .unwrap()
            .get("okta_app_oauth")
            .unwrap()
            .entry("app")
            .unwrap();
        assert_eq!(&text[name.key_span().range()], "app");
        let attr = name.value.entry("type").unwrap();
        assert_eq!(&text[attr.key_span().range()], "type");
    }

    #[test]
    fn expressions_become_templates_and_literals_stay_literal() {
        let text = r#"
locals { base = "https://${var.host}" }
resource "keycloak_openid_client" "web" {
  valid_redirect_uris = local.cbs
  root_url            = "http://${var.env}.example.com/${lookup(var.m, "k", {})}"
  literal             = "costs $${five}"
  secret              = random_password.web.result
  lifespan            = 300
  on                  = null
  multi = concat(
    ["a"],
    ["b"],
  )
}
"#;
        let doc = parse(text).unwrap();
        let web = get(&doc.root, "resource/keycloak_openid_client/web");
        let s = |k: &str| web.get(k).unwrap().as_str().unwrap().to_string();
        assert_eq!(s("valid_redirect_uris"), "${local.cbs}");
        assert_eq!(s("root_url"), "http://${var.env}.example.com/${lookup(var.m, \"k\", …}");
        assert_eq!(s("literal"), "costs $${five}");
        assert_eq!(s("secret"), "${random_password.web.result}");
        assert_eq!(s("multi"), "${concat( [\"a\"], [\"b\"], )}");
        assert_eq!(web.get("lifespan").unwrap().value, Value::Number("300".into()));
        assert_eq!(web.get("on").unwrap().value, Value::Null);
        assert_eq!(get(&doc.root, "locals/base").as_str(), Some("https://${var.host}"));
    }

    #[test]
    fn top_level_blocks_merge_and_inner_labelled_blocks_nest() {
        let text = "locals {\n a = 1\n}\nlocals {\n b = 2\n}\nresource \"t\" \"n\" {\n  dynamic \"g\" {\n    for_each = var.x\n    content { v = g.value }\n  }\n  lifecycle { ignore_changes = [a] }\n}\n";
        let doc = parse(text).unwrap();
        assert!(get(&doc.root, "locals/a").value == Value::Number("1".into()));
        assert!(get(&doc.root, "locals/b").value == Value::Number("2".into()));
        let content = get(&doc.root, "resource/t/n/dynamic/g/0/content/0/v");
        assert_eq!(content.as_str(), Some("${g.value}"));
        let ignored = get(&doc.root, "resource/t/n/lifecycle/0/ignore_changes/0");
        assert_eq!(ignored.as_str(), Some("${a}"));
    }

    #[test]
    fn blocks_find_their_place_among_attributes_and_earlier_blocks() {
        let text = "web = 1\nweb { a = 1 }\nweb { b = 2 }\nresource \"t\" \"x\" { k = 1 }\n\
                    resource \"u\" \"y\" { k = 2 }\nresource \"t\" \"z\" {\n  s = 1\n  s { v = 1 }\n  s { v = 2 }\n}\n";
        let doc = parse(text).unwrap();
        let keys = |n: &Node| {
            n.as_object()
                .unwrap()
                .iter()
                .map(|e| e.key.to_string())
                .collect::<Vec<_>>()
        };
        let values = |n: &Node, key: &str| {
            let entries = n.as_object().unwrap().iter().filter(|e| e.key == key);
            entries.map(|e| format!("{:?}", e.value.value)).collect::<Vec<_>>()
        };
        // A block beside an attribute of its name is an entry of its own, each time.
        assert_eq!(keys(&doc.root), ["web", "web", "web", "resource"]);
        assert_eq!(values(&doc.root, "web").len(), 3);
        assert!(
            values(&doc.root, "web")[2].contains("\"b\""),
            "{:?}",
            values(&doc.root, "web")
        );
        // Blocks of one type merge under it, in the order met.
        assert_eq!(keys(get(&doc.root, "resource")), ["t", "u"]);
        assert_eq!(keys(get(&doc.root, "resource/t")), ["x", "z"]);
        let z = get(&doc.root, "resource/t/z");
        assert_eq!(keys(z), ["s", "s", "s"]);
        assert_eq!(z.as_object().unwrap()[0].value.value, Value::Number("1".into()));
    }

    #[test]
    fn byte_order_mark_keeps_offsets_and_errors_have_a_place() {
        let text = "\u{feff}a = \"x\"\n";
        let doc = parse(text).unwrap();
        assert_eq!(&text[doc.root.entry("a").unwrap().key_span().range()], "a");
        let err = parse("a = 1\nb = [1,\n").unwrap_err();
        assert!(err.span.start <= 14);
        assert!(
            parse("a = 1\na = 2\n").is_err(),
            "hcl-edit rejects a repeated attribute"
        );
    }

    #[test]
    fn deep_nesting_is_a_parse_error_on_a_small_stack() {
        // Spawned threads (rayon workers, tests) have 2 MiB stacks.
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                for open in ["[", "{", "(", "\"${"] {
                    let close = match open {
                        "[" => "]",
                        "{" => "}",
                        "(" => ")",
                        _ => "}\"",
                    };
                    let text = format!("a = {}1{}\n", open.repeat(5000), close.repeat(5000));
                    assert!(parse(&text).is_err(), "{open}");
                }
                let blocks = format!("{}{}", "b {\n".repeat(5000), "}\n".repeat(5000));
                assert!(parse(&blocks).is_err());
            })
            .unwrap();
        handle.join().unwrap();
    }

    fn found(text: &str) -> Vec<&str> {
        comments(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn comments_of_every_kind_and_none_inside_strings_or_heredocs() {
        let text = "# one\na = \"x # no // no\" // two\nb = <<-EOT\n  # no\n  ${var.x} // no\n  EOT\n/* three\n */ c = \"${ {a = \"}\"}.a } # no\" # four\n";
        assert_eq!(found(text), ["# one", "// two", "/* three\n */", "# four"]);
    }

    #[test]
    fn escaped_template_openers_do_not_open_expressions() {
        let text = "a = \"$${ # no\" # yes\n";
        assert_eq!(found(text), ["# yes"]);
    }
}
