//! The IDL grammar (smithy.io, "Smithy IDL ABNF"), one production per method.
//!
//! Whitespace rules follow the grammar: `SP` (spaces only) where a statement must stay on one
//! line, `WS` (spaces, newlines, commas, comments) inside brackets, and `BR` (a line break)
//! after each statement. A syntax error stops the statement it is in; the parser then skips to
//! the next line that starts a statement, so that independent errors are all reported.

use super::lexer::{Kind, Lexer, Token, decode_quoted, decode_text_block};
use super::syntax::{Apply, Body, File, MemberDef, Node, Ref, ShapeDef, Span, TraitApp, Version};

/// A syntax error: the byte offset it is at and what was expected there.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub at: usize,
    pub message: String,
    /// The shape the problem is in, when the parser knows it.
    pub shape: Option<String>,
}

type Parse<T> = Result<T, SyntaxError>;

/// What parsing one file found: the file (as much as could be parsed), every syntax error,
/// and warnings (documentation comments attached to nothing).
pub(crate) struct Parsed {
    pub file: File,
    pub errors: Vec<SyntaxError>,
    pub warnings: Vec<SyntaxError>,
}

/// Parses one file.
pub(crate) fn parse(text: &str) -> Parsed {
    let mut p = Parser::new(text);
    p.file();
    p.drop_docs();
    Parsed {
        file: p.out,
        errors: p.errors,
        warnings: p.warnings,
    }
}

