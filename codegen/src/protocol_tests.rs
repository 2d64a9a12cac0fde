//! Smithy's protocol compliance tests (`smithy.test#httpRequestTests`, `#httpResponseTests`,
//! `#httpMalformedRequestTests`) as Rust tests of a generated crate.
//!
//! [`generate`] reads the test traits of a service's operations and error shapes and returns
//! every case it found, each with the Rust test that runs it or the reason none is generated
//! yet, and the test file (`tests/protocol.rs` of the generated crate) that holds the tests.
//! The tests drive the crate's public sans-IO API only, as a user's server or client would.
//!
//! Generated so far: `httpMalformedRequestTests` of restJson1 (server side, `testParameters`
//! expanded): the request goes through `Operation::parse_request`, and the rejection's
//! `to_response()` must have the expected status, headers and body (JSON compared by value,
//! or the `message` matched against `messageRegex`).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::model::{Model, ShapeId, ShapeKind};
use crate::naming::{ident, type_ident};

const REST_JSON: &str = "aws.protocols#restJson1";
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

/// Collects the cases of every operation (and error shape) the service binds; `krate` is the
/// generated crate's Rust name (`rest_json`).
pub fn generate(model: &Model, service: &ShapeId, krate: &str) -> Tests {
    let closure = crate::model::Closure::of_service(model, service);
    let krate = ident(krate);
    let mut cases = Vec::new();
    let mut fns = Vec::new();
    let mut names = BTreeMap::new();
    for op in closure.operations.keys() {
        let shape = model.expect(op);
        for kind in [REQUEST_TESTS, RESPONSE_TESTS] {
            for case in trait_cases(shape.traits.raw.get(kind)) {
                not_generated(
                    &mut cases,
                    kind,
                    case,
                    "request and response cases are not generated yet",
                );
            }
        }
        for case in trait_cases(shape.traits.raw.get(EVENT_STREAM_TESTS)) {
            not_generated(
                &mut cases,
                EVENT_STREAM_TESTS,
                case,
                "event streams are not supported",
            );
        }
        for case in trait_cases(shape.traits.raw.get(MALFORMED_TESTS)) {
            let protocol = text(case.get("protocol")).unwrap_or_default();
            let id = text(case.get("id")).unwrap_or_default();
            for (n, params) in parameter_sets(case).into_iter().enumerate() {
                let case_id = match &params {
                    Some(_) => format!("{id}_{n}"),
                    None => id.clone(),
                };
                let test = if protocol != REST_JSON {
                    Err(format!("protocol {protocol} is not supported"))
                } else {
                    malformed_test(&krate, op, case, params.as_ref()).map(|tokens| {
                        let name = unique_name(&mut names, &case_id);
                        let f = ident(&name);
                        let doc = format!(" `{case_id}` ({op})");
                        fns.push(quote! {
                            #[doc = #doc]
                            #[test]
                            fn #f() {
                                #tokens
                            }
                        });
                        name
                    })
                };
                cases.push(Case {
                    id: case_id,
                    kind: "httpMalformedRequestTests",
                    protocol: protocol.clone(),
                    side: "server",
                    test,
                });
            }
        }
    }
    for error in closure.operations.values().flatten() {
        if let Some(shape) = model.get(error) {
            for case in trait_cases(shape.traits.raw.get(RESPONSE_TESTS)) {
                not_generated(
                    &mut cases,
                    RESPONSE_TESTS,
                    case,
                    "response cases are not generated yet",
                );
            }
        }
    }
    let file = if fns.is_empty() {
        String::new()
    } else {
        let tokens = quote! {
            //! Smithy's protocol compliance cases for this crate, generated by smithy-codegen.

            #(#fns)*

            /// The JSON of `actual` equals `expected` by value.
            fn assert_json(actual: &[u8], expected: &str) {
                let actual: ::serde_json::Value = ::serde_json::from_slice(actual)
                    .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(actual)));
                let expected: ::serde_json::Value = ::serde_json::from_str(expected)
                    .unwrap_or_else(|e| panic!("the expected body is not JSON ({e}): {expected}"));
                assert_eq!(actual, expected);
            }

            /// The body's `message` matches `pattern`.
            fn assert_message(actual: &[u8], pattern: &str) {
                let body: ::serde_json::Value = ::serde_json::from_slice(actual)
                    .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(actual)));
                let message = body.get("message").and_then(::serde_json::Value::as_str).unwrap_or_default();
                let re = ::regex::Regex::new(pattern).unwrap_or_else(|e| panic!("bad messageRegex {pattern:?}: {e}"));
                assert!(re.is_match(message), "message {message:?} does not match {pattern:?}");
            }
        };
        match syn::parse2::<syn::File>(tokens) {
            Ok(file) => prettyplease::unparse(&file),
            Err(e) => format!("compile_error!({:?});\n", e.to_string()),
        }
    };
    cases.sort_by(|a, b| (a.kind, &a.id, a.side).cmp(&(b.kind, &b.id, b.side)));
    Tests { cases, file }
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

