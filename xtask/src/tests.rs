//! The commands, run in-process on small models in temporary folders. `codegen`, `ast` and
//! `idl` are `codegen::cli`'s; these tests run them as `cargo xtask` calls them.

use super::*;
use codegen::cli::{Done, Error};

const SERVICE: &str = r#"$version: "2.0"

namespace example.weather

/// Forecasts for cities.
service Weather {
    version: "2024-01-01"
    operations: [GetForecast]
}

@readonly
operation GetForecast {
    input := {
        @required
        city: CityName
    }
    output := with [Stamped] {
        summary: String
    }
}

@mixin
structure Stamped {
    issuedAt: Timestamp
}

@length(min: 1, max: 64)
string CityName
"#;

/// A second namespace, in a subfolder, to show that folders are read recursively.
const UNITS: &str = r#"$version: "2.0"

metadata owner = "weather-team"

namespace example.units

enum Unit {
    CELSIUS
    FAHRENHEIT
}
"#;

const BAD: &str = "$version: \"2.0\"\nnamespace example\nstructure Broken {\n    a: \n}\n";

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn path_arg(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// A folder `service/` holding the model (a main file and one in a subfolder).
fn model_dir(tmp: &Path) -> PathBuf {
    let dir = tmp.join("service");
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::write(dir.join("main.smithy"), SERVICE).unwrap();
    std::fs::write(dir.join("shared/units.smithy"), UNITS).unwrap();
    dir
}

/// Runs `cargo xtask codegen|ast|idl` in-process: what it prints, or the error's text.
fn run(list: &[&str]) -> Result<Done, String> {
    match parse(&args(list))? {
        Command::Smithy(name, rest) => smithy(name).execute(rest).map_err(|e| e.to_string()),
        _ => panic!("not a command these tests run: {list:?}"),
    }
}

fn shape_ids(doc: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = doc["shapes"]
        .as_object()
        .expect("shapes")
        .keys()
        .cloned()
        .collect();
    ids.sort();
    ids
}

#[test]
fn help_is_usage_and_success() {
    for (list, first_line) in [
        (&["--help"][..], "usage: cargo xtask <command>"),
        (&["-h"][..], "usage: cargo xtask <command>"),
        (&["corpus", "--help"][..], "usage: cargo xtask corpus"),
        (
            &["protocol-tests", "--help"][..],
            "usage: cargo xtask protocol-tests",
        ),
        (
            &["compile-time", "--help"][..],
            "usage: cargo xtask compile-time",
        ),
    ] {
        match parse(&args(list)) {
            Ok(Command::Help(text)) => assert!(text.starts_with(first_line), "{list:?}: {text}"),
            Ok(_) => panic!("{list:?} runs a command instead of printing help"),
            Err(e) => panic!("{list:?} fails: {e}"),
        }
    }
    // The `smithy-codegen` commands' help, under the names `cargo xtask` gives them.
    for (list, usage) in [
        (
            &["codegen", "--help"][..],
            "Usage: cargo xtask codegen [OPTIONS]",
        ),
        (
            &["codegen", "--check", "-h"][..],
            "Usage: cargo xtask codegen",
        ),
        (&["ast", "--help"][..], "Usage: cargo xtask ast [OPTIONS]"),
        (
            &["idl", "--help"][..],
            "Usage: cargo xtask idl [OPTIONS] --out <DIR>",
        ),
    ] {
        let Ok(Command::Smithy(name, rest)) = parse(&args(list)) else {
            panic!("{list:?} is not a smithy-codegen command");
        };
        match smithy(name).execute(rest) {
            Err(e @ Error::Args(_)) => {
                assert_eq!(e.exit_code(), 0, "{list:?}");
                let text = e.to_string();
                assert!(text.contains(usage), "{list:?}: {text}");
            }
            other => panic!("{list:?} gives no help: {other:?}"),
        }
    }
}

#[test]
fn unknown_flags_and_commands_are_errors() {
    for list in [
        &["corpus", "--bogus"][..],
        &["protocol-tests", "--bogus"][..],
        &["compile-time", "--bogus"][..],
    ] {
        let err = parse(&args(list))
            .err()
            .unwrap_or_else(|| panic!("{list:?} parsed"));
        assert!(err.starts_with("unknown argument"), "{list:?}: {err}");
    }
    for (list, message) in [
        (&["codegen", "--bogus"][..], "unexpected argument '--bogus'"),
        (&["ast", "--out", "x"][..], "unexpected argument '--out'"),
        (
            &["idl", "--out", "x", "--flatten"][..],
            "unexpected argument '--flatten'",
        ),
        (&["idl", "--model", "m"][..], "--out <DIR>"),
        (
            &["ast", "--model"][..],
            "a value is required for '--models <DIR|FILE>...'",
        ),
    ] {
        let Ok(Command::Smithy(name, rest)) = parse(&args(list)) else {
            panic!("{list:?} is not a smithy-codegen command");
        };
        match smithy(name).execute(rest) {
            Err(e @ Error::Args(_)) => {
                assert_eq!(e.exit_code(), 2, "{list:?}");
                let text = e.to_string();
                assert!(text.contains(message), "{list:?}: {text}");
                assert!(text.contains("try '--help'"), "{list:?}: {text}");
            }
            other => panic!("{list:?} is not a usage error: {other:?}"),
        }
    }
    let err = parse(&args(&["protocol-tests", "--side", "both"]))
        .err()
        .unwrap();
    assert!(err.starts_with("--side is client or server"), "{err}");
    let err = parse(&args(&["generate"])).err().unwrap();
    assert!(err.starts_with("unknown command \"generate\""), "{err}");
    assert!(parse(&[]).is_err());
}

#[test]
fn defaults_are_this_repositorys_smithy_codegen_toml_from_any_folder() {
    // The tests run in xtask/, which has no model/: the models are the ones the file names.
    let done = run(&["ast"]).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    assert!(
        shape_ids(&doc)
            .iter()
            .any(|id| id.starts_with("com.amazonaws.customerprofiles#")),
        "{:?}",
        shape_ids(&doc)
    );
    let config = std::fs::read_to_string(workspace_root().join("smithy-codegen.toml")).unwrap();
    for line in [
        "models = [\"model\"]",
        "out = \"generated\"",
        "crate-name = \"customer-profiles\"",
    ] {
        assert!(config.contains(line), "{config}");
    }
}

#[test]
fn ast_prints_the_merged_model_as_json() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = path_arg(&model_dir(tmp.path()));
    let done = run(&["ast", "--model", &dir]).unwrap();
    assert!(done.stdout.ends_with("}\n"), "{}", done.stdout);
    assert!(
        done.stdout.starts_with("{\n    \"smithy\": \"2.0\",\n"),
        "{}",
        done.stdout
    );
    let doc: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    assert_eq!(
        shape_ids(&doc),
        [
            "example.units#Unit",
            "example.weather#CityName",
            "example.weather#GetForecast",
            "example.weather#GetForecastInput",
            "example.weather#GetForecastOutput",
            "example.weather#Stamped",
            "example.weather#Weather",
        ]
    );
    assert_eq!(doc["metadata"]["owner"], "weather-team");
    let length = &doc["shapes"]["example.weather#CityName"]["traits"]["smithy.api#length"];
    assert_eq!(
        (length["min"].as_u64(), length["max"].as_u64()),
        (Some(1), Some(64))
    );
    let output = &doc["shapes"]["example.weather#GetForecastOutput"];
    assert_eq!(output["mixins"][0]["target"], "example.weather#Stamped");
    assert!(output["members"].get("issuedAt").is_none());

    // Flattened: the mixin's members are in the shape, the mixin is gone.
    let done = run(&["ast", "--model", &dir, "--flatten"]).unwrap();
    let flat: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    assert!(!shape_ids(&flat).contains(&"example.weather#Stamped".to_owned()));
    let output = &flat["shapes"]["example.weather#GetForecastOutput"];
    assert!(output.get("mixins").is_none());
    let members: Vec<&String> = output["members"].as_object().unwrap().keys().collect();
    assert_eq!(members, ["issuedAt", "summary"]);
}

