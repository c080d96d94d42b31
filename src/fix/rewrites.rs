//! Where fixing rewrote a text, followed round after round: the stretches of the original that the
//! fixed text still holds, and between them what the fixes wrote. `--diff` compares only the lines
//! around each rewrite: one comparison of whole files takes time in their length times the number
//! of changed lines, and a file of 40,000 fixes took a minute.

use super::render::Edit;
use std::ops::Range;

/// A stretch the fixes rewrote: `old` in the original text became `new` in the fixed one. Outside
/// the rewrites the two texts are the same, stretch for stretch, in the same order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// A stretch of the original text kept in the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kept {
    /// Where it starts in the current text.
    at: usize,
    /// Where it starts in the original.
    from: usize,
    len: usize,
}

/// How the current text is made of the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrites {
    kept: Vec<Kept>,
    original_len: usize,
    len: usize,
}

impl Rewrites {
    /// A text of `len` bytes, not rewritten yet.
    pub fn new(len: usize) -> Self {
        let kept = if len == 0 {
            vec![]
        } else {
            vec![Kept { at: 0, from: 0, len }]
        };
        Rewrites {
            kept,
            original_len: len,
            len,
        }
    }

    /// Follows `edits` (sorted and apart from one another, as `apply_edits` takes them) applied to
    /// the current text.
    pub fn apply(&mut self, edits: &[Edit]) {
        let mut kept = Vec::with_capacity(self.kept.len() + edits.len());
        let mut next = 0;
        // How much longer the edits taken so far made the text.
        let mut grown: isize = 0;
        let take = |e: &Edit, grown: &mut isize| {
            *grown += e.replacement.len() as isize - e.span.len() as isize;
        };
        for k in &self.kept {
            let (mut start, end, mut from) = (k.at, k.at + k.len, k.from);
            loop {
                // Edits that end before this stretch (an insertion at its start comes before it).
                while let Some(e) = edits.get(next).filter(|e| e.span.end <= start) {
                    take(e, &mut grown);
                    next += 1;
                }
                let Some(e) = edits.get(next).filter(|e| e.span.start < end) else {
                    kept.push(moved(start, end, from, grown));
                    break;
                };
                if e.span.start > start {
                    kept.push(moved(start, e.span.start, from, grown));
                }
                let resume = e.span.end.min(end);
                from += resume - start;
                start = resume;
                if e.span.end > end {
                    // The edit goes on into the next stretch.
                    break;
                }
                take(e, &mut grown);
                next += 1;
            }
        }
        for e in &edits[next..] {
            take(e, &mut grown);
        }
        kept.retain(|k| k.len > 0);
        self.kept = kept;
        self.len = (self.len as isize + grown) as usize;
    }

    /// The rewrites, in order.
    pub fn rewrites(&self) -> Vec<Rewrite> {
        let mut out = Vec::new();
        let (mut old, mut new) = (0, 0);
        let ends = self.kept.iter().map(|k| (k.from, k.at, k.len));
        for (from, at, len) in ends.chain(std::iter::once((self.original_len, self.len, 0))) {
            if from > old || at > new {
                out.push(Rewrite {
                    old: old..from,
                    new: new..at,
                });
            }
            (old, new) = (from + len, at + len);
        }
        out
    }
}

fn moved(start: usize, end: usize, from: usize, grown: isize) -> Kept {
    Kept {
        at: (start as isize + grown) as usize,
        from,
        len: end - start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::fix::render::apply_edits;

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            span: Span::new(start, end),
            replacement: replacement.into(),
        }
    }

    /// Applies the rounds of edits, and checks that the rewrites found account for every byte.
    fn rewrites_of(text: &str, rounds: &[Vec<Edit>]) -> (String, Vec<Rewrite>) {
        let mut current = text.to_string();
        let mut rewrites = Rewrites::new(text.len());
        for edits in rounds {
            current = apply_edits(&current, edits);
            rewrites.apply(edits);
        }
        let found = rewrites.rewrites();
        let (mut old, mut new) = (0, 0);
        for r in &found {
            assert_eq!(text[old..r.old.start], current[new..r.new.start], "kept text differs");
            (old, new) = (r.old.end, r.new.end);
        }
        assert_eq!(text[old..], current[new..], "kept text differs at the end");
        (current, found)
    }

    fn rewrite(old: Range<usize>, new: Range<usize>) -> Rewrite {
        Rewrite { old, new }
    }

    #[test]
    fn nothing_applied_is_no_rewrite() {
        assert_eq!(rewrites_of("abc", &[]).1, vec![]);
        assert_eq!(rewrites_of("", &[vec![]]).1, vec![]);
    }

    #[test]
    fn replacements_insertions_and_removals_are_placed_in_both_texts() {
        let (fixed, found) = rewrites_of(
            "a: 1\nb: 2\nc: 3\n",
            &[vec![
                edit(0, 0, "# x\n"),
                edit(3, 4, "10"),
                edit(5, 10, ""),
                edit(15, 15, "d: 4\n"),
            ]],
        );
        assert_eq!(fixed, "# x\na: 10\nc: 3\nd: 4\n");
        assert_eq!(
            found,
            vec![
                rewrite(0..0, 0..4),
                rewrite(3..4, 7..9),
                rewrite(5..10, 10..10),
                rewrite(15..15, 15..20)
            ]
        );
    }

    #[test]
    fn later_rounds_merge_with_earlier_rewrites_they_touch() {
        let (fixed, found) = rewrites_of(
            "one two three four",
            &[vec![edit(4, 7, "2")], vec![edit(0, 6, "1 2+"), edit(12, 16, "4")]],
        );
        assert_eq!(fixed, "1 2+three 4");
        assert_eq!(found, vec![rewrite(0..8, 0..4), rewrite(14..18, 10..11)]);
    }

    #[test]
    fn an_edit_over_a_rewrite_and_its_kept_neighbours_is_one_rewrite() {
        let (fixed, found) = rewrites_of("abcdefgh", &[vec![edit(2, 3, "XYZ")], vec![edit(1, 6, "-")]]);
        assert_eq!(fixed, "a-efgh");
        assert_eq!(found, vec![rewrite(1..4, 1..2)]);
    }
}
