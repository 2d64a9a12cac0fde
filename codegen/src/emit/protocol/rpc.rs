//! The RPC protocols: awsJson1_0, awsJson1_1, rpcv2Json and rpcv2Cbor. Every request is a `POST`
//! to one place per operation (`/` with `X-Amz-Target: Service.Operation`, or
//! `/service/Service/operation/Operation`), the whole input its body; HTTP binding traits mean
//! nothing, and neither does `@jsonName`, so a structure's serde form is its body. What differs
//! between them (headers, media type, body format, how an error names its type, what an
//! operation without input sends) is the business of each one's support module, which the
//! emitted code calls (`runtime/aws_json.rs`, `runtime/rpc_v2_json.rs`,
//! `runtime/rpc_v2_cbor.rs`): each has the same functions, its body codec included
//! (`to_body`, `read_output`, `read_input`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Codec, IoShape, Protocol, input_param};
use crate::emit::Ctx;
use crate::emit::plan::Binding;
use crate::emit::prelude::{
    AS_REF, CLONE, COPY, DEFAULT, DERIVE_DEBUG, ERR, NONE, OK, RESULT, SOME, VEC,
};
use crate::emit::support::{self, SupportModule};
use crate::model::{Member, Model, ShapeId, ShapeKind, TimestampFormat};
use crate::naming::{ident, type_ident};

/// One RPC protocol.
pub struct Rpc {
    trait_id: &'static str,
    module_doc: &'static [&'static str],
    media_type: &'static str,
    /// How a request names its operation.
    route: Route,
    /// Whether servers write an error's `__type` as its absolute shape id rather than its name.
    absolute_error_type: bool,
    /// Whether `@timestampFormat` applies in bodies (rpcv2Json always sends epoch seconds).
    timestamp_formats: bool,
    /// Whether `bigInteger` and `bigDecimal` are JSON strings (rpcv2Json) rather than numbers.
    big_numbers_as_text: bool,
    /// The support module the emitted code calls (`crate::support::{name}`), the last of
    /// `support_modules`.
    support: &'static SupportModule,
    /// The support modules the crate needs: the shared RPC one and the protocol's.
    support_modules: &'static [&'static SupportModule],
    /// The format of its bodies.
    codec: Codec,
}

/// How a request names its operation.
#[derive(Clone, Copy, PartialEq)]
enum Route {
    /// `POST /` with `X-Amz-Target: Service.Operation`.
    Target,
    /// `POST /service/Service/operation/Operation`.
    Path,
}

static AWS_JSON_SUPPORT: &[&SupportModule] = &[&support::RPC, &support::AWS_JSON];
static RPC_V2_JSON_SUPPORT: &[&SupportModule] =
    &[&support::RPC, &support::RPC_V2, &support::RPC_V2_JSON];
static RPC_V2_CBOR_SUPPORT: &[&SupportModule] =
    &[&support::RPC, &support::RPC_V2, &support::RPC_V2_CBOR];

pub static AWS_JSON_1_0: Rpc = Rpc {
    trait_id: "aws.protocols#awsJson1_0",
    module_doc: &[
        " The operations of the service over awsJson1_0, without I/O: clients build requests",
        " and read responses, servers read requests and build responses.",
    ],
    media_type: "application/x-amz-json-1.0",
    route: Route::Target,
    absolute_error_type: true,
    timestamp_formats: true,
    big_numbers_as_text: false,
    support: &support::AWS_JSON,
    support_modules: AWS_JSON_SUPPORT,
    codec: Codec::Json,
};

pub static AWS_JSON_1_1: Rpc = Rpc {
    trait_id: "aws.protocols#awsJson1_1",
    module_doc: &[
        " The operations of the service over awsJson1_1, without I/O: clients build requests",
        " and read responses, servers read requests and build responses.",
    ],
    media_type: "application/x-amz-json-1.1",
    route: Route::Target,
    absolute_error_type: false,
    timestamp_formats: true,
    big_numbers_as_text: false,
    support: &support::AWS_JSON,
    support_modules: AWS_JSON_SUPPORT,
    codec: Codec::Json,
};

pub static RPC_V2_JSON: Rpc = Rpc {
    trait_id: "smithy.protocols#rpcv2Json",
    module_doc: &[
        " The operations of the service over rpcv2Json, without I/O: clients build requests",
        " and read responses, servers read requests and build responses.",
    ],
    media_type: "application/json",
    route: Route::Path,
    absolute_error_type: true,
    timestamp_formats: false,
    big_numbers_as_text: true,
    support: &support::RPC_V2_JSON,
    support_modules: RPC_V2_JSON_SUPPORT,
    codec: Codec::Json,
};

pub static RPC_V2_CBOR: Rpc = Rpc {
    trait_id: "smithy.protocols#rpcv2Cbor",
    module_doc: &[
        " The operations of the service over rpcv2Cbor, without I/O: clients build requests",
        " and read responses, servers read requests and build responses.",
    ],
    media_type: "application/cbor",
    route: Route::Path,
    absolute_error_type: true,
    timestamp_formats: false,
    // bigInteger and bigDecimal have CBOR forms of their own (tags 2, 3 and 4).
    big_numbers_as_text: false,
    support: &support::RPC_V2_CBOR,
    support_modules: RPC_V2_CBOR_SUPPORT,
    codec: Codec::Cbor,
};

