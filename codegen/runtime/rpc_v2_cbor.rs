//! rpcv2Cbor messages: rpcv2 (`support/rpc_v2.rs`) with CBOR bodies, `Smithy-Protocol:
//! rpc-v2-cbor`. Bodies are written and read by ciborium through the types' serde form, which
//! knows it is in a binary format (`is_human_readable` is false): blobs are byte strings, floats
//! stay floats (NaN and infinities included) and timestamps are tag 1 around epoch seconds.
//! Reading takes every form CBOR allows: definite and indefinite lengths, strings in chunks,
//! half, single and double floats, integers of any width.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_with::de::DeserializeAsWrap;
use serde_with::ser::SerializeAsWrap;
use serde_with::{DeserializeAs, SerializeAs};

use crate::http::{MalformedResponse, RequestError, RequestRejection, ResponseError};
pub(crate) use crate::support::rpc_v2::check_request;
use crate::support::wire::{Body, ReadMembers, StrictRead};

/// The value of the `Smithy-Protocol` header of every request and response.
const PROTOCOL: &str = "rpc-v2-cbor";

/// Why a CBOR body could not be read.
type DecodeError = ciborium::de::Error<std::io::Error>;

/// The text of an error reading CBOR. ciborium's own `Display` is its `Debug` form
/// (`Semantic(None, "invalid type: ...")`), which is no message for a person.
pub(crate) fn decode_error_text(error: &DecodeError) -> String {
    match error {
        ciborium::de::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the body ends in the middle of a CBOR value".to_owned()
        }
        ciborium::de::Error::Io(e) => format!("the body cannot be read: {e}"),
        ciborium::de::Error::Syntax(at) => format!("the body is not valid CBOR at byte {at}"),
        ciborium::de::Error::Semantic(Some(at), message) => format!("{message} (at byte {at})"),
        ciborium::de::Error::Semantic(None, message) => message.clone(),
        ciborium::de::Error::RecursionLimitExceeded => {
            "the body nests CBOR values too deeply".to_owned()
        }
    }
}

/// The text of an error writing CBOR (see [`decode_error_text`]).
pub(crate) fn encode_error_text(error: &ciborium::ser::Error<std::io::Error>) -> String {
    match error {
        ciborium::ser::Error::Io(e) => format!("the body cannot be written: {e}"),
        ciborium::ser::Error::Value(message) => message.clone(),
    }
}

/// The CBOR body of an input or output.
pub(crate) fn to_body<T: Serialize>(value: &T) -> Result<Vec<u8>, RequestError> {
    let mut body = Vec::new();
    ciborium::into_writer(value, &mut body)
        .map_err(|e| RequestError::Body(encode_error_text(&e)))?;
    Ok(body)
}

/// Reads the one CBOR value `body` holds; an empty body is an empty map.
fn read<T: DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    const EMPTY_MAP: &[u8] = &[0xa0];
    let mut rest = if body.is_empty() { EMPTY_MAP } else { body };
    let value = ciborium::from_reader(&mut rest)?;
    if !rest.is_empty() {
        let at = body.len() - rest.len();
        return Err(ciborium::de::Error::Semantic(
            Some(at),
            "bytes after the body's value".to_owned(),
        ));
    }
    Ok(value)
}

/// Client side: the output in a CBOR body, read leniently; an empty body is an empty map.
pub(crate) fn read_output<T: DeserializeOwned>(body: &[u8]) -> Result<T, MalformedResponse> {
    read(body).map_err(|e| crate::http::malformed(None, decode_error_text(&e)))
}

/// Server side: the input in a CBOR body, read strictly; the required members it leaves out are
/// pushed to `missing`.
pub(crate) fn read_input<T: DeserializeOwned>(
    body: &[u8],
    missing: &mut Vec<String>,
) -> Result<T, RequestRejection> {
    let read: StrictRead<T> =
        read(body).map_err(|e| RequestRejection::Serialization(decode_error_text(&e)))?;
    missing.extend(read.missing);
    Ok(read.value)
}

/// Parses a CBOR error body into a modeled error; an empty body is an empty map.
pub(crate) fn parse_body<T: ReadMembers>(body: &[u8]) -> Result<T, DecodeError> {
    read::<Body<T>>(body).map(|body| body.0)
}

