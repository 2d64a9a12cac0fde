//! What the RPC protocols (awsJson1_0, awsJson1_1, rpcv2Json) share: error responses that name
//! the error in `__type`.

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
    serde_json::to_vec(&Typed { type_, error }).unwrap_or_else(|_| serde_json::json!({ "__type": type_ }).to_string().into_bytes())
}

/// Sets an error response's status and, for an `@awsQueryCompatible` service, its
/// `x-amzn-query-error` header (`Code;Sender`).
pub(crate) fn set_error_status(response: &mut ::http::Response<Vec<u8>>, status: u16, query_error: Option<&str>) {
    *response.status_mut() = ::http::StatusCode::from_u16(status).unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR);
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
