//! The layouts evaluation of `clean` (issue 17): real articles laid out as news sites lay them
//! out, with furniture worded unlike any lexicon of this crate, as a naive extractor leaves
//! them (one line per block, no blank lines), cleaned with default settings and no title.
//!
//! Articles:
//! - Arabic: ANT multi-source (JSONL on stdin): `--ant N` articles (default 240), the ones with
//!   the smallest xxh3 of their id among those with a title and at least two lines of text,
//!   and no line of at most 30 words that is one of ANT's own in-text cross-links or notices
//!   (it starts with "اقرأ", "للمزيد", "شاهد", "تابع", "قد يهمك" or holds "©" / "حقوق"): those
//!   are measured by `eval_ant`, not here. The body is ANT's `text`, one paragraph per line.
//! - English and French: `--gold FILE`, the JSON lines of `bench/clean/gold.py`.
//!
//! Layouts: `--layouts FILE` (repeatable), TOML as described in
//! `bench/clean/layouts/dev2.toml`. Layouts marked `held_out = true` (`held-out7.toml`) are
//! scored only with `--held-out`: they were written before the rules and are looked at only at
//! the end.
//! Every article is laid out in every layout. Placeholders are filled from the article's id
//! (a date between 2015 and 2024, a time, small and large numbers, a section name, an author)
//! and from the next articles of the same language (`{related1}`, `related` parts).
//!
//! Scores, per layout and language, and over the dev and held-out layouts:
//! - title exact: `clean`'s `title` equals the headline's stored form, whitespace folded;
//! - body exact: the cleaned text's non-empty lines are the body's paragraphs, exactly and in
//!   order (lines are compared; the join rule decides paragraph breaks);
//! - paragraphs kept: body paragraphs found among the cleaned text's lines;
//! - furniture removed: furniture lines (datelines, related lists and in-body furniture
//!   included) not among the cleaned text's lines once the body's are taken;
//! - date: pages whose dateline holds the date and whose `date` is that day.
//!
//! Each measure is printed twice, side by side:
//! - `clean alone`: the text of the `clean` stage, page by page;
//! - `clean + site stage (as ghirbal run)`: the pipeline a user runs (`ghirbal run`, default
//!   preset) runs the site-boilerplate corpus stage after `clean`, so every page of a layout
//!   gets a url on a host of its own layout (`https://<layout>.example/<article id>`: one
//!   site per layout, all its languages together), and the crate's own [`SiteBoilerplate`]
//!   with the default [`SiteConfig`](ghirbal_clean::SiteConfig) observes every page `clean`
//!   kept, finishes its index, then decides each page, as the pipeline does. A line recurring
//!   on at least `min_pages` (5) pages and `min_fraction` (1 %) of a layout's pages goes: a
//!   layout's constant furniture, and an article's line that recurs in its corpus (ANT's BBC
//!   app prompt). A page rejected by either stage has no lines.
//!
//! The furniture kept by kind and the paragraphs lost are printed for both.
//!
//! Usage: `zstd -dc ant.jsonl.zst | eval_layouts --layouts dev.toml --layouts dev2.toml
//! --layouts dev3.toml --layouts dev4.toml --layouts dev5.toml --layouts dev6.toml
//! --layouts dev7.toml --layouts held-out7.toml --gold gold.jsonl [--held-out] [--misses N] [--only D1]
//! [--lost FILE]`:
//! `--misses N` shows up to N pages per layout whose title or body `clean` alone got wrong,
//! with what `clean` removed and why; `--only` scores the layouts named (by their first word)
//! only (the site stage then sees those layouts' pages only, which is all it ever sees of a
//! layout); `--lost FILE` writes each body paragraph missing from the cleaned text as a JSON
//! line, with the removal that took it out (`"stage": "clean"`), then each one `clean` kept and
//! the site stage removed (`"stage": "site"`).

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

use ghirbal_clean::{Clean, CleanConfig, SiteBoilerplate, SiteIndex};
use ghirbal_core::{CorpusStage, Record, RecordStage, Verdict, text};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct LayoutFile {
    layout: Vec<Layout>,
}

#[derive(Deserialize)]
struct Layout {
    name: String,
    #[serde(default)]
    held_out: bool,
    part: Vec<Part>,
}

