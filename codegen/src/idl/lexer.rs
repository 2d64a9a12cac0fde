//! Tokens of the Smithy IDL.
//!
//! Whitespace is significant in a few places of the grammar (a shape statement ends at a line
//! break, `string Foo` needs the space), so spaces, newlines, commas and comments are tokens too
//! and the parser decides where they may appear. The lexer works on bytes and produces one token
//! at a time; string contents are decoded only when the parser asks (see [`decode_quoted`] and
//! [`decode_text_block`]).

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One or more spaces or tabs.
    Space,
    /// `\n` or `\r\n`.
    Newline,
    Comma,
    /// `//` up to and including the line end.
    Comment,
    /// `///` up to and including the line end.
    DocComment,
    Identifier,
    Dot,
    Pound,
    Dollar,
    At,
    Colon,
    /// `:=`
    Walrus,
    Equal,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    /// A quoted string, quotes included.
    String,
    /// A `"""` text block, delimiters included.
    TextBlock,
    Number,
    /// A byte no token starts with, or a malformed number or string; the lexer's message says
    /// what is wrong.
    Error,
    Eof,
}

impl Kind {
    /// How Smithy's own diagnostics name the token, so that messages read alike.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::Space => "SPACE(' ')",
            Kind::Newline => "NEWLINE('\\n')",
            Kind::Comma => "COMMA(',')",
            Kind::Comment => "COMMENT",
            Kind::DocComment => "DOC_COMMENT",
            Kind::Identifier => "IDENTIFIER",
            Kind::Dot => "DOT('.')",
            Kind::Pound => "POUND('#')",
            Kind::Dollar => "DOLLAR('$')",
            Kind::At => "AT('@')",
            Kind::Colon => "COLON(':')",
            Kind::Walrus => "WALRUS(':=')",
            Kind::Equal => "EQUAL('=')",
            Kind::LParen => "LPAREN('(')",
            Kind::RParen => "RPAREN(')')",
            Kind::LBrace => "LBRACE('{')",
            Kind::RBrace => "RBRACE('}')",
            Kind::LBracket => "LBRACKET('[')",
            Kind::RBracket => "RBRACKET(']')",
            Kind::String => "STRING('\"')",
            Kind::TextBlock => "TEXT_BLOCK('\"\"\"')",
            Kind::Number => "NUMBER",
            Kind::Error => "ERROR",
            Kind::Eof => "EOF",
        }
    }

    /// Whitespace in the grammar's `WS` sense (comments and commas included).
    pub(crate) fn is_ws(self) -> bool {
        matches!(
            self,
            Kind::Space | Kind::Newline | Kind::Comma | Kind::Comment | Kind::DocComment
        )
    }
}

