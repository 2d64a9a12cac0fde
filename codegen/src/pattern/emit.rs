//! Writing a parsed pattern in the syntax of the `regex` crate or of `fancy-regex`, every
//! construct with its ECMA meaning spelled out (the tables of the module docs).

use super::Engine;
use super::ast::*;
use super::fancy_checks::is_zero_width_lookaround;

/// ECMA `\d` (class body).
pub(super) const DIGIT_BODY: &str = "0-9";
/// ECMA `\w` (class body).
pub(super) const WORD_BODY: &str = "0-9A-Za-z_";
/// ECMA `\s`: WhiteSpace + LineTerminator (class body).
pub(super) const SPACE_BODY: &str = r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
/// ECMA `.` without the `s` flag: everything except LineTerminator.
pub(super) const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";
/// A class matching every character.
pub(super) const ANY: &str = r"[\x00-\x{10FFFF}]";
/// A class matching nothing.
pub(super) const NOTHING: &str = r"[^\x00-\x{10FFFF}]";

/// ECMA `\b` for `fancy-regex`, which cannot make `\b` ASCII-only.
pub(super) const FANCY_WORD_BOUNDARY: &str =
    r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";
/// ECMA `\B` for `fancy-regex`.
pub(super) const FANCY_NOT_WORD_BOUNDARY: &str =
    r"(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))";

/// Emits `node` in the syntax of `engine`. With [`Engine::Regex`], lookarounds
/// and backreferences (only present when checking the rest of a
/// `fancy-regex` pattern) are left out.
pub(super) fn emit(node: &Node, engine: Engine, out: &mut String) {
    let fancy = engine == Engine::Fancy;
    match node {
        Node::Empty | Node::Unsupported => {}
        Node::Char(c) => match char::from_u32(*c) {
            Some(c) => push_char(out, c, false),
            // A lone surrogate can never occur in a Rust string.
            None => out.push_str(NOTHING),
        },
        Node::Set(set) => emit_set(set, out),
        Node::Class(class) => emit_class(class, out),
        Node::Assert(a) => out.push_str(match (a, fancy) {
            (Assert::Start, _) => "^",
            (Assert::End, _) => "$",
            (Assert::WordBoundary, false) => r"(?-u:\b)",
            (Assert::NotWordBoundary, false) => r"(?-u:\B)",
            (Assert::WordBoundary, true) => FANCY_WORD_BOUNDARY,
            (Assert::NotWordBoundary, true) => FANCY_NOT_WORD_BOUNDARY,
            // Java's line-terminator-aware anchors need lookaround: `fancy-regex` only (the
            // `regex` projection of a fancy pattern only has to be valid syntax).
            (Assert::EndBeforeTerminator, true) => r"(?=(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z)",
            (Assert::LineStart, true) => {
                r"(?:\A|(?:(?<=[\n\x{85}\x{2028}\x{2029}])|(?<=\r)(?!\n))(?!\z))"
            }
            (Assert::LineEnd, true) => r"(?:\z|(?<!\r)(?=\n)|(?=[\r\x{85}\x{2028}\x{2029}]))",
            (Assert::EndBeforeTerminator | Assert::LineEnd, false) => "$",
            (Assert::LineStart, false) => "^",
        }),
        Node::Group(kind, body) => {
            match kind {
                GroupKind::Capture(_, Some(name)) if !fancy => {
                    out.push_str("(?P<");
                    out.push_str(name);
                    out.push('>');
                }
                GroupKind::Capture(..) => out.push('('),
                GroupKind::NonCapture => out.push_str("(?:"),
                GroupKind::Atomic if fancy => out.push_str("(?>"),
                GroupKind::Atomic => out.push_str("(?:"),
            }
            emit(body, engine, out);
            out.push(')');
        }
        Node::Look {
            behind,
            negated,
            body,
        } => {
            if fancy {
                out.push_str(match (behind, negated) {
                    (false, false) => "(?=",
                    (false, true) => "(?!",
                    (true, false) => "(?<=",
                    (true, true) => "(?<!",
                });
                emit(body, engine, out);
                out.push(')');
            } else {
                // Keeps the body's syntax checked; matches nothing or anything.
                out.push_str("(?:");
                emit(body, engine, out);
                out.push_str(")?");
            }
        }
        Node::Backref(n) => {
            if fancy {
                // ECMA: a group that has not participated matches the empty
                // string; `fancy-regex` would fail, hence the conditional.
                out.push_str(&format!(r"(?({n})\{n}|)"));
            }
        }
        Node::Concat(nodes) => nodes.iter().for_each(|n| emit(n, engine, out)),
        Node::Alt(nodes) => {
            for (i, n) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                emit(n, engine, out);
            }
        }
        Node::Repeat {
            node,
            min,
            max,
            greedy,
        } => {
            if fancy && is_zero_width_lookaround(node) {
                // See `check_zero_width_repeats`.
                if *min > 0 {
                    emit(node, engine, out);
                }
                return;
            }
            if matches!(**node, Node::Backref(_)) {
                // `(?(1)\1|){2}` would be the `regex` syntax `{2}` repeating
                // nothing in the projection; a group keeps both readable.
                out.push_str("(?:");
                emit(node, engine, out);
                out.push(')');
            } else {
                emit(node, engine, out);
            }
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (n, None) => out.push_str(&format!("{{{n},}}")),
                (n, Some(m)) if n == m => out.push_str(&format!("{{{n}}}")),
                (n, Some(m)) => out.push_str(&format!("{{{n},{m}}}")),
            }
            if !greedy {
                out.push('?');
            }
        }
    }
}

