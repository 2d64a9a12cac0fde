//! JSON AST → Smithy IDL 2.0 text.
//!
//! [`write()`] turns a JSON AST document into one IDL file per namespace, laid out as the Smithy
//! formatter lays out a file: control statement, metadata, namespace, `use` statements, then
//! the shapes (services, resources, operations, every other shape, `apply` statements; each
//! group sorted by name), one blank line apart, 4-space indentation, lines kept within 120
//! columns where a line break is possible.
//!
//! What it writes reads back as the same JSON AST, with these exceptions that the IDL cannot
//! express: a `set` becomes a `list` with `@uniqueItems`, an enum member without an
//! `enumValue` gets one from the reader (the member's name), and `"smithy"` becomes `"2.0"`.
//!
//! Shape ids are written relative wherever that resolves back to the same absolute id under the
//! IDL's rules: a relative name is (1) a name imported by `use`, else (2) a shape of that name
//! defined in the file's namespace, else (3) the prelude (`smithy.api`) shape of that name.
//! Everything else is written absolute. Trait values and `rename` keys are always quoted
//! strings, so they never go through resolution.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;

/// One IDL file of the written model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdlFile {
    /// The file's `namespace`; `None` for a file holding only metadata (a model without shapes).
    pub namespace: Option<String>,
    pub text: String,
}

/// Writes a JSON AST document as IDL 2.0, one file per namespace (sorted by namespace);
/// metadata goes in the first file (or a file with no namespace when there are no shapes).
pub fn write(doc: &Value) -> Result<Vec<IdlFile>, Vec<Diagnostic>> {
    let Some(root) = doc.as_object() else {
        return Err(vec![Diagnostic::error(
            None,
            "the JSON AST document is not an object",
        )]);
    };
    let mut diags = Vec::new();
    let metadata = match root.get("metadata") {
        None => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => {
            diags.push(Diagnostic::error(None, "`metadata` is not an object"));
            None
        }
    };
    let shapes = match root.get("shapes") {
        None => None,
        Some(Value::Object(m)) => Some(m),
        Some(_) => {
            diags.push(Diagnostic::error(None, "`shapes` is not an object"));
            None
        }
    };

    let mut namespaces: BTreeMap<&str, Namespace<'_>> = BTreeMap::new();
    for (id, shape) in shapes.into_iter().flatten() {
        let Some(shape) = shape.as_object() else {
            diags.push(Diagnostic::error(id.clone(), "the shape is not an object"));
            continue;
        };
        let Some(ty) = shape.get("type").and_then(Value::as_str) else {
            diags.push(Diagnostic::error(
                id.clone(),
                "the shape has no `type` string",
            ));
            continue;
        };
        let Some(kind) = Kind::of(ty) else {
            diags.push(Diagnostic::error(
                id.clone(),
                format!("unknown shape type `{ty}`"),
            ));
            continue;
        };
        let Some(parsed) = parse_id(id) else {
            diags.push(Diagnostic::error(
                id.clone(),
                "the shape id is not an absolute shape id (`namespace#Name`)",
            ));
            continue;
        };
        if parsed.member.is_some() && kind != Kind::Apply {
            diags.push(Diagnostic::error(
                id.clone(),
                "a shape id naming a member can only have type `apply`",
            ));
            continue;
        }
        let ns = namespaces.entry(parsed.namespace).or_default();
        ns.local.insert(parsed.name);
        if kind != Kind::Apply {
            ns.defined.insert(parsed.name);
        }
        let name = id.get(parsed.namespace.len() + 1..).unwrap_or_default();
        ns.shapes.push(Entry {
            group: kind.group(),
            name,
            id,
            kind,
            ty,
            shape,
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }

    let metadata_text = metadata.filter(|m| !m.is_empty()).map(metadata_section);
    for ns in namespaces.values_mut() {
        ns.shapes
            .sort_by(|a, b| (a.group, a.name).cmp(&(b.group, b.name)));
    }
    let mut files = Vec::new();
    for (&namespace, ns) in &namespaces {
        // First pass: find every shape id the file refers to (and every problem).
        let mut scope = Scope::new(namespace, ns);
        scope.shapes(&ns.shapes);
        if !scope.diags.is_empty() {
            diags.append(&mut scope.diags);
            continue;
        }
        let uses = scope.choose_uses();
        // Second pass: write with the `use` statements chosen.
        let mut scope = Scope::new(namespace, ns);
        scope.uses = uses;
        let body = scope.shapes(&ns.shapes);
        let mut sections = vec!["$version: \"2.0\"\n".to_owned()];
        if files.is_empty() {
            sections.extend(metadata_text.clone());
        }
        sections.push(format!("namespace {namespace}\n"));
        if !scope.uses.is_empty() {
            let uses: BTreeSet<String> = scope
                .uses
                .iter()
                .map(|(name, ns)| format!("use {ns}#{name}\n"))
                .collect();
            sections.push(uses.into_iter().collect());
        }
        if !body.is_empty() {
            sections.push(body);
        }
        files.push(IdlFile {
            namespace: Some((*namespace).to_owned()),
            text: sections.join("\n"),
        });
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    if files.is_empty() {
        let mut text = "$version: \"2.0\"\n".to_owned();
        if let Some(m) = metadata_text {
            text.push('\n');
            text.push_str(&m);
        }
        files.push(IdlFile {
            namespace: None,
            text,
        });
    }
    Ok(files)
}

/// The longest line the writer makes when it can break a line.
const WIDTH: usize = 120;
/// The prelude namespace.
const PRELUDE: &str = "smithy.api";
const DOCUMENTATION: &str = "smithy.api#documentation";
const DEFAULT: &str = "smithy.api#default";
const ENUM_VALUE: &str = "smithy.api#enumValue";
const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
const UNIT: &str = "smithy.api#Unit";

/// The shapes of one namespace.
#[derive(Default)]
struct Namespace<'a> {
    /// Names of the shapes defined in the namespace (not `apply`).
    defined: BTreeSet<&'a str>,
    /// `defined`, plus the root shape names that `apply` statements target.
    local: BTreeSet<&'a str>,
    shapes: Vec<Entry<'a>>,
}

struct Entry<'a> {
    group: u8,
    /// The id without its namespace (`Name` or `Name$member`).
    name: &'a str,
    id: &'a str,
    kind: Kind,
    /// The type as written in the JSON AST.
    ty: &'a str,
    shape: &'a Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Simple,
    Enum,
    IntEnum,
    List,
    Set,
    Map,
    Structure,
    Union,
    Service,
    Resource,
    Operation,
    Apply,
}

impl Kind {
    fn of(ty: &str) -> Option<Kind> {
        Some(match ty {
            "blob" | "boolean" | "string" | "byte" | "short" | "integer" | "long" | "float"
            | "double" | "bigInteger" | "bigDecimal" | "timestamp" | "document" => Kind::Simple,
            "enum" => Kind::Enum,
            "intEnum" => Kind::IntEnum,
            "list" => Kind::List,
            "set" => Kind::Set,
            "map" => Kind::Map,
            "structure" => Kind::Structure,
            "union" => Kind::Union,
            "service" => Kind::Service,
            "resource" => Kind::Resource,
            "operation" => Kind::Operation,
            "apply" => Kind::Apply,
            _ => return None,
        })
    }

    /// The order of shape groups in a file.
    fn group(self) -> u8 {
        match self {
            Kind::Service => 0,
            Kind::Resource => 1,
            Kind::Operation => 2,
            Kind::Apply => 4,
            _ => 3,
        }
    }
}

/// A parsed absolute shape id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShapeId<'a> {
    namespace: &'a str,
    name: &'a str,
    member: Option<&'a str>,
}

