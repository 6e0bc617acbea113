//! Runs the dedup stage directly on JSONL, on synthetic records, or on text pairs; used by
//! `bench/dedup-eval.sh`. No pipeline needed.
//!
//! ```text
//! dedup_jsonl run [--threads N] [--set 'key = value']... [--out decisions.jsonl] < in.jsonl
//! dedup_jsonl synthetic N [--threads N] [--set ...]
//! dedup_jsonl pairs [--set ...] < pairs.jsonl      ({"a": text, "b": text} per line)
//! ```
//! `run` reads stdin with ghirbal-io's reader and keeps `id`, `text` and `url` of each record,
//! observes on N threads, finishes, decides on N threads and prints one JSON line of figures
//! (times, docs/s, peak RSS, the summary, and `read_errors`: bad lines by reason, left out).
//! `--out` writes one line per record: `{"id", "verdict", "kept_id", "size"}`.
//! `synthetic` builds N records from a seed (10% exact copies, 10% one-word edits of an earlier
//! record), never holding their texts, and prints the same figures plus a hash of all
//! decisions, so runs with different budgets or threads can be compared, and what `finish`
//! takes: `finish_peak_rss_mib` (the process's peak while it ran, Linux) and
//! `finish_bytes_per_record` (that peak over the RSS at start, per record).
//! `pairs` prints, per pair, the shingle Jaccard and whether the two share an LSH band.

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

use ghirbal_core::{CorpusStage, Record, Verdict, stats, text};
use ghirbal_dedup::{Dedup, DedupConfig, DedupIndex, minhash};
use serde_json::{Value, json};

fn main() {
    if let Err(e) = run() {
        eprintln!("dedup_jsonl: {e}");
        std::process::exit(2);
    }
}

struct Args {
    mode: String,
    n: u64,
    threads: usize,
    overlay: String,
    out: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mode = it
        .next()
        .ok_or("usage: dedup_jsonl run|synthetic N|pairs [options]")?;
    let mut args = Args {
        mode,
        n: 0,
        threads: 1,
        overlay: String::new(),
        out: None,
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threads" => {
                args.threads = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--threads N")?
            }
            "--set" => {
                args.overlay
                    .push_str(&it.next().ok_or("--set 'key = value'")?);
                args.overlay.push('\n');
            }
            "--out" => args.out = Some(it.next().ok_or("--out FILE")?),
            n if args.mode == "synthetic" && args.n == 0 => {
                args.n = n.parse().map_err(|_| format!("bad count {n}"))?
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let config: DedupConfig = toml::from_str(&args.overlay).map_err(|e| e.to_string())?;
    let stage = Dedup::new(config).map_err(|e| e.to_string())?;
    match args.mode.as_str() {
        "run" => run_jsonl(&stage, &args),
        "synthetic" => run_synthetic(&stage, &args),
        "pairs" => run_pairs(&stage),
        m => Err(format!("unknown mode {m}")),
    }
}

/// Reads stdin through ghirbal-io's reader, as the pipeline reads a file: a bad line becomes an
/// `error:*` item, counted by reason and left out, and reading goes on. Of each record the stage
/// gets `id` (the reader's `stdin:<index>` when the line has none), `text` and `url`, as before.
fn read_records() -> (Vec<Record>, BTreeMap<String, u64>) {
    // `/dev/stdin` (Linux) lets the file reader take a redirect or a pipe without a copy.
    let input = ghirbal_io::Input {
        path: "/dev/stdin".into(),
        name: "stdin".to_owned(),
        relative: "stdin".to_owned(),
        size: 0,
    };
    let options = ghirbal_io::ReadOptions::default();
    let mut reader = ghirbal_io::open(&input, &options);
    let mut out = Vec::new();
    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    while let Some(item) = reader.next_item() {
        match item {
            Ok(rec) => {
                let mut r = Record::new(rec.id, rec.text);
                r.url = rec.url;
                r.position.ordinal = out.len() as u64;
                out.push(r);
            }
            Err(e) => *errors.entry(e.reason.to_string()).or_default() += 1,
        }
    }
    (out, errors)
}

/// Resident memory around `finish`, in bytes (`None` where unknown).
struct FinishMemory {
    /// Peak RSS of the process before `finish` (observing, merging).
    peak_before: Option<u64>,
    /// RSS just before `finish`.
    rss_before: Option<u64>,
    /// Peak RSS while `finish` ran (`None` where the peak could not be reset).
    peak_during: Option<u64>,
}

impl FinishMemory {
    /// Peak RSS of the whole process so far: the larger of the peaks before and since `finish`.
    fn peak(&self) -> Option<u64> {
        self.peak_before.max(stats::peak_rss_bytes())
    }
}

/// Resets the process's peak RSS (`VmHWM`) to its current RSS, so the next reading of the peak
/// covers only what follows (Linux: `5` written to `/proc/self/clear_refs`); false where it
/// cannot.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Observes `n` records made by `make(ordinal)` on `threads` threads (contiguous chunks), then
/// merges and finishes; also returns the memory taken around `finish`.
fn build_index<F: Fn(u64) -> Record + Sync>(
    stage: &Dedup,
    n: u64,
    threads: usize,
    make: &F,
) -> (DedupIndex, FinishMemory) {
    let threads = threads.max(1) as u64;
    let parts: Vec<DedupIndex> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut part = DedupIndex::default();
                    let (lo, hi) = (n * t / threads, n * (t + 1) / threads);
                    for o in lo..hi {
                        stage.observe(&make(o), &mut part);
                    }
                    part
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("observer thread"))
            .collect()
    });
    let mut merged = DedupIndex::default();
    for p in parts {
        merged = stage.merge(merged, p);
    }
    let peak_before = stats::peak_rss_bytes();
    let rss_before = stats::current_rss_bytes();
    let reset = reset_peak_rss();
    let index = stage.finish(merged);
    let memory = FinishMemory {
        peak_before,
        rss_before,
        peak_during: stats::peak_rss_bytes().filter(|_| reset),
    };
    (index, memory)
}

