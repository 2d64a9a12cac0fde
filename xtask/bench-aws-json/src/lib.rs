//! Drives two awsJson1_0 operations of Amazon SQS, `ReceiveMessage` and `SendMessage`, through
//! the AWS SDK for Rust (`aws-sdk-sqs`) and through our generated crate (`aws-sqs`), without any
//! I/O, and reduces what each produces to one comparable form.
//!
//! # The SDK without I/O
//!
//! Each SDK operation (`aws_sdk_sqs::operation::receive_message::ReceiveMessage`, ...) is a
//! `RuntimePlugin` whose `config()` is a frozen config layer holding the operation's
//! `SharedRequestSerializer` and `SharedResponseDeserializer`. [`SdkDriver`] loads both once and
//! calls them directly, as `xtask/sdk-compare` does for customer-profiles:
//!
//! * request: `serialize_input(Input::erase(input), &mut ConfigBag::base())` gives the
//!   `HttpRequest` of the protocol binding (`POST /`, `Content-Type`, `X-Amz-Target`,
//!   `x-amzn-query-mode`, `Content-Length`, the JSON body), before the orchestrator resolves the
//!   endpoint, adds its own headers and signs;
//! * response: `deserialize_nonstreaming_with_config(&HttpResponse, &ConfigBag::base())` gives
//!   the erased output or error, downcast to the operation's types.
//!
//! # Our side
//!
//! `aws_sqs::operation::{ReceiveMessage, SendMessage}`: `build_request(&input)` gives an
//! `http::Request<Vec<u8>>`, `parse_response(&http::Response<B>)` the output or a
//! `ResponseError`.
//!
//! # Running
//!
//! Our crate is generated into `target/bench/aws-sqs` first (see docs/benchmarks.md). This
//! package is its own workspace; build it in its own target directory:
//!
//! ```text
//! cd xtask/bench-aws-json
//! export CARGO_TARGET_DIR=/work/main/target/bench-aws-json
//! cargo test     # both sides agree on the samples
//! cargo bench    # ours vs SDK, ratios printed at the end
//! ```

#![allow(
    clippy::result_large_err,
    reason = "the SDK's operation errors are large; they are kept as the SDK returns them"
)]

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

use aws_sdk_sqs::operation::receive_message::{
    ReceiveMessage, ReceiveMessageError, ReceiveMessageInput, ReceiveMessageOutput,
};
use aws_sdk_sqs::operation::send_message::{
    SendMessage, SendMessageError, SendMessageInput, SendMessageOutput,
};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    Error as ErasedError, Input, Output as ErasedOutput,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse, OrchestratorError};
use aws_smithy_runtime_api::client::runtime_plugin::RuntimePlugin;
use aws_smithy_runtime_api::client::ser_de::{
    DeserializeResponse, SerializeRequest, SharedRequestSerializer, SharedResponseDeserializer,
};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::{ConfigBag, FrozenLayer};

// ---------------------------------------------------------------------------------------------
// The comparable form
// ---------------------------------------------------------------------------------------------

/// One received message as plain data (maps sorted by key).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Received {
    pub message_id: Option<String>,
    pub receipt_handle: Option<String>,
    pub md5_of_body: Option<String>,
    pub body: Option<String>,
    /// System attributes: wire name to value.
    pub attributes: Option<BTreeMap<String, String>>,
    pub md5_of_message_attributes: Option<String>,
    pub message_attributes: Option<BTreeMap<String, Attribute>>,
}

/// A `MessageAttributeValue` as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribute {
    pub data_type: String,
    pub string_value: Option<String>,
    pub binary_value: Option<Vec<u8>>,
    pub string_list_values: Vec<String>,
    pub binary_list_values: Vec<Vec<u8>>,
}

/// An HTTP request as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpCall {
    pub method: String,
    pub uri: String,
    /// Lowercase names, sorted, with their values.
    pub headers: Vec<(String, String)>,
    /// The body read as JSON (so key order does not matter: both sides write the members of a
    /// map in `HashMap` order).
    pub body: serde_json::Value,
}

/// Builds an `http` 1.x response from its parts; header names and values must be valid HTTP.
pub fn http_response(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(body.to_vec())
        .expect("valid status and headers")
}

