//! The checks merging makes of the whole merged model: each applied trait is a trait shape
//! and its value has the right JSON type; metadata that Smithy reads has the form it reads.

use serde_json::Value;

use super::{Assembled, LoadOptions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::json_ast::{has_trait, json_kind, members_of};

/// Each applied trait is a trait shape (`@trait`), defined by the model or built in, and its
/// value has the JSON type the trait's shape takes (deeper checks of trait values are the
/// validators' business, not loading's).
pub(super) fn check_traits(model: &Assembled, options: &LoadOptions, diags: &mut Vec<Diagnostic>) {
    let check = |owner: &str, traits: &Value, file: &str, diags: &mut Vec<Diagnostic>| {
        let Some(traits) = traits.as_object() else {
            return;
        };
        for (name, value) in traits {
            let kind = match model.shapes.get(name) {
                Some(shape) => {
                    if !has_trait(shape, "smithy.api#trait") {
                        // Reported on the shape, as Smithy does: that is where `@trait` goes.
                        let msg = format!(
                            "Shape `{name}` cannot be applied as a trait (it is applied to `{owner}`). If this is a custom trait, please add `@trait` to this shape."
                        );
                        let defined_in = model.files.get(name).map_or(file, String::as_str);
                        diags.push(Diagnostic::error(name.clone(), msg).in_file(defined_in));
                        continue;
                    }
                    shape.get("type").and_then(Value::as_str).unwrap_or("")
                }
                None => {
                    let msg = format!(
                        "Unable to resolve trait `{name}`: no shape of that id is defined in the model or built in. A custom trait must be defined (a shape with `@trait`)"
                    );
                    let severity = if options.allow_unknown_traits {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    diags.push(Diagnostic::new(severity, owner.to_owned(), msg).in_file(file));
                    continue;
                }
            };
            let fits = match kind {
                "structure" | "union" | "map" => value.is_object(),
                "list" | "set" => value.is_array(),
                "string" | "enum" | "blob" => value.is_string(),
                "boolean" => value.is_boolean(),
                "timestamp" => value.is_number() || value.is_string(),
                "byte" | "short" | "integer" | "long" | "float" | "double" | "bigInteger"
                | "bigDecimal" | "intEnum" => value.is_number(),
                _ => true,
            };
            if !fits {
                let msg = format!(
                    "Error validating trait `{name}`: expected a value for a {kind} shape, found {} value",
                    json_kind(value)
                );
                diags.push(Diagnostic::error(owner.to_owned(), msg).in_file(file));
            }
        }
    };
    for (id, shape) in &model.shapes {
        let file = model.files.get(id).map_or("", String::as_str);
        if let Some(t) = shape.get("traits") {
            check(id, t, file, diags);
        }
        for (name, member) in members_of(shape) {
            if let Some(t) = member.get("traits") {
                check(&format!("{id}${name}"), t, file, diags);
            }
        }
    }
}

/// Metadata keys Smithy itself reads must have the form it reads.
pub(super) fn check_metadata(model: &Assembled, diags: &mut Vec<Diagnostic>) {
    for key in ["validators", "suppressions"] {
        if let Some(v) = model.metadata.get(key).filter(|v| !v.is_array()) {
            diags.push(Diagnostic::error(
                None,
                format!("{key} must be an array. Found {}.", json_kind(v)),
            ));
        }
    }
}
