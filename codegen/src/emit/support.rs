//! The support modules: hand-written Rust (`codegen/runtime/*.rs`) that generated crates carry.
//!
//! [`MODULES`] is the one list of them. Each entry says where the module goes in a crate, what it
//! is, which dependencies it needs, which type names it takes from the model's shapes, and when
//! a crate has it; `lib.rs`'s declarations, the crate's files, its manifest's dependencies and
//! the names shapes must avoid all come from it. Modules are shipped as written (after the
//! generated-file preamble): `codegen/runtime/lib.rs` compiles, lints, documents and tests them as
//! one crate, laid out like a generated one.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A support module.
#[derive(Debug)]
pub(crate) struct SupportModule {
    /// Its path in a generated crate: `src/{name}.rs`, a module of the crate root users see, or
    /// `src/support/{name}.rs`, one of the private `support` module.
    pub path: &'static str,
    /// Its source, shipped as written.
    pub source: &'static str,
    /// What it needs in the crate's `[dependencies]`.
    pub dependencies: &'static [Dependency],
    /// The names of the types it defines that the crate names in its own modules (re-exports,
    /// generated code), which shapes therefore cannot take.
    pub reserves: &'static [&'static str],
    /// When a crate has it.
    pub when: When,
    /// A cargo feature of the crate, on by default, without which the module is not compiled:
    /// its declaration is `#[cfg(feature = ...)]` and its dependencies are optional.
    pub feature: Option<&'static str>,
}

/// When a crate has a support module (what decides each condition is `Uses`, in `emit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    Always,
    /// The crate has operations: its service has a protocol this generator speaks.
    Http,
    /// Timestamp shapes.
    Timestamps,
    /// Blobs, and `@mediaType` strings in crates with operations (headers carry them as base64).
    Base64,
    /// `bigInteger` or `bigDecimal` shapes.
    BigNumbers,
    /// Operations whose requests are gzipped (`@requestCompression`).
    RequestCompression,
    /// The service's protocol lists it among its own (`Protocol::support`).
    Protocol,
    /// The crate has a server: its protocol routes requests (`Protocol::routing`).
    Server,
    /// The crate's server routes by `@http` URI patterns.
    HttpRouting,
    /// The crate's client resolves endpoints from the service's `smithy.rules#endpointRuleSet`.
    EndpointRules,
}

/// A crate a support module depends on: one entry of the manifest's `[dependencies]`, where the
/// entries of the crate's modules that name the same crate merge (their features add up).
#[derive(Debug)]
pub(crate) struct Dependency {
    pub name: &'static str,
    pub version: &'static str,
    pub default_features: bool,
    pub features: &'static [&'static str],
}

impl Dependency {
    /// A dependency on the crate's default features.
    const fn new(name: &'static str, version: &'static str) -> Self {
        Dependency {
            name,
            version,
            default_features: true,
            features: &[],
        }
    }

    const fn features(self, features: &'static [&'static str]) -> Self {
        Dependency { features, ..self }
    }

    const fn no_default_features(self) -> Self {
        Dependency {
            default_features: false,
            ..self
        }
    }
}

/// Every support module, in the order `lib.rs` declares those a crate has (the protocols' first,
/// in the order their protocols list them; the crate root's modules are declared in name order).
pub(crate) static MODULES: &[&SupportModule] = &[
    &RPC,
    &RPC_V2,
    &AWS_JSON,
    &RPC_V2_JSON,
    &RPC_V2_CBOR,
    &HTTP,
    &TIMESTAMP,
    &BLOB,
    &NUMBER,
    &COMPRESSION,
    &ENUMS,
    &ERROR,
    &WIRE,
    &VALIDATION,
    &SERVER,
    &ROUTER,
    &ENDPOINT,
    &ENDPOINT_PARTITIONS,
];

/// What the RPC protocols share.
pub(crate) static RPC: SupportModule = SupportModule {
    path: "src/support/rpc.rs",
    source: include_str!("../../runtime/rpc.rs"),
    dependencies: &[],
    reserves: &[],
    when: When::Protocol,
    feature: None,
};

