//! Scores the `clean` stage on the ANT multi-source corpus (JSONL on stdin).
//!
//! Each article has a separate `title`, `abstract` (the RSS description) and `text`. The
//! page a naive extractor would give is rebuilt as `title`, a blank line, `abstract`, then
//! `text`, and cleaned with the default `[clean]` settings. What counts as correct:
//! - title: the stored form of `title` (one line), exactly;
//! - text: the stored, non-empty lines of `text`, exactly and in order, preceded by the
//!   abstract as its own first line when the abstract is NOT duplicated. Lines are compared,
//!   not the breaks between them: whether two lines are one paragraph or two is `clean`'s
//!   join rule (`src/clean/join.rs`), tested there. The
//!   abstract is duplicated when its letters and digits (matching text) occur anywhere in
//!   those of the text, or equal those of the title. A duplicated abstract is a teaser that
//!   must go; one that is not is a real standfirst (BBC writes its own) and must stay as the
//!   lede.
//!
//! - text, ANT furniture aside: the same, except that the expected text also leaves out the
//!   lines of ANT's `text` that the fixed list [`FURNITURE`] below calls cross-links or page
//!   furniture. The list is this evaluation's own (it shares nothing with the stage's
//!   lexicons), it is matched on the matching text of a line of at most
//!   [`FURNITURE_MAX_WORDS`] words, and every line it takes is counted per source and entry
//!   and listed in the output, so anyone can check that they are furniture.
//!
//! Records whose text and abstract are both empty (nothing but a headline) are left out.
//! Usage: `zstd -dc ant.jsonl.zst | cargo run --release -p ghirbal-clean --example eval_ant
//! [-- --examples N]`.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::time::Instant;

use ghirbal_clean::{Clean, CleanConfig};
use ghirbal_core::{Record, RecordStage, Verdict, text};
use serde_json::Value;

/// Where an entry of [`FURNITURE`] must stand in a line.
#[derive(Clone, Copy, PartialEq)]
enum At {
    /// At the start, as whole words (after any leading `*`, `-`, `|` or quote).
    Start,
    /// At the start, as a whole word followed by a link mark (`:`, `..`, `|`, `/`, `-`, `–`):
    /// "اقرأ: ..." is a link, "اقرأ الكتاب" is prose.
    Marked,
    /// Anywhere.
    Anywhere,
}

/// What may follow an [`At::Marked`] entry.
const LINK_MARKS: &[&str] = &[":", "..", "|", "/", "-", "–", "—"];

/// The evaluation's own definition of a cross-link or furniture line in ANT's `text`: a line
/// of at most [`FURNITURE_MAX_WORDS`] words whose matching text (`ghirbal_core::text::matching`:
/// hamza forms of alef, teh marbuta and diacritics folded, lower case) starts with, or for a
/// copyright notice contains, one of these entries. Written from what news pages print
/// between or after paragraphs ("read also" links, "for more" links, "may interest you"
/// links, "follow our coverage" promos, copyright notices); fixed, not fitted to the scores.
const FURNITURE: &[(&str, At, &str)] = &[
    ("read also", At::Start, "اقرأ أيضا"),
    ("read also", At::Start, "اقرأ كذلك"),
    ("read also", At::Start, "اقرأ المزيد"),
    ("read also", At::Start, "read also"),
    ("read also", At::Start, "read more"),
    ("read also", At::Start, "see also"),
    ("read also", At::Marked, "اقرأ"),
    ("read also", At::Marked, "read"),
    ("for more", At::Start, "للمزيد"),
    ("may interest you", At::Start, "قد يهمك"),
    ("may interest you", At::Start, "يهمك أيضا"),
    ("watch also", At::Start, "شاهد أيضا"),
    ("watch also", At::Marked, "شاهد"),
    ("follow us", At::Start, "تابعوا عبر"),
    ("follow us", At::Start, "تابعوا على"),
    ("follow us", At::Start, "تابعونا"),
    ("copyright", At::Anywhere, "حقوق النشر محفوظة"),
    ("copyright", At::Anywhere, "جميع الحقوق محفوظة"),
    ("copyright", At::Anywhere, "كل الحقوق محفوظة"),
    ("copyright", At::Anywhere, "all rights reserved"),
    ("copyright", At::Anywhere, "©"),
];

