//! Merging model files into one JSON AST.
//!
//! `model::read` makes each file a `Document` (`model::document`): its shapes as
//! JSON AST values, its metadata and its `apply` statements. [`assemble`] merges the documents
//! the way Smithy does (`merge`: metadata arrays concatenate, equal duplicates are ignored,
//! conflicts are errors), fills in elided member targets, applies the `apply` statements,
//! checks traits (`checks`) and upgrades Smithy 1.0 shapes to 2.0 semantics (`v1`:
//! `@default` where 1.0 had implicit zero values). The result is what `smithy ast` prints;
//! [`Assembled::flatten`] (`mixins`) then applies mixins for the typed loader.

mod checks;
mod merge;
mod mixins;
mod v1;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::builtin;
use super::read::read_files;
use crate::diagnostic::Diagnostic;
use crate::idl;

pub use super::read::is_idl;

/// The merged model: one JSON AST plus where each shape came from.
#[derive(Debug, Clone, Default)]
pub struct Assembled {
    pub metadata: Map<String, Value>,
    /// Absolute id → JSON AST shape, in the order the files defined them.
    pub shapes: Map<String, Value>,
    /// Absolute id → the file that defined the shape.
    pub files: HashMap<String, String>,
    /// File → text, of the IDL files: diagnostics found after parsing are placed in them by
    /// parsing the file again, which costs nothing when there is nothing to report.
    sources: HashMap<String, String>,
}

impl Assembled {
    /// Gives each diagnostic about a shape or member read from IDL the place that defines it
    /// (or, for an `apply` target no file defines, the `apply` statement), so that problems
    /// found after parsing point into the file too.
    pub fn locate(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut indexes: HashMap<&str, idl::Places> = HashMap::new();
        diags
            .into_iter()
            .map(|d| {
                let Some(shape) = d.shape.as_deref().filter(|_| d.location.is_none()) else {
                    return d;
                };
                // The file the problem was found in, else the one that defines the shape; a
                // problem a user's file causes is not placed in a built-in file.
                let root = shape.split('$').next().unwrap_or(shape);
                let found_in = d.file.as_deref();
                let candidates =
                    found_in
                        .into_iter()
                        .chain(self.files.get(root).map(String::as_str).filter(|f| {
                            found_in.is_none_or(builtin::is_builtin_file)
                                || !builtin::is_builtin_file(f)
                        }));
                for file in candidates {
                    let Some((file, text)) = self.sources.get_key_value(file) else {
                        continue;
                    };
                    let places = indexes
                        .entry(file.as_str())
                        .or_insert_with(|| idl::Places::of(text));
                    if let Some((start, end)) = places.find(shape) {
                        return d.in_file(file).at(text, start, end);
                    }
                }
                d
            })
            .collect()
    }

    /// Whether a shape is one of the built-in definitions ([`super::builtin`]).
    pub fn is_builtin(&self, id: &str) -> bool {
        self.files
            .get(id)
            .is_some_and(|f| builtin::is_builtin_file(f))
    }

    /// The model as one Smithy 2.0 JSON AST document: the shapes of the files read, without
    /// the built-in ones (as `smithy ast` leaves out the prelude).
    pub fn to_json(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("smithy".to_owned(), Value::String("2.0".to_owned()));
        if !self.metadata.is_empty() {
            doc.insert("metadata".to_owned(), Value::Object(self.metadata.clone()));
        }
        let own = self
            .shapes
            .iter()
            .filter(|(id, _)| !self.is_builtin(id))
            .map(|(id, shape)| (id.clone(), shape.clone()));
        doc.insert("shapes".to_owned(), Value::Object(own.collect()));
        Value::Object(doc)
    }
}

/// How strictly a model is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Report a trait that no shape defines as a warning instead of an error (Smithy's
    /// "allow unknown traits"), for tools that read models whose trait packages they lack.
    pub allow_unknown_traits: bool,
}

/// Reads and merges `(file name, text)` pairs; `.smithy` files are IDL, others JSON AST.
///
/// Returns the merged model and its warnings, or every diagnostic found when any is an error.
pub fn assemble<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(Assembled, Vec<Diagnostic>), Vec<Diagnostic>> {
    assemble_with(files, &LoadOptions::default())
}

/// [`assemble`] with options.
pub fn assemble_with<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    options: &LoadOptions,
) -> Result<(Assembled, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (model, diags) = assemble_all(files, options);
    match model {
        Some(model) if !diags.iter().any(Diagnostic::is_error) => Ok((model, diags)),
        _ => Err(diags),
    }
}

/// [`assemble`], but a model that breaks rules is still returned (with its errors), so that
/// later checks can report their findings too; `None` when a file could not be read at all
/// (not JSON, or an IDL syntax error), where later findings would only be noise.
pub(crate) fn assemble_all<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    options: &LoadOptions,
) -> (Option<Assembled>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (builtin, builtin_diags) = builtin::documents();
    diags.extend(builtin_diags.iter().cloned());
    let (docs, readable) = read_files(files, builtin, &mut diags);
    if !readable {
        return (None, diags);
    }
    let assembled = merge::merge(builtin.iter().cloned().chain(docs), options, &mut diags);
    let diags = assembled.locate(diags);
    (Some(assembled), diags)
}
