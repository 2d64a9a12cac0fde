//! Merging documents: metadata and shapes across files (equal duplicates ignored, conflicts
//! reported), then elided member targets, implicit enum values and `apply` statements, and
//! the checks and Smithy 1.0 upgrade that need the whole model.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::checks::{check_metadata, check_traits};
use super::mixins::mixin_member;
use super::v1::{check_v1, upgrade_v1};
use super::{Assembled, LoadOptions};
use crate::diagnostic::Diagnostic;
use crate::model::builtin;
use crate::model::document::{Document, Elided, merge_trait};
use crate::model::json_ast::{has_trait, own_member, own_member_mut, set_trait, target_of};

pub(super) fn merge(
    docs: impl IntoIterator<Item = Document>,
    options: &LoadOptions,
    diags: &mut Vec<Diagnostic>,
) -> Assembled {
    let mut out = Assembled::default();
    let mut v1_shapes = HashSet::new();
    let mut metadata_files: HashMap<String, String> = HashMap::new();
    let mut applies = Vec::new();
    let mut elided = Vec::new();
    for doc in docs {
        for (key, value) in doc.metadata {
            match out.metadata.get_mut(&key) {
                None => {
                    metadata_files.insert(key.clone(), doc.file.clone());
                    out.metadata.insert(key, value);
                }
                Some(Value::Array(prev)) if value.is_array() => {
                    if let Value::Array(items) = value {
                        prev.extend(items);
                    }
                }
                Some(prev) if *prev == value => {}
                Some(_) => diags.push(
                    Diagnostic::error(
                        None,
                        format!(
                            "Metadata conflict for key `{key}`. Defined in both {} and {}",
                            metadata_files.get(&key).map_or("?", String::as_str),
                            doc.file
                        ),
                    )
                    .in_file(&doc.file),
                ),
            }
        }
        let builtin = builtin::is_builtin_file(&doc.file);
        for (id, shape) in doc.shapes {
            if !builtin && id.starts_with("smithy.api#") {
                diags.push(
                    Diagnostic::error(
                        id.clone(),
                        "models may not define shapes in the `smithy.api` prelude namespace",
                    )
                    .in_file(&doc.file),
                );
                continue;
            }
            if let Some(prev) = out.shapes.get(&id) {
                // A user's definition of a built-in trait package's shape is a version of that
                // package: it replaces ours.
                let replaces_builtin = !builtin
                    && out
                        .files
                        .get(&id)
                        .is_some_and(|f| builtin::is_builtin_file(f));
                if !replaces_builtin {
                    if *prev != shape {
                        let first = out.files.get(&id).map_or("?", String::as_str);
                        diags.push(
                            Diagnostic::error(
                                id.clone(),
                                format!("Conflicting shape definition: also defined in {first}"),
                            )
                            .in_file(&doc.file),
                        );
                    }
                    continue;
                }
            }
            if doc.v1 {
                v1_shapes.insert(id.clone());
            }
            out.files.insert(id.clone(), doc.file.clone());
            out.shapes.insert(id, shape);
        }
        applies.extend(doc.applies.into_iter().map(|a| (doc.file.clone(), a)));
        if let Some(text) = doc.source {
            out.sources.insert(doc.file.clone(), text);
        }
        elided.extend(doc.elided.into_iter().map(|e| (doc.file.clone(), e)));
    }
    for (file, e) in elided {
        fill_elided(&mut out.shapes, &file, &e, diags);
    }
    implicit_enum_values(&mut out.shapes);
    for (file, (target, traits)) in applies {
        apply(&mut out.shapes, &file, &target, traits, diags);
    }
    check_traits(&out, options, diags);
    check_metadata(&out, diags);
    check_v1(&out, &v1_shapes, diags);
    upgrade_v1(&mut out.shapes, &v1_shapes);
    out
}

