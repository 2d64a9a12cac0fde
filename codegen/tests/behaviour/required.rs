//! Required members of `fixtures/required.json` at every depth: servers report the ones a
//! request leaves out (or sends as `null`) inside structures, list items, map values and union
//! members at their paths, as top-level ones; clients fill them in with zero values.

use fixture_required::http::RequestRejection;
use fixture_required::operation::{PutItem, PutOrder, TagOrder};
use fixture_required::types::{Choice, PutOrderInput};

fn request(uri: &str, token: Option<&str>, body: &str) -> http::Request<Vec<u8>> {
    let mut builder = http::Request::builder()
        .method(if uri == "/item" { "PUT" } else { "POST" })
        .uri(uri)
        .header("content-type", "application/json");
    if let Some(token) = token {
        builder = builder.header("x-token", token);
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

/// The paths and messages of the violations of a `ValidationException` rejection.
fn violations_of(rejection: &RequestRejection) -> Vec<(String, String)> {
    match rejection {
        RequestRejection::Validation(e) => e
            .violations()
            .iter()
            .map(|v| (v.path().to_owned(), v.message().to_owned()))
            .collect(),
        other => panic!("expected a ValidationException, got {other:?}"),
    }
}

fn paths(violations: &[(String, String)]) -> Vec<&str> {
    violations.iter().map(|(p, _)| p.as_str()).collect()
}

#[test]
fn servers_report_nested_missing_members_at_their_paths() {
    let body = r#"{
        "Owner_": {"nick_name": null, "age": 3},
        "items": [{"sku": "a"}, {"quantity": 2}],
        "byName": {"x/y": {"note": "n"}, "ok": {"sku": "b"}},
        "choice": {"ITEM": {"sku": null}}
    }"#;
    let rejection = PutOrder::parse_request(&request("/orders", None, body)).unwrap_err();
    let violations = violations_of(&rejection);
    // Members by their model names (not `Owner_` or `nick_name`), map keys escaped as JSON
    // pointers; each structure's members when it ends, the top level's last, then the header.
    // The zero values filled in are not checked against `@length(min: 1)`: they were not sent.
    assert_eq!(
        paths(&violations),
        [
            "/owner/name",
            "/owner/nick",
            "/items/1/sku",
            "/byName/x~1y/sku",
            "/choice/item/sku",
            "/id",
            "/token",
        ]
    );
    assert_eq!(
        violations[2].1,
        "Value at '/items/1/sku' failed to satisfy constraint: Member must not be null"
    );
    let response = rejection.to_response();
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["x-amzn-errortype"], "ValidationException");
    let json: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(json["fieldList"].as_array().unwrap().len(), 7);
    assert_eq!(json["fieldList"][1]["path"], "/owner/nick");
}

#[test]
fn a_sent_value_is_still_checked_and_defaults_are_not_missing() {
    // `quantity` and `age` are required with a default: left out, they take it.
    let body = r#"{"id": "o-1", "Owner_": {"name": "n", "nick_name": "k"}, "items": [{"sku": ""}]}"#;
    let violations = violations_of(&PutOrder::parse_request(&request("/orders", Some("t"), body)).unwrap_err());
    assert_eq!(paths(&violations), ["/items/0/sku"]);
    assert!(violations[0].1.starts_with("Value with length 0 at '/items/0/sku'"), "{violations:?}");

    let body = r#"{"id": "o-1", "Owner_": {"name": "n", "nick_name": "k"}, "items": [{"sku": "a"}],
                  "byName": {"k": {"sku": "b", "quantity": 5}}, "choice": {"ITEM": {"sku": "c"}}}"#;
    let input = PutOrder::parse_request(&request("/orders", Some("t"), body)).unwrap();
    assert_eq!(input.owner.as_ref().unwrap().age, 0);
    assert_eq!(input.items.as_ref().unwrap()[0].quantity, 1);
    assert_eq!(input.by_name.as_ref().unwrap()["k"].quantity, 5);
    assert!(matches!(&input.choice, Some(Choice::Item(item)) if item.sku == "c"));
}

#[test]
fn servers_report_missing_members_of_a_structure_payload_under_it() {
    let rejection = PutItem::parse_request(&request("/item", None, r#"{"note": "x"}"#)).unwrap_err();
    let violations = violations_of(&rejection);
    assert_eq!(paths(&violations), ["/item/sku"]);
    assert!(PutItem::parse_request(&request("/item", None, r#"{"sku": "s"}"#)).is_ok());
}

#[test]
fn clients_fill_in_what_a_response_leaves_out() {
    let response = http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(br#"{"items": [{"note": "n"}, {"sku": null}], "owner": {"nick_name": "k"}}"#.to_vec())
        .unwrap();
    let output = PutOrder::parse_response(&response).unwrap();
    assert_eq!(output.id, "");
    let items = output.items.unwrap();
    assert_eq!((items[0].sku.as_str(), items[0].quantity), ("", 1));
    assert_eq!(items[1].sku, "");
    let owner = output.owner.unwrap();
    assert_eq!((owner.name.as_str(), owner.nick.as_str()), ("", "k"));
    // A plain serde read is lenient too.
    let input: PutOrderInput = serde_json::from_str(r#"{"items": [{}]}"#).unwrap();
    assert_eq!(input.items.unwrap()[0].sku, "");
}

#[test]
fn servers_reject_a_required_list_left_out_of_the_headers_or_the_query() {
    let tag_request = |uri: &str, labels: Option<&str>| {
        let mut builder = http::Request::builder().method("POST").uri(uri);
        if let Some(labels) = labels {
            builder = builder.header("x-labels", labels);
        }
        builder.body(Vec::new()).unwrap()
    };
    let rejection = TagOrder::parse_request(&tag_request("/tags", None)).unwrap_err();
    let mut missing = paths(&violations_of(&rejection)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    missing.sort();
    assert_eq!(missing, ["/ids", "/labels"]);
    let rejection = TagOrder::parse_request(&tag_request("/tags?extra=x", Some("a, b"))).unwrap_err();
    assert_eq!(paths(&violations_of(&rejection)), ["/ids"]);
    let rejection = TagOrder::parse_request(&tag_request("/tags?id=1", None)).unwrap_err();
    assert_eq!(paths(&violations_of(&rejection)), ["/labels"]);
    // Sent, even as an empty header value, the lists are there.
    let input = TagOrder::parse_request(&tag_request("/tags?id=1&id=2", Some(""))).unwrap();
    assert_eq!(input.ids, ["1", "2"]);
    assert!(input.labels.is_empty());
    assert_eq!(input.extra, None);
}
