//! Our generated server against a hand-written axum route, in-process, and the router's own
//! cost on the full model:
//!
//! * `success`, `not_found`, `validation_failure`: one `GetWorkflow` request to a clone of each
//!   service (`oneshot`), the response body collected; `ours` is
//!   `customer_profiles::server::Server`, `axum` the route of `bench_server::hand`. The requests
//!   are built outside the timed part (`iter_batched`), identical for both sides.
//! * `router`: `customer_profiles_full::server::route` over one request per operation of the
//!   70-operation model (`full_mix`; criterion's time is for the whole mix, the summary divides
//!   it by the number of requests), and the one-operation crate's `route` on `GetWorkflow`.
//!
//! At the end the median and mean of each side and the ratio axum / ours are printed (read back
//! from criterion's `estimates.json`): a ratio of 1.0 or more means ours is at least as fast.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use bench_server::samples::Case;
use bench_server::{call, full, hand, ours};
use criterion::{BatchSize, Criterion, Throughput};

fn service_group(c: &mut Criterion, case: Case) {
    let mut group = c.benchmark_group(case.group());
    let ours = ours::service();
    group.bench_function("ours", |b| {
        b.iter_batched(
            || case.request(),
            |request| call(&ours, request),
            BatchSize::SmallInput,
        )
    });
    let hand = hand::service();
    group.bench_function("axum", |b| {
        b.iter_batched(
            || case.request(),
            |request| call(&hand, request),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn router_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("router");
    let requests: Vec<http::Request<()>> = full::requests().into_iter().map(|(_, r)| r).collect();
    group.throughput(Throughput::Elements(requests.len() as u64));
    group.bench_function("full_mix", |b| {
        b.iter(|| {
            for request in &requests {
                let _ = black_box(customer_profiles_full::server::route(black_box(request)));
            }
        })
    });
    let one = Case::Success.request().map(|_| ());
    group.throughput(Throughput::Elements(1));
    group.bench_function("one_operation", |b| {
        b.iter(|| customer_profiles::server::route(black_box(&one)))
    });
    group.finish();
}

/// Where criterion writes its reports: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else this package's `target/criterion` (the package is its own workspace).
fn output_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

/// Median and mean in nanoseconds of one benchmark's latest run, if it ran.
fn estimate(dir: &Path, group: &str, function: &str) -> Option<(f64, f64)> {
    let text =
        std::fs::read_to_string(dir.join(group).join(function).join("new/estimates.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let point = |k: &str| json.get(k)?.get("point_estimate")?.as_f64();
    Some((point("median")?, point("mean")?))
}

fn print_summary(dir: &Path, mix: usize) {
    println!(
        "\nsummary (median / mean per request; ratio = axum / ours, 1.0 or more means ours is at least as fast)"
    );
    println!(
        "{:<20} {:>22} {:>22} {:>12}",
        "group", "ours", "axum", "ratio"
    );
    let fmt = |e: Option<(f64, f64)>| match e {
        Some((median, mean)) => format!("{median:.0} / {mean:.0} ns"),
        None => "-".to_owned(),
    };
    let fine = |e: Option<(f64, f64)>| match e {
        Some((median, mean)) => format!("{median:.1} / {mean:.1} ns"),
        None => "-".to_owned(),
    };
    for case in Case::ALL {
        let group = case.group();
        let ours = estimate(dir, group, "ours");
        let axum = estimate(dir, group, "axum");
        let ratio = match (ours, axum) {
            (Some((om, oa)), Some((am, aa))) => format!("{:.2} / {:.2}", am / om, aa / oa),
            _ => "-".to_owned(),
        };
        println!(
            "{group:<20} {:>22} {:>22} {ratio:>12}",
            fmt(ours),
            fmt(axum)
        );
    }
    let per = |e: Option<(f64, f64)>, n: usize| e.map(|(m, a)| (m / n as f64, a / n as f64));
    println!(
        "router, {mix} operations: {} (median / mean per request, over one request per operation)",
        fine(per(estimate(dir, "router", "full_mix"), mix))
    );
    println!(
        "router, 1 operation: {} (GetWorkflow, the committed crate)",
        fine(estimate(dir, "router", "one_operation"))
    );
}

fn main() {
    let dir = output_dir();
    let mut c = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    for case in Case::ALL {
        service_group(&mut c, case);
    }
    router_group(&mut c);
    c.final_summary();
    print_summary(&dir, full::ROUTES.len());
}
