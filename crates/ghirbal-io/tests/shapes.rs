//! Input shapes and field mappings: each named shape on a record written the way that dump
//! writes it, `[input]` keys with dotted paths, the notice for a text field under another
//! name, and JSON files that are not one object per line.

use std::fs;
use std::path::{Path, PathBuf};

use ghirbal_core::Record;
use ghirbal_core::config::InputConfig;
use ghirbal_io::{FieldMap, Input, ReadItem, ReadOptions, open, text_field_notice};
use serde_json::json;

mod common;
use common::{input, read_all};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn options(input: InputConfig) -> ReadOptions {
    ReadOptions {
        fields: FieldMap::new(&input).unwrap(),
        ..ReadOptions::default()
    }
}

fn shape(name: &str) -> ReadOptions {
    options(InputConfig {
        shape: name.into(),
        ..InputConfig::default()
    })
}

fn read_with(path: &Path, options: &ReadOptions) -> Vec<ReadItem> {
    let mut reader = open(&input(path), options);
    std::iter::from_fn(|| reader.next_item()).collect()
}

/// The one record of a one-line file read with the shape.
fn one(dir: &Path, shape_name: &str, line: serde_json::Value) -> Record {
    let p = write(dir, &format!("{shape_name}.jsonl"), format!("{line}\n"));
    let mut items = read_with(&p, &shape(shape_name));
    assert_eq!(items.len(), 1);
    items.remove(0).expect("a record")
}

#[test]
fn oscar_record_reads_content_and_warc_headers() {
    let dir = tempfile::tempdir().unwrap();
    let line = json!({
        "content": "نص الخبر",
        "warc_headers": {
            "warc-refers-to": "<urn:uuid:0>",
            "warc-date": "2022-11-27T12:56:25Z",
            "content-type": "text/plain",
            "warc-record-id": "<urn:uuid:1>",
            "warc-target-uri": "https://news.example/a",
            "warc-type": "conversion"
        },
        "metadata": {"identification": {"label": "ar", "prob": 0.98}, "quality_warnings": null}
    });
    // Without the shape: no text, and the error names `content`.
    let p = write(dir.path(), "plain.jsonl", format!("{line}\n"));
    let items = read_all(&p);
    let e = items[0].as_ref().unwrap_err();
    assert_eq!(e.reason.as_str(), "error:no_text");
    assert!(e.detail.contains("`content`"), "{}", e.detail);

    let r = one(dir.path(), "oscar", line);
    assert_eq!(r.text, "نص الخبر");
    assert_eq!(r.id, "<urn:uuid:1>");
    assert_eq!(r.url.as_deref(), Some("https://news.example/a"));
    // The WARC-Date is the crawl's, never the publication date.
    assert_eq!(r.crawl_date.as_deref(), Some("2022-11-27T12:56:25Z"));
    assert_eq!(r.date, None);
    // The headers not taken stay, in order; OSCAR's own metadata is kept under its name.
    let headers: Vec<&String> = r.metadata["warc_headers"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(headers, ["warc-refers-to", "content-type", "warc-type"]);
    assert_eq!(r.metadata["metadata"]["identification"]["label"], "ar");
}

#[test]
fn saudinewsnet_maps_content_and_date_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let r = one(
        dir.path(),
        "saudinewsnet",
        json!({"id": "snn-000001", "source": "aawsat", "url": "http://aawsat.com/x",
               "date_extracted": "2015-07-21 02:51:32", "title": "عنوان",
               "author": "لندن: كاتب", "content": "حدد رئيس الوزراء"}),
    );
    assert_eq!(r.id, "snn-000001");
    assert_eq!(r.text, "حدد رئيس الوزراء");
    // `date_extracted` is the crawl time (SaudiNewsNet's README says so).
    assert_eq!(r.crawl_date.as_deref(), Some("2015-07-21 02:51:32"));
    assert_eq!(r.date, None);
    assert_eq!(r.title.as_deref(), Some("عنوان"));
    assert_eq!(r.source.as_deref(), Some("aawsat"));
    assert_eq!(r.metadata["author"], "لندن: كاتب");
    assert!(!r.metadata.contains_key("content"));
}