/// A token: its kind and byte range in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Produces tokens one at a time.
pub(crate) struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// Why the last [`Kind::Error`] token is an error, and where.
    pub error: Option<(usize, String)>,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        // A byte order mark is not part of the model.
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self {
            src: text.as_bytes(),
            pos,
            error: None,
        }
    }

    /// Continues lexing from a byte offset (a token boundary).
    pub(crate) fn seek(&mut self, to: usize) {
        self.pos = to.min(self.src.len());
    }

    fn peek_at(&self, offset: usize) -> u8 {
        self.src.get(self.pos + offset).copied().unwrap_or(0)
    }

    pub(crate) fn next_token(&mut self) -> Token {
        let start = self.pos;
        let Some(&c) = self.src.get(start) else {
            return Token {
                kind: Kind::Eof,
                start,
                end: start,
            };
        };
        let kind = match c {
            b' ' | b'\t' => {
                self.pos += 1;
                while matches!(self.peek_at(0), b' ' | b'\t') {
                    self.pos += 1;
                }
                Kind::Space
            }
            b'\n' => {
                self.pos += 1;
                Kind::Newline
            }
            b'\r' if self.peek_at(1) == b'\n' => {
                self.pos += 2;
                Kind::Newline
            }
            b',' => self.single(Kind::Comma),
            b'/' if self.peek_at(1) == b'/' => {
                let doc = self.peek_at(2) == b'/';
                self.skip_line();
                if doc { Kind::DocComment } else { Kind::Comment }
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                self.pos += 1;
                while self
                    .src
                    .get(self.pos)
                    .is_some_and(|&b| IDENTIFIER[b as usize])
                {
                    self.pos += 1;
                }
                // An identifier that starts with underscores needs a letter or digit after them.
                if c == b'_' && self.src[start..self.pos].iter().all(|&b| b == b'_') {
                    return self.underscores_only();
                }
                Kind::Identifier
            }
            b'.' => self.single(Kind::Dot),
            b'#' => self.single(Kind::Pound),
            b'$' => self.single(Kind::Dollar),
            b'@' => self.single(Kind::At),
            b':' if self.peek_at(1) == b'=' => {
                self.pos += 2;
                Kind::Walrus
            }
            b':' => self.single(Kind::Colon),
            b'=' => self.single(Kind::Equal),
            b'(' => self.single(Kind::LParen),
            b')' => self.single(Kind::RParen),
            b'{' => self.single(Kind::LBrace),
            b'}' => self.single(Kind::RBrace),
            b'[' => self.single(Kind::LBracket),
            b']' => self.single(Kind::RBracket),
            b'"' if self.peek_at(1) == b'"' && self.peek_at(2) == b'"' => {
                return self.text_block(start);
            }
            b'"' => return self.quoted(start),
            b'-' | b'0'..=b'9' => return self.number(start),
            _ => return self.unexpected(start),
        };
        Token {
            kind,
            start,
            end: self.pos,
        }
    }

    // The error paths are kept out of line, so that `next_token` stays small.

    #[cold]
    #[inline(never)]
    fn underscores_only(&mut self) -> Token {
        let width = char_width(self.src, self.pos);
        let message = format!(
            "Expected a valid identifier character, but found {}",
            describe_char(self.src, self.pos)
        );
        self.fail(self.pos, self.pos + width, message)
    }

    #[cold]
    #[inline(never)]
    fn unexpected(&mut self, start: usize) -> Token {
        let width = char_width(self.src, start);
        let message = format!("Unexpected character: {}", describe_char(self.src, start));
        self.fail(start, start + width, message)
    }

    /// A malformed number from `start` to the current position; `rule` says what is missing.
    #[cold]
    #[inline(never)]
    fn bad_number(&mut self, start: usize, rule: &str) -> Token {
        let lexeme = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
        let message = format!("Invalid number '{lexeme}': {rule} must be followed by a digit");
        self.fail(start, self.pos, message)
    }

    fn single(&mut self, kind: Kind) -> Kind {
        self.pos += 1;
        kind
    }

    fn skip_line(&mut self) {
        self.pos = match find(self.src, self.pos, b'\n', b'\n') {
            Some(newline) => newline + 1,
            None => self.src.len(),
        };
    }

    fn fail(&mut self, start: usize, end: usize, message: String) -> Token {
        self.pos = end.max(start + 1).min(self.src.len());
        self.error = Some((start, message));
        Token {
            kind: Kind::Error,
            start,
            end: self.pos,
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while self.peek_at(0).is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - from
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    #[inline(never)]
    fn number(&mut self, start: usize) -> Token {
        if self.peek_at(0) == b'-' {
            self.pos += 1;
        }
        if self.peek_at(0) == b'0' {
            self.pos += 1;
        } else if self.digits() == 0 {
            return self.bad_number(start, "'-'");
        }
        if self.peek_at(0) == b'.' {
            self.pos += 1;
            if self.digits() == 0 {
                return self.bad_number(start, "'.'");
            }
        }
        if matches!(self.peek_at(0), b'e' | b'E') {
            self.pos += 1;
            if matches!(self.peek_at(0), b'+' | b'-') {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.bad_number(start, "'e', '+', and '-'");
            }
        }
        Token {
            kind: Kind::Number,
            start,
            end: self.pos,
        }
    }

    /// A quoted string: finds the closing quote (escapes are checked when decoding).
    #[inline(never)]
    fn quoted(&mut self, start: usize) -> Token {
        self.pos += 1;
        loop {
            // Only quotes and backslashes matter inside a string.
            let Some(at) = find(self.src, self.pos, b'"', b'\\') else {
                let end = self.src.len();
                return self.fail_at_eof(start, end);
            };
            self.pos = at;
            match self.src[at] {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 2,
            }
        }
        Token {
            kind: Kind::String,
            start,
            end: self.pos,
        }
    }

    #[inline(never)]
    fn text_block(&mut self, start: usize) -> Token {
        self.pos += 3;
        loop {
            let Some(at) = find(self.src, self.pos, b'"', b'\\') else {
                let end = self.src.len();
                return self.fail_at_eof(start, end);
            };
            self.pos = at;
            match self.src[at] {
                b'"' if self.peek_at(1) == b'"' && self.peek_at(2) == b'"' => {
                    self.pos += 3;
                    break;
                }
                b'"' => self.pos += 1,
                _ => self.pos += 2,
            }
        }
        Token {
            kind: Kind::TextBlock,
            start,
            end: self.pos,
        }
    }

    /// An unclosed string runs to the end of the file; the error is reported there, as Smithy
    /// does, since that is where the closing quote was looked for last.
    fn fail_at_eof(&mut self, start: usize, end: usize) -> Token {
        self.pos = end;
        self.error = Some((end, "Expected: '\"', but found '[EOF]'".to_owned()));
        Token {
            kind: Kind::Error,
            start,
            end,
        }
    }
}

/// Bytes an identifier continues with: `[A-Za-z0-9_]`.
static IDENTIFIER: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_');
        b += 1;
    }
    table
};

