//! A bounded load test of two generated servers over 127.0.0.1, in one process: the servers
//! (in-memory handlers, hyper 1; Feature Store's with a body limit of [`BODY_LIMIT`]) and a
//! hyper 1 client that sends [`REQUESTS`] requests over [`CONNECTIONS`] keep-alive connections
//! to Feature Store and [`SQS_CONNECTIONS`] to SQS, all open at once. SQS gets a tenth of the
//! requests.
//!
//! Each connection has a feature group (or an SQS queue) of its own and sends its share of the
//! requests one after another, drawn by a generator seeded by its index, so what every request
//! must get follows from that connection's own earlier requests: the mix and every answer are
//! the same from run to run, whatever the scheduling. The Feature Store mix: PutRecord,
//! GetRecord of a record there (the body checked, with or without a `FeatureName` filter) and
//! of one that is not (404 `ResourceNotFound`), BatchGetRecord (records and error entries
//! checked), DeleteRecord, and about 16% requests a server must refuse before any handler
//! runs: a truncated JSON body (400 `SerializationException`), a feature group name outside
//! the model's pattern (400 `ValidationException`), a path of no operation (404
//! `UnknownOperationException`), a method the path does not take (405, with `Allow`), and a
//! body just over the limit (413 `PayloadTooLargeException`; the server closes that
//! connection, and the client opens a new one). The SQS mix (awsJson1_0): CreateQueue, then
//! SendMessage (the MD5 and message id checked), ReceiveMessage (the messages in the order
//! sent, with their receipts), DeleteMessage, and modeled errors (`QueueDoesNotExist`,
//! `ReceiptHandleIsInvalid`, with their `x-amzn-query-error` codes), a truncated body, an
//! unknown `X-Amz-Target` and a GET.
//!
//! Every answer is checked (status, `x-amzn-errortype`, `x-amzn-query-error`, `Allow`, whether
//! the connection stays open, the body where it is known),
//! every request must get exactly one answer (counted by the client and by the server), and
//! the process's resident memory must not grow by more than [`RSS_GROWTH_LIMIT`] between the
//! first tenth of the requests and the end. Prints one summary line; exits non-zero on any
//! mismatch, lost request or memory growth, or after [`DEADLINE`].
//!
//! `load [--requests N] [--connections N]` (defaults: [`REQUESTS`], [`CONNECTIONS`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Method, Request};
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::SendRequest;
use real_clients::{featurestore, listen, md5_hex, sqs};
use serde_json::{Value, json};

/// Requests in all.
const REQUESTS: usize = 100_000;
/// Keep-alive connections to the Feature Store server open at once.
const CONNECTIONS: usize = 64;
/// Keep-alive connections to the SQS server, which gets a tenth of the requests.
const SQS_CONNECTIONS: usize = 8;
/// The server's request body limit, low so that a body over it is cheap to send.
const BODY_LIMIT: usize = 64 * 1024;
/// The run fails, rather than hangs, when it has not finished by then.
const DEADLINE: Duration = Duration::from_secs(180);
/// The most the resident set may grow between a tenth of the requests and the end.
const RSS_GROWTH_LIMIT: u64 = 64 << 20;
/// Record identifiers per connection: PutRecord overwrites, so the store stays small.
const KEYS: usize = 16;
/// The generator's seed: the request mix is a function of it and the connection's index.
const SEED: u64 = 0x5eed_f3a7;
/// Mismatches described in full (the rest are counted).
const SHOWN: usize = 10;

fn main() {
    let (requests, connections) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}\nusage: load [--requests N] [--connections N]");
            std::process::exit(2);
        }
    };
    // Whatever happens on the runtime (a task that never wakes, a deadlock), the process ends.
    std::thread::spawn(|| {
        std::thread::sleep(DEADLINE + Duration::from_secs(5));
        eprintln!("load: error: still running {DEADLINE:?} after the start; stopping");
        std::process::exit(1);
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let outcome = runtime.block_on(run(requests, connections));
    // Connections still open, if any, are the runtime's to drop; nothing waits for them.
    runtime.shutdown_background();
    match outcome {
        Ok(summary) => println!("{summary}"),
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(1);
        }
    }
}

fn parse_args() -> Result<(usize, usize), String> {
    let (mut requests, mut connections) = (REQUESTS, CONNECTIONS);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--requests" => &mut requests,
            "--connections" => &mut connections,
            other => return Err(format!("unknown argument {other:?}")),
        };
        *slot = args
            .next()
            .and_then(|value| value.parse().ok())
            .filter(|&n: &usize| n > 0)
            .ok_or(format!("{arg} needs a positive number"))?;
    }
    Ok((requests, connections))
}