/// A line with more words than this is never furniture: it is prose that happens to start
/// with one of the words.
const FURNITURE_MAX_WORDS: usize = 30;

/// The matching text of `line` without leading marks (`*`, `-`, `|`, quotes) and with inner
/// whitespace folded: the form [`FURNITURE`] entries are compared in.
fn furniture_form(line: &str) -> String {
    let m = text::matching(line);
    let trimmed = m.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©');
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The [`FURNITURE`] label of `line`, if the list takes it.
fn furniture(line: &str, list: &[(&'static str, At, String)]) -> Option<&'static str> {
    if line.split_whitespace().nth(FURNITURE_MAX_WORDS).is_some() {
        return None;
    }
    let form = furniture_form(line);
    list.iter().find_map(|(label, at, entry)| {
        let hit = match at {
            At::Anywhere => form.contains(entry.as_str()),
            At::Start => form
                .strip_prefix(entry.as_str())
                .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric)),
            At::Marked => form.strip_prefix(entry.as_str()).is_some_and(|rest| {
                let rest = rest.trim_start();
                LINK_MARKS.iter().any(|m| rest.starts_with(m))
            }),
        };
        hit.then_some(*label)
    })
}

#[derive(Default)]
struct Score {
    records: u64,
    title_ok: u64,
    text_ok: u64,
    both_ok: u64,
    text_ok_furniture: u64,
    /// Lines of ANT `text` the list calls furniture, by label, and how many of them the
    /// stage removed.
    furniture_by_label: BTreeMap<&'static str, (u64, u64)>,
    furniture_lines: BTreeMap<String, u64>,
    duplicated_abstract: u64,
    misses: BTreeMap<&'static str, u64>,
    examples: Vec<String>,
}

fn key(s: &str) -> String {
    text::matching(s)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn one_line(s: &str) -> String {
    text::stored(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let mut max_examples = 0usize;
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--examples") {
        max_examples = args.get(i + 1).and_then(|n| n.parse().ok()).unwrap_or(5);
    }
    let stage = Clean::new(&CleanConfig {
        explain: true,
        ..CleanConfig::default()
    })
    .expect("default config builds");

    let list: Vec<(&'static str, At, String)> = FURNITURE
        .iter()
        .map(|(label, at, entry)| (*label, *at, furniture_form(entry)))
        .collect();
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut skipped = 0u64;
    let mut clean_seconds = 0.0f64;
    let mut cleaned = 0u64;
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        let (source, title, abstract_, body) = (
            field("source"),
            field("title"),
            field("abstract"),
            field("text"),
        );
        if body.trim().is_empty() && abstract_.trim().is_empty() {
            skipped += 1;
            continue;
        }
        let page = format!("{title}\n\n{abstract_}\n{body}");
        let mut rec = Record::new(field("id"), page);
        let t0 = Instant::now();
        let verdict = stage.apply(&mut rec);
        clean_seconds += t0.elapsed().as_secs_f64();
        cleaned += 1;

        let expected_title = one_line(&title);
        let stored_body = text::stored(&body);
        let mut expected: Vec<String> = stored_body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let abstract_key = key(&abstract_);
        let duplicated = abstract_key.is_empty()
            || key(&body).contains(&abstract_key)
            || abstract_key == key(&title);
        if !duplicated {
            expected.insert(0, one_line(&abstract_));
        }
        let expected_text = expected.join("\n");

        let s = scores.entry(source).or_default();
        s.records += 1;
        s.duplicated_abstract += u64::from(duplicated && !abstract_key.is_empty());
        let kept = verdict == Verdict::Keep;
        let title_ok = kept && rec.title.as_deref() == Some(expected_title.as_str());
        let got_lines = lines_of(&rec.text);
        let text_ok = kept && got_lines == expected;
        s.title_ok += u64::from(title_ok);
        s.text_ok += u64::from(text_ok);
        s.both_ok += u64::from(title_ok && text_ok);
        // The same test with the lines the evaluation's own list calls furniture left out of
        // the expected text; every such line is counted below, for inspection.
        let removed_furniture = removed_lines(&rec, "");
        let mut expected_aside: Vec<String> = Vec::with_capacity(expected.len());
        for l in &expected {
            match furniture(l, &list) {
                Some(label) => {
                    let c = s.furniture_by_label.entry(label).or_default();
                    c.0 += 1;
                    c.1 += u64::from(removed_furniture.contains(l));
                    *s.furniture_lines
                        .entry(l.chars().take(60).collect())
                        .or_default() += 1;
                }
                None => expected_aside.push(l.clone()),
            }
        }
        let aside_ok = kept && got_lines == expected_aside;
        s.text_ok_furniture += u64::from(aside_ok);
        if title_ok && aside_ok {
            continue;
        }
        if std::env::var("EVAL_DUMP").is_ok_and(|d| d == rec.id) {
            eprintln!(
                "EXPECTED:\n{expected_text}\n\nGOT:\n{}\n\n{:?}",
                rec.text, rec.metadata
            );
        }
        let kind = classify(
            &rec,
            kept,
            title_ok,
            duplicated,
            &expected_aside,
            &abstract_,
            &list,
        );
        *s.misses.entry(kind).or_default() += 1;
        if s.examples.len() < max_examples {
            let removed = rec.metadata.get("removed").cloned().unwrap_or(Value::Null);
            let kept_furniture: Vec<&String> = got_lines
                .iter()
                .filter(|l| furniture(l, &list).is_some())
                .collect();
            s.examples.push(format!(
                "[{kind}] {}\n  expected title: {expected_title}\n  got title: {:?}\n  expected first: {:?}\n  got first: {:?}\n  removed: {removed}\n  furniture kept: {kept_furniture:?}",
                rec.id,
                rec.title,
                expected.first().map(|l| l.chars().take(100).collect::<String>()),
                got_lines.first().map(|l| l.chars().take(100).collect::<String>()),
            ));
        }
    }

    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "ANT clean evaluation: exact title and exact paragraphs"
    );
    let _ = writeln!(
        out,
        "{:<10} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "source", "records", "title%", "text%", "both%", "text-f%", "dup.abs%"
    );
    let pct = |a: u64, b: u64| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    let row = |out: &mut std::io::StdoutLock<'_>, name: &str, s: &Score| {
        let _ = writeln!(
            out,
            "{name:<10} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.2} {:>9.1}",
            s.records,
            pct(s.title_ok, s.records),
            pct(s.text_ok, s.records),
            pct(s.both_ok, s.records),
            pct(s.text_ok_furniture, s.records),
            pct(s.duplicated_abstract, s.records)
        );
    };
    let mut total = Score::default();
    for (source, s) in &scores {
        row(&mut out, source, s);
        total.text_ok_furniture += s.text_ok_furniture;
        total.records += s.records;
        total.title_ok += s.title_ok;
        total.text_ok += s.text_ok;
        total.both_ok += s.both_ok;
        total.duplicated_abstract += s.duplicated_abstract;
    }
    row(&mut out, "all", &total);
    let _ = writeln!(
        out,
        "text%: strict, every non-empty line of ANT `text` expected.\ntext-f%: the same with the lines the evaluation's own furniture list takes left out of the\nexpected text (list below, in eval_ant.rs; lines of at most {FURNITURE_MAX_WORDS} words)."
    );
    let _ = writeln!(out, "left out (empty text and abstract): {skipped}");
    let _ = writeln!(
        out,
        "\nmisses of text-f% (or of the title) by kind (first cause found):"
    );
    for (source, s) in &scores {
        let kinds: Vec<String> = s.misses.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = writeln!(out, "  {source:<10} {}", kinds.join(", "));
    }
    let _ = writeln!(out, "\nthe furniture list (matching text of the line):");
    for (label, at, entry) in &list {
        let at = match at {
            At::Start => "starts with",
            At::Marked => "starts with, then a link mark,",
            At::Anywhere => "contains",
        };
        let _ = writeln!(out, "  {label:<17} {at} {entry:?}");
    }
    let _ = writeln!(
        out,
        "\nlines of ANT `text` the list takes, per source: by entry (lines, of which the stage removed)"
    );
    for (source, s) in &scores {
        let by: Vec<String> = s
            .furniture_by_label
            .iter()
            .map(|(l, (n, r))| format!("{l} {n} ({r})"))
            .collect();
        let _ = writeln!(out, "  {source:<10} {}", by.join(", "));
    }
    let _ = writeln!(out, "\nthose lines, top 8 per source (first 60 chars):");
    for (source, s) in &scores {
        let mut top: Vec<(&String, &u64)> = s.furniture_lines.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let n: u64 = s.furniture_lines.values().sum();
        let _ = writeln!(out, "  {source} ({n} lines):");
        for (line, count) in top.into_iter().take(8) {
            let _ = writeln!(out, "    {count:>5}  {line}");
        }
    }
    if max_examples > 0 {
        for (source, s) in &scores {
            let _ = writeln!(out, "\nexamples of misses, {source}:");
            for e in &s.examples {
                let _ = writeln!(out, "{e}");
            }
        }
    }
    let _ = writeln!(
        out,
        "\nclean stage: {cleaned} records in {clean_seconds:.2} s on one thread = {:.0} records/s per core",
        cleaned as f64 / clean_seconds.max(1e-9)
    );
}

/// The non-empty lines of a cleaned text, trimmed.
fn lines_of(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The lines `rec.metadata.removed` lists with a reason starting with `prefix`.
fn removed_lines(rec: &Record, prefix: &str) -> Vec<String> {
    rec.metadata
        .get("removed")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|e| e["reason"].as_str().is_some_and(|r| r.starts_with(prefix)))
                .filter_map(|e| e["line"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The first reason found for a miss of the text with furniture aside, for the summary.
fn classify(
    rec: &Record,
    kept: bool,
    title_ok: bool,
    duplicated: bool,
    expected: &[String],
    abstract_: &str,
    list: &[(&'static str, At, String)],
) -> &'static str {
    if !kept {
        return "rejected";
    }
    if !title_ok {
        return "title";
    }
    let got_owned = lines_of(&rec.text);
    let got: Vec<&str> = got_owned.iter().map(String::as_str).collect();
    let abstract_line = one_line(abstract_);
    let lost = |reason: &str| {
        removed_lines(rec, reason)
            .iter()
            .any(|l| expected.contains(l))
    };
    if got.iter().any(|l| furniture(l, list).is_some()) {
        return "furniture kept";
    }
    if lost("boilerplate") {
        return "prose removed as furniture";
    }
    if lost("caption") {
        return "ANT line taken as caption";
    }
    if !duplicated && got.first() != Some(&abstract_line.as_str()) {
        return if lost("teaser_duplicate") || removed_lines(rec, "teaser").contains(&abstract_line)
        {
            "standfirst dropped as teaser"
        } else {
            "standfirst lost"
        };
    }
    if duplicated && got.first() == Some(&abstract_line.as_str()) && got.len() > expected.len() {
        return "teaser kept";
    }
    if lost("teaser_duplicate") {
        return "ANT line taken as teaser";
    }
    if lost("title") {
        return "ANT line taken as title repeat";
    }
    "other"
}
