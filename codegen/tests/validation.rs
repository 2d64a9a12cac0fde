//! Model validation: each model here is one Smithy rejects, and each must fail generation
//! with a diagnostic naming the file, the line and column, the shape and the event id; a
//! suppressed or overridden event behaves as Smithy's do. The models use the built-in trait
//! packages (`aws.protocols#restJson1`, `smithy.framework#ValidationException`) without
//! defining them.

const FILE: &str = "books.smithy";

/// A restJson1 book service around `body`.
fn books(body: &str) -> String {
    format!(
        r#"$version: "2.0"

namespace example.books

use aws.protocols#restJson1
use smithy.framework#ValidationException

@restJson1
service Books {{
    version: "2024-01-01"
    operations: [GetBook]
    errors: [ValidationException]
}}

{body}
"#
    )
}

fn generate(model: &str) -> Result<codegen::Generated, Vec<codegen::Diagnostic>> {
    let options = codegen::Options {
        crate_name: "books".into(),
        ..Default::default()
    };
    codegen::generate(&[(FILE, model)], &options).map_err(|f| f.diagnostics)
}

/// The model fails with an error of event `id` on `shape` whose message contains `needle`,
/// located in the file on `line`; returns the rendered text.
#[track_caller]
fn rejected(model: &str, id: &str, shape: &str, needle: &str, line: usize) -> String {
    let diags = match generate(model) {
        Ok(_) => panic!("the model should be rejected ({id}):\n{model}"),
        Err(d) => d,
    };
    let found = diags.iter().find(|d| {
        d.is_error()
            && d.id.as_deref() == Some(id)
            && d.shape.as_deref() == Some(shape)
            && d.message.contains(needle)
    });
    let Some(d) = found else {
        panic!("no {id} error on {shape} containing {needle:?}; found:\n{diags:#?}");
    };
    assert_eq!(d.file.as_deref(), Some(FILE), "{d:#?}");
    let location = d.location.as_ref().expect("located");
    assert_eq!(location.line, line, "{d}");
    let text = d.to_string();
    assert!(text.contains(&format!("[{id}]")), "{text}");
    assert!(text.contains(&format!("{FILE}:{line}:")), "{text}");
    text
}

#[test]
fn a_label_whose_member_has_another_name() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books/{id}")
operation GetBook {
    input := {
        @required
        @httpLabel
        bookId: String
    }
}"#,
    );
    rejected(
        &model,
        "HttpLabelTrait",
        "example.books#GetBookInput$bookId",
        "has no `{bookId}` label",
        21,
    );
    rejected(
        &model,
        "HttpLabelTrait",
        "example.books#GetBook",
        "`id`",
        17,
    );
}

#[test]
fn a_label_with_no_member() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books/{bookId}")
operation GetBook {
    input := {
        bookId: String
    }
}"#,
    );
    rejected(
        &model,
        "HttpLabelTrait",
        "example.books#GetBook",
        "`bookId`",
        17,
    );
}

#[test]
fn a_label_member_must_be_required() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books/{bookId}")
operation GetBook {
    input := {
        @httpLabel
        bookId: String
    }
}"#,
    );
    rejected(
        &model,
        "TraitTarget",
        "example.books#GetBookInput$bookId",
        "smithy.api#httpLabel",
        20,
    );
}

#[test]
fn two_operations_on_one_uri() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books/{bookId}")
operation GetBook {
    input := {
        @required
        @httpLabel
        bookId: String
    }
}

@readonly
@http(method: "GET", uri: "/books/{id}")
operation FetchBook {
    input := {
        @required
        @httpLabel
        id: String
    }
}"#,
    )
    .replace("operations: [GetBook]", "operations: [GetBook, FetchBook]");
    rejected(
        &model,
        "HttpUriConflict",
        "example.books#GetBook",
        "example.books#FetchBook",
        17,
    );
}

#[test]
fn length_on_an_integer() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
operation GetBook {
    input := {
        @httpQuery("limit")
        limit: Limit
    }
}

