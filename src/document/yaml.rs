//! YAML through saphyr-parser's event stream and our own tree builder.
//!
//! Every crate that builds a YAML tree recursively overflows the stack on deep input (we
//! tried them), so the tree is built here from events with an explicit stack, stopping at
//! [`MAX_DEPTH`]. Choices worth knowing:
//!
//! * saphyr's markers count **characters**; spans are converted to byte offsets.
//! * Scalars follow the YAML 1.2 core schema for plain (unquoted) text only: `true`/`false` become
//!   booleans, `null`/`~`/empty become null, integers and floats become numbers (as written).
//!   Quoted and block scalars stay strings.
//! * Aliases are expanded by cloning the anchored node. What anchors and aliases copy is counted in
//!   bytes of tree, per file, within [`copy_budget`]: a small multiple of the file's size (the YAML
//!   "billion laughs", or one huge scalar aliased many times). Merge keys (`<<: *base`) are applied;
//!   explicit keys win.
//! * A scalar with an application tag (CloudFormation `!Ref Pool`, `!Sub '…'`, `!GetAtt A.B`)
//!   becomes a string of its raw source text, tag included (`"!Ref Pool"`): it is not a resolved
//!   value, and keeping the tag shows that in every message. A collection tagged with a
//!   CloudFormation intrinsic function (`!If [cond, a, b]`, `!Join`, `!Select`) becomes the long
//!   form the template also allows (`{"Fn::If": [cond, a, b]}`), so both spellings read alike;
//!   other tagged collections keep their content.
//! * Template placeholders that make a file invalid YAML until rendered (Auth0 `@@KEY@@` and
//!   `##KEY##`, Go templates `{{ … }}` where a plain value starts) are neutralised in a copy of the
//!   text with characters of the same byte length, and the strings read from the copy get the
//!   original text back. Byte offsets never move.
//! * Duplicate keys are kept and reported like in the other syntaxes.

use super::shared::Shared;
use super::{
    depth_exceeded, find_duplicates, CommentedItem, Document, DuplicateKey, Entry, Node, ParseFailure, Pointer,
};
use super::{thin_vec, Span, Str, Syntax, Value, MAX_DEPTH};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::borrow::Cow;
use std::collections::HashMap;

/// What anchors and aliases may copy in a file of `len` bytes: enough for a small file to share a
/// few lists many times, and for any file to alias all of itself several times over.
fn copy_budget(len: usize) -> usize {
    const FLOOR: usize = 1 << 20;
    const PER_BYTE: usize = 16;
    FLOOR.saturating_add(len.saturating_mul(PER_BYTE))
}

