//! awsJson1_0 and awsJson1_1 messages: every request is a `POST /` naming its operation in
//! `X-Amz-Target`, with the whole input as its JSON body; responses carry the output, or the
//! error's members with its type in `__type`.

pub(crate) use crate::http::rejection_response;
use crate::http::{RequestRejection, ResponseError};
pub(crate) use crate::support::rpc::{
    read_json_input as read_input, read_json_output as read_output, to_json_body as to_body,
};

/// Client side: the request of an operation, its input already JSON (`None`: the operation has no
/// input, and sends an empty object all the same).
pub(crate) fn request(
    target: &'static str,
    media_type: &'static str,
    body: Option<Vec<u8>>,
    query_mode: bool,
) -> ::http::Request<Vec<u8>> {
    let mut request = ::http::Request::new(Vec::new());
    *request.method_mut() = ::http::Method::POST;
    *request.uri_mut() = ::http::Uri::from_static("/");
    let headers = request.headers_mut();
    // A target is `Service.Operation`, two Smithy identifiers: a valid header value.
    headers.insert("x-amz-target", ::http::HeaderValue::from_static(target));
    if query_mode {
        // The service understands awsQuery's error codes (`@awsQueryCompatible`).
        headers.insert(
            "x-amzn-query-mode",
            ::http::HeaderValue::from_static("true"),
        );
    }
    crate::http::set_body(
        &mut request,
        body.unwrap_or_else(|| b"{}".to_vec()),
        media_type,
    );
    request
}

/// Client side: the error of a response that is not a success (2xx), from its code (the
/// `X-Amzn-Errortype` header, else the body's `code` or `__type`).
pub(crate) fn response_error<E, B: AsRef<[u8]>>(
    response: &::http::Response<B>,
    from_response: fn(&str, u16, &[u8]) -> Result<E, serde_json::Error>,
) -> ResponseError<E> {
    let body = response.body().as_ref();
    let code = crate::http::error_code(response.headers(), body).unwrap_or_default();
    match from_response(&code, response.status().as_u16(), body) {
        Ok(error) => ResponseError::Service(error),
        Err(e) => ResponseError::Malformed(crate::http::malformed(None, e)),
    }
}

/// Server side: checks that a request is a `POST` for the operation `target` with a body of
/// `media_type`. Routing is by `X-Amz-Target` (a router may have done it already, so a request
/// without one is taken); a `Content-Type` of another media type is a 415.
pub(crate) fn check_request<B>(
    request: &::http::Request<B>,
    target: &str,
    media_type: &str,
) -> Result<(), RequestRejection> {
    if request.method() != ::http::Method::POST {
        return Err(RequestRejection::NotFound);
    }
    let headers = request.headers();
    if headers
        .get("x-amz-target")
        .is_some_and(|t| t.as_bytes() != target.as_bytes())
    {
        return Err(RequestRejection::NotFound);
    }
    crate::support::rpc::check_media_type(headers, media_type)
}

/// Server side: a 200 response with the output's JSON (`None`: the operation has no output, and
/// the body is empty, with the Content-Type all the same).
pub(crate) fn response(
    media_type: &'static str,
    body: Option<Vec<u8>>,
) -> ::http::Response<Vec<u8>> {
    let mut response = ::http::Response::new(Vec::new());
    crate::http::set_body(&mut response, body.unwrap_or_default(), media_type);
    response
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
