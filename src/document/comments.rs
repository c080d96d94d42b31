//! Where a file's comments are, as its own syntax reads them: a suppression directive counts only
//! inside one, never inside a string that happens to contain `//` or `#`.
//!
//! Each syntax asks its tokenizer: jsonc-parser's scanner for JSONC, toml_parser's lexer for TOML
//! (multi-line strings included), the YAML parser's scalar positions, the properties reader's
//! logical lines, a scan that knows HCL's strings, heredocs and interpolations for HCL (`#`, `//`,
//! `/* */`). Plain JSON has no comments.

use super::{hcl, json, properties, yaml, Span, Syntax};
use toml_parser::lexer::TokenKind;

/// One comment: its whole text, markers included (`# …`, `// …`, `/* … */`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
}

/// Every comment of `text` read as `syntax`, in order.
pub fn comments(text: &str, syntax: Syntax) -> Vec<Comment> {
    let spans = match syntax {
        Syntax::Json => Vec::new(),
        Syntax::Jsonc => json::comments(text),
        Syntax::Toml => toml(text),
        Syntax::Yaml => yaml::comments(text),
        Syntax::Properties => properties::comments(text),
        Syntax::Hcl => hcl::comments(text),
    };
    spans.into_iter().map(|span| Comment { span }).collect()
}

/// The comment tokens of the TOML lexer, which knows every kind of string.
fn toml(text: &str) -> Vec<Span> {
    toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.kind() == TokenKind::Comment)
        .map(|t| Span::new(t.span().start(), t.span().end()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of each comment.
    fn found(text: &str, syntax: Syntax) -> Vec<&str> {
        comments(text, syntax).iter().map(|c| &text[c.span.range()]).collect()
    }

    #[test]
    fn jsonc_comments_are_the_scanners_and_strings_are_not_comments() {
        let text = "{\"a\": \"x // not /* either */\", // line\n /* block\n two */ \"b\": 1}";
        assert_eq!(found(text, Syntax::Jsonc), ["// line", "/* block\n two */"]);
        assert!(found("{\"a\": \"// x\"} // y", Syntax::Json).is_empty());
    }

    #[test]
    fn toml_strings_of_every_kind_hide_hashes() {
        let text =
            "a = \"# no\" # yes\nb = '''\n# no\n''' # two\nc = \"\"\"\n# no \\\"\"\" # still no\n\"\"\"\n# three\n";
        assert_eq!(found(text, Syntax::Toml), ["# yes", "# two", "# three"]);
    }

    #[test]
    fn yaml_hashes_inside_scalars_are_text() {
        let text = "a: &anchor \"x # no\" # yes\nb: 'y # no'\nc: d#no\ne: |\n  # no, block text\n# at the start\nf: plain # trailing\n";
        assert_eq!(found(text, Syntax::Yaml), ["# yes", "# at the start", "# trailing"]);
    }

    #[test]
    fn yaml_quoted_scalars_over_several_lines_keep_their_hashes() {
        let text = "a: \"one \\\" two\n  # no\n  three\" # yes\nb: 'x\n  # no' # also\n";
        assert_eq!(found(text, Syntax::Yaml), ["# yes", "# also"]);
    }

    #[test]
    fn yaml_plain_scalars_over_several_lines_keep_their_hashes() {
        let text = "a: one\n  two#three\n  four # end\n";
        assert_eq!(found(text, Syntax::Yaml), ["# end"]);
    }

    #[test]
    fn properties_comments_start_logical_lines_only() {
        let text = "# one\na = x \\\n  # not a comment, the value goes on\n! two\nb = y # not either\n";
        assert_eq!(found(text, Syntax::Properties), ["# one", "! two"]);
    }
}
