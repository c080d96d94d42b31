//! A fix's [`Change`]s as text edits in the file's own syntax: each edit replaces one span, and every
//! byte outside the spans stays as it was (comments, quoting, key order, indentation, line endings).

use super::{Change, Fix, Literal};
use crate::document::members::Members;
use crate::document::{yaml_plain_is_string, Document, Entry, Node, Pointer, Span, Syntax, Value};

/// Replace the bytes of `span` with `replacement` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Why a fix cannot be written into this file; the finding stays, unfixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrenderable(pub String);

type Result<T> = std::result::Result<T, Unrenderable>;

fn refuse<T>(why: impl Into<String>) -> Result<T> {
    Err(Unrenderable(why.into()))
}

/// The document of `docs` that a finding with `index` (its `document`) points into. Documents read
/// from a string value (a ConfigMap's files) are not fixed: their text is an escaped string.
pub fn document_for(docs: &[Document], index: Option<usize>) -> Option<&Document> {
    // `parse_all` keeps documents in stream order, each followed by the files embedded in it, so
    // a binary search finds the index: a scan per fix was quadratic on a long YAML stream.
    let first = docs.partition_point(|d| d.index < index);
    docs[first..]
        .iter()
        .take_while(|d| d.index == index)
        .find(|d| d.base == Pointer::root())
}

/// The line ending new lines get: the first line's. Found once per file and passed to [`render`]:
/// a scan per fix made reports quadratic on a file of one long line.
pub fn newline(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// The edits that make `fix` in `text`, the text `doc` was parsed from, sorted by position and
/// apart from one another. `newline` is [`newline`] of `text`; `members` serves every fix rendered
/// in `doc`.
pub fn render(text: &str, newline: &'static str, doc: &Document, fix: &Fix, members: &Members) -> Result<Vec<Edit>> {
    let r = Renderer {
        text,
        syntax: doc.syntax,
        newline,
        members,
    };
    let mut edits = Vec::new();
    for change in &fix.changes {
        edits.extend(r.change(&doc.root, change)?);
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    if edits.windows(2).any(|w| overlap(w[0].span, w[1].span)) {
        return refuse("the changes of the fix overlap");
    }
    Ok(edits)
}

/// Whether two edits touch the same bytes, or insert at the same place (their order would be a guess).
pub fn overlap(a: Span, b: Span) -> bool {
    let crossing = a.start < b.end && b.start < a.end;
    let touching = a.start <= b.end && b.start <= a.end;
    crossing || a.start == b.start || (touching && (a.is_empty() || b.is_empty()))
}

/// `text` with `edits` (sorted, apart) made.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + edits.iter().map(|e| e.replacement.len()).sum::<usize>());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// One step down from a container: which child, with the container.
struct Step<'d> {
    parent: &'d Node,
    child: usize,
}

struct Renderer<'t> {
    members: &'t Members,
    text: &'t str,
    syntax: Syntax,
    newline: &'static str,
}

fn tokens(pointer: &Pointer) -> Vec<String> {
    pointer
        .as_str()
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The node at `pointer`, with the steps that lead to it. A key written twice is its last entry, as
/// [`Node::get`] reads it.
fn locate<'d>(root: &'d Node, pointer: &Pointer, members: &Members) -> Result<(&'d Node, Vec<Step<'d>>)> {
    let mut node = root;
    let mut steps = Vec::new();
    for token in tokens(pointer) {
        let (child, next) = match &node.value {
            Value::Object(entries) => match members.position(node, &token) {
                Some(i) => (i, &entries[i].value),
                None => return refuse(format!("nothing at {pointer}")),
            },
            Value::Array(items) => match token.parse::<usize>().ok().filter(|&i| i < items.len()) {
                Some(i) => (i, &items[i]),
                None => return refuse(format!("nothing at {pointer}")),
            },
            _ => return refuse(format!("nothing at {pointer}")),
        };
        steps.push(Step { parent: node, child });
        node = next;
    }
    Ok((node, steps))
}

