//! Fuzzes the Smithy IDL reader with mutated `.smithy` files: tokens deleted, duplicated,
//! swapped or inserted from an IDL vocabulary, bytes flipped, inserted or deleted (invalid
//! UTF-8 and split multi-byte characters included, passed through `String::from_utf8_lossy`),
//! truncations, unclosed strings and text blocks, and deep nesting.
//!
//! Seeds: a few inline IDL files (always present), every `.smithy` file of
//! `../shared/smithy-tests/`, and IDL written by `codegen::idl::write` from ten small corpus
//! models (both skipped, with a message, when `../shared` is absent).
//!
//! Every input goes through `assemble`, `model::load` and, for every tenth case, `generate`,
//! each under `catch_unwind`. Nothing may panic; every error names the file; every located
//! diagnostic points at a real line of the input, with that line as its `source_line`; every
//! input with a certain syntax error (an unclosed string, a character no token starts with)
//! fails with a located diagnostic no later than the error; every diagnostic renders.
//!
//! `IDL_FUZZ_ITERATIONS=100000 cargo test --release -p smithy-codegen --test idl_fuzz -- --nocapture`
//! runs longer than the default; `IDL_FUZZ_CASE=<n>` runs and prints case `n` alone (and writes
//! it to `target/idl_fuzz_case_<n>.smithy`); `IDL_FUZZ_INPUT=<file>` runs that file alone.

mod support;

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use codegen::Diagnostic;
use codegen::model::assemble::assemble;
use support::Rng;

/// Mutated cases run by default (debug `cargo test` stays within a few seconds).
const DEFAULT_ITERATIONS: usize = 3_000;

/// The name every input is given; diagnostics must carry it.
const FILE: &str = "fuzz.smithy";

const BASE_SEED: u64 = 0x1D1F_5EED_CAFE_F00D;

/// Problems other than panics kept for the report (each kind is capped).
const MAX_PROBLEMS: usize = 40;

// ---------------------------------------------------------------------------------------------
// Seeds.

struct Seed {
    name: String,
    text: String,
}

/// IDL written for this test, so that something runs without `../shared`. Between them they
/// use every statement and most shape forms, and non-ASCII text in strings and comments (for
/// the split-character mutations).
const INLINE: &[(&str, &str)] = &[
    (
        "inline/service.smithy",
        r#"$version: "2.0"

metadata suppressions = [{ id: "Foo", namespace: "*" }]
metadata "quoted key" = { a: [1, -2.5, 3e10], b: true, c: null }

namespace example.weather

use smithy.api#Timestamp

/// Provides weather forecasts — «prévisions» 天気.
@paginated(inputToken: "nextToken", outputToken: "nextToken", pageSize: "pageSize")
service Weather {
    version: "2006-03-01"
    resources: [City]
    operations: [GetCurrentTime]
}

resource City {
    identifiers: { cityId: CityId }
    properties: { coordinates: CityCoordinates }
    read: GetCity
    list: ListCities
}

@pattern("^[A-Za-z0-9 ]+$")
string CityId

@readonly
operation GetCity {
    input := for City {
        // "cityId" provides the identifier for the resource.
        @required
        $cityId
    }
    output := {
        @required
        name: String = "Zürich"

        @required
        coordinates: CityCoordinates
    }
    errors: [NoSuchResource]
}

@error("client")
structure NoSuchResource {
    @required
    resourceType: String
}

@readonly
@paginated(items: "items")
operation ListCities {
    input := {
        nextToken: String
        pageSize: Integer
    }
    output := {
        nextToken: String
        @required
        items: CitySummaries
    }
}

list CitySummaries {
    member: CitySummary
}

@references([{ resource: City }])
structure CitySummary {
    @required
    cityId: CityId

    @required
    name: String
}

@readonly
operation GetCurrentTime {
    output := {
        @required
        time: Timestamp
    }
}

structure CityCoordinates {
    @required
    latitude: Float

    @required
    longitude: Float
}

apply CitySummary$name @documentation("The 📍 name")
"#,
    ),
    (
        "inline/shapes.smithy",
        r#"$version: "2"
namespace example.shapes

@mixin
structure Base {
    id: String
    @default(0)
    count: Integer
}

structure Derived with [Base] {
    extra: Blob
    $count
}

enum Suit {
    CLUB = "club"
    DIAMOND
    @deprecated
    HEART
    SPADE
}

intEnum Level {
    LOW = 1
    HIGH = 100
}

union Choice {
    text: String
    number: Long
    unit: Unit
}

@sparse
map Tags {
    key: String
    value: Document
}

@uniqueItems
list Names {
    @length(min: 1, max: 64)
    member: String
}

string A
blob B
boolean C
byte D
short E
integer F
long G
float H
double I
bigInteger J
bigDecimal K
timestamp L
document M

@documentation("""
    A text block, with "quotes", \"""escaped\""" delimiters,
    and a line continuation \
    and ünïcödé.
    """)
structure WithDocs {
    @jsonName("with space")
    @timestampFormat("date-time")
    when: Timestamp
}
"#,
    ),
    (
        "inline/v1.smithy",
        r#"$version: "1.0"
namespace example.v1

/// An IDL 1.0 file: sets, `@box`, and `@enum`.
@enum([{ value: "a", name: "A" }, { value: "b", name: "B", documentation: "ß" }])
string OldEnum

set OldSet {
    member: String
}

structure Old {
    @box
    count: Integer,
    flag: PrimitiveBoolean,
    names: OldSet,
}
"#,
    ),
    (
        "inline/traits.smithy",
        "$version: \"2.0\"\r\nnamespace example.traits\r\n\r\n\
         @trait(selector: \"structure > member\")\r\n\
         structure tag {\r\n    name: String\r\n}\r\n\r\n\
         structure Tagged {\r\n    @tag(name: \"€\")\r\n    a: String,\r\n    \
         @example.traits#tag\r\n    b: smithy.api#String\r\n}\r\n",
    ),
    (
        "inline/minimal.smithy",
        "\u{feff}namespace a.b\nstring S // trailing comment",
    ),
    (
        "inline/apply.smithy",
        r#"$version: "2.0"
namespace example.apply

structure Target {
    member: String
}

apply Target {
    @documentation("applied")
    @since("1.0")
}

// `@sensitive` goes on shapes, not members (its selector says so): a member gets `@required`.
apply Target$member @required
"#,
    ),
];

