//! Fingerprints that survive edits (docs/fingerprints.md, a versioned contract).
//!
//! A finding's *place* names where it is without positions: the client's identity (its id, else its
//! name) and the path inside the client, with every list position replaced by the item itself (a
//! redirect URI by its text, an object by its id or name). Inserting a client or a URI, reformatting
//! or moving lines leaves every other place as it was. The fingerprint hashes the version, the rule,
//! the repository-relative path, the place and [`Finding::repeat`].

use crate::document::members::Members;
use crate::document::{Document, Node, Pointer, Span, Value};
use crate::finding::Finding;
use crate::lint::FileReport;
use std::collections::HashMap;

/// Bumped whenever the hash input changes: every fingerprint changes with it.
pub const VERSION: u32 = 2;

/// Members that name an object in a list, in the order they are tried: ids first, then names.
const ITEM_NAMES: [&str; 6] = ["clientId", "client_id", "id", "kid", "alias", "name"];

/// The fingerprint of `f` in the file at `path` (relative to the repository root): 32 hex digits
/// of XXH3-128.
pub fn fingerprint(path: &str, f: &Finding) -> String {
    let place = f.place.as_deref().unwrap_or(f.pointer.as_str());
    // NUL separates: a rule name and a repository path never hold one, and `place` (which may) is
    // followed only by the repeat number, so the last NUL ends it.
    let key = format!(
        "oauthlint-fingerprint-v{VERSION}\0{}\0{path}\0{place}\0{}",
        f.rule, f.repeat
    );
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(key.as_bytes()))
}

/// Gives every finding of `file` from the `from`th on that has none its place, reading list items
/// in `docs` (the file's parsed documents; empty when the file did not parse).
pub fn place_findings(file: &mut FileReport, docs: &[Document], from: usize) {
    let mut trees = Trees::new(docs);
    let mut findings = std::mem::take(&mut file.findings);
    for f in findings[from..].iter_mut().filter(|f| f.place.is_none()) {
        trees.members.forget_before(f.span.start);
        f.place = Some(place(file, &mut trees, f).into());
    }
    file.findings = findings;
}

/// The file's documents, with what makes looking up many findings linear: documents by their
/// index in the stream, and the members of wide objects by key.
struct Trees<'a> {
    by_index: HashMap<Option<usize>, Vec<&'a Document>>,
    members: Members,
}

impl<'a> Trees<'a> {
    fn new(docs: &'a [Document]) -> Self {
        let mut by_index: HashMap<Option<usize>, Vec<&Document>> = HashMap::new();
        for d in docs {
            by_index.entry(d.index).or_default().push(d);
        }
        Trees {
            by_index,
            members: Members::default(),
        }
    }

    /// The document `f` points into: its stream index, and the longest base that holds the pointer
    /// (a file embedded in a string of the document).
    fn document(&self, f: &Finding) -> Option<&'a Document> {
        self.by_index
            .get(&f.document_index())?
            .iter()
            .filter(|d| f.pointer.starts_with(&d.base))
            .max_by_key(|d| d.base.as_str().len())
            .copied()
    }

    /// The node at `pointer` in `doc`, or `None` when the pointer leaves the tree.
    fn resolve(&self, doc: &'a Document, pointer: &Pointer) -> Option<&'a Node> {
        let rest = pointer.as_str().strip_prefix(doc.base.as_str())?;
        rest.split('/')
            .skip(1)
            .try_fold(&doc.root, |node, token| match &node.value {
                Value::Array(items) => items.get(token.parse::<usize>().ok()?),
                Value::Object(_) => self.members.get(node, &unescape(token)),
                _ => None,
            })
    }
}

/// Places findings added after the file's trees were dropped (checks across files, suppression
/// comments). Parses the file again only when one of them has a list position to resolve.
pub fn place_late_findings(file: &mut FileReport) {
    let unplaced = |f: &Finding| f.place.is_none();
    if !file.findings.iter().any(unplaced) {
        return;
    }
    let needs_tree = file
        .findings
        .iter()
        .any(|f| unplaced(f) && f.pointer.as_str().split('/').any(is_index));
    let docs = match (needs_tree, file.syntax) {
        // A Terraform file's instances (`NAME["KEY"]`) exist once it is resolved; values from the
        // other files of its module do not.
        (true, Some(syntax)) => crate::lint::parse_alone(&file.path, &file.text, syntax).unwrap_or_default(),
        _ => Vec::new(),
    };
    place_findings(file, &docs, 0);
}

