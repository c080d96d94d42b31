//! Amazon Cognito app clients in CloudFormation / SAM templates, JSON or YAML (docs/providers.md):
//! every `Resources.*` of `Type: AWS::Cognito::UserPoolClient`, also under Serverless
//! Framework's `resources.Resources`, and in CDK's synthesized templates.
//!
//! Values written as intrinsic functions (`!Ref X`, `!Sub …`, `{"Ref": …}`, `{"Fn::If": …}`) are
//! resolved only at deploy time: they are left unknown, and a boolean or number that is one
//! gets no default either. In a list (`AllowedOAuthFlows`, `CallbackURLs`, …) the literal members
//! still count, and an `Fn::If` (`!If [cond, a, b]`) contributes both branches as possibilities:
//! either may be deployed. Only a list that is one intrinsic other than `Fn::If` is unknown.
//!
//! Defaults, from the `AWS::Cognito::UserPoolClient` reference: `GenerateSecret` false (so the
//! client is public), no OAuth flows unless `AllowedOAuthFlowsUserPoolClient` is true,
//! `ExplicitAuthFlows` of SRP, custom auth and refresh token when absent (the sign-in flows are
//! grants of Cognito's own, `USER_SRP_AUTH` and `CUSTOM_AUTH`), token validity of 60
//! minutes (access, ID) and 30 days (refresh), units hours for access and ID tokens and days for
//! refresh tokens, no refresh-token rotation. Cognito has no setting that requires PKCE.

use super::{default, default_list, origin, scope_of, Format, GrantWords, Vendor};
use crate::document::{Cursor, Document, Span};
use crate::model::{Client, DocKind, Field, Grant, Lifetime, List, Secret, SecretKind, Tokens};
use std::path::Path;

pub const FORMAT: Format = Format {
    name: "cognito",
    detect,
    extract: super::Extract::All(extract),
    vendor: Vendor {
        grant_words: Some(OAUTH_FLOWS),
        pkce_not_enforceable: Some(NO_PKCE_WHY),
        ..Vendor::STANDARD
    },
};

/// `AllowedOAuthFlows` accepts exactly these (`AWS::Cognito::UserPoolClient` reference: "Allowed
/// values: client_credentials | code | implicit").
const OAUTH_FLOWS: GrantWords = GrantWords {
    member: "AllowedOAuthFlows",
    words: FLOW_WORDS,
};

/// Cognito's OAuth flow words and the grant each means; Terraform's `allowed_oauth_flows` takes the
/// same words.
pub(crate) const FLOW_WORDS: &[(&str, Grant)] = &[
    ("code", Grant::AuthorizationCode),
    ("implicit", Grant::Implicit),
    ("client_credentials", Grant::ClientCredentials),
];

const TYPE: &str = "AWS::Cognito::UserPoolClient";

/// `ExplicitAuthFlows` entries that sign users in through Cognito's own API (`InitiateAuth`) other
/// than by sending it the password, and the flow each allows. Like the password flows, each ends
/// in an `AuthenticationResult` with a refresh token (Cognito API reference, `InitiateAuth`), so
/// `ALLOW_REFRESH_TOKEN_AUTH` serves them. They are modelled as Cognito's own grants, not RFC ones.
/// `ALLOW_USER_AUTH` (choice-based sign-in) can also take a password, but which factors it offers
/// is a user-pool setting.
const SIGN_IN_FLOWS: [(&str, &str); 4] = [
    ("ALLOW_USER_SRP_AUTH", "USER_SRP_AUTH"),
    ("ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH"),
    ("CUSTOM_AUTH_FLOW_ONLY", "CUSTOM_AUTH"),
    ("ALLOW_USER_AUTH", "USER_AUTH"),
];

/// `ExplicitAuthFlows` entries by which the app sends the user's password itself.
const PASSWORD_FLOWS: [&str; 4] = [
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH",
];

fn resources(doc: &Document) -> Vec<Cursor<'_>> {
    let root = Cursor::root(doc);
    let res = root.get("Resources").or_else(|| root.path(&["resources", "Resources"]));
    res.map(|r| {
        r.members()
            .map(|(_, c)| c)
            .filter(|c| c.get("Type").and_then(|t| t.as_str()) == Some(TYPE))
            .collect()
    })
    .unwrap_or_default()
}

