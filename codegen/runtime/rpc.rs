//! What the RPC protocols (awsJson1_0, awsJson1_1, rpcv2Json, rpcv2Cbor) share: error responses
//! that name the error in `__type`, and for the JSON ones their body codec.

use crate::http::{MalformedResponse, RequestError, RequestRejection};

/// The JSON body of an input or output.
pub(crate) fn to_json_body<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, RequestError> {
    serde_json::to_vec(value).map_err(|e| RequestError::Body(e.to_string()))
}

/// Client side: the output in a JSON body, read leniently; an empty body is an empty object.
pub(crate) fn read_json_output<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, MalformedResponse> {
    crate::http::parse_json(body, crate::http::Mode::Lenient)
}

/// Server side: the input in a JSON body, read strictly; the required members it leaves out are
/// pushed to `missing`.
pub(crate) fn read_json_input<T: serde::de::DeserializeOwned>(
    body: &[u8],
    missing: &mut Vec<String>,
) -> Result<T, RequestRejection> {
    crate::http::parse_request_json(body, "", missing)
}

/// The JSON body of an RPC protocol's error response: the error's members, and its type in
/// `__type`.
pub(crate) fn typed_error_body<E: serde::Serialize>(type_: &str, error: &E) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Typed<'a, E> {
        #[serde(rename = "__type")]
        type_: &'a str,
        #[serde(flatten)]
        error: &'a E,
    }
    serde_json::to_vec(&Typed { type_, error }).unwrap_or_else(|_| {
        serde_json::json!({ "__type": type_ })
            .to_string()
            .into_bytes()
    })
}

/// Sets an error response's status and, for an `@awsQueryCompatible` service, its
/// `x-amzn-query-error` header (`Code;Sender`).
pub(crate) fn set_error_status(
    response: &mut ::http::Response<Vec<u8>>,
    status: u16,
    query_error: Option<&str>,
) {
    *response.status_mut() =
        ::http::StatusCode::from_u16(status).unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(value) = query_error.and_then(|q| ::http::HeaderValue::from_str(q).ok()) {
        response.headers_mut().insert("x-amzn-query-error", value);
    }
}

/// What an error response says of an error the model does not know: its message.
pub(crate) fn unknown_error_members(error: &crate::error::UnknownError) -> serde_json::Value {
    use crate::error::ServiceError as _;
    match error.message() {
        Some(message) => serde_json::json!({ "message": message }),
        None => serde_json::json!({}),
    }
}

/// Server side: a request's `Content-Type`, when it has one, must be `media_type` (parameters
/// aside); another is a 415.
pub(crate) fn check_media_type(
    headers: &::http::HeaderMap,
    media_type: &str,
) -> Result<(), RequestRejection> {
    match headers
        .get(::http::header::CONTENT_TYPE)
        .map(|v| v.to_str().map(crate::http::essence))
    {
        None => Ok(()),
        Some(Ok(found)) if found == media_type => Ok(()),
        Some(_) => Err(RequestRejection::UnsupportedMediaType(format!(
            "expected Content-Type {media_type}"
        ))),
    }
}

/// The `__type` of a rejection in the rpcv2 protocols, which name errors by shape id: the
/// validation error is Smithy's own shape, the others have no shape and keep their name.
pub(crate) fn rejection_type(code: &str) -> std::borrow::Cow<'_, str> {
    match code {
        "ValidationException" => "smithy.framework#ValidationException".into(),
        other => other.into(),
    }
}
