//! Repository tasks. `cargo xtask codegen` regenerates `generated/` from `model/`;
//! `cargo xtask codegen --check` fails when the committed output is stale. `cargo xtask ast`
//! prints a model (IDL or JSON AST files) as one JSON AST, `cargo xtask idl` writes it as IDL.
//! `cargo xtask corpus` runs the generator over the shared corpus of AWS models (see `corpus.rs`);
//! `cargo xtask real-clients` calls generated servers with boto3 (see `real_clients.rs`).

mod bench_server;
mod compile_time;
mod corpus;
mod protocol_tests;
mod real_clients;
#[cfg(test)]
mod tests;

/// The generator allocates many small token trees and strings; mimalloc serves them in about a
/// quarter less time than the system allocator (see the README's generator figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::Diagnostic;
use codegen::output::{self, Mode, Owned};
use serde::Serialize as _;

const USAGE: &str = "\
usage: cargo xtask <command> [options]; `cargo xtask <command> --help` for its options

  codegen        generate a Rust crate from a Smithy model (default: model/ into generated/)
  ast            print a model as one Smithy 2.0 JSON AST
  idl            write a model as Smithy IDL 2.0, one file per namespace
  corpus         run the generator over the shared corpus of AWS models
  protocol-tests run Smithy's protocol compliance cases against generated crates
  compile-time   time our crate's build against the AWS SDK's
  bench-server   benchmark our server against a hand-written axum route, and the router
  real-clients   boto3 against generated servers for corpus services, over 127.0.0.1";

const CODEGEN_USAGE: &str = "\
usage: cargo xtask codegen [--check] [--model PATH]... [--out DIR] [--crate-name NAME] [--service ID] [--lenient]

  (no options)       regenerate generated/ from the models in model/
  --check            write nothing; fail naming each file that differs from what the model gives
  --model PATH       a model file (Smithy IDL `.smithy` or JSON AST `.json`), or a folder: every
                     such file in it and its subfolders, by path (repeatable; default: model/)
  --out DIR          where the crate goes (default: generated/)
  --crate-name NAME  package name of the emitted crate (default: customer-profiles)
  --service ID       the service to generate when the model has several (`ns#Name`)
  --lenient          warn about patterns no engine compiles and leave them unchecked, instead of failing";

const AST_USAGE: &str = "\
usage: cargo xtask ast [--model PATH]... [--flatten]

  Prints the model as one Smithy 2.0 JSON AST on stdout (4-space indentation), as `smithy ast`
  does. Diagnostics go to stderr; on any error nothing is printed and the exit code is non-zero.
  --model PATH       a model file (`.smithy` or `.json`), or a folder of them, searched
                     recursively (repeatable; default: model/)
  --flatten          apply mixins and leave the mixin shapes out";

const IDL_USAGE: &str = "\
usage: cargo xtask idl [--model PATH]... --out DIR [--check]

  Writes the model as Smithy IDL 2.0 into DIR, one file per namespace (`<namespace>.smithy`;
  a model with metadata only gives `metadata.smithy`), each file atomically, and removes the
  other `.smithy` files directly in DIR. On any error nothing is written.
  --model PATH       a model file (`.smithy` or `.json`), or a folder of them, searched
                     recursively (repeatable; default: model/)
  --out DIR          the folder to write (required)
  --check            write nothing; fail naming each file that is missing, differs, or is extra";

