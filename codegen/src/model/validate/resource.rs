//! The resource rules:
//! - `ResourceIdentifier`: no identifier is also a property (case-insensitively), and a child
//!   resource repeats each of its parent's identifiers with the same target;
//! - `ResourceCycle`: no resource is its own descendant;
//! - `SingleResourceBinding`: within one service, a resource is bound by one shape only;
//! - `ResourceLifecycle`: `read` and `list` are `@readonly`, the others are not; `put` and
//!   `delete` are `@idempotent`;
//! - `ResourceIdentifierBinding`: an instance operation's input binds every identifier of its
//!   resource (implicitly, a required member of that name and target, or with
//!   `@resourceIdentifier`), a collection operation's input does not bind them all, an operation
//!   of a child resource binds its parent's identifiers, and no two members of a structure claim
//!   one identifier;
//! - `ServiceBoundResourceOperation`: a warning for an operation bound to a service whose input
//!   or output has a member that would bind it to one of the service's resources.

use std::collections::{BTreeMap, BTreeSet};

use super::own_shapes;
use crate::diagnostic::Diagnostic;
use crate::model::{Lifecycle, Model, Resource, Shape, ShapeId, ShapeKind};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    let mut push = |d: Diagnostic| events.push(model.locate(d));
    for shape in own_shapes(model) {
        match &shape.kind {
            ShapeKind::Resource(resource) => {
                properties_are_not_identifiers(shape, resource, &mut push);
                children_repeat_identifiers(model, shape, resource, &mut push);
                cycle(model, shape, &mut push);
                lifecycle(model, shape, resource, &mut push);
                operation_bindings(model, shape, resource, &mut push);
            }
            ShapeKind::Service { .. } => {
                single_binding(model, shape, &mut push);
                better_bound(model, shape, &mut push);
            }
            ShapeKind::Structure(_) => explicit_identifier_conflicts(shape, &mut push),
            _ => {}
        }
    }
}

fn resource_of<'m>(model: &'m Model, id: &ShapeId) -> Option<(&'m Shape, &'m Resource)> {
    let shape = model.get(id)?;
    match &shape.kind {
        ShapeKind::Resource(r) => Some((shape, r)),
        _ => None,
    }
}

fn ticked<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn properties_are_not_identifiers(shape: &Shape, r: &Resource, push: &mut impl FnMut(Diagnostic)) {
    let properties: BTreeSet<String> = r.properties.keys().map(|p| p.to_lowercase()).collect();
    for id in r.identifiers.keys() {
        if properties.contains(&id.to_lowercase()) {
            push(
                Diagnostic::error(
                    shape.id.to_string(),
                    format!("the identifier `{id}` of this resource is also one of its properties"),
                )
                .with_id("ResourceIdentifier"),
            );
        }
    }
}

fn children_repeat_identifiers(
    model: &Model,
    parent: &Shape,
    r: &Resource,
    push: &mut impl FnMut(Diagnostic),
) {
    for (child, child_r) in r.resources.iter().filter_map(|c| resource_of(model, c)) {
        let missing: Vec<&str> = r
            .identifiers
            .keys()
            .filter(|k| !child_r.identifiers.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            push(
                Diagnostic::error(
                    child.id.to_string(),
                    format!(
                        "this resource is bound as a child of `{}`, so its `identifiers` must include {}, the identifiers of `{}`",
                        parent.id,
                        ticked(missing),
                        parent.id
                    ),
                )
                .with_id("ResourceIdentifier"),
            );
        }
        let mismatched: Vec<String> = r
            .identifiers
            .iter()
            .filter_map(|(name, target)| {
                let found = child_r.identifiers.get(name)?;
                (found != target).then(|| format!("`{name}` targets `{found}`, not `{target}`"))
            })
            .collect();
        if !mismatched.is_empty() {
            push(
                Diagnostic::error(
                    child.id.to_string(),
                    format!(
                        "the identifiers of this resource do not match those of its parent `{}`: {}",
                        parent.id,
                        mismatched.join("; ")
                    ),
                )
                .with_id("ResourceIdentifier"),
            );
        }
    }
}

/// Reports the first path from `start` back to itself through child resources.
fn cycle(model: &Model, start: &Shape, push: &mut impl FnMut(Diagnostic)) {
    fn walk<'m>(model: &'m Model, at: &'m ShapeId, path: &mut Vec<&'m ShapeId>) -> bool {
        if path.contains(&at) {
            path.push(at);
            return true;
        }
        path.push(at);
        if let Some((_, r)) = resource_of(model, at) {
            for child in &r.resources {
                if walk(model, child, path) {
                    return true;
                }
            }
        }
        path.pop();
        false
    }
    let mut path = Vec::new();
    if walk(model, &start.id, &mut path) && path.last() == Some(&&start.id) {
        let chain: Vec<&str> = path.iter().map(|id| id.as_str()).collect();
        push(
            Diagnostic::error(
                start.id.to_string(),
                format!("the resource hierarchy is circular: {}", chain.join(" -> ")),
            )
            .with_id("ResourceCycle"),
        );
    }
}