fn edit(start: usize, end: usize, replacement: impl Into<String>) -> Edit {
    Edit {
        span: Span::new(start, end),
        replacement: replacement.into(),
    }
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

impl Renderer<'_> {
    fn change(&self, root: &Node, change: &Change) -> Result<Vec<Edit>> {
        match change {
            Change::Replace { at, with } => {
                let (node, _) = locate(root, at, self.members)?;
                self.literal_in_file(node)?;
                Ok(vec![self.replace(node, with)])
            }
            Change::Remove { at } => {
                let (_, steps) = locate(root, at, self.members)?;
                let Some(last) = steps.last() else {
                    return refuse("cannot remove the whole document");
                };
                match &last.parent.value {
                    Value::Array(items) => self.remove_item(last.parent, items, last.child, &steps),
                    Value::Object(entries) => self.remove_member(last.parent, entries, last.child, &steps),
                    _ => refuse("not in a list or an object"),
                }
            }
            Change::RemoveWord { at, word } => {
                let (node, _) = locate(root, at, self.members)?;
                self.literal_in_file(node)?;
                self.remove_word(node, word).map(|e| vec![e])
            }
            Change::Set { object, key, value } => {
                let (node, _) = match locate(root, object, self.members) {
                    Ok(found) => found,
                    Err(missing) => return self.set_in_new_object(root, object, key, value).map_err(|_| missing),
                };
                let Value::Object(entries) = &node.value else {
                    return refuse(format!("{object} is not an object"));
                };
                match entries.iter().rev().find(|e| e.key == *key) {
                    Some(e) => Ok(vec![self.replace(&e.value, value)]),
                    None => self.insert(node, entries, key, value).map(|e| vec![e]),
                }
            }
        }
    }

    /// An HCL value that the file writes as an expression (`var.flag`, `"${local.host}/cb"`) is
    /// resolved elsewhere: writing a literal over it would cut the module's wiring, so it is left.
    fn literal_in_file(&self, node: &Node) -> Result<()> {
        let raw = self.raw(node.span());
        let literal = match &node.value {
            Value::String(_) => raw.starts_with('"') && !raw.contains("${") && !raw.contains("%{"),
            Value::Bool(_) | Value::Number(_) => {
                !raw.starts_with(|c: char| c.is_alphabetic()) || raw == "true" || raw == "false"
            }
            _ => true,
        };
        if self.syntax == Syntax::Hcl && !literal {
            return refuse("a value the module computes");
        }
        Ok(())
    }

    fn raw(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    // ---- lines ----

    fn line_start(&self, at: usize) -> usize {
        self.text[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Just past the newline that ends the line holding the last byte before `end` (a span that ends
    /// with its newline, as a YAML block scalar's does, ends on that line).
    fn line_end_after(&self, start: usize, end: usize) -> usize {
        let last = if end > start && self.text[..end].ends_with('\n') {
            end - 1
        } else {
            end
        };
        self.text[last..].find('\n').map_or(self.text.len(), |i| last + i + 1)
    }

    /// The lines from the one holding `start` to the one holding the end, when nothing but blanks
    /// comes before `start` on its line.
    fn whole_lines(&self, start: usize, end: usize) -> Option<Edit> {
        let from = self.line_start(start);
        is_blank(&self.text[from..start]).then(|| edit(from, self.line_end_after(start, end), ""))
    }

    /// One indentation step of the file: the smallest indentation of any line.
    fn indent_unit(&self) -> String {
        self.text
            .lines()
            .filter_map(|l| {
                let n = l.len() - l.trim_start_matches([' ', '\t']).len();
                (n > 0 && n < l.len()).then(|| l[..n].to_string())
            })
            .min_by_key(String::len)
            .unwrap_or_else(|| "  ".into())
    }

    // ---- where members start and end ----

    /// Where a member's key starts, its opening quote included.
    fn key_start(&self, e: &Entry) -> usize {
        let s = e.key_span().start;
        match self.text.as_bytes().get(s.wrapping_sub(1)) {
            Some(b'"' | b'\'') if s > 0 => s - 1,
            _ => s,
        }
    }

    /// Just past a member's key, its closing quote included.
    fn key_end(&self, e: &Entry) -> usize {
        let end = e.key_span().end;
        match self.text.as_bytes().get(end) {
            Some(b'"' | b'\'') if self.key_start(e) < e.key_span().start => end + 1,
            _ => end,
        }
    }

    fn member_span(&self, e: &Entry) -> Span {
        Span::new(self.key_start(e), e.value.span().end.max(e.key_span().end))
    }

    /// Whether a container is written between brackets (JSON, TOML inline, YAML flow), where
    /// members are separated by commas rather than by lines.
    fn bracketed(&self, node: &Node) -> bool {
        if matches!(self.syntax, Syntax::Json | Syntax::Jsonc) {
            return true;
        }
        if self.syntax == Syntax::Properties {
            return false;
        }
        let raw = self.raw(node.span());
        // An HCL block body holds one member a line, without commas.
        if self.syntax == Syntax::Hcl {
            return matches!(node.value, Value::Array(_)) && raw.starts_with('[');
        }
        match &node.value {
            Value::Array(items) => {
                raw.starts_with('[')
                    // A TOML array of tables `[[x]]` starts with its first header.
                    && !(self.syntax == Syntax::Toml && items.first().is_some_and(|i| i.is_object() && !self.raw(i.span()).starts_with('{')))
            }
            Value::Object(_) => raw.starts_with('{'),
            _ => false,
        }
    }

    // ---- literals ----

    fn json_string(s: &str) -> String {
        serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
    }

    /// An HCL quoted string is a template: a literal `${` or `%{` is escaped by doubling.
    fn hcl_string(s: &str) -> String {
        Self::json_string(s).replace("${", "$${").replace("%{", "%%{")
    }

    /// An HCL attribute name is an identifier.
    fn hcl_identifier(key: &str) -> bool {
        key.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    }

    fn yaml_plain_safe(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '/')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-./+=~@:".contains(c))
            && !s.ends_with(':')
            && yaml_plain_is_string(s)
    }

    fn yaml_string(s: &str, like: Option<&str>) -> String {
        match like.and_then(|l| l.chars().next()) {
            Some('\'') if !s.contains(['\n', '\r']) => format!("'{}'", s.replace('\'', "''")),
            Some('"') => Self::json_string(s),
            _ if Self::yaml_plain_safe(s) => s.to_string(),
            _ => Self::json_string(s),
        }
    }

    fn toml_key(key: &str) -> String {
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            key.to_string()
        } else {
            Self::json_string(key)
        }
    }

    /// A `.properties` value: Spring Boot reads the file as ISO-8859-1, so anything else is escaped.
    fn properties_value(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for (i, c) in s.chars().enumerate() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                ' ' if i == 0 => out.push_str("\\ "),
                c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                    let mut units = [0u16; 2];
                    for u in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{u:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    fn properties_key(key: &str) -> String {
        let mut out = String::new();
        for c in Self::properties_value(key).chars() {
            if matches!(c, '=' | ':' | ' ' | '#' | '!') {
                out.push('\\');
            }
            out.push(c);
        }
        out
    }

    /// `lit` in the file's syntax; `like` is the value it replaces or sits beside, whose quoting
    /// a string follows.
    fn literal(&self, lit: &Literal, like: Option<&Node>) -> String {
        let like = like
            .filter(|n| matches!(n.value, Value::String(_)))
            .map(|n| self.raw(n.span()));
        let string = |s: &str| match self.syntax {
            Syntax::Json | Syntax::Jsonc => Self::json_string(s),
            Syntax::Yaml => Self::yaml_string(s, like),
            Syntax::Toml => match like {
                Some(l) if l.starts_with('\'') && !s.contains(['\'', '\n', '\r']) => format!("'{s}'"),
                _ => Self::json_string(s),
            },
            Syntax::Properties => Self::properties_value(s),
            Syntax::Hcl => Self::hcl_string(s),
        };
        match lit {
            Literal::Bool(b) => b.to_string(),
            Literal::Number(n) => n.clone(),
            Literal::String(s) => string(s),
            Literal::Strings(items) if self.syntax == Syntax::Properties => {
                items.iter().map(|s| string(s)).collect::<Vec<_>>().join(",")
            }
            Literal::Strings(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|s| match self.syntax {
                        Syntax::Yaml => Self::yaml_string(s, None),
                        Syntax::Hcl => Self::hcl_string(s),
                        _ => Self::json_string(s),
                    })
                    .collect();
                format!("[{}]", items.join(", "))
            }
        }
    }

    // ---- changes ----

    fn replace(&self, node: &Node, with: &Literal) -> Edit {
        edit(node.span().start, node.span().end, self.literal(with, Some(node)))
    }

    fn remove_item(&self, parent: &Node, items: &[Node], i: usize, steps: &[Step]) -> Result<Vec<Edit>> {
        if self.bracketed(parent) {
            let spans: Vec<Span> = items.iter().map(|n| n.span()).collect();
            return Ok(vec![self.remove_bracketed(parent, &spans, i, "[]")]);
        }
        match self.syntax {
            Syntax::Yaml => {
                let item = items[i].span();
                let before = &self.text[self.line_start(item.start)..item.start];
                let Some(dash) = before.trim_end_matches([' ', '\t']).strip_suffix('-') else {
                    return refuse("a list item without its `-`");
                };
                let dash = self.line_start(item.start) + dash.len();
                if items.len() == 1 {
                    return self.collapse(steps, Span::new(dash, item.end), "[]").map(|e| vec![e]);
                }
                match self.whole_lines(dash, item.end) {
                    Some(e) => Ok(vec![e]),
                    None => refuse("a list item that shares its line"),
                }
            }
            Syntax::Properties => {
                // `x[0]=a`, `x[1]=b`: Spring binds an indexed list only up to its first gap, so the
                // values after the removed one move up and the last line goes.
                if items.iter().any(|n| !matches!(n.value, Value::String(_))) {
                    return refuse("an indexed list of objects");
                }
                let mut edits: Vec<Edit> = (i..items.len() - 1)
                    .map(|j| {
                        edit(
                            items[j].span().start,
                            items[j].span().end,
                            self.raw(items[j + 1].span()),
                        )
                    })
                    .collect();
                let last = items[items.len() - 1].span();
                edits.push(edit(
                    self.line_start(last.start),
                    self.line_end_after(last.start, last.end),
                    "",
                ));
                Ok(edits)
            }
            _ => refuse("a list written as a table array"),
        }
    }

    /// Removes child `i` (of `spans`) of a bracketed container with the comma next to it; the only
    /// child leaves `empty`.
    fn remove_bracketed(&self, parent: &Node, spans: &[Span], i: usize, empty: &str) -> Edit {
        let this = spans[i];
        if let Some(next) = spans.get(i + 1) {
            edit(this.start, next.start, "")
        } else if i > 0 {
            edit(spans[i - 1].end, this.end, "")
        } else {
            edit(parent.span().start, parent.span().end, empty)
        }
    }

    /// The only member or item `content` of a block collection goes, and the collection becomes
    /// `empty` after the key that holds it (`redirectUris: []`).
    fn collapse(&self, steps: &[Step], content: Span, empty: &str) -> Result<Edit> {
        let holder = steps.len().checked_sub(2).map(|k| &steps[k]);
        match holder.map(|s| &s.parent.value) {
            Some(Value::Object(entries)) => {
                let holder = &entries[holder.map_or(0, |s| s.child)];
                let after_key = self.key_end(holder);
                let Some(colon) = self.text[after_key..content.start].find(':') else {
                    return refuse("no `:` after the key");
                };
                Ok(edit(after_key + colon + 1, content.end, format!(" {empty}")))
            }
            None => Ok(edit(content.start, content.end, empty)),
            Some(_) => refuse("the only entry of a list inside a list"),
        }
    }

    fn remove_member(&self, parent: &Node, entries: &[Entry], i: usize, steps: &[Step]) -> Result<Vec<Edit>> {
        let member = self.member_span(&entries[i]);
        if self.bracketed(parent) {
            let spans: Vec<Span> = entries.iter().map(|e| self.member_span(e)).collect();
            return Ok(vec![self.remove_bracketed(parent, &spans, i, "{}")]);
        }
        match self.syntax {
            Syntax::Yaml => {
                let before = &self.text[self.line_start(member.start)..member.start];
                if is_blank(before) {
                    if entries.len() == 1 {
                        return self.collapse(steps, member, "{}").map(|e| vec![e]);
                    }
                    return Ok(self.whole_lines(member.start, member.end).into_iter().collect());
                }
                // The first member of a list item (`- a: 1`) keeps the item's dash.
                match entries.get(i + 1) {
                    _ if i > 0 => refuse("a member that shares its line"),
                    Some(next) => Ok(vec![edit(member.start, self.key_start(next), "")]),
                    None => Ok(vec![edit(member.start, member.end, "{}")]),
                }
            }
            Syntax::Hcl => {
                let line = self.line_start(member.start);
                if !is_blank(&self.text[line..member.start]) {
                    return refuse("a member that shares its line");
                }
                Ok(vec![edit(line, self.line_end_after(member.start, member.end), "")])
            }
            Syntax::Toml => {
                let line = self.line_start(member.start);
                let before = &self.text[line..member.start];
                // Plain or dotted keys (`a.b = 1`) on a line of their own; a `[table]` stays.
                if before.trim_start().starts_with('[') || before.contains(['=', '{', ',']) {
                    return refuse("a TOML table");
                }
                if entries[i].value.is_object() && !self.raw(entries[i].value.span()).starts_with('{')
                    || matches!(&entries[i].value.value, Value::Array(_)) && !self.bracketed(&entries[i].value)
                {
                    return refuse("a TOML table");
                }
                Ok(vec![edit(line, self.line_end_after(member.start, member.end), "")])
            }
            Syntax::Properties => {
                let mut leaves = Vec::new();
                leaf_spans(&entries[i].value, &mut leaves);
                let mut edits: Vec<Edit> = leaves
                    .iter()
                    .map(|s| edit(self.line_start(s.start), self.line_end_after(s.start, s.end), ""))
                    .collect();
                edits.sort_by_key(|e| e.span.start);
                edits.dedup_by_key(|e| e.span.start);
                Ok(edits)
            }
            Syntax::Json | Syntax::Jsonc => unreachable_bracketed(),
        }
    }

    fn remove_word(&self, node: &Node, word: &str) -> Result<Edit> {
        if !matches!(node.value, Value::String(_)) || word.is_empty() {
            return refuse("not a list held in a string");
        }
        let raw = self.raw(node.span());
        let is_sep = |c: u8| c == b',' || c == b' ' || c == b'\t';
        let bounded = |at: usize| {
            let b = raw.as_bytes();
            let before = at == 0 || is_sep(b[at - 1]) || matches!(b[at - 1], b'"' | b'\'');
            let end = at + word.len();
            let after = end == b.len() || is_sep(b[end]) || matches!(b[end], b'"' | b'\'');
            before && after
        };
        let Some(at) = raw.match_indices(word).map(|(i, _)| i).find(|&i| bounded(i)) else {
            return refuse(format!("no `{word}` in the value"));
        };
        let b = raw.as_bytes();
        let end = at + word.len();
        let after = end + b[end..].iter().take_while(|&&c| is_sep(c)).count();
        let before = at - b[..at].iter().rev().take_while(|&&c| is_sep(c)).count();
        let next_word = after < b.len() && !matches!(b[after], b'"' | b'\'');
        let prev_word = before > 0 && !matches!(b[before - 1], b'"' | b'\'');
        let base = node.span().start;
        Ok(if next_word {
            edit(base + at, base + after, "")
        } else if prev_word {
            edit(base + before, base + end, "")
        } else {
            edit(base + at, base + end, "")
        })
    }

    /// `Set` in an object that is not there (a Keycloak client without `attributes`): the object
    /// is added to its parent, holding the one member, written inline (`"attributes": {"k": "v"}`,
    /// `attributes: {k: v}`, `attributes = { k = "v" }`).
    fn set_in_new_object(&self, root: &Node, object: &Pointer, key: &str, value: &Literal) -> Result<Vec<Edit>> {
        let (Some(parent), Some(name)) = (object.parent(), tokens(object).pop()) else {
            return refuse(format!("nothing at {object}"));
        };
        let (holder, _) = locate(root, &parent, self.members)?;
        let Value::Object(entries) = &holder.value else {
            return refuse(format!("{parent} is not an object"));
        };
        let value_text = self.literal(value, None);
        let inner = match self.syntax {
            Syntax::Json | Syntax::Jsonc => format!("{{{}: {value_text}}}", Self::json_string(key)),
            Syntax::Yaml => format!("{{{}: {value_text}}}", Self::yaml_string(key, None)),
            Syntax::Toml => format!("{{ {} = {value_text} }}", Self::toml_key(key)),
            Syntax::Properties => return refuse("a new object in a .properties file"),
            // Whether HCL wants an attribute (`k = {…}`) or a block (`k {…}`) depends on the schema.
            Syntax::Hcl => return refuse("a new block or object in HCL"),
        };
        self.insert_text(holder, entries, &name, inner).map(|e| vec![e])
    }

    fn insert(&self, object: &Node, entries: &[Entry], key: &str, value: &Literal) -> Result<Edit> {
        let like = entries
            .iter()
            .rev()
            .map(|e| &e.value)
            .find(|v| matches!(v.value, Value::String(_)));
        self.insert_text(object, entries, key, self.literal(value, like))
    }

    /// Adds the member `key` with the rendered `value_text` after the object's last member.
    fn insert_text(&self, object: &Node, entries: &[Entry], key: &str, value_text: String) -> Result<Edit> {
        if self.bracketed(object) {
            return Ok(self.insert_bracketed(object, entries, key, &value_text));
        }
        match self.syntax {
            Syntax::Yaml => {
                let Some(last) = entries.iter().max_by_key(|e| e.key_span().start) else {
                    return refuse("an empty YAML mapping");
                };
                let start = self.key_start(last);
                let line = self.line_start(start);
                let indent: String = self.text[line..start]
                    .chars()
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let key_text = match self.text.as_bytes()[start] {
                    b'\'' => format!("'{}'", key.replace('\'', "''")),
                    b'"' => Self::json_string(key),
                    _ => Self::yaml_string(key, None),
                };
                let sep = self.separator(last, ": ");
                let end = entries.iter().map(|e| self.member_span(e).end).max().unwrap_or(start);
                Ok(self.insert_line(start, end, format!("{indent}{key_text}{sep}{value_text}")))
            }
            Syntax::Toml => {
                // After the last member written as `key = value` (a `[table]` member would take the
                // new key into that table).
                // A dotted member (`a.b = 1`, `a.c = 2`) ends on the line of its last value.
                let Some((last, end)) = entries
                    .iter()
                    .filter(|e| {
                        let at = self.key_start(e);
                        !self.text[self.line_start(at)..at].trim_start().starts_with('[')
                    })
                    .map(|e| {
                        let mut leaves = Vec::new();
                        leaf_spans(&e.value, &mut leaves);
                        (e, leaves.iter().map(|s| s.end).max().unwrap_or(e.value.span().end))
                    })
                    .max_by_key(|(_, end)| *end)
                else {
                    return refuse("a TOML table without a `key = value` line");
                };
                let start = self.key_start(last);
                let prefix = &self.text[self.line_start(start)..start];
                let sep = self.separator(last, " = ");
                Ok(self.insert_line(end, end, format!("{prefix}{}{sep}{value_text}", Self::toml_key(key))))
            }
            Syntax::Properties => {
                let Some(sibling) = entries.iter().find(|e| self.raw(e.key_span()) == e.key) else {
                    return refuse("no sibling key written plainly");
                };
                let prefix = &self.text[self.line_start(sibling.key_span().start)..sibling.key_span().start];
                let sep = entries
                    .iter()
                    .find(|e| matches!(e.value.value, Value::String(_)) && e.value.span().start >= e.key_span().end)
                    .map_or("=", |e| &self.text[e.key_span().end..e.value.span().start]);
                // A key with a dot is one map key only between brackets (`map[a.b]`).
                let key_text = if key.contains(['.', '[', ']']) {
                    format!("{}[{}]", prefix.trim_end_matches('.'), Self::properties_key(key))
                } else {
                    format!("{prefix}{}", Self::properties_key(key))
                };
                let mut leaves = Vec::new();
                leaf_spans(object, &mut leaves);
                let end = leaves.iter().map(|s| s.end).max().unwrap_or(sibling.key_span().end);
                let last_start = leaves.iter().map(|s| s.start).max().unwrap_or(sibling.key_span().start);
                Ok(self.insert_line(last_start.min(end), end, format!("{key_text}{sep}{value_text}")))
            }
            Syntax::Hcl => {
                // After the last attribute written on lines of its own; nested blocks may follow.
                let Some(last) = entries
                    .iter()
                    .filter(|e| !matches!(e.value.value, Value::Array(_)) || self.bracketed(&e.value))
                    .filter(|e| is_blank(&self.text[self.line_start(e.key_span().start)..e.key_span().start]))
                    .max_by_key(|e| e.value.span().end)
                else {
                    return refuse("an HCL body without an attribute line");
                };
                if !Self::hcl_identifier(key) {
                    return refuse("an attribute name that is not an identifier");
                }
                let start = last.key_span().start;
                let prefix = &self.text[self.line_start(start)..start];
                let sep = self.separator(last, " = ");
                Ok(self.insert_line(start, last.value.span().end, format!("{prefix}{key}{sep}{value_text}")))
            }
            Syntax::Json | Syntax::Jsonc => unreachable_bracketed(),
        }
    }

    /// What separates a member's key from its value as `e` writes it (`: `, ` = `, `=`), when it is
    /// that on one line; else `default`.
    fn separator<'a>(&'a self, e: &Entry, default: &'a str) -> &'a str {
        let between = &self.text[self.key_end(e)..e.value.span().start.max(self.key_end(e))];
        if between.trim() == default.trim() && !between.contains(['\n', '\r']) {
            between
        } else {
            default
        }
    }

    /// A new line holding `line`, after the line where the content `start..end` ends.
    fn insert_line(&self, start: usize, end: usize, line: String) -> Edit {
        let at = self.line_end_after(start, end);
        if at == self.text.len() && !self.text.ends_with('\n') {
            edit(at, at, format!("{}{line}", self.newline))
        } else {
            edit(at, at, format!("{line}{}", self.newline))
        }
    }

    fn insert_bracketed(&self, object: &Node, entries: &[Entry], key: &str, value: &str) -> Edit {
        let key_text = match self.syntax {
            Syntax::Toml => Self::toml_key(key),
            Syntax::Yaml => match entries.last().map(|e| self.text.as_bytes()[self.key_start(e)]) {
                Some(b'"') => Self::json_string(key),
                _ => Self::yaml_string(key, None),
            },
            _ => Self::json_string(key),
        };
        let default_sep = if self.syntax == Syntax::Toml { " = " } else { ": " };
        let Some(last) = entries.last() else {
            let open = object.span().start + 1;
            let close = object.span().end.saturating_sub(1).max(open);
            let multiline = matches!(self.syntax, Syntax::Json | Syntax::Jsonc) && self.text.contains('\n');
            if !multiline {
                let pad = if self.syntax == Syntax::Json || self.syntax == Syntax::Jsonc {
                    ""
                } else {
                    " "
                };
                return edit(open, close, format!("{pad}{key_text}{default_sep}{value}{pad}"));
            }
            let line = self.line_start(object.span().start);
            let indent: String = self.text[line..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let unit = self.indent_unit();
            let nl = self.newline;
            return edit(
                open,
                close,
                format!("{nl}{indent}{unit}{key_text}{default_sep}{value}{nl}{indent}"),
            );
        };
        let sep = self.separator(last, default_sep);
        let member = format!("{key_text}{sep}{value}");
        // The whitespace between members, as the last two (or the brace and the only one) have it.
        let gap = match entries.len() {
            1 => self.text[object.span().start + 1..self.key_start(last)].to_string(),
            n => {
                let between = &self.text[entries[n - 2].value.span().end..self.key_start(last)];
                between.trim_start().strip_prefix(',').unwrap_or(" ").to_string()
            }
        };
        let gap = if gap.trim().is_empty() { gap } else { " ".to_string() };
        let gap = if gap.is_empty() { " ".to_string() } else { gap };
        let end = last.value.span().end;
        // A trailing comma (JSONC) stays trailing.
        let rest = &self.text[end..object.span().end];
        let after_blanks = rest.len() - rest.trim_start().len();
        if rest.trim_start().starts_with(',') {
            let comma = end + after_blanks + 1;
            return edit(comma, comma, format!("{gap}{member},"));
        }
        edit(end, end, format!(",{gap}{member}"))
    }
}

/// The JSON syntaxes are always bracketed; kept apart so the match stays exhaustive.
fn unreachable_bracketed<T>() -> Result<T> {
    refuse("internal: a JSON container that is not bracketed")
}

/// The spans of the scalar values under `node` (for `.properties`, one per `key=value` line).
fn leaf_spans(node: &Node, out: &mut Vec<Span>) {
    match &node.value {
        Value::Object(entries) => entries.iter().for_each(|e| leaf_spans(&e.value, out)),
        Value::Array(items) => items.iter().for_each(|i| leaf_spans(i, out)),
        _ => out.push(node.span()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_all;
    use std::sync::Arc;

    fn p(s: &str) -> Pointer {
        s.split('/')
            .skip(1)
            .fold(Pointer::root(), |p, t| match t.parse::<usize>() {
                Ok(i) => p.index(i),
                Err(_) => p.key(t),
            })
    }

    /// `text` read as `syntax` with `changes` made in document `index`.
    fn fixed_in(text: &str, syntax: Syntax, index: Option<usize>, changes: Vec<Change>) -> String {
        let docs = parse_all(&Arc::from(text), syntax).expect("parses");
        let doc = document_for(&docs, index).expect("document");
        let edits = render(
            text,
            newline(text),
            doc,
            &Fix::safe("test", changes),
            &Members::default(),
        )
        .expect("renders");
        let out = apply_edits(text, &edits);
        parse_all(&Arc::from(out.as_str()), syntax).unwrap_or_else(|e| panic!("{out}\n{}", e.message));
        out
    }

    fn fixed(text: &str, syntax: Syntax, changes: Vec<Change>) -> String {
        fixed_in(text, syntax, None, changes)
    }

    fn replace(at: &str, with: Literal) -> Change {
        Change::Replace { at: p(at), with }
    }
    fn remove(at: &str) -> Change {
        Change::Remove { at: p(at) }
    }
    fn set(object: &str, key: &str, value: Literal) -> Change {
        Change::Set {
            object: p(object),
            key: key.into(),
            value,
        }
    }
    fn string(s: &str) -> Literal {
        Literal::String(s.into())
    }

    #[test]
    fn json_replace_keeps_everything_else() {
        let text = "{\n  \"implicitFlowEnabled\" :true,\n  \"pkce\": \"plain\"\n}\n";
        assert_eq!(
            fixed(
                text,
                Syntax::Json,
                vec![
                    replace("/implicitFlowEnabled", Literal::Bool(false)),
                    replace("/pkce", string("S256"))
                ]
            ),
            "{\n  \"implicitFlowEnabled\" :false,\n  \"pkce\": \"S256\"\n}\n"
        );
    }

    #[test]
    fn json_remove_items_with_their_comma() {
        let text = "{\"grant_types\": [\"implicit\", \"authorization_code\"]}";
        assert_eq!(
            fixed(text, Syntax::Json, vec![remove("/grant_types/0")]),
            "{\"grant_types\": [\"authorization_code\"]}"
        );
        assert_eq!(
            fixed(text, Syntax::Json, vec![remove("/grant_types/1")]),
            "{\"grant_types\": [\"implicit\"]}"
        );
        let only = "{\"grant_types\": [\n    \"implicit\"\n  ]}";
        assert_eq!(
            fixed(only, Syntax::Json, vec![remove("/grant_types/0")]),
            "{\"grant_types\": []}"
        );
        let lines = "[\n  \"a\",\n  \"b\",\n  \"c\"\n]\n";
        assert_eq!(
            fixed(lines, Syntax::Json, vec![remove("/1")]),
            "[\n  \"a\",\n  \"c\"\n]\n"
        );
        assert_eq!(
            fixed(lines, Syntax::Json, vec![remove("/2")]),
            "[\n  \"a\",\n  \"b\"\n]\n"
        );
    }

    #[test]
    fn json_remove_member_and_crlf_survives() {
        let text = "{\r\n  \"a\": 1,\r\n  \"b\": 2,\r\n  \"c\": 3\r\n}\r\n";
        assert_eq!(
            fixed(text, Syntax::Json, vec![remove("/b")]),
            "{\r\n  \"a\": 1,\r\n  \"c\": 3\r\n}\r\n"
        );
        assert_eq!(
            fixed(text, Syntax::Json, vec![remove("/c")]),
            "{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n"
        );
    }

    #[test]
    fn json_set_follows_the_siblings() {
        let text = "{\n    \"attributes\": {\n        \"a\": \"1\",\n        \"b\": \"2\"\n    }\n}\n";
        assert_eq!(
            fixed(text, Syntax::Json, vec![set("/attributes", "pkce.code.challenge.method", string("S256"))]),
            "{\n    \"attributes\": {\n        \"a\": \"1\",\n        \"b\": \"2\",\n        \"pkce.code.challenge.method\": \"S256\"\n    }\n}\n"
        );
        let one = "{\"attributes\": {\"a\": \"1\"}}";
        assert_eq!(
            fixed(one, Syntax::Json, vec![set("/attributes", "k", string("v"))]),
            "{\"attributes\": {\"a\": \"1\", \"k\": \"v\"}}"
        );
        // Present: the value is replaced.
        assert_eq!(
            fixed(one, Syntax::Json, vec![set("/attributes", "a", string("2"))]),
            "{\"attributes\": {\"a\": \"2\"}}"
        );
    }

    #[test]
    fn json_set_in_an_empty_object_uses_the_file_indentation() {
        let text = "{\n   \"id\": \"x\",\n   \"attributes\": {}\n}\n";
        assert_eq!(
            fixed(text, Syntax::Json, vec![set("/attributes", "k", Literal::Bool(true))]),
            "{\n   \"id\": \"x\",\n   \"attributes\": {\n      \"k\": true\n   }\n}\n"
        );
        assert_eq!(
            fixed("{\"a\": {}}", Syntax::Json, vec![set("/a", "k", string("v"))]),
            "{\"a\": {\"k\": \"v\"}}"
        );
    }

    #[test]
    fn jsonc_comments_and_trailing_commas_survive() {
        let text = "{\n  // the SPA\n  \"grant_types\": [\"implicit\", /* keep */ \"authorization_code\"],\n  \"a\": {\"x\": 1,}, // end\n}\n";
        assert_eq!(
            fixed(text, Syntax::Jsonc, vec![remove("/grant_types/0"), set("/a", "y", Literal::Number("2".into()))]),
            "{\n  // the SPA\n  \"grant_types\": [\"authorization_code\"],\n  \"a\": {\"x\": 1, \"y\": 2,}, // end\n}\n"
        );
    }

    #[test]
    fn yaml_replace_keeps_quoting_and_comments() {
        let text = "a: plain # the method\nb: 'x'\nc: \"y\"\nd: 1\n";
        assert_eq!(
            fixed(
                text,
                Syntax::Yaml,
                vec![
                    replace("/a", string("S256")),
                    replace("/b", string("it's")),
                    replace("/c", string("z")),
                    replace("/d", string("true")),
                ]
            ),
            "a: S256 # the method\nb: 'it''s'\nc: \"z\"\nd: \"true\"\n"
        );
    }

    #[test]
    fn yaml_block_list_items_go_with_their_line() {
        let text = "grant_types:\n  - implicit   # old\n  - authorization_code\nx: 1\n";
        assert_eq!(
            fixed(text, Syntax::Yaml, vec![remove("/grant_types/0")]),
            "grant_types:\n  - authorization_code\nx: 1\n"
        );
        assert_eq!(
            fixed(text, Syntax::Yaml, vec![remove("/grant_types/1")]),
            "grant_types:\n  - implicit   # old\nx: 1\n"
        );
        let only = "grant_types:\n- implicit\nx: 1\n";
        assert_eq!(
            fixed(only, Syntax::Yaml, vec![remove("/grant_types/0")]),
            "grant_types: []\nx: 1\n"
        );
    }

    #[test]
    fn yaml_flow_lists_and_maps_are_edited_like_json() {
        let text = "grant_types: [implicit, authorization_code]\nattrs: {a: 1}\n";
        assert_eq!(
            fixed(
                text,
                Syntax::Yaml,
                vec![remove("/grant_types/0"), set("/attrs", "b", string("x y"))]
            ),
            "grant_types: [authorization_code]\nattrs: {a: 1, b: \"x y\"}\n"
        );
    }

    #[test]
    fn yaml_block_members_removed_and_inserted_at_the_siblings_indent() {
        let text = "clients:\n  - id: spa\n    public: true   # SPA\n    implicit: true\n";
        assert_eq!(
            fixed(text, Syntax::Yaml, vec![remove("/clients/0/implicit")]),
            "clients:\n  - id: spa\n    public: true   # SPA\n"
        );
        assert_eq!(
            fixed(text, Syntax::Yaml, vec![remove("/clients/0/id")]),
            "clients:\n  - public: true   # SPA\n    implicit: true\n"
        );
        assert_eq!(
            fixed(
                text,
                Syntax::Yaml,
                vec![set("/clients/0", "pkce.method", string("S256"))]
            ),
            "clients:\n  - id: spa\n    public: true   # SPA\n    implicit: true\n    pkce.method: S256\n"
        );
        let first_only = "clients:\n  - id: spa\n";
        assert_eq!(
            fixed(
                first_only,
                Syntax::Yaml,
                vec![set("/clients/0", "k", Literal::Bool(false))]
            ),
            "clients:\n  - id: spa\n    k: false\n"
        );
    }

    #[test]
    fn set_in_a_missing_object_adds_it_inline() {
        let pkce = |at: &str| set(at, "pkce.code.challenge.method", string("S256"));
        assert_eq!(
            fixed(
                "{\n  \"clientId\": \"spa\"\n}\n",
                Syntax::Json,
                vec![pkce("/attributes")]
            ),
            "{\n  \"clientId\": \"spa\",\n  \"attributes\": {\"pkce.code.challenge.method\": \"S256\"}\n}\n"
        );
        assert_eq!(
            fixed("clients:\n  - clientId: spa # SPA\n    publicClient: true\n", Syntax::Yaml, vec![pkce("/clients/0/attributes")]),
            "clients:\n  - clientId: spa # SPA\n    publicClient: true\n    attributes: {pkce.code.challenge.method: S256}\n"
        );
        assert_eq!(
            fixed(
                "[client]\nid = \"spa\"\n",
                Syntax::Toml,
                vec![pkce("/client/attributes")]
            ),
            "[client]\nid = \"spa\"\nattributes = { \"pkce.code.challenge.method\" = \"S256\" }\n"
        );
    }

    #[test]
    fn yaml_streams_edit_the_finding_s_document() {
        let text = "a: 1\n---\na: 1\nb: [x]\n";
        assert_eq!(
            fixed_in(
                text,
                Syntax::Yaml,
                Some(1),
                vec![replace("/a", Literal::Number("2".into()))]
            ),
            "a: 1\n---\na: 2\nb: [x]\n"
        );
    }

    #[test]
    fn yaml_without_final_newline_gets_one_before_the_new_line() {
        assert_eq!(
            fixed("a: 1", Syntax::Yaml, vec![set("", "b", Literal::Bool(true))]),
            "a: 1\nb: true"
        );
    }

    #[test]
    fn hcl_attributes_lists_and_comments() {
        let text = "resource \"okta_app_oauth\" \"portal\" {\n  label       = \"portal\" # the shop\n  type        = \"web\"\n  grant_types = [\"implicit\", \"authorization_code\"]\n  pkce_required = false\n}\n";
        let at = |rest: &str| format!("/resource/okta_app_oauth/portal{rest}");
        assert_eq!(
            fixed(
                text,
                Syntax::Hcl,
                vec![
                    remove(&at("/grant_types/0")),
                    replace(&at("/pkce_required"), Literal::Bool(true))
                ]
            ),
            text.replace("[\"implicit\", ", "[").replace("= false", "= true")
        );
        // A new attribute goes on a line of its own, at the siblings' indent; `${` stays literal.
        assert_eq!(
            fixed(
                text,
                Syntax::Hcl,
                vec![set(&at(""), "login_uri", string("https://a/${x}"))]
            ),
            text.replace(
                "  pkce_required = false\n",
                "  pkce_required = false\n  login_uri = \"https://a/$${x}\"\n"
            )
        );
        assert_eq!(
            fixed(text, Syntax::Hcl, vec![remove(&at("/type"))]),
            text.replace("  type        = \"web\"\n", "")
        );
        // A value the module computes is not overwritten.
        let computed = "resource \"okta_app_oauth\" \"portal\" {\n  pkce_required = var.pkce\n}\n";
        let doc = crate::document::parse(&std::sync::Arc::from(computed), Syntax::Hcl).unwrap();
        let fix = Fix::safe("t", vec![replace(&at("/pkce_required"), Literal::Bool(true))]);
        assert!(render(computed, newline(computed), &doc, &fix, &Members::default()).is_err());
    }

    #[test]
    fn toml_lines_and_inline_values() {
        let text = "[[clients]]\nclient_id = \"a\" # the app\ngrant_types = [\"implicit\", \"authorization_code\"]\n\n[[clients]]\nclient_id = 'b'\n";
        assert_eq!(
            fixed(
                text,
                Syntax::Toml,
                vec![remove("/clients/0/grant_types/0"), set("/clients/1", "token_endpoint_auth_method", string("none"))]
            ),
            "[[clients]]\nclient_id = \"a\" # the app\ngrant_types = [\"authorization_code\"]\n\n[[clients]]\nclient_id = 'b'\ntoken_endpoint_auth_method = 'none'\n"
        );
        assert_eq!(
            fixed(text, Syntax::Toml, vec![remove("/clients/0/client_id")]),
            "[[clients]]\ngrant_types = [\"implicit\", \"authorization_code\"]\n\n[[clients]]\nclient_id = 'b'\n"
        );
        let dotted = "a.b = 1\na.c = 2\n[t]\nx = 1\n";
        assert_eq!(
            fixed(dotted, Syntax::Toml, vec![set("/a", "d", Literal::Bool(true))]),
            "a.b = 1\na.c = 2\na.d = true\n[t]\nx = 1\n"
        );
        assert_eq!(
            fixed(dotted, Syntax::Toml, vec![set("", "k", Literal::Bool(true))]),
            "a.b = 1\na.c = 2\nk = true\n[t]\nx = 1\n"
        );
        let inline = "t = { a = 1 }\n";
        assert_eq!(
            fixed(inline, Syntax::Toml, vec![set("/t", "b", string("x"))]),
            "t = { a = 1, b = \"x\" }\n"
        );
    }

    #[test]
    fn properties_values_keys_and_indexed_lists() {
        let prefix = "spring.security.oauth2.authorizationserver.client.spa.registration";
        let text = format!("# spa\n{prefix}.client-id=spa\n{prefix}.authorization-grant-types[0]=implicit\n{prefix}.authorization-grant-types[1]=authorization_code\n{prefix}.scopes=openid\n");
        let at = "/spring/security/oauth2/authorizationserver/client/spa/registration";
        assert_eq!(
            fixed(&text, Syntax::Properties, vec![remove(&format!("{at}/authorization-grant-types/0"))]),
            format!("# spa\n{prefix}.client-id=spa\n{prefix}.authorization-grant-types[0]=authorization_code\n{prefix}.scopes=openid\n")
        );
        assert_eq!(
            fixed(
                &text,
                Syntax::Properties,
                vec![set(at, "require-proof-key", Literal::Bool(true))]
            ),
            format!("{text}{prefix}.require-proof-key=true\n")
        );
        assert_eq!(
            fixed(&text, Syntax::Properties, vec![set(at, "a.b", string(" x"))]),
            format!("{text}{prefix}[a.b]=\\ x\n")
        );
        assert_eq!(
            fixed(&text, Syntax::Properties, vec![remove(&format!("{at}/scopes"))]),
            format!("# spa\n{prefix}.client-id=spa\n{prefix}.authorization-grant-types[0]=implicit\n{prefix}.authorization-grant-types[1]=authorization_code\n")
        );
    }

    #[test]
    fn words_leave_their_separator_behind() {
        let word = |at: &str, w: &str| Change::RemoveWord {
            at: p(at),
            word: w.into(),
        };
        let props = "a.grant-types=authorization_code, implicit,refresh_token\n";
        assert_eq!(
            fixed(props, Syntax::Properties, vec![word("/a/grant-types", "implicit")]),
            "a.grant-types=authorization_code, refresh_token\n"
        );
        assert_eq!(
            fixed(props, Syntax::Properties, vec![word("/a/grant-types", "refresh_token")]),
            "a.grant-types=authorization_code, implicit\n"
        );
        let json = "{\"response_types\": [\"code id_token\", \"token\"]}";
        assert_eq!(
            fixed(json, Syntax::Json, vec![word("/response_types/0", "id_token")]),
            "{\"response_types\": [\"code\", \"token\"]}"
        );
        assert_eq!(
            fixed(json, Syntax::Json, vec![word("/response_types/1", "token")]),
            "{\"response_types\": [\"code id_token\", \"\"]}"
        );
        // `token` inside `id_token` is not the word.
        assert_eq!(
            fixed("{\"r\": \"id_token code\"}", Syntax::Json, vec![word("/r", "code")]),
            "{\"r\": \"id_token\"}"
        );
    }

    #[test]
    fn refusals_name_the_problem() {
        let text = Arc::<str>::from("{\"a\": 1}");
        let docs = parse_all(&text, Syntax::Json).unwrap();
        let fix = Fix::safe("t", vec![remove("/b")]);
        assert_eq!(
            render(&text, newline(&text), &docs[0], &fix, &Members::default()),
            Err(Unrenderable("nothing at /b".into()))
        );
        let both = Fix::safe("t", vec![replace("/a", Literal::Bool(true)), remove("/a")]);
        assert!(render(&text, newline(&text), &docs[0], &both, &Members::default()).is_err());
    }
}
