//! Terraform and OpenTofu client resources (docs/terraform-resources.md): `.tf` and `.tf.json`
//! files, read in the JSON-syntax shape (`/resource/TYPE/NAME/ATTR`), and the JSON of `terraform
//! show -json` (plan and state, see `plan`).
//!
//! Each client resource type has a [`Resource`] entry in [`RESOURCES`]: its provider's [`Vendor`]
//! facts and a reader that turns one [`Instance`] into a [`Client`]. Adding a resource is one file
//! under this folder and one line in the table. Readers ask an [`Instance`] for attributes by their
//! Terraform (snake_case) names; the same readers serve the Crossplane and Pulumi siblings, which
//! spell them in camelCase ([`Keys`]).
//!
//! A value is a [`Setting`]: known, absent (the provider's default applies) or unknown (an
//! unresolved expression, `${…}`, or a plan's "known after apply"). Unknown values are never judged.

mod auth0;
mod azuread;
mod cognito;
mod keycloak;
mod okta;
mod plan;
mod siblings;
mod zitadel;

pub use siblings::{CROSSPLANE, PULUMI};

use super::{Format, Vendor};
use crate::document::{Cursor, Document, Node, Pointer, Span, Value};
use crate::model::{Client, DocKind, Field, Joined, Lifetime, List, Origin, Secret, SecretKind};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

pub const FORMAT: Format = Format {
    name: "terraform",
    detect,
    extract: super::Extract::All(extract),
    // Every client carries its resource's own facts ([`Resource::vendor`]).
    vendor: Vendor::STANDARD,
};

/// One client resource type of a Terraform provider.
pub struct Resource {
    /// The resource type (`keycloak_openid_client`).
    pub kind: &'static str,
    /// The provider's facts, carried by every client read from this resource type.
    pub vendor: Vendor,
    /// The Pulumi type tokens of the same resource (`keycloak:openid/client:Client`), long and
    /// short form.
    pub pulumi: &'static [&'static str],
    pub read: fn(&Instance) -> Client,
}

/// Every client resource type, by provider.
pub const RESOURCES: &[Resource] = &[
    keycloak::CLIENT,
    okta::APP,
    zitadel::APP,
    auth0::CLIENT,
    cognito::CLIENT,
    cognito::MANAGED_CLIENT,
    azuread::APPLICATION,
    azuread::REGISTRATION,
];

/// The reader of a resource type.
pub fn resource(kind: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.kind == kind)
}

/// How an input spells attribute names: Terraform's snake_case, or the camelCase of Pulumi and
/// Crossplane (`valid_redirect_uris` → `validRedirectUris`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    Snake,
    Camel,
}

