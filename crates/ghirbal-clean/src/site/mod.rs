//! Site boilerplate: lines that recur on many pages of one site (CCNet-style line
//! frequency), removed by a corpus stage.
//!
//! Pages are grouped by the host of `url` (without `www.`), else by `metadata.input_file`,
//! else by `source`, else all together. A line is identified by the 64-bit xxh3 hash of its
//! key (letters and digits of the matching text), a site by the hash of its group name, so the
//! index holds no text. `decide` drops a line that occurs on at least `min_pages` pages and on
//! at least `min_fraction` of the site's pages.
//!
//! # Templates: furniture with a varying slot
//! A site repeats some furniture with a slot that changes from page to page: "See all 12
//! photos", "Page 1 of 3", "1,204 views", "11:02 ت م", "Read next: `headline`",
//! "`writer` – `the site's name`". No two pages share the line, so its own key never
//! recurs. A short line is therefore also counted under template keys, each a hash with its
//! top bit set (a line's own key has it clear):
//! - its digits' template ([`template_of`]): its key with every run of digits as one `#`,
//!   for a line that holds a digit and a letter, has at most `template_max_words` (12)
//!   words and does not end as a sentence. Digits of any script: Arabic-Indic and Persian ones are ASCII in matching text,
//!   the others are slotted as `text::is_numeric` finds them;
//! - its head and tail keys ([`affixes_of`]): the key of its first `affix_words` (3) words,
//!   and of its last, for a line of more words but at most `affix_max_words` (10) that does
//!   not end as a sentence.
//!
//! A template key is boilerplate on at least `min_pages` pages and `template_min_fraction`
//! (5 %) of the site's pages, five times a line's fraction: a template gathers every line of
//! one shape, and content has shapes that recur on a few pages in a hundred (one fixture's
//! result, one product's price), while furniture with a slot sits on most pages of its kind.
//! The word limits keep paragraphs out: a market report whose words recur daily with other
//! figures, or a story opening with "RIYADH (Reuters) -", has more words; and a sentence
//! never has a template key, so a one-line brief opening with that formula, or a daily
//! update's "The toll rose to 12.", stays (furniture with a slot is a label, not a
//! sentence: none of the lines the templates take on the data below ends as one). A line goes when its own key or one of its template
//! keys is over its thresholds; `--explain` says which (`rule`: `site_line`,
//! `site_template`, `site_head`, `site_tail`) with the key's pages, the site's pages, the
//! fraction and the template key. Tests show each kind of furniture removed and each kind of
//! content kept (scores, prices, the wire formula, the brief), and what keeps the content.
//!
//! Measured (2026-12-08, `bench/clean-layouts.sh` on the 36 dev layouts and
//! `bench/clean-eval.sh` on SaudiNewsNet, `bench/clean/RESULTS.md` section 14): with the site
//! stage, body exact 85.82 → 86.60 %, furniture removed 99.10 → 99.19 %, paragraphs kept
//! 96.42 % (no paragraph lost to a template key); on SaudiNewsNet the template keys took 717
//! lines, all furniture (almadina's SMS code line, was's time stamps, 3alyoum's bylines and
//! datelines, alweeam's link back to the story), and 6 gallery pages of nothing but that link.
//! With a template at a line's 1 %, the dev layouts' furniture would reach 99.25 %: the
//! 5 % is the price of keeping a derby's result. Head and tail keys of 2 words took 768 lines of
//! 3alyoum instead of 85, but a tail of one or two words ("– جدة") ends too many short real
//! lines.
//!
//! # Memory
//! `observe` pushes one 16-byte `(site, line)` pair per distinct key of a page's countable
//! lines (at most `max_lines_per_page` lines, each with its own key and, when short, up to
//! three template keys), plus one `(site, PAGE)` pair that counts the page. When
//! the pairs buffered by all workers together pass `memory_budget`, the worker that pushed
//! last sorts its pairs, counts equal ones and writes them to `spill_dir` as a run (20 bytes
//! per distinct pair) — see [`runs`]. `finish` reads the buffer and every run with a k-way
//! merge in `(site, line)` order, which meets each site's page count before its lines, and
//! keeps only the keys over the thresholds with their pages and, for a site with any, its
//! page count (for `--explain`): `decide` needs a few kilobytes per site.
//!
//! So, while observing, memory is `16 × (1 + distinct keys)` bytes per record, up
//! to twice that with a growing vector's spare capacity, and never much more than
//! `memory_budget` (plus that spare capacity) however large the corpus. Measured on
//! SaudiNewsNet by `bench/clean-eval.sh`: 4.4 pairs per page (3.9 before the template keys),
//! 71 bytes/record of pairs (63 before); 137 bytes/record on the heap (68 before: the
//! vector's capacity doubled from 2 to 4 MiB, its pairs from 1.9 to 2.2 MB)
//! (`bench/clean/RESULTS.md`). `merge` copies no pair (it keeps
//! the parts' buffers side by side) and `finish` sorts each buffer in place and counts while
//! reading, so the peak stays at the buffers plus, per run, an open file and a 64 KiB read
//! buffer. A part never keeps more than 64 runs: past that, it merges them into one.
//!
//! # Determinism
//! The result depends only on the summed count of each pair, which is the same whatever
//! thread observed which page, in any merge order, with or without spilling (tested, on
//! pages whose lines count under their own keys and under template keys).

mod runs;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use ghirbal_core::budget::SharedBudget;
use ghirbal_core::reason::clean as reason;
use ghirbal_core::runs::Run;
use ghirbal_core::{ConfigError, CorpusStage, Record, Reject, StageName, Verdict, observed, text};
use serde_json::{Value, json};
use xxhash_rust::xxh3::xxh3_64;

use crate::config::SiteConfig;
use crate::{explain, lines};
use runs::{Count, Runs};

/// The line hash that stands for "one page of this site"; a line whose key hashes to it is
/// counted under [`PAGE`] + 1 instead (one line in 2^64 shares its count with another).
const PAGE: u64 = 0;

/// Keys are already xxh3 hashes; hashing them again would only cost time.
#[derive(Debug, Default, Clone, Copy)]
pub struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashBuild = BuildHasherDefault<PassThroughHasher>;

/// The side index of the stage: the observed pairs until `finish`, then, per site, the hashes
/// of its boilerplate lines.
#[derive(Debug, Default)]
pub struct SiteIndex {
    state: State,
    summary: SiteSummary,
}

/// Site hash → its page count and the hashes of its lines over the thresholds.
type Sites = HashMap<u64, SiteLines, HashBuild>;

/// One site's boilerplate in the finished index: what `decide` removes and `--explain` tells.
#[derive(Debug, Default, PartialEq, Eq)]
struct SiteLines {
    /// The site's pages.
    pages: u32,
    /// Hash of each key (a line's or a template's) over the thresholds → the pages it is on.
    lines: HashMap<u64, u32, HashBuild>,
}

