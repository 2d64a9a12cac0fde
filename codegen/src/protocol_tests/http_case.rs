//! `httpRequestTests` and `httpResponseTests` cases as tests of both sides:
//!
//! | case | client | server |
//! |---|---|---|
//! | request | `build_request(&params)` has the method, path, query, headers and body | `parse_request` of the request gives `params`, and so does the whole server (its handler's input) |
//! | response | `parse_response` of the response gives `params` (or the modeled error) | `output_response(&params)` / `error_response` has the status, headers and body |
//!
//! The checks are the helpers of the test file (see `helpers` in `mod.rs`), which compare
//! query strings, headers and bodies with `aws-smithy-protocol-test`.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use super::text;
use super::value::Values;
use crate::model::{Model, ShapeId, ShapeKind};
use crate::naming::{ident, type_ident};

/// The operation a case runs against, with its paths in the test file.
pub(super) struct Operation<'a> {
    pub id: &'a ShapeId,
    input: Option<ShapeId>,
    output: Option<ShapeId>,
    /// `::krate::operation::Name`.
    path: TokenStream,
    /// `::krate::error::NameError`.
    errors: TokenStream,
    /// Whether the operation has a host prefix (`@endpoint`): its `host_prefix` goes before
    /// the endpoint's host.
    host_prefix: bool,
}

impl<'a> Operation<'a> {
    pub fn new(values: &Values, model: &Model, id: &'a ShapeId) -> Self {
        let shape = model.expect(id);
        let (input, output) = match &shape.kind {
            ShapeKind::Operation { input, output, .. } => (
                (!Model::is_unit(input)).then(|| input.clone()),
                (!Model::is_unit(output)).then(|| output.clone()),
            ),
            _ => (None, None),
        };
        let root = values.root();
        let name = ident(&type_ident(id.name()));
        let errors = ident(values.names().operation_error_name(id));
        Operation {
            id,
            input,
            output,
            path: quote!(#root::operation::#name),
            errors: quote!(#root::error::#errors),
            host_prefix: shape.traits.raw.contains_key("smithy.api#endpoint"),
        }
    }
}

impl Operation<'_> {
    /// `::krate::operation::Name`.
    pub fn path(&self) -> &TokenStream {
        &self.path
    }
}

/// A case's side: `client` or `server`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Client,
    Server,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }

    /// The sides an `appliesTo` value selects.
    pub fn of(case: &Map<String, Value>) -> &'static [Side] {
        match case.get("appliesTo").and_then(Value::as_str) {
            Some("client") => &[Side::Client],
            Some("server") => &[Side::Server],
            _ => &[Side::Client, Side::Server],
        }
    }
}

