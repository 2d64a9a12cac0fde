//! Every `@pattern` of the AWS model corpus, translated and checked against an ECMA-262 engine.
//!
//! Collects the distinct `smithy.api#pattern` values of all corpus models (on shapes, members,
//! list members, map keys and values, and `apply` statements), translates each with
//! `codegen::pattern::translate`, and compares the generated crates' matcher
//! (`runtime/validation.rs`, so the engine choice, the `fancy-regex` backtracking limit and every
//! workaround are the shipped ones) with `regress`, an ECMA-262 engine, on probe strings: strings
//! generated from the pattern itself, mutations of them with characters where ECMA and the Rust
//! engines' defaults differ (é, ٣, NBSP, 😀, `\n`, U+2028, ...), and a fixed list. Every
//! translated pattern must agree on every probe.
//!
//! Probes are generated from the translation: its syntax tree (`regex-syntax`) for `regex`
//! patterns, and for `fancy-regex` ones the translation without its lookarounds and
//! backreferences. Probes longer than [`MAX_PROBE_CHARS`] are left out: `regress` backtracks
//! without limit, and each pattern runs under a deadline as well.
//!
//! `PATTERN_CORPUS_PROBES=n` generates `n` strings per pattern (default 6), each mutated 4 times.
//! Skips, with a message, when the corpus is absent.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use codegen::pattern::{Engine, PatternError, Translated, translate};
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::Value;
use smithy_codegen_runtime::validation::Pattern;
use support::Rng;

/// Longer probes are not run (regress backtracks without limit).
const MAX_PROBE_CHARS: usize = 400;
/// Most iterations a generated repetition gets beyond its minimum.
const EXTRA_ITERATIONS: u32 = 3;
/// Time regress may take on all probes of one pattern.
const DEADLINE: Duration = Duration::from_secs(30);

/// Probed on every pattern.
const FIXED_PROBES: &[&str] = &[
    "",
    "a",
    "Z",
    "0",
    "_",
    "-",
    " ",
    "é",
    "٣",
    "\u{a0}",
    "😀",
    "\n",
    "\r\n",
    "\u{2028}",
    "\t",
    "aws:",
    "arn:aws:iam::123456789012:role/service-role/x",
    "abc-123_DEF.ghi",
    "a b",
    "--",
    "..",
];

/// Characters mutations put into generated strings.
const MUTANTS: &[char] = &[
    'é', '٣', '\u{a0}', '😀', '\n', '\r', '\u{2028}', '\u{2029}', '\u{feff}', '\u{85}', ' ', '\t',
    '_', '-', '.', '/', ':', '\\', 'a', 'Z', '0', '9', 'ß', 'Σ', '\u{0}', '$', '@', '*',
];

