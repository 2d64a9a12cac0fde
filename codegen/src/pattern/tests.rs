//! Tests of [`super::translate`] as a whole: each construct's translation, engines, errors,
//! Java's constructs; `oracle` checks translations against an ECMA engine.

use super::*;

fn tr(p: &str) -> String {
    match translate(p) {
        Ok(t) => t.regex,
        Err(e) => panic!("translate({p:?}) failed: {e}"),
    }
}

/// A compiled translation, whichever its engine.
enum Compiled {
    Regex(regex::Regex),
    Fancy(fancy_regex::Regex),
}

impl Compiled {
    fn new(t: &Translated) -> Result<Self, String> {
        match t.engine {
            Engine::Regex => regex::Regex::new(&t.regex)
                .map(Compiled::Regex)
                .map_err(|e| e.to_string()),
            Engine::Fancy => fancy_regex::Regex::new(&t.regex)
                .map(Compiled::Fancy)
                .map_err(|e| e.to_string()),
        }
    }

    /// Matches as the generated code does (`runtime/validation.rs`).
    fn is_match(&self, s: &str) -> bool {
        match self {
            // `is_match` can miss matches next to a `(?-u:\B)` that holds
            // inside a multi-byte character (regex 1.13); `find` does not.
            Compiled::Regex(re) if re.as_str().contains(r"(?-u:\B)") => re.find(s).is_some(),
            Compiled::Regex(re) => re.is_match(s),
            Compiled::Fancy(re) => re.is_match(s).expect("backtrack limit"),
        }
    }
}

fn compiled(p: &str) -> Compiled {
    let t = translate(p).unwrap_or_else(|e| panic!("translate({p:?}) failed: {e}"));
    Compiled::new(&t).unwrap_or_else(|e| panic!("{p:?} -> {:?}: {e}", t.regex))
}

fn is_match(p: &str, s: &str) -> bool {
    compiled(p).is_match(s)
}

fn engine(p: &str) -> Engine {
    translate(p)
        .unwrap_or_else(|e| panic!("translate({p:?}) failed: {e}"))
        .engine
}

fn unsupported(p: &str) -> bool {
    matches!(translate(p), Err(PatternError::Unsupported { .. }))
}

fn invalid(p: &str) -> bool {
    matches!(translate(p), Err(PatternError::Invalid { .. }))
}

const SPACE: &str = r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

#[test]
fn plain_ascii_classes_stay_readable() {
    assert_eq!(tr(r"^[a-zA-Z0-9_-]+$"), r"^[a-zA-Z0-9_\-]+$");
    assert_eq!(tr(r"^[a-f0-9]{32}$"), r"^[a-f0-9]{32}$");
    assert_eq!(tr(r"^[A-Za-z0-9 ]*$"), r"^[A-Za-z0-9 ]*$");
    assert_eq!(
        tr(r"^arn:aws:[a-z-]+:\S*$"),
        format!(r"^arn:aws:[a-z\-]+:[^{SPACE}]*$")
    );
}

#[test]
fn perl_classes_are_ascii() {
    assert_eq!(tr(r"\d"), "[0-9]");
    assert_eq!(tr(r"\D"), "[^0-9]");
    assert_eq!(tr(r"\w"), "[0-9A-Za-z_]");
    assert_eq!(tr(r"\W"), "[^0-9A-Za-z_]");
    assert_eq!(tr(r"\s"), format!("[{SPACE}]"));
    assert_eq!(tr(r"\S"), format!("[^{SPACE}]"));
    assert!(!is_match(r"\d", "٣"));
    assert!(is_match(r"\D", "٣"));
    assert!(!is_match(r"\w", "é"));
    assert!(is_match(r"\W", "é"));
    assert!(is_match(r"^\s+$", "\u{a0}\u{2028}\u{feff}\t\u{b}"));
    assert!(!is_match(r"\s", "\u{85}")); // NEL is not ECMA whitespace
    assert!(!is_match(r"\s", "\u{180e}"));
}

