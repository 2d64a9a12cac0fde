//! The HTTP binding validators: `HttpLabelTrait` (every URI label has an `@httpLabel` input
//! member and every such member a label; greedy labels bind strings), `HttpQueryTrait` (one
//! member per query key, none the URI's own literal), `HttpHeaderTrait` (one member per
//! header name), `HttpPayload` (a payload member is the whole body), `HttpUriConflict` (no
//! two operations of a service answer the same request) and `HttpResponseCodeSemantics`
//! (success codes are 2xx, errors' codes fit their fault).

use std::collections::BTreeMap;

use super::own_shapes;
use crate::diagnostic::Diagnostic;
use crate::model::{Fault, Member, Model, Shape, ShapeId, ShapeKind, Simple};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    for shape in own_shapes(model) {
        match &shape.kind {
            ShapeKind::Operation { input, output, .. } => {
                if let Some(http) = &shape.traits.http {
                    let uri = UriPattern::parse(&http.uri);
                    format(model, shape, &uri, events);
                    labels(model, shape, input, &uri, events);
                    query(model, input, &uri, events);
                    codes(model, shape, http.code, events);
                }
                for io in [input, output] {
                    if let Some(s) = model.get(io) {
                        headers(model, s, events);
                        payload(model, s, events);
                    }
                }
            }
            ShapeKind::Structure(_) if shape.traits.error.is_some() => {
                error_code(model, shape, events);
                headers(model, shape, events);
                payload(model, shape, events);
            }
            ShapeKind::Service { .. } => conflicts(model, shape, events),
            _ => {}
        }
    }
}

/// One segment of a URI pattern's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment<'a> {
    Literal(&'a str),
    /// A segment with a brace that is not one whole label (`{id}.json`).
    Malformed(&'a str),
    Label(&'a str),
    Greedy(&'a str),
}

/// An `@http` URI: its path segments and its query literals (`?key=value&flag`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct UriPattern<'a> {
    segments: Vec<Segment<'a>>,
    query: Vec<(&'a str, &'a str)>,
}

impl<'a> UriPattern<'a> {
    fn parse(uri: &'a str) -> Self {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(label) => match label.strip_suffix('+') {
                        Some(greedy) => Segment::Greedy(greedy),
                        None => Segment::Label(label),
                    },
                    None if s.contains(['{', '}']) => Segment::Malformed(s),
                    None => Segment::Literal(s),
                },
            )
            .collect();
        let mut query: Vec<(&str, &str)> = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| q.split_once('=').unwrap_or((q, "")))
            .collect();
        query.sort_unstable();
        Self { segments, query }
    }

    fn label(&self, name: &str) -> Option<&Segment<'a>> {
        self.segments
            .iter()
            .find(|s| matches!(s, Segment::Label(l) | Segment::Greedy(l) if *l == name))
    }

    /// Smithy's rule: two patterns conflict when they are equivalent, segment by segment
    /// (labels with labels, greedy with greedy, equal literals), with the same query literals.
    fn conflicts_with(&self, other: &Self) -> bool {
        self.segments.len() == other.segments.len()
            && self
                .segments
                .iter()
                .zip(&other.segments)
                .all(|pair| match pair {
                    (Segment::Literal(a), Segment::Literal(b)) => a == b,
                    (Segment::Label(_), Segment::Label(_))
                    | (Segment::Greedy(_), Segment::Greedy(_)) => true,
                    _ => false,
                })
            && self.query == other.query
    }
}

/// `HttpUriFormat`: a label fills its segment.
fn format(model: &Model, op: &Shape, uri: &UriPattern<'_>, events: &mut Vec<Diagnostic>) {
    for s in &uri.segments {
        if let Segment::Malformed(text) = s {
            events.push(model.locate(Diagnostic::error(
                    op.id.to_string(),
                    format!("The `http` URI segment `{text}` is not valid: a label must fill its segment (`/{{name}}/`)"),
                )
                .with_id("HttpUriFormat"),
            ));
        }
    }
}

