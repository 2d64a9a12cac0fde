//! The AWS SDK for Rust, as its users run it (its own hyper client, SigV4 signing with static
//! credentials, standard retries), calls our generated server over 127.0.0.1: every outcome
//! of `GetWorkflow`, each read back by the SDK as what the server meant.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use aws_sdk_customerprofiles::config::retry::RetryConfig;
use aws_sdk_customerprofiles::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_customerprofiles::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_customerprofiles::operation::get_workflow::GetWorkflowError as SdkError_;
use aws_sdk_customerprofiles::types as sdk;
use customer_profiles::error::{
    AccessDeniedException, BadRequestException, GetWorkflowError, InternalServerException,
    ResourceNotFoundException, ThrottlingException,
};
use customer_profiles::server::{Handlers, Operation, Server};
use customer_profiles::types::{
    AppflowIntegrationWorkflowAttributes, AppflowIntegrationWorkflowMetrics, GetWorkflowRequest,
    GetWorkflowResponse, SourceConnectorType, Status, WorkflowAttributes, WorkflowMetrics,
    WorkflowType,
};

const WORKFLOW: &str = "0123456789abcdef0123456789abcdef";

/// One workflow in domain `known`; the other domains name the error they answer with. Keeps
/// every call's domain and `Authorization` header, so the test can count attempts and see
/// that the SDK signed them.
#[derive(Default)]
struct Workflows {
    calls: Mutex<Vec<(String, String)>>,
}

impl Workflows {
    fn attempts(&self, domain: &str) -> usize {
        let calls = self.calls.lock().unwrap();
        calls.iter().filter(|(d, _)| d == domain).count()
    }
}

fn message(text: &str) -> Option<String> {
    Some(text.to_owned())
}

impl Handlers for Workflows {
    async fn get_workflow(
        &self,
        input: GetWorkflowRequest,
        request: &http::request::Parts,
    ) -> Result<GetWorkflowResponse, GetWorkflowError> {
        assert_eq!(
            request.extensions.get::<Operation>(),
            Some(&Operation::GetWorkflow)
        );
        let authorization = request
            .headers
            .get(http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        self.calls
            .lock()
            .unwrap()
            .push((input.domain_name.clone(), authorization));
        match input.domain_name.as_str() {
            "known" if input.workflow_id == WORKFLOW => Ok(workflow()),
            "denied" => Err(GetWorkflowError::AccessDeniedException(
                AccessDeniedException {
                    message: message("not yours"),
                },
            )),
            "bad" => Err(GetWorkflowError::BadRequestException(BadRequestException {
                message: message("bad request"),
            })),
            "broken" => Err(GetWorkflowError::InternalServerException(
                InternalServerException {
                    message: message("try later"),
                },
            )),
            "busy" => Err(GetWorkflowError::ThrottlingException(ThrottlingException {
                message: message("slow down"),
            })),
            _ => Err(GetWorkflowError::ResourceNotFoundException(
                ResourceNotFoundException {
                    message: message("no such workflow"),
                },
            )),
        }
    }
}

fn workflow() -> GetWorkflowResponse {
    GetWorkflowResponse {
        workflow_id: Some(WORKFLOW.to_owned()),
        workflow_type: Some(WorkflowType::AppflowIntegration),
        status: Some(Status::InProgress),
        error_description: None,
        start_date: Some("2026-12-07T10:00:00.5Z".parse().unwrap()),
        last_updated_at: Some("2026-12-07T11:30:00Z".parse().unwrap()),
        attributes: Some(WorkflowAttributes {
            appflow_integration: Some(AppflowIntegrationWorkflowAttributes {
                source_connector_type: SourceConnectorType::Salesforce,
                connector_profile_name: "crm".to_owned(),
                role_arn: Some("arn:aws:iam::123456789012:role/flows".to_owned()),
            }),
        }),
        metrics: Some(WorkflowMetrics {
            appflow_integration: Some(AppflowIntegrationWorkflowMetrics {
                records_processed: 1200,
                steps_completed: 3,
                total_steps: 4,
            }),
        }),
    }
}

/// Serves `server` with hyper on an ephemeral 127.0.0.1 port until the runtime ends.
async fn serve(server: Server<customer_profiles::server::Dispatch<Workflows>>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let service = hyper_util::service::TowerToHyperService::new(server.clone());
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                // A connection the client drops mid-request is the client's business.
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await
                    .ok();
            });
        }
    });
    addr
}

/// The SDK's client for `addr`: its own plain-HTTP hyper client, static credentials (so every
/// request is SigV4-signed), and standard retries with a short backoff so the test is quick.
fn sdk_client(addr: SocketAddr) -> aws_sdk_customerprofiles::Client {
    let config = aws_sdk_customerprofiles::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(format!("http://{addr}"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "test",
        ))
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build();
    aws_sdk_customerprofiles::Client::from_conf(config)
}