#[test]
fn corpus_patterns_agree_with_ecma() {
    let Some(dir) = support::corpus::corpus_dir_or_skip("corpus_patterns_agree_with_ecma") else {
        return;
    };
    let (models, patterns) = collect_patterns(&dir);
    assert_eq!(models, 296, "models in the corpus");
    let generated: usize = std::env::var("PATTERN_CORPUS_PROBES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6);

    let start = Instant::now();
    let mut translated: Vec<(&str, Translated)> = Vec::new();
    let mut unsupported = Vec::new();
    let mut invalid = Vec::new();
    for (pattern, owner) in &patterns {
        match translate(pattern) {
            Ok(t) => translated.push((pattern, t)),
            Err(PatternError::Unsupported { reason }) => unsupported.push((pattern, owner, reason)),
            Err(PatternError::Invalid { reason }) => invalid.push((pattern, owner, reason)),
        }
    }
    let translate_time = start.elapsed();

    // Compile as generated code does: the first match compiles.
    let mut build_time = [Duration::ZERO; 2];
    let mut chars_checked = 0usize;
    let compiled: Vec<(&str, &Translated, Pattern)> = translated
        .iter()
        .map(|(p, t)| {
            let source: &'static str = Box::leak(p.to_string().into_boxed_str());
            let regex: &'static str = Box::leak(t.regex.clone().into_boxed_str());
            // As the generator emits it: simple runs of characters without a regex.
            let pattern = match (t.engine, codegen::pattern::char_run(regex)) {
                (Engine::Regex, Some(run)) => {
                    chars_checked += 1;
                    let ranges: &'static [(char, char)] = Box::leak(run.ranges.into_boxed_slice());
                    Pattern::chars(source, regex, ranges, run.min, run.max.unwrap_or(u32::MAX))
                }
                (Engine::Regex, None) => Pattern::new(source, regex),
                (Engine::Fancy, _) => Pattern::fancy(source, regex),
            };
            let start = Instant::now();
            pattern.is_match("");
            build_time[usize::from(t.engine == Engine::Fancy)] += start.elapsed();
            (*p, t, pattern)
        })
        .collect();

    let mut rng = Rng::new(0x5DEE_CE66_D1CE_4E5B);
    let mut probes_run = 0;
    let mut gave_up = Vec::new();
    let mut disagreements = Vec::new();
    let mut not_ecma = Vec::new();
    let mut timed_out = Vec::new();
    let mut not_compared = Vec::new();
    // Patterns with probes on both sides (some matching, some not).
    let mut both_ways = 0;
    let start = Instant::now();
    // Patterns read with Java's meaning (not ECMA-262) have no ECMA oracle; the unit tests of
    // `pattern.rs` check their constructs.
    let mut java_read = Vec::new();
    for (source, t, pattern) in &compiled {
        if t.java {
            java_read.push(*source);
            continue;
        }
        let probes = probes_for(t, generated, &mut rng);
        let Some(verdicts) = ecma_verdicts(source, probes.clone()) else {
            timed_out.push(*source);
            continue;
        };
        let Some(verdicts) = verdicts else {
            not_ecma.push(*source);
            continue;
        };
        if verdicts.iter().all(Option::is_none) {
            not_compared.push(*source);
            continue;
        }
        let fancy = (t.engine == Engine::Fancy).then(|| {
            fancy_regex::RegexBuilder::new(&t.regex)
                .backtrack_limit(Pattern::BACKTRACK_LIMIT)
                .build()
                .expect("translate checked that it compiles")
        });
        let mut seen = [false; 2];
        for (probe, expected) in probes.iter().zip(verdicts) {
            let Some(expected) = expected else { continue };
            probes_run += 1;
            seen[usize::from(expected)] = true;
            // The runtime counts a value the engine gives up on as matching; say how often.
            if fancy.as_ref().is_some_and(|re| re.is_match(probe).is_err()) {
                gave_up.push(format!("{source:?} on {probe:?}"));
                continue;
            }
            let ours = pattern.is_match(probe);
            if ours != expected {
                disagreements.push(format!(
                    "{source:?} -> {:?} ({:?}) on {probe:?}: ECMA says {expected}, we say {ours}",
                    t.regex, t.engine
                ));
            }
        }
        both_ways += usize::from(seen == [true, true]);
    }
    let probe_time = start.elapsed();

    let fancy_count = translated
        .iter()
        .filter(|(_, t)| t.engine == Engine::Fancy)
        .count();
    let mut report = String::new();
    let _ = writeln!(
        report,
        "{models} models, {} distinct patterns: {} `regex`, {fancy_count} `fancy-regex`, {} unsupported, {} invalid",
        patterns.len(),
        translated.len() - fancy_count,
        unsupported.len(),
        invalid.len()
    );
    let _ = writeln!(
        report,
        "translate (parse, rewrite, compile check) all: {translate_time:.2?}; compile as generated code does: \
         {:.2?} `regex` (of which {chars_checked} are runs of characters checked without a regex), \
         {:.2?} `fancy-regex`",
        build_time[0], build_time[1]
    );
    let _ = writeln!(
        report,
        "{probes_run} probes ({generated} generated per pattern, 4 mutations each) in {probe_time:.2?}: \
         {} disagreements, {} given up by fancy-regex (count as matching); {both_ways} patterns \
         had both matching and non-matching probes",
        disagreements.len(),
        gave_up.len()
    );
    for (p, owner, reason) in &unsupported {
        let _ = writeln!(report, "  unsupported {p:?} ({owner}): {reason}");
    }
    for (p, owner, reason) in &invalid {
        let _ = writeln!(report, "  invalid {p:?} ({owner}): {reason}");
    }
    let _ = writeln!(
        report,
        "{} patterns are not ECMA-262 and are read with Java's meaning (not compared with regress):",
        java_read.len()
    );
    for p in &java_read {
        let _ = writeln!(report, "  java {p:?}");
    }
    for p in &not_ecma {
        let _ = writeln!(report, "  translated, but regress rejects it: {p:?}");
    }
    for p in &not_compared {
        let _ = writeln!(
            report,
            "  not compared, regress takes it only in legacy mode, with another meaning: {p:?}"
        );
    }
    for p in &timed_out {
        let _ = writeln!(
            report,
            "  not compared, regress exceeded {DEADLINE:?}: {p:?}"
        );
    }
    for g in &gave_up {
        let _ = writeln!(report, "  fancy-regex gave up: {g}");
    }
    eprintln!("{report}");

    disagreements.truncate(50);
    assert!(
        disagreements.is_empty(),
        "translations disagree with ECMA:\n{}",
        disagreements.join("\n")
    );
    assert!(
        timed_out.is_empty(),
        "regress did not finish: {timed_out:?}"
    );
}

/// The runtime `Pattern` with each engine, independently of the corpus.
#[test]
fn runtime_pattern_engines() {
    let t = translate(r"^(?!aws:)[\w:]+$").unwrap();
    assert_eq!(t.engine, Engine::Fancy);
    let regex: &'static str = Box::leak(t.regex.into_boxed_str());
    let p = Pattern::fancy(r"^(?!aws:)[\w:]+$", regex);
    assert!(p.is_fancy());
    assert!(p.is_match("abc:d"));
    assert!(!p.is_match("aws:d"));
    assert!(!p.is_match("é"));
    assert!(format!("{p:?}").contains("fancy: true"));

    // Exceeding the backtracking limit counts as a match, quickly.
    static EVIL: Pattern = Pattern::fancy(r"^(a|aa)+\1x$", r"^(a|aa)+(?(1)\1|)x$");
    let start = Instant::now();
    assert!(EVIL.is_match(&format!("{}b", "a".repeat(60))));
    assert!(start.elapsed() < Duration::from_secs(10));
    assert!(!EVIL.is_match("b"));
    assert!(EVIL.is_match("aax"));
    // So does a translation the engine cannot compile.
    static BROKEN: Pattern = Pattern::fancy("(?=", "(?=");
    assert!(BROKEN.is_match("anything"));

    // `regex` patterns with `(?-u:\B)` search with `find`: `is_match` misses this match.
    let t = translate(r"\B|\W").unwrap();
    assert_eq!(t.engine, Engine::Regex);
    assert!(!regex::Regex::new(&t.regex).unwrap().is_match("a😀b"));
    let regex: &'static str = Box::leak(t.regex.into_boxed_str());
    let p = Pattern::new(r"\B|\W", regex);
    assert!(!p.is_fancy());
    assert!(p.is_match("a😀b"));
    assert!(!p.is_match("a"));
}

/// Model count and the distinct patterns, each with one shape or member that has it.
fn collect_patterns(dir: &Path) -> (usize, BTreeMap<String, String>) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut patterns = BTreeMap::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let model: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
        let Some(shapes) = model.get("shapes").and_then(Value::as_object) else {
            continue;
        };
        for (id, shape) in shapes {
            find_patterns(shape, id, &mut patterns);
        }
    }
    (files.len(), patterns)
}

