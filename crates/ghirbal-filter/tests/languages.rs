//! Every language judged by its own rules (issue #18): news paragraphs written for these tests
//! in nine languages are kept by the default preset with their FineWeb-2 thresholds, a language
//! without thresholds meets the language-independent rules only, and none falls back to English.

use ghirbal_core::{Config, Record, RecordStage, Verdict};
use ghirbal_filter::Filter;

/// News paragraphs written for these tests, one a line: text, the language and script the `lang`
/// stage gives them, and the FineWeb-2 pair whose rules must judge them. The end-to-end test of
/// the binary (crates/ghirbal-cli/tests/languages.rs) reads the same file.
const PARAGRAPHS: &str = include_str!("data/news_paragraphs.jsonl");

struct Paragraph {
    lang: String,
    script: String,
    text: String,
    rules: String,
}

fn paragraphs() -> Vec<Paragraph> {
    PARAGRAPHS
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("fixture line is JSON");
            let s = |k: &str| v[k].as_str().expect("fixture field").to_owned();
            Paragraph {
                lang: s("expected_lang"),
                script: s("expected_script"),
                text: s("text"),
                rules: s("expected_rules"),
            }
        })
        .collect()
}

fn spanish() -> String {
    paragraphs()
        .into_iter()
        .find(|p| p.lang == "es")
        .expect("a Spanish paragraph")
        .text
}

fn filter(preset: &str) -> Filter {
    ghirbal_filter::build(&Config::preset(preset).expect("preset loads")).expect("filter builds")
}

fn record(lang: &str, script: &str, text: &str) -> Record {
    let mut rec = Record::new("1", text);
    rec.lang = Some(lang.to_owned());
    rec.script = Some(script.to_owned());
    rec
}

#[test]
fn news_paragraphs_in_nine_languages_are_kept_by_their_own_rules() {
    let f = filter("arabic-news");
    let all = paragraphs();
    assert_eq!(all.len(), 9);
    for Paragraph {
        lang,
        script,
        text,
        rules,
    } in &all
    {
        let (lang, script, text) = (lang.as_str(), script.as_str(), text.as_str());
        let d = f.decide_in(text, Some(lang), Some(script));
        assert_eq!(&d.rules, rules, "{lang}");
        assert_eq!(
            d.reject, None,
            "{lang} rejected: {:?}\n{:?}",
            d.reject, d.figures
        );
        let mut rec = record(lang, script, text);
        assert_eq!(f.apply(&mut rec), Verdict::Keep, "{lang}");
        assert_eq!(rec.signal("filter.own_rules"), Some(1.0), "{lang}");
    }
}

#[test]
fn own_stop_words_are_found_in_each_paragraph() {
    // Two or more of the language's own stop words: the check that English rules failed.
    let f = filter("arabic-news");
    for p in paragraphs() {
        let (lang, script, text) = (p.lang.as_str(), p.script.as_str(), p.text.as_str());
        let d = f.decide_in(text, Some(lang), Some(script));
        let stop = d
            .figures
            .iter()
            .find(|(k, _)| k == "filter.gopher_quality.stop_words")
            .map(|(_, v)| *v);
        assert!(stop.is_some_and(|n| n >= 2.0), "{lang}: {stop:?}");
    }
}

#[test]
fn unspaced_scripts_are_counted_in_words_not_in_runs() {
    // Whitespace splitting would make each Chinese, Japanese or Thai sentence one "word" and
    // fail the word-count and word-length checks; the dictionary segmenter gives real words.
    let f = filter("arabic-news");
    for p in paragraphs()
        .iter()
        .filter(|p| ["zh", "ja", "th"].contains(&p.lang.as_str()))
    {
        let (lang, script, text) = (p.lang.as_str(), p.script.as_str(), p.text.as_str());
        let d = f.decide_in(text, Some(lang), Some(script));
        let figure = |name: &str| {
            d.figures
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| *v)
                .unwrap_or(f64::NAN)
        };
        let words = figure("filter.gopher_quality.non_symbol_words");
        let avg = figure("filter.gopher_quality.avg_word_length");
        assert!(words >= 50.0, "{lang}: {words} words");
        assert!((1.0..=5.0).contains(&avg), "{lang}: mean word length {avg}");
    }
}

