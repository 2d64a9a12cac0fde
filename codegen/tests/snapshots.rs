//! Insta snapshots of every file the generator emits, for `model/` and for each fixture model
//! under `tests/fixtures/`. `compile.rs` builds the same output, so no snapshot can hold code
//! that does not compile.

mod support;

use support::{fixture_names, generate_fixture, generate_fixture_on, generate_model};

/// Support modules are the same for every model; they are snapshotted once, with `model/` (those
/// it has), and so is `src/rustfmt.toml`.
fn is_support(path: &str) -> bool {
    codegen::support_paths().any(|p| p == path) || path == "src/rustfmt.toml"
}

fn snapshot_all(
    prefix: &str,
    files: &std::collections::BTreeMap<String, String>,
    with_support: bool,
) {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for (path, contents) in files.iter().filter(|(p, _)| with_support || !is_support(p)) {
            let name = format!("{prefix}__{}", path.replace(['/', '.'], "_"));
            insta::assert_snapshot!(name, contents);
        }
    });
}

#[test]
fn model_get_workflow() {
    let generated = generate_model();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    snapshot_all("get_workflow", &generated.files, true);
}

#[test]
fn fixtures() {
    let names = fixture_names();
    assert!(names.len() >= 7, "fixtures missing: {names:?}");
    for name in names {
        let generated = generate_fixture(&name);
        snapshot_all(&name, &generated.files, false);
    }
}

#[test]
fn output_is_deterministic() {
    for name in fixture_names() {
        assert_eq!(
            generate_fixture(&name).files,
            generate_fixture(&name).files,
            "{name}"
        );
    }
    assert_eq!(generate_model().files, generate_model().files);
}

#[test]
fn output_does_not_depend_on_threads() {
    for name in fixture_names() {
        let one = generate_fixture_on(&name, 1);
        let three = generate_fixture_on(&name, 3);
        assert_eq!(one.files, three.files, "{name}");
        let messages =
            |g: &codegen::Generated| g.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(messages(&one), messages(&three), "{name}");
    }
}
