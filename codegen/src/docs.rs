//! Conversion of Smithy `documentation` trait values into rustdoc Markdown.
//!
//! AWS models write documentation as loosely structured HTML (`p`, `code`, `a`,
//! lists, `note`, `important`, definition lists, ...); other models use plain
//! text. The output of [`to_markdown`] is meant to become `///` comments of
//! generated code, so it must render cleanly under `RUSTDOCFLAGS="-D warnings"`
//! and must never produce a doctest.
//!
//! The conversion has three stages:
//!
//! 1. A small, forgiving HTML tokenizer and tree builder. Only a fixed set of
//!    known tag names is treated as markup; anything else that looks like a tag
//!    (AWS placeholders such as `<region>` or `<bucket-name>`) stays literal
//!    text. The content of `code`, `pre` and the `request`/`response` example
//!    elements is taken verbatim up to the matching end tag, so
//!    `<code>MAP<K, V></code>` keeps its angle brackets. Unclosed and stray
//!    tags are repaired with a few HTML-like rules; nothing ever panics.
//! 2. A renderer turning the tree into Markdown blocks (paragraphs, lists,
//!    block quotes, fenced code blocks). Inline text is escaped so that it
//!    renders exactly as written: `[`, `]`, `<`, `>`, `*`, `_`, `` ` ``, `|`,
//!    `~`, `\` and line-initial block markers are backslash-escaped, bare
//!    `http(s)` URLs become autolinks.
//! 3. A serializer producing lines: list items are indented by the width of
//!    their marker, block quotes prefixed by `> `, code blocks are always
//!    fenced with the `text` language so rustdoc never compiles them.

/// Converts a Smithy documentation string (HTML) into Markdown that rustdoc renders without warnings.
///
/// The result has no trailing newline, no trailing whitespace and no indented
/// code blocks; it is empty for empty or whitespace-only input.
pub fn to_markdown(html: &str) -> String {
    if html.trim().is_empty() {
        return String::new();
    }
    let tree = Parser::new(html).parse();
    let blocks = Renderer::new(&tree).render();
    serialize(&blocks)
}

// ---------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------

/// The known tags, grouped by how they render.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    P,
    Div,
    Heading,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Note,
    Important,
    Quote,
    Pre,
    /// `request` / `response` inside AWS `examples`: verbatim text.
    Sample,
    Table,
    Row,
    Example,
    Hr,
    Fullname,
    Code,
    Bold,
    Italic,
    Link,
    Span,
    Cell,
    Br,
    /// Void elements without visible content (`img`, `wbr`).
    Ignore,
}

impl Tag {
    fn is_inline(self) -> bool {
        matches!(
            self,
            Tag::Code
                | Tag::Bold
                | Tag::Italic
                | Tag::Link
                | Tag::Span
                | Tag::Cell
                | Tag::Br
                | Tag::Ignore
        )
    }

    fn is_block(self) -> bool {
        !self.is_inline()
    }

    fn is_void(self) -> bool {
        matches!(self, Tag::Br | Tag::Hr | Tag::Ignore)
    }
}

