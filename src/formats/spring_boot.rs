//! Spring Boot configuration read the way Boot binds it (shared by the Spring Authorization Server
//! and Spring Security client adapters).
//!
//! Boot binds property names loosely, so the same setting can be written nested
//! (`spring: security: ...`), dotted (`spring.security.oauth2...: x`), or anything between, in
//! kebab-case or camelCase, and lists as YAML sequences, `[0]` indexes or comma-separated strings.
//! The document is therefore read as a flat list of properties with their paths, compared the way
//! Boot's relaxed binding does (case, `-` and `_` ignored).

use super::{default, origin};
use crate::document::{Cursor, Document, Pointer, Span, Value};
use crate::model::{Field, Lifetime, List, Origin};
use std::collections::HashMap;

/// One node of the document with its property path, one segment per name or `[index]`.
pub struct Prop<'a> {
    pub path: Vec<String>,
    pub at: Cursor<'a>,
}

/// Spring's relaxed comparison of one path segment.
pub fn relaxed(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a key as written (`a.b`, `uris[0]`) into path segments.
fn segments(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let mut rest = part;
        while let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(rest[..open].to_string());
            }
            let close = rest[open..].find(']').map_or(rest.len(), |c| open + c + 1);
            out.push(rest[open..close].to_string());
            rest = &rest[close..];
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// Every node of the tree that lies on the way to, or inside, the client map, with its property
/// path; the rest of the document (most of a Boot config) is not visited. The tree's depth is
/// bounded by the parsers' `MAX_DEPTH`, so the recursion is too.
fn props<'a>(at: Cursor<'a>, path: Vec<String>, prefix: &[&str], out: &mut Vec<Prop<'a>>) {
    let children: Vec<(Vec<String>, Cursor<'a>)> = match &at.node.value {
        Value::Object(_) => at
            .members()
            .map(|(k, c)| {
                let mut p = path.clone();
                p.extend(segments(k));
                (p, c)
            })
            .collect(),
        Value::Array(_) => at
            .items()
            .enumerate()
            .map(|(i, c)| {
                let mut p = path.clone();
                p.push(format!("[{i}]"));
                (p, c)
            })
            .collect(),
        _ => Vec::new(),
    };
    for (p, c) in children {
        if on_the_way(&p, prefix) {
            props(c, p, prefix, out);
        }
    }
    out.push(Prop { path, at });
}

/// Whether `path` agrees with `prefix` (written relaxed: lower case, no `-`) as far as both go.
fn on_the_way(path: &[String], prefix: &[&str]) -> bool {
    path.iter().zip(prefix).all(|(a, b)| relaxed(a) == *b)
}

fn starts_with<S: AsRef<str>>(path: &[String], prefix: &[S]) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| relaxed(a) == relaxed(b.as_ref()))
}

/// The nodes of each entry of the map at `prefix` (the entry's node itself included), keyed as
/// first written, in order of first appearance. `prefix` is written relaxed (lower case, no `-`).
pub fn registrations<'a>(doc: &'a Document, prefix: &[&str]) -> Vec<(String, Vec<Prop<'a>>)> {
    let mut all = Vec::new();
    props(Cursor::root(doc), Vec::new(), prefix, &mut all);
    let mut out: Vec<(String, Vec<Prop>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for p in all {
        if p.path.len() <= prefix.len() || !starts_with(&p.path, prefix) {
            continue;
        }
        let key = p.path[prefix.len()].clone();
        let at = *index.entry(relaxed(&key)).or_insert_with(|| {
            out.push((key, Vec::new()));
            out.len() - 1
        });
        out[at].1.push(p);
    }
    // A registration needs something under it (`client.web: {}` alone registers nothing).
    out.retain(|(_, ps)| ps.iter().any(|p| p.path.len() > prefix.len() + 1));
    out
}

/// The properties of one registration.
pub struct Reg<'p, 'a> {
    all: &'p [Prop<'a>],
    base: Vec<&'p str>,
}

