//! rpcv2Json messages: rpcv2 (`support/rpc_v2.rs`) with JSON bodies, `Smithy-Protocol:
//! rpc-v2-json`.

use crate::http::ResponseError;
pub(crate) use crate::support::rpc::{
    read_json_input as read_input, read_json_output as read_output, to_json_body as to_body,
};
pub(crate) use crate::support::rpc_v2::check_request;

/// The value of the `Smithy-Protocol` header of every request and response.
const PROTOCOL: &str = "rpc-v2-json";

/// Client side: the request of an operation, its input already JSON (`None`: no input).
pub(crate) fn request(
    path: &'static str,
    media_type: &'static str,
    body: Option<Vec<u8>>,
    query_mode: bool,
) -> ::http::Request<Vec<u8>> {
    crate::support::rpc_v2::request(PROTOCOL, path, media_type, body, query_mode)
}

/// Client side: the error of a response that is not a success (2xx), from the `__type` of its
/// body (this protocol has no other place for it: `code` and `X-Amzn-Errortype` do not count).
pub(crate) fn response_error<E, B: AsRef<[u8]>>(
    response: &::http::Response<B>,
    from_response: fn(&str, u16, &[u8]) -> Result<E, serde_json::Error>,
) -> ResponseError<E> {
    #[derive(serde::Deserialize)]
    struct Type {
        #[serde(rename = "__type")]
        type_: Option<String>,
    }
    let body = response.body().as_ref();
    let code = serde_json::from_slice::<Type>(body)
        .ok()
        .and_then(|t| t.type_)
        .unwrap_or_default();
    match from_response(&code, response.status().as_u16(), body) {
        Ok(error) => ResponseError::Service(error),
        Err(e) => ResponseError::Malformed(crate::http::malformed(None, e)),
    }
}

/// Server side: a 200 response with the output's JSON (`None`: no output).
pub(crate) fn response(
    media_type: &'static str,
    body: Option<Vec<u8>>,
) -> ::http::Response<Vec<u8>> {
    crate::support::rpc_v2::response(PROTOCOL, media_type, body)
}

/// Server side: an error response: its members with `__type` in the body, its status, and
/// the `x-amzn-query-error` header of an `@awsQueryCompatible` service.
pub(crate) fn error_response<E: serde::Serialize>(
    status: u16,
    media_type: &'static str,
    type_: &str,
    error: &E,
    query_error: Option<&str>,
) -> ::http::Response<Vec<u8>> {
    let mut response = self::response(
        media_type,
        Some(crate::support::rpc::typed_error_body(type_, error)),
    );
    crate::support::rpc::set_error_status(&mut response, status, query_error);
    response
}

/// Server side: the response for an error the model does not know.
pub(crate) fn unknown_error_response(
    media_type: &'static str,
    error: &crate::error::UnknownError,
) -> ::http::Response<Vec<u8>> {
    use crate::error::ServiceError as _;
    error_response(
        error.http_status(),
        media_type,
        error.code(),
        &crate::support::rpc::unknown_error_members(error),
        None,
    )
}

/// Server side: the response for a rejection: its members as JSON, its type in `__type`.
pub(crate) fn rejection_response(
    status: u16,
    code: &str,
    body: &crate::http::RejectionBody<'_>,
) -> ::http::Response<Vec<u8>> {
    error_response(
        status,
        "application/json",
        &crate::support::rpc::rejection_type(code),
        body,
        None,
    )
}