#[test]
fn perl_classes_inside_classes() {
    assert_eq!(tr(r"^[\w/!@#+=.-]+$"), r"^[0-9A-Za-z_/!@#+=.\-]+$");
    assert!(!is_match(r"^[\w/!@#+=.-]+$", "é"));
    assert!(is_match(r"^[\w/!@#+=.-]+$", "a/b+c=d@e.f-g_#!"));
    assert_eq!(tr(r"[^\s]"), format!("[^{SPACE}]"));
    assert_eq!(tr(r"[\D]"), "[[^0-9]]");
    assert_eq!(tr(r"[\D\s]"), format!("[[^0-9]{SPACE}]"));
    assert_eq!(tr(r"[^\W]"), "[^[^0-9A-Za-z_]]");
    assert!(is_match(r"^[^\W]$", "a"));
    assert!(!is_match(r"^[^\W]$", "é"));
    assert!(is_match(r"^[\D\s]$", " "));
    assert!(!is_match(r"^[^\D\s]$", "٣"));
    // Annex B: `-` next to a class escape is literal.
    assert_eq!(tr(r"[\w-.]"), r"[0-9A-Za-z_\-.]");
    assert!(is_match(r"^[\w-.]$", "-"));
    assert!(!is_match(r"^[\w-.]$", ","));
}

#[test]
fn dot_excludes_only_line_terminators() {
    assert_eq!(tr("."), r"[^\n\r\x{2028}\x{2029}]");
    assert!(is_match("^.$", "😀"));
    assert!(is_match("^.$", "\u{85}"));
    for s in ["\n", "\r", "\u{2028}", "\u{2029}"] {
        assert!(!is_match("^.$", s), "{s:?}");
    }
}

#[test]
fn word_boundaries_are_ascii() {
    assert_eq!(tr(r"\bfoo\B"), r"(?-u:\b)foo(?-u:\B)");
    assert!(is_match(r"\bfoo\b", "a foo."));
    assert!(is_match(r"\bfoo\b", "éfooé"));
    assert!(!is_match(r"\bfoo\b", "_foo"));
    assert!(is_match(r"^\B$", ""));
    assert!(!is_match(r"\B", "aéa"));
    assert!(is_match(r"é\B", "éé"));
}

#[test]
fn escapes() {
    assert_eq!(tr(r"\u0041\u{42}\x43"), "ABC");
    assert_eq!(tr(r"\cJ\cm\0\f\v\t"), r"\n\r\x00\x0C\x0B\t");
    assert_eq!(tr(r"\uD83D\uDE00"), r"\x{1F600}");
    assert_eq!(tr(r"\u{1F600}"), r"\x{1F600}");
    assert_eq!(tr(r"\u00e9\u00A0"), r"é\xA0");
    assert_eq!(tr(r"\/\.\*\-\_\ \$"), r"/\.\*-_ \$");
    assert_eq!(tr(r"[\b\-\]\[\^]"), r"[\x08\-\]\[\^]");
    assert_eq!(tr("a\u{2028}b"), r"a\x{2028}b");
    assert!(is_match(r"^\uD83D\uDE00$", "😀"));
    // A lone surrogate never matches a Rust string.
    assert!(!is_match(r"\uD800", "\u{d7ff}\u{e000}"));
    assert!(is_match(r"^[^\uD800]$", "a"));
    assert!(is_match(r"^\uDE00?$", ""));
    assert!(is_match(r"^a\uD800*$", "a"));
    // Annex B legacy octal escapes.
    assert_eq!(tr(r"[^/:|\000-\037]\0101\08"), r"[^/:|\x00-\x1F]\x081\x008");
    assert_eq!(tr(r"[\1-\7\477]"), r"[\x01-\x07'7]");
}

#[test]
fn unicode_properties() {
    assert_eq!(tr(r"\p{L}+"), r"\p{L}+");
    assert_eq!(
        tr(r"\p{Letter}\P{gc=Lu}\p{General_Category=Decimal_Number}"),
        r"\p{L}\P{Lu}\p{Nd}"
    );
    assert_eq!(
        tr(r"\p{Script=Latin}\p{sc=Grek}\p{scx=Cyrl}"),
        r"\p{Script=Latin}\p{sc=Grek}\p{scx=Cyrl}"
    );
    assert_eq!(tr(r"[\p{L}\P{N}_]"), r"[\p{L}\P{N}_]");
    assert_eq!(
        tr(r"\p{White_Space}\p{ASCII}\p{Any}"),
        r"\p{White_Space}\p{ASCII}\p{Any}"
    );
    assert!(is_match(r"^\p{L}+$", "éßΣ"));
    assert!(!is_match(r"\p{L}", "٣"));
    assert!(is_match(r"^\p{Script=Greek}$", "Σ"));
    assert!(!is_match(r"\p{Cs}", "a\u{ffff}"));
    assert!(is_match(r"^\P{Cs}$", "a"));
    assert!(is_match(r"^[\P{Cs}]$", "a"));
    assert!(invalid(r"\p{letter}"));
    assert!(invalid(r"\p{Latin}"));
    assert!(invalid(r"\p{Script=NoSuchScript}"));
    assert!(invalid(r"\p{Foo=Bar}"));
    assert!(invalid(r"\pL"));
    assert!(invalid(r"\p{L"));
}