/// What rpcv2Json and rpcv2Cbor share.
pub(crate) static RPC_V2: SupportModule = SupportModule {
    path: "src/support/rpc_v2.rs",
    source: include_str!("../../runtime/rpc_v2.rs"),
    dependencies: &[],
    reserves: &[],
    when: When::Protocol,
    feature: None,
};

/// awsJson1_0 and awsJson1_1.
pub(crate) static AWS_JSON: SupportModule = SupportModule {
    path: "src/support/aws_json.rs",
    source: include_str!("../../runtime/aws_json.rs"),
    dependencies: &[],
    reserves: &[],
    when: When::Protocol,
    feature: None,
};

/// rpcv2Json.
pub(crate) static RPC_V2_JSON: SupportModule = SupportModule {
    path: "src/support/rpc_v2_json.rs",
    source: include_str!("../../runtime/rpc_v2_json.rs"),
    dependencies: &[],
    reserves: &[],
    when: When::Protocol,
    feature: None,
};

/// rpcv2Cbor.
pub(crate) static RPC_V2_CBOR: SupportModule = SupportModule {
    path: "src/support/rpc_v2_cbor.rs",
    source: include_str!("../../runtime/rpc_v2_cbor.rs"),
    // The CBOR crate, chosen by measurement: the one maintained crate that reads every form the
    // protocol tests send through serde alone.
    dependencies: &[Dependency::new("ciborium", "0.2")],
    reserves: &[],
    when: When::Protocol,
    feature: None,
};

/// restJson1, and what every protocol's operations share.
pub(crate) static HTTP: SupportModule = SupportModule {
    path: "src/http.rs",
    source: include_str!("../../runtime/http.rs"),
    dependencies: &[
        Dependency::new("http", "1"),
        Dependency::new("percent-encoding", "2"),
    ],
    reserves: &[],
    when: When::Http,
    feature: None,
};

pub(crate) static TIMESTAMP: SupportModule = SupportModule {
    path: "src/timestamp.rs",
    source: include_str!("../../runtime/timestamp.rs"),
    dependencies: &[
        Dependency::new("jiff", "1"),
        // Shortest decimal of a float of epoch seconds; serde_json builds it already.
        Dependency::new("zmij", "1"),
    ],
    reserves: &[],
    when: When::Timestamps,
    feature: None,
};

pub(crate) static BLOB: SupportModule = SupportModule {
    path: "src/support/blob.rs",
    source: include_str!("../../runtime/blob.rs"),
    dependencies: &[Dependency::new("base64", "0.22")],
    reserves: &[],
    when: When::Base64,
    feature: None,
};

/// `bigInteger` and `bigDecimal` values, read and written as raw JSON text.
pub(crate) static NUMBER: SupportModule = SupportModule {
    path: "src/number.rs",
    source: include_str!("../../runtime/number.rs"),
    // `RawValue` reads and writes big numbers as their exact text. The feature only adds that
    // type; `arbitrary_precision` would instead change every `serde_json::Number` of the user's
    // build.
    dependencies: &[Dependency::new("serde_json", "1").features(&["raw_value"])],
    reserves: &[],
    when: When::BigNumbers,
    feature: None,
};

pub(crate) static COMPRESSION: SupportModule = SupportModule {
    path: "src/support/compression.rs",
    source: include_str!("../../runtime/compression.rs"),
    // gzip in pure Rust (its default backend is miniz_oxide).
    dependencies: &[Dependency::new("flate2", "1")],
    reserves: &[],
    when: When::RequestCompression,
    feature: None,
};

pub(crate) static ENUMS: SupportModule = SupportModule {
    path: "src/support/enums.rs",
    source: include_str!("../../runtime/enums.rs"),
    dependencies: &[],
    // Re-exported by `types.rs`.
    reserves: &["UnknownValue", "UnknownInt"],
    when: When::Always,
    feature: None,
};

pub(crate) static ERROR: SupportModule = SupportModule {
    path: "src/support/error.rs",
    source: include_str!("../../runtime/error.rs"),
    dependencies: &[],
    // Re-exported by `error.rs` (and `BuildError` by `lib.rs`). `ErrorCode` is defined nowhere
    // but has been reserved from the start; it stays so, so that no shape's name changes.
    // `ServiceError` is not here: only the items of `error.rs` must avoid it (see `naming`).
    reserves: &["BuildError", "ErrorFault", "UnknownError", "ErrorCode"],
    when: When::Always,
    feature: None,
};

