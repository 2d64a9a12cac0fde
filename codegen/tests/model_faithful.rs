//! `model/get-workflow.json` is faithful to the real Customer Profiles service model.
//!
//! Where the shared corpus is present, the shapes reachable from `GetWorkflow` in our model
//! must equal those of `customer-profiles-2020-08-15.json`: same shape ids, and per shape the
//! same type, members (names, order, targets) and traits, documentation aside. Our
//! documentation is written in our own words: present wherever AWS documents a shape or member,
//! and never a copy of AWS's string.
//!
//! Deliberately independent of the library under test: the model is read with `serde_json`
//! alone and the reachability walk is written here. `serde_json::Map` does not keep key order
//! (no `preserve_order` feature), so member order is read by a small key-order scanner below.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

const OPERATION: &str = "com.amazonaws.customerprofiles#GetWorkflow";
const SERVICE: &str = "com.amazonaws.customerprofiles#CustomerProfiles_20200815";
const CORPUS_MODEL: &str = "customer-profiles-2020-08-15.json";
const DOC: &str = "smithy.api#documentation";

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/// A Smithy JSON AST model: its shapes, plus the member order of each shape as written.
struct Model {
    name: String,
    shapes: Map<String, Value>,
    /// Shape id → shape keys of `shapes` in file order.
    shape_order: Vec<String>,
    /// Shape id → member names in file order.
    member_order: BTreeMap<String, Vec<String>>,
}

impl Model {
    fn load(path: &Path) -> Model {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let root: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()));
        assert_eq!(
            root["smithy"],
            "2.0",
            "{}: not a Smithy 2.0 model",
            path.display()
        );
        let shapes = root["shapes"]
            .as_object()
            .unwrap_or_else(|| panic!("{}: no `shapes` object", path.display()))
            .clone();

        let skeleton = Skeleton::parse(&text);
        let shape_skels = skeleton
            .get("shapes")
            .and_then(Skeleton::entries)
            .expect("`shapes` is an object");
        let shape_order = shape_skels.iter().map(|(k, _)| k.clone()).collect();
        let mut member_order = BTreeMap::new();
        for (id, shape) in shape_skels {
            if let Some(members) = shape.get("members").and_then(Skeleton::entries) {
                member_order.insert(id.clone(), members.iter().map(|(k, _)| k.clone()).collect());
            }
        }
        Model {
            name: path.display().to_string(),
            shapes,
            shape_order,
            member_order,
        }
    }

    fn shape(&self, id: &str) -> &Value {
        self.shapes
            .get(id)
            .unwrap_or_else(|| panic!("{}: shape {id} is referenced but not defined", self.name))
    }

    fn members_in_order(&self, id: &str) -> Vec<String> {
        self.member_order.get(id).cloned().unwrap_or_default()
    }
}

fn our_model_path() -> PathBuf {
    support::corpus::manifest_dir().join("../model/get-workflow.json")
}

fn ours() -> Model {
    Model::load(&our_model_path())
}

/// The corpus model, or `None` (after printing why) when the shared corpus is absent.
fn corpus(test: &str) -> Option<Model> {
    support::corpus::corpus_dir_or_skip(test)?;
    let path = support::corpus::corpus_file(CORPUS_MODEL)?;
    Some(Model::load(&path))
}

// ---------------------------------------------------------------------------------------------
// Reachability
// ---------------------------------------------------------------------------------------------

fn is_prelude(id: &str) -> bool {
    id.starts_with("smithy.api#")
}

fn target_of(v: &Value) -> Option<&str> {
    v.get("target").and_then(Value::as_str)
}

/// Ids of the shapes a shape refers to directly: members, list member, map key and value,
/// operation input, output and errors, mixins (resources and services are not followed).
fn references(shape: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["member", "key", "value", "input", "output"] {
        if let Some(t) = shape.get(key).and_then(target_of) {
            out.push(t.to_owned());
        }
    }
    for key in ["errors", "mixins"] {
        for r in shape
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push(
                target_of(r)
                    .unwrap_or_else(|| panic!("{key} entry without target: {r}"))
                    .to_owned(),
            );
        }
    }
    for (_, member) in shape
        .get("members")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out.push(
            target_of(member)
                .unwrap_or_else(|| panic!("member without target: {member}"))
                .to_owned(),
        );
    }
    out
}