@length(min: 1)
@range(min: 1, max: 100)
integer Limit"#,
    );
    rejected(
        &model,
        "TraitTarget",
        "example.books#Limit",
        "smithy.api#length",
        26,
    );
}

#[test]
fn a_duplicate_enum_value() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
operation GetBook {
    input := {
        @httpQuery("genre")
        genre: Genre
    }
}

enum Genre {
    NOVEL = "novel"
    FICTION = "novel"
}"#,
    );
    rejected(
        &model,
        "EnumShape",
        "example.books#Genre$FICTION",
        "`novel`",
        26,
    );
}

#[test]
fn an_http_error_out_of_range() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
operation GetBook {
    errors: [Gone]
}

@error("client")
@httpError(600)
structure Gone {
    message: String
}"#,
    );
    let text = rejected(
        &model,
        "HttpResponseCodeSemantics",
        "example.books#Gone",
        "4xx",
        23,
    );
    assert!(
        text.starts_with("danger[HttpResponseCodeSemantics]"),
        "{text}"
    );
}

#[test]
fn a_trait_defined_nowhere() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
@cached
operation GetBook {}"#,
    );
    let diags = generate(&model).expect_err("an unknown trait is an error");
    assert!(
        diags.iter().any(|d| d.is_error()
            && d.shape.as_deref() == Some("example.books#GetBook")
            && d.message
                .contains("Unable to resolve trait `example.books#cached`")),
        "{diags:#?}"
    );
    // Smithy's "allow unknown traits": the same model, with a warning.
    let options = codegen::Options {
        crate_name: "books".into(),
        allow_unknown_traits: true,
        ..Default::default()
    };
    let generated = codegen::generate(&[(FILE, &model)], &options).expect("generates");
    assert!(
        generated
            .warnings
            .iter()
            .any(|d| d.message.contains("example.books#cached")),
        "{:#?}",
        generated.warnings
    );
}

#[test]
fn a_default_that_breaks_its_own_constraints() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
operation GetBook {
    input := {
        @httpQuery("page")
        page: Page = 2
    }
}

@range(min: 5)
integer Page"#,
    );
    rejected(
        &model,
        "DefaultTrait",
        "example.books#GetBookInput$page",
        "at least 5, but is 2",
        20,
    );
    // A zero is a warning, as Smithy has it: Smithy 1.0 gave every number a zero default,
    // and models converted from it keep those beside their ranges.
    let zero = model.replace("page: Page = 2", "page: Page = 0");
    let generated = generate(&zero).expect("a warning only");
    assert!(
        generated
            .warnings
            .iter()
            .any(|d| d.id.as_deref() == Some("DefaultTrait")
                && d.message.contains("at least 5, but is 0")),
        "{:#?}",
        generated.warnings
    );
}

#[test]
fn a_trait_value_that_is_not_of_the_trait_shape() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
@paginated(inputToken: "token", pageSize: 5)
operation GetBook {}"#,
    );
    rejected(
        &model,
        "TraitValue",
        "example.books#GetBook",
        "expected a string value",
        18,
    );
}

#[test]
fn a_misspelled_protocol_is_an_unknown_trait_and_none_is_a_warning() {
    let misspelled = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
operation GetBook {}"#,
    )
    .replace("use aws.protocols#restJson1\n", "")
    .replace("@restJson1", "@aws.protocols#restJSON1");
    let diags = generate(&misspelled).expect_err("no such trait");
    assert!(
        diags
            .iter()
            .any(|d| d.is_error() && d.message.contains("`aws.protocols#restJSON1`")),
        "{diags:#?}"
    );

    let none = misspelled.replace("@aws.protocols#restJSON1\n", "");
    let generated = generate(&none).expect("types only");
    let warning = generated
        .warnings
        .iter()
        .find(|d| d.id.as_deref() == Some("UnsupportedProtocol"))
        .expect("a warning says the service has no protocol");
    assert!(
        warning.message.contains("aws.protocols#restJson1"),
        "{warning}"
    );
    let options = codegen::Options {
        crate_name: "books".into(),
        require_protocol: true,
        ..Default::default()
    };
    let failure = codegen::generate(&[(FILE, &none)], &options).expect_err("required");
    assert!(
        failure
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.id.as_deref() == Some("UnsupportedProtocol"))
    );
}

