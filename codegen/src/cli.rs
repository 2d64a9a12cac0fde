//! The `smithy-codegen` command: generate a crate from a repository's Smithy model, check that
//! the committed crate is what the model gives, print the model as a JSON AST, or write it as IDL.
//!
//! The binary is a call to [`main`]. A repository's own task runner (an `xtask`, say) can offer
//! one of the commands under its own name with [`Invocation::subcommand`]; its help, errors and
//! "run this to update" lines then name the runner's command.
//!
//! # Where the settings come from
//!
//! Each setting is taken from the command line, else from the configuration file, else from a
//! default:
//!
//! - the configuration file is `--config FILE`, else the nearest `smithy-codegen.toml` in the
//!   working directory or one of its parents (none with `--no-config`). Its keys, all optional:
//!
//!   ```toml
//!   models = ["model"]             # model files or folders, searched recursively
//!   out = "generated"              # the folder of the generated crate
//!   crate-name = "weather-types"   # the package name of the generated crate
//!   service = "example#Weather"    # the service to generate, when the model has several
//!   lenient = false                # warn about patterns no engine compiles, instead of failing
//!   allow-unknown-traits = false   # warn about traits no shape defines, instead of failing
//!   require-protocol = false       # fail when the service has no protocol we emit code for
//!   ```
//!
//!   Paths in it are relative to the folder the file is in;
//! - models: the folder `model` beside the configuration file, or in the working directory
//!   when there is none;
//! - the output folder: none: `generate` needs `--out` or `out` in the file;
//! - the crate name: the service's name in kebab case (`WeatherService` gives
//!   `weather-service`); a model without a service needs one given.
//!
//! Exit codes: 0 on success, 1 when `--check` finds files that are not what the model gives,
//! 2 on any error (a bad model, a file that cannot be read or written, a bad command line).

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use serde::{Deserialize, Serialize as _};

use crate::Diagnostic;
use crate::output::{self, Mode, Owned};

/// The configuration file's name, looked for in the working directory and its parents.
pub const CONFIG_FILE: &str = "smithy-codegen.toml";

/// Runs the `smithy-codegen` binary: reads the process's arguments, prints, and gives the exit
/// code.
pub fn main() -> ExitCode {
    Invocation::new("smithy-codegen").run(std::env::args_os().skip(1))
}

/// Generates Rust crates from Smithy 2.0 models.
#[derive(Debug, Parser)]
#[command(
    name = "smithy-codegen",
    version,
    after_help = "Settings not given on the command line are read from --config FILE, else from \
the nearest smithy-codegen.toml in this folder or above. Exit codes: 0 success, 1 --check found \
files to update, 2 error."
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

// Options every command takes.
#[derive(Debug, Args)]
struct Global {
    /// The configuration file [default: the nearest smithy-codegen.toml in the working
    /// directory or above]
    #[arg(
        long,
        value_name = "FILE",
        global = true,
        help_heading = "Configuration"
    )]
    config: Option<PathBuf>,
    /// Read no configuration file
    #[arg(
        long,
        global = true,
        conflicts_with = "config",
        help_heading = "Configuration"
    )]
    no_config: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    Generate(GenerateArgs),
    Ast(AstArgs),
    Idl(IdlArgs),
}

// Where the model is.
#[derive(Debug, Args)]
struct ModelArgs {
    /// A model file (Smithy IDL `.smithy` or JSON AST `.json`), or a folder: every such file in
    /// it and its subfolders [default: `models` of the configuration file, else the folder
    /// `model` beside it or here]
    #[arg(
        long = "models",
        short = 'm',
        visible_alias = "model",
        value_name = "DIR|FILE",
        num_args = 1..,
        action = clap::ArgAction::Append
    )]
    models: Vec<PathBuf>,
}

