//! `cargo xtask endpoint-tests`: every corpus model's `smithy.rules#endpointTests` cases run
//! through the runtime's endpoint rules engine (`codegen/runtime/endpoint.rs`) against the
//! service's `smithy.rules#endpointRuleSet`. Writes `target/endpoint-tests/summary.md` (passed
//! and failed per model, then the failures) and prints the total; fails on any failing case.
//! With `--bench`, also times resolution with S3 Control's rule set (docs/endpoints.md).

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use serde_json::{Map, Value};
use smithy_codegen_runtime::support::endpoint::{Endpoint, EndpointError, RuleSet};

pub const USAGE: &str = "\
usage: cargo xtask endpoint-tests [--bench]

Runs the endpoint test cases of every model of ../shared/corpus/aws-models.tar.xz (unpacked
into target/aws-models) and writes target/endpoint-tests/summary.md.

  --bench   also time resolution with S3 Control's rule set, per call";

pub struct Args {
    bench: bool,
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut a = Args { bench: false };
        for arg in args {
            match arg.as_str() {
                "--bench" => a.bench = true,
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        Ok(Some(a))
    }
}

/// One model's result.
struct ModelReport {
    name: String,
    passed: usize,
    failures: Vec<String>,
}

pub fn run(args: &Args) -> Result<(), String> {
    let root = super::workspace_root();
    if !root.join("../shared/corpus/aws-models.tar.xz").exists() {
        println!("skipping endpoint-tests: ../shared/corpus/aws-models.tar.xz not found");
        return Ok(());
    }
    let dir = super::corpus::unpacked_corpus()?;
    let mut models: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("error: {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    models.sort();
    let started = Instant::now();
    let mut reports = Vec::new();
    for path in &models {
        reports.push(run_model(path)?);
    }
    let elapsed = started.elapsed();
    let passed: usize = reports.iter().map(|r| r.passed).sum();
    let failed: usize = reports.iter().map(|r| r.failures.len()).sum();
    let total = format!(
        "endpoint tests: {passed}/{} passed over {} models ({failed} failed) in {} ms",
        passed + failed,
        reports.len(),
        elapsed.as_millis()
    );
    let out = root.join("target/endpoint-tests");
    std::fs::create_dir_all(&out).map_err(|e| format!("error: {}: {e}", out.display()))?;
    std::fs::write(out.join("summary.md"), summary(&reports, &total))
        .map_err(|e| format!("error: writing the summary: {e}"))?;
    println!("{total}");
    if args.bench {
        bench(&dir)?;
    }
    if failed > 0 {
        return Err(format!(
            "{failed} endpoint test cases failed: see target/endpoint-tests/summary.md"
        ));
    }
    Ok(())
}

/// The service shape's traits of a JSON AST model (each corpus model has one service).
fn service_traits(path: &Path) -> Result<Map<String, Value>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("error: {}: {e}", path.display()))?;
    let model: Value =
        serde_json::from_str(&text).map_err(|e| format!("error: {}: {e}", path.display()))?;
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("error: {}: no shapes", path.display()))?;
    shapes
        .values()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("service"))
        .and_then(|s| s.get("traits")?.as_object().cloned())
        .ok_or_else(|| format!("error: {}: no service with traits", path.display()))
}

