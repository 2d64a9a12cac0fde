//! A typed model of the Smithy 2.0 JSON AST.
//!
//! Loading (see [`load`]) resolves mixins and `apply` statements and adds the prelude, so
//! everything downstream sees complete shapes whose member targets all exist.

pub mod assemble;
pub mod builtin;
mod closure;
pub(crate) mod document;
mod json_ast;
mod load;
pub(crate) mod prelude_names;
mod read;
pub mod selector;
mod traits;
mod validate;

pub use assemble::LoadOptions;
pub use closure::{Closure, HttpRoute};
pub use load::{Ast, load, load_str, load_with, load_with_ast};
pub use traits::{
    EnumDefinition, EnumValue, Fault, HttpTrait, Range, Size, TimestampFormat, Traits,
};

use std::collections::BTreeMap;
use std::fmt;

use crate::diagnostic::Diagnostic;

/// An absolute shape id: `namespace#Name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(String);

impl ShapeId {
    /// Parses `ns#Name`; `None` when the text is not an absolute shape id.
    pub fn parse(text: &str) -> Option<Self> {
        let (ns, name) = text.split_once('#')?;
        let ident = |s: &str| {
            let mut chars = s.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        (ns.split('.').all(ident) && ident(name)).then(|| Self(text.to_owned()))
    }

    pub fn namespace(&self) -> &str {
        self.0.split_once('#').map_or("", |(ns, _)| ns)
    }

    pub fn name(&self) -> &str {
        self.0.split_once('#').map_or(&self.0, |(_, name)| name)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of one of this shape's members: `ns#Name$member`.
    pub fn member(&self, member: &str) -> String {
        format!("{}${member}", self.0)
    }

    pub fn is_prelude(&self) -> bool {
        self.namespace() == "smithy.api"
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Every shape type's name, as the JSON AST and the IDL spell it (`set` is Smithy 1.0's).
pub(crate) const SHAPE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "operation",
    "service",
    "resource",
];

/// The simple shape types: the first thirteen of [`SHAPE_TYPES`].
pub(crate) const SIMPLE_TYPES: &[&str] = SHAPE_TYPES.split_at(13).0;

/// The `'static` name of a shape type, if it is one.
pub(crate) fn shape_type(name: &str) -> Option<&'static str> {
    SHAPE_TYPES.iter().find(|t| **t == name).copied()
}

/// The simple shape types (no members, no references).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Simple {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
}

/// A member of an aggregate shape (or of an enum).
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
}

/// What a shape is, with its references.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "a model holds one of these per shape, built once; boxing would only add indirection"
)]
pub enum ShapeKind {
    Simple(Simple),
    /// A string enum; members target `smithy.api#Unit` and carry `enumValue`.
    Enum(Vec<Member>),
    IntEnum(Vec<Member>),
    List(Member),
    Map {
        key: Member,
        value: Member,
    },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    Operation {
        input: ShapeId,
        output: ShapeId,
        errors: Vec<ShapeId>,
    },
    Service {
        version: Option<String>,
        operations: Vec<ShapeId>,
        resources: Vec<ShapeId>,
        errors: Vec<ShapeId>,
    },
    Resource(Resource),
}

/// A resource: its identifiers and properties, the operations bound to its lifecycle and to
/// it, and its child resources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resource {
    /// Identifier name → target (a string or an enum).
    pub identifiers: BTreeMap<String, ShapeId>,
    /// Property name → target.
    pub properties: BTreeMap<String, ShapeId>,
    pub create: Option<ShapeId>,
    pub put: Option<ShapeId>,
    pub read: Option<ShapeId>,
    pub update: Option<ShapeId>,
    pub delete: Option<ShapeId>,
    pub list: Option<ShapeId>,
    /// Instance operations other than the lifecycle ones.
    pub operations: Vec<ShapeId>,
    /// Collection operations other than `create` and `list`.
    pub collection_operations: Vec<ShapeId>,
    pub resources: Vec<ShapeId>,
}

/// The lifecycle operations a resource may bind, in the order Smithy lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lifecycle {
    Create,
    Put,
    Read,
    Update,
    Delete,
    List,
}

impl Lifecycle {
    /// The property that binds it (`create`, `put`...).
    pub fn name(self) -> &'static str {
        match self {
            Lifecycle::Create => "create",
            Lifecycle::Put => "put",
            Lifecycle::Read => "read",
            Lifecycle::Update => "update",
            Lifecycle::Delete => "delete",
            Lifecycle::List => "list",
        }
    }

    /// Whether it acts on the collection (no instance identifiers in its input).
    pub fn is_collection(self) -> bool {
        matches!(self, Lifecycle::Create | Lifecycle::List)
    }
}

impl Resource {
    /// The bound lifecycle operations, in Smithy's order.
    pub fn lifecycle(&self) -> impl Iterator<Item = (Lifecycle, &ShapeId)> {
        [
            (Lifecycle::Create, &self.create),
            (Lifecycle::Put, &self.put),
            (Lifecycle::Read, &self.read),
            (Lifecycle::Update, &self.update),
            (Lifecycle::Delete, &self.delete),
            (Lifecycle::List, &self.list),
        ]
        .into_iter()
        .filter_map(|(l, id)| id.as_ref().map(|id| (l, id)))
    }

    /// Every operation the resource binds: lifecycle, instance and collection operations.
    pub fn all_operations(&self) -> impl Iterator<Item = &ShapeId> {
        self.lifecycle()
            .map(|(_, id)| id)
            .chain(&self.operations)
            .chain(&self.collection_operations)
    }

