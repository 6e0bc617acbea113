//! `report.html`: one self-contained page (inline CSS and SVG, no script, nothing fetched).
//!
//! Every piece of text that came from the corpus (ids, lines, sources, reasons) goes through
//! [`escape`]; text cells carry `dir="auto"` so Arabic lines read right to left inside an
//! English page.

use std::fmt::Write;

use ghirbal_core::{RunStats, StageName};

use crate::profile::{LENGTH_EDGES, LengthHistogram, Profile, SignalSample};
use crate::svg::{self, Bar, Column, Distribution};
use crate::tokens::TOKENIZER;

/// Bins of a signal's distribution chart.
const SIGNAL_BINS: usize = 40;
/// Sources listed in the per-source table (by records, most first).
const SOURCES_LISTED: usize = 50;
/// Removed lines listed per source.
const REMOVED_LISTED: usize = 5;
/// Input files listed in the per-file table.
const FILES_LISTED: usize = 200;

/// `s` with `& < > " '` written as character references: safe in text and in quoted
/// attribute values, in HTML and in SVG.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole page for the output folder named `title`.
pub fn render(title: &str, stats: &RunStats, p: &Profile) -> String {
    let mut h = String::with_capacity(64 << 10);
    let t = &stats.total;
    let _ = write!(
        h,
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>ghirbal report: {title}</title>
<style>{CSS}</style></head><body>
<h1>ghirbal report <small dir="auto">{title}</small></h1>
<nav><a href="#funnel">funnel</a> · <a href="#reasons">reasons</a> · <a href="#signals">signals</a> · <a href="#langs">languages</a> · <a href="#length">length</a> · <a href="#dups">duplicates</a> · <a href="#sources">sources</a> · <a href="#files">input files</a> · <a href="#examples">examples</a></nav>
<div class="cards">{cards}</div>
"##,
        title = escape(title),
        cards = cards(stats, p),
    );

    section(&mut h, "funnel", "From read to kept");
    h.push_str("<p>Records that reached each stage and that it passed on, in run order.</p>");
    h.push_str(&svg::bars(&funnel_bars(stats)));

    section(&mut h, "reasons", "Why records were dropped");
    let mut reasons: Vec<(&String, &u64, bool)> = t
        .rejected
        .iter()
        .map(|(r, n)| (r, n, false))
        .chain(t.errors.iter().map(|(r, n)| (r, n, true)))
        .collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    if reasons.is_empty() {
        h.push_str("<p>No record was dropped.</p>");
    } else {
        let rows: Vec<Bar> = reasons
            .iter()
            .map(|(r, n, _)| Bar {
                label: (*r).clone(),
                value: **n as f64,
                note: format!("{n} ({})", share(**n, t.read)),
                dropped: true,
            })
            .collect();
        h.push_str(&svg::bars(&rows));
    }
    if !t.skipped.is_empty() {
        // Not documents (WARC request/warcinfo records): apart from the drops, and not in
        // rejects/.
        h.push_str("<p>Skipped, not documents (not written to <code>rejects/</code>): ");
        for (r, n) in &t.skipped {
            let _ = write!(h, "<code>{}</code> {n} ", escape(r));
        }
        h.push_str("</p>");
    }
    if !p.unreadable.is_empty() {
        h.push_str("<p class=\"warn\">Output rows that could not be read back: ");
        for (r, n) in &p.unreadable {
            let _ = write!(h, "<code>{}</code> {n} ", escape(r));
        }
        h.push_str("</p>");
    }

    signals_section(&mut h, p);
    langs_section(&mut h, p);
    length_section(&mut h, p);
    dups_section(&mut h, p);
    sources_section(&mut h, p);
    files_section(&mut h, stats);
    examples_section(&mut h, stats, p);

    let _ = writeln!(
        h,
        "<footer>Written by <code>ghirbal report</code> from <code>stats.json</code>, <code>kept/</code> and <code>rejects/</code>. Tokens: OpenAI <code>{TOKENIZER}</code>, counted on each kept record's <code>text</code>.</footer></body></html>"
    );
    h
}

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#222}\
h1 small{font-weight:normal;color:#666;font-size:.6em}h2{border-bottom:1px solid #ddd;margin-top:2em}\
nav{margin:.5em 0 1em}table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #eee;padding:2px 8px;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.cards{display:flex;flex-wrap:wrap;gap:.8em}\
.card{border:1px solid #ddd;border-radius:6px;padding:.5em .9em;min-width:9em}.card b{display:block;font-size:1.4em}\
.small{font-size:10px}.warn{color:#a00}.sig{display:inline-block;margin:0 1.5em 1em 0;vertical-align:top}\
.sig h3{font-size:.95em;margin:.3em 0}.muted{color:#777}code{font-size:.9em}\
.legend span{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 1em}footer{margin:3em 0 1em;color:#777;font-size:.9em}";

fn section(h: &mut String, id: &str, title: &str) {
    let _ = write!(h, "<h2 id=\"{id}\">{title}</h2>");
}

fn share(n: u64, of: u64) -> String {
    if of == 0 {
        "–".to_owned()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / of as f64)
    }
}

fn cards(stats: &RunStats, p: &Profile) -> String {
    let t = &stats.total;
    let mut s = String::new();
    let mut card = |label: &str, value: String| {
        let _ = write!(
            s,
            "<div class=\"card\">{}<b>{}</b></div>",
            escape(label),
            escape(&value)
        );
    };
    card("read", t.read.to_string());
    card("kept", format!("{} ({})", t.kept, share(t.kept, t.read)));
    card("rejected", t.rejected_total().to_string());
    card("input errors", t.errors_total().to_string());
    if t.skipped_total() > 0 {
        card("skipped (not documents)", t.skipped_total().to_string());
    }
    card("kept tokens", p.kept_tokens.to_string());
    card(
        "kept text",
        format!("{:.1} MB", t.bytes_out as f64 / 1_000_000.0),
    );
    card("languages kept", p.langs.len().to_string());
    card("sources", p.sources.len().to_string());
    s
}

fn funnel_bars(stats: &RunStats) -> Vec<Bar> {
    let t = &stats.total;
    let mut rows = vec![Bar {
        label: "read".into(),
        value: t.read as f64,
        note: t.read.to_string(),
        dropped: false,
    }];
    let mut names: Vec<&String> = stats.stages.keys().collect();
    // Run order first, then any other stage key (corpus sub-stages such as `clean.site`) by
    // name right after its stage.
    let rank = |name: &str| {
        let base = name.split('.').next().unwrap_or(name);
        StageName::ALL
            .iter()
            .position(|s| s.as_str() == base)
            .unwrap_or(usize::MAX)
    };
    names.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    for name in names {
        let c = &stats.stages[name];
        if !c.built {
            continue;
        }
        rows.push(Bar {
            label: format!("{name} out"),
            value: c.output as f64,
            note: format!(
                "{} of {} ({} dropped)",
                c.output,
                c.input,
                c.input - c.output.min(c.input)
            ),
            dropped: false,
        });
    }
    rows.push(Bar {
        label: "kept".into(),
        value: t.kept as f64,
        note: format!("{} ({})", t.kept, share(t.kept, t.read)),
        dropped: false,
    });
    rows
}

fn signals_section(h: &mut String, p: &Profile) {
    section(
        h,
        "signals",
        "Signals: distribution, threshold, dropped on each side",
    );
    h.push_str(
        "<p class=\"legend\">Each record's figure, from a uniform sample of at most 20,000 records per signal. \
<span style=\"background:#2b7a4b\"></span>kept <span style=\"background:#c0504d\"></span>dropped (by any reason). \
The dashed line is the threshold most filter rejects on this figure name; the shares say how many of the records on each side were dropped.</p>",
    );
    if p.signals.is_empty() {
        h.push_str("<p>No record carries a signal.</p>");
        return;
    }
    // Filter signals first (they decide), then the others.
    let mut keys: Vec<&String> = p.signals.keys().collect();
    keys.sort_by_key(|k| (!k.starts_with("filter."), (*k).clone()));
    for key in keys {
        let s = &p.signals[key];
        let threshold = p.thresholds.get(key);
        let Some(d) = distribution(s, threshold.map(|t| t.value)) else {
            continue;
        };
        let _ = write!(
            h,
            "<div class=\"sig\"><h3><code>{}</code> <span class=\"muted\">{} records, {} dropped</span></h3>",
            escape(key),
            s.seen,
            s.seen_dropped
        );
        h.push_str(&svg::distribution(&d));
        if let Some(t) = threshold {
            let (below, below_dropped, above, above_dropped) = sides(s, t.value);
            let _ = write!(
                h,
                "<p class=\"small\">threshold {} (<code>{}</code>, {} rejects{}) · at or below: {} dropped of {} sampled ({}) · above: {} of {} ({})</p>",
                svg::number(t.value),
                escape(&t.reason),
                t.count,
                if t.others.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; other languages: {}",
                        t.others
                            .iter()
                            .map(|(v, n)| format!("{} ×{n}", svg::number(*v)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                below_dropped,
                below,
                share(below_dropped, below),
                above_dropped,
                above,
                share(above_dropped, above),
            );
        }
        h.push_str("</div>");
    }
}

/// Sampled records at or below and above `t`, and how many of each were dropped.
fn sides(s: &SignalSample, t: f64) -> (u64, u64, u64, u64) {
    let mut out = (0, 0, 0, 0);
    for &(v, dropped) in &s.values {
        if v <= t {
            out.0 += 1;
            out.1 += u64::from(dropped);
        } else {
            out.2 += 1;
            out.3 += u64::from(dropped);
        }
    }
    out
}

/// Equal-width bins between the sample's 0.5th and 99.5th percentiles (the threshold always
/// inside), the few values outside counted in the end bins.
fn distribution(s: &SignalSample, threshold: Option<f64>) -> Option<Distribution> {
    let mut values: Vec<f64> = s
        .values
        .iter()
        .map(|v| v.0)
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    let mut lo = at(0.005);
    let mut hi = at(0.995);
    if let Some(t) = threshold.filter(|t| t.is_finite()) {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let mut bins = vec![(0u64, 0u64); SIGNAL_BINS];
    for &(v, dropped) in &s.values {
        if !v.is_finite() {
            continue;
        }
        let i = (((v - lo) / (hi - lo)) * SIGNAL_BINS as f64).floor();
        let i = (i.max(0.0) as usize).min(SIGNAL_BINS - 1);
        if dropped {
            bins[i].1 += 1;
        } else {
            bins[i].0 += 1;
        }
    }
    Some(Distribution {
        lo,
        hi,
        bins,
        threshold,
    })
}

fn langs_section(h: &mut String, p: &Profile) {
    section(h, "langs", "Languages and scripts of the kept records");
    for (what, map) in [("language", &p.langs), ("script", &p.scripts)] {
        let mut rows: Vec<_> = map.iter().collect();
        rows.sort_by(|a, b| b.1.records.cmp(&a.1.records).then(a.0.cmp(b.0)));
        let bars: Vec<Bar> = rows
            .iter()
            .map(|(k, r)| Bar {
                label: (*k).clone(),
                value: r.records as f64,
                note: format!("{} records, {} tokens", r.records, r.tokens),
                dropped: false,
            })
            .collect();
        let _ = write!(h, "<h3>By {what}</h3>");
        if bars.is_empty() {
            h.push_str("<p>No kept record.</p>");
        } else {
            h.push_str(&svg::bars(&bars));
        }
        let _ = write!(
            h,
            "<table><tr><th>{what}</th><th class=\"n\">records</th><th class=\"n\">words</th><th class=\"n\">{TOKENIZER} tokens</th><th class=\"n\">tokens per word</th></tr>"
        );
        for (k, r) in rows {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(k),
                r.records,
                r.words,
                r.tokens,
                if r.words == 0 {
                    "–".to_owned()
                } else {
                    format!("{:.2}", r.tokens as f64 / r.words as f64)
                }
            );
        }
        h.push_str("</table>");
    }
}

fn length_columns(hist: &LengthHistogram) -> Vec<Column> {
    let last = hist.bins.iter().rposition(|&n| n > 0).unwrap_or(0);
    (0..=last)
        .map(|i| {
            let lo = LENGTH_EDGES[i];
            let label = match LENGTH_EDGES.get(i + 1) {
                Some(&next) if next == lo + 1 => lo.to_string(),
                Some(&next) => format!("{}–{}", short(lo), short(next - 1)),
                None => format!("{}+", short(lo)),
            };
            Column {
                label,
                count: hist.bins[i],
            }
        })
        .collect()
}

fn short(n: u64) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else if n >= 1000 {
        format!("{:.0}k", n as f64 / 1000.0)
    } else {
        n.to_string()
    }
}

fn length_section(h: &mut String, p: &Profile) {
    section(h, "length", "Length of the kept records");
    h.push_str("<h3>Words per record</h3>");
    h.push_str(&svg::columns(&length_columns(&p.words)));
    let _ = write!(h, "<h3>{TOKENIZER} tokens per record</h3>");
    h.push_str(&svg::columns(&length_columns(&p.tokens)));
}

fn dups_section(h: &mut String, p: &Profile) {
    section(h, "dups", "Duplicate cluster sizes");
    h.push_str("<p>Kept records by how many records shared their content (1: unique; the others of a cluster are in <code>rejects/</code> as <code>dedup:*</code>).</p>");
    let groups: [(u64, u64, &str); 7] = [
        (1, 1, "1"),
        (2, 2, "2"),
        (3, 3, "3"),
        (4, 5, "4–5"),
        (6, 10, "6–10"),
        (11, 100, "11–100"),
        (101, u64::MAX, "101+"),
    ];
    let cols: Vec<Column> = groups
        .iter()
        .map(|(lo, hi, label)| Column {
            label: (*label).to_owned(),
            count: p.dup_sizes.range(*lo..=*hi).map(|(_, n)| n).sum(),
        })
        .collect();
    h.push_str(&svg::columns(&cols));
}

fn sources_section(h: &mut String, p: &Profile) {
    section(h, "sources", "Sources");
    let mut rows: Vec<_> = p.sources.iter().collect();
    rows.sort_by(|a, b| b.1.records.cmp(&a.1.records).then(a.0.cmp(b.0)));
    let _ = write!(
        h,
        "<p>{} sources (a record's <code>source</code>, else its URL's host); the {} with the most records. \
Removed lines are those <code>clean</code> took out of kept records, listed when the run had <code>--explain</code>.</p>",
        rows.len(),
        rows.len().min(SOURCES_LISTED)
    );
    h.push_str("<table><tr><th>source</th><th class=\"n\">records</th><th class=\"n\">kept</th><th class=\"n\">kept share</th><th class=\"n\">tokens</th><th>top removed lines</th></tr>");
    for (name, r) in rows.iter().take(SOURCES_LISTED) {
        let mut removed: Vec<_> = r.removed.iter().collect();
        removed.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let lines: Vec<String> = removed
            .iter()
            .take(REMOVED_LISTED)
            .map(|(l, n)| format!("<bdi dir=\"auto\">{}</bdi> ×{n}", escape(l)))
            .collect();
        let _ = write!(
            h,
            "<tr><td dir=\"auto\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(name),
            r.records,
            r.kept,
            share(r.kept, r.records),
            r.tokens,
            lines.join("<br>")
        );
    }
    h.push_str("</table>");
}

fn files_section(h: &mut String, stats: &RunStats) {
    section(h, "files", "Input files");
    let _ = write!(
        h,
        "<p>{} input files{}.</p>",
        stats.files.len(),
        if stats.files.len() > FILES_LISTED {
            format!(", the first {FILES_LISTED} by name")
        } else {
            String::new()
        }
    );
    h.push_str("<table><tr><th>file</th><th class=\"n\">read</th><th class=\"n\">kept</th><th class=\"n\">kept share</th><th class=\"n\">rejected</th><th class=\"n\">errors</th><th>top reason</th></tr>");
    for (name, c) in stats.files.iter().take(FILES_LISTED) {
        let top = c
            .rejected
            .iter()
            .chain(c.errors.iter())
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(r, n)| format!("<code>{}</code> {n}", escape(r)))
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td dir=\"auto\"><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            escape(name),
            c.read,
            c.kept,
            share(c.kept, c.read),
            c.rejected_total(),
            c.errors_total(),
            top
        );
    }
    h.push_str("</table>");
}

fn examples_section(h: &mut String, stats: &RunStats, p: &Profile) {
    section(h, "examples", "Examples of each reason");
    if p.examples.is_empty() {
        h.push_str("<p>No record was dropped.</p>");
        return;
    }
    let t = &stats.total;
    for (reason, examples) in &p.examples {
        let n = t
            .rejected
            .get(reason)
            .or_else(|| t.errors.get(reason))
            .copied()
            .unwrap_or(examples.len() as u64);
        let _ = write!(
            h,
            "<h3><code>{}</code> <span class=\"muted\">{n} records</span></h3><table><tr><th>id</th><th>first line</th><th>detail</th></tr>",
            escape(reason)
        );
        for e in examples {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td dir=\"auto\">{}</td><td><code class=\"small\">{}</code></td></tr>",
                escape(&e.id),
                escape(&e.first_line),
                escape(&e.detail)
            );
        }
        h.push_str("</table>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_attribute_delimiters() {
        assert_eq!(
            escape(r#"<a href="x" onerror='y'>&"#),
            "&lt;a href=&quot;x&quot; onerror=&#39;y&#39;&gt;&amp;"
        );
    }

    #[test]
    fn distribution_keeps_the_threshold_in_range() {
        let s = SignalSample {
            seen: 3,
            seen_dropped: 1,
            values: vec![(0.2, false), (0.3, false), (0.4, true)],
        };
        let d = distribution(&s, Some(0.9)).unwrap();
        assert!(d.hi >= 0.9 && d.lo <= 0.2);
        assert_eq!(d.bins.iter().map(|b| b.0 + b.1).sum::<u64>(), 3);
        assert_eq!(sides(&s, 0.3), (2, 0, 1, 1));
    }

    #[test]
    fn length_columns_stop_after_the_last_filled_bin() {
        let mut hist = LengthHistogram::default();
        hist.add(0);
        hist.add(15);
        let cols = length_columns(&hist);
        assert_eq!(cols.len(), 3);
        assert_eq!(cols[0].label, "0");
        assert_eq!(cols[1].label, "1–9");
        assert_eq!(cols[2].label, "10–19");
    }
}