/// The crate this repository commits: generated from `model/` into `generated/`.
const DEFAULT_CRATE: &str = "customer-profiles";

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
        Command::Codegen(a) => codegen(&a),
        Command::Ast(a) => ast(&a),
        Command::Idl(a) => idl(&a),
        Command::Corpus(a) => corpus::run(&a).map(|()| Done::default()),
        Command::ProtocolTests(a) => protocol_tests::run(&a).map(|()| Done::default()),
        Command::CompileTime(a) => compile_time::run(&a).map(|()| Done::default()),
        Command::BenchServer(a) => bench_server::run(&a).map(|()| Done::default()),
        Command::RealClients(a) => real_clients::run(&a).map(|()| Done::default()),
    };
    match result {
        Ok(done) => {
            for line in &done.stderr {
                eprintln!("{line}");
            }
            print_stdout(&done.stdout);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
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
    Codegen(CodegenArgs),
    Ast(AstArgs),
    Idl(IdlArgs),
    Corpus(corpus::Args),
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
        Some("codegen") => CodegenArgs::parse(rest)?.map_or(help(CODEGEN_USAGE), Command::Codegen),
        Some("ast") => AstArgs::parse(rest)?.map_or(help(AST_USAGE), Command::Ast),
        Some("idl") => IdlArgs::parse(rest)?.map_or(help(IDL_USAGE), Command::Idl),
        Some("corpus") => corpus::Args::parse(rest)?.map_or(help(corpus::USAGE), Command::Corpus),
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

/// What a successful command prints: `stdout` as it is, `stderr` a line each (warnings, what
/// was written).
#[derive(Debug, Default)]
struct Done {
    stdout: String,
    stderr: Vec<String>,
}

/// Walks options: calls `on` with each option and a way to take its value; `Ok(false)` when
/// `--help` was asked for.
fn walk(
    args: &[String],
    usage: &str,
    mut on: impl FnMut(&str, &mut dyn FnMut(&str) -> Result<String, String>) -> Result<(), String>,
) -> Result<bool, String> {
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Ok(false);
        }
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or(format!("{name} needs a value\n\n{usage}"))
        };
        on(arg, &mut value)?;
    }
    Ok(true)
}

fn unknown(arg: &str, usage: &str) -> Result<(), String> {
    Err(format!("unknown argument {arg:?}\n\n{usage}"))
}

#[derive(Debug)]
struct CodegenArgs {
    check: bool,
    models: Vec<PathBuf>,
    out: PathBuf,
    crate_name: String,
    service: Option<String>,
    lenient: bool,
}

impl CodegenArgs {
    /// `None` when `--help` was asked for.
    fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut a = CodegenArgs {
            check: false,
            models: Vec::new(),
            out: near(workspace_root().join("generated")),
            crate_name: DEFAULT_CRATE.to_owned(),
            service: None,
            lenient: false,
        };
        let run = walk(args, CODEGEN_USAGE, |arg, value| {
            match arg {
                "--check" => a.check = true,
                "--model" => a.models.push(PathBuf::from(value(arg)?)),
                "--out" => a.out = PathBuf::from(value(arg)?),
                "--crate-name" => a.crate_name = value(arg)?,
                "--service" => a.service = Some(value(arg)?),
                "--lenient" => a.lenient = true,
                other => return unknown(other, CODEGEN_USAGE),
            }
            Ok(())
        })?;
        default_model(&mut a.models);
        Ok(run.then_some(a))
    }
}

#[derive(Debug)]
struct AstArgs {
    models: Vec<PathBuf>,
    flatten: bool,
}

impl AstArgs {
    /// `None` when `--help` was asked for.
    fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut a = AstArgs {
            models: Vec::new(),
            flatten: false,
        };
        let run = walk(args, AST_USAGE, |arg, value| {
            match arg {
                "--model" => a.models.push(PathBuf::from(value(arg)?)),
                "--flatten" => a.flatten = true,
                other => return unknown(other, AST_USAGE),
            }
            Ok(())
        })?;
        default_model(&mut a.models);
        Ok(run.then_some(a))
    }
}

#[derive(Debug)]
struct IdlArgs {
    models: Vec<PathBuf>,
    out: PathBuf,
    check: bool,
}

