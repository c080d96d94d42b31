//! RFC 6901 JSON Pointers: how findings name the value they are about.

use std::borrow::Cow;
use std::fmt;

/// Boxed rather than a `String`: every field of every client carries one, and a box is a word
/// smaller and holds no spare capacity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pointer(Box<str>);

impl Pointer {
    pub fn root() -> Self {
        Pointer(Box::default())
    }
    /// The pointer to member `key` of the object this pointer names.
    pub fn key(&self, key: &str) -> Self {
        let mut s = String::with_capacity(self.0.len() + key.len() + 1);
        s.push_str(&self.0);
        s.push('/');
        // Adapters make a pointer for every member they visit; almost no key needs escaping.
        if !key.contains(['~', '/']) {
            s.push_str(key);
            return Pointer(s.into_boxed_str());
        }
        for c in key.chars() {
            match c {
                '~' => s.push_str("~0"),
                '/' => s.push_str("~1"),
                c => s.push(c),
            }
        }
        Pointer(s.into_boxed_str())
    }
    /// The pointer to element `i` of the array this pointer names.
    pub fn index(&self, i: usize) -> Self {
        use std::fmt::Write;
        // Sized exactly, so that boxing it does not copy it again.
        let digits = i.checked_ilog10().map_or(1, |d| d as usize + 1);
        let mut s = String::with_capacity(self.0.len() + 1 + digits);
        s.push_str(&self.0);
        let _ = write!(s, "/{i}");
        Pointer(s.into_boxed_str())
    }
    /// `rest`, read from where `self` points (for a document embedded in a string).
    pub fn join(&self, rest: &Pointer) -> Self {
        Pointer(format!("{}{}", self.0, rest.0).into_boxed_str())
    }
    /// The pointer to the object or array that holds this value; `None` for the root.
    pub fn parent(&self) -> Option<Pointer> {
        self.0.rsplit_once('/').map(|(parent, _)| Pointer(parent.into()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &Pointer) -> bool {
        self.0.starts_with(&*other.0) && (self.0.len() == other.0.len() || self.0.as_bytes()[other.0.len()] == b'/')
    }
    /// The keys and indexes, unescaped, that lead from `base` to here; `None` when `self` is not
    /// inside `base`.
    pub fn tokens_from(&self, base: &Pointer) -> Option<impl Iterator<Item = Cow<'_, str>>> {
        let rest = self.0.get(base.0.len()..).filter(|_| self.starts_with(base))?;
        Some(rest.split('/').skip(1).map(|t| {
            if t.contains('~') {
                Cow::Owned(t.replace("~1", "/").replace("~0", "~"))
            } else {
                Cow::Borrowed(t)
            }
        }))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_tilde_and_slash() {
        let p = Pointer::root().key("a/b").key("m~n").index(3);
        assert_eq!(p.as_str(), "/a~1b/m~0n/3");
        let p = Pointer::root()
            .key("plain")
            .index(0)
            .index(9)
            .index(10)
            .index(usize::MAX);
        assert_eq!(p.as_str(), format!("/plain/0/9/10/{}", usize::MAX));
    }

    #[test]
    fn prefix_is_by_whole_token() {
        let p = Pointer::root().key("clients").index(1);
        assert!(p.key("x").starts_with(&p));
        assert!(!Pointer::root().key("clients").index(10).starts_with(&p));
    }

    #[test]
    fn tokens_are_unescaped_and_start_after_the_base() {
        let base = Pointer::root().key("data");
        let p = base.key("a/b").key("m~n").index(3);
        let tokens: Vec<String> = p.tokens_from(&base).unwrap().map(String::from).collect();
        assert_eq!(tokens, ["a/b", "m~n", "3"]);
        assert_eq!(base.tokens_from(&base).unwrap().count(), 0);
        assert!(Pointer::root().key("database").tokens_from(&base).is_none());
    }

    #[test]
    fn parent_drops_the_last_token() {
        let p = Pointer::root().key("settings").key("a/b");
        assert_eq!(p.parent(), Some(Pointer::root().key("settings")));
        assert_eq!(Pointer::root().key("x").parent(), Some(Pointer::root()));
        assert_eq!(Pointer::root().parent(), None);
    }
}
