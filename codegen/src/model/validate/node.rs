//! A JSON value (a trait's value, a member's default) checked against the shape it must be a
//! value of: its type, the members of structures and unions, and the constraint traits of the
//! shape and of the member that targets it (`@length`, `@range`, `@pattern`, `@uniqueItems`,
//! enum values).

use serde_json::Value;

use crate::diagnostic::Severity;
use crate::model::selector::{Node, Selector};
use crate::model::{EnumValue, Model, Shape, ShapeId, ShapeKind, Simple, Traits};

/// Where the walk is and what it found.
pub(super) struct Walk<'m> {
    model: &'m Model,
    /// Smithy's rule for default values: a zero that breaks a `@range` is a warning, since
    /// Smithy 1.0 models gave every number a zero default implicitly.
    pub zero_range_is_warning: bool,
    /// What is wrong, and how bad it is; a message starts with the path into the value
    /// (`` at `.member[2]`: ``) when the problem is not at the top.
    pub problems: Vec<(Severity, String)>,
}

impl<'m> Walk<'m> {
    /// `@idRef` (on the member, else on the string shape): the string names a shape of the
    /// model, one the trait's selector matches; a missing shape is an error only with
    /// `failWhenMissing`. A trait's own `errorMessage` replaces ours.
    fn id_ref(&mut self, path: &str, text: &str, shape: &Shape, member: Option<&Traits>) {
        let Some(id_ref) = member
            .and_then(|t| t.raw.get("smithy.api#idRef"))
            .or_else(|| shape.traits.raw.get("smithy.api#idRef"))
        else {
            return;
        };
        let custom = id_ref.get("errorMessage").and_then(Value::as_str);
        let problem = match ShapeId::parse(text).filter(|_| text.contains('#')) {
            None => Some(format!(
                "`{text}` is not an absolute shape id (`namespace#Name`)"
            )),
            Some(id) => match self.model.get(&id) {
                None => id_ref
                    .get("failWhenMissing")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    .then(|| format!("Shape ID `{id}` was not found in the model")),
                Some(found) => {
                    let selector = id_ref
                        .get("selector")
                        .and_then(Value::as_str)
                        .unwrap_or("*");
                    // A selector that does not parse is the definition's fault, reported
                    // by `TraitTarget`-style checks, not by every value.
                    let matches = selector == "*"
                        || Selector::parse(selector)
                            .map_or(true, |s| s.matches(self.model, Node::shape(found)));
                    (!matches).then(|| {
                        format!("Shape ID `{id}` does not match the selector `{selector}`")
                    })
                }
            },
        };
        if let Some(problem) = problem {
            self.report(path, custom.map_or(problem, str::to_owned));
        }
    }

    pub fn new(model: &'m Model) -> Self {
        Self {
            model,
            zero_range_is_warning: false,
            problems: Vec::new(),
        }
    }