impl SiteLines {
    /// Why a line with these keys recurs on the site, if it does: its own key first, then
    /// its digits' template, its head, its tail.
    fn recurring(&self, keys: LineKeys) -> Option<Found> {
        let (head, tail) = keys.affixes.unzip();
        [
            (Key::Line, Some(keys.exact)),
            (Key::Digits, keys.template),
            (Key::Head, head),
            (Key::Tail, tail),
        ]
        .into_iter()
        .find_map(|(key, hash)| {
            let pages = *self.lines.get(&hash?)?;
            Some(Found { key, pages })
        })
    }

    /// Records one count of [`SiteBoilerplate::boilerplate`]'s output.
    fn add(&mut self, c: Count) {
        if c.line == PAGE {
            self.pages = c.pages;
        } else {
            self.lines.insert(c.line, c.pages);
        }
    }
}

#[derive(Debug)]
enum State {
    Observing(Runs),
    Finished(Sites),
}

/// The finished index of `sites`, with their counts in `summary`.
fn finished(mut sites: Sites, mut summary: SiteSummary) -> SiteIndex {
    sites.retain(|_, s| !s.lines.is_empty());
    for s in sites.values_mut() {
        s.lines.shrink_to_fit();
    }
    summary.sites = sites.len() as u64;
    summary.lines = sites.values().map(|s| s.lines.len() as u64).sum();
    SiteIndex {
        state: State::Finished(sites),
        summary,
    }
}

impl Default for State {
    fn default() -> State {
        State::Observing(Runs::default())
    }
}

/// What building the index took, for reports and benches.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SiteSummary {
    /// Pages observed.
    pub pages: u64,
    /// `(site, line)` pairs pushed, page counts included.
    pub pairs: u64,
    /// Runs written to disk.
    pub spilled_runs: u64,
    /// Bytes written to runs.
    pub spilled_bytes: u64,
    /// Spills that failed (their pairs stayed in memory) plus runs that could not be read
    /// back to the end (their remaining pairs were not counted).
    pub io_errors: u64,
    /// Sites with at least one boilerplate line (after `finish`).
    pub sites: u64,
    /// Boilerplate lines over all sites (after `finish`).
    pub lines: u64,
}

impl SiteIndex {
    /// What building the index took so far.
    pub fn summary(&self) -> SiteSummary {
        let mut s = self.summary;
        if let State::Observing(runs) = &self.state {
            s.spilled_runs = runs.spilled_runs;
            s.spilled_bytes = runs.spilled_bytes;
            s.io_errors = runs.spill_errors + runs.read_errors;
        }
        s
    }

    /// Bytes the index holds on the heap: the pair buffer with its spare capacity while
    /// observing; the line maps, estimated at 16 bytes per entry and 24 per site, once
    /// finished.
    pub fn heap_bytes(&self) -> usize {
        match &self.state {
            State::Observing(runs) => runs.heap_bytes(),
            State::Finished(sites) => sites.values().map(|s| 16 * s.lines.capacity() + 24).sum(),
        }
    }

    /// True once `finish` has run.
    pub fn is_finished(&self) -> bool {
        matches!(self.state, State::Finished(_))
    }
}

/// The site-boilerplate corpus stage, built from `[clean.site]`.
#[derive(Debug)]
pub struct SiteBoilerplate {
    config: SiteConfig,
    explain: bool,
    spill_dir: PathBuf,
    /// Bytes buffered by all parts together, against `memory_budget`.
    budget: SharedBudget,
}

impl SiteBoilerplate {
    /// The stage with these settings; `explain` writes removed lines to `metadata.removed`.
    ///
    /// # Errors
    /// `ConfigError::Invalid` when `spill_dir` is set and is not a directory (checked here:
    /// a spill that fails mid-run can only keep its pairs in memory).
    pub fn new(config: &SiteConfig, explain: bool) -> Result<SiteBoilerplate, ConfigError> {
        let spill_dir = ghirbal_core::budget::spill_dir(&config.spill_dir, "clean.site")?;
        Ok(SiteBoilerplate {
            config: config.clone(),
            explain,
            spill_dir,
            budget: SharedBudget::new(config.memory_budget),
        })
    }

    /// What a page adds to the index: its site's hash and the distinct hashes of its
    /// countable lines, sorted (a line counts once per page, however often the page repeats
    /// it).
    fn page_of(&self, rec: &Record) -> (u64, Vec<u64>) {
        let site = xxh3_64(group_name(rec).as_bytes());
        let mut hashes: Vec<u64> = self
            .line_hashes(&rec.text)
            .into_iter()
            .filter_map(|(_, k)| k)
            .flat_map(|k| std::iter::once(k.exact).chain(k.templates()))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        (site, hashes)
    }

    /// Adds one page of `site` with these line hashes to `part`: observing a page, or loading
    /// what observing it saved.
    fn add_page(&self, site: u64, hashes: &[u64], part: &mut SiteIndex) {
        let State::Observing(runs) = &mut part.state else {
            // Observing into a finished index is a caller error; the index stays as it is.
            return;
        };
        let before = runs.buffered_bytes();
        runs.push(site, PAGE);
        for h in hashes {
            runs.push(site, *h);
        }
        part.summary.pages += 1;
        part.summary.pairs += 1 + hashes.len() as u64;
        if self.budget.add(runs.buffered_bytes() - before) {
            self.budget.release(runs.spill(&self.spill_dir));
        }
    }

    /// Each non-empty line of `text` with the hashes of its keys when the line is countable.
    fn line_hashes<'t>(&self, text: &'t str) -> Vec<(&'t str, Option<LineKeys>)> {
        text.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(n, l)| {
                let words = lines::words_upto(l, self.config.max_words);
                let countable =
                    n < self.config.max_lines_per_page && words <= self.config.max_words;
                let keys = countable.then(|| self.keys(l, words)).flatten();
                (l, keys)
            })
            .collect()
    }

    /// The keys of a countable line of `words` words; `None` when its key is empty.
    fn keys(&self, line: &str, words: usize) -> Option<LineKeys> {
        let m = text::matching(line);
        let key = lines::key_of_matching(&m);
        if key.is_empty() {
            return None;
        }
        // A sentence is never counted under a template: a short statement whose figure
        // changes ("The toll rose to 12.") is news, not furniture.
        let sentence = lines::ends_sentence(line);
        let affixes =
            !sentence && words <= self.config.affix_max_words && words > self.config.affix_words;
        Some(LineKeys {
            exact: line_hash(&key),
            template: (!sentence && words <= self.config.template_max_words)
                .then(|| template_of(&key))
                .flatten()
                .map(|t| template_hash(&t)),
            affixes: affixes
                .then(|| affixes_of_matching(&m, self.config.affix_words))
                .flatten()
                .map(|(head, tail)| (template_hash(&head), template_hash(&tail))),
        })
    }
}