/// Inputs that once broke something, run as they are in every run.
const REGRESSIONS: &[&str] = &[
    // A diagnostic at a multi-byte character was rendered with a caret ending inside it.
    "é",
    "metadata o={\u{fffd}",
    // An identifier of underscores followed by a multi-byte character.
    "_é",
    "namespace o _\u{fffd}",
    // A line ending in a lone carriage return at the end of the file.
    "$version: \"2.0\"\nnamespace a\n@doc(\"x\r",
    "namespace a\r\nstring S\r",
];

fn inline_seeds() -> Vec<Seed> {
    INLINE
        .iter()
        .map(|(name, text)| Seed {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

/// Every `.smithy` file under `../shared/smithy-tests/`, sorted; empty, with a message, when
/// the folder is absent.
fn shared_seeds() -> Vec<Seed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/smithy-tests");
    if !root.is_dir() {
        eprintln!(
            "idl_fuzz: skipping the shared seeds: {} not found (the shared test data is absent)",
            root.display()
        );
        return Vec::new();
    }
    let mut paths = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "smithy") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| Seed {
            name: p
                .strip_prefix(&root)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned(),
            text: read_lossy(p),
        })
        .collect()
}

fn read_lossy(p: &Path) -> String {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// IDL written from ten of the forty smallest corpus models (every fourth by size); empty when
/// the corpus is absent.
fn corpus_seeds() -> Vec<Seed> {
    let Some(dir) = support::corpus::corpus_dir_or_skip("idl_fuzz (corpus seeds)") else {
        return Vec::new();
    };
    let mut models: Vec<(u64, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.len(), p)))
        .collect();
    models.sort();
    let mut seeds = Vec::new();
    for (_, path) in models.iter().take(40).step_by(4) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let doc: serde_json::Value = serde_json::from_str(&read_lossy(path))
            .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        match codegen::idl::write::write(&doc) {
            Ok(files) => {
                for file in files {
                    seeds.push(Seed {
                        name: format!(
                            "corpus/{name} ({})",
                            file.namespace.as_deref().unwrap_or("no namespace")
                        ),
                        text: file.text,
                    });
                }
            }
            Err(diags) => eprintln!(
                "idl_fuzz: {name} could not be written as IDL ({} diagnostics); not a seed",
                diags.len()
            ),
        }
    }
    seeds
}

// ---------------------------------------------------------------------------------------------
// A rough IDL tokenizer: enough to mutate whole tokens, and to recognise the errors no reader
// can accept. Every token boundary is a character boundary.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Space,
    Newline,
    Comment,
    Quoted,
    TextBlock,
    Word,
    Number,
    Punct,
    /// A character no IDL token starts with (outside strings and comments).
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// For strings and text blocks: whether the closing delimiter is there.
    closed: bool,
}

fn char_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(1, char::len_utf8)
}

fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    while i < n {
        let start = i;
        let mut closed = true;
        let kind = match b[i] {
            b' ' | b'\t' => {
                while i < n && matches!(b[i], b' ' | b'\t') {
                    i += 1;
                }
                Kind::Space
            }
            b'\n' => {
                i += 1;
                Kind::Newline
            }
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                i += 2;
                Kind::Newline
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
                Kind::Comment
            }
            b'"' => {
                let block = b[i..].starts_with(b"\"\"\"");
                let delimiter: &[u8] = if block { b"\"\"\"" } else { b"\"" };
                i += delimiter.len();
                closed = false;
                while i < n {
                    if b[i] == b'\\' {
                        i += 1;
                        if i < n {
                            i += char_len(text, i);
                        }
                    } else if b[i..].starts_with(delimiter) {
                        i += delimiter.len();
                        closed = true;
                        break;
                    } else {
                        i += 1;
                    }
                }
                if block { Kind::TextBlock } else { Kind::Quoted }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                Kind::Word
            }
            c if c.is_ascii_digit() || c == b'-' => {
                i += 1;
                while i < n && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'.' | b'+' | b'-'))
                {
                    i += 1;
                }
                Kind::Number
            }
            b':' if b.get(i + 1) == Some(&b'=') => {
                i += 2;
                Kind::Punct
            }
            b'{' | b'}' | b'[' | b']' | b'(' | b')' | b':' | b'=' | b'@' | b'$' | b'#' | b'.'
            | b',' => {
                i += 1;
                Kind::Punct
            }
            _ => {
                i += char_len(text, i);
                Kind::Other
            }
        };
        out.push(Tok {
            kind,
            start,
            end: i.min(n),
            closed,
        });
    }
    out
}

