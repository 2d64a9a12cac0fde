//! Evaluating an [`Ast`] over a [`Model`].
//!
//! Evaluation pushes nodes through the expressions of a selector, left to right: each
//! expression calls the receiver it was given once per node it yields, and a receiver can
//! answer [`ControlFlow::Break`] to stop the expressions feeding it (`:test` and `:not` stop
//! at the first yield). Nothing is collected on the way unless the selector asks for a set
//! (variables, `:root`, `~>`, `:recursive`), so testing one node against a filter selector
//! such as `structure > :test(member > string)` does not allocate.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::ControlFlow;
use std::rc::Rc;
use std::sync::Arc;

use super::attr::{self, Vars};
use super::parse::{Ast, Expr};
use super::{Node, members_of};
use crate::model::{Model, Shape, ShapeId, ShapeKind, Simple};

/// `Break` stops the expressions that feed a receiver.
pub(super) type Flow = ControlFlow<()>;

const GO: Flow = ControlFlow::Continue(());
const STOP: Flow = ControlFlow::Break(());

/// Node kinds as bits, so that a shape type selector is one mask test.
pub(super) mod kind {
    pub const BLOB: u32 = 1;
    pub const BOOLEAN: u32 = 1 << 1;
    pub const STRING: u32 = 1 << 2;
    pub const BYTE: u32 = 1 << 3;
    pub const SHORT: u32 = 1 << 4;
    pub const INTEGER: u32 = 1 << 5;
    pub const LONG: u32 = 1 << 6;
    pub const FLOAT: u32 = 1 << 7;
    pub const DOUBLE: u32 = 1 << 8;
    pub const BIG_INTEGER: u32 = 1 << 9;
    pub const BIG_DECIMAL: u32 = 1 << 10;
    pub const TIMESTAMP: u32 = 1 << 11;
    pub const DOCUMENT: u32 = 1 << 12;
    pub const ENUM: u32 = 1 << 13;
    pub const INT_ENUM: u32 = 1 << 14;
    pub const LIST: u32 = 1 << 15;
    pub const MAP: u32 = 1 << 16;
    pub const STRUCTURE: u32 = 1 << 17;
    pub const UNION: u32 = 1 << 18;
    pub const MEMBER: u32 = 1 << 19;
    pub const SERVICE: u32 = 1 << 20;
    pub const OPERATION: u32 = 1 << 21;
    pub const RESOURCE: u32 = 1 << 22;
    /// Smithy's `intEnum` is an `integer`, so a `number` too.
    pub const NUMBER: u32 =
        BYTE | SHORT | INTEGER | LONG | FLOAT | DOUBLE | BIG_INTEGER | BIG_DECIMAL | INT_ENUM;
    pub const SIMPLE: u32 = BLOB | BOOLEAN | STRING | TIMESTAMP | DOCUMENT | NUMBER | ENUM;
    pub const AGGREGATE: u32 = LIST | MAP | STRUCTURE | UNION;
}

/// Relationship names as bits (see [`Edge::labels`]).
pub(super) mod rel {
    pub const MEMBER: u32 = 1;
    pub const INPUT: u32 = 1 << 1;
    pub const OUTPUT: u32 = 1 << 2;
    pub const ERROR: u32 = 1 << 3;
    pub const OPERATION: u32 = 1 << 4;
    pub const RESOURCE: u32 = 1 << 5;
    pub const COLLECTION_OPERATION: u32 = 1 << 6;
    pub const INSTANCE_OPERATION: u32 = 1 << 7;
    pub const BOUND: u32 = 1 << 8;
    pub const CREATE: u32 = 1 << 9;
    pub const READ: u32 = 1 << 10;
    pub const UPDATE: u32 = 1 << 11;
    pub const DELETE: u32 = 1 << 12;
    pub const LIST: u32 = 1 << 13;
    pub const PUT: u32 = 1 << 14;
    pub const IDENTIFIER: u32 = 1 << 15;
    pub const PROPERTY: u32 = 1 << 16;
    pub const TRAIT: u32 = 1 << 17;
}

