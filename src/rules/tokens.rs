//! Category F: tokens and lifetimes.
//!
//! Lifetimes, rotation and binding are read from `client.tokens`. A value may be the client's own
//! (`Origin::File`), a realm or provider setting found in the same file (`Origin::Server`), or a
//! vendor default (`Origin::Default`); each finding says which decided it. A value the file does not
//! give is unknown: the rules whose docs say so report a note, the others stay silent and
//! leave it to `oauthlint inspect`'s `undecided` list, never assuming a server default.

use super::types::file_says_public;
use super::{Check, Ctx};
use crate::finding::{Finding, Severity};
use crate::infer::ClientType;
use crate::model::{Client, Declared, Field, Grant, Lifetime, Origin};
use std::borrow::Cow;

pub const RULES: &[(&str, Check)] = &[
    (
        "refresh-token-public-client-unprotected",
        Check::Client(refresh_token_public_client_unprotected),
    ),
    (
        "long-lived-refresh-token-public-client",
        Check::Client(long_lived_refresh_token_public_client),
    ),
    (
        "refresh-token-no-idle-expiry",
        Check::Client(refresh_token_no_idle_expiry),
    ),
    ("long-lived-access-token", Check::Client(long_lived_access_token)),
    (
        "long-authorization-code-lifetime",
        Check::Client(long_authorization_code_lifetime),
    ),
];

/// Where the client's access to refresh tokens comes from: its `refresh_token` grant, or an
/// `offline_access` scope when the file lists no grants.
pub(super) fn refresh_origin(c: &Client) -> Option<&Origin> {
    if let Some(g) = c.grant(&Grant::RefreshToken) {
        return Some(&g.origin);
    }
    let scope = c.scope.as_ref().filter(|_| c.grants.is_none())?;
    scope
        .value
        .split_whitespace()
        .any(|s| s == "offline_access")
        .then_some(&scope.origin)
}

/// The setting that binds the client's tokens to a key (DPoP or mTLS), when one is on.
pub(super) fn binding(c: &Client) -> Option<&Field<bool>> {
    [&c.tokens.dpop_bound, &c.tokens.mtls_bound]
        .into_iter()
        .flatten()
        .find(|f| f.value)
}

/// Whether the file itself, or inference, makes the client public; `Some(stated)` when it is.
pub(super) fn public(cx: &Ctx) -> Option<bool> {
    let stated = file_says_public(cx.client);
    (stated || cx.inference.is_public()).then_some(stated)
}

pub(super) fn seconds(l: Lifetime) -> u64 {
    match l {
        Lifetime::Seconds(s) => s,
        Lifetime::Infinite => u64::MAX,
    }
}

/// `2592000` → `30 days`, in the largest unit that divides it.
pub(super) fn human(l: Lifetime) -> String {
    let Lifetime::Seconds(s) = l else {
        return "no limit".into();
    };
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match s {
        0 => "0 seconds".into(),
        s if s % 86_400 == 0 => plural(s / 86_400, "day"),
        s if s % 3600 == 0 => plural(s / 3600, "hour"),
        s if s % 60 == 0 => plural(s / 60, "minute"),
        s => plural(s, "second"),
    }
}

/// A setting a finding is about, with the labels that name it: fixed texts, so that the findings
/// of a realm's thousands of clients share them instead of each holding copies.
pub(super) struct Setting {
    /// What the setting is, e.g. "access-token lifetime".
    pub what: &'static str,
    pub at_server: &'static str,
    pub server_wide: &'static str,
    pub by_default: &'static str,
}

/// The [`Setting`] named `$what`, its labels put together at compile time.
macro_rules! setting {
    ($what:literal) => {
        $crate::rules::tokens::Setting {
            what: $what,
            at_server: concat!($what, " set at server level"),
            server_wide: concat!("server-level ", $what, ", applies to every client here"),
            by_default: concat!($what, ": vendor default"),
        }
    };
}
pub(super) use setting;