#[derive(Deserialize)]
struct Part {
    kind: String,
    #[serde(default)]
    what: Option<String>,
    #[serde(default)]
    ar: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    fr: Vec<String>,
    #[serde(default)]
    count: usize,
    #[serde(default)]
    after: usize,
}

impl Part {
    fn lines(&self, lang: &str) -> &[String] {
        match lang {
            "ar" => &self.ar,
            "en" => &self.en,
            _ => &self.fr,
        }
    }
}

/// One article: its language, title and paragraphs.
struct Article {
    lang: &'static str,
    id: String,
    title: String,
    paragraphs: Vec<String>,
}

/// What a line of an assembled page is.
#[derive(Clone, PartialEq)]
enum Truth {
    Headline,
    Body,
    Furniture(String),
}

/// Scores summed over pages.
#[derive(Default, Clone)]
struct Tally {
    pages: u64,
    title: u64,
    body: u64,
    paragraphs: u64,
    paragraphs_kept: u64,
    furniture: u64,
    furniture_removed: u64,
    dated: u64,
    date_found: u64,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.pages += o.pages;
        self.title += o.title;
        self.body += o.body;
        self.paragraphs += o.paragraphs;
        self.paragraphs_kept += o.paragraphs_kept;
        self.furniture += o.furniture;
        self.furniture_removed += o.furniture_removed;
        self.dated += o.dated;
        self.date_found += o.date_found;
    }

    fn cells(&self) -> String {
        format!(
            "{:>6} {:>8.2} {:>8.2} {:>9.2} {:>9.2} {:>7.2}",
            self.pages,
            pct(self.title, self.pages),
            pct(self.body, self.pages),
            pct(self.paragraphs_kept, self.paragraphs),
            pct(self.furniture_removed, self.furniture),
            pct(self.date_found, self.dated),
        )
    }
}

/// One row: `clean` alone, then `clean` followed by the site stage.
fn row(label: &str, t: &[Tally; 2]) -> String {
    format!("  {label:<34} {} | {}", t[0].cells(), t[1].cells())
}

