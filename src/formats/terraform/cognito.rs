//! `aws_cognito_user_pool_client` and `aws_cognito_managed_user_pool_client`
//! (hashicorp/terraform-provider-aws, `internal/service/cognitoidp/user_pool_client.go`).
//!
//! The provider sends only what is written (`fwflex.Expand`), so what is left out takes the Cognito
//! API's default, the same as for a CloudFormation `AWS::Cognito::UserPoolClient`: the words, flows
//! and defaults are the Cognito format's ([`crate::formats::cognito`]). No secret unless
//! `generate_secret = true` (the client is then confidential and Cognito keeps the secret); no OAuth
//! flow unless `allowed_oauth_flows_user_pool_client = true`; the SRP, custom and refresh-token
//! sign-in flows when `explicit_auth_flows` is left out; access and ID tokens for 60 minutes,
//! refresh tokens for 30 days, in the units of `token_validity_units`; no refresh-token rotation
//! without `refresh_token_rotation { feature = "ENABLED" }`; no setting that requires PKCE.
//! `client_secret` is computed: only a plan or state holds it, in plaintext. The
//! `aws_cognito_user_pool` named by `user_pool_id` (in the module) gives its feature plan.

use super::{Instance, Resource, Setting};
use crate::formats::cognito::{
    sign_in_grants, unit_seconds, Validity, ACCESS_VALIDITY, FLOW_WORDS, ID_VALIDITY, NO_OAUTH_WHY, NO_PKCE_WHY,
    NO_ROTATION_WHY, NO_SECRET_WHY, REFRESH_VALIDITY, SECRET_AUTH_WHY,
};
use crate::formats::{default, scope_of, server, GrantWords, Vendor};
use crate::model::{Client, Field, Grant, Lifetime, List, Origin, Secret, SecretKind};

/// Cognito's flow words, under the attribute's Terraform name.
const FLOWS: GrantWords = GrantWords {
    member: "allowed_oauth_flows",
    words: FLOW_WORDS,
};

const VENDOR: Vendor = Vendor {
    product: "Cognito",
    grant_words: Some(FLOWS),
    pkce_not_enforceable: Some(NO_PKCE_WHY),
    ..Vendor::STANDARD
};

pub const CLIENT: Resource = Resource {
    kind: "aws_cognito_user_pool_client",
    vendor: VENDOR,
    pulumi: &[
        "aws:cognito/userPoolClient:UserPoolClient",
        "aws:cognito:UserPoolClient",
    ],
    read,
};

/// The same attributes, for a client another AWS service created (OpenSearch, for example).
pub const MANAGED_CLIENT: Resource = Resource {
    kind: "aws_cognito_managed_user_pool_client",
    vendor: VENDOR,
    pulumi: &[
        "aws:cognito/managedUserPoolClient:ManagedUserPoolClient",
        "aws:cognito:ManagedUserPoolClient",
    ],
    read,
};

