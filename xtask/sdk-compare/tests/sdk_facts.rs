//! The SDK half on its own: hand-written responses and requests, and the SDK behaviours the
//! agreement tests rely on or work around. Runs without our crate
//! (`cargo test --no-default-features --test sdk_facts`).

use aws_sdk_customerprofiles::error::ProvideErrorMetadata;
use aws_sdk_customerprofiles::operation::get_workflow::GetWorkflowError;
use sdk_compare::samples::*;
use sdk_compare::*;

fn throttling(message: Option<&str>) -> Parsed {
    Parsed::Error(ErrorInfo {
        kind: ErrorKind::Throttling,
        code: Some("ThrottlingException".into()),
        message: message.map(Into::into),
    })
}

#[test]
fn success_response() {
    let parsed = sdk_parse(200, SUCCESS_HEADERS, SUCCESS_BODY.as_bytes());
    let expected = Parsed::Output(Output {
        workflow_id: Some(WORKFLOW_ID.into()),
        workflow_type: Some("APPFLOW_INTEGRATION".into()),
        status: Some("IN_PROGRESS".into()),
        error_description: Some("Some records could not be ingested".into()),
        start_date: Some(1_700_000_000_123),
        last_updated_at: Some(1_700_003_600_000),
        attributes: Some(Attributes {
            appflow_integration: Some(AppflowAttributes {
                source_connector_type: "Salesforce".into(),
                connector_profile_name: "my-salesforce-profile".into(),
                role_arn: Some("arn:aws:iam::123456789012:role/CustomerProfilesIngestion".into()),
            }),
        }),
        metrics: Some(Metrics {
            appflow_integration: Some(AppflowMetrics {
                records_processed: 128000,
                steps_completed: 3,
                total_steps: 5,
            }),
        }),
    });
    assert_eq!(parsed, expected);
}

#[test]
fn empty_success_body_is_an_empty_output() {
    assert_eq!(sdk_parse(200, &[], b""), Parsed::Output(Output::default()));
    assert_eq!(
        sdk_parse(200, &[], b"{}"),
        Parsed::Output(Output::default())
    );
}

#[test]
fn throttling_by_header() {
    assert_eq!(
        sdk_parse(429, THROTTLING_HEADERS, THROTTLING_BODY.as_bytes()),
        throttling(Some("Rate exceeded"))
    );
    // Header names are case-insensitive.
    assert_eq!(
        sdk_parse(429, &[("X-Amzn-ErrorType", "ThrottlingException")], b"{}"),
        throttling(None)
    );
}

#[test]
fn throttling_by_type_in_body() {
    let body =
        br#"{"__type":"com.amazonaws.customerprofiles#ThrottlingException","Message":"slow down"}"#;
    assert_eq!(sdk_parse(429, &[], body), throttling(Some("slow down")));
}

#[test]
fn throttling_by_code_in_body() {
    let body = br#"{"code":"ThrottlingException","message":"slow down"}"#;
    assert_eq!(sdk_parse(429, &[], body), throttling(Some("slow down")));
}

#[test]
fn unknown_code() {
    let body = br#"{"__type":"com.amazonaws.customerprofiles#ServiceQuotaExceededException","message":"too many"}"#;
    assert_eq!(
        sdk_parse(402, &[], body),
        Parsed::Error(ErrorInfo {
            kind: ErrorKind::Unknown,
            code: Some("ServiceQuotaExceededException".into()),
            message: Some("too many".into()),
        })
    );
}