/// A syntax error every IDL reader must report, as (byte offset no earlier than where a
/// reader reading from the start can notice it, what it is): an unclosed string or text block
/// (noticed at the end of the file), or a character no token starts with. `None` says nothing
/// about the input's validity.
fn certain_syntax_error(text: &str) -> Option<(usize, &'static str)> {
    for t in tokenize(text) {
        match t.kind {
            Kind::Quoted | Kind::TextBlock if !t.closed => {
                return Some((text.len(), "an unclosed string or text block"));
            }
            // A lone carriage return is left out: a reader may take it for a line break.
            Kind::Other if &text[t.start..t.end] != "\r" => {
                return Some((t.start, "a character no token starts with"));
            }
            _ => {}
        }
    }
    None
}

/// 1-based line of a byte offset, counting `\n` as `Location` does.
fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

// ---------------------------------------------------------------------------------------------
// Mutations.

/// Tokens inserted or substituted: punctuation, keywords, and fragments that open or close
/// strings, comments and blocks.
const VOCABULARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    ":",
    ":=",
    "=",
    "@",
    "$",
    "#",
    ".",
    ",",
    "\"",
    "\"\"\"",
    "\"\"\"\n",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "//",
    "///",
    "\\",
    "with",
    "for",
    "apply",
    "use",
    "metadata",
    "namespace",
    "structure",
    "union",
    "list",
    "set",
    "map",
    "enum",
    "intEnum",
    "string",
    "integer",
    "operation",
    "service",
    "resource",
    "member",
    "key",
    "value",
    "input",
    "output",
    "errors",
    "identifiers",
    "mixin",
    "$version",
    "$version: \"2.0\"\n",
    "\"1.0\"",
    "\"2.0\"",
    "\"3.0\"",
    "smithy.api#String",
    "smithy.api#Unit",
    "smithy.api#",
    "#Foo",
    "a.b#C$d",
    "Unit",
    "String",
    "@required",
    "@default(0)",
    "@mixin",
    "@trait",
    "@documentation(\"x\")",
    "@enumValue(\"a\")",
    "@box",
    "@idRef",
    "-1",
    "0",
    "01",
    "1.5",
    "1e400",
    "-",
    "1.",
    "true",
    "false",
    "null",
    "_",
    "__",
    "\"\\u00e9\"",
    "\"\\uD800\"",
    "\"\\q\"",
    "é",
    "€",
    "😀",
    "\u{feff}",
    "\u{0}",
    "!",
    "+",
];

/// A token boundary of `text` (a character boundary).
fn boundary(rng: &mut Rng, text: &str, toks: &[Tok]) -> usize {
    if toks.is_empty() || rng.below(8) == 0 {
        return if rng.below(2) == 0 { 0 } else { text.len() };
    }
    let t = rng.pick(toks);
    if rng.below(2) == 0 { t.start } else { t.end }
}

/// A random character boundary of `text`.
fn char_boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The tokens that are not spaces or line breaks.
fn significant(toks: &[Tok]) -> Vec<Tok> {
    toks.iter()
        .copied()
        .filter(|t| !matches!(t.kind, Kind::Space | Kind::Newline))
        .collect()
}

fn splice(text: &str, start: usize, end: usize, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..start]);
    out.push_str(with);
    out.push_str(&text[end..]);
    out
}

