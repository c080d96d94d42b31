//! The one escaping mechanism every output uses. Everything in a linted tree is hostile (a pull request
//! from a stranger): its file names, keys, values and the parser messages that quote them must never
//! act on what reads the output — a terminal (ESC, OSC 8 / OSC 52, BEL), a CI runner (`::command`
//! at the start of a line, `##[command]` anywhere in it), a Markdown renderer (links, HTML, entities)
//! or a reviewer's eyes (bidi controls reorder text, CVE-2021-42574).
//!
//! Text for people ([`text`], [`path`], [`source`], [`markdown`], [`xml`]) shows such characters as
//! visible escapes (`\x1b`, `\u{202e}`); JSON ([`write_json`]) keeps values exact and writes them as
//! `\uXXXX`, so no raw control ever reaches the output.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

/// Bidirectional controls: embeddings, overrides and isolates, and the implicit marks.
pub fn is_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that act, or take no room, instead of showing: C0 and C1 controls, DEL, bidi controls,
/// line and paragraph separators, and the invisible format characters (zero-width spaces and joiners,
/// the byte-order mark, fillers, tags used to smuggle hidden ASCII) and the two noncharacters XML
/// cannot hold.
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control()
        || is_bidi(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{FFFE}'
                | '\u{FFFF}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// The visible form of a hidden character: `\n`, `\x1b`, `\u{202e}`.
fn push_visible(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Whether `rest` opens a CI log command, which runners obey anywhere in a line: GitHub's `##[`,
/// Azure Pipelines' `##vso[`, TeamCity's `##teamcity[`.
fn log_command_at(rest: &str) -> bool {
    rest.strip_prefix("##")
        .map(|after| after.trim_start_matches(|c: char| c.is_ascii_alphabetic()))
        .is_some_and(|after| after.starts_with('['))
}

/// Writes `s` with every hidden character that `keep` does not allow as a visible escape, and the
/// second `#` of a CI log command as `\x23`; `escaped(end, added)` hears of each change: the original
/// offset just past it and the bytes it added.
fn escape_with(s: &str, keep: impl Fn(usize, char) -> bool, mut escaped: impl FnMut(usize, usize)) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for (i, c) in s.char_indices() {
        let before = out.len();
        if is_hidden(c) && !keep(i, c) {
            push_visible(&mut out, c);
        } else if c == '#' && s[..i].ends_with('#') && log_command_at(&s[i - 1..]) {
            out.push_str("\\x23");
        } else {
            out.push(c);
            continue;
        }
        escaped(i + c.len_utf8(), out.len() - before - c.len_utf8());
    }
    out
}

/// One line of text for people: every hidden character (line breaks included) as a visible escape,
/// and no CI log command (`##[`): its second `#` is shown as `\x23`.
pub fn text(s: &str) -> Cow<'_, str> {
    let plain = if s.is_ascii() {
        !s.bytes().any(|b| b.is_ascii_control())
    } else {
        !s.chars().any(is_hidden)
    };
    if plain && !s.contains("##") {
        return Cow::Borrowed(s);
    }
    Cow::Owned(escape_with(s, |_, _| false, |_, _| {}))
}

/// A path (or any text that may open a line) for people: [`text`], and `./` before one that would
/// start a GitHub workflow command (`::`, after leading white space, as the runner trims it).
pub fn path(s: &str) -> Cow<'_, str> {
    let shown = text(s);
    if shown.trim_start().starts_with("::") {
        Cow::Owned(format!("./{shown}"))
    } else {
        shown
    }
}

/// File names from the file system, which need not be UTF-8 (Unix): valid text as it is, each
/// undecodable byte as `\xNN`, and `\` doubled, so that two different names never read the same.
pub fn undecodable(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                out.push_str(&valid.replace('\\', "\\\\"));
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                // `valid_up_to` is where decoding stopped, so this part is UTF-8.
                out.push_str(&String::from_utf8_lossy(valid).replace('\\', "\\\\"));
                let bad = e.error_len().unwrap_or(rest.len());
                for b in &rest[..bad] {
                    let _ = write!(out, "\\x{b:02x}");
                }
                bytes = &rest[bad..];
            }
        }
    }
}

