//! Looking into JSON AST values: a shape's traits, members and member targets, the way
//! reading and merging both need to.

use serde_json::{Map, Value};

pub(crate) fn has_trait(v: &Value, name: &str) -> bool {
    v.get("traits").and_then(|t| t.get(name)).is_some()
}

pub(crate) fn set_trait(shape: &mut Value, name: &str, value: Value) {
    if let Value::Object(o) = shape {
        let traits = o
            .entry("traits")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(t) = traits {
            t.insert(name.to_owned(), value);
        }
    }
}

pub(crate) fn target_of(member: &Value) -> Option<&str> {
    member.get("target").and_then(Value::as_str)
}

/// The members a shape writes itself, by name (structure-like `members`, or
/// `member`/`key`/`value`).
pub(crate) fn members_of(shape: &Value) -> Vec<(String, &Value)> {
    match shape.get("members") {
        Some(Value::Object(ms)) => ms.iter().map(|(k, v)| (k.clone(), v)).collect(),
        _ => ["member", "key", "value"]
            .into_iter()
            .filter_map(|n| shape.get(n).map(|m| (n.to_owned(), m)))
            .collect(),
    }
}

/// A member written in the shape itself (structure-like `members`, or `member`/`key`/`value`).
pub(crate) fn own_member<'v>(shape: &'v Value, name: &str) -> Option<&'v Value> {
    match shape.get("members") {
        Some(Value::Object(ms)) => ms.get(name),
        _ => matches!(name, "member" | "key" | "value")
            .then(|| shape.get(name))
            .flatten(),
    }
}

pub(crate) fn own_member_mut<'v>(shape: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    if shape.get("members").is_some() {
        return shape.get_mut("members")?.get_mut(name);
    }
    if matches!(name, "member" | "key" | "value") {
        shape.get_mut(name)
    } else {
        None
    }
}

pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
