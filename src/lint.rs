//! The pipeline for one file: parse → detect → extract → infer → rules → gate → sort → merge the
//! findings on a server-level setting that every client shares.

use crate::config::Settings;
use crate::document::{self, Cursor, Document, LineIndex, Pointer, Span, Syntax};
use crate::finding::{Finding, Severity};
use crate::formats;
use crate::infer::{self, Confidence, Inference};
use crate::model::{Client, Origin, SecretKind};
use crate::registry;
use crate::rules::{Check, Ctx};
use crate::uri;
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// One client and what oauthlint made of it.
#[derive(Debug, Clone)]
pub struct ClientReport {
    pub client: Client,
    pub inference: Inference,
    /// The document of a YAML stream the client is in, when the file holds more than one.
    pub document: Option<usize>,
}

/// Everything found in one file.
#[derive(Debug)]
pub struct FileReport {
    /// Relative to the working directory, with `/` separators.
    pub path: String,
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub format: Option<&'static str>,
    pub clients: Vec<ClientReport>,
    pub findings: Vec<Finding>,
    /// Spans of secret values, masked in every rendering of the source.
    pub secret_spans: Vec<Span>,
    /// Findings dropped by suppression (built-in clients).
    pub suppressed: usize,
    /// The settings this file was linted with (its configuration and the flags).
    pub settings: Arc<Settings>,
}

/// Lints one text. `explicit` is true for files named on the command line: they are reported even
/// when no format matches.
pub fn lint_text(path: &str, text: Arc<str>, syntax: Syntax, settings: Arc<Settings>) -> FileReport {
    let mut report = FileReport {
        path: path.to_string(),
        lines: LineIndex::new(&text),
        text: text.clone(),
        format: None,
        clients: Vec::new(),
        findings: Vec::new(),
        secret_spans: Vec::new(),
        suppressed: 0,
        settings: settings.clone(),
    };
    let enabled = settings.enabled();
    let docs = match document::parse_all(&text, syntax) {
        Ok(docs) => docs,
        Err(e) => {
            // No tree, so no secret spans: find secret-looking values in the raw text instead, for
            // the snippet and for the parser's message, which may quote the source.
            report.secret_spans = unparsed_secret_spans(&text);
            let mut message = e.message;
            for s in &report.secret_spans {
                let value = text[s.range()].trim_matches(|c| c == '"' || c == '\'');
                if value.len() >= 4 {
                    message = message.replace(value, &"*".repeat(value.len()));
                }
            }
            report.findings.push(
                Finding::at(
                    "parse-error",
                    document::Pointer::root(),
                    e.span,
                    format!("not valid {}: {message}", syntax.name().to_uppercase()),
                )
                .label("parsing stopped here")
                .severity(Severity::Error),
            );
            return finish(report);
        }
    };
    // A YAML stream is linted document by document (FORMATS.md); pointers are per document.
    for doc in &docs {
        report.secret_spans.extend(secret_spans(doc));
        let before = report.findings.len();
        document_findings(doc, &mut report.findings);
        for f in &mut report.findings[before..] {
            f.document = doc.index;
        }
        let Some(format) = formats::detect(doc, Path::new(path)) else {
            continue;
        };
        report.format.get_or_insert(format.name);
        for mut client in (format.extract)(doc, Path::new(path)) {
            // Formats classify secrets with the built-in grammar; the configured one adds to it.
            for s in [&mut client.secret, &mut client.registration_access_token]
                .into_iter()
                .flatten()
            {
                if s.kind == SecretKind::Plaintext && settings.rule_options.placeholders.any(&s.value) {
                    s.kind = SecretKind::Placeholder;
                }
            }
            // Literal secrets under keys the generic scan does not know (Spring's `client-secret`).
            for s in [&client.secret, &client.registration_access_token]
                .into_iter()
                .flatten()
            {
                let literal = matches!(s.kind, SecretKind::Plaintext | SecretKind::Hashed);
                if let (true, Origin::File { span, .. }) = (literal, &s.origin) {
                    report.secret_spans.push(*span);
                }
            }
            client.commented_items = doc
                .commented_items
                .iter()
                .filter(|i| i.pointer != client.pointer && i.pointer.starts_with(&client.pointer))
                .cloned()
                .collect();
            // Each redirect URI is analysed once, for inference and every rule.
            let redirects = uri::redirects(&client, &settings.rule_options.placeholders);
            let inference = infer::infer(&client, &redirects);
            let pin = settings.pinned.iter().rev().find(|(p, _)| p == client.pointer.as_str());
            let inference = match pin {
                Some((_, t)) => inference.pinned(*t),
                None => inference,
            };
            let cx = Ctx {
                client: &client,
                redirects: &redirects,
                inference: &inference,
                options: &settings.rule_options,
            };
            let at = (report.clients.len(), doc.index);
            run_rules(&cx, at, &enabled, &settings, &mut report);
            drop(redirects); // it borrows the client, which moves into the report next
            report.clients.push(ClientReport {
                client,
                inference,
                document: doc.index,
            });
        }
    }
    finish(report)
}