/// Generate a Rust crate from a Smithy model, or check that it is up to date
///
/// Writes only the files that differ (each atomically) and removes the files under `src/` that
/// the model no longer gives; other files in the folder are left alone. On any error in the
/// model nothing is written. With --check nothing is written: each missing, changed or extra
/// file is named, with the command that updates them.
#[derive(Debug, Args)]
struct GenerateArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// Where the crate goes [default: `out` of the configuration file]
    #[arg(long, short = 'o', value_name = "DIR")]
    out: Option<PathBuf>,
    /// The package name of the crate [default: `crate-name` of the configuration file, else
    /// the service's name in kebab case]
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The service to generate when the model has several (`namespace#Name`)
    #[arg(long, value_name = "ID")]
    service: Option<String>,
    /// Warn about patterns no engine compiles and leave them unchecked, instead of failing
    #[arg(long)]
    lenient: bool,
    /// Report traits that no shape defines as warnings instead of errors
    #[arg(long)]
    allow_unknown_traits: bool,
    /// Fail when the service has no protocol the generator emits operations for (by default a
    /// warning: the crate gets the types only)
    #[arg(long)]
    require_protocol: bool,
    /// Write nothing; fail naming each file that is missing, changed or extra
    #[arg(long)]
    check: bool,
    /// Threads that emit the crate [default: the available parallelism]
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

/// Print the model as one Smithy 2.0 JSON AST
///
/// Prints on standard output with 4-space indentation, as `smithy ast` does, after checking the
/// whole model. Diagnostics go to standard error; on any error nothing is printed.
#[derive(Debug, Args)]
struct AstArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// Apply mixins and leave the mixin shapes out
    #[arg(long)]
    flatten: bool,
}

/// Write the model as Smithy IDL 2.0, one file per namespace
///
/// Writes `<namespace>.smithy` files into DIR (`metadata.smithy` for a model with metadata
/// only), each atomically, and removes the other `.smithy` files directly in DIR. On any error
/// nothing is written.
#[derive(Debug, Args)]
struct IdlArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// The folder to write
    #[arg(long, short = 'o', value_name = "DIR", required = true)]
    out: PathBuf,
    /// Write nothing; fail naming each file that is missing, changed or extra
    #[arg(long)]
    check: bool,
}

/// How the command was called: what the help and the "run this to update" lines name it, and
/// where the configuration file is looked for.
#[derive(Debug, Clone)]
pub struct Invocation {
    program: String,
    subcommand: Option<&'static str>,
    config_from: Option<PathBuf>,
}

impl Invocation {
    /// The whole command, called as `program` (`smithy-codegen`); its arguments start with the
    /// subcommand (`generate`, `ast`, `idl`) or an option.
    pub fn new(program: impl Into<String>) -> Self {
        Self {
            program: program.into(),
            subcommand: None,
            config_from: None,
        }
    }

    /// One of the commands (`generate`, `ast` or `idl`), called as `program`
    /// (`cargo xtask codegen`); its arguments are that command's.
    ///
    /// # Panics
    ///
    /// When `name` is not one of the commands.
    pub fn subcommand(name: &'static str, program: impl Into<String>) -> Self {
        assert!(
            Cli::command().find_subcommand(name).is_some(),
            "no command {name:?}"
        );
        Self {
            subcommand: Some(name),
            ..Self::new(program)
        }
    }

    /// Looks for `smithy-codegen.toml` from `dir` upward instead of from the working directory
    /// (a task runner's repository root). Paths given on the command line stay relative to the
    /// working directory.
    pub fn config_from(mut self, dir: impl Into<PathBuf>) -> Self {
        self.config_from = Some(dir.into());
        self
    }

