//! Exact `bigInteger` and `bigDecimal` values of `fixtures/numbers.json`: JSON, URI, query and
//! header round trips digit for digit, and `@range` bounds enforced exactly at their edges.

use std::collections::HashSet;

use fixture_numbers::number::{BigDecimal, BigInteger};
use fixture_numbers::operation::Record;
use fixture_numbers::types::{RecordInput, RecordOutput};

const DECIMAL: &str = "123456789012345678901234567890.000000000000000000001";
/// Beyond `i128::MAX` (about 1.7e38).
const INTEGER: &str = "-123456789012345678901234567890123456789012345678901234567890";

fn dec(text: &str) -> BigDecimal {
    text.parse().unwrap()
}

fn int(text: &str) -> BigInteger {
    text.parse().unwrap()
}

#[test]
fn json_round_trips_exactly() {
    let body = format!(r#"{{"Amount":{DECIMAL},"Total":{INTEGER},"Factor":1.250E-400}}"#);
    let output: RecordOutput = serde_json::from_str(&body).unwrap();
    assert_eq!(output.amount.as_ref().unwrap().as_str(), DECIMAL);
    assert_eq!(output.total.as_ref().unwrap().as_str(), INTEGER);
    assert_eq!(output.factor.as_str(), "1.250E-400");
    let written = serde_json::to_string(&output).unwrap();
    // Numbers, not strings, and every digit as it came.
    assert_eq!(
        written,
        format!(
            r#"{{"Amount":{DECIMAL},"Total":{INTEGER},"Scale":1000000000000000000000000000000,"Factor":1.250E-400}}"#
        )
    );
    let again: RecordOutput = serde_json::from_str(&written).unwrap();
    assert_eq!(again, output);
}

#[test]
fn defaults_are_exact() {
    let output = RecordOutput::default();
    assert_eq!(output.scale.as_str(), "1000000000000000000000000000000");
    assert_eq!(output.factor.as_str(), "2.5");
    // A response leaving them out gets the defaults.
    let output: RecordOutput = serde_json::from_str("{}").unwrap();
    assert_eq!(output.scale, int("1000000000000000000000000000000"));
}

#[test]
fn bad_wire_numbers_are_errors() {
    for body in [
        r#"{"Amount":"1.5"}"#,
        r#"{"Total":1.5}"#,
        r#"{"Total":1e3}"#,
        r#"{"Total":[1]}"#,
        r#"{"Amount":true}"#,
        r#"{"Amount":1e99999999999999999999999999999999999999}"#,
        r#"{"Amount":01}"#,
    ] {
        let err = serde_json::from_str::<RecordOutput>(body).unwrap_err();
        assert!(!err.to_string().is_empty(), "{body}");
    }
    // Servers read strictly, through the same types.
    let request = |body: &str| {
        http::Request::builder()
            .method("POST")
            .uri("/accounts/7")
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
            .unwrap()
    };
    assert!(Record::parse_request(&request(r#"{"Amount":"1"}"#)).is_err());
    assert!(Record::parse_request(&request(r#"{"Amount":1,"Ids":[1,null]}"#)).is_err());
    let input = Record::parse_request(&request(&format!(r#"{{"Amount":{DECIMAL},"Ids":[{INTEGER}]}}"#))).unwrap();
    assert_eq!(input.amount.as_str(), DECIMAL);
    assert_eq!(input.ids.unwrap()[0].as_str(), INTEGER);
    // A label that is not an integer.
    let bad_label = http::Request::builder()
        .method("POST")
        .uri("/accounts/1.5")
        .header("content-type", "application/json")
        .body(br#"{"Amount":1}"#.to_vec())
        .unwrap();
    assert!(Record::parse_request(&bad_label).is_err());
}

#[test]
fn uri_query_and_headers_round_trip_exactly() {
    let input = RecordInput::builder()
        .account(int(&INTEGER[1..]))
        .rate(dec(DECIMAL))
        .limit(int(INTEGER))
        .amount(dec("1e-1"))
        .build()
        .unwrap();
    let request = Record::build_request(&input).unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("/accounts/{}?rate={DECIMAL}", &INTEGER[1..])
    );
    assert_eq!(request.headers()["x-limit"], INTEGER);
    assert_eq!(std::str::from_utf8(request.body()).unwrap(), r#"{"Amount":1e-1}"#);
    let read = Record::parse_request(&request).unwrap();
    assert_eq!(read, input);
    assert_eq!(read.rate.unwrap().as_str(), DECIMAL);
}

fn range_paths(input: RecordInput) -> Vec<String> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations().iter().map(|v| v.path().to_owned()).collect(),
    }
}

fn with(amount: &str) -> RecordInput {
    RecordInput::builder().account(1).amount(dec(amount)).build().unwrap()
}

#[test]
fn range_bounds_hold_exactly_at_their_edges() {
    // Amount: 0.1 to 1e30, inclusive.
    for ok in ["0.1", "0.10", "1e-1", "1e30", "1000000000000000000000000000000.000", "5"] {
        assert!(range_paths(with(ok)).is_empty(), "{ok}");
    }
    for bad in [
        "0.0999999999999999999999999999",
        "1000000000000000000000000000000.000000000000000000001",
        "-1e30",
        "0",
    ] {
        assert_eq!(range_paths(with(bad)), ["/Amount"], "{bad}");
    }
    // Fee: at most 0.3, which a float cannot tell from 0.30000000000000000001.
    let fee = |fee: &str| RecordInput { fee: Some(dec(fee)), ..with("1") };
    assert!(range_paths(fee("0.3")).is_empty());
    assert!(range_paths(fee("-1e400")).is_empty());
    assert_eq!(range_paths(fee("0.30000000000000000001")), ["/Fee"]);
    let e = fee("0.30000000000000000001").validate().unwrap_err();
    assert_eq!(
        e.violations()[0].message(),
        "Value at '/Fee' failed to satisfy constraint: Member must be less than or equal to 0.3"
    );
    // Count: a bigInteger of at least 1.5 (so 2) and at most 2^64 - 1.
    let count = |count: &str| RecordInput { count: Some(int(count)), ..with("1") };
    assert!(range_paths(count("2")).is_empty());
    assert!(range_paths(count("18446744073709551615")).is_empty());
    assert_eq!(range_paths(count("1")), ["/Count"]);
    assert_eq!(range_paths(count("18446744073709551616")), ["/Count"]);
    assert_eq!(range_paths(count(INTEGER)), ["/Count"]);
}

#[test]
fn values_compare_by_what_they_mean() {
    assert_eq!(dec("1.50"), dec("1.5"));
    assert_eq!(dec("-0.0"), dec("0e7"));
    assert_eq!(dec("15e-1"), dec("1.5"));
    assert!(dec("1e3") > dec("999.999999999999999999"));
    assert!(dec("-2") < dec("-1.9999999999999999999999"));
    assert!(dec("1e-400") > dec("0") && dec("-1e-400") < dec("0"));
    assert!(int("10") > dec("9.99999999999999999999"));
    assert_eq!(int("100"), dec("1e2"));
    assert_eq!(BigInteger::from(u128::MAX).as_str(), "340282366920938463463374607431768211455");
    let set: HashSet<BigDecimal> = ["1.5", "1.50", "15e-1", "2"].into_iter().map(dec).collect();
    assert_eq!(set.len(), 2);
    // uniqueItems compares values, not texts.
    let ids = RecordInput { ids: Some(vec![int("1"), int("-0"), int("0")]), ..with("1") };
    assert_eq!(range_paths(ids), ["/Ids"]);
    for bad in ["", "-", "1.", ".5", "+1", "1e", "0x10", "1_000", " 1", "NaN"] {
        assert!(bad.parse::<BigDecimal>().is_err(), "{bad:?}");
    }
    assert!("1.0".parse::<BigInteger>().is_err() && "1e2".parse::<BigInteger>().is_err());
}
