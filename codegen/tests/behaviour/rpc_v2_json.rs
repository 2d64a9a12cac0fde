//! rpcv2Json operations of `fixtures/rpc_v2_json.json`, both sides, without I/O: where they
//! differ from awsJson (see `aws_json.rs`).

use fixture_rpc_v2_json::error::{QueueMissing, SendMessageError};
use fixture_rpc_v2_json::http::{RequestRejection, ResponseError};
use fixture_rpc_v2_json::number::BigDecimal;
use fixture_rpc_v2_json::operation::{Purge, SendMessage};
use fixture_rpc_v2_json::types::{SendMessageInput, SendMessageOutput};

fn input() -> SendMessageInput {
    SendMessageInput::builder()
        .queue_url("https://q/1")
        .send_after(jiff::Timestamp::from_second(1_700_000_000).unwrap())
        .price("0.100000000000000000000001".parse::<BigDecimal>().unwrap())
        .build()
        .unwrap()
}

#[test]
fn client_posts_to_the_operation_path_with_the_protocol_header() {
    let req = SendMessage::build_request(&input()).unwrap();
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(req.uri(), "/service/Queue/operation/SendMessage");
    assert_eq!(req.headers()["smithy-protocol"], "rpc-v2-json");
    assert_eq!(req.headers()["accept"], "application/json");
    assert_eq!(req.headers()["content-type"], "application/json");
    assert!(req.headers().get("x-amz-target").is_none());
    // Timestamps are epoch seconds whatever `@timestampFormat` says; big numbers are strings
    // of their exact digits.
    let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "QueueUrl": "https://q/1",
            "SendAfter": 1700000000,
            "Price": "0.100000000000000000000001",
        })
    );
    // An operation without input sends no body and no Content-Type.
    let purge = Purge::build_request().unwrap();
    assert!(purge.body().is_empty());
    assert!(purge.headers().get("content-type").is_none());
    assert_eq!(purge.uri(), "/service/Queue/operation/Purge");
}

#[test]
fn servers_read_back_route_by_path_and_refuse_target_headers() {
    let req = SendMessage::build_request(&input()).unwrap();
    let expected = SendMessageInput { delay_seconds: Some(0), ..input() };
    assert_eq!(SendMessage::parse_request(&req).unwrap(), expected);
    // A service may be mounted under a prefix.
    let mut prefixed = req.clone();
    *prefixed.uri_mut() = "/v1/service/Queue/operation/SendMessage".parse().unwrap();
    assert!(SendMessage::parse_request(&prefixed).is_ok());
    let mut other = req.clone();
    *other.uri_mut() = "/service/Queue/operation/Purge".parse().unwrap();
    assert!(matches!(SendMessage::parse_request(&other), Err(RequestRejection::NotFound)));
    let mut targeted = req;
    targeted.headers_mut().insert("x-amz-target", "Queue.SendMessage".parse().unwrap());
    assert!(matches!(SendMessage::parse_request(&targeted), Err(RequestRejection::NotFound)));
}

#[test]
fn rejections_are_errors_of_this_protocol_named_in_type() {
    let req = http::Request::builder()
        .method("POST")
        .uri("/service/Queue/operation/SendMessage")
        .body(b"{}".to_vec())
        .unwrap();
    let rejection = SendMessage::parse_request(&req).unwrap_err();
    let resp = rejection.to_response();
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.headers()["smithy-protocol"], "rpc-v2-json");
    assert_eq!(resp.headers()["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_slice(resp.body()).unwrap();
    assert_eq!(body["__type"], "smithy.framework#ValidationException");
    assert_eq!(body["fieldList"][0]["path"], "/QueueUrl");
    match SendMessage::parse_response(&resp) {
        Err(ResponseError::Service(SendMessageError::Unknown(e))) => {
            use fixture_rpc_v2_json::error::ServiceError as _;
            assert_eq!(e.code(), "ValidationException");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn responses_carry_the_protocol_header_and_errors_their_shape_id() {
    let output = SendMessageOutput { message_id: "m-1".into(), sent_at: None };
    let resp = SendMessage::output_response(&output).unwrap();
    assert_eq!(resp.headers()["smithy-protocol"], "rpc-v2-json");
    assert_eq!(SendMessage::parse_response(&resp).unwrap(), output);
    // An operation without output sends no body and no Content-Type.
    let resp = Purge::output_response().unwrap();
    assert!(resp.body().is_empty() && resp.headers().get("content-type").is_none());

    let missing = QueueMissing { message: Some("gone".into()), queue_url: None };
    let resp = SendMessage::error_response(&SendMessageError::QueueMissing(missing.clone()));
    let body: serde_json::Value = serde_json::from_slice(resp.body()).unwrap();
    assert_eq!(body, serde_json::json!({"__type": "example.rpcjson#QueueMissing", "message": "gone"}));
    match SendMessage::parse_response(&resp) {
        Err(ResponseError::Service(SendMessageError::QueueMissing(e))) => assert_eq!(e, missing),
        other => panic!("{other:?}"),
    }
    // Only `__type` names the error: `code` and `X-Amzn-Errortype` do not count here.
    let by_code = http::Response::builder()
        .status(400)
        .header("x-amzn-errortype", "QueueMissing")
        .body(br#"{"code":"QueueMissing"}"#.to_vec())
        .unwrap();
    assert!(matches!(
        SendMessage::parse_response(&by_code),
        Err(ResponseError::Service(SendMessageError::Unknown(_)))
    ));
}