/// A Korean news paragraph written for this test.
const KOREAN: &str = "서울시는 오늘 새로운 대중교통 계획을 발표했다. 시는 내년부터 버스 노선을 \
    늘리고 지하철 운행 시간을 연장할 예정이라고 밝혔다. 이번 계획은 출퇴근 시간의 혼잡을 줄이기 \
    위해 마련되었다. 시민들은 대체로 환영하는 반응을 보였지만 일부 전문가들은 예산 문제를 \
    지적했다. 서울시 관계자는 정부와 협력하여 필요한 재원을 마련하겠다고 말했다. 새 계획은 다음 \
    달 시의회에서 논의될 예정이며, 시는 여름까지 시민의 의견을 듣고 세부 내용을 확정할 \
    계획이다.";

#[test]
fn korean_words_lose_their_particles_as_fineweb2_counts_them() {
    // FineWeb-2's Korean stop words are particles and endings (의 는 을 다) that its tokenizer
    // cuts off; a space-separated word keeps them attached, so none was ever found and every
    // Korean page failed the stop-word check.
    let f = filter("arabic-news");
    let d = f.decide_in(KOREAN, Some("ko"), Some("Hang"));
    assert_eq!(d.rules, "fineweb2:kor_Hang");
    assert_eq!(d.reject, None, "{:?}", d.figures);
    let figure = |name: &str| {
        d.figures
            .iter()
            .find(|(k, _)| k == name)
            .map_or(f64::NAN, |(_, v)| *v)
    };
    assert!(figure("filter.gopher_quality.stop_words") >= 5.0);
    // Stems and endings: more words than spaces separate, each shorter.
    let spaced = KOREAN.split_whitespace().count() as f64;
    assert!(figure("filter.gopher_quality.non_symbol_words") > 1.5 * spaced);
    // The rule is Korean's: the same endings in another language's rules cut nothing.
    let other = f.decide_in(KOREAN, Some("sw"), Some("Latn"));
    let words = other
        .figures
        .iter()
        .find(|(k, _)| k == "filter.gopher_quality.non_symbol_words")
        .map(|(_, v)| *v);
    assert_eq!(words, Some(spaced));
}

#[test]
fn spanish_under_english_rules_was_the_bug() {
    // Issue #18: with English thresholds a clean Spanish paragraph failed the stop-word check.
    let d = filter("arabic-news").decide_in(&spanish(), Some("en"), Some("Latn"));
    let reason = d.reject.map(|r| r.reason.as_str().to_owned());
    assert_eq!(reason.as_deref(), Some("filter:gopher_quality:stop_words"));
}

#[test]
fn a_language_without_thresholds_meets_the_language_independent_rules_only() {
    let f = filter("arabic-news");
    // `qaa` is reserved for local use in ISO 639-3: no thresholds file, no FineWeb-2 config.
    let d = f.decide_in(&spanish(), Some("qaa"), Some("Latn"));
    assert_eq!(d.rules, "und");
    assert_eq!(d.reject, None);
    let mut rec = record("qaa", "Latn", &spanish());
    assert_eq!(f.apply(&mut rec), Verdict::Keep);
    assert_eq!(rec.signal("filter.own_rules"), Some(0.0));
    // A page of repeated lines still goes, and the detail says which rules judged it.
    let junk = "Buy now and save big today\n".repeat(30);
    let mut rec = record("qaa", "Latn", &junk);
    let Verdict::Reject(r) = f.apply(&mut rec) else {
        panic!("a page of one repeated line is kept");
    };
    assert_eq!(r.detail["rules"], "und");
    assert!(
        r.reason.as_str().starts_with("filter:gopher_repetition"),
        "{}",
        r.reason.as_str()
    );
}

#[test]
fn a_script_picks_between_the_pairs_of_one_language() {
    let f = filter("arabic-news");
    let cyrl = f.decide_in("Влада је усвојила нови закон.", Some("sr"), Some("Cyrl"));
    let latn = f.decide_in("Vlada je usvojila novi zakon.", Some("sr"), Some("Latn"));
    assert_eq!(cyrl.rules, "fineweb2:srp_Cyrl");
    assert_eq!(latn.rules, "fineweb2:srp_Latn");
    // Without a script, the pair with the most documents.
    assert_eq!(f.decide("x", Some("sr")).rules, "fineweb2:srp_Cyrl");
    // ISO 639-3 codes find their pair too; Arabic keeps its own file.
    assert_eq!(f.decide("x", Some("spa")).rules, "fineweb2:spa_Latn");
    assert_eq!(f.decide("x", Some("ar")).rules, "ar");
}

#[test]
fn every_preset_judges_an_unknown_language_by_the_language_independent_rules() {
    for preset in ["arabic-news", "datatrove-compat"] {
        assert_eq!(
            filter(preset).decide("x", Some("qaa")).rules,
            "und",
            "{preset}"
        );
    }
}
