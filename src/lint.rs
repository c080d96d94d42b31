//! The pipeline for one file: parse → detect → extract → infer → rules → gate → sort → merge the
//! findings on a server-level setting that every client shares.

use crate::config::Settings;
use crate::cross;
use crate::document::{self, Document, LineIndex, Pointer, Span, Syntax, Value};
use crate::finding::{self, Finding, Severity};
use crate::formats::{self, Vendor};
use crate::infer::{self, Confidence, Inference};
use crate::mask::{self, Secrets};
use crate::model::{self, Client, Origin, SecretKind};
use crate::registry;
use crate::rules::{Check, Ctx};
use crate::uri;
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// One client and what oauthlint made of it: what the reports, the fingerprints, the baseline and
/// the checks across clients read. The whole client is kept only when the settings ask for it
/// (`inspect`): a realm has thousands, each some kilobytes.
#[derive(Debug, Clone)]
pub struct ClientReport {
    /// The format's name, as in the JSON output.
    pub format: &'static str,
    pub vendor: &'static Vendor,
    /// Where the client object is.
    pub pointer: Pointer,
    /// Where findings about the client as a whole point.
    pub anchor: Span,
    /// The id and the name as read ([`Client::id`], [`Client::name`]), masked with the report.
    pub id: Option<Box<str>>,
    pub name: Option<Box<str>>,
    /// [`Client::id_env`].
    pub id_env: Option<Box<str>>,
    pub builtin: bool,
    pub inference: Inference,
    /// The document of a YAML stream the client is in, when the file holds more than one
    /// ([`finding::index`]).
    pub document: Option<u32>,
    /// What the checks across clients compare.
    pub cross: cross::Facts,
    /// The whole client, when [`Settings::keep_clients`] asks for it.
    pub client: Option<Box<Client>>,
}

impl ClientReport {
    fn new(client: Client, inference: Inference, document: Option<usize>, keep: bool) -> Self {
        let cross = cross::Facts::of(&client);
        let (format, vendor, anchor, builtin) = (client.format, client.vendor, client.anchor, client.builtin);
        let (pointer, id, name, id_env, client) = if keep {
            let c = &client;
            (
                c.pointer.clone(),
                c.id.as_ref().map(|f| f.value.as_str().into()),
                c.name.as_deref().map(Box::from),
                c.id_env.as_deref().map(Box::from),
                Some(Box::new(client)),
            )
        } else {
            (
                client.pointer,
                client.id.map(|f| f.value.into()),
                client.name.map(Box::from),
                client.id_env.map(Box::from),
                None,
            )
        };
        ClientReport {
            format,
            vendor,
            pointer,
            anchor,
            id,
            name,
            id_env,
            builtin,
            inference,
            document: document.map(finding::index),
            cross,
            client,
        }
    }

    /// The best identifier the file gives: the id, else the name, else the environment variable
    /// that holds the id (`$DEX_WEB_ID`).
    pub fn identifier(&self) -> Option<String> {
        (self.id.as_deref().or(self.name.as_deref()).map(String::from))
            .or_else(|| self.id_env.as_ref().map(|env| format!("${env}")))
    }

    /// The id to show in messages.
    pub fn display_id(&self) -> &str {
        model::display_id(self.id.as_deref(), self.name.as_deref())
    }
}

/// Everything found in one file.
#[derive(Debug)]
pub struct FileReport {
    /// Relative to the working directory, with `/` separators.
    pub path: String,
    pub text: Arc<str>,
    /// Built by [`finish`], once a realm's client subtrees are freed: beside the whole tree, it
    /// would add to the peak.
    pub lines: LineIndex,
    /// The syntax the file was read as (JSONC for a `.json` file only valid as JSONC); none when
    /// it is not text.
    pub syntax: Option<Syntax>,
    pub format: Option<&'static str>,
    pub clients: Vec<ClientReport>,
    pub findings: Vec<Finding>,
    /// The file's secrets, masked in every rendering of its text (see `mask`).
    pub secrets: Secrets,
    /// Findings dropped by suppression (built-in clients).
    pub suppressed: usize,
    /// The settings this file was linted with (its configuration and the flags).
    pub settings: Arc<Settings>,
}