impl Keys {
    pub fn spell(self, snake: &str) -> String {
        match self {
            Keys::Snake => snake.to_string(),
            Keys::Camel => {
                let mut out = String::with_capacity(snake.len());
                let mut upper = false;
                for c in snake.chars() {
                    if c == '_' {
                        upper = true;
                    } else if upper {
                        out.extend(c.to_uppercase());
                        upper = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }
}

/// A value as far as the configuration says.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting<T> {
    Known(Field<T>),
    /// Not written: the provider's default applies.
    Absent,
    /// Known only after apply in a plan: an Optional+Computed attribute the configuration left out
    /// is sent with the provider's default, so that default applies too.
    Computed,
    /// Written as an expression that cannot be resolved here.
    Unknown,
}

impl<T> Setting<T> {
    pub fn known(self) -> Option<Field<T>> {
        match self {
            Setting::Known(f) => Some(f),
            _ => None,
        }
    }
    /// The value, or the provider's `default` when it is not written; `None` when unknown.
    pub fn or_default(self, value: T, why: &'static str) -> Option<Field<T>> {
        match self {
            Setting::Known(f) => Some(f),
            Setting::Absent | Setting::Computed => Some(Field::new(value, Origin::Default { why })),
            Setting::Unknown => None,
        }
    }
    pub fn is_written(&self) -> bool {
        matches!(self, Setting::Known(_) | Setting::Unknown)
    }
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Setting<U> {
        match self {
            Setting::Known(v) => Setting::Known(Field::new(f(v.value), v.origin)),
            Setting::Absent => Setting::Absent,
            Setting::Computed => Setting::Computed,
            Setting::Unknown => Setting::Unknown,
        }
    }
}

/// A value read at `at` in the resource `address` of another file of the module.
pub fn joined(path: &str, address: &str, at: &Cursor) -> Origin {
    // The module's files share one folder: the name says which.
    let file = Path::new(path).file_name().map_or(path.into(), |n| n.to_string_lossy());
    Origin::Joined(Box::new(Joined {
        by: address.to_string(),
        file: file.into_owned(),
        pointer: at.pointer.clone(),
    }))
}

/// Whether a string is one whole interpolation (`${var.x}`, `${random_password.p.result}`): the
/// value of an expression the resolver could not reduce to a literal.
pub fn is_expression(s: &str) -> bool {
    let Some(inner) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}')) else {
        return false;
    };
    // `${a}-${b}` starts and ends like one interpolation but is a template of two.
    let mut depth = 1usize;
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 && i + 1 < inner.len() {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// The resource address an expression refers to: `keycloak_realm.main.id` → (`keycloak_realm`,
/// `main`); `okta_app_oauth.app["a"].id` → (`okta_app_oauth`, `app["a"]`).
pub fn reference(s: &str) -> Option<(&str, &str)> {
    let inner = s
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(s)
        .trim();
    let (kind, rest) = inner.split_once('.')?;
    if !kind.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') || kind.is_empty() {
        return None;
    }
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let mut end = name_end;
    // An instance key in brackets belongs to the name.
    if rest[name_end..].starts_with('[') {
        end = name_end + rest[name_end..].find(']')? + 1;
    }
    (end > 0).then(|| (kind, &rest[..end]))
}

/// One resource of the module: a client, or one a client is joined with.
#[derive(Debug, Clone)]
pub struct Declared<'a> {
    pub kind: &'a str,
    /// `NAME` (or `NAME["key"]`), unique per kind within its module.
    pub name: String,
    /// The module it is declared in: `""` for the root, `module.x` in a plan.
    pub module: String,
    pub at: Cursor<'a>,
    /// For a plan's resource change: which attributes are known only after apply.
    pub unknown: Option<&'a Node>,
    /// In another file of the module (that file's path): its values have no span in the client's
    /// file.
    pub foreign: Option<&'a str>,
}

/// The resources of a document and of the other files of its module.
#[derive(Debug, Default)]
pub struct Catalog<'a> {
    pub resources: Vec<Declared<'a>>,
    by_address: HashMap<(String, String, String), usize>,
    /// The resources of each type, in order: readers look up one type per client, and a scan of
    /// all resources per client was quadratic in a module of thousands.
    by_kind: HashMap<&'a str, Vec<usize>>,
    /// [`Catalog::holders`], built on first use.
    holders: RefCell<HashMap<(String, String, bool), Rc<Holders>>>,
}

/// What a resource's attribute holds, as joins look it up.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Held {
    /// `${KIND.NAME…}`; Pulumi's `${NAME…}` is `(NAME, "")`.
    Reference(String, String),
    Literal(String),
}

/// The resources (indices in order) of one type by their module and what one attribute holds.
type Holders = HashMap<(String, Held), Vec<usize>>;

fn held(text: &str, pulumi: bool) -> Held {
    match reference(text).filter(|_| text.starts_with("${")) {
        Some((k, _)) if pulumi => Held::Reference(k.to_string(), String::new()),
        Some((k, n)) => Held::Reference(k.to_string(), n.to_string()),
        None => Held::Literal(text.to_string()),
    }
}

