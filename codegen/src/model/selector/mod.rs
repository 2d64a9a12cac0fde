//! Smithy selectors: the language trait definitions use to say which shapes a trait may be
//! applied to (`@trait(selector: "structure > member")`), parsed and evaluated over a
//! [`Model`].
//!
//! ```
//! use codegen::model::selector::{Node, Selector};
//!
//! let idl = "$version: \"2.0\"\nnamespace ex\nstructure S { @required a: String }";
//! let (model, _) = codegen::model::load_str("m.smithy", idl).unwrap();
//! let selector = Selector::parse("structure > member [trait|required]").unwrap();
//! let matcher = selector.matcher(&model);
//! let s = &model.shapes[&codegen::model::ShapeId::parse("ex#S").unwrap()];
//! assert!(matcher.matches(Node::member(s, &s.members()[0])));
//! assert!(!matcher.matches(Node::shape(s)));
//! ```
//!
//! The whole Smithy 2.0 grammar is read: shape types, attributes (`id`, `trait`, `service`,
//! `var`, with `(keys)`, `(values)`, `(length)`, `(first)` and every comparator, `i` for
//! case-insensitive comparisons), scoped attributes (`[@trait|range: @{min} < @{max}]`),
//! neighbors (`>`, `<`, `~>`, `-[rel]->`, `<-[rel]-`), the functions `:is` (and its old
//! name `:each`), `:not`, `:test`, `:in`, `:root`, `:topdown` and `:recursive`, and
//! variables. As the spec allows, unknown function names yield nothing and unknown
//! relationship names follow no edge. Any text gives `Ok` or a [`SelectorError`], never a
//! panic; very deep or very long selectors are refused (32 levels, 256 expressions).
//!
//! Where our model knows less than Smithy's, evaluation approximates:
//!
//! - A resource's operations are one list in [`ShapeKind::Resource`], so every
//!   operation-binding relationship name (`operation`, `collectionOperation`,
//!   `instanceOperation`, `create`, `read`, `update`, `delete`, `list`, `put`) follows all
//!   of them, and `identifier` and `property` both follow every identifier and property
//!   target. `:topdown` likewise descends into every operation a resource binds (Smithy's
//!   only follows the `operations` list).
//! - Trait relationships (`-[trait]->`, `<-[trait]-`) lead to trait definitions that are
//!   shapes in the model (the prelude's and the built-in trait packages' included).
//! - Mixins are flattened away at load and mixin shapes are not in the model, so
//!   `-[mixin]->` follows nothing and no selector yields a mixin.
//! - `(length)` of text counts characters (Smithy counts UTF-16 units); a number compared as
//!   text is the model's own text of it (`1e3` stays `1e3`); relative comparators compare
//!   exact decimals, as Smithy's `BigDecimal`s do.
//! - An unknown attribute (`[foo]`) or an unknown property of `id` or `service`
//!   (`[id|nope]`) is a parse error here; Smithy fails such selectors only when evaluating
//!   them.
//!
//! Members are not entries of [`Model::shapes`]; a [`Node`] is either a shape or one member
//! of a shape. Nodes compare by address, so the nodes given to a [`Matcher`] must come from
//! the model it was made for.

mod attr;
mod eval;
mod parse;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::{Member, Model, Shape, ShapeKind, Traits};
use eval::{Env, NodeSet};
use parse::{Ast, Expr};

/// A parsed selector. Cheap to clone.
#[derive(Clone)]
pub struct Selector {
    text: String,
    ast: Arc<Ast>,
    filter: bool,
}

impl Selector {
    /// Parses a selector.
    pub fn parse(text: &str) -> Result<Self, SelectorError> {
        let ast = parse::parse(text)?;
        let filter = is_filter(&ast.top);
        Ok(Self {
            text: text.to_owned(),
            ast: Arc::new(ast),
            filter,
        })
    }

    /// The selector's text, as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the selector only ever yields the node it starts from (`structure`,
    /// `:test(member > string)`, `[trait|error]`), as opposed to walking elsewhere
    /// (`structure > member`). A filter matches a node by evaluating from that node alone;
    /// any other selector needs one pass over the model first (which a [`Matcher`] keeps).
    pub fn is_filter(&self) -> bool {
        self.filter
    }

