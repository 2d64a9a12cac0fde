//! restJson1 over `http` 1.x types, without I/O: what the operations of this crate share.
//!
//! Clients turn an input into an [`::http::Request`] and an [`::http::Response`] into an output or
//! an error; servers do the reverse. Send and receive with any HTTP stack.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// RFC 3986 unreserved characters stay as they are; everything else is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// Greedy labels keep their `/` separators.
const GREEDY: &AsciiSet = &UNRESERVED.remove(b'/');

/// The bytes [`UNRESERVED`] leaves as they are, as a table for the fast path of [`push_label`].
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b: u8 = 0;
    while b < 128 {
        table[b as usize] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        b += 1;
    }
    table
};

/// Appends a percent-encoded URI label.
pub fn push_label(uri: &mut String, value: impl AsRef<str>, greedy: bool) {
    let value = value.as_ref();
    // Most labels (names, ids) need no encoding: copy them in one go.
    if value
        .bytes()
        .all(|b| PLAIN[usize::from(b)] || (greedy && b == b'/'))
    {
        uri.push_str(value);
    } else {
        let set = if greedy { GREEDY } else { UNRESERVED };
        uri.extend(utf8_percent_encode(value, set));
    }
}

/// Sets the body of a request or response with its Content-Length, and its Content-Type
/// unless a header member already set one.
pub fn set_body<M: BodyOf>(message: &mut M, body: Vec<u8>, content_type: &'static str) {
    let headers = message.headers();
    headers
        .entry(::http::header::CONTENT_TYPE)
        .or_insert(::http::HeaderValue::from_static(content_type));
    headers.insert(
        ::http::header::CONTENT_LENGTH,
        ::http::HeaderValue::from(body.len()),
    );
    *message.body() = body;
}

/// The parts of a request or response [`set_body`] writes.
pub trait BodyOf {
    fn headers(&mut self) -> &mut ::http::HeaderMap;
    fn body(&mut self) -> &mut Vec<u8>;
}

impl BodyOf for ::http::Request<Vec<u8>> {
    fn headers(&mut self) -> &mut ::http::HeaderMap {
        self.headers_mut()
    }
    fn body(&mut self) -> &mut Vec<u8> {
        self.body_mut()
    }
}

impl BodyOf for ::http::Response<Vec<u8>> {
    fn headers(&mut self) -> &mut ::http::HeaderMap {
        self.headers_mut()
    }
    fn body(&mut self) -> &mut Vec<u8> {
        self.body_mut()
    }
}

/// Whether a structure payload is unset: no body, or an empty JSON object (which requests
/// send for an unset structure payload).
pub fn is_empty_payload(body: &[u8]) -> bool {
    let inner = body.trim_ascii();
    inner.is_empty()
        || inner
            .strip_prefix(b"{")
            .and_then(|rest| rest.strip_suffix(b"}"))
            .is_some_and(|rest| rest.trim_ascii().is_empty())
}

/// Appends a parameter without a value (`?key`, as a URI pattern may spell one).
pub fn push_query_key(query: &mut String, key: &str) {
    query.push(if query.is_empty() { '?' } else { '&' });
    query.extend(utf8_percent_encode(key, UNRESERVED));
}

/// Appends `key=value` to a query string, percent-encoding both.
pub fn push_query(query: &mut String, key: &str, value: impl AsRef<str>) {
    query.push(if query.is_empty() { '?' } else { '&' });
    query.extend(utf8_percent_encode(key, UNRESERVED));
    query.push('=');
    query.extend(utf8_percent_encode(value.as_ref(), UNRESERVED));
}

/// Text for a float in a URI, query or header: `NaN`, `Infinity` and `-Infinity` as the Smithy
/// protocols spell them (Rust prints `inf`), other values as Rust prints them (shortest round trip).
pub fn format_float<F: Copy + fmt::Display + Into<f64>>(value: F) -> String {
    let wide: f64 = value.into();
    if wide.is_nan() {
        "NaN".to_owned()
    } else if wide.is_infinite() {
        if wide > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        value.to_string()
    }
}

