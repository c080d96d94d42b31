//! Template placeholders: the one recogniser every judgement of a value goes through.
//!
//! Client files are often templates that a deploy tool renders later. A placeholder is text that
//! will be replaced, so it is never judged as a secret, an origin or a host; the static text
//! around it (a URI's scheme, its path) still is. The grammar, also in `docs/placeholders.md`:
//!
//! | syntax | used by | the name inside |
//! | --- | --- | --- |
//! | `${NAME}`, `${{ NAME }}` | shells, Spring, Terraform, CDK, Teams Toolkit, GitHub Actions | any text up to the close |
//! | `{{ … }}`, `{% … %}` | Helm, Go templates, Mustache, Jinja, Ansible | any text up to the close |
//! | `<% … %>` | ERB, EJS | any text up to the close |
//! | `$( … )` | Make, Azure Pipelines, shell command substitution | any text up to the close |
//! | `#{ … }` | Octopus Deploy, Ruby | any text up to the close |
//! | `@@NAME@@`, `##NAME##` | auth0-deploy-cli keywords | letters, digits, `_` |
//! | `__NAME__` | sed-style templates | upper-case letters, digits, `_` |
//! | `?NAME?` | token-replacement build tasks | upper-case letters, digits, `_` (two or more) |
//! | `%NAME%` | Windows, Gradle, Octopus | letters, digits, `_`, `.`; not two hex digits (`%AB%` is percent-encoding) |
//! | `<NAME>` | documentation samples (`<client-secret>`) | a letter, then letters, digits, ` `, `_`, `.`, `:`, `-` |
//! | `$NAME` | shells, Docker Compose | an identifier; see below |
//! | `…PLACEHOLDER…` | samples (`CLIENT_SECRET_PLACEHOLDER`) | a word with `placeholder` as one of its `_` / `-` parts |
//! | `!Tag value` | CloudFormation short-form intrinsics kept as text | the whole value |
//!
//! The delimited forms need their closing text on the same line, within [`MAX_INSIDE`] bytes.
//! A bare `$NAME` is a placeholder only where a variable can start: an upper-case name after
//! anything but a letter, digit, `$` or `\` (`https://app-$ENV.example.com`), any name at the start
//! of the value or after `/ : . @ =` (`https://$host/cb`). So the secrets `abc$def`, `pa$$word` and
//! `Xy!$z9` are judged as written. A path parameter such as `/cb/<id>` is a placeholder: it is not
//! a URL any browser would visit until something fills it in.
//!
//! Users add their own syntaxes in `.oauthlint.toml` (`placeholders = ["[[NAME]]"]`), see
//! [`Pattern`].

use std::ops::Range;

/// The longest text between a placeholder's delimiters: a bound that keeps the scan linear.
pub const MAX_INSIDE: usize = 256;

/// The first bytes of the built-in forms (words with `placeholder` in them are found apart).
const STARTS: &[u8] = b"${<#@_?%";

/// Delimited forms whose inside is any text up to the close; longer openers first.
const BRACKETED: [(&str, &str); 7] = [
    ("${{", "}}"),
    ("${", "}"),
    ("{{", "}}"),
    ("{%", "%}"),
    ("<%", "%>"),
    ("$(", ")"),
    ("#{", "}"),
];

/// A placeholder syntax from the configuration: the text `NAME` stands for the name, between a
/// literal opening and a literal closing text (`[[NAME]]`, `<<NAME>>`, `NAME_TBD`, `:NAME`).
/// With a closing text, the name is one or more characters up to the first closing text on the
/// same line; without one, it is a run of letters, digits and `_`; without an opening text, it is
/// the run of letters, digits and `_` right before the closing text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    open: String,
    close: String,
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let Some((open, close)) = text.split_once("NAME") else {
            return Err(format!(
                "placeholder pattern `{text}` has no `NAME`: write where the name goes, e.g. `[[NAME]]`"
            ));
        };
        if close.contains("NAME") {
            return Err(format!("placeholder pattern `{text}` has `NAME` more than once"));
        }
        if open.is_empty() && close.is_empty() {
            return Err("placeholder pattern `NAME` would match every word: add the text around it".into());
        }
        if text.chars().any(char::is_control) {
            return Err("a placeholder pattern cannot contain control characters".into());
        }
        Ok(Pattern {
            open: open.to_string(),
            close: close.to_string(),
        })
    }

    /// The match starting at `at`, as its end.
    fn match_at(&self, s: &str, at: usize) -> Option<usize> {
        if self.open.is_empty() {
            return None; // matched backwards from the closing text, in `find_suffixed`
        }
        let inside = at + s[at..].strip_prefix(self.open.as_str()).map(|_| self.open.len())?;
        if self.close.is_empty() {
            let len = ident_len(&s[inside..]);
            return (len > 0).then_some(inside + len);
        }
        closed_at(s, inside, &self.close)
    }

    /// Matches of a pattern without an opening text: the name is the identifier before `close`.
    fn find_suffixed(&self, s: &str, out: &mut Vec<Range<usize>>) {
        if !self.open.is_empty() {
            return;
        }
        for (i, _) in s.match_indices(self.close.as_str()) {
            let name = s[..i]
                .bytes()
                .rev()
                .take(MAX_INSIDE)
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            if name > 0 {
                out.push(i - name..i + self.close.len());
            }
        }
    }
}

