//! Attribute values (`[id|name]`, `[trait|range|min]`, projections) and their comparisons.
//!
//! Values borrow from the model and from the selector, so that testing a shape allocates only
//! for projections, case-insensitive comparisons and member ids.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::rc::Rc;

use serde_json::Value as Json;

use super::Node;
use super::eval::NodeSet;
use super::parse::{Assertion, Attr, Op, Operand, Scoped, Seg};
use crate::model::{Shape, ShapeKind, Traits};

/// What `[var|name]` reads: the variables set so far, and their names by slot.
#[derive(Clone, Copy)]
pub(super) struct Vars<'a> {
    pub names: &'a [String],
    pub values: &'a [Option<Rc<NodeSet<'a>>>],
}

/// One attribute value.
#[derive(Debug, Clone)]
pub(super) enum Value<'a> {
    /// What a missing trait, property or variable gives: not present, and `""` as text.
    Empty,
    Text(Cow<'a, str>),
    Json(&'a Json),
    /// A shape id: the root id (`ns#Name`) and, for members, the member name.
    Id {
        root: &'a str,
        member: Option<&'a str>,
    },
    Traits(&'a Traits),
    Service(&'a Shape),
    Shape(Node<'a>),
    Vars,
    Projection(Vec<Value<'a>>),
}

impl<'a> Value<'a> {
    fn is_present(&self) -> bool {
        match self {
            Value::Empty | Value::Json(Json::Null) => false,
            Value::Projection(values) => !values.is_empty(),
            _ => true,
        }
    }

    /// The value as text for string comparators: scalars, ids; `""` for everything else.
    fn text(&self) -> Cow<'a, str> {
        match self {
            Value::Text(t) => t.clone(),
            Value::Json(Json::String(s)) => Cow::Borrowed(s),
            Value::Json(Json::Number(n)) => Cow::Owned(n.to_string()),
            Value::Json(Json::Bool(b)) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Value::Id { root, member } => id_text(root, *member),
            Value::Service(s) => Cow::Borrowed(s.id.as_str()),
            Value::Shape(n) => id_text(n.shape.id.as_str(), n.member.map(|m| m.name.as_str())),
            _ => Cow::Borrowed(""),
        }
    }

    /// Follows a whole path.
    pub(super) fn path(self, path: &[Seg], vars: Vars<'a>) -> Value<'a> {
        path.iter().fold(self, |v, seg| v.property(seg, vars))
    }

    /// One step of a path. Anything without the property gives [`Value::Empty`].
    fn property(&self, seg: &Seg, vars: Vars<'a>) -> Value<'a> {
        match self {
            Value::Empty => Value::Empty,
            Value::Text(t) => match seg {
                Seg::Length => length(t.chars().count()),
                _ => Value::Empty,
            },
            Value::Json(j) => json_property(j, seg),
            Value::Id { root, member } => id_property(root, *member, seg),
            Value::Traits(t) => traits_property(t, seg),
            Value::Service(s) => service_property(s, seg),
            Value::Shape(n) => shape_property(*n, seg),
            Value::Vars => match seg {
                Seg::Name { text, .. } => var_value(text, vars),
                _ => Value::Empty,
            },
            Value::Projection(values) => match seg {
                Seg::First => first(values),
                _ => Value::Projection(
                    values
                        .iter()
                        .map(|v| v.property(seg, vars))
                        .filter(Value::is_present)
                        .collect(),
                ),
            },
        }
    }

    /// Calls `f` on every value of a (nested) projection, or on the value itself, until `f`
    /// returns true.
    fn any_flat(&self, f: &mut dyn FnMut(&Value<'a>) -> bool) -> bool {
        match self {
            Value::Projection(values) => values.iter().any(|v| v.any_flat(f)),
            v => f(v),
        }
    }

    fn flat<'v>(&'v self, out: &mut Vec<&'v Value<'a>>) {
        match self {
            Value::Projection(values) => values.iter().for_each(|v| v.flat(out)),
            v => out.push(v),
        }
    }
}

fn id_text<'a>(root: &'a str, member: Option<&str>) -> Cow<'a, str> {
    match member {
        Some(m) => Cow::Owned(format!("{root}${m}")),
        None => Cow::Borrowed(root),
    }
}

fn length(n: usize) -> Value<'static> {
    Value::Text(Cow::Owned(n.to_string()))
}

fn first<'a>(values: &[Value<'a>]) -> Value<'a> {
    let mut found = Value::Empty;
    values.iter().any(|v| {
        v.any_flat(&mut |x| {
            found = x.clone();
            true
        })
    });
    found
}

