//! `cargo xtask corpus`: runs the generator over the real AWS models in the shared corpus and
//! reports, per model, what it produced and what went wrong. With `--check` the generated crates
//! are also linted (`cargo clippy -D warnings`) and documented (`cargo doc`, rustdoc warnings
//! denied).
//!
//! Everything it writes goes under `--out` (default `target/corpus/`): `summary.md`, and with
//! `--check` the crates (`crates/<name>/`), the workspace that builds them (`Cargo.toml`), its
//! target folder and one log per failing crate (`logs/<name>.log`).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub const USAGE: &str = "\
usage: cargo xtask corpus [--models DIR] [--only NAME,...] [--sample] [--check] [--lenient] [--jobs N] [--out DIR]

  (no options)       generate every model of ../shared/corpus/aws-models.tar.xz (unpacked once
                     into target/aws-models) and write target/corpus/summary.md
  --models DIR       a folder of Smithy JSON AST models to use instead
  --only NAME,...    just these models (file name, or its stem: `sqs-2012-11-05`; repeatable)
  --sample           just the fixed, varied sample used in CI
  --check            also lint and document the generated crates (clippy and rustdoc, -D warnings)
  --lenient          generate as `codegen --lenient` does (patterns no engine compiles are warnings)
  --jobs N           generate with N threads (default 1)
  --out DIR          where the summary, crates and logs go (default: target/corpus/)";

/// A fixed sample of the corpus, varied enough to exercise most of the generator quickly.
/// Chosen by measuring the corpus (shape count, protocol, patterns, recursive shapes, unions,
/// event streams, documents).
const SAMPLE: &[&str] = &[
    // The largest model (2,870 shapes) and the one with the most patterns (384); awsJson1_1.
    "sagemaker-2017-07-24.json",
    // Second largest (2,348 shapes); restJson1.
    "quicksight-2018-04-01.json",
    // The most shapes on a recursion cycle (35).
    "connect-2017-08-08.json",
    // Second most patterns (123).
    "iot-2015-05-28.json",
    // The most unions (44), many patterns (106), recursion.
    "datazone-2018-05-10.json",
    // The largest awsJson1_0 model.
    "compute-optimizer-2019-11-01.json",
    // awsJson1_0 together with awsQueryCompatible error codes.
    "sqs-2012-11-05.json",
    // The two largest awsQuery models.
    "cloudformation-2010-05-15.json",
    "iam-2010-05-08.json",
    // Both restXml models.
    "cloudfront-2020-05-31.json",
    "s3-control-2018-08-20.json",
    // The most event streams (5), documents, 33 unions.
    "bedrock-agent-runtime-2023-07-26.json",
    // Small, but 12 recursive shapes.
    "amplifyuibuilder-2021-08-11.json",
    // The service of this repository's own model (GetWorkflow).
    "customer-profiles-2020-08-15.json",
];

/// How many generated crates one `cargo clippy` / `cargo doc` run checks together.
const BATCH: usize = 20;

/// Marker file of an unpacked corpus; shared with `codegen/tests/support/corpus.rs`.
const MARKER: &str = ".unpacked-ok";

pub struct Args {
    models: Option<PathBuf>,
    only: Vec<String>,
    sample: bool,
    check: bool,
    lenient: bool,
    jobs: usize,
    out: PathBuf,
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut a = Args {
            models: None,
            only: Vec::new(),
            sample: false,
            check: false,
            lenient: false,
            jobs: 1,
            out: super::workspace_root().join("target/corpus"),
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .cloned()
                    .ok_or(format!("{name} needs a value\n\n{USAGE}"))
            };
            match arg.as_str() {
                "--models" => a.models = Some(PathBuf::from(value("--models")?)),
                "--only" => a.only.extend(
                    value("--only")?
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                ),
                "--sample" => a.sample = true,
                "--check" => a.check = true,
                "--lenient" => a.lenient = true,
                "--jobs" => {
                    a.jobs = value("--jobs")?
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or(format!("--jobs needs a positive number\n\n{USAGE}"))?
                }
                "--out" => a.out = PathBuf::from(value("--out")?),
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        Ok(Some(a))
    }
}

/// What happened to one model.
struct Report {
    /// File stem, e.g. `sqs-2012-11-05`.
    model: String,
    crate_name: String,
    shapes: usize,
    files: usize,
    lines: usize,
    ms: u128,
    warnings: Vec<codegen::Diagnostic>,
    outcome: Outcome,
    /// `--check` only: `None` until checked (or when not checked because generation failed).
    check: Option<Result<(), CheckFailure>>,
}

