//! The `extract` stage end to end: records with bodies in, articles or counted rejects out.

use ghirbal_core::reason::extract as reason;
use ghirbal_core::{Body, Config, Record, RecordStage, StageName, Verdict};
use serde_json::Value;

fn stage() -> ghirbal_extract::Extract {
    let config = Config::preset("arabic-news").expect("preset loads");
    ghirbal_extract::build(&config).expect("extract table is valid")
}

fn record(bytes: Vec<u8>, content_type: Option<&str>) -> Record {
    let mut rec = Record::new("r1", "");
    rec.body = Some(Body {
        bytes,
        content_type: content_type.map(str::to_owned),
        fetched: Some("2024-03-05T12:00:00Z".into()),
    });
    rec
}

fn reject_reason(v: &Verdict) -> String {
    match v {
        Verdict::Reject(r) => r.reason.to_string(),
        Verdict::Keep => "keep".into(),
    }
}

const AR_NEWS: &str = include_str!("fixtures/ar-news.html");

fn windows_1256(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1256.encode(s).0.into_owned()
}

#[test]
fn stage_is_named_extract() {
    assert_eq!(stage().name(), StageName::Extract);
}

#[test]
fn record_without_body_passes_untouched() {
    let mut rec = Record::new("a", "plain text");
    let before = rec.clone();
    assert_eq!(stage().apply(&mut rec), Verdict::Keep);
    assert_eq!(rec, before);
}

#[test]
fn warcinfo_record_without_body_is_skipped_as_warc_type() {
    let mut rec = Record::new("w", "");
    rec.metadata.insert("warc_type".into(), "warcinfo".into());
    match stage().apply(&mut rec) {
        Verdict::Reject(r) => {
            assert_eq!(r.reason.as_str(), "extract:warc_type:warcinfo");
            assert!(r.reason.is_skip());
        }
        v => panic!("{v:?}"),
    }
    // A type outside WARC 1.1's list does not coin a reason.
    let mut odd = Record::new("o", "");
    odd.metadata
        .insert("warc_type".into(), "Something:Else\n".into());
    match stage().apply(&mut odd) {
        Verdict::Reject(r) => assert_eq!(r.reason.as_str(), "extract:warc_type:other"),
        v => panic!("{v:?}"),
    }
    let mut wet = Record::new("c", "converted text");
    wet.metadata.insert("warc_type".into(), "conversion".into());
    assert_eq!(stage().apply(&mut wet), Verdict::Keep);
}

#[test]
fn windows_1256_arabic_news_page_becomes_an_article() {
    let mut rec = record(windows_1256(AR_NEWS), Some("text/html"));
    let v = stage().apply(&mut rec);
    assert_eq!(v, Verdict::Keep, "{v:?}");
    assert!(rec.body.is_none(), "body is cleared");
    assert!(
        rec.text.starts_with("أعلنت الحكومة اليوم الثلاثاء"),
        "{}",
        rec.text
    );
    assert!(rec.text.contains("\n\nوقال وزير الزراعة"), "{}", rec.text);
    assert!(rec.text.contains("صغار المزارعين"), "{}", rec.text);
    for junk in [
        "اقرأ",
        "ارتفاع أسعار الخضار",
        "فيسبوك",
        "ملفات تعريف",
        "الرئيسية",
        "الأكثر قراءة",
        "جميع الحقوق",
        "مزارعون يحصدون",
    ] {
        assert!(!rec.text.contains(junk), "{junk:?} left in {}", rec.text);
    }
    assert_eq!(rec.text.split("\n\n").count(), 4, "{}", rec.text);
    assert_eq!(
        rec.title.as_deref(),
        Some("الحكومة تعلن خطة جديدة لدعم المزارعين")
    );
    assert_eq!(
        rec.lede.as_deref(),
        Some("أعلنت الحكومة اليوم عن خطة شاملة لدعم المزارعين في المناطق الريفية.")
    );
    assert_eq!(
        rec.captions,
        vec!["مزارعون يحصدون القمح في سهل البقاع".to_owned()]
    );
    assert_eq!(rec.date.as_deref(), Some("2024-03-05T10:30:00"));
    assert_eq!(rec.source.as_deref(), Some("صحيفة الغد"));
    assert_eq!(
        rec.metadata.get("author").and_then(Value::as_str),
        Some("سعاد المصري")
    );
    assert_eq!(
        rec.metadata.get("page_lang").and_then(Value::as_str),
        Some("ar")
    );
    assert_eq!(rec.metadata.get("dir").and_then(Value::as_str), Some("rtl"));
    assert_eq!(
        rec.metadata.get("charset").and_then(Value::as_str),
        Some("windows-1256")
    );
}

