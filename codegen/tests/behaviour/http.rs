//! HTTP bindings of `fixtures/http.json`: greedy labels, query, headers, payloads, status codes.

use fixture_http::http::{RequestRejection, ResponseError};
use fixture_http::operation::{EchoHeaders, ListThings, PutObject};
use fixture_http::types::{EchoHeadersInput, EchoHeadersOutput, ListThingsInput, PutObjectInput, PutObjectOutput};
use std::collections::HashMap;

fn input() -> PutObjectInput {
    PutObjectInput::builder()
        .bucket("b 1")
        .key("dir/sub dir/file.txt")
        .version(3)
        .tags(vec!["a".to_owned(), "b&c".to_owned()])
        .since(jiff::Timestamp::from_second(1_700_000_000).unwrap())
        .content_md5("abc==")
        .flags(vec!["x".to_owned(), "y, z".to_owned(), "say \"hi\"".to_owned()])
        .expires(jiff::Timestamp::from_second(1_398_796_238).unwrap())
        .public(true)
        .body(b"hello".to_vec())
        .meta(HashMap::from([("Color".to_owned(), "red".to_owned())]))
        .params(HashMap::from([
            ("version".to_owned(), vec!["from-map".to_owned()]),
            ("z".to_owned(), vec!["1".to_owned(), "2".to_owned()]),
            ("a b".to_owned(), vec!["c".to_owned()]),
        ]))
        .ratio(f64::NEG_INFINITY)
        .build()
        .unwrap()
}

