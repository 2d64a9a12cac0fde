//! HTTP bindings of `fixtures/http.json`: greedy labels, query, headers, payloads, status codes.

use fixture_http::http::{RequestRejection, ResponseError};
use fixture_http::operation::{ListThings, PutObject};
use fixture_http::types::{ListThingsInput, PutObjectInput, PutObjectOutput};

fn input() -> PutObjectInput {
    PutObjectInput::builder()
        .bucket("b 1")
        .key("dir/sub dir/file.txt")
        .version(3)
        .tags(vec!["a".to_owned(), "b&c".to_owned()])
        .since(jiff::Timestamp::from_second(1_700_000_000).unwrap())
        .content_md5("abc==")
        .flags(vec!["x".to_owned(), "y".to_owned()])
        .expires(jiff::Timestamp::from_second(1_398_796_238).unwrap())
        .public(true)
        .body(b"hello".to_vec())
        .build()
        .unwrap()
}

#[test]
fn client_request_carries_every_binding() {
    let req = PutObject::build_request(&input()).unwrap();
    assert_eq!(req.method(), http::Method::PUT);
    assert_eq!(
        req.uri().to_string(),
        "/buckets/b%201/objects/dir/sub%20dir/file.txt?x-id=PutObject&version=3&tag=a&tag=b%26c&since=2023-11-14T22%3A13%3A20Z"
    );
    let h = req.headers();
    assert_eq!(h["content-md5"], "abc==");
    assert_eq!(h["x-flags"], "x, y");
    assert_eq!(h["expires"], "Tue, 29 Apr 2014 18:30:38 GMT");
    assert_eq!(h["x-public"], "true");
    assert_eq!(h["content-type"], "application/octet-stream");
    assert_eq!(req.body(), b"hello");
}

#[test]
fn server_reads_back_what_the_client_sent() {
    let req = PutObject::build_request(&input()).unwrap();
    assert_eq!(PutObject::parse_request(&req).unwrap(), input());
    let bad = http::Request::builder()
        .method("PUT")
        .uri("/buckets/b/objects/k?version=three")
        .body(Vec::new())
        .unwrap();
    assert!(matches!(PutObject::parse_request(&bad), Err(RequestRejection::Serialization(_))));
    let long_tag = http::Request::builder()
        .method("PUT")
        .uri("/buckets/b/objects/k?tag=waytoolongtag")
        .body(Vec::new())
        .unwrap();
    let Err(RequestRejection::Validation(e)) = PutObject::parse_request(&long_tag) else { panic!() };
    assert_eq!(e.violations()[0].path(), "/Tags/0");
}

#[test]
fn output_headers_status_and_body() {
    let resp = http::Response::builder()
        .status(201)
        .header("ETag", "\"e\"")
        .header("X-Size", "12")
        .body(br#"{"Note": "n"}"#.to_vec())
        .unwrap();
    let out = PutObject::parse_response(&resp).unwrap();
    assert_eq!(out, PutObjectOutput { e_tag: Some("\"e\"".into()), status: Some(201), size: Some(12), note: Some("n".into()) });
    let resp = http::Response::builder().status(200).header("X-Size", "big").body(Vec::new()).unwrap();
    match PutObject::parse_response(&resp) {
        Err(ResponseError::Malformed(m)) => assert_eq!(m.member, Some("Size")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn json_bodies_for_unbound_members() {
    let req = ListThings::build_request(&ListThingsInput { filter: Some("f".into()), limit: Some(5) }).unwrap();
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(req.uri(), "/things");
    assert_eq!(req.headers()["content-type"], "application/json");
    assert_eq!(req.body(), br#"{"Filter":"f","Limit":5}"#);
    assert_eq!(ListThings::parse_request(&req).unwrap().limit, Some(5));
    let bad = http::Request::builder().method("POST").uri("/things").body(br#"{"Limit": 11}"#.to_vec()).unwrap();
    let rejection = ListThings::parse_request(&bad).unwrap_err();
    assert!(matches!(rejection, RequestRejection::Validation(_)));
    let not_json = http::Request::builder().method("POST").uri("/things").body(b"{".to_vec()).unwrap();
    assert!(matches!(ListThings::parse_request(&not_json), Err(RequestRejection::Serialization(_))));
}