#[test]
fn suppressions_silence_warnings_and_dangers_but_never_errors() {
    let body = r#"@readonly
@http(method: "GET", uri: "/books")
operation GetBook {
    errors: [Gone]
}

@error("client")
@httpError(600)
structure Gone {
    message: String
}"#;
    // `@suppress` on the shape.
    let by_trait = books(&body.replace(
        "@httpError(600)",
        "@httpError(600)\n@suppress([\"HttpResponseCodeSemantics\"])",
    ));
    generate(&by_trait).expect("the danger is suppressed");
    // `metadata suppressions` by namespace.
    let by_metadata = books(body).replace(
        "namespace example.books",
        "metadata suppressions = [{ id: \"HttpResponseCodeSemantics\", namespace: \"example.books\" }]\n\nnamespace example.books",
    );
    generate(&by_metadata).expect("the danger is suppressed");
    // Another namespace suppresses nothing.
    let elsewhere = by_metadata.replace(
        "namespace: \"example.books\"",
        "namespace: \"example.other\"",
    );
    generate(&elsewhere).expect_err("not suppressed");
    // An error is not suppressed.
    let error = books(
        r#"@readonly
@suppress(["HttpLabelTrait"])
@http(method: "GET", uri: "/books/{bookId}")
operation GetBook {}"#,
    );
    generate(&error).expect_err("errors cannot be suppressed");
}

#[test]
fn metadata_validators_and_severity_overrides() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
operation GetBook {
    output := {
        titles: Titles
    }
}

list Titles {
    member: String
}"#,
    )
    .replace(
        "namespace example.books",
        r#"metadata validators = [
    { name: "EmitEachSelector", id: "NoLists", message: "no lists", severity: "WARNING", configuration: { selector: "list" } }
    { name: "NoSuchValidator" }
]

namespace example.books"#,
    );
    let generated = generate(&model).expect("warnings only");
    let ids: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .filter_map(|d| Some((d.id.as_deref()?, d.shape.as_deref().unwrap_or("-"))))
        .collect();
    assert!(
        ids.contains(&("NoLists", "example.books#Titles")),
        "{ids:?}"
    );
    assert!(
        ids.contains(&("UnknownValidator_NoSuchValidator", "-")),
        "{ids:?}"
    );
    // Raised to DANGER, the warning fails generation.
    let raised = model.replace(
        "metadata validators",
        "metadata severityOverrides = [{ id: \"NoLists\", namespace: \"*\", severity: \"DANGER\" }]\n\nmetadata validators",
    );
    let diags = generate(&raised).expect_err("a danger fails");
    assert!(
        diags
            .iter()
            .any(|d| d.id.as_deref() == Some("NoLists") && d.is_error())
    );
}

/// A model with no service: `body` in namespace `example.library`, after a four-line header
/// (so a shape on the body's first line is on line 5).
fn library(body: &str) -> String {
    format!("$version: \"2.0\"\n\nnamespace example.library\n\n{body}\n")
}

/// A valid resource hierarchy: shelves hold books; every operation binds its identifiers.
const SHELVES: &str = r#"service Library {
    version: "1"
    resources: [Shelf]
}

resource Shelf {
    identifiers: { shelfId: ShelfId }
    properties: { title: String }
    read: GetShelf
    list: ListShelves
    resources: [Book]
}

resource Book {
    identifiers: { shelfId: ShelfId, bookId: BookId }
    delete: DeleteBook
}

string ShelfId

string BookId

@readonly
operation GetShelf {
    input := {
        @required
        shelfId: ShelfId
    }
    output := {
        title: String
    }
}

