//! Comparing JSON AST models by meaning: assembled, mixins flattened, and written the same
//! way where the JSON AST has two ways to say one thing.

use codegen::model::assemble::assemble;
use serde_json::Value;

/// Shapes' member order is part of the model; serde_json's maps compare without order, so
/// the member names of every shape are compared as lists too.
pub fn member_orders(doc: &Value) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    if let Some(shapes) = doc.get("shapes").and_then(Value::as_object) {
        for (id, s) in shapes {
            if let Some(ms) = s.get("members").and_then(Value::as_object) {
                out.push((id.clone(), ms.keys().cloned().collect()));
            }
        }
    }
    out.sort();
    out
}

/// Drops what the JSON AST may write or leave out with the same meaning: empty `members` and
/// `traits`, empty operation `errors`, and `smithy.api#Unit` operation inputs and outputs.
pub fn normalize(doc: &mut Value) {
    let Some(shapes) = doc.get_mut("shapes").and_then(Value::as_object_mut) else {
        return;
    };
    for shape in shapes.values_mut() {
        let Some(o) = shape.as_object_mut() else {
            continue;
        };
        let drop = |o: &serde_json::Map<String, Value>, k: &str| match o.get(k) {
            Some(Value::Object(m)) => m.is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            _ => false,
        };
        for k in ["members", "traits", "errors"] {
            if drop(o, k) {
                o.remove(k);
            }
        }
        for k in ["input", "output"] {
            if o.get(k)
                .and_then(|t| t.get("target"))
                .and_then(Value::as_str)
                == Some("smithy.api#Unit")
            {
                o.remove(k);
            }
        }
        for m in o
            .get_mut("members")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            if let Some(mo) = m.as_object_mut() {
                if drop(mo, "traits") {
                    mo.remove("traits");
                }
            }
        }
        for k in ["member", "key", "value"] {
            if let Some(mo) = o.get_mut(k).and_then(Value::as_object_mut) {
                if drop(mo, "traits") {
                    mo.remove("traits");
                }
            }
        }
    }
}

/// A model as the comparison sees it: assembled, mixins flattened, normalized.
pub fn semantic(files: &[(&str, &str)]) -> Result<Value, Vec<codegen::Diagnostic>> {
    let (mut model, mut diags) = assemble(files.iter().copied())?;
    model.flatten(&mut diags);
    if diags.iter().any(codegen::Diagnostic::is_error) {
        return Err(diags);
    }
    let mut doc = model.to_json();
    normalize(&mut doc);
    Ok(doc)
}

/// What differs between two assembled models, shape by shape (empty when equal).
pub fn differences(ours: &Value, expected: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let empty = serde_json::Map::new();
    let shapes = |v: &Value| {
        v.get("shapes")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (a, b) = (shapes(ours), shapes(expected));
    for (id, s) in &b {
        match a.get(id) {
            None => out.push(format!("missing shape {id}")),
            Some(x) if x != s => out.push(format!("{id}: ours {x} expected {s}")),
            _ => {}
        }
    }
    for id in a.keys().filter(|id| !b.contains_key(*id)) {
        out.push(format!("extra shape {id}"));
    }
    let meta = |v: &Value| {
        v.get("metadata")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or(empty.clone())
    };
    if meta(ours) != meta(expected) {
        out.push(format!(
            "metadata: ours {:?} expected {:?}",
            meta(ours),
            meta(expected)
        ));
    }
    if out.is_empty() && member_orders(ours) != member_orders(expected) {
        out.push("member order differs".to_owned());
    }
    out
}
