//! Translation of Smithy `@pattern` values (ECMA-262 regular expressions) into
//! the syntax of the `regex` crate (or, when they need it, of `fancy-regex`),
//! preserving the ECMA meaning.
//!
//! Generated validators use the `regex` crate (linear-time matching), whose
//! defaults differ from ECMAScript: `\d`, `\w`, `\s`, `\b` and `.` are Unicode
//! aware there, while ECMA (with the `u` flag) defines them as small fixed
//! sets.  [`translate`] parses the ECMA pattern with a small hand-written
//! parser and re-emits every construct with an explicit meaning:
//!
//! | ECMA            | emitted                                   |
//! |-----------------|-------------------------------------------|
//! | `\d` / `\D`     | `[0-9]` / `[^0-9]`                        |
//! | `\w` / `\W`     | `[0-9A-Za-z_]` / `[^0-9A-Za-z_]`          |
//! | `\s` / `\S`     | the ECMA WhiteSpace + LineTerminator set  |
//! | `\b` / `\B`     | `(?-u:\b)` / `(?-u:\B)` (ASCII boundaries) |
//! | `.`             | `[^\n\r\x{2028}\x{2029}]`                 |
//! | `[^]` / `[]`    | any character / nothing                   |
//! | `(?<n>…)`       | `(?P<n>…)`                                |
//!
//! Semantics follow ECMAScript with the `u` flag (code points, `\u{…}`,
//! `\p{…}`).  Syntactically a few Annex B leniencies that are unambiguous are
//! accepted as well: `{`, `}` and `]` as literals where they cannot be a
//! quantifier / class end (`a{,5}`, `{foo}`), identity escapes of any
//! non-alphanumeric character (`\-`, `\_`, `\ `), and `-` next to a class
//! escape inside a class (`[\w-.]` is `\w`, `-`, `.`).  Unknown letter escapes
//! such as `\h` are rejected as invalid rather than silently read as literal
//! letters.
//!
//! # Java's constructs
//!
//! A pattern that is not valid ECMA-262 is read again with the constructs of
//! Java's `java.util.regex` (the engine Smithy's reference implementation
//! checks patterns with and Java services enforce them with; 33 patterns of
//! the AWS corpus need it): POSIX classes such as `\p{Alnum}` (ASCII),
//! `\p{IsAlphabetic}`, inline flags `(?i)` (ASCII case folding), `(?s)`,
//! `(?m)`, `\A`, `\z`, `\Z`, `\x{...}`, nested classes and `&&`,
//! possessive quantifiers and quantified assertions; see [`translate`].
//! [`Translated::java`] says when that happened, and the generator warns.
//!
//! Annex B legacy octal escapes are accepted where they cannot be
//! backreferences (`\0NN` anywhere, `\1`..`\7` inside classes), since models
//! use them (`[^\000-\037]`).
//!
//! # Lookaround and backreferences: [`Engine::Fancy`]
//!
//! The `regex` crate has neither lookaround nor backreferences.  Patterns
//! using them are translated for `fancy-regex` instead (a backtracking engine
//! that hands the parts without such constructs to `regex`), and marked
//! [`Engine::Fancy`]; every other pattern is [`Engine::Regex`], which is
//! preferred because it matches in linear time.  The rewrites above apply to
//! both, with these differences in the `fancy-regex` output:
//!
//! | ECMA                    | emitted for `fancy-regex`                                  |
//! |-------------------------|------------------------------------------------------------|
//! | `(?=…)` `(?!…)` `(?<=…)` `(?<!…)` | the same                                        |
//! | `\N`, `\k<name>`        | `(?(N)\N\|)`: ECMA matches the empty string when group N has not participated, `fancy-regex` would fail |
//! | `\b` / `\B`             | lookarounds on `[0-9A-Za-z_]` (`fancy-regex` cannot switch Unicode off for `\b`) |
//! | `(?<n>…)`               | `(…)` (names do not affect matching; numbering is kept)    |
//! | `X?`, `X*` (`X` only lookarounds) | nothing: ECMA rejects an empty iteration, and `fancy-regex` cannot repeat lookarounds |
//! | `X+`, `X{n,m}` (the same) | `X`                                                      |
//!
//! What `fancy-regex` would not do with the ECMA meaning is reported as
//! [`PatternError::Unsupported`]:
//!
//! - backreferences inside a lookbehind or to a group inside one (ECMA
//!   matches lookbehinds right to left);
//! - backreferences to a group inside a repetition that may iterate more
//!   than once (`{n,m}` with `m > 1`), unless the backreference is outside
//!   that repetition, the group takes part in every iteration and an
//!   iteration cannot match the empty string (ECMA clears the captures of a
//!   repeated group at every iteration, `fancy-regex` keeps the last ones);
//! - lookbehinds of variable length containing lookaround, `\b`, `\B` or
//!   backreferences (`fancy-regex` splits such a lookbehind into pieces it
//!   matches separately and misses matches ECMA finds); fixed-length bodies,
//!   and alternations of fixed-length bodies, are fine;
//! - an optional repetition of lookarounds with capturing groups inside
//!   (dropping it, as above, would renumber the groups).
//!
//! # Not expressible
//!
//! Also reported as [`PatternError::Unsupported`]: `\k<name>` when several
//! groups share the name, ES2025 modifier groups (`(?i:…)`), the
//! `Changes_When_NFKC_Casefolded` property, repetition counts above
//! `u32::MAX`, and translations exceeding the engines' nesting limits or the
//! `regex` crate's default compiled-size limit of 10 MiB, unless the pattern
//! is a run of characters ([`CharRun`]).  The four such patterns of the AWS
//! corpus (`^[^\p{C}]{1,2048}$`, `^\S{1,8192}$`...) are all runs: a larger
//! limit would compile them, but each would take 65–580 ms on first use and
//! keep 16–140 MB of memory, while the generated validator checks a run with
//! a loop over the characters and a table of ranges.
//!
//! Patterns are searched (not implicitly anchored), exactly like
//! `Regex::is_match`, so no anchors are added.
//!
//! # Layout
//!
//! [`translate`] (here) runs the steps: `parse` reads the pattern into the tree of `ast`
//! (with `java` and `unicode_properties` for property names), `fancy_checks` rejects what
//! `fancy-regex` would get wrong, `emit` writes the engine's syntax and `verify` checks that
//! the engine takes it. `char_run` recognises the patterns validators check with a loop.

