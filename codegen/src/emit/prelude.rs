//! Names of the Rust prelude in emitted code: `Option`, `Some`, `String`... or, in a crate that
//! defines a type of the same name (a model shape named `Result`, say), the full path
//! `::std::result::Result`, which no shape can shadow.
//!
//! Emitters write `quote!(#OPTION<#ty>)`. What `OPTION` prints depends on the crate being
//! emitted, which [`scoped`] sets for the current thread around emitting; outside of it every
//! name prints as its full path, which is always right. (rustc decides how to print paths the
//! same way, with thread-local flags.) Short names read better, and they are cheaper: a third of
//! the tokens we emitted were inside `::std::` paths, and parsing the emitted tokens back is
//! most of the generator's time.

use std::cell::Cell;

use proc_macro2::{Ident, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// An item of the Rust prelude, by its path under `std`.
#[derive(Clone, Copy)]
pub(crate) struct Std {
    path: &'static [&'static str],
    /// Its bit in the set of shadowed names.
    bit: u32,
}

macro_rules! prelude {
    ($($name:ident = $bit:literal [$($segment:literal),+];)*) => {
        $(pub(crate) const $name: Std = Std { path: &[$($segment),+], bit: 1 << $bit };)*
        /// Every name above, to find the ones a crate shadows.
        const ALL: &[Std] = &[$($name),*];
    };
}

prelude! {
    OPTION = 0 ["std", "option", "Option"];
    SOME = 1 ["std", "option", "Option", "Some"];
    NONE = 2 ["std", "option", "Option", "None"];
    RESULT = 3 ["std", "result", "Result"];
    OK = 4 ["std", "result", "Result", "Ok"];
    ERR = 5 ["std", "result", "Result", "Err"];
    STRING = 6 ["std", "string", "String"];
    VEC = 7 ["std", "vec", "Vec"];
    BOX = 8 ["std", "boxed", "Box"];
    DEFAULT = 9 ["std", "default", "Default"];
    INTO = 10 ["std", "convert", "Into"];
    FROM = 11 ["std", "convert", "From"];
    AS_REF = 12 ["std", "convert", "AsRef"];
    TO_OWNED = 13 ["std", "borrow", "ToOwned"];
    CLONE = 14 ["std", "clone", "Clone"];
    COPY = 15 ["std", "marker", "Copy"];
    PARTIAL_EQ = 16 ["std", "cmp", "PartialEq"];
    EQ = 17 ["std", "cmp", "Eq"];
    PARTIAL_ORD = 18 ["std", "cmp", "PartialOrd"];
    ORD = 19 ["std", "cmp", "Ord"];
    // In the prelude as derive macros only (their traits are not): for `#[derive]` lists.
    DERIVE_DEBUG = 20 ["std", "fmt", "Debug"];
    DERIVE_HASH = 21 ["std", "hash", "Hash"];
}

impl Std {
    /// The name the prelude knows it by.
    fn name(self) -> &'static str {
        self.path[self.path.len() - 1]
    }
}

thread_local! {
    /// The prelude names the crate being emitted shadows; `None` outside of [`scoped`].
    static SHADOWED: Cell<Option<u32>> = const { Cell::new(None) };
}

/// The set of prelude names a crate shadows, given whether it defines an item of a name.
pub(crate) fn shadowed_by(defines: impl Fn(&str) -> bool) -> u32 {
    ALL.iter()
        .filter(|s| defines(s.name()))
        .fold(0, |set, s| set | s.bit)
}

/// Runs `f` with `shadowed` as the current crate's set (from [`shadowed_by`]) on this thread.
pub(crate) fn scoped<R>(shadowed: u32, f: impl FnOnce() -> R) -> R {
    /// Puts the previous set back, also when `f` panics (the corpus run catches panics and
    /// goes on with the next model on the same thread).
    struct Restore(Option<u32>);
    impl Drop for Restore {
        fn drop(&mut self) {
            SHADOWED.set(self.0);
        }
    }
    let _restore = Restore(SHADOWED.replace(Some(shadowed)));
    f()
}

impl ToTokens for Std {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let short = SHADOWED.get().is_some_and(|set| set & self.bit == 0);
        if short {
            tokens.append(Ident::new(self.name(), Span::call_site()));
            return;
        }
        for segment in self.path {
            tokens.append(Punct::new(':', Spacing::Joint));
            tokens.append(Punct::new(':', Spacing::Alone));
            tokens.append(Ident::new(segment, Span::call_site()));
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn text(tokens: TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn short_names_unless_shadowed_and_full_paths_outside_a_scope() {
        let tokens = || quote!(#OPTION<#STRING>; #SOME(1); #OK(()));
        let shadowed = shadowed_by(|name| name == "String" || name == "Some");
        assert_eq!(
            text(scoped(shadowed, tokens)),
            text(quote!(Option<::std::string::String>; ::std::option::Option::Some(1); Ok(())))
        );
        assert_eq!(
            text(scoped(0, tokens)),
            text(quote!(Option<String>; Some(1); Ok(())))
        );
        assert_eq!(
            text(tokens()),
            text(
                quote!(::std::option::Option<::std::string::String>; ::std::option::Option::Some(1); ::std::result::Result::Ok(()))
            )
        );
    }

    #[test]
    fn scopes_nest_and_unwind() {
        scoped(0, || {
            scoped(OPTION.bit, || {
                assert_eq!(text(quote!(#OPTION)), ":: std :: option :: Option")
            });
            assert_eq!(text(quote!(#OPTION)), "Option");
            let caught = std::panic::catch_unwind(|| scoped(OPTION.bit, || panic!("emitter bug")));
            assert!(caught.is_err());
            assert_eq!(text(quote!(#OPTION)), "Option");
        });
    }

    #[test]
    fn every_bit_is_distinct() {
        let all = ALL.iter().fold(0u32, |set, s| {
            assert_eq!(set & s.bit, 0, "{} reuses a bit", s.name());
            set | s.bit
        });
        assert_eq!(all.count_ones() as usize, ALL.len());
    }
}
