//! A bad model gets diagnostics naming the file, the shape and the problem, never a panic.

fn errors(text: &str) -> Vec<codegen::Diagnostic> {
    let options = codegen::Options {
        crate_name: "bad".into(),
        service: None,
        lenient: false,
        threads: 1,
        ..Default::default()
    };
    match codegen::generate(&[("bad.json", text)], &options) {
        Ok(_) => panic!("generation should fail for:\n{text}"),
        Err(f) => {
            assert!(f.diagnostics.iter().any(|d| d.is_error()));
            f.diagnostics
        }
    }
}

fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{ {shapes} }} }}"#)
}

fn assert_diag(diags: &[codegen::Diagnostic], shape: Option<&str>, needle: &str) {
    let found = diags.iter().any(|d| {
        d.file.as_deref() == Some("bad.json")
            && d.shape.as_deref() == shape
            && d.message.contains(needle)
    });
    assert!(
        found,
        "no diagnostic for {shape:?} containing {needle:?} in {diags:#?}"
    );
    for d in diags.iter().filter(|d| d.is_error()) {
        let text = d.to_string();
        assert!(
            text.starts_with("error: bad.json") || text.starts_with("error["),
            "{text}"
        );
    }
}

#[test]
fn not_json() {
    let d = errors("{ \"smithy\": \"2.0\", ");
    assert_diag(&d, None, "not valid JSON");
    let d = errors("[1, 2]");
    assert_diag(&d, None, "must be a JSON object");
}

