//! The generated server as a `tower` service, driven without I/O: routing, the handler's
//! outcomes, rejections in restJson1's error shape, the body limit, panics, and layers that see
//! the operation.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use customer_profiles::error::{GetWorkflowError, ResourceNotFoundException};
use customer_profiles::server::{
    ForOperation, Handlers, InternalFailure, Operation, ResponseBody, Server,
};
use customer_profiles::types::{GetWorkflowRequest, GetWorkflowResponse, Status};
use http_body_util::{BodyExt as _, Full};

const ID: &str = "0123456789abcdef0123456789abcdef";

/// Runs a future that never waits on I/O (every future here) to its end.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// Workflows by domain: `known` exists, `boom` panics, anything else is not found.
struct Workflows;

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
        match input.domain_name.as_str() {
            "known" => Ok(GetWorkflowResponse::builder()
                .workflow_id(input.workflow_id)
                .status(Status::Complete)
                .build()
                .unwrap()),
            "boom" => panic!("the handler failed"),
            _ => Err(GetWorkflowError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .message("no such domain")
                    .build()
                    .unwrap(),
            )),
        }
    }
}

fn call<S>(service: &mut S, method: &str, uri: &str, body: &str) -> http::Response<ResponseBody>
where
    S: tower_service::Service<
            http::Request<Full<Bytes>>,
            Response = http::Response<ResponseBody>,
            Error = std::convert::Infallible,
        >,
{
    let request = http::Request::builder()
        .method(method)
        .uri(uri)
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    match block_on(service.call(request)) {
        Ok(response) => response,
    }
}

fn body(response: http::Response<ResponseBody>) -> String {
    let bytes = block_on(response.into_body().collect()).unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn path(domain: &str) -> String {
    format!("/domains/{domain}/workflows/{ID}")
}

#[test]
fn a_request_reaches_its_handler_and_the_output_is_written() {
    let mut server = Server::new(Workflows);
    let response = call(&mut server, "GET", &path("known"), "");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.extensions().get::<Operation>(),
        Some(&Operation::GetWorkflow)
    );
    assert_eq!(
        body(response),
        format!(r#"{{"WorkflowId":"{ID}","Status":"COMPLETE"}}"#)
    );
}

#[test]
fn a_modeled_error_is_written_with_its_status_and_type() {
    let mut server = Server::new(Workflows);
    let response = call(&mut server, "GET", &path("other"), "");
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "ResourceNotFoundException"
    );
    assert_eq!(body(response), r#"{"Message":"no such domain"}"#);
}

#[test]
fn an_invalid_input_is_a_validation_exception_before_the_handler() {
    let mut server = Server::new(Workflows);
    let response = call(&mut server, "GET", "/domains/known/workflows/short", "");
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "ValidationException"
    );
    assert!(body(response).contains("/WorkflowId"));
}

#[test]
fn routing_answers_unknown_operations_and_wrong_methods() {
    let mut server = Server::new(Workflows);
    let response = call(&mut server, "GET", "/domains/known/workflows/", "");
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "UnknownOperationException"
    );
    assert_eq!(response.extensions().get::<Operation>(), None);

    let response = call(&mut server, "DELETE", &path("known"), "");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "MethodNotAllowedException"
    );
}

#[test]
fn a_body_over_the_limit_is_a_413() {
    let mut server = Server::new(Workflows).body_limit(8);
    let response = call(
        &mut server,
        "GET",
        &path("known"),
        "{\"a\": \"0123456789\"}",
    );
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "PayloadTooLargeException"
    );
    // The body is left unread, so the connection cannot carry another request.
    assert_eq!(response.headers()["connection"], "close");
    assert_eq!(call(&mut server, "GET", &path("known"), "{}").status(), 200);
}

#[test]
fn a_panic_is_a_500_and_the_service_still_serves() {
    let mut server = Server::new(Workflows);
    let response = call(&mut server, "GET", &path("boom"), "");
    assert_eq!(response.status(), 500);
    assert_eq!(
        response.headers()["x-amzn-errortype"],
        "InternalFailureException"
    );
    let failure = response.extensions().get::<InternalFailure>().unwrap();
    assert!(
        failure.message.contains("the handler failed"),
        "{failure:?}"
    );
    assert_eq!(call(&mut server, "GET", &path("known"), "").status(), 200);
}

