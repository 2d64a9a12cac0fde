//! A GetWorkflow server for the committed crate, with workflows kept in memory, served by
//! hyper on 127.0.0.1. Run it with `cargo run --example get_workflow_server` (it prints
//! requests to try), stop it with Ctrl-C. `PORT` chooses the port (default 3000).

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use customer_profiles::error::{GetWorkflowError, ResourceNotFoundException};
use customer_profiles::server::{Handlers, Operation, Server};
use customer_profiles::types::{GetWorkflowRequest, GetWorkflowResponse, Status, WorkflowType};
use tower_service::Service as _;

/// The shared state: workflows by (domain, workflow id).
struct Workflows {
    known: Mutex<HashMap<(String, String), GetWorkflowResponse>>,
}

impl Handlers for Workflows {
    async fn get_workflow(
        &self,
        input: GetWorkflowRequest,
        _request: &http::request::Parts,
    ) -> Result<GetWorkflowResponse, GetWorkflowError> {
        // The input is already read and checked against every constraint of the model.
        let key = (input.domain_name, input.workflow_id);
        match self.known.lock().unwrap().get(&key) {
            Some(workflow) => Ok(workflow.clone()),
            None => Err(GetWorkflowError::ResourceNotFoundException(
                ResourceNotFoundException {
                    message: Some(format!("no workflow {} in domain {}", key.1, key.0)),
                },
            )),
        }
    }
}

const WORKFLOW: &str = "0123456789abcdef0123456789abcdef";

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let workflow = GetWorkflowResponse {
        workflow_id: Some(WORKFLOW.to_owned()),
        workflow_type: Some(WorkflowType::AppflowIntegration),
        status: Some(Status::InProgress),
        start_date: Some(jiff::Timestamp::now()),
        ..GetWorkflowResponse::default()
    };
    let handlers = Workflows {
        known: Mutex::new(HashMap::from([(
            ("crm".to_owned(), WORKFLOW.to_owned()),
            workflow,
        )])),
    };
    let server = Server::from_handlers(Arc::new(handlers));

    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    let base = format!("http://{}", listener.local_addr()?);
    println!("serving GetWorkflow on {base}; try:");
    let path = |workflow: &str| format!("{base}/domains/crm/workflows/{workflow}");
    for (answer, command) in [
        ("200, the workflow", format!("curl -i {}", path(WORKFLOW))),
        (
            "404, a modeled error",
            format!("curl -i {}", path(&"f".repeat(32))),
        ),
        (
            "400, ValidationException",
            format!("curl -i {}", path("not-an-id")),
        ),
        (
            "405, Allow: GET",
            format!("curl -i -X DELETE {}", path(WORKFLOW)),
        ),
    ] {
        println!("  {answer:<26} {command}");
    }

    loop {
        let (stream, _) = listener.accept().await?;
        let server = server.clone();
        // One line per request, with the operation routing found (in the response's
        // extensions; a layer added with `Server::layer` sees it in the request's).
        let service = hyper::service::service_fn(move |request: http::Request<_>| {
            let mut server = server.clone();
            async move {
                let line = format!("{} {}", request.method(), request.uri());
                let response = server.call(request).await?;
                let operation = response.extensions().get::<Operation>();
                println!(
                    "{line} -> {} ({})",
                    response.status(),
                    operation.map_or("no operation", |op| op.name())
                );
                Ok::<_, Infallible>(response)
            }
        });
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(error) = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await
            {
                eprintln!("connection: {error}");
            }
        });
    }
}
