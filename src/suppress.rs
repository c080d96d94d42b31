//! The suppress step: findings the user has accepted leave the report, counted in `suppressed`.
//! A comment in the file (`# oauthlint: ignore[rule] reason`, `// oauthlint: ignore[…]` in JSONC)
//! on the line before a finding or at the end of its line, or an `[[ignore]]` entry of the
//! configuration for files without comments (plain JSON). Only a real comment of the file's syntax
//! counts (`document::comments`): the text of a string value is never a directive, or anyone could
//! silence a rule from a `client_name`. A comment that suppresses nothing is reported itself
//! (`unused-suppression`), so stale exceptions do not pile up.

use crate::config::Ignore;
use crate::document::{self, Comment, LineIndex, Pointer, Span, Syntax};
use crate::finding::Finding;
use crate::lint::{self, FileReport};
use crate::registry;
use crate::spelling::suggest;
use std::collections::{HashMap, HashSet};

const RULE: &str = "unused-suppression";
const MARKER: &str = "oauthlint:";

/// One `oauthlint: ignore[…]` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    /// The 1-based line whose findings it suppresses.
    target: usize,
    /// Each rule it names, with the span of the name.
    rules: Vec<(String, Span)>,
    /// The whole `oauthlint: ignore[…]` text.
    span: Span,
}

/// Takes suppressed findings out of `report` and reports comments that suppressed nothing.
pub fn suppress(report: &mut FileReport) {
    let directives = directives(&report.text, &report.lines, report.syntax);
    if directives.is_empty() && report.settings.ignores.is_empty() {
        return;
    }
    let mut used: Vec<Vec<bool>> = directives.iter().map(|d| vec![false; d.rules.len()]).collect();
    // Each (line, rule) the comments name, with the comments naming it. A finding looks up its own,
    // and the first one marks them all used: linear in findings plus comments, however many of
    // either share a line.
    let mut named: HashMap<(usize, &str), Vec<(usize, usize)>> = HashMap::new();
    for (d, directive) in directives.iter().enumerate() {
        for (r, (name, _)) in directive.rules.iter().enumerate() {
            named.entry((directive.target, name.as_str())).or_default().push((d, r));
        }
    }
    let before = report.findings.len();
    let ignores = Ignored::new(&report.settings.ignores);
    let (text, lines) = (&report.text, &report.lines);
    report.findings.retain(|f| {
        if f.rule == RULE {
            return true;
        }
        if ignores.cover(f) {
            return false;
        }
        let line = lines.position(text, f.span.start).line;
        let Some(naming) = named.get_mut(&(line, f.rule)) else {
            return true;
        };
        for (d, r) in naming.drain(..) {
            used[d][r] = true;
        }
        false
    });
    report.suppressed += before - report.findings.len();
    let enabled = report.settings.enabled();
    let names = || registry::all().iter().map(|r| r.name);
    let mut unused = Vec::new();
    for (d, u) in directives.iter().zip(&used) {
        if d.rules.is_empty() {
            unused.push(Finding::at(RULE, Pointer::root(), d.span, "this suppression names no rule").label("no rule"));
        }
        for ((name, span), _) in d.rules.iter().zip(u).filter(|(_, was_used)| !**was_used) {
            let finding = match registry::get(name) {
                // A rule that does not run here cannot tell whether the comment is still needed.
                Some(rule) if !enabled.contains(rule.name) => continue,
                Some(_) => Finding::at(
                    RULE,
                    Pointer::root(),
                    *span,
                    format!(
                        "`{name}` reports nothing on line {}: this suppression is no longer needed",
                        d.target
                    ),
                )
                .label("suppresses nothing")
                .help("remove the rule from the comment, or the comment"),
                None => {
                    let hint = suggest(name, names())
                        .map(|r| format!(" (did you mean `{r}`?)"))
                        .unwrap_or_default();
                    Finding::at(RULE, Pointer::root(), *span, format!("no rule is named `{name}`{hint}"))
                        .label("unknown rule")
                }
            };
            unused.push(finding);
        }
    }
    if !unused.is_empty() {
        report.findings.extend(unused);
        lint::finish_findings(&mut report.findings, &report.settings);
    }
}

/// The `[[ignore]]` entries of a file, as the (rule, pointer) pairs they name; `""` stands for the
/// whole file. A finding looks up its own pointer and each of its parents, so the work does not
/// grow with the number of entries.
struct Ignored<'a>(HashSet<(&'a str, &'a str)>);

impl<'a> Ignored<'a> {
    fn new(ignores: &'a [Ignore]) -> Self {
        let pairs = ignores.iter().flat_map(|i| {
            let pointer = i.pointer.as_deref().filter(|p| *p != "/").unwrap_or("");
            i.rules.iter().map(move |&rule| (rule, pointer))
        });
        Ignored(pairs.collect())
    }

    /// Whether an entry covers a finding: its rule, at or above its pointer.
    fn cover(&self, f: &Finding) -> bool {
        if self.0.is_empty() {
            return false;
        }
        let at = f.pointer.as_str();
        let parents = at.match_indices('/').filter(|&(i, _)| i > 0).map(|(i, _)| &at[..i]);
        std::iter::once("")
            .chain(parents)
            .chain(std::iter::once(at))
            .any(|pointer| self.0.contains(&(f.rule, pointer)))
    }
}

