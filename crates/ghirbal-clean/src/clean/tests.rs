use super::*;

fn stage() -> Clean {
    Clean::new(&CleanConfig {
        explain: true,
        ..CleanConfig::default()
    })
    .unwrap()
}

fn cleaned(text: &str) -> (Record, Verdict) {
    let mut rec = Record::new("t", text);
    let v = stage().apply(&mut rec);
    (rec, v)
}

const BODY1: &str = "قال رئيس الوزراء في مؤتمر صحفي اليوم إن الحكومة ستقدم خطة جديدة للإصلاح الاقتصادي خلال الأسابيع المقبلة.";
const BODY2: &str =
    "وأضاف أن الخطة تشمل دعم الشركات الصغيرة وخفض الضرائب على الأسر ذات الدخل المحدود.";

#[test]
fn teaser_repeating_first_paragraph_is_dropped() {
    let teaser = "قال رئيس الوزراء في مؤتمر صحفي اليوم إن الحكومة ستقدم خطة...";
    let (rec, v) = cleaned(&format!(
        "الحكومة تعد بخطة إصلاح\n\n{teaser}\n{BODY1}\n{BODY2}"
    ));
    assert_eq!(v, Verdict::Keep);
    assert_eq!(rec.title.as_deref(), Some("الحكومة تعد بخطة إصلاح"));
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
    assert_eq!(rec.lede.as_deref(), Some(BODY1));
    assert_eq!(rec.signal("clean.teaser_lines"), Some(1.0));
    assert!(removed_reasons(&rec).contains(&(teaser.to_owned(), "teaser_duplicate".to_owned())));
}

#[test]
fn teaser_repeated_after_a_dateline_is_dropped() {
    let teaser = "قال رئيس الوزراء في مؤتمر صحفي اليوم إن الحكومة ستقدم خطة جديدة";
    let first = format!("دبي، الإمارات العربية المتحدة (CNN) -- {BODY1}");
    let (rec, _) = cleaned(&format!("عنوان\n\n{teaser}\n{first}\n{BODY2}"));
    assert_eq!(rec.text, format!("{first}\n\n{BODY2}"));
}

#[test]
fn teaser_spanning_two_paragraphs_is_dropped() {
    let teaser = format!("{BODY1} {}", &BODY2[..40]);
    let (rec, _) = cleaned(&format!("عنوان الخبر\n\n{teaser}\n{BODY1}\n{BODY2}"));
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
}

#[test]
fn standfirst_that_is_not_repeated_is_kept_as_lede() {
    let standfirst = "الحكومة تكشف عن خطة طموحة لإصلاح الاقتصاد وسط انتقادات المعارضة";
    let (rec, _) = cleaned(&format!("عنوان الخبر\n\n{standfirst}\n{BODY1}\n{BODY2}"));
    assert_eq!(rec.text, format!("{standfirst}\n\n{BODY1}\n\n{BODY2}"));
    assert_eq!(rec.lede.as_deref(), Some(standfirst));
    assert!(rec.captions.is_empty());
}

#[test]
fn teaser_sentence_lifted_from_inside_a_paragraph_is_dropped() {
    // 46 letters: over teaser_min_chars, under twice it.
    let teaser = "وأشار إلى أن الحكومة ستراجع الموازنة العامة للدولة.";
    let para = format!("{BODY1} {teaser} وختم بالشكر.");
    let (rec, _) = cleaned(&format!("عنوان الخبر\n\n{teaser}\n{para}\n{BODY2}"));
    assert_eq!(rec.text, format!("{para}\n\n{BODY2}"));
}

#[test]
fn unfinished_short_line_found_inside_a_paragraph_is_kept() {
    let line = "وأشار إلى أن الحكومة ستراجع الموازنة العامة للدولة";
    let para = format!("{BODY1} {line} قبل نهاية العام.");
    let (rec, _) = cleaned(&format!("عنوان الخبر\n\n{line}\n{para}\n{BODY2}"));
    assert_eq!(rec.text, format!("{line}\n\n{para}\n\n{BODY2}"));
}

#[test]
fn short_lines_repeating_by_chance_are_not_teasers() {
    let (rec, _) = cleaned(&format!(
        "عنوان\n\nقال الوزير\n{BODY1}\nقال الوزير إنه راض عن النتائج."
    ));
    assert!(rec.text.starts_with("قال الوزير\n\n"), "{}", rec.text);
}

#[test]
fn caption_between_teaser_and_paragraph_is_moved_to_captions() {
    let teaser = "قال رئيس الوزراء في مؤتمر صحفي اليوم إن الحكومة ستقدم خطة...";
    let caption = "رئيس الوزراء خلال المؤتمر الصحفي في مقر الحكومة";
    // The headline is the line the body is about; the caption shares as many of its words,
    // but stands after it.
    let (rec, _) = cleaned(&format!(
        "الحكومة تعد بخطة إصلاح\n\n{teaser}\n{caption}\n{BODY1}\n{BODY2}"
    ));
    assert_eq!(rec.title.as_deref(), Some("الحكومة تعد بخطة إصلاح"));
    assert_eq!(rec.captions, vec![caption.to_owned()]);
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
}