/// What the connections count together.
#[derive(Default)]
struct Stats {
    /// Requests that got a response (whatever it said).
    answered: AtomicUsize,
    /// Responses other than what the request must get.
    mismatches: AtomicUsize,
    /// Requests that got no response: the connection failed or closed first.
    lost: AtomicUsize,
    /// Requests the server's service was called with.
    served: AtomicUsize,
    /// Connections opened (the first of each worker, and each reconnection).
    opened: AtomicUsize,
    /// Connections open now, and the most at once.
    open: AtomicUsize,
    peak_open: AtomicUsize,
    /// Connections the client saw end with an error (after their last response, or not).
    connection_errors: AtomicUsize,
    /// Resident set size after a tenth of the requests, in bytes (0 until then).
    rss_at_tenth: AtomicU64,
    /// The first mismatches and errors, described.
    shown: Mutex<Vec<String>>,
    /// Requests by kind.
    kinds: Mutex<BTreeMap<&'static str, usize>>,
}

impl Stats {
    fn show(&self, text: String) {
        let mut shown = self.shown.lock().unwrap();
        if shown.len() < SHOWN {
            shown.push(text);
        }
    }
}

async fn run(requests: usize, connections: usize) -> Result<String, String> {
    let stats = Arc::new(Stats::default());
    let server = ::featurestore_runtime::server::Server::new(featurestore::Records::default())
        .body_limit(BODY_LIMIT);
    let counted = Arc::clone(&stats);
    let featurestore = listen(hyper::service::service_fn(move |request| {
        counted.served.fetch_add(1, Ordering::Relaxed);
        let mut server = server.clone();
        async move { tower_service::Service::call(&mut server, request).await }
    }))
    .await;
    let queues = ::sqs::server::Server::new(sqs::Queues::default());
    let counted = Arc::clone(&stats);
    let sqs = listen(hyper::service::service_fn(move |request| {
        counted.served.fetch_add(1, Ordering::Relaxed);
        let mut queues = queues.clone();
        async move { tower_service::Service::call(&mut queues, request).await }
    }))
    .await;

    let started = Instant::now();
    // A tenth of the requests, at least one per connection, go to SQS.
    let sqs_requests = (requests / 10).max(SQS_CONNECTIONS);
    let featurestore_requests = requests.saturating_sub(sqs_requests);
    let all_connections = connections + SQS_CONNECTIONS;
    // Every connection opens before any sends, so all of them are open at once.
    let barrier = Arc::new(tokio::sync::Barrier::new(all_connections));
    let workers: Vec<_> = (0..all_connections)
        .map(|index| {
            let (addr, mix, share) = if index < connections {
                let share = featurestore_requests / connections
                    + usize::from(index < featurestore_requests % connections);
                (
                    featurestore,
                    Mix::FeatureStore(FeatureStoreMix::new(index)),
                    share,
                )
            } else {
                let n = index - connections;
                let share = sqs_requests / SQS_CONNECTIONS
                    + usize::from(n < sqs_requests % SQS_CONNECTIONS);
                (sqs, Mix::Sqs(SqsMix::new(n)), share)
            };
            let worker = Worker {
                index,
                addr,
                requests,
                stats: Arc::clone(&stats),
            };
            tokio::spawn(worker.run(mix, share, Arc::clone(&barrier)))
        })
        .collect();
    let all = async {
        for worker in workers {
            worker.await.map_err(|e| format!("a worker failed: {e}"))?;
        }
        Ok::<_, String>(())
    };
    let finished = tokio::time::timeout(DEADLINE, all).await;
    let elapsed = started.elapsed();
    let rss_end = rss("VmRSS");
    let peak = rss("VmHWM");

    let answered = stats.answered.load(Ordering::Relaxed);
    let mismatches = stats.mismatches.load(Ordering::Relaxed);
    let lost = stats.lost.load(Ordering::Relaxed);
    let served = stats.served.load(Ordering::Relaxed);
    let opened = stats.opened.load(Ordering::Relaxed);
    let peak_open = stats.peak_open.load(Ordering::Relaxed);
    let connection_errors = stats.connection_errors.load(Ordering::Relaxed);
    let rss_tenth = stats.rss_at_tenth.load(Ordering::Relaxed);
    let growth = rss_end.saturating_sub(rss_tenth);
    let kinds = stats.kinds.lock().unwrap().clone();

    let mut failures = Vec::new();
    let in_time = finished.is_ok();
    match finished {
        Ok(Ok(())) => {}
        Ok(Err(e)) => failures.push(e),
        Err(_) => failures.push(format!(
            "not done after {DEADLINE:?}: {answered} of {requests} requests answered"
        )),
    }
    if mismatches > 0 {
        failures.push(format!(
            "{mismatches} answers were not what the request must get"
        ));
    }
    if lost > 0 {
        failures.push(format!("{lost} requests got no answer"));
    }
    if answered + lost != requests && in_time {
        failures.push(format!(
            "{answered} answers and {lost} lost for {requests} requests"
        ));
    }
    if served != answered + lost && lost == 0 && in_time {
        failures.push(format!(
            "the server was called {served} times for {answered} answers"
        ));
    }
    if peak_open < all_connections {
        failures.push(format!(
            "only {peak_open} connections were open at once, not {all_connections}"
        ));
    }
    if growth > RSS_GROWTH_LIMIT {
        failures.push(format!(
            "the resident set grew by {} between a tenth of the requests and the end (limit {})",
            mib(growth),
            mib(RSS_GROWTH_LIMIT)
        ));
    }

    let secs = elapsed.as_secs_f64();
    let summary = format!(
        "load: {answered} requests ({featurestore_requests} Feature Store, {sqs_requests} SQS) \
         over {all_connections} keep-alive connections ({connections} + {SQS_CONNECTIONS}; {} \
         reconnections after 413s, {connection_errors} connection errors), {mismatches} \
         mismatches, {lost} lost, {secs:.1} s, {:.0} requests/s, peak RSS {} (RSS {} after 10%, \
         {} at the end: {}{})",
        opened.saturating_sub(all_connections),
        answered as f64 / secs,
        mib(peak),
        mib(rss_tenth),
        mib(rss_end),
        if rss_end >= rss_tenth { "+" } else { "-" },
        mib(rss_end.abs_diff(rss_tenth)),
    );
    let mix = kinds
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if failures.is_empty() {
        return Ok(format!("load: mix: {mix}\n{summary}"));
    }
    let shown = stats.shown.lock().unwrap();
    Err(format!(
        "load: mix: {mix}\n{summary}\nload: error: {}{}",
        failures.join("; "),
        shown
            .iter()
            .map(|line| format!("\n  {line}"))
            .collect::<String>()
    ))
}

