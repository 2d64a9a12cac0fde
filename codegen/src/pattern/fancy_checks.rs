//! What `fancy-regex` would not do with the ECMA meaning: backreferences it would resolve
//! differently, lookbehinds it would split, repeated lookarounds (see the module docs of
//! [`super`]).

use super::PatternError;
use super::ast::*;

/// Rejects backreferences whose ECMA meaning `fancy-regex` would not
/// reproduce (see the module docs).
pub(super) fn check_backreferences(node: &Node) -> Result<(), PatternError> {
    let mut walk = BackrefWalk::default();
    walk.visit(node, &Place::default());
    for (n, at) in &walk.backrefs {
        // Every backreference names an existing group (checked by the parser).
        let Some(group) = walk.groups.iter().find(|(i, _)| i == n).map(|(_, p)| p) else {
            continue;
        };
        let reason = if at.in_lookbehind {
            Some("a backreference inside a lookbehind (ECMA matches lookbehinds right to left)")
        } else if group.in_lookbehind {
            Some(
                "a backreference to a group inside a lookbehind (ECMA matches lookbehinds right to left)",
            )
        } else if group.repeats.iter().any(|r| {
            !r.every_iteration || r.can_be_empty || at.repeats.iter().any(|o| o.id == r.id)
        }) {
            Some(
                "a backreference to a group in a repetition that ECMA may clear or that may match empty \
                 (ECMA resets captures at every iteration)",
            )
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(PatternError::Unsupported {
                reason: format!("\\{n}: {reason}"),
            });
        }
    }
    Ok(())
}

/// Rejects lookbehinds `fancy-regex` would get wrong: it runs a lookbehind
/// whose body needs backtracking (lookaround, backreferences, and `\b`/`\B`,
/// which become lookarounds) by stepping back a fixed number of characters,
/// or by splitting it into pieces it matches separately, which misses
/// matches ECMA finds (`(?<=\b(a+?\w+?)+)` at the end of "0ab0"). Only bodies
/// of fixed length, or alternations of such, are exact.
pub(super) fn check_lookbehinds(node: &Node) -> Result<(), PatternError> {
    if let Node::Look {
        behind: true, body, ..
    } = node
    {
        let exact = |n: &Node| fixed_len(n).is_some();
        let ok = !needs_backtracking(body)
            || exact(body)
            || matches!(&**body, Node::Alt(alts) if alts.iter().all(exact));
        if !ok {
            return Err(PatternError::Unsupported {
                reason: "a lookbehind of variable length containing lookaround, \\b, \\B or \
                         backreferences (fancy-regex cannot match it exactly)"
                    .to_string(),
            });
        }
    }
    match node {
        Node::Group(_, body) | Node::Look { body, .. } => check_lookbehinds(body),
        Node::Repeat { node, .. } => check_lookbehinds(node),
        Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().try_for_each(check_lookbehinds),
        _ => Ok(()),
    }
}

/// `fancy-regex` cannot repeat lookarounds, even in a group (`(?:(?=a))?`).
/// ECMA gives such a repetition of a zero-width `X` a simple meaning: with a
/// minimum of 0, an iteration matching the empty string fails, so `X*` always
/// matches the empty string and captures nothing; otherwise it is `X`. The
/// emitter writes that, and this rejects the one case where dropping `X`
/// would lose capturing groups (and so renumber the others).
pub(super) fn check_zero_width_repeats(node: &Node) -> Result<(), PatternError> {
    match node {
        Node::Repeat { node, min, .. } => {
            if *min == 0 && is_zero_width_lookaround(node) && has_capture(node) {
                return Err(PatternError::Unsupported {
                    reason: "an optional repetition of a lookaround containing capturing groups"
                        .to_string(),
                });
            }
            check_zero_width_repeats(node)
        }
        Node::Group(_, body) | Node::Look { body, .. } => check_zero_width_repeats(body),
        Node::Concat(nodes) | Node::Alt(nodes) => {
            nodes.iter().try_for_each(check_zero_width_repeats)
        }
        _ => Ok(()),
    }
}

/// Whether `node` only asserts, with at least one lookaround (`\b` and `\B`
/// become lookarounds for `fancy-regex`).
pub(super) fn is_zero_width_lookaround(node: &Node) -> bool {
    fixed_len(node) == Some(0) && needs_backtracking(node)
}

pub(super) fn has_capture(node: &Node) -> bool {
    match node {
        Node::Group(GroupKind::Capture(..), _) => true,
        Node::Group(_, body) | Node::Look { body, .. } => has_capture(body),
        Node::Repeat { node, .. } => has_capture(node),
        Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().any(has_capture),
        _ => false,
    }
}

