//! Index an output folder written by ghirbal-io's writer, then search it as users type.

use std::path::Path;

use ghirbal_core::config::OutputFormat;
use ghirbal_core::reason::dedup;
use ghirbal_core::{Record, Reject};
use ghirbal_io::{Row, ShardWriter, encode};
use ghirbal_search::{SearchRequest, Searchable, build_index, mark};

fn write_part(dir: &Path, rows: &[(Record, Option<Reject>)]) {
    let rows: Vec<Row> = rows
        .iter()
        .map(|(record, reject)| Row {
            record,
            reject: reject.as_ref(),
        })
        .collect();
    let mut w = ShardWriter::create(dir, 0, OutputFormat::Jsonl).unwrap();
    w.write(
        encode(OutputFormat::Jsonl, &rows, 3).unwrap(),
        rows.len() as u64,
    )
    .unwrap();
    let _ = w.finish().unwrap();
}

fn rec(id: &str, lang: &str, title: &str, text: &str) -> Record {
    let mut r = Record::new(id, text);
    r.lang = Some(lang.into());
    r.title = Some(title.into());
    r.source = Some("test".into());
    r
}

/// Kept: Arabic news in plain and vocalised spelling, an English brief; rejected: a duplicate.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let kept = vec![
        (
            rec(
                "school",
                "ar",
                "افتتاح مدرسة جديدة",
                "افتتحت وزارة التعليم مدرسة جديدة في الرياض تتسع لألف طالب.",
            ),
            None,
        ),
        (
            rec(
                "vocalised",
                "ar",
                "الْمُعَلِّمُونَ",
                "اِجْتَمَعَ الْمُعَلِّمُونَ فِي الْمَكْتَبَةِ لِمُنَاقَشَةِ الْمَنَاهِجِ.",
            ),
            None,
        ),
        (
            rec(
                "minister",
                "ar",
                "تصريحات",
                "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل.",
            ),
            None,
        ),
        (
            rec(
                "apart",
                "ar",
                "اجتماع",
                "اجتمع وزير المالية مع لجنة الخارجية في البرلمان.",
            ),
            None,
        ),
        (
            rec(
                "english",
                "en",
                "Ministers meet",
                "The ministers were meeting in Riyadh to discuss the new school curriculum.",
            ),
            None,
        ),
    ];
    write_part(&dir.path().join("kept"), &kept);
    let rejects = vec![(
        rec(
            "dup",
            "ar",
            "افتتاح مدرسة جديدة",
            "افتتحت وزارة التعليم مدرسة جديدة في الرياض تتسع لألف طالب.",
        ),
        Some(Reject::new(
            dedup::EXACT,
            serde_json::json!({"kept_id": "school", "cluster_size": 2}),
        )),
    )];
    write_part(&dir.path().join("rejects"), &rejects);
    let facts = build_index(dir.path(), true).unwrap();
    assert_eq!((facts.kept, facts.rejected), (5, 1));
    dir
}

fn ids(s: &Searchable, query: &str, lang: Option<&str>) -> Vec<String> {
    s.search(&SearchRequest {
        query: query.into(),
        lang: lang.map(str::to_owned),
        limit: 10,
        ..SearchRequest::default()
    })
    .unwrap()
    .hits
    .into_iter()
    .map(|h| h.id)
    .collect()
}

#[test]
fn diacritised_query_finds_bare_text_and_bare_query_finds_vocalised_text() {
    let dir = folder();
    let s = Searchable::open(dir.path()).unwrap();
    assert_eq!(ids(&s, "مَدْرَسَةٌ", None)[0], "school");
    assert_eq!(ids(&s, "المعلمون المكتبة", None)[0], "vocalised");
}

#[test]
fn prefixed_query_finds_bare_word_and_bare_query_finds_prefixed_word() {
    let dir = folder();
    let s = Searchable::open(dir.path()).unwrap();
    // "and in the school" against "مدرسة".
    assert_eq!(ids(&s, "وبالمدرسة", None)[0], "school");
    // "library" against "فِي الْمَكْتَبَةِ"; "teachers" (sound plural) against the singular.
    assert_eq!(ids(&s, "مكتبة", None)[0], "vocalised");
    assert_eq!(ids(&s, "معلم", None)[0], "vocalised");
}

#[test]
fn phrase_matches_only_adjacent_words() {
    let dir = folder();
    let s = Searchable::open(dir.path()).unwrap();
    let both = ids(&s, "وزير الخارجية", None);
    assert!(both.contains(&"minister".to_owned()) && both.contains(&"apart".to_owned()));
    assert_eq!(ids(&s, "\"وزير الخارجية\"", None), ["minister"]);
}

#[test]
fn language_filter_keeps_one_language_and_english_is_stemmed() {
    let dir = folder();
    let s = Searchable::open(dir.path()).unwrap();
    assert_eq!(ids(&s, "minister meetings", Some("en")), ["english"]);
    assert_eq!(ids(&s, "school", Some("ar")), Vec::<String>::new());
    assert_eq!(ids(&s, "lang:en school", None), ["english"]);
}

#[test]
fn rejects_are_found_only_when_asked_with_their_reason() {
    let dir = folder();
    let s = Searchable::open(dir.path()).unwrap();
    let kept_only = ids(&s, "الرياض مدرسة", None);
    assert!(!kept_only.contains(&"dup".to_owned()), "{kept_only:?}");
    let with = s
        .search(&SearchRequest {
            query: "الرياض مدرسة".into(),
            limit: 10,
            rejects: true,
            ..SearchRequest::default()
        })
        .unwrap();
    let dup = with.hits.iter().find(|h| h.id == "dup").unwrap();
    assert_eq!(dup.kind, "rejected");
    assert_eq!(dup.reason.as_deref(), Some("dedup:exact"));
    let by_reason = s
        .search(&SearchRequest {
            query: "مدرسة".into(),
            limit: 10,
            reason: Some("dedup:exact".into()),
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(by_reason.hits.len(), 1);
}

#[test]
fn snippet_highlights_the_stored_vocalised_word() {
    let dir = folder();
    let s = Searchable::open(dir.path()).unwrap();
    let hit = &s
        .search(&SearchRequest {
            query: "مكتبة".into(),
            limit: 1,
            ..SearchRequest::default()
        })
        .unwrap()
        .hits[0];
    let marked = mark(&hit.snippet, &hit.highlights, "[", "]");
    assert!(marked.contains("[الْمَكْتَبَةِ]"), "{marked}");
    let json = serde_json::to_value(hit).unwrap();
    for key in ["id", "score", "title", "snippet"] {
        assert!(json.get(key).is_some(), "no {key} in {json}");
    }
}

#[test]
fn query_that_does_not_parse_still_searches_what_it_can() {
    let dir = folder();
    let s = Searchable::open(dir.path()).unwrap();
    let r = s
        .search(&SearchRequest {
            query: "مدرسة \"unclosed (".into(),
            limit: 5,
            ..SearchRequest::default()
        })
        .unwrap();
    assert!(r.hits.iter().any(|h| h.id == "school"));
}

#[test]
fn folder_without_index_says_how_to_build_one() {
    let dir = tempfile::tempdir().unwrap();
    let err = Searchable::open(dir.path()).err().unwrap();
    assert!(err.to_string().contains("ghirbal index"), "{err}");
}