/// Maps a tag name to a known tag; unknown names are not markup.
fn classify(name: &str, in_example: bool) -> Option<Tag> {
    let mut buf = [0u8; 12];
    let bytes = name.as_bytes();
    if bytes.len() > buf.len() {
        return None;
    }
    for (dst, src) in buf.iter_mut().zip(bytes) {
        *dst = src.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&buf[..bytes.len()]).ok()?;
    Some(match lower {
        "p" | "para" => Tag::P,
        "div" => Tag::Div,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
        "ul" => Tag::Ul,
        "ol" => Tag::Ol,
        "li" => Tag::Li,
        "dl" => Tag::Dl,
        "dt" => Tag::Dt,
        "dd" => Tag::Dd,
        "note" => Tag::Note,
        "important" => Tag::Important,
        "blockquote" => Tag::Quote,
        "pre" => Tag::Pre,
        "request" | "response" => Tag::Sample,
        "table" | "thead" | "tbody" | "tfoot" => Tag::Table,
        "tr" => Tag::Row,
        "td" | "th" => Tag::Cell,
        "examples" | "example" => Tag::Example,
        "name" | "description" if in_example => Tag::Div,
        "hr" => Tag::Hr,
        "fullname" => Tag::Fullname,
        "code" | "tt" | "kbd" | "samp" => Tag::Code,
        "b" | "strong" => Tag::Bold,
        "i" | "em" | "var" | "cite" | "dfn" => Tag::Italic,
        "a" => Tag::Link,
        "span" | "u" | "sup" | "sub" | "small" | "abbr" | "del" | "ins" | "strike" | "mark"
        | "font" | "link" => Tag::Span,
        "br" => Tag::Br,
        "img" | "wbr" => Tag::Ignore,
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Tree
// ---------------------------------------------------------------------------

enum Kind {
    Root,
    Elem(Tag, Option<String>),
    Text(String),
    /// Verbatim inline code (`code` with a matching end tag).
    Code(String),
    /// Verbatim preformatted text (`pre`, `request`, `response`).
    Pre(String),
}

struct Node {
    kind: Kind,
    children: Vec<usize>,
}

struct Tree {
    nodes: Vec<Node>,
}

/// Deeper nesting is flattened so that rendering recursion stays bounded.
const MAX_DEPTH: usize = 48;

enum Markup {
    /// Comments, doctype and processing instructions.
    Skip,
    /// `<![CDATA[...]]>` content.
    Cdata(usize, usize),
    Start {
        tag: Tag,
        name: (usize, usize),
        href: Option<String>,
        self_closing: bool,
    },
    End(Tag),
}

struct Parser<'a> {
    src: &'a str,
    nodes: Vec<Node>,
    /// Open elements: node id and tag (the root has no tag).
    stack: Vec<(usize, Option<Tag>)>,
    /// Per lowercase tag name: no end tag exists at or after this offset.
    no_close: Vec<(String, usize)>,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Self {
        Parser {
            src,
            nodes: vec![Node {
                kind: Kind::Root,
                children: Vec::new(),
            }],
            stack: vec![(0, None)],
            no_close: Vec::new(),
        }
    }

    fn parse(mut self) -> Tree {
        let src = self.src;
        let mut pos = 0;
        let mut text_start = 0;
        let mut finder = Finder::new();
        while let Some(off) = src[pos..].find('<') {
            let lt = pos + off;
            let in_example = self.stack.iter().any(|&(_, t)| t == Some(Tag::Example));
            let Some((markup, end)) = parse_markup(src, lt, in_example, &mut finder) else {
                pos = lt + 1;
                continue;
            };
            let mut next = end;
            match markup {
                Markup::Skip => self.text(&src[text_start..lt]),
                Markup::Cdata(a, b) => {
                    self.text(&src[text_start..lt]);
                    self.append_text(src[a..b].to_owned());
                }
                Markup::End(tag) => {
                    self.text(&src[text_start..lt]);
                    self.close(tag);
                }
                Markup::Start {
                    tag,
                    name,
                    href,
                    self_closing,
                } => {
                    let verbatim =
                        matches!(tag, Tag::Code | Tag::Pre | Tag::Sample) && !self_closing;
                    let close = if verbatim {
                        self.find_close(&src[name.0..name.1], end)
                    } else {
                        None
                    };
                    if let Some((content_end, after)) = close {
                        self.text(&src[text_start..lt]);
                        let content = &src[end..content_end];
                        let kind = if tag == Tag::Code {
                            Kind::Code(verbatim_text(content, false))
                        } else {
                            Kind::Pre(verbatim_text(content, true))
                        };
                        self.add(kind);
                        next = after;
                    } else if tag == Tag::Sample {
                        // Without its end tag this is a placeholder, not markup.
                        pos = lt + 1;
                        continue;
                    } else {
                        self.text(&src[text_start..lt]);
                        self.open(tag, href, self_closing);
                    }
                }
            }
            pos = next;
            text_start = next;
        }
        self.text(&src[text_start..]);
        Tree { nodes: self.nodes }
    }

    fn top(&self) -> usize {
        self.stack.last().map_or(0, |&(id, _)| id)
    }

    fn add(&mut self, kind: Kind) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            children: Vec::new(),
        });
        let parent = self.top();
        self.nodes[parent].children.push(id);
        id
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let mut decoded = String::with_capacity(raw.len());
        decode_entities(raw, &mut decoded);
        self.append_text(decoded);
    }

    fn append_text(&mut self, text: String) {
        let parent = self.top();
        if let Some(&last) = self.nodes[parent].children.last() {
            if let Kind::Text(existing) = &mut self.nodes[last].kind {
                existing.push_str(&text);
                return;
            }
        }
        self.add(Kind::Text(text));
    }

    fn open(&mut self, tag: Tag, href: Option<String>, self_closing: bool) {
        match tag {
            Tag::Li => self.close_implied(
                |t| t == Tag::Li,
                |t| {
                    matches!(
                        t,
                        Tag::Ul
                            | Tag::Ol
                            | Tag::Dl
                            | Tag::Note
                            | Tag::Important
                            | Tag::Quote
                            | Tag::Table
                    )
                },
            ),
            Tag::Dt | Tag::Dd => self.close_implied(
                |t| matches!(t, Tag::Dt | Tag::Dd),
                |t| {
                    matches!(
                        t,
                        Tag::Dl
                            | Tag::Ul
                            | Tag::Ol
                            | Tag::Li
                            | Tag::Note
                            | Tag::Important
                            | Tag::Quote
                            | Tag::Table
                    )
                },
            ),
            Tag::P => self.close_implied(|t| t == Tag::P, Tag::is_block),
            _ => {}
        }
        if self.stack.len() > MAX_DEPTH && !tag.is_void() {
            return;
        }
        let id = self.add(Kind::Elem(tag, href));
        if !tag.is_void() && !self_closing {
            self.stack.push((id, Some(tag)));
        }
    }

    /// Closes an open element matching `target` unless a `stop` element is
    /// open inside it.
    fn close_implied(&mut self, target: impl Fn(Tag) -> bool, stop: impl Fn(Tag) -> bool) {
        for idx in (1..self.stack.len()).rev() {
            let Some(t) = self.stack[idx].1 else { return };
            if target(t) {
                self.stack.truncate(idx);
                return;
            }
            if stop(t) {
                return;
            }
        }
    }

    fn close(&mut self, tag: Tag) {
        for idx in (1..self.stack.len()).rev() {
            let Some(t) = self.stack[idx].1 else { return };
            if t == tag {
                self.stack.truncate(idx);
                return;
            }
            let boundary = match tag {
                _ if tag.is_inline() => t.is_block(),
                Tag::P => t.is_block(),
                Tag::Li => matches!(t, Tag::Ul | Tag::Ol | Tag::Dl),
                Tag::Dt | Tag::Dd => matches!(t, Tag::Dl | Tag::Ul | Tag::Ol),
                _ => false,
            };
            if boundary {
                return;
            }
        }
    }

    /// Finds `</name>` at or after `from`: returns its start and end offsets.
    fn find_close(&mut self, name: &str, from: usize) -> Option<(usize, usize)> {
        let lower = name.to_ascii_lowercase();
        if self.no_close.iter().any(|(n, p)| *n == lower && from >= *p) {
            return None;
        }
        let bytes = self.src.as_bytes();
        let mut i = from;
        while let Some(off) = self.src[i..].find("</") {
            let start = i + off;
            let name_start = start + 2;
            let name_end = name_start + lower.len();
            if name_end <= bytes.len()
                && bytes[name_start..name_end].eq_ignore_ascii_case(lower.as_bytes())
            {
                let mut k = name_end;
                while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                    k += 1;
                }
                if k < bytes.len() && bytes[k] == b'>' {
                    return Some((start, k + 1));
                }
            }
            i = name_start;
        }
        match self.no_close.iter_mut().find(|(n, _)| *n == lower) {
            Some(entry) => entry.1 = entry.1.min(from),
            None => self.no_close.push((lower, from)),
        }
        None
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

/// Longest element tag considered; longer "tags" are text. Keeps parsing linear.
const MAX_TAG_LEN: usize = 2048;

/// Searches for the terminators of comments and similar constructs, remembering
/// failures so that many unterminated openers cannot make parsing quadratic.
struct Finder {
    missing_after: [usize; 3],
}

impl Finder {
    const NEEDLES: [&'static str; 3] = ["-->", "]]>", ">"];

    fn new() -> Self {
        Finder {
            missing_after: [usize::MAX; 3],
        }
    }

    /// The offset of needle `which` at or after `from`.
    fn find(&mut self, src: &str, from: usize, which: usize) -> Option<usize> {
        if from >= self.missing_after[which] {
            return None;
        }
        match src.get(from..)?.find(Self::NEEDLES[which]) {
            Some(off) => Some(from + off),
            None => {
                self.missing_after[which] = from;
                None
            }
        }
    }
}

/// Parses markup starting at the `<` at `lt`. Returns `None` when the text is
/// not markup (unknown tag names, `a < b`, unterminated tags).
fn parse_markup(
    src: &str,
    lt: usize,
    in_example: bool,
    finder: &mut Finder,
) -> Option<(Markup, usize)> {
    let rest = &src[lt + 1..];
    if rest.starts_with("!--") {
        let end = finder.find(src, lt + 4, 0)?;
        return Some((Markup::Skip, end + 3));
    }
    if rest.starts_with("![CDATA[") {
        let content = lt + 9;
        let end = finder.find(src, content, 1)?;
        return Some((Markup::Cdata(content, end), end + 3));
    }
    let mut limit = (lt + MAX_TAG_LEN).min(src.len());
    while !src.is_char_boundary(limit) {
        limit -= 1;
    }
    let bytes = &src.as_bytes()[..limit];
    let first = *bytes.get(lt + 1)?;
    if (first == b'!' || first == b'?') && bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
        let end = finder.find(src, lt + 2, 2)?;
        return Some((Markup::Skip, end + 1));
    }
    let closing = first == b'/';
    let name_start = if closing { lt + 2 } else { lt + 1 };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut i = name_start;
    while i < bytes.len() && is_name_byte(bytes[i]) {
        i += 1;
    }
    let name_end = i;
    let tag = classify(&src[name_start..name_end], in_example)?;
    let mut href = None;
    let mut self_closing = false;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                i += 1;
                if bytes.get(i) == Some(&b'>') {
                    self_closing = true;
                    i += 1;
                    break;
                }
                continue;
            }
            _ => {}
        }
        if i == name_end && !closing {
            // The name must be followed by whitespace, `/` or `>`.
            return None;
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == attr_start {
            // A stray `=`: skip it.
            i += 1;
            continue;
        }
        let attr = &src[attr_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i)? {
                &q @ (b'"' | b'\'') => {
                    let end = src[i + 1..limit].find(q as char)?;
                    value = Some(&src[i + 1..i + 1 + end]);
                    i += end + 2;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = Some(&src[start..i]);
                }
            }
        }
        if attr.eq_ignore_ascii_case("href") {
            if let Some(v) = value {
                let mut decoded = String::new();
                decode_entities(v, &mut decoded);
                href = Some(decoded);
            }
        }
    }
    let markup = if closing {
        Markup::End(tag)
    } else {
        Markup::Start {
            tag,
            name: (name_start, name_end),
            href,
            self_closing,
        }
    };
    Some((markup, i))
}