fn kind_of(node: Node<'_>) -> u32 {
    use kind::*;
    if node.member.is_some() {
        return MEMBER;
    }
    match &node.shape.kind {
        ShapeKind::Simple(s) => match s {
            Simple::Blob => BLOB,
            Simple::Boolean => BOOLEAN,
            Simple::String => STRING,
            Simple::Byte => BYTE,
            Simple::Short => SHORT,
            Simple::Integer => INTEGER,
            Simple::Long => LONG,
            Simple::Float => FLOAT,
            Simple::Double => DOUBLE,
            Simple::BigInteger => BIG_INTEGER,
            Simple::BigDecimal => BIG_DECIMAL,
            Simple::Timestamp => TIMESTAMP,
            Simple::Document => DOCUMENT,
        },
        ShapeKind::Enum(_) => ENUM,
        ShapeKind::IntEnum(_) => INT_ENUM,
        ShapeKind::List(_) => LIST,
        ShapeKind::Map { .. } => MAP,
        ShapeKind::Structure(_) => STRUCTURE,
        ShapeKind::Union(_) => UNION,
        ShapeKind::Operation { .. } => OPERATION,
        ShapeKind::Service { .. } => SERVICE,
        ShapeKind::Resource(_) => RESOURCE,
    }
}

/// A relationship from one node to another, as far as our model tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edge {
    /// A shape to one of its members.
    Member,
    /// A member to its target (no relationship name).
    Target,
    Input,
    Output,
    Error,
    /// A service to an operation.
    Operation,
    Resource,
    /// A resource to an operation it binds. The model keeps one list of them, so this edge
    /// answers to every operation-binding name (`operation`, `create`, `put`, ...).
    BoundOperation,
    /// A resource to an identifier or property target (one list in the model too).
    Reference,
    /// A shape to the definition of a trait applied to it.
    Trait,
}

impl Edge {
    /// The relationship names that select this edge in `-[...]->`.
    fn labels(self) -> u32 {
        use rel::*;
        match self {
            Edge::Member => MEMBER,
            Edge::Target => 0,
            Edge::Input => INPUT,
            Edge::Output => OUTPUT,
            Edge::Error => ERROR,
            Edge::Operation => OPERATION,
            Edge::Resource => RESOURCE,
            Edge::BoundOperation => {
                OPERATION
                    | COLLECTION_OPERATION
                    | INSTANCE_OPERATION
                    | CREATE
                    | READ
                    | UPDATE
                    | DELETE
                    | LIST
                    | PUT
            }
            Edge::Reference => IDENTIFIER | PROPERTY,
            Edge::Trait => TRAIT,
        }
    }

    /// Whether `>`/`<` (`None`) or `-[rels]->` follows this edge. Trait edges are followed
    /// only when asked for by name.
    fn taken_by(self, rels: Option<u32>) -> bool {
        match rels {
            None => self != Edge::Trait,
            Some(mask) => self.labels() & mask != 0,
        }
    }
}

/// Calls `f` with every forward edge of a node; trait edges only when `traits`.
pub(super) fn forward<'m>(
    model: &'m Model,
    node: Node<'m>,
    traits: bool,
    f: &mut dyn FnMut(Edge, Node<'m>) -> Flow,
) -> Flow {
    if traits {
        for key in node.traits().raw.keys() {
            // Only traits whose definition is in the model have a shape to go to.
            if let Some(def) = ShapeId::parse(key).and_then(|id| model.get(&id)) {
                f(Edge::Trait, Node::shape(def))?;
            }
        }
    }
    match node.member {
        // Enum members target the unit type, which Smithy does not count as a relationship.
        Some(_) if matches!(node.shape.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_)) => GO,
        Some(m) => to(model, Edge::Target, &m.target, f),
        None => shape_forward(model, node.shape, f),
    }
}

fn shape_forward<'m>(
    model: &'m Model,
    shape: &'m Shape,
    f: &mut dyn FnMut(Edge, Node<'m>) -> Flow,
) -> Flow {
    for m in members_of(shape) {
        f(Edge::Member, Node::member(shape, m))?;
    }
    fn all<'m>(
        model: &'m Model,
        edge: Edge,
        ids: impl IntoIterator<Item = &'m ShapeId>,
        f: &mut dyn FnMut(Edge, Node<'m>) -> Flow,
    ) -> Flow {
        ids.into_iter().try_for_each(|id| to(model, edge, id, f))
    }
    match &shape.kind {
        ShapeKind::Operation {
            input,
            output,
            errors,
        } => {
            // An absent input or output is the unit type, which Smithy does not yield.
            if !Model::is_unit(input) {
                to(model, Edge::Input, input, f)?;
            }
            if !Model::is_unit(output) {
                to(model, Edge::Output, output, f)?;
            }
            all(model, Edge::Error, errors, f)
        }
        ShapeKind::Service {
            operations,
            resources,
            errors,
            ..
        } => {
            all(model, Edge::Operation, operations, f)?;
            all(model, Edge::Resource, resources, f)?;
            all(model, Edge::Error, errors, f)
        }
        ShapeKind::Resource(r) => {
            all(model, Edge::Reference, r.references(), f)?;
            all(model, Edge::Resource, &r.resources, f)?;
            all(model, Edge::BoundOperation, r.all_operations(), f)
        }
        _ => GO,
    }
}

