//! awsJson1_1 operations of `fixtures/aws_json.json`, both sides, without I/O.

use fixture_aws_json::error::{QueueMissing, SendMessageError, ServiceError, Throttled};
use fixture_aws_json::http::{RequestRejection, ResponseError};
use fixture_aws_json::operation::{Purge, SendMessage};
use fixture_aws_json::types::{SendMessageInput, SendMessageOutput};

fn input() -> SendMessageInput {
    SendMessageInput::builder()
        .queue_url("https://q/1")
        .body("hi")
        .trace("t-1")
        .send_after(jiff::Timestamp::from_second(1_700_000_000).unwrap())
        .payload(b"abc".to_vec())
        .build()
        .unwrap()
}

fn post(target: Option<&str>, content_type: Option<&str>, body: &str) -> http::Request<Vec<u8>> {
    let mut b = http::Request::builder().method("POST").uri("/");
    if let Some(t) = target {
        b = b.header("x-amz-target", t);
    }
    if let Some(c) = content_type {
        b = b.header("content-type", c);
    }
    b.body(body.as_bytes().to_vec()).unwrap()
}

#[test]
fn client_posts_the_whole_input_with_its_target() {
    let req = SendMessage::build_request(&input()).unwrap();
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(req.uri(), "/");
    assert_eq!(req.headers()["x-amz-target"], "Queue.SendMessage");
    assert_eq!(req.headers()["content-type"], "application/x-amz-json-1.1");
    assert_eq!(req.headers()["content-length"], req.body().len().to_string().as_str());
    // Member names, not `jsonName`; the `@httpHeader` member in the body; the timestamp in the
    // format the model asks for; an unset defaulted member left out.
    let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "QueueUrl": "https://q/1",
            "Body": "hi",
            "Trace": "t-1",
            "SendAfter": "2023-11-14T22:13:20Z",
            "Payload": "YWJj",
        })
    );
    assert!(req.headers().get("x-trace").is_none());
    // An operation without input still sends an object.
    let purge = Purge::build_request().unwrap();
    assert_eq!(purge.body(), b"{}");
    assert_eq!(purge.headers()["x-amz-target"], "Queue.Purge");
}

#[test]
fn clients_gzip_large_bodies_of_operations_with_request_compression() {
    use std::io::Read as _;
    // A small body goes as it is.
    let small = SendMessage::build_request(&input()).unwrap();
    assert!(small.headers().get("content-encoding").is_none());
    // One of 10,240 bytes or more is gzipped, its length the compressed one.
    let text = "a message of some length; ".repeat(500);
    let large = SendMessageInput { body: Some(text.clone()), ..input() };
    let req = SendMessage::build_request(&large).unwrap();
    assert_eq!(req.headers()["content-encoding"], "gzip");
    assert_eq!(req.headers()["content-length"], req.body().len().to_string().as_str());
    let mut json = String::new();
    flate2::read::GzDecoder::new(req.body().as_slice()).read_to_string(&mut json).unwrap();
    let body: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(body["Body"], text.as_str());
    assert!(req.body().len() < json.len() / 10);
}

#[test]
fn server_reads_back_what_the_client_sent_and_fills_defaults() {
    let parsed = SendMessage::parse_request(&SendMessage::build_request(&input()).unwrap()).unwrap();
    let expected = SendMessageInput { delay_seconds: Some(0), ..input() };
    assert_eq!(parsed, expected);
}

