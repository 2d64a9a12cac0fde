//! Validators of the generated crate, at each boundary of each constraint of the model.

use customer_profiles::types::{
    AppflowIntegrationWorkflowAttributes, GetWorkflowRequest, GetWorkflowResponse,
    SourceConnectorType, Status, WorkflowAttributes,
};
use customer_profiles::validation::{ConstraintKind, Validate};

const ID: &str = "0123456789abcdef0123456789abcdef";

fn request(domain: &str, id: &str) -> GetWorkflowRequest {
    GetWorkflowRequest::builder()
        .domain_name(domain)
        .workflow_id(id)
        .build()
        .unwrap()
}

fn messages(v: &impl Validate) -> Vec<String> {
    match v.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e
            .violations()
            .iter()
            .map(|v| v.message().to_owned())
            .collect(),
    }
}

#[test]
fn domain_name_length_boundaries() {
    assert_eq!(
        messages(&request("", ID)),
        [
            "Value with length 0 at '/DomainName' failed to satisfy constraint: Member must have length between 1 and 64, inclusive",
            "Value at '/DomainName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]+$",
        ]
    );
    assert!(messages(&request("a", ID)).is_empty());
    assert!(messages(&request(&"a".repeat(64), ID)).is_empty());
    assert_eq!(
        messages(&request(&"a".repeat(65), ID)),
        [
            "Value with length 65 at '/DomainName' failed to satisfy constraint: Member must have length between 1 and 64, inclusive"
        ]
    );
}

#[test]
fn lengths_count_unicode_scalar_values() {
    // string1To255: 255 astral characters are 255 characters (510 UTF-16 units, 1020 bytes).
    let at = |n: usize| GetWorkflowResponse {
        error_description: Some("😀".repeat(n)),
        ..Default::default()
    };
    assert!(messages(&at(1)).is_empty());
    assert!(messages(&at(255)).is_empty());
    assert_eq!(
        messages(&at(256)),
        [
            "Value with length 256 at '/ErrorDescription' failed to satisfy constraint: Member must have length between 1 and 255, inclusive"
        ]
    );
    assert_eq!(
        messages(&at(0)),
        [
            "Value with length 0 at '/ErrorDescription' failed to satisfy constraint: Member must have length between 1 and 255, inclusive"
        ]
    );
}

#[test]
fn patterns_have_ecma_meaning() {
    let attrs = |name: &str| GetWorkflowResponse {
        attributes: Some(WorkflowAttributes {
            appflow_integration: Some(AppflowIntegrationWorkflowAttributes {
                source_connector_type: SourceConnectorType::Salesforce,
                connector_profile_name: name.to_owned(),
                role_arn: None,
            }),
        }),
        ..Default::default()
    };
    assert!(messages(&attrs("abc_XYZ/!@#+=.-09")).is_empty());
    // `\w` is ASCII in ECMA-262: letters with diacritics and non-ASCII digits do not match.
    for bad in ["é", "naïve", "٣", "a b", ""] {
        let got = messages(&attrs(bad));
        assert!(
            got.iter().any(|m| m
                == "Value at '/Attributes/AppflowIntegration/ConnectorProfileName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w/!@#+=.-]+$"),
            "{bad:?}: {got:?}"
        );
    }
}

#[test]
fn anchored_pattern_rejects_longer_ids() {
    assert!(messages(&request("d", ID)).is_empty());
    let bad = [
        format!("{ID}0"),
        ID.to_uppercase(),
        ID[1..].to_owned(),
        format!("x{ID}"),
    ];
    for id in bad {
        assert_eq!(
            messages(&request("d", &id)),
            [
                "Value at '/WorkflowId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-f0-9]{32}$"
            ],
            "{id}"
        );
    }
}

#[test]
fn all_violations_at_once_with_nested_paths() {
    let resp = GetWorkflowResponse {
        workflow_id: Some("nope".into()),
        status: Some(Status::from("PAUSED")),
        error_description: Some(String::new()),
        attributes: Some(WorkflowAttributes {
            appflow_integration: Some(AppflowIntegrationWorkflowAttributes {
                source_connector_type: SourceConnectorType::from("Dropbox"),
                connector_profile_name: "é".into(),
                role_arn: Some(String::new()),
            }),
        }),
        ..Default::default()
    };
    let err = resp.validate().unwrap_err();
    let got: Vec<(&str, ConstraintKind)> = err
        .violations()
        .iter()
        .map(|v| (v.path(), v.kind()))
        .collect();
    assert_eq!(
        got,
        [
            ("/WorkflowId", ConstraintKind::Pattern),
            ("/Status", ConstraintKind::Enum),
            ("/ErrorDescription", ConstraintKind::Length),
            (
                "/Attributes/AppflowIntegration/SourceConnectorType",
                ConstraintKind::Enum
            ),
            (
                "/Attributes/AppflowIntegration/ConnectorProfileName",
                ConstraintKind::Pattern
            ),
            (
                "/Attributes/AppflowIntegration/RoleArn",
                ConstraintKind::Length
            ),
        ]
    );
    assert_eq!(
        err.violations()[1].message(),
        "Value at '/Status' failed to satisfy constraint: Member must satisfy enum value set: [NOT_STARTED, IN_PROGRESS, COMPLETE, FAILED, SPLIT, RETRY, CANCELLED]"
    );
    assert!(
        err.to_string().starts_with("6 constraint violations: "),
        "{err}"
    );
}

#[test]
fn builder_names_every_missing_required_member() {
    let err = GetWorkflowRequest::builder().build().unwrap_err();
    assert_eq!(err.missing(), ["DomainName", "WorkflowId"]);
    assert_eq!(
        err.to_string(),
        "cannot build GetWorkflowRequest: missing required members DomainName, WorkflowId"
    );
    let err = GetWorkflowRequest::builder()
        .domain_name("d")
        .build()
        .unwrap_err();
    assert_eq!(err.missing(), ["WorkflowId"]);
}

#[test]
fn required_members_with_defaults_are_never_missing() {
    let metrics = customer_profiles::types::AppflowIntegrationWorkflowMetrics::builder()
        .build()
        .unwrap();
    assert_eq!(
        (
            metrics.records_processed,
            metrics.steps_completed,
            metrics.total_steps
        ),
        (0, 0, 0)
    );
    assert!(metrics.validate().is_ok());
}
