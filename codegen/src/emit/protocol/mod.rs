//! Protocols: how a service's operations travel over HTTP. Shapes' code knows no protocol; it
//! takes member keys, timestamp formats and bindings from the plan, which asks the service's
//! protocol. Each protocol module supplies its operation functions (`src/operation.rs`).

mod rest_json;
mod rpc;

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::plan::{Binding, Field};
use super::prelude::{DEFAULT, ERR, OK, RESULT, SOME, STRING};
use super::support::SupportModule;
use crate::diagnostic::Diagnostic;
use crate::model::{Member, Model, ShapeId, TimestampFormat};

/// One protocol, as the emitters see it.
pub trait Protocol: Sync {
    /// The protocol trait's shape id, `None` for [`NO_PROTOCOL`].
    fn trait_id(&self) -> Option<&'static str>;

    /// Where a member travels; `input` when its structure is an operation input.
    fn binding(&self, m: &Member, input: bool) -> Binding;

    /// A member's key in the protocol's documents (and so in the types' serde form).
    fn document_key<'m>(&self, m: &'m Member) -> &'m str;

    /// The format of a timestamp in documents, given the one the model asks for.
    fn document_timestamp_format(&self, asked: Option<TimestampFormat>) -> TimestampFormat;

    /// Whether `bigInteger` and `bigDecimal` values are strings in documents (else numbers).
    fn big_numbers_as_text(&self) -> bool {
        false
    }

    /// The protocol's functions for one operation (an item of `src/operation.rs`); `None`
    /// when the protocol emits none.
    fn operation(&self, ctx: &mut Ctx, op: &ShapeId) -> Option<TokenStream>;

    /// The lines of `src/operation.rs`'s module documentation.
    fn module_doc(&self) -> &'static [&'static str];

    /// The protocol's own support modules: entries of [`MODULES`](super::support::MODULES)
    /// whose condition is [`When::Protocol`](super::support::When::Protocol).
    fn support(&self) -> &'static [&'static SupportModule] {
        &[]
    }

    /// How a server finds the operation of a request; `None`: the protocol has no server.
    fn routing(&self) -> Option<Routing> {
        None
    }

    /// The format of the protocol's bodies.
    fn codec(&self) -> Codec {
        Codec::Json
    }

    /// The module whose `rejection_response` renders a server's rejections in the protocol's
    /// form (`crate::support::protocol` names it in the crate): restJson1's is `http.rs`.
    fn messages_module(&self) -> TokenStream {
        quote!(crate::http)
    }
}

/// How a protocol's servers route requests to operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing {
    /// By method, path and query literals of each operation's `@http` trait.
    Http,
    /// `POST /` with `X-Amz-Target: {service}.{operation}` (awsJson).
    Target,
    /// `POST {prefix}/service/{service}/operation/{operation}` with `Smithy-Protocol: {protocol}`.
    RpcV2 { protocol: &'static str },
}

/// The format of a protocol's bodies. The types' serde form is the same for every format; what
/// differs is the serde crate that writes and reads it, which asks adapters for the binary form
/// where there is one (`is_human_readable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Json,
    /// CBOR, through ciborium (`runtime/rpc_v2_cbor.rs`).
    Cbor,
}

impl Codec {
    /// The support module whose `parse_body` and `body_message` read error bodies.
    pub fn error_module(self) -> TokenStream {
        match self {
            Codec::Json => quote!(crate::support::error),
            Codec::Cbor => quote!(crate::support::rpc_v2_cbor),
        }
    }

    /// The error of reading a body.
    pub fn error_type(self) -> TokenStream {
        match self {
            Codec::Json => quote!(::serde_json::Error),
            Codec::Cbor => quote!(::ciborium::de::Error<::std::io::Error>),
        }
    }
}

/// The protocols this generator emits operations for, in the order a service with several
/// protocol traits picks from.
static PROTOCOLS: &[&dyn Protocol] = &[
    &rest_json::RestJson1,
    &rpc::AWS_JSON_1_0,
    &rpc::AWS_JSON_1_1,
    &rpc::RPC_V2_JSON,
    &rpc::RPC_V2_CBOR,
];

/// The protocol of a closure's service: the first one [`PROTOCOLS`] lists that the service has,
/// else [`NO_PROTOCOL`].
pub fn of_service(model: &Model, service: Option<&ShapeId>) -> &'static dyn Protocol {
    let service = service.and_then(|s| model.get(s));
    PROTOCOLS
        .iter()
        .copied()
        .find(|p| {
            p.trait_id()
                .is_some_and(|t| service.is_some_and(|s| s.traits.raw.contains_key(t)))
        })
        .unwrap_or(NO_PROTOCOL)
}

/// The trait ids of the protocols this generator emits operations for.
pub fn supported() -> impl Iterator<Item = &'static str> {
    PROTOCOLS.iter().filter_map(|p| p.trait_id())
}

/// Whether the protocol emits operations.
pub fn emits_operations(protocol: &dyn Protocol) -> bool {
    protocol.trait_id().is_some()
}

/// Types without wire code: the types' serde form is Smithy's JSON document form (`jsonName`
/// keys, timestamps as the model asks, else epoch seconds), every member in it.
pub static NO_PROTOCOL: &dyn Protocol = &Documents;

struct Documents;

