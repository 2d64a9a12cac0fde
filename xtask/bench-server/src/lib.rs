//! The two sides of `benches/server.rs`, and the requests they are measured with.
//!
//! * [`ours`]: the generated `customer_profiles::server::Server`, with an in-memory handler;
//! * [`hand`]: a hand-written axum 0.8 route, `GET /domains/{domain}/workflows/{id}`, doing the
//!   same work: the model's checks on both labels (length, and the two patterns with the `regex`
//!   crate, compiled once), the same lookup, serde_json serialization of an equivalent response
//!   struct, and the same error answers (404 `ResourceNotFoundException`, 400
//!   `ValidationException`);
//! * [`samples`]: the workflow both stores hold, and the requests of each benchmark group;
//! * [`full`]: one request per operation of the full Customer Profiles model, for its router.
//!
//! Both sides are driven as `tower` services in-process ([`call`]): one `oneshot` on a clone per
//! request, the response body collected. `tests/agreement.rs` checks that they answer alike.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use tower::ServiceExt as _;

/// The request body both sides are given.
pub type RequestBody = Full<Bytes>;

/// Runs a future that never waits on I/O (every future here) to its end.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// Calls a clone of `service` with `request` (`oneshot`: ready, then call) and collects the
/// response's body: the response's head and its body.
pub fn call<S, B>(
    service: &S,
    request: http::Request<RequestBody>,
) -> (http::response::Parts, Bytes)
where
    S: tower::Service<http::Request<RequestBody>, Response = http::Response<B>> + Clone,
    S::Error: std::fmt::Debug,
    B: http_body::Body,
    B::Error: std::fmt::Debug,
{
    block_on(async {
        let response = service
            .clone()
            .oneshot(request)
            .await
            .expect("both services are infallible");
        let (parts, body) = response.into_parts();
        let body = body.collect().await.expect("an in-memory body").to_bytes();
        (parts, body)
    })
}

pub mod samples {
    //! What the stores hold and what the benchmark asks.

    use super::RequestBody;

    pub const DOMAIN: &str = "my-domain";
    pub const WORKFLOW_ID: &str = "0123456789abcdef0123456789abcdef";
    /// A well-formed id no store holds.
    pub const MISSING_ID: &str = "fedcba9876543210fedcba9876543210";
    /// Breaks the id's pattern (upper case): one violation.
    pub const BAD_ID: &str = "0123456789ABCDEF0123456789ABCDEF";
    /// 2023-11-14T22:13:20Z and 2023-11-14T23:13:20Z, whole seconds.
    pub const START_DATE: i64 = 1_700_000_000;
    pub const LAST_UPDATED_AT: i64 = 1_700_003_600;
    pub const CONNECTOR_PROFILE: &str = "salesforce-prod";
    pub const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/customer-profiles-ingest";
    pub const RECORDS_PROCESSED: i64 = 120_034;
    pub const STEPS_COMPLETED: i64 = 3;
    pub const TOTAL_STEPS: i64 = 5;

    /// The not-found message both sides send.
    pub fn not_found_message(domain: &str, id: &str) -> String {
        format!("no workflow {id} in domain {domain}")
    }

    /// The benchmark groups: each asks for one workflow.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Case {
        /// The stored workflow: 200 with the full response.
        Success,
        /// A well-formed id that is not stored: 404 `ResourceNotFoundException`.
        NotFound,
        /// An id that breaks its pattern: 400 `ValidationException`.
        ValidationFailure,
    }

    impl Case {
        pub const ALL: [Case; 3] = [Case::Success, Case::NotFound, Case::ValidationFailure];

        /// The criterion group's name.
        pub fn group(self) -> &'static str {
            match self {
                Case::Success => "success",
                Case::NotFound => "not_found",
                Case::ValidationFailure => "validation_failure",
            }
        }

        pub fn status(self) -> u16 {
            match self {
                Case::Success => 200,
                Case::NotFound => 404,
                Case::ValidationFailure => 400,
            }
        }

        /// The request, as a client sends it (the same for both sides).
        pub fn request(self) -> http::Request<RequestBody> {
            let id = match self {
                Case::Success => WORKFLOW_ID,
                Case::NotFound => MISSING_ID,
                Case::ValidationFailure => BAD_ID,
            };
            http::Request::builder()
                .method(http::Method::GET)
                .uri(format!("/domains/{DOMAIN}/workflows/{id}"))
                .header(http::header::HOST, "profile.us-east-1.amazonaws.com")
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::USER_AGENT, "bench-server/0.1")
                .body(RequestBody::default())
                .expect("a valid request")
        }
    }
}

