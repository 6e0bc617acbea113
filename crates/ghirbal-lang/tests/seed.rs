//! The seed page (an Arabic news page after a naive extractor) comes out as Arabic.

use std::path::PathBuf;

use ghirbal_core::{Config, Record, RecordStage, Verdict};

fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds/000_b23184ef2a6a5aff.txt")
}

#[test]
fn seed_page_is_arabic_and_kept_by_arabic_news() {
    let Ok(text) = std::fs::read_to_string(seed_path()) else {
        println!("skipped: {} is absent", seed_path().display());
        return;
    };
    let config = Config::preset("arabic-news").expect("preset loads");
    let stage = ghirbal_lang::build(&config).expect("stage builds");
    let mut rec = Record::new("seed", ghirbal_core::text::stored(&text));
    assert_eq!(stage.apply(&mut rec), Verdict::Keep);
    assert_eq!(rec.lang.as_deref(), Some("ar"));
    assert_eq!(rec.script.as_deref(), Some("Arab"));
    assert!(
        rec.lang_score.is_some_and(|s| s > 0.8),
        "{:?}",
        rec.lang_score
    );
}

#[test]
fn seed_page_navigation_lines_alone_are_still_arabic_script() {
    let Ok(text) = std::fs::read_to_string(seed_path()) else {
        println!("skipped: {} is absent", seed_path().display());
        return;
    };
    // The site's furniture at the end of the page: short lines of one or two words.
    let menu: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && l.split_whitespace().count() <= 2)
        .collect();
    let id = ghirbal_lang::Identifier::new(ghirbal_lang::DEFAULT_SAMPLE_BYTES)
        .identify(&menu.join("\n"));
    assert_eq!(id.script, Some(ghirbal_lang::Script::Arab));
    assert!(id.score.is_finite());
}
