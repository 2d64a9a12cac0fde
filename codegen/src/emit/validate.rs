//! Validators: `impl Validate` for every named type, checking each constraint trait.
//!
//! Constraints apply to a member through its target; a member's own constraint trait replaces
//! the same trait on the target. Checks recurse through structures, unions, lists and maps, and
//! every violation is recorded at the JSON pointer of the value (map keys at the map's path).

use std::collections::BTreeSet;

use super::prelude::{NONE, SOME};
use heck::ToShoutySnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::model::{Member, Range, ShapeId, ShapeKind, Simple, Size};
use crate::naming::{ident, is_enum_string};

/// The constraint traits in force on one value.
#[derive(Debug, Clone, Default)]
struct Constraints {
    length: Option<Size>,
    pattern: Option<String>,
    range: Option<Range>,
    unique: bool,
}

impl Constraints {
    /// The member's constraints over its target's.
    fn of(ctx: &Ctx, m: &Member) -> Self {
        let t = &ctx.model.expect(&m.target).traits;
        Constraints {
            length: m.traits.length.or(t.length),
            // A pattern that could not be translated is left unchecked (reported at generation).
            pattern: m
                .traits
                .pattern
                .clone()
                .or_else(|| t.pattern.clone())
                .filter(|p| ctx.patterns.contains_key(p)),
            range: m.traits.range.clone().or_else(|| t.range.clone()),
            unique: m.traits.unique_items || t.unique_items,
        }
    }

    fn is_empty(&self) -> bool {
        self.length.is_none() && self.pattern.is_none() && self.range.is_none() && !self.unique
    }
}

