//! The one list of rules: each rule's code (from `rules/`) joined with its documentation (from
//! `lints/<name>.md`, embedded at build time). Metadata lives in the doc's front matter.

use crate::finding::Severity;
use crate::rules::{self, Check};
use std::sync::OnceLock;

/// `(file stem, contents)` of every `lints/*.md`.
pub const LINT_DOCS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/lint_docs.rs"));

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Default {
    On,
    Pedantic,
    Profile(String),
}

#[derive(Debug)]
pub struct Rule {
    pub name: &'static str,
    pub category: String,
    pub severity: Severity,
    pub default: Default,
    pub references: Vec<String>,
    /// How each profile changes the rule (`oauth21: error`), from the `profiles` front-matter list.
    pub profiles: Vec<String>,
    /// CWE ids, for SARIF tags.
    pub cwe: Vec<String>,
    /// Policy thresholds a configuration may change (`[rules.NAME]` in `.oauthlint.toml`).
    pub options: Vec<RuleOption>,
    /// The fixes its findings may carry: `safe`, `unsafe`, `safe/unsafe`, or `None` (front
    /// matter `fix`); the doc's `## Fix` section says what they do.
    pub fix: Option<String>,
    /// The Markdown body after the front matter.
    pub doc: &'static str,
    /// The first paragraph of "What it does".
    pub summary: String,
    pub check: Check,
}

/// A policy threshold of a rule, declared in its doc's front matter as `"name = default"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOption {
    pub name: String,
    pub kind: OptionKind,
    pub default: u64,
    /// The default as the doc writes it (`1h`, `128`).
    pub written: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// Seconds; written as a number of seconds or a duration (`1h`, `30d`, `PT10M`).
    Duration,
    /// A plain count, such as bits of entropy.
    Count,
}

impl OptionKind {
    /// Reads a configured value: a non-negative integer, or for durations also a duration string.
    pub fn parse(self, written: &str) -> Option<u64> {
        if let Ok(n) = written.trim().parse::<u64>() {
            return Some(n);
        }
        match (self, crate::model::Lifetime::parse(written)) {
            (OptionKind::Duration, Some(crate::model::Lifetime::Seconds(s))) => Some(s),
            _ => None,
        }
    }
}

impl Rule {
    pub fn option(&self, name: &str) -> Option<&RuleOption> {
        self.options.iter().find(|o| o.name == name)
    }
}

/// The default of a rule's option. Rules read only options their docs declare, which the rule
/// tests exercise; a missing one is a bug in the rule, not in the input.
pub fn option_default(rule: &str, option: &str) -> u64 {
    get(rule)
        .and_then(|r| r.option(option))
        .map(|o| o.default)
        .unwrap_or_else(|| panic!("rule `{rule}` reads option `{option}`, which lints/{rule}.md does not declare"))
}

/// Every rule, sorted by name. Panics at first use if code and docs disagree, which the registry
/// test turns into a test failure.
pub fn all() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| build().unwrap_or_else(|e| panic!("rule registry: {e}")))
}

pub fn get(name: &str) -> Option<&'static Rule> {
    let all = all();
    all.binary_search_by(|r| r.name.cmp(name)).ok().map(|i| &all[i])
}

/// Joins code and docs, or says what does not match.
pub fn build() -> Result<Vec<Rule>, String> {
    let mut out = Vec::new();
    for (name, check) in rules::all() {
        let (_, text) = LINT_DOCS
            .iter()
            .find(|(doc, _)| *doc == name)
            .ok_or_else(|| format!("rule `{name}` has no lints/{name}.md"))?;
        out.push(parse_doc(name, text, check)?);
    }
    if let Some((orphan, _)) = LINT_DOCS.iter().find(|(doc, _)| !out.iter().any(|r| r.name == *doc)) {
        return Err(format!("lints/{orphan}.md documents no rule"));
    }
    out.sort_by_key(|r| r.name);
    for pair in out.windows(2) {
        if pair[0].name == pair[1].name {
            return Err(format!("rule `{}` is registered twice", pair[0].name));
        }
    }
    Ok(out)
}

