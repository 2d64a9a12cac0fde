//! Mixins: the order they apply in (each after its own mixins, cycles reported), the rules
//! for mixins and the shapes using them, and flattening, which copies each mixin's members,
//! traits and properties into the shapes that use it.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::Assembled;
use crate::diagnostic::Diagnostic;
use crate::model::json_ast::{has_trait, members_of, own_member, target_of};

impl Assembled {
    /// Applies mixins, as Smithy's flattened model does: each shape gets its mixins' members
    /// (first, in mixin order, with the traits it adds to them) and their traits (but
    /// `@mixin` and its `localTraits`), operations, services and resources their properties;
    /// then the mixin shapes themselves are removed. Cycles and missing mixins are errors.
    pub fn flatten(&mut self, diags: &mut Vec<Diagnostic>) {
        let order = self.mixin_order(diags);
        let mut mixin_ids = HashSet::new();
        for id in &order {
            let Some(shape) = self.shapes.get(id) else {
                continue;
            };
            if has_trait(shape, "smithy.api#mixin") {
                mixin_ids.insert(id.clone());
                self.check_mixin(id, shape, diags);
            }
            let mixins: Vec<String> = shape
                .get("mixins")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| target_of(m).map(str::to_owned))
                .collect();
            if mixins.is_empty() {
                continue;
            }
            self.check_mixed(id, shape, &mixins, diags);
            let mut flat = Map::new();
            for m in &mixins {
                if let Some(mixin) = self.shapes.get(m) {
                    inherit(&mut flat, mixin);
                }
            }
            let Some(Value::Object(own)) = self.shapes.get_mut(id) else {
                continue;
            };
            own.remove("mixins");
            overlay(&mut flat, std::mem::take(own));
            *own = flat;
        }
        self.shapes.retain(|id, _| !mixin_ids.contains(id));
    }

    fn error(&self, id: &str, message: String, diags: &mut Vec<Diagnostic>) {
        let shape = id.split('$').next().unwrap_or(id);
        let file = self.files.get(shape).map_or("", String::as_str);
        diags.push(Diagnostic::error(id.to_owned(), message).in_file(file));
    }

    /// What a mixin may not define.
    fn check_mixin(&self, id: &str, shape: &Value, diags: &mut Vec<Diagnostic>) {
        match shape.get("type").and_then(Value::as_str) {
            Some("operation") => {
                let non_unit = ["input", "output"].iter().any(|k| {
                    shape
                        .get(*k)
                        .and_then(target_of)
                        .is_some_and(|t| t != crate::model::UNIT)
                });
                if non_unit {
                    let msg = format!(
                        "Operation shapes with the mixin trait MUST target `smithy.api#Unit` for their input and output. Operation mixin shape `{id}` targets another shape"
                    );
                    self.error(id, msg, diags);
                }
            }
            Some("resource") => {
                let defines = |k: &str| {
                    shape
                        .get(k)
                        .and_then(Value::as_object)
                        .is_some_and(|p| !p.is_empty())
                };
                if defines("identifiers") || defines("properties") {
                    let msg = format!(
                        "Resource shapes with the mixin trait may not define any properties. Resource mixin shape `{id}` defines one or more properties"
                    );
                    self.error(id, msg, diags);
                }
            }
            _ => {}
        }
    }

    /// The rules for a shape that uses mixins: each is a mixin of the shape's own type, and a
    /// member it redefines keeps the mixin member's target.
    fn check_mixed(&self, id: &str, shape: &Value, mixins: &[String], diags: &mut Vec<Diagnostic>) {
        let kind = shape.get("type").and_then(Value::as_str).unwrap_or("");
        let mut wrong_type = Vec::new();
        let mut inherited: HashMap<String, (String, String)> = HashMap::new();
        for m in mixins {
            let Some(mixin) = self.shapes.get(m) else {
                continue;
            };
            if !has_trait(mixin, "smithy.api#mixin") {
                let msg = format!(
                    "Shape `{m}` is used as a mixin but is not marked with the `@mixin` trait"
                );
                self.error(id, msg, diags);
            }
            if mixin.get("type").and_then(Value::as_str) != Some(kind) {
                wrong_type.push(m.as_str());
            }
            for (name, member) in members_of(mixin) {
                let Some(target) = target_of(member) else {
                    continue;
                };
                if let Some((origin, prev)) = inherited.get(&name) {
                    if prev != target {
                        let msg = format!(
                            "Member conflicts with an inherited mixin member: `{m}${name}` (`{origin}` gives it another target)"
                        );
                        self.error(&format!("{id}${name}"), msg, diags);
                    }
                    continue;
                }
                inherited.insert(name, (m.clone(), target.to_owned()));
            }
        }
        if !wrong_type.is_empty() {
            let msg = format!(
                "Mixins may only be mixed into shapes of the same type. The following mixins were applied to the {kind} shape `{id}` which are not {kind} shapes: [{}]",
                wrong_type.join(", ")
            );
            self.error(id, msg, diags);
        }
        for (name, member) in members_of(shape) {
            let (Some(target), Some((origin, prev))) = (target_of(member), inherited.get(&name))
            else {
                continue;
            };
            if target != prev {
                let msg =
                    format!("Member conflicts with an inherited mixin member: `{origin}${name}`");
                self.error(&format!("{id}${name}"), msg, diags);
            }
        }
    }

    /// Shape ids ordered so that each mixin comes before the shapes that use it. Every shape
    /// on a mixin cycle is reported, and so is every shape whose mixin is missing or broken.
    fn mixin_order(&self, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        struct Walk<'m> {
            model: &'m Assembled,
            /// `None` while visiting, `Some(ok)` when done.
            state: HashMap<String, Option<bool>>,
            stack: Vec<String>,
            on_cycle: HashSet<String>,
            order: Vec<String>,
        }
        impl Walk<'_> {
            fn visit(&mut self, id: &str, diags: &mut Vec<Diagnostic>) -> bool {
                match self.state.get(id) {
                    Some(Some(ok)) => return *ok,
                    Some(None) => {
                        let start = self.stack.iter().position(|s| s == id).unwrap_or(0);
                        let cycle: Vec<String> = self.stack[start..].to_vec();
                        for shape in &cycle {
                            if !self.on_cycle.insert(shape.clone()) {
                                continue;
                            }
                            let others: Vec<&str> = cycle
                                .iter()
                                .rev()
                                .filter(|o| *o != shape)
                                .map(String::as_str)
                                .collect();
                            let msg = format!(
                                "Unable to resolve mixins; cycles detected between this shape and [{}]",
                                others.join(", ")
                            );
                            self.model.error(shape, msg, diags);
                        }
                        return false;
                    }
                    None => {}
                }
                self.state.insert(id.to_owned(), None);
                self.stack.push(id.to_owned());
                let mixins: Vec<String> = self
                    .model
                    .shapes
                    .get(id)
                    .and_then(|s| s.get("mixins"))
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|m| target_of(m).map(str::to_owned))
                    .collect();
                let mut ok = true;
                for m in mixins {
                    let usable =
                        self.model.shapes.get(&m).is_some_and(complete) && self.visit(&m, diags);
                    if !usable {
                        ok = false;
                        if !self.on_cycle.contains(id) {
                            let msg = format!("Cannot apply mixin to {id}: {m} not found");
                            self.model.error(id, msg, diags);
                        }
                    }
                }
                self.stack.pop();
                self.state.insert(id.to_owned(), Some(ok));
                self.order.push(id.to_owned());
                ok
            }
        }
        let mut walk = Walk {
            model: self,
            state: HashMap::new(),
            stack: Vec::new(),
            on_cycle: HashSet::new(),
            order: Vec::new(),
        };
        for id in self.shapes.keys() {
            walk.visit(id, diags);
        }
        walk.order
    }
}

