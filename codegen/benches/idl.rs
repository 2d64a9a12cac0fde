//! Reading Smithy IDL against reading the JSON AST of the same model, where the shared corpus
//! is unpacked (`cargo xtask corpus` does it; without it every benchmark is skipped).
//!
//! `cargo bench -p smithy-codegen --bench idl`
//!
//! - `load/customer-profiles/{json,idl}`: `codegen::model::load` of the corpus model
//!   `customer-profiles-2020-08-15.json`, and of its IDL form (written once, at setup, by
//!   `codegen::idl::write::write` from the assembled JSON AST).
//! - `assemble/customer-profiles/{json,idl}`: `codegen::model::assemble` alone, both ways.
//! - `read/corpus/{json,idl}`: `assemble` of every corpus model, each on its own files, with
//!   the bytes read as throughput (all models are written as IDL once, at setup).
//!
//! After criterion's own report, each `json`/`idl` pair that ran is timed again in alternation
//! (so that a busy machine slows both sides alike) and the median IDL/JSON ratio is printed.
//!
//! Under `cargo test --benches` (criterion's test mode, an unoptimised build) each benchmark runs
//! once, on a few small corpus models instead of all of them.
//!
//! To profile one side: `valgrind --tool=callgrind target/release/deps/idl-<hash> --bench
//! --profile-time 10 'load/customer-profiles/idl' --exact`; divide the inclusive cost of
//! `codegen::model::load::load` by its calls (the setup is counted too: the corpus is prepared
//! only when a `read/corpus` benchmark is selected).

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, measurement::WallTime};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The full model of the first two benchmark groups.
const CUSTOMER_PROFILES: &str = "customer-profiles-2020-08-15.json";

/// How many corpus models `read/corpus` uses in test mode (the smallest ones).
const TEST_MODE_MODELS: usize = 4;

/// How the binary was started (criterion parses the same flags).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Bench,
    Profile,
    /// `cargo test --benches`, `--test` or `--list`: every benchmark once, or none.
    Test,
}

fn mode() -> Mode {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| {
        args.iter()
            .any(|a| a == flag || a.starts_with(&format!("{flag}=")))
    };
    if !has("--bench") || has("--test") || has("--list") {
        Mode::Test
    } else if has("--profile-time") {
        Mode::Profile
    } else {
        Mode::Bench
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/aws-models")
}

/// One model in both forms: its JSON AST file and the IDL files written from it.
struct Pair {
    json_name: String,
    json: String,
    /// `(<namespace>.smithy, text)`.
    idl: Vec<(String, String)>,
}

impl Pair {
    fn from_json(json_name: &str, json: String) -> Self {
        let (assembled, _) = codegen::model::assemble::assemble([(json_name, json.as_str())])
            .unwrap_or_else(|d| panic!("{json_name} assembles: {d:?}"));
        let files = codegen::idl::write::write(&assembled.to_json())
            .unwrap_or_else(|d| panic!("{json_name} is written as IDL: {d:?}"));
        let idl = files
            .into_iter()
            .map(|f| {
                let ns = f.namespace.unwrap_or_else(|| "metadata".to_owned());
                (format!("{ns}.smithy"), f.text)
            })
            .collect();
        Self {
            json_name: json_name.to_owned(),
            json,
            idl,
        }
    }

    fn json_files(&self) -> [(&str, &str); 1] {
        [(self.json_name.as_str(), self.json.as_str())]
    }

    fn idl_files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.idl.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    fn idl_bytes(&self) -> usize {
        self.idl.iter().map(|(_, t)| t.len()).sum()
    }
}

fn customer_profiles() -> &'static Pair {
    static PAIR: OnceLock<Pair> = OnceLock::new();
    PAIR.get_or_init(|| {
        let json = std::fs::read_to_string(corpus_dir().join(CUSTOMER_PROFILES))
            .expect("the customer-profiles model is readable");
        Pair::from_json("customer-profiles.json", json)
    })
}