fn pct(a: u64, b: u64) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The header of the score rows ([`row`]).
fn header() -> String {
    let cells = format!(
        "{:>6} {:>8} {:>8} {:>9} {:>9} {:>7}",
        "pages", "title", "body", "para kept", "furn rm'd", "date"
    );
    format!(
        "  {:<34} {:<52} | {}\n  {:<34} {cells} | {cells}",
        "", "clean alone", "clean + site stage (as ghirbal run)", "layout / language"
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let values = |flag: &str| -> Vec<String> {
        args.windows(2)
            .filter(|w| w[0] == flag)
            .map(|w| w[1].clone())
            .collect()
    };
    let held_out = args.iter().any(|a| a == "--held-out");
    let ant_count: usize = values("--ant")
        .first()
        .map_or(240, |v| v.parse().expect("--ant N"));
    let misses_shown: usize = values("--misses")
        .first()
        .map_or(3, |v| v.parse().expect("--misses N"));

    let mut layouts: Vec<Layout> = Vec::new();
    for path in values("--layouts") {
        let src = std::fs::read_to_string(&path).expect("--layouts file reads");
        let file: LayoutFile = toml::from_str(&src).expect("layout file parses");
        layouts.extend(file.layout);
    }
    let only = values("--only");
    let scored: Vec<&Layout> = layouts
        .iter()
        .filter(|l| held_out || !l.held_out)
        .filter(|l| only.is_empty() || only.iter().any(|o| short_name(&l.name) == o))
        .collect();

    let mut articles = ant_articles(ant_count);
    for path in values("--gold") {
        articles.extend(gold_articles(&path));
    }
    let mut by_lang: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        by_lang.entry(a.lang).or_default().push(i);
    }
    println!(
        "articles: {}",
        by_lang
            .iter()
            .map(|(l, v)| format!("{l} {}", v.len()))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let config = CleanConfig {
        explain: misses_shown > 0 || !values("--lost").is_empty(),
        ..CleanConfig::default()
    };
    let clean = Clean::new(&config).expect("default config builds");
    let site = SiteBoilerplate::new(&config.site, config.explain).expect("default site config");
    // Per (held-out, language): `clean` alone, then `clean` and the site stage.
    let mut totals: BTreeMap<(bool, &str), [Tally; 2]> = BTreeMap::new();
    let mut kept_kinds: [BTreeMap<(bool, String), u64>; 2] = Default::default();
    let mut lost_paragraphs: [BTreeMap<bool, u64>; 2] = Default::default();
    let mut misses: Vec<String> = Vec::new();
    let mut lost_out = values("--lost")
        .first()
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("--lost file opens")));
    println!("\n{}", header());
    for layout in &scored {
        let mut per_lang: BTreeMap<&str, [Tally; 2]> = BTreeMap::new();
        let mut shown = 0;
        let mut pages: Vec<Page> = Vec::new();
        for (lang, idx) in &by_lang {
            for (k, &ai) in idx.iter().enumerate() {
                let next: Vec<&Article> = (1..=8)
                    .map(|d| &articles[idx[(k + d) % idx.len()]])
                    .collect();
                let (page, truth, day) = assemble(layout, &articles[ai], &next);
                let mut rec = Record::new(articles[ai].id.clone(), page.join("\n"));
                // One host per layout: the site stage groups pages by it.
                rec.url = Some(format!(
                    "https://{}.example/{}",
                    short_name(&layout.name).to_ascii_lowercase(),
                    articles[ai].id
                ));
                let kept = clean.apply(&mut rec) == Verdict::Keep;
                pages.push(Page {
                    lang,
                    ai,
                    page,
                    truth,
                    day,
                    rec,
                    kept,
                });
            }
        }
        // `clean` alone: each page as `clean` left it.
        for p in &pages {
            let out_lines = text_lines(&p.rec, p.kept);
            let t = score(&p.page, &p.truth, &out_lines, &p.rec, p.day.as_deref());
            count_kept(&mut kept_kinds[0], layout.held_out, p, &out_lines);
            *lost_paragraphs[0].entry(layout.held_out).or_default() +=
                t.paragraphs - t.paragraphs_kept;
            if let Some(f) = lost_out.as_mut() {
                write_lost(f, layout, p, &out_lines, &p.rec, None);
            }
            if (t.title + t.body < 2) && shown < misses_shown {
                shown += 1;
                misses.push(miss(layout, p, &articles[p.ai].id, &t, &out_lines));
            }
            per_lang.entry(p.lang).or_default()[0].add(&t);
        }
        // `clean` then the site stage, as `ghirbal run` does: observe every kept page, finish
        // the index, decide each page.
        let mut index = SiteIndex::default();
        for p in pages.iter().filter(|p| p.kept) {
            site.observe(&p.rec, &mut index);
        }
        let index = site.finish(index);
        for p in &pages {
            let mut rec = p.rec.clone();
            let kept = p.kept && site.decide(&mut rec, &index) == Verdict::Keep;
            let out_lines = text_lines(&rec, kept);
            let t = score(&p.page, &p.truth, &out_lines, &rec, p.day.as_deref());
            count_kept(&mut kept_kinds[1], layout.held_out, p, &out_lines);
            *lost_paragraphs[1].entry(layout.held_out).or_default() +=
                t.paragraphs - t.paragraphs_kept;
            if let Some(f) = lost_out.as_mut() {
                // Only what the site stage lost: `clean`'s losses are written above.
                let before = text_lines(&p.rec, p.kept);
                write_lost(f, layout, p, &out_lines, &rec, Some(&before));
            }
            per_lang.entry(p.lang).or_default()[1].add(&t);
        }
        let mut all = [Tally::default(), Tally::default()];
        for (lang, t) in &per_lang {
            println!(
                "{}",
                row(&format!("{} {lang}", short_name(&layout.name)), t)
            );
            for s in 0..2 {
                all[s].add(&t[s]);
                totals.entry((layout.held_out, lang)).or_default()[s].add(&t[s]);
            }
        }
        println!(
            "{}",
            row(&format!("{} all", short_name(&layout.name)), &all)
        );
    }
    for held in [false, true] {
        if !totals.keys().any(|(h, _)| *h == held) {
            continue;
        }
        let name = if held {
            "held-out layouts"
        } else {
            "dev layouts"
        };
        println!("\n{name}\n{}", header());
        let mut all = [Tally::default(), Tally::default()];
        for ((h, lang), t) in &totals {
            if *h == held {
                println!("{}", row(lang, t));
                for s in 0..2 {
                    all[s].add(&t[s]);
                }
            }
        }
        println!("{}", row("all", &all));
        for (s, what) in ["", " (clean + site stage)"].iter().enumerate() {
            let kinds: Vec<String> = kept_kinds[s]
                .iter()
                .filter(|((h, _), _)| *h == held)
                .map(|((_, w), n)| format!("{w} {n}"))
                .collect();
            println!(
                "  furniture lines kept, by kind{what}: {}",
                if kinds.is_empty() {
                    "none".to_owned()
                } else {
                    kinds.join(", ")
                }
            );
            println!(
                "  paragraphs lost{what}: {}",
                lost_paragraphs[s].get(&held).copied().unwrap_or(0)
            );
        }
    }
    if !held_out {
        println!("\n(held-out layouts not scored: pass --held-out)");
    }
    if !misses.is_empty() {
        println!("\nmisses (title or body) of `clean` alone, up to {misses_shown} per layout:");
        for m in misses {
            println!("{m}");
        }
    }
}

