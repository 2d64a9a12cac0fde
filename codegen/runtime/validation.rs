//! Constraint validation: the `length`, `pattern`, `range`, `required`, `enum` and `uniqueItems`
//! traits of the model, checked on demand.
//!
//! Every generated type with something to check implements [`Validate`]. Validation never stops
//! at the first problem: [`Validate::validate`] walks the whole value and returns every
//! [`Violation`] at once, each located by a JSON pointer (RFC 6901) such as `/items/3/name`.
//!
//! The messages are the ones Smithy services send in a `ValidationException`, word for word, so a
//! server can put them on the wire unchanged:
//!
//! ```text
//! Value with length 9 at '/name' failed to satisfy constraint: Member must have length between 2 and 8, inclusive
//! Value at '/name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-m]+$
//! Value at '/count' failed to satisfy constraint: Member must be between 1 and 100, inclusive
//! Value at '/id' failed to satisfy constraint: Member must not be null
//! Value at '/color' failed to satisfy constraint: Member must satisfy enum value set: [red, green]
//! Value at '/tags' failed to satisfy constraint: Member must have unique values
//! ```
//!
//! Apart from the length of a value, messages never repeat what the caller sent.

use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
use std::sync::OnceLock;

/// Which constraint a [`Violation`] broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConstraintKind {
    /// The `length` trait: too few or too many characters, bytes, items or entries.
    Length,
    /// The `pattern` trait: a string that does not match the regular expression.
    Pattern,
    /// The `range` trait: a number below the minimum or above the maximum.
    Range,
    /// The `required` trait: a member with no value.
    Required,
    /// An `enum` or `intEnum` value outside the values the model defines.
    Enum,
    /// The `uniqueItems` trait: a list holding the same value more than once.
    UniqueItems,
}

impl ConstraintKind {
    /// The name of the constraint as the model spells it (`length`, `uniqueItems`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ConstraintKind::Length => "length",
            ConstraintKind::Pattern => "pattern",
            ConstraintKind::Range => "range",
            ConstraintKind::Required => "required",
            ConstraintKind::Enum => "enum",
            ConstraintKind::UniqueItems => "uniqueItems",
        }
    }
}

impl fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken constraint: where, which, and the message a Smithy service would send for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    path: String,
    message: String,
    kind: ConstraintKind,
}

impl Violation {
    /// A violation of `kind` at the JSON pointer `path`, described by `message`.
    ///
    /// [`Validator`] builds these itself; this is for checks written by hand.
    pub fn new(kind: ConstraintKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            kind,
        }
    }

    /// The JSON pointer (RFC 6901) of the offending value, `""` for the validated value itself.
    ///
    /// Members appear under their names in the model, list items under their index and map values
    /// under their key; a problem with a map key is reported at the map.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The message, as the `message` of a `ValidationExceptionField`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Which constraint was broken.
    pub fn kind(&self) -> ConstraintKind {
        self.kind
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Every constraint a value broke, in the order they were found; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// An error holding `violations`, or `None` when there are none.
    pub fn new(violations: Vec<Violation>) -> Option<Self> {
        if violations.is_empty() {
            None
        } else {
            Some(Self { violations })
        }
    }

    /// The violations, in the order they were found (members in model order, items by index).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The violations, taken out of the error.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "{n} constraint violation{}: ",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

impl IntoIterator for ValidationError {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a ValidationError {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}

/// A value whose constraints can be checked.
///
/// Construction and deserialization never check constraints (a client must be able to read
/// whatever a newer service sends); call [`Validate::validate`] when you want them enforced.
pub trait Validate {
    /// Checks every constraint, returning all violations at once.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut validator = Validator::new();
        self.validate_at(&mut validator);
        validator.finish()
    }

    /// Adds this value's violations, with paths relative to the validator's current position.
    fn validate_at(&self, validator: &mut Validator);
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_at(&self, validator: &mut Validator) {
        (**self).validate_at(validator);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_at(&self, validator: &mut Validator) {
        (**self).validate_at(validator);
    }
}

/// An absent value has nothing to check; whether it may be absent is the `required` check of
/// the structure holding it.
impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, validator: &mut Validator) {
        if let Some(value) = self {
            value.validate_at(validator);
        }
    }
}

/// Each item is checked at its index.
impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, validator: &mut Validator) {
        for (index, item) in self.iter().enumerate() {
            let mark = validator.enter_index(index);
            item.validate_at(validator);
            validator.leave(mark);
        }
    }
}