/// Every corpus model (in test mode the few smallest), in both forms.
fn corpus() -> &'static [Pair] {
    static CORPUS: OnceLock<Vec<Pair>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let started = Instant::now();
        let mut paths: Vec<(u64, PathBuf)> = std::fs::read_dir(corpus_dir())
            .expect("the corpus directory is readable")
            .filter_map(|e| {
                let path = e.ok()?.path();
                let size = path.metadata().ok()?.len();
                (path.extension()? == "json").then_some((size, path))
            })
            .collect();
        paths.sort();
        if mode() == Mode::Test {
            paths.truncate(TEST_MODE_MODELS);
        }
        let pairs: Vec<Pair> = paths
            .iter()
            .map(|(_, path)| {
                let name = path.file_name().unwrap().to_string_lossy();
                let json = std::fs::read_to_string(path).expect("corpus model is readable");
                Pair::from_json(&name, json)
            })
            .collect();
        let json: usize = pairs.iter().map(|p| p.json.len()).sum();
        let idl: usize = pairs.iter().map(Pair::idl_bytes).sum();
        eprintln!(
            "read/corpus: {} models, {:.1} MB of JSON, {:.1} MB of IDL (written in {:.1?})",
            pairs.len(),
            json as f64 / 1e6,
            idl as f64 / 1e6,
            started.elapsed()
        );
        pairs
    })
}

/// Benchmarks that ran in this process (their closures are only called when the filter
/// selects them), so that the ratio summary covers just those.
static RAN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

fn ran(id: String) {
    RAN.lock().unwrap().insert(id);
}

fn load_json(p: &Pair) {
    black_box(codegen::model::load(p.json_files()).expect("model loads"));
}

fn load_idl(p: &Pair) {
    black_box(codegen::model::load(p.idl_files()).expect("model loads"));
}

fn assemble_json(p: &Pair) {
    black_box(codegen::model::assemble::assemble(p.json_files()).expect("model assembles"));
}

fn assemble_idl(p: &Pair) {
    black_box(codegen::model::assemble::assemble(p.idl_files()).expect("model assembles"));
}

fn read_corpus_json(corpus: &[Pair]) {
    corpus.iter().for_each(assemble_json);
}

fn read_corpus_idl(corpus: &[Pair]) {
    corpus.iter().for_each(assemble_idl);
}

/// Both sides of one comparison.
struct Comparison {
    group: &'static str,
    json: fn(),
    idl: fn(),
    /// Alternating rounds of the ratio summary.
    rounds: usize,
    /// Calls of each side per round.
    reps: usize,
}

const COMPARISONS: &[Comparison] = &[
    Comparison {
        group: "load/customer-profiles",
        json: || load_json(customer_profiles()),
        idl: || load_idl(customer_profiles()),
        rounds: 21,
        reps: 5,
    },
    Comparison {
        group: "assemble/customer-profiles",
        json: || assemble_json(customer_profiles()),
        idl: || assemble_idl(customer_profiles()),
        rounds: 21,
        reps: 5,
    },
    Comparison {
        group: "read/corpus",
        json: || read_corpus_json(corpus()),
        idl: || read_corpus_idl(corpus()),
        rounds: 6,
        reps: 1,
    },
];

fn bench_side(group: &mut BenchmarkGroup<'_, WallTime>, name: &str, side: &str, f: fn()) {
    group.bench_function(side, |b| {
        ran(format!("{name}/{side}"));
        b.iter(f)
    });
}

fn bench(c: &mut Criterion) {
    for cmp in COMPARISONS {
        let mut group = c.benchmark_group(cmp.group);
        if cmp.group == "read/corpus" {
            // About half a second to a second per iteration over the whole corpus.
            group
                .sample_size(10)
                .sampling_mode(SamplingMode::Flat)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(10));
        } else {
            group
                .sample_size(30)
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(4));
        }
        for (side, f) in [("json", cmp.json), ("idl", cmp.idl)] {
            if cmp.group == "read/corpus" {
                // Built lazily, on the first call of the selected benchmark.
                let bytes = |corpus: &[Pair]| -> usize {
                    if side == "json" {
                        corpus.iter().map(|p| p.json.len()).sum()
                    } else {
                        corpus.iter().map(Pair::idl_bytes).sum()
                    }
                };
                if group_selected(cmp.group, side) {
                    group.throughput(Throughput::Bytes(bytes(corpus()) as u64));
                }
            }
            bench_side(&mut group, cmp.group, side, f);
        }
        group.finish();
    }
}