fn json_property<'a>(j: &'a Json, seg: &Seg) -> Value<'a> {
    match (j, seg) {
        (Json::Object(o), Seg::Keys) => Value::Projection(
            o.keys()
                .map(|k| Value::Text(Cow::Borrowed(k.as_str())))
                .collect(),
        ),
        (Json::Object(o), Seg::Values) => Value::Projection(o.values().map(Value::Json).collect()),
        (Json::Object(o), Seg::Length) => length(o.len()),
        (Json::Object(o), Seg::Name { text, .. }) => o.get(text).map_or(Value::Empty, Value::Json),
        (Json::Array(a), Seg::Values) => Value::Projection(a.iter().map(Value::Json).collect()),
        (Json::Array(a), Seg::Length) => length(a.len()),
        // Characters, not UTF-16 units as Smithy's Java counts: the same for ASCII text.
        (Json::String(s), Seg::Length) => length(s.chars().count()),
        _ => Value::Empty,
    }
}

fn id_property<'a>(root: &'a str, member: Option<&'a str>, seg: &Seg) -> Value<'a> {
    let (namespace, name) = root.split_once('#').unwrap_or(("", root));
    match seg {
        Seg::Name { text, .. } => match text.as_str() {
            "namespace" => Value::Text(Cow::Borrowed(namespace)),
            "name" => Value::Text(Cow::Borrowed(name)),
            "member" => member.map_or(Value::Empty, |m| Value::Text(Cow::Borrowed(m))),
            _ => Value::Empty,
        },
        Seg::Length => length(root.len() + member.map_or(0, |m| m.len() + 1)),
        _ => Value::Empty,
    }
}

fn traits_property<'a>(t: &'a Traits, seg: &Seg) -> Value<'a> {
    match seg {
        Seg::Keys => Value::Projection(
            t.raw
                .keys()
                .map(|k| Value::Id {
                    root: k,
                    member: None,
                })
                .collect(),
        ),
        Seg::Values => Value::Projection(t.raw.values().map(Value::Json).collect()),
        Seg::Length => length(t.raw.len()),
        Seg::Name { trait_id, .. } => t.raw.get(trait_id).map_or(Value::Empty, Value::Json),
        Seg::First | Seg::Function => Value::Empty,
    }
}

fn service_property<'a>(s: &'a Shape, seg: &Seg) -> Value<'a> {
    let ShapeKind::Service { version, .. } = &s.kind else {
        return Value::Empty;
    };
    match seg {
        Seg::Name { text, .. } if text == "version" => {
            Value::Text(Cow::Borrowed(version.as_deref().unwrap_or("")))
        }
        Seg::Name { text, .. } if text == "id" => Value::Id {
            root: s.id.as_str(),
            member: None,
        },
        _ => Value::Empty,
    }
}

fn shape_property<'a>(n: Node<'a>, seg: &Seg) -> Value<'a> {
    let Seg::Name { text, .. } = seg else {
        return Value::Empty;
    };
    match text.as_str() {
        "trait" => Value::Traits(n.traits()),
        "id" => Value::Id {
            root: n.shape.id.as_str(),
            member: n.member.map(|m| m.name.as_str()),
        },
        "service" if n.member.is_none() && matches!(n.shape.kind, ShapeKind::Service { .. }) => {
            Value::Service(n.shape)
        }
        "var" => Value::Vars,
        _ => Value::Empty,
    }
}

