//! Serving the service over `tower` and `hyper`: what every generated server shares.
//!
//! A [`Server`] is a [`tower_service::Service`] over `http::Request<B>` for any
//! [`http_body::Body`] `B`. It routes each request to an operation (answering an unknown
//! operation, a wrong method or a malformed route in the protocol's own error shape), records the
//! [`Operation`] in the request's extensions, and hands the request to its inner service: the
//! [`Dispatch`] of the user's [`Handlers`], wrapped in whatever layers [`Server::layer`] added.
//! `Dispatch` collects the body (up to a limit, [`DEFAULT_BODY_LIMIT`] unless
//! [`Server::body_limit`] says otherwise), reads and validates the input, calls the handler and
//! writes its output or error. A handler's panic or a layer's error becomes a 500
//! `InternalFailureException`; the connection stays up.

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::BodyExt as _;

use crate::http::RequestRejection;
use crate::server::{Handlers, Operation};

/// The largest request body a server reads unless told otherwise: 2 MiB (what axum allows by
/// default). A longer body is answered with a 413 before the handler runs.
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The body of every response a server writes.
pub type ResponseBody = http_body_util::Full<Bytes>;

/// A boxed, sendable future, as the services here return.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

/// An error of any kind, as body and layer errors are carried.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Put in the extensions of a 500 response that a panic or a layer's error caused, with what was
/// known of the cause, for a logging layer around the server to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalFailure {
    /// The panic's message or the error's `Display` text.
    pub message: String,
}

/// The service: routing in front of an inner service `S` (by default the [`Dispatch`] of the
/// handlers), as the crate's `server` module describes.
#[derive(Debug, Clone)]
pub struct Server<S> {
    inner: S,
}

impl<H: Handlers> Server<Dispatch<H>> {
    /// A server for the operations `handlers` implements, reading bodies up to
    /// [`DEFAULT_BODY_LIMIT`].
    pub fn new(handlers: H) -> Self {
        Server::from_handlers(Arc::new(handlers))
    }

    /// A server for handlers already shared (the same handlers may serve several listeners).
    pub fn from_handlers(handlers: Arc<H>) -> Self {
        Server {
            inner: Dispatch {
                handlers,
                body_limit: DEFAULT_BODY_LIMIT,
            },
        }
    }

    /// Sets the largest request body the server reads, in bytes (call it before [`Self::layer`]).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.inner.body_limit = bytes;
        self
    }
}

impl<S> Server<S> {
    /// Wraps the inner service in a `tower` layer. The layer runs after routing, so every request
    /// it sees carries its [`Operation`] in its extensions (for metrics, logging or auth, or to
    /// act on one operation only), and before the body is read, so it can refuse a request
    /// without reading it. A layer's error becomes a 500 in the protocol's error shape. Layers
    /// around the whole `Server` see every request, routed or not; the response they get carries
    /// the `Operation` in its extensions.
    pub fn layer<L: tower_layer::Layer<S>>(self, layer: L) -> Server<L::Service> {
        Server {
            inner: layer.layer(self.inner),
        }
    }

    /// Wraps the inner service in a `tower` layer for the requests of one operation only; the
    /// others go to the inner service as they are (see [`Self::layer`], and [`ForOperation`]).
    pub fn layer_for<L>(self, operation: Operation, layer: L) -> Server<OnlyFor<S, L::Service>>
    where
        L: tower_layer::Layer<S>,
        S: Clone,
    {
        self.layer(ForOperation { operation, layer })
    }
}

/// A `tower` layer that applies `layer` to the requests of one [`Operation`] only (by the
/// operation routing put in the request's extensions); [`Server::layer_for`] adds one.
#[derive(Debug, Clone)]
pub struct ForOperation<L> {
    pub operation: Operation,
    pub layer: L,
}

impl<L: tower_layer::Layer<S>, S: Clone> tower_layer::Layer<S> for ForOperation<L> {
    type Service = OnlyFor<S, L::Service>;

    fn layer(&self, inner: S) -> Self::Service {
        OnlyFor {
            operation: self.operation,
            layered: self.layer.layer(inner.clone()),
            inner,
        }
    }
}

/// The service of [`ForOperation`]: requests of `operation` go through `layered`, the others
/// straight to `inner`. Errors of either become a [`BoxError`] (a 500 under [`Server`]).
#[derive(Debug, Clone)]
pub struct OnlyFor<S, T> {
    operation: Operation,
    layered: T,
    inner: S,
}