/// The serde adapters of the types' wire form.
pub(crate) static WIRE: SupportModule = SupportModule {
    path: "src/support/wire.rs",
    source: include_str!("../../runtime/wire.rs"),
    dependencies: &[
        Dependency::new("serde", "1").features(&["derive"]),
        // `float_roundtrip`: without it serde_json may read a float one unit in the last place
        // off (`123456789.12345679` as `123456789.1234568`); with it every float reads back
        // exactly.
        Dependency::new("serde_json", "1").features(&["float_roundtrip"]),
        // serde_with adapts timestamps, blobs and nulls on required members.
        Dependency::new("serde_with", "3")
            .no_default_features()
            .features(&["std"]),
    ],
    reserves: &[],
    when: When::Always,
    feature: None,
};

pub(crate) static VALIDATION: SupportModule = SupportModule {
    path: "src/validation.rs",
    source: include_str!("../../runtime/validation.rs"),
    // `FANCY_REGEX` is its other engine, for crates whose model needs it.
    dependencies: &[Dependency::new("regex", "1")],
    // Used by the generated `Validate` impls and `patterns.rs`, re-exported by `lib.rs`.
    reserves: &[
        "Validate",
        "Validator",
        "Violation",
        "ValidationError",
        "ConstraintKind",
        "Pattern",
    ],
    when: When::Always,
    feature: None,
};

/// The `tower` service around a crate's `server` module, behind the default `server` feature so
/// that a crate used as a client only compiles none of it. `tower-service` and `tower-layer` are
/// tower's two small interface crates: users bring `tower` itself (or axum, or hyper) if they
/// want it.
pub(crate) static SERVER: SupportModule = SupportModule {
    path: "src/support/server.rs",
    source: include_str!("../../runtime/server.rs"),
    dependencies: &[
        Dependency::new("bytes", "1"),
        Dependency::new("http-body", "1"),
        Dependency::new("http-body-util", "0.1"),
        Dependency::new("tower-layer", "0.3"),
        Dependency::new("tower-service", "0.3"),
    ],
    reserves: &[],
    when: When::Server,
    feature: Some("server"),
};

/// Specificity routing for protocols with HTTP bindings.
pub(crate) static ROUTER: SupportModule = SupportModule {
    path: "src/support/router.rs",
    source: include_str!("../../runtime/router.rs"),
    dependencies: &[],
    reserves: &[],
    when: When::HttpRouting,
    feature: Some("server"),
};

/// The endpoint rules engine (docs/endpoints.md). About 700 lines and the partition data: not
/// small enough to ship in every crate, and a crate that calls none of it would warn of dead
/// code, so it goes only into crates whose client resolves endpoints.
pub(crate) static ENDPOINT: SupportModule = SupportModule {
    path: "src/support/endpoint.rs",
    source: include_str!("../../runtime/endpoint.rs"),
    dependencies: &[
        // `http::Uri` checks `parseURL`'s input.
        Dependency::new("http", "1"),
        Dependency::new("percent-encoding", "2"),
        // `aws.partition`'s region patterns.
        Dependency::new("regex", "1"),
        Dependency::new("serde_json", "1"),
    ],
    reserves: &[],
    when: When::EndpointRules,
    feature: None,
};

/// The AWS partitions `aws.partition` reads, as data.
pub(crate) static ENDPOINT_PARTITIONS: SupportModule = SupportModule {
    path: "src/support/endpoint_partitions.rs",
    source: include_str!("../../runtime/endpoint_partitions.rs"),
    dependencies: &[],
    reserves: &[],
    when: When::EndpointRules,
    feature: None,
};

/// The backtracking engine of `validation.rs`'s `Pattern::fancy`: a dependency of the crates
/// whose model has patterns with lookaround or backreferences only, and even there optional,
/// behind a default feature of the same name, so that users who can do without such checks
/// (every value then matches those patterns) need not build it. `validation.rs` compiles the
/// engine under `cfg(feature = "fancy-regex")`.
pub(crate) static FANCY_REGEX: Dependency = Dependency::new("fancy-regex", "0.20");

