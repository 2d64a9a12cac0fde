//! Endpoint resolution: interprets a Smithy rule set (the JSON value of the service's
//! `smithy.rules#endpointRuleSet` trait) against parameters, giving an [`Endpoint`] or the
//! rule set's error message. The rule set is read once ([`RuleSet::parse`]) and evaluated per
//! call ([`RuleSet::resolve`]); docs/endpoints.md says why it is interpreted rather than
//! compiled to Rust per service. Values are JSON values (`None` is "unset"), which is what
//! `getAttr` walks and what endpoint properties are.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::{Map, Value};

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub url: String,
    /// Header name to values, in name order.
    pub headers: BTreeMap<String, Vec<String>>,
    /// The endpoint's properties (e.g. `authSchemes`), as the rule set builds them.
    pub properties: Map<String, Value>,
}

/// Why a rule set does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointError {
    /// The rule set is not one this engine reads.
    InvalidRuleSet(String),
    /// A required parameter has no value and no default.
    MissingParameter(String),
    /// A parameter's value is not of its declared type.
    ParameterType(String),
    /// An error rule matched: its message.
    Rule(String),
    /// No rule matched.
    NoRuleMatched,
    /// Evaluation met something the rule set's types forbid (an unknown function, a reference
    /// to an unbound name, an argument of the wrong type).
    Evaluation(String),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndpointError::InvalidRuleSet(m) => write!(f, "invalid endpoint rule set: {m}"),
            EndpointError::MissingParameter(p) => write!(f, "missing required parameter {p}"),
            EndpointError::ParameterType(p) => write!(f, "parameter {p} has the wrong type"),
            EndpointError::Rule(m) => f.write_str(m),
            EndpointError::NoRuleMatched => f.write_str("no endpoint rule matched"),
            EndpointError::Evaluation(m) => write!(f, "endpoint rule evaluation: {m}"),
        }
    }
}

impl std::error::Error for EndpointError {}

type Result<T> = std::result::Result<T, EndpointError>;

fn invalid(m: impl Into<String>) -> EndpointError {
    EndpointError::InvalidRuleSet(m.into())
}

/// A parameter's declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParamType {
    String,
    Boolean,
    StringArray,
}

#[derive(Debug, Clone)]
struct Parameter {
    name: String,
    kind: ParamType,
    required: bool,
    default: Option<Value>,
}

/// A parsed rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct Rule {
    conditions: Vec<Condition>,
    kind: RuleKind,
}

#[derive(Debug, Clone)]
enum RuleKind {
    Endpoint {
        url: Expr,
        headers: Vec<(String, Vec<Expr>)>,
        properties: Vec<(String, Expr)>,
    },
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
struct Condition {
    call: Expr,
    assign: Option<String>,
}

/// An expression: a literal (strings are templates), a reference or a function call.
#[derive(Debug, Clone)]
enum Expr {
    Template(Vec<Piece>),
    Literal(Value),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Ref(String),
    Call(String, Vec<Expr>),
}

/// A part of a template string: text, or `{name}` / `{name#path}`.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Ref(String, Option<Vec<PathPart>>),
}

/// A step of a `getAttr` path.
#[derive(Debug, Clone, PartialEq)]
enum PathPart {
    Key(String),
    Index(usize),
}

impl RuleSet {
    /// Reads a rule set from its JSON value.
    pub fn parse(value: &Value) -> Result<RuleSet> {
        let obj = value.as_object().ok_or_else(|| invalid("not an object"))?;
        let mut parameters = Vec::new();
        if let Some(params) = obj.get("parameters") {
            let params = params
                .as_object()
                .ok_or_else(|| invalid("parameters is not an object"))?;
            for (name, p) in params {
                let kind = match p.get("type").and_then(Value::as_str) {
                    Some(t) if t.eq_ignore_ascii_case("string") => ParamType::String,
                    Some(t) if t.eq_ignore_ascii_case("boolean") => ParamType::Boolean,
                    Some(t) if t.eq_ignore_ascii_case("stringarray") => ParamType::StringArray,
                    other => return Err(invalid(format!("parameter {name}: type {other:?}"))),
                };
                parameters.push(Parameter {
                    name: name.clone(),
                    kind,
                    required: p.get("required").and_then(Value::as_bool) == Some(true),
                    default: p.get("default").cloned(),
                });
            }
        }
        let rules = parse_rules(obj.get("rules"))?;
        Ok(RuleSet { parameters, rules })
    }

