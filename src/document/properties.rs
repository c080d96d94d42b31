//! Java `.properties` files (Spring Boot's `application.properties`), read into the same tree as
//! the other syntaxes: `a.b[0].c=x` becomes `{"a": {"b": [{"c": "x"}]}}`, every key segment and
//! value keeping its byte span.
//!
//! The syntax is `java.util.Properties.load`: `#` and `!` comment lines, `=`, `:` or whitespace
//! between key and value, backslash escapes (`\t`, `\n`, `\uXXXX`, `\=` …), and a backslash at
//! the end of a line continuing it on the next (whose leading whitespace is dropped). Spring Boot
//! additions: a `#---` (or `!---`) line splits the file into documents, and trailing whitespace of
//! a value is dropped. Every value is a string; a key written twice keeps both entries and is
//! reported as a duplicate, the last one winning as in Spring.
//!
//! A key with more than [`MAX_DEPTH`] segments is refused, so building and walking the tree never
//! recurses deeper than the other parsers allow.

use super::{depth_exceeded, find_duplicates, Document, DuplicateKey, Entry, Node, ParseFailure, Pointer};
use super::{Span, Syntax, Value, MAX_DEPTH};
use std::collections::HashMap;

/// Parses every document of a properties file (one unless `#---` lines split it).
pub(super) fn parse_all(text: &str) -> Result<Vec<Document>, ParseFailure> {
    let mut docs = Vec::new();
    let mut start = 0;
    for (line_start, line) in natural_lines(text) {
        let t = line.trim_end_matches(['\r', '\n']);
        if t == "#---" || t == "!---" {
            docs.push(parse_one(text, start, line_start)?);
            start = line_start + line.len();
        }
    }
    docs.push(parse_one(text, start, text.len())?);
    Ok(docs)
}

/// The comment lines: `#` or `!` first on a logical line. A line that continues a value (the one
/// before ends in an unescaped backslash) is part of that value, whatever it starts with. After a
/// malformed escape nothing more is known, so nothing more counts.
pub(super) fn comments(text: &str) -> Vec<Span> {
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        i: 0,
        end: text.len(),
    };
    let mut out = Vec::new();
    loop {
        r.skip_blanks();
        if r.i >= r.end {
            return out;
        }
        match r.b[r.i] {
            b'\n' | b'\r' => r.skip_newline(),
            b'#' | b'!' => {
                let start = r.i;
                while !r.at_eol() {
                    r.i += 1;
                }
                out.push(Span::new(start, r.i));
            }
            _ => {
                if r.pair().is_err() {
                    return out;
                }
            }
        }
    }
}

/// Each line with its start offset, line terminator included.
fn natural_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    })
}

/// One `key=value` pair.
struct Pair {
    key: String,
    key_span: Span,
    /// The key has no escapes or continuations, so each byte of `key` is at `key_span.start + i`.
    key_plain: bool,
    value: String,
    value_span: Span,
}

fn parse_one(text: &str, start: usize, end: usize) -> Result<Document, ParseFailure> {
    let mut root = Build::Obj(Vec::new(), HashMap::new(), Span::new(start, end));
    let mut r = Reader {
        b: text.as_bytes(),
        text,
        i: start,
        end,
    };
    while let Some(pair) = r.pair()? {
        insert(&mut root, &pair)?;
    }
    let mut duplicates = Vec::new();
    let mut root = root.into_node(&Pointer::root(), &mut duplicates);
    root.set_span(Span::new(start, end));
    Ok(Document {
        syntax: Syntax::Properties,
        root,
        duplicates,
        commented_items: Vec::new(),
        lenient: None,
        index: None,
        base: Pointer::root(),
        module: None,
    })
}

struct Reader<'t> {
    b: &'t [u8],
    text: &'t str,
    i: usize,
    end: usize,
}

/// What a backslash stands for.
enum Escape {
    Char(char),
    /// A line continuation (or a backslash at the end of the file): nothing.
    Nothing,
}