/// Appends one item to a header list (`a, b`). With `quote`, an item holding a comma or a double
/// quote is sent as a quoted string, so that it reads back as one item.
pub fn push_header_item(list: &mut String, item: impl AsRef<str>, quote: bool) {
    let item = item.as_ref();
    if !list.is_empty() {
        list.push_str(", ");
    }
    if quote && (item.contains([',', '"']) || item.trim() != item) {
        list.push('"');
        for c in item.chars() {
            if c == '"' || c == '\\' {
                list.push('\\');
            }
            list.push(c);
        }
        list.push('"');
    } else {
        list.push_str(item);
    }
}

/// Splits a header list into its items, unquoting quoted strings. An HTTP date holds a comma of
/// its own (`Mon, 16 Dec 2019 23:48:18 GMT`), so with `http_date` every two parts make an item.
pub fn split_header_list(value: &str, http_date: bool) -> Result<Vec<String>, String> {
    if http_date {
        let parts: Vec<&str> = value.split(',').map(str::trim).collect();
        if !parts.len().is_multiple_of(2) {
            return Err(format!("{value:?} is not a list of HTTP dates"));
        }
        return Ok(parts
            .chunks(2)
            .map(|p| format!("{}, {}", p[0], p[1]))
            .collect());
    }
    let mut items = Vec::new();
    let mut rest = value.trim_start();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut item = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next() {
                    Some((_, '\\')) => match chars.next() {
                        Some((_, c)) => item.push(c),
                        None => return Err(format!("unterminated quoted string in {value:?}")),
                    },
                    Some((i, '"')) => break i + 1,
                    Some((_, c)) => item.push(c),
                    None => return Err(format!("unterminated quoted string in {value:?}")),
                }
            };
            items.push(item);
            rest = quoted[end..].trim_start();
            match rest.strip_prefix(',') {
                Some(r) => rest = r.trim_start(),
                None if rest.is_empty() => {}
                None => return Err(format!("text after a quoted string in {value:?}")),
            }
        } else {
            let (item, r) = rest.split_once(',').unwrap_or((rest, ""));
            let item = item.trim();
            if !item.is_empty() {
                items.push(item.to_owned());
            }
            rest = r.trim_start();
        }
    }
    Ok(items)
}

/// The headers whose names start with `prefix` (lowercase), as (rest of the name, value) pairs
/// in name order; a header sent more than once gives its values joined with `, `.
pub fn prefixed_headers(
    headers: &::http::HeaderMap,
    prefix: &str,
) -> Result<Vec<(String, String)>, String> {
    let mut found = Vec::new();
    for name in headers.keys() {
        let Some(suffix) = name.as_str().strip_prefix(prefix) else {
            continue;
        };
        let mut joined = String::new();
        for value in headers.get_all(name) {
            let text = value
                .to_str()
                .map_err(|_| format!("header {name} is not visible ASCII"))?;
            if !joined.is_empty() {
                joined.push_str(", ");
            }
            joined.push_str(text);
        }
        found.push((suffix.to_owned(), joined));
    }
    found.sort();
    Ok(found)
}

/// Adds the header `prefix` + `key`, for an `httpPrefixHeaders` map entry. A member bound to
/// that header on its own is written after, replacing this one, as the Smithy spec asks.
pub fn push_prefixed_header(
    headers: &mut ::http::HeaderMap,
    prefix: &str,
    key: &str,
    value: &str,
) -> Result<(), ::http::Error> {
    let name = ::http::HeaderName::try_from(format!("{prefix}{key}"))?;
    let value = ::http::HeaderValue::try_from(value)?;
    headers.append(name, value);
    Ok(())
}

/// Appends a host label value to a host prefix: letters, digits, `-` and `.` only (the value
/// becomes part of a host name), and not empty.
pub fn push_host_label(
    prefix: &mut String,
    value: &str,
    member: &'static str,
) -> Result<(), RequestError> {
    let valid = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !valid {
        return Err(RequestError::InvalidHostLabel { member });
    }
    prefix.push_str(value);
    Ok(())
}