/// A field of `/proc/self/status` (`VmRSS`, `VmHWM`), in bytes; 0 where there is none.
fn rss(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
        .map_or(0, |kib| kib * 1024)
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
}

/// One connection's client: its requests, one after another, and what each must get.
struct Worker {
    index: usize,
    addr: SocketAddr,
    /// Requests of the whole run (the count at which the resident set is sampled is a tenth).
    requests: usize,
    stats: Arc<Stats>,
}

impl Worker {
    async fn run(self, mut mix: Mix, share: usize, barrier: Arc<tokio::sync::Barrier>) {
        let mut sender = self.connect().await;
        barrier.wait().await;
        for _ in 0..share {
            let (kind, request, expected) = mix.next();
            *self.stats.kinds.lock().unwrap().entry(kind).or_default() += 1;
            // A connection the server closed (after a 413) is replaced before the request.
            let live = match sender.as_mut() {
                Some(sender) => sender.ready().await.is_ok(),
                None => false,
            };
            if !live {
                sender = self.connect().await;
            }
            let Some(open) = sender.as_mut() else {
                self.stats.lost.fetch_add(1, Ordering::Relaxed);
                continue;
            };
            let what = format!(
                "connection {} {kind} {} {}",
                self.index,
                request.method(),
                request.uri()
            );
            let response = match open.send_request(request).await {
                Ok(response) => response,
                Err(e) => {
                    self.stats.lost.fetch_add(1, Ordering::Relaxed);
                    self.stats.show(format!("{what}: no answer: {e}"));
                    sender = None;
                    continue;
                }
            };
            let (parts, body) = response.into_parts();
            let body = match body.collect().await {
                Ok(body) => body.to_bytes(),
                Err(e) => {
                    self.stats.lost.fetch_add(1, Ordering::Relaxed);
                    self.stats
                        .show(format!("{what}: the body did not arrive: {e}"));
                    sender = None;
                    continue;
                }
            };
            let done = self.stats.answered.fetch_add(1, Ordering::Relaxed) + 1;
            if done == self.requests / 10 {
                self.stats
                    .rss_at_tenth
                    .store(rss("VmRSS"), Ordering::Relaxed);
            }
            if let Err(problem) = expected.check(&parts, &body) {
                self.stats.mismatches.fetch_add(1, Ordering::Relaxed);
                self.stats.show(format!("{what}: {problem}"));
            }
        }
    }