fn parse_id(id: &str) -> Option<ShapeId<'_>> {
    let (namespace, rest) = id.split_once('#')?;
    let (name, member) = match rest.split_once('$') {
        Some((name, member)) => (name, Some(member)),
        None => (rest, None),
    };
    let ok = is_namespace(namespace) && is_identifier(name) && member.is_none_or(is_identifier);
    ok.then_some(ShapeId {
        namespace,
        name,
        member,
    })
}

/// An IDL identifier: `(1*"_" (ALPHA / DIGIT) / ALPHA) *(ALPHA / DIGIT / "_")`.
fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    let underscores = s.len() - rest.len();
    let mut chars = rest.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || (underscores > 0 && c.is_ascii_digit()) => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_namespace(s: &str) -> bool {
    s.split('.').all(is_identifier)
}

/// A node string value: always quoted.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A node object key (or metadata key): bare when an identifier, quoted otherwise.
fn key(s: &str) -> String {
    if is_identifier(s) && !matches!(s, "true" | "false" | "null") {
        s.to_owned()
    } else {
        quote(s)
    }
}

/// Columns a piece of text takes on a line.
fn width(s: &str) -> usize {
    s.chars().count()
}

fn spaces(n: usize) -> String {
    " ".repeat(n)
}

/// The one-line form of a node value, or `None` when it must span lines. As the formatter
/// does, a non-empty object is broken when it is inside an array or holds a non-empty array or
/// object; arrays of scalars (or of such arrays) can stay on one line.
fn flat(v: &Value, in_array: bool) -> Option<String> {
    Some(match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(items) => {
            let items: Option<Vec<String>> = items.iter().map(|i| flat(i, true)).collect();
            format!("[{}]", items?.join(", "))
        }
        Value::Object(m) if m.is_empty() => "{}".to_owned(),
        Value::Object(_) if in_array => return None,
        Value::Object(m) => {
            let kvps: Option<Vec<String>> = m
                .iter()
                .map(|(k, v)| match v {
                    Value::Array(a) if !a.is_empty() => None,
                    Value::Object(o) if !o.is_empty() => None,
                    v => flat(v, false).map(|v| format!("{}: {v}", key(k))),
                })
                .collect();
            format!("{{ {} }}", kvps?.join(", "))
        }
    })
}

/// A node value starting at column `col` of a line indented by `indent`, followed by `suffix`
/// columns of text on its last line: on one line when it fits in [`WIDTH`], else one element
/// (or key-value pair) per line, 4 columns deeper than `indent`.
fn node(v: &Value, indent: usize, col: usize, suffix: usize, in_array: bool) -> String {
    if let Some(f) = flat(v, in_array) {
        if col + width(&f) + suffix <= WIDTH || !matches!(v, Value::Array(_) | Value::Object(_)) {
            return f;
        }
    }
    let inner = indent + 4;
    let mut out = String::new();
    match v {
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for item in items {
                let _ = writeln!(
                    out,
                    "{}{}",
                    spaces(inner),
                    node(item, inner, inner, 0, true)
                );
            }
            out.push_str(&spaces(indent));
            out.push(']');
        }
        Value::Object(m) if !m.is_empty() => {
            out.push_str("{\n");
            for (k, v) in m {
                out.push_str(&kvp(k, v, inner));
                out.push('\n');
            }
            out.push_str(&spaces(indent));
            out.push('}');
        }
        // Empty arrays and objects always have a flat form.
        other => out.push_str(&flat(other, false).unwrap_or_default()),
    }
    out
}

/// An indented `key: value` line (the value maybe spanning lines), without the newline.
fn kvp(k: &str, v: &Value, indent: usize) -> String {
    let k = key(k);
    let col = indent + width(&k) + 2;
    format!("{}{k}: {}", spaces(indent), node(v, indent, col, 0, false))
}

