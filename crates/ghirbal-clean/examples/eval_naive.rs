//! The real-page evaluation of `clean` (issue 17): pages turned into text by the bench's naive
//! extractor (`bench/clean/naive.py`: every visible text block, one per line), then cleaned,
//! scored against each set's ground truth with the scorer `bench/extract-eval.sh` uses
//! (`ghirbal-extract/examples/eval/score.rs`, included here, not copied).
//!
//! Reads the extractor's JSONL on stdin; prints, per set and per half, the score of:
//! - `naive`: the naive text as it is;
//! - `largest block`: the largest block of long lines (at least [`LONG_LINE_WORDS`] words,
//!   at most [`BLOCK_GAP`] shorter lines between two), by words: the floor the issue names;
//! - `clean`: the `text` of the `clean` stage (default settings, no title given).
//!
//! Scrapinghub: macro precision, recall and F1 over 4-gram shingles, and exact token-sequence
//! accuracy, as its README states. trafilatura-eval: micro precision, recall and F1 of the
//! `with`/`without` snippets found in the text, as its README states. Title: `clean`'s `title`
//! equal (whitespace folded) to the page's `og:title`; over the pages that have one, and over
//! those whose `og:title` is itself a line of the naive text (a headline `clean` can see).
//!
//! Halves: a page is in the `dev` half when the xxh3 of its id is even, else `held`. Rules were
//! developed looking at `dev` pages only; `held` is the check that they were not fitted to them.
//!
//! Usage: `eval_naive [--pages FILE]` reads JSONL on stdin; `--pages FILE` writes one JSON line
//! per page (id, half, F1 naive/clean, title) for reading the misses.

#[path = "../../ghirbal-extract/examples/eval/score.rs"]
mod score;

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use ghirbal_clean::{Clean, CleanConfig};
use ghirbal_core::{Record, RecordStage, Verdict};
use serde_json::{Value, json};

/// Words of a "long line" in the largest-block baseline.
const LONG_LINE_WORDS: usize = 10;
/// Shorter lines the largest-block baseline bridges between two long lines.
const BLOCK_GAP: usize = 3;

/// One page as the naive extractor wrote it.
struct Page {
    set: String,
    id: String,
    half: &'static str,
    naive: String,
    title_truth: Option<String>,
    truth: Truth,
}

enum Truth {
    Body(String),
    Snippets(Vec<String>, Vec<String>),
}