@readonly
operation ListShelves {}

@idempotent
operation DeleteBook {
    input := {
        @required
        shelfId: ShelfId
        @required
        bookId: BookId
    }
}"#;

/// The line of the first line of `model` that starts with `start`.
#[track_caller]
fn line_of(model: &str, start: &str) -> usize {
    model
        .lines()
        .position(|l| l.starts_with(start))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starts with {start:?}"))
}

#[test]
fn a_valid_resource_hierarchy_has_no_resource_events() {
    let generated = generate(&library(SHELVES)).expect("valid");
    let resource_events: Vec<_> = generated
        .warnings
        .iter()
        .filter(|d| {
            d.id.as_deref().is_some_and(|id| {
                id.starts_with("Resource") || id.starts_with("Target") || id.starts_with("Service")
            })
        })
        .collect();
    assert!(resource_events.is_empty(), "{resource_events:#?}");
}

#[test]
fn operation_bindings_target_the_right_kind_of_shape() {
    let model = library(
        "operation Op {\n    input: Name\n    errors: [NotAnError]\n}\n\nstring Name\n\nstructure NotAnError {}\n\n@error(\"client\")\nstructure Oops {}\n\noperation Op2 {\n    output: Oops\n}",
    );
    rejected(
        &model,
        "Target",
        "example.library#Op",
        "input relationships must target a structure, but `example.library#Name` is a string",
        5,
    );
    rejected(
        &model,
        "Target",
        "example.library#Op",
        "`example.library#NotAnError` cannot be bound as an error",
        5,
    );
    rejected(
        &model,
        "Target",
        "example.library#Op2",
        "`example.library#Oops` is marked with the `error` trait",
        line_of(&model, "operation Op2"),
    );
}

#[test]
fn resource_identifiers_are_strings() {
    let model =
        library("resource Shelf {\n    identifiers: { shelfId: Count }\n}\n\ninteger Count");
    rejected(
        &model,
        "Target",
        "example.library#Shelf",
        "identifier relationships must target a string or an enum, but `example.library#Count` is an integer",
        5,
    );
}

#[test]
fn a_reference_to_a_deprecated_shape_is_a_warning() {
    let model = library(
        "structure Holder {\n    old: Old\n}\n\n@deprecated(message: \"Use New.\", since: \"2024\")\nstring Old",
    );
    let generated = generate(&model).expect("warnings only");
    let warning = generated
        .warnings
        .iter()
        .find(|d| d.id.as_deref() == Some("DeprecatedShape.example.library#Old"))
        .expect("a deprecation warning");
    assert_eq!(warning.shape.as_deref(), Some("example.library#Holder$old"));
    assert!(
        warning.message.contains(
            "Member targets a deprecated shape, example.library#Old. Use New. (since 2024)"
        ),
        "{warning}"
    );
}

#[test]
fn lifecycle_operations_are_readonly_and_idempotent_as_their_role_says() {
    let model = library(
        &SHELVES
            .replace("@readonly\noperation GetShelf", "operation GetShelf")
            .replace("@idempotent\noperation DeleteBook", "operation DeleteBook"),
    );
    rejected(
        &model,
        "ResourceLifecycle",
        "example.library#Shelf",
        "the `read` lifecycle operation of this resource, `example.library#GetShelf`, must be marked with the `readonly` trait",
        line_of(&model, "resource Shelf"),
    );
    rejected(
        &model,
        "ResourceLifecycle",
        "example.library#Book",
        "`example.library#DeleteBook`, must be marked with the `idempotent` trait",
        line_of(&model, "resource Book"),
    );
}