/// A documentation string as `///` lines, when the reader gives back exactly this string: it
/// holds no carriage return nor another character a comment cannot hold.
fn doc_comment(doc: &str, indent: usize) -> Option<String> {
    if doc
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return None;
    }
    let mut out = String::new();
    for line in doc.split('\n') {
        out.push_str(&spaces(indent));
        out.push_str("///");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out)
}

/// The metadata statements, one per line; a statement spanning lines gets a blank line before
/// and after it, as the formatter does.
fn metadata_section(m: &Map<String, Value>) -> String {
    let mut out = String::new();
    let mut previous_multiline = false;
    for (i, (k, v)) in m.iter().enumerate() {
        let prefix = format!("metadata {} = ", key(k));
        let col = width(&prefix);
        let statement = format!("{prefix}{}\n", node(v, 0, col, 0, false));
        let multiline = statement.trim_end().contains('\n');
        if i > 0 && (multiline || previous_multiline) {
            out.push('\n');
        }
        out.push_str(&statement);
        previous_multiline = multiline;
    }
    out
}

/// One member of a shape body: its text (indented, ending with a newline) and whether it has
/// traits or docs (then members are separated by blank lines).
struct Member {
    text: String,
    annotated: bool,
}

/// A `{ ... }` body of members, or `{}`.
fn members_body(members: &[Member]) -> String {
    if members.is_empty() {
        return "{}".to_owned();
    }
    let separator = if members.iter().any(|m| m.annotated) {
        "\n"
    } else {
        ""
    };
    let texts: Vec<&str> = members.iter().map(|m| m.text.as_str()).collect();
    format!("{{\n{}}}", texts.join(separator))
}

/// Writing one namespace's file.
struct Scope<'a> {
    namespace: &'a str,
    defined: &'a BTreeSet<&'a str>,
    local: &'a BTreeSet<&'a str>,
    /// Names imported by `use`: name → namespace.
    uses: BTreeMap<String, String>,
    /// Every root shape id referred to: (namespace, name).
    refs: BTreeSet<(String, String)>,
    diags: Vec<Diagnostic>,
}

impl<'a> Scope<'a> {
    fn new(namespace: &'a str, ns: &'a Namespace<'a>) -> Self {
        Scope {
            namespace,
            defined: &ns.defined,
            local: &ns.local,
            uses: BTreeMap::new(),
            refs: BTreeSet::new(),
            diags: Vec::new(),
        }
    }

