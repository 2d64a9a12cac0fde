//! Every restJson1 service of the AWS model corpus routes the request its client sends for each
//! operation to that operation.
//!
//! For each corpus model whose service has `aws.protocols#restJson1`, the service's route table
//! (`Closure::http_routes`, the table the generated server is built from) goes into the
//! router generated servers use (`runtime/router.rs`). Then, for each operation with `@http`,
//! the test writes the request a client sends, as the generated `build_request` writes it: the
//! method; the path with every literal segment as written and every label filled with a sample
//! value of its target type, in the label's format (timestamps `date-time` unless the model
//! says otherwise), percent-encoded by `runtime/http.rs`'s `push_label` (a greedy label's value
//! holds a `/`, which stays as it is); the query literals of the pattern; every `@required`
//! `@httpQuery` member with a sample value, and a parameter of an `@httpQueryParams` map. That
//! request must route to the operation itself.
//!
//! A pattern whose path ends with `/` (74 operations of the corpus, `POST /agents/` of
//! bedrock-agent among them) is sent with that trailing slash, as AWS clients send it, and also
//! without it, as the generated `build_request` writes it: both must route to the operation.
//! Any other pattern's path, with a trailing slash added, must not route to the operation
//! (`GET /books/` is not `GET /books`), unless it ends with a greedy label, which takes the
//! slash.
//!
//! Every failure of the corpus is collected and reported at once. Skips, with a message, when
//! the corpus is absent.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use codegen::model::{
    Closure, EnumValue, Member, Model, Shape, ShapeId, ShapeKind, Simple, TimestampFormat,
};
use smithy_codegen_runtime::http::{push_label, push_query, push_query_key};
use smithy_codegen_runtime::support::router::{Route, Routed, Router};

const REST_JSON_1: &str = "aws.protocols#restJson1";

/// The key of the parameter sent for an `@httpQueryParams` map.
const QUERY_PARAMS_KEY: &str = "sample-param";

/// What one model gave.
#[derive(Default)]
struct Outcome {
    /// Whether it has a restJson1 service.
    checked: bool,
    /// Operations whose request was routed (to themselves or not).
    routed: usize,
    /// Of those, the operations whose pattern ends with `/`.
    slashed: usize,
    /// Operations of restJson1 services without `@http`, which have no route.
    unrouted: usize,
    failures: Vec<String>,
}

#[test]
fn every_rest_json_operation_routes_to_itself() {
    let Some(dir) =
        support::corpus::corpus_dir_or_skip("every_rest_json_operation_routes_to_itself")
    else {
        return;
    };
    let start = Instant::now();
    let paths = support::json_files(&dir);
    assert_eq!(paths.len(), 296, "models in the corpus");
    // Loading the models is most of the work: spread it over the machine's threads.
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(PathBuf, Outcome)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(path) = paths.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcome = check_model(path);
                    outcomes
                        .lock()
                        .expect("not poisoned")
                        .push((path.clone(), outcome));
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().expect("not poisoned");
    outcomes.sort_by(|a, b| a.0.cmp(&b.0));

    let models = outcomes.iter().filter(|(_, o)| o.checked).count();
    let routed: usize = outcomes.iter().map(|(_, o)| o.routed).sum();
    let slashed: usize = outcomes.iter().map(|(_, o)| o.slashed).sum();
    let unrouted: usize = outcomes.iter().map(|(_, o)| o.unrouted).sum();
    let failures: Vec<&String> = outcomes.iter().flat_map(|(_, o)| &o.failures).collect();
    eprintln!(
        "corpus routing: {models} restJson1 models checked, {routed} operations routed \
         ({slashed} of them with a pattern ending with `/`; {unrouted} without `@http` have no \
         route), {} failures ({:.1?})",
        failures.len(),
        start.elapsed()
    );
    // The corpus has restJson1 models by the dozen; none found means the test checks nothing.
    assert!(
        models > 0 && routed > 0,
        "no restJson1 operation was routed"
    );
    // The corpus's patterns ending with `/`: the requests with a trailing slash were sent.
    assert_eq!(slashed, 74, "operations whose pattern ends with `/`");
    if !failures.is_empty() {
        let mut report = String::new();
        for failure in &failures {
            let _ = writeln!(report, "  {failure}");
        }
        panic!(
            "{} of {routed} operations did not route to themselves:\n{report}",
            failures.len()
        );
    }
}

