//! One adapter per provider format: detect a document, extract its clients into the model.
//!
//! Adding a format is one new file with a `FORMAT` constant, and one line in [`ALL`]. The constant
//! declares the provider's [`Vendor`] facts next to its detector and extractor.

mod auth0;
mod authelia;
mod cognito;
mod dex;
mod entra;
mod google;
mod gravitee;
mod gravitee_apim;
mod hydra;
mod jwk;
mod keycloak;
mod okta;
mod rfc7591;
mod spring;
mod spring_boot;
mod spring_client;
pub mod terraform;
mod vendor;
mod x5c;
mod zitadel;

pub use vendor::{member, CodeFlowWords, GeneratedRedirect, GrantWords, Member, Setting, Vendor};

use crate::document::{Cursor, Document, Pointer, Value};
use crate::model::{
    Alg, Client, Field, Lifetime, List, Members, Origin, Param, PkceMethod, ResponseType, Secret, SecretKind,
};
use std::path::Path;

pub struct Format {
    /// The name in outputs (`rfc7591`, `keycloak`, `gravitee-am`).
    pub name: &'static str,
    pub detect: fn(&Document, &Path) -> bool,
    pub extract: Extract,
    /// What the provider does differently from RFC 7591 / OIDC; every client it reads carries it.
    pub vendor: Vendor,
}

/// How a format reads the clients of a document.
pub enum Extract {
    /// All at once: its documents hold a few clients.
    All(fn(&Document, &Path) -> Vec<Client>),
    /// One at a time, so that only one whole client is alive (a realm holds thousands), each from
    /// its own subtree and the settings around the clients: the lint frees a client's subtree once
    /// the client is linted.
    Each(fn(&Document, &Path) -> Box<dyn Clients>),
}

/// The clients of a document, in document order. They borrow nothing of the document between
/// clients, so that the lint may free each client's subtree once it is linted.
pub trait Clients {
    /// How many clients are left, at most.
    fn left(&self) -> usize;
    /// The next client, read from `doc`: the document the clients were listed in, less the
    /// subtrees of the clients read before.
    fn next(&mut self, doc: &Document) -> Option<Client>;
}

/// Clients read all at once.
struct Read(std::vec::IntoIter<Client>);

impl Clients for Read {
    fn left(&self) -> usize {
        self.0.len()
    }

    fn next(&mut self, _doc: &Document) -> Option<Client> {
        self.0.next()
    }
}

impl Format {
    /// The clients of `doc`, which the format has detected.
    pub fn clients(&self, doc: &Document, path: &Path) -> Box<dyn Clients> {
        match self.extract {
            Extract::All(extract) => Box::new(Read(extract(doc, path).into_iter())),
            Extract::Each(extract) => extract(doc, path),
        }
    }

    /// Whether the subtree of each client may go once the client is linted: only a format that
    /// reads its clients one at a time promises that no client reads another's subtree.
    pub fn frees_clients(&self) -> bool {
        matches!(self.extract, Extract::Each(_))
    }
}

/// Most specific first: the first format whose detector accepts a document reads it. Terraform
/// comes first: its documents are recognised by their shape (`resource.<client type>`, a plan). Zitadel
/// comes first because it is recognised by its values (`OIDC_APP_TYPE_*`, `OIDC_GRANT_TYPE_*`),
/// which no other format uses, while others are recognised by key names that Zitadel's snake_case
/// spelling shares (`app_type` is also Auth0's).
pub const ALL: &[Format] = &[
    terraform::FORMAT,
    terraform::CROSSPLANE,
    terraform::PULUMI,
    zitadel::FORMAT,
    keycloak::FORMAT,
    auth0::FORMAT,
    gravitee::FORMAT,
    gravitee_apim::FORMAT,
    okta::FORMAT,
    entra::FORMAT,
    google::FORMAT,
    cognito::FORMAT,
    dex::FORMAT,
    authelia::FORMAT,
    spring::FORMAT,
    spring_client::FORMAT,
    hydra::FORMAT,
    rfc7591::FORMAT,
];

pub fn detect(doc: &Document, path: &Path) -> Option<&'static Format> {
    ALL.iter().find(|f| (f.detect)(doc, path))
}

// Helpers every adapter uses to read values with their origin.

/// The value `at` points to in `doc`, found again (an `Each` format lists where its clients are).
pub fn cursor_at<'a>(doc: &'a Document, at: &Pointer) -> Option<Cursor<'a>> {
    at.tokens_from(&doc.base)?.try_fold(Cursor::root(doc), |c, token| {
        let Some(items) = c.node.as_array() else {
            return c.get(&token);
        };
        let i: usize = token.parse().ok()?;
        Some(Cursor {
            node: items.get(i)?,
            pointer: c.pointer.index(i),
            key_span: None,
        })
    })
}

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

/// A duration member: seconds as a number or a string, or a Go / ISO 8601 duration string.
pub fn lifetime(at: &Cursor, key: &str) -> Option<Field<Lifetime>> {
    let c = at.get(key)?;
    let (Value::Number(text) | Value::String(text)) = &c.node.value else {
        return None;
    };
    Some(Field::new(Lifetime::parse(text)?, origin(&c)))
}

/// Several lists of one setting, read from different places, as one list; `None` if none is there.
/// The whole list points at the first place found.
pub fn concat<T>(lists: impl IntoIterator<Item = Option<List<T>>>) -> Option<List<T>> {
    lists.into_iter().flatten().reduce(|mut all, l| {
        all.items.extend(l.items);
        all
    })
}