/// Runs the enabled client rules on one client, gates their severities by the inference's
/// confidence (RULES.md §0.2), and files the findings under the client at `(index, document)`.
fn run_rules(
    cx: &Ctx,
    (index, document): (usize, Option<usize>),
    enabled: &BTreeSet<&'static str>,
    settings: &Settings,
    report: &mut FileReport,
) {
    for rule in registry::all() {
        let Check::Client(check) = rule.check else { continue };
        if !enabled.contains(rule.name)
            || (resource_server(cx.client) && !RESOURCE_SERVER_CATEGORIES.contains(&rule.category.as_str()))
        {
            continue;
        }
        let mut found = Vec::new();
        check(cx, &mut found);
        for mut f in found {
            f.client = Some(index);
            f.document = document;
            if f.type_dependent {
                match cx.inference.confidence {
                    Confidence::Unknown => continue,
                    Confidence::Weak => f.severity = Some(f.severity.unwrap_or(rule.severity).lower()),
                    _ => {}
                }
            }
            if cx.client.builtin && !settings.rule_options.pedantic {
                report.suppressed += 1;
                continue;
            }
            report.findings.push(f);
        }
    }
}

/// A file that is not UTF-8: one `parse-error` at the first bad byte.
pub fn invalid_utf8(path: &str, bytes: &[u8], valid_up_to: usize, settings: Arc<Settings>) -> FileReport {
    let text: Arc<str> = Arc::from(String::from_utf8_lossy(bytes).as_ref());
    // The lossy text has the same bytes up to the first bad one, so the offset is still right.
    // The first bad byte became a U+FFFD of three bytes: underline all of it, on char boundaries.
    let bad_char = text[valid_up_to..].chars().next().map_or(0, char::len_utf8);
    let at = Span::new(valid_up_to, valid_up_to + bad_char);
    let secret_spans = unparsed_secret_spans(&text);
    finish(FileReport {
        path: path.to_string(),
        lines: LineIndex::new(&text),
        text,
        format: None,
        clients: Vec::new(),
        findings: vec![Finding::at(
            "parse-error",
            document::Pointer::root(),
            at,
            "the file is not valid UTF-8",
        )
        .severity(Severity::Error)
        .label("invalid byte")],
        secret_spans,
        suppressed: 0,
        settings,
    })
}

/// A resource server (Keycloak `bearerOnly`) accepts tokens but obtains none, so only the rules
/// about its declaration and metadata apply to it (RULES.md §1.2, S2).
const RESOURCE_SERVER_CATEGORIES: [&str; 3] = ["types", "metadata", "secrets"];

fn resource_server(client: &Client) -> bool {
    client
        .declared
        .as_ref()
        .is_some_and(|d| d.value == crate::model::Declared::ResourceServer)
}

/// Fills default and configured severities, drops disabled rules, sorts by offset then rule, and reports each
/// server-level finding once.
fn finish(mut report: FileReport) -> FileReport {
    finish_findings(&mut report.findings, &report.settings);
    merge_server_level(&mut report);
    report
}

/// A server-level setting (Dex's `oauth2` and `web` blocks, a Keycloak realm, Authelia's provider)
/// is shared by every client of the file, so a rule that fires on it fires once per client at the
/// same place: one problem, one fix, and findings a SARIF or GitLab reader would take for copies
/// (they share a fingerprint). They become one finding, the most severe (the first client's on a
/// tie), which names the other clients. Sorting has put them next to each other.
fn merge_server_level(report: &mut FileReport) {
    if !report.findings.iter().any(|f| f.server_level) {
        return;
    }
    let same = |a: &Finding, b: &Finding| {
        a.server_level && b.server_level && a.rule == b.rule && a.document == b.document && a.span == b.span
    };
    let clients = &report.clients;
    let name = |f: &Finding| {
        let id = f
            .client
            .and_then(|i| clients.get(i))
            .map_or("?", |c| c.client.display_id());
        format!("`{id}`")
    };
    let mut merged = Vec::with_capacity(report.findings.len());
    for group in report.findings.chunk_by(same) {
        let Some(kept) = group.iter().min_by_key(|f| (Reverse(f.severity), f.client)) else {
            continue;
        };
        let mut others: Vec<&Finding> = group.iter().filter(|f| !std::ptr::eq(*f, kept)).collect();
        others.sort_by_key(|f| f.client);
        let mut kept = kept.clone();
        if !others.is_empty() {
            let names: Vec<String> = others.into_iter().map(name).collect();
            kept.message = format!(
                "{} (a server-level setting: it also applies to {})",
                kept.message,
                listed(&names)
            );
        }
        merged.push(kept);
    }
    report.findings = merged;
}

