//! The dedup index files: a saved index (`[dedup] scope = PATH`, written by an earlier run's
//! `save_index`) whose counts and body are the fuzzer's bytes behind a valid header, loaded and
//! merged with a run's own entries, which a tiny memory budget spills to disk as sorted runs.
//! A damaged index is a config error or counted I/O errors, never a panic, a hang or a huge
//! allocation.
#![no_main]

use std::sync::LazyLock;

use ghirbal_core::{Config, CorpusStage, Record};

/// The 48 bytes a saved index starts with under the default `[dedup]` parameters: magic and
/// MinHash parameters, taken from an index this process saves once.
static HEADER: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let path = ghirbal_fuzz::scratch("saved.idx");
    let overlay = format!("[dedup]\nsave_index = {:?}\n", path.to_str().unwrap());
    let stage = ghirbal_dedup::build(&Config::with_overlay("arabic-news", &overlay).unwrap())
        .expect("dedup stage");
    let mut index = Default::default();
    stage.observe(
        &Record::new("a", "one record of text for the saved index"),
        &mut index,
    );
    let _ = stage.finish(index);
    let bytes = std::fs::read(&path).expect("saved index");
    bytes[..48].to_vec()
});

/// Twelve records, three texts each said four times: enough entries to pass the 4 KiB budget.
fn records() -> impl Iterator<Item = Record> {
    const TEXTS: [&str; 3] = [
        "the quick brown fox jumps over the lazy dog near the river bank today",
        "one record of text for the saved index",
        "an entirely different sentence about something else with enough words",
    ];
    (0..12u64).map(|i| {
        let mut rec = Record::new(format!("r{i}"), TEXTS[i as usize % 3]);
        rec.url = Some(format!("https://example.com/{}", i % 5));
        rec.position.ordinal = i;
        rec
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let path = ghirbal_fuzz::scratch("scope.idx");
    let mut file = HEADER.clone();
    file.extend_from_slice(data);
    std::fs::write(&path, &file).expect("write the index");
    let overlay = format!(
        "[dedup]\nscope = {:?}\nmemory_budget = 4096\n",
        path.to_str().unwrap()
    );
    let config = Config::with_overlay("arabic-news", &overlay).expect("config");
    // A damaged header is a config error, reported before the run starts.
    let Ok(stage) = ghirbal_dedup::build(&config) else {
        return;
    };
    let mut index = Default::default();
    for rec in records() {
        stage.observe(&rec, &mut index);
    }
    let index = stage.finish(index);
    for mut rec in records() {
        let _ = stage.decide(&mut rec, &index);
    }
});
