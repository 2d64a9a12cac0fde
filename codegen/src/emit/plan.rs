//! The plan: what every emitter needs to know about a structure's or union's members, decided
//! once, before any token is written. Emitters read a member's [`Field`] instead of asking the
//! model again whether it is optional, boxed, which key and adapter it takes on the wire and
//! where the protocol carries it.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};
use serde_json::Value;

use super::protocol::{Codec, Protocol};
use crate::model::{Member, Model, ShapeId, ShapeKind, Simple, TimestampFormat};
use crate::naming::{Names, ident};

/// Where a member of an input, output or error travels in an HTTP message.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    Label,
    Query(String),
    QueryParams,
    Header(String),
    PrefixHeaders(String),
    Payload,
    ResponseCode,
    /// In the body document (every member, for protocols without HTTP bindings).
    Body,
}

impl Binding {
    /// The binding a member's HTTP traits give it. `@httpLabel` and `@httpQuery` mean something
    /// in operation inputs only: elsewhere Smithy ignores them and the member is in the body.
    pub fn of_http_traits(m: &Member, input: bool) -> Binding {
        let t = &m.traits;
        if t.http_label && input {
            Binding::Label
        } else if let Some(q) = t.http_query.as_ref().filter(|_| input) {
            Binding::Query(q.clone())
        } else if t.http_query_params && input {
            Binding::QueryParams
        } else if let Some(h) = &t.http_header {
            Binding::Header(h.clone())
        } else if let Some(p) = &t.http_prefix_headers {
            Binding::PrefixHeaders(p.clone())
        } else if t.http_payload {
            Binding::Payload
        } else if t.http_response_code {
            Binding::ResponseCode
        } else {
            Binding::Body
        }
    }
}

/// How a value goes through serde on the wire when its Rust type alone does not say: a
/// `serde_with` adapter (`SerializeAs` / `DeserializeAs`) of the emitted crate's support code.
#[derive(Debug, Clone, PartialEq)]
pub enum Adapter {
    Timestamp(TimestampFormat),
    /// Epoch seconds in CBOR's tag 1 (in human-readable formats, plain epoch seconds).
    TaggedEpochSeconds,
    /// Blobs as base64 text.
    Base64,
    /// Floats with `NaN`, `Infinity` and `-Infinity` as strings.
    Float,
    /// JSON integers, which clients also read written as integral floats (`1e2`, `3.0`).
    Integer,
    /// `bigInteger` and `bigDecimal` as strings of their exact text.
    BigNumberText,
    /// `bigInteger` and `bigDecimal` in CBOR's forms for them (bignums, decimal fractions).
    CborBigNumber,
    /// A list without nulls, its items through the adapter if any.
    DenseList(Option<Box<Adapter>>),
    /// A list whose items may be null.
    SparseList(Box<Adapter>),
    /// A map without null values, its values through the adapter if any.
    DenseMap(Option<Box<Adapter>>),
    /// A map whose values may be null.
    SparseMap(Box<Adapter>),
}

impl ToTokens for Adapter {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            Adapter::Timestamp(TimestampFormat::EpochSeconds) => {
                quote!(crate::timestamp::EpochSeconds)
            }
            Adapter::TaggedEpochSeconds => {
                quote!(crate::support::rpc_v2_cbor::Tag1<crate::timestamp::EpochSeconds>)
            }
            Adapter::Timestamp(TimestampFormat::DateTime) => quote!(crate::timestamp::DateTime),
            Adapter::Timestamp(TimestampFormat::HttpDate) => quote!(crate::timestamp::HttpDate),
            Adapter::Base64 => quote!(crate::support::blob::Base64),
            Adapter::Float => quote!(crate::support::wire::Float),
            Adapter::Integer => quote!(crate::support::wire::Integer),
            Adapter::BigNumberText => quote!(crate::number::Text),
            Adapter::CborBigNumber => quote!(crate::support::rpc_v2_cbor::BigNumber),
            Adapter::DenseList(None) => quote!(crate::support::wire::DenseList),
            Adapter::DenseList(Some(a)) => quote!(crate::support::wire::DenseList<#a>),
            Adapter::SparseList(a) => quote!(::std::vec::Vec<::std::option::Option<#a>>),
            Adapter::DenseMap(None) => quote!(crate::support::wire::DenseMap),
            Adapter::DenseMap(Some(a)) => quote!(crate::support::wire::DenseMap<#a>),
            Adapter::SparseMap(a) => quote!(
                ::std::collections::HashMap<::serde_with::Same, ::std::option::Option<#a>>
            ),
        });
    }
}

/// A member of a structure or union, as the emitters see it.
#[derive(Debug, Clone)]
pub struct Field {
    /// The model's member.
    pub member: Member,
    /// The Rust field (or variant) name, a raw identifier where needed (`r#type`).
    pub rust_name: String,
    /// `Option` in the struct.
    pub optional: bool,
    /// Boxed, to break recursion.
    pub boxed: bool,
    /// An event stream: opaque bytes, never serialized.
    pub event_stream: bool,
    /// Where the protocol carries the member.
    pub binding: Binding,
    /// The member's key in the protocol's documents.
    pub key: String,
    /// The adapter its value takes in documents.
    pub adapter: Option<Adapter>,
    /// The default the type holds when the member is not set (the model's default, except for
    /// optional top-level input members, see `server_default`).
    pub default: Option<Value>,
    /// The default a server fills in for an optional top-level input member left out.
    pub server_default: Option<Value>,
    /// Whether leaving the member out is a `required` violation on servers: required, not
    /// `Option`, and without a default.
    pub must_be_sent: bool,
}

impl Field {
    pub fn name(&self) -> &str {
        &self.member.name
    }

