//! Runs `clean` and then the site-boilerplate corpus stage on SaudiNewsNet (JSONL on stdin)
//! and prints what the corpus stage removed, per source, for inspection.
//!
//! Records are grouped by their `source` field (the newspaper), as issue 3 asks: the `url`
//! is moved to `metadata` so that the stage's fallback grouping (`source`) applies. `title`
//! is given to `clean` as the record's title, as the JSONL reader would. Prints, per source:
//! pages, pages that lost lines, lines removed, the most frequent removed lines; then a
//! deterministic sample of removed lines (every k-th) and the longest removed lines, where
//! article prose would show if the stage took any; then records/s per core of each stage.
//!
//! Usage: `zstd -dc saudinewsnet.jsonl.zst | cargo run --release -p ghirbal-clean --example
//! eval_site [-- --sample N]`.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::time::Instant;

use ghirbal_clean::{Clean, CleanConfig, Pii, PiiConfig, SiteBoilerplate, SiteConfig, SiteIndex};
use ghirbal_core::{CorpusStage, Record, RecordStage, Verdict};
use serde_json::Value;

#[derive(Default)]
struct Source {
    pages: u64,
    kept_after_clean: u64,
    pages_touched: u64,
    lines_removed: u64,
    rejected: u64,
    lines: BTreeMap<String, u64>,
    /// Lines removed by a template key (digits, head or tail), not their own: `[key] line`
    /// → pages.
    template: BTreeMap<String, u64>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sample = args
        .iter()
        .position(|a| a == "--sample")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(40usize);
    let config = CleanConfig {
        explain: true,
        ..CleanConfig::default()
    };
    let clean = Clean::new(&config).expect("default config builds");
    let site = SiteBoilerplate::new(&config.site, true).expect("default site config builds");

