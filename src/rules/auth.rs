//! Category E, client authentication: which method the client uses, whether it has what that
//! method needs, and whether the server may trust its identity without asking the user.

use super::types::file_says_public;
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::ClientType;
use crate::model::{Client, DocKind, Field, Grant, SECRET_AUTH_METHODS};
use crate::uri::{self, Platform, RawParts};

pub const RULES: &[(&str, Check)] = &[
    ("symmetric-client-auth", Check::Client(symmetric_client_auth)),
    (
        "auth-method-credential-mismatch",
        Check::Client(auth_method_credential_mismatch),
    ),
    ("cimd-client-metadata", Check::Client(cimd_client_metadata)),
    (
        "consent-skipped-unverified-client",
        Check::Client(consent_skipped_unverified_client),
    ),
];

/// The auth method, when it is one of the shared-secret methods.
fn secret_method(c: &Client) -> Option<&Field<String>> {
    c.auth_method
        .as_ref()
        .filter(|m| SECRET_AUTH_METHODS.contains(&m.value.as_str()))
}

/// A shared-secret auth method (or the RFC 7591 default one) on a confidential client.
fn symmetric_client_auth(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(m) = secret_method(c) else { return };
    if !matches!(
        cx.inference.client_type,
        ClientType::Web | ClientType::M2m | ClientType::JwtBearer
    ) || file_says_public(c)
    {
        return;
    }
    let how = if m.origin.is_default() {
        format!("defaults to `{}`", m.value)
    } else {
        format!("is `{}`", m.value)
    };
    out.push(
        Finding::on(
            "symmetric-client-auth",
            c,
            &m.origin,
            format!("`token_endpoint_auth_method` {how}, a shared secret the server must store as well"),
        )
        .label("shared-secret client authentication")
        .help("authenticate with a key pair: `private_key_jwt` with `jwks_uri`, or `tls_client_auth`")
        .type_dependent(),
    );
}

/// JOSE algorithm families for `token_endpoint_auth_signing_alg`.
fn is_hmac(alg: &str) -> bool {
    alg.starts_with("HS")
}
fn is_asymmetric(alg: &str) -> bool {
    ["RS", "PS", "ES"].iter().any(|p| alg.starts_with(p)) || matches!(alg, "EdDSA" | "Ed25519" | "Ed448")
}

/// The auth method and the credential the file registers for it do not fit together.
fn auth_method_credential_mismatch(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(m) = c.auth_method.as_ref().filter(|m| !m.origin.is_default()) else {
        return;
    };
    let rule = "auth-method-credential-mismatch";
    let method = m.value.as_str();
    let has_keys = c.jwks.is_some() || c.jwks_uri.as_ref().is_some_and(|u| !u.value.trim().is_empty());
    // (a) Methods that prove possession of a registered key, with no key registered — where the
    // format keeps keys in the client object.
    let keys_in_client = !c.vendor.keys_registered_out_of_band;
    if matches!(method, "private_key_jwt" | "self_signed_tls_client_auth") && !has_keys && keys_in_client {
        out.push(
            Finding::on(
                rule,
                c,
                &m.origin,
                format!("`{method}` needs the client's public key, but neither `jwks` nor `jwks_uri` is registered"),
            )
            .label("no key to verify against")
            .help("register the client's public keys with `jwks_uri` (or `jwks`)"),
        );
    }
    // (b) `tls_client_auth` names the certificate by exactly one subject parameter (RFC 8705 §2.1.2).
    if let Some(subjects) = c
        .tls_subject
        .as_ref()
        .filter(|s| method == "tls_client_auth" && s.len() != 1)
    {
        let message = if subjects.is_empty() {
            "`tls_client_auth` matches the client's certificate by a `tls_client_auth_subject_*` parameter, and none is registered".to_string()
        } else {
            let names: Vec<String> = subjects.iter().map(|p| format!("`{}`", p.param)).collect();
            format!(
                "`tls_client_auth` must name the certificate by exactly one subject parameter, but {} are registered ({})",
                subjects.len(),
                names.join(", ")
            )
        };
        let mut f = Finding::on(rule, c, &m.origin, message)
            .label("which certificate?")
            .help(
                "register exactly one of `tls_client_auth_subject_dn`, `_san_dns`, `_san_uri`, `_san_ip`, `_san_email`",
            );
        for p in subjects.iter().skip(1) {
            f = f.related(&p.value.origin, "another subject parameter");
        }
        out.push(f);
    }
    // (c) A signing algorithm from the wrong family for the method.
    let wrong = |alg: &str| match method {
        "private_key_jwt" => is_hmac(alg),
        "client_secret_jwt" => is_asymmetric(alg),
        _ => false,
    };
    for a in c
        .algs
        .iter()
        .filter(|a| a.param == "token_endpoint_auth_signing_alg" && wrong(&a.value.value))
    {
        out.push(
            Finding::on(
                rule,
                c,
                &a.value.origin,
                format!(
                    "`token_endpoint_auth_signing_alg` is `{}`, which `{method}` cannot use",
                    a.value.value
                ),
            )
            .label("wrong algorithm family")
            .related(&m.origin, "auth method")
            .help(if method == "private_key_jwt" {
                "`private_key_jwt` signs with the client's private key: use `PS256`, `ES256` or `EdDSA`"
            } else {
                "`client_secret_jwt` is an HMAC over the secret: use `HS256` or higher, or switch to `private_key_jwt`"
            }),
        );
    }
    // (d) A registered client that authenticates with a secret it does not have, where the document
    // shows the whole registration (some servers generate a secret for an imported client).
    let registered = c.doc_kind == DocKind::Registered && c.vendor.registration_shows_secret;
    if registered && secret_method(c).is_some() && c.secret.is_none() {
        out.push(
            Finding::on(
                rule,
                c,
                &m.origin,
                format!("`{method}` authenticates with a client secret, but the registration has none"),
            )
            .label("no secret for this method")
            .help(
                "add the secret (as a reference such as `${CLIENT_SECRET}`), or use `private_key_jwt` with `jwks_uri`",
            ),
        );
    }
}

