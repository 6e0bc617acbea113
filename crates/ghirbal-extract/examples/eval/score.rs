//! The benchmark scorers, as the data READMEs under `shared/data/html/` describe them.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

/// Scrapinghub tokens: maximal runs of general categories L* and N* plus `_` (Python's `\w`).
static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").expect("static regex"));

/// Tokens of `text` as the Scrapinghub scorer sees them.
pub fn tokens(text: &str) -> Vec<&str> {
    TOKEN.find_iter(text).map(|m| m.as_str()).collect()
}

/// Per-page (tp, fp, fn) over 4-gram shingle multisets.
pub fn shingle_counts(truth: &str, pred: &str) -> (f64, f64, f64) {
    fn shingles(t: &[&str]) -> HashMap<String, i64> {
        let mut m = HashMap::new();
        if t.is_empty() {
            return m;
        }
        if t.len() < 4 {
            *m.entry(t.join(" ")).or_default() += 1;
            return m;
        }
        for w in t.windows(4) {
            *m.entry(w.join(" ")).or_default() += 1;
        }
        m
    }
    let t = shingles(&tokens(truth));
    let p = shingles(&tokens(pred));
    let (mut tp, mut fp, mut fnn) = (0i64, 0i64, 0i64);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += tc.min(pc);
        fnn += (tc - pc).max(0);
    }
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        fp += (pc - tc).max(0);
    }
    (tp as f64, fp as f64, fnn as f64)
}

/// Scrapinghub macro scores of pages: (precision, recall, f1, accuracy).
pub fn scrapinghub(pages: &[(String, String)]) -> (f64, f64, f64, f64) {
    let (mut ps, mut np, mut rs, mut nr, mut acc) = (0.0, 0usize, 0.0, 0usize, 0usize);
    for (truth, pred) in pages {
        let (tp, fp, fnn) = shingle_counts(truth, pred);
        let (p, r) = if fp == 0.0 && fnn == 0.0 {
            (1.0, 1.0)
        } else {
            (
                if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 },
                if tp + fnn > 0.0 { tp / (tp + fnn) } else { 0.0 },
            )
        };
        if tp + fp > 0.0 {
            ps += p;
            np += 1;
        }
        if tp + fnn > 0.0 {
            rs += r;
            nr += 1;
        }
        if tokens(truth) == tokens(pred) {
            acc += 1;
        }
    }
    let p = if np > 0 { ps / np as f64 } else { 0.0 };
    let r = if nr > 0 { rs / nr as f64 } else { 0.0 };
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f1, acc as f64 / pages.len().max(1) as f64)
}

/// Whitespace folding as trafilatura's scorer does (Python `\s`, NBSP included).
pub fn fold_ws(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// trafilatura-eval counts for one page: (tp, fn, fp, tn).
pub fn snippets(output: &str, with: &[String], without: &[String]) -> (usize, usize, usize, usize) {
    let out = fold_ws(output);
    let (mut tp, mut fnn, mut fp, mut tn) = (0, 0, 0, 0);
    for s in with {
        if out.contains(&fold_ws(s)) {
            tp += 1;
        } else {
            fnn += 1;
        }
    }
    for s in without {
        if out.contains(&fold_ws(s)) {
            fp += 1;
        } else {
            tn += 1;
        }
    }
    (tp, fnn, fp, tn)
}