/// Lints one text. `explicit` is true for files named on the command line: they are reported even
/// when no format matches.
pub fn lint_text(path: &str, text: Arc<str>, syntax: Syntax, settings: Arc<Settings>) -> FileReport {
    let parsed = parse_alone(path, &text, syntax);
    lint_parsed(path, text, syntax, parsed, settings)
}

/// Parses the file `path`; a Terraform file is resolved as a module of one file.
pub fn parse_alone(path: &str, text: &Arc<str>, syntax: Syntax) -> Result<Vec<Document>, document::ParseFailure> {
    let mut parsed = document::parse_all(text, syntax);
    if let Ok(docs) = &mut parsed {
        if document::module::is_terraform(Path::new(path)) {
            let mut roots: Vec<&mut document::Node> = docs.iter_mut().map(|d| &mut d.root).collect();
            if document::module::is_override(Path::new(path)) {
                roots
                    .iter_mut()
                    .for_each(|root| document::module::apply_override(root, &mut []));
            }
            let found = document::module::resolve(&mut roots);
            for (doc, found) in docs.iter_mut().zip(found).filter(|(_, f)| !f.is_empty()) {
                let defaults = document::module::default_notes(found, |_| (path, text));
                doc.module = Some(Arc::new(document::Module {
                    files: Vec::new(),
                    defaults,
                }));
            }
        }
    }
    parsed
}

/// Lints one text already parsed (and, for a Terraform module, resolved with its other files).
pub fn lint_parsed(
    path: &str,
    text: Arc<str>,
    syntax: Syntax,
    parsed: Result<Vec<Document>, document::ParseFailure>,
    settings: Arc<Settings>,
) -> FileReport {
    let mut report = FileReport {
        path: path.to_string(),
        lines: LineIndex::new(""),
        text: text.clone(),
        syntax: Some(syntax),
        format: None,
        clients: Vec::new(),
        findings: Vec::new(),
        secrets: Secrets::default(),
        suppressed: 0,
        settings: settings.clone(),
    };
    let enabled = settings.enabled();
    let mut docs = match parsed {
        Ok(docs) => docs,
        Err(e) => {
            // No tree to find secrets in: look for secret-looking values in the raw text, for the
            // snippet and for the parser's message, which may quote the source.
            mask::in_broken_text(&text, &mut report.secrets);
            report.secrets.seal();
            let message = e.message;
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
            return finish(report, &[]);
        }
    };
    report.syntax = docs.first().map(|d| d.syntax);
    // The line ending new lines get, found once: a scan per client is quadratic on a realm written
    // on one line.
    let newline = crate::fix::render::newline(&text);
    // A YAML stream is linted document by document; pointers are per document.
    for doc in &mut docs {
        let before = report.findings.len();
        document_findings(doc, &mut report.findings);
        for f in &mut report.findings[before..] {
            f.document = doc.index.map(finding::index);
        }
        let format = formats::detect(doc, Path::new(path));
        let vendor_keys = format.map_or(&[][..], |f| f.vendor.secret_keys);
        mask::in_document(doc, &text, vendor_keys, &mut report.secrets);
        let Some(format) = format else {
            continue;
        };
        report.format.get_or_insert(format.name);
        // A realm's clients are most of its tree: each client's subtree goes once the client is
        // linted, its findings placed and their fixes rendered first. The document's own findings
        // (a key written twice) may point into any client: they are settled before any goes.
        let frees = format.frees_clients();
        if frees {
            settle(&mut report, doc, before, newline);
        }
        let mut clients = format.clients(doc, Path::new(path));
        // A realm's clients are many: the list is sized for all of them (grown by doubling, it
        // would hold up to twice their room while the tree is alive).
        report.clients.reserve_exact(clients.left());
        while let Some(mut client) = clients.next(doc) {
            let first = report.findings.len();
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
                    report.secrets.add_span(&text, *span);
                    report.secrets.add_value(&s.value);
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
            let kept = ClientReport::new(client, inference, doc.index, settings.keep_clients);
            report.clients.push(kept);
            if frees {
                settle(&mut report, doc, first, newline);
                if let Some(linted) = report.clients.last() {
                    free(doc, &linted.pointer);
                }
            }
        }
        if let Some(module) = &doc.module {
            variable_defaults(&module.defaults, &mut report.findings[before..]);
        }
        // A file kept as a string (a ConfigMap's `data`) would need its edit re-quoted into that
        // string: no fix is offered there rather than one `--fix` cannot make.
        if doc.base != document::Pointer::root() {
            for f in &mut report.findings[before..] {
                f.fix = None;
            }
        }
    }
    report.secrets.seal();
    finish(report, &docs)
}

