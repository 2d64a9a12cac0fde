//! restJson1 HTTP bindings: per operation, sans-IO request building and response parsing for
//! clients, and request parsing and response building for servers.
//!
//! A structure's serde form holds every member; its JSON body holds the members bound to no other
//! part of the message, written and read through `support::wire::Body`.

use crate::emit::prelude::{
    AS_REF, CLONE, COPY, DEFAULT, DERIVE_DEBUG, ERR, NONE, OK, RESULT, SOME, STRING, VEC,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{IoShape, Protocol, binds_outside_body, input_param};
use crate::diagnostic::Diagnostic;
use crate::emit::Ctx;
use crate::emit::plan::{Binding, Field};
use crate::model::{HttpTrait, Member, Model, ShapeId, ShapeKind, Simple, TimestampFormat};
use crate::naming::{ident, type_ident};

/// The `aws.protocols#restJson1` protocol.
pub struct RestJson1;

impl Protocol for RestJson1 {
    fn trait_id(&self) -> Option<&'static str> {
        Some("aws.protocols#restJson1")
    }

    fn routing(&self) -> Option<super::Routing> {
        Some(super::Routing::Http)
    }

    fn binding(&self, m: &Member, input: bool) -> Binding {
        Binding::of_http_traits(m, input)
    }

    fn document_key<'m>(&self, m: &'m Member) -> &'m str {
        super::json_name(m)
    }

    fn document_timestamp_format(&self, asked: Option<TimestampFormat>) -> TimestampFormat {
        asked.unwrap_or(TimestampFormat::EpochSeconds)
    }

    fn operation(&self, ctx: &mut Ctx, op: &ShapeId) -> Option<TokenStream> {
        Emitter(ctx).operation(op)
    }

    fn module_doc(&self) -> &'static [&'static str] {
        &[
            " The operations of the service over restJson1, without I/O: clients build requests",
            " and read responses, servers read requests and build responses.",
        ]
    }
}

/// The restJson1 emitter: the context, with this protocol's methods.
struct Emitter<'c, 'm>(&'c mut Ctx<'m>);

impl<'m> std::ops::Deref for Emitter<'_, 'm> {
    type Target = Ctx<'m>;

    fn deref(&self) -> &Ctx<'m> {
        self.0
    }
}

impl std::ops::DerefMut for Emitter<'_, '_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.0
    }
}

/// A member bound to a query parameter or a header.
struct ParamBinding {
    /// The parameter name, or the header name in lowercase.
    key: String,
    /// The member's target, or its list's item target.
    item_target: ShapeId,
    list: bool,
    scalar: Scalar,
}

/// A map member bound with `httpQueryParams` (string or list-of-string values) or
/// `httpPrefixHeaders` (string values).
struct MapBinding {
    key: ShapeId,
    /// The target of a value, or of a list item when `list`.
    value: ShapeId,
    list: bool,
    sparse: bool,
}

/// How a scalar is written in a URI, query or header, and read back.
#[derive(Clone, Copy)]
enum Scalar {
    Str,
    /// A string with `@mediaType` in a header: base64 on the wire (Smithy's HTTP bindings).
    MediaStr,
    Enum,
    IntEnum,
    Number,
    /// `bigInteger` and `bigDecimal`: their exact text (`support/number.rs`).
    BigNumber,
    /// Floats spell their special values `NaN`, `Infinity`, `-Infinity`.
    Float,
    Bool,
    Timestamp(TimestampFormat),
}

/// Where the statements of a request or response function read or write.
struct Site {
    /// The structure's variable (`input`, `output`).
    var: TokenStream,
    /// The HTTP message's variable (`request`, `response`).
    message: TokenStream,
}

impl Site {
    fn new(var: TokenStream, message: TokenStream) -> Self {
        Site { var, message }
    }
}

/// Which side reads a message: clients read responses leniently (error correction), servers
/// read requests strictly.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Client,
    Server,
}

