//! Patterns that are a run of characters from one set (`^[a-z0-9-]{1,64}$`), which generated
//! validators check with a loop over the characters instead of a regex.

/// A pattern that says "the whole value is `min` to `max` characters from one set", like
/// `^[a-zA-Z0-9_-]{1,64}$`: a quarter of the corpus patterns. Validators check these with a
/// loop over the characters instead of a regex: no compiling at first use, and several times
/// faster on short values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharRun {
    /// Inclusive ranges, sorted and disjoint.
    pub ranges: Vec<(char, char)>,
    pub min: u32,
    /// `None`: no upper bound.
    pub max: Option<u32>,
}

/// The [`CharRun`] a translated `regex`-crate pattern amounts to, if it is one. Read from the
/// pattern's HIR, so it means exactly what the regex means (flags and classes resolved).
pub fn char_run(regex_text: &str) -> Option<CharRun> {
    use regex_syntax::hir::{Class, HirKind, Look};
    let hir = regex_syntax::Parser::new().parse(regex_text).ok()?;
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let [start, middle, end] = parts.as_slice() else {
        return None;
    };
    if !matches!(start.kind(), HirKind::Look(Look::Start))
        || !matches!(end.kind(), HirKind::Look(Look::End))
    {
        return None;
    }
    let unwrap = |h: &regex_syntax::hir::Hir| match h.kind() {
        HirKind::Capture(c) => (*c.sub).clone(),
        _ => h.clone(),
    };
    let middle = unwrap(middle);
    let (class, min, max) = match middle.kind() {
        HirKind::Repetition(r) => (unwrap(&r.sub), r.min, r.max),
        HirKind::Class(_) => (middle.clone(), 1, Some(1)),
        _ => return None,
    };
    let HirKind::Class(Class::Unicode(set)) = class.kind() else {
        return None;
    };
    let ranges: Vec<(char, char)> = set.ranges().iter().map(|r| (r.start(), r.end())).collect();
    (!ranges.is_empty()).then_some(CharRun { ranges, min, max })
}
