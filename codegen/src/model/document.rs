//! A model file, read: what reading a file (IDL or JSON AST) produces and merging consumes.
//!
//! This is a leaf: the IDL lowering ([`crate::idl`]) builds documents, [`super::read`] reads
//! JSON AST files into them, and [`super::assemble`] merges them, without either side knowing
//! the other.

use serde_json::{Map, Value};

/// One model file, read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub file: String,
    /// A Smithy 1.0 file, whose shapes are upgraded when assembled.
    pub v1: bool,
    pub metadata: Vec<(String, Value)>,
    /// `(absolute id, JSON AST shape)` in file order.
    pub shapes: Vec<(String, Value)>,
    /// `apply` statements: target (shape or member id) and traits.
    pub applies: Vec<(String, Map<String, Value>)>,
    /// IDL members written `$name`, whose targets come from a resource or a mixin.
    pub elided: Vec<Elided>,
    /// The text of an IDL file, for diagnostics that point into it.
    pub source: Option<String>,
}

/// A member whose target was elided.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Elided {
    pub shape: String,
    pub member: String,
    /// The resource of `for Resource`.
    pub resource: Option<String>,
}

impl Document {
    pub(crate) fn new(file: &str, v1: bool) -> Self {
        Self {
            file: file.to_owned(),
            v1,
            metadata: Vec::new(),
            shapes: Vec::new(),
            applies: Vec::new(),
            elided: Vec::new(),
            source: None,
        }
    }
}

/// Adds a trait to a trait map as Smithy merges traits: a list trait given twice keeps both
/// lists' items, an equal value given twice is one trait, different values conflict.
pub(crate) fn merge_trait(
    traits: &mut Map<String, Value>,
    name: &str,
    value: Value,
) -> Result<(), String> {
    match traits.get_mut(name) {
        None => {
            traits.insert(name.to_owned(), value);
            Ok(())
        }
        Some(Value::Array(prev)) if value.is_array() => {
            if let Value::Array(items) = value {
                prev.extend(items);
            }
            Ok(())
        }
        Some(prev) if *prev == value => Ok(()),
        Some(prev) => Err(format!(
            "Conflicting `{name}` trait values: {prev} and {value}"
        )),
    }
}
