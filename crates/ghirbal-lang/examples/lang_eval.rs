//! Measures language identification on labelled text; run by `bench/lang-eval.sh`.
//!
//! ```text
//! lang_eval [--lingua-testdata DIR] [--docs LABEL=FILE.jsonl]... [--limit N]
//!           [--sample-bytes N] [--lingua-bytes N] [--whatlang-trust CONF,LETTERS] [--docs-only]
//! ```
//! - `--lingua-testdata DIR`: a directory holding `lingua-<language>-language-model-*/testdata/`
//!   (the cargo registry's source folder); each holds `single-words.txt`, `word-pairs.txt` and
//!   `sentences.txt`, one labelled item per line. They are read in place, never copied.
//! - `--docs LABEL=FILE`: JSON lines with a `text` field (or any input ghirbal-io reads), read
//!   through ghirbal-io's reader; the expected language is `LABEL`, or each record's own `lang`
//!   field when `LABEL` is `*`. Records left out (read errors by reason, blank texts, no label)
//!   are counted in the output.
//!
//! Prints markdown: accuracy per language and category for ghirbal (letter rule + whatlang +
//! lingua), whatlang alone and lingua alone (11 languages), then docs/s on the documents and
//! the distribution of ghirbal's `lang_score` on them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ghirbal_lang::{DEFAULT_SAMPLE_BYTES, Identifier, prefix};
use lingua::LanguageDetectorBuilder;

const LINGUA_DIRS: [(&str, &str); 11] = [
    ("arabic", "ar"),
    ("persian", "fa"),
    ("urdu", "ur"),
    ("english", "en"),
    ("french", "fr"),
    ("german", "de"),
    ("spanish", "es"),
    ("italian", "it"),
    ("portuguese", "pt"),
    ("turkish", "tr"),
    ("russian", "ru"),
];
const CATEGORIES: [(&str, &str); 3] = [
    ("single-words.txt", "single words"),
    ("word-pairs.txt", "word pairs"),
    ("sentences.txt", "sentences"),
];

/// One labelled item.
struct Item {
    category: String,
    expected: String,
    text: String,
}

/// A way to identify a text; returns a code or `None`.
type Predict<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

