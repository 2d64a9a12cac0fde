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
//! that fails: the list can only shrink. A run of some protocols (`--protocol`) or one side
//! applies only the lines that name its own cases.
//!
//! The test workspace builds against `xtask/protocol-tests/Cargo.lock`, copied into the build
//! dir: a run of every crate is `--locked`, and only `--update-lock` writes the lock back, so a
//! run leaves the repository as it was. A run of every case also writes the protocol table of
//! `docs/protocols.md` (per protocol and side: passed, failed, expected failures, not
//! supported) between its `protocol-table` markers; `--check` compares instead.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::model::ShapeId;
use codegen::protocol_tests::Case;

pub const USAGE: &str = "\
usage: cargo xtask protocol-tests [--protocol NAME,...] [--side client|server] [--check]
                                  [--update-lock]

  Generates the crates of Smithy's protocol-test services (../shared/smithy-tests/protocol-tests)
  with their compliance cases as tests, runs them, and writes target/protocol-tests/summary.json
  and summary.md. Fails when a case fails that xtask/protocol-tests/expected-failures.txt does
  not list, or when a listed case passes. A run of every protocol and side also writes the
  protocol table of docs/protocols.md (between its protocol-table markers).
  --protocol NAME,...  only these protocol folders (restJson1, awsJson1_0...; default: all);
                       only the expected failures of their cases apply
  --side client|server only the cases of this side
  --check              leave docs/protocols.md alone; fail when its table is not this run's
  --update-lock        refresh xtask/protocol-tests/Cargo.lock (a run of every protocol builds
                       with --locked, and fails when the generated crates need another lock)";

pub struct Args {
    protocols: Vec<String>,
    side: Option<String>,
    check: bool,
    update_lock: bool,
}

