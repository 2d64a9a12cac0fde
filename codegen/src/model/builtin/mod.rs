//! The models every Smithy model may name without defining: the prelude (`smithy.api`) and the
//! trait packages Smithy ships beside it (`aws.protocols`, `aws.api`, `aws.auth`,
//! `smithy.framework#ValidationException`, `smithy.rules`, `smithy.waiters`,
//! `smithy.protocols`, `smithy.test`...), as Smithy 1.73 defines them.
//!
//! The files beside this module are those definitions written as IDL by [`crate::idl::write`]
//! with their documentation left out: shape names, types, members, traits and trait selectors
//! are what validation and generation read. They are parsed once per process and merged
//! ahead of the user's files, so a user's model needs only its own files. A user file may
//! define one of these shapes itself (a newer version of a trait package): its definition
//! replaces the built-in one. The prelude's shapes cannot be replaced.

use std::sync::OnceLock;

use super::document::Document;
use super::read;
use crate::diagnostic::Diagnostic;

/// What the names of built-in files start with, so that no user file can have one (the
/// macro below writes it too: `concat!` takes literals only; a test keeps the two equal).
const PREFIX: &str = "<built-in>/";

/// `(file name, IDL text)` of the built-in file of a namespace: `<built-in>/ns.smithy`.
macro_rules! builtin_file {
    ($namespace:literal) => {
        (
            concat!("<built-in>/", $namespace, ".smithy"),
            include_str!(concat!($namespace, ".smithy")),
        )
    };
}

/// Every built-in model file, the prelude first.
const FILES: &[(&str, &str)] = &[
    builtin_file!("smithy.api"),
    builtin_file!("smithy.framework"),
    builtin_file!("smithy.protocols"),
    builtin_file!("smithy.rules"),
    builtin_file!("smithy.waiters"),
    builtin_file!("smithy.test"),
    builtin_file!("smithy.contracts"),
    builtin_file!("smithy.mqtt"),
    builtin_file!("smithy.openapi"),
    builtin_file!("aws.api"),
    builtin_file!("aws.auth"),
    builtin_file!("aws.protocols"),
    builtin_file!("aws.customizations"),
    builtin_file!("aws.apigateway"),
    builtin_file!("aws.cloudformation"),
    builtin_file!("aws.endpoints"),
    builtin_file!("aws.iam"),
    builtin_file!("aws.test"),
];

/// Whether a file name is that of a built-in file.
pub(crate) fn is_builtin_file(file: &str) -> bool {
    file.starts_with(PREFIX)
}

/// The built-in files, read (once per process), and what reading them reported: nothing, as a
/// test checks; a finding would be a defect of this crate, reported like any other rather
/// than a panic.
pub(crate) fn documents() -> &'static (Vec<Document>, Vec<Diagnostic>) {
    static DOCUMENTS: OnceLock<(Vec<Document>, Vec<Diagnostic>)> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let mut diags = Vec::new();
        let (docs, _) = read::read_files(FILES.iter().copied(), &[], &mut diags);
        (docs, diags)
    })
}

/// The built-in files as `(file name, text)`, for tools that show them.
pub fn files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_files_read_and_load_cleanly() {
        let (docs, diags) = documents();
        assert_eq!(docs.len(), FILES.len());
        assert!(FILES.iter().all(|(name, _)| is_builtin_file(name)));
        assert!(diags.is_empty(), "{diags:?}");
        // Loading an empty model loads (and checks) every built-in shape.
        let (model, warnings) = crate::model::load([]).expect("the built-in model loads");
        assert!(warnings.is_empty(), "{warnings:?}");
        let id = crate::model::ShapeId::parse("aws.protocols#restJson1").unwrap();
        assert!(model.get(&id).is_some() && model.is_builtin(&id));
    }
}