/// The body of the `#[test]` for one side of an `httpRequestTests` case.
pub(super) fn request_test(
    values: &Values,
    op: &Operation,
    case: &Map<String, Value>,
    side: Side,
) -> Result<TokenStream, String> {
    let params = case.get("params").cloned().unwrap_or(Value::Null);
    let method = text(case.get("method")).ok_or("no `method`")?;
    let uri = text(case.get("uri")).ok_or("no `uri`")?;
    let query = strings(case.get("queryParams"));
    let headers = pairs(case.get("headers"));
    let body = text(case.get("body"));
    let media_type = text(case.get("bodyMediaType")).unwrap_or_default();
    let path = &op.path;
    match side {
        Side::Client => {
            let (input, call, prefix) = match &op.input {
                Some(id) => {
                    let value = values.structure(id, &params, "params")?;
                    (
                        quote!(let input = #value;),
                        quote!(#path::build_request(&input)),
                        quote!(#path::host_prefix(&input)),
                    )
                }
                None => (
                    quote!(),
                    quote!(#path::build_request()),
                    quote!(#path::host_prefix()),
                ),
            };
            // The caller puts the operation's host prefix before the endpoint's host.
            let host_check = match (
                op.host_prefix,
                text(case.get("host")),
                text(case.get("resolvedHost")),
            ) {
                (true, Some(host), Some(resolved)) => Some(quote! {
                    let prefix = #prefix.expect("the host prefix builds");
                    assert_eq!(format!("{}{}", prefix, #host), #resolved);
                }),
                _ => None,
            };
            let forbid_query = strings(case.get("forbidQueryParams"));
            let require_query = strings(case.get("requireQueryParams"));
            let forbid_headers = strings(case.get("forbidHeaders"));
            let require_headers = strings(case.get("requireHeaders"));
            let query_check = (!(query.is_empty() && forbid_query.is_empty() && require_query.is_empty())).then(|| {
                quote!(check_query(&request, &[#(#query),*], &[#(#forbid_query),*], &[#(#require_query),*]);)
            });
            let header_check =
                header_check(quote!(request), &headers, &forbid_headers, &require_headers);
            let body_check = body.map(|b| quote!(check_body(request.body(), #b, #media_type);));
            // The request's URI is relative: the caller joins it to the endpoint, whose path
            // (`host` may have one) comes first.
            let base = text(case.get("host"))
                .and_then(|h| {
                    h.split_once('/')
                        .map(|(_, p)| format!("/{}", p.trim_end_matches('/')))
                })
                .unwrap_or_default();
            Ok(quote! {
                #input
                let request = #call.expect("the request builds");
                assert_eq!(request.method().as_str(), #method);
                assert_eq!(format!("{}{}", #base, request.uri().path()), #uri);
                #host_check
                #query_check
                #header_check
                #body_check
            })
        }
        Side::Server => {
            let mut target = uri.clone();
            if !query.is_empty() {
                target.push('?');
                target.push_str(&query.join("&"));
            }
            let header_calls = server_request_headers(values, op, &headers);
            let body = body_bytes(body.as_deref(), &media_type)?;
            // The request is read twice: by `parse_request` alone, and by the crate's whole
            // server (routing, body collection, parsing), whose handler keeps its input.
            let parse = quote! {
                let request = || ::http::Request::builder()
                    .method(#method)
                    .uri(#target)
                    #(#header_calls)*
                    .body(#body.to_vec())
                    .expect("the case's request is a valid HTTP request");
                let parsed = #path::parse_request(&request()).unwrap_or_else(|rejection| {
                    let response = rejection.to_response();
                    panic!("the server rejected the request: {} {}", response.status(), String::from_utf8_lossy(response.body()))
                });
            };
            let (input_ty, expected, check) = match &op.input {
                Some(id) => {
                    let expected = values.structure(id, &params, "params")?;
                    let check = same(values, Some(id), &params, quote!(parsed), quote!(expected));
                    (
                        values.type_path(id)?,
                        quote!(let expected = #expected;),
                        check,
                    )
                }
                None => (quote!(()), quote!(), quote!(assert_eq!(parsed, ());)),
            };
            Ok(quote! {
                #parse
                #expected
                #check
                let (kept, response) = serve(request());
                let kept = kept.unwrap_or_else(|| {
                    panic!("the service answered without calling the handler: {} {}", response.status(), String::from_utf8_lossy(response.body()))
                });
                let parsed: #input_ty = *kept.downcast().expect("the handler is given the operation's input");
                #check
            })
        }
    }
}

/// The `.header(..)` calls of a server request case: the case's headers, and the
/// `X-Amz-Target` a few awsJson cases leave out, which every client sends and the server
/// routes by (`parse_request` alone does not read it): the request gets the one its client
/// would send.
fn server_request_headers(
    values: &Values,
    op: &Operation,
    headers: &[(String, String)],
) -> Vec<TokenStream> {
    let mut calls: Vec<TokenStream> = headers
        .iter()
        .map(|(k, v)| quote!(.header(#k, #v)))
        .collect();
    let missing = !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"));
    if let Some(value) = values.target_header(op.id).filter(|_| missing) {
        calls.push(quote!(.header("X-Amz-Target", #value)));
    }
    calls
}

/// A case's body as a byte string literal: the text, or for CBOR (which a case writes in
/// base64) the bytes it encodes.
pub(super) fn body_bytes(
    body: Option<&str>,
    media_type: &str,
) -> Result<proc_macro2::Literal, String> {
    use base64::Engine as _;
    let body = body.unwrap_or_default();
    let bytes = if media_type == "application/cbor" {
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| format!("the CBOR body is not base64: {e}"))?
    } else {
        body.as_bytes().to_vec()
    };
    Ok(proc_macro2::Literal::byte_string(&bytes))
}

/// The body of the `#[test]` for one side of an `httpResponseTests` case, on an operation's
/// output or (`error`) on one of its errors.
pub(super) fn response_test(
    values: &Values,
    op: &Operation,
    error: Option<&ShapeId>,
    case: &Map<String, Value>,
    side: Side,
) -> Result<TokenStream, String> {
    let params = case.get("params").cloned().unwrap_or(Value::Null);
    let code = case
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .ok_or("no `code`")?;
    let headers = pairs(case.get("headers"));
    let body = text(case.get("body"));
    let media_type = text(case.get("bodyMediaType")).unwrap_or_default();
    let path = &op.path;
    // The expected value: the output, or the operation's error holding the modeled error.
    let expected = match error {
        Some(e) => {
            let value = values.structure(e, &params, "params")?;
            let variant = ident(values.names().operation_error_variant(op.id, e));
            let value = if values.boxed_error(e) {
                quote!(::std::boxed::Box::new(#value))
            } else {
                value
            };
            let errors = &op.errors;
            Some(quote!(#errors::#variant(#value)))
        }
        None => match &op.output {
            Some(id) => Some(values.structure(id, &params, "params")?),
            None => None,
        },
    };
    match side {
        Side::Client => {
            let header_calls = headers.iter().map(|(k, v)| quote!(.header(#k, #v)));
            let body = body_bytes(body.as_deref(), &media_type)?;
            let respond = quote! {
                let response = ::http::Response::builder()
                    .status(#code)
                    #(#header_calls)*
                    .body(#body.to_vec())
                    .expect("the case's response is a valid HTTP response");
            };
            Ok(match (error, expected) {
                (Some(_), Some(expected)) => {
                    let check = same(values, None, &params, quote!(error), quote!(expected));
                    let root = values.root();
                    quote! {
                        #respond
                        let error = match #path::parse_response(&response) {
                            Err(#root::http::ResponseError::Service(error)) => error,
                            other => panic!("not the modeled error: {other:?}"),
                        };
                        let expected = #expected;
                        #check
                    }
                }
                (None, Some(expected)) => {
                    let check = same(
                        values,
                        op.output.as_ref(),
                        &params,
                        quote!(parsed),
                        quote!(expected),
                    );
                    quote! {
                        #respond
                        let parsed = #path::parse_response(&response).expect("the response parses");
                        let expected = #expected;
                        #check
                    }
                }
                (_, None) => quote! {
                    #respond
                    #path::parse_response(&response).expect("the response parses");
                },
            })
        }
        Side::Server => {
            values.take_nan();
            let response = match (error, expected) {
                (Some(_), Some(expected)) => quote! {
                    let response = #path::error_response(&#expected);
                },
                (None, Some(expected)) => quote! {
                    let output = #expected;
                    let response = #path::output_response(&output).expect("the response builds");
                },
                (_, None) => quote! {
                    let response = #path::output_response().expect("the response builds");
                },
            };
            let forbid_headers = strings(case.get("forbidHeaders"));
            let require_headers = strings(case.get("requireHeaders"));
            let header_check = header_check(
                quote!(response),
                &headers,
                &forbid_headers,
                &require_headers,
            );
            let body_check = body.map(|b| quote!(check_body(response.body(), #b, #media_type);));
            Ok(quote! {
                #response
                assert_eq!(response.status().as_u16(), #code);
                #header_check
                #body_check
            })
        }
    }
}

/// `assert_eq!` of `actual` and `expected`, values of structure `id` built from `params`.
///
/// NaN is not equal to itself, so when a value holds one the structures are compared member by
/// member, and the members holding a NaN by their `Debug` text (which prints every NaN alike;
/// other members are left to `==`, as the `Debug` order of a map is not fixed).
fn same(
    values: &Values,
    id: Option<&ShapeId>,
    params: &Value,
    actual: TokenStream,
    expected: TokenStream,
) -> TokenStream {
    if !values.take_nan() {
        return quote!(assert_eq!(#actual, #expected););
    }
    let Some(id) = id else {
        return quote!(assert_eq!(format!("{:?}", #actual), format!("{:?}", #expected)););
    };
    let members = values.members(id);
    let checks = members.iter().map(|(name, field, target)| {
        // Whether this member's value holds a float NaN: written again to find out.
        let nan = params.get(name).is_some_and(|v| {
            values.value(target, v, name).is_ok() && values.take_nan()
        });
        if nan {
            quote!(assert_eq!(format!("{:?}", #actual.#field), format!("{:?}", #expected.#field), #name);)
        } else {
            quote!(assert_eq!(#actual.#field, #expected.#field, #name);)
        }
    });
    quote!(#(#checks)*)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn pairs(v: Option<&Value>) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}

/// The header checks of a message, if the case has any.
fn header_check(
    message: TokenStream,
    expected: &[(String, String)],
    forbidden: &[String],
    required: &[String],
) -> Option<TokenStream> {
    if expected.is_empty() && forbidden.is_empty() && required.is_empty() {
        return None;
    }
    let pairs = expected.iter().map(|(k, v)| quote!((#k, #v)));
    Some(
        quote!(check_headers(#message.headers(), &[#(#pairs),*], &[#(#forbidden),*], &[#(#required),*]);),
    )
}