/// The recogniser: the built-in grammar plus the configuration's own patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeholders {
    custom: Vec<Pattern>,
}

impl Placeholders {
    pub fn with(custom: Vec<Pattern>) -> Placeholders {
        Placeholders { custom }
    }

    /// The byte ranges of every placeholder in `s`, in order and not overlapping.
    pub fn find(&self, s: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if let Some(rest) = s.trim_start().strip_prefix('!') {
            if cloudformation_tag(rest) {
                return std::iter::once(0..s.len()).collect();
            }
        }
        for p in &self.custom {
            p.find_suffixed(s, &mut found);
        }
        let bytes = s.as_bytes();
        // Only these bytes can start a placeholder: skip to them with a table lookup per byte (a
        // certificate is megabytes long).
        let mut starts = [false; 256];
        for b in STARTS
            .iter()
            .chain(self.custom.iter().filter_map(|p| p.open.as_bytes().first()))
        {
            starts[usize::from(*b)] = true;
        }
        let mut i = 0;
        while let Some(at) = bytes[i..].iter().position(|b| starts[usize::from(*b)]) {
            i += at;
            let end = self
                .custom
                .iter()
                .find_map(|p| p.match_at(s, i))
                .or_else(|| builtin_at(s, i));
            // Every start byte is ASCII, so `i + 1` is a char boundary.
            i = end.inspect(|&end| found.push(i..end)).unwrap_or(i + 1);
        }
        found.extend(placeholder_words(s));
        merge(found)
    }

    /// Whether `s` holds a placeholder anywhere.
    pub fn any(&self, s: &str) -> bool {
        !self.find(s).is_empty()
    }
}

/// Whether `s` holds a placeholder of the built-in grammar.
pub fn any(s: &str) -> bool {
    Placeholders::default().any(s)
}

/// `Ref CallbackUrl`, `GetAtt Pool.Arn`, `Sub 'https://${Domain}/cb'` after the `!`.
fn cloudformation_tag(rest: &str) -> bool {
    rest.split_once(' ')
        .is_some_and(|(tag, _)| !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == ':'))
}

/// The end of the built-in placeholder that starts at byte `i`, if one does.
fn builtin_at(s: &str, i: usize) -> Option<usize> {
    let rest = &s[i..];
    for (open, close) in BRACKETED {
        if rest.starts_with(open) {
            if let Some(end) = closed_at(s, i + open.len(), close) {
                return Some(end);
            }
        }
    }
    let first = *rest.as_bytes().first()?;
    match first {
        b'@' | b'#' if rest.as_bytes().get(1) == Some(&first) => {
            let name = ident_len(&rest[2..]);
            let close = if first == b'@' { "@@" } else { "##" };
            (name > 0 && rest[2 + name..].starts_with(close)).then_some(i + 2 + name + 2)
        }
        b'_' if rest.starts_with("__") && (i == 0 || s.as_bytes()[i - 1] != b'_') => {
            let name = upper_name_len(&rest[2..]);
            let name = rest[2..2 + name].trim_end_matches('_').len();
            let has_letter = rest[2..2 + name].bytes().any(|b| b.is_ascii_uppercase());
            (has_letter && rest[2 + name..].starts_with("__")).then_some(i + 2 + name + 2)
        }
        b'?' => {
            let name = upper_name_len(&rest[1..]);
            let starts_with_letter = rest.as_bytes().get(1).is_some_and(u8::is_ascii_uppercase);
            (name >= 2 && starts_with_letter && rest[1 + name..].starts_with('?')).then_some(i + 1 + name + 1)
        }
        b'%' => {
            let name = rest[1..]
                .bytes()
                .take(MAX_INSIDE)
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.')
                .count();
            let inside = &rest[1..1 + name];
            let percent_encoded = name == 2 && inside.bytes().all(|b| b.is_ascii_hexdigit());
            let starts_ok = inside.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
            (starts_ok && !percent_encoded && rest[1 + name..].starts_with('%')).then_some(i + 1 + name + 1)
        }
        b'<' => {
            let name = rest[1..]
                .bytes()
                .take(MAX_INSIDE)
                .take_while(|b| b.is_ascii_alphanumeric() || b" _.:-".contains(b))
                .count();
            let starts_ok = rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic);
            (starts_ok && rest[1 + name..].starts_with('>')).then_some(i + 1 + name + 1)
        }
        b'$' => {
            let name = ident_len(&rest[1..]);
            let starts_ok = rest
                .as_bytes()
                .get(1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
            let before = i.checked_sub(1).map(|b| s.as_bytes()[b]);
            let upper = rest[1..1 + name]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            let after_word = before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'$' || b == b'\\');
            let at_boundary = before.is_none_or(|b| b"/:.@=".contains(&b));
            (starts_ok && ((upper && !after_word) || at_boundary)).then_some(i + 1 + name)
        }
        _ => None,
    }
}