/// A client ID metadata document (its `client_id` is an https URL) that breaks the CIMD rules.
fn cimd_client_metadata(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    if c.doc_kind != DocKind::MetadataDocument {
        return;
    }
    let rule = "cimd-client-metadata";
    if let Some(id) = &c.id {
        let parts = RawParts::split(&id.value);
        let path = parts.path;
        let problem = if path.is_empty() {
            Some("has no path")
        } else if path.split('/').any(|s| s == "." || s == "..") {
            Some("has `.` or `..` path segments")
        } else if parts.fragment.is_some() {
            Some("has a fragment")
        } else if parts.authority.is_some_and(|a| a.contains('@')) {
            Some("has a user name or password")
        } else {
            None
        };
        if let Some(problem) = problem {
            out.push(
                Finding::on(rule, c, &id.origin, format!("the client_id URL {problem}, which a client ID metadata document must not"))
                    .severity(Severity::Error)
                    .label("not a valid client ID URL")
                    .help("use an https URL with a path and no dot segments, fragment or credentials, e.g. `https://app.example.com/oauth/client.json`"),
            );
        } else if parts.query.is_some() {
            out.push(
                Finding::on(
                    rule,
                    c,
                    &id.origin,
                    "the client_id URL has a query, which a client ID metadata document should not",
                )
                .severity(Severity::Warning)
                .label("query in the client_id")
                .help("publish the document at a URL without a query"),
            );
        }
    }
    // A public document cannot establish a shared secret.
    let secret = c
        .secret
        .as_ref()
        .map(|s| (&s.origin, "`client_secret`"))
        .or_else(|| secret_method(c).map(|m| (&m.origin, "a shared-secret auth method")));
    if let Some((at, what)) = secret {
        out.push(
            Finding::on(
                rule,
                c,
                at,
                format!("a client ID metadata document is public, so it must not use {what}"),
            )
            .severity(Severity::Error)
            .label("shared secret in a public document")
            .help("use `private_key_jwt` with `jwks_uri`, or `none` for a public client"),
        );
    }
}