impl Reader<'_> {
    fn at_eol(&self) -> bool {
        self.i >= self.end || matches!(self.b[self.i], b'\n' | b'\r')
    }
    fn skip_blanks(&mut self) {
        while self.i < self.end && matches!(self.b[self.i], b' ' | b'\t' | b'\x0c') {
            self.i += 1;
        }
    }
    fn skip_newline(&mut self) {
        if self.i < self.end && self.b[self.i] == b'\r' {
            self.i += 1;
        }
        if self.i < self.end && self.b[self.i] == b'\n' {
            self.i += 1;
        }
    }
    fn skip_line(&mut self) {
        while !self.at_eol() {
            self.i += 1;
        }
        self.skip_newline();
    }
    /// The character at the cursor, which is never past `end` on a char boundary.
    fn peek(&self) -> char {
        self.text[self.i..].chars().next().unwrap_or('\0')
    }
    /// Reads the escape after a backslash (the cursor is past the backslash).
    fn escape(&mut self) -> Result<Escape, ParseFailure> {
        if self.i >= self.end {
            return Ok(Escape::Nothing);
        }
        if self.at_eol() {
            self.skip_newline();
            self.skip_blanks();
            return Ok(Escape::Nothing);
        }
        let c = self.peek();
        self.i += c.len_utf8();
        Ok(Escape::Char(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\x0c',
            'u' => {
                let hex = self.text.get(self.i..(self.i + 4).min(self.end)).unwrap_or("");
                let code = (hex.len() == 4 && hex.bytes().all(|h| h.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten()
                    .ok_or_else(|| ParseFailure {
                        message: "malformed \\uXXXX escape".into(),
                        span: Span::new(self.i - 2, (self.i + hex.len()).min(self.end)),
                    })?;
                self.i += 4;
                // A lone UTF-16 surrogate has no `char`; it stands in as U+FFFD.
                char::from_u32(code).unwrap_or('\u{fffd}')
            }
            other => other,
        }))
    }
    /// The next pair, skipping blank and comment lines.
    fn pair(&mut self) -> Result<Option<Pair>, ParseFailure> {
        loop {
            self.skip_blanks();
            if self.i >= self.end {
                return Ok(None);
            }
            match self.b[self.i] {
                b'\n' | b'\r' => self.skip_newline(),
                b'#' | b'!' => self.skip_line(),
                _ => break,
            }
        }
        let key_start = self.i;
        let mut key = String::new();
        let mut key_plain = true;
        while !self.at_eol() {
            let c = self.peek();
            if matches!(c, '=' | ':' | ' ' | '\t' | '\x0c') {
                break;
            }
            self.i += c.len_utf8();
            if c == '\\' {
                key_plain = false;
                if let Escape::Char(e) = self.escape()? {
                    key.push(e);
                }
            } else {
                key.push(c);
            }
        }
        let key_span = Span::new(key_start, self.i);
        self.skip_blanks();
        if !self.at_eol() && matches!(self.b[self.i], b'=' | b':') {
            self.i += 1;
            self.skip_blanks();
        }
        let value_start = self.i;
        let mut value = String::new();
        let mut value_end = self.i;
        while !self.at_eol() {
            let c = self.peek();
            self.i += c.len_utf8();
            if c == '\\' {
                if let Escape::Char(e) = self.escape()? {
                    value.push(e);
                    value_end = self.i;
                }
            } else {
                value.push(c);
                if !c.is_whitespace() {
                    value_end = self.i;
                }
            }
        }
        self.skip_newline();
        let kept = value.trim_end_matches([' ', '\t', '\x0c']).len();
        value.truncate(kept);
        Ok(Some(Pair {
            key,
            key_span,
            key_plain,
            value,
            value_span: Span::new(value_start, value_end.max(value_start)),
        }))
    }
}

/// One step of a key: a name, or a list index written `[n]`.
enum Seg {
    Key(String, Span),
    Index(usize, Span),
}

/// Splits a key on `.` and `[…]`; a bracket that is not a number is a map key (`map[a.b]`).
fn segments(p: &Pair) -> Vec<Seg> {
    let span_of = |from: usize, to: usize| {
        if p.key_plain {
            Span::new(p.key_span.start + from, p.key_span.start + to)
        } else {
            p.key_span
        }
    };
    let mut out = Vec::new();
    let k = &p.key;
    let mut i = 0;
    let mut seg_start = 0;
    let mut after_bracket = false;
    while i < k.len() {
        match k.as_bytes()[i] {
            b'.' => {
                if !after_bracket || i > seg_start {
                    out.push(Seg::Key(k[seg_start..i].to_string(), span_of(seg_start, i)));
                }
                i += 1;
                seg_start = i;
                after_bracket = false;
            }
            b'[' => {
                if i > seg_start {
                    out.push(Seg::Key(k[seg_start..i].to_string(), span_of(seg_start, i)));
                }
                let close = k[i..].find(']').map_or(k.len(), |c| i + c);
                let inner = &k[(i + 1).min(close)..close];
                let span = span_of(i, (close + 1).min(k.len()));
                out.push(match inner.trim().parse() {
                    Ok(n) => Seg::Index(n, span),
                    Err(_) => Seg::Key(inner.to_string(), span),
                });
                i = (close + 1).min(k.len());
                seg_start = i;
                after_bracket = true;
            }
            _ => i += 1,
        }
    }
    if seg_start < k.len() || (!after_bracket && (k.is_empty() || k.ends_with('.'))) {
        out.push(Seg::Key(k[seg_start..].to_string(), span_of(seg_start, k.len())));
    }
    out
}