/// One record's decision: verdict (`keep` or the reason), kept id, cluster size.
type Decision = (String, Option<String>, u64);

fn decide_one(stage: &Dedup, index: &DedupIndex, mut r: Record) -> Decision {
    match stage.decide(&mut r, index) {
        Verdict::Keep => ("keep".to_string(), None, r.dup_cluster_size),
        Verdict::Reject(rej) => (
            rej.reason.to_string(),
            rej.detail["kept_id"].as_str().map(str::to_owned),
            r.dup_cluster_size,
        ),
    }
}

/// A hash of one record's decision, tied to its ordinal.
fn decision_hash(o: u64, d: &Decision) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&o.to_le_bytes());
    h.update(d.0.as_bytes());
    h.update(d.1.as_deref().unwrap_or("-").as_bytes());
    h.update(&d.2.to_le_bytes());
    h.digest128()
}

/// Decides every record on `threads` threads; returns the decisions in input order when
/// `keep` is set, and always the wrapping sum of their hashes (same for any thread count).
fn decide_all<F: Fn(u64) -> Record + Sync>(
    stage: &Dedup,
    index: &DedupIndex,
    n: u64,
    threads: usize,
    make: &F,
    keep: bool,
) -> (Vec<Decision>, u128) {
    let threads = threads.max(1) as u64;
    let parts: Vec<(Vec<Decision>, u128)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let (lo, hi) = (n * t / threads, n * (t + 1) / threads);
                    let mut kept = Vec::new();
                    let mut sum = 0u128;
                    for o in lo..hi {
                        let d = decide_one(stage, index, make(o));
                        sum = sum.wrapping_add(decision_hash(o, &d));
                        if keep {
                            kept.push(d);
                        }
                    }
                    (kept, sum)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("decider thread"))
            .collect()
    });
    let sum = parts.iter().fold(0u128, |a, p| a.wrapping_add(p.1));
    (parts.into_iter().flat_map(|p| p.0).collect(), sum)
}

