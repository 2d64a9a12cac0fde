//! The committed crate's server mounted in an axum application beside routes of its own, with
//! no glue: `Server` is a `tower` service whose errors are `Infallible`. Run it with
//! `cargo run --example get_workflow_axum` (`PORT`, default 3000, on 127.0.0.1).

use customer_profiles::error::{GetWorkflowError, ResourceNotFoundException};
use customer_profiles::server::{Handlers, Server};
use customer_profiles::types::{GetWorkflowRequest, GetWorkflowResponse};

/// Knows no workflow: every lookup is a modeled 404.
struct NoWorkflows;

impl Handlers for NoWorkflows {
    async fn get_workflow(
        &self,
        input: GetWorkflowRequest,
        _request: &http::request::Parts,
    ) -> Result<GetWorkflowResponse, GetWorkflowError> {
        Err(GetWorkflowError::ResourceNotFoundException(
            ResourceNotFoundException {
                message: Some(format!("no workflow {}", input.workflow_id)),
            },
        ))
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // axum's own routes first; every other request goes to the Smithy service, which answers
    // the ones no operation takes in the protocol's error shape.
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .fallback_service(Server::new(NoWorkflows));
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!(
        "serving on http://{}: try /health and /domains/crm/workflows/{}",
        listener.local_addr()?,
        "f".repeat(32)
    );
    axum::serve(listener, app).await
}
