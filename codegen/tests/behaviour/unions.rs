//! Unions on the wire: single-key objects, unit members, unknown members kept.

use fixture_unions::types::{Point, SendInput, Value};

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap()
}

#[test]
fn each_member_round_trips() {
    for json in [
        r#"{"text":"hi"}"#,
        r#"{"number":5}"#,
        r#"{"at":1700000000}"#,
        r#"{"when":"2024-01-02T03:04:05Z"}"#,
        r#"{"raw":"aGVsbG8="}"#,
        r#"{"point":{"x":1,"y":2}}"#,
        r#"{"nothing":{}}"#,
        r#"{"list":["a","b"]}"#,
        r#"{"Renamed":"r"}"#,
    ] {
        let v = parse(json);
        assert_eq!(serde_json::to_string(&v).unwrap(), json);
    }
    assert_eq!(parse(r#"{"raw":"aGVsbG8="}"#), Value::Raw(b"hello".to_vec()));
    assert_eq!(parse(r#"{"point":{"x":1,"y":2}}"#), Value::Point(Point { x: 1, y: 2 }));
}

#[test]
fn unknown_members_are_kept_not_rejected() {
    let v = parse(r#"{"hologram": {"depth": 3}}"#);
    match &v {
        Value::Unknown(name) => assert_eq!(name.as_str(), "hologram"),
        other => panic!("{other:?}"),
    }
    assert!(serde_json::to_string(&v).is_err());
    // Nulls and `__type` do not count as members.
    assert_eq!(parse(r#"{"text": null, "__type": "x", "number": 1}"#), Value::Number(1));
}

#[test]
fn malformed_unions_are_errors() {
    assert!(serde_json::from_str::<Value>(r#"{"text":"a","number":1}"#).is_err());
    assert!(serde_json::from_str::<Value>("{}").is_err());
    assert!(serde_json::from_str::<Value>(r#"{"number":"five"}"#).is_err());
    assert!(serde_json::from_str::<Value>(r#"{"raw":"not base64!"}"#).is_err());
}

#[test]
fn union_members_are_validated_at_their_path() {
    let input = SendInput { value: Value::Text(String::new()), values: Some(vec![Value::Text("ok".into()), Value::List(vec!["".into()])]) };
    let err = input.validate().unwrap_err();
    let paths: Vec<&str> = err.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["/value/text", "/values/1/list/0"]);
}

#[test]
fn event_streams_are_opaque_and_skipped_on_the_wire() {
    let out: fixture_unions::types::SendOutput = serde_json::from_str(r#"{"events": {"tick": {"x": 1, "y": 2}}}"#).unwrap();
    assert_eq!(out.events, None);
    assert!(out.validate().is_ok());
    let out = fixture_unions::types::SendOutput { events: Some(vec![1, 2]) };
    assert_eq!(serde_json::to_string(&out).unwrap(), "{}");
}

#[test]
fn servers_reject_unknown_members() {
    use fixture_unions::http::RequestRejection;
    use fixture_unions::operation::Send;
    let request = |body: &str| {
        http::Request::builder()
            .method("POST")
            .uri("/Send")
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
            .unwrap()
    };
    assert_eq!(Send::parse_request(&request(r#"{"value": {"text": "hi"}}"#)).unwrap().value, Value::Text("hi".into()));
    // Nested in a list too: the whole body is read strictly.
    for body in [r#"{"value": {"hologram": 1}}"#, r#"{"value": {"text": "hi"}, "values": [{"hologram": 1}]}"#] {
        let Err(RequestRejection::Serialization(m)) = Send::parse_request(&request(body)) else { panic!("{body}") };
        assert!(m.contains("unknown member `hologram` of union Value"), "{m}");
    }
}