/// Why a generated crate failed `--check`.
struct CheckFailure {
    /// `clippy` or `doc`.
    step: &'static str,
    /// The distinct errors, as cargo renders them (or cargo's stderr when it named no crate).
    errors: Vec<String>,
}

enum Outcome {
    Ok,
    /// Reading the model or writing the crate failed.
    Io(String),
    /// The generator's diagnostics (at least one error).
    Failed(Vec<codegen::Diagnostic>),
    /// Panic message and location.
    Panicked(String),
    /// `file: syn error` for every emitted `.rs` file that is not valid Rust.
    InvalidRust(Vec<String>),
}

impl Report {
    fn ok(&self) -> bool {
        matches!(self.outcome, Outcome::Ok) && !matches!(self.check, Some(Err(_)))
    }

    fn errors(&self) -> usize {
        match &self.outcome {
            Outcome::Ok => 0,
            Outcome::Failed(d) => d.iter().filter(|d| d.is_error()).count(),
            Outcome::InvalidRust(e) => e.len(),
            Outcome::Io(_) | Outcome::Panicked(_) => 1,
        }
    }

    /// One short phrase for the console line and the table.
    fn status(&self) -> String {
        let generation = match &self.outcome {
            Outcome::Ok => "ok".to_owned(),
            Outcome::Io(e) => format!("I/O ERROR: {e}"),
            Outcome::Failed(d) => {
                let first = d.iter().find(|d| d.is_error()).map(|d| d.message.as_str());
                format!("FAILED: {}", first.unwrap_or("?"))
            }
            Outcome::Panicked(m) => format!("PANIC: {m}"),
            Outcome::InvalidRust(e) => format!("INVALID RUST: {}", e[0]),
        };
        match &self.check {
            None => generation,
            Some(Ok(())) => format!("{generation}; check ok"),
            Some(Err(e)) => format!(
                "{generation}; {} FAILED ({} errors): {}",
                e.step,
                e.errors.len(),
                first_line(&e.errors[0])
            ),
        }
    }
}

pub fn run(args: &Args) -> Result<(), String> {
    let dir = match &args.models {
        Some(dir) => dir.clone(),
        None => unpacked_corpus()?,
    };
    let models = select(&dir, args)?;
    fs::create_dir_all(&args.out).map_err(|e| format!("error: {}: {e}", args.out.display()))?;
    let crates_dir = args.out.join("crates");
    if args.check {
        // Only this run's crates may be in the workspace.
        let _ = fs::remove_dir_all(&crates_dir);
    }

    let started = Instant::now();
    let mut reports = generate_all(
        &models,
        args.jobs,
        args.lenient,
        args.check.then_some(crates_dir.as_path()),
    );
    let generation_wall = started.elapsed();
    let mut check_wall = None;
    if args.check {
        let started = Instant::now();
        let ok: Vec<String> = reports
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Ok))
            .map(|r| r.crate_name.clone())
            .collect();
        let mut results = check_crates(&args.out, &ok)?;
        for r in &mut reports {
            r.check = results.remove(&r.crate_name);
        }
        check_wall = Some(started.elapsed());
    }

    let summary = summary(&reports, generation_wall.as_millis(), check_wall);
    let path = args.out.join("summary.md");
    fs::write(&path, &summary).map_err(|e| format!("error: {}: {e}", path.display()))?;
    // The totals are the part of the summary after the table.
    let totals = summary.split("\n## Totals\n").nth(1).unwrap_or_default();
    println!("\n{}\nsummary: {}", totals.trim(), path.display());

    let failed = reports.iter().filter(|r| !r.ok()).count();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!(
            "error: {failed} of {} models failed (see {})",
            reports.len(),
            path.display()
        ))
    }
}