    /// Runs the command with `args` (without the program name), prints what it has to say (the
    /// help, diagnostics, what it wrote, the JSON AST), and gives the exit code.
    pub fn run<I, T>(&self, args: I) -> ExitCode
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        match self.execute(args) {
            Ok(done) => {
                for line in &done.stderr {
                    eprintln!("{line}");
                }
                // A reader that went away (`smithy-codegen ast | head`) is not an error.
                let mut stdout = std::io::stdout().lock();
                let _ = stdout
                    .write_all(done.stdout.as_bytes())
                    .and_then(|()| stdout.flush());
                ExitCode::SUCCESS
            }
            Err(Error::Args(e)) => {
                let _ = e.print();
                ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(e.exit_code())
            }
        }
    }

    /// Runs the command with `args` (without the program name) and gives what it would print,
    /// printing nothing.
    pub fn execute<I, T>(&self, args: I) -> Result<Done, Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let (global, command) = self.parse(&args).map_err(Error::Args)?;
        let cwd = std::env::current_dir()
            .map_err(|e| Error::Failed(format!("error: the working directory: {e}")))?;
        let config = Config::find(&global, self.config_from.as_deref().unwrap_or(&cwd), &cwd)?;
        let fix = self.fix_command(&args);
        match command {
            Command::Generate(a) => generate(&a, &config, &cwd, &fix),
            Command::Ast(a) => ast(&a, &config, &cwd),
            Command::Idl(a) => idl(&a, &config, &cwd, &fix),
        }
    }

    fn parse(&self, args: &[OsString]) -> Result<(Global, Command), clap::Error> {
        let argv = std::iter::once(OsString::from(&self.program)).chain(args.iter().cloned());
        let Some(name) = self.subcommand else {
            let mut cmd = Cli::command().bin_name(&self.program);
            let matches = cmd.try_get_matches_from_mut(argv)?;
            let cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))?;
            return Ok((cli.global, cli.command));
        };
        let sub = Cli::command()
            .find_subcommand(name)
            .cloned()
            .expect("checked by Invocation::subcommand");
        let mut cmd = Global::augment_args(sub)
            .name("smithy-codegen")
            .bin_name(&self.program)
            .version(env!("CARGO_PKG_VERSION"));
        let matches = cmd.try_get_matches_from_mut(argv)?;
        let format = |e: clap::Error| e.format(&mut cmd.clone());
        let global = Global::from_arg_matches(&matches).map_err(format)?;
        let command = match name {
            "generate" => {
                Command::Generate(GenerateArgs::from_arg_matches(&matches).map_err(format)?)
            }
            "ast" => Command::Ast(AstArgs::from_arg_matches(&matches).map_err(format)?),
            _ => Command::Idl(IdlArgs::from_arg_matches(&matches).map_err(format)?),
        };
        Ok((global, command))
    }

    /// The command line that updates what `--check` found stale: the one given, without
    /// `--check`, quoted for a POSIX shell where needed.
    fn fix_command(&self, args: &[OsString]) -> String {
        let mut line = self.program.clone();
        for arg in args.iter().filter(|a| *a != "--check") {
            line.push(' ');
            line.push_str(&shell_quote(&arg.to_string_lossy()));
        }
        line
    }
}

/// What a command that succeeded prints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Done {
    /// Printed on standard output as it is (the JSON AST).
    pub stdout: String,
    /// Printed on standard error, a line each: warnings, what was written or checked.
    pub stderr: Vec<String>,
}

/// Why a command failed; its [`Display`](fmt::Display) is the text to print.
#[derive(Debug)]
pub enum Error {
    /// The command line does not parse, or asks for the help or the version (clap's text).
    Args(clap::Error),
    /// `--check` found files that are not what the model gives: the report, ending with the
    /// command that updates them.
    Stale(String),
    /// The model has errors, or a file could not be read or written: every diagnostic.
    Failed(String),
}

impl Error {
    /// 1 for [`Error::Stale`]; 0 for help and version; 2 for any error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Args(e) => u8::try_from(e.exit_code()).unwrap_or(2),
            Self::Stale(_) => 1,
            Self::Failed(_) => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Args(e) => write!(f, "{}", e.render()),
            Self::Stale(text) | Self::Failed(text) => f.write_str(text),
        }
    }
}

impl std::error::Error for Error {}

/// The keys of `smithy-codegen.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    models: Option<Vec<PathBuf>>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    service: Option<String>,
    lenient: Option<bool>,
    allow_unknown_traits: Option<bool>,
    require_protocol: Option<bool>,
}

/// The configuration file's settings, with paths made usable from the working directory.
#[derive(Debug, Default)]
struct Config {
    /// The file, as it is named in messages; `None` when there is none.
    path: Option<PathBuf>,
    models: Option<Vec<PathBuf>>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    service: Option<String>,
    lenient: bool,
    allow_unknown_traits: bool,
    require_protocol: bool,
}