fn detect(doc: &Document, _path: &Path) -> bool {
    !resources(doc).is_empty()
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    resources(doc).iter().map(client).collect()
}

/// A number member; an intrinsic function is unknown.
fn number(at: &Cursor, key: &str) -> Option<Field<u64>> {
    let c = at.get(key)?;
    let n = c.node.as_loose_i64()?;
    Some(Field::new(u64::try_from(n).ok()?, origin(&c)))
}

fn client(res: &Cursor) -> Client {
    // A resource without `Properties` is a client with every default.
    let props = res.get("Properties");
    let empty = res.clone();
    let at = props.as_ref().unwrap_or(&empty);
    let anchor = at
        .get("ClientName")
        .map(|c| c.span())
        .or(res.key_span)
        .unwrap_or(Span::new(res.span().start, res.span().start + 1));
    let mut c = Client::new(&FORMAT, res.pointer.clone(), anchor, DocKind::Registered);
    // Cognito issues the client id; the logical id names the client in messages.
    c.name = at
        .get("ClientName")
        .and_then(|n| n.as_str().map(str::to_string))
        .or_else(|| res.pointer.as_str().rsplit('/').next().map(str::to_string));
    let generate = match at.get("GenerateSecret") {
        Some(g) => g.node.as_loose_bool().map(|b| Field::new(b, origin(&g))),
        None => Some(default(false, NO_SECRET_WHY)),
    };
    if let Some(g) = &generate {
        c.public = Some(Field::new(!g.value, g.origin.clone()));
        if g.value {
            c.secret = Some(Secret {
                kind: SecretKind::Reference,
                value: "GenerateSecret".into(),
                origin: g.origin.clone(),
            });
            // Cognito has no asymmetric client authentication: a client with a secret presents it
            // at the token endpoint, in the Authorization header or in the body.
            c.auth_method = Some(default("client_secret_basic".into(), SECRET_AUTH_WHY));
        } else {
            c.auth_method = Some(Field::new("none".into(), g.origin.clone()));
        }
    }
    // Cognito validates the words even while the OAuth switch is off.
    c.grant_words = template_strings(at, "AllowedOAuthFlows").map_or_else(Vec::new, |l| l.items);
    c.grants = grants(at, &c.grant_words);
    // `DefaultRedirectURI` must be one of `CallbackURLs`, so it adds no URI of its own.
    c.redirect_uris = template_strings(at, "CallbackURLs");
    c.post_logout_redirect_uris = template_strings(at, "LogoutURLs");
    c.scope = template_strings(at, "AllowedOAuthScopes").map(|l| scope_of(&l));
    c.pkce.required = Some(default(false, NO_PKCE_WHY));
    c.tokens = tokens(at);
    // `EnableTokenRevocation`, `PreventUserExistenceErrors` and
    // `EnablePropagateAdditionalUserContextData` have no place in the model yet.
    c
}

/// OAuth flows (only when `AllowedOAuthFlowsUserPoolClient` is true) and the sign-in, password and
/// refresh channels of `ExplicitAuthFlows`. `None` when an intrinsic makes the set unknowable.
fn grants(at: &Cursor, words: &[Field<String>]) -> Option<List<Grant>> {
    let mut items = Vec::new();
    let oauth = match at.get("AllowedOAuthFlowsUserPoolClient") {
        Some(o) => Some(o.node.as_loose_bool()?),
        None => None,
    };
    if oauth == Some(true) {
        if at.get("AllowedOAuthFlows").is_some() && template_strings(at, "AllowedOAuthFlows").is_none() {
            return None;
        }
        items.extend(
            words
                .iter()
                .map(|w| Field::new(OAUTH_FLOWS.meaning(&w.value), w.origin.clone())),
        );
    }
    let explicit = match at.get("ExplicitAuthFlows") {
        Some(e) if e.node.as_array().is_none() => return None,
        Some(e) => Some(e),
        None => None,
    };
    match &explicit {
        Some(e) => {
            let written: Option<Vec<Field<String>>> = e
                .items()
                .map(|f| Some(Field::new(f.as_str()?.to_string(), origin(&f))))
                .collect();
            sign_in_grants(&mut items, Some(&written?));
        }
        None => sign_in_grants(&mut items, None),
    }
    let origin = at.get("AllowedOAuthFlows").or(explicit).map(|c| origin(&c));
    Some(match origin {
        Some(o) => List { origin: o, items },
        None => {
            let mut l = default_list(NO_OAUTH_WHY, Vec::new());
            l.items = items;
            l
        }
    })
}