#[test]
fn idl_writes_one_file_per_namespace_that_reads_back_as_the_same_model() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = path_arg(&model_dir(tmp.path()));
    let out = tmp.path().join("idl");
    let out_arg = path_arg(&out);
    let ast = run(&["ast", "--model", &dir]).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&ast.stdout).unwrap();

    let done = run(&["idl", "--model", &dir, "--out", &out_arg]).unwrap();
    assert!(done.stdout.is_empty());
    assert!(
        done.stderr
            .last()
            .unwrap()
            .ends_with("2 files, 2 updated, 0 removed")
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["example.units.smithy", "example.weather.smithy"]);

    let texts: Vec<(String, String)> = names
        .iter()
        .map(|n| (n.clone(), std::fs::read_to_string(out.join(n)).unwrap()))
        .collect();
    let inputs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let (back, warnings) = codegen::model::assemble::assemble(inputs)
        .unwrap_or_else(|d| panic!("{}", codegen::Failure { diagnostics: d }));
    assert!(warnings.is_empty(), "{warnings:?}");
    let back = back.to_json();
    assert_eq!(shape_ids(&back), shape_ids(&expected));
    assert_eq!(back, expected);

    // Up to date; then each kind of difference fails the check and changes nothing.
    run(&["idl", "--model", &dir, "--out", &out_arg, "--check"]).unwrap();
    let weather = out.join("example.weather.smithy");
    std::fs::write(&weather, "// edited\n").unwrap();
    std::fs::write(out.join("old.smithy"), "// stale\n").unwrap();
    std::fs::remove_file(out.join("example.units.smithy")).unwrap();
    let err = run(&["idl", "--model", &dir, "--out", &out_arg, "--check"]).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "error: the IDL in {} is not what the model gives: 3 files to update\n",
            out.display()
        )),
        "{err}"
    );
    let line = |label: &str, file: &str| format!("\n  {label} {}", out.join(file).display());
    assert!(
        err.contains(&line("changed:", "example.weather.smithy")),
        "{err}"
    );
    assert!(
        err.contains(&line("missing:", "example.units.smithy")),
        "{err}"
    );
    assert!(err.contains(&line("extra:  ", "old.smithy")), "{err}");
    assert!(
        err.ends_with(&format!(
            "\nrun `cargo xtask idl --model {dir} --out {out_arg}` to update"
        )),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&weather).unwrap(), "// edited\n");

    // Writing again repairs all three; files that are not `.smithy` are left alone.
    std::fs::write(out.join("README.md"), "mine\n").unwrap();
    let done = run(&["idl", "--model", &dir, "--out", &out_arg]).unwrap();
    assert!(
        done.stderr
            .last()
            .unwrap()
            .ends_with("2 files, 2 updated, 1 removed")
    );
    run(&["idl", "--model", &dir, "--out", &out_arg, "--check"]).unwrap();
    assert!(out.join("README.md").is_file());
}