/// The text of a verbatim element: inline formatting tags are dropped, `br`
/// becomes a line break (or a space inline), every other tag stays literal.
fn verbatim_text(content: &str, block: bool) -> String {
    let mut out = String::with_capacity(content.len());
    let mut pos = 0;
    let mut text_start = 0;
    let mut finder = Finder::new();
    while let Some(off) = content[pos..].find('<') {
        let lt = pos + off;
        let Some((markup, end)) = parse_markup(content, lt, false, &mut finder) else {
            pos = lt + 1;
            continue;
        };
        let replacement = match markup {
            Markup::Skip => Some(""),
            Markup::Start { tag: Tag::Br, .. } | Markup::End(Tag::Br) => {
                Some(if block { "\n" } else { " " })
            }
            Markup::Start { tag, .. } | Markup::End(tag) if tag.is_inline() => Some(""),
            _ => None,
        };
        match replacement {
            Some(r) => {
                decode_entities(&content[text_start..lt], &mut out);
                out.push_str(r);
                pos = end;
                text_start = end;
            }
            None => pos = lt + 1,
        }
    }
    decode_entities(&content[text_start..], &mut out);
    out
}

// ---------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------

fn decode_entities(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match entity(after) {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Decodes the entity after a `&`; returns the character and the consumed length.
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s.as_bytes().iter().take(33).position(|&b| b == b';')?;
    let body = &s[..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex)
                if !hex.is_empty()
                    && hex.len() <= 8
                    && hex.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                u32::from_str_radix(hex, 16).ok()?
            }
            None if !num.is_empty()
                && num.len() <= 10
                && num.bytes().all(|b| b.is_ascii_digit()) =>
            {
                num.parse::<u32>().ok()?
            }
            _ => return None,
        };
        numeric_char(code)
    } else {
        named_entity(body)?
    };
    Some((c, semi + 1))
}

fn numeric_char(code: u32) -> char {
    // HTML maps the C1 range to Windows-1252.
    const CP1252: [u32; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];
    let code = if (0x80..0xA0).contains(&code) {
        CP1252[(code - 0x80) as usize]
    } else {
        code
    };
    match char::from_u32(code) {
        Some('\0') | None => '\u{FFFD}',
        Some(c) => c,
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        // Non-breaking and typographic spaces collapse like ordinary spaces.
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "prime" => '′',
        "Prime" => '″',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "minus" => '−',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "infin" => '∞',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "lArr" => '⇐',
        "rArr" => '⇒',
        "hArr" => '⇔',
        "sect" => '§',
        "para" => '¶',
        "cent" => '¢',
        "pound" => '£',
        "euro" => '€',
        "yen" => '¥',
        "micro" => 'µ',
        "iexcl" => '¡',
        "iquest" => '¿',
        "shy" => '\u{AD}',
        "zwsp" => '\u{200B}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "aacute" => 'á',
        "Aacute" => 'Á',
        "agrave" => 'à',
        "Agrave" => 'À',
        "acirc" => 'â',
        "auml" => 'ä',
        "Auml" => 'Ä',
        "aring" => 'å',
        "atilde" => 'ã',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "Egrave" => 'È',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iacute" => 'í',
        "igrave" => 'ì',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "oacute" => 'ó',
        "Oacute" => 'Ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "Ouml" => 'Ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "Uacute" => 'Ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "Uuml" => 'Ü',
        "yacute" => 'ý',
        "szlig" => 'ß',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "Delta" => 'Δ',
        "lambda" => 'λ',
        "mu" => 'μ',
        "pi" => 'π',
        "sigma" => 'σ',
        "Sigma" => 'Σ',
        "omega" => 'ω',
        "Omega" => 'Ω',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Blocks and inline Markdown
// ---------------------------------------------------------------------------

#[derive(Debug)]
enum Block {
    /// Inline Markdown; `\n` separates hard-broken lines.
    Para(String),
    /// Verbatim text of a fenced `text` block.
    Code(String),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Emph {
    Strong,
    Em,
}

impl Emph {
    fn index(self) -> usize {
        self as usize
    }

    fn markdown(self) -> &'static str {
        match self {
            Emph::Strong => "**",
            Emph::Em => "*",
        }
    }

    fn html(self, open: bool) -> &'static str {
        match (self, open) {
            (Emph::Strong, true) => "<strong>",
            (Emph::Strong, false) => "</strong>",
            (Emph::Em, true) => "<em>",
            (Emph::Em, false) => "</em>",
        }
    }
}

#[derive(Debug)]
enum Piece {
    Text(String),
    Open(Emph),
    Close(Emph),
    Break,
}

/// Characters never written: controls (rustc rejects a bare CR in doc
/// comments) and the bidirectional overrides rustc denies in comments.
fn is_dropped(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_md_whitespace(c: char) -> bool {
    c.is_whitespace()
}

fn is_md_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace() && !c.is_control())
}

/// Builder of one paragraph of inline Markdown.
///
/// Whitespace is collapsed lazily (a pending space is written only before
/// further content on the same line) and emphasis openers are deferred until
/// content follows, so `<b> x </b>` becomes ` **x** ` and `<b></b>` nothing.
#[derive(Default)]
struct Inline {
    pieces: Vec<Piece>,
    pending_space: bool,
    line_has_content: bool,
    pending_opens: Vec<Emph>,
    /// Open emphasis elements and whether each emitted delimiters.
    emph_stack: Vec<(Emph, bool)>,
    depth: [u32; 2],
    in_link: bool,
}