/// Adds the grants of an app client's explicit auth flows (`ExplicitAuthFlows`, Terraform's
/// `explicit_auth_flows`), as written, to the OAuth grants already in `items`; `None` when the
/// setting is left out, which Cognito reads as its default flows.
pub(crate) fn sign_in_grants(items: &mut Vec<Field<Grant>>, explicit: Option<&[Field<String>]>) {
    let Some(explicit) = explicit else {
        // UserPoolClientType reference: "If you don't specify a value for ExplicitAuthFlows,
        // your app client supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and
        // ALLOW_CUSTOM_AUTH."
        let sign_in = ["USER_SRP_AUTH", "CUSTOM_AUTH"].map(|flow| Grant::Other(flow.to_string()));
        items.extend(
            sign_in
                .into_iter()
                .chain([Grant::RefreshToken])
                .map(|g| default(g, DEFAULT_FLOWS_WHY)),
        );
        return;
    };
    for f in explicit {
        let name = f.value.as_str();
        if PASSWORD_FLOWS.contains(&name) {
            items.push(Field::new(Grant::Password, f.origin.clone()));
        } else if let Some((_, flow)) = SIGN_IN_FLOWS.iter().find(|(n, _)| *n == name) {
            items.push(Field::new(Grant::Other(flow.to_string()), f.origin.clone()));
        }
    }
    // Refresh tokens come only from a flow that signs a user in.
    let user_grant = items.iter().any(|g| g.value != Grant::ClientCredentials);
    if let Some(r) = explicit.iter().find(|f| f.value == "ALLOW_REFRESH_TOKEN_AUTH") {
        if user_grant {
            items.push(Field::new(Grant::RefreshToken, r.origin.clone()));
        }
    }
}

const DEFAULT_FLOWS_WHY: &str = "Cognito allows ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH and ALLOW_REFRESH_TOKEN_AUTH when ExplicitAuthFlows is not set";

/// A list member of a template: its literal strings and both branches of each `Fn::If`; other
/// intrinsic functions inside it are resolved at deploy time and left out. `None` when the whole
/// value is such a function (`!Ref CallbackUrls`), so the list is unknown.
fn template_strings(at: &Cursor, key: &str) -> Option<List<String>> {
    let list = at.get(key)?;
    let mut items = Vec::new();
    possible_strings(&list, &mut items).then(|| List {
        origin: origin(&list),
        items,
    })
}

/// Pushes every string `at` may deploy as; false when it is an intrinsic other than `Fn::If`.
fn possible_strings(at: &Cursor, out: &mut Vec<Field<String>>) -> bool {
    if let Some(s) = at.as_str() {
        // `AWS::NoValue` removes the member: the branch adds nothing.
        if s != "!Ref AWS::NoValue" {
            out.push(Field::new(s.to_string(), origin(at)));
        }
    } else if at.node.as_array().is_some() {
        for item in at.items() {
            possible_strings(&item, out);
        }
    } else if let Some(branches) = if_branches(at) {
        for branch in branches {
            possible_strings(&branch, out);
        }
    } else {
        return false;
    }
    true
}

/// The two branches of `{"Fn::If": [condition, when_true, when_false]}`.
fn if_branches<'a>(at: &Cursor<'a>) -> Option<[Cursor<'a>; 2]> {
    if at.node.as_object()?.len() != 1 {
        return None;
    }
    let args: Vec<Cursor> = at.get("Fn::If")?.items().collect();
    match <[Cursor; 3]>::try_from(args) {
        Ok([_condition, yes, no]) => Some([yes, no]),
        Err(_) => None,
    }
}

/// A token validity's defaults: the unit its number is in, and the lifetime when it is left out.
pub(crate) struct Validity {
    pub unit: u64,
    pub default: u64,
    pub why: &'static str,
}

pub(crate) const ACCESS_VALIDITY: Validity = Validity {
    unit: 3600,
    default: 3600,
    why: "Cognito access tokens last 60 minutes by default",
};
pub(crate) const ID_VALIDITY: Validity = Validity {
    unit: 3600,
    default: 3600,
    why: "Cognito ID tokens last 60 minutes by default",
};
pub(crate) const REFRESH_VALIDITY: Validity = Validity {
    unit: 86_400,
    default: 30 * 86_400,
    why: "Cognito refresh tokens last 30 days by default",
};

