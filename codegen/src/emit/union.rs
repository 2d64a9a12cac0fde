//! Unions: one variant per member, single-key JSON objects on the wire, unknown members kept by
//! clients and rejected by servers (`support/wire.rs`, `deserialize_union`).

use super::prelude::{
    BOX, CLONE, DEFAULT, ERR, NONE, OK, OPTION, PARTIAL_EQ, RESULT, SOME, STRING,
};
use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::structure::{REDACTED, strict_entry};
use crate::model::{Model, Shape};
use crate::naming::{UNKNOWN_VARIANT, ident};

impl Ctx<'_> {
    pub fn union(&mut self, shape: &Shape) -> TokenStream {
        let id = &shape.id;
        let name_str = self.names.type_name(id).to_owned();
        let name = ident(&name_str);
        let unknown = ident(UNKNOWN_VARIANT);
        let docs = self.docs(shape.traits.documentation.as_deref());

        let mut decls = Vec::new();
        let mut ser_arms = Vec::new();
        let mut de_arms = Vec::new();
        let mut debug_arms = Vec::new();
        // `ReadUnion::MEMBERS`: the members a strict read names by other than their wire key.
        let mut strict_members = Vec::new();
        for f in self.plan.clone().fields(id) {
            let m = &f.member;
            let v = f.ident();
            let label = f.rust_name.clone();
            let wire = f.key.as_str();
            strict_members.extend(strict_entry(&m.name, wire, false));
            let mdocs = self.member_docs(m);
            let sensitive = shape.traits.sensitive || self.is_sensitive(m);
            if Model::is_unit(&m.target) {
                decls.push(quote!(#mdocs #v,));
                ser_arms.push(
                    quote!(Self::#v => map.serialize_entry(#wire, &::serde_json::Map::new())?,),
                );
                de_arms.push(quote! {
                    #wire => {
                        map.next_value::<::serde::de::IgnoredAny>()?;
                        #SOME(Self::#v)
                    }
                });
                debug_arms.push(quote!(Self::#v => f.write_str(#label),));
                continue;
            }
            let mut ty = self.rust_type(&m.target);
            if f.boxed {
                ty = quote!(#BOX<#ty>);
            }
            decls.push(quote!(#mdocs #v(#ty),));
            match &f.adapter {
                Some(adapter) => {
                    ser_arms.push(quote! {
                        Self::#v(value) => map.serialize_entry(#wire, &::serde_with::ser::SerializeAsWrap::<#ty, #adapter>::new(value))?,
                    });
                    de_arms.push(quote! {
                        #wire => map
                            .next_value::<#OPTION<::serde_with::de::DeserializeAsWrap<#ty, #adapter>>>()?
                            .map(|value| Self::#v(value.into_inner())),
                    });
                }
                None => {
                    ser_arms.push(quote!(Self::#v(value) => map.serialize_entry(#wire, value)?,));
                    de_arms.push(quote! {
                        #wire => map.next_value::<#OPTION<#ty>>()?.map(Self::#v),
                    });
                }
            }
            if sensitive {
                debug_arms
                    .push(quote!(Self::#v(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),));
            } else {
                debug_arms
                    .push(quote!(Self::#v(value) => f.debug_tuple(#label).field(value).finish(),));
            }
        }
        let members_const = (!strict_members.is_empty())
            .then(|| quote!(const MEMBERS: &'static [&'static str] = &[#(#strict_members),*];));
        let unknown_doc =
            " A member the model does not know, by wire name; it cannot be serialized back.";
        quote! {
            #docs
            #[derive(#CLONE, #PARTIAL_EQ)]
            #[non_exhaustive]
            #[allow(clippy::large_enum_variant, reason = "variants hold the model's members by value, as the structures do")]
            pub enum #name {
                #(#decls)*
                #[doc = #unknown_doc]
                #unknown(crate::types::UnknownValue),
            }

            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#debug_arms)*
                        Self::#unknown(member) => f.debug_tuple(#UNKNOWN_VARIANT).field(&member.as_str()).finish(),
                    }
                }
            }

            /// An unknown member: what a required member the wire left out becomes.
            impl #DEFAULT for #name {
                fn default() -> Self {
                    Self::#unknown(crate::support::enums::UnknownValue::new(#STRING::new()))
                }
            }

            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                    use ::serde::ser::SerializeMap as _;
                    let mut map = serializer.serialize_map(#SOME(1))?;
                    match self {
                        #(#ser_arms)*
                        Self::#unknown(member) => {
                            return #ERR(<S::Error as ::serde::ser::Error>::custom(
                                ::std::format_args!("cannot serialize unknown member `{}` of union {}", member.as_str(), #name_str),
                            ));
                        }
                    }
                    map.end()
                }
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                    crate::support::wire::deserialize_union(deserializer)
                }
            }

            impl crate::support::wire::ReadUnion for #name {
                const NAME: &'static str = #name_str;
                #members_const

                fn read_variant<'de, A: ::serde::de::MapAccess<'de>>(key: &str, map: &mut A) -> #RESULT<#OPTION<#OPTION<Self>>, A::Error> {
                    #OK(#SOME(match key {
                        #(#de_arms)*
                        _ => return #OK(#NONE),
                    }))
                }

                fn unknown(key: &str) -> Self {
                    Self::#unknown(crate::support::enums::UnknownValue::new(key.to_owned()))
                }
            }
        }
    }
}
