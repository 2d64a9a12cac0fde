//! Parsed IDL → JSON AST pieces: relative shape ids resolved, documentation comments, member
//! defaults and enum values turned into traits, inline inputs and outputs already shapes.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::syntax::{Body, File, MemberDef, Node, Ref, ShapeDef, Span, TraitApp, Version};
use crate::diagnostic::Diagnostic;
use crate::model::document::{Document, Elided, merge_trait};
use crate::model::prelude_names;

/// Every shape defined by any file of the model, by absolute id, with its type: what relative
/// ids resolve against and what annotation traits take their value from.
pub(crate) type Symbols = HashMap<String, &'static str>;

/// The absolute ids an IDL file defines (for [`Symbols`]).
pub(crate) fn defined(file: &File) -> impl Iterator<Item = (String, &'static str)> + '_ {
    let ns = file.namespace.as_deref().unwrap_or("");
    file.shapes
        .iter()
        .map(move |s| (format!("{ns}#{}", s.name), s.kind))
}

/// The shape or member a problem is in; its id is only built for a diagnostic.
#[derive(Clone, Copy)]
struct Owner<'a> {
    shape: &'a str,
    member: Option<&'a str>,
}

impl<'a> Owner<'a> {
    fn shape(shape: &'a str) -> Self {
        Self {
            shape,
            member: None,
        }
    }

    fn id(self) -> String {
        match self.member {
            Some(m) => format!("{}${m}", self.shape),
            None => self.shape.to_owned(),
        }
    }
}

struct Lowering<'a> {
    file: &'a str,
    text: &'a str,
    namespace: &'a str,
    symbols: &'a Symbols,
    /// `use` imports: shape name → absolute id.
    uses: HashMap<&'a str, &'a str>,
    /// A buffer for the ids looked up while resolving.
    key: String,
    diags: Vec<Diagnostic>,
}

/// Lowers one parsed file. Problems are returned with the document (which may be partial).
pub(crate) fn lower(
    file_name: &str,
    text: &str,
    file: &File,
    symbols: &Symbols,
) -> (Document, Vec<Diagnostic>) {
    let mut l = Lowering {
        file: file_name,
        text,
        namespace: file.namespace.as_deref().unwrap_or(""),
        symbols,
        uses: HashMap::new(),
        key: String::new(),
        diags: Vec::new(),
    };
    let mut doc = Document::new(file_name, file.version == Version::V1);
    for r in &file.uses {
        let name = r.text.split_once('#').map_or("", |(_, n)| n);
        match l.uses.get(name) {
            Some(prev) if *prev != r.text => {
                let msg = format!(
                    "Cannot use name `{}` because it conflicts with `{prev}`",
                    r.text
                );
                l.error_at(r.span, None, msg);
            }
            _ => {
                l.uses.insert(name, &r.text);
            }
        }
        if !symbols.contains_key(&r.text) && !prelude_names::contains(&r.text) {
            let msg = format!("Use statement refers to undefined shape: {}", r.text);
            l.warn_at(r.span, None, msg);
        }
    }
    for (key, node, span) in &file.metadata {
        let value = l.metadata_value(node);
        if doc.metadata.iter().any(|(k, _)| k == key) {
            l.error_at(*span, None, format!("Duplicate metadata key `{key}`"));
        }
        doc.metadata.push((key.clone(), value));
    }
    let mut defined_here = std::collections::HashSet::new();
    for shape in &file.shapes {
        if let Some(imported) = l.uses.get(shape.name.as_str()) {
            let msg = format!(
                "Shape name `{}` conflicts with imported shape `{imported}`",
                shape.name
            );
            l.error_at(shape.span, Some(l.qualify(&shape.name)), msg);
        }
        let id = l.qualify(&shape.name);
        let value = l.shape(&id, shape, file.version, &mut doc.elided);
        if !defined_here.insert(id.clone()) {
            l.error_at(
                shape.span,
                Some(id.clone()),
                format!("Duplicate shape definition: {id}"),
            );
        }
        doc.shapes.push((id, value));
    }
    for apply in &file.applies {
        let target = l.resolve(&apply.target);
        let traits = l.traits(Owner::shape(&target), None, &apply.traits);
        doc.applies.push((target, traits));
    }
    (doc, l.diags)
}