pub(crate) const NO_SECRET_WHY: &str = "Cognito creates no client secret unless GenerateSecret is true";
pub(crate) const SECRET_AUTH_WHY: &str = "a Cognito client with a generated secret authenticates with it (client_secret_basic or client_secret_post: Cognito accepts both)";
pub(crate) const NO_PKCE_WHY: &str = "Cognito has no setting that requires PKCE for an app client";
pub(crate) const NO_OAUTH_WHY: &str = "Cognito enables no OAuth flow unless AllowedOAuthFlowsUserPoolClient is true";
pub(crate) const NO_ROTATION_WHY: &str = "Cognito rotates refresh tokens only with RefreshTokenRotation ENABLED";

/// The seconds in one of `TokenValidityUnits`' units.
pub(crate) fn unit_seconds(unit: &str) -> Option<u64> {
    match unit {
        "seconds" => Some(1),
        "minutes" => Some(60),
        "hours" => Some(3600),
        "days" => Some(86_400),
        _ => None,
    }
}

/// A validity in `TokenValidityUnits.<unit_key>` (`seconds`, `minutes`, `hours`, `days`).
fn validity(at: &Cursor, key: &str, unit_key: &str, v: &Validity) -> Option<Field<Lifetime>> {
    let unit = match at.path(&["TokenValidityUnits", unit_key]) {
        Some(u) => unit_seconds(u.as_str()?)?,
        None => v.unit,
    };
    match at.get(key) {
        Some(_) => {
            let n = number(at, key)?;
            Some(Field::new(Lifetime::Seconds(n.value.saturating_mul(unit)), n.origin))
        }
        None => Some(default(Lifetime::Seconds(v.default), v.why)),
    }
}

