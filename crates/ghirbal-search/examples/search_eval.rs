//! The search bench's measurements; `bench/search.sh` runs them.
//!
//! ```text
//! search_eval known-item ANT.jsonl.zst [--every N]   MRR@10 per query variant and analyser
//! search_eval latency OUT [--queries N]              p50/p99 of `ghirbal search` on OUT's index
//! ```
//! `known-item`: every article of ANT (read with ghirbal-io's reader) is indexed by its text
//! alone, three times: plain tokens, a Lucene-style Arabic analyser, ghirbal's. Every Nth
//! article's title becomes a query (its words OR-ed, as a search box does), in six variants
//! (as written; fully diacritised; with و/ب/ال prefixes added; with them removed; alef, yeh
//! and teh-marbuta spelt loosely; singular and plural swapped). The answer is the article the
//! title belongs to; MRR@10 per variant and analyser, counted over the queries the variant
//! changed (so an unchanged query does not hide a difference).
//! `latency`: queries are the first three words of every kth kept title of OUT; each runs
//! through `Searchable::search` (limit 10, snippets) once to warm up and then timed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ghirbal_search::baseline;
use ghirbal_search::{SearchRequest, Searchable, analyzers};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

fn main() {
    if let Err(e) = run() {
        eprintln!("search_eval: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("known-item"), Some(path)) => known_item(Path::new(path), flag("--every", 10)),
        (Some("latency"), Some(out)) => latency(Path::new(out), flag("--queries", 200)),
        _ => Err(
            "usage: search_eval known-item ANT.jsonl.zst [--every N] | latency OUT [--queries N]"
                .into(),
        ),
    }
}

/// One ANT article: id, title, text.
struct Article {
    title: String,
    text: String,
}

fn read_articles(path: &Path) -> Result<Vec<Article>, String> {
    let found = ghirbal_io::expand(&[path.to_path_buf()]);
    let input = found
        .inputs
        .first()
        .ok_or_else(|| format!("{}: not found", path.display()))?;
    let mut reader = ghirbal_io::open(input, &ghirbal_io::ReadOptions::default());
    let mut out = Vec::new();
    let mut bad = 0;
    while let Some(item) = reader.next_item() {
        match item {
            Ok(r) => out.push(Article {
                title: r.title.unwrap_or_default(),
                text: r.text,
            }),
            Err(_) => bad += 1,
        }
    }
    if bad > 0 {
        eprintln!("search_eval: {bad} unreadable lines left out");
    }
    Ok(out)
}

/// An index of the articles' text with one analyser.
struct Engine {
    name: &'static str,
    index: Index,
    text: Field,
    analyzer: TextAnalyzer,
    _dir: tempfile::TempDir,
}

impl Engine {
    fn build(
        name: &'static str,
        analyzer: TextAnalyzer,
        articles: &[Article],
    ) -> Result<Engine, String> {
        let e = |x: tantivy::TantivyError| x.to_string();
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let text = b.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(name)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        );
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let index = Index::create_in_dir(dir.path(), b.build()).map_err(e)?;
        index.tokenizers().register(name, analyzer.clone());
        let started = Instant::now();
        let mut w: IndexWriter<TantivyDocument> = index.writer(128 << 20).map_err(e)?;
        for (i, a) in articles.iter().enumerate() {
            let mut doc = TantivyDocument::default();
            doc.add_text(id, i.to_string());
            doc.add_text(text, &a.text);
            w.add_document(doc).map_err(e)?;
        }
        w.commit().map_err(e)?;
        w.wait_merging_threads().map_err(e)?;
        eprintln!(
            "search_eval: {name}: indexed {} articles in {:.1} s",
            articles.len(),
            started.elapsed().as_secs_f64()
        );
        Ok(Engine {
            name,
            index,
            text,
            analyzer,
            _dir: dir,
        })
    }

    /// The query's words through this engine's analyser, OR-ed.
    fn query(&mut self, q: &str) -> Box<dyn Query> {
        let mut terms = BTreeSet::new();
        let mut stream = self.analyzer.token_stream(q);
        while stream.advance() {
            terms.insert(stream.token().text.clone());
        }
        let clauses: Vec<(Occur, Box<dyn Query>)> = terms
            .into_iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.text, &t),
                    IndexRecordOption::WithFreqs,
                ));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }
}

