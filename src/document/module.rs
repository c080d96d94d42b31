//! Terraform module resolution: the `.tf`/`.tf.json` files of one folder, read together.
//!
//! Every string of a resource is a template (see `hcl`): `${…}` parts are evaluated where the module
//! says what they are, so a client in `main.tf` sees the `default` of a variable in `variables.tf`
//! and a `locals` value in `locals.tf`. What is resolved:
//!
//! - `var.NAME` with a `default` (not a `sensitive` one), `local.NAME` (recursively, each once, cycles unknown), and
//!   attributes or elements of them (`local.urls.web`, `var.hosts[0]`);
//! - templates whose parts are all known become plain strings; a template with an unknown part
//!   keeps that part as `${…}` and the resolved ones as text (`http://${var.env}.example.com`);
//! - `toset`, `tolist`, `tomap`, `distinct` and `flatten` of a known value; `concat` of lists, where
//!   an argument that is not a known list stays one unknown item;
//! - `for_each` with a known map or set: one resource object per key, named `NAME["KEY"]` beside
//!   the others of its type, with `each.key`/`each.value` resolved and no `for_each` left;
//!   `count = 0` or an empty `for_each` removes the resource; a known `count` is kept, resolved;
//! - `dynamic "LABEL"` blocks: with a known `for_each`, each `content` becomes a `LABEL` block; with
//!   an unknown one, a single `LABEL` block whose every value is unknown (present, not absent);
//! - `lifecycle { ignore_changes = [a, b] }` as the attribute names `"a"`, `"b"` (or `"all"`);
//! - override files (`override.tf`, `*_override.tf`), see [`apply_override`];
//! - `cond ? a : b`: the arm a known condition picks; else (or when the condition reads a
//!   variable's default) the value both arms have, when they have the same.
//!
//! Anything else (`data.*`, `module.*`, other resources' attributes, function calls, other
//! conditionals, a variable without a default) stays `${…}`: unknown, never judged. A resolved
//! value takes the span of the expression that asked for it, in the resource's own file; where
//! it read a variable's default is returned by [`resolve`] ([`FromDefault`]). Sizes are bounded: a
//! resolved string over [`MAX_TEXT`] bytes or a value over [`MAX_NODES`] nodes stays unknown.

use super::lines::LineIndex;
use super::{hcl, Entry, Node, Span, ThinVec, Value, MAX_DEPTH};
use hcl_edit::expr::{Conditional, Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The longest string a template may resolve to.
pub const MAX_TEXT: usize = 64 * 1024;
/// The most nodes a resolved value may have.
pub const MAX_NODES: usize = 10_000;
/// How many references deep a value may be resolved (`local.a` → `local.b` → …).
const MAX_REFERENCES: usize = 32;
/// The most instances a `for_each` expands to; more is one resource that stands for them.
const MAX_INSTANCES: usize = 1_000;

/// Whether a file is part of a Terraform or OpenTofu module: `.tf`, `.tofu`, `.tf.json`,
/// `.tofu.json` (not `.tfvars`, which holds one environment's values).
pub fn is_terraform(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()) else {
        return false;
    };
    [".tf", ".tofu", ".tf.json", ".tofu.json"]
        .iter()
        .any(|ext| name.len() > ext.len() && name.ends_with(ext))
}

/// A resource value resolved from variables' defaults, which `-var`, `*.tfvars` or `TF_VAR_*` may
/// override: the findings on it say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FromDefault {
    /// The expression that asked for it, in the resource's file.
    pub span: Span,
    /// The first variable whose default it used, by name.
    pub variable: String,
    /// The file that declares it (an index into the roots given to [`resolve`]), and where its
    /// default is there.
    pub root: usize,
    pub default: Span,
}

/// What findings on each value of `found` add: "the default of `var.host`, variables.tf:3".
/// `file(root)` gives the name and text of the file a root was parsed from. Sorted by place, each
/// place once (the values of one resource's instances share theirs).
pub fn default_notes<'a>(
    mut found: Vec<FromDefault>,
    file: impl Fn(usize) -> (&'a str, &'a str),
) -> Vec<(Span, String)> {
    found.sort_by_key(|d| d.span);
    found.dedup_by_key(|d| d.span);
    let mut lines: HashMap<usize, LineIndex> = HashMap::new();
    found
        .into_iter()
        .map(|d| {
            let (path, text) = file(d.root);
            let name = Path::new(path).file_name().map_or(path.into(), |n| n.to_string_lossy());
            let line = lines
                .entry(d.root)
                .or_insert_with(|| LineIndex::new(text))
                .position(text, d.default.start)
                .line;
            (d.span, format!("the default of `var.{}`, {name}:{line}", d.variable))
        })
        .collect()
}

/// Resolves the trees of one module's files (each the root of a `.tf` or `.tf.json` document)
/// together. Variables and locals are read from every file. Returns, for each root, what its
/// resources took from variables' defaults.
pub fn resolve(roots: &mut [&mut Node]) -> Vec<Vec<FromDefault>> {
    let mut env = Env::default();
    for (i, root) in roots.iter().enumerate() {
        env.collect(i, root);
    }
    roots
        .iter_mut()
        .map(|root| {
            env.resources(root);
            std::mem::take(&mut env.from_defaults)
        })
        .collect()
}

/// Whether a file is an override file (`override.tf`, `NAME_override.tf`, and their `.tofu` and
/// `.json` forms), whose blocks Terraform merges into the blocks of the same address elsewhere.
pub fn is_override(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()) else {
        return false;
    };
    let stem = [".tf.json", ".tofu.json", ".tf", ".tofu"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(&name);
    stem == "override" || stem.ends_with("_override")
}