/// Every suppression directive in the comments of `text`. A comment with code before it on its
/// line applies to that line; one alone applies to the next line with code on it (blank lines and
/// other comments are skipped), which may be the rest of its own last line (`/* … */ "a": 1`).
fn directives(text: &str, lines: &LineIndex, syntax: Option<Syntax>) -> Vec<Directive> {
    let Some(syntax) = syntax.filter(|_| text.contains(MARKER)) else {
        return Vec::new();
    };
    let comments = document::comments(text, syntax);
    let code_before = code_before_each(text, &comments);
    let code_after = code_after_each(text, &comments);
    let mut out = Vec::new();
    for ((comment, before), after) in comments.iter().zip(code_before).zip(code_after) {
        let Some(directive) = parse(text, comment.span) else {
            continue;
        };
        let target = if before { Some(comment.span.start) } else { after };
        if let Some(at) = target {
            out.push(Directive {
                target: lines.position(text, at).line,
                ..directive
            });
        }
    }
    out
}

/// For each comment, whether code comes before it on the line it starts on. One pass: the text
/// between two comments on one line is looked at once.
fn code_before_each(text: &str, comments: &[Comment]) -> Vec<bool> {
    let mut out = Vec::with_capacity(comments.len());
    let (mut from, mut code) = (0, false);
    for c in comments {
        let gap = &text[from..c.span.start];
        code = match gap.rfind('\n') {
            Some(newline) => !gap[newline..].trim().is_empty(),
            None => {
                // After a block comment over several lines, the line began inside that comment.
                let line_began_in_comment = out
                    .len()
                    .checked_sub(1)
                    .is_some_and(|previous| text[comments[previous].span.range()].contains('\n'));
                (code && !line_began_in_comment) || !gap.trim().is_empty()
            }
        };
        out.push(code);
        from = c.span.end;
    }
    out
}

/// For each comment, where the first code after it is (past blanks and further comments). One
/// pass from the end, so a run of many comments costs no more than its length.
fn code_after_each(text: &str, comments: &[Comment]) -> Vec<Option<usize>> {
    let mut out = vec![None; comments.len()];
    let mut next = None;
    let mut until = text.len();
    for (i, c) in comments.iter().enumerate().rev() {
        let gap = &text[c.span.end..until];
        if let Some(p) = gap.find(|ch: char| !ch.is_whitespace()) {
            next = Some(c.span.end + p);
        }
        out[i] = next;
        until = c.span.start;
    }
    out
}

