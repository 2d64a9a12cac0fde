//! Reading model files into a resolved [`Model`].
//!
//! [`super::assemble`] reads the files (JSON AST or IDL), merges them, applies `apply`
//! statements and flattens mixins; this module then types the shapes and traits of the merged
//! JSON AST and checks that every reference resolves, reporting each problem with its shape.

use std::collections::BTreeMap;

use serde_json::Value;

use super::assemble::{Assembled, LoadOptions, assemble_all};
use super::{Member, Model, Resource, Shape, ShapeId, ShapeKind, Simple, Traits};
use crate::diagnostic::Diagnostic;

type RawTraits = BTreeMap<String, Value>;

/// A shape of the flattened JSON AST, before its traits are typed.
#[derive(Debug, Clone)]
struct RawShape {
    file: String,
    kind: String,
    /// Named members (structure, union, enum, intEnum) or `member`/`key`/`value`.
    members: Vec<RawMember>,
    traits: RawTraits,
    /// Operation, service and resource bindings by property name.
    refs: BTreeMap<String, Vec<ShapeId>>,
    /// A resource's `identifiers` and `properties`: name → target.
    named: BTreeMap<&'static str, BTreeMap<String, ShapeId>>,
    version: Option<String>,
}

#[derive(Debug, Clone)]
struct RawMember {
    name: String,
    target: ShapeId,
    traits: RawTraits,
}

/// Loads and resolves models from `(file name, text)` pairs: JSON AST files and IDL files
/// (`.smithy`), in any mix.
///
/// Returns the model and its warnings, or every diagnostic found when any is an error.
pub fn load<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_with(files, &LoadOptions::default())
}

/// [`load`] with options.
pub fn load_with<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    options: &LoadOptions,
) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (model, _, diags) = load_keeping(files, options, None)?;
    Ok((model, diags))
}

/// Which merged JSON AST [`load_with_ast`] keeps beside the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ast {
    /// As the files give it, mixins and mixin shapes included (`smithy ast`).
    Merged,
    /// With mixins applied and the mixin shapes removed (`smithy ast --flatten`).
    Flattened,
}

/// [`load_with`], also returning the merged JSON AST the model was read from, so that tools
/// printing the model (`ast`, `idl`) read and check it once.
pub fn load_with_ast<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    options: &LoadOptions,
    ast: Ast,
) -> Result<(Model, Assembled, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_keeping(files, options, Some(ast))
}

