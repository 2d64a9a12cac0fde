//! Helpers shared by the integration tests (`mod support;` in a test file).
//!
//! Every integration test binary compiles its own copy of this module and uses
//! only part of it, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod ast;
pub mod corpus;

use std::path::PathBuf;

/// The crate directory (`codegen/`).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Names (file stems) of the fixture models in `tests/fixtures/`, sorted.
pub fn fixture_names() -> Vec<String> {
    let dir = manifest_dir().join("tests/fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}

/// Generates the crate for one fixture model (`tests/fixtures/<name>.json`).
pub fn generate_fixture(name: &str) -> codegen::Generated {
    generate_fixture_on(name, 1)
}

/// [`generate_fixture`] on `threads` threads.
pub fn generate_fixture_on(name: &str, threads: usize) -> codegen::Generated {
    let file = format!("{name}.json");
    let path = manifest_dir().join("tests/fixtures").join(&file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    generate(&[(file, text)], &format!("fixture-{name}"), threads)
}

/// The `.json` files directly in `dir`, sorted.
pub fn json_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
}

/// Generates the crate for the repository's model (`model/*.json`), as `cargo xtask codegen` does.
pub fn generate_model() -> codegen::Generated {
    let paths = json_files(&manifest_dir().join("../model"));
    let inputs: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            (
                format!("model/{}", p.file_name().unwrap().to_string_lossy()),
                text,
            )
        })
        .collect();
    generate(&inputs, "customer-profiles", 1)
}

fn generate(inputs: &[(String, String)], crate_name: &str, threads: usize) -> codegen::Generated {
    let refs: Vec<(&str, &str)> = inputs
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let options = codegen::Options {
        crate_name: crate_name.to_owned(),
        service: None,
        lenient: false,
        threads,
        ..Default::default()
    };
    codegen::generate(&refs, &options).unwrap_or_else(|f| panic!("generation failed:\n{f}"))
}

/// A small deterministic PRNG (xorshift64*) for generated test inputs: the same seed gives the
/// same cases on every machine, so a failure can be replayed.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (0 is replaced, as xorshift cannot leave it).
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items` (not empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
