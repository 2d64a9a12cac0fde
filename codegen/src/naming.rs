//! Naming: the symbol provider that maps model names to Rust identifiers.
//!
//! All names are decided here, before emitting, so that collisions (after case conversion, with
//! Rust keywords, with the names the generator itself adds) are resolved in one place, the same
//! way on every run: candidates are processed in shape-id order and a later claimant of a taken
//! name gets the lowest free numeric suffix.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::{Closure, Model, ShapeId, ShapeKind};

/// Rust keywords (strict and reserved, all editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "union",
];

/// Keywords that cannot be raw identifiers, so they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Names `error.rs` imports from the support module besides the reserved ones (the type names
/// the support modules define, `emit::support::reserved_types`). Only the items
/// of that module (error shapes, operation error enums) must avoid them; a structure named
/// `ServiceError` lives in `types.rs` and keeps its name.
const ERROR_MODULE_IMPORTS: &[&str] = &["ServiceError"];

/// The name of the catch-all variant of enums, intEnums and unions.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Every identifier the emitted crate uses for model things.
#[derive(Debug, Clone, Default)]
pub struct Names {
    types: BTreeMap<ShapeId, String>,
    builders: BTreeMap<ShapeId, String>,
    operation_errors: BTreeMap<ShapeId, String>,
    /// Variant names of each operation error enum, by error shape.
    operation_error_variants: BTreeMap<ShapeId, BTreeMap<ShapeId, String>>,
    /// Field names of structures, variant names of enums and unions.
    members: BTreeMap<ShapeId, BTreeMap<String, String>>,
    /// Every item name the emitted modules define or import: types, builders, operation error
    /// enums, operations and the support names.
    items: BTreeSet<String>,
}

impl Names {
    pub fn new(model: &Model, closure: &Closure) -> Self {
        let mut names = Names::default();
        let mut taken: BTreeSet<String> = crate::emit::support::reserved_types()
            .map(str::to_owned)
            .collect();
        let emitted: Vec<&ShapeId> = closure
            .shapes
            .iter()
            .filter(|id| {
                !id.is_prelude()
                    && model.get(id).is_some_and(|s| {
                        matches!(
                            s.kind,
                            ShapeKind::Structure(_)
                                | ShapeKind::Union(_)
                                | ShapeKind::Enum(_)
                                | ShapeKind::IntEnum(_)
                        ) || is_enum_string(s)
                    })
            })
            .collect();
        // Model shapes first: their names are what users read in the model.
        for id in &emitted {
            let wanted = type_ident(id.name());
            let name = if model.expect(id).traits.error.is_some() {
                claim_error_item(&mut taken, &wanted)
            } else {
                claim(&mut taken, &wanted)
            };
            names.types.insert((*id).clone(), name);
        }
        for id in &emitted {
            if matches!(model.expect(id).kind, ShapeKind::Structure(_)) {
                let name = claim(
                    &mut taken,
                    &format!("{}Builder", names.types[*id].trim_end_matches('_')),
                );
                names.builders.insert((*id).clone(), name);
            }
        }
        for (op, errors) in &closure.operations {
            let name = claim_error_item(&mut taken, &type_ident(&format!("{}Error", op.name())));
            names.operation_errors.insert(op.clone(), name);
            let mut used: BTreeSet<String> = [UNKNOWN_VARIANT.to_owned()].into();
            let variants = errors
                .iter()
                .map(|e| {
                    (
                        e.clone(),
                        claim(
                            &mut used,
                            names.types.get(e).map_or(e.name(), String::as_str),
                        ),
                    )
                })
                .collect();
            names.operation_error_variants.insert(op.clone(), variants);
        }
        for id in &emitted {
            let shape = model.expect(id);
            let mut members = BTreeMap::new();
            match &shape.kind {
                ShapeKind::Structure(ms) => {
                    // Builders have a `build` method; keep member setters clear of it.
                    let mut used: BTreeSet<String> = ["build".to_owned()].into();
                    for m in ms {
                        members.insert(m.name.clone(), claim(&mut used, &field_ident(&m.name)));
                    }
                }
                ShapeKind::Union(ms) | ShapeKind::Enum(ms) | ShapeKind::IntEnum(ms) => {
                    let mut used: BTreeSet<String> = [UNKNOWN_VARIANT.to_owned()].into();
                    for m in ms {
                        members.insert(m.name.clone(), claim(&mut used, &variant_ident(&m.name)));
                    }
                }
                ShapeKind::Simple(_) => {
                    // A Smithy 1.0 `enum` trait on a string: variants from names, else values.
                    let mut used: BTreeSet<String> = [UNKNOWN_VARIANT.to_owned()].into();
                    for def in shape.traits.enum_definitions.iter().flatten() {
                        let source = def.name.as_deref().unwrap_or(&def.value);
                        members.insert(def.value.clone(), claim(&mut used, &variant_ident(source)));
                    }
                }
                _ => {}
            }
            names.members.insert((*id).clone(), members);
        }
        // Operations live in a module of their own, so their names are not claimed.
        taken.extend(closure.operations.keys().map(|op| type_ident(op.name())));
        taken.extend(ERROR_MODULE_IMPORTS.iter().map(|name| (*name).to_owned()));
        names.items = taken;
        names
    }