/// One assembled page of a layout and what `clean` made of it.
struct Page {
    lang: &'static str,
    ai: usize,
    page: Vec<String>,
    truth: Vec<Truth>,
    day: Option<String>,
    rec: Record,
    kept: bool,
}

/// The cleaned text's non-empty lines, whitespace folded; none when the page was rejected.
fn text_lines(rec: &Record, kept: bool) -> Vec<String> {
    if !kept {
        return Vec::new();
    }
    rec.text
        .lines()
        .map(fold)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Counts the furniture lines of `p` still among `out_lines`, by kind.
fn count_kept(
    kinds: &mut BTreeMap<(bool, String), u64>,
    held_out: bool,
    p: &Page,
    out_lines: &[String],
) {
    for (line, kind) in p.page.iter().zip(&p.truth) {
        if let Truth::Furniture(what) = kind
            && out_lines.contains(&fold(line))
        {
            *kinds.entry((held_out, what.clone())).or_default() += 1;
        }
    }
}

/// A page whose title or body `clean` got wrong: its lines, what came out and the removals.
fn miss(layout: &Layout, p: &Page, id: &str, t: &Tally, out_lines: &[String]) -> String {
    format!(
        "--- {} / {} / {}: title {:?}\n{}\n=> title {:?}, date {:?}\n{}\n{}",
        layout.name,
        p.lang,
        id,
        t.title == 1,
        p.page
            .iter()
            .zip(&p.truth)
            .map(|(l, k)| format!(
                "  {} {}",
                match k {
                    Truth::Headline => "H",
                    Truth::Body => "B",
                    Truth::Furniture(_) => "F",
                },
                short(l)
            ))
            .collect::<Vec<_>>()
            .join("\n"),
        p.rec.title,
        p.rec.date,
        out_lines
            .iter()
            .map(|l| format!("  > {}", short(l)))
            .collect::<Vec<_>>()
            .join("\n"),
        removals(&p.rec)
    )
}

/// Scores one cleaned page against what its lines are.
fn score(
    page: &[String],
    truth: &[Truth],
    out_lines: &[String],
    rec: &Record,
    day: Option<&str>,
) -> Tally {
    let mut t = Tally {
        pages: 1,
        ..Tally::default()
    };
    let headline = page
        .iter()
        .zip(truth)
        .find(|(_, k)| **k == Truth::Headline)
        .map(|(l, _)| fold(l));
    t.title = u64::from(rec.title.as_deref().map(fold) == headline);
    let body: Vec<String> = page
        .iter()
        .zip(truth)
        .filter(|(_, k)| **k == Truth::Body)
        .map(|(l, _)| fold(l))
        .collect();
    t.body = u64::from(body == out_lines);
    let mut left: HashMap<&str, u64> = HashMap::new();
    for l in out_lines {
        *left.entry(l.as_str()).or_default() += 1;
    }
    let mut take = |l: &str| match left.get_mut(l) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    };
    for l in &body {
        t.paragraphs += 1;
        t.paragraphs_kept += u64::from(take(l));
    }
    for (l, k) in page.iter().zip(truth) {
        if let Truth::Furniture(_) = k {
            t.furniture += 1;
            t.furniture_removed += u64::from(!take(&fold(l)));
        }
    }
    if let Some(day) = day {
        t.dated = 1;
        t.date_found = u64::from(rec.date.as_deref().is_some_and(|d| d.starts_with(day)));
    }
    t
}