fn is_index(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// `/c<format>:<identity>` then the path from the client, or `/d<document>` (in a YAML stream) then
/// the path from the document. Each step is `/k<key>` for a member, and for a list item `/v<text>`
/// (a string), `/l<literal>` (a number, boolean or null), `/o<member>=<value>` (an object by its
/// id or name) or `/i<position>` (anything else, and secrets, which never enter a place).
fn place<'a>(file: &FileReport, trees: &mut Trees<'a>, f: &Finding) -> String {
    let mut out = String::new();
    let doc = trees.document(f);
    let client = f.client_in(&file.clients).filter(|c| f.pointer.starts_with(&c.pointer));
    let identity = client.and_then(|c| c.id.as_deref().or(c.name.as_deref()));
    let (start, from) = match (client, identity) {
        (Some(c), Some(identity)) => {
            out.push_str(&format!("/c{}:{}", escape(c.format), escape(identity)));
            (c.pointer.as_str(), doc.and_then(|d| trees.resolve(d, &c.pointer)))
        }
        _ => {
            if let Some(n) = f.document {
                out.push_str(&format!("/d{n}"));
            }
            // An embedded document's base is a path of keys in the outer one.
            let base = doc.map_or("", |d| d.base.as_str());
            for token in base.split('/').skip(1) {
                out.push_str("/k");
                out.push_str(token);
            }
            (base, doc.map(|d| &d.root))
        }
    };
    let rest = &f.pointer.as_str()[start.len()..];
    let mut node = from;
    for token in rest.split('/').skip(1) {
        node = match node.map(|n| &n.value) {
            Some(Value::Array(items)) if is_index(token) => {
                let item = token.parse::<usize>().ok().and_then(|i| items.get(i));
                match item {
                    Some(item) => out.push_str(&item_step(item, token, &file.secrets.spans)),
                    None => out.push_str(&format!("/i{token}")),
                }
                item
            }
            Some(Value::Object(_)) => {
                out.push_str("/k");
                out.push_str(token);
                node.and_then(|n| trees.members.get(n, &unescape(token)))
            }
            _ => {
                out.push_str("/r");
                out.push_str(token);
                None
            }
        };
    }
    out
}

/// The step for a list item: the item itself where it is short and names itself.
fn item_step(item: &Node, position: &str, secrets: &[Span]) -> String {
    let overlaps = |s: &Span| s.start < item.span().end && item.span().start < s.end;
    if secrets.iter().any(overlaps) {
        return format!("/i{position}");
    }
    match &item.value {
        Value::String(s) => format!("/v{}", escape(s)),
        Value::Number(n) => format!("/l{}", escape(n)),
        Value::Bool(b) => format!("/l{b}"),
        Value::Null => "/lnull".to_string(),
        Value::Object(_) => ITEM_NAMES
            .iter()
            .find_map(|name| {
                let value = item.get(name)?;
                let text = match &value.value {
                    Value::String(s) => s.as_str(),
                    Value::Number(n) => n.as_str(),
                    _ => return None,
                };
                Some(format!("/o{name}={}", escape(text)))
            })
            .unwrap_or_else(|| format!("/i{position}")),
        Value::Array(_) => format!("/i{position}"),
    }
}

/// RFC 6901 escaping, so a step never holds a raw `/`.
fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn places(path: &str, text: &str) -> Vec<(String, String)> {
        crate::lint_bytes(path, text.as_bytes(), &Settings::default())
            .findings
            .into_iter()
            .map(|f| (f.rule.to_string(), f.place.unwrap_or_default().into()))
            .collect()
    }

    #[test]
    fn a_redirect_uri_is_placed_by_its_text_under_its_client() {
        let realm = r#"{"realm": "r", "clients": [{"clientId": "spa", "publicClient": true,
            "redirectUris": ["https://ok.example/cb", "http://app.example/cb"]}]}"#;
        let found = places("realm.json", realm);
        assert!(
            found.iter().any(|(rule, place)| rule == "redirect-uri-http"
                && place == "/ckeycloak:spa/kredirectUris/vhttp:~1~1app.example~1cb"),
            "{found:?}"
        );
    }

    #[test]
    fn list_items_without_a_name_keep_their_position_and_secrets_never_enter_a_place() {
        let secret = Span::new(20, 30);
        let node = |value: Value, span: Span| Node::new(span, value);
        let object = node(Value::Object(Default::default()), Span::new(0, 5));
        assert_eq!(item_step(&object, "3", &[]), "/i3");
        let text = node(Value::String("hunter2-hunter2".into()), Span::new(21, 29));
        assert_eq!(item_step(&text, "0", &[secret]), "/i0");
        assert_eq!(item_step(&text, "0", &[]), "/vhunter2-hunter2");
    }

    #[test]
    fn the_fingerprint_is_32_hex_digits_and_depends_on_every_part() {
        let f = Finding::at("implicit-grant", Pointer::root().key("a"), Span::new(0, 1), "m");
        let print = fingerprint("clients/a.json", &f);
        assert_eq!(print.len(), 32);
        assert!(print.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(print, fingerprint("clients/b.json", &f));
        let second = Finding { repeat: 1, ..f.clone() };
        assert_ne!(print, fingerprint("clients/a.json", &second));
        let elsewhere = Finding {
            place: Some("/kb".into()),
            ..f
        };
        assert_ne!(print, fingerprint("clients/a.json", &elsewhere));
    }
}