impl<S, T, B, R> tower_service::Service<::http::Request<B>> for OnlyFor<S, T>
where
    S: tower_service::Service<::http::Request<B>, Response = R>,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    T: tower_service::Service<::http::Request<B>, Response = R>,
    T::Error: Into<BoxError>,
    T::Future: Send + 'static,
{
    type Response = R;
    type Error = BoxError;
    type Future = BoxFuture<Result<R, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Either may get the next request: both must be ready.
        match self.inner.poll_ready(cx) {
            Poll::Ready(Ok(())) => self.layered.poll_ready(cx).map_err(Into::into),
            other => other.map_err(Into::into),
        }
    }

    fn call(&mut self, request: ::http::Request<B>) -> Self::Future {
        if request.extensions().get::<Operation>() == Some(&self.operation) {
            let called = self.layered.call(request);
            Box::pin(async move { called.await.map_err(Into::into) })
        } else {
            let called = self.inner.call(request);
            Box::pin(async move { called.await.map_err(Into::into) })
        }
    }
}

impl<S, B, E> tower_service::Service<::http::Request<B>> for Server<S>
where
    S: tower_service::Service<
            ::http::Request<B>,
            Response = ::http::Response<ResponseBody>,
            Error = E,
        > + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    E: std::fmt::Display,
    B: Send + 'static,
{
    type Response = ::http::Response<ResponseBody>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // Each call readies its own clone of the inner service, as axum's router does, so a
        // request that routing answers holds no capacity of the inner one.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut request: ::http::Request<B>) -> Self::Future {
        let operation = match crate::server::route(&request) {
            Ok(operation) => operation,
            Err(rejection) => {
                let response = into_response(rejection.to_response());
                return Box::pin(std::future::ready(Ok(response)));
            }
        };
        request.extensions_mut().insert(operation);
        let mut inner = self.inner.clone();
        Box::pin(async move {
            // Pinned in this future's own state: no second allocation per request.
            let called = std::pin::pin!(async move {
                std::future::poll_fn(|cx| inner.poll_ready(cx)).await?;
                inner.call(request).await
            });
            let mut response = match CatchPanic(called).await {
                Ok(Ok(response)) => response,
                Ok(Err(error)) => internal_failure(error.to_string()),
                Err(panic) => internal_failure(panic_message(panic.as_ref())),
            };
            response.extensions_mut().insert(operation);
            Ok(response)
        })
    }
}

/// The service under the routing: reads the body of a request already routed, and calls the
/// operation's handler.
#[derive(Debug)]
pub struct Dispatch<H> {
    handlers: Arc<H>,
    body_limit: usize,
}

impl<H> Clone for Dispatch<H> {
    fn clone(&self) -> Self {
        Dispatch {
            handlers: Arc::clone(&self.handlers),
            body_limit: self.body_limit,
        }
    }
}

impl<H, B> tower_service::Service<::http::Request<B>> for Dispatch<H>
where
    H: Handlers,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = ::http::Response<ResponseBody>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: ::http::Request<B>) -> Self::Future {
        let handlers = Arc::clone(&self.handlers);
        let limit = self.body_limit;
        Box::pin(async move {
            // A request that did not come through `Server` is routed here.
            let operation = match request.extensions().get::<Operation>() {
                Some(operation) => *operation,
                None => match crate::server::route(&request) {
                    Ok(operation) => operation,
                    Err(rejection) => return Ok(into_response(rejection.to_response())),
                },
            };
            let request = match collect(request, limit).await {
                Ok(request) => request,
                Err(rejection) => {
                    // The rest of the body stays unread, so the connection cannot carry another
                    // request: hyper closes it after this answer, and `Connection: close` tells
                    // the client not to send its next request on it (a load test lost those).
                    let mut response = into_response(rejection.to_response());
                    response.headers_mut().insert(
                        ::http::header::CONNECTION,
                        ::http::HeaderValue::from_static("close"),
                    );
                    return Ok(response);
                }
            };
            Ok(into_response(
                crate::server::dispatch(&*handlers, operation, request).await,
            ))
        })
    }
}

