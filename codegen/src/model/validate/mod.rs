//! Model validation: the checks Smithy's reference validators make on a loaded model, each
//! finding an event with Smithy's event id (`HttpLabelTrait`, `DefaultTrait`...) so that
//! suppressions can name it.
//!
//! Loading ([`super::load`]) proves the model is well formed (every reference resolves, every
//! trait is defined and has the JSON type its shape takes); these validators then check what
//! the model means. They run only on a model that loaded without errors, as Smithy's do, and
//! never on the built-in definitions' own shapes. Suppressions (`@suppress`, `metadata
//! suppressions`) and `metadata severityOverrides` apply last ([`suppress`]).

mod defaults;
mod enums;
mod exclusive;
mod http;
mod http_semantics;
mod metadata;
mod node;
mod resource;
mod streaming;
mod suppress;
mod targets;
mod trait_target;
mod trait_value;

use super::{Model, Shape, ShapeId};
use crate::diagnostic::Diagnostic;

/// Validates a loaded model, adding what it finds to `diags`; suppressed events are dropped.
pub(super) fn validate(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut events = Vec::new();
    trait_target::check(model, &mut events);
    trait_value::check(model, &mut events);
    defaults::check(model, &mut events);
    enums::check(model, &mut events);
    exclusive::check(model, &mut events);
    http::check(model, &mut events);
    http_semantics::check(model, &mut events);
    streaming::check(model, &mut events);
    metadata::check(model, &mut events);
    targets::check(model, &mut events);
    resource::check(model, &mut events);
    suppress::apply(model, &mut events);
    diags.extend(events);
}

/// The model's own shapes (not the built-in definitions), in id order.
fn own_shapes(model: &Model) -> impl Iterator<Item = &Shape> {
    model.shapes.values().filter(|s| !model.is_builtin(&s.id))
}

/// The shape a member id (`ns#Shape$member`) or shape id names.
fn root_of(id: &str) -> Option<ShapeId> {
    ShapeId::parse(id.split('$').next().unwrap_or(id))
}

/// "a string", "an integer": the shape's type with its indefinite article, for messages.
fn a_shape(shape: &Shape) -> String {
    let name = shape.type_name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}