impl Ctx<'_> {
    /// Shapes whose values have something to check, found as a fixed point so recursion ends.
    pub fn constrained_shapes(&self) -> BTreeSet<ShapeId> {
        let mut set: BTreeSet<ShapeId> = BTreeSet::new();
        loop {
            let before = set.len();
            for id in &self.closure.shapes {
                if set.contains(id) {
                    continue;
                }
                let Some(shape) = self.model.get(id) else {
                    continue;
                };
                let member_checks = |m: &Member| {
                    !Constraints::of(self, m).is_empty()
                        || set.contains(&m.target)
                        || m.traits.required && m.traits.client_optional
                };
                let yes = match &shape.kind {
                    ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => true,
                    ShapeKind::Simple(_) => is_enum_string(shape),
                    ShapeKind::Structure(ms) | ShapeKind::Union(ms) => ms.iter().any(member_checks),
                    ShapeKind::List(m) => member_checks(m),
                    ShapeKind::Map { key, value } => member_checks(key) || member_checks(value),
                    _ => false,
                };
                if yes {
                    set.insert(id.clone());
                }
            }
            if set.len() == before {
                return set;
            }
        }
    }

    /// Translates every pattern in the closure once, naming a static for each.
    pub fn collect_patterns(&mut self) {
        // (shape or member id, base of the static's name, pattern)
        let mut owners: Vec<(String, String, String)> = Vec::new();
        // A shape's pattern is checked through the members that target it; a shape no member
        // targets (a resource identifier, say) would leave an unused static.
        let targeted: BTreeSet<&ShapeId> = self
            .closure
            .shapes
            .iter()
            .filter_map(|id| self.model.get(id))
            .flat_map(|shape| match &shape.kind {
                ShapeKind::Map { key, value } => vec![&key.target, &value.target],
                ShapeKind::List(m) => vec![&m.target],
                _ => shape.members().iter().map(|m| &m.target).collect(),
            })
            .collect();
        for id in &self.closure.shapes {
            let Some(shape) = self.model.get(id) else {
                continue;
            };
            // Only strings are checked against patterns (an `enum` shape's values are its
            // members, and its membership check rejects anything else).
            let is_string = |id: &ShapeId| {
                matches!(
                    self.model.get(id).map(|s| &s.kind),
                    Some(ShapeKind::Simple(Simple::String))
                )
            };
            if let Some(p) = shape
                .traits
                .pattern
                .as_ref()
                .filter(|_| targeted.contains(id) && is_string(id))
            {
                owners.push((id.to_string(), id.name().to_owned(), p.clone()));
            }
            let members: Vec<&Member> = match &shape.kind {
                ShapeKind::Map { key, value } => vec![key, value],
                _ => shape.members().iter().collect(),
            };
            for m in members {
                if let Some(p) = m.traits.pattern.as_ref().filter(|_| is_string(&m.target)) {
                    owners.push((
                        id.member(&m.name),
                        format!("{}_{}", id.name(), m.name),
                        p.clone(),
                    ));
                }
            }
        }
        let mut taken = BTreeSet::new();
        let mut failed = BTreeSet::new();
        for (owner, base, pattern) in owners {
            if self.patterns.contains_key(&pattern) || failed.contains(&pattern) {
                continue;
            }
            match crate::pattern::translate(&pattern) {
                Ok(t) => {
                    if t.java {
                        self.diagnostics.push(Diagnostic::warning(
                            owner,
                            format!(
                                "pattern {pattern:?} is not ECMA-262; it is read with the meaning Java's regular expressions give it (Smithy's reference implementation and Java services read it so)"
                            ),
                        ));
                    }
                    let base = format!("{}_PATTERN", base.to_shouty_snake_case());
                    let mut name = base.clone();
                    let mut n = 2;
                    while !taken.insert(name.clone()) {
                        name = format!("{base}_{n}");
                        n += 1;
                    }
                    self.patterns.insert(pattern, (name, t.regex, t.engine));
                }
                Err(e) if self.lenient => {
                    self.diagnostics.push(Diagnostic::warning(
                        owner,
                        format!("pattern {pattern:?} cannot be compiled ({e}); values are not checked against it"),
                    ));
                    failed.insert(pattern);
                }
                Err(e) => {
                    self.diagnostics.push(Diagnostic::error(
                        owner,
                        format!("pattern {pattern:?} cannot be compiled: {e}"),
                    ));
                    failed.insert(pattern);
                }
            }
        }
    }

    pub fn patterns_rs(&self) -> TokenStream {
        let mut statics: Vec<_> = self.patterns.iter().collect();
        statics.sort_by(|a, b| a.1.0.cmp(&b.1.0));
        let items = statics.into_iter().map(|(source, (name, regex, engine))| {
            let name = ident(name);
            // Control characters are escaped so the doc stays one line; a pattern with backticks
            // gets a longer code-span fence.
            let text = source.escape_debug().to_string();
            let doc = if text.contains('`') { format!(" `` {text} ``") } else { format!(" `{text}`") };
            let run = match engine {
                crate::pattern::Engine::Regex => crate::pattern::char_run(regex),
                crate::pattern::Engine::Fancy => None,
            };
            let constructor = match (engine, run) {
                (_, Some(run)) => {
                    let ranges = run.ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                    let min = proc_macro2::Literal::u32_unsuffixed(run.min);
                    let max = match run.max {
                        Some(max) => {
                            let max = proc_macro2::Literal::u32_unsuffixed(max);
                            quote!(#max)
                        }
                        None => quote!(u32::MAX),
                    };
                    quote!(chars(#source, #regex, &[#(#ranges),*], #min, #max))
                }
                (crate::pattern::Engine::Regex, None) => quote!(new(#source, #regex)),
                (crate::pattern::Engine::Fancy, None) => quote!(fancy(#source, #regex)),
            };
            quote! {
                #[doc = #doc]
                pub(crate) static #name: crate::validation::Pattern = crate::validation::Pattern::#constructor;
            }
        });
        quote! {
            //! The model's `@pattern` regular expressions, rewritten at generation time into `regex`
            //! syntax with their ECMA-262 meaning and compiled on first use.
            #(#items)*
        }
    }

    /// `impl Validate` for a named type.
    pub fn validate_impl(&mut self, shape: &crate::model::Shape) -> TokenStream {
        let id = &shape.id;
        let name = ident(self.names.type_name(id));
        let body = match &shape.kind {
            ShapeKind::Structure(ms) => {
                let checks: Vec<_> = ms
                    .iter()
                    .map(|m| self.struct_member_checks(id, m))
                    .collect();
                quote!(#(#checks)*)
            }
            ShapeKind::Union(ms) => {
                let arms: Vec<_> = ms
                    .iter()
                    .filter(|m| self.member_has_checks(m))
                    .map(|m| {
                        let variant = ident(self.names.member_name(id, &m.name));
                        let wire = &m.name;
                        if self.delegates(m) {
                            return quote!(Self::#variant(value) => validator.member(#wire, value),);
                        }
                        if let Some(args) = self.string_args(m) {
                            return quote!(Self::#variant(value) => validator.string_member(#wire, #SOME(value.as_str()), #args),);
                        }
                        let checks = self.value_checks(quote!(value), m);
                        let deref = self.field_of(id, &m.name).boxed.then(|| quote!(let value = &**value;));
                        quote! {
                            Self::#variant(value) => {
                                #deref
                                let mark = validator.enter(#wire);
                                #checks
                                validator.leave(mark);
                            }
                        }
                    })
                    .collect();
                if arms.is_empty() {
                    quote!()
                } else {
                    quote! {
                        #[allow(clippy::single_match)]
                        match self {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            }
            ShapeKind::IntEnum(_) => {
                let names: Vec<String> = shape
                    .members()
                    .iter()
                    .filter_map(|m| match m.traits.enum_value {
                        Some(crate::model::EnumValue::Int(i)) => Some(i.to_string()),
                        _ => None,
                    })
                    .collect();
                quote!(validator.enum_value(self.is_known(), &[#(#names),*]);)
            }
            _ => {
                // The message lists the values customers may send: Smithy servers leave out
                // `@internal` enum members and `@enum` values tagged "internal".
                let values = shape.string_enum_values();
                let public: Vec<&str> = values
                    .iter()
                    .filter(|e| !e.internal)
                    .map(|e| e.value)
                    .collect();
                let all = values.len();
                if public.len() == all {
                    quote!(validator.enum_value(self.is_known(), Self::VALUES);)
                } else {
                    quote!(validator.enum_value(self.is_known(), &[#(#public),*]);)
                }
            }
        };
        let param = if body.is_empty() {
            quote!(_validator)
        } else {
            quote!(validator)
        };
        quote! {
            impl crate::validation::Validate for #name {
                fn validate_at(&self, #param: &mut crate::validation::Validator) {
                    #body
                }
            }
        }
    }

    /// Whether validating the member emits any code (a constraint can hold for every value of
    /// its type, e.g. a range wider than the integer type, and then nothing is emitted).
    fn member_has_checks(&self, m: &Member) -> bool {
        !self.is_event_stream(m) && !self.value_checks(quote!(value), m).is_empty()
    }

    fn struct_member_checks(&self, owner: &ShapeId, m: &Member) -> TokenStream {
        if self.is_event_stream(m) {
            return quote!();
        }
        let field = ident(self.names.member_name(owner, &m.name));
        let wire = &m.name;
        let client_optional_required = m.traits.required && self.field_of(owner, &m.name).optional;
        let checks = self.value_checks(quote!(value), m);
        if checks.is_empty() && !client_optional_required {
            return quote!();
        }
        let required = client_optional_required.then(|| {
            quote! {
                if self.#field.is_none() {
                    let mark = validator.enter(#wire);
                    validator.required(false);
                    validator.leave(mark);
                }
            }
        });
        if self.delegates(m) {
            // `Validate` for `Option`, `Box`, `Vec` and `HashMap` walks into the value.
            return quote! {
                #required
                validator.member(#wire, &self.#field);
            };
        }
        if let Some(args) = self.string_args(m) {
            let value = if self.field_of(owner, &m.name).optional {
                quote!(self.#field.as_deref())
            } else {
                quote!(#SOME(self.#field.as_str()))
            };
            return quote! {
                #required
                validator.string_member(#wire, #value, #args);
            };
        }
        let boxed = self.field_of(owner, &m.name).boxed;
        if self.field_of(owner, &m.name).optional {
            let access = if boxed {
                quote!(self.#field.as_deref())
            } else {
                quote!(&self.#field)
            };
            let present = (!checks.is_empty()).then(|| {
                quote! {
                    if let #SOME(value) = #access {
                        let mark = validator.enter(#wire);
                        #checks
                        validator.leave(mark);
                    }
                }
            });
            quote! {
                #required
                #present
            }
        } else {
            let access = if boxed {
                quote!(&*self.#field)
            } else {
                quote!(&self.#field)
            };
            quote! {
                {
                    let value = #access;
                    let mark = validator.enter(#wire);
                    #checks
                    validator.leave(mark);
                }
            }
        }
    }

    /// Whether a member's checks are exactly its value's own `Validate` impl: a constrained
    /// structure, union or enum, or a list or map of those with no constraint of its own (and no
    /// checks on map keys). Such a member is checked with one `Validator::member` call.
    fn delegates(&self, m: &Member) -> bool {
        let c = Constraints::of(self, m);
        let target = self.model.expect(&m.target);
        match &target.kind {
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_) => self.constrained.contains(&m.target),
            ShapeKind::Simple(Simple::String) => {
                is_enum_string(target) && c.length.is_none() && c.pattern.is_none()
            }
            ShapeKind::List(item) => c.length.is_none() && !c.unique && self.delegates(item),
            ShapeKind::Map { key, value } => {
                c.length.is_none() && !self.member_has_checks(key) && self.delegates(value)
            }
            _ => false,
        }
    }

    /// The `length` bounds and `pattern` arguments of `Validator::string_member`, for a member
    /// that targets a plain string (not a Smithy 1.0 enum) with either constraint.
    fn string_args(&self, m: &Member) -> Option<TokenStream> {
        let target = self.model.expect(&m.target);
        if !matches!(target.kind, ShapeKind::Simple(Simple::String)) || is_enum_string(target) {
            return None;
        }
        let c = Constraints::of(self, m);
        let pattern = c
            .pattern
            .as_ref()
            .and_then(|p| self.patterns.get(p))
            .map(|(name, _, _)| {
                let name = ident(name);
                quote!(#SOME(&crate::patterns::#name))
            });
        if c.length.is_none() && pattern.is_none() {
            return None;
        }
        let (min, max) = c
            .length
            .map_or_else(|| (quote!(#NONE), quote!(#NONE)), bounds);
        let pattern = pattern.unwrap_or_else(|| quote!(#NONE));
        Some(quote!(#min, #max, #pattern))
    }

    /// Checks for `value` (an expression of type `&T`) of member `m`'s target.
    fn value_checks(&self, value: TokenStream, m: &Member) -> TokenStream {
        let c = Constraints::of(self, m);
        let target = self.model.expect(&m.target);
        let mut out = Vec::new();
        match &target.kind {
            ShapeKind::Simple(Simple::String) => {
                let text = quote!(#value.as_str());
                if let Some(len) = c.length {
                    let (min, max) = bounds(len);
                    out.push(quote!(validator.length(#text.chars().count(), #min, #max);));
                }
                if let Some(p) = &c.pattern {
                    if let Some((name, _, _)) = self.patterns.get(p) {
                        let name = ident(name);
                        out.push(quote!(validator.pattern(#text, &crate::patterns::#name);));
                    }
                }
                if is_enum_string(target) {
                    out.push(quote!(crate::validation::Validate::validate_at(#value, validator);));
                }
            }
            ShapeKind::Simple(Simple::Blob) => {
                if let Some(len) = c.length {
                    let (min, max) = bounds(len);
                    out.push(quote!(validator.length(#value.len(), #min, #max);));
                }
            }
            ShapeKind::Simple(s) => {
                if let Some(range) = &c.range {
                    if let Some(tokens) = range_check(*s, range, &value) {
                        out.push(tokens);
                    }
                }
            }
            ShapeKind::List(item) => {
                if let Some(len) = c.length {
                    let (min, max) = bounds(len);
                    out.push(quote!(validator.length(#value.len(), #min, #max);));
                }
                if c.unique {
                    if self.is_hashable(&item.target) {
                        out.push(quote!(validator.unique(#value);));
                    } else {
                        out.push(quote!(validator.unique_by_eq(#value);));
                    }
                }
                // (List items and map entries cannot be event streams.)
                let checks = self.value_checks(quote!(item), item);
                if !checks.is_empty() {
                    let body = sparse_items(target.traits.sparse, checks);
                    out.push(quote! {
                        for (index, item) in #value.iter().enumerate() {
                            let mark = validator.enter_index(index);
                            #body
                            validator.leave(mark);
                        }
                    });
                }
            }
            ShapeKind::Map { key, value: val } => {
                if let Some(len) = c.length {
                    let (min, max) = bounds(len);
                    out.push(quote!(validator.length(#value.len(), #min, #max);));
                }
                let key_checks =
                    Some(self.value_checks(quote!(key), key)).filter(|c| !c.is_empty());
                let value_checks = Some(self.value_checks(quote!(item), val))
                    .filter(|c| !c.is_empty())
                    .map(|checks| {
                        let checks = sparse_items(target.traits.sparse, checks);
                        quote! {
                            let mark = validator.enter(key.as_ref());
                            #checks
                            validator.leave(mark);
                        }
                    });
                match (key_checks, value_checks) {
                    (None, None) => {}
                    (Some(key_checks), None) => out.push(quote! {
                        for key in #value.keys() {
                            #key_checks
                        }
                    }),
                    (key_checks, Some(value_checks)) => out.push(quote! {
                        for (key, item) in #value {
                            #key_checks
                            #value_checks
                        }
                    }),
                }
            }
            ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_)
                if self.constrained.contains(&m.target) =>
            {
                out.push(quote!(crate::validation::Validate::validate_at(#value, validator);));
            }
            _ => {}
        }
        quote!(#(#out)*)
    }

    /// Whether values of the shape implement `Hash + Eq` (for `uniqueItems`).
    fn is_hashable(&self, id: &ShapeId) -> bool {
        let s = self.model.expect(id);
        match &s.kind {
            ShapeKind::Simple(Simple::Float | Simple::Double | Simple::Document) => false,
            ShapeKind::Simple(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => true,
            ShapeKind::List(m) => self.is_hashable(&m.target),
            _ => false,
        }
    }
}

fn bounds(len: Size) -> (TokenStream, TokenStream) {
    let opt = |v: Option<u64>| match v {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(#SOME(#n))
        }
        None => quote!(#NONE),
    };
    (opt(len.min), opt(len.max))
}

/// `checks` of an `item`, which in a sparse list or map is an `Option` to look into.
fn sparse_items(sparse: bool, checks: TokenStream) -> TokenStream {
    if sparse {
        quote! {
            if let #SOME(item) = item {
                #checks
            }
        }
    } else {
        checks
    }
}

/// A range check for a number of the given simple type, with bounds that fit the type.
fn range_check(s: Simple, range: &Range, value: &TokenStream) -> Option<TokenStream> {
    if matches!(s, Simple::BigInteger | Simple::BigDecimal) {
        return big_range_check(range, value);
    }
    let float = matches!(s, Simple::Float | Simple::Double | Simple::BigDecimal);
    let (lo, hi): (f64, f64) = match s {
        Simple::Byte => (i8::MIN as f64, i8::MAX as f64),
        Simple::Short => (i16::MIN as f64, i16::MAX as f64),
        Simple::Integer => (i32::MIN as f64, i32::MAX as f64),
        Simple::Long => (i64::MIN as f64, i64::MAX as f64),
        Simple::BigInteger => (i128::MIN as f64, i128::MAX as f64),
        Simple::Float | Simple::Double | Simple::BigDecimal => (f64::MIN, f64::MAX),
        _ => return None,
    };
    // A bound is (literal, text as the model wrote it); a bound outside the type always holds.
    let bound = |n: &Option<serde_json::Number>, is_min: bool| -> TokenStream {
        let Some(n) = n else {
            return quote!(#NONE);
        };
        let text = n.to_string();
        let f = n.as_f64().unwrap_or(0.0);
        if float {
            let lit = Literal::f64_unsuffixed(f);
            return quote!(#SOME((#lit, #text)));
        }
        let f = if is_min { f.ceil() } else { f.floor() };
        if (is_min && f <= lo) || (!is_min && f >= hi) {
            return quote!(#NONE);
        }
        let lit = match n.as_i64() {
            Some(i) => Literal::i64_unsuffixed(i),
            None => Literal::i64_unsuffixed(f as i64),
        };
        quote!(#SOME((#lit, #text)))
    };
    let min = bound(&range.min, true);
    let max = bound(&range.max, false);
    if min.to_string().ends_with("None") && max.to_string().ends_with("None") {
        return None;
    }
    Some(quote!(validator.range(*#value, #min, #max);))
}

/// A range check for a `bigInteger` or `bigDecimal`: the value is compared exactly with each
/// bound as a decimal, so a `bigInteger` below a `min` of `1.5` is 1, not 2 or anything
/// rounded through a float.
fn big_range_check(range: &Range, value: &TokenStream) -> Option<TokenStream> {
    let bound = |n: &Option<serde_json::Number>| match n {
        // serde_json writes a number as JSON, which `number.rs` reads: as the model wrote it,
        // every digit (the loaders keep numbers' text).
        Some(n) => {
            let text = n.to_string();
            quote!(#SOME((&crate::number::BigDecimal::from_trusted(#text), #text)))
        }
        None => quote!(#NONE),
    };
    if range.min.is_none() && range.max.is_none() {
        return None;
    }
    let (min, max) = (bound(&range.min), bound(&range.max));
    Some(quote!(validator.range(#value, #min, #max);))
}