#[test]
fn instance_operations_bind_every_identifier() {
    // `bookId` is not required, so it binds nothing.
    let model = library(&SHELVES.replacen(
        "        @required\n        bookId: BookId",
        "        bookId: BookId",
        1,
    ));
    let text = rejected(
        &model,
        "ResourceIdentifierBinding",
        "example.library#DeleteBook",
        "expected `bookId` (targeting `example.library#BookId`), `shelfId` (targeting `example.library#ShelfId`); found `shelfId` by member `shelfId`",
        line_of(&model, "operation DeleteBook"),
    );
    assert!(text.contains("as an instance operation"), "{text}");
    // `@resourceIdentifier` binds a member of another name.
    let explicit = SHELVES.replacen(
        "        @required\n        bookId: BookId",
        "        @required\n        @resourceIdentifier(\"bookId\")\n        id: BookId",
        1,
    );
    generate(&library(&explicit)).expect("bound explicitly");
}

#[test]
fn collection_operations_do_not_bind_every_identifier() {
    let model = library(&SHELVES.replace(
        "@readonly\noperation ListShelves {}",
        "@readonly\noperation ListShelves {\n    input := {\n        @required\n        shelfId: ShelfId\n    }\n}",
    ));
    rejected(
        &model,
        "ResourceIdentifierBinding",
        "example.library#ListShelves",
        "bound as a collection operation of `example.library#Shelf`",
        line_of(&model, "operation ListShelves"),
    );
}

#[test]
fn a_child_resource_repeats_its_parents_identifiers() {
    let model = library(&SHELVES.replace(
        "identifiers: { shelfId: ShelfId, bookId: BookId }",
        "identifiers: { bookId: BookId }",
    ));
    rejected(
        &model,
        "ResourceIdentifier",
        "example.library#Book",
        "bound as a child of `example.library#Shelf`, so its `identifiers` must include `shelfId`",
        line_of(&model, "resource Book"),
    );
    let mismatched = library(&SHELVES.replace(
        "identifiers: { shelfId: ShelfId, bookId: BookId }",
        "identifiers: { shelfId: BookId, bookId: BookId }",
    ));
    rejected(
        &mismatched,
        "ResourceIdentifier",
        "example.library#Book",
        "`shelfId` targets `example.library#BookId`, not `example.library#ShelfId`",
        line_of(&mismatched, "resource Book"),
    );
    // An operation of the child binds the parent's identifiers too.
    let unbound = library(&SHELVES.replace(
        "identifiers: { shelfId: ShelfId, bookId: BookId }",
        "identifiers: { bookId: BookId }",
    ));
    rejected(
        &unbound,
        "ResourceIdentifierBinding",
        "example.library#DeleteBook",
        "a child of `example.library#Shelf`",
        line_of(&unbound, "operation DeleteBook"),
    );
}

#[test]
fn an_identifier_is_not_also_a_property() {
    let model = library(&SHELVES.replace(
        "properties: { title: String }",
        "properties: { ShelfID: String }",
    ));
    rejected(
        &model,
        "ResourceIdentifier",
        "example.library#Shelf",
        "the identifier `shelfId` of this resource is also one of its properties",
        line_of(&model, "resource Shelf"),
    );
}

#[test]
fn resources_form_no_cycle_and_are_bound_once() {
    let cycle = library(&SHELVES.replace(
        "    delete: DeleteBook\n",
        "    delete: DeleteBook\n    resources: [Shelf]\n",
    ));
    rejected(
        &cycle,
        "ResourceCycle",
        "example.library#Shelf",
        "example.library#Shelf -> example.library#Book -> example.library#Shelf",
        line_of(&cycle, "resource Shelf"),
    );
    let twice = library(&SHELVES.replace("resources: [Shelf]\n}", "resources: [Shelf, Book]\n}"));
    rejected(
        &twice,
        "SingleResourceBinding",
        "example.library#Book",
        "`example.library#Library`, `example.library#Shelf` all bind this one into `example.library#Library`",
        line_of(&twice, "resource Book"),
    );
}