    /// Resolves the endpoint for `params` (parameter name to value; absent names take their
    /// default).
    pub fn resolve(&self, params: &Map<String, Value>) -> Result<Endpoint> {
        let mut scope = Scope::default();
        for p in &self.parameters {
            let value = params
                .get(&p.name)
                .filter(|v| !v.is_null())
                .or(p.default.as_ref());
            match value {
                Some(v) => {
                    let ok = match p.kind {
                        ParamType::String => v.is_string(),
                        ParamType::Boolean => v.is_boolean(),
                        ParamType::StringArray => {
                            v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
                        }
                    };
                    if !ok {
                        return Err(EndpointError::ParameterType(p.name.clone()));
                    }
                    scope.bind(&p.name, v.clone());
                }
                None if p.required => {
                    return Err(EndpointError::MissingParameter(p.name.clone()));
                }
                None => {}
            }
        }
        match eval_rules(&self.rules, &mut scope)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::NoRuleMatched),
        }
    }
}

fn parse_rules(value: Option<&Value>) -> Result<Vec<Rule>> {
    let rules = value
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("rules is not an array"))?;
    rules.iter().map(parse_rule).collect()
}

fn parse_rule(value: &Value) -> Result<Rule> {
    let conditions = match value.get("conditions") {
        None => Vec::new(),
        Some(c) => c
            .as_array()
            .ok_or_else(|| invalid("conditions is not an array"))?
            .iter()
            .map(|c| {
                Ok(Condition {
                    call: parse_call(c)?,
                    assign: c.get("assign").and_then(Value::as_str).map(str::to_owned),
                })
            })
            .collect::<Result<_>>()?,
    };
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("endpoint") => {
            let e = value
                .get("endpoint")
                .ok_or_else(|| invalid("endpoint rule without endpoint"))?;
            let url = parse_expr(
                e.get("url")
                    .ok_or_else(|| invalid("endpoint without url"))?,
            )?;
            let mut headers = Vec::new();
            if let Some(h) = e.get("headers").and_then(Value::as_object) {
                for (name, values) in h {
                    let values = values
                        .as_array()
                        .ok_or_else(|| invalid("header values are not an array"))?;
                    headers.push((
                        name.clone(),
                        values.iter().map(parse_expr).collect::<Result<_>>()?,
                    ));
                }
            }
            let mut properties = Vec::new();
            if let Some(p) = e.get("properties").and_then(Value::as_object) {
                for (name, v) in p {
                    properties.push((name.clone(), parse_expr(v)?));
                }
            }
            RuleKind::Endpoint {
                url,
                headers,
                properties,
            }
        }
        Some("error") => RuleKind::Error(parse_expr(
            value
                .get("error")
                .ok_or_else(|| invalid("error rule without error"))?,
        )?),
        Some("tree") => RuleKind::Tree(parse_rules(value.get("rules"))?),
        other => return Err(invalid(format!("rule type {other:?}"))),
    };
    Ok(Rule { conditions, kind })
}

/// A condition or `{"fn": ..}` object: the function call.
fn parse_call(value: &Value) -> Result<Expr> {
    let name = value
        .get("fn")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("condition without fn"))?;
    let args = match value.get("argv") {
        None => Vec::new(),
        Some(a) => a
            .as_array()
            .ok_or_else(|| invalid("argv is not an array"))?
            .iter()
            .map(parse_expr)
            .collect::<Result<_>>()?,
    };
    Ok(Expr::Call(name.to_owned(), args))
}

fn parse_expr(value: &Value) -> Result<Expr> {
    Ok(match value {
        Value::String(s) => Expr::Template(parse_template(s)?),
        Value::Array(a) => Expr::Array(a.iter().map(parse_expr).collect::<Result<_>>()?),
        Value::Object(o) => {
            if let Some(r) = o.get("ref").and_then(Value::as_str) {
                Expr::Ref(r.to_owned())
            } else if o.contains_key("fn") {
                parse_call(value)?
            } else {
                Expr::Object(
                    o.iter()
                        .map(|(k, v)| Ok((k.clone(), parse_expr(v)?)))
                        .collect::<Result<_>>()?,
                )
            }
        }
        other => Expr::Literal(other.clone()),
    })
}

/// Splits a template: `{{` and `}}` are literal braces, `{name}` and `{name#path}` references.
fn parse_template(s: &str) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(['{', '}']) {
        text.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            text.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if tail.starts_with('}') {
            return Err(invalid(format!("unbalanced `}}` in template {s:?}")));
        } else {
            let end = tail
                .find('}')
                .ok_or_else(|| invalid(format!("unclosed `{{` in template {s:?}")))?;
            let inner = &tail[1..end];
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(match inner.split_once('#') {
                Some((name, path)) => Piece::Ref(
                    name.to_owned(),
                    Some(parse_path(path).ok_or_else(|| invalid(format!("path {path:?}")))?),
                ),
                None => Piece::Ref(inner.to_owned(), None),
            });
            rest = &tail[end + 1..];
        }
    }
    text.push_str(rest);
    if !text.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// Reads a `getAttr` path: `a.b[0]`, keys separated by dots, each with optional `[index]`.
