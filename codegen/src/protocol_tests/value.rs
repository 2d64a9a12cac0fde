//! A case's `params` as a Rust expression building the value of a generated type.
//!
//! Params are in model terms: member names (not `jsonName`s), blobs as text, timestamps as
//! epoch seconds, documents as JSON, floats as numbers or `"NaN"`, `"Infinity"` and
//! `"-Infinity"`. Each value is written from its shape with the crate's own names (fields,
//! variants, boxing, optionality), so a case about a renamed or recursive member builds the
//! value the crate really holds.

use std::cell::Cell;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use crate::emit::Ctx;
use crate::model::{ShapeId, ShapeKind, Simple};
use crate::naming::{ident, is_enum_string};

pub(super) struct Values<'c, 'm> {
    ctx: &'c Ctx<'m>,
    /// The generated crate's root path in the test file (`::pt_restjson`).
    root: TokenStream,
    /// Set when a value holds a float NaN, which is not equal to itself.
    nan: Cell<bool>,
}

impl<'c, 'm> Values<'c, 'm> {
    pub fn new(ctx: &'c Ctx<'m>, root: TokenStream) -> Self {
        Values {
            ctx,
            root,
            nan: Cell::new(false),
        }
    }

    /// Whether a value written since the last call holds a NaN (and clears the flag).
    pub fn take_nan(&self) -> bool {
        self.nan.replace(false)
    }

    /// The generated crate's root path.
    pub fn root(&self) -> &TokenStream {
        &self.root
    }

    pub fn names(&self) -> &crate::naming::Names {
        &self.ctx.names
    }

    /// The `X-Amz-Target` of operation `op` when the crate's server routes by it (awsJson).
    pub fn target_header(&self, op: &ShapeId) -> Option<String> {
        let routing = self.ctx.protocol.routing()?;
        let service = self.ctx.closure.service.as_ref()?;
        matches!(routing, crate::emit::protocol::Routing::Target)
            .then(|| format!("{}.{}", service.name(), op.name()))
    }

    /// The members of structure `id`: names, field names and targets.
    pub fn members(&self, id: &ShapeId) -> Vec<(String, proc_macro2::Ident, ShapeId)> {
        self.ctx
            .model
            .expect(id)
            .members()
            .iter()
            .map(|m| {
                let field = ident(self.ctx.names.member_name(id, &m.name));
                (m.name.clone(), field, m.target.clone())
            })
            .collect()
    }

    /// Whether operation error enums hold the error `id` boxed.
    pub fn boxed_error(&self, id: &ShapeId) -> bool {
        self.ctx.boxed_error(id)
    }

    /// The path of a generated type.
    pub fn type_path(&self, id: &ShapeId) -> Result<TokenStream, String> {
        if !self.ctx.names.has_type(id) {
            return Err(format!("{id} has no type in the crate"));
        }
        Ok(self.ctx.type_path_in(&self.root, id))
    }

