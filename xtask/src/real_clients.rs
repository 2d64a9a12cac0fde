//! `cargo xtask real-clients`: clients nobody here wrote against our generated servers.
//!
//! Generates the SQS (awsJson1_0) and SageMaker Feature Store Runtime (restJson1) crates from
//! the shared corpus into `target/real-clients/crates/`, builds the server binary of
//! `xtask/real-clients/` (in-memory handlers, its own workspace and committed lock), starts it
//! on 127.0.0.1 and runs `xtask/real-clients/boto3_session.py` against it. The server logs one
//! line per request; the run fails when boto3's session fails, or when a request boto3 sent did
//! not arrive SigV4-signed.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use codegen::output::{Mode, Owned};

pub const USAGE: &str = "\
usage: cargo xtask real-clients [--python PATH]

  Generates the SQS and SageMaker Feature Store Runtime crates from the shared corpus, serves
  them on 127.0.0.1 with in-memory handlers (xtask/real-clients) and runs boto3's scripted
  session against them (xtask/real-clients/boto3_session.py). Skipped, with a message, where
  ../shared is absent. The server's log goes to target/real-clients/server.log.
  --python PATH  a Python with boto3 (default: target/venv/bin/python, the virtual environment
                 `.ci/run` makes from xtask/real-clients/requirements.txt)";

pub struct Args {
    python: Option<PathBuf>,
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut python = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--python" => {
                    let value = it
                        .next()
                        .ok_or(format!("--python needs a value\n\n{USAGE}"))?;
                    python = Some(PathBuf::from(value));
                }
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        Ok(Some(Args { python }))
    }
}

/// The crates the server binary depends on: (package name, corpus model).
const SERVICES: &[(&str, &str)] = &[
    ("sqs", "sqs-2012-11-05.json"),
    (
        "featurestore-runtime",
        "sagemaker-featurestore-runtime-2020-07-01.json",
    ),
];