/// Every non-prelude shape reachable from `root` (included).
fn closure(model: &Model, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.to_owned()];
    while let Some(id) = stack.pop() {
        if is_prelude(&id) || !seen.insert(id.clone()) {
            continue;
        }
        stack.extend(references(model.shape(&id)));
    }
    seen
}

// ---------------------------------------------------------------------------------------------
// Normalisation
// ---------------------------------------------------------------------------------------------

/// Removes `smithy.api#documentation` from a traits holder, dropping `traits` if left empty.
fn strip_doc(holder: &mut Value) {
    let Some(obj) = holder.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(traits)) = obj.get_mut("traits") {
        traits.remove(DOC);
        if traits.is_empty() {
            obj.remove("traits");
        }
    }
}

/// The shape with documentation stripped from it and from every member / list member / map
/// key and value, so the rest can be compared as plain JSON values.
fn without_docs(shape: &Value) -> Value {
    let mut shape = shape.clone();
    strip_doc(&mut shape);
    let obj = shape.as_object_mut().expect("a shape is an object");
    for key in ["member", "key", "value"] {
        if let Some(m) = obj.get_mut(key) {
            strip_doc(m);
        }
    }
    if let Some(Value::Object(members)) = obj.get_mut("members") {
        for (_, m) in members.iter_mut() {
            strip_doc(m);
        }
    }
    shape
}

fn doc_of(holder: &Value) -> Option<&str> {
    holder.get("traits")?.get(DOC)?.as_str()
}

/// `(label, documentation holder)` for a shape and each of its members.
fn doc_holders<'a>(id: &str, shape: &'a Value) -> Vec<(String, &'a Value)> {
    let mut out = vec![(id.to_owned(), shape)];
    for key in ["member", "key", "value"] {
        if let Some(m) = shape.get(key) {
            out.push((format!("{id}${key}"), m));
        }
    }
    for (name, m) in shape
        .get("members")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out.push((format!("{id}${name}"), m));
    }
    out
}