fn parse_doc(name: &'static str, text: &'static str, check: Check) -> Result<Rule, String> {
    let err = |what: &str| format!("lints/{name}.md: {what}");
    let rest = text.strip_prefix("---\n").ok_or_else(|| err("no front matter"))?;
    let end = rest.find("\n---\n").ok_or_else(|| err("front matter not closed"))?;
    let (front, body) = (&rest[..end], rest[end + 5..].trim_start());
    let field = |key: &str| {
        front.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            (k.trim() == key).then(|| v.split(" #").next().unwrap_or("").trim().to_string())
        })
    };
    let list = |key: &str| -> Vec<String> {
        field(key)
            .map(|v| {
                v.trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|s| s.trim().trim_matches('"').to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    if field("name").as_deref() != Some(name) {
        return Err(err("front matter `name` differs from the file name"));
    }
    let severity = field("severity")
        .and_then(|s| Severity::parse(&s))
        .ok_or_else(|| err("severity must be error, warning or note"))?;
    let default = match field("default").as_deref() {
        Some("on") => Default::On,
        Some("pedantic") => Default::Pedantic,
        Some(p) if p.starts_with("profile:") => Default::Profile(p["profile:".len()..].to_string()),
        _ => return Err(err("default must be on, pedantic or profile:NAME")),
    };
    let summary = section(body, "What it does")
        .and_then(|s| s.split("\n\n").next())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .ok_or_else(|| err("no `## What it does` section"))?;
    for required in ["Why is this bad?", "Example", "Use instead", "References"] {
        section(body, required).ok_or_else(|| err(&format!("no `## {required}` section")))?;
    }
    let fix = field("fix").filter(|f| f != "none");
    match (&fix, section(body, "Fix")) {
        (Some(f), _) if !["safe", "unsafe", "safe/unsafe"].contains(&f.as_str()) => {
            return Err(err("fix must be safe, unsafe, `safe/unsafe` or none"))
        }
        (Some(_), None) => return Err(err("a `fix` in the front matter but no `## Fix` section")),
        _ => {}
    }
    let references = list("references");
    if let Some(missing) = references.iter().find(|r| !cited(body, r)) {
        return Err(err(&format!(
            "`## References` does not cite `{missing}` of the front matter"
        )));
    }
    let options = list("options")
        .iter()
        .map(|o| parse_option(o).ok_or_else(|| err(&format!("option `{o}` is not `name = default`"))))
        .collect::<Result<Vec<_>, _>>()?;
    match section(body, "Options") {
        None if !options.is_empty() => return Err(err("options are declared but there is no `## Options` section")),
        Some(_) if options.is_empty() => {
            return Err(err("an `## Options` section but no `options` in the front matter"))
        }
        Some(text) => {
            if let Some(o) = options.iter().find(|o| !text.contains(&format!("`{}`", o.name))) {
                return Err(err(&format!("the `## Options` section does not describe `{}`", o.name)));
            }
        }
        None => {}
    }
    Ok(Rule {
        name,
        category: field("category").ok_or_else(|| err("no category"))?,
        severity,
        default,
        references,
        profiles: list("profiles"),
        cwe: list("cwe"),
        options,
        fix,
        doc: body,
        summary,
        check,
    })
}

/// Whether the `## References` section cites `reference` (`RFC 9700 §4.14.2`): the document
/// and, when given, the section, which may follow another of the same document (`… and §4.14.2`).
fn cited(body: &str, reference: &str) -> bool {
    let text = section(body, "References").unwrap_or_default();
    let (document, number) = match reference.find(" §") {
        Some(i) => (&reference[..i], Some(&reference[i + 1..])),
        None => (reference, None),
    };
    text.contains(document) && number.is_none_or(|n| text.contains(n))
}

/// `"max-lifetime = 30d"`: a duration when the default has a unit, else a count.
fn parse_option(text: &str) -> Option<RuleOption> {
    let (name, written) = text.split_once('=')?;
    let (name, written) = (name.trim(), written.trim());
    let kind = if written.bytes().all(|b| b.is_ascii_digit()) {
        OptionKind::Count
    } else {
        OptionKind::Duration
    };
    let valid_name = !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    Some(RuleOption {
        name: valid_name.then(|| name.to_string())?,
        kind,
        default: kind.parse(written)?,
        written: written.to_string(),
    })
}

/// The text of a `## title` section.
pub fn section<'a>(body: &'a str, title: &str) -> Option<&'a str> {
    let start = body.find(&format!("## {title}\n"))? + title.len() + 4;
    let rest = &body[start..];
    Some(rest[..rest.find("\n## ").unwrap_or(rest.len())].trim())
}

/// The first fenced code block of a section, with its language tag.
pub fn code_block<'a>(body: &'a str, title: &str) -> Option<(&'a str, &'a str)> {
    let sec = section(body, title)?;
    let open = sec.find("```")? + 3;
    let rest = &sec[open..];
    let nl = rest.find('\n')?;
    let lang = rest[..nl].trim();
    let code = &rest[nl + 1..];
    Some((lang, &code[..code.find("```")?]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "---
name: demo
category: grants
severity: warning
default: on
references: [\"RFC 9700 §2.1.2\", \"RFC 9700 §4.14.2\", \"BBA\"]
---
## What it does

Demo.

## Why is this bad?

Because.

## Example

```json
{}
```

## Use instead

```json
{}
```

## References

REFS
";

    fn parse(references: &str) -> Result<Rule, String> {
        let text: &'static str = Box::leak(DOC.replace("REFS", references).into_boxed_str());
        parse_doc("demo", text, Check::Engine)
    }

    #[test]
    fn the_references_section_cites_every_reference_of_the_front_matter() {
        assert!(parse("- RFC 9700 §2.1.2 (MUST NOT) and §4.14.2 (SHOULD)\n- BBA §6.1").is_ok());
        assert_eq!(
            parse("- RFC 9700 §2.1.2 (MUST NOT)\n- BBA §6.1").unwrap_err(),
            "lints/demo.md: `## References` does not cite `RFC 9700 §4.14.2` of the front matter"
        );
        let no_section = DOC.replace("## References\n\nREFS\n", "");
        let text: &'static str = Box::leak(no_section.into_boxed_str());
        assert_eq!(
            parse_doc("demo", text, Check::Engine).unwrap_err(),
            "lints/demo.md: no `## References` section"
        );
    }
}