/// Reciprocal rank of `target` in the top 10, 0 when absent.
fn rr(engine: &mut Engine, searcher: &tantivy::Searcher, q: &str, target: usize) -> f64 {
    let query = engine.query(q);
    let Ok(top) = searcher.search(&query, &TopDocs::with_limit(10).order_by_score()) else {
        return 0.0;
    };
    let id_field = engine
        .index
        .schema()
        .get_field("id")
        .expect("the schema has id");
    for (rank, (_, addr)) in top.iter().enumerate() {
        let Ok(doc) = searcher.doc::<TantivyDocument>(*addr) else {
            continue;
        };
        let id = doc
            .get_first(id_field)
            .and_then(|v| v.as_str())
            .unwrap_or("");
        if id == target.to_string() {
            return 1.0 / (rank + 1) as f64;
        }
    }
    0.0
}

fn known_item(path: &Path, every: usize) -> Result<(), String> {
    let articles = read_articles(path)?;
    let mut engines = vec![
        Engine::build("plain", baseline::plain(), &articles)?,
        Engine::build("lucene_ar", baseline::lucene_arabic(), &articles)?,
        Engine::build("ghirbal_ar", analyzers::arabic(), &articles)?,
    ];
    let variants: [(&str, Variant); 6] = [
        ("as written", |s| s.to_owned()),
        ("diacritised", diacritise),
        ("prefixes added", add_prefixes),
        ("prefixes removed", remove_prefixes),
        ("alef/yeh/teh loose", loose_spelling),
        ("singular<->plural", swap_number),
    ];
    let queries: Vec<usize> = (0..articles.len())
        .step_by(every.max(1))
        .filter(|&i| articles[i].title.split_whitespace().count() >= 2)
        .collect();
    println!(
        "known-item: {} ANT articles indexed by text alone; {} title queries (every {every}th)",
        articles.len(),
        queries.len()
    );
    println!("MRR@10 per variant (n = queries the variant changed):");
    print!("{:<22} {:>6}", "variant", "n");
    for e in &engines {
        print!(" {:>11}", e.name);
    }
    println!(" {:>12} {:>12}", "vs plain", "vs lucene");
    let searchers: Vec<tantivy::Searcher> = engines
        .iter()
        .map(|e| {
            e.index
                .reader()
                .map(|r| r.searcher())
                .map_err(|x| x.to_string())
        })
        .collect::<Result<_, _>>()?;
    for (name, transform) in variants {
        let mut sums = vec![0.0; engines.len()];
        let mut n = 0usize;
        for &i in &queries {
            let title = &articles[i].title;
            let q = transform(title);
            if name != "as written" && q == *title {
                continue;
            }
            n += 1;
            for (k, e) in engines.iter_mut().enumerate() {
                sums[k] += rr(e, &searchers[k], &q, i);
            }
        }
        let mrr: Vec<f64> = sums.iter().map(|s| s / n.max(1) as f64).collect();
        print!("{name:<22} {n:>6}");
        for m in &mrr {
            print!(" {m:>11.4}");
        }
        println!(
            " {:>11.2}x {:>11.2}x",
            mrr[2] / mrr[0].max(1e-9),
            mrr[2] / mrr[1].max(1e-9)
        );
    }
    Ok(())
}

/// A rewrite of a title into a query variant.
type Variant = fn(&str) -> String;

/// A deterministic small hash of a word and a position, to vary the generated forms.
fn pick(word: &str, i: usize, n: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes().chain(std::iter::once(i as u8)) {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    h % n
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// Every consonant with a haraka (fatha, kasra, damma or sukun, varied by word), a shadda on
/// some second letters, tanween on some last letters; superscript alef in the demonstratives
/// that carry it in vocalised text.
fn diacritise(title: &str) -> String {
    let marks = ['\u{064E}', '\u{0650}', '\u{064F}', '\u{0652}'];
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            match w {
                "هذا" => return "هٰذَا".to_owned(),
                "هذه" => return "هٰذِهِ".to_owned(),
                "ذلك" => return "ذٰلِكَ".to_owned(),
                "لكن" => return "لٰكِنَّ".to_owned(),
                _ => {}
            }
            let letters: Vec<char> = w.chars().collect();
            let mut out = String::new();
            for (i, &c) in letters.iter().enumerate() {
                out.push(c);
                if !is_arabic_letter(c) || matches!(c, 'ا' | 'ى' | 'ء' | 'آ') {
                    continue;
                }
                // Long vowels after a letter take no mark of their own here.
                if i > 0 && matches!(c, 'و' | 'ي') && pick(w, i, 2) == 0 {
                    continue;
                }
                if i == 1 && pick(w, 99, 5) == 0 {
                    out.push('\u{0651}');
                }
                let last = i + 1 == letters.len();
                if last && pick(w, 98, 3) == 0 {
                    out.push('\u{064C}');
                } else {
                    out.push(marks[pick(w, i, 4) as usize]);
                }
            }
            out
        })
        .collect();
    words.join(" ")
}

