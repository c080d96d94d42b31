//! One copy of each string that a text repeats: every non-empty [`Str`] is a heap block, and the
//! clients of a realm repeat their keys and many values (scope and protocol names, `"true"`).

use super::Str;
use xxhash_rust::xxh3::xxh3_64;

/// Bounds of the table, in slots of one word: a small file gets a small table, a realm some 64 KiB.
const MIN_SLOTS: usize = 64;
const MAX_SLOTS: usize = 8192;

/// A cache of the strings last made, by the hash of their text, two to a set and the one used last
/// first: constant time and memory whatever the text, keeps the strings that recur when others
/// come between them, and a string that loses its place only costs its own copy.
pub(super) struct Shared {
    slots: Vec<Option<Str>>,
}

impl Shared {
    /// A table for a text of `len` bytes: about a slot per 64 bytes, within the bounds.
    pub(super) fn for_text(len: usize) -> Self {
        let slots = (len / 64).clamp(MIN_SLOTS, MAX_SLOTS).next_power_of_two();
        Shared {
            slots: vec![None; slots],
        }
    }

    /// `text` as the tree keeps it: the string made last for an equal text, or a new one.
    pub(super) fn get(&mut self, text: &str) -> Str {
        if text.is_empty() {
            return Str::new();
        }
        // The slot count is a power of two: the low bits of the hash, less the last, pick the set.
        let first = xxh3_64(text.as_bytes()) as usize & (self.slots.len() - 2);
        let set = &mut self.slots[first..first + 2];
        let hit = set.iter().position(|s| s.as_ref().is_some_and(|s| s.as_str() == text));
        match hit {
            Some(0) => {}
            Some(_) => set.swap(0, 1),
            None => {
                set.swap(0, 1);
                set[0] = Some(Str::from(text));
            }
        }
        set[0].clone().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_string() {
        let mut shared = Shared::for_text(0);
        // Two texts at different places, as two clients of a file hold them.
        let elsewhere = String::from("openid-connect");
        let (a, b) = (shared.get("openid-connect"), shared.get(&elsewhere));
        assert!(Str::ptr_eq(&a, &b));
        assert_eq!((a.as_str(), shared.get("").as_str()), ("openid-connect", ""));
    }

    #[test]
    fn the_table_stays_within_its_bounds() {
        assert_eq!(Shared::for_text(100).slots.len(), MIN_SLOTS);
        assert_eq!(Shared::for_text(usize::MAX).slots.len(), MAX_SLOTS);
        // More distinct texts than slots: each still reads back as itself, and one used between
        // them all stays shared.
        let mut shared = Shared::for_text(0);
        let kept = shared.get("web-origins");
        for i in 0..10 * MIN_SLOTS {
            assert_eq!(shared.get(&i.to_string()).as_str(), i.to_string());
            assert!(Str::ptr_eq(&kept, &shared.get("web-origins")), "{i}");
        }
    }
}
