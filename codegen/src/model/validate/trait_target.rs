//! `TraitTarget`: each applied trait is on a shape its definition's selector matches
//! (`@trait(selector: ...)`, `*` when it has none), and `TraitConflict`: no shape has two
//! traits one of whose definitions lists the other in `conflicts`.

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::model::selector::{Node, SelectorCache, members_of};
use crate::model::{Model, ShapeId, Traits};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    let mut cache = SelectorCache::new(model);
    for shape in super::own_shapes(model) {
        check_node(model, &mut cache, Node::shape(shape), &shape.traits, events);
        for m in members_of(shape) {
            check_node(model, &mut cache, Node::member(shape, m), &m.traits, events);
        }
    }
}

fn check_node<'m>(
    model: &'m Model,
    cache: &mut SelectorCache<'m>,
    node: Node<'m>,
    traits: &Traits,
    events: &mut Vec<Diagnostic>,
) {
    for name in traits.raw.keys() {
        let Some(definition) = ShapeId::parse(name).and_then(|id| model.get(&id)) else {
            continue;
        };
        let Some(trait_value) = definition.traits.raw.get("smithy.api#trait") else {
            continue;
        };
        let selector = trait_value
            .get("selector")
            .and_then(Value::as_str)
            .unwrap_or("*");
        match cache.matches(selector, node) {
            Ok(true) => {}
            Ok(false) => {
                let d = Diagnostic::error(
                    node.id(),
                    format!(
                        "Trait `{name}` cannot be applied to `{}`. This trait may only be applied to shapes that match the following selector: {selector}",
                        node.id()
                    ),
                );
                events.push(model.locate(d.with_id("TraitTarget")));
            }
            Err(e) => {
                let d = Diagnostic::error(
                    name.clone(),
                    format!("the selector of trait `{name}` is not valid: {e}"),
                );
                events.push(model.locate(d.with_id("TraitTarget")));
            }
        }
        let conflicts = trait_value
            .get("conflicts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        for other in conflicts {
            // Each pair is reported once, from the trait that sorts first.
            if traits.raw.contains_key(other) && name.as_str() < other {
                let d = Diagnostic::error(
                    node.id(),
                    format!(
                        "Found conflicting traits on `{}`: `{name}` and `{other}`",
                        node.id()
                    ),
                );
                events.push(model.locate(d.with_id("TraitConflict")));
            }
        }
    }
}
