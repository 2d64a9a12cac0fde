//! `cargo xtask compile-time`: how long our crate for the full customer-profiles model takes to
//! build, with its default features and without (`server` off), against
//! `aws-sdk-customerprofiles` (default features off), side by side in one run.
//!
//! Both crates live in one scratch workspace under `target/compile-time`, so their dependencies
//! build once. Each round cleans one crate (`cargo clean -p`) and times `cargo build -p` of it
//! alone, with its dependencies already built: the time is the crate's own. The best of the
//! rounds counts. The SDK needs crates.io; it is a measurement, not a test, and CI does not run it.

mod handlers;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub const USAGE: &str = "\
usage: cargo xtask compile-time [--rounds N] [--release] [--handlers]

  Builds our crate for the full customer-profiles model (from the shared corpus) and
  aws-sdk-customerprofiles (default features off) in one workspace under target/compile-time,
  then times `cargo check` and `cargo build` of each crate alone, N rounds each (default 2):
  ours with its default features, ours with `--no-default-features` (no `server`), the SDK.
  --release          time release builds instead of dev builds
  --handlers         also time two applications of our crate that serve every operation: one
                     with the generated `Handlers` trait, one with a builder of closures";

/// The SDK version compared against (as in `xtask/sdk-compare`).
const SDK_VERSION: &str = "1.136";
const SDK: &str = "aws-sdk-customerprofiles";
const OURS: &str = "customer-profiles-full";

