//! Checks across every client of one run, after each file is linted: one secret shared by two clients
//! (`reused-client-secret`), one `client_id` registered twice with different settings
//! (`duplicate-client-id`), and one redirect URI shared by the registrations of a client-side config
//! at different authorization servers (`mix-up-defense-missing`). Secrets are compared, never printed.

use crate::document::Span;
use crate::finding::Finding;
use crate::lint::{self, ClientReport, FileReport};
use crate::model::{Client, Field, Grant, List, Origin, Secret, SecretKind};
use std::collections::BTreeMap;
use xxhash_rust::xxh3::Xxh3;

/// What the checks across clients compare, kept for each client when it is linted: digests of
/// values rather than the values, since only their equality matters.
#[derive(Debug, Clone)]
pub struct Facts {
    /// Boxed, as most clients of a realm have none or a masked one.
    secret: Option<Box<SecretFact>>,
    registration_access_token: Option<Box<SecretFact>>,
    /// The settings `duplicate-client-id` compares, each digested ([`SETTINGS`] names them); 64
    /// bits suffice to tell settings apart, while a secret's digest has 128 to tell it from any other.
    settings: [u64; SETTINGS.len()],
    /// Set only for a registration `mix-up-defense-missing` reads.
    mix_up: Option<Box<Registration>>,
}

/// A secret as the checks see it: its kind, a digest of its value, where it is.
#[derive(Debug, Clone)]
pub struct SecretFact {
    kind: SecretKind,
    digest: u128,
    origin: Origin,
}

/// A registration of a client-side config that names its server and may share a redirect URI.
#[derive(Debug, Clone)]
struct Registration {
    issuer: Option<String>,
    endpoint: Option<String>,
    redirects: Vec<Field<String>>,
}

impl Facts {
    pub fn of(c: &Client) -> Facts {
        let secret = |s: &Secret| {
            Box::new(SecretFact {
                kind: s.kind,
                digest: digest(Some([s.value.as_str()])),
                origin: s.origin.clone(),
            })
        };
        let names_server = c.issuer.is_some() || c.authorization_endpoint.is_some();
        let mix_up = (names_server && c.enabled && c.has_grant(&Grant::AuthorizationCode)).then(|| {
            let value = |f: &Option<Field<String>>| f.as_ref().map(|f| f.value.clone());
            Box::new(Registration {
                issuer: value(&c.issuer),
                endpoint: value(&c.authorization_endpoint),
                redirects: c.redirects().cloned().collect(),
            })
        });
        Facts {
            secret: c.secret.as_ref().map(secret),
            registration_access_token: c.registration_access_token.as_ref().map(secret),
            settings: settings(c),
            mix_up,
        }
    }
}

/// A digest of an optional list of words that two lists share only when they are equal (`None`
/// and an empty list differ).
fn digest<'a>(words: Option<impl IntoIterator<Item = &'a str>>) -> u128 {
    let mut h = Xxh3::new();
    if let Some(words) = words {
        h.update(b"S");
        for w in words {
            h.update(&(w.len() as u64).to_le_bytes());
            h.update(w.as_bytes());
        }
    }
    h.digest128()
}

/// A client of the run: its file and its place in that file's clients.
#[derive(Clone, Copy)]
struct At {
    file: usize,
    client: usize,
}

/// Adds the cross-client findings to the files they belong to.
pub fn check(files: &mut [FileReport]) {
    let mut found: Vec<(usize, Finding)> = Vec::new();
    let clients: Vec<At> = files
        .iter()
        .enumerate()
        .flat_map(|(file, f)| (0..f.clients.len()).map(move |client| At { file, client }))
        .filter(|at| {
            let c = &files[at.file].clients[at.client];
            !c.builtin || files[at.file].settings.rule_options.pedantic
        })
        .collect();
    reused_secrets(files, &clients, &mut found);
    duplicate_ids(files, &clients, &mut found);
    mix_up(files, &clients, &mut found);
    if found.is_empty() {
        return;
    }
    for (file, finding) in found {
        files[file].findings.push(finding);
    }
    for file in files.iter_mut() {
        lint::finish_findings(&mut file.findings, &file.settings);
    }
}

fn report(files: &[FileReport], at: At) -> &ClientReport {
    &files[at.file].clients[at.client]
}

/// `path:line` of `span` in the file of `at`.
fn place(files: &[FileReport], at: At, span: Span) -> String {
    let file = &files[at.file];
    format!("{}:{}", file.path, file.lines.position(&file.text, span.start).line)
}