#[test]
fn idl_of_a_json_ast_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = path_arg(&model_dir(tmp.path()));
    let json = tmp.path().join("service.json");
    std::fs::write(&json, run(&["ast", "--model", &dir]).unwrap().stdout).unwrap();
    let out = tmp.path().join("idl");
    run(&["idl", "--model", &path_arg(&json), "--out", &path_arg(&out)]).unwrap();
    let from_idl = std::fs::read_to_string(out.join("example.weather.smithy")).unwrap();
    assert!(
        from_idl.contains("@length(min: 1, max: 64)\nstring CityName"),
        "{from_idl}"
    );
}

#[test]
fn a_model_with_metadata_only_is_written_as_metadata_smithy() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("meta.json");
    std::fs::write(
        &model,
        r#"{"smithy": "2.0", "metadata": {"a": 1}, "shapes": {}}"#,
    )
    .unwrap();
    let out = tmp.path().join("idl");
    run(&[
        "idl",
        "--model",
        &path_arg(&model),
        "--out",
        &path_arg(&out),
    ])
    .unwrap();
    let text = std::fs::read_to_string(out.join("metadata.smithy")).unwrap();
    assert!(text.contains("metadata a = 1"), "{text}");
}

#[test]
fn codegen_reads_an_idl_folder_and_checks_its_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = path_arg(&model_dir(tmp.path()));
    let out = tmp.path().join("crate");
    let out_arg = path_arg(&out);
    let gen_args = [
        "codegen",
        "--model",
        &dir,
        "--out",
        &out_arg,
        "--crate-name",
        "weather",
        "--service",
        "example.weather#Weather",
    ];
    let done = run(&gen_args).unwrap();
    assert!(
        done.stderr.last().unwrap().contains(" updated, 0 removed"),
        "{:?}",
        done.stderr
    );
    let types = std::fs::read_to_string(out.join("src/types.rs")).unwrap();
    assert!(types.contains("pub struct GetForecastInput"), "{types}");
    let mut check = gen_args.to_vec();
    check.push("--check");
    let done = run(&check).unwrap();
    // The model names no protocol: a warning says so, then the report.
    assert_eq!(done.stderr.len(), 2, "{:?}", done.stderr);
    assert!(
        done.stderr[0].starts_with("warning[UnsupportedProtocol]"),
        "{:?}",
        done.stderr
    );
    assert!(
        done.stderr[1].starts_with(&format!("{}: ", out.display()))
            && done.stderr[1].ends_with(" files, up to date"),
        "{:?}",
        done.stderr
    );
    std::fs::write(out.join("src/extra.rs"), "// stale\n").unwrap();
    let err = run(&check).unwrap_err();
    assert!(
        err.contains("is not what the model gives: 1 file to update\n"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "\n  extra:   {}",
            out.join("src/extra.rs").display()
        )),
        "{err}"
    );
    let fix = format!(
        "cargo xtask codegen --model {dir} --out {out_arg} --crate-name weather \
         --service 'example.weather#Weather'"
    );
    assert!(err.ends_with(&format!("\nrun `{fix}` to update")), "{err}");
}