#[test]
fn error_without_code_is_unknown_without_code() {
    assert_eq!(
        sdk_parse(404, &[], br#"{"message":"nope"}"#),
        Parsed::Error(ErrorInfo {
            kind: ErrorKind::Unknown,
            code: None,
            message: Some("nope".into())
        })
    );
}

#[test]
fn malformed_bodies() {
    assert_eq!(
        sdk_parse(200, &[], b"{\"WorkflowId\": 5}"),
        Parsed::Malformed
    );
    assert_eq!(sdk_parse(200, &[], b"not json"), Parsed::Malformed);
    assert_eq!(sdk_parse(200, &[], b"[]"), Parsed::Malformed);
    // An error body that is not JSON fails before the code is even looked at.
    assert_eq!(
        sdk_parse(
            429,
            &[("x-amzn-errortype", "ThrottlingException")],
            b"<html>"
        ),
        Parsed::Malformed
    );
}

#[test]
fn request() {
    let call = sdk_request(DOMAIN, WORKFLOW_ID).unwrap();
    assert_eq!(
        call,
        HttpCall {
            method: "GET".into(),
            path_and_query: format!("/domains/{DOMAIN}/workflows/{WORKFLOW_ID}"),
            headers: vec![],
            body: vec![],
        }
    );
}

// ----- SDK facts ---------------------------------------------------------------------------

/// The SDK reads `epoch-seconds` through an `f64` and truncates the fraction to nanoseconds, so
/// decimals are not kept exactly: `1700000000.123` becomes `.122999906`.
#[test]
fn fact_fractional_timestamps_go_through_f64() {
    let out = sdk_parse_raw(
        200,
        &[],
        br#"{"StartDate": 1700000000.123, "LastUpdatedAt": 1.7e9}"#,
    )
    .unwrap();
    let start = out.start_date.unwrap();
    assert_eq!(
        (start.secs(), start.subsec_nanos()),
        (1_700_000_000, 122_999_906)
    );
    let updated = out.last_updated_at.unwrap();
    assert_eq!((updated.secs(), updated.subsec_nanos()), (1_700_000_000, 0));
    // Negative fractions floor: -1.5 is 2 seconds before the epoch plus half a second.
    let out = sdk_parse_raw(200, &[], br#"{"StartDate": -1.5}"#).unwrap();
    let start = out.start_date.unwrap();
    assert_eq!((start.secs(), start.subsec_nanos()), (-2, 500_000_000));
    // A timestamp given as a string is not accepted.
    assert_eq!(
        sdk_parse(200, &[], br#"{"StartDate": "1700000000"}"#),
        Parsed::Malformed
    );
}

/// Unknown enum values are kept as they are.
#[test]
fn fact_unknown_enum_values_are_kept() {
    let body = br#"{"WorkflowType":"BATCH","Status":"PAUSED",
        "Attributes":{"AppflowIntegration":{"SourceConnectorType":"Hubspot","ConnectorProfileName":"p"}}}"#;
    let Parsed::Output(o) = sdk_parse(200, &[], body) else {
        panic!()
    };
    assert_eq!(o.workflow_type.as_deref(), Some("BATCH"));
    assert_eq!(o.status.as_deref(), Some("PAUSED"));
    assert_eq!(
        o.attributes
            .unwrap()
            .appflow_integration
            .unwrap()
            .source_connector_type,
        "Hubspot"
    );
}

/// Required members the wire leaves out are error-corrected: strings to `""`, numbers to `0`,
/// enums to the unknown value `"no value was set"`.
#[test]
fn fact_missing_required_members_are_error_corrected() {
    let body = br#"{"Attributes":{"AppflowIntegration":{}},"Metrics":{"AppflowIntegration":{}}}"#;
    let Parsed::Output(o) = sdk_parse(200, &[], body) else {
        panic!()
    };
    let a = o.attributes.unwrap().appflow_integration.unwrap();
    assert_eq!(a.source_connector_type, ERROR_CORRECTED_ENUM);
    assert_eq!(a.connector_profile_name, "");
    assert_eq!(
        o.metrics.unwrap().appflow_integration.unwrap(),
        AppflowMetrics::default()
    );
}

/// `null` is read as absent everywhere, including for required members (then error-corrected).
#[test]
fn fact_null_is_absent() {
    let body = br#"{"WorkflowId":null,"Attributes":{"AppflowIntegration":{"SourceConnectorType":null,
        "ConnectorProfileName":null,"RoleArn":null}},"Metrics":{"AppflowIntegration":{"TotalSteps":null}}}"#;
    let Parsed::Output(o) = sdk_parse(200, &[], body) else {
        panic!()
    };
    assert_eq!(o.workflow_id, None);
    let a = o.attributes.unwrap().appflow_integration.unwrap();
    assert_eq!(
        (
            a.source_connector_type.as_str(),
            a.connector_profile_name.as_str()
        ),
        (ERROR_CORRECTED_ENUM, "")
    );
    assert_eq!(
        sdk_parse(200, &[], br#"{"Attributes":null}"#),
        Parsed::Output(Output::default())
    );
}