impl Protocol for Documents {
    fn trait_id(&self) -> Option<&'static str> {
        None
    }

    fn binding(&self, _m: &Member, _input: bool) -> Binding {
        Binding::Body
    }

    fn document_key<'m>(&self, m: &'m Member) -> &'m str {
        json_name(m)
    }

    fn document_timestamp_format(&self, asked: Option<TimestampFormat>) -> TimestampFormat {
        asked.unwrap_or(TimestampFormat::EpochSeconds)
    }

    fn operation(&self, _ctx: &mut Ctx, _op: &ShapeId) -> Option<TokenStream> {
        None
    }

    fn module_doc(&self) -> &'static [&'static str] {
        &[]
    }
}

/// An operation's input or output structure.
pub(super) struct IoShape {
    pub id: ShapeId,
    pub ty: TokenStream,
    pub fields: Vec<Field>,
}

impl IoShape {
    pub fn new(ctx: &Ctx, id: &ShapeId) -> IoShape {
        IoShape {
            id: id.clone(),
            ty: ctx.type_path(id),
            fields: ctx.plan.fields(id).to_vec(),
        }
    }
}

/// Whether a structure has members bound outside the body, which its body, written and read
/// through `support::wire::Body`, leaves out.
pub(super) fn binds_outside_body(fields: &[Field]) -> bool {
    fields
        .iter()
        .any(|f| !f.event_stream && f.binding != Binding::Body)
}

/// The `input` parameter of a client function (`_input` when the function does not read it).
pub(super) fn input_param(input: Option<&IoShape>, used: bool) -> Option<TokenStream> {
    input.map(|IoShape { ty, .. }| {
        if used {
            quote!(input: &#ty)
        } else {
            quote!(_input: &#ty)
        }
    })
}

/// What `build_request` says and does to gzip a large request body (its doc line, its
/// statement), for an operation whose `@requestCompression` lists `gzip` (the one encoding
/// Smithy defines); `None` for any other operation.
pub(super) fn request_compression(ctx: &Ctx, op: &ShapeId) -> Option<(TokenStream, TokenStream)> {
    compresses(ctx.model, op).then(|| {
        (
            quote! {
                #[doc = " A body of 10,240 bytes or more is gzipped (`@requestCompression`), as the AWS SDKs"]
                #[doc = " do by default."]
            },
            quote!(crate::support::compression::gzip(&mut request)?;),
        )
    })
}

/// Whether the operation's `@requestCompression` lists `gzip`.
pub(crate) fn compresses(model: &Model, op: &ShapeId) -> bool {
    model
        .get(op)
        .and_then(|s| s.traits.raw.get("smithy.api#requestCompression"))
        .and_then(|t| t.get("encodings"))
        .and_then(serde_json::Value::as_array)
        .is_some_and(|encodings| encodings.iter().any(|e| e.as_str() == Some("gzip")))
}

/// `host_prefix` for an operation with an `endpoint` trait: the text to put before the
/// endpoint's host, its `{label}`s filled from the input's `@hostLabel` members.
pub(super) fn host_prefix(
    ctx: &mut Ctx,
    op: &ShapeId,
    input: Option<&IoShape>,
) -> Option<TokenStream> {
    let pattern = ctx
        .model
        .expect(op)
        .traits
        .raw
        .get("smithy.api#endpoint")?
        .get("hostPrefix")?
        .as_str()?
        .to_owned();
    let mut code = Vec::new();
    let mut rest = pattern.as_str();
    let mut uses_input = false;
    while !rest.is_empty() {
        let (literal, after) = rest.split_once('{').unwrap_or((rest, ""));
        if !literal.is_empty() {
            code.push(quote!(prefix.push_str(#literal);));
        }
        let Some((label, after)) = after.split_once('}') else {
            break;
        };
        rest = after;
        let Some(f) = input.and_then(|i| i.fields.iter().find(|f| f.name() == label)) else {
            ctx.diagnostics.push(Diagnostic::warning(
                op.to_string(),
                format!("host prefix label {label} has no input member"),
            ));
            continue;
        };
        let field = f.ident();
        let mname = f.name();
        uses_input = true;
        code.push(if f.optional {
            quote! {
                let #SOME(value) = &input.#field else {
                    return #ERR(crate::http::RequestError::InvalidHostLabel { member: #mname });
                };
                crate::http::push_host_label(&mut prefix, value.as_str(), #mname)?;
            }
        } else {
            quote!(crate::http::push_host_label(&mut prefix, input.#field.as_str(), #mname)?;)
        });
    }
    let param = input_param(input, uses_input);
    let doc = format!(
        " Client side: the text to put before the endpoint's host (`endpoint` trait: `{pattern}`)."
    );
    Some(quote! {
        #[doc = #doc]
        pub fn host_prefix(#param) -> #RESULT<#STRING, crate::http::RequestError> {
            let mut prefix = #STRING::new();
            #(#code)*
            #OK(prefix)
        }
    })
}

/// Statements filling in the defaults of the top-level members of `input` that a request left
/// out, as servers do.
pub(super) fn server_defaults(ctx: &mut Ctx, id: &ShapeId, fields: &[Field]) -> Vec<TokenStream> {
    let mut defaults = Vec::new();
    for f in fields {
        let Some(v) = &f.server_default else {
            continue;
        };
        let m = &f.member;
        let field = f.ident();
        let mut value = ctx
            .default_tokens(&id.member(&m.name), m, v)
            .unwrap_or_else(|| quote!(#DEFAULT::default()));
        if f.boxed {
            value = quote!(::std::boxed::Box::new(#value));
        }
        defaults.push(quote! {
            if input.#field.is_none() {
                input.#field = #SOME(#value);
            }
        });
    }
    defaults
}

/// A member's `@jsonName`, else its name.
pub fn json_name(m: &Member) -> &str {
    m.traits.json_name.as_deref().unwrap_or(&m.name)
}