pub mod ours {
    //! The generated server, with its handler over an in-memory store.

    use std::collections::HashMap;

    use customer_profiles::error::{GetWorkflowError, ResourceNotFoundException};
    use customer_profiles::server::{Dispatch, Handlers, Server};
    use customer_profiles::types::{
        AppflowIntegrationWorkflowAttributes, AppflowIntegrationWorkflowMetrics,
        GetWorkflowRequest, GetWorkflowResponse, SourceConnectorType, Status, WorkflowAttributes,
        WorkflowMetrics, WorkflowType,
    };

    use crate::samples::*;

    /// Workflows by domain, then by id.
    pub struct Store {
        domains: HashMap<String, HashMap<String, GetWorkflowResponse>>,
    }

    impl Store {
        /// The store with the sample workflow.
        pub fn sample() -> Self {
            let workflow = GetWorkflowResponse {
                workflow_id: Some(WORKFLOW_ID.to_owned()),
                workflow_type: Some(WorkflowType::AppflowIntegration),
                status: Some(Status::InProgress),
                error_description: None,
                start_date: Some(jiff::Timestamp::from_second(START_DATE).expect("in range")),
                last_updated_at: Some(
                    jiff::Timestamp::from_second(LAST_UPDATED_AT).expect("in range"),
                ),
                attributes: Some(WorkflowAttributes {
                    appflow_integration: Some(AppflowIntegrationWorkflowAttributes {
                        source_connector_type: SourceConnectorType::Salesforce,
                        connector_profile_name: CONNECTOR_PROFILE.to_owned(),
                        role_arn: Some(ROLE_ARN.to_owned()),
                    }),
                }),
                metrics: Some(WorkflowMetrics {
                    appflow_integration: Some(AppflowIntegrationWorkflowMetrics {
                        records_processed: RECORDS_PROCESSED,
                        steps_completed: STEPS_COMPLETED,
                        total_steps: TOTAL_STEPS,
                    }),
                }),
            };
            let workflows = HashMap::from([(WORKFLOW_ID.to_owned(), workflow)]);
            Store {
                domains: HashMap::from([(DOMAIN.to_owned(), workflows)]),
            }
        }
    }

    impl Handlers for Store {
        async fn get_workflow(
            &self,
            input: GetWorkflowRequest,
            _request: &http::request::Parts,
        ) -> Result<GetWorkflowResponse, GetWorkflowError> {
            let found = self
                .domains
                .get(&input.domain_name)
                .and_then(|workflows| workflows.get(&input.workflow_id));
            match found {
                Some(workflow) => Ok(workflow.clone()),
                None => Err(GetWorkflowError::ResourceNotFoundException(
                    ResourceNotFoundException {
                        message: Some(not_found_message(&input.domain_name, &input.workflow_id)),
                    },
                )),
            }
        }
    }

    pub type Service = Server<Dispatch<Store>>;

    pub fn service() -> Service {
        Server::new(Store::sample())
    }
}

pub mod hand {
    //! The hand-written axum route.

    use std::collections::HashMap;
    use std::sync::{Arc, LazyLock};

    use axum::Json;
    use axum::extract::{Path, State};
    use axum::http::{HeaderName, HeaderValue, StatusCode};
    use axum::response::{IntoResponse, Response};
    use regex::Regex;
    use serde::{Serialize, Serializer};

    use crate::samples::*;