fn input_members<'m>(model: &'m Model, input: &ShapeId) -> &'m [Member] {
    model.get(input).map_or(&[], Shape::members)
}

fn labels(
    model: &Model,
    op: &Shape,
    input: &ShapeId,
    uri: &UriPattern<'_>,
    events: &mut Vec<Diagnostic>,
) {
    let members = input_members(model, input);
    for m in members.iter().filter(|m| m.traits.http_label) {
        let owner = input.member(&m.name);
        match uri.label(&m.name) {
            None => events.push(model.locate(Diagnostic::error(
                    owner,
                    format!(
                        "This `{}` member is marked `@httpLabel`, but the URI of operation `{}` has no `{{{}}}` label",
                        m.name, op.id, m.name
                    ),
                )
                .with_id("HttpLabelTrait"),
            )),
            Some(Segment::Greedy(_)) => {
                let string = model.get(&m.target).is_some_and(|t| {
                    matches!(t.kind, ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_))
                });
                if !string {
                    events.push(model.locate(Diagnostic::error(
                            owner,
                            format!(
                                "The `{}` member binds a greedy label of operation `{}`, but targets {}; greedy labels bind strings",
                                m.name, op.id, m.target
                            ),
                        )
                        .with_id("HttpLabelTrait"),
                    ));
                }
            }
            Some(_) => {}
        }
    }
    let unbound: Vec<String> = uri
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Label(l) | Segment::Greedy(l) => Some(*l),
            Segment::Literal(_) | Segment::Malformed(_) => None,
        })
        .filter(|l| !members.iter().any(|m| m.traits.http_label && m.name == *l))
        .map(|l| format!("`{l}`"))
        .collect();
    if !unbound.is_empty() {
        events.push(model.locate(Diagnostic::error(
                op.id.to_string(),
                format!(
                    "The URI labels {} of this operation's `http` trait have no input member marked `@httpLabel` (input `{input}`)",
                    unbound.join(", ")
                ),
            )
            .with_id("HttpLabelTrait"),
        ));
    }
}

fn query(model: &Model, input: &ShapeId, uri: &UriPattern<'_>, events: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for m in input_members(model, input) {
        let Some(key) = m.traits.http_query.as_deref() else {
            continue;
        };
        let owner = input.member(&m.name);
        if let Some(first) = seen.get(key) {
            events.push(model.locate(Diagnostic::error(
                    owner.clone(),
                    format!(
                        "`@httpQuery(\"{key}\")` is bound by both `{first}` and `{}` of `{input}`",
                        m.name
                    ),
                )
                .with_id("HttpQueryTrait"),
            ));
        } else {
            seen.insert(key, &m.name);
        }
        if uri.query.iter().any(|(k, _)| *k == key) {
            events.push(model.locate(Diagnostic::error(
                    owner,
                    format!("`@httpQuery(\"{key}\")` conflicts with the query literal `{key}` of the `http` URI"),
                )
                .with_id("HttpQueryTrait"),
            ));
        }
    }
}

fn headers(model: &Model, io: &Shape, events: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for m in io.members() {
        let Some(name) = m.traits.http_header.as_deref() else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if let Some(first) = seen.get(&lower) {
            events.push(model.locate(Diagnostic::error(
                    io.id.member(&m.name),
                    format!(
                        "`@httpHeader(\"{name}\")` is bound by both `{first}` and `{}` (header names are case-insensitive)",
                        m.name
                    ),
                )
                .with_id("HttpHeaderTrait"),
            ));
        } else {
            seen.insert(lower, &m.name);
        }
    }
}

/// Whether a member is bound to something other than the body.
pub(super) fn bound_elsewhere(m: &Member) -> bool {
    let t = &m.traits;
    t.http_label
        || t.http_query.is_some()
        || t.http_query_params
        || t.http_header.is_some()
        || t.http_prefix_headers.is_some()
        || t.http_response_code
        || t.raw.contains_key("smithy.api#hostLabel")
}