/// Builds the SDK's `HttpResponse` from status, headers and body.
pub fn sdk_http_response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    HttpResponse::try_from(http_response(status, headers, body).map(SdkBody::from))
        .expect("valid response")
}

fn sorted_headers<'a>(headers: impl Iterator<Item = (&'a str, &'a [u8])>) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = headers
        .map(|(k, v)| {
            (
                k.to_ascii_lowercase(),
                String::from_utf8_lossy(v).into_owned(),
            )
        })
        .collect();
    headers.sort();
    headers
}

fn json_body(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("request body is JSON")
}

// ---------------------------------------------------------------------------------------------
// The SDK side
// ---------------------------------------------------------------------------------------------

/// The SDK's serializer and deserializer of one operation (input `I`, output `O`, error `E`),
/// borrowed from the operation's runtime-plugin config layer (built once per process).
pub struct SdkDriver<I, O, E> {
    serializer: &'static SharedRequestSerializer,
    deserializer: &'static SharedResponseDeserializer,
    types: PhantomData<fn(I) -> Result<O, E>>,
}

impl<I, O, E> Clone for SdkDriver<I, O, E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<I, O, E> Copy for SdkDriver<I, O, E> {}
impl<I, O, E> fmt::Debug for SdkDriver<I, O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SdkDriver")
            .field("serializer", self.serializer)
            .field("deserializer", self.deserializer)
            .finish()
    }
}

/// The SDK's `ReceiveMessage`.
pub type ReceiveMessageDriver =
    SdkDriver<ReceiveMessageInput, ReceiveMessageOutput, ReceiveMessageError>;
/// The SDK's `SendMessage`.
pub type SendMessageDriver = SdkDriver<SendMessageInput, SendMessageOutput, SendMessageError>;

impl ReceiveMessageDriver {
    /// The process-wide driver: `ReceiveMessage::new().config()` is called once.
    pub fn get() -> Self {
        static LAYER: OnceLock<FrozenLayer> = OnceLock::new();
        Self::from_layer(LAYER.get_or_init(|| {
            ReceiveMessage::new()
                .config()
                .expect("ReceiveMessage has a config layer")
        }))
    }
}

impl SendMessageDriver {
    /// The process-wide driver: `SendMessage::new().config()` is called once.
    pub fn get() -> Self {
        static LAYER: OnceLock<FrozenLayer> = OnceLock::new();
        Self::from_layer(LAYER.get_or_init(|| {
            SendMessage::new()
                .config()
                .expect("SendMessage has a config layer")
        }))
    }
}

impl<I, O, E> SdkDriver<I, O, E>
where
    I: fmt::Debug + Send + Sync + 'static,
    O: fmt::Debug + Send + Sync + 'static,
    E: std::error::Error + fmt::Debug + Send + Sync + 'static,
{
    fn from_layer(layer: &'static FrozenLayer) -> Self {
        Self {
            serializer: layer
                .load::<SharedRequestSerializer>()
                .expect("layer holds a SharedRequestSerializer"),
            deserializer: layer
                .load::<SharedResponseDeserializer>()
                .expect("layer holds a SharedResponseDeserializer"),
            types: PhantomData,
        }
    }

    /// Serializes an input into the SDK's HTTP request (the protocol binding only). The
    /// serializer reads only an optional `HeaderSerializationSettings` from the bag, so an empty
    /// `ConfigBag::base()` is all it needs.
    pub fn serialize(self, input: I) -> Result<HttpRequest, BoxError> {
        let mut cfg = ConfigBag::base();
        self.serializer
            .serialize_input(Input::erase(input), &mut cfg)
    }

    /// Runs the SDK's non-streaming deserializer on a response (what the orchestrator does after
    /// reading the whole body).
    pub fn deserialize(
        self,
        response: &HttpResponse,
    ) -> Result<ErasedOutput, OrchestratorError<ErasedError>> {
        self.deserializer
            .deserialize_nonstreaming_with_config(response, &ConfigBag::base())
    }

    /// Runs the deserializer and recovers the concrete output or operation error.
    pub fn parse(self, response: &HttpResponse) -> Result<O, SdkFailure<E>> {
        match self.deserialize(response) {
            Ok(output) => Ok(output
                .downcast::<O>()
                .expect("output has the operation's type")),
            Err(err) => {
                // OrchestratorError has no `into_operation_error`; move the error out through
                // `map_operation_error`.
                let mut operation = None;
                let rest = err.map_operation_error(|e| operation = Some(e));
                match operation {
                    Some(e) => Err(SdkFailure::Operation(
                        e.downcast::<E>().expect("error has the operation's type"),
                    )),
                    None => Err(SdkFailure::Other(format!("{rest:?}"))),
                }
            }
        }
    }
}