#[test]
fn braces_and_brackets_as_literals() {
    assert_eq!(tr("a{"), r"a\{");
    assert_eq!(tr("{foo}"), r"\{foo\}");
    assert_eq!(tr("a{,5}"), r"a\{,5\}");
    assert_eq!(tr("{"), r"\{");
    assert_eq!(tr("}"), r"\}");
    assert_eq!(tr("]"), r"\]");
    assert_eq!(tr("x{a}"), r"x\{a\}");
    assert!(is_match("^a{,5}$", "a{,5}"));
    assert!(!is_match("a{,5}", "aaa"));
    assert_eq!(tr(r"[\]]"), r"[\]]");
    assert_eq!(tr(r"[-a]"), r"[\-a]");
    assert_eq!(tr(r"[a-]"), r"[a\-]");
    assert_eq!(tr(r"[[]"), r"[\[]");
    assert_eq!(tr(r"[&&~~]"), r"[\&\&\~\~]");
    // No nested classes / set operations in u-mode: this is the class
    // `[a&[^b]` followed by a literal `]` (Annex B), as in ECMAScript.
    assert_eq!(tr(r"[a&&[^b]]"), r"[a\&\&\[\^b]\]");
    assert!(is_match(r"^[a&&[^b]]$", "[]"));
}

#[test]
fn quantifiers() {
    assert_eq!(tr("x{2}"), "x{2}");
    assert_eq!(tr("x{2,}"), "x{2,}");
    assert_eq!(tr("x{2,3}?"), "x{2,3}?");
    assert_eq!(tr("x{0,1}"), "x?");
    assert_eq!(tr("a*?b+?c??"), "a*?b+?c??");
    assert!(is_match("^x{2}$", "xx"));
    assert!(!is_match("^x{2}$", "xxx"));
    assert!(unsupported("a{4294967296}"));
    assert!(unsupported(r"\w{1,100000}"));
}

#[test]
fn empty_and_full_classes() {
    assert_eq!(tr("[]"), r"[^\x00-\x{10FFFF}]");
    assert_eq!(tr("[^]"), r"[\x00-\x{10FFFF}]");
    assert!(!is_match("[]", "abc\n"));
    assert!(is_match("^[^]$", "\n"));
    assert!(is_match("^[^]$", "😀"));
    assert!(!is_match(r"[\uD800-\uDFFF]", "a\u{ffff}"));
    assert_eq!(
        tr(r"[\u0020-\uD7FF\uE000-\uFFFD]"),
        r"[ -\x{D7FF}\x{E000}-\x{FFFD}]"
    );
    assert_eq!(tr(r"[\uD800-\uFFFF]"), r"[\x{E000}-\x{FFFF}]");
    assert_eq!(
        tr(r"[\uD800\uDC00-\uDBFF\uDFFFé-ü]"),
        r"[\x{10000}-\x{10FFFF}\xE9-\xFC]"
    );
}

#[test]
fn groups_and_anchors() {
    assert_eq!(tr("(?:ab)+|c"), "(?:ab)+|c");
    assert_eq!(tr(r"(?<year>\d{4})-(x)"), r"(?P<year>[0-9]{4})-(x)");
    // Names the regex crate cannot hold become plain groups.
    assert_eq!(tr(r"(?<$a>x)"), "(x)");
    assert_eq!(tr(r"(?<a>x)|(?<a>y)"), "(?P<a>x)|(y)");
    assert_eq!(tr("^$"), "^$");
    assert_eq!(tr("a|"), "a|");
    assert_eq!(tr("()"), "()");
    assert!(is_match("^(?:foo|bar)+$", "foobarfoo"));
    assert!(!is_match("^abc$", "abc\n"));
}

#[test]
fn engines() {
    for p in [r"^\w+$", r"\bfoo\b", r"(a)|b", r"(?<n>x)", "[(?=]", r"[\1]"] {
        assert_eq!(engine(p), Engine::Regex, "{p}");
    }
    for p in [
        r"(?=a)",
        r"a(?!b)",
        r"(?<=a)b",
        r"(?<!a)b",
        r"(a)\1",
        r"\1(a)",
        r"(?<n>a)\k<n>",
    ] {
        assert_eq!(engine(p), Engine::Fancy, "{p}");
    }
}