fn main() {
    if let Err(e) = run() {
        eprintln!("lang_eval: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut testdata: Option<PathBuf> = None;
    let mut docs: Vec<(String, PathBuf)> = Vec::new();
    let mut limit = usize::MAX;
    let mut sample_bytes = DEFAULT_SAMPLE_BYTES;
    let mut lingua_bytes: Option<usize> = None;
    let mut docs_only = false;
    let mut trust: Option<(f64, u32)> = None;
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--lingua-testdata" => testdata = Some(PathBuf::from(value()?)),
            "--docs" => {
                let v = value()?;
                let (label, file) = v.split_once('=').ok_or("--docs wants LABEL=FILE")?;
                docs.push((label.to_owned(), PathBuf::from(file)));
            }
            "--sample-bytes" => {
                sample_bytes = value()?
                    .parse()
                    .map_err(|e| format!("--sample-bytes: {e}"))?
            }
            "--lingua-bytes" => {
                lingua_bytes = Some(
                    value()?
                        .parse()
                        .map_err(|e| format!("--lingua-bytes: {e}"))?,
                )
            }
            "--whatlang-trust" => {
                let v = value()?;
                let (c, l) = v
                    .split_once(',')
                    .ok_or("--whatlang-trust wants CONF,LETTERS")?;
                trust = Some((
                    c.parse().map_err(|_| "bad CONF")?,
                    l.parse().map_err(|_| "bad LETTERS")?,
                ));
            }
            "--docs-only" => docs_only = true,
            "--limit" => limit = value()?.parse().map_err(|e| format!("--limit: {e}"))?,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    let mut items = Vec::new();
    if let Some(dir) = testdata.as_ref().filter(|_| !docs_only) {
        items.extend(read_lingua_testdata(dir)?);
    }
    let mut doc_items = Vec::new();
    let mut read_notes = Vec::new();
    for (label, file) in &docs {
        let read = read_docs(label, file, limit)?;
        let left_out: Vec<String> = read
            .left_out
            .iter()
            .map(|(why, n)| format!("{why} {n}"))
            .collect();
        read_notes.push(format!(
            "- `{}`: {} documents; left out: {}",
            file.display(),
            read.items.len(),
            if left_out.is_empty() {
                "none".to_owned()
            } else {
                left_out.join(", ")
            }
        ));
        doc_items.extend(read.items);
    }

    let mut ghirbal = Identifier::new(sample_bytes);
    if let Some(b) = lingua_bytes {
        ghirbal = ghirbal.with_lingua_bytes(b);
    }
    if let Some((c, l)) = trust {
        ghirbal = ghirbal.with_whatlang_trust(c, l);
    }
    let cap = sample_bytes;
    let fast = Identifier::new(sample_bytes).with_passes(true, false);
    let lingua = LanguageDetectorBuilder::from_languages(&ghirbal_lang::LINGUA_LANGUAGES)
        .with_preloaded_language_models()
        .build();
    let predictors: Vec<(&str, Predict)> = vec![
        (
            "ghirbal",
            Box::new(|t: &str| ghirbal.identify(t).lang.map(str::to_owned)),
        ),
        (
            "ghirbal w/o lingua",
            Box::new(|t: &str| fast.identify(t).lang.map(str::to_owned)),
        ),
        (
            "whatlang",
            Box::new(|t: &str| whatlang::detect(prefix(t, cap)).map(|i| whatlang_code(i.lang()))),
        ),
        (
            "lingua",
            Box::new(|t: &str| {
                lingua
                    .detect_language_of(prefix(t, cap))
                    .map(|l| l.iso_code_639_1().to_string())
            }),
        ),
    ];

    if !read_notes.is_empty() {
        println!("## Documents read (ghirbal-io's reader; bad records counted by reason)\n");
        println!("{}\n", read_notes.join("\n"));
    }
    println!("## Accuracy (share of items whose language is named correctly)\n");
    println!(
        "Texts are cut to the first {sample_bytes} bytes for every tool; ghirbal's lingua pass reads {:?}.\n",
        ghirbal
    );
    let all: Vec<&Item> = items.iter().chain(doc_items.iter()).collect();
    print_accuracy(&all, &predictors);

    if !doc_items.is_empty() {
        println!("\n## Speed on the documents (one thread, CPU time of the process)\n");
        println!("| tool | docs | CPU s | docs per CPU-second | vs whatlang alone |");
        println!("|---|---:|---:|---:|---:|");
        let mut rates = Vec::new();
        for (name, predict) in &predictors {
            // Best of three passes: the machine is shared, CPU time still varies with load.
            let mut best = f64::INFINITY;
            for _ in 0..3 {
                let start = cpu_seconds();
                let mut named = 0usize;
                for item in &doc_items {
                    named += usize::from(predict(&item.text).is_some());
                }
                std::hint::black_box(named);
                best = best.min((cpu_seconds() - start).max(1e-3));
            }
            rates.push((name, best, doc_items.len() as f64 / best));
        }
        let whatlang_rate = rates
            .iter()
            .find(|r| *r.0 == "whatlang")
            .map_or(f64::NAN, |r| r.2);
        for (name, secs, rate) in rates {
            println!(
                "| {name} | {} | {secs:.2} | {rate:.0} | {:.2}x |",
                doc_items.len(),
                rate / whatlang_rate
            );
        }
        print_scores(&ghirbal, &doc_items);
    }
    Ok(())
}

fn whatlang_code(lang: whatlang::Lang) -> String {
    ghirbal_lang::from_whatlang(lang).map_or_else(|| lang.code().to_owned(), str::to_owned)
}

fn read_lingua_testdata(dir: &Path) -> Result<Vec<Item>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut items = Vec::new();
    for (language, code) in LINGUA_DIRS {
        let prefix = format!("lingua-{language}-language-model-");
        let Some(folder) = names.iter().filter(|n| n.starts_with(&prefix)).max() else {
            eprintln!("lang_eval: no {prefix}* under {}; skipped", dir.display());
            continue;
        };
        for (file, category) in CATEGORIES {
            let path = dir.join(folder).join("testdata").join(file);
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                items.push(Item {
                    category: category.to_owned(),
                    expected: code.to_owned(),
                    text: line.to_owned(),
                });
            }
        }
    }
    Ok(items)
}

/// What reading one `--docs` file gave: the usable items, and how many records were left out
/// and why (read errors by reason, records with a blank text or no label).
struct DocsRead {
    items: Vec<Item>,
    left_out: BTreeMap<String, usize>,
}