    /// Whether an operation bound here acts on the collection rather than on one instance.
    pub fn is_collection_operation(&self, op: &ShapeId) -> bool {
        self.collection_operations.contains(op)
            || self
                .lifecycle()
                .any(|(l, id)| l.is_collection() && id == op)
    }

    /// Identifier and property targets.
    pub fn references(&self) -> impl Iterator<Item = &ShapeId> {
        self.identifiers.values().chain(self.properties.values())
    }
}

/// One shape of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub id: ShapeId,
    pub kind: ShapeKind,
    pub traits: Traits,
}

impl Shape {
    /// Members of structures, unions and enums, in model order.
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            ShapeKind::Enum(m)
            | ShapeKind::IntEnum(m)
            | ShapeKind::Structure(m)
            | ShapeKind::Union(m) => m,
            ShapeKind::List(m) => std::slice::from_ref(m),
            _ => &[],
        }
    }

    /// Every shape this one refers to directly (member targets, operation and service bindings).
    pub fn references(&self) -> Vec<&ShapeId> {
        match &self.kind {
            ShapeKind::Simple(_) => vec![],
            ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => vec![],
            ShapeKind::List(m) => vec![&m.target],
            ShapeKind::Map { key, value } => vec![&key.target, &value.target],
            ShapeKind::Structure(ms) | ShapeKind::Union(ms) => {
                ms.iter().map(|m| &m.target).collect()
            }
            ShapeKind::Operation {
                input,
                output,
                errors,
            } => [input, output].into_iter().chain(errors).collect(),
            ShapeKind::Service {
                operations,
                resources,
                errors,
                ..
            } => operations.iter().chain(resources).chain(errors).collect(),
            ShapeKind::Resource(r) => r
                .all_operations()
                .chain(&r.resources)
                .chain(r.references())
                .collect(),
        }
    }

    /// The values of a string enum (an `enum` shape, or a string with the `@enum` trait), in
    /// model order: the member's name (or the definition's value, which names its variant),
    /// the wire value, the documentation, and whether it is internal (an `@internal` member,
    /// a definition tagged "internal").
    pub fn string_enum_values(&self) -> Vec<EnumEntry<'_>> {
        match &self.kind {
            ShapeKind::Enum(members) => members
                .iter()
                .map(|m| EnumEntry {
                    name: &m.name,
                    value: match &m.traits.enum_value {
                        Some(EnumValue::String(s)) => s,
                        _ => &m.name,
                    },
                    documentation: m.traits.documentation.as_deref(),
                    internal: m.traits.internal,
                })
                .collect(),
            _ => self
                .traits
                .enum_definitions
                .iter()
                .flatten()
                .map(|d| EnumEntry {
                    name: &d.value,
                    value: &d.value,
                    documentation: d.documentation.as_deref(),
                    internal: d.tags.iter().any(|t| t == "internal"),
                })
                .collect(),
        }
    }

    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            ShapeKind::Simple(s) => match s {
                Simple::Blob => "blob",
                Simple::Boolean => "boolean",
                Simple::String => "string",
                Simple::Byte => "byte",
                Simple::Short => "short",
                Simple::Integer => "integer",
                Simple::Long => "long",
                Simple::Float => "float",
                Simple::Double => "double",
                Simple::BigInteger => "bigInteger",
                Simple::BigDecimal => "bigDecimal",
                Simple::Timestamp => "timestamp",
                Simple::Document => "document",
            },
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation { .. } => "operation",
            ShapeKind::Service { .. } => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }
}

/// One value of a string enum (see [`Shape::string_enum_values`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumEntry<'a> {
    pub name: &'a str,
    pub value: &'a str,
    pub documentation: Option<&'a str>,
    pub internal: bool,
}

/// A loaded, resolved model: every referenced shape exists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The file each shape was defined in, for diagnostics (built-in files have names
    /// starting `<built-in>/`).
    pub files: BTreeMap<ShapeId, String>,
    /// The model's metadata, merged across files.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// The id of the unit type, the target of enum members and of empty inputs and outputs.
pub const UNIT: &str = "smithy.api#Unit";

impl Model {
    pub fn get(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// Looks up a shape that loading proved exists.
    ///
    /// Every reference in a loaded model resolves, so a miss is a bug in the generator, not in
    /// the model.
    pub fn expect(&self, id: &ShapeId) -> &Shape {
        self.shapes
            .get(id)
            .unwrap_or_else(|| panic!("internal error: reference to {id} was not resolved at load"))
    }

    /// The file that defines the shape of a shape or member id (`ns#Shape$member`).
    pub fn file_of(&self, id: &str) -> Option<&str> {
        let shape = id.split('$').next().unwrap_or(id);
        ShapeId::parse(shape)
            .and_then(|s| self.files.get(&s))
            .map(String::as_str)
    }

    /// Places a diagnostic about a shape or member in the file that defines the shape (when it
    /// has no file yet).
    pub fn locate(&self, diag: Diagnostic) -> Diagnostic {
        match diag.shape.as_deref().and_then(|s| self.file_of(s)) {
            Some(file) => diag.in_file(file),
            None => diag,
        }
    }

    /// Whether a shape is one of the built-in definitions (the prelude, the standard trait
    /// packages: [`builtin`]) rather than one of the model's own files.
    pub fn is_builtin(&self, id: &ShapeId) -> bool {
        id.is_prelude()
            || self
                .files
                .get(id)
                .is_some_and(|f| builtin::is_builtin_file(f))
    }

    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes
            .values()
            .filter(|s| matches!(s.kind, ShapeKind::Service { .. }))
    }

    pub fn is_unit(id: &ShapeId) -> bool {
        id.as_str() == UNIT
    }
}