impl Protocol for Rpc {
    fn trait_id(&self) -> Option<&'static str> {
        Some(self.trait_id)
    }

    fn binding(&self, _m: &Member, _input: bool) -> Binding {
        Binding::Body
    }

    fn document_key<'m>(&self, m: &'m Member) -> &'m str {
        &m.name
    }

    fn document_timestamp_format(&self, asked: Option<TimestampFormat>) -> TimestampFormat {
        match asked {
            Some(format) if self.timestamp_formats => format,
            _ => TimestampFormat::EpochSeconds,
        }
    }

    fn big_numbers_as_text(&self) -> bool {
        self.big_numbers_as_text
    }

    fn operation(&self, ctx: &mut Ctx, op: &ShapeId) -> Option<TokenStream> {
        Some(operation(self, ctx, op))
    }

    fn module_doc(&self) -> &'static [&'static str] {
        self.module_doc
    }

    fn support(&self) -> &'static [&'static SupportModule] {
        self.support_modules
    }

    fn codec(&self) -> Codec {
        self.codec
    }

    fn routing(&self) -> Option<super::Routing> {
        Some(match (self.route, self.codec) {
            (Route::Target, _) => super::Routing::Target,
            // The `Smithy-Protocol` header names the body's format.
            (Route::Path, Codec::Json) => super::Routing::RpcV2 {
                protocol: "rpc-v2-json",
            },
            (Route::Path, Codec::Cbor) => super::Routing::RpcV2 {
                protocol: "rpc-v2-cbor",
            },
        })
    }

    fn messages_module(&self) -> TokenStream {
        let module = format_ident!("{}", self.support.name());
        quote!(crate::support::#module)
    }
}

