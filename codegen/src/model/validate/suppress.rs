//! Suppressions and severity overrides, as Smithy applies them to validation events:
//!
//! - `@suppress(["Id"])` on a shape silences events of that id on the shape and its members;
//!   on a member, events on that member;
//! - `metadata suppressions = [{ id, namespace, reason }]` silences events of that id on
//!   shapes of that namespace (`*`: every namespace, and events on no shape);
//! - `metadata severityOverrides = [{ id, namespace, severity }]` raises events of that id to
//!   `WARNING` or `DANGER` (never lowers them).
//!
//! An id matches an event whose id is the same or starts with it followed by `.`
//! (`HttpLabelTrait` matches `HttpLabelTrait.Greedy`). Errors are never suppressed.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::selector::members_of;
use crate::model::{Model, ShapeId};

pub(super) fn apply(model: &Model, events: &mut Vec<Diagnostic>) {
    let rules = |key: &str| -> Vec<&serde_json::Map<String, Value>> {
        model
            .metadata
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .collect()
    };
    let overrides = rules("severityOverrides");
    let suppressions = rules("suppressions");
    for e in events.iter_mut() {
        for o in &overrides {
            let raised = match o.get("severity").and_then(Value::as_str) {
                Some("WARNING") => Severity::Warning,
                Some("DANGER") => Severity::Danger,
                _ => continue,
            };
            if rule_matches(o, e) && raised > e.severity {
                e.severity = raised;
            }
        }
    }
    events.retain(|e| {
        if e.severity == Severity::Error {
            return true;
        }
        let by_metadata = suppressions.iter().any(|s| rule_matches(s, e));
        !(by_metadata || suppressed_by_trait(model, e))
    });
}

fn id_matches(rule: &str, event: Option<&str>) -> bool {
    event.is_some_and(|e| {
        e == rule
            || e.strip_prefix(rule)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// A `suppressions` or `severityOverrides` entry's `id` and `namespace` match the event.
fn rule_matches(rule: &serde_json::Map<String, Value>, e: &Diagnostic) -> bool {
    let Some(id) = rule.get("id").and_then(Value::as_str) else {
        return false;
    };
    if !id_matches(id, e.id.as_deref()) {
        return false;
    }
    match rule.get("namespace").and_then(Value::as_str) {
        Some("*") => true,
        Some(ns) => e
            .shape
            .as_deref()
            .and_then(super::root_of)
            .is_some_and(|s| s.namespace() == ns),
        None => false,
    }
}

fn suppressed_by_trait(model: &Model, e: &Diagnostic) -> bool {
    let Some(shape_id) = e.shape.as_deref() else {
        return false;
    };
    let (root, member) = match shape_id.split_once('$') {
        Some((r, m)) => (r, Some(m)),
        None => (shape_id, None),
    };
    let Some(shape) = ShapeId::parse(root).and_then(|id| model.get(&id)) else {
        return false;
    };
    let lists = |traits: &crate::model::Traits| -> bool {
        traits
            .raw
            .get("smithy.api#suppress")
            .and_then(Value::as_array)
            .is_some_and(|ids| {
                ids.iter()
                    .filter_map(Value::as_str)
                    .any(|id| id_matches(id, e.id.as_deref()))
            })
    };
    let on_member =
        member.is_some_and(|name| members_of(shape).any(|m| m.name == name && lists(&m.traits)));
    on_member || lists(&shape.traits)
}