impl<'p, 'a> Reg<'p, 'a> {
    /// The entry `key` of the map at `prefix`, with its nodes from [`registrations`].
    pub fn new(prefix: &[&'p str], key: &'p str, all: &'p [Prop<'a>]) -> Self {
        let mut base = prefix.to_vec();
        base.push(key);
        Reg { all, base }
    }
    /// Where the registration is, and where findings about it as a whole point: the span of `id`
    /// when the file gives it, else the registration's own key (`client.web:`), or its shallowest
    /// node (`client: {web.registration: …}`).
    pub fn place(&self, id: Option<&Field<String>>) -> (Pointer, Span) {
        let first = self.all.iter().min_by_key(|p| p.path.len());
        let pointer = first.map(|p| p.at.pointer.clone()).unwrap_or_default();
        let anchor = match (id.map(|f| &f.origin), first) {
            (Some(Origin::File { span, .. }), _) => *span,
            (_, Some(p)) => p.at.key_span.unwrap_or(p.at.span()),
            _ => Span::new(0, 0),
        };
        (pointer, anchor)
    }
    /// The path of `rel` (dotted) in this registration.
    fn path(&self, rel: &str) -> Vec<String> {
        self.base.iter().map(|s| s.to_string()).chain(segments(rel)).collect()
    }
    /// The node at `rel`, compared as Boot's relaxed binding does; the last one written wins.
    pub fn get(&self, rel: &str) -> Option<&'p Cursor<'a>> {
        let want = self.path(rel);
        self.all
            .iter()
            .rev()
            .find(|p| p.path.len() == want.len() && starts_with(&p.path, &want))
            .map(|p| &p.at)
    }
    pub fn string(&self, rel: &str) -> Option<Field<String>> {
        let c = self.get(rel)?;
        let s = match &c.node.value {
            Value::String(s) | Value::Number(s) => s.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        Some(Field::new(s, origin(c)))
    }
    pub fn boolean(&self, rel: &str) -> Option<Field<bool>> {
        let c = self.get(rel)?;
        Some(Field::new(c.node.as_loose_bool()?, origin(c)))
    }
    /// A list: a sequence, `[i]` entries (sorted by index), or a comma-separated string.
    pub fn list(&self, rel: &str) -> Option<List<String>> {
        let at = self.get(rel);
        if let Some(c) = at.filter(|c| c.node.as_array().is_some()) {
            let items = c
                .items()
                .filter_map(|i| Some(Field::new(scalar(&i)?, origin(&i))))
                .collect();
            return Some(List {
                origin: origin(c),
                items,
            });
        }
        if let Some(c) = at {
            let s = scalar(c)?;
            let items = s
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| Field::new(p.to_string(), origin(c)))
                .collect();
            return Some(List {
                origin: origin(c),
                items,
            });
        }
        // `[i]` entries written as separate keys (properties files, dotted YAML).
        let want = self.path(rel);
        let mut indexed: Vec<(usize, &Cursor)> = self
            .all
            .iter()
            .filter(|p| p.path.len() == want.len() + 1 && starts_with(&p.path, &want))
            .filter_map(|p| Some((index(p.path.last()?)?, &p.at)))
            .collect();
        if indexed.is_empty() {
            return None;
        }
        indexed.sort_by_key(|(i, _)| *i);
        indexed.dedup_by_key(|(i, _)| *i);
        Some(List {
            origin: origin(indexed[0].1),
            items: indexed
                .iter()
                .filter_map(|(_, c)| Some(Field::new(scalar(c)?, origin(c))))
                .collect(),
        })
    }
    /// A `Duration` property: Boot reads a bare number as milliseconds, else `5m`, `300s`, `PT5M`.
    /// A value that cannot be read is unknown; an absent one is the builder's default.
    pub fn lifetime(&self, rel: &str, default_secs: u64, why: &'static str) -> Option<Field<Lifetime>> {
        let Some(f) = self.string(rel) else {
            return Some(default(Lifetime::Seconds(default_secs), why));
        };
        let v = f.value.trim();
        let l = match v.parse::<u64>() {
            Ok(ms) => Lifetime::Seconds(ms / 1000),
            Err(_) => Lifetime::parse(v)?,
        };
        Some(Field::new(l, f.origin))
    }
}

fn index(seg: &str) -> Option<usize> {
    seg.strip_prefix('[')?.strip_suffix(']')?.trim().parse().ok()
}

fn scalar(c: &Cursor) -> Option<String> {
    match &c.node.value {
        Value::String(s) | Value::Number(s) => Some(s.to_string()),
        _ => None,
    }
}