#[test]
fn members_binding_one_identifier_conflict() {
    let model = library(&SHELVES.replace(
        "        @required\n        bookId: BookId\n    }",
        "        @required\n        @resourceIdentifier(\"bookId\")\n        bookId: BookId\n        @resourceIdentifier(\"bookId\")\n        otherId: BookId\n    }",
    ));
    rejected(
        &model,
        "ResourceIdentifierBinding",
        "example.library#DeleteBookInput",
        "members `bookId`, `otherId` all bind the resource identifier `bookId`",
        // An inline input is defined where `input :=` is.
        line_of(&model, "operation DeleteBook") + 1,
    );
}

#[test]
fn an_operation_on_the_service_that_names_a_resource_identifier_is_a_warning() {
    let model = library(&SHELVES.replace(
        "    resources: [Shelf]\n}",
        "    resources: [Shelf]\n    operations: [Lend]\n}\n\noperation Lend {\n    input := {\n        @required\n        shelfId: ShelfId\n    }\n}",
    ));
    let generated = generate(&model).expect("warnings only");
    let warning = generated
        .warnings
        .iter()
        .find(|d| {
            d.id.as_deref() == Some("ServiceBoundResourceOperation.example.library#Library.Lend")
        })
        .expect("a warning");
    assert_eq!(warning.shape.as_deref(), Some("example.library#Lend"));
    assert!(
        warning.message.contains("`example.library#Shelf`"),
        "{warning}"
    );
}

/// The model has no event `id` at all (it may still fail for other reasons, which the test
/// then names).
#[track_caller]
fn no_event(model: &str, id: &str) {
    let diags = match generate(model) {
        Ok(g) => g.warnings,
        Err(d) => d,
    };
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.id.as_deref() == Some(id))
        .collect();
    assert!(found.is_empty(), "unexpected {id}: {found:#?}");
}

/// A restJson1 book service whose `GetBook` is the given streaming operation.
const STREAMS: &str = r#"@http(method: "POST", uri: "/books")
operation GetBook {
    input := {
        @httpPayload
        body: Stream
    }
    output := {
        @httpPayload
        @required
        events: Events
    }
}

@streaming
blob Stream

@streaming
union Events {
    added: Added
}

structure Added {
    @eventHeader
    id: String
    @eventPayload
    body: Blob
}"#;

#[test]
fn a_streaming_blob_member_must_be_required() {
    rejected(
        &books(STREAMS),
        "StreamingTrait",
        "example.books#GetBookInput$body",
        "must be marked `@required` or have a `@default`",
        19,
    );
    let fine = books(&STREAMS.replacen(
        "@httpPayload\n        body",
        "@httpPayload\n        @required\n        body",
        1,
    ));
    no_event(&fine, "StreamingTrait");
    no_event(&fine, "EventPayloadTrait");
}

#[test]
fn a_stream_must_be_the_payload_and_at_the_top() {
    let model = books(&format!(
        "{}\n\nstructure Holder {{\n    @required\n    inner: Stream\n}}\n\nlist Holders {{\n    member: Holder\n}}",
        STREAMS.replacen("@httpPayload\n        body", "@required\n        body", 1)
    ));
    rejected(
        &model,
        "StreamingTrait",
        "example.books#GetBookInput$body",
        "must be marked `@httpPayload`",
        19,
    );
    rejected(
        &model,
        "StreamingTrait",
        "example.books#Holders$member",
        "cannot target a structure that holds a stream",
        49,
    );
}

#[test]
fn an_event_stream_holds_structures_and_an_event_payload_excludes_other_body_members() {
    let model = books(
        &STREAMS
            .replacen(
                "@httpPayload\n        body",
                "@httpPayload\n        @required\n        body",
                1,
            )
            .replace(
                "    added: Added\n",
                "    added: Added\n    count: Integer\n",
            )
            .replace("    @eventHeader\n    id: String", "    id: String"),
    );
    rejected(
        &model,
        "StreamingTrait",
        "example.books#Events",
        "`count`",
        33,
    );
    rejected(
        &model,
        "EventPayloadTrait",
        "example.books#Added",
        "`id`",
        38,
    );
}

