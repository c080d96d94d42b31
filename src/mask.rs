//! Secrets never leave the file (DESIGN "Quality bar"): every secret oauthlint can find is masked
//! wherever input text reaches output.
//!
//! A file's [`Secrets`] are spans (masked by position in the source snippets of `full`) and values
//! (masked wherever else they appear: the same value reused as a `client_id`, a message quoting a
//! URI, a parser's message). They come from the document tree when the file parses, from a
//! deliberately generous scan of the raw text when it does not, and from the model (secrets under
//! a format's own keys). [`scrub_report`] runs last, once a file's findings are final, over every
//! text a report shows; `inspect` scrubs what it prints with [`Secrets::scrub`].

use crate::document::{Cursor, Document, Span, Value, MAX_DEPTH};
use crate::lint::FileReport;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::borrow::Cow;

/// Key names (lower case, without `_`, `-` and `.`) whose values are secrets, whatever the
/// format: the key ends with one of these (`client_secret`, `keystorePassword`, Keycloak's
/// `bindCredential`). A key merely ending in `token` is not one: Authelia's `lifespans` hold
/// `access_token: 1h`.
const SECRET_ENDINGS: [&str; 7] = [
    "secret",
    "password",
    "passwd",
    "privatekey",
    "credential",
    "registrationaccesstoken",
    "initialaccesstoken",
];
/// Private members of a JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1); `oth` holds more of them.
const JWK_PRIVATE: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];
/// A secret shorter than this is masked where it is written but not searched for elsewhere: a short
/// word would mask every place the same letters appear.
const MIN_SHARED: usize = 4;

/// Whether a key names a secret. `vendor_keys` are a provider's own (Keycloak's
/// `client.secret.rotated`), compared as written.
pub fn secret_key(key: &str, vendor_keys: &[&str]) -> bool {
    if vendor_keys.contains(&key) {
        return true;
    }
    let normalised: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    SECRET_ENDINGS.iter().any(|e| normalised.ends_with(e))
}

/// Whether a URI's query or fragment parameter carries a secret: a secret key, or any token
/// (`token=`, `access_token=`, `id_token=`).
fn secret_parameter(name: &str) -> bool {
    secret_key(name, &[]) || name.to_ascii_lowercase().ends_with("token")
}

/// The secrets of one file.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    /// Byte spans in the source, quotes included or not.
    pub spans: Vec<Span>,
    /// Each secret as it is searched for, longest patterns winning.
    patterns: Vec<Pattern>,
    matcher: Option<AhoCorasick>,
}

impl Secrets {
    /// Collects spans and values found in `text`; call [`Secrets::seal`] when done.
    pub fn add_span(&mut self, text: &str, span: Span) {
        let Some(raw) = text.get(span.range()) else {
            return;
        };
        self.spans.push(span);
        self.add_value(unquoted(raw));
    }

    /// A secret value as it may appear anywhere, also decoded from its source form.
    pub fn add_value(&mut self, value: &str) {
        let v = value.trim();
        if v.chars().count() >= MIN_SHARED && shareable(v) {
            self.patterns.push(Pattern {
                needle: v.to_string(),
                shown: redact(v),
                secret: 0..v.len(),
                common: common_word(v),
            });
        }
    }

    /// A secret with the text around it that tells it apart (`:pw@` in a URI, `=v` in a query), so
    /// it is found whatever its length; shown with the same context and the value redacted.
    fn add_delimited(&mut self, before: &str, value: &str, after: &str) {
        if !value.is_empty() {
            self.patterns.push(Pattern {
                needle: format!("{before}{value}{after}"),
                shown: format!("{before}{}{after}", redact(value)),
                secret: before.len()..before.len() + value.len(),
                common: false,
            });
        }
    }

    /// Builds the matcher over every value added.
    pub fn seal(&mut self) {
        // The tree and the model may both know a secret.
        self.spans.sort();
        self.spans.dedup();
        self.patterns.sort_by(|a, b| {
            b.needle
                .len()
                .cmp(&a.needle.len())
                .then_with(|| a.needle.cmp(&b.needle))
        });
        self.patterns.dedup_by(|a, b| a.needle == b.needle);
        self.matcher = (!self.patterns.is_empty())
            .then(|| {
                // Not a DFA, which the builder picks for a few patterns: its construction grows with
                // the patterns' length times their alphabet, and one secret of a hostile file may
                // be megabytes long (20,000 bytes took 2.4 s).
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(self.patterns.iter().map(|p| &p.needle))
                    .ok()
            })
            .flatten();
    }

