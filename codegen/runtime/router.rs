//! Routing for protocols with HTTP bindings (`@http`): Smithy 2.0's specificity routing.
//!
//! Every operation's URI pattern goes into one tree of path segments. A request walks the tree
//! once, trying at each segment a literal first, then a label, then a greedy label, and takes
//! the first pattern that matches in that order: that is the best-ranked match of the spec's
//! "Specificity routing" (a literal beats a label, a label beats a greedy label, at the first
//! segment where two patterns differ; a longer pattern beats a shorter one; more query literals
//! beat fewer). The work is bounded by the path's length and the tree's depth, not by the number
//! of operations: literal children are found by binary search.
//!
//! A pattern's trailing `/` is not a segment of its own. The spec ("Literal character sequences"
//! of the HTTP bindings) makes it optional everywhere, smithy-rs makes it significant (`GET
//! /books/` reaching `GET /books` surprises users who meant another); yet AWS clients send a
//! pattern ending with `/` as written (`POST /agents/`). So a pattern ending with `/` matches
//! the path with or without it, and any other pattern the path without it only: a request's
//! trailing slash left over after the segments is matched by the patterns ending with `/`
//! alone (see `End::slash`). `crate::http::match_path`, which reads an operation's labels,
//! follows the same rule.

/// How many path segments a request may have before routing splits its path into a `Vec`
/// instead of an array on the stack (the longest URI patterns of the AWS models have 11).
const STACK_SEGMENTS: usize = 16;

/// One operation's route, as the model gives it.
#[derive(Debug, Clone, Copy)]
pub struct Route<T> {
    /// The HTTP method, upper case (`GET`).
    pub method: &'static str,
    /// The URI pattern: the path, with `{label}` and `{label+}` segments, then optionally `?` and
    /// query literals (`key=value` or `key`, separated by `&`).
    pub uri: &'static str,
    pub value: T,
}

/// A segment of a URI pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Label,
    Greedy,
}

/// The routes of a service, as a tree of path segments.
#[derive(Debug, Clone)]
pub struct Router<T> {
    root: Node<T>,
}

#[derive(Debug, Clone)]
struct Node<T> {
    /// Literal segments, sorted by length then text (`by_length`).
    literals: Vec<(String, Node<T>)>,
    label: Option<Box<Node<T>>>,
    greedy: Option<Box<Node<T>>>,
    /// The routes whose pattern ends here, the ones with more query literals first.
    ends: Vec<End<T>>,
}

#[derive(Debug, Clone)]
struct End<T> {
    method: &'static str,
    /// Whether the pattern's path ends with `/` after a segment (`/agents/`, not `/`): then a
    /// request's trailing slash is the pattern's, and the path matches with it or without it.
    /// Another pattern's path matches without a trailing slash only, since that slash is an
    /// empty segment that no literal or label takes (a greedy label at the end takes it).
    slash: bool,
    /// Query literals: the key and the value it must have (`None`: any value, or none).
    query: Vec<(String, Option<String>)>,
    value: T,
}

impl<T> Default for Node<T> {
    fn default() -> Self {
        Node {
            literals: Vec::new(),
            label: None,
            greedy: None,
            ends: Vec::new(),
        }
    }
}

/// What routing a request found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routed<T> {
    /// The best-ranked route of the request's method.
    Found(T),
    /// No route of this method matches the path, but routes of these methods do (a 405).
    MethodNotAllowed(Vec<&'static str>),
    /// No route matches.
    NotFound,
}