/// Decodes a percent-encoded URI component; `None` when it is not UTF-8 after decoding.
pub fn decode(component: &str) -> Option<String> {
    if !component.as_bytes().contains(&b'%') {
        return Some(component.to_owned());
    }
    percent_decode_str(component)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// A member bound to a URI label is empty; the URI would be ambiguous.
    EmptyLabel {
        /// The model name of the member.
        member: &'static str,
    },
    /// A header value is not valid in HTTP (for example, it has a line break).
    InvalidHeader {
        /// The model name of the member.
        member: &'static str,
    },
    /// A member bound to a host label (`@hostLabel`) is empty or not a valid host name part.
    InvalidHostLabel {
        /// The model name of the member.
        member: &'static str,
    },
    /// The body could not be serialized (for example, an unknown union member).
    Body(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyLabel { member } => write!(f, "URI label member {member} is empty"),
            Self::InvalidHeader { member } => {
                write!(f, "member {member} is not a valid HTTP header value")
            }
            Self::InvalidHostLabel { member } => {
                write!(
                    f,
                    "host label member {member} is empty or not a valid host name part"
                )
            }
            Self::Body(e) => write!(f, "cannot serialize the request body: {e}"),
        }
    }
}

impl std::error::Error for RequestError {}

/// A response that is not what the protocol and the model say it must be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedResponse {
    /// The model name of the member that could not be read, when one is to blame.
    pub member: Option<&'static str>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for MalformedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.member {
            Some(m) => write!(f, "malformed response: member {m}: {}", self.message),
            None => write!(f, "malformed response: {}", self.message),
        }
    }
}

impl std::error::Error for MalformedResponse {}

/// What reading a response can give besides the output.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ResponseError<E> {
    /// The service answered with an error (modeled, or unknown to the model).
    Service(E),
    /// The response could not be read.
    Malformed(MalformedResponse),
}

impl<E: fmt::Display> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Service(e) => e.fmt(f),
            Self::Malformed(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for ResponseError<E> {}

pub(crate) fn malformed(
    member: Option<&'static str>,
    message: impl fmt::Display,
) -> MalformedResponse {
    MalformedResponse {
        member,
        message: message.to_string(),
    }
}

/// The error for a member of a response that cannot be read.
pub fn bad_response_member<E>(member: &'static str) -> impl Fn(String) -> ResponseError<E> {
    move |message| {
        ResponseError::Malformed(MalformedResponse {
            member: Some(member),
            message,
        })
    }
}

/// The rejection for a member of a request that cannot be read.
pub fn bad_request_member(member: &'static str) -> impl Fn(String) -> RequestRejection {
    move |message| RequestRejection::Serialization(format!("{member}: {message}"))
}

/// The error code of a restJson1 error response: the `X-Amzn-Errortype` header, else `code`,
/// else `__type` in the body. Sanitizing (`ns#Name`, `Name:http://...`) is left to the caller.
pub fn error_code(headers: &::http::HeaderMap, body: &[u8]) -> Option<String> {
    if let Some(v) = headers
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
    {
        return Some(v.to_owned());
    }
    #[derive(serde::Deserialize)]
    struct Codes {
        code: Option<String>,
        #[serde(rename = "__type")]
        type_: Option<String>,
    }
    let codes: Codes = serde_json::from_slice(body).ok()?;
    codes.code.or(codes.type_)
}

pub use crate::support::wire::Mode;

/// Reads a JSON body; an empty body is an empty object (one of only whitespace is not JSON).
/// Clients read responses leniently, servers read requests strictly (see [`Mode`]).
pub fn parse_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    mode: Mode,
) -> Result<T, MalformedResponse> {
    // JSON is UTF-8: checking the whole body at once is faster than checking each string.
    let text = std::str::from_utf8(body)
        .map_err(|e| malformed(None, format!("the body is not UTF-8: {e}")))?;
    let text = if text.is_empty() { "{}" } else { text };
    crate::support::wire::from_json(text, mode).map_err(|e| malformed(None, e))
}

/// Server side: reads a JSON body (or structure payload) strictly, an empty body as an empty
/// object. The required members it leaves out or sends as `null`, at any depth, are pushed to
/// `missing` as paths below `at` (`""` for the body, the payload member's path for a payload):
/// clients fill such members in (error correction), so the value alone cannot tell, and servers
/// reject them with [`check_input`].
pub fn parse_request_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    at: &str,
    missing: &mut Vec<String>,
) -> Result<T, RequestRejection> {
    let text = std::str::from_utf8(body)
        .map_err(|e| RequestRejection::Serialization(format!("the body is not UTF-8: {e}")))?;
    let text = if text.trim_ascii().is_empty() {
        "{}"
    } else {
        text
    };
    let (value, found) = crate::support::wire::from_json_strict(text)
        .map_err(|e| RequestRejection::Serialization(e.to_string()))?;
    missing.extend(found.into_iter().map(|path| format!("{at}{path}")));
    Ok(value)
}