/// Reads the message of a CBOR error body; an empty body has none.
pub(crate) fn body_message(body: &[u8]) -> Result<Option<String>, DecodeError> {
    read::<crate::support::error::ErrorBody>(body).map(|b| b.message)
}

/// The `__type` of an error body.
#[derive(Default)]
struct ErrorType(Option<String>);

impl ReadMembers for ErrorType {
    const NAME: &'static str = "ErrorType";

    fn read_member<'de, A: serde::de::MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error> {
        if key != "__type" {
            return Ok(false);
        }
        self.0 = map.next_value()?;
        Ok(true)
    }
}

impl<'de> Deserialize<'de> for ErrorType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::support::wire::deserialize_struct(deserializer)
    }
}

/// Client side: the request of an operation, its input already CBOR (`None`: no input).
pub(crate) fn request(
    path: &'static str,
    media_type: &'static str,
    body: Option<Vec<u8>>,
    query_mode: bool,
) -> ::http::Request<Vec<u8>> {
    crate::support::rpc_v2::request(PROTOCOL, path, media_type, body, query_mode)
}

/// Client side: the error of a response that is not a success (2xx), from the `__type` of its
/// body (this protocol has no other place for it).
pub(crate) fn response_error<E, B: AsRef<[u8]>>(
    response: &::http::Response<B>,
    from_response: fn(&str, u16, &[u8]) -> Result<E, DecodeError>,
) -> ResponseError<E> {
    let body = response.body().as_ref();
    let code = read::<ErrorType>(body)
        .ok()
        .and_then(|t| t.0)
        .unwrap_or_default();
    match from_response(&code, response.status().as_u16(), body) {
        Ok(error) => ResponseError::Service(error),
        Err(e) => ResponseError::Malformed(crate::http::malformed(None, decode_error_text(&e))),
    }
}

/// Server side: a 200 response with the output's CBOR (`None`: no output).
pub(crate) fn response(
    media_type: &'static str,
    body: Option<Vec<u8>>,
) -> ::http::Response<Vec<u8>> {
    crate::support::rpc_v2::response(PROTOCOL, media_type, body)
}

/// The CBOR body of an error response: the error's members, and its type in `__type`.
fn typed_error_body<E: Serialize>(type_: &str, error: &E) -> Vec<u8> {
    use ciborium::Value;
    let mut entries = vec![(
        Value::Text("__type".to_owned()),
        Value::Text(type_.to_owned()),
    )];
    if let Ok(Value::Map(members)) = Value::serialized(error) {
        entries.extend(members);
    }
    let mut body = Vec::new();
    // A value already built writes to a `Vec` without failing.
    ciborium::into_writer(&Value::Map(entries), &mut body).map_or_else(|_| Vec::new(), |()| body)
}

/// Server side: an error response: its members with `__type` in the body, its status, and
/// the `x-amzn-query-error` header of an `@awsQueryCompatible` service.
pub(crate) fn error_response<E: Serialize>(
    status: u16,
    media_type: &'static str,
    type_: &str,
    error: &E,
    query_error: Option<&str>,
) -> ::http::Response<Vec<u8>> {
    let mut response = self::response(media_type, Some(typed_error_body(type_, error)));
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

/// Server side: the response for a rejection: its members as CBOR, its type in `__type`.
pub(crate) fn rejection_response(
    status: u16,
    code: &str,
    body: &crate::http::RejectionBody<'_>,
) -> ::http::Response<Vec<u8>> {
    error_response(
        status,
        "application/cbor",
        &crate::support::rpc::rejection_type(code),
        body,
        None,
    )
}

/// The `serde_with` adapter of timestamps in CBOR: tag 1 (epoch-based date and time) around what
/// `A` writes (a float of seconds), read with that tag or without one. Human-readable formats
/// (the types' serde form in JSON) get `A` alone.
pub struct Tag1<A>(PhantomData<A>);

impl<T, A: SerializeAs<T>> SerializeAs<T> for Tag1<A> {
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            A::serialize_as(value, serializer)
        } else {
            ciborium::tag::Required::<_, 1>(SerializeAsWrap::<T, A>::new(value))
                .serialize(serializer)
        }
    }
}