impl SiteBoilerplate {
    /// The `(site, line)` counts over the thresholds, out of `counts` in `(site, line)` order
    /// (each pair once, its pages summed), each site's over the thresholds preceded by its
    /// page count (line [`PAGE`]), which `--explain` reports: what `finish` keeps, and what a
    /// reduce task keeps of its partition.
    fn boilerplate<'a>(
        &'a self,
        counts: impl Iterator<Item = Count> + 'a,
    ) -> impl Iterator<Item = Count> + 'a {
        // Each site's page count (line PAGE = 0) comes before its lines; it is passed on
        // before the site's first line over the thresholds. A site whose page count was lost
        // to a read error keeps its lines.
        let mut current: Option<(Count, [f64; 2], bool)> = None;
        let min_pages = f64::from(self.config.min_pages.max(1));
        let fractions = [self.config.min_fraction, self.config.template_min_fraction];
        counts
            .flat_map(move |c| {
                if c.line == PAGE {
                    let threshold =
                        fractions.map(|f| min_pages.max((f * f64::from(c.pages)).ceil()));
                    current = Some((c, threshold, false));
                    return [None, None];
                }
                let template = usize::from(c.line & TEMPLATE_BIT != 0);
                match &mut current {
                    Some((page, threshold, passed))
                        if page.site == c.site && f64::from(c.pages) >= threshold[template] =>
                    {
                        let first = (!*passed).then_some(*page);
                        *passed = true;
                        [first, Some(c)]
                    }
                    _ => [None, None],
                }
            })
            .flatten()
    }

    /// The map side of a partitioned run: writes the pairs observed into `index` (one task's
    /// records), counted, to `parts` run files, those of partition `p` (a range of site
    /// hashes) to `path(p)`; returns what observing took. Nothing is decided here: a site's
    /// counts are whole only once every task's are summed ([`reduce_partition`]).
    ///
    /// [`reduce_partition`]: SiteBoilerplate::reduce_partition
    pub fn write_partitions(
        &self,
        index: SiteIndex,
        parts: u32,
        path: &dyn Fn(u32) -> PathBuf,
    ) -> std::io::Result<SiteSummary> {
        let mut summary = index.summary();
        let State::Observing(runs) = index.state else {
            return Err(std::io::Error::other("the site index is already finished"));
        };
        self.budget.reset();
        let mut merge = runs.into_counts(&self.spill_dir);
        {
            let mut counts = merge.by_ref().peekable();
            for p in 0..parts.max(1) {
                let this = std::iter::from_fn(|| {
                    counts.next_if(|c| ghirbal_core::runs::partition_of(c.site, parts) == p)
                });
                Run::write_file(&path(p), this)?;
            }
        }
        summary.io_errors += merge.read_errors();
        Ok(summary)
    }

    /// The reduce side: sums the counts of one partition over every map task's file in
    /// `inputs` and writes the partition's boilerplate lines (its sites' pairs over the
    /// thresholds, as `finish` picks them) to `out`; returns their sites and lines.
    pub fn reduce_partition(&self, inputs: &[PathBuf], out: &Path) -> std::io::Result<SiteSummary> {
        let opened = ghirbal_core::runs::open_all::<Count>(inputs, &self.spill_dir, 64, 64 << 10)?;
        let mut merge = runs::Merge::of_runs(opened);
        let mut summary = SiteSummary::default();
        let mut sites = HashSet::<u64, HashBuild>::default();
        Run::write_file(
            out,
            self.boilerplate(merge.by_ref()).inspect(|c| {
                sites.insert(c.site);
                summary.lines += u64::from(c.line != PAGE);
            }),
        )?;
        if merge.read_errors() > 0 {
            return Err(std::io::Error::other(
                "a map task's site counts could not be read to the end",
            ));
        }
        summary.sites = sites.len() as u64;
        Ok(summary)
    }

    /// The finished index from every partition's boilerplate lines (the files
    /// [`reduce_partition`](SiteBoilerplate::reduce_partition) wrote), with what observing
    /// took in `summary`: `decide` with it edits the records as the one-machine run does.
    pub fn finished_from(
        &self,
        reduced: &[PathBuf],
        summary: SiteSummary,
    ) -> std::io::Result<SiteIndex> {
        let mut sites: Sites = HashMap::default();
        for path in reduced {
            let mut merge = runs::Merge::of_runs(vec![Run::open::<Count>(path)?]);
            for c in merge.by_ref() {
                sites.entry(c.site).or_default().add(c);
            }
            if merge.read_errors() > 0 {
                return Err(std::io::Error::other(format!(
                    "{}: the boilerplate lines could not be read to the end",
                    path.display()
                )));
            }
        }
        Ok(finished(sites, summary))
    }
}

/// The hashes a countable line is counted under.
#[derive(Debug, Clone, Copy)]
struct LineKeys {
    /// Hash of the line's key.
    exact: u64,
    /// Hash of its template key, when it has one ([`template_of`]) and is short enough.
    template: Option<u64>,
    /// Hashes of its head and tail keys ([`affixes_of`]), when it has them.
    affixes: Option<(u64, u64)>,
}

impl LineKeys {
    /// The template keys' hashes: what a line adds to the index beside its own key.
    fn templates(self) -> impl Iterator<Item = u64> {
        let (head, tail) = self.affixes.unzip();
        self.template.into_iter().chain(head).chain(tail)
    }
}

/// The key a line is counted under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// Its own key (`lines::key`).
    Line,
    /// Its digits' template ([`template_of`]).
    Digits,
    /// The key of its first words ([`affixes_of`]).
    Head,
    /// The key of its last words ([`affixes_of`]).
    Tail,
}

/// Which key of a removed line was over the thresholds, and on how many pages.
#[derive(Debug, Clone, Copy)]
struct Found {
    key: Key,
    /// Pages of the site the key is on.
    pages: u32,
}

impl Found {
    /// The `--explain` entry of `line`, removed for this on a site of `site_pages` pages:
    /// the reason, the rule (`site_line`, `site_template`, `site_head` or `site_tail`) and
    /// its figures, the template key when it was one.
    fn explain(&self, line: &str, site_pages: u32, affix_words: usize) -> Value {
        let fraction = f64::from(self.pages) / f64::from(site_pages.max(1));
        let (rule, key, template) = match self.key {
            Key::Line => ("site_line", "line", None),
            Key::Digits => ("site_template", "template", template_of(&lines::key(line))),
            Key::Head => (
                "site_head",
                "head",
                affixes_of(line, affix_words).map(|a| a.0),
            ),
            Key::Tail => (
                "site_tail",
                "tail",
                affixes_of(line, affix_words).map(|a| a.1),
            ),
        };
        let mut figures = json!({
            "pages": self.pages,
            "site_pages": site_pages,
            "fraction": (fraction * 1e4).round() / 1e4,
            "key": key,
        });
        if let Some(template) = template {
            figures["template"] = json!(template);
        }
        json!({
            "line": line,
            "reason": reason::line::SITE_BOILERPLATE,
            "rule": rule,
            "figures": figures,
        })
    }
}