/// Emits a predefined set as a standalone atom.
pub(super) fn emit_set(set: &Set, out: &mut String) {
    let (body, negated) = match set {
        Set::Dot => {
            out.push_str(DOT);
            return;
        }
        Set::Digit { negated } => (DIGIT_BODY, *negated),
        Set::Word { negated } => (WORD_BODY, *negated),
        Set::Space { negated } => (SPACE_BODY, *negated),
        Set::Property { negated, prop } => {
            match prop {
                Property::Surrogate => out.push_str(if *negated { ANY } else { NOTHING }),
                Property::Body(body) => {
                    out.push_str(if *negated { "[^" } else { "[" });
                    out.push_str(body);
                    out.push(']');
                }
                Property::Text(t) => {
                    out.push_str(if *negated { r"\P{" } else { r"\p{" });
                    out.push_str(t);
                    out.push('}');
                }
            }
            return;
        }
    };
    out.push_str(if negated { "[^" } else { "[" });
    out.push_str(body);
    out.push(']');
}

pub(super) fn emit_class(class: &Class, out: &mut String) {
    let mut body = String::new();
    for item in &class.items {
        match item {
            ClassItem::Char(c) => {
                if let Some(c) = char::from_u32(*c) {
                    push_char(&mut body, c, true);
                }
            }
            ClassItem::Range(lo, hi) => {
                // Surrogate code points cannot be matched; clamp them away.
                let lo = if (0xD800..=0xDFFF).contains(lo) {
                    0xE000
                } else {
                    *lo
                };
                let hi = if (0xD800..=0xDFFF).contains(hi) {
                    0xD7FF
                } else {
                    *hi
                };
                if let (Some(l), Some(h)) = (char::from_u32(lo), char::from_u32(hi)) {
                    if l < h {
                        // Non-ASCII range bounds are always written as escapes.
                        push_range_bound(&mut body, l);
                        body.push('-');
                        push_range_bound(&mut body, h);
                    } else if l == h {
                        push_char(&mut body, l, true);
                    }
                }
            }
            ClassItem::Set(set) => match set {
                // Not produced by the parser (`.` is literal in a class); kept total.
                Set::Dot => body.push_str(DOT),
                Set::Digit { negated: false } => body.push_str(DIGIT_BODY),
                Set::Word { negated: false } => body.push_str(WORD_BODY),
                Set::Space { negated: false } => body.push_str(SPACE_BODY),
                Set::Property {
                    negated,
                    prop: Property::Surrogate,
                } => {
                    if *negated {
                        body.push_str(&ANY[1..ANY.len() - 1]);
                    }
                }
                // Negated sets and properties are valid nested class items.
                other => emit_set(other, &mut body),
            },
            ClassItem::Nested(nested) => emit_class(nested, &mut body),
        }
    }
    for operand in &class.intersect {
        if body.is_empty() {
            body.push_str(&ANY[1..ANY.len() - 1]);
        }
        body.push_str("&&");
        emit_class(operand, &mut body);
    }
    if body.is_empty() {
        out.push_str(if class.negated { ANY } else { NOTHING });
    } else {
        out.push_str(if class.negated { "[^" } else { "[" });
        out.push_str(&body);
        out.push(']');
    }
}

pub(super) fn push_range_bound(out: &mut String, c: char) {
    if c.is_ascii() {
        push_char(out, c, true);
    } else {
        push_hex(out, c);
    }
}

pub(super) fn push_hex(out: &mut String, c: char) {
    match c as u32 {
        n if n < 0x100 => out.push_str(&format!(r"\x{n:02X}")),
        n => out.push_str(&format!(r"\x{{{n:X}}}")),
    }
}

/// Appends a literal character, escaped as needed for the `regex` crate.
pub(super) fn push_char(out: &mut String, c: char, in_class: bool) {
    let needs_backslash = if in_class {
        matches!(c, '\\' | '[' | ']' | '^' | '-' | '&' | '~')
    } else {
        matches!(
            c,
            '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$'
        )
    };
    if needs_backslash {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_graphic() || c == ' ' || (!c.is_ascii() && c.is_alphanumeric()) {
        out.push(c);
    } else {
        match c {
            '\t' => out.push_str(r"\t"),
            '\n' => out.push_str(r"\n"),
            '\r' => out.push_str(r"\r"),
            c => push_hex(out, c),
        }
    }
}