impl IdlArgs {
    /// `None` when `--help` was asked for.
    fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut models = Vec::new();
        let mut out = None;
        let mut check = false;
        let run = walk(args, IDL_USAGE, |arg, value| {
            match arg {
                "--model" => models.push(PathBuf::from(value(arg)?)),
                "--out" => out = Some(PathBuf::from(value(arg)?)),
                "--check" => check = true,
                other => return unknown(other, IDL_USAGE),
            }
            Ok(())
        })?;
        if !run {
            return Ok(None);
        }
        let out = out.ok_or(format!("--out DIR is required\n\n{IDL_USAGE}"))?;
        default_model(&mut models);
        Ok(Some(IdlArgs { models, out, check }))
    }
}

fn default_model(models: &mut Vec<PathBuf>) {
    if models.is_empty() {
        models.push(near(workspace_root().join("model")));
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// `path` relative to the current folder when it is inside it, so that diagnostics and
/// reports name files as a user would type them.
fn near(path: PathBuf) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(path)
}

/// Reads the model files of `--model` paths, named as given.
fn read_models(paths: &[PathBuf]) -> Result<Vec<(String, String)>, String> {
    output::read_model_files(paths).map_err(|e| format!("error: {e}"))
}

fn as_inputs(texts: &[(String, String)]) -> Vec<(&str, &str)> {
    texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect()
}

fn lines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(ToString::to_string).collect()
}

