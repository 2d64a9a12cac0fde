//! rpcv2Json messages: every request is a `POST` to `/service/{Service}/operation/{Operation}`
//! with `Smithy-Protocol: rpc-v2-json`, the whole input as its JSON body (none for an operation
//! without input); responses carry the same header and the output, or the error's members with
//! its shape id in `__type`.

use crate::http::{RequestRejection, ResponseError};

/// The value of the `Smithy-Protocol` header of every request and response.
const PROTOCOL: &str = "rpc-v2-json";

/// Client side: the request of an operation, its input already JSON (`None`: the operation has no
/// input, and the request no body and no Content-Type).
pub(crate) fn request(path: &'static str, media_type: &'static str, body: Option<Vec<u8>>, query_mode: bool) -> ::http::Request<Vec<u8>> {
    let mut request = ::http::Request::new(Vec::new());
    *request.method_mut() = ::http::Method::POST;
    // A path of two Smithy identifiers is a valid URI.
    *request.uri_mut() = ::http::Uri::from_static(path);
    let headers = request.headers_mut();
    headers.insert("smithy-protocol", ::http::HeaderValue::from_static(PROTOCOL));
    headers.insert(::http::header::ACCEPT, ::http::HeaderValue::from_static(media_type));
    if query_mode {
        // The service understands awsQuery's error codes (`@awsQueryCompatible`).
        headers.insert("x-amzn-query-mode", ::http::HeaderValue::from_static("true"));
    }
    if let Some(body) = body {
        crate::http::set_body(&mut request, body, media_type);
    }
    request
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
    let code = serde_json::from_slice::<Type>(body).ok().and_then(|t| t.type_).unwrap_or_default();
    match from_response(&code, response.status().as_u16(), body) {
        Ok(error) => ResponseError::Service(error),
        Err(e) => ResponseError::Malformed(crate::http::malformed(None, e)),
    }
}

/// Server side: checks that a request is a `POST` to the operation's `path` (after any prefix the
/// service is mounted under) with a body of `media_type`. A request that names an operation in
/// `X-Amz-Target` or `X-Amzn-Target` is another protocol's, and refused as not found.
pub(crate) fn check_request<B>(request: &::http::Request<B>, path: &str, media_type: &str) -> Result<(), RequestRejection> {
    let headers = request.headers();
    let routed = request.method() == ::http::Method::POST
        && request.uri().path().ends_with(path)
        && !headers.contains_key("x-amz-target")
        && !headers.contains_key("x-amzn-target");
    if !routed {
        return Err(RequestRejection::NotFound);
    }
    match headers.get(::http::header::CONTENT_TYPE).map(|v| v.to_str().map(crate::http::essence)) {
        None => Ok(()),
        Some(Ok(found)) if found == media_type => Ok(()),
        Some(_) => Err(RequestRejection::UnsupportedMediaType(format!("expected Content-Type {media_type}"))),
    }
}

/// Server side: a 200 response with the output's JSON (`None`: the operation has no output, and
/// the response no body and no Content-Type).
pub(crate) fn response(media_type: &'static str, body: Option<Vec<u8>>) -> ::http::Response<Vec<u8>> {
    let mut response = ::http::Response::new(Vec::new());
    response.headers_mut().insert("smithy-protocol", ::http::HeaderValue::from_static(PROTOCOL));
    match body {
        Some(body) => crate::http::set_body(&mut response, body, media_type),
        None => {
            response.headers_mut().insert(::http::header::CONTENT_LENGTH, ::http::HeaderValue::from(0));
        }
    }
    response
}

/// Server side: an error response: its members with `__type` in the body, its status, and
/// the `x-amzn-query-error` header of an `@awsQueryCompatible` service.
pub(crate) fn error_response<E: serde::Serialize>(status: u16, media_type: &'static str, type_: &str, error: &E, query_error: Option<&str>) -> ::http::Response<Vec<u8>> {
    let mut response = self::response(media_type, Some(crate::support::rpc::typed_error_body(type_, error)));
    crate::support::rpc::set_error_status(&mut response, status, query_error);
    response
}

/// Server side: the response for an error the model does not know.
pub(crate) fn unknown_error_response(media_type: &'static str, error: &crate::error::UnknownError) -> ::http::Response<Vec<u8>> {
    use crate::error::ServiceError as _;
    error_response(error.http_status(), media_type, error.code(), &crate::support::rpc::unknown_error_members(error), None)
}