/// Applies an override file to the module's other files, before [`resolve`]: each attribute or
/// block it sets on a resource declared elsewhere is unknown there (`${override}`, at the base
/// block's place: the override's value lives in another file), and the override's partial
/// resource blocks are taken out, so they are not read as resources of their own. Its variables
/// and locals replace those of the same name.
pub fn apply_override(overriding: &mut Node, bases: &mut [&mut Node]) {
    if let Some(Node {
        value: Value::Object(types),
        ..
    }) = root_entry(overriding, "resource")
    {
        for of_type in types.iter() {
            for named in objects(Some(&of_type.value)).flatten() {
                let keys: Vec<&str> = objects(Some(&named.value)).flatten().map(|e| e.key.as_str()).collect();
                for base in bases.iter_mut() {
                    override_keys(base, &of_type.key, &named.key, &keys);
                }
            }
        }
        types.clear();
    }
    for kind in ["locals", "variable"] {
        let Some(replacing) = root_entry(overriding, kind).map(|n| n.clone()) else {
            continue;
        };
        let names: Vec<&str> = objects(Some(&replacing)).flatten().map(|e| e.key.as_str()).collect();
        for base in bases.iter_mut() {
            if let Some(Node {
                value: Value::Object(entries),
                ..
            }) = root_entry(base, kind)
            {
                entries.retain(|e| !names.contains(&e.key.as_str()));
            }
        }
    }
}

/// Makes `keys` of the resource `kind.name` in `root` unknown, adding those it lacks.
fn override_keys(root: &mut Node, kind: &str, name: &str, keys: &[&str]) {
    let Some(types) = root_entry(root, "resource") else {
        return;
    };
    let Some(named) = field(types, kind) else { return };
    let Some(entry) = (match &mut named.value {
        Value::Object(entries) => entries.iter_mut().rev().find(|e| e.key == name),
        _ => None,
    }) else {
        return;
    };
    let key_span = entry.key_span();
    let body = &mut entry.value;
    let span = body.span();
    let Value::Object(entries) = &mut body.value else {
        return;
    };
    for &key in keys {
        let unknown = Node::new(span, Value::String("${override}".into()));
        match entries.iter_mut().rev().find(|e| e.key == key) {
            Some(e) => e.value = unknown,
            None => entries.push(Entry::new(key.into(), key_span, unknown)),
        }
    }
}

/// A `for_each` key and value, as `each` or a `dynamic` block's iterator sees them.
#[derive(Debug, Clone)]
struct Each {
    key: Node,
    value: Node,
}

/// The names bound where an expression is evaluated: `each`, iterators of `dynamic` blocks.
type Bindings<'a> = [(&'a str, &'a Each)];

#[derive(Default)]
struct Env {
    /// Each variable's default, and the root that declares it.
    variables: HashMap<String, (Node, usize)>,
    raw_locals: HashMap<String, Node>,
    /// Locals already resolved, with the variables they read; `None` when unknown.
    locals: HashMap<String, Option<(Node, Vec<String>)>>,
    resolving: HashSet<String>,
    /// The variables the expression being evaluated has read so far.
    used: Vec<String>,
    /// Resolving a resource (not a local): its values are recorded in `from_defaults`.
    in_resource: bool,
    from_defaults: Vec<FromDefault>,
}

impl Env {
    /// Variable defaults and locals, from `variable` and `locals` objects (or arrays of them, as
    /// `.tf.json` may write them).
    fn collect(&mut self, index: usize, root: &Node) {
        for variables in objects(root.get("variable")) {
            for e in variables {
                // A sensitive variable is meant to be given at plan time; its default is not the
                // value the client gets.
                let sensitive = objects(Some(&e.value))
                    .flatten()
                    .any(|d| d.key == "sensitive" && d.value.as_loose_bool() == Some(true));
                if sensitive {
                    continue;
                }
                let default = objects(Some(&e.value)).find_map(|body| body.iter().rev().find(|d| d.key == "default"));
                if let Some(d) = default.filter(|d| d.value.value != Value::Null && size(&d.value) <= MAX_NODES) {
                    self.variables
                        .entry(e.key.to_string())
                        .or_insert_with(|| (d.value.clone(), index));
                }
            }
        }
        for locals in objects(root.get("locals")) {
            for e in locals {
                self.raw_locals
                    .entry(e.key.to_string())
                    .or_insert_with(|| e.value.clone());
            }
        }
    }

    /// Resolves every resource of one file, expanding instances.
    fn resources(&mut self, root: &mut Node) {
        let Some(resource) = root_entry(root, "resource") else {
            return;
        };
        let types: Vec<&mut Node> = match &mut resource.value {
            Value::Object(_) => vec![resource],
            Value::Array(items) => items.iter_mut().collect(),
            _ => return,
        };
        self.in_resource = true;
        for types in types {
            let Value::Object(types) = &mut types.value else {
                continue;
            };
            for of_type in types {
                let Value::Object(named) = &mut of_type.value.value else {
                    continue;
                };
                let resources = std::mem::take(named);
                for resource in resources {
                    self.instances(resource, named);
                }
            }
        }
        self.in_resource = false;
    }