fn codegen(args: &CodegenArgs) -> Result<Done, String> {
    let texts = read_models(&args.models)?;
    let options = codegen::Options {
        crate_name: args.crate_name.clone(),
        service: args.service.clone(),
        lenient: args.lenient,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let generated = codegen::generate(&as_inputs(&texts), &options)
        .map_err(|f| format!("{f}\ncodegen failed: nothing was written"))?;
    let mut stderr = lines(&generated.warnings);
    let mode = Mode::check_if(args.check);
    let report = sync(
        &args.out,
        &generated.files,
        mode,
        Owned::Crate,
        "generated code",
        "cargo xtask codegen",
    )?;
    if mode == Mode::Write {
        stderr.push(report);
    }
    Ok(Done {
        stdout: String::new(),
        stderr,
    })
}

/// Writes or checks files through [`output::write_or_check_owned`]; the report line, or the
/// error naming every stale file and the command that refreshes them.
fn sync(
    out: &Path,
    files: &BTreeMap<String, String>,
    mode: Mode,
    owned: Owned<'_>,
    what: &str,
    refresh: &str,
) -> Result<String, String> {
    match output::write_or_check_owned(out, files, mode, owned) {
        Ok(report) => Ok(report.to_string()),
        Err(output::Error::Stale { differs, extra }) => {
            let mut msg = format!("error: {what} is stale; run `{refresh}`:");
            for p in &differs {
                msg.push_str(&format!("\n  differs: {}", p.display()));
            }
            for p in &extra {
                msg.push_str(&format!("\n  not generated by the model: {}", p.display()));
            }
            Err(msg)
        }
        Err(e) => Err(format!("error: {e}")),
    }
}

/// Generates the crate `name` from one model file (a corpus model: its only service, strict
/// patterns) into `dir`, writing only what changed; the report line. `refresh` is the command
/// a stale-file message names.
fn generate_crate(model: &Path, name: &str, dir: &Path, refresh: &str) -> Result<String, String> {
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
    sync(
        dir,
        &generated.files,
        Mode::Write,
        Owned::Crate,
        name,
        refresh,
    )
}

/// Reads and merges the model files into one JSON AST (with mixins applied when `flatten`);
/// the model and its warnings, or every diagnostic as the error (ending with `nothing`: what
/// the command did not do).
fn assemble(
    paths: &[PathBuf],
    flatten: bool,
    nothing: &str,
) -> Result<(serde_json::Value, Vec<Diagnostic>), String> {
    let texts = read_models(paths)?;
    let failed = |diags: &[Diagnostic]| {
        let mut msg = lines(diags).join("\n");
        msg.push_str("\nthe model has errors: ");
        msg.push_str(nothing);
        msg
    };
    // The whole model is checked (references resolve, traits fit their shapes...), as
    // `smithy ast` validates before printing; its warnings are the ones reported.
    let (_, mut diags) = codegen::model::load(as_inputs(&texts)).map_err(|d| failed(&d))?;
    let (mut assembled, _) =
        codegen::model::assemble::assemble(as_inputs(&texts)).map_err(|d| failed(&d))?;
    if flatten {
        assembled.flatten(&mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(failed(&diags));
        }
    }
    Ok((assembled.to_json(), diags))
}

/// The JSON AST with 4-space indentation and a final line break, as `smithy ast` prints it.
fn pretty_json(doc: &serde_json::Value) -> String {
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    doc.serialize(&mut ser)
        .expect("a JSON value always serializes");
    let mut text = String::from_utf8(buf).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

/// The shapes of `doc` with the properties `smithy ast` always writes (Smithy's
/// `ModelSerializer`): `members` of structures, unions, enums and intEnums, `{}` when they
/// have none of their own, and an operation's `input` and `output`, `smithy.api#Unit` when the
/// model leaves them out. The properties keep `smithy ast`'s order: `type`, `mixins`, the
/// shape's own, `traits`. Everything else it leaves out when empty, as the model does.
fn smithy_ast_form(doc: &mut serde_json::Value) {
    use serde_json::{Map, Value, json};
    let Some(shapes) = doc.get_mut("shapes").and_then(Value::as_object_mut) else {
        return;
    };
    for shape in shapes.values_mut() {
        let Some(object) = shape.as_object_mut() else {
            continue;
        };
        let always: Vec<(&str, Value)> = match object.get("type").and_then(Value::as_str) {
            Some("structure" | "union" | "enum" | "intEnum") => vec![("members", json!({}))],
            Some("operation") => vec![
                ("input", json!({"target": "smithy.api#Unit"})),
                ("output", json!({"target": "smithy.api#Unit"})),
            ],
            _ => continue,
        };
        if always.iter().all(|(key, _)| object.contains_key(*key)) {
            continue;
        }
        let mut rest = std::mem::take(object);
        let mut ordered = Map::new();
        for key in ["type", "mixins"] {
            if let Some(v) = rest.remove(key) {
                ordered.insert(key.to_owned(), v);
            }
        }
        for (key, empty) in always {
            ordered.insert(key.to_owned(), rest.remove(key).unwrap_or(empty));
        }
        let traits = rest.remove("traits");
        ordered.extend(rest);
        if let Some(traits) = traits {
            ordered.insert("traits".to_owned(), traits);
        }
        *object = ordered;
    }
}

fn ast(args: &AstArgs) -> Result<Done, String> {
    let (mut doc, warnings) = assemble(&args.models, args.flatten, "nothing was printed")?;
    smithy_ast_form(&mut doc);
    Ok(Done {
        stdout: pretty_json(&doc),
        stderr: lines(&warnings),
    })
}

/// The IDL files of a model: `<namespace>.smithy` → text (`metadata.smithy` for the file
/// without a namespace).
fn idl_files(doc: &serde_json::Value) -> Result<BTreeMap<String, String>, String> {
    let files = codegen::idl::write::write(doc).map_err(|d| {
        let mut msg = lines(&d).join("\n");
        msg.push_str("\nthe model cannot be written as IDL: nothing was written");
        msg
    })?;
    Ok(files
        .into_iter()
        .map(|f| {
            let name = f.namespace.as_deref().unwrap_or("metadata");
            (format!("{name}.smithy"), f.text)
        })
        .collect())
}

fn idl(args: &IdlArgs) -> Result<Done, String> {
    let (doc, warnings) = assemble(&args.models, false, "nothing was written")?;
    let files = idl_files(&doc)?;
    let mut stderr = lines(&warnings);
    let mode = Mode::check_if(args.check);
    let report = sync(
        &args.out,
        &files,
        mode,
        Owned::Suffix(".smithy"),
        &format!("the IDL in {}", args.out.display()),
        "cargo xtask idl",
    )?;
    if mode == Mode::Write {
        stderr.push(report);
    }
    Ok(Done {
        stdout: String::new(),
        stderr,
    })
}