    static DOMAIN_NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("^[a-zA-Z0-9_-]+$").expect("a valid regex"));
    static WORKFLOW_ID_PATTERN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new("^[a-f0-9]{32}$").expect("a valid regex"));
    static ERROR_TYPE: HeaderName = HeaderName::from_static("x-amzn-errortype");

    #[derive(Debug, Clone, Serialize)]
    pub struct Workflow {
        #[serde(rename = "WorkflowId")]
        pub workflow_id: String,
        #[serde(rename = "WorkflowType")]
        pub workflow_type: WorkflowType,
        #[serde(rename = "Status")]
        pub status: Status,
        #[serde(rename = "ErrorDescription", skip_serializing_if = "Option::is_none")]
        pub error_description: Option<String>,
        #[serde(rename = "StartDate", serialize_with = "epoch_seconds")]
        pub start_date: jiff::Timestamp,
        #[serde(rename = "LastUpdatedAt", serialize_with = "epoch_seconds")]
        pub last_updated_at: jiff::Timestamp,
        #[serde(rename = "Attributes")]
        pub attributes: Attributes,
        #[serde(rename = "Metrics")]
        pub metrics: Metrics,
    }

    #[derive(Debug, Clone, Copy, Serialize)]
    pub enum WorkflowType {
        #[serde(rename = "APPFLOW_INTEGRATION")]
        AppflowIntegration,
    }

    #[derive(Debug, Clone, Copy, Serialize)]
    pub enum Status {
        #[serde(rename = "IN_PROGRESS")]
        InProgress,
        #[serde(rename = "COMPLETE")]
        Complete,
        #[serde(rename = "FAILED")]
        Failed,
    }

    #[derive(Debug, Clone, Serialize)]
    pub struct Attributes {
        #[serde(rename = "AppflowIntegration")]
        pub appflow_integration: AppflowAttributes,
    }

    #[derive(Debug, Clone, Serialize)]
    pub struct AppflowAttributes {
        #[serde(rename = "SourceConnectorType")]
        pub source_connector_type: String,
        #[serde(rename = "ConnectorProfileName")]
        pub connector_profile_name: String,
        #[serde(rename = "RoleArn", skip_serializing_if = "Option::is_none")]
        pub role_arn: Option<String>,
    }

    #[derive(Debug, Clone, Serialize)]
    pub struct Metrics {
        #[serde(rename = "AppflowIntegration")]
        pub appflow_integration: AppflowMetrics,
    }

    #[derive(Debug, Clone, Serialize)]
    pub struct AppflowMetrics {
        #[serde(rename = "RecordsProcessed")]
        pub records_processed: i64,
        #[serde(rename = "StepsCompleted")]
        pub steps_completed: i64,
        #[serde(rename = "TotalSteps")]
        pub total_steps: i64,
    }

    /// Epoch seconds, as restJson1 sends timestamps: whole seconds as an integer, others with
    /// their milliseconds.
    fn epoch_seconds<S: Serializer>(
        at: &jiff::Timestamp,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let millis = at.as_millisecond();
        if millis % 1000 == 0 {
            serializer.serialize_i64(at.as_second())
        } else {
            serializer.serialize_f64(millis as f64 / 1000.0)
        }
    }

    #[derive(Serialize)]
    struct NotFound {
        #[serde(rename = "Message")]
        message: String,
    }

    #[derive(Serialize)]
    struct Invalid {
        message: String,
        #[serde(rename = "fieldList")]
        field_list: Vec<Field>,
    }

    #[derive(Serialize)]
    struct Field {
        path: &'static str,
        message: String,
    }

    /// Workflows by domain, then by id.
    pub struct Store {
        domains: HashMap<String, HashMap<String, Workflow>>,
    }

    impl Store {
        /// The store with the sample workflow.
        pub fn sample() -> Self {
            let workflow = Workflow {
                workflow_id: WORKFLOW_ID.to_owned(),
                workflow_type: WorkflowType::AppflowIntegration,
                status: Status::InProgress,
                error_description: None,
                start_date: jiff::Timestamp::from_second(START_DATE).expect("in range"),
                last_updated_at: jiff::Timestamp::from_second(LAST_UPDATED_AT).expect("in range"),
                attributes: Attributes {
                    appflow_integration: AppflowAttributes {
                        source_connector_type: "Salesforce".to_owned(),
                        connector_profile_name: CONNECTOR_PROFILE.to_owned(),
                        role_arn: Some(ROLE_ARN.to_owned()),
                    },
                },
                metrics: Metrics {
                    appflow_integration: AppflowMetrics {
                        records_processed: RECORDS_PROCESSED,
                        steps_completed: STEPS_COMPLETED,
                        total_steps: TOTAL_STEPS,
                    },
                },
            };
            let workflows = HashMap::from([(WORKFLOW_ID.to_owned(), workflow)]);
            Store {
                domains: HashMap::from([(DOMAIN.to_owned(), workflows)]),
            }
        }

        fn get(&self, domain: &str, id: &str) -> Option<Workflow> {
            self.domains.get(domain)?.get(id).cloned()
        }
    }

    /// The model's constraints on the two labels, with the messages Smithy servers send.
    fn violations(domain: &str, id: &str) -> Vec<Field> {
        let mut found = Vec::new();
        let pattern = |path: &str, pattern: &str| {
            format!(
                "Value at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
            )
        };
        let length = domain.chars().count();
        if !(1..=64).contains(&length) {
            found.push(Field {
                path: "/DomainName",
                message: format!(
                    "Value with length {length} at '/DomainName' failed to satisfy constraint: Member must have length between 1 and 64, inclusive"
                ),
            });
        }
        if !DOMAIN_NAME.is_match(domain) {
            found.push(Field {
                path: "/DomainName",
                message: pattern("/DomainName", DOMAIN_NAME.as_str()),
            });
        }
        if !WORKFLOW_ID_PATTERN.is_match(id) {
            found.push(Field {
                path: "/WorkflowId",
                message: pattern("/WorkflowId", WORKFLOW_ID_PATTERN.as_str()),
            });
        }
        found
    }

    fn error(status: StatusCode, code: &'static str, body: impl Serialize) -> Response {
        (
            status,
            [(ERROR_TYPE.clone(), HeaderValue::from_static(code))],
            Json(body),
        )
            .into_response()
    }

    async fn get_workflow(
        State(store): State<Arc<Store>>,
        Path((domain, id)): Path<(String, String)>,
    ) -> Response {
        let field_list = violations(&domain, &id);
        if !field_list.is_empty() {
            let message = if let [only] = field_list.as_slice() {
                format!("1 validation error detected. {}", only.message)
            } else {
                let all: Vec<&str> = field_list.iter().map(|f| f.message.as_str()).collect();
                format!(
                    "{} validation errors detected. {}",
                    field_list.len(),
                    all.join("; ")
                )
            };
            let body = Invalid {
                message,
                field_list,
            };
            return error(StatusCode::BAD_REQUEST, "ValidationException", body);
        }
        match store.get(&domain, &id) {
            Some(workflow) => Json(workflow).into_response(),
            None => error(
                StatusCode::NOT_FOUND,
                "ResourceNotFoundException",
                NotFound {
                    message: not_found_message(&domain, &id),
                },
            ),
        }
    }

    pub type Service = axum::Router;

    pub fn service() -> Service {
        axum::Router::new()
            .route(
                "/domains/{domain}/workflows/{id}",
                axum::routing::get(get_workflow),
            )
            .with_state(Arc::new(Store::sample()))
    }
}