fn fail_with(problems: Vec<String>, what: &str) {
    assert!(
        problems.is_empty(),
        "{what}:\n  - {}",
        problems.join("\n  - ")
    );
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Checks of our model alone (run even without the corpus).
#[test]
fn our_model_is_self_contained_and_sorted() {
    let ours = ours();
    let reachable = closure(&ours, OPERATION);
    assert!(reachable.contains(OPERATION));
    let mut problems = Vec::new();
    for id in &ours.shape_order {
        if id != SERVICE && !reachable.contains(id) {
            problems.push(format!(
                "{id} is neither the service nor reachable from GetWorkflow"
            ));
        }
        if !id.starts_with("com.amazonaws.customerprofiles#") {
            problems.push(format!(
                "{id} is outside namespace com.amazonaws.customerprofiles"
            ));
        }
    }
    let mut sorted = ours.shape_order.clone();
    sorted.sort();
    if sorted != ours.shape_order {
        problems.push("shapes are not sorted by shape id".to_owned());
    }
    fail_with(problems, "our model");
}

#[test]
fn service_uses_rest_json_and_lists_get_workflow() {
    let ours = ours();
    let service = ours.shape(SERVICE);
    assert_eq!(service["type"], "service");
    assert_eq!(service["version"], "2020-08-15");
    let operations: Vec<&str> = service["operations"]
        .as_array()
        .expect("service has operations")
        .iter()
        .filter_map(target_of)
        .collect();
    assert_eq!(operations, [OPERATION]);
    let traits = service["traits"].as_object().expect("service has traits");
    assert_eq!(
        traits.get("aws.protocols#restJson1"),
        Some(&Value::Object(Map::new()))
    );
    for t in ["aws.api#service", "aws.auth#sigv4", "smithy.api#title"] {
        assert!(traits.contains_key(t), "service lacks {t}");
    }
    assert!(
        doc_of(service).is_some_and(|d| !d.trim().is_empty()),
        "service is undocumented"
    );
    let rules: Vec<&String> = traits
        .keys()
        .filter(|k| k.starts_with("smithy.rules#"))
        .collect();
    assert!(
        rules.is_empty(),
        "endpoint rule traits should be left out: {rules:?}"
    );

    let Some(corpus) = corpus("service_uses_rest_json_and_lists_get_workflow") else {
        return;
    };
    let theirs = corpus.shape(SERVICE);
    assert_eq!(service["version"], theirs["version"]);
    for t in [
        "aws.api#service",
        "aws.auth#sigv4",
        "aws.protocols#restJson1",
        "smithy.api#title",
    ] {
        assert_eq!(
            traits.get(t),
            theirs["traits"].get(t),
            "service trait {t} differs from the corpus"
        );
    }
    assert_ne!(
        doc_of(service),
        doc_of(theirs),
        "service documentation is copied from AWS"
    );
}

#[test]
fn closure_has_the_same_shape_ids_as_the_corpus() {
    let Some(corpus) = corpus("closure_has_the_same_shape_ids_as_the_corpus") else {
        return;
    };
    let ours = closure(&ours(), OPERATION);
    let theirs = closure(&corpus, OPERATION);
    let missing: Vec<_> = theirs.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&theirs).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "shape ids reachable from GetWorkflow differ from the corpus\n  missing: {missing:?}\n  extra: {extra:?}"
    );
    // GetWorkflow: input, output, 5 errors and their targets. Guards against a walk that
    // silently finds nothing in both models.
    assert!(theirs.len() >= 8, "suspiciously small closure: {theirs:?}");
}

#[test]
fn shapes_equal_the_corpus_except_documentation() {
    let Some(corpus) = corpus("shapes_equal_the_corpus_except_documentation") else {
        return;
    };
    let ours = ours();
    let mut problems = Vec::new();
    for id in closure(&corpus, OPERATION) {
        let Some(mine) = ours.shapes.get(&id) else {
            problems.push(format!("{id}: missing from our model"));
            continue;
        };
        let theirs = corpus.shape(&id);
        if mine["type"] != theirs["type"] {
            problems.push(format!(
                "{id}: type {} but the corpus has {}",
                mine["type"], theirs["type"]
            ));
        }
        let (my_members, their_members) =
            (ours.members_in_order(&id), corpus.members_in_order(&id));
        if my_members != their_members {
            problems.push(format!(
                "{id}: members {my_members:?} but the corpus has {their_members:?}"
            ));
        }
        for name in &their_members {
            let (a, b) = (
                &mine["members"][name]["target"],
                &theirs["members"][name]["target"],
            );
            if a != b {
                problems.push(format!("{id}${name}: target {a} but the corpus has {b}"));
            }
        }
        let (a, b) = (without_docs(mine), without_docs(theirs));
        if a != b {
            problems.push(format!(
                "{id}: differs from the corpus (documentation aside)\n      ours:   {a}\n      corpus: {b}"
            ));
        }
    }
    fail_with(problems, "our model is not faithful to the corpus");
}

