//! The Smithy prelude: shapes in `smithy.api` that every model may target.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Shape, ShapeId, ShapeKind, Simple, Traits};

/// The prelude shapes, with the defaults Smithy gives the `Primitive*` ones.
pub(super) fn shapes() -> Vec<Shape> {
    use Simple::*;
    let plain = [
        ("String", String),
        ("Blob", Blob),
        ("BigInteger", BigInteger),
        ("BigDecimal", BigDecimal),
        ("Timestamp", Timestamp),
        ("Document", Document),
        ("Boolean", Boolean),
        ("Byte", Byte),
        ("Short", Short),
        ("Integer", Integer),
        ("Long", Long),
        ("Float", Float),
        ("Double", Double),
    ];
    let primitive = [
        ("PrimitiveBoolean", Boolean, Value::Bool(false)),
        ("PrimitiveByte", Byte, Value::from(0)),
        ("PrimitiveShort", Short, Value::from(0)),
        ("PrimitiveInteger", Integer, Value::from(0)),
        ("PrimitiveLong", Long, Value::from(0)),
        ("PrimitiveFloat", Float, Value::from(0)),
        ("PrimitiveDouble", Double, Value::from(0)),
    ];
    let id = |name: &str| ShapeId(format!("smithy.api#{name}"));
    let mut out: Vec<Shape> = plain
        .into_iter()
        .map(|(name, simple)| Shape {
            id: id(name),
            kind: ShapeKind::Simple(simple),
            traits: Traits::default(),
        })
        .collect();
    out.extend(primitive.into_iter().map(|(name, simple, default)| {
        let raw = BTreeMap::from([("smithy.api#default".to_owned(), default)]);
        Shape {
            id: id(name),
            kind: ShapeKind::Simple(simple),
            traits: Traits::parse(raw).unwrap_or_default(),
        }
    }));
    let unit = BTreeMap::from([(
        "smithy.api#unitType".to_owned(),
        Value::Object(Default::default()),
    )]);
    out.push(Shape {
        id: id("Unit"),
        kind: ShapeKind::Structure(Vec::new()),
        traits: Traits::parse(unit).unwrap_or_default(),
    });
    out
}
