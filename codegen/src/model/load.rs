//! Reading JSON AST files into a resolved [`Model`].
//!
//! Loading is done in passes over the raw JSON so that each problem is reported with the shape
//! it concerns: parse, collect shapes from every file, apply `apply` statements, flatten mixins,
//! type the traits, and finally check that every reference resolves.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Member, Model, Shape, ShapeId, ShapeKind, Simple, Traits, prelude};
use crate::diagnostic::Diagnostic;

type RawTraits = BTreeMap<String, Value>;

/// A shape as written, before mixins are applied and traits are typed.
#[derive(Debug, Clone)]
struct RawShape {
    file: String,
    kind: String,
    /// Named members (structure, union, enum, intEnum) or `member`/`key`/`value`.
    members: Vec<RawMember>,
    traits: RawTraits,
    mixins: Vec<ShapeId>,
    /// Operation, service and resource bindings by property name.
    refs: BTreeMap<String, Vec<ShapeId>>,
    version: Option<String>,
}

#[derive(Debug, Clone)]
struct RawMember {
    name: String,
    target: ShapeId,
    traits: RawTraits,
}

/// Loads and resolves models from `(file name, JSON text)` pairs.
///
/// Returns the model and its warnings, or every diagnostic found when any is an error.
pub fn load<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut raw: BTreeMap<ShapeId, RawShape> = BTreeMap::new();
    let mut applies: Vec<(String, String, RawTraits)> = Vec::new();
    for (file, text) in files {
        read_file(file, text, &mut raw, &mut applies, &mut diags);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    apply_traits(&mut raw, applies, &mut diags);
    let order = mixin_order(&raw, &mut diags);
    flatten_mixins(&mut raw, &order);
    let model = build(raw, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok((model, diags))
    }
}

/// Loads a single model file.
pub fn load_str(file: &str, text: &str) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    load([(file, text)])
}

fn read_file(
    file: &str,
    text: &str,
    raw: &mut BTreeMap<ShapeId, RawShape>,
    applies: &mut Vec<(String, String, RawTraits)>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut err = |shape: Option<String>, msg: String| {
        diags.push(Diagnostic::error(shape, msg).in_file(file))
    };
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return err(None, format!("not valid JSON: {e}")),
    };
    let Some(root) = root.as_object() else {
        return err(None, "a Smithy JSON AST model must be a JSON object".into());
    };
    match root.get("smithy").and_then(Value::as_str) {
        Some(v) if v == "2" || v == "2.0" => {}
        Some(v) => {
            return err(
                None,
                format!(
                    "unsupported Smithy IDL version {v:?}: only 2.0 JSON AST models are supported"
                ),
            );
        }
        None => {
            return err(
                None,
                "missing the `smithy` version property: not a Smithy JSON AST model".into(),
            );
        }
    }
    let shapes = match root.get("shapes") {
        None => return,
        Some(Value::Object(s)) => s,
        Some(_) => return err(None, "`shapes` must be an object".into()),
    };
    for (id_text, shape) in shapes {
        let Some(id) = ShapeId::parse(id_text) else {
            err(
                Some(id_text.clone()),
                "not an absolute shape id (`namespace#Name`)".into(),
            );
            continue;
        };
        match read_shape(file, &id, shape) {
            Ok(Parsed::Shape(s)) => {
                if let Some(prev) = raw.get(&id) {
                    err(
                        Some(id_text.clone()),
                        format!("shape defined twice (also in {})", prev.file),
                    );
                } else {
                    raw.insert(id, s);
                }
            }
            Ok(Parsed::Apply(traits)) => applies.push((file.to_owned(), id_text.clone(), traits)),
            Err((shape, msg)) => err(Some(shape), msg),
        }
    }
}

enum Parsed {
    Shape(RawShape),
    Apply(RawTraits),
}

const SHAPE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "operation",
    "service",
    "resource",
];

