//! Scores ghirbal's extraction on the benchmark sets in `shared/data/html/` and times it.
//!
//! Usage: `extract-eval <scrapinghub|trafilatura|readability|speed> [DATA_DIR] [OUT_DIR]`.
//! Prints one JSON line of figures; writes predictions to OUT_DIR when given.

#[path = "eval/score.rs"]
mod score;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ghirbal_core::stats::cpu_seconds;
use serde_json::{Value, json};

fn gunzip(path: &Path) -> Vec<u8> {
    let f = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(f)
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    out
}

fn text_of(bytes: &[u8]) -> String {
    match ghirbal_extract::extract_html(bytes, None, None) {
        Ok(a) => a.text,
        Err(_) => String::new(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map(String::as_str).unwrap_or("scrapinghub");
    let data = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let out = args.get(3).map(PathBuf::from);
    // `dates` takes a file there (the peer's dates), every other mode a folder for outputs.
    if let Some(o) = out.as_ref().filter(|_| what != "dates") {
        fs::create_dir_all(o).ok();
    }
    match what {
        "scrapinghub" => scrapinghub(&data, out.as_deref()),
        "trafilatura" => trafilatura(&data, out.as_deref()),
        "readability" => readability(&data),
        "dates" => dates(&data, out.as_deref()),
        "speed" => speed(&data),
        "arabic" => arabic(&data),
        "score-scrapinghub" => score_scrapinghub(&data, out.as_deref()),
        "score-trafilatura" => score_trafilatura(&data, out.as_deref()),
        "show" => {
            let bytes = gunzip(&data);
            match ghirbal_extract::extract_html(&bytes, None, None) {
                Ok(a) => println!("{:#?}", a),
                Err(e) => println!("{e:?}"),
            }
        }
        other => eprintln!("unknown set {other}"),
    }
}

fn scrapinghub(data: &Path, out: Option<&Path>) {
    let dir = data.join("html/scrapinghub");
    let gt: Value =
        serde_json::from_slice(&fs::read(dir.join("ground-truth.json")).expect("ground truth"))
            .expect("ground truth json");
    let gt = gt.as_object().expect("object");
    let mut pages = Vec::new();
    let mut preds = serde_json::Map::new();
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let mut secs = 0.0;
    for id in ids {
        let bytes = gunzip(&dir.join(format!("html/{id}.html.gz")));
        let t0 = Instant::now();
        let text = text_of(&bytes);
        secs += t0.elapsed().as_secs_f64();
        let truth = gt[id]["articleBody"].as_str().unwrap_or("").to_owned();
        if std::env::var("EVAL_VERBOSE").is_ok() {
            let (p, r, f) = page_f1(&truth, &text);
            println!("{id} P {p:.3} R {r:.3} F {f:.3} {}", gt[id]["url"]);
        }
        preds.insert(id.clone(), json!({"articleBody": text}));
        pages.push((truth, text));
    }
    let (p, r, f1, acc) = score::scrapinghub(&pages);
    if let Some(o) = out {
        fs::write(
            o.join("scrapinghub-ghirbal.json"),
            serde_json::to_vec(&Value::Object(preds)).unwrap_or_default(),
        )
        .ok();
    }
    println!(
        "{}",
        json!({"set": "scrapinghub", "pages": pages.len(), "precision": r3(p), "recall": r3(r), "f1": r3(f1),
               "accuracy": r3(acc), "extract_seconds": r3(secs), "pages_per_second": r3(pages.len() as f64 / secs)})
    );
}

fn page_f1(truth: &str, pred: &str) -> (f64, f64, f64) {
    let (tp, fp, fnn) = score::shingle_counts(truth, pred);
    let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let r = if tp + fnn > 0.0 { tp / (tp + fnn) } else { 0.0 };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

fn trafilatura(data: &Path, out: Option<&Path>) {
    let dir = data.join("html/trafilatura-eval");
    let (labels, bad_lines) = read_labels(data);
    let (mut tp, mut fnn, mut fp, mut tn) = (0, 0, 0, 0);
    let mut n = 0;
    let mut preds = Vec::new();
    for v in &labels {
        let file = v["file"].as_str().unwrap_or("");
        let bytes = gunzip(&dir.join("pages").join(file));
        let text = text_of(&bytes);
        let (a, b, c, d) =
            score::snippets(&text, &label_list(v, "with"), &label_list(v, "without"));
        if std::env::var("EVAL_VERBOSE").is_ok() && (b > 0 || c > 0) {
            println!("{file} tp {a} fn {b} fp {c} tn {d}");
            let out = score::fold_ws(&text);
            for sn in label_list(v, "with") {
                if !out.contains(&score::fold_ws(&sn)) {
                    println!("  MISS {sn:?}");
                }
            }
            for sn in label_list(v, "without") {
                if out.contains(&score::fold_ws(&sn)) {
                    println!("  LEAK {sn:?}");
                }
            }
        }
        tp += a;
        fnn += b;
        fp += c;
        tn += d;
        n += 1;
        preds.push(json!({"file": file, "text": text}));
    }
    if let Some(o) = out {
        let body: Vec<String> = preds.iter().map(Value::to_string).collect();
        fs::write(o.join("trafilatura-eval-ghirbal.jsonl"), body.join("\n")).ok();
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fnn).max(1) as f64;
    let acc = (tp + tn) as f64 / (tp + tn + fp + fnn).max(1) as f64;
    let f1 = 2.0 * tp as f64 / (2 * tp + fp + fnn).max(1) as f64;
    println!(
        "{}",
        json!({"set": "trafilatura-eval", "pages": n, "bad_label_lines": bad_lines, "tp": tp, "fn": fnn, "fp": fp, "tn": tn,
               "precision": r3(p), "recall": r3(r), "accuracy": r3(acc), "f1": r3(f1)})
    );
}

fn norm_title(s: &str) -> String {
    score::fold_ws(s).to_lowercase()
}

fn readability(data: &Path) {
    let dir = data.join("html/readability/pages");
    let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("readability pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let verbose = std::env::var("EVAL_VERBOSE").is_ok();
    let (mut t_ok, mut t_n, mut b_ok, mut b_n, mut d_ok, mut d_n, mut dir_ok, mut dir_n) =
        (0, 0, 0, 0, 0, 0, 0, 0);
    for page in entries {
        let Ok(meta) = fs::read(page.join("expected-metadata.json")) else {
            continue;
        };
        let Ok(exp) = serde_json::from_slice::<Value>(&meta) else {
            continue;
        };
        let bytes = gunzip(&page.join("source.html.gz"));
        let art = ghirbal_extract::extract_html(
            &bytes,
            Some("text/html"),
            Some("http://fakehost/test/page.html"),
        )
        .ok();
        // A text field agrees when both read the same once spaces and case are folded.
        let agree = |label: &str, want: &Value, got: Option<&str>, ok: &mut usize| {
            let Some(want) = want.as_str().filter(|t| !t.is_empty()) else {
                return false;
            };
            let got = got.unwrap_or_default();
            if norm_title(got) == norm_title(want) {
                *ok += 1;
            } else if verbose {
                println!("{label} {}: {want:?} vs {got:?}", page.display());
            }
            true
        };
        t_n += usize::from(agree(
            "title",
            &exp["title"],
            art.as_ref().and_then(|a| a.title.as_deref()),
            &mut t_ok,
        ));
        b_n += usize::from(agree(
            "byline",
            &exp["byline"],
            art.as_ref().and_then(|a| a.author.as_deref()),
            &mut b_ok,
        ));
        if let Some(d) = exp["publishedTime"].as_str().filter(|t| !t.is_empty()) {
            d_n += 1;
            let want = ghirbal_extract::date::parse_machine(d).map(|d| d.to_iso());
            let got = art.as_ref().and_then(|a| a.date.clone());
            // The same instant when both carry a time and offset, else the same day.
            let instant = |s: &Option<String>| {
                let d = ghirbal_extract::date::parse_machine(s.as_deref()?)?;
                Some(d.to_seconds() - i64::from(d.offset?) * 60).filter(|_| d.time.is_some())
            };
            let day =
                |s: &Option<String>| s.as_deref().map(|s| s.chars().take(10).collect::<String>());
            let same = match (instant(&want), instant(&got)) {
                (Some(a), Some(b)) => a == b,
                _ => day(&want) == day(&got),
            };
            if want.is_some() && same {
                d_ok += 1;
            } else if verbose {
                println!("date {}: {d:?} vs {got:?}", page.display());
            }
        }
        if let Some(d) = exp["dir"].as_str().filter(|t| !t.is_empty()) {
            dir_n += 1;
            if art.as_ref().and_then(|a| a.dir.as_deref()) == Some(d) {
                dir_ok += 1;
            }
        }
    }
    let pct = |a: usize, b: usize| r3(a as f64 / b.max(1) as f64);
    println!(
        "{}",
        json!({"set": "readability-metadata",
               "title": {"agree": t_ok, "of": t_n, "share": pct(t_ok, t_n)},
               "byline": {"agree": b_ok, "of": b_n, "share": pct(b_ok, b_n)},
               "published_day": {"agree": d_ok, "of": d_n, "share": pct(d_ok, d_n)},
               "dir": {"agree": dir_ok, "of": dir_n, "share": pct(dir_ok, dir_n)}})
    );
}

/// A capture date no page of the sets was published on: a `date` on that day can only have
/// come from the capture date (a relative time resolved against it).
const FAKE_CAPTURE: &str = "2031-06-15T12:00:00Z";

/// Dates by source: on readability's pages with a `publishedTime`, agreement (the same day, or
/// the same instant when both carry a time and offset) per source of ghirbal's date; on every
/// page of the three sets, how many pages got a date from each source and how many times the
/// capture date (given as [`FAKE_CAPTURE`]) was used; with `peer` (a JSON object of page name
/// to a peer's date, written by `bench/dates.sh`), per source, how often the peer gives the
/// same day.
fn dates(data: &Path, peer: Option<&Path>) {
    let peer: serde_json::Map<String, Value> = peer
        .and_then(|p| fs::read(p).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    // source -> [pages the peer dated too, same day]
    let mut with_peer: std::collections::BTreeMap<String, [usize; 2]> = Default::default();
    let mut pages: Vec<(String, Vec<u8>, Option<String>)> = Vec::new();
    let dir = data.join("html/readability/pages");
    let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("readability pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for page in entries {
        let want = fs::read(page.join("expected-metadata.json"))
            .ok()
            .and_then(|m| serde_json::from_slice::<Value>(&m).ok())
            .and_then(|e| e["publishedTime"].as_str().map(str::to_owned))
            .filter(|t| !t.is_empty());
        pages.push((
            format!(
                "readability/{}",
                page.file_name().unwrap().to_string_lossy()
            ),
            gunzip(&page.join("source.html.gz")),
            want,
        ));
    }
    for (set, sub) in [
        ("scrapinghub", "html/scrapinghub/html"),
        ("trafilatura-eval", "html/trafilatura-eval/pages"),
    ] {
        let mut names: Vec<PathBuf> = fs::read_dir(data.join(sub))
            .expect("pages")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        names.sort();
        for n in names {
            pages.push((
                format!("{set}/{}", n.file_name().unwrap().to_string_lossy()),
                gunzip(&n),
                None,
            ));
        }
    }
    let verbose = std::env::var("EVAL_VERBOSE").is_ok();
    let capture_day = &FAKE_CAPTURE[..10];
    // source -> [judged, agreed]; set -> source -> pages
    let mut judged: std::collections::BTreeMap<String, [usize; 2]> = Default::default();
    let mut by_set: std::collections::BTreeMap<String, std::collections::BTreeMap<String, usize>> =
        Default::default();
    let mut capture_used = 0;
    let mut missed = 0;
    for (name, bytes, want) in &pages {
        let opts = ghirbal_extract::Options {
            content_type: Some("text/html"),
            url: Some("http://fakehost/test/page.html"),
            fetched: Some(FAKE_CAPTURE),
            ..ghirbal_extract::Options::default()
        };
        let art = ghirbal_extract::extract(bytes, &opts).ok();
        let got = art.as_ref().and_then(|a| a.date.clone());
        let source = art
            .as_ref()
            .and_then(|a| a.date_source)
            .unwrap_or("none")
            .to_owned();
        let set = name.split('/').next().unwrap_or_default().to_owned();
        *by_set
            .entry(set)
            .or_default()
            .entry(source.clone())
            .or_default() += 1;
        if got.as_deref().is_some_and(|g| g.starts_with(capture_day)) {
            capture_used += 1;
        }
        if let (Some(g), Some(p)) = (&got, peer.get(name).and_then(Value::as_str)) {
            let slot = with_peer.entry(source.clone()).or_default();
            slot[0] += 1;
            slot[1] += usize::from(g.get(..10) == p.get(..10));
        }
        let Some(want) = want else { continue };
        let want_iso = ghirbal_extract::date::parse_machine(want).map(|d| d.to_iso());
        let instant = |s: &Option<String>| {
            let d = ghirbal_extract::date::parse_machine(s.as_deref()?)?;
            Some(d.to_seconds() - i64::from(d.offset?) * 60).filter(|_| d.time.is_some())
        };
        let day = |s: &Option<String>| s.as_deref().map(|s| s.chars().take(10).collect::<String>());
        let same = got.is_some()
            && match (instant(&want_iso), instant(&got)) {
                (Some(a), Some(b)) => a == b,
                _ => day(&want_iso) == day(&got),
            };
        let slot = judged.entry(source.clone()).or_default();
        slot[0] += 1;
        slot[1] += usize::from(same);
        missed += usize::from(got.is_none());
        if verbose && !same {
            println!("date {name}: want {want:?}, got {got:?} ({source})");
        }
    }
    let agreed: usize = judged.values().map(|v| v[1]).sum();
    let with_date: usize = judged.values().map(|v| v[0]).sum();
    println!(
        "{}",
        json!({"set": "dates",
               "capture_date_given": FAKE_CAPTURE,
               "readability_with_published_time": {
                   "pages": with_date, "agree": agreed, "no_date": missed,
                   "by_source": judged.iter().map(|(k, v)| (k.clone(), json!({"pages": v[0], "agree": v[1]}))).collect::<serde_json::Map<_, _>>()},
               "pages_by_source": by_set,
               "pages": pages.len(),
               "same_day_as_peer_by_source": with_peer.iter().map(|(k, v)| (k.clone(), json!({"both_dated": v[0], "same_day": v[1]}))).collect::<serde_json::Map<_, _>>(),
               "dated_on_the_capture_day": capture_used})
    );
}

fn speed(data: &Path) {
    let dir = data.join("html/scrapinghub/html");
    let mut pages: Vec<Vec<u8>> = Vec::new();
    let mut names: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("pages")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    for p in names {
        pages.push(gunzip(&p));
    }
    let rounds = 3;
    // User + system CPU seconds of the process (one thread), in 10 ms ticks: about 1 % of the
    // ~0.8 s a speed run takes.
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let mut chars = 0usize;
    for _ in 0..rounds {
        for p in &pages {
            chars += text_of(p).len();
        }
    }
    let wall = t0.elapsed().as_secs_f64();
    let secs = c0
        .and_then(|c| cpu_seconds().map(|d| d - c))
        .unwrap_or(wall);
    let n = pages.len() * rounds;
    println!(
        "{}",
        json!({"set": "scrapinghub", "tool": "ghirbal", "pages": n, "cpu_seconds": r3(secs), "wall_seconds": r3(wall),
               "pages_per_second": r3(n as f64 / secs), "bytes_out": chars})
    );
}

fn arabic(data: &Path) {
    let dir = data.join("html/trafilatura-eval");
    let (labels, _) = read_labels(data);
    for v in &labels {
        let file = v["file"].as_str().unwrap_or("");
        if !file.starts_with("assabah") {
            continue;
        }
        let bytes = gunzip(&dir.join("pages").join(file));
        let art = ghirbal_extract::extract_html(&bytes, None, None);
        let text = art.as_ref().map(|a| a.text.clone()).unwrap_or_default();
        let (a, b, c, d) =
            score::snippets(&text, &label_list(v, "with"), &label_list(v, "without"));
        println!(
            "{}",
            json!({"set": "arabic", "file": file, "tp": a, "fn": b, "fp": c, "tn": d,
                   "title": art.as_ref().ok().and_then(|a| a.title.clone()),
                   "date": art.as_ref().ok().and_then(|a| a.date.clone()),
                   "dir": art.as_ref().ok().and_then(|a| a.dir.clone()),
                   "page_lang": art.as_ref().ok().and_then(|a| a.page_lang.clone()),
                   "chars": text.chars().count()})
        );
    }
}

/// Scores a peer's Scrapinghub predictions file (`{id: {"articleBody": text}}`) with the same
/// scorer; DATA_DIR is the predictions file and OUT_DIR the data directory here.
fn score_scrapinghub(pred: &Path, data: Option<&Path>) {
    let data = data
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let gt: Value = serde_json::from_slice(
        &fs::read(data.join("html/scrapinghub/ground-truth.json")).expect("ground truth"),
    )
    .expect("json");
    let preds: Value = serde_json::from_slice(&fs::read(pred).expect("predictions")).expect("json");
    let mut pages = Vec::new();
    for (id, v) in gt.as_object().expect("object") {
        let truth = v["articleBody"].as_str().unwrap_or("").to_owned();
        let p = preds[id]["articleBody"].as_str().unwrap_or("").to_owned();
        pages.push((truth, p));
    }
    let (p, r, f1, acc) = score::scrapinghub(&pages);
    println!(
        "{}",
        json!({"set": "scrapinghub", "predictions": pred.display().to_string(), "precision": r3(p), "recall": r3(r), "f1": r3(f1), "accuracy": r3(acc)})
    );
}

/// Scores a peer's trafilatura-eval predictions (JSON lines `{"file", "text"}`).
fn score_trafilatura(pred: &Path, data: Option<&Path>) {
    let data = data
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let (texts, read_errors) = read_predictions(pred);
    let (labels, bad_lines) = read_labels(&data);
    let (mut tp, mut fnn, mut fp, mut tn) = (0, 0, 0, 0);
    for v in &labels {
        let text = texts
            .get(v["file"].as_str().unwrap_or(""))
            .cloned()
            .unwrap_or_default();
        let (a, b, c, d) =
            score::snippets(&text, &label_list(v, "with"), &label_list(v, "without"));
        tp += a;
        fnn += b;
        fp += c;
        tn += d;
    }
    let f1 = 2.0 * tp as f64 / (2 * tp + fp + fnn).max(1) as f64;
    println!(
        "{}",
        json!({"set": "trafilatura-eval", "predictions": pred.display().to_string(),
        "bad_label_lines": bad_lines, "read_errors": read_errors, "tp": tp, "fn": fnn, "fp": fp, "tn": tn,
        "precision": r3(tp as f64 / (tp + fp).max(1) as f64), "recall": r3(tp as f64 / (tp + fnn).max(1) as f64), "f1": r3(f1)})
    );
}

/// The labelled pages of trafilatura-eval's `expected.jsonl` (`{"file", "with", "without",
/// "url"}` per line) and the number of lines that are not JSON objects, left out. Read by hand:
/// a label line has no `text`, so ghirbal-io's reader would make every one `error:no_text`.
fn read_labels(data: &Path) -> (Vec<Value>, usize) {
    let path = data.join("html/trafilatura-eval/expected.jsonl");
    let lines = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut labels = Vec::new();
    let mut bad = 0;
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(v) if v.is_object() => labels.push(v),
            _ => bad += 1,
        }
    }
    (labels, bad)
}

/// The strings of the list field `key` of a label line (`with` or `without`).
fn label_list(label: &Value, key: &str) -> Vec<String> {
    label[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// A peer's trafilatura-eval predictions (`{"file", "text"}` per line), read with ghirbal-io's
/// reader (`file` lands in `metadata`), and the records left out by reason: a line that is not
/// JSON, or whose `text` is missing or null (the peer gave nothing), scores as an empty text.
fn read_predictions(pred: &Path) -> (HashMap<String, String>, BTreeMap<String, usize>) {
    let input = ghirbal_io::Input::file(pred);
    let options = ghirbal_io::ReadOptions::default();
    let mut reader = ghirbal_io::open(&input, &options);
    let mut texts = HashMap::new();
    let mut left_out: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(item) = reader.next_item() {
        match item {
            Ok(rec) => match rec.metadata.get("file").and_then(Value::as_str) {
                Some(file) => {
                    texts.insert(file.to_owned(), rec.text);
                }
                None => *left_out.entry("no `file`".to_owned()).or_default() += 1,
            },
            Err(e) => *left_out.entry(e.reason.to_string()).or_default() += 1,
        }
    }
    (texts, left_out)
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