/// Loads, returning the JSON AST `keep` asks for. With `None` nothing is copied for it, and
/// what is returned is what loading left of the flattened AST (its metadata moved to the
/// model), for the caller to drop.
fn load_keeping<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    options: &LoadOptions,
    keep: Option<Ast>,
) -> Result<(Model, Assembled, Vec<Diagnostic>), Vec<Diagnostic>> {
    // Rules broken while merging do not stop the checks below, so that one run reports all.
    let (assembled, mut diags) = assemble_all(files, options);
    let Some(mut assembled) = assembled else {
        return Err(diags);
    };
    let merged = (keep == Some(Ast::Merged)).then(|| assembled.clone());
    assembled.flatten(&mut diags);
    let mut raw: BTreeMap<ShapeId, RawShape> = BTreeMap::new();
    // A shape that cannot be read would make every reference to it an error too: stop first.
    let mut unreadable = false;
    for (id_text, shape) in &assembled.shapes {
        let file = assembled.files.get(id_text).map_or("", String::as_str);
        let Some(id) = ShapeId::parse(id_text) else {
            diags.push(
                Diagnostic::error(
                    id_text.clone(),
                    "not an absolute shape id (`namespace#Name`)",
                )
                .in_file(file),
            );
            unreadable = true;
            continue;
        };
        match read_shape(file, &id, shape) {
            Ok(s) => {
                raw.insert(id, s);
            }
            Err((shape, msg)) => {
                unreadable = true;
                diags.push(Diagnostic::error(shape, msg).in_file(file));
            }
        }
    }
    if unreadable {
        return Err(assembled.locate(diags));
    }
    let mut model = build(raw, &mut diags);
    model.metadata = match keep {
        Some(Ast::Flattened) => assembled.metadata.clone(),
        _ => std::mem::take(&mut assembled.metadata),
    };
    // Validators read what the model means: only a model that loaded cleanly has one.
    if !diags.iter().any(Diagnostic::is_error) {
        super::validate::validate(&model, &mut diags);
    }
    let diags = assembled.locate(diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((model, merged.unwrap_or(assembled), diags))
}

/// Loads a single model file.
pub fn load_str(file: &str, text: &str) -> Result<(Model, Vec<Diagnostic>), Vec<Diagnostic>> {
    load([(file, text)])
}

fn read_shape(file: &str, id: &ShapeId, v: &Value) -> Result<RawShape, (String, String)> {
    let here = |msg: String| (id.to_string(), msg);
    let o = v
        .as_object()
        .ok_or_else(|| here("a shape must be a JSON object".into()))?;
    let kind = o
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| here("missing the string property `type`".into()))?;
    let traits = read_traits(o.get("traits")).map_err(here)?;
    if super::shape_type(kind).is_none() {
        return Err(here(format!("unknown shape type {kind:?}")));
    }
    let mut members = Vec::new();
    // Missing list and map members are reported once the shape is built.
    let member = |prop: &str| -> Result<Option<RawMember>, (String, String)> {
        o.get(prop).map(|m| read_member(id, prop, m)).transpose()
    };
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
        "list" | "set" => members.extend(member("member")?),
        "map" => {
            members.extend(member("key")?);
            members.extend(member("value")?);
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
    let mut named = BTreeMap::new();
    if kind == "resource" {
        // Identifiers and properties are maps of name → `{"target": id}`.
        for prop in ["identifiers", "properties"] {
            let Some(v) = o.get(prop) else { continue };
            let map = v
                .as_object()
                .ok_or_else(|| here(format!("`{prop}` must be an object")))?;
            let mut entries = BTreeMap::new();
            for (name, t) in map {
                let target = match read_refs(t) {
                    Ok(ids) if ids.len() == 1 && !t.is_array() => ids.into_iter().next(),
                    Ok(_) => None,
                    Err(m) => return Err(here(format!("`{prop}` `{name}`: {m}"))),
                };
                let target = target.ok_or_else(|| {
                    here(format!(
                        "`{prop}` `{name}` must be one {{\"target\": \"ns#Name\"}}"
                    ))
                })?;
                entries.insert(name.clone(), target);
            }
            named.insert(prop, entries);
        }
    }
    let version = match o.get("version") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(here("`version` must be a string".into())),
    };
    Ok(RawShape {
        file: file.to_owned(),
        kind: kind.to_owned(),
        members,
        traits,
        refs,
        named,
        version,
    })
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

/// Types traits and shapes, adds the prelude and checks every reference.
fn build(raw: BTreeMap<ShapeId, RawShape>, diags: &mut Vec<Diagnostic>) -> Model {
    let mut model = Model::default();
    let mut files = BTreeMap::new();
    for (id, r) in raw {
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
                None => {
                    diags.push(
                        Diagnostic::error(
                            id.to_string(),
                            format!("Missing required member of shape `{id}`: member"),
                        )
                        .in_file(&r.file),
                    );
                    continue;
                }
            },
            "map" => {
                let (mut key, mut value) = (None, None);
                for m in members {
                    match m.name.as_str() {
                        "key" => key = Some(m),
                        _ => value = Some(m),
                    }
                }
                match (key, value) {
                    (Some(key), Some(value)) => ShapeKind::Map { key, value },
                    (key, value) => {
                        let missing: Vec<&str> =
                            [("key", key.is_none()), ("value", value.is_none())]
                                .into_iter()
                                .filter_map(|(n, gone)| gone.then_some(n))
                                .collect();
                        let s = if missing.len() > 1 { "s" } else { "" };
                        diags.push(
                            Diagnostic::error(
                                id.to_string(),
                                format!(
                                    "Missing required member{s} of shape `{id}`: {}",
                                    missing.join(", ")
                                ),
                            )
                            .in_file(&r.file),
                        );
                        continue;
                    }
                }
            }
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
            "resource" => {
                let opt = |p: &str| r.refs.get(p).and_then(|v| v.first().cloned());
                let mut named = r.named;
                ShapeKind::Resource(Resource {
                    identifiers: named.remove("identifiers").unwrap_or_default(),
                    properties: named.remove("properties").unwrap_or_default(),
                    create: opt("create"),
                    put: opt("put"),
                    read: opt("read"),
                    update: opt("update"),
                    delete: opt("delete"),
                    list: opt("list"),
                    operations: many(&r.refs, &["operations"]),
                    collection_operations: many(&r.refs, &["collectionOperations"]),
                    resources: many(&r.refs, &["resources"]),
                })
            }
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
                ShapeKind::Operation { .. } | ShapeKind::Service { .. } | ShapeKind::Resource(_)
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
            ShapeKind::Enum(ms) | ShapeKind::IntEnum(ms) if ms.is_empty() => {
                report(
                    id.to_string(),
                    format!("{} shapes must have at least one member", shape.type_name()),
                );
            }
            _ => {}
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