fn parse_path(path: &str) -> Option<Vec<PathPart>> {
    let mut parts = Vec::new();
    for segment in path.split('.') {
        let (key, mut index) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !key.is_empty() {
            parts.push(PathPart::Key(key.to_owned()));
        } else if index.is_empty() {
            return None;
        }
        while !index.is_empty() {
            let close = index.find(']')?;
            parts.push(PathPart::Index(index.get(1..close)?.parse().ok()?));
            index = &index[close + 1..];
            if !index.is_empty() && !index.starts_with('[') {
                return None;
            }
        }
    }
    Some(parts)
}

/// The bound names: parameters, then what conditions assign (a stack, so that a rule's
/// assignments go away when evaluation leaves it).
#[derive(Default)]
struct Scope {
    bindings: Vec<(String, Value)>,
}

impl Scope {
    fn bind(&mut self, name: &str, value: Value) {
        self.bindings.push((name.to_owned(), value));
    }

    fn get(&self, name: &str) -> Option<&Value> {
        self.bindings
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// The first rule whose conditions hold decides; `Ok(None)` when none does. A tree rule whose
/// conditions hold is final too: when none of its rules match, nothing after it is tried (the
/// spec's trees are exhaustive), and the caller reports no match.
fn eval_rules(rules: &[Rule], scope: &mut Scope) -> Result<Option<Endpoint>> {
    for rule in rules {
        let mark = scope.bindings.len();
        let result = eval_rule(rule, scope);
        scope.bindings.truncate(mark);
        match result? {
            Outcome::NotMatched => continue,
            Outcome::Endpoint(e) => return Ok(Some(e)),
            Outcome::FellThrough => return Ok(None),
        }
    }
    Ok(None)
}

enum Outcome {
    NotMatched,
    Endpoint(Endpoint),
    FellThrough,
}

fn eval_rule(rule: &Rule, scope: &mut Scope) -> Result<Outcome> {
    for c in &rule.conditions {
        let value = eval(&c.call, scope)?;
        let holds = match &value {
            None | Some(Value::Bool(false)) => false,
            Some(_) => true,
        };
        if !holds {
            return Ok(Outcome::NotMatched);
        }
        if let (Some(name), Some(v)) = (&c.assign, value) {
            scope.bind(name, v);
        }
    }
    match &rule.kind {
        RuleKind::Error(message) => Err(EndpointError::Rule(eval_string(message, scope)?)),
        RuleKind::Tree(rules) => Ok(match eval_rules(rules, scope)? {
            Some(e) => Outcome::Endpoint(e),
            None => Outcome::FellThrough,
        }),
        RuleKind::Endpoint {
            url,
            headers,
            properties,
        } => {
            let url = eval_string(url, scope)?;
            let mut out_headers = BTreeMap::new();
            for (name, values) in headers {
                let values = values
                    .iter()
                    .map(|v| eval_string(v, scope))
                    .collect::<Result<_>>()?;
                out_headers.insert(name.clone(), values);
            }
            let mut out_properties = Map::new();
            for (name, v) in properties {
                if let Some(v) = eval(v, scope)? {
                    out_properties.insert(name.clone(), v);
                }
            }
            Ok(Outcome::Endpoint(Endpoint {
                url,
                headers: out_headers,
                properties: out_properties,
            }))
        }
    }
}

fn eval_string(expr: &Expr, scope: &Scope) -> Result<String> {
    match eval(expr, scope)? {
        Some(Value::String(s)) => Ok(s),
        other => Err(EndpointError::Evaluation(format!(
            "expected a string, got {other:?}"
        ))),
    }
}

fn eval(expr: &Expr, scope: &Scope) -> Result<Option<Value>> {
    Ok(match expr {
        Expr::Literal(v) => Some(v.clone()),
        Expr::Template(pieces) => {
            let mut out = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Ref(name, path) => {
                        let value = scope.get(name).ok_or_else(|| {
                            EndpointError::Evaluation(format!("template names unbound {name}"))
                        })?;
                        let value = match path {
                            Some(path) => get_attr(value, path),
                            None => Some(value),
                        };
                        match value {
                            Some(Value::String(s)) => out.push_str(s),
                            Some(Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
                            Some(Value::Number(n)) => out.push_str(&n.to_string()),
                            other => {
                                return Err(EndpointError::Evaluation(format!(
                                    "template value of {name} is {other:?}"
                                )));
                            }
                        }
                    }
                }
            }
            Some(Value::String(out))
        }
        Expr::Array(items) => Some(Value::Array(
            items
                .iter()
                .map(|i| Ok(eval(i, scope)?.unwrap_or(Value::Null)))
                .collect::<Result<_>>()?,
        )),
        Expr::Object(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                if let Some(v) = eval(v, scope)? {
                    map.insert(k.clone(), v);
                }
            }
            Some(Value::Object(map))
        }
        Expr::Ref(name) => scope.get(name).cloned(),
        Expr::Call(name, args) => {
            let args = args
                .iter()
                .map(|a| eval(a, scope))
                .collect::<Result<Vec<_>>>()?;
            call(name, &args)?
        }
    })
}

