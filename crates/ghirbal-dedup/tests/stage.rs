//! The dedup stage driven the way the pipeline drives it: observe on several threads, merge,
//! finish, decide in any order.

use ghirbal_core::{Config, CorpusStage, Record, Verdict};
use ghirbal_dedup::{Dedup, DedupConfig, DedupIndex, DedupSummary};
use proptest::prelude::*;

/// One record's outcome: id, reason (or "keep"), kept id, cluster size.
type Outcome = (String, String, Option<String>, u64);

fn rec(ord: u64, text: &str, url: Option<&str>) -> Record {
    let mut r = Record::new(format!("r{ord}"), text);
    r.position.ordinal = ord;
    r.url = url.map(str::to_owned);
    r
}

/// Observes `records` on `threads` threads (records dealt round-robin, each thread going
/// backwards so the order differs from the input), merges the parts in reverse, finishes, and
/// decides in reverse input order.
fn run(stage: &Dedup, records: &[Record], threads: usize) -> (Vec<Outcome>, DedupSummary) {
    let parts: Vec<DedupIndex> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut part = DedupIndex::default();
                    let mine: Vec<&Record> = records.iter().skip(t).step_by(threads).collect();
                    for r in mine.into_iter().rev() {
                        stage.observe(r, &mut part);
                    }
                    part
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut merged = DedupIndex::default();
    for p in parts.into_iter().rev() {
        merged = stage.merge(merged, p);
    }
    let index = stage.finish(merged);
    let mut out: Vec<Outcome> = records
        .iter()
        .rev()
        .map(|r| {
            let mut r = r.clone();
            match stage.decide(&mut r, &index) {
                Verdict::Keep => (r.id, "keep".into(), None, r.dup_cluster_size),
                Verdict::Reject(rej) => (
                    r.id,
                    rej.reason.to_string(),
                    rej.detail["kept_id"].as_str().map(str::to_owned),
                    r.dup_cluster_size,
                ),
            }
        })
        .collect();
    out.reverse();
    (out, index.summary().cloned().unwrap())
}

fn stage(overlay: &str) -> Dedup {
    let config: DedupConfig = toml::from_str(overlay).unwrap();
    Dedup::new(config).unwrap()
}

const STORY: &str = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير \
ويضم أقساما متخصصة في أمراض القلب والأورام وطب الأطفال وقال الوزير إن المشروع يأتي ضمن خطة \
لتطوير الخدمات الصحية في جميع مناطق المملكة خلال السنوات الخمس المقبلة";

#[test]
fn exact_duplicates_keep_the_first_in_input_order() {
    let s = stage("");
    let recs = vec![
        rec(0, "other text entirely here ok", None),
        rec(1, STORY, None),
        rec(2, STORY, None),
        rec(3, STORY, None),
    ];
    let (out, sum) = run(&s, &recs, 2);
    assert_eq!(out[1], ("r1".into(), "keep".into(), None, 3));
    assert_eq!(
        out[2],
        ("r2".into(), "dedup:exact".into(), Some("r1".into()), 3)
    );
    assert_eq!(out[3].1, "dedup:exact");
    assert_eq!(out[0].3, 1);
    assert_eq!((sum.exact, sum.clusters), (2, 1));
}

#[test]
fn diacritics_hamza_and_whitespace_do_not_hide_an_exact_duplicate() {
    let s = stage("");
    let voweled = "أعلنتْ وزارةُ الصحةِ   اليومَ\n\nعن افتتاحِ مستشفى جديد";
    let plain = "اعلنت وزارة الصحه اليوم عن افتتاح مستشفي جديد";
    let (out, _) = run(&s, &[rec(0, voweled, None), rec(1, plain, None)], 1);
    assert_eq!(out[1].1, "dedup:exact");
}

#[test]
fn weekly_edition_url_is_a_url_duplicate() {
    let s = stage("");
    let a = rec(
        0,
        "first version of the page text is here",
        Some("http://www.al-madina.com/node/1/x.html"),
    );
    let b = rec(
        1,
        "a completely rewritten page with other words",
        Some("http://al-madina.com/node/1/x.html?weekly"),
    );
    let (out, sum) = run(&s, &[a, b], 2);
    assert_eq!(
        out[1],
        ("r1".into(), "dedup:url".into(), Some("r0".into()), 2)
    );
    assert_eq!(sum.url, 1);
    let off = stage("url = false");
    let (out, _) = run(&off, &run_inputs_url(), 1);
    assert!(out.iter().all(|o| o.1 == "keep"));
}