/// A finding decided by `setting` (the [`Setting`] names it): at the setting when the client sets
/// it itself; at `at` (a place in the client, else the client) when a server-level setting or a
/// vendor default decides, which the message names and, for a server-level setting, a related
/// span shows.
pub(super) fn on_setting(
    rule: &'static str,
    c: &Client,
    (setting, named): (&Origin, Setting),
    at: Option<&Origin>,
    message: impl Into<Cow<'static, str>>,
) -> Finding {
    let message = message.into();
    let in_client = |message: String| match at {
        Some(at) => Finding::on(rule, c, at, message),
        None => Finding::client(rule, c, message),
    };
    match setting {
        Origin::File { .. } => Finding::on(rule, c, setting, message).label(named.what),
        Origin::Server { pointer, .. } => {
            in_client(format!("{message} (decided by the server-level setting `{pointer}`)"))
                .label(named.at_server)
                .related(setting, named.server_wide)
        }
        Origin::Default { why } => in_client(format!("{message} (vendor default: {why})")).label(named.by_default),
        // `on` names the other file in the message.
        Origin::Joined(j) => {
            let what = named.what;
            Finding::on(rule, c, setting, message).label(format!("{what}: set in {}", j.file))
        }
    }
}

fn refresh_token_public_client_unprotected(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "refresh-token-public-client-unprotected";
    let c = cx.client;
    let Some(refresh) = refresh_origin(c) else { return };
    let Some(stated) = public(cx) else { return };
    if binding(c).is_some() {
        return;
    }
    let f = match &c.tokens.refresh_rotation {
        Some(r) if r.value => return,
        Some(r) => on_setting(
            RULE,
            c,
            (&r.origin, setting!("refresh-token rotation off")),
            Some(refresh),
            "refresh tokens of this public client are neither rotated nor sender-constrained, so a stolen one keeps working unnoticed",
        )
        .related(refresh, "refresh tokens issued here"),
        None => Finding::on(
            RULE,
            c,
            refresh,
            "cannot tell from the file whether this public client's refresh tokens are rotated; confirm the server rotates them or binds them to a key (a public client's refresh tokens MUST be one or the other)",
        )
        .severity(Severity::Note)
        .unconfirmed()
        .label("refresh tokens issued"),
    };
    let f = f.help(
        "turn on refresh-token rotation for this client, or bind its tokens with DPoP (`dpop_bound_access_tokens: true`)",
    );
    out.push(if stated { f } else { f.type_dependent() });
}

fn long_lived_refresh_token_public_client(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "long-lived-refresh-token-public-client";
    let c = cx.client;
    let Some(refresh) = refresh_origin(c) else { return };
    let spa = match cx.inference.client_type {
        ClientType::Spa => true,
        ClientType::Native | ClientType::Device => false,
        _ => return,
    };
    let (abs, idle) = (&c.tokens.refresh_absolute_lifetime, &c.tokens.refresh_idle_lifetime);
    let limit = cx.options.value(RULE, "max-lifetime");
    let finite = |f: &Option<Field<Lifetime>>| f.as_ref().is_some_and(|f| f.value != Lifetime::Infinite);
    let f = match (abs, idle) {
        (Some(a), _) if spa && finite(abs) && seconds(a.value) > limit => on_setting(
            RULE,
            c,
            (&a.origin, setting!("refresh-token maximum lifetime")),
            Some(refresh),
            format!(
                "refresh tokens of this browser app live up to {}, longer than {}",
                human(a.value),
                human(Lifetime::Seconds(limit))
            ),
        )
        .severity(Severity::Warning),
        // Either limit bounds how long a stolen token stays useful (BBA §6.3.2.3).
        _ if finite(abs) || finite(idle) => return,
        (Some(a), Some(i)) => on_setting(
            RULE,
            c,
            (&a.origin, setting!("no maximum refresh-token lifetime")),
            Some(refresh),
            "refresh tokens of this public client never expire: there is neither a maximum lifetime nor an idle expiry",
        )
        .severity(if spa { Severity::Error } else { Severity::Warning })
        .related(&i.origin, "no idle expiry"),
        // Only the browser-app case is an error, so only there is an unknown worth a note.
        _ if spa => Finding::on(
            RULE,
            c,
            refresh,
            "cannot tell from the file how long this browser app's refresh tokens live; confirm the server sets a maximum lifetime or an idle expiry for them",
        )
        .severity(Severity::Note)
        .unconfirmed()
        .label("refresh tokens issued"),
        _ => return,
    };
    out.push(
        f.help("give refresh tokens of public clients a maximum lifetime (at most a few days for browser apps) and an idle expiry")
            .type_dependent(),
    );
}

