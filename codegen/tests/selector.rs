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

/// The ids of the non-prelude nodes a selector yields, in model order. Also checks that the
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
        .map(Node::id)
        .filter(|id| !id.starts_with("smithy.api#"))
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
structure OpIn { names: Names, body: Body }
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