/// Whether `fancy-regex` must backtrack through `node` (rather than hand it to `regex`).
pub(super) fn needs_backtracking(node: &Node) -> bool {
    match node {
        Node::Look { .. } | Node::Backref(_) | Node::Group(GroupKind::Atomic, _) => true,
        Node::Assert(a) => !matches!(a, Assert::Start | Assert::End),
        Node::Group(_, body) => needs_backtracking(body),
        Node::Repeat { node, .. } => needs_backtracking(node),
        Node::Concat(nodes) | Node::Alt(nodes) => nodes.iter().any(needs_backtracking),
        Node::Empty | Node::Char(_) | Node::Set(_) | Node::Class(_) | Node::Unsupported => false,
    }
}

/// The number of characters `node` always matches, if fixed.
pub(super) fn fixed_len(node: &Node) -> Option<u64> {
    match node {
        Node::Empty | Node::Assert(_) | Node::Look { .. } => Some(0),
        Node::Char(_) | Node::Set(_) | Node::Class(_) => Some(1),
        Node::Backref(_) | Node::Unsupported => None,
        Node::Group(_, body) => fixed_len(body),
        Node::Concat(nodes) => nodes.iter().try_fold(0u64, |sum, n| {
            fixed_len(n).and_then(|len| sum.checked_add(len))
        }),
        Node::Alt(nodes) => {
            let first = fixed_len(nodes.first()?)?;
            nodes
                .iter()
                .all(|n| fixed_len(n) == Some(first))
                .then_some(first)
        }
        Node::Repeat { node, min, max, .. } => {
            let len = fixed_len(node)?;
            if len == 0 {
                Some(0)
            } else if *max == Some(*min) {
                len.checked_mul(u64::from(*min))
            } else {
                None
            }
        }
    }
}

/// Where a capturing group or a backreference sits.
#[derive(Debug, Clone, Default)]
pub(super) struct Place {
    /// Enclosing repetitions that may run more than one iteration, innermost last.
    repeats: Vec<RepeatPlace>,
    in_lookbehind: bool,
}

#[derive(Debug, Clone)]
pub(super) struct RepeatPlace {
    id: usize,
    /// Whether every iteration of that repetition passes through here.
    every_iteration: bool,
    /// Whether an iteration of that repetition can match the empty string.
    can_be_empty: bool,
}

impl Place {
    /// The place inside something that may be skipped (an alternative, an
    /// optional repetition, a negative lookaround).
    fn optional(&self) -> Place {
        let mut p = self.clone();
        for r in &mut p.repeats {
            r.every_iteration = false;
        }
        p
    }
}

#[derive(Default)]
pub(super) struct BackrefWalk {
    next_id: usize,
    groups: Vec<(usize, Place)>,
    backrefs: Vec<(usize, Place)>,
}

impl BackrefWalk {
    fn visit(&mut self, node: &Node, at: &Place) {
        match node {
            Node::Empty
            | Node::Char(_)
            | Node::Set(_)
            | Node::Class(_)
            | Node::Assert(_)
            | Node::Unsupported => {}
            Node::Group(kind, body) => {
                if let GroupKind::Capture(index, _) = kind {
                    self.groups.push((*index, at.clone()));
                }
                self.visit(body, at);
            }
            Node::Look {
                behind,
                negated,
                body,
            } => {
                let mut inner = if *negated { at.optional() } else { at.clone() };
                inner.in_lookbehind |= *behind;
                self.visit(body, &inner);
            }
            Node::Backref(n) => self.backrefs.push((*n, at.clone())),
            Node::Concat(nodes) => nodes.iter().for_each(|n| self.visit(n, at)),
            Node::Alt(nodes) => {
                let inner = at.optional();
                nodes.iter().for_each(|n| self.visit(n, &inner));
            }
            Node::Repeat { node, min, max, .. } => {
                let mut inner = if *min == 0 { at.optional() } else { at.clone() };
                if max.is_none_or(|m| m > 1) {
                    inner.repeats.push(RepeatPlace {
                        id: self.next_id,
                        every_iteration: true,
                        can_be_empty: can_be_empty(node),
                    });
                    self.next_id += 1;
                }
                self.visit(node, &inner);
            }
        }
    }
}

/// Whether `node` may match the empty string (conservatively: true when unsure).
pub(super) fn can_be_empty(node: &Node) -> bool {
    match node {
        Node::Char(_) | Node::Set(_) | Node::Class(_) => false,
        Node::Empty
        | Node::Assert(_)
        | Node::Look { .. }
        | Node::Backref(_)
        | Node::Unsupported => true,
        Node::Group(_, body) => can_be_empty(body),
        Node::Concat(nodes) => nodes.iter().all(can_be_empty),
        Node::Alt(nodes) => nodes.iter().any(can_be_empty),
        Node::Repeat { node, min, .. } => *min == 0 || can_be_empty(node),
    }
}
