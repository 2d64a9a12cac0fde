//! The selector engine (`codegen::model::selector`): the language's parts on small models,
//! errors, and every selector of Smithy's trait definitions (read from
//! `../shared/smithy-tests/trait-definitions/` when present) on a representative model.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use codegen::model::selector::{Node, Selector, SelectorCache, members_of};
use codegen::model::{Model, Shape, ShapeId, ShapeKind};
use serde_json::Value;

/// Loads an IDL model body (the version and `namespace ex` are added).
fn model(body: &str) -> Model {
    let text = format!("$version: \"2.0\"\nnamespace ex\n{body}");
    match codegen::model::load_str("m.smithy", &text) {
        Ok((m, _)) => m,
        Err(d) => panic!("model does not load: {d:#?}"),
    }
}

fn representative() -> Model {
    let text = include_str!("fixtures/selector.smithy");
    match codegen::model::load_str("selector.smithy", text) {
        Ok((m, _)) => m,
        Err(d) => panic!("fixtures/selector.smithy does not load: {d:#?}"),
    }
}

fn parse(text: &str) -> Selector {
    Selector::parse(text).unwrap_or_else(|e| panic!("`{text}` does not parse: {e}"))
}

/// The ids of the nodes of the model's own shapes (not the built-in ones) a selector yields, in model order. Also checks that the
/// matcher agrees with the selection on every node.
fn select(m: &Model, text: &str) -> Vec<String> {
    let sel = parse(text);
    let picked = sel.select(m);
    let matcher = sel.matcher(m);
    let set: HashSet<String> = picked.iter().map(Node::id).collect();
    for n in all_nodes(m) {
        assert_eq!(
            matcher.matches(n),
            set.contains(&n.id()),
            "`{text}`: matches and select disagree on {}",
            n.id()
        );
    }
    picked
        .iter()
        .filter(|n| !m.is_builtin(&n.root_shape().id))
        .map(Node::id)
        .collect()
}

fn all_nodes(m: &Model) -> Vec<Node<'_>> {
    m.shapes
        .values()
        .flat_map(|s| {
            std::iter::once(Node::shape(s)).chain(members_of(s).map(move |mb| Node::member(s, mb)))
        })
        .collect()
}

fn shape<'m>(m: &'m Model, id: &str) -> &'m Shape {
    let id = ShapeId::parse(id).unwrap_or_else(|| panic!("bad id {id}"));
    m.get(&id).unwrap_or_else(|| panic!("no shape {id}"))
}

macro_rules! assert_select {
    ($model:expr, $sel:expr, [$($id:expr),* $(,)?]) => {
        assert_eq!(select(&$model, $sel), Vec::<String>::from([$($id.to_owned()),*]), "selector `{}`", $sel)
    };
}

/// Like `assert_select!`, ignoring the order.
macro_rules! assert_set {
    ($model:expr, $sel:expr, [$($id:expr),* $(,)?]) => {
        assert_eq!(
            select(&$model, $sel).into_iter().collect::<BTreeSet<String>>(),
            BTreeSet::from([$($id.to_owned()),*]),
            "selector `{}`", $sel
        )
    };
}

const TYPES: &str = r#"
blob B
boolean Bo
string S
byte By
short Sh
integer I
long L
float F
double D
bigInteger BI
bigDecimal BD
timestamp T
document Doc
enum E { A }
intEnum IE {
    A = 1
}
list Li { member: S }
map M { key: S, value: I }
structure St { a: S }
union U { a: S }
operation O {}
service Sv { operations: [O] }
resource R {}
"#;

#[test]
fn shape_types() {
    let m = model(TYPES);
    assert_select!(m, "blob", ["ex#B"]);
    assert_select!(m, "boolean", ["ex#Bo"]);
    // An enum is a string and an intEnum an integer, as in Smithy.
    assert_select!(m, "string", ["ex#E", "ex#S"]);
    assert_select!(m, "integer", ["ex#I", "ex#IE"]);
    assert_select!(m, "enum", ["ex#E"]);
    assert_select!(m, "intEnum", ["ex#IE"]);
    assert_select!(m, "byte", ["ex#By"]);
    assert_select!(m, "bigDecimal", ["ex#BD"]);
    assert_select!(
        m,
        "number",
        [
            "ex#BD", "ex#BI", "ex#By", "ex#D", "ex#F", "ex#I", "ex#IE", "ex#L", "ex#Sh"
        ]
    );
    assert_select!(
        m,
        "simpleType",
        [
            "ex#B", "ex#BD", "ex#BI", "ex#Bo", "ex#By", "ex#D", "ex#Doc", "ex#E", "ex#F", "ex#I",
            "ex#IE", "ex#L", "ex#S", "ex#Sh", "ex#T"
        ]
    );
    assert_select!(m, "list", ["ex#Li"]);
    assert_select!(m, "collection", ["ex#Li"]);
    assert_select!(m, "set", ["ex#Li"]);
    assert_select!(m, "aggregateType", ["ex#Li", "ex#M", "ex#St", "ex#U"]);
    assert_select!(m, "serviceType", ["ex#O", "ex#R", "ex#Sv"]);
    assert_select!(
        m,
        "member",
        [
            "ex#E$A",
            "ex#IE$A",
            "ex#Li$member",
            "ex#M$key",
            "ex#M$value",
            "ex#St$a",
            "ex#U$a"
        ]
    );
    let data = select(&m, "dataType");
    assert_eq!(data.len(), 19, "{data:?}");
    assert_eq!(select(&m, "*").len(), 22 + 7);
    assert_eq!(
        select(&m, "*"),
        select(&m, ":is(simpleType, aggregateType, serviceType, member)")
    );
}

