//! One span-carrying tree for every input syntax.
//!
//! Parsers (`json`, `toml`) turn text into a [`Node`] tree whose every key and value knows its byte
//! span. Adapters read the tree through [`Cursor`], which also tracks the RFC 6901 pointer of where it
//! stands, so findings name pointers and spans are looked up only when a report is rendered.

mod comments;
mod embed;
mod hcl;
mod json;
pub mod lines;
pub mod members;
pub mod module;
pub mod pointer;
mod properties;
mod shared;
mod toml;
mod yaml;

pub use comments::{comments, Comment};
pub use lines::LineIndex;
pub use pointer::Pointer;

use std::ops::Range;
use std::sync::Arc;

/// A byte range into the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A key, string or number of a tree: 16 bytes, the text inline up to 15 bytes (most keys and values
/// of these files), a longer one on the heap and shared by its clones (a key that every client of a
/// file repeats is stored once, see `json`).
pub type Str = arcstr::ArcStr;

/// Members and items: one word, and no spare capacity where a parser knows the length (`json`).
pub use thin_vec::{thin_vec, ThinVec};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written; formats differ in what they allow and we only compare or read it.
    Number(Str),
    String(Str),
    Array(ThinVec<Node>),
    Object(ThinVec<Entry>),
}

/// A span as the tree keeps it: two `u32` rather than two `usize`, a quarter of a node. Every
/// offset fits: [`parse`] refuses a text of [`MAX_TEXT`] bytes or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tight {
    start: u32,
    end: u32,
}

/// The longest text a tree can be read from (4 GiB less a byte): offsets are kept as `u32`.
pub const MAX_TEXT: usize = u32::MAX as usize;

impl From<Span> for Tight {
    fn from(span: Span) -> Self {
        // Saturating, not wrapping: a tree from a text under `MAX_TEXT` never reaches it.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Tight {
            start: narrow(span.start),
            end: narrow(span.end),
        }
    }
}

impl From<Tight> for Span {
    fn from(t: Tight) -> Self {
        Span::new(t.start as usize, t.end as usize)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    at: Tight,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Str,
    /// The key's text without quotes.
    key_at: Tight,
    pub value: Node,
}

impl Entry {
    pub fn new(key: Str, key_span: Span, value: Node) -> Self {
        Entry {
            key,
            key_at: key_span.into(),
            value,
        }
    }
    /// The key's text without quotes.
    pub fn key_span(&self) -> Span {
        self.key_at.into()
    }
    pub fn set_key_span(&mut self, span: Span) {
        self.key_at = span.into();
    }
}

/// The syntax a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Jsonc,
    Toml,
    Yaml,
    /// Java properties (Spring Boot `application.properties`).
    Properties,
    /// HCL native syntax: Terraform and OpenTofu `.tf`/`.tofu` files, read into the shape of their
    /// JSON syntax (`.tf.json`), see `hcl`.
    Hcl,
}

impl Syntax {
    pub fn name(self) -> &'static str {
        match self {
            Syntax::Json => "json",
            Syntax::Jsonc => "jsonc",
            Syntax::Toml => "toml",
            Syntax::Yaml => "yaml",
            Syntax::Properties => "properties",
            Syntax::Hcl => "hcl",
        }
    }
}

/// A key that appears twice in one object; both occurrences are kept in the tree.
#[derive(Debug, Clone)]
pub struct DuplicateKey {
    pub pointer: Pointer,
    pub first: Span,
    pub second: Span,
}

/// A parsed file.
#[derive(Debug)]
pub struct Document {
    pub syntax: Syntax,
    pub root: Node,
    pub duplicates: Vec<DuplicateKey>,
    /// Set when a `.json` file only parsed as JSONC (comments or trailing commas).
    pub lenient: Option<Span>,
    /// The document's position in a YAML stream of more than one document (`---`).
    pub index: Option<usize>,
    /// YAML list items that YAML reads as a comment (`- ##FRONTEND_URL##`, `- # todo`).
    pub commented_items: Vec<CommentedItem>,
    /// Where the document sits in the file: the root, or the string value it was read from (a file
    /// kept in a ConfigMap, see `embed`). Every [`Cursor`] pointer starts here.
    pub base: Pointer,
    /// For a Terraform file linted with its folder: the other files of its module that declare
    /// resources (up to 256), resolved like this one (`module`), so a client can be joined with
    /// resources declared beside it. `None` for every other file, and for a Terraform file read alone (stdin).
    pub module: Option<Arc<Module>>,
}

/// The files of one Terraform module (the `.tf`/`.tf.json` files of a folder), parsed into the
/// JSON-syntax shape (`/resource/TYPE/NAME/...`) and resolved together (see `module`: variables,
/// locals, `NAME["KEY"]` instances).
#[derive(Debug, Default)]
pub struct Module {
    pub files: Vec<ModuleFile>,
    /// Where this file's resources took a value from a variable's `default`, which `-var` or
    /// `*.tfvars` may override, and what findings there add ("the default of `var.host`,
    /// variables.tf:3").
    pub defaults: Vec<(Span, String)>,
}

