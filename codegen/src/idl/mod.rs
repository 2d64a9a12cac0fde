//! The Smithy IDL: reading `.smithy` files into JSON AST documents, and writing JSON AST
//! documents back as IDL 2.0 text.
//!
//! Reading is in three steps: the lexer makes tokens, the parser follows the grammar into a
//! syntax tree that keeps shape ids as written, and lowering resolves them (which needs every
//! file of the model) into the JSON AST pieces that [`crate::model::assemble`] merges.

mod lexer;
mod lower;
mod parser;
mod syntax;
pub mod write;

pub(crate) use lower::{Symbols, defined, lower};

use crate::diagnostic::Diagnostic;

/// Parses one IDL file; syntax errors come back as diagnostics with their line and column.
pub(crate) fn parse(file: &str, text: &str) -> (syntax::File, Vec<Diagnostic>) {
    let parsed = parser::parse(text);
    // The caret covers the token the problem is at.
    let located = |d: Diagnostic, e: &parser::SyntaxError| {
        let mut lexer = lexer::Lexer::new(text);
        lexer.seek(e.at);
        let end = lexer.next_token().end.max(e.at + 1);
        d.in_file(file).at(text, e.at, end)
    };
    let errors = parsed
        .errors
        .iter()
        .map(|e| located(Diagnostic::error(e.shape.clone(), e.message.clone()), e));
    let warnings = parsed
        .warnings
        .iter()
        .map(|e| located(Diagnostic::warning(e.shape.clone(), e.message.clone()), e));
    (parsed.file, errors.chain(warnings).collect())
}
