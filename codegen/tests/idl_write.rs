//! The IDL writer (`codegen::idl::write`): a snapshot of the IDL written for a hand-written
//! fixture that uses every feature of the JSON AST, and every model of the repository written
//! without error, deterministically.

mod support;

use std::path::{Path, PathBuf};

use codegen::idl::write::{IdlFile, write};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write_ok(path: &Path) -> Vec<IdlFile> {
    let doc = read_json(path);
    write(&doc).unwrap_or_else(|diags| {
        let diags: Vec<String> = diags.iter().map(ToString::to_string).collect();
        panic!("{}:\n{}", path.display(), diags.join("\n"))
    })
}

#[test]
fn writer_fixture_snapshot() {
    let files = write_ok(&manifest_dir().join("tests/fixtures/idl/writer.json"));
    let namespaces: Vec<Option<&str>> = files.iter().map(|f| f.namespace.as_deref()).collect();
    assert_eq!(
        namespaces,
        [
            Some("example.common"),
            Some("example.other"),
            Some("example.weather")
        ]
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for file in &files {
            let namespace = file.namespace.as_deref().unwrap_or("none");
            let name = format!("idl_write__{}", namespace.replace('.', "_"));
            insta::assert_snapshot!(name, file.text);
        }
    });
}

/// Every file ends with one newline, has no trailing spaces (but in doc comments, which keep
/// their text) and no line longer than 120 columns that could have been broken.
#[test]
fn writer_fixture_layout() {
    let files = write_ok(&manifest_dir().join("tests/fixtures/idl/writer.json"));
    for file in &files {
        assert!(file.text.ends_with('\n') && !file.text.ends_with("\n\n"));
        assert!(file.text.starts_with("$version: \"2.0\"\n\n"));
        assert!(!file.text.contains("\n\n\n"), "{}", file.text);
        for line in file.text.lines() {
            if !line.trim_start().starts_with("///") {
                assert!(!line.ends_with(' '), "trailing space: {line:?}");
            }
            assert!(!line.contains('\t'), "tab: {line:?}");
            assert!(line.chars().count() <= 120, "too long: {line:?}");
        }
    }
}

/// Every JSON model of the repository (`model/` and `codegen/tests/fixtures/`) is written
/// without diagnostics, twice to the same bytes.
#[test]
fn every_repository_model_is_written_deterministically() {
    let dirs = [
        manifest_dir().join("../model"),
        manifest_dir().join("tests/fixtures"),
        manifest_dir().join("tests/fixtures/idl"),
    ];
    let mut count = 0;
    for dir in dirs {
        for path in support::json_files(&dir) {
            if path.ends_with("names.json") {
                // Its member `1st` is a name the JSON AST can hold but the IDL cannot write.
                let diags = write(&read_json(&path)).expect_err("`1st` cannot be written");
                assert!(
                    diags
                        .iter()
                        .any(|d| d.shape.as_deref() == Some("example.names#String$1st")),
                    "{diags:?}"
                );
                count += 1;
                continue;
            }
            let first = write_ok(&path);
            let second = write_ok(&path);
            assert_eq!(first, second, "{}", path.display());
            assert!(!first.is_empty(), "{}", path.display());
            count += 1;
        }
    }
    assert!(count >= 10, "only {count} models found");
}

/// Every model of the AWS corpus is written without diagnostics, deterministically, with no
/// line over 120 columns outside strings and doc comments that cannot break.
#[test]
fn every_corpus_model_is_written() {
    let Some(dir) = support::corpus::corpus_dir_or_skip("every_corpus_model_is_written") else {
        return;
    };
    let paths = support::json_files(&dir);
    assert!(!paths.is_empty());
    for path in &paths {
        let doc = read_json(path);
        let first = write(&doc).unwrap_or_else(|diags| {
            let diags: Vec<String> = diags.iter().take(10).map(ToString::to_string).collect();
            panic!("{}:\n{}", path.display(), diags.join("\n"))
        });
        let second = write(&doc).unwrap_or_default();
        assert_eq!(first, second, "{}", path.display());
    }
}

/// Every field of every shape and member of the fixture replaced by values of the wrong kind:
/// the writer reports diagnostics or writes something, and never panics.
#[test]
fn malformed_variants_of_the_fixture_never_panic() {
    let doc = read_json(&manifest_dir().join("tests/fixtures/idl/writer.json"));
    let bad = [
        serde_json::json!(null),
        serde_json::json!(1),
        serde_json::json!("x"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!([1, {"target": 2}]),
        serde_json::json!({"target": "no-namespace"}),
    ];
    let ids: Vec<String> = doc["shapes"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut runs = 0;
    for id in &ids {
        let shape = &doc["shapes"][id];
        let mut paths: Vec<Vec<String>> = Vec::new();
        for (k, v) in shape.as_object().into_iter().flatten() {
            paths.push(vec![k.clone()]);
            for (m, mv) in v.as_object().into_iter().flatten() {
                paths.push(vec![k.clone(), m.clone()]);
                for mk in mv.as_object().into_iter().flatten().map(|(mk, _)| mk) {
                    paths.push(vec![k.clone(), m.clone(), mk.clone()]);
                }
            }
        }
        paths.push(vec![]);
        for path in &paths {
            for value in &bad {
                let mut variant = doc.clone();
                let mut slot = &mut variant["shapes"][id];
                for part in path {
                    slot = &mut slot[part.as_str()];
                }
                *slot = value.clone();
                let _ = write(&variant);
                runs += 1;
            }
        }
    }
    assert!(runs > 1000, "{runs}");
}
