//! Generates a Rust crate from a Smithy 2.0 model (IDL `.smithy` files, JSON AST `.json` files,
//! or both): types, builders, validators for every constraint trait, error enums and serde wire
//! formats.
//!
//! A team's own `xtask` (or `build.rs`) reads its folder of model files, generates, and writes
//! the crate, or with `--check` (in CI) fails when the committed crate is not what the model
//! gives:
//!
//! ```
//! use std::process::ExitCode;
//!
//! use codegen::output::{self, Mode};
//!
//! // `cargo xtask codegen [--check]`
//! fn main() -> ExitCode {
//!     // Failures as text: diagnostics with their file, line and shape. (A `main` that returns
//!     // the error would print its `Debug` form.)
//!     match codegen_crate(std::env::args().any(|a| a == "--check")) {
//!         Ok(()) => ExitCode::SUCCESS,
//!         Err(e) => {
//!             eprintln!("{e}");
//!             ExitCode::FAILURE
//!         }
//!     }
//! }
//!
//! fn codegen_crate(check: bool) -> Result<(), Box<dyn std::error::Error>> {
//!     // A folder of IDL files; written here on the spot so that the example runs anywhere.
//!     let repo = tempfile::tempdir()?;
//!     let model = repo.path().join("model");
//!     std::fs::create_dir_all(&model)?;
//!     std::fs::write(model.join("weather.smithy"), WEATHER)?;
//!
//!     let files = output::read_model_files(&[model])?; // every .smithy and .json file, by path
//!     let inputs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
//!     let options = codegen::Options {
//!         crate_name: "weather-types".into(),
//!         ..Default::default()
//!     };
//!     let generated = codegen::generate(&inputs, &options)?; // codegen::Failure: the diagnostics
//!     for warning in &generated.warnings {
//!         eprintln!("{warning}"); // what was approximated or left out; the crate still builds
//!     }
//!     let out = repo.path().join("crates/weather-types");
//!     let report = output::write_or_check(&out, &generated.files, Mode::check_if(check))?;
//!     eprintln!("{report}"); // crates/weather-types: 11 files, 11 updated, 0 removed
//! #   assert!(out.join("src/types.rs").is_file());
//! #   output::write_or_check(&out, &generated.files, Mode::Check)?;
//!     Ok(())
//! }
//!
//! const WEATHER: &str = r#"$version: "2.0"
//! namespace example.weather
//!
//! service Weather {
//!     version: "2024-01-01"
//!     operations: [GetForecast]
//! }
//!
//! @readonly
//! operation GetForecast {
//!     input := {
//!         @required
//!         city: CityName
//!     }
//!     output := {
//!         summary: String
//!     }
//! }
//!
//! @length(min: 1, max: 64)
//! string CityName
//! "#;
//! ```
//!
//! The library knows Smithy, not any one service. [`generate`] returns the crate's files in
//! memory; [`output`] writes them (atomically, file by file) or checks them against what is on
//! disk. [`model::assemble`] merges model files into one JSON AST (what `smithy ast` prints) and
//! [`idl::write`] writes a JSON AST back as IDL 2.0.

#[cfg(feature = "cli")]
pub mod cli;
mod decimal_text;
pub mod diagnostic;
pub mod docs;
mod emit;
pub mod idl;
pub mod model;
pub mod naming;
pub mod output;
pub mod pattern;
pub mod protocol_tests;

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
    /// Report traits that no shape defines as warnings instead of errors (see
    /// [`model::LoadOptions`]).
    pub allow_unknown_traits: bool,
    /// Fail, instead of warning, when the service has no protocol this generator emits
    /// operations for.
    pub require_protocol: bool,
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

/// The paths in a generated crate of every support module, the hand-written code (the
/// `smithy-codegen-runtime` crate's modules) that crates carry as written, whatever the model;
/// a crate has those its model needs.
pub fn support_paths() -> impl Iterator<Item = &'static str> {
    emit::support::MODULES.iter().map(|m| m.path)
}

/// Generates a crate from model files given as `(file name, text)`: a file whose name ends in
/// `.smithy` is IDL, `.json` JSON AST, any other is told by its text ([`model::assemble::is_idl`]).
pub fn generate(models: &[(&str, &str)], options: &Options) -> Result<Generated, Failure> {
    let fail = |diagnostics| Failure { diagnostics };
    let load_options = model::LoadOptions {
        allow_unknown_traits: options.allow_unknown_traits,
    };
    let (model, mut warnings) =
        model::load_with(models.iter().copied(), &load_options).map_err(fail)?;
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
                [] => Closure::walk(
                    &model,
                    model.shapes.keys().filter(|id| !model.is_builtin(id)),
                ),
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
        diags.into_iter().map(|d| model.locate(d)).collect()
    };
    let (files, more) = emit::emit(&model, &closure, options).map_err(|d| fail(locate(d)))?;
    warnings.extend(locate(more));
    warnings.sort();
    warnings.dedup();
    Ok(Generated { files, warnings })
}

#[cfg(test)]
mod example_tests {
    /// The library example of the crate docs (which the README points to rather than copies)
    /// reports a failure as text (the diagnostics' `Display`, not the `Debug` that a `main`
    /// returning the error prints) and prints the warnings.
    #[test]
    fn the_library_example_prints_diagnostics_as_text_and_the_warnings() {
        let lib: String = include_str!("lib.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//!"))
            .map(|l| format!("{}\n", l.strip_prefix(' ').unwrap_or(l)))
            .collect();
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains("codegen/src/lib.rs") && !readme.contains("use codegen::output"),
            "the README points to the example in lib.rs instead of a copy that can drift"
        );
        let start = lib
            .find("use codegen::output::{self, Mode};")
            .expect("lib.rs: no library example");
        let example = &lib[start..];
        let example = &example[..example.find("```").unwrap_or(example.len())];
        assert!(!example.contains("fn main() -> Result"), "{example}");
        assert!(example.contains("fn main() -> ExitCode"), "{example}");
        assert!(example.contains("eprintln!(\"{e}\");"), "{example}");
        assert!(
            example.contains(
                "for warning in &generated.warnings {\n        eprintln!(\"{warning}\");"
            ),
            "{example}"
        );
    }
}