fn read_shape(file: &str, id: &ShapeId, v: &Value) -> Result<Parsed, (String, String)> {
    let here = |msg: String| (id.to_string(), msg);
    let o = v
        .as_object()
        .ok_or_else(|| here("a shape must be a JSON object".into()))?;
    let kind = o
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| here("missing the string property `type`".into()))?;
    let traits = read_traits(o.get("traits")).map_err(here)?;
    if kind == "apply" {
        return Ok(Parsed::Apply(traits));
    }
    if !SHAPE_TYPES.contains(&kind) {
        return Err(here(format!("unknown shape type {kind:?}")));
    }
    let mut members = Vec::new();
    match kind {
        "structure" | "union" | "enum" | "intEnum" => {
            if let Some(ms) = o.get("members") {
                let ms = ms
                    .as_object()
                    .ok_or_else(|| here("`members` must be an object".into()))?;
                for (name, m) in ms {
                    members.push(read_member(id, name, m)?);
                }
            }
        }
        "list" | "set" => members.push(read_member(id, "member", required(o, "member", id)?)?),
        "map" => {
            members.push(read_member(id, "key", required(o, "key", id)?)?);
            members.push(read_member(id, "value", required(o, "value", id)?)?);
        }
        _ => {}
    }
    let mut refs = BTreeMap::new();
    let ref_props: &[&str] = match kind {
        "operation" => &["input", "output", "errors"],
        "service" => &["operations", "resources", "errors"],
        "resource" => &[
            "create",
            "put",
            "read",
            "update",
            "delete",
            "list",
            "operations",
            "collectionOperations",
            "resources",
        ],
        _ => &[],
    };
    for prop in ref_props {
        if let Some(v) = o.get(*prop) {
            refs.insert(
                (*prop).to_owned(),
                read_refs(v).map_err(|m| here(format!("`{prop}`: {m}")))?,
            );
        }
    }
    if kind == "resource" {
        // Identifier and property targets are shape references written as a map of name → id.
        let mut targets = Vec::new();
        for prop in ["identifiers", "properties"] {
            if let Some(v) = o.get(prop) {
                let map = v
                    .as_object()
                    .ok_or_else(|| here(format!("`{prop}` must be an object")))?;
                for t in map.values() {
                    targets.extend(read_refs(t).map_err(|m| here(format!("`{prop}`: {m}")))?);
                }
            }
        }
        refs.insert("references".into(), targets);
    }
    let mixins = match o.get("mixins") {
        Some(v) => read_refs(v).map_err(|m| here(format!("`mixins`: {m}")))?,
        None => Vec::new(),
    };
    let version = match o.get("version") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(here("`version` must be a string".into())),
    };
    Ok(Parsed::Shape(RawShape {
        file: file.to_owned(),
        kind: kind.to_owned(),
        members,
        traits,
        mixins,
        refs,
        version,
    }))
}

fn required<'v>(
    o: &'v Map<String, Value>,
    prop: &str,
    id: &ShapeId,
) -> Result<&'v Value, (String, String)> {
    o.get(prop)
        .ok_or_else(|| (id.to_string(), format!("missing the `{prop}` member")))
}

fn read_member(id: &ShapeId, name: &str, v: &Value) -> Result<RawMember, (String, String)> {
    let here = |msg: String| (id.member(name), msg);
    let o = v
        .as_object()
        .ok_or_else(|| here("a member must be a JSON object".into()))?;
    let target = o
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| here("missing the string property `target`".into()))?;
    let target = ShapeId::parse(target)
        .ok_or_else(|| here(format!("target {target:?} is not an absolute shape id")))?;
    Ok(RawMember {
        name: name.to_owned(),
        target,
        traits: read_traits(o.get("traits")).map_err(here)?,
    })
}

