//! Behaviour of the validators generated for `fixtures/constraints.json`: every constraint trait
//! on every type it applies to, at its boundaries.

use std::collections::HashMap;

use fixture_constraints::types::{CheckInput, Color, LegacyEnum, Level, Nested};

fn valid() -> CheckInput {
    CheckInput::builder().name("ok").build().unwrap()
}

fn violations(input: &CheckInput) -> Vec<(String, String)> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(|v| (v.path().to_owned(), v.message().to_owned())).collect(),
    }
}

fn paths(input: &CheckInput) -> Vec<String> {
    violations(input).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn builder_defaults_and_a_valid_value() {
    let input = valid();
    // `retries` is required with a default; `enabled` and `mode` are optional top-level input
    // members with a default: unset until a server fills them, so that a client sends exactly
    // what it was given.
    assert_eq!(input.retries, 3);
    assert_eq!(input.enabled, None);
    assert_eq!(input.mode, None);
    // `strictOptional` is required but clientOptional: an Option, reported missing by validate.
    assert_eq!(
        violations(&input),
        [(
            "/strictOptional".to_owned(),
            "Value at '/strictOptional' failed to satisfy constraint: Member must not be null".to_owned()
        )]
    );
    let input = CheckInput { strict_optional: Some("x".into()), ..valid() };
    assert!(input.validate().is_ok());
}

fn base() -> CheckInput {
    CheckInput { strict_optional: Some("x".into()), ..valid() }
}

#[test]
fn string_length_and_member_overrides() {
    let with = |name: &str, short: &str, any: &str| CheckInput {
        name: name.into(),
        short_name: Some(short.into()),
        any_name: Some(any.into()),
        ..base()
    };
    assert!(paths(&with("a", "abcdefgh", "ab")).is_empty());
    // The member's own `length` replaces the target's: shortName allows 1..=8 no more.
    let v = violations(&with("a", "abcdefghi", &"x".repeat(100)));
    assert_eq!(
        v,
        [
            (
                "/shortName".to_owned(),
                "Value with length 9 at '/shortName' failed to satisfy constraint: Member must have length less than or equal to 8".to_owned()
            ),
        ]
    );
    let v = violations(&with("a", "a", "a"));
    assert_eq!(
        v,
        [(
            "/anyName".to_owned(),
            "Value with length 1 at '/anyName' failed to satisfy constraint: Member must have length greater than or equal to 2".to_owned()
        )]
    );
}

#[test]
fn unanchored_patterns_search() {
    let with = |id: &str| CheckInput { id: Some(id.into()), ..base() };
    let hex = "0123456789abcdef0123456789abcdef";
    assert!(paths(&with(hex)).is_empty());
    assert!(paths(&with(&format!("prefix-{hex}-suffix"))).is_empty());
    assert_eq!(paths(&with("0123")), ["/id"]);
}

#[test]
fn ecma_word_class_is_ascii() {
    let with = |c: &str| CheckInput { connector: Some(c.into()), ..base() };
    assert!(paths(&with("a_b/c@d")).is_empty());
    assert_eq!(paths(&with("é")), ["/connector"]);
    assert_eq!(paths(&with("x\u{2028}")), ["/connector"]);
}

#[test]
fn blob_length_counts_bytes() {
    let with = |n: usize| CheckInput { data: Some(vec![0xff; n]), ..base() };
    assert_eq!(paths(&with(0)), ["/data"]);
    assert!(paths(&with(1)).is_empty());
    assert!(paths(&with(4)).is_empty());
    assert_eq!(
        violations(&with(5))[0].1,
        "Value with length 5 at '/data' failed to satisfy constraint: Member must have length between 1 and 4, inclusive"
    );
}

#[test]
fn list_length_unique_items_and_item_paths() {
    let with = |tags: &[&str]| CheckInput { tags: Some(tags.iter().map(|t| t.to_string()).collect()), ..base() };
    assert!(paths(&with(&["a", "b", "c"])).is_empty());
    assert_eq!(paths(&with(&["a", "b", "c", "d"])), ["/tags"]);
    let v = violations(&with(&["a", "b", "a"]));
    assert_eq!(
        v,
        [(
            "/tags".to_owned(),
            "Value at '/tags' failed to satisfy constraint: Member must have unique values".to_owned()
        )]
    );
    assert_eq!(paths(&with(&["a", "", "toolong"])), ["/tags/1", "/tags/2"]);
}

#[test]
fn map_keys_report_at_the_map_and_values_at_their_key() {
    let with = |pairs: &[(&str, &str)]| CheckInput {
        attributes: Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<HashMap<_, _>>()),
        ..base()
    };
    assert!(paths(&with(&[("abc", "v")])).is_empty());
    assert_eq!(paths(&with(&[("a", "v"), ("b", "v"), ("c", "v")])), ["/attributes"]);
    assert_eq!(paths(&with(&[("BAD", "v")])), ["/attributes"]);
    assert_eq!(paths(&with(&[("good", "")])), ["/attributes/good"]);
}