/// The hash of a line's key as the index counts it: its top bit clear (a template key's is
/// set, [`template_hash`]), never [`PAGE`].
fn line_hash(key: &str) -> u64 {
    match xxh3_64(key.as_bytes()) & !TEMPLATE_BIT {
        PAGE => PAGE + 1,
        h => h,
    }
}

/// The bit set in the hash of a template key and clear in a line's: the counts tell which
/// threshold applies without a second page count per site.
const TEMPLATE_BIT: u64 = 1 << 63;

/// The hash of a template key ([`template_of`]) as the index counts it: its top bit set.
fn template_hash(template: &str) -> u64 {
    xxh3_64(template.as_bytes()) | TEMPLATE_BIT
}

/// What stands for a run of digits in a template key: never in a key, which holds only
/// letters and digits, so a template key never equals a line's own key.
const SLOT: char = '#';

/// The template key of a line's `key` (`lines::key`: its matching text, where Arabic-Indic
/// and Persian digits are already ASCII): every run of digits (`text::is_numeric`, any
/// script's) replaced by one [`SLOT`]. `None` when the key holds no digit (its template would
/// be the key itself) or no letter (a bare number or time has no fixed part to recur).
pub fn template_of(key: &str) -> Option<String> {
    if !key.chars().any(text::is_numeric) {
        return None;
    }
    let mut template = String::with_capacity(key.len());
    let mut letters = false;
    for c in key.chars() {
        if !text::is_numeric(c) {
            letters = true;
            template.push(c);
        } else if !template.ends_with(SLOT) {
            template.push(SLOT);
        }
    }
    letters.then_some(template)
}

/// The head and tail keys of `line`: the key ([`template_of`] when it has digits) of its
/// first `k` words marked `^`, and of its last `k` words marked `$` (never a line's key nor a
/// digits' template). `None` when the line has no more than `k` words (nothing varies).
/// Words are whitespace-separated tokens with a non-empty key (a letter or a digit once
/// matching text has dropped marks and tatweel), so a dash, a bullet or a lone tatweel is
/// not one.
pub fn affixes_of(line: &str, k: usize) -> Option<(String, String)> {
    affixes_of_matching(&text::matching(line), k)
}

/// [`affixes_of`] a line already in its matching form (`text::matching`).
fn affixes_of_matching(m: &str, k: usize) -> Option<(String, String)> {
    let words: Vec<&str> = m
        .split_whitespace()
        .filter(|w| w.chars().any(text::is_alphanumeric))
        .collect();
    if k == 0 || words.len() <= k {
        return None;
    }
    let key = |ws: &[&str], mark_head: bool| {
        let key: String = ws.iter().map(|w| lines::key_of_matching(w)).collect();
        let mut key = template_of(&key).unwrap_or(key);
        if mark_head {
            key.insert(0, HEAD);
        } else {
            key.push(TAIL);
        }
        key
    };
    Some((
        key(&words[..k], true),
        key(&words[words.len() - k..], false),
    ))
}

/// Marks of a head and a tail key ([`affixes_of`]).
const HEAD: char = '^';
const TAIL: char = '$';

/// The group a record belongs to: `host:<host>`, `file:<input_file>`, `source:<source>`, or
/// empty.
pub fn group_name(rec: &Record) -> String {
    if let Some(host) = rec.url.as_deref().and_then(host_of) {
        return format!("host:{host}");
    }
    if let Some(file) = rec.metadata.get("input_file").and_then(Value::as_str) {
        return format!("file:{file}");
    }
    match rec.source.as_deref() {
        Some(s) => format!("source:{s}"),
        None => String::new(),
    }
}

/// The host of a URL, lower-cased, without `www.` and port; `None` when there is none.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (!host.is_empty()).then_some(host)
}

/// Calls `f(site, line hashes)` for each page that [`SiteBoilerplate::observe_saving`] wrote
/// to `saved`; returns the number of pages, or why the bytes are not such pages.
fn each_saved_page(
    saved: &[u8],
    mut f: impl FnMut(u64, &mut dyn Iterator<Item = u64>),
) -> Result<u64, String> {
    let mut r = observed::Reader::new(saved);
    let mut pages = 0;
    while !r.is_empty() {
        let site = r.u64()?;
        let n = r.u32()? as usize;
        let lines = r.take(n.checked_mul(8).ok_or("a page with too many lines")?)?;
        let mut hashes = lines.chunks_exact(8).map(|b| {
            let mut h = [0u8; 8];
            h.copy_from_slice(b);
            u64::from_le_bytes(h)
        });
        f(site, &mut hashes);
        pages += 1;
    }
    Ok(pages)
}

impl CorpusStage for SiteBoilerplate {
    type Index = SiteIndex;

    fn name(&self) -> StageName {
        StageName::Clean
    }

    fn observe(&self, rec: &Record, part: &mut SiteIndex) {
        let (site, hashes) = self.page_of(rec);
        self.add_page(site, &hashes, part);
    }

    fn saves(&self) -> bool {
        true
    }

    fn observe_saving(&self, rec: &Record, part: &mut SiteIndex, saved: &mut Vec<u8>) {
        let (site, hashes) = self.page_of(rec);
        observed::put_u64(saved, site);
        observed::put_u32(saved, hashes.len() as u32);
        for &h in &hashes {
            observed::put_u64(saved, h);
        }
        self.add_page(site, &hashes, part);
    }

    fn load(&self, saved: &[u8], records: u64, part: &mut SiteIndex) -> Result<(), String> {
        // Checked whole first, so that damaged bytes add nothing.
        let pages = each_saved_page(saved, |_, _| {})?;
        if pages != records {
            return Err(format!("{pages} pages saved, {records} expected"));
        }
        let mut hashes = Vec::new();
        each_saved_page(saved, |site, lines| {
            hashes.clear();
            hashes.extend(lines);
            self.add_page(site, &hashes, part);
        })?;
        Ok(())
    }

    fn merge(&self, a: SiteIndex, b: SiteIndex) -> SiteIndex {
        let summary = SiteSummary {
            pages: a.summary.pages + b.summary.pages,
            pairs: a.summary.pairs + b.summary.pairs,
            ..SiteSummary::default()
        };
        match (a.state, b.state) {
            (State::Observing(mut a), State::Observing(b)) => {
                a.append(b);
                SiteIndex {
                    state: State::Observing(a),
                    summary,
                }
            }
            // Merging a finished index is a caller error; keep the finished one.
            (State::Finished(f), _) | (_, State::Finished(f)) => SiteIndex {
                state: State::Finished(f),
                summary,
            },
        }
    }