/// Reads a `--docs` file through ghirbal-io's reader (format detection, compression, bad lines
/// as `error:*` with a count), as the pipeline would; `limit` counts records and errors alike.
fn read_docs(label: &str, file: &Path, limit: usize) -> Result<DocsRead, String> {
    let expanded = ghirbal_io::expand(&[file.to_path_buf()]);
    if let Some(p) = expanded.problems.first() {
        return Err(format!("{}: {} ({})", p.name, p.reason, p.detail));
    }
    let source = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = ghirbal_io::ReadOptions::default();
    let mut read = DocsRead {
        items: Vec::new(),
        left_out: BTreeMap::new(),
    };
    let mut seen = 0usize;
    for input in &expanded.inputs {
        let mut reader = ghirbal_io::open(input, &options);
        while seen < limit {
            let Some(item) = reader.next_item() else {
                break;
            };
            seen += 1;
            let rec = match item {
                Ok(rec) => rec,
                Err(e) => {
                    *read.left_out.entry(e.reason.to_string()).or_default() += 1;
                    continue;
                }
            };
            let body = rec.text.trim();
            if body.is_empty() {
                *read.left_out.entry("blank text".to_owned()).or_default() += 1;
                continue;
            }
            // `lang` is no field the reader knows, so it is in `metadata`.
            let expected = if label == "*" {
                rec.metadata
                    .get("lang")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_owned()
            } else {
                label.to_owned()
            };
            if expected.is_empty() {
                *read
                    .left_out
                    .entry("no `lang` label".to_owned())
                    .or_default() += 1;
                continue;
            }
            read.items.push(Item {
                category: format!("documents ({source})"),
                expected,
                text: body.to_owned(),
            });
        }
    }
    Ok(read)
}

/// One tool's figures for one row: correct, total, wrong answers by language.
type Tally = (usize, usize, BTreeMap<String, usize>);

fn print_accuracy(items: &[&Item], predictors: &[(&str, Predict)]) {
    // (category, expected) -> per tool (correct, total, most common wrong answers)
    let mut table: BTreeMap<(String, String), Vec<Tally>> = BTreeMap::new();
    for item in items {
        let row = table
            .entry((item.category.clone(), item.expected.clone()))
            .or_insert_with(|| vec![(0, 0, BTreeMap::new()); predictors.len()]);
        for (i, (_, predict)) in predictors.iter().enumerate() {
            let got = predict(&item.text).unwrap_or_else(|| "none".to_owned());
            row[i].1 += 1;
            if got == item.expected {
                row[i].0 += 1;
            } else {
                *row[i].2.entry(got).or_default() += 1;
            }
        }
    }
    let names: Vec<&str> = predictors.iter().map(|(n, _)| *n).collect();
    println!(
        "| category | lang | n | {} | ghirbal's top confusions |",
        names.join(" | ")
    );
    println!("|---|---|---:|{}---|", "---:|".repeat(names.len()));
    let mut per_category: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for ((category, lang), row) in &table {
        let cells: Vec<String> = row.iter().map(|(c, t, _)| pct(*c, *t)).collect();
        let mut wrong: Vec<(&String, &usize)> = row[0].2.iter().collect();
        wrong.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let wrong: Vec<String> = wrong
            .iter()
            .take(3)
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        println!(
            "| {category} | {lang} | {} | {} | {} |",
            row[0].1,
            cells.join(" | "),
            wrong.join(", ")
        );
        let acc = per_category
            .entry(category.clone())
            .or_insert_with(|| vec![(0, 0); row.len()]);
        for (a, r) in acc.iter_mut().zip(row) {
            a.0 += r.0;
            a.1 += r.1;
        }
    }
    println!("\n| category (all languages) | n | {} |", names.join(" | "));
    println!("|---|---:|{}", "---:|".repeat(names.len()));
    for (category, acc) in per_category {
        let cells: Vec<String> = acc.iter().map(|(c, t)| pct(*c, *t)).collect();
        println!("| {category} | {} | {} |", acc[0].1, cells.join(" | "));
    }
}