fn tokens(at: &Cursor) -> Tokens {
    let rotation = match at.path(&["RefreshTokenRotation", "Feature"]) {
        Some(f) => f.as_str().map(|s| Field::new(s == "ENABLED", origin(&f))),
        None => Some(default(false, NO_ROTATION_WHY)),
    };
    Tokens {
        access_token_lifetime: validity(at, "AccessTokenValidity", "AccessToken", &ACCESS_VALIDITY),
        id_token_lifetime: validity(at, "IdTokenValidity", "IdToken", &ID_VALIDITY),
        refresh_absolute_lifetime: validity(at, "RefreshTokenValidity", "RefreshToken", &REFRESH_VALIDITY),
        refresh_rotation: rotation,
        ..Tokens::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;
    use crate::model::Origin;

    const TEMPLATE: &str = "Resources:
  Pool:
    Type: AWS::Cognito::UserPool
  WebClient:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      ClientName: web
      UserPoolId: !Ref Pool
      GenerateSecret: true
      AllowedOAuthFlowsUserPoolClient: true
      AllowedOAuthFlows: [code, implicit]
      CallbackURLs: [!Ref CallbackURL, 'https://app.example.com/cb']
      ExplicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
      AccessTokenValidity: 30
      RefreshTokenValidity: !Ref Days
      TokenValidityUnits:
        AccessToken: minutes
";

    #[test]
    fn flows_secret_and_validity() {
        let cs = testing::read(&FORMAT, TEMPLATE, Syntax::Yaml);
        assert_eq!(cs.len(), 1);
        let c = &cs[0];
        assert_eq!(c.pointer.as_str(), "/Resources/WebClient");
        assert_eq!(&TEMPLATE[c.anchor.range()], "web");
        assert_eq!(c.secret.as_ref().unwrap().kind, SecretKind::Reference);
        assert!(!c.public.as_ref().unwrap().value);
        assert_eq!(
            testing::grant_names(c),
            ["authorization_code", "implicit", "password", "refresh_token"]
        );
        let uris: Vec<&str> = c.redirects().map(|r| r.value.as_str()).collect();
        assert_eq!(uris, ["!Ref CallbackURL", "https://app.example.com/cb"]);
        assert_eq!(
            c.tokens.access_token_lifetime.as_ref().unwrap().value,
            Lifetime::Seconds(1800)
        );
        // An intrinsic is unknown, not the default.
        assert!(c.tokens.refresh_absolute_lifetime.is_none());
        assert!(c.tokens.id_token_lifetime.as_ref().unwrap().origin.is_default());
    }

    #[test]
    fn an_if_in_a_list_adds_both_branches_and_the_literals_still_count() {
        let yaml = TEMPLATE
            .replace(
                "AllowedOAuthFlows: [code, implicit]",
                "AllowedOAuthFlows: [code, !If [IsDev, implicit, !Ref AWS::NoValue]]",
            )
            .replace(
                "CallbackURLs: [!Ref CallbackURL, 'https://app.example.com/cb']",
                "CallbackURLs:\n        - https://app.example.com/cb\n        - !If [IsDev, 'http://dev.example.com/cb', [!Sub 'https://${Stage}.example.com/cb']]",
            );
        let c = &testing::read(&FORMAT, &yaml, Syntax::Yaml)[0];
        assert_eq!(
            testing::grant_names(c),
            ["authorization_code", "implicit", "password", "refresh_token"]
        );
        let uris: Vec<&str> = c.redirects().map(|r| r.value.as_str()).collect();
        assert_eq!(
            uris,
            [
                "https://app.example.com/cb",
                "http://dev.example.com/cb",
                "!Sub 'https://${Stage}.example.com/cb'"
            ]
        );
        // The long form reads the same, and a whole list that is one other intrinsic stays unknown.
        let json = r#"{"Resources": {"C": {"Type": "AWS::Cognito::UserPoolClient", "Properties": {
            "AllowedOAuthFlowsUserPoolClient": true,
            "AllowedOAuthFlows": {"Fn::If": ["IsDev", ["code", "implicit"], ["code"]]},
            "CallbackURLs": {"Ref": "Callbacks"}}}}}"#;
        let c = &testing::read(&FORMAT, json, Syntax::Json)[0];
        assert!(testing::grant_names(c).contains(&"implicit".to_string()));
        assert!(c.redirect_uris.is_none());
    }

    #[test]
    fn oauth_flows_need_the_switch() {
        let text = TEMPLATE.replace(
            "AllowedOAuthFlowsUserPoolClient: true",
            "AllowedOAuthFlowsUserPoolClient: false",
        );
        assert_eq!(
            testing::grant_names(&testing::read(&FORMAT, &text, Syntax::Yaml)[0]),
            ["password", "refresh_token"]
        );
        let unknown = TEMPLATE.replace(
            "AllowedOAuthFlowsUserPoolClient: true",
            "AllowedOAuthFlowsUserPoolClient: !Ref X",
        );
        assert!(testing::read(&FORMAT, &unknown, Syntax::Yaml)[0].grants.is_none());
    }

    #[test]
    fn bare_client_is_public_with_defaults() {
        let text = r#"{"resources": {"Resources": {"C": {"Type": "AWS::Cognito::UserPoolClient",
            "Properties": {"UserPoolId": {"Ref": "Pool"}, "GenerateSecret": {"Ref": "Gen"}}}}}}"#;
        let c = &testing::read(&FORMAT, text, Syntax::Json)[0];
        assert_eq!(c.name.as_deref(), Some("C"));
        // GenerateSecret is an intrinsic: public or not is unknown.
        assert!(c.public.is_none() && c.secret.is_none());
        // No OAuth flow, but Cognito's default sign-in flows, each a default.
        assert_eq!(
            testing::grant_names(c),
            ["USER_SRP_AUTH", "CUSTOM_AUTH", "refresh_token"]
        );
        assert!(c.grants.as_ref().unwrap().iter().all(|g| g.origin.is_default()));
        let plain = text.replace(r#", "GenerateSecret": {"Ref": "Gen"}"#, "");
        let c = &testing::read(&FORMAT, &plain, Syntax::Json)[0];
        assert!(c.public.as_ref().unwrap().value);
        assert!(matches!(c.public.as_ref().unwrap().origin, Origin::Default { .. }));
        assert_eq!(c.auth_method.as_ref().unwrap().value, "none");
    }

    const IMPLICIT_ONLY: &str = "Resources:
  C:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      GenerateSecret: false
      AllowedOAuthFlowsUserPoolClient: true
      AllowedOAuthFlows: [implicit]
      CallbackURLs: ['https://app.example.com/cb']
      ExplicitAuthFlows: [ALLOW_REFRESH_TOKEN_AUTH]
