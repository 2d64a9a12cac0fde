//! What Java's `java.util.regex` gives meaning to and ECMA does not: its property names
//! (POSIX classes, `Is...` binary properties) and ASCII case folding for `(?i)`.

use super::ast::*;
use super::unicode_properties::general_category;

/// Java's `\p{...}` names that ECMA-262 does not have: the POSIX classes (US-ASCII, as
/// Java reads them without `UNICODE_CHARACTER_CLASS`), Java's `LD`, `LC`, `L1` and `all`,
/// and `Is`-prefixed binary properties, categories and scripts.
pub(super) fn java_property(name: &str) -> Option<Property> {
    let posix = match name {
        "Lower" => "a-z",
        "Upper" => "A-Z",
        "ASCII" => r"\x00-\x7F",
        "Alpha" => "a-zA-Z",
        "Digit" => "0-9",
        "Alnum" => "a-zA-Z0-9",
        "Punct" => r"!-/:-@\[-`{-~",
        "Graph" => r"!-~",
        "Print" => r"\x20-~",
        "Blank" => r" \t",
        "Cntrl" => r"\x00-\x1F\x7F",
        "XDigit" => "0-9a-fA-F",
        "Space" => r" \t\n\x0B\f\r",
        // Java's own categories: letters or digits, cased letters, Latin-1, everything.
        "LD" => r"\p{L}\p{Nd}",
        "LC" => r"\p{Lu}\p{Ll}\p{Lt}",
        "L1" => r"\x00-\xFF",
        "all" => r"\x00-\x{10FFFF}",
        _ => "",
    };
    if !posix.is_empty() {
        return Some(Property::Body(posix));
    }
    let rest = name.strip_prefix("Is")?;
    let binary = match rest.to_ascii_lowercase().replace(['_', ' '], "").as_str() {
        "alphabetic" => "Alphabetic",
        "ideographic" => "Ideographic",
        "letter" => "L",
        "lowercase" => "Lowercase",
        "uppercase" => "Uppercase",
        "titlecase" => "Lt",
        "punctuation" => "P",
        "control" => "Cc",
        "whitespace" => "White_Space",
        "digit" => "Nd",
        "hexdigit" => "Hex_Digit",
        "joincontrol" => "Join_Control",
        "noncharactercodepoint" => "Noncharacter_Code_Point",
        "assigned" => "Assigned",
        _ => "",
    };
    if !binary.is_empty() {
        return Some(Property::Text(binary.to_owned()));
    }
    // `\p{IsL}`, `\p{IsLatin}`: a category or a script (scripts are checked by the regex
    // crate when the translation is verified).
    general_category(rest)
        .map(|gc| Property::Text(gc.to_owned()))
        .or_else(|| {
            rest.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                .then(|| Property::Text(format!("Script={rest}")))
        })
}

/// Under Java's ASCII `(?i)`, adds the other case of each ASCII letter the items cover.
pub(super) fn add_other_ascii_case(items: &mut Vec<ClassItem>) {
    let mut more = Vec::new();
    for item in items.iter() {
        let (lo, hi) = match item {
            ClassItem::Char(c) => (*c, *c),
            ClassItem::Range(lo, hi) => (*lo, *hi),
            _ => continue,
        };
        for (from, to) in [(b'a', b'A'), (b'A', b'a')] {
            let (start, end) = (u32::from(from), u32::from(from) + 25);
            let (l, h) = (lo.max(start), hi.min(end));
            if l <= h {
                let shift = |c: u32| c - start + u32::from(to);
                more.push(if l == h {
                    ClassItem::Char(shift(l))
                } else {
                    ClassItem::Range(shift(l), shift(h))
                });
            }
        }
    }
    items.extend(more);
}