#[test]
fn byline_between_teaser_and_paragraph_stays_in_the_text() {
    let teaser = "قال رئيس الوزراء في مؤتمر صحفي اليوم إن الحكومة ستقدم خطة...";
    let byline = "مقال بقلم محلل الشؤون الاقتصادية في الصحيفة";
    let (rec, _) = cleaned(&format!(
        "عنوان الخبر\n\n{teaser}\n{byline}\n{BODY1}\n{BODY2}"
    ));
    assert!(rec.captions.is_empty(), "{:?}", rec.captions);
    assert_eq!(rec.text, format!("{byline}\n\n{BODY1}\n\n{BODY2}"));
}

#[test]
fn cross_link_with_a_dash_after_for_more_is_dropped() {
    let link = "للمزيد - معركة عفرين: من يقاتل من؟ ولماذا؟";
    let (rec, _) = cleaned(&format!("عنوان الخبر\n\n{BODY1}\n{link}\n{BODY2}"));
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
    assert!(removed_reasons(&rec).contains(&(link.to_owned(), "boilerplate:read_also".to_owned())));
}

#[test]
fn headline_that_starts_like_a_cross_link_is_the_title() {
    let headline = "شاهد.. لحظة انهيار جسر في المدينة";
    let (rec, _) = cleaned(&format!("{headline}\n\n{BODY1}\n{BODY2}"));
    assert_eq!(rec.title.as_deref(), Some(headline));
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
}

#[test]
fn subheading_between_paragraphs_stays_in_the_text() {
    let (rec, _) = cleaned(&format!(
        "عنوان الخبر\n\n{BODY1}\nخطة الإصلاح الجديدة للحكومة\n{BODY2}"
    ));
    assert!(rec.captions.is_empty());
    assert_eq!(rec.text.split("\n\n").count(), 3);
}

#[test]
fn caption_with_a_photo_credit_is_moved_anywhere() {
    let caption = "متظاهرون في وسط العاصمة يوم الجمعة (رويترز)";
    let (rec, _) = cleaned(&format!("عنوان الخبر\n\n{BODY1}\n{caption}\n{BODY2}"));
    assert_eq!(rec.captions, vec![caption.to_owned()]);
}

#[test]
fn navigation_and_related_lines_at_the_end_are_dropped() {
    let (rec, _) = cleaned(&format!(
        "عنوان الخبر\n\n{BODY1}\n{BODY2}\nأقسام\nأخبار\n\nأخبار متعلقة"
    ));
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
    assert_eq!(rec.signal("clean.boilerplate_lines"), Some(3.0));
}

#[test]
fn a_run_of_short_labels_next_to_a_lexicon_line_at_the_end_is_a_menu() {
    let (rec, _) = cleaned(&format!(
        "عنوان الخبر\n\n{BODY1}\n{BODY2}\nأقسام\nالملاعب\nالدوري السعودي\nكرة السلة"
    ));
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
}

#[test]
fn short_verses_at_the_end_of_a_poem_stay() {
    let (rec, _) = cleaned(&format!(
        "عنوان القصيدة\n\n{BODY1}\nهات اسقني\nمن فيض نشوى\nليس حبا"
    ));
    assert!(
        rec.text.ends_with("هات اسقني\nمن فيض نشوى\nليس حبا"),
        "{}",
        rec.text
    );
}

#[test]
fn a_single_short_last_line_stays() {
    let (rec, _) = cleaned(&format!(
        "عنوان الخبر\n\n{BODY1}\n{BODY2}\nنقلا عن الشرق الأوسط"
    ));
    assert!(rec.text.ends_with("نقلا عن الشرق الأوسط"));
}

#[test]
fn english_page_furniture_is_dropped() {
    let text = "Minister promises reform plan\n\nThe prime minister said on Monday that the government would present a new reform plan.\nRead more: Budget talks stall\nHe added that small businesses would get support.\nShare this article\nLeave a comment\n© 2024 Example News. All rights reserved.";
    let (rec, _) = cleaned(text);
    assert_eq!(rec.title.as_deref(), Some("Minister promises reform plan"));
    assert_eq!(
        rec.text,
        "The prime minister said on Monday that the government would present a new reform plan.\n\nHe added that small businesses would get support."
    );
}

#[test]
fn french_page_furniture_is_dropped() {
    let text = "Le gouvernement présente son plan\n\nLe Premier ministre a présenté lundi un nouveau plan de réformes économiques.\nLire aussi : Le budget en débat\nIl a ajouté que les petites entreprises seraient aidées.\nPartager cet article\nMots-clés : économie, réforme\nTous droits réservés";
    let (rec, _) = cleaned(text);
    assert_eq!(
        rec.text,
        "Le Premier ministre a présenté lundi un nouveau plan de réformes économiques.\n\nIl a ajouté que les petites entreprises seraient aidées."
    );
}

#[test]
fn existing_title_is_kept_and_its_repeat_dropped() {
    let mut rec = Record::new("t", format!("الحكومة تعد بخطة إصلاح\n{BODY1}"));
    rec.title = Some("الحكومةُ تعد بخطة إصلاح".into());
    assert_eq!(stage().apply(&mut rec), Verdict::Keep);
    assert_eq!(rec.title.as_deref(), Some("الحكومةُ تعد بخطة إصلاح"));
    assert_eq!(rec.text, BODY1);
}