    fn finish(&self, index: SiteIndex) -> SiteIndex {
        let State::Observing(runs) = index.state else {
            return index;
        };
        self.budget.reset();
        let mut summary = index.summary;
        summary.spilled_runs = runs.spilled_runs;
        summary.spilled_bytes = runs.spilled_bytes;
        summary.io_errors = runs.spill_errors;
        let mut sites: Sites = HashMap::default();
        let mut merge = runs.into_counts(&self.spill_dir);
        for c in self.boilerplate(merge.by_ref()) {
            sites.entry(c.site).or_default().add(c);
        }
        summary.io_errors += merge.read_errors();
        finished(sites, summary)
    }

    fn decide(&self, rec: &mut Record, index: &SiteIndex) -> Verdict {
        let name = group_name(rec);
        let site = match &index.state {
            State::Finished(sites) => sites.get(&xxh3_64(name.as_bytes())),
            // Deciding before finish is a caller error; keep rather than guess.
            State::Observing(_) => None,
        };
        let Some(site) = site else {
            rec.set_count("clean.site_lines", 0);
            return Verdict::Keep;
        };
        let original = std::mem::take(&mut rec.text);
        let lines = self.line_hashes(&original);
        let total = lines.len();
        let mut drop = Vec::with_capacity(total);
        let mut removed = Vec::new();
        let mut why = Vec::new();
        for (line, keys) in lines {
            let found = keys.and_then(|k| site.recurring(k));
            drop.push(found.is_some());
            if let Some(found) = found {
                removed.push(line);
                why.push(found);
            }
        }
        rec.set_count("clean.site_lines", removed.len() as u64);
        if removed.is_empty() {
            rec.text = original;
            return Verdict::Keep;
        }
        if self.explain {
            let entries: Vec<Value> = removed
                .iter()
                .zip(&why)
                .map(|(l, found)| found.explain(l, site.pages, self.config.affix_words))
                .collect();
            explain::append(rec, entries);
        }
        if removed.len() == total {
            let detail = json!({ "lines": total, "group": name });
            return Verdict::Reject(Reject::new(reason::SITE_BOILERPLATE, detail));
        }
        // The lines in the order `line_hashes` gave them: the non-empty lines of the text.
        let mut next = drop.into_iter();
        let text = crate::clean::without_lines(&original, |_| next.next().unwrap_or(false));
        let old_first = original.split("\n\n").next().map(str::trim);
        let lede = rec.lede.as_deref().map(str::trim);
        if lede.is_some() && (lede == old_first || lede.is_some_and(|l| removed.contains(&l))) {
            rec.lede = text.split("\n\n").next().map(str::to_owned);
        }
        rec.text = text;
        Verdict::Keep
    }