    /// The instances of one resource, pushed to `out`.
    fn instances(&mut self, mut resource: Entry, out: &mut ThinVec<Entry>) {
        if !resource.value.is_object() {
            self.node(&mut resource.value, &[]);
            out.push(resource);
            return;
        }
        if let Some(count) = field(&mut resource.value, "count") {
            self.node(count, &[]);
            if count.as_loose_i64() == Some(0) {
                return;
            }
        }
        let Some(for_each) = field(&mut resource.value, "for_each") else {
            self.block(&mut resource.value, &[]);
            out.push(resource);
            return;
        };
        self.node(for_each, &[]);
        let Some(keys) = keyed(for_each, false) else {
            // One resource that stands for several; `each.*` stays unknown.
            self.block(&mut resource.value, &[]);
            out.push(resource);
            return;
        };
        if let Value::Object(entries) = &mut resource.value.value {
            entries.retain(|e| e.key != "for_each");
        }
        for (key, value) in keys {
            let each = Each {
                key: Node::new(Span::default(), Value::String(key.as_str().into())),
                value,
            };
            let mut body = resource.value.clone();
            self.block(&mut body, &[("each", &each)]);
            out.push(Entry::new(
                instance_key(&resource.key, &key).into(),
                resource.key_span(),
                body,
            ));
        }
    }

    /// Resolves a block's body: its `dynamic` blocks, its `lifecycle`, then every value.
    fn block(&mut self, body: &mut Node, bind: &Bindings) {
        let Value::Object(entries) = &mut body.value else {
            return self.node(body, bind);
        };
        if let Some(at) = entries.iter().position(|e| e.key == "dynamic") {
            let dynamic = entries.remove(at);
            self.dynamic(dynamic, entries, bind);
        }
        for entry in entries.iter_mut() {
            if entry.key == "lifecycle" {
                lifecycle(&mut entry.value);
            } else {
                self.node(&mut entry.value, bind);
            }
        }
    }

    /// `dynamic "LABEL" { for_each = …, iterator = …, content { … } }` as `LABEL` blocks in `out`.
    fn dynamic(&mut self, dynamic: Entry, out: &mut ThinVec<Entry>, bind: &Bindings) {
        for label_entry in objects(Some(&dynamic.value)).flatten() {
            let label = label_entry.key.as_str();
            let mut blocks = Vec::new();
            for spec in objects_or_items(&label_entry.value) {
                let Some(content) = spec.get("content").and_then(|c| objects_or_items(c).next().cloned()) else {
                    continue;
                };
                let iterator = spec
                    .get("iterator")
                    .and_then(Node::as_str)
                    .map(|s| s.trim_start_matches("${").trim_end_matches('}').to_string())
                    .unwrap_or_else(|| label.to_string());
                let mut for_each = spec
                    .get("for_each")
                    .cloned()
                    .unwrap_or(Node::new(content.span(), Value::Null));
                self.node(&mut for_each, bind);
                match keyed(&for_each, true) {
                    Some(keys) => {
                        for (key, value) in keys {
                            let each = Each {
                                key: Node::new(Span::default(), Value::String(key.into())),
                                value,
                            };
                            let mut block = content.clone();
                            let mut inner: Vec<(&str, &Each)> = bind.to_vec();
                            inner.push((&iterator, &each));
                            self.block(&mut block, &inner);
                            blocks.push(block);
                        }
                    }
                    None => {
                        let mut block = content.clone();
                        unknown_leaves(&mut block, &format!("${{dynamic.{label}}}"));
                        blocks.push(block);
                    }
                }
            }
            match out.iter_mut().find(|e| e.key == label) {
                Some(Entry {
                    value:
                        Node {
                            value: Value::Array(items),
                            ..
                        },
                    ..
                }) => items.extend(blocks),
                _ => out.push(Entry::new(
                    label.into(),
                    label_entry.key_span(),
                    Node::new(label_entry.value.span(), Value::Array(blocks.into())),
                )),
            }
        }
    }

    /// Resolves the templates in a value, in place.
    fn node(&mut self, node: &mut Node, bind: &Bindings) {
        match &mut node.value {
            Value::String(s) if is_template(s) => {
                let outer = std::mem::take(&mut self.used);
                let resolved = self.template_text(s, bind);
                let used = std::mem::replace(&mut self.used, outer);
                if let Some(mut resolved) = resolved {
                    respan(&mut resolved, node.span());
                    *node = resolved;
                    self.record(node.span(), &used);
                }
                self.read(&used);
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.node(i, bind)),
            Value::Object(_) => self.block(node, bind),
            _ => {}
        }
    }

    /// Notes that the expression being evaluated read the variables `names`, each once (a local
    /// used twice must not double the list).
    fn read(&mut self, names: &[String]) {
        for name in names {
            if !self.used.contains(name) {
                self.used.push(name.clone());
            }
        }
    }

    /// Notes that the resource value at `span` read the defaults of `used`.
    fn record(&mut self, span: Span, used: &[String]) {
        let Some((variable, (node, root))) = used
            .first()
            .filter(|_| self.in_resource)
            .and_then(|v| Some((v, self.variables.get(v)?)))
        else {
            return;
        };
        self.from_defaults.push(FromDefault {
            span,
            variable: variable.clone(),
            root: *root,
            default: node.span(),
        });
    }

    /// A template string resolved; `None` when nothing in it could be.
    fn template_text(&mut self, text: &str, bind: &Bindings) -> Option<Node> {
        let template = hcl_edit::parser::parse_template(text).ok()?;
        let resolved = self.template(&template, text, bind)?;
        (resolved.as_str() != Some(text)).then_some(resolved)
    }

