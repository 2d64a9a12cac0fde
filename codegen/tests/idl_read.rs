//! The IDL reader, one grammar feature at a time: each test reads IDL and checks the JSON AST
//! it becomes (or the diagnostic it gets).

use codegen::Diagnostic;
use codegen::model::assemble::assemble;
use serde_json::{Value, json};

fn ast(files: &[(&str, &str)]) -> Value {
    match assemble(files.iter().copied()) {
        Ok((model, _)) => model.to_json(),
        Err(d) => panic!(
            "{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn one(text: &str) -> Value {
    ast(&[("model.smithy", text)])
}

fn shape(doc: &Value, id: &str) -> Value {
    doc["shapes"][id].clone()
}

fn errors(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    match codegen::model::load(files.iter().copied()) {
        Ok(_) => panic!("expected the model to fail"),
        Err(d) => d.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

fn has_error(diags: &[Diagnostic], needle: &str) -> bool {
    diags.iter().any(|d| d.message.contains(needle))
}

#[test]
fn control_statements_set_version_and_inline_suffixes() {
    let doc = one(r#"$version: "2.0"
$operationInputSuffix: "Request"
$operationOutputSuffix: "Response"
$unknownStatement: "ignored"
namespace ex

operation Get {
    input := {}
    output := {}
}
"#);
    assert_eq!(
        shape(&doc, "ex#Get"),
        json!({"type": "operation", "input": {"target": "ex#GetRequest"}, "output": {"target": "ex#GetResponse"}})
    );
    assert_eq!(
        shape(&doc, "ex#GetRequest")["traits"],
        json!({"smithy.api#input": {}})
    );
    let d = errors(&[("a.smithy", "$version: \"2\"\n$version: \"2\"\n")]);
    assert!(
        has_error(&d, "Duplicate control statement `version`"),
        "{d:?}"
    );
    let d = errors(&[("a.smithy", "$version: \"3.0\"\n")]);
    assert!(
        has_error(&d, "Unsupported Smithy version number: 3.0"),
        "{d:?}"
    );
}

#[test]
fn metadata_merges_across_files() {
    let doc = ast(&[
        (
            "a.smithy",
            "$version: \"2\"\nmetadata list = [1]\nmetadata same = {a: \"b\"}\nmetadata \"quoted key\" = true\n",
        ),
        (
            "b.smithy",
            "$version: \"2\"\nmetadata list = [2]\nmetadata same = {a: \"b\"}\nmetadata id = String\n",
        ),
    ]);
    assert_eq!(
        doc["metadata"],
        json!({"list": [1, 2], "same": {"a": "b"}, "quoted key": true, "id": "smithy.api#String"})
    );
    let d = errors(&[
        ("a.smithy", "$version: \"2\"\nmetadata x = 1\n"),
        ("b.smithy", "$version: \"2\"\nmetadata x = 2\n"),
    ]);
    assert!(has_error(&d, "Metadata conflict for key `x`"), "{d:?}");
}

#[test]
fn simple_shapes_and_their_traits() {
    let doc = one(r#"$version: "2"
namespace ex

/// Docs.
@length(min: 1, max: 10)
@pattern("^[a-z]+$")
string Name

blob B
boolean Bo
document D
byte By
short Sh
integer I
long L
float F
double Do
bigInteger BI
bigDecimal BD
timestamp T
"#);
    assert_eq!(
        shape(&doc, "ex#Name"),
        json!({"type": "string", "traits": {
            "smithy.api#documentation": "Docs.",
            "smithy.api#length": {"min": 1, "max": 10},
            "smithy.api#pattern": "^[a-z]+$"
        }})
    );
    for (name, kind) in [
        ("B", "blob"),
        ("Bo", "boolean"),
        ("D", "document"),
        ("By", "byte"),
        ("Sh", "short"),
        ("I", "integer"),
        ("L", "long"),
        ("F", "float"),
        ("Do", "double"),
        ("BI", "bigInteger"),
        ("BD", "bigDecimal"),
        ("T", "timestamp"),
    ] {
        assert_eq!(shape(&doc, &format!("ex#{name}")), json!({"type": kind}));
    }
}

#[test]
fn enums_with_and_without_values() {
    let doc = one(r#"$version: "2"
namespace ex

enum Color {
    RED
    GREEN = "green"
    @deprecated
    BLUE
}

intEnum Level {
    LOW = 1
    HIGH = 10
}
"#);
    let members = &shape(&doc, "ex#Color")["members"];
    assert_eq!(members["RED"]["traits"]["smithy.api#enumValue"], "RED");
    assert_eq!(members["GREEN"]["traits"]["smithy.api#enumValue"], "green");
    assert_eq!(
        members["BLUE"]["traits"],
        json!({"smithy.api#deprecated": {}, "smithy.api#enumValue": "BLUE"})
    );
    assert_eq!(members["RED"]["target"], "smithy.api#Unit");
    let levels = &shape(&doc, "ex#Level")["members"];
    assert_eq!(levels["HIGH"]["traits"]["smithy.api#enumValue"], 10);
    let d = errors(&[(
        "a.smithy",
        "$version: \"2\"\nnamespace ex\nintEnum E {\n    A = \"x\"\n}\n",
    )]);
    assert!(
        has_error(&d, "intEnum members require integer values"),
        "{d:?}"
    );
}

#[test]
fn lists_maps_structures_unions_with_defaults() {
    let doc = one(r#"$version: "2"
namespace ex

list Names {
    @length(min: 1)
    member: String
}

map Counts {
    key: String
    value: Integer
}

structure Person {
    @required
    name: String

    age: Integer = 0
    tags: Names = []
    nickname: String = "none",
}

union Shape {
    circle: Integer
    square: Integer
}
"#);
    assert_eq!(
        shape(&doc, "ex#Names"),
        json!({"type": "list", "member": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"min": 1}}}})
    );
    assert_eq!(
        shape(&doc, "ex#Counts"),
        json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#Integer"}})
    );
    let person = shape(&doc, "ex#Person");
    let order: Vec<&String> = person["members"].as_object().unwrap().keys().collect();
    assert_eq!(order, ["name", "age", "tags", "nickname"]);
    assert_eq!(
        person["members"]["age"]["traits"],
        json!({"smithy.api#default": 0})
    );
    assert_eq!(
        person["members"]["tags"]["traits"],
        json!({"smithy.api#default": []})
    );
    assert_eq!(shape(&doc, "ex#Shape")["type"], "union");
}

#[test]
fn services_resources_and_operations() {
    let doc = one(r#"$version: "2"
namespace ex

service Store {
    version: "2024-01-01"
    operations: [Ping]
    resources: [Item]
    errors: [Oops]
    rename: { "other#Thing": "OtherThing" }
}

resource Item {
    identifiers: { id: String }
    properties: { name: String }
    create: CreateItem
    read: GetItem
    list: ListItems
    operations: [Ping]
    collectionOperations: [Ping]
}

operation Ping {}

operation CreateItem {
    input: CreateItemInput
    output: CreateItemInput
    errors: [Oops]
}

@readonly
operation GetItem {}

@readonly
operation ListItems {}

structure CreateItemInput {}

@error("client")
structure Oops {}
"#);
    assert_eq!(
        shape(&doc, "ex#Store"),
        json!({"type": "service", "version": "2024-01-01",
            "operations": [{"target": "ex#Ping"}], "resources": [{"target": "ex#Item"}],
            "errors": [{"target": "ex#Oops"}], "rename": {"other#Thing": "OtherThing"}})
    );
    assert_eq!(
        shape(&doc, "ex#Item"),
        json!({"type": "resource",
            "identifiers": {"id": {"target": "smithy.api#String"}},
            "properties": {"name": {"target": "smithy.api#String"}},
            "create": {"target": "ex#CreateItem"}, "read": {"target": "ex#GetItem"},
            "list": {"target": "ex#ListItems"}, "operations": [{"target": "ex#Ping"}],
            "collectionOperations": [{"target": "ex#Ping"}]})
    );
    assert_eq!(
        shape(&doc, "ex#CreateItem")["errors"],
        json!([{"target": "ex#Oops"}])
    );
    let d = errors(&[(
        "a.smithy",
        "$version: \"2\"\nnamespace ex\nresource R {\n    nope: R\n}\n",
    )]);
    assert!(has_error(&d, "Unknown property nope for ex#R"), "{d:?}");
}

#[test]
fn inline_io_with_traits_mixins_and_for() {
    let doc = one(r#"$version: "2"
namespace ex

resource User {
    identifiers: { userId: String }
}

@mixin
structure Paging {
    token: String
}

operation GetUser {
    input := @sensitive for User with [Paging] {
        @required
        $userId
    }
    output :=
        /// What comes back.
        {
            name: String
        }
}
"#);
    let input = shape(&doc, "ex#GetUserInput");
    assert_eq!(input["mixins"], json!([{"target": "ex#Paging"}]));
    assert_eq!(
        input["members"]["userId"],
        json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}})
    );
    assert_eq!(
        input["traits"],
        json!({"smithy.api#sensitive": {}, "smithy.api#input": {}})
    );
    assert_eq!(
        shape(&doc, "ex#GetUserOutput")["traits"],
        json!({"smithy.api#documentation": "What comes back.", "smithy.api#output": {}})
    );
}

#[test]
fn elided_members_come_from_mixins_and_resources() {
    let doc = one(r#"$version: "2"
namespace ex

@mixin
structure HasId {
    id: Integer
}

structure Uses with [HasId] {
    @required
    $id
}
"#);
    assert_eq!(
        shape(&doc, "ex#Uses")["members"]["id"],
        json!({"target": "smithy.api#Integer", "traits": {"smithy.api#required": {}}})
    );
    let d = errors(&[(
        "a.smithy",
        "$version: \"2\"\nnamespace ex\nstructure S {\n    $nope\n}\n",
    )]);
    assert!(has_error(&d, "Member target was elided"), "{d:?}");
}

#[test]
fn mixins_flatten_members_first_and_traits() {
    let (mut model, mut diags) = assemble([(
        "m.smithy",
        r#"$version: "2"
namespace ex

@mixin(localTraits: [internal])
@internal
@sensitive
structure Base {
    a: String
}

structure Child with [Base] {
    b: String
}
"#,
    )])
    .unwrap();
    model.flatten(&mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    let doc = model.to_json();
    let child = shape(&doc, "ex#Child");
    let order: Vec<&String> = child["members"].as_object().unwrap().keys().collect();
    assert_eq!(order, ["a", "b"]);
    assert_eq!(child["traits"], json!({"smithy.api#sensitive": {}}));
    assert!(doc["shapes"].get("ex#Base").is_none(), "mixins are removed");
}

#[test]
fn apply_single_and_block() {
    let doc = one(r#"$version: "2"
namespace ex

structure S {
    m: String
}

apply S @deprecated
apply S$m {
    @required
    @documentation("The member.")
}
apply S @tags(["a"])
apply S @tags(["b"])
"#);
    let s = shape(&doc, "ex#S");
    assert_eq!(
        s["traits"],
        json!({"smithy.api#deprecated": {}, "smithy.api#tags": ["a", "b"]})
    );
    assert_eq!(
        s["members"]["m"]["traits"],
        json!({"smithy.api#required": {}, "smithy.api#documentation": "The member."})
    );
    let d = errors(&[(
        "a.smithy",
        "$version: \"2\"\nnamespace ex\napply Nope @deprecated\n",
    )]);
    assert!(has_error(&d, "does not exist"), "{d:?}");
}

#[test]
fn node_values_of_every_form() {
    let doc = one(r#"$version: "2"
namespace ex

@trait
document custom

@custom({
    object: { nested: [1, -2.5, 3e2, 1E-2] }
    array: [true, false, null]
    quoted: "tab\tquote\"slash\/u\u00e9pair\ud83d\ude00"
    block: """
        first
          second
        """
    id: Target
    member: Target$m
    absolute: other.ns#Thing
})
structure Target {
    m: String
}
"#);
    let v = &shape(&doc, "ex#Target")["traits"]["ex#custom"];
    // Numbers keep their text (`3e2` stays an exponent form); their values are these.
    let nested = v["object"]["nested"].as_array().unwrap();
    let values: Vec<f64> = nested.iter().map(|n| n.as_f64().unwrap()).collect();
    assert_eq!(values, [1.0, -2.5, 300.0, 0.01]);
    assert!(nested[0].is_u64() && !nested[1].is_i64());
    assert_eq!(v["array"], json!([true, false, null]));
    assert_eq!(v["quoted"], "tab\tquote\"slash/uépair😀");
    assert_eq!(v["block"], "first\n  second\n");
    assert_eq!(v["id"], "ex#Target");
    assert_eq!(v["member"], "ex#Target$m");
    assert_eq!(v["absolute"], "other.ns#Thing");
}

#[test]
fn annotation_traits_take_their_shape_value() {
    let doc = one(r#"$version: "2"
namespace ex

@tags
@deprecated()
@default
string S
"#);
    assert_eq!(
        shape(&doc, "ex#S")["traits"],
        json!({"smithy.api#tags": [], "smithy.api#deprecated": {}, "smithy.api#default": null})
    );
}

#[test]
fn documentation_comments_before_traits_only() {
    let doc = one(
        "$version: \"2\"\nnamespace ex\n\n///  Two spaces keep one.\n///\n/// Last line.\n@sensitive\n/// Ignored: after a trait.\nstring S\n",
    );
    assert_eq!(
        shape(&doc, "ex#S")["traits"]["smithy.api#documentation"],
        " Two spaces keep one.\n\nLast line."
    );
    let (_, warnings) = assemble([(
        "d.smithy",
        "$version: \"2\"\nnamespace ex\n@sensitive\n/// Nowhere.\nstring S\n",
    )])
    .unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("attached to nothing")),
        "{warnings:?}"
    );
}

#[test]
fn relative_ids_resolve_use_then_namespace_then_prelude() {
    let doc = ast(&[
        (
            "a.smithy",
            r#"$version: "2"
namespace ex

use other#Imported

structure S {
    imported: Imported
    local: String
    prelude: Integer
    forward: Later
    unknown: Nowhere
}
"#,
        ),
        (
            "b.smithy",
            "$version: \"2\"\nnamespace ex\nstring String\nstring Later\n",
        ),
        (
            "c.smithy",
            "$version: \"2\"\nnamespace other\nstring Imported\n",
        ),
    ]);
    let m = &shape(&doc, "ex#S")["members"];
    assert_eq!(m["imported"]["target"], "other#Imported");
    assert_eq!(
        m["local"]["target"], "ex#String",
        "the namespace comes before the prelude"
    );
    assert_eq!(m["prelude"]["target"], "smithy.api#Integer");
    assert_eq!(m["forward"]["target"], "ex#Later");
    assert_eq!(m["unknown"]["target"], "ex#Nowhere");
    let d = errors(&[(
        "u.smithy",
        "$version: \"2\"\nnamespace ex\nuse other#Thing\nstring Thing\n",
    )]);
    assert!(has_error(&d, "conflicts with imported shape"), "{d:?}");
}

#[test]
fn json_and_idl_files_mix() {
    let doc = ast(&[
        (
            "a.json",
            r#"{"smithy": "2.0", "shapes": {"ex#FromJson": {"type": "string"}}}"#,
        ),
        (
            "b.smithy",
            "$version: \"2\"\nnamespace ex\nstructure S {\n    j: FromJson\n}\napply FromJson @sensitive\n",
        ),
    ]);
    assert_eq!(shape(&doc, "ex#S")["members"]["j"]["target"], "ex#FromJson");
    assert_eq!(
        shape(&doc, "ex#FromJson")["traits"],
        json!({"smithy.api#sensitive": {}})
    );
}

#[test]
fn idl_1_0_is_upgraded() {
    let doc = one(r#"$version: "1.0"
namespace ex

set Names {
    member: String
}

integer Count

@box
integer MaybeCount

structure S {
    count: Count
    maybe: MaybeCount
    prim: PrimitiveInteger
    boxed: Integer
    @box
    explicitly: PrimitiveBoolean
}
"#);
    assert_eq!(shape(&doc, "ex#Names")["type"], "set");
    assert_eq!(
        shape(&doc, "ex#Count")["traits"],
        json!({"smithy.api#default": 0})
    );
    let m = &shape(&doc, "ex#S")["members"];
    assert_eq!(m["count"]["traits"], json!({"smithy.api#default": 0}));
    assert!(m["maybe"].get("traits").is_none());
    assert_eq!(m["prim"]["traits"], json!({"smithy.api#default": 0}));
    assert!(m["boxed"].get("traits").is_none());
    assert_eq!(
        m["explicitly"]["traits"],
        json!({"smithy.api#box": {}, "smithy.api#default": null})
    );
    let d = errors(&[(
        "v1.smithy",
        "namespace ex\nstructure S {\n    a: Integer = 1\n}\n",
    )]);
    assert!(has_error(&d, "only supported in IDL version 2"), "{d:?}");
}

#[test]
fn json_1_0_is_upgraded_like_idl_1_0() {
    let json = r#"{"smithy": "1.0", "shapes": {
        "ex#S": {"type": "structure", "members": {"prim": {"target": "smithy.api#PrimitiveLong"}}}
    }}"#;
    let doc = ast(&[("v1.json", json)]);
    assert_eq!(
        shape(&doc, "ex#S")["members"]["prim"]["traits"],
        json!({"smithy.api#default": 0})
    );
}

#[test]
fn syntax_errors_name_line_and_column_and_show_the_line() {
    let d = errors(&[(
        "bad.smithy",
        "$version: \"2\"\nnamespace ex\n\nstructure A {\n    a String\n}\n\nstring B C\n",
    )]);
    let located: Vec<_> = d.iter().filter_map(|d| d.location.as_ref()).collect();
    assert_eq!(located.len(), 2, "both statements are reported: {d:?}");
    assert_eq!((located[0].line, located[0].column), (5, 7));
    assert_eq!(located[0].source_line, "    a String");
    assert_eq!((located[1].line, located[1].column), (8, 10));
    let shown = d[0].to_string();
    assert!(shown.contains("bad.smithy:5:7"), "{shown}");
    assert!(shown.contains("    a String"), "{shown}");
    assert!(shown.contains('^'), "{shown}");
    assert!(shown.contains("Expected COLON(':')"), "{shown}");
}
