//! `--diff`: what `--fix` would change, as a unified diff (`--- a/path`, `+++ b/path`, three lines of
//! context). The lines are the file's: secrets are masked and every line is escaped, as snippets
//! are, so a diff in a CI log leaks nothing and forges no log command.

use super::rewrites::Rewrite;
use crate::escape;
use similar::udiff::UnifiedHunkHeader;
use similar::{capture_diff, group_diff_ops, Algorithm, DiffOp, DiffTag, DiffableStr};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The diff of `old` and `new`, both already masked, for the file shown as `path`. `rewrites` says
/// where the fixes rewrote `old` (see `rewrites`): only the lines around them are compared.
pub fn unified(path: &str, old: &str, new: &str, rewrites: &[Rewrite]) -> String {
    let (old_lines, new_lines) = (Lines::of(old), Lines::of(new));
    // Masking the fixed text anew can differ from the original's outside the rewrites (a fix that
    // changes what counts as a secret): then the whole files are compared.
    let whole = [Rewrite {
        old: 0..old.len(),
        new: 0..new.len(),
    }];
    let rewrites = if kept_alike(old, new, rewrites) {
        rewrites
    } else {
        &whole
    };
    let ops = line_ops(&old_lines, &new_lines, rewrites);
    let path = escape::text(path);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for hunk in group_diff_ops(ops, CONTEXT) {
        out.push_str(&format!("{}\n", UnifiedHunkHeader::new(&hunk)));
        for op in &hunk {
            let (tag, old_range, new_range) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                push_lines(&mut out, ' ', &old_lines.text[old_range]);
            } else {
                push_lines(&mut out, '-', &old_lines.text[old_range]);
                push_lines(&mut out, '+', &new_lines.text[new_range]);
            }
        }
    }
    out
}

fn push_lines(out: &mut String, sign: char, lines: &[&str]) {
    for line in lines {
        out.push(sign);
        out.push_str(&shown(line.trim_end_matches('\n').trim_end_matches('\r')));
        out.push('\n');
        if !line.ends_with(['\r', '\n']) {
            out.push_str("\\ No newline at end of file\n");
        }
    }
}

/// Whether the texts are alike outside `rewrites`, as fixing left them.
fn kept_alike(old: &str, new: &str, rewrites: &[Rewrite]) -> bool {
    let (mut o, mut n) = (0, 0);
    let ends = rewrites.iter().map(|r| (r.old.clone(), r.new.clone()));
    ends.chain(std::iter::once((old.len()..old.len(), new.len()..new.len())))
        .all(|(old_at, new_at)| {
            let alike = old.as_bytes().get(o..old_at.start).is_some()
                && old.as_bytes().get(o..old_at.start) == new.as_bytes().get(n..new_at.start);
            (o, n) = (old_at.end, new_at.end);
            alike
        })
}

/// A text's lines, each with its line break (`\n`, `\r\n`, `\r`), as `similar` splits them.
struct Lines<'t> {
    text: Vec<&'t str>,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn of(text: &'t str) -> Self {
        let text = text.tokenize_lines();
        let starts = text
            .iter()
            .scan(0, |at, line| {
                let start = *at;
                *at += line.len();
                Some(start)
            })
            .collect();
        Lines { text, starts }
    }

    /// The lines that hold the bytes of `range`, and the line where an empty range stands.
    fn around(&self, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
        let line = |at: usize| self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        line(range.start)..(line(range.end) + 1).min(self.text.len())
    }
}

