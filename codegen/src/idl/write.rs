//! JSON AST → Smithy IDL 2.0 text.