/// The models to run, sorted by file name.
fn select(dir: &Path, args: &Args) -> Result<Vec<PathBuf>, String> {
    let mut all: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("error: {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|f| f.extension().is_some_and(|x| x == "json"))
        .collect();
    all.sort();
    let file_name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let mut wanted: Vec<String> = args.only.clone();
    if args.sample {
        wanted.extend(SAMPLE.iter().map(|s| s.to_string()));
    }
    if wanted.is_empty() {
        return if all.is_empty() {
            Err(format!("error: {}: no .json model files", dir.display()))
        } else {
            Ok(all)
        };
    }
    let matches = |p: &Path, name: &str| {
        let f = file_name(p);
        f == name || f.strip_suffix(".json") == Some(name)
    };
    if let Some(missing) = wanted.iter().find(|w| !all.iter().any(|p| matches(p, w))) {
        return Err(format!("error: {}: no model {missing:?}", dir.display()));
    }
    all.retain(|p| wanted.iter().any(|w| matches(p, w)));
    Ok(all)
}

/// The package name for a model file: `aws-` and the lowercased stem, e.g.
/// `aws-customer-profiles-2020-08-15` (the prefix keeps the name starting with a letter).
fn crate_name(stem: &str) -> String {
    let cleaned: String = stem
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("aws-{cleaned}")
}

/// Generates every model on `jobs` threads pulling from a shared index; the reports come back in
/// the models' order. With `write_to`, each crate that generates cleanly is written there.
fn generate_all(
    models: &[PathBuf],
    jobs: usize,
    lenient: bool,
    write_to: Option<&Path>,
) -> Vec<Report> {
    install_panic_hook();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Report>>> = Mutex::new(models.iter().map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.min(models.len()) {
            // The generator recurses over the model; real models nest deeply.
            std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn_scoped(s, || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = models.get(i) else { break };
                        let report = generate_one(path, lenient, write_to);
                        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                        println!(
                            "[{n:>3}/{}] {:<40} {:>5} shapes {:>3} files {:>7} lines {:>6} ms {:>4} warnings  {}",
                            models.len(),
                            report.model,
                            report.shapes,
                            report.files,
                            report.lines,
                            report.ms,
                            report.warnings.len(),
                            report.status()
                        );
                        slots.lock().unwrap()[i] = Some(report);
                    }
                })
                .expect("spawn a generator thread");
        }
    });
    let slots = slots.into_inner().unwrap();
    slots
        .into_iter()
        .map(|r| r.expect("every model ran"))
        .collect()
}

fn generate_one(path: &Path, lenient: bool, write_to: Option<&Path>) -> Report {
    let model = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let mut report = Report {
        crate_name: crate_name(&model),
        model,
        shapes: 0,
        files: 0,
        lines: 0,
        ms: 0,
        warnings: Vec::new(),
        outcome: Outcome::Ok,
        check: None,
    };
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            report.outcome = Outcome::Io(format!("cannot read {}: {e}", path.display()));
            return report;
        }
    };
    // Counted independently of the generator: the model's own "shapes" object.
    report.shapes = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("shapes")?.as_object().map(|o| o.len()))
        .unwrap_or(0);

    let options = codegen::Options {
        crate_name: report.crate_name.clone(),
        service: None,
        lenient,
        // Models already run in parallel (`--jobs`).
        threads: 1,
        ..Default::default()
    };
    let name = path.display().to_string();
    let started = Instant::now();
    let result = catching_panics(|| codegen::generate(&[(name.as_str(), text.as_str())], &options));
    report.ms = started.elapsed().as_millis();
    let generated = match result {
        Err(message) => {
            report.outcome = Outcome::Panicked(message);
            return report;
        }
        Ok(Err(failure)) => {
            report.outcome = Outcome::Failed(failure.diagnostics);
            return report;
        }
        Ok(Ok(generated)) => generated,
    };
    report.files = generated.files.len();
    report.lines = generated.files.values().map(|c| c.lines().count()).sum();
    report.warnings = generated.warnings;

    let invalid: Vec<String> = generated
        .files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".rs"))
        .filter_map(|(rel, src)| syn::parse_file(src).err().map(|e| format!("{rel}: {e}")))
        .collect();
    if !invalid.is_empty() {
        report.outcome = Outcome::InvalidRust(invalid);
        return report;
    }
    if let Some(dir) = write_to {
        let root = dir.join(&report.crate_name);
        for (rel, contents) in &generated.files {
            let dest = root.join(rel);
            let written = dest
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| fs::write(&dest, contents));
            if let Err(e) = written {
                report.outcome = Outcome::Io(format!("cannot write {}: {e}", dest.display()));
                return report;
            }
        }
    }
    report
}