#[test]
fn fineweb_c4_hplt_ccnet_and_dolma_records() {
    let dir = tempfile::tempdir().unwrap();
    let r = one(
        dir.path(),
        "fineweb",
        json!({"text": "t", "id": "<urn:uuid:f>", "dump": "CC-MAIN-2024-10",
               "url": "https://f.example", "date": "2024-02-20T00:00:00Z",
               "language": "arb", "language_score": 0.99}),
    );
    assert_eq!(
        (r.id.as_str(), r.url.as_deref()),
        ("<urn:uuid:f>", Some("https://f.example"))
    );
    assert_eq!(r.metadata["dump"], "CC-MAIN-2024-10");
    assert_eq!(r.crawl_date.as_deref(), Some("2024-02-20T00:00:00Z"));
    assert_eq!(r.date, None);

    let r = one(
        dir.path(),
        "c4",
        json!({"text": "t", "timestamp": "2019-04-25T12:57:54Z", "url": "https://c.example"}),
    );
    assert_eq!(r.crawl_date.as_deref(), Some("2019-04-25T12:57:54Z"));
    assert_eq!(r.id, "c4.jsonl:0", "no id in C4: file:record");

    let r = one(
        dir.path(),
        "hplt",
        json!({"f": "x.warc.gz", "o": 12, "u": "https://h.example", "ts": "2023-10-13T03:53:51Z",
               "lang": ["arb_Arab"], "text": "t", "id": "abc"}),
    );
    assert_eq!(r.url.as_deref(), Some("https://h.example"));
    assert_eq!(r.crawl_date.as_deref(), Some("2023-10-13T03:53:51Z"));
    assert_eq!(r.id, "abc");

    let r = one(
        dir.path(),
        "ccnet",
        json!({"url": "https://r.example", "date_download": "2023-06-01T00:00:00Z",
               "digest": "sha1:XYZ", "title": "T", "raw_content": "t", "perplexity": 120.5}),
    );
    assert_eq!(r.text, "t");
    assert_eq!(r.id, "sha1:XYZ");
    assert_eq!(r.crawl_date.as_deref(), Some("2023-06-01T00:00:00Z"));
    assert_eq!(r.title.as_deref(), Some("T"));

    let r = one(
        dir.path(),
        "dolma",
        json!({"id": "d1", "text": "t", "source": "common-crawl", "added": "2023-01-01",
               "created": "2020-05-05", "metadata": {"url": "https://d.example"}}),
    );
    assert_eq!(r.date.as_deref(), Some("2020-05-05"));
    assert_eq!(r.source.as_deref(), Some("common-crawl"));
    assert_eq!(r.metadata["added"], "2023-01-01");
}

#[test]
fn input_keys_with_dotted_paths_override_the_shape() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "nested.jsonl",
        concat!(
            r#"{"doc":{"body":"نص","meta":{"id":42,"link":"https://n.example"}},"published":"2024-03-01"}"#,
            "\n",
            r#"{"doc":{"body":7}}"#,
            "\n",
        ),
    );
    let options = options(InputConfig {
        text: "doc.body".into(),
        id: "doc.meta.id".into(),
        url: "doc.meta.link".into(),
        date: "published".into(),
        ..InputConfig::default()
    });
    let items = read_with(&p, &options);
    let r = items[0].as_ref().unwrap();
    assert_eq!(r.text, "نص");
    assert_eq!(r.id, "42");
    assert_eq!(r.url.as_deref(), Some("https://n.example"));
    assert_eq!(r.date.as_deref(), Some("2024-03-01"));
    // What the paths took out is gone from `doc`; the emptied objects are not kept.
    assert!(!r.metadata.contains_key("doc"), "{:?}", r.metadata);
    let e = items[1].as_ref().unwrap_err();
    assert_eq!(e.reason.as_str(), "error:no_text");
    assert_eq!(e.detail, "field `doc.body` is a number, not a string");
}