#[test]
fn lookaround_and_backreferences() {
    assert_eq!(tr(r"^(?!aws:)\w+$"), r"^(?!aws:)[0-9A-Za-z_]+$");
    assert_eq!(
        tr(r"(?<=\d)x(?<!\s)"),
        format!(r"(?<=[0-9])x(?<![{SPACE}])")
    );
    assert_eq!(tr(r"(a)\1{3}"), r"(a)(?:(?(1)\1|)){3}");
    assert_eq!(tr(r"(?<n>a)\k<n>0"), r"(a)(?(1)\1|)0");
    assert_eq!(
        tr(r"(?=a)\b"),
        r"(?=a)(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))"
    );
    assert!(is_match(r"^(?!aws:)\w+$", "abc"));
    assert!(!is_match(r"^(?!aws:)\w+$", "aws:x"));
    assert!(!is_match(r"^(?!aws:)\w+$", "é"));
    assert!(is_match(r"(?<=a)b", "ab"));
    assert!(!is_match(r"(?<=a)b", "cb"));
    assert!(is_match(r"(?<=é)b", "éb"));
    assert!(is_match(r"(?<!a)b", "éb"));
    assert!(is_match(r"^(?<=^)(.)\1$", "éé"));
    assert!(!is_match(r"^(.)\1$", "éa"));
    // A group that has not participated matches the empty string.
    assert!(is_match(r"^(a)?\1b$", "b"));
    assert!(is_match(r"^\1(a)$", "a"));
    assert!(is_match(r"^(?:(a)|b)\1$", "b"));
    // ASCII boundaries, next to a lookaround.
    assert!(is_match(r"(?=.)a\bé", "aé"));
    assert!(!is_match(r"(?=.)a\Bé", "aé"));
    assert!(is_match(r"(?=.)é\Bé", "éé"));
    assert!(!is_match(r"(?=.)\b", "é"));
    // `$` is the end of the input only; `.` stops at line terminators.
    assert!(!is_match(r"(?=a)abc$", "abc\n"));
    assert!(!is_match(r"^(?=a).+$", "a\u{2028}"));
    // Multi-digit group numbers.
    let p = r"^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\11\1$";
    assert!(is_match(p, "abcdefghijkka"));
    assert!(!is_match(p, "abcdefghijka1"));
}

#[test]
fn unsupported_constructs() {
    for p in [
        r"(?i:a)",
        r"(?-i:a)",
        r"(?<a>x)|(?<a>y)\k<a>",
        r"(?:(a)|b)+\1",
        r"(?:(a)\1)+",
        r"(?:\1(a))+",
        r"(?:(a*))+\1",
        r"(?:(a)?b)+\1",
        r"(?<=(a)\1)b",
        r"(?<=(a))b\1",
        r"(a)(?<=\1)b",
    ] {
        assert!(unsupported(p), "{p} -> {:?}", translate(p));
    }
    // Groups repeated at most once, or taking part in every non-empty
    // iteration of a repetition the backreference is outside of, are fine.
    for p in [
        r"(?:(a)|b)?\1",
        r"(?:(a)b)+\1",
        r"(a)+\1",
        r"(?:(a))+?\1",
        r"((a)|b){1}\2",
    ] {
        assert_eq!(engine(p), Engine::Fancy, "{p}");
    }
    let err = translate(r"(?:(a)|b)+\1").unwrap_err();
    assert!(err.to_string().contains("backreference"), "{err}");
}

#[test]
fn invalid_patterns() {
    for p in [
        "(",
        ")",
        "a)",
        "(a",
        "*",
        "a**",
        "+a",
        "?",
        "a|*",
        "{2}",
        "x{2}{3}",
        "x{3,2}",
        "[",
        "[a",
        "[z-a]",
        "\\",
        r"\h",
        r"\e",
        r"\1",
        r"\k<x>",
        r"(?<x>a)\k",
        r"\u12",
        r"\x1",
        r"\u{}",
        r"\u{110000}",
        r"\c1",
        r"(?<a b>x)",
        "(?<>x)",
        r"[\B]",
        r"[\8]",
        r"\1\00",
        "(?x)",
        "(?",
        "(?<a",
    ] {
        assert!(invalid(p), "{p:?} -> {:?}", translate(p));
    }
}