thread_local! {
    /// Set while this thread runs the generator: its panics are recorded, not printed.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Routes panics inside [`catching_panics`] to [`LAST_PANIC`] (message and location, which
/// `catch_unwind` alone does not give); any other panic still goes to the default hook.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if CATCHING.get() {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("(non-string panic payload)");
            let at = info
                .location()
                .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.set(Some(format!("{message}{at}")));
        } else {
            default(info);
        }
    }));
}

fn catching_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    CATCHING.set(true);
    // The closure shares nothing with the caller that a panic could leave half-updated.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CATCHING.set(false);
    result.map_err(|_| {
        LAST_PANIC
            .take()
            .unwrap_or_else(|| "(no message)".to_owned())
    })
}

// ---------------------------------------------------------------------------------------------
// --check

/// Lints and documents the crates under `out/crates/`, [`BATCH`] at a time as one workspace so
/// dependencies build once. Returns each crate's result: `Err` holds the first error.
fn check_crates(
    out: &Path,
    crates: &[String],
) -> Result<BTreeMap<String, Result<(), CheckFailure>>, String> {
    // Build against the versions the repository is tested with.
    let lock = super::workspace_root().join("Cargo.lock");
    if lock.is_file() && !out.join("Cargo.lock").exists() {
        fs::copy(&lock, out.join("Cargo.lock")).map_err(|e| format!("error: Cargo.lock: {e}"))?;
    }
    let logs = out.join("logs");
    let _ = fs::remove_dir_all(&logs);
    fs::create_dir_all(&logs).map_err(|e| format!("error: {}: {e}", logs.display()))?;
    let mut results = BTreeMap::new();
    for (i, batch) in crates.chunks(BATCH).enumerate() {
        let started = Instant::now();
        println!(
            "checking batch {} of {} ({} crates)...",
            i + 1,
            crates.len().div_ceil(BATCH),
            batch.len()
        );
        check_batch(out, batch, &mut results)?;
        let mut failed = 0;
        // Logs are written as each batch ends, so a long run can be read while it goes on.
        for name in batch {
            if let Some(Err(e)) = results.get(name) {
                failed += 1;
                let log = logs.join(format!("{name}.log"));
                fs::write(&log, e.errors.join("\n"))
                    .map_err(|e| format!("error: {}: {e}", log.display()))?;
                println!("  {name}: {} failed: {}", e.step, first_line(&e.errors[0]));
            }
        }
        println!(
            "  {} ok, {failed} failed ({} s)",
            batch.len() - failed,
            started.elapsed().as_secs()
        );
    }
    Ok(results)
}