/// The bytes of a file name that [`undecodable`] wrote: `\xNN` back to its byte, `\\` to `\`.
pub fn path_bytes(shown: &str) -> Cow<'_, [u8]> {
    if !shown.contains('\\') {
        return Cow::Borrowed(shown.as_bytes());
    }
    let bytes = shown.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped_byte = bytes
            .get(i + 2..i + 4)
            .filter(|_| bytes[i] == b'\\' && bytes[i + 1] == b'x')
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[i], bytes.get(i + 1), escaped_byte) {
            (b'\\', _, Some(b)) => {
                out.push(b);
                i += 4;
            }
            (b'\\', Some(b'\\'), _) => {
                out.push(b'\\');
                i += 2;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// A source text shown with its line structure (miette's snippets): hidden characters escaped
/// except the line breaks and tabs that lay it out, with a map from the original byte offsets to
/// the escaped ones, so spans still underline the same characters.
pub struct Shown {
    pub text: String,
    /// (original offset just past an escaped character, bytes added so far), in order.
    shifts: Vec<(usize, usize)>,
}

impl Shown {
    pub fn offset(&self, original: usize) -> usize {
        let before = self.shifts.partition_point(|&(at, _)| at <= original);
        original + before.checked_sub(1).map_or(0, |i| self.shifts[i].1)
    }

    pub fn range(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.offset(r.start)..self.offset(r.end)
    }
}

pub fn source(s: &str) -> Shown {
    let layout = |i: usize, c: char| c == '\n' || c == '\t' || (c == '\r' && s[i + 1..].starts_with('\n'));
    let mut shifts: Vec<(usize, usize)> = Vec::new();
    let text = escape_with(s, layout, |end, added| {
        let total = shifts.last().map_or(0, |&(_, t)| t) + added;
        shifts.push((end, total));
    });
    Shown { text, shifts }
}

/// Text for a Markdown table cell, read as plain text: [`text`], then every character that could
/// start a link, an image, HTML, an entity (`&#x202e;`), emphasis, code or a new cell backslashed.
pub fn markdown(s: &str) -> String {
    let shown = text(s);
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '!' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown code span in a table cell: fenced by one backtick more than the longest run inside
/// (CommonMark), padded when the content starts or ends with a backtick or space, `|` escaped (a GFM
/// table splits cells before it reads code spans).
pub fn markdown_code(s: &str) -> String {
    let shown = text(s).replace('|', "\\|");
    let longest = shown.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if shown.starts_with(['`', ' ']) || shown.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{shown}{pad}{fence}")
}

/// XML 1.0 text and attribute values: [`text`] (which leaves none of the characters XML forbids),
/// then the markup characters as entities.
pub fn xml(s: &str) -> String {
    let shown = text(s);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes `value` as JSON (pretty or one line) in which every hidden character is a `\uXXXX` escape
/// and no `##[` log command is left whole; the values read back exactly as they were.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn io::Write, value: &T, pretty: bool) -> io::Result<()> {
    if pretty {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(serde_json::ser::PrettyFormatter::new()));
        value.serialize(&mut ser)?;
    } else {
        let mut ser = serde_json::Serializer::with_formatter(out, Safe(serde_json::ser::CompactFormatter));
        value.serialize(&mut ser)?;
    }
    Ok(())
}

/// A serde_json formatter that escapes what serde_json leaves raw (DEL, C1, bidi, invisible format
/// characters, `##[`) and otherwise lays out as the formatter it wraps.
struct Safe<F>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        // serde_json has escaped the C0 controls already; printable ASCII needs nothing more.
        if fragment.bytes().all(|b| (b' '..0x7f).contains(&b)) && !fragment.contains("##[") {
            return w.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let command = c == '[' && fragment[..i].ends_with("##");
            if !is_hidden(c) && !command {
                continue;
            }
            w.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(w, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_shows_controls_bidi_and_invisible_characters_as_escapes() {
        assert_eq!(
            text("a\x1b]8;;http://x\x07b\u{202e}c\nd\u{200b}\u{7f}\u{9b}"),
            "a\\x1b]8;;http://x\\x07b\\u{202e}c\\nd\\u{200b}\\x7f\\u{9b}"
        );
        assert!(matches!(text("plain ü 名前"), Cow::Borrowed(_)));
    }

    #[test]
    fn text_breaks_log_commands_that_ci_runners_obey_anywhere_in_a_line() {
        assert_eq!(text("x ##[add-mask]y"), "x #\\x23[add-mask]y");
        assert_eq!(text("##vso[task.setvariable]"), "#\\x23vso[task.setvariable]");
        assert_eq!(text("## heading [not a command]"), "## heading [not a command]");
    }

    #[test]
    fn a_path_never_opens_a_workflow_command() {
        assert_eq!(path("::warning file=a::b.json"), "./::warning file=a::b.json");
        assert_eq!(path("  ::error::x"), "./  ::error::x");
        assert_eq!(path("dir/::x.json"), "dir/::x.json");
    }

    #[test]
    fn undecodable_bytes_keep_names_apart() {
        assert_eq!(undecodable(b"a\xffb.json"), "a\\xffb.json");
        assert_eq!(undecodable(b"a\\xffb.json"), "a\\\\xffb.json");
        assert_eq!(undecodable("ü.json".as_bytes()), "ü.json");
    }

    #[test]
    fn path_bytes_undo_undecodable() {
        for name in [
            &b"a\xffb.json"[..],
            b"a\\xffb.json",
            b"a\\\\\xfe",
            "ü.json".as_bytes(),
            b"\\x4",
        ] {
            assert_eq!(path_bytes(&undecodable(name)).as_ref(), name);
        }
    }

    #[test]
    fn source_offsets_follow_the_escapes() {
        let shown = source("a\x1bb\u{202e}c\r\nd");
        assert_eq!(shown.text, "a\\x1bb\\u{202e}c\r\nd");
        assert_eq!(shown.offset(0), 0);
        assert_eq!(shown.offset(2), 5, "`b` moves by the three added bytes");
        assert_eq!(shown.offset(6), 14, "`c` after the bidi control");
        assert_eq!(&shown.text[shown.range(9..10)], "d");
    }

    #[test]
    fn code_spans_are_fenced_by_more_backticks_than_they_hold() {
        assert_eq!(markdown_code("a.json:1:2"), "`a.json:1:2`");
        assert_eq!(markdown_code("a``b|c"), "```a``b\\|c```");
        assert_eq!(markdown_code("`x"), "`` `x ``");
    }

    #[test]
    fn markdown_text_cannot_link_or_embed() {
        assert_eq!(
            markdown("[ok](https://evil) <img> &#x202e; |"),
            "\\[ok\\](https://evil) \\<img\\> \\&#x202e; \\|"
        );
    }

    #[test]
    fn xml_escapes_markup_and_shows_what_xml_cannot_hold() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\\x01\\n"
        );
    }

    #[test]
    fn json_keeps_values_exact_but_writes_no_raw_hidden_character() {
        let value = serde_json::json!({ "p": "a\u{202e}b\u{7f}\u{e0041}##[x]\x1b" });
        let mut out = Vec::new();
        write_json(&mut out, &value, false).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert_eq!(written, r#"{"p":"a\u202eb\u007f\udb40\udc41##\u005bx]\u001b"}"#);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&written).unwrap(), value);
    }
}