impl Inline {
    fn for_link(&self) -> Inline {
        Inline {
            depth: self.depth,
            in_link: true,
            ..Inline::default()
        }
    }

    fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    fn buf(&mut self) -> &mut String {
        if !matches!(self.pieces.last(), Some(Piece::Text(_))) {
            self.pieces.push(Piece::Text(String::new()));
        }
        match self.pieces.last_mut() {
            Some(Piece::Text(s)) => s,
            _ => unreachable!("a text piece was just ensured"),
        }
    }

    /// Writes what must precede new content: a collapsed space and deferred openers.
    fn begin(&mut self) {
        if self.pending_space {
            self.pending_space = false;
            if self.line_has_content {
                self.buf().push(' ');
            }
        }
        if !self.pending_opens.is_empty() {
            let opens = std::mem::take(&mut self.pending_opens);
            self.pieces.extend(opens.into_iter().map(Piece::Open));
        }
        self.line_has_content = true;
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    /// Appends text, collapsing whitespace and escaping Markdown syntax.
    fn text(&mut self, s: &str) {
        let mut prev: Option<char> = None;
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_ascii_whitespace() {
                self.pending_space = true;
                prev = None;
                continue;
            }
            if is_dropped(c) {
                continue;
            }
            if !self.in_link && (c == 'h' || c == 'H') {
                if let Some(len) = url_len(&s[i..]) {
                    self.begin();
                    let buf = self.buf();
                    buf.push('<');
                    buf.push_str(&s[i..i + len]);
                    buf.push('>');
                    while it.peek().is_some_and(|&(j, _)| j < i + len) {
                        it.next();
                    }
                    prev = Some('>');
                    continue;
                }
            }
            let next = it.peek().map(|&(_, n)| n);
            self.begin();
            let buf = self.buf();
            match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => {
                    buf.push('\\');
                    buf.push(c);
                }
                // Intraword underscores never form emphasis.
                '_' if prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric) =>
                {
                    buf.push('_');
                }
                '_' => buf.push_str("\\_"),
                // `&name;` would be read as an entity.
                '&' if next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') => {
                    buf.push_str("\\&")
                }
                // rustdoc's smart punctuation turns `--` into a dash.
                '-' if prev == Some('-') => buf.push_str("\\-"),
                _ => buf.push(c),
            }
            prev = Some(c);
        }
    }

    /// Appends already rendered Markdown (code spans, links).
    fn raw(&mut self, md: &str) {
        if md.is_empty() {
            return;
        }
        self.begin();
        self.buf().push_str(md);
    }

    /// Appends a `[text](dest)` link; a `!` written just before would make it an image.
    fn link(&mut self, md: &str) {
        self.begin();
        let buf = self.buf();
        if buf.ends_with('!') {
            buf.pop();
            buf.push_str("\\!");
        }
        buf.push_str(md);
    }

    fn code(&mut self, text: &str) {
        let mut content = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                if !content.is_empty() && !content.ends_with(' ') {
                    content.push(' ');
                }
            } else if !is_dropped(c) {
                content.push(c);
            }
        }
        let content = content.trim_end();
        if content.is_empty() {
            return;
        }
        let fence = "`".repeat(longest_run(content, '`') + 1);
        let pad = if content.starts_with('`') || content.ends_with('`') {
            " "
        } else {
            ""
        };
        // Whitespace at the edges of the element separates it from its neighbours.
        if text.starts_with(|c: char| c.is_ascii_whitespace()) {
            self.space();
        }
        self.raw(&format!("{fence}{pad}{content}{pad}{fence}"));
        if text.ends_with(|c: char| c.is_ascii_whitespace()) {
            self.space();
        }
    }

    fn line_break(&mut self) {
        if self.in_link {
            self.pending_space = true;
            return;
        }
        self.pending_space = false;
        if self.line_has_content {
            self.pieces.push(Piece::Break);
            self.line_has_content = false;
        }
    }

    fn open(&mut self, e: Emph) {
        let emitted = self.depth[e.index()] == 0;
        if emitted {
            self.depth[e.index()] += 1;
            self.pending_opens.push(e);
        }
        self.emph_stack.push((e, emitted));
    }

    fn close(&mut self) {
        let Some((e, emitted)) = self.emph_stack.pop() else {
            return;
        };
        if !emitted {
            return;
        }
        self.depth[e.index()] -= 1;
        if self.pending_opens.last() == Some(&e) {
            // Nothing was written inside the element.
            self.pending_opens.pop();
        } else {
            self.pieces.push(Piece::Close(e));
        }
    }

    /// Renders the paragraph and resets the builder.
    fn finish(&mut self) -> String {
        let raw = std::mem::take(&mut self.pieces);
        let (depth, in_link) = (self.depth, self.in_link);
        *self = Inline {
            depth,
            in_link,
            ..Inline::default()
        };

        // Merge `</b><b>` and move line breaks after closing delimiters.
        let mut pieces: Vec<Piece> = Vec::with_capacity(raw.len());
        for piece in raw {
            match piece {
                Piece::Open(e) if matches!(pieces.last(), Some(Piece::Close(c)) if *c == e) => {
                    pieces.pop();
                }
                Piece::Close(e) if matches!(pieces.last(), Some(Piece::Break)) => {
                    pieces.pop();
                    pieces.push(Piece::Close(e));
                    pieces.push(Piece::Break);
                }
                Piece::Text(t) if t.is_empty() => {}
                Piece::Text(t) => match pieces.last_mut() {
                    Some(Piece::Text(prev)) => prev.push_str(&t),
                    _ => pieces.push(Piece::Text(t)),
                },
                other => pieces.push(other),
            }
        }
        while matches!(pieces.last(), Some(Piece::Break)) {
            pieces.pop();
        }

        // Pair delimiters and decide, per pair, whether `*`/`**` would be
        // recognized by CommonMark; otherwise fall back to `<em>`/`<strong>`.
        let mut partner = vec![usize::MAX; pieces.len()];
        let mut open_stack = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            match p {
                Piece::Open(_) => open_stack.push(i),
                Piece::Close(e) => {
                    if let Some(&o) = open_stack.last() {
                        if matches!(pieces[o], Piece::Open(oe) if oe == *e) {
                            open_stack.pop();
                            partner[o] = i;
                            partner[i] = o;
                        }
                    }
                }
                _ => {}
            }
        }
        let valid: Vec<bool> = (0..pieces.len())
            .map(|i| delimiter_ok(&pieces, i))
            .collect();

        let mut out = String::new();
        for (i, p) in pieces.iter().enumerate() {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Break => out.push_str("\\\n"),
                Piece::Open(e) | Piece::Close(e) => {
                    let j = partner[i];
                    if j == usize::MAX {
                        continue;
                    }
                    if valid[i] && valid[j] {
                        out.push_str(e.markdown());
                    } else {
                        out.push_str(e.html(matches!(p, Piece::Open(_))));
                    }
                }
            }
        }
        out
    }
}