/// Records the `pattern` trait of every `traits` object in `value` (a shape, its members, list
/// member, map key and value).
fn find_patterns(value: &Value, owner: &str, out: &mut BTreeMap<String, String>) {
    let Some(object) = value.as_object() else {
        return;
    };
    if let Some(p) = object
        .get("traits")
        .and_then(|t| t.get("smithy.api#pattern"))
        .and_then(Value::as_str)
    {
        out.entry(p.to_owned()).or_insert_with(|| owner.to_owned());
    }
    for (key, child) in object {
        if key == "traits" {
            continue;
        }
        if key == "members" {
            for (name, member) in child.as_object().into_iter().flatten() {
                find_patterns(member, &format!("{owner}${name}"), out);
            }
        } else if child.is_object() {
            find_patterns(child, &format!("{owner}${key}"), out);
        }
    }
}

/// What regress says about each probe (`None`: not comparable), or `None` if regress does not
/// accept the pattern; `None` overall if it runs past [`DEADLINE`] (the thread is left behind).
#[allow(clippy::type_complexity)]
fn ecma_verdicts(source: &str, probes: Vec<String>) -> Option<Option<Vec<Option<bool>>>> {
    let source = source.to_owned();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let verdicts = (|| {
            // Patterns regress rejects in u-mode even so (Annex B leniencies we accept, like
            // `a{,5}`) are run in legacy mode, where astral characters are two units: those
            // probes are skipped. So are patterns whose meaning legacy mode changes.
            let (re, legacy) = match regress::Regex::with_flags(&u_mode_spelling(&source), "u") {
                Ok(re) => (re, false),
                Err(_) if ["\\p", "\\P", "\\u{"].iter().any(|s| source.contains(s)) => {
                    return Some(vec![None; probes.len()]);
                }
                Err(_) => (regress::Regex::with_flags(&source, "").ok()?, true),
            };
            Some(
                probes
                    .iter()
                    .map(|p| {
                        let astral = p.chars().any(|c| c as u32 > 0xFFFF);
                        (!(legacy && astral)).then(|| re.find(p).is_some())
                    })
                    .collect(),
            )
        })();
        let _ = tx.send(verdicts);
    });
    rx.recv_timeout(DEADLINE).ok()
}

