//! Routing of `fixtures/routing.json` (restJson1): the examples of Smithy's "Specificity
//! routing" and "Greedy labels" sections, query literals, methods, and the root path; then the
//! same requests through the whole `tower` service.

use fixture_routing::http::RequestRejection;
use fixture_routing::server::{Operation, route};

fn request(method: &str, uri: &str) -> http::Request<Vec<u8>> {
    http::Request::builder().method(method).uri(uri).body(Vec::new()).unwrap()
}

fn routed(method: &str, uri: &str) -> Result<Operation, RequestRejection> {
    route(&request(method, uri))
}

/// (method, URI, the operation it must reach), or `None` for an unknown operation.
const TABLE: &[(&str, &str, Option<Operation>)] = &[
    // Routing example 1.
    ("GET", "/abc/bcd/cde", Some(Operation::LiteralThenLabel)),
    ("GET", "/abc/foo/cde", Some(Operation::LabelInMiddle)),
    ("GET", "/foo/bcd/cde", Some(Operation::LabelFirst)),
    // Routing example 2: path specificity wins over query string literals.
    ("POST", "/abc/bcd/cde?def=efg", Some(Operation::PostLiteralThenLabel)),
    ("POST", "/abc/foo/cde?def=efg", Some(Operation::PostLabelInMiddle)),
    ("POST", "/foo/bcd/cde?def=efg", Some(Operation::PostLabelFirstWithQuery)),
    ("POST", "/foo/bcd/cde?def=other", None),
    ("POST", "/foo/bcd/cde", None),
    // Routing example 3: a literal after a greedy label beats the end of the pattern.
    ("GET", "/greedy/foo/bar/bcd", Some(Operation::GreedyThenLiteral)),
    ("GET", "/greedy/foo/bar/baz", Some(Operation::GreedyLast)),
    ("GET", "/greedy/bcd", Some(Operation::GreedyLast)),
    ("GET", "/greedy/bcd/cde", Some(Operation::GreedyLast)),
    ("GET", "/greedy/foo/bar/", Some(Operation::GreedyLast)),
    ("GET", "/greedy", None),
    ("GET", "/greedy/", None),
    // Greedy labels in the middle of a pattern.
    ("GET", "/prefix/foo/suffix", Some(Operation::GreedyInMiddle)),
    ("GET", "/prefix/foo/bar/suffix", Some(Operation::GreedyInMiddle)),
    ("GET", "/prefix/foo/suffix/bar/suffix", Some(Operation::GreedyInMiddle)),
    ("GET", "/prefix/foo/bar", None),
    ("GET", "/prefix/suffix", None),
    ("GET", "/prefix//suffix", None),
    // Query literals: more literals rank first; other parameters do not matter.
    ("GET", "/items?kind=special", Some(Operation::SpecialItems)),
    ("GET", "/items?other=1&kind=special", Some(Operation::SpecialItems)),
    ("GET", "/items?kind=plain", Some(Operation::Items)),
    ("GET", "/items", Some(Operation::Items)),
    // A trailing slash is a segment of its own, which no label or literal takes.
    ("GET", "/items/", None),
    ("GET", "/abc/bcd/", None),
    // Empty and encoded segments.
    ("GET", "/abc//cde", None),
    ("GET", "/abc/%62cd/x", Some(Operation::LiteralThenLabel)),
    ("PUT", "/items/a%2Fb", Some(Operation::PutItem)),
    ("DELETE", "/items/1", Some(Operation::DeleteItem)),
    ("GET", "/", Some(Operation::Root)),
    ("GET", "/nothing/here", None),
];

#[test]
fn every_request_of_the_table_reaches_its_operation() {
    for (method, uri, expected) in TABLE {
        let found = routed(method, uri);
        match expected {
            Some(op) => assert_eq!(found, Ok(*op), "{method} {uri}"),
            None => assert_eq!(found, Err(RequestRejection::NotFound), "{method} {uri}"),
        }
    }
}

#[test]
fn a_path_with_routes_of_other_methods_only_is_a_405_with_allow() {
    assert_eq!(
        routed("GET", "/items/1"),
        Err(RequestRejection::MethodNotAllowed(vec!["DELETE", "PUT"]))
    );
    assert_eq!(
        routed("DELETE", "/abc/foo/cde"),
        Err(RequestRejection::MethodNotAllowed(vec!["GET", "POST"]))
    );
    let response = routed("PATCH", "/").unwrap_err().to_response();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    assert_eq!(response.headers()["x-amzn-errortype"], "MethodNotAllowedException");
}

#[test]
fn an_unknown_operation_is_a_404_unknown_operation_exception() {
    let response = routed("GET", "/nothing").unwrap_err().to_response();
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["x-amzn-errortype"], "UnknownOperationException");
    assert_eq!(response.body(), b"{}");
}

#[test]
fn every_operation_routes_to_itself_from_its_own_client_request() {
    use fixture_routing::operation;
    use fixture_routing::types::*;
    let checks = [
        (
            Operation::LiteralThenLabel,
            operation::LiteralThenLabel::build_request(&LiteralThenLabelInput::builder().xyz("x/y").build().unwrap()),
        ),
        (
            Operation::GreedyInMiddle,
            operation::GreedyInMiddle::build_request(&GreedyInMiddleInput::builder().label("a/b/suffix").build().unwrap()),
        ),
        (
            Operation::PostLabelFirstWithQuery,
            operation::PostLabelFirstWithQuery::build_request(&PostLabelFirstWithQueryInput::builder().xyz("foo").build().unwrap()),
        ),
        (Operation::Items, operation::Items::build_request(&ItemsInput::builder().page("2").build().unwrap())),
        (Operation::SpecialItems, operation::SpecialItems::build_request()),
        (Operation::Root, operation::Root::build_request()),
    ];
    for (expected, request) in checks {
        let request = request.unwrap();
        assert_eq!(route(&request), Ok(expected), "{}", request.uri());
    }
}
