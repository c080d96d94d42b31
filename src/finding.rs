//! What a rule reports, built the same way by every rule.

use crate::document::{Pointer, Span};
use crate::fix::Fix;
use crate::model::{Client, Origin};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "note" => Some(Severity::Note),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
    /// One level lower; a note stays a note.
    pub fn lower(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            _ => Severity::Note,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location shown beside the primary one.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Span,
    /// Most are fixed texts: borrowed, like [`Finding::label`].
    pub label: Cow<'static, str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    /// `None` until the rule's default severity is filled in by the engine.
    pub severity: Option<Severity>,
    /// Borrowed when it is a fixed text; a built one is held without spare room.
    pub message: Cow<'static, str>,
    /// Most rules' help is a fixed text: borrowed, not copied into every finding.
    pub help: Option<Cow<'static, str>>,
    pub pointer: Pointer,
    pub span: Span,
    /// The label under the primary span.
    pub label: Option<Cow<'static, str>>,
    /// Boxed: the list does not grow once the finding is made.
    pub related: Box<[Related]>,
    /// Index of the client (in its file) the finding is about ([`index`]).
    pub client: Option<u32>,
    /// The document of a YAML stream the pointer is in, when the file holds more than one.
    pub document: Option<u32>,
    /// The condition depends on the inferred client type, so inference confidence gates it
    /// (docs/rules-background.md).
    pub type_dependent: bool,
    /// The primary location is a server-level setting ([`Origin::Server`]) that every client of the
    /// file shares: the engine reports it once per file (`lint::merge_server_level`).
    pub server_level: bool,
    /// How many findings of the same rule at the same place come before this one in the file, so
    /// that their fingerprints differ (code scanning merges results with equal fingerprints).
    pub repeat: u32,
    /// Where the finding is, without positions (`fingerprint::place_findings`); set once the
    /// file's findings are final.
    pub place: Option<Box<str>>,
    /// The file does not hold the setting that decides the finding, which only asks the user to
    /// confirm it at the server: shown with `--pedantic`, and listed as undecided by `inspect`.
    pub unconfirmed: bool,
    /// The edit that resolves the finding, when the rule knows one.
    /// Boxed: most findings have none, and a realm has tens of thousands of findings.
    pub fix: Option<Box<Fix>>,
}

impl Finding {
    /// A finding at an explicit location.
    pub fn at(rule: &'static str, pointer: Pointer, span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        Finding {
            rule,
            severity: None,
            message: fitted(message.into()),
            help: None,
            pointer,
            span,
            label: None,
            related: Box::default(),
            client: None,
            document: None,
            type_dependent: false,
            server_level: false,
            repeat: 0,
            place: None,
            unconfirmed: false,
            fix: None,
        }
    }

    /// A finding about a value of `client`: at the value when it is in the file, else at the client
    /// (saying where the value is when another file of the module sets it).
    pub fn on(rule: &'static str, client: &Client, origin: &Origin, message: impl Into<Cow<'static, str>>) -> Self {
        Finding::at_origin(rule, (&client.pointer, client.anchor), origin, message)
    }

    /// [`Finding::on`] for the client whose object is at `whole` (its pointer and anchor).
    pub fn at_origin(
        rule: &'static str,
        whole: (&Pointer, Span),
        origin: &Origin,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        let (pointer, span) = match origin {
            Origin::File { pointer, span } | Origin::Server { pointer, span } => (pointer.clone(), *span),
            Origin::Default { .. } | Origin::Joined(_) => (whole.0.clone(), whole.1),
        };
        let mut message = message.into();
        if let Some(elsewhere) = origin.elsewhere() {
            message = format!("{message} ({elsewhere})").into();
        }
        let mut f = Finding::at(rule, pointer, span, message);
        f.server_level = matches!(origin, Origin::Server { .. });
        f
    }

    /// A finding about the client as a whole.
    pub fn client(rule: &'static str, client: &Client, message: impl Into<Cow<'static, str>>) -> Self {
        Finding::at(rule, client.pointer.clone(), client.anchor, message)
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = Some(s);
        self
    }
    pub fn help(mut self, h: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(fitted(h.into()));
        self
    }
    pub fn label(mut self, l: impl Into<Cow<'static, str>>) -> Self {
        self.label = Some(fitted(l.into()));
        self
    }
    /// Adds a secondary location when `origin` is in the file.
    pub fn related(self, origin: &Origin, label: impl Into<Cow<'static, str>>) -> Self {
        match origin {
            Origin::File { span, .. } | Origin::Server { span, .. } if *span != self.span => {
                self.related_span(*span, label)
            }
            _ => self,
        }
    }
    /// Adds a secondary location at a span.
    pub fn related_span(mut self, span: Span, label: impl Into<Cow<'static, str>>) -> Self {
        let mut related = std::mem::take(&mut self.related).into_vec();
        // Most findings have one: a list grown from empty would make room for four.
        related.reserve_exact(1);
        related.push(Related {
            span,
            label: fitted(label.into()),
        });
        self.related = related.into_boxed_slice();
        self
    }
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }
    /// The report of the client the finding is about, among `clients` (those of its file).
    pub fn client_in<'a, T>(&self, clients: &'a [T]) -> Option<&'a T> {
        clients.get(usize::try_from(self.client?).ok()?)
    }
    /// [`Finding::document`] as the file's documents count it.
    pub fn document_index(&self) -> Option<usize> {
        self.document.and_then(|d| usize::try_from(d).ok())
    }
    /// See [`Finding::unconfirmed`].
    pub fn unconfirmed(mut self) -> Self {
        self.unconfirmed = true;
        self
    }
    pub fn type_dependent(mut self) -> Self {
        self.type_dependent = true;
        self
    }
}

/// A built text without the spare room `format!` leaves: findings are many, and live to the end.
pub fn fitted(text: Cow<'static, str>) -> Cow<'static, str> {
    match text {
        Cow::Owned(s) if s.capacity() > s.len() => Cow::Owned(s.into_boxed_str().into()),
        text => text,
    }
}

/// A client's or a document's index in its file, as findings hold it: 32 bits, as a file has far
/// fewer than 2³² of either (an index past them would be read as the last).
pub fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    #[test]
    fn a_finding_stays_small() {
        // A realm has tens of thousands, all alive at the end of its lint. The pointer and the span
        // are the document's types, counted apart.
        let own = size_of::<Finding>() - size_of::<Pointer>() - size_of::<Span>();
        assert_eq!(own, 152);
    }

    #[test]
    fn a_built_text_is_held_without_spare_room() {
        let mut built = String::with_capacity(64);
        built.push_str("built");
        let f = Finding::at("r", Pointer::root(), Span::new(0, 1), built).label(format!("{}", 1));
        assert!(matches!(&f.message, Cow::Owned(s) if s.capacity() == 5));
        assert_eq!(f.message, "built");
        let fixed = Finding::at("r", Pointer::root(), Span::new(0, 1), "fixed").related_span(Span::new(1, 2), "here");
        assert!(matches!(fixed.message, Cow::Borrowed("fixed")));
        assert!(matches!(fixed.related[0].label, Cow::Borrowed("here")));
    }
}
