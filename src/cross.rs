//! Checks across every client of one run, after each file is linted: one secret shared by two clients
//! (`reused-client-secret`), one `client_id` registered twice with different settings
//! (`duplicate-client-id`), and one redirect URI shared by the registrations of a client-side config
//! at different authorization servers (`mix-up-defense-missing`). Secrets are compared, never printed.

use crate::document::Span;
use crate::finding::Finding;
use crate::lint::{self, ClientReport, FileReport};
use crate::model::{Client, Field, Grant, List, Origin, Secret, SecretKind};
use std::collections::BTreeMap;

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
            let c = &files[at.file].clients[at.client].client;
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

fn span_of(origin: &Origin, client: &Client) -> Span {
    match origin {
        Origin::File { span, .. } | Origin::Server { span, .. } => *span,
        Origin::Default { .. } | Origin::Joined(_) => client.anchor,
    }
}

/// Literal secrets, and registration access tokens, that two different clients share.
fn reused_secrets(files: &[FileReport], clients: &[At], found: &mut Vec<(usize, Finding)>) {
    let literal = |s: &&Secret| matches!(s.kind, SecretKind::Plaintext | SecretKind::Hashed);
    let mut by_value: BTreeMap<&str, Vec<(At, &Secret, &'static str)>> = BTreeMap::new();
    for &at in clients {
        let c = &report(files, at).client;
        let secrets = [
            (c.secret.as_ref(), "client secret"),
            (c.registration_access_token.as_ref(), "registration access token"),
        ];
        for (secret, what) in secrets {
            if let Some(s) = secret.filter(literal) {
                by_value.entry(s.value.as_str()).or_default().push((at, s, what));
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
            let client = &report(files, at).client;
            let finding =
                Finding::on(
                    "reused-client-secret",
                    client,
                    &secret.origin,
                    format!(
                    "this {what} is the same as the {first_what} of client `{}` ({}): one leak exposes both clients",
                    report(files, first).client.display_id(),
                    place(files, first, span_of(&first_secret.origin, &report(files, first).client))
                ),
                )
                .label("shared with another client")
                .help("give every client its own secret, generated at random (at least 32 bytes)");
            found.push((at.file, with_client(finding, at, files)));
        }
    }
}

/// What identifies a registration: its `client_id`, or where the vendor's deploy tool matches
/// clients by name (auth0-deploy-cli), its `name`.
fn registration_key(c: &Client) -> Option<&str> {
    let name = c.name.as_deref().filter(|_| c.vendor.tenant_client_folder.is_some());
    c.id.as_ref().map(|f| f.value.as_str()).or(name)
}

fn id_of(files: &[FileReport], at: At) -> Option<&str> {
    report(files, at).client.id.as_ref().map(|f| f.value.as_str())
}

fn with_client(mut f: Finding, at: At, files: &[FileReport]) -> Finding {
    f.client = Some(at.client);
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
    let tenant_folder = cr.client.vendor.tenant_client_folder;
    let folder = path
        .parent()
        .filter(|dir| tenant_folder.is_some() && dir.file_name().and_then(|n| n.to_str()) == tenant_folder);
    match folder {
        Some(dir) => format!("{}\0{}", cr.client.format, dir.display()),
        _ => format!("{}\0{}\0{:?}", cr.client.format, files[at.file].path, cr.document),
    }
}

fn duplicate_ids(files: &[FileReport], clients: &[At], found: &mut Vec<(usize, Finding)>) {
    let mut by_id: BTreeMap<(String, &str), Vec<At>> = BTreeMap::new();
    for &at in clients {
        let client = &report(files, at).client;
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
            let (a, b) = (&report(files, first).client, &report(files, at).client);
            let differences = differing_settings(a, b);
            if differences.is_empty() {
                continue;
            }
            let finding = Finding::client(
                "duplicate-client-id",
                b,
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

/// The settings that differ between two registrations of one client, by their RFC 7591 names.
fn differing_settings(a: &Client, b: &Client) -> Vec<&'static str> {
    fn list(l: &Option<List<String>>) -> Option<Vec<&str>> {
        l.as_ref().map(|l| {
            let mut v: Vec<&str> = l.iter().map(|f| f.value.as_str()).collect();
            v.sort_unstable();
            v
        })
    }
    let grants = |c: &Client| {
        c.grants.as_ref().map(|l| {
            let mut v: Vec<String> = l.iter().map(|f| f.value.to_string()).collect();
            v.sort_unstable();
            v
        })
    };
    let checks = [
        (list(&a.redirect_uris) != list(&b.redirect_uris), "redirect_uris"),
        (grants(a) != grants(b), "grant_types"),
        (
            a.auth_method.as_ref().map(|f| &f.value) != b.auth_method.as_ref().map(|f| &f.value),
            "token_endpoint_auth_method",
        ),
        (
            a.public.as_ref().map(|f| f.value) != b.public.as_ref().map(|f| f.value),
            "public-client flag",
        ),
        (
            a.secret.as_ref().map(|s| &s.value) != b.secret.as_ref().map(|s| &s.value),
            "client_secret",
        ),
        (list(&a.web_origins) != list(&b.web_origins), "web origins"),
        (
            a.pkce.required.as_ref().map(|f| f.value) != b.pkce.required.as_ref().map(|f| f.value),
            "PKCE requirement",
        ),
    ];
    checks
        .into_iter()
        .filter(|(differs, _)| *differs)
        .map(|(_, name)| name)
        .collect()
}

/// How a registration names its authorization server: issuer and authorization endpoint. A trailing
/// `/` is the same server to a person, though RFC 9207 §2.4 compares `iss` exactly.
struct Server<'a> {
    issuer: Option<&'a str>,
    endpoint: Option<&'a str>,
}

impl<'a> Server<'a> {
    fn of(c: &'a Client) -> Self {
        let key = |f: &'a Option<Field<String>>| f.as_ref().map(|f| f.value.trim().trim_end_matches('/'));
        Server {
            issuer: key(&c.issuer),
            endpoint: key(&c.authorization_endpoint),
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
fn server_name(c: &Client) -> &str {
    c.issuer
        .as_ref()
        .or(c.authorization_endpoint.as_ref())
        .map_or("", |f| f.value.as_str())
}

/// The registrations that use one redirect URI, with that URI.
type Holders<'a> = Vec<(At, &'a Field<String>)>;

/// How a registration is named in messages: its key in the config (`google`), else its id.
fn registration_name(c: &Client) -> &str {
    c.name.as_deref().unwrap_or(c.display_id())
}

/// Registrations of one client-side config (one document) that send the user back to the same
/// redirect URI from different authorization servers. No client library we read has a setting to
/// check RFC 9207's `iss` (Spring Security does not implement it), so distinct redirect URIs are the
/// only defence a config can show.
fn mix_up(files: &[FileReport], clients: &[At], found: &mut Vec<(usize, Finding)>) {
    // Keyed by file, document and redirect URI.
    let mut by_uri: BTreeMap<(usize, Option<usize>, &str), Holders> = BTreeMap::new();
    for &at in clients {
        let cr = report(files, at);
        let c = &cr.client;
        let names_server = c.issuer.is_some() || c.authorization_endpoint.is_some();
        if !names_server || !c.enabled || !c.has_grant(&Grant::AuthorizationCode) {
            continue;
        }
        for r in c.redirects() {
            by_uri
                .entry((at.file, cr.document, r.value.as_str()))
                .or_default()
                .push((at, r));
        }
    }
    for ((_, _, uri), holders) in by_uri {
        let servers: Vec<Server> = holders
            .iter()
            .map(|(at, _)| Server::of(&report(files, *at).client))
            .collect();
        for (&(at, redirect), other) in holders.iter().zip(first_at_other_server(&servers)) {
            let Some((first, first_redirect)) = other.map(|o| holders[o]) else {
                continue;
            };
            let c = &report(files, at).client;
            let first_client = &report(files, first).client;
            let finding = Finding::on(
                "mix-up-defense-missing",
                c,
                &redirect.origin,
                format!(
                    "registration `{}` ({}) uses the same redirect URI `{uri}` as registration `{}` ({}): the app cannot tell which authorization server a response comes from, so a malicious one can steal the other's authorization codes",
                    registration_name(c),
                    server_name(c),
                    registration_name(first_client),
                    server_name(first_client),
                ),
            )
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