/// What the SDK gave besides an output.
#[derive(Debug)]
pub enum SdkFailure<E> {
    /// An operation error (modeled, unknown, or an unreadable response).
    Operation(E),
    /// Any other orchestrator error (not expected from a deserializer).
    Other(String),
}

/// Reduces the SDK's `ReceiveMessage` output to the comparable form.
pub fn sdk_received(output: &ReceiveMessageOutput) -> Option<Vec<Received>> {
    let messages = output.messages.as_ref()?;
    Some(
        messages
            .iter()
            .map(|m| Received {
                message_id: m.message_id.clone(),
                receipt_handle: m.receipt_handle.clone(),
                md5_of_body: m.md5_of_body.clone(),
                body: m.body.clone(),
                attributes: m.attributes.as_ref().map(|a| {
                    a.iter()
                        .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
                        .collect()
                }),
                md5_of_message_attributes: m.md5_of_message_attributes.clone(),
                message_attributes: m.message_attributes.as_ref().map(|a| {
                    a.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                Attribute {
                                    data_type: v.data_type.clone(),
                                    string_value: v.string_value.clone(),
                                    binary_value: v
                                        .binary_value
                                        .as_ref()
                                        .map(|b| b.as_ref().to_vec()),
                                    string_list_values: v.string_list_values().to_vec(),
                                    binary_list_values: v
                                        .binary_list_values()
                                        .iter()
                                        .map(|b| b.as_ref().to_vec())
                                        .collect(),
                                },
                            )
                        })
                        .collect()
                }),
            })
            .collect(),
    )
}

/// What the SDK reads from a `ReceiveMessage` response, in the comparable form.
pub fn sdk_parse_receive_message(response: &HttpResponse) -> Result<Option<Vec<Received>>, String> {
    ReceiveMessageDriver::get()
        .parse(response)
        .map(|o| sdk_received(&o))
        .map_err(|e| format!("{e:?}"))
}

/// The SDK's input for the sample `SendMessage` (see [`samples`]).
pub fn sdk_send_message_input() -> SendMessageInput {
    use aws_sdk_sqs::types::MessageAttributeValue;
    let mut builder = SendMessageInput::builder()
        .queue_url(samples::QUEUE_URL)
        .message_body(samples::MESSAGE_BODY)
        .delay_seconds(samples::DELAY_SECONDS);
    for (name, value) in samples::MESSAGE_ATTRIBUTES {
        builder = builder.message_attributes(
            name,
            MessageAttributeValue::builder()
                .data_type("String")
                .string_value(value)
                .build()
                .expect("data type is set"),
        );
    }
    builder.build().expect("input")
}

/// Reduces the SDK's request to the comparable form.
pub fn sdk_call(request: &HttpRequest) -> HttpCall {
    HttpCall {
        method: request.method().to_owned(),
        uri: request.uri().to_owned(),
        headers: sorted_headers(request.headers().iter().map(|(k, v)| (k, v.as_bytes()))),
        body: json_body(request.body().bytes().expect("in-memory body")),
    }
}