/// Token-level damage.
fn mutate_tokens(rng: &mut Rng, text: &str) -> String {
    let toks = tokenize(text);
    let sig = significant(&toks);
    if sig.is_empty() {
        return format!("{text}{}", rng.pick(VOCABULARY));
    }
    let t = *rng.pick(&sig);
    match rng.below(8) {
        // Delete a token.
        0 => splice(text, t.start, t.end, ""),
        // Duplicate it (right after, or with a space).
        1 => {
            let copy = &text[t.start..t.end];
            let sep = if rng.below(2) == 0 { "" } else { " " };
            splice(text, t.end, t.end, &format!("{sep}{copy}"))
        }
        // Swap it with the next significant token.
        2 => {
            let i = sig.iter().position(|s| s.start == t.start).unwrap();
            match sig.get(i + 1) {
                Some(u) => {
                    let mut out = String::new();
                    out.push_str(&text[..t.start]);
                    out.push_str(&text[u.start..u.end]);
                    out.push_str(&text[t.end..u.start]);
                    out.push_str(&text[t.start..t.end]);
                    out.push_str(&text[u.end..]);
                    out
                }
                None => splice(text, t.start, t.end, ""),
            }
        }
        // Replace it with a token of the vocabulary.
        3 => {
            let word = *rng.pick(VOCABULARY);
            splice(text, t.start, t.end, word)
        }
        // Insert a token of the vocabulary, glued or spaced.
        4 | 5 => {
            let at = boundary(rng, text, &toks);
            let word = rng.pick(VOCABULARY);
            let with = match rng.below(3) {
                0 => format!(" {word} "),
                1 => format!("{word}\n"),
                _ => (*word).to_owned(),
            };
            splice(text, at, at, &with)
        }
        // Delete, duplicate or swap whole lines.
        6 => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let i = rng.below(lines.len());
            let mut out: Vec<&str> = lines.clone();
            match rng.below(3) {
                0 => {
                    out.remove(i);
                }
                1 => out.insert(i, lines[i]),
                _ => {
                    if i + 1 < out.len() {
                        out.swap(i, i + 1);
                    }
                }
            }
            out.concat()
        }
        // Move a token somewhere else.
        _ => {
            let moved = text[t.start..t.end].to_owned();
            let rest = splice(text, t.start, t.end, "");
            let at = char_boundary(rng, &rest);
            splice(&rest, at, at, &moved)
        }
    }
}

/// Bytes that make interesting damage: delimiters, escapes, control bytes, and bytes that are
/// never, or only partly, UTF-8.
const BYTES: &[u8] =
    b"{}[]()\":=@$#.,\\/\n\r\t \x00\x01\x7f\x80\xbf\xc0\xc3\xe2\xf0\xf4\xf8\xfe\xff";

/// Byte-level damage; the result may not be UTF-8.
fn mutate_bytes(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let at = rng.below(bytes.len() + 1);
    match rng.below(6) {
        // Flip a bit.
        0 => {
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        // Insert a byte.
        1 => {
            let b = if rng.below(2) == 0 {
                *rng.pick(BYTES)
            } else {
                rng.below(256) as u8
            };
            bytes.insert(at, b);
        }
        // Delete a byte.
        2 => {
            if at < bytes.len() {
                bytes.remove(at);
            }
        }
        // Split a multi-byte character: cut into it, delete its lead or one of its trailing
        // bytes, or insert an ASCII byte between them. Without one, leave half of one.
        3 => {
            let multi: Vec<(usize, usize)> = text
                .char_indices()
                .filter(|(_, c)| c.len_utf8() > 1)
                .map(|(i, c)| (i, c.len_utf8()))
                .collect();
            if multi.is_empty() {
                let half = &"€😀é".as_bytes()[..rng.below(3) + 1];
                bytes.splice(at..at, half.iter().copied());
            } else {
                let (start, len) = *rng.pick(&multi);
                let inside = start + 1 + rng.below(len - 1);
                match rng.below(4) {
                    0 => bytes.truncate(inside),
                    1 => {
                        bytes.remove(start);
                    }
                    2 => {
                        bytes.remove(inside);
                    }
                    _ => bytes.insert(inside, *rng.pick(b"\"a \n")),
                }
            }
        }
        // Insert a whole multi-byte or unusual character.
        4 => {
            let c = rng.pick(&["é", "€", "😀", "\u{feff}", "\u{2028}", "\u{85}", "\u{0}"]);
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            bytes.splice(at..at, c.bytes());
        }
        // Overwrite a few bytes with random ones.
        _ => {
            for i in at..(at + 1 + rng.below(4)).min(bytes.len()) {
                bytes[i] = rng.below(256) as u8;
            }
        }
    }
    bytes
}

/// Truncations and unclosed strings, text blocks and blocks.
fn mutate_structure(rng: &mut Rng, text: &str) -> String {
    let toks = tokenize(text);
    let strings: Vec<Tok> = toks
        .iter()
        .copied()
        .filter(|t| matches!(t.kind, Kind::Quoted | Kind::TextBlock))
        .collect();
    match rng.below(7) {
        // Cut anywhere.
        0 => text[..char_boundary(rng, text)].to_owned(),
        // Cut inside a string or text block (or at a token boundary when there is none).
        1 => {
            let at = match strings.is_empty() {
                true => boundary(rng, text, &toks),
                false => {
                    let t = rng.pick(&strings);
                    let mut at = t.start + 1 + rng.below(t.end - t.start);
                    at = at.min(text.len());
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    at
                }
            };
            text[..at].to_owned()
        }
        // Remove a string's closing delimiter (one quote of a text block's three, or all).
        2 if !strings.is_empty() => {
            let t = *rng.pick(&strings);
            if !t.closed {
                return splice(text, t.start, t.start, "\"");
            }
            let cut = if t.kind == Kind::TextBlock && rng.below(2) == 0 {
                3
            } else {
                1
            };
            splice(text, t.end - cut, t.end, "")
        }
        // Open a string or text block that nothing closes, or that swallows what follows.
        3 => {
            let at = boundary(rng, text, &toks);
            let opener = rng.pick(&["\"", "\"\"\"\n", "\"\"\"", "\"\\", "\"\"\"\nabc\\"]);
            splice(text, at, at, opener)
        }
        // Append an unclosed string on its own line: always a syntax error.
        4 => format!(
            "{text}\n{}",
            rng.pick(&["\"open", "\"\"\"\nopen", "@doc(\"x"])
        ),
        // Deep nesting of brackets, braces or parentheses.
        5 => {
            let at = boundary(rng, text, &toks);
            let depth = 1 + rng.below(64);
            let open = rng.pick(&["[", "{", "(", "@a(", "[{a:"]);
            let mut with = open.repeat(depth);
            if rng.below(2) == 0 {
                let close: String = open
                    .chars()
                    .rev()
                    .filter_map(|c| match c {
                        '[' => Some(']'),
                        '{' => Some('}'),
                        '(' => Some(')'),
                        _ => None,
                    })
                    .collect();
                with.push_str(&close.repeat(depth));
            }
            splice(text, at, at, &with)
        }
        // Remove a closing brace, bracket or parenthesis.
        _ => {
            let closers: Vec<&Tok> = toks
                .iter()
                .filter(|t| {
                    t.kind == Kind::Punct && matches!(&text[t.start..t.end], "}" | "]" | ")")
                })
                .collect();
            match closers.is_empty() {
                true => text[..char_boundary(rng, text)].to_owned(),
                false => {
                    let t = rng.pick(&closers);
                    splice(text, t.start, t.end, "")
                }
            }
        }
    }
}

/// One to three random mutations of `seed`.
fn mutate(rng: &mut Rng, seed: &str) -> (String, bool) {
    let mut text = seed.to_owned();
    let mut lossy = false;
    for _ in 0..=rng.below(3) {
        text = match rng.below(10) {
            0..=4 => mutate_tokens(rng, &text),
            5..=7 => {
                let bytes = mutate_bytes(rng, &text);
                match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(e) => {
                        lossy = true;
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                }
            }
            _ => mutate_structure(rng, &text),
        };
    }
    (text, lossy)
}

// ---------------------------------------------------------------------------------------------
// Running an input.

thread_local! {
    /// Set while this thread runs the reader: its panics are recorded, not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Records the panics of reader calls made under [`guarded`] (in every thread, so that tests
/// running at the same time keep their usual messages).
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(info.to_string()));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into its message.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    QUIET.with(|q| q.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// What runs an input: the reader stages, and the rendering of their diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Assemble,
    Load,
    Generate,
}

/// `Diagnostic::to_string` of a diagnostic of a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Run(Stage),
    /// Rendering a diagnostic of `assemble`, `load` or `generate` (one bug whichever).
    Render,
}