fn to<'m>(
    model: &'m Model,
    edge: Edge,
    id: &ShapeId,
    f: &mut dyn FnMut(Edge, Node<'m>) -> Flow,
) -> Flow {
    match model.get(id) {
        Some(s) => f(edge, Node::shape(s)),
        None => GO,
    }
}

/// Every node of the model: each shape, then its members.
pub(super) fn all_nodes(model: &Model) -> impl Iterator<Item = Node<'_>> {
    model.shapes.values().flat_map(|s| {
        std::iter::once(Node::shape(s)).chain(members_of(s).map(move |m| Node::member(s, m)))
    })
}

/// The edges into each shape (keyed by its address), for `<`. Edges into members are not
/// kept: a member's only one is from its container.
struct Reverse<'m>(HashMap<usize, Vec<(Edge, Node<'m>)>>);

impl<'m> Reverse<'m> {
    fn build(model: &'m Model) -> Self {
        let mut map: HashMap<usize, Vec<(Edge, Node<'m>)>> = HashMap::new();
        for from in all_nodes(model) {
            let _ = forward(model, from, true, &mut |edge, target| {
                if edge != Edge::Member {
                    map.entry(target.key()).or_default().push((edge, from));
                }
                GO
            });
        }
        Self(map)
    }

    fn edges_into(&self, shape: &Shape) -> &[(Edge, Node<'m>)] {
        self.0
            .get(&Node::shape(shape).key())
            .map_or(&[], Vec::as_slice)
    }
}

/// A set of nodes that keeps the order they were found in.
#[derive(Debug, Default)]
pub(super) struct NodeSet<'m> {
    pub nodes: Vec<Node<'m>>,
    set: HashSet<Node<'m>>,
}

impl<'m> NodeSet<'m> {
    fn insert(&mut self, node: Node<'m>) -> bool {
        let new = self.set.insert(node);
        if new {
            self.nodes.push(node);
        }
        new
    }

    pub(super) fn contains(&self, node: &Node<'m>) -> bool {
        self.set.contains(node)
    }
}

/// What evaluating one selector over one model builds at most once: the reverse edges and
/// the results of `:root` functions, both only when the selector needs them.
pub(super) struct Env<'m> {
    pub model: &'m Model,
    pub ast: Arc<Ast>,
    reverse: OnceCell<Reverse<'m>>,
    roots: Vec<OnceCell<NodeSet<'m>>>,
}

impl<'m> Env<'m> {
    pub(super) fn new(model: &'m Model, ast: Arc<Ast>) -> Self {
        let roots = ast.roots.iter().map(|_| OnceCell::new()).collect();
        Self {
            model,
            ast,
            reverse: OnceCell::new(),
            roots,
        }
    }

    fn reverse(&self) -> &Reverse<'m> {
        self.reverse.get_or_init(|| Reverse::build(self.model))
    }

    /// The result of `:root` number `i`, evaluated over every node in an isolated context.
    /// (A root's body can only hold other roots, never itself, so initialising one cell never
    /// re-enters it.)
    fn root(&self, i: usize) -> Option<&NodeSet<'m>> {
        let cell = self.roots.get(i)?;
        Some(cell.get_or_init(|| {
            let mut out = NodeSet::default();
            if let Some(body) = self.ast.roots.get(i) {
                let mut ctx = Ctx::new(self);
                for node in all_nodes(self.model) {
                    ctx.reset();
                    let _ = ctx.push_seq(body, node, &mut |_, n| {
                        out.insert(n);
                        GO
                    });
                }
            }
            out
        }))
    }

    /// Every node the whole selector yields, from every starting node.
    pub(super) fn select_all(&self) -> NodeSet<'m> {
        let mut out = NodeSet::default();
        let mut ctx = Ctx::new(self);
        // What follows a leading `:root` never sees the starting node: one start is enough.
        let independent = matches!(self.ast.top.first(), Some(Expr::Root(_)));
        let starts = if independent { 1 } else { usize::MAX };
        for node in all_nodes(self.model).take(starts) {
            ctx.reset();
            let _ = ctx.push_seq(&self.ast.top, node, &mut |_, n| {
                out.insert(n);
                GO
            });
        }
        out
    }

    /// Whether the selector yields anything from this starting node.
    pub(super) fn yields_from(&self, node: Node<'m>) -> bool {
        let mut ctx = Ctx::new(self);
        ctx.emits(&self.ast.top, node)
    }
}