/// A request or response case, once per side it applies to, with the reason it is not run.
fn not_generated(
    cases: &mut Vec<Case>,
    kind: &'static str,
    case: &serde_json::Map<String, Value>,
    why: &str,
) {
    let sides: &[&'static str] = match case.get("appliesTo").and_then(Value::as_str) {
        Some("client") => &["client"],
        Some("server") => &["server"],
        _ => &["client", "server"],
    };
    for side in sides {
        cases.push(Case {
            id: text(case.get("id")).unwrap_or_default(),
            kind: kind.trim_start_matches("smithy.test#"),
            protocol: text(case.get("protocol")).unwrap_or_default(),
            side,
            test: Err(why.to_owned()),
        });
    }
}

/// `testParameters` as one map per case (`None`: the case has no parameters).
fn parameter_sets(case: &serde_json::Map<String, Value>) -> Vec<Option<BTreeMap<String, String>>> {
    let Some(params) = case.get("testParameters").and_then(Value::as_object) else {
        return vec![None];
    };
    let count = params
        .values()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    (0..count)
        .map(|i| {
            Some(
                params
                    .iter()
                    .filter_map(|(k, v)| {
                        let value = v.as_array()?.get(i)?.as_str()?;
                        Some((k.clone(), value.to_owned()))
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Substitutes `$name:L` (the value) and `$name:S` (the value as a quoted string literal) when
/// the case has parameters, and `$$` (a dollar) always, as Smithy's CodeWriter does (the
/// suite writes `$$` in cases without parameters too).
fn substitute(s: &str, params: Option<&BTreeMap<String, String>>) -> String {
    let none = BTreeMap::new();
    let params = params.unwrap_or(&none);
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        match (
            params.get(name),
            after.strip_prefix(":L"),
            after.strip_prefix(":S"),
        ) {
            (Some(v), Some(after), _) => {
                out.push_str(v);
                rest = after;
            }
            (Some(v), None, Some(after)) => {
                out.push_str(&Value::String(v.clone()).to_string());
                rest = after;
            }
            _ => out.push('$'),
        }
    }
    out.push_str(rest);
    out
}

fn string_map(
    v: Option<&Value>,
    params: Option<&BTreeMap<String, String>>,
) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((substitute(k, params), substitute(v.as_str()?, params))))
        .collect()
}

/// The body of the `#[test]` for one malformed-request case.
fn malformed_test(
    krate: &proc_macro2::Ident,
    op: &ShapeId,
    case: &serde_json::Map<String, Value>,
    params: Option<&BTreeMap<String, String>>,
) -> Result<TokenStream, String> {
    let request = case
        .get("request")
        .and_then(Value::as_object)
        .ok_or("no `request`")?;
    let response = case
        .get("response")
        .and_then(Value::as_object)
        .ok_or("no `response`")?;
    let method = substitute(
        &text(request.get("method")).ok_or("no request `method`")?,
        params,
    );
    let mut uri = substitute(&text(request.get("uri")).ok_or("no request `uri`")?, params);
    let query: Vec<String> = request
        .get("queryParams")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|q| substitute(q, params))
        .collect();
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&query.join("&"));
    }
    let headers = string_map(request.get("headers"), params)
        .into_iter()
        .map(|(k, v)| quote!(.header(#k, #v)));
    let body = text(request.get("body"))
        .map(|b| substitute(&b, params))
        .unwrap_or_default();
    let code = response
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .ok_or("no response `code`")?;
    let expected_headers = string_map(response.get("headers"), params)
        .into_iter()
        .map(|(k, v)| {
            quote! {
                assert_eq!(
                    response.headers().get(#k).and_then(|v| v.to_str().ok()),
                    Some(#v),
                    "header {}", #k
                );
            }
        });
    let body_check = match response
        .get("body")
        .and_then(|b| b.get("assertion"))
        .and_then(Value::as_object)
    {
        None => quote!(),
        Some(a) => match (text(a.get("contents")), text(a.get("messageRegex"))) {
            (Some(contents), _) => {
                let contents = substitute(&contents, params);
                quote!(assert_json(response.body(), #contents);)
            }
            (None, Some(regex)) => {
                let regex = substitute(&regex, params);
                quote!(assert_message(response.body(), #regex);)
            }
            (None, None) => {
                return Err("a body assertion without `contents` or `messageRegex`".into());
            }
        },
    };
    let operation = ident(&type_ident(op.name()));
    Ok(quote! {
        let request = ::http::Request::builder()
            .method(#method)
            .uri(#uri)
            #(#headers)*
            .body(#body.as_bytes().to_vec())
            .expect("the case's request is a valid HTTP request");
        let response = match #krate::operation::#operation::parse_request(&request) {
            Ok(input) => panic!("the server accepted the malformed request: {input:?}"),
            Err(rejection) => rejection.to_response(),
        };
        assert_eq!(response.status().as_u16(), #code, "{:?}", String::from_utf8_lossy(response.body()));
        #(#expected_headers)*
        #body_check
    })
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
        matches!(s.kind, ShapeKind::Service { .. }) && s.traits.raw.contains_key(REST_JSON)
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
    { id: "PutRequest", protocol: restJson1, method: "POST", uri: "/put", appliesTo: "client" }
])
operation Put {
    input := {
        @length(max: 3)
        name: String
    }
}
"#;

    fn tests() -> Tests {
        let (model, _) = crate::model::load([("m.smithy", MODEL)]).expect("the model loads");
        let service = ShapeId::parse("ex#Svc").expect("an id");
        generate(&model, &service, "svc")
    }

    #[test]
    fn malformed_cases_expand_their_parameters_into_tests() {
        let t = tests();
        let ids: Vec<(&str, &str)> = t.cases.iter().map(|c| (c.id.as_str(), c.side)).collect();
        assert_eq!(
            ids,
            [
                ("PutTooLong_0", "server"),
                ("PutTooLong_1", "server"),
                ("PutRequest", "client")
            ]
        );
        assert_eq!(t.cases[0].test.as_deref(), Ok("put_too_long_0"));
        assert!(
            t.cases[2].test.is_err(),
            "request cases are not generated yet"
        );
        assert!(t.file.contains(".uri(\"/put?a=abcd\")"), "{}", t.file);
        assert!(
            t.file
                .contains(r#".body("{ \"name\": \"abcdef\" }".as_bytes().to_vec())"#),
            "{}",
            t.file
        );
        assert!(
            t.file
                .contains("svc::operation::Put::parse_request(&request)"),
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
    fn parameters_substitute_as_codewriter_does() {
        let params = BTreeMap::from([("value".to_owned(), "a\"b".to_owned())]);
        assert_eq!(substitute("x $value:L y", Some(&params)), "x a\"b y");
        assert_eq!(
            substitute("{\"k\": $value:S}", Some(&params)),
            "{\"k\": \"a\\\"b\"}"
        );
        assert_eq!(substitute("$$1 $other:L", Some(&params)), "$1 $other:L");
        assert_eq!(substitute("$$1 $value:L", None), "$1 $value:L");
    }
}