#[test]
fn existing_title_is_never_replaced_by_the_first_line() {
    let mut rec = Record::new("t", format!("سطر قصير\n\n{BODY1}"));
    rec.title = Some("عنوان آخر".into());
    let _ = stage().apply(&mut rec);
    assert_eq!(rec.title.as_deref(), Some("عنوان آخر"));
    assert!(rec.text.starts_with("سطر قصير"));
}

#[test]
fn a_sentence_is_not_taken_for_a_headline() {
    let (rec, _) = cleaned(&format!("{BODY1}\n\n{BODY2}"));
    assert_eq!(rec.title, None);
    assert_eq!(rec.text, format!("{BODY1}\n\n{BODY2}"));
}

#[test]
fn a_lone_short_line_is_text_not_a_title() {
    let (rec, v) = cleaned("مرحبا بالعالم");
    assert_eq!(v, Verdict::Keep);
    assert_eq!(rec.title, None);
    assert_eq!(rec.text, "مرحبا بالعالم");
}

#[test]
fn nothing_left_is_rejected_as_clean_empty() {
    for text in [
        "",
        "   \n\t\n  ",
        "\u{200F}\u{200E}\u{200B}",
        "أقسام\nأخبار\nأخبار متعلقة",
    ] {
        let (rec, v) = cleaned(text);
        match v {
            Verdict::Reject(r) => assert_eq!(r.reason, reason::EMPTY, "{text:?}"),
            Verdict::Keep => panic!("{text:?} kept as {:?}", rec.text),
        }
    }
}

#[test]
fn bad_input_never_panics() {
    let huge_word = "ا".repeat(5 << 20);
    let long_line = "كلمة ".repeat(2 << 20);
    let inputs = [
        huge_word.as_str(),
        long_line.as_str(),
        "...!!!؟؟؟،،،",
        "1234567890 ٣٤٥ 😀😀😀",
        "\u{202B}نص\u{202C} mixed\u{200F} text \u{200E}עברית",
        "\0\u{1}\u{2}binary\u{FFFD}\u{FFFF}",
        "\r\n\r\n\r\n",
    ];
    for text in inputs {
        let (rec, _) = cleaned(text);
        for v in rec.signals.values() {
            assert!(v.is_number(), "{v}");
        }
    }
}

#[test]
fn mojibake_is_repaired_before_cleaning() {
    let garbled: String = "خبر عاجل من الرياض".bytes().map(char::from).collect();
    let (rec, _) = cleaned(&format!("{garbled}\n\n{BODY1}"));
    assert_eq!(rec.title.as_deref(), Some("خبر عاجل من الرياض"));
    assert_eq!(rec.signal("clean.mojibake_lines"), Some(1.0));
}

#[test]
fn stored_text_is_normalised() {
    let (rec, _) = cleaned(
        "عنوان  الخبر\r\n\r\nقال\u{200F} الوزير   إن الخطة جاهزة.  \r\nوأضاف أن التنفيذ يبدأ غدا.",
    );
    assert_eq!(rec.title.as_deref(), Some("عنوان الخبر"));
    assert_eq!(
        rec.text,
        "قال الوزير إن الخطة جاهزة.\n\nوأضاف أن التنفيذ يبدأ غدا."
    );
}

#[test]
fn arabic_text_gets_a_guessed_language() {
    let (rec, _) = cleaned(&format!("عنوان\n\n{BODY1}"));
    assert_eq!(rec.lang.as_deref(), Some("ar"));
    assert_eq!(rec.script.as_deref(), Some("Arab"));
}

#[test]
fn explain_places_each_removed_line_in_the_text_clean_was_given() {
    let cfg = CleanConfig {
        explain: true,
        ..CleanConfig::default()
    };
    let clean = Clean::new(&cfg).unwrap();
    let mut rec = Record::new(
        "t",
        format!("الرئيسية | أخبار | رياضة\n\nعنوان الخبر\n\n{BODY1}\n\nجميع الحقوق محفوظة ©"),
    );
    let _ = clean.apply(&mut rec);
    let original = rec.metadata[explain::ORIGINAL].as_str().unwrap().to_owned();
    let lines: Vec<&str> = original.split('\n').collect();
    let removed = rec.metadata[explain::KEY].as_array().unwrap();
    assert!(!removed.is_empty());
    for r in removed {
        let at = r["at"].as_u64().unwrap() as usize;
        assert_eq!(lines[at].trim(), r["line"].as_str().unwrap(), "{r}");
    }
}

#[test]
fn explain_off_writes_no_metadata() {
    let mut rec = Record::new("t", format!("عنوان\n\n{BODY1}\nأقسام\nأخبار"));
    let clean = Clean::new(&CleanConfig::default()).unwrap();
    let _ = clean.apply(&mut rec);
    assert!(!rec.metadata.contains_key(explain::KEY));
    assert!(!rec.metadata.contains_key(explain::ORIGINAL));
}
