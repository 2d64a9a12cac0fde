//! The selector grammar: text to [`Ast`].
//!
//! A hand-written recursive descent parser over bytes. Everything the grammar gives meaning to
//! is ASCII, so slicing the text at the positions of ASCII bytes is always on a character
//! boundary, and quoted text (which may hold any character) is sliced between its quotes.

use super::SelectorError;

/// Nesting deeper than this (functions and variables inside one another) is refused, so that
/// neither parsing nor evaluation can exhaust the stack.
const MAX_DEPTH: usize = 32;

/// A selector with more expressions than this is refused: evaluation recurses once per
/// expression of a chain, so this bounds its stack too. Real selectors have a few dozen.
const MAX_EXPRESSIONS: usize = 256;

/// A parsed selector.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ast {
    pub top: Seq,
    /// The bodies of the `:root(...)` functions, by [`Expr::Root`] index.
    pub roots: Vec<Seq>,
    /// Variable names, by slot.
    pub vars: Vec<String>,
}

/// Expressions evaluated left to right, each receiving what the previous one yields.
pub(super) type Seq = Vec<Expr>;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// A shape type test: the kinds it accepts, as [`super::eval::kind`] bits.
    Types(u32),
    Attr(Attr),
    Scoped(Scoped),
    /// `>` (`None`) or `-[rels]->`.
    Forward(Option<u32>),
    /// `<` (`None`) or `<-[rels]-`.
    Reverse(Option<u32>),
    /// `~>`.
    Closure,
    Is(Vec<Seq>),
    Test(Vec<Seq>),
    Not(Seq),
    In(Seq),
    Root(usize),
    TopDown(Seq, Option<Seq>),
    Recursive(Seq),
    SetVar(usize, Seq),
    GetVar(usize),
    /// An unknown function: the spec says to accept it and yield nothing.
    Nothing,
}

/// `[path]` or `[path op values]`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Attr {
    pub path: Vec<Seg>,
    pub comparison: Option<Comparison>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Comparison {
    pub op: Op,
    pub values: Vec<String>,
    pub case_insensitive: bool,
}

/// `[@path: assertion && ...]`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scoped {
    pub path: Vec<Seg>,
    pub assertions: Vec<Assertion>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Assertion {
    pub lhs: Operand,
    pub op: Op,
    pub rhs: Vec<Operand>,
    pub case_insensitive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    Literal(String),
    /// `@{path}`, relative to the scope.
    Context(Vec<Seg>),
}

/// One `|`-separated step of an attribute path.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Seg {
    Keys,
    Values,
    Length,
    First,
    /// `(name)` with a name the spec does not define: it selects nothing.
    Function,
    Name {
        text: String,
        /// The text as an absolute trait id (relative ids are in `smithy.api`), computed once
        /// so that trait look-ups do not allocate.
        trait_id: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Eq,
    Ne,
    StartsWith,
    EndsWith,
    Contains,
    Exists,
    Gt,
    Ge,
    Lt,
    Le,
    SetEq,
    SetNe,
    Subset,
    ProperSubset,
}

/// Relationship names as [`super::eval::rel`] bits; unknown names are accepted (as the spec
/// allows) and match no relationship.
fn relationship(name: &str) -> u32 {
    use super::eval::rel::*;
    match name {
        "member" => MEMBER,
        "input" => INPUT,
        "output" => OUTPUT,
        "error" => ERROR,
        "operation" => OPERATION,
        "resource" => RESOURCE,
        "collectionOperation" => COLLECTION_OPERATION,
        "instanceOperation" => INSTANCE_OPERATION,
        "bound" => BOUND,
        "create" => CREATE,
        "read" => READ,
        "update" => UPDATE,
        "delete" => DELETE,
        "list" => LIST,
        "put" => PUT,
        "identifier" => IDENTIFIER,
        "property" => PROPERTY,
        "trait" => TRAIT,
        _ => 0,
    }
}