/// The line operations that turn `old` into `new`: the lines around each rewrite compared (Myers'
/// algorithm), the lines between them equal.
fn line_ops(old: &Lines, new: &Lines, rewrites: &[Rewrite]) -> Vec<DiffOp> {
    let mut ops = Vec::new();
    let (mut o, mut n) = (0, 0);
    let mut regions = rewrites
        .iter()
        .map(|r| (old.around(&r.old), new.around(&r.new)))
        .peekable();
    while let Some((mut old_at, mut new_at)) = regions.next() {
        // Lines between two rewrites are the same in both texts; rewrites that share a line, or
        // whose lines between differ in number, are compared as one.
        while let Some((next_old, next_new)) = regions.peek() {
            let apart = next_old.start > old_at.end && next_new.start > new_at.end;
            if apart && next_old.start - old_at.end == next_new.start - new_at.end {
                break;
            }
            old_at.end = old_at.end.max(next_old.end);
            new_at.end = new_at.end.max(next_new.end);
            regions.next();
        }
        if old_at.start.saturating_sub(o) != new_at.start.saturating_sub(n) {
            (old_at.start, new_at.start) = (o, n);
        }
        let (old_at, new_at) = (old_at.start.max(o)..old_at.end, new_at.start.max(n)..new_at.end);
        push_equal(&mut ops, o, n, old_at.start - o);
        for op in capture_diff(Algorithm::Myers, &old.text, old_at.clone(), &new.text, new_at.clone()) {
            match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => push_equal(&mut ops, old_index, new_index, len),
                op => ops.push(op),
            }
        }
        (o, n) = (old_at.end, new_at.end);
    }
    let (old_left, new_left) = (old.text.len() - o, new.text.len() - n);
    if old_left == new_left {
        push_equal(&mut ops, o, n, old_left);
    } else {
        let (old_rest, new_rest) = (o..old.text.len(), n..new.text.len());
        ops.extend(capture_diff(Algorithm::Myers, &old.text, old_rest, &new.text, new_rest));
    }
    ops
}

/// Adds equal lines, joined to equal lines just before them, as one comparison of the whole
/// texts would give them (hunks are cut at long runs of equal lines).
fn push_equal(ops: &mut Vec<DiffOp>, old_index: usize, new_index: usize, len: usize) {
    if len == 0 {
        return;
    }
    if let Some(DiffOp::Equal { len: before, .. }) = ops.last_mut() {
        *before += len;
        return;
    }
    ops.push(DiffOp::Equal {
        old_index,
        new_index,
        len,
    });
}

