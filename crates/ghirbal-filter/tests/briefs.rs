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
fn a_page_with_no_sentence_left_is_still_dropped() {
    // Lines without terminal punctuation are dropped by C4 in English; none is left.
    let menu = "Home\nWorld news and analysis\nBusiness and markets today\nSport results and fixtures\n\
                Culture reviews and interviews\nContact us for subscriptions\n";
    let (v, _) = verdict(&Config::preset("arabic-news").unwrap(), "en", menu);
    assert!(matches!(v, Verdict::Reject(_)), "a menu was kept");
}