/// The type and subtype of a media type, without parameters: `application/json` for
/// `Application/JSON; charset=utf-8`.
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// [`essence`] as it is written, in whatever case: no allocation.
fn bare_essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or_default().trim()
}

/// Server side: checks the `Content-Type` of a request against the media type its body must
/// have (`None`: the operation has no body), with a 415 when it does not match. Only a request
/// with a body is checked: one without needs no type, whatever it says.
pub fn check_content_type(
    headers: &::http::HeaderMap,
    body: &[u8],
    expected: Option<&str>,
) -> Result<(), RequestRejection> {
    if body.is_empty() {
        return Ok(());
    }
    let found = headers
        .get(::http::header::CONTENT_TYPE)
        .map(|v| v.to_str().map(essence));
    match (found, expected) {
        (None, None) => Ok(()),
        (Some(Ok(found)), Some(expected)) if found == essence(expected) => Ok(()),
        (Some(_), None) => Err(RequestRejection::UnsupportedMediaType(
            "the operation takes no body, so no Content-Type".into(),
        )),
        (_, Some(expected)) => Err(RequestRejection::UnsupportedMediaType(format!(
            "expected Content-Type {expected}"
        ))),
    }
}

/// Server side: checks that the response's media type, `produced`, is one the request's `Accept`
/// header allows (`*/*`, `type/*`, or the type itself, parameters other than `q=0` ignored), with
/// a 406 when it is not. A request without `Accept` takes anything.
pub fn check_accept(headers: &::http::HeaderMap, produced: &str) -> Result<(), RequestRejection> {
    // Compared without case and without allocating: this runs on every request.
    let produced = bare_essence(produced);
    let (kind, _) = produced.split_once('/').unwrap_or((produced, ""));
    let mut any = false;
    for value in headers.get_all(::http::header::ACCEPT) {
        let Ok(value) = value.to_str() else { continue };
        for range in value.split(',').filter(|r| !r.trim().is_empty()) {
            any = true;
            let refused = range.split(';').skip(1).any(|p| {
                let (name, q) = p.split_once('=').unwrap_or((p, ""));
                name.trim().eq_ignore_ascii_case("q") && q.trim().parse::<f32>() == Ok(0.0)
            });
            let range = bare_essence(range);
            let matches = range == "*/*"
                || range.eq_ignore_ascii_case(produced)
                || range
                    .strip_suffix("/*")
                    .is_some_and(|k| k.eq_ignore_ascii_case(kind));
            if matches && !refused {
                return Ok(());
            }
        }
    }
    if any {
        Err(RequestRejection::NotAcceptable(format!(
            "the response is {}, which Accept does not allow",
            produced.to_ascii_lowercase()
        )))
    } else {
        Ok(())
    }
}

/// A request a server rejects before its handler runs, rendered as smithy servers do.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum RequestRejection {
    /// The request does not match the operation's method and URI.
    NotFound,
    /// The request could not be read (bad JSON, a number out of range, bad percent-encoding).
    Serialization(String),
    /// The input breaks the model's constraints: a 400 `ValidationException`.
    Validation(crate::validation::ValidationError),
    /// The body's `Content-Type` is not the operation's: a 415.
    UnsupportedMediaType(String),
    /// The `Accept` header allows no media type the operation responds with: a 406.
    NotAcceptable(String),
    /// Only operations of other methods take the path: a 405, with those methods in `Allow`.
    MethodNotAllowed(Vec<&'static str>),
    /// The body is longer than the server reads: a 413.
    PayloadTooLarge {
        /// The server's limit, in bytes.
        limit: usize,
    },
}