/// The server skips the consent screen for a client whose identity it cannot verify.
fn consent_skipped_unverified_client(cx: &Ctx, out: &mut Vec<Finding>) {
    let c = cx.client;
    let Some(consent) = c.consent_required.as_ref().filter(|f| !f.value) else {
        return;
    };
    // A default, whether the adapter filled it in or the vendor's export wrote it out, says nothing
    // about a choice: it counts only under `--pedantic`.
    let chosen = !consent.origin.is_default() && !c.vendor.exports_defaults;
    if !chosen && !cx.options.pedantic {
        return;
    }
    let stated = file_says_public(c);
    if !stated
        && !matches!(
            cx.inference.client_type,
            ClientType::Spa | ClientType::Native | ClientType::Device
        )
    {
        return;
    }
    let unverified = cx
        .redirects
        .iter()
        .find(|r| matches!(r.facts.platform, Platform::PrivateUse | Platform::Loopback) || r.facts.wildcard.is_some())
        .map(|r| {
            let why = if r.facts.wildcard.is_some() {
                "is a wildcard".to_string()
            } else {
                format!(
                    "is {}, which any app on the device can claim",
                    r.facts.platform.describe()
                )
            };
            (
                &r.field.origin,
                format!("redirect URI `{}` {why}", uri::display(r.raw())),
            )
        })
        .or_else(|| {
            c.grant(&Grant::DeviceCode).map(|g| {
                (
                    &g.origin,
                    "it uses the device grant, where any device can start a login".to_string(),
                )
            })
        });
    let Some((at, why)) = unverified else { return };
    let f = Finding::on(
        "consent-skipped-unverified-client",
        c,
        &consent.origin,
        format!("the consent screen is skipped for this client, but its identity cannot be verified: {why}"),
    )
    .label(if chosen {
        "consent skipped"
    } else {
        "consent not required (the server's default)"
    })
    .related(at, "unverifiable identity")
    .help(
        "require user consent for this client, or register a claimed https redirect URI that proves the app's identity",
    );
    out.push(if stated { f } else { f.type_dependent() });
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::model::{Field, Origin};
    use crate::rules::{check_client, client_of, findings_of};

    fn findings(rule: &str, json: &str) -> Vec<(Severity, String)> {
        findings_of(rule, "t.json", json, true)
    }

    #[test]
    fn shared_secret_auth_is_a_pedantic_note_on_confidential_types() {
        let rule = "symmetric-client-auth";
        let m2m = r#"{"client_id": "c", "token_endpoint_auth_method": "client_secret_post", "client_secret": "${S}", "grant_types": ["client_credentials"]}"#;
        assert_eq!(
            findings(rule, m2m),
            [(Severity::Note, "/token_endpoint_auth_method".to_string())]
        );
        let default_run = crate::lint_bytes("t.json", m2m.as_bytes(), &Default::default());
        assert!(default_run.findings.iter().all(|f| f.rule != rule), "pedantic only");
        // A registration request's default `client_secret_basic` counts too.
        let request = r#"{"client_name": "c", "grant_types": ["client_credentials"]}"#;
        assert_eq!(findings(rule, request), [(Severity::Note, String::new())]);
        let keys = r#"{"client_id": "c", "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://a.example.com/jwks", "grant_types": ["client_credentials"]}"#;
        assert!(findings(rule, keys).is_empty());
    }

    #[test]
    fn auth_methods_need_their_credentials() {
        let rule = "auth-method-credential-mismatch";
        let with = |method: &str, extra: &str| {
            findings(
                rule,
                &format!(
                    r#"{{"client_id": "c", "token_endpoint_auth_method": "{method}", "grant_types": ["client_credentials"]{extra}}}"#
                ),
            )
        };
        let at_method = [(Severity::Error, "/token_endpoint_auth_method".to_string())];
        assert_eq!(with("self_signed_tls_client_auth", ""), at_method);
        assert!(with("self_signed_tls_client_auth", r#", "jwks": {"keys": [{"kty": "EC"}]}"#).is_empty());
        // (d): a registered client using a secret it does not have; a reference is a secret.
        assert_eq!(with("client_secret_basic", ""), at_method);
        assert!(with("client_secret_basic", r#", "client_secret": "${SECRET}""#).is_empty());
        // A registration request: the server issues the secret.
        assert!(findings(
            rule,
            r#"{"token_endpoint_auth_method": "client_secret_basic", "grant_types": ["client_credentials"]}"#
        )
        .is_empty());
    }

    #[test]
    fn the_signing_alg_must_match_the_method() {
        let json = r#"{"client_id": "c", "token_endpoint_auth_method": "private_key_jwt", "jwks_uri": "https://a.example.com/jwks", "grant_types": ["client_credentials"]}"#;
        let mut c = client_of("t.json", json);
        let at = c.auth_method.as_ref().unwrap().origin.clone();
        let alg = |v: &str| crate::model::Alg {
            param: "token_endpoint_auth_signing_alg",
            value: Field::new(v.to_string(), at.clone()),
        };
        c.algs = vec![alg("HS256")];
        let out = check_client(&c, super::auth_method_credential_mismatch, false);
        assert_eq!(out.len(), 1);
        assert!(out[0].message.contains("`HS256`"), "{}", out[0].message);
        c.algs = vec![alg("ES256")];
        assert!(check_client(&c, super::auth_method_credential_mismatch, false).is_empty());
        c.auth_method.as_mut().unwrap().value = "client_secret_jwt".into();
        c.secret = client_of(
            "t.json",
            r#"{"client_id": "c", "client_secret": "${S}", "grant_types": []}"#,
        )
        .secret;
        assert_eq!(check_client(&c, super::auth_method_credential_mismatch, false).len(), 1);
    }

    #[test]
    fn client_id_metadata_documents_keep_to_the_url_rules_and_hold_no_secret() {
        let rule = "cimd-client-metadata";
        let doc = |id: &str, extra: &str| {
            findings(
                rule,
                &format!(
                    r#"{{"client_id": "{id}", "token_endpoint_auth_method": "none", "redirect_uris": ["https://a.example.com/cb"]{extra}}}"#
                ),
            )
        };
        let at_id = |s| vec![(s, "/client_id".to_string())];
        assert!(doc("https://a.example.com/client.json", "").is_empty());
        assert_eq!(doc("https://a.example.com", ""), at_id(Severity::Error));
        assert_eq!(
            doc("https://a.example.com/x/../client.json", ""),
            at_id(Severity::Error)
        );
        assert_eq!(doc("https://a.example.com/client.json#x", ""), at_id(Severity::Error));
        assert_eq!(doc("https://me@a.example.com/client.json", ""), at_id(Severity::Error));
        assert_eq!(
            doc("https://a.example.com/client.json?v=1", ""),
            at_id(Severity::Warning)
        );
        assert_eq!(
            doc("https://a.example.com/client.json", r#", "client_secret": "${S}""#),
            [(Severity::Error, "/client_secret".to_string())]
        );
        // Not a metadata document: its client_id is not an https URL.
        assert!(findings(rule, r#"{"client_id": "c", "token_endpoint_auth_method": "client_secret_basic", "client_secret": "${S}", "grant_types": []}"#).is_empty());
    }

    /// A public native client from RFC 7591, whose adapter does not read consent settings.
    const NATIVE: &str = r#"{"client_id": "app", "token_endpoint_auth_method": "none", "redirect_uris": ["com.example.app:/cb"], "grant_types": ["authorization_code"]}"#;

    #[test]
    fn skipped_consent_on_an_unverifiable_public_client_is_a_warning() {
        let mut c = client_of("t.json", NATIVE);
        assert!(
            c.consent_required.is_none(),
            "the rfc7591 adapter does not read consent"
        );
        let at = c.auth_method.as_ref().unwrap().origin.clone();
        c.consent_required = Some(Field::new(false, at.clone()));
        let out = check_client(&c, super::consent_skipped_unverified_client, false);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].severity, None, "the rule's default, warning");
        assert!(!out[0].type_dependent, "`none` states the client is public");
        assert!(out[0].message.contains("private-use scheme"), "{}", out[0].message);
        // Consent asked: nothing to say.
        c.consent_required = Some(Field::new(true, at.clone()));
        assert!(check_client(&c, super::consent_skipped_unverified_client, false).is_empty());
        // A default skip counts only under --pedantic.
        c.consent_required = Some(Field::new(false, Origin::Default { why: "test" }));
        assert!(check_client(&c, super::consent_skipped_unverified_client, false).is_empty());
        assert_eq!(
            check_client(&c, super::consent_skipped_unverified_client, true).len(),
            1
        );
    }

    #[test]
    fn skipped_consent_is_fine_where_the_redirect_proves_the_client() {
        let json = NATIVE.replace("com.example.app:/cb", "https://app.example.com/cb");
        let mut c = client_of("t.json", &json);
        let at = c.auth_method.as_ref().unwrap().origin.clone();
        c.consent_required = Some(Field::new(false, at));
        assert!(check_client(&c, super::consent_skipped_unverified_client, true).is_empty());
        // A confidential web client authenticates itself.
        let web = r#"{"client_id": "w", "client_secret": "${S}", "redirect_uris": ["http://127.0.0.1/cb"], "grant_types": ["authorization_code"]}"#;
        let mut c = client_of("t.json", web);
        c.consent_required = Some(Field::new(false, c.secret.as_ref().unwrap().origin.clone()));
        assert!(check_client(&c, super::consent_skipped_unverified_client, true).is_empty());
    }

    #[test]
    fn tls_client_auth_names_exactly_one_certificate_subject() {
        let rule = "auth-method-credential-mismatch";
        let client = |subjects: &str| {
            format!(
                r#"{{"client_id": "c", "token_endpoint_auth_method": "tls_client_auth", "grant_types": ["client_credentials"]{subjects}}}"#
            )
        };
        let fired = |subjects: &str| crate::rules::findings_of(rule, "t.json", &client(subjects), false);
        let at_method = vec![(Severity::Error, "/token_endpoint_auth_method".to_string())];
        assert!(fired(r#", "tls_client_auth_subject_dn": "CN=billing""#).is_empty());
        assert_eq!(fired(""), at_method);
        assert_eq!(
            fired(r#", "tls_client_auth_subject_dn": "CN=billing", "tls_client_auth_san_dns": "billing.example.com""#),
            at_method
        );
        // Keycloak's `client-x509` names its subject in one attribute.
        let keycloak = r#"{"realm": "r", "clients": [{"clientId": "c", "clientAuthenticatorType": "client-x509", "serviceAccountsEnabled": true, "standardFlowEnabled": false, "attributes": {"x509.subjectdn": "CN=c"}}]}"#;
        assert!(crate::rules::findings_of(rule, "realm.json", keycloak, false).is_empty());
    }
}