mod ast;
mod char_run;
mod emit;
mod fancy_checks;
mod java;
mod parse;
mod unicode_properties;
mod verify;

use std::fmt;

pub use char_run::{CharRun, char_run};
use emit::emit;
use fancy_checks::{check_backreferences, check_lookbehinds, check_zero_width_repeats};
use parse::parse;
use verify::{verify, verify_fancy, verify_syntax};

/// The result of translating one ECMA-262 pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// Pattern text with the ECMA meaning, in the syntax of [`Translated::engine`].
    pub regex: String,
    /// The engine the text is written for (and was checked to compile with).
    pub engine: Engine,
    /// Whether the pattern is not ECMA-262 and was read with the meaning Java's
    /// `java.util.regex` gives it (see [`translate`]).
    pub java: bool,
}

/// Which regular-expression engine a [`Translated`] pattern is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The `regex` crate: linear-time matching. Every pattern without
    /// lookaround or backreferences.
    Regex,
    /// The `fancy-regex` crate (backtracking where needed): patterns with
    /// lookahead, lookbehind or backreferences.
    Fancy,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternError {
    /// Valid ECMA syntax that neither engine can express with the ECMA meaning (see the module docs).
    Unsupported { reason: String },
    /// Not a valid ECMA-262 pattern at all (e.g. unbalanced parentheses, nothing to repeat).
    Invalid { reason: String },
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Unsupported { reason } => {
                write!(f, "unsupported ECMA-262 regular expression: {reason}")
            }
            PatternError::Invalid { reason } => {
                write!(f, "invalid ECMA-262 regular expression: {reason}")
            }
        }
    }
}

impl std::error::Error for PatternError {}

/// Rewrites an ECMA-262 (u-mode) pattern into `regex` syntax with the same
/// meaning, or into `fancy-regex` syntax when it uses lookaround or
/// backreferences (see [`Engine`]).
///
/// The result is known to compile with its engine's default limits (the
/// ones generated code uses); translations over the `regex` crate's default
/// compiled-size limit are [`PatternError::Unsupported`].
///
/// A pattern that is not valid ECMA-262 but uses constructs of Java's
/// `java.util.regex` (the engine Smithy's reference implementation checks
/// patterns with, and that Java services enforce them with) is read with
/// Java's meaning for those constructs, and [`Translated::java`] says so:
/// POSIX classes (`\p{Alnum}`, `\p{Print}`... ASCII, as Java's default),
/// `\p{IsAlphabetic}`-style binary properties, inline flags `(?i)` (ASCII case
/// folding), `(?s)`, `(?m)` and `(?flags:...)` groups, `\A`, `\z`, `\Z`,
/// `\x{h...}`, nested classes and `&&` intersections, possessive quantifiers and
/// atomic groups, and quantified assertions (`${1,128}`, which Java allows and
/// reads as the assertion). Everything else keeps its ECMA meaning. When the
/// Java reading fails too, the ECMA error is returned.
pub fn translate(ecma: &str) -> Result<Translated, PatternError> {
    match translate_as(ecma, false) {
        Err(PatternError::Invalid { reason }) => {
            translate_as(ecma, true).map_err(|_| PatternError::Invalid { reason })
        }
        other => other,
    }
}

fn translate_as(ecma: &str, java: bool) -> Result<Translated, PatternError> {
    let (node, fancy) = parse(ecma, java)?;
    if !fancy {
        let mut out = String::new();
        emit(&node, Engine::Regex, &mut out);
        // A run of characters is checked without the regex (see `CharRun`): its syntax is all
        // that matters, and a class too big for the regex crate (`[^\p{C}]{1,2048}`) is no
        // obstacle.
        if char_run(&out).is_some() {
            verify_syntax(&out)?;
        } else {
            verify(&out)?;
        }
        return Ok(Translated {
            regex: out,
            engine: Engine::Regex,
            java,
        });
    }
    check_backreferences(&node)?;
    check_lookbehinds(&node)?;
    check_zero_width_repeats(&node)?;
    // The parts `fancy-regex` hands to the `regex` crate must be valid there
    // (unknown `\p{Script=...}` values make the pattern invalid, not unsupported).
    let mut plain = String::new();
    emit(&node, Engine::Regex, &mut plain);
    verify_syntax(&plain)?;
    let mut out = String::new();
    emit(&node, Engine::Fancy, &mut out);
    verify_fancy(&out)?;
    Ok(Translated {
        regex: out,
        engine: Engine::Fancy,
        java,
    })
}

#[cfg(test)]
mod tests;