impl<'a> Catalog<'a> {
    pub fn new(resources: Vec<Declared<'a>>) -> Self {
        // The document's own resources come first and win over a same address in another file
        // (Terraform refuses a duplicate address, so only a broken module has one).
        let mut by_address = HashMap::new();
        let mut by_kind: HashMap<&'a str, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            by_address
                .entry((r.module.clone(), r.kind.to_string(), r.name.clone()))
                .or_insert(i);
            by_kind.entry(r.kind).or_default().push(i);
        }
        Catalog {
            resources,
            by_address,
            by_kind,
            holders: RefCell::default(),
        }
    }
    pub fn find(&self, module: &str, kind: &str, name: &str) -> Option<&Declared<'a>> {
        let key = (module.to_string(), kind.to_string(), name.to_string());
        self.by_address.get(&key).map(|&i| &self.resources[i])
    }
    /// The resources of type `kind` by what their string attribute `key` holds. Built once per
    /// type and attribute: a scan per client was quadratic in a module of thousands of clients
    /// and of the resources that refer to them.
    fn holders(&self, kind: &str, key: &str, pulumi: bool) -> Rc<Holders> {
        let id = (kind.to_string(), key.to_string(), pulumi);
        if let Some(known) = self.holders.borrow().get(&id) {
            return Rc::clone(known);
        }
        let mut holders = Holders::new();
        for &i in self.by_kind.get(kind).into_iter().flatten() {
            let d = &self.resources[i];
            if let Some(text) = d.at.get(key).and_then(|v| v.as_str()) {
                holders
                    .entry((d.module.clone(), held(text, pulumi)))
                    .or_default()
                    .push(i);
            }
        }
        let holders = Rc::new(holders);
        self.holders.borrow_mut().insert(id, Rc::clone(&holders));
        holders
    }
    pub fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Declared<'a>> + 's {
        let indices = self.by_kind.get(kind).map_or(&[][..], Vec::as_slice);
        indices.iter().map(|&i| &self.resources[i])
    }
}

/// One instance of a client resource, as a reader sees it.
pub struct Instance<'a> {
    /// The attributes (`/resource/TYPE/NAME`, a plan's `values`, Crossplane's `spec.forProvider`).
    pub at: Cursor<'a>,
    /// Read where `at` does not have an attribute (Crossplane's `spec.initProvider`).
    pub fallback: Option<Cursor<'a>>,
    /// A plan's `after_unknown` for these attributes.
    pub unknown: Option<&'a Node>,
    /// `okta_app_oauth.portal`, `keycloak_openid_client.svc["ops"]`.
    pub address: String,
    /// The resource's name within its module and type (`portal`, `svc["ops"]`).
    pub name: String,
    /// The module it is declared in (see [`Declared::module`]).
    pub module: String,
    pub resource: &'static Resource,
    pub format: &'static Format,
    pub keys: Keys,
    pub catalog: &'a Catalog<'a>,
    /// In another file of the module (that file's path): values carry [`Origin::Joined`].
    pub foreign: Option<&'a str>,
    /// Declared with a `count` or `for_each` that could not be expanded: one client standing for
    /// several.
    pub repeated: bool,
}

impl<'a> Instance<'a> {
    /// A new client of this resource, anchored at `id_key`'s value or the block's start.
    pub fn client(&self, id_key: &str) -> Client {
        let anchor = match self.at.get(&self.keys.spell(id_key)) {
            Some(c) if self.foreign.is_none() => c.span(),
            _ => Span::new(self.at.span().start, self.at.span().start + 1),
        };
        let mut c = Client::new(self.format, self.at.pointer.clone(), anchor, DocKind::Registered);
        c.vendor = &self.resource.vendor;
        c
    }

    /// The client's id and name: `id_key` when literal; the name is `name_key` when literal, else
    /// the resource address. A client that stands for several instances says so in its name.
    pub fn identify(&self, c: &mut Client, id_key: &str, name_key: &str) {
        c.id = self.string(id_key).known().filter(|f| !f.value.contains("${"));
        let name = self.string(name_key).known().map(|f| f.value);
        let name = name
            .filter(|n| !n.contains("${"))
            .unwrap_or_else(|| self.address.clone());
        c.name = Some(if !self.repeated {
            name
        } else if let Some(n) = self.at.get("count").and_then(|n| n.node.as_loose_i64()) {
            format!("{name} (one client for the {n} instances of its count)")
        } else {
            format!("{name} (one client for each instance of its count/for_each)")
        });
    }

    /// Where a value read at `at` comes from.
    pub fn origin(&self, at: &Cursor) -> Origin {
        match self.foreign {
            Some(path) => joined(path, &self.address, at),
            None => Origin::file(at.pointer.clone(), at.span()),
        }
    }

