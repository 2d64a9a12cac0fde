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
    // Unless the pattern ends with `/`: then the path matches with it (as AWS clients send it)
    // or without it (as the generated client does), but with one slash only.
    ("POST", "/agents/", Some(Operation::CreateAgent)),
    ("POST", "/agents", Some(Operation::CreateAgent)),
    ("POST", "/agents//", None),
    ("GET", "/agents", Some(Operation::ListAgents)),
    ("GET", "/agents/a1/", Some(Operation::GetAgent)),
    ("GET", "/agents/a1", Some(Operation::GetAgent)),
    ("GET", "/agents/a1//", None),
    ("GET", "/agents//", None),
    ("GET", "/dirs/a/b/", Some(Operation::ListDir)),
    ("GET", "/dirs/a/b", Some(Operation::ListDir)),
    ("GET", "/dirs/", None),
    ("GET", "/jobs/?type=batch", Some(Operation::BatchJobs)),
    ("GET", "/jobs?type=batch", Some(Operation::BatchJobs)),
    ("GET", "/jobs/", None),
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
    // `GET /agents` does not take the trailing slash that `POST /agents/` does.
    assert_eq!(
        routed("GET", "/agents/"),
        Err(RequestRejection::MethodNotAllowed(vec!["POST"]))
    );
    assert_eq!(
        routed("PUT", "/agents"),
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
        (
            Operation::CreateAgent,
            operation::CreateAgent::build_request(&CreateAgentInput::builder().name("n").build().unwrap()),
        ),
        (Operation::ListAgents, operation::ListAgents::build_request()),
        (
            Operation::GetAgent,
            operation::GetAgent::build_request(&GetAgentInput::builder().agent_id("a1").build().unwrap()),
        ),
        (
            Operation::ListDir,
            operation::ListDir::build_request(&ListDirInput::builder().path("a/b").build().unwrap()),
        ),
        (Operation::BatchJobs, operation::BatchJobs::build_request()),
    ];
    for (expected, request) in checks {
        let request = request.unwrap();
        assert_eq!(route(&request), Ok(expected), "{}", request.uri());
    }
}

/// `parse_request` (through `crate::http::match_path`) takes the paths routing takes: a pattern
/// ending with `/` with or without its trailing slash, labels keeping their values; another
/// pattern without one only.
#[test]
fn parse_request_follows_the_trailing_slash_rule_of_routing() {
    use fixture_routing::operation;
    for uri in ["/agents/a1/", "/agents/a1"] {
        let input = operation::GetAgent::parse_request(&request("GET", uri)).unwrap();
        assert_eq!(input.agent_id, "a1", "{uri}");
    }
    for uri in ["/dirs/a/b/", "/dirs/a/b"] {
        let input = operation::ListDir::parse_request(&request("GET", uri)).unwrap();
        assert_eq!(input.path, "a/b", "{uri}");
    }
    for uri in ["/agents/", "/agents"] {
        let mut request = request("POST", uri);
        request.headers_mut().insert("content-type", "application/json".parse().unwrap());
        *request.body_mut() = br#"{"name":"n"}"#.to_vec();
        let input = operation::CreateAgent::parse_request(&request).unwrap();
        assert_eq!(input.name.as_deref(), Some("n"), "{uri}");
    }
    for uri in ["/jobs/?type=batch", "/jobs?type=batch"] {
        assert_eq!(operation::BatchJobs::parse_request(&request("GET", uri)), Ok(()), "{uri}");
    }
    assert_eq!(
        operation::GetAgent::parse_request(&request("GET", "/agents/a1//")).map(|_| ()),
        Err(RequestRejection::NotFound)
    );
    assert_eq!(
        operation::Items::parse_request(&request("GET", "/items/")).map(|_| ()),
        Err(RequestRejection::NotFound)
    );
    assert_eq!(operation::ListAgents::parse_request(&request("GET", "/agents/")), Err(RequestRejection::NotFound));
    assert_eq!(
        operation::PutItem::parse_request(&request("PUT", "/items/1/")).map(|_| ()),
        Err(RequestRejection::NotFound)
    );
}