/// The shapes a variable holds, as a projection (empty, so not present, when it is unset).
fn var_value<'a>(name: &str, vars: Vars<'a>) -> Value<'a> {
    let held = vars
        .names
        .iter()
        .position(|n| n == name)
        .and_then(|slot| vars.values.get(slot))
        .and_then(Option::as_ref);
    Value::Projection(held.map_or_else(Vec::new, |v| {
        v.nodes.iter().map(|n| Value::Shape(*n)).collect()
    }))
}

/// Whether `[path]` or `[path op values]` holds for a node.
pub(super) fn attr_matches(attr: &Attr, node: Node<'_>, vars: Vars<'_>) -> bool {
    let lhs = Value::Shape(node).path(&attr.path, vars);
    let Some(c) = &attr.comparison else {
        return lhs.is_present();
    };
    c.values.iter().any(|v| {
        let rhs = Value::Text(Cow::Borrowed(v));
        compare(&lhs, &rhs, c.op, c.case_insensitive)
    })
}

/// Whether `[@path: assertions]` holds for a node: for some value of the scope (every value
/// of a projection is tried), every assertion holds.
pub(super) fn scoped_matches(scoped: &Scoped, node: Node<'_>, vars: Vars<'_>) -> bool {
    let scope = Value::Shape(node).path(&scoped.path, vars);
    if !scope.is_present() {
        return false;
    }
    scope.any_flat(&mut |value| {
        scoped
            .assertions
            .iter()
            .all(|a| assertion_holds(a, value, vars))
    })
}

fn assertion_holds<'a>(a: &'a Assertion, scope: &Value<'a>, vars: Vars<'a>) -> bool {
    let lhs = operand(&a.lhs, scope, vars);
    a.rhs.iter().any(|r| {
        let rhs = operand(r, scope, vars);
        compare(&lhs, &rhs, a.op, a.case_insensitive)
    })
}

fn operand<'a>(o: &'a Operand, scope: &Value<'a>, vars: Vars<'a>) -> Value<'a> {
    match o {
        Operand::Literal(text) => Value::Text(Cow::Borrowed(text)),
        Operand::Context(path) => scope.clone().path(path, vars),
    }
}

/// Compares two values with one comparator.
pub(super) fn compare(lhs: &Value<'_>, rhs: &Value<'_>, op: Op, ci: bool) -> bool {
    match op {
        // Existence is of the value as a whole, not of each projected value.
        Op::Exists => {
            let wanted = rhs.text();
            (lhs.is_present() && wanted == "true") || (!lhs.is_present() && wanted == "false")
        }
        Op::SetEq | Op::Subset | Op::ProperSubset => set_compare(lhs, rhs, op, ci),
        Op::SetNe => !set_compare(lhs, rhs, Op::SetEq, ci),
        _ => lhs.any_flat(&mut |l| rhs.any_flat(&mut |r| compare_one(l, r, op, ci))),
    }
}

/// A string or numeric comparison of two single (not projected) values.
fn compare_one(lhs: &Value<'_>, rhs: &Value<'_>, op: Op, ci: bool) -> bool {
    if !lhs.is_present() || !rhs.is_present() {
        return false;
    }
    let (mut l, mut r) = (lhs.text(), rhs.text());
    if ci {
        l = Cow::Owned(l.to_lowercase());
        r = Cow::Owned(r.to_lowercase());
    }
    match op {
        Op::Eq => l == r,
        Op::Ne => l != r,
        Op::StartsWith => l.starts_with(&*r),
        Op::EndsWith => l.ends_with(&*r),
        Op::Contains => l.contains(&*r),
        Op::Gt | Op::Ge | Op::Lt | Op::Le => {
            let (Some(a), Some(b)) = (Decimal::parse(&l), Decimal::parse(&r)) else {
                return false;
            };
            let ord = a.cmp(&b);
            match op {
                Op::Gt => ord == Ordering::Greater,
                Op::Ge => ord != Ordering::Less,
                Op::Lt => ord == Ordering::Less,
                _ => ord != Ordering::Greater,
            }
        }
        _ => false,
    }
}

