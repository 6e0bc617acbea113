use super::*;

fn pii() -> Pii {
    Pii::new(&PiiConfig::default())
}

fn masked(text: &str) -> String {
    pii().mask(text).0
}

#[test]
fn email_in_arabic_context_is_masked() {
    let (t, m) = pii().mask("للتواصل راسلونا على info.news@example.com.sa أو عبر الموقع.");
    assert_eq!(t, "للتواصل راسلونا على <EMAIL> أو عبر الموقع.");
    assert_eq!(m.email, 1);
}

#[test]
fn international_phones_are_masked() {
    for phone in [
        "+966 50 123 4567",
        "+966501234567",
        "00966-11-234-5678",
        "+20 10 1234 5678",
        "+212 6 12 34 56 78",
        "+971-4-123-4567",
        "(+965) 2245 6789",
    ] {
        let t = masked(&format!("اتصلوا بنا على {phone} في أي وقت"));
        assert!(t.contains("<PHONE>") && !t.contains("456"), "{phone}: {t}");
    }
}

#[test]
fn national_phones_are_masked() {
    for phone in [
        "0501234567",
        "055 123 4567",
        "050-123-4567",
        "01012345678",
        "0122 345 6789",
        "06 12 34 56 78",
        "0661-23-45-67",
        "011 234 5678",
        "02-2345-6789",
    ] {
        let t = masked(&format!("ورقم المكتب {phone} للاستفسار"));
        assert_eq!(t, "ورقم المكتب <PHONE> للاستفسار", "{phone}");
    }
}

#[test]
fn arabic_indic_digits_are_phone_digits() {
    assert_eq!(masked("الجوال ٠٥٠١٢٣٤٥٦٧ فقط"), "الجوال <PHONE> فقط");
    assert_eq!(masked("رقم ۰۵۰ ۱۲۳ ۴۵۶۷"), "رقم <PHONE>");
}

#[test]
fn local_number_after_a_cue_word_is_masked() {
    assert_eq!(masked("هاتف: 22456789"), "هاتف: <PHONE>");
    assert_eq!(masked("Tel. 4455 6677"), "Tel. <PHONE>");
    assert_eq!(
        masked("بلغ عدد السكان 22456789 نسمة"),
        "بلغ عدد السكان 22456789 نسمة"
    );
}

#[test]
fn dates_prices_years_and_article_numbers_are_not_masked() {
    for text in [
        "وقع الحادث في 05-10-2018 مساء",
        "صدر القرار بتاريخ 2018-10-05 رسميا",
        "التاريخ 05.10.2018",
        "وبلغت قيمة الصفقة 1.500.000 ريال",
        "بسعر 12,500,000 دولار",
        "في عام 2018 ارتفعت الأسعار بنسبة 0.5%",
        "المادة 120 من القانون رقم 45 لسنة 2014",
        "سجل 1234567 زائرا خلال الموسم",
        "الساعة 10:30:45 صباحا",
        "من 2015 إلى 2018 و2019",
        "الإصدار 1.2.3 من البرنامج",
    ] {
        assert_eq!(masked(text), text);
    }
}

#[test]
fn two_numbers_side_by_side_keep_the_one_that_is_not_a_phone() {
    assert_eq!(masked("في 2018 0501234567"), "في 2018 <PHONE>");
}

#[test]
fn ip_addresses_are_masked() {
    let (t, m) = pii().mask("هاجم الخادم 192.168.1.20 والعنوان 2001:db8::8a2e:370:7334 أمس.");
    assert_eq!(t, "هاجم الخادم <IP> والعنوان <IP> أمس.");
    assert_eq!(m.ip, 2);
    assert_eq!(masked("العنوان 10.0.0.1."), "العنوان <IP>.");
    assert_eq!(
        masked("نسخة 1.2.3.4.5 و 300.1.1.1"),
        "نسخة 1.2.3.4.5 و 300.1.1.1"
    );
}

#[test]
fn valid_ibans_are_masked_and_invalid_ones_kept() {
    let (t, m) = pii().mask("حول المبلغ إلى SA03 8000 0000 6080 1016 7519 اليوم");
    assert_eq!(t, "حول المبلغ إلى <IBAN> اليوم");
    assert_eq!(m.iban, 1);
    assert_eq!(
        masked("IBAN GB82WEST12345698765432 BANK"),
        "IBAN <IBAN> BANK"
    );
    // One digit off: the checksum fails.
    assert_eq!(
        masked("SA03 8000 0000 6080 1016 7518"),
        "SA03 8000 0000 6080 1016 7518"
    );
}

#[test]
fn each_kind_can_be_switched_off() {
    let p = Pii::new(&PiiConfig {
        email: false,
        ip: false,
        ..PiiConfig::default()
    });
    let (t, m) = p.mask("a@b.com 10.1.1.1 0501234567");
    assert_eq!(t, "a@b.com 10.1.1.1 <PHONE>");
    assert_eq!((m.email, m.ip, m.phone), (0, 0, 1));
}

#[test]
fn stage_counts_into_signals_and_masks_every_field() {
    let mut rec = Record::new("r", "راسلني على a@b.co أو 0501234567");
    rec.lede = Some("راسلني على a@b.co".into());
    rec.captions = vec!["هاتف 0551234567".into()];
    assert_eq!(pii().apply(&mut rec), Verdict::Keep);
    assert_eq!(rec.text, "راسلني على <EMAIL> أو <PHONE>");
    assert_eq!(rec.lede.as_deref(), Some("راسلني على <EMAIL>"));
    assert_eq!(rec.signal("pii.email"), Some(1.0));
    assert_eq!(rec.signal("pii.phone"), Some(2.0));
    assert_eq!(rec.signal("pii.iban"), Some(0.0));
}

#[test]
fn bad_input_never_panics() {
    let digits = "1 ".repeat(1 << 20);
    let plus = "+".repeat(1 << 16);
    for text in [
        digits.as_str(),
        plus.as_str(),
        "@@@...:::",
        "٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠",
        "😀0501234567😀",
        "::::::::",
        "SA00",
    ] {
        let _ = masked(text);
    }
}

#[test]
fn placeholder_is_not_a_phone_cue_so_masking_twice_changes_nothing() {
    // Found by the idempotence property test: `<PHONE>` read as the cue word "phone".
    let once = masked("+١٠٠00000\n٠٠٠٠٠٠0");
    assert_eq!(masked(&once), once);
    assert_eq!(masked("Tel 1234567"), "Tel <PHONE>");
}
