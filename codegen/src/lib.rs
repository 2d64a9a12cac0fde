//! Generates a Rust crate from a Smithy 2.0 JSON AST model: types, builders, validators for
//! every constraint trait, error enums and serde wire formats.
//!
//! The library knows Smithy, not any one service. [`generate`] returns the crate's files in
//! memory; writing them (or checking them against what is on disk) is the caller's business.

pub mod diagnostic;
pub mod docs;
mod emit;
pub mod idl;
pub mod model;
pub mod naming;
pub mod output;
pub mod pattern;

use std::collections::BTreeMap;

pub use diagnostic::{Diagnostic, Failure, Severity};
use model::{Closure, ShapeId};

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The package name of the emitted crate.
    pub crate_name: String,
    /// The service to generate; `None` takes the model's only service, or every shape when the
    /// model has no service.
    pub service: Option<String>,
    /// Report model features the crate cannot honour (a `@pattern` no engine compiles) as
    /// warnings and leave them unchecked, instead of failing. For surveying many models.
    pub lenient: bool,
    /// Threads that emit and print shapes; 0 or 1 works on the calling thread only. The output
    /// is the same for any number: each shape is printed on its own and joined in model order.
    pub threads: usize,
}

/// A generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Path relative to the crate root (`Cargo.toml`, `src/lib.rs`...) → contents.
    pub files: BTreeMap<String, String>,
    /// Things approximated or left out; the crate still builds.
    pub warnings: Vec<Diagnostic>,
}

/// Generates a crate from model files given as `(file name, JSON text)`.
pub fn generate(models: &[(&str, &str)], options: &Options) -> Result<Generated, Failure> {
    let fail = |diagnostics| Failure { diagnostics };
    let (model, mut warnings) = model::load(models.iter().copied()).map_err(fail)?;
    let closure = match &options.service {
        Some(id) => {
            let sid = ShapeId::parse(id)
                .filter(|s| {
                    model
                        .get(s)
                        .is_some_and(|s| matches!(s.kind, model::ShapeKind::Service { .. }))
                })
                .ok_or_else(|| {
                    fail(vec![Diagnostic::error(
                        id.clone(),
                        "no such service in the model",
                    )])
                })?;
            Closure::of_service(&model, &sid)
        }
        None => {
            let services: Vec<_> = model.services().map(|s| s.id.clone()).collect();
            match services.as_slice() {
                [one] => Closure::of_service(&model, one),
                [] => Closure::walk(&model, model.shapes.keys().filter(|id| !id.is_prelude())),
                many => {
                    // One diagnostic per service, so that each names its shape and file.
                    let list = many
                        .iter()
                        .map(ShapeId::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(fail(
                        many.iter()
                            .map(|id| {
                                let d = Diagnostic::error(
                                    id.to_string(),
                                    format!("the model has several services ({list}); choose one"),
                                );
                                match model.file_of(&id.to_string()) {
                                    Some(file) => d.in_file(file),
                                    None => d,
                                }
                            })
                            .collect(),
                    ));
                }
            }
        }
    };
    // Emit-time findings name shapes; add the file each shape came from.
    let locate = |diags: Vec<Diagnostic>| -> Vec<Diagnostic> {
        diags
            .into_iter()
            .map(
                |d| match d.shape.as_deref().and_then(|s| model.file_of(s)) {
                    Some(file) => d.in_file(file),
                    None => d,
                },
            )
            .collect()
    };
    let (files, more) = emit::emit(&model, &closure, options).map_err(|d| fail(locate(d)))?;
    warnings.extend(locate(more));
    warnings.sort();
    warnings.dedup();
    Ok(Generated { files, warnings })
}
