//! Runs one side of one benchmark group many times, for a profiler that counts instructions
//! (they do not depend on the machine's load, unlike criterion's times):
//!
//! ```sh
//! CARGO_TARGET_DIR=../../target/bench-server/target CARGO_PROFILE_RELEASE_DEBUG=true \
//!     cargo build --release --locked --example profile
//! valgrind --tool=callgrind --callgrind-out-file=ours.out \
//!     ../../target/bench-server/target/release/examples/profile ours success 10000
//! callgrind_annotate --inclusive=yes ours.out | head -60
//! ```
//!
//! `SIDE` is `ours`, `axum` or `router` (the full model's router over its request mix; `GROUP`
//! is then ignored); `GROUP` is `success`, `not_found` or `validation_failure`. The requests
//! are built before the loop; one warm-up call first, so one-time setup (the router's tree,
//! compiled regexes) can be told apart.

use std::hint::black_box;

use bench_server::samples::Case;
use bench_server::{call, full, hand, ours};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: profile ours|axum|router success|not_found|validation_failure [N]";
    let (Some(side), Some(group)) = (args.first(), args.get(1)) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let n: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let Some(case) = Case::ALL.into_iter().find(|c| c.group() == group) else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    match side.as_str() {
        "ours" => run(&ours::service(), case, n),
        "axum" => run(&hand::service(), case, n),
        "router" => {
            let requests: Vec<_> = full::requests().into_iter().map(|(_, r)| r).collect();
            for _ in 0..n {
                for request in &requests {
                    let _ = black_box(customer_profiles_full::server::route(black_box(request)));
                }
            }
        }
        _ => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    }
}

fn run<S, B>(service: &S, case: Case, n: usize)
where
    S: tower::Service<http::Request<bench_server::RequestBody>, Response = http::Response<B>>
        + Clone,
    S::Error: std::fmt::Debug,
    B: http_body::Body,
    B::Error: std::fmt::Debug,
{
    black_box(call(service, case.request()));
    let requests: Vec<_> = (0..n).map(|_| case.request()).collect();
    for request in requests {
        black_box(call(service, request));
    }
}