fn span_of(origin: &Origin, client: &ClientReport) -> Span {
    match origin {
        Origin::File { span, .. } | Origin::Server { span, .. } => *span,
        Origin::Default { .. } | Origin::Joined(_) => client.anchor,
    }
}

/// A finding about a value of the client at `at`.
fn on(files: &[FileReport], at: At, rule: &'static str, origin: &Origin, message: String) -> Finding {
    let c = report(files, at);
    Finding::at_origin(rule, (&c.pointer, c.anchor), origin, message)
}

/// Literal secrets, and registration access tokens, that two different clients share.
fn reused_secrets(files: &[FileReport], clients: &[At], found: &mut Vec<(usize, Finding)>) {
    let literal = |s: &&SecretFact| matches!(s.kind, SecretKind::Plaintext | SecretKind::Hashed);
    let mut by_value: BTreeMap<u128, Vec<(At, &SecretFact, &'static str)>> = BTreeMap::new();
    for &at in clients {
        let c = &report(files, at).cross;
        let secrets = [
            (c.secret.as_deref(), "client secret"),
            (c.registration_access_token.as_deref(), "registration access token"),
        ];
        for (secret, what) in secrets {
            if let Some(s) = secret.filter(literal) {
                by_value.entry(s.digest).or_default().push((at, s, what));
            }
        }
    }
    for holders in by_value.values() {
        let (first, first_secret, first_what) = holders[0];
        let first_id = id_of(files, first);
        for &(at, secret, what) in &holders[1..] {
            // The same client listed twice is `duplicate-client-id`'s business, not a reuse.
            if first_id.is_some() && id_of(files, at) == first_id {
                continue;
            }
            let message = format!(
                "this {what} is the same as the {first_what} of client `{}` ({}): one leak exposes both clients",
                report(files, first).display_id(),
                place(files, first, span_of(&first_secret.origin, report(files, first)))
            );
            let finding = on(files, at, "reused-client-secret", &secret.origin, message)
                .label("shared with another client")
                .help("give every client its own secret, generated at random (at least 32 bytes)");
            found.push((at.file, with_client(finding, at, files)));
        }
    }
}

/// What identifies a registration: its `client_id`, or where the vendor's deploy tool matches
/// clients by name (auth0-deploy-cli), its `name`.
fn registration_key(c: &ClientReport) -> Option<&str> {
    let name = c.name.as_deref().filter(|_| c.vendor.tenant_client_folder.is_some());
    c.id.as_deref().or(name)
}

fn id_of(files: &[FileReport], at: At) -> Option<&str> {
    report(files, at).id.as_deref()
}

fn with_client(mut f: Finding, at: At, files: &[FileReport]) -> Finding {
    f.client = Some(crate::finding::index(at.client));
    f.document = report(files, at).document;
    f
}

/// Where a `client_id` must be unique. One list of clients in one document always is. Across files
/// only a deploy tool's folder of one tenant's clients is (auth0-deploy-cli's `clients/<name>.json`): a
/// realm name or a folder says nothing else, since `dev/` and `prod/` configs of one realm rightly
/// register the same ids with different URLs.
fn namespace(files: &[FileReport], at: At) -> String {
    let cr = report(files, at);
    let path = std::path::Path::new(&files[at.file].path);
    let tenant_folder = cr.vendor.tenant_client_folder;
    let folder = path
        .parent()
        .filter(|dir| tenant_folder.is_some() && dir.file_name().and_then(|n| n.to_str()) == tenant_folder);
    match folder {
        Some(dir) => format!("{}\0{}", cr.format, dir.display()),
        _ => format!("{}\0{}\0{:?}", cr.format, files[at.file].path, cr.document),
    }
}

fn duplicate_ids(files: &[FileReport], clients: &[At], found: &mut Vec<(usize, Finding)>) {
    let mut by_id: BTreeMap<(String, &str), Vec<At>> = BTreeMap::new();
    for &at in clients {
        let client = report(files, at);
        if client.vendor.configures_client_app {
            continue;
        }
        if let Some(id) = registration_key(client) {
            by_id.entry((namespace(files, at), id)).or_default().push(at);
        }
    }
    for holders in by_id.values() {
        let first = holders[0];
        for &at in &holders[1..] {
            let (a, b) = (report(files, first), report(files, at));
            let differences = differing_settings(&a.cross, &b.cross);
            if differences.is_empty() {
                continue;
            }
            let finding = Finding::at(
                "duplicate-client-id",
                b.pointer.clone(),
                b.anchor,
                format!(
                    "client `{}` is registered twice, here and at {}, with different {}: the server keeps only one",
                    b.display_id(),
                    place(files, first, a.anchor),
                    and_list(&differences)
                ),
            )
            .label("registered twice")
            .help("keep one registration of this client, or give the second one its own client_id");
            found.push((at.file, with_client(finding, at, files)));
        }
    }
}

/// The settings `duplicate-client-id` compares, by their RFC 7591 names, in the order it lists them;
/// the secret comes between the public-client flag and the web origins.
const SETTINGS: [&str; 6] = [
    "redirect_uris",
    "grant_types",
    "token_endpoint_auth_method",
    "public-client flag",
    "web origins",
    "PKCE requirement",
];

/// The digests of a client's [`SETTINGS`]; lists compare as sets of their items.
fn settings(c: &Client) -> [u64; SETTINGS.len()] {
    fn list(l: &Option<List<String>>) -> u128 {
        digest(l.as_ref().map(|l| {
            let mut v: Vec<&str> = l.iter().map(|f| f.value.as_str()).collect();
            v.sort_unstable();
            v
        }))
    }
    let grants = c.grants.as_ref().map(|l| {
        let mut v: Vec<String> = l.iter().map(|f| f.value.to_string()).collect();
        v.sort_unstable();
        v
    });
    let flag = |f: &Option<Field<bool>>| digest(f.as_ref().map(|f| [if f.value { "true" } else { "false" }]));
    [
        list(&c.redirect_uris),
        digest(grants.as_ref().map(|v| v.iter().map(String::as_str))),
        digest(c.auth_method.as_ref().map(|f| [f.value.as_str()])),
        flag(&c.public),
        list(&c.web_origins),
        flag(&c.pkce.required),
    ]
    .map(|d| d as u64)
}

/// The settings that differ between two registrations of one client, by their RFC 7591 names.
fn differing_settings(a: &Facts, b: &Facts) -> Vec<&'static str> {
    let secret = |f: &Facts| f.secret.as_ref().map(|s| s.digest);
    let (before, after) = SETTINGS.split_at(4);
    let differs = |i: usize| a.settings[i] != b.settings[i];
    let named = |offset: usize| move |(i, name): (usize, &&'static str)| differs(i + offset).then_some(*name);
    let mut out: Vec<&'static str> = before.iter().enumerate().filter_map(named(0)).collect();
    if secret(a) != secret(b) {
        out.push("client_secret");
    }
    out.extend(after.iter().enumerate().filter_map(named(4)));
    out
}

/// How a registration names its authorization server: issuer and authorization endpoint. A trailing
/// `/` is the same server to a person, though RFC 9207 §2.4 compares `iss` exactly.
struct Server<'a> {
    issuer: Option<&'a str>,
    endpoint: Option<&'a str>,
}

