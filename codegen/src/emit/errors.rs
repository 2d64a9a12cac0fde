//! Error shapes (status, fault, retryability) and one error enum per operation.

use super::prelude::{BOX, CLONE, DERIVE_DEBUG, FROM, NONE, OK, OPTION, PARTIAL_EQ, RESULT, SOME};
use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::protocol::Codec;
use crate::model::{Fault, Shape, ShapeId, ShapeKind, Simple};
use crate::naming::{UNKNOWN_VARIANT, ident};

impl Ctx<'_> {
    /// `Display`, `Error` and `ServiceError` for an error structure, with its wire facts.
    pub fn error_impls(&self, shape: &Shape) -> TokenStream {
        let name = ident(self.names.type_name(&shape.id));
        let code = shape.id.name();
        let fault = shape.traits.error.unwrap_or(Fault::Client);
        let status = shape.traits.http_error.unwrap_or(match fault {
            Fault::Client => 400,
            Fault::Server => 500,
        });
        let status = proc_macro2::Literal::u16_unsuffixed(status);
        let fault = match fault {
            Fault::Client => quote!(crate::error::ErrorFault::Client),
            Fault::Server => quote!(crate::error::ErrorFault::Server),
        };
        let retryable = shape.traits.retryable.is_some();
        let throttling = shape.traits.retryable == Some(true);
        let message_member = shape
            .members()
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case("message"));
        let message = match message_member {
            Some(m) => {
                let field = ident(self.names.member_name(&shape.id, &m.name));
                if self.field_of(&shape.id, &m.name).optional {
                    quote!(self.#field.as_deref())
                } else {
                    quote!(#SOME(self.#field.as_str()))
                }
            }
            None => quote!(#NONE),
        };
        quote! {
            impl #name {
                /// The error code services send for this error.
                pub const CODE: &'static str = #code;
                /// The HTTP status code of this error (`httpError`).
                pub const HTTP_STATUS: u16 = #status;
                /// Who is at fault (`error`).
                pub const FAULT: crate::error::ErrorFault = #fault;
                /// Whether a retry may succeed (`retryable`).
                pub const RETRYABLE: bool = #retryable;
                /// Whether the error means throttling (`retryable(throttling: true)`).
                pub const THROTTLING: bool = #throttling;
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(Self::CODE)?;
                    if let #SOME(message) = crate::error::ServiceError::message(self) {
                        ::std::write!(f, ": {message}")?;
                    }
                    #OK(())
                }
            }

            impl ::std::error::Error for #name {}

            impl crate::error::ServiceError for #name {
                fn code(&self) -> &str {
                    Self::CODE
                }

                fn message(&self) -> #OPTION<&str> {
                    #message
                }

                fn http_status(&self) -> u16 {
                    Self::HTTP_STATUS
                }

                fn fault(&self) -> crate::error::ErrorFault {
                    Self::FAULT
                }

                fn is_retryable(&self) -> bool {
                    Self::RETRYABLE
                }

                fn is_throttling(&self) -> bool {
                    Self::THROTTLING
                }
            }
        }
    }

    /// The error enum of one operation: a variant per modeled error, plus unknown codes.
    pub fn operation_error(&self, op: &ShapeId, errors: &[ShapeId]) -> TokenStream {
        let name_str = self.names.operation_error_name(op).to_owned();
        let name = ident(&name_str);
        let unknown = ident(UNKNOWN_VARIANT);
        // (variant, type, code, docs, boxed)
        let variants: Vec<_> = errors
            .iter()
            .map(|e| {
                let shape = self.model.expect(e);
                (
                    ident(self.names.operation_error_variant(op, e)),
                    self.type_path(e),
                    e.name().to_owned(),
                    self.docs(shape.traits.documentation.as_deref()),
                    self.boxed_error(e),
                )
            })
            .collect();
        let decls = variants.iter().map(|(v, ty, _, docs, boxed)| {
            if *boxed {
                quote!(#docs #v(#BOX<#ty>),)
            } else {
                quote!(#docs #v(#ty),)
            }
        });
        let wrap = |boxed: bool, value: TokenStream| {
            if boxed {
                quote!(#BOX::new(#value))
            } else {
                value
            }
        };
        // The protocol's body format reads error bodies.
        let codec = self.protocol.codec().error_module();
        let codec_error = self.protocol.codec().error_type();
        let format = match self.protocol.codec() {
            Codec::Json => "JSON",
            Codec::Cbor => "CBOR",
        };
        let body_doc = [
            format!(
                " the HTTP status and the {format} body. Fails only when the body of a modeled error is"
            ),
            format!(" not valid {format} for it; unknown codes never fail."),
        ];
        let codes = variants.iter().map(|(_, _, code, _, _)| code);
        let from_code = variants.iter().map(|(v, _, code, _, boxed)| {
            let make = if *boxed {
                quote!(|error| Self::#v(#BOX::new(error)))
            } else {
                quote!(Self::#v)
            };
            quote!(#code => #codec::parse_body(body).map(#make),)
        });
        let as_dyn = variants.iter().map(|(v, _, _, _, boxed)| {
            if *boxed {
                quote!(Self::#v(e) => &**e,)
            } else {
                quote!(Self::#v(e) => e,)
            }
        });
        let froms = variants.iter().map(|(v, ty, _, _, boxed)| {
            let value = wrap(*boxed, quote!(error));
            quote! {
                impl #FROM<#ty> for #name {
                    fn from(error: #ty) -> Self {
                        Self::#v(#value)
                    }
                }
            }
        });
        let unknown_error = quote! {
            let message = #codec::body_message(body).ok().flatten();
            #OK(Self::#unknown(crate::error::UnknownError::new(other, message, status)))
        };
        let dispatch = if variants.is_empty() {
            quote! {
                let other = crate::error::sanitize_error_code(code);
                #unknown_error
            }
        } else {
            quote! {
                match crate::error::sanitize_error_code(code) {
                    #(#from_code)*
                    other => { #unknown_error }
                }
            }
        };
        let doc = format!(" The errors of the `{}` operation.", op.name());
        quote! {
            #[doc = #doc]
            #[derive(#DERIVE_DEBUG, #CLONE, #PARTIAL_EQ)]
            #[non_exhaustive]
            pub enum #name {
                #(#decls)*
                /// An error code the model does not list for this operation.
                #unknown(crate::error::UnknownError),
            }

            impl #name {
                /// The codes of the errors the model lists for this operation.
                pub const CODES: &'static [&'static str] = &[#(#codes),*];

                /// Builds the error from its code (`Name`, `namespace#Name` or `Name:http://...`),
                #(#[doc = #body_doc])*
                pub fn from_response(code: &str, status: u16, body: &[u8]) -> #RESULT<Self, #codec_error> {
                    #dispatch
                }

                /// The error as the facts every service error shares.
                pub fn as_service_error(&self) -> &dyn crate::error::ServiceError {
                    match self {
                        #(#as_dyn)*
                        Self::#unknown(e) => e,
                    }
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(self.as_service_error(), f)
                }
            }

            impl ::std::error::Error for #name {}

            impl crate::error::ServiceError for #name {
                fn code(&self) -> &str {
                    self.as_service_error().code()
                }

                fn message(&self) -> #OPTION<&str> {
                    self.as_service_error().message()
                }

                fn http_status(&self) -> u16 {
                    self.as_service_error().http_status()
                }

                fn fault(&self) -> crate::error::ErrorFault {
                    self.as_service_error().fault()
                }

                fn is_retryable(&self) -> bool {
                    self.as_service_error().is_retryable()
                }

                fn is_throttling(&self) -> bool {
                    self.as_service_error().is_throttling()
                }
            }

            #(#froms)*
        }
    }

    /// Whether an operation error enum holds the error `id` boxed: when its structure is large,
    /// so that `Result<_, OperationError>` stays small (clippy's `result_large_err` asks for at
    /// most 128 bytes). The size is estimated from above, as 64-bit Rust lays the fields out.
    pub fn boxed_error(&self, id: &ShapeId) -> bool {
        self.estimated_size(id, 0) > 72
    }

    fn estimated_size(&self, id: &ShapeId, depth: usize) -> usize {
        let shape = self.model.expect(id);
        match &shape.kind {
            ShapeKind::Structure(members) => members
                .iter()
                .map(|m| {
                    if self.field_of(id, &m.name).boxed || depth > 4 {
                        16
                    } else {
                        // `Option` of a small value needs room for its flag.
                        self.estimated_size(&m.target, depth + 1).max(8) + 8
                    }
                })
                .sum(),
            ShapeKind::Union(members) => {
                members
                    .iter()
                    .map(|m| self.estimated_size(&m.target, depth + 1))
                    .max()
                    .unwrap_or(0)
                    + 8
            }
            ShapeKind::Map { .. } => 48,
            ShapeKind::Simple(Simple::Document) => 32,
            ShapeKind::Simple(Simple::Timestamp) => 16,
            _ => 24,
        }
    }
}
