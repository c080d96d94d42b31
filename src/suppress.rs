//! The suppress step: findings the user has accepted leave the report, counted in `suppressed`.
//! A comment in the file (`# oauthlint: ignore[rule] reason`, `// oauthlint: ignore[…]` in JSONC)
//! on the line before a finding or at the end of its line, or an `[[ignore]]` entry of the
//! configuration for files without comments (plain JSON). A comment that suppresses nothing is
//! reported itself (`unused-suppression`), so stale exceptions do not pile up.

use crate::config::Ignore;
use crate::document::{Pointer, Span};
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
    let directives = directives(&report.text);
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

/// Every suppression comment in `text`. A comment alone on its line applies to the next line that
/// is neither blank nor a comment; one after other text applies to its own line.
fn directives(text: &str) -> Vec<Directive> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut waiting: Vec<Directive> = Vec::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let comment_only = trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with("/*");
        if !trimmed.is_empty() && !comment_only {
            out.extend(waiting.drain(..).map(|d| Directive { target: number, ..d }));
        }
        let Some((at, code_before)) = directive_start(line) else {
            continue;
        };
        let Some(directive) = parse(line, start, at) else {
            continue;
        };
        if code_before {
            out.push(Directive {
                target: number,
                ..directive
            });
        } else {
            waiting.push(directive);
        }
    }
    out
}

/// Where `oauthlint:` starts in a comment on `line`, and whether code comes before the comment.
fn directive_start(line: &str) -> Option<(usize, bool)> {
    let at = line.find(MARKER)?;
    let before = line[..at].trim_end();
    let code = ["#", "//", "/*"]
        .iter()
        .find_map(|m| before.strip_suffix(m))
        .map(str::trim)?;
    Some((at, !code.is_empty()))
}

/// `oauthlint: ignore[a, b] reason` at byte `at` of `line`, which starts at `line_start`.
fn parse(line: &str, line_start: usize, at: usize) -> Option<Directive> {
    let after = &line[at + MARKER.len()..];
    let rest = after.trim_start().strip_prefix("ignore[")?;
    let open = line.len() - rest.len();
    let close = open + rest.find(']')?;
    let mut rules = Vec::new();
    let mut pos = open;
    for part in line[open..close].split(',') {
        let name = part.trim();
        if !name.is_empty() {
            let s = line_start + pos + part.find(name).unwrap_or(0);
            rules.push((name.to_string(), Span::new(s, s + name.len())));
        }
        pos += part.len() + 1;
    }
    Some(Directive {
        target: 0,
        rules,
        span: Span::new(line_start + at, line_start + close + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<(usize, Vec<String>)> {
        directives(text)
            .into_iter()
            .map(|d| (d.target, d.rules.into_iter().map(|r| r.0).collect()))
            .collect()
    }

    #[test]
    fn a_comment_alone_applies_to_the_next_line_with_content() {
        let text = "a: 1\n# oauthlint: ignore[redirect-uri-http] dev only\n\n# other comment\nb: 2\n";
        assert_eq!(targets(text), vec![(5, vec!["redirect-uri-http".to_string()])]);
    }

    #[test]
    fn a_trailing_comment_applies_to_its_own_line() {
        let text = "a = 1\nb = \"http://x\" # oauthlint: ignore[redirect-uri-http, implicit-grant] reason\n";
        assert_eq!(
            targets(text),
            vec![(2, vec!["redirect-uri-http".to_string(), "implicit-grant".to_string()])]
        );
        let jsonc = "{\n  \"a\": 1, // oauthlint: ignore[implicit-grant]\n}\n";
        assert_eq!(targets(jsonc), vec![(2, vec!["implicit-grant".to_string()])]);
    }

    #[test]
    fn rule_spans_point_at_the_names() {
        let text = "x: 1 # oauthlint: ignore[ a ,bb]\n";
        let d = &directives(text)[0];
        let names: Vec<&str> = d.rules.iter().map(|(_, s)| &text[s.range()]).collect();
        assert_eq!(names, ["a", "bb"]);
        assert_eq!(&text[d.span.range()], "oauthlint: ignore[ a ,bb]");
    }

    #[test]
    fn text_outside_comments_and_other_words_are_not_directives() {
        assert!(targets("url: \"https://x/oauthlint: ignore[a]\"\n").is_empty());
        assert!(targets("# oauthlint: allow[a]\nb: 1\n").is_empty());
        assert!(targets("# oauthlint: ignore[a\nb: 1\n").is_empty());
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