fn run_inputs_url() -> Vec<Record> {
    vec![
        rec(
            0,
            "first version of the page text is here",
            Some("http://x.com/a"),
        ),
        rec(
            1,
            "a completely rewritten page with other words",
            Some("https://x.com/a/"),
        ),
    ]
}

#[test]
fn lightly_edited_copy_is_a_near_duplicate_of_the_original() {
    let s = stage("");
    let edited = STORY.replace("الرياض", "جدة");
    let (out, sum) = run(
        &s,
        &[
            rec(0, STORY, None),
            rec(
                1,
                "unrelated words about football and the weather today",
                None,
            ),
            rec(2, &edited, None),
        ],
        2,
    );
    assert_eq!(
        out[2],
        ("r2".into(), "dedup:near".into(), Some("r0".into()), 2)
    );
    assert_eq!(out[1].1, "keep");
    assert_eq!(sum.near, 1);
}

#[test]
fn blank_texts_are_never_duplicates_of_each_other() {
    let s = stage("");
    let recs = vec![
        rec(0, "", None),
        rec(1, "   ", None),
        rec(2, "\u{a0}\u{a0} \n", None),
        rec(3, "", None),
    ];
    let (out, sum) = run(&s, &recs, 2);
    assert!(out.iter().all(|o| o.1 == "keep" && o.3 == 1), "{out:?}");
    assert_eq!(sum.blank, 4);
}

#[test]
fn short_texts_are_deduplicated_only_exactly() {
    let s = stage("");
    let recs = vec![
        rec(0, "one two three", None),
        rec(1, "one two three", None),
        rec(2, "one two four", None),
    ];
    let (out, sum) = run(&s, &recs, 1);
    assert_eq!(out[1].1, "dedup:exact");
    assert_eq!(out[2].1, "keep");
    assert_eq!(sum.short, 3);
}

#[test]
fn records_without_url_are_counted_and_kept_out_of_url_dedup() {
    let s = stage("");
    let recs = vec![
        rec(0, "alpha beta gamma delta epsilon zeta", None),
        rec(1, "eta theta iota kappa lambda mu", Some("not a url")),
    ];
    let (out, sum) = run(&s, &recs, 1);
    assert!(out.iter().all(|o| o.1 == "keep"));
    assert_eq!(sum.no_url, 2);
}

#[test]
fn odd_inputs_do_not_panic() {
    let s = stage("");
    let huge = "ك".repeat(5 << 20 >> 1);
    let recs = vec![
        rec(0, &huge, None),
        rec(1, &huge, None),
        rec(2, "\u{0}\u{1}\u{7f}\u{fffd}", None),
        rec(3, "😀😀😀 😀 😀 😀 😀", None),
        rec(4, "1 2 3 4 5 6 7 8 9 ١٢٣", None),
        rec(5, "word", None),
    ];
    let (out, _) = run(&s, &recs, 2);
    assert_eq!(out[1].1, "dedup:exact");
}

#[test]
fn deciding_a_record_that_was_never_observed_keeps_it() {
    let s = stage("");
    let index = s.finish(DedupIndex::default());
    let mut r = rec(42, STORY, None);
    assert_eq!(s.decide(&mut r, &index), Verdict::Keep);
    assert_eq!(r.dup_cluster_size, 1);
}

#[test]
fn build_reads_the_dedup_table_and_rejects_unknown_keys() {
    let c = Config::with_overlay(
        "arabic-news",
        "[dedup]\nbands = 20\nrows = 5\nmemory_budget = \"64MiB\"\n",
    )
    .unwrap();
    let d = ghirbal_dedup::build(&c).unwrap();
    assert_eq!(d.config().bands, 20);
    assert_eq!(d.config().memory_budget, 64 << 20);
    let bad = Config::with_overlay("arabic-news", "[dedup]\nbandz = 20\n").unwrap();
    assert!(ghirbal_dedup::build(&bad).is_err());
    let scope =
        Config::with_overlay("arabic-news", "[dedup]\nscope = \"/nonexistent/x.idx\"\n").unwrap();
    assert!(ghirbal_dedup::build(&scope).is_err());
}