    /// Checks `value` as a value of `target`, constrained also by `member` (the traits of the
    /// member that targets it, when there is one).
    pub fn check(&mut self, path: &str, value: &Value, target: &ShapeId, member: Option<&Traits>) {
        let Some(shape) = self.model.get(target) else {
            return;
        };
        let type_name = shape.type_name();
        let expect = |v: &Value| {
            format!(
                "expected a {type_name} value for `{target}`, found {}",
                kind(v)
            )
        };
        match &shape.kind {
            ShapeKind::Simple(simple) => {
                let ok = match simple {
                    Simple::String | Simple::Blob => value.is_string(),
                    Simple::Boolean => value.is_boolean(),
                    Simple::Document => true,
                    Simple::Timestamp => value.is_number() || value.is_string(),
                    Simple::Float | Simple::Double => {
                        value.is_number()
                            || matches!(value.as_str(), Some("NaN" | "Infinity" | "-Infinity"))
                    }
                    Simple::BigDecimal => value.is_number(),
                    Simple::Byte
                    | Simple::Short
                    | Simple::Integer
                    | Simple::Long
                    | Simple::BigInteger => value.is_number(),
                };
                if !ok {
                    return self.report(path, expect(value));
                }
                if let Some(bounds) = integer_bounds(*simple) {
                    match value.as_f64() {
                        Some(n) if n.fract() != 0.0 => {
                            return self
                                .report(path, format!("`{target}` takes integers, found {value}"));
                        }
                        Some(n) if n < bounds.0 || n > bounds.1 => {
                            return self.report(
                                path,
                                format!(
                                    "{value} is out of the range of a {type_name} for `{target}`"
                                ),
                            );
                        }
                        _ => {}
                    }
                }
                if *simple == Simple::String
                    && let Some(s) = value.as_str()
                {
                    self.id_ref(path, s, shape, member);
                    let values = shape.string_enum_values();
                    if !values.is_empty() && !values.iter().any(|e| e.value == s) {
                        self.report(
                            path,
                            format!(
                                "{value} is not one of the values of `{target}`: {}",
                                list(values.iter().map(|e| e.value))
                            ),
                        );
                    }
                }
            }
            ShapeKind::Enum(_) => {
                let Some(s) = value.as_str() else {
                    return self.report(path, expect(value));
                };
                let values = shape.string_enum_values();
                if !values.iter().any(|e| e.value == s) {
                    self.report(
                        path,
                        format!(
                            "{value} is not one of the values of `{target}`: {}",
                            list(values.iter().map(|e| e.value))
                        ),
                    );
                }
            }
            ShapeKind::IntEnum(members) => {
                let Some(n) = value.as_i64() else {
                    return self.report(path, expect(value));
                };
                let known = members
                    .iter()
                    .any(|m| m.traits.enum_value == Some(EnumValue::Int(n)));
                if !known {
                    self.report(path, format!("{n} is not one of the values of `{target}`"));
                }
            }
            ShapeKind::List(item) => {
                let Some(items) = value.as_array() else {
                    return self.report(path, expect(value));
                };
                for (i, v) in items.iter().enumerate() {
                    if v.is_null() && shape.traits.sparse {
                        continue;
                    }
                    self.check(&format!("{path}[{i}]"), v, &item.target, Some(&item.traits));
                }
                let unique = shape.traits.unique_items || member.is_some_and(|m| m.unique_items);
                if unique {
                    for (i, v) in items.iter().enumerate() {
                        if items[..i].contains(v) {
                            self.error(format!(
                                "`{target}` has unique items, but {v} is there more than once"
                            ));
                            break;
                        }
                    }
                }
            }
            ShapeKind::Map { key, value: val } => {
                let Some(entries) = value.as_object() else {
                    return self.report(path, expect(value));
                };
                for (k, v) in entries {
                    let key_value = Value::String(k.clone());
                    self.check(
                        &format!("{path}.{k}"),
                        &key_value,
                        &key.target,
                        Some(&key.traits),
                    );
                    if v.is_null() && shape.traits.sparse {
                        continue;
                    }
                    self.check(&format!("{path}.{k}"), v, &val.target, Some(&val.traits));
                }
            }
            ShapeKind::Structure(members) => {
                let Some(fields) = value.as_object() else {
                    return self.report(path, expect(value));
                };
                for (name, v) in fields {
                    match members.iter().find(|m| &m.name == name) {
                        Some(m) => {
                            self.check(&format!("{path}.{name}"), v, &m.target, Some(&m.traits));
                        }
                        // Smithy warns: a newer version of the trait may have the member.
                        None => self.report_as(
                            Severity::Warning,
                            path,
                            format!(
                                "`{name}` is not a member of `{target}`; it has {}",
                                list(members.iter().map(|m| m.name.as_str()))
                            ),
                        ),
                    }
                }
                let missing: Vec<&str> = members
                    .iter()
                    .filter(|m| m.traits.required && !fields.contains_key(&m.name))
                    .map(|m| m.name.as_str())
                    .collect();
                if !missing.is_empty() {
                    self.error(format!(
                        "`{target}` requires {}",
                        list(missing.iter().copied())
                    ));
                }
            }
            ShapeKind::Union(members) => {
                let Some(fields) = value.as_object() else {
                    return self.report(path, expect(value));
                };
                if fields.len() != 1 {
                    return self.report(
                        path,
                        format!(
                            "a value of the union `{target}` sets exactly one member, found {}",
                            fields.len()
                        ),
                    );
                }
                for (name, v) in fields {
                    match members.iter().find(|m| &m.name == name) {
                        Some(m) => {
                            self.check(&format!("{path}.{name}"), v, &m.target, Some(&m.traits));
                        }
                        None => {
                            self.report(path, format!("`{name}` is not a member of `{target}`"))
                        }
                    }
                }
            }
            ShapeKind::Operation { .. } | ShapeKind::Service { .. } | ShapeKind::Resource(_) => {}
        }
        for traits in [Some(&shape.traits), member].into_iter().flatten() {
            self.constraints(path, value, target, traits);
        }
    }