#[derive(Debug)]
pub struct ModuleFile {
    /// As shown in reports.
    pub path: String,
    pub root: Node,
}

/// A YAML list item written where YAML reads a comment: `- ##KEY##` or `- # …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentedItem {
    /// The item's pointer (the null item, or the keyword's string).
    pub pointer: Pointer,
    /// The comment text, from its `#`.
    pub span: Span,
    /// An auth0-deploy-cli `##KEY##` keyword, kept as its text because that tool replaces it before
    /// YAML reads the file; any other reader gets a null item. Otherwise the item is null.
    pub keyword: bool,
}

/// Why a file could not be parsed.
#[derive(Debug, Clone)]
pub struct ParseFailure {
    pub message: String,
    pub span: Span,
}

/// How deep any tree may nest; our own recursion over the tree stays below the parsers' limits.
pub const MAX_DEPTH: usize = 128;

/// Parses `text` as `syntax`. A `.json` file that fails strict parsing but passes JSONC is accepted
/// with `lenient` set, so the caller can say so.
pub fn parse(text: &Arc<str>, syntax: Syntax) -> Result<Document, ParseFailure> {
    fits(text)?;
    match syntax {
        Syntax::Json => json::parse(text, false).or_else(|strict| {
            json::parse(text, true)
                .map(|mut doc| {
                    doc.lenient = Some(strict.span);
                    doc
                })
                .map_err(|_| strict)
        }),
        Syntax::Jsonc => json::parse(text, true),
        Syntax::Toml => toml::parse(text),
        Syntax::Yaml => yaml::parse_all(text).map(|mut docs| docs.swap_remove(0)),
        Syntax::Properties => properties::parse_all(text).map(|mut docs| docs.swap_remove(0)),
        Syntax::Hcl => hcl::parse(text),
    }
}

/// Parses every document in `text`: one for JSON and TOML, each `---` document of a YAML stream,
/// each `#---` document of a properties file. `index` is set on every document when there is more
/// than one. A document that holds files as text (a ConfigMap's `data`) is followed by those files,
/// parsed (see `embed`).
pub fn parse_all(text: &Arc<str>, syntax: Syntax) -> Result<Vec<Document>, ParseFailure> {
    Ok(parse_stream(text, syntax)?
        .into_iter()
        .flat_map(|d| {
            let inner = embed::embedded(&d, text);
            std::iter::once(d).chain(inner)
        })
        .collect())
}

/// Every document of `text`, without looking for files held in them.
fn parse_stream(text: &Arc<str>, syntax: Syntax) -> Result<Vec<Document>, ParseFailure> {
    fits(text)?;
    Ok(match syntax {
        Syntax::Yaml | Syntax::Properties => {
            let mut docs = if syntax == Syntax::Yaml {
                yaml::parse_all(text)?
            } else {
                properties::parse_all(text)?
            };
            if docs.len() > 1 {
                for (i, d) in docs.iter_mut().enumerate() {
                    d.index = Some(i);
                }
            }
            docs
        }
        _ => vec![parse(text, syntax)?],
    })
}

/// Refuses a text whose offsets a tree cannot keep (see [`Tight`]), whatever `--max-file-size` allows.
fn fits(text: &str) -> Result<(), ParseFailure> {
    if text.len() < MAX_TEXT {
        return Ok(());
    }
    Err(ParseFailure {
        message: format!(
            "the file is {} bytes long; at most {} can be read",
            text.len(),
            MAX_TEXT - 1
        ),
        span: Span::new(0, 0),
    })
}

/// Whether a YAML reader takes `s`, written as a plain (unquoted) scalar, for the string `s`: not
/// for `true`, `null`, `12` (the YAML 1.2 core schema), nor for `yes`/`off` (YAML 1.1 readers, such
/// as Spring's SnakeYAML, take those for booleans).
pub fn yaml_plain_is_string(s: &str) -> bool {
    let yaml11_bool = ["y", "n", "yes", "no", "on", "off"]
        .iter()
        .any(|b| b.eq_ignore_ascii_case(s));
    // Only the kind is asked for: no text is made.
    !yaml11_bool && matches!(yaml::resolve_plain(s, |_| Str::new()), Value::String(_))
}

fn depth_exceeded(span: Span) -> ParseFailure {
    ParseFailure {
        message: format!("nesting deeper than {MAX_DEPTH} levels"),
        span,
    }
}

/// Collects duplicate keys of one object, keeping the tree intact. Linear in the number of keys, so
/// an object with very many keys stays cheap.
fn find_duplicates(entries: &[Entry], at: &Pointer, out: &mut Vec<DuplicateKey>) {
    find_duplicates_with(entries, || at.clone(), out)
}