/// The struct of an operation with its functions (`src/operation.rs`).
fn operation(protocol: &Rpc, ctx: &mut Ctx, op: &ShapeId) -> TokenStream {
    let shape = ctx.model.expect(op);
    let (input, output) = match &shape.kind {
        ShapeKind::Operation { input, output, .. } => (
            (!Model::is_unit(input)).then(|| IoShape::new(ctx, input)),
            (!Model::is_unit(output)).then(|| IoShape::new(ctx, output)),
        ),
        _ => (None, None),
    };
    let docs = ctx.docs(shape.traits.documentation.as_deref());
    let name = ident(&type_ident(op.name()));
    let op_name = op.name();
    let service = ctx.closure.service.as_ref();
    let service_name = service.map_or("", |s| s.name());
    let (route_const, route, route_doc) = match protocol.route {
        Route::Target => (
            format_ident!("TARGET"),
            format!("{service_name}.{op_name}"),
            "The `X-Amz-Target` header of its requests: `{service}.{operation}`.",
        ),
        Route::Path => (
            format_ident!("PATH"),
            format!("/service/{service_name}/operation/{op_name}"),
            "The path of its requests: `/service/{service}/operation/{operation}`.",
        ),
    };
    let route_doc = format!(" {route_doc}");
    let (build_doc, route_rejection): (&str, &str) = match protocol.route {
        Route::Target => (
            " Client side: the `POST /` request for an input; join the URI to the endpoint.",
            " constraint. A request that is not a `POST`, or that names another operation in\n `X-Amz-Target`, is `NotFound`.",
        ),
        Route::Path => (
            " Client side: the `POST` request for an input; join the URI to the endpoint.",
            " constraint. A request that is not a `POST` to [`Self::PATH`] (after any prefix) is\n `NotFound`.",
        ),
    };
    let query_compatible = service.and_then(|s| ctx.model.get(s)).is_some_and(|s| {
        s.traits
            .raw
            .contains_key("aws.protocols#awsQueryCompatible")
    });
    let route_rejection: Vec<&str> = route_rejection.split('\n').collect();
    let error = ident(ctx.names.operation_error_name(op));
    let media_type = protocol.media_type;
    let media_doc = format!(
        " A body of another media type than `{}` is a 415.",
        protocol.media_type
    );
    let module = format_ident!("{}", protocol.support.name());

    // Client side.
    // Without input, the support module says what goes in the body.
    let request_body = match &input {
        Some(_) => quote!(#SOME(crate::support::#module::to_body(input)?)),
        None => quote!(#NONE),
    };
    let request = quote!(crate::support::#module::request(Self::#route_const, Self::MEDIA_TYPE, #request_body, #query_compatible));
    let (compression_doc, compression) = super::request_compression(ctx, op).unzip();
    let build = match compression {
        None => quote!(#OK(#request)),
        Some(compression) => quote! {
            let mut request = #request;
            #compression
            #OK(request)
        },
    };
    let param = input_param(input.as_ref(), true);
    let host_prefix = super::host_prefix(ctx, op, input.as_ref());
    let out_ty = output.as_ref().map_or(quote!(()), |o| o.ty.clone());
    let read_output = match &output {
        Some(_) => quote! {
            crate::support::#module::read_output(response.body().as_ref()).map_err(crate::http::ResponseError::Malformed)
        },
        // An operation without output takes whatever body comes.
        None => quote!(#OK(())),
    };

    // Server side.
    let in_ty = input.as_ref().map_or(quote!(()), |i| i.ty.clone());
    let read_input = match &input {
        Some(IoShape { id, ty, fields }) => {
            let defaults = super::server_defaults(ctx, id, fields);
            let mutable = (!defaults.is_empty()).then(|| quote!(mut));
            quote! {
                let mut missing = #VEC::new();
                let #mutable input: #ty = crate::support::#module::read_input(request.body().as_ref(), &mut missing)?;
                #(#defaults)*
                crate::http::check_input(&input, missing)?;
                #OK(input)
            }
        }
        // An operation without input reads no body, whatever it is.
        None => quote!(#OK(())),
    };
    let (out_param, response_body) = match &output {
        Some(IoShape { ty, .. }) => (
            Some(quote!(output: &#ty)),
            quote!(#SOME(crate::support::#module::to_body(output)?)),
        ),
        // Without output, the support module says what the response carries.
        None => (None, quote!(#NONE)),
    };
    let error_arms = error_arms(protocol, ctx, op, &error, query_compatible);
    let use_service_error = (!error_arms.is_empty()).then(|| {
        quote!(
            use crate::error::ServiceError as _;
        )
    });

    quote! {
        #docs
        #[derive(#DERIVE_DEBUG, #CLONE, #COPY, #DEFAULT)]
        pub struct #name;

        impl #name {
            /// The operation's name in the model.
            pub const NAME: &'static str = #op_name;
            #[doc = #route_doc]
            pub const #route_const: &'static str = #route;
            /// The media type of its bodies.
            pub const MEDIA_TYPE: &'static str = #media_type;

            #[doc = #build_doc]
            /// Constraints are not checked here: call `validate()` if you want them (services
            /// relax constraints over time).
            #compression_doc
            pub fn build_request(#param) -> #RESULT<::http::Request<#VEC<u8>>, crate::http::RequestError> {
                #build
            }

            #host_prefix

            /// Client side: the output of a successful (2xx) response, or the service's error.
            pub fn parse_response<B: #AS_REF<[u8]>>(
                response: &::http::Response<B>,
            ) -> #RESULT<#out_ty, crate::http::ResponseError<crate::error::#error>> {
                if !response.status().is_success() {
                    return #ERR(crate::support::#module::response_error(response, crate::error::#error::from_response));
                }
                #read_output
            }

            /// Server side: the input of a request, read strictly and checked against every
            #(#[doc = #route_rejection])*
            #[doc = #media_doc]
            pub fn parse_request<B: #AS_REF<[u8]>>(
                request: &::http::Request<B>,
            ) -> #RESULT<#in_ty, crate::http::RequestRejection> {
                crate::support::#module::check_request(request, Self::#route_const, Self::MEDIA_TYPE)?;
                #read_input
            }

            /// Server side: the 200 response for an output.
            pub fn output_response(#out_param) -> #RESULT<::http::Response<#VEC<u8>>, crate::http::RequestError> {
                #OK(crate::support::#module::response(Self::MEDIA_TYPE, #response_body))
            }

            /// Server side: the response for an error: its status, and its members with its type
            /// in `__type`.
            pub fn error_response(error: &crate::error::#error) -> ::http::Response<#VEC<u8>> {
                #use_service_error
                match error {
                    #(#error_arms)*
                    crate::error::#error::Unknown(e) => crate::support::#module::unknown_error_response(Self::MEDIA_TYPE, e),
                }
            }
        }
    }
}

/// The arms of `error_response` for the operation's modeled errors.
fn error_arms(
    protocol: &Rpc,
    ctx: &Ctx,
    op: &ShapeId,
    error: &proc_macro2::Ident,
    query_compatible: bool,
) -> Vec<TokenStream> {
    let module = format_ident!("{}", protocol.support.name());
    let errors = ctx.closure.operations.get(op).cloned().unwrap_or_default();
    errors
        .iter()
        .map(|e| {
            let v = ident(ctx.names.operation_error_variant(op, e));
            let shape = ctx.model.expect(e);
            let type_ = if protocol.absolute_error_type {
                e.to_string()
            } else {
                e.name().to_owned()
            };
            // `@awsQueryCompatible`: the awsQuery code and fault the error had there.
            let query_error = query_compatible
                .then(|| {
                    let code = shape
                        .traits
                        .raw
                        .get("aws.protocols#awsQueryError")?
                        .get("code")?
                        .as_str()?;
                    let fault = match shape.traits.error {
                        Some(crate::model::Fault::Server) => "Receiver",
                        _ => "Sender",
                    };
                    Some(format!("{code};{fault}"))
                })
                .flatten();
            let query_error = match query_error {
                Some(q) => quote!(::std::option::Option::Some(#q)),
                None => quote!(::std::option::Option::None),
            };
            quote! {
                crate::error::#error::#v(e) => crate::support::#module::error_response(e.http_status(), Self::MEDIA_TYPE, #type_, e, #query_error),
            }
        })
        .collect()
}