fn fill_elided(
    shapes: &mut Map<String, Value>,
    file: &str,
    e: &Elided,
    diags: &mut Vec<Diagnostic>,
) {
    let member_id = format!("{}${}", e.shape, e.member);
    let from_resource = match &e.resource {
        Some(r) => match shapes.get(r) {
            Some(res) if res.get("type").and_then(Value::as_str) == Some("resource") => {
                ["identifiers", "properties"]
                    .iter()
                    .find_map(|p| {
                        res.get(*p)
                            .and_then(|m| m.get(&e.member))
                            .and_then(target_of)
                    })
                    .map(str::to_owned)
            }
            Some(other) => {
                let kind = other
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown");
                diags.push(
                    Diagnostic::error(
                        e.shape.clone(),
                        format!(
                            "The target of the `for` production must be a resource shape, but found a {kind} shape: {r}"
                        ),
                    )
                    .in_file(file),
                );
                return;
            }
            None => {
                diags.push(
                    Diagnostic::error(
                        e.shape.clone(),
                        format!("`for` names {r}, which does not exist"),
                    )
                    .in_file(file),
                );
                return;
            }
        },
        None => None,
    };
    let target = from_resource.or_else(|| mixin_member(shapes, &e.shape, &e.member, 0));
    let Some(target) = target else {
        diags.push(
            Diagnostic::error(
                member_id,
                "Member target was elided, but no bound resource or mixin contained a matching identifier or member name.",
            )
            .in_file(file),
        );
        return;
    };
    if let Some(Value::Object(m)) = shapes
        .get_mut(&e.shape)
        .and_then(|s| own_member_mut(s, &e.member))
    {
        m.insert("target".to_owned(), Value::String(target));
    }
}

/// A string enum member without `enumValue` has its name as value, unless it redefines a
/// mixin's member, whose value it then inherits.
fn implicit_enum_values(shapes: &mut Map<String, Value>) {
    let mut missing = Vec::new();
    for (id, shape) in shapes.iter() {
        if shape.get("type").and_then(Value::as_str) != Some("enum") {
            continue;
        }
        for (name, m) in shape
            .get("members")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !has_trait(m, "smithy.api#enumValue") && mixin_member(shapes, id, name, 0).is_none()
            {
                missing.push((id.clone(), name.clone()));
            }
        }
    }
    for (id, name) in missing {
        if let Some(m) = shapes.get_mut(&id).and_then(|s| own_member_mut(s, &name)) {
            set_trait(m, "smithy.api#enumValue", Value::String(name));
        }
    }
}

fn apply(
    shapes: &mut Map<String, Value>,
    file: &str,
    target: &str,
    traits: Map<String, Value>,
    diags: &mut Vec<Diagnostic>,
) {
    let (shape_id, member) = match target.split_once('$') {
        Some((s, m)) => (s, Some(m)),
        None => (target, None),
    };
    let report = |diags: &mut Vec<Diagnostic>, msg: String| {
        diags.push(Diagnostic::error(target.to_owned(), msg).in_file(file));
    };
    if shape_id.starts_with("smithy.api#") && !builtin::is_builtin_file(file) {
        let names: Vec<String> = traits.keys().map(|t| format!("`{t}`")).collect();
        let msg = format!(
            "Cannot apply {} to an immutable prelude shape defined in `smithy.api`",
            names.join(", ")
        );
        return report(diags, msg);
    }
    if !shapes.contains_key(shape_id) {
        return report(
            diags,
            "`apply` targets a shape that does not exist".to_owned(),
        );
    }
    // A member that comes from a mixin is written into the shape, with the mixin's target, so
    // that the applied traits have somewhere to go; flattening merges it with the mixin's.
    if let Some(m) = member {
        let exists = shapes
            .get(shape_id)
            .and_then(|s| own_member(s, m))
            .is_some();
        if !exists {
            let Some(t) = mixin_member(shapes, shape_id, m, 0) else {
                return report(
                    diags,
                    "`apply` targets a member that does not exist".to_owned(),
                );
            };
            let mut new = Map::new();
            new.insert("target".to_owned(), Value::String(t));
            if let Some(shape) = shapes.get_mut(shape_id) {
                match shape.get_mut("members") {
                    Some(Value::Object(ms)) => {
                        ms.insert(m.to_owned(), Value::Object(new));
                    }
                    _ => {
                        if let Value::Object(o) = shape {
                            o.insert(m.to_owned(), Value::Object(new));
                        }
                    }
                }
            }
        }
    }
    let Some(shape) = shapes.get_mut(shape_id) else {
        return;
    };
    let owner = match member {
        Some(m) => own_member_mut(shape, m),
        None => Some(shape),
    };
    let Some(Value::Object(owner)) = owner else {
        return report(
            diags,
            "`apply` targets a shape that is not a JSON object".to_owned(),
        );
    };
    let existing = owner
        .entry("traits")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(existing) = existing else {
        return report(diags, "`traits` must be an object".to_owned());
    };
    for (name, value) in traits {
        if let Err(msg) = merge_trait(existing, &name, value) {
            report(diags, msg);
        }
    }
}
