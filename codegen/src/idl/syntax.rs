//! The parsed form of one IDL file, before shape ids are resolved.
//!
//! Resolving a relative shape id needs every file of the model (a name resolves to a shape of
//! the namespace defined in any file, before the prelude), so the parser keeps ids as written,
//! with their spans, and [`super::lower`] resolves them once all files are parsed.

/// A byte range in the file.
pub(crate) type Span = (usize, usize);

/// The IDL version of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V1,
    V2,
}

/// A shape id as written (relative or absolute, maybe with a `$member`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ref {
    pub text: String,
    pub span: Span,
}

/// A node value; unquoted strings are kept as [`Node::Id`] until resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Number(serde_json::Number),
    Bool(bool),
    Null,
    String(String),
    Id(Ref),
}

/// `@name` or `@name(value)`; `value` is `None` for an annotation (no value, or `()`), whose
/// value depends on the trait's shape type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TraitApp {
    pub name: Ref,
    pub value: Option<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MemberDef {
    pub name: String,
    pub span: Span,
    pub docs: Option<String>,
    pub traits: Vec<TraitApp>,
    /// `None` for an elided target (`$name`).
    pub target: Option<Ref>,
    /// `= value`: a structure member's default, an enum member's value.
    pub value: Option<(Node, Span)>,
}

/// What follows a shape's name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    None,
    Members(Vec<MemberDef>),
    Operation {
        input: Option<Ref>,
        output: Option<Ref>,
        errors: Option<Vec<Ref>>,
    },
    /// Service and resource properties, in order.
    Entity(Vec<(String, Node, Span)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapeDef {
    /// The shape type keyword (`structure`, `set`...).
    pub kind: &'static str,
    pub name: String,
    pub span: Span,
    pub docs: Option<String>,
    pub traits: Vec<TraitApp>,
    pub for_resource: Option<Ref>,
    pub mixins: Vec<Ref>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Apply {
    pub target: Ref,
    pub traits: Vec<TraitApp>,
}

/// One parsed IDL file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct File {
    pub version: Version,
    pub metadata: Vec<(String, Node, Span)>,
    pub namespace: Option<String>,
    pub uses: Vec<Ref>,
    pub shapes: Vec<ShapeDef>,
    pub applies: Vec<Apply>,
}