/// Each value is checked at its key.
impl<K: AsRef<str>, V: Validate, S> Validate for std::collections::HashMap<K, V, S> {
    fn validate_at(&self, validator: &mut Validator) {
        for (key, value) in self {
            let mark = validator.enter(key.as_ref());
            value.validate_at(validator);
            validator.leave(mark);
        }
    }
}

/// Walks a value, tracking the JSON pointer of the current position and collecting violations.
///
/// Each check records a violation at the current path when it fails and does nothing otherwise.
/// Move into a member with [`Validator::enter`] (or an item with [`Validator::enter_index`]) and
/// back out with [`Validator::leave`]:
///
/// ```text
/// let mark = validator.enter("name");
/// validator.length(name.chars().count(), Some(2), Some(8));
/// validator.leave(mark);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Validator {
    path: String,
    violations: Vec<Violation>,
}

impl Validator {
    /// A validator at the root (path `""`) with no violations.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Ok` when no check failed, otherwise every violation in the order found.
    pub fn finish(self) -> Result<(), ValidationError> {
        match ValidationError::new(self.violations) {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }

    /// The JSON pointer of the current position (`""` at the root).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The violations found so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Moves into the member (or map key) `member`, escaping it as RFC 6901 requires (`~` is
    /// written `~0`, `/` is written `~1`). Returns the mark to pass to [`Validator::leave`].
    pub fn enter(&mut self, member: &str) -> usize {
        let mark = self.path.len();
        self.path.reserve(member.len() + 1);
        self.path.push('/');
        if !member.contains(['~', '/']) {
            self.path.push_str(member);
            return mark;
        }
        for c in member.chars() {
            match c {
                '~' => self.path.push_str("~0"),
                '/' => self.path.push_str("~1"),
                c => self.path.push(c),
            }
        }
        mark
    }

    /// Moves into the list item at `index`. Returns the mark to pass to [`Validator::leave`].
    pub fn enter_index(&mut self, index: usize) -> usize {
        use std::fmt::Write as _;
        let mark = self.path.len();
        // Writing to a `String` cannot fail.
        let _ = write!(self.path, "/{index}");
        mark
    }

    /// Moves back out to where [`Validator::enter`] or [`Validator::enter_index`] returned `mark`.
    pub fn leave(&mut self, mark: usize) {
        debug_assert!(
            mark <= self.path.len(),
            "leave({mark}) past the current path"
        );
        self.path.truncate(mark);
    }

    /// Checks a member whose constraints are all its value's own (a structure, union or enum,
    /// or an optional, boxed, list or map of them): one call instead of entering and leaving.
    pub fn member<T: Validate + ?Sized>(&mut self, member: &str, value: &T) {
        let mark = self.enter(member);
        value.validate_at(self);
        self.leave(mark);
    }

    /// Checks a string member against its `length` bounds and its `pattern`, at the member's
    /// path; an absent value (`None`) has nothing to check.
    pub fn string_member(
        &mut self,
        member: &str,
        value: Option<&str>,
        min: Option<u64>,
        max: Option<u64>,
        pattern: Option<&Pattern>,
    ) {
        let Some(value) = value else {
            return;
        };
        let mark = self.enter(member);
        if min.is_some() || max.is_some() {
            self.length(value.chars().count(), min, max);
        }
        if let Some(pattern) = pattern {
            self.pattern(value, pattern);
        }
        self.leave(mark);
    }

    /// Runs `check` inside the member `member`, then moves back out.
    pub fn in_member(&mut self, member: &str, check: impl FnOnce(&mut Self)) {
        let mark = self.enter(member);
        check(self);
        self.leave(mark);
    }

    /// Runs `check` inside the list item at `index`, then moves back out.
    pub fn in_index(&mut self, index: usize, check: impl FnOnce(&mut Self)) {
        let mark = self.enter_index(index);
        check(self);
        self.leave(mark);
    }

    /// Records a violation at the current path, for checks written by hand.
    pub fn report(&mut self, kind: ConstraintKind, message: impl Into<String>) {
        self.violations
            .push(Violation::new(kind, self.path.clone(), message));
    }

    /// The `length` trait: `len` (characters of a string, bytes of a blob, items of a list,
    /// entries of a map) must be at least `min` and at most `max`, both inclusive.
    ///
    /// String lengths count Unicode scalar values, so `"👍"` has length 1.
    pub fn length(&mut self, len: usize, min: Option<u64>, max: Option<u64>) {
        let n = u64::try_from(len).unwrap_or(u64::MAX);
        let too_short = min.is_some_and(|min| n < min);
        let too_long = max.is_some_and(|max| n > max);
        if too_short || too_long {
            let message = length_message(len, &self.path, min, max);
            self.report(ConstraintKind::Length, message);
        }
    }

    /// The `pattern` trait: `value` must contain a match of `pattern` (patterns are not implicitly
    /// anchored; anchor them with `^` and `$` in the model).
    pub fn pattern(&mut self, value: &str, pattern: &Pattern) {
        if !pattern.is_match(value) {
            let message = pattern_message(&self.path, pattern.source());
            self.report(ConstraintKind::Pattern, message);
        }
    }

    /// The `range` trait: `value` must be at least `min` and at most `max`, both inclusive.
    ///
    /// Each bound comes with its text as written in the model, which is what the message shows
    /// (so a `float` bound of `0.1` reads `0.1`, not its binary approximation). A value that does
    /// not compare with a bound, such as a NaN, violates it.
    ///
    /// A bound may be of another type than the value (a `bigInteger` against a decimal bound).
    pub fn range<T: PartialOrd<B>, B>(
        &mut self,
        value: T,
        min: Option<(B, &str)>,
        max: Option<(B, &str)>,
    ) {
        let below = min.as_ref().is_some_and(|(min, _)| {
            !matches!(
                value.partial_cmp(min),
                Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
            )
        });
        let above = max.as_ref().is_some_and(|(max, _)| {
            !matches!(
                value.partial_cmp(max),
                Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
            )
        });
        if below || above {
            let message = range_message(
                &self.path,
                min.map(|(_, text)| text),
                max.map(|(_, text)| text),
            );
            self.report(ConstraintKind::Range, message);
        }
    }

    /// The `required` trait: the value at the current path must be present.
    pub fn required(&mut self, present: bool) {
        if !present {
            let message = required_message(&self.path);
            self.report(ConstraintKind::Required, message);
        }
    }

    /// An `enum` or `intEnum` value must be one the model defines.
    ///
    /// `values` are the values to advertise, in the order given (model order, without values
    /// marked `@internal`); an `intEnum` passes its numbers as text.
    pub fn enum_value(&mut self, known: bool, values: &[&str]) {
        if !known {
            let message = enum_message(&self.path, values);
            self.report(ConstraintKind::Enum, message);
        }
    }

    /// The `uniqueItems` trait for items that can be hashed; takes time linear in the length.
    pub fn unique<T: Hash + Eq>(&mut self, items: &[T]) {
        let mut seen = HashSet::with_capacity(items.len());
        if items.iter().any(|item| !seen.insert(item)) {
            let message = unique_message(&self.path);
            self.report(ConstraintKind::UniqueItems, message);
        }
    }

    /// The `uniqueItems` trait for items that can only be compared (floats, documents, and
    /// aggregates of them); compares every pair, so takes time quadratic in the length.
    ///
    /// Items are equal when `==` says so: a NaN equals nothing, not even another NaN.
    pub fn unique_by_eq<T: PartialEq>(&mut self, items: &[T]) {
        let repeated = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[i + 1..].iter().any(|b| a == b));
        if repeated {
            let message = unique_message(&self.path);
            self.report(ConstraintKind::UniqueItems, message);
        }
    }
}