#[test]
fn attributes() {
    let m = model(
        r#"
@length(min: 1)
string AtLeastOne
@length(max: 5)
string AtMostFive
@length(min: 10)
string AtLeastTen
@documentation("TODO: write me")
@since("2019")
string _Hidden
@httpError(503)
@error("server")
structure Unavailable {}
@httpError(404)
@error("client")
structure NotFound {
    @httpQuery("NextToken")
    token: String
}
@tags(["foo", "bar"])
@externalDocumentation(Homepage: "https://example.com", "Reference Docs": "https://example.com/r")
string Tagged
"#,
    );
    assert_select!(m, "[trait|length|min > 1]", ["ex#AtLeastTen"]);
    assert_select!(
        m,
        "[trait|length|min >= 1]",
        ["ex#AtLeastOne", "ex#AtLeastTen"]
    );
    assert_select!(m, "[trait|length|min < 2]", ["ex#AtLeastOne"]);
    assert_select!(m, "[trait|length|max <= 5.0]", ["ex#AtMostFive"]);
    // Not a number: relative comparators never match.
    assert_select!(m, "[trait|httpError >= 'not a number!']", []);
    assert_select!(m, "[trait|httpError > 500]", ["ex#Unavailable"]);
    assert_select!(m, "[trait|error = client]", ["ex#NotFound"]);
    assert_select!(m, "[trait|error != client]", ["ex#Unavailable"]);
    assert_select!(
        m,
        "[trait|error = client, server]",
        ["ex#NotFound", "ex#Unavailable"]
    );
    assert_select!(
        m,
        "[trait|smithy.api#error]",
        ["ex#NotFound", "ex#Unavailable"]
    );
    assert_select!(m, "[trait|since = 2019, 2020]", ["ex#_Hidden"]);
    assert_select!(m, "[trait|documentation *= TODO, FIXME]", ["ex#_Hidden"]);
    assert_select!(m, "[trait|documentation ^= 'TODO:']", ["ex#_Hidden"]);
    assert_select!(m, "[trait|documentation $= 'me']", ["ex#_Hidden"]);
    assert_select!(m, "[trait|documentation|(length) < 3]", []);
    assert_select!(m, "[trait|documentation|(length) = 14]", ["ex#_Hidden"]);
    // Descending into a scalar is an empty value, never an error.
    assert_select!(m, "[trait|documentation|invalid|child = Hi]", []);
    assert_select!(m, "[trait|httpQuery *= token i]", ["ex#NotFound$token"]);
    assert_select!(m, "[trait|httpQuery *= token]", []);
    assert_select!(
        m,
        "[trait|httpQuery = 'nexttoken' i]",
        ["ex#NotFound$token"]
    );
    assert_select!(m, "[trait|required ?= true]", []);
    assert_select!(m, "[trait|httpQuery ?= true]", ["ex#NotFound$token"]);
    assert_select!(m, "member [trait|httpQuery ?= false]", []);
    assert_select!(m, "[trait|tags|(values) = foo]", ["ex#Tagged"]);
    assert_select!(m, "[trait|tags|(length) = 2]", ["ex#Tagged"]);
    assert_select!(m, "[trait|tags|(values)|(first) = foo]", ["ex#Tagged"]);
    // `(first)` is a property of projections only.
    assert_select!(m, "[trait|tags|(first) = foo]", []);
    assert_select!(
        m,
        "[trait|externalDocumentation|(keys) = Homepage]",
        ["ex#Tagged"]
    );
    assert_select!(
        m,
        "[trait|externalDocumentation|'Reference Docs']",
        ["ex#Tagged"]
    );
    assert_select!(
        m,
        "[trait|(keys)|namespace = 'smithy.api'] [trait|tags]",
        ["ex#Tagged"]
    );
    assert_select!(m, "[trait|(values)|Homepage]", ["ex#Tagged"]);
    assert_select!(
        m,
        "[trait|(length) > 1] :not(member)",
        ["ex#NotFound", "ex#Tagged", "ex#Unavailable", "ex#_Hidden"]
    );
    assert_select!(m, "[id = ex#AtLeastOne]", ["ex#AtLeastOne"]);
    assert_select!(m, "[id = 'ex#NotFound$token']", ["ex#NotFound$token"]);
    assert_select!(m, "[id|name ^= '_']", ["ex#_Hidden"]);
    assert_select!(m, "[id|name $= 'Ten']", ["ex#AtLeastTen"]);
    assert_select!(m, "[id|name *= 'Most']", ["ex#AtMostFive"]);
    assert_select!(m, "[id|member = token]", ["ex#NotFound$token"]);
    assert_select!(m, "[id|member|(length) > 4]", ["ex#NotFound$token"]);
    assert_select!(m, "[id|member|(length) > 5]", []);
    assert_select!(m, "[id|(length) = 9]", ["ex#Tagged"]);
    assert!(select(&m, "[id|namespace = 'ex']").len() > 5);
    assert_select!(m, "[id|namespace != 'ex'] [id|name = String]", []);
    // Whitespace is insignificant.
    assert_select!(m, "[trait | length\n    | min = 1 ]", ["ex#AtLeastOne"]);
}

#[test]
fn service_attribute() {
    let m = model(
        r#"
service A { version: "2018-05-01" }
service B { version: "2020-01-01" }
string S
"#,
    );
    assert_select!(m, "[service]", ["ex#A", "ex#B"]);
    assert_select!(m, "[service = ex#B]", ["ex#B"]);
    assert_select!(m, "[service|version ^= '2018-']", ["ex#A"]);
    assert_select!(m, "[service|id|name = A]", ["ex#A"]);
}

#[test]
fn scoped_attributes() {
    let m = model(
        r#"
@range(min: 10, max: 1)
integer Backwards
@range(min: 1, max: 10)
integer Forwards
@httpApiKeyAuth(name: "X-Api-Token", in: "header")
service A {}
@httpApiKeyAuth(name: "authorization", in: "query")
service B {}
@enum([
    { value: "a", tags: ["deprecated"], deprecated: true }
    { value: "b", tags: ["internal"] }
])
string Old
"#,
    );
    assert_select!(m, "[@trait|range: @{min} > @{max}]", ["ex#Backwards"]);
    assert_select!(
        m,
        "[@trait|range: @{min} < @{max} && @{max} = 10]",
        ["ex#Forwards"]
    );
    // `!=` with several values holds when any of them differs.
    assert_select!(
        m,
        "[@trait|httpApiKeyAuth: @{in} = header && @{name} != 'x-api-token', 'authorization' i]",
        ["ex#A"]
    );
    assert_select!(
        m,
        "[@trait|httpApiKeyAuth: @{in} = header && @{name} = 'x-api-token', 'authorization' i]",
        ["ex#A"]
    );
    assert_select!(
        m,
        "[@trait|httpApiKeyAuth: @{in} = header && @{name} = 'x-api-token', 'authorization']",
        []
    );
    assert_select!(
        m,
        "[@trait|httpApiKeyAuth: @{name} = 'AUTHORIZATION' i]",
        ["ex#B"]
    );
    assert_select!(
        m,
        "[@trait|enum|(values): @{deprecated} = true && @{tags|(values)} = 'deprecated']",
        ["ex#Old"]
    );
    // Each projected value is tried alone: no single definition is both.
    assert_select!(
        m,
        "[@trait|enum|(values): @{deprecated} = true && @{tags|(values)} = internal]",
        []
    );
    assert_select!(m, "[@: @{id|name} = Old]", ["ex#Old"]);
    assert_select!(
        m,
        "[@trait|range: @{min} ?= true && @{nothing} ?= false]",
        ["ex#Backwards", "ex#Forwards"]
    );
}