fn read_traits(v: Option<&Value>) -> Result<RawTraits, String> {
    match v {
        None => Ok(RawTraits::new()),
        Some(Value::Object(o)) => {
            for k in o.keys() {
                if ShapeId::parse(k).is_none() {
                    return Err(format!("trait name {k:?} is not an absolute shape id"));
                }
            }
            Ok(o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        }
        Some(_) => Err("`traits` must be an object".into()),
    }
}

/// Reads `{"target": id}` or a list of them.
fn read_refs(v: &Value) -> Result<Vec<ShapeId>, String> {
    let one = |v: &Value| {
        let t = v
            .as_object()
            .and_then(|o| o.get("target"))
            .and_then(Value::as_str)
            .ok_or_else(|| format!("expected {{\"target\": \"ns#Name\"}}, found {v}"))?;
        ShapeId::parse(t).ok_or_else(|| format!("{t:?} is not an absolute shape id"))
    };
    match v {
        Value::Array(items) => items.iter().map(one).collect(),
        other => Ok(vec![one(other)?]),
    }
}

/// Applies `apply` statements (to shapes and to members: `ns#Shape$member`).
fn apply_traits(
    raw: &mut BTreeMap<ShapeId, RawShape>,
    applies: Vec<(String, String, RawTraits)>,
    diags: &mut Vec<Diagnostic>,
) {
    for (file, target, traits) in applies {
        let (shape, member) = match target.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (target.as_str(), None),
        };
        let found = ShapeId::parse(shape)
            .and_then(|id| raw.get_mut(&id))
            .and_then(|s| match member {
                None => Some(&mut s.traits),
                Some(m) => s
                    .members
                    .iter_mut()
                    .find(|x| x.name == m)
                    .map(|x| &mut x.traits),
            });
        match found {
            Some(t) => t.extend(traits),
            None => diags.push(
                Diagnostic::error(
                    target.clone(),
                    "`apply` targets a shape that does not exist",
                )
                .in_file(&file),
            ),
        }
    }
}

/// Orders shapes so that each mixin comes before the shapes that use it; reports cycles.
fn mixin_order(raw: &BTreeMap<ShapeId, RawShape>, diags: &mut Vec<Diagnostic>) -> Vec<ShapeId> {
    let mut order = Vec::new();
    let mut done = BTreeSet::new();
    let mut visiting = BTreeSet::new();
    fn visit(
        id: &ShapeId,
        raw: &BTreeMap<ShapeId, RawShape>,
        done: &mut BTreeSet<ShapeId>,
        visiting: &mut BTreeSet<ShapeId>,
        order: &mut Vec<ShapeId>,
        diags: &mut Vec<Diagnostic>,
    ) {
        if done.contains(id) {
            return;
        }
        if !visiting.insert(id.clone()) {
            diags.push(
                Diagnostic::error(id.to_string(), "mixins form a cycle").in_file(&raw[id].file),
            );
            return;
        }
        for m in &raw[id].mixins {
            if raw.contains_key(m) {
                visit(m, raw, done, visiting, order, diags);
            } else {
                diags.push(
                    Diagnostic::error(id.to_string(), format!("mixin {m} does not exist"))
                        .in_file(&raw[id].file),
                );
            }
        }
        visiting.remove(id);
        done.insert(id.clone());
        order.push(id.clone());
    }
    for id in raw.keys() {
        visit(id, raw, &mut done, &mut visiting, &mut order, diags);
    }
    order
}