    /// A template's value: what its one interpolation holds, or the string it makes.
    fn template(&mut self, template: &Template, source: &str, bind: &Bindings) -> Option<Node> {
        if let Some(Element::Interpolation(i)) = template.as_single_element() {
            return self.eval(&i.expr, source, bind);
        }
        let mut plain = String::new();
        let mut text = String::new();
        let mut known = true;
        for element in template.iter() {
            match element {
                Element::Literal(s) => {
                    plain.push_str(s.value());
                    text.push_str(&hcl::escape_template(s.value()));
                }
                Element::Interpolation(i) => match self.eval(&i.expr, source, bind).as_ref().and_then(scalar) {
                    Some(part) => {
                        plain.push_str(&part);
                        text.push_str(&hcl::escape_template(&part));
                    }
                    None => {
                        known = false;
                        text.push_str(&hcl::unknown_text(slice(source, i.expr.span())));
                    }
                },
                Element::Directive(_) => {
                    known = false;
                    text.push_str("${…}");
                    break;
                }
            }
            if plain.len() > MAX_TEXT {
                return None;
            }
        }
        Some(Node::new(
            Span::default(),
            Value::String(if known { plain } else { text }.into()),
        ))
    }

    /// An expression's value, when the module says what it is.
    fn eval(&mut self, expr: &Expression, source: &str, bind: &Bindings) -> Option<Node> {
        let value = match expr {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(n.value().to_string().into()),
            Expression::String(s) => Value::String(s.value().as_str().into()),
            Expression::StringTemplate(t) => return self.template(t, source, bind),
            Expression::HeredocTemplate(h) => return self.template(&h.template, source, bind),
            Expression::Parenthesis(p) => return self.eval(p.inner(), source, bind),
            Expression::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| {
                        self.eval(item, source, bind)
                            .unwrap_or_else(|| unknown(source, item.span()))
                    })
                    .collect(),
            ),
            Expression::Object(object) => {
                let mut entries = Vec::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                        ObjectKey::Expression(_) => return None,
                    };
                    let value = self
                        .eval(value.expr(), source, bind)
                        .unwrap_or_else(|| unknown(source, value.expr().span()));
                    entries.push(Entry::new(key.into(), Span::default(), value));
                }
                Value::Object(entries.into())
            }
            Expression::Traversal(t) => return self.traversal(&t.expr, &t.operators, source, bind),
            Expression::Conditional(c) => return self.conditional(c, source, bind),
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let args: Vec<&Expression> = call.args.iter().collect();
                if !call.name.namespace.is_empty() || call.args.expand_final() {
                    return None;
                }
                if name == "concat" {
                    // An argument that is not a known list stays one unknown item: the list's
                    // known items are still judged.
                    let mut items = Vec::new();
                    for arg in args {
                        match self.eval(arg, source, bind) {
                            Some(Node {
                                value: Value::Array(known),
                                ..
                            }) => items.extend(known),
                            _ => items.push(unknown(source, arg.span())),
                        }
                    }
                    Value::Array(items.into())
                } else {
                    let [arg] = args[..] else { return None };
                    let value = self.eval(arg, source, bind)?;
                    return match name {
                        "tolist" | "tomap" => Some(value),
                        "toset" | "distinct" => Some(set(value)),
                        "flatten" => flatten(value),
                        _ => None,
                    };
                }
            }
            _ => return None,
        };
        let node = Node::new(Span::default(), value);
        (size(&node) <= MAX_NODES).then_some(node)
    }

    /// `cond ? a : b`: the arm a known condition picks. A condition that reads a variable's
    /// default is not known (`-var` or `*.tfvars` may pick the other arm), nor is one the module
    /// cannot evaluate: then the value is known only when both arms are the same.
    fn conditional(&mut self, c: &Conditional, source: &str, bind: &Bindings) -> Option<Node> {
        let outer = std::mem::take(&mut self.used);
        let condition = self.eval(&c.cond_expr, source, bind);
        // The condition's variables choose the value; they are not in it.
        let from_default = !std::mem::replace(&mut self.used, outer).is_empty();
        if let Some(yes) = condition.and_then(|n| n.as_loose_bool()).filter(|_| !from_default) {
            return self.eval(if yes { &c.true_expr } else { &c.false_expr }, source, bind);
        }
        let mut yes = self.eval(&c.true_expr, source, bind)?;
        let mut no = self.eval(&c.false_expr, source, bind)?;
        respan(&mut yes, Span::default());
        respan(&mut no, Span::default());
        (yes == no).then_some(yes)
    }

    fn traversal(
        &mut self,
        base: &Expression,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        source: &str,
        bind: &Bindings,
    ) -> Option<Node> {
        let Expression::Variable(root) = base else {
            return None;
        };
        let (first, rest) = operators.split_first()?;
        let TraversalOperator::GetAttr(name) = first.value() else {
            return None;
        };
        let name = name.as_str();
        let mut at = match root.as_str() {
            "var" => {
                let default = self.variables.get(name)?.0.clone();
                self.read(&[name.to_string()]);
                default
            }
            "local" => self.local(name)?,
            root => {
                let each = bind.iter().rev().find(|(n, _)| *n == root)?.1;
                match name {
                    "key" => each.key.clone(),
                    "value" => each.value.clone(),
                    _ => return None,
                }
            }
        };
        for op in rest {
            at = match op.value() {
                TraversalOperator::GetAttr(key) => at.get(key.as_str())?.clone(),
                TraversalOperator::LegacyIndex(i) => at.as_array()?.get(usize::try_from(*i.value()).ok()?)?.clone(),
                TraversalOperator::Index(index) => {
                    let index = self.eval(index, source, bind)?;
                    match (&at.value, &index.value) {
                        (Value::Array(items), Value::Number(n)) => items.get(n.parse::<usize>().ok()?)?.clone(),
                        (Value::Object(_), Value::String(k)) => at.get(k)?.clone(),
                        _ => return None,
                    }
                }
                _ => return None,
            };
        }
        Some(at)
    }

    /// A local's value, resolved once; a cycle or too long a chain is unknown.
    /// The variables it reads count as read by the expression that asks for it.
    fn local(&mut self, name: &str) -> Option<Node> {
        if let Some(done) = self.locals.get(name) {
            let (node, used) = done.clone()?;
            self.read(&used);
            return Some(node);
        }
        if self.resolving.len() >= MAX_REFERENCES || !self.resolving.insert(name.to_string()) {
            return None;
        }
        let (outer, in_resource) = (std::mem::take(&mut self.used), self.in_resource);
        self.in_resource = false;
        let resolved = self.raw_locals.get(name).cloned().and_then(|mut raw| {
            self.node(&mut raw, &[]);
            let (nodes, depth) = measure(&raw);
            (nodes <= MAX_NODES && depth <= MAX_DEPTH && text_size(&raw) <= MAX_TEXT).then_some(raw)
        });
        self.in_resource = in_resource;
        let used = std::mem::replace(&mut self.used, outer);
        self.resolving.remove(name);
        let resolved = resolved.map(|node| (node, used));
        self.locals.insert(name.to_string(), resolved.clone());
        let (node, used) = resolved?;
        self.read(&used);
        Some(node)
    }
}

