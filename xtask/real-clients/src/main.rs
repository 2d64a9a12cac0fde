//! Serves two generated servers on 127.0.0.1, each on a port of its own, for clients nobody
//! here wrote: SQS (awsJson1_0, `@awsQueryCompatible`) and SageMaker Feature Store Runtime
//! (restJson1), both with in-memory handlers.
//!
//! Prints `sqs http://127.0.0.1:PORT` and `featurestore http://127.0.0.1:PORT` on stdout once
//! both listen, logs one line per request on stderr, and stops when its stdin closes (the
//! parent, `cargo xtask real-clients`, holds it) or after `LIFETIME` at most.

mod featurestore;
mod sqs;

use std::convert::Infallible;
use std::io::Write as _;
use std::time::Duration;

use tokio::io::AsyncReadExt as _;
use tokio::net::TcpListener;

/// The longest the servers run, whatever the parent does.
const LIFETIME: Duration = Duration::from_secs(300);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sqs = listen("sqs", ::sqs::server::Server::new(sqs::Queues::default())).await;
    let featurestore = listen(
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

/// Binds an ephemeral port on 127.0.0.1 and serves `server` there with hyper (HTTP/1.1, as
/// boto3 speaks), one task per connection.
async fn listen<S>(name: &'static str, server: S) -> std::net::SocketAddr
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
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let server = server.clone();
            let service = hyper::service::service_fn(move |request| {
                let mut server = server.clone();
                async move {
                    let line = describe(name, &request);
                    let response = server.call(request).await?;
                    log(&line, &response);
                    Ok::<_, Infallible>(response)
                }
            });
            tokio::spawn(async move {
                let io = hyper_util::rt::TokioIo::new(stream);
                // A client that drops its connection mid-request is the client's business.
                hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await
                    .ok();
            });
        }
    });
    addr
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

/// The lowercase hex MD5 digest of `text`, as SQS writes it.
fn md5_hex(text: &str) -> String {
    use md5::Digest as _;
    md5::Md5::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