    let mut records = Vec::new();
    let mut per_source: BTreeMap<String, Source> = BTreeMap::new();
    let (mut clean_seconds, mut read) = (0.0f64, 0u64);
    let mut clean_rejects: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_reason: BTreeMap<String, (u64, Vec<String>)> = BTreeMap::new();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let mut rec = Record::new(field("id"), field("text"));
        let title = field("title");
        rec.title = (!title.trim().is_empty()).then_some(title);
        rec.source = Some(field("source"));
        rec.metadata
            .insert("url".into(), Value::String(field("url")));
        read += 1;
        let t0 = Instant::now();
        let verdict = clean.apply(&mut rec);
        clean_seconds += t0.elapsed().as_secs_f64();
        let s = per_source.entry(field("source")).or_default();
        s.pages += 1;
        match verdict {
            Verdict::Keep => {
                s.kept_after_clean += 1;
                if let Some(Value::Array(list)) = rec.metadata.remove("removed") {
                    for e in list {
                        let reason = e["reason"].as_str().unwrap_or("").to_owned();
                        let line = e["line"].as_str().unwrap_or("").to_owned();
                        let slot = by_reason.entry(reason).or_insert((0, Vec::new()));
                        slot.0 += 1;
                        slot.1.push(format!(
                            "[{}] {}",
                            field("source"),
                            line.chars().take(110).collect::<String>()
                        ));
                    }
                }
                records.push(rec);
            }
            Verdict::Reject(r) => *clean_rejects.entry(r.reason.to_string()).or_default() += 1,
        }
    }

    // The same records through a tiny budget and four parts, as four threads would fill
    // them, to check that spilling changes nothing.
    let mut spilled_records = records.clone();

    let t0 = Instant::now();
    let mut index = SiteIndex::default();
    for rec in &records {
        site.observe(rec, &mut index);
    }
    let observed_seconds = t0.elapsed().as_secs_f64();
    let observing_bytes = index.heap_bytes();
    let t1 = Instant::now();
    let index = site.finish(index);
    let finish_seconds = t1.elapsed().as_secs_f64();
    let mut samples = Vec::new();
    let mut long = Vec::new();
    for rec in &mut records {
        let verdict = site.decide(rec, &index);
        let source = rec.source.clone().unwrap_or_default();
        let s = per_source.entry(source.clone()).or_default();
        if verdict != Verdict::Keep {
            s.rejected += 1;
        }
        let removed: Vec<(String, Option<String>)> = rec
            .metadata
            .get("removed")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|e| {
                        let key = e["figures"]["key"].as_str().filter(|k| *k != "line");
                        e["line"]
                            .as_str()
                            .map(|l| (l.to_owned(), key.map(str::to_owned)))
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !removed.is_empty() {
            s.pages_touched += 1;
        }
        for (line, template) in removed {
            if let Some(key) = template {
                *s.template.entry(format!("[{key}] {line}")).or_default() += 1;
            }
            s.lines_removed += 1;
            let words = line.split_whitespace().count();
            if words >= 15 {
                long.push((words, source.clone(), line.clone()));
            }
            samples.push((source.clone(), line.clone()));
            *s.lines.entry(line).or_default() += 1;
        }
    }
    let site_seconds = t0.elapsed().as_secs_f64();
    let memory = memory_report(&records, &mut spilled_records, &index, observing_bytes);

    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "SaudiNewsNet site boilerplate, grouped by source");
    let _ = writeln!(
        out,
        "clean rejects before the corpus stage: {clean_rejects:?}"
    );
    let _ = writeln!(
        out,
        "lines the record stage removed, by reason (titles given, so `title_repeat`):"
    );
    for (reason, (n, lines)) in &by_reason {
        let _ = writeln!(out, "  {reason}: {n}");
        if reason != "title_repeat" {
            let step = (lines.len() / 12).max(1);
            let all = std::env::var("EVAL_ALL").is_ok_and(|r| &r == reason);
            for l in lines
                .iter()
                .step_by(if all { 1 } else { step })
                .take(if all { usize::MAX } else { 12 })
            {
                let _ = writeln!(out, "      {l}");
            }
        }
    }
    let _ = writeln!(out, "\nthe corpus stage:");
    let _ = writeln!(
        out,
        "{:<14} {:>6} {:>8} {:>9} {:>9} {:>8} {:>8}",
        "source", "pages", "kept", "touched", "lines", "distinct", "rejected"
    );
    for (source, s) in &per_source {
        let _ = writeln!(
            out,
            "{source:<14} {:>6} {:>8} {:>9} {:>9} {:>8} {:>8}",
            s.pages,
            s.kept_after_clean,
            s.pages_touched,
            s.lines_removed,
            s.lines.len(),
            s.rejected
        );
    }
    let _ = writeln!(
        out,
        "\ntop removed lines per source (pages, first 90 chars):"
    );
    for (source, s) in &per_source {
        let mut top: Vec<(&String, &u64)> = s.lines.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(out, "  {source}:");
        for (line, n) in top.into_iter().take(8) {
            let short: String = line.chars().take(90).collect();
            let _ = writeln!(out, "    {n:>5}  {short}");
        }
    }
    let _ = writeln!(
        out,
        "\nlines removed by a template key only (digits as one slot, head or tail words; pages, first 100 chars):"
    );
    for (source, s) in &per_source {
        let pages: u64 = s.template.values().sum();
        let _ = writeln!(
            out,
            "  {source}: {pages} lines, {} distinct",
            s.template.len()
        );
        let mut top: Vec<(&String, &u64)> = s.template.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (line, n) in top
            .into_iter()
            .take(if std::env::var_os("EVAL_TEMPLATE_ALL").is_some() {
                usize::MAX
            } else {
                TEMPLATE_TOP
            })
        {
            let short: String = line.chars().take(100).collect();
            let _ = writeln!(out, "    {n:>5}  {short}");
        }
    }
    let step = (samples.len() / sample.max(1)).max(1);
    let _ = writeln!(
        out,
        "\nsample of removed lines (every {step}th of {}):",
        samples.len()
    );
    for (source, line) in samples.iter().step_by(step).take(sample) {
        let short: String = line.chars().take(110).collect();
        let _ = writeln!(out, "  [{source}] {short}");
    }
    long.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    long.dedup_by(|a, b| a.2 == b.2);
    let _ = writeln!(
        out,
        "\nlongest removed lines (15+ words; {} distinct):",
        long.len()
    );
    for (words, source, line) in long.iter().take(15) {
        let short: String = line.chars().take(140).collect();
        let _ = writeln!(out, "  {words:>3}w [{source}] {short}");
    }
    let _ = writeln!(out, "\n{memory}");
    let _ = writeln!(
        out,
        "site stage time: observe {observed_seconds:.2} s, finish {finish_seconds:.2} s"
    );
    pii_report(&mut out, &records);
    let _ = writeln!(
        out,
        "\nthroughput on one thread: clean {:.0} records/s ({read} records, {clean_seconds:.2} s); site observe+decide {:.0} records/s ({} records, {site_seconds:.2} s)",
        read as f64 / clean_seconds.max(1e-9),
        records.len() as f64 / site_seconds.max(1e-9),
        records.len()
    );
}

/// Lines removed by a template key listed per source (`EVAL_TEMPLATE_ALL=1`: all).
const TEMPLATE_TOP: usize = 25;

/// Budget of the spilling run: small enough that SaudiNewsNet's pairs go through many runs.
const TINY_BUDGET: u64 = 256 << 10;
/// Parts of the spilling run, filled round-robin as worker threads would fill them.
const PARTS: usize = 4;