pub fn run(args: &Args) -> Result<(), String> {
    let root = super::workspace_root();
    if !root.join("../shared/corpus/aws-models.tar.xz").is_file() {
        println!(
            "skipping: ../shared/corpus/aws-models.tar.xz not found (the shared test data is absent)"
        );
        return Ok(());
    }
    let python = args
        .python
        .clone()
        .unwrap_or_else(|| root.join("target/venv/bin/python"));
    if !python.is_file() {
        return Err(format!(
            "error: no Python at {}; make one with boto3:\n  python3 -m venv target/venv && \
             target/venv/bin/pip install -r xtask/real-clients/requirements.txt",
            python.display()
        ));
    }
    let models = crate::corpus::unpacked_corpus()?;
    let out = root.join("target/real-clients");
    for (name, model) in SERVICES {
        generate(&models.join(model), name, &out.join("crates").join(name))?;
    }

    let harness = root.join("xtask/real-clients");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(&cargo)
        .args(["build", "--locked", "--quiet"])
        .current_dir(&harness)
        .env("CARGO_TARGET_DIR", out.join("target"))
        .status()
        .map_err(|e| format!("error: running cargo build: {e}"))?;
    if !built.success() {
        return Err(format!(
            "error: building {} failed ({built})",
            harness.display()
        ));
    }

    let log_path = out.join("server.log");
    let log = std::fs::File::create(&log_path)
        .map_err(|e| format!("error: {}: {e}", log_path.display()))?;
    // The server stops when its stdin closes: when this process drops the pipe, or dies.
    let mut server = Command::new(out.join("target/debug/real-clients"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .map_err(|e| format!("error: starting the server: {e}"))?;
    let urls = read_urls(server.stdout.take());
    let session = urls.and_then(|(sqs, featurestore)| {
        Command::new(&python)
            .arg(harness.join("boto3_session.py"))
            .args([&sqs, &featurestore])
            .status()
            .map_err(|e| format!("error: running {}: {e}", python.display()))
    });
    drop(server.stdin.take());
    let stopped = server.wait();
    let session = session?;
    stopped.map_err(|e| format!("error: waiting for the server: {e}"))?;

    let mut text = String::new();
    std::fs::File::open(&log_path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| format!("error: {}: {e}", log_path.display()))?;
    let summary = check_log(&text)?;
    println!("{summary} (log: {})", log_path.display());
    if !session.success() {
        return Err(format!("error: boto3's session failed ({session})"));
    }
    Ok(())
}

/// Generates the crate `name` from `model` into `dir` (only what changed is rewritten, so the
/// server binary rebuilds only when the generator or the model did).
fn generate(model: &Path, name: &str, dir: &Path) -> Result<(), String> {
    let text =
        std::fs::read_to_string(model).map_err(|e| format!("error: {}: {e}", model.display()))?;
    let options = codegen::Options {
        crate_name: name.to_owned(),
        service: None,
        lenient: false,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let label = model.display().to_string();
    let generated = codegen::generate(&[(label.as_str(), text.as_str())], &options)
        .map_err(|f| format!("error: {name} does not generate:\n{f}"))?;
    super::sync(
        dir,
        &generated.files,
        Mode::Write,
        Owned::Crate,
        name,
        "cargo xtask real-clients",
    )
    .map(drop)
}

/// The two URLs the server prints once it listens: `sqs URL` and `featurestore URL`.
fn read_urls(stdout: Option<std::process::ChildStdout>) -> Result<(String, String), String> {
    let stdout = stdout.ok_or("error: the server has no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let mut url = |service: &str| -> Result<String, String> {
        let line = lines
            .next()
            .ok_or(format!(
                "error: the server stopped before it printed its {service} URL"
            ))?
            .map_err(|e| format!("error: reading the server's output: {e}"))?;
        line.strip_prefix(&format!("{service} "))
            .map(str::to_owned)
            .ok_or(format!(
                "error: expected `{service} URL` from the server, got {line:?}"
            ))
    };
    Ok((url("sqs")?, url("featurestore")?))
}

/// Checks the server's log (`service: client signing METHOD URI [target] -> STATUS ...`): every
/// request boto3 sent arrived SigV4-signed. The summary counts requests and answers.
fn check_log(log: &str) -> Result<String, String> {
    let requests: Vec<&str> = log.lines().filter(|line| line.contains(" -> ")).collect();
    let boto3 = requests
        .iter()
        .filter(|line| line.split(' ').nth(1) == Some("boto3"))
        .count();
    let unsigned: Vec<&&str> = requests
        .iter()
        .filter(|line| line.split(' ').nth(1) == Some("boto3"))
        .filter(|line| line.split(' ').nth(2) != Some("sigv4"))
        .collect();
    if boto3 == 0 {
        return Err("error: the server saw no request from boto3".to_owned());
    }
    if !unsigned.is_empty() {
        return Err(format!(
            "error: boto3 requests that arrived unsigned:\n{}",
            unsigned
                .iter()
                .map(|line| format!("  {line}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    let errors = requests
        .iter()
        .filter(|line| !line.contains(" -> 200"))
        .count();
    Ok(format!(
        "the servers answered {} requests ({boto3} from boto3, all SigV4-signed; {errors} error answers)",
        requests.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_check_needs_signed_boto3_requests() {
        let good = "sqs: boto3 sigv4 POST / AmazonSQS.ListQueues -> 200\n\
                    featurestore: other unsigned POST /FeatureGroup/x -> 405 x-amzn-errortype: MethodNotAllowedException\n";
        assert_eq!(
            check_log(good).unwrap(),
            "the servers answered 2 requests (1 from boto3, all SigV4-signed; 1 error answers)"
        );
        let unsigned = "sqs: boto3 unsigned POST / AmazonSQS.ListQueues -> 200\n";
        assert!(
            check_log(unsigned)
                .unwrap_err()
                .contains("arrived unsigned")
        );
        assert!(check_log("stopping after 300s\n").is_err());
    }
}
