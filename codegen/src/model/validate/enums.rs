//! `EnumShape`: the values of an enum are distinct (two members with one value would be two
//! variants no reader can tell apart), and a string enum's values are not empty.

use std::collections::BTreeMap;

use super::own_shapes;
use crate::diagnostic::Diagnostic;
use crate::model::{EnumValue, Model, ShapeKind};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    for shape in own_shapes(model) {
        let (ShapeKind::Enum(members) | ShapeKind::IntEnum(members)) = &shape.kind else {
            continue;
        };
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for m in members {
            let value = match &m.traits.enum_value {
                Some(EnumValue::String(s)) => s.clone(),
                Some(EnumValue::Int(n)) => n.to_string(),
                None => m.name.clone(),
            };
            let owner = shape.id.member(&m.name);
            if value.is_empty() {
                let d = Diagnostic::error(owner.clone(), "enum values may not be empty strings");
                events.push(model.locate(d.with_id("EnumShape")));
            }
            if let Some(first) = seen.get(&value) {
                let d = Diagnostic::error(
                    owner,
                    format!(
                        "Multiple enum members found with duplicate value `{value}`: `{first}` and `{}`",
                        m.name
                    ),
                );
                events.push(model.locate(d.with_id("EnumShape")));
            } else {
                seen.insert(value, &m.name);
            }
        }
    }
}