/// One line of the file, escaped; a line that a CI runner would read as a command once it trims
/// the diff's leading blank (`::error …`) gets its first `:` escaped.
fn shown(line: &str) -> String {
    let text = escape::text(line).into_owned();
    if text.trim_start().starts_with("::") {
        text.replacen(':', "\\x3a", 1)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::fix::render::{apply_edits, Edit};
    use crate::fix::rewrites::Rewrites;

    fn edits_of(edits: &[(usize, usize, &str)]) -> Vec<Edit> {
        let edit = |&(start, end, with): &(usize, usize, &str)| Edit {
            span: Span::new(start, end),
            replacement: with.into(),
        };
        edits.iter().map(edit).collect()
    }

    /// The diff of `old` and the text `edits` make of it.
    fn diff_of(old: &str, edits: &[(usize, usize, &str)]) -> String {
        let edits = edits_of(edits);
        let mut rewrites = Rewrites::new(old.len());
        rewrites.apply(&edits);
        unified("x.yaml", old, &apply_edits(old, &edits), &rewrites.rewrites())
    }

    /// One comparison of the whole texts, as `--diff` made before it followed the rewrites.
    fn whole_texts(old: &str, new: &str) -> String {
        let mut out = "--- a/x.yaml\n+++ b/x.yaml\n".to_string();
        let diff = similar::TextDiff::from_lines(old, new);
        for hunk in diff.unified_diff().context_radius(CONTEXT).iter_hunks() {
            out.push_str(&format!("{}\n", hunk.header()));
            for change in hunk.iter_changes() {
                let sign = match change.tag() {
                    similar::ChangeTag::Equal => ' ',
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                };
                push_lines(&mut out, sign, &[change.value()]);
            }
        }
        out
    }

    #[test]
    fn hunks_have_three_lines_of_context() {
        assert_eq!(
            diff_of("a\nb\nc\nd\ne\nf\ng\nh\n", &[(8, 9, "E")]),
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn changes_apart_are_hunks_apart_and_changes_near_share_one() {
        let old: String = (0..20).map(|i| format!("line {i}\n")).collect();
        let at = |line: usize| old.find(&format!("line {line}\n")).unwrap();
        assert_eq!(
            diff_of(
                &old,
                &[
                    (at(1), at(2), ""),
                    (at(5), at(5), "new\n"),
                    (at(15), at(16), "line fifteen\n")
                ]
            ),
            "--- a/x.yaml\n+++ b/x.yaml\n\
             @@ -1,8 +1,8 @@\n line 0\n-line 1\n line 2\n line 3\n line 4\n+new\n line 5\n line 6\n line 7\n\
             @@ -13,7 +13,7 @@\n line 12\n line 13\n line 14\n-line 15\n+line fifteen\n line 16\n line 17\n line 18\n"
        );
    }

    #[test]
    fn crlf_and_missing_final_newline_are_shown_plainly() {
        assert_eq!(
            diff_of("{\r\n\"a\": 1\r\n}", &[(8, 9, "2")]),
            "--- a/x.json\n+++ b/x.json\n@@ -1,3 +1,3 @@\n {\n-\"a\": 1\n+\"a\": 2\n }\n\\ No newline at end of file\n"
                .replace("x.json", "x.yaml")
        );
    }

    #[test]
    fn text_that_differs_outside_the_rewrites_is_shown_too() {
        // The fixed text masked anew: a secret the original showed is hidden after the fix.
        let rewrites = [Rewrite { old: 3..4, new: 3..4 }];
        assert_eq!(
            unified("x.yaml", "a: 1\ns: abc\n", "a: 2\ns: ***\n", &rewrites),
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -1,2 +1,2 @@\n-a: 1\n-s: abc\n+a: 2\n+s: ***\n"
        );
    }

    /// `old` with the hunks of `diff` applied (texts of whole `\n` lines, the last one maybe
    /// without its line break); checks that the context and removed lines are `old`'s.
    fn patch(old: &str, diff: &str) -> String {
        let old: Vec<&str> = old.split_inclusive('\n').collect();
        let mut out = String::new();
        let mut at = 0;
        let mut last_sign = "";
        for line in diff.lines().skip(2) {
            if let Some(header) = line.strip_prefix("@@ -") {
                let start: usize = header.split([',', ' ']).next().unwrap().parse().unwrap();
                // `-0,0` inserts before the first line.
                let start = start.saturating_sub(1).max(at);
                out.extend(old[at..start].iter().copied());
                at = start;
            } else if line == "\\ No newline at end of file" {
                // Of the line before: a removed one is not in `out`.
                if last_sign != "-" {
                    out.pop();
                }
            } else {
                let (sign, text) = line.split_at(1);
                last_sign = sign;
                if sign != "+" {
                    assert_eq!(old[at].trim_end_matches('\n'), text, "{diff}");
                    at += 1;
                }
                if sign != "-" {
                    out.push_str(text);
                    out.push('\n');
                }
            }
        }
        out.extend(old[at..].iter().copied());
        out
    }

    fn changed_lines(diff: &str) -> usize {
        diff.lines().skip(2).filter(|l| l.starts_with(['+', '-'])).count()
    }

    #[test]
    fn scattered_edits_diff_as_small_as_the_whole_texts_do() {
        // Lines that repeat, so that lines around one edit also stand elsewhere.
        let old: String = (0..400).map(|i| format!("k{}: v\n", (i * 7) % 13)).collect();
        let mut seed = 7u64;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below
        };
        for round in 0..200 {
            let mut edits = Vec::new();
            let mut at = 0;
            while at < old.len() {
                at += next(600);
                let end = (at + next(12)).min(old.len());
                if at >= old.len() {
                    break;
                }
                let with = ["", "k1: v\n", "x", "k3: w\nk4: v\n", "\n"][next(5)];
                edits.push((at, end, with));
                at = end + 1;
            }
            let new = apply_edits(&old, &edits_of(&edits));
            // Where lines repeat, two smallest diffs may pair them differently: compare sizes.
            let diff = diff_of(&old, &edits);
            assert_eq!(patch(&old, &diff), new, "round {round}: {edits:?}\n{diff}");
            let whole = whole_texts(&old, &new);
            assert_eq!(
                patch(&old, &whole),
                new,
                "round {round}: the patch of the whole texts' diff"
            );
            assert_eq!(changed_lines(&diff), changed_lines(&whole), "round {round}: {edits:?}");
        }
    }

    #[test]
    fn escape_sequences_and_log_commands_are_defused() {
        let diff = diff_of("a: 1\n::error::forged\nb: \u{1b}[31m\n", &[(3, 4, "2")]);
        assert!(!diff.contains('\u{1b}'), "{diff}");
        assert!(!diff.lines().any(|l| l.trim_start().starts_with("::")), "{diff}");
    }
}
