//! restJson1 over `http` types: GetWorkflow from both sides, without I/O.

use customer_profiles::error::{GetWorkflowError, ServiceError, ThrottlingException};
use customer_profiles::http::{RequestError, RequestRejection, ResponseError};
use customer_profiles::operation::GetWorkflow;
use customer_profiles::types::{GetWorkflowRequest, GetWorkflowResponse, Status};

const ID: &str = "0123456789abcdef0123456789abcdef";

fn request(domain: &str, id: &str) -> GetWorkflowRequest {
    GetWorkflowRequest::builder()
        .domain_name(domain)
        .workflow_id(id)
        .build()
        .unwrap()
}

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.as_bytes().to_vec()).unwrap()
}

#[test]
fn client_builds_a_get_with_labels_and_no_body() {
    let req = GetWorkflow::build_request(&request("my-domain", ID)).unwrap();
    assert_eq!(req.method(), http::Method::GET);
    assert_eq!(
        req.uri().to_string(),
        format!("/domains/my-domain/workflows/{ID}")
    );
    assert!(req.body().is_empty());
    assert!(req.headers().get(http::header::CONTENT_TYPE).is_none());
}

#[test]
fn labels_are_percent_encoded_per_rfc_3986() {
    let req = GetWorkflow::build_request(&request("a b/c~d_e.f-g%é", ID)).unwrap();
    assert_eq!(
        req.uri().path(),
        format!("/domains/a%20b%2Fc~d_e.f-g%25%C3%A9/workflows/{ID}")
    );
    // Constraints are not the client's business: the invalid domain is still sent.
    assert_eq!(
        GetWorkflow::build_request(&request("", ID)).unwrap_err(),
        RequestError::EmptyLabel {
            member: "DomainName"
        }
    );
}

#[test]
fn client_reads_output_and_errors() {
    let ok = response(
        200,
        &[("content-type", "application/json")],
        r#"{"WorkflowId": "abc", "Status": "COMPLETE", "StartDate": 1.5}"#,
    );
    let out = GetWorkflow::parse_response(&ok).unwrap();
    assert_eq!(out.workflow_id.as_deref(), Some("abc"));
    assert_eq!(out.status, Some(Status::Complete));
    assert_eq!(
        GetWorkflow::parse_response(&response(200, &[], "")).unwrap(),
        GetWorkflowResponse::default()
    );

    let cases = [
        response(
            429,
            &[(
                "x-amzn-errortype",
                "ThrottlingException:http://internal.amazon.com/",
            )],
            r#"{"message":"slow"}"#,
        ),
        response(
            429,
            &[],
            r#"{"__type":"com.amazonaws.customerprofiles#ThrottlingException","Message":"slow"}"#,
        ),
        response(
            429,
            &[],
            r#"{"code":"ThrottlingException","message":"slow"}"#,
        ),
    ];
    for resp in &cases {
        match GetWorkflow::parse_response(resp) {
            Err(ResponseError::Service(GetWorkflowError::ThrottlingException(e))) => {
                assert_eq!(e.message(), Some("slow"));
            }
            other => panic!("{other:?}"),
        }
    }
    match GetWorkflow::parse_response(&response(503, &[], "<html>busy</html>")) {
        Err(ResponseError::Service(GetWorkflowError::Unknown(e))) => {
            assert_eq!((e.code(), e.http_status()), ("", 503));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_response_bodies_are_typed_errors_not_panics() {
    for body in [
        "{",
        "[1]",
        r#"{"StartDate": "yesterday"}"#,
        r#"{"Metrics": {"AppflowIntegration": {"TotalSteps": 1e40}}}"#,
        "\u{0}",
    ] {
        match GetWorkflow::parse_response(&response(200, &[], body)) {
            Err(ResponseError::Malformed(_)) => {}
            other => panic!("{body}: {other:?}"),
        }
    }
}

fn incoming(method: &str, uri: &str) -> http::Request<Vec<u8>> {
    http::Request::builder()
        .method(method)
        .uri(uri)
        .body(Vec::new())
        .unwrap()
}

#[test]
fn server_reads_labels_and_enforces_constraints() {
    let input = GetWorkflow::parse_request(&incoming(
        "GET",
        &format!("/domains/my%2Ddomain/workflows/{ID}"),
    ))
    .unwrap();
    assert_eq!(input, request("my-domain", ID));

    let rejection =
        GetWorkflow::parse_request(&incoming("GET", "/domains/bad%20name/workflows/xyz"))
            .unwrap_err();
    let RequestRejection::Validation(e) = &rejection else {
        panic!("{rejection:?}")
    };
    assert_eq!(e.violations().len(), 2);
    let resp = rejection.to_response();
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.headers()["x-amzn-errortype"], "ValidationException");
    let body: serde_json::Value = serde_json::from_slice(resp.body()).unwrap();
    assert_eq!(body["fieldList"][0]["path"], "/DomainName");
    assert_eq!(
        body["message"],
        "2 validation errors detected. Value at '/DomainName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]+$; Value at '/WorkflowId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]{32}$"
    );

    for (method, uri) in [
        ("POST", "/domains/d/workflows/x"),
        ("GET", "/domains/d"),
        ("GET", "/domains/d/workflows/x/y"),
        ("GET", "/domains//workflows/x"),
    ] {
        assert_eq!(
            GetWorkflow::parse_request(&incoming(method, uri)).unwrap_err(),
            RequestRejection::NotFound,
            "{method} {uri}"
        );
    }
    let bad = GetWorkflow::parse_request(&incoming("GET", "/domains/%FF/workflows/x")).unwrap_err();
    assert!(matches!(bad, RequestRejection::Serialization(_)), "{bad:?}");
    assert_eq!(bad.to_response().status(), 400);
}

#[test]
fn server_writes_outputs_and_errors_that_the_client_reads_back() {
    let out = GetWorkflowResponse {
        workflow_id: Some(ID.into()),
        status: Some(Status::Failed),
        ..Default::default()
    };
    let resp = GetWorkflow::output_response(&out).unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()[http::header::CONTENT_TYPE],
        "application/json"
    );
    assert_eq!(GetWorkflow::parse_response(&resp).unwrap(), out);

    let err = GetWorkflowError::from(ThrottlingException {
        message: Some("later".into()),
    });
    let resp = GetWorkflow::error_response(&err);
    assert_eq!(resp.status(), 429);
    assert_eq!(resp.headers()["x-amzn-errortype"], "ThrottlingException");
    match GetWorkflow::parse_response(&resp) {
        Err(ResponseError::Service(back)) => assert_eq!(back, err),
        other => panic!("{other:?}"),
    }
}
