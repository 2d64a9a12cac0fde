//! Repository tasks. `cargo xtask codegen` regenerates `generated/` from `model/`;
//! `cargo xtask codegen --check` fails when the committed output is stale.
//! `cargo xtask corpus` runs the generator over the shared corpus of AWS models (see `corpus.rs`).

mod compile_time;
mod corpus;

/// The generator allocates many small token trees and strings; mimalloc serves them in about a
/// quarter less time than the system allocator (see the README's generator figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--model PATH]... [--out DIR] [--crate-name NAME] [--service ID] [--lenient]

  (no options)       regenerate generated/ from the models in model/
  --check            write nothing; fail naming each file that differs from what the model gives
  --model PATH       a Smithy JSON AST file, or a folder of them (repeatable; default: model/)
  --out DIR          where the crate goes (default: generated/)
  --crate-name NAME  package name of the emitted crate (default: customer-profiles)
  --service ID       the service to generate when the model has several (`ns#Name`)
  --lenient          warn about patterns no engine compiles and leave them unchecked, instead of failing";

/// The crate this repository commits: generated from `model/` into `generated/`.
const DEFAULT_CRATE: &str = "customer-profiles";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => exit(CodegenArgs::parse(&args[1..]).and_then(|a| codegen(&a))),
        Some("corpus") => exit(corpus::Args::parse(&args[1..]).and_then(|a| corpus::run(&a))),
        Some("compile-time") => {
            exit(compile_time::Args::parse(&args[1..]).and_then(|a| compile_time::run(&a)))
        }
        _ => {
            eprintln!("{USAGE}\n\n{}\n\n{}", corpus::USAGE, compile_time::USAGE);
            ExitCode::FAILURE
        }
    }
}

fn exit(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

struct CodegenArgs {
    check: bool,
    models: Vec<PathBuf>,
    out: PathBuf,
    crate_name: String,
    service: Option<String>,
    lenient: bool,
}

impl CodegenArgs {
    fn parse(args: &[String]) -> Result<Self, String> {
        let root = workspace_root();
        let mut a = CodegenArgs {
            check: false,
            models: Vec::new(),
            out: root.join("generated"),
            crate_name: DEFAULT_CRATE.to_owned(),
            service: None,
            lenient: false,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .cloned()
                    .ok_or(format!("{name} needs a value\n\n{USAGE}"))
            };
            match arg.as_str() {
                "--check" => a.check = true,
                "--model" => a.models.push(PathBuf::from(value("--model")?)),
                "--out" => a.out = PathBuf::from(value("--out")?),
                "--crate-name" => a.crate_name = value("--crate-name")?,
                "--service" => a.service = Some(value("--service")?),
                "--lenient" => a.lenient = true,
                "-h" | "--help" => return Err(USAGE.to_owned()),
                other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
            }
        }
        if a.models.is_empty() {
            a.models.push(root.join("model"));
        }
        Ok(a)
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Model files: each `--model` path, or the `.json` files of a folder in name order.
fn model_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("error: {}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!("error: {}: no .json model files", p.display()));
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

fn codegen(args: &CodegenArgs) -> Result<(), String> {
    let files = model_files(&args.models)?;
    let mut texts = Vec::new();
    for f in &files {
        let text =
            std::fs::read_to_string(f).map_err(|e| format!("error: {}: {e}", f.display()))?;
        texts.push((f.display().to_string(), text));
    }
    let inputs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let options = codegen::Options {
        crate_name: args.crate_name.clone(),
        service: args.service.clone(),
        lenient: args.lenient,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let generated = codegen::generate(&inputs, &options)
        .map_err(|f| format!("{f}\ncodegen failed: nothing was written"))?;
    for w in &generated.warnings {
        eprintln!("{w}");
    }
    sync(&args.out, &generated.files, args.check)
}

/// The one place that decides between writing and checking.
///
/// The generator owns `Cargo.toml` and everything under `src/`; other files in the output folder
/// (hand-written tests, say) are left alone. Writing goes file by file through a temporary file
/// and a rename, so a reader never sees a half-written file.
fn sync(out: &Path, files: &BTreeMap<String, String>, check: bool) -> Result<(), String> {
    let mut stale = Vec::new();
    for (rel, contents) in files {
        let path = out.join(rel);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            stale.push(path);
        }
    }
    let extra: Vec<PathBuf> = owned_files(out)
        .into_iter()
        .filter(|p| {
            let rel = p
                .strip_prefix(out)
                .map(|r| r.to_string_lossy().replace('\\', "/"));
            rel.is_ok_and(|r| !files.contains_key(&r))
        })
        .collect();
    if check {
        if stale.is_empty() && extra.is_empty() {
            return Ok(());
        }
        let mut msg = String::from("error: generated code is stale; run `cargo xtask codegen`:");
        for p in &stale {
            msg.push_str(&format!("\n  differs: {}", p.display()));
        }
        for p in &extra {
            msg.push_str(&format!("\n  not generated by the model: {}", p.display()));
        }
        return Err(msg);
    }
    for path in &stale {
        let rel = path
            .strip_prefix(out)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        write_atomic(path, &files[&rel]).map_err(|e| format!("error: {}: {e}", path.display()))?;
    }
    for p in &extra {
        std::fs::remove_file(p).map_err(|e| format!("error: {}: {e}", p.display()))?;
    }
    eprintln!(
        "{}: {} files, {} updated, {} removed",
        out.display(),
        files.len(),
        stale.len(),
        extra.len()
    );
    Ok(())
}

/// Files the generator owns in an output folder: `Cargo.toml` and everything under `src/`.
fn owned_files(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let manifest = out.join("Cargo.toml");
    if manifest.is_file() {
        found.push(manifest);
    }
    let mut stack = vec![out.join("src")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("codegen-tmp");
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path)
}
