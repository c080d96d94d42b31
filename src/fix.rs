//! What a finding's fix changes, said in terms of the document.
//!
//! A rule never sees text: it says *what* to change at a pointer (the same pointers as
//! [`crate::model::Origin::File`]), and the fix engine renders each [`Change`] as a text edit in the
//! file's own syntax and style, leaving every other byte as it was.

pub mod apply;
pub mod diff;
pub mod render;
pub mod rewrites;

use crate::document::members::Members;
use crate::document::Pointer;

/// Whether a fix can be applied without asking: see `docs/fixes.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Cannot break a client that follows the specs today (applied by `--fix`).
    Safe,
    /// Can change what a working client must send (applied only with `--unsafe-fixes`).
    Unsafe,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in the imperative: "turn the implicit flow off".
    pub title: String,
    /// Applied together or not at all.
    pub changes: Vec<Change>,
    /// The edits reports show, rendered while the file's tree was at hand ([`edits`], then [`scrub`]): `None`
    /// when not rendered yet, `Some(None)` when the fix cannot be written there.
    pub rendered: Option<Option<Vec<render::Edit>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Replace the value at `at` with `with`.
    Replace { at: Pointer, with: Literal },
    /// Remove the array item or object member at `at`, with its separator (and its line, when it
    /// has a line to itself).
    Remove { at: Pointer },
    /// Remove one word from the string at `at` that holds a list: comma-separated (Spring's
    /// `authorization-grant-types=authorization_code,implicit`) or space-separated (an OIDC
    /// `response_type` of `"code id_token"`), with the separator next to it. A string that holds only
    /// `word` becomes empty.
    RemoveWord { at: Pointer, word: String },
    /// Set `key` in the object at `object` to `value`: replace the value when the key is there, else
    /// add the member after the object's last one, in the style of its siblings.
    Set {
        object: Pointer,
        key: String,
        value: Literal,
    },
}

/// A value to write, rendered in the file's syntax (`false`, `"S256"`, `S256`, `["code"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Bool(bool),
    String(String),
    /// A number as it should be written.
    Number(String),
    Strings(Vec<String>),
}

impl Fix {
    pub fn safe(title: impl Into<String>, changes: Vec<Change>) -> Fix {
        Fix {
            applicability: Applicability::Safe,
            title: title.into(),
            changes,
            rendered: None,
        }
    }
    pub fn unsafe_(title: impl Into<String>, changes: Vec<Change>) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            title: title.into(),
            changes,
            rendered: None,
        }
    }
}

/// The edits of findings' fixes as reports show them: rendered when the file was linted, else (a
/// Terraform file, whose linted tree is resolved with its module) from the file parsed again, once
/// however many of its findings have a fix (findings come file by file).
#[derive(Default)]
pub struct Previews {
    /// The file parsed last: its path, its line ending, its trees and their members.
    file: Option<(String, &'static str, Vec<crate::document::Document>, Members)>,
}

impl Previews {
    /// The edits of `f`'s fix in `file`, or `None` when it has none or it cannot be written there
    /// (such a fix is left out of reports: `--fix` would not apply it either). Replacements have the
    /// file's secrets masked, though a fix only writes literals of its rule.
    pub fn edits(&mut self, file: &crate::lint::FileReport, f: &crate::finding::Finding) -> Option<Vec<render::Edit>> {
        let fix = f.fix.as_ref()?;
        if let Some(rendered) = &fix.rendered {
            return rendered.clone();
        }
        if self.file.as_ref().is_none_or(|(path, ..)| *path != file.path) {
            let docs = crate::document::parse_all(&file.text, file.syntax?).ok()?;
            self.file = Some((file.path.clone(), render::newline(&file.text), docs, Members::default()));
        }
        let (_, newline, docs, members) = self.file.as_ref()?;
        let mut rendered = edits(&file.text, newline, docs, f.document_index(), fix, members)?;
        scrub(&mut rendered, &file.secrets);
        Some(rendered)
    }
}

/// The edits of `fix` in the document `document` of `docs` (the trees of `text`), or `None` when it
/// cannot be written there (such a fix is left out of reports: `--fix` would not apply it either).
/// Replacements are as the fix writes them: [`scrub`] them once the file's secrets are all known.
/// `newline` is [`render::newline`] of `text`; `members` serves every fix rendered in `docs`.
pub fn edits(
    text: &str,
    newline: &'static str,
    docs: &[crate::document::Document],
    document: Option<usize>,
    fix: &Fix,
    members: &Members,
) -> Option<Vec<render::Edit>> {
    let doc = render::document_for(docs, document)?;
    render::render(text, newline, doc, fix, members).ok()
}

/// Masks the file's `secrets` in the replacements of `edits`, though a fix only writes literals of
/// its rule.
pub fn scrub(edits: &mut [render::Edit], secrets: &crate::mask::Secrets) {
    for e in edits {
        if let std::borrow::Cow::Owned(clean) = secrets.scrub(&e.replacement) {
            e.replacement = clean;
        }
    }
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}