/// Copies mixin members (first, in mixin order) and inheritable mixin traits into each shape.
fn flatten_mixins(raw: &mut BTreeMap<ShapeId, RawShape>, order: &[ShapeId]) {
    for id in order {
        let mixins = raw[id].mixins.clone();
        if mixins.is_empty() {
            continue;
        }
        let mut members: Vec<RawMember> = Vec::new();
        let mut traits = RawTraits::new();
        for m in mixins.iter().filter_map(|m| raw.get(m)) {
            let local: BTreeSet<&str> = m
                .traits
                .get("smithy.api#mixin")
                .and_then(|v| v.get("localTraits"))
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (k, v) in &m.traits {
                if k != "smithy.api#mixin" && !local.contains(k.as_str()) {
                    traits.insert(k.clone(), v.clone());
                }
            }
            for member in &m.members {
                match members.iter_mut().find(|x| x.name == member.name) {
                    Some(existing) => existing.traits.extend(member.traits.clone()),
                    None => members.push(member.clone()),
                }
            }
        }
        let shape = raw.get_mut(id).expect("ordered ids come from the map");
        for member in std::mem::take(&mut shape.members) {
            match members.iter_mut().find(|x| x.name == member.name) {
                Some(existing) => {
                    existing.target = member.target;
                    existing.traits.extend(member.traits);
                }
                None => members.push(member),
            }
        }
        shape.members = members;
        traits.extend(std::mem::take(&mut shape.traits));
        shape.traits = traits;
    }
}

/// Types traits and shapes, adds the prelude and checks every reference.
fn build(raw: BTreeMap<ShapeId, RawShape>, diags: &mut Vec<Diagnostic>) -> Model {
    let mut model = Model::default();
    for shape in prelude::shapes() {
        model.shapes.insert(shape.id.clone(), shape);
    }
    let mut files = BTreeMap::new();
    for (id, r) in raw {
        if id.is_prelude() {
            diags.push(
                Diagnostic::error(
                    id.to_string(),
                    "models may not define shapes in the `smithy.api` prelude namespace",
                )
                .in_file(&r.file),
            );
            continue;
        }
        let mut typed_traits = |owner: String, t: RawTraits| -> Traits {
            Traits::parse(t).unwrap_or_else(|bad| {
                for b in bad {
                    diags.push(
                        Diagnostic::error(
                            owner.clone(),
                            format!("malformed trait `{}`: {}", b.name, b.problem),
                        )
                        .in_file(&r.file),
                    );
                }
                Traits::default()
            })
        };
        let traits = typed_traits(id.to_string(), r.traits);
        let members: Vec<Member> = r
            .members
            .into_iter()
            .map(|m| Member {
                traits: typed_traits(id.member(&m.name), m.traits),
                name: m.name,
                target: m.target,
            })
            .collect();
        let one = |props: &BTreeMap<String, Vec<ShapeId>>, p: &str| {
            props
                .get(p)
                .and_then(|v| v.first().cloned())
                .unwrap_or_else(|| ShapeId(super::UNIT.to_owned()))
        };
        let many = |props: &BTreeMap<String, Vec<ShapeId>>, ps: &[&str]| -> Vec<ShapeId> {
            ps.iter()
                .flat_map(|p| props.get(*p).into_iter().flatten().cloned())
                .collect()
        };
        let mut members = members.into_iter();
        let kind = match r.kind.as_str() {
            "blob" => ShapeKind::Simple(Simple::Blob),
            "boolean" => ShapeKind::Simple(Simple::Boolean),
            "string" => ShapeKind::Simple(Simple::String),
            "byte" => ShapeKind::Simple(Simple::Byte),
            "short" => ShapeKind::Simple(Simple::Short),
            "integer" => ShapeKind::Simple(Simple::Integer),
            "long" => ShapeKind::Simple(Simple::Long),
            "float" => ShapeKind::Simple(Simple::Float),
            "double" => ShapeKind::Simple(Simple::Double),
            "bigInteger" => ShapeKind::Simple(Simple::BigInteger),
            "bigDecimal" => ShapeKind::Simple(Simple::BigDecimal),
            "timestamp" => ShapeKind::Simple(Simple::Timestamp),
            "document" => ShapeKind::Simple(Simple::Document),
            "enum" => ShapeKind::Enum(members.collect()),
            "intEnum" => ShapeKind::IntEnum(members.collect()),
            "structure" => ShapeKind::Structure(members.collect()),
            "union" => ShapeKind::Union(members.collect()),
            "list" | "set" => match members.next() {
                Some(m) => ShapeKind::List(m),
                None => continue, // reported by read_shape
            },
            "map" => match (members.next(), members.next()) {
                (Some(key), Some(value)) => ShapeKind::Map { key, value },
                _ => continue,
            },
            "operation" => ShapeKind::Operation {
                input: one(&r.refs, "input"),
                output: one(&r.refs, "output"),
                errors: many(&r.refs, &["errors"]),
            },
            "service" => ShapeKind::Service {
                version: r.version,
                operations: many(&r.refs, &["operations"]),
                resources: many(&r.refs, &["resources"]),
                errors: many(&r.refs, &["errors"]),
            },
            "resource" => ShapeKind::Resource {
                operations: many(
                    &r.refs,
                    &[
                        "create",
                        "put",
                        "read",
                        "update",
                        "delete",
                        "list",
                        "operations",
                        "collectionOperations",
                    ],
                ),
                resources: many(&r.refs, &["resources"]),
                references: many(&r.refs, &["references"]),
            },
            other => unreachable!("shape type {other} was checked when read"),
        };
        let mut traits = traits;
        if r.kind == "set" {
            // Smithy 1.0 sets are lists whose items must be unique.
            traits.unique_items = true;
        }
        files.insert(id.clone(), r.file);
        model.shapes.insert(id.clone(), Shape { id, kind, traits });
    }
    check(&model, &files, diags);
    model.files = files;
    model
}

