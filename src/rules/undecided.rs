//! The values a rule needs for a client that the file does not give (issue 4): `oauthlint inspect`
//! lists them so that a clean run is not read as "checked". Each entry is computed from the model
//! with the conditions the rules use, never from finding messages.

use super::tokens::{binding, public, refresh_origin};
use super::Ctx;
use crate::infer::{ClientType, Confidence};
use crate::model::{Declared, Field, Grant, Lifetime};

/// One unknown value and the rules that could not decide without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecided {
    pub value: &'static str,
    pub rules: Vec<&'static str>,
}

/// Every value this client's checks needed and the file does not give.
pub fn undecided(cx: &Ctx) -> Vec<Undecided> {
    let c = cx.client;
    let i = cx.inference;
    let mut out = Vec::new();
    let mut add = |value, rules: Vec<&'static str>| out.push(Undecided { value, rules });
    // A resource server obtains no tokens: only its declaration is checked.
    if c.declared.as_ref().is_some_and(|d| d.value == Declared::ResourceServer) {
        return out;
    }
    if i.confidence == Confidence::Unknown {
        add("client type", vec!["the type-dependent rules, which are skipped"]);
    }
    if i.public.is_none() {
        add(
            "confidentiality (public or confidential)",
            vec![
                "public-client-without-pkce",
                "refresh-token-public-client-unprotected",
                "long-lived-access-token",
            ],
        );
    }
    if c.auth_method.is_none() {
        add(
            "token endpoint auth method",
            vec!["type inference", "fapi2-client-auth-and-binding"],
        );
    }
    let public = public(cx).is_some();
    let code = c.has_grant(&Grant::AuthorizationCode);
    if code && c.pkce.required.is_none() {
        let mut rules = Vec::new();
        if !i.is_confidential() {
            rules.push("public-client-without-pkce");
        }
        if !public {
            rules.push("confidential-client-without-pkce");
        }
        rules.push("fapi2-authorization-request");
        add("PKCE enforcement", rules);
    }
    if refresh_origin(c).is_some() {
        if public && c.tokens.refresh_rotation.is_none() && binding(c).is_none() {
            add(
                "refresh-token rotation",
                vec!["refresh-token-public-client-unprotected"],
            );
        }
        let finite = |l: &Option<Field<Lifetime>>| l.as_ref().is_some_and(|f| f.value != Lifetime::Infinite);
        let (abs, idle) = (&c.tokens.refresh_absolute_lifetime, &c.tokens.refresh_idle_lifetime);
        let public_type = matches!(i.client_type, ClientType::Spa | ClientType::Native | ClientType::Device);
        let lifetime_rule = public_type && !finite(abs) && !finite(idle);
        if abs.is_none() && lifetime_rule {
            add(
                "refresh-token maximum lifetime",
                vec!["long-lived-refresh-token-public-client"],
            );
        }
        if idle.is_none() {
            let mut rules = vec!["refresh-token-no-idle-expiry"];
            if lifetime_rule {
                rules.insert(0, "long-lived-refresh-token-public-client");
            }
            add("refresh-token idle expiry", rules);
        }
    }
    if c.tokens.access_token_lifetime.is_none() {
        add("access-token lifetime", vec!["long-lived-access-token"]);
    }
    if code && c.tokens.authorization_code_lifetime.is_none() {
        add("authorization-code lifetime", vec!["long-authorization-code-lifetime"]);
    }
    out
}
