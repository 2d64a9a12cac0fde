//! `ExclusiveStructureMemberTrait`: a trait defined `structurallyExclusive: "member"` (such as
//! `@httpPayload`, `@eventPayload`, `@idempotencyToken`) is on at most one member of a
//! structure, and one defined `structurallyExclusive: "target"` (such as `@streaming`) is on
//! the targets of at most one: each names the one member that plays that part.

use serde_json::Value;

use super::own_shapes;
use crate::diagnostic::Diagnostic;
use crate::model::{Model, ShapeKind};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    // Trait definitions come from the whole model: the prelude defines the usual ones.
    let exclusive = |by: &str| -> Vec<&str> {
        model
            .shapes
            .values()
            .filter(|s| {
                s.traits
                    .raw
                    .get("smithy.api#trait")
                    .and_then(|t| t.get("structurallyExclusive"))
                    .and_then(Value::as_str)
                    == Some(by)
            })
            .map(|s| s.id.as_str())
            .collect()
    };
    let by_member = exclusive("member");
    let by_target = exclusive("target");
    for shape in own_shapes(model) {
        let ShapeKind::Structure(members) = &shape.kind else {
            continue;
        };
        for name in &by_member {
            let on: Vec<String> = members
                .iter()
                .filter(|m| m.traits.raw.contains_key(*name))
                .map(|m| format!("`{}`", m.name))
                .collect();
            if on.len() > 1 {
                let d = Diagnostic::error(
                    shape.id.to_string(),
                    format!(
                        "The `{}` trait may be on only one member of a structure, but it is on {}",
                        short(name),
                        on.join(", ")
                    ),
                );
                events.push(model.locate(d.with_id("ExclusiveStructureMemberTrait")));
            }
        }
        for name in &by_target {
            let on: Vec<String> = members
                .iter()
                .filter(|m| {
                    model
                        .get(&m.target)
                        .is_some_and(|t| t.traits.raw.contains_key(*name))
                })
                .map(|m| format!("`{}`", m.name))
                .collect();
            if on.len() > 1 {
                let d = Diagnostic::error(
                    shape.id.to_string(),
                    format!(
                        "Only one member of a structure may target a shape with the `{}` trait, but {} do",
                        short(name),
                        on.join(", ")
                    ),
                );
                events.push(model.locate(d.with_id("ExclusiveStructureMemberTrait")));
            }
        }
    }
}

/// A prelude trait by its short name (`httpPayload`), any other by its full id.
fn short(id: &str) -> &str {
    id.strip_prefix("smithy.api#").unwrap_or(id)
}
