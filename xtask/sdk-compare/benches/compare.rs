//! Our generated crate against the AWS SDK for Rust, side by side, without I/O:
//!
//! * `parse_success`: a full `GetWorkflow` success response to the typed output;
//! * `parse_throttling`: a `ThrottlingException` response to the typed error;
//! * `build_request`: a domain name and workflow id to the HTTP request (ours includes
//!   `input.validate()`; the SDK checks only that the labels are set).
//!
//! Each group has an `ours` and an `sdk` function. At the end the ratio ours/SDK of each group's
//! median and mean is printed (read back from criterion's `estimates.json`). Without the `ours`
//! feature, only the SDK side runs.

#![allow(
    clippy::result_large_err,
    reason = "the SDK's GetWorkflowError is large"
)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use aws_sdk_customerprofiles::operation::get_workflow::GetWorkflowInput;
use criterion::Criterion;
use sdk_compare::samples::*;
use sdk_compare::{SdkDriver, http_response, sdk_http_response};

const GROUPS: [&str; 3] = ["parse_success", "parse_throttling", "build_request"];

fn parse_group(c: &mut Criterion, name: &str, status: u16, headers: &[(&str, &str)], body: &str) {
    let mut group = c.benchmark_group(name);
    #[cfg(feature = "ours")]
    {
        use customer_profiles::operation::GetWorkflow;
        let response = http_response(status, headers, body.as_bytes());
        group.bench_function("ours", |b| {
            b.iter(|| GetWorkflow::parse_response(black_box(&response)))
        });
    }
    #[cfg(not(feature = "ours"))]
    let _ = http_response;
    let driver = SdkDriver::get();
    let response = sdk_http_response(status, headers, body.as_bytes());
    group.bench_function("sdk", |b| b.iter(|| driver.parse(black_box(&response))));
    group.finish();
}

fn build_group(c: &mut Criterion) {
    let mut group = c.benchmark_group("build_request");
    #[cfg(feature = "ours")]
    {
        use customer_profiles::operation::GetWorkflow;
        use customer_profiles::types::GetWorkflowRequest;
        group.bench_function("ours", |b| {
            b.iter(|| {
                let input = GetWorkflowRequest {
                    domain_name: black_box(DOMAIN).to_owned(),
                    workflow_id: black_box(WORKFLOW_ID).to_owned(),
                };
                input.validate().expect("valid input");
                GetWorkflow::build_request(&input).expect("request")
            })
        });
    }
    let driver = SdkDriver::get();
    group.bench_function("sdk", |b| {
        b.iter(|| {
            let input = GetWorkflowInput::builder()
                .domain_name(black_box(DOMAIN))
                .workflow_id(black_box(WORKFLOW_ID))
                .build()
                .expect("input");
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
        "{:<18} {:>22} {:>22} {:>16}",
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
        println!("{group:<18} {:>22} {:>22} {ratio:>16}", fmt(ours), fmt(sdk));
    }
}

fn main() {
    let dir = output_dir();
    let mut c = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    parse_group(&mut c, "parse_success", 200, SUCCESS_HEADERS, SUCCESS_BODY);
    parse_group(
        &mut c,
        "parse_throttling",
        429,
        THROTTLING_HEADERS,
        THROTTLING_BODY,
    );
    build_group(&mut c);
    c.final_summary();
    print_summary(&dir);
}
