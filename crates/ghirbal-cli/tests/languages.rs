//! Every language through the whole default pipeline (issue #18): news paragraphs in nine
//! languages are identified, judged by their own FineWeb-2 rules and kept.

mod util;

use util::*;

#[test]
fn news_paragraphs_in_nine_languages_are_kept_by_their_own_rules() {
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ghirbal-filter/tests/data/news_paragraphs.jsonl");
    let d = Dir::new();
    let out = d.path("out");
    run_ok(&[input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let s = stats(&out);
    assert_balanced(&s);
    let rejects = rows(&out.join("rejects"));
    assert!(rejects.is_empty(), "rejected: {rejects:#?}");
    let kept = rows(&out.join("kept"));
    assert_eq!(kept.len(), 9);
    for r in &kept {
        let m = &r["metadata"];
        assert_eq!(r["lang"], m["expected_lang"], "{}", r["id"]);
        assert_eq!(r["signals"]["filter.own_rules"], 1.0, "{}", r["id"]);
        let pair = m["expected_rules"]
            .as_str()
            .unwrap()
            .trim_start_matches("fineweb2:");
        assert_eq!(m["lang_fineweb2"], pair, "{}", r["id"]);
    }
}
