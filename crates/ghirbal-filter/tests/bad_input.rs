//! Degenerate input gets figures or a reason, never a panic or a non-finite signal, in both
//! modes.

use ghirbal_core::{Config, Record, RecordStage, Verdict};

fn run_both(text: &str) -> Vec<(String, Verdict, Record)> {
    ["datatrove-compat", "arabic-news"]
        .into_iter()
        .map(|preset| {
            let filter = ghirbal_filter::build(&Config::preset(preset).unwrap()).unwrap();
            let mut rec = Record::new("x", text);
            let verdict = filter.apply(&mut rec);
            (preset.to_owned(), verdict, rec)
        })
        .collect()
}

fn assert_sane(text: &str) -> Vec<(String, Verdict, Record)> {
    let out = run_both(text);
    for (preset, _, rec) in &out {
        for (k, v) in &rec.signals {
            let x = v.as_f64().unwrap_or_else(|| panic!("{preset}: {k} is {v}"));
            assert!(x.is_finite(), "{preset}: {k} = {x}");
        }
    }
    out
}

fn rejected(out: &[(String, Verdict, Record)]) -> bool {
    out.iter().all(|(_, v, _)| matches!(v, Verdict::Reject(_)))
}

#[test]
fn empty_text_is_rejected_as_empty() {
    let out = assert_sane("");
    for (preset, verdict, _) in &out {
        match verdict {
            Verdict::Reject(r) => assert_eq!(
                r.reason.as_str(),
                "filter:gopher_repetition:empty",
                "{preset}"
            ),
            Verdict::Keep => panic!("{preset} kept an empty text"),
        }
    }
}

#[test]
fn whitespace_only_text_is_rejected() {
    assert!(rejected(&assert_sane(" \n\n \t \u{a0}\n")));
}

#[test]
fn a_five_megabyte_word_is_measured_in_linear_time() {
    let word = "ب".repeat(2_500_000);
    assert_eq!(word.len(), 5_000_000);
    assert!(rejected(&assert_sane(&word)));
    assert!(rejected(&assert_sane(&"a".repeat(5_000_000))));
}

#[test]
fn a_megabyte_of_brackets_peels_one_prefix_at_a_time_without_blowing_up() {
    assert!(rejected(&assert_sane(&"(".repeat(1_000_000))));
    assert!(rejected(&assert_sane(&".".repeat(1_000_000))));
}

#[test]
fn digits_only_and_emoji_only_texts_are_rejected() {
    assert!(rejected(&assert_sane(&"1234567890 ".repeat(200))));
    assert!(rejected(&assert_sane(&"٣٤٥ ".repeat(200))));
    assert!(rejected(&assert_sane(&"😀🎉 👍 ".repeat(300))));
}

#[test]
fn mixed_arabic_and_latin_prose_gets_every_figure() {
    let text = "قال المدير التنفيذي لشركة Aramco إن الشركة ستزيد الإنتاج في عام 2025، وأضاف أن \
                the company will invest in new fields. وأكد أن هذه الخطوة تأتي ضمن خطة طويلة المدى \
                تهدف إلى تعزيز مكانة المملكة في الأسواق العالمية، مشيرا إلى أن الطلب على النفط \
                سيبقى قويا خلال السنوات المقبلة.\n";
    let out = assert_sane(&text.repeat(3));
    for (preset, _, rec) in &out {
        for key in [
            "filter.gopher_repetition.dup_line_frac",
            "filter.fineweb_quality.line_punct_ratio",
            "filter.gopher_quality.stop_words",
        ] {
            assert!(rec.signals.contains_key(key), "{preset}: {key}");
        }
    }
}

#[test]
fn a_clean_arabic_article_is_kept_by_arabic_news() {
    let text = "أعلنت وزارة التعليم اليوم عن بدء العام الدراسي الجديد في جميع مناطق المملكة، \
                وذلك بعد انتهاء الإجازة الصيفية التي استمرت ثلاثة أشهر. وقال المتحدث الرسمي \
                باسم الوزارة إن الاستعدادات اكتملت في المدارس، وإن الكتب وصلت إلى جميع الطلاب \
                قبل الموعد المحدد.\nوأضاف أن الوزارة عملت على تجهيز أكثر من ألف مدرسة جديدة \
                هذا العام، مشيرا إلى أن عدد الطلاب المسجلين بلغ نحو ستة ملايين طالب وطالبة، \
                وهو رقم يزيد على العام الماضي. (واس)\n";
    let filter = ghirbal_filter::build(&Config::preset("arabic-news").unwrap()).unwrap();
    let mut rec = Record::new("a", text);
    assert_eq!(filter.apply(&mut rec), Verdict::Keep, "{:?}", rec.signals);
}
