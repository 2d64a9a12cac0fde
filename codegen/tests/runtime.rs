//! The support modules every generated crate carries (`runtime/*.rs`), tested as they are through
//! the `smithy-codegen-runtime` crate: constraint messages word for word, JSON pointer paths, and
//! the timestamp formats.

// The modules as a generated crate has them (`crate::validation`, `crate::support::wire`...).
use smithy_codegen_runtime::{http, support, timestamp, validation};

mod validation_tests {
    use crate::validation::{
        ConstraintKind, Pattern, Validate, ValidationError, Validator, Violation,
    };

    /// (path, message) of every violation the checks in `f` record.
    fn run(f: impl FnOnce(&mut Validator)) -> Vec<(String, String)> {
        let mut v = Validator::new();
        f(&mut v);
        match v.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e
                .violations()
                .iter()
                .map(|v| (v.path().to_owned(), v.message().to_owned()))
                .collect(),
        }
    }

    fn messages(f: impl FnOnce(&mut Validator)) -> Vec<String> {
        run(f).into_iter().map(|(_, m)| m).collect()
    }

    fn at(member: &str, f: impl FnOnce(&mut Validator)) -> Vec<String> {
        messages(|v| {
            let mark = v.enter(member);
            f(v);
            v.leave(mark);
        })
    }

    #[test]
    fn length_between_at_every_boundary() {
        let check = |len| at("string", |v| v.length(len, Some(2), Some(8)));
        assert_eq!(
            check(1),
            [
                "Value with length 1 at '/string' failed to satisfy constraint: Member must have length between 2 and 8, inclusive"
            ]
        );
        assert!(check(2).is_empty());
        assert!(check(8).is_empty());
        assert_eq!(
            check(9),
            [
                "Value with length 9 at '/string' failed to satisfy constraint: Member must have length between 2 and 8, inclusive"
            ]
        );
        // Callers count characters: one astral character is length 1 (RestJsonMalformedLengthString).
        assert_eq!(
            check("👍".chars().count()),
            [
                "Value with length 1 at '/string' failed to satisfy constraint: Member must have length between 2 and 8, inclusive"
            ]
        );
    }

    #[test]
    fn length_with_one_bound() {
        let min = |len| at("minString", |v| v.length(len, Some(2), None));
        assert_eq!(
            min(1),
            [
                "Value with length 1 at '/minString' failed to satisfy constraint: Member must have length greater than or equal to 2"
            ]
        );
        assert!(min(2).is_empty());
        assert!(min(usize::MAX).is_empty());
        let max = |len| at("maxString", |v| v.length(len, None, Some(8)));
        assert_eq!(
            max(26),
            [
                "Value with length 26 at '/maxString' failed to satisfy constraint: Member must have length less than or equal to 8"
            ]
        );
        assert!(max(8).is_empty());
        assert!(max(0).is_empty());
        assert!(at("x", |v| v.length(1000, None, None)).is_empty());
        // A minimum of zero can never fail; an exact length is min == max.
        assert!(at("x", |v| v.length(0, Some(0), None)).is_empty());
        assert_eq!(
            at("x", |v| v.length(3, Some(4), Some(4))),
            [
                "Value with length 3 at '/x' failed to satisfy constraint: Member must have length between 4 and 4, inclusive"
            ]
        );
    }

    static LOWER: Pattern = Pattern::new("^[a-m]+$", "^[a-m]+$");
    static UNANCHORED: Pattern = Pattern::new("[0-9]{3}", "[0-9]{3}");
    static EVIL: Pattern = Pattern::new("^([0-9]+)+$", "^([0-9]+)+$");
    static BROKEN: Pattern = Pattern::new("(", "(");

    #[test]
    fn pattern_message_shows_the_model_pattern_not_the_value() {
        assert_eq!(
            at("string", |v| v.pattern("ABC", &LOWER)),
            [
                "Value at '/string' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-m]+$"
            ]
        );
        assert!(at("string", |v| v.pattern("abc", &LOWER)).is_empty());
        // The message shows the source as written, even when the translation differs.
        static TRANSLATED: Pattern = Pattern::new("^\\w+$", "^[0-9A-Za-z_]+$");
        assert_eq!(
            at("s", |v| v.pattern("é", &TRANSLATED)),
            [
                "Value at '/s' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\w+$"
            ]
        );
        assert_eq!(TRANSLATED.source(), "^\\w+$");
        assert_eq!(TRANSLATED.regex(), "^[0-9A-Za-z_]+$");
    }

    #[test]
    fn patterns_search_compile_once_and_never_backtrack() {
        assert!(UNANCHORED.is_match("abc123def"));
        assert!(!UNANCHORED.is_match("ab12"));
        // RestJsonMalformedPatternReDOSString: linear time whatever the pattern.
        let evil = format!("{}!", "0".repeat(10_000));
        assert_eq!(
            at("evilString", |v| v.pattern(&evil, &EVIL)),
            [
                "Value at '/evilString' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([0-9]+)+$"
            ]
        );
        // Shared between threads, compiled on first use.
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| assert!(LOWER.is_match("abc")));
            }
        });
        // A regex that does not compile is not enforced.
        assert!(BROKEN.is_match("anything"));
        assert!(at("x", |v| v.pattern("anything", &BROKEN)).is_empty());
        assert!(format!("{LOWER:?}").contains("^[a-m]+$"));
    }

    #[test]
    fn range_on_integers() {
        let both = |n: i8| at("byte", |v| v.range(n, Some((2, "2")), Some((8, "8"))));
        assert_eq!(
            both(1),
            [
                "Value at '/byte' failed to satisfy constraint: Member must be between 2 and 8, inclusive"
            ]
        );
        assert!(both(2).is_empty());
        assert!(both(8).is_empty());
        assert_eq!(
            both(9),
            [
                "Value at '/byte' failed to satisfy constraint: Member must be between 2 and 8, inclusive"
            ]
        );
        assert_eq!(
            at("minInteger", |v| v.range(1, Some((2, "2")), None)),
            [
                "Value at '/minInteger' failed to satisfy constraint: Member must be greater than or equal to 2"
            ]
        );
        assert_eq!(
            at("maxLong", |v| v.range(9_i64, None, Some((8, "8")))),
            [
                "Value at '/maxLong' failed to satisfy constraint: Member must be less than or equal to 8"
            ]
        );
        assert!(at("x", |v| v.range(i64::MIN, None, Some((8, "8")))).is_empty());
    }

    #[test]
    fn range_on_floats_shows_bounds_as_written() {
        let both = |n: f32| {
            at("float", |v| {
                v.range(n, Some((2.2, "2.2")), Some((8.8, "8.8")))
            })
        };
        assert_eq!(
            both(2.1),
            [
                "Value at '/float' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive"
            ]
        );
        assert!(both(2.2).is_empty());
        assert!(both(8.8).is_empty());
        assert_eq!(
            both(8.9),
            [
                "Value at '/float' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive"
            ]
        );
        assert_eq!(
            at("minFloat", |v| v.range(2.1_f64, Some((2.2, "2.2")), None)),
            [
                "Value at '/minFloat' failed to satisfy constraint: Member must be greater than or equal to 2.2"
            ]
        );
        assert_eq!(
            at("maxFloat", |v| v.range(8.9_f64, None, Some((8.8, "8.8")))),
            [
                "Value at '/maxFloat' failed to satisfy constraint: Member must be less than or equal to 8.8"
            ]
        );
        // The bound's text is shown verbatim, e.g. a large model literal.
        assert_eq!(
            at("d", |v| v.range(
                2e20_f64,
                None,
                Some((1e20, "100000000000000000000"))
            )),
            [
                "Value at '/d' failed to satisfy constraint: Member must be less than or equal to 100000000000000000000"
            ]
        );
        // NaN is in no range; infinities are outside finite bounds.
        assert_eq!(
            at("f", |v| v.range(f64::NAN, Some((0.0, "0")), None)).len(),
            1
        );
        assert_eq!(
            at("f", |v| v.range(f64::NAN, None, Some((1.0, "1")))).len(),
            1
        );
        assert_eq!(
            at("f", |v| v.range(f64::INFINITY, None, Some((1.0, "1")))).len(),
            1
        );
        assert!(at("f", |v| v.range(f64::NAN, None, None)).is_empty());
    }

    #[test]
    fn required() {
        assert_eq!(
            at("string", |v| v.required(false)),
            ["Value at '/string' failed to satisfy constraint: Member must not be null"]
        );
        assert!(at("string", |v| v.required(true)).is_empty());
    }

    #[test]
    fn enum_values_in_the_order_given() {
        assert_eq!(
            at("string", |v| v.enum_value(false, &["abc", "def", "jkl"])),
            [
                "Value at '/string' failed to satisfy constraint: Member must satisfy enum value set: [abc, def, jkl]"
            ]
        );
        assert_eq!(
            at("color", |v| v.enum_value(false, &["red", "green"])),
            [
                "Value at '/color' failed to satisfy constraint: Member must satisfy enum value set: [red, green]"
            ]
        );
        // intEnum values are passed as text.
        assert_eq!(
            at("level", |v| v.enum_value(false, &["1", "10"])),
            [
                "Value at '/level' failed to satisfy constraint: Member must satisfy enum value set: [1, 10]"
            ]
        );
        assert_eq!(
            at("e", |v| v.enum_value(false, &[])),
            ["Value at '/e' failed to satisfy constraint: Member must satisfy enum value set: []"]
        );
        assert!(at("string", |v| v.enum_value(true, &["abc"])).is_empty());
    }

    #[test]
    fn unique_items_hashable() {
        let msg =
            "Value at '/stringList' failed to satisfy constraint: Member must have unique values";
        let check = |items: &[&str]| at("stringList", |v| v.unique(items));
        assert_eq!(check(&["abc", "abc"]), [msg]);
        // Repeats far apart are found too, and reported once however many there are.
        assert_eq!(check(&["a", "b", "c", "d", "a"]), [msg]);
        assert_eq!(check(&["a", "b", "a", "b", "a"]), [msg]);
        assert!(check(&["a", "b", "c"]).is_empty());
        assert!(check(&[]).is_empty());
        assert!(check(&["a"]).is_empty());
        // Lists of lists, booleans, optional (sparse) items.
        let lists = vec![vec!["foo", "bar"], vec!["foo", "bar"]];
        assert_eq!(at("listList", |v| v.unique(&lists)).len(), 1);
        assert_eq!(at("booleanList", |v| v.unique(&[true, true])).len(), 1);
        assert!(at("booleanList", |v| v.unique(&[true, false])).is_empty());
        assert_eq!(at("sparse", |v| v.unique(&[None, Some(1), None])).len(), 1);
        // Linear: a large unique list is quick.
        let big: Vec<u64> = (0..200_000).collect();
        assert!(at("big", |v| v.unique(&big)).is_empty());
    }

    #[test]
    fn unique_items_by_equality() {
        let msg =
            "Value at '/doubles' failed to satisfy constraint: Member must have unique values";
        assert_eq!(at("doubles", |v| v.unique_by_eq(&[1.5, 2.5, 1.5])), [msg]);
        assert!(at("doubles", |v| v.unique_by_eq(&[1.5, 2.5, -1.5])).is_empty());
        assert!(at("doubles", |v| v.unique_by_eq::<f64>(&[])).is_empty());
        // `==` decides: NaN equals nothing, 0.0 equals -0.0.
        assert!(at("doubles", |v| v.unique_by_eq(&[f64::NAN, f64::NAN])).is_empty());
        assert_eq!(at("doubles", |v| v.unique_by_eq(&[0.0, -0.0])), [msg]);
        let docs = [serde_json::json!({"a": 1}), serde_json::json!({"a": 1})];
        assert_eq!(at("docs", |v| v.unique_by_eq(&docs)).len(), 1);
    }

    #[test]
    fn paths_are_escaped_json_pointers() {
        let mut v = Validator::new();
        assert_eq!(v.path(), "");
        let a = v.enter("a/b");
        assert_eq!(v.path(), "/a~1b");
        let b = v.enter("m~n");
        assert_eq!(v.path(), "/a~1b/m~0n");
        let c = v.enter("~/~1");
        assert_eq!(v.path(), "/a~1b/m~0n/~0~1~01");
        v.leave(c);
        let d = v.enter_index(3);
        assert_eq!(v.path(), "/a~1b/m~0n/3");
        v.leave(d);
        v.leave(b);
        assert_eq!(v.path(), "/a~1b");
        let e = v.enter("");
        assert_eq!(v.path(), "/a~1b/");
        v.leave(e);
        let f = v.enter("ключ 👍");
        assert_eq!(v.path(), "/a~1b/ключ 👍");
        v.leave(f);
        v.leave(a);
        assert_eq!(v.path(), "");
        assert!(v.finish().is_ok());
    }

    #[test]
    fn nested_enter_and_leave_and_root_violations() {
        let found = run(|v| {
            v.required(false);
            let list = v.enter("list");
            for (i, s) in ["ok", "x", "also ok", "y"].iter().enumerate() {
                let item = v.enter_index(i);
                v.length(s.chars().count(), Some(2), None);
                v.leave(item);
            }
            v.leave(list);
            v.in_member("map", |v| {
                v.in_member("abc", |v| v.length(1, Some(2), Some(8)));
                v.in_index(10, |v| v.required(false));
            });
        });
        assert_eq!(
            found,
            [
                ("".to_owned(), "Value at '' failed to satisfy constraint: Member must not be null".to_owned()),
                (
                    "/list/1".to_owned(),
                    "Value with length 1 at '/list/1' failed to satisfy constraint: Member must have length greater than or equal to 2"
                        .to_owned()
                ),
                (
                    "/list/3".to_owned(),
                    "Value with length 1 at '/list/3' failed to satisfy constraint: Member must have length greater than or equal to 2"
                        .to_owned()
                ),
                (
                    "/map/abc".to_owned(),
                    "Value with length 1 at '/map/abc' failed to satisfy constraint: Member must have length between 2 and 8, inclusive"
                        .to_owned()
                ),
                ("/map/10".to_owned(), "Value at '/map/10' failed to satisfy constraint: Member must not be null".to_owned()),
            ]
        );
    }

    /// A value that is always wrong, to see where its violation lands.
    struct Bad;

    impl Validate for Bad {
        fn validate_at(&self, validator: &mut Validator) {
            validator.required(false);
        }
    }

    #[test]
    fn member_walks_into_options_boxes_lists_and_maps() {
        let map: std::collections::HashMap<String, Vec<Bad>> =
            [("k/1".to_owned(), vec![Bad])].into_iter().collect();
        let found = run(|v| {
            v.member("none", &None::<Bad>);
            v.member("some", &Some(Bad));
            v.member("boxed", &Box::new(Bad));
            v.member("list", &vec![Some(Bad), None, Some(Bad)]);
            v.member("map", &map);
        });
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["/some", "/boxed", "/list/0", "/list/2", "/map/k~11/0"]
        );
    }

    #[test]
    fn every_violation_is_collected_in_order_with_its_kind() {
        static P: Pattern = Pattern::new("^a", "^a");
        let mut v = Validator::new();
        v.in_member("s", |v| {
            v.length(10, None, Some(3));
            v.pattern("b", &P);
        });
        v.in_member("n", |v| v.range(0, Some((1, "1")), None));
        v.in_member("r", |v| v.required(false));
        v.in_member("e", |v| v.enum_value(false, &["x"]));
        v.in_member("u", |v| v.unique(&[1, 1]));
        v.in_member("c", |v| v.report(ConstraintKind::Pattern, "custom"));
        assert_eq!(v.violations().len(), 7);
        let err = v.finish().unwrap_err();
        let kinds: Vec<_> = err.violations().iter().map(Violation::kind).collect();
        assert_eq!(
            kinds,
            [
                ConstraintKind::Length,
                ConstraintKind::Pattern,
                ConstraintKind::Range,
                ConstraintKind::Required,
                ConstraintKind::Enum,
                ConstraintKind::UniqueItems,
                ConstraintKind::Pattern,
            ]
        );
        let paths: Vec<_> = err.violations().iter().map(Violation::path).collect();
        assert_eq!(paths, ["/s", "/s", "/n", "/r", "/e", "/u", "/c"]);
        assert_eq!(err.violations()[6].message(), "custom");
        assert_eq!(ConstraintKind::UniqueItems.to_string(), "uniqueItems");
        assert_eq!(ConstraintKind::Length.as_str(), "length");
        let owned: Vec<Violation> = err.clone().into_iter().collect();
        assert_eq!(owned, err.clone().into_violations());
        assert_eq!((&err).into_iter().count(), 7);
    }

    #[test]
    fn error_display() {
        let one = ValidationError::new(vec![Violation::new(
            ConstraintKind::Required,
            "/a",
            "first",
        )])
        .unwrap();
        assert_eq!(one.to_string(), "1 constraint violation: first");
        assert_eq!(one.violations()[0].to_string(), "first");
        let two = ValidationError::new(vec![
            Violation::new(ConstraintKind::Required, "/a", "first"),
            Violation::new(ConstraintKind::Length, "/b", "second"),
        ])
        .unwrap();
        assert_eq!(two.to_string(), "2 constraint violations: first; second");
        assert!(ValidationError::new(Vec::new()).is_none());
        let e: Box<dyn std::error::Error + Send + Sync> = Box::new(two);
        assert!(e.source().is_none());
        assert!(Validator::default().finish().is_ok());
    }

    /// A hand-written implementation, shaped like the generated ones.
    struct Item {
        name: String,
        count: Option<i32>,
    }

    impl Validate for Item {
        fn validate_at(&self, validator: &mut Validator) {
            let mark = validator.enter("name");
            validator.length(self.name.chars().count(), Some(1), None);
            validator.leave(mark);
            match self.count {
                None => {
                    let mark = validator.enter("count");
                    validator.required(false);
                    validator.leave(mark);
                }
                Some(count) => {
                    let mark = validator.enter("count");
                    validator.range(count, None, Some((10, "10")));
                    validator.leave(mark);
                }
            }
        }
    }

    #[test]
    fn validate_trait_and_wrappers() {
        let good = Item {
            name: "a".into(),
            count: Some(1),
        };
        let bad = Item {
            name: String::new(),
            count: None,
        };
        assert!(good.validate().is_ok());
        let err = bad.validate().unwrap_err();
        assert_eq!(
            err.violations()
                .iter()
                .map(Violation::path)
                .collect::<Vec<_>>(),
            ["/name", "/count"]
        );
        // Option: absent is fine; Box and & delegate; paths stay relative to the current position.
        assert!(None::<Item>.validate().is_ok());
        assert_eq!(
            Some(Item {
                name: String::new(),
                count: Some(1)
            })
            .validate()
            .unwrap_err()
            .violations()
            .len(),
            1
        );
        assert_eq!(
            Box::new(Item {
                name: "x".into(),
                count: Some(11)
            })
            .validate()
            .unwrap_err()
            .violations()
            .len(),
            1
        );
        assert!(<&Item as Validate>::validate(&&good).is_ok());
        let mut v = Validator::new();
        let items = [good, bad];
        let list = v.enter("items");
        for (i, item) in items.iter().enumerate() {
            let mark = v.enter_index(i);
            item.validate_at(&mut v);
            v.leave(mark);
        }
        v.leave(list);
        let paths: Vec<String> = v
            .finish()
            .unwrap_err()
            .into_iter()
            .map(|v| v.path().to_owned())
            .collect();
        assert_eq!(paths, ["/items/1/name", "/items/1/count"]);
    }

    #[test]
    fn types_are_thread_safe_values() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Pattern>();
        assert_send_sync::<ValidationError>();
        assert_send_sync::<Validator>();
    }
}