/// `oauthlint: ignore[a, b] reason` inside the comment at `comment`, on one line of it.
fn parse(text: &str, comment: Span) -> Option<Directive> {
    let body = &text[comment.range()];
    let at = comment.start + body.find(MARKER)?;
    let line_end = text[at..comment.end].find(['\n', '\r']).map_or(comment.end, |p| at + p);
    let line = &text[at..line_end];
    let rest = line[MARKER.len()..].trim_start().strip_prefix("ignore[")?;
    let open = line_end - rest.len();
    let close = open + rest.find(']')?;
    let mut rules = Vec::new();
    let mut pos = open;
    for part in text[open..close].split(',') {
        let name = part.trim();
        if !name.is_empty() {
            let s = pos + part.find(name).unwrap_or(0);
            rules.push((name.to_string(), Span::new(s, s + name.len())));
        }
        pos += part.len() + 1;
    }
    Some(Directive {
        target: 0,
        rules,
        span: Span::new(at, close + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives_in(text: &str, syntax: Syntax) -> Vec<Directive> {
        directives(text, &LineIndex::new(text), Some(syntax))
    }

    fn targets(text: &str, syntax: Syntax) -> Vec<(usize, Vec<String>)> {
        directives_in(text, syntax)
            .into_iter()
            .map(|d| (d.target, d.rules.into_iter().map(|r| r.0).collect()))
            .collect()
    }

    #[test]
    fn a_comment_alone_applies_to_the_next_line_with_content() {
        let text = "a: 1\n# oauthlint: ignore[redirect-uri-http] dev only\n\n# other comment\nb: 2\n";
        assert_eq!(
            targets(text, Syntax::Yaml),
            vec![(5, vec!["redirect-uri-http".to_string()])]
        );
    }

    #[test]
    fn a_trailing_comment_applies_to_its_own_line() {
        let text = "a = 1\nb = \"http://x\" # oauthlint: ignore[redirect-uri-http, implicit-grant] reason\n";
        assert_eq!(
            targets(text, Syntax::Toml),
            vec![(2, vec!["redirect-uri-http".to_string(), "implicit-grant".to_string()])]
        );
        let jsonc = "{\n  \"a\": 1, // oauthlint: ignore[implicit-grant]\n}\n";
        assert_eq!(
            targets(jsonc, Syntax::Jsonc),
            vec![(2, vec!["implicit-grant".to_string()])]
        );
    }

    #[test]
    fn rule_spans_point_at_the_names() {
        let text = "x: 1 # oauthlint: ignore[ a ,bb]\n";
        let d = &directives_in(text, Syntax::Yaml)[0];
        let names: Vec<&str> = d.rules.iter().map(|(_, s)| &text[s.range()]).collect();
        assert_eq!(names, ["a", "bb"]);
        assert_eq!(&text[d.span.range()], "oauthlint: ignore[ a ,bb]");
    }

    #[test]
    fn text_outside_comments_and_other_words_are_not_directives() {
        assert!(targets("url: \"https://x/oauthlint: ignore[a]\"\n", Syntax::Yaml).is_empty());
        assert!(targets("# oauthlint: allow[a]\nb: 1\n", Syntax::Yaml).is_empty());
        assert!(targets("# oauthlint: ignore[a\nb: 1\n", Syntax::Yaml).is_empty());
    }

    #[test]
    fn a_directive_in_a_string_is_text_even_after_a_comment_marker() {
        let json = r#"{"client_name": "Shop //oauthlint: ignore[implicit-grant]", "a": 1}"#;
        assert!(targets(json, Syntax::Json).is_empty());
        assert!(targets(json, Syntax::Jsonc).is_empty());
        assert!(targets("name: 'x # oauthlint: ignore[a]'\nb: 1\n", Syntax::Yaml).is_empty());
        assert_eq!(targets("name: x #oauthlint: ignore[a]\n", Syntax::Yaml).len(), 1);
        assert!(targets("n = \"\"\"\n# oauthlint: ignore[a]\n\"\"\"\nb = 1\n", Syntax::Toml).is_empty());
        assert!(targets("a = x \\\n  # oauthlint: ignore[a]\nb = 1\n", Syntax::Properties).is_empty());
    }

    #[test]
    fn block_comments_apply_to_the_code_after_them_or_before_them() {
        let text = "{\n  /* oauthlint: ignore[a] */\n  // more\n  \"x\": 1,\n  \"y\": 2 /* oauthlint: ignore[b] */\n}";
        assert_eq!(
            targets(text, Syntax::Jsonc),
            vec![(4, vec!["a".to_string()]), (5, vec!["b".to_string()])]
        );
        let spanning = "{\n  \"x\": 1, /* two\n lines */ // oauthlint: ignore[c]\n  \"y\": 2\n}";
        assert_eq!(targets(spanning, Syntax::Jsonc), vec![(4, vec!["c".to_string()])]);
        let same_line = "{ /* oauthlint: ignore[d] */ \"x\": 1 }";
        assert_eq!(targets(same_line, Syntax::Jsonc), vec![(1, vec!["d".to_string()])]);
    }

    #[test]
    fn hcl_comments_of_each_kind_suppress_and_strings_and_heredocs_do_not() {
        let text = "resource \"okta_app_oauth\" \"a\" {\n  # oauthlint: ignore[a]\n  x = 1\n  y = [\"http://x\"] // oauthlint: ignore[b]\n  /* oauthlint: ignore[c] */ z = 2\n}\n";
        assert_eq!(
            targets(text, Syntax::Hcl),
            vec![
                (3, vec!["a".to_string()]),
                (4, vec!["b".to_string()]),
                (5, vec!["c".to_string()])
            ]
        );
        let hidden = "a = \"# oauthlint: ignore[a]\"\nb = <<EOT\n# oauthlint: ignore[b]\nEOT\nc = \"${x # oauthlint: ignore[c]\n}\"\nd = 1\n";
        // Only the comment inside the interpolation is a comment; it applies to its own line.
        assert_eq!(targets(hidden, Syntax::Hcl), vec![(5, vec!["c".to_string()])]);
    }

    #[test]
    fn a_directive_with_nothing_after_it_targets_nothing() {
        assert!(targets("a: 1\n# oauthlint: ignore[a]\n\n", Syntax::Yaml).is_empty());
    }

    #[test]
    fn ignore_entries_match_the_pointer_and_below() {
        let ignore = Ignore {
            pointer: Some("/redirect_uris/1".into()),
            rules: vec!["redirect-uri-http"],
        };
        let at = |rule: &'static str, pointer: &str| {
            let mut p = Pointer::root();
            for k in pointer.split('/').skip(1) {
                p = p.key(k);
            }
            Finding::at(rule, p, Span::new(0, 1), "m")
        };
        let ignores = [ignore];
        let ignored = Ignored::new(&ignores);
        assert!(ignored.cover(&at("redirect-uri-http", "/redirect_uris/1")));
        assert!(ignored.cover(&at("redirect-uri-http", "/redirect_uris/1/x")));
        assert!(!ignored.cover(&at("redirect-uri-http", "/redirect_uris/10")));
        assert!(!ignored.cover(&at("redirect-uri-http", "/redirect_uris")));
        assert!(!ignored.cover(&at("implicit-grant", "/redirect_uris/1")));
        // Without a pointer, or with `/`, an entry covers the whole file.
        let whole = [Ignore {
            pointer: Some("/".into()),
            rules: vec!["implicit-grant"],
        }];
        assert!(Ignored::new(&whole).cover(&at("implicit-grant", "/response_types/0")));
    }
}