impl<T: Copy> Router<T> {
    /// Builds the tree. The generator has already rejected patterns no request could tell apart,
    /// so a later route with the same method, pattern and query literals as an earlier one would
    /// never be reached.
    pub fn new(routes: &[Route<T>]) -> Self {
        let mut root = Node::default();
        for route in routes {
            let (path, query) = route.uri.split_once('?').unwrap_or((route.uri, ""));
            let slash = path.ends_with('/') && segments(path).next().is_some();
            let mut node = &mut root;
            for segment in segments(path) {
                node = match parse_segment(segment) {
                    Segment::Literal(text) => {
                        let at = match node.literals.binary_search_by(|(t, _)| by_length(t, &text))
                        {
                            Ok(at) => at,
                            Err(at) => {
                                node.literals.insert(at, (text, Node::default()));
                                at
                            }
                        };
                        &mut node.literals[at].1
                    }
                    Segment::Label => node.label.get_or_insert_with(Box::default),
                    Segment::Greedy => node.greedy.get_or_insert_with(Box::default),
                };
            }
            let query = query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| match pair.split_once('=') {
                    Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                    None => (pair.to_owned(), None),
                })
                .collect::<Vec<_>>();
            let end = End {
                method: route.method,
                slash,
                query,
                value: route.value,
            };
            // More query literals rank first; among equals, the model's order.
            let at = node
                .ends
                .partition_point(|e| e.query.len() >= end.query.len());
            node.ends.insert(at, end);
        }
        Router { root }
    }

    /// Routes a request: the route found, or the protocol's rejection (`NotFound`, or
    /// `MethodNotAllowed` with the methods the path takes).
    pub fn route_request<B>(
        &self,
        request: &::http::Request<B>,
    ) -> Result<T, crate::http::RequestRejection> {
        let uri = request.uri();
        match self.route(request.method().as_str(), uri.path(), uri.query()) {
            Routed::Found(value) => Ok(value),
            Routed::MethodNotAllowed(allowed) => {
                Err(crate::http::RequestRejection::MethodNotAllowed(allowed))
            }
            Routed::NotFound => Err(crate::http::RequestRejection::NotFound),
        }
    }

    /// Routes a request by its method, path and query string (without the `?`).
    pub fn route(&self, method: &str, path: &str, query: Option<&str>) -> Routed<T> {
        let Some(path) = path.strip_prefix('/') else {
            return Routed::NotFound;
        };
        // The segments, on the stack unless the path has more than `STACK_SEGMENTS` of them: no
        // allocation per request. The same pass tells whether the path has a `%` at all.
        let mut stack = [""; STACK_SEGMENTS];
        let split = split_path(path, &mut stack);
        let heap: Vec<&str>;
        let (parts, encoded): (&[&str], bool) = match split {
            Some((count, encoded)) => (&stack[..count], encoded),
            None => {
                heap = path.split('/').collect();
                (&heap, path.contains('%'))
            }
        };
        let query = Query::new(query);
        let mut pick = |ends: &[End<T>], slash: bool| {
            ends.iter()
                .filter(|e| e.slash || !slash)
                .find(|e| e.method == method && query.has_all(&e.query))
                .map(|e| e.value)
        };
        if let Some(found) = self.root.find(parts, encoded, &mut pick) {
            return Routed::Found(found);
        }
        // Only a request that found nothing pays for this: every method a route of any matching
        // pattern takes, whatever its query literals.
        let mut allowed: Vec<&'static str> = Vec::new();
        let mut collect = |ends: &[End<T>], slash: bool| -> Option<()> {
            allowed.extend(ends.iter().filter(|e| e.slash || !slash).map(|e| e.method));
            None
        };
        self.root.find(parts, encoded, &mut collect);
        allowed.sort_unstable();
        allowed.dedup();
        // A route of this method whose query literals the request lacks makes it not found,
        // not a wrong method.
        if allowed.is_empty() || allowed.contains(&method) {
            Routed::NotFound
        } else {
            Routed::MethodNotAllowed(allowed)
        }
    }
}

impl<T> Node<T> {
    /// The first value `pick` takes from the ends of the patterns matching `parts`, in ranking
    /// order. `pick` is told whether only the ends of patterns ending with `/` match (`true`: the
    /// request has a trailing slash left over). `encoded`: whether the path has a `%` at all.
    fn find<R>(
        &self,
        parts: &[&str],
        encoded: bool,
        pick: &mut impl FnMut(&[End<T>], bool) -> Option<R>,
    ) -> Option<R> {
        let Some((first, rest)) = parts.split_first() else {
            return if self.ends.is_empty() {
                None
            } else {
                pick(&self.ends, false)
            };
        };
        if first.is_empty() && rest.is_empty() {
            // The request's trailing slash, after the segments of the patterns ending here: it
            // belongs to those that end with `/`. Nothing below could take it: literals are not
            // empty, a label takes no empty segment and a greedy label no empty capture.
            return if self.ends.is_empty() {
                None
            } else {
                pick(&self.ends, true)
            };
        }
        if let Some(found) = self
            .literal(first, encoded)
            .and_then(|child| child.find(rest, encoded, pick))
        {
            return Some(found);
        }
        // A label takes one segment, which must not be empty.
        let label = self.label.as_ref().filter(|_| !first.is_empty());
        if let Some(found) = label.and_then(|child| child.find(rest, encoded, pick)) {
            return Some(found);
        }
        let greedy = self.greedy.as_ref()?;
        // A greedy label takes one segment or more, as many as it can: a pattern going on after
        // it ranks first (it is longer), taking the longest capture that lets it match; then the
        // pattern that ends with it takes every segment left.
        if !(greedy.literals.is_empty() && greedy.label.is_none() && greedy.greedy.is_none()) {
            for taken in (1..parts.len()).rev() {
                if parts[..taken].iter().all(|p| p.is_empty()) {
                    continue;
                }
                if let Some(found) = greedy.find(&parts[taken..], encoded, pick) {
                    return Some(found);
                }
            }
        }
        // A trailing slash is in the capture of a pattern ending with the greedy label, and the
        // pattern's own `/` when it ends with one: both match.
        let captured = parts.iter().any(|p| !p.is_empty());
        if captured && !greedy.ends.is_empty() {
            pick(&greedy.ends, false)
        } else {
            None
        }
    }