mod timestamp_tests {
    use jiff::Timestamp;
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    use crate::timestamp::{
        self, DateTime, EpochSeconds, HttpDate, TimestampFormat, format_date_time,
        format_epoch_seconds, format_http_date, parse_date_time, parse_epoch_seconds,
        parse_http_date,
    };

    fn ms(millis: i64) -> Timestamp {
        Timestamp::from_millisecond(millis).unwrap()
    }

    fn ns(nanos: i128) -> Timestamp {
        Timestamp::from_nanosecond(nanos).unwrap()
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Epoch {
        #[serde(with = "::serde_with::As::<EpochSeconds>")]
        at: Timestamp,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Everything {
        #[serde(with = "::serde_with::As::<EpochSeconds>")]
        epoch: Timestamp,
        #[serde(default, with = "::serde_with::As::<Option<DateTime>>")]
        date_time: Option<Timestamp>,
        #[serde(default, with = "::serde_with::As::<Option<HttpDate>>")]
        http_date: Option<Timestamp>,
        #[serde(default, with = "::serde_with::As::<Vec<EpochSeconds>>")]
        list: Vec<Timestamp>,
        #[serde(default, with = "::serde_with::As::<Vec<Option<DateTime>>>")]
        sparse: Vec<Option<Timestamp>>,
        #[serde(
            default,
            with = "::serde_with::As::<std::collections::BTreeMap<::serde_with::Same, HttpDate>>"
        )]
        map: std::collections::BTreeMap<String, Timestamp>,
    }