#[test]
fn projection_comparators() {
    let m = model(
        r#"
@tags(["a", "b"])
string AB
@tags(["a"])
string A
@tags(["a", "b", "c"])
string ABC
@enum([{ value: "x", tags: ["a", "b"] }])
string EnumAB
"#,
    );
    let over = |op: &str| {
        select(
            &m,
            &format!(
                "[trait|tags] [@: @{{trait|tags|(values)}} {op} @{{trait|enum|(values)|tags|(values)}}]"
            ),
        )
    };
    assert_eq!(over("{=}"), Vec::<String>::new(), "no shape has both");
    let m2 = model(
        r#"
@tags(["a", "b"])
@enum([{ value: "x", tags: ["b", "a"] }])
string Same
@tags(["a"])
@enum([{ value: "x", tags: ["a", "b"] }])
string Fewer
@tags(["a", "z"])
@enum([{ value: "x", tags: ["a", "b"] }])
string Other
"#,
    );
    let over = |op: &str| {
        select(
            &m2,
            &format!("[@: @{{trait|tags|(values)}} {op} @{{trait|enum|(values)|tags|(values)}}]"),
        )
    };
    assert_eq!(over("{=}"), ["ex#Same"]);
    // `{!=}` is the negation of `{=}`, so it holds where either side is no projection.
    assert_eq!(over("{!=}"), ["ex#Fewer", "ex#Other"]);
    assert_eq!(over("{<}"), ["ex#Fewer", "ex#Same"]);
    assert_eq!(over("{<<}"), ["ex#Fewer"]);
    // `=` on projections: any pair of values.
    assert_eq!(over("="), ["ex#Fewer", "ex#Other", "ex#Same"]);
    assert_eq!(select(&m, "[trait|tags|(values) = c]"), ["ex#ABC"]);
}

const NEIGHBORS: &str = r#"
service Svc {
    version: "1"
    operations: [Op]
    resources: [Res]
    errors: [Err]
}
resource Res {
    identifiers: { id: Id }
    read: Read
}
string Id
@readonly
operation Read {
    input := { @required id: Id }
}
operation Op {
    input: OpIn
    output: OpOut
    errors: [Err]
}
structure OpIn { names: Names, @required body: Body }
structure OpOut {}
@error("client")
structure Err { message: String }
list Names { member: String }
@streaming
blob Body
list Unused { member: Id }
operation NoIo {}
"#;

#[test]
fn neighbors() {
    let m = model(NEIGHBORS);
    assert_select!(m, "list > member", ["ex#Names$member", "ex#Unused$member"]);
    assert_select!(m, "list > member > string", ["ex#Id"]);
    assert_select!(
        m,
        "operation -[input, output]-> structure",
        ["ex#OpIn", "ex#OpOut", "ex#ReadInput"]
    );
    // The unit type an absent input or output stands for is not yielded.
    assert_select!(m, "[id = ex#NoIo] > *", []);
    assert_select!(m, "[id = ex#Op] > *", ["ex#Err", "ex#OpIn", "ex#OpOut"]);
    assert_select!(m, "operation -[error]->", ["ex#Err"]);
    assert_select!(m, "service -[error]->", ["ex#Err"]);
    assert_select!(m, "service -[operation]->", ["ex#Op"]);
    assert_select!(m, "service -[resource]->", ["ex#Res"]);
    assert_select!(m, "resource -[identifier]->", ["ex#Id"]);
    assert_select!(m, "resource -[read]->", ["ex#Read"]);
    assert_select!(m, "resource :test(-[identifier]->)", ["ex#Res"]);
    assert_select!(m, "resource -[unknownRelationship]->", []);
    assert_select!(m, "service ~> operation", ["ex#Op", "ex#Read"]);
    assert_select!(m, "service ~> operation :not([trait|readonly])", ["ex#Op"]);
    assert_select!(m, "string :test(< member < list)", ["ex#Id"]);
    assert_select!(m, "string < member < list", ["ex#Names", "ex#Unused"]);
    assert_select!(
        m,
        "list :test(> member > string)",
        ["ex#Names", "ex#Unused"]
    );
    assert_select!(
        m,
        "structure <-[input, output]- operation",
        ["ex#Op", "ex#Read"]
    );
    assert_select!(m, "resource <-[resource]-", ["ex#Svc"]);
    assert_select!(m, "resource -[bound]->", ["ex#Svc"]);
    // Shapes marked streaming that are targeted from outside a top-level input/output member.
    assert_select!(
        m,
        "[trait|streaming] :test(<) :not(< member < structure <-[input, output]- operation)",
        []
    );
    // Shapes nothing refers to, but the trait definitions.
    assert_select!(
        m,
        ":not([trait|trait]) :not(< *) :not(member) [id|namespace = ex]",
        ["ex#NoIo", "ex#Svc", "ex#Unused"]
    );
    // A member's reverse neighbor is its container; a member is not reached back from its
    // target by `~>`.
    assert_select!(m, "[id = 'ex#Err$message'] <", ["ex#Err"]);
    assert_select!(m, "[id = ex#Names] ~>", ["ex#Names$member"]);
}

#[test]
fn trait_relationships() {
    let m = model(
        r#"
@trait(selector: "service")
@protocolDefinition
structure myProtocol {}
@trait
structure unused {}
@myProtocol
service Svc {}
service Bare {}
"#,
    );
    assert_select!(
        m,
        "service :test(-[trait]-> [trait|protocolDefinition])",
        ["ex#Svc"]
    );
    assert_select!(
        m,
        "service :not(-[trait]-> [trait|protocolDefinition])",
        ["ex#Bare"]
    );
    // Trait edges are only followed when named.
    assert_select!(m, "[id = ex#Svc] >", []);
    assert_select!(m, "[trait|trait] :not(<-[trait]-)", ["ex#unused"]);
    assert_select!(m, "[trait|trait][@: @{trait|(keys)} = @{id}]", []);
}

