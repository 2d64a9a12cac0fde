//! `Target`: every reference a shape makes is to a shape of the kind that relationship takes
//! (an operation's input is a structure without `@error`, its errors are `@error` structures,
//! a service binds operations and resources, a resource's identifiers are strings...), and
//! nothing but a trait application refers to a trait definition. `DeprecatedShape.<id>`: a
//! warning for each reference to a `@deprecated` shape, with its message and version.
//!
//! Loading already proved that every reference resolves and that no member targets an
//! operation, service or resource; these are the rules that depend on what the target is.

use serde_json::Value;

use super::{a_shape, own_shapes};
use crate::diagnostic::Diagnostic;
use crate::model::{Model, Shape, ShapeId, ShapeKind, Simple};

/// What a reference is, which decides what it may target.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rel {
    Member,
    Input,
    Output,
    Error,
    Operation,
    Resource,
    Identifier,
    Property,
}

impl Rel {
    fn name(self) -> &'static str {
        match self {
            Rel::Member => "member",
            Rel::Input => "input",
            Rel::Output => "output",
            Rel::Error => "error",
            Rel::Operation => "operation",
            Rel::Resource => "resource",
            Rel::Identifier => "identifier",
            Rel::Property => "property",
        }
    }

    /// How the deprecation warning starts, per relationship.
    fn deprecated_use(self) -> &'static str {
        match self {
            Rel::Member => "Member targets a deprecated shape",
            Rel::Input => "Operation input targets a deprecated shape",
            Rel::Output => "Operation output targets a deprecated shape",
            Rel::Error => "Operation error targets a deprecated shape",
            Rel::Operation => "Binds a deprecated operation",
            Rel::Resource => "Binds a deprecated resource",
            Rel::Identifier => "Resource identifier targets a deprecated shape",
            Rel::Property => "Resource property targets a deprecated shape",
        }
    }
}

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    for shape in own_shapes(model) {
        for (rel, target, from) in references(shape) {
            let Some(target) = model.get(target) else {
                continue;
            };
            if let Some(message) = problem(rel, target) {
                let d = Diagnostic::error(from, message).with_id("Target");
                events.push(model.locate(d));
            } else if let Some(d) = deprecated(rel, target, from) {
                events.push(model.locate(d));
            }
        }
    }
}

/// The shape's references with what each is, and the shape or member id that makes it.
fn references(shape: &Shape) -> Vec<(Rel, &ShapeId, String)> {
    let own = || shape.id.to_string();
    let mut out = Vec::new();
    match &shape.kind {
        ShapeKind::Simple(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {}
        ShapeKind::List(_)
        | ShapeKind::Map { .. }
        | ShapeKind::Structure(_)
        | ShapeKind::Union(_) => {
            let members: Vec<_> = match &shape.kind {
                ShapeKind::Map { key, value } => vec![key, value],
                _ => shape.members().iter().collect(),
            };
            for m in members {
                out.push((Rel::Member, &m.target, shape.id.member(&m.name)));
            }
        }
        ShapeKind::Operation {
            input,
            output,
            errors,
        } => {
            for (rel, id) in [(Rel::Input, input), (Rel::Output, output)] {
                if !Model::is_unit(id) {
                    out.push((rel, id, own()));
                }
            }
            out.extend(errors.iter().map(|e| (Rel::Error, e, own())));
        }
        ShapeKind::Service {
            operations,
            resources,
            errors,
            ..
        } => {
            out.extend(operations.iter().map(|o| (Rel::Operation, o, own())));
            out.extend(resources.iter().map(|r| (Rel::Resource, r, own())));
            out.extend(errors.iter().map(|e| (Rel::Error, e, own())));
        }
        ShapeKind::Resource(r) => {
            out.extend(r.identifiers.values().map(|t| (Rel::Identifier, t, own())));
            out.extend(r.properties.values().map(|t| (Rel::Property, t, own())));
            out.extend(r.all_operations().map(|o| (Rel::Operation, o, own())));
            out.extend(r.resources.iter().map(|c| (Rel::Resource, c, own())));
        }
    }
    out
}

/// Why `target` cannot be the target of a `rel` reference, if it cannot.
fn problem(rel: Rel, target: &Shape) -> Option<String> {
    if target.traits.raw.contains_key("smithy.api#trait") {
        return Some(format!(
            "this {} reference is to the trait definition `{}`: a trait definition can only be applied as a trait",
            rel.name(),
            target.id
        ));
    }
    let is_error = target.traits.error.is_some();
    let wrong = |wanted: &str| {
        Some(format!(
            "{} relationships must target {wanted}, but `{}` is {}",
            rel.name(),
            target.id,
            a_shape(target)
        ))
    };
    match (rel, &target.kind) {
        (Rel::Member, _) => None,
        (Rel::Input | Rel::Output, ShapeKind::Structure(_)) if is_error => Some(format!(
            "the operation {} `{}` is marked with the `error` trait, which only errors may be",
            rel.name(),
            target.id
        )),
        (Rel::Input | Rel::Output, ShapeKind::Structure(_)) => None,
        (Rel::Input | Rel::Output, _) => wrong("a structure"),
        (Rel::Error, ShapeKind::Structure(_)) if !is_error => Some(format!(
            "`{}` cannot be bound as an error: it is not marked with the `error` trait",
            target.id
        )),
        (Rel::Error, ShapeKind::Structure(_)) => None,
        (Rel::Error, _) => wrong("a structure with the `error` trait"),
        (Rel::Operation, ShapeKind::Operation { .. }) => None,
        (Rel::Operation, _) => wrong("an operation"),
        (Rel::Resource, ShapeKind::Resource(_)) => None,
        (Rel::Resource, _) => wrong("a resource"),
        (Rel::Identifier, ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)) => None,
        (Rel::Identifier, _) => wrong("a string or an enum"),
        (
            Rel::Property,
            ShapeKind::Operation { .. } | ShapeKind::Service { .. } | ShapeKind::Resource(_),
        ) => wrong("a shape that can be a member target"),
        (Rel::Property, _) => None,
    }
}

/// The warning for a reference to a `@deprecated` shape.
fn deprecated(rel: Rel, target: &Shape, from: String) -> Option<Diagnostic> {
    let value = target.traits.raw.get("smithy.api#deprecated")?;
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    let mut message = format!("{}, {}", rel.deprecated_use(), target.id);
    if let Some(why) = text("message") {
        message.push_str(". ");
        message.push_str(why);
    }
    if let Some(since) = text("since") {
        message.push_str(&format!(" (since {since})"));
    }
    Some(Diagnostic::warning(from, message).with_id(format!("DeprecatedShape.{}", target.id)))
}
