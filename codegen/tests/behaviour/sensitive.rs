//! `@sensitive` values never reach `Debug` output; timestamp formats follow `timestampFormat`.

use fixture_sensitive::error::{LoginError, ServiceError};
use fixture_sensitive::types::{Card, Hint, LoginInput, LoginOutput};

#[test]
fn debug_redacts_sensitive_members_targets_and_shapes() {
    let input = LoginInput::builder()
        .user("alice")
        .password("hunter2hunter2")
        .otp("12345678")
        .recovery(vec!["recovery-code-1".to_owned()])
        .card(Card { number: Some("4111111111111111".into()) })
        .hint(Hint::A)
        .build()
        .unwrap();
    let shown = format!("{input:?}");
    assert!(shown.contains("alice"), "{shown}");
    for secret in ["hunter2", "12345678", "recovery-code-1", "4111", "Hint::A", "\"a\""] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
    assert!(shown.contains("*** Sensitive Data Redacted ***"));
    assert!(!format!("{:?}", Card { number: Some("4111".into()) }).contains("4111"));
    assert!(!format!("{:?}", Hint::A).contains('A'));
    let builder = LoginInput::builder().password("hunter2hunter2");
    assert!(!format!("{builder:?}").contains("hunter2"));
}

#[test]
fn timestamp_formats_on_the_wire() {
    let out: LoginOutput = serde_json::from_str(
        r#"{"expires": "Tue, 29 Apr 2014 18:30:38 GMT", "issued": "1985-04-12T23:20:50.52Z"}"#,
    )
    .unwrap();
    assert_eq!(out.expires.unwrap().as_second(), 1_398_796_238);
    assert_eq!(out.issued.unwrap().as_millisecond(), 482_196_050_520);
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["expires"], "Tue, 29 Apr 2014 18:30:38 GMT");
    assert_eq!(json["issued"], "1985-04-12T23:20:50.52Z");
}

#[test]
fn service_errors_apply_to_every_operation() {
    let e = LoginError::from_response("Throttled", 429, br#"{"message": "slow down"}"#).unwrap();
    assert!(matches!(e, LoginError::Throttled(_)));
    assert!(e.is_retryable() && e.is_throttling());
    let e = LoginError::from_response("Denied", 403, b"{}").unwrap();
    assert!(!e.is_retryable());
    assert_eq!(e.http_status(), 403);
}
