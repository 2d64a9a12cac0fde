//! restJson1 HTTP bindings: per operation, sans-IO request building and response parsing for
//! clients, and request parsing and response building for servers.
//!
//! Members bound to the URI, query or headers are skipped by the structures' serde impls (see
//! `structure.rs`), so a structure's JSON is exactly its HTTP body.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::{HttpTrait, Member, Model, ShapeId, ShapeKind, Simple, TimestampFormat};
use crate::naming::{ident, type_ident};

/// Where a member of an input, output or error travels.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    Label,
    Query(String),
    QueryParams,
    Header(String),
    PrefixHeaders(String),
    Payload,
    ResponseCode,
    Body,
}

pub fn binding(m: &Member) -> Binding {
    let t = &m.traits;
    if t.http_label {
        Binding::Label
    } else if let Some(q) = &t.http_query {
        Binding::Query(q.clone())
    } else if t.http_query_params {
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

/// Whether the service speaks restJson1, the protocol these bindings implement.
pub fn is_rest_json(model: &Model, service: Option<&ShapeId>) -> bool {
    service
        .and_then(|s| model.get(s))
        .is_some_and(|s| s.traits.raw.contains_key("aws.protocols#restJson1"))
}

/// A member bound to a query parameter or a header.
struct ParamBinding {
    /// The parameter name, or the header name in lowercase.
    key: String,
    is_query: bool,
    /// The member's target, or its list's item target.
    item_target: ShapeId,
    list: bool,
    scalar: Scalar,
}

/// How a scalar is written in a URI, query or header, and read back.
#[derive(Clone, Copy)]
enum Scalar {
    Str,
    Enum,
    IntEnum,
    Number,
    Bool,
    Timestamp(TimestampFormat),
}

impl Ctx<'_> {
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
            ShapeKind::Simple(
                Simple::Byte
                | Simple::Short
                | Simple::Integer
                | Simple::Long
                | Simple::Float
                | Simple::Double
                | Simple::BigInteger
                | Simple::BigDecimal,
            ) => Scalar::Number,
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
            Scalar::Str | Scalar::Enum => quote!(value.as_str()),
            Scalar::IntEnum => quote!(value.value().to_string()),
            Scalar::Number | Scalar::Bool => quote!(value.to_string()),
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

    /// An expression parsing `text: &str` into the scalar, with `?` mapping errors via `err`.
    fn read_scalar(&self, scalar: Scalar, ty: &TokenStream, err: &TokenStream) -> TokenStream {
        match scalar {
            Scalar::Str => quote!(::std::string::String::from(text)),
            Scalar::Enum => quote!(#ty::from(text)),
            Scalar::IntEnum => {
                quote!(#ty::from(text.trim().parse::<i32>().map_err(|e| #err(e.to_string()))?))
            }
            Scalar::Number => quote!(text.trim().parse::<#ty>().map_err(|e| #err(e.to_string()))?),
            Scalar::Bool => quote!(match text.trim() {
                "true" => true,
                "false" => false,
                other => return ::std::result::Result::Err(#err(::std::format!("expected true or false, found {other:?}"))),
            }),
            Scalar::Timestamp(f) => {
                let call = match f {
                    TimestampFormat::EpochSeconds => quote!(crate::timestamp::parse_epoch_seconds),
                    TimestampFormat::DateTime => quote!(crate::timestamp::parse_date_time),
                    TimestampFormat::HttpDate => quote!(crate::timestamp::parse_http_date),
                };
                quote!(#call(text.trim()).map_err(|e| #err(e.to_string()))?)
            }
        }
    }

    /// How a query or header member is bound, shared by the client and server sides; `None`
    /// (with a warning when `warn`) for members that cannot be bound.
    fn param_binding(&mut self, owner: &ShapeId, m: &Member, warn: bool) -> Option<ParamBinding> {
        let (key, is_query) = match binding(m) {
            Binding::Query(key) => (key, true),
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
        let Some(scalar) = self.scalar(&item_target, m.traits.timestamp_format, default) else {
            if warn {
                self.warn_unsupported(owner, m, "a query or header value of this type");
            }
            return None;
        };
        Some(ParamBinding {
            key,
            is_query,
            item_target,
            list,
            scalar,
        })
    }

    /// Reads an `httpPayload` member from `body` into `#var`, which starts as the structure's
    /// default. `utf8_err` and `json_err` map the errors of text and JSON payloads.
    fn read_payload(
        &self,
        owner: &ShapeId,
        p: &Member,
        var: &TokenStream,
        ty: &TokenStream,
        utf8_err: &TokenStream,
        json_err: &TokenStream,
    ) -> TokenStream {
        let field = ident(self.names.member_name(owner, &p.name));
        let value = match &self.model.expect(&p.target).kind {
            ShapeKind::Simple(Simple::Blob) => quote!(body.to_vec()),
            ShapeKind::Simple(Simple::String) => {
                quote!(::std::string::String::from_utf8(body.to_vec()).map_err(#utf8_err)?)
            }
            _ => quote!(crate::http::parse_json(body).map_err(#json_err)?),
        };
        let assign = if self.is_optional(p) {
            quote!(if !body.is_empty() { #var.#field = ::std::option::Option::Some(#value); })
        } else {
            quote!(#var.#field = #value;)
        };
        quote! {
            let mut #var = <#ty as ::std::default::Default>::default();
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

    /// `src/operation.rs`: one struct per operation with its HTTP bindings.
    pub fn operations_rs(&mut self) -> Option<TokenStream> {
        if !is_rest_json(self.model, self.closure.service.as_ref()) {
            return None;
        }
        let ops: Vec<ShapeId> = self.closure.operations.keys().cloned().collect();
        let items: Vec<TokenStream> = ops.iter().filter_map(|op| self.operation(op)).collect();
        Some(quote! {
            //! The operations of the service over restJson1, without I/O: clients build requests
            //! and read responses, servers read requests and build responses.
            #(#items)*
        })
    }

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
        let in_ty = if Model::is_unit(input) {
            None
        } else {
            Some(self.type_path(input))
        };
        let out_ty = if Model::is_unit(output) {
            None
        } else {
            Some(self.type_path(output))
        };
        let method = &http.method;
        let uri_pattern = &http.uri;
        let code = Literal::u16_unsuffixed(http.code);
        let op_name = op.name();
        let docs = self.docs(shape.traits.documentation.as_deref());
        let (path, literal_query) = http.uri.split_once('?').unwrap_or((&http.uri, ""));
        let segments: Vec<String> = path
            .trim_start_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();

        let input_members: Vec<Member> = if Model::is_unit(input) {
            vec![]
        } else {
            self.model.expect(input).members().to_vec()
        };
        let output_members: Vec<Member> = if Model::is_unit(output) {
            vec![]
        } else {
            self.model.expect(output).members().to_vec()
        };

        let build_request = self.build_request(
            op,
            in_ty.as_ref(),
            input,
            &input_members,
            &http,
            &segments,
            literal_query,
        );
        let out_id = (!Model::is_unit(output)).then(|| output.clone());
        let parse_response =
            self.parse_response(out_ty.as_ref(), out_id.as_ref(), &output_members, &error);
        let parse_request =
            self.parse_request(op, in_ty.as_ref(), input, &input_members, &http, &segments);
        let output_response = self.output_response(out_ty.as_ref(), &output_members, http.code);
        let error_response = self.error_response(op, &error);
        let seg_strs = segments.iter().map(String::as_str);
        Some(quote! {
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::default::Default)]
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

    #[allow(clippy::too_many_arguments)]
    fn build_request(
        &mut self,
        _op: &ShapeId,
        in_ty: Option<&TokenStream>,
        input_id: &ShapeId,
        members: &[Member],
        http: &HttpTrait,
        segments: &[String],
        literal_query: &str,
    ) -> TokenStream {
        let method = method_tokens(&http.method);
        // Whether any binding reads the input (an empty input structure reads nothing).
        let mut uses_input = false;
        let mut uri_code = Vec::new();
        for seg in segments {
            uri_code.push(quote!(uri.push('/');));
            if let Some(label) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let greedy = label.ends_with('+');
                let label = label.trim_end_matches('+');
                let Some(m) = members.iter().find(|m| m.name == label) else {
                    self.diagnostics.push(Diagnostic::warning(
                        input_id.to_string(),
                        format!("URI label {label} has no member"),
                    ));
                    continue;
                };
                let field = ident(self.names.member_name(input_id, &m.name));
                let Some(scalar) = self.scalar(
                    &m.target,
                    m.traits.timestamp_format,
                    TimestampFormat::DateTime,
                ) else {
                    self.warn_unsupported(input_id, m, "a label of this type");
                    continue;
                };
                let write = self.write_scalar(scalar, &m.name);
                uses_input = true;
                let mname = &m.name;
                let access = if self.is_optional(m) {
                    quote! {
                        let ::std::option::Option::Some(value) = &input.#field else {
                            return ::std::result::Result::Err(crate::http::RequestError::EmptyLabel { member: #mname });
                        };
                    }
                } else {
                    quote!(let value = &input.#field;)
                };
                uri_code.push(quote! {
                    {
                        #access
                        let text = #write;
                        if text.is_empty() {
                            return ::std::result::Result::Err(crate::http::RequestError::EmptyLabel { member: #mname });
                        }
                        crate::http::push_label(&mut uri, text, #greedy);
                    }
                });
            } else {
                uri_code.push(quote!(uri.push_str(#seg);));
            }
        }
        if segments.is_empty() {
            uri_code.push(quote!(uri.push('/');));
        }
        let mut query_code = Vec::new();
        for pair in literal_query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            query_code.push(quote!(crate::http::push_query(&mut query, #k, #v);));
        }
        let mut header_code = Vec::new();
        let mut payload = None;
        let mut has_body = false;
        for m in members {
            let field = ident(self.names.member_name(input_id, &m.name));
            let optional = self.is_optional(m);
            let mname = m.name.clone();
            match binding(m) {
                Binding::Label | Binding::ResponseCode => {}
                Binding::Body => has_body = true,
                Binding::Payload => payload = Some(m.clone()),
                Binding::Query(_) | Binding::Header(_) => {
                    let Some(ParamBinding {
                        key,
                        is_query,
                        list,
                        scalar,
                        ..
                    }) = self.param_binding(input_id, m, true)
                    else {
                        continue;
                    };
                    let write = self.write_scalar(scalar, &m.name);
                    uses_input = true;
                    let emit_one = if is_query {
                        quote!(crate::http::push_query(&mut query, #key, text);)
                    } else {
                        quote! {
                            let header = ::http::HeaderValue::try_from(text)
                                .map_err(|_| crate::http::RequestError::InvalidHeader { member: #mname })?;
                            request.headers_mut().append(#key, header);
                        }
                    };
                    let body = if list && is_query {
                        quote! {
                            for value in values {
                                let text = #write;
                                #emit_one
                            }
                        }
                    } else if list {
                        quote! {
                            let mut parts = ::std::vec::Vec::new();
                            for value in values {
                                let text = #write;
                                parts.push(::std::string::String::from(text));
                            }
                            if !parts.is_empty() {
                                let text = parts.join(", ");
                                #emit_one
                            }
                        }
                    } else {
                        quote! {
                            let value = values;
                            let text = #write;
                            #emit_one
                        }
                    };
                    let access = if optional {
                        quote!(if let ::std::option::Option::Some(values) = &input.#field { #body })
                    } else {
                        quote!({ let values = &input.#field; #body })
                    };
                    if is_query {
                        query_code.push(access);
                    } else {
                        header_code.push(access);
                    }
                }
                Binding::QueryParams | Binding::PrefixHeaders(_) => {
                    self.warn_unsupported(input_id, m, "httpQueryParams/httpPrefixHeaders");
                }
            }
        }
        let body_code = if let Some(p) = &payload {
            let field = ident(self.names.member_name(input_id, &p.name));
            let target = self.model.expect(&p.target);
            let (bytes, content_type) = match &target.kind {
                ShapeKind::Simple(Simple::Blob) => {
                    (quote!(value.clone()), "application/octet-stream")
                }
                ShapeKind::Simple(Simple::String) => {
                    (quote!(value.as_bytes().to_vec()), "text/plain")
                }
                _ => (
                    quote!(
                        ::serde_json::to_vec(value)
                            .map_err(|e| crate::http::RequestError::Body(e.to_string()))?
                    ),
                    "application/json",
                ),
            };
            if self.is_optional(p) {
                quote! {
                    if let ::std::option::Option::Some(value) = &input.#field {
                        *request.body_mut() = #bytes;
                        request.headers_mut().insert(::http::header::CONTENT_TYPE, ::http::HeaderValue::from_static(#content_type));
                    }
                }
            } else {
                quote! {
                    let value = &input.#field;
                    *request.body_mut() = #bytes;
                    request.headers_mut().insert(::http::header::CONTENT_TYPE, ::http::HeaderValue::from_static(#content_type));
                }
            }
        } else if has_body {
            quote! {
                *request.body_mut() = ::serde_json::to_vec(input).map_err(|e| crate::http::RequestError::Body(e.to_string()))?;
                request.headers_mut().insert(::http::header::CONTENT_TYPE, ::http::HeaderValue::from_static("application/json"));
            }
        } else {
            quote!()
        };
        uses_input |= !body_code.is_empty();
        let param = in_ty.map(|t| {
            if uses_input {
                quote!(input: &#t)
            } else {
                quote!(_input: &#t)
            }
        });
        let uses_query = !query_code.is_empty();
        let query_decl = uses_query.then(|| quote!(let mut query = ::std::string::String::new();));
        let query_push = uses_query.then(|| quote!(uri.push_str(&query);));
        let mutable = if header_code.is_empty() && body_code.is_empty() {
            quote!()
        } else {
            quote!(mut)
        };
        quote! {
            /// Client side: the HTTP request for an input. The URI holds the path and query only;
            /// join it to the endpoint. Constraints are not checked here: call `validate()` if
            /// you want them (services relax constraints over time).
            pub fn build_request(#param) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::http::RequestError> {
                let mut uri = ::std::string::String::with_capacity(64);
                #(#uri_code)*
                #query_decl
                #(#query_code)*
                #query_push
                let mut request = ::http::Request::new(::std::vec::Vec::new());
                *request.method_mut() = #method;
                *request.uri_mut() = ::http::Uri::try_from(uri).map_err(|e| crate::http::RequestError::Body(e.to_string()))?;
                let #mutable request = request;
                #(#header_code)*
                #body_code
                ::std::result::Result::Ok(request)
            }
        }
    }

    fn parse_response(
        &mut self,
        out_ty: Option<&TokenStream>,
        out_id: Option<&ShapeId>,
        members: &[Member],
        error: &proc_macro2::Ident,
    ) -> TokenStream {
        let out_ty_or_unit = out_ty.cloned().unwrap_or(quote!(()));
        let mut fill = Vec::new();
        let mut payload = None;
        if let Some(out_id) = out_id {
            for m in members {
                let field = ident(self.names.member_name(out_id, &m.name));
                let mname = m.name.clone();
                let err = quote!(err);
                match binding(m) {
                    Binding::Header(key) => {
                        let Some(scalar) = self.scalar(
                            &m.target,
                            m.traits.timestamp_format,
                            TimestampFormat::HttpDate,
                        ) else {
                            self.warn_unsupported(out_id, m, "a header of this type");
                            continue;
                        };
                        let ty = self.rust_type(&m.target);
                        let read = self.read_scalar(scalar, &ty, &err);
                        let assign = if self.is_optional(m) {
                            quote!(::std::option::Option::Some(#read))
                        } else {
                            read
                        };
                        fill.push(quote! {
                            if let ::std::option::Option::Some(header) = response.headers().get(#key) {
                                let err = |message: ::std::string::String| {
                                    crate::http::ResponseError::Malformed(crate::http::MalformedResponse {
                                        member: ::std::option::Option::Some(#mname),
                                        message,
                                    })
                                };
                                let text = header.to_str().map_err(|e| err(e.to_string()))?;
                                output.#field = #assign;
                            }
                        });
                    }
                    Binding::ResponseCode => {
                        let assign = if self.is_optional(m) {
                            quote!(::std::option::Option::Some(status.into()))
                        } else {
                            quote!(status.into())
                        };
                        fill.push(quote!(output.#field = #assign;));
                    }
                    Binding::Payload => payload = Some(m.clone()),
                    Binding::PrefixHeaders(_) => {
                        self.warn_unsupported(out_id, m, "httpPrefixHeaders")
                    }
                    _ => {}
                }
            }
        }
        let parse_body = match (&payload, out_id) {
            (Some(p), Some(out_id)) => self.read_payload(
                out_id,
                p,
                &quote!(output),
                &out_ty_or_unit,
                &quote!(
                    |e| crate::http::ResponseError::Malformed(crate::http::malformed(
                        ::std::option::Option::None,
                        e
                    ))
                ),
                &quote!(crate::http::ResponseError::Malformed),
            ),
            (None, Some(_)) => {
                let m = (!fill.is_empty()).then(|| quote!(mut));
                quote! {
                    let #m output: #out_ty_or_unit = crate::http::parse_json(body).map_err(crate::http::ResponseError::Malformed)?;
                }
            }
            _ => quote!(let output = ();),
        };
        quote! {
            /// Client side: the output of a successful (2xx) response, or the service's error.
            #[allow(clippy::field_reassign_with_default, reason = "members are filled from each part of the response in turn")]
            pub fn parse_response<B: ::std::convert::AsRef<[u8]>>(
                response: &::http::Response<B>,
            ) -> ::std::result::Result<#out_ty_or_unit, crate::http::ResponseError<crate::error::#error>> {
                let body = response.body().as_ref();
                let status = response.status().as_u16();
                if !response.status().is_success() {
                    let code = crate::http::error_code(response.headers(), body).unwrap_or_default();
                    let error = crate::error::#error::from_response(&code, status, body)
                        .map_err(|e| crate::http::ResponseError::Malformed(crate::http::malformed(::std::option::Option::None, e)))?;
                    return ::std::result::Result::Err(crate::http::ResponseError::Service(error));
                }
                let _ = status;
                #parse_body
                #(#fill)*
                ::std::result::Result::Ok(output)
            }
        }
    }

    fn parse_request(
        &mut self,
        _op: &ShapeId,
        in_ty: Option<&TokenStream>,
        input_id: &ShapeId,
        members: &[Member],
        http: &HttpTrait,
        segments: &[String],
    ) -> TokenStream {
        let method = &http.method;
        let in_ty_or_unit = in_ty.cloned().unwrap_or(quote!(()));
        let err = quote!(crate::http::RequestRejection::Serialization);
        let mut fill = Vec::new();
        let mut label_index = 0usize;
        let mut payload = None;
        let mut query_arms = Vec::new();
        for seg in segments {
            let Some(label) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                continue;
            };
            let label = label.trim_end_matches('+');
            let idx = label_index;
            label_index += 1;
            let Some(m) = members.iter().find(|m| m.name == label) else {
                continue;
            };
            let Some(scalar) = self.scalar(
                &m.target,
                m.traits.timestamp_format,
                TimestampFormat::DateTime,
            ) else {
                continue;
            };
            let field = ident(self.names.member_name(input_id, &m.name));
            let ty = self.rust_type(&m.target);
            let read = self.read_scalar(scalar, &ty, &err);
            let assign = if self.is_optional(m) {
                quote!(::std::option::Option::Some(#read))
            } else {
                read
            };
            fill.push(quote! {
                {
                    let text = labels[#idx].as_str();
                    input.#field = #assign;
                }
            });
        }
        for m in members {
            let field = ident(self.names.member_name(input_id, &m.name));
            match binding(m) {
                Binding::Query(_) | Binding::Header(_) => {
                    // The client side already warned about members it cannot bind.
                    let Some(ParamBinding {
                        key,
                        is_query,
                        item_target,
                        list,
                        scalar,
                    }) = self.param_binding(input_id, m, false)
                    else {
                        continue;
                    };
                    let ty = self.rust_type(&item_target);
                    let read = self.read_scalar(scalar, &ty, &err);
                    let optional = self.is_optional(m);
                    let store = match (list, optional) {
                        (true, true) => {
                            quote!(input.#field.get_or_insert_with(::std::vec::Vec::new).push(#read);)
                        }
                        (true, false) => quote!(input.#field.push(#read);),
                        (false, true) => quote!(input.#field = ::std::option::Option::Some(#read);),
                        (false, false) => quote!(input.#field = #read;),
                    };
                    if is_query {
                        query_arms.push(quote!(#key => { #store }));
                    } else if list {
                        fill.push(quote! {
                            for header in request.headers().get_all(#key) {
                                let all = header.to_str().map_err(|e| #err(e.to_string()))?;
                                for text in all.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                                    #store
                                }
                            }
                        });
                    } else {
                        fill.push(quote! {
                            if let ::std::option::Option::Some(header) = request.headers().get(#key) {
                                let text = header.to_str().map_err(|e| #err(e.to_string()))?;
                                #store
                            }
                        });
                    }
                }
                Binding::Payload => payload = Some(m.clone()),
                _ => {}
            }
        }
        let body = match (&payload, in_ty) {
            (Some(p), Some(_)) => self.read_payload(
                input_id,
                p,
                &quote!(input),
                &in_ty_or_unit,
                &quote!(|e| #err(e.to_string())),
                &quote!(|e| #err(e.message)),
            ),
            (None, Some(_)) => {
                let m = (!fill.is_empty() || !query_arms.is_empty()).then(|| quote!(mut));
                quote! {
                    let #m input: #in_ty_or_unit = crate::http::parse_json(body).map_err(|e| #err(e.message))?;
                }
            }
            _ => quote!(let input = ();),
        };
        let query = (!query_arms.is_empty()).then(|| {
            quote! {
                for (key, text) in crate::http::query_pairs(request.uri().query()).map_err(#err)? {
                    let text = text.as_str();
                    #[allow(clippy::single_match)]
                    match key.as_str() {
                        #(#query_arms)*
                        _ => {}
                    }
                }
            }
        });
        let validate = in_ty.map(|_| {
            quote!(crate::validation::Validate::validate(&input).map_err(crate::http::RequestRejection::Validation)?;)
        });
        let labels_binding = if label_index > 0 {
            quote!(labels)
        } else {
            quote!(_labels)
        };
        quote! {
            /// Server side: the input of a request, checked against every constraint. A request
            /// for another operation is `NotFound`; a malformed or invalid one renders, through
            /// [`crate::http::RequestRejection::to_response`], as the 400 smithy servers send.
            #[allow(clippy::field_reassign_with_default, reason = "members are filled from each part of the request in turn")]
            pub fn parse_request<B: ::std::convert::AsRef<[u8]>>(
                request: &::http::Request<B>,
            ) -> ::std::result::Result<#in_ty_or_unit, crate::http::RequestRejection> {
                if request.method().as_str() != #method {
                    return ::std::result::Result::Err(crate::http::RequestRejection::NotFound);
                }
                let #labels_binding = match crate::http::match_path(request.uri().path(), Self::SEGMENTS) {
                    ::std::option::Option::None => return ::std::result::Result::Err(crate::http::RequestRejection::NotFound),
                    ::std::option::Option::Some(labels) => labels.map_err(#err)?,
                };
                let body = request.body().as_ref();
                #body
                #(#fill)*
                #query
                #validate
                ::std::result::Result::Ok(input)
            }
        }
    }

    fn output_response(
        &mut self,
        out_ty: Option<&TokenStream>,
        members: &[Member],
        code: u16,
    ) -> TokenStream {
        let code = Literal::u16_unsuffixed(code);
        let has_body = members.iter().any(|m| binding(m) == Binding::Body);
        let (param, body) = match out_ty {
            Some(t) if has_body => (
                quote!(output: &#t),
                quote!(
                    ::serde_json::to_vec(output)
                        .map_err(|e| crate::http::RequestError::Body(e.to_string()))?
                ),
            ),
            Some(t) => (quote!(_output: &#t), quote!(::std::vec::Vec::new())),
            None => (quote!(), quote!(::std::vec::Vec::new())),
        };
        let content_type = has_body.then(|| {
            quote! {
                response.headers_mut().insert(::http::header::CONTENT_TYPE, ::http::HeaderValue::from_static("application/json"));
            }
        });
        let mutable = if has_body { quote!(mut) } else { quote!() };
        quote! {
            /// Server side: the response for an output.
            pub fn output_response(#param) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, crate::http::RequestError> {
                let #mutable response = ::http::Response::builder()
                    .status(#code)
                    .body(#body)
                    .map_err(|e| crate::http::RequestError::Body(e.to_string()))?;
                #content_type
                ::std::result::Result::Ok(response)
            }
        }
    }

    fn error_response(&mut self, op: &ShapeId, error: &proc_macro2::Ident) -> TokenStream {
        let errors = self.closure.operations.get(op).cloned().unwrap_or_default();
        let arms = errors.iter().map(|e| {
            let v = ident(self.names.operation_error_variant(op, e));
            quote!(crate::error::#error::#v(e) => crate::http::json_response(e.http_status(), e.code(), e),)
        });
        quote! {
            /// Server side: the response for an error, with its status and `X-Amzn-Errortype`.
            pub fn error_response(error: &crate::error::#error) -> ::http::Response<::std::vec::Vec<u8>> {
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