#[test]
fn servers_route_check_media_types_and_constraints() {
    let body = r#"{"QueueUrl":"q"}"#;
    // No target header: a router already chose the operation.
    assert!(SendMessage::parse_request(&post(None, None, body)).is_ok());
    let other = SendMessage::parse_request(&post(Some("Queue.Purge"), None, body));
    assert!(matches!(other, Err(RequestRejection::NotFound)));
    let json = SendMessage::parse_request(&post(Some("Queue.SendMessage"), Some("application/json"), body));
    assert_eq!(json.unwrap_err().to_response().status(), 415);
    // Parameters after the media type are fine.
    let with_charset = post(Some("Queue.SendMessage"), Some("application/x-amz-json-1.1; charset=utf-8"), body);
    assert!(SendMessage::parse_request(&with_charset).is_ok());
    let get = http::Request::builder().method("GET").uri("/").body(Vec::new()).unwrap();
    assert!(matches!(SendMessage::parse_request(&get), Err(RequestRejection::NotFound)));
    // Servers enforce constraints, required members included.
    let missing = SendMessage::parse_request(&post(None, None, r#"{"DelaySeconds":901}"#)).unwrap_err();
    let RequestRejection::Validation(e) = missing else { panic!("{missing:?}") };
    let text = e.to_string();
    assert!(text.contains("QueueUrl") && text.contains("DelaySeconds"), "{text}");
    // An operation without input reads no body.
    assert_eq!(Purge::parse_request(&post(None, None, "not json")).unwrap(), ());
}

#[test]
fn outputs_and_errors_round_trip() {
    let output = SendMessageOutput {
        message_id: "m-1".into(),
        sent_at: Some(jiff::Timestamp::from_second(1_700_000_000).unwrap()),
    };
    let resp = SendMessage::output_response(&output).unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/x-amz-json-1.1");
    assert_eq!(resp.body(), br#"{"MessageId":"m-1","SentAt":1700000000}"#);
    assert_eq!(SendMessage::parse_response(&resp).unwrap(), output);

    let missing = QueueMissing { message: Some("gone".into()), queue_url: Some("q".into()) };
    let resp = SendMessage::error_response(&SendMessageError::QueueMissing(missing.clone()));
    assert_eq!(resp.status(), 400);
    // awsJson1_1 names the error's shape without its namespace.
    let body: serde_json::Value = serde_json::from_slice(resp.body()).unwrap();
    assert_eq!(body, serde_json::json!({"__type": "QueueMissing", "message": "gone", "QueueUrl": "q"}));
    match SendMessage::parse_response(&resp) {
        Err(ResponseError::Service(SendMessageError::QueueMissing(e))) => assert_eq!(e, missing),
        other => panic!("{other:?}"),
    }

    let resp = SendMessage::error_response(&SendMessageError::Throttled(Throttled::default()));
    assert_eq!(resp.status(), 503);
    let Err(ResponseError::Service(e)) = SendMessage::parse_response(&resp) else { panic!() };
    assert!(e.is_throttling());

    // An operation without output sends an empty body, and reads any.
    let resp = Purge::output_response().unwrap();
    assert!(resp.body().is_empty());
    assert_eq!(resp.headers()["content-type"], "application/x-amz-json-1.1");
    let any = http::Response::new(br#"{"ignored":true}"#.to_vec());
    assert_eq!(Purge::parse_response(&any).unwrap(), ());
}

#[test]
fn clients_find_error_codes_in_every_place_services_put_them() {
    let respond = |status: u16, header: Option<&str>, body: &str| {
        let mut b = http::Response::builder().status(status);
        if let Some(h) = header {
            b = b.header("x-amzn-errortype", h);
        }
        b.body(body.as_bytes().to_vec()).unwrap()
    };
    for resp in [
        respond(400, None, r#"{"__type":"example.awsjson#QueueMissing"}"#),
        respond(400, None, r#"{"__type":"QueueMissing:http://internal.example.com/"}"#),
        respond(400, None, r#"{"code":"QueueMissing"}"#),
        respond(400, Some("QueueMissing"), ""),
    ] {
        assert!(matches!(
            SendMessage::parse_response(&resp),
            Err(ResponseError::Service(SendMessageError::QueueMissing(_)))
        ));
    }
    let Err(ResponseError::Service(SendMessageError::Unknown(e))) =
        SendMessage::parse_response(&respond(500, None, r#"{"__type":"Other","message":"m"}"#))
    else {
        panic!()
    };
    assert_eq!((e.code(), e.message()), ("Other", Some("m")));
    assert!(matches!(
        SendMessage::parse_response(&respond(400, None, r#"{"__type":"QueueMissing","QueueUrl":5}"#)),
        Err(ResponseError::Malformed(_))
    ));
}

/// A request with the given method, path and headers, and no body.
fn bare(method: &str, uri: &str, headers: &[(&str, &str)]) -> http::Request<Vec<u8>> {
    let mut request = http::Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Vec::new()).unwrap()
}

#[test]
fn servers_route_by_target() {
    use fixture_aws_json::server::{Operation, route};
    let target = |t: &str| route(&bare("POST", "/", &[("x-amz-target", t)]));
    assert_eq!(target("Queue.SendMessage"), Ok(Operation::SendMessage));
    assert_eq!(target("Queue.Purge"), Ok(Operation::Purge));
    assert_eq!(target("Queue.Nothing"), Err(RequestRejection::NotFound));
    assert_eq!(target("Other.Purge"), Err(RequestRejection::NotFound));
    assert_eq!(target("QueuePurge"), Err(RequestRejection::NotFound));
    assert_eq!(route(&bare("POST", "/", &[])), Err(RequestRejection::NotFound));
    let elsewhere = bare("POST", "/queues", &[("x-amz-target", "Queue.Purge")]);
    assert_eq!(route(&elsewhere), Err(RequestRejection::NotFound));
    let get = bare("GET", "/", &[("x-amz-target", "Queue.Purge")]);
    assert_eq!(route(&get), Err(RequestRejection::MethodNotAllowed(vec!["POST"])));
    // Each client request routes to its own operation.
    assert_eq!(route(&SendMessage::build_request(&input()).unwrap()), Ok(Operation::SendMessage));
    assert_eq!(route(&Purge::build_request().unwrap()), Ok(Operation::Purge));
    let unknown = target("Queue.Nothing").unwrap_err().to_response();
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.headers()["x-amzn-errortype"], "UnknownOperationException");
}

#[test]
fn clients_take_the_error_message_as_the_sdks_do() {
    let response = |body: &str| http::Response::builder().status(400).body(body.as_bytes().to_vec()).unwrap();
    let message = |body: &str| match SendMessage::parse_response(&response(body)) {
        Err(ResponseError::Service(e)) => (e.code().to_owned(), e.message().map(str::to_owned)),
        other => panic!("{body}: {other:?}"),
    };
    let own = |code: &str, m: &str| (code.to_owned(), Some(m.to_owned()));
    // The shape's own member wins, in whichever order the keys come.
    assert_eq!(message(r#"{"__type":"QueueMissing","message":"own","Message":"other"}"#), own("QueueMissing", "own"));
    assert_eq!(message(r#"{"__type":"QueueMissing","Message":"other","message":"own"}"#), own("QueueMissing", "own"));
    assert_eq!(message(r#"{"__type":"Overloaded","Message":"own","message":"other"}"#), own("Overloaded", "own"));
    // A spelling the shape does not have is skipped when it is not a string.
    assert_eq!(message(r#"{"__type":"Overloaded","message":5,"Message":"own"}"#), own("Overloaded", "own"));
    assert_eq!(message(r#"{"__type":"QueueMissing","Message":{"a":[1]}}"#), ("QueueMissing".to_owned(), None));
    // Without the shape's own member, the last string of the other spellings.
    assert_eq!(message(r#"{"__type":"QueueMissing","errorMessage":"em"}"#), own("QueueMissing", "em"));
    assert_eq!(message(r#"{"__type":"QueueMissing","Message":"a","errorMessage":"b"}"#), own("QueueMissing", "b"));
    assert_eq!(message(r#"{"__type":"QueueMissing","Message":"a","errorMessage":null}"#), own("QueueMissing", "a"));
    // The shape's own member of the wrong type is still a malformed response.
    assert!(matches!(
        SendMessage::parse_response(&response(r#"{"__type":"QueueMissing","message":5}"#)),
        Err(ResponseError::Malformed(_))
    ));
    // Errors the model does not know: the last string of the three.
    assert_eq!(message(r#"{"__type":"Nope","errorMessage":"em"}"#), own("Nope", "em"));
    assert_eq!(message(r#"{"__type":"Nope","message":5,"Message":"m"}"#), own("Nope", "m"));
}

#[test]
fn servers_read_integers_strictly() {
    let body = r#"{"QueueUrl":"q","Body":"b","DelaySeconds":1.0}"#;
    let request = post(Some("Queue.SendMessage"), Some("application/x-amz-json-1.1"), body);
    assert!(matches!(SendMessage::parse_request(&request), Err(RequestRejection::Serialization(_))));
    let request = post(Some("Queue.SendMessage"), Some("application/x-amz-json-1.1"), &body.replace("1.0", "1"));
    assert_eq!(SendMessage::parse_request(&request).unwrap().delay_seconds, Some(1));
}
