//! Spring Authorization Server clients in Spring Boot configuration (FORMATS.md §5.6):
//! `spring.security.oauth2.authorizationserver.client.<key>.*` in `application*.yml` or
//! `application*.properties`.
//!
//! Spring Boot binds property names loosely, so the same setting can be written nested
//! (`spring: security: ...`), dotted (`spring.security.oauth2...: x`), or anything between, in
//! kebab-case or camelCase, and lists as YAML sequences, `[0]` indexes or comma-separated strings.
//! The document is therefore read as a flat list of properties with their paths, compared the way
//! Boot's relaxed binding does (case, `-` and `_` ignored).
//!
//! Defaults, as in Spring Authorization Server's `RegisteredClient` and `ClientSettings` /
//! `TokenSettings` builders: `client_secret_basic` when no authentication method is given,
//! `require-proof-key` and `require-authorization-consent` false, access tokens and authorization
//! codes 5 minutes, refresh tokens 60 minutes, `reuse-refresh-tokens` true (no rotation). A public
//! client (method `none`) must always send a PKCE `code_verifier`, and only `S256` is supported.

use super::{default, origin, scope_of, Format};
use crate::document::{Cursor, Document, Value};
use crate::model::{Alg, Client, DocKind, Field, Grant, Lifetime, List, PkceMethod, Secret, SecretKind, Tokens};
use std::collections::HashMap;
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "spring",
    detect,
    extract,
};

const PREFIX: [&str; 5] = ["spring", "security", "oauth2", "authorizationserver", "client"];

/// One node of the document with its property path, one segment per name or `[index]`.
struct Prop<'a> {
    path: Vec<String>,
    at: Cursor<'a>,
}

/// Spring's relaxed comparison of one path segment.
fn relaxed(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a key as written (`a.b`, `uris[0]`) into path segments.
fn segments(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in key.split('.') {
        let mut rest = part;
        while let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(rest[..open].to_string());
            }
            let close = rest[open..].find(']').map_or(rest.len(), |c| open + c + 1);
            out.push(rest[open..close].to_string());
            rest = &rest[close..];
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// Every node of the tree that lies on the way to, or inside, the client map, with its property
/// path; the rest of the document (most of a Boot config) is not visited. The tree's depth is
/// bounded by the parsers' `MAX_DEPTH`, so the recursion is too.
fn props<'a>(at: Cursor<'a>, path: Vec<String>, out: &mut Vec<Prop<'a>>) {
    let children: Vec<(Vec<String>, Cursor<'a>)> = match &at.node.value {
        Value::Object(_) => at
            .members()
            .map(|(k, c)| {
                let mut p = path.clone();
                p.extend(segments(k));
                (p, c)
            })
            .collect(),
        Value::Array(_) => at
            .items()
            .enumerate()
            .map(|(i, c)| {
                let mut p = path.clone();
                p.push(format!("[{i}]"));
                (p, c)
            })
            .collect(),
        _ => Vec::new(),
    };
    for (p, c) in children {
        if on_the_way(&p) {
            props(c, p, out);
        }
    }
    out.push(Prop { path, at });
}

/// Whether `path` agrees with [`PREFIX`] as far as both go.
fn on_the_way(path: &[String]) -> bool {
    path.iter().zip(PREFIX).all(|(a, b)| relaxed(a) == b)
}

fn starts_with<S: AsRef<str>>(path: &[String], prefix: &[S]) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| relaxed(a) == relaxed(b.as_ref()))
}