/// The kinds a shape type name matches, Smithy's way: `string` includes `enum`, `integer`
/// includes `intEnum`, `number` every numeric type and `intEnum`, `simpleType` the enums too.
fn shape_types(name: &str) -> Option<u32> {
    use super::eval::kind::*;
    Some(match name {
        "blob" => BLOB,
        "boolean" => BOOLEAN,
        "string" => STRING | ENUM,
        "byte" => BYTE,
        "short" => SHORT,
        "integer" => INTEGER | INT_ENUM,
        "long" => LONG,
        "float" => FLOAT,
        "double" => DOUBLE,
        "bigInteger" => BIG_INTEGER,
        "bigDecimal" => BIG_DECIMAL,
        "timestamp" => TIMESTAMP,
        "document" => DOCUMENT,
        "enum" => ENUM,
        "intEnum" => INT_ENUM,
        // Sets are lists since Smithy 2.0; the loader reads `set` shapes as lists.
        "list" | "set" | "collection" => LIST,
        "map" => MAP,
        "structure" => STRUCTURE,
        "union" => UNION,
        "member" => MEMBER,
        "service" => SERVICE,
        "operation" => OPERATION,
        "resource" => RESOURCE,
        "number" => NUMBER,
        "simpleType" => SIMPLE,
        "aggregateType" => AGGREGATE,
        "serviceType" => SERVICE | OPERATION | RESOURCE,
        "dataType" => SIMPLE | AGGREGATE,
        _ => return None,
    })
}

/// Parses a whole selector.
pub(super) fn parse(text: &str) -> Result<Ast> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        expressions: 0,
        roots: Vec::new(),
        vars: Vec::new(),
    };
    let top = p.selector()?;
    p.ws();
    if p.pos < p.bytes.len() {
        return Err(p.unexpected());
    }
    Ok(Ast {
        top,
        roots: p.roots,
        vars: p.vars,
    })
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
    expressions: usize,
    roots: Vec<Seq>,
    vars: Vec<String>,
}

type Result<T> = std::result::Result<T, SelectorError>;

impl<'t> Parser<'t> {
    fn error_at(&self, pos: usize, message: impl Into<String>) -> SelectorError {
        SelectorError::new(self.text, pos, message.into())
    }

    fn error(&self, message: impl Into<String>) -> SelectorError {
        self.error_at(self.pos, message)
    }