/// The tree while it is being built: objects keep every entry (duplicates included), arrays are
/// keyed by the index as written. Each container indexes its children (the last entry per key,
/// the position per index), so a file with very many keys builds in linear time.
enum Build {
    Leaf(Node),
    Obj(Vec<(String, Span, Build)>, HashMap<String, usize>, Span),
    Arr(Vec<(usize, Build)>, HashMap<usize, usize>, Span),
}

impl Build {
    fn container_for(next: &Seg, span: Span) -> Build {
        match next {
            Seg::Index(..) => Build::Arr(Vec::new(), HashMap::new(), span),
            Seg::Key(..) => Build::Obj(Vec::new(), HashMap::new(), span),
        }
    }
    fn fits(&self, next: &Seg) -> bool {
        matches!(
            (self, next),
            (Build::Arr(..), Seg::Index(..)) | (Build::Obj(..), Seg::Key(..))
        )
    }
    fn widen(&mut self, by: Span) {
        if let Build::Obj(_, _, s) | Build::Arr(_, _, s) = self {
            *s = Span::new(s.start.min(by.start), s.end.max(by.end));
        }
    }

    fn into_node(self, at: &Pointer, dups: &mut Vec<DuplicateKey>) -> Node {
        match self {
            Build::Leaf(n) => n,
            Build::Obj(entries, _, span) => {
                let entries: Vec<Entry> = entries
                    .into_iter()
                    .map(|(key, key_span, b)| {
                        let value = b.into_node(&at.key(&key), dups);
                        Entry::new(key.into(), key_span, value)
                    })
                    .collect();
                find_duplicates(&entries, at, dups);
                Node::new(span, Value::Object(entries.into()))
            }
            Build::Arr(mut items, _, span) => {
                items.sort_by_key(|(i, _)| *i);
                let nodes = items
                    .into_iter()
                    .enumerate()
                    .map(|(pos, (_, b))| b.into_node(&at.index(pos), dups))
                    .collect();
                Node::new(span, Value::Array(nodes))
            }
        }
    }
}

/// Adds one pair to the tree, walking (or creating) a container per segment.
fn insert(root: &mut Build, p: &Pair) -> Result<(), ParseFailure> {
    let segs = segments(p);
    if segs.len() > MAX_DEPTH {
        return Err(depth_exceeded(p.key_span));
    }
    let line = Span::new(p.key_span.start, p.value_span.end.max(p.key_span.end));
    let mut leaf = Some(Node::new(p.value_span, Value::String(p.value.as_str().into())));
    let mut cur = root;
    for (n, seg) in segs.iter().enumerate() {
        cur.widen(line);
        let next = segs.get(n + 1);
        cur = step(cur, seg, next, &mut leaf, line);
    }
    Ok(())
}

