//! The `clean` record stage, then the site-boilerplate corpus stage, over arbitrary text (invalid
//! UTF-8 becomes U+FFFD first, as a reader would have reported it). Bytes 0x1E split the input
//! into pages of one site, so lines repeated across them meet the site index; its memory budget
//! is tiny, so the index spills sorted runs and merges them back.
#![no_main]

use std::sync::LazyLock;

use ghirbal_core::{Config, CorpusStage, Record, RecordStage, Verdict};

static STAGES: LazyLock<ghirbal_clean::Stages> = LazyLock::new(|| {
    let overlay = "[clean.site]\nmemory_budget = 1024\n";
    let config = Config::with_overlay("arabic-news", overlay).expect("config");
    ghirbal_clean::build(&config).expect("clean stages")
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let stages = &*STAGES;
    let clean = stages.clean.as_ref().expect("clean is on");
    let mut kept = Vec::new();
    for (i, page) in data.split(|&b| b == 0x1e).enumerate() {
        let mut rec = Record::new(format!("p{i}"), String::from_utf8_lossy(page));
        rec.url = Some(format!("https://news.example.com/{i}"));
        rec.position.ordinal = i as u64;
        if clean.apply(&mut rec) == Verdict::Keep {
            assert!(!rec.text.trim().is_empty(), "a kept record has text");
            kept.push(rec);
        }
    }
    let Some(site) = stages.site.as_ref() else {
        return;
    };
    let mut index = Default::default();
    for rec in &kept {
        site.observe(rec, &mut index);
    }
    let index = site.finish(index);
    for rec in &mut kept {
        let _ = site.decide(rec, &index);
    }
});