fn print_scores(ghirbal: &Identifier, docs: &[Item]) {
    let mut by_source: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut methods: BTreeMap<&str, usize> = BTreeMap::new();
    for item in docs {
        let id = ghirbal.identify(&item.text);
        by_source
            .entry(item.category.as_str())
            .or_default()
            .push(id.score);
        *methods.entry(id.method.as_str()).or_default() += 1;
    }
    println!("\n## ghirbal lang_score on the documents\n");
    // 0.711 is FineWeb-2's arb_Arab threshold, used by the datatrove-compat preset.
    println!("| documents | n | p0.1 | p1 | p5 | median | < 0.711 | < 0.5 | < 0.3 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (source, mut scores) in by_source {
        scores.sort_by(f64::total_cmp);
        let q = |p: f64| scores[((scores.len() - 1) as f64 * p).round() as usize];
        let below = |t: f64| scores.iter().filter(|s| **s < t).count();
        println!(
            "| {source} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
            scores.len(),
            q(0.001),
            q(0.01),
            q(0.05),
            q(0.5),
            below(0.711),
            below(0.5),
            below(0.3)
        );
    }
    let methods: Vec<String> = methods.iter().map(|(m, n)| format!("{m} {n}")).collect();
    println!("\nDeciding pass on the documents: {}.", methods.join(", "));
    print_noise_scores(ghirbal, docs);
}

/// Noise cut from the same real documents, to see what a `min_score` drops:
/// - numbers: every token of a document that holds a digit (dates, prices, scores, phone
///   numbers), in order, with the punctuation around them;
/// - keyword list: the first 12 words of 6 letters or more, joined by " | ";
/// - menu lines: lines of at most 3 words from the HTML pages, 20 of them joined by newlines.
fn print_noise_scores(ghirbal: &Identifier, docs: &[Item]) {
    let mut classes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in docs {
        let is_html = item.category.contains("html");
        let lang = if is_html {
            "html"
        } else {
            item.expected.as_str()
        };
        let numbers: Vec<&str> = item
            .text
            .split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_numeric()))
            .collect();
        if numbers.len() >= 5 {
            classes
                .entry(format!("numbers ({lang})"))
                .or_default()
                .push(numbers.join(" "));
        }
        let keywords: Vec<&str> = item
            .text
            .split_whitespace()
            .filter(|w| w.chars().count() >= 6 && w.chars().all(char::is_alphabetic))
            .take(12)
            .collect();
        if keywords.len() >= 4 {
            classes
                .entry(format!("keyword list ({lang})"))
                .or_default()
                .push(keywords.join(" | "));
        }
        if is_html {
            let menu: Vec<&str> = item
                .text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && l.split_whitespace().count() <= 3)
                .take(20)
                .collect();
            if menu.len() >= 5 {
                classes
                    .entry("menu lines (html)".to_owned())
                    .or_default()
                    .push(menu.join("\n"));
            }
        }
    }
    println!("\n## ghirbal lang_score on noise cut from the same documents\n");
    println!("| noise | n | median | p90 | < 0.3 | < 0.5 | < 0.7 | most common lang |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    for (class, texts) in classes {
        let mut scores = Vec::new();
        let mut langs: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &texts {
            let id = ghirbal.identify(t);
            scores.push(id.score);
            *langs.entry(id.lang.unwrap_or("none")).or_default() += 1;
        }
        scores.sort_by(f64::total_cmp);
        let q = |p: f64| scores[((scores.len() - 1) as f64 * p).round() as usize];
        let share = |t: f64| pct(scores.iter().filter(|s| **s < t).count(), scores.len());
        let top = langs
            .iter()
            .max_by_key(|(_, n)| **n)
            .map_or(String::new(), |(l, n)| format!("{l} {n}"));
        println!(
            "| {class} | {} | {:.3} | {:.3} | {} | {} | {} | {top} |",
            scores.len(),
            q(0.5),
            q(0.9),
            share(0.3),
            share(0.5),
            share(0.7)
        );
    }
}

/// CPU seconds of this process so far (`ghirbal_core::stats::cpu_seconds`; the timed loop runs
/// on the main thread and nothing else works meanwhile); wall time where that is unknown.
fn cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    ghirbal_core::stats::cpu_seconds()
        .unwrap_or_else(|| START.get_or_init(Instant::now).elapsed().as_secs_f64())
}

fn pct(correct: usize, total: usize) -> String {
    if total == 0 {
        "-".to_owned()
    } else {
        format!("{:.1}%", 100.0 * correct as f64 / total as f64)
    }
}
