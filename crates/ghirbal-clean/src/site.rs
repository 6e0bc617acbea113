//! Site boilerplate: lines that recur on many pages of one site (CCNet-style line
//! frequency), removed by a corpus stage.
//!
//! Pages are grouped by the host of `url` (without `www.`), else by `metadata.input_file`,
//! else by `source`, else all together. `observe` counts, per group, on how many pages each
//! line occurs; a line is identified by the 64-bit xxh3 hash of its key (letters and digits
//! of the matching text), so the index holds no text. `decide` drops a line that occurs on at
//! least `min_pages` pages and at least `min_fraction` of the group's pages.
//!
//! Memory: while observing, one map entry (hash and count, about 24 bytes with the map's
//! overhead) per distinct line of each site, at most `max_lines_per_page` per record; on
//! news text that is about 15 lines, 360 bytes per record. `finish` keeps only the lines over
//! the thresholds, so `decide` needs a few kilobytes per site. The result depends only on the
//! counts, which are sums, so it is the same for any thread order.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use ghirbal_core::reason::clean as reason;
use ghirbal_core::{CorpusStage, Record, Reject, StageName, Verdict};
use serde_json::{Value, json};
use xxhash_rust::xxh3::xxh3_64;

use crate::config::SiteConfig;
use crate::{explain, lines};

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

/// What one site contributes to the index.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SiteLines {
    /// Pages seen.
    pub pages: u32,
    /// Line hash → pages it occurs on (after `finish`: only the lines over the thresholds).
    pub lines: HashMap<u64, u32, HashBuild>,
}

/// The side index of the stage: per site (hash of the group name), its line counts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SiteIndex {
    /// Group hash → its lines.
    pub sites: HashMap<u64, SiteLines, HashBuild>,
}

/// The site-boilerplate corpus stage, built from `[clean.site]`.
#[derive(Debug, Clone)]
pub struct SiteBoilerplate {
    config: SiteConfig,
    explain: bool,
}

impl SiteBoilerplate {
    /// The stage with these settings; `explain` writes removed lines to `metadata.removed`.
    pub fn new(config: &SiteConfig, explain: bool) -> SiteBoilerplate {
        SiteBoilerplate {
            config: config.clone(),
            explain,
        }
    }

    /// Each non-empty line of `text` with the hash of its key when the line is countable.
    fn line_hashes<'t>(&self, text: &'t str) -> Vec<(&'t str, Option<u64>)> {
        text.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .enumerate()
            .map(|(n, l)| {
                let countable = n < self.config.max_lines_per_page
                    && lines::words_upto(l, self.config.max_words) <= self.config.max_words;
                let hash = countable
                    .then(|| lines::key(l))
                    .filter(|k| !k.is_empty())
                    .map(|k| xxh3_64(k.as_bytes()));
                (l, hash)
            })
            .collect()
    }
}

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

impl CorpusStage for SiteBoilerplate {
    type Index = SiteIndex;

    fn name(&self) -> StageName {
        StageName::Clean
    }

    fn observe(&self, rec: &Record, part: &mut SiteIndex) {
        let group = xxh3_64(group_name(rec).as_bytes());
        let site = part.sites.entry(group).or_default();
        site.pages = site.pages.saturating_add(1);
        // A line counts once per page, however often the page repeats it.
        let mut seen = HashSet::<u64, HashBuild>::default();
        for (_, hash) in self.line_hashes(&rec.text) {
            if let Some(h) = hash.filter(|h| seen.insert(*h)) {
                let c = site.lines.entry(h).or_insert(0);
                *c = c.saturating_add(1);
            }
        }
    }

    fn merge(&self, mut a: SiteIndex, b: SiteIndex) -> SiteIndex {
        for (group, site) in b.sites {
            let into = a.sites.entry(group).or_default();
            into.pages = into.pages.saturating_add(site.pages);
            for (h, c) in site.lines {
                let n = into.lines.entry(h).or_insert(0);
                *n = n.saturating_add(c);
            }
        }
        a
    }

    fn finish(&self, mut index: SiteIndex) -> SiteIndex {
        for site in index.sites.values_mut() {
            let by_fraction = (self.config.min_fraction * f64::from(site.pages)).ceil();
            let threshold = f64::from(self.config.min_pages.max(1)).max(by_fraction);
            site.lines.retain(|_, c| f64::from(*c) >= threshold);
            site.lines.shrink_to_fit();
        }
        index.sites.retain(|_, s| !s.lines.is_empty());
        index
    }

    fn decide(&self, rec: &mut Record, index: &SiteIndex) -> Verdict {
        let name = group_name(rec);
        let Some(site) = index.sites.get(&xxh3_64(name.as_bytes())) else {
            rec.set_count("clean.site_lines", 0);
            return Verdict::Keep;
        };
        let original = std::mem::take(&mut rec.text);
        let lines = self.line_hashes(&original);
        let total = lines.len();
        let (mut kept, mut removed) = (Vec::with_capacity(total), Vec::new());
        for (line, hash) in lines {
            if hash.is_some_and(|h| site.lines.contains_key(&h)) {
                removed.push(line);
            } else {
                kept.push(line);
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
                .map(|l| explain::entry(l, reason::line::SITE_BOILERPLATE))
                .collect();
            explain::append(rec, entries);
        }
        if kept.is_empty() {
            let detail = json!({ "lines": total, "group": name });
            return Verdict::Reject(Reject::new(reason::SITE_BOILERPLATE, detail));
        }
        let old_first = original.split('\n').map(str::trim).find(|l| !l.is_empty());
        let lede = rec.lede.as_deref().map(str::trim);
        if lede.is_some() && (lede == old_first || lede.is_some_and(|l| removed.contains(&l))) {
            rec.lede = kept.first().map(|l| (*l).to_owned());
        }
        rec.text = kept.join("\n\n");
        Verdict::Keep
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
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true);
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
        let stage = SiteBoilerplate::new(&SiteConfig::default(), false);
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
        let stage = SiteBoilerplate::new(&SiteConfig::default(), true);
        let make = || -> Vec<Record> { (0..30).map(|i| page(i, "x.org", &body(i % 7))).collect() };
        let (mut one, mut two) = (make(), make());
        let v1 = run(&stage, &mut one, 1);
        let v2 = run(&stage, &mut two, 3);
        assert_eq!(v1, v2);
        assert_eq!(one, two);
    }

    #[test]
    fn a_page_of_nothing_but_site_lines_is_rejected_with_a_reason() {
        let stage = SiteBoilerplate::new(&SiteConfig::default(), false);
        let mut recs: Vec<Record> = (0..10).map(|i| page(i, "y.net", &body(i))).collect();
        recs.push(page(10, "y.net", "تابعونا على تويتر وفيسبوك"));
        let verdicts = run(&stage, &mut recs, 2);
        match &verdicts[10] {
            Verdict::Reject(r) => assert_eq!(r.reason, reason::SITE_BOILERPLATE),
            v => panic!("expected a reject, got {v:?}"),
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