/// The SDK's request for the sample `SendMessage`, in the comparable form.
pub fn sdk_send_message_request() -> Result<HttpCall, String> {
    SendMessageDriver::get()
        .serialize(sdk_send_message_input())
        .map(|r| sdk_call(&r))
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Our side
// ---------------------------------------------------------------------------------------------

/// Reduces our `ReceiveMessage` output to the comparable form.
pub fn ours_received(output: &aws_sqs::types::ReceiveMessageResult) -> Option<Vec<Received>> {
    let messages = output.messages.as_ref()?;
    Some(
        messages
            .iter()
            .map(|m| Received {
                message_id: m.message_id.clone(),
                receipt_handle: m.receipt_handle.clone(),
                md5_of_body: m.md5_of_body.clone(),
                body: m.body.clone(),
                attributes: m.attributes.as_ref().map(|a| {
                    a.iter()
                        .map(|(k, v)| (k.as_str().to_owned(), v.clone()))
                        .collect()
                }),
                md5_of_message_attributes: m.md5_of_message_attributes.clone(),
                message_attributes: m.message_attributes.as_ref().map(|a| {
                    a.iter()
                        .map(|(k, v)| {
                            (
                                k.clone(),
                                Attribute {
                                    data_type: v.data_type.clone(),
                                    string_value: v.string_value.clone(),
                                    binary_value: v.binary_value.clone(),
                                    string_list_values: v
                                        .string_list_values
                                        .clone()
                                        .unwrap_or_default(),
                                    binary_list_values: v
                                        .binary_list_values
                                        .clone()
                                        .unwrap_or_default(),
                                },
                            )
                        })
                        .collect()
                }),
            })
            .collect(),
    )
}

/// What our crate reads from a `ReceiveMessage` response, in the comparable form.
pub fn ours_parse_receive_message(
    response: &http::Response<Vec<u8>>,
) -> Result<Option<Vec<Received>>, String> {
    aws_sqs::operation::ReceiveMessage::parse_response(response)
        .map(|o| ours_received(&o))
        .map_err(|e| format!("{e:?}"))
}

/// Our input for the sample `SendMessage` (see [`samples`]).
pub fn ours_send_message_input() -> aws_sqs::types::SendMessageRequest {
    use aws_sqs::types::{MessageAttributeValue, SendMessageRequest};
    SendMessageRequest {
        queue_url: samples::QUEUE_URL.to_owned(),
        message_body: samples::MESSAGE_BODY.to_owned(),
        delay_seconds: Some(samples::DELAY_SECONDS),
        message_attributes: Some(
            samples::MESSAGE_ATTRIBUTES
                .iter()
                .map(|(name, value)| {
                    (
                        (*name).to_owned(),
                        MessageAttributeValue {
                            data_type: "String".to_owned(),
                            string_value: Some((*value).to_owned()),
                            ..Default::default()
                        },
                    )
                })
                .collect(),
        ),
        ..Default::default()
    }
}

/// Reduces our request to the comparable form.
pub fn ours_call(request: &http::Request<Vec<u8>>) -> HttpCall {
    HttpCall {
        method: request.method().as_str().to_owned(),
        uri: request.uri().to_string(),
        headers: sorted_headers(
            request
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_bytes())),
        ),
        body: json_body(request.body()),
    }
}

