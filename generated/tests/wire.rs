//! The wire JSON of the seed page, unknown values, and error dispatch from codes.

use customer_profiles::error::{ErrorFault, GetWorkflowError, ServiceError, ThrottlingException};
use customer_profiles::types::{GetWorkflowResponse, SourceConnectorType, Status, WorkflowType};

/// The response of the reference page's syntax section, with values filled in.
const SEED_RESPONSE: &str = r#"{
    "Attributes": {
        "AppflowIntegration": {
            "ConnectorProfileName": "my-profile",
            "RoleArn": "arn:aws:iam::123456789012:role/appflow",
            "SourceConnectorType": "Salesforce"
        }
    },
    "ErrorDescription": "none",
    "LastUpdatedAt": 1700000123.456,
    "Metrics": {
        "AppflowIntegration": {
            "RecordsProcessed": 1200,
            "StepsCompleted": 3,
            "TotalSteps": 4
        }
    },
    "StartDate": 1700000000,
    "Status": "IN_PROGRESS",
    "WorkflowId": "0123456789abcdef0123456789abcdef",
    "WorkflowType": "APPFLOW_INTEGRATION"
}"#;

#[test]
fn seed_response_parses_and_round_trips() {
    let resp: GetWorkflowResponse = serde_json::from_str(SEED_RESPONSE).unwrap();
    assert_eq!(
        resp.workflow_id.as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    assert_eq!(resp.workflow_type, Some(WorkflowType::AppflowIntegration));
    assert_eq!(resp.status, Some(Status::InProgress));
    assert_eq!(resp.start_date.unwrap().as_second(), 1_700_000_000);
    let updated = resp.last_updated_at.unwrap();
    assert_eq!(updated.as_second(), 1_700_000_123);
    assert_eq!(updated.subsec_millisecond(), 456);
    let appflow = resp
        .attributes
        .as_ref()
        .unwrap()
        .appflow_integration
        .as_ref()
        .unwrap();
    assert_eq!(
        appflow.source_connector_type,
        SourceConnectorType::Salesforce
    );
    assert_eq!(appflow.connector_profile_name, "my-profile");
    let metrics = resp
        .metrics
        .as_ref()
        .unwrap()
        .appflow_integration
        .as_ref()
        .unwrap();
    assert_eq!(
        (
            metrics.records_processed,
            metrics.steps_completed,
            metrics.total_steps
        ),
        (1200, 3, 4)
    );
    assert!(resp.validate().is_ok());

    let json = serde_json::to_value(&resp).unwrap();
    let seed: serde_json::Value = serde_json::from_str(SEED_RESPONSE).unwrap();
    assert_eq!(json, seed);
    let again: GetWorkflowResponse = serde_json::from_value(json).unwrap();
    assert_eq!(again, resp);
}

#[test]
fn absent_members_stay_absent_and_defaults_apply() {
    let resp: GetWorkflowResponse =
        serde_json::from_str(r#"{"Metrics": {"AppflowIntegration": {}}, "Extra": [1, 2]}"#)
            .unwrap();
    assert_eq!(resp.workflow_id, None);
    let metrics = resp
        .metrics
        .as_ref()
        .unwrap()
        .appflow_integration
        .as_ref()
        .unwrap();
    assert_eq!(metrics.total_steps, 0);
    assert_eq!(
        serde_json::to_string(&GetWorkflowResponse::default()).unwrap(),
        "{}"
    );
}

#[test]
fn unknown_enum_values_are_kept() {
    let resp: GetWorkflowResponse =
        serde_json::from_str(r#"{"Status": "PAUSED", "WorkflowType": "APPFLOW_V2"}"#).unwrap();
    let status = resp.status.clone().unwrap();
    assert!(!status.is_known());
    assert_eq!(status.as_str(), "PAUSED");
    assert_eq!(status.to_string(), "PAUSED");
    assert_ne!(status, Status::InProgress);
    assert_eq!(serde_json::to_value(&resp).unwrap()["Status"], "PAUSED");
    assert_eq!("IN_PROGRESS".parse::<Status>().unwrap(), Status::InProgress);
    assert_eq!(Status::from(String::from("CANCELLED")), Status::Cancelled);
    assert_eq!(Status::VALUES.len(), 7);
    assert_eq!(SourceConnectorType::S3.as_str(), "S3");
    assert_eq!(SourceConnectorType::Servicenow.as_str(), "Servicenow");
}

#[test]
fn timestamps_accept_integral_and_fractional_seconds() {
    for (json, secs, nanos) in [
        ("0", 0, 0),
        ("1700000000", 1_700_000_000, 0),
        ("1700000000.5", 1_700_000_000, 500_000_000),
        ("-1.25", -1, -250_000_000),
        ("1.7e9", 1_700_000_000, 0),
    ] {
        let resp: GetWorkflowResponse =
            serde_json::from_str(&format!(r#"{{"StartDate": {json}}}"#)).unwrap();
        let ts = resp.start_date.unwrap();
        assert_eq!(
            (ts.as_second(), ts.subsec_nanosecond()),
            (secs, nanos),
            "{json}"
        );
    }
    for bad in [r#""2023-01-01""#, "true", "1e300"] {
        let r = serde_json::from_str::<GetWorkflowResponse>(&format!(r#"{{"StartDate": {bad}}}"#));
        assert!(r.is_err(), "{bad}");
    }
}

#[test]
fn errors_dispatch_from_every_code_form() {
    let body = br#"{"Message": "Rate exceeded"}"#;
    for code in [
        "ThrottlingException",
        "com.amazonaws.customerprofiles#ThrottlingException",
        "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.service/",
        "com.amazonaws.customerprofiles#ThrottlingException:http://internal.amazon.com/",
    ] {
        let err = GetWorkflowError::from_response(code, 429, body).unwrap();
        match &err {
            GetWorkflowError::ThrottlingException(e) => {
                assert_eq!(e.message.as_deref(), Some("Rate exceeded"))
            }
            other => panic!("{code}: {other:?}"),
        }
        assert_eq!(err.code(), "ThrottlingException");
        assert_eq!(err.http_status(), 429);
        assert_eq!(err.fault(), ErrorFault::Client);
        assert_eq!(err.to_string(), "ThrottlingException: Rate exceeded");
    }
    assert_eq!(ThrottlingException::HTTP_STATUS, 429);
    let err = GetWorkflowError::from_response("InternalServerException", 500, b"").unwrap();
    assert!(matches!(err, GetWorkflowError::InternalServerException(_)));
    assert_eq!(err.fault(), ErrorFault::Server);
    assert_eq!(err.message(), None);
    let statuses: Vec<u16> = [
        "AccessDeniedException",
        "BadRequestException",
        "ResourceNotFoundException",
    ]
    .iter()
    .map(|c| {
        GetWorkflowError::from_response(c, 0, b"{}")
            .unwrap()
            .http_status()
    })
    .collect();
    assert_eq!(statuses, [403, 400, 404]);
}

#[test]
fn unknown_error_codes_keep_code_message_and_status() {
    let err = GetWorkflowError::from_response(
        "aws.foo#QuotaExceeded:http://x/",
        402,
        br#"{"message": "too many"}"#,
    )
    .unwrap();
    match &err {
        GetWorkflowError::Unknown(e) => {
            assert_eq!(e.code(), "QuotaExceeded");
            assert_eq!(e.message(), Some("too many"));
            assert_eq!(e.http_status(), 402);
        }
        other => panic!("{other:?}"),
    }
    // A body that is not JSON does not hide the code.
    let err = GetWorkflowError::from_response("Teapot", 418, b"<html>").unwrap();
    assert_eq!(
        (err.code(), err.message(), err.http_status()),
        ("Teapot", None, 418)
    );
}

#[test]
fn modeled_error_with_bad_body_is_a_typed_error() {
    assert!(
        GetWorkflowError::from_response("ThrottlingException", 429, b"{\"Message\": 5}").is_err()
    );
    assert!(GetWorkflowError::from_response("ThrottlingException", 429, b"{not json").is_err());
}

#[test]
fn null_on_a_required_member_is_corrected_like_an_absent_one() {
    let resp: GetWorkflowResponse = serde_json::from_str(
        r#"{"Attributes": {"AppflowIntegration": {"ConnectorProfileName": null, "SourceConnectorType": null}},
            "Metrics": {"AppflowIntegration": {"TotalSteps": null}}, "WorkflowId": null}"#,
    )
    .unwrap();
    let appflow = resp.attributes.unwrap().appflow_integration.unwrap();
    assert_eq!(appflow.connector_profile_name, "");
    assert!(!appflow.source_connector_type.is_known());
    assert_eq!(
        resp.metrics
            .unwrap()
            .appflow_integration
            .unwrap()
            .total_steps,
        0
    );
    assert_eq!(resp.workflow_id, None);
}

/// A value's serde form keeps every member, those the HTTP request carries in its path too:
/// stored or queued values come back whole. The request body is the protocol's business.
#[test]
fn serde_form_keeps_members_bound_outside_the_body() {
    let request = customer_profiles::types::GetWorkflowRequest::builder()
        .domain_name("my-domain")
        .workflow_id("0123456789abcdef0123456789abcdef")
        .build()
        .unwrap();
    let json = serde_json::to_string(&request).unwrap();
    assert_eq!(
        json,
        r#"{"DomainName":"my-domain","WorkflowId":"0123456789abcdef0123456789abcdef"}"#
    );
    let back: customer_profiles::types::GetWorkflowRequest = serde_json::from_str(&json).unwrap();
    assert_eq!(back, request);
    let http = customer_profiles::operation::GetWorkflow::build_request(&request).unwrap();
    assert!(http.body().is_empty(), "labels only: no body");
}