fn lifecycle(model: &Model, shape: &Shape, r: &Resource, push: &mut impl FnMut(Diagnostic)) {
    for (lifecycle, id) in r.lifecycle() {
        let Some(op) = model.get(id) else { continue };
        if !matches!(op.kind, ShapeKind::Operation { .. }) {
            continue;
        }
        let readonly = op.traits.raw.contains_key("smithy.api#readonly");
        let must_be_readonly = matches!(lifecycle, Lifecycle::Read | Lifecycle::List);
        let mut report = |what: &str| {
            push(
                Diagnostic::error(
                    shape.id.to_string(),
                    format!(
                        "the `{}` lifecycle operation of this resource, `{id}`, {what}",
                        lifecycle.name()
                    ),
                )
                .with_id("ResourceLifecycle"),
            )
        };
        if readonly != must_be_readonly {
            report(if must_be_readonly {
                "must be marked with the `readonly` trait"
            } else {
                "must not be marked with the `readonly` trait"
            });
        }
        let must_be_idempotent = matches!(lifecycle, Lifecycle::Put | Lifecycle::Delete);
        if must_be_idempotent && !op.traits.raw.contains_key("smithy.api#idempotent") {
            report("must be marked with the `idempotent` trait");
        }
    }
}

/// The identifiers an operation's structure binds for a resource: identifier name → member
/// name. `@resourceIdentifier` binds explicitly; otherwise a required member named as an
/// identifier, with its target, binds implicitly.
fn bindings<'s>(r: &Resource, structure: &'s Shape) -> BTreeMap<&'s str, &'s str> {
    let mut out = BTreeMap::new();
    for m in structure.members() {
        if let Some(name) = explicit_identifier(m) {
            out.insert(name, m.name.as_str());
        }
    }
    for m in structure.members() {
        if explicit_identifier(m).is_none() && implicitly_binds(m, r) {
            out.entry(m.name.as_str()).or_insert(m.name.as_str());
        }
    }
    out
}

fn explicit_identifier(m: &crate::model::Member) -> Option<&str> {
    m.traits
        .raw
        .get("smithy.api#resourceIdentifier")
        .and_then(serde_json::Value::as_str)
}

fn implicitly_binds(m: &crate::model::Member, r: &Resource) -> bool {
    m.traits.required && r.identifiers.get(&m.name) == Some(&m.target)
}

fn input_of<'m>(model: &'m Model, op: &Shape) -> Option<&'m Shape> {
    match &op.kind {
        ShapeKind::Operation { input, .. } => model
            .get(input)
            .filter(|s| matches!(s.kind, ShapeKind::Structure(_))),
        _ => None,
    }
}

/// Whether the input binds every identifier of the resource to a member with its target.
fn binds_all(r: &Resource, input: Option<&Shape>) -> bool {
    let Some(input) = input else {
        return r.identifiers.is_empty();
    };
    let bound = bindings(r, input);
    r.identifiers.iter().all(|(name, target)| {
        bound.get(name.as_str()).is_some_and(|member| {
            input
                .members()
                .iter()
                .any(|m| m.name == *member && m.target == *target)
        })
    })
}

fn operation_bindings(
    model: &Model,
    shape: &Shape,
    r: &Resource,
    push: &mut impl FnMut(Diagnostic),
) {
    for id in r.all_operations() {
        let Some(op) = model.get(id) else { continue };
        if !matches!(op.kind, ShapeKind::Operation { .. }) {
            continue;
        }
        let input = input_of(model, op);
        let all = binds_all(r, input);
        if r.is_collection_operation(id) {
            if all && !r.identifiers.is_empty() {
                push(
                    Diagnostic::error(
                        op.id.to_string(),
                        format!(
                            "this operation is bound as a collection operation of `{}`, but its input binds every identifier of the resource",
                            shape.id
                        ),
                    )
                    .with_id("ResourceIdentifierBinding"),
                );
            }
        } else if !all {
            let expected: Vec<String> = r
                .identifiers
                .iter()
                .map(|(n, t)| format!("`{n}` (targeting `{t}`)"))
                .collect();
            let found: Vec<String> = input
                .map(|i| bindings(r, i))
                .unwrap_or_default()
                .into_iter()
                .map(|(identifier, member)| format!("`{identifier}` by member `{member}`"))
                .collect();
            push(
                Diagnostic::error(
                    op.id.to_string(),
                    format!(
                        "this operation is bound to `{}` as an instance operation, so its input must bind each identifier of the resource with a required member of that name and target (or one with `@resourceIdentifier`): expected {}; found {}",
                        shape.id,
                        expected.join(", "),
                        if found.is_empty() { "none".to_owned() } else { found.join(", ") }
                    ),
                )
                .with_id("ResourceIdentifierBinding"),
            );
        }
    }
    // The operations of each child must also bind this resource's identifiers.
    for (child, child_r) in r.resources.iter().filter_map(|c| resource_of(model, c)) {
        for id in child_r.all_operations() {
            let Some(op) = model.get(id) else { continue };
            let bound = input_of(model, op)
                .map(|i| bindings(child_r, i))
                .unwrap_or_default();
            let missing: Vec<&str> = r
                .identifiers
                .keys()
                .map(String::as_str)
                .filter(|k| !bound.contains_key(k))
                .collect();
            if !missing.is_empty() {
                push(
                    Diagnostic::error(
                        op.id.to_string(),
                        format!(
                            "this operation is bound to `{}`, a child of `{}`, so its input must bind the identifiers of `{}`; missing {}",
                            child.id,
                            shape.id,
                            shape.id,
                            ticked(missing)
                        ),
                    )
                    .with_id("ResourceIdentifierBinding"),
                );
            }
        }
    }
}