impl<'a> Server<'a> {
    fn of(r: &'a Registration) -> Self {
        let key = |v: &'a Option<String>| v.as_deref().map(|v| v.trim().trim_end_matches('/'));
        Server {
            issuer: key(&r.issuer),
            endpoint: key(&r.endpoint),
        }
    }
}

/// The first of the items seen so far, and the first whose key differs from the first's: enough to
/// answer "the first item whose key is not K" for any K, in constant time.
struct FirstTwo<'a> {
    first: Option<(usize, &'a str)>,
    first_other: Option<usize>,
}

impl<'a> FirstTwo<'a> {
    fn new() -> Self {
        FirstTwo {
            first: None,
            first_other: None,
        }
    }

    fn push(&mut self, item: usize, key: &'a str) {
        match self.first {
            None => self.first = Some((item, key)),
            Some((_, first)) if first != key && self.first_other.is_none() => self.first_other = Some(item),
            Some(_) => {}
        }
    }

    fn first_unlike(&self, key: &str) -> Option<usize> {
        let (first, first_key) = self.first?;
        if first_key != key {
            Some(first)
        } else {
            self.first_other
        }
    }
}

/// For each registration in order, the first one before it that is at another authorization
/// server: by issuer when both name one, else by authorization endpoint (when both name one). One
/// pass over the registrations, however many share a redirect URI.
fn first_at_other_server(servers: &[Server]) -> Vec<Option<usize>> {
    // Earlier registrations with an issuer; without one but with an endpoint; with an endpoint.
    let (mut issuers, mut endpoints_only, mut endpoints) = (FirstTwo::new(), FirstTwo::new(), FirstTwo::new());
    let mut out = Vec::with_capacity(servers.len());
    for (i, s) in servers.iter().enumerate() {
        let other = match (s.issuer, s.endpoint) {
            (Some(issuer), endpoint) => {
                let by_issuer = issuers.first_unlike(issuer);
                let by_endpoint = endpoint.and_then(|e| endpoints_only.first_unlike(e));
                by_issuer.into_iter().chain(by_endpoint).min()
            }
            (None, endpoint) => endpoint.and_then(|e| endpoints.first_unlike(e)),
        };
        out.push(other);
        if let Some(issuer) = s.issuer {
            issuers.push(i, issuer);
        }
        if let Some(endpoint) = s.endpoint {
            endpoints.push(i, endpoint);
            if s.issuer.is_none() {
                endpoints_only.push(i, endpoint);
            }
        }
    }
    out
}