/// Sets [`Finding::repeat`]: findings of one rule at one pointer (two defaults contradicted by one
/// redirect URI) are different problems and must keep different fingerprints. Run once per file,
/// when its findings are final.
pub fn number_repeats(findings: &mut [Finding]) {
    let repeats: Vec<usize> = {
        let mut seen: HashMap<(&str, &Pointer, Option<usize>), usize> = HashMap::new();
        findings
            .iter()
            .map(|f| {
                let n = seen.entry((f.rule, &f.pointer, f.document)).or_insert(0);
                *n += 1;
                *n - 1
            })
            .collect()
    };
    for (f, n) in findings.iter_mut().zip(repeats) {
        f.repeat = n;
    }
}

/// `a`, `a and b`, `a, b and c`, `a, b, c and 4 other clients`.
fn listed(names: &[String]) -> String {
    const SHOWN: usize = 3;
    match names {
        [one] => one.clone(),
        _ if names.len() <= SHOWN => format!("{} and {}", names[..names.len() - 1].join(", "), names[names.len() - 1]),
        _ => format!(
            "{} and {} other clients",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        ),
    }
}

/// Drops disabled rules' findings, fills in default and configured severities, and puts the
/// findings in output order.
pub fn finish_findings(findings: &mut Vec<Finding>, settings: &Settings) {
    let enabled = settings.enabled();
    findings.retain(|f| enabled.contains(f.rule));
    for f in findings.iter_mut() {
        if let Some(configured) = settings.severities.get(f.rule) {
            f.severity = Some(*configured);
        } else if f.severity.is_none() {
            f.severity = registry::get(f.rule).map(|r| r.severity);
        }
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.rule, a.document, &a.pointer, &a.message).cmp(&(
            b.span.start,
            b.rule,
            b.document,
            &b.pointer,
            &b.message,
        ))
    });
    findings.dedup();
}

fn document_findings(doc: &Document, out: &mut Vec<Finding>) {
    if let Some(span) = doc.lenient {
        out.push(
            Finding::at(
                "parse-error",
                doc.base.clone(),
                span,
                "this `.json` file is only valid as JSONC (comments or trailing commas)",
            )
            .severity(Severity::Note)
            .label("not allowed in JSON")
            .help("remove the comments and trailing commas, or name the file `.jsonc`"),
        );
    }
    for d in &doc.duplicates {
        out.push(
            Finding::at(
                "duplicate-key",
                d.pointer.clone(),
                d.second,
                format!(
                    "key `{}` appears twice in this object; the last one wins",
                    d.pointer.as_str().rsplit('/').next().unwrap_or("")
                ),
            )
            .label("this one is used")
            .help("keep one occurrence of the key")
            .related_span(d.first, "first occurrence, ignored"),
        );
    }
}

