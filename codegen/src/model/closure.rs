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
}
