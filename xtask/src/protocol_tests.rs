//! `cargo xtask protocol-tests`: Smithy's protocol compliance cases, run against the crates our
//! generator makes for the protocol-test services of `../shared/smithy-tests/protocol-tests/`.
//!
//! Each service of a protocol folder (loaded with the trait definitions, as one model) is
//! generated as a user would, its cases become `tests/protocol.rs` (see
//! `codegen::protocol_tests`), and the crates are tested together as one workspace under
//! `target/protocol-tests/`. The results go to `summary.json` and `summary.md` there, counted
//! per protocol, trait and side as passed, failed, expected failure or not supported.
//!
//! `xtask/protocol-tests/expected-failures.txt` lists the cases known to fail, one per line:
//! `<case id> <reason>`, or `<case id>:client <reason>` (`:server`) for one side of a case. A listed case that passes fails the run, and so does an unlisted case
//! that fails: the list can only shrink.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::model::ShapeId;
use codegen::protocol_tests::Case;

pub const USAGE: &str = "\
usage: cargo xtask protocol-tests [--protocol NAME,...] [--side client|server]

  Generates the crates of Smithy's protocol-test services (../shared/smithy-tests/protocol-tests)
  with their compliance cases as tests, runs them, and writes target/protocol-tests/summary.json
  and summary.md. Fails when a case fails that xtask/protocol-tests/expected-failures.txt does
  not list, or when a listed case passes.
  --protocol NAME,...  only these protocol folders (restJson1, awsJson1_0...; default: all)
  --side client|server only the cases of this side";

pub struct Args {
    protocols: Vec<String>,
    side: Option<String>,
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut a = Args {
            protocols: Vec::new(),
            side: None,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .cloned()
                    .ok_or(format!("{name} needs a value\n\n{USAGE}"))
            };
            match arg.as_str() {
                "--protocol" => a.protocols.extend(
                    value("--protocol")?
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                ),
                "--side" => {
                    let side = value("--side")?;
                    if side != "client" && side != "server" {
                        return Err(format!("--side is client or server\n\n{USAGE}"));
                    }
                    a.side = Some(side);
                }
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        Ok(Some(a))
    }
}

/// What the generated tests need besides the crate's own dependencies: Smithy's own checks of
/// query strings, headers and bodies, and the request type they take.
const TEST_DEPENDENCIES: &str = "
[dev-dependencies]
aws-smithy-protocol-test = { version = \"0.64\", default-features = false, features = [\"http-1x\"] }
aws-smithy-runtime-api = { version = \"1\", features = [\"http-1x\"] }
aws-smithy-types = \"1\"
";

/// One case's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Passed,
    Failed,
    ExpectedFailure,
    NotSupported,
}

struct Row {
    case: Case,
    /// The generated crate's test, when there is one.
    test: Option<String>,
    krate: String,
}

pub fn run(args: &Args) -> Result<(), String> {
    let root = super::workspace_root();
    let shared = root.join("../shared/smithy-tests");
    if !shared.is_dir() {
        println!(
            "skipping: {} not found (the shared test data is absent)",
            shared.display()
        );
        return Ok(());
    }
    let out = root.join("target/protocol-tests");
    // Only this run's crates: a service that is gone leaves nothing behind.
    if out.join("crates").exists() {
        fs::remove_dir_all(out.join("crates"))
            .map_err(|e| format!("error: {}: {e}", out.display()))?;
    }
    fs::create_dir_all(out.join("crates")).map_err(|e| format!("error: {}: {e}", out.display()))?;
    let definitions: Vec<PathBuf> = model_files(&shared.join("trait-definitions"))?
        .into_iter()
        .filter(|p| !p.ends_with("prelude.smithy"))
        .collect();
    let mut rows = Vec::new();
    let mut members = Vec::new();
    for suite in ["smithy-aws-protocol-tests", "smithy-protocol-tests"] {
        let dir = shared.join("protocol-tests").join(suite);
        let mut folders: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| format!("error: {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for folder in folders {
            let protocol = folder
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if !args.protocols.is_empty() && !args.protocols.contains(&protocol) {
                continue;
            }
            let mut paths = definitions.clone();
            paths.extend(model_files(&folder)?);
            paths.push(dir.join("shared-types.smithy"));
            let texts = codegen::output::read_model_files(&paths)
                .map_err(|e| format!("error: reading {}: {e}", folder.display()))?;
            let inputs: Vec<(&str, &str)> = texts
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            let (model, _) = codegen::model::load(inputs.iter().copied())
                .map_err(|d| format!("error: {protocol} does not load:\n{}", lines(&d)))?;
            let services: Vec<ShapeId> = model
                .services()
                .filter(|s| {
                    model
                        .files
                        .get(&s.id)
                        .is_some_and(|f| Path::new(f).starts_with(&folder))
                })
                .map(|s| s.id.clone())
                .collect();
            for service in services {
                let krate = format!("pt-{}", service.name().to_lowercase());
                let tests =
                    codegen::protocol_tests::generate(&model, &service, &krate.replace('-', "_"));
                let supported = codegen::protocol_tests::supported_protocol(&model, &service);
                let mut has_tests = false;
                if supported && !tests.file.is_empty() {
                    let options = codegen::Options {
                        crate_name: krate.clone(),
                        service: Some(service.to_string()),
                        lenient: false,
                        threads: 1,
                        ..Default::default()
                    };
                    let generated = codegen::generate(&inputs, &options)
                        .map_err(|f| format!("error: {service} does not generate:\n{f}"))?;
                    let dir = out.join("crates").join(&krate);
                    for (path, text) in &generated.files {
                        let text = if path == "Cargo.toml" {
                            format!("{text}{TEST_DEPENDENCIES}")
                        } else {
                            text.clone()
                        };
                        write(&dir.join(path), &text)?;
                    }
                    write(&dir.join("tests/protocol.rs"), &tests.file)?;
                    members.push(krate.clone());
                    has_tests = true;
                }
                for case in tests.cases {
                    if args.side.as_deref().is_some_and(|s| s != case.side) {
                        continue;
                    }
                    let test = case.test.as_ref().ok().filter(|_| has_tests).cloned();
                    rows.push(Row {
                        case,
                        test,
                        krate: krate.clone(),
                    });
                }
            }
        }
    }
    let results = if members.is_empty() {
        BTreeMap::new()
    } else {
        run_tests(&root, &out, &members)?
    };
    let expected = expected_failures(&root.join("xtask/protocol-tests/expected-failures.txt"))?;
    report(&out, &rows, &results, &expected)
}

fn model_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).map_err(|e| format!("error: {}: {e}", d.display()))? {
            let p = entry
                .map_err(|e| format!("error: {}: {e}", d.display()))?
                .path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "smithy") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("error: {}: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("error: {}: {e}", path.display()))
}