#[test]
fn documentation_is_present_and_in_our_own_words() {
    let Some(corpus) = corpus("documentation_is_present_and_in_our_own_words") else {
        return;
    };
    let ours = ours();
    let mut problems = Vec::new();
    let mut documented = 0;
    for id in closure(&ours, OPERATION) {
        let (Some(mine), Some(theirs)) = (ours.shapes.get(&id), corpus.shapes.get(&id)) else {
            continue; // reported by the other tests
        };
        let their_docs: BTreeMap<String, Option<&str>> = doc_holders(&id, theirs)
            .into_iter()
            .map(|(label, h)| (label, doc_of(h)))
            .collect();
        for (label, holder) in doc_holders(&id, mine) {
            let my_doc = doc_of(holder);
            if my_doc.is_some_and(|d| d.trim().is_empty()) {
                problems.push(format!("{label}: empty documentation"));
            }
            let their_doc = their_docs.get(&label).copied().flatten();
            if their_doc.is_some() {
                documented += 1;
                if my_doc.is_none_or(|d| d.trim().is_empty()) {
                    problems.push(format!("{label}: AWS documents it, we do not"));
                }
            }
            if my_doc.is_some() && my_doc == their_doc {
                problems.push(format!("{label}: documentation copied verbatim from AWS"));
            }
        }
    }
    assert!(
        documented > 0,
        "the corpus documents nothing in the closure: wrong file?"
    );
    fail_with(problems, "documentation");
}

#[test]
fn key_order_scanner_keeps_file_order() {
    let s = Skeleton::parse(r#"{"b": {"z": 1, "a\"x": [true, null, {"k": "v"}]}, "a": -1.5e3}"#);
    let keys: Vec<&str> = s
        .entries()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["b", "a"]);
    let inner: Vec<&str> = s
        .get("b")
        .unwrap()
        .entries()
        .unwrap()
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(inner, ["z", "a\"x"]);
}

// ---------------------------------------------------------------------------------------------
// Key-order scanner
// ---------------------------------------------------------------------------------------------

/// The shape of a JSON document with object keys in file order, everything else elided. Only ever
/// run on text `serde_json` has already accepted, so it need not report syntax errors.
enum Skeleton {
    Object(Vec<(String, Skeleton)>),
    /// Arrays and scalars: only object key order matters here.
    Other,
}

impl Skeleton {
    fn parse(text: &str) -> Skeleton {
        let mut scanner = Scanner { text, pos: 0 };
        scanner.value()
    }

    fn entries(&self) -> Option<&[(String, Skeleton)]> {
        match self {
            Skeleton::Object(entries) => Some(entries),
            _ => None,
        }
    }

    fn get(&self, key: &str) -> Option<&Skeleton> {
        self.entries()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> u8 {
        self.text.as_bytes()[self.pos]
    }

    fn skip_ws(&mut self) {
        while self.pos < self.text.len() && self.peek().is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) {
        self.skip_ws();
        assert_eq!(
            self.peek(),
            byte,
            "expected {:?} at byte {}",
            byte as char,
            self.pos
        );
        self.pos += 1;
    }

    fn value(&mut self) -> Skeleton {
        self.skip_ws();
        match self.peek() {
            b'{' => {
                self.pos += 1;
                let mut entries = Vec::new();
                self.skip_ws();
                if self.peek() == b'}' {
                    self.pos += 1;
                    return Skeleton::Object(entries);
                }
                loop {
                    self.skip_ws();
                    let key = self.string();
                    self.eat(b':');
                    entries.push((key, self.value()));
                    self.skip_ws();
                    let sep = self.peek();
                    self.pos += 1;
                    if sep == b'}' {
                        return Skeleton::Object(entries);
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == b']' {
                    self.pos += 1;
                    return Skeleton::Other;
                }
                loop {
                    self.value();
                    self.skip_ws();
                    let sep = self.peek();
                    self.pos += 1;
                    if sep == b']' {
                        return Skeleton::Other;
                    }
                }
            }
            b'"' => {
                self.string();
                Skeleton::Other
            }
            _ => {
                // number, true, false, null
                while self.pos < self.text.len()
                    && !matches!(self.peek(), b',' | b'}' | b']')
                    && !self.peek().is_ascii_whitespace()
                {
                    self.pos += 1;
                }
                Skeleton::Other
            }
        }
    }

    /// A string token, unescaped by `serde_json`.
    fn string(&mut self) -> String {
        let start = self.pos;
        assert_eq!(self.peek(), b'"', "expected a string at byte {start}");
        self.pos += 1;
        loop {
            match self.peek() {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        serde_json::from_str(&self.text[start..self.pos]).expect("a valid JSON string")
    }
}