fn get_attr<'v>(value: &'v Value, path: &[PathPart]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, part| match part {
        PathPart::Key(k) => v.as_object()?.get(k),
        PathPart::Index(i) => v.as_array()?.get(*i),
    })
}

fn arg_error(name: &str) -> EndpointError {
    EndpointError::Evaluation(format!("bad arguments to {name}"))
}

/// Calls a library function. `None` arguments are unset values: functions that return values
/// return unset for them, predicates false.
fn call(name: &str, args: &[Option<Value>]) -> Result<Option<Value>> {
    let arg = |i: usize| args.get(i).and_then(Option::as_ref);
    let string = |i: usize| arg(i).and_then(Value::as_str);
    let boolean = |i: usize| arg(i).and_then(Value::as_bool);
    Ok(match name {
        "isSet" => Some(Value::Bool(arg(0).is_some_and(|v| !v.is_null()))),
        "not" => Some(Value::Bool(!boolean(0).ok_or_else(|| arg_error(name))?)),
        "booleanEquals" => match (boolean(0), boolean(1)) {
            (Some(a), Some(b)) => Some(Value::Bool(a == b)),
            _ => Some(Value::Bool(false)),
        },
        "stringEquals" => match (string(0), string(1)) {
            (Some(a), Some(b)) => Some(Value::Bool(a == b)),
            _ => Some(Value::Bool(false)),
        },
        "getAttr" => {
            let path = string(1).ok_or_else(|| arg_error(name))?;
            let path = parse_path(path).ok_or_else(|| arg_error(name))?;
            arg(0).and_then(|v| get_attr(v, &path)).cloned()
        }
        "substring" => {
            let (Some(input), Some(start), Some(stop), Some(reverse)) = (
                string(0),
                arg(1).and_then(Value::as_u64),
                arg(2).and_then(Value::as_u64),
                boolean(3),
            ) else {
                return Ok(None);
            };
            substring(input, start, stop, reverse).map(|s| Value::String(s.to_owned()))
        }
        "uriEncode" => string(0).map(|s| Value::String(uri_encode(s))),
        "parseURL" => string(0).and_then(parse_url),
        "isValidHostLabel" => Some(Value::Bool(match (string(0), boolean(1)) {
            (Some(s), Some(sub)) => is_valid_host_label(s, sub),
            _ => false,
        })),
        "aws.partition" => string(0).and_then(partition),
        "aws.parseArn" => string(0).and_then(parse_arn),
        "aws.isVirtualHostableS3Bucket" => Some(Value::Bool(match (string(0), boolean(1)) {
            (Some(s), Some(sub)) => is_virtual_hostable_s3_bucket(s, sub),
            _ => false,
        })),
        other => {
            return Err(EndpointError::Evaluation(format!(
                "unknown function {other}"
            )));
        }
    })
}

/// `substring`: ASCII input only; `reverse` counts from the end.
pub fn substring(input: &str, start: u64, stop: u64, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop {
        return None;
    }
    let (start, stop) = (usize::try_from(start).ok()?, usize::try_from(stop).ok()?);
    let len = input.len();
    if stop > len {
        return None;
    }
    if reverse {
        input.get(len - stop..len - start)
    } else {
        input.get(start..stop)
    }
}

/// `uriEncode`: every byte but the unreserved characters of RFC 3986 percent-encoded.
pub fn uri_encode(input: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(input, RESERVED).to_string()
}

