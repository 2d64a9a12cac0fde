//! Smithy's own IDL loader suites (`../shared/smithy-tests/idl-loader/`), run against our
//! reader. Each test prints its score and every miss with its reason; it fails when the score
//! drops below what the reader is known to reach, or when a file makes the reader panic.
//!
//! Skipped, with a message, where `../shared` is absent (a fresh clone).

use std::path::{Path, PathBuf};

mod support;

use codegen::model::assemble::assemble_with;
use support::ast::{differences, semantic};

fn suite_dir(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/smithy-tests")
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: {} not found (the shared test data is absent)",
            dir.display()
        );
        None
    }
}

/// Every file under `dir` whose name ends with `suffix`, sorted.
fn files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("readable suite folder")
            .flatten()
        {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// `valid/`: each `X.smithy` loads (with `__shared.json`) to the model `X.json` describes.
#[test]
fn valid_models_match_their_json() {
    let Some(dir) = suite_dir("idl-loader/valid") else {
        return;
    };
    let shared = read(&dir.join("__shared.json"));
    let mut passed = 0;
    let mut misses = Vec::new();
    let cases: Vec<PathBuf> = files(&dir, ".smithy")
        .into_iter()
        .filter(|p| p.with_extension("json").exists())
        .collect();
    for idl in &cases {
        let name = idl.strip_prefix(&dir).unwrap().display().to_string();
        let json_path = idl.with_extension("json");
        let (idl_text, json_text) = (read(idl), read(&json_path));
        let ours = semantic(&[("__shared.json", &shared), (&name, &idl_text)]);
        let expected = semantic(&[("__shared.json", &shared), ("expected.json", &json_text)]);
        let reason = match (ours, expected) {
            (Ok(a), Ok(b)) => {
                let d = differences(&a, &b);
                if d.is_empty() {
                    None
                } else {
                    Some(d.join("\n    "))
                }
            }
            (Err(d), Ok(_)) => Some(format!(
                "ours fails: {}",
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n    ")
            )),
            (_, Err(d)) => Some(format!(
                "the expected JSON does not load: {}",
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        };
        match reason {
            None => passed += 1,
            Some(r) => misses.push(format!("{name}: {r}")),
        }
    }
    println!(
        "idl-loader/valid: {passed} / {} load to their JSON",
        cases.len()
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert_eq!(cases.len(), 56, "the suite has 56 cases");
    assert!(
        passed >= KNOWN_VALID,
        "valid: {passed} / 56, below the known {KNOWN_VALID}"
    );
}

/// The score `valid_models_match_their_json` is known to reach; raise it as the reader improves.
const KNOWN_VALID: usize = 55;

/// What upstream reports for an invalid file: the first line's comment, without the `// `
/// and the trailing ` | EventId`.
fn expected_error(text: &str) -> String {
    let first = text.lines().next().unwrap_or("");
    let msg = first.trim_start_matches('/').trim();
    match msg.rsplit_once(" | ") {
        Some((m, _)) => m.to_owned(),
        None => msg.to_owned(),
    }
}

/// Whether one of our diagnostics is about the problem upstream reports: at the same line and
/// column when upstream gives them, else naming the same shape, else saying the same words.
fn same_problem(expected: &str, ours: &[codegen::Diagnostic]) -> bool {
    let errors: Vec<&codegen::Diagnostic> = ours.iter().filter(|d| d.is_error()).collect();
    if let Some(rest) = expected.split("Syntax error at line ").nth(1) {
        let mut nums = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<usize>().unwrap_or(0));
        let (line, column) = (nums.next(), nums.next());
        return errors.iter().any(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| Some(l.line) == line && Some(l.column) == column)
        });
    }
    let text =
        |d: &codegen::Diagnostic| format!("{} {}", d.shape.as_deref().unwrap_or(""), d.message);
    let words = expected.trim_end_matches('.');
    if let Some(id) = expected
        .split(|c: char| c.is_whitespace() || c == '`' || c == ':' || c == ',')
        .find(|w| w.contains('#'))
    {
        if errors.iter().any(|d| text(d).contains(id)) {
            return true;
        }
    }
    errors
        .iter()
        .any(|d| text(d).to_lowercase().contains(&words.to_lowercase()))
}

/// `invalid/`: every file fails to load with a diagnostic (never a panic, never success).
#[test]
fn invalid_models_fail_with_diagnostics() {
    let Some(dir) = suite_dir("idl-loader/invalid") else {
        return;
    };
    let cases = files(&dir, ".smithy");
    let mut loaded = Vec::new();
    let mut same = 0;
    let mut other = Vec::new();
    for path in &cases {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let text = read(path);
        let expected = expected_error(&text);
        match codegen::model::load([(name.as_str(), text.as_str())]) {
            Ok(_) => loaded.push(name),
            Err(diags) => {
                assert!(diags.iter().any(codegen::Diagnostic::is_error), "{name}");
                // Rendering must work for every diagnostic.
                for d in &diags {
                    assert!(!d.to_string().is_empty());
                }
                if same_problem(&expected, &diags) {
                    same += 1;
                } else {
                    let first = diags.iter().find(|d| d.is_error()).map(|d| {
                        let at = d
                            .location
                            .as_ref()
                            .map_or(String::new(), |l| format!("{}:{}: ", l.line, l.column));
                        format!("{at}{}", d.message)
                    });
                    other.push(format!(
                        "{name}\n      upstream: {expected}\n      ours:     {}",
                        first.unwrap_or_default()
                    ));
                }
            }
        }
    }
    println!(
        "idl-loader/invalid: {} / {} fail; {same} about the same problem as upstream",
        cases.len() - loaded.len(),
        cases.len()
    );
    for o in &other {
        println!("  different: {o}");
    }
    for l in &loaded {
        println!("  loads (should fail): {l}");
    }
    assert_eq!(cases.len(), 181, "the suite has 181 files");
    assert!(
        cases.len() - loaded.len() >= KNOWN_INVALID_FAIL,
        "only {} of 181 fail",
        cases.len() - loaded.len()
    );
    assert!(
        same >= KNOWN_INVALID_SAME,
        "{same} about the same problem, below {KNOWN_INVALID_SAME}"
    );
}

const KNOWN_INVALID_FAIL: usize = 181;
const KNOWN_INVALID_SAME: usize = 181;

/// One expected event of an `.errors` file: `[SEVERITY] shape: message | EventId`.
struct Expected {
    severity: String,
    shape: Option<String>,
    line: String,
}

fn expected_events(text: &str) -> Vec<Expected> {
    text.lines()
        .filter(|l| l.starts_with('['))
        .filter_map(|l| {
            let (severity, rest) = l[1..].split_once("] ")?;
            let (shape, _) = rest.split_once(": ")?;
            Some(Expected {
                severity: severity.to_owned(),
                shape: (shape != "-").then(|| shape.to_owned()),
                line: l.to_owned(),
            })
        })
        .collect()
}

/// `errorfiles-loader/`: the load-time problems each `.errors` file lists are found: for
/// each ERROR an error of ours on the same shape, for each WARNING or DANGER a diagnostic of
/// ours on that shape (we have two severities). NOTE and SUPPRESSED events are not counted.
#[test]
fn errorfiles_problems_are_found() {
    let Some(dir) = suite_dir("idl-loader/errorfiles-loader") else {
        return;
    };
    let cases = files(&dir, ".errors");
    let mut passed = 0;
    let mut misses = Vec::new();
    for errors in &cases {
        let model = [
            errors.with_extension("smithy"),
            errors.with_extension("json"),
        ]
        .into_iter()
        .find(|p| p.exists())
        .expect("each .errors file has a model beside it");
        let name = model.file_name().unwrap().to_string_lossy().into_owned();
        let text = read(&model);
        let diags = match codegen::model::load([(name.as_str(), text.as_str())]) {
            Ok((_, warnings)) => warnings,
            Err(diags) => diags,
        };
        let unmatched: Vec<Expected> = expected_events(&read(errors))
            .into_iter()
            .filter(|e| matches!(e.severity.as_str(), "ERROR" | "WARNING" | "DANGER"))
            .filter(|e| {
                !diags.iter().any(|d| {
                    let severity_ok = e.severity != "ERROR" || d.is_error();
                    let shape_ok = match (&e.shape, &d.shape) {
                        (None, _) => true,
                        (Some(s), Some(ours)) => ours == s || ours.starts_with(&format!("{s}$")),
                        (Some(_), None) => false,
                    };
                    severity_ok && shape_ok
                })
            })
            .collect();
        if unmatched.is_empty() {
            passed += 1;
        } else {
            let ours: Vec<String> = diags
                .iter()
                .map(|d| {
                    format!(
                        "{:?} {} {}",
                        d.severity,
                        d.shape.as_deref().unwrap_or("-"),
                        d.message
                    )
                })
                .collect();
            misses.push(format!(
                "{name}\n      not found: {}\n      ours: {}",
                unmatched
                    .iter()
                    .map(|e| e.line.as_str())
                    .collect::<Vec<_>>()
                    .join("\n                 "),
                ours.join("\n            ")
            ));
        }
    }
    println!(
        "idl-loader/errorfiles-loader: {passed} / {} have every listed problem found",
        cases.len()
    );
    for m in &misses {
        println!("  miss: {m}");
    }
    assert_eq!(cases.len(), 58, "the suite has 58 cases");
    assert!(
        passed >= KNOWN_ERRORFILES,
        "errorfiles: {passed} / 58, below {KNOWN_ERRORFILES}"
    );
}

const KNOWN_ERRORFILES: usize = 58;

/// `idl-formatter/`: every input of Smithy's formatter suite parses (upstream reads them with
/// unknown traits allowed and validation off, so only syntax counts).
#[test]
fn formatter_inputs_parse() {
    let Some(dir) = suite_dir("idl-formatter") else {
        return;
    };
    let inputs: Vec<PathBuf> = files(&dir, ".smithy")
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".formatted.smithy"))
        .collect();
    let mut failures = Vec::new();
    for p in &inputs {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        // Parsed as Smithy's formatter parses them: traits need no definitions.
        let options = codegen::model::LoadOptions {
            allow_unknown_traits: true,
        };
        if let Err(d) = assemble_with([(name.as_str(), read(p).as_str())], &options) {
            failures.push(format!(
                "{name}: {}",
                d.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    println!(
        "idl-formatter: {} / {} parse",
        inputs.len() - failures.len(),
        inputs.len()
    );
    assert_eq!(inputs.len(), 44, "the suite has 44 inputs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `protocol-tests/` and `trait-definitions/`: each protocol's folder, with the trait
/// definitions (but the prelude, which the loader has built in), loads as one model without
/// an error.
#[test]
fn protocol_test_models_load() {
    let (Some(protocols), Some(traits)) =
        (suite_dir("protocol-tests"), suite_dir("trait-definitions"))
    else {
        return;
    };
    let definitions: Vec<PathBuf> = files(&traits, ".smithy")
        .into_iter()
        .filter(|p| !p.ends_with("prelude.smithy"))
        .collect();
    let mut loaded = 0;
    let mut failures = Vec::new();
    for suite in ["smithy-aws-protocol-tests", "smithy-protocol-tests"] {
        let root = protocols.join(suite);
        let models = files(&root, ".smithy");
        let all: Vec<(String, String)> = definitions
            .iter()
            .chain(&models)
            .map(|p| (p.display().to_string(), read(p)))
            .collect();
        let refs = all.iter().map(|(n, t)| (n.as_str(), t.as_str()));
        match codegen::model::load(refs) {
            Ok(_) => loaded += models.len(),
            Err(d) => failures.push(format!(
                "{suite}: {}",
                d.iter()
                    .filter(|d| d.is_error())
                    .take(20)
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
        }
    }
    println!("protocol-tests: {loaded} files load with the trait definitions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(loaded, 162, "142 + 20 protocol test files");
}