    /// `s`, oauthlint's words around values from the file, with every secret value replaced by
    /// its redacted form; a secret that is one of oauthlint's own words (`secret`) is left, as it
    /// is more likely ours.
    pub fn scrub<'a>(&self, s: &'a str) -> Cow<'a, str> {
        self.replace(s, true)
    }

    fn replace<'a>(&self, s: &'a str, prose: bool) -> Cow<'a, str> {
        let Some(m) = self.matcher.as_ref().filter(|m| m.is_match(s)) else {
            return Cow::Borrowed(s);
        };
        let mut out = String::with_capacity(s.len());
        m.replace_all_with(s, &mut out, |found, text, out| {
            let p = &self.patterns[found.pattern().as_usize()];
            out.push_str(if prose && p.common { text } else { &p.shown });
            true
        });
        Cow::Owned(out)
    }

    /// [`Secrets::scrub_in_place`] for prose that may be a fixed text.
    fn scrub_text(&self, s: &mut Cow<'static, str>) {
        if let Cow::Owned(clean) = self.replace(s, true) {
            *s = Cow::Owned(clean);
        }
    }

    fn scrub_in_place(&self, s: &mut String, prose: bool) {
        if let Cow::Owned(clean) = self.replace(s, prose) {
            *s = clean;
        }
    }

    /// The source with every secret's characters replaced by `*`, offsets and line breaks
    /// unchanged: the spans, and every other place a secret value appears.
    pub fn masked_source(&self, text: &str) -> String {
        let mut bytes = text.as_bytes().to_vec();
        let mut star = |range: std::ops::Range<usize>| {
            for b in &mut bytes[range.start.min(text.len())..range.end.min(text.len())] {
                if !matches!(*b, b'\n' | b'\r') {
                    *b = b'*';
                }
            }
        };
        for s in &self.spans {
            // Keep the quotes when the span includes them.
            let quoted = s.len() >= 2 && matches!(text.as_bytes().get(s.start), Some(b'"' | b'\''));
            star(if quoted { s.start + 1..s.end - 1 } else { s.range() });
        }
        if let Some(m) = &self.matcher {
            let word_byte = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            for found in m.find_iter(text) {
                let p = &self.patterns[found.pattern().as_usize()];
                let b = text.as_bytes();
                let inside_word =
                    word_byte(found.start().checked_sub(1).and_then(|i| b.get(i))) || word_byte(b.get(found.end()));
                if p.common && inside_word {
                    continue;
                }
                star(found.start() + p.secret.start..found.start() + p.secret.end);
            }
        }
        // Replacing whole byte ranges with ASCII can split no character that survives, but a span
        // that starts inside a character would; fall back to a lossless conversion then.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// One secret as searched for in a text.
#[derive(Debug, Clone)]
struct Pattern {
    /// The secret, with the text around it that tells it apart, if any.
    needle: String,
    /// What replaces the needle in a message.
    shown: String,
    /// Where the secret itself is in the needle.
    secret: std::ops::Range<usize>,
    /// The secret is a word of oauthlint's own language (`secret`, `client`): in a message it is
    /// more likely ours than the file's, and in the source it is masked as a whole word only
    /// (`client_secret: secret` keeps its key). Such a secret is guessed, not leaked.
    common: bool,
}

/// How a secret may appear in output: never its value, at most a short prefix of a long one.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    if n >= 16 {
        format!("{}…({n} chars)", secret.chars().take(3).collect::<String>())
    } else {
        format!("…({n} chars)")
    }
}

/// Words oauthlint's own messages are made of that files also use as (guessable) secrets: such a
/// secret is left in messages, where the word is more likely ours (`the client secret …`).
const OUR_WORDS: [&str; 12] = [
    "secret", "secrets", "client", "password", "token", "key", "public", "private", "none", "default", "server", "code",
];

fn common_word(v: &str) -> bool {
    OUR_WORDS.iter().any(|w| v.eq_ignore_ascii_case(w))
}

fn unquoted(raw: &str) -> &str {
    let quotes: &[char] = &['"', '\''];
    raw.strip_prefix(quotes)
        .and_then(|r| r.strip_suffix(quotes))
        .unwrap_or(raw)
}