#[test]
fn functions() {
    let m = model(NEIGHBORS);
    assert_select!(m, ":is(blob, list)", ["ex#Body", "ex#Names", "ex#Unused"]);
    assert_select!(m, ":each(blob, list)", ["ex#Body", "ex#Names", "ex#Unused"]);
    assert_select!(m, "member > :is(blob, list)", ["ex#Body", "ex#Names"]);
    assert_select!(
        m,
        ":is(list > member > *, structure > member > blob)",
        ["ex#Body", "ex#Id"]
    );
    assert_select!(m, "list:test(> member > string)", ["ex#Names", "ex#Unused"]);
    assert_select!(
        m,
        ":test(< resource) :not([trait|documentation])",
        ["ex#Id", "ex#Read"]
    );
    assert_select!(
        m,
        ":not(member) :not(simpleType) :not(serviceType) [id|namespace = ex]",
        [
            "ex#Err",
            "ex#Names",
            "ex#OpIn",
            "ex#OpOut",
            "ex#ReadInput",
            "ex#Unused"
        ]
    );
    assert_select!(
        m,
        "structure > member :not([trait|streaming]) :test(> string)",
        ["ex#Err$message", "ex#ReadInput$id"]
    );
    // Unknown functions are accepted and yield nothing.
    assert_select!(m, ":unknownFunction(string)", []);
    assert_select!(m, ":is(:unknownFunction(*), blob)", ["ex#Body"]);
    assert_select!(
        m,
        "[id|namespace = ex] :in(:is(list, blob))",
        ["ex#Body", "ex#Names", "ex#Unused"]
    );
    assert_select!(
        m,
        "number :in(:root(service ~> operation -[input]-> ~> number))",
        []
    );
    assert_select!(
        m,
        "string :in(:root(service ~> operation -[input]-> ~> string)) [id|namespace = ex]",
        ["ex#Id"]
    );
    assert_select!(m, ":root(blob)", ["ex#Body"]);
    assert_select!(
        m,
        ":root(list) > member",
        ["ex#Names$member", "ex#Unused$member"]
    );
    assert_set!(
        m,
        "[id = ex#Id] :recursive(<)",
        [
            "ex#ReadInput",
            "ex#ReadInput$id",
            "ex#Read",
            "ex#Res",
            "ex#Unused",
            "ex#Unused$member",
            "ex#Svc",
        ]
    );
    assert_select!(
        m,
        "resource :test(:recursive(<-[resource]-) [id = ex#Svc])",
        ["ex#Res"]
    );
}

#[test]
fn recursive_finds_each_once() {
    let m = model(NEIGHBORS);
    let sel = parse("[id = ex#Id] :recursive(<)");
    let got: Vec<String> = sel.select(&m).iter().map(Node::id).collect();
    let unique: BTreeSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len());
    let want: BTreeSet<&str> = [
        "ex#ReadInput",
        "ex#ReadInput$id",
        "ex#Read",
        "ex#Res",
        "ex#Unused",
        "ex#Unused$member",
        "ex#Svc",
    ]
    .into();
    assert_eq!(
        got.iter().map(String::as_str).collect::<BTreeSet<_>>(),
        want
    );
}

#[test]
fn top_down() {
    let m = model(
        r#"
@aws.api#dataPlane
service Example {
    version: "2020-09-08"
    resources: [Foo]
    operations: [OperationA]
}
operation OperationA {}
@aws.api#controlPlane
resource Foo {
    operations: [OperationB]
    resources: [Bar]
}
@aws.api#dataPlane
operation OperationB {}
resource Bar {
    operations: [OperationC]
}
operation OperationC {}
"#,
    );
    assert_set!(
        m,
        ":topdown([trait|aws.api#dataPlane])",
        [
            "ex#Example",
            "ex#Foo",
            "ex#Bar",
            "ex#OperationC",
            "ex#OperationB",
            "ex#OperationA",
        ]
    );
    assert_select!(
        m,
        ":topdown([trait|aws.api#dataPlane], [trait|aws.api#controlPlane])",
        ["ex#Example", "ex#OperationA", "ex#OperationB"]
    );
    assert_select!(
        m,
        "resource :topdown([trait|aws.api#dataPlane], [trait|aws.api#controlPlane])",
        ["ex#OperationB"]
    );
    assert_select!(m, "string :topdown(*)", []);
}

#[test]
fn variables() {
    let m = model(
        r#"
@httpBasicAuth
@httpBearerAuth
service MyService {
    version: "2020-04-21"
    operations: [HasDigestAuth, HasBasicAuth, NoAuth]
}
@auth([httpDigestAuth])
operation HasDigestAuth {
    input := { n: Integer }
    output := { s: String, m: Long }
}
@auth([httpBasicAuth])
operation HasBasicAuth {}
operation NoAuth {}
"#,
    );
    // The prelude's trait definitions are not shapes of our model, so there are no trait
    // edges to them: go by the trait ids instead.
    assert_select!(
        m,
        "service $svc(*) ~> operation [trait|auth] \
         :not([@: @{trait|auth|(values)} {<} @{var|svc|trait|(keys)}])",
        ["ex#HasDigestAuth"]
    );
    assert_select!(
        m,
        "service $ops(> operation) ${ops} [trait|auth]",
        ["ex#HasBasicAuth", "ex#HasDigestAuth"]
    );
    assert_select!(m, "${never}", []);
    assert_select!(m, "[var|never]", []);
    assert_eq!(select(&m, "$x(*) [var|x]"), select(&m, "*"));
    assert_eq!(select(&m, "$x(string) [var|x]"), select(&m, "string"));
}

#[test]
fn in_with_variables_and_roots() {
    let m = model(
        r#"
service S1 { operations: [A, B] }
service S2 { operations: [C] }
operation A { input := { x: X, y: Y } }
operation B { output := { x: X } }
operation C { input := { z: Z }, output := { y: Y } }
integer X
long Y
short Z
"#,
    );
    // Per service: numbers in its inputs but not its outputs.
    assert_select!(
        m,
        "service $outputs(~> operation -[output]-> ~> number) \
         ~> operation -[input]-> ~> number :not(:in(${outputs}))",
        ["ex#Y", "ex#Z"]
    );
    // Over the whole model: Y is an output of S2.
    assert_select!(
        m,
        "number :in(:root(service ~> operation -[input]-> ~> number)) \
         :not(:in(:root(service ~> operation -[output]-> ~> number)))",
        ["ex#Z"]
    );
}

// --- The selectors of Smithy's trait definitions --------------------------------------------

/// `../shared/smithy-tests/trait-definitions/`, or `None` (with a message) when absent.
fn trait_definitions_dir() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy-tests/trait-definitions");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "selector: skipping the trait definitions: {} not found (the shared test data is absent)",
            dir.display()
        );
        None
    }
}

/// Every `selector` string in the trait values of the trait-definition files, keyed by where
/// it is: the trait id for a `@trait` selector, else `shape-or-member trait.path`.
fn definition_selectors(dir: &Path) -> BTreeMap<String, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "smithy"))
        .collect();
    paths.sort();
    let mut out = BTreeMap::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let name = path.to_string_lossy().into_owned();
        // The prelude cannot be a model's own file: its shapes are the generator's built-in
        // `smithy.api`, the same definitions, which an empty model has.
        let prelude = path.ends_with("prelude.smithy");
        let files = (!prelude).then_some((name.as_str(), text.as_str()));
        let (assembled, _) = codegen::model::assemble::assemble(files)
            .unwrap_or_else(|d| panic!("{name} does not assemble: {d:#?}"));
        let shapes = assembled.shapes.iter().filter(|(id, _)| {
            if prelude {
                id.starts_with("smithy.api#")
            } else {
                !assembled.is_builtin(id)
            }
        });
        for (id, shape) in shapes {
            find_selectors(&shape["traits"], id, "", &mut out);
            // A trait definition without a selector may be applied to anything.
            if shape["traits"]["smithy.api#trait"].is_object() {
                out.entry(id.clone()).or_insert_with(|| "*".to_owned());
            }
            let members = shape["members"].as_object().into_iter().flatten();
            let list_map = ["member", "key", "value"]
                .into_iter()
                .filter_map(|k| shape.get(k).map(|v| (k, v)));
            for (m, v) in members.map(|(k, v)| (k.as_str(), v)).chain(list_map) {
                find_selectors(&v["traits"], &format!("{id}${m}"), "", &mut out);
            }
        }
    }
    out
}