fn lines(diags: &[codegen::Diagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.is_error())
        .take(20)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds the crates as one workspace and runs each one's protocol tests:
/// `(crate, test) → passed`.
fn run_tests(
    root: &Path,
    out: &Path,
    members: &[String],
) -> Result<BTreeMap<(String, String), bool>, String> {
    let manifest = format!(
        "# Written by `cargo xtask protocol-tests`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"crates/{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write(&out.join("Cargo.toml"), &manifest)?;
    // The test workspace has its own lock, kept in the repository so that every run builds
    // the same versions; a change of the test dependencies shows up as a diff of it.
    let lock = root.join("xtask/protocol-tests/Cargo.lock");
    if lock.is_file() {
        fs::copy(&lock, out.join("Cargo.lock")).map_err(|e| format!("error: Cargo.lock: {e}"))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut results = BTreeMap::new();
    let mut log = String::new();
    for krate in members {
        let output = Command::new(&cargo)
            .args([
                "test",
                "-p",
                krate,
                "--test",
                "protocol",
                "--",
                "--test-threads=2",
            ])
            .current_dir(out)
            .env("CARGO_TARGET_DIR", out.join("target"))
            .env("RUST_BACKTRACE", "0")
            .output()
            .map_err(|e| format!("error: running cargo test: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        log.push_str(&format!("==== {krate}\n{stdout}\n{stderr}\n"));
        let before = results.len();
        for line in stdout.lines() {
            let Some(rest) = line.strip_prefix("test ") else {
                continue;
            };
            let Some((name, verdict)) = rest.rsplit_once(" ... ") else {
                continue;
            };
            let passed = match verdict.trim() {
                "ok" => true,
                "FAILED" => false,
                _ => continue,
            };
            results.insert((krate.clone(), name.trim().to_owned()), passed);
        }
        if results.len() == before {
            write(&out.join("test-output.txt"), &log)?;
            let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
            return Err(format!(
                "error: the protocol tests of {krate} did not run; see {}\n{}",
                out.join("test-output.txt").display(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ));
        }
    }
    write(&out.join("test-output.txt"), &log)?;
    if let Ok(written) = fs::read(out.join("Cargo.lock")) {
        if fs::read(&lock).ok().as_ref() != Some(&written) {
            fs::write(&lock, written).map_err(|e| format!("error: {}: {e}", lock.display()))?;
            println!("updated {}", lock.display());
        }
    }
    Ok(results)
}

fn expected_failures(path: &Path) -> Result<BTreeMap<String, String>, String> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(format!("error: {}: {e}", path.display())),
    };
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(char::is_whitespace) {
            Some((id, why)) => (id.to_owned(), why.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect())
}

/// The expected-failure keys that name a case's test, most specific first.
fn case_keys(id: &str, side: &str, kind: &str) -> [String; 3] {
    let kind = match kind {
        "httpRequestTests" => "request",
        "httpResponseTests" => "response",
        "httpMalformedRequestTests" => "malformed",
        other => other,
    };
    [
        format!("{id}:{side}:{kind}"),
        format!("{id}:{side}"),
        id.to_owned(),
    ]
}

fn report(
    out: &Path,
    rows: &[Row],
    results: &BTreeMap<(String, String), bool>,
    expected: &BTreeMap<String, String>,
) -> Result<(), String> {
    let mut table: BTreeMap<(String, &str, &str), [usize; 4]> = BTreeMap::new();
    let mut problems = Vec::new();
    for row in rows {
        let c = &row.case;
        // A line names a case (both sides), one side of it (`id:client`), or, where a request
        // case and a response case share an id, one side of one of them (`id:server:response`).
        let keys = case_keys(&c.id, c.side, c.kind);
        let key = keys.iter().find(|k| expected.contains_key(*k)).cloned();
        let listed = key.is_some();
        let outcome = match &row.test {
            None => Outcome::NotSupported,
            Some(test) => match results.get(&(row.krate.clone(), test.clone())) {
                Some(true) if listed => {
                    problems.push(format!(
                        "{} passes but is listed as an expected failure: remove it from the list",
                        key.unwrap_or_default()
                    ));
                    Outcome::Passed
                }
                Some(true) => Outcome::Passed,
                Some(false) if listed => Outcome::ExpectedFailure,
                Some(false) => {
                    problems.push(format!("{} fails ({} `{test}`)", c.id, row.krate));
                    Outcome::Failed
                }
                None => {
                    problems.push(format!("{} has a test `{test}` that did not run", c.id));
                    Outcome::Failed
                }
            },
        };
        let protocol = c
            .protocol
            .rsplit('#')
            .next()
            .unwrap_or(&c.protocol)
            .to_owned();
        let counts = table.entry((protocol, c.kind, c.side)).or_default();
        counts[outcome as usize] += 1;
    }
    let listed_but_absent: Vec<&String> = expected
        .keys()
        .filter(|key| {
            !rows
                .iter()
                .any(|r| case_keys(&r.case.id, r.case.side, r.case.kind).contains(*key))
        })
        .collect();
    for id in listed_but_absent {
        problems.push(format!(
            "{id} is listed as an expected failure but no such case exists"
        ));
    }
    let json: Vec<serde_json::Value> = table
        .iter()
        .map(|((protocol, kind, side), n)| {
            serde_json::json!({
                "protocol": protocol,
                "trait": kind,
                "side": side,
                "passed": n[0],
                "failed": n[1],
                "expected_failure": n[2],
                "not_supported": n[3],
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&json).map_err(|e| format!("error: {e}"))?;
    write(&out.join("summary.json"), &(text + "\n"))?;
    let mut md = String::from(
        "| protocol | trait | side | passed | failed | expected failure | not supported |\n|---|---|---|---|---|---|---|\n",
    );
    let mut totals = [0usize; 4];
    for ((protocol, kind, side), n) in &table {
        md.push_str(&format!(
            "| {protocol} | {kind} | {side} | {} | {} | {} | {} |\n",
            n[0], n[1], n[2], n[3]
        ));
        for (t, v) in totals.iter_mut().zip(n) {
            *t += v;
        }
    }
    md.push_str(&format!(
        "| **all** | | | {} | {} | {} | {} |\n",
        totals[0], totals[1], totals[2], totals[3]
    ));
    // Why cases are not run, named and counted.
    let mut reasons: BTreeMap<(String, &str), usize> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.test.is_none()) {
        let why = match &row.case.test {
            Err(why) => why.as_str(),
            Ok(_) => "the crate's tests were not generated",
        };
        let protocol = row
            .case
            .protocol
            .rsplit('#')
            .next()
            .unwrap_or(&row.case.protocol);
        *reasons.entry((protocol.to_owned(), why)).or_default() += 1;
    }
    if !reasons.is_empty() {
        md.push_str("\nNot supported:\n\n");
        for ((protocol, why), n) in &reasons {
            md.push_str(&format!("- {protocol}: {n} cases: {why}\n"));
        }
    }
    if !expected.is_empty() {
        md.push_str("\nExpected failures:\n\n");
        for (id, why) in expected {
            md.push_str(&format!("- `{id}`: {why}\n"));
        }
    }
    write(&out.join("summary.md"), &md)?;
    print!("{md}");
    println!("summary: {}", out.join("summary.md").display());
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