    /// A matcher over `model`, for testing many nodes.
    pub fn matcher<'m>(&self, model: &'m Model) -> Matcher<'m> {
        Matcher::new(self.clone(), model)
    }

    /// Every node of the model the selector yields, in model order (shapes by id, each
    /// followed by its members).
    pub fn select<'m>(&self, model: &'m Model) -> Vec<Node<'m>> {
        self.matcher(model).select()
    }

    /// Whether the selector yields `node`. For one question only: a non-filter selector
    /// evaluates over the whole model each time; use a [`Matcher`] for more.
    pub fn matches<'m>(&self, model: &'m Model, node: Node<'m>) -> bool {
        self.matcher(model).matches(node)
    }
}

impl fmt::Debug for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Selector").field(&self.text).finish()
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Selector {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Selector {}

impl std::str::FromStr for Selector {
    type Err = SelectorError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Whether every expression only passes on or drops the node it is given.
fn is_filter(seq: &[Expr]) -> bool {
    seq.iter().all(|e| match e {
        Expr::Types(_)
        | Expr::Attr(_)
        | Expr::Scoped(_)
        | Expr::Test(_)
        | Expr::Not(_)
        | Expr::In(_)
        | Expr::SetVar(..)
        | Expr::Nothing => true,
        Expr::Is(seqs) => seqs.iter().all(|s| is_filter(s)),
        Expr::Forward(_)
        | Expr::Reverse(_)
        | Expr::Closure
        | Expr::Root(_)
        | Expr::TopDown(..)
        | Expr::Recursive(_)
        | Expr::GetVar(_) => false,
    })
}

/// Why a selector could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorError {
    message: String,
    offset: usize,
    line: usize,
    column: usize,
}

impl SelectorError {
    fn new(text: &str, offset: usize, message: String) -> Self {
        let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = text
            .get(line_start..offset)
            .map_or(offset.saturating_sub(line_start), |s| s.chars().count());
        Self {
            message,
            offset,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: column + 1,
        }
    }

    /// What is wrong, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The byte offset in the selector's text.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The line, from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column in characters, from 1.
    pub fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for SelectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (line {}, column {})",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for SelectorError {}

/// What a selector is evaluated on: a shape, or one member of a shape.
#[derive(Clone, Copy)]
pub struct Node<'m> {
    shape: &'m Shape,
    member: Option<&'m Member>,
}

impl<'m> Node<'m> {
    pub fn shape(shape: &'m Shape) -> Self {
        Self {
            shape,
            member: None,
        }
    }

    /// A member of `container`, which must be one of its members (see [`members_of`]).
    pub fn member(container: &'m Shape, member: &'m Member) -> Self {
        Self {
            shape: container,
            member: Some(member),
        }
    }

    /// The shape, or the member's container.
    pub fn root_shape(&self) -> &'m Shape {
        self.shape
    }

    pub fn as_member(&self) -> Option<&'m Member> {
        self.member
    }

    pub fn is_member(&self) -> bool {
        self.member.is_some()
    }

    /// The traits applied to the shape or member.
    pub fn traits(&self) -> &'m Traits {
        self.member.map_or(&self.shape.traits, |m| &m.traits)
    }

    /// The shape id, with `$member` for a member.
    pub fn id(&self) -> String {
        match self.member {
            Some(m) => self.shape.id.member(&m.name),
            None => self.shape.id.to_string(),
        }
    }

    /// The address of the shape, which identifies it within one model.
    fn key(&self) -> usize {
        std::ptr::from_ref(self.shape) as usize
    }
}

impl PartialEq for Node<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.shape, other.shape)
            && match (self.member, other.member) {
                (None, None) => true,
                (Some(a), Some(b)) => std::ptr::eq(a, b),
                _ => false,
            }
    }
}

impl Eq for Node<'_> {}

impl Hash for Node<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
        self.member
            .map_or(0, |m| std::ptr::from_ref(m) as usize)
            .hash(state);
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Node({})", self.id())
    }
}

/// Every member of a shape, in model order: those of [`Shape::members`], and a map's key and
/// value.
pub fn members_of(shape: &Shape) -> impl Iterator<Item = &Member> {
    let map = match &shape.kind {
        ShapeKind::Map { key, value } => Some([key, value]),
        _ => None,
    };
    shape.members().iter().chain(map.into_iter().flatten())
}

/// A selector bound to one model, for testing many nodes.
///
/// A filter selector (see [`Selector::is_filter`]) is evaluated from each node asked about;
/// any other is evaluated over the whole model on the first question, and its result kept.
/// Reverse edges and `:root` results are likewise built once, when first needed.
pub struct Matcher<'m> {
    selector: Selector,
    env: Env<'m>,
    matched: OnceCell<NodeSet<'m>>,
}