    fn literal(&self, segment: &str, encoded: bool) -> Option<&Node<T>> {
        if self.literals.is_empty() {
            return None;
        }
        let search = |text: &str| {
            self.literals
                .binary_search_by(|(t, _)| by_length(t, text))
                .ok()
                .map(|at| &self.literals[at].1)
        };
        match search(segment) {
            // A literal may arrive percent-encoded.
            None if encoded && segment.contains('%') => search(&crate::http::decode(segment)?),
            found => found,
        }
    }
}

/// Splits a request's path (without its leading `/`) at `/` into `stack`: how many segments,
/// and whether the path has a `%`; `None` when it has more segments than `stack` holds. Eight
/// bytes at a time: most have neither byte.
fn split_path<'a>(path: &'a str, stack: &mut [&'a str; STACK_SEGMENTS]) -> Option<(usize, bool)> {
    const LOWS: u64 = u64::from_ne_bytes([0x7f; 8]);
    // The high bit of each byte of `word` that is `byte`, and no other bit.
    let matching = |word: u64, byte: u8| {
        let x = word ^ u64::from_ne_bytes([byte; 8]);
        !(((x & LOWS) + LOWS) | x | LOWS)
    };
    if path.is_empty() {
        return Some((0, false));
    }
    let bytes = path.as_bytes();
    let mut count = 0;
    let mut start = 0;
    let mut encoded = false;
    let mut push = |end: usize, start: &mut usize| {
        if count == STACK_SEGMENTS {
            return false;
        }
        stack[count] = &path[*start..end];
        count += 1;
        *start = end + 1;
        true
    };
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        encoded |= matching(word, b'%') != 0;
        // Little-endian: byte `i` of the chunk is bits `8 * i..8 * i + 8`.
        let mut slashes = matching(word, b'/');
        while slashes != 0 {
            if !push(at + (slashes.trailing_zeros() / 8) as usize, &mut start) {
                return None;
            }
            slashes &= slashes - 1;
        }
        at += 8;
    }
    for (i, b) in bytes[at..].iter().enumerate() {
        match b {
            b'/' if !push(at + i, &mut start) => return None,
            b'%' => encoded = true,
            _ => {}
        }
    }
    push(bytes.len(), &mut start).then_some((count, encoded))
}

/// The order of a node's literals: by length, then by text. Any order would do for finding
/// one; this one mostly answers without comparing the text.
fn by_length(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The segments of a pattern's path.
fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .filter(|s| !s.is_empty())
}

fn parse_segment(segment: &str) -> Segment {
    match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
        Some(label) if label.ends_with('+') => Segment::Greedy,
        Some(_) => Segment::Label,
        None => Segment::Literal(segment.to_owned()),
    }
}

/// A request's query string, decoded only when a route has query literals to check.
struct Query<'a> {
    raw: Option<&'a str>,
    pairs: std::cell::OnceCell<Vec<(String, String)>>,
}

impl<'a> Query<'a> {
    fn new(raw: Option<&'a str>) -> Self {
        Query {
            raw,
            pairs: std::cell::OnceCell::new(),
        }
    }

    fn has_all(&self, literals: &[(String, Option<String>)]) -> bool {
        if literals.is_empty() {
            return true;
        }
        // A query string that does not decode has no literal in it.
        let pairs = self
            .pairs
            .get_or_init(|| crate::http::query_pairs(self.raw).unwrap_or_default());
        literals.iter().all(|(key, value)| {
            pairs
                .iter()
                .any(|(k, v)| k == key && value.as_ref().is_none_or(|value| v == value))
        })
    }
}