/// What a stage reported: `Ok(warnings)` or `Err(diagnostics)`.
type Reported = Result<Vec<Diagnostic>, Vec<Diagnostic>>;

fn run_stage(stage: Stage, text: &str) -> Result<Reported, String> {
    guarded(|| match stage {
        Stage::Assemble => assemble([(FILE, text)]).map(|(_, warnings)| warnings),
        Stage::Load => codegen::model::load([(FILE, text)]).map(|(_, warnings)| warnings),
        Stage::Generate => {
            let options = codegen::Options {
                crate_name: "fuzz".into(),
                service: None,
                lenient: true,
                threads: 1,
                ..Default::default()
            };
            codegen::generate(&[(FILE, text)], &options)
                .map(|generated| generated.warnings)
                .map_err(|failure| failure.diagnostics)
        }
    })
}

fn diagnostics(reported: &Reported) -> &[Diagnostic] {
    match reported {
        Ok(d) | Err(d) => d,
    }
}

/// Each diagnostic rendered, or the message of the panic that rendering it raised.
fn render(diags: &[Diagnostic]) -> Vec<Result<String, String>> {
    diags.iter().map(|d| guarded(|| d.to_string())).collect()
}

/// The place a panic comes from (`panicked at file:line:col`), to tell panics apart.
fn panic_site(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

/// The message of the panic `step` raises on `text`, if it does (rendering: of the
/// diagnostics of `assemble`, then of `load`).
fn panics_at(step: Step, text: &str) -> Option<String> {
    match step {
        Step::Run(stage) => run_stage(stage, text).err(),
        Step::Render => [Stage::Assemble, Stage::Load].iter().find_map(|&stage| {
            let reported = run_stage(stage, text).ok()?;
            render(diagnostics(&reported))
                .into_iter()
                .find_map(Result::err)
        }),
    }
}

/// Shrinks `text` while `step` still panics at the same place: removes halves, quarters...
/// of its lines, then of its characters, within a budget of runs.
fn minimise(step: Step, text: &str, site: &str) -> String {
    let still =
        |candidate: &str| panics_at(step, candidate).is_some_and(|m| panic_site(&m) == site);
    let mut budget = 3_000usize;
    let lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let text = shrink(lines, &still, &mut budget);
    let chars: Vec<String> = text.chars().map(String::from).collect();
    shrink(chars, &still, &mut budget)
}

/// Removes runs of `pieces` (halving their length) while `still` holds of what is left.
fn shrink(mut pieces: Vec<String>, still: &dyn Fn(&str) -> bool, budget: &mut usize) -> String {
    let mut chunk = pieces.len().div_ceil(2).max(1);
    loop {
        let mut i = 0;
        while i < pieces.len() && *budget > 0 {
            *budget -= 1;
            let end = (i + chunk).min(pieces.len());
            let candidate = [&pieces[..i], &pieces[end..]].concat().concat();
            if still(&candidate) {
                pieces.drain(i..end);
            } else {
                i += chunk;
            }
        }
        if chunk == 1 || *budget == 0 {
            break;
        }
        chunk = chunk.div_ceil(2);
    }
    pieces.concat()
}

#[derive(Default)]
struct Figures {
    cases: usize,
    lossy: usize,
    accepted: usize,
    failed: usize,
    located: usize,
    certain_syntax: usize,
    /// Failures without a located error (not syntax: merging, mixins...), by their first
    /// error's message without its quoted names.
    unlocated: std::collections::BTreeMap<String, usize>,
    loaded: usize,
    load_failed: usize,
    generate_runs: usize,
    generated: usize,
    generate_failed: usize,
    rendered: usize,
    slowest: Duration,
    slowest_case: String,
}

/// The panics of one step at one place.
struct PanicGroup {
    step: Step,
    site: String,
    /// The first panic's whole message.
    message: String,
    /// The first panicking input, and the same minimised, with its panic's message.
    input: String,
    minimal: String,
    minimal_message: String,
    /// Every panicking case, with the diagnostic for a rendering panic.
    cases: Vec<(String, String)>,
}

/// Problems of one kind (other than panics).
struct Problem {
    kind: String,
    count: usize,
    /// (what, digits left out; the problem with its case and input).
    examples: Vec<(String, String)>,
}

#[derive(Default)]
struct Findings {
    panics: Vec<PanicGroup>,
    problems: Vec<Problem>,
    /// Problems of kinds beyond the first [`MAX_PROBLEMS`], counted only.
    more_problems: usize,
}

impl Findings {
    fn panic(&mut self, case: &str, step: Step, message: String, text: &str, detail: String) {
        let site = panic_site(&message).to_owned();
        if let Some(group) = self
            .panics
            .iter_mut()
            .find(|g| g.step == step && g.site == site)
        {
            group.cases.push((case.to_owned(), detail));
            return;
        }
        let minimal = minimise(step, text, &site);
        let minimal_message = panics_at(step, &minimal).unwrap_or_default();
        self.panics.push(PanicGroup {
            step,
            site,
            message,
            input: text.to_owned(),
            minimal,
            minimal_message,
            cases: vec![(case.to_owned(), detail)],
        });
    }

    /// Records a problem of a kind: every one is counted, the first few unlike ones (not only
    /// in their numbers) are kept with their input.
    fn problem(&mut self, kind: String, case: &str, text: &str, what: String) {
        let key: String = what.chars().filter(|c| !c.is_ascii_digit()).collect();
        let index = match self.problems.iter().position(|p| p.kind == kind) {
            Some(i) => i,
            None if self.problems.len() < MAX_PROBLEMS => {
                self.problems.push(Problem {
                    kind,
                    count: 0,
                    examples: Vec::new(),
                });
                self.problems.len() - 1
            }
            None => {
                self.more_problems += 1;
                return;
            }
        };
        let p = &mut self.problems[index];
        p.count += 1;
        if p.examples.len() < 3 && p.examples.iter().all(|(k, _)| *k != key) {
            let shown: String = text.chars().take(4_000).collect();
            let cut = if shown.len() < text.len() {
                "\n[...]"
            } else {
                ""
            };
            let example =
                format!("case {case}: {what}\n--- input ---\n{shown}{cut}\n-------------");
            p.examples.push((key, example));
        }
    }
}

/// Checks one stage's diagnostics (and renders them); returns whether any error is located.
fn check_diagnostics(
    case: &str,
    stage: Stage,
    text: &str,
    reported: &Reported,
    findings: &mut Findings,
    figures: &mut Figures,
) -> bool {
    let diags = diagnostics(reported);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut located = false;
    if reported.is_err() && !diags.iter().any(Diagnostic::is_error) {
        findings.problem(
            format!("{stage:?} failed without an error"),
            case,
            text,
            String::new(),
        );
    }
    for (d, shown) in diags.iter().zip(render(diags)) {
        let shown = match shown {
            Ok(shown) => {
                figures.rendered += 1;
                shown
            }
            Err(message) => {
                findings.panic(
                    case,
                    Step::Render,
                    message,
                    text,
                    format!("{stage:?}: {d:?}"),
                );
                format!("{d:?}")
            }
        };
        if d.is_error() && d.file.as_deref() != Some(FILE) {
            findings.problem(
                format!("{stage:?}: an error without the file"),
                case,
                text,
                format!("file {:?}: {shown}", d.file),
            );
        }
        if d.message.is_empty() || shown.is_empty() {
            findings.problem(
                format!("{stage:?}: an empty message"),
                case,
                text,
                format!("{d:?}"),
            );
        }
        let Some(loc) = &d.location else { continue };
        located |= d.is_error();
        let expected = lines
            .get(loc.line.wrapping_sub(1))
            .map(|l| l.trim_end_matches('\r'));
        // The column may point at (or just after) carriage returns that `source_line` leaves out.
        let width = lines
            .get(loc.line.wrapping_sub(1))
            .map_or(0, |l| l.chars().count());
        if loc.line == 0
            || loc.column == 0
            || loc.len == 0
            || expected != Some(loc.source_line.as_str())
            || loc.column > width + 1
        {
            findings.problem(
                format!("{stage:?}: a location off the input"),
                case,
                text,
                format!(
                    "{loc:?} (line {} of the input is {expected:?}): {shown}",
                    loc.line
                ),
            );
        }
    }
    located
}

/// Checks that an input with a certain syntax error failed with a located error no later.
fn check_certain(
    case: &str,
    text: &str,
    (at, what): (usize, &str),
    diags: &[Diagnostic],
    findings: &mut Findings,
) {
    let first = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.location.as_ref().map(|l| l.line))
        .min();
    let line = line_of(text, at);
    match first {
        None => findings.problem(
            format!("{what}, but no error has a location"),
            case,
            text,
            String::new(),
        ),
        Some(first) if first > line => findings.problem(
            format!("{what}, but the first located error is after it"),
            case,
            text,
            format!("{what} on line {line}, the first located error on line {first}"),
        ),
        Some(_) => {}
    }
}