/// A finding on a value a variable's default gave says so: `-var`, `*.tfvars` or `TF_VAR_*` may
/// override it, so the value linted is the one deployed only when nothing does. `defaults` is
/// sorted by place and its places do not overlap.
fn variable_defaults(defaults: &[(document::Span, String)], findings: &mut [Finding]) {
    for f in findings {
        let after = defaults.partition_point(|(span, _)| span.start <= f.span.start);
        let Some((span, note)) = after.checked_sub(1).map(|i| &defaults[i]) else {
            continue;
        };
        if f.span.end <= span.end {
            f.message = format!("{} ({note})", f.message).into();
        }
    }
}

/// Runs the enabled client rules on one client, gates their severities by the inference's
/// confidence (docs/rules-background.md), and files the findings under the client at `(index, document)`.
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
            f.client = Some(finding::index(index));
            f.document = document.map(finding::index);
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
            // A request to confirm a server setting is no finding about the file: a first run on a
            // repository would be mostly these. `inspect` lists the setting as undecided.
            if f.unconfirmed && !settings.rule_options.pedantic {
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
    let mut secrets = Secrets::default();
    mask::in_broken_text(&text, &mut secrets);
    secrets.seal();
    finish(
        FileReport {
            path: path.to_string(),
            lines: LineIndex::new(""),
            text,
            syntax: None,
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
            secrets,
            suppressed: 0,
            settings,
        },
        &[],
    )
}

/// A resource server (Keycloak `bearerOnly`) accepts tokens but obtains none, so only the rules
/// about its declaration and metadata apply to it (docs/rules-background.md).
const RESOURCE_SERVER_CATEGORIES: [&str; 3] = ["types", "metadata", "secrets"];

fn resource_server(client: &Client) -> bool {
    client
        .declared
        .as_ref()
        .is_some_and(|d| d.value == crate::model::Declared::ResourceServer)
}

/// Places the findings from the `from`th on for their fingerprints and renders their fixes, while
/// `doc`'s tree is whole: before a client's subtree goes.
fn settle(report: &mut FileReport, doc: &Document, from: usize, newline: &'static str) {
    let docs = std::slice::from_ref(doc);
    crate::fingerprint::place_findings(report, docs, from);
    render_fixes(report, docs, from, newline);
}

/// Frees the subtree at `pointer` (a client's, once linted). A `null` takes its place, so that
/// later items keep their index.
fn free(doc: &mut Document, pointer: &Pointer) {
    let Some(tokens) = pointer.tokens_from(&doc.base) else {
        return;
    };
    let mut node = &mut doc.root;
    for token in tokens {
        let next = match &mut node.value {
            Value::Array(items) => token.parse().ok().and_then(|i: usize| items.get_mut(i)),
            // The last of a key written twice, as `Node::get` reads it.
            Value::Object(entries) => entries.iter_mut().rev().find(|e| e.key == *token).map(|e| &mut e.value),
            _ => None,
        };
        let Some(next) = next else { return };
        node = next;
    }
    node.value = Value::Null;
}

/// Fills default and configured severities, drops disabled rules, sorts by offset then rule, reports each
/// server-level finding once, places the findings for their fingerprints and renders their fixes
/// while `docs` (the file's trees) are at hand (those not settled yet), masks the file's secrets,
/// now all known, in what the fixes write, and indexes the lines of the text.
fn finish(mut report: FileReport, docs: &[Document]) -> FileReport {
    report.lines = LineIndex::new(&report.text);
    finish_findings(&mut report.findings, &report.settings);
    merge_server_level(&mut report);
    crate::fingerprint::place_findings(&mut report, docs, 0);
    let newline = crate::fix::render::newline(&report.text);
    render_fixes(&mut report, docs, 0, newline);
    for fix in report.findings.iter_mut().filter_map(|f| f.fix.as_mut()) {
        if let Some(Some(edits)) = &mut fix.rendered {
            crate::fix::scrub(edits, &report.secrets);
        }
    }
    report
}