impl fmt::Display for RequestRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("no such operation"),
            Self::Serialization(m) => write!(f, "malformed request: {m}"),
            Self::Validation(e) => e.fmt(f),
            Self::UnsupportedMediaType(m) => write!(f, "unsupported media type: {m}"),
            Self::NotAcceptable(m) => write!(f, "not acceptable: {m}"),
            Self::MethodNotAllowed(allow) => {
                write!(f, "method not allowed: the path takes {}", allow.join(", "))
            }
            Self::PayloadTooLarge { limit } => {
                write!(f, "the body is longer than the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for RequestRejection {}

impl RequestRejection {
    /// The response a server of the service's protocol sends for this rejection: the error's
    /// name (`ValidationException`, ...) where the protocol's clients look for it, its members
    /// in the protocol's body format.
    pub fn to_response(&self) -> ::http::Response<Vec<u8>> {
        let text;
        let (status, code, body) = match self {
            Self::NotFound => (404, "UnknownOperationException", RejectionBody::Empty),
            Self::Serialization(m) => (400, "SerializationException", RejectionBody::Message(m)),
            Self::UnsupportedMediaType(m) => (
                415,
                "UnsupportedMediaTypeException",
                RejectionBody::Message(m),
            ),
            Self::NotAcceptable(m) => (406, "NotAcceptableException", RejectionBody::Message(m)),
            Self::MethodNotAllowed(_) | Self::PayloadTooLarge { .. } => {
                let (status, code) = match self {
                    Self::MethodNotAllowed(_) => (405, "MethodNotAllowedException"),
                    _ => (413, "PayloadTooLargeException"),
                };
                text = self.to_string();
                (status, code, RejectionBody::Message(&text))
            }
            Self::Validation(e) => {
                let violations = e.violations();
                let count = violations.len();
                text = if count == 1 {
                    let first = violations[0].message();
                    let lead = "1 validation error detected. ";
                    let mut message = String::with_capacity(lead.len() + first.len());
                    message.push_str(lead);
                    message.push_str(first);
                    message
                } else {
                    let all: Vec<&str> = violations.iter().map(|v| v.message()).collect();
                    format!("{count} validation errors detected. {}", all.join("; "))
                };
                (
                    400,
                    "ValidationException",
                    RejectionBody::Validation {
                        message: &text,
                        violations,
                    },
                )
            }
        };
        let mut response = crate::support::protocol::rejection_response(status, code, &body);
        let allow = match self {
            Self::MethodNotAllowed(allow) => ::http::HeaderValue::from_str(&allow.join(", ")).ok(),
            _ => None,
        };
        if let Some(value) = allow {
            response.headers_mut().insert(::http::header::ALLOW, value);
        }
        response
    }
}

/// The 500 `InternalFailureException` a server sends, in its protocol's error shape, when it
/// cannot answer otherwise (a handler panicked, a layer failed, an output could not be
/// written).
pub fn internal_failure_response() -> ::http::Response<Vec<u8>> {
    let body = RejectionBody::Message("the server failed to handle the request");
    crate::support::protocol::rejection_response(500, "InternalFailureException", &body)
}

/// The members of a rejection's error, serialized from what the rejection holds (no
/// intermediate JSON value): none, a `message`, or a `ValidationException`'s `fieldList` and
/// `message`. Keys in the order `serde_json::Value` writes them (sorted).
pub(crate) enum RejectionBody<'a> {
    /// `{}`.
    Empty,
    /// `{"message": ...}`.
    Message(&'a str),
    /// `{"fieldList": [{"message": ..., "path": ...}, ...], "message": ...}`.
    Validation {
        message: &'a str,
        violations: &'a [crate::validation::Violation],
    },
}

impl serde::Serialize for RejectionBody<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        struct Fields<'a>(&'a [crate::validation::Violation]);
        impl serde::Serialize for Fields<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.iter().map(Field))
            }
        }
        struct Field<'a>(&'a crate::validation::Violation);
        impl serde::Serialize for Field<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut s = serializer.serialize_struct("ValidationExceptionField", 2)?;
                s.serialize_field("message", self.0.message())?;
                s.serialize_field("path", self.0.path())?;
                s.end()
            }
        }
        match self {
            Self::Empty => serializer.serialize_struct("Error", 0)?.end(),
            Self::Message(message) => {
                let mut s = serializer.serialize_struct("Error", 1)?;
                s.serialize_field("message", message)?;
                s.end()
            }
            Self::Validation {
                message,
                violations,
            } => {
                let mut s = serializer.serialize_struct("ValidationException", 2)?;
                s.serialize_field("fieldList", &Fields(violations))?;
                s.serialize_field("message", message)?;
                s.end()
            }
        }
    }
}

