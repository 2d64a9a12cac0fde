//! `StreamingTrait`: a `@streaming` shape (a byte stream blob or an event stream union) is
//! read from or written to the connection as it goes, so the structure holding it can only be
//! a whole operation input or output, never nested in another shape; an event stream's
//! members are all structures (each is one event); a member targeting a streaming blob is
//! `@required` or has a `@default` (the stream is always there, if empty); a
//! `@requiresLength` stream (whose length is sent first) is only an input; and when the
//! service's protocol binds `@httpPayload`, the stream is the payload (the body).
//! `EventPayloadTrait`: an event with an `@eventPayload` member puts every other member in
//! headers (`@eventHeader`), as the payload is the whole event body.

use std::collections::BTreeSet;

use serde_json::Value;

use super::own_shapes;
use crate::diagnostic::Diagnostic;
use crate::model::{Closure, Member, Model, Shape, ShapeId, ShapeKind, Simple};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    let containers = stream_containers(model);
    for shape in own_shapes(model) {
        referrers(model, shape, &containers, events);
        if shape.traits.streaming && matches!(shape.kind, ShapeKind::Union(_)) {
            union_members(model, shape, events);
        }
        if let ShapeKind::Structure(members) = &shape.kind {
            for m in members {
                blob_optional(model, shape, m, events);
            }
            event_payload(model, shape, members, events);
        }
    }
    for service in model.services().filter(|s| !model.is_builtin(&s.id)) {
        if binds_payload(model, service) {
            payloads(model, service, events);
        }
    }
}

fn is_streaming(model: &Model, id: &ShapeId) -> bool {
    model.get(id).is_some_and(|t| t.traits.streaming)
}

/// The structures with a member that targets a streaming shape.
fn stream_containers(model: &Model) -> BTreeSet<&ShapeId> {
    model
        .shapes
        .values()
        .filter(|s| matches!(s.kind, ShapeKind::Structure(_)))
        .filter(|s| s.members().iter().any(|m| is_streaming(model, &m.target)))
        .map(|s| &s.id)
        .collect()
}

/// Whether a structure holds a `@requiresLength` stream.
fn requires_length(model: &Model, container: &ShapeId) -> bool {
    model.get(container).is_some_and(|c| {
        c.members().iter().any(|m| {
            model
                .get(&m.target)
                .is_some_and(|t| t.traits.raw.contains_key("smithy.api#requiresLength"))
        })
    })
}

/// How `shape` refers to each stream container: as an operation input (fine), an output
/// (fine unless the stream requires a length), or any other way (an error: the stream would
/// be nested in something else).
fn referrers(
    model: &Model,
    shape: &Shape,
    containers: &BTreeSet<&ShapeId>,
    events: &mut Vec<Diagnostic>,
) {
    let error = |owner: String, message: String| {
        model.locate(Diagnostic::error(owner, message).with_id("StreamingTrait"))
    };
    match &shape.kind {
        ShapeKind::Operation { output, errors, .. } => {
            if containers.contains(output) && requires_length(model, output) {
                events.push(error(
                    output.to_string(),
                    format!(
                        "This structure holds a stream marked `@requiresLength`, so it can only be an operation input, but `{}` uses it as its output",
                        shape.id
                    ),
                ));
            }
            for e in errors.iter().filter(|e| containers.contains(e)) {
                events.push(error(
                    shape.id.to_string(),
                    format!("This operation lists `{e}` as an error, but that structure holds a stream; only an input or output can"),
                ));
            }
        }
        ShapeKind::Service { errors, .. } => {
            for e in errors.iter().filter(|e| containers.contains(e)) {
                events.push(error(
                    shape.id.to_string(),
                    format!("This service lists `{e}` as an error, but that structure holds a stream; only an operation input or output can"),
                ));
            }
        }
        ShapeKind::Resource(resource) => {
            for r in resource.references().filter(|r| containers.contains(r)) {
                events.push(error(
                    shape.id.to_string(),
                    format!("This resource refers to `{r}`, a structure that holds a stream; only an operation input or output can"),
                ));
            }
        }
        _ => {
            // Members (of aggregates, lists and maps) target shapes; none may target a
            // structure that holds a stream.
            let members: Vec<&Member> = match &shape.kind {
                ShapeKind::Map { key, value } => vec![key, value],
                _ => shape.members().iter().collect(),
            };
            for m in members
                .into_iter()
                .filter(|m| containers.contains(&m.target))
            {
                events.push(error(
                    shape.id.member(&m.name),
                    format!(
                        "A member cannot target a structure that holds a stream, but this member targets `{}`",
                        m.target
                    ),
                ));
            }
        }
    }
}