/// A `pattern` trait's regular expression, compiled the first time it is used.
///
/// Holds both the expression as the model wrote it (ECMA-262 syntax, which messages show) and its
/// translation, made by the generator, into the syntax of the engine that checks it:
///
/// - [`Pattern::new`]: the `regex` crate, for every pattern it can express. Matching takes time
///   linear in the input, so patterns prone to catastrophic backtracking elsewhere are safe here.
/// - [`Pattern::fancy`]: the `fancy-regex` crate, for patterns with lookahead, lookbehind or
///   backreferences, which `regex` lacks. It backtracks only where those constructs need it (the
///   rest runs on `regex`), and gives up after [`Pattern::BACKTRACK_LIMIT`] steps; a value it
///   gives up on counts as matching (see [`Pattern::is_match`]). The crate depends on
///   `fancy-regex` (its `fancy-regex` feature, on by default) only when its model has such
///   patterns.
pub struct Pattern {
    source: &'static str,
    regex: &'static str,
    engine: Engine,
}

/// The engine of a [`Pattern`], with what it compiled.
enum Engine {
    /// The compiled expression, and whether to search with `find` rather than `is_match` (see
    /// [`Pattern::is_match`]).
    Regex(OnceLock<Option<(regex::Regex, bool)>>),
    Fancy(backtracking::Lazy),
    /// See [`Pattern::chars`].
    Chars {
        ranges: &'static [(char, char)],
        /// The ASCII characters of `ranges`, one bit each.
        ascii: u128,
        min: u32,
        max: u32,
    },
}

