//! Merging model files into one JSON AST.
//!
//! [`super::read`] makes each file a [`Document`]: its shapes as JSON AST values, its metadata
//! and its `apply` statements. [`assemble`] merges the documents the way Smithy does (metadata arrays
//! concatenate, equal duplicates are ignored, conflicts are errors), fills in elided member
//! targets, applies the `apply` statements and upgrades Smithy 1.0 shapes to 2.0 semantics
//! (`@default` where 1.0 had implicit zero values). The result is what `smithy ast` prints
//! and what the typed loader reads.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::document::{Document, Elided, merge_trait};
use super::json_ast::{
    has_trait, json_kind, members_of, own_member, own_member_mut, set_trait, target_of,
};
use super::read::read_files;
use super::{builtin, prelude_names};
use crate::diagnostic::{Diagnostic, Severity};
use crate::idl;

pub use super::read::is_idl;

/// The merged model: one JSON AST plus where each shape came from.
#[derive(Debug, Clone, Default)]
pub struct Assembled {
    pub metadata: Map<String, Value>,
    /// Absolute id → JSON AST shape, in the order the files defined them.
    pub shapes: Map<String, Value>,
    /// Absolute id → the file that defined the shape.
    pub files: HashMap<String, String>,
    /// File → text, of the IDL files: diagnostics found after parsing are placed in them by
    /// parsing the file again, which costs nothing when there is nothing to report.
    sources: HashMap<String, String>,
}

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
                    let usable = self.model.shapes.contains_key(&m) && self.visit(&m, diags);
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

    /// Gives each diagnostic about a shape or member read from IDL the place that defines it
    /// (or, for an `apply` target no file defines, the `apply` statement), so that problems
    /// found after parsing point into the file too.
    pub fn locate(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut indexes: HashMap<&str, idl::Places> = HashMap::new();
        diags
            .into_iter()
            .map(|d| {
                let Some(shape) = d.shape.as_deref().filter(|_| d.location.is_none()) else {
                    return d;
                };
                // The file the problem was found in, else the one that defines the shape; a
                // problem a user's file causes is not placed in a built-in file.
                let root = shape.split('$').next().unwrap_or(shape);
                let found_in = d.file.as_deref();
                let candidates =
                    found_in
                        .into_iter()
                        .chain(self.files.get(root).map(String::as_str).filter(|f| {
                            found_in.is_none_or(builtin::is_builtin_file)
                                || !builtin::is_builtin_file(f)
                        }));
                for file in candidates {
                    let Some((file, text)) = self.sources.get_key_value(file) else {
                        continue;
                    };
                    let places = indexes
                        .entry(file.as_str())
                        .or_insert_with(|| idl::Places::of(text));
                    if let Some((start, end)) = places.find(shape) {
                        return d.in_file(file).at(text, start, end);
                    }
                }
                d
            })
            .collect()
    }

    /// Whether a shape is one of the built-in definitions ([`super::builtin`]).
    pub fn is_builtin(&self, id: &str) -> bool {
        self.files
            .get(id)
            .is_some_and(|f| builtin::is_builtin_file(f))
    }

    /// The model as one Smithy 2.0 JSON AST document: the shapes of the files read, without
    /// the built-in ones (as `smithy ast` leaves out the prelude).
    pub fn to_json(&self) -> Value {
        let mut doc = Map::new();
        doc.insert("smithy".to_owned(), Value::String("2.0".to_owned()));
        if !self.metadata.is_empty() {
            doc.insert("metadata".to_owned(), Value::Object(self.metadata.clone()));
        }
        let own = self
            .shapes
            .iter()
            .filter(|(id, _)| !self.is_builtin(id))
            .map(|(id, shape)| (id.clone(), shape.clone()));
        doc.insert("shapes".to_owned(), Value::Object(own.collect()));
        Value::Object(doc)
    }
}

/// How strictly a model is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Report a trait that no shape defines as a warning instead of an error (Smithy's
    /// "allow unknown traits"), for tools that read models whose trait packages they lack.
    pub allow_unknown_traits: bool,
}

/// Reads and merges `(file name, text)` pairs; `.smithy` files are IDL, others JSON AST.
///
/// Returns the merged model and its warnings, or every diagnostic found when any is an error.
pub fn assemble<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(Assembled, Vec<Diagnostic>), Vec<Diagnostic>> {
    assemble_with(files, &LoadOptions::default())
}

