//! The Smithy IDL: reading `.smithy` files into JSON AST documents, and writing JSON AST
//! documents back as IDL 2.0 text.
//!
//! Reading is in three steps: [`lexer`] makes tokens, [`parser`] follows the grammar into a
//! [`syntax::File`] that keeps shape ids as written, and [`lower`] resolves them (which needs
//! every file of the model) into the JSON AST pieces that [`crate::model::assemble`] merges.

mod lexer;
mod lower;
mod parser;
mod syntax;
pub mod write;

pub(crate) use lower::{Symbols, defined, lower};

use crate::diagnostic::Diagnostic;

/// Parses one IDL file; syntax errors come back as diagnostics with their line and column.
pub(crate) fn parse(file: &str, text: &str) -> (syntax::File, Vec<Diagnostic>) {
    let (parsed, errors) = parser::parse(text);
    let diags = errors
        .into_iter()
        .map(|e| {
            Diagnostic::error(None, e.message)
                .in_file(file)
                .at(text, e.at, e.at + 1)
        })
        .collect();
    (parsed, diags)
}