#[test]
fn notice_names_the_common_text_field_and_only_when_text_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let oscar = write(dir.path(), "o.jsonl", "{\"content\": \"x\"}\n");
    let good = write(dir.path(), "g.jsonl", "{\"text\": \"x\"}\n");
    let broken = write(dir.path(), "b.jsonl", "not json\n");
    let opts = ReadOptions::default();
    let notice = text_field_notice(&[input(&broken), input(&oscar)], &opts).unwrap();
    assert!(
        notice.starts_with("o.jsonl: ") && notice.contains("`content`"),
        "{notice}"
    );
    assert!(!notice.contains('\n'), "one line: {notice}");
    assert_eq!(
        text_field_notice(&[input(&good), input(&oscar)], &opts),
        None
    );
    assert_eq!(text_field_notice(&[input(&oscar)], &shape("oscar")), None);
}

#[test]
fn pretty_printed_object_and_sequences_of_objects_are_records() {
    let dir = tempfile::tempdir().unwrap();
    let one_object = write(
        dir.path(),
        "one.json",
        "{\n  \"id\": \"p1\",\n  \"text\": \"نص {مع} أقواس\",\n  \"tags\": [\n    \"a\"\n  ]\n}\n",
    );
    let items = read_all(&one_object);
    assert_eq!(items.len(), 1, "{items:?}");
    let r = items[0].as_ref().unwrap();
    assert_eq!((r.id.as_str(), r.text.as_str()), ("p1", "نص {مع} أقواس"));
    assert_eq!(r.metadata["tags"], json!(["a"]));

    // Several pretty-printed objects, several on a line, a JSON text sequence separator.
    let many = write(
        dir.path(),
        "many.json",
        "{\n  \"text\": \"a\"\n}\n{\n  \"text\": \"b\"\n}{\"text\": \"c\"} {\"text\": \"d\"}\n\x1e{\"text\": \"e\"}",
    );
    let texts: Vec<String> = read_all(&many)
        .into_iter()
        .map(|i| i.unwrap().text)
        .collect();
    assert_eq!(texts, ["a", "b", "c", "d", "e"]);

    // Damage between and inside objects is counted, and reading goes on.
    let damaged = write(
        dir.path(),
        "damaged.json",
        "{\n  \"text\": \"a\"\n}\ngarbage\n{\n  \"text\": \"b\",,\n}\n{\n  \"text\": \"c\"\n}\n{\n  \"text\": \"cut",
    );
    let items = read_all(&damaged);
    let got: Vec<String> = items
        .iter()
        .map(|i| match i {
            Ok(r) => r.text.clone(),
            Err(e) => e.reason.to_string(),
        })
        .collect();
    assert_eq!(
        got,
        [
            "a",
            "error:bad_json",
            "error:bad_json",
            "c",
            "error:bad_json"
        ]
    );
    let offsets: Vec<u64> = items
        .iter()
        .map(|i| match i {
            Ok(r) => r.position.offset,
            Err(e) => e.offset,
        })
        .collect();
    assert_eq!(offsets[0], 0);
    assert_eq!(
        offsets[1], 18,
        "the garbage starts on the line after the first object"
    );
}

#[test]
fn one_line_jsonl_stays_jsonl_with_its_broken_lines_counted() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "lines.json",
        "{\"text\": \"unterminated\n{\"text\": \"b\"}\n{\"text\": [1,\n{\"text\": \"d\"}\n",
    );
    let got: Vec<String> = read_all(&p)
        .iter()
        .map(|i| match i {
            Ok(r) => r.text.clone(),
            Err(e) => e.reason.to_string(),
        })
        .collect();
    assert_eq!(got, ["error:bad_json", "b", "error:bad_json", "d"]);
}