pub struct Args {
    rounds: usize,
    release: bool,
    handlers: bool,
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut a = Args {
            rounds: 2,
            release: false,
            handlers: false,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--rounds" => {
                    a.rounds = it
                        .next()
                        .and_then(|n| n.parse().ok())
                        .filter(|n| *n > 0)
                        .ok_or(format!("--rounds needs a positive number\n\n{USAGE}"))?
                }
                "--release" => a.release = true,
                "--handlers" => a.handlers = true,
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        Ok(Some(a))
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let root = super::workspace_root();
    let model = super::corpus::unpacked_corpus()?.join("customer-profiles-2020-08-15.json");
    let text =
        fs::read_to_string(&model).map_err(|e| format!("error: {}: {e}", model.display()))?;
    let out = root.join("target/compile-time");
    let options = codegen::Options {
        crate_name: OURS.into(),
        service: None,
        lenient: true,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ..Default::default()
    };
    let generated = codegen::generate(&[("customer-profiles-2020-08-15.json", &text)], &options)
        .map_err(|f| format!("{f}\ngeneration failed"))?;
    codegen::output::write_or_check(
        &out.join(OURS),
        &generated.files,
        codegen::output::Mode::Write,
    )
    .map_err(|e| format!("error: {e}"))?;
    let shim = out.join("sdk");
    fs::create_dir_all(shim.join("src")).map_err(|e| format!("error: {e}"))?;
    write(
        &shim.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"sdk\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{SDK} = {{ version = \"{SDK_VERSION}\", default-features = false }}\n"
        ),
    )?;
    write(
        &shim.join("src/lib.rs"),
        "pub use aws_sdk_customerprofiles;\n",
    )?;
    let apps = if args.handlers {
        handlers::write_apps(&out, OURS)?
    } else {
        Vec::new()
    };
    let members: Vec<String> = [OURS, "sdk"]
        .iter()
        .chain(&apps)
        .map(|m| format!("\"{m}\""))
        .collect();
    write(
        &out.join("Cargo.toml"),
        &format!(
            "# Written by `cargo xtask compile-time`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    // The versions the SDK comparison is tested with.
    let lock = root.join("xtask/sdk-compare/Cargo.lock");
    if lock.is_file() && !out.join("Cargo.lock").exists() {
        fs::copy(&lock, out.join("Cargo.lock")).map_err(|e| format!("error: Cargo.lock: {e}"))?;
    }

    let profile: &[&str] = if args.release { &["--release"] } else { &[] };
    println!("building both crates and their dependencies once...");
    // `check` and `build` keep different artifacts of the dependencies: warm both.
    cargo(&out, &[&["check", "--workspace"], profile].concat())?;
    cargo(&out, &[&["build", "--workspace"], profile].concat())?;
    // Ours without the `server` feature, as a client-only user builds it.
    for step in ["check", "build"] {
        cargo(
            &out,
            &[&[step, "-p", OURS, "--no-default-features"], profile].concat(),
        )?;
    }

    let ours_lines = rust_lines(&out.join(OURS).join("src"));
    let sdk_src = sdk_source(&out)?;
    let sdk_lines = rust_lines(&sdk_src);
    let mut rows = Vec::new();
    // Ours with its default features (`server` on), ours without, and the SDK.
    let builds: [(&str, &[&str]); 3] =
        [(OURS, &[]), (OURS, &["--no-default-features"]), (SDK, &[])];
    for step in ["check", "build"] {
        let mut best = [Duration::MAX; 3];
        for round in 0..args.rounds {
            for (i, (package, features)) in builds.into_iter().enumerate() {
                cargo(&out, &[&["clean", "-p", package], profile].concat())?;
                let started = Instant::now();
                cargo(&out, &[&[step, "-p", package], features, profile].concat())?;
                let took = started.elapsed();
                println!(
                    "  round {}: cargo {step} -p {package} {}: {:.1} s",
                    round + 1,
                    features.join(" "),
                    took.as_secs_f64()
                );
                best[i] = best[i].min(took);
            }
        }
        rows.push((step, best));
    }
    let mut app_rows = Vec::new();
    if !apps.is_empty() {
        // The rounds above cleaned our crate; the applications time their own build only.
        cargo(&out, &[&["build", "--workspace"], profile].concat())?;
    }
    for app in &apps {
        let mut best = Duration::MAX;
        for round in 0..args.rounds {
            cargo(&out, &[&["clean", "-p", app], profile].concat())?;
            let started = Instant::now();
            cargo(&out, &[&["build", "-p", app], profile].concat())?;
            let took = started.elapsed();
            println!(
                "  round {}: cargo build -p {app}: {:.1} s",
                round + 1,
                took.as_secs_f64()
            );
            best = best.min(took);
        }
        app_rows.push((app, rust_lines(&out.join(app).join("src")), best));
    }
    println!(
        "\n{} build of the crate alone (dependencies built), best of {} rounds:",
        if args.release { "release" } else { "dev" },
        args.rounds
    );
    println!(
        "| step | {OURS} ({ours_lines} lines) | without `server` | {SDK} ({sdk_lines} lines) | ratio | ratio without `server` |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (step, [ours, client_only, sdk]) in rows {
        println!(
            "| cargo {step} | {:.1} s | {:.1} s | {:.1} s | {:.2} | {:.2} |",
            ours.as_secs_f64(),
            client_only.as_secs_f64(),
            sdk.as_secs_f64(),
            ours.as_secs_f64() / sdk.as_secs_f64(),
            client_only.as_secs_f64() / sdk.as_secs_f64()
        );
    }
    if !app_rows.is_empty() {
        println!(
            "\nAn application serving every operation of {OURS} (the crate built), best of {} rounds:",
            args.rounds
        );
        println!("| handlers | lines | cargo build |");
        println!("| --- | ---: | ---: |");
        for (app, lines, took) in app_rows {
            println!("| {app} | {lines} | {:.1} s |", took.as_secs_f64());
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    fs::write(path, text).map_err(|e| format!("error: {}: {e}", path.display()))
}

fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: cargo {} failed in {}",
            args.join(" "),
            dir.display()
        ))
    }
}

/// The `src` folder of the SDK crate the workspace resolved.
fn sdk_source(dir: &Path) -> Result<PathBuf, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1"])
        .current_dir(dir)
        .output()
        .map_err(|e| format!("error: cannot run cargo metadata: {e}"))?;
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("error: cargo metadata: {e}"))?;
    json["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == SDK)
        .and_then(|p| p["manifest_path"].as_str())
        .map(|m| Path::new(m).with_file_name("src"))
        .ok_or_else(|| format!("error: {SDK} is not in the workspace"))
}

/// Lines of the `.rs` files under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                rust_lines(&p)
            } else if p.extension().is_some_and(|x| x == "rs") {
                fs::read_to_string(&p).map_or(0, |t| t.lines().count())
            } else {
                0
            }
        })
        .sum()
}