/// What one system gave for a page.
#[derive(Default, Clone)]
struct Out {
    text: String,
    title: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let pages_out = args
        .iter()
        .position(|a| a == "--pages")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let clean = Clean::new(&CleanConfig {
        explain: dump.is_some(),
        ..CleanConfig::default()
    })
    .expect("default config builds");
    let stdin = std::io::stdin();
    let mut pages = Vec::new();
    for line in stdin.lock().lines() {
        let line = line.expect("stdin reads");
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).expect("naive.py writes JSON lines");
        let s = |k: &str| v[k].as_str().unwrap_or("").to_owned();
        let list = |k: &str| {
            v[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let id = s("id");
        let truth = if v.get("truth").is_some() {
            Truth::Body(s("truth"))
        } else {
            Truth::Snippets(list("with"), list("without"))
        };
        pages.push(Page {
            set: s("set"),
            half: if xxhash_rust::xxh3::xxh3_64(id.as_bytes()).is_multiple_of(2) {
                "dev"
            } else {
                "held"
            },
            id,
            naive: s("text"),
            title_truth: v["title_truth"].as_str().map(fold),
            truth,
        });
    }

    let mut outs: Vec<[Out; 3]> = Vec::with_capacity(pages.len());
    let started = std::time::Instant::now();
    for p in &pages {
        let mut rec = Record::new(p.id.clone(), p.naive.clone());
        let cleaned = match clean.apply(&mut rec) {
            Verdict::Keep => Out {
                text: rec.text.clone(),
                title: rec.title.clone(),
            },
            Verdict::Reject(_) => Out::default(),
        };
        if dump.as_deref() == Some(p.id.as_str()) {
            dump_page(p, &rec);
        }
        outs.push([
            Out {
                text: p.naive.clone(),
                title: None,
            },
            Out {
                text: largest_block(&p.naive),
                title: None,
            },
            cleaned,
        ]);
    }
    let secs = started.elapsed().as_secs_f64();

    let mut sets: Vec<&str> = pages.iter().map(|p| p.set.as_str()).collect();
    sets.sort_unstable();
    sets.dedup();
    println!("pages: {}; clean took {secs:.2} s", pages.len());
    for set in sets {
        for half in ["dev", "held", "all"] {
            let idx: Vec<usize> = (0..pages.len())
                .filter(|&i| pages[i].set == set && (half == "all" || pages[i].half == half))
                .collect();
            if idx.is_empty() {
                continue;
            }
            println!("\n{set}, {half} half ({} pages)", idx.len());
            println!(
                "  {:<14} {:>9} {:>9} {:>9} {:>9}",
                "system", "precision", "recall", "F1", "accuracy"
            );
            for (k, name) in ["naive", "largest block", "clean"].iter().enumerate() {
                let (p, r, f1, acc) = score_set(&pages, &outs, &idx, k);
                println!("  {name:<14} {p:>9.3} {r:>9.3} {f1:>9.3} {acc:>9}");
            }
            let with_truth: Vec<usize> = idx
                .iter()
                .copied()
                .filter(|&i| pages[i].title_truth.is_some())
                .collect();
            let visible: Vec<usize> = with_truth
                .iter()
                .copied()
                .filter(|&i| {
                    let t = pages[i].title_truth.as_deref().unwrap_or("");
                    pages[i].naive.lines().any(|l| fold(l) == t)
                })
                .collect();
            let exact = |ix: &[usize]| {
                ix.iter()
                    .filter(|&&i| {
                        outs[i][2].title.as_deref().map(fold).as_deref()
                            == pages[i].title_truth.as_deref()
                    })
                    .count()
            };
            println!(
                "  title exact: {}/{} pages with og:title ({:.1} %); {}/{} where it is a line of the naive text ({:.1} %)",
                exact(&with_truth),
                with_truth.len(),
                pct(exact(&with_truth), with_truth.len()),
                exact(&visible),
                visible.len(),
                pct(exact(&visible), visible.len()),
            );
        }
    }

    if let Some(path) = pages_out {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("--pages file"));
        for (i, p) in pages.iter().enumerate() {
            let f1 = |k: usize| match &p.truth {
                Truth::Body(t) => {
                    let (tp, fp, fnn) = score::shingle_counts(t, &outs[i][k].text);
                    if tp + fp + fnn == 0.0 {
                        1.0
                    } else {
                        2.0 * tp / (2.0 * tp + fp + fnn)
                    }
                }
                Truth::Snippets(w, wo) => {
                    let (tp, fnn, fp, _) = score::snippets(&outs[i][k].text, w, wo);
                    if tp + fp + fnn == 0 {
                        1.0
                    } else {
                        2.0 * tp as f64 / (2 * tp + fp + fnn) as f64
                    }
                }
            };
            let row = json!({
                "set": p.set, "id": p.id, "half": p.half,
                "f1_naive": f1(0), "f1_block": f1(1), "f1_clean": f1(2),
                "title": outs[i][2].title, "title_truth": p.title_truth,
            });
            writeln!(f, "{row}").expect("--pages writes");
        }
    }
}

