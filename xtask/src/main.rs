//! Repository tasks. `cargo xtask codegen` regenerates `generated/` from `model/`;
//! `cargo xtask codegen --check` fails when the committed output is stale. `cargo xtask ast`
//! prints a model (IDL or JSON AST files) as one JSON AST, `cargo xtask idl` writes it as IDL.
//! Those three are the `smithy-codegen` command's `generate`, `ast` and `idl` ([`codegen::cli`]),
//! with this repository's `smithy-codegen.toml` for their defaults.
//! `cargo xtask corpus` runs the generator over the shared corpus of AWS models (see `corpus.rs`);
//! `cargo xtask real-clients` calls generated servers with boto3 (see `real_clients.rs`).

mod bench_server;
mod compile_time;
mod corpus;
mod endpoint_tests;
mod protocol_tests;
mod real_clients;
#[cfg(test)]
mod tests;

/// The generator allocates many small token trees and strings; mimalloc serves them in about a
/// quarter less time than the system allocator (see docs/benchmarks.md, generator speed).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::output::{self, Mode, Owned};

const USAGE: &str = "\
usage: cargo xtask <command> [options]; `cargo xtask <command> --help` for its options

  codegen        generate a Rust crate from a Smithy model (default: model/ into generated/, as
                 smithy-codegen.toml says), or check it; `smithy-codegen generate`
  ast            print a model as one Smithy 2.0 JSON AST; `smithy-codegen ast`
  idl            write a model as Smithy IDL 2.0, one file per namespace; `smithy-codegen idl`
  corpus         run the generator over the shared corpus of AWS models
  endpoint-tests run the corpus models' endpoint rule set test cases
  protocol-tests run Smithy's protocol compliance cases against generated crates
  compile-time   time our crate's build against the AWS SDK's
  bench-server   benchmark our server against a hand-written axum route, and the router
  real-clients   boto3 against generated servers for corpus services, over 127.0.0.1";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command {
        Command::Help(text) => {
            print_stdout(&format!("{text}\n"));
            return ExitCode::SUCCESS;
        }
        Command::Smithy(name, rest) => return smithy(name).run(rest),
        Command::Corpus(a) => corpus::run(&a),
        Command::EndpointTests(a) => endpoint_tests::run(&a),
        Command::ProtocolTests(a) => protocol_tests::run(&a),
        Command::CompileTime(a) => compile_time::run(&a),
        Command::BenchServer(a) => bench_server::run(&a),
        Command::RealClients(a) => real_clients::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask <name>` for `codegen`, `ast` and `idl`: the `smithy-codegen` command of that
/// name (`generate` for `codegen`), with the defaults of this repository's `smithy-codegen.toml`
/// from whatever folder it is run in.
fn smithy(name: &'static str) -> codegen::cli::Invocation {
    let command = if name == "codegen" { "generate" } else { name };
    codegen::cli::Invocation::subcommand(command, format!("cargo xtask {name}"))
        .config_from(workspace_root())
}

/// Prints on stdout; a reader that went away (`cargo xtask ast | head`) is not an error.
fn print_stdout(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// What a command asks for.
enum Command {
    /// Print this usage text on stdout and succeed.
    Help(String),
    /// `codegen`, `ast` or `idl`, and its arguments.
    Smithy(&'static str, Vec<String>),
    Corpus(corpus::Args),
    EndpointTests(endpoint_tests::Args),
    ProtocolTests(protocol_tests::Args),
    CompileTime(compile_time::Args),
    BenchServer(bench_server::Args),
    RealClients(real_clients::Args),
}

/// Reads the command line (without the program name).
fn parse(args: &[String]) -> Result<Command, String> {
    let rest = args.get(1..).unwrap_or_default();
    let help = |text: &str| Command::Help(text.to_owned());
    Ok(match args.first().map(String::as_str) {
        Some("codegen") => Command::Smithy("codegen", rest.to_vec()),
        Some("ast") => Command::Smithy("ast", rest.to_vec()),
        Some("idl") => Command::Smithy("idl", rest.to_vec()),
        Some("corpus") => corpus::Args::parse(rest)?.map_or(help(corpus::USAGE), Command::Corpus),
        Some("endpoint-tests") => endpoint_tests::Args::parse(rest)?
            .map_or(help(endpoint_tests::USAGE), Command::EndpointTests),
        Some("protocol-tests") => protocol_tests::Args::parse(rest)?
            .map_or(help(protocol_tests::USAGE), Command::ProtocolTests),
        Some("compile-time") => {
            compile_time::Args::parse(rest)?.map_or(help(compile_time::USAGE), Command::CompileTime)
        }
        Some("bench-server") => {
            bench_server::Args::parse(rest)?.map_or(help(bench_server::USAGE), Command::BenchServer)
        }
        Some("real-clients") => {
            real_clients::Args::parse(rest)?.map_or(help(real_clients::USAGE), Command::RealClients)
        }
        Some("-h" | "--help" | "help") => help(USAGE),
        Some(other) => return Err(format!("unknown command {other:?}\n\n{USAGE}")),
        None => return Err(USAGE.to_owned()),
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Generates the crate `name` from one model file (a corpus model: its only service, strict
/// patterns) into `dir`, writing only what changed; the report line.
fn generate_crate(model: &Path, name: &str, dir: &Path) -> Result<String, String> {
    let text =
        std::fs::read_to_string(model).map_err(|e| format!("error: {}: {e}", model.display()))?;
    let options = codegen::Options {
        crate_name: name.to_owned(),
        service: None,
        lenient: false,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ..Default::default()
    };
    let label = model.display().to_string();
    let generated = codegen::generate(&[(label.as_str(), text.as_str())], &options)
        .map_err(|f| format!("error: {name} does not generate:\n{f}"))?;
    output::write_or_check_owned(dir, &generated.files, Mode::Write, Owned::Crate)
        .map(|report| report.to_string())
        .map_err(|e| format!("error: {e}"))
}