/// The first position at or after `from` holding `a` or `b`, eight bytes at a time (comments
/// and strings are most of a model's text).
fn find(src: &[u8], from: usize, a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // The high bit of each zero byte of `x`, and possibly of bytes after the first zero byte
    // (a borrow runs upwards); the lowest set bit always marks the first zero byte.
    let zeros = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let (fill_a, fill_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut i = from;
    while let Some(chunk) = src.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hits = zeros(word ^ fill_a) | zeros(word ^ fill_b);
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = src.get(i..)?;
    rest.iter().position(|&c| c == a || c == b).map(|p| i + p)
}

/// The UTF-8 width of the character at `at` (1 for a stray continuation byte).
fn char_width(src: &[u8], at: usize) -> usize {
    match src.get(at) {
        Some(b) if *b >= 0xF0 => 4,
        Some(b) if *b >= 0xE0 => 3,
        Some(b) if *b >= 0xC0 => 2,
        _ => 1,
    }
}

fn describe_char(src: &[u8], at: usize) -> String {
    let width = char_width(src, at);
    match src.get(at..(at + width).min(src.len())) {
        None | Some([]) => "'[EOF]'".to_owned(),
        Some(bytes) => match std::str::from_utf8(bytes) {
            Ok(s) => format!("'{s}'"),
            Err(_) => format!("byte 0x{:02x}", bytes[0]),
        },
    }
}

/// The value of a quoted string token (quotes included in `lexeme`).
pub(crate) fn decode_quoted(lexeme: &str) -> Result<String, String> {
    let body = &lexeme[1..lexeme.len() - 1];
    unescape(body).map_err(|e| format!("Error parsing quoted string: {e}"))
}

/// The value of a text block token (delimiters included in `lexeme`): incidental whitespace
/// removed as the spec says, then escapes decoded.
pub(crate) fn decode_text_block(lexeme: &str) -> Result<String, String> {
    let fail = |e: &str| format!("Error parsing text block: {e}");
    let body = &lexeme[3..lexeme.len() - 3];
    // The opening delimiter is followed by optional spaces and a line break.
    let after_spaces = body.trim_start_matches([' ', '\t']);
    let content = if let Some(rest) = after_spaces.strip_prefix("\r\n") {
        rest
    } else if let Some(rest) = after_spaces.strip_prefix('\n') {
        rest
    } else if body.is_empty() {
        return Err(fail("Text block is empty"));
    } else {
        return Err(fail("Text block must start with a new line"));
    };
    let normalized;
    let content = if content.contains('\r') {
        normalized = content.replace("\r\n", "\n").replace('\r', "\n");
        normalized.as_str()
    } else {
        content
    };
    let lines: Vec<&str> = content.split('\n').collect();
    let last = lines.len() - 1;
    // Blank lines do not count towards the common indentation, except the last one: its
    // spaces are the closing delimiter's indentation.
    let indent = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == last || !l.trim_matches(' ').is_empty())
        .map(|(_, l)| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(content.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.get(indent..).unwrap_or("");
        out.push_str(line.trim_end_matches(' '));
    }
    unescape(&out).map_err(|e| fail(&e))
}

/// Decodes the escapes of a string body; raw line breaks become `\n`.
fn unescape(body: &str) -> Result<String, String> {
    if !body.contains(['\\', '\r']) {
        return Ok(body.to_owned());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\\' => match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('/') => out.push('/'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('\n') => {}
                Some('\r') => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                }
                Some('u') => {
                    let unit = hex4(&mut chars)?;
                    let code = if (0xD800..0xDC00).contains(&unit) {
                        // A high surrogate must be followed by an escaped low one.
                        if chars.next() != Some('\\') || chars.next() != Some('u') {
                            return Err(format!(
                                "Invalid unicode escape: unpaired surrogate \\u{unit:04X}"
                            ));
                        }
                        let low = hex4(&mut chars)?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return Err(format!(
                                "Invalid unicode escape: unpaired surrogate \\u{unit:04X}"
                            ));
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        unit
                    };
                    match char::from_u32(code) {
                        Some(ch) => out.push(ch),
                        None => {
                            return Err(format!(
                                "Invalid unicode escape: unpaired surrogate \\u{code:04X}"
                            ));
                        }
                    }
                }
                Some(other) => {
                    return Err(format!("Invalid escape found in string: `\\{other}`"));
                }
                None => return Err("Invalid escape found in string: `\\`".to_owned()),
            },
            other => out.push(other),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<u32, String> {
    let mut value = 0;
    for _ in 0..4 {
        let Some(c) = chars.next() else {
            return Err("Invalid unclosed unicode escape found in string".to_owned());
        };
        let Some(d) = c.to_digit(16) else {
            return Err(format!("Invalid unicode escape character: `{c}`"));
        };
        value = value * 16 + d;
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token();
            out.push(t.kind);
            if matches!(t.kind, Kind::Eof) {
                return out;
            }
        }
    }

    #[test]
    fn tokens_of_a_shape_statement() {
        use Kind::*;
        assert_eq!(
            kinds("@a.b#c(x: -1.5e3)\nstring S // hi\n"),
            [
                At, Identifier, Dot, Identifier, Pound, Identifier, LParen, Identifier, Colon,
                Space, Number, RParen, Newline, Identifier, Space, Identifier, Space, Comment, Eof
            ]
        );
        assert_eq!(kinds("/// doc\r\n:=,"), [DocComment, Walrus, Comma, Eof]);
    }

    #[test]
    fn find_agrees_with_a_byte_by_byte_search() {
        let text = b"ab\\cd\"efghijklmnopq\\rstuvwxyz0123456789\"\n";
        for from in 0..=text.len() + 2 {
            for end in from.min(text.len())..=text.len() {
                let src = &text[..end];
                let naive = (from..src.len()).find(|&i| src[i] == b'"' || src[i] == b'\\');
                assert_eq!(
                    find(src, from, b'"', b'\\'),
                    naive,
                    "from {from} in {end} bytes"
                );
            }
        }
        // Every byte value, so that no other byte is taken for a hit.
        let all: Vec<u8> = (0..=255).collect();
        for target in 0..=255u8 {
            assert_eq!(find(&all, 0, target, target), Some(target as usize));
        }
    }

    #[test]
    fn strings_comments_and_blocks_end_where_they_should() {
        // Lengths around the eight-byte steps of the search.
        for pad in 0..20 {
            let body = "x".repeat(pad);
            for (text, kind) in [
                (format!("\"{body}\\\"{body}\""), Kind::String),
                (format!("\"{body}\\\\\""), Kind::String),
                (
                    format!("\"\"\"\n{body}\"\"{body}\\\"\"\"\""),
                    Kind::TextBlock,
                ),
                (format!("// {body}\n"), Kind::Comment),
                (format!("/// {body}\r\n"), Kind::DocComment),
            ] {
                let mut lexer = Lexer::new(&text);
                let t = lexer.next_token();
                assert_eq!((t.kind, t.start, t.end), (kind, 0, text.len()), "{text:?}");
                assert_eq!(lexer.next_token().kind, Kind::Eof, "{text:?}");
            }
            for text in [
                format!("\"{body}"),
                format!("\"{body}\\"),
                format!("\"\"\"\n{body}\"\""),
            ] {
                let mut lexer = Lexer::new(&text);
                let t = lexer.next_token();
                assert_eq!((t.kind, t.end), (Kind::Error, text.len()), "{text:?}");
                assert_eq!(lexer.error.as_ref().map(|e| e.0), Some(text.len()));
                assert_eq!(lexer.next_token().kind, Kind::Eof, "{text:?}");
            }
            let comment = format!("// {body}");
            let mut lexer = Lexer::new(&comment);
            assert_eq!(lexer.next_token().end, comment.len());
        }
    }

    #[test]
    fn malformed_numbers_say_why() {
        for (text, message) in [
            ("1.", "Invalid number '1.': '.' must be followed by a digit"),
            (
                "1.0e+",
                "Invalid number '1.0e+': 'e', '+', and '-' must be followed by a digit",
            ),
            ("-", "Invalid number '-': '-' must be followed by a digit"),
        ] {
            let mut lexer = Lexer::new(text);
            assert_eq!(lexer.next_token().kind, Kind::Error, "{text}");
            assert_eq!(lexer.error.as_ref().map(|e| e.1.as_str()), Some(message));
        }
    }

    #[test]
    fn quoted_string_escapes() {
        assert_eq!(
            decode_quoted(r#""a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00""#).as_deref(),
            Ok("a\"b\\c/\u{8}\u{c}\n\r\té😀")
        );
        assert_eq!(decode_quoted("\"a\\\nb\"").as_deref(), Ok("ab"));
        assert_eq!(decode_quoted("\"a\r\nb\"").as_deref(), Ok("a\nb"));
        assert!(decode_quoted(r#""\'""#).unwrap_err().contains("`\\'`"));
        assert!(decode_quoted(r#""\u00""#).unwrap_err().contains("unclosed"));
        assert!(decode_quoted(r#""\u00tt""#).unwrap_err().contains("`t`"));
        assert!(
            decode_quoted(r#""\ud83d""#)
                .unwrap_err()
                .contains("surrogate")
        );
    }

    #[test]
    fn text_blocks_remove_incidental_whitespace() {
        let block = |s: &str| decode_text_block(s);
        assert_eq!(
            block("\"\"\"\n    Foo\n        Baz\n\n  \n    Bar\n    \"\"\"").as_deref(),
            Ok("Foo\n    Baz\n\n\nBar\n")
        );
        assert_eq!(block("\"\"\"\n    Hello\"\"\"").as_deref(), Ok("Hello"));
        assert_eq!(
            block("\"\"\"\n    Foo\n    Bar\n         \"\"\"").as_deref(),
            Ok("Foo\nBar\n")
        );
        assert_eq!(
            block("\"\"\"\n    Hi \\\n    there\"\"\"").as_deref(),
            Ok("Hi there")
        );
        assert_eq!(block("\"\"\"\n    \"\"\"").as_deref(), Ok(""));
        assert!(block("\"\"\"foo\"\"\"").unwrap_err().contains("new line"));
        assert!(block("\"\"\"\"\"\"").unwrap_err().contains("empty"));
    }
}