#[test]
fn ranges_on_every_number_type() {
    let v = |i: CheckInput| paths(&i);
    assert_eq!(v(CheckInput { count: Some(0), ..base() }), ["/count"]);
    assert!(v(CheckInput { count: Some(1), ..base() }).is_empty());
    assert!(v(CheckInput { count: Some(100), ..base() }).is_empty());
    assert_eq!(v(CheckInput { count: Some(101), ..base() }), ["/count"]);
    assert_eq!(
        violations(&CheckInput { count: Some(101), ..base() })[0].1,
        "Value at '/count' failed to satisfy constraint: Member must be between 1 and 100, inclusive"
    );
    assert!(v(CheckInput { big_count: Some(10_000_000_000), ..base() }).is_empty());
    assert_eq!(v(CheckInput { big_count: Some(10_000_000_001), ..base() }), ["/bigCount"]);
    assert_eq!(v(CheckInput { big_count: Some(-6), ..base() }), ["/bigCount"]);
    assert!(v(CheckInput { ratio: Some(1.5), ..base() }).is_empty());
    assert_eq!(v(CheckInput { ratio: Some(1.5000001), ..base() }), ["/ratio"]);
    assert_eq!(v(CheckInput { ratio: Some(-0.1), ..base() }), ["/ratio"]);
    assert_eq!(v(CheckInput { tiny: Some(-2), ..base() }), ["/tiny"]);
    assert!(v(CheckInput { tiny: Some(127), ..base() }).is_empty());
    assert_eq!(v(CheckInput { small: Some(301), ..base() }), ["/small"]);
    assert_eq!(v(CheckInput { weight: Some(0.25), ..base() }), ["/weight"]);
    assert_eq!(
        violations(&CheckInput { weight: Some(0.25), ..base() })[0].1,
        "Value at '/weight' failed to satisfy constraint: Member must be greater than or equal to 0.5"
    );
    assert_eq!(v(CheckInput { retries: 11, ..base() }), ["/retries"]);
}

#[test]
fn enums_and_int_enums_keep_unknown_values_and_report_them() {
    let input = CheckInput {
        color: Some(Color::from("purple")),
        level: Some(Level::from(5)),
        legacy: Some(LegacyEnum::from("t3.nano")),
        ..base()
    };
    // `blue` (`@internal`) and `x1.internal` (tagged "internal") are valid values that the
    // messages leave out, as Smithy servers do.
    let v = violations(&input);
    assert_eq!(
        v.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>(),
        [
            "Value at '/color' failed to satisfy constraint: Member must satisfy enum value set: [red, green]",
            "Value at '/level' failed to satisfy constraint: Member must satisfy enum value set: [1, 10]",
            "Value at '/legacy' failed to satisfy constraint: Member must satisfy enum value set: [t2.micro, m5.large]",
        ]
    );
    let internal = CheckInput {
        color: Some(Color::Blue),
        legacy: Some(LegacyEnum::from("x1.internal")),
        ..base()
    };
    assert_eq!(violations(&internal), Vec::<(String, String)>::new());
    assert!(Color::VALUES.contains(&"blue"));
    assert_eq!(Level::from(10), Level::High);
    assert_eq!(Level::from(5).value(), 5);
    assert_eq!(LegacyEnum::T2Micro.as_str(), "t2.micro");
    assert_eq!(LegacyEnum::from("m5.large"), LegacyEnum::M5Large);
}

#[test]
fn nested_structures_and_lists_of_them() {
    let nested = |inner: &str| Nested { inner: inner.into(), items: None };
    let input = CheckInput {
        nested: Some(Nested { inner: "ok".into(), items: Some(vec![nested("fine"), nested(""), nested("toolong")]) }),
        ..base()
    };
    assert_eq!(paths(&input), ["/nested/items/1/inner", "/nested/items/2/inner"]);
}

#[test]
fn wire_defaults_and_error_correction() {
    let input: CheckInput = serde_json::from_str(r#"{"name": "x"}"#).unwrap();
    assert_eq!((input.retries, input.enabled, input.mode.clone()), (3, None, None));
    // A server fills the defaults of the top-level members the request left out.
    let request = http::Request::builder()
        .method("POST")
        .uri("/Check")
        .header("content-type", "application/json")
        .body(br#"{"name": "x", "strictOptional": "s"}"#.to_vec())
        .unwrap();
    match fixture_constraints::operation::Check::parse_request(&request) {
        Ok(input) => assert_eq!((input.enabled, input.mode), (Some(true), Some(Color::Red))),
        Err(rejection) => {
            let response = rejection.to_response();
            panic!("rejected: {}", String::from_utf8_lossy(response.body()));
        }
    }
    // A required member missing from the wire gets its zero value instead of failing the parse.
    let input: CheckInput = serde_json::from_str("{}").unwrap();
    assert_eq!(input.name, "");
    // ...and validation, which is explicit, reports it.
    assert!(paths(&input).contains(&"/name".to_owned()));
}

#[test]
fn nulls_in_dense_collections_are_dropped() {
    let input: CheckInput =
        serde_json::from_str(r#"{"name": "x", "tags": ["a", null, "b"], "attributes": {"k": "v", "gone": null}}"#)
            .unwrap();
    assert_eq!(input.tags.as_deref(), Some(&["a".to_owned(), "b".to_owned()][..]));
    let attributes = input.attributes.unwrap();
    assert_eq!(attributes.len(), 1);
    assert_eq!(attributes["k"], "v");
    assert!(serde_json::from_str::<CheckInput>(r#"{"tags": [1]}"#).is_err());
}

#[test]
fn lookahead_patterns_are_checked_by_the_backtracking_engine() {
    let with = |k: &str| CheckInput { tag_key: Some(k.into()), ..base() };
    assert!(paths(&with("team:alpha")).is_empty());
    assert_eq!(paths(&with("aws:reserved")), ["/tagKey"]);
    assert_eq!(paths(&with("é")), ["/tagKey"]);
}