/// The child of `cur` for `seg`: the existing container when `next` fits it, else a new node (the
/// leaf when `seg` is the last segment).
fn step<'b>(cur: &'b mut Build, seg: &Seg, next: Option<&Seg>, leaf: &mut Option<Node>, line: Span) -> &'b mut Build {
    let fresh = |leaf: &mut Option<Node>| match next {
        Some(n) => Build::container_for(n, line),
        None => Build::Leaf(leaf.take().unwrap_or(Node::new(line, Value::Null))),
    };
    match cur {
        Build::Obj(entries, last, _) => {
            let (key, key_span) = match seg {
                Seg::Key(k, s) => (k.clone(), *s),
                Seg::Index(i, s) => (format!("[{i}]"), *s),
            };
            // A leaf, or a container of another kind than the last entry of this key, is a new entry.
            let reuse = last
                .get(&key)
                .copied()
                .filter(|&at| next.is_some_and(|n| entries[at].2.fits(n)));
            let at = match reuse {
                Some(at) => at,
                None => {
                    last.insert(key.clone(), entries.len());
                    entries.push((key, key_span, fresh(leaf)));
                    entries.len() - 1
                }
            };
            &mut entries[at].2
        }
        Build::Arr(items, position, _) => {
            let index = match seg {
                Seg::Index(i, _) => *i,
                Seg::Key(..) => usize::MAX, // not reached: arrays are made for index segments only
            };
            let at = match position.get(&index).copied() {
                Some(at) if next.is_some_and(|n| items[at].1.fits(n)) => at,
                Some(at) => {
                    items[at].1 = fresh(leaf);
                    at
                }
                None => {
                    position.insert(index, items.len());
                    items.push((index, fresh(leaf)));
                    items.len() - 1
                }
            };
            &mut items[at].1
        }
        Build::Leaf(_) => cur,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Document {
        parse_all(text).unwrap().swap_remove(0)
    }

    fn get<'a>(n: &'a Node, path: &[&str]) -> &'a Node {
        path.iter().fold(n, |n, k| match k.parse::<usize>() {
            Ok(i) => &n.as_array().unwrap()[i],
            Err(_) => n.get(k).unwrap_or_else(|| panic!("no {k}")),
        })
    }

    #[test]
    fn keys_nest_and_values_keep_spans() {
        let text = "# comment\n! also\nspring.app.name = demo\nspring.app.uris[1]=https://b.example\nspring.app.uris[0]: https://a.example\n";
        let d = one(text);
        let name = get(&d.root, &["spring", "app", "name"]);
        assert_eq!(name.as_str(), Some("demo"));
        assert_eq!(&text[name.span().range()], "demo");
        let uris = get(&d.root, &["spring", "app", "uris"]).as_array().unwrap();
        let values: Vec<&str> = uris.iter().map(|u| u.as_str().unwrap()).collect();
        assert_eq!(values, ["https://a.example", "https://b.example"]);
        assert_eq!(&text[uris[1].span().range()], "https://b.example");
        let app = d.root.get("spring").unwrap().entry("app").unwrap();
        assert_eq!(&text[app.key_span().range()], "app");
        assert_eq!(d.syntax, Syntax::Properties);
    }

    #[test]
    fn separators_escapes_and_continuations() {
        let text = "a b\nc:d\ne=f\\\n    g\nkey\\=x = \\u0041\\t\\\\ \n  spaced  =  v  \nempty=\n";
        let d = one(text);
        assert_eq!(d.root.get("a").unwrap().as_str(), Some("b"));
        assert_eq!(d.root.get("c").unwrap().as_str(), Some("d"));
        assert_eq!(d.root.get("e").unwrap().as_str(), Some("fg"));
        assert_eq!(d.root.get("key=x").unwrap().as_str(), Some("A\t\\"));
        let spaced = d.root.get("spaced").unwrap();
        assert_eq!(spaced.as_str(), Some("v"));
        assert_eq!(&text[spaced.span().range()], "v");
        assert_eq!(d.root.get("empty").unwrap().as_str(), Some(""));
    }

    #[test]
    fn objects_in_lists_and_duplicates() {
        let text = "l[0].x=1\nl[0].y=2\nl[1].x=3\nk=1\nk=2\n";
        let d = one(text);
        assert_eq!(get(&d.root, &["l", "0", "y"]).as_str(), Some("2"));
        assert_eq!(get(&d.root, &["l", "1", "x"]).as_str(), Some("3"));
        assert_eq!(d.root.get("k").unwrap().as_str(), Some("2"));
        assert_eq!(d.duplicates.len(), 1);
        assert_eq!(d.duplicates[0].pointer.as_str(), "/k");
    }

    #[test]
    fn documents_split_on_hash_dashes() {
        let docs = parse_all("a=1\n#---\na=2\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].root.get("a").unwrap().as_str(), Some("2"));
    }

    #[test]
    fn hostile_input_is_refused_cleanly() {
        let deep = format!("{}=x\n", "a.".repeat(MAX_DEPTH + 5));
        assert!(parse_all(&deep).unwrap_err().message.contains("nesting"));
        assert!(parse_all("a=\\u12").is_err());
        assert!(parse_all("a=\\uZZZZ\n").is_err());
        // A trailing backslash at the end of the file, odd keys and non-ASCII text are fine.
        for ok in [
            "a=b\\",
            "[0]=x",
            ".=y",
            "a[=1",
            "a]=1",
            "é.ü = ö",
            "a..b=1",
            "\\\n",
            "=v",
        ] {
            assert!(parse_all(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn arbitrary_text_never_panics_and_spans_stay_in_the_text() {
        let alphabet: Vec<char> = "a.[]0=: \\\n\ru#!é-\t1".chars().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let len = (seed % 40) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let Ok(docs) = parse_all(&text) else { continue };
            let mut stack: Vec<&Node> = docs.iter().map(|d| &d.root).collect();
            while let Some(n) = stack.pop() {
                assert!(text.get(n.span().range()).is_some(), "{text:?}: {:?}", n.span());
                match &n.value {
                    Value::Object(es) => {
                        for e in es {
                            assert!(text.get(e.key_span().range()).is_some(), "{text:?}: {:?}", e.key_span());
                            stack.push(&e.value);
                        }
                    }
                    Value::Array(items) => stack.extend(items),
                    _ => {}
                }
            }
        }
    }
}
