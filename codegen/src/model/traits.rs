//! Traits: typed where the generator acts on them, kept as JSON otherwise.

use std::collections::BTreeMap;

use serde_json::Value;

/// `length` bounds (characters, bytes or entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Size {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

/// `range` bounds, kept as the model wrote them so messages can quote them exactly.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Range {
    pub min: Option<serde_json::Number>,
    pub max: Option<serde_json::Number>,
}

/// The `error` trait: who is at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

/// `timestampFormat` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// The value of an enum member (`enumValue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumValue {
    String(String),
    Int(i64),
}

/// One entry of the Smithy 1.0 `enum` trait on a string shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDefinition {
    pub value: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
    pub tags: Vec<String>,
}

/// The `http` trait of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTrait {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

/// The traits of a shape or member.
///
/// Typed fields hold the traits the generator acts on; the raw JSON of every trait stays in
/// `raw`, so nothing is lost and model comparisons stay possible.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Traits {
    pub documentation: Option<String>,
    pub required: bool,
    pub default: Option<Value>,
    pub client_optional: bool,
    pub length: Option<Size>,
    pub range: Option<Range>,
    pub pattern: Option<String>,
    pub unique_items: bool,
    pub sensitive: bool,
    pub sparse: bool,
    pub streaming: bool,
    pub error: Option<Fault>,
    pub http_error: Option<u16>,
    /// `Some(throttling)` when the error is retryable.
    pub retryable: Option<bool>,
    pub enum_value: Option<EnumValue>,
    pub enum_definitions: Option<Vec<EnumDefinition>>,
    pub json_name: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    pub http: Option<HttpTrait>,
    pub http_label: bool,
    pub http_query: Option<String>,
    pub http_query_params: bool,
    pub http_header: Option<String>,
    pub http_prefix_headers: Option<String>,
    pub http_payload: bool,
    pub http_response_code: bool,
    pub deprecated: bool,
    /// `@internal`: the shape or member is not meant for the service's customers.
    pub internal: bool,
    pub mixin: bool,
    pub raw: BTreeMap<String, Value>,
}

/// A trait value whose JSON does not have the form the trait requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedTrait {
    pub name: String,
    pub problem: String,
}

impl Traits {
    /// Types the traits the generator acts on. Unknown traits are kept as JSON only.
    pub fn parse(raw: BTreeMap<String, Value>) -> Result<Self, Vec<MalformedTrait>> {
        let mut t = Traits::default();
        let mut bad = Vec::new();
        for (name, value) in &raw {
            if let Err(problem) = t.apply(name, value) {
                bad.push(MalformedTrait {
                    name: name.clone(),
                    problem,
                });
            }
        }
        t.raw = raw;
        if bad.is_empty() { Ok(t) } else { Err(bad) }
    }

