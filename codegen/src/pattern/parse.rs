//! The ECMA-262 pattern parser (with Java's constructs when reading a pattern again as Java):
//! one method per production of the grammar, building [`Node`]s.

use super::PatternError;
use super::ast::*;
use super::java::{add_other_ascii_case, java_property};
use super::unicode_properties::{BINARY_PROPERTIES, general_category};

/// Parses an ECMA pattern (with Java's constructs when `java`); the flag says
/// whether it needs `fancy-regex` (lookaround, backreferences, atomic groups).
pub(super) fn parse(ecma: &str, java: bool) -> Result<(Node, bool), PatternError> {
    let chars: Vec<char> = ecma.chars().collect();
    let (group_count, group_names) = scan_groups(&chars);
    let mut parser = Parser {
        chars: &chars,
        pos: 0,
        group_count,
        group_names,
        captures: 0,
        emitted_names: Vec::new(),
        unsupported: None,
        fancy: false,
        depth: 0,
        java,
        flags: Flags::default(),
    };
    let node = parser.parse_disjunction()?;
    if parser.pos < chars.len() {
        // `parse_disjunction` only stops early at a `)` it does not own.
        return Err(parser.invalid("unmatched ')'"));
    }
    if let Some(reason) = parser.unsupported {
        return Err(PatternError::Unsupported { reason });
    }
    Ok((node, parser.fancy))
}

/// Maximum group nesting we parse recursively (protects the stack; it is the
/// `regex` crate's own default nest limit).
pub(super) const MAX_DEPTH: usize = 250;

/// Maximum nesting of Java's classes inside classes (their frames are large, and real
/// patterns nest two or three).
pub(super) const MAX_CLASS_DEPTH: usize = 32;

pub(super) const MAX_CODE_POINT: u32 = 0x10FFFF;

pub(super) struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    group_count: usize,
    /// Names of the named groups, with their group numbers.
    group_names: Vec<(String, usize)>,
    /// Capturing groups opened so far.
    captures: usize,
    emitted_names: Vec<String>,
    unsupported: Option<String>,
    /// Whether lookaround or backreferences were seen (needs `fancy-regex`).
    fancy: bool,
    depth: usize,
    /// Reading Java's constructs too (see [`super::translate`]).
    java: bool,
    /// Java inline flags in force.
    flags: Flags,
}

/// Java's inline flags `i`, `m`, `s`, in force until the end of the enclosing group.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Flags {
    case_insensitive: bool,
    multiline: bool,
    dot_all: bool,
}

