//! Serves the two generated servers on 127.0.0.1, each on a port of its own, for clients
//! nobody here wrote (boto3): SQS and SageMaker Feature Store Runtime, in-memory handlers.
//!
//! Prints `sqs http://127.0.0.1:PORT` and `featurestore http://127.0.0.1:PORT` on stdout once
//! both listen, logs one line per request on stderr, and stops when its stdin closes (the
//! parent, `cargo xtask real-clients`, holds it) or after `LIFETIME` at most.

use std::convert::Infallible;
use std::io::Write as _;
use std::time::Duration;

use real_clients::{featurestore, listen, sqs};
use tokio::io::AsyncReadExt as _;

/// The longest the servers run, whatever the parent does.
const LIFETIME: Duration = Duration::from_secs(300);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sqs = logged("sqs", ::sqs::server::Server::new(sqs::Queues::default())).await;
    let featurestore = logged(
        "featurestore",
        ::featurestore_runtime::server::Server::new(featurestore::Records::default()),
    )
    .await;
    println!("sqs http://{sqs}");
    println!("featurestore http://{featurestore}");
    std::io::stdout().flush().ok();

    let closed = async {
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 64];
        while stdin.read(&mut buf).await.is_ok_and(|n| n > 0) {}
    };
    tokio::select! {
        () = closed => {}
        () = tokio::time::sleep(LIFETIME) => eprintln!("stopping after {LIFETIME:?}"),
    }
}

/// Serves `server` on 127.0.0.1 ([`listen`]), logging each request and its answer.
async fn logged<S>(name: &'static str, server: S) -> std::net::SocketAddr
where
    S: tower_service::Service<
            http::Request<hyper::body::Incoming>,
            Response = http::Response<http_body_util::Full<bytes::Bytes>>,
            Error = Infallible,
        > + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send,
{
    listen(hyper::service::service_fn(move |request| {
        let mut server = server.clone();
        async move {
            let line = describe(name, &request);
            let response = server.call(request).await?;
            log(&line, &response);
            Ok::<_, Infallible>(response)
        }
    }))
    .await
}

/// What a log line says of a request: the service, method and URI, the `X-Amz-Target` of an
/// RPC protocol, who sent it (`boto3` or not) and whether it came SigV4-signed.
fn describe<B>(name: &str, request: &http::Request<B>) -> String {
    let header = |name: http::header::HeaderName| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    };
    let target = header(http::header::HeaderName::from_static("x-amz-target"));
    let client = if header(http::header::USER_AGENT).starts_with("Boto3/") {
        "boto3"
    } else {
        "other"
    };
    let signed = if header(http::header::AUTHORIZATION).starts_with("AWS4-HMAC-SHA256 ") {
        "sigv4"
    } else {
        "unsigned"
    };
    format!(
        "{name}: {client} {signed} {} {}{}{target}",
        request.method(),
        request.uri(),
        if target.is_empty() { "" } else { " " },
    )
}

/// One line on stderr per request: what was asked, the status, and the error type of an
/// error answer (what the parent reports as what surprised the server).
fn log<B>(request: &str, response: &http::Response<B>) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(|value| format!(" {name}: {value}"))
            .unwrap_or_default()
    };
    eprintln!(
        "{request} -> {}{}{}",
        response.status().as_u16(),
        header("x-amzn-errortype"),
        header("x-amzn-query-error"),
    );
}
