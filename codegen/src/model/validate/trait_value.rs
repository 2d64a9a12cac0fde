//! `TraitValue`: each applied trait's value is a value of the trait's shape (its members,
//! their types and constraints), as Smithy checks them.

use super::node::Walk;
use super::own_shapes;
use crate::diagnostic::Diagnostic;
use crate::model::selector::members_of;
use crate::model::{Model, ShapeId, Traits};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    for shape in own_shapes(model) {
        check_traits(model, shape.id.to_string(), &shape.traits, events);
        for m in members_of(shape) {
            check_traits(model, shape.id.member(&m.name), &m.traits, events);
        }
    }
}

fn check_traits(model: &Model, owner: String, traits: &Traits, events: &mut Vec<Diagnostic>) {
    for (name, value) in &traits.raw {
        let Some(trait_shape) = ShapeId::parse(name) else {
            continue;
        };
        let mut walk = Walk::new(model);
        walk.check("", value, &trait_shape, None);
        for (severity, problem) in walk.problems {
            let message = format!("Error validating trait `{name}`: {problem}");
            let d = Diagnostic::new(severity, owner.clone(), message).with_id("TraitValue");
            events.push(model.locate(d));
        }
    }
}