/// Loads one corpus model and routes a request for each `@http` operation of its restJson1
/// services.
fn check_model(path: &Path) -> Outcome {
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut outcome = Outcome::default();
    // Most models are of other protocols; a model that never names the trait has no service
    // with it, and need not be loaded.
    if !text.contains(REST_JSON_1) {
        return outcome;
    }
    let model = match codegen::model::load([(file.as_str(), text.as_str())]) {
        Ok((model, _warnings)) => model,
        Err(diagnostics) => {
            let first = diagnostics.first().map(ToString::to_string);
            outcome.failures.push(format!(
                "{file}: does not load ({} diagnostics; first: {})",
                diagnostics.len(),
                first.unwrap_or_default()
            ));
            return outcome;
        }
    };
    for service in model.services() {
        if !service.traits.raw.contains_key(REST_JSON_1) {
            continue;
        }
        outcome.checked = true;
        check_service(&file, &model, &service.id, &mut outcome);
    }
    outcome
}

fn check_service(file: &str, model: &Model, service: &ShapeId, outcome: &mut Outcome) {
    let closure = Closure::of_service(model, service);
    let table = closure.http_routes(model);
    outcome.unrouted += closure.operations.len() - table.len();
    // `Route` holds `&'static str`, as generated servers' tables do. The strings of a few
    // thousand routes, leaked once per test run, are of no consequence.
    let leak = |s: &str| -> &'static str { Box::leak(Box::<str>::from(s)) };
    let routes: Vec<Route<usize>> = table
        .iter()
        .enumerate()
        .map(|(at, route)| Route {
            method: leak(&route.method),
            uri: leak(route.uri),
            value: at,
        })
        .collect();
    let router = Router::new(&routes);
    for (at, route) in table.iter().enumerate() {
        let op = route.operation;
        let target = match client_target(model, op, route.uri) {
            Ok(target) => target,
            Err(problem) => {
                outcome.failures.push(format!(
                    "{file}: {op} (`{} {}`): no request: {problem}",
                    route.method, route.uri
                ));
                continue;
            }
        };
        outcome.routed += 1;
        let (path, query) = target
            .split_once('?')
            .map_or((target.as_str(), None), |(p, q)| (p, Some(q)));
        let pattern = route.uri.split_once('?').map_or(route.uri, |(p, _)| p);
        let slashed = |path: &str| format!("{path}/");
        // (path sent, whether it must reach the operation)
        let mut requests = Vec::new();
        if pattern.ends_with('/') && pattern != "/" {
            // As AWS clients send it, then as the generated client does.
            outcome.slashed += 1;
            requests.push((slashed(path), true));
            requests.push((path.to_owned(), true));
        } else {
            requests.push((path.to_owned(), true));
            if !pattern.ends_with("+}") {
                requests.push((slashed(path), false));
            }
        }
        for (path, reaches) in requests {
            let problem = match router.route(&route.method, &path, query) {
                Routed::Found(found) if (found == at) == reaches => continue,
                Routed::Found(found) if found == at => {
                    "routed to the operation, whose pattern has no trailing slash".to_owned()
                }
                _ if !reaches => continue,
                Routed::Found(other) => {
                    let other = &table[other];
                    format!(
                        "routed to {} ({} {})",
                        other.operation, other.method, other.uri
                    )
                }
                Routed::MethodNotAllowed(allowed) => {
                    format!("method not allowed (the path takes {allowed:?})")
                }
                Routed::NotFound => "not found".to_owned(),
            };
            let target = match query {
                Some(query) => format!("{path}?{query}"),
                None => path,
            };
            outcome.failures.push(format!(
                "{file}: {op} (`{} {}`): `{} {target}` {problem}",
                route.method, route.uri, route.method
            ));
        }
    }
}

