//! `report_folder` on an output folder written by ghirbal-io's own writer.

use std::path::Path;

use ghirbal_core::config::OutputFormat;
use ghirbal_core::reason::{dedup, filter};
use ghirbal_core::{Counts, Record, Reject, RunStats};
use ghirbal_io::{Row, ShardWriter, encode};
use ghirbal_report::{TOKENIZER, count_tokens, report_folder};

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

fn arabic(id: &str, text: &str) -> Record {
    let mut r = Record::new(id, text);
    r.lang = Some("ar".into());
    r.script = Some("Arab".into());
    r.url = Some("https://www.spa.gov.sa/news/1".into());
    r.set_signal("filter.fineweb_quality.line_punct_ratio", 0.9);
    r
}

/// A folder with two kept Arabic records, one kept English record, a duplicate and a filter
/// reject, and a hostile record whose text and id try to run script.
fn sample_output(out: &Path) -> RunStats {
    let mut english = Record::new("en-1", "The ministry said talks resume next week.");
    english.lang = Some("en".into());
    english.source = Some("wire".into());
    let kept = vec![
        (
            arabic(
                "ar-1",
                "قال وزير الخارجية إن المحادثات ستستأنف\n\nفقرة ثانية",
            ),
            None,
        ),
        (arabic("ar-2", "أعلنت الهيئة عن نتائج المسابقة"), None),
        (english, None),
    ];
    write_part(&out.join("kept"), &kept);
    let mut low = arabic("ar-3", "<script>alert('x')</script> خبر قصير");
    low.id = "<img src=x onerror=alert(1)>".into();
    low.set_signal("filter.fineweb_quality.line_punct_ratio", 0.05);
    let rejects = vec![
        (
            arabic(
                "ar-4",
                "قال وزير الخارجية إن المحادثات ستستأنف\n\nفقرة ثانية",
            ),
            Some(Reject::new(
                dedup::EXACT,
                serde_json::json!({"kept_id": "ar-1", "cluster_size": 2}),
            )),
        ),
        (
            low,
            Some(Reject::new(
                filter::FINEWEB_QUALITY_LINE_PUNCT_RATIO,
                serde_json::json!({"figure": 0.05, "threshold": 0.12, "lang": "ar"}),
            )),
        ),
    ];
    write_part(&out.join("rejects"), &rejects);
    let mut stats = RunStats::default();
    let mut file = Counts::default();
    for _ in 0..3 {
        file.count(None);
    }
    file.count(Some(&dedup::EXACT));
    file.count(Some(&filter::FINEWEB_QUALITY_LINE_PUNCT_RATIO));
    stats.total = file.clone();
    stats.files.insert("in.jsonl".into(), file);
    std::fs::write(
        out.join("stats.json"),
        serde_json::to_vec_pretty(&stats).unwrap(),
    )
    .unwrap();
    stats
}

#[test]
fn report_counts_kept_tokens_per_language_and_source_into_stats_json() {
    let dir = tempfile::tempdir().unwrap();
    sample_output(dir.path());
    let (stats, summary) = report_folder(dir.path()).unwrap();
    let tokens = stats.tokens.as_ref().unwrap();
    assert_eq!(tokens.tokenizer, TOKENIZER);
    let ar = count_tokens("قال وزير الخارجية إن المحادثات ستستأنف\n\nفقرة ثانية")
        + count_tokens("أعلنت الهيئة عن نتائج المسابقة");
    let en = count_tokens("The ministry said talks resume next week.");
    assert_eq!(tokens.by_lang["ar"], ar as u64);
    assert_eq!(tokens.by_lang["en"], en as u64);
    assert_eq!(tokens.kept, (ar + en) as u64);
    assert_eq!(tokens.by_source["www.spa.gov.sa"], ar as u64);
    assert_eq!(tokens.by_source["wire"], en as u64);
    assert_eq!(summary.profile.kept, 3);
    assert_eq!(summary.profile.rejected, 2);

    // stats.json was rewritten with the counts, and still reads as RunStats.
    let back: RunStats =
        serde_json::from_slice(&std::fs::read(dir.path().join("stats.json")).unwrap()).unwrap();
    assert_eq!(back.tokens, stats.tokens);
    assert!(back.is_balanced());
}

#[test]
fn report_html_is_self_contained_and_shows_every_section() {
    let dir = tempfile::tempdir().unwrap();
    sample_output(dir.path());
    report_folder(dir.path()).unwrap();
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    for id in [
        "funnel", "reasons", "signals", "langs", "length", "dups", "sources", "files", "examples",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    // No network: nothing is loaded from anywhere.
    assert!(!page.contains("src=\"http"), "a remote resource");
    assert!(!page.contains("href=\"http"), "a remote link");
    assert!(page.contains("Content-Security-Policy"));
    // The threshold of the filter signal is drawn, from the reject's detail.
    assert!(page.contains("threshold 0.12"), "threshold not drawn");
    // Examples: the duplicate's first line, right to left.
    assert!(page.contains("<td dir=\"auto\">قال وزير الخارجية إن المحادثات ستستأنف</td>"));
    assert!(page.contains("dedup:exact"));
}

#[test]
fn corpus_text_in_the_report_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    sample_output(dir.path());
    report_folder(dir.path()).unwrap();
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(!page.contains("<script"), "a script element");
    assert!(!page.contains("<img"), "an img element from the corpus");
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
}

#[test]
fn folder_without_stats_is_not_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let err = report_folder(dir.path()).unwrap_err();
    assert!(
        err.to_string().contains("not a ghirbal output folder"),
        "{err}"
    );
}
