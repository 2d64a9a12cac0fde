//! String enums (`enum` shapes and Smithy 1.0 `enum` traits) and intEnums.

use super::prelude::{
    AS_REF, CLONE, COPY, DEFAULT, DERIVE_DEBUG, DERIVE_HASH, EQ, FROM, OK, ORD, PARTIAL_EQ,
    PARTIAL_ORD, RESULT, STRING, TO_OWNED,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Ctx;
use super::structure::REDACTED;
use crate::model::{EnumValue, Shape};
use crate::naming::{UNKNOWN_VARIANT, ident};

impl Ctx<'_> {
    /// Variants of a string enum: `(variant, wire value, documentation)`.
    fn string_variants(&self, shape: &Shape) -> Vec<(Ident, String, TokenStream)> {
        shape
            .string_enum_values()
            .into_iter()
            .map(|e| {
                let v = ident(self.names.member_name(&shape.id, e.name));
                (v, e.value.to_owned(), self.docs(e.documentation))
            })
            .collect()
    }

    pub fn string_enum(&mut self, shape: &Shape) -> TokenStream {
        let name_str = self.names.type_name(&shape.id).to_owned();
        let name = ident(&name_str);
        let unknown = ident(UNKNOWN_VARIANT);
        let docs = self.docs(shape.traits.documentation.as_deref());
        let variants = self.string_variants(shape);
        let decls = variants.iter().map(|(v, value, docs)| {
            let value_doc = format!(" Wire value: `{value}`.");
            quote! {
                #docs
                #[doc = #value_doc]
                #v,
            }
        });
        let to_str = variants
            .iter()
            .map(|(v, value, _)| quote!(Self::#v => #value,));
        let from_str = variants
            .iter()
            .map(|(v, value, _)| quote!(#value => Self::#v,));
        let from_str2 = from_str.clone();
        let values = variants.iter().map(|(_, value, _)| value);
        let (derive_debug, debug_impl) = enum_debug(shape, &name, &name_str);
        let unknown_doc =
            format!(" A value the model does not list; [`{name_str}::as_str`] returns it.");
        quote! {
            #docs
            #[derive(#CLONE, #PARTIAL_EQ, #EQ, #DERIVE_HASH, #PARTIAL_ORD, #ORD, #derive_debug)]
            #[non_exhaustive]
            pub enum #name {
                #(#decls)*
                #[doc = #unknown_doc]
                #unknown(crate::types::UnknownValue),
            }

            #debug_impl

            impl #name {
                /// Every value the model lists, in model order.
                pub const VALUES: &'static [&'static str] = &[#(#values),*];

                /// The wire value.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(#to_str)*
                        Self::#unknown(value) => value.as_str(),
                    }
                }

                /// Whether the value is one the model lists.
                pub fn is_known(&self) -> bool {
                    !::std::matches!(self, Self::#unknown(_))
                }
            }

            impl #FROM<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#from_str)*
                        other => Self::#unknown(crate::support::enums::UnknownValue::new(#TO_OWNED::to_owned(other))),
                    }
                }
            }

            impl #FROM<#STRING> for #name {
                fn from(value: #STRING) -> Self {
                    match value.as_str() {
                        #(#from_str2)*
                        _ => Self::#unknown(crate::support::enums::UnknownValue::new(value)),
                    }
                }
            }

            impl ::std::str::FromStr for #name {
                type Err = ::std::convert::Infallible;

                fn from_str(value: &str) -> #RESULT<Self, Self::Err> {
                    #OK(Self::from(value))
                }
            }

            impl #AS_REF<str> for #name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            /// The empty unknown value: what a required member the wire left out becomes.
            impl #DEFAULT for #name {
                fn default() -> Self {
                    Self::#unknown(crate::support::enums::UnknownValue::new(#STRING::new()))
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                    crate::support::enums::deserialize_str_enum(deserializer, #name_str)
                }
            }
        }
    }

    pub fn int_enum(&mut self, shape: &Shape) -> TokenStream {
        let name_str = self.names.type_name(&shape.id).to_owned();
        let name = ident(&name_str);
        let unknown = ident(UNKNOWN_VARIANT);
        let docs = self.docs(shape.traits.documentation.as_deref());
        let variants: Vec<(Ident, i32, TokenStream)> = shape
            .members()
            .iter()
            .filter_map(|m| match m.traits.enum_value {
                Some(EnumValue::Int(i)) => Some((
                    ident(self.names.member_name(&shape.id, &m.name)),
                    i32::try_from(i).ok()?,
                    self.docs(m.traits.documentation.as_deref()),
                )),
                _ => None,
            })
            .collect();
        let decls = variants.iter().map(|(v, value, docs)| {
            let value_doc = format!(" Wire value: `{value}`.");
            quote! {
                #docs
                #[doc = #value_doc]
                #v,
            }
        });
        let to_int = variants
            .iter()
            .map(|(v, value, _)| quote!(Self::#v => #value,));
        let from_int = variants
            .iter()
            .map(|(v, value, _)| quote!(#value => Self::#v,));
        let values = variants.iter().map(|(_, value, _)| value);
        let (derive_debug, debug_impl) = enum_debug(shape, &name, &name_str);
        let unknown_doc =
            format!(" A value the model does not list; [`{name_str}::value`] returns it.");
        quote! {
            #docs
            #[derive(#CLONE, #COPY, #PARTIAL_EQ, #EQ, #DERIVE_HASH, #PARTIAL_ORD, #ORD, #derive_debug)]
            #[non_exhaustive]
            pub enum #name {
                #(#decls)*
                #[doc = #unknown_doc]
                #unknown(crate::types::UnknownInt),
            }

            #debug_impl

            impl #name {
                /// Every value the model lists, in model order.
                pub const VALUES: &'static [i32] = &[#(#values),*];

                /// The wire value.
                pub fn value(self) -> i32 {
                    match self {
                        #(#to_int)*
                        Self::#unknown(value) => value.value(),
                    }
                }

                /// Whether the value is one the model lists.
                pub fn is_known(self) -> bool {
                    !::std::matches!(self, Self::#unknown(_))
                }
            }

            impl #FROM<i32> for #name {
                fn from(value: i32) -> Self {
                    match value {
                        #(#from_int)*
                        other => Self::#unknown(crate::support::enums::UnknownInt::new(other)),
                    }
                }
            }

            impl ::std::fmt::Display for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    ::std::fmt::Display::fmt(&self.value(), f)
                }
            }

            /// The value 0: what a required member the wire left out becomes.
            impl #DEFAULT for #name {
                fn default() -> Self {
                    Self::from(0)
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                    serializer.serialize_i32(self.value())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                    <i32 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        }
    }
}

/// Enums derive `Debug` unless the shape is `@sensitive`, in which case the value is hidden.
fn enum_debug(
    shape: &Shape,
    name: &Ident,
    name_str: &str,
) -> (Option<TokenStream>, Option<TokenStream>) {
    if shape.traits.sensitive {
        let text = format!("{name_str}({REDACTED})");
        (
            None,
            Some(quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#text)
                    }
                }
            }),
        )
    } else {
        (Some(quote!(#DERIVE_DEBUG)), None)
    }
}