    /// Whether an emitted module may define or import an item named `name` (which would
    /// shadow a prelude item of that name).
    pub fn defines(&self, name: &str) -> bool {
        self.items.contains(name)
    }

    /// The Rust type name of a structure, union or enum shape.
    pub fn type_name(&self, id: &ShapeId) -> &str {
        self.types.get(id).map_or("", String::as_str)
    }

    pub fn has_type(&self, id: &ShapeId) -> bool {
        self.types.contains_key(id)
    }

    pub fn builder_name(&self, id: &ShapeId) -> &str {
        self.builders.get(id).map_or("", String::as_str)
    }

    pub fn operation_error_name(&self, op: &ShapeId) -> &str {
        self.operation_errors.get(op).map_or("", String::as_str)
    }

    /// The variant of an operation's error enum that holds `error`.
    pub fn operation_error_variant(&self, op: &ShapeId, error: &ShapeId) -> &str {
        self.operation_error_variants
            .get(op)
            .and_then(|m| m.get(error))
            .map_or("", String::as_str)
    }

    /// The field or variant name of a member (for 1.0 enum traits: of a value).
    pub fn member_name(&self, shape: &ShapeId, member: &str) -> &str {
        self.members
            .get(shape)
            .and_then(|m| m.get(member))
            .map_or("", String::as_str)
    }
}

/// Whether a string shape is a Smithy 1.0 enum (has the `enum` trait).
pub fn is_enum_string(shape: &crate::model::Shape) -> bool {
    matches!(shape.kind, ShapeKind::Simple(crate::model::Simple::String))
        && shape.traits.enum_definitions.is_some()
}

/// Claims `wanted`, or `wanted2`, `wanted3`... whichever is free first.
fn claim(taken: &mut BTreeSet<String>, wanted: &str) -> String {
    let mut candidate = wanted.to_owned();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{wanted}{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Claims a name for an item of `error.rs`, which must also avoid [`ERROR_MODULE_IMPORTS`].
fn claim_error_item(taken: &mut BTreeSet<String>, wanted: &str) -> String {
    let held: Vec<&str> = ERROR_MODULE_IMPORTS
        .iter()
        .copied()
        .filter(|name| taken.insert((*name).to_owned()))
        .collect();
    let name = claim(taken, wanted);
    for name in held {
        taken.remove(name);
    }
    name
}

/// An UpperCamelCase identifier for a type.
pub fn type_ident(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    escape(
        if camel.is_empty() {
            "Shape".to_owned()
        } else {
            camel
        },
        "V",
    )
}

/// An UpperCamelCase identifier for an enum or union variant.
pub fn variant_ident(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    if camel.is_empty() {
        "Empty".to_owned()
    } else {
        escape(camel, "V")
    }
}

/// A snake_case identifier for a field.
pub fn field_ident(name: &str) -> String {
    let snake = name.to_snake_case();
    escape(
        if snake.is_empty() {
            "field".to_owned()
        } else {
            snake
        },
        "n",
    )
}

/// Makes an identifier legal: a leading digit gets `digit_prefix`, keywords become raw identifiers
/// (`r#type`), or get a trailing `_` where Rust forbids raw forms (`self_`, `Self_`).
fn escape(ident: String, digit_prefix: &str) -> String {
    // Identifiers cannot start with a digit.
    let ident = if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{ident}")
    } else {
        ident
    };
    if NOT_RAW.contains(&ident.as_str()) {
        format!("{ident}_")
    } else if KEYWORDS.contains(&ident.as_str()) {
        format!("r#{ident}")
    } else {
        ident
    }
}

/// Builds a `proc_macro2` identifier from a name decided here (raw identifiers included).
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_keywords() {
        assert_eq!(field_ident("DomainName"), "domain_name");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident("crate"), "crate_");
        assert_eq!(type_ident("Self"), "Self_");
        assert_eq!(type_ident("getWorkflow"), "GetWorkflow");
        assert_eq!(variant_ident("NOT_STARTED"), "NotStarted");
        assert_eq!(variant_ident("t2.micro"), "T2Micro");
        assert_eq!(variant_ident("1x"), "V1x");
        assert_eq!(field_ident("1x"), "n1x");
    }

    #[test]
    fn collisions_take_numeric_suffixes_in_order() {
        let mut taken = BTreeSet::new();
        assert_eq!(claim(&mut taken, "Foo"), "Foo");
        assert_eq!(claim(&mut taken, "Foo"), "Foo2");
        assert_eq!(claim(&mut taken, "Foo"), "Foo3");
    }
}