/// The ASCII characters of `ranges` as a bit set (bit `c` for character `c`).
const fn ascii_bits(ranges: &[(char, char)]) -> u128 {
    let mut bits = 0u128;
    let mut i = 0;
    while i < ranges.len() {
        let (lo, hi) = ranges[i];
        let mut c = lo as u32;
        while c <= hi as u32 && c < 128 {
            bits |= 1 << c;
            c += 1;
        }
        i += 1;
    }
    bits
}

impl Pattern {
    /// The most backtracking steps `fancy-regex` takes on one value (its own default, made
    /// explicit). Reaching it takes some 25–40 ms in a release build.
    ///
    /// It bounds the backtracking, not the linear scans of the parts handed to `regex`. On the
    /// patterns of the AWS models, values of 100 000 characters take at most about 50 ms, and
    /// one pattern (`^(^\$LATEST$)|((?!^[0-9]+$)([a-zA-Z0-9-_]+))$`, searched from every
    /// position) reaches the limit, on values of more than about 1 400 characters it rejects.
    pub const BACKTRACK_LIMIT: usize = 1_000_000;

    /// A pattern written `source` in the model and `regex` in `regex` crate syntax.
    pub const fn new(source: &'static str, regex: &'static str) -> Self {
        Self {
            source,
            regex,
            engine: Engine::Regex(OnceLock::new()),
        }
    }

    /// A pattern written `source` in the model and `regex` in `fancy-regex` syntax (used for
    /// lookaround and backreferences).
    pub const fn fancy(source: &'static str, regex: &'static str) -> Self {
        Self {
            source,
            regex,
            engine: Engine::Fancy(backtracking::Lazy::new()),
        }
    }

    /// A pattern that matches exactly the values of `min` to `max` characters, each in one of
    /// the inclusive, sorted `ranges` (`^[a-z0-9-]{1,64}$`, say): checked by a loop over the
    /// characters, which needs no compiling. `regex` is the same pattern in `regex` syntax, for
    /// reference; the generator derived the ranges from it.
    pub const fn chars(
        source: &'static str,
        regex: &'static str,
        ranges: &'static [(char, char)],
        min: u32,
        max: u32,
    ) -> Self {
        Self {
            source,
            regex,
            engine: Engine::Chars {
                ranges,
                ascii: ascii_bits(ranges),
                min,
                max,
            },
        }
    }

    /// The pattern as written in the model.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// The pattern translated into the syntax of its engine (`regex` or `fancy-regex`).
    pub fn regex(&self) -> &'static str {
        self.regex
    }

    /// Whether the pattern is checked by `fancy-regex` (see [`Pattern::fancy`]).
    pub fn is_fancy(&self) -> bool {
        matches!(self.engine, Engine::Fancy(_))
    }

    /// Whether `value` contains a match.
    ///
    /// The generator only emits translations it has compiled itself, so compiling cannot fail in
    /// practice. Should it fail anyway (for instance on a size limit of a different engine
    /// version, or when the `fancy-regex` feature is turned off), every value matches: a
    /// constraint that cannot be checked is not enforced, rather than rejecting every value or
    /// panicking.
    ///
    /// For the same reason, a value on which `fancy-regex` exceeds its backtracking limit
    /// matches: the engine giving up says nothing about the value, and rejecting it would turn a
    /// limit of the validator into an error of the caller. The limit bounds the time an
    /// adversarial value can cost; what it loses is only the check of such values.
    ///
    /// With the `regex` crate, translations containing the ASCII `(?-u:\B)` are searched with
    /// `find`: that assertion also holds between the bytes of a multi-byte character, and
    /// `is_match` can then miss a match elsewhere in the value (`(?-u:\B)|[^a]` on `a😀b`, regex
    /// 1.13), while `find` skips such positions as it should.
    pub fn is_match(&self, value: &str) -> bool {
        match &self.engine {
            Engine::Regex(compiled) => match compiled.get_or_init(|| {
                let re = regex::Regex::new(self.regex).ok()?;
                Some((re, self.regex.contains(r"(?-u:\B)")))
            }) {
                Some((re, false)) => re.is_match(value),
                Some((re, true)) => re.find(value).is_some(),
                None => true,
            },
            Engine::Fancy(lazy) => lazy.is_match(self.regex, value),
            Engine::Chars {
                ranges,
                ascii,
                min,
                max,
            } => {
                let bytes = value.as_bytes();
                if bytes.is_ascii() {
                    // One character per byte: the count is the length, the set a bit test.
                    let count = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
                    return (*min..=*max).contains(&count)
                        && bytes.iter().all(|&b| ascii >> b & 1 == 1);
                }
                let mut count: u32 = 0;
                for c in value.chars() {
                    let allowed = ranges
                        .binary_search_by(|&(lo, hi)| {
                            if hi < c {
                                std::cmp::Ordering::Less
                            } else if lo > c {
                                std::cmp::Ordering::Greater
                            } else {
                                std::cmp::Ordering::Equal
                            }
                        })
                        .is_ok();
                    count = count.saturating_add(1);
                    if !allowed || count > *max {
                        return false;
                    }
                }
                count >= *min
            }
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("source", &self.source)
            .field("regex", &self.regex)
            .field("fancy", &self.is_fancy())
            .finish_non_exhaustive()
    }
}