/// The page of `article` in `layout`: its lines, what each is, and the day (`YYYY-MM-DD`) a
/// dateline of the page holds, if one does.
fn assemble(
    layout: &Layout,
    article: &Article,
    next: &[&Article],
) -> (Vec<String>, Vec<Truth>, Option<String>) {
    let h = xxhash_rust::xxh3::xxh3_64(article.id.as_bytes());
    let fill = Fill::new(h, article.lang, next);
    let mut lines = Vec::new();
    let mut truth = Vec::new();
    let mut day = None;
    let lang = article.lang;
    for part in &layout.part {
        let what = part.what.clone().unwrap_or_else(|| part.kind.clone());
        match part.kind.as_str() {
            "headline" => {
                lines.push(article.title.clone());
                truth.push(Truth::Headline);
            }
            "body" => {
                for (k, p) in article.paragraphs.iter().enumerate() {
                    lines.push(p.clone());
                    truth.push(Truth::Body);
                    for inb in layout.part.iter().filter(|q| q.kind == "inbody") {
                        if inb.after == k + 1 && article.paragraphs.len() > inb.after {
                            let what = inb.what.clone().unwrap_or_else(|| "inbody".into());
                            for l in inb.lines(lang) {
                                lines.push(fill.apply(l));
                                truth.push(Truth::Furniture(what.clone()));
                            }
                        }
                    }
                }
            }
            "related" => {
                for a in next.iter().take(part.count) {
                    lines.push(a.title.clone());
                    truth.push(Truth::Furniture("related".into()));
                }
            }
            "inbody" => {}
            _ => {
                for l in part.lines(lang) {
                    if part.kind == "dateline" && l.contains("{date_") {
                        day = Some(fill.day.clone());
                    }
                    lines.push(fill.apply(l));
                    truth.push(Truth::Furniture(what.clone()));
                }
            }
        }
    }
    (lines, truth, day)
}

/// The placeholder values of one page.
struct Fill {
    values: Vec<(&'static str, String)>,
    day: String,
}

const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const SECTIONS_AR: [&str; 6] = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "صحة", "تكنولوجيا"];
const SECTIONS_EN: [&str; 6] = ["Politics", "Business", "Sport", "Culture", "Health", "Tech"];
const SECTIONS_FR: [&str; 6] = [
    "Politique",
    "Économie",
    "Sport",
    "Culture",
    "Santé",
    "Technologie",
];
const AUTHORS_AR: [&str; 4] = ["سارة المنصوري", "خالد العتيبي", "ليلى حداد", "يوسف بن علي"];
const AUTHORS_EN: [&str; 4] = ["Sarah Malik", "James Porter", "Nadia Hassan", "Tom Reyes"];
const AUTHORS_FR: [&str; 4] = [
    "Claire Martin",
    "Hugo Bernard",
    "Amina Diallo",
    "Paul Leroy",
];

impl Fill {
    fn new(h: u64, lang: &str, next: &[&Article]) -> Fill {
        let pick = |shift: u32, n: u64| ((h >> shift) % n) as usize;
        let year = 2015 + pick(0, 10);
        let month = 1 + pick(8, 12);
        let d = 1 + pick(16, 28);
        let (hh, mm) = (pick(24, 24), pick(32, 60));
        let m = month - 1;
        let (sections, authors) = match lang {
            "ar" => (SECTIONS_AR, AUTHORS_AR),
            "en" => (SECTIONS_EN, AUTHORS_EN),
            _ => (SECTIONS_FR, AUTHORS_FR),
        };
        let values = vec![
            ("{date_ar}", format!("{d} {} {year}", MONTHS_AR[m])),
            ("{date_en}", format!("{} {d}, {year}", MONTHS_EN[m])),
            ("{date_fr}", format!("{d} {} {year}", MONTHS_FR[m])),
            ("{date_num}", format!("{d:02}/{month:02}/{year}")),
            ("{date_iso}", format!("{year}-{month:02}-{d:02}")),
            ("{time}", format!("{hh:02}:{mm:02}")),
            ("{n}", (2 + pick(40, 8)).to_string()),
            ("{views}", (1000 + pick(44, 90_000)).to_string()),
            ("{section}", sections[pick(48, 6)].to_owned()),
            ("{author}", authors[pick(52, 4)].to_owned()),
            ("{year}", year.to_string()),
            (
                "{related1}",
                next.first().map(|a| a.title.clone()).unwrap_or_default(),
            ),
        ];
        Fill {
            values,
            day: format!("{year}-{month:02}-{d:02}"),
        }
    }