    /// An error naming the character at the current position (or the end).
    fn unexpected(&self) -> SelectorError {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(c) => self.error(format!("unexpected character `{c}`")),
            None => self.error("unexpected end of selector"),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(
                match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
                    Some(c) => self.error(format!("expected `{}`, found `{c}`", b as char)),
                    None => self.error(format!("expected `{}`, found the end", b as char)),
                },
            )
        }
    }

    /// Consumes `close` (true) or `sep` (false).
    fn close_or(&mut self, close: u8, sep: u8) -> Result<bool> {
        if self.eat(close) {
            return Ok(true);
        }
        if self.eat(sep) {
            return Ok(false);
        }
        let (sep, close) = (sep as char, close as char);
        Err(
            match self.text.get(self.pos..).and_then(|r| r.chars().next()) {
                Some(c) => self.error(format!("expected `{sep}` or `{close}`, found `{c}`")),
                None => self.error(format!("expected `{sep}` or `{close}`, found the end")),
            },
        )
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    /// `Selector`: one or more expressions, up to `,`, `]`, `)` or the end.
    fn selector(&mut self) -> Result<Seq> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("selector nests deeper than {MAX_DEPTH} levels")));
        }
        let mut seq = Vec::new();
        loop {
            self.ws();
            if let Some(e) = self.expression()? {
                seq.push(e);
            }
            self.ws();
            if matches!(self.peek(), None | Some(b',' | b']' | b')')) {
                break;
            }
        }
        self.depth -= 1;
        Ok(seq)
    }

    /// One expression; `None` for `*`, which passes every shape on unchanged.
    fn expression(&mut self) -> Result<Option<Expr>> {
        self.expressions += 1;
        if self.expressions > MAX_EXPRESSIONS {
            return Err(self.error(format!(
                "selector has more than {MAX_EXPRESSIONS} expressions"
            )));
        }
        let Some(b) = self.peek() else {
            return Err(self.unexpected());
        };
        let e = match b {
            b'*' => {
                self.pos += 1;
                return Ok(None);
            }
            b':' => {
                self.pos += 1;
                self.function()?
            }
            b'[' => {
                self.pos += 1;
                if self.eat(b'@') {
                    Expr::Scoped(self.scoped()?)
                } else {
                    Expr::Attr(self.attr()?)
                }
            }
            b'>' => {
                self.pos += 1;
                Expr::Forward(None)
            }
            b'<' if self.peek_at(1) == Some(b'-') => {
                self.pos += 2;
                self.expect(b'[')?;
                let rels = self.relationships()?;
                self.expect(b'-')?;
                Expr::Reverse(Some(rels))
            }
            b'<' => {
                self.pos += 1;
                Expr::Reverse(None)
            }
            b'~' => {
                self.pos += 1;
                self.expect(b'>')?;
                Expr::Closure
            }
            b'-' => {
                self.pos += 1;
                self.expect(b'[')?;
                let rels = self.relationships()?;
                self.expect(b'-')?;
                self.expect(b'>')?;
                Expr::Forward(Some(rels))
            }
            b'$' => {
                self.pos += 1;
                self.variable()?
            }
            _ if is_ident_start(b) => {
                let start = self.pos;
                let name = self.identifier()?;
                match shape_types(name) {
                    Some(kinds) => Expr::Types(kinds),
                    None => {
                        return Err(self.error_at(start, format!("unknown shape type `{name}`")));
                    }
                }
            }
            _ => return Err(self.unexpected()),
        };
        Ok(Some(e))
    }

    /// `identifier`: `_`* then a letter (or, after underscores, a digit), then letters,
    /// digits and underscores.
    fn identifier(&mut self) -> Result<&'t str> {
        let start = self.pos;
        while self.peek() == Some(b'_') {
            self.pos += 1;
        }
        let first_ok = match self.peek() {
            Some(b) if b.is_ascii_alphabetic() => true,
            Some(b) if b.is_ascii_digit() => self.pos > start,
            _ => false,
        };
        if !first_ok {
            self.pos = start;
            return Err(
                match self.text.get(start..).and_then(|r| r.chars().next()) {
                    Some(c) => self.error(format!("expected an identifier, found `{c}`")),
                    None => self.error("expected an identifier, found the end"),
                },
            );
        }
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            self.pos += 1;
        }
        Ok(&self.text[start..self.pos])
    }

    /// The names of `-[a, b]->` or `<-[a, b]-`, after the `[`, through the `]`.
    fn relationships(&mut self) -> Result<u32> {
        let mut rels = 0;
        loop {
            self.ws();
            rels |= relationship(self.identifier()?);
            self.ws();
            if self.close_or(b']', b',')? {
                return Ok(rels);
            }
        }
    }

    /// After `:`: a function and its arguments.
    fn function(&mut self) -> Result<Expr> {
        let start = self.pos;
        let name = self.identifier()?.to_owned();
        let mut args = self.function_args()?;
        let single = |args: &mut Vec<Seq>, p: &Self| match args.len() {
            1 => Ok(args.pop().unwrap_or_default()),
            n => Err(p.error_at(
                start,
                format!(":{name} takes exactly one selector, found {n}"),
            )),
        };
        Ok(match name.as_str() {
            "is" | "each" => Expr::Is(args),
            "test" => Expr::Test(args),
            "not" => Expr::Not(single(&mut args, self)?),
            "in" => Expr::In(single(&mut args, self)?),
            "recursive" => Expr::Recursive(single(&mut args, self)?),
            "root" => {
                let body = single(&mut args, self)?;
                self.roots.push(body);
                Expr::Root(self.roots.len() - 1)
            }
            "topdown" => {
                if args.len() > 2 {
                    return Err(self.error_at(
                        start,
                        format!(":topdown takes one or two selectors, found {}", args.len()),
                    ));
                }
                let mut args = args.into_iter();
                let qualifier = args.next().unwrap_or_default();
                Expr::TopDown(qualifier, args.next())
            }
            _ => Expr::Nothing,
        })
    }

    /// `( Selector *( "," Selector ) )`.
    fn function_args(&mut self) -> Result<Vec<Seq>> {
        self.ws();
        self.expect(b'(')?;
        let mut args = Vec::new();
        loop {
            args.push(self.selector()?);
            self.ws();
            if self.close_or(b')', b',')? {
                return Ok(args);
            }
        }
    }

    /// After `$`: `{name}` gets a variable, `name(selector)` sets one.
    fn variable(&mut self) -> Result<Expr> {
        self.ws();
        if self.eat(b'{') {
            self.ws();
            let slot = self.var_slot()?;
            self.ws();
            self.expect(b'}')?;
            return Ok(Expr::GetVar(slot));
        }
        let slot = self.var_slot()?;
        self.ws();
        self.expect(b'(')?;
        let body = self.selector()?;
        self.ws();
        self.expect(b')')?;
        Ok(Expr::SetVar(slot, body))
    }

    fn var_slot(&mut self) -> Result<usize> {
        let name = self.identifier()?;
        Ok(match self.vars.iter().position(|v| v == name) {
            Some(slot) => slot,
            None => {
                self.vars.push(name.to_owned());
                self.vars.len() - 1
            }
        })
    }

    /// After `[`: `key|path` and an optional comparison, through the `]`.
    fn attr(&mut self) -> Result<Attr> {
        self.ws();
        let start = self.pos;
        let path = self.attr_key()?;
        check_key(&path).map_err(|m| self.error_at(start, m))?;
        self.ws();
        if self.eat(b']') {
            return Ok(Attr {
                path,
                comparison: None,
            });
        }
        let op = self.comparator()?;
        let mut values = vec![self.value()?];
        self.ws();
        while self.eat(b',') {
            values.push(self.value()?);
            self.ws();
        }
        let case_insensitive = self.case_flag();
        self.expect(b']')?;
        Ok(Attr {
            path,
            comparison: Some(Comparison {
                op,
                values,
                case_insensitive,
            }),
        })
    }

    /// A trailing ` i` (case-insensitive comparison) and the space after it.
    fn case_flag(&mut self) -> bool {
        self.ws();
        let flag = self.peek() == Some(b'i')
            && !matches!(self.peek_at(1), Some(b) if b.is_ascii_alphanumeric() || b == b'_');
        if flag {
            self.pos += 1;
            self.ws();
        }
        flag
    }

    /// `identifier *( "|" segment )`: the key of an attribute.
    fn attr_key(&mut self) -> Result<Vec<Seg>> {
        let first = self.identifier()?.to_owned();
        let mut path = vec![name_seg(first)];
        self.path_rest(&mut path)?;
        Ok(path)
    }

    /// Any `| segment` steps that follow.
    fn path_rest(&mut self, path: &mut Vec<Seg>) -> Result<()> {
        loop {
            self.ws();
            if !self.eat(b'|') {
                return Ok(());
            }
            path.push(self.segment()?);
        }
    }

    /// A path segment: `(name)` or a value.
    fn segment(&mut self) -> Result<Seg> {
        self.ws();
        if !self.eat(b'(') {
            return Ok(name_seg(self.value()?));
        }
        self.ws();
        let seg = match self.identifier()? {
            "keys" => Seg::Keys,
            "values" => Seg::Values,
            "length" => Seg::Length,
            "first" => Seg::First,
            _ => Seg::Function,
        };
        self.ws();
        self.expect(b')')?;
        Ok(seg)
    }

    /// A comparator, and the space after it.
    fn comparator(&mut self) -> Result<Op> {
        let start = self.pos;
        let two = |p: &mut Self, op| {
            p.pos += 1;
            p.expect(b'=').map(|()| op)
        };
        let op = match self.peek() {
            Some(b'=') => {
                self.pos += 1;
                Op::Eq
            }
            Some(b'!') => two(self, Op::Ne)?,
            Some(b'^') => two(self, Op::StartsWith)?,
            Some(b'$') => two(self, Op::EndsWith)?,
            Some(b'*') => two(self, Op::Contains)?,
            Some(b'?') => two(self, Op::Exists)?,
            Some(b'>') => {
                self.pos += 1;
                if self.eat(b'=') { Op::Ge } else { Op::Gt }
            }
            Some(b'<') => {
                self.pos += 1;
                if self.eat(b'=') { Op::Le } else { Op::Lt }
            }
            Some(b'{') => {
                self.pos += 1;
                let rest = &self.bytes[self.pos..];
                let (op, len) = if rest.starts_with(b"=}") {
                    (Op::SetEq, 2)
                } else if rest.starts_with(b"!=}") {
                    (Op::SetNe, 3)
                } else if rest.starts_with(b"<<}") {
                    (Op::ProperSubset, 3)
                } else if rest.starts_with(b"<}") {
                    (Op::Subset, 2)
                } else {
                    return Err(self.error_at(
                        start,
                        "expected a projection comparator: `{=}`, `{!=}`, `{<}` or `{<<}`",
                    ));
                };
                self.pos += len;
                op
            }
            _ => {
                return Err(
                    match self.text.get(start..).and_then(|r| r.chars().next()) {
                        Some(c) => self.error(format!("expected a comparator or `]`, found `{c}`")),
                        None => self.error("expected a comparator or `]`, found the end"),
                    },
                );
            }
        };
        self.ws();
        Ok(op)
    }

    /// `SelectorValue`: quoted text, a number, or a (root) shape id; and the space after it.
    fn value(&mut self) -> Result<String> {
        self.ws();
        let value = match self.peek() {
            Some(q @ (b'\'' | b'"')) => self.quoted(q)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            _ => self.shape_id()?,
        };
        self.ws();
        Ok(value)
    }

    fn quoted(&mut self, quote: u8) -> Result<String> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        match self.bytes[start..].iter().position(|&b| b == quote) {
            Some(len) => {
                self.pos = start + len + 1;
                Ok(self.text[start..start + len].to_owned())
            }
            None => Err(self.error_at(open, format!("unclosed `{}`", quote as char))),
        }
    }

    /// `-? digits (. digits)? ([eE] [+-]? digits)?`
    fn number(&mut self) -> Result<String> {
        let start = self.pos;
        self.eat(b'-');
        if self.digits() == 0 {
            return Err(self.error("expected a digit"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("expected a digit after `.`"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(self.text[start..self.pos].to_owned())
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `namespace ["#" identifier]`, where the namespace is dotted identifiers.
    fn shape_id(&mut self) -> Result<String> {
        let start = self.pos;
        self.identifier()?;
        while self.peek() == Some(b'.') {
            self.pos += 1;
            self.identifier()?;
        }
        if self.eat(b'#') {
            self.identifier()?;
        }
        Ok(self.text[start..self.pos].to_owned())
    }

    /// After `[@`: the scope, `:`, and `&&`-joined assertions, through the `]`.
    fn scoped(&mut self) -> Result<Scoped> {
        self.ws();
        let start = self.pos;
        let path = if self.peek() == Some(b':') {
            Vec::new()
        } else {
            let path = self.attr_key()?;
            check_key(&path).map_err(|m| self.error_at(start, m))?;
            path
        };
        self.ws();
        self.expect(b':')?;
        let mut assertions = vec![self.assertion(path.is_empty())?];
        self.ws();
        while self.peek() == Some(b'&') {
            self.pos += 1;
            self.expect(b'&')?;
            assertions.push(self.assertion(path.is_empty())?);
            self.ws();
        }
        self.expect(b']')?;
        Ok(Scoped { path, assertions })
    }

    /// `value comparator value *("," value) ["i"]`; `on_shape` when the scope is the shape
    /// itself, so that context paths must start with a shape attribute.
    fn assertion(&mut self, on_shape: bool) -> Result<Assertion> {
        let lhs = self.operand(on_shape)?;
        let op = self.comparator()?;
        let mut rhs = vec![self.operand(on_shape)?];
        while self.eat(b',') {
            rhs.push(self.operand(on_shape)?);
        }
        let case_insensitive = self.case_flag();
        Ok(Assertion {
            lhs,
            op,
            rhs,
            case_insensitive,
        })
    }

    /// A literal value or `@{path}`, and the space after it.
    fn operand(&mut self, on_shape: bool) -> Result<Operand> {
        self.ws();
        if self.peek() != Some(b'@') {
            return Ok(Operand::Literal(self.value()?));
        }
        self.pos += 1;
        self.expect(b'{')?;
        let start = self.pos;
        let mut path = vec![self.segment()?];
        self.path_rest(&mut path)?;
        if on_shape {
            check_key(&path).map_err(|m| self.error_at(start, m))?;
        }
        self.ws();
        self.expect(b'}')?;
        self.ws();
        Ok(Operand::Context(path))
    }
}

fn is_ident_start(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphabetic()
}

fn name_seg(text: String) -> Seg {
    let trait_id = if text.contains('#') {
        text.clone()
    } else {
        format!("smithy.api#{text}")
    };
    Seg::Name { text, trait_id }
}

/// Refuses attribute paths on a shape that could never select anything: an unknown attribute
/// or an unknown property of `id` or `service`. (Smithy fails these at evaluation; failing
/// them at parse time tells the model's author sooner.)
fn check_key(path: &[Seg]) -> std::result::Result<(), String> {
    let name = |seg: Option<&Seg>| match seg {
        Some(Seg::Name { text, .. }) => Some(text.clone()),
        Some(Seg::Keys) => Some("(keys)".into()),
        Some(Seg::Values) => Some("(values)".into()),
        Some(Seg::Length) => Some("(length)".into()),
        Some(Seg::First) => Some("(first)".into()),
        Some(Seg::Function) => Some("(...)".into()),
        None => None,
    };
    let Some(first) = name(path.first()) else {
        return Ok(());
    };
    let second = name(path.get(1));
    let allowed: &[&str] = match first.as_str() {
        "trait" | "var" => return Ok(()),
        "id" => &["name", "namespace", "member", "(length)"],
        "service" => &["id", "version"],
        _ => {
            return Err(format!(
                "unknown attribute `{first}`: expected `id`, `trait`, `service` or `var`"
            ));
        }
    };
    match second {
        Some(s) if !allowed.contains(&s.as_str()) => Err(format!(
            "`{first}` has no property `{s}`: expected one of {}",
            allowed.join(", ")
        )),
        _ => Ok(()),
    }
}
