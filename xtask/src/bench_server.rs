//! `cargo xtask bench-server`: our generated server against a hand-written axum route, and the
//! router's own cost on the full Customer Profiles model (`xtask/bench-server`, its own
//! workspace).
//!
//! Generates the full model (from the shared corpus) into
//! `target/bench-server/crates/customer-profiles-full`, runs `cargo bench --locked` in
//! `xtask/bench-server` with `CARGO_TARGET_DIR=target/bench-server/target`, then reads
//! criterion's `estimates.json` back and prints the ratios. A measurement, not a test: CI does
//! not run it.

use std::path::Path;
use std::process::Command;

pub const USAGE: &str = "\
usage: cargo xtask bench-server [-- CRITERION_ARGS...]

  Generates the full customer-profiles model (from the shared corpus) into
  target/bench-server/crates/customer-profiles-full, runs `cargo bench --locked` in
  xtask/bench-server (target dir target/bench-server/target), and prints per-request times:
  our server against a hand-written axum route (ratio axum / ours, 1.0 or more: ours is at
  least as fast), and the router's cost on the 70-operation model.
  -- CRITERION_ARGS  passed to the benchmark (a group filter, `--quick`...)";

const MODEL: &str = "customer-profiles-2020-08-15.json";
const CRATE: &str = "customer-profiles-full";
/// The side-by-side groups of `benches/server.rs`.
const GROUPS: [&str; 3] = ["success", "not_found", "validation_failure"];

pub struct Args {
    criterion: Vec<String>,
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        match args.first().map(String::as_str) {
            None => Ok(Some(Args {
                criterion: Vec::new(),
            })),
            Some("--") => Ok(Some(Args {
                criterion: args[1..].to_vec(),
            })),
            Some("-h" | "--help") => Ok(None),
            Some(other) => Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let root = super::workspace_root();
    let model = super::corpus::unpacked_corpus()?.join(MODEL);
    let out = root.join("target/bench-server");
    let report = super::generate_crate(&model, CRATE, &out.join("crates").join(CRATE))?;
    eprintln!("{report}");

    let target = out.join("target");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["bench", "--locked", "--bench", "server", "--"])
        .args(&args.criterion)
        .current_dir(root.join("xtask/bench-server"))
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("error: cargo bench failed in xtask/bench-server".into());
    }
    print!("{}", table(&target.join("criterion")));
    Ok(())
}

/// A benchmark's median in nanoseconds and its throughput in elements (1 when it has none), as
/// its latest run wrote them.
fn estimate(dir: &Path, group: &str, function: &str) -> Option<(f64, u64)> {
    let at = dir.join(group).join(function).join("new");
    let read = |file: &str| -> Option<serde_json::Value> {
        serde_json::from_str(&std::fs::read_to_string(at.join(file)).ok()?).ok()
    };
    let median = read("estimates.json")?["median"]["point_estimate"].as_f64()?;
    let elements = read("benchmark.json")
        .and_then(|b| b["throughput"]["Elements"].as_u64())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    Some((median, elements))
}

/// The summary: per-request medians of both sides and their ratio, then the router's cost.
fn table(dir: &Path) -> String {
    let mut text = String::from(
        "\n| group (median per request) | ours | axum | axum / ours |\n| --- | ---: | ---: | ---: |\n",
    );
    for group in GROUPS {
        let ours = estimate(dir, group, "ours").map(|(t, _)| t);
        let axum = estimate(dir, group, "axum").map(|(t, _)| t);
        let ns = |t: Option<f64>| t.map_or("-".to_owned(), |t| format!("{t:.0} ns"));
        let ratio = match (ours, axum) {
            (Some(o), Some(a)) => format!("{:.2}", a / o),
            _ => "-".to_owned(),
        };
        text.push_str(&format!(
            "| {group} | {} | {} | {ratio} |\n",
            ns(ours),
            ns(axum)
        ));
    }
    for (function, what) in [
        (
            "full_mix",
            "router, one request per operation of the full model",
        ),
        (
            "one_operation",
            "router, GetWorkflow on the one-operation crate",
        ),
    ] {
        if let Some((median, n)) = estimate(dir, "router", function) {
            text.push_str(&format!(
                "\n{what}: {:.1} ns per request ({n} request{})",
                median / n as f64,
                if n == 1 { "" } else { "s" }
            ));
        }
    }
    text.push('\n');
    text
}