/// The receiver of an expression's yields.
type Next<'r, 'e, 'm> = &'r mut dyn FnMut(&mut Ctx<'e, 'm>, Node<'m>) -> Flow;

/// The state of evaluating from one starting node: the variables.
pub(super) struct Ctx<'e, 'm> {
    env: &'e Env<'m>,
    vars: Vec<Option<Rc<NodeSet<'m>>>>,
}

impl<'e, 'm> Ctx<'e, 'm> {
    fn new(env: &'e Env<'m>) -> Self {
        Self {
            env,
            vars: env.ast.vars.iter().map(|_| None).collect(),
        }
    }

    /// Variables do not carry over from one starting node to the next.
    fn reset(&mut self) {
        self.vars.iter_mut().for_each(|v| *v = None);
    }

    fn vars(&self) -> Vars<'_> {
        Vars {
            names: &self.env.ast.vars,
            values: &self.vars,
        }
    }

    /// Whether a selector yields anything from a node (stopping at the first yield).
    fn emits(&mut self, seq: &'e [Expr], node: Node<'m>) -> bool {
        let mut found = false;
        let _ = self.push_seq(seq, node, &mut |_, _| {
            found = true;
            STOP
        });
        found
    }

    fn push_seq(&mut self, seq: &'e [Expr], node: Node<'m>, next: Next<'_, 'e, 'm>) -> Flow {
        match seq {
            [] => next(self, node),
            [only] => self.push(only, node, next),
            [first, rest @ ..] => self.push(first, node, &mut |ctx, n| ctx.push_seq(rest, n, next)),
        }
    }

    fn push(&mut self, expr: &'e Expr, node: Node<'m>, next: Next<'_, 'e, 'm>) -> Flow {
        let pass = |ctx: &mut Self, keep: bool, next: Next<'_, 'e, 'm>| {
            if keep { next(ctx, node) } else { GO }
        };
        match expr {
            Expr::Types(mask) => pass(self, kind_of(node) & mask != 0, next),
            Expr::Attr(a) => {
                let keep = attr::attr_matches(a, node, self.vars());
                pass(self, keep, next)
            }
            Expr::Scoped(s) => {
                let keep = attr::scoped_matches(s, node, self.vars());
                pass(self, keep, next)
            }
            Expr::Forward(rels) => self.forward(*rels, node, next),
            Expr::Reverse(rels) => self.reverse(*rels, node, next),
            Expr::Closure => self.closure(node, next),
            Expr::Is(seqs) => seqs
                .iter()
                .try_for_each(|seq| self.push_seq(seq, node, next)),
            Expr::Test(seqs) => {
                let keep = seqs.iter().any(|seq| self.emits(seq, node));
                pass(self, keep, next)
            }
            Expr::Not(seq) => {
                let keep = !self.emits(seq, node);
                pass(self, keep, next)
            }
            Expr::In(seq) => {
                let keep = self.contains(seq, node);
                pass(self, keep, next)
            }
            Expr::Root(i) => match self.env.root(*i) {
                Some(set) => set.nodes.iter().try_for_each(|n| next(self, *n)),
                None => GO,
            },
            Expr::TopDown(qualifier, disqualifier) => {
                self.top_down(qualifier, disqualifier.as_deref(), node, next)
            }
            Expr::Recursive(seq) => self.recursive(seq, node, next),
            Expr::SetVar(slot, seq) => {
                let mut held = NodeSet::default();
                let _ = self.push_seq(seq, node, &mut |_, n| {
                    held.insert(n);
                    GO
                });
                if let Some(v) = self.vars.get_mut(*slot) {
                    *v = Some(Rc::new(held));
                }
                next(self, node)
            }
            Expr::GetVar(slot) => match self.vars.get(*slot).cloned().flatten() {
                Some(held) => held.nodes.iter().try_for_each(|n| next(self, *n)),
                None => GO,
            },
            Expr::Nothing => GO,
        }
    }

    /// `:in(seq)`: whether `seq` yields the node itself. A lone `:root` or variable is a set
    /// look-up rather than a walk through everything it holds.
    fn contains(&mut self, seq: &'e [Expr], node: Node<'m>) -> bool {
        match seq {
            [Expr::Root(i)] => self.env.root(*i).is_some_and(|s| s.contains(&node)),
            [Expr::GetVar(slot)] => self
                .vars
                .get(*slot)
                .and_then(Option::as_ref)
                .is_some_and(|s| s.contains(&node)),
            _ => {
                let mut found = false;
                let _ = self.push_seq(seq, node, &mut |_, n| {
                    if n == node {
                        found = true;
                        STOP
                    } else {
                        GO
                    }
                });
                found
            }
        }
    }

    fn forward(&mut self, rels: Option<u32>, node: Node<'m>, next: Next<'_, 'e, 'm>) -> Flow {
        if rels.is_some_and(|r| r & rel::BOUND != 0) {
            self.bound(node, next)?;
        }
        let model = self.env.model;
        let traits = rels.is_some_and(|r| r & rel::TRAIT != 0);
        forward(model, node, traits, &mut |edge, n| {
            if edge.taken_by(rels) {
                next(self, n)
            } else {
                GO
            }
        })
    }

    fn reverse(&mut self, rels: Option<u32>, node: Node<'m>, next: Next<'_, 'e, 'm>) -> Flow {
        if rels.is_some_and(|r| r & rel::BOUND != 0) {
            self.bound(node, next)?;
        }
        if node.member.is_some() {
            return match Edge::Member.taken_by(rels) {
                true => next(self, Node::shape(node.shape)),
                false => GO,
            };
        }
        let edges = self.env.reverse().edges_into(node.shape);
        edges
            .iter()
            .filter(|(edge, _)| edge.taken_by(rels))
            .try_for_each(|(_, from)| next(self, *from))
    }

    /// The deprecated `bound` relationship: from a resource to the services and resources
    /// that bind it (in either direction, as Smithy does).
    fn bound(&mut self, node: Node<'m>, next: Next<'_, 'e, 'm>) -> Flow {
        if node.member.is_some() || !matches!(node.shape.kind, ShapeKind::Resource(_)) {
            return GO;
        }
        let edges = self.env.reverse().edges_into(node.shape);
        edges
            .iter()
            .filter(|(edge, _)| *edge == Edge::Resource)
            .try_for_each(|(_, from)| next(self, *from))
    }

    /// `~>`: every node reachable over forward edges (not trait edges), but the start.
    fn closure(&mut self, start: Node<'m>, next: Next<'_, 'e, 'm>) -> Flow {
        let model = self.env.model;
        let mut seen = HashSet::from([start]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            forward(model, node, false, &mut |_, n| {
                if seen.insert(n) {
                    queue.push_back(n);
                    next(self, n)
                } else {
                    GO
                }
            })?;
        }
        GO
    }

    /// `:recursive(seq)`: applies `seq` to the node, then to everything it yields that was
    /// not yielded before, and so on; yields each node the first time it is found.
    fn recursive(&mut self, seq: &'e [Expr], start: Node<'m>, next: Next<'_, 'e, 'm>) -> Flow {
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            self.push_seq(seq, node, &mut |ctx, n| {
                if seen.insert(n) {
                    queue.push_back(n);
                    next(ctx, n)
                } else {
                    GO
                }
            })?;
        }
        GO
    }

    /// `:topdown(qualifier, disqualifier)`: walks down from a service, resource or
    /// operation through its resource and operation bindings, yielding each node while the
    /// nearest node above it (or itself) that matches either selector matched the qualifier.
    fn top_down(
        &mut self,
        qualifier: &'e [Expr],
        disqualifier: Option<&'e [Expr]>,
        start: Node<'m>,
        next: Next<'_, 'e, 'm>,
    ) -> Flow {
        let service_type = kind::SERVICE | kind::RESOURCE | kind::OPERATION;
        if kind_of(start) & service_type == 0 {
            return GO;
        }
        let model = self.env.model;
        let mut seen = HashSet::new();
        // Depth first, children in model order, as a recursive walk would go.
        let mut stack = vec![(start, false)];
        while let Some((node, inherited)) = stack.pop() {
            if !seen.insert(node) {
                continue;
            }
            let mut qualified = inherited || self.emits(qualifier, node);
            if qualified && disqualifier.is_some_and(|d| self.emits(d, node)) {
                qualified = false;
            }
            if qualified {
                next(self, node)?;
            }
            let mut children = Vec::new();
            let _ = shape_forward(model, node.shape, &mut |edge, n| {
                let binding = matches!(
                    edge,
                    Edge::Operation | Edge::Resource | Edge::BoundOperation
                );
                if binding && n != node {
                    children.push((n, qualified));
                }
                GO
            });
            stack.extend(children.into_iter().rev());
        }
        GO
    }
}