    fn describe(&self, index: &SiteIndex) -> serde_json::Map<String, Value> {
        let s = index.summary();
        let json = json!({
            "pages": s.pages,
            "pairs": s.pairs,
            "spilled_runs": s.spilled_runs,
            "spilled_bytes": s.spilled_bytes,
            "io_errors": s.io_errors,
            "sites": s.sites,
            "lines": s.lines,
            "heap_bytes": index.heap_bytes(),
        });
        match json {
            Value::Object(map) => map,
            _ => unreachable!("json! of an object literal is an object"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(i: usize, host: &str, body: &str) -> Record {
        let mut r = Record::new(
            format!("{host}-{i}"),
            format!("تابعونا على تويتر وفيسبوك\n\n{body}\n\nجميع الحقوق محفوظة لصحيفة المثال"),
        );
        r.url = Some(format!("https://www.{host}/news/{i}"));
        r
    }

    fn body(i: usize) -> String {
        format!("هذا خبر رقم {i} عن موضوع مختلف تماما، وفيه تفاصيل كثيرة تخصه وحده.")
    }

    fn run(stage: &SiteBoilerplate, recs: &mut [Record], split: usize) -> Vec<Verdict> {
        let (mut a, mut b) = (SiteIndex::default(), SiteIndex::default());
        for (n, r) in recs.iter().enumerate() {
            stage.observe(r, if n % split == 0 { &mut a } else { &mut b });
        }
        let index = stage.finish(stage.merge(b, a));
        recs.iter_mut().map(|r| stage.decide(r, &index)).collect()
    }

    #[test]
    fn lines_recurring_across_a_site_are_removed_and_prose_kept() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let mut recs: Vec<Record> = (0..20).map(|i| page(i, "example.sa", &body(i))).collect();
        let verdicts = run(&stage, &mut recs, 2);
        assert!(verdicts.iter().all(|v| *v == Verdict::Keep));
        for (i, r) in recs.iter().enumerate() {
            assert_eq!(r.text, body(i));
            assert_eq!(r.signal("clean.site_lines"), Some(2.0));
            assert_eq!(r.metadata["removed"].as_array().map(Vec::len), Some(2));
        }
    }

    #[test]
    fn sites_are_counted_apart() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), false).unwrap();
        // Four pages on each of two hosts: under min_pages = 5 per site, so nothing goes.
        let mut recs: Vec<Record> = (0..8)
            .map(|i| page(i, if i % 2 == 0 { "a.com" } else { "b.com" }, &body(i)))
            .collect();
        let before: Vec<String> = recs.iter().map(|r| r.text.clone()).collect();
        let _ = run(&stage, &mut recs, 3);
        let after: Vec<String> = recs.iter().map(|r| r.text.clone()).collect();
        assert_eq!(before, after);
    }

    #[test]
    fn result_does_not_depend_on_how_records_were_split_across_threads() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let make = || -> Vec<Record> { (0..30).map(|i| page(i, "x.org", &body(i % 7))).collect() };
        let (mut one, mut two) = (make(), make());
        let v1 = run(&stage, &mut one, 1);
        let v2 = run(&stage, &mut two, 3);
        assert_eq!(v1, v2);
        assert_eq!(one, two);
    }

    /// Pages of three sites, each with its furniture and some lines shared by a few pages.
    fn mixed_pages() -> Vec<Record> {
        (0..300)
            .map(|i| {
                let host = ["a.com", "b.org", "c.net"][i % 3];
                let shared = format!("سطر يتكرر في بعض الصفحات رقم {}", i % 11);
                page(i, host, &format!("{}\n\n{shared}", body(i % 40)))
            })
            .collect()
    }

    fn tiny_budget_stage() -> SiteBoilerplate {
        let config = SiteConfig {
            memory_budget: 256,
            ..SiteConfig::default()
        };
        SiteBoilerplate::new(&config, true).unwrap()
    }

    #[test]
    fn output_is_the_same_with_and_without_spilling() {
        let roomy = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let tiny = tiny_budget_stage();
        let (mut a, mut b) = (mixed_pages(), mixed_pages());
        let va = run(&roomy, &mut a, 1);
        let (mut p, mut q) = (SiteIndex::default(), SiteIndex::default());
        for (n, r) in b.iter().enumerate() {
            tiny.observe(r, if n % 2 == 0 { &mut p } else { &mut q });
        }
        let spilled = tiny.merge(p, q).summary();
        assert!(spilled.spilled_runs > 10, "{spilled:?}");
        assert_eq!(spilled.io_errors, 0);
        let vb = run(&tiny, &mut b, 2);
        assert_eq!(va, vb);
        assert_eq!(a, b);
        assert!(a.iter().any(|r| r.signal("clean.site_lines") == Some(3.0)));
    }

    #[test]
    fn what_observing_saved_loads_back_into_the_same_index() {
        for stage in [
            SiteBoilerplate::new(&SiteConfig::default(), true).unwrap(),
            tiny_budget_stage(),
        ] {
            assert!(stage.saves());
            let (mut want, mut got) = (mixed_pages(), mixed_pages());
            let verdicts = run(&stage, &mut want, 2);
            // The first 200 pages saved in two blobs and loaded, the rest observed.
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut scratch = SiteIndex::default();
            for (n, r) in got[..200].iter().enumerate() {
                stage.observe_saving(r, &mut scratch, if n < 120 { &mut a } else { &mut b });
            }
            let mut part = SiteIndex::default();
            stage.load(&a, 120, &mut part).unwrap();
            stage.load(&b, 80, &mut part).unwrap();
            for r in &got[200..] {
                stage.observe(r, &mut part);
            }
            let index = stage.finish(part);
            let loaded: Vec<Verdict> = got.iter_mut().map(|r| stage.decide(r, &index)).collect();
            assert_eq!(loaded, verdicts);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn damaged_saved_pages_are_refused_and_add_nothing() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), false).unwrap();
        let mut saved = Vec::new();
        let mut scratch = SiteIndex::default();
        for r in &mixed_pages()[..50] {
            stage.observe_saving(r, &mut scratch, &mut saved);
        }
        let mut lines = saved.clone();
        lines[8..12].copy_from_slice(&u32::MAX.to_le_bytes()); // the first page's line count
        let damaged: [(&[u8], u64); 4] = [
            (&saved[..saved.len() - 3], 50),
            (&lines, 50),
            (&saved, 51),
            (&[7; 11], 1),
        ];
        for (bytes, records) in damaged {
            let mut part = SiteIndex::default();
            assert!(stage.load(bytes, records, &mut part).is_err());
            assert_eq!(part.summary().pages, 0);
            assert_eq!(part.heap_bytes(), 0);
        }
        let mut part = SiteIndex::default();
        stage.load(&saved, 50, &mut part).unwrap();
        assert_eq!(part.summary().pages, 50);
    }

    #[test]
    fn spilled_index_counts_what_memory_counts() {
        let roomy = SiteBoilerplate::new(&SiteConfig::default(), false).unwrap();
        let tiny = tiny_budget_stage();
        let recs = mixed_pages();
        let index = |stage: &SiteBoilerplate, split: usize| {
            let mut parts: Vec<SiteIndex> = (0..split).map(|_| SiteIndex::default()).collect();
            for (n, r) in recs.iter().enumerate() {
                stage.observe(r, &mut parts[n % split]);
            }
            let merged = parts
                .into_iter()
                .fold(SiteIndex::default(), |a, b| stage.merge(a, b));
            stage.finish(merged)
        };
        let (one, many) = (index(&roomy, 1), index(&tiny, 8));
        let (s1, s8) = (one.summary(), many.summary());
        assert_eq!(
            (s1.pages, s1.pairs, s1.sites, s1.lines),
            (s8.pages, s8.pairs, s8.sites, s8.lines)
        );
        assert_eq!(s1.spilled_runs, 0);
        assert!(s8.spilled_runs > 0);
        // Per site: the two furniture lines of every page and the 11 shared lines (each on
        // about 9 of the site's 100 pages, over min_pages = 5); the shared lines' digits
        // template (they differ only in their number: on every page); the head and tail keys
        // of the two furniture lines and of the shared lines (6). No body line (2 or 3
        // pages; the bodies differ only in a number too, but have 13 words, over
        // template_max_words = 12, and end as a sentence).
        assert_eq!((s1.sites, s1.lines), (3, 3 * 20));
        let State::Finished(a) = &one.state else {
            panic!("finished")
        };
        let State::Finished(b) = &many.state else {
            panic!("finished")
        };
        assert_eq!(a, b);
    }

    #[test]
    fn threads_sharing_a_tiny_budget_give_the_one_thread_output() {
        let roomy = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let tiny = tiny_budget_stage();
        let (mut one, mut many) = (mixed_pages(), mixed_pages());
        let v1 = run(&roomy, &mut one, 1);
        let parts: Vec<SiteIndex> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|t| {
                    let (stage, recs) = (&tiny, &many);
                    scope.spawn(move || {
                        let mut part = SiteIndex::default();
                        for r in recs.iter().skip(t).step_by(4) {
                            stage.observe(r, &mut part);
                        }
                        part
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("observer thread"))
                .collect()
        });
        // Merged in reverse order of the threads, to show order does not matter.
        let merged = parts
            .into_iter()
            .rev()
            .fold(SiteIndex::default(), |a, b| tiny.merge(a, b));
        let index = tiny.finish(merged);
        assert!(index.summary().spilled_runs > 0);
        let v4: Vec<Verdict> = many.iter_mut().map(|r| tiny.decide(r, &index)).collect();
        assert_eq!(v1, v4);
        assert_eq!(one, many);
    }

    #[test]
    fn partitioned_counts_decide_as_the_one_machine_index() {
        // Three map tasks (records dealt round-robin, a tiny budget so they spill), four
        // partitions by site, one reduce per partition: the same edits as one index.
        let roomy = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let tiny = tiny_budget_stage();
        let mut one = mixed_pages();
        let v1 = run(&roomy, &mut one, 1);
        let dir = tempfile::tempdir().unwrap();
        let file = |m: usize, p: u32| dir.path().join(format!("map-{m}-{p}"));
        let recs = mixed_pages();
        let mut summary = SiteSummary::default();
        for m in 0..3 {
            let mut part = SiteIndex::default();
            for r in recs.iter().skip(m).step_by(3) {
                tiny.observe(r, &mut part);
            }
            let s = tiny.write_partitions(part, 4, &|p| file(m, p)).unwrap();
            summary.pages += s.pages;
            summary.pairs += s.pairs;
        }
        let mut reduced = Vec::new();
        let mut lines = 0;
        for p in 0..4 {
            let out = dir.path().join(format!("reduced-{p}"));
            let inputs: Vec<PathBuf> = (0..3).map(|m| file(m, p)).collect();
            lines += tiny.reduce_partition(&inputs, &out).unwrap().lines;
            reduced.push(out);
        }
        let index = roomy.finished_from(&reduced, summary).unwrap();
        assert_eq!((index.summary().sites, index.summary().lines), (3, 60));
        assert_eq!(lines, 60);
        assert_eq!(index.summary().pages, 300);
        let mut many = mixed_pages();
        let v4: Vec<Verdict> = many.iter_mut().map(|r| roomy.decide(r, &index)).collect();
        assert_eq!(v1, v4);
        assert_eq!(one, many);
    }

    #[test]
    fn a_page_of_nothing_but_site_lines_is_rejected_with_a_reason() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), false).unwrap();
        let mut recs: Vec<Record> = (0..10).map(|i| page(i, "y.net", &body(i))).collect();
        recs.push(page(10, "y.net", "تابعونا على تويتر وفيسبوك"));
        let verdicts = run(&stage, &mut recs, 2);
        match &verdicts[10] {
            Verdict::Reject(r) => assert_eq!(r.reason, reason::SITE_BOILERPLATE),
            v => panic!("expected a reject, got {v:?}"),
        }
    }

    /// A page of `host` with the body of story `i` between `top` and `bottom` furniture.
    fn framed(i: usize, host: &str, top: &str, body: &str, bottom: &str) -> Record {
        let mut r = Record::new(
            format!("{host}-{i}"),
            format!("{top}\n\n{body}\n\n{bottom}"),
        );
        r.url = Some(format!("https://{host}/story/{i}"));
        r
    }

    /// Story `i`'s one paragraph, with no digit: nothing of it recurs.
    fn story(i: usize) -> String {
        let topics = [
            "الاقتصاد",
            "التعليم",
            "الصحة",
            "النقل",
            "الطاقة",
            "الزراعة",
            "السياحة",
        ];
        let places = [
            "الرياض",
            "جدة",
            "الدمام",
            "أبها",
            "تبوك",
            "حائل",
            "القصيم",
            "نجران",
        ];
        format!(
            "ناقش مجلس {} في {} خطة جديدة تخص {} بعد اجتماع طويل.",
            topics[i % 7],
            places[i % 8],
            topics[(i / 7) % 7]
        )
    }

    fn removed_rules(rec: &Record) -> Vec<(String, String)> {
        rec.metadata
            .get("removed")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|e| {
                        let line = e["line"].as_str().unwrap_or("").to_owned();
                        (line, e["rule"].as_str().unwrap_or("").to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn template_keys_slot_every_run_of_digits_in_any_script() {
        let t = |l: &str| template_of(&lines::key(l));
        assert_eq!(t("See all 12 photos").as_deref(), Some("seeall#photos"));
        assert_eq!(t("See all 12 photos"), t("See all 8 photos"));
        assert_eq!(t("Page 1 of 3").as_deref(), Some("page#of#"));
        assert_eq!(t("1,204 views"), t("87 views"));
        // Arabic-Indic, Persian and Devanagari digits make the same template as ASCII ones.
        assert_eq!(t("١٬٢٠٤ مشاهدة"), t("1,204 مشاهدة"));
        assert_eq!(t("۱۲ عکس"), t("3 عکس"));
        assert_eq!(t("१२ तस्वीरें"), t("7 तस्वीरें"));
        // No digit: no template (the line's own key is its only key); no letter: none either.
        assert_eq!(t("Follow us"), None);
        assert_eq!(t("12:45"), None);
    }

    #[test]
    fn furniture_with_a_varying_number_is_removed_by_its_template() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        // Each count occurs on at most 3 of the 60 pages (under min_pages = 5): only the
        // template recurs. Every fourth page writes its figures in Arabic-Indic digits.
        let digits = |n: usize, i: usize| {
            let ascii = n.to_string();
            if i.is_multiple_of(4) {
                ascii
                    .chars()
                    .map(|c| char::from_u32('٠' as u32 + c.to_digit(10).unwrap()).unwrap())
                    .collect()
            } else {
                ascii
            }
        };
        let mut recs: Vec<Record> = (0..60)
            .map(|i| {
                let top = format!(
                    "{} مشاهدة\nSee all {} photos",
                    digits(1000 + 37 * i, i),
                    i % 23 + 2
                );
                let bottom = format!("Page {} of {}", i % 3 + 1, i % 7 + 3);
                framed(i, "gallery.example", &top, &story(i), &bottom)
            })
            .collect();
        let verdicts = run(&stage, &mut recs, 2);
        assert!(verdicts.iter().all(|v| *v == Verdict::Keep));
        for (i, r) in recs.iter().enumerate() {
            assert_eq!(r.text, story(i), "page {i}");
            let rules = removed_rules(r);
            assert_eq!(rules.len(), 3);
            assert!(
                rules.iter().all(|(_, rule)| rule == "site_template"),
                "{rules:?}"
            );
        }
        // --explain gives the key and its figures.
        let first = &recs[1].metadata["removed"][1];
        assert_eq!(first["line"], "See all 3 photos");
        assert_eq!(first["figures"]["key"], "template");
        assert_eq!(first["figures"]["template"], "seeall#photos");
        assert_eq!(first["figures"]["pages"], 60);
        assert_eq!(first["figures"]["site_pages"], 60);
        assert_eq!(first["figures"]["fraction"], 1.0);
    }

    #[test]
    fn a_line_over_the_thresholds_by_its_own_key_says_so() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let mut recs: Vec<Record> = (0..20)
            .map(|i| framed(i, "a.example", "Page 1 of 3", &story(i), "Follow us"))
            .collect();
        let _ = run(&stage, &mut recs, 3);
        let entry = &recs[0].metadata["removed"][0];
        assert_eq!(entry["rule"], "site_line");
        assert_eq!(entry["figures"]["key"], "line");
        assert_eq!(entry["figures"]["pages"], 20);
        assert!(entry["figures"].get("template").is_none());
        assert_eq!(recs[0].text, story(0));
    }

    /// 200 pages of a sports and markets site: a story each, a wire report on every page
    /// whose words recur with other figures, a derby's result on 7 pages and a product's
    /// price on 8 (3.5 and 4 % of the pages: over the thresholds of a line, under those of
    /// a template), with other scores and prices each time; then the text each page should
    /// keep.
    fn sports_pages() -> (Vec<Record>, Vec<String>) {
        (0..200)
            .map(|i| {
                let mut body = vec![story(i)];
                if i.is_multiple_of(30) {
                    body.push(format!("الهلال {} - {} النصر", i % 4, i % 3));
                }
                if i.is_multiple_of(25) {
                    body.push(format!("تمر سكري فاخر: {} ريال للكيلو", 20 + i % 13));
                }
                body.push(format!(
                    "الرياض (رويترز) - ارتفع المؤشر الرئيسي للسوق السعودية {}.{} بالمئة إلى {} نقطة يوم الأحد، وبلغت قيمة التداول {} مليار ريال، بحسب متعاملين.",
                    i % 3,
                    i % 10,
                    11000 + 17 * i,
                    3 + i % 5
                ));
                let body = body.join("\n");
                let rec = framed(i, "sport.example", "الرئيسية", &body, "جميع الحقوق محفوظة");
                (rec, body)
            })
            .unzip()
    }

    #[test]
    fn content_whose_numbers_vary_in_a_recurring_shape_is_kept() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let (mut recs, bodies) = sports_pages();
        let _ = run(&stage, &mut recs, 2);
        for (r, body) in recs.iter().zip(&bodies) {
            assert_eq!(&r.text, body);
            assert!(removed_rules(r).iter().all(|(_, rule)| rule == "site_line"));
        }
        // What keeps them: the template's own fraction (the result and the price would go
        // at a line's 1 %); the wire report, a sentence, has no template even under a
        // word limit it fits.
        let loose = SiteConfig {
            template_min_fraction: 0.01,
            template_max_words: 40,
            ..SiteConfig::default()
        };
        let loose = SiteBoilerplate::new(&loose, true).unwrap();
        let (mut recs, _) = sports_pages();
        let _ = run(&loose, &mut recs, 2);
        let gone: HashSet<String> = recs
            .iter()
            .flat_map(removed_rules)
            .filter(|(_, rule)| rule == "site_template")
            .map(|(l, _)| l.split_whitespace().next().unwrap_or("").to_owned())
            .collect();
        let want: HashSet<String> = ["الهلال", "تمر"].map(str::to_owned).into();
        assert_eq!(gone, want);
    }

    #[test]
    fn head_and_tail_keys_leave_out_marks_and_slot_digits() {
        let (head, tail) = affixes_of("Read next: Gulf states meet in Riyadh", 3).unwrap();
        assert_eq!(
            (head.as_str(), tail.as_str()),
            ("^readnextgulf", "meetinriyadh$")
        );
        // A dash or a lone tatweel is no word; digits are slotted.
        let (head, tail) = affixes_of("محمد السريعي – عين اليوم", 3).unwrap();
        assert_eq!(tail, "السريعيعيناليوم$");
        assert_eq!(head, "^محمدالسريعيعين");
        assert_eq!(affixes_of("طلال ـ جدة", 2), None);
        assert_eq!(
            affixes_of("10:14 ت م NNNN", 3).map(|a| a.0).as_deref(),
            Some("^#تم")
        );
        assert_eq!(affixes_of("Follow us now", 3), None);
    }

    #[test]
    fn furniture_with_a_varying_tail_or_head_is_removed_by_its_affix() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let topics = [
            "the Gulf summit",
            "oil prices",
            "the Hajj season",
            "the budget",
            "rain",
        ];
        let first = ["Sara", "Omar", "Huda", "Faisal", "Mona", "Ali", "Noura"];
        let last = ["Saleh", "Nasser", "Omar", "Said", "Harbi"];
        let mut recs: Vec<Record> = (0..60)
            .map(|i| {
                // 35 writers: none on 5 pages.
                let top = format!("{} {} – Riyadh Daily News", first[i % 7], last[i % 5]);
                let bottom = format!(
                    "Follow our coverage of {} {}",
                    topics[i % 5],
                    ["now", "here", "today"][i % 3]
                );
                framed(i, "daily.example", &top, &story(i), &bottom)
            })
            .collect();
        let verdicts = run(&stage, &mut recs, 2);
        assert!(verdicts.iter().all(|v| *v == Verdict::Keep));
        for (i, r) in recs.iter().enumerate() {
            assert_eq!(r.text, story(i), "page {i}");
            let rules: Vec<String> = removed_rules(r).into_iter().map(|(_, rule)| rule).collect();
            assert_eq!(rules, ["site_tail", "site_head"], "page {i}");
        }
        let entry = &recs[0].metadata["removed"][1];
        assert_eq!(entry["figures"]["key"], "head");
        assert_eq!(entry["figures"]["template"], "^followourcoverage");
        assert_eq!(entry["figures"]["pages"], 60);
    }

    #[test]
    fn a_recurring_opening_of_a_paragraph_or_a_brief_is_kept() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let places = [
            "Jeddah", "Riyadh", "Dammam", "Abha", "Tabuk", "Hail", "Najran",
        ];
        let deeds = [
            "opens a school",
            "signs a deal",
            "hosts a fair",
            "marks a day",
        ];
        let lines_of = |i: usize| {
            vec![
                // A wire story's paragraph: its opening recurs on every page, it is long.
                format!(
                    "RIYADH (Reuters) - The governor of {} {} on {}, officials said, adding that more would follow in the coming weeks across the region.",
                    places[i % 7],
                    deeds[i % 4],
                    ["Sunday", "Monday", "Tuesday"][i % 3]
                ),
                // A one-line brief opening with the same formula: short, but a sentence
                // (its head key is the same on every page).
                format!(
                    "RIYADH (Reuters) - Saudi {} {} again.",
                    places[(i + 3) % 7],
                    deeds[(i + 1) % 4]
                ),
            ]
        };
        let mut recs: Vec<Record> = (0..60)
            .map(|i| framed(i, "wire.example", "Home", &lines_of(i).join("\n"), "Home"))
            .collect();
        let _ = run(&stage, &mut recs, 2);
        for (i, r) in recs.iter().enumerate() {
            assert_eq!(r.text, lines_of(i).join("\n"), "page {i}");
        }
        let head = |i: usize| affixes_of(&lines_of(i)[1], 3).map(|a| a.0);
        assert_eq!(head(0).as_deref(), Some("^riyadhreuterssaudi"));
        assert!((1..60).all(|i| head(i) == head(0)));
    }

    #[test]
    fn a_short_sentence_whose_figure_changes_is_kept() {
        // A daily update's one-line statement: the same words on every page, another figure.
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true).unwrap();
        let line = |i: usize| format!("ارتفع عدد الإصابات المسجلة اليوم إلى {}.", 100 + 7 * i);
        let mut recs: Vec<Record> = (0..60)
            .map(|i| framed(i, "daily.example", "الرئيسية", &line(i), "الرئيسية"))
            .collect();
        let verdicts = run(&stage, &mut recs, 2);
        assert!(verdicts.iter().all(|v| *v == Verdict::Keep));
        for (i, r) in recs.iter().enumerate() {
            assert_eq!(r.text, line(i));
        }
    }

    #[test]
    fn records_without_url_are_grouped_by_input_file() {
        let mut r = Record::new("a", "x");
        r.metadata.insert("input_file".into(), "dump.jsonl".into());
        assert_eq!(group_name(&r), "file:dump.jsonl");
        r.url = Some("HTTP://WWW.Example.COM:8080/a?b".into());
        assert_eq!(group_name(&r), "host:example.com");
        assert_eq!(host_of("nonsense"), Some("nonsense".into()));
        assert_eq!(host_of(""), None);
    }
}