/// Server side: checks an input against the model's constraints, with the `required` members
/// the request left out (`missing`, their paths) reported first, all as one `ValidationException`.
/// A missing member holds its zero value, which was never sent: what that value breaks (an empty
/// string's length, say) is not reported.
pub fn check_input<T: crate::validation::Validate>(
    input: &T,
    missing: Vec<String>,
) -> Result<(), RequestRejection> {
    use crate::validation::{ConstraintKind, ValidationError, Violation};
    let mut violations: Vec<Violation> = missing
        .into_iter()
        .map(|path| {
            let message = crate::validation::required_message(&path);
            Violation::new(ConstraintKind::Required, path, message)
        })
        .collect();
    if let Err(e) = input.validate() {
        let missing = violations.len();
        let sent = |v: &Violation| {
            !violations[..missing].iter().any(|m| {
                v.path()
                    .strip_prefix(m.path())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        };
        let found: Vec<Violation> = e.into_violations().into_iter().filter(sent).collect();
        violations.extend(found);
    }
    match ValidationError::new(violations) {
        Some(e) => Err(RequestRejection::Validation(e)),
        None => Ok(()),
    }
}

/// The response for a rejection in restJson1 (and awsJson, whose clients read the same): its
/// members as JSON, its name in `X-Amzn-Errortype`.
#[allow(
    dead_code,
    reason = "the rpcv2 protocols render rejections their own way"
)]
pub(crate) fn rejection_response(
    status: u16,
    code: &str,
    body: &RejectionBody<'_>,
) -> ::http::Response<Vec<u8>> {
    json_response(status, code, body)
}

/// A JSON response with an error type header.
#[allow(
    dead_code,
    reason = "restJson1 and awsJson responses; the rpcv2 protocols have their own"
)]
pub(crate) fn json_response(
    status: u16,
    code: &str,
    body: &impl serde::Serialize,
) -> ::http::Response<Vec<u8>> {
    let body = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut response = ::http::Response::new(body);
    *response.status_mut() =
        ::http::StatusCode::from_u16(status).unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(
        ::http::header::CONTENT_TYPE,
        ::http::HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = ::http::HeaderValue::from_str(code) {
        headers.insert("x-amzn-errortype", v);
    }
    response
}

/// Matches a request path against a URI pattern's segments, returning the decoded labels in
/// order, or `None` when the path does not match. `segments` are literal text or `{label}` /
/// `{label+}` (greedy, at most one), the pattern's path split at `/` without its empty parts,
/// then a last `""` when the pattern's path ends with `/` after a segment (`/agents/` is
/// `["agents", ""]`; `/` is `[]`).
///
/// This is the rule of `support::router`, which picks the operation: a pattern ending with `/`
/// matches the path with or without that trailing slash (AWS clients send it as the model
/// writes it); any other pattern matches the path without a trailing slash only (the spec's
/// "Literal character sequences" calls trailing slashes optional, but smithy-rs tells them
/// apart, and `GET /books/` reaching `GET /books` surprises users who meant another), unless
/// it ends with a greedy label, which takes the slash into its value. A literal may arrive
/// percent-encoded, a label takes one segment that is not empty, a greedy label one segment or
/// more that are not all empty. The work is linear in the path's length.
pub fn match_path(path: &str, segments: &[&str]) -> Option<Result<Vec<String>, String>> {
    let mut spans = Vec::new();
    PathShape::of(path, segments, |label, span| spans.push((label, span)))?;
    Some(
        spans
            .into_iter()
            .map(|(label, span)| decode(span).ok_or_else(|| undecodable(label)))
            .collect(),
    )
}

/// [`match_path`] for a pattern of `N` labels (what an operation's `parse_request` calls): the
/// same answer, the labels in an array, each decoded once into its `String`, with nothing else
/// allocated. Past `N` labels, the pattern's are not read; short of `N`, the rest are empty.
pub fn match_labels<const N: usize>(
    path: &str,
    segments: &[&str],
) -> Option<Result<[String; N], String>> {
    let mut spans = [("", ""); N];
    let mut found = 0;
    PathShape::of(path, segments, |label, span| {
        if let Some(slot) = spans.get_mut(found) {
            *slot = (label, span);
            found += 1;
        }
    })?;
    let mut bad = None;
    let labels = std::array::from_fn(|i| match spans[i] {
        (label, span) if bad.is_none() && i < found => decode(span).unwrap_or_else(|| {
            bad = Some(label);
            String::new()
        }),
        _ => String::new(),
    });
    Some(match bad {
        Some(label) => Err(undecodable(label)),
        None => Ok(labels),
    })
}

fn undecodable(label: &str) -> String {
    format!("label {label} is not valid percent-encoded UTF-8")
}

/// A request path that has the shape of a pattern's segments, its literals and labels matched
/// (see [`match_path`]): what is left to read is each label's text.
struct PathShape<'p, 's> {
    /// The path without its leading slash (and the pattern's own trailing slash).
    parts: &'p str,
    /// The segments without the last empty one.
    segments: &'s [&'s str],
    greedy_at: Option<usize>,
    /// The parts the greedy label takes.
    taken: usize,
}