/// A synthetic corpus with exact copies, near copies, URL twins, blanks and short texts.
fn corpus(seed: u64, n: usize) -> Vec<Record> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut rnd = move |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m.max(1)
    };
    let vocab: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
    let mut texts: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for ord in 0..n as u64 {
        let kind = rnd(10);
        let text = if kind < 2 && !texts.is_empty() {
            texts[rnd(texts.len() as u64) as usize].clone()
        } else if kind < 4 && !texts.is_empty() {
            let base = &texts[rnd(texts.len() as u64) as usize];
            let mut words: Vec<&str> = base.split(' ').collect();
            let at = rnd(words.len() as u64) as usize;
            words[at] = &vocab[rnd(300) as usize];
            words.join(" ")
        } else if kind == 4 {
            ["", "  ", "a b"][rnd(3) as usize].to_string()
        } else {
            (0..20 + rnd(60))
                .map(|_| vocab[rnd(300) as usize].as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        texts.push(text.clone());
        let url = format!(
            "http://site{}.com/p/{}{}",
            rnd(3),
            rnd(n as u64 / 2 + 1),
            if rnd(2) == 0 { "?weekly" } else { "" }
        );
        out.push(rec(ord, &text, if rnd(5) == 0 { None } else { Some(&url) }));
    }
    out
}

#[test]
fn spilling_and_threads_do_not_change_the_output() {
    let recs = corpus(7, 3000);
    let big = stage("");
    let (want, sum) = run(&big, &recs, 1);
    assert_eq!(sum.spilled_runs, 0);
    assert!(sum.exact > 100 && sum.near > 50 && sum.url > 10, "{sum:?}");
    for threads in [2, 5] {
        let (got, _) = run(&big, &recs, threads);
        assert_eq!(got, want, "threads {threads}");
    }
    let tiny = stage("memory_budget = 4096");
    let (got, sum) = run(&tiny, &recs, 3);
    assert!(sum.spilled_runs > 20, "{sum:?}");
    assert_eq!(got, want, "spilled");
}

/// Runs dedup cut over tasks: `maps` map tasks (consecutive slices of the records, as input
/// files are), `parts` partitions, one reduce per partition and kind, then clustering.
fn run_partitioned(
    stage: &Dedup,
    records: &[Record],
    maps: usize,
    parts: u32,
) -> (Vec<Outcome>, DedupSummary) {
    use ghirbal_dedup::KeyKind;
    let dir = tempfile::tempdir().unwrap();
    let key = |m: usize, k: KeyKind, p: u32| dir.path().join(format!("m{m}-{}-{p}", k.as_str()));
    let mut summary = DedupSummary::default();
    let size = records.len().div_ceil(maps);
    for (m, slice) in records.chunks(size).enumerate() {
        let mut part = DedupIndex::default();
        for r in slice {
            stage.observe(r, &mut part);
        }
        let s = stage
            .write_partitions(
                part,
                parts,
                &|k, p| key(m, k, p),
                &dir.path().join(format!("m{m}-ords")),
                &dir.path().join(format!("m{m}-ids")),
            )
            .unwrap();
        summary.add_observed(&s);
    }
    let used = records.chunks(size).count();
    let mut edges: [Vec<std::path::PathBuf>; 3] = Default::default();
    let mut entries = [0u64; 3];
    for (k, kind) in KeyKind::ALL.into_iter().enumerate() {
        for p in 0..parts {
            let inputs: Vec<_> = (0..used).map(|m| key(m, kind, p)).collect();
            let out = dir.path().join(format!("edges-{}-{p}", kind.as_str()));
            entries[k] += stage.reduce_partition(kind, &inputs, &out).unwrap().entries;
            edges[k].push(out);
        }
    }
    let ords: Vec<_> = (0..used)
        .map(|m| dir.path().join(format!("m{m}-ords")))
        .collect();
    let ids: Vec<_> = (0..used)
        .map(|m| dir.path().join(format!("m{m}-ids")))
        .collect();
    let index = stage
        .finished_from(
            &ords,
            [&edges[0], &edges[1], &edges[2]],
            entries,
            &ids,
            summary,
        )
        .unwrap();
    let out = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            match stage.decide(&mut r, &index) {
                Verdict::Keep => (r.id, "keep".into(), None, r.dup_cluster_size),
                Verdict::Reject(rej) => (
                    r.id,
                    rej.reason.to_string(),
                    rej.detail["kept_id"].as_str().map(str::to_owned),
                    r.dup_cluster_size,
                ),
            }
        })
        .collect();
    (out, index.summary().cloned().unwrap())
}

