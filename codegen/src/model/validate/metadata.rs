//! The validators a model asks for in `metadata validators`: `EmitEachSelector` (an event
//! for each shape the selector matches), `EmitNoneSelector` (one event when it matches
//! nothing), and an `UnknownValidator_<name>` warning for a validator this generator does
//! not have. Each entry's `id` (default: its `name`), `message`, `severity` (default
//! `DANGER`) and `namespaces` (the shapes it reports on) are read as Smithy reads them.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::model::selector::Selector;

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    let entries = model
        .metadata
        .get("validators")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object);
    for entry in entries {
        let Some(name) = entry.get("name").and_then(Value::as_str) else {
            continue;
        };
        let id = entry.get("id").and_then(Value::as_str).unwrap_or(name);
        let severity = match entry.get("severity").and_then(Value::as_str) {
            Some("WARNING" | "NOTE") => Severity::Warning,
            Some("ERROR") => Severity::Error,
            _ => Severity::Danger,
        };
        let namespaces: Vec<&str> = entry
            .get("namespaces")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let selector = entry
            .get("configuration")
            .and_then(|c| c.get("selector"))
            .and_then(Value::as_str);
        let make = |shape: Option<String>, message: String| {
            model.locate(Diagnostic::new(severity, shape, message).with_id(id))
        };
        match (name, selector) {
            ("EmitEachSelector" | "EmitNoneSelector", None) => events.push(make(
                None,
                format!("validator `{id}` ({name}) needs `configuration.selector`"),
            )),
            ("EmitEachSelector", Some(text)) => match Selector::parse(text) {
                Ok(selector) => {
                    let message = entry
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("Selector capture matched selector");
                    for node in selector.select(model) {
                        let shape = node.root_shape();
                        let in_scope = !model.is_builtin(&shape.id)
                            && (namespaces.is_empty()
                                || namespaces.contains(&shape.id.namespace()));
                        if in_scope {
                            events.push(make(Some(node.id()), message.to_owned()));
                        }
                    }
                }
                Err(e) => events.push(make(None, format!("validator `{id}`: {e}"))),
            },
            ("EmitNoneSelector", Some(text)) => match Selector::parse(text) {
                Ok(selector) => {
                    let any = selector
                        .select(model)
                        .iter()
                        .any(|n| !model.is_builtin(&n.root_shape().id));
                    if !any {
                        let message = entry
                            .get("message")
                            .and_then(Value::as_str)
                            .unwrap_or("Selector matched no shapes");
                        events.push(make(None, message.to_owned()));
                    }
                }
                Err(e) => events.push(make(None, format!("validator `{id}`: {e}"))),
            },
            _ => events.push(
                Diagnostic::warning(None, format!("Unable to locate a validator named `{name}`"))
                    .with_id(format!("UnknownValidator_{name}")),
            ),
        }
    }
}