impl<'de, T, A: DeserializeAs<'de, T>> DeserializeAs<'de, T> for Tag1<A> {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        if deserializer.is_human_readable() {
            A::deserialize_as(deserializer)
        } else {
            let tagged =
                ciborium::tag::Accepted::<DeserializeAsWrap<T, A>, 1>::deserialize(deserializer)?;
            Ok(tagged.0.into_inner())
        }
    }
}

/// The `serde_with` adapter of `bigInteger` and `bigDecimal` values in CBOR, which has forms of
/// its own for them: an integer (tags 2 and 3, bignums, beyond 64 bits), and a decimal fraction
/// (tag 4: `[exponent, mantissa]`) for a number with a fraction or an exponent. Values are
/// exact up to a mantissa of 38 digits (`i128`); a longer one is an error, never rounded.
/// Human-readable formats get the number's exact text as a string.
pub struct BigNumber;

/// The integer and power of ten that `text` (a `bigInteger` or `bigDecimal`) is:
/// `-1.25e3` is `(-125, 1)`.
fn decimal_parts(text: &str) -> Option<(i128, i64)> {
    let (number, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = format!("{whole}{fraction}");
    let mantissa = digits.parse::<i128>().ok()?;
    let scale = i64::try_from(fraction.len()).ok()?;
    Some((mantissa, exponent.checked_sub(scale)?))
}

/// The text of the number `mantissa` × 10^`exponent`.
fn decimal_text(mantissa: i128, exponent: i64) -> String {
    if exponent >= 0 {
        return if exponent == 0 {
            mantissa.to_string()
        } else {
            format!("{mantissa}e{exponent}")
        };
    }
    let sign = if mantissa < 0 { "-" } else { "" };
    let digits = mantissa.unsigned_abs().to_string();
    let scale = usize::try_from(exponent.unsigned_abs()).unwrap_or(usize::MAX);
    if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        format!("{sign}{whole}.{fraction}")
    } else {
        format!("{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
    }
}

impl<T: AsRef<str>> SerializeAs<T> for BigNumber {
    fn serialize_as<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        let text = value.as_ref();
        if serializer.is_human_readable() {
            return serializer.serialize_str(text);
        }
        let (mantissa, exponent) = decimal_parts(text).ok_or_else(|| {
            serde::ser::Error::custom(format_args!(
                "{text} has more digits than CBOR is written with here (38)"
            ))
        })?;
        if exponent == 0 {
            serializer.serialize_i128(mantissa)
        } else {
            ciborium::tag::Required::<_, 4>((exponent, mantissa)).serialize(serializer)
        }
    }
}

impl<'de, T: TryFrom<String>> DeserializeAs<'de, T> for BigNumber
where
    T::Error: std::fmt::Display,
{
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        use ciborium::Value;
        use serde::de::Error as _;
        // An integer, or a bignum that ciborium's `Value` keeps as its tag (2: n, 3: -1 - n)
        // around big-endian bytes when it is out of the 64-bit range.
        fn integer(value: &Value) -> Option<i128> {
            let magnitude = |bytes: &[u8]| {
                let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
                let significant = &bytes[start..];
                if significant.len() > 16 {
                    return None;
                }
                let n = significant
                    .iter()
                    .fold(0u128, |n, b| n << 8 | u128::from(*b));
                i128::try_from(n).ok()
            };
            match value {
                Value::Tag(2, bytes) => magnitude(bytes.as_bytes()?),
                Value::Tag(3, bytes) => magnitude(bytes.as_bytes()?).map(|n| -1 - n),
                value => value.as_integer().map(i128::from),
            }
        }
        let text = if deserializer.is_human_readable() {
            String::deserialize(deserializer)?
        } else {
            match Value::deserialize(deserializer)? {
                Value::Tag(4, fraction) => match fraction.as_array().map(Vec::as_slice) {
                    Some([exponent, mantissa]) => integer(exponent)
                        .and_then(|e| i64::try_from(e).ok())
                        .zip(integer(mantissa))
                        .map(|(e, m)| decimal_text(m, e)),
                    _ => None,
                },
                value => integer(&value).map(|n| n.to_string()),
            }
            .ok_or_else(|| D::Error::custom("expected an integer or a decimal fraction (tag 4)"))?
        };
        T::try_from(text).map_err(|e| D::Error::custom(format_args!("invalid number: {e}")))
    }
}