/// How a registration's server is named in messages.
fn server_name(r: &Registration) -> &str {
    r.issuer.as_ref().or(r.endpoint.as_ref()).map_or("", String::as_str)
}

/// The registrations that use one redirect URI, with that URI.
type Holders<'a> = Vec<(At, &'a Registration, &'a Field<String>)>;

/// How a registration is named in messages: its key in the config (`google`), else its id.
fn registration_name(c: &ClientReport) -> &str {
    c.name.as_deref().unwrap_or(c.display_id())
}

/// Registrations of one client-side config (one document) that send the user back to the same
/// redirect URI from different authorization servers. No client library we read has a setting to
/// check RFC 9207's `iss` (Spring Security does not implement it), so distinct redirect URIs are the
/// only defence a config can show.
fn mix_up(files: &[FileReport], clients: &[At], found: &mut Vec<(usize, Finding)>) {
    // Keyed by file, document and redirect URI.
    let mut by_uri: BTreeMap<(usize, Option<u32>, &str), Holders> = BTreeMap::new();
    for &at in clients {
        let cr = report(files, at);
        let Some(registration) = &cr.cross.mix_up else {
            continue;
        };
        for r in &registration.redirects {
            by_uri
                .entry((at.file, cr.document, r.value.as_str()))
                .or_default()
                .push((at, registration, r));
        }
    }
    for ((_, _, uri), holders) in by_uri {
        let servers: Vec<Server> = holders.iter().map(|(_, r, _)| Server::of(r)).collect();
        for (&(at, registration, redirect), other) in holders.iter().zip(first_at_other_server(&servers)) {
            let Some((first, first_registration, first_redirect)) = other.map(|o| holders[o]) else {
                continue;
            };
            let (c, first_client) = (report(files, at), report(files, first));
            let message = format!(
                "registration `{}` ({}) uses the same redirect URI `{uri}` as registration `{}` ({}): the app cannot tell which authorization server a response comes from, so a malicious one can steal the other's authorization codes",
                registration_name(c),
                server_name(registration),
                registration_name(first_client),
                server_name(first_registration),
            );
            let finding = on(files, at, "mix-up-defense-missing", &redirect.origin, message)
            .label("shared by two authorization servers")
            .related(&first_redirect.origin, "the same redirect URI")
            .help("give each registration its own redirect URI, such as the default `{baseUrl}/login/oauth2/code/{registrationId}`");
            found.push((at.file, with_client(finding, at, files)));
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as first written: compare each registration with every one before it.
    fn pairwise(servers: &[Server]) -> Vec<Option<usize>> {
        let same = |a: &Server, b: &Server| match (a.issuer, b.issuer) {
            (Some(x), Some(y)) => Some(x == y),
            _ => Some(a.endpoint? == b.endpoint?),
        };
        (0..servers.len())
            .map(|i| (0..i).find(|&o| same(&servers[o], &servers[i]) == Some(false)))
            .collect()
    }

    #[test]
    fn the_first_registration_at_another_server_is_found_as_pairwise_comparison_finds_it() {
        let names = [None, Some("a"), Some("b")];
        let kinds: Vec<(Option<&str>, Option<&str>)> =
            names.iter().flat_map(|&i| names.iter().map(move |&e| (i, e))).collect();
        // Every sequence of four registrations, each with or without an issuer and an endpoint.
        for n in 0..kinds.len().pow(4) {
            let servers: Vec<Server> = (0..4)
                .map(|k| {
                    let (issuer, endpoint) = kinds[n / kinds.len().pow(k) % kinds.len()];
                    Server { issuer, endpoint }
                })
                .collect();
            assert_eq!(first_at_other_server(&servers), pairwise(&servers), "sequence {n}");
        }
    }
}