/// Runs clippy, then rustdoc, over `batch` as one workspace. A crate's result is the first step
/// it fails, with every error of that step.
fn check_batch(
    out: &Path,
    batch: &[String],
    results: &mut BTreeMap<String, Result<(), CheckFailure>>,
) -> Result<(), String> {
    let members: Vec<String> = batch.iter().map(|n| format!("\"crates/{n}\"")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus --check`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    fs::write(out.join("Cargo.toml"), manifest).map_err(|e| format!("error: Cargo.toml: {e}"))?;

    // (step, cargo arguments, environment variable)
    type Step<'a> = (&'static str, &'a [&'a str], Option<(&'a str, &'a str)>);
    // Generated crates have no test, bench or example targets: `--all-targets` would lint each
    // library a second time in test mode (a third of the whole run) and find nothing new.
    let steps: [Step; 2] = [
        (
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--lib",
                "--keep-going",
                "--",
                "-D",
                "warnings",
            ],
            None,
        ),
        (
            "doc",
            &["doc", "--workspace", "--no-deps", "--keep-going"],
            Some(("RUSTDOCFLAGS", "-D warnings")),
        ),
    ];
    for (step, args, env) in steps {
        let CargoRun {
            success,
            mut errors,
            stderr,
        } = cargo_json(out, args, env)?;
        let mut blamed = false;
        for name in batch {
            if results.contains_key(name) {
                continue; // Failed an earlier step.
            }
            let errors = match errors.remove(name) {
                Some(errors) => errors,
                None if stderr.contains(&format!("could not compile `{name}`"))
                    || stderr.contains(&format!("could not document `{name}`")) =>
                {
                    vec![stderr.clone()]
                }
                None => continue,
            };
            results.insert(name.clone(), Err(CheckFailure { step, errors }));
            blamed = true;
        }
        if !success && !blamed {
            // Cargo failed without naming a crate (a bad manifest, say): find it alone.
            if let [name] = batch {
                let errors = vec![format!("cargo failed:\n{stderr}")];
                results.insert(name.clone(), Err(CheckFailure { step, errors }));
            } else {
                for name in batch {
                    results.remove(name);
                    check_batch(out, std::slice::from_ref(name), results)?;
                }
                return Ok(());
            }
        }
    }
    for name in batch {
        results.entry(name.clone()).or_insert(Ok(()));
    }
    Ok(())
}

/// What a cargo run in [`cargo_json`] said.
struct CargoRun {
    success: bool,
    /// Distinct rendered errors per crate, keyed by the crate's folder (= package) name.
    errors: BTreeMap<String, Vec<String>>,
    stderr: String,
}

/// Runs cargo in `dir` with JSON messages, so that each error names its crate.
fn cargo_json(dir: &Path, args: &[&str], env: Option<(&str, &str)>) -> Result<CargoRun, String> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    // `--message-format` goes before any `--` (clippy's lint flags).
    let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    cmd.args(&args[..split])
        .arg("--message-format=json")
        .args(&args[split..])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"));
    if let Some((k, v)) = env {
        cmd.env(k, v);
    }
    let output = cmd
        .output()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-message" || msg["message"]["level"] != "error" {
            continue;
        }
        // "aborting due to N previous errors" repeats what came before.
        if msg["message"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("aborting due to"))
        {
            continue;
        }
        let crate_dir = msg["manifest_path"]
            .as_str()
            .and_then(|p| Path::new(p).parent()?.file_name())
            .map(|n| n.to_string_lossy().into_owned());
        if let (Some(name), Some(rendered)) = (crate_dir, msg["message"]["rendered"].as_str()) {
            // One error can be reported more than once (a lint on a macro expansion, say).
            let list = errors.entry(name).or_default();
            if !list.iter().any(|e| e == rendered) {
                list.push(rendered.to_owned());
            }
        }
    }
    Ok(CargoRun {
        success: output.status.success(),
        errors,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// Summary

fn summary(reports: &[Report], wall_ms: u128, check_wall: Option<std::time::Duration>) -> String {
    let mut s = String::from("# Corpus run\n\n");
    s.push_str("| model | shapes | files | lines | ms | warnings | errors/status |\n");
    s.push_str("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for r in reports {
        let errors = r.errors();
        let status = if errors == 0 {
            r.status()
        } else {
            let s = if errors == 1 { "" } else { "s" };
            format!("{errors} error{s}; {}", r.status())
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            r.model,
            r.shapes,
            r.files,
            r.lines,
            r.ms,
            r.warnings.len(),
            cell(&status, 160)
        );
    }

    s.push_str("\n## Failures\n\n");
    let failed: Vec<&Report> = reports.iter().filter(|r| !r.ok()).collect();
    if failed.is_empty() {
        s.push_str("None.\n");
    }
    for r in &failed {
        let _ = writeln!(s, "### {}\n\n```text", r.model);
        let lines: Vec<String> = match &r.outcome {
            Outcome::Ok => Vec::new(),
            Outcome::Io(e) => vec![e.clone()],
            Outcome::Failed(d) => d
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_string())
                .collect(),
            Outcome::Panicked(m) => vec![format!("panic: {m}")],
            Outcome::InvalidRust(e) => e.clone(),
        };
        for l in lines.iter().take(5) {
            let _ = writeln!(s, "{l}");
        }
        if lines.len() > 5 {
            let _ = writeln!(s, "... and {} more", lines.len() - 5);
        }
        if let Some(Err(e)) = &r.check {
            // The first error in full; all of them are in logs/<crate>.log.
            let _ = writeln!(
                s,
                "{} failed with {} errors; the first:",
                e.step,
                e.errors.len()
            );
            let first: Vec<&str> = e.errors[0].lines().take(30).collect();
            let _ = writeln!(s, "{}", first.join("\n"));
        }
        s.push_str("```\n\n");
    }

    s.push_str("\n## Totals\n\n");
    let ok = reports.iter().filter(|r| r.ok()).count();
    let panics = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Panicked(_)))
        .count();
    let invalid = reports
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::InvalidRust(_)))
        .count();
    let gen_failed = reports
        .iter()
        .filter(|r| !matches!(r.outcome, Outcome::Ok))
        .count();
    let check_failed = reports
        .iter()
        .filter(|r| matches!(r.check, Some(Err(_))))
        .count();
    let _ = writeln!(s, "- models: {} ok, {} failed", ok, reports.len() - ok);
    let _ = writeln!(
        s,
        "- generation: {} ok, {gen_failed} failed ({panics} panics, {invalid} invalid Rust)",
        reports.len() - gen_failed
    );
    if check_wall.is_some() {
        let _ = writeln!(
            s,
            "- check (clippy + rustdoc): {check_failed} crates failed"
        );
    }
    let _ = writeln!(
        s,
        "- shapes: {}",
        reports.iter().map(|r| r.shapes).sum::<usize>()
    );
    let _ = writeln!(
        s,
        "- lines emitted: {}",
        reports.iter().map(|r| r.lines).sum::<usize>()
    );
    let _ = writeln!(
        s,
        "- generation time: {} ms summed over models, {wall_ms} ms wall",
        reports.iter().map(|r| r.ms).sum::<u128>()
    );
    if let Some(d) = check_wall {
        let _ = writeln!(s, "- check time: {} s wall", d.as_secs());
    }

    let warnings = reports
        .iter()
        .map(|r| r.warnings.iter().map(|w| w.message.clone()).collect());
    by_kind(&mut s, "warnings", warnings);
    let errors = reports.iter().map(|r| match &r.outcome {
        Outcome::Failed(d) => d
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect(),
        Outcome::Panicked(m) => vec![format!("panic: {m}")],
        _ => Vec::new(),
    });
    by_kind(&mut s, "generation errors", errors);
    s
}