/// Our request for the sample `SendMessage`, in the comparable form.
pub fn ours_send_message_request() -> Result<HttpCall, String> {
    aws_sqs::operation::SendMessage::build_request(&ours_send_message_input())
        .map(|r| ours_call(&r))
        .map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------------------------
// Samples
// ---------------------------------------------------------------------------------------------

/// Hand-written data shared by the tests and the benchmark.
pub mod samples {
    use serde_json::{Value, json};

    /// Messages in the sample `ReceiveMessage` response (`MaxNumberOfMessages` is at most 10).
    pub const MESSAGES: usize = 10;

    /// The headers of the sample `ReceiveMessage` response, less `Content-Length` (see
    /// [`receive_message_response`]).
    pub const RECEIVE_MESSAGE_HEADERS: &[(&str, &str)] = &[
        ("content-type", "application/x-amz-json-1.0"),
        ("x-amzn-requestid", "5f2c8a1e-3b7d-5e4f-9a6b-0c1d2e3f4a5b"),
    ];

    /// The body of one sample message: the JSON text of an order event, about 470 bytes,
    /// which in the response becomes a JSON string full of escaped quotes.
    pub fn message_body(i: usize) -> String {
        format!(
            concat!(
                r#"{{"eventType":"order.created","eventId":"evt-{i:04}-7c1e9b2a","#,
                r#""occurredAt":"2024-11-14T09:21:{s:02}.{ms:03}Z","#,
                r#""order":{{"orderId":"ORD-2024-{n:06}","customerId":"CUST-88{i:02}41","#,
                r#""currency":"EUR","total":{total}.{cents:02},"#,
                r#""items":[{{"sku":"SKU-1042","quantity":2,"unitPrice":19.99}},"#,
                r#"{{"sku":"SKU-2210","quantity":1,"unitPrice":{unit}.50}}],"#,
                r#""shipping":{{"method":"standard","country":"DE","postcode":"10{i:03}"}}}},"#,
                r#""source":"checkout-service","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e{i:04}-00f067aa0ba902b7-01"}}"#
            ),
            i = i,
            s = (i * 7) % 60,
            ms = (i * 137) % 1000,
            n = 100_000 + i * 313,
            total = 40 + i * 3,
            cents = (i * 17) % 100,
            unit = 1 + i * 3,
        )
    }

    fn message(i: usize) -> Value {
        let sent = 1_731_576_060_000_u64 + i as u64 * 1_371;
        json!({
            "MessageId": format!("2f1b7c3e-{:04x}-4d8a-9e6f-1a2b3c4d5e6f", 0x1000 + i),
            // Real receipt handles are opaque base64 text of about 180 to 400 characters.
            "ReceiptHandle": format!(
                "AQEB{i:02}Zy3JmXw8l0bJ9pQv2kR7sTt4uVw5xYz6A7bC8dE9fG0hI1jK2lM3nO4pQ5rS6tU7vW8xY9zA0\
                 bC1dE2fG3hI4jK5lM6nO7pQ8rS9tU0vW1xY2zA3bC4dE5fG6hI7jK8lM9nO0pQ1rS2tU3vW4xY5zA6bC7\
                 dE8fG9hI0jK1lM2nO3pQ4rS5tU6vW7xY8zA9bC0dE1fG2hI3jK4lM5nO6p+Q/7rS8=="
            ),
            // Hex text of the right shape; neither side checks digests.
            "MD5OfBody": format!("9e107d9d372bb6826bd81d3542a4{:04x}", 0x19c0 + i),
            "Body": message_body(i),
            "Attributes": {
                "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                "ApproximateFirstReceiveTimestamp": (sent + 250).to_string(),
                "ApproximateReceiveCount": (1 + i % 3).to_string(),
                "SentTimestamp": sent.to_string(),
            },
            "MD5OfMessageAttributes": format!("d41d8cd98f00b204e9800998ecf8{:04x}", 0x427e + i),
            "MessageAttributes": {
                "EventType": { "DataType": "String", "StringValue": "order.created" },
                "TenantId": { "DataType": "String", "StringValue": format!("tenant-{:03}", 17 + i) },
            },
        })
    }

    /// The body of the sample `ReceiveMessage` response: [`MESSAGES`] messages, compact JSON
    /// as the service sends it (12.7 KB).
    pub fn receive_message_body() -> Vec<u8> {
        let messages: Vec<Value> = (0..MESSAGES).map(message).collect();
        serde_json::to_vec(&json!({ "Messages": messages })).expect("JSON")
    }

    /// The sample `ReceiveMessage` response: status 200, [`RECEIVE_MESSAGE_HEADERS`] and the
    /// `Content-Length` of [`receive_message_body`].
    pub fn receive_message_response() -> http::Response<Vec<u8>> {
        let body = receive_message_body();
        let length = body.len().to_string();
        let mut headers = RECEIVE_MESSAGE_HEADERS.to_vec();
        headers.push(("content-length", &length));
        super::http_response(200, &headers, &body)
    }

    /// The same response as the SDK's `HttpResponse`.
    pub fn sdk_receive_message_response() -> super::HttpResponse {
        super::HttpResponse::try_from(receive_message_response().map(super::SdkBody::from))
            .expect("valid response")
    }

    /// The sample `SendMessage` input's queue.
    pub const QUEUE_URL: &str = "https://sqs.eu-central-1.amazonaws.com/123456789012/orders-events";
    /// The sample `SendMessage` input's body (about 300 bytes of JSON text).
    pub const MESSAGE_BODY: &str = r#"{"eventType":"order.created","eventId":"evt-0042-7c1e9b2a","occurredAt":"2024-11-14T09:21:07.137Z","order":{"orderId":"ORD-2024-113146","customerId":"CUST-884241","currency":"EUR","total":166.14,"items":[{"sku":"SKU-1042","quantity":2,"unitPrice":19.99}]},"source":"checkout-service"}"#;
    /// The sample `SendMessage` input's delay.
    pub const DELAY_SECONDS: i32 = 45;
    /// The sample `SendMessage` input's message attributes, all of data type `String`.
    pub const MESSAGE_ATTRIBUTES: [(&str, &str); 2] =
        [("EventType", "order.created"), ("TenantId", "tenant-042")];
}