    fn apply(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for (k, v) in &self.values {
            if out.contains(k) {
                out = out.replace(k, v);
            }
        }
        out
    }
}

/// Words that start one of ANT's own in-text cross-links or notices (see the module docs).
const ANT_LINK_STARTS: &[&str] = &["اقرأ", "إقرأ", "للمزيد", "شاهد", "تابع", "قد يهمك"];

/// The ANT articles of the evaluation, from JSONL on stdin.
fn ant_articles(count: usize) -> Vec<Article> {
    let mut found: Vec<(u64, Article)> = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin reads");
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line).expect("ANT JSONL parses");
        let field = |k: &str| v[k].as_str().unwrap_or("").to_owned();
        let title = fold(&text::stored(&field("title")));
        let paragraphs: Vec<String> = text::stored(&field("text"))
            .lines()
            .map(fold)
            .filter(|l| !l.is_empty())
            .collect();
        if title.is_empty() || paragraphs.len() < 2 {
            continue;
        }
        let has_link = paragraphs.iter().any(|p| {
            p.split_whitespace().count() <= 30
                && (ANT_LINK_STARTS
                    .iter()
                    .any(|s| p.trim_start_matches(['*', '-', ' ', '"']).starts_with(s))
                    || p.contains('©')
                    || p.contains("حقوق"))
        });
        if has_link {
            continue;
        }
        let id = field("id");
        found.push((
            xxhash_rust::xxh3::xxh3_64(id.as_bytes()),
            Article {
                lang: "ar",
                id,
                title,
                paragraphs,
            },
        ));
    }
    found.sort_by_key(|(h, _)| *h);
    found.into_iter().take(count).map(|(_, a)| a).collect()
}

/// The English and French articles of `bench/clean/gold.py`'s output.
fn gold_articles(path: &str) -> Vec<Article> {
    let src = std::fs::read_to_string(path).expect("--gold file reads");
    src.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let v: Value = serde_json::from_str(l).expect("gold JSONL parses");
            let lang = match v["lang"].as_str()? {
                "en" => "en",
                "fr" => "fr",
                _ => return None,
            };
            let paragraphs: Vec<String> = v["paragraphs"]
                .as_array()?
                .iter()
                .filter_map(|p| p.as_str().map(|p| fold(&text::stored(p))))
                .filter(|p| !p.is_empty())
                .collect();
            let title = fold(&text::stored(v["title"].as_str()?));
            (!title.is_empty() && paragraphs.len() >= 2).then(|| Article {
                lang,
                id: format!("{}-{}", v["source"].as_str().unwrap_or(""), v["id"]),
                title,
                paragraphs,
            })
        })
        .collect()
}

/// Writes one JSON line per body paragraph of the page missing from the cleaned lines, with
/// the removal that took it out (`--explain`), or none when it was changed or joined instead.
fn write_lost(
    f: &mut impl std::io::Write,
    layout: &Layout,
    p: &Page,
    out_lines: &[String],
    rec: &Record,
    before: Option<&[String]>,
) {
    let removed: Vec<Value> = rec
        .metadata
        .get("removed")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, (l, k)) in p.page.iter().zip(&p.truth).enumerate() {
        let l = fold(l);
        if *k != Truth::Body || out_lines.contains(&l) || before.is_some_and(|b| !b.contains(&l)) {
            continue;
        }
        let why = removed
            .iter()
            .rev()
            .find(|e| e["line"].as_str().map(fold).as_deref() == Some(&l));
        let row = serde_json::json!({
            "layout": short_name(&layout.name), "lang": p.lang, "id": rec.id, "at": i,
            "stage": if before.is_some() { "site" } else { "clean" },
            "line": l, "removal": why,
        });
        writeln!(f, "{row}").expect("--lost file writes");
    }
}

/// The lines `clean` removed, with reason, rule and figures (`--explain`), one per line.
fn removals(rec: &Record) -> String {
    rec.metadata
        .get("removed")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| {
                    format!(
                        "  x {} {} {} {}",
                        e["reason"].as_str().unwrap_or(""),
                        e["rule"].as_str().unwrap_or(""),
                        e["figures"],
                        short(e["line"].as_str().unwrap_or(""))
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// Whitespace folded to one space, ends trimmed.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn short(s: &str) -> String {
    let c: String = s.chars().take(90).collect();
    if c.len() < s.len() { c + "…" } else { c }
}

fn short_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}
