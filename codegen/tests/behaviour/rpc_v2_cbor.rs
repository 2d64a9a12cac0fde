//! rpcv2Cbor operations of `fixtures/rpc_v2_cbor.json`, both sides, without I/O: where they
//! differ from rpcv2Json (see `rpc_v2_json.rs`), which is mostly the body.

use ciborium::Value;
use fixture_rpc_v2_cbor::error::{QueueMissing, SendMessageError};
use fixture_rpc_v2_cbor::http::{RequestRejection, ResponseError};
use fixture_rpc_v2_cbor::number::{BigDecimal, BigInteger};
use fixture_rpc_v2_cbor::operation::{Purge, SendMessage};
use fixture_rpc_v2_cbor::types::{Priority, SendMessageInput, SendMessageOutput};

fn input() -> SendMessageInput {
    SendMessageInput::builder()
        .queue_url("https://q/1")
        .send_after(jiff::Timestamp::from_second(1_700_000_000).unwrap())
        .payload(vec![0, 1, 2])
        .price("-0.100000000000000000000001".parse::<BigDecimal>().unwrap())
        .copies("18446744073709551616".parse::<BigInteger>().unwrap())
        .score(f64::NAN)
        .priority(Priority::High)
        .build()
        .unwrap()
}

/// The CBOR value of a body, its map entries by key.
fn cbor(body: &[u8]) -> Vec<(String, Value)> {
    let value: Value = ciborium::from_reader(body).expect("the body is CBOR");
    let Value::Map(entries) = value else { panic!("not a map: {value:?}") };
    let mut entries: Vec<(String, Value)> =
        entries.into_iter().map(|(k, v)| (k.into_text().expect("text keys"), v)).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

#[test]
fn client_sends_cbor_with_tagged_timestamps_byte_strings_and_bignums() {
    let req = SendMessage::build_request(&input()).unwrap();
    assert_eq!(req.uri(), "/service/Queue/operation/SendMessage");
    assert_eq!(req.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(req.headers()["accept"], "application/cbor");
    assert_eq!(req.headers()["content-type"], "application/cbor");
    assert_eq!(req.headers()["content-length"], req.body().len().to_string().as_str());
    let body = cbor(req.body());
    let keys: Vec<&str> = body.iter().map(|(k, _)| k.as_str()).collect();
    // Unset members are left out; `@jsonName` and `@httpHeader` mean nothing here.
    assert_eq!(keys, ["Copies", "Payload", "Price", "Priority", "QueueUrl", "Score", "SendAfter"]);
    let value = |key: &str| &body.iter().find(|(k, _)| k == key).unwrap().1;
    // A timestamp is tag 1 around a float, whole seconds included.
    assert_eq!(value("SendAfter"), &Value::Tag(1, Box::new(Value::Float(1_700_000_000.0))));
    assert_eq!(value("Payload"), &Value::Bytes(vec![0, 1, 2]));
    assert!(matches!(value("Score"), Value::Float(f) if f.is_nan()));
    assert_eq!(value("Priority"), &Value::Text("high".into()));
    // 2^64 is a bignum (tag 2); the decimal a decimal fraction (tag 4), every digit kept.
    assert_eq!(value("Copies"), &Value::Tag(2, Box::new(Value::Bytes(vec![1, 0, 0, 0, 0, 0, 0, 0, 0]))));
    let mantissa = -100_000_000_000_000_000_000_001_i128;
    assert_eq!(
        value("Price"),
        &Value::Tag(4, Box::new(Value::Array(vec![Value::from(-24), Value::from(mantissa)])))
    );
    // An operation without input sends no body and no Content-Type.
    let purge = Purge::build_request().unwrap();
    assert!(purge.body().is_empty() && purge.headers().get("content-type").is_none());
}

#[test]
fn servers_read_back_what_clients_send_and_fill_defaults() {
    let req = SendMessage::build_request(&input()).unwrap();
    let parsed = SendMessage::parse_request(&req).unwrap();
    assert_eq!(parsed.delay_seconds, Some(0));
    assert_eq!(parsed.send_after, input().send_after);
    assert_eq!(parsed.payload, Some(vec![0, 1, 2]));
    assert_eq!(parsed.price.as_ref().map(|p| p.as_str()), Some("-0.100000000000000000000001"));
    assert_eq!(parsed.copies.as_ref().map(|c| c.as_str()), Some("18446744073709551616"));
    assert!(parsed.score.is_some_and(f64::is_nan));
    assert_eq!(parsed.priority, Some(Priority::High));
    let mut other = req;
    *other.uri_mut() = "/service/Queue/operation/Purge".parse().unwrap();
    assert!(matches!(SendMessage::parse_request(&other), Err(RequestRejection::NotFound)));
}

#[test]
fn servers_read_every_form_cbor_allows_and_reject_what_the_model_does_not() {
    // An indefinite-length map whose keys come in chunks, a half float into a double, a
    // timestamp as tag 1 around an integer, and `undefined` as an unset member.
    let body = [
        &[0xbf][..],
        &[0x7f, 0x65, b'Q', b'u', b'e', b'u', b'e', 0x63, b'U', b'r', b'l', 0xff],
        &[0x63, b'q', b'/', b'1'],
        &[0x65, b'S', b'c', b'o', b'r', b'e', 0xf9, 0x3e, 0x00],
        &[0x69, b'S', b'e', b'n', b'd', b'A', b'f', b't', b'e', b'r', 0xc1, 0x1a, 0x65, 0x53, 0xf1, 0x00],
        &[0x64, b'B', b'o', b'd', b'y', 0xf7],
        &[0xff],
    ]
    .concat();
    let req = http::Request::builder()
        .method("POST")
        .uri("/service/Queue/operation/SendMessage")
        .header("content-type", "application/cbor")
        .body(body)
        .unwrap();
    let parsed = SendMessage::parse_request(&req).unwrap();
    assert_eq!(parsed.queue_url, "q/1");
    assert_eq!(parsed.score, Some(1.5));
    assert_eq!(parsed.send_after, Some(jiff::Timestamp::from_second(1_700_000_000).unwrap()));
    assert_eq!(parsed.body, None);

    // A required member left out is a validation error; bytes after the value are malformed.
    let request = |body: Vec<u8>| {
        http::Request::builder()
            .method("POST")
            .uri("/service/Queue/operation/SendMessage")
            .body(body)
            .unwrap()
    };
    let rejection = match SendMessage::parse_request(&request(vec![0xa0])) {
        Err(rejection @ RequestRejection::Validation(_)) => rejection,
        other => panic!("{other:?}"),
    };
    // The rejection is rendered as this protocol's error: CBOR, named in `__type`, which a
    // client reads back.
    let resp = rejection.to_response();
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(resp.headers()["content-type"], "application/cbor");
    let body = cbor(resp.body());
    assert_eq!(body[0], ("__type".to_owned(), Value::Text("smithy.framework#ValidationException".into())));
    let field_list = &body.iter().find(|(k, _)| k == "fieldList").unwrap().1;
    assert!(format!("{field_list:?}").contains("/QueueUrl"), "{field_list:?}");
    match SendMessage::parse_response(&resp) {
        Err(ResponseError::Service(SendMessageError::Unknown(e))) => {
            use fixture_rpc_v2_cbor::error::ServiceError as _;
            assert_eq!(e.code(), "ValidationException");
            assert!(e.message().is_some_and(|m| m.starts_with("1 validation error detected")));
        }
        other => panic!("{other:?}"),
    }
    let trailing = [SendMessage::build_request(&input()).unwrap().into_body(), vec![0x00]].concat();
    assert!(matches!(SendMessage::parse_request(&request(trailing)), Err(RequestRejection::Serialization(_))));
}

#[test]
fn responses_and_errors_are_cbor_and_errors_are_named_by_shape_id() {
    let output = SendMessageOutput {
        message_id: "m-1".into(),
        sent_at: Some(jiff::Timestamp::from_millisecond(1_700_000_000_250).unwrap()),
    };
    let resp = SendMessage::output_response(&output).unwrap();
    assert_eq!(resp.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(resp.headers()["content-type"], "application/cbor");
    assert_eq!(SendMessage::parse_response(&resp).unwrap(), output);
    // A client takes an empty body for an output of no set members.
    let empty = http::Response::builder().status(200).body(Vec::new()).unwrap();
    assert!(matches!(SendMessage::parse_response(&empty), Ok(o) if o.message_id.is_empty()));

    let missing = QueueMissing { message: Some("gone".into()), queue_url: None };
    let resp = SendMessage::error_response(&SendMessageError::QueueMissing(missing.clone()));
    assert_eq!(resp.status(), 400);
    assert_eq!(
        cbor(resp.body()),
        [
            ("__type".to_owned(), Value::Text("example.rpccbor#QueueMissing".into())),
            ("message".to_owned(), Value::Text("gone".into())),
        ]
    );
    match SendMessage::parse_response(&resp) {
        Err(ResponseError::Service(SendMessageError::QueueMissing(e))) => assert_eq!(e, missing),
        other => panic!("{other:?}"),
    }
    // A body that is not CBOR is a malformed response, not a panic.
    let garbage = http::Response::builder().status(200).body(vec![0xff, 0x00]).unwrap();
    assert!(matches!(SendMessage::parse_response(&garbage), Err(ResponseError::Malformed(_))));
}

#[test]
fn the_types_serde_form_in_json_is_readable_text() {
    // Outside the wire, a CBOR crate's values still serialize to JSON as text: base64 blobs,
    // epoch seconds, numbers' exact text.
    let json = serde_json::to_value(input()).unwrap();
    assert_eq!(json["Payload"], "AAEC");
    assert_eq!(json["SendAfter"], 1_700_000_000);
    assert_eq!(json["Price"], "-0.100000000000000000000001");
    assert_eq!(json["Score"], "NaN");
    let back: SendMessageInput = serde_json::from_value(json).unwrap();
    assert_eq!(back.price, input().price);
}

/// A request with the given method and path, its `Smithy-Protocol` header if any, and no body.
fn bare(method: &str, uri: &str, protocol: Option<&str>) -> http::Request<Vec<u8>> {
    let mut request = http::Request::builder().method(method).uri(uri);
    if let Some(protocol) = protocol {
        request = request.header("smithy-protocol", protocol);
    }
    request.body(Vec::new()).unwrap()
}

#[test]
fn servers_route_by_path_with_their_own_smithy_protocol_only() {
    use fixture_rpc_v2_cbor::server::{Operation, route};
    let cbor = Some("rpc-v2-cbor");
    let at = |uri: &str| route(&bare("POST", uri, cbor));
    assert_eq!(at("/service/Queue/operation/SendMessage"), Ok(Operation::SendMessage));
    // Any prefix, and the service by its absolute shape id.
    assert_eq!(at("/v1/x/service/Queue/operation/Purge"), Ok(Operation::Purge));
    assert_eq!(at("/service/example.rpccbor.Queue/operation/Purge"), Ok(Operation::Purge));
    assert_eq!(at("/service/other.Queue/operation/Purge"), Err(RequestRejection::NotFound));
    assert_eq!(at("/service/Other/operation/Purge"), Err(RequestRejection::NotFound));
    assert_eq!(at("/service/Queue/operation/Nothing"), Err(RequestRejection::NotFound));
    assert_eq!(at("/service/Queue/operation/Purge/"), Err(RequestRejection::NotFound));
    // The header is required, and must name this protocol's format.
    let path = "/service/Queue/operation/Purge";
    assert_eq!(route(&bare("POST", path, None)), Err(RequestRejection::NotFound));
    assert_eq!(route(&bare("POST", path, Some("rpc-v2-json"))), Err(RequestRejection::NotFound));
    assert_eq!(route(&bare("GET", path, cbor)), Err(RequestRejection::MethodNotAllowed(vec!["POST"])));
    // Each client request routes to its own operation.
    assert_eq!(route(&SendMessage::build_request(&input()).unwrap()), Ok(Operation::SendMessage));
    assert_eq!(route(&Purge::build_request().unwrap()), Ok(Operation::Purge));
    let unknown = at("/service/Queue/operation/Nothing").unwrap_err().to_response();
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.headers()["smithy-protocol"], "rpc-v2-cbor");
    assert_eq!(cbor_type(unknown.body()), "UnknownOperationException");
}

/// The `__type` of a CBOR error body.
fn cbor_type(body: &[u8]) -> String {
    let entries = cbor(body);
    let (_, value) = entries.iter().find(|(k, _)| k == "__type").expect("a __type");
    value.as_text().expect("text").to_owned()
}

#[test]
fn cbor_errors_are_messages_not_debug_text() {
    let request = |body: Vec<u8>| {
        http::Request::builder()
            .method("POST")
            .uri("/service/Queue/operation/SendMessage")
            .header("content-type", "application/cbor")
            .body(body)
            .unwrap()
    };
    let rejection_text = |body: Vec<u8>| match SendMessage::parse_request(&request(body)) {
        Err(RequestRejection::Serialization(m)) => m,
        other => panic!("{other:?}"),
    };
    // {"QueueUrl": 5}: a number where the model has a string.
    let wrong_type = [&[0xa1, 0x68][..], b"QueueUrl", &[0x05]].concat();
    let text = rejection_text(wrong_type);
    assert!(text.starts_with("invalid type: integer `5`, expected"), "{text}");
    let trailing = [SendMessage::build_request(&input()).unwrap().into_body(), vec![0x00]].concat();
    let text = rejection_text(trailing);
    assert!(text.starts_with("bytes after the body's value (at byte "), "{text}");
    assert_eq!(rejection_text(vec![0xa1]), "the body ends in the middle of a CBOR value");

    let response = |body: Vec<u8>| http::Response::builder().status(200).body(body).unwrap();
    match SendMessage::parse_response(&response(vec![0xff, 0x00])) {
        Err(ResponseError::Malformed(m)) => {
            assert_eq!(m.to_string(), "malformed response: invalid type: break, expected map")
        }
        other => panic!("{other:?}"),
    }
}