    fn error(&mut self, shape: &str, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(shape.to_owned(), message.into()));
    }

    /// The `use` statements for the shape ids referred to: a name of another namespace is
    /// imported unless the file defines (or applies to) a shape of that name, the file refers
    /// to the prelude shape of that name, or an earlier namespace (in sorted order) took it.
    fn choose_uses(&self) -> BTreeMap<String, String> {
        let prelude: BTreeSet<&str> = self
            .refs
            .iter()
            .filter(|(ns, _)| ns == PRELUDE)
            .map(|(_, name)| name.as_str())
            .collect();
        let mut uses = BTreeMap::new();
        for (ns, name) in &self.refs {
            if ns == self.namespace
                || ns == PRELUDE
                || self.local.contains(name.as_str())
                || prelude.contains(name.as_str())
                || uses.contains_key(name)
            {
                continue;
            }
            uses.insert(name.clone(), ns.clone());
        }
        uses
    }

    /// Whether a member name can be written: the IDL has no way to write one that is not an
    /// identifier (the JSON AST can hold one; Smithy rejects such models).
    fn member_name_ok(&mut self, name: &str, member_id: &str) -> bool {
        if is_identifier(name) {
            return true;
        }
        self.error(
            member_id,
            format!(
                "member name `{name}` is not an identifier, so it cannot be written in the IDL"
            ),
        );
        false
    }

    /// How a reference to the root shape id `id` is written in this file.
    fn reference(&mut self, id: &str, owner: &str, what: &str) -> String {
        let Some(parsed) = parse_id(id).filter(|p| p.member.is_none()) else {
            self.error(
                owner,
                format!("{what} `{id}` is not an absolute shape id (`namespace#Name`)"),
            );
            return id.to_owned();
        };
        self.refs
            .insert((parsed.namespace.to_owned(), parsed.name.to_owned()));
        let name = parsed.name;
        let imported = self.uses.get(name);
        let relative = match imported {
            Some(ns) => ns == parsed.namespace,
            None if parsed.namespace == self.namespace && self.defined.contains(name) => true,
            // The reader resolves a bare name to the prelude only for shapes the prelude has.
            None => {
                parsed.namespace == PRELUDE
                    && !self.local.contains(name)
                    && crate::model::prelude_names::contains(id)
            }
        };
        if relative {
            name.to_owned()
        } else {
            id.to_owned()
        }
    }

    /// The target of `{"target": id}`.
    fn target(&mut self, v: &Value, owner: &str, what: &str) -> Option<String> {
        match v.get("target").and_then(Value::as_str) {
            Some(id) if parse_id(id).is_none_or(|p| p.member.is_some()) => {
                self.error(
                    owner,
                    format!("{what} targets `{id}`, not an absolute shape id (`namespace#Name`)"),
                );
                None
            }
            Some(id) => Some(self.reference(id, owner, what)),
            None => {
                self.error(owner, format!("{what} has no `target` string"));
                None
            }
        }
    }

    /// The targets of `[{"target": id}, ...]`.
    fn targets(&mut self, v: &Value, owner: &str, what: &str) -> Vec<String> {
        let Some(items) = v.as_array() else {
            self.error(owner, format!("`{what}` is not an array"));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.target(item, owner, what))
            .collect()
    }

    /// Every shape of the file, one blank line apart.
    fn shapes(&mut self, shapes: &[Entry<'_>]) -> String {
        let blocks: Vec<String> = shapes.iter().map(|entry| self.shape(entry)).collect();
        blocks.join("\n")
    }

    /// The traits of a shape or member, one per line, indented: the documentation first as
    /// `///` lines when it can be, then the others in the document's order. `skip` names traits
    /// written some other way.
    fn traits(
        &mut self,
        traits: Option<&Value>,
        owner: &str,
        indent: usize,
        skip: &[&str],
        doc_comments: bool,
    ) -> String {
        let Some(traits) = traits else {
            return String::new();
        };
        let Some(traits) = traits.as_object() else {
            self.error(owner, "`traits` is not an object");
            return String::new();
        };
        let mut docs = String::new();
        let mut out = String::new();
        for (name, value) in traits {
            if skip.contains(&name.as_str()) {
                continue;
            }
            if doc_comments && name == DOCUMENTATION {
                if let Some(doc) = value.as_str().and_then(|d| doc_comment(d, indent)) {
                    docs = doc;
                    continue;
                }
            }
            let text = self.trait_text(name, value, owner, indent, indent);
            let _ = writeln!(out, "{}{text}", spaces(indent));
        }
        docs + &out
    }

    /// One trait application, starting at column `col` of a line indented by `indent`.
    fn trait_text(
        &mut self,
        name: &str,
        value: &Value,
        owner: &str,
        indent: usize,
        col: usize,
    ) -> String {
        let name = format!("@{}", self.reference(name, owner, "the trait"));
        match value {
            Value::Object(m) if m.is_empty() => name,
            Value::Object(m) => {
                let kvps: Option<Vec<String>> = m
                    .iter()
                    .map(|(k, v)| flat(v, false).map(|v| format!("{}: {v}", key(k))))
                    .collect();
                if let Some(kvps) = kvps {
                    let line = format!("{name}({})", kvps.join(", "));
                    if col + width(&line) <= WIDTH {
                        return line;
                    }
                }
                let mut out = format!("{name}(\n");
                for (k, v) in m {
                    out.push_str(&kvp(k, v, indent + 4));
                    out.push('\n');
                }
                out.push_str(&spaces(indent));
                out.push(')');
                out
            }
            other => {
                let col = col + width(&name) + 1;
                format!("{name}({})", node(other, indent, col, 1, false))
            }
        }
    }

    fn shape(&mut self, entry: &Entry<'_>) -> String {
        let id = entry.id;
        let shape = entry.shape;
        let traits = shape.get("traits");
        if entry.kind == Kind::Apply {
            return self.apply(entry);
        }
        let mut out = self.traits(traits, id, 0, &[], true);
        let mut ty = entry.ty;
        if entry.kind == Kind::Set {
            ty = "list";
            let has_unique = traits
                .and_then(Value::as_object)
                .is_some_and(|t| t.contains_key(UNIQUE_ITEMS));
            if !has_unique {
                let name = self.reference(UNIQUE_ITEMS, id, "the trait");
                let _ = writeln!(out, "@{name}");
            }
        }
        let body = match entry.kind {
            Kind::Simple | Kind::Apply => None,
            Kind::Enum | Kind::IntEnum => Some(self.enum_body(entry)),
            Kind::List | Kind::Set => Some(self.collection_body(id, shape, &["member"])),
            Kind::Map => Some(self.collection_body(id, shape, &["key", "value"])),
            Kind::Structure | Kind::Union => Some(self.structure_body(entry)),
            Kind::Service => Some(self.service_body(id, shape)),
            Kind::Resource => Some(self.resource_body(id, shape)),
            Kind::Operation => Some(self.operation_body(id, shape)),
        };
        let mixins = match shape.get("mixins") {
            Some(m) => self.targets(m, id, "mixins"),
            None => Vec::new(),
        };
        let mut header = format!("{ty} {}", entry.name);
        if !mixins.is_empty() {
            let flat = format!(" with [{}]", mixins.join(", "));
            let opening = match &body {
                Some(b) => width(b.lines().next().unwrap_or_default()) + 1,
                None => 0,
            };
            if width(&header) + width(&flat) + opening <= WIDTH {
                header.push_str(&flat);
            } else {
                header.push_str(" with [\n");
                for mixin in &mixins {
                    let _ = writeln!(header, "    {mixin}");
                }
                header.push(']');
            }
        }
        out.push_str(&header);
        if let Some(body) = body {
            out.push(' ');
            out.push_str(&body);
        }
        out.push('\n');
        out
    }

    fn apply(&mut self, entry: &Entry<'_>) -> String {
        let id = entry.id;
        let Some(parsed) = parse_id(id) else {
            self.error(id, "the shape id is not an absolute shape id");
            return String::new();
        };
        let root = format!("{}#{}", parsed.namespace, parsed.name);
        let mut target = self.reference(&root, id, "the apply target");
        if let Some(member) = parsed.member {
            target.push('$');
            target.push_str(member);
        }
        let traits = match entry.shape.get("traits") {
            None => None,
            Some(Value::Object(t)) => Some(t),
            Some(_) => {
                self.error(id, "`traits` is not an object");
                None
            }
        };
        let traits: Vec<(&String, &Value)> = traits.into_iter().flatten().collect();
        match traits.as_slice() {
            [] => format!("apply {target} {{}}\n"),
            [(name, value)] => {
                let prefix = format!("apply {target} ");
                let text = self.trait_text(name, value, id, 0, width(&prefix));
                format!("{prefix}{text}\n")
            }
            many => {
                let mut out = format!("apply {target} {{\n");
                for (name, value) in many {
                    let text = self.trait_text(name, value, id, 4, 4);
                    let _ = writeln!(out, "    {text}");
                }
                out.push_str("}\n");
                out
            }
        }
    }

    /// A member's traits and its `name: Target` line, plus ` = value` when `value` is given.
    fn member(
        &mut self,
        owner: &str,
        name: &str,
        member: &Value,
        skip: &[&str],
        value: Option<&Value>,
    ) -> Option<Member> {
        let member_id = format!("{owner}${name}");
        if !member.is_object() {
            self.error(&member_id, "the member is not an object");
            return None;
        }
        if !self.member_name_ok(name, &member_id) {
            return None;
        }
        let traits = self.traits(member.get("traits"), &member_id, 4, skip, true);
        let target = self.target(member, &member_id, "the member")?;
        let mut line = format!("    {name}: {target}");
        if let Some(value) = value {
            line.push_str(" = ");
            let col = width(&line);
            line.push_str(&node(value, 4, col, 0, false));
        }
        Some(Member {
            annotated: !traits.is_empty(),
            text: format!("{traits}{line}\n"),
        })
    }

    /// The members of a shape (`members`), checked to be an object.
    fn members_of<'s>(
        &mut self,
        owner: &str,
        shape: &'s Map<String, Value>,
    ) -> Option<&'s Map<String, Value>> {
        match shape.get("members") {
            None => None,
            Some(Value::Object(m)) => Some(m),
            Some(_) => {
                self.error(owner, "`members` is not an object");
                None
            }
        }
    }

    fn structure_body(&mut self, entry: &Entry<'_>) -> String {
        let id = entry.id;
        let mut members = Vec::new();
        for (name, member) in self.members_of(id, entry.shape).into_iter().flatten() {
            let default = if entry.kind == Kind::Structure {
                member
                    .get("traits")
                    .and_then(Value::as_object)
                    .and_then(|t| t.get(DEFAULT))
            } else {
                None
            };
            let skip: &[&str] = if default.is_some() { &[DEFAULT] } else { &[] };
            members.extend(self.member(id, name, member, skip, default));
        }
        members_body(&members)
    }

    fn collection_body(&mut self, id: &str, shape: &Map<String, Value>, names: &[&str]) -> String {
        let mut members = Vec::new();
        for name in names {
            if let Some(member) = shape.get(*name) {
                members.extend(self.member(id, name, member, &[], None));
            }
        }
        members_body(&members)
    }

    fn enum_body(&mut self, entry: &Entry<'_>) -> String {
        let id = entry.id;
        let mut members = Vec::new();
        for (name, member) in self.members_of(id, entry.shape).into_iter().flatten() {
            let member_id = format!("{id}${name}");
            if !self.member_name_ok(name, &member_id) {
                continue;
            }
            match member.get("target").and_then(Value::as_str) {
                Some(UNIT) => {}
                Some(other) => {
                    self.error(
                        &member_id,
                        format!("an enum member targets `{other}`, not `{UNIT}`"),
                    );
                    continue;
                }
                None => {
                    self.error(&member_id, "the member has no `target` string");
                    continue;
                }
            }
            let value = member
                .get("traits")
                .and_then(Value::as_object)
                .and_then(|t| t.get(ENUM_VALUE));
            let assignment = match (entry.kind, value) {
                (Kind::Enum, Some(Value::String(s))) if s == name => Some(String::new()),
                (Kind::Enum, Some(v @ Value::String(_)))
                | (Kind::IntEnum, Some(v @ Value::Number(_))) => {
                    flat(v, false).map(|v| format!(" = {v}"))
                }
                _ => None,
            };
            let skip: &[&str] = if assignment.is_some() {
                &[ENUM_VALUE]
            } else {
                &[]
            };
            let traits = self.traits(member.get("traits"), &member_id, 4, skip, true);
            let assignment = assignment.unwrap_or_default();
            members.push(Member {
                annotated: !traits.is_empty(),
                text: format!("{traits}    {name}{assignment}\n"),
            });
        }
        members_body(&members)
    }

    /// `[A, B]` of shape ids in an entity body, one per line, or `[]`.
    fn id_list(&mut self, v: &Value, owner: &str, what: &str) -> String {
        let ids = self.targets(v, owner, what);
        if ids.is_empty() {
            return "[]".to_owned();
        }
        let mut out = "[\n".to_owned();
        for id in ids {
            let _ = writeln!(out, "        {id}");
        }
        out.push_str("    ]");
        out
    }

    /// `{name: Target, ...}` in an entity body (resource identifiers and properties).
    fn id_map(&mut self, v: &Value, owner: &str, what: &str) -> String {
        let Some(m) = v.as_object() else {
            self.error(owner, format!("`{what}` is not an object"));
            return "{}".to_owned();
        };
        if m.is_empty() {
            return "{}".to_owned();
        }
        let mut out = "{\n".to_owned();
        for (name, target) in m {
            if let Some(target) = self.target(target, owner, what) {
                let _ = writeln!(out, "        {}: {target}", key(name));
            }
        }
        out.push_str("    }");
        out
    }

    /// An entity or operation body from `key: value` properties.
    fn properties_body(properties: Vec<String>) -> String {
        let members: Vec<Member> = properties
            .into_iter()
            .map(|p| Member {
                text: format!("    {p}\n"),
                annotated: false,
            })
            .collect();
        members_body(&members)
    }

    fn service_body(&mut self, id: &str, shape: &Map<String, Value>) -> String {
        let mut properties = Vec::new();
        if let Some(version) = shape.get("version") {
            match version.as_str() {
                Some(v) => properties.push(format!("version: {}", quote(v))),
                None => self.error(id, "`version` is not a string"),
            }
        }
        for what in ["operations", "resources", "errors"] {
            if let Some(v) = shape.get(what) {
                let list = self.id_list(v, id, what);
                properties.push(format!("{what}: {list}"));
            }
        }
        if let Some(rename) = shape.get("rename") {
            match rename.as_object() {
                Some(m) if m.is_empty() => properties.push("rename: {}".to_owned()),
                Some(m) => {
                    let mut text = "rename: {\n".to_owned();
                    for (from, to) in m {
                        if parse_id(from).is_none_or(|p| p.member.is_some()) {
                            self.error(id, format!("the rename key `{from}` is not a shape id"));
                        }
                        match to.as_str() {
                            Some(to) => {
                                let _ = writeln!(text, "        {}: {}", quote(from), quote(to));
                            }
                            None => {
                                self.error(id, format!("the rename of `{from}` is not a string"))
                            }
                        }
                    }
                    text.push_str("    }");
                    properties.push(text);
                }
                None => self.error(id, "`rename` is not an object"),
            }
        }
        Self::properties_body(properties)
    }

    fn resource_body(&mut self, id: &str, shape: &Map<String, Value>) -> String {
        let mut properties = Vec::new();
        for what in ["identifiers", "properties"] {
            if let Some(v) = shape.get(what) {
                let map = self.id_map(v, id, what);
                properties.push(format!("{what}: {map}"));
            }
        }
        for what in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(v) = shape.get(what) {
                if let Some(target) = self.target(v, id, what) {
                    properties.push(format!("{what}: {target}"));
                }
            }
        }
        for what in ["operations", "collectionOperations", "resources"] {
            if let Some(v) = shape.get(what) {
                let list = self.id_list(v, id, what);
                properties.push(format!("{what}: {list}"));
            }
        }
        Self::properties_body(properties)
    }

    fn operation_body(&mut self, id: &str, shape: &Map<String, Value>) -> String {
        let mut properties = Vec::new();
        for what in ["input", "output"] {
            if let Some(v) = shape.get(what) {
                if let Some(target) = self.target(v, id, what) {
                    properties.push(format!("{what}: {target}"));
                }
            }
        }
        if let Some(v) = shape.get("errors") {
            let list = self.id_list(v, id, "errors");
            properties.push(format!("errors: {list}"));
        }
        Self::properties_body(properties)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The files written for `doc`, each after a `--- namespace` line.
    fn idl(doc: Value) -> String {
        let files = write(&doc).unwrap_or_else(|d| panic!("diagnostics: {d:?}"));
        files
            .iter()
            .map(|f| format!("--- {}\n{}", f.namespace.as_deref().unwrap_or("-"), f.text))
            .collect()
    }

    fn errors(doc: Value) -> Vec<String> {
        match write(&doc) {
            Ok(files) => panic!("no error: {files:?}"),
            Err(d) => d.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn quotes_strings() {
        assert_eq!(quote("plain é ü"), "\"plain é ü\"");
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("\n\t\r\u{8}\u{c}"), r#""\n\t\r\b\f""#);
        assert_eq!(quote("\u{1}\u{1f}\u{7f}"), r#""\u0001\u001F\u007F""#);
        assert_eq!(quote("${x}/y#z"), "\"${x}/y#z\"");
    }

    #[test]
    fn keys_are_bare_only_when_identifiers() {
        assert_eq!(key("foo_Bar1"), "foo_Bar1");
        assert_eq!(key("_1"), "_1");
        assert_eq!(key("_"), "\"_\"");
        assert_eq!(key("1a"), "\"1a\"");
        assert_eq!(key("a-b"), "\"a-b\"");
        assert_eq!(key("a.b"), "\"a.b\"");
        assert_eq!(key(""), "\"\"");
        assert_eq!(key("true"), "\"true\"");
        assert_eq!(key("null"), "\"null\"");
    }

    #[test]
    fn parses_shape_ids() {
        assert!(parse_id("a.b#C").is_some());
        assert_eq!(parse_id("a#C$d").and_then(|p| p.member), Some("d"));
        for bad in [
            "C", "#C", "a#", "a.#C", "a#C$", "a#1C", "a b#C", "a#C$d$e", "a#C#D",
        ] {
            assert!(parse_id(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn node_values_break_when_long() {
        assert_eq!(
            flat(
                &json!({"a": 1, "b": [], "c": {}, "d": [1, 2.5, true, null]}),
                true
            ),
            None
        );
        assert_eq!(
            flat(&json!({"a": 1, "b": [], "c": {}, "d": null}), false).unwrap(),
            "{ a: 1, b: [], c: {}, d: null }"
        );
        // Objects holding non-empty arrays or objects span lines.
        assert_eq!(flat(&json!({"a": [1]}), false), None);
        assert_eq!(node(&json!({"a": [1]}), 0, 0, 0, false), "{\n    a: [1]\n}");
        assert_eq!(
            flat(&json!([[1, [2]], ["x"]]), false).unwrap(),
            "[[1, [2]], [\"x\"]]"
        );
        // Objects inside arrays always span lines.
        assert_eq!(
            node(&json!([{"a": 1}]), 0, 0, 0, false),
            "[\n    {\n        a: 1\n    }\n]"
        );
        assert_eq!(node(&json!([{}, []]), 0, 0, 0, false), "[{}, []]");
        let long = json!(["x".repeat(60), "y".repeat(60)]);
        assert_eq!(
            node(&long, 4, 10, 1, false),
            format!(
                "[\n        \"{}\"\n        \"{}\"\n    ]",
                "x".repeat(60),
                "y".repeat(60)
            )
        );
        // Exactly 120 columns fits.
        let fits = json!(["x".repeat(114)]);
        assert_eq!(node(&fits, 0, 2, 0, false).len(), 118);
        assert!(node(&fits, 0, 3, 0, false).contains('\n'));
        assert!(node(&fits, 0, 2, 1, false).contains('\n'));
        assert!(!node(&fits, 0, 1, 1, false).contains('\n'));
    }

    #[test]
    fn layout_of_a_small_model() {
        let doc = json!({
            "smithy": "2.0",
            "metadata": {"foo": "hello", "com.foo": [1, 2]},
            "shapes": {
                "smithy.example#Zed": {"type": "string"},
                "smithy.example#MyString": {
                    "type": "string",
                    "traits": {
                        "smithy.api#length": {"min": 10, "max": 100},
                        "smithy.api#documentation": "Documentation",
                        "smithy.api#sensitive": {}
                    }
                },
                "smithy.example#Op": {"type": "operation", "input": {"target": "smithy.example#S"}, "errors": []},
                "smithy.example#S": {
                    "type": "structure",
                    "members": {
                        "a": {"target": "smithy.api#String"},
                        "b": {"target": "smithy.example#MyString", "traits": {"smithy.api#required": {}, "smithy.api#default": ""}}
                    }
                },
                "smithy.example#T": {
                    "type": "structure",
                    "members": {
                        "a": {"target": "smithy.api#String"},
                        "b": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 0}}
                    }
                }
            }
        });
        assert_eq!(
            idl(doc),
            r#"--- smithy.example
$version: "2.0"

metadata foo = "hello"
metadata "com.foo" = [1, 2]

namespace smithy.example

operation Op {
    input: S
    errors: []
}

/// Documentation
@length(min: 10, max: 100)
@sensitive
string MyString

structure S {
    a: String

    @required
    b: MyString = ""
}

structure T {
    a: String
    b: Integer = 0
}

string Zed
"#
        );
    }

    #[test]
    fn a_local_string_shape_forces_the_absolute_prelude_id() {
        let doc = json!({"smithy": "2.0", "shapes": {
            "a#String": {"type": "string"},
            "a#S": {"type": "structure", "members": {
                "x": {"target": "smithy.api#String"},
                "y": {"target": "a#String"},
                "z": {"target": "b#String"},
                "w": {"target": "smithy.api#Integer"}
            }},
            "b#String": {"type": "string"}
        }});
        let text = idl(doc);
        assert!(
            text.contains(
                "    x: smithy.api#String\n    y: String\n    z: b#String\n    w: Integer\n"
            ),
            "{text}"
        );
        assert!(!text.contains("use "), "{text}");
    }

    #[test]
    fn use_statements_first_namespace_wins() {
        let doc = json!({"smithy": "2.0", "shapes": {
            "z#S": {"type": "structure", "members": {
                "a": {"target": "y#Thing"},
                "b": {"target": "x#Thing"},
                "c": {"target": "x#Other"},
                "d": {"target": "x#Integer"},
                "e": {"target": "smithy.api#Integer"},
                "f": {"target": "w#Local"},
                "g": {"target": "x#Boolean"}
            }, "traits": {"x#tag": {}, "w#S": {}}},
            "z#Local": {"type": "string"},
            "x#Thing": {"type": "string"},
            "y#Thing": {"type": "string"}
        }});
        let text = idl(doc);
        let z = text.split("--- z\n").nth(1).unwrap();
        assert!(
            z.starts_with("$version: \"2.0\"\n\nnamespace z\n\nuse x#Boolean\nuse x#Other\nuse x#Thing\nuse x#tag\n\n"),
            "{z}"
        );
        assert!(z.contains("@tag\n@w#S\nstructure S {\n    a: y#Thing\n    b: Thing\n    c: Other\n    d: x#Integer\n    e: Integer\n    f: w#Local\n    g: Boolean\n}\n"), "{z}");
        assert_eq!(text.matches("--- ").count(), 3);
    }

    #[test]
    fn apply_targets_count_as_local_names() {
        let doc = json!({"smithy": "2.0", "shapes": {
            "a#String": {"type": "apply", "traits": {"smithy.api#sensitive": {}}},
            "a#S$m": {"type": "apply", "traits": {"smithy.api#documentation": "d", "smithy.api#required": {}}},
            "a#S": {"type": "structure", "members": {"m": {"target": "smithy.api#String"}, "n": {"target": "b#String"}}}
        }});
        let text = idl(doc);
        assert!(
            text.contains("    m: smithy.api#String\n    n: b#String\n"),
            "{text}"
        );
        assert!(
            text.contains("apply S$m {\n    @documentation(\"d\")\n    @required\n}\n"),
            "{text}"
        );
        assert!(text.contains("apply a#String @sensitive\n"), "{text}");
    }

    #[test]
    fn documentation_comments_and_fallback() {
        let doc = json!({"smithy": "2.0", "shapes": {
            "a#A": {"type": "string", "traits": {"smithy.api#documentation": "First\n\n  indented \n"}},
            "a#B": {"type": "string", "traits": {"smithy.api#documentation": "line\r\nnext"}},
            "a#C": {"type": "string", "traits": {"smithy.api#documentation": ""}},
            "a#D": {"type": "string", "traits": {"smithy.api#documentation": "bell\u{7}"}},
            "a#E": {"type": "string", "traits": {"smithy.api#documentation": ["not a string"]}}
        }});
        let text = idl(doc);
        assert!(
            text.contains("/// First\n///\n///   indented \n///\nstring A\n"),
            "{text}"
        );
        assert!(
            text.contains("@documentation(\"line\\r\\nnext\")\nstring B\n"),
            "{text}"
        );
        assert!(text.contains("\n///\nstring C\n"), "{text}");
        assert!(
            text.contains("@documentation(\"bell\\u0007\")\nstring D\n"),
            "{text}"
        );
        assert!(
            text.contains("@documentation([\"not a string\"])\nstring E\n"),
            "{text}"
        );
    }

    #[test]
    fn trait_bodies() {
        let long: Map<String, Value> = (0..8)
            .map(|i| (format!("k{i}"), Value::String("http://example.com".into())))
            .collect();
        let doc = json!({"smithy": "2.0", "shapes": {
            "a#A": {"type": "string", "traits": {
                "smithy.api#tags": [],
                "smithy.api#externalDocumentation": long,
                "smithy.api#since": "1.0",
                "smithy.api#default": null,
                "a#custom": {"quoted-key": {"nested": [1]}, "x": "y"}
            }}
        }});
        let text = idl(doc);
        let expected = r#"@tags([])
@externalDocumentation(
    k0: "http://example.com"
    k1: "http://example.com"
    k2: "http://example.com"
    k3: "http://example.com"
    k4: "http://example.com"
    k5: "http://example.com"
    k6: "http://example.com"
    k7: "http://example.com"
)
@since("1.0")
@default(null)
@a#custom(
    "quoted-key": {
        nested: [1]
    }
    x: "y"
)
string A
"#;
        assert!(text.ends_with(expected), "{text}");
    }

    #[test]
    fn member_names_that_are_not_identifiers_are_diagnosed() {
        let doc = json!({"shapes": {
            "a#S": {"type": "structure", "members": {
                "1st": {"target": "smithy.api#String"},
                "null": {"target": "smithy.api#String"}
            }},
            "a#E": {"type": "enum", "members": {"a-b": {"target": "smithy.api#Unit"}}}
        }});
        let diags = write(&doc).unwrap_err();
        let shapes: Vec<_> = diags.iter().filter_map(|d| d.shape.as_deref()).collect();
        assert_eq!(shapes, ["a#E$a-b", "a#S$1st"], "{diags:?}");
        assert!(diags[0].message.contains("not an identifier"), "{diags:?}");
    }

    #[test]
    fn metadata_only_and_empty_documents() {
        assert_eq!(idl(json!({"smithy": "2.0"})), "--- -\n$version: \"2.0\"\n");
        assert_eq!(
            idl(json!({"smithy": "2.0", "metadata": {"a": {}}, "shapes": {}})),
            "--- -\n$version: \"2.0\"\n\nmetadata a = {}\n"
        );
        let two = idl(
            json!({"metadata": {"m": true}, "shapes": {"b#X": {"type": "blob"}, "a#X": {"type": "blob"}}}),
        );
        assert_eq!(
            two,
            "--- a\n$version: \"2.0\"\n\nmetadata m = true\n\nnamespace a\n\nblob X\n--- b\n$version: \"2.0\"\n\nnamespace b\n\nblob X\n"
        );
    }

    #[test]
    fn malformed_input_is_diagnosed() {
        assert_eq!(
            errors(json!([])),
            ["error: the JSON AST document is not an object"]
        );
        let errs = errors(json!({"shapes": {
            "Relative": {"type": "string"},
            "a#Odd": {"type": "thing"},
            "a#NoType": {},
            "a#S": {"type": "structure", "members": {"m": {"traits": {}}, "bad-name": {"target": "a#S"}}},
            "a#L": {"type": "list", "member": {"target": "Relative"}},
            "a#O": {"type": "operation", "errors": [{"target": 1}], "input": "a#S"},
            "a#E": {"type": "enum", "members": {"A": {"target": "smithy.api#String"}}},
            "a#M$m": {"type": "string"},
            "a#T": {"type": "string", "traits": []}
        }}));
        let expected = [
            "error: Relative: the shape id is not an absolute shape id (`namespace#Name`)",
            "error: a#Odd: unknown shape type `thing`",
            "error: a#NoType: the shape has no `type` string",
            "error: a#M$m: a shape id naming a member can only have type `apply`",
        ];
        assert_eq!(errs, expected);
        let errs = errors(json!({"shapes": {
            "a#S": {"type": "structure", "members": {"m": {"traits": {}}, "bad-name": {"target": "a#S"}}},
            "a#L": {"type": "list", "member": {"target": "Relative"}},
            "a#O": {"type": "operation", "errors": [{"target": 1}], "input": "a#S"},
            "a#E": {"type": "enum", "members": {"A": {"target": "smithy.api#String"}}},
            "a#T": {"type": "string", "traits": []},
            "a#V": {"type": "service", "version": 2, "rename": {"x": "y"}}
        }}));
        let expected = [
            "error: a#V: `version` is not a string",
            "error: a#V: the rename key `x` is not a shape id",
            "error: a#O: input has no `target` string",
            "error: a#O: errors has no `target` string",
            "error: a#E$A: an enum member targets `smithy.api#String`, not `smithy.api#Unit`",
            "error: a#L$member: the member targets `Relative`, not an absolute shape id (`namespace#Name`)",
            "error: a#S$m: the member has no `target` string",
            "error: a#S$bad-name: member name `bad-name` is not an identifier, so it cannot be written in the IDL",
            "error: a#T: `traits` is not an object",
        ];
        assert_eq!(errs, expected);
    }

    #[test]
    fn output_is_deterministic() {
        let doc = json!({"shapes": {
            "b#X": {"type": "structure", "members": {"a": {"target": "c#Y"}, "b": {"target": "d#Y"}}},
            "a#X": {"type": "set", "member": {"target": "b#X"}},
            "c#Y": {"type": "string"}, "d#Y": {"type": "string"}
        }});
        let first = idl(doc.clone());
        assert_eq!(first, idl(doc));
        assert!(
            first.contains("@uniqueItems\nlist X {\n    member: b#X\n}\n"),
            "{first}"
        );
        assert!(
            first.contains("use c#Y\n\nstructure X {\n    a: Y\n    b: d#Y\n}\n"),
            "{first}"
        );
    }
}