fn run_jsonl(stage: &Dedup, args: &Args) -> Result<(), String> {
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let (records, read_errors) = read_records();
    let t_read = t0.elapsed().as_secs_f64();
    let n = records.len() as u64;
    let make = |o: u64| records[o as usize].clone();
    let t1 = Instant::now();
    let (index, memory) = build_index(stage, n, args.threads, &make);
    let t_index = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let (decisions, digest) = decide_all(stage, &index, n, args.threads, &make, true);
    let t_decide = t2.elapsed().as_secs_f64();
    let total = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    if let Some(path) = &args.out {
        let f = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
        let mut w = BufWriter::new(f);
        for (r, (verdict, kept, size)) in records.iter().zip(&decisions) {
            let line = json!({"id": r.id, "verdict": verdict, "kept_id": kept, "size": size});
            writeln!(w, "{line}").map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
    }
    let mut figures = figures(
        &index,
        n,
        args.threads,
        memory.peak(),
        &[
            ("read_s", t_read),
            ("observe_finish_s", t_index),
            ("decide_s", t_decide),
            ("total_s", total),
            ("cpu_s", cpu),
        ],
        digest,
    );
    figures["read_errors"] = json!(read_errors);
    println!("{figures}");
    Ok(())
}

/// A deterministic synthetic record: 40–80 words from a 50,000-word vocabulary; 10% exact
/// copies and 10% one-word edits of an earlier record; ids `syn-<ordinal>`.
fn synthetic(o: u64) -> Record {
    let mix = |x: u64| xxhash_rust::xxh3::xxh3_64(&x.to_le_bytes());
    let roll = mix(o) % 10;
    let (base, edit) = match roll {
        0 if o > 0 => (mix(o ^ 0xABCD) % o, false),
        1 if o > 0 => (mix(o ^ 0xABCD) % o, true),
        _ => (o, false),
    };
    // A copy of a copy resolves to the original text.
    let base = if base != o { synthetic_root(base) } else { o };
    let len = 40 + mix(base ^ 0x77) % 41;
    let mut words: Vec<String> = (0..len)
        .map(|i| format!("w{}", mix(base.wrapping_mul(131) + i) % 50_000))
        .collect();
    if edit {
        let at = (mix(o ^ 0x55) % len) as usize;
        words[at] = format!("x{}", o);
    }
    let mut r = Record::new(format!("syn-{o}"), words.join(" "));
    r.position.ordinal = o;
    r
}

fn synthetic_root(mut o: u64) -> u64 {
    let mix = |x: u64| xxhash_rust::xxh3::xxh3_64(&x.to_le_bytes());
    loop {
        let roll = mix(o) % 10;
        if o == 0 || roll > 1 {
            return o;
        }
        o = mix(o ^ 0xABCD) % o;
    }
}

fn run_synthetic(stage: &Dedup, args: &Args) -> Result<(), String> {
    let rss_at_start = stats::current_rss_bytes();
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    let (index, memory) = build_index(stage, args.n, args.threads, &synthetic);
    let t_index = t0.elapsed().as_secs_f64();
    let rss_after_finish = stats::current_rss_bytes();
    let t1 = Instant::now();
    let (_, digest) = decide_all(stage, &index, args.n, args.threads, &synthetic, false);
    let t_decide = t1.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu0;
    let mut figures = figures(
        &index,
        args.n,
        args.threads,
        memory.peak(),
        &[
            ("observe_finish_s", t_index),
            ("decide_s", t_decide),
            ("cpu_s", cpu),
            ("rss_after_finish_mib", mib(rss_after_finish)),
        ],
        digest,
    );
    // What `finish` takes: its peak over the process's RSS before any record was made.
    figures["rss_at_start_mib"] = json!(mib(rss_at_start));
    figures["rss_before_finish_mib"] = json!(mib(memory.rss_before));
    if let Some(peak) = memory.peak_during {
        figures["finish_peak_rss_mib"] = json!(mib(Some(peak)));
        let own = peak.saturating_sub(rss_at_start.unwrap_or(0));
        figures["finish_bytes_per_record"] = json!(own as f64 / args.n.max(1) as f64);
    }
    println!("{figures}");
    Ok(())
}

/// The JSON line of figures a run prints.
fn figures(
    index: &DedupIndex,
    n: u64,
    threads: usize,
    peak_rss: Option<u64>,
    times: &[(&str, f64)],
    digest: u128,
) -> Value {
    let s = index.summary().cloned().unwrap_or_default();
    let mut out = json!({
        "records": n,
        "threads": threads,
        "peak_rss_mib": mib(peak_rss),
        "index_bytes": s.index_bytes,
        "index_bytes_per_record": s.index_bytes as f64 / n.max(1) as f64,
        "decisions_xxh3": format!("{digest:032x}"),
        "summary": {
            "observed": s.observed, "blank": s.blank, "short": s.short, "no_url": s.no_url,
            "clusters": s.clusters, "exact": s.exact, "url": s.url, "near": s.near,
            "spilled_runs": s.spilled_runs, "spilled_bytes": s.spilled_bytes, "io_errors": s.io_errors,
        },
    });
    for (k, v) in times {
        out[*k] = json!((v * 1000.0).round() / 1000.0);
    }
    if let Some(cpu) = times.iter().find(|(k, _)| *k == "cpu_s") {
        out["docs_per_cpu_s"] = json!((n as f64 / cpu.1).round());
    }
    out
}

/// Reads `{"a", "b"}` lines by hand: a pair line has no `text`, so ghirbal-io's reader would
/// turn every one into `error:no_text`. A line that is not JSON ends the run with its number.
fn run_pairs(stage: &Dedup) -> Result<(), String> {
    let h = stage.hasher();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| e.to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", i + 1))?;
        let a = text::matching(v["a"].as_str().unwrap_or(""));
        let b = text::matching(v["b"].as_str().unwrap_or(""));
        let (sa, sb) = (h.shingles(&a), h.shingles(&b));
        let j = minhash::jaccard(&sa, &sb);
        // Band keys from the shingles above, not `keys_of` (which would tokenise again).
        let keys = |s: &[u64]| {
            h.signature(s)
                .map_or_else(Vec::new, |sig| h.band_keys(&sig))
        };
        let (ka, kb) = (keys(&sa), keys(&sb));
        let detected = !ka.is_empty() && ka.iter().zip(&kb).any(|(x, y)| x == y);
        writeln!(w, "{}", json!({"jaccard": j, "detected": detected}))
            .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// Bytes to MiB; an unknown figure (not Linux) is 0, as before.
fn mib(bytes: Option<u64>) -> f64 {
    bytes.unwrap_or(0) as f64 / (1 << 20) as f64
}

/// User + system CPU seconds of this process so far; 0 where unknown, as before.
fn cpu_seconds() -> f64 {
    ghirbal_core::stats::cpu_seconds().unwrap_or(0.0)
}