    fn read_epoch(json: serde_json::Value) -> Result<Timestamp, String> {
        serde_json::from_value::<Epoch>(json!({ "at": json }))
            .map(|e| e.at)
            .map_err(|e| e.to_string())
    }

    fn read_epoch_text(text: &str) -> Result<Timestamp, String> {
        serde_json::from_str::<Epoch>(&format!(r#"{{"at": {text}}}"#))
            .map(|e| e.at)
            .map_err(|e| e.to_string())
    }

    fn write_epoch(ts: Timestamp) -> String {
        serde_json::to_string(&Epoch { at: ts }).unwrap()
    }

    #[test]
    fn epoch_seconds_integers() {
        assert_eq!(
            read_epoch_text("1700000000").unwrap(),
            Timestamp::from_second(1_700_000_000).unwrap()
        );
        assert_eq!(read_epoch_text("0").unwrap(), Timestamp::UNIX_EPOCH);
        assert_eq!(
            read_epoch_text("-1").unwrap(),
            Timestamp::from_second(-1).unwrap()
        );
        assert_eq!(read_epoch_text("-0").unwrap(), Timestamp::UNIX_EPOCH);
        assert_eq!(
            write_epoch(Timestamp::from_second(1_700_000_000).unwrap()),
            r#"{"at":1700000000}"#
        );
        assert_eq!(
            write_epoch(Timestamp::from_second(-86_400).unwrap()),
            r#"{"at":-86400}"#
        );
        assert_eq!(write_epoch(Timestamp::UNIX_EPOCH), r#"{"at":0}"#);
    }

    #[test]
    fn epoch_seconds_fractions_keep_their_decimal_value() {
        assert_eq!(read_epoch_text("1.5").unwrap(), ms(1_500));
        assert_eq!(
            read_epoch_text("1700000000.123").unwrap(),
            ms(1_700_000_000_123)
        );
        assert_eq!(
            read_epoch_text("946845296.456").unwrap(),
            ms(946_845_296_456)
        );
        assert_eq!(
            read_epoch_text("1.5e9").unwrap(),
            Timestamp::from_second(1_500_000_000).unwrap()
        );
        assert_eq!(
            read_epoch_text("1.7000000001234E9").unwrap(),
            ms(1_700_000_000_123) + jiff::SignedDuration::from_nanos(400_000)
        );
        assert_eq!(
            read_epoch_text("1e0").unwrap(),
            Timestamp::from_second(1).unwrap()
        );
        assert_eq!(
            read_epoch_text("1.0").unwrap(),
            Timestamp::from_second(1).unwrap()
        );
        assert_eq!(read_epoch_text("-1.5").unwrap(), ms(-1_500));
        assert_eq!(read_epoch_text("-0.001").unwrap(), ms(-1));
        assert_eq!(write_epoch(ms(1_500)), r#"{"at":1.5}"#);
        assert_eq!(
            write_epoch(ms(1_700_000_000_123)),
            r#"{"at":1700000000.123}"#
        );
        assert_eq!(write_epoch(ms(-1_500)), r#"{"at":-1.5}"#);
        assert_eq!(write_epoch(ms(-500)), r#"{"at":-0.5}"#);
        // Below milliseconds is truncated toward the past when written.
        assert_eq!(
            write_epoch(ns(1_000_999_999)),
            r#"{"at":1.0}"#.replace("1.0", "1")
        );
        assert_eq!(write_epoch(ns(1_001_999_999)), r#"{"at":1.001}"#);
        assert_eq!(write_epoch(ns(-1)), r#"{"at":-0.001}"#);
    }

    #[test]
    fn epoch_seconds_round_trip() {
        for millis in [
            0,
            1,
            -1,
            999,
            1_500,
            -1_500,
            1_700_000_000_123,
            -1_700_000_000_123,
            253_402_207_199_999,
        ] {
            let ts = ms(millis);
            let json = write_epoch(ts);
            assert_eq!(
                read_epoch_text(&json[6..json.len() - 1]).unwrap(),
                ts,
                "{json}"
            );
            assert_eq!(parse_epoch_seconds(&format_epoch_seconds(ts)).unwrap(), ts);
        }
        for ts in [Timestamp::MIN, Timestamp::MAX] {
            let whole = Timestamp::from_second(ts.as_second()).unwrap();
            assert_eq!(
                parse_epoch_seconds(&format_epoch_seconds(whole)).unwrap(),
                whole
            );
        }
    }

    #[test]
    fn epoch_seconds_rejects_bad_input() {
        let err = read_epoch(json!("1700000000")).unwrap_err();
        assert!(
            err.contains("expected a number of seconds since the Unix epoch"),
            "{err}"
        );
        let err = read_epoch(json!(true)).unwrap_err();
        assert!(err.contains("invalid type"), "{err}");
        assert!(read_epoch(json!(null)).is_err());
        assert!(read_epoch(json!([1])).is_err());
        for huge in [
            "1e300",
            "99999999999999999999",
            "-1e20",
            "253402300800",
            "18446744073709551615",
        ] {
            let err = read_epoch_text(huge).unwrap_err();
            assert!(err.contains("outside the supported range"), "{huge}: {err}");
        }
        // NaN never comes out of JSON, but other formats can produce it.
        use serde::de::IntoDeserializer;
        use serde_with::DeserializeAs;
        let nan: serde::de::value::F64Deserializer<serde::de::value::Error> =
            f64::NAN.into_deserializer();
        let err = <EpochSeconds as DeserializeAs<Timestamp>>::deserialize_as(nan).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid epoch-seconds timestamp: NaN is not a finite number of seconds"
        );
        let inf: serde::de::value::F64Deserializer<serde::de::value::Error> =
            f64::INFINITY.into_deserializer();
        assert!(<EpochSeconds as DeserializeAs<Timestamp>>::deserialize_as(inf).is_err());
        let big: serde::de::value::I128Deserializer<serde::de::value::Error> =
            i128::MAX.into_deserializer();
        assert!(<EpochSeconds as DeserializeAs<Timestamp>>::deserialize_as(big).is_err());
        let ok: serde::de::value::U128Deserializer<serde::de::value::Error> =
            5_u128.into_deserializer();
        assert_eq!(
            <EpochSeconds as DeserializeAs<Timestamp>>::deserialize_as(ok).unwrap(),
            Timestamp::from_second(5).unwrap()
        );
    }

    #[test]
    fn epoch_seconds_text() {
        assert_eq!(
            format_epoch_seconds(Timestamp::from_second(1_700_000_000).unwrap()),
            "1700000000"
        );
        assert_eq!(format_epoch_seconds(ms(1_700_000_000_120)), "1700000000.12");
        assert_eq!(format_epoch_seconds(ms(-500)), "-0.5");
        assert_eq!(format_epoch_seconds(ms(-1_001)), "-1.001");
        assert_eq!(format_epoch_seconds(ns(-1)), "-0.001");
        assert_eq!(
            parse_epoch_seconds("1700000000.123").unwrap(),
            ms(1_700_000_000_123)
        );
        assert_eq!(
            parse_epoch_seconds("1.123456789").unwrap(),
            ns(1_123_456_789)
        );
        // Past nanoseconds: toward the past.
        assert_eq!(
            parse_epoch_seconds("1.1234567899").unwrap(),
            ns(1_123_456_789)
        );
        assert_eq!(
            parse_epoch_seconds("-1.0000000001").unwrap(),
            ns(-1_000_000_001)
        );
        assert_eq!(parse_epoch_seconds("0.0000000000001e5").unwrap(), ns(10));
        assert_eq!(
            parse_epoch_seconds("000001").unwrap(),
            Timestamp::from_second(1).unwrap()
        );
        assert_eq!(
            parse_epoch_seconds("1e-999999999999").unwrap(),
            Timestamp::UNIX_EPOCH
        );
        assert_eq!(
            parse_epoch_seconds("0e999999999999").unwrap(),
            Timestamp::UNIX_EPOCH
        );
        for bad in [
            "", "-", "+1", " 1", "1 ", "1.", ".5", "1e", "1e+", "0x10", "NaN", "inf", "1,5",
            "1.5.5", "--1",
        ] {
            let err = parse_epoch_seconds(bad).unwrap_err();
            assert_eq!(err.format(), TimestampFormat::EpochSeconds);
            assert_eq!(
                err.to_string(),
                format!("invalid epoch-seconds timestamp: {bad:?} is not a number of seconds")
            );
        }
        let err = parse_epoch_seconds("1e999999999999").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid epoch-seconds timestamp: \"1e999999999999\" is outside the supported range of years -9999 to 9999"
        );
        let long = "9".repeat(100);
        assert!(
            parse_epoch_seconds(&long)
                .unwrap_err()
                .to_string()
                .contains("the input is outside")
        );
    }

    #[test]
    fn date_time() {
        let parsed = parse_date_time("1985-04-12T23:20:50.52Z").unwrap();
        assert_eq!(parsed.as_millisecond(), 482_196_050_520);
        assert_eq!(format_date_time(parsed).unwrap(), "1985-04-12T23:20:50.52Z");
        assert_eq!(
            format_date_time(Timestamp::from_second(0).unwrap()).unwrap(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            format_date_time(ms(946_845_296_123)).unwrap(),
            "2000-01-02T20:34:56.123Z"
        );
        assert_eq!(
            format_date_time(ms(946_845_296_100)).unwrap(),
            "2000-01-02T20:34:56.1Z"
        );
        assert_eq!(
            format_date_time(ns(946_845_296_123_999_999)).unwrap(),
            "2000-01-02T20:34:56.123Z"
        );
        assert_eq!(
            format_date_time(ms(-1)).unwrap(),
            "1969-12-31T23:59:59.999Z"
        );
        // Offsets are applied; lowercase separators are RFC 3339 too.
        assert_eq!(
            parse_date_time("2019-12-16T22:48:18-01:00").unwrap(),
            parse_date_time("2019-12-16T23:48:18Z").unwrap()
        );
        assert_eq!(
            parse_date_time("2019-12-17T00:48:18+01:00").unwrap(),
            parse_date_time("2019-12-16T23:48:18Z").unwrap()
        );
        assert_eq!(
            parse_date_time("2019-12-16t23:48:18z").unwrap(),
            parse_date_time("2019-12-16T23:48:18Z").unwrap()
        );
        assert_eq!(
            parse_date_time("2019-12-16T23:48:18-00:00").unwrap(),
            parse_date_time("2019-12-16T23:48:18Z").unwrap()
        );
        assert_eq!(
            parse_date_time("2000-01-02T20:34:56.123456789Z").unwrap(),
            ns(946_845_296_123_456_789)
        );
        assert_eq!(
            parse_date_time("2000-01-02T20:34:56.1234567891Z").unwrap(),
            ns(946_845_296_123_456_789)
        );
        assert_eq!(
            parse_date_time("0000-01-01T00:00:00Z").unwrap().as_second(),
            -62_167_219_200
        );
        assert_eq!(
            format_date_time(parse_date_time("0000-01-01T00:00:00Z").unwrap()).unwrap(),
            "0000-01-01T00:00:00Z"
        );
        // A leap second is the last instant before the next minute.
        assert_eq!(
            parse_date_time("2016-12-31T23:59:60Z").unwrap(),
            ns(1_483_228_800_000_000_000 - 1)
        );
        for bad in [
            "",
            "1985-04-12",
            "1985-04-12T23:20:50",
            "1985-04-12 23:20:50Z",
            "1985-04-12T23:20Z",
            "1985-4-12T23:20:50Z",
            "85-04-12T23:20:50Z",
            "1985-04-12T23:20:50.Z",
            "1985-04-12T23:20:50+0100",
            "1985-04-12T23:20:50+24:00",
            "1985-04-12T23:20:50Zjunk",
            "1985-02-30T00:00:00Z",
            "1985-13-01T00:00:00Z",
            "1985-04-12T24:00:00Z",
            "1985-04-12T23:60:00Z",
            "1985-04-12T23:20:61Z",
            "+1985-04-12T23:20:50Z",
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "1985-04-12T23:20:50.52Z\u{0}",
        ] {
            let err = parse_date_time(bad).unwrap_err();
            assert_eq!(err.format(), TimestampFormat::DateTime, "{bad}");
            assert!(
                err.to_string().starts_with("invalid date-time timestamp: "),
                "{err}"
            );
            assert!(
                err.to_string().contains("is not an RFC 3339 date-time"),
                "{err}"
            );
        }
        assert!(
            parse_date_time("9999-12-31T23:59:59Z")
                .unwrap_err()
                .to_string()
                .contains("outside the supported range")
        );
        let err = format_date_time(Timestamp::MIN).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid date-time timestamp: the year -9999 cannot be written in RFC 3339"
        );
    }

    #[test]
    fn http_date() {
        let parsed = parse_http_date("Tue, 29 Apr 2014 18:30:38 GMT").unwrap();
        assert_eq!(parsed.as_second(), 1_398_796_238);
        assert_eq!(
            format_http_date(parsed).unwrap(),
            "Tue, 29 Apr 2014 18:30:38 GMT"
        );
        assert_eq!(
            format_http_date(Timestamp::UNIX_EPOCH).unwrap(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(
            format_http_date(ms(-1)).unwrap(),
            "Wed, 31 Dec 1969 23:59:59 GMT"
        );
        // Fractional seconds are read (RestJsonHttpDateWithFractionalSeconds) but not written.
        let fractional = parse_http_date("Sun, 02 Jan 2000 20:34:56.456 GMT").unwrap();
        assert_eq!(fractional, ms(946_845_296_456));
        assert_eq!(
            format_http_date(fractional).unwrap(),
            "Sun, 02 Jan 2000 20:34:56 GMT"
        );
        assert_eq!(
            parse_http_date("Sun, 02 Jan 2000 20:34:56.000 GMT").unwrap(),
            ms(946_845_296_000)
        );
        for (i, day) in ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
            .iter()
            .enumerate()
        {
            let ts = Timestamp::from_second(i as i64 * 86_400 + 3 * 86_400).unwrap();
            let text = format_http_date(ts).unwrap();
            assert!(text.starts_with(day), "{text}");
            assert_eq!(parse_http_date(&text).unwrap(), ts);
        }
        for (i, month) in [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        .iter()
        .enumerate()
        {
            let ts = parse_date_time(&format!("2021-{:02}-15T12:00:00Z", i + 1)).unwrap();
            let text = format_http_date(ts).unwrap();
            assert!(text.contains(&format!(" 15 {month} 2021 ")), "{text}");
            assert_eq!(parse_http_date(&text).unwrap(), ts);
        }
        let err = parse_http_date("Mon, 29 Apr 2014 18:30:38 GMT").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid http-date timestamp: \"Mon, 29 Apr 2014 18:30:38 GMT\" names the wrong day of the week: 2014-04-29 is a Tue"
        );
        for bad in [
            "",
            "Tue, 29 Apr 2014 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Tue, 29 Apr 2014 18:30:38 +0000",
            "tue, 29 Apr 2014 18:30:38 GMT",
            "Tue, 29 apr 2014 18:30:38 GMT",
            "Tue, 9 Apr 2014 18:30:38 GMT",
            "Tue,29 Apr 2014 18:30:38 GMT",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 18:30:38. GMT",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            "2014-04-29T18:30:38Z",
        ] {
            let err = parse_http_date(bad).unwrap_err();
            assert_eq!(err.format(), TimestampFormat::HttpDate);
            assert!(
                err.to_string().contains("is not an IMF-fixdate"),
                "{bad}: {err}"
            );
        }
        assert!(format_http_date(Timestamp::MIN).is_err());
        assert_eq!(
            format_http_date(Timestamp::MAX).unwrap(),
            "Thu, 30 Dec 9999 22:00:00 GMT"
        );
    }

    #[test]
    fn composed_adapters_through_serde_json() {
        let value = Everything {
            epoch: ms(1_500),
            date_time: Some(ms(482_196_050_520)),
            http_date: Some(Timestamp::from_second(1_398_796_238).unwrap()),
            list: vec![Timestamp::from_second(1).unwrap(), ms(2_250)],
            sparse: vec![None, Some(Timestamp::UNIX_EPOCH)],
            map: [(
                "k".to_owned(),
                Timestamp::from_second(1_398_796_238).unwrap(),
            )]
            .into(),
        };
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(
            json,
            json!({
                "epoch": 1.5,
                "date_time": "1985-04-12T23:20:50.52Z",
                "http_date": "Tue, 29 Apr 2014 18:30:38 GMT",
                "list": [1, 2.25],
                "sparse": [null, "1970-01-01T00:00:00Z"],
                "map": {"k": "Tue, 29 Apr 2014 18:30:38 GMT"},
            })
        );
        assert_eq!(serde_json::from_value::<Everything>(json).unwrap(), value);
        let minimal: Everything =
            serde_json::from_str(r#"{"epoch": 0, "date_time": null}"#).unwrap();
        assert_eq!(minimal.date_time, None);
        assert!(minimal.list.is_empty());
        let err =
            serde_json::from_str::<Everything>(r#"{"epoch": 0, "date_time": 5}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("expected an RFC 3339 date-time string"),
            "{err}"
        );
        let err = serde_json::from_str::<Everything>(r#"{"epoch": 0, "http_date": "yesterday"}"#)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("invalid http-date timestamp: \"yesterday\" is not an IMF-fixdate"),
            "{err}"
        );
        let err =
            serde_json::from_str::<Everything>(r#"{"epoch": 0, "list": [1, "2"]}"#).unwrap_err();
        assert!(
            err.to_string().contains("invalid type: string \"2\""),
            "{err}"
        );
        // Writing a timestamp the format cannot hold is an error, not a panic.
        let unwritable = Everything {
            date_time: Some(Timestamp::MIN),
            ..minimal
        };
        assert!(
            serde_json::to_string(&unwritable)
                .unwrap_err()
                .to_string()
                .contains("cannot be written in RFC 3339")
        );
    }

    #[test]
    fn formats_and_errors_describe_themselves() {
        assert_eq!(TimestampFormat::EpochSeconds.to_string(), "epoch-seconds");
        assert_eq!(TimestampFormat::DateTime.as_str(), "date-time");
        assert_eq!(TimestampFormat::HttpDate.to_string(), "http-date");
        let err: Box<dyn std::error::Error + Send + Sync> =
            Box::new(timestamp::parse_http_date("x").unwrap_err());
        assert!(err.to_string().starts_with("invalid http-date timestamp"));
    }
}

/// Lenient reads (clients, and any plain `serde_json` read) correct errors; strict reads
/// (servers, through `wire::Strict`) reject them, however deep the value sits.
mod mode_tests {
    use std::collections::HashMap;

    use jiff::Timestamp;
    use serde::Deserialize;

    use crate::support::blob::{self, Base64};
    use crate::support::wire::{DenseList, DenseMap, Mode, from_json};
    use crate::timestamp::{DateTime, parse_date_time, parse_date_time_strict};

    #[derive(Debug, PartialEq, Deserialize)]
    struct Body {
        #[serde(default, with = "::serde_with::As::<DenseList>")]
        list: Vec<String>,
        #[serde(default, with = "::serde_with::As::<DenseMap>")]
        map: HashMap<String, i32>,
        #[serde(default, with = "::serde_with::As::<Option<DateTime>>")]
        at: Option<Timestamp>,
        #[serde(default, with = "::serde_with::As::<Option<Base64>>")]
        blob: Option<Vec<u8>>,
        #[serde(default)]
        nested: Vec<Body>,
    }

    fn read(json: &str, mode: Mode) -> Result<Body, String> {
        from_json::<Body>(json, mode).map_err(|e| e.to_string())
    }

    #[test]
    fn nulls_in_dense_collections() {
        let json = r#"{"list": ["a", null, "b"], "map": {"x": 1, "y": null}}"#;
        let lenient = read(json, Mode::Lenient).unwrap();
        assert_eq!(lenient.list, ["a", "b"]);
        assert_eq!(lenient.map, HashMap::from([("x".to_owned(), 1)]));
        let err = read(r#"{"list": ["a", null]}"#, Mode::Strict).unwrap_err();
        assert!(
            err.contains("null item in a list that is not sparse"),
            "{err}"
        );
        let err = read(r#"{"map": {"y": null}}"#, Mode::Strict).unwrap_err();
        assert!(
            err.contains("null value in a map that is not sparse"),
            "{err}"
        );
        // Nested values are read in the mode of the whole.
        let nested = r#"{"nested": [{"nested": [{"list": [null]}]}]}"#;
        assert!(read(nested, Mode::Lenient).is_ok());
        assert!(read(nested, Mode::Strict).is_err());
        // What is valid reads the same either way.
        let valid = r#"{"list": ["a"], "map": {"x": 1}, "at": "1985-04-12T23:20:50.52Z", "blob": "YmxvYg=="}"#;
        assert_eq!(read(valid, Mode::Strict), read(valid, Mode::Lenient));
        // A plain serde_json read is lenient.
        assert!(serde_json::from_str::<Body>(r#"{"list": [null]}"#).is_ok());
    }

    /// A structure as the generator emits one: `ReadMembers` with a `MEMBERS` list.
    #[derive(Debug, Default, PartialEq)]
    struct Thing {
        id: String,
        label: String,
        size: i32,
        child: Option<Box<Thing>>,
        list: Vec<Thing>,
        map: HashMap<String, Thing>,
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::support::wire::deserialize_struct(deserializer)
        }
    }

    impl crate::support::wire::ReadMembers for Thing {
        const NAME: &'static str = "Thing";
        // `id` required; `label` required and sent as `Label`; `child` sent as `Child`.
        const MEMBERS: &'static [&'static str] = &["id", "label=Label", "?child=Child"];
        fn read_member<'de, A: serde::de::MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error> {
            use crate::support::wire::or_default;
            match key {
                "id" => self.id = or_default(map)?,
                "Label" => self.label = or_default(map)?,
                "size" => self.size = map.next_value()?,
                "Child" => self.child = map.next_value()?,
                "list" => self.list = map.next_value()?,
                "map" => self.map = map.next_value()?,
                _ => return Ok(false),
            }
            Ok(true)
        }
    }

    #[test]
    fn strict_reads_find_missing_required_members_at_any_depth() {
        use crate::support::wire::from_json_strict;
        let missing = |json: &str| from_json_strict::<Thing>(json).unwrap().1;
        assert!(missing(r#"{"id": "a", "Label": "b"}"#).is_empty());
        // Absent, or `null`, which is as good as absent; a key sent twice: its last value.
        assert_eq!(missing(r#"{"Label": null, "size": 1}"#), ["/id", "/label"]);
        assert_eq!(missing(r#"{"id": "a", "Label": "b", "id": null}"#), ["/id"]);
        assert!(missing(r#"{"id": null, "Label": "b", "id": "a"}"#).is_empty());
        // Member names, list indices and map keys (escaped), however deep; a structure's own
        // when it ends.
        let json = r#"{"id": "a", "Label": "b",
            "Child": {"id": "c", "list": [{"id": "d", "Label": "e"}, {"Label": "f", "map": {"a/b~": {"id": "g"}}}]},
            "map": {"k\"": {}}}"#;
        assert_eq!(
            missing(json),
            [
                "/child/list/1/map/a~1b~0/label",
                "/child/list/1/id",
                "/child/label",
                "/map/k\"/id",
                "/map/k\"/label",
            ]
        );
        // The value is what a lenient read gives: zero values where members are missing.
        let (strict, _) = from_json_strict::<Thing>(json).unwrap();
        assert_eq!(strict, serde_json::from_str::<Thing>(json).unwrap());
        assert_eq!(strict.child.unwrap().list[1].id, "");
        // A `null` inside a required member's value is not the member's own.
        assert!(
            missing(
                r#"{"id": "a", "Label": "b", "Child": {"id": "x", "Label": "y", "Child": null}}"#
            )
            .is_empty()
        );
        // Structures derived by serde pass their own field names: nothing to report.
        assert!(
            from_json_strict::<Body>(r#"{"nested": [{}]}"#)
                .unwrap()
                .1
                .is_empty()
        );
    }

    #[test]
    fn date_time_offsets() {
        let json = r#"{"at": "1996-12-19T16:39:57-08:00"}"#;
        assert_eq!(
            read(json, Mode::Lenient).unwrap().at,
            Some("1996-12-20T00:39:57Z".parse().unwrap())
        );
        let err = read(json, Mode::Strict).unwrap_err();
        assert!(
            err.contains("has a UTC offset; only Z is accepted"),
            "{err}"
        );
        assert!(parse_date_time("1996-12-19T16:39:57+00:00").is_ok());
        assert!(parse_date_time_strict("1996-12-19T16:39:57+00:00").is_err());
        assert!(parse_date_time_strict("1996-12-19T16:39:57.5z").is_ok());
    }

    #[test]
    fn base64_padding() {
        for short in ["YmxvYg=", "YmxvYg"] {
            assert_eq!(blob::decode(short, Mode::Lenient).unwrap(), b"blob");
            assert!(blob::decode(short, Mode::Strict).is_err(), "{short}");
            let json = format!(r#"{{"blob": "{short}"}}"#);
            assert!(read(&json, Mode::Lenient).is_ok());
            assert!(read(&json, Mode::Strict).is_err());
        }
        for bad in ["xyz", "[][]", "-_=="] {
            assert!(blob::decode(bad, Mode::Lenient).is_err(), "{bad}");
            assert!(blob::decode(bad, Mode::Strict).is_err(), "{bad}");
        }
        assert_eq!(blob::encode(b"blob"), "YmxvYg==");
        assert_eq!(
            blob::decode_string("dHJ1ZQ==", Mode::Strict).unwrap(),
            "true"
        );
        assert!(blob::decode_string("/w==", Mode::Strict).is_err());
    }
}

/// The router of generated servers: specificity, methods, trailing slashes.
mod router_tests {
    use crate::support::router::{Route, Routed, Router};

    fn router(routes: &[(&'static str, &'static str)]) -> Router<usize> {
        let routes: Vec<Route<usize>> = routes
            .iter()
            .enumerate()
            .map(|(value, (method, uri))| Route { method, uri, value })
            .collect();
        Router::new(&routes)
    }

    fn found(router: &Router<usize>, method: &str, target: &str) -> Option<usize> {
        let (path, query) = target
            .split_once('?')
            .map_or((target, None), |(p, q)| (p, Some(q)));
        match router.route(method, path, query) {
            Routed::Found(value) => Some(value),
            _ => None,
        }
    }

    #[test]
    fn paths_split_alike_at_every_offset() {
        // The router splits eight bytes at a time: slashes and `%` at each offset of a word,
        // literals of every length, encoded or not.
        for len in 1..=20 {
            let literal: &'static str = Box::leak("abcdefghijklmnopqrstu"[..len].to_owned().into());
            let uri: &'static str = Box::leak(format!("/x/{literal}/{{id}}").into_boxed_str());
            let r = router(&[("GET", uri)]);
            assert_eq!(
                found(&r, "GET", &format!("/x/{literal}/v")),
                Some(0),
                "{uri}"
            );
            let encoded = format!("%{:02X}{}", literal.as_bytes()[0], &literal[1..]);
            assert_eq!(
                found(&r, "GET", &format!("/x/{encoded}/v%20w")),
                Some(0),
                "{uri}"
            );
            assert_eq!(found(&r, "GET", &format!("/x/{literal}/")), None, "{uri}");
            assert_eq!(found(&r, "GET", &format!("/x/{literal}z/v")), None, "{uri}");
            assert_eq!(
                found(&r, "GET", &format!("/x/{literal}/v/w")),
                None,
                "{uri}"
            );
        }
        // Past the segments routing keeps on the stack.
        let r = router(&[("GET", "/a/{key+}")]);
        for n in 14..20 {
            let path = format!("/a{}", "/s%2F".repeat(n));
            assert_eq!(found(&r, "GET", &path), Some(0), "{path}");
        }
    }

    #[test]
    fn a_pattern_ending_with_a_slash_matches_with_and_without_it() {
        let r = router(&[
            ("POST", "/agents/"),
            ("GET", "/agents/{id}/"),
            ("GET", "/agents/{id}/versions/{v}/"),
        ]);
        for (method, target, expected) in [
            ("POST", "/agents/", Some(0)),
            ("POST", "/agents", Some(0)),
            ("GET", "/agents/a1/", Some(1)),
            ("GET", "/agents/a1", Some(1)),
            ("GET", "/agents/a1/versions/2/", Some(2)),
            ("GET", "/agents/a1/versions/2", Some(2)),
            // One trailing slash only, and no empty label.
            ("POST", "/agents//", None),
            ("GET", "/agents/a1//", None),
            ("GET", "/agents//", None),
            ("GET", "/agents/a1/versions/", None),
        ] {
            assert_eq!(found(&r, method, target), expected, "{method} {target}");
        }
    }

    #[test]
    fn a_pattern_without_a_trailing_slash_does_not_match_one() {
        let r = router(&[("GET", "/books"), ("GET", "/books/{id}"), ("GET", "/")]);
        assert_eq!(found(&r, "GET", "/books"), Some(0));
        assert_eq!(found(&r, "GET", "/books/"), None);
        assert_eq!(found(&r, "GET", "/books/b1"), Some(1));
        assert_eq!(found(&r, "GET", "/books/b1/"), None);
        assert_eq!(found(&r, "GET", "/"), Some(2));
        assert_eq!(found(&r, "GET", "//"), None);
    }

    #[test]
    fn patterns_of_both_kinds_at_one_node_keep_their_own_rule() {
        // `GET /items` and `POST /items/` end at the same node of the tree.
        let r = router(&[("GET", "/items"), ("POST", "/items/")]);
        assert_eq!(found(&r, "GET", "/items"), Some(0));
        assert_eq!(found(&r, "POST", "/items"), Some(1));
        assert_eq!(found(&r, "POST", "/items/"), Some(1));
        assert_eq!(found(&r, "GET", "/items/"), None);
        // The path `/items/` is the POST route's only: a 405 naming POST alone.
        assert_eq!(
            r.route("GET", "/items/", None),
            Routed::MethodNotAllowed(vec!["POST"])
        );
        assert_eq!(
            r.route("PUT", "/items", None),
            Routed::MethodNotAllowed(vec!["GET", "POST"])
        );
    }

    #[test]
    fn greedy_labels_and_trailing_slashes() {
        let r = router(&[
            ("GET", "/files/{key+}"),
            ("GET", "/dirs/{key+}/"),
            ("GET", "/mid/{key+}/end/"),
            ("GET", "/strict/{key+}/end"),
        ]);
        for (target, expected) in [
            // A greedy label at the end takes the trailing slash into its value.
            ("/files/a/b", Some(0)),
            ("/files/a/b/", Some(0)),
            ("/files/", None),
            ("/files//", None),
            ("/dirs/a/b/", Some(1)),
            ("/dirs/a/b", Some(1)),
            ("/dirs/", None),
            ("/mid/a/b/end/", Some(2)),
            ("/mid/a/b/end", Some(2)),
            ("/mid/end/end/", Some(2)),
            ("/mid/a/end//", None),
            ("/strict/a/b/end", Some(3)),
            ("/strict/a/b/end/", None),
        ] {
            assert_eq!(found(&r, "GET", target), expected, "{target}");
        }
    }

    #[test]
    fn specificity_is_unchanged_by_a_trailing_slash() {
        let r = router(&[
            ("GET", "/a/{x}"),
            ("GET", "/a/{rest+}"),
            ("GET", "/a/b/"),
            ("GET", "/c/{x}/"),
            ("GET", "/c/{rest+}"),
        ]);
        // The label's pattern has no trailing slash: the greedy label takes `v/`.
        assert_eq!(found(&r, "GET", "/a/v/"), Some(1));
        assert_eq!(found(&r, "GET", "/a/v"), Some(0));
        // A literal beats a label and a greedy label, with its slash or without.
        assert_eq!(found(&r, "GET", "/a/b/"), Some(2));
        assert_eq!(found(&r, "GET", "/a/b"), Some(2));
        // A label beats a greedy label, with the pattern's slash or without.
        assert_eq!(found(&r, "GET", "/c/v/"), Some(3));
        assert_eq!(found(&r, "GET", "/c/v"), Some(3));
        assert_eq!(found(&r, "GET", "/c/v/w/"), Some(4));
    }

    #[test]
    fn query_literals_with_a_trailing_slash() {
        let r = router(&[
            ("GET", "/jobs/?type=batch"),
            ("GET", "/jobs/"),
            ("GET", "/runs?type=batch"),
        ]);
        assert_eq!(found(&r, "GET", "/jobs/?type=batch"), Some(0));
        assert_eq!(found(&r, "GET", "/jobs?type=batch"), Some(0));
        assert_eq!(found(&r, "GET", "/jobs/?type=other"), Some(1));
        assert_eq!(found(&r, "GET", "/jobs"), Some(1));
        assert_eq!(found(&r, "GET", "/runs?type=batch"), Some(2));
        assert_eq!(found(&r, "GET", "/runs/?type=batch"), None);
    }

    #[test]
    fn a_long_path_with_a_trailing_slash() {
        // More segments than fit on the stack.
        let r = router(&[(
            "GET",
            "/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/",
        )]);
        let path = "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16";
        assert_eq!(found(&r, "GET", path), Some(0));
        assert_eq!(found(&r, "GET", &format!("{path}/")), Some(0));
        assert_eq!(found(&r, "GET", &format!("{path}//")), None);
    }
}

/// `match_path`, which reads an operation's labels and agrees with the router.
mod match_path_tests {
    use crate::http::{match_labels, match_path};

    /// The labels a path gives, `None` when it does not match the pattern; `match_labels`
    /// (what `parse_request` calls) gives the same.
    fn labels(path: &str, segments: &[&str]) -> Option<Result<Vec<String>, String>> {
        fn vec<const N: usize>(
            labels: Option<Result<[String; N], String>>,
        ) -> Option<Result<Vec<String>, String>> {
            labels.map(|labels| labels.map(Vec::from))
        }
        let found = match_path(path, segments);
        let count = segments.iter().filter(|s| s.starts_with('{')).count();
        let array = match count {
            0 => vec(match_labels::<0>(path, segments)),
            1 => vec(match_labels::<1>(path, segments)),
            2 => vec(match_labels::<2>(path, segments)),
            _ => unreachable!("no pattern here has more labels"),
        };
        assert_eq!(array, found, "{path} {segments:?}");
        found
    }

    fn ok(values: &[&str]) -> Option<Result<Vec<String>, String>> {
        Some(Ok(values.iter().map(|v| (*v).to_owned()).collect()))
    }

    #[test]
    fn a_pattern_ending_with_a_slash_matches_with_and_without_it() {
        // `/agents/`, `/a/{x}/`, `/a/{x}/b/{y}/`.
        assert_eq!(labels("/agents/", &["agents", ""]), ok(&[]));
        assert_eq!(labels("/agents", &["agents", ""]), ok(&[]));
        assert_eq!(labels("/agents//", &["agents", ""]), None);
        assert_eq!(labels("/a/v/", &["a", "{x}", ""]), ok(&["v"]));
        assert_eq!(labels("/a/v", &["a", "{x}", ""]), ok(&["v"]));
        assert_eq!(labels("/a/v//", &["a", "{x}", ""]), None);
        assert_eq!(labels("/a//", &["a", "{x}", ""]), None);
        assert_eq!(labels("/a/", &["a", "{x}", ""]), None);
        assert_eq!(
            labels("/a/v%20w/b/2/", &["a", "{x}", "b", "{y}", ""]),
            ok(&["v w", "2"])
        );
        assert_eq!(labels("/a/v/b/", &["a", "{x}", "b", "{y}", ""]), None);
    }

    #[test]
    fn a_pattern_without_a_trailing_slash_does_not_match_one() {
        assert_eq!(labels("/books", &["books"]), ok(&[]));
        assert_eq!(labels("/books/", &["books"]), None);
        assert_eq!(labels("/books/b1", &["books", "{id}"]), ok(&["b1"]));
        assert_eq!(labels("/books/b1/", &["books", "{id}"]), None);
        assert_eq!(labels("/books/b1/x", &["books", "{id}"]), None);
        assert_eq!(labels("/", &[]), ok(&[]));
        assert_eq!(labels("//", &[]), None);
        assert_eq!(labels("/books", &[]), None);
        assert_eq!(labels("books", &["books"]), None);
    }

    #[test]
    fn greedy_labels_and_trailing_slashes() {
        // A greedy label at the end of a pattern without a trailing slash takes the slash.
        assert_eq!(labels("/files/a/b", &["files", "{key+}"]), ok(&["a/b"]));
        assert_eq!(labels("/files/a/b/", &["files", "{key+}"]), ok(&["a/b/"]));
        assert_eq!(labels("/files/a%2Fb", &["files", "{key+}"]), ok(&["a/b"]));
        assert_eq!(labels("/files/", &["files", "{key+}"]), None);
        assert_eq!(labels("/files//", &["files", "{key+}"]), None);
        // The pattern's own trailing slash is not the label's.
        assert_eq!(labels("/dirs/a/b/", &["dirs", "{key+}", ""]), ok(&["a/b"]));
        assert_eq!(labels("/dirs/a/b", &["dirs", "{key+}", ""]), ok(&["a/b"]));
        assert_eq!(
            labels("/dirs/a/b//", &["dirs", "{key+}", ""]),
            ok(&["a/b/"])
        );
        assert_eq!(labels("/dirs/", &["dirs", "{key+}", ""]), None);
        // In the middle, it takes what the segments after it leave.
        let mid = ["mid", "{key+}", "end", "{x}", ""];
        assert_eq!(labels("/mid/a/b/end/1/", &mid), ok(&["a/b", "1"]));
        assert_eq!(labels("/mid/a/b/end/1", &mid), ok(&["a/b", "1"]));
        assert_eq!(labels("/mid/end/end/1/", &mid), ok(&["end", "1"]));
        assert_eq!(labels("/mid/end/1/", &mid), None);
        assert_eq!(labels("/mid/a/end/1//", &mid), None);
        let strict = ["strict", "{key+}", "end"];
        assert_eq!(labels("/strict/a/b/end", &strict), ok(&["a/b"]));
        assert_eq!(labels("/strict/a/b/end/", &strict), None);
        assert_eq!(labels("/strict//end", &strict), None);
    }

    #[test]
    fn literals_may_be_percent_encoded_as_the_router_takes_them() {
        assert_eq!(labels("/abc/%62cd/x", &["abc", "bcd", "{x}"]), ok(&["x"]));
        assert_eq!(labels("/abc/%62cd/", &["abc", "bcd", ""]), ok(&[]));
        assert_eq!(labels("/abc/bce/x", &["abc", "bcd", "{x}"]), None);
    }

    #[test]
    fn a_label_that_does_not_decode_is_an_error_once_the_path_matches() {
        assert_eq!(
            labels("/a/%FF/", &["a", "{x}", ""]),
            Some(Err("label x is not valid percent-encoded UTF-8".to_owned()))
        );
        assert_eq!(
            labels("/a/%FF/b", &["a", "{key+}"]),
            Some(Err(
                "label key+ is not valid percent-encoded UTF-8".to_owned()
            ))
        );
        // Not the pattern's path: not found, whatever the label holds.
        assert_eq!(labels("/a/%FF/other", &["a", "{x}", "b"]), None);
    }
}

mod endpoint_tests {
    use crate::support::endpoint::{
        EndpointError, RuleSet, is_valid_host_label, is_virtual_hostable_s3_bucket, parse_arn,
        parse_url, partition, substring, uri_encode,
    };
    use serde_json::{Map, Value, json};

    #[test]
    fn substring_counts_from_either_end_and_refuses_what_it_cannot_cut() {
        assert_eq!(substring("abcdef", 0, 3, false), Some("abc"));
        assert_eq!(substring("abcdef", 0, 3, true), Some("def"));
        assert_eq!(substring("abc", 1, 4, false), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("ab\u{e9}cd", 0, 2, false), None);
    }

    #[test]
    fn uri_encode_keeps_only_unreserved_characters() {
        assert_eq!(uri_encode("a b/c~-_.é"), "a%20b%2Fc~-_.%C3%A9");
    }

    #[test]
    fn parse_url_splits_http_urls_and_refuses_the_rest() {
        let url = parse_url("https://127.0.0.1:8443/a/b").expect("an URL");
        assert_eq!(url["authority"], "127.0.0.1:8443");
        assert_eq!(url["path"], "/a/b");
        assert_eq!(url["normalizedPath"], "/a/b/");
        assert_eq!(url["isIp"], true);
        let host = parse_url("http://example.com").expect("an URL");
        assert_eq!(host["path"], "");
        assert_eq!(host["normalizedPath"], "/");
        assert_eq!(host["isIp"], false);
        assert_eq!(parse_url("https://example.com/?q=1"), None);
        assert_eq!(parse_url("ftp://example.com"), None);
    }

    #[test]
    fn host_labels_and_bucket_names() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(!is_valid_host_label("-leading", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label(&"x".repeat(64), false));
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("192.168.1.1", true));
        assert!(is_virtual_hostable_s3_bucket("a.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("a.bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
    }

    #[test]
    fn arns_split_their_resource() {
        let arn = parse_arn("arn:aws:s3:us-east-1:123456789012:accesspoint/name").expect("an ARN");
        assert_eq!(arn["partition"], "aws");
        assert_eq!(arn["accountId"], "123456789012");
        assert_eq!(arn["resourceId"], json!(["accesspoint", "name"]));
        assert_eq!(parse_arn("arn:aws::us-east-1:1:thing"), None);
        assert_eq!(parse_arn("arn:aws:s3"), None);
        assert_eq!(parse_arn("nope:aws:s3:r:a:x"), None);
    }

    #[test]
    fn partitions_resolve_known_regions_and_patterns() {
        let east = partition("us-east-1").expect("a partition");
        assert_eq!(east["name"], "aws");
        assert_eq!(east["dnsSuffix"], "amazonaws.com");
        let china = partition("cn-north-9").expect("matched by the region pattern");
        assert_eq!(china["name"], "aws-cn");
    }

    /// A rule set with a tree that falls through to an error, and a template with a reference.
    fn rule_set() -> RuleSet {
        RuleSet::parse(&json!({
            "version": "1.0",
            "parameters": {
                "Region": {"type": "String", "required": true},
                "UseFips": {"type": "Boolean", "required": true, "default": false}
            },
            "rules": [
                {
                    "type": "tree",
                    "conditions": [
                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "p"}
                    ],
                    "rules": [
                        {
                            "type": "endpoint",
                            "conditions": [{"fn": "booleanEquals", "argv": [{"ref": "UseFips"}, true]}],
                            "endpoint": {"url": "https://fips.{Region}.{p#dnsSuffix}"}
                        },
                        {
                            "type": "endpoint",
                            "conditions": [],
                            "endpoint": {"url": "https://svc.{Region}.{p#dnsSuffix}", "headers": {"x-a": ["1"]}}
                        }
                    ]
                },
                {"type": "error", "conditions": [], "error": "no partition"}
            ]
        }))
        .expect("a rule set")
    }

    fn params(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn rules_resolve_templates_defaults_and_required_parameters() {
        let rules = rule_set();
        let e = rules
            .resolve(&params(json!({"Region": "eu-west-1"})))
            .expect("resolved");
        assert_eq!(e.url, "https://svc.eu-west-1.amazonaws.com");
        assert_eq!(e.headers["x-a"], vec!["1".to_owned()]);
        let fips = rules
            .resolve(&params(json!({"Region": "us-east-1", "UseFips": true})))
            .expect("resolved");
        assert_eq!(fips.url, "https://fips.us-east-1.amazonaws.com");
        assert!(matches!(
            rules.resolve(&Map::new()),
            Err(EndpointError::MissingParameter(_))
        ));
    }
}
