//! `DefaultTrait`: a default value is a value of the member it is the default of, within the
//! member's and its target's constraints. A default that breaks them would make every
//! server reject the requests that leave the member out.

use super::node::Walk;
use super::own_shapes;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    for shape in own_shapes(model) {
        if let Some(value) = shape.traits.default.as_ref().filter(|v| !v.is_null()) {
            let mut walk = Walk::new(model);
            walk.zero_range_is_warning = true;
            // The shape's own traits are the constraints; checking it as its own target.
            walk.check("", value, &shape.id, None);
            report(model, shape.id.to_string(), walk.problems, events);
        }
        for m in shape.members() {
            let Some(value) = m.traits.default.as_ref().filter(|v| !v.is_null()) else {
                continue;
            };
            let mut walk = Walk::new(model);
            walk.zero_range_is_warning = true;
            walk.check("", value, &m.target, Some(&m.traits));
            report(model, shape.id.member(&m.name), walk.problems, events);
        }
    }
}

fn report(
    model: &Model,
    owner: String,
    problems: Vec<(Severity, String)>,
    events: &mut Vec<Diagnostic>,
) {
    for (severity, problem) in problems {
        let message = format!("Error validating @default trait: {problem}");
        let d = Diagnostic::new(severity, owner.clone(), message).with_id("DefaultTrait");
        events.push(model.locate(d));
    }
}