impl<'p, 's> PathShape<'p, 's> {
    /// The path's shape when it matches the pattern, having told `label` each label's name
    /// (`key+` for a greedy one) and its text, not yet decoded, in order (of a path that turns
    /// out not to match, some may have been told).
    fn of(
        path: &'p str,
        segments: &'s [&'s str],
        mut label: impl FnMut(&'s str, &'p str),
    ) -> Option<Self> {
        let (segments, slash) = match segments.split_last() {
            Some((&"", rest)) => (rest, true),
            _ => (segments, false),
        };
        let path = path.strip_prefix('/')?;
        // The pattern's own trailing slash, when the request has it.
        let parts = match path.strip_suffix('/') {
            Some(stripped) if slash => stripped,
            _ => path,
        };
        let count = if parts.is_empty() {
            0
        } else {
            parts.bytes().filter(|b| *b == b'/').count() + 1
        };
        let greedy_at = segments
            .iter()
            .position(|seg| label_of(seg).is_some_and(|label| label.ends_with('+')));
        // Which parts each segment takes: one each, but a greedy label's share is what the
        // segments before and after it leave, one part at least.
        let taken = match greedy_at {
            None if count == segments.len() => 0,
            None => return None,
            Some(_) => count.checked_sub(segments.len() - 1).filter(|n| *n > 0)?,
        };
        let shape = PathShape {
            parts,
            segments,
            greedy_at,
            taken,
        };
        // First whether the path matches, then the labels' values: a request for another
        // pattern is not found, whatever its labels hold.
        let matches = shape.spans().all(|(seg, span)| match label_of(seg) {
            Some(name) => {
                label(name, span);
                span.bytes().any(|b| b != b'/')
            }
            None => span == seg || (span.contains('%') && decode(span).is_some_and(|t| t == seg)),
        });
        matches.then_some(shape)
    }

    /// Each segment with the text it takes: one part, or the greedy label's parts with the
    /// slashes between them.
    fn spans(&self) -> impl Iterator<Item = (&'s str, &'p str)> + '_ {
        let mut rest = self.parts;
        self.segments.iter().enumerate().map(move |(i, seg)| {
            let mut left = if self.greedy_at == Some(i) {
                self.taken
            } else {
                1
            };
            // Past the `left`-th slash, or the end. A byte loop: parts are short.
            let mut end = rest.len();
            for (at, b) in rest.bytes().enumerate() {
                if b == b'/' {
                    left -= 1;
                    if left == 0 {
                        end = at;
                        break;
                    }
                }
            }
            let span = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or("");
            (*seg, span)
        })
    }
}

fn label_of(seg: &str) -> Option<&str> {
    seg.strip_prefix('{').and_then(|s| s.strip_suffix('}'))
}

/// Decoded query parameters in order.
pub fn query_pairs(query: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let Some(q) = query else {
        return Ok(Vec::new());
    };
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let plus = |s: &str| s.replace('+', "%20");
            match (decode(&plus(k)), decode(&plus(v))) {
                (Some(k), Some(v)) => Ok((k, v)),
                _ => Err(format!(
                    "query parameter {k:?} is not valid percent-encoded UTF-8"
                )),
            }
        })
        .collect()
}