pub mod full {
    //! One request per operation of the full Customer Profiles model (`customer-profiles-full`),
    //! for its router.

    use customer_profiles_full::operation;
    use customer_profiles_full::server::Operation;

    macro_rules! routes {
        ($($name:ident)*) => {
            /// Every operation with its `@http` method and URI pattern.
            pub const ROUTES: &[(Operation, &str, &str)] = &[
                $((Operation::$name, operation::$name::METHOD, operation::$name::URI),)*
            ];
        };
    }

    routes! {
        AddProfileKey BatchGetCalculatedAttributeForProfile BatchGetProfile
        CreateCalculatedAttributeDefinition CreateDomain CreateEventStream CreateEventTrigger
        CreateIntegrationWorkflow CreateProfile CreateSegmentDefinition CreateSegmentEstimate
        CreateSegmentSnapshot DeleteCalculatedAttributeDefinition DeleteDomain DeleteEventStream
        DeleteEventTrigger DeleteIntegration DeleteProfile DeleteProfileKey DeleteProfileObject
        DeleteProfileObjectType DeleteSegmentDefinition DeleteWorkflow DetectProfileObjectType
        GetAutoMergingPreview GetCalculatedAttributeDefinition GetCalculatedAttributeForProfile
        GetDomain GetEventStream GetEventTrigger GetIdentityResolutionJob GetIntegration GetMatches
        GetProfileObjectType GetProfileObjectTypeTemplate GetSegmentDefinition GetSegmentEstimate
        GetSegmentMembership GetSegmentSnapshot GetSimilarProfiles GetWorkflow GetWorkflowSteps
        ListAccountIntegrations ListCalculatedAttributeDefinitions
        ListCalculatedAttributesForProfile ListDomains ListEventStreams ListEventTriggers
        ListIdentityResolutionJobs ListIntegrations ListObjectTypeAttributes
        ListProfileAttributeValues ListProfileObjectTypeTemplates ListProfileObjectTypes
        ListProfileObjects ListRuleBasedMatches ListSegmentDefinitions ListTagsForResource
        ListWorkflows MergeProfiles PutIntegration PutProfileObject PutProfileObjectType
        SearchProfiles TagResource UntagResource UpdateCalculatedAttributeDefinition UpdateDomain
        UpdateEventTrigger UpdateProfile
    }