/// Keys whose string values are secrets, whatever the format.
const SECRET_KEYS: [&str; 9] = [
    "client_secret",
    "clientSecret",
    "secret",
    "registration_access_token",
    "registrationAccessToken",
    "initial_access_token",
    "password",
    "private_key",
    "privateKey",
];
/// Private members of a JWK.
const JWK_PRIVATE: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/// Every secret value in a document, to be masked wherever source text is shown.
fn secret_spans(doc: &Document) -> Vec<Span> {
    fn walk(at: &Cursor, in_jwk: bool, depth: usize, out: &mut Vec<Span>) {
        if depth > document::MAX_DEPTH {
            return;
        }
        let is_jwk = at.node.get("kty").is_some();
        for (key, value) in at.members() {
            let secret_key = SECRET_KEYS.contains(&key) || ((in_jwk || is_jwk) && JWK_PRIVATE.contains(&key));
            match &value.node.value {
                document::Value::String(_)
                    if secret_key || value.as_str().is_some_and(|s| s.contains("PRIVATE KEY-----")) =>
                {
                    out.push(value.span())
                }
                _ => walk(&value, is_jwk, depth + 1, out),
            }
        }
        for item in at.items() {
            walk(&item, in_jwk, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cursor::root(doc), false, 0, &mut out);
    out
}

/// Secret-looking values in a text that did not parse: the value after any key that names a secret
/// (`client_secret: …`, `"password" = …`, a JWK's `"d": …`), and the body of every PEM block.
/// Over-masking a broken file costs nothing; showing a secret in its snippet would.
fn unparsed_secret_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let is_key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let mut out = Vec::new();
    for (i, _) in bytes.iter().enumerate().filter(|(_, &b)| b == b':' || b == b'=') {
        let mut k = i;
        while k > 0 && matches!(bytes[k - 1], b' ' | b'\t' | b'"' | b'\'') {
            k -= 1;
        }
        let key_end = k;
        while k > 0 && is_key_byte(bytes[k - 1]) {
            k -= 1;
        }
        let key = text[k..key_end].to_ascii_lowercase();
        let names_secret = ["secret", "password", "passwd", "token", "private", "credential"]
            .iter()
            .any(|w| key.contains(w))
            || JWK_PRIVATE.contains(&key.as_str());
        if !names_secret {
            continue;
        }
        let start = i + 1 + bytes[i + 1..].iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        let end = match bytes.get(start) {
            Some(&q @ (b'"' | b'\'')) => {
                let rest = &bytes[start + 1..];
                let close = rest.iter().position(|&b| b == q || b == b'\n').unwrap_or(rest.len());
                start + 1 + close
            }
            _ => {
                start
                    + bytes[start..]
                        .iter()
                        .take_while(|&&b| !matches!(b, b',' | b'}' | b'\n'))
                        .count()
            }
        };
        let start = if matches!(bytes.get(start), Some(b'"' | b'\'')) {
            start + 1
        } else {
            start
        };
        if start < end {
            out.push(Span::new(start, end));
        }
    }
    let mut from = 0;
    while let Some(begin) = text[from..].find("-----BEGIN").map(|i| from + i) {
        let body = text[begin..].find('\n').map_or(text.len(), |i| begin + i);
        let end = text[body..].find("-----END").map_or(text.len(), |i| body + i);
        out.push(Span::new(body, end));
        from = end.max(begin + 1);
    }
    out
}

/// The source with every secret's characters replaced by `*`, offsets and line breaks unchanged.
pub fn masked_source(text: &str, secrets: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for s in secrets {
        // Keep the quotes when the span includes them.
        let inner = if s.len() >= 2 && matches!(bytes.get(s.start), Some(b'"' | b'\'')) {
            s.start + 1..s.end - 1
        } else {
            s.start..s.end
        };
        for b in &mut bytes[inner.start.min(text.len())..inner.end.min(text.len())] {
            if !matches!(*b, b'\n' | b'\r') {
                *b = b'*';
            }
        }
    }
    // Replacing whole byte ranges with ASCII can split no character that survives, but a span that
    // starts inside a character would; fall back to a lossless conversion then.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The findings of `rule` on a Dex config.
    fn of(rule: &str, text: &str) -> Vec<Finding> {
        let report = crate::lint_bytes("dex.yaml", text.as_bytes(), &Settings::default());
        report.findings.into_iter().filter(|f| f.rule == rule).collect()
    }

    #[test]
    fn a_server_level_finding_is_reported_once_per_file() {
        let text = include_str!("../fixtures/dex/web-origin-invalid.bad.shared.yaml");
        let cors = of("web-origin-invalid", text);
        assert_eq!(cors.len(), 1, "{cors:?}");
        assert_eq!(cors[0].pointer.as_str(), "/web/allowedOrigins/0");
        assert_eq!(cors[0].client, Some(0));
        assert!(
            cors[0]
                .message
                .ends_with("(a server-level setting: it also applies to `admin` and `docs`)"),
            "{}",
            cors[0].message
        );
        // Each client's own findings stay one per client.
        assert_eq!(of("public-client-without-pkce", text).len(), 3);
    }

    #[test]
    fn the_most_severe_of_the_merged_findings_is_kept() {
        // The confidential clients' finding is a warning, the public one's a note.
        let text = "issuer: https://dex.example.com\nweb:\n  allowedOrigins: ['https://a.example.com']\nstaticClients:\n- id: cli\n  public: true\n  redirectURIs: ['http://127.0.0.1:5555/cb']\n- id: web\n  secretEnv: S\n  redirectURIs: ['https://a.example.com/cb']\n";
        let found = of("browser-origins-on-confidential-client", text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].severity, found[0].client), (Some(Severity::Warning), Some(1)));
        assert!(found[0].message.ends_with("it also applies to `cli`)"));
    }

    #[test]
    fn names_of_other_clients_are_listed_briefly() {
        let names = |n: usize| (0..n).map(|i| format!("`c{i}`")).collect::<Vec<_>>();
        assert_eq!(listed(&names(1)), "`c0`");
        assert_eq!(listed(&names(3)), "`c0`, `c1` and `c2`");
        assert_eq!(listed(&names(5)), "`c0`, `c1`, `c2` and 2 other clients");
    }
}
