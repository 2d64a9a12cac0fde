//! The Smithy IDL: reading `.smithy` files into JSON AST documents, and writing JSON AST
//! documents back as IDL 2.0 text.

pub mod write;