impl Args {
    /// Whether the run covers every case: only such a run can tell that an expected failure
    /// names no case, or write the whole protocol table.
    fn is_full(&self) -> bool {
        self.protocols.is_empty() && self.side.is_none()
    }
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut a = Args {
            protocols: Vec::new(),
            side: None,
            check: false,
            update_lock: false,
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
                "--check" => a.check = true,
                "--update-lock" => a.update_lock = true,
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        if a.update_lock && !a.is_full() {
            return Err(format!(
                "--update-lock needs a run of every protocol and side: the lock holds the crates of all of them\n\n{USAGE}"
            ));
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
            // The suite's own top-level files (`shared-types.smithy`, `aws-config.smithy`) are
            // part of every protocol's package, as in the Smithy build that validates them:
            // `@idRef` values name their shapes.
            paths.extend(suite_files(&dir)?);
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
    let lock = if args.update_lock {
        Lock::Update
    } else if args.is_full() {
        Lock::Locked
    } else {
        Lock::Subset
    };
    let results = if members.is_empty() {
        BTreeMap::new()
    } else {
        run_tests(&root, &out, &members, lock)?
    };
    let expected = expected_failures(&root.join("xtask/protocol-tests/expected-failures.txt"))?;
    let (counts, mut problems) = report(&out, &rows, &results, &expected, args.is_full())?;
    if args.is_full() {
        let doc = root.join(PROTOCOL_DOC);
        match write_protocol_table(&doc, &protocol_table(&counts), args.check)? {
            TableWrite::Unchanged => {}
            TableWrite::Written => println!("updated the protocol table of {}", doc.display()),
            TableWrite::Stale => problems.push(format!(
                "the protocol table of {} is not this run's: run `cargo xtask protocol-tests` without --check",
                doc.display()
            )),
        }
    } else {
        println!(
            "(a run of some protocols or one side leaves the protocol table of {PROTOCOL_DOC} alone)"
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// How the test workspace's build treats the committed `xtask/protocol-tests/Cargo.lock`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lock {
    /// Every crate: build exactly what the lock says (`--locked`), which must be complete.
    Locked,
    /// Some crates: the build dir's copy of the lock loses the others' entries; the committed
    /// lock is left alone.
    Subset,
    /// Every crate, resolving what the lock lacks, and the lock written back (`--update-lock`).
    Update,
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
    lock_mode: Lock,
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
    // the same versions. The build works on a copy in the build dir: cargo rewrites the lock of
    // a workspace of some of the crates (dropping the others'), which must not reach the
    // repository; a run of all of them is `--locked`, so a change of the test dependencies
    // fails there until `--update-lock` writes it, and shows up as a diff of it.
    let lock = root.join("xtask/protocol-tests/Cargo.lock");
    let _ = fs::remove_file(out.join("Cargo.lock"));
    if lock.is_file() {
        fs::copy(&lock, out.join("Cargo.lock")).map_err(|e| format!("error: Cargo.lock: {e}"))?;
    } else if lock_mode == Lock::Locked {
        return Err(format!(
            "error: {} is missing: run `cargo xtask protocol-tests --update-lock`",
            lock.display()
        ));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut results = BTreeMap::new();
    let mut log = String::new();
    for krate in members {
        let mut command = Command::new(&cargo);
        command.args(["test", "-p", krate, "--test", "protocol"]);
        if lock_mode == Lock::Locked {
            command.arg("--locked");
        }
        let output = command
            .args(["--", "--test-threads=2"])
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
            let hint = if lock_mode == Lock::Locked && stderr.contains("--locked") {
                format!(
                    "\n{} does not hold what the generated crates need: run `cargo xtask protocol-tests --update-lock`",
                    lock.display()
                )
            } else {
                String::new()
            };
            return Err(format!(
                "error: the protocol tests of {krate} did not run; see {}\n{}{hint}",
                out.join("test-output.txt").display(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ));
        }
    }
    write(&out.join("test-output.txt"), &log)?;
    if lock_mode == Lock::Update {
        let written = fs::read(out.join("Cargo.lock"))
            .map_err(|e| format!("error: {}: {e}", out.join("Cargo.lock").display()))?;
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

/// Counts of outcomes (passed, failed, expected failure, not supported) by protocol (its
/// name), trait and side.
type Counts = BTreeMap<(String, &'static str, &'static str), [usize; 4]>;

/// The expected failures that apply to a run's cases, and the problems with the list: in a run
/// of every case (`full`), a line that names no case; a run of some protocols or one side
/// cannot tell a stale line from one of the cases it leaves out, so it uses only the lines that
/// name its own cases.
fn applicable_expected<'e>(
    expected: &'e BTreeMap<String, String>,
    rows: &[Row],
    full: bool,
) -> (BTreeMap<&'e str, &'e str>, Vec<String>) {
    let mut applicable = BTreeMap::new();
    let mut problems = Vec::new();
    for (key, why) in expected {
        let named = rows
            .iter()
            .any(|r| case_keys(&r.case.id, r.case.side, r.case.kind).contains(key));
        if named {
            applicable.insert(key.as_str(), why.as_str());
        } else if full {
            problems.push(format!(
                "{key} is listed as an expected failure but no such case exists"
            ));
        }
    }
    (applicable, problems)
}

fn report(
    out: &Path,
    rows: &[Row],
    results: &BTreeMap<(String, String), bool>,
    expected: &BTreeMap<String, String>,
    full: bool,
) -> Result<(Counts, Vec<String>), String> {
    let mut table: Counts = BTreeMap::new();
    let (expected, mut problems) = applicable_expected(expected, rows, full);
    for row in rows {
        let c = &row.case;
        // A line names a case (both sides), one side of it (`id:client`), or, where a request
        // case and a response case share an id, one side of one of them (`id:server:response`).
        let keys = case_keys(&c.id, c.side, c.kind);
        let key = keys
            .iter()
            .find(|k| expected.contains_key(k.as_str()))
            .cloned();
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
        for (id, why) in &expected {
            md.push_str(&format!("- `{id}`: {why}\n"));
        }
    }
    write(&out.join("summary.md"), &md)?;
    print!("{md}");
    println!("summary: {}", out.join("summary.md").display());
    println!(
        "protocol-tests: {} passed, {} failed, {} expected failures, {} not supported",
        totals[0], totals[1], totals[2], totals[3]
    );
    Ok((table, problems))
}

/// The document whose protocol table a full run writes.
const PROTOCOL_DOC: &str = "docs/protocols.md";
const TABLE_START: &str = "<!-- protocol-table:start -->";
const TABLE_END: &str = "<!-- protocol-table:end -->";

/// The protocol table of `docs/protocols.md`: the cases of each protocol and side by outcome,
/// the traits added up, and the totals. Nothing in it but the counts, so that the same
/// results write the same table.
fn protocol_table(counts: &Counts) -> String {
    let mut by_side: BTreeMap<(&str, &str), [usize; 4]> = BTreeMap::new();
    let mut totals = [0usize; 4];
    for ((protocol, _, side), n) in counts {
        let row = by_side.entry((protocol.as_str(), side)).or_default();
        for ((r, t), v) in row.iter_mut().zip(totals.iter_mut()).zip(n) {
            *r += v;
            *t += v;
        }
    }
    let mut md = String::from(
        "| protocol | side | passed | failed | expected failures | not supported |\n|---|---|---:|---:|---:|---:|\n",
    );
    for ((protocol, side), n) in &by_side {
        md.push_str(&format!(
            "| {protocol} | {side} | {} | {} | {} | {} |\n",
            n[0], n[1], n[2], n[3]
        ));
    }
    md.push_str(&format!(
        "| **all** | | {} | {} | {} | {} |\n",
        totals[0], totals[1], totals[2], totals[3]
    ));
    md
}

/// `doc` with `table` between its markers (a document without them gets them, after its
/// text), or `Err` when the markers are not one start followed by one end.
fn with_table(doc: &str, table: &str) -> Result<String, String> {
    let region = format!("{TABLE_START}\n{table}{TABLE_END}");
    let starts = doc.matches(TABLE_START).count();
    let ends = doc.matches(TABLE_END).count();
    match (doc.find(TABLE_START), doc.find(TABLE_END)) {
        (None, None) => {
            let mut out = doc.trim_end().to_owned();
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&region);
            out.push('\n');
            Ok(out)
        }
        (Some(start), Some(end)) if starts == 1 && ends == 1 && start < end => Ok(format!(
            "{}{region}{}",
            &doc[..start],
            &doc[end + TABLE_END.len()..]
        )),
        _ => Err(format!(
            "{PROTOCOL_DOC}: the protocol table goes between one `{TABLE_START}` and one `{TABLE_END}` after it"
        )),
    }
}

enum TableWrite {
    Unchanged,
    Written,
    /// `--check`, and the table differs.
    Stale,
}

/// Puts `table` in `doc` (created with a heading and the markers when absent), or with `check`
/// only compares.
fn write_protocol_table(doc: &Path, table: &str, check: bool) -> Result<TableWrite, String> {
    let current = match fs::read_to_string(doc) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("error: {}: {e}", doc.display())),
    };
    let base = current
        .clone()
        .unwrap_or_else(|| "# Protocols\n".to_owned());
    let updated = with_table(&base, table).map_err(|e| format!("error: {e}"))?;
    if current.as_deref() == Some(updated.as_str()) {
        Ok(TableWrite::Unchanged)
    } else if check {
        Ok(TableWrite::Stale)
    } else {
        write(doc, &updated)?;
        Ok(TableWrite::Written)
    }
}

/// The model files directly in a suite's folder (not in its protocol folders), in name order.
fn suite_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("error: {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "smithy"))
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, protocol: &str, side: &'static str) -> Row {
        Row {
            case: Case {
                id: id.to_owned(),
                kind: "httpRequestTests",
                protocol: format!("aws.protocols#{protocol}"),
                side,
                test: Ok(format!("{}_{side}", id.to_lowercase())),
            },
            test: Some(format!("{}_{side}", id.to_lowercase())),
            krate: format!("pt-{}", protocol.to_lowercase()),
        }
    }

    fn list(lines: &[&str]) -> BTreeMap<String, String> {
        lines
            .iter()
            .map(|l| ((*l).to_owned(), "why".to_owned()))
            .collect()
    }

    #[test]
    fn a_run_of_some_protocols_uses_only_the_expected_failures_of_its_cases() {
        let expected = list(&["RestCase:server", "JsonCase", "Gone"]);
        let rows = [row("RestCase", "restJson1", "server")];
        // Only restJson1 ran: the awsJson line and the stale one are out of its scope.
        let (applicable, problems) = applicable_expected(&expected, &rows, false);
        assert_eq!(
            applicable.keys().copied().collect::<Vec<_>>(),
            ["RestCase:server"]
        );
        assert!(problems.is_empty(), "{problems:?}");
        // A run of everything finds the stale line.
        let rows = [
            row("RestCase", "restJson1", "server"),
            row("JsonCase", "awsJson1_0", "client"),
        ];
        let (applicable, problems) = applicable_expected(&expected, &rows, true);
        assert_eq!(applicable.len(), 2);
        assert_eq!(
            problems,
            ["Gone is listed as an expected failure but no such case exists"]
        );
    }

    #[test]
    fn lock_updates_need_a_run_of_everything() {
        let args = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(
            Args::parse(&args(&["--update-lock"]))
                .unwrap()
                .unwrap()
                .update_lock
        );
        let err = Args::parse(&args(&["--update-lock", "--protocol", "restJson1"]))
            .err()
            .unwrap();
        assert!(
            err.starts_with("--update-lock needs a run of every protocol"),
            "{err}"
        );
        let a = Args::parse(&args(&["--protocol", "restJson1", "--check"]))
            .unwrap()
            .unwrap();
        assert!(a.check && !a.is_full());
    }

    #[test]
    fn the_protocol_table_adds_up_traits_by_protocol_and_side() {
        let mut counts: Counts = BTreeMap::new();
        counts.insert(
            ("restJson1".into(), "httpRequestTests", "client"),
            [3, 0, 1, 0],
        );
        counts.insert(
            ("restJson1".into(), "httpResponseTests", "client"),
            [2, 1, 0, 4],
        );
        counts.insert(
            ("awsJson1_0".into(), "httpRequestTests", "server"),
            [5, 0, 0, 0],
        );
        assert_eq!(
            protocol_table(&counts),
            "| protocol | side | passed | failed | expected failures | not supported |\n\
             |---|---|---:|---:|---:|---:|\n\
             | awsJson1_0 | server | 5 | 0 | 0 | 0 |\n\
             | restJson1 | client | 5 | 1 | 1 | 4 |\n\
             | **all** | | 10 | 1 | 1 | 4 |\n"
        );
    }

    #[test]
    fn the_table_replaces_only_its_marked_region() {
        let doc = "# Protocols\n\nIntro.\n\n<!-- protocol-table:start -->\nold\n<!-- protocol-table:end -->\n\nMore text.\n";
        let out = with_table(doc, "| new |\n").unwrap();
        assert_eq!(
            out,
            "# Protocols\n\nIntro.\n\n<!-- protocol-table:start -->\n| new |\n<!-- protocol-table:end -->\n\nMore text.\n"
        );
        // The same table again changes nothing.
        assert_eq!(with_table(&out, "| new |\n").unwrap(), out);
        assert_eq!(
            with_table("# Protocols\n", "| t |\n").unwrap(),
            "# Protocols\n\n<!-- protocol-table:start -->\n| t |\n<!-- protocol-table:end -->\n"
        );
        assert!(
            with_table(
                "<!-- protocol-table:end --> <!-- protocol-table:start -->",
                "x"
            )
            .is_err()
        );

        let dir = std::env::temp_dir().join(format!("protocol-table-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let doc = dir.join("docs/protocols.md");
        assert!(matches!(
            write_protocol_table(&doc, "| t |\n", true).unwrap(),
            TableWrite::Stale
        ));
        assert!(!doc.exists());
        assert!(matches!(
            write_protocol_table(&doc, "| t |\n", false).unwrap(),
            TableWrite::Written
        ));
        assert!(
            fs::read_to_string(&doc)
                .unwrap()
                .starts_with("# Protocols\n\n<!-- protocol-table:start -->\n| t |\n")
        );
        assert!(matches!(
            write_protocol_table(&doc, "| t |\n", true).unwrap(),
            TableWrite::Unchanged
        ));
        assert!(matches!(
            write_protocol_table(&doc, "| u |\n", true).unwrap(),
            TableWrite::Stale
        ));
        fs::remove_dir_all(&dir).unwrap();
    }
}
