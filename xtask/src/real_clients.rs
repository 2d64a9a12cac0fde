//! `cargo xtask real-clients`: clients nobody here wrote against our generated servers.
//!
//! Generates the SQS (awsJson1_0) and SageMaker Feature Store Runtime (restJson1) crates from
//! the shared corpus into `target/real-clients/crates/`, builds the binaries of
//! `xtask/real-clients/` (in-memory handlers, its own workspace and committed lock, debug
//! profile), starts `serve` on 127.0.0.1 and runs `xtask/real-clients/boto3_session.py` against
//! it. The server logs one line per request; the run fails when boto3's session fails, or when
//! a request boto3 sent did not arrive SigV4-signed.
//!
//! Then `load`, a bounded load test of both servers (Feature Store with a 64 KiB body limit) in
//! a process of its own: 100,000 requests of a seeded mix, valid and invalid, over 64 + 8
//! keep-alive connections of a hyper client, every answer checked, none lost, resident memory
//! flat. It prints one summary line and fails on any mismatch, lost request or memory growth,
//! or after its deadline. CI runs the debug build: a release build of the harness costs more
//! than a minute on two cores, while the debug run of the load test takes 7 to 30 s.

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const USAGE: &str = "\
usage: cargo xtask real-clients [--python PATH] [--no-load]

  Generates the SQS and SageMaker Feature Store Runtime crates from the shared corpus, serves
  them on 127.0.0.1 with in-memory handlers (xtask/real-clients) and runs boto3's scripted
  session against them (xtask/real-clients/boto3_session.py). Skipped, with a message, where
  ../shared is absent. The server's log goes to target/real-clients/server.log.
  Then a load test of both servers (xtask/real-clients/src/bin/load.rs): 100,000 checked
  requests, valid and invalid, over 72 keep-alive connections on 127.0.0.1, with a summary
  line (requests/s, peak RSS); it fails on a wrong or missing answer, on memory growth, or
  after 180 s.
  --python PATH  a Python with boto3 (default: target/venv/bin/python, the virtual environment
                 `.ci/run` makes from xtask/real-clients/requirements.txt)
  --no-load      boto3's session only";

pub struct Args {
    python: Option<PathBuf>,
    load: bool,
}

impl Args {
    /// `None` when `--help` was asked for.
    pub fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut python = None;
        let mut load = true;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--python" => {
                    let value = it
                        .next()
                        .ok_or(format!("--python needs a value\n\n{USAGE}"))?;
                    python = Some(PathBuf::from(value));
                }
                "--no-load" => load = false,
                "-h" | "--help" => return Ok(None),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        Ok(Some(Args { python, load }))
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
        // Only what changed is rewritten, so the binaries rebuild only when the generator or
        // the model did.
        super::generate_crate(&models.join(model), name, &out.join("crates").join(name))?;
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
    let mut server = Command::new(out.join("target/debug/serve"))
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
    if args.load {
        load(&out.join("target/debug/load"))?;
    }
    Ok(())
}

/// The longest the load test may take: its own deadline (180 s) and some time to say so.
const LOAD_LIMIT: Duration = Duration::from_secs(200);

/// Runs the load test, which prints its summary; stops it should it outlive [`LOAD_LIMIT`].
fn load(binary: &Path) -> Result<(), String> {
    let mut child = Command::new(binary)
        .stdin(Stdio::null())
        .spawn()
        .map_err(|e| format!("error: starting {}: {e}", binary.display()))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > LOAD_LIMIT => {
                child.kill().ok();
                child.wait().ok();
                return Err(format!(
                    "error: the load test was still running after {LOAD_LIMIT:?}; stopped it"
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => return Err(format!("error: waiting for the load test: {e}")),
        }
    };
    if !status.success() {
        return Err(format!("error: the load test failed ({status})"));
    }
    Ok(())
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
    fn the_load_test_runs_unless_told_not_to() {
        assert!(Args::parse(&[]).unwrap().unwrap().load);
        let args = Args::parse(&["--no-load".to_owned()]).unwrap().unwrap();
        assert!(!args.load);
        assert!(Args::parse(&["--load".to_owned()]).is_err());
    }

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