    pub fn target(&self) -> &ShapeId {
        &self.member.target
    }

    /// The field's identifier.
    pub fn ident(&self) -> Ident {
        ident(&self.rust_name)
    }

    /// The field name without `r#`, as `Debug` shows it.
    pub fn label(&self) -> &str {
        self.rust_name.trim_start_matches("r#")
    }

    /// Whether the member travels in the body document.
    pub fn in_body(&self) -> bool {
        self.binding == Binding::Body && !self.event_stream
    }
}

/// The fields of every structure and union of the closure.
#[derive(Debug, Default)]
pub struct Plan {
    fields: BTreeMap<ShapeId, Vec<Field>>,
}

impl Plan {
    pub fn new(
        model: &Model,
        shapes: &BTreeSet<ShapeId>,
        names: &Names,
        boxed: &BTreeSet<(ShapeId, String)>,
        inputs: &BTreeSet<ShapeId>,
        protocol: &dyn Protocol,
    ) -> Plan {
        let planner = Planner {
            model,
            names,
            boxed,
            inputs,
            protocol,
        };
        let fields = shapes
            .iter()
            .filter_map(|id| {
                let shape = model.get(id)?;
                let members = match &shape.kind {
                    ShapeKind::Structure(ms) | ShapeKind::Union(ms) => ms,
                    _ => return None,
                };
                let fields = members.iter().map(|m| planner.field(id, m)).collect();
                Some((id.clone(), fields))
            })
            .collect();
        Plan { fields }
    }

    /// The fields of a structure or union, in model order (none for other shapes).
    pub fn fields(&self, owner: &ShapeId) -> &[Field] {
        self.fields.get(owner).map_or(&[], Vec::as_slice)
    }

    /// The field of one member.
    pub fn field(&self, owner: &ShapeId, member: &str) -> Option<&Field> {
        self.fields(owner).iter().find(|f| f.member.name == member)
    }
}

struct Planner<'a> {
    model: &'a Model,
    names: &'a Names,
    boxed: &'a BTreeSet<(ShapeId, String)>,
    inputs: &'a BTreeSet<ShapeId>,
    protocol: &'a dyn Protocol,
}

impl Planner<'_> {
    fn field(&self, owner: &ShapeId, m: &Member) -> Field {
        let target = self.model.expect(&m.target);
        let event_stream = target.traits.streaming && matches!(target.kind, ShapeKind::Union(_));
        let input = self.inputs.contains(owner);
        let model_default = match &m.traits.default {
            Some(Value::Null) | None => None,
            Some(v) => Some(v.clone()),
        };
        // A client sends exactly what it was given, default or not: optional top-level input
        // members with a default are `Option`, and servers fill the default in. A streaming
        // blob's default (`""`) is the empty stream, which the body always is.
        let server_default = model_default
            .clone()
            .filter(|_| !m.traits.required && input && !target.traits.streaming);
        let default = model_default.clone().filter(|_| server_default.is_none());
        let optional =
            event_stream || m.traits.client_optional || (!m.traits.required && default.is_none());
        Field {
            rust_name: self.names.member_name(owner, &m.name).to_owned(),
            optional,
            boxed: self.boxed.contains(&(owner.clone(), m.name.clone())),
            event_stream,
            binding: self.protocol.binding(m, input),
            key: self.protocol.document_key(m).to_owned(),
            adapter: self.adapter(&m.target, m.traits.timestamp_format),
            must_be_sent: m.traits.required && model_default.is_none() && !optional,
            default,
            server_default,
            member: m.clone(),
        }
    }

    /// The adapter a value of shape `id` needs in documents (timestamps, blobs, floats and
    /// collections of them), given the format a member asked for.
    fn adapter(&self, id: &ShapeId, format: Option<TimestampFormat>) -> Option<Adapter> {
        let shape = self.model.expect(id);
        match &shape.kind {
            ShapeKind::Simple(Simple::Timestamp) => {
                let format = self
                    .protocol
                    .document_timestamp_format(format.or(shape.traits.timestamp_format));
                Some(match (self.protocol.codec(), format) {
                    (Codec::Cbor, TimestampFormat::EpochSeconds) => Adapter::TaggedEpochSeconds,
                    (_, format) => Adapter::Timestamp(format),
                })
            }
            ShapeKind::Simple(Simple::Blob) => Some(Adapter::Base64),
            ShapeKind::Simple(Simple::Float | Simple::Double) => Some(Adapter::Float),
            ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long)
                if self.protocol.codec() == Codec::Json =>
            {
                Some(Adapter::Integer)
            }
            ShapeKind::Simple(Simple::BigInteger | Simple::BigDecimal)
                if self.protocol.codec() == Codec::Cbor =>
            {
                Some(Adapter::CborBigNumber)
            }
            ShapeKind::Simple(Simple::BigInteger | Simple::BigDecimal)
                if self.protocol.big_numbers_as_text() =>
            {
                Some(Adapter::BigNumberText)
            }
            // Dense collections drop nulls on the wire (clients) or reject them (servers); sparse
            // ones keep them as `None`.
            ShapeKind::List(m) => {
                let inner = self.adapter(&m.target, m.traits.timestamp_format);
                if shape.traits.sparse {
                    inner.map(|i| Adapter::SparseList(Box::new(i)))
                } else {
                    Some(Adapter::DenseList(inner.map(Box::new)))
                }
            }
            ShapeKind::Map { value, .. } => {
                let inner = self.adapter(&value.target, value.traits.timestamp_format);
                if shape.traits.sparse {
                    inner.map(|i| Adapter::SparseMap(Box::new(i)))
                } else {
                    Some(Adapter::DenseMap(inner.map(Box::new)))
                }
            }
            _ => None,
        }
    }
}
