//! Every fixture's generated crate builds, passes `cargo clippy -D warnings`, documents without
//! rustdoc warnings, and behaves as `tests/behaviour/<fixture>.rs` says. The crates are checked
//! together as one workspace so their dependencies build once.

mod support;

use std::path::Path;
use std::process::Command;

use support::{fixture_names, generate_fixture, manifest_dir};

#[test]
fn fixture_crates_compile_lint_and_document_cleanly() {
    let root = manifest_dir().join("../target/fixture-crates");
    let _ = std::fs::remove_dir_all(root.join("crates"));
    let names = fixture_names();
    for name in &names {
        let generated = generate_fixture(name);
        for (path, contents) in &generated.files {
            let dest = root.join("crates").join(name).join(path);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::write(&dest, contents).unwrap();
        }
        let behaviour = manifest_dir()
            .join("tests/behaviour")
            .join(format!("{name}.rs"));
        if behaviour.exists() {
            let dest = root.join("crates").join(name).join("tests/behaviour.rs");
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&behaviour, dest).unwrap();
        }
    }
    let members: Vec<String> = names.iter().map(|n| format!("\"crates/{n}\"")).collect();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // Build against the versions the repository is tested with.
    let lock = manifest_dir().join("../Cargo.lock");
    if lock.exists() && !root.join("Cargo.lock").exists() {
        std::fs::copy(&lock, root.join("Cargo.lock")).unwrap();
    }
    let target = root.join("target");
    run(
        &root,
        &target,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    run(
        &root,
        &target,
        &["doc", "--workspace", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    run(&root, &target, &["test", "--workspace", "--quiet"], &[]);
}

fn run(dir: &Path, target: &Path, args: &[&str], env: &[(&str, &str)]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "cargo {} failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