/// Writes the total of `what` and a count per kind (see [`kind`]), most frequent first.
/// `messages` has one list per model.
fn by_kind(s: &mut String, what: &str, messages: impl Iterator<Item = Vec<String>>) {
    // kind -> (count, models)
    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for model in messages {
        let mut seen = Vec::new();
        for m in &model {
            let k = kind(m);
            let entry = kinds.entry(k.clone()).or_default();
            entry.0 += 1;
            if !seen.contains(&k) {
                entry.1 += 1;
                seen.push(k);
            }
        }
    }
    let total: usize = kinds.values().map(|k| k.0).sum();
    let _ = writeln!(s, "- {what}: {total} in {} kinds", kinds.len());
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    for (k, (count, models)) in kinds {
        let _ = writeln!(s, "  - {count} in {models} models: {}", cell(&k, 200));
    }
}

/// A message with the specifics (shape ids, quoted text, numbers) blanked out, so the same
/// problem found in different shapes counts as one kind.
fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        match c {
            // Quoted text (Rust-escaped, as `{:?}` prints it) is the specifics.
            '`' | '"' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => _ = chars.next(),
                        _ if d == c => break,
                        _ => {}
                    }
                }
                out.push(c);
                out.push('…');
                out.push(c);
            }
            // A number on its own, not part of a word like `i128` or `ECMA-262`.
            '0'..='9' if !prev.is_alphanumeric() && !matches!(prev, '_' | '-') => {
                while chars
                    .peek()
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.')
                {
                    chars.next();
                }
                out.push('N');
            }
            _ => out.push(c),
        }
        prev = c;
    }
    out.split(' ')
        .map(|w| if w.contains('#') { "<shape>" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Text safe for one Markdown table cell, at most `max` characters.
fn cell(s: &str, max: usize) -> String {
    let flat = s.replace('\n', " ").replace('|', "\\|");
    if flat.chars().count() <= max {
        flat
    } else {
        flat.chars().take(max).collect::<String>() + "…"
    }
}

// ---------------------------------------------------------------------------------------------
// Unpacking the corpus

/// `target/aws-models`, unpacked from `../shared/corpus/aws-models.tar.xz` unless it already
/// holds a complete unpack of this archive. Same folder and marker convention as
/// `codegen/tests/support/corpus.rs`: the marker records the archive's size and modification
/// time and is written only after `tar` succeeded, into a private folder that is then renamed
/// into place (so a concurrent test run never sees half a corpus).
pub fn unpacked_corpus() -> Result<PathBuf, String> {
    let root = super::workspace_root();
    unpack(
        &root.join("../shared/corpus/aws-models.tar.xz"),
        &root.join("target/aws-models"),
    )
}

/// Unpacks `archive` into the folder `dest` unless it is already there (see above).
fn unpack(archive: &Path, dest: &Path) -> Result<PathBuf, String> {
    let Ok(meta) = fs::metadata(archive) else {
        return Err(format!(
            "error: the corpus archive {} is absent (a fresh clone has no ../shared); \
             pass --models DIR to use a folder of models instead",
            archive.display()
        ));
    };
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_secs());
    let marker = format!("size={} mtime={mtime}\n", meta.len());
    let complete = |dir: &Path| fs::read_to_string(dir.join(MARKER)).is_ok_and(|m| m == marker);
    if complete(dest) {
        return Ok(dest.to_path_buf());
    }

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let suffix = format!("{}-{nanos}", std::process::id());
    let target = dest.parent().unwrap_or(Path::new("."));
    let tmp = target.join(format!(".aws-models.tmp-{suffix}"));
    fs::create_dir_all(&tmp).map_err(|e| format!("error: {}: {e}", tmp.display()))?;
    eprintln!("unpacking {} into {}", archive.display(), dest.display());
    let status = Command::new("tar")
        .arg("-xJf")
        .arg(archive)
        .arg("-C")
        .arg(&tmp)
        .status();
    let unpacked = match status {
        Ok(s) if s.success() => fs::write(tmp.join(MARKER), &marker).map_err(|e| e.to_string()),
        Ok(s) => Err(format!("`tar -xJf` failed with {s}")),
        Err(e) => Err(format!("cannot run `tar`: {e}")),
    };
    if let Err(e) = unpacked {
        let _ = fs::remove_dir_all(&tmp);
        return Err(format!("error: unpacking {}: {e}", archive.display()));
    }
    // An incomplete or outdated unpack is moved aside first; a rename that loses a race
    // against another process publishing a complete copy is fine.
    if dest.exists() && !complete(dest) {
        let aside = target.join(format!(".aws-models.stale-{suffix}"));
        if fs::rename(dest, &aside).is_ok() {
            let _ = fs::remove_dir_all(&aside);
        }
    }
    if fs::rename(&tmp, dest).is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    if complete(dest) {
        Ok(dest.to_path_buf())
    } else {
        Err(format!(
            "error: could not move the unpacked corpus to {}",
            dest.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_message_kinds() {
        assert_eq!(
            crate_name("Customer-Profiles-2020-08-15"),
            "aws-customer-profiles-2020-08-15"
        );
        assert_eq!(
            kind("default value \"a b\" of com.x#Y$z does not fit 3 i128 `T`"),
            "default value \"…\" of <shape> does not fit N i128 `…`"
        );
        assert_eq!(
            kind(r#"pattern "^[\"a]$" is not ECMA-262 at character 4"#),
            r#"pattern "…" is not ECMA-262 at character N"#
        );
    }

    #[test]
    fn panics_are_caught_with_their_message_and_place() {
        install_panic_hook();
        let caught = catching_panics(|| panic!("boom {}", 1)).unwrap_err();
        assert!(caught.starts_with("boom 1 (at "), "{caught}");
        assert_eq!(catching_panics(|| 2), Ok(2));
    }

    #[test]
    fn the_archive_is_unpacked_once_and_again_when_incomplete() {
        let tmp = tempfile::tempdir().unwrap();
        let models = tmp.path().join("models");
        fs::create_dir(&models).unwrap();
        fs::write(models.join("a-2020-01-01.json"), "{}").unwrap();
        let archive = tmp.path().join("models.tar.xz");
        let tar = Command::new("tar")
            .arg("-cJf")
            .arg(&archive)
            .arg("-C")
            .arg(&models)
            .arg(".")
            .status()
            .unwrap();
        assert!(tar.success());
        let dest = tmp.path().join("target/aws-models");

        assert_eq!(unpack(&archive, &dest).unwrap(), dest);
        assert!(dest.join("a-2020-01-01.json").is_file());
        // Complete: reused as it is.
        fs::write(dest.join("extra.json"), "{}").unwrap();
        unpack(&archive, &dest).unwrap();
        assert!(dest.join("extra.json").is_file());
        // No marker (say, an interrupted or manual unpack): replaced.
        fs::remove_file(dest.join(MARKER)).unwrap();
        unpack(&archive, &dest).unwrap();
        assert!(!dest.join("extra.json").exists());
        assert!(dest.join(MARKER).is_file());

        let missing = unpack(&tmp.path().join("nope.tar.xz"), &dest).unwrap_err();
        assert!(missing.contains("is absent"), "{missing}");
    }
}