/// Patterns that are not ECMA-262 but Java syntax (as Smithy's reference implementation
/// reads patterns) keep Java's meaning for those constructs.
#[test]
fn java_constructs_keep_java_meaning() {
    let java = |p: &str| translate(p).is_ok_and(|t| t.java);
    for p in [
        r"\p{Alnum}",
        r"(?i)a",
        r"\A",
        r"\x{41}",
        "${1,5}",
        "^*",
        r"(?=a)*",
        r"a{1}+",
    ] {
        assert!(java(p), "{p:?} -> {:?}", translate(p));
    }
    assert!(!java("^[a-z]+$"), "ECMA patterns are read as ECMA");
    // POSIX classes are ASCII.
    assert!(is_match(r"^\p{Alnum}+$", "abc123"));
    assert!(!is_match(r"^\p{Alnum}+$", "é"));
    assert!(is_match(r"^\p{Print}+$", "a b~"));
    assert!(!is_match(r"^\p{Print}+$", "a\tb"));
    assert!(is_match(r"^[\p{Punct}]+$", "!/:@[`{~"));
    assert!(!is_match(r"^[^\p{Cntrl}]*$", "a\u{7f}"));
    assert!(is_match(r"^\p{XDigit}{2}$", "fA"));
    assert!(is_match(r"^\p{IsAlphabetic}+$", "héllo"));
    assert!(!is_match(r"^[^\p{IsWhitespace}]+$", "a b"));
    // (?i) folds ASCII letters only, as Java does without UNICODE_CASE.
    assert!(is_match("^(?i)abc$", "aBC"));
    assert!(is_match("^(?i)[a-c]+$", "ABC"));
    assert!(!is_match("^(?i)k$", "\u{212A}"));
    // Flags last until the end of their group; flag groups scope them.
    assert!(is_match("^(a(?i)b)B$", "aBB"));
    assert!(is_match(r"\A(?=(?i)a)A$", "A"));
    assert!(
        !is_match(r"\A(?=(?i)a)a$", "A"),
        "flags end with their lookahead"
    );
    assert!(!is_match("^(a(?i)b)B$", "abb"));
    assert!(is_match(r"\A(?i:ab)c$", "ABc"));
    assert!(!is_match(r"\A(?i:ab)c$", "ABC"));
    // (?s): `.` matches line terminators.
    assert!(is_match("^(?s).+$", "a\nb"));
    assert!(!is_match("^.+$", "a\nb"));
    // (?m): anchors at Java's line terminators, never inside \r\n.
    assert!(is_match("(?m)^b$", "a\nb\nc"));
    assert!(is_match("(?m)^b$", "a\r\nb"));
    assert!(is_match("(?m)^b$", "a\rb\u{2028}c"));
    assert!(!is_match("(?m)^b$", "ab"));
    assert!(!is_match("(?m)a$\nb", "a\r\nb"));
    // \A, \z, \Z.
    assert!(is_match(r"^\A[a-z]+\z$", "abc"));
    assert!(!is_match(r"\A[a-z]+\z", "abc\n"));
    assert!(is_match(r"\Aa\Z", "a\n"));
    assert!(is_match(r"\Aa\Z", "a"));
    assert!(!is_match(r"\Aa\Z", "a\nb"));
    // \x{h...}, nested classes and intersections.
    assert!(is_match(r"^\x{41}\x{1F600}$", "A😀"));
    assert!(is_match(r"\A[a[bc]]+\z", "abc"), "Java: a nested class");
    assert!(!is_match(r"^[a[bc]]+$", "abc"), "ECMA: `[a[bc]` then `]+`");
    assert!(is_match(r"^[\p{Print}&&[^|:/]]+$", "abc"));
    assert!(!is_match(r"^[\p{Print}&&[^|:/]]+$", "a|b"));
    // Possessive quantifiers give nothing back; fixed counts are plain.
    assert!(!is_match("^a*+a$", "aaa"));
    assert!(is_match("^a*+b$", "aab"));
    assert_eq!(engine(r"^\d{12}+$"), Engine::Regex);
    assert!(is_match(r"^\d{2}+$", "12"));
    // A quantified assertion is the assertion (or nothing when it may repeat zero times).
    assert!(is_match("^a${1,5}", "a"));
    assert!(!is_match("^a${1,5}", "ab"));
    assert!(is_match(r"^(/(?!\.)+[a-z]+)$", "/abc"));
    assert!(!is_match(r"^(/(?!\.)+[a-z.]+)$", "/.abc"));
    // Java's own categories.
    assert!(is_match(r"^\p{LD}+$", "aé9"));
    assert!(!is_match(r"^\p{LD}+$", "a-9"));
    // Java rejects these too, and so do we.
    assert!(invalid(r"\p{Nope}"));
    assert!(invalid("a**"));
}

#[test]
fn display() {
    let e = translate("(").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("invalid ECMA-262 regular expression: "),
        "{e}"
    );
    let e = translate("(?i:a)").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("unsupported ECMA-262 regular expression: "),
        "{e}"
    );
}

mod oracle;
