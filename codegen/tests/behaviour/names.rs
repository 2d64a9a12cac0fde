//! Shapes named like std types and members named like keywords work without shadowing.

use fixture_names::error::{Box as BoxError, SelfError};
use fixture_names::types::{GetThingInputBuilder, Kind, Option as OptionShape, String as StringShape, Vec as VecShape};

#[test]
fn std_names_and_keywords_are_usable() {
    let s = StringShape::builder().r#type("t").self_("s").r#match("m").r#async(1).build2("b").crate_("c").build().unwrap();
    assert_eq!(s.r#type.as_deref(), Some("t"));
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["type"], "t");
    assert_eq!(json["self"], "s");
    assert_eq!(json["build"], "b");
    let _ = OptionShape::default();
    let _ = VecShape::default();
    let _ = GetThingInputBuilder::default();
    assert_eq!(Kind::from("unknown"), Kind::Unknown2);
    assert!(!Kind::from("other").is_known());
    let e = SelfError::from_response("Result", 400, br#"{"message":"m"}"#).unwrap();
    assert!(matches!(e, SelfError::Result(_)));
    let _: Option<BoxError> = None;
}

#[test]
fn placeholder_named_required_members_build() {
    use fixture_names::types::Placeholders;
    let p = Placeholders::builder().foo("f").baz(2).foo_value("v").build().unwrap();
    assert_eq!((p.foo.as_str(), p.baz, p.foo_value.as_str()), ("f", 2, "v"));
    let e = Placeholders::builder().baz(2).build().unwrap_err();
    assert_eq!(e.missing(), ["foo", "foo_value"]);
}