fn refresh_token_no_idle_expiry(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "refresh-token-no-idle-expiry";
    let c = cx.client;
    let Some(refresh) = refresh_origin(c) else { return };
    let f = match &c.tokens.refresh_idle_lifetime {
        Some(i) if i.value != Lifetime::Infinite => return,
        Some(i) => on_setting(
            RULE,
            c,
            (&i.origin, setting!("no refresh-token idle expiry")),
            Some(refresh),
            "refresh tokens do not expire when unused, so those of abandoned installs stay valid",
        ),
        None => Finding::on(
            RULE,
            c,
            refresh,
            "cannot tell from the file whether unused refresh tokens expire; confirm the server sets an idle expiry",
        )
        .unconfirmed()
        .label("refresh tokens issued"),
    };
    out.push(f.help("set an idle (inactivity) expiry for refresh tokens"));
}

fn long_lived_access_token(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "long-lived-access-token";
    let c = cx.client;
    let Some(a) = &c.tokens.access_token_lifetime else {
        return;
    };
    let (bearer_limit, bound_limit, confidential_limit) = (
        cx.options.value(RULE, "max-bearer-lifetime"),
        cx.options.value(RULE, "max-bound-lifetime"),
        cx.options.value(RULE, "max-confidential-lifetime"),
    );
    let public = public(cx);
    let bound = binding(c);
    // OAuth 2.1 §7.1.3.5 asks for short-lived bearer tokens "especially" where they may leak: in a
    // browser or on a device. A confidential client keeps them on its server, so it gets the day
    // that Auth0 and Dex default to.
    let (limit, why) = match (public, bound) {
        (Some(_), _) => (bearer_limit, "a public client"),
        (None, Some(_)) => (bound_limit, "sender-constrained tokens"),
        (None, None) if cx.inference.is_confidential() => (confidential_limit, "a confidential client's bearer tokens"),
        (None, None) => (bearer_limit, "bearer tokens"),
    };
    let secs = seconds(a.value);
    if secs <= limit {
        return;
    }
    let mut f = on_setting(
        RULE,
        c,
        (&a.origin, setting!("access-token lifetime")),
        None,
        format!(
            "access tokens live {}, longer than {} for {why}: a leaked one works that long",
            human(a.value),
            human(Lifetime::Seconds(limit))
        ),
    )
    .help("issue access tokens for an hour or less, and bind them with DPoP or mTLS where the client can");
    if let Some(b) = bound {
        f = f.related(&b.origin, "tokens bound here");
    }
    // Only the lower limit of a bound client depends on its inferred type.
    let inferred_public = public == Some(false);
    let within_bound_limit = secs <= bound_limit;
    out.push(if inferred_public && bound.is_some() && within_bound_limit {
        f.type_dependent()
    } else {
        f
    });
}

fn long_authorization_code_lifetime(cx: &Ctx, out: &mut Vec<Finding>) {
    const RULE: &str = "long-authorization-code-lifetime";
    let c = cx.client;
    if c.declared.as_ref().is_some_and(|d| d.value == Declared::ResourceServer) {
        return;
    }
    let Some(code) = c.grant(&Grant::AuthorizationCode) else {
        return;
    };
    let Some(l) = &c.tokens.authorization_code_lifetime else {
        return;
    };
    // FAPI 2.0 §5.3.2.1: codes shall live at most 60 s.
    let fapi2 = cx.profile_is("fapi2");
    let configured = cx.options.value(RULE, "max-lifetime");
    let limit = if fapi2 { configured.min(60) } else { configured };
    if seconds(l.value) <= limit {
        return;
    }
    out.push(
        on_setting(
            RULE,
            c,
            (&l.origin, setting!("authorization-code lifetime")),
            Some(&code.origin),
            format!(
                "authorization codes stay valid for {}, longer than {}{}",
                human(l.value),
                human(Lifetime::Seconds(limit)),
                if fapi2 { " (FAPI 2.0)" } else { "" }
            ),
        )
        .severity(if fapi2 { Severity::Error } else { Severity::Warning })
        .help(if fapi2 {
            "let authorization codes live at most 60 seconds"
        } else {
            "let authorization codes live at most 10 minutes (1 minute is common)"
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_their_largest_unit() {
        assert_eq!(human(Lifetime::Seconds(2_592_000)), "30 days");
        assert_eq!(human(Lifetime::Seconds(3600)), "1 hour");
        assert_eq!(human(Lifetime::Seconds(5400)), "90 minutes");
        assert_eq!(human(Lifetime::Seconds(61)), "61 seconds");
        assert_eq!(human(Lifetime::Infinite), "no limit");
    }
}