/// `source` with the Annex B leniencies that `translate` accepts in u-mode spelled as u-mode
/// requires, so that regress can run it with the meaning `translate` gives it: identity escapes
/// of characters that are not syntax characters (`\_`, `\ `) become the character, braces and
/// `]` that cannot be syntax (`a{,5}`, `{foo}`) and a `-` next to a class escape in a class
/// (`[\w-.]`) are escaped.
fn u_mode_spelling(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::new();
    let mut in_class = false;
    // Whether the previous class item was a class escape (`\d`, `\p{..}`, ...).
    let mut after_class_escape = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let e = chars[i + 1];
            let class_escape = matches!(e, 'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P');
            if class_escape && matches!(chars.get(i + 2), Some('{')) && (e == 'p' || e == 'P') {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .map_or(chars.len(), |k| i + k + 1);
                out.extend(&chars[i..end]);
                i = end;
            } else if e.is_ascii_alphanumeric()
                || "^$\\.*+?()[]{}|/".contains(e)
                || (in_class && e == '-')
            {
                out.push(c);
                out.push(e);
                i += 2;
            } else {
                // An identity escape u-mode rejects: the character itself.
                out.push(e);
                i += 2;
            }
            after_class_escape = in_class && class_escape;
            continue;
        }
        match c {
            '[' if !in_class => {
                in_class = true;
                after_class_escape = false;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '{' if !in_class => {
                // A quantifier is copied whole; any other brace is a literal.
                let end = chars[i..].iter().position(|&c| c == '}').map(|k| i + k);
                let body: String = end.map_or(String::new(), |e| chars[i + 1..e].iter().collect());
                let quantifier = !body.is_empty()
                    && body.split(',').count() <= 2
                    && body.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && body.chars().all(|c| c.is_ascii_digit() || c == ',');
                match end {
                    Some(e) if quantifier => {
                        out.extend(&chars[i..=e]);
                        i = e + 1;
                        continue;
                    }
                    _ => out.push_str("\\{"),
                }
            }
            '}' | ']' if !in_class => {
                out.push('\\');
                out.push(c);
            }
            '-' if in_class && after_class_escape => out.push_str("\\-"),
            '-' if in_class
                && matches!(chars.get(i + 1), Some('\\'))
                && chars.get(i + 2).is_some_and(|e| "dDwWsSpP".contains(*e)) =>
            {
                out.push_str("\\-");
            }
            _ => {
                after_class_escape = false;
                out.push(c);
            }
        }
        i += 1;
    }
    out
}

/// Probe strings for one pattern: the fixed list, strings generated from the pattern, and
/// mutations of those.
fn probes_for(t: &Translated, generated: usize, rng: &mut Rng) -> Vec<String> {
    let mut probes: Vec<String> = FIXED_PROBES.iter().map(|s| s.to_string()).collect();
    let hir = match t.engine {
        Engine::Regex => regex_syntax::parse(&t.regex).ok(),
        Engine::Fancy => regex_syntax::parse(&without_fancy_parts(&t.regex)).ok(),
    };
    if let Some(hir) = hir {
        for _ in 0..generated {
            let mut s = String::new();
            generate(&hir, rng, &mut s);
            let chars: Vec<char> = s.chars().collect();
            for _ in 0..4 {
                probes.push(mutate(&chars, rng));
            }
            probes.push(s);
        }
    }
    probes.retain(|p| p.chars().count() <= MAX_PROBE_CHARS && assigned_everywhere(p));
    probes.sort();
    probes.dedup();
    probes
}