/// Runs one input through every stage and checks what they report.
fn run_case(
    case: &str,
    text: &str,
    with_generate: bool,
    figures: &mut Figures,
    findings: &mut Findings,
) {
    let started = Instant::now();
    figures.cases += 1;
    let certain = certain_syntax_error(text);
    let mut stages = vec![Stage::Assemble, Stage::Load];
    if with_generate {
        stages.push(Stage::Generate);
        figures.generate_runs += 1;
    }
    let mut assembled = None;
    for stage in stages {
        let reported = match run_stage(stage, text) {
            Ok(r) => r,
            Err(message) => {
                findings.panic(case, Step::Run(stage), message, text, String::new());
                continue;
            }
        };
        let located = check_diagnostics(case, stage, text, &reported, findings, figures);
        match (stage, &reported) {
            (Stage::Assemble, Ok(_)) => {
                figures.accepted += 1;
                assembled = Some(true);
                if let Some((_, what)) = certain {
                    findings.problem(
                        format!("accepted despite {what}"),
                        case,
                        text,
                        String::new(),
                    );
                }
            }
            (Stage::Assemble, Err(diags)) => {
                figures.failed += 1;
                figures.located += usize::from(located);
                if !located && let Some(d) = diags.iter().find(|d| d.is_error()) {
                    // The message with its quoted names left out.
                    let kind: String = d
                        .message
                        .split('`')
                        .enumerate()
                        .map(|(i, part)| if i % 2 == 0 { part } else { "`…`" })
                        .collect();
                    *figures.unlocated.entry(kind).or_default() += 1;
                }
                assembled = Some(false);
                if let Some(certain) = certain {
                    figures.certain_syntax += 1;
                    check_certain(case, text, certain, diags, findings);
                }
            }
            (Stage::Load, Ok(_)) => {
                figures.loaded += 1;
                if assembled == Some(false) {
                    findings.problem(
                        "loaded, but assemble failed".to_owned(),
                        case,
                        text,
                        String::new(),
                    );
                }
            }
            (Stage::Load, Err(_)) => figures.load_failed += 1,
            (Stage::Generate, Ok(_)) => figures.generated += 1,
            (Stage::Generate, Err(_)) => figures.generate_failed += 1,
        }
    }
    let took = started.elapsed();
    if took > figures.slowest {
        figures.slowest = took;
        figures.slowest_case = case.to_owned();
    }
}

