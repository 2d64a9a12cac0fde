//! awsJson1_0 and awsJson1_1: per operation, sans-IO functions for both sides. Every request is
//! a `POST /` naming the operation in `X-Amz-Target`, the whole input its JSON body; HTTP binding
//! traits and `@jsonName` mean nothing here, so a structure's serde form is its body. The two
//! versions differ in their media type and in how servers spell an error's `__type`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{IoShape, Protocol, input_param};
use crate::emit::Ctx;
use crate::emit::plan::Binding;
use crate::emit::prelude::{AS_REF, CLONE, COPY, DEFAULT, DERIVE_DEBUG, ERR, OK, RESULT, VEC};
use crate::model::{Member, Model, ShapeId, ShapeKind, TimestampFormat};
use crate::naming::{ident, type_ident};

/// One version of the protocol.
pub struct AwsJson {
    trait_id: &'static str,
    version: &'static str,
    media_type: &'static str,
    /// Whether servers write an error's `__type` as its absolute shape id (1.0) rather than its
    /// name (1.1).
    absolute_error_type: bool,
}

pub static AWS_JSON_1_0: AwsJson = AwsJson {
    trait_id: "aws.protocols#awsJson1_0",
    version: "awsJson1_0",
    media_type: "application/x-amz-json-1.0",
    absolute_error_type: true,
};

pub static AWS_JSON_1_1: AwsJson = AwsJson {
    trait_id: "aws.protocols#awsJson1_1",
    version: "awsJson1_1",
    media_type: "application/x-amz-json-1.1",
    absolute_error_type: false,
};

impl Protocol for AwsJson {
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
        asked.unwrap_or(TimestampFormat::EpochSeconds)
    }

    fn operation(&self, ctx: &mut Ctx, op: &ShapeId) -> Option<TokenStream> {
        Some(operation(self, ctx, op))
    }

    fn module_doc(&self) -> &'static [&'static str] {
        if self.absolute_error_type {
            &[
                " The operations of the service over awsJson1_0, without I/O: clients build requests",
                " and read responses, servers read requests and build responses.",
            ]
        } else {
            &[
                " The operations of the service over awsJson1_1, without I/O: clients build requests",
                " and read responses, servers read requests and build responses.",
            ]
        }
    }

    fn support(&self) -> Option<super::Support> {
        Some(super::Support {
            module: "aws_json",
            source: &RUNTIME,
        })
    }
}

static RUNTIME: crate::emit::SupportModule =
    crate::emit::SupportModule::new(include_str!("../../../runtime/aws_json.rs"));

/// The struct of an operation with its functions (`src/operation.rs`).
fn operation(protocol: &AwsJson, ctx: &mut Ctx, op: &ShapeId) -> TokenStream {
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
    let target = format!("{}.{op_name}", service.map_or("", |s| s.name()));
    let query_compatible = service.and_then(|s| ctx.model.get(s)).is_some_and(|s| {
        s.traits
            .raw
            .contains_key("aws.protocols#awsQueryCompatible")
    });
    let error = ident(ctx.names.operation_error_name(op));
    let media_type = protocol.media_type;
    let media_doc = format!(
        " is `NotFound`; a body of another media type than {}'s is a 415.",
        protocol.version
    );

    // Client side.
    let request_body = match &input {
        Some(_) => quote!(
            ::serde_json::to_vec(input)
                .map_err(|e| crate::http::RequestError::Body(e.to_string()))?
        ),
        // An operation without input still sends an empty object.
        None => quote!(b"{}".to_vec()),
    };
    let param = input_param(input.as_ref(), true);
    let host_prefix = super::host_prefix(ctx, op, input.as_ref());
    let out_ty = output.as_ref().map_or(quote!(()), |o| o.ty.clone());
    let read_output = match &output {
        Some(_) => quote! {
            crate::http::parse_json(response.body().as_ref(), crate::http::Mode::Lenient).map_err(crate::http::ResponseError::Malformed)
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
                let #mutable input: #ty = crate::http::parse_request_json(request.body().as_ref(), "", &mut missing)?;
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
            quote!(
                ::serde_json::to_vec(output)
                    .map_err(|e| crate::http::RequestError::Body(e.to_string()))?
            ),
        ),
        // An operation without output sends an empty body (with the Content-Type all do).
        None => (None, quote!(#VEC::new())),
    };
    let error_arms = error_arms(protocol, ctx, op, &error, query_compatible);
    let use_service_error =
        (!error_arms.is_empty()).then(|| quote!(use crate::error::ServiceError as _;));

    quote! {
        #docs
        #[derive(#DERIVE_DEBUG, #CLONE, #COPY, #DEFAULT)]
        pub struct #name;

        impl #name {
            /// The operation's name in the model.
            pub const NAME: &'static str = #op_name;
            /// The `X-Amz-Target` header of its requests: `{service}.{operation}`.
            pub const TARGET: &'static str = #target;
            /// The media type of its bodies.
            pub const MEDIA_TYPE: &'static str = #media_type;

            /// Client side: the `POST /` request for an input; join the URI to the endpoint.
            /// Constraints are not checked here: call `validate()` if you want them (services
            /// relax constraints over time).
            pub fn build_request(#param) -> #RESULT<::http::Request<#VEC<u8>>, crate::http::RequestError> {
                #OK(crate::support::aws_json::request(Self::TARGET, Self::MEDIA_TYPE, #request_body, #query_compatible))
            }

            #host_prefix

            /// Client side: the output of a successful (2xx) response, or the service's error.
            pub fn parse_response<B: #AS_REF<[u8]>>(
                response: &::http::Response<B>,
            ) -> #RESULT<#out_ty, crate::http::ResponseError<crate::error::#error>> {
                if !response.status().is_success() {
                    return #ERR(crate::support::aws_json::response_error(response, crate::error::#error::from_response));
                }
                #read_output
            }

            /// Server side: the input of a request, read strictly and checked against every
            /// constraint. A request that is not a `POST`, or names another operation in
            /// `X-Amz-Target`,
            #[doc = #media_doc]
            pub fn parse_request<B: #AS_REF<[u8]>>(
                request: &::http::Request<B>,
            ) -> #RESULT<#in_ty, crate::http::RequestRejection> {
                crate::support::aws_json::check_request(request, Self::TARGET, Self::MEDIA_TYPE)?;
                #read_input
            }

            /// Server side: the 200 response for an output.
            pub fn output_response(#out_param) -> #RESULT<::http::Response<#VEC<u8>>, crate::http::RequestError> {
                #OK(crate::support::aws_json::response(Self::MEDIA_TYPE, #response_body))
            }

            /// Server side: the response for an error: its status, and its members with its type
            /// in `__type`.
            pub fn error_response(error: &crate::error::#error) -> ::http::Response<#VEC<u8>> {
                #use_service_error
                match error {
                    #(#error_arms)*
                    crate::error::#error::Unknown(e) => crate::support::aws_json::unknown_error_response(Self::MEDIA_TYPE, e),
                }
            }
        }
    }
}

/// The arms of `error_response` for the operation's modeled errors.
fn error_arms(
    protocol: &AwsJson,
    ctx: &Ctx,
    op: &ShapeId,
    error: &proc_macro2::Ident,
    query_compatible: bool,
) -> Vec<TokenStream> {
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
                crate::error::#error::#v(e) => crate::support::aws_json::error_response(e.http_status(), Self::MEDIA_TYPE, #type_, e, #query_error),
            }
        })
        .collect()
}