#[test]
fn partitioned_dedup_decides_as_one_machine() {
    let recs = corpus(7, 3000);
    let (want, sum) = run(&stage(""), &recs, 2);
    for (maps, parts) in [(1, 1), (4, 3), (7, 16)] {
        let (got, got_sum) = run_partitioned(&stage("memory_budget = 4096"), &recs, maps, parts);
        assert_eq!(got, want, "{maps} maps, {parts} partitions");
        assert_eq!(
            (
                got_sum.observed,
                got_sum.clusters,
                got_sum.exact,
                got_sum.url,
                got_sum.near
            ),
            (sum.observed, sum.clusters, sum.exact, sum.url, sum.near)
        );
    }
    let (got, _) = run_partitioned(&stage("url = false\nnear = false"), &recs, 3, 2);
    assert_eq!(got, run(&stage("url = false\nnear = false"), &recs, 1).0);
}

#[test]
fn every_cluster_keeps_exactly_one_record_with_the_smallest_ordinal() {
    let recs = corpus(11, 2000);
    let (out, sum) = run(&stage(""), &recs, 2);
    let kept: std::collections::HashMap<&str, u64> = out
        .iter()
        .filter(|o| o.1 == "keep")
        .map(|o| (o.0.as_str(), o.3))
        .collect();
    let mut members: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
    for (i, o) in out.iter().enumerate() {
        if let Some(k) = &o.2 {
            let kept_ord: usize = k[1..].parse().unwrap();
            assert!(kept_ord < i, "kept record comes first");
            assert_eq!(out[kept_ord].1, "keep");
            *members.entry(k.as_str()).or_insert(1) += 1;
        }
    }
    for (k, n) in members {
        assert_eq!(kept[k], n, "cluster size of {k}");
    }
    assert_eq!(
        sum.exact + sum.url + sum.near,
        out.iter().filter(|o| o.1 != "keep").count() as u64
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn any_corpus_gives_the_same_output_for_any_threads_and_budget(seed in 0u64..1000, threads in 1usize..6) {
        let recs = corpus(seed, 300);
        let (want, _) = run(&stage(""), &recs, 1);
        let (got, _) = run(&stage("memory_budget = 4096"), &recs, threads);
        prop_assert_eq!(got, want);
    }
}

#[test]
fn a_new_run_dedups_against_the_saved_index_of_an_earlier_run() {
    let dir = tempfile::tempdir().unwrap();
    let a_idx = dir.path().join("a.idx");
    let b_idx = dir.path().join("b.idx");
    let q = |p: &std::path::Path| p.display().to_string().replace('\\', "/");
    let other = "unrelated words about football and the weather today in the city";
    let first = stage(&format!("save_index = \"{}\"", q(&a_idx)));
    let (out, sum) = run(
        &first,
        &[
            rec(0, STORY, Some("http://x.com/a")),
            rec(1, other, None),
            rec(2, STORY, None),
        ],
        2,
    );
    assert_eq!(out[2].1, "dedup:exact");
    assert_eq!((sum.saved_records, sum.save_error.clone()), (2, None));

    // Ids in the new run restart at r0: the earlier run's ids come from the saved file.
    let second = stage(&format!(
        "scope = \"{}\"\nsave_index = \"{}\"",
        q(&a_idx),
        q(&b_idx)
    ));
    let edited = STORY.replace("الرياض", "جدة");
    let fresh = "a new story about rain falling on the northern mountains this week";
    let recs = vec![
        Record {
            id: "new0".into(),
            ..rec(0, &edited, None)
        },
        Record {
            id: "new1".into(),
            ..rec(1, fresh, None)
        },
        Record {
            id: "new2".into(),
            ..rec(2, "something else", Some("https://www.x.com/a/"))
        },
        Record {
            id: "new3".into(),
            ..rec(3, fresh, None)
        },
    ];
    let (out, sum) = run(&second, &recs, 2);
    assert_eq!(
        out[0],
        ("new0".into(), "dedup:near".into(), Some("r0".into()), 3)
    );
    assert_eq!(out[1], ("new1".into(), "keep".into(), None, 2));
    assert_eq!(out[2].1, "dedup:url");
    assert_eq!(out[2].2.as_deref(), Some("r0"));
    assert_eq!(
        out[3],
        ("new3".into(), "dedup:exact".into(), Some("new1".into()), 2)
    );
    assert_eq!((sum.prior_records, sum.dropped_for_prior), (2, 2));
    assert_eq!(sum.saved_records, 3, "r0, r1 and new1");

    let third = stage(&format!("scope = \"{}\"\nmemory_budget = 4096", q(&b_idx)));
    let (out, _) = run(
        &third,
        &[
            Record {
                id: "x".into(),
                ..rec(0, fresh, None)
            },
            Record {
                id: "y".into(),
                ..rec(1, other, None)
            },
        ],
        1,
    );
    assert_eq!(out[0].2.as_deref(), Some("new1"));
    assert_eq!(out[1].2.as_deref(), Some("r1"));
}

#[test]
fn a_saved_index_with_other_minhash_parameters_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("a.idx");
    let path = idx.display().to_string().replace('\\', "/");
    let first = stage(&format!("save_index = \"{path}\""));
    run(&first, &[rec(0, STORY, None)], 1);
    let cfg: DedupConfig = toml::from_str(&format!("scope = \"{path}\"\nbands = 14")).unwrap();
    let e = Dedup::new(cfg).unwrap_err().to_string();
    assert!(e.contains("index built with"), "{e}");
    let missing: DedupConfig = toml::from_str("scope = \"/nonexistent/dir/x.idx\"").unwrap();
    assert!(Dedup::new(missing).is_err());
    let no_dir: DedupConfig = toml::from_str("spill_dir = \"/nonexistent/spill\"").unwrap();
    assert!(Dedup::new(no_dir).is_err());
}