    fn field<T>(&self, value: T, at: &Cursor) -> Field<T> {
        Field::new(value, self.origin(at))
    }

    /// The attribute `key` (snake_case) as it stands in the input.
    pub fn raw(&self, key: &str) -> Option<Cursor<'a>> {
        let spelt = self.keys.spell(key);
        self.at
            .get(&spelt)
            .or_else(|| self.fallback.as_ref().and_then(|f| f.get(&spelt)))
    }

    /// The attribute `key` (snake_case), as written.
    pub fn get(&self, key: &str) -> Setting<Cursor<'a>> {
        let spelt = self.keys.spell(key);
        if self
            .unknown
            .and_then(|u| u.get(&spelt))
            .is_some_and(|u| u.value == Value::Bool(true))
        {
            return Setting::Computed;
        }
        match self.raw(key) {
            // A plan writes omitted Optional values as `null`.
            None => Setting::Absent,
            Some(c) if c.node.value == Value::Null => Setting::Absent,
            Some(c) if c.as_str().is_some_and(is_expression) => Setting::Unknown,
            Some(c) => Setting::Known(Field::new(c.clone(), self.origin(&c))),
        }
    }

    /// Whether `key` is written at all, known or not.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_written()
    }

    /// A string attribute (a number reads as its text). A template with unresolved parts is known:
    /// its static parts are judged, its `${…}` parts are placeholders.
    pub fn string(&self, key: &str) -> Setting<String> {
        match self.get(key) {
            Setting::Known(f) => match &f.value.node.value {
                Value::String(s) | Value::Number(s) => Setting::Known(self.field(s.to_string(), &f.value)),
                _ => Setting::Unknown,
            },
            other => other.map(|_| String::new()),
        }
    }

    /// A boolean attribute (`"true"` too, as HCL converts strings to bool).
    pub fn boolean(&self, key: &str) -> Setting<bool> {
        match self.get(key) {
            Setting::Known(f) => match f.value.node.as_loose_bool() {
                Some(b) => Setting::Known(self.field(b, &f.value)),
                None => Setting::Unknown,
            },
            other => other.map(|_| false),
        }
    }

    /// A list or set of strings. Items that are unresolved expressions stay in the list as `${…}`
    /// text (placeholders to the rules); a list that is one unresolved expression is unknown.
    pub fn strings(&self, key: &str) -> Setting<List<String>> {
        let f = match self.get(key) {
            Setting::Known(f) => f,
            Setting::Absent => return Setting::Absent,
            Setting::Computed => return Setting::Computed,
            Setting::Unknown => return Setting::Unknown,
        };
        if f.value.node.as_array().is_none() {
            return Setting::Unknown;
        }
        let items = f
            .value
            .items()
            .filter_map(|i| Some(self.field(i.as_str()?.to_string(), &i)))
            .collect();
        Setting::Known(Field::new(
            List {
                origin: f.origin.clone(),
                items,
            },
            f.origin,
        ))
    }

    /// A lifetime in seconds, written as a number or a string (`"300"`); an empty string means
    /// "not set here" (Keycloak's realm value applies). `go_duration` also reads `"5m"`, `"1h0m0s"`.
    pub fn lifetime(&self, key: &str) -> Setting<Lifetime> {
        match self.get(key) {
            Setting::Known(f) => match &f.value.node.value {
                Value::String(s) if s.trim().is_empty() => Setting::Absent,
                Value::String(s) | Value::Number(s) => match Lifetime::parse(s) {
                    Some(l) => Setting::Known(self.field(l, &f.value)),
                    None => Setting::Unknown,
                },
                _ => Setting::Unknown,
            },
            other => other.map(|_| Lifetime::Seconds(0)),
        }
    }

    /// A secret attribute: a literal is plaintext (or a placeholder, a masked value…); an
    /// unresolved expression (`random_password.p.result`, `var.secret`, `data.vault_…`,
    /// `sensitive(…)`) is a reference to where the secret lives. `None` when not written or empty.
    pub fn secret(&self, key: &str) -> Option<Secret> {
        // Crossplane holds secrets only in Kubernetes secrets (`clientSecretSecretRef`).
        if let Some(reference) = self
            .raw(&format!("{key}_secret_ref"))
            .filter(|_| self.keys == Keys::Camel)
        {
            return Some(Secret {
                kind: SecretKind::Reference,
                value: String::new(),
                origin: self.origin(&reference),
            });
        }
        let at = self.raw(key)?;
        let origin = self.origin(&at);
        match &at.node.value {
            Value::String(s) | Value::Number(s) if !s.trim().is_empty() => Some(Secret {
                kind: if is_expression(s) {
                    SecretKind::Reference
                } else {
                    SecretKind::of(s)
                },
                value: s.to_string(),
                origin,
            }),
            // `fn::secret`, a Kubernetes secret reference, or any other structure: held elsewhere.
            Value::Object(_) => Some(Secret {
                kind: SecretKind::Reference,
                value: String::new(),
                origin,
            }),
            _ => None,
        }
    }

    /// A write-only secret (`client_secret_wo`): never stored in plan or state, so a reference
    /// whatever is written; `None` when absent.
    pub fn write_only_secret(&self, key: &str) -> Option<Secret> {
        let at = self
            .raw(key)
            .or_else(|| self.raw(&format!("{key}_secret_ref")))
            .filter(|c| c.node.value != Value::Null)?;
        Some(Secret {
            kind: SecretKind::Reference,
            value: String::new(),
            origin: self.origin(&at),
        })
    }

    /// The nested blocks `key`: an array of objects (`.tf` read in the JSON shape, `.tf.json`, a
    /// plan) or a single object (`.tf.json`, `web = { … }`, Pulumi).
    pub fn blocks(&self, key: &str) -> Vec<Instance<'a>> {
        let Some(at) = self.raw(key) else {
            return Vec::new();
        };
        let unknown = self.unknown.and_then(|u| u.get(&self.keys.spell(key)));
        if at.node.is_object() {
            return vec![self.nested(at, unknown)];
        }
        at.items()
            .enumerate()
            .filter(|(_, i)| i.node.is_object())
            .map(|(n, i)| {
                let u = unknown.and_then(|u| u.as_array()).and_then(|a| a.get(n));
                self.nested(i, u)
            })
            .collect::<Vec<_>>()
    }

    /// A list of URIs: as [`Instance::strings`], but a list written as one unresolved expression
    /// (`callback_urls = var.urls`) is kept as one `${…}` item, a placeholder no rule judges, so
    /// that the client still counts as registering URIs.
    pub fn uris(&self, key: &str) -> Option<List<String>> {
        match self.strings(key) {
            Setting::Known(f) => Some(f.value),
            Setting::Unknown => {
                let at = self.raw(key)?;
                let origin = self.origin(&at);
                let text = at.as_str().unwrap_or("${…}").to_string();
                Some(List {
                    origin: origin.clone(),
                    items: vec![Field::new(text, origin)],
                })
            }
            Setting::Absent | Setting::Computed => None,
        }
    }

    /// The first nested block `key`.
    pub fn block(&self, key: &str) -> Option<Instance<'a>> {
        self.blocks(key).into_iter().next()
    }

    /// Whether this nested block comes from a `dynamic` block whose `for_each` is unknown, so it
    /// may not be there at all: every value in it then reads `${dynamic.LABEL}`.
    pub fn conditional(&self) -> bool {
        /// `None` for a block without values; else whether each one is a `dynamic` placeholder.
        fn all_dynamic(n: &Node) -> Option<bool> {
            let children: Box<dyn Iterator<Item = &Node>> = match &n.value {
                Value::Object(entries) => Box::new(entries.iter().map(|e| &e.value)),
                Value::Array(items) => Box::new(items.iter()),
                Value::String(s) => return Some(s.starts_with("${dynamic.")),
                _ => return Some(false),
            };
            children
                .filter_map(all_dynamic)
                .fold(None, |acc, b| Some(acc.unwrap_or(true) && b))
        }
        all_dynamic(self.at.node).unwrap_or(false)
    }

    fn nested(&self, at: Cursor<'a>, unknown: Option<&'a Node>) -> Instance<'a> {
        Instance {
            at,
            fallback: None,
            unknown,
            address: self.address.clone(),
            name: self.name.clone(),
            module: self.module.clone(),
            resource: self.resource,
            format: self.format,
            keys: self.keys,
            catalog: self.catalog,
            foreign: self.foreign,
            repeated: self.repeated,
        }
    }

    fn joined(&self, d: &Declared<'a>) -> Instance<'a> {
        Instance {
            at: d.at.clone(),
            fallback: None,
            unknown: d.unknown,
            address: format!("{}.{}", d.kind, d.name),
            name: d.name.clone(),
            module: d.module.clone(),
            resource: self.resource,
            format: self.format,
            keys: self.keys,
            catalog: self.catalog,
            foreign: d.foreign,
            repeated: false,
        }
    }

    /// The resource of type `kind` that attribute `key` points at: by reference
    /// (`realm_id = keycloak_realm.main.id`), or, for a literal, the one whose `literal_key`
    /// attribute holds the same value (`realm_id = "corp"` and `realm = "corp"`).
    pub fn referenced(&self, key: &str, kind: &str, literal_key: &str) -> Option<Instance<'a>> {
        let spelt = self.keys.spell(key);
        let text = self.at.get(&spelt)?.as_str()?.to_string();
        if let Some((k, name)) = reference(&text).filter(|_| text.starts_with("${")) {
            // Pulumi YAML names the resource alone: `${NAME.attr}`.
            if self.format.name == siblings::PULUMI.name {
                return self.catalog.find(&self.module, kind, k).map(|d| self.joined(d));
            }
            return (k == kind)
                .then(|| self.catalog.find(&self.module, k, name))
                .flatten()
                .map(|d| self.joined(d));
        }
        let holders = self.catalog.holders(kind, &self.keys.spell(literal_key), false);
        let first = *holders.get(&(self.module.clone(), Held::Literal(text)))?.first()?;
        Some(self.joined(&self.catalog.resources[first]))
    }

    /// The resources of type `kind` whose attribute `key` points at this instance: by reference
    /// (`app_id = okta_app_oauth.portal.id`, Pulumi's `appId: ${portal.id}`), or by this instance's literal `id` (plan, state).
    pub fn referring(&self, kind: &str, key: &str) -> Vec<Instance<'a>> {
        // Pulumi YAML refers to a resource by its name alone (`${portal.id}`).
        let pulumi = self.format.name == siblings::PULUMI.name;
        let holders = self.catalog.holders(kind, &self.keys.spell(key), pulumi);
        let me = match pulumi {
            true => Held::Reference(self.name.clone(), String::new()),
            false => Held::Reference(self.resource.kind.to_string(), self.name.clone()),
        };
        let my_id = self.at.get("id").and_then(|c| c.as_str()).filter(|s| !s.is_empty());
        let by_id = my_id.map(|id| Held::Literal(id.to_string()));
        let mut found: Vec<usize> = [Some(me), by_id]
            .into_iter()
            .flatten()
            .filter_map(|h| holders.get(&(self.module.clone(), h)))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.iter().map(|&i| self.joined(&self.catalog.resources[i])).collect()
    }
}