impl Lowering<'_> {
    fn error_at(&mut self, span: Span, shape: Option<String>, message: String) {
        self.diags.push(
            Diagnostic::error(shape, message)
                .in_file(self.file)
                .at(self.text, span.0, span.1),
        );
    }

    fn warn_at(&mut self, span: Span, shape: Option<String>, message: String) {
        self.diags.push(
            Diagnostic::warning(shape, message)
                .in_file(self.file)
                .at(self.text, span.0, span.1),
        );
    }

    fn qualify(&self, name: &str) -> String {
        format!("{}#{name}", self.namespace)
    }

    /// Resolves a shape id as the spec says: `use`, then the namespace, then the prelude; an
    /// id that resolves nowhere stays in the namespace (and is reported where it is used).
    fn resolve(&mut self, r: &Ref) -> String {
        self.try_resolve(r).unwrap_or_else(|id| id)
    }

    /// `Ok` when the id names a defined shape, `Err` with the id it would have otherwise.
    fn try_resolve(&mut self, r: &Ref) -> Result<String, String> {
        let (shape, member) = match r.text.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (r.text.as_str(), None),
        };
        // The id is built once, with room for the member: most references are resolved
        // (every member target, every trait name), so this is the reader's hottest path.
        let build = |ns: &str, name: &str| {
            let mut id = String::with_capacity(
                ns.len() + 1 + name.len() + member.map_or(0, |m| m.len() + 1),
            );
            id.push_str(ns);
            if !ns.is_empty() {
                id.push('#');
            }
            id.push_str(name);
            if let Some(m) = member {
                id.push('$');
                id.push_str(m);
            }
            id
        };
        if shape.contains('#') {
            let found = self.symbols.contains_key(shape) || prelude_names::contains(shape);
            let id = build("", shape);
            return if found { Ok(id) } else { Err(id) };
        }
        if shape.contains('.') {
            let msg = format!(
                "Invalid shape id `{}`: a namespace needs `#` and a shape name",
                r.text
            );
            self.error_at(r.span, None, msg);
            return Err(r.text.clone());
        }
        if let Some(id) = self.uses.get(shape) {
            return Ok(build("", id));
        }
        self.key.clear();
        self.key.push_str(self.namespace);
        self.key.push('#');
        self.key.push_str(shape);
        if self.symbols.contains_key(self.key.as_str()) {
            return Ok(build(self.namespace, shape));
        }
        if prelude_names::has_name(shape) {
            return Ok(build("smithy.api", shape));
        }
        Err(build(self.namespace, shape))
    }

    fn type_of(&self, id: &str) -> Option<&'static str> {
        self.symbols
            .get(id)
            .copied()
            .or_else(|| prelude_names::type_of(id))
    }

    fn node(&mut self, node: &Node) -> Value {
        match node {
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.node(v)))
                    .collect(),
            ),
            Node::Array(items) => Value::Array(items.iter().map(|v| self.node(v)).collect()),
            Node::Number(n) => Value::Number(n.clone()),
            Node::Bool(b) => Value::Bool(*b),
            Node::Null => Value::Null,
            Node::String(s) => Value::String(s.clone()),
            Node::Id(r) => Value::String(match self.try_resolve(r) {
                Ok(id) => id,
                Err(id) => {
                    let msg = format!(
                        "Syntactic shape ID `{}` does not resolve to a valid shape ID: `{id}`",
                        r.text
                    );
                    self.warn_at(r.span, None, msg);
                    id
                }
            }),
        }
    }

    /// Metadata is outside any namespace: its unquoted strings resolve in the prelude, and
    /// must resolve.
    fn metadata_value(&mut self, node: &Node) -> Value {
        match node {
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.metadata_value(v)))
                    .collect(),
            ),
            Node::Array(items) => {
                Value::Array(items.iter().map(|v| self.metadata_value(v)).collect())
            }
            Node::Id(r) => {
                let id = if r.text.contains('#') {
                    r.text.clone()
                } else {
                    format!("smithy.api#{}", r.text)
                };
                let shape = id.split('$').next().unwrap_or(&id);
                if !self.symbols.contains_key(shape) && !prelude_names::contains(shape) {
                    let msg = format!(
                        "Syntactic shape ID `{}` does not resolve to a valid shape ID: `{id}`",
                        r.text
                    );
                    self.error_at(r.span, None, msg);
                }
                Value::String(id)
            }
            other => self.node(other),
        }
    }

    fn traits(
        &mut self,
        owner: Owner<'_>,
        docs: Option<&str>,
        traits: &[TraitApp],
    ) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(docs) = docs {
            out.insert(
                "smithy.api#documentation".to_owned(),
                Value::String(docs.to_owned()),
            );
        }
        for t in traits {
            let name = self.resolve(&t.name);
            let value = match &t.value {
                Some(v) => self.node(v),
                // An annotation's value depends on the trait's shape.
                None => match self.type_of(&name) {
                    None | Some("structure" | "map") => Value::Object(Map::new()),
                    Some("list" | "set") => Value::Array(Vec::new()),
                    Some("document") => Value::Null,
                    Some(kind) => {
                        let msg = format!(
                            "Error validating trait `{name}`: a trait whose shape is a {kind} needs a value, as in `@{}(...)`",
                            t.name.text
                        );
                        self.error_at(t.name.span, Some(owner.id()), msg);
                        Value::Null
                    }
                },
            };
            if let Err(msg) = merge_trait(&mut out, &name, value) {
                self.error_at(t.name.span, Some(owner.id()), msg);
            }
        }
        out
    }

    fn target(&mut self, r: &Ref, owner: Owner<'_>) -> Value {
        let id = self.resolve(r);
        if id.contains('$') {
            let msg = format!("`{}` is a member id; only shapes can be targeted", r.text);
            self.error_at(r.span, Some(owner.id()), msg);
        }
        let mut o = Map::new();
        o.insert("target".to_owned(), Value::String(id));
        Value::Object(o)
    }

    fn shape(
        &mut self,
        id: &str,
        shape: &ShapeDef,
        version: Version,
        elided: &mut Vec<Elided>,
    ) -> Value {
        let mut o = Map::new();
        let kind = match (shape.kind, version) {
            ("set", Version::V1) => {
                let msg = "Set shapes are deprecated and have been removed in Smithy IDL v2. Use a list shape with the @uniqueItems trait instead.".to_owned();
                self.warn_at(shape.span, Some(id.to_owned()), msg);
                "set"
            }
            ("set", Version::V2) => {
                let msg =
                    "set shapes cannot be used in Smithy version 2.0; use a list with @uniqueItems"
                        .to_owned();
                self.error_at(shape.span, Some(id.to_owned()), msg);
                "set"
            }
            ("enum" | "intEnum", Version::V1) => {
                let msg = format!("{} shapes cannot be used in Smithy version 1.0", shape.kind);
                self.error_at(shape.span, Some(id.to_owned()), msg);
                shape.kind
            }
            (k, _) => k,
        };
        o.insert("type".to_owned(), Value::String(kind.to_owned()));
        if !shape.mixins.is_empty() {
            let mixins = shape
                .mixins
                .iter()
                .map(|m| self.target(m, Owner::shape(id)))
                .collect();
            o.insert("mixins".to_owned(), Value::Array(mixins));
        }
        let resource = shape.for_resource.as_ref().map(|r| self.resolve(r));
        match &shape.body {
            Body::None => {}
            Body::Members(members) => {
                self.members(id, shape.kind, members, resource.as_deref(), &mut o, elided);
                let required: &[&str] = match shape.kind {
                    "list" | "set" => &["member"],
                    "map" => &["key", "value"],
                    _ => &[],
                };
                let missing: Vec<&str> = required
                    .iter()
                    .filter(|m| !o.contains_key(**m))
                    .copied()
                    .collect();
                // With mixins the members may come from them (checked when flattening).
                if !missing.is_empty() && shape.mixins.is_empty() {
                    let s = if missing.len() > 1 { "s" } else { "" };
                    let msg = format!(
                        "Missing required member{s} of shape `{id}`: {}",
                        missing.join(", ")
                    );
                    self.error_at(shape.span, Some(id.to_owned()), msg);
                }
            }
            Body::Operation {
                input,
                output,
                errors,
            } => {
                if let Some(r) = input {
                    let t = self.target(r, Owner::shape(id));
                    o.insert("input".to_owned(), t);
                }
                if let Some(r) = output {
                    let t = self.target(r, Owner::shape(id));
                    o.insert("output".to_owned(), t);
                }
                if let Some(errors) = errors {
                    let list = errors
                        .iter()
                        .map(|r| self.target(r, Owner::shape(id)))
                        .collect();
                    o.insert("errors".to_owned(), Value::Array(list));
                }
            }
            Body::Entity(props) => {
                for (key, node, span) in props {
                    if let Some(v) = self.entity_property(id, shape.kind, key, node, *span, version)
                    {
                        o.insert(key.clone(), v);
                    }
                }
            }
        }
        let traits = self.traits(Owner::shape(id), shape.docs.as_deref(), &shape.traits);
        if !traits.is_empty() {
            o.insert("traits".to_owned(), Value::Object(traits));
        }
        Value::Object(o)
    }

    fn members(
        &mut self,
        id: &str,
        kind: &str,
        members: &[MemberDef],
        resource: Option<&str>,
        o: &mut Map<String, Value>,
        elided: &mut Vec<Elided>,
    ) {
        let mut out = Map::new();
        for m in members {
            let member_id = Owner {
                shape: id,
                member: Some(&m.name),
            };
            let mut traits = self.traits(member_id, m.docs.as_deref(), &m.traits);
            let mut mo = Map::new();
            match (kind, &m.target) {
                ("enum" | "intEnum", _) => {
                    mo.insert(
                        "target".to_owned(),
                        Value::String(crate::model::UNIT.to_owned()),
                    );
                }
                (_, Some(r)) => {
                    if let Value::Object(t) = self.target(r, member_id) {
                        mo.extend(t);
                    }
                }
                (_, None) => elided.push(Elided {
                    shape: id.to_owned(),
                    member: m.name.clone(),
                    resource: resource.map(str::to_owned),
                }),
            }
            match (&m.value, kind) {
                (Some((node, span)), "enum") => match node {
                    Node::String(s) => self.set_trait(
                        &mut traits,
                        member_id,
                        "smithy.api#enumValue",
                        Value::String(s.clone()),
                        *span,
                    ),
                    other => {
                        let msg = format!(
                            "enum members can only be assigned string values, but found: {}",
                            super::parser::node_text(other)
                        );
                        self.error_at(*span, Some(member_id.id()), msg);
                    }
                },
                (Some((node, span)), "intEnum") => match node {
                    Node::Number(n) if n.is_i64() || n.is_u64() => {
                        match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
                            Some(i) => self.set_trait(
                                &mut traits,
                                member_id,
                                "smithy.api#enumValue",
                                Value::from(i),
                                *span,
                            ),
                            None => {
                                let msg = format!(
                                    "intEnum members must fit within an integer, but found: {n}"
                                );
                                self.error_at(*span, Some(member_id.id()), msg);
                            }
                        }
                    }
                    Node::Number(_) => {
                        let msg = "intEnum members do not support floating point values".to_owned();
                        self.error_at(*span, Some(member_id.id()), msg);
                    }
                    other => {
                        let msg = format!(
                            "intEnum members require integer values, but found: {}",
                            super::parser::node_text(other)
                        );
                        self.error_at(*span, Some(member_id.id()), msg);
                    }
                },
                (Some((node, span)), _) => {
                    let v = self.node(node);
                    self.set_trait(&mut traits, member_id, "smithy.api#default", v, *span);
                }
                // Members without a value take their name once mixins are known (assemble).
                (None, _) => {}
            }
            if !traits.is_empty() {
                mo.insert("traits".to_owned(), Value::Object(traits));
            }
            out.insert(m.name.clone(), Value::Object(mo));
        }
        match kind {
            "list" | "set" | "map" => {
                let allowed: &[&str] = if kind == "map" {
                    &["key", "value"]
                } else {
                    &["member"]
                };
                for (name, m) in out {
                    if allowed.contains(&name.as_str()) {
                        o.insert(name, m);
                    } else {
                        let span = members
                            .iter()
                            .find(|x| x.name == name)
                            .map_or((0, 0), |x| x.span);
                        let what = if kind == "map" {
                            "`key` and `value` members"
                        } else {
                            "a `member` member"
                        };
                        let msg = format!(
                            "{}{} shapes may only have {what}, but found `{name}`",
                            kind[..1].to_uppercase(),
                            &kind[1..]
                        );
                        self.error_at(span, Some(id.to_owned()), msg);
                    }
                }
            }
            _ if out.is_empty() => {}
            _ => {
                o.insert("members".to_owned(), Value::Object(out));
            }
        }
    }

    fn set_trait(
        &mut self,
        traits: &mut Map<String, Value>,
        owner: Owner<'_>,
        name: &str,
        value: Value,
        span: Span,
    ) {
        if let Err(msg) = merge_trait(traits, name, value) {
            self.error_at(span, Some(owner.id()), msg);
        }
    }

    /// One property of a service or resource body, as the JSON AST writes it.
    fn entity_property(
        &mut self,
        id: &str,
        kind: &str,
        key: &str,
        node: &Node,
        span: Span,
        version: Version,
    ) -> Option<Value> {
        enum Prop {
            Text,
            One,
            Many,
            NamedTargets,
            Rename,
        }
        let prop = match (kind, key) {
            ("service", "version") => Prop::Text,
            ("service", "operations" | "resources" | "errors") => Prop::Many,
            ("service", "rename") => Prop::Rename,
            ("resource", "identifiers") => Prop::NamedTargets,
            ("resource", "properties") => {
                if version == Version::V1 {
                    let msg =
                        "Resource properties can only be used with Smithy version 2 or later."
                            .to_owned();
                    self.error_at(span, Some(id.to_owned()), msg);
                }
                Prop::NamedTargets
            }
            ("resource", "create" | "put" | "read" | "update" | "delete" | "list") => Prop::One,
            ("resource", "operations" | "collectionOperations" | "resources") => Prop::Many,
            _ => {
                let msg = format!("Unknown property {key} for {id}");
                self.error_at(span, Some(id.to_owned()), msg);
                return None;
            }
        };
        let wrong = |l: &mut Self, what: &str| {
            let msg = format!("Expected `{key}` of {id} to be {what}");
            l.error_at(span, Some(id.to_owned()), msg);
            None
        };
        match (prop, node) {
            (Prop::Text, Node::String(s)) => Some(Value::String(s.clone())),
            (Prop::Text, _) => wrong(self, "a string"),
            (Prop::One, Node::Id(r)) => Some(self.target(r, Owner::shape(id))),
            (Prop::One, _) => wrong(self, "a shape id"),
            (Prop::Many, Node::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Node::Id(r) => out.push(self.target(r, Owner::shape(id))),
                        _ => return wrong(self, "a list of shape ids"),
                    }
                }
                Some(Value::Array(out))
            }
            (Prop::Many, _) => wrong(self, "a list of shape ids"),
            (Prop::NamedTargets, Node::Object(entries)) => {
                let mut out = Map::new();
                for (name, v) in entries {
                    match v {
                        Node::Id(r) => {
                            let t = self.target(r, Owner::shape(id));
                            out.insert(name.clone(), t);
                        }
                        _ => return wrong(self, "an object of shape ids"),
                    }
                }
                Some(Value::Object(out))
            }
            (Prop::NamedTargets, _) => wrong(self, "an object of shape ids"),
            (Prop::Rename, Node::Object(entries)) => {
                let mut out = Map::new();
                for (from, to) in entries {
                    match to {
                        Node::String(s) => {
                            out.insert(from.clone(), Value::String(s.clone()));
                        }
                        _ => return wrong(self, "an object of strings"),
                    }
                }
                Some(Value::Object(out))
            }
            (Prop::Rename, _) => wrong(self, "an object of strings"),
        }
    }
}