/// The nodes of each registration under the client map (the map node itself included), keyed as
/// first written, in order of first appearance.
fn registrations<'a>(doc: &'a Document) -> Vec<(String, Vec<Prop<'a>>)> {
    let mut all = Vec::new();
    props(Cursor::root(doc), Vec::new(), &mut all);
    let mut out: Vec<(String, Vec<Prop>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for p in all {
        if p.path.len() <= PREFIX.len() || !starts_with(&p.path, &PREFIX) {
            continue;
        }
        let key = p.path[PREFIX.len()].clone();
        let at = *index.entry(relaxed(&key)).or_insert_with(|| {
            out.push((key, Vec::new()));
            out.len() - 1
        });
        out[at].1.push(p);
    }
    // A registration needs something under it (`client.web: {}` alone registers nothing).
    out.retain(|(_, ps)| ps.iter().any(|p| p.path.len() > PREFIX.len() + 1));
    out
}

fn detect(doc: &Document, _path: &Path) -> bool {
    !registrations(doc).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    registrations(doc)
        .iter()
        .map(|(key, all)| {
            let mut base: Vec<&str> = PREFIX.to_vec();
            base.push(key);
            client(&Reg { all, base }, key)
        })
        .collect()
}

/// The properties of one registration.
struct Reg<'p, 'a> {
    all: &'p [Prop<'a>],
    base: Vec<&'p str>,
}

