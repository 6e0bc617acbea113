//! Properties that hold for any input: no panic, valid signals, a kept record has text in
//! stored form, and masking leaves no digit run that it counted.

use ghirbal_clean::{Clean, CleanConfig, Pii, PiiConfig};
use ghirbal_core::{Record, RecordStage, Verdict, text};
use proptest::prelude::*;

fn arb_page() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "\\PC{0,80}",
        "[ا-ي ،.؟]{0,120}",
        "[0-9٠-٩+ ()-]{0,30}",
        Just("أخبار متعلقة".to_owned()),
        Just("\u{200F}\u{202B}".to_owned()),
        Just(String::new()),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #[test]
    fn clean_keeps_stored_non_empty_text_or_rejects(page in arb_page()) {
        let stage = Clean::new(&CleanConfig { explain: true, ..CleanConfig::default() }).unwrap();
        let mut rec = Record::new("p", page);
        let verdict = stage.apply(&mut rec);
        for v in rec.signals.values() {
            prop_assert!(v.is_number());
        }
        if verdict == Verdict::Keep {
            prop_assert!(!rec.text.trim().is_empty());
            prop_assert_eq!(text::stored_indented(&rec.text), rec.text.clone());
        }
    }

    #[test]
    fn pii_never_panics_and_masking_twice_changes_nothing(page in arb_page()) {
        let pii = Pii::new(&PiiConfig::default());
        let (once, _) = pii.mask(&page);
        let (twice, again) = pii.mask(&once);
        prop_assert_eq!(twice, once);
        prop_assert_eq!(again.email + again.phone + again.ip + again.iban, 0);
    }
}