/// The end of the placeholder whose inside starts at `inside`, when `close` follows on the same
/// line within [`MAX_INSIDE`] bytes and the inside is not empty.
fn closed_at(s: &str, inside: usize, close: &str) -> Option<usize> {
    // Only the window can hold the close: a text of unclosed openers stays linear.
    let window = &s.as_bytes()[inside..s.len().min(inside + MAX_INSIDE + close.len())];
    let at = memchr::memmem::find(window, close.as_bytes())?;
    let text = &s[inside..inside + at];
    (at > 0 && !text.contains('\n') && !text.trim().is_empty()).then_some(inside + at + close.len())
}

/// Names are at most [`MAX_INSIDE`] bytes long, which keeps a scan from every start byte linear.
fn ident_len(s: &str) -> usize {
    s.bytes()
        .take(MAX_INSIDE)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()
}

fn upper_name_len(s: &str) -> usize {
    s.bytes()
        .take(MAX_INSIDE)
        .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
        .count()
}

/// Words (runs of letters, digits, `_`, `-`) with `placeholder` as one of their parts.
fn placeholder_words(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // A cheap test first: most values have no such word.
    let bytes = s.as_bytes();
    if memchr::memmem::find(bytes, b"laceholder").is_none() && memchr::memmem::find(bytes, b"LACEHOLDER").is_none() {
        return out;
    }
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut start = None;
    for (i, c) in s.char_indices().chain([(s.len(), ' ')]) {
        match (is_word(c) && i < s.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                if s[from..i]
                    .split(['_', '-'])
                    .any(|p| p.eq_ignore_ascii_case("placeholder"))
                {
                    out.push(from..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Sorts the ranges and joins the overlapping ones.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The placeholders of `s`, as text.
    fn found(s: &str) -> Vec<&str> {
        Placeholders::default().find(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn dollar_brace_and_double_brace() {
        assert_eq!(found("${BASE_URL}/cb"), ["${BASE_URL}"]);
        assert_eq!(found("https://${HOST}/cb"), ["${HOST}"]);
        assert_eq!(found("${{TAB_ENDPOINT}}/auth"), ["${{TAB_ENDPOINT}}"]);
        assert_eq!(found("https://{{ .Values.host }}/cb"), ["{{ .Values.host }}"]);
        assert_eq!(found("{% if prod %}x{% endif %}"), ["{% if prod %}", "{% endif %}"]);
        assert_eq!(found("<%= ENV['SECRET'] %>"), ["<%= ENV['SECRET'] %>"]);
        assert_eq!(found("$(env:URL)/cb"), ["$(env:URL)"]);
        assert_eq!(found("#{Octopus.Web.BaseUrl}/cb"), ["#{Octopus.Web.BaseUrl}"]);
    }

    #[test]
    fn delimited_names() {
        assert_eq!(found("@@CALLBACKS@@"), ["@@CALLBACKS@@"]);
        assert_eq!(found("https://##ENV##.example.com/cb"), ["##ENV##"]);
        assert_eq!(found("__REDIRECT_URI__"), ["__REDIRECT_URI__"]);
        assert_eq!(found("https://__HOST__/cb"), ["__HOST__"]);
        assert_eq!(found("?CLIENT_SECRET?"), ["?CLIENT_SECRET?"]);
        assert_eq!(found("%BASE_URL%/cb"), ["%BASE_URL%"]);
        assert_eq!(found("<your-client-secret>"), ["<your-client-secret>"]);
        assert_eq!(found("https://app.example.com/cb/<id>"), ["<id>"]);
    }

    #[test]
    fn bare_dollar_names_where_a_variable_can_start() {
        assert_eq!(found("$CLIENT_SECRET"), ["$CLIENT_SECRET"]);
        assert_eq!(found("https://$host/cb"), ["$host"]);
        assert_eq!(found("https://app-$ENV.example.com/cb"), ["$ENV"]);
        assert_eq!(found("https://$HOST:8443/cb"), ["$HOST"]);
    }

    #[test]
    fn placeholder_words() {
        assert_eq!(found("CLIENT_SECRET_PLACEHOLDER"), ["CLIENT_SECRET_PLACEHOLDER"]);
        assert_eq!(found("https://placeholder-host.example.com"), ["placeholder-host"]);
        assert_eq!(found("PLACEHOLDER"), ["PLACEHOLDER"]);
    }

    #[test]
    fn cloudformation_tags_are_whole_values() {
        assert_eq!(found("!Ref CallbackUrl"), ["!Ref CallbackUrl"]);
        assert_eq!(found("!GetAtt Pool.Arn"), ["!GetAtt Pool.Arn"]);
    }

    #[test]
    fn real_values_that_only_look_like_placeholders() {
        for literal in [
            "abc$def",
            "pa$$word",
            "Xy!$z9Q",
            "abc$DEF",
            "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
            "https://example.com/a%20b",
            "https://example.com/%AB%CD",
            "https://example.com/##",
            "https://example.com/#section",
            "https://example.com/##a b##",
            "https://example.com/cb?a=b?",
            "https://example.com/__init__",
            "https://example.com/cb?x=1&y=<2",
            "${unclosed",
            "{{}}",
            "https://example.com/{ }",
            "com.example.app:/oauth2redirect",
            "my_secret_value_1234567890",
        ] {
            assert_eq!(found(literal), Vec::<&str>::new(), "{literal}");
        }
    }

    #[test]
    fn a_close_too_far_or_on_another_line_is_not_a_placeholder() {
        assert!(!any(&format!("${{{}}}", "a".repeat(MAX_INSIDE + 1))));
        assert!(!any("${A\nB}"));
    }

    /// Long runs of openers find only the placeholders that close. How the time grows with them is measured
    /// by `bench/quadratic.sh placeholders`, not here: a test must not time itself.
    #[test]
    fn long_runs_of_openers_find_only_what_closes() {
        for text in ["${".repeat(200_000), "_A".repeat(200_000), "<a".repeat(200_000)] {
            assert!(Placeholders::default().find(&text).is_empty(), "{}", &text[..4]);
        }
        // `%A%` is a placeholder (`%NAME%`); they do not overlap.
        let percent = "%A".repeat(200_000);
        let found = Placeholders::default().find(&percent);
        assert_eq!(found.len(), 100_000);
        assert!(found.iter().all(|r| &percent[r.clone()] == "%A%"));
        let tbd = Placeholders::with(vec![Pattern::parse("NAME_TBD").unwrap()]);
        let run = "A_TBD".repeat(20_000);
        // One run of letters, digits and `_` that ends in `_TBD`: one placeholder, all of it.
        let all = 0..run.len();
        assert_eq!(tbd.find(&run), vec![all]);
    }

    #[test]
    fn configured_patterns() {
        let p = Placeholders::with(vec![
            Pattern::parse("[[NAME]]").unwrap(),
            Pattern::parse("NAME_TBD").unwrap(),
            Pattern::parse(":NAME").unwrap(),
        ]);
        let text = |s: &str| p.find(s).into_iter().map(|r| s[r].to_string()).collect::<Vec<_>>();
        assert_eq!(text("https://[[ host ]]/cb"), ["[[ host ]]"]);
        assert_eq!(text("CLIENT_SECRET_TBD"), ["CLIENT_SECRET_TBD"]);
        assert_eq!(text("https://app.example.com/:tenant/cb"), [":tenant"]);
        assert!(!Placeholders::default().any("https://[[ host ]]/cb"));
    }

    #[test]
    fn a_pattern_needs_exactly_one_name_and_some_text_around_it() {
        assert!(Pattern::parse("[[X]]").unwrap_err().contains("has no `NAME`"));
        assert!(Pattern::parse("NAME-NAME").unwrap_err().contains("more than once"));
        assert!(Pattern::parse("NAME").unwrap_err().contains("every word"));
    }
}
