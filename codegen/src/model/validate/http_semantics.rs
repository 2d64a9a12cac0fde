//! `HttpPrefixHeadersTrait`: no `@httpHeader` name starts (case-insensitively) with the
//! prefix of an `@httpPrefixHeaders` member of the same structure, since a server could not
//! tell which member such a header belongs to. `HttpMethodSemantics`: an operation's `@http`
//! method agrees with its `@readonly` and `@idempotent` traits, is spelled in upper case, and
//! sends no body when the method's requests usually have none (GET, HEAD, DELETE...).
//!
//! Smithy also reports an empty prefix next to other headers as a NOTE, a severity we do not
//! have; an empty prefix is not reported.

use super::http::bound_elsewhere;
use super::own_shapes;
use crate::diagnostic::Diagnostic;
use crate::model::{Model, Shape, ShapeKind};

pub(super) fn check(model: &Model, events: &mut Vec<Diagnostic>) {
    for shape in own_shapes(model) {
        match &shape.kind {
            ShapeKind::Structure(_) => prefix_headers(model, shape, events),
            ShapeKind::Operation { .. } => method(model, shape, events),
            _ => {}
        }
    }
}

fn prefix_headers(model: &Model, structure: &Shape, events: &mut Vec<Diagnostic>) {
    for prefixed in structure.members() {
        let Some(prefix) = prefixed.traits.http_prefix_headers.as_deref() else {
            continue;
        };
        let prefix = prefix.to_ascii_lowercase();
        if prefix.is_empty() {
            continue;
        }
        for m in structure.members() {
            let Some(header) = m.traits.http_header.as_deref() else {
                continue;
            };
            if header.to_ascii_lowercase().starts_with(&prefix) {
                let d = Diagnostic::error(
                    structure.id.member(&m.name),
                    format!(
                        "The header `{header}` starts with `{prefix}`, the prefix that `{}` binds with `@httpPrefixHeaders`; header names are case-insensitive, so a header may not start with another member's prefix",
                        prefixed.name
                    ),
                );
                events.push(model.locate(d.with_id("HttpPrefixHeadersTrait")));
            }
        }
    }
}

/// What a standard method implies: `(readonly, idempotent, allows a body)`, `None` where
/// either is fine.
fn semantics(method: &str) -> Option<(Option<bool>, Option<bool>, Option<bool>)> {
    Some(match method {
        "GET" | "HEAD" | "TRACE" => (Some(true), Some(false), Some(false)),
        "OPTIONS" => (Some(true), Some(false), Some(true)),
        "POST" | "PATCH" => (Some(false), None, Some(true)),
        "DELETE" => (Some(false), Some(true), Some(false)),
        "PUT" => (Some(false), Some(true), Some(true)),
        _ => return None,
    })
}

fn method(model: &Model, op: &Shape, events: &mut Vec<Diagnostic>) {
    let (Some(http), ShapeKind::Operation { input, .. }) = (&op.traits.http, &op.kind) else {
        return;
    };
    let upper = http.method.to_ascii_uppercase();
    // A method of its own: nothing is known about what it means.
    let Some((readonly, idempotent, body)) = semantics(&upper) else {
        return;
    };
    let event = |d: Diagnostic, sub: &str| {
        let id = if sub.is_empty() {
            "HttpMethodSemantics".to_owned()
        } else {
            format!("HttpMethodSemantics.{sub}")
        };
        model.locate(d.with_id(id))
    };
    let warn = |message: String| Diagnostic::warning(op.id.to_string(), message);
    if http.method != upper {
        events.push(event(
            warn(format!(
                "This operation's `http` method is `{}`; write it `{upper}`",
                http.method
            )),
            "",
        ));
    }
    if upper == "OPTIONS" {
        events.push(event(
            warn("OPTIONS requests belong to CORS, which the service's `@cors` trait configures; an operation should not model them".to_owned()),
            "",
        ));
    }
    for (expected, name, missing, unnecessary) in [
        (
            readonly,
            "readonly",
            "MissingReadonlyTrait",
            "UnnecessaryReadonlyTrait",
        ),
        (
            idempotent,
            "idempotent",
            "MissingIdempotentTrait",
            "UnnecessaryIdempotentTrait",
        ),
    ] {
        let has = op.traits.raw.contains_key(&format!("smithy.api#{name}"));
        if expected.is_some_and(|e| e != has) {
            let (is, sub) = if has {
                ("is", unnecessary)
            } else {
                ("is not", missing)
            };
            events.push(event(
                warn(format!(
                    "This operation uses the `{upper}` method, but {is} marked `@{name}`"
                )),
                sub,
            ));
        }
    }
    if body == Some(false) {
        let members = model.get(input).map_or(&[][..], Shape::members);
        let in_body: Vec<String> = members
            .iter()
            .filter(|m| m.traits.http_payload || !bound_elsewhere(m))
            .map(|m| format!("`{}`", m.name))
            .collect();
        if !in_body.is_empty() {
            events.push(event(
                Diagnostic::danger(
                    op.id.to_string(),
                    format!(
                        "This operation uses the `{upper}` method, but sends {} in the request body, which many HTTP clients cannot send with {upper}; bind them to the query string (`@httpQuery`), headers (`@httpHeader`) or the URI (`@httpLabel`)",
                        in_body.join(", ")
                    ),
                ),
                "UnexpectedPayload",
            ));
        }
    }
}