/// `parseURL`: `{scheme, authority, path, normalizedPath, isIp}`, unset for what is not an
/// absolute http(s) URL or has a query. `http::Uri` validates; the path is the text after the
/// authority (so that no path stays empty, where `Uri` would say `/`).
pub fn parse_url(input: &str) -> Option<Value> {
    if input.contains('?') || input.contains('#') {
        return None;
    }
    let uri: http::Uri = input.parse().ok()?;
    let scheme = uri.scheme_str()?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = uri.authority()?.as_str();
    let after = input.split_once("://")?.1;
    let path = after.strip_prefix(authority)?;
    let host = uri.host()?;
    let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let mut normalized = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized.push('/');
    }
    normalized.push_str(path);
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    let mut out = Map::new();
    out.insert("scheme".into(), Value::String(scheme.to_owned()));
    out.insert("authority".into(), Value::String(authority.to_owned()));
    out.insert("path".into(), Value::String(path.to_owned()));
    out.insert("normalizedPath".into(), Value::String(normalized));
    out.insert("isIp".into(), Value::Bool(is_ip));
    Some(Value::Object(out))
}

/// `isValidHostLabel`: 1 to 63 ASCII letters, digits and hyphens, not starting with a hyphen;
/// with `allow_subdomains`, dot-separated labels each so.
pub fn is_valid_host_label(input: &str, allow_subdomains: bool) -> bool {
    let label = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if allow_subdomains {
        input.split('.').all(label)
    } else {
        label(input)
    }
}

/// `aws.isVirtualHostableS3Bucket`: a host label (or labels, with `allow_subdomains`) of 3 to 63
/// characters, lowercase, and not an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(input: &str, allow_subdomains: bool) -> bool {
    if !(3..=63).contains(&input.len())
        || input.bytes().any(|b| b.is_ascii_uppercase())
        || input.parse::<std::net::Ipv4Addr>().is_ok()
    {
        return false;
    }
    if allow_subdomains {
        input
            .split('.')
            .all(|l| is_valid_host_label(l, false) && !l.ends_with('-'))
            && !input.contains("..")
    } else {
        is_valid_host_label(input, false)
    }
}

/// `aws.parseArn`: `arn:partition:service:region:account:resource`, the resource split on
/// `:` and `/`. Partition, service and resource must not be empty.
pub fn parse_arn(input: &str) -> Option<Value> {
    let mut parts = input.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let (partition, service, region, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    let resource_id = resource
        .split([':', '/'])
        .map(|s| Value::String(s.to_owned()))
        .collect();
    let mut out = Map::new();
    out.insert("partition".into(), Value::String(partition.to_owned()));
    out.insert("service".into(), Value::String(service.to_owned()));
    out.insert("region".into(), Value::String(region.to_owned()));
    out.insert("accountId".into(), Value::String(account.to_owned()));
    out.insert("resourceId".into(), Value::Array(resource_id));
    Some(Value::Object(out))
}

/// A partition of the data: its region pattern, its regions' overrides, its outputs.
struct Partition {
    id: String,
    region_regex: regex::Regex,
    regions: Map<String, Value>,
    outputs: Map<String, Value>,
}

/// The partitions, read from the data once. Unreadable data (a broken edit of it) leaves none,
/// and `aws.partition` is then unset for every region.
fn partitions() -> &'static [Partition] {
    static PARTITIONS: OnceLock<Vec<Partition>> = OnceLock::new();
    PARTITIONS.get_or_init(|| {
        let data: Value = match serde_json::from_str(super::endpoint_partitions::PARTITIONS) {
            Ok(v) => v,
            Err(_) => return Vec::new(),
        };
        let list = data.get("partitions").and_then(Value::as_array);
        list.into_iter()
            .flatten()
            .filter_map(|p| {
                Some(Partition {
                    id: p.get("id")?.as_str()?.to_owned(),
                    region_regex: regex::Regex::new(p.get("regionRegex")?.as_str()?).ok()?,
                    regions: p.get("regions")?.as_object()?.clone(),
                    outputs: p.get("outputs")?.as_object()?.clone(),
                })
            })
            .collect()
    })
}

/// `aws.partition`: the partition listing the region, else the first whose pattern matches it,
/// else `aws`; its outputs, with the region's overrides.
pub fn partition(region: &str) -> Option<Value> {
    let all = partitions();
    let (p, overrides) = all
        .iter()
        .find_map(|p| p.regions.get(region).map(|o| (p, o.as_object())))
        .or_else(|| {
            all.iter()
                .find(|p| p.region_regex.is_match(region))
                .map(|p| (p, None))
        })
        .or_else(|| all.iter().find(|p| p.id == "aws").map(|p| (p, None)))?;
    let mut out = p.outputs.clone();
    for (k, v) in overrides.into_iter().flatten() {
        out.insert(k.clone(), v.clone());
    }
    Some(Value::Object(out))
}