pub(super) type PResult<T> = Result<T, PatternError>;

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn invalid(&self, msg: &str) -> PatternError {
        self.invalid_at(msg, self.pos)
    }

    fn invalid_at(&self, msg: &str, pos: usize) -> PatternError {
        PatternError::Invalid {
            reason: format!("{msg} at character {pos}"),
        }
    }

    fn note_unsupported(&mut self, reason: String) {
        if self.unsupported.is_none() {
            self.unsupported = Some(reason);
        }
    }

    fn parse_disjunction(&mut self) -> PResult<Node> {
        let mut alternatives = vec![self.parse_alternative()?];
        while self.eat('|') {
            alternatives.push(self.parse_alternative()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alternatives)
        })
    }

    fn parse_alternative(&mut self) -> PResult<Node> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.parse_term()?);
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(terms),
        })
    }

    fn parse_term(&mut self) -> PResult<Node> {
        let (atom, quantifiable) = self.parse_atom()?;
        let quant_pos = self.pos;
        let Some((min, max)) = self.parse_quantifier()? else {
            return Ok(atom);
        };
        if !quantifiable {
            if self.java {
                // Java repeats a zero-width match: at least once is the assertion, else nothing.
                if !self.eat('?') {
                    self.eat('+');
                }
                return Ok(if min > 0 { atom } else { Node::Empty });
            }
            return Err(self.invalid_at(
                "quantifier after an assertion (nothing to repeat)",
                quant_pos,
            ));
        }
        let greedy = !self.eat('?');
        let possessive = greedy && self.java && self.eat('+');
        let repeat = Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            greedy,
        };
        // Java's possessive `X{n,m}+` never gives back what it matched: an atomic group. With a
        // fixed count there is nothing to give back.
        if possessive && max != Some(min) {
            self.fancy = true;
            return Ok(Node::Group(GroupKind::Atomic, Box::new(repeat)));
        }
        Ok(repeat)
    }

    /// Parses `*`, `+`, `?` or a braced quantifier at the current position.
    fn parse_quantifier(&mut self) -> PResult<Option<(u32, Option<u32>)>> {
        match self.peek() {
            Some('*') => {
                self.pos += 1;
                Ok(Some((0, None)))
            }
            Some('+') => {
                self.pos += 1;
                Ok(Some((1, None)))
            }
            Some('?') => {
                self.pos += 1;
                Ok(Some((0, Some(1))))
            }
            Some('{') => match self.braced_quantifier_at(self.pos) {
                None => Ok(None),
                Some((min, max, end)) => {
                    if let Some(max) = max {
                        if max < min {
                            return Err(self.invalid("numbers out of order in {} quantifier"));
                        }
                    }
                    self.pos = end;
                    let min = self.clamp_count(min);
                    let max = max.map(|m| self.clamp_count(m));
                    Ok(Some((min, max)))
                }
            },
            _ => Ok(None),
        }
    }

    fn clamp_count(&mut self, n: u64) -> u32 {
        match u32::try_from(n) {
            Ok(n) => n,
            Err(_) => {
                self.note_unsupported(format!(
                    "repetition count {n} is too large for the regex crate"
                ));
                u32::MAX
            }
        }
    }

    /// If a braced quantifier `{n}`, `{n,}` or `{n,m}` starts at `pos`, returns
    /// its bounds and the position just after it.
    fn braced_quantifier_at(&self, pos: usize) -> Option<(u64, Option<u64>, usize)> {
        let mut i = pos;
        if self.chars.get(i) != Some(&'{') {
            return None;
        }
        i += 1;
        let (min, next) = self.decimal_at(i)?;
        i = next;
        let max = if self.chars.get(i) == Some(&',') {
            i += 1;
            match self.decimal_at(i) {
                Some((m, next)) => {
                    i = next;
                    Some(m)
                }
                None => None,
            }
        } else {
            Some(min)
        };
        if self.chars.get(i) != Some(&'}') {
            return None;
        }
        Some((min, max, i + 1))
    }

    /// Reads a non-empty run of decimal digits (saturating).
    fn decimal_at(&self, mut i: usize) -> Option<(u64, usize)> {
        let start = i;
        let mut value: u64 = 0;
        while let Some(d) = self.chars.get(i).and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(u64::from(d));
            i += 1;
        }
        (i > start).then_some((value, i))
    }

    /// Parses one atom; the flag says whether a quantifier may follow it.
    fn parse_atom(&mut self) -> PResult<(Node, bool)> {
        let Some(c) = self.peek() else {
            return Err(self.invalid("unexpected end of pattern"));
        };
        match c {
            '^' if self.flags.multiline => {
                self.pos += 1;
                self.fancy = true;
                Ok((Node::Assert(Assert::LineStart), false))
            }
            '$' if self.flags.multiline => {
                self.pos += 1;
                self.fancy = true;
                Ok((Node::Assert(Assert::LineEnd), false))
            }
            '^' => {
                self.pos += 1;
                Ok((Node::Assert(Assert::Start), false))
            }
            '$' => {
                self.pos += 1;
                Ok((Node::Assert(Assert::End), false))
            }
            '.' if self.flags.dot_all => {
                self.pos += 1;
                let any = Class {
                    negated: true,
                    items: Vec::new(),
                    intersect: Vec::new(),
                };
                Ok((Node::Class(any), true))
            }
            '.' => {
                self.pos += 1;
                Ok((Node::Set(Set::Dot), true))
            }
            '(' => self.parse_group(),
            '[' => Ok((Node::Class(self.parse_class()?), true)),
            '*' | '+' | '?' => Err(self.invalid("nothing to repeat")),
            '{' => {
                if self.braced_quantifier_at(self.pos).is_some() {
                    Err(self.invalid("nothing to repeat"))
                } else {
                    // Annex B: a `{` that does not start a quantifier is a literal.
                    self.pos += 1;
                    Ok((Node::Char('{' as u32), true))
                }
            }
            '\\' => self.parse_atom_escape(),
            ')' => Err(self.invalid("unmatched ')'")),
            // `]`, `}` (Annex B) and every other character are literals.
            _ => {
                self.pos += 1;
                Ok((self.literal(c as u32), true))
            }
        }
    }

    /// A literal character; under Java's `(?i)` an ASCII letter matches both cases.
    fn literal(&self, c: u32) -> Node {
        if !self.flags.case_insensitive {
            return Node::Char(c);
        }
        let mut items = vec![ClassItem::Char(c)];
        add_other_ascii_case(&mut items);
        if items.len() == 1 {
            Node::Char(c)
        } else {
            Node::Class(Class {
                negated: false,
                items,
                intersect: Vec::new(),
            })
        }
    }

    fn parse_group(&mut self) -> PResult<(Node, bool)> {
        let open = self.pos;
        self.pos += 1; // `(`
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(PatternError::Unsupported {
                reason: format!("groups nested deeper than {MAX_DEPTH} levels"),
            });
        }
        let kind = if self.eat('?') {
            match self.peek() {
                Some(':') => {
                    self.pos += 1;
                    Some(GroupKind::NonCapture)
                }
                Some(c @ ('=' | '!')) => {
                    self.pos += 1;
                    return self.parse_look(open, false, c == '!');
                }
                Some('<') if matches!(self.peek_at(1), Some('=') | Some('!')) => {
                    let negated = self.peek_at(1) == Some('!');
                    self.pos += 2;
                    return self.parse_look(open, true, negated);
                }
                Some('<') => {
                    self.pos += 1;
                    self.captures += 1;
                    let index = self.captures;
                    let name = self.parse_group_name()?;
                    let emitted =
                        if is_regex_group_name(&name) && !self.emitted_names.contains(&name) {
                            self.emitted_names.push(name.clone());
                            Some(name)
                        } else {
                            None
                        };
                    Some(GroupKind::Capture(index, emitted))
                }
                Some('>') if self.java => {
                    self.pos += 1;
                    self.fancy = true;
                    Some(GroupKind::Atomic)
                }
                _ if self.java => {
                    // Java's `(?idmsux-idmsux)` (for the rest of the group) and
                    // `(?idmsux-idmsux:...)`.
                    let (flags, end) = self.java_flags()?;
                    if self.chars.get(end) == Some(&')') {
                        self.pos = end + 1;
                        self.depth -= 1;
                        self.flags = flags;
                        return Ok((Node::Empty, false));
                    }
                    self.pos = end + 1; // `:`
                    let saved = std::mem::replace(&mut self.flags, flags);
                    let body = self.parse_disjunction()?;
                    self.flags = saved;
                    if !self.eat(')') {
                        return Err(self.invalid_at("unterminated group", open));
                    }
                    self.depth -= 1;
                    return Ok((Node::Group(GroupKind::NonCapture, Box::new(body)), true));
                }
                _ => {
                    // ES2025 modifiers `(?ims-ims:...)`.
                    let mut i = self.pos;
                    while matches!(self.chars.get(i), Some('i' | 'm' | 's' | '-')) {
                        i += 1;
                    }
                    if i > self.pos && self.chars.get(i) == Some(&':') {
                        self.pos = i + 1;
                        self.note_unsupported("inline modifier groups ((?i:...))".to_string());
                        None
                    } else if i > self.pos && self.chars.get(i) == Some(&')') {
                        return Err(self.invalid(
                            "inline flags such as (?i) are not ECMA-262 syntax (only (?i:...) groups)",
                        ));
                    } else {
                        return Err(self.invalid("invalid group"));
                    }
                }
            }
        } else {
            self.captures += 1;
            Some(GroupKind::Capture(self.captures, None))
        };
        // Java's inline flags last until the end of the group they are in.
        let saved = self.flags;
        let body = self.parse_disjunction()?;
        self.flags = saved;
        if !self.eat(')') {
            return Err(self.invalid_at("unterminated group", open));
        }
        self.depth -= 1;
        Ok(match kind {
            Some(kind) => (Node::Group(kind, Box::new(body)), true),
            None => (Node::Unsupported, true),
        })
    }

    /// Reads Java flag letters after `(?` up to `)` or `:`: the flags then in force and
    /// the position of that `)` or `:`.
    fn java_flags(&mut self) -> PResult<(Flags, usize)> {
        let mut flags = self.flags;
        let mut on = true;
        let mut i = self.pos;
        loop {
            let value = on;
            match self.chars.get(i) {
                Some('i') => flags.case_insensitive = value,
                Some('m') => flags.multiline = value,
                Some('s') => flags.dot_all = value,
                Some('-') if on => on = false,
                Some(')' | ':') if i > self.pos => return Ok((flags, i)),
                Some(c @ ('d' | 'u' | 'x' | 'U')) => {
                    let c = *c;
                    self.note_unsupported(format!("Java's inline flag ({c})"));
                }
                _ => return Err(self.invalid("invalid group")),
            }
            i += 1;
        }
    }

    /// Parses the body of a lookaround whose opening (`(?=`, `(?<!`, ...)
    /// started at `open` and has been consumed. Lookarounds are not
    /// quantifiable in u-mode.
    fn parse_look(&mut self, open: usize, behind: bool, negated: bool) -> PResult<(Node, bool)> {
        self.fancy = true;
        let saved = self.flags;
        let body = self.parse_disjunction()?;
        self.flags = saved;
        if !self.eat(')') {
            return Err(self.invalid_at("unterminated group", open));
        }
        self.depth -= 1;
        let node = Node::Look {
            behind,
            negated,
            body: Box::new(body),
        };
        Ok((node, false))
    }

    /// Parses `name>` after `(?<` or `\k<`.
    fn parse_group_name(&mut self) -> PResult<String> {
        let start = self.pos;
        let mut name = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.invalid_at("unterminated group name", start));
            };
            self.pos += 1;
            let c = match c {
                '>' => break,
                '\\' => {
                    if !self.eat('u') {
                        return Err(self.invalid("invalid escape in group name"));
                    }
                    let cp = self.parse_unicode_escape_body()?;
                    char::from_u32(cp)
                        .ok_or_else(|| self.invalid("invalid escape in group name"))?
                }
                c => c,
            };
            let ok = if name.is_empty() {
                c == '$' || c == '_' || c.is_alphabetic()
            } else {
                c == '$' || c == '_' || c == '\u{200C}' || c == '\u{200D}' || c.is_alphanumeric()
            };
            if !ok {
                return Err(self.invalid("invalid character in group name"));
            }
            name.push(c);
        }
        if name.is_empty() {
            return Err(self.invalid_at("empty group name", start));
        }
        Ok(name)
    }

    /// Escape in atom position (after `\`, outside classes).
    fn parse_atom_escape(&mut self) -> PResult<(Node, bool)> {
        let start = self.pos;
        self.pos += 1; // `\`
        match self.peek() {
            Some('b') => {
                self.pos += 1;
                Ok((Node::Assert(Assert::WordBoundary), false))
            }
            Some('B') => {
                self.pos += 1;
                Ok((Node::Assert(Assert::NotWordBoundary), false))
            }
            Some('A') if self.java => {
                self.pos += 1;
                Ok((Node::Assert(Assert::Start), false))
            }
            Some('z') if self.java => {
                self.pos += 1;
                Ok((Node::Assert(Assert::End), false))
            }
            Some('Z') if self.java => {
                self.pos += 1;
                self.fancy = true;
                Ok((Node::Assert(Assert::EndBeforeTerminator), false))
            }
            Some('k') => {
                self.pos += 1;
                if !self.eat('<') {
                    return Err(self.invalid_at("\\k must be followed by <name>", start));
                }
                let name = self.parse_group_name()?;
                let mut groups = self
                    .group_names
                    .iter()
                    .filter(|(n, _)| *n == name)
                    .map(|(_, index)| *index);
                let Some(index) = groups.next() else {
                    return Err(self
                        .invalid_at(&format!("reference to unknown group name '{name}'"), start));
                };
                if groups.next().is_some() {
                    self.note_unsupported(format!(
                        "backreference \\k<{name}> to a name several groups share"
                    ));
                }
                self.fancy = true;
                Ok((Node::Backref(index), true))
            }
            Some('1'..='9') => {
                let (n, end) = self.decimal_at(self.pos).unwrap_or((0, self.pos + 1));
                self.pos = end;
                if n as usize <= self.group_count && n > 0 {
                    self.fancy = true;
                    Ok((Node::Backref(n as usize), true))
                } else {
                    Err(self.invalid_at(
                        &format!("backreference \\{n} to a non-existent group"),
                        start,
                    ))
                }
            }
            _ => match self.parse_common_escape(false, start)? {
                Escape::Char(c) => Ok((self.literal(c), true)),
                Escape::Set(s) => Ok((Node::Set(s), true)),
            },
        }
    }

    /// Escapes valid both inside and outside classes; `self.pos` is just after
    /// the backslash (which is at `start`).
    fn parse_common_escape(&mut self, in_class: bool, start: usize) -> PResult<Escape> {
        let Some(c) = self.peek() else {
            return Err(self.invalid_at("\\ at end of pattern", start));
        };
        self.pos += 1;
        let esc = match c {
            'd' => Escape::Set(Set::Digit { negated: false }),
            'D' => Escape::Set(Set::Digit { negated: true }),
            'w' => Escape::Set(Set::Word { negated: false }),
            'W' => Escape::Set(Set::Word { negated: true }),
            's' => Escape::Set(Set::Space { negated: false }),
            'S' => Escape::Set(Set::Space { negated: true }),
            'p' | 'P' => Escape::Set(Set::Property {
                negated: c == 'P',
                prop: self.parse_property(start)?,
            }),
            'f' => Escape::Char(0x0C),
            'n' => Escape::Char(0x0A),
            'r' => Escape::Char(0x0D),
            't' => Escape::Char(0x09),
            'v' => Escape::Char(0x0B),
            'b' if in_class => Escape::Char(0x08),
            '-' if in_class => Escape::Char('-' as u32),
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    Escape::Char(l as u32 % 32)
                }
                _ => return Err(self.invalid_at("\\c must be followed by an ASCII letter", start)),
            },
            // `\0` is NUL; Annex B legacy octal escapes such as `\037` are
            // accepted too (unambiguous, unlike `\1`..`\9`).
            '0' => Escape::Char(self.parse_legacy_octal(0)),
            // Java's `\x{h...}`.
            'x' if self.java && self.eat('{') => Escape::Char(self.braced_hex("x", start)?),
            'x' => {
                let hi = self.peek().and_then(|h| h.to_digit(16));
                let lo = self.peek_at(1).and_then(|h| h.to_digit(16));
                match (hi, lo) {
                    (Some(hi), Some(lo)) => {
                        self.pos += 2;
                        Escape::Char(hi * 16 + lo)
                    }
                    _ => {
                        return Err(
                            self.invalid_at("\\x must be followed by two hex digits", start)
                        );
                    }
                }
            }
            'u' => Escape::Char(self.parse_unicode_escape_body()?),
            c if c.is_ascii_alphanumeric() => {
                return Err(self.invalid_at(&format!("unknown escape \\{c}"), start));
            }
            // Identity escape (`\/`, `\.`, `\-`, `\_`, ...).
            c => Escape::Char(c as u32),
        };
        Ok(esc)
    }

    /// Continues an Annex B legacy octal escape whose first digit (already
    /// consumed) is `first`: at most three digits in total, value <= 0o377.
    fn parse_legacy_octal(&mut self, first: u32) -> u32 {
        let max_digits = if first <= 3 { 3 } else { 2 };
        let mut value = first;
        for _ in 1..max_digits {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    self.pos += 1;
                    value = value * 8 + d;
                }
                None => break,
            }
        }
        value
    }

    /// Parses the part after `\u`: `XXXX` (combining surrogate pairs written
    /// as two escapes) or `{X...}`.
    fn parse_unicode_escape_body(&mut self) -> PResult<u32> {
        let start = self.pos.saturating_sub(2);
        if self.eat('{') {
            return self.braced_hex("u", start);
        }
        let Some(lead) = self.hex4_at(self.pos) else {
            return Err(self.invalid_at("\\u must be followed by four hex digits or {...}", start));
        };
        self.pos += 4;
        if (0xD800..=0xDBFF).contains(&lead)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            if let Some(trail) = self.hex4_at(self.pos + 2) {
                if (0xDC00..=0xDFFF).contains(&trail) {
                    self.pos += 6;
                    return Ok(0x10000 + ((lead - 0xD800) << 10) + (trail - 0xDC00));
                }
            }
        }
        Ok(lead)
    }

    /// The hex digits and `}` after `\u{` or `\x{` (`escape` names the letter): a code point.
    fn braced_hex(&mut self, escape: &str, start: usize) -> PResult<u32> {
        let mut value: u32 = 0;
        let mut digits = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
            self.pos += 1;
            digits += 1;
            value = value.saturating_mul(16).saturating_add(d);
            if value > MAX_CODE_POINT {
                return Err(
                    self.invalid_at(&format!("\\{escape}{{...}} escape above U+10FFFF"), start)
                );
            }
        }
        if digits == 0 || !self.eat('}') {
            return Err(self.invalid_at(&format!("malformed \\{escape}{{...}} escape"), start));
        }
        Ok(value)
    }

    fn hex4_at(&self, i: usize) -> Option<u32> {
        let mut value = 0;
        for k in 0..4 {
            value = value * 16 + self.chars.get(i + k)?.to_digit(16)?;
        }
        Some(value)
    }

    /// Parses `{...}` after `\p` / `\P`.
    fn parse_property(&mut self, start: usize) -> PResult<Property> {
        if !self.eat('{') {
            return Err(self.invalid_at("\\p and \\P must be followed by {...}", start));
        }
        let mut text = String::new();
        loop {
            match self.peek() {
                None => return Err(self.invalid_at("unterminated \\p{...}", start)),
                Some('}') => {
                    self.pos += 1;
                    break;
                }
                Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '=' => {
                    self.pos += 1;
                    text.push(c);
                }
                Some(_) => return Err(self.invalid("invalid character in Unicode property name")),
            }
        }
        let gc = |value: &str| -> Option<Property> {
            let short = general_category(value)?;
            Some(if short == "Cs" {
                Property::Surrogate
            } else {
                Property::Text(short.to_string())
            })
        };
        if self.java {
            if let Some(prop) = java_property(&text) {
                return Ok(prop);
            }
        }
        let prop = match text.split_once('=') {
            Some((name, value)) => match name {
                "General_Category" | "gc" => gc(value),
                "Script" | "sc" | "Script_Extensions" | "scx" => {
                    let valid = !value.is_empty()
                        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    // The value itself is checked by the regex crate (see `verify`).
                    valid.then(|| Property::Text(format!("{name}={value}")))
                }
                _ => None,
            },
            None => gc(&text).or_else(|| {
                BINARY_PROPERTIES
                    .contains(&text.as_str())
                    .then(|| Property::Text(text.clone()))
            }),
        };
        if matches!(text.as_str(), "Changes_When_NFKC_Casefolded" | "CWKCF") {
            self.note_unsupported(format!("the regex crate has no \\p{{{text}}} property"));
        }
        prop.ok_or_else(|| {
            self.invalid_at(&format!("unknown Unicode property \\p{{{text}}}"), start)
        })
    }

    fn parse_class(&mut self) -> PResult<Class> {
        let open = self.pos;
        self.pos += 1; // `[`
        let negated = self.eat('^');
        let mut items = Vec::new();
        // Java: `&&` closes an operand of an intersection.
        let mut operands: Vec<Vec<ClassItem>> = Vec::new();
        loop {
            match self.peek() {
                None => return Err(self.invalid_at("unterminated character class", open)),
                Some(']') => {
                    self.pos += 1;
                    break;
                }
                Some('[') if self.java => {
                    self.depth += 1;
                    if self.depth > MAX_CLASS_DEPTH {
                        return Err(PatternError::Unsupported {
                            reason: format!("classes nested deeper than {MAX_CLASS_DEPTH} levels"),
                        });
                    }
                    let nested = self.parse_class()?;
                    self.depth -= 1;
                    items.push(ClassItem::Nested(nested));
                    continue;
                }
                Some('&') if self.java && self.peek_at(1) == Some('&') => {
                    self.pos += 2;
                    operands.push(std::mem::take(&mut items));
                    continue;
                }
                Some(_) => {}
            }
            let first = self.parse_class_atom()?;
            let is_range = self.peek() == Some('-') && !matches!(self.peek_at(1), None | Some(']'));
            if !is_range {
                items.push(first);
                continue;
            }
            let dash = self.pos;
            self.pos += 1;
            let second = self.parse_class_atom()?;
            match (first, second) {
                (ClassItem::Char(lo), ClassItem::Char(hi)) => {
                    if lo > hi {
                        return Err(self.invalid_at("range out of order in character class", dash));
                    }
                    items.push(ClassItem::Range(lo, hi));
                }
                // Annex B: a class escape next to `-` makes the `-` literal.
                (first, second) => {
                    items.push(first);
                    items.push(ClassItem::Char('-' as u32));
                    items.push(second);
                }
            }
        }
        if self.flags.case_insensitive {
            add_other_ascii_case(&mut items);
        }
        if operands.is_empty() {
            return Ok(Class {
                negated,
                items,
                intersect: Vec::new(),
            });
        }
        operands.push(items);
        let mut operands = operands.into_iter().map(|items| Class {
            negated: false,
            items,
            intersect: Vec::new(),
        });
        let base = operands.next().map(|c| c.items).unwrap_or_default();
        Ok(Class {
            negated,
            items: base,
            intersect: operands.collect(),
        })
    }

    fn parse_class_atom(&mut self) -> PResult<ClassItem> {
        let Some(c) = self.peek() else {
            return Err(self.invalid("unterminated character class"));
        };
        if c != '\\' {
            self.pos += 1;
            return Ok(ClassItem::Char(c as u32));
        }
        let start = self.pos;
        self.pos += 1;
        match self.peek() {
            Some('B') => Err(self.invalid_at("\\B is not allowed in a character class", start)),
            Some('k') => Err(self.invalid_at("\\k is not allowed in a character class", start)),
            // Annex B: no backreferences in classes, so `[\1-\37]` is octal.
            Some(d @ '1'..='7') => {
                self.pos += 1;
                Ok(ClassItem::Char(
                    self.parse_legacy_octal(d as u32 - '0' as u32),
                ))
            }
            Some('8' | '9') => Err(self.invalid_at("invalid escape in a character class", start)),
            _ => Ok(match self.parse_common_escape(true, start)? {
                Escape::Char(c) => ClassItem::Char(c),
                Escape::Set(s) => ClassItem::Set(s),
            }),
        }
    }
}

/// Counts capturing groups and collects group names (needed up front because
/// backreferences may point forward).
pub(super) fn scan_groups(chars: &[char]) -> (usize, Vec<(String, usize)>) {
    let mut count = 0;
    let mut names = Vec::new();
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => {
                if chars.get(i + 1) != Some(&'?') {
                    count += 1;
                } else if chars.get(i + 2) == Some(&'<')
                    && !matches!(chars.get(i + 3), Some('=') | Some('!'))
                {
                    count += 1;
                    // Names are compared after decoding escapes via a
                    // throwaway parser.
                    let mut p = Parser {
                        chars,
                        pos: i + 3,
                        group_count: 0,
                        group_names: Vec::new(),
                        captures: 0,
                        emitted_names: Vec::new(),
                        unsupported: None,
                        fancy: false,
                        depth: 0,
                        java: false,
                        flags: Flags::default(),
                    };
                    if let Ok(name) = p.parse_group_name() {
                        names.push((name, count));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    (count, names)
}

/// Whether the `regex` crate accepts `name` as a capture group name (kept to
/// a conservative ASCII subset; other names become unnamed groups, which
/// does not change what matches).
pub(super) fn is_regex_group_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