/// The objects at `node`: itself, or the objects of an array (the two shapes of `.tf.json`).
fn objects(node: Option<&Node>) -> impl Iterator<Item = &[Entry]> {
    node.into_iter().flat_map(objects_or_items).filter_map(Node::as_object)
}

fn objects_or_items(node: &Node) -> impl Iterator<Item = &Node> {
    let items = match &node.value {
        Value::Array(items) => items.as_slice(),
        _ => std::slice::from_ref(node),
    };
    items.iter()
}

fn root_entry<'a>(root: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    let Value::Object(entries) = &mut root.value else {
        return None;
    };
    entries.iter_mut().rev().find(|e| e.key == key).map(|e| &mut e.value)
}

fn field<'a>(body: &'a mut Node, key: &str) -> Option<&'a mut Node> {
    root_entry(body, key)
}

/// The keys and values a resolved `for_each` iterates over, when they are all known.
/// A resource iterates over a map or a set of strings; a `dynamic` block also over a list, whose
/// keys are the positions (`lists`).
fn keyed(for_each: &Node, lists: bool) -> Option<Vec<(String, Node)>> {
    let keys: Vec<(String, Node)> = match &for_each.value {
        Value::Object(entries) => entries.iter().map(|e| (e.key.to_string(), e.value.clone())).collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(n, i)| match i.as_str() {
                Some(s) => Some((s.to_string(), i.clone())),
                None => lists.then(|| (n.to_string(), i.clone())),
            })
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let known = keys.len() <= MAX_INSTANCES && keys.iter().all(|(k, _)| !is_template(k));
    known.then_some(keys)
}

/// Terraform's address of an instance: `NAME["KEY"]`.
fn instance_key(name: &str, key: &str) -> String {
    let quoted: String = key
        .chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("{name}[\"{quoted}\"]")
}

/// `ignore_changes = [redirect_uris]` as `.tf.json` writes it: `["redirect_uris"]`.
fn lifecycle(node: &mut Node) {
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(lifecycle),
        Value::Object(entries) => {
            for e in entries.iter_mut().filter(|e| e.key == "ignore_changes") {
                match &mut e.value.value {
                    Value::Array(items) => items.iter_mut().for_each(bare_name),
                    _ => bare_name(&mut e.value),
                }
            }
        }
        _ => {}
    }
}

fn bare_name(node: &mut Node) {
    if let Value::String(s) = &mut node.value {
        if let Some(name) = s.strip_prefix("${").and_then(|s| s.strip_suffix('}')) {
            *s = name.into();
        }
    }
}

/// Every value in a block made unknown, nested blocks kept: a `dynamic` block that may or may not
/// be there.
fn unknown_leaves(node: &mut Node, text: &str) {
    match &mut node.value {
        Value::Array(items) if items.iter().all(Node::is_object) && !items.is_empty() => {
            items.iter_mut().for_each(|i| unknown_leaves(i, text))
        }
        Value::Object(entries) => entries.iter_mut().for_each(|e| unknown_leaves(&mut e.value, text)),
        _ => node.value = Value::String(text.into()),
    }
}

/// A set: each string once.
fn set(node: Node) -> Node {
    let span = node.span();
    let Value::Array(items) = node.value else { return node };
    let mut seen = HashSet::new();
    let items = items
        .into_iter()
        .filter(|i| i.as_str().is_none_or(|s| seen.insert(s.to_string())))
        .collect();
    Node::new(span, Value::Array(items))
}

/// `flatten` of a known list: nested lists spliced in, at any depth (bounded by the value's).
fn flatten(node: Node) -> Option<Node> {
    fn splice(items: ThinVec<Node>, out: &mut ThinVec<Node>) {
        for item in items {
            match item.value {
                Value::Array(inner) => splice(inner, out),
                _ => out.push(item),
            }
        }
    }
    let span = node.span();
    let Value::Array(items) = node.value else { return None };
    let mut out = ThinVec::new();
    splice(items, &mut out);
    Some(Node::new(span, Value::Array(out)))
}

