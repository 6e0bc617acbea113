//! `ghirbal index OUT [--rejects]` and `ghirbal search OUT "query"` on the sample's output.

mod util;

use util::*;

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn search(out: &str, args: &[&str]) -> (bool, String, String) {
    let got = ghirbal().args(["search", out]).args(args).output().unwrap();
    (
        got.status.success(),
        String::from_utf8_lossy(&got.stdout).into_owned(),
        String::from_utf8_lossy(&got.stderr).into_owned(),
    )
}

#[test]
fn index_then_search_prints_ranked_hits_and_json() {
    let d = Dir::new();
    let out = d.path("out");
    let o = out.to_str().unwrap();
    run_ok(&[examples().to_str().unwrap(), "-o", o]);

    // No index yet: the message says how to make one.
    let (ok, _, err) = search(o, &["الكتاب"]);
    assert!(!ok && err.contains("ghirbal index"), "{err}");

    let built = ghirbal().args(["index", o, "--rejects"]).output().unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let said = String::from_utf8_lossy(&built.stdout);
    // 4 rejects: the 3 WARC records that are not documents are skipped, not rejected.
    assert!(said.contains("indexed 14 kept and 4 rejected"), "{said}");

    // A vocalised query with the article finds the book-fair story, highlighted.
    let (ok, text, err) = search(o, &["مَعْرِضُ الكِتابِ"]);
    assert!(ok, "{err}");
    assert!(text.contains("matching records"), "{text}");
    assert!(
        text.contains("[معرض]") || text.contains("[الكتاب]"),
        "{text}"
    );

    let (ok, json, err) = search(o, &["معرض الكتاب", "--json", "--limit", "2"]);
    assert!(ok, "{err}");
    let hits: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert!(!hits.is_empty() && hits.len() <= 2, "{json}");
    for h in &hits {
        for key in ["id", "score", "title", "snippet"] {
            assert!(h.get(key).is_some(), "no {key} in {h}");
        }
        assert_eq!(h["kind"], "kept");
    }

    // The rejected copy of the story is found only with --rejects, with its reason.
    let (ok, json, err) = search(o, &["معرض الكتاب", "--json", "--rejects", "--limit", "50"]);
    assert!(ok, "{err}");
    assert!(json.contains("\"reason\":\"dedup:exact\""), "{json}");

    // The language filter keeps one language.
    let (ok, json, err) = search(o, &["the", "--json", "--lang", "en", "--limit", "50"]);
    assert!(ok, "{err}");
    for line in json.lines() {
        let h: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(h["lang"], "en", "{h}");
    }
}