/// Values that stand for no secret (a placeholder, a masked export, a boolean) are masked where
/// they are written but not searched for: they would mask ordinary words.
fn shareable(v: &str) -> bool {
    !crate::placeholder::any(v)
        && !v.chars().all(|c| c == '*')
        && !["true", "false", "null", "none"]
            .iter()
            .any(|w| v.eq_ignore_ascii_case(w))
}

/// Masks every text of a finished report: each finding's message, label, help and related labels,
/// and what is shown of each client (its id and name, the evidence of its type).
pub fn scrub_report(report: &mut FileReport) {
    let secrets = &report.secrets;
    if secrets.matcher.is_none() {
        return;
    }
    for f in &mut report.findings {
        let texts = [Some(&mut f.message), f.label.as_mut(), f.help.as_mut()];
        for text in texts
            .into_iter()
            .flatten()
            .chain(f.related.iter_mut().map(|r| &mut r.label))
        {
            secrets.scrub_text(text);
        }
    }
    for cr in &mut report.clients {
        // Values from the file alone: every secret goes.
        let (whole_id, whole_name) = match cr.client.as_deref_mut() {
            Some(c) => (c.id.as_mut().map(|id| &mut id.value), c.name.as_mut()),
            None => (None, None),
        };
        for text in [cr.id.as_mut(), cr.name.as_mut()].into_iter().flatten() {
            if let Cow::Owned(clean) = secrets.replace(text, false) {
                *text = clean.into();
            }
        }
        for text in [whole_id, whole_name].into_iter().flatten() {
            secrets.scrub_in_place(text, false);
        }
        for e in &mut cr.inference.evidence {
            secrets.scrub_text(e);
        }
    }
}

/// Every secret of a parsed document: values under secret keys (`vendor_keys` added to the
/// generic names), whatever they hold (a string, a number, PEM lines in an array, a JWK's `oth`);
/// any PEM private key; and in every other string, the password of a URI's userinfo and the values
/// of secret-named query parameters.
pub fn in_document(doc: &Document, text: &str, vendor_keys: &[&str], out: &mut Secrets) {
    fn visit(at: &Cursor, secret: Held, depth: usize, cx: &mut (&str, &[&str], &mut Secrets)) {
        if depth > MAX_DEPTH {
            return;
        }
        match &at.node.value {
            Value::String(s) if secret != Held::No || s.contains("PRIVATE KEY-----") => {
                cx.2.add_span(cx.0, at.span());
                cx.2.add_value(s);
            }
            Value::String(s) => in_uri(s, at.span(), cx.0, cx.2),
            Value::Number(_) if secret != Held::No => cx.2.add_span(cx.0, at.span()),
            Value::Object(_) => {
                let jwk = at.node.get("kty").is_some();
                for (key, member) in at.members() {
                    let held = if secret == Held::All || (jwk && JWK_PRIVATE.contains(&key)) {
                        Held::All
                    } else if secret_key(key, cx.1) {
                        Held::Value
                    } else {
                        Held::No
                    };
                    visit(&member, held, depth + 1, cx);
                }
            }
            Value::Array(items) => {
                // A PEM key split into an array of lines: every line is key material.
                let pem = items
                    .iter()
                    .any(|i| i.as_str().is_some_and(|s| s.contains("PRIVATE KEY")));
                let held = if pem && secret == Held::No { Held::Value } else { secret };
                for item in at.items() {
                    visit(&item, held, depth + 1, cx);
                }
            }
            _ => {}
        }
    }
    visit(&Cursor::root(doc), Held::No, 0, &mut (text, vendor_keys, out));
}

/// What of a value is secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    No,
    /// Its strings and numbers, also in arrays (PEM lines, Keycloak's `config` lists), but not the
    /// members of an object under a secret-sounding name (Okta's `credentials` holds the client id).
    Value,
    /// Everything in it (a JWK's private member `oth`).
    All,
}

