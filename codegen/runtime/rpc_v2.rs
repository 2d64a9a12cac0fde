//! What rpcv2Json and rpcv2Cbor share: every request is a `POST` to
//! `/service/{Service}/operation/{Operation}` with a `Smithy-Protocol` header naming the protocol,
//! the whole input as its body (none for an operation without input); responses carry the same
//! header and the output, or the error's members with its shape id in `__type`.

use crate::http::RequestRejection;

/// Client side: the request of an operation of `protocol` (the `Smithy-Protocol` value), its
/// input already encoded (`None`: the operation has no input, and the request no body and no
/// Content-Type).
pub(crate) fn request(
    protocol: &'static str,
    path: &'static str,
    media_type: &'static str,
    body: Option<Vec<u8>>,
    query_mode: bool,
) -> ::http::Request<Vec<u8>> {
    let mut request = ::http::Request::new(Vec::new());
    *request.method_mut() = ::http::Method::POST;
    // A path of two Smithy identifiers is a valid URI.
    *request.uri_mut() = ::http::Uri::from_static(path);
    let headers = request.headers_mut();
    headers.insert(
        "smithy-protocol",
        ::http::HeaderValue::from_static(protocol),
    );
    headers.insert(
        ::http::header::ACCEPT,
        ::http::HeaderValue::from_static(media_type),
    );
    if query_mode {
        // The service understands awsQuery's error codes (`@awsQueryCompatible`).
        headers.insert(
            "x-amzn-query-mode",
            ::http::HeaderValue::from_static("true"),
        );
    }
    if let Some(body) = body {
        crate::http::set_body(&mut request, body, media_type);
    }
    request
}

/// Server side: checks that a request is a `POST` to the operation's `path` (after any prefix the
/// service is mounted under) with a body of `media_type`. A request that names an operation in
/// `X-Amz-Target` or `X-Amzn-Target` is another protocol's, and refused as not found.
pub(crate) fn check_request<B>(
    request: &::http::Request<B>,
    path: &str,
    media_type: &str,
) -> Result<(), RequestRejection> {
    let headers = request.headers();
    let routed = request.method() == ::http::Method::POST
        && request.uri().path().ends_with(path)
        && !headers.contains_key("x-amz-target")
        && !headers.contains_key("x-amzn-target");
    if !routed {
        return Err(RequestRejection::NotFound);
    }
    crate::support::rpc::check_media_type(headers, media_type)
}

/// Server side: a 200 response of `protocol` with the output's body (`None`: the operation has
/// no output, and the response no body and no Content-Type).
pub(crate) fn response(
    protocol: &'static str,
    media_type: &'static str,
    body: Option<Vec<u8>>,
) -> ::http::Response<Vec<u8>> {
    let mut response = ::http::Response::new(Vec::new());
    response.headers_mut().insert(
        "smithy-protocol",
        ::http::HeaderValue::from_static(protocol),
    );
    match body {
        Some(body) => crate::http::set_body(&mut response, body, media_type),
        None => {
            response
                .headers_mut()
                .insert(::http::header::CONTENT_LENGTH, ::http::HeaderValue::from(0));
        }
    }
    response
}