// The `.tf` / `.tf.json` shape: `{"resource": {"TYPE": {"NAME": {...}}}}`, where each level may
// also be an array of objects (hashicorp/hcl `json/spec.md`).

/// The objects at one level of a JSON-syntax block: an object, or each object of an array.
fn objects<'a>(at: Cursor<'a>) -> Vec<Cursor<'a>> {
    if at.node.is_object() {
        vec![at]
    } else {
        at.items().filter(|i| i.node.is_object()).collect()
    }
}

/// Every `resource` block of a configuration file, as (type, name, attributes).
fn configured(root: Cursor<'_>) -> Vec<(&str, String, Cursor<'_>)> {
    let mut out = Vec::new();
    let Some(resources) = root.get("resource") else {
        return out;
    };
    for level in objects(resources) {
        for (kind, by_name) in level.members() {
            for names in objects(by_name) {
                for (name, body) in names.members() {
                    if let Some(body) = objects(body).into_iter().next() {
                        out.push((kind, name.to_string(), body));
                    }
                }
            }
        }
    }
    out
}

fn declared<'a>(root: Cursor<'a>, foreign: Option<&'a str>) -> Vec<Declared<'a>> {
    configured(root)
        .into_iter()
        .map(|(kind, name, at)| Declared {
            kind,
            name,
            module: String::new(),
            at,
            unknown: None,
            foreign,
        })
        .collect()
}

