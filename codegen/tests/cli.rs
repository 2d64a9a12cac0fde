//! The `smithy-codegen` binary as a user runs it: from their own repository, made here in a
//! temporary folder with a model and a `smithy-codegen.toml`, far from this one.
//!
//! The binary is the one cargo built for these tests, or the one `SMITHY_CODEGEN_BIN` names
//! (CI sets it to the binary that `cargo install --path codegen` installed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WEATHER: &str = r#"$version: "2.0"

namespace example.weather

// Defined by Smithy's trait packages, which the generator has built in.
use aws.protocols#restJson1
use smithy.framework#ValidationException

/// Forecasts for cities.
@restJson1
service WeatherService {
    version: "2024-01-01"
    operations: [GetForecast]
    errors: [ValidationException]
}

@readonly
@http(method: "GET", uri: "/forecast/{city}")
operation GetForecast {
    input := {
        @required
        @httpLabel
        city: CityName
        @httpQuery("unit")
        unit: example.units#Unit
    }
    output := {
        summary: String
    }
}

@length(min: 1, max: 64)
string CityName
"#;

/// A second namespace in a subfolder: model folders are read recursively.
const UNITS: &str = r#"$version: "2.0"

namespace example.units

enum Unit {
    CELSIUS
    FAHRENHEIT
}
"#;

const CONFIG: &str = r#"# How this repository generates its crate.
models = ["model"]
out = "crates/weather"
crate-name = "weather-types"
"#;

fn bin() -> PathBuf {
    std::env::var_os("SMITHY_CODEGEN_BIN").map_or_else(
        || env!("CARGO_BIN_EXE_smithy-codegen").into(),
        PathBuf::from,
    )
}