    /// Opens a connection to the server (`None`, counted and shown, when that fails).
    async fn connect(&self) -> Option<SendRequest<Full<Bytes>>> {
        let stream = match tokio::net::TcpStream::connect(self.addr).await {
            Ok(stream) => stream,
            Err(e) => {
                self.stats.connection_errors.fetch_add(1, Ordering::Relaxed);
                self.stats
                    .show(format!("connection {}: connect: {e}", self.index));
                return None;
            }
        };
        stream.set_nodelay(true).ok();
        let io = hyper_util::rt::TokioIo::new(stream);
        let (sender, connection) = match hyper::client::conn::http1::handshake(io).await {
            Ok(pair) => pair,
            Err(e) => {
                self.stats.connection_errors.fetch_add(1, Ordering::Relaxed);
                self.stats
                    .show(format!("connection {}: handshake: {e}", self.index));
                return None;
            }
        };
        self.stats.opened.fetch_add(1, Ordering::Relaxed);
        let open = self.stats.open.fetch_add(1, Ordering::Relaxed) + 1;
        self.stats.peak_open.fetch_max(open, Ordering::Relaxed);
        let stats = Arc::clone(&self.stats);
        let index = self.index;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                stats.connection_errors.fetch_add(1, Ordering::Relaxed);
                stats.show(format!("connection {index}: {e}"));
            }
            stats.open.fetch_sub(1, Ordering::Relaxed);
        });
        Some(sender)
    }
}

/// What a response must be.
struct Expected {
    status: u16,
    /// `x-amzn-errortype`: the error's code, or none for a success.
    error: Option<&'static str>,
    /// `x-amzn-query-error`: the awsQuery code of an `@awsQueryCompatible` service's error.
    query_error: Option<&'static str>,
    /// The `Allow` header of a 405.
    allow: Option<&'static str>,
    /// Whether the server closes the connection after it (`Connection: close`), or keeps it.
    closes: bool,
    body: Body,
}

enum Body {
    /// Whatever the error's message says.
    Any,
    Empty,
    Json(Value),
}

impl Expected {
    fn ok(body: Body) -> Self {
        Expected {
            status: 200,
            error: None,
            query_error: None,
            allow: None,
            closes: false,
            body,
        }
    }

    fn error(status: u16, code: &'static str) -> Self {
        Expected {
            status,
            error: Some(code),
            query_error: None,
            allow: None,
            closes: false,
            body: Body::Any,
        }
    }

    fn check(&self, parts: &http::response::Parts, body: &[u8]) -> Result<(), String> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        };
        let error = header("x-amzn-errortype");
        let got = || {
            format!(
                "{} {} {}",
                parts.status.as_u16(),
                error.as_deref().unwrap_or("(no x-amzn-errortype)"),
                String::from_utf8_lossy(&body[..body.len().min(300)])
            )
        };
        if parts.status.as_u16() != self.status || error.as_deref() != self.error {
            return Err(format!(
                "expected {} {}, got {}",
                self.status,
                self.error.unwrap_or("(no x-amzn-errortype)"),
                got()
            ));
        }
        if header("x-amzn-query-error").as_deref() != self.query_error {
            return Err(format!(
                "expected x-amzn-query-error {:?}, got {:?}",
                self.query_error,
                header("x-amzn-query-error")
            ));
        }
        if self.allow.is_some() && header("allow").as_deref() != self.allow {
            return Err(format!(
                "expected Allow: {}, got {:?}",
                self.allow.unwrap_or_default(),
                header("allow")
            ));
        }
        let closes = header("connection").is_some_and(|value| value.eq_ignore_ascii_case("close"));
        if closes != self.closes {
            return Err(format!(
                "expected the connection {}, got {}",
                if self.closes { "closed" } else { "kept alive" },
                got()
            ));
        }
        match &self.body {
            Body::Any => Ok(()),
            Body::Empty if body.is_empty() => Ok(()),
            Body::Empty => Err(format!("expected no body, got {}", got())),
            Body::Json(expected) => match serde_json::from_slice::<Value>(body) {
                Ok(found) if found == *expected => Ok(()),
                _ => Err(format!("expected the body {expected}, got {}", got())),
            },
        }
    }
}