fn detect(doc: &Document, _path: &Path) -> bool {
    let root = Cursor::root(doc);
    if plan::is_plan(&root) {
        return plan::has_client(&root);
    }
    configured(root).iter().any(|(kind, _, _)| resource(kind).is_some())
}

fn extract(doc: &Document, _path: &Path) -> Vec<Client> {
    let root = Cursor::root(doc);
    if plan::is_plan(&root) {
        return plan::extract(&root);
    }
    let mut resources = declared(root, None);
    if let Some(module) = &doc.module {
        for file in &module.files {
            let at = Cursor {
                node: &file.root,
                pointer: Pointer::root(),
                key_span: None,
            };
            resources.extend(declared(at, Some(&file.path)));
        }
    }
    let catalog = Catalog::new(resources);
    read_all(&catalog, &FORMAT, Keys::Snake)
}

/// Reads every client resource of `catalog` declared in the document itself.
fn read_all(catalog: &Catalog, format: &'static Format, keys: Keys) -> Vec<Client> {
    catalog
        .resources
        .iter()
        .filter(|d| d.foreign.is_none())
        .filter_map(|d| {
            let resource = resource(d.kind)?;
            let at = d.at.clone();
            // The module resolver expands a known `for_each` into one object per key and drops
            // `count = 0`; what is left of either stands for several instances, or an unknown number.
            let repeated =
                at.get("for_each").is_some() || at.get("count").is_some_and(|c| c.node.as_loose_i64() != Some(1));
            let instance = Instance {
                at,
                fallback: None,
                unknown: d.unknown,
                address: if d.module.is_empty() {
                    format!("{}.{}", d.kind, d.name)
                } else {
                    format!("{}.{}.{}", d.module, d.kind, d.name)
                },
                name: d.name.clone(),
                module: d.module.clone(),
                resource,
                format,
                keys,
                catalog,
                foreign: None,
                repeated,
            };
            Some((resource.read)(&instance))
        })
        .collect()
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::document::Syntax;
    use crate::formats::testing;

    pub fn read(text: &str) -> Vec<Client> {
        testing::read(&FORMAT, text, Syntax::Json)
    }

    #[test]
    fn camel_case_spelling() {
        assert_eq!(Keys::Camel.spell("valid_redirect_uris"), "validRedirectUris");
        assert_eq!(
            Keys::Camel.spell("oauth2_device_authorization_grant_enabled"),
            "oauth2DeviceAuthorizationGrantEnabled"
        );
        assert_eq!(Keys::Snake.spell("client_id"), "client_id");
    }

    #[test]
    fn expressions_and_references() {
        assert!(is_expression("${var.x}"));
        assert!(is_expression("${lookup(var.m, \"k\")}"));
        assert!(!is_expression("${var.a}-${var.b}"));
        assert!(!is_expression("http://${var.host}/cb"));
        assert_eq!(reference("${keycloak_realm.main.id}"), Some(("keycloak_realm", "main")));
        assert_eq!(
            reference("${okta_app_oauth.app[\"a\"].id}"),
            Some(("okta_app_oauth", "app[\"a\"]"))
        );
        assert_eq!(reference("plain"), None);
    }

    #[test]
    fn detects_configurations_with_a_client_resource_only() {
        let yes = r#"{"resource": {"okta_app_oauth": {"portal": {"type": "web", "label": "p"}}}}"#;
        let array = r#"{"resource": [{"okta_app_oauth": [{"portal": {"type": "web", "label": "p"}}]}]}"#;
        let no = r#"{"resource": {"aws_s3_bucket": {"b": {"bucket": "x"}}}}"#;
        assert!(testing::detects(&FORMAT, yes, Syntax::Json));
        assert!(testing::detects(&FORMAT, array, Syntax::Json));
        assert!(!testing::detects(&FORMAT, no, Syntax::Json));
    }
}