    fn report(&mut self, path: &str, msg: String) {
        self.report_as(Severity::Error, path, msg);
    }

    fn report_as(&mut self, severity: Severity, path: &str, msg: String) {
        if path.is_empty() {
            self.problems.push((severity, msg));
        } else {
            self.problems
                .push((severity, format!("at `{path}`: {msg}")));
        }
    }

    fn error(&mut self, msg: String) {
        self.problems.push((Severity::Error, msg));
    }

    /// `@length`, `@range` and `@pattern`, from the shape or the member.
    fn constraints(&mut self, path: &str, value: &Value, target: &ShapeId, t: &Traits) {
        let at = if path.is_empty() {
            format!("`{target}`")
        } else {
            format!("`{path}` (`{target}`)")
        };
        if let Some(size) = t.length {
            let len = match value {
                Value::String(s) => Some(s.chars().count() as u64),
                Value::Array(a) => Some(a.len() as u64),
                Value::Object(o) => Some(o.len() as u64),
                _ => None,
            };
            if let Some(len) = len {
                if size.min.is_some_and(|min| len < min) || size.max.is_some_and(|max| len > max) {
                    self.error(format!(
                        "the length of {at} must be {}, but is {len}",
                        bounds(
                            size.min.map(|n| n.to_string()),
                            size.max.map(|n| n.to_string())
                        )
                    ));
                }
            }
        }
        if let (Some(range), Some(n)) = (&t.range, value.as_f64()) {
            let below = range
                .min
                .as_ref()
                .and_then(serde_json::Number::as_f64)
                .is_some_and(|min| n < min);
            let above = range
                .max
                .as_ref()
                .and_then(serde_json::Number::as_f64)
                .is_some_and(|max| n > max);
            if below || above {
                let zero = n == 0.0 && self.zero_range_is_warning;
                let severity = if zero {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                self.report_as(
                    severity,
                    "",
                    format!(
                        "{at} must be {}, but is {value}",
                        bounds(
                            range.min.as_ref().map(ToString::to_string),
                            range.max.as_ref().map(ToString::to_string)
                        )
                    ),
                );
            }
        }
        if let (Some(pattern), Some(s)) = (&t.pattern, value.as_str())
            && matches(pattern, s) == Some(false)
        {
            self.error(format!(
                "{at} must match the pattern `{pattern}`, but {value} does not"
            ));
        }
    }
}

/// Whether `text` matches an ECMA-262 `pattern`; `None` when no engine compiles the pattern
/// (the pattern's own diagnostic says so elsewhere).
fn matches(pattern: &str, text: &str) -> Option<bool> {
    let translated = crate::pattern::translate(pattern).ok()?;
    match translated.engine {
        crate::pattern::Engine::Regex => regex::Regex::new(&translated.regex)
            .ok()
            .map(|r| r.is_match(text)),
        crate::pattern::Engine::Fancy => fancy_regex::Regex::new(&translated.regex)
            .ok()
            .and_then(|r| r.is_match(text).ok()),
    }
}

/// "at least 1", "at most 5", "between 1 and 5".
fn bounds(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "anything".to_owned(),
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|i| format!("`{i}`")).collect();
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

/// The inclusive bounds of an integer type, as floats (which hold these exactly enough for
/// telling a model's value in or out).
fn integer_bounds(s: Simple) -> Option<(f64, f64)> {
    Some(match s {
        Simple::Byte => (i8::MIN.into(), i8::MAX.into()),
        Simple::Short => (i16::MIN.into(), i16::MAX.into()),
        Simple::Integer => (i32::MIN.into(), i32::MAX.into()),
        Simple::Long => (i64::MIN as f64, i64::MAX as f64),
        Simple::BigInteger => (f64::NEG_INFINITY, f64::INFINITY),
        _ => return None,
    })
}

/// What kind of JSON value this is, for messages.
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
