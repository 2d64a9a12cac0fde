//! Smithy 1.0 files: the 2.0 features they may not use, and their shapes given 2.0 meaning
//! (the implicit zero values of 1.0 written as `@default`).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::Assembled;
use crate::diagnostic::Diagnostic;
use crate::model::json_ast::{has_trait, members_of, set_trait, target_of};
use crate::model::prelude_names;

/// Features Smithy 1.0 files may not use.
pub(super) fn check_v1(model: &Assembled, v1: &HashSet<String>, diags: &mut Vec<Diagnostic>) {
    for id in v1 {
        let Some(shape) = model.shapes.get(id) else {
            continue;
        };
        let file = model.files.get(id).map_or("", String::as_str);
        if has_trait(shape, "smithy.api#mixin") {
            diags.push(
                Diagnostic::error(
                    id.clone(),
                    format!(
                        "Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to `{id}` in a model file using version `1.0`."
                    ),
                )
                .in_file(file),
            );
        }
        let all = members_of(shape);
        if has_trait(shape, "smithy.api#default") {
            diags.push(
                Diagnostic::error(
                    id.clone(),
                    "The @default trait can only be used in Smithy 2.0 or later",
                )
                .in_file(file),
            );
        }
        for (name, m) in all {
            if has_trait(m, "smithy.api#default") {
                diags.push(
                    Diagnostic::error(
                        format!("{id}${name}"),
                        "The @default trait can only be used in Smithy 2.0 or later",
                    )
                    .in_file(file),
                );
            }
        }
    }
}

/// Types that had a zero value in Smithy 1.0 unless boxed.
const HAD_ZERO_VALUE: &[&str] = &[
    "byte", "short", "integer", "long", "float", "double", "boolean", "intEnum",
];

fn zero_of(kind: &str) -> Value {
    if kind == "boolean" {
        Value::Bool(false)
    } else {
        Value::from(0)
    }
}

/// Gives Smithy 1.0 shapes their 2.0 meaning, as Smithy does when it loads them: a number or
/// boolean shape that is not `@box`ed had a zero value, so it gets `@default(0)` (or `false`),
/// and so do the structure members that target such shapes; a `@box`ed member gets
/// `@default(null)`; an optional member streaming a blob gets `@default("")`.
pub(super) fn upgrade_v1(shapes: &mut Map<String, Value>, v1: &HashSet<String>) {
    if v1.is_empty() {
        return;
    }
    let kind_of = |shapes: &Map<String, Value>, id: &str| -> String {
        shapes
            .get(id)
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str)
            .or_else(|| prelude_names::type_of(id))
            .unwrap_or("")
            .to_owned()
    };
    let mut ids: Vec<&String> = v1.iter().collect();
    ids.sort();
    for id in &ids {
        let Some(shape) = shapes.get_mut(id.as_str()) else {
            continue;
        };
        let kind = shape
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if HAD_ZERO_VALUE.contains(&kind.as_str())
            && !has_trait(shape, "smithy.api#box")
            && !has_trait(shape, "smithy.api#default")
        {
            set_trait(shape, "smithy.api#default", zero_of(&kind));
        }
    }
    // A target is boxed (nullable in 1.0) when it says so, or when it is a 2.0 (or prelude)
    // number or boolean without a zero default.
    let is_boxed = |shapes: &Map<String, Value>, target: &str, kind: &str| -> bool {
        let traits = shapes.get(target).and_then(|s| s.get("traits"));
        let has = |n: &str| traits.and_then(|t| t.get(n)).is_some();
        if has("smithy.api#box") {
            return true;
        }
        if !HAD_ZERO_VALUE.contains(&kind) || v1.contains(target) {
            return false;
        }
        let default = if shapes.contains_key(target) {
            traits.and_then(|t| t.get("smithy.api#default")).cloned()
        } else {
            target
                .strip_prefix("smithy.api#Primitive")
                .map(|_| zero_of(kind))
        };
        default != Some(zero_of(kind)) && default != Some(Value::from(0.0))
    };
    for id in ids {
        let Some(shape) = shapes.get(id.as_str()) else {
            continue;
        };
        if shape.get("type").and_then(Value::as_str) != Some("structure") {
            continue;
        }
        let Some(members) = shape.get("members").and_then(Value::as_object) else {
            continue;
        };
        let mut upgrades = Vec::new();
        for (name, m) in members {
            let Some(target) = target_of(m) else { continue };
            let kind = kind_of(shapes, target);
            let target_traits = shapes.get(target).and_then(|s| s.get("traits"));
            let streaming_blob = kind == "blob"
                && target_traits
                    .and_then(|t| t.get("smithy.api#streaming"))
                    .is_some()
                && !has_trait(m, "smithy.api#required");
            if has_trait(m, "smithy.api#default") {
                continue;
            }
            let member_boxed = has_trait(m, "smithy.api#box");
            if (HAD_ZERO_VALUE.contains(&kind.as_str()) || streaming_blob)
                && !member_boxed
                && !is_boxed(shapes, target, &kind)
            {
                let zero = if streaming_blob {
                    Value::String(String::new())
                } else {
                    zero_of(&kind)
                };
                upgrades.push((name.clone(), zero));
            } else if member_boxed {
                upgrades.push((name.clone(), Value::Null));
            }
        }
        if let Some(Value::Object(ms)) = shapes
            .get_mut(id.as_str())
            .and_then(|s| s.get_mut("members"))
        {
            for (name, value) in upgrades {
                if let Some(m) = ms.get_mut(&name) {
                    set_trait(m, "smithy.api#default", value);
                }
            }
        }
    }
}