#[test]
fn an_exclusive_trait_is_on_one_member_only() {
    let model = books(
        r#"@http(method: "POST", uri: "/books")
operation GetBook {
    input := {
        @httpPayload
        title: String
        @httpPayload
        author: String
    }
}"#,
    );
    rejected(
        &model,
        "ExclusiveStructureMemberTrait",
        "example.books#GetBookInput",
        "`title`, `author`",
        17,
    );
    // Two members targeting streams: `@streaming` is exclusive by target.
    let streams = books(
        &STREAMS.replacen(
            "@httpPayload\n        body: Stream",
            "@httpPayload\n        @required\n        body: Stream\n        @required\n        other: Stream",
            1,
        ),
    );
    rejected(
        &streams,
        "ExclusiveStructureMemberTrait",
        "example.books#GetBookInput",
        "`body`, `other`",
        17,
    );
    let fine = books(&STREAMS.replacen(
        "@httpPayload\n        body",
        "@httpPayload\n        @required\n        body",
        1,
    ));
    no_event(&fine, "ExclusiveStructureMemberTrait");
}

#[test]
fn a_header_may_not_start_with_a_prefix_header_binding() {
    let model = books(
        r#"@http(method: "POST", uri: "/books")
operation GetBook {
    input := {
        @httpPrefixHeaders("X-Meta-")
        meta: Meta
        @httpHeader("x-meta-id")
        id: String
    }
}

map Meta {
    key: String
    value: String
}"#,
    );
    rejected(
        &model,
        "HttpPrefixHeadersTrait",
        "example.books#GetBookInput$id",
        "`x-meta-`",
        21,
    );
    no_event(
        &model.replace("x-meta-id", "x-id"),
        "HttpPrefixHeadersTrait",
    );
}

#[test]
fn a_get_with_a_body_is_a_danger_and_a_get_not_readonly_a_warning() {
    let model = books(
        r#"@http(method: "GET", uri: "/books")
operation GetBook {
    input := {
        title: String
    }
}"#,
    );
    // DANGER fails generation; the id names the part of the semantics broken.
    let diags = generate(&model).expect_err("a GET with a body is a danger");
    let danger = diags
        .iter()
        .find(|d| d.id.as_deref() == Some("HttpMethodSemantics.UnexpectedPayload"))
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(danger.severity, codegen::Severity::Danger);
    assert_eq!(danger.shape.as_deref(), Some("example.books#GetBook"));
    assert_eq!(danger.location.as_ref().map(|l| l.line), Some(16));
    assert!(danger.message.contains("`title`"), "{danger}");
    let warning = diags
        .iter()
        .find(|d| d.id.as_deref() == Some("HttpMethodSemantics.MissingReadonlyTrait"))
        .unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(warning.severity, codegen::Severity::Warning);
    // Readonly, with the member in the query, the GET is fine.
    let fine = model
        .replace("@http(method", "@readonly\n@http(method")
        .replace(
            "        title: String",
            "        @httpQuery(\"title\")\n        title: String",
        );
    no_event(&fine, "HttpMethodSemantics.UnexpectedPayload");
    no_event(&fine, "HttpMethodSemantics.MissingReadonlyTrait");
}

#[test]
fn an_id_ref_trait_value_names_a_matching_shape() {
    let model = books(
        r#"@readonly
@http(method: "GET", uri: "/books")
@related("example.books#Missing")
operation GetBook {}

@readonly
@http(method: "GET", uri: "/other")
@related(Title)
operation Other {}

@trait(selector: "operation")
@idRef(selector: "operation", failWhenMissing: true)
string related

string Title"#,
    );
    rejected(
        &model,
        "TraitValue",
        "example.books#GetBook",
        "`example.books#Missing` was not found",
        18,
    );
    rejected(
        &model,
        "TraitValue",
        "example.books#Other",
        "does not match the selector `operation`",
        23,
    );
    let fine = model
        .replace("\"example.books#Missing\"", "Other")
        .replace("@related(Title)", "@related(GetBook)");
    no_event(&fine, "TraitValue");
}