impl<'p, 'a> Reg<'p, 'a> {
    /// The path of `rel` (dotted) in this registration.
    fn path(&self, rel: &str) -> Vec<String> {
        self.base.iter().map(|s| s.to_string()).chain(segments(rel)).collect()
    }
    /// The node at `rel`, compared as Boot's relaxed binding does; the last one written wins.
    fn get(&self, rel: &str) -> Option<&'p Cursor<'a>> {
        let want = self.path(rel);
        self.all
            .iter()
            .rev()
            .find(|p| p.path.len() == want.len() && starts_with(&p.path, &want))
            .map(|p| &p.at)
    }
    fn string(&self, rel: &str) -> Option<Field<String>> {
        let c = self.get(rel)?;
        let s = match &c.node.value {
            Value::String(s) | Value::Number(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        Some(Field::new(s, origin(c)))
    }
    fn boolean(&self, rel: &str) -> Option<Field<bool>> {
        let c = self.get(rel)?;
        Some(Field::new(c.node.as_loose_bool()?, origin(c)))
    }
    /// A list: a sequence, `[i]` entries (sorted by index), or a comma-separated string.
    fn list(&self, rel: &str) -> Option<List<String>> {
        let at = self.get(rel);
        if let Some(c) = at.filter(|c| c.node.as_array().is_some()) {
            let items = c
                .items()
                .filter_map(|i| Some(Field::new(scalar(&i)?, origin(&i))))
                .collect();
            return Some(List {
                origin: origin(c),
                items,
            });
        }
        if let Some(c) = at {
            let s = scalar(c)?;
            let items = s
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| Field::new(p.to_string(), origin(c)))
                .collect();
            return Some(List {
                origin: origin(c),
                items,
            });
        }
        // `[i]` entries written as separate keys (properties files, dotted YAML).
        let want = self.path(rel);
        let mut indexed: Vec<(usize, &Cursor)> = self
            .all
            .iter()
            .filter(|p| p.path.len() == want.len() + 1 && starts_with(&p.path, &want))
            .filter_map(|p| Some((index(p.path.last()?)?, &p.at)))
            .collect();
        if indexed.is_empty() {
            return None;
        }
        indexed.sort_by_key(|(i, _)| *i);
        indexed.dedup_by_key(|(i, _)| *i);
        Some(List {
            origin: origin(indexed[0].1),
            items: indexed
                .iter()
                .filter_map(|(_, c)| Some(Field::new(scalar(c)?, origin(c))))
                .collect(),
        })
    }
    /// A `Duration` property: Boot reads a bare number as milliseconds, else `5m`, `300s`, `PT5M`.
    /// A value that cannot be read is unknown; an absent one is the builder's default.
    fn lifetime(&self, rel: &str, default_secs: u64, why: &'static str) -> Option<Field<Lifetime>> {
        let Some(f) = self.string(rel) else {
            return Some(default(Lifetime::Seconds(default_secs), why));
        };
        let v = f.value.trim();
        let l = match v.parse::<u64>() {
            Ok(ms) => Lifetime::Seconds(ms / 1000),
            Err(_) => Lifetime::parse(v)?,
        };
        Some(Field::new(l, f.origin))
    }
}

fn index(seg: &str) -> Option<usize> {
    seg.strip_prefix('[')?.strip_suffix(']')?.trim().parse().ok()
}

fn scalar(c: &Cursor) -> Option<String> {
    match &c.node.value {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        _ => None,
    }
}

/// Spring's client authentication methods from weakest to strongest; a client allowed several is
/// only as strong as the weakest (`none` makes it usable as a public client).
const AUTH_STRENGTH: [&str; 7] = [
    "none",
    "client_secret_post",
    "client_secret_basic",
    "client_secret_jwt",
    "self_signed_tls_client_auth",
    "private_key_jwt",
    "tls_client_auth",
];

fn weakest(methods: &List<String>) -> Option<Field<String>> {
    methods
        .iter()
        .min_by_key(|m| {
            AUTH_STRENGTH
                .iter()
                .position(|s| *s == m.value)
                .unwrap_or(AUTH_STRENGTH.len())
        })
        .cloned()
}

fn client(reg: &Reg, key: &str) -> Client {
    let id = reg.string("registration.client-id");
    // The registration's own object when the file has one (`client.web:`), else its shallowest
    // node (`client: {web.registration: …}`).
    let first = reg.all.iter().min_by_key(|p| p.path.len());
    let pointer = first.map(|p| p.at.pointer.clone()).unwrap_or_default();
    let anchor = match (&id, first) {
        (
            Some(Field {
                origin: crate::model::Origin::File { span, .. },
                ..
            }),
            _,
        ) => *span,
        (_, Some(p)) => p.at.key_span.unwrap_or(p.at.span()),
        _ => crate::document::Span::new(0, 0),
    };
    let mut c = Client::new(FORMAT.name, pointer, anchor, DocKind::Registered);
    c.id = id;
    c.name = reg
        .string("registration.client-name")
        .map(|f| f.value)
        .or(Some(key.to_string()));
    let methods = reg
        .list("registration.client-authentication-methods")
        .filter(|l| !l.is_empty());
    let has_secret = reg
        .string("registration.client-secret")
        .is_some_and(|f| !f.value.trim().is_empty());
    c.auth_method = match &methods {
        // Spring accepts `none` only on the authorization code grant with a PKCE verifier, so a
        // client that also has a secret method and a secret stays confidential for every other
        // grant; `none` there is a PKCE-protected public mode, not an open door.
        Some(l) if has_secret && l.iter().any(|m| m.value != "none") => weakest(&List {
            origin: l.origin.clone(),
            items: l.items.iter().filter(|m| m.value != "none").cloned().collect(),
        }),
        Some(l) => weakest(l),
        None => Some(default(
            "client_secret_basic".into(),
            "Spring Authorization Server registers client_secret_basic when no method is given",
        )),
    };
    let public = c.auth_method.as_ref().is_some_and(|m| m.value == "none");
    c.secret = reg.string("registration.client-secret").and_then(|f| {
        let value = f.value.trim();
        if value.is_empty() {
            return None;
        }
        // `{noop}` marks a secret stored as written; other `{id}` prefixes name a hash.
        let (kind, value) = match value.strip_prefix("{noop}") {
            Some(plain) => (SecretKind::of(plain), plain),
            None => (SecretKind::of(value), value),
        };
        Some(Secret {
            kind,
            value: value.to_string(),
            origin: f.origin,
        })
    });
    c.jwks_uri = reg.string("jwk-set-uri");
    // Spring Authorization Server has no implicit or password grant: such entries are dead
    // configuration, not grants the client can use. Nor can a client that only has `none` use
    // `client_credentials`: Spring authenticates such a client only by a PKCE verifier on the code
    // grant, and the client credentials grant requires an authenticated client.
    c.grants = reg.list("registration.authorization-grant-types").map(|l| List {
        origin: l.origin,
        items: l
            .items
            .into_iter()
            .map(|g| Field::new(Grant::parse(&g.value), g.origin))
            .filter(|g| match g.value {
                Grant::Implicit | Grant::Password => false,
                Grant::ClientCredentials => !public,
                _ => true,
            })
            .collect(),
    });
    c.redirect_uris = reg.list("registration.redirect-uris");
    c.post_logout_redirect_uris = reg.list("registration.post-logout-redirect-uris");
    c.scope = reg.list("registration.scopes").map(|l| scope_of(&l));
    c.consent_required = Some(reg.boolean("require-authorization-consent").unwrap_or(default(
        false,
        "Spring Authorization Server asks for consent only with require-authorization-consent",
    )));
    let proof_key = reg.boolean("require-proof-key");
    c.pkce.required = Some(match proof_key {
        Some(f) if f.value => f,
        _ if public => default(
            true,
            "Spring Authorization Server makes a public client (method none) send a PKCE code_verifier",
        ),
        Some(f) => f,
        None => default(
            false,
            "Spring Authorization Server's require-proof-key defaults to false",
        ),
    });
    if c.pkce.required.as_ref().is_some_and(|r| r.value) {
        c.pkce.methods = Some(default(
            vec![PkceMethod::S256],
            "Spring Authorization Server supports only S256",
        ));
    }
    c.algs = [
        ("token.id-token-signature-algorithm", "id_token_signed_response_alg"),
        (
            "token-endpoint-authentication-signing-algorithm",
            "token_endpoint_auth_signing_alg",
        ),
    ]
    .iter()
    .filter_map(|&(k, param)| {
        Some(Alg {
            param,
            value: reg.string(k)?,
        })
    })
    .collect();
    c.tokens = tokens(reg);
    c.public = c.auth_method.as_ref().map(|m| Field::new(public, m.origin.clone()));
    c
}

fn tokens(reg: &Reg) -> Tokens {
    let reuse = reg.boolean("token.reuse-refresh-tokens");
    Tokens {
        access_token_lifetime: reg.lifetime(
            "token.access-token-time-to-live",
            300,
            "Spring Authorization Server's access-token-time-to-live defaults to 5 minutes",
        ),
        authorization_code_lifetime: reg.lifetime(
            "token.authorization-code-time-to-live",
            300,
            "Spring Authorization Server's authorization-code-time-to-live defaults to 5 minutes",
        ),
        refresh_absolute_lifetime: reg.lifetime(
            "token.refresh-token-time-to-live",
            3600,
            "Spring Authorization Server's refresh-token-time-to-live defaults to 60 minutes",
        ),
        refresh_rotation: Some(match reuse {
            Some(f) => Field::new(!f.value, f.origin),
            None => default(
                false,
                "Spring Authorization Server reuses refresh tokens unless reuse-refresh-tokens is false",
            ),
        }),
        ..Tokens::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;
    use crate::model::Origin;

    const NESTED: &str = "spring:
  security:
    oauth2:
      authorizationserver:
        client:
          web:
            registration:
              client-id: web-client
              client-secret: '{noop}secret'
              client-authentication-methods: [client_secret_basic, none]
              authorization-grant-types: [authorization_code, refresh_token, password]
              redirect-uris: ['http://127.0.0.1:8080/cb']
              scopes: [openid, profile]
            token:
              access-token-time-to-live: 1h
              reuse-refresh-tokens: false
";

    #[test]
    fn nested_yaml() {
        let cs = testing::read(&FORMAT, NESTED, Syntax::Yaml);
        assert_eq!(cs.len(), 1);
        let c = &cs[0];
        assert_eq!(c.id.as_ref().unwrap().value, "web-client");
        assert_eq!(&NESTED[c.anchor.range()], "web-client");
        assert_eq!(
            c.pointer.as_str(),
            "/spring/security/oauth2/authorizationserver/client/web"
        );
        // `none` next to a secret method is only a PKCE-protected mode of the code grant.
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(!c.public.as_ref().unwrap().value);
        assert!(!c.pkce.required.as_ref().unwrap().value);
        // Without a secret, `none` is how the client authenticates, and Spring requires PKCE.
        let public = testing::read(
            &FORMAT,
            &NESTED.replace("client-secret: '{noop}secret'", "client-name: Web"),
            Syntax::Yaml,
        );
        assert_eq!(public[0].auth_method.as_ref().unwrap().value, "none");
        assert!(public[0].public.as_ref().unwrap().value);
        assert!(public[0].pkce.required.as_ref().unwrap().value);
        assert_eq!(public[0].name.as_deref(), Some("Web"));
        let secret = c.secret.as_ref().unwrap();
        assert_eq!((secret.kind, secret.value.as_str()), (SecretKind::Plaintext, "secret"));
        // Spring has no password grant: the entry is dead configuration.
        assert_eq!(testing::grant_names(c), ["authorization_code", "refresh_token"]);
        assert_eq!(c.scope.as_ref().unwrap().value, "openid profile");
        assert_eq!(
            c.tokens.access_token_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(3600)
        );
        assert!(c.tokens.refresh_rotation.as_ref().unwrap().value);
        assert!(c.tokens.refresh_absolute_lifetime.as_ref().unwrap().origin.is_default());
        // Boot reads a bare number as milliseconds; an unreadable value is unknown, not the default.
        let ms = NESTED.replace("access-token-time-to-live: 1h", "access-token-time-to-live: 120000");
        let t = &testing::read(&FORMAT, &ms, Syntax::Yaml)[0].tokens;
        assert_eq!(t.access_token_lifetime.as_ref().unwrap().value, Lifetime::Seconds(120));
        let odd = NESTED.replace("access-token-time-to-live: 1h", "access-token-time-to-live: soon");
        assert!(testing::read(&FORMAT, &odd, Syntax::Yaml)[0]
            .tokens
            .access_token_lifetime
            .is_none());
    }

    #[test]
    fn dotted_yaml_and_camel_case_read_the_same() {
        let text = "spring.security.oauth2.authorizationserver.client:
  web.registration:
    clientId: web-client
    clientAuthenticationMethods: client_secret_basic
    authorizationGrantTypes: authorization_code,client_credentials
    redirectUris[0]: https://app.example.com/cb
  web.require-proof-key: true
";
        let c = &testing::read(&FORMAT, text, Syntax::Yaml)[0];
        assert_eq!(c.id.as_ref().unwrap().value, "web-client");
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(!c.public.as_ref().unwrap().value);
        assert_eq!(testing::grant_names(c), ["authorization_code", "client_credentials"]);
        assert_eq!(c.redirects().next().unwrap().value, "https://app.example.com/cb");
        let pkce = c.pkce.required.as_ref().unwrap();
        assert!(pkce.value && !pkce.origin.is_default());
    }

    #[test]
    fn properties_file() {
        let text = "server.port=9000
spring.security.oauth2.authorizationserver.client.app.registration.client-id=app
spring.security.oauth2.authorizationserver.client.app.registration.client-secret={bcrypt}$2a$10$abcdefghijklmnopqrstuv
spring.security.oauth2.authorizationserver.client.app.registration.authorization-grant-types[0]=authorization_code
spring.security.oauth2.authorizationserver.client.app.registration.redirect-uris[1]=https://b.example.com/cb
spring.security.oauth2.authorizationserver.client.app.registration.redirect-uris[0]=https://a.example.com/cb
";
        let c = &testing::read(&FORMAT, text, Syntax::Properties)[0];
        assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Hashed);
        assert_eq!(c.auth_method.as_ref().unwrap().value, "client_secret_basic");
        assert!(c.auth_method.as_ref().unwrap().origin.is_default());
        let uris: Vec<&str> = c.redirects().map(|r| r.value.as_str()).collect();
        assert_eq!(uris, ["https://a.example.com/cb", "https://b.example.com/cb"]);
        let Origin::File { span, pointer } = &c.redirects().next().unwrap().origin else {
            panic!()
        };
        assert_eq!(&text[span.range()], "https://a.example.com/cb");
        assert!(pointer.as_str().ends_with("/registration/redirect-uris/0"));
        assert!(!c.pkce.required.as_ref().unwrap().value);
        assert!(!c.consent_required.as_ref().unwrap().value);
    }

    #[test]
    fn client_side_registrations_are_not_servers() {
        let text = "spring:\n  security:\n    oauth2:\n      client:\n        registration:\n          google:\n            client-id: x\n";
        assert!(!testing::detects(&FORMAT, text, Syntax::Yaml));
    }
}