/// Adds what a (flattened) mixin gives the shapes that use it to `flat`.
fn inherit(flat: &mut Map<String, Value>, mixin: &Value) {
    let Value::Object(mixin) = mixin else { return };
    let local: Vec<&str> = mixin
        .get("traits")
        .and_then(|t| t.get("smithy.api#mixin"))
        .and_then(|m| m.get("localTraits"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (key, value) in mixin {
        match key.as_str() {
            "type" | "mixins" => {}
            "traits" => {
                let Value::Object(traits) = value else {
                    continue;
                };
                let Value::Object(into) = flat
                    .entry("traits")
                    .or_insert_with(|| Value::Object(Map::new()))
                else {
                    continue;
                };
                for (name, v) in traits {
                    if name != "smithy.api#mixin" && !local.contains(&name.as_str()) {
                        into.insert(name.clone(), v.clone());
                    }
                }
            }
            _ => merge_property(flat, key, value.clone()),
        }
    }
}

/// Lays a shape's own definition over what its mixins gave it.
fn overlay(flat: &mut Map<String, Value>, own: Map<String, Value>) {
    for (key, value) in own {
        match key.as_str() {
            "traits" => {
                let Value::Object(traits) = value else {
                    continue;
                };
                if let Value::Object(into) = flat
                    .entry("traits")
                    .or_insert_with(|| Value::Object(Map::new()))
                {
                    into.extend(traits);
                }
            }
            "type" => {
                flat.insert(key, value);
            }
            _ => merge_property(flat, &key, value),
        }
    }
}

/// Merges one property: members merge by name (a later definition's target wins and its
/// traits are added), `member`/`key`/`value` likewise, lists of references concatenate
/// without repeats, objects merge, anything else is replaced.
fn merge_property(flat: &mut Map<String, Value>, key: &str, value: Value) {
    match (flat.get_mut(key), value) {
        (Some(Value::Object(prev)), Value::Object(next)) if key == "members" => {
            for (name, m) in next {
                match prev.get_mut(&name) {
                    Some(existing) => merge_member(existing, m),
                    None => {
                        prev.insert(name, m);
                    }
                }
            }
        }
        (Some(existing), m) if matches!(key, "member" | "key" | "value") => {
            merge_member(existing, m)
        }
        (Some(Value::Array(prev)), Value::Array(next)) => {
            for item in next {
                if !prev.contains(&item) {
                    prev.push(item);
                }
            }
        }
        (Some(Value::Object(prev)), Value::Object(next)) => prev.extend(next),
        (_, value) => {
            flat.insert(key.to_owned(), value);
        }
    }
}

fn merge_member(existing: &mut Value, next: Value) {
    let (Value::Object(existing), Value::Object(next)) = (existing, next) else {
        return;
    };
    for (k, v) in next {
        match (k.as_str(), existing.get_mut(&k), v) {
            ("traits", Some(Value::Object(prev)), Value::Object(traits)) => prev.extend(traits),
            (_, _, v) => {
                existing.insert(k, v);
            }
        }
    }
}

/// The members a shape has from its mixins (transitively), by name → target.
pub(super) fn mixin_member(
    shapes: &Map<String, Value>,
    id: &str,
    name: &str,
    depth: usize,
) -> Option<String> {
    if depth > 64 {
        return None; // a mixin cycle, reported when mixins are flattened
    }
    let shape = shapes.get(id)?;
    for m in shape
        .get("mixins")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(mixin) = target_of(m) else { continue };
        let own = shapes
            .get(mixin)
            .and_then(|s| own_member(s, name))
            .and_then(target_of)
            .map(str::to_owned);
        if let Some(t) = own.or_else(|| mixin_member(shapes, mixin, name, depth + 1)) {
            return Some(t);
        }
    }
    None
}

/// Whether a shape could be built: a list or map without mixins of its own has the members
/// its type requires. Smithy drops one that does not (its loader reports the missing member),
/// so a shape using it as a mixin finds it missing.
fn complete(shape: &Value) -> bool {
    if shape.get("mixins").is_some() {
        return true;
    }
    let required: &[&str] = match shape.get("type").and_then(Value::as_str) {
        Some("list" | "set") => &["member"],
        Some("map") => &["key", "value"],
        _ => &[],
    };
    required.iter().all(|m| shape.get(*m).is_some())
}