/// [`find_duplicates`], building the object's pointer only when it has a duplicate.
fn find_duplicates_with(entries: &[Entry], at: impl FnOnce() -> Pointer, out: &mut Vec<DuplicateKey>) {
    // Most objects are small (a Keycloak client has some 25 keys): comparing each key with the ones
    // before it allocates nothing.
    const SMALL: usize = 32;
    let mut found: Vec<(&Entry, Span)> = Vec::new();
    if entries.len() <= SMALL {
        for (i, later) in entries.iter().enumerate() {
            if let Some(first) = entries[..i].iter().find(|e| e.key == later.key) {
                found.push((later, first.key_span()));
            }
        }
    } else {
        // Sorted by key, then by position: each run of one key starts with its first occurrence.
        // No hashing, so no text can make this slow by choosing colliding keys.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_unstable_by(|&a, &b| entries[a].key.cmp(&entries[b].key).then(a.cmp(&b)));
        let mut later_of: Vec<(usize, Span)> = Vec::new();
        for run in order.chunk_by(|&a, &b| entries[a].key == entries[b].key) {
            let first = entries[run[0]].key_span();
            later_of.extend(run[1..].iter().map(|&i| (i, first)));
        }
        later_of.sort_unstable_by_key(|&(i, _)| i);
        found.extend(later_of.into_iter().map(|(i, first)| (&entries[i], first)));
    }
    if found.is_empty() {
        return;
    }
    let at = at();
    out.extend(found.into_iter().map(|(later, first)| DuplicateKey {
        pointer: at.key(&later.key),
        first,
        second: later.key_span(),
    }));
}

impl Node {
    pub fn new(span: Span, value: Value) -> Self {
        Node { at: span.into(), value }
    }
    pub fn span(&self) -> Span {
        self.at.into()
    }
    pub fn set_span(&mut self, span: Span) {
        self.at = span.into();
    }
    /// The value of `key` in an object. For a duplicated key the last one wins, as in the
    /// deserialisers of the servers that read these files.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.value {
            Value::Object(entries) => entries.iter().rev().find(|e| e.key == key),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }
    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }
    /// A boolean, also as vendors write it in string maps: `"true"`, `"True"`, `"false"`.
    pub fn as_loose_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
    /// An integer, also when written as a string (`"3600"`).
    pub fn as_loose_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(n) | Value::String(n) => n.trim().parse().ok(),
            _ => None,
        }
    }
    /// The kind of value, for messages.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A node together with its pointer: how adapters walk a document.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    pub node: &'a Node,
    pub pointer: Pointer,
    /// Span of the key that holds this node, when it is an object member.
    pub key_span: Option<Span>,
}

impl<'a> Cursor<'a> {
    pub fn root(doc: &'a Document) -> Self {
        Cursor {
            node: &doc.root,
            pointer: doc.base.clone(),
            key_span: None,
        }
    }
    pub fn get(&self, key: &str) -> Option<Cursor<'a>> {
        let entry = self.node.entry(key)?;
        Some(Cursor {
            node: &entry.value,
            pointer: self.pointer.key(key),
            key_span: Some(entry.key_span()),
        })
    }
    /// Follows a path of keys.
    pub fn path(&self, keys: &[&str]) -> Option<Cursor<'a>> {
        keys.iter().try_fold(self.clone(), |at, k| at.get(k))
    }
    /// The elements of an array (none for any other value).
    pub fn items(&self) -> impl Iterator<Item = Cursor<'a>> + '_ {
        self.node
            .as_array()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, node)| Cursor {
                node,
                pointer: self.pointer.index(i),
                key_span: None,
            })
    }
    /// The members of an object (none for any other value).
    pub fn members(&self) -> impl Iterator<Item = (&'a str, Cursor<'a>)> + '_ {
        self.node.as_object().unwrap_or_default().iter().map(|e| {
            (
                e.key.as_str(),
                Cursor {
                    node: &e.value,
                    pointer: self.pointer.key(&e.key),
                    key_span: Some(e.key_span()),
                },
            )
        })
    }
    pub fn as_str(&self) -> Option<&'a str> {
        self.node.as_str()
    }
    pub fn span(&self) -> Span {
        self.node.span()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client of a Keycloak realm is some 35 nodes and 23 entries: each byte here is a megabyte
    /// of a 50,000-client realm's tree.
    #[test]
    fn tree_sizes_are_pinned() {
        use std::mem::size_of;
        assert_eq!(
            (
                size_of::<Str>(),
                size_of::<Value>(),
                size_of::<Node>(),
                size_of::<Entry>()
            ),
            (8, 16, 24, 40)
        );
    }

    #[test]
    fn spans_read_back_as_given() {
        let mut node = Node::new(Span::new(3, 70_000), Value::Null);
        assert_eq!(node.span(), Span::new(3, 70_000));
        node.set_span(Span::new(5, 9));
        let entry = Entry::new("k".into(), Span::new(1, 2), node);
        assert_eq!(
            (entry.key_span(), entry.value.span()),
            (Span::new(1, 2), Span::new(5, 9))
        );
    }
}