#[test]
fn json_array_of_saudinewsnet_articles_with_the_shape() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "2015-07-21.json",
        "[\n  {\n    \"content\": \"أ\",\n    \"date_extracted\": \"2015-07-21 02:51:32\"\n  },\n  {\n    \"content\": \"ب\"\n  }\n]\n",
    );
    let items = read_with(&p, &shape("saudinewsnet"));
    let r: Vec<&Record> = items.iter().map(|i| i.as_ref().unwrap()).collect();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].text, "أ");
    assert_eq!(r[0].crawl_date.as_deref(), Some("2015-07-21 02:51:32"));
    assert_eq!(r[1].id, "2015-07-21.json:1");
}

#[test]
fn ids_are_relative_to_the_directory_given() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("crawl/sub")).unwrap();
    write(
        dir.path(),
        "crawl/sub/a.jsonl",
        "{\"text\": \"x\"}\n{\"text\": \"y\"}\n",
    );
    write(dir.path(), "crawl/page.txt", "نص");
    let found = ghirbal_io::expand(&[dir.path().join("crawl")]);
    let ids: Vec<String> = found
        .inputs
        .iter()
        .flat_map(|i| {
            let mut r = open(i, &ReadOptions::default());
            std::iter::from_fn(move || r.next_item()).map(|x| x.unwrap().id)
        })
        .collect();
    assert_eq!(ids, ["page.txt", "sub/a.jsonl:0", "sub/a.jsonl:1"]);
    // The input's name (stats key, `input_file`) is still the path as found.
    assert!(found.inputs[1].name.ends_with("crawl/sub/a.jsonl"));
    let file = Input::file(dir.path().join("crawl/sub/a.jsonl"));
    let mut r = open(&file, &ReadOptions::default());
    assert_eq!(r.next_item().unwrap().unwrap().id, "a.jsonl:0");
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_columns_follow_the_mapping() {
    use std::sync::Arc;

    use arrow_array::{RecordBatch, StringArray, StructArray};
    use arrow_schema::{DataType, Field, Fields, Schema};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("snn.parquet");
    let headers = Fields::from(vec![
        Field::new("warc-target-uri", DataType::Utf8, true),
        Field::new("warc-type", DataType::Utf8, true),
    ]);
    let schema = Arc::new(Schema::new(vec![
        Field::new("content", DataType::Utf8, true),
        Field::new("date_extracted", DataType::Utf8, true),
        Field::new("warc_headers", DataType::Struct(headers.clone()), true),
    ]));
    let headers = StructArray::new(
        headers,
        vec![
            Arc::new(StringArray::from(vec!["https://p.example"])),
            Arc::new(StringArray::from(vec!["conversion"])),
        ],
        None,
    );
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(StringArray::from(vec!["نص"])),
            Arc::new(StringArray::from(vec!["2015-07-21"])),
            Arc::new(headers),
        ],
    )
    .unwrap();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(fs::File::create(&path).unwrap(), schema, None)
            .unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();

    let options = options(InputConfig {
        shape: "saudinewsnet".into(),
        url: "warc_headers.warc-target-uri".into(),
        ..InputConfig::default()
    });
    let items = read_with(&path, &options);
    let r = items[0].as_ref().unwrap();
    assert_eq!(r.text, "نص");
    assert_eq!(r.crawl_date.as_deref(), Some("2015-07-21"));
    assert_eq!(r.url.as_deref(), Some("https://p.example"));
    assert_eq!(
        r.metadata["warc_headers"],
        json!({"warc-type": "conversion"})
    );
    assert_eq!(r.id, "snn.parquet:0");

    // Without the mapping the file has no text column, and says which columns it has.
    let items = read_with(&path, &ReadOptions::default());
    let e = items[0].as_ref().unwrap_err();
    assert!(e.detail.contains("content"), "{}", e.detail);
}