/// Renders the edits of each fix not rendered yet, from the `from`th finding on, while the file's
/// trees are at hand, so that reports need not parse the file again (`fix::Previews`). Not in a
/// Terraform file: its trees are resolved with its module, and reports render in the file as written.
fn render_fixes(report: &mut FileReport, docs: &[Document], from: usize, newline: &'static str) {
    if document::module::is_terraform(Path::new(&report.path)) {
        return;
    }
    let members = document::members::Members::default();
    for f in &mut report.findings[from..] {
        let document = f.document_index();
        if let Some(fix) = f.fix.as_mut().filter(|fix| fix.rendered.is_none()) {
            fix.rendered = Some(crate::fix::edits(&report.text, newline, docs, document, fix, &members));
        }
    }
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
        let id = f.client_in(clients).map_or("?", ClientReport::display_id);
        format!("`{id}`")
    };
    // The finding kept of each group, by its index, with its message when it names others: the
    // findings are many while the file's tree is alive, so they are filtered in place, not copied.
    let mut kept: Vec<(usize, Option<String>)> = Vec::new();
    let mut start = 0;
    for group in report.findings.chunk_by(same) {
        let at = start;
        start += group.len();
        let Some((i, first)) = group
            .iter()
            .enumerate()
            .min_by_key(|(_, f)| (Reverse(f.severity), f.client))
        else {
            continue;
        };
        let mut others: Vec<&Finding> = group
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, f)| f)
            .collect();
        others.sort_by_key(|f| f.client);
        let message = (!others.is_empty()).then(|| {
            let names: Vec<String> = others.into_iter().map(name).collect();
            format!(
                "{} (a server-level setting: it also applies to {})",
                first.message,
                listed(&names)
            )
        });
        kept.push((at + i, message));
    }
    let mut kept = kept.into_iter().peekable();
    let mut index = 0;
    report.findings.retain_mut(|f| {
        index += 1;
        let Some((_, message)) = kept.next_if(|(i, _)| *i == index - 1) else {
            return false;
        };
        if let Some(message) = message {
            f.message = message.into();
        }
        true
    });
}