/// Parses every document of a YAML stream. An empty stream is one document holding null.
pub(super) fn parse_all(text: &str) -> Result<Vec<Document>, ParseFailure> {
    let prepared = Prepared::new(text);
    let offsets = Offsets::new(&prepared.copy);
    let mut docs = Vec::new();
    let mut builder: Option<Builder> = None;
    // One budget for the whole stream: each `---` document must not get a fresh one.
    let mut budget = copy_budget(text.len());
    for ev in Parser::new_from_str(&prepared.copy) {
        let (event, span) = ev.map_err(|e| {
            let at = offsets.byte(e.marker().index()).min(text.len());
            ParseFailure {
                message: e.info().to_string(),
                span: Span::new(at, next_char_end(text, at)),
            }
        })?;
        let span = Span::new(offsets.byte(span.start.index()), offsets.byte(span.end.index()));
        match event {
            Event::DocumentStart(_) => builder = Some(Builder::new(text, &prepared, span, budget)),
            Event::DocumentEnd => {
                if let Some(b) = builder.take() {
                    budget = b.budget;
                    docs.push(b.finish());
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            other => match builder.as_mut() {
                Some(b) => b.event(other, span)?,
                // saphyr always opens a document first; be defensive rather than panic.
                None => {
                    return Err(ParseFailure {
                        message: "content outside a document".into(),
                        span,
                    })
                }
            },
        }
    }
    if let Some(b) = builder.take() {
        docs.push(b.finish());
    }
    if docs.is_empty() {
        docs.push(Document {
            syntax: Syntax::Yaml,
            root: Node::new(Span::default(), Value::Null),
            duplicates: Vec::new(),
            commented_items: Vec::new(),
            lenient: None,
            index: None,
            base: Pointer::root(),
            module: None,
        });
    }
    Ok(docs)
}

/// The comments of a YAML stream: a `#` at the start of a line or after a blank that is not inside
/// a scalar. The parser's scalar events say where every scalar is (quoted, plain, block), so a `#`
/// in `"Shop # x"`, in `a#b` or in a `|` block is text. Past a syntax error nothing is known, so
/// nothing there counts as a comment.
pub(super) fn comments(text: &str) -> Vec<Span> {
    let prepared = Prepared::new(text);
    let offsets = Offsets::new(&prepared.copy);
    let mut scalars = Vec::new();
    let mut known = text.len();
    for ev in Parser::new_from_str(&prepared.copy) {
        match ev {
            Ok((Event::Scalar(_, style, ..), span)) => {
                let start = offsets.byte(span.start.index());
                let mut end = offsets.byte(span.end.index());
                // saphyr ends a quoted scalar where it stopped looking ahead, which may be past a
                // comment after the closing quote.
                let quote = match style {
                    ScalarStyle::DoubleQuoted => Some(b'"'),
                    ScalarStyle::SingleQuoted => Some(b'\''),
                    _ => None,
                };
                if let Some(quote) = quote {
                    end = closing_quote(text, start, quote).unwrap_or(end);
                }
                scalars.push(Span::new(start, end));
            }
            Ok(_) => {}
            Err(e) => {
                known = offsets.byte(e.marker().index()).min(text.len());
                break;
            }
        }
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut scalar = scalars.iter().peekable();
    let mut i = 0;
    while let Some(hash) = memchr::memchr(b'#', &b[i..known]).map(|p| i + p) {
        i = hash + 1;
        if hash > 0 && !matches!(b[hash - 1], b' ' | b'\t' | b'\n' | b'\r') {
            continue;
        }
        while scalar.next_if(|s| s.end <= hash).is_some() {}
        if scalar.peek().is_some_and(|s| s.start <= hash) {
            continue;
        }
        let end = memchr::memchr2(b'\n', b'\r', &b[hash..]).map_or(b.len(), |p| hash + p);
        out.push(Span::new(hash, end));
        i = end;
    }
    out
}

/// One past the quote that closes the quoted scalar whose event starts at `from` (at its anchor
/// or tag, if it has one): a backslash escapes in double quotes, `''` is a quote in single ones.
fn closing_quote(text: &str, from: usize, quote: u8) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = from + memchr::memchr(quote, &b[from..])? + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn next_char_end(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// Character index → byte offset; the identity for ASCII text.
struct Offsets {
    bytes: Option<Vec<u32>>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Self {
        // u32 halves the table; files over 4 GiB are refused long before parsing.
        let bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(b, _)| b as u32).collect());
        Offsets { bytes, len: text.len() }
    }
    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            None => char_index.min(self.len),
            Some(table) => table.get(char_index).map_or(self.len, |&b| b as usize),
        }
    }
}

/// The text saphyr reads: the source with placeholders neutralised, byte for byte.
struct Prepared<'t> {
    copy: Cow<'t, str>,
    /// Byte ranges where the copy differs from the source.
    regions: Vec<(usize, usize)>,
}

impl<'t> Prepared<'t> {
    fn new(text: &'t str) -> Self {
        let b = text.as_bytes();
        if memchr::memmem::find(b, b"@@").is_none()
            && memchr::memmem::find(b, b"##").is_none()
            && memchr::memmem::find(b, b"{{").is_none()
        {
            return Prepared {
                copy: Cow::Borrowed(text),
                regions: Vec::new(),
            };
        }
        let mut copy = b.to_vec();
        let mut regions = Vec::new();
        let mut line_start = 0;
        let mut i = 0;
        while i + 1 < b.len() {
            if b[i] == b'\n' {
                line_start = i + 1;
                i += 1;
                continue;
            }
            let pair = &b[i..i + 2];
            let found = match pair {
                b"@@" | b"##" => word_token(b, i, pair[0]).filter(|_| {
                    // A `##KEY##` line of its own may be a comment; only values are touched.
                    plain_start(&b[line_start..i], pair[0] == b'@')
                }),
                b"{{" => {
                    let line_end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
                    memchr::memmem::find(&b[i + 2..line_end], b"}}")
                        .map(|p| i + 2 + p + 2)
                        .filter(|_| plain_start(&b[line_start..i], true))
                }
                _ => None,
            };
            match found {
                Some(end) => {
                    if pair == b"{{" {
                        copy[i..end].fill(b'_');
                    } else {
                        copy[i] = b'_';
                    }
                    regions.push((i, end));
                    i = end;
                }
                None => i += 1,
            }
        }
        // Only whole characters were replaced, by ASCII, so the copy is still UTF-8.
        let copy = String::from_utf8(copy).map_or(Cow::Borrowed(text), Cow::Owned);
        Prepared { copy, regions }
    }