#[test]
fn stage_and_index_can_cross_threads_as_the_pipeline_needs() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Dedup>();
    shareable::<DedupIndex>();
}

/// What the `dedup_index` fuzz target found: a saved index whose header counts more entries
/// than a u64 of bytes can hold (the band count here is 0x1400000000000000). It overflowed an
/// offset, and a record count beyond the file would have sized the union-find. The counts are
/// now checked against the file's length when it is loaded.
const FUZZ_COUNTS_OVERFLOW: &[u8] =
    b"\x02\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\
      \x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x14\x34\x12\x00\x00\x00\x00\x00\x00\x00\x00\
      \x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x00\x00\xff\xff\x00\x00\x00\
      \x00\x00\x00\x00\x00\x00\x00\x02\x00\x01\x00\x00\x00\x00\x00\x00\x80\x55\x00\x00\x00\
      \x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x80\x07\
      \x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x09\x00\x00\x00\x00\x00\
      \x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x09\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\
      \x00\x00\x00\x00\x80\x05\x00\x00\x00\x6f\x6c\x64\x2d\x30\x0a\x00\x00\x00\xd9\x82\xd8\
      \xaf\xd9\x8a\xd9\x85\x2d\x32";

#[test]
fn a_damaged_saved_index_is_refused_or_counted_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.idx");
    let q = |p: &std::path::Path| p.display().to_string().replace('\\', "/");
    let first = stage(&format!("save_index = \"{}\"", q(&good)));
    run(&first, &[rec(0, STORY, Some("http://x.com/a"))], 1);
    let saved = std::fs::read(&good).unwrap();
    let header = &saved[..48];
    let load = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let cfg: DedupConfig = toml::from_str(&format!("scope = \"{}\"", q(&p))).unwrap();
        Dedup::new(cfg)
    };
    let refused = |name: &str, bytes: &[u8]| {
        let e = load(name, bytes).expect_err("refused").to_string();
        assert!(e.contains("cut or damaged"), "{name}: {e}");
    };
    refused("fuzz.idx", &[header, FUZZ_COUNTS_OVERFLOW].concat());
    // Cut inside the entries or the last id's length: the counts no longer fit (a cut inside
    // an id's bytes is the id-length case below).
    refused("cut.idx", &saved[..90]);
    refused("cut-length.idx", &saved[..saved.len() - 3]);
    // A record count of 2^31 in a small file.
    let mut many = saved.clone();
    many[48..56].copy_from_slice(&(1u64 << 31).to_le_bytes());
    refused("many.idx", &many);
    // An id length past the end of the file passes the load (the counts fit) and is counted
    // as an I/O error of the index when the ids are read, instead of a 4 GiB allocation.
    let mut long_id = saved.clone();
    let at = long_id.len() - 4 - "r0".len();
    long_id[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let stage = load("long-id.idx", &long_id).expect("the counts fit");
    let (out, sum) = run(&stage, &[rec(0, STORY, None)], 1);
    assert_eq!(out[0].1, "dedup:exact");
    assert_eq!(sum.io_errors, 1);
}