/// Checks references and the structural rules the emitters rely on.
fn check(model: &Model, files: &BTreeMap<ShapeId, String>, diags: &mut Vec<Diagnostic>) {
    for (id, shape) in &model.shapes {
        let Some(file) = files.get(id) else { continue };
        let mut report =
            |who: String, msg: String| diags.push(Diagnostic::error(who, msg).in_file(file));
        let member_owner = matches!(
            shape.kind,
            ShapeKind::Structure(_)
                | ShapeKind::Union(_)
                | ShapeKind::Enum(_)
                | ShapeKind::IntEnum(_)
        );
        let members: Vec<&Member> = match &shape.kind {
            ShapeKind::List(m) => vec![m],
            ShapeKind::Map { key, value } => vec![key, value],
            _ if member_owner => shape.members().iter().collect(),
            _ => vec![],
        };
        for m in &members {
            if !model.shapes.contains_key(&m.target) {
                report(
                    id.member(&m.name),
                    format!("target {} does not exist", m.target),
                );
            } else if matches!(
                model.shapes[&m.target].kind,
                ShapeKind::Operation { .. }
                    | ShapeKind::Service { .. }
                    | ShapeKind::Resource { .. }
            ) {
                report(
                    id.member(&m.name),
                    format!(
                        "target {} is a {}, which cannot be a member target",
                        m.target,
                        model.shapes[&m.target].type_name()
                    ),
                );
            }
        }
        for r in shape.references() {
            if !model.shapes.contains_key(r) && !members.iter().any(|m| &m.target == r) {
                report(
                    id.to_string(),
                    format!("refers to {r}, which does not exist"),
                );
            }
        }
        match &shape.kind {
            ShapeKind::IntEnum(ms) => {
                for m in ms
                    .iter()
                    .filter(|m| !matches!(m.traits.enum_value, Some(super::EnumValue::Int(_))))
                {
                    report(
                        id.member(&m.name),
                        "intEnum members need an integer `enumValue`".into(),
                    );
                }
            }
            ShapeKind::Enum(ms) => {
                for m in ms
                    .iter()
                    .filter(|m| matches!(m.traits.enum_value, Some(super::EnumValue::Int(_))))
                {
                    report(
                        id.member(&m.name),
                        "enum members need a string `enumValue`".into(),
                    );
                }
            }
            ShapeKind::Map { key, .. } => {
                let key_is_string = model.shapes.get(&key.target).is_some_and(|k| {
                    matches!(
                        k.kind,
                        ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)
                    )
                });
                if !key_is_string {
                    report(
                        id.member("key"),
                        format!(
                            "map keys must target a string or enum shape, not {}",
                            key.target
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}