#[test]
fn iso_8859_6_page_with_lying_utf8_header_comes_out_right() {
    // ISO-8859-6 has no Arabic-Indic digits or some punctuation; keep to letters it has.
    let page = "<html><body><article><p>قال الوزير ان الحكومة ستعمل على تحسين الخدمات العامة في جميع المناطق وتطوير البنية التحتية خلال العام المقبل</p>\
        <p>واضاف ان الخطة تشمل بناء مدارس ومستشفيات جديدة في القرى والمدن الصغيرة</p></article></body></html>";
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_6.encode(page);
    assert!(!unmappable);
    let mut rec = record(bytes.into_owned(), Some("text/html; charset=utf-8"));
    assert_eq!(stage().apply(&mut rec), Verdict::Keep);
    assert!(
        rec.text.starts_with("قال الوزير ان الحكومة"),
        "{}",
        rec.text
    );
}

#[test]
fn warc_request_record_is_skipped_with_its_type() {
    let mut rec = record(b"GET / HTTP/1.1".to_vec(), None);
    rec.metadata
        .insert("warc_type".into(), Value::from("request"));
    let v = stage().apply(&mut rec);
    assert_eq!(
        reject_reason(&v),
        reason::WARC_TYPE.with_detail("request").as_str()
    );
}

#[test]
fn non_2xx_response_is_rejected_with_its_status() {
    let mut rec = record(AR_NEWS.as_bytes().to_vec(), Some("text/html"));
    rec.metadata
        .insert("warc_type".into(), Value::from("response"));
    rec.metadata.insert("http_status".into(), Value::from(404));
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::HTTP_STATUS.as_str()
    );
}

#[test]
fn non_html_content_type_is_rejected() {
    let mut rec = record(b"{\"a\": 1}".to_vec(), Some("application/json"));
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::NOT_HTML.as_str()
    );
    let mut rec = record(b"just some words, no markup".to_vec(), None);
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::NOT_HTML.as_str()
    );
}

#[test]
fn binary_bytes_labelled_html_are_rejected_as_binary() {
    let bytes: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut rec = record(bytes, Some("text/html"));
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::BINARY.as_str()
    );
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&[0u8; 100]);
    let mut rec = record(png, Some("text/html"));
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::BINARY.as_str()
    );
}

#[test]
fn all_script_page_is_rejected_as_script_only() {
    let script = "var x = 1; function f(a, b) { return a < b ? a : b; }\n".repeat(200);
    let page = format!(
        "<html><head><script>{script}</script></head><body><div id=app></div><script>{script}</script></body></html>"
    );
    let mut rec = record(page.into_bytes(), Some("text/html"));
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::SCRIPT_ONLY.as_str()
    );
}

#[test]
fn page_with_no_text_is_rejected_as_no_content() {
    let mut rec = record(
        b"<html><body><div></div></body></html>".to_vec(),
        Some("text/html"),
    );
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::NO_CONTENT.as_str()
    );
    let mut rec = record(Vec::new(), Some("text/html"));
    assert_eq!(
        reject_reason(&stage().apply(&mut rec)),
        reason::NO_CONTENT.as_str()
    );
}

#[test]
fn page_of_200_mb_is_rejected_as_too_large() {
    let bytes = vec![b'a'; 200 << 20];
    let mut rec = record(bytes, Some("text/html"));
    let v = stage().apply(&mut rec);
    assert_eq!(reject_reason(&v), reason::TOO_LARGE.as_str());
    assert!(rec.body.is_none());
}

#[test]
fn page_above_parse_limit_is_cut_and_still_extracted() {
    let para =
        "<p>A paragraph of ordinary prose that repeats, with commas, to make a long page.</p>";
    let page = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(120_000)
    );
    assert!(page.len() > ghirbal_extract::limits::PARSE_BYTES);
    let mut rec = record(page.into_bytes(), Some("text/html"));
    assert_eq!(stage().apply(&mut rec), Verdict::Keep);
    assert_eq!(
        rec.metadata.get("extract_truncated"),
        Some(&Value::Bool(true))
    );
    assert!(rec.text.len() <= ghirbal_extract::limits::PARSE_BYTES);
}

#[test]
fn nesting_100000_deep_does_not_overflow_the_stack() {
    for tag in ["div", "span", "b", "table", "a"] {
        let mut page = String::from("<html><body>");
        for _ in 0..100_000 {
            page.push_str(&format!("<{tag}>"));
        }
        page.push_str("Deep text that nobody will read, but it must not crash the stage.");
        let mut rec = record(page.into_bytes(), Some("text/html"));
        let v = stage().apply(&mut rec);
        assert!(matches!(v, Verdict::Keep | Verdict::Reject(_)), "{tag}");
    }
}