    fn apply(&mut self, name: &str, v: &Value) -> Result<(), String> {
        let Some(short) = name.strip_prefix("smithy.api#") else {
            return Ok(());
        };
        match short {
            "documentation" => self.documentation = Some(string(v)?),
            "required" => self.required = annotation(v)?,
            "default" => self.default = Some(v.clone()),
            "clientOptional" => self.client_optional = annotation(v)?,
            "length" => {
                let o = object(v)?;
                self.length = Some(Size {
                    min: opt_u64(o, "min")?,
                    max: opt_u64(o, "max")?,
                });
            }
            "range" => {
                let o = object(v)?;
                self.range = Some(Range {
                    min: opt_number(o, "min")?,
                    max: opt_number(o, "max")?,
                });
            }
            "pattern" => self.pattern = Some(string(v)?),
            "uniqueItems" => self.unique_items = annotation(v)?,
            "sensitive" => self.sensitive = annotation(v)?,
            "sparse" => self.sparse = annotation(v)?,
            "streaming" => self.streaming = annotation(v)?,
            "error" => {
                self.error = Some(match v.as_str() {
                    Some("client") => Fault::Client,
                    Some("server") => Fault::Server,
                    _ => return Err(format!("expected \"client\" or \"server\", found {v}")),
                })
            }
            "httpError" => {
                self.http_error = Some(status(v)?);
            }
            "retryable" => {
                let o = object(v)?;
                self.retryable = Some(match o.get("throttling") {
                    None => false,
                    Some(Value::Bool(b)) => *b,
                    Some(other) => {
                        return Err(format!("`throttling` must be a boolean, found {other}"));
                    }
                });
            }
            "enumValue" => {
                self.enum_value = Some(match v {
                    Value::String(s) => EnumValue::String(s.clone()),
                    Value::Number(n) => EnumValue::Int(
                        n.as_i64()
                            .filter(|i| i32::try_from(*i).is_ok())
                            .ok_or_else(|| format!("expected a 32-bit integer, found {n}"))?,
                    ),
                    _ => return Err(format!("expected a string or integer, found {v}")),
                })
            }
            "enum" => {
                let items = v
                    .as_array()
                    .ok_or_else(|| format!("expected an array, found {v}"))?;
                let mut defs = Vec::with_capacity(items.len());
                for item in items {
                    let o = object(item)?;
                    defs.push(EnumDefinition {
                        value: o
                            .get("value")
                            .and_then(Value::as_str)
                            .ok_or("each enum definition needs a string `value`")?
                            .to_owned(),
                        name: opt_string(o, "name")?,
                        documentation: opt_string(o, "documentation")?,
                        tags: match o.get("tags") {
                            None => Vec::new(),
                            Some(Value::Array(tags)) => tags
                                .iter()
                                .map(|t| {
                                    t.as_str().map(str::to_owned).ok_or_else(|| {
                                        format!("`tags` must hold strings, found {t}")
                                    })
                                })
                                .collect::<Result<_, _>>()?,
                            Some(other) => {
                                return Err(format!("`tags` must be a list, found {other}"));
                            }
                        },
                    });
                }
                self.enum_definitions = Some(defs);
            }
            "jsonName" => self.json_name = Some(string(v)?),
            "timestampFormat" => {
                self.timestamp_format = Some(match v.as_str() {
                    Some("epoch-seconds") => TimestampFormat::EpochSeconds,
                    Some("date-time") => TimestampFormat::DateTime,
                    Some("http-date") => TimestampFormat::HttpDate,
                    _ => {
                        return Err(format!(
                            "expected \"epoch-seconds\", \"date-time\" or \"http-date\", found {v}"
                        ));
                    }
                })
            }
            "http" => {
                let o = object(v)?;
                let code = match o.get("code") {
                    None => 200,
                    Some(c) => status(c)?,
                };
                self.http = Some(HttpTrait {
                    method: opt_string(o, "method")?.ok_or("`method` is required")?,
                    uri: opt_string(o, "uri")?.ok_or("`uri` is required")?,
                    code,
                });
            }
            "httpLabel" => self.http_label = annotation(v)?,
            "httpQuery" => self.http_query = Some(string(v)?),
            "httpQueryParams" => self.http_query_params = annotation(v)?,
            "httpHeader" => self.http_header = Some(string(v)?),
            "httpPrefixHeaders" => self.http_prefix_headers = Some(string(v)?),
            "httpPayload" => self.http_payload = annotation(v)?,
            "httpResponseCode" => self.http_response_code = annotation(v)?,
            "deprecated" => {
                object(v)?;
                self.deprecated = true;
            }
            "mixin" => {
                object(v)?;
                self.mixin = true;
            }
            "internal" => self.internal = annotation(v)?,
            _ => {}
        }
        Ok(())
    }
}

fn string(v: &Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("expected a string, found {v}"))
}

fn object(v: &Value) -> Result<&serde_json::Map<String, Value>, String> {
    v.as_object()
        .ok_or_else(|| format!("expected an object, found {v}"))
}

/// Annotation traits are `{}` in the JSON AST; `true` is tolerated as older tools wrote it.
fn annotation(v: &Value) -> Result<bool, String> {
    match v {
        Value::Object(_) | Value::Bool(true) => Ok(true),
        _ => Err(format!("expected an object, found {v}")),
    }
}

fn status(v: &Value) -> Result<u16, String> {
    v.as_u64()
        .and_then(|n| u16::try_from(n).ok())
        .filter(|n| (100..=999).contains(n))
        .ok_or_else(|| format!("expected an HTTP status code, found {v}"))
}

fn opt_u64(o: &serde_json::Map<String, Value>, key: &str) -> Result<Option<u64>, String> {
    o.get(key)
        .map(|v| {
            v.as_u64()
                .ok_or_else(|| format!("`{key}` must be a non-negative integer, found {v}"))
        })
        .transpose()
}

fn opt_number(
    o: &serde_json::Map<String, Value>,
    key: &str,
) -> Result<Option<serde_json::Number>, String> {
    o.get(key)
        .map(|v| match v {
            Value::Number(n) => Ok(n.clone()),
            _ => Err(format!("`{key}` must be a number, found {v}")),
        })
        .transpose()
}

fn opt_string(o: &serde_json::Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    o.get(key)
        .map(|v| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("`{key}` must be a string, found {v}"))
        })
        .transpose()
}