/// A known value as template text.
fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) if !is_template(s) => Some(s.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_template(s: &str) -> bool {
    s.contains("${") || s.contains("%{")
}

fn slice(source: &str, span: Option<std::ops::Range<usize>>) -> &str {
    span.and_then(|r| source.get(r)).unwrap_or("")
}

fn unknown(source: &str, span: Option<std::ops::Range<usize>>) -> Node {
    Node::new(
        Span::default(),
        Value::String(hcl::unknown_text(slice(source, span)).into()),
    )
}

/// Gives a resolved value the span of the expression it replaced.
fn respan(node: &mut Node, span: Span) {
    node.set_span(span);
    match &mut node.value {
        Value::Array(items) => items.iter_mut().for_each(|i| respan(i, span)),
        Value::Object(entries) => entries.iter_mut().for_each(|e| {
            e.set_key_span(span);
            respan(&mut e.value, span)
        }),
        _ => {}
    }
}

fn size(node: &Node) -> usize {
    measure(node).0
}

/// Nodes and depth of a value.
fn measure(node: &Node) -> (usize, usize) {
    let children = match &node.value {
        Value::Array(items) => items.iter().map(measure).collect::<Vec<_>>(),
        Value::Object(entries) => entries.iter().map(|e| measure(&e.value)).collect(),
        _ => Vec::new(),
    };
    children.iter().fold((1, 1), |(n, d), (cn, cd)| (n + cn, d.max(cd + 1)))
}

/// The bytes of text in a value.
fn text_size(node: &Node) -> usize {
    match &node.value {
        Value::String(s) | Value::Number(s) => s.len(),
        Value::Array(items) => items.iter().map(text_size).sum(),
        Value::Object(entries) => entries.iter().map(|e| e.key.len() + text_size(&e.value)).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{parse, Syntax};
    use std::sync::Arc;

    /// The resolved trees of a module's files, each given as (syntax, text).
    fn resolved(files: &[(Syntax, &str)]) -> Vec<Node> {
        let mut roots: Vec<Node> = files
            .iter()
            .map(|(syntax, text)| parse(&Arc::from(*text), *syntax).unwrap().root)
            .collect();
        resolve(&mut roots.iter_mut().collect::<Vec<_>>());
        roots
    }

    fn at<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
        path.iter().fold(node, |n, k| match k.parse::<usize>() {
            Ok(i) => &n.as_array().unwrap_or_else(|| panic!("{n:?} is no array"))[i],
            Err(_) => n.get(k).unwrap_or_else(|| panic!("no {k} in {n:?}")),
        })
    }

    fn strings(node: &Node) -> Vec<&str> {
        node.as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect()
    }

    const VARIABLES: &str = r#"
variable "host" { default = "app.example.com" }
variable "env"  { type = string }
"#;

    const MAIN: &str = r#"
locals {
  base = "https://${var.host}"
  cbs  = ["${local.base}/cb", "http://localhost:3000/cb"]
}
resource "keycloak_openid_client" "web" {
  valid_redirect_uris = local.cbs
  root_url            = "https://${var.env}.example.com"
  client_secret       = random_password.web.result
}
"#;

    #[test]
    fn variables_and_locals_of_other_files_resolve_with_the_span_of_the_use() {
        let roots = resolved(&[(Syntax::Hcl, VARIABLES), (Syntax::Hcl, MAIN)]);
        let web = at(&roots[1], &["resource", "keycloak_openid_client", "web"]);
        let cbs = web.get("valid_redirect_uris").unwrap();
        assert_eq!(strings(cbs), ["https://app.example.com/cb", "http://localhost:3000/cb"]);
        // Every resolved value points at `local.cbs` in the client's own file.
        assert_eq!(&MAIN[cbs.span().range()], "local.cbs");
        assert_eq!(&MAIN[cbs.as_array().unwrap()[1].span().range()], "local.cbs");
        // Unknown parts stay unknown; the static parts stay.
        assert_eq!(
            web.get("root_url").unwrap().as_str(),
            Some("https://${var.env}.example.com")
        );
        assert_eq!(
            web.get("client_secret").unwrap().as_str(),
            Some("${random_password.web.result}")
        );
    }

    #[test]
    fn a_sensitive_variable_stays_unknown() {
        let text = "variable \"secret\" {\n  default   = \"s3cr3t\"\n  sensitive = true\n}\nresource \"t\" \"n\" {\n  client_secret = var.secret\n}\n";
        let roots = resolved(&[(Syntax::Hcl, text)]);
        let n = at(&roots[0], &["resource", "t", "n"]);
        assert_eq!(n.get("client_secret").unwrap().as_str(), Some("${var.secret}"));
    }

    #[test]
    fn tf_json_files_resolve_alike_with_plain_json_defaults() {
        let json = r#"{
  "variable": {"host": {"default": "app.example.com"}},
  "locals": [{"path": "/cb"}],
  "resource": {"okta_app_oauth": {"portal": {
    "type": "browser",
    "redirect_uris": ["https://${var.host}${local.path}", "$${literal}"],
    "//": "a comment"
  }}}
}"#;
        let roots = resolved(&[(Syntax::Json, json)]);
        let uris = at(&roots[0], &["resource", "okta_app_oauth", "portal", "redirect_uris"]);
        assert_eq!(strings(uris), ["https://app.example.com/cb", "${literal}"]);
    }

    #[test]
    fn for_each_over_a_known_map_gives_one_object_per_key() {
        let text = r#"
resource "keycloak_openid_client" "svc" {
  for_each              = { billing = "https://billing.example.com", ops = "http://ops.internal" }
  client_id             = each.key
  valid_redirect_uris   = ["${each.value}/cb"]
}
"#;
        let roots = resolved(&[(Syntax::Hcl, text)]);
        let clients = at(&roots[0], &["resource", "keycloak_openid_client"])
            .as_object()
            .unwrap();
        let keys: Vec<&str> = clients.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, [r#"svc["billing"]"#, r#"svc["ops"]"#]);
        let ops = &clients[1].value;
        assert_eq!(ops.get("client_id").unwrap().as_str(), Some("ops"));
        assert_eq!(
            strings(ops.get("valid_redirect_uris").unwrap()),
            ["http://ops.internal/cb"]
        );
        assert!(ops.get("for_each").is_none());
        assert_eq!(&text[clients[1].key_span().range()], "svc");
        let uri = &ops.get("valid_redirect_uris").unwrap().as_array().unwrap()[0];
        assert_eq!(&text[uri.span().range()], "\"${each.value}/cb\"");
    }

    #[test]
    fn a_literal_condition_picks_its_arm_and_any_other_needs_equal_arms() {
        let text = r#"
variable "prod" { default = true }
locals { on = true }
resource "okta_app_oauth" "a" {
  literal  = true ? "https://a.example.com" : "http://a.example.com"
  local    = local.on ? "yes" : "no"
  default  = var.prod ? "https://b.example.com" : "http://localhost"
  same     = var.env == "x" ? ["https://c.example.com"] : ["https://c.example.com"]
  differ   = var.env == "x" ? "https://d.example.com" : "http://d.example.com"
  template = "https://${false ? "x" : "e"}.example.com"
}
"#;
        let roots = resolved(&[(Syntax::Hcl, text)]);
        let a = at(&roots[0], &["resource", "okta_app_oauth", "a"]);
        let get = |k: &str| a.get(k).unwrap();
        assert_eq!(get("literal").as_str(), Some("https://a.example.com"));
        assert_eq!(get("local").as_str(), Some("yes"));
        // A default may be overridden: which arm applies is unknown, and the arms differ.
        assert!(get("default").as_str().unwrap().starts_with("${"));
        assert_eq!(strings(get("same")), ["https://c.example.com"]);
        assert!(get("differ").as_str().unwrap().starts_with("${"));
        assert_eq!(get("template").as_str(), Some("https://e.example.com"));
        // The picked value keeps the span of the expression.
        assert_eq!(
            &text[get("literal").span().range()],
            r#"true ? "https://a.example.com" : "http://a.example.com""#
        );
    }

    #[test]
    fn values_read_from_a_variable_default_are_recorded_with_the_variable() {
        let variables = "variable \"host\" {\n  default = \"app.example.com\"\n}\n";
        let main = r#"locals {
  cbs = ["http://${var.host}/cb", "http://${var.host}/cb2"]
  twice = "${local.cbs[0]}${local.cbs[1]}"
}
resource "okta_app_oauth" "a" {
  redirect_uris = local.cbs
  label         = "plain"
  logo          = "${local.twice}${local.twice}"
}
"#;
        let mut roots: Vec<Node> = [variables, main]
            .iter()
            .map(|text| parse(&Arc::from(*text), Syntax::Hcl).unwrap().root)
            .collect();
        let found = resolve(&mut roots.iter_mut().collect::<Vec<_>>());
        assert!(found[0].is_empty());
        let spans: Vec<&str> = found[1].iter().map(|f| &main[f.span.range()]).collect();
        assert_eq!(spans, ["local.cbs", "\"${local.twice}${local.twice}\""]);
        assert!(found[1].iter().all(|f| f.variable == "host" && f.root == 0));
        assert_eq!(&variables[found[1][0].default.range()], "\"app.example.com\"");
    }

    #[test]
    fn sets_counts_and_unknown_collections() {
        let text = r#"
variable "names" { default = ["a", "b", "a"] }
resource "okta_app_oauth" "set" {
  for_each = toset(var.names)
  label    = each.value
}
resource "okta_app_oauth" "none" {
  count = 0
}
resource "okta_app_oauth" "empty" {
  for_each = {}
}
resource "okta_app_oauth" "three" {
  count = 3
  label = "n-${count.index}"
}
resource "okta_app_oauth" "unknown" {
  for_each = data.x.apps
  label    = each.key
}
"#;
        let roots = resolved(&[(Syntax::Hcl, text)]);
        let apps = at(&roots[0], &["resource", "okta_app_oauth"]).as_object().unwrap();
        let keys: Vec<&str> = apps.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, [r#"set["a"]"#, r#"set["b"]"#, "three", "unknown"]);
        assert_eq!(apps[1].value.get("label").unwrap().as_str(), Some("b"));
        assert_eq!(apps[2].value.get("count").unwrap().as_loose_i64(), Some(3));
        assert_eq!(apps[2].value.get("label").unwrap().as_str(), Some("n-${count.index}"));
        assert_eq!(apps[3].value.get("for_each").unwrap().as_str(), Some("${data.x.apps}"));
        assert_eq!(apps[3].value.get("label").unwrap().as_str(), Some("${each.key}"));
    }

    #[test]
    fn dynamic_blocks_expand_or_stay_present_and_unknown() {
        let text = r#"
resource "azuread_application" "known" {
  web {
    dynamic "implicit_grant" {
      for_each = [true]
      content { access_token_issuance_enabled = implicit_grant.value }
    }
  }
}
resource "azuread_application" "unknown" {
  web {
    dynamic "implicit_grant" {
      for_each = var.grants
      content { access_token_issuance_enabled = true }
    }
  }
  lifecycle { ignore_changes = [web, owners] }
}
"#;
        let roots = resolved(&[(Syntax::Hcl, text)]);
        let known = at(&roots[0], &["resource", "azuread_application", "known", "web", "0"]);
        let flag = at(known, &["implicit_grant", "0", "access_token_issuance_enabled"]);
        assert_eq!(flag.value, Value::Bool(true));
        assert!(known.get("dynamic").is_none());
        let unknown = at(&roots[0], &["resource", "azuread_application", "unknown"]);
        let flag = at(
            unknown,
            &["web", "0", "implicit_grant", "0", "access_token_issuance_enabled"],
        );
        assert_eq!(flag.as_str(), Some("${dynamic.implicit_grant}"));
        assert_eq!(
            strings(at(unknown, &["lifecycle", "0", "ignore_changes"])),
            ["web", "owners"]
        );
    }

    #[test]
    fn cycles_long_chains_and_doubling_templates_stay_unknown_and_cheap() {
        let mut text = String::from("locals {\n  a = local.b\n  b = local.a\n");
        // Each local doubles the one before: 2^40 bytes if nothing stopped it.
        text.push_str("  d0 = \"xxxxxxxxxxxxxxxx\"\n");
        for i in 1..=40 {
            text.push_str(&format!("  d{i} = \"${{local.d{p}}}${{local.d{p}}}\"\n", p = i - 1));
        }
        // Lists that double too.
        text.push_str("  l0 = [\"x\"]\n");
        for i in 1..=40 {
            text.push_str(&format!("  l{i} = [local.l{p}, local.l{p}]\n", p = i - 1));
        }
        // A chain longer than the reference bound.
        for i in 0..200 {
            text.push_str(&format!("  c{i} = local.c{}\n", i + 1));
        }
        text.push_str("  c200 = \"end\"\n}\n");
        text.push_str("resource \"t\" \"n\" {\n  cycle = local.a\n  big = local.d40\n  list = local.l40\n  chain = local.c0\n  small = local.d2\n}\n");
        let roots = resolved(&[(Syntax::Hcl, &text)]);
        let n = at(&roots[0], &["resource", "t", "n"]);
        assert_eq!(n.get("cycle").unwrap().as_str(), Some("${local.a}"));
        // `d13` is past the size bound, so every local after it keeps its unknown parts.
        assert_eq!(n.get("big").unwrap().as_str(), Some("${local.d39}${local.d39}"));
        // Locals past the node bound are unknown, so what is left stays within twice the bound.
        assert!(size(n.get("list").unwrap()) <= 2 * MAX_NODES + 1);
        // The chain is cut where it gets too deep: the value is the unknown local there.
        assert_eq!(n.get("chain").unwrap().as_str(), Some("${local.c32}"));
        assert_eq!(n.get("small").unwrap().as_str().map(str::len), Some(64));
    }

    #[test]
    fn list_functions_of_known_values() {
        let text = r#"
variable "extra" { default = ["https://b.example.com/cb"] }
resource "okta_app_oauth" "app" {
  redirect_uris             = concat(var.extra, ["http://a.example.com/cb"], var.unknown)
  post_logout_redirect_uris = distinct(flatten([["x", "y"], ["x"]]))
  label                     = upper("x")
}
"#;
        let roots = resolved(&[(Syntax::Hcl, text)]);
        let app = at(&roots[0], &["resource", "okta_app_oauth", "app"]);
        assert_eq!(
            strings(app.get("redirect_uris").unwrap()),
            ["https://b.example.com/cb", "http://a.example.com/cb", "${var.unknown}"]
        );
        assert_eq!(strings(app.get("post_logout_redirect_uris").unwrap()), ["x", "y"]);
        assert_eq!(app.get("label").unwrap().as_str(), Some("${upper(\"x\")}"));
    }

    #[test]
    fn an_override_file_makes_what_it_sets_unknown_and_declares_no_resource() {
        let main = "variable \"host\" {\n  default = \"http://a.example.com\"\n}\nresource \"okta_app_oauth\" \"app\" {\n  type = \"web\"\n  redirect_uris = [\"${var.host}/cb\"]\n}\n";
        let over = "variable \"host\" {\n  default = \"https://b.example.com\"\n}\nresource \"okta_app_oauth\" \"app\" {\n  type = \"browser\"\n  pkce_required = true\n}\n";
        let mut roots: Vec<Node> = [main, over]
            .iter()
            .map(|t| parse(&Arc::from(*t), Syntax::Hcl).unwrap().root)
            .collect();
        let (bases, overriding) = roots.split_at_mut(1);
        apply_override(&mut overriding[0], &mut bases.iter_mut().collect::<Vec<_>>());
        resolve(&mut roots.iter_mut().collect::<Vec<_>>());
        let app = at(&roots[0], &["resource", "okta_app_oauth", "app"]);
        assert_eq!(app.get("type").unwrap().as_str(), Some("${override}"));
        assert_eq!(app.get("pkce_required").unwrap().as_str(), Some("${override}"));
        assert_eq!(strings(app.get("redirect_uris").unwrap()), ["https://b.example.com/cb"]);
        assert!(at(&roots[1], &["resource"]).as_object().unwrap().is_empty());
        assert!(is_override(Path::new("override.tf")) && is_override(Path::new("dev_override.tf.json")));
        assert!(!is_override(Path::new("overrides.tf")));
    }

    #[test]
    fn terraform_files_by_name() {
        for yes in ["main.tf", "x.tofu", "a.tf.json", "B.TOFU.JSON"] {
            assert!(is_terraform(Path::new(yes)), "{yes}");
        }
        for no in ["prod.tfvars", ".tf", "a.json", "tf"] {
            assert!(!is_terraform(Path::new(no)), "{no}");
        }
    }
}