/// A layer counting the requests of one operation, and refusing every request whose domain is
/// `refused` with an error of its own.
#[derive(Clone)]
struct Count<S> {
    inner: S,
    seen: &'static AtomicUsize,
}

struct CountLayer(&'static AtomicUsize);

impl<S> tower_layer::Layer<S> for CountLayer {
    type Service = Count<S>;

    fn layer(&self, inner: S) -> Count<S> {
        Count {
            inner,
            seen: self.0,
        }
    }
}

impl<S, B> tower_service::Service<http::Request<B>> for Count<S>
where
    S: tower_service::Service<http::Request<B>, Error = std::convert::Infallible>,
    S::Response: Send + 'static,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = String;
    type Future = customer_profiles::server::BoxFuture<Result<S::Response, String>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), String>> {
        self.inner.poll_ready(cx).map_err(|e| match e {})
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        if request.extensions().get::<Operation>() == Some(&Operation::GetWorkflow) {
            self.seen.fetch_add(1, Ordering::Relaxed);
        }
        if request.uri().path().contains("/refused/") {
            return Box::pin(std::future::ready(Err("refused by the layer".to_owned())));
        }
        let future = self.inner.call(request);
        Box::pin(async move { future.await.map_err(|e| match e {}) })
    }
}

#[test]
fn a_layer_sees_the_operation_and_its_error_is_a_500() {
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    let mut server = Server::new(Workflows).layer(CountLayer(&SEEN));
    assert_eq!(call(&mut server, "GET", &path("known"), "").status(), 200);
    // Routing answers this one: the layer never sees it.
    assert_eq!(call(&mut server, "GET", "/nothing", "").status(), 404);
    let response = call(&mut server, "GET", &path("refused"), "");
    assert_eq!(response.status(), 500);
    assert_eq!(
        response
            .extensions()
            .get::<InternalFailure>()
            .unwrap()
            .message,
        "refused by the layer"
    );
    assert_eq!(SEEN.load(Ordering::Relaxed), 2);
}

/// Answers 200 to everything: the inner service of a layer tested on its own.
#[derive(Clone)]
struct Always200;

impl<B> tower_service::Service<http::Request<B>> for Always200 {
    type Response = http::Response<ResponseBody>;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _request: http::Request<B>) -> Self::Future {
        std::future::ready(Ok(http::Response::new(ResponseBody::default())))
    }
}

#[test]
fn a_layer_for_one_operation_sees_only_its_requests() {
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    let mut server = Server::new(Workflows).layer_for(Operation::GetWorkflow, CountLayer(&SEEN));
    assert_eq!(call(&mut server, "GET", &path("known"), "").status(), 200);
    assert_eq!(call(&mut server, "GET", &path("refused"), "").status(), 500);
    assert_eq!(SEEN.load(Ordering::Relaxed), 2);

    // A request of no operation (one that did not come through routing) skips the layer.
    static OTHERS: AtomicUsize = AtomicUsize::new(0);
    let layer = ForOperation {
        operation: Operation::GetWorkflow,
        layer: CountLayer(&OTHERS),
    };
    let mut only = tower_layer::Layer::layer(&layer, Always200);
    let request = |operation: Option<Operation>| {
        let mut request = http::Request::new(Full::new(Bytes::from_static(b"")));
        if let Some(operation) = operation {
            request.extensions_mut().insert(operation);
        }
        request
    };
    let status = |response: Result<http::Response<ResponseBody>, _>| match response {
        Ok(response) => response.status(),
        Err(e) => panic!("the layer failed: {e}"),
    };
    let unrouted = block_on(tower_service::Service::call(&mut only, request(None)));
    assert_eq!(status(unrouted), 200);
    assert_eq!(OTHERS.load(Ordering::Relaxed), 0);
    let routed = tower_service::Service::call(&mut only, request(Some(Operation::GetWorkflow)));
    assert_eq!(status(block_on(routed)), 200);
    assert_eq!(OTHERS.load(Ordering::Relaxed), 1);
}
