//! The parsed pattern: what the parser builds and the emitter and the checks read.

#[derive(Debug)]
pub(super) enum Node {
    Empty,
    /// A literal code point (may be a lone surrogate, which never matches a Rust string).
    Char(u32),
    Set(Set),
    Class(Class),
    Assert(Assert),
    Group(GroupKind, Box<Node>),
    /// Lookahead or lookbehind, possibly negated (`fancy-regex` only).
    Look {
        behind: bool,
        negated: bool,
        body: Box<Node>,
    },
    /// A backreference to the capturing group with this number (`fancy-regex` only).
    Backref(usize),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    /// Something we cannot express; recorded in `Parser::unsupported`.
    Unsupported,
}

#[derive(Debug, Clone)]
pub(super) enum Set {
    Dot,
    Digit { negated: bool },
    Word { negated: bool },
    Space { negated: bool },
    Property { negated: bool, prop: Property },
}

#[derive(Debug, Clone)]
pub(super) enum Property {
    /// Text to put between `\p{` and `}` for the regex crate.
    Text(String),
    /// A class body (Java's POSIX classes: ASCII sets).
    Body(&'static str),
    /// General category Cs: surrogates never occur in Rust strings.
    Surrogate,
}

#[derive(Debug)]
pub(super) struct Class {
    pub(super) negated: bool,
    pub(super) items: Vec<ClassItem>,
    /// Java's `[a&&b]`: classes the items are intersected with.
    pub(super) intersect: Vec<Class>,
}

#[derive(Debug)]
pub(super) enum ClassItem {
    Char(u32),
    Range(u32, u32),
    Set(Set),
    /// Java's class inside a class (a union).
    Nested(Class),
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Assert {
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
    /// Java's `\Z`: the end, or before a line terminator that ends the input.
    EndBeforeTerminator,
    /// `^` and `$` under Java's `(?m)`: at line terminators too (`\n`, `\r\n`, `\r`,
    /// U+0085, U+2028, U+2029), never inside `\r\n`; `^` not at the very end.
    LineStart,
    LineEnd,
}

#[derive(Debug)]
pub(super) enum GroupKind {
    /// A capturing group: its number (from 1, in order of the `(`) and the
    /// name to emit for the `regex` crate, if any.
    Capture(usize, Option<String>),
    NonCapture,
    /// Java's atomic group `(?>...)` (also what a possessive quantifier is).
    Atomic,
}

/// Result of parsing an escape that may appear both inside and outside classes.
pub(super) enum Escape {
    Char(u32),
    Set(Set),
}
