//! `--diff`: what `--fix` would change, as a unified diff (`--- a/path`, `+++ b/path`, three lines of
//! context). The lines are the file's: secrets are masked and every line is escaped, as snippets
//! are, so a diff in a CI log leaks nothing and forges no log command.

use crate::escape;
use similar::{ChangeTag, TextDiff};

/// The diff of `old` and `new`, both already masked, for the file shown as `path`.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    let diff = TextDiff::from_lines(old, new);
    let path = escape::text(path);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        out.push_str(&format!("{}\n", hunk.header()));
        for change in hunk.iter_changes() {
            let sign = match change.tag() {
                ChangeTag::Equal => ' ',
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
            };
            let line = change.value().trim_end_matches('\n').trim_end_matches('\r');
            out.push(sign);
            out.push_str(&shown(line));
            out.push('\n');
            if change.missing_newline() {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
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

    #[test]
    fn hunks_have_three_lines_of_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assert_eq!(
            unified("x.yaml", old, new),
            "--- a/x.yaml\n+++ b/x.yaml\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n"
        );
    }

    #[test]
    fn crlf_and_missing_final_newline_are_shown_plainly() {
        assert_eq!(
            unified("x.json", "{\r\n\"a\": 1\r\n}", "{\r\n\"a\": 2\r\n}"),
            "--- a/x.json\n+++ b/x.json\n@@ -1,3 +1,3 @@\n {\n-\"a\": 1\n+\"a\": 2\n }\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn escape_sequences_and_log_commands_are_defused() {
        let diff = unified(
            "x.yaml",
            "a: 1\n::error::forged\nb: \u{1b}[31m\n",
            "a: 2\n::error::forged\nb: \u{1b}[31m\n",
        );
        assert!(!diff.contains('\u{1b}'), "{diff}");
        assert!(!diff.lines().any(|l| l.trim_start().starts_with("::")), "{diff}");
    }
}