impl Side {
    /// How a reading function turns a message into its error for a member: an expression of a
    /// closure from `String` to the error.
    fn member_error(self, member: &str) -> TokenStream {
        match self {
            Side::Client => quote!(crate::http::bad_response_member(#member)),
            Side::Server => quote!(crate::http::bad_request_member(#member)),
        }
    }

    /// The `crate::http::Mode` of the side's reads.
    fn mode(self) -> TokenStream {
        match self {
            Side::Client => quote!(crate::http::Mode::Lenient),
            Side::Server => quote!(crate::http::Mode::Strict),
        }
    }
}

impl Emitter<'_, '_> {
    fn scalar(
        &self,
        id: &ShapeId,
        format: Option<TimestampFormat>,
        default: TimestampFormat,
    ) -> Option<Scalar> {
        let s = self.model.expect(id);
        Some(match &s.kind {
            ShapeKind::Simple(Simple::String) if self.names.has_type(id) => Scalar::Enum,
            ShapeKind::Simple(Simple::String) => Scalar::Str,
            ShapeKind::Enum(_) => Scalar::Enum,
            ShapeKind::IntEnum(_) => Scalar::IntEnum,
            ShapeKind::Simple(Simple::Byte | Simple::Short | Simple::Integer | Simple::Long) => {
                Scalar::Number
            }
            ShapeKind::Simple(Simple::BigInteger | Simple::BigDecimal) => Scalar::BigNumber,
            ShapeKind::Simple(Simple::Float | Simple::Double) => Scalar::Float,
            ShapeKind::Simple(Simple::Boolean) => Scalar::Bool,
            ShapeKind::Simple(Simple::Timestamp) => {
                Scalar::Timestamp(format.or(s.traits.timestamp_format).unwrap_or(default))
            }
            _ => return None,
        })
    }

    /// An expression of type `&str` or `String` (errors mapped with `?`) for `value: &T`.
    fn write_scalar(&self, scalar: Scalar, member: &str) -> TokenStream {
        match scalar {
            Scalar::Str | Scalar::Enum | Scalar::BigNumber => quote!(value.as_str()),
            Scalar::MediaStr => quote!(crate::support::blob::encode(value)),
            Scalar::IntEnum => quote!(value.value().to_string()),
            Scalar::Number | Scalar::Bool => quote!(value.to_string()),
            Scalar::Float => quote!(crate::http::format_float(*value)),
            Scalar::Timestamp(f) => {
                let call = match f {
                    TimestampFormat::EpochSeconds => {
                        return quote!(crate::timestamp::format_epoch_seconds(*value));
                    }
                    TimestampFormat::DateTime => quote!(crate::timestamp::format_date_time(*value)),
                    TimestampFormat::HttpDate => quote!(crate::timestamp::format_http_date(*value)),
                };
                quote!(#call.map_err(|e| crate::http::RequestError::Body(::std::format!("{}: {e}", #member)))?)
            }
        }
    }

    /// An expression parsing `text: &str` into the scalar, with `?` mapping errors via `err`;
    /// servers read date-times and base64 strictly.
    fn read_scalar(
        &self,
        scalar: Scalar,
        ty: &TokenStream,
        err: &TokenStream,
        side: Side,
    ) -> TokenStream {
        match scalar {
            Scalar::Str => quote!(#STRING::from(text)),
            Scalar::MediaStr => {
                let mode = side.mode();
                quote!(crate::support::blob::decode_string(text.trim(), #mode).map_err(|e| #err(e.to_string()))?)
            }
            Scalar::Enum => quote!(#ty::from(text)),
            Scalar::IntEnum => {
                quote!(#ty::from(text.trim().parse::<i32>().map_err(|e| #err(e.to_string()))?))
            }
            Scalar::Number | Scalar::Float | Scalar::BigNumber => {
                quote!(text.trim().parse::<#ty>().map_err(|e| #err(e.to_string()))?)
            }
            Scalar::Bool => quote!(match text.trim() {
                "true" => true,
                "false" => false,
                other => return #ERR(#err(::std::format!("expected true or false, found {other:?}"))),
            }),
            Scalar::Timestamp(f) => {
                let call = match f {
                    TimestampFormat::EpochSeconds => quote!(crate::timestamp::parse_epoch_seconds),
                    TimestampFormat::DateTime if side == Side::Server => {
                        quote!(crate::timestamp::parse_date_time_strict)
                    }
                    TimestampFormat::DateTime => quote!(crate::timestamp::parse_date_time),
                    TimestampFormat::HttpDate => quote!(crate::timestamp::parse_http_date),
                };
                quote!(#call(text.trim()).map_err(|e| #err(e.to_string()))?)
            }
        }
    }

    /// How a query or header member is bound, shared by the client and server sides; `None`
    /// (with a warning when `warn`) for members that cannot be bound.
    fn param_binding(&mut self, owner: &ShapeId, f: &Field, warn: bool) -> Option<ParamBinding> {
        let m = &f.member;
        let (key, is_query) = match &f.binding {
            Binding::Query(key) => (key.clone(), true),
            // Header names are case-insensitive; `http` wants static names in lowercase.
            Binding::Header(key) => (key.to_ascii_lowercase(), false),
            _ => return None,
        };
        if !is_query && !is_header_name(&key) {
            if warn {
                self.warn_unsupported(owner, m, "a header name that is not a valid HTTP token");
            }
            return None;
        }
        let default = if is_query {
            TimestampFormat::DateTime
        } else {
            TimestampFormat::HttpDate
        };
        let (item_target, list) = match self.list_item(&m.target) {
            Some(item) => (item.target.clone(), true),
            None => (m.target.clone(), false),
        };
        let Some(mut scalar) = self.scalar(&item_target, m.traits.timestamp_format, default) else {
            if warn {
                self.warn_unsupported(owner, m, "a query or header value of this type");
            }
            return None;
        };
        if !is_query && matches!(scalar, Scalar::Str) && self.media_type(&item_target).is_some() {
            scalar = Scalar::MediaStr;
        }
        Some(ParamBinding {
            key,
            item_target,
            list,
            scalar,
        })
    }

    /// How an `httpQueryParams` or `httpPrefixHeaders` map is bound; `None` (with a warning when
    /// `warn`) for maps whose keys or values are not strings.
    fn map_binding(&mut self, owner: &ShapeId, f: &Field, warn: bool) -> Option<MapBinding> {
        let m = &f.member;
        let shape = self.model.expect(&m.target);
        let bound = match &shape.kind {
            ShapeKind::Map { key, value } if self.is_string(&key.target) => {
                let lists = f.binding == Binding::QueryParams;
                match self.list_item(&value.target) {
                    Some(item) if lists && self.is_string(&item.target) => Some(MapBinding {
                        key: key.target.clone(),
                        value: item.target.clone(),
                        list: true,
                        sparse: shape.traits.sparse,
                    }),
                    None if self.is_string(&value.target) => Some(MapBinding {
                        key: key.target.clone(),
                        value: value.target.clone(),
                        list: false,
                        sparse: shape.traits.sparse,
                    }),
                    _ => None,
                }
            }
            _ => None,
        };
        if bound.is_none() && warn {
            self.warn_unsupported(
                owner,
                m,
                "a map of this type in httpQueryParams/httpPrefixHeaders",
            );
        }
        bound
    }

    /// `text` (a `String`) as a value of the string or enum shape `id`.
    fn string_as(&self, id: &ShapeId, text: TokenStream) -> TokenStream {
        if matches!(
            self.scalar(id, None, TimestampFormat::DateTime),
            Some(Scalar::Str)
        ) {
            text
        } else {
            let ty = self.rust_type(id);
            quote!(<#ty>::from(#text))
        }
    }

    /// A string, or an enum of strings: what map keys and values on the wire can be.
    fn is_string(&self, id: &ShapeId) -> bool {
        matches!(
            self.model.expect(id).kind,
            ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_)
        )
    }

    /// Statements writing the header and prefix-header members of `site.var` into
    /// `site.message`, in a function returning `RequestError`. Prefix headers go first so that
    /// a member bound to one header replaces a map entry of the same name.
    fn write_headers(
        &mut self,
        owner: &ShapeId,
        fields: &[Field],
        site: &Site,
        warn: bool,
    ) -> Vec<TokenStream> {
        self.write_headers_or(owner, fields, site, warn, false)
    }

    /// [`Self::write_headers`]; with `skip_invalid`, a value HTTP cannot carry is left out
    /// instead of failing (for error responses, which must go out whatever they hold).
    fn write_headers_or(
        &mut self,
        owner: &ShapeId,
        fields: &[Field],
        site: &Site,
        warn: bool,
        skip_invalid: bool,
    ) -> Vec<TokenStream> {
        let Site { var, message } = site;
        let mut prefixed = Vec::new();
        let mut single = Vec::new();
        for f in fields {
            let m = &f.member;
            let field = f.ident();
            let mname = &m.name;
            let optional = f.optional;
            let access = |body| when_set(var, &field, optional, quote!(values), body);
            match &f.binding {
                Binding::PrefixHeaders(prefix) => {
                    let Some(map) = self.map_binding(owner, f, warn) else {
                        continue;
                    };
                    let prefix = prefix.to_ascii_lowercase();
                    let unwrap = map
                        .sparse
                        .then(|| quote!(let #SOME(value) = value else { continue; };));
                    let push = quote!(crate::http::push_prefixed_header(#message.headers_mut(), #prefix, key.as_str(), value.as_str()));
                    let push = if skip_invalid {
                        quote!(if #push.is_err() { continue; })
                    } else {
                        quote!(#push.map_err(|_| crate::http::RequestError::InvalidHeader { member: #mname })?;)
                    };
                    prefixed.push(access(quote! {
                        for (key, value) in values {
                            #unwrap
                            #push
                        }
                    }));
                }
                Binding::Header(_) => {
                    let Some(ParamBinding {
                        key, list, scalar, ..
                    }) = self.param_binding(owner, f, warn)
                    else {
                        continue;
                    };
                    let write = self.write_scalar(scalar, &m.name);
                    let insert = if skip_invalid {
                        quote! {
                            if let #OK(header) = ::http::HeaderValue::try_from(text) {
                                #message.headers_mut().insert(#key, header);
                            }
                        }
                    } else {
                        quote! {
                            let header = ::http::HeaderValue::try_from(text)
                                .map_err(|_| crate::http::RequestError::InvalidHeader { member: #mname })?;
                            #message.headers_mut().insert(#key, header);
                        }
                    };
                    let body = if list {
                        let quoted = matches!(scalar, Scalar::Str | Scalar::Enum);
                        quote! {
                            let mut text = #STRING::new();
                            for value in values {
                                crate::http::push_header_item(&mut text, #write, #quoted);
                            }
                            // A set but empty list is sent as an empty header.
                            #insert
                        }
                    } else {
                        quote! {
                            let value = values;
                            let text = #write;
                            #insert
                        }
                    };
                    single.push(access(body));
                }
                _ => {}
            }
        }
        prefixed.extend(single);
        prefixed
    }

    /// Statements reading the header and prefix-header members of `site.message` into
    /// `site.var`. With `missing`, a required member whose header is absent is pushed to a
    /// `missing` vector (servers reject it; clients keep the zero value), and the flag is set
    /// when any such check was emitted.
    fn read_headers(
        &mut self,
        owner: &ShapeId,
        fields: &[Field],
        site: &Site,
        side: Side,
        missing: Option<&mut bool>,
    ) -> Vec<TokenStream> {
        let mut tracked = false;
        let Site { var, message } = site;
        let mut fill = Vec::new();
        for f in fields {
            let m = &f.member;
            let field = f.ident();
            let optional = f.optional;
            let err_fn = side.member_error(&m.name);
            match &f.binding {
                Binding::PrefixHeaders(prefix) => {
                    let Some(MapBinding {
                        key, value, sparse, ..
                    }) = self.map_binding(owner, f, false)
                    else {
                        continue;
                    };
                    let key = self.string_as(&key, quote!(key));
                    let value = self.string_as(&value, quote!(text));
                    let prefix = prefix.to_ascii_lowercase();
                    let map = if optional {
                        quote!(#var.#field.get_or_insert_with(::std::collections::HashMap::new))
                    } else {
                        quote!(#var.#field)
                    };
                    let value = if sparse { quote!(#SOME(#value)) } else { value };
                    fill.push(quote! {
                        for (key, text) in crate::http::prefixed_headers(#message.headers(), #prefix).map_err(#err_fn)? {
                            #map.insert(#key, #value);
                        }
                    });
                }
                Binding::Header(_) => {
                    let Some(ParamBinding {
                        key,
                        item_target,
                        list,
                        scalar,
                        ..
                    }) = self.param_binding(owner, f, false)
                    else {
                        continue;
                    };
                    let ty = self.rust_type(&item_target);
                    let read = self.read_scalar(scalar, &ty, &quote!(err), side);
                    let store = store(var, &field, &read, list, optional);
                    // A required member whose header is absent is missing, a list too (an
                    // empty list is a header with an empty value).
                    let path = format!("/{}", m.name);
                    let track = missing.is_some() && !optional && f.must_be_sent;
                    tracked |= track;
                    if list {
                        let http_date =
                            matches!(scalar, Scalar::Timestamp(TimestampFormat::HttpDate));
                        let absent = track.then(|| {
                            quote! {
                                if !#message.headers().contains_key(#key) {
                                    missing.push(#path.to_owned());
                                }
                            }
                        });
                        fill.push(quote! {
                            for header in #message.headers().get_all(#key) {
                                let err = #err_fn;
                                let all = header.to_str().map_err(|e| err(e.to_string()))?;
                                for text in crate::http::split_header_list(all, #http_date).map_err(&err)? {
                                    let text = text.as_str();
                                    #store
                                }
                            }
                            #absent
                        });
                    } else {
                        let absent =
                            track.then(|| quote!(else { missing.push(#path.to_owned()); }));
                        fill.push(quote! {
                            if let #SOME(header) = #message.headers().get(#key) {
                                let err = #err_fn;
                                let text = header.to_str().map_err(|e| err(e.to_string()))?;
                                #store
                            } #absent
                        });
                    }
                }
                _ => {}
            }
        }
        if let Some(flag) = missing {
            *flag |= tracked;
        }
        fill
    }

    /// The `@mediaType` of a shape, when it has one that can be sent as a header value.
    fn media_type(&self, id: &ShapeId) -> Option<&str> {
        let media = self
            .model
            .expect(id)
            .traits
            .raw
            .get("smithy.api#mediaType")?
            .as_str()?;
        let valid = !media.is_empty()
            && media
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        valid.then_some(media)
    }

    /// How an `httpPayload` member travels: as raw bytes, as text, or as JSON.
    fn payload_kind(&self, p: &Field) -> PayloadKind {
        match &self.model.expect(p.target()).kind {
            ShapeKind::Simple(Simple::Blob) => PayloadKind::Bytes,
            ShapeKind::Simple(Simple::String) if self.names.has_type(p.target()) => {
                PayloadKind::EnumText
            }
            ShapeKind::Simple(Simple::String) => PayloadKind::Text,
            ShapeKind::Enum(_) => PayloadKind::EnumText,
            _ => PayloadKind::Json,
        }
    }

    /// The media type of the body of a structure bound to a message: its payload member's
    /// `@mediaType`, else the default of the payload's type; `application/json` for members in a
    /// JSON body; `None` when nothing goes in the body.
    fn body_media_type(&self, fields: &[Field]) -> Option<String> {
        if let Some(p) = fields.iter().find(|f| f.binding == Binding::Payload) {
            let default = match self.payload_kind(p) {
                PayloadKind::Bytes => "application/octet-stream",
                PayloadKind::Text | PayloadKind::EnumText => "text/plain",
                PayloadKind::Json => "application/json",
            };
            Some(self.media_type(p.target()).unwrap_or(default).to_owned())
        } else if fields.iter().any(|f| f.binding == Binding::Body) {
            Some("application/json".to_owned())
        } else {
            None
        }
    }

    /// Statements putting the body of `site.var` into `site.message`, with its Content-Type
    /// (unless a header member set one) and Content-Length: its payload member, or the JSON
    /// object of its unbound members. restJson1 differs by direction where nothing is set: a
    /// request sends `{}` for an unset structure payload and no body when no member goes in
    /// it; a response sends no body for an unset payload and `{}` when no member goes in it.
    fn write_body(&self, fields: &[Field], site: &Site, request: bool) -> TokenStream {
        let Site { var, message } = site;
        let set = |bytes: TokenStream, content_type: &str| quote!(crate::http::set_body(&mut #message, #bytes, #content_type););
        let json_error = quote!(|e| crate::http::RequestError::Body(e.to_string()));
        let Some(p) = fields.iter().find(|f| f.binding == Binding::Payload) else {
            let in_body = fields.iter().any(|f| f.binding == Binding::Body);
            return if in_body || !request {
                set(
                    if binds_outside_body(fields) {
                        quote!(::serde_json::to_vec(&crate::support::wire::Body(#var)).map_err(#json_error)?)
                    } else {
                        quote!(::serde_json::to_vec(#var).map_err(#json_error)?)
                    },
                    "application/json",
                )
            } else {
                TokenStream::new()
            };
        };
        let field = p.ident();
        let content_type = self.body_media_type(fields).unwrap_or_default();
        let bytes = match self.payload_kind(p) {
            PayloadKind::Bytes => quote!(value.clone()),
            PayloadKind::Text => quote!(value.as_bytes().to_vec()),
            PayloadKind::EnumText => quote!(value.as_str().as_bytes().to_vec()),
            PayloadKind::Json => quote!(::serde_json::to_vec(value).map_err(#json_error)?),
        };
        let write = set(bytes, &content_type);
        if !p.optional {
            return quote!({ let value = &#var.#field; #write });
        }
        let structure = matches!(self.model.expect(p.target()).kind, ShapeKind::Structure(_));
        let unset = if !request {
            Some(quote! {
                #message.headers_mut().insert(::http::header::CONTENT_LENGTH, ::http::HeaderValue::from(0));
            })
        } else if structure {
            Some(set(quote!(b"{}".to_vec()), "application/json"))
        } else {
            None
        };
        match unset {
            Some(unset) => quote! {
                if let #SOME(value) = &#var.#field { #write } else { #unset }
            },
            None => quote!(if let #SOME(value) = &#var.#field { #write }),
        }
    }

    /// Reads an `httpPayload` member from `body` into `#var`, which starts as the structure's
    /// default. `utf8_err` and `json_err` map the errors of text and JSON payloads.
    #[allow(clippy::too_many_arguments)]
    fn read_payload(
        &self,
        p: &Field,
        var: &TokenStream,
        ty: &TokenStream,
        utf8_err: &TokenStream,
        json_err: &TokenStream,
        side: Side,
    ) -> TokenStream {
        let field = p.ident();
        let text = quote!(#STRING::from_utf8(body.to_vec()).map_err(#utf8_err)?);
        let value = match self.payload_kind(p) {
            PayloadKind::Bytes => quote!(body.to_vec()),
            PayloadKind::Text => text,
            PayloadKind::EnumText => {
                let target = self.rust_type(p.target());
                quote!(<#target>::from(#text))
            }
            // Servers also learn which required members inside the payload it leaves out.
            PayloadKind::Json if side == Side::Server => {
                let path = format!("/{}", p.name());
                quote!(crate::http::parse_request_json(body, #path, &mut missing)?)
            }
            PayloadKind::Json => {
                let mode = side.mode();
                quote!(crate::http::parse_json(body, #mode).map_err(#json_err)?)
            }
        };
        // An empty object is an unset structure payload, as requests send one.
        let unset = if matches!(self.model.expect(p.target()).kind, ShapeKind::Structure(_)) {
            quote!(crate::http::is_empty_payload(body))
        } else {
            quote!(body.is_empty())
        };
        let assign = if p.optional {
            quote!(if !#unset { #var.#field = #SOME(#value); })
        } else {
            quote!(#var.#field = #value;)
        };
        quote! {
            let mut #var = <#ty as #DEFAULT>::default();
            #assign
        }
    }

    /// The list item target of a list shape, if `id` is one.
    fn list_item<'a>(&'a self, id: &ShapeId) -> Option<&'a Member> {
        match &self.model.expect(id).kind {
            ShapeKind::List(m) => Some(m),
            _ => None,
        }
    }

    /// The struct of an operation with its HTTP bindings (`src/operation.rs`).
    fn operation(&mut self, op: &ShapeId) -> Option<TokenStream> {
        let shape = self.model.expect(op);
        let Some(http) = shape.traits.http.clone() else {
            self.diagnostics.push(Diagnostic::warning(
                op.to_string(),
                "operation has no `http` trait; no HTTP bindings emitted",
            ));
            return None;
        };
        let ShapeKind::Operation { input, output, .. } = &shape.kind else {
            return None;
        };
        let name_str = type_ident(op.name());
        let name = ident(&name_str);
        let error = ident(self.names.operation_error_name(op));
        let method = &http.method;
        let uri_pattern = &http.uri;
        let code = Literal::u16_unsuffixed(http.code);
        let op_name = op.name();
        let docs = self.docs(shape.traits.documentation.as_deref());
        let (path, literal_query) = http.uri.split_once('?').unwrap_or((&http.uri, ""));
        let mut segments: Vec<String> = path
            .trim_start_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        // A pattern ending with `/` matches a path with or without that slash, one without it
        // only: `crate::http::match_path` knows the first by a last empty segment.
        if path.ends_with('/') && !segments.is_empty() {
            segments.push(String::new());
        }

        let input = (!Model::is_unit(input)).then(|| IoShape::new(self, input));
        let output = (!Model::is_unit(output)).then(|| IoShape::new(self, output));
        let build_request = self.build_request(op, input.as_ref(), &http, &segments, literal_query);
        let parse_response = self.parse_response(op, output.as_ref(), &error);
        let parse_request = self.parse_request(input.as_ref(), output.as_ref(), &http, &segments);
        let output_response = self.output_response(output.as_ref(), http.code);
        let error_response = self.error_response(op, &error);
        let host_prefix = super::host_prefix(self, op, input.as_ref());
        let seg_strs = segments.iter().map(String::as_str);
        Some(quote! {
            #docs
            #[derive(#DERIVE_DEBUG, #CLONE, #COPY, #DEFAULT)]
            pub struct #name;

            impl #name {
                /// The operation's name in the model.
                pub const NAME: &'static str = #op_name;
                /// The HTTP method (`http` trait).
                pub const METHOD: &'static str = #method;
                /// The URI pattern (`http` trait).
                pub const URI: &'static str = #uri_pattern;
                /// The status code of a successful response.
                pub const SUCCESS_STATUS: u16 = #code;
                const SEGMENTS: &'static [&'static str] = &[#(#seg_strs),*];

                #build_request
                #host_prefix
                #parse_response
                #parse_request
                #output_response
                #error_response
            }
        })
    }

    fn warn_unsupported(&mut self, owner: &ShapeId, m: &Member, what: &str) {
        self.diagnostics.push(Diagnostic::warning(
            owner.member(&m.name),
            format!("{what} is not supported in HTTP bindings; the member is left out"),
        ));
    }

    fn build_request(
        &mut self,
        op: &ShapeId,
        input: Option<&IoShape>,
        http: &HttpTrait,
        segments: &[String],
        literal_query: &str,
    ) -> TokenStream {
        let method = method_tokens(&http.method);
        let empty = Vec::new();
        let (input_id, fields) = match input {
            Some(i) => (Some(&i.id), &i.fields),
            None => (None, &empty),
        };
        let mut uri_code = Vec::new();
        // Whether any binding reads the input (an empty input structure reads nothing).
        let mut uses_input = false;
        for seg in segments {
            uri_code.push(quote!(uri.push('/');));
            if seg.is_empty() {
                // The pattern's trailing slash, sent as written, as AWS clients send it.
                continue;
            }
            let Some(label) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                let mut chars = seg.chars();
                uri_code.push(match (chars.next(), chars.next()) {
                    (Some(c), None) => quote!(uri.push(#c);),
                    _ => quote!(uri.push_str(#seg);),
                });
                continue;
            };
            let greedy = label.ends_with('+');
            let label = label.trim_end_matches('+');
            let (Some(input_id), Some(f)) = (input_id, fields.iter().find(|f| f.name() == label))
            else {
                self.diagnostics.push(Diagnostic::warning(
                    op.to_string(),
                    format!("URI label {label} has no input member"),
                ));
                continue;
            };
            let m = &f.member;
            let field = f.ident();
            let Some(scalar) = self.scalar(
                &m.target,
                m.traits.timestamp_format,
                TimestampFormat::DateTime,
            ) else {
                self.warn_unsupported(input_id, m, "a label of this type");
                continue;
            };
            let write = self.write_scalar(scalar, &m.name);
            let mname = &m.name;
            let access = if f.optional {
                quote! {
                    let #SOME(value) = &input.#field else {
                        return #ERR(crate::http::RequestError::EmptyLabel { member: #mname });
                    };
                }
            } else {
                quote!(let value = &input.#field;)
            };
            uses_input = true;
            uri_code.push(quote! {
                {
                    #access
                    let text = #write;
                    if text.is_empty() {
                        return #ERR(crate::http::RequestError::EmptyLabel { member: #mname });
                    }
                    crate::http::push_label(&mut uri, text, #greedy);
                }
            });
        }
        if segments.is_empty() {
            uri_code.push(quote!(uri.push('/');));
        }
        let mut query_code = Vec::new();
        for pair in literal_query.split('&').filter(|p| !p.is_empty()) {
            query_code.push(match pair.split_once('=') {
                Some((k, v)) => quote!(crate::http::push_query(&mut query, #k, #v);),
                None => quote!(crate::http::push_query_key(&mut query, #pair);),
            });
        }
        let site = Site::new(quote!(input), quote!(request));
        let (header_code, body_code) = match input_id {
            Some(id) => {
                let query = self.write_query(id, fields);
                uses_input |= !query.is_empty();
                query_code.extend(query);
                (
                    self.write_headers(id, fields, &site, true),
                    self.write_body(fields, &site, true),
                )
            }
            None => (Vec::new(), TokenStream::new()),
        };
        uses_input |= !header_code.is_empty() || !body_code.is_empty();
        let param = input_param(input, uses_input);
        let uses_query = !query_code.is_empty();
        let query_decl = uses_query.then(|| quote!(let mut query = #STRING::new();));
        let query_push = uses_query.then(|| quote!(uri.push_str(&query);));
        let (compression_doc, compression) = super::request_compression(self.0, op).unzip();
        quote! {
            /// Client side: the HTTP request for an input. The URI holds the path and query only;
            /// join it to the endpoint. Constraints are not checked here: call `validate()` if
            /// you want them (services relax constraints over time).
            #compression_doc
            pub fn build_request(#param) -> #RESULT<::http::Request<#VEC<u8>>, crate::http::RequestError> {
                let mut uri = #STRING::with_capacity(64);
                #(#uri_code)*
                #query_decl
                #(#query_code)*
                #query_push
                let mut request = ::http::Request::new(#VEC::new());
                *request.method_mut() = #method;
                *request.uri_mut() = ::http::Uri::try_from(uri).map_err(|e| crate::http::RequestError::Body(e.to_string()))?;
                #(#header_code)*
                #body_code
                #compression
                #OK(request)
            }
        }
    }

    /// Statements appending the query members of `input` to `query`: named parameters, then
    /// the `httpQueryParams` map without the names a member binds (those take precedence).
    fn write_query(&mut self, owner: &ShapeId, fields: &[Field]) -> Vec<TokenStream> {
        let named: Vec<String> = fields
            .iter()
            .filter_map(|f| match &f.binding {
                Binding::Query(key) => Some(key.clone()),
                _ => None,
            })
            .collect();
        let mut code = Vec::new();
        for f in fields {
            let m = &f.member;
            let field = f.ident();
            let optional = f.optional;
            let access = |body| when_set(&quote!(input), &field, optional, quote!(values), body);
            match &f.binding {
                Binding::Query(_) => {
                    let Some(ParamBinding {
                        key, list, scalar, ..
                    }) = self.param_binding(owner, f, true)
                    else {
                        continue;
                    };
                    let write = self.write_scalar(scalar, &m.name);
                    code.push(access(if list {
                        quote! {
                            for value in values {
                                crate::http::push_query(&mut query, #key, #write);
                            }
                        }
                    } else {
                        quote! {
                            let value = values;
                            crate::http::push_query(&mut query, #key, #write);
                        }
                    }));
                }
                Binding::QueryParams => {
                    let Some(map) = self.map_binding(owner, f, true) else {
                        continue;
                    };
                    let skip_named = (!named.is_empty()).then(|| {
                        quote!(if matches!(key, #(#named)|*) {
                            continue;
                        })
                    });
                    let unwrap = map
                        .sparse
                        .then(|| quote!(let #SOME(value) = value else { continue; };));
                    let push = if map.list {
                        quote! {
                            for item in value {
                                crate::http::push_query(&mut query, key, item.as_str());
                            }
                        }
                    } else {
                        quote!(crate::http::push_query(&mut query, key, value.as_str());)
                    };
                    // Sorted, so that the same input always gives the same URI.
                    code.push(access(quote! {
                        let mut entries: #VEC<_> = values.iter().map(|(key, value)| (key.as_str(), value)).collect();
                        entries.sort_unstable_by_key(|entry| entry.0);
                        for (key, value) in entries {
                            #skip_named
                            #unwrap
                            #push
                        }
                    }));
                }
                _ => {}
            }
        }
        code
    }

    fn parse_response(
        &mut self,
        op: &ShapeId,
        output: Option<&IoShape>,
        error: &proc_macro2::Ident,
    ) -> TokenStream {
        // The header members of the errors, read after the body.
        let errors = self.closure.operations.get(op).cloned().unwrap_or_default();
        let mut error_headers = Vec::new();
        for e in &errors {
            let fields = self.plan.fields(e).to_vec();
            let site = Site::new(quote!(e), quote!(response));
            let fill = self.read_headers(e, &fields, &site, Side::Client, None);
            if !fill.is_empty() {
                let v = ident(self.names.operation_error_variant(op, e));
                error_headers.push(quote!(crate::error::#error::#v(e) => { #(#fill)* }));
            }
        }
        let read_error_headers = (!error_headers.is_empty()).then(|| {
            quote! {
                #[allow(clippy::single_match)]
                match &mut error {
                    #(#error_headers)*
                    _ => {}
                }
            }
        });
        let error_mut = read_error_headers.is_some().then(|| quote!(mut));
        let out_ty = output.map_or(quote!(()), |o| o.ty.clone());
        let mut fill = Vec::new();
        let parse_body = match output {
            Some(IoShape { id, ty, fields }) => {
                let site = Site::new(quote!(output), quote!(response));
                fill = self.read_headers(id, fields, &site, Side::Client, None);
                for f in fields {
                    if f.binding == Binding::ResponseCode {
                        let field = f.ident();
                        let value = if f.optional {
                            quote!(#SOME(status.into()))
                        } else {
                            quote!(status.into())
                        };
                        fill.push(quote!(output.#field = #value;));
                    }
                }
                match fields.iter().find(|f| f.binding == Binding::Payload) {
                    Some(p) => self.read_payload(
                        p,
                        &quote!(output),
                        ty,
                        &quote!(|e| crate::http::ResponseError::Malformed(
                            crate::http::malformed(#NONE, e)
                        )),
                        &quote!(crate::http::ResponseError::Malformed),
                        Side::Client,
                    ),
                    None => {
                        let m = (!fill.is_empty()).then(|| quote!(mut));
                        let as_body = binds_outside_body(fields)
                            .then(|| quote!(::<crate::support::wire::Body<#ty>>));
                        let read = quote!(crate::http::parse_json #as_body(body, crate::http::Mode::Lenient).map_err(crate::http::ResponseError::Malformed)?);
                        let read = if as_body.is_some() {
                            quote!(#read.0)
                        } else {
                            read
                        };
                        quote! {
                            let #m output: #ty = #read;
                        }
                    }
                }
            }
            None => quote!(let output = ();),
        };
        quote! {
            /// Client side: the output of a successful (2xx) response, or the service's error.
            #[allow(clippy::field_reassign_with_default, reason = "members are filled from each part of the response in turn")]
            pub fn parse_response<B: #AS_REF<[u8]>>(
                response: &::http::Response<B>,
            ) -> #RESULT<#out_ty, crate::http::ResponseError<crate::error::#error>> {
                let body = response.body().as_ref();
                let status = response.status().as_u16();
                if !response.status().is_success() {
                    let code = crate::http::error_code(response.headers(), body).unwrap_or_default();
                    let #error_mut error = crate::error::#error::from_response(&code, status, body)
                        .map_err(|e| crate::http::ResponseError::Malformed(crate::http::malformed(#NONE, e)))?;
                    #read_error_headers
                    return #ERR(crate::http::ResponseError::Service(error));
                }
                #parse_body
                #(#fill)*
                #OK(output)
            }
        }
    }

    fn parse_request(
        &mut self,
        input: Option<&IoShape>,
        output: Option<&IoShape>,
        http: &HttpTrait,
        segments: &[String],
    ) -> TokenStream {
        let method = &http.method;
        // Content negotiation, before anything is read: the response's media type must be one
        // the request accepts (406), and the body's the operation's (415).
        // A blob payload without `@mediaType` is any media type: servers take whatever
        // Content-Type and Accept come with it. An input without members takes the `{}` that
        // JSON clients may send.
        let any_media = |io: &IoShape| {
            io.fields
                .iter()
                .find(|f| f.binding == Binding::Payload)
                .is_some_and(|p| {
                    matches!(self.payload_kind(p), PayloadKind::Bytes)
                        && self.media_type(p.target()).is_none()
                })
        };
        let accept = output
            .filter(|o| !any_media(o))
            .and_then(|o| self.body_media_type(&o.fields))
            .map(|produced| quote!(crate::http::check_accept(request.headers(), #produced)?;));
        let content_type = match input {
            Some(i) if any_media(i) || i.fields.is_empty() => None,
            Some(i) => Some(match self.body_media_type(&i.fields) {
                Some(expected) => quote!(#SOME(#expected)),
                None => quote!(#NONE),
            }),
            None => Some(quote!(#NONE)),
        }
        .map(|expected| {
            quote!(crate::http::check_content_type(request.headers(), request.body().as_ref(), #expected)?;)
        });
        let negotiate = quote! {
            #accept
            #content_type
        };
        let in_ty = input.map_or(quote!(()), |i| i.ty.clone());
        let labels: Vec<&str> = segments
            .iter()
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(|l| l.trim_end_matches('+'))
            .collect();
        // The destructuring tells `match_labels` how many labels there are; nothing else does
        // when there are none.
        let count = labels.is_empty().then(|| quote!(::<0>));
        let all = Literal::usize_unsuffixed(labels.len());
        let serialization = quote!(crate::http::RequestRejection::Serialization);
        let Some(IoShape { id, ty, fields }) = input else {
            return quote! {
                /// Server side: checks that a request is for this operation, which has no input
                /// (so the request has no body to type), and that it accepts the response.
                pub fn parse_request<B: #AS_REF<[u8]>>(
                    request: &::http::Request<B>,
                ) -> #RESULT<(), crate::http::RequestRejection> {
                    if request.method().as_str() != #method {
                        return #ERR(crate::http::RequestRejection::NotFound);
                    }
                    match crate::http::match_labels::<#all>(request.uri().path(), Self::SEGMENTS) {
                        #NONE => return #ERR(crate::http::RequestRejection::NotFound),
                        #SOME(labels) => labels.map_err(#serialization)?,
                    };
                    #negotiate
                    #OK(())
                }
            };
        };

        let mut fill = Vec::new();
        // Each label's `String`, moved into a string member, read for others; `_` if unread.
        let mut bindings = vec![quote!(_); labels.len()];
        for (index, label) in labels.iter().enumerate() {
            let Some(f) = fields.iter().find(|f| f.name() == *label) else {
                continue;
            };
            let m = &f.member;
            let Some(scalar) = self.scalar(
                &m.target,
                m.traits.timestamp_format,
                TimestampFormat::DateTime,
            ) else {
                continue;
            };
            let field = f.ident();
            let binding = ident(&format!("label_{index}"));
            bindings[index] = quote!(#binding);
            let wrap = |read: TokenStream| {
                if f.optional {
                    quote!(#SOME(#read))
                } else {
                    read
                }
            };
            if matches!(scalar, Scalar::Str) {
                let value = wrap(quote!(#binding));
                fill.push(quote!(input.#field = #value;));
                continue;
            }
            let ty = self.rust_type(&m.target);
            let err = Side::Server.member_error(&m.name);
            let value = wrap(self.read_scalar(scalar, &ty, &err, Side::Server));
            fill.push(quote! {
                {
                    let text = #binding.as_str();
                    input.#field = #value;
                }
            });
        }
        let labels_binding = (!labels.is_empty()).then(|| quote!(let [#(#bindings),*] =));
        // Required members the request left out are zero values after parsing: found here.
        let mut tracked = false;
        let site = Site::new(quote!(input), quote!(request));
        fill.extend(self.read_headers(id, fields, &site, Side::Server, Some(&mut tracked)));
        let query = self.read_query(id, fields, &mut tracked);
        let defaults = super::server_defaults(self, id, fields);
        let payload = fields.iter().find(|f| f.binding == Binding::Payload);
        // The body's reader finds the required members it leaves out, at any depth.
        let json_body = payload.is_none_or(|p| matches!(self.payload_kind(p), PayloadKind::Json));
        let body = match payload {
            Some(p) => self.read_payload(
                p,
                &quote!(input),
                ty,
                &quote!(|e| #serialization(e.to_string())),
                &quote!(|e| #serialization(e.message)),
                Side::Server,
            ),
            None => {
                let m = (!fill.is_empty() || !query.is_empty() || !defaults.is_empty())
                    .then(|| quote!(mut));
                let read = if binds_outside_body(fields) {
                    quote!(crate::http::parse_request_json::<crate::support::wire::Body<#ty>>(body, "", &mut missing)?.0)
                } else {
                    quote!(crate::http::parse_request_json(body, "", &mut missing)?)
                };
                quote! {
                    let #m input: #ty = #read;
                }
            }
        };
        let missing_decl = if tracked || json_body {
            quote!(let mut missing = #VEC::new();)
        } else {
            quote!(let missing = #VEC::new();)
        };
        quote! {
            /// Server side: the input of a request, read strictly and checked against every
            /// constraint. A request for another operation is `NotFound`; a malformed or invalid
            /// one renders, through [`crate::http::RequestRejection::to_response`], as the 400
            /// smithy servers send (415 or 406 for a body or `Accept` of another media type).
            #[allow(clippy::field_reassign_with_default, reason = "members are filled from each part of the request in turn")]
            pub fn parse_request<B: #AS_REF<[u8]>>(
                request: &::http::Request<B>,
            ) -> #RESULT<#in_ty, crate::http::RequestRejection> {
                if request.method().as_str() != #method {
                    return #ERR(crate::http::RequestRejection::NotFound);
                }
                #labels_binding match crate::http::match_labels #count (request.uri().path(), Self::SEGMENTS) {
                    #NONE => return #ERR(crate::http::RequestRejection::NotFound),
                    #SOME(labels) => labels.map_err(#serialization)?,
                };
                #negotiate
                let body = request.body().as_ref();
                #missing_decl
                #body
                #(#fill)*
                #query
                #(#defaults)*
                crate::http::check_input(&input, missing)?;
                #OK(input)
            }
        }
    }

    /// A loop reading the query string into `input`: named parameters, and every parameter
    /// into the `httpQueryParams` map (servers put them all there, named or not).
    /// Sets `tracked` when a required parameter is checked into `missing`.
    fn read_query(&mut self, owner: &ShapeId, fields: &[Field], tracked: &mut bool) -> TokenStream {
        let mut arms = Vec::new();
        let mut into_map = Vec::new();
        let mut after = Vec::new();
        for f in fields {
            let m = &f.member;
            let field = f.ident();
            let optional = f.optional;
            match &f.binding {
                Binding::Query(_) => {
                    let Some(ParamBinding {
                        key,
                        item_target,
                        list,
                        scalar,
                        ..
                    }) = self.param_binding(owner, f, false)
                    else {
                        continue;
                    };
                    let ty = self.rust_type(&item_target);
                    let read = self.read_scalar(
                        scalar,
                        &ty,
                        &Side::Server.member_error(&m.name),
                        Side::Server,
                    );
                    let store = store(&quote!(input), &field, &read, list, optional);
                    if !optional && f.must_be_sent {
                        // Tracked by a flag of its own: absent after the loop means missing (a
                        // list as much as a single value: none of its items was sent).
                        let seen = ident(&format!("seen_{}", arms.len()));
                        let path = format!("/{}", m.name);
                        after.push((
                            quote!(let mut #seen = false;),
                            quote!(if !#seen { missing.push(#path.to_owned()); }),
                        ));
                        arms.push(quote!(#key => { #store #seen = true; }));
                    } else {
                        arms.push(quote!(#key => { #store }));
                    }
                }
                Binding::QueryParams => {
                    let Some(MapBinding {
                        key,
                        value,
                        list,
                        sparse,
                    }) = self.map_binding(owner, f, false)
                    else {
                        continue;
                    };
                    let key_ty = self.rust_type(&key);
                    let value_ty = self.rust_type(&value);
                    let map = if optional {
                        quote!(input.#field.get_or_insert_with(::std::collections::HashMap::new))
                    } else {
                        quote!(input.#field)
                    };
                    let entry = quote!(#map.entry(<#key_ty>::from(key.as_str())));
                    let value = quote!(<#value_ty>::from(text.as_str()));
                    into_map.push(match (list, sparse) {
                        (true, false) => quote!(#entry.or_default().push(#value);),
                        (true, true) => quote! {
                            #entry.or_default().get_or_insert_with(#VEC::new).push(#value);
                        },
                        // A parameter sent more than once keeps its first value.
                        (false, false) => quote!(#entry.or_insert_with(|| #value);),
                        (false, true) => {
                            quote!(#entry.or_insert_with(|| #SOME(#value));)
                        }
                    });
                }
                _ => {}
            }
        }
        if arms.is_empty() && into_map.is_empty() {
            return TokenStream::new();
        }
        let named = (!arms.is_empty()).then(|| {
            quote! {
                let text = text.as_str();
                #[allow(clippy::single_match)]
                match key.as_str() {
                    #(#arms)*
                    _ => {}
                }
            }
        });
        *tracked |= !after.is_empty();
        let (decls, checks): (Vec<_>, Vec<_>) = after.into_iter().unzip();
        quote! {
            #(#decls)*
            for (key, text) in crate::http::query_pairs(request.uri().query()).map_err(crate::http::RequestRejection::Serialization)? {
                #(#into_map)*
                #named
            }
            #(#checks)*
        }
    }

    fn output_response(&mut self, output: Option<&IoShape>, code: u16) -> TokenStream {
        let code = Literal::u16_unsuffixed(code);
        let mut statements = Vec::new();
        let param = output.map(|IoShape { id, ty, fields }| {
            let site = Site::new(quote!(output), quote!(response));
            for f in fields {
            let m = &f.member;
                if f.binding != Binding::ResponseCode {
                    continue;
                }
                let field = f.ident();
                let mname = &m.name;
                let set = quote! {
                    *response.status_mut() = u16::try_from(*value)
                        .ok()
                        .and_then(|code| ::http::StatusCode::from_u16(code).ok())
                        .ok_or_else(|| crate::http::RequestError::Body(::std::format!("{}: {value} is not an HTTP status code", #mname)))?;
                };
                statements.push(when_set(
                    &quote!(output),
                    &field,
                    f.optional,
                    quote!(value),
                    set,
                ));
            }
            statements.extend(self.write_headers(id, fields, &site, true));
            statements.push(self.write_body(fields, &site, false));
            if statements.iter().all(TokenStream::is_empty) {
                quote!(_output: &#ty)
            } else {
                quote!(output: &#ty)
            }
        });
        quote! {
            /// Server side: the response for an output, with its status, headers and body.
            pub fn output_response(#param) -> #RESULT<::http::Response<#VEC<u8>>, crate::http::RequestError> {
                let mut response = ::http::Response::new(#VEC::new());
                *response.status_mut() = ::http::StatusCode::from_u16(#code).map_err(|e| crate::http::RequestError::Body(e.to_string()))?;
                #(#statements)*
                #OK(response)
            }
        }
    }

    fn error_response(&mut self, op: &ShapeId, error: &proc_macro2::Ident) -> TokenStream {
        let errors = self.closure.operations.get(op).cloned().unwrap_or_default();
        let arms: Vec<TokenStream> = errors
            .iter()
            .map(|e| {
                let v = ident(self.names.operation_error_variant(op, e));
                let fields = self.plan.fields(e).to_vec();
                let site = Site::new(quote!(e), quote!(response));
                let headers = self.write_headers_or(e, &fields, &site, false, true);
                let body = if binds_outside_body(&fields) {
                    quote!(&crate::support::wire::Body(e))
                } else {
                    quote!(e)
                };
                if headers.is_empty() {
                    quote!(crate::error::#error::#v(e) => crate::http::json_response(e.http_status(), e.code(), #body),)
                } else {
                    quote! {
                        crate::error::#error::#v(e) => {
                            let mut response = crate::http::json_response(e.http_status(), e.code(), #body);
                            #(#headers)*
                            response
                        }
                    }
                }
            })
            .collect();
        quote! {
            /// Server side: the response for an error, with its status, `X-Amzn-Errortype` and
            /// header members (a value HTTP cannot carry is left out).
            pub fn error_response(error: &crate::error::#error) -> ::http::Response<#VEC<u8>> {
                use crate::error::ServiceError as _;
                match error {
                    #(#arms)*
                    crate::error::#error::Unknown(e) => crate::http::json_response(
                        e.http_status(),
                        e.code(),
                        &::serde_json::json!({ "message": e.message() }),
                    ),
                }
            }
        }
    }
}

/// How an `httpPayload` member is written in the body.
#[derive(Clone, Copy)]
enum PayloadKind {
    /// A blob, as it is.
    Bytes,
    /// A string, as UTF-8 text.
    Text,
    /// An enum, its value as UTF-8 text.
    EnumText,
    /// A structure, union or document, as JSON.
    Json,
}

/// Runs `body` with `name` bound to `&var.field`, only when it is set if the member is optional.
fn when_set(
    var: &TokenStream,
    field: &proc_macro2::Ident,
    optional: bool,
    name: TokenStream,
    body: TokenStream,
) -> TokenStream {
    if optional {
        quote!(if let #SOME(#name) = &#var.#field { #body })
    } else {
        quote!({ let #name = &#var.#field; #body })
    }
}

/// A statement storing `read` (one value, or one list item when `list`) in `var.field`.
fn store(
    var: &TokenStream,
    field: &proc_macro2::Ident,
    read: &TokenStream,
    list: bool,
    optional: bool,
) -> TokenStream {
    match (list, optional) {
        (true, true) => {
            quote!(#var.#field.get_or_insert_with(#VEC::new).push(#read);)
        }
        (true, false) => quote!(#var.#field.push(#read);),
        (false, true) => quote!(#var.#field = #SOME(#read);),
        (false, false) => quote!(#var.#field = #read;),
    }
}

/// A header name `http` accepts as a static name: a lowercase RFC 9110 token.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$%&'*+-.^_`|~".contains(&b)
        })
}

fn method_tokens(method: &str) -> TokenStream {
    match method {
        "GET" => quote!(::http::Method::GET),
        "PUT" => quote!(::http::Method::PUT),
        "POST" => quote!(::http::Method::POST),
        "DELETE" => quote!(::http::Method::DELETE),
        "PATCH" => quote!(::http::Method::PATCH),
        "HEAD" => quote!(::http::Method::HEAD),
        "OPTIONS" => quote!(::http::Method::OPTIONS),
        other => {
            quote!(::http::Method::from_bytes(#other.as_bytes()).map_err(|e| crate::http::RequestError::Body(e.to_string()))?)
        }
    }
}