/// splitmix64: a small seeded generator, the same numbers on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A record as stored: (feature name, value), in the order they were put.
type Record = Vec<(String, String)>;

/// A connection's requests: to the Feature Store server, or to the SQS one.
enum Mix {
    FeatureStore(FeatureStoreMix),
    Sqs(SqsMix),
}

impl Mix {
    fn next(&mut self) -> Case {
        match self {
            Mix::FeatureStore(mix) => mix.next(),
            Mix::Sqs(mix) => mix.next(),
        }
    }
}

/// One connection's Feature Store requests and its model of the store: the records of its own
/// feature group.
struct FeatureStoreMix {
    rng: Rng,
    group: String,
    /// The record of each identifier (`ids[i]`), where one is stored.
    records: Vec<Option<Record>>,
    ids: Vec<String>,
    /// Requests drawn so far.
    drawn: usize,
}

/// A request's kind, its request, and what its response must be.
type Case = (&'static str, Request<Full<Bytes>>, Expected);

/// Characters of generated values: some that JSON escapes or encodes in several bytes, none
/// that `ValueAsString`'s pattern (`.*`, no line terminators) refuses.
const VALUE_CHARS: &[char] = &[
    'a', 'b', 'c', 'x', 'y', 'z', 'A', 'Q', 'Z', '0', '5', '9', ' ', '-', '_', '"', '\\', '/',
    '\t', 'é', '€', '😀',
];

impl FeatureStoreMix {
    fn new(index: usize) -> Self {
        FeatureStoreMix {
            rng: Rng(SEED ^ (index as u64 + 1).wrapping_mul(0xd6e8_feb8_6659_fd93)),
            group: format!("load-{index}"),
            records: vec![None; KEYS],
            // Every other identifier needs percent-encoding in a query string.
            ids: (0..KEYS)
                .map(|i| {
                    if i % 2 == 0 {
                        format!("r{i}")
                    } else {
                        format!("r {i}+é/&=")
                    }
                })
                .collect(),
            drawn: 0,
        }
    }

    fn next(&mut self) -> Case {
        self.drawn += 1;
        match self.rng.below(100) {
            0..26 => self.put(),
            26..48 => self.get_found(),
            48..58 => self.get_missing(),
            58..72 => self.batch_get(),
            72..84 => self.delete(),
            84..88 => self.malformed(),
            88..92 => self.invalid_name(),
            92..95 => self.unknown_path(),
            95..98 => self.wrong_method(),
            _ => self.too_large(),
        }
    }

    fn value(&mut self, max: usize) -> String {
        Self::value_of(&mut self.rng, 0, max)
    }

    /// `min` to `max` characters of [`VALUE_CHARS`].
    fn value_of(rng: &mut Rng, min: usize, max: usize) -> String {
        let len = min + rng.below(max - min + 1);
        (0..len)
            .map(|_| VALUE_CHARS[rng.below(VALUE_CHARS.len())])
            .collect()
    }

    fn record_json(record: &Record) -> Value {
        Value::Array(
            record
                .iter()
                .map(|(name, value)| json!({"FeatureName": name, "ValueAsString": value}))
                .collect(),
        )
    }

    fn put_body(&mut self, id: String, payload: usize) -> (Record, Vec<u8>) {
        let record = vec![
            ("id".to_owned(), id),
            ("seq".to_owned(), self.drawn.to_string()),
            ("payload".to_owned(), self.value(payload)),
        ];
        let body =
            serde_json::to_vec(&json!({ "Record": Self::record_json(&record) })).expect("JSON");
        (record, body)
    }

    fn put(&mut self) -> Case {
        let key = self.rng.below(KEYS);
        let (record, body) = self.put_body(self.ids[key].clone(), 200);
        self.records[key] = Some(record);
        let uri = format!("/FeatureGroup/{}", self.group);
        (
            "put",
            json_request(Method::PUT, &uri, body),
            Expected::ok(Body::Empty),
        )
    }

    fn get_found(&mut self) -> Case {
        let present: Vec<usize> = (0..KEYS).filter(|&k| self.records[k].is_some()).collect();
        if present.is_empty() {
            return self.put();
        }
        let key = present[self.rng.below(present.len())];
        let record = self.records[key].clone().unwrap_or_default();
        let mut uri = format!(
            "/FeatureGroup/{}?RecordIdentifierValueAsString={}",
            self.group,
            encode(&self.ids[key])
        );
        // A third of them name the features they want (a repeated query parameter).
        let wanted: Record = if self.rng.below(3) == 0 {
            let names: &[&str] =
                [&["seq", "id"][..], &["payload"], &["id", "nothing"]][self.rng.below(3)];
            for name in names {
                uri.push_str(&format!("&FeatureName={name}"));
            }
            record
                .into_iter()
                .filter(|(name, _)| names.contains(&name.as_str()))
                .collect()
        } else {
            record
        };
        let expected = json!({ "Record": Self::record_json(&wanted) });
        (
            "get",
            empty_request(Method::GET, &uri),
            Expected::ok(Body::Json(expected)),
        )
    }

    fn get_missing(&mut self) -> Case {
        let uri = format!(
            "/FeatureGroup/{}?RecordIdentifierValueAsString=missing-{}",
            self.group, self.drawn
        );
        let expected = Expected {
            body: Body::Json(json!({
                "Message": format!("no record missing-{} in feature group {}", self.drawn, self.group)
            })),
            ..Expected::error(404, "ResourceNotFound")
        };
        ("get-missing", empty_request(Method::GET, &uri), expected)
    }

    fn batch_get(&mut self) -> Case {
        let keys: Vec<usize> = (0..1 + self.rng.below(4))
            .map(|_| self.rng.below(KEYS))
            .collect();
        let mut records = Vec::new();
        let mut errors = Vec::new();
        for &key in &keys {
            let id = &self.ids[key];
            match &self.records[key] {
                Some(record) => records.push(json!({
                    "FeatureGroupName": self.group,
                    "RecordIdentifierValueAsString": id,
                    "Record": Self::record_json(record),
                })),
                None => errors.push(json!({
                    "FeatureGroupName": self.group,
                    "RecordIdentifierValueAsString": id,
                    "ErrorCode": "ResourceNotFound",
                    "ErrorMessage": "no such record",
                })),
            }
        }
        let body = json!({
            "Identifiers": [{
                "FeatureGroupName": self.group,
                "RecordIdentifiersValueAsString": keys.iter().map(|&k| &self.ids[k]).collect::<Vec<_>>(),
            }]
        });
        let expected = json!({
            "Records": records,
            "Errors": errors,
            "UnprocessedIdentifiers": [],
        });
        (
            "batch-get",
            json_request(
                Method::POST,
                "/BatchGetRecord",
                serde_json::to_vec(&body).expect("JSON"),
            ),
            Expected::ok(Body::Json(expected)),
        )
    }

    fn delete(&mut self) -> Case {
        // Deleting a record that is not there succeeds too.
        let key = self.rng.below(KEYS);
        self.records[key] = None;
        let uri = format!(
            "/FeatureGroup/{}?RecordIdentifierValueAsString={}&EventTime=2026-01-01T00:00:00Z",
            self.group,
            encode(&self.ids[key])
        );
        (
            "delete",
            empty_request(Method::DELETE, &uri),
            Expected::ok(Body::Empty),
        )
    }

    fn malformed(&mut self) -> Case {
        // Any proper prefix of a JSON object is not JSON.
        let key = self.rng.below(KEYS);
        let (_, mut body) = self.put_body(self.ids[key].clone(), 40);
        body.truncate(1 + self.rng.below(body.len() - 1));
        let uri = format!("/FeatureGroup/{}", self.group);
        (
            "malformed",
            json_request(Method::PUT, &uri, body),
            Expected::error(400, "SerializationException"),
        )
    }

    fn invalid_name(&mut self) -> Case {
        let name = match self.rng.below(3) {
            0 => format!("-{}", self.group),
            1 => format!("{}.x", self.group),
            _ => "a".repeat(65 + self.rng.below(100)),
        };
        let uri = format!("/FeatureGroup/{name}?RecordIdentifierValueAsString=r0");
        (
            "invalid",
            empty_request(Method::GET, &uri),
            Expected::error(400, "ValidationException"),
        )
    }

    fn unknown_path(&mut self) -> Case {
        let request = match self.rng.below(3) {
            0 => empty_request(Method::GET, &format!("/FeatureGroups/{}", self.group)),
            1 => json_request(Method::POST, "/BatchGetRecords", b"{}".to_vec()),
            _ => empty_request(Method::GET, &format!("/FeatureGroup/{}/r0", self.group)),
        };
        (
            "unknown-path",
            request,
            Expected::error(404, "UnknownOperationException"),
        )
    }

    fn wrong_method(&mut self) -> Case {
        let (request, allow) = match self.rng.below(3) {
            0 => (
                json_request(
                    Method::POST,
                    &format!("/FeatureGroup/{}", self.group),
                    b"{}".to_vec(),
                ),
                "DELETE, GET, PUT",
            ),
            1 => (
                empty_request(Method::PATCH, &format!("/FeatureGroup/{}", self.group)),
                "DELETE, GET, PUT",
            ),
            _ => (empty_request(Method::GET, "/BatchGetRecord"), "POST"),
        };
        let expected = Expected {
            allow: Some(allow),
            ..Expected::error(405, "MethodNotAllowedException")
        };
        ("wrong-method", request, expected)
    }

    fn too_large(&mut self) -> Case {
        // Well-formed, and a little over the limit.
        let key = self.rng.below(KEYS);
        let (_, mut body) = self.put_body(self.ids[key].clone(), 0);
        let over = BODY_LIMIT + 1 + self.rng.below(4096) - body.len();
        let tail = body.split_off(body.len() - 4); // `"}]}`
        body.extend(std::iter::repeat_n(b'x', over));
        body.extend(tail);
        let uri = format!("/FeatureGroup/{}", self.group);
        let expected = Expected {
            closes: true,
            ..Expected::error(413, "PayloadTooLargeException")
        };
        ("too-large", json_request(Method::PUT, &uri, body), expected)
    }
}

fn empty_request(method: Method, uri: &str) -> Request<Full<Bytes>> {
    request(method, uri, None, Vec::new())
}

fn json_request(method: Method, uri: &str, body: Vec<u8>) -> Request<Full<Bytes>> {
    request(method, uri, Some("application/json"), body)
}

fn request(
    method: Method,
    uri: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Request<Full<Bytes>> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(http::header::HOST, "127.0.0.1");
    if let Some(content_type) = content_type {
        builder = builder.header(http::header::CONTENT_TYPE, content_type);
    }
    builder
        .body(Full::new(Bytes::from(body)))
        .expect("a well-formed request")
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// One connection's SQS requests and its model of its own queue: messages sent and not yet
/// received, in order, and the receipts of those received and not yet deleted.
struct SqsMix {
    rng: Rng,
    name: String,
    url: String,
    created: bool,
    ready: std::collections::VecDeque<(String, String)>,
    receipts: Vec<String>,
    /// What the server counts per queue: messages sent, and receipts given.
    sent: usize,
    given: usize,
    drawn: usize,
}

/// Messages waiting, or receipts held, beyond which the mix receives, or deletes, instead.
const SQS_BACKLOG: usize = 16;

/// awsJson1_0's operation header and media type.
const SQS_TYPE: &str = "application/x-amz-json-1.0";

impl SqsMix {
    fn new(index: usize) -> Self {
        let name = format!("load-{index}");
        SqsMix {
            rng: Rng(SEED ^ (index as u64 + 1).wrapping_mul(0x8cb9_2ba7_2f3d_8dd7)),
            url: format!("http://127.0.0.1/123456789012/{name}"),
            name,
            created: false,
            ready: Default::default(),
            receipts: Vec::new(),
            sent: 0,
            given: 0,
            drawn: 0,
        }
    }

    fn call(operation: &str, body: &Value) -> Request<Full<Bytes>> {
        let mut request = request(
            Method::POST,
            "/",
            Some(SQS_TYPE),
            serde_json::to_vec(body).expect("JSON"),
        );
        request.headers_mut().insert(
            "x-amz-target",
            http::HeaderValue::from_str(&format!("AmazonSQS.{operation}")).expect("a header"),
        );
        request
    }

    fn next(&mut self) -> Case {
        self.drawn += 1;
        if !self.created {
            self.created = true;
            let expected = json!({ "QueueUrl": self.url });
            return (
                "sqs-create",
                Self::call("CreateQueue", &json!({ "QueueName": self.name })),
                Expected::ok(Body::Json(expected)),
            );
        }
        match self.rng.below(100) {
            0..35 if self.ready.len() < SQS_BACKLOG => self.send(),
            0..60 if self.receipts.len() < SQS_BACKLOG => self.receive(),
            0..60 => self.delete(),
            60..85 if !self.receipts.is_empty() => self.delete(),
            60..85 => self.send(),
            85..90 => self.missing_queue(),
            90..93 => self.bad_receipt(),
            93..96 => self.malformed(),
            96..98 => (
                "sqs-unknown-operation",
                Self::call("ReceiveMessages", &json!({ "QueueUrl": self.url })),
                Expected::error(404, "UnknownOperationException"),
            ),
            _ => (
                "sqs-wrong-method",
                empty_request(Method::GET, "/"),
                Expected {
                    allow: Some("POST"),
                    ..Expected::error(405, "MethodNotAllowedException")
                },
            ),
        }
    }

    fn send(&mut self) -> Case {
        let body = FeatureStoreMix::value_of(&mut self.rng, 1, 300);
        self.sent += 1;
        let id = format!("00000000-0000-4000-8000-{:012}", self.sent);
        let expected = json!({ "MD5OfMessageBody": md5_hex(&body), "MessageId": id });
        let request = Self::call(
            "SendMessage",
            &json!({ "QueueUrl": self.url, "MessageBody": body }),
        );
        self.ready.push_back((id, body));
        ("sqs-send", request, Expected::ok(Body::Json(expected)))
    }

    fn receive(&mut self) -> Case {
        let wanted = 1 + self.rng.below(4);
        let mut messages = Vec::new();
        while messages.len() < wanted {
            let Some((id, body)) = self.ready.pop_front() else {
                break;
            };
            self.given += 1;
            let receipt = format!("{id}#{}", self.given);
            messages.push(json!({
                "MessageId": id,
                "ReceiptHandle": receipt,
                "MD5OfBody": md5_hex(&body),
                "Body": body,
            }));
            self.receipts.push(receipt);
        }
        let request = Self::call(
            "ReceiveMessage",
            &json!({ "QueueUrl": self.url, "MaxNumberOfMessages": wanted }),
        );
        let expected = json!({ "Messages": messages });
        ("sqs-receive", request, Expected::ok(Body::Json(expected)))
    }

    fn delete(&mut self) -> Case {
        let receipt = self
            .receipts
            .swap_remove(self.rng.below(self.receipts.len()));
        let request = Self::call(
            "DeleteMessage",
            &json!({ "QueueUrl": self.url, "ReceiptHandle": receipt }),
        );
        ("sqs-delete", request, Expected::ok(Body::Empty))
    }

    /// A modeled error: awsJson1_0 names it in the body's `__type`, and
    /// `@awsQueryCompatible` adds its awsQuery code in `x-amzn-query-error`.
    fn modeled(status: u16, query_error: &'static str, body: Value) -> Expected {
        Expected {
            status,
            error: None,
            query_error: Some(query_error),
            allow: None,
            closes: false,
            body: Body::Json(body),
        }
    }

    fn missing_queue(&mut self) -> Case {
        let name = format!("missing-{}", self.drawn);
        let expected = Self::modeled(
            400,
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
            json!({ "__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": format!("no queue at {name}") }),
        );
        (
            "sqs-missing-queue",
            Self::call("GetQueueUrl", &json!({ "QueueName": name })),
            expected,
        )
    }

    fn bad_receipt(&mut self) -> Case {
        let receipt = format!("nobody-{}", self.drawn);
        let expected = Self::modeled(
            404,
            "ReceiptHandleIsInvalid;Sender",
            json!({ "__type": "com.amazonaws.sqs#ReceiptHandleIsInvalid", "message": format!("no message has receipt {receipt}") }),
        );
        let request = Self::call(
            "DeleteMessage",
            &json!({ "QueueUrl": self.url, "ReceiptHandle": receipt }),
        );
        ("sqs-bad-receipt", request, expected)
    }

    fn malformed(&mut self) -> Case {
        let mut body =
            serde_json::to_vec(&json!({ "QueueUrl": self.url, "MessageBody": "x" })).expect("JSON");
        body.truncate(1 + self.rng.below(body.len() - 1));
        let mut request = request(Method::POST, "/", Some(SQS_TYPE), body);
        request.headers_mut().insert(
            "x-amz-target",
            http::HeaderValue::from_static("AmazonSQS.SendMessage"),
        );
        (
            "sqs-malformed",
            request,
            Expected::error(400, "SerializationException"),
        )
    }
}