/// The secrets inside a string that holds a URI: the userinfo password (`https://u:pw@host`) and
/// the values of secret-named query or fragment parameters (`?client_secret=…`, `#access_token=…`).
/// Masked by span when the source writes the string as it reads (no escapes), and by value always.
fn in_uri(s: &str, span: Span, text: &str, out: &mut Secrets) {
    let Some(scheme_end) = s.find("://") else {
        return;
    };
    let raw = text.get(span.range()).unwrap_or("");
    let inner = unquoted(raw);
    // Where the value's bytes are in the source, when it is written as it reads.
    let at = (inner == s).then(|| span.start + (raw.len() - inner.len()) / 2);
    let found = |start: usize, end: usize, before: &str, after: &str, out: &mut Secrets| {
        if let Some(base) = at {
            out.spans.push(Span::new(base + start, base + end));
        }
        out.add_value(&s[start..end]);
        out.add_delimited(before, &s[start..end], after);
    };
    let authority_start = scheme_end + 3;
    let authority_end = s[authority_start..]
        .find(['/', '?', '#'])
        .map_or(s.len(), |p| authority_start + p);
    let authority = &s[authority_start..authority_end];
    if let Some(at_sign) = authority.rfind('@') {
        if let Some(colon) = authority[..at_sign].find(':') {
            let start = authority_start + colon + 1;
            found(start, authority_start + at_sign, ":", "@", out);
        }
    }
    let Some(params_start) = s[authority_end..].find(['?', '#']).map(|p| authority_end + p + 1) else {
        return;
    };
    let mut pos = params_start;
    for pair in s[params_start..].split(['&', '#', '?']) {
        if let Some((name, value)) = pair.split_once('=') {
            if secret_parameter(name) && !value.is_empty() {
                let start = pos + name.len() + 1;
                found(start, start + value.len(), "=", "", out);
            }
        }
        pos += pair.len() + 1;
    }
}

/// Secret-looking values in a text that did not parse: the value after any key that names a secret
/// (`client_secret: …`, `"password" = …`, a JWK's `"d": …`, `?token=…`), quoted, multi-line (TOML
/// `"""`, YAML block scalars, a value on the next line) or not, the password of every URI's
/// userinfo, and the body of every PEM block.
/// Over-masking a broken file costs nothing; showing a secret in its snippet would.
pub fn in_broken_text(text: &str, out: &mut Secrets) {
    let bytes = text.as_bytes();
    let is_key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    // Every scan below moves forward through text not scanned before, so a hostile file of many
    // keys costs one pass: a separator inside a value already masked is skipped, and the start of
    // the current line is carried along.
    let (mut masked_until, mut line_start, mut seen) = (0, 0, 0);
    for i in memchr::memchr2_iter(b':', b'=', bytes) {
        if i < masked_until {
            continue;
        }
        let mut k = i;
        while k > 0 && matches!(bytes[k - 1], b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'') {
            k -= 1;
        }
        let key_end = k;
        while k > 0 && is_key_byte(bytes[k - 1]) {
            k -= 1;
        }
        let key = &text[k..key_end];
        let in_query = k > 0 && matches!(bytes[k - 1], b'?' | b'&' | b'#');
        let named = if in_query {
            secret_parameter(key)
        } else {
            // Generous: any key naming a token is masked in a broken file.
            secret_parameter(key) || JWK_PRIVATE.contains(&key)
        };
        if key.is_empty() || !named {
            continue;
        }
        let from = seen.min(k);
        if let Some(newline) = memchr::memrchr(b'\n', &bytes[from..k]) {
            line_start = from + newline + 1;
        }
        seen = k;
        let indent = bytes[line_start..k]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let value = value_after(text, i + 1, indent, in_query);
        masked_until = value.end;
        if !value.is_empty() {
            out.add_span(text, value);
        }
    }
    // The password of every URI's userinfo: `scheme://user:password@host`.
    for scheme_end in memchr::memmem::find_iter(bytes, b"://") {
        let authority = scheme_end + 3;
        let rest = &text[authority..];
        let end = authority
            + rest
                .find(['/', '?', '#', '"', '\'', ' ', '\n', '\r', ',', ']'])
                .unwrap_or(rest.len());
        let Some(at_sign) = text[authority..end].rfind('@') else {
            continue;
        };
        if let Some(colon) = text[authority..authority + at_sign].find(':') {
            let password = Span::new(authority + colon + 1, authority + at_sign);
            out.add_span(text, password);
            out.add_delimited(":", &text[password.range()], "@");
        }
    }
    let mut from = 0;
    while let Some(begin) = memchr::memmem::find(&bytes[from..], b"-----BEGIN").map(|i| from + i) {
        let body = memchr::memchr(b'\n', &bytes[begin..]).map_or(text.len(), |i| begin + i);
        let end = memchr::memmem::find(&bytes[body..], b"-----END").map_or(text.len(), |i| body + i);
        out.spans.push(Span::new(body, end));
        for line in text[body..end].lines() {
            out.add_value(line.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '\\')));
        }
        from = end.max(begin + 1);
    }
}