/// Sets [`Finding::repeat`]: findings of one rule at one place (two defaults contradicted by one
/// redirect URI, a URI listed twice) are different problems and must keep different fingerprints.
/// Run once per file, when its findings are final and placed.
pub fn number_repeats(findings: &mut [Finding]) {
    let repeats: Vec<u32> = {
        let mut seen: HashMap<(&str, &str), u32> = HashMap::new();
        findings
            .iter()
            .map(|f| {
                let place = f.place.as_deref().unwrap_or(f.pointer.as_str());
                let n = seen.entry((f.rule, place)).or_insert(0);
                *n = n.saturating_add(1);
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
    sort_findings(findings);
    findings.dedup();
}

/// Sorts by offset, rule, document, pointer and message, equal findings in the order they came: as
/// a stable sort would, without its buffer of half the findings (a realm has tens of thousands).
/// The order is found on indices, then applied by swaps, one cycle of the permutation at a time.
fn sort_findings(findings: &mut [Finding]) {
    fn key(f: &Finding) -> (usize, &str, Option<u32>, &Pointer, &str) {
        (f.span.start, f.rule, f.document, &f.pointer, &f.message)
    }
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_unstable_by(|&a, &b| key(&findings[a]).cmp(&key(&findings[b])).then(a.cmp(&b)));
    // `order[i]` is the finding that belongs at `i`; a placed position gets `order[i] == i`.
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            findings.swap(at, from);
            at = from;
        }
    }
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
        let text = "issuer: https://dex.example.com\nexpiry:\n  idTokens: 48h\nstaticClients:\n- id: cli\n  public: true\n- id: web\n  secretEnv: S\n  redirectURIs: ['https://a.example.com/cb']\n";
        let mut report = crate::lint_bytes("dex.yaml", text.as_bytes(), &Settings::default());
        // One server-level setting that is a note for the first client and a warning for the second.
        let shared = |client, severity| Finding {
            client: Some(client),
            severity: Some(severity),
            server_level: true,
            ..Finding::at(
                "long-lived-access-token",
                document::Pointer::root(),
                Span::new(30, 33),
                "too long",
            )
        };
        report.findings = vec![shared(0, Severity::Note), shared(1, Severity::Warning)];
        merge_server_level(&mut report);
        let found = &report.findings;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].severity, found[0].client), (Some(Severity::Warning), Some(1)));
        assert!(found[0].message.ends_with("it also applies to `cli`)"));
    }

    #[test]
    fn a_request_to_confirm_a_server_setting_is_shown_only_when_pedantic() {
        // A public code-flow client: whether the server enforces PKCE is not in an RFC 7591 body.
        let text = r#"{"client_id": "spa", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code"], "redirect_uris": ["https://app.example.com/cb"]}"#;
        let rules = |settings: &Settings| -> Vec<&'static str> {
            let report = crate::lint_bytes("client.json", text.as_bytes(), settings);
            report.findings.iter().map(|f| f.rule).collect()
        };
        assert!(!rules(&Settings::default()).contains(&"public-client-without-pkce"));
        let mut pedantic = Settings::default();
        pedantic.rule_options.pedantic = true;
        assert!(rules(&pedantic).contains(&"public-client-without-pkce"));
    }

    /// Checks that every finding of `report` was placed, and its fix rendered, as the file parsed
    /// again (its whole tree) places and renders it; returns the rules with a rendered fix.
    fn placed_and_rendered_as_a_fresh_parse(mut report: FileReport) -> Vec<&'static str> {
        let docs = document::parse_all(&report.text, report.syntax.unwrap()).unwrap();
        let places: Vec<Option<Box<str>>> = report.findings.iter_mut().map(|f| f.place.take()).collect();
        crate::fingerprint::place_findings(&mut report, &docs, 0);
        let mut fixed = Vec::new();
        for (f, place) in report.findings.iter().zip(places) {
            assert!(place.is_some(), "{}", f.rule);
            assert_eq!(f.place, place, "{}", f.rule);
            let Some(fix) = f.fix.as_deref() else { continue };
            let newline = crate::fix::render::newline(&report.text);
            let members = document::members::Members::default();
            let mut fresh = crate::fix::edits(&report.text, newline, &docs, f.document_index(), fix, &members);
            assert!(fresh.is_some(), "{}", f.rule);
            fresh.iter_mut().for_each(|e| crate::fix::scrub(e, &report.secrets));
            assert_eq!(fix.rendered, Some(fresh), "{}", f.rule);
            fixed.push(f.rule);
        }
        fixed
    }

    #[test]
    fn fixes_are_rendered_at_lint_time_as_a_fresh_parse_renders_them() {
        let text = r#"{"client_id": "spa", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code", "implicit"], "redirect_uris": ["https://app.example.com/cb"]}"#;
        let report = crate::lint_bytes("client.json", text.as_bytes(), &Settings::default());
        let fixed = placed_and_rendered_as_a_fresh_parse(report);
        assert!(fixed.contains(&"implicit-grant"), "{fixed:?}");
    }

    #[test]
    fn a_realms_findings_are_placed_and_fixed_as_on_its_whole_tree() {
        // A key written twice inside the second client: a finding about the document, placed by an
        // item of the clients list before any client's subtree goes.
        let text = r#"{"realm": "r", "accessTokenLifespan": 7200, "clients": [
            {"clientId": "spa", "publicClient": true, "implicitFlowEnabled": true,
             "redirectUris": ["http://a.example.com/cb", "https://a.example.com/*"]},
            {"clientId": "web", "publicClient": true, "publicClient": true, "redirectUris": ["http://b.example.com/cb"]}
        ]}"#;
        let report = crate::lint_bytes("realm.json", text.as_bytes(), &Settings::default());
        let rules: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        assert!(rules.contains(&"duplicate-key"), "{rules:?}");
        let places: Vec<&str> = report.findings.iter().filter_map(|f| f.place.as_deref()).collect();
        assert!(
            places.contains(&"/ckeycloak:web/kredirectUris/vhttp:~1~1b.example.com~1cb"),
            "{places:?}"
        );
        let fixed = placed_and_rendered_as_a_fresh_parse(report);
        assert!(fixed.contains(&"implicit-grant"), "{fixed:?}");
        assert!(fixed.contains(&"public-client-without-pkce"), "{fixed:?}");
    }

    #[test]
    fn a_fix_rendered_before_a_later_client_is_read_masks_that_clients_secret() {
        // The first client's fix writes `S256`, which the second client, read after the first is
        // freed, holds as its secret: the edit is masked once every secret of the file is known.
        let text = r#"{"realm": "r", "clients": [
            {"clientId": "spa", "publicClient": true, "redirectUris": ["https://a.example.com/cb"]},
            {"clientId": "svc", "secret": "S256", "serviceAccountsEnabled": true, "standardFlowEnabled": false}
        ]}"#;
        let report = crate::lint_bytes("realm.json", text.as_bytes(), &Settings::default());
        let pkce = report.findings.iter().find(|f| f.rule == "public-client-without-pkce");
        let edits = pkce
            .and_then(|f| f.fix.as_ref()?.rendered.clone()?)
            .expect("a rendered fix");
        let written: String = edits.iter().map(|e| e.replacement.as_str()).collect();
        assert!(written.contains("pkce.code.challenge.method"), "{written}");
        assert!(!written.contains("S256"), "{written}");
    }

    #[test]
    fn freeing_a_client_leaves_a_null_in_its_place_and_the_rest_as_it_was() {
        let text: Arc<str> = Arc::from(r#"{"realm": "r", "clients": [{"clientId": "a"}, {"clientId": "b"}]}"#);
        let mut doc = document::parse(&text, Syntax::Json).unwrap();
        let whole = doc.root.clone();
        free(&mut doc, &Pointer::root().key("nowhere").index(0));
        free(&mut doc, &Pointer::root().key("clients").index(7));
        assert_eq!(doc.root, whole);
        free(&mut doc, &Pointer::root().key("clients").index(0));
        let clients = doc.root.get("clients").and_then(|c| c.as_array()).unwrap();
        assert_eq!(clients[0].value, Value::Null);
        assert_eq!(clients[1], whole.get("clients").unwrap().as_array().unwrap()[1]);
        assert_eq!(doc.root.get("realm"), whole.get("realm"));
    }

    #[test]
    fn a_client_report_stays_small() {
        // A realm has thousands, all alive at the end of its lint. The pointer, the span and the
        // facts of the checks across clients are other modules' types, counted apart.
        use std::mem::size_of;
        let apart = size_of::<Pointer>() + size_of::<Span>() + size_of::<cross::Facts>();
        assert_eq!(size_of::<ClientReport>() - apart, 136);
        assert_eq!(size_of::<Inference>(), 40);
    }

    #[test]
    fn findings_are_sorted_as_a_stable_sort_sorts_them() {
        // Findings equal in every key (and told apart by their client) keep the order they came in.
        let at = |start: usize, rule: &'static str, message: &'static str, client: usize| Finding {
            client: Some(finding::index(client)),
            ..Finding::at(rule, document::Pointer::root(), Span::new(start, start + 1), message)
        };
        let mut findings: Vec<Finding> = (0..60)
            .map(|i| at((i * 7) % 5, ["b", "a"][i % 2], ["y", "x", "y"][i % 3], i))
            .collect();
        let mut stable = findings.clone();
        stable.sort_by(|a, b| (a.span.start, a.rule, &a.message).cmp(&(b.span.start, b.rule, &b.message)));
        sort_findings(&mut findings);
        assert_eq!(findings, stable);
    }

    #[test]
    fn names_of_other_clients_are_listed_briefly() {
        let names = |n: usize| (0..n).map(|i| format!("`c{i}`")).collect::<Vec<_>>();
        assert_eq!(listed(&names(1)), "`c0`");
        assert_eq!(listed(&names(3)), "`c0`, `c1` and `c2`");
        assert_eq!(listed(&names(5)), "`c0`, `c1`, `c2` and 2 other clients");
    }
}