#[test]
fn a_bad_idl_file_fails_every_command_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = model_dir(tmp.path());
    std::fs::write(dir.join("bad.smithy"), BAD).unwrap();
    let dir = path_arg(&dir);
    let bad_file = Path::new(&dir).join("bad.smithy");
    let bad_file = bad_file.to_string_lossy();

    let err = run(&["ast", "--model", &dir]).unwrap_err();
    assert!(err.contains(&*bad_file), "{err}");
    assert!(err.contains("4 |     a:"), "the line is shown: {err}");
    assert!(
        err.ends_with("error: the model has 1 error: nothing was printed"),
        "{err}"
    );

    let out = tmp.path().join("out");
    let out_arg = path_arg(&out);
    let err = run(&["idl", "--model", &dir, "--out", &out_arg]).unwrap_err();
    assert!(
        err.contains(&*bad_file) && err.ends_with("nothing was written"),
        "{err}"
    );
    assert!(!out.exists());

    let err = run(&["codegen", "--model", &dir, "--out", &out_arg]).unwrap_err();
    assert!(
        err.contains(&*bad_file) && err.ends_with("nothing was written"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn a_missing_model_path_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = path_arg(&tmp.path().join("nowhere"));
    let err = run(&["ast", "--model", &missing]).unwrap_err();
    assert!(
        err.starts_with("error: ") && err.contains("nowhere"),
        "{err}"
    );
}

#[test]
fn ast_json_has_four_space_indentation() {
    let doc = serde_json::json!({"a": [1, {"b": true}]});
    assert_eq!(
        codegen::cli::pretty_json(&doc),
        "{\n    \"a\": [\n        1,\n        {\n            \"b\": true\n        }\n    ]\n}\n"
    );
}

#[test]
fn ast_writes_what_smithy_ast_always_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("empty.smithy");
    std::fs::write(
        &file,
        r#"$version: "2.0"
namespace ex

@mixin
structure Base {
    a: String
}

/// Nothing of its own.
structure FromBase with [Base] {}

structure Empty {}

union Choice {
    a: String
}

operation Ping {}
"#,
    )
    .unwrap();
    let done = run(&["ast", "--model", &path_arg(&file)]).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    let shape = |name: &str| serde_json::to_string(&doc["shapes"][name]).unwrap();
    assert_eq!(shape("ex#Empty"), r#"{"type":"structure","members":{}}"#);
    // `members` in `smithy ast`'s place: after `mixins`, before `traits`.
    assert_eq!(
        shape("ex#FromBase"),
        r#"{"type":"structure","mixins":[{"target":"ex#Base"}],"members":{},"traits":{"smithy.api#documentation":"Nothing of its own."}}"#
    );
    assert_eq!(
        shape("ex#Ping"),
        r#"{"type":"operation","input":{"target":"smithy.api#Unit"},"output":{"target":"smithy.api#Unit"}}"#
    );
    assert_eq!(
        shape("ex#Choice"),
        r#"{"type":"union","members":{"a":{"target":"smithy.api#String"}}}"#
    );
    // Flattened, the mixin's member is the shape's own.
    let done = run(&["ast", "--model", &path_arg(&file), "--flatten"]).unwrap();
    let flat: serde_json::Value = serde_json::from_str(&done.stdout).unwrap();
    assert_eq!(
        flat["shapes"]["ex#FromBase"]["members"]["a"]["target"],
        "smithy.api#String"
    );
}
