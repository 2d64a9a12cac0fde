//! Reading model files, IDL or JSON AST in any mix, into [`Document`]s: one per file, in the
//! order given. Merging them is [`super::assemble`]'s business.

use serde_json::{Map, Value};

use super::document::Document;
use super::json_ast::{json_kind, members_of};
use crate::diagnostic::Diagnostic;
use crate::idl;

/// Whether a file is IDL: by its extension, else by its first character (JSON starts with `{`).
pub fn is_idl(file: &str, text: &str) -> bool {
    if file.ends_with(".smithy") {
        return true;
    }
    if file.ends_with(".json") {
        return false;
    }
    !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Reads every file; the flag is false when one could not be read (see [`super::assemble::assemble_all`]).
/// The shapes of `known` (documents already read) resolve in the files' relative shape ids.
pub(crate) fn read_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    known: &[Document],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Document>, bool) {
    let mut docs = Vec::new();
    let mut idl_files = Vec::new();
    let mut readable = true;
    for (file, text) in files {
        if is_idl(file, text) {
            let (parsed, found) = idl::parse(file, text);
            readable &= !found.iter().any(Diagnostic::is_error);
            diags.extend(found);
            idl_files.push((file, text, parsed, docs.len()));
            // A placeholder keeps the documents in the order the files were given.
            docs.push(Document::new(file, false));
        } else {
            match read_json(file, text, diags) {
                Some(doc) => docs.push(doc),
                None => {
                    readable = false;
                    docs.push(Document::new(file, false));
                }
            }
        }
    }
    if idl_files.is_empty() || !readable {
        return (docs, readable);
    }
    // Relative ids resolve against every shape of the model, so collect them all first.
    let mut symbols = idl::Symbols::new();
    for doc in known.iter().chain(&docs) {
        for (id, shape) in &doc.shapes {
            let kind = shape.get("type").and_then(Value::as_str).unwrap_or("");
            // Unknown types, reported when the shape is read, resolve as "".
            symbols.insert(id.clone(), super::shape_type(kind).unwrap_or(""));
        }
    }
    for (_, _, parsed, _) in &idl_files {
        symbols.extend(idl::defined(parsed));
    }
    for (file, text, parsed, slot) in idl_files {
        let (mut doc, d) = idl::lower(file, text, &parsed, &symbols);
        diags.extend(d);
        doc.source = Some(text.to_owned());
        docs[slot] = doc;
    }
    (docs, readable)
}

/// Reads a JSON AST file (Smithy 1.0 or 2.0); `None` when it cannot be read. Properties the
/// JSON AST does not define are warned about, as Smithy does.
fn read_json(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Document> {
    let mut err = |msg: String| {
        diags.push(Diagnostic::error(None, msg).in_file(file));
        None
    };
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return err(format!("not valid JSON: {e}")),
    };
    let Value::Object(mut root) = root else {
        return err("a Smithy JSON AST model must be a JSON object".into());
    };
    let v1 = match root.get("smithy").and_then(Value::as_str) {
        Some("1" | "1.0") => true,
        Some("2" | "2.0") => false,
        Some(v) => {
            return err(format!(
                "unsupported Smithy version {v:?}: 1.0 and 2.0 models are supported"
            ));
        }
        None => {
            return err(
                "missing the `smithy` version property: not a Smithy JSON AST model".into(),
            );
        }
    };
    let mut doc = Document::new(file, v1);
    match root.get("metadata") {
        None => {}
        Some(Value::Object(m)) => doc.metadata = m.clone().into_iter().collect(),
        Some(other) => {
            return err(format!(
                "Expected `metadata` to be an object; found {}",
                json_kind(other)
            ));
        }
    }
    match root.get("shapes") {
        None => {}
        Some(Value::Object(shapes)) => {
            for (id, shape) in shapes {
                let kind = shape.get("type").and_then(Value::as_str).unwrap_or("");
                let allowed = json_properties(kind);
                warn_unknown_properties(diags, file, Some(id), shape, allowed);
                for (name, member) in members_of(shape) {
                    let member_id = format!("{id}${name}");
                    warn_unknown_properties(
                        diags,
                        file,
                        Some(&member_id),
                        member,
                        &["target", "traits"],
                    );
                }
                if kind == "apply" {
                    let traits = match shape.get("traits") {
                        Some(Value::Object(t)) => t.clone(),
                        _ => Map::new(),
                    };
                    doc.applies.push((id.clone(), traits));
                } else {
                    doc.shapes.push((id.clone(), shape.clone()));
                }
            }
        }
        Some(other) => {
            return err(format!(
                "Expected `shapes` to be an object; found {}",
                json_kind(other)
            ));
        }
    }
    let top = Value::Object(std::mem::take(&mut root));
    warn_unknown_properties(diags, file, None, &top, &["metadata", "shapes", "smithy"]);
    Some(doc)
}

/// The properties a JSON AST shape of this type may have.
fn json_properties(kind: &str) -> &'static [&'static str] {
    match kind {
        "list" | "set" => &["member", "mixins", "traits", "type"],
        "map" => &["key", "mixins", "traits", "type", "value"],
        "structure" | "union" | "enum" | "intEnum" => &["members", "mixins", "traits", "type"],
        "operation" => &["errors", "input", "mixins", "output", "traits", "type"],
        "service" => &[
            "errors",
            "mixins",
            "operations",
            "rename",
            "resources",
            "traits",
            "type",
            "version",
        ],
        "resource" => &[
            "collectionOperations",
            "create",
            "delete",
            "identifiers",
            "list",
            "mixins",
            "operations",
            "properties",
            "put",
            "read",
            "resources",
            "traits",
            "type",
            "update",
        ],
        "apply" => &["traits", "type"],
        _ => &["mixins", "traits", "type"],
    }
}

fn warn_unknown_properties(
    diags: &mut Vec<Diagnostic>,
    file: &str,
    shape: Option<&str>,
    value: &Value,
    allowed: &[&str],
) {
    let Some(o) = value.as_object() else { return };
    let mut extra: Vec<&str> = o
        .keys()
        .map(String::as_str)
        .filter(|k| !allowed.contains(k))
        .collect();
    if extra.is_empty() {
        return;
    }
    extra.sort_unstable();
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    diags.push(
        Diagnostic::warning(
            shape.map(str::to_owned),
            format!(
                "Expected an object with possible properties of {}, but found additional properties: {}",
                list(allowed),
                list(&extra)
            ),
        )
        .in_file(file),
    );
}
