//! The closure of a service: every shape a generated crate needs.

use std::collections::{BTreeMap, BTreeSet};

use super::{Model, Shape, ShapeId, ShapeKind};

/// The shapes reachable from a set of roots, and each operation's complete error list.
#[derive(Debug, Clone, Default)]
pub struct Closure {
    pub shapes: BTreeSet<ShapeId>,
    /// Operations in the closure with their errors: their own, then the service's.
    pub operations: BTreeMap<ShapeId, Vec<ShapeId>>,
    /// The service the closure was taken from, if any.
    pub service: Option<ShapeId>,
}

impl Closure {
    /// Everything reachable from `service` (operations, resources, their shapes), with
    /// service-wide errors added to every operation.
    pub fn of_service(model: &Model, service: &ShapeId) -> Self {
        let mut c = Self::walk(model, [service]);
        c.service = Some(service.clone());
        if let Some(Shape {
            kind: ShapeKind::Service { errors, .. },
            ..
        }) = model.get(service)
        {
            for op_errors in c.operations.values_mut() {
                for e in errors {
                    if !op_errors.contains(e) {
                        op_errors.push(e.clone());
                    }
                }
            }
        }
        c
    }

    /// Everything reachable from the given shapes.
    pub fn walk<'a>(model: &Model, roots: impl IntoIterator<Item = &'a ShapeId>) -> Self {
        let mut c = Self::default();
        let mut stack: Vec<&ShapeId> = roots.into_iter().collect();
        while let Some(id) = stack.pop() {
            if !c.shapes.insert(id.clone()) {
                continue;
            }
            let Some(shape) = model.get(id) else { continue };
            if let ShapeKind::Operation { errors, .. } = &shape.kind {
                c.operations.insert(id.clone(), errors.clone());
            }
            stack.extend(shape.references());
        }
        c
    }

    pub fn contains(&self, id: &ShapeId) -> bool {
        self.shapes.contains(id)
    }

    /// The route table of a server that routes by `@http` (restJson1): every operation of the
    /// closure with the trait, in shape id order (the order of the server's `Operation` enum).
    /// An operation without `@http` has no route: restJson1 emits nothing for it.
    pub fn http_routes<'a>(&'a self, model: &'a Model) -> Vec<HttpRoute<'a>> {
        self.operations
            .keys()
            .filter_map(|id| {
                let http = model.get(id)?.traits.http.as_ref()?;
                Some(HttpRoute {
                    operation: id,
                    method: http.method.to_ascii_uppercase(),
                    uri: &http.uri,
                })
            })
            .collect()
    }
}

/// One route of a server that routes by `@http` (see [`Closure::http_routes`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRoute<'a> {
    pub operation: &'a ShapeId,
    /// The method, upper case, as requests carry it.
    pub method: String,
    /// The URI pattern as the model writes it: the path with `{label}` and `{label+}` segments,
    /// then optionally `?` and query literals.
    pub uri: &'a str,
}
