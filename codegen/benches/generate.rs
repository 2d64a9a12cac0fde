//! Load + emit + pretty-print: the repository's model and, where the shared corpus is unpacked
//! (`cargo xtask corpus` does it), the full customer-profiles model.
//!
//! `cargo bench -p smithy-codegen --bench generate`
//!
//! Each model is generated on one thread and on two (`Options::threads`), with mimalloc as the
//! allocator, as `cargo xtask` runs the generator.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut models = vec![("model/get-workflow", root.join("model/get-workflow.json"))];
    let full = root.join("target/aws-models/customer-profiles-2020-08-15.json");
    if full.exists() {
        models.push(("corpus/customer-profiles", full));
    } else {
        eprintln!(
            "skipping the full customer-profiles model: run `cargo xtask corpus` to unpack the corpus"
        );
    }
    for (name, path) in models {
        let text = std::fs::read_to_string(&path).expect("model is readable");
        for threads in [1, 2] {
            let options = codegen::Options {
                crate_name: "bench".into(),
                service: None,
                lenient: true,
                threads,
                ..Default::default()
            };
            c.bench_function(&format!("{name}/threads-{threads}"), |b| {
                b.iter(|| {
                    codegen::generate(&[("model.json", &text)], &options).expect("model generates")
                })
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