impl Config {
    /// `--config FILE`, else the nearest `smithy-codegen.toml` from `from` upward, else none.
    fn find(global: &Global, from: &Path, cwd: &Path) -> Result<Self, Error> {
        if global.no_config {
            return Ok(Self::default());
        }
        let path = match &global.config {
            Some(path) => path.clone(),
            None => {
                let from = cwd.join(from);
                match from
                    .ancestors()
                    .map(|dir| dir.join(CONFIG_FILE))
                    .find(|p| p.is_file())
                {
                    Some(found) => near(&found, cwd),
                    None => return Ok(Self::default()),
                }
            }
        };
        let failed = |e: &dyn fmt::Display| {
            let e = e.to_string();
            Error::Failed(format!("error: {}: {}", path.display(), e.trim_end()))
        };
        let text = std::fs::read_to_string(&path).map_err(|e| failed(&e))?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| failed(&e))?;
        let dir = cwd.join(&path);
        let dir = dir.parent().unwrap_or(cwd);
        let resolve = |p: PathBuf| near(&dir.join(p), cwd);
        Ok(Self {
            models: file
                .models
                .map(|list| list.into_iter().map(resolve).collect()),
            out: file.out.map(resolve),
            crate_name: file.crate_name,
            service: file.service,
            lenient: file.lenient.unwrap_or(false),
            allow_unknown_traits: file.allow_unknown_traits.unwrap_or(false),
            require_protocol: file.require_protocol.unwrap_or(false),
            path: Some(path),
        })
    }

    /// The model paths: given, else the file's, else the folder `model` beside the file (in the
    /// working directory when there is no file) when there is one.
    fn models(&self, given: &ModelArgs, cwd: &Path) -> Result<Vec<PathBuf>, Error> {
        if !given.models.is_empty() {
            return Ok(given.models.clone());
        }
        if let Some(models) = &self.models {
            if models.is_empty() {
                return Err(self.missing(
                    "`models` is empty",
                    "pass `--models <DIR|FILE>` or list them: `models = [\"model\"]`",
                ));
            }
            return Ok(models.clone());
        }
        // `model/` beside the configuration file, else in the working directory.
        let base = match &self.path {
            Some(path) => cwd.join(path).parent().unwrap_or(cwd).to_path_buf(),
            None => cwd.to_path_buf(),
        };
        if base.join("model").is_dir() {
            return Ok(vec![near(&base.join("model"), cwd)]);
        }
        Err(self.missing(
            "no model to read",
            "pass `--models <DIR|FILE>` (a `.smithy` or `.json` file, or a folder of them), or \
             set `models = [\"<DIR>\"]`",
        ))
    }

    /// The error for a setting that has no value: `what`, then `fix`, then where the
    /// configuration file is or was looked for.
    fn missing(&self, what: &str, fix: &str) -> Error {
        let place = match &self.path {
            Some(path) => format!("in {}", path.display()),
            None => format!("in a {CONFIG_FILE} (none was found in this folder or above)"),
        };
        Error::Failed(format!("error: {what}: {fix} {place}"))
    }
}

/// `path` relative to `cwd` when it is inside it, so that messages name files as a user would
/// type them.
fn near(path: &Path, cwd: &Path) -> PathBuf {
    match path.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// `arg` as a POSIX shell reads it back: as it is when it holds only characters no shell
/// treats specially, else in single quotes.
fn shell_quote(arg: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%^".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        return arg.to_owned();
    }
    format!("'{}'", arg.replace('\'', r"'\''"))
}

