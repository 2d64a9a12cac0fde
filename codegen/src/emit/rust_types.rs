//! How model shapes map to Rust types and serde wire adapters.

use std::collections::{BTreeMap, BTreeSet};

use super::prelude::{BOX, OPTION, STRING, VEC};
use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::plan::Field;
use crate::model::{Member, Model, Shape, ShapeId, ShapeKind, Simple};
use crate::naming::{self, is_enum_string};

impl Ctx<'_> {
    /// The module that holds a named type: errors live in `error`, everything else in `types`.
    pub fn type_path(&self, id: &ShapeId) -> TokenStream {
        self.type_path_in(&quote!(crate), id)
    }

    /// [`Self::type_path`] from outside the crate, whose root is `root`.
    pub fn type_path_in(&self, root: &TokenStream, id: &ShapeId) -> TokenStream {
        let name = naming::ident(self.names.type_name(id));
        if self.model.expect(id).traits.error.is_some() {
            quote!(#root::error::#name)
        } else {
            quote!(#root::types::#name)
        }
    }

    /// The Rust type of a value of shape `id` (without optionality or boxing).
    pub fn rust_type(&self, id: &ShapeId) -> TokenStream {
        let shape = self.model.expect(id);
        if self.names.has_type(id) {
            return self.type_path(id);
        }
        match &shape.kind {
            ShapeKind::Simple(s) => match s {
                Simple::Blob => quote!(#VEC<u8>),
                Simple::Boolean => quote!(bool),
                Simple::String => quote!(#STRING),
                Simple::Byte => quote!(i8),
                Simple::Short => quote!(i16),
                Simple::Integer => quote!(i32),
                Simple::Long => quote!(i64),
                Simple::Float => quote!(f32),
                Simple::Double => quote!(f64),
                // Exact, of any size: the wire's decimal text (`support/number.rs`).
                Simple::BigInteger => quote!(crate::number::BigInteger),
                Simple::BigDecimal => quote!(crate::number::BigDecimal),
                Simple::Timestamp => quote!(::jiff::Timestamp),
                Simple::Document => quote!(::serde_json::Value),
            },
            ShapeKind::List(m) => {
                let item = self.rust_type(&m.target);
                if shape.traits.sparse {
                    quote!(#VEC<#OPTION<#item>>)
                } else {
                    quote!(#VEC<#item>)
                }
            }
            ShapeKind::Map { key, value } => {
                let k = self.rust_type(&key.target);
                let v = self.rust_type(&value.target);
                if shape.traits.sparse {
                    quote!(::std::collections::HashMap<#k, #OPTION<#v>>)
                } else {
                    quote!(::std::collections::HashMap<#k, #v>)
                }
            }
            // Named types were handled above; anything else cannot be a member target.
            _ => quote!(()),
        }
    }

    /// Whether values of shape `id` are plain `String`s (a string shape without a type of its
    /// own, as enums have).
    pub fn is_plain_string(&self, id: &ShapeId) -> bool {
        !self.names.has_type(id)
            && matches!(
                self.model.expect(id).kind,
                ShapeKind::Simple(Simple::String)
            )
    }

    /// Whether a member targets an event stream (a `@streaming` union), which this generator
    /// keeps as opaque bytes.
    pub fn is_event_stream(&self, m: &Member) -> bool {
        let t = self.model.expect(&m.target);
        t.traits.streaming && matches!(t.kind, ShapeKind::Union(_))
    }

    /// The type of a structure field: optional members are `Option`, recursive ones boxed.
    pub fn field_type(&self, f: &Field) -> TokenStream {
        if f.event_stream {
            return quote!(#OPTION<#VEC<u8>>);
        }
        let mut ty = self.rust_type(f.target());
        if f.boxed {
            ty = quote!(#BOX<#ty>);
        }
        if f.optional {
            ty = quote!(#OPTION<#ty>);
        }
        ty
    }

    /// The planned field of a member of `owner`.
    ///
    /// # Panics
    /// When `owner` is not a structure or union of the closure, or has no such member: the plan
    /// holds every member of those.
    pub fn field_of(&self, owner: &ShapeId, member: &str) -> &Field {
        self.plan
            .field(owner, member)
            .unwrap_or_else(|| panic!("internal error: {owner}${member} is not planned"))
    }

    /// Whether a member's value must be redacted: the member, its target, or anything inside a
    /// list or map target is `@sensitive`.
    pub fn is_sensitive(&self, m: &Member) -> bool {
        m.traits.sensitive || self.shape_is_sensitive(&m.target)
    }

    fn shape_is_sensitive(&self, id: &ShapeId) -> bool {
        let s = self.model.expect(id);
        s.traits.sensitive
            || match &s.kind {
                ShapeKind::List(m) => self.is_sensitive(m),
                ShapeKind::Map { key, value } => self.is_sensitive(key) || self.is_sensitive(value),
                _ => false,
            }
    }
}

/// The input structures of the closure's operations.
pub fn operation_inputs(model: &Model, closure: &crate::model::Closure) -> BTreeSet<ShapeId> {
    closure
        .operations
        .keys()
        .filter_map(|op| match &model.get(op)?.kind {
            ShapeKind::Operation { input, .. } if !Model::is_unit(input) => Some(input.clone()),
            _ => None,
        })
        .collect()
}

/// Shapes that become named Rust types.
pub fn is_named_type(shape: &Shape) -> bool {
    matches!(
        shape.kind,
        ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_)
    ) || is_enum_string(shape)
}

/// Members that must be boxed to break infinitely sized recursion.
///
/// A structure or union holding another by value (optional or not) makes the outer type's size
/// depend on the inner one; lists and maps add a heap indirection already. A member edge is boxed
/// when its target can reach its owner again through such by-value edges.
pub fn recursive_members(model: &Model, shapes: &BTreeSet<ShapeId>) -> BTreeSet<(ShapeId, String)> {
    let by_value = |s: &Shape| -> Vec<(String, ShapeId)> {
        match &s.kind {
            ShapeKind::Structure(ms) | ShapeKind::Union(ms) => ms
                .iter()
                .filter(|m| {
                    model.get(&m.target).is_some_and(|t| {
                        matches!(t.kind, ShapeKind::Structure(_) | ShapeKind::Union(_))
                    })
                })
                .map(|m| (m.name.clone(), m.target.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let edges: BTreeMap<&ShapeId, Vec<(String, ShapeId)>> = shapes
        .iter()
        .filter_map(|id| model.get(id).map(|s| (id, by_value(s))))
        .collect();
    let reaches = |from: &ShapeId, to: &ShapeId| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(id) = stack.pop() {
            if &id == to {
                return true;
            }
            if seen.insert(id.clone()) {
                for (_, t) in edges.get(&id).into_iter().flatten() {
                    stack.push(t.clone());
                }
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for (owner, es) in &edges {
        for (member, target) in es {
            if reaches(target, owner) {
                boxed.insert(((*owner).clone(), member.clone()));
            }
        }
    }
    boxed
}