fn read(inst: &Instance) -> Client {
    let mut c = inst.client("name");
    // Cognito issues the client id: only a plan or state has it, as `id`.
    inst.identify(&mut c, "id", "name");
    if let Some(g) = inst.boolean("generate_secret").or_default(false, NO_SECRET_WHY) {
        c.public = Some(Field::new(!g.value, g.origin.clone()));
        if g.value {
            c.secret = Some(Secret {
                kind: SecretKind::Reference,
                value: "generate_secret".into(),
                origin: g.origin.clone(),
            });
            c.auth_method = Some(default("client_secret_basic".into(), SECRET_AUTH_WHY));
        } else {
            c.auth_method = Some(Field::new("none".into(), g.origin));
        }
    }
    // A plan or state holds the generated secret itself.
    if let Some(s) = inst.secret("client_secret") {
        c.secret = Some(s);
    }
    if let Setting::Known(flows) = inst.strings("allowed_oauth_flows") {
        c.grant_words = flows.value.items;
    }
    c.grants = grants(inst, &c.grant_words);
    c.redirect_uris = inst.uris("callback_urls");
    c.post_logout_redirect_uris = inst.uris("logout_urls");
    c.scope = inst.strings("allowed_oauth_scopes").known().map(|f| scope_of(&f.value));
    c.pkce.required = Some(default(false, NO_PKCE_WHY));
    let units = inst.block("token_validity_units");
    let validity = |key: &str, unit_key: &str, v: &Validity| -> Option<Field<Lifetime>> {
        let unit = match units.as_ref().map(|u| u.string(unit_key)) {
            Some(Setting::Known(u)) => unit_seconds(&u.value)?,
            Some(Setting::Unknown) => return None,
            _ => v.unit,
        };
        match inst.get(key) {
            Setting::Known(n) => {
                let count: u64 = n.value.node.as_loose_i64()?.try_into().ok()?;
                Some(Field::new(Lifetime::Seconds(count.saturating_mul(unit)), n.origin))
            }
            Setting::Unknown => None,
            Setting::Absent | Setting::Computed => Some(default(Lifetime::Seconds(v.default), v.why)),
        }
    };
    c.tokens.access_token_lifetime = validity("access_token_validity", "access_token", &ACCESS_VALIDITY);
    c.tokens.id_token_lifetime = validity("id_token_validity", "id_token", &ID_VALIDITY);
    c.tokens.refresh_absolute_lifetime = validity("refresh_token_validity", "refresh_token", &REFRESH_VALIDITY);
    c.tokens.refresh_rotation = match inst.block("refresh_token_rotation") {
        Some(r) => r
            .string("feature")
            .known()
            .map(|f| Field::new(f.value == "ENABLED", f.origin)),
        None => Some(default(false, NO_ROTATION_WHY)),
    };
    let pool = inst.referenced("user_pool_id", "aws_cognito_user_pool", "id");
    if let Some(pool) = &pool {
        pool_context(pool, &mut c);
    }
    c
}

/// What the client's user pool decides for it. Only the feature plan matters to the model: refresh
/// tokens are rotated only in a pool of the Essentials or Plus plan (Cognito's "User pool feature
/// plans"; the API's `UserPoolTier` defaults to `ESSENTIALS`), so a `LITE` pool
/// has none whatever its clients say. The pool has no token lifetimes; its MFA and threat
/// protection settings have no place in the model.
fn pool_context(pool: &Instance, c: &mut Client) {
    let Some(tier) = pool.string("user_pool_tier").known().filter(|t| t.value == "LITE") else {
        return;
    };
    if c.tokens.refresh_rotation.as_ref().is_some_and(|r| r.value) {
        c.tokens.refresh_rotation = Some(server(Field::new(false, tier.origin)));
    }
}

/// The OAuth flows (only with the OAuth switch on) and the sign-in flows of `explicit_auth_flows`;
/// `None` when an unresolved expression makes the set unknowable.
fn grants(inst: &Instance, words: &[Field<String>]) -> Option<List<Grant>> {
    let mut items = Vec::new();
    let oauth = match inst.boolean("allowed_oauth_flows_user_pool_client") {
        Setting::Known(f) => f.value,
        Setting::Unknown => return None,
        Setting::Absent | Setting::Computed => false,
    };
    let flows = inst.strings("allowed_oauth_flows");
    if oauth {
        if matches!(flows, Setting::Unknown) {
            return None;
        }
        items.extend(
            words
                .iter()
                .map(|w| Field::new(FLOWS.meaning(&w.value), w.origin.clone())),
        );
    }
    let explicit = inst.strings("explicit_auth_flows");
    match &explicit {
        Setting::Known(e) => sign_in_grants(&mut items, Some(&e.value.items)),
        Setting::Unknown => return None,
        Setting::Absent | Setting::Computed => sign_in_grants(&mut items, None),
    }
    let written = [flows, explicit].into_iter().find_map(|s| s.known());
    let origin = written.map_or(Origin::Default { why: NO_OAUTH_WHY }, |f| f.origin);
    Some(List { origin, items })
}