fn read_models(paths: &[PathBuf]) -> Result<Vec<(String, String)>, Error> {
    output::read_model_files(paths).map_err(|e| Error::Failed(format!("error: {e}")))
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

/// Every diagnostic, then a line counting the errors and saying what was not done.
fn model_failed(diags: &[Diagnostic], nothing: &str) -> Error {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut text = lines(diags).join("\n");
    let s = if errors == 1 { "" } else { "s" };
    text.push_str(&format!(
        "\nerror: the model has {errors} error{s}: {nothing}"
    ));
    Error::Failed(text)
}

/// A Cargo package name: ASCII letters, digits, `-` and `_`, starting with a letter or `_`.
fn valid_package_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The crate name when none is given: the service's name in kebab case.
fn crate_name_of(
    inputs: &[(&str, &str)],
    service: Option<&str>,
    load: &crate::model::LoadOptions,
    config: &Config,
) -> Result<String, Error> {
    use heck::ToKebabCase as _;
    let service_name = match service {
        Some(id) => id.rsplit('#').next().unwrap_or(id).to_owned(),
        None => {
            let (model, _) = crate::model::load_with(inputs.iter().copied(), load)
                .map_err(|d| model_failed(&d, "nothing was written"))?;
            let services: Vec<String> = model.services().map(|s| s.id.to_string()).collect();
            match services.as_slice() {
                [one] => one.rsplit('#').next().unwrap_or(one).to_owned(),
                [] => {
                    return Err(config.missing(
                        "the model has no service to name the crate after",
                        "pass `--crate-name <NAME>` or set `crate-name = \"<NAME>\"`",
                    ));
                }
                many => {
                    return Err(config.missing(
                        &format!("the model has several services ({})", many.join(", ")),
                        "pass `--service <ID>` for the one to generate, or set `service = \"<ID>\"`",
                    ));
                }
            }
        }
    };
    Ok(service_name.to_kebab_case())
}

fn generate(args: &GenerateArgs, config: &Config, cwd: &Path, fix: &str) -> Result<Done, Error> {
    let models = config.models(&args.model, cwd)?;
    let Some(out) = args.out.clone().or_else(|| config.out.clone()) else {
        return Err(config.missing(
            "no folder to generate the crate into",
            "pass `--out <DIR>` or set `out = \"<DIR>\"`",
        ));
    };
    let given_name = args.crate_name.as_deref().or(config.crate_name.as_deref());
    if let Some(name) = given_name.filter(|n| !valid_package_name(n)) {
        return Err(Error::Failed(format!(
            "error: the crate name `{name}` is not a Cargo package name: use ASCII letters, \
             digits, `-` and `_`, starting with a letter"
        )));
    }
    let texts = read_models(&models)?;
    let inputs = as_inputs(&texts);
    let service = args.service.clone().or_else(|| config.service.clone());
    let allow_unknown_traits = args.allow_unknown_traits || config.allow_unknown_traits;
    let load = crate::model::LoadOptions {
        allow_unknown_traits,
    };
    let crate_name = match args
        .crate_name
        .clone()
        .or_else(|| config.crate_name.clone())
    {
        Some(name) => name,
        None => crate_name_of(&inputs, service.as_deref(), &load, config)?,
    };
    let options = crate::Options {
        crate_name,
        service,
        lenient: args.lenient || config.lenient,
        allow_unknown_traits,
        require_protocol: args.require_protocol || config.require_protocol,
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
    };
    let generated = crate::generate(&inputs, &options)
        .map_err(|f| model_failed(&f.diagnostics, "nothing was written"))?;
    let mut stderr = lines(&generated.warnings);
    let mode = Mode::check_if(args.check);
    stderr.push(sync(
        &out,
        &generated.files,
        mode,
        Owned::Crate,
        "the crate in",
        fix,
    )?);
    Ok(Done {
        stdout: String::new(),
        stderr,
    })
}

/// Writes or checks the files in `out`; the line saying what was done, or the report of each
/// file that is missing, changed or extra (`what` names the output: "the crate in"), ending
/// with `fix`, the command that updates them.
fn sync(
    out: &Path,
    files: &BTreeMap<String, String>,
    mode: Mode,
    owned: Owned<'_>,
    what: &str,
    fix: &str,
) -> Result<String, Error> {
    match output::write_or_check_owned(out, files, mode, owned) {
        Ok(report) if mode == Mode::Check => Ok(format!(
            "{}: {} files, up to date",
            report.dir.display(),
            report.files
        )),
        Ok(report) => Ok(report.to_string()),
        Err(output::Error::Stale { differs, extra }) => {
            let (missing, changed): (Vec<PathBuf>, Vec<PathBuf>) =
                differs.into_iter().partition(|p| !p.exists());
            let count = missing.len() + changed.len() + extra.len();
            let s = if count == 1 { "" } else { "s" };
            let mut text = format!(
                "error: {what} {} is not what the model gives: {count} file{s} to update",
                out.display()
            );
            for (label, paths) in [
                ("missing:", &missing),
                ("changed:", &changed),
                ("extra:  ", &extra),
            ] {
                for p in paths {
                    text.push_str(&format!("\n  {label} {}", p.display()));
                }
            }
            if !extra.is_empty() {
                text.push_str(
                    "\n  (extra files are not generated by the model; updating removes them)",
                );
            }
            text.push_str(&format!("\nrun `{fix}` to update"));
            Err(Error::Stale(text))
        }
        Err(e) => Err(Error::Failed(format!("error: {e}"))),
    }
}

/// Reads and merges the model files into one JSON AST (with mixins applied when `flatten`);
/// the model and its warnings.
fn assemble(
    paths: &[PathBuf],
    flatten: bool,
    nothing: &str,
) -> Result<(serde_json::Value, Vec<Diagnostic>), Error> {
    let texts = read_models(paths)?;
    // The whole model is checked (references resolve, traits fit their shapes...), as
    // `smithy ast` validates before printing; its warnings are the ones reported.
    let ast = if flatten {
        crate::model::Ast::Flattened
    } else {
        crate::model::Ast::Merged
    };
    let options = crate::model::LoadOptions::default();
    let (_, assembled, diags) = crate::model::load_with_ast(as_inputs(&texts), &options, ast)
        .map_err(|d| model_failed(&d, nothing))?;
    Ok((assembled.to_json(), diags))
}

/// The JSON AST with 4-space indentation and a final line break, as `smithy ast` prints it.
pub fn pretty_json(doc: &serde_json::Value) -> String {
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

fn ast(args: &AstArgs, config: &Config, cwd: &Path) -> Result<Done, Error> {
    let models = config.models(&args.model, cwd)?;
    let (mut doc, warnings) = assemble(&models, args.flatten, "nothing was printed")?;
    smithy_ast_form(&mut doc);
    Ok(Done {
        stdout: pretty_json(&doc),
        stderr: lines(&warnings),
    })
}

/// The IDL files of a model: `<namespace>.smithy` → text (`metadata.smithy` for the file
/// without a namespace).
fn idl_files(doc: &serde_json::Value) -> Result<BTreeMap<String, String>, Error> {
    let files = crate::idl::write::write(doc).map_err(|d| {
        let mut text = lines(&d).join("\n");
        text.push_str("\nerror: the model cannot be written as IDL: nothing was written");
        Error::Failed(text)
    })?;
    Ok(files
        .into_iter()
        .map(|f| {
            let name = f.namespace.as_deref().unwrap_or("metadata");
            (format!("{name}.smithy"), f.text)
        })
        .collect())
}

fn idl(args: &IdlArgs, config: &Config, cwd: &Path, fix: &str) -> Result<Done, Error> {
    let models = config.models(&args.model, cwd)?;
    let (doc, warnings) = assemble(&models, false, "nothing was written")?;
    let files = idl_files(&doc)?;
    let mut stderr = lines(&warnings);
    let mode = Mode::check_if(args.check);
    stderr.push(sync(
        &args.out,
        &files,
        mode,
        Owned::Suffix(".smithy"),
        "the IDL in",
        fix,
    )?);
    Ok(Done {
        stdout: String::new(),
        stderr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn arguments_are_quoted_only_when_a_shell_needs_it() {
        assert_eq!(shell_quote("model/a.smithy"), "model/a.smithy");
        assert_eq!(shell_quote("ns#Name"), "'ns#Name'");
        assert_eq!(shell_quote("my model"), "'my model'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn the_fix_command_repeats_the_arguments_without_check() {
        let args: Vec<OsString> = ["generate", "--check", "-m", "a b", "--out", "o"]
            .map(OsString::from)
            .into();
        assert_eq!(
            Invocation::new("smithy-codegen").fix_command(&args),
            "smithy-codegen generate -m 'a b' --out o"
        );
        assert_eq!(
            Invocation::subcommand("generate", "cargo xtask codegen").fix_command(&args[1..]),
            "cargo xtask codegen -m 'a b' --out o"
        );
    }

    #[test]
    fn package_names() {
        for ok in ["weather", "customer-profiles", "_x", "a_1"] {
            assert!(valid_package_name(ok), "{ok}");
        }
        for bad in ["", "1a", "a b", "a.b", "-a", "é"] {
            assert!(!valid_package_name(bad), "{bad}");
        }
    }

    #[test]
    fn paths_inside_the_working_directory_are_named_relative_to_it() {
        let cwd = Path::new("/repo");
        assert_eq!(near(Path::new("/repo/model"), cwd), PathBuf::from("model"));
        assert_eq!(near(Path::new("/repo"), cwd), PathBuf::from("."));
        assert_eq!(near(Path::new("/other/x"), cwd), PathBuf::from("/other/x"));
    }
}