/// Two members claiming one identifier with `@resourceIdentifier` is an error; one that
/// overrides the implicit binding of a member with the identifier's name is a warning.
fn explicit_identifier_conflicts(shape: &Shape, push: &mut impl FnMut(Diagnostic)) {
    let mut explicit: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in shape.members() {
        if let Some(name) = explicit_identifier(m) {
            explicit.entry(name).or_default().push(&m.name);
        }
    }
    for (identifier, members) in &explicit {
        if members.len() > 1 {
            push(
                Diagnostic::error(
                    shape.id.to_string(),
                    format!(
                        "members {} all bind the resource identifier `{identifier}` with `@resourceIdentifier`",
                        ticked(members.iter().copied())
                    ),
                )
                .with_id("ResourceIdentifierBinding"),
            );
        }
        let shadowed = shape
            .members()
            .iter()
            .any(|m| m.name == *identifier && explicit_identifier(m).is_none());
        if shadowed {
            push(
                Diagnostic::warning(
                    shape.id.to_string(),
                    format!(
                        "the member `{identifier}` does not bind the resource identifier `{identifier}`: `@resourceIdentifier` on {} binds it instead",
                        ticked(members.iter().copied())
                    ),
                )
                .with_id("ResourceIdentifierBinding"),
            );
        }
    }
}

/// The resources a service contains, through child resources, each once, in id order.
fn contained_resources<'m>(model: &'m Model, service: &'m Shape) -> Vec<(&'m Shape, &'m Resource)> {
    let ShapeKind::Service { resources, .. } = &service.kind else {
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&ShapeId> = resources.iter().collect();
    let mut out = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if let Some((shape, r)) = resource_of(model, id) {
            out.push((shape, r));
            stack.extend(&r.resources);
        }
    }
    out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    out
}

fn single_binding(model: &Model, service: &Shape, push: &mut impl FnMut(Diagnostic)) {
    let ShapeKind::Service { resources, .. } = &service.kind else {
        return;
    };
    let contained = contained_resources(model, service);
    for (resource, _) in &contained {
        let mut binders: BTreeSet<&str> = BTreeSet::new();
        if resources.contains(&resource.id) {
            binders.insert(service.id.as_str());
        }
        for (other, other_r) in &contained {
            if other_r.resources.contains(&resource.id) {
                binders.insert(other.id.as_str());
            }
        }
        if binders.len() > 1 {
            push(
                Diagnostic::error(
                    resource.id.to_string(),
                    format!(
                        "a resource may be bound only once in a service's closure, but {} all bind this one into `{}`",
                        ticked(binders),
                        service.id
                    ),
                )
                .with_id("SingleResourceBinding"),
            );
        }
    }
}

fn better_bound(model: &Model, service: &Shape, push: &mut impl FnMut(Diagnostic)) {
    let ShapeKind::Service { operations, .. } = &service.kind else {
        return;
    };
    let contained = contained_resources(model, service);
    for op in operations.iter().filter_map(|o| model.get(o)) {
        let ShapeKind::Operation { input, output, .. } = &op.kind else {
            continue;
        };
        let members: Vec<_> = [input, output]
            .into_iter()
            .filter_map(|s| model.get(s))
            .flat_map(|s| s.members())
            .collect();
        let candidates: Vec<&str> = contained
            .iter()
            .filter(|(_, r)| members.iter().any(|m| implicitly_binds(m, r)))
            .map(|(s, _)| s.id.as_str())
            .collect();
        if !candidates.is_empty() {
            push(
                Diagnostic::warning(
                    op.id.to_string(),
                    format!(
                        "this operation is bound to the service `{}`, but members of its input or output are identifiers of {}: it may belong on one of those resources",
                        service.id,
                        ticked(candidates)
                    ),
                )
                .with_id(format!(
                    "ServiceBoundResourceOperation.{}.{}",
                    service.id,
                    op.id.name()
                )),
            );
        }
    }
}