/// Finishes `part` and decides on every record, in input order.
fn outcomes(stage: &Dedup, records: &[Record], part: DedupIndex) -> (Vec<Outcome>, DedupSummary) {
    let index = stage.finish(part);
    let out = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            match stage.decide(&mut r, &index) {
                Verdict::Keep => (r.id, "keep".into(), None, r.dup_cluster_size),
                Verdict::Reject(rej) => (
                    r.id,
                    rej.reason.to_string(),
                    rej.detail["kept_id"].as_str().map(str::to_owned),
                    r.dup_cluster_size,
                ),
            }
        })
        .collect();
    (out, index.summary().cloned().unwrap())
}

#[test]
fn what_observing_saved_loads_back_into_the_same_index() {
    let recs = corpus(24, 1500);
    for overlay in ["", "memory_budget = 4096", "url = false\nnear = false"] {
        let stage = stage(overlay);
        assert!(stage.saves());
        let (want, want_sum) = outcomes(&stage, &recs, {
            let mut part = DedupIndex::default();
            for r in &recs {
                stage.observe(r, &mut part);
            }
            part
        });
        // Two halves saved in two blobs, as two checkpoint chunks would be; the first is
        // loaded, the second observed again, and one more record observed live.
        let (mut saved_a, mut saved_b) = (Vec::new(), Vec::new());
        let mut scratch = DedupIndex::default();
        for (n, r) in recs[..1000].iter().enumerate() {
            let saved = if n < 600 { &mut saved_a } else { &mut saved_b };
            stage.observe_saving(r, &mut scratch, saved);
        }
        let mut part = DedupIndex::default();
        stage.load(&saved_a, 600, &mut part).unwrap();
        stage.load(&saved_b, 400, &mut part).unwrap();
        for r in &recs[1000..] {
            stage.observe(r, &mut part);
        }
        let (got, got_sum) = outcomes(&stage, &recs, part);
        assert_eq!(got, want, "{overlay}");
        assert_eq!(
            (
                got_sum.observed,
                got_sum.blank,
                got_sum.short,
                got_sum.no_url
            ),
            (
                want_sum.observed,
                want_sum.blank,
                want_sum.short,
                want_sum.no_url
            ),
            "{overlay}"
        );
    }
}

#[test]
fn damaged_saved_keys_are_refused_and_add_nothing() {
    let recs = corpus(3, 200);
    let stage = stage("");
    let mut saved = Vec::new();
    let mut scratch = DedupIndex::default();
    for r in &recs {
        stage.observe_saving(r, &mut scratch, &mut saved);
    }
    let mut flags = saved.clone();
    flags[8] = 0xff; // the first record's flags byte
    let damaged: [(&[u8], u64); 5] = [
        (&saved[..saved.len() - 1], 200),
        (&saved[..saved.len() / 2], 200),
        (&flags, 200),
        (&saved, 199),
        (&[1, 2, 3], 1),
    ];
    for (bytes, records) in damaged {
        let mut part = DedupIndex::default();
        assert!(stage.load(bytes, records, &mut part).is_err());
        // Nothing was added: the part finishes as an empty one.
        let (_, sum) = outcomes(&stage, &[], part);
        assert_eq!(sum.observed, 0);
    }
    let mut part = DedupIndex::default();
    stage.load(&saved, 200, &mut part).unwrap();
    assert_eq!(outcomes(&stage, &[], part).1.observed, 200);
}
