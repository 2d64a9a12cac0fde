//! Smithy's protocol compliance tests (`smithy.test#httpRequestTests`, `#httpResponseTests`,
//! `#httpMalformedRequestTests`) as Rust tests of a generated crate.
//!
//! [`generate`] reads the test traits of a service's operations and error shapes and returns
//! every case it found, each with the Rust test that runs it or the reason none is generated
//! yet, and the test file (`tests/protocol.rs` of the generated crate) that holds the tests.
//! The tests drive the crate's public API only, as a user's server or client would: request
//! and response cases on both sides (`http_case.rs`), malformed requests on servers
//! (`malformed.rs`), with `params` written as values of the crate's types (`value.rs`). Server
//! requests go through the sans-IO `parse_request` and through the whole generated server
//! (`serve`, with a handler that keeps its input).

mod http_case;
mod malformed;
mod value;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use crate::model::{Model, ShapeId, ShapeKind};
use crate::naming::{Names, ident};
use http_case::{Operation, Side};
use value::Values;

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
const MALFORMED_TESTS: &str = "smithy.test#httpMalformedRequestTests";
const EVENT_STREAM_TESTS: &str = "smithy.test#eventStreamTests";

/// One test case (one side of it; a parameterized case once per parameter set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case id, with `_N` for the N-th set of `testParameters`.
    pub id: String,
    /// `httpRequestTests`, `httpResponseTests` or `httpMalformedRequestTests`.
    pub kind: &'static str,
    /// The protocol's shape id (`aws.protocols#restJson1`).
    pub protocol: String,
    /// `client` or `server`.
    pub side: &'static str,
    /// The generated `#[test]` function, or why there is none.
    pub test: Result<String, String>,
}

/// The cases of a service and the test file that runs the supported ones.
#[derive(Debug, Clone)]
pub struct Tests {
    pub cases: Vec<Case>,
    /// Rust source of `tests/protocol.rs` (empty when no case is supported).
    pub file: String,
}

/// The cases found so far and the test functions of the supported ones.
#[derive(Default)]
struct Collected {
    cases: Vec<Case>,
    fns: Vec<TokenStream>,
    names: BTreeMap<String, usize>,
}

impl Collected {
    /// Records a case; a generated test body becomes a `#[test]` named after the case id.
    fn push(
        &mut self,
        id: String,
        kind: &'static str,
        protocol: String,
        side: &'static str,
        about: &ShapeId,
        test: Result<TokenStream, String>,
    ) {
        let test = test.map(|tokens| {
            let name = unique_name(&mut self.names, &format!("{id}_{side}"));
            let f = ident(&name);
            let doc = format!(" `{id}` ({about}, {side})");
            self.fns.push(quote! {
                #[doc = #doc]
                #[test]
                fn #f() {
                    #tokens
                }
            });
            name
        });
        self.cases.push(Case {
            id,
            kind: kind.trim_start_matches("smithy.test#"),
            protocol,
            side,
            test,
        });
    }
}