/// Integers: the whole `i64` range; a value past `i64` or with a fraction is malformed, but an
/// integral float (`1.0`, `1e3`) is accepted.
#[test]
fn fact_integers() {
    let body = br#"{"Metrics":{"AppflowIntegration":{"RecordsProcessed":9223372036854775807,"StepsCompleted":-9223372036854775808}}}"#;
    let Parsed::Output(o) = sdk_parse(200, &[], body) else {
        panic!()
    };
    let m = o.metrics.unwrap().appflow_integration.unwrap();
    assert_eq!(
        (m.records_processed, m.steps_completed),
        (i64::MAX, i64::MIN)
    );
    let over = br#"{"Metrics":{"AppflowIntegration":{"RecordsProcessed":9223372036854775808}}}"#;
    assert_eq!(sdk_parse(200, &[], over), Parsed::Malformed);
    let frac = br#"{"Metrics":{"AppflowIntegration":{"RecordsProcessed":1.5}}}"#;
    assert_eq!(sdk_parse(200, &[], frac), Parsed::Malformed);
    let integral =
        br#"{"Metrics":{"AppflowIntegration":{"RecordsProcessed":1.0,"TotalSteps":1e3}}}"#;
    let Parsed::Output(o) = sdk_parse(200, &[], integral) else {
        panic!()
    };
    let m = o.metrics.unwrap().appflow_integration.unwrap();
    assert_eq!((m.records_processed, m.total_steps), (1, 1000));
}

/// Where the code comes from: the header wins over the body; in the body `code` wins over
/// `__type`; non-string values are ignored. Any 2xx status is a success, whatever the headers.
#[test]
fn fact_error_code_sources() {
    let info = |p: Parsed| match p {
        Parsed::Error(e) => (e.kind, e.code),
        other => panic!("{other:?}"),
    };
    let body = br#"{"code":"BadRequestException","__type":"AccessDeniedException"}"#;
    assert_eq!(
        info(sdk_parse(
            400,
            &[("x-amzn-errortype", "ThrottlingException")],
            body
        ))
        .0,
        ErrorKind::Throttling
    );
    assert_eq!(info(sdk_parse(400, &[], body)).0, ErrorKind::BadRequest);
    let body = br#"{"code":5,"__type":"AccessDeniedException"}"#;
    assert_eq!(info(sdk_parse(400, &[], body)).0, ErrorKind::AccessDenied);
    assert!(matches!(
        sdk_parse(204, &[("x-amzn-errortype", "ThrottlingException")], b""),
        Parsed::Output(_)
    ));
    // Codes are sanitized: `ns#Name`, `Name:url`, both; but not trimmed.
    let c = |code: &str| info(sdk_parse(400, &[("x-amzn-errortype", code)], b"{}"));
    assert_eq!(
        c("aws.protocoltests.restjson#ThrottlingException:http://internal.amazon.com/coral/").0,
        ErrorKind::Throttling
    );
    assert_eq!(
        c(" ThrottlingException"),
        (ErrorKind::Unknown, Some(" ThrottlingException".into()))
    );
}

/// Messages: the modeled member `Message` first; otherwise the generic `message`, `Message` or
/// `errorMessage` (the last one in the document).
#[test]
fn fact_error_messages() {
    let msg =
        |body: &[u8]| match sdk_parse(429, &[("x-amzn-errortype", "ThrottlingException")], body) {
            Parsed::Error(e) => e.message,
            other => panic!("{other:?}"),
        };
    assert_eq!(
        msg(br#"{"message":"a","Message":"b"}"#).as_deref(),
        Some("b")
    );
    assert_eq!(
        msg(br#"{"Message":"b","message":"a"}"#).as_deref(),
        Some("b")
    );
    assert_eq!(msg(br#"{"errorMessage":"c"}"#).as_deref(), Some("c"));
    assert_eq!(
        msg(br#"{"Message":null,"message":"a"}"#).as_deref(),
        Some("a")
    );
}

/// The raw SDK error still carries the code and message in its metadata.
#[test]
fn fact_raw_error_metadata() {
    let Err(SdkFailure::Operation(e)) =
        sdk_parse_raw(429, THROTTLING_HEADERS, THROTTLING_BODY.as_bytes())
    else {
        panic!()
    };
    assert!(matches!(e, GetWorkflowError::ThrottlingException(_)));
    assert_eq!(e.code(), Some("ThrottlingException"));
    assert_eq!(e.message(), Some("Rate exceeded"));
}

/// Labels: everything but RFC 3986 unreserved characters is percent-encoded, upper-case hex,
/// UTF-8 bytes for non-ASCII; an empty label is an error; `.` and `..` pass through as is.
#[test]
fn fact_request_labels() {
    let path = |d: &str, w: &str| sdk_request(d, w).map(|c| c.path_and_query);
    assert_eq!(
        path("a b/c", "é~_.-").unwrap(),
        "/domains/a%20b%2Fc/workflows/%C3%A9~_.-"
    );
    assert_eq!(
        path(":/?#[]@!$&'()*+,;=%", "x").unwrap(),
        "/domains/%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25/workflows/x"
    );
    assert_eq!(path("..", ".").unwrap(), "/domains/../workflows/.");
    assert!(path("", "x").is_err());
    assert!(path("d", "").is_err());
}
