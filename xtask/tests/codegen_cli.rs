//! `cargo xtask codegen` as users run it: generate, check, and fail without touching output.

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn model() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../model/get-workflow.json")
        .display()
        .to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn generate_then_check_then_detect_staleness() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    let out_s = out.display().to_string();
    let m = model();
    let gen_args = [
        "codegen",
        "--model",
        &m,
        "--out",
        &out_s,
        "--crate-name",
        "my-types",
    ];
    let o = xtask(&gen_args);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-types\""));
    let types = std::fs::read_to_string(out.join("src/types.rs")).unwrap();

    let check_args = [
        "codegen",
        "--check",
        "--model",
        &m,
        "--out",
        &out_s,
        "--crate-name",
        "my-types",
    ];
    let o = xtask(&check_args);
    assert!(o.status.success(), "{}", stderr(&o));

    // A hand edit and a stray file are both reported, by name, and nothing is changed.
    std::fs::write(out.join("src/types.rs"), format!("{types}// edited\n")).unwrap();
    std::fs::write(out.join("src/stray.rs"), "").unwrap();
    let o = xtask(&check_args);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("changed: {}", out.join("src/types.rs").display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("extra:   {}", out.join("src/stray.rs").display())),
        "{err}"
    );
    assert!(
        err.ends_with(&format!(
            "run `cargo xtask codegen --model {m} --out {out_s} --crate-name my-types` to update\n"
        )),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(out.join("src/types.rs"))
            .unwrap()
            .ends_with("// edited\n")
    );

    // Regenerating repairs both; hand-written files outside src/ are left alone.
    std::fs::create_dir_all(out.join("tests")).unwrap();
    std::fs::write(out.join("tests/mine.rs"), "// mine\n").unwrap();
    let o = xtask(&gen_args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("src/types.rs")).unwrap(),
        types
    );
    assert!(!out.join("src/stray.rs").exists());
    assert!(out.join("tests/mine.rs").exists());
    assert!(xtask(&check_args).status.success());
}

#[test]
fn a_bad_model_fails_with_diagnostics_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("crate");
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/types.rs"), "// before\n").unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"smithy": "2.0", "shapes": {"a.b#S": {"type": "structure", "members": {"m": {"target": "a.b#Gone"}}}}}"#,
    )
    .unwrap();
    let o = xtask(&[
        "codegen",
        "--model",
        &bad.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("bad.json")
            && err.contains("a.b#S$m")
            && err.contains("a.b#Gone does not exist"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join("src/types.rs")).unwrap(),
        "// before\n"
    );
    assert!(!out.join("Cargo.toml").exists());
}

#[test]
fn usage_errors_exit_non_zero() {
    assert!(!xtask(&[]).status.success());
    assert!(!xtask(&["codegen", "--bogus"]).status.success());
    assert!(!xtask(&["codegen", "--model"]).status.success());
}