";

    fn fired(rule: &str, text: &str) -> usize {
        crate::rules::findings_of(rule, "template.yaml", text, false).len()
    }

    /// SRP and custom-auth sign-in return a refresh token, so `ALLOW_REFRESH_TOKEN_AUTH` serves them
    /// even on a client whose only OAuth flow is implicit.
    #[test]
    fn sign_in_flows_yield_refresh_tokens() {
        assert_eq!(fired("refresh-token-grant-misuse", IMPLICIT_ONLY), 1);
        let srp = IMPLICIT_ONLY.replace(
            "[ALLOW_REFRESH_TOKEN_AUTH]",
            "[ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]",
        );
        let c = &testing::read(&FORMAT, &srp, Syntax::Yaml)[0];
        assert_eq!(testing::grant_names(c), ["implicit", "USER_SRP_AUTH", "refresh_token"]);
        assert_eq!(fired("refresh-token-grant-misuse", &srp), 0);
        // Absent, `ExplicitAuthFlows` means SRP, custom auth and refresh tokens.
        let absent = IMPLICIT_ONLY.replace("      ExplicitAuthFlows: [ALLOW_REFRESH_TOKEN_AUTH]\n", "");
        let c = &testing::read(&FORMAT, &absent, Syntax::Yaml)[0];
        assert_eq!(
            testing::grant_names(c),
            ["implicit", "USER_SRP_AUTH", "CUSTOM_AUTH", "refresh_token"]
        );
        assert!(c.grants.as_ref().unwrap().items[1].origin.is_default());
        assert_eq!(fired("refresh-token-grant-misuse", &absent), 0);
        // The sign-in flows are Cognito's own, not misspelt grant types.
        assert_eq!(fired("unknown-metadata-value", &absent), 0);
    }

    /// Cognito's flow words are `code`, `implicit` and `client_credentials`; it rejects the RFC's
    /// `authorization_code`, which still means the code grant to every other rule.
    #[test]
    fn oauth_flow_words_are_cognitos_own() {
        let text = IMPLICIT_ONLY.replace("[implicit]", "[authorization_code, implict]");
        let c = &testing::read(&FORMAT, &text, Syntax::Yaml)[0];
        assert!(c.has_grant(&Grant::AuthorizationCode));
        let settings = crate::config::Settings {
            select: vec!["unknown-metadata-value".into()],
            ..crate::config::Settings::default()
        };
        let found: Vec<_> = crate::lint_bytes("template.yaml", text.as_bytes(), &settings)
            .findings
            .into_iter()
            .map(|f| (f.severity, f.message, f.help.unwrap_or_default(), &text[f.span.range()]))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        let f = &found[0];
        assert_eq!(f.0, Some(crate::finding::Severity::Error));
        assert_eq!(f.3, "authorization_code");
        assert!(f.1.contains("`AllowedOAuthFlows`"), "{}", f.1);
        assert_eq!(f.2, "did you mean `code`?");
        assert_eq!(
            (found[1].3, found[1].2.as_ref()),
            ("implict", "did you mean `implicit`?")
        );
        let good = IMPLICIT_ONLY.replace("[implicit]", "[code, implicit, client_credentials]");
        assert_eq!(fired("unknown-metadata-value", &good), 0);
    }

    #[test]
    fn secret_clients_authenticate_with_the_secret_by_default() {
        let text = r#"{"Resources": {"C": {"Type": "AWS::Cognito::UserPoolClient",
            "Properties": {"GenerateSecret": true}}}}"#;
        let c = &testing::read(&FORMAT, text, Syntax::Json)[0];
        let m = c.auth_method.as_ref().unwrap();
        assert_eq!(m.value, "client_secret_basic");
        assert!(m.origin.is_default());
        // An intrinsic GenerateSecret leaves the method unknown too.
        let unknown = text.replace("true", r#"{"Ref": "Gen"}"#);
        assert!(testing::read(&FORMAT, &unknown, Syntax::Json)[0].auth_method.is_none());
    }

    #[test]
    fn other_templates_are_left_alone() {
        let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n";
        assert!(!testing::detects(&FORMAT, text, Syntax::Yaml));
    }
}