/// Reads a request's whole body, refusing one longer than `limit` bytes with a 413 (before
/// reading anything when its `Content-Length` says so).
pub async fn collect<B>(
    request: ::http::Request<B>,
    limit: usize,
) -> Result<::http::Request<Bytes>, RequestRejection>
where
    B: http_body::Body,
    B::Error: Into<BoxError>,
{
    let declared = request
        .headers()
        .get(::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(RequestRejection::PayloadTooLarge { limit });
    }
    let (parts, body) = request.into_parts();
    // Most requests of `GET` and `DELETE` operations have no body: nothing to read.
    if http_body::Body::is_end_stream(&body) {
        return Ok(::http::Request::from_parts(parts, Bytes::new()));
    }
    let collected = http_body_util::Limited::new(body, limit)
        .collect()
        .await
        .map_err(|e| {
            if e.is::<http_body_util::LengthLimitError>() {
                RequestRejection::PayloadTooLarge { limit }
            } else {
                RequestRejection::Serialization(format!("the body could not be read: {e}"))
            }
        })?;
    Ok(::http::Request::from_parts(parts, collected.to_bytes()))
}

/// A response of the operation functions, with the body a server sends.
pub fn into_response(response: ::http::Response<Vec<u8>>) -> ::http::Response<ResponseBody> {
    response.map(|body| ResponseBody::new(Bytes::from(body)))
}

/// The 500 for a failure, with the failure in its extensions.
fn internal_failure(message: String) -> ::http::Response<ResponseBody> {
    let mut response = into_response(crate::http::internal_failure_response());
    response
        .extensions_mut()
        .insert(InternalFailure { message });
    response
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(text), _) => format!("handler panicked: {text}"),
        (_, Some(text)) => format!("handler panicked: {text}"),
        _ => "handler panicked".to_owned(),
    }
}

/// A future that turns a panic while it is polled into an error.
struct CatchPanic<'a, F>(Pin<&'a mut F>);

impl<F: Future> Future for CatchPanic<'_, F> {
    type Output = Result<F::Output, Box<dyn std::any::Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// Routing for the awsJson protocols: a `POST /` naming the operation in `X-Amz-Target` as
/// `{service}.{operation}`; `operations` holds each operation's name and value, sorted by name.
pub fn route_by_target<T: Copy, B>(
    request: &::http::Request<B>,
    service: &str,
    operations: &[(&str, T)],
) -> Result<T, RequestRejection> {
    if request.method() != ::http::Method::POST {
        return Err(RequestRejection::MethodNotAllowed(vec!["POST"]));
    }
    if request.uri().path() != "/" {
        return Err(RequestRejection::NotFound);
    }
    let target = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .ok_or(RequestRejection::NotFound)?;
    let name = target
        .strip_prefix(service)
        .and_then(|t| t.strip_prefix('.'))
        .ok_or(RequestRejection::NotFound)?;
    find(operations, name)
}

/// Routing for the rpcv2 protocols: a `POST` to `{prefix}/service/{service}/operation/{operation}`
/// (the service by its name, or by its absolute shape id with `.` for `#`) carrying
/// `Smithy-Protocol: {protocol}`; `operations` as for [`route_by_target`].
pub fn route_rpc_v2<T: Copy, B>(
    request: &::http::Request<B>,
    protocol: &str,
    service: &str,
    namespace: &str,
    operations: &[(&str, T)],
) -> Result<T, RequestRejection> {
    let mut parts = request.uri().path().rsplit('/');
    let (Some(operation), Some("operation"), Some(named), Some("service")) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(RequestRejection::NotFound);
    };
    let absolute = named
        .strip_prefix(namespace)
        .and_then(|n| n.strip_prefix('.'));
    if named != service && absolute != Some(service) {
        return Err(RequestRejection::NotFound);
    }
    let found = find(operations, operation)?;
    if request.method() != ::http::Method::POST {
        return Err(RequestRejection::MethodNotAllowed(vec!["POST"]));
    }
    // The body's format is the protocol's: a request of another rpcv2 format, or of none, names
    // no operation of this service.
    let header = request
        .headers()
        .get("smithy-protocol")
        .map(|v| v.as_bytes());
    if header != Some(protocol.as_bytes()) {
        return Err(RequestRejection::NotFound);
    }
    Ok(found)
}

fn find<T: Copy>(operations: &[(&str, T)], name: &str) -> Result<T, RequestRejection> {
    operations
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .map(|at| operations[at].1)
        .map_err(|_| RequestRejection::NotFound)
}