    /// The value of shape `id` described by `v`; `at` names the place for messages.
    pub fn value(&self, id: &ShapeId, v: &Value, at: &str) -> Result<TokenStream, String> {
        let shape = self
            .ctx
            .model
            .get(id)
            .ok_or_else(|| format!("`{at}`: unknown shape {id}"))?;
        let wrong = |what: &str| format!("`{at}`: {id} needs {what}, the case has {v}");
        Ok(match &shape.kind {
            ShapeKind::Structure(_) => self.structure(id, v, at)?,
            ShapeKind::Union(members) => {
                let Some((name, value)) = v.as_object().and_then(|o| {
                    let mut it = o.iter();
                    it.next().filter(|_| it.next().is_none())
                }) else {
                    return Err(wrong("one member"));
                };
                let m = members
                    .iter()
                    .find(|m| &m.name == name)
                    .ok_or_else(|| format!("`{at}`: {id} has no member `{name}`"))?;
                let variant = ident(self.ctx.names.member_name(id, name));
                let path = self.type_path(id)?;
                if crate::model::Model::is_unit(&m.target) {
                    return Ok(quote!(#path::#variant));
                }
                let mut inner = self.value(&m.target, value, &format!("{at}.{name}"))?;
                if self.ctx.field_of(id, &m.name).boxed {
                    inner = quote!(::std::boxed::Box::new(#inner));
                }
                quote!(#path::#variant(#inner))
            }
            ShapeKind::Enum(_) => {
                let s = v.as_str().ok_or_else(|| wrong("a string"))?;
                let path = self.type_path(id)?;
                quote!(#path::from(#s))
            }
            ShapeKind::IntEnum(_) => {
                let n = v
                    .as_i64()
                    .and_then(|n| i32::try_from(n).ok())
                    .ok_or_else(|| wrong("an integer"))?;
                let path = self.type_path(id)?;
                quote!(#path::from(#n))
            }
            ShapeKind::Simple(Simple::String) if is_enum_string(shape) => {
                let s = v.as_str().ok_or_else(|| wrong("a string"))?;
                let path = self.type_path(id)?;
                quote!(#path::from(#s))
            }
            ShapeKind::List(m) => {
                let items = v.as_array().ok_or_else(|| wrong("a list"))?;
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let at = format!("{at}[{i}]");
                        self.maybe(shape.traits.sparse, &m.target, item, &at)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(::std::vec![#(#items),*])
            }
            ShapeKind::Map { key, value } => {
                let entries = v.as_object().ok_or_else(|| wrong("a map"))?;
                let entries = entries
                    .iter()
                    .map(|(k, item)| {
                        let at = format!("{at}.{k}");
                        let k = self.value(&key.target, &Value::String(k.clone()), &at)?;
                        let item = self.maybe(shape.traits.sparse, &value.target, item, &at)?;
                        Ok(quote!((#k, #item)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!(::std::collections::HashMap::from([#(#entries),*]))
            }
            ShapeKind::Simple(simple) => self.simple(*simple, v).ok_or_else(|| {
                wrong(match simple {
                    Simple::Timestamp => "epoch seconds",
                    Simple::Blob | Simple::String => "a string",
                    Simple::Boolean => "a boolean",
                    _ => "a number in range",
                })
            })?,
            _ => return Err(format!("`{at}`: {id} cannot hold a value")),
        })
    }

    /// A value of a sparse collection (`None` for null) or of a dense one.
    fn maybe(
        &self,
        sparse: bool,
        id: &ShapeId,
        v: &Value,
        at: &str,
    ) -> Result<TokenStream, String> {
        if !sparse {
            return self.value(id, v, at);
        }
        if v.is_null() {
            return Ok(quote!(::std::option::Option::None));
        }
        let inner = self.value(id, v, at)?;
        Ok(quote!(::std::option::Option::Some(#inner)))
    }

    /// A structure literal: the members the case gives, the type's defaults for the rest.
    pub fn structure(&self, id: &ShapeId, v: &Value, at: &str) -> Result<TokenStream, String> {
        let shape = self.ctx.model.expect(id);
        let path = self.type_path(id)?;
        let given = match v {
            Value::Null => return Ok(quote!(<#path as ::std::default::Default>::default())),
            Value::Object(o) => o,
            _ => return Err(format!("`{at}`: {id} needs an object, the case has {v}")),
        };
        let members = shape.members();
        let mut fields = Vec::new();
        for (name, value) in given {
            let m = members
                .iter()
                .find(|m| &m.name == name)
                .ok_or_else(|| format!("`{at}`: {id} has no member `{name}`"))?;
            if self.ctx.is_event_stream(m) {
                return Err(format!("`{at}.{name}`: event streams are not supported"));
            }
            let field = ident(self.ctx.names.member_name(id, name));
            let optional = self.ctx.field_of(id, &m.name).optional;
            let value = if value.is_null() && optional {
                quote!(::std::option::Option::None)
            } else {
                let mut inner = self.value(&m.target, value, &format!("{at}.{name}"))?;
                if self.ctx.field_of(id, &m.name).boxed {
                    inner = quote!(::std::boxed::Box::new(#inner));
                }
                if optional {
                    inner = quote!(::std::option::Option::Some(#inner));
                }
                inner
            };
            fields.push(quote!(#field: #value));
        }
        let rest = (fields.len() < members.len())
            .then(|| quote!(..<#path as ::std::default::Default>::default()));
        Ok(quote!(#path { #(#fields,)* #rest }))
    }

    fn simple(&self, simple: Simple, v: &Value) -> Option<TokenStream> {
        Some(match simple {
            Simple::String => {
                let s = v.as_str()?;
                quote!(::std::string::String::from(#s))
            }
            Simple::Blob => {
                let bytes = Literal::byte_string(v.as_str()?.as_bytes());
                quote!(#bytes.to_vec())
            }
            Simple::Boolean => {
                let b = v.as_bool()?;
                quote!(#b)
            }
            Simple::Byte => {
                let n = Literal::i8_suffixed(i8::try_from(v.as_i64()?).ok()?);
                quote!(#n)
            }
            Simple::Short => {
                let n = Literal::i16_suffixed(i16::try_from(v.as_i64()?).ok()?);
                quote!(#n)
            }
            Simple::Integer => {
                let n = Literal::i32_suffixed(i32::try_from(v.as_i64()?).ok()?);
                quote!(#n)
            }
            Simple::Long => {
                let n = Literal::i64_suffixed(v.as_i64()?);
                quote!(#n)
            }
            // The exact types of `number.rs`, from the number's text, which the loaders keep
            // digit for digit (serde_json's `arbitrary_precision`).
            Simple::BigInteger => {
                let text = crate::decimal_text::integer_text(v.as_number()?)?;
                let root = &self.root;
                quote!(#text.parse::<#root::number::BigInteger>().expect("the case's number is an integer"))
            }
            Simple::BigDecimal => {
                let text = v.as_number()?.to_string();
                let root = &self.root;
                quote!(#text.parse::<#root::number::BigDecimal>().expect("the case's number is a decimal"))
            }
            Simple::Float => self.float(v, quote!(f32), |x| {
                // The nearest f32, as a literal of the type the field has.
                Literal::f32_suffixed(x as f32)
            })?,
            Simple::Double => self.float(v, quote!(f64), Literal::f64_suffixed)?,
            Simple::Timestamp => {
                let (seconds, nanos) = epoch(v)?;
                quote!(::jiff::Timestamp::new(#seconds, #nanos).expect("the case's timestamp is in range"))
            }
            Simple::Document => {
                let text = v.to_string();
                quote!(::serde_json::from_str::<::serde_json::Value>(#text).expect("the case's document is JSON"))
            }
        })
    }

    fn float(
        &self,
        v: &Value,
        ty: TokenStream,
        literal: impl Fn(f64) -> Literal,
    ) -> Option<TokenStream> {
        Some(match v {
            Value::String(s) if s == "NaN" => {
                self.nan.set(true);
                quote!(#ty::NAN)
            }
            Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
            Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
            _ => {
                let x = literal(v.as_f64()?);
                quote!(#x)
            }
        })
    }
}

/// Epoch seconds (a JSON number, maybe with a fraction) as whole seconds and nanoseconds.
fn epoch(v: &Value) -> Option<(i64, i32)> {
    if let Some(s) = v.as_i64() {
        return Some((s, 0));
    }
    // The decimal text, not the f64, so that `1.123` is 123 ms and not 122.99... ms.
    let text = v.as_number()?.to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if fraction.contains(['e', 'E']) || whole.contains(['e', 'E']) {
        let x = v.as_f64()?;
        let seconds = x.floor();
        let nanos = ((x - seconds) * 1e9).round() as i32;
        return Some((seconds as i64, nanos));
    }
    let seconds: i64 = whole.parse().ok()?;
    let digits: String = fraction
        .chars()
        .chain(std::iter::repeat('0'))
        .take(9)
        .collect();
    let mut nanos: i32 = digits.parse().ok()?;
    // -1.5 is 1.5 s before the epoch: -2 s + 0.5 s.
    if whole.starts_with('-') && nanos > 0 {
        return Some((seconds - 1, 1_000_000_000 - nanos));
    }
    if nanos >= 1_000_000_000 {
        nanos = 999_999_999;
    }
    Some((seconds, nanos))
}

#[cfg(test)]
mod tests {
    use super::epoch;
    use serde_json::json;

    #[test]
    fn epoch_seconds_keep_their_decimal_fraction() {
        assert_eq!(epoch(&json!(1)), Some((1, 0)));
        assert_eq!(epoch(&json!(1.123)), Some((1, 123_000_000)));
        assert_eq!(epoch(&json!(-1.5)), Some((-2, 500_000_000)));
        assert_eq!(epoch(&json!("1")), None);
    }
}
