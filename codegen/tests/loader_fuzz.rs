//! Fuzzes the model loader and the generator behind it with mutated models: values of the wrong
//! JSON type, deleted keys, dangling or malformed targets, unknown shape types, random traits
//! with random values, and byte-level damage. Every input either generates or fails with
//! diagnostics that name their file; none panics.
//!
//! `LOADER_FUZZ_ITERATIONS=100000 cargo test --release -p smithy-codegen --test loader_fuzz -- --nocapture`
//! runs longer than the default.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use serde_json::{Map, Value, json};
use support::{Rng, fixture_names, manifest_dir};

const DEFAULT_ITERATIONS: usize = 400;

/// Trait ids the generator acts on, so that random values reach its trait parsers.
const TRAITS: &[&str] = &[
    "smithy.api#length",
    "smithy.api#pattern",
    "smithy.api#range",
    "smithy.api#required",
    "smithy.api#default",
    "smithy.api#clientOptional",
    "smithy.api#enumValue",
    "smithy.api#enum",
    "smithy.api#error",
    "smithy.api#httpError",
    "smithy.api#http",
    "smithy.api#httpLabel",
    "smithy.api#httpQuery",
    "smithy.api#httpQueryParams",
    "smithy.api#httpHeader",
    "smithy.api#httpPrefixHeaders",
    "smithy.api#httpPayload",
    "smithy.api#httpResponseCode",
    "smithy.api#jsonName",
    "smithy.api#timestampFormat",
    "smithy.api#sparse",
    "smithy.api#uniqueItems",
    "smithy.api#sensitive",
    "smithy.api#streaming",
    "smithy.api#documentation",
    "smithy.api#deprecated",
    "smithy.api#mixin",
    "smithy.api#input",
    "smithy.api#output",
    "aws.protocols#restJson1",
];

const SHAPE_TYPES: &[&str] = &[
    "structure",
    "union",
    "list",
    "set",
    "map",
    "string",
    "enum",
    "intEnum",
    "integer",
    "long",
    "timestamp",
    "blob",
    "document",
    "boolean",
    "bigDecimal",
    "operation",
    "service",
    "resource",
    "apply",
    "shape",
    "",
    "Structure",
];

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 10 } else { 13 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(*rng.pick(&[0i64, -1, 1, 3, 65_536, i64::MAX, i64::MIN])),
        3 => json!(*rng.pick(&[0.5f64, -1e300, 1e300, 1e-9])),
        4 => json!(*rng.pick(&[
            "",
            "x",
            "a.b#Missing",
            "smithy.api#String",
            "#",
            "a#",
            "^[a-z]+$",
            "(",
            "GET",
            "/{x}/{y+}",
            "epoch-seconds",
            "<p>doc</p>"
        ])),
        5 => json!(*rng.pick(&[1e20f64, 2.5])),
        6..=9 => json!(rng.below(100) as u64),
        10 => Value::Array(
            (0..rng.below(3))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(4) {
                let key = rng.pick(&[
                    "min", "max", "method", "uri", "code", "target", "message", "value", "member",
                    "key",
                ]);
                map.insert((*key).to_owned(), random_value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

/// Every path (object keys and array indices) to a value inside `v`.
fn paths(v: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                prefix.push(Step::Key(k.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// One random change to the model.
fn mutate(rng: &mut Rng, model: &mut Value) {
    let mut all = Vec::new();
    paths(model, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    match rng.below(7) {
        // A value of another type.
        0 | 1 => {
            if let Some(v) = at(model, &path) {
                *v = random_value(rng, 0);
            }
        }
        // A key or item removed.
        2 => {
            if let Some((last, parent)) = path.split_last()
                && let Some(parent) = at(model, parent)
            {
                match (last, parent) {
                    (Step::Key(k), Value::Object(map)) => {
                        map.remove(k);
                    }
                    (Step::Index(i), Value::Array(items)) => {
                        items.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        // A random trait with a random value, on a shape or member.
        3 | 4 => {
            if let Some(Value::Object(map)) = at(model, &path) {
                let traits = map.entry("traits").or_insert_with(|| json!({}));
                if let Value::Object(traits) = traits {
                    traits.insert((*rng.pick(TRAITS)).to_owned(), random_value(rng, 0));
                }
            }
        }
        // Another shape type.
        5 => {
            if let Some(Value::Object(map)) = at(model, &path) {
                map.insert("type".into(), json!(rng.pick(SHAPE_TYPES)));
            }
        }
        // A target that does not exist, or is not a shape id.
        _ => {
            if let Some(Value::Object(map)) = at(model, &path) {
                let target = *rng.pick(&[
                    "a.b#Missing",
                    "",
                    "#",
                    "smithy.api#",
                    "String",
                    "smithy.api#Unit",
                    "smithy.api#Document",
                ]);
                map.insert("target".into(), json!(target));
            }
        }
    }
}

/// Damages the text itself: a cut, a byte flipped, or a byte inserted.
fn damage(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    let at = rng.below(bytes.len().max(1));
    match rng.below(3) {
        0 => bytes.truncate(at),
        1 => {
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        _ => bytes.insert(at, *rng.pick(b"{}[]\",:\\\x00\xff0e-")),
    }
    bytes
}

fn seeds() -> Vec<Value> {
    let mut texts =
        vec![std::fs::read_to_string(manifest_dir().join("../model/get-workflow.json")).unwrap()];
    for name in fixture_names() {
        texts.push(
            std::fs::read_to_string(manifest_dir().join(format!("tests/fixtures/{name}.json")))
                .unwrap(),
        );
    }
    texts
        .iter()
        .map(|t| serde_json::from_str(t).unwrap())
        .collect()
}

#[test]
fn mutated_models_never_panic_and_failures_name_their_file() {
    let iterations = std::env::var("LOADER_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_ITERATIONS);
    let seeds = seeds();
    let mut rng = Rng::new(0x0DDB_A11C_0FFE_E5ED);
    let started = Instant::now();
    let (mut generated, mut failed) = (0usize, 0usize);
    for case in 0..iterations {
        let mut model = rng.pick(&seeds).clone();
        for _ in 0..=rng.below(3) {
            mutate(&mut rng, &mut model);
        }
        let mut text = serde_json::to_string_pretty(&model).unwrap();
        if rng.below(8) == 0 {
            text = String::from_utf8_lossy(&damage(&mut rng, &text)).into_owned();
        }
        let options = codegen::Options {
            crate_name: "fuzz".into(),
            service: None,
            lenient: rng.below(2) == 0,
            threads: 1,
            ..Default::default()
        };
        let result = catch_unwind(AssertUnwindSafe(|| {
            codegen::generate(&[("fuzz.json", &text)], &options)
        }));
        match result {
            Err(_) => panic!("case {case} panicked on this model:\n{text}"),
            Ok(Ok(_)) => generated += 1,
            Ok(Err(failure)) => {
                failed += 1;
                let errors: Vec<_> = failure
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .collect();
                assert!(
                    !errors.is_empty(),
                    "case {case}: a failure without an error:\n{text}"
                );
                for d in errors {
                    assert_eq!(
                        d.file.as_deref(),
                        Some("fuzz.json"),
                        "case {case}: {d}\n{text}"
                    );
                    assert!(!d.message.is_empty(), "case {case}");
                }
            }
        }
    }
    println!(
        "{iterations} mutated models in {:.1} s: {generated} generated, {failed} failed with diagnostics, none panicked",
        started.elapsed().as_secs_f64()
    );
    // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
    assert!(
        generated > 0 && failed > 0,
        "{generated} generated, {failed} failed"
    );
}