/// Whether the delimiter at `i` is left-flanking (opener) or right-flanking
/// (closer) in CommonMark terms, in a run that is not ambiguous.
fn delimiter_ok(pieces: &[Piece], i: usize) -> bool {
    let is_open = match pieces[i] {
        Piece::Open(_) => true,
        Piece::Close(_) => false,
        _ => return true,
    };
    let mut run_len = 1;
    let mut mixed = false;
    let mut before = ' ';
    for p in pieces[..i].iter().rev() {
        match p {
            Piece::Open(_) | Piece::Close(_) => {
                run_len += 1;
                mixed |= matches!(p, Piece::Open(_)) != is_open;
            }
            Piece::Text(t) => {
                before = t.chars().next_back().unwrap_or(' ');
                break;
            }
            Piece::Break => break,
        }
    }
    let mut after = ' ';
    for p in &pieces[i + 1..] {
        match p {
            Piece::Open(_) | Piece::Close(_) => {
                run_len += 1;
                mixed |= matches!(p, Piece::Open(_)) != is_open;
            }
            Piece::Text(t) => {
                after = t.chars().next().unwrap_or(' ');
                break;
            }
            Piece::Break => break,
        }
    }
    if mixed {
        return false;
    }
    let (inner, outer) = if is_open {
        (after, before)
    } else {
        (before, after)
    };
    if is_md_whitespace(inner) {
        return false;
    }
    let outer_free = is_md_whitespace(outer) || is_md_punct(outer);
    if is_md_punct(inner) && !outer_free {
        return false;
    }
    // Intraword runs of several delimiters invite the "rule of three".
    outer_free || run_len == 1
}

fn longest_run(s: &str, ch: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for c in s.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// Length of the URL at the start of `s` if it begins with `http://` or `https://`.
fn url_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let scheme = if b.len() >= 7 && b[..7].eq_ignore_ascii_case(b"http://") {
        7
    } else if b.len() >= 8 && b[..8].eq_ignore_ascii_case(b"https://") {
        8
    } else {
        return None;
    };
    let mut end = s
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || is_dropped(c) || matches!(c, '<' | '>' | '"' | '`'))
        .map_or(s.len(), |(i, _)| i);
    loop {
        let url = &s[..end];
        let Some(last) = url.chars().next_back() else {
            break;
        };
        let strip = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~' => true,
            ')' => url.matches('(').count() < url.matches(')').count(),
            ']' => url.matches('[').count() < url.matches(']').count(),
            '}' => url.matches('{').count() < url.matches('}').count(),
            _ => false,
        };
        if !strip || end <= scheme {
            break;
        }
        end -= last.len_utf8();
    }
    s[scheme..end]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
        .then_some(end)
}

/// A link destination usable as `[text](dest)`, if `href` is an absolute web or mail URL.
fn link_destination(href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    let scheme = ["https://", "http://", "mailto:"]
        .into_iter()
        .find(|s| lower.starts_with(s))?;
    if !href[scheme.len()..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let mut dest = String::with_capacity(href.len());
    let mut chars = href.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => dest.push_str("%20"),
            c if is_dropped(c) => {}
            '(' => dest.push_str("%28"),
            ')' => dest.push_str("%29"),
            '<' => dest.push_str("%3C"),
            '>' => dest.push_str("%3E"),
            '\\' => dest.push_str("%5C"),
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                dest.push_str("\\&")
            }
            c => dest.push(c),
        }
    }
    Some(dest)
}

/// Escapes what would start a block construct at the beginning of a line.
fn escape_line_start(line: &str) -> String {
    match line.as_bytes().first() {
        Some(b'#' | b'-' | b'+' | b'=') => format!("\\{line}"),
        Some(b'0'..=b'9') => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            match line.as_bytes().get(digits) {
                Some(b'.' | b')') if digits <= 9 => {
                    format!("{}\\{}", &line[..digits], &line[digits..])
                }
                _ => line.to_owned(),
            }
        }
        _ => line.to_owned(),
    }
}

fn finish_para(inline: &mut Inline) -> Option<String> {
    if inline.is_empty() {
        inline.finish();
        return None;
    }
    let text = inline.finish();
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| l.trim_matches(is_md_whitespace))
        .filter(|l| !l.is_empty())
        .map(escape_line_start)
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

struct Renderer<'t> {
    tree: &'t Tree,
    /// Whether a node has a block-level descendant.
    has_block: Vec<bool>,
}

impl<'t> Renderer<'t> {
    fn new(tree: &'t Tree) -> Self {
        let n = tree.nodes.len();
        let mut has_block = vec![false; n];
        // Children always have larger ids than their parent.
        for id in (0..n).rev() {
            has_block[id] = tree.nodes[id].children.iter().any(|&c| {
                has_block[c]
                    || matches!(tree.nodes[c].kind, Kind::Pre(_))
                    || matches!(tree.nodes[c].kind, Kind::Elem(t, _) if t.is_block())
            });
        }
        Renderer { tree, has_block }
    }

