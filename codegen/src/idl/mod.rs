//! The Smithy IDL: reading `.smithy` files into JSON AST documents, and writing JSON AST
//! documents back as IDL 2.0 text.
//!
//! Reading is in three steps: the lexer makes tokens, the parser follows the grammar into a
//! syntax tree that keeps shape ids as written, and lowering resolves them (which needs every
//! file of the model) into a document (`model::document`), which [`crate::model::assemble`]
//! merges.

mod lexer;
mod lower;
mod parser;
mod syntax;
pub mod write;

pub(crate) use lower::{Symbols, defined, lower};

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;

/// Where a file defines its shapes and members and names its `apply` targets: for placing
/// diagnostics found after parsing (built only when there are some).
pub(crate) struct Places {
    namespace: String,
    /// `Name` or `Name$member` → byte range of the name.
    defined: HashMap<String, (usize, usize)>,
    /// `apply` targets as written → byte range.
    applied: Vec<(String, (usize, usize))>,
}

impl Places {
    pub(crate) fn of(text: &str) -> Self {
        let file = parser::parse(text).file;
        let mut defined = HashMap::new();
        for shape in &file.shapes {
            defined.insert(shape.name.clone(), shape.span);
            if let syntax::Body::Members(members) = &shape.body {
                for m in members {
                    defined.insert(format!("{}${}", shape.name, m.name), m.span);
                }
            }
        }
        let applied = file
            .applies
            .iter()
            .map(|a| (a.target.text.clone(), a.target.span))
            .collect();
        Self {
            namespace: file.namespace.unwrap_or_default(),
            defined,
            applied,
        }
    }

    /// The place of an absolute shape or member id.
    pub(crate) fn find(&self, id: &str) -> Option<(usize, usize)> {
        let (ns, local) = id.split_once('#')?;
        let root = local.split('$').next().unwrap_or(local);
        if ns == self.namespace {
            if let Some(span) = self.defined.get(local).or_else(|| self.defined.get(root)) {
                return Some(*span);
            }
        }
        // An `apply` names its target relatively or absolutely.
        self.applied
            .iter()
            .find(|(written, _)| written == id || written == local || written == root)
            .map(|(_, span)| *span)
    }
}

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