impl<'m> Matcher<'m> {
    pub fn new(selector: Selector, model: &'m Model) -> Self {
        let env = Env::new(model, Arc::clone(&selector.ast));
        Self {
            selector,
            env,
            matched: OnceCell::new(),
        }
    }

    pub fn selector(&self) -> &Selector {
        &self.selector
    }

    /// Whether the selector yields `node` (from any starting node).
    pub fn matches(&self, node: Node<'m>) -> bool {
        if self.selector.filter {
            self.env.yields_from(node)
        } else {
            self.matched().contains(&node)
        }
    }

    /// [`Matcher::matches`] for a shape.
    pub fn matches_shape(&self, shape: &'m Shape) -> bool {
        self.matches(Node::shape(shape))
    }

    /// Every node the selector yields, in model order.
    pub fn select(&self) -> Vec<Node<'m>> {
        let all = eval::all_nodes(self.env.model);
        if self.selector.filter {
            all.filter(|n| self.env.yields_from(*n)).collect()
        } else {
            let matched = self.matched();
            all.filter(|n| matched.contains(n)).collect()
        }
    }

    fn matched(&self) -> &NodeSet<'m> {
        self.matched.get_or_init(|| self.env.select_all())
    }
}

/// Matchers by selector text, for a validator that asks about many traits' selectors: each
/// distinct text is parsed and bound to the model once.
pub struct SelectorCache<'m> {
    model: &'m Model,
    index: HashMap<String, usize>,
    entries: Vec<Result<Matcher<'m>, SelectorError>>,
}

impl<'m> SelectorCache<'m> {
    pub fn new(model: &'m Model) -> Self {
        Self {
            model,
            index: HashMap::new(),
            entries: Vec::new(),
        }
    }

    /// The matcher for a selector's text, or why it does not parse.
    pub fn matcher(&mut self, text: &str) -> Result<&Matcher<'m>, &SelectorError> {
        let i = match self.index.get(text) {
            Some(&i) => i,
            None => {
                let entry = Selector::parse(text).map(|s| s.matcher(self.model));
                self.entries.push(entry);
                self.index.insert(text.to_owned(), self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        // `index` only holds positions of `entries`, which never shrinks.
        self.entries[i].as_ref()
    }

    /// Whether the selector of that text yields `node`.
    pub fn matches(&mut self, text: &str, node: Node<'m>) -> Result<bool, SelectorError> {
        self.matcher(text)
            .map(|m| m.matches(node))
            .map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        let idl = r#"$version: "2.0"
namespace ex
service S { version: "1", operations: [O] }
operation O { input := { @required a: String, b: L }, output := { c: M } }
list L { member: Integer }
map M { key: String, value: E }
enum E { X }
@trait
structure t {}
"#;
        match crate::model::load_str("m.smithy", idl) {
            Ok((m, _)) => m,
            Err(d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn filters_are_told_apart() {
        let filter = |s: &str| Selector::parse(s).map(|s| s.is_filter());
        for s in [
            "*",
            "string",
            "[trait|required]",
            "[@: @{id|name} = a]",
            ":test(> member)",
            ":not(< *)",
            ":in(:root(string))",
            "$x(> member) structure",
            ":is(string, :test(>))",
            ":unknown(> *)",
        ] {
            assert_eq!(filter(s), Ok(true), "{s}");
        }
        for s in [
            "structure > member",
            "~>",
            "<",
            ":root(string)",
            ":is(string, > member)",
            ":topdown(*)",
            ":recursive(>)",
            "$x(*) ${x}",
        ] {
            assert_eq!(filter(s), Ok(false), "{s}");
        }
    }

    /// A filter is answered from the node alone; that must agree with a full pass.
    #[test]
    fn per_node_answers_agree_with_a_full_pass() {
        let m = model();
        for text in [
            "member [trait|required]",
            ":test(member > string)",
            "structure :test(> member > list)",
            ":not(< *)",
            "$x(~>) :test(${x} enum)",
            ":in(:root(operation ~> string))",
            ":is(list, map) :test(> member > :is(integer, enum))",
        ] {
            let Ok(sel) = Selector::parse(text) else {
                panic!("{text} does not parse");
            };
            assert!(sel.is_filter(), "{text}");
            let env = Env::new(&m, Arc::clone(&sel.ast));
            let full = env.select_all();
            let nodes: Vec<_> = eval::all_nodes(&m).collect();
            assert!(
                nodes.iter().any(|n| full.contains(n)),
                "{text} selects nothing"
            );
            for n in nodes {
                assert_eq!(env.yields_from(n), full.contains(&n), "{text} on {n:?}");
            }
        }
    }
}