    /// The string value of a scalar read from the copy, with the source's placeholders put back.
    fn restore<'a>(&self, text: &str, value: Cow<'a, str>, span: Span, style: ScalarStyle) -> Cow<'a, str> {
        let inside: Vec<_> = self
            .regions
            .iter()
            .filter(|(s, e)| *s < span.end && *e > span.start)
            .collect();
        if inside.is_empty() {
            return value;
        }
        let n = value.len();
        if style == ScalarStyle::Plain
            && !value.contains('\n')
            && span.end >= n
            && self.copy.get(span.end - n..span.end) == Some(&*value)
        {
            return Cow::Owned(text[span.end - n..span.end].to_string());
        }
        let mut out = value.into_owned();
        for (s, e) in inside {
            out = out.replacen(&self.copy[*s..*e], &text[*s..*e], 1);
        }
        Cow::Owned(out)
    }
}

/// `@@KEY@@` / `##KEY##` at `i`: the end of the token.
fn word_token(b: &[u8], i: usize, d: u8) -> Option<usize> {
    let body = b[i + 2..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
        .count();
    let end = i + 2 + body;
    (body > 0 && b.get(end) == Some(&d) && b.get(end + 1) == Some(&d)).then_some(end + 2)
}

/// Whether a plain scalar would start after `before` (the line up to here): at the start of the
/// line, after a flow indicator, or after `: `, `- `, `? `.
fn plain_start(before: &[u8], line_start_ok: bool) -> bool {
    let trimmed = before.trim_ascii_end();
    match trimmed.last() {
        None => line_start_ok,
        Some(b'[' | b',' | b'{') => true,
        Some(b':' | b'-' | b'?') => trimmed.len() < before.len(),
        _ => false,
    }
}

enum Kind {
    Seq(Vec<Node>),
    Map {
        entries: Vec<Entry>,
        key: Option<(String, Span)>,
    },
}

struct Frame {
    start: Span,
    flow: bool,
    anchor: usize,
    /// The long-form key of a CloudFormation short-form tag on this collection (`Fn::If`).
    intrinsic: Option<&'static str>,
    pointer: Pointer,
    kind: Kind,
}

struct Anchored {
    node: Node,
    /// Bytes of tree a copy costs.
    size: usize,
    height: usize,
}

struct Builder<'t> {
    text: &'t str,
    prepared: &'t Prepared<'t>,
    start: Span,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Anchored>,
    /// Bytes of tree that anchors and aliases may still copy.
    budget: usize,
    duplicates: Vec<DuplicateKey>,
    commented_items: Vec<CommentedItem>,
    /// Keys, strings and numbers made so far: the items of a list repeat the same keys and values.
    strings: Shared,
}