/// Whether a criterion filter given on the command line could select `group/side`; used only
/// to avoid preparing the corpus (seconds) for a run that does not read it. Errs on the side
/// of preparing it.
fn group_selected(group: &str, side: &str) -> bool {
    let id = format!("{group}/{side}");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut filters = Vec::new();
    let mut skip_value = false;
    for a in &args {
        if skip_value {
            skip_value = false;
            continue;
        }
        if a.starts_with('-') {
            // Criterion's options that take a separate value.
            skip_value = !a.contains('=')
                && matches!(
                    a.as_str(),
                    "--save-baseline"
                        | "-s"
                        | "--baseline"
                        | "-b"
                        | "--baseline-lenient"
                        | "--load-baseline"
                        | "--sample-size"
                        | "--warm-up-time"
                        | "--measurement-time"
                        | "--nresamples"
                        | "--noise-threshold"
                        | "--confidence-level"
                        | "--significance-level"
                        | "--profile-time"
                        | "--format"
                        | "--color"
                        | "-c"
                        | "--output-format"
                        | "--plotting-backend"
                );
            continue;
        }
        filters.push(a.clone());
    }
    if args.iter().any(|a| a == "--exact") {
        return filters.is_empty() || filters.iter().any(|f| f.as_str() == id);
    }
    // Criterion reads a filter as a regular expression; a substring test of its literal
    // characters is close enough here, and anything with regex syntax is assumed to match.
    filters.is_empty()
        || filters
            .iter()
            .any(|f| id.contains(f.as_str()) || f.contains(|c: char| "^$.*+?()[]{}|\\".contains(c)))
}

/// Times each pair that ran again, alternating the sides, and prints the median ratio.
fn ratios() {
    let ran = RAN.lock().unwrap().clone();
    let time = |f: fn(), reps: usize| {
        let start = Instant::now();
        for _ in 0..reps {
            f();
        }
        start.elapsed().as_secs_f64() / reps as f64
    };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    };
    let mut lines = Vec::new();
    for cmp in COMPARISONS {
        let (json_id, idl_id) = (format!("{}/json", cmp.group), format!("{}/idl", cmp.group));
        if !ran.contains(&json_id) || !ran.contains(&idl_id) {
            continue;
        }
        let (rounds, reps) = if mode() == Mode::Test {
            (1, 1)
        } else {
            (cmp.rounds, cmp.reps)
        };
        // One call of each first, so that neither side pays for warming up.
        (cmp.json)();
        (cmp.idl)();
        let (mut json, mut idl, mut ratio) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            // Each side goes first every other round, so that neither pays more for what the
            // other left behind (caches, the allocator's free pages).
            let (j, i) = if round % 2 == 0 {
                let j = time(cmp.json, reps);
                (j, time(cmp.idl, reps))
            } else {
                let i = time(cmp.idl, reps);
                (time(cmp.json, reps), i)
            };
            json.push(j);
            idl.push(i);
            ratio.push(i / j);
        }
        let (json, idl, ratio) = (median(json), median(idl), median(ratio));
        let mut line = format!(
            "{:<28} json {:>10.3} ms   idl {:>10.3} ms   idl/json {ratio:.3}",
            cmp.group,
            json * 1e3,
            idl * 1e3
        );
        if cmp.group == "read/corpus" {
            let corpus = corpus();
            let json_bytes: usize = corpus.iter().map(|p| p.json.len()).sum();
            let idl_bytes: usize = corpus.iter().map(Pair::idl_bytes).sum();
            line += &format!(
                "   json {:.1} MB/s   idl {:.1} MB/s",
                json_bytes as f64 / 1e6 / json,
                idl_bytes as f64 / 1e6 / idl
            );
        }
        lines.push(line);
    }
    if !lines.is_empty() {
        if mode() == Mode::Test {
            println!("\nIDL against JSON, one run each (test mode: not a measurement):");
        } else {
            println!("\nIDL against JSON, medians of alternating runs:");
        }
        for line in lines {
            println!("  {line}");
        }
    }
}

fn main() {
    if !corpus_dir().join(CUSTOMER_PROFILES).exists() {
        eprintln!(
            "skipping the IDL benchmarks: the corpus is not unpacked at {} (run `cargo xtask \
             corpus`, or any corpus test, with ../shared/corpus/aws-models.tar.xz present)",
            corpus_dir().display()
        );
        return;
    }
    // Prepared before criterion starts: in profile mode its warm-up would otherwise time the
    // setup and run the benchmark only once or twice.
    customer_profiles();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
    if mode() != Mode::Profile {
        ratios();
    }
}