/// What a run printed, and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "stdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Diagnostics and errors are text, never a `Debug` rendering.
    fn assert_no_debug(&self) -> &Self {
        for debug in [
            "Error {",
            "Os {",
            "Diagnostic {",
            "Some(",
            "kind:",
            "Custom {",
        ] {
            assert!(
                !self.stderr.contains(debug),
                "{debug:?} in:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// Runs the binary in `dir` (its working directory), as a user in their repository would.
fn run(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("smithy-codegen runs");
    Run {
        code: status.code(),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

fn put(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A user's repository: the model in `model/` and the settings in `smithy-codegen.toml`.
fn user_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    put(repo.path(), "model/weather.smithy", WEATHER);
    put(repo.path(), "model/shared/units.smithy", UNITS);
    put(repo.path(), "smithy-codegen.toml", CONFIG);
    repo
}

#[test]
fn generates_checks_and_reports_stale_files_in_a_user_repository() {
    let repo = user_repo();
    let root = repo.path();

    let done = run(root, &["generate"]);
    done.assert_code(0);
    assert!(
        done.stderr.starts_with("crates/weather: ") && done.stderr.ends_with(" removed\n"),
        "{}",
        done.stderr
    );
    assert!(read(root, "crates/weather/Cargo.toml").contains("name = \"weather-types\""));
    let types = read(root, "crates/weather/src/types.rs");
    assert!(types.contains("pub struct GetForecastInput"), "{types}");
    assert!(types.contains("pub enum Unit"), "{types}");

    let done = run(root, &["generate", "--check"]);
    done.assert_code(0);
    assert!(
        done.stderr.ends_with(" files, up to date\n"),
        "{}",
        done.stderr
    );

    // A hand edit, a deleted file and a stray one: each is named, and nothing is touched.
    put(root, "crates/weather/src/types.rs", "// edited\n");
    std::fs::remove_file(root.join("crates/weather/src/error.rs")).unwrap();
    put(root, "crates/weather/src/stray.rs", "// mine\n");
    put(
        root,
        "crates/weather/tests/hand_written.rs",
        "// not the generator's\n",
    );
    let done = run(root, &["generate", "--check"]);
    done.assert_code(1).assert_no_debug();
    assert_eq!(
        done.stderr,
        "error: the crate in crates/weather is not what the model gives: 3 files to update\n  \
         missing: crates/weather/src/error.rs\n  \
         changed: crates/weather/src/types.rs\n  \
         extra:   crates/weather/src/stray.rs\n  \
         (extra files are not generated by the model; updating removes them)\n\
         run `smithy-codegen generate` to update\n"
    );
    assert_eq!(read(root, "crates/weather/src/types.rs"), "// edited\n");
    assert!(root.join("crates/weather/src/stray.rs").is_file());

    // The command it names repairs all three and leaves hand-written files alone.
    let done = run(root, &["generate"]);
    done.assert_code(0);
    assert!(
        done.stderr.ends_with(" 2 updated, 1 removed\n"),
        "{}",
        done.stderr
    );
    assert_eq!(read(root, "crates/weather/src/types.rs"), types);
    assert!(!root.join("crates/weather/src/stray.rs").exists());
    assert!(root.join("crates/weather/tests/hand_written.rs").is_file());
    run(root, &["generate", "--check"]).assert_code(0);

    // From a subfolder the nearest smithy-codegen.toml above is the one read.
    let done = run(&root.join("model/shared"), &["generate", "--check"]);
    done.assert_code(0);
    let out = root.join("crates/weather");
    assert!(
        done.stderr.starts_with(&format!("{}: ", out.display())),
        "{}",
        done.stderr
    );
}

#[test]
fn the_fix_command_repeats_the_arguments_given() {
    let repo = user_repo();
    let root = repo.path();
    let args = [
        "generate",
        "--out",
        "other crate",
        "--check",
        "--crate-name",
        "other",
        "--service",
        "example.weather#WeatherService",
    ];
    let done = run(root, &args);
    done.assert_code(1);
    assert!(
        done.stderr
            .contains("\n  missing: other crate/Cargo.toml\n"),
        "{}",
        done.stderr
    );
    let fix = "smithy-codegen generate --out 'other crate' --crate-name other \
               --service 'example.weather#WeatherService'";
    assert!(
        done.stderr.ends_with(&format!("\nrun `{fix}` to update\n")),
        "{}",
        done.stderr
    );
    assert!(!root.join("other crate").exists());
    let mut fixed: Vec<&str> = args.to_vec();
    fixed.retain(|a| *a != "--check");
    run(root, &fixed).assert_code(0);
    assert!(read(root, "other crate/Cargo.toml").contains("name = \"other\""));
    run(root, &args).assert_code(0);
}

#[test]
fn without_a_config_file_the_model_folder_and_the_service_name_are_the_defaults() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    put(root, "model/weather.smithy", WEATHER);
    put(root, "model/shared/units.smithy", UNITS);

    let done = run(root, &["generate"]);
    done.assert_code(2).assert_no_debug();
    assert_eq!(
        done.stderr,
        "error: no folder to generate the crate into: pass `--out <DIR>` or set \
         `out = \"<DIR>\"` in a smithy-codegen.toml (none was found in this folder or above)\n"
    );

    run(root, &["generate", "--out", "out"]).assert_code(0);
    assert!(read(root, "out/Cargo.toml").contains("name = \"weather-service\""));
    run(root, &["generate", "-o", "out", "--check"]).assert_code(0);

    // A model without a service needs the crate's name.
    let shapes = tempfile::tempdir().unwrap();
    put(shapes.path(), "model/units.smithy", UNITS);
    let done = run(shapes.path(), &["generate", "--out", "out"]);
    done.assert_code(2);
    assert!(
        done.stderr.starts_with(
            "error: the model has no service to name the crate after: pass \
             `--crate-name <NAME>`"
        ),
        "{}",
        done.stderr
    );
    run(
        shapes.path(),
        &["generate", "--out", "out", "--crate-name", "units"],
    )
    .assert_code(0);
}

#[test]
fn no_config_file_and_no_models_is_an_error_saying_what_to_pass() {
    let empty = tempfile::tempdir().unwrap();
    for command in ["generate", "ast"] {
        let done = run(empty.path(), &[command]);
        done.assert_code(2).assert_no_debug();
        assert_eq!(
            done.stderr,
            "error: no model to read: pass `--models <DIR|FILE>` (a `.smithy` or `.json` file, \
             or a folder of them), or set `models = [\"<DIR>\"]` in a smithy-codegen.toml (none \
             was found in this folder or above)\n",
            "{command}"
        );
        assert!(done.stdout.is_empty());
    }
    let done = run(empty.path(), &["ast", "--models", "nowhere"]);
    done.assert_code(2).assert_no_debug();
    assert!(
        done.stderr.starts_with("error: nowhere: ") && !done.stderr.contains('{'),
        "{}",
        done.stderr
    );
}

#[test]
fn a_model_error_is_a_located_diagnostic_in_text() {
    let repo = user_repo();
    let root = repo.path();
    put(
        root,
        "model/bad.smithy",
        "$version: \"2.0\"\nnamespace example.bad\n\nstructure Broken {\n    a: \n}\n",
    );
    for args in [&["generate"][..], &["generate", "--check"], &["ast"]] {
        let done = run(root, args);
        done.assert_code(2).assert_no_debug();
        let err = &done.stderr;
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains("--> model/bad.smithy:5:"), "the place: {err}");
        assert!(err.contains("5 |     a:"), "the line: {err}");
        assert!(err.contains('^'), "the caret: {err}");
        let nothing = if args[0] == "ast" {
            "printed"
        } else {
            "written"
        };
        assert!(
            err.ends_with(&format!(
                "\nerror: the model has 1 error: nothing was {nothing}\n"
            )),
            "{err}"
        );
        assert!(done.stdout.is_empty());
    }
    assert!(!root.join("crates").exists());
}

#[test]
fn a_bad_config_file_is_named_with_the_place_of_the_mistake() {
    let repo = user_repo();
    put(
        repo.path(),
        "smithy-codegen.toml",
        "models = [\"model\"]\nmodles = 1\n",
    );
    let done = run(repo.path(), &["generate"]);
    done.assert_code(2).assert_no_debug();
    assert!(
        done.stderr.starts_with("error: smithy-codegen.toml: "),
        "{}",
        done.stderr
    );
    assert!(done.stderr.contains("line 2"), "{}", done.stderr);
    assert!(
        done.stderr.contains("unknown field `modles`"),
        "{}",
        done.stderr
    );

    // --config names another file; --no-config reads none.
    put(
        repo.path(),
        "settings/codegen.toml",
        "models = [\"../model\"]\nout = \"../out\"\n",
    );
    let done = run(
        repo.path(),
        &["generate", "--config", "settings/codegen.toml"],
    );
    done.assert_code(0);
    assert!(read(repo.path(), "out/Cargo.toml").contains("name = \"weather-service\""));
    // A configuration file without `models`: the `model` folder beside it.
    put(repo.path(), "smithy-codegen.toml", "out = \"out\"\n");
    let done = run(&repo.path().join("settings"), &["generate", "--check"]);
    done.assert_code(0);
    let done = run(repo.path(), &["--no-config", "ast"]);
    done.assert_code(0);
    assert!(done.stdout.contains("\"example.weather#WeatherService\""));
}

#[test]
fn ast_and_idl_read_the_configured_models() {
    let repo = user_repo();
    let root = repo.path();
    let done = run(root, &["ast"]);
    done.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    let shapes = doc["shapes"].as_object().unwrap();
    assert!(shapes.contains_key("example.weather#WeatherService"));
    assert!(shapes.contains_key("example.units#Unit"));

    run(root, &["idl", "--out", "idl"]).assert_code(0);
    assert!(read(root, "idl/example.weather.smithy").contains("string CityName"));
    assert!(read(root, "idl/example.units.smithy").contains("enum Unit"));
    run(root, &["idl", "--out", "idl", "--check"]).assert_code(0);
    std::fs::remove_file(root.join("idl/example.units.smithy")).unwrap();
    let done = run(root, &["idl", "--check", "--out", "idl"]);
    done.assert_code(1);
    assert!(
        done.stderr
            .contains("\n  missing: idl/example.units.smithy\n")
            && done
                .stderr
                .ends_with("\nrun `smithy-codegen idl --out idl` to update\n"),
        "{}",
        done.stderr
    );
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for (args, usage) in [
        (&["--help"][..], "Usage: smithy-codegen [OPTIONS] <COMMAND>"),
        (&["help"], "Usage: smithy-codegen [OPTIONS] <COMMAND>"),
        (
            &["generate", "--help"],
            "Usage: smithy-codegen generate [OPTIONS]",
        ),
        (
            &["help", "generate"],
            "Usage: smithy-codegen generate [OPTIONS]",
        ),
        (&["ast", "--help"], "Usage: smithy-codegen ast [OPTIONS]"),
        (
            &["idl", "-h"],
            "Usage: smithy-codegen idl [OPTIONS] --out <DIR>",
        ),
    ] {
        let done = run(dir.path(), args);
        done.assert_code(0);
        assert!(done.stdout.contains(usage), "{args:?}:\n{}", done.stdout);
    }
    let done = run(dir.path(), &["--help"]);
    for command in ["generate", "ast", "idl"] {
        assert!(
            done.stdout.contains(&format!("\n  {command} ")),
            "{}",
            done.stdout
        );
    }
    let done = run(dir.path(), &["generate", "--help"]);
    for option in [
        "--models",
        "--out",
        "--crate-name",
        "--service",
        "--lenient",
        "--check",
        "--config",
    ] {
        assert!(done.stdout.contains(option), "{option}: {}", done.stdout);
    }
    let done = run(dir.path(), &["--version"]);
    done.assert_code(0);
    assert!(
        done.stdout.starts_with("smithy-codegen "),
        "{}",
        done.stdout
    );

    // Usage errors exit 2 and say what is wrong.
    let done = run(dir.path(), &["generate", "--bogus"]);
    done.assert_code(2);
    assert!(
        done.stderr.contains("unexpected argument '--bogus'"),
        "{}",
        done.stderr
    );
    run(dir.path(), &[]).assert_code(2);
}