fn payload(model: &Model, io: &Shape, events: &mut Vec<Diagnostic>) {
    let Some(payload) = io.members().iter().find(|m| m.traits.http_payload) else {
        return;
    };
    let body: Vec<String> = io
        .members()
        .iter()
        .filter(|m| !m.traits.http_payload && !bound_elsewhere(m))
        .map(|m| format!("`{}`", m.name))
        .collect();
    if !body.is_empty() {
        events.push(model.locate(Diagnostic::error(
                io.id.member(&payload.name),
                format!(
                    "`{}` is the `@httpPayload`, the whole body, so the members {} cannot be in the body too; bind them elsewhere",
                    payload.name,
                    body.join(", ")
                ),
            )
            .with_id("HttpPayload"),
        ));
    }
}

fn codes(model: &Model, op: &Shape, code: u16, events: &mut Vec<Diagnostic>) {
    if !(200..300).contains(&code) {
        events.push(
            model.locate(
                Diagnostic::danger(
                    op.id.to_string(),
                    format!("Expected an `http` code in the 2xx range, but found {code}"),
                )
                .with_id("HttpResponseCodeSemantics"),
            ),
        );
    }
}

fn error_code(model: &Model, error: &Shape, events: &mut Vec<Diagnostic>) {
    let (Some(code), Some(fault)) = (error.traits.http_error, error.traits.error) else {
        return;
    };
    let (range, name) = match fault {
        Fault::Client => (400..500, "4xx"),
        Fault::Server => (500..600, "5xx"),
    };
    if !range.contains(&code) {
        let fault = match fault {
            Fault::Client => "client",
            Fault::Server => "server",
        };
        events.push(model.locate(Diagnostic::danger(
                error.id.to_string(),
                format!("Expected an `httpError` code in the {name} range for a `{fault}` error, but found {code}"),
            )
            .with_id("HttpResponseCodeSemantics"),
        ));
    }
}

/// Every operation of the service, through its resources too.
fn operations_of<'m>(model: &'m Model, service: &Shape) -> Vec<&'m Shape> {
    let mut out: Vec<&Shape> = Vec::new();
    let mut stack: Vec<&ShapeId> = service.references();
    let mut seen = std::collections::BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(shape) = model.get(id) else { continue };
        match &shape.kind {
            ShapeKind::Operation { .. } => out.push(shape),
            ShapeKind::Resource(r) => stack.extend(r.all_operations().chain(&r.resources)),
            _ => {}
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn conflicts(model: &Model, service: &Shape, events: &mut Vec<Diagnostic>) {
    let routes: Vec<(&Shape, &str, UriPattern<'_>)> = operations_of(model, service)
        .into_iter()
        .filter_map(|op| {
            let http = op.traits.http.as_ref()?;
            Some((op, http.method.as_str(), UriPattern::parse(&http.uri)))
        })
        .collect();
    for (i, (op, method, uri)) in routes.iter().enumerate() {
        let with: Vec<String> = routes
            .iter()
            .enumerate()
            .filter(|(j, (other, other_method, other_uri))| {
                *j != i
                    && other_method.eq_ignore_ascii_case(method)
                    && other_uri.conflicts_with(uri)
                    && endpoints_conflict(op, other)
            })
            .map(|(_, (other, ..))| format!("`{}` ({} {})", other.id, method, uri_of(other)))
            .collect();
        if !with.is_empty() {
            let d = Diagnostic::error(
                op.id.to_string(),
                format!(
                    "Operation URI, `{} {}`, conflicts with other operation URIs in the same service `{}`: {}",
                    method,
                    uri_of(op),
                    service.id,
                    with.join(", ")
                ),
            );
            events.push(model.locate(d.with_id("HttpUriConflict")));
        }
    }
}

fn uri_of(op: &Shape) -> &str {
    op.traits.http.as_ref().map_or("", |h| h.uri.as_str())
}

/// Operations on different host prefixes (`@endpoint`) never see the same request.
fn endpoints_conflict(a: &Shape, b: &Shape) -> bool {
    let prefix = |s: &Shape| {
        s.traits
            .raw
            .get("smithy.api#endpoint")
            .and_then(|e| e.get("hostPrefix"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    prefix(a) == prefix(b)
}