fn report(figures: &Figures, findings: &Findings, seeds: usize, started: Instant) {
    println!(
        "idl_fuzz: {} cases ({seeds} seeds as they are, {} mutated into invalid UTF-8 and made lossy) in {:.1} s; slowest: case {} ({:.0} ms)",
        figures.cases,
        figures.lossy,
        started.elapsed().as_secs_f64(),
        figures.slowest_case,
        figures.slowest.as_secs_f64() * 1e3,
    );
    println!(
        "  assemble: {} accepted, {} failed, {} of the failures with a located error, {} with a certain syntax error",
        figures.accepted, figures.failed, figures.located, figures.certain_syntax
    );
    println!(
        "  load: {} loaded, {} failed; generate (every 10th case): {} runs, {} generated, {} failed; {} diagnostics rendered",
        figures.loaded,
        figures.load_failed,
        figures.generate_runs,
        figures.generated,
        figures.generate_failed,
        figures.rendered
    );
    let mut unlocated: Vec<_> = figures.unlocated.iter().collect();
    unlocated.sort_by(|a, b| b.1.cmp(a.1));
    for (message, count) in unlocated.iter().take(8) {
        println!("  unlocated failure: {count} x {message:?}");
    }
    let verbose = std::env::var_os("IDL_FUZZ_VERBOSE").is_some();
    for g in &findings.panics {
        println!(
            "PANIC in {:?}, {} cases: {}\n--- first input (case {}, {} bytes) ---\n{}\n--- minimised: {:?} ---\n{}\n---",
            g.step,
            g.cases.len(),
            g.message,
            g.cases[0].0,
            g.input.len(),
            g.input,
            g.minimal,
            g.minimal_message,
        );
        if !g.cases[0].1.is_empty() {
            println!("diagnostic: {}", g.cases[0].1);
        }
        let shown = if verbose { g.cases.len() } else { 30 };
        for (case, detail) in g.cases.iter().take(shown) {
            println!("  panicking case {case} {detail}");
        }
        if g.cases.len() > shown {
            println!(
                "  ... and {} more (IDL_FUZZ_VERBOSE=1 lists them all; IDL_FUZZ_CASE=<n> replays one)",
                g.cases.len() - shown
            );
        }
    }
    for p in &findings.problems {
        println!("PROBLEM: {} ({} cases), for example:", p.kind, p.count);
        for (_, example) in &p.examples {
            println!("{example}");
        }
    }
    if findings.more_problems > 0 {
        println!("... and {} more problems", findings.more_problems);
    }
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|n| n.trim().parse().ok())
}