/// Each event of an event stream is a structure.
fn union_members(model: &Model, union: &Shape, events: &mut Vec<Diagnostic>) {
    let bad: Vec<String> = union
        .members()
        .iter()
        .filter(|m| {
            !model
                .get(&m.target)
                .is_some_and(|t| matches!(t.kind, ShapeKind::Structure(_)))
        })
        .map(|m| format!("`{}`", m.name))
        .collect();
    if !bad.is_empty() {
        let d = Diagnostic::error(
            union.id.to_string(),
            format!(
                "Every member of an event stream union is an event and must target a structure, but these do not: {}",
                bad.join(", ")
            ),
        );
        events.push(model.locate(d.with_id("StreamingTrait")));
    }
}

/// A streaming blob member is always present: `@required` or with a `@default`.
fn blob_optional(model: &Model, shape: &Shape, m: &Member, events: &mut Vec<Diagnostic>) {
    let streaming_blob = model
        .get(&m.target)
        .is_some_and(|t| t.traits.streaming && matches!(t.kind, ShapeKind::Simple(Simple::Blob)));
    if streaming_blob && !m.traits.required && m.traits.default.is_none() {
        let d = Diagnostic::error(
            shape.id.member(&m.name),
            format!(
                "The member `{}` targets the streaming blob `{}`, so it must be marked `@required` or have a `@default`",
                m.name, m.target
            ),
        );
        events.push(model.locate(d.with_id("StreamingTrait")));
    }
}

/// Whether one of the service's protocols (a trait whose definition has
/// `@protocolDefinition`) supports `@httpPayload`.
fn binds_payload(model: &Model, service: &Shape) -> bool {
    service.traits.raw.keys().any(|name| {
        ShapeId::parse(name)
            .and_then(|id| model.get(&id))
            .and_then(|d| d.traits.raw.get("smithy.api#protocolDefinition"))
            .and_then(|p| p.get("traits"))
            .and_then(Value::as_array)
            .is_some_and(|ts| ts.iter().any(|t| t == "smithy.api#httpPayload"))
    })
}

/// Under a protocol with `@httpPayload`, every member targeting a stream is the payload.
fn payloads(model: &Model, service: &Shape, events: &mut Vec<Diagnostic>) {
    let closure = Closure::of_service(model, &service.id);
    for id in &closure.shapes {
        let Some(shape) = model.get(id).filter(|s| !model.is_builtin(&s.id)) else {
            continue;
        };
        if !matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)) {
            continue;
        }
        for m in shape.members() {
            if !m.traits.http_payload && is_streaming(model, &m.target) {
                let d = Diagnostic::error(
                    shape.id.member(&m.name),
                    format!(
                        "The member `{}` targets the streaming shape `{}`, so it must be marked `@httpPayload`: a protocol of service `{}` binds payloads",
                        m.name, m.target, service.id
                    ),
                );
                events.push(model.locate(d.with_id("StreamingTrait")));
            }
        }
    }
}

/// `EventPayloadTrait`: with an `@eventPayload` member, every other member is an
/// `@eventHeader`.
fn event_payload(model: &Model, shape: &Shape, members: &[Member], events: &mut Vec<Diagnostic>) {
    let payload = |m: &Member| m.traits.raw.contains_key("smithy.api#eventPayload");
    if !members.iter().any(payload) {
        return;
    }
    let unmarked: Vec<String> = members
        .iter()
        .filter(|m| !payload(m) && !m.traits.raw.contains_key("smithy.api#eventHeader"))
        .map(|m| format!("`{}`", m.name))
        .collect();
    if !unmarked.is_empty() {
        let d = Diagnostic::error(
            shape.id.to_string(),
            format!(
                "This event has an `@eventPayload` member, the whole event body, so every other member must be an `@eventHeader`, but these are not: {}",
                unmarked.join(", ")
            ),
        );
        events.push(model.locate(d.with_id("EventPayloadTrait")));
    }
}
