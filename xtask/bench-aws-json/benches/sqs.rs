//! Our generated Amazon SQS crate against the AWS SDK for Rust, side by side, without I/O
//! (awsJson1_0):
//!
//! * `parse_receive_message`: the sample `ReceiveMessage` response (10 messages, 12.7 KB)
//!   to the typed output;
//! * `build_send_message`: the sample `SendMessage` input, built in the loop on both sides, to
//!   the HTTP request (ours includes `input.validate()`; the SDK checks nothing).
//!
//! Each group has an `ours` and an `sdk` function. At the end the ratio ours/SDK of each group's
//! median and mean is printed (read back from criterion's `estimates.json`).

#![allow(
    clippy::result_large_err,
    reason = "the SDK's operation errors are large"
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use bench_aws_json::samples::*;
use bench_aws_json::{
    ReceiveMessageDriver, SendMessageDriver, ours_send_message_input, sdk_send_message_input,
};
use criterion::Criterion;

const GROUPS: [&str; 2] = ["parse_receive_message", "build_send_message"];

fn parse_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_receive_message");
    let response = receive_message_response();
    group.bench_function("ours", |b| {
        b.iter(|| aws_sqs::operation::ReceiveMessage::parse_response(black_box(&response)))
    });
    let driver = ReceiveMessageDriver::get();
    let response = sdk_receive_message_response();
    group.bench_function("sdk", |b| b.iter(|| driver.parse(black_box(&response))));
    group.finish();
}

fn build_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("build_send_message");
    group.bench_function("ours", |b| {
        b.iter(|| {
            let input = black_box(ours_send_message_input());
            input.validate().expect("valid input");
            aws_sqs::operation::SendMessage::build_request(&input).expect("request")
        })
    });
    let driver = SendMessageDriver::get();
    group.bench_function("sdk", |b| {
        b.iter(|| {
            let input = black_box(sdk_send_message_input());
            driver.serialize(input).expect("request")
        })
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

fn print_summary(dir: &Path) {
    println!(
        "\nsummary (median / mean per iteration; ratio = ours / SDK, below 1 means ours is faster)"
    );
    println!(
        "{:<22} {:>22} {:>22} {:>12}",
        "group", "ours", "sdk", "ratio"
    );
    for group in GROUPS {
        let ours = estimate(dir, group, "ours");
        let sdk = estimate(dir, group, "sdk");
        let fmt = |e: Option<(f64, f64)>| match e {
            Some((median, mean)) => format!("{median:.0} / {mean:.0} ns"),
            None => "-".to_owned(),
        };
        let ratio = match (ours, sdk) {
            (Some((om, oa)), Some((sm, sa))) => format!("{:.2} / {:.2}", om / sm, oa / sa),
            _ => "-".to_owned(),
        };
        println!("{group:<22} {:>22} {:>22} {ratio:>12}", fmt(ours), fmt(sdk));
    }
}

fn main() {
    let dir = output_dir();
    let mut c = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    parse_group(&mut c);
    build_group(&mut c);
    c.final_summary();
    print_summary(&dir);
}