impl SupportModule {
    /// Its module name (the file's stem).
    pub fn name(&self) -> &'static str {
        let file = self.path.rsplit('/').next().unwrap_or(self.path);
        file.strip_suffix(".rs").unwrap_or(file)
    }

    /// Whether it is a module of the private `support` module (else of the crate root).
    pub fn in_support(&self) -> bool {
        self.path.starts_with("src/support/")
    }

    /// The file as shipped: the source as written, after the generated-file preamble.
    pub fn file(&self) -> String {
        format!("{}{}", super::PREAMBLE, self.source)
    }

    /// Its `mod` declaration, under its feature if it has one.
    pub fn declaration(&self) -> TokenStream {
        let name = format_ident!("{}", self.name());
        let cfg = self.feature.map(|f| quote!(#[cfg(feature = #f)]));
        quote!(#cfg pub mod #name;)
    }
}

/// The type names support modules define that shapes cannot take: those of every module, whether
/// or not a crate has it (names are decided before what the crate uses is known).
pub(crate) fn reserved_types() -> impl Iterator<Item = &'static str> {
    MODULES.iter().flat_map(|m| m.reserves.iter().copied())
}

/// The manifest's `[dependencies]` lines and its `[features]` section (empty without features)
/// for a crate with `modules`, and with `gated`, optional dependencies of code behind a feature:
/// (feature, dependency). Every feature is on by default. Entries naming one crate merge: their
/// features add up (for the whole crate, even when only a module behind a feature asks for
/// one), and the dependency is optional only if everything that needs it is behind a feature.
pub(crate) fn manifest_tables(
    modules: &[&SupportModule],
    gated: &[(&'static str, &Dependency)],
) -> (Vec<String>, String) {
    let mut merged: BTreeMap<&str, Merged> = BTreeMap::new();
    let mut features: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let needs = modules
        .iter()
        .flat_map(|m| m.dependencies.iter().map(|d| (m.feature, d)))
        .chain(gated.iter().map(|&(feature, d)| (Some(feature), d)));
    for m in modules {
        if let Some(feature) = m.feature {
            features.entry(feature).or_default();
        }
    }
    for (feature, d) in needs {
        let entry = merged.entry(d.name).or_insert_with(|| Merged {
            version: d.version,
            default_features: d.default_features,
            features: BTreeSet::new(),
            optional: true,
        });
        debug_assert!(
            entry.version == d.version && entry.default_features == d.default_features,
            "support modules ask for {} differently",
            d.name
        );
        entry.features.extend(d.features);
        match feature {
            Some(feature) => {
                features.entry(feature).or_default().insert(d.name);
            }
            None => entry.optional = false,
        }
    }
    let dependencies = merged.iter().map(|(name, d)| d.line(name)).collect();
    let mut section = String::new();
    if !features.is_empty() {
        let names: Vec<String> = features.keys().map(|f| format!("\"{f}\"")).collect();
        section.push_str(&format!("\n[features]\ndefault = [{}]\n", names.join(", ")));
        for (feature, deps) in &features {
            // A dependency another module needs anyway is not optional, so not `dep:`.
            let deps: Vec<String> = deps
                .iter()
                .filter(|d| merged[*d].optional)
                .map(|d| format!("\"dep:{d}\""))
                .collect();
            section.push_str(&format!("{feature} = [{}]\n", deps.join(", ")));
        }
    }
    (dependencies, section)
}

/// The dependencies of the crate's modules on one crate, merged.
struct Merged {
    version: &'static str,
    default_features: bool,
    features: BTreeSet<&'static str>,
    optional: bool,
}

impl Merged {
    /// Its line of `[dependencies]`: `name = "version"`, or the inline table when it says more.
    fn line(&self, name: &str) -> String {
        let version = self.version;
        if self.default_features && self.features.is_empty() && !self.optional {
            return format!("{name} = \"{version}\"");
        }
        let mut keys = vec![format!("version = \"{version}\"")];
        if !self.default_features {
            keys.push("default-features = false".to_owned());
        }
        if !self.features.is_empty() {
            let features: Vec<String> = self.features.iter().map(|f| format!("\"{f}\"")).collect();
            keys.push(format!("features = [{}]", features.join(", ")));
        }
        if self.optional {
            keys.push("optional = true".to_owned());
        }
        format!("{name} = {{ {} }}", keys.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_distinct_modules_of_the_root_or_of_support() {
        let mut names = BTreeSet::new();
        for m in MODULES {
            let (dir, file) = m.path.rsplit_once('/').unwrap();
            assert!(dir == "src" || dir == "src/support", "{}", m.path);
            assert!(file.ends_with(".rs") && !m.name().is_empty(), "{}", m.path);
            assert!(names.insert(m.name()), "{}", m.path);
        }
    }

    /// The runtime crate compiles every module, with the dependencies the table gives them all.
    #[test]
    fn runtime_crate_has_every_module_and_dependency() {
        let lib = include_str!("../../runtime/lib.rs");
        for m in MODULES {
            let declaration = format!("pub mod {};", m.name());
            assert!(
                lib.contains(&declaration),
                "runtime/lib.rs lacks `{declaration}`"
            );
        }
        let (dependencies, features) = manifest_tables(MODULES, &[("fancy-regex", &FANCY_REGEX)]);
        let expected = format!("[dependencies]\n{}\n{features}", dependencies.join("\n"));
        let manifest = include_str!("../../runtime/Cargo.toml");
        assert!(
            manifest.contains(&expected),
            "runtime/Cargo.toml should end with:\n{expected}"
        );
    }

    #[test]
    fn dependencies_merge_and_render_as_before() {
        let (dependencies, features) = manifest_tables(&[&WIRE, &VALIDATION, &NUMBER], &[]);
        assert_eq!(
            dependencies,
            [
                r#"regex = "1""#,
                r#"serde = { version = "1", features = ["derive"] }"#,
                r#"serde_json = { version = "1", features = ["float_roundtrip", "raw_value"] }"#,
                r#"serde_with = { version = "3", default-features = false, features = ["std"] }"#,
            ]
        );
        assert_eq!(features, "");
        let (dependencies, features) =
            manifest_tables(&[&VALIDATION], &[("fancy-regex", &FANCY_REGEX)]);
        assert_eq!(
            dependencies,
            [
                r#"fancy-regex = { version = "0.20", optional = true }"#,
                r#"regex = "1""#,
            ]
        );
        assert_eq!(
            features,
            "\n[features]\ndefault = [\"fancy-regex\"]\nfancy-regex = [\"dep:fancy-regex\"]\n"
        );
    }

    /// A module behind a feature: declared under `cfg`, its own dependencies optional and turned
    /// on by the feature, one that other modules need too left as it is.
    #[test]
    fn feature_gated_module() {
        static GATED: SupportModule = SupportModule {
            path: "src/support/server.rs",
            source: "",
            dependencies: &[
                Dependency::new("http", "1"),
                Dependency::new("matchit", "0.8"),
            ],
            reserves: &[],
            when: When::Always,
            feature: Some("server"),
        };
        assert_eq!(
            GATED.declaration().to_string(),
            quote! { #[cfg(feature = "server")] pub mod server; }.to_string()
        );
        assert_eq!(
            ERROR.declaration().to_string(),
            quote! { pub mod error; }.to_string()
        );
        let (dependencies, features) =
            manifest_tables(&[&HTTP, &GATED, &WIRE], &[("fancy-regex", &FANCY_REGEX)]);
        assert_eq!(
            dependencies,
            [
                r#"fancy-regex = { version = "0.20", optional = true }"#,
                r#"http = "1""#,
                r#"matchit = { version = "0.8", optional = true }"#,
                r#"percent-encoding = "2""#,
                r#"serde = { version = "1", features = ["derive"] }"#,
                r#"serde_json = { version = "1", features = ["float_roundtrip"] }"#,
                r#"serde_with = { version = "3", default-features = false, features = ["std"] }"#,
            ]
        );
        assert_eq!(
            features,
            "\n[features]\n\
             default = [\"fancy-regex\", \"server\"]\n\
             fancy-regex = [\"dep:fancy-regex\"]\n\
             server = [\"dep:matchit\"]\n"
        );
    }
}