struct Parser<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    tok: Token,
    /// Documentation comment lines seen since the last statement boundary.
    docs: Vec<Span>,
    errors: Vec<SyntaxError>,
    warnings: Vec<SyntaxError>,
    /// The name of the shape being parsed, for its errors.
    current: Option<String>,
    out: File,
    input_suffix: String,
    output_suffix: String,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut lexer = Lexer::new(text);
        let tok = lexer.next_token();
        let mut p = Self {
            text,
            lexer,
            tok,
            docs: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            current: None,
            out: File {
                version: Version::V1,
                metadata: Vec::new(),
                namespace: None,
                uses: Vec::new(),
                shapes: Vec::new(),
                applies: Vec::new(),
            },
            input_suffix: "Input".to_owned(),
            output_suffix: "Output".to_owned(),
        };
        p.note_doc();
        p
    }

    // ----- tokens -----

    fn note_doc(&mut self) {
        if self.tok.kind == Kind::DocComment {
            self.docs.push((self.tok.start, self.tok.end));
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.tok;
        self.tok = self.lexer.next_token();
        self.note_doc();
        t
    }

    fn lexeme(&self, t: Token) -> &'a str {
        &self.text[t.start..t.end]
    }

    fn at(&self, kind: Kind) -> bool {
        self.tok.kind == kind
    }

    fn at_word(&self, word: &str) -> bool {
        self.tok.kind == Kind::Identifier && self.lexeme(self.tok) == word
    }

    /// How the current token is named in messages: its kind and text.
    fn found(&self) -> String {
        let t = self.tok;
        match t.kind {
            Kind::Eof => "EOF".to_owned(),
            Kind::Identifier => format!("IDENTIFIER('{}')", self.lexeme(t)),
            Kind::Newline => "NEWLINE('\\n')".to_owned(),
            Kind::Comment | Kind::DocComment | Kind::String | Kind::TextBlock | Kind::Error => {
                let name = match t.kind {
                    Kind::Comment => "COMMENT",
                    Kind::DocComment => "DOC_COMMENT",
                    Kind::String => "STRING",
                    Kind::TextBlock => "TEXT_BLOCK",
                    _ => "ERROR",
                };
                format!("{name}('{}')", self.lexeme(t).escape_debug())
            }
            Kind::Number => format!("NUMBER('{}')", self.lexeme(t)),
            other => other.describe().to_owned(),
        }
    }

    fn error_here(&self, message: String) -> SyntaxError {
        // A lexer error carries its own, more precise message.
        if self.tok.kind == Kind::Error {
            if let Some((at, message)) = &self.lexer.error {
                return SyntaxError {
                    at: *at,
                    message: message.clone(),
                    shape: None,
                };
            }
        }
        SyntaxError {
            at: self.tok.start,
            message,
            shape: None,
        }
    }

    fn expected(&self, what: &str) -> SyntaxError {
        self.error_here(format!("Expected {what} but found {}", self.found()))
    }

    fn expect(&mut self, kind: Kind) -> Parse<Token> {
        if self.at(kind) {
            Ok(self.bump())
        } else {
            Err(self.expected(kind.describe()))
        }
    }

    fn skip_spaces(&mut self) {
        while self.at(Kind::Space) {
            self.bump();
        }
    }

    fn skip_ws(&mut self) {
        while self.tok.kind.is_ws() {
            self.bump();
        }
    }

    /// `SP`: at least one space, then any more.
    fn expect_spaces(&mut self) -> Parse<()> {
        self.expect(Kind::Space)?;
        self.skip_spaces();
        Ok(())
    }

    /// Required `WS` (at least one whitespace token).
    fn expect_ws(&mut self) -> Parse<()> {
        if !self.tok.kind.is_ws() {
            return Err(self.error_here(format!(
                "Expected one or more whitespace characters, but found {}",
                self.found()
            )));
        }
        self.skip_ws();
        Ok(())
    }

    /// `BR`: optional spaces (and commas), then a line break or comment (or the end of the
    /// file), then any whitespace. Documentation comments before it belong to nothing.
    fn expect_br(&mut self) -> Parse<()> {
        self.drop_docs();
        while matches!(self.tok.kind, Kind::Space | Kind::Comma) {
            self.bump();
        }
        match self.tok.kind {
            Kind::Newline | Kind::Comment | Kind::DocComment => {
                self.drop_docs();
                self.bump();
                self.skip_ws();
                Ok(())
            }
            Kind::Eof => Ok(()),
            _ => Err(self.error_here(format!("Expected a line break, but found {}", self.found()))),
        }
    }

    /// Documentation comments that end up before no shape or member: Smithy ignores them with
    /// a warning, and so do we.
    fn drop_docs(&mut self) {
        let Some(&(at, _)) = self.docs.first() else {
            return;
        };
        let lines: Vec<&str> = self
            .docs
            .iter()
            .map(|&(s, e)| self.text[s + 3..e].trim())
            .collect();
        self.warnings.push(SyntaxError {
            at,
            message: format!(
                "Found documentation comments ('///') attached to nothing. Documentation \
                 comments must appear on their own lines, directly before shapes and members, \
                 and before any traits. The invalid comments were: {}",
                lines.join("\n")
            ),
            shape: None,
        });
        self.docs.clear();
    }

    fn take_docs(&mut self) -> Option<String> {
        if self.docs.is_empty() {
            return None;
        }
        let mut out = String::new();
        for (i, &(start, end)) in self.docs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let line = &self.text[start + 3..end];
            let line = line.strip_suffix('\n').unwrap_or(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
        }
        self.docs = Vec::new();
        Some(out)
    }

    // ----- identifiers and shape ids -----

    fn identifier(&mut self) -> Parse<(String, Span)> {
        let t = self.expect(Kind::Identifier)?;
        Ok((self.lexeme(t).to_owned(), (t.start, t.end)))
    }

    /// A token that immediately follows the previous one (no whitespace in between).
    fn adjacent(&self, kind: Kind, prev_end: usize) -> bool {
        self.tok.kind == kind && self.tok.start == prev_end
    }

    /// `Namespace`: `ident(.ident)*`.
    fn namespace_id(&mut self) -> Parse<(String, Span)> {
        let first = self.expect(Kind::Identifier)?;
        let mut end = first.end;
        while self.adjacent(Kind::Dot, end) {
            self.bump();
            end = self.expect(Kind::Identifier)?.end;
        }
        Ok((self.text[first.start..end].to_owned(), (first.start, end)))
    }

    /// `ShapeId`: `[namespace#]name[$member]`, written without spaces.
    fn shape_id(&mut self) -> Parse<Ref> {
        let (_, (start, mut end)) = self.namespace_id()?;
        // A namespace without `#name` is kept as written and reported when resolved.
        if self.adjacent(Kind::Pound, end) {
            self.bump();
            end = self.expect(Kind::Identifier)?.end;
        }
        if self.adjacent(Kind::Dollar, end) {
            self.bump();
            end = self.expect(Kind::Identifier)?.end;
        }
        Ok(Ref {
            text: self.text[start..end].to_owned(),
            span: (start, end),
        })
    }

    // ----- node values -----

    fn node_value(&mut self) -> Parse<Node> {
        match self.tok.kind {
            Kind::LBracket => {
                self.bump();
                self.skip_ws();
                let mut items = Vec::new();
                while !self.at(Kind::RBracket) {
                    items.push(self.node_value()?);
                    self.skip_ws();
                }
                self.bump();
                Ok(Node::Array(items))
            }
            Kind::LBrace => {
                self.bump();
                self.skip_ws();
                let mut entries = Vec::new();
                while !self.at(Kind::RBrace) {
                    // Pairs are separated by whitespace (a comma counts).
                    if !entries.is_empty() && !self.after_ws() {
                        return Err(self.expected("one of RBRACE('}'), STRING('\"'), IDENTIFIER;"));
                    }
                    let (key, span) = self.object_key()?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(duplicate_key(span.0, &key, ""));
                    }
                    self.skip_ws();
                    self.expect(Kind::Colon)?;
                    self.skip_ws();
                    let value = self.node_value()?;
                    entries.push((key, value));
                    self.skip_ws();
                }
                self.bump();
                Ok(Node::Object(entries))
            }
            Kind::Number => {
                let t = self.bump();
                number(self.lexeme(t)).ok_or_else(|| SyntaxError {
                    at: t.start,
                    message: format!("Invalid number '{}': out of range", self.lexeme(t)),
                    shape: None,
                })
            }
            Kind::String => {
                let t = self.bump();
                decode_quoted(self.lexeme(t))
                    .map(Node::String)
                    .map_err(|message| SyntaxError { at: t.start, message, shape: None })
            }
            Kind::TextBlock => {
                let t = self.bump();
                decode_text_block(self.lexeme(t))
                    .map(Node::String)
                    .map_err(|message| SyntaxError { at: t.start, message, shape: None })
            }
            Kind::Identifier => {
                let id = self.shape_id()?;
                Ok(match id.text.as_str() {
                    "true" => Node::Bool(true),
                    "false" => Node::Bool(false),
                    "null" => Node::Null,
                    _ => Node::Id(id),
                })
            }
            _ => Err(self.expected(
                "one of STRING('\"'), TEXT_BLOCK('\"\"\"'), NUMBER, IDENTIFIER, LBRACE('{'), LBRACKET('[');",
            )),
        }
    }

    /// Whether whitespace (or a comment) separates the current token from what came before.
    fn after_ws(&self) -> bool {
        matches!(
            self.text.as_bytes().get(self.tok.start.wrapping_sub(1)),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b',')
        )
    }

    fn object_key(&mut self) -> Parse<(String, Span)> {
        match self.tok.kind {
            Kind::Identifier => self.identifier(),
            Kind::String => {
                let t = self.bump();
                let key = decode_quoted(self.lexeme(t)).map_err(|message| SyntaxError {
                    at: t.start,
                    message,
                    shape: None,
                })?;
                Ok((key, (t.start, t.end)))
            }
            _ => Err(self.expected("one of RBRACE('}'), STRING('\"'), IDENTIFIER;")),
        }
    }

    // ----- the file -----

    fn file(&mut self) {
        self.skip_ws();
        if let Err(e) = self.control_section() {
            self.errors.push(e);
            return;
        }
        while self.at_word("metadata") {
            if let Err(e) = self.metadata_statement() {
                self.errors.push(e);
                self.recover();
            }
        }
        if self.at(Kind::Eof) {
            return;
        }
        if !self.at_word("namespace") {
            let e = self.error_here(format!(
                "Expected a namespace definition but found {}",
                self.found()
            ));
            self.errors.push(e);
            return;
        }
        if let Err(e) = self.namespace_statement() {
            self.errors.push(e);
            return;
        }
        while self.at_word("use") {
            if let Err(e) = self.use_statement() {
                self.errors.push(e);
                self.recover();
            }
        }
        while !self.at(Kind::Eof) {
            self.current = None;
            if let Err(mut e) = self.shape_or_apply() {
                // An error inside a shape's definition names the shape.
                if e.shape.is_none() {
                    e.shape = self.current.take().map(|name| self.qualified(&name));
                }
                self.errors.push(e);
                self.recover();
            }
        }
    }

    /// Skips to the next line that starts with something a statement can start with.
    fn recover(&mut self) {
        loop {
            match self.tok.kind {
                Kind::Eof => return,
                Kind::Newline => {
                    self.bump();
                    if matches!(self.tok.kind, Kind::At | Kind::DocComment)
                        || (self.at(Kind::Identifier) && self.starts_statement())
                    {
                        self.docs = Vec::new();
                        return;
                    }
                }
                _ => {
                    self.bump();
                }
            }
        }
    }

    fn starts_statement(&self) -> bool {
        let word = self.lexeme(self.tok);
        crate::model::SIMPLE_TYPES.contains(&word)
            || matches!(
                word,
                "enum"
                    | "intEnum"
                    | "list"
                    | "set"
                    | "map"
                    | "structure"
                    | "union"
                    | "service"
                    | "resource"
                    | "operation"
                    | "apply"
                    | "use"
                    | "metadata"
            )
    }

    fn control_section(&mut self) -> Parse<()> {
        let mut seen: Vec<String> = Vec::new();
        while self.at(Kind::Dollar) {
            let dollar = self.bump();
            let (key, _) = match self.tok.kind {
                Kind::Identifier | Kind::String if self.tok.start == dollar.end => {
                    self.object_key()?
                }
                _ => return Err(self.expected("IDENTIFIER")),
            };
            self.skip_spaces();
            self.expect(Kind::Colon)?;
            self.skip_spaces();
            let value_at = self.tok.start;
            if seen.contains(&key) {
                return Err(SyntaxError {
                    at: value_at,
                    message: format!("Duplicate control statement `{key}`"),
                    shape: None,
                });
            }
            seen.push(key.clone());
            let value = self.node_value()?;
            let value_end = self.tok.start;
            match key.as_str() {
                "version" => {
                    let Node::String(v) = &value else {
                        return Err(SyntaxError {
                            at: value_at,
                            message: format!(
                                "The $version control statement must have a string value, but found {}",
                                node_text(&value)
                            ),
                            shape: None,
                        });
                    };
                    self.out.version = match v.as_str() {
                        "1" | "1.0" => Version::V1,
                        "2" | "2.0" => Version::V2,
                        other => {
                            return Err(SyntaxError {
                                at: value_end,
                                message: format!("Unsupported Smithy version number: {other}"),
                                shape: None,
                            });
                        }
                    };
                }
                "operationInputSuffix" | "operationOutputSuffix" => {
                    let Node::String(v) = value else {
                        return Err(SyntaxError {
                            at: value_at,
                            message: format!(
                                "The ${key} control statement must have a string value"
                            ),
                            shape: None,
                        });
                    };
                    if key == "operationInputSuffix" {
                        self.input_suffix = v;
                    } else {
                        self.output_suffix = v;
                    }
                }
                // Unknown control statements are ignored, as the spec asks.
                _ => {}
            }
            self.expect_br()?;
        }
        Ok(())
    }

    fn metadata_statement(&mut self) -> Parse<()> {
        self.bump();
        self.expect_spaces()?;
        let (key, span) = self.object_key()?;
        self.skip_spaces();
        self.expect(Kind::Equal)?;
        self.skip_spaces();
        let value = self.node_value()?;
        self.out.metadata.push((key, value, span));
        self.expect_br()
    }

    fn namespace_statement(&mut self) -> Parse<()> {
        self.bump();
        self.expect_spaces()?;
        let (ns, _) = self.namespace_id()?;
        self.out.namespace = Some(ns);
        self.expect_br()
    }

    fn use_statement(&mut self) -> Parse<()> {
        self.bump();
        self.expect_spaces()?;
        let (_, (start, end)) = self.namespace_id()?;
        if !self.adjacent(Kind::Pound, end) {
            return Err(self.expected(Kind::Pound.describe()));
        }
        self.bump();
        let mut end = self.expect(Kind::Identifier)?.end;
        if self.adjacent(Kind::Dollar, end) {
            self.bump();
            end = self.expect(Kind::Identifier)?.end;
            return Err(SyntaxError {
                at: start,
                message: format!(
                    "Use statements cannot use members: `{}`",
                    &self.text[start..end]
                ),
                shape: None,
            });
        }
        self.out.uses.push(Ref {
            text: self.text[start..end].to_owned(),
            span: (start, end),
        });
        self.expect_br()
    }

    fn trait_statements(&mut self) -> Parse<Vec<TraitApp>> {
        let mut traits = Vec::new();
        while self.at(Kind::At) {
            traits.push(self.trait_app()?);
            self.skip_ws();
        }
        Ok(traits)
    }

    fn trait_app(&mut self) -> Parse<TraitApp> {
        let at = self.bump();
        if self.tok.start != at.end || !self.at(Kind::Identifier) {
            return Err(self.expected("IDENTIFIER"));
        }
        let name = self.shape_id()?;
        if !self.adjacent(Kind::LParen, name.span.1) {
            return Ok(TraitApp { name, value: None });
        }
        self.bump();
        self.skip_ws();
        if self.at(Kind::RParen) {
            self.bump();
            return Ok(TraitApp { name, value: None });
        }
        // `(key: value ...)` is a structure; anything else is a single node value.
        let value = if self.is_trait_structure() {
            let mut entries = Vec::new();
            while !self.at(Kind::RParen) {
                let (key, span) = self.object_key()?;
                if entries.iter().any(|(k, _)| *k == key) {
                    return Err(duplicate_key(span.0, &key, " of trait"));
                }
                self.skip_ws();
                self.expect(Kind::Colon)?;
                self.skip_ws();
                entries.push((key, self.node_value()?));
                self.skip_ws();
                if self.at(Kind::Eof) {
                    return Err(self.expected(Kind::RParen.describe()));
                }
            }
            Node::Object(entries)
        } else {
            let v = self.node_value()?;
            self.skip_ws();
            v
        };
        self.expect(Kind::RParen)?;
        Ok(TraitApp {
            name,
            value: Some(value),
        })
    }

    /// Looks past a key (identifier or string) and whitespace for a `:`, without consuming.
    fn is_trait_structure(&self) -> bool {
        if !matches!(self.tok.kind, Kind::Identifier | Kind::String) {
            return false;
        }
        let mut probe = Lexer::new(self.text);
        probe.seek(self.tok.end);
        loop {
            let t = probe.next_token();
            match t.kind {
                k if k.is_ws() => continue,
                // A key followed by more id characters is a shape id value (`a.b#C`), not a key.
                Kind::Colon => return true,
                _ => return false,
            }
        }
    }

    fn shape_or_apply(&mut self) -> Parse<()> {
        // An `apply` statement takes no documentation comment.
        if self.at_word("apply") {
            self.drop_docs();
        }
        let docs = self.take_docs();
        let traits = self.trait_statements()?;
        self.drop_docs();
        if !self.at(Kind::Identifier) {
            return Err(self.expected("IDENTIFIER"));
        }
        let keyword = self.lexeme(self.tok);
        if keyword == "apply" {
            if !traits.is_empty() {
                return Err(SyntaxError {
                    at: self.tok.start,
                    message: "Traits applied to apply statement".to_owned(),
                    shape: None,
                });
            }
            return self.apply_statement();
        }
        let Some(kind) = crate::model::shape_type(keyword) else {
            return Err(self.error_here(format!("Unknown shape type: {keyword}")));
        };
        self.bump();
        self.expect_spaces()?;
        let (name, span) = self.identifier()?;
        self.current = Some(name.clone());
        let mut shape = ShapeDef {
            kind,
            name,
            span,
            docs,
            traits,
            for_resource: None,
            mixins: Vec::new(),
            body: Body::None,
        };
        match kind {
            "enum" | "intEnum" => {
                self.mixins(&mut shape)?;
                self.skip_ws();
                shape.body = Body::Members(self.members(&shape.name, true)?);
            }
            "list" | "set" | "map" | "structure" | "union" => {
                self.for_resource(&mut shape)?;
                self.mixins(&mut shape)?;
                self.skip_ws();
                shape.body = Body::Members(self.members(&shape.name, false)?);
            }
            "service" | "resource" => {
                self.mixins(&mut shape)?;
                self.skip_ws();
                shape.body = Body::Entity(self.entity_body()?);
            }
            "operation" => {
                self.mixins(&mut shape)?;
                self.skip_ws();
                self.operation_body(&mut shape)?;
            }
            // The simple types.
            _ => self.mixins(&mut shape)?,
        }
        self.out.shapes.push(shape);
        self.expect_br()
    }

    fn for_resource(&mut self, shape: &mut ShapeDef) -> Parse<()> {
        self.skip_spaces();
        if self.at_word("for") {
            if self.out.version == Version::V1 {
                return Err(self.error_here(
                    "Structures can only be bound to resources with Smithy version 2 or later. \
                     Attempted to bind a structure to a resource with version `1.0`."
                        .to_owned(),
                ));
            }
            self.bump();
            self.expect_spaces()?;
            shape.for_resource = Some(self.shape_id()?);
        }
        Ok(())
    }

    fn mixins(&mut self, shape: &mut ShapeDef) -> Parse<()> {
        self.skip_spaces();
        if !self.at_word("with") {
            return Ok(());
        }
        if self.out.version == Version::V1 {
            return Err(self.error_here(
                "Mixins can only be used with Smithy version 2 or later. \
                 Attempted to use mixins with version `1.0`."
                    .to_owned(),
            ));
        }
        self.bump();
        self.skip_ws();
        self.expect(Kind::LBracket)?;
        self.skip_ws();
        loop {
            shape.mixins.push(self.shape_id()?);
            self.skip_ws();
            if self.at(Kind::RBracket) {
                self.bump();
                return Ok(());
            }
        }
    }

    /// `{ members }` of an aggregate shape, or of an enum (`enum_like`: no targets).
    fn members(&mut self, owner: &str, enum_like: bool) -> Parse<Vec<MemberDef>> {
        self.drop_docs();
        self.expect(Kind::LBrace)?;
        self.skip_ws();
        let mut members: Vec<MemberDef> = Vec::new();
        while !self.at(Kind::RBrace) {
            let docs = self.take_docs();
            let traits = self.trait_statements()?;
            self.drop_docs();
            let start = self.tok.start;
            let (name, span, target) = if enum_like {
                let (name, span) = self.identifier()?;
                (name, span, None)
            } else if self.at(Kind::Dollar) {
                let dollar = self.bump();
                if self.out.version == Version::V1 {
                    return Err(SyntaxError {
                        at: dollar.start,
                        message: "Members can only elide targets in IDL version 2 or later"
                            .to_owned(),
                        shape: None,
                    });
                }
                if self.tok.start != dollar.end {
                    return Err(self.expected("IDENTIFIER"));
                }
                let (name, span) = self.identifier()?;
                (name, span, None)
            } else {
                let (name, span) = self.identifier()?;
                self.skip_spaces();
                self.expect(Kind::Colon)?;
                self.skip_spaces();
                let target = self.shape_id()?;
                (name, span, Some(target))
            };
            if members.iter().any(|m| m.name == name) {
                let owner = self.qualified(owner);
                return Err(SyntaxError {
                    at: start,
                    message: format!("Duplicate member of `{owner}`: `{name}`"),
                    shape: Some(owner),
                });
            }
            self.skip_spaces();
            let value = if self.at(Kind::Equal) {
                let eq = self.bump();
                if self.out.version == Version::V1 && !enum_like {
                    return Err(SyntaxError {
                        at: eq.start,
                        message: "@default assignment is only supported in IDL version 2 or later"
                            .to_owned(),
                        shape: None,
                    });
                }
                self.skip_spaces();
                let at = self.tok.start;
                let v = self.node_value()?;
                let end = self.tok.start;
                self.expect_br()?;
                Some((v, (at, end)))
            } else {
                None
            };
            members.push(MemberDef {
                name,
                span,
                docs,
                traits,
                target,
                value,
            });
            self.skip_ws();
        }
        self.drop_docs();
        self.bump();
        Ok(members)
    }

    /// A service's or resource's properties: a node object whose keys keep their spans.
    fn entity_body(&mut self) -> Parse<Vec<(String, Node, Span)>> {
        self.expect(Kind::LBrace)?;
        self.skip_ws();
        let mut props = Vec::new();
        while !self.at(Kind::RBrace) {
            let (key, span) = self.object_key()?;
            if props.iter().any(|(k, _, _)| *k == key) {
                return Err(duplicate_key(span.0, &key, ""));
            }
            self.skip_ws();
            self.expect(Kind::Colon)?;
            self.skip_ws();
            props.push((key, self.node_value()?, span));
            self.skip_ws();
        }
        self.bump();
        Ok(props)
    }

    fn operation_body(&mut self, shape: &mut ShapeDef) -> Parse<()> {
        self.expect(Kind::LBrace)?;
        self.skip_ws();
        let (mut input, mut output, mut errors) = (None, None, None);
        while !self.at(Kind::RBrace) {
            let (prop, span) = self.identifier()?;
            let duplicate = match prop.as_str() {
                "input" => input.is_some(),
                "output" => output.is_some(),
                "errors" => errors.is_some(),
                _ => {
                    return Err(SyntaxError {
                        at: span.0,
                        message: format!(
                            "Unknown property {prop} for {}",
                            self.qualified(&shape.name)
                        ),
                        shape: Some(self.qualified(&shape.name)),
                    });
                }
            };
            if duplicate {
                return Err(SyntaxError {
                    at: span.0,
                    message: format!(
                        "Duplicate operation {prop} property for `{}`",
                        self.qualified(&shape.name)
                    ),
                    shape: Some(self.qualified(&shape.name)),
                });
            }
            self.skip_ws();
            if prop == "errors" {
                self.expect(Kind::Colon)?;
                self.skip_ws();
                self.expect(Kind::LBracket)?;
                self.skip_ws();
                let mut list = Vec::new();
                while !self.at(Kind::RBracket) {
                    list.push(self.shape_id()?);
                    self.skip_ws();
                }
                self.bump();
                errors = Some(list);
            } else if self.at(Kind::Walrus) {
                let walrus = self.bump();
                if self.out.version == Version::V1 {
                    return Err(SyntaxError {
                        at: walrus.start,
                        message: "Inlined operation inputs and outputs can only be used with \
                                  Smithy version 2 or later. Attempted to use inlined IO with \
                                  version `1.0`."
                            .to_owned(),
                        shape: None,
                    });
                }
                self.drop_docs();
                self.skip_ws();
                let suffix = if prop == "input" {
                    &self.input_suffix
                } else {
                    &self.output_suffix
                };
                let name = format!("{}{suffix}", shape.name);
                let marker = Ref {
                    text: format!("smithy.api#{prop}"),
                    span: (walrus.start, walrus.end),
                };
                let id = self.inline_structure(name, marker)?;
                if prop == "input" {
                    input = Some(id);
                } else {
                    output = Some(id);
                }
            } else {
                self.expect(Kind::Colon)?;
                self.skip_ws();
                let id = self.shape_id()?;
                if prop == "input" {
                    input = Some(id);
                } else {
                    output = Some(id);
                }
            }
            self.skip_ws();
        }
        self.bump();
        shape.body = Body::Operation {
            input,
            output,
            errors,
        };
        Ok(())
    }

    /// `:= [traits] [for R] [with [...]] { members }`: a structure named after the operation.
    fn inline_structure(&mut self, name: String, marker: Ref) -> Parse<Ref> {
        let docs = self.take_docs();
        let mut traits = self.trait_statements()?;
        traits.push(TraitApp {
            name: marker.clone(),
            value: None,
        });
        let mut shape = ShapeDef {
            kind: "structure",
            name: name.clone(),
            span: marker.span,
            docs,
            traits,
            for_resource: None,
            mixins: Vec::new(),
            body: Body::None,
        };
        self.for_resource(&mut shape)?;
        self.mixins(&mut shape)?;
        self.skip_ws();
        shape.body = Body::Members(self.members(&shape.name, false)?);
        self.out.shapes.push(shape);
        Ok(Ref {
            text: name,
            span: marker.span,
        })
    }

    fn apply_statement(&mut self) -> Parse<()> {
        self.bump();
        self.expect_spaces()?;
        let target = self.shape_id()?;
        self.expect_ws()?;
        let traits = match self.tok.kind {
            Kind::At => vec![self.trait_app()?],
            Kind::LBrace => {
                self.bump();
                self.skip_ws();
                let traits = self.trait_statements()?;
                self.expect(Kind::RBrace)?;
                traits
            }
            _ => return Err(self.expected("one of AT('@'), LBRACE('{');")),
        };
        self.out.applies.push(Apply { target, traits });
        self.expect_br()
    }

    fn qualified(&self, name: &str) -> String {
        match &self.out.namespace {
            Some(ns) => format!("{ns}#{name}"),
            None => name.to_owned(),
        }
    }
}

fn duplicate_key(at: usize, key: &str, of: &str) -> SyntaxError {
    SyntaxError {
        at,
        message: format!("Duplicate member{of}: '{key}'"),
        shape: None,
    }
}

/// A number token's value, as the JSON AST would hold it.
fn number(text: &str) -> Option<Node> {
    let plain = !text.contains(['.', 'e', 'E']);
    if plain {
        if let Ok(i) = text.parse::<i64>() {
            return Some(Node::Number(i.into()));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Some(Node::Number(u.into()));
        }
    }
    // The number's own text (serde_json's `arbitrary_precision`): a `bigDecimal` value may have
    // more digits than an f64 holds. IDL numbers are JSON numbers.
    serde_json::from_str::<serde_json::Number>(text)
        .ok()
        .filter(|n| n.as_f64().is_some_and(f64::is_finite))
        .map(Node::Number)
}

/// A short rendering of a node value for messages.
pub(crate) fn node_text(node: &Node) -> String {
    match node {
        Node::Number(n) => n.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".to_owned(),
        Node::String(s) => format!("{s:?}"),
        Node::Id(r) => r.text.clone(),
        Node::Array(_) => "an array".to_owned(),
        Node::Object(_) => "an object".to_owned(),
    }
}