    fn render(&self) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut inline = Inline::default();
        for &child in &self.tree.nodes[0].children {
            if let Kind::Text(text) = &self.tree.nodes[child].kind {
                // Blank lines in top-level text separate paragraphs (plain-text docs).
                let mut parts = split_blank_lines(text).into_iter();
                if let Some(first) = parts.next() {
                    inline.text(first);
                }
                for part in parts {
                    flush(&mut blocks, &mut inline);
                    inline.text(part);
                }
            } else {
                self.node(child, &mut blocks, &mut inline);
            }
        }
        flush(&mut blocks, &mut inline);
        blocks
    }

    fn children(&self, id: usize, blocks: &mut Vec<Block>, inline: &mut Inline) {
        for &child in &self.tree.nodes[id].children {
            self.node(child, blocks, inline);
        }
    }

    /// The blocks of a container element.
    fn container(&self, id: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut inline = Inline::default();
        self.children(id, &mut blocks, &mut inline);
        flush(&mut blocks, &mut inline);
        blocks
    }

    fn node(&self, id: usize, blocks: &mut Vec<Block>, inline: &mut Inline) {
        let (tag, href) = match &self.tree.nodes[id].kind {
            Kind::Root => return self.children(id, blocks, inline),
            Kind::Text(text) => return inline.text(text),
            Kind::Code(text) => return inline.code(text),
            Kind::Pre(text) => {
                flush(blocks, inline);
                return push_code_block(blocks, text);
            }
            Kind::Elem(tag, href) => (*tag, href.as_deref()),
        };
        let transparent = self.has_block[id];
        match tag {
            Tag::Br => inline.line_break(),
            Tag::Ignore | Tag::Fullname => {}
            Tag::Hr => flush(blocks, inline),
            Tag::Span => self.children(id, blocks, inline),
            Tag::Cell => {
                inline.space();
                self.children(id, blocks, inline);
                inline.space();
            }
            Tag::Bold | Tag::Italic if !transparent => {
                inline.open(if tag == Tag::Bold {
                    Emph::Strong
                } else {
                    Emph::Em
                });
                self.children(id, blocks, inline);
                inline.close();
            }
            Tag::Bold | Tag::Italic => self.children(id, blocks, inline),
            Tag::Link => match href.and_then(|h| Some((h, link_destination(h)?))) {
                Some((href, dest)) if !transparent && !inline.in_link => {
                    self.link(id, href, &dest, inline)
                }
                _ => self.children(id, blocks, inline),
            },
            Tag::Code if !transparent => {
                let mut text = String::new();
                self.plain_text(id, &mut text);
                inline.code(&text);
            }
            Tag::Pre => {
                flush(blocks, inline);
                let mut text = String::new();
                self.plain_text(id, &mut text);
                push_code_block(blocks, &text);
            }
            Tag::Code
            | Tag::P
            | Tag::Div
            | Tag::Example
            | Tag::Table
            | Tag::Row
            | Tag::Dt
            | Tag::Dd
            | Tag::Sample => {
                flush(blocks, inline);
                blocks.extend(self.container(id));
            }
            Tag::Heading => {
                flush(blocks, inline);
                if transparent {
                    blocks.extend(self.container(id));
                } else {
                    let mut heading = Inline::default();
                    heading.open(Emph::Strong);
                    self.children(id, blocks, &mut heading);
                    heading.close();
                    flush(blocks, &mut heading);
                }
            }
            Tag::Ul | Tag::Ol | Tag::Dl => {
                flush(blocks, inline);
                let items = self.list_items(id, tag);
                if !items.is_empty() {
                    blocks.push(Block::List {
                        ordered: tag == Tag::Ol,
                        items,
                    });
                }
            }
            Tag::Li => {
                flush(blocks, inline);
                let item = self.container(id);
                if !item.is_empty() {
                    blocks.push(Block::List {
                        ordered: false,
                        items: vec![item],
                    });
                }
            }
            Tag::Note | Tag::Important | Tag::Quote => {
                flush(blocks, inline);
                let mut inner = self.container(id);
                if inner.is_empty() {
                    return;
                }
                let label = match tag {
                    Tag::Note => Some("**Note:**"),
                    Tag::Important => Some("**Important:**"),
                    _ => None,
                };
                if let Some(label) = label {
                    match inner.first_mut() {
                        Some(Block::Para(p)) => *p = format!("{label} {p}"),
                        _ => inner.insert(0, Block::Para(label.to_owned())),
                    }
                }
                blocks.push(Block::Quote(inner));
            }
        }
    }

    fn link(&self, id: usize, href: &str, dest: &str, inline: &mut Inline) {
        let mut text = inline.for_link();
        let mut unused = Vec::new();
        self.children(id, &mut unused, &mut text);
        let md = text.finish();
        let md = md.trim();
        let mut plain = String::new();
        self.plain_text(id, &mut plain);
        if plain.starts_with(|c: char| c.is_ascii_whitespace()) {
            inline.space();
        }
        if !md.is_empty() && plain.trim() != href.trim() {
            inline.link(&format!("[{md}]({dest})"));
        } else if !dest.contains('\\') {
            // Backslash escapes do not work inside autolinks.
            inline.raw(&format!("<{dest}>"));
        } else {
            let mut shown = inline.for_link();
            shown.text(href.trim());
            inline.link(&format!("[{}]({dest})", shown.finish()));
        }
        if plain.ends_with(|c: char| c.is_ascii_whitespace()) {
            inline.space();
        }
    }

    fn list_items(&self, id: usize, tag: Tag) -> Vec<Vec<Block>> {
        let mut items: Vec<Vec<Block>> = Vec::new();
        // Content that is not inside an item joins the previous item.
        let mut stray_blocks = Vec::new();
        let mut stray_inline = Inline::default();
        let flush_stray =
            |items: &mut Vec<Vec<Block>>, blocks: &mut Vec<Block>, inline: &mut Inline| {
                flush(blocks, inline);
                if blocks.is_empty() {
                    return;
                }
                match items.last_mut() {
                    Some(item) => item.append(blocks),
                    None => items.push(std::mem::take(blocks)),
                }
            };
        for &child in &self.tree.nodes[id].children {
            let child_tag = match self.tree.nodes[child].kind {
                Kind::Elem(t, _) => Some(t),
                _ => None,
            };
            let starts_item = match tag {
                Tag::Dl => child_tag == Some(Tag::Dt),
                _ => child_tag == Some(Tag::Li),
            };
            let continues_item = tag == Tag::Dl && child_tag == Some(Tag::Dd);
            if starts_item || continues_item {
                flush_stray(&mut items, &mut stray_blocks, &mut stray_inline);
                let mut blocks = self.container(child);
                if blocks.is_empty() {
                    continue;
                }
                match items.last_mut() {
                    Some(item) if continues_item => item.append(&mut blocks),
                    _ => items.push(blocks),
                }
            } else {
                self.node(child, &mut stray_blocks, &mut stray_inline);
            }
        }
        flush_stray(&mut items, &mut stray_blocks, &mut stray_inline);
        items
    }

    fn plain_text(&self, id: usize, out: &mut String) {
        for &child in &self.tree.nodes[id].children {
            match &self.tree.nodes[child].kind {
                Kind::Text(t) | Kind::Code(t) | Kind::Pre(t) => out.push_str(t),
                Kind::Elem(Tag::Br, _) => out.push('\n'),
                Kind::Elem(Tag::Fullname, _) => {}
                _ => self.plain_text(child, out),
            }
        }
    }
}

fn flush(blocks: &mut Vec<Block>, inline: &mut Inline) {
    if let Some(p) = finish_para(inline) {
        blocks.push(Block::Para(p));
    }
}

/// Splits text at blank lines (a line break, optional blanks, a line break).
fn split_blank_lines(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                parts.push(&text[start..i]);
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    parts.push(&text[start..]);
    parts
}

fn push_code_block(blocks: &mut Vec<Block>, text: &str) {
    // Tabs become spaces (clippy's `tabs_in_doc_comments`).
    let normalized = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let cleaned: String = normalized.chars().filter(|&c| !is_dropped(c)).collect();
    let lines: Vec<&str> = cleaned.lines().map(str::trim_end).collect();
    let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
        return;
    };
    let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
    let lines = &lines[first..=last];
    let indent = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect();
    blocks.push(Block::Code(body.join("\n")));
}

// ---------------------------------------------------------------------------
// Serialization
// ---------------------------------------------------------------------------

fn serialize(blocks: &[Block]) -> String {
    let mut lines = Vec::new();
    write_blocks(blocks, false, &mut lines);
    let mut out = String::new();
    let mut blank = false;
    for line in &lines {
        let line = line.trim_end();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        blank = false;
        out.push_str(line);
    }
    out
}

