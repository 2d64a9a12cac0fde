//! Generated servers for corpus services with in-memory handlers, served by hyper on
//! 127.0.0.1: SQS (awsJson1_0, `@awsQueryCompatible`) and SageMaker Feature Store Runtime
//! (restJson1). Two binaries use them: `serve`, for boto3's session, and `load`, a bounded
//! load test of the Feature Store server (see each binary's docs).

pub mod featurestore;
pub mod sqs;

use std::convert::Infallible;
use std::net::SocketAddr;

use tokio::net::TcpListener;

/// Binds an ephemeral port on 127.0.0.1 and serves `service` there with hyper (HTTP/1.1, as
/// boto3 speaks, keep-alive), one task per connection, until the runtime stops.
pub async fn listen<S>(service: S) -> SocketAddr
where
    S: hyper::service::Service<
            http::Request<hyper::body::Incoming>,
            Response = http::Response<http_body_util::Full<bytes::Bytes>>,
            Error = Infallible,
        > + Clone
        + Send
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
            stream.set_nodelay(true).ok();
            let service = service.clone();
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

/// The lowercase hex MD5 digest of `text`, as SQS writes it.
pub fn md5_hex(text: &str) -> String {
    use md5::Digest as _;
    md5::Md5::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