/// The site index's memory on `decided` (already decided with the default budget, one
/// part): bytes per record while observing and once finished; then `fresh` (the same
/// records before the corpus stage) through a [`TINY_BUDGET`] in [`PARTS`] parts, and
/// whether every record comes out the same.
fn memory_report(
    decided: &[Record],
    fresh: &mut [Record],
    index: &SiteIndex,
    observing_bytes: usize,
) -> String {
    let s = index.summary();
    let n = fresh.len().max(1) as f64;
    let mut lines = vec![format!(
        "site index, default memory_budget ({} MiB), one part: {} pages, {} (site, line) pairs ({:.1} per page, page counts included); while observing {} bytes on the heap = {:.0} bytes/record ({:.0} bytes/record of pairs, 16 each; the rest is vector spare capacity); finished: {} boilerplate lines on {} sites in about {} bytes; spilled runs {}",
        ghirbal_clean::DEFAULT_SITE_MEMORY_BUDGET >> 20,
        s.pages,
        s.pairs,
        s.pairs as f64 / s.pages.max(1) as f64,
        observing_bytes,
        observing_bytes as f64 / n,
        16.0 * s.pairs as f64 / n,
        s.lines,
        s.sites,
        index.heap_bytes(),
        s.spilled_runs,
    )];
    let config = SiteConfig {
        memory_budget: TINY_BUDGET,
        ..SiteConfig::default()
    };
    let tiny = SiteBoilerplate::new(&config, true).expect("tiny site config builds");
    let mut parts: Vec<SiteIndex> = (0..PARTS).map(|_| SiteIndex::default()).collect();
    for (i, rec) in fresh.iter().enumerate() {
        tiny.observe(rec, &mut parts[i % PARTS]);
    }
    let merged = parts
        .into_iter()
        .fold(SiteIndex::default(), |a, b| tiny.merge(a, b));
    let spilled = tiny.finish(merged);
    for rec in fresh.iter_mut() {
        // The verdict shows in the record: a rejected one has lost its text.
        let _ = tiny.decide(rec, &spilled);
    }
    let same = fresh == decided;
    let t = spilled.summary();
    lines.push(format!(
        "site index, memory_budget {} KiB, {PARTS} parts: {} runs spilled ({} bytes on disk), {} I/O errors, {} boilerplate lines on {} sites; every record the same as with the default budget: {}",
        TINY_BUDGET >> 10,
        t.spilled_runs,
        t.spilled_bytes,
        t.io_errors,
        t.lines,
        t.sites,
        if same { "yes" } else { "NO" }
    ));
    lines.join("\n")
}

/// Runs `pii` over the cleaned texts: counts per kind, a sample of what was masked (from
/// records where one kind masked exactly one item, so the original is easy to show), and
/// records/s for all kinds and for e-mail + IP only (what datatrove's PIIFormatter does).
fn pii_report(out: &mut impl Write, records: &[Record]) {
    let all = Pii::new(&PiiConfig::default());
    let t0 = Instant::now();
    let mut totals = [0u64; 4];
    for rec in records {
        let (_, m) = all.mask(&rec.text);
        for (t, n) in totals.iter_mut().zip([m.email, m.phone, m.ip, m.iban]) {
            *t += n;
        }
    }
    let all_seconds = t0.elapsed().as_secs_f64();
    let email_ip = Pii::new(&PiiConfig {
        phone: false,
        iban: false,
        ..PiiConfig::default()
    });
    let t0 = Instant::now();
    let mut email_ip_count = 0u64;
    for rec in records {
        let (_, m) = email_ip.mask(&rec.text);
        email_ip_count += m.email + m.ip;
    }
    let email_ip_seconds = t0.elapsed().as_secs_f64();
    let _ = writeln!(
        out,
        "\npii on the cleaned texts: email {}, phone {}, ip {}, iban {}",
        totals[0], totals[1], totals[2], totals[3]
    );
    let kinds = [
        ("email", "<EMAIL>"),
        ("phone", "<PHONE>"),
        ("ip", "<IP>"),
        ("iban", "<IBAN>"),
    ];
    for (kind, placeholder) in kinds {
        let only = Pii::new(&PiiConfig {
            email: kind == "email",
            phone: kind == "phone",
            ip: kind == "ip",
            iban: kind == "iban",
        });
        let _ = writeln!(
            out,
            "  sample of masked {kind} (context, masked item in [[ ]]):"
        );
        let mut shown = 0;
        for rec in records {
            let (masked, m) = only.mask(&rec.text);
            if m.email + m.phone + m.ip + m.iban != 1 {
                continue;
            }
            let Some(at) = masked.find(placeholder) else {
                continue;
            };
            let after = masked.len() - at - placeholder.len();
            let item = &rec.text[at..rec.text.len() - after];
            let before: String = rec.text[..at]
                .chars()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let rest: String = rec.text[rec.text.len() - after..]
                .chars()
                .take(30)
                .collect();
            let _ = writeln!(
                out,
                "    {}[[{item}]]{}",
                before.replace('\n', " "),
                rest.replace('\n', " ")
            );
            shown += 1;
            if shown == 12 {
                break;
            }
        }
    }
    let _ = writeln!(
        out,
        "pii throughput on one thread: all kinds {:.0} records/s; email+ip only {:.0} records/s ({email_ip_count} masked)",
        records.len() as f64 / all_seconds.max(1e-9),
        records.len() as f64 / email_ip_seconds.max(1e-9)
    );
}