/// The SDK's modeled error, with its code and message, for a call that failed.
fn service_error<R: std::fmt::Debug>(
    result: Result<impl std::fmt::Debug, SdkError<SdkError_, R>>,
) -> SdkError_ {
    match result {
        Err(SdkError::ServiceError(error)) => error.into_err(),
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sdk_reads_every_outcome_of_our_server() {
    let handlers = std::sync::Arc::new(Workflows::default());
    let addr = serve(Server::from_handlers(handlers.clone())).await;
    let client = sdk_client(addr);
    let get = |domain: &str, workflow: &str| {
        client
            .get_workflow()
            .domain_name(domain)
            .workflow_id(workflow)
            .send()
    };

    // Success: every member, timestamps (fractional seconds too), enums and nested structures.
    let output = get("known", WORKFLOW).await.expect("the workflow");
    assert_eq!(output.workflow_id(), Some(WORKFLOW));
    assert_eq!(
        output.workflow_type(),
        Some(&sdk::WorkflowType::AppflowIntegration)
    );
    assert_eq!(output.status(), Some(&sdk::Status::InProgress));
    assert_eq!(output.error_description(), None);
    let start = output.start_date().unwrap();
    assert_eq!(
        (start.secs(), start.subsec_nanos()),
        (1_796_637_600, 500_000_000)
    );
    assert_eq!(output.last_updated_at().unwrap().secs(), 1_796_643_000);
    let attributes = output.attributes().unwrap().appflow_integration().unwrap();
    assert_eq!(
        attributes.source_connector_type(),
        &sdk::SourceConnectorType::Salesforce
    );
    assert_eq!(attributes.connector_profile_name(), "crm");
    assert_eq!(
        attributes.role_arn(),
        Some("arn:aws:iam::123456789012:role/flows")
    );
    let metrics = output.metrics().unwrap().appflow_integration().unwrap();
    assert_eq!(
        (
            metrics.records_processed(),
            metrics.steps_completed(),
            metrics.total_steps()
        ),
        (1200, 3, 4)
    );

    // Each modeled error comes back as the SDK's variant of it, with its message. The SDK
    // retries the 500 and the throttling error (three attempts in all), and nothing else.
    let error = service_error(get("denied", WORKFLOW).await);
    assert!(
        matches!(error, SdkError_::AccessDeniedException(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("not yours"));
    let error = service_error(get("bad", WORKFLOW).await);
    assert!(
        matches!(error, SdkError_::BadRequestException(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("bad request"));
    let error = service_error(get("broken", WORKFLOW).await);
    assert!(
        matches!(error, SdkError_::InternalServerException(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("try later"));
    let error = service_error(get("busy", WORKFLOW).await);
    assert!(
        matches!(error, SdkError_::ThrottlingException(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("slow down"));
    let error = service_error(get("gone", WORKFLOW).await);
    assert!(
        matches!(error, SdkError_::ResourceNotFoundException(_)),
        "{error:?}"
    );
    assert_eq!(error.message(), Some("no such workflow"));
    let attempts: HashMap<_, _> = ["known", "denied", "bad", "broken", "busy", "gone"]
        .into_iter()
        .map(|domain| (domain, handlers.attempts(domain)))
        .collect();
    let expected: HashMap<_, _> = [
        ("known", 1),
        ("denied", 1),
        ("bad", 1),
        ("broken", 3),
        ("busy", 3),
        ("gone", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(attempts, expected);

    // Every request the handler saw was signed by the SDK, and the server let it through:
    // checking the signature is a layer's business, not the router's.
    for (_, authorization) in handlers.calls.lock().unwrap().iter() {
        assert!(
            authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
            "{authorization:?}"
        );
    }

    // A validation failure: the SDK checks no constraints, so a domain name outside the
    // model's pattern reaches the server, which refuses it before the handler with Smithy's
    // `ValidationException` (not one of GetWorkflow's modeled errors, so the SDK's
    // `Unhandled`, with the code and the message that names the member).
    let calls_before = handlers.calls.lock().unwrap().len();
    let error = service_error(get("no.dots", WORKFLOW).await);
    assert!(!error.is_bad_request_exception(), "{error:?}");
    assert_eq!(error.code(), Some("ValidationException"));
    let text = error.message().unwrap_or_default();
    assert!(text.contains("DomainName"), "{text}");
    let error = service_error(get("known", "not-a-uuid").await);
    assert_eq!(error.code(), Some("ValidationException"));
    assert_eq!(handlers.calls.lock().unwrap().len(), calls_before);
}