/// The longest of several lifetimes: the one that bounds how long a token can live.
pub fn longest(fields: impl IntoIterator<Item = Field<Lifetime>>) -> Option<Field<Lifetime>> {
    fields.into_iter().max_by_key(|f| match f.value {
        Lifetime::Seconds(s) => s,
        Lifetime::Infinite => u64::MAX,
    })
}

/// The JOSE algorithm settings of a client: `table` pairs each key as the file writes it with its
/// RFC 7591 / OIDC name, and `read` looks a key up; empty values are left out.
pub fn algs(table: &[(&str, &'static str)], read: impl Fn(&str) -> Option<Field<String>>) -> Vec<Alg> {
    params(table, read)
}

/// Named settings read through `table` (file key → RFC 7591 / OIDC name); empty values are left out.
pub fn params(table: &[(&str, &'static str)], read: impl Fn(&str) -> Option<Field<String>>) -> Vec<Param> {
    table
        .iter()
        .filter_map(|&(key, param)| {
            let value = read(key).filter(|f| !f.value.trim().is_empty())?;
            Some(Param { param, value })
        })
        .collect()
}

/// Re-labels a value read from a provider block as a server-level setting ([`Origin::Server`]).
pub fn server<T>(f: Field<T>) -> Field<T> {
    Field::new(f.value, server_origin(f.origin))
}

/// [`server`] for a list and each of its items.
pub fn server_list<T>(l: List<T>) -> List<T> {
    List {
        origin: server_origin(l.origin),
        items: l.items.into_iter().map(server).collect(),
    }
}

fn server_origin(o: Origin) -> Origin {
    match o {
        Origin::File { pointer, span } => Origin::Server { pointer, span },
        other => other,
    }
}

/// A value the format defaults to when the file leaves it out.
pub fn default<T>(value: T, why: &'static str) -> Field<T> {
    Field::new(value, Origin::Default { why })
}

/// A PKCE method as RFC 7636 names it (`S256`, `plain`).
pub fn pkce_method(s: &str) -> Option<PkceMethod> {
    match s {
        "S256" => Some(PkceMethod::S256),
        "plain" => Some(PkceMethod::Plain),
        _ => None,
    }
}

/// The member names of a client object, each pointing at its key, with the names its server reads.
pub fn members(at: &Cursor, known: &'static [&'static [&'static str]], any_case: bool) -> Members {
    let keys = at
        .members()
        .map(|(k, v)| {
            let at_key = v.key_span.unwrap_or_else(|| v.span());
            Field::new(k.to_string(), Origin::file(v.pointer.clone(), at_key))
        })
        .collect();
    Members { keys, known, any_case }
}

/// A list of scopes as one space-separated `scope` string, with the list's origin.
pub fn scope_of(list: &List<String>) -> Field<String> {
    let words: Vec<&str> = list.iter().map(|s| s.value.as_str()).collect();
    Field::new(words.join(" "), list.origin.clone())
}

/// Each item of a list-valued setting as a setting of its own, named `param`.
pub fn each_param(param: &'static str, list: Option<List<String>>) -> impl Iterator<Item = Param> {
    list.into_iter()
        .flat_map(|l| l.items)
        .map(move |value| Param { param, value })
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

/// Fills in `response_types: [code]`, the RFC 7591 default, when the file lists none. A service gets
/// it too, as the server would register it (`implicit-default-metadata` says so); inference does not
/// count a defaulted value as evidence of an interactive client.
pub fn default_response_types(c: &mut Client, why: &'static str) {
    if c.response_types.as_ref().is_none_or(List::is_empty) {
        c.response_types = Some(default_list(why, vec![ResponseType::parse("code")]));
    }
}

/// A secret member; empty strings mean no secret.
pub fn secret(at: &Cursor, key: &str) -> Option<Secret> {
    let c = at.get(key)?;
    // A secret of digits written as a number is still a secret.
    let value = match &c.node.value {
        crate::document::Value::String(s) | crate::document::Value::Number(s) => s.as_str(),
        _ => return None,
    };
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

/// What the adapters' unit tests share.
#[cfg(test)]
pub mod testing {
    use super::Format;
    use crate::document::{parse_all, Document, Syntax};
    use crate::model::{Client, Grant};
    use std::path::Path;
    use std::sync::Arc;

    fn first_doc(text: &str, syntax: Syntax) -> Document {
        parse_all(&Arc::<str>::from(text), syntax).expect("parses").remove(0)
    }

    /// Whether `format` claims the first document of `text`.
    pub fn detects(format: &Format, text: &str, syntax: Syntax) -> bool {
        (format.detect)(&first_doc(text, syntax), Path::new("test"))
    }

    /// The clients `format` reads from the first document of `text`, which it must detect.
    pub fn read(format: &Format, text: &str, syntax: Syntax) -> Vec<Client> {
        let d = first_doc(text, syntax);
        assert!(
            (format.detect)(&d, Path::new("test")),
            "{} did not detect: {text}",
            format.name
        );
        let mut clients = format.clients(&d, Path::new("test"));
        std::iter::from_fn(|| clients.next(&d)).collect()
    }

    pub fn grants(c: &Client) -> Vec<Grant> {
        c.grants
            .iter()
            .flat_map(|l| l.iter())
            .map(|g| g.value.clone())
            .collect()
    }

    /// The client's grants, as named in outputs.
    pub fn grant_names(c: &Client) -> Vec<String> {
        grants(c).iter().map(Grant::to_string).collect()
    }
}