/// [`assemble`] with options.
pub fn assemble_with<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    options: &LoadOptions,
) -> Result<(Assembled, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (model, diags) = assemble_all(files, options);
    match model {
        Some(model) if !diags.iter().any(Diagnostic::is_error) => Ok((model, diags)),
        _ => Err(diags),
    }
}

/// [`assemble`], but a model that breaks rules is still returned (with its errors), so that
/// later checks can report their findings too; `None` when a file could not be read at all
/// (not JSON, or an IDL syntax error), where later findings would only be noise.
pub(crate) fn assemble_all<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    options: &LoadOptions,
) -> (Option<Assembled>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (builtin, builtin_diags) = builtin::documents();
    diags.extend(builtin_diags.iter().cloned());
    let (docs, readable) = read_files(files, builtin, &mut diags);
    if !readable {
        return (None, diags);
    }
    let assembled = merge(builtin.iter().cloned().chain(docs), options, &mut diags);
    let diags = assembled.locate(diags);
    (Some(assembled), diags)
}

fn merge(
    docs: impl IntoIterator<Item = Document>,
    options: &LoadOptions,
    diags: &mut Vec<Diagnostic>,
) -> Assembled {
    let mut out = Assembled::default();
    let mut v1_shapes = HashSet::new();
    let mut metadata_files: HashMap<String, String> = HashMap::new();
    let mut applies = Vec::new();
    let mut elided = Vec::new();
    for doc in docs {
        for (key, value) in doc.metadata {
            match out.metadata.get_mut(&key) {
                None => {
                    metadata_files.insert(key.clone(), doc.file.clone());
                    out.metadata.insert(key, value);
                }
                Some(Value::Array(prev)) if value.is_array() => {
                    if let Value::Array(items) = value {
                        prev.extend(items);
                    }
                }
                Some(prev) if *prev == value => {}
                Some(_) => diags.push(
                    Diagnostic::error(
                        None,
                        format!(
                            "Metadata conflict for key `{key}`. Defined in both {} and {}",
                            metadata_files.get(&key).map_or("?", String::as_str),
                            doc.file
                        ),
                    )
                    .in_file(&doc.file),
                ),
            }
        }
        let builtin = builtin::is_builtin_file(&doc.file);
        for (id, shape) in doc.shapes {
            if !builtin && id.starts_with("smithy.api#") {
                diags.push(
                    Diagnostic::error(
                        id.clone(),
                        "models may not define shapes in the `smithy.api` prelude namespace",
                    )
                    .in_file(&doc.file),
                );
                continue;
            }
            if let Some(prev) = out.shapes.get(&id) {
                // A user's definition of a built-in trait package's shape is a version of that
                // package: it replaces ours.
                let replaces_builtin = !builtin
                    && out
                        .files
                        .get(&id)
                        .is_some_and(|f| builtin::is_builtin_file(f));
                if !replaces_builtin {
                    if *prev != shape {
                        let first = out.files.get(&id).map_or("?", String::as_str);
                        diags.push(
                            Diagnostic::error(
                                id.clone(),
                                format!("Conflicting shape definition: also defined in {first}"),
                            )
                            .in_file(&doc.file),
                        );
                    }
                    continue;
                }
            }
            if doc.v1 {
                v1_shapes.insert(id.clone());
            }
            out.files.insert(id.clone(), doc.file.clone());
            out.shapes.insert(id, shape);
        }
        applies.extend(doc.applies.into_iter().map(|a| (doc.file.clone(), a)));
        if let Some(text) = doc.source {
            out.sources.insert(doc.file.clone(), text);
        }
        elided.extend(doc.elided.into_iter().map(|e| (doc.file.clone(), e)));
    }
    for (file, e) in elided {
        fill_elided(&mut out.shapes, &file, &e, diags);
    }
    implicit_enum_values(&mut out.shapes);
    for (file, (target, traits)) in applies {
        apply(&mut out.shapes, &file, &target, traits, diags);
    }
    check_traits(&out, options, diags);
    check_metadata(&out, diags);
    check_v1(&out, &v1_shapes, diags);
    upgrade_v1(&mut out.shapes, &v1_shapes);
    out
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
fn mixin_member(shapes: &Map<String, Value>, id: &str, name: &str, depth: usize) -> Option<String> {
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

fn fill_elided(
    shapes: &mut Map<String, Value>,
    file: &str,
    e: &Elided,
    diags: &mut Vec<Diagnostic>,
) {
    let member_id = format!("{}${}", e.shape, e.member);
    let from_resource = match &e.resource {
        Some(r) => match shapes.get(r) {
            Some(res) if res.get("type").and_then(Value::as_str) == Some("resource") => {
                ["identifiers", "properties"]
                    .iter()
                    .find_map(|p| {
                        res.get(*p)
                            .and_then(|m| m.get(&e.member))
                            .and_then(target_of)
                    })
                    .map(str::to_owned)
            }
            Some(other) => {
                let kind = other
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown");
                diags.push(
                    Diagnostic::error(
                        e.shape.clone(),
                        format!(
                            "The target of the `for` production must be a resource shape, but found a {kind} shape: {r}"
                        ),
                    )
                    .in_file(file),
                );
                return;
            }
            None => {
                diags.push(
                    Diagnostic::error(
                        e.shape.clone(),
                        format!("`for` names {r}, which does not exist"),
                    )
                    .in_file(file),
                );
                return;
            }
        },
        None => None,
    };
    let target = from_resource.or_else(|| mixin_member(shapes, &e.shape, &e.member, 0));
    let Some(target) = target else {
        diags.push(
            Diagnostic::error(
                member_id,
                "Member target was elided, but no bound resource or mixin contained a matching identifier or member name.",
            )
            .in_file(file),
        );
        return;
    };
    if let Some(Value::Object(m)) = shapes
        .get_mut(&e.shape)
        .and_then(|s| own_member_mut(s, &e.member))
    {
        m.insert("target".to_owned(), Value::String(target));
    }
}

/// A string enum member without `enumValue` has its name as value, unless it redefines a
/// mixin's member, whose value it then inherits.
fn implicit_enum_values(shapes: &mut Map<String, Value>) {
    let mut missing = Vec::new();
    for (id, shape) in shapes.iter() {
        if shape.get("type").and_then(Value::as_str) != Some("enum") {
            continue;
        }
        for (name, m) in shape
            .get("members")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !has_trait(m, "smithy.api#enumValue") && mixin_member(shapes, id, name, 0).is_none()
            {
                missing.push((id.clone(), name.clone()));
            }
        }
    }
    for (id, name) in missing {
        if let Some(m) = shapes.get_mut(&id).and_then(|s| own_member_mut(s, &name)) {
            set_trait(m, "smithy.api#enumValue", Value::String(name));
        }
    }
}

fn apply(
    shapes: &mut Map<String, Value>,
    file: &str,
    target: &str,
    traits: Map<String, Value>,
    diags: &mut Vec<Diagnostic>,
) {
    let (shape_id, member) = match target.split_once('$') {
        Some((s, m)) => (s, Some(m)),
        None => (target, None),
    };
    let report = |diags: &mut Vec<Diagnostic>, msg: String| {
        diags.push(Diagnostic::error(target.to_owned(), msg).in_file(file));
    };
    if shape_id.starts_with("smithy.api#") && !builtin::is_builtin_file(file) {
        let names: Vec<String> = traits.keys().map(|t| format!("`{t}`")).collect();
        let msg = format!(
            "Cannot apply {} to an immutable prelude shape defined in `smithy.api`",
            names.join(", ")
        );
        return report(diags, msg);
    }
    if !shapes.contains_key(shape_id) {
        return report(
            diags,
            "`apply` targets a shape that does not exist".to_owned(),
        );
    }
    // A member that comes from a mixin is written into the shape, with the mixin's target, so
    // that the applied traits have somewhere to go; flattening merges it with the mixin's.
    if let Some(m) = member {
        let exists = shapes
            .get(shape_id)
            .and_then(|s| own_member(s, m))
            .is_some();
        if !exists {
            let Some(t) = mixin_member(shapes, shape_id, m, 0) else {
                return report(
                    diags,
                    "`apply` targets a member that does not exist".to_owned(),
                );
            };
            let mut new = Map::new();
            new.insert("target".to_owned(), Value::String(t));
            if let Some(shape) = shapes.get_mut(shape_id) {
                match shape.get_mut("members") {
                    Some(Value::Object(ms)) => {
                        ms.insert(m.to_owned(), Value::Object(new));
                    }
                    _ => {
                        if let Value::Object(o) = shape {
                            o.insert(m.to_owned(), Value::Object(new));
                        }
                    }
                }
            }
        }
    }
    let Some(shape) = shapes.get_mut(shape_id) else {
        return;
    };
    let owner = match member {
        Some(m) => own_member_mut(shape, m),
        None => Some(shape),
    };
    let Some(Value::Object(owner)) = owner else {
        return report(
            diags,
            "`apply` targets a shape that is not a JSON object".to_owned(),
        );
    };
    let existing = owner
        .entry("traits")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(existing) = existing else {
        return report(diags, "`traits` must be an object".to_owned());
    };
    for (name, value) in traits {
        if let Err(msg) = merge_trait(existing, &name, value) {
            report(diags, msg);
        }
    }
}

/// Each applied trait is a trait shape (`@trait`), defined by the model or built in, and its
/// value has the JSON type the trait's shape takes (deeper checks of trait values are the
/// validators' business, not loading's).
fn check_traits(model: &Assembled, options: &LoadOptions, diags: &mut Vec<Diagnostic>) {
    let check = |owner: &str, traits: &Value, file: &str, diags: &mut Vec<Diagnostic>| {
        let Some(traits) = traits.as_object() else {
            return;
        };
        for (name, value) in traits {
            let kind = match model.shapes.get(name) {
                Some(shape) => {
                    if !has_trait(shape, "smithy.api#trait") {
                        // Reported on the shape, as Smithy does: that is where `@trait` goes.
                        let msg = format!(
                            "Shape `{name}` cannot be applied as a trait (it is applied to `{owner}`). If this is a custom trait, please add `@trait` to this shape."
                        );
                        let defined_in = model.files.get(name).map_or(file, String::as_str);
                        diags.push(Diagnostic::error(name.clone(), msg).in_file(defined_in));
                        continue;
                    }
                    shape.get("type").and_then(Value::as_str).unwrap_or("")
                }
                None => {
                    let msg = format!(
                        "Unable to resolve trait `{name}`: no shape of that id is defined in the model or built in. A custom trait must be defined (a shape with `@trait`)"
                    );
                    let severity = if options.allow_unknown_traits {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    diags.push(Diagnostic::new(severity, owner.to_owned(), msg).in_file(file));
                    continue;
                }
            };
            let fits = match kind {
                "structure" | "union" | "map" => value.is_object(),
                "list" | "set" => value.is_array(),
                "string" | "enum" | "blob" => value.is_string(),
                "boolean" => value.is_boolean(),
                "timestamp" => value.is_number() || value.is_string(),
                "byte" | "short" | "integer" | "long" | "float" | "double" | "bigInteger"
                | "bigDecimal" | "intEnum" => value.is_number(),
                _ => true,
            };
            if !fits {
                let msg = format!(
                    "Error validating trait `{name}`: expected a value for a {kind} shape, found {} value",
                    json_kind(value)
                );
                diags.push(Diagnostic::error(owner.to_owned(), msg).in_file(file));
            }
        }
    };
    for (id, shape) in &model.shapes {
        let file = model.files.get(id).map_or("", String::as_str);
        if let Some(t) = shape.get("traits") {
            check(id, t, file, diags);
        }
        for (name, member) in members_of(shape) {
            if let Some(t) = member.get("traits") {
                check(&format!("{id}${name}"), t, file, diags);
            }
        }
    }
}

/// Metadata keys Smithy itself reads must have the form it reads.
fn check_metadata(model: &Assembled, diags: &mut Vec<Diagnostic>) {
    for key in ["validators", "suppressions"] {
        if let Some(v) = model.metadata.get(key).filter(|v| !v.is_array()) {
            diags.push(Diagnostic::error(
                None,
                format!("{key} must be an array. Found {}.", json_kind(v)),
            ));
        }
    }
}

/// Features Smithy 1.0 files may not use.
fn check_v1(model: &Assembled, v1: &HashSet<String>, diags: &mut Vec<Diagnostic>) {
    for id in v1 {
        let Some(shape) = model.shapes.get(id) else {
            continue;
        };
        let file = model.files.get(id).map_or("", String::as_str);
        if has_trait(shape, "smithy.api#mixin") {
            diags.push(
                Diagnostic::error(
                    id.clone(),
                    format!(
                        "Mixins can only be used in Smithy 2.0 or later. Attempted to apply a @mixin trait to `{id}` in a model file using version `1.0`."
                    ),
                )
                .in_file(file),
            );
        }
        let all = members_of(shape);
        if has_trait(shape, "smithy.api#default") {
            diags.push(
                Diagnostic::error(
                    id.clone(),
                    "The @default trait can only be used in Smithy 2.0 or later",
                )
                .in_file(file),
            );
        }
        for (name, m) in all {
            if has_trait(m, "smithy.api#default") {
                diags.push(
                    Diagnostic::error(
                        format!("{id}${name}"),
                        "The @default trait can only be used in Smithy 2.0 or later",
                    )
                    .in_file(file),
                );
            }
        }
    }
}

/// Types that had a zero value in Smithy 1.0 unless boxed.
const HAD_ZERO_VALUE: &[&str] = &[
    "byte", "short", "integer", "long", "float", "double", "boolean", "intEnum",
];

fn zero_of(kind: &str) -> Value {
    if kind == "boolean" {
        Value::Bool(false)
    } else {
        Value::from(0)
    }
}

/// Gives Smithy 1.0 shapes their 2.0 meaning, as Smithy does when it loads them: a number or
/// boolean shape that is not `@box`ed had a zero value, so it gets `@default(0)` (or `false`),
/// and so do the structure members that target such shapes; a `@box`ed member gets
/// `@default(null)`; an optional member streaming a blob gets `@default("")`.
fn upgrade_v1(shapes: &mut Map<String, Value>, v1: &HashSet<String>) {
    if v1.is_empty() {
        return;
    }
    let kind_of = |shapes: &Map<String, Value>, id: &str| -> String {
        shapes
            .get(id)
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str)
            .or_else(|| prelude_names::type_of(id))
            .unwrap_or("")
            .to_owned()
    };
    let mut ids: Vec<&String> = v1.iter().collect();
    ids.sort();
    for id in &ids {
        let Some(shape) = shapes.get_mut(id.as_str()) else {
            continue;
        };
        let kind = shape
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if HAD_ZERO_VALUE.contains(&kind.as_str())
            && !has_trait(shape, "smithy.api#box")
            && !has_trait(shape, "smithy.api#default")
        {
            set_trait(shape, "smithy.api#default", zero_of(&kind));
        }
    }
    // A target is boxed (nullable in 1.0) when it says so, or when it is a 2.0 (or prelude)
    // number or boolean without a zero default.
    let is_boxed = |shapes: &Map<String, Value>, target: &str, kind: &str| -> bool {
        let traits = shapes.get(target).and_then(|s| s.get("traits"));
        let has = |n: &str| traits.and_then(|t| t.get(n)).is_some();
        if has("smithy.api#box") {
            return true;
        }
        if !HAD_ZERO_VALUE.contains(&kind) || v1.contains(target) {
            return false;
        }
        let default = if shapes.contains_key(target) {
            traits.and_then(|t| t.get("smithy.api#default")).cloned()
        } else {
            target
                .strip_prefix("smithy.api#Primitive")
                .map(|_| zero_of(kind))
        };
        default != Some(zero_of(kind)) && default != Some(Value::from(0.0))
    };
    for id in ids {
        let Some(shape) = shapes.get(id.as_str()) else {
            continue;
        };
        if shape.get("type").and_then(Value::as_str) != Some("structure") {
            continue;
        }
        let Some(members) = shape.get("members").and_then(Value::as_object) else {
            continue;
        };
        let mut upgrades = Vec::new();
        for (name, m) in members {
            let Some(target) = target_of(m) else { continue };
            let kind = kind_of(shapes, target);
            let target_traits = shapes.get(target).and_then(|s| s.get("traits"));
            let streaming_blob = kind == "blob"
                && target_traits
                    .and_then(|t| t.get("smithy.api#streaming"))
                    .is_some()
                && !has_trait(m, "smithy.api#required");
            if has_trait(m, "smithy.api#default") {
                continue;
            }
            let member_boxed = has_trait(m, "smithy.api#box");
            if (HAD_ZERO_VALUE.contains(&kind.as_str()) || streaming_blob)
                && !member_boxed
                && !is_boxed(shapes, target, &kind)
            {
                let zero = if streaming_blob {
                    Value::String(String::new())
                } else {
                    zero_of(&kind)
                };
                upgrades.push((name.clone(), zero));
            } else if member_boxed {
                upgrades.push((name.clone(), Value::Null));
            }
        }
        if let Some(Value::Object(ms)) = shapes
            .get_mut(id.as_str())
            .and_then(|s| s.get_mut("members"))
        {
            for (name, value) in upgrades {
                if let Some(m) = ms.get_mut(&name) {
                    set_trait(m, "smithy.api#default", value);
                }
            }
        }
    }
}
