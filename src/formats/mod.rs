//! One adapter per provider format: detect a document, extract its clients into the model.
//!
//! Adding a format is one new file with a `FORMAT` constant, and one line in [`ALL`].

mod gravitee;
mod keycloak;
mod rfc7591;

use crate::document::{Cursor, Document};
use crate::model::{Client, Field, List, Origin, Secret, SecretKind};
use std::path::Path;

pub struct Format {
    /// The name in outputs (`rfc7591`, `keycloak`, `gravitee-am`).
    pub name: &'static str,
    pub detect: fn(&Document, &Path) -> bool,
    pub extract: fn(&Document, &Path) -> Vec<Client>,
}

/// Most specific first: the first format whose detector accepts a document reads it.
pub const ALL: &[Format] = &[keycloak::FORMAT, gravitee::FORMAT, rfc7591::FORMAT];

pub fn detect(doc: &Document, path: &Path) -> Option<&'static Format> {
    ALL.iter().find(|f| (f.detect)(doc, path))
}

// Helpers every adapter uses to read values with their origin.

pub fn origin(at: &Cursor) -> Origin {
    Origin::file(at.pointer.clone(), at.span())
}

/// A string member.
pub fn string(at: &Cursor, key: &str) -> Option<Field<String>> {
    let c = at.get(key)?;
    Some(Field::new(c.as_str()?.to_string(), origin(&c)))
}

/// A boolean member, strings like `"true"` included.
pub fn boolean(at: &Cursor, key: &str) -> Option<Field<bool>> {
    let c = at.get(key)?;
    Some(Field::new(c.node.as_loose_bool()?, origin(&c)))
}

/// An array of strings (other items are skipped); a single string counts as a one-item list.
pub fn strings(at: &Cursor, key: &str) -> Option<List<String>> {
    let c = at.get(key)?;
    if let Some(s) = c.as_str() {
        return Some(List {
            origin: origin(&c),
            items: vec![Field::new(s.to_string(), origin(&c))],
        });
    }
    c.node.as_array()?;
    Some(List {
        origin: origin(&c),
        items: c
            .items()
            .filter_map(|i| Some(Field::new(i.as_str()?.to_string(), origin(&i))))
            .collect(),
    })
}

/// Maps each item of a string list.
pub fn map_list<T>(list: List<String>, f: impl Fn(&str) -> T) -> List<T> {
    List {
        origin: list.origin,
        items: list
            .items
            .into_iter()
            .map(|i| Field::new(f(&i.value), i.origin))
            .collect(),
    }
}

/// A list that is not in the file: the format's default.
pub fn default_list<T>(why: &'static str, items: Vec<T>) -> List<T> {
    List {
        origin: Origin::Default { why },
        items: items
            .into_iter()
            .map(|v| Field::new(v, Origin::Default { why }))
            .collect(),
    }
}

/// A secret member; empty strings mean no secret.
pub fn secret(at: &Cursor, key: &str) -> Option<Secret> {
    let c = at.get(key)?;
    let value = c.as_str()?;
    (!value.trim().is_empty()).then(|| Secret {
        kind: SecretKind::of(value),
        value: value.to_string(),
        origin: origin(&c),
    })
}

/// Where findings about a whole client point: the span of `id_key`'s value, or the object's start.
pub fn anchor(at: &Cursor, id_key: &str) -> crate::document::Span {
    at.get(id_key)
        .map_or(crate::document::Span::new(at.span().start, at.span().start + 1), |c| {
            c.span()
        })
}