/// How a finished node sits in its parent when it is a mapping key.
struct KeyText {
    key: String,
    span: Span,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, prepared: &'t Prepared<'t>, start: Span, budget: usize) -> Self {
        Builder {
            text,
            prepared,
            start,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            budget,
            duplicates: Vec::new(),
            commented_items: Vec::new(),
            strings: Shared::for_text(text.len()),
        }
    }

    fn finish(self) -> Document {
        let root = self
            .root
            .unwrap_or(Node::new(Span::new(self.start.end, self.start.end), Value::Null));
        Document {
            syntax: Syntax::Yaml,
            root,
            duplicates: self.duplicates,
            commented_items: self.commented_items,
            lenient: None,
            index: None,
            base: Pointer::root(),
            module: None,
        }
    }

    /// The pointer of the node about to start.
    fn child_pointer(&self) -> Pointer {
        match self.stack.last() {
            None => Pointer::root(),
            Some(f) => match &f.kind {
                Kind::Seq(items) => f.pointer.index(items.len()),
                Kind::Map { key: Some((k, _)), .. } => f.pointer.key(k),
                Kind::Map { key: None, .. } => f.pointer.clone(),
            },
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), ParseFailure> {
        match event {
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let intrinsic = tag.as_deref().and_then(intrinsic_key);
                if self.stack.len() >= MAX_DEPTH {
                    return Err(depth_exceeded(span));
                }
                let flow = matches!(self.text.as_bytes()[..span.end].last(), Some(b'[' | b'{')) && !span.is_empty();
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map {
                        entries: Vec::new(),
                        key: None,
                    }
                };
                let pointer = self.child_pointer();
                self.stack.push(Frame {
                    start: span,
                    flow,
                    anchor,
                    intrinsic,
                    pointer,
                    kind,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(());
                };
                let end = match &frame.kind {
                    // The end event runs on to the next token, over a trailing comment: end at the
                    // closing bracket.
                    _ if frame.flow => Some(match self.text.as_bytes().get(span.start) {
                        Some(b']' | b'}') => span.start + 1,
                        _ => span.end,
                    }),
                    Kind::Seq(items) => items.last().map(|n| n.span().end),
                    Kind::Map { entries, .. } => entries.last().map(|e| e.value.span().end.max(e.key_span().end)),
                }
                .unwrap_or(frame.start.end)
                .max(frame.start.start);
                let value = match frame.kind {
                    Kind::Seq(items) => Value::Array(items.into()),
                    Kind::Map { entries, .. } => {
                        find_duplicates(
                            &entries.iter().filter(|e| e.key != "<<").cloned().collect::<Vec<_>>(),
                            &frame.pointer,
                            &mut self.duplicates,
                        );
                        Value::Object(merge_keys(entries).into())
                    }
                };
                let mut node = Node::new(Span::new(frame.start.start, end), value);
                if let Some(key) = frame.intrinsic {
                    node = Node::new(
                        node.span(),
                        Value::Object(thin_vec![Entry::new(key.into(), frame.start, node)]),
                    );
                }
                self.anchor(frame.anchor, &node)?;
                let text = self.text;
                self.deliver(node, |node| KeyText {
                    key: text[node.span().range()].to_string(),
                    span: node.span(),
                });
            }
            Event::Scalar(value, style, anchor, tag) => {
                let mut node = self.scalar(value, style, tag.as_deref(), span);
                if matches!(
                    self.stack.last(),
                    Some(Frame {
                        kind: Kind::Seq(_),
                        flow: false,
                        ..
                    })
                ) {
                    self.note_commented_item(&mut node, style);
                }
                self.anchor(anchor, &node)?;
                let text = self.text;
                self.deliver(node, |node| key_text(text, node, style));
            }
            Event::Alias(id) => {
                let Some(a) = self.anchors.get(&id) else {
                    return Err(ParseFailure {
                        message: "alias to an unknown or unfinished anchor".into(),
                        span,
                    });
                };
                if self.stack.len() + a.height > MAX_DEPTH {
                    return Err(depth_exceeded(span));
                }
                let size = a.size;
                self.spend(size, span)?;
                let a = &self.anchors[&id];
                let mut node = a.node.clone();
                // The whole value points at the alias; what is inside still points at the anchor.
                node.set_span(span);
                let anchored = a.node.span();
                let text = self.text;
                self.deliver(node, |node| KeyText {
                    key: match &node.value {
                        Value::String(s) | Value::Number(s) => s.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        _ => text[anchored.range()].to_string(),
                    },
                    span,
                });
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    /// Records a block-list item that YAML reads as a comment, and points an empty one at the
    /// comment, the text the author meant as the value.
    fn note_commented_item(&mut self, node: &mut Node, style: ScalarStyle) {
        if style != ScalarStyle::Plain {
            return;
        }
        // The regions are in text order.
        let keyword = self
            .prepared
            .regions
            .binary_search_by_key(&node.span().start, |(s, _)| *s)
            .is_ok_and(|_| self.text[node.span().start..].starts_with("##"));
        let span = if keyword {
            node.span()
        } else if node.value == Value::Null && node.span().is_empty() {
            // The empty item sits at the end of its line: `- # text` before it.
            let line = &self.text[..node.span().start];
            let line = &line[line.rfind('\n').map_or(0, |i| i + 1)..];
            let Some(item) = line.trim_start().strip_prefix('-') else {
                return;
            };
            let comment = item.trim();
            if !comment.starts_with('#') {
                return;
            }
            let start = node.span().start - item.trim_start().len();
            let span = Span::new(start, start + comment.len());
            node.set_span(span);
            span
        } else {
            return;
        };
        self.commented_items.push(CommentedItem {
            pointer: self.child_pointer(),
            span,
            keyword,
        });
    }

    /// Keeps a copy of an anchored node; the copy counts against the budget, since anchors nested in
    /// anchors would otherwise copy one big value once per level.
    fn anchor(&mut self, id: usize, node: &Node) -> Result<(), ParseFailure> {
        if id == 0 {
            return Ok(());
        }
        let (size, height) = measure(node);
        self.spend(size, node.span())?;
        self.anchors.insert(
            id,
            Anchored {
                node: node.clone(),
                size,
                height,
            },
        );
        Ok(())
    }

    fn spend(&mut self, bytes: usize, span: Span) -> Result<(), ParseFailure> {
        self.budget = self.budget.checked_sub(bytes).ok_or_else(|| ParseFailure {
            message: format!(
                "alias expansion too large: anchors and aliases copy more than {} bytes, the limit for a file of {} bytes",
                copy_budget(self.text.len()),
                self.text.len()
            ),
            span,
        })?;
        Ok(())
    }

    /// Puts a finished node in its parent. Its text as a key is worked out only when it is one: a
    /// collection's whole source text, or a huge aliased scalar, is not copied for every value.
    fn deliver(&mut self, node: Node, key: impl FnOnce(&Node) -> KeyText) {
        let strings = &mut self.strings;
        let Some(frame) = self.stack.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut frame.kind {
            Kind::Seq(items) => items.push(node),
            Kind::Map { entries, key: pending } => match pending.take() {
                None => {
                    let key = key(&node);
                    *pending = Some((key.key, key.span));
                }
                Some((key, key_span)) => entries.push(Entry::new(strings.get(&key), key_span, node)),
            },
        }
    }

    fn scalar(&mut self, value: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Node {
        let span = match style {
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => quoted_span(self.text, span),
            _ => span,
        };
        let value = self.prepared.restore(self.text, value, span, style);
        let core = tag.filter(|t| t.is_yaml_core_schema()).map(|t| t.suffix.as_str());
        let value = match (tag, core) {
            (None, _) if style == ScalarStyle::Plain => resolve_plain(&value, |s| self.strings.get(s)),
            (None, _) | (Some(_), Some("str")) => Value::String(self.strings.get(&value)),
            (Some(_), Some("null")) => Value::Null,
            (Some(_), Some("bool" | "int" | "float")) => resolve_plain(&value, |s| self.strings.get(s)),
            (Some(_), Some(_)) => Value::String(self.strings.get(&value)),
            // An application tag: the raw text, tag included (see the module docs).
            (Some(_), None) => Value::String(self.strings.get(&self.text[span.range()])),
        };
        Node::new(span, value)
    }
}

/// A scalar's key text and the span of the text only (no quotes, anchor or tag).
fn key_text(text: &str, node: &Node, style: ScalarStyle) -> KeyText {
    let key = match &node.value {
        Value::String(s) | Value::Number(s) => s.to_string(),
        Value::Bool(_) | Value::Null => text[node.span().range()].trim().to_string(),
        _ => String::new(),
    };
    let raw = &text[node.span().range()];
    let span = match style {
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => raw
            .find(['\'', '"'])
            .filter(|q| node.span().start + q + 1 < node.span().end)
            .map(|q| Span::new(node.span().start + q + 1, node.span().end - 1))
            .unwrap_or(node.span()),
        _ if !key.contains('\n') && raw.ends_with(key.as_str()) => {
            Span::new(node.span().end - key.len(), node.span().end)
        }
        _ => node.span(),
    };
    KeyText { key, span }
}

/// CloudFormation's short-form intrinsic functions that take a list or a map, with their long-form
/// keys (AWS CloudFormation User Guide, "Intrinsic function reference").
const INTRINSICS: [(&str, &str); 15] = [
    ("And", "Fn::And"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("Equals", "Fn::Equals"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAtt", "Fn::GetAtt"),
    ("GetAZs", "Fn::GetAZs"),
    ("If", "Fn::If"),
    ("Join", "Fn::Join"),
    ("Not", "Fn::Not"),
    ("Or", "Fn::Or"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Sub", "Fn::Sub"),
    ("Transform", "Fn::Transform"),
];

fn intrinsic_key(tag: &Tag) -> Option<&'static str> {
    (tag.handle == "!")
        .then(|| INTRINSICS.iter().find(|(short, _)| *short == tag.suffix))
        .flatten()
        .map(|(_, long)| *long)
}

/// A quoted scalar's span ends at its closing quote: saphyr's runs on over a trailing comment
/// (`'q' # note`), and a finding's underline must end at the value.
fn quoted_span(text: &str, span: Span) -> Span {
    let raw = &text[span.range()];
    let Some(open) = raw.find(['\'', '"']) else {
        return span;
    };
    let quote = raw.as_bytes()[open];
    let bytes = raw.as_bytes();
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            // `''` is a quote inside a single-quoted scalar.
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return Span::new(span.start, span.start + i + 1),
            _ => i += 1,
        }
    }
    span
}

/// The YAML 1.2 core schema for a plain scalar; `string` makes the text of a number or string.
pub(super) fn resolve_plain(s: &str, string: impl FnOnce(&str) -> Str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(s) => Value::Number(string(s)),
        _ => Value::String(string(s)),
    }
}

fn is_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    // [0-9]+ ( . [0-9]* )? | . [0-9]+ , then an optional exponent.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| t.bytes().all(|c| c.is_ascii_digit());
    let mantissa_ok =
        digits(int) && frac.is_none_or(digits) && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The bytes a copy of a tree costs (its nodes, keys and strings), and its height, which is bounded
/// by [`MAX_DEPTH`].
fn measure(node: &Node) -> (usize, usize) {
    const NODE: usize = std::mem::size_of::<Node>();
    const ENTRY: usize = std::mem::size_of::<Entry>() - NODE;
    match &node.value {
        Value::Array(items) => items
            .iter()
            .map(measure)
            .fold((NODE, 1), |(s, h), (cs, ch)| (s + cs, h.max(ch + 1))),
        Value::Object(entries) => entries
            .iter()
            .map(|e| (ENTRY + e.key.len(), measure(&e.value)))
            .fold((NODE, 1), |(s, h), (key, (cs, ch))| (s + key + cs, h.max(ch + 1))),
        Value::String(text) | Value::Number(text) => (NODE + text.len(), 0),
        Value::Null | Value::Bool(_) => (NODE, 0),
    }
}

/// Applies `<<` merge keys: the merged mappings' entries that no explicit key overrides (the first
/// merged mapping wins among several), in place of the `<<` entry.
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries
        .iter()
        .any(|e| e.key == "<<" && merge_sources(&e.value).is_some())
    {
        return entries;
    }
    let explicit: Vec<&str> = entries
        .iter()
        .filter(|e| e.key != "<<")
        .map(|e| e.key.as_str())
        .collect();
    let mut merged: Vec<Entry> = Vec::new();
    for e in entries.iter().filter(|e| e.key == "<<") {
        for source in merge_sources(&e.value).unwrap_or_default() {
            for m in source {
                if !explicit.contains(&m.key.as_str()) && !merged.iter().any(|x| x.key == m.key) {
                    merged.push(m.clone());
                }
            }
        }
    }
    let mut out = Vec::with_capacity(entries.len() + merged.len());
    let mut merged = Some(merged);
    for e in entries {
        if e.key == "<<" && merge_sources(&e.value).is_some() {
            out.extend(merged.take().unwrap_or_default());
        } else {
            out.push(e);
        }
    }
    out
}

fn merge_sources(node: &Node) -> Option<Vec<&[Entry]>> {
    match &node.value {
        Value::Object(entries) => Some(vec![entries]),
        Value::Array(items) => items.iter().map(|i| i.as_object()).collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Document {
        let mut docs = parse_all(text).unwrap();
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = "client_id: app\nredirect_uris:\n  - https://a.example/cb\n  - 'https://b.example/cb'\ngrant_types: [authorization_code, \"implicit\"]\n\"quoted key\": 1\n";
        let doc = one(text);
        let id = doc.root.entry("client_id").unwrap();
        assert_eq!(at(text, id.key_span()), "client_id");
        assert_eq!(at(text, id.value.span()), "app");
        let r = doc.root.entry("redirect_uris").unwrap();
        assert_eq!(at(text, r.key_span()), "redirect_uris");
        assert_eq!(
            at(text, r.value.span()),
            "- https://a.example/cb\n  - 'https://b.example/cb'"
        );
        let items = r.value.as_array().unwrap();
        assert_eq!(at(text, items[0].span()), "https://a.example/cb");
        assert_eq!(at(text, items[1].span()), "'https://b.example/cb'");
        assert_eq!(items[1].as_str(), Some("https://b.example/cb"));
        let g = doc.root.get("grant_types").unwrap();
        assert_eq!(at(text, g.span()), "[authorization_code, \"implicit\"]");
        assert_eq!(at(text, g.as_array().unwrap()[1].span()), "\"implicit\"");
        let q = doc.root.entry("quoted key").unwrap();
        assert_eq!(at(text, q.key_span()), "quoted key");
        assert_eq!(at(text, doc.root.span()), text.trim_end());
    }

    #[test]
    fn spans_are_bytes_after_non_ascii() {
        let text = "name: \"café ✓\"\nnote: héllo wörld\nredirect_uris: [https://é.example/cb]\n";
        let doc = one(text);
        assert_eq!(doc.root.get("name").unwrap().as_str(), Some("café ✓"));
        let n = doc.root.entry("note").unwrap();
        assert_eq!(at(text, n.key_span()), "note");
        assert_eq!(at(text, n.value.span()), "héllo wörld");
        let r = doc.root.entry("redirect_uris").unwrap();
        assert_eq!(at(text, r.key_span()), "redirect_uris");
        assert_eq!(at(text, r.value.as_array().unwrap()[0].span()), "https://é.example/cb");
    }

    #[test]
    fn spans_survive_a_bom_and_crlf() {
        let text = "\u{feff}name: é\r\nredirect_uris: [\"https://a.example/cb\"]\r\n";
        let doc = one(text);
        let r = doc.root.entry("redirect_uris").unwrap();
        assert_eq!(at(text, r.key_span()), "redirect_uris");
        assert_eq!(
            at(text, r.value.as_array().unwrap()[0].span()),
            "\"https://a.example/cb\""
        );
        assert_eq!(doc.root.get("name").unwrap().as_str(), Some("é"));
    }

    #[test]
    fn plain_scalars_resolve_quoted_stay_strings() {
        let text = "a: true\nb: False\nc: null\nd: ~\ne:\nf: 42\ng: -1.5e3\nh: 'true'\ni: \"42\"\nj: yes\nk: 0x1F\nl: 1.2.3\nm: !!str 7\n";
        let doc = one(text);
        let v = |k: &str| doc.root.get(k).unwrap().value.clone();
        assert_eq!(v("a"), Value::Bool(true));
        assert_eq!(v("b"), Value::Bool(false));
        assert_eq!(v("c"), Value::Null);
        assert_eq!(v("d"), Value::Null);
        assert_eq!(v("e"), Value::Null);
        assert_eq!(v("f"), Value::Number("42".into()));
        assert_eq!(v("g"), Value::Number("-1.5e3".into()));
        assert_eq!(v("h"), Value::String("true".into()));
        assert_eq!(v("i"), Value::String("42".into()));
        // YAML 1.1 booleans are strings in 1.2.
        assert_eq!(v("j"), Value::String("yes".into()));
        assert_eq!(v("k"), Value::Number("0x1F".into()));
        assert_eq!(v("l"), Value::String("1.2.3".into()));
        assert_eq!(v("m"), Value::String("7".into()));
    }

    #[test]
    fn depth_limit_is_a_clean_failure() {
        let text = format!("redirect_uris:\n{}x\n", "- ".repeat(100_000));
        let err = parse_all(&text).unwrap_err();
        assert!(err.message.contains("nesting deeper"), "{}", err.message);
        let flow = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse_all(&flow).is_err());
        let maps: String = (0..2_000).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
        assert!(parse_all(&maps).is_err());
        // Exactly at the limit is fine.
        let ok = format!("{}x\n", "- ".repeat(MAX_DEPTH));
        assert!(parse_all(&ok).is_ok());
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut lines =
            vec!["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]".to_string()];
        for i in 1..10u8 {
            let (prev, cur) = ((b'a' + i - 1) as char, (b'a' + i) as char);
            lines.push(format!("{cur}: &{cur} [{}]", vec![format!("*{prev}"); 9].join(", ")));
        }
        lines.push("redirect_uris: *j".into());
        // Refused by the expansion budget, before a billion nodes are built.
        let err = parse_all(&lines.join("\n")).unwrap_err();
        assert!(err.message.contains("alias expansion too large"), "{}", err.message);
    }

    #[test]
    fn aliases_and_merge_keys_expand() {
        let text = "base: &base\n  grant_types: [implicit]\n  public: true\nclient:\n  <<: *base\n  public: false\n  uris: &u [https://a.example/cb]\nother: *u\n";
        let doc = one(text);
        let c = doc.root.get("client").unwrap();
        assert_eq!(c.get("public").unwrap().value, Value::Bool(false));
        let g = c.get("grant_types").unwrap();
        assert_eq!(at(text, g.span()), "[implicit]");
        assert!(c.get("<<").is_none());
        let other = doc.root.get("other").unwrap();
        assert_eq!(at(text, other.span()), "*u");
        assert_eq!(other.as_array().unwrap()[0].as_str(), Some("https://a.example/cb"));
        assert!(doc.duplicates.is_empty());
    }

    #[test]
    fn duplicate_keys_are_kept_and_reported() {
        let text = "clients:\n  - client_id: a\n    redirect_uris: [https://a.example/cb]\n    redirect_uris: [http://b.example/cb]\n";
        let doc = one(text);
        assert_eq!(doc.duplicates.len(), 1);
        let d = &doc.duplicates[0];
        assert_eq!(d.pointer.as_str(), "/clients/0/redirect_uris");
        assert_eq!(at(text, d.first), "redirect_uris");
        assert!(d.second.start > d.first.start);
        let client = &doc.root.get("clients").unwrap().as_array().unwrap()[0];
        assert_eq!(client.as_object().unwrap().len(), 3);
    }

    #[test]
    fn unknown_tags_are_accepted() {
        let text = "Resources:\n  C:\n    Properties:\n      UserPoolId: !Ref Pool\n      CallbackURLs: [!Sub 'https://${Domain}/cb']\n      Name: !GetAtt Pool.ProviderName\n      Flows: !If [IsProd, [code], [implicit]]\n";
        let doc = one(text);
        let p = doc
            .root
            .get("Resources")
            .unwrap()
            .get("C")
            .unwrap()
            .get("Properties")
            .unwrap();
        assert_eq!(p.get("UserPoolId").unwrap().as_str(), Some("!Ref Pool"));
        let cb = &p.get("CallbackURLs").unwrap().as_array().unwrap()[0];
        assert_eq!(cb.as_str(), Some("!Sub 'https://${Domain}/cb'"));
        assert_eq!(at(text, cb.span()), "!Sub 'https://${Domain}/cb'");
        assert_eq!(p.get("Name").unwrap().as_str(), Some("!GetAtt Pool.ProviderName"));
        // The short form reads as the long form, `{"Fn::If": [IsProd, [code], [implicit]]}`.
        let flows = p.get("Flows").unwrap().get("Fn::If").unwrap();
        assert_eq!(flows.as_array().unwrap().len(), 3);
    }

    #[test]
    fn unquoted_placeholders_parse_and_keep_their_text() {
        let text = "clients:\n  - name: web\n    callbacks: @@CALLBACKS@@\n    origins: [@@ORIGINS@@, 'x @@Y@@']\n    logo: ##LOGO_URL##\n    issuer: {{ getenv \"ISSUER\" }}/cb\n    secret: \"{{ .Env.SECRET }}\"\n    note: a @@B@@ c\n";
        let doc = one(text);
        let c = &doc.root.get("clients").unwrap().as_array().unwrap()[0];
        let cb = c.get("callbacks").unwrap();
        assert_eq!(cb.as_str(), Some("@@CALLBACKS@@"));
        assert_eq!(at(text, cb.span()), "@@CALLBACKS@@");
        let o = c.get("origins").unwrap().as_array().unwrap();
        assert_eq!(o[0].as_str(), Some("@@ORIGINS@@"));
        assert_eq!(o[1].as_str(), Some("x @@Y@@"));
        assert_eq!(c.get("logo").unwrap().as_str(), Some("##LOGO_URL##"));
        let issuer = c.get("issuer").unwrap();
        assert_eq!(issuer.as_str(), Some("{{ getenv \"ISSUER\" }}/cb"));
        assert_eq!(at(text, issuer.span()), "{{ getenv \"ISSUER\" }}/cb");
        assert_eq!(c.get("secret").unwrap().as_str(), Some("{{ .Env.SECRET }}"));
        assert_eq!(c.get("note").unwrap().as_str(), Some("a @@B@@ c"));
        // A comment that looks like a placeholder stays a comment.
        let doc = one("##SECTION##\na: 1\n");
        assert_eq!(doc.root.as_object().unwrap().len(), 1);
    }

    #[test]
    fn a_value_ends_at_its_closing_quote_or_bracket_not_at_a_trailing_comment() {
        let text = "a:\n  - 'https://a.example/cb' # it's the app\n  - \"b \\\" c\"   # note\n  - 'it''s'  # x\n";
        let doc = one(text);
        let items = doc.root.get("a").unwrap().as_array().unwrap();
        assert_eq!(at(text, items[0].span()), "'https://a.example/cb'");
        assert_eq!(at(text, items[1].span()), "\"b \\\" c\"");
        assert_eq!(at(text, items[2].span()), "'it''s'");
        let text = "a: [x, y]   # c ]\nb: {k: v}  # c }\n";
        let doc = one(text);
        assert_eq!(at(text, doc.root.get("a").unwrap().span()), "[x, y]");
        assert_eq!(at(text, doc.root.get("b").unwrap().span()), "{k: v}");
    }

    #[test]
    fn list_items_that_yaml_reads_as_comments_are_recorded() {
        let text = "callbacks:\n  - ##FRONTEND_URL##\n  - # ##BACKEND-URL##\n  - https://a.example/cb # fine\n  -\n";
        let doc = one(text);
        let items = doc.root.get("callbacks").unwrap().as_array().unwrap();
        assert_eq!(items[0].as_str(), Some("##FRONTEND_URL##"));
        assert_eq!(items[1].value, Value::Null);
        assert_eq!(at(text, items[1].span()), "# ##BACKEND-URL##");
        let noted: Vec<(&str, &str, bool)> = doc
            .commented_items
            .iter()
            .map(|c| (c.pointer.as_str(), at(text, c.span), c.keyword))
            .collect();
        assert_eq!(
            noted,
            [
                ("/callbacks/0", "##FRONTEND_URL##", true),
                ("/callbacks/1", "# ##BACKEND-URL##", false)
            ]
        );
    }

    #[test]
    fn multi_document_streams() {
        let text = "---\nclient_id: a\n---\nclient_id: b\nclient_id: c\n...\n";
        let docs = parse_all(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].root.get("client_id").unwrap().as_str(), Some("a"));
        let b = &docs[1].root.as_object().unwrap()[0];
        assert_eq!(at(text, b.value.span()), "b");
        assert_eq!(docs[1].duplicates.len(), 1);
        assert!(docs[0].duplicates.is_empty());
        let empty = parse_all("").unwrap();
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].root.value, Value::Null);
    }

    #[test]
    fn syntax_errors_have_byte_spans() {
        let text = "é: [a\nb: c\n";
        let err = parse_all(text).unwrap_err();
        assert!(err.span.end <= text.len());
        assert!(text.is_char_boundary(err.span.start));
        assert!(parse_all("a: b: c\n").is_err());
    }
}
