//! Golden records: each `tests/golden/<case>.input` page goes through `clean` (explain on)
//! and `pii`; the record must equal `<case>.expected.json` (pretty-printed, so diffs read well). `GHIRBAL_BLESS=1 cargo test`
//! rewrites the expected files; review the diff.

use std::path::{Path, PathBuf};

use ghirbal_clean::{Clean, CleanConfig, Pii, PiiConfig};
use ghirbal_core::{Record, RecordStage, Verdict};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn run(input: &str) -> String {
    let clean = Clean::new(&CleanConfig {
        explain: true,
        ..CleanConfig::default()
    })
    .expect("default config builds");
    let pii = Pii::new(&PiiConfig::default());
    let mut rec = Record::new("golden", input);
    let mut out = serde_json::Map::new();
    let verdict = match clean.apply(&mut rec) {
        Verdict::Keep => pii.apply(&mut rec),
        reject => reject,
    };
    // The text clean was given is the input itself (normalised): not repeated in the files.
    rec.metadata.remove(ghirbal_core::EXPLAIN_INPUT);
    if let Verdict::Reject(r) = verdict {
        out.insert("reason".into(), r.reason.as_str().into());
        out.insert("detail".into(), r.detail);
    }
    out.insert(
        "record".into(),
        serde_json::to_value(&rec).expect("records serialise"),
    );
    serde_json::to_string_pretty(&out).expect("JSON serialises") + "\n"
}

#[test]
fn golden_pages_give_the_expected_records() {
    let bless = std::env::var("GHIRBAL_BLESS").is_ok_and(|v| v == "1");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "input"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for input in cases {
        let got = run(&std::fs::read_to_string(&input).expect("input reads"));
        let expected_path = input.with_extension("expected.json");
        if bless {
            std::fs::write(&expected_path, &got).expect("expected file writes");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != expected {
            failures.push(format!(
                "{}\n--- expected\n{expected}\n--- got\n{got}",
                input.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