/// `{=}`, `{<}` and `{<<}`: both sides must be projections; values are compared with `=`.
fn set_compare(lhs: &Value<'_>, rhs: &Value<'_>, op: Op, ci: bool) -> bool {
    let (Value::Projection(_), Value::Projection(_)) = (lhs, rhs) else {
        return false;
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    lhs.flat(&mut a);
    rhs.flat(&mut b);
    let subset = |x: &[&Value<'_>], y: &[&Value<'_>]| {
        x.iter()
            .all(|v| y.iter().any(|w| compare_one(v, w, Op::Eq, ci)))
    };
    match op {
        Op::SetEq => subset(&a, &b) && subset(&b, &a),
        Op::Subset => subset(&a, &b),
        _ => subset(&a, &b) && !subset(&b, &a),
    }
}

/// An exact decimal number, for the relative comparators: Smithy compares them as
/// `BigDecimal`s, so `1e400 > 1e399` and `0.1 + ...` digits beyond an f64 still order right.
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    /// Significant digits, without leading or trailing zeros; empty for zero.
    digits: Vec<u8>,
    /// The power of ten of the first digit, plus one: `digits` are `0.d1d2... × 10^exp`.
    exp: i64,
}

impl Decimal {
    /// `[+-] digits [. digits] [(e|E) [+-] digits]`, with at least one digit in the mantissa.
    fn parse(text: &str) -> Option<Self> {
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exp) = match rest.split_once(['e', 'E']) {
            Some((m, e)) => (m, parse_exp(e)?),
            None => (rest, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all = || int.bytes().chain(frac.bytes());
        if int.len() + frac.len() == 0 || !all().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let leading = all().take_while(|&b| b == b'0').count();
        let mut digits: Vec<u8> = all().skip(leading).collect();
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        let int_len = i64::try_from(int.len()).ok()?;
        let leading = i64::try_from(leading).ok()?;
        let exp = exp.checked_add(int_len)?.checked_sub(leading)?;
        Some(if digits.is_empty() {
            Decimal {
                negative: false,
                digits,
                exp: 0,
            }
        } else {
            Decimal {
                negative,
                digits,
                exp,
            }
        })
    }

    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |d: &Decimal| match (d.digits.is_empty(), d.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let (a, b) = (sign(self), sign(other));
        if a != b || a == 0 {
            return a.cmp(&b);
        }
        let magnitude = self
            .exp
            .cmp(&other.exp)
            .then_with(|| self.digits.cmp(&other.digits));
        if a < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

fn parse_exp(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Option<Ordering> {
        Some(Decimal::parse(a)?.cmp(&Decimal::parse(b)?))
    }

    #[test]
    fn decimals_compare_exactly() {
        assert_eq!(cmp("1", "1.0"), Some(Ordering::Equal));
        assert_eq!(cmp("10", "9"), Some(Ordering::Greater));
        assert_eq!(cmp("-10", "-9"), Some(Ordering::Less));
        assert_eq!(cmp("0.001", "1e-3"), Some(Ordering::Equal));
        assert_eq!(cmp("-0", "0.0"), Some(Ordering::Equal));
        assert_eq!(cmp("1e400", "1e399"), Some(Ordering::Greater));
        assert_eq!(
            cmp("12345678901234567890.5", "12345678901234567890.25"),
            Some(Ordering::Greater)
        );
        assert_eq!(cmp("-1", "0"), Some(Ordering::Less));
        assert_eq!(cmp("007", "7"), Some(Ordering::Equal));
        assert_eq!(cmp("abc", "1"), None);
        assert_eq!(cmp("", "1"), None);
        assert_eq!(cmp(".", "1"), None);
        assert_eq!(cmp("1e", "1"), None);
        assert_eq!(cmp("1e99999999999999999999", "1"), None);
    }
}
