//! CPU time of `Clean::apply` on a JSONL corpus (stdin), for `bench/clean-speed.sh`: the
//! records are read into memory first, then cleaned on this thread, and the thread's CPU time
//! (`/proc/thread-self/schedstat`, time on a CPU, in ns) is read before and after, so time
//! spent waiting for a core on a busy machine does not count. Prints
//! "clean cpu: N records in S s = R records per CPU-s". Titles are given from `title`, as
//! `eval_site` does.
//!
//! Usage: `zstd -dc saudinewsnet.jsonl.zst | bench_clean_cpu [ROUNDS]` (default 3 rounds over
//! the same records; the best round is printed).

use std::io::BufRead;

use ghirbal_clean::{Clean, CleanConfig};
use ghirbal_core::{Record, RecordStage};
use serde_json::Value;

/// This thread's time on a CPU so far, in seconds; `None` where `/proc` does not tell.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let clean = Clean::new(&CleanConfig::default()).expect("default config builds");
    let mut records = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let mut rec = Record::new(field("id"), field("text"));
        let title = field("title");
        rec.title = (!title.trim().is_empty()).then_some(title);
        records.push(rec);
    }
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let batch = records.clone();
        let t0 = thread_cpu_seconds().expect("/proc/thread-self/schedstat");
        for mut rec in batch {
            let _ = std::hint::black_box(clean.apply(&mut rec));
        }
        let t = thread_cpu_seconds().expect("/proc/thread-self/schedstat") - t0;
        best = best.min(t);
    }
    println!(
        "clean cpu: {} records in {best:.3} s = {:.0} records per CPU-s",
        records.len(),
        records.len() as f64 / best
    );
}
