//! News briefs in every language the preset keeps: one or two sentences of edited prose.

use ghirbal_core::{Config, Record, RecordStage, Verdict};

const EN: &str = "The central bank kept its main interest rate unchanged on Thursday, \
                  citing slowing inflation and a steady labour market. Analysts had expected \
                  the decision and said a first cut could come early next year.\n";
const FR: &str = "Le gouvernement a annoncé mardi un plan de soutien aux agriculteurs touchés \
                  par la sécheresse, avec des aides directes versées avant la fin du mois. \
                  Les syndicats ont salué une mesure attendue depuis le printemps.\n";

fn verdict(config: &Config, lang: &str, text: &str) -> (Verdict, Record) {
    let filter = ghirbal_filter::build(config).unwrap();
    let mut rec = Record::new("brief", text);
    rec.lang = Some(lang.to_owned());
    (filter.apply(&mut rec), rec)
}

#[test]
fn english_and_french_briefs_are_kept_by_arabic_news() {
    let config = Config::preset("arabic-news").unwrap();
    for (lang, text) in [("en", EN), ("fr", FR)] {
        let (v, rec) = verdict(&config, lang, text);
        assert_eq!(v, Verdict::Keep, "{lang}: {:?}", rec.signals);
    }
}

#[test]
fn without_the_preset_override_c4_asks_five_sentences_of_them() {
    // The same preset with C4's own per-language minimum: the briefs have two sentences.
    let config = Config::with_overlay("arabic-news", "[filter]\nmin_num_sentences = 5").unwrap();
    for (lang, text) in [("en", EN), ("fr", FR)] {
        let (v, rec) = verdict(&config, lang, text);
        match v {
            Verdict::Reject(r) => {
                assert_eq!(
                    r.reason.to_string(),
                    "filter:c4:too_few_sentences",
                    "{lang}"
                )
            }
            Verdict::Keep => panic!("{lang}: kept with five sentences asked: {:?}", rec.signals),
        }
    }
}

#[test]
fn c4_still_drops_a_page_with_no_sentence_left() {
    // C4 alone (the other rules off, so they cannot drop it first): its English line rules
    // drop every line without terminal punctuation, and one sentence is still asked.
    let config = Config::with_overlay(
        "arabic-news",
        "[filter]\ngopher_repetition = false\nfineweb_quality = false\ngopher_quality = false",
    )
    .unwrap();
    let menu = "Home\nWorld news and analysis\nBusiness and markets today\nSport results and fixtures\n\
                Culture reviews and interviews\nContact us for subscriptions\n";
    match verdict(&config, "en", menu).0 {
        Verdict::Reject(r) => assert_eq!(r.reason.to_string(), "filter:c4:too_few_sentences"),
        Verdict::Keep => panic!("a menu was kept"),
    }
    // The same C4 keeps the two-sentence brief.
    assert_eq!(verdict(&config, "en", EN).0, Verdict::Keep);
}
