//! Reads a JSONL file (`id`, `text`, optional `lang`) with ghirbal-io's reader, runs the `filter` stage of a preset on
//! every document and writes one TSV line per document: id, keep (1/0), reason, figures (JSON).
//! Prints the filter's own throughput (documents per CPU-second, filter time only) to stdout.
//!
//! usage: cargo run --release -p ghirbal-filter --example filter_decisions -- PRESET IN.jsonl OUT.tsv [REPEAT] [OVERLAY]
//!
//! `OVERLAY` is TOML merged over the preset, e.g. `'[filter]
//! gopher_repetition = false'` (what `bench/filter/keep_frontier.py` needs to tell a
//! repetition drop from a document that other rules drop too). Lines the reader cannot take
//! are counted by reason on stderr and get no TSV line.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::time::Instant;

use ghirbal_core::Config;

struct Doc {
    id: String,
    text: String,
    lang: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [preset, input, output, rest @ ..] = args.as_slice() else {
        return Err("usage: filter_decisions PRESET IN.jsonl OUT.tsv [REPEAT] [OVERLAY]".into());
    };
    let repeat: usize = rest
        .first()
        .map(|r| r.parse())
        .transpose()?
        .unwrap_or(1)
        .max(1);
    let config = match rest.get(1) {
        Some(overlay) => Config::with_overlay(preset, overlay)?,
        None => Config::preset(preset)?,
    };
    let filter = ghirbal_filter::build(&config)?;

    let mut docs = Vec::new();
    let mut left_out: BTreeMap<String, u64> = BTreeMap::new();
    let mut reader = ghirbal_io::open(
        &ghirbal_io::Input::file(input),
        &ghirbal_io::ReadOptions::default(),
    );
    while let Some(item) = reader.next_item() {
        match item {
            Ok(rec) => docs.push(Doc {
                lang: rec
                    .metadata
                    .get("lang")
                    .and_then(|l| l.as_str())
                    .map(str::to_owned),
                id: rec.id,
                text: rec.text,
            }),
            Err(e) => *left_out.entry(e.reason.to_string()).or_default() += 1,
        }
    }
    for (reason, n) in &left_out {
        eprintln!("left out: {n} {reason}");
    }

    let mut decisions = Vec::with_capacity(docs.len());
    let cpu0 = ghirbal_core::stats::cpu_seconds();
    let wall0 = Instant::now();
    for round in 0..repeat {
        for d in &docs {
            let decision = filter.decide(&d.text, d.lang.as_deref());
            if round == 0 {
                decisions.push(decision);
            }
        }
    }
    let wall = wall0.elapsed().as_secs_f64();
    let cpu = ghirbal_core::stats::cpu_seconds()
        .map(|c| c - cpu0.unwrap_or(0.0))
        .filter(|c| *c > 0.0)
        .unwrap_or(wall);
    let n = (docs.len() * repeat) as f64;
    println!(
        "ghirbal\tpreset={preset}\tdocs={}\trepeat={repeat}\tcpu_s={cpu:.3}\twall_s={wall:.3}\tdocs_per_cpu_s={:.1}",
        docs.len(),
        n / cpu
    );

    let mut out = BufWriter::new(std::fs::File::create(output)?);
    for (d, decision) in docs.iter().zip(&decisions) {
        let (keep, reason) = match &decision.reject {
            None => ("1", String::new()),
            Some(r) => ("0", r.reason.to_string()),
        };
        let figures: serde_json::Map<String, serde_json::Value> = decision
            .figures
            .iter()
            .map(|(k, v)| {
                (
                    k.trim_start_matches("filter.").to_owned(),
                    serde_json::json!(v),
                )
            })
            .collect();
        writeln!(
            out,
            "{}\t{keep}\t{reason}\t{}",
            d.id,
            serde_json::Value::Object(figures)
        )?;
    }
    out.flush()?;
    Ok(())
}