#[test]
fn odd_inputs_never_panic() {
    let word = "x".repeat(5 << 20);
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        word.clone().into_bytes(),
        format!("<p>{word}</p>").into_bytes(),
        "0123456789".repeat(10_000).into_bytes(),
        "<p>😀😀😀🎉</p>".repeat(1000).into_bytes(),
        b"<".repeat(100_000),
        b"<html><body><p>\xff\xfe\xfd broken \xc3</p>".to_vec(),
        "<script type=\"application/ld+json\">{{{{[[[[</script><p>text long enough to be kept by the stage</p>".as_bytes().to_vec(),
    ];
    for bytes in inputs {
        let mut rec = record(bytes, Some("text/html"));
        let _ = stage().apply(&mut rec);
        assert!(rec.body.is_none());
        for v in rec.signals.values() {
            assert!(!v.is_null());
        }
    }
}

fn date_of(page: &str) -> (Option<String>, Option<String>) {
    let mut rec = record(page.as_bytes().to_vec(), Some("text/html; charset=utf-8"));
    assert_eq!(stage().apply(&mut rec), Verdict::Keep);
    let source = rec
        .signals
        .get(ghirbal_core::DATE_SOURCE)
        .and_then(Value::as_str)
        .map(str::to_owned);
    assert!(rec.crawl_date.is_none(), "the stage never sets crawl_date");
    (rec.date, source)
}

const BODY: &str = "<p>نص الخبر الطويل بما يكفي ليعتبر فقرة حقيقية في المقال المنشور على الموقع، ويتحدث عن أمور كثيرة.</p>";

#[test]
fn relative_date_resolves_against_the_capture_date() {
    let page = format!(
        "<html><body><article><h1>عنوان الخبر</h1><span>منذ ساعتين</span>{BODY}</article></body></html>"
    );
    assert_eq!(
        date_of(&page),
        (Some("2024-03-05T10:00:00Z".into()), Some("relative".into()))
    );
}

#[test]
fn a_dateline_by_the_headline_is_the_date_and_says_so() {
    let page = format!(
        "<html><body><article><h1>Headline of the story</h1><p class=\"meta\">By A. Writer | 5 March 2024</p>{BODY}</article></body></html>"
    );
    assert_eq!(
        date_of(&page),
        (Some("2024-03-05".into()), Some("dateline".into()))
    );
    // Above the headline, under a section label, as some sites lay it out.
    let page = format!(
        "<html><body><article><div>سياسة</div><div>الثلاثاء 5 مارس 2024</div><h1>عنوان الخبر</h1>{BODY}</article></body></html>"
    );
    assert_eq!(date_of(&page).1.as_deref(), Some("dateline"));
}

#[test]
fn structured_dates_win_and_name_their_markup() {
    let ld = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","datePublished":"2023-01-02T08:00:00Z"}}</script></head>
        <body><h1>Headline of the story</h1><p>5 March 2024</p>{BODY}</body></html>"#
    );
    assert_eq!(
        date_of(&ld),
        (Some("2023-01-02T08:00:00Z".into()), Some("json-ld".into()))
    );
    let meta = format!(
        r#"<html><head><meta property="article:published_time" content="2023-01-02"></head><body><h1>H</h1>{BODY}</body></html>"#
    );
    assert_eq!(date_of(&meta).1.as_deref(), Some("meta"));
    let time = format!(
        r#"<html><body><ul><li><a href="/other"><time datetime="2020-01-01">old</time></a></li></ul>
        <h1>H</h1><time datetime="2023-01-02T09:00">2 Jan</time>{BODY}</body></html>"#
    );
    assert_eq!(
        date_of(&time),
        (Some("2023-01-02T09:00:00".into()), Some("time".into())),
        "the <time> in a list of other stories is not the page's"
    );
}

#[test]
fn sidebar_and_body_dates_are_never_the_publication_date() {
    // A list of other stories with their dates, and a date inside the body's prose.
    let page = format!(
        r#"<html><body><aside><p>Most read</p><p>3 January 2021</p></aside>
        <ul class="related"><li>Other story, 4 February 2022</li></ul>
        <article><h1>Headline of the story</h1>
        <p>On 5 March 2019 the council met, and this paragraph goes on long enough to be prose in the article body, not a dateline.</p>
        {BODY}</article></body></html>"#
    );
    assert_eq!(date_of(&page), (None, None));
    // No headline on the page: no line is known to be a dateline.
    let page = format!("<html><body><div>5 March 2024</div>{BODY}</body></html>");
    assert_eq!(date_of(&page), (None, None));
}