fn write_blocks(blocks: &[Block], in_item: bool, out: &mut Vec<String>) {
    for (k, block) in blocks.iter().enumerate() {
        if k > 0 {
            // A paragraph directly followed by a nested list keeps a list tight.
            let tight = in_item
                && matches!(blocks[k - 1], Block::Para(_))
                && matches!(block, Block::List { .. });
            if !tight {
                out.push(String::new());
            }
        }
        match block {
            Block::Para(text) => out.extend(text.split('\n').map(str::to_owned)),
            Block::Code(text) => {
                let fence = "`".repeat((longest_run(text, '`') + 1).max(3));
                out.push(format!("{fence}text"));
                out.extend(text.split('\n').map(str::to_owned));
                out.push(fence);
            }
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}. ", n + 1)
                    } else {
                        "- ".to_owned()
                    };
                    let indent = " ".repeat(marker.len());
                    let mut lines = Vec::new();
                    write_blocks(item, true, &mut lines);
                    for (j, line) in lines.into_iter().enumerate() {
                        if j == 0 {
                            out.push(format!("{marker}{line}"));
                        } else if line.is_empty() {
                            out.push(line);
                        } else {
                            out.push(format!("{indent}{line}"));
                        }
                    }
                }
            }
            Block::Quote(inner) => {
                let mut lines = Vec::new();
                write_blocks(inner, false, &mut lines);
                for line in lines {
                    out.push(if line.is_empty() {
                        ">".to_owned()
                    } else {
                        format!("> {line}")
                    });
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::to_markdown as md;

    #[test]
    fn empty_and_whitespace() {
        assert_eq!(md(""), "");
        assert_eq!(md("   \n\t "), "");
        assert_eq!(md("<p></p>"), "");
        assert_eq!(md("<p> </p><ul><li></li></ul>"), "");
    }

    #[test]
    fn paragraphs_and_whitespace() {
        assert_eq!(
            md("<p>Hello\n   world.</p>\n  <p>Second   one.</p>"),
            "Hello world.\n\nSecond one."
        );
        assert_eq!(md("plain text"), "plain text");
        assert_eq!(md("first\n\n   second\nline"), "first\n\nsecond line");
        assert_eq!(md("<p>a</p><p>b</p><p>c</p>"), "a\n\nb\n\nc");
    }

    #[test]
    fn inline_code() {
        assert_eq!(md("<p>Use <code>Foo</code>.</p>"), "Use `Foo`.");
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>`x`</code>"), "`` `x` ``");
        assert_eq!(
            md("<code>MAP<string, string></code>"),
            "`MAP<string, string>`"
        );
        assert_eq!(
            md("<code>s3://<bucket>/<prefix></code>"),
            "`s3://<bucket>/<prefix>`"
        );
        assert_eq!(md("<code>&lt;tag&gt; [x]</code>"), "`<tag> [x]`");
        assert_eq!(md("<code>a\n   b</code>"), "`a b`");
        assert_eq!(md("<code>x<u>.cfg</u>.y</code>"), "`x.cfg.y`");
        assert_eq!(md("<code></code>"), "");
        assert_eq!(md("a<code> x </code>b"), "a `x` b");
        assert_eq!(
            md("<code>{\"a\":\"<h1>T</h1><p>x</p>\"}</code>"),
            "`{\"a\":\"<h1>T</h1><p>x</p>\"}`"
        );
    }

    #[test]
    fn unclosed_code() {
        assert_eq!(md("<p><code>foo</p><p>bar</p>"), "`foo`\n\nbar");
    }

    #[test]
    fn emphasis() {
        assert_eq!(md("<b>bold</b> and <i>it</i>"), "**bold** and *it*");
        assert_eq!(md("<strong>x</strong> <em>y</em>"), "**x** *y*");
        assert_eq!(
            md("<strong>x</strong><em>y</em>"),
            "<strong>x</strong><em>y</em>"
        );
        assert_eq!(md("intra<b>word</b>bold"), "intra**word**bold");
        assert_eq!(md("a<b> bold </b>b"), "a **bold** b");
        assert_eq!(md("<b></b>x<i> </i>y"), "x y");
        assert_eq!(md("<b><b>nested</b></b>"), "**nested**");
        assert_eq!(md("<i><b>both</b></i>"), "***both***");
        assert_eq!(md("<b>Note:</b>text"), "<strong>Note:</strong>text");
        assert_eq!(md("<b>a</b><b>b</b>"), "**ab**");
        assert_eq!(md("<b><code>x</code></b> y"), "**`x`** y");
    }

    #[test]
    fn links() {
        assert_eq!(
            md("See <a href=\"https://example.com/a_b\">the docs</a>."),
            "See [the docs](https://example.com/a_b)."
        );
        assert_eq!(
            md("<a href=\"https://x.com/a b(c)\">t</a>"),
            "[t](https://x.com/a%20b%28c%29)"
        );
        assert_eq!(
            md("<a href=\"https://x.com\">https://x.com</a>"),
            "<https://x.com>"
        );
        assert_eq!(md("<a href=\"https://x.com\"></a>"), "<https://x.com>");
        assert_eq!(
            md("<a href=\" https://x.com \">x</a>"),
            "[x](https://x.com)"
        );
        assert_eq!(md("<a>DeactivatePipeline</a>"), "DeactivatePipeline");
        assert_eq!(md("<a href=\"\">text</a>"), "text");
        assert_eq!(md("<a href=\"/general/latest\">rel</a>"), "rel");
        assert_eq!(md("<a href=\"javascript:x\">js</a>"), "js");
        assert_eq!(
            md("<a href=\"mailto:a@b.com\">mail</a>"),
            "[mail](mailto:a@b.com)"
        );
        assert_eq!(
            md("<a href=\"https://x.com\"><code>Foo</code> [1]</a>"),
            "[`Foo` \\[1\\]](https://x.com)"
        );
        assert_eq!(
            md("<a href=\"https://x.com?a=1&amp;b=2\">q</a>"),
            "[q](https://x.com?a=1\\&b=2)"
        );
        assert_eq!(
            md("see<a href=\"https://x.com\"> docs </a>next"),
            "see [docs](https://x.com) next"
        );
        assert_eq!(
            md("Hi!<a href=\"https://x.com\">q</a>"),
            "Hi\\![q](https://x.com)"
        );
    }

    #[test]
    fn bare_urls() {
        assert_eq!(
            md("Go to https://example.com/x."),
            "Go to <https://example.com/x>."
        );
        assert_eq!(md("(see http://a.com/b_(c))"), "(see <http://a.com/b_(c)>)");
        assert_eq!(md("'https://a.com/'"), "'<https://a.com/>'");
        assert_eq!(md("https:// alone"), "https:// alone");
        assert_eq!(md("xhttps://a.com"), "x<https://a.com>");
    }

    #[test]
    fn escaping() {
        assert_eq!(md("[a-z]+ and [Foo]"), "\\[a-z\\]+ and \\[Foo\\]");
        assert_eq!(md("a < b > c"), "a \\< b \\> c");
        assert_eq!(md("<p>Use <region>.</p>"), "Use \\<region\\>.");
        assert_eq!(md("<major>.<minor>"), "\\<major\\>.\\<minor\\>");
        assert_eq!(md("&lt;p&gt; &amp; &amp;lt;"), "\\<p\\> & \\&lt;");
        assert_eq!(
            md("*x* _y_ a_b `c` |d| ~e~ \\"),
            "\\*x\\* \\_y\\_ a_b \\`c\\` \\|d\\| \\~e\\~ \\\\"
        );
        assert_eq!(md("use --flag"), "use -\\-flag");
        assert_eq!(md("<p># not a heading</p>"), "\\# not a heading");
        assert_eq!(md("- not a list"), "\\- not a list");
        assert_eq!(md("1. not a list"), "1\\. not a list");
        assert_eq!(md("2) no"), "2\\) no");
        assert_eq!(md("&IAM; &#65;&#x42; &bogus"), "\\&IAM; AB \\&bogus");
    }

    #[test]
    fn lists() {
        assert_eq!(md("<ul><li><p>a</p></li><li>b</li></ul>"), "- a\n- b");
        assert_eq!(md("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
        assert_eq!(
            md("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>"),
            "- a\n  - b\n    - c\n- d"
        );
        assert_eq!(md("<ul><li><p>a</p><p>b</p></li></ul>"), "- a\n\n  b");
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
        assert_eq!(
            md("<p>Intro:</p><ul><li>x</li></ul><p>After</p>"),
            "Intro:\n\n- x\n\nAfter"
        );
        assert_eq!(
            md("<ul><li>a</li><ul><li>nested</li></ul></ul>"),
            "- a\n  - nested"
        );
        assert_eq!(md("<li>stray</li>"), "- stray");
        assert_eq!(md("<ul><li>1. x</li></ul>"), "- 1\\. x");
    }

    #[test]
    fn definition_lists() {
        assert_eq!(
            md("<dl><dt>Term</dt><dd><p>Def</p></dd><dt>T2</dt><dd>D2</dd></dl>"),
            "- Term\n\n  Def\n- T2\n\n  D2"
        );
    }

    #[test]
    fn admonitions() {
        assert_eq!(md("<note><p>Careful.</p></note>"), "> **Note:** Careful.");
        assert_eq!(
            md("<important>Do <b>it</b>.</important>"),
            "> **Important:** Do **it**."
        );
        assert_eq!(md("<note><p>a</p><p>b</p></note>"), "> **Note:** a\n>\n> b");
        assert_eq!(
            md("<note><ul><li>x</li></ul></note>"),
            "> **Note:**\n>\n> - x"
        );
        assert_eq!(md("<note> </note>"), "");
    }

    #[test]
    fn fullname_is_dropped() {
        assert_eq!(md("<fullname>AWS Thing</fullname><p>Docs.</p>"), "Docs.");
    }

    #[test]
    fn pre_blocks() {
        assert_eq!(
            md("<pre>  a\n    b [x]\n</pre>"),
            "```text\na\n  b [x]\n```"
        );
        assert_eq!(
            md("<p>x</p><pre>```\ny</pre>"),
            "x\n\n````text\n```\ny\n````"
        );
        assert_eq!(
            md("<ul><li>a<pre>\n  code\n</pre></li></ul>"),
            "- a\n\n  ```text\n  code\n  ```"
        );
        assert_eq!(
            md("<pre><code>x &lt; y</code></pre>"),
            "```text\nx < y\n```"
        );
        assert_eq!(md("<pre>unclosed"), "```text\nunclosed\n```");
        assert_eq!(
            md("<request>\nPOST / HTTP/1.1\n{\"a\": [1]}\n</request>"),
            "```text\nPOST / HTTP/1.1\n{\"a\": [1]}\n```"
        );
        assert_eq!(md("use <request> here"), "use \\<request\\> here");
    }

    #[test]
    fn line_breaks() {
        assert_eq!(md("a<br/>b<br>c"), "a\\\nb\\\nc");
        assert_eq!(md("a<br><br>- b<br>"), "a\\\n\\- b");
        assert_eq!(md("<b>a<br></b>b"), "**a**\\\nb");
        assert_eq!(md("<ul><li>a<br/>b</li></ul>"), "- a\\\n  b");
    }

    #[test]
    fn broken_html() {
        assert_eq!(md("</p>text</b>"), "text");
        assert_eq!(md("<p>a <b>bold</p><p>b</p>"), "a **bold**\n\nb");
        assert_eq!(md("<p>a<p>b"), "a\n\nb");
        assert_eq!(md("<p class=\"title\"><b>T</b></p>"), "**T**");
        assert_eq!(md("<a href=\"x>oops"), "\\<a href=\"x\\>oops");
        assert_eq!(md("<!-- comment -->x"), "x");
        assert_eq!(
            md("<\n Database>< Schema><Stage Name>"),
            "\\< Database\\>\\< Schema\\>\\<Stage Name\\>"
        );
        assert_eq!(md("<b>x<p>y</p>z</b>"), "x\n\ny\n\nz");
        assert_eq!(md("<para/>x"), "x");
        assert_eq!(md("<link linkend=\"Op\">Op</link> done"), "Op done");
    }

    #[test]
    fn sanitizes_characters() {
        assert_eq!(md("a\r\nb\u{7}c\u{202E}d"), "a bcd");
        assert_eq!(md("<pre>a\r\nb\rc</pre>"), "```text\na\nb\nc\n```");
        assert_eq!(md("<pre>\tx\n\t\ty</pre>"), "```text\nx\n    y\n```");
    }

    #[test]
    fn headings_and_tables() {
        assert_eq!(md("<h2>Title</h2><p>x</p>"), "**Title**\n\nx");
        assert_eq!(md("<table><tr><td>a</td><td>b</td></tr></table>"), "a b");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let inputs = [
            "<",
            "<<",
            "</",
            "<a",
            "<a href",
            "<a href=",
            "<a href='",
            "&",
            "&#",
            "&#x;",
            "&#99999999;",
            "<!--",
            "<![CDATA[",
            "<![CDATA[x]]>",
            "<!DOCTYPE html>",
            "<?xml?>",
            "<code>",
            "</code>",
            "<pre>",
            "<b>",
            "<ul><li>",
            "<dl><dd>x",
            "<note>",
            "a\u{0}b",
            "é<b>ü</b>ß",
            "<b/>",
            "<code/>",
            "<br></br>",
        ];
        for input in inputs {
            let _ = md(input);
        }
        let deep = "<ul><li>".repeat(500) + "x";
        let out = md(&deep);
        assert!(out.contains('x'));
        let deep_b = "<b><i>".repeat(10_000) + "x";
        assert!(md(&deep_b).contains('x'));
    }

    #[test]
    fn pathological_inputs_stay_fast() {
        let start = std::time::Instant::now();
        for unit in [
            "<!--",
            "<![CDATA[",
            "<a href=\"",
            "<code>",
            "<b x ",
            "<!x",
            "</code",
        ] {
            let input = format!("{}>\"", unit.repeat(4_000));
            let _ = md(&input);
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn deterministic() {
        let input = "<p>a <code>b</code> <a href=\"https://c.d\">e</a></p><ul><li>f</li></ul>";
        assert_eq!(md(input), md(input));
    }
}