#[test]
fn client_request_carries_every_binding() {
    let req = PutObject::build_request(&input()).unwrap();
    assert_eq!(req.method(), http::Method::PUT);
    assert_eq!(
        req.uri().to_string(),
        "/buckets/b%201/objects/dir/sub%20dir/file.txt?x-id=PutObject&version=3&tag=a&tag=b%26c&since=2023-11-14T22%3A13%3A20Z\
         &a%20b=c&z=1&z=2&ratio=-Infinity"
    );
    let h = req.headers();
    assert_eq!(h["content-md5"], "abc==");
    assert_eq!(h["x-flags"], r#"x, "y, z", "say \"hi\"""#);
    // Lowercased by `http`, as every header name.
    assert_eq!(h["x-meta-color"], "red");
    assert_eq!(h["expires"], "Tue, 29 Apr 2014 18:30:38 GMT");
    assert_eq!(h["x-public"], "true");
    assert_eq!(h["content-type"], "application/octet-stream");
    assert_eq!(req.body(), b"hello");
}

#[test]
fn server_reads_back_what_the_client_sent() {
    let req = PutObject::build_request(&input()).unwrap();
    let parsed = PutObject::parse_request(&req).unwrap();
    // Servers put every query parameter in the `httpQueryParams` map, named ones included, and
    // read prefix header names back in lowercase.
    let mut expected = input();
    let params = expected.params.as_mut().unwrap();
    params.insert("version".into(), vec!["3".into()]);
    params.insert("tag".into(), vec!["a".into(), "b&c".into()]);
    params.insert("since".into(), vec!["2023-11-14T22:13:20Z".into()]);
    params.insert("x-id".into(), vec!["PutObject".into()]);
    params.insert("ratio".into(), vec!["-Infinity".into()]);
    expected.meta = Some(HashMap::from([("color".to_owned(), "red".to_owned())]));
    assert_eq!(parsed, expected);
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
    let expected = PutObjectOutput {
        e_tag: Some("\"e\"".into()),
        status: Some(201),
        size: Some(12),
        note: Some("n".into()),
        ..Default::default()
    };
    assert_eq!(out, expected);
    let resp = http::Response::builder().status(200).header("X-Size", "big").body(Vec::new()).unwrap();
    match PutObject::parse_response(&resp) {
        Err(ResponseError::Malformed(m)) => assert_eq!(m.member, Some("Size")),
        other => panic!("{other:?}"),
    }
}

/// A `POST /things` request with a JSON body.
fn json_post(body: &[u8]) -> http::Request<Vec<u8>> {
    http::Request::builder()
        .method("POST")
        .uri("/things")
        .header("content-type", "application/json")
        .body(body.to_vec())
        .unwrap()
}

#[test]
fn servers_negotiate_media_types() {
    let with = |content_type: Option<&str>, accept: Option<&str>, body: &[u8]| {
        let mut req = json_post(body);
        req.headers_mut().remove("content-type");
        if let Some(t) = content_type {
            req.headers_mut().insert("content-type", t.parse().unwrap());
        }
        if let Some(a) = accept {
            req.headers_mut().insert("accept", a.parse().unwrap());
        }
        // (status, error type) of the rejection.
        ListThings::parse_request(&req).map(|_| ()).map_err(|r| {
            let resp = r.to_response();
            (resp.status().as_u16(), resp.headers()["x-amzn-errortype"].to_str().unwrap().to_owned())
        })
    };
    let owner = br#"{"Owner": "me"}"#;
    assert!(with(Some("application/json"), None, owner).is_ok());
    assert!(with(Some("Application/JSON; charset=utf-8"), Some("text/html, application/*;q=0.9"), owner).is_ok());
    assert!(with(Some("application/json"), Some("*/*"), owner).is_ok());
    // No body, no type needed.
    assert_eq!(with(None, None, b"").unwrap_err().0, 400);
    for (content_type, accept, status, code) in [
        (None, None, 415, "UnsupportedMediaTypeException"),
        (Some("application/hal+json"), None, 415, "UnsupportedMediaTypeException"),
        (Some("application/json"), Some("text/plain"), 406, "NotAcceptableException"),
        (Some("application/json"), Some("application/json;q=0"), 406, "NotAcceptableException"),
    ] {
        assert_eq!(with(content_type, accept, owner), Err((status, code.to_owned())), "{content_type:?} {accept:?}");
    }
    // A blob payload without `@mediaType` is any media type (the restJson1 suite asks servers
    // to take every Content-Type with it).
    let mut req = PutObject::build_request(&input()).unwrap();
    req.headers_mut().insert("content-type", "image/jpeg".parse().unwrap());
    assert!(PutObject::parse_request(&req).is_ok());
    // An operation without a body takes no Content-Type with one.
    let req = EchoHeaders::build_request(&EchoHeadersInput::default()).unwrap();
    assert!(EchoHeaders::parse_request(&req).is_ok());
    let mut req = req.map(|_| b"{}".to_vec());
    req.headers_mut().insert("content-type", "application/json".parse().unwrap());
    assert_eq!(EchoHeaders::parse_request(&req).unwrap_err().to_response().status(), 415);
}

#[test]
fn media_type_headers_are_base64_both_ways() {
    let input = EchoHeadersInput { settings: Some(r#"{"a":1}"#.into()), ..Default::default() };
    let req = EchoHeaders::build_request(&input).unwrap();
    assert_eq!(req.headers()["x-settings"], "eyJhIjoxfQ==");
    assert_eq!(EchoHeaders::parse_request(&req).unwrap().settings, input.settings);
    // Servers want canonical base64; clients take what they can.
    let mut short = req.clone();
    short.headers_mut().insert("x-settings", "eyJhIjoxfQ".parse().unwrap());
    let Err(RequestRejection::Serialization(m)) = EchoHeaders::parse_request(&short) else { panic!() };
    assert!(m.starts_with("Settings: invalid base64"), "{m}");
    let output = EchoHeadersOutput { settings: Some("true".into()), ..Default::default() };
    let mut resp = EchoHeaders::output_response(&output).unwrap();
    assert_eq!(resp.headers()["x-settings"], "dHJ1ZQ==");
    assert_eq!(EchoHeaders::parse_response(&resp).unwrap().settings.as_deref(), Some("true"));
    resp.headers_mut().insert("x-settings", "dHJ1ZQ".parse().unwrap());
    assert_eq!(EchoHeaders::parse_response(&resp).unwrap().settings.as_deref(), Some("true"));
}

#[test]
fn json_bodies_for_unbound_members() {
    let req = ListThings::build_request(&ListThingsInput { filter: Some("f".into()), limit: Some(5), owner: "me".into() }).unwrap();
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(req.uri(), "/things");
    assert_eq!(req.headers()["content-type"], "application/json");
    assert_eq!(req.body(), br#"{"Filter":"f","Limit":5,"Owner":"me"}"#);
    assert_eq!(ListThings::parse_request(&req).unwrap().limit, Some(5));
    let bad = json_post(br#"{"Limit": 11}"#);
    let rejection = ListThings::parse_request(&bad).unwrap_err();
    assert!(matches!(rejection, RequestRejection::Validation(_)));
    let not_json = json_post(b"{");
    assert!(matches!(ListThings::parse_request(&not_json), Err(RequestRejection::Serialization(_))));
}

#[test]
fn servers_write_output_headers_status_and_body() {
    let output = PutObjectOutput {
        e_tag: Some("e1".into()),
        status: Some(202),
        size: Some(7),
        note: Some("n".into()),
        meta: Some(HashMap::from([("k".to_owned(), "v".to_owned())])),
        flags: Some(vec!["a".into(), "b,c".into()]),
        ..Default::default()
    };
    let resp = PutObject::output_response(&output).unwrap();
    assert_eq!(resp.status(), 202);
    assert_eq!(resp.headers()["etag"], "e1");
    assert_eq!(resp.headers()["x-size"], "7");
    assert_eq!(resp.headers()["x-meta-k"], "v");
    assert_eq!(resp.headers()["x-flags"], r#"a, "b,c""#);
    assert_eq!(resp.body(), br#"{"Note":"n"}"#);
    // And a client reads all of it back.
    assert_eq!(PutObject::parse_response(&resp).unwrap(), output);
    let bad_status = PutObjectOutput { status: Some(42), ..Default::default() };
    assert!(PutObject::output_response(&bad_status).is_err());
}

#[test]
fn prefix_header_entries_are_sent_and_bad_names_rejected() {
    let mut input = input();
    input.meta = Some(HashMap::from([("x".to_owned(), "from map".to_owned())]));
    input.params = None;
    let req = PutObject::build_request(&input).unwrap();
    assert_eq!(req.headers()["x-meta-x"], "from map");
    let bad_name = PutObjectInput {
        meta: Some(HashMap::from([("not ok".to_owned(), "v".to_owned())])),
        ..input
    };
    assert!(PutObject::build_request(&bad_name).is_err());
}

#[test]
fn with_an_empty_prefix_a_named_header_replaces_the_map_entry_and_reads_land_in_both() {
    // As smithy's `RestJsonHttpEmptyPrefixHeaders` tests ask.
    let input = EchoHeadersInput {
        all: Some(HashMap::from([
            ("x-foo".to_owned(), "Foo".to_owned()),
            ("hello".to_owned(), "Hello".to_owned()),
        ])),
        hello: Some("There".into()),
        settings: None,
    };
    let req = EchoHeaders::build_request(&input).unwrap();
    let hello: Vec<_> = req.headers().get_all("hello").iter().collect();
    assert_eq!(hello, ["There"]);
    assert_eq!(req.headers()["x-foo"], "Foo");
    let read = EchoHeaders::parse_request(&req).unwrap();
    assert_eq!(read.hello.as_deref(), Some("There"));
    let all = read.all.unwrap();
    assert_eq!(all["x-foo"], "Foo");
    assert_eq!(all["hello"], "There");

    let output = EchoHeadersOutput {
        all: Some(HashMap::from([("hello".to_owned(), "Hello".to_owned())])),
        hello: Some("There".into()),
        settings: None,
    };
    let resp = EchoHeaders::output_response(&output).unwrap();
    let hello: Vec<_> = resp.headers().get_all("hello").iter().collect();
    assert_eq!(hello, ["There"]);
    let parsed = EchoHeaders::parse_response(&resp).unwrap();
    assert_eq!(parsed.hello.as_deref(), Some("There"));
    assert_eq!(parsed.all.unwrap()["hello"], "There");
}

#[test]
fn servers_reject_missing_required_members() {
    let req = json_post(br#"{"Limit": 11}"#);
    let Err(RequestRejection::Validation(e)) = ListThings::parse_request(&req) else { panic!() };
    let paths: Vec<&str> = e.violations().iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["/Owner", "/Limit"]);
    assert_eq!(e.violations()[0].message(), "Value at '/Owner' failed to satisfy constraint: Member must not be null");
    // Null is as good as absent; an empty body lacks it too.
    for body in [&br#"{"Owner": null}"#[..], b""] {
        let req = json_post(body);
        assert!(matches!(ListThings::parse_request(&req), Err(RequestRejection::Validation(_))), "{body:?}");
    }
    // Clients fill it in instead (error correction), so a response never fails for it.
    let req = json_post(br#"{"Owner": "me"}"#);
    assert_eq!(ListThings::parse_request(&req).unwrap().owner, "me");
}

#[test]
fn header_lists_split_on_commas_outside_quotes() {
    let resp = http::Response::builder()
        .status(200)
        .header("X-Flags", r#"a,"b, c" , "d \"e\"",f"#)
        .body(Vec::new())
        .unwrap();
    let out = PutObject::parse_response(&resp).unwrap();
    assert_eq!(out.flags.unwrap(), ["a", "b, c", "d \"e\"", "f"]);
    let resp = http::Response::builder().status(200).header("X-Flags", r#""open"#).body(Vec::new()).unwrap();
    match PutObject::parse_response(&resp) {
        Err(ResponseError::Malformed(m)) => assert_eq!(m.member, Some("Flags")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn serde_form_is_whole_and_the_body_only_the_unbound_members() {
    let output = PutObjectOutput {
        e_tag: Some("abc".into()),
        status: Some(201),
        note: Some("n".into()),
        ..Default::default()
    };
    // A value's own serde form keeps every member, for storing and queueing it.
    let json = serde_json::to_string(&output).unwrap();
    assert_eq!(json, r#"{"Note":"n","ETag":"abc","Status":201}"#);
    assert_eq!(serde_json::from_str::<PutObjectOutput>(&json).unwrap(), output);
    // On the wire the header and status members travel outside the body, and a body key that
    // names one of them is not read as that member.
    let resp = PutObject::output_response(&output).unwrap();
    assert_eq!(resp.body(), br#"{"Note":"n"}"#);
    let mut sneaky = http::Response::new(br#"{"Note":"n","ETag":"from-body"}"#.to_vec());
    sneaky.headers_mut().insert("content-type", "application/json".parse().unwrap());
    let read = PutObject::parse_response(&sneaky).unwrap();
    assert_eq!((read.e_tag, read.note.as_deref()), (None, Some("n")));
}

#[test]
fn clients_read_integral_numbers_as_integers_and_whitespace_is_not_json() {
    let resp = |body: &str| http::Response::builder().status(200).body(body.as_bytes().to_vec()).unwrap();
    // JSON has one kind of number: an exact integer written with an exponent or a fraction is
    // that integer, as the AWS SDKs read it.
    let out = PutObject::parse_response(&resp(r#"{"Parts": 1e2, "Total": 3.0, "Counts": [1.0, -2, 3E1]}"#)).unwrap();
    assert_eq!((out.parts, out.total, out.counts), (Some(100), Some(3), Some(vec![1, -2, 30])));
    let out = PutObject::parse_response(&resp(r#"{"Total": -9.2233720368547758e18}"#)).unwrap();
    assert_eq!(out.total, Some(i64::MIN));
    for bad in [r#"{"Parts": 3.5}"#, r#"{"Parts": 1e10}"#, r#"{"Counts": [40000.0]}"#, r#"{"Total": 9.3e18}"#, r#"{"Parts": "1"}"#] {
        assert!(matches!(PutObject::parse_response(&resp(bad)), Err(ResponseError::Malformed(_))), "{bad}");
    }
    // A body of whitespace only is not JSON; an empty one has no members.
    assert!(matches!(PutObject::parse_response(&resp(" \n")), Err(ResponseError::Malformed(_))));
    assert_eq!(PutObject::parse_response(&resp("")).unwrap().parts, None);
}