/// Collects the cases of every operation (and error shape) the service binds; `krate` is the
/// generated crate's Rust name (`rest_json`).
pub fn generate(model: &Model, service: &ShapeId, krate: &str) -> Tests {
    let closure = crate::model::Closure::of_service(model, service);
    let names = Names::new(model, &closure);
    let ctx = crate::emit::Ctx::new(model, &closure, names, 0, false);
    let krate = ident(krate);
    let root = quote!(::#krate);
    let values = Values::new(&ctx, root);
    let mut out = Collected::default();
    // The crate speaks its service's protocol (the first the generator supports, if several).
    let spoken = ctx.protocol.trait_id();
    let supported = |protocol: &str| -> Result<(), String> {
        if spoken == Some(protocol) {
            Ok(())
        } else {
            Err(format!("protocol {protocol} is not supported"))
        }
    };
    for op_id in closure.operations.keys() {
        let shape = model.expect(op_id);
        let op = Operation::new(&values, model, op_id);
        for case in trait_cases(shape.traits.raw.get(REQUEST_TESTS)) {
            let protocol = text(case.get("protocol")).unwrap_or_default();
            for &side in Side::of(case) {
                values.take_nan();
                let test = supported(&protocol)
                    .and_then(|()| http_case::request_test(&values, &op, case, side));
                out.push(
                    id_of(case),
                    REQUEST_TESTS,
                    protocol.clone(),
                    side.name(),
                    op_id,
                    test,
                );
            }
        }
        for case in trait_cases(shape.traits.raw.get(RESPONSE_TESTS)) {
            let protocol = text(case.get("protocol")).unwrap_or_default();
            for &side in Side::of(case) {
                values.take_nan();
                let test = supported(&protocol)
                    .and_then(|()| http_case::response_test(&values, &op, None, case, side));
                out.push(
                    id_of(case),
                    RESPONSE_TESTS,
                    protocol.clone(),
                    side.name(),
                    op_id,
                    test,
                );
            }
        }
        for case in trait_cases(shape.traits.raw.get(EVENT_STREAM_TESTS)) {
            let protocol = text(case.get("protocol")).unwrap_or_default();
            for &side in Side::of(case) {
                let why = Err("event streams are not supported".to_owned());
                out.push(
                    id_of(case),
                    EVENT_STREAM_TESTS,
                    protocol.clone(),
                    side.name(),
                    op_id,
                    why,
                );
            }
        }
        for case in trait_cases(shape.traits.raw.get(MALFORMED_TESTS)) {
            let protocol = text(case.get("protocol")).unwrap_or_default();
            let id = id_of(case);
            for (n, params) in malformed::parameter_sets(case).into_iter().enumerate() {
                let case_id = match &params {
                    Some(_) => format!("{id}_{n}"),
                    None => id.clone(),
                };
                let test = supported(&protocol)
                    .and_then(|()| malformed::malformed_test(op.path(), case, params.as_ref()));
                out.push(
                    case_id,
                    MALFORMED_TESTS,
                    protocol.clone(),
                    "server",
                    op_id,
                    test,
                );
            }
        }
    }
    // A response case on an error shape runs against the first operation that can return it.
    let mut errors: BTreeMap<&ShapeId, &ShapeId> = BTreeMap::new();
    for (op, op_errors) in &closure.operations {
        for e in op_errors {
            errors.entry(e).or_insert(op);
        }
    }
    for (error, op_id) in errors {
        let Some(shape) = model.get(error) else {
            continue;
        };
        let op = Operation::new(&values, model, op_id);
        for case in trait_cases(shape.traits.raw.get(RESPONSE_TESTS)) {
            let protocol = text(case.get("protocol")).unwrap_or_default();
            for &side in Side::of(case) {
                values.take_nan();
                let test = supported(&protocol)
                    .and_then(|()| http_case::response_test(&values, &op, Some(error), case, side));
                out.push(
                    id_of(case),
                    RESPONSE_TESTS,
                    protocol.clone(),
                    side.name(),
                    error,
                    test,
                );
            }
        }
    }
    let file = if out.fns.is_empty() {
        String::new()
    } else {
        let fns = &out.fns;
        // Only the helpers the tests call, so that the test crate builds without warnings.
        let called = quote!(#(#fns)*).to_string();
        let used: Vec<TokenStream> = helpers()
            .into_iter()
            .filter(|(name, _)| called.contains(&format!("{name} (")))
            .map(|(_, tokens)| tokens)
            .collect();
        let echo = called
            .contains("serve (")
            .then(|| echo_server(&ctx, values.root()));
        let helpers = quote!(#(#used)* #echo);
        let import = (!used.is_empty()).then(|| {
            quote!(
                use ::aws_smithy_protocol_test as protocol_test;
            )
        });
        let tokens = quote! {
            //! Smithy's protocol compliance cases for this crate, generated by smithy-codegen.

            #import

            #(#fns)*

            #helpers
        };
        match syn::parse2::<syn::File>(tokens) {
            Ok(file) => prettyplease::unparse(&file),
            Err(e) => format!("compile_error!({:?});\n", e.to_string()),
        }
    };
    let mut cases = out.cases;
    cases.sort_by(|a, b| (a.kind, &a.id, a.side).cmp(&(b.kind, &b.id, b.side)));
    Tests { cases, file }
}

/// The checks the tests share, by name. Query strings, headers and bodies are compared by
/// `aws-smithy-protocol-test`, made for exactly this: JSON bodies by value, header lists as
/// the comma-joined values the cases write.
fn helpers() -> [(&'static str, TokenStream); 5] {
    [
        (
            "check_query",
            quote! {
                /// The request's query has every `expected` pair, no `forbidden` key or pair, and
                /// every `required` key.
                fn check_query(request: &::http::Request<Vec<u8>>, expected: &[&str], forbidden: &[&str], required: &[&str]) {
                    let uri = ::http::Request::builder()
                        .uri(request.uri().clone())
                        .body(::aws_smithy_types::body::SdkBody::empty())
                        .expect("a request with the same URI");
                    let request = ::aws_smithy_runtime_api::http::Request::try_from(uri)
                        .expect("an HTTP request for the protocol checks");
                    protocol_test::assert_ok(protocol_test::validate_query_string(&request, expected));
                    protocol_test::assert_ok(protocol_test::forbid_query_params(&request, forbidden));
                    protocol_test::assert_ok(protocol_test::require_query_params(&request, required));
                }
            },
        ),
        (
            "check_headers",
            quote! {
                /// The headers have every `expected` value, none of `forbidden` and all of `required`.
                fn check_headers(headers: &::http::HeaderMap, expected: &[(&str, &str)], forbidden: &[&str], required: &[&str]) {
                    protocol_test::assert_ok(protocol_test::validate_headers(headers, expected.iter().copied()));
                    protocol_test::assert_ok(protocol_test::forbid_headers(headers, forbidden));
                    protocol_test::assert_ok(protocol_test::require_headers(headers, required));
                }
            },
        ),
        (
            "check_body",
            quote! {
                /// The body is `expected`: empty, JSON by value, or the same text for other media types.
                fn check_body(actual: &[u8], expected: &str, media_type: &str) {
                    if expected.is_empty() {
                        assert!(actual.is_empty(), "expected no body, got {:?}", String::from_utf8_lossy(actual));
                        return;
                    }
                    // `application/x-amz-json-1.0` and the like are JSON too.
                    let media_type = if media_type.ends_with("json") { "application/json" } else { media_type };
                    match protocol_test::MediaType::from(media_type) {
                        protocol_test::MediaType::Other(_) => {
                            assert_eq!(String::from_utf8_lossy(actual), expected, "body ({media_type})");
                        }
                        media_type => protocol_test::assert_ok(protocol_test::validate_body(actual, expected, media_type)),
                    }
                }
            },
        ),
        (
            "assert_message",
            quote! {
                /// The body's `message` matches `pattern`.
                fn assert_message(actual: &[u8], pattern: &str) {
                    let body: ::serde_json::Value = ::serde_json::from_slice(actual)
                        .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(actual)));
                    let message = body.get("message").and_then(::serde_json::Value::as_str).unwrap_or_default();
                    let re = ::regex::Regex::new(pattern).unwrap_or_else(|e| panic!("bad messageRegex {pattern:?}: {e}"));
                    assert!(re.is_match(message), "message {message:?} does not match {pattern:?}");
                }
            },
        ),
        (
            "assert_cbor_message",
            quote! {
                /// The CBOR body's `message` matches `pattern`.
                fn assert_cbor_message(actual: &[u8], pattern: &str) {
                    let body: ::ciborium::Value = ::ciborium::from_reader(actual)
                        .unwrap_or_else(|e| panic!("the body is not CBOR ({e:?}): {actual:02x?}"));
                    let message = body
                        .as_map()
                        .into_iter()
                        .flatten()
                        .find(|(k, _)| k.as_text() == Some("message"))
                        .and_then(|(_, v)| v.as_text())
                        .unwrap_or_default();
                    let re = ::regex::Regex::new(pattern).unwrap_or_else(|e| panic!("bad messageRegex {pattern:?}: {e}"));
                    assert!(re.is_match(message), "message {message:?} does not match {pattern:?}");
                }
            },
        ),
    ]
}

/// `serve`, which runs a request through the crate's whole server (routing, body collection,
/// parsing, the handler, the response), with a handler for every operation that keeps the
/// input it is called with; and the `block_on` that drives it (nothing in it waits).
fn echo_server(ctx: &crate::emit::Ctx, root: &TokenStream) -> TokenStream {
    let methods = ctx.handler_operations().unwrap_or_default().into_iter().map(|id| {
        let ShapeKind::Operation { input, output, .. } = &ctx.model.expect(id).kind else {
            return quote!();
        };
        let method = ident(&crate::naming::field_ident(id.name()));
        let error = ident(ctx.names.operation_error_name(id));
        let (param, kept) = if Model::is_unit(input) {
            (None, quote!(()))
        } else {
            let ty = ctx.type_path_in(root, input);
            (Some(quote!(input: #ty,)), quote!(input))
        };
        let output = if Model::is_unit(output) {
            quote!(())
        } else {
            ctx.type_path_in(root, output)
        };
        quote! {
            async fn #method(&self, #param _request: &::http::request::Parts) -> Result<#output, #root::error::#error> {
                self.keep(#kept);
                Err(#root::error::#error::Unknown(#root::error::UnknownError::new("Echo", None, 500)))
            }
        }
    });
    quote! {
        /// A handler for every operation: keeps its input and answers an error.
        #[derive(Default)]
        struct Echo(::std::sync::Mutex<Option<Box<dyn ::std::any::Any + Send>>>);

        impl Echo {
            fn keep<T: Send + 'static>(&self, input: T) {
                *self.0.lock().expect("not poisoned") = Some(Box::new(input));
            }
        }

        impl #root::server::Handlers for Echo {
            #(#methods)*
        }

        /// The input the handler was called with (`None`: it was not), and the response.
        fn serve(request: ::http::Request<Vec<u8>>) -> (Option<Box<dyn ::std::any::Any + Send>>, ::http::Response<Vec<u8>>) {
            let echo = ::std::sync::Arc::new(Echo::default());
            let mut server = #root::server::Server::from_handlers(::std::sync::Arc::clone(&echo));
            let request = request.map(|body| ::http_body_util::Full::new(::bytes::Bytes::from(body)));
            let Ok(response) = block_on(::tower_service::Service::call(&mut server, request));
            let (parts, body) = response.into_parts();
            let Ok(body) = block_on(::http_body_util::BodyExt::collect(body));
            let kept = echo.0.lock().expect("not poisoned").take();
            (kept, ::http::Response::from_parts(parts, body.to_bytes().to_vec()))
        }

        /// Runs a future that never waits (the server's, with `Echo`) to its end.
        fn block_on<F: ::std::future::Future>(future: F) -> F::Output {
            let mut future = ::std::pin::pin!(future);
            let mut cx = ::std::task::Context::from_waker(::std::task::Waker::noop());
            loop {
                if let ::std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                    return output;
                }
            }
        }
    }
}

fn id_of(case: &Map<String, Value>) -> String {
    text(case.get("id")).unwrap_or_default()
}

fn trait_cases(v: Option<&Value>) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

/// A snake_case test name for a case id, unique within the file.
fn unique_name(names: &mut BTreeMap<String, usize>, id: &str) -> String {
    let base = crate::naming::field_ident(id);
    let base = base.trim_start_matches("r#").to_owned();
    let n = names.entry(base.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { base } else { format!("{base}_{n}") }
}

/// Whether the service speaks a protocol whose cases can be generated.
pub fn supported_protocol(model: &Model, service: &ShapeId) -> bool {
    model.get(service).is_some_and(|s| {
        matches!(s.kind, ShapeKind::Service { .. })
            && crate::emit::protocol::emits_operations(crate::emit::protocol::of_service(
                model,
                Some(service),
            ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"$version: "2"
namespace ex

use aws.protocols#restJson1
use smithy.test#httpMalformedRequestTests
use smithy.test#httpRequestTests
use smithy.test#httpResponseTests

@restJson1
service Svc {
    operations: [Put]
}

@http(method: "POST", uri: "/put")
@httpMalformedRequestTests([
    {
        id: "PutTooLong"
        protocol: restJson1
        request: {
            method: "POST"
            uri: "/put"
            queryParams: ["a=$value:L"]
            headers: { "content-type": "application/json" }
            body: "{ \"name\": $value:S }"
        }
        response: {
            code: 400
            headers: { "x-amzn-errortype": "ValidationException" }
            body: { mediaType: "application/json", assertion: { messageRegex: "^1 validation error.*$$" } }
        }
        testParameters: { value: ["abcd", "abcdef"] }
    }
])
@httpRequestTests([
    {
        id: "PutRequest"
        protocol: restJson1
        method: "POST"
        uri: "/put"
        host: "example.com/base"
        body: "{\"name\": \"abc\", \"ratio\": \"NaN\", \"when\": 1.5, \"data\": \"aGk=\"}"
        bodyMediaType: "application/json"
        params: { name: "abc", ratio: "NaN", when: 1.5, data: "hi", kind: "B" }
    }
])
@httpResponseTests([
    { id: "PutResponse", protocol: restJson1, code: 200, body: "{}", params: {}, appliesTo: "client" }
])
operation Put {
    input := {
        @length(max: 3)
        name: String
        ratio: Double
        when: Timestamp
        data: Blob
        @httpHeader("x-kind")
        kind: Kind
    }
    errors: [Oops]
}

enum Kind { A, B }

@error("client")
@httpResponseTests([
    { id: "PutOops", protocol: restJson1, code: 400, params: { message: "no" }, appliesTo: "server" }
])
structure Oops {
    message: String
}
"#;

    fn tests() -> Tests {
        let (model, _) = crate::model::load([("m.smithy", MODEL)]).expect("the model loads");
        let service = ShapeId::parse("ex#Svc").expect("an id");
        generate(&model, &service, "svc")
    }

    #[test]
    fn every_case_and_side_gets_a_test_named_after_it() {
        let t = tests();
        let ids: Vec<(&str, &str, &str)> = t
            .cases
            .iter()
            .map(|c| (c.kind, c.id.as_str(), c.side))
            .collect();
        assert_eq!(
            ids,
            [
                ("httpMalformedRequestTests", "PutTooLong_0", "server"),
                ("httpMalformedRequestTests", "PutTooLong_1", "server"),
                ("httpRequestTests", "PutRequest", "client"),
                ("httpRequestTests", "PutRequest", "server"),
                ("httpResponseTests", "PutOops", "server"),
                ("httpResponseTests", "PutResponse", "client"),
            ]
        );
        let names: Vec<&str> = t
            .cases
            .iter()
            .filter_map(|c| c.test.as_deref().ok())
            .collect();
        assert_eq!(
            names,
            [
                "put_too_long_0_server",
                "put_too_long_1_server",
                "put_request_client",
                "put_request_server",
                "put_oops_server",
                "put_response_client",
            ]
        );
    }

    #[test]
    fn malformed_cases_expand_their_parameters() {
        let t = tests();
        assert!(t.file.contains(".uri(\"/put?a=abcd\")"), "{}", t.file);
        assert!(
            t.file
                .contains(r#".body(b"{ \"name\": \"abcdef\" }".to_vec())"#),
            "{}",
            t.file
        );
        assert!(
            t.file
                .contains("::svc::operation::Put::parse_request(&request())"),
            "{}",
            t.file
        );
        // Through the whole server too, with a handler for every operation.
        assert!(
            t.file.contains("let (kept, served) = serve(request());"),
            "{}",
            t.file
        );
        assert!(
            t.file.contains("impl ::svc::server::Handlers for Echo {"),
            "{}",
            t.file
        );
        assert!(
            t.file
                .contains("async fn put(\n        &self,\n        input: ::svc::types::PutInput,"),
            "{}",
            t.file
        );
        assert!(
            t.file
                .contains(r#"assert_message(response.body(), "^1 validation error.*$");"#),
            "{}",
            t.file
        );
    }

    #[test]
    fn malformed_cases_with_cbor_bodies_send_bytes_and_compare_cbor() {
        const CBOR_MODEL: &str = r#"$version: "2"
namespace ex

use smithy.protocols#rpcv2Cbor
use smithy.test#httpMalformedRequestTests

@rpcv2Cbor
service Svc {
    operations: [Put]
}

@httpMalformedRequestTests([
    {
        id: "PutWrongType"
        protocol: rpcv2Cbor
        request: {
            method: "POST"
            uri: "/service/Svc/operation/Put"
            headers: { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" }
            body: "oWRuYW1lBQ=="
            bodyMediaType: "application/cbor"
        }
        response: {
            code: 400
            body: { mediaType: "application/cbor", assertion: { contents: "oWdtZXNzYWdlYng=" } }
        }
    }
    {
        id: "PutWrongTypeMessage"
        protocol: rpcv2Cbor
        request: {
            method: "POST"
            uri: "/service/Svc/operation/Put"
            headers: { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" }
            body: "oWRuYW1lBQ=="
            bodyMediaType: "application/cbor"
        }
        response: {
            code: 400
            body: { mediaType: "application/cbor", assertion: { messageRegex: "^invalid.*$$" } }
        }
    }
])
operation Put {
    input := {
        name: String
    }
}
"#;
        let (model, _) = crate::model::load([("m.smithy", CBOR_MODEL)]).expect("the model loads");
        let service = ShapeId::parse("ex#Svc").expect("an id");
        let t = generate(&model, &service, "svc");
        // {"name": 5}: the bytes, not their base64 text.
        assert!(
            t.file.contains(r#".body(b"\xA1dname\x05".to_vec())"#),
            "{}",
            t.file
        );
        assert!(!t.file.contains("oWRuYW1lBQ=="), "{}", t.file);
        assert!(
            t.file.contains(
                r#"check_body(response.body(), "oWdtZXNzYWdlYng=", "application/cbor");"#
            ),
            "{}",
            t.file
        );
        assert!(
            t.file
                .contains(r#"assert_cbor_message(response.body(), "^invalid.*$");"#),
            "{}",
            t.file
        );
        assert!(t.file.contains("fn assert_cbor_message("), "{}", t.file);
        assert!(!t.file.contains("fn assert_message("), "{}", t.file);
    }

    #[test]
    fn params_become_values_of_the_crate_types() {
        let t = tests();
        // Model names become field names; blobs are text, timestamps epoch seconds, enums
        // their value; unset members take the type's defaults.
        for expected in [
            r#"name: ::std::option::Option::Some(::std::string::String::from("abc"))"#,
            "ratio: ::std::option::Option::Some(f64::NAN)",
            "::jiff::Timestamp::new(1i64, 500000000i32)",
            r#"data: ::std::option::Option::Some(b"hi".to_vec())"#,
            r#"::svc::types::Kind::from("B")"#,
            "let input = ::svc::types::PutInput {",
        ] {
            assert!(t.file.contains(expected), "{expected} in\n{}", t.file);
        }
        // The endpoint's path comes before the request's; a NaN is compared by Debug text.
        assert!(
            t.file
                .contains(r#"format!("{}{}", "/base", request.uri().path())"#),
            "{}",
            t.file
        );
        assert!(
            t.file.contains(r#"format!("{:?}", parsed.ratio)"#),
            "{}",
            t.file
        );
        assert!(
            t.file.contains("assert_eq!(parsed.name, expected.name"),
            "{}",
            t.file
        );
    }

    #[test]
    fn error_cases_run_against_an_operation_that_returns_the_error() {
        let t = tests();
        for expected in [
            "::svc::operation::Put::error_response(",
            "&::svc::error::PutError::Oops(::svc::error::Oops {",
            "assert_eq!(response.status().as_u16(), 400u16);",
        ] {
            assert!(t.file.contains(expected), "{expected} in\n{}", t.file);
        }
    }
}
