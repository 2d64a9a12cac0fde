//! The support modules of generated crates (`codegen/runtime/*.rs`), compiled as one crate laid
//! out like a generated one, so that every `crate::...` path they use resolves: a crate with every
//! module, of restJson1 (`support::protocol` is `http`). `codegen/src/emit/support.rs` lists the
//! modules and ships them as written; this file is not shipped. Clippy, rustfmt and rustdoc see
//! them here, and `codegen/tests/runtime.rs` tests them through this crate.

#![forbid(unsafe_code)]
// The crate-private items and re-exports that generated code (operation functions, `Validate`
// impls) calls are not used here.
#![allow(
    dead_code,
    unused_imports,
    reason = "the generated code that uses them is not in this crate"
)]

pub mod http;
pub mod number;
pub mod timestamp;
pub mod validation;

/// The generated `error.rs` re-exports what its errors share.
pub mod error {
    pub use crate::support::error::{
        BuildError, ErrorFault, ServiceError, UnknownError, sanitize_error_code,
    };
}

/// Private in generated crates; public here for the tests only, and hidden from the
/// documentation as in a generated crate. Its modules are files next to this one.
#[doc(hidden)]
#[path = "."]
pub mod support {
    pub mod aws_json;
    pub mod blob;
    pub mod compression;
    pub mod endpoint;
    pub mod endpoint_partitions;
    pub mod enums;
    pub mod error;
    pub mod rpc;
    pub mod rpc_v2;
    pub mod rpc_v2_cbor;
    pub mod rpc_v2_json;
    pub mod wire;

    #[cfg(feature = "server")]
    pub mod router;
    #[cfg(feature = "server")]
    pub mod server;

    pub(crate) use crate::http as protocol;
}

/// A stand-in for the generated `server.rs`, which the server support modules call: a service of
/// one operation, `Ping` (`GET /ping`), whose handler returns the body to send.
#[cfg(feature = "server")]
pub mod server {
    pub use crate::support::server::*;

    /// The operations of the service.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Operation {
        Ping,
    }

    /// The handlers of the service's operations.
    pub trait Handlers: Send + Sync + 'static {
        fn ping(
            &self,
            request: &::http::request::Parts,
        ) -> impl Future<Output = Result<String, String>> + Send;
    }

    /// The operation a request is for.
    pub fn route<B>(
        request: &::http::Request<B>,
    ) -> Result<Operation, crate::http::RequestRejection> {
        use crate::support::router::{Route, Router};
        static ROUTER: std::sync::LazyLock<Router<Operation>> = std::sync::LazyLock::new(|| {
            Router::new(&[Route {
                method: "GET",
                uri: "/ping",
                value: Operation::Ping,
            }])
        });
        ROUTER.route_request(request)
    }

    /// Calls the handler of a routed request.
    pub async fn dispatch<H: Handlers>(
        handlers: &H,
        operation: Operation,
        request: ::http::Request<::bytes::Bytes>,
    ) -> ::http::Response<Vec<u8>> {
        match operation {
            Operation::Ping => {
                let (parts, _) = request.into_parts();
                match handlers.ping(&parts).await {
                    Ok(text) => ::http::Response::new(text.into_bytes()),
                    Err(_) => crate::http::internal_failure_response(),
                }
            }
        }
    }
}

pub use crate::error::BuildError;
pub use crate::validation::{Validate, ValidationError};