/// The `fancy-regex` engine of [`Pattern::fancy`], compiled in when the crate has the
/// `fancy-regex` feature: only crates whose model needs it declare that feature, hence the
/// allowance for an undeclared `cfg` value in the others.
#[allow(unexpected_cfgs)]
mod backtracking {
    #[cfg(feature = "fancy-regex")]
    pub(super) struct Lazy(std::sync::OnceLock<Option<fancy_regex::Regex>>);

    #[cfg(feature = "fancy-regex")]
    impl Lazy {
        pub(super) const fn new() -> Self {
            Self(std::sync::OnceLock::new())
        }

        pub(super) fn is_match(&self, regex: &str, value: &str) -> bool {
            let compiled = self.0.get_or_init(|| {
                fancy_regex::RegexBuilder::new(regex)
                    .backtrack_limit(super::Pattern::BACKTRACK_LIMIT)
                    .build()
                    .ok()
            });
            match compiled {
                // `Err`: the backtracking limit (or the engine's stack) was exceeded.
                Some(re) => re.is_match(value).unwrap_or(true),
                None => true,
            }
        }
    }

    /// Without the engine, such patterns cannot be checked, so every value matches.
    #[cfg(not(feature = "fancy-regex"))]
    pub(super) struct Lazy;

    #[cfg(not(feature = "fancy-regex"))]
    impl Lazy {
        pub(super) const fn new() -> Self {
            Self
        }

        pub(super) fn is_match(&self, _regex: &str, _value: &str) -> bool {
            true
        }
    }
}

// The message templates, one per constraint, as Smithy's restJson1 validation protocol tests
// (smithy-aws-protocol-tests, model/restJson1/validation/malformed-*.smithy) expect them.

fn length_message(len: usize, path: &str, min: Option<u64>, max: Option<u64>) -> String {
    let rule = bounds_rule(min.as_ref().map(as_display), max.as_ref().map(as_display));
    format!(
        "Value with length {len} at '{path}' failed to satisfy constraint: Member must have length {rule}"
    )
}

fn pattern_message(path: &str, source: &str) -> String {
    format!(
        "Value at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {source}"
    )
}

fn range_message(path: &str, min: Option<&str>, max: Option<&str>) -> String {
    let rule = bounds_rule(min.as_ref().map(as_display), max.as_ref().map(as_display));
    format!("Value at '{path}' failed to satisfy constraint: Member must be {rule}")
}

fn as_display<T: fmt::Display>(value: &T) -> &dyn fmt::Display {
    value
}

/// The bounds of `length` and `range` messages. Only a broken bound leads here, so at least one
/// of them is present.
fn bounds_rule(min: Option<&dyn fmt::Display>, max: Option<&dyn fmt::Display>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}, inclusive"),
        (Some(min), None) => format!("greater than or equal to {min}"),
        (None, Some(max)) => format!("less than or equal to {max}"),
        (None, None) => String::new(),
    }
}

pub(crate) fn required_message(path: &str) -> String {
    format!("Value at '{path}' failed to satisfy constraint: Member must not be null")
}

fn enum_message(path: &str, values: &[&str]) -> String {
    format!(
        "Value at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
        values.join(", ")
    )
}

fn unique_message(path: &str) -> String {
    format!("Value at '{path}' failed to satisfy constraint: Member must have unique values")
}