/// The span of the value that starts after blanks at `from`, in a text that did not parse.
fn value_after(text: &str, from: usize, key_indent: usize, in_query: bool) -> Span {
    let b = text.as_bytes();
    let mut start = from + b[from..].iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
    // A value on the next line (YAML, or JSON with the colon on the key's line).
    if matches!(b.get(start), Some(b'\n' | b'\r') | None) && !in_query {
        start += b[start..].iter().take_while(|c| c.is_ascii_whitespace()).count();
    }
    let rest = &text[start..];
    let end = if in_query {
        start
            + rest
                .find(['&', '#', '"', '\'', ' ', '\n', '\r', ','])
                .unwrap_or(rest.len())
    } else if let Some(q) = ["\"\"\"", "'''"].iter().find(|q| rest.starts_with(**q)) {
        // The content only: a span with its quotes would keep one of each unmasked.
        let content = &rest[3..];
        return Span::new(start + 3, start + 3 + content.find(q).unwrap_or(content.len()));
    } else if rest.starts_with(['"', '\'']) {
        start + quoted_end(rest)
    } else if rest.starts_with(['|', '>']) {
        start + block_end(rest, key_indent)
    } else if rest.starts_with(['[', '{']) {
        start + bracketed_end(rest)
    } else {
        start + rest.find([',', '}', '\n', '\r']).unwrap_or(rest.len())
    };
    Span::new(start, end)
}

/// The end of a quoted string starting `rest`: its closing quote (a backslash escapes one in
/// double quotes), else the end of its line.
fn quoted_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let quote = b[0];
    let mut i = 1;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' && matches!(b.get(i + 1), Some(c) if *c != b'\n') => i += 2,
            c if c == quote => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

/// The end of a YAML block scalar (`|`, `>-`) starting `rest`: its header line and every following
/// line that is blank or indented deeper than its key.
fn block_end(rest: &str, key_indent: usize) -> usize {
    let mut end = rest.find('\n').map_or(rest.len(), |p| p + 1);
    for line in rest[end..].split_inclusive('\n') {
        let indent = line.bytes().take_while(|b| *b == b' ').count();
        if !line.trim().is_empty() && indent <= key_indent {
            break;
        }
        end += line.len();
    }
    end
}