/// The generator of case `case`: each case has its own, so that one can be replayed alone.
fn case_rng(case: usize) -> Rng {
    Rng::new(BASE_SEED ^ (case as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

#[test]
fn mutated_idl_never_panics_and_syntax_errors_are_located() {
    let iterations = env_number("IDL_FUZZ_ITERATIONS").unwrap_or(DEFAULT_ITERATIONS);
    let mut seeds = inline_seeds();
    seeds.extend(shared_seeds());
    seeds.extend(corpus_seeds());
    let started = Instant::now();
    let mut figures = Figures::default();
    let mut findings = Findings::default();
    let input = std::env::var_os("IDL_FUZZ_INPUT").map(PathBuf::from);
    let seed_cases = match env_number("IDL_FUZZ_CASE") {
        _ if input.is_some() => {
            let path = input.unwrap();
            let text = read_lossy(&path);
            run_case(
                &path.display().to_string(),
                &text,
                true,
                &mut figures,
                &mut findings,
            );
            0
        }
        Some(case) => {
            let mut rng = case_rng(case);
            let seed = rng.pick(&seeds);
            let (text, _) = mutate(&mut rng, &seed.text);
            let out =
                support::manifest_dir().join(format!("../target/idl_fuzz_case_{case}.smithy"));
            std::fs::write(&out, &text)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
            println!(
                "case {case} (from {}), also in {}:\n{text}\n---",
                seed.name,
                out.display()
            );
            run_case(&case.to_string(), &text, true, &mut figures, &mut findings);
            0
        }
        None => {
            for (i, seed) in seeds.iter().enumerate() {
                let name = format!("seed {}", seed.name);
                run_case(&name, &seed.text, i % 10 == 0, &mut figures, &mut findings);
            }
            for (i, text) in REGRESSIONS.iter().enumerate() {
                run_case(
                    &format!("regression {i}"),
                    text,
                    true,
                    &mut figures,
                    &mut findings,
                );
            }
            for case in 0..iterations {
                let mut rng = case_rng(case);
                let seed = rng.pick(&seeds);
                let (text, lossy) = mutate(&mut rng, &seed.text);
                figures.lossy += usize::from(lossy);
                let name = format!("{case} (from {})", seed.name);
                run_case(&name, &text, case % 10 == 0, &mut figures, &mut findings);
            }
            seeds.len()
        }
    };
    report(&figures, &findings, seed_cases, started);

    let panicking: usize = findings.panics.iter().map(|g| g.cases.len()).sum();
    assert!(
        findings.panics.is_empty(),
        "{panicking} panics at {} places (listed above); replay a case with IDL_FUZZ_CASE=<n>",
        findings.panics.len()
    );
    let problems: usize = findings.problems.iter().map(|p| p.count).sum();
    assert!(
        findings.problems.is_empty(),
        "{} problems (listed above)",
        problems + findings.more_problems
    );
    if seed_cases > 0 {
        // Both outcomes must occur, or the mutations are too weak (or too strong) to test
        // anything.
        assert!(
            figures.accepted > 0 && figures.failed > 0 && figures.certain_syntax > 0,
            "{} accepted, {} failed, {} certain syntax errors",
            figures.accepted,
            figures.failed,
            figures.certain_syntax
        );
    }
}

/// The inline seeds are valid models, so that the mutations start from something the reader
/// accepts even without `../shared`.
#[test]
fn inline_seeds_load() {
    for (name, text) in INLINE {
        if let Err(diags) = codegen::model::load([(*name, *text)]) {
            let shown: Vec<String> = diags.iter().map(|d| format!("{d:?}")).collect();
            panic!("{name} does not load:\n{}", shown.join("\n"));
        }
    }
}