    /// A sample value for a label, as a client would send it (percent-encoded).
    fn sample(label: &str) -> &'static str {
        match label {
            "DomainName" => "my-domain",
            "WorkflowId" | "ProfileId" | "JobId" | "EstimateId" | "SnapshotId" => {
                "0123456789abcdef0123456789abcdef"
            }
            "resourceArn" => "arn%3Aaws%3Aprofile%3Aus-east-1%3A123456789012%3Adomains%2Fmy-domain",
            "TemplateId" => "salesforce-lead",
            "ObjectTypeName" => "SalesforceAccount",
            "AttributeName" => "Address.City",
            "CalculatedAttributeName" => "total_spend",
            "EventStreamName" => "profile-events",
            "EventTriggerName" => "high-value-order",
            "SegmentDefinitionName" => "frequent-buyers",
            _ => "sample-value",
        }
    }

    /// The request path and query for a URI pattern: labels filled with sample values
    /// (a greedy label with two segments), query literals kept.
    pub fn uri_for(pattern: &str) -> String {
        let (path, query) = pattern.split_once('?').unwrap_or((pattern, ""));
        let mut uri = String::new();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            uri.push('/');
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(label) if label.ends_with('+') => uri.push_str("sample/value"),
                Some(label) => uri.push_str(sample(label)),
                None => uri.push_str(segment),
            }
        }
        if uri.is_empty() {
            uri.push('/');
        }
        if !query.is_empty() {
            uri.push('?');
            uri.push_str(query);
        }
        uri
    }

    /// One request per operation, in the model's order, with the operation it is for.
    pub fn requests() -> Vec<(Operation, http::Request<()>)> {
        ROUTES
            .iter()
            .map(|&(operation, method, pattern)| {
                let request = http::Request::builder()
                    .method(method)
                    .uri(uri_for(pattern))
                    .header(http::header::HOST, "profile.us-east-1.amazonaws.com")
                    .body(())
                    .expect("a valid request");
                (operation, request)
            })
            .collect()
    }
}
