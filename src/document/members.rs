//! Members of wide objects found by key without a scan per lookup: fix rendering and fingerprint
//! placement look up many pointers through the same objects (a realm, a map of thousands of
//! registrations), and a scan per lookup was quadratic there.

use super::{Node, Str, Value};
use std::cell::RefCell;
use std::collections::HashMap;

/// Objects up to this many members are scanned; wider ones get an index.
const SCANNED: usize = 16;

/// Indexes kept before those of objects the lookups have passed are dropped (see
/// [`Members::forget_before`]): a realm's clients are each a wide object, and an index for every
/// one of them would outweigh what they speed up.
const KEPT_INDEXES: usize = 64;

/// Where each member of the wide objects of one text's trees stands, by key. An object is known by
/// its address, so a `Members` serves trees that stay as they are while it is used. An object's
/// index is built on its second lookup: one looked up once costs one scan.
#[derive(Default)]
pub struct Members {
    objects: RefCell<HashMap<*const Node, Known>>,
}

struct Known {
    /// Where the object ends in the text.
    end: usize,
    /// Positions by key; `None` until the second lookup.
    index: Option<HashMap<Str, usize>>,
}

impl Members {
    /// The position of member `key` of `node`: the last one, when the key is written twice (as
    /// [`Node::get`] reads it). `None` when `node` is not an object or has no such member.
    pub fn position(&self, node: &Node, key: &str) -> Option<usize> {
        let Value::Object(entries) = &node.value else {
            return None;
        };
        let scan = || entries.iter().rposition(|e| e.key == key);
        if entries.len() <= SCANNED {
            return scan();
        }
        let mut objects = self.objects.borrow_mut();
        let Some(known) = objects.get_mut(&(node as *const Node)) else {
            let end = node.span().end;
            objects.insert(node, Known { end, index: None });
            return scan();
        };
        // Later entries of a key overwrite the earlier ones.
        let index = known
            .index
            .get_or_insert_with(|| entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i)).collect());
        index.get(key).copied()
    }

    /// The member `key` of `node`, as [`Members::position`] finds it.
    pub fn get<'n>(&self, node: &'n Node, key: &str) -> Option<&'n Node> {
        let i = self.position(node, key)?;
        node.as_object().map(|entries| &entries[i].value)
    }

    /// Drops what is known of the objects that end before `offset`, once many are known: lookups
    /// that come in file order seldom need them again (and rebuild them if they do).
    pub fn forget_before(&self, offset: usize) {
        let mut objects = self.objects.borrow_mut();
        if objects.len() > KEPT_INDEXES {
            objects.retain(|_, known| known.end > offset);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse_all, Syntax};
    use std::sync::Arc;

    #[test]
    fn wide_objects_are_looked_up_as_a_scan_from_the_end_finds_keys() {
        let mut keys: Vec<String> = (0..100).map(|i| format!("k{i}")).collect();
        keys.push("k7".into());
        let members: Vec<String> = keys.iter().map(|k| format!("\"{k}\": 1")).collect();
        let json = format!("{{{}}}", members.join(", "));
        let docs = parse_all(&Arc::from(json.as_str()), Syntax::Json).expect("parses");
        let members = Members::default();
        // The first lookup scans; the later ones go through the index built on the second.
        for _ in 0..3 {
            assert_eq!(members.position(&docs[0].root, "k7"), Some(100), "the last k7");
            assert_eq!(members.position(&docs[0].root, "k99"), Some(99));
            assert_eq!(members.position(&docs[0].root, "k100"), None);
        }
        assert_eq!(
            members.get(&docs[0].root, "k99").map(|n| &n.value),
            Some(&Value::Number("1".into()))
        );
    }
}