/// The end of an array or object starting `rest` (PEM lines, a JWK's `oth`): its closing bracket,
/// strings skipped, else the end of the text.
fn bracketed_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' | b'\'' => {
                i += quoted_end(&rest[i..]);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(text: &str) -> String {
        let mut s = Secrets::default();
        in_broken_text(text, &mut s);
        s.seal();
        s.masked_source(text)
    }

    #[test]
    fn secret_keys_are_recognised_by_their_ending() {
        for key in [
            "client_secret",
            "clientSecret",
            "keystorePassword",
            "registration_access_token",
            "bindCredential",
            "privateKey",
            "secret",
            "hmac_secret",
        ] {
            assert!(secret_key(key, &[]), "{key}");
        }
        for key in [
            "client_secret_expires_at",
            "secretName",
            "secretEnv",
            "token_endpoint_auth_method",
            "access_token",
            "credentials",
        ] {
            assert!(!secret_key(key, &[]), "{key}");
        }
        assert!(secret_key("client.secret.rotated", &["client.secret.rotated"]));
    }

    /// The secret texts of a linted file, as written.
    fn masked_values(name: &str, text: &str) -> Vec<String> {
        let report = crate::lint_bytes(name, text.as_bytes(), &crate::config::Settings::default());
        report
            .secrets
            .spans
            .iter()
            .map(|s| text[s.range()].to_string())
            .collect()
    }

    #[test]
    fn keycloaks_rotated_secret_is_a_secret_of_keycloak_files_only() {
        let attributes = r#""attributes": {"client.secret.rotated": "Ot4Yp8Ai2Sd6", "client.secret.rotated.creation.time": "1733300000"}"#;
        let realm = format!(
            r#"{{"realm": "acme", "clients": [{{"clientId": "c", "secret": "Cs1Dv5Fb9Gn3", "redirectUris": ["https://a.example/cb"], {attributes}}}]}}"#
        );
        assert_eq!(
            masked_values("realm-export.json", &realm),
            ["\"Cs1Dv5Fb9Gn3\"", "\"Ot4Yp8Ai2Sd6\""]
        );
        // Elsewhere the attribute means nothing: the generic names alone apply.
        let rfc7591 = format!(r#"{{"client_id": "c", "redirect_uris": ["https://a.example/cb"], {attributes}}}"#);
        assert!(masked_values("client.json", &rfc7591).is_empty());
    }

    #[test]
    fn key_provider_config_lists_and_numbers_under_secret_names_are_secrets() {
        let realm = r#"{"realm": "acme", "clients": [{"clientId": "c", "secret": 123456789, "redirectUris": ["https://a.example/cb"]}], "components": {"org.keycloak.keys.KeyProvider": [{"providerId": "rsa", "config": {"privateKey": ["MIIEpAIB"], "certificate": ["MIICcert"], "priority": ["100"]}}]}}"#;
        assert_eq!(masked_values("realm-export.json", realm), ["123456789", "\"MIIEpAIB\""]);
    }

    #[test]
    fn broken_text_masks_multi_line_and_escaped_values() {
        assert_eq!(
            broken("client_secret = \"\"\"\nabc\ndef\"\"\"\nx = ["),
            "client_secret = \"\"\"\n***\n***\"\"\"\nx = ["
        );
        assert_eq!(broken("{\"secret\": \"ab\\\"cdef\" x"), "{\"secret\": \"********\" x");
        assert_eq!(broken("{\"secret\"\n: \"abcdef\" x"), "{\"secret\"\n: \"******\" x");
        assert_eq!(
            broken("password: |\n  hunter2\n  more\nnext: [\n"),
            "password: *\n*********\n******\nnext: [\n"
        );
        assert_eq!(
            broken("password:\n  hunter22\nnext: [\n"),
            "password:\n  ********\nnext: [\n"
        );
        assert_eq!(
            broken("{\"redirect_uris\": [\"https://u:pw@a.example/cb\" \"https://b.example/?token=t0k3n1\"]"),
            "{\"redirect_uris\": [\"https://u:**@a.example/cb\" \"https://b.example/?token=******\"]"
        );
    }

    #[test]
    fn uri_passwords_and_secret_parameters_are_found_in_strings() {
        let mut s = Secrets::default();
        let uri = "https://u:pa55w0rd@a.example/cb?x=1&client_secret=s3cr3tv4lue&token=t0k3n";
        in_uri(uri, Span::new(1, uri.len() + 1), &format!("\"{uri}\""), &mut s);
        s.seal();
        let shown = s.scrub(uri);
        assert_eq!(
            shown,
            "https://u:…(8 chars)@a.example/cb?x=1&client_secret=…(11 chars)&token=…(5 chars)"
        );
        assert_eq!(
            s.masked_source(&format!("\"{uri}\"")),
            "\"https://u:********@a.example/cb?x=1&client_secret=***********&token=*****\""
        );
    }

    #[test]
    fn a_secret_that_is_one_of_our_words_is_masked_as_a_word_and_left_in_our_messages() {
        let mut s = Secrets::default();
        let text = "client_id: secret\nclient_secret: secret\n";
        s.add_span(text, Span::new(33, 39));
        s.seal();
        assert_eq!(s.masked_source(text), "client_id: ******\nclient_secret: ******\n");
        assert_eq!(
            s.scrub("the client secret has 11 bits"),
            "the client secret has 11 bits"
        );
        let mut id = "secret".to_string();
        s.scrub_in_place(&mut id, false);
        assert_eq!(id, "…(6 chars)");
    }

    #[test]
    fn a_secret_is_masked_wherever_it_appears_but_short_words_are_not_hunted() {
        let mut s = Secrets::default();
        let text = "{\"client_id\": \"Xq7vR2mPz9\", \"secret\": \"Xq7vR2mPz9\", \"a\": \"no\", \"b\": \"yes\"}";
        let secret = text.rfind("\"Xq7").unwrap();
        s.add_span(text, Span::new(secret, secret + 12));
        s.add_value("no");
        s.seal();
        assert_eq!(
            s.masked_source(text),
            "{\"client_id\": \"**********\", \"secret\": \"**********\", \"a\": \"no\", \"b\": \"yes\"}"
        );
        assert_eq!(s.scrub("client `Xq7vR2mPz9`"), "client `…(10 chars)`");
    }
}