fn find_selectors(v: &Value, at: &str, path: &str, out: &mut BTreeMap<String, String>) {
    let here = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                match (k.as_str(), x) {
                    ("selector", Value::String(s)) => {
                        let key = match path {
                            "smithy.api#trait" => at.to_owned(),
                            _ => format!("{at} {path}"),
                        };
                        out.insert(key, s.clone());
                    }
                    _ => find_selectors(x, at, &here(k), out),
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                find_selectors(x, at, &here(&i.to_string()), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_trait_definition_selector_parses() {
    let Some(dir) = trait_definitions_dir() else {
        return;
    };
    let selectors = definition_selectors(&dir);
    assert!(
        selectors.len() > 100,
        "only {} selectors found",
        selectors.len()
    );
    let bad: Vec<String> = selectors
        .iter()
        .filter_map(|(at, s)| {
            Selector::parse(s)
                .err()
                .map(|e| format!("{at}: `{s}`: {e}"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "selectors that do not parse:\n{}",
        bad.join("\n")
    );
}

/// What the oracles below know of the representative model.
struct Facts<'m> {
    model: &'m Model,
    /// The input and output structures of operations (not the unit type).
    io: HashSet<&'m ShapeId>,
}

impl<'m> Facts<'m> {
    fn new(model: &'m Model) -> Self {
        let io = model
            .shapes
            .values()
            .filter_map(|s| match &s.kind {
                ShapeKind::Operation { input, output, .. } => Some([input, output]),
                _ => None,
            })
            .flatten()
            .filter(|id| !Model::is_unit(id))
            .collect();
        Self { model, io }
    }

    /// The target of a member (enum members have none).
    fn target(&self, n: Node<'_>) -> Option<&'m Shape> {
        let m = n.as_member()?;
        match n.root_shape().kind {
            ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => None,
            _ => self.model.get(&m.target),
        }
    }

    /// The type of a member's target, or "".
    fn target_type(&self, n: Node<'_>) -> &'static str {
        self.target(n).map_or("", Shape::type_name)
    }

    /// The type of the target of the member of the list a member targets, or "".
    fn list_member_type(&self, n: Node<'_>) -> &'static str {
        match self.target(n).map(|s| (s, &s.kind)) {
            Some((s, ShapeKind::List(m))) => self.target_type(Node::member(s, m)),
            _ => "",
        }
    }

    /// The type of the target of the value of the map a member targets, or "".
    fn map_value(&self, n: Node<'_>) -> Option<(&'m Shape, &'static str)> {
        match self.target(n).map(|s| (s, &s.kind)) {
            Some((s, ShapeKind::Map { value, .. })) => {
                Some((s, self.target_type(Node::member(s, value))))
            }
            _ => None,
        }
    }

    /// Whether anything reachable from a shape (it included) has one of these types.
    fn reaches(&self, from: &'m Shape, types: &[&str]) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(s) = stack.pop() {
            if !seen.insert(&s.id) {
                continue;
            }
            if types.contains(&s.type_name()) {
                return true;
            }
            let targets = members_of(s).map(|m| &m.target);
            stack.extend(
                targets
                    .chain(s.references())
                    .filter_map(|id| self.model.get(id)),
            );
        }
        false
    }
}

/// A node's type name, `member` for members.
fn ty(n: Node<'_>) -> &'static str {
    if n.is_member() {
        "member"
    } else {
        n.root_shape().type_name()
    }
}

/// The container's type of a member, or "".
fn container(n: Node<'_>) -> &'static str {
    if n.is_member() {
        n.root_shape().type_name()
    } else {
        ""
    }
}

fn has(n: Node<'_>, name: &str) -> bool {
    let id = if name.contains('#') {
        name.to_owned()
    } else {
        format!("smithy.api#{name}")
    };
    n.traits().raw.contains_key(&id)
}

const NUMBER: &[&str] = &[
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "intEnum",
];

fn is_number(t: &str) -> bool {
    NUMBER.contains(&t)
}

fn is_simple(t: &str) -> bool {
    is_number(t)
        || matches!(
            t,
            "blob" | "boolean" | "string" | "timestamp" | "document" | "enum"
        )
}

/// `string` also selects enums, `integer` intEnums.
fn is_string(t: &str) -> bool {
    matches!(t, "string" | "enum")
}

fn is_integer(t: &str) -> bool {
    matches!(t, "integer" | "intEnum")
}

/// `boolean, number, string, timestamp`.
fn is_scalar(t: &str) -> bool {
    t == "boolean" || is_number(t) || is_string(t) || t == "timestamp"
}

type Oracle = Box<dyn Fn(&Facts<'_>, Node<'_>) -> bool>;

fn oracle(f: impl Fn(&Facts<'_>, Node<'_>) -> bool + 'static) -> Oracle {
    Box::new(f)
}

/// Exactly these nodes.
fn only(ids: &'static [&'static str]) -> Oracle {
    Box::new(move |_, n| ids.contains(&n.id().as_str()))
}

/// A structure member whose target satisfies `f`.
fn structure_member(f: impl Fn(&Facts<'_>, Node<'_>) -> bool + 'static) -> Oracle {
    Box::new(move |x, n| container(n) == "structure" && f(x, n))
}

/// What each trait definition's selector must select in `fixtures/selector.smithy`, by the
/// key of [`definition_selectors`]. Each entry says the selector's meaning again in Rust.
fn expectations() -> Vec<(&'static str, Oracle)> {
    vec![
        ("smithy.api#documentation", oracle(|_, _| true)),
        (
            "smithy.api#mediaType",
            oracle(|_, n| matches!(ty(n), "blob" | "string" | "enum")),
        ),
        (
            "smithy.api#streaming",
            oracle(|_, n| matches!(ty(n), "blob" | "union")),
        ),
        (
            "smithy.api#enumValue",
            oracle(|_, n| matches!(container(n), "enum" | "intEnum")),
        ),
        (
            "smithy.api#sparse",
            oracle(|_, n| matches!(ty(n), "list" | "map")),
        ),
        (
            "smithy.api#notProperty",
            oracle(|x, n| {
                (container(n) == "structure" && x.io.contains(&n.root_shape().id))
                    || (!n.is_member() && has(n, "trait"))
            }),
        ),
        (
            "smithy.api#xmlNamespace",
            oracle(|_, n| {
                let t = ty(n);
                is_simple(t)
                    || matches!(
                        t,
                        "service" | "member" | "list" | "map" | "structure" | "union"
                    )
            }),
        ),
        (
            "smithy.api#auth",
            oracle(|_, n| matches!(ty(n), "service" | "operation")),
        ),
        (
            "smithy.api#default",
            oracle(|x, n| {
                let data = |t: &str| is_simple(t) || matches!(t, "list" | "map");
                data(ty(n)) || (container(n) == "structure" && data(x.target_type(n)))
            }),
        ),
        (
            "smithy.api#trait",
            oracle(|_, n| {
                let t = ty(n);
                is_simple(t) || matches!(t, "list" | "map" | "structure" | "union")
            }),
        ),
        (
            "smithy.api#references",
            oracle(|_, n| ty(n) == "structure" || is_string(ty(n))),
        ),
        (
            "smithy.api#xmlFlattened",
            oracle(|x, n| {
                matches!(container(n), "structure" | "union")
                    && matches!(x.target_type(n), "list" | "map")
            }),
        ),
        (
            "smithy.api#jsonName",
            oracle(|_, n| matches!(container(n), "structure" | "union")),
        ),
        (
            "smithy.api#xmlName",
            oracle(|_, n| matches!(ty(n), "structure" | "union" | "member")),
        ),
        (
            "smithy.api#sensitive",
            oracle(|_, n| !matches!(ty(n), "service" | "operation" | "resource" | "member")),
        ),
        ("smithy.api#mixin", oracle(|_, n| !n.is_member())),
        (
            "smithy.api#box",
            oracle(|x, n| {
                let boxed = |t: &str| {
                    matches!(
                        t,
                        "boolean" | "byte" | "short" | "long" | "float" | "double"
                    ) || is_integer(t)
                };
                boxed(ty(n)) || boxed(x.target_type(n))
            }),
        ),
        (
            "smithy.api#length",
            oracle(|x, n| {
                let sized = |t: &str| matches!(t, "list" | "map" | "blob") || is_string(t);
                sized(ty(n)) || sized(x.target_type(n))
            }),
        ),
        (
            "smithy.api#range",
            oracle(|x, n| is_number(ty(n)) || is_number(x.target_type(n))),
        ),
        (
            "smithy.test#httpResponseTests",
            oracle(|_, n| ty(n) == "operation" || (ty(n) == "structure" && has(n, "error"))),
        ),
        (
            "aws.api#controlPlane",
            oracle(|_, n| matches!(ty(n), "service" | "resource" | "operation")),
        ),
        (
            "aws.api#data",
            oracle(|_, n| {
                let t = ty(n);
                is_simple(t) || matches!(t, "list" | "structure" | "union" | "member")
            }),
        ),
        (
            "smithy.api#pattern",
            oracle(|x, n| is_string(ty(n)) || is_string(x.target_type(n))),
        ),
        (
            "smithy.api#timestampFormat",
            oracle(|x, n| ty(n) == "timestamp" || x.target_type(n) == "timestamp"),
        ),
        ("smithy.api#unitType", only(&["smithy.api#Unit"])),
        (
            "smithy.api#traitValidators",
            oracle(|_, n| !n.is_member() && has(n, "trait")),
        ),
        (
            "smithy.api#requiresLength",
            oracle(|_, n| ty(n) == "blob" && has(n, "streaming")),
        ),
        (
            "smithy.api#metadata",
            oracle(|_, n| {
                let t = ty(n);
                (is_simple(t) || matches!(t, "list" | "map" | "structure" | "union"))
                    && !has(n, "input")
                    && !has(n, "output")
            }),
        ),
        (
            "smithy.api#uniqueItems",
            oracle(|x, n| match &n.root_shape().kind {
                ShapeKind::List(m) if !n.is_member() => x
                    .target(Node::member(n.root_shape(), m))
                    .is_some_and(|t| !x.reaches(t, &["float", "double", "document"])),
                _ => false,
            }),
        ),
        ("smithy.api#http", oracle(|_, n| ty(n) == "operation")),
        (
            "smithy.api#nestedProperties",
            oracle(|x, n| {
                container(n) == "structure"
                    && x.io.contains(&n.root_shape().id)
                    && x.target_type(n) == "structure"
            }),
        ),
        ("smithy.test#eventStreamTests", only(&["ex#Stream"])),
        (
            "aws.api#clientEndpointDiscoveryId",
            only(&["ex#DiscoverInput$id"]),
        ),
        ("aws.api#arn", oracle(|_, n| ty(n) == "resource")),
        // Smithy would select only Thing, the resource with a `put`: our model does not keep
        // which lifecycle an operation is bound as, so every resource with an operation is
        // taken.
        ("smithy.api#noReplace", only(&["ex#Part", "ex#Thing"])),
        ("smithy.api#cors", oracle(|_, n| ty(n) == "service")),
        ("aws.protocols#awsQueryCompatible", only(&["ex#Svc"])),
        ("aws.protocols#awsQuery", only(&["ex#Svc"])),
        (
            "aws.auth#cognitoUserPoolsScopes",
            only(&[
                "ex#Discover",
                "ex#GetPart",
                "ex#GetThing",
                "ex#Op",
                "ex#PutThing",
                "ex#Stream",
            ]),
        ),
        ("aws.auth#sigv4a", only(&["ex#Svc"])),
        ("aws.api#arnReference", oracle(|_, n| is_string(ty(n)))),
        ("smithy.api#enum", oracle(|_, n| ty(n) == "string")),
        ("smithy.api#error", oracle(|_, n| ty(n) == "structure")),
        (
            "smithy.api#httpResponseCode",
            structure_member(|x, n| {
                !n.root_shape().traits.raw.contains_key("smithy.api#input")
                    && is_integer(x.target_type(n))
            }),
        ),
        (
            "smithy.api#eventPayload",
            structure_member(|x, n| {
                let t = x.target_type(n);
                matches!(t, "blob" | "structure" | "union") || is_string(t)
            }),
        ),
        (
            "smithy.api#eventHeader",
            structure_member(|x, n| {
                let t = x.target_type(n);
                matches!(
                    t,
                    "boolean" | "byte" | "short" | "long" | "blob" | "timestamp"
                ) || is_integer(t)
                    || is_string(t)
            }),
        ),
        (
            "smithy.api#xmlAttribute",
            structure_member(|x, n| is_scalar(x.target_type(n))),
        ),
        (
            "smithy.api#httpHeader",
            structure_member(|x, n| {
                is_scalar(x.target_type(n)) || is_scalar(x.list_member_type(n))
            }),
        ),
        (
            "smithy.api#idempotencyToken",
            structure_member(|x, n| is_string(x.target_type(n))),
        ),
        (
            "smithy.api#hostLabel",
            structure_member(|x, n| has(n, "required") && is_string(x.target_type(n))),
        ),
        ("smithy.api#required", structure_member(|_, _| true)),
        (
            "smithy.api#httpQuery",
            structure_member(|x, n| {
                is_scalar(x.target_type(n)) || is_scalar(x.list_member_type(n))
            }),
        ),
        (
            "smithy.api#httpPrefixHeaders",
            structure_member(|x, n| {
                x.map_value(n).is_some_and(|(map, value)| {
                    !map.traits.raw.contains_key("smithy.api#sparse") && is_string(value)
                })
            }),
        ),
        (
            "smithy.api#httpQueryParams",
            structure_member(|x, n| {
                x.map_value(n).is_some_and(|(map, value)| {
                    is_string(value)
                        || match &map.kind {
                            ShapeKind::Map { value, .. } => {
                                is_string(x.list_member_type(Node::member(map, value)))
                            }
                            _ => false,
                        }
                })
            }),
        ),
        (
            "smithy.api#addedDefault",
            structure_member(|_, n| has(n, "default")),
        ),
        (
            "smithy.api#httpLabel",
            structure_member(|x, n| has(n, "required") && is_scalar(x.target_type(n))),
        ),
        ("aws.protocols#awsQueryError", only(&["ex#Oops"])),
        ("smithy.api#httpError", only(&["ex#Oops"])),
        (
            "smithy.api#authDefinition",
            only(&["ex#myAuth", "ex#myProtocol"]),
        ),
        (
            "aws.protocols#awsQuery smithy.api#traitValidators.UnsupportedProtocolDocument",
            structure_member(|x, n| x.target_type(n) == "document"),
        ),
        (
            "smithy.protocols#rpcv2Cbor smithy.api#traitValidators.rpcv2Cbor.NoDocuments",
            only(&["ex#OpInput$doc"]),
        ),
        (
            "smithy.api#Renames$key smithy.api#idRef",
            oracle(|_, n| !matches!(ty(n), "member" | "service" | "resource" | "operation")),
        ),
        (
            "smithy.api#IdempotentErrors$member smithy.api#idRef",
            only(&["ex#Oops"]),
        ),
        (
            "smithy.test#HttpRequestTestCase$protocol smithy.api#idRef",
            only(&["ex#myProtocol"]),
        ),
        (
            "smithy.test#HttpRequestTestCase$authScheme smithy.api#idRef",
            only(&["ex#myAuth"]),
        ),
        (
            "aws.api#ServiceTagOperationReference smithy.api#idRef",
            only(&["ex#Discover", "ex#Lonely", "ex#Op", "ex#Stream"]),
        ),
        (
            "aws.api#TagOperationReference smithy.api#idRef",
            only(&["ex#GetPart", "ex#GetThing", "ex#PutThing"]),
        ),
        (
            "smithy.api#TraitShapeId smithy.api#idRef",
            only(&["ex#myAuth", "ex#myProtocol", "ex#myTag"]),
        ),
    ]
}

#[test]
fn every_trait_definition_selector_selects_what_it_means() {
    let Some(dir) = trait_definitions_dir() else {
        return;
    };
    let selectors = definition_selectors(&dir);
    let model = representative();
    let facts = Facts::new(&model);
    // The fixture's own shapes and the prelude's public types (`String`, `Unit`...): the
    // oracle knows nothing of the trait definitions built in beside them.
    let own = |n: &Node<'_>| {
        let shape = n.root_shape();
        let prelude_type = shape.id.is_prelude()
            && !shape.traits.raw.contains_key("smithy.api#trait")
            && !shape.traits.raw.contains_key("smithy.api#private");
        prelude_type || !model.is_builtin(&shape.id)
    };
    let nodes: Vec<Node<'_>> = all_nodes(&model).into_iter().filter(own).collect();
    let mut covered = BTreeSet::new();
    let mut failures = Vec::new();
    for (at, expected) in expectations() {
        let Some(text) = selectors.get(at) else {
            failures.push(format!("{at}: no selector there"));
            continue;
        };
        covered.insert(text.as_str());
        let selector = parse(text);
        let matcher = selector.matcher(&model);
        let got: BTreeSet<String> = selector
            .select(&model)
            .iter()
            .filter(|n| own(n))
            .map(Node::id)
            .collect();
        let want: BTreeSet<String> = nodes
            .iter()
            .filter(|n| expected(&facts, **n))
            .map(Node::id)
            .collect();
        assert!(!want.is_empty(), "{at}: the oracle selects nothing");
        for n in &nodes {
            assert_eq!(
                matcher.matches(*n),
                got.contains(&n.id()),
                "{at}: matches and select disagree on {}",
                n.id()
            );
        }
        if got != want {
            let extra: Vec<_> = got.difference(&want).collect();
            let missing: Vec<_> = want.difference(&got).collect();
            failures.push(format!(
                "{at}: `{text}`\n  selected but not expected: {extra:?}\n  expected but not selected: {missing:?}"
            ));
        }
    }
    let uncovered: Vec<&String> = selectors
        .values()
        .filter(|s| !covered.contains(s.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !uncovered.is_empty() {
        failures.push(format!("selectors with no expectation: {uncovered:#?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cache_parses_each_text_once() {
    let m = representative();
    let mut cache = SelectorCache::new(&m);
    let svc = Node::shape(shape(&m, "ex#Svc"));
    assert_eq!(cache.matches("service", svc), Ok(true));
    assert_eq!(cache.matches("operation", svc), Ok(false));
    assert_eq!(cache.matches("service", svc), Ok(true));
    let err = cache.matches("servce", svc);
    assert!(err.is_err(), "{err:?}");
    let op = shape(&m, "ex#OpInput");
    let label = op.members().iter().find(|mb| mb.name == "label");
    let label = label.map(|mb| Node::member(op, mb));
    assert_eq!(
        label.map(|n| cache.matches("structure > member", n)),
        Some(Ok(true))
    );
}

// --- Errors ----------------------------------------------------------------------------------

#[test]
fn parse_errors_say_what_and_where() {
    let deep = format!("{}*{}", ":is(".repeat(40), ")".repeat(40));
    let long = "string ".repeat(300);
    let cases: &[(&str, &str, usize, usize)] = &[
        ("", "unexpected end of selector", 1, 1),
        ("   ", "unexpected end of selector", 1, 4),
        ("strin", "unknown shape type `strin`", 1, 1),
        ("string )", "unexpected character `)`", 1, 8),
        ("string,", "unexpected character `,`", 1, 7),
        ("[trait|", "expected an identifier, found the end", 1, 8),
        ("[trait|foo = ]", "expected an identifier, found `]`", 1, 14),
        (
            "[trait|foo",
            "expected a comparator or `]`, found the end",
            1,
            11,
        ),
        (
            "[trait|foo == 1]",
            "expected an identifier, found `=`",
            1,
            13,
        ),
        (
            "[trait|foo {?} 1]",
            "expected a projection comparator",
            1,
            12,
        ),
        ("[trait|foo = 1.]", "expected a digit after `.`", 1, 16),
        ("[trait|foo = -x]", "expected a digit", 1, 15),
        ("[id = 'open]", "unclosed `'`", 1, 7),
        ("[foo]", "unknown attribute `foo`", 1, 2),
        ("[id|nope]", "`id` has no property `nope`", 1, 2),
        ("[service|name]", "`service` has no property `name`", 1, 2),
        ("[@: @{nope} = 1]", "unknown attribute `nope`", 1, 7),
        (
            "[@trait|range @{min} = 1]",
            "expected `:`, found `@`",
            1,
            15,
        ),
        (
            "[@trait|range: @{min} = 1 & @{max} = 2]",
            "expected `&`, found ` `",
            1,
            28,
        ),
        (
            ":not(string, blob)",
            ":not takes exactly one selector, found 2",
            1,
            2,
        ),
        (
            ":in(string, blob)",
            ":in takes exactly one selector, found 2",
            1,
            2,
        ),
        (
            ":root(string, blob)",
            ":root takes exactly one selector, found 2",
            1,
            2,
        ),
        (
            ":recursive(>, <)",
            ":recursive takes exactly one selector, found 2",
            1,
            2,
        ),
        (
            ":topdown(service, resource, operation)",
            ":topdown takes one or two selectors",
            1,
            2,
        ),
        (":is()", "unexpected character `)`", 1, 5),
        (":is(string", "expected `,` or `)`, found the end", 1, 11),
        (":is string", "expected `(`, found `s`", 1, 5),
        ("-[input->", "expected `,` or `]`, found `-`", 1, 8),
        ("-[input]>", "expected `-`, found `>`", 1, 9),
        ("<-[input]", "expected `-`, found the end", 1, 10),
        ("~", "expected `>`, found the end", 1, 2),
        ("$", "expected an identifier, found the end", 1, 2),
        ("$x", "expected `(`, found the end", 1, 3),
        ("${x", "expected `}`, found the end", 1, 4),
        ("string\n  > bogus", "unknown shape type `bogus`", 2, 5),
        ("[id = 'é'] é", "unexpected character `é`", 1, 12),
        ("#", "unexpected character `#`", 1, 1),
    ];
    for &(text, message, line, column) in cases {
        let err = match Selector::parse(text) {
            Ok(s) => panic!("`{text}` parsed: {s:?}"),
            Err(e) => e,
        };
        assert!(
            err.message().starts_with(message),
            "`{text}`: {err} (wanted {message})"
        );
        assert_eq!(
            (err.line(), err.column()),
            (line, column),
            "`{text}`: {err}"
        );
        assert!(
            err.to_string()
                .contains(&format!("line {line}, column {column}"))
        );
    }
    let err = Selector::parse(&deep).err().map(|e| e.to_string());
    assert!(
        err.as_deref().is_some_and(|e| e.contains("nests deeper")),
        "{err:?}"
    );
    let err = Selector::parse(&long).err().map(|e| e.to_string());
    assert!(
        err.as_deref()
            .is_some_and(|e| e.contains("more than 256 expressions")),
        "{err:?}"
    );
}

#[test]
fn lenient_where_the_spec_says_so() {
    let m = model(NEIGHBORS);
    // Unknown functions and relationships parse and select nothing.
    assert_select!(m, ":nope(*)", []);
    assert_select!(m, "-[nope]->", []);
    assert_select!(m, "<-[nope, mixin]-", []);
    // Quoted text may be empty and hold any character.
    assert_select!(m, "[id|name = '']", []);
    assert_select!(
        m,
        "[trait|documentation = \"it's [ok] (really), fine\"]",
        []
    );
    assert!(Selector::parse("[id|name='a'][id|name=\"b\"]").is_ok());
    // Tokens need no spaces between them.
    assert_select!(m, "list>member>string", ["ex#Id"]);
    assert_select!(m, "structure>member:test(>list)", ["ex#OpIn$names"]);
}

/// A small xorshift generator: the same mutations on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Prefixes and mutations of valid selectors: each parses or fails with an error, and each
/// that parses evaluates over a model, without panicking.
#[test]
fn any_text_parses_or_fails_cleanly() {
    let m = model(NEIGHBORS);
    let seeds = [
        "service[trait|aws.auth#sigv4] ~> operation -[input, output]-> structure > member",
        "[@trait|enum|(values): @{deprecated} = true && @{tags|(values)} = 'x' i]",
        ":is(list > member > *, map > member > *) :not([trait|length|min >= 1.5e3])",
        "service $s(*) ~> :topdown([trait|x], [trait|y]) :in(:root(resource <-[resource]-))",
        "[trait|trait] :not(<-[trait]-) :recursive(<) ${s} [var|s|id|name ^= 'a']",
        "[@: @{trait|(keys)} {<<} @{var|s|trait|(values)}] [id|member|(length) > 2]",
    ];
    let alphabet: Vec<char> = "[]()@{}|:,&$~<>-=!^*?'\" i#.0e_é\n".chars().collect();
    let mut texts = Vec::new();
    for seed in seeds {
        let chars: Vec<char> = seed.chars().collect();
        for i in 0..=chars.len() {
            texts.push(chars[..i].iter().collect::<String>());
            let mut without = chars.clone();
            if i < without.len() {
                without.remove(i);
                texts.push(without.into_iter().collect());
            }
        }
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let seed: Vec<char> = seeds[rng.below(seeds.len())].chars().collect();
        let mut text = seed.clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(text.len() + 1);
            let c = alphabet[rng.below(alphabet.len())];
            match rng.below(3) {
                0 if at < text.len() => text[at] = c,
                1 if at < text.len() => {
                    text.remove(at);
                }
                _ => text.insert(at, c),
            }
        }
        texts.push(text.into_iter().collect());
    }
    let mut parsed = 0;
    for text in &texts {
        if let Ok(sel) = Selector::parse(text) {
            parsed += 1;
            let _ = sel.select(&m);
        }
    }
    assert!(parsed > 50, "only {parsed} of {} parsed", texts.len());
}
