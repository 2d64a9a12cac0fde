//! What the errors of this crate share: fault, code handling, unknown errors, builder errors.

use std::fmt;

/// Who caused an error, from the model's `error` trait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorFault {
    /// The request was wrong; retrying it unchanged will fail again.
    Client,
    /// The service failed.
    Server,
}

/// What every error a service can return tells about itself.
pub trait ServiceError: std::error::Error {
    /// The error code (the error shape's name).
    fn code(&self) -> &str;
    /// The human-readable message, when the service sent one.
    fn message(&self) -> Option<&str>;
    /// The HTTP status code the service answers with.
    fn http_status(&self) -> u16;
    /// Who caused the error.
    fn fault(&self) -> ErrorFault;
    /// Whether the same request may succeed when retried (`retryable` trait).
    fn is_retryable(&self) -> bool;
    /// Whether the error means the caller is being throttled.
    fn is_throttling(&self) -> bool;
}

/// Reduces an error code as services send it to the error shape's name.
///
/// Codes come as `Name`, `namespace#Name`, or `Name:http://internal/...`; everything after the
/// first `:` and before the first `#` is dropped.
pub fn sanitize_error_code(code: &str) -> &str {
    let code = code.split(':').next().unwrap_or(code);
    match code.split_once('#') {
        Some((_, name)) => name,
        None => code,
    }
    .trim()
}

/// The fields every error body may carry, whatever the error: its message, the last string of
/// `message`, `Message` and `errorMessage` (a value of another type is skipped).
#[derive(Debug, Default)]
pub(crate) struct ErrorBody {
    pub(crate) message: Option<String>,
}

impl crate::support::wire::ReadMembers for ErrorBody {
    const NAME: &'static str = "ErrorBody";
    const MESSAGE_ALIASES: &'static [&'static str] = &["message", "Message", "errorMessage"];

    fn fill_message(&mut self, message: String) {
        self.message.get_or_insert(message);
    }

    fn read_member<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        _key: &str,
        _map: &mut A,
    ) -> Result<bool, A::Error> {
        Ok(false)
    }
}

impl<'de> serde::Deserialize<'de> for ErrorBody {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::support::wire::deserialize_struct(deserializer)
    }
}

/// Reads the message of a JSON error body; an empty body has none.
pub(crate) fn body_message(body: &[u8]) -> Result<Option<String>, serde_json::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice::<ErrorBody>(body).map(|b| b.message)
}

/// Parses a JSON error body into a modeled error; an empty body is an empty object. Members
/// bound to headers are not read from it.
pub(crate) fn parse_body<T: crate::support::wire::ReadMembers>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice::<crate::support::wire::Body<T>>(body).map(|body| body.0)
}

/// An error whose code the model does not know, kept whole so callers can still act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownError {
    code: String,
    message: Option<String>,
    status: u16,
}

impl UnknownError {
    pub fn new(code: impl Into<String>, message: Option<String>, status: u16) -> Self {
        Self {
            code: code.into(),
            message,
            status,
        }
    }
}

impl fmt::Display for UnknownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.code.is_empty() {
            "unknown error"
        } else {
            &self.code
        })?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownError {}

impl ServiceError for UnknownError {
    fn code(&self) -> &str {
        &self.code
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    fn http_status(&self) -> u16 {
        self.status
    }

    /// 5xx statuses are the service's fault; everything else the caller's.
    fn fault(&self) -> ErrorFault {
        if self.status >= 500 {
            ErrorFault::Server
        } else {
            ErrorFault::Client
        }
    }

    fn is_retryable(&self) -> bool {
        false
    }

    fn is_throttling(&self) -> bool {
        false
    }
}

/// A builder was asked to build a value without setting every required member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    pub(crate) fn new(shape: &'static str, missing: Vec<&'static str>) -> Self {
        Self { shape, missing }
    }

    /// The type that could not be built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The model names of the required members that were not set, in model order.
    pub fn missing(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build {}: missing required member", self.shape)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        for (i, m) in self.missing.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            f.write_str(m)?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}