/// Prints, for `--dump ID`, each line of the naive text: kept (`+`) or the removal's reason,
/// rule and figures, and whether the line's tokens are in the truth (`T`).
fn dump_page(p: &Page, rec: &Record) {
    let removed: Vec<&Value> = rec
        .metadata
        .get("removed")
        .and_then(Value::as_array)
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    let truth = match &p.truth {
        Truth::Body(t) => score::tokens(t).join(" "),
        Truth::Snippets(w, _) => w
            .iter()
            .map(|s| score::tokens(s).join(" "))
            .collect::<Vec<_>>()
            .join(" | "),
    };
    eprintln!(
        "title: {:?} (truth {:?}), date: {:?}",
        rec.title, p.title_truth, rec.date
    );
    // Removals name their line by its number in the text clean was given (`at`).
    let by_line: BTreeMap<u64, &Value> = removed
        .iter()
        .filter_map(|e| e["at"].as_u64().map(|n| (n, *e)))
        .collect();
    let input = rec
        .metadata
        .get(ghirbal_core::EXPLAIN_INPUT)
        .and_then(Value::as_str)
        .unwrap_or(p.naive.as_str());
    for (n, line) in input.split('\n').enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let toks = score::tokens(l).join(" ");
        let t = if !toks.is_empty() && truth.contains(&toks) {
            "T"
        } else {
            " "
        };
        let status = match by_line.get(&(n as u64)) {
            Some(e) => {
                format!(
                    "- {} {} {}",
                    e["reason"].as_str().unwrap_or(""),
                    e["rule"].as_str().unwrap_or(""),
                    e["figures"]
                )
            }
            None => "+".to_owned(),
        };
        let short: String = l.chars().take(100).collect();
        eprintln!(
            "{t} {:>3} {status:<60} {short}",
            l.split_whitespace().count()
        );
    }
}

/// Scores system `k` on pages `idx`: (precision, recall, F1, accuracy as text).
fn score_set(
    pages: &[Page],
    outs: &[[Out; 3]],
    idx: &[usize],
    k: usize,
) -> (f64, f64, f64, String) {
    let bodies: Vec<(String, String)> = idx
        .iter()
        .filter_map(|&i| match &pages[i].truth {
            Truth::Body(t) => Some((t.clone(), outs[i][k].text.clone())),
            Truth::Snippets(..) => None,
        })
        .collect();
    if !bodies.is_empty() {
        let (p, r, f1, acc) = score::scrapinghub(&bodies);
        return (p, r, f1, format!("{acc:.3}"));
    }
    let mut counts = BTreeMap::from([("tp", 0), ("fn", 0), ("fp", 0), ("tn", 0)]);
    for &i in idx {
        if let Truth::Snippets(w, wo) = &pages[i].truth {
            let (tp, fnn, fp, tn) = score::snippets(&outs[i][k].text, w, wo);
            *counts.entry("tp").or_default() += tp;
            *counts.entry("fn").or_default() += fnn;
            *counts.entry("fp").or_default() += fp;
            *counts.entry("tn").or_default() += tn;
        }
    }
    let (tp, fnn, fp, tn) = (
        counts["tp"] as f64,
        counts["fn"] as f64,
        counts["fp"] as f64,
        counts["tn"] as f64,
    );
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let r = if tp + fnn > 0.0 { tp / (tp + fnn) } else { 0.0 };
    let f1 = if 2.0 * tp + fp + fnn > 0.0 {
        2.0 * tp / (2.0 * tp + fp + fnn)
    } else {
        0.0
    };
    (
        p,
        r,
        f1,
        format!("{:.3}", (tp + tn) / (tp + tn + fp + fnn).max(1.0)),
    )
}

/// The largest block of long lines (at least [`LONG_LINE_WORDS`] words), by words: long lines
/// with at most [`BLOCK_GAP`] shorter lines between two of them, the shorter lines kept.
fn largest_block(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let long: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].split_whitespace().count() >= LONG_LINE_WORDS)
        .collect();
    let (mut best, mut best_words) = ((0, 0), 0);
    let mut k = 0;
    while k < long.len() {
        let start = long[k];
        let mut end = start;
        let mut words = 0;
        while k < long.len() && long[k] - end <= BLOCK_GAP + 1 {
            end = long[k];
            words += lines[end].split_whitespace().count();
            k += 1;
        }
        if words > best_words {
            best_words = words;
            best = (start, end + 1);
        }
    }
    lines[best.0..best.1].join("\n")
}

/// Whitespace folded to one space, ends trimmed.
fn fold(s: &str) -> String {
    score::fold_ws(s)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}