fn arabic_word(w: &str) -> bool {
    w.chars().count() >= 3 && w.chars().all(is_arabic_letter)
}

/// و or ب before words with the article; ب, و or ل before other Arabic words.
fn add_prefixes(title: &str) -> String {
    let words: Vec<String> = title
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            if !arabic_word(w) {
                return w.to_owned();
            }
            if w.starts_with("ال") {
                format!("{}{w}", ["و", "ب"][i % 2])
            } else {
                format!("{}{w}", ["ب", "و", "ل"][i % 3])
            }
        })
        .collect();
    words.join(" ")
}

/// The article and any conjunction or preposition before it taken off (والمدينة → مدينة).
fn remove_prefixes(title: &str) -> String {
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            if !arabic_word(w) {
                return w.to_owned();
            }
            let chars: Vec<char> = w.chars().collect();
            for skip in [0, 1, 2] {
                if chars.len() >= skip + 4
                    && chars[..skip].iter().all(|c| "وفبكل".contains(*c))
                    && chars[skip] == 'ا'
                    && chars[skip + 1] == 'ل'
                {
                    return chars[skip + 2..].iter().collect();
                }
            }
            w.to_owned()
        })
        .collect();
    words.join(" ")
}

/// أ إ آ written ا, ى written ي, a final ة written ه: the spellings of quick typing.
fn loose_spelling(title: &str) -> String {
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            let mut s: String = w
                .chars()
                .map(|c| match c {
                    'أ' | 'إ' | 'آ' => 'ا',
                    'ى' => 'ي',
                    c => c,
                })
                .collect();
            if s.ends_with('ة') {
                s.pop();
                s.push('ه');
            }
            s
        })
        .collect();
    words.join(" ")
}

/// Sound plurals to the singular and back: ـات ↔ ـة, ـون/ـين dropped.
fn swap_number(title: &str) -> String {
    let words: Vec<String> = title
        .split_whitespace()
        .map(|w| {
            if !arabic_word(w) || w.chars().count() < 5 {
                return w.to_owned();
            }
            if let Some(stem) = w.strip_suffix("ات") {
                format!("{stem}ة")
            } else if let Some(stem) = w.strip_suffix('ة') {
                format!("{stem}ات")
            } else if let Some(stem) = w.strip_suffix("ون").or_else(|| w.strip_suffix("ين")) {
                stem.to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect();
    words.join(" ")
}

fn latency(out: &Path, n: usize) -> Result<(), String> {
    let titles: Vec<String> = ghirbal_io::output::read_output(out, ghirbal_io::output::Part::Kept)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .filter_map(|r| r.record.title)
        .filter(|t| t.split_whitespace().count() >= 3)
        .collect();
    if titles.is_empty() {
        return Err(format!("{}: no kept record with a title", out.display()));
    }
    let step = (titles.len() / n.max(1)).max(1);
    let queries: Vec<String> = titles
        .iter()
        .step_by(step)
        .take(n)
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect();
    let s = Searchable::open(&PathBuf::from(out)).map_err(|e| e.to_string())?;
    let request = |q: &str| SearchRequest {
        query: q.to_owned(),
        limit: 10,
        ..SearchRequest::default()
    };
    for q in &queries {
        s.search(&request(q)).map_err(|e| e.to_string())?;
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for q in &queries {
        let started = Instant::now();
        let r = s.search(&request(q)).map_err(|e| e.to_string())?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        hits += r.hits.len();
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "latency: {} queries (first three words of kept titles) on {} indexed records: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {:.1} hits per query",
        times.len(),
        s.facts().kept + s.facts().rejected,
        at(0.5),
        at(0.99),
        times[times.len() - 1],
        hits as f64 / times.len() as f64
    );
    Ok(())
}