#[test]
fn unsupported_smithy_versions() {
    assert_diag(
        &errors(r#"{"smithy": "3.0", "shapes": {}}"#),
        None,
        "1.0 and 2.0 models are supported",
    );
    assert_diag(
        &errors(r#"{"shapes": {}}"#),
        None,
        "missing the `smithy` version",
    );
}

#[test]
fn dangling_target() {
    let d = errors(&model(
        r#""a.b#S": {"type": "structure", "members": {"m": {"target": "a.b#Missing"}}}"#,
    ));
    assert_diag(&d, Some("a.b#S$m"), "target a.b#Missing does not exist");
}

#[test]
fn dangling_operation_reference() {
    let d = errors(&model(
        r#""a.b#Op": {"type": "operation", "input": {"target": "a.b#Nope"}}"#,
    ));
    assert_diag(&d, Some("a.b#Op"), "a.b#Nope, which does not exist");
}

#[test]
fn unknown_shape_type() {
    let d = errors(&model(r#""a.b#S": {"type": "struct"}"#));
    assert_diag(&d, Some("a.b#S"), "unknown shape type \"struct\"");
}

#[test]
fn malformed_trait_values() {
    let d = errors(&model(
        r#""a.b#S": {"type": "string", "traits": {"smithy.api#length": {"min": "one"}}},
           "a.b#T": {"type": "string", "traits": {"smithy.api#pattern": 42}},
           "a.b#U": {"type": "structure", "members": {"m": {"target": "a.b#S", "traits": {"smithy.api#required": "yes"}}}}"#,
    ));
    assert_diag(
        &d,
        Some("a.b#S"),
        "malformed trait `smithy.api#length`: `min` must be a non-negative integer",
    );
    assert_diag(
        &d,
        Some("a.b#T"),
        "malformed trait `smithy.api#pattern`: expected a string",
    );
    assert_diag(&d, Some("a.b#U$m"), "malformed trait `smithy.api#required`");
}

#[test]
fn pattern_no_engine_compiles() {
    let d = errors(&model(
        r#""a.b#S": {"type": "structure", "members": {"m": {"target": "a.b#P"}}},
           "a.b#P": {"type": "string", "traits": {"smithy.api#pattern": "^(abc$"}}"#,
    ));
    assert_diag(&d, Some("a.b#P"), "pattern \"^(abc$\" cannot be compiled");
}

#[test]
fn wrong_json_types_in_shapes() {
    let d = errors(&model(r#""a.b#S": {"type": "structure", "members": []}"#));
    assert_diag(&d, Some("a.b#S"), "`members` must be an object");
    let d = errors(&model(r#""a.b#L": {"type": "list"}"#));
    assert_diag(
        &d,
        Some("a.b#L"),
        "Missing required member of shape `a.b#L`: member",
    );
    let d = errors(&model(r#""not an id": {"type": "string"}"#));
    assert_diag(&d, Some("not an id"), "not an absolute shape id");
}

#[test]
fn truncated_models_never_panic() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../model/get-workflow.json"
    ))
    .unwrap();
    let options = codegen::Options {
        crate_name: "cut".into(),
        service: None,
        lenient: false,
        threads: 1,
        ..Default::default()
    };
    // Every prefix at a coarse stride: each either fails with diagnostics or generates.
    for end in (0..text.len())
        .step_by(97)
        .filter(|e| text.is_char_boundary(*e))
    {
        if let Err(f) = codegen::generate(&[("cut.json", &text[..end])], &options) {
            assert!(!f.diagnostics.is_empty());
        }
    }
}

#[test]
fn lenient_mode_turns_uncompilable_patterns_into_warnings() {
    let text = model(
        r#""a.b#S": {"type": "structure", "members": {"m": {"target": "a.b#P"}, "n": {"target": "a.b#P"}}},
           "a.b#P": {"type": "string", "traits": {"smithy.api#pattern": "^\\p{Alnum}+$"}}"#,
    );
    let options = codegen::Options {
        crate_name: "lenient".into(),
        service: None,
        lenient: true,
        threads: 1,
        ..Default::default()
    };
    let generated =
        codegen::generate(&[("bad.json", &text)], &options).expect("lenient generation succeeds");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "reported once: {warnings:?}");
    assert!(
        warnings[0].starts_with("warning: bad.json: a.b#P: pattern"),
        "{warnings:?}"
    );
    assert!(!generated.files["src/types.rs"].contains("validator.pattern"));
}

#[test]
fn operation_input_must_be_a_structure() {
    let d = errors(&model(
        r#""a.b#Op": {"type": "operation", "input": {"target": "smithy.api#String"}},
           "a.b#Svc": {"type": "service", "operations": [{"target": "a.b#Op"}]}"#,
    ));
    assert_diag(
        &d,
        Some("a.b#Op"),
        "input relationships must target a structure, but `smithy.api#String` is a string",
    );
}

#[test]
fn service_errors_must_be_error_structures() {
    // Found by `loader_fuzz`: service errors join every operation's error enum.
    let d = errors(&model(
        r#""a.b#Op": {"type": "operation"},
           "a.b#NotAnError": {"type": "operation"},
           "a.b#Svc": {"type": "service", "operations": [{"target": "a.b#Op"}], "errors": [{"target": "a.b#NotAnError"}]}"#,
    ));
    assert_diag(
        &d,
        Some("a.b#Svc"),
        "error relationships must target a structure with the `error` trait, but `a.b#NotAnError` is an operation",
    );
}

#[test]
fn headers_must_not_start_with_a_prefix_headers_prefix() {
    let d = errors(&model(
        r#""a.b#Map": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"}},
           "a.b#In": {"type": "structure", "members": {
               "Meta": {"target": "a.b#Map", "traits": {"smithy.api#httpPrefixHeaders": "X-Meta-"}},
               "Owner": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-meta-owner"}},
               "Other": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Other"}}
           }}"#,
    ));
    assert_diag(
        &d,
        Some("a.b#In$Owner"),
        "The header `x-meta-owner` starts with `x-meta-`, the prefix that `Meta` binds with `@httpPrefixHeaders`",
    );
    assert_eq!(d.len(), 1, "{d:#?}");
}

#[test]
fn routes_no_request_could_tell_apart_are_errors() {
    let op = |name: &str, method: &str, uri: &str| {
        format!(
            r#""a.b#{name}": {{"type": "operation", "traits": {{"smithy.api#http": {{"method": "{method}", "uri": "{uri}"}}}}}}"#
        )
    };
    let d = errors(&model(&[
        op("GetBook", "GET", "/books/{bookId}"),
        op("GetBookAgain", "GET", "/books/{id}"),
        op("PutBook", "PUT", "/books/{bookId}"),
        op("Search", "GET", "/books/{bookId}?q=1"),
        op("Mixed", "GET", "/shelves/{id}.json"),
        r#""a.b#Svc": {"type": "service", "traits": {"aws.protocols#restJson1": {}}, "operations": [
            {"target": "a.b#GetBook"}, {"target": "a.b#GetBookAgain"}, {"target": "a.b#PutBook"},
            {"target": "a.b#Search"}, {"target": "a.b#Mixed"}]}"#
            .to_owned(),
    ]
    .join(",\n")));
    // The model's validation finds them before any code is emitted: the two routes no
    // request could tell apart (`HttpUriConflict`), and the label that does not fill its
    // segment (`HttpUriFormat`).
    let errors: Vec<&codegen::Diagnostic> = d.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.shape.as_deref() == Some("a.b#GetBookAgain")
                && e.id.as_deref() == Some("HttpUriConflict")
                && e.message.contains("a.b#GetBook")),
        "{errors:#?}"
    );
    assert!(
        !errors
            .iter()
            .any(|e| e.id.as_deref() == Some("HttpUriConflict")
                && matches!(e.shape.as_deref(), Some("a.b#PutBook" | "a.b#Search"))),
        "other methods and query literals do not conflict: {errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.shape.as_deref() == Some("a.b#Mixed")
                && e.message.contains("a label must fill its segment")),
        "{errors:#?}"
    );
}