/// A string the (lookaround-free) expression matches, with repetitions kept short.
fn generate(hir: &Hir, rng: &mut Rng, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            if ranges.is_empty() {
                return;
            }
            let r = ranges[rng.below(ranges.len())];
            let (lo, hi) = (u32::from(r.start()), u32::from(r.end()));
            // Mostly the start of the range, where the usual characters are.
            let span = if rng.below(2) == 0 {
                (hi - lo).min(64)
            } else {
                hi - lo
            };
            let c = lo + (rng.next() % (u64::from(span) + 1)) as u32;
            out.push(char::from_u32(c).unwrap_or(r.start()));
        }
        HirKind::Class(Class::Bytes(class)) => {
            if let Some(r) = class.ranges().first() {
                out.push(char::from(r.start()));
            }
        }
        HirKind::Repetition(rep) => {
            let max = rep.max.unwrap_or(rep.min.saturating_add(EXTRA_ITERATIONS));
            let extra = (max - rep.min).min(EXTRA_ITERATIONS);
            let n = rep.min + (rng.below(extra as usize + 1) as u32);
            for _ in 0..n.min(MAX_PROBE_CHARS as u32 + 1) {
                generate(&rep.sub, rng, out);
            }
        }
        HirKind::Capture(cap) => generate(&cap.sub, rng, out),
        HirKind::Concat(hirs) => hirs.iter().for_each(|h| generate(h, rng, out)),
        HirKind::Alternation(hirs) => generate(&hirs[rng.below(hirs.len())], rng, out),
    }
}

/// One edit of `chars`: replace, insert or delete a character, or cut the string.
fn mutate(chars: &[char], rng: &mut Rng) -> String {
    let mut chars = chars.to_vec();
    let mutant = MUTANTS[rng.below(MUTANTS.len())];
    let at = rng.below(chars.len() + 1);
    match rng.below(4) {
        0 if at < chars.len() => chars[at] = mutant,
        1 if at < chars.len() => {
            chars.remove(at);
        }
        2 => chars.truncate(at),
        _ => chars.insert(at, mutant),
    }
    chars.into_iter().collect()
}

/// A `fancy-regex` translation without its lookarounds and backreferences (which our
/// translations write as `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)` and `(?(N)\N|)`): `regex` syntax
/// matching a superset, good enough to generate probes from.
fn without_fancy_parts(fancy: &str) -> String {
    let chars: Vec<char> = fancy.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = |s: &str| {
            s.chars()
                .enumerate()
                .all(|(k, c)| chars.get(i + k) == Some(&c))
        };
        if ["(?=", "(?!", "(?<=", "(?<!", "(?("]
            .iter()
            .any(|s| starts(s))
        {
            i = skip_group(&chars, i);
        } else {
            let len = token_len(&chars, i);
            out.extend(&chars[i..i + len]);
            i += len;
        }
    }
    out
}

/// Length of the token at `i`: an escape, a whole class, or one character.
fn token_len(chars: &[char], i: usize) -> usize {
    match chars[i] {
        '\\' => 2.min(chars.len() - i),
        '[' => {
            let mut depth = 0;
            let mut j = i;
            while j < chars.len() {
                match chars[j] {
                    '\\' => j += 1,
                    '[' => depth += 1,
                    ']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1 - i;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            chars.len() - i
        }
        _ => 1,
    }
}

/// Index just after the group opening at `i`.
fn skip_group(chars: &[char], i: usize) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j < chars.len() {
        match chars[j] {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += token_len(chars, j);
    }
    chars.len()
}

/// Whether both engines consider every character of `s` assigned: they may ship different
/// Unicode versions, and properties of characters one of them lacks are not about translation.
fn assigned_everywhere(s: &str) -> bool {
    use std::sync::OnceLock;
    static ENGINES: OnceLock<(regex::Regex, regress::Regex)> = OnceLock::new();
    let (ours, ecma) = ENGINES.get_or_init(|| {
        (
            regex::Regex::new(r"\p{Cn}").unwrap(),
            regress::Regex::with_flags(r"\p{Cn}", "u").unwrap(),
        )
    });
    !ours.is_match(s) && ecma.find(s).is_none()
}