/// The target (path and query) of the request a client sends for `op`, whose URI pattern is
/// `uri`, with a sample input, written as the generated `build_request` writes it.
fn client_target(model: &Model, op: &ShapeId, uri: &str) -> Result<String, String> {
    let shape = model.expect(op);
    let ShapeKind::Operation { input, .. } = &shape.kind else {
        return Err("not an operation".to_owned());
    };
    let members: &[Member] = if Model::is_unit(input) {
        &[]
    } else {
        model.expect(input).members()
    };
    let (pattern, literals) = uri.split_once('?').unwrap_or((uri, ""));

    let mut target = String::new();
    for segment in pattern.split('/').filter(|s| !s.is_empty()) {
        target.push('/');
        let Some(label) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
            target.push_str(segment);
            continue;
        };
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        let member = members
            .iter()
            .find(|m| m.name == name && m.traits.http_label)
            .ok_or_else(|| format!("label {{{label}}} has no `@httpLabel` input member"))?;
        let value = sample(model, member, greedy)?;
        if value.is_empty() {
            return Err(format!("label {{{label}}} has an empty sample"));
        }
        push_label(&mut target, value, greedy);
    }
    if target.is_empty() {
        target.push('/');
    }

    let mut query = String::new();
    for literal in literals.split('&').filter(|p| !p.is_empty()) {
        match literal.split_once('=') {
            Some((key, value)) => push_query(&mut query, key, value),
            None => push_query_key(&mut query, literal),
        }
    }
    for member in members {
        if let Some(key) = &member.traits.http_query
            && member.traits.required
        {
            let item = match &model.expect(&member.target).kind {
                ShapeKind::List(item) => item,
                _ => member,
            };
            push_query(&mut query, key, sample(model, item, false)?);
        }
        if member.traits.http_query_params {
            push_query(&mut query, QUERY_PARAMS_KEY, "1");
        }
    }
    target.push_str(&query);
    Ok(target)
}

/// The text of a sample value of a member's target, as labels and query parameters carry it:
/// for a timestamp, in the member's format (or its target's), else `date-time`.
fn sample(model: &Model, member: &Member, greedy: bool) -> Result<String, String> {
    let target: &Shape = model.expect(&member.target);
    let text = match &target.kind {
        ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_) => {
            match target.string_enum_values().first() {
                Some(entry) => entry.value.to_owned(),
                None if greedy => "sample-1/sample-2".to_owned(),
                None => "sample-1".to_owned(),
            }
        }
        ShapeKind::IntEnum(values) => match values.first().map(|v| &v.traits.enum_value) {
            Some(Some(EnumValue::Int(value))) => value.to_string(),
            _ => return Err(format!("intEnum {} has no value", target.id)),
        },
        ShapeKind::Simple(
            Simple::Byte | Simple::Short | Simple::Integer | Simple::Long | Simple::BigInteger,
        ) => "7".to_owned(),
        ShapeKind::Simple(Simple::Float | Simple::Double | Simple::BigDecimal) => "7.5".to_owned(),
        ShapeKind::Simple(Simple::Boolean) => "true".to_owned(),
        ShapeKind::Simple(Simple::Timestamp) => {
            let format = member
                .traits
                .timestamp_format
                .or(target.traits.timestamp_format)
                .unwrap_or(TimestampFormat::DateTime);
            match format {
                TimestampFormat::DateTime => "2024-01-02T03:04:05Z",
                TimestampFormat::HttpDate => "Tue, 02 Jan 2024 03:04:05 GMT",
                TimestampFormat::EpochSeconds => "1704164645",
            }
            .to_owned()
        }
        _ => {
            return Err(format!(
                "member {} targets a {} ({}), which no label or query parameter carries",
                member.name,
                target.type_name(),
                target.id
            ));
        }
    };
    Ok(text)
}
