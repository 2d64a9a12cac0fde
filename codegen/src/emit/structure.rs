//! Structures: the struct, its `Default`, `Debug` and `Deserialize`, and its builder.

use std::collections::BTreeSet;

use super::prelude::{
    BOX, CLONE, DEFAULT, DERIVE_DEBUG, ERR, INTO, OK, OPTION, PARTIAL_EQ, RESULT, SOME, STRING, VEC,
};
use heck::ToSnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::Ctx;
use super::plan::{Adapter, Field};
use crate::diagnostic::Diagnostic;
use crate::model::{Member, Shape, ShapeKind, Simple};
use crate::naming::ident;

/// What `Debug` shows for a redacted value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

impl Ctx<'_> {
    pub fn structure(&mut self, shape: &Shape) -> TokenStream {
        let id = &shape.id;
        let name = ident(self.names.type_name(id));
        let name_str = self.names.type_name(id).to_owned();
        let builder = ident(self.names.builder_name(id));
        let docs = self.docs(shape.traits.documentation.as_deref());
        let mut fields = Vec::new();
        let mut default_fns = Vec::new();
        let mut default_inits = Vec::new();
        let mut zero_defaults = true;
        let mut debug_fields = Vec::new();
        let mut builder_fields = Vec::new();
        let mut setters = Vec::new();
        let mut missing_checks = Vec::new();
        let mut required_idents = Vec::new();
        // What `build` binds each required member's value to (its field name, mostly).
        let mut required_bindings = Vec::new();
        let field_names: BTreeSet<String> = self
            .plan
            .clone()
            .fields(id)
            .iter()
            .map(|f| f.rust_name.clone())
            .collect();
        let mut inits = Vec::new();
        let mut read_arms = Vec::new();
        // `ReadMembers::MEMBERS`: what a server's strict read checks and names.
        let mut strict_members = Vec::new();
        let mut writes = Writes::default();
        // `ReadMembers::NOT_IN_BODY`: the keys of members bound outside the body.
        let mut not_in_body = Vec::new();
        // An error's message member: the other keys services spell it with, and how they fill it.
        let mut message_aliases: Vec<&str> = Vec::new();
        let mut message_fill = None;

        for f in self.plan.clone().fields(id) {
            let m = &f.member;
            let field = f.ident();
            let label = f.label().to_owned();
            let ty = self.field_type(f);
            let key = f.key.as_str();
            let mdocs = self.member_docs(m);
            let mdocs = if f.event_stream {
                let note = format!(
                    " Event stream `{}`: not supported by this generator yet; kept as opaque bytes and never serialized.",
                    m.target
                );
                let gap = (!mdocs.is_empty()).then(|| quote!(#[doc = ""]));
                quote!(#mdocs #gap #[doc = #note])
            } else {
                mdocs
            };
            let optional = f.optional;
            let boxed = f.boxed;
            let sensitive = self.is_sensitive(m) || shape.traits.sensitive;

            // How a missing value is filled in: the model's default, or the type's zero value
            // (client error correction for required members).
            let default_fn = f.default.as_ref().and_then(|v| {
                let value = self.default_tokens(&shape.id.member(&m.name), m, v)?;
                let value = if boxed {
                    quote!(#BOX::new(#value))
                } else {
                    value
                };
                let f = format_ident!("default_{}_{}", name_str.to_snake_case(), label);
                default_fns.push(quote! {
                    fn #f() -> #ty { #value }
                });
                Some(f)
            });
            let event_stream = f.event_stream;
            // Every member but an event stream (framed, not a document) is in the serde form;
            // the body of a protocol with HTTP bindings leaves out the members it binds
            // elsewhere (`WriteMembers`, `ReadMembers::NOT_IN_BODY`).
            if !event_stream {
                writes.write(f, quote!(self.#field));
                if !f.in_body() {
                    not_in_body.push(key.to_owned());
                }
                let read = self.read_expr(optional, default_fn.is_some(), f.adapter.as_ref());
                // Services spell an error's message `message`, `Message` or `errorMessage`,
                // whatever the model says: the member's own key wins, else the last of the
                // others that is a string (`ReadMembers::MESSAGE_ALIASES`).
                if shape.traits.error.is_some()
                    && m.name.eq_ignore_ascii_case("message")
                    && message_aliases.is_empty()
                    && self.is_plain_string(&m.target)
                {
                    message_aliases = ["message", "Message", "errorMessage"]
                        .into_iter()
                        .filter(|a| *a != key)
                        .collect();
                    let fill = if optional {
                        quote!(self.#field.get_or_insert(message);)
                    } else {
                        quote! {
                            if self.#field.is_empty() {
                                self.#field = message;
                            }
                        }
                    };
                    message_fill = Some(quote! {
                        fn fill_message(&mut self, message: #STRING) {
                            #fill
                        }
                    });
                }
                read_arms.push(quote!(#key => self.#field = #read,));
                // Only clients read errors, which need no entries (and `message` has two keys).
                if shape.traits.error.is_none() && f.in_body() {
                    strict_members.extend(strict_entry(&m.name, key, f.must_be_sent));
                }
            }
            let deprecated = m.traits.deprecated.then(|| {
                let note = m
                    .traits
                    .raw
                    .get("smithy.api#deprecated")
                    .and_then(|d| d.get("message"))
                    .and_then(|n| n.as_str());
                match note {
                    Some(note) => quote!(#[deprecated(note = #note)]),
                    None => quote!(#[deprecated]),
                }
            });
            fields.push(quote! {
                #mdocs
                #deprecated
                pub #field: #ty,
            });
            match &default_fn {
                Some(f) => {
                    zero_defaults = false;
                    default_inits.push(quote!(#field: #f()));
                }
                None => default_inits.push(quote!(#field: #DEFAULT::default())),
            }
            debug_fields.push((label.clone(), field.clone(), sensitive));

            // Builder: every field is optional until `build`.
            let value_ty = if event_stream {
                quote!(#VEC<u8>)
            } else {
                self.rust_type(&m.target)
            };
            let inner_ty = if boxed {
                quote!(#BOX<#value_ty>)
            } else {
                value_ty.clone()
            };
            builder_fields.push(quote!(#field: #OPTION<#inner_ty>));
            let wrap = if boxed {
                quote!(#BOX::new(value.into()))
            } else {
                quote!(value.into())
            };
            // A setter named like an operator method has that method's shape (`self`, one
            // argument, `Self`); it sets a member all the same.
            let operator_name = matches!(
                field.to_string().as_str(),
                "add"
                    | "sub"
                    | "mul"
                    | "div"
                    | "rem"
                    | "bitand"
                    | "bitor"
                    | "bitxor"
                    | "shl"
                    | "shr"
            )
            .then(|| quote!(#[allow(clippy::should_implement_trait)]));
            setters.push(quote! {
                #mdocs
                #operator_name
                pub fn #field(mut self, value: impl #INTO<#value_ty>) -> Self {
                    self.#field = #SOME(#wrap);
                    self
                }
            });
            if optional {
                inits.push(quote!(#field: self.#field));
            } else if let Some(f) = &default_fn {
                inits.push(quote!(#field: self.#field.unwrap_or_else(#f)));
            } else if f.must_be_sent {
                let wire_name = &m.name;
                missing_checks.push(quote! {
                    if self.#field.is_none() {
                        missing.push(#wire_name);
                    }
                });
                let binding = build_binding(&f.rust_name, &field_names);
                if binding == field {
                    inits.push(quote!(#field));
                } else {
                    inits.push(quote!(#field: #binding));
                }
                required_idents.push(field.clone());
                required_bindings.push(binding);
            } else {
                inits.push(quote!(#field: self.#field.unwrap_or_default()));
            }
        }

        let derive_default = zero_defaults.then(|| quote!(#DEFAULT,));
        let default_impl = (!zero_defaults).then(|| {
            quote! {
                impl #DEFAULT for #name {
                    fn default() -> Self {
                        Self { #(#default_inits),* }
                    }
                }
            }
        });
        let sensitive_shape = shape.traits.sensitive;
        let has_sensitive = sensitive_shape || debug_fields.iter().any(|(_, _, s)| *s);
        let derive_debug = (!has_sensitive).then(|| quote!(#DERIVE_DEBUG,));
        let own_debug = has_sensitive.then(|| debug_impl(&name, &name_str, &debug_fields));
        let builder_name_str = self.names.builder_name(id).to_owned();
        let builder_derive_debug = (!has_sensitive).then(|| quote!(#DERIVE_DEBUG,));
        let builder_debug_impl =
            has_sensitive.then(|| debug_impl(&builder, &builder_name_str, &debug_fields));

        let build_body = if required_idents.is_empty() {
            quote! {
                #OK(#name { #(#inits),* })
            }
        } else {
            // A constant cannot be interpolated inside a repetition (quote binds every name
            // there with `let`).
            let some = SOME;
            quote! {
                let mut missing = #VEC::new();
                #(#missing_checks)*
                match (#(self.#required_idents),*,) {
                    (#(#some(#required_bindings)),*,) => {
                        #OK(#name { #(#inits),* })
                    }
                    _ => #ERR(crate::support::error::BuildError::new(#name_str, missing)),
                }
            }
        };
        let read_fn = if read_arms.is_empty() {
            quote! {
                fn read_member<'de, A: ::serde::de::MapAccess<'de>>(&mut self, _key: &str, _map: &mut A) -> #RESULT<bool, A::Error> {
                    #OK(false)
                }
            }
        } else {
            quote! {
                fn read_member<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> #RESULT<bool, A::Error> {
                    match key {
                        #(#read_arms)*
                        _ => return #OK(false),
                    }
                    #OK(true)
                }
            }
        };
        let members_const = (!strict_members.is_empty())
            .then(|| quote!(const MEMBERS: &'static [&'static str] = &[#(#strict_members),*];));
        let not_in_body_const = (!not_in_body.is_empty())
            .then(|| quote!(const NOT_IN_BODY: &'static [&'static str] = &[#(#not_in_body),*];));
        let message_aliases_const = (!message_aliases.is_empty()).then(
            || quote!(const MESSAGE_ALIASES: &'static [&'static str] = &[#(#message_aliases),*];),
        );
        let serialize = writes.impls(&name, &name_str);
        let deserialize = quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #RESULT<Self, D::Error> {
                    crate::support::wire::deserialize_struct(deserializer)
                }
            }

            impl crate::support::wire::ReadMembers for #name {
                const NAME: &'static str = #name_str;
                #members_const
                #not_in_body_const
                #message_aliases_const
                #message_fill
                #read_fn
            }
        };
        // `struct@`: a model structure may share its name with a derive macro (`Hash`, `Default`).
        let builder_doc = format!(
            " Builds a [`{name_str}`](struct@{name_str}), checking that every required member is set."
        );
        let builder_fn_doc = format!(" Starts building a [`{name_str}`](struct@{name_str}).");

        quote! {
            #docs
            #[derive(#CLONE, #PARTIAL_EQ, #derive_default #derive_debug)]
            pub struct #name {
                #(#fields)*
            }

            #serialize
            #deserialize

            #default_impl
            #own_debug
            #(#default_fns)*

            impl #name {
                #[doc = #builder_fn_doc]
                pub fn builder() -> #builder {
                    #DEFAULT::default()
                }

                /// Checks every constraint of the model, returning all violations at once.
                pub fn validate(&self) -> #RESULT<(), crate::validation::ValidationError> {
                    crate::validation::Validate::validate(self)
                }
            }

            #[doc = #builder_doc]
            #[derive(#CLONE, #DEFAULT, #builder_derive_debug)]
            pub struct #builder {
                #(#builder_fields),*
            }

            #builder_debug_impl

            impl #builder {
                #(#setters)*

                /// Builds the value; fails naming every required member that was not set.
                /// Members with a default take it when unset.
                pub fn build(self) -> #RESULT<#name, crate::error::BuildError> {
                    #build_body
                }
            }
        }
    }

    /// How a body member's value is read in `ReadMembers::read_member`: through `serde_with`
    /// adapters for timestamps, blobs and dense collections, and, for a required member with no
    /// default, taking `null` as absent (client error correction).
    fn read_expr(
        &self,
        optional: bool,
        has_default: bool,
        adapter: Option<&Adapter>,
    ) -> TokenStream {
        let read_as = match (optional, has_default, adapter) {
            (true, _, None) | (false, true, None) => None,
            (true, _, Some(a)) => Some(quote!(#OPTION<#a>)),
            (false, false, None) => return quote!(crate::support::wire::or_default(map)?),
            (false, false, Some(a)) => Some(quote!(::serde_with::DefaultOnNull<#a>)),
            (false, true, Some(a)) => Some(quote!(#a)),
        };
        match read_as {
            None => quote!(map.next_value()?),
            Some(u) => quote!(crate::support::wire::ReadAs::<#u>::next(map)?),
        }
    }

    /// Documentation of a member, falling back to its target's.
    pub fn member_docs(&self, m: &Member) -> TokenStream {
        let doc = m
            .traits
            .documentation
            .as_deref()
            .or_else(|| self.model.expect(&m.target).traits.documentation.as_deref());
        self.docs(doc)
    }

    /// A Rust expression for a member's `default` value, typed as the member's target.
    pub(super) fn default_tokens(
        &mut self,
        member_id: &str,
        m: &Member,
        v: &Value,
    ) -> Option<TokenStream> {
        let target = self.model.expect(&m.target);
        let ty = self.rust_type(&m.target);
        let bad = |ctx: &mut Self| {
            ctx.diagnostics.push(Diagnostic::warning(
                member_id.to_owned(),
                format!(
                    "default value {v} does not fit the {} target; using the zero value",
                    target.type_name()
                ),
            ));
            None
        };
        let tokens = match (&target.kind, v) {
            (ShapeKind::Simple(Simple::Boolean), Value::Bool(b)) => {
                if !b {
                    return None;
                }
                quote!(true)
            }
            (
                ShapeKind::Simple(
                    s @ (Simple::Byte | Simple::Short | Simple::Integer | Simple::Long),
                ),
                Value::Number(n),
            ) => {
                let i = n.as_i64()?;
                if i == 0 {
                    return None;
                }
                let lit = match s {
                    Simple::Byte => Literal::i8_unsuffixed(i8::try_from(i).ok()?),
                    Simple::Short => Literal::i16_unsuffixed(i16::try_from(i).ok()?),
                    Simple::Integer => Literal::i32_unsuffixed(i32::try_from(i).ok()?),
                    _ => Literal::i64_unsuffixed(i),
                };
                quote!(#lit)
            }
            (
                ShapeKind::Simple(s @ (Simple::BigInteger | Simple::BigDecimal)),
                Value::Number(n),
            ) => {
                // The number as the model wrote it (integers exactly, other numbers to the 17
                // significant digits the model loader keeps), not through a float.
                let text = match s {
                    Simple::BigInteger => match crate::decimal_text::integer_text(n) {
                        Some(text) => text,
                        None => return bad(self),
                    },
                    _ => n.to_string(),
                };
                if crate::decimal_text::is_zero(&text) {
                    return None;
                }
                quote!(#ty::from_trusted(#text))
            }
            (ShapeKind::Simple(Simple::Float | Simple::Double), Value::Number(n)) => {
                let f = n.as_f64()?;
                if f == 0.0 {
                    return None;
                }
                let lit = Literal::f64_unsuffixed(f);
                quote!(#lit)
            }
            (ShapeKind::Simple(Simple::String), Value::String(s))
                if target.traits.enum_definitions.is_some() =>
            {
                quote!(#ty::from(#s))
            }
            (ShapeKind::Simple(Simple::String), Value::String(s)) => {
                if s.is_empty() {
                    return None;
                }
                quote!(#STRING::from(#s))
            }
            (ShapeKind::Enum(_), Value::String(s)) => quote!(#ty::from(#s)),
            (ShapeKind::IntEnum(_), Value::Number(n)) => {
                let i = i32::try_from(n.as_i64()?).ok()?;
                quote!(#ty::from(#i))
            }
            (ShapeKind::Simple(Simple::Timestamp), Value::Number(n)) => {
                let secs = n.as_i64()?;
                if secs == 0 {
                    return None;
                }
                quote!(::jiff::Timestamp::from_second(#secs).unwrap_or_default())
            }
            (ShapeKind::Simple(Simple::Blob), Value::String(s)) if s.is_empty() => return None,
            // Blob defaults are base64 in the model.
            (ShapeKind::Simple(Simple::Blob), Value::String(s)) => {
                use base64::Engine as _;
                let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(s) else {
                    return bad(self);
                };
                let bytes = Literal::byte_string(&bytes);
                quote!(#bytes.to_vec())
            }
            (ShapeKind::List(_), Value::Array(a)) if a.is_empty() => return None,
            (ShapeKind::Map { .. }, Value::Object(o)) if o.is_empty() => return None,
            (ShapeKind::Simple(Simple::Document), v) => {
                if v.is_null() {
                    return None;
                }
                let json: TokenStream = v.to_string().parse().ok()?;
                quote!(::serde_json::json!(#json))
            }
            _ => return bad(self),
        };
        Some(tokens)
    }
}

/// A member's entry in `ReadMembers::MEMBERS` or `ReadUnion::MEMBERS` (`support/wire.rs`): a
/// required member by its name, a member whose wire key is not its name as `name=key`, with `?`
/// in front when it is not required; `None` for a member the strict read needs nothing more of.
/// The local `build` binds a required member's value to: its field name, but for the names
/// clippy's `disallowed_names` lint rejects as placeholders, which take a suffix that no other
/// field of the structure has (`foo` is `foo_value`, or `foo_value_` beside a `foo_value`).
fn build_binding(rust_name: &str, field_names: &BTreeSet<String>) -> Ident {
    const CLIPPY_DISALLOWED: [&str; 3] = ["foo", "baz", "quux"];
    if !CLIPPY_DISALLOWED.contains(&rust_name) {
        return ident(rust_name);
    }
    let mut binding = format!("{rust_name}_value");
    while field_names.contains(&binding) {
        binding.push('_');
    }
    ident(&binding)
}

pub fn strict_entry(name: &str, wire: &str, required: bool) -> Option<String> {
    let optional = if required { "" } else { "?" };
    if wire != name {
        Some(format!("{optional}{name}={wire}"))
    } else {
        required.then(|| name.to_owned())
    }
}

/// What `WriteMembers::write_members` writes (`support/wire.rs`): a statement per member, and
/// how many members that is, for serializers (CBOR) that write the count first.
#[derive(Default)]
struct Writes {
    /// Writes of the body's members, of the others that are required, and of the others that
    /// are optional.
    statements: (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>),
    /// Members written whatever their value, in and out of the body.
    always: (usize, usize),
    /// `usize::from(set)` terms of optional members, in and out of the body.
    when_set: (Vec<TokenStream>, Vec<TokenStream>),
}

impl Writes {
    /// Adds the write of a field whose value is at `place` (`self.field`).
    fn write(&mut self, f: &Field, place: TokenStream) {
        let key = &f.key;
        let value = |v: TokenStream| match &f.adapter {
            Some(a) => quote!(&::serde_with::ser::SerializeAsWrap::<_, #a>::new(#v)),
            None => v,
        };
        // Members outside the body are written when `!body`: the required ones in one block,
        // each optional one on its own (`if !body && let ...`).
        let guard = (!f.in_body()).then(|| quote!(!body &&));
        let statement = if f.optional {
            let v = value(quote!(value));
            quote!(if #guard let #SOME(value) = &#place { out.serialize_field(#key, #v)?; })
        } else {
            let v = value(quote!(&#place));
            quote!(out.serialize_field(#key, #v)?;)
        };
        let (always, when_set) = if f.in_body() {
            self.statements.0.push(statement);
            (&mut self.always.0, &mut self.when_set.0)
        } else if f.optional {
            self.statements.2.push(statement);
            (&mut self.always.1, &mut self.when_set.1)
        } else {
            self.statements.1.push(statement);
            (&mut self.always.1, &mut self.when_set.1)
        };
        if f.optional {
            when_set.push(quote!(usize::from(#place.is_some())));
        } else {
            *always += 1;
        }
    }

    /// `Serialize`, and `WriteMembers` behind it.
    fn impls(self, name: &Ident, name_str: &str) -> TokenStream {
        let count = |always: usize, when_set: &[TokenStream]| {
            let n = Literal::usize_unsuffixed(always);
            match (always, when_set) {
                (_, []) => quote!(#n),
                (0, _) => quote!(#(#when_set)+*),
                _ => quote!(#n + #(#when_set)+*),
            }
        };
        let (in_body, bound, bound_optional) = &self.statements;
        let binds = !bound.is_empty() || !bound_optional.is_empty();
        let mut len = count(self.always.0, &self.when_set.0);
        if binds {
            let out = count(self.always.1, &self.when_set.1);
            let out = quote!(if body { 0 } else { #out });
            len = if in_body.is_empty() {
                out
            } else {
                quote!(#len + #out)
            };
        }
        let body = if binds { quote!(body) } else { quote!(_body) };
        let bound = (!bound.is_empty()).then(|| quote!(if !body { #(#bound)* }));
        let write = if in_body.is_empty() && !binds {
            quote!(serializer.serialize_struct(#name_str, 0)?.end())
        } else {
            quote! {
                let mut out = serializer.serialize_struct(#name_str, #len)?;
                #(#in_body)*
                #bound
                #(#bound_optional)*
                out.end()
            }
        };
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> #RESULT<S::Ok, S::Error> {
                    crate::support::wire::WriteMembers::write_members(self, serializer, false)
                }
            }

            impl crate::support::wire::WriteMembers for #name {
                fn write_members<S: ::serde::Serializer>(&self, serializer: S, #body: bool) -> #RESULT<S::Ok, S::Error> {
                    use ::serde::ser::SerializeStruct as _;
                    #write
                }
            }
        }
    }
}

/// A `Debug` impl that prints sensitive fields as a fixed redaction marker.
pub fn debug_impl(name: &Ident, name_str: &str, fields: &[(String, Ident, bool)]) -> TokenStream {
    let entries = fields.iter().map(|(label, field, sensitive)| {
        if *sensitive {
            quote!(.field(#label, &#REDACTED))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name_str)
                    #(#entries)*
                    .finish()
            }
        }
    }
}