fn run_model(path: &Path) -> Result<ModelReport, String> {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let traits = service_traits(path)?;
    let mut report = ModelReport {
        name,
        passed: 0,
        failures: Vec::new(),
    };
    let cases = traits
        .get("smithy.rules#endpointTests")
        .and_then(|t| t.get("testCases"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let rules = match traits
        .get("smithy.rules#endpointRuleSet")
        .map(RuleSet::parse)
    {
        Some(Ok(rules)) => rules,
        Some(Err(e)) => {
            report.failures.push(format!("the rule set: {e}"));
            return Ok(report);
        }
        None if cases.is_empty() => return Ok(report),
        None => {
            report.failures.push("tests but no rule set".to_owned());
            return Ok(report);
        }
    };
    for (i, case) in cases.iter().enumerate() {
        let params = case
            .get("params")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let got = rules.resolve(&params);
        match check(case.get("expect"), &got) {
            Ok(()) => report.passed += 1,
            Err(why) => {
                let doc = case
                    .get("documentation")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                report.failures.push(format!("case {i} ({doc}): {why}"));
            }
        }
    }
    Ok(report)
}

/// Whether a case's `expect` agrees with the result: the URL, headers and properties of an
/// endpoint (properties compared as JSON values), or the error's message.
fn check(expect: Option<&Value>, got: &Result<Endpoint, EndpointError>) -> Result<(), String> {
    let expect = expect.ok_or("no expect")?;
    if let Some(message) = expect.get("error").and_then(Value::as_str) {
        return match got {
            Err(EndpointError::Rule(m)) if m == message => Ok(()),
            other => Err(format!("expected error {message:?}, got {other:?}")),
        };
    }
    let e = expect
        .get("endpoint")
        .ok_or("expect has neither endpoint nor error")?;
    let got = got
        .as_ref()
        .map_err(|err| format!("expected an endpoint, got {err}"))?;
    let url = e.get("url").and_then(Value::as_str).unwrap_or("");
    if got.url != url {
        return Err(format!("url {:?}, expected {url:?}", got.url));
    }
    let headers: std::collections::BTreeMap<String, Vec<String>> = e
        .get("headers")
        .cloned()
        .map(serde_json::from_value)
        .transpose()
        .map_err(|err| format!("expected headers: {err}"))?
        .unwrap_or_default();
    if got.headers != headers {
        return Err(format!("headers {:?}, expected {headers:?}", got.headers));
    }
    let properties = e
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if got.properties != properties {
        return Err(format!(
            "properties {}, expected {}",
            Value::Object(got.properties.clone()),
            Value::Object(properties)
        ));
    }
    Ok(())
}

fn summary(reports: &[ModelReport], total: &str) -> String {
    let mut s = String::from("# Endpoint tests\n\n");
    let _ = writeln!(
        s,
        "{total}\n\n| model | passed | failed |\n| --- | --- | --- |"
    );
    for r in reports {
        let _ = writeln!(s, "| {} | {} | {} |", r.name, r.passed, r.failures.len());
    }
    if reports.iter().any(|r| !r.failures.is_empty()) {
        s.push_str("\n## Failures\n");
        for r in reports.iter().filter(|r| !r.failures.is_empty()) {
            let _ = writeln!(s, "\n### {}\n", r.name);
            for f in &r.failures {
                let _ = writeln!(s, "- {f}");
            }
        }
    }
    s
}

/// Times parsing S3 Control's rule set (the corpus has no S3 model) and resolving its test cases' parameters, per call.
fn bench(dir: &Path) -> Result<(), String> {
    let path = dir.join("s3-control-2018-08-20.json");
    let traits = service_traits(&path)?;
    let value = traits
        .get("smithy.rules#endpointRuleSet")
        .ok_or("s3-control has no rule set")?;
    let started = Instant::now();
    let rules = RuleSet::parse(value).map_err(|e| e.to_string())?;
    let parse = started.elapsed();
    let params: Vec<Map<String, Value>> = traits
        .get("smithy.rules#endpointTests")
        .and_then(|t| t.get("testCases"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("params")?.as_object().cloned())
        .collect();
    const ROUNDS: usize = 200;
    let started = Instant::now();
    let mut ok = 0usize;
    for _ in 0..ROUNDS {
        for p in &params {
            ok += usize::from(rules.resolve(p).is_ok());
        }
    }
    let calls = ROUNDS * params.len();
    let per_call = started.elapsed().as_nanos() / calls.max(1) as u128;
    println!(
        "s3-control rule set: parsed in {} us; {calls} resolutions ({ok} endpoints) at {} ns per call",
        parse.as_micros(),
        per_call
    );
    Ok(())
}
