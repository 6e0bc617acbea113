//! WARC and WET: fixtures written here, and the real files in `../shared/data/warc/` when present.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ghirbal_io::ReadItem;
use serde_json::json;

mod common;
use common::{read_all, read_all_with};

fn summary(items: &[ReadItem]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Ok(r) => r.metadata["warc_type"].as_str().unwrap_or("?").to_owned(),
            Err(e) => e.reason.to_string(),
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// One record: version line, headers, `Content-Length` (or `length` when given), block, CRLFCRLF.
fn record(kind: &str, headers: &[(&str, &str)], block: &[u8], length: Option<usize>) -> Vec<u8> {
    let mut out = format!("WARC/1.0\r\nWARC-Type: {kind}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!("Content-Length: {}\r\n\r\n", length.unwrap_or(block.len())).as_bytes(),
    );
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn wet_records() -> Vec<Vec<u8>> {
    vec![
        record(
            "warcinfo",
            &[("WARC-Record-ID", "<urn:uuid:0>")],
            b"software: test\r\n",
            None,
        ),
        record(
            "conversion",
            &[
                ("WARC-Target-URI", "http://example.com/ar"),
                ("WARC-Date", "2024-05-01T10:00:00Z"),
                ("WARC-Record-ID", "<urn:uuid:1>"),
                ("WARC-Identified-Content-Language", "ara"),
            ],
            "عنوان\nفقرة أولى.\n\nفقرة ثانية.".as_bytes(),
            None,
        ),
        record(
            "conversion",
            &[
                ("WARC-Target-URI", "<http://example.com/bad>"),
                ("WARC-Record-ID", "<urn:uuid:2>"),
            ],
            b"caf\xe9 latin-1",
            None,
        ),
    ]
}

#[test]
fn wet_reads_the_same_plain_gzip_per_record_whole_gzip_and_zstd() {
    let dir = tempfile::tempdir().unwrap();
    let recs = wet_records();
    let plain = recs.concat();
    let per_record: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let variants = [
        ("a.warc.wet", plain.clone()),
        ("b.warc.wet.gz", per_record),
        ("c.warc.wet.gz", gzip(&plain)),
        ("d.warc.wet.zst", zstd::encode_all(&plain[..], 3).unwrap()),
    ];
    for (name, bytes) in variants {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        let items = read_all(&p);
        assert_eq!(
            summary(&items),
            ["warcinfo", "conversion", "conversion"],
            "{name}"
        );
        let info = items[0].as_ref().unwrap();
        assert_eq!(info.id, "urn:uuid:0");
        assert_eq!(info.text, "");
        assert!(info.body.is_none());
        let ar = items[1].as_ref().unwrap();
        assert_eq!(ar.text, "عنوان\nفقرة أولى.\n\nفقرة ثانية.");
        assert_eq!(ar.url.as_deref(), Some("http://example.com/ar"));
        assert_eq!(ar.crawl_date.as_deref(), Some("2024-05-01T10:00:00Z"));
        assert_eq!(ar.date, None, "the capture time is not a publication date");
        assert_eq!(ar.id, "urn:uuid:1");
        assert_eq!(ar.metadata["warc_content_language"], json!("ara"));
        assert_eq!(ar.position.offset, recs[0].len() as u64);
        assert_eq!(ar.metadata["input_offset"], json!(recs[0].len()));
        let bad = items[2].as_ref().unwrap();
        assert_eq!(bad.text, "caf\u{fffd} latin-1");
        assert_eq!(bad.metadata["utf8_repaired"], json!(true));
        assert_eq!(bad.url.as_deref(), Some("http://example.com/bad"));
        assert!(ar.metadata.get("utf8_repaired").is_none());
    }
}

#[test]
fn response_payload_is_dechunked_and_decoded_into_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let html = "<html><body><p>مرحبا</p></body></html>".as_bytes();
    let gz = gzip(html);
    let (a, b) = gz.split_at(gz.len() / 2);
    let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    for part in [a, b] {
        http.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        http.extend_from_slice(part);
        http.extend_from_slice(b"\r\n");
    }
    http.extend_from_slice(b"0\r\n\r\n");
    let lied = b"HTTP/1.1 404 Not Found\nContent-Type: text/html\nContent-Encoding: gzip\n\n<p>not gzip</p>".to_vec();
    let file = [
        record(
            "request",
            &[("WARC-Target-URI", "http://x/")],
            b"GET / HTTP/1.1\r\n\r\n",
            None,
        ),
        record(
            "response",
            &[
                ("WARC-Target-URI", "http://x/"),
                ("WARC-Date", "2024-01-01T00:00:00Z"),
            ],
            &http,
            None,
        ),
        record(
            "response",
            &[("WARC-Target-URI", "http://x/404")],
            &lied,
            None,
        ),
        record("resource", &[("Content-Type", "text/html")], html, None),
        record("revisit", &[], b"HTTP/1.1 200 OK\r\n\r\n", None),
        record("metadata", &[], b"fetchTimeMs: 5\r\n", None),
    ]
    .concat();
    let p = dir.path().join("r.warc.gz");
    fs::write(&p, gzip(&file)).unwrap();
    let items = read_all(&p);
    assert_eq!(
        summary(&items),
        [
            "request", "response", "response", "resource", "revisit", "metadata"
        ]
    );
    let resp = items[1].as_ref().unwrap();
    let body = resp.body.as_ref().unwrap();
    assert_eq!(body.bytes, html);
    assert_eq!(
        body.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(body.fetched.as_deref(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(resp.metadata["http_status"], json!(200));
    assert_eq!(resp.text, "");
    assert_eq!(resp.id, "r.warc.gz:1");
    let lied = items[2].as_ref().unwrap();
    assert_eq!(lied.body.as_ref().unwrap().bytes, b"<p>not gzip</p>");
    assert_eq!(lied.metadata["http_status"], json!(404));
    assert_eq!(lied.metadata["http_content_encoding"], json!("gzip"));
    let res = items[3].as_ref().unwrap();
    assert_eq!(res.body.as_ref().unwrap().bytes, html);
    for i in [0, 4, 5] {
        assert!(items[i].as_ref().unwrap().body.is_none());
    }
}

#[test]
fn short_content_length_is_repaired_from_the_next_warc_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "first line\n\nsecond paragraph is longer than declared";
    let file = [
        record("conversion", &[], text.as_bytes(), Some(15)),
        record("conversion", &[], b"next", None),
    ]
    .concat();
    let p = dir.path().join("s.wet");
    fs::write(&p, file).unwrap();
    let items = read_all(&p);
    assert_eq!(summary(&items), ["conversion", "conversion"]);
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.text, text);
    assert_eq!(first.metadata["warc_length_repaired"], json!(true));
    assert_eq!(items[1].as_ref().unwrap().text, "next");
}

#[test]
fn record_without_separator_or_with_extra_newlines_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 3\r\n\r\nabc".to_vec();
    file.extend_from_slice(
        b"WARC/1.1\r\nWARC-Type: conversion\r\nContent-Length: 3\r\n\r\ndef\n\r\n\r\n\n",
    );
    file.extend_from_slice(&record("conversion", &[], b"ghi", None));
    let p = dir.path().join("n.warc");
    fs::write(&p, file).unwrap();
    let texts: Vec<_> = read_all(&p).into_iter().map(|i| i.unwrap().text).collect();
    assert_eq!(texts, ["abc", "def", "ghi"]);
}

#[test]
fn truncated_final_record_gives_records_before_then_bad_warc() {
    let dir = tempfile::tempdir().unwrap();
    let last = record("conversion", &[], &[b'x'; 500], None);
    let mut file = wet_records().concat();
    file.extend_from_slice(&last[..last.len() - 300]);
    let p = dir.path().join("t.warc");
    fs::write(&p, &file).unwrap();
    let items = read_all(&p);
    assert_eq!(
        summary(&items),
        ["warcinfo", "conversion", "conversion", "error:bad_warc"]
    );
    // Cut inside the header.
    let mut file = wet_records().concat();
    file.extend_from_slice(b"WARC/1.0\r\nWARC-Type: conv");
    fs::write(&p, &file).unwrap();
    assert_eq!(summary(&read_all(&p)).last().unwrap(), "error:bad_warc");
    // A cut gzip member: the decoder says so.
    let gz: Vec<u8> = wet_records().iter().flat_map(|r| gzip(r)).collect();
    let p = dir.path().join("t.warc.gz");
    fs::write(&p, &gz[..gz.len() - 20]).unwrap();
    assert_eq!(
        summary(&read_all(&p)),
        ["warcinfo", "conversion", "error:bad_gzip"]
    );
}

#[test]
fn junk_before_the_first_record_is_one_error_then_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = b"this is not warc\nat all\n".to_vec();
    file.extend_from_slice(&wet_records().concat());
    let p = dir.path().join("j.warc");
    fs::write(&p, &file).unwrap();
    let items = read_all(&p);
    assert_eq!(
        summary(&items),
        ["error:bad_warc", "warcinfo", "conversion", "conversion"]
    );
    assert_eq!(items[1].as_ref().unwrap().position.index, 1);
    // Named WARC, holding none.
    let p = dir.path().join("none.warc");
    fs::write(&p, b"hello\n").unwrap();
    assert_eq!(summary(&read_all(&p)), ["error:bad_warc"]);
}

#[test]
fn oversized_block_is_too_large_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = [
        record("conversion", &[], &[b'a'; 5000], None),
        record("conversion", &[], b"small", None),
    ]
    .concat();
    let p = dir.path().join("big.warc");
    fs::write(&p, file).unwrap();
    let items = read_all_with(&p, 1000);
    assert_eq!(summary(&items), ["error:too_large", "conversion"]);
}

#[test]
fn old_warc_with_fields_on_the_version_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut file = b"WARC/0.9 5 conversion http://old/ 20080101000000 <urn:uuid:9> text/plain\r\n\r\nhello\r\n\r\n".to_vec();
    file.extend_from_slice(&record("conversion", &[], b"new", None));
    let p = dir.path().join("old.warc");
    fs::write(&p, file).unwrap();
    let items = read_all(&p);
    let old = items[0].as_ref().unwrap();
    assert_eq!(old.text, "hello");
    assert_eq!(old.url.as_deref(), Some("http://old/"));
    assert_eq!(old.id, "urn:uuid:9");
    assert_eq!(items[1].as_ref().unwrap().text, "new");
}

fn shared_warc() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/warc");
    dir.is_dir().then_some(dir)
}

/// Records by type per file, as `../shared/data/warc/README.md` gives them (warcio's counts,
/// or the record count after gunzipping where warcio stops at a whole-file gzip, or the
/// records the README says the file holds where warcio fails on a wrong length).
const EXPECTED: &[(&str, usize)] = &[
    ("warcio/example.warc", 6),
    ("warcio/example.warc.gz", 6),
    ("warcio/example-resource.warc.gz", 3),
    ("warcio/example-iana.org-chunked.warc", 3),
    ("warcio/post-test.warc.gz", 6),
    ("warcio/example-digest.warc", 4),
    ("jwarc/cc.warc.gz", 1),
    ("jwarc/gzip_extra_sl.warc.gz", 1),
    ("resiliparse/warcfile.warc", 50),
    ("resiliparse/warcfile.warc.gz", 50),
    ("resiliparse/block-sized-records.warc", 3),
    ("resiliparse/block-sized-records.warc.gz", 3),
    ("aut/example.docs.warc.gz", 21),
    ("aut/example.txt.warc.gz", 6),
    ("aut/issue-493.warc", 32),
    ("aut/issue-514.warc", 8),
    ("webarchive-commons/IAH-urls-wget.warc.gz", 36),
    ("whirlwind/whirlwind.warc.gz", 4),
    ("whirlwind/whirlwind.warc.wet.gz", 2),
    ("whirlwind/whirlwind.warc.wet", 2),
    ("whirlwind/whirlwind.warc.wat.gz", 2),
    ("resiliparse/clueweb-quirk.warc.gz", 30),
    ("webarchive-commons/mutliple-headers.warc", 1),
    ("warcio/example-wget-bad-target-uri.warc.gz", 6),
    ("warcio/example-space-in-target-uri.warc.gz", 2),
    ("warcio/example-bad-non-chunked.warc.gz", 6),
    ("warcio/example-bad.warc.gz.bad", 6),
    ("warcio/example-wrong-chunks.warc.gz", 2),
    ("warcio/example-trunc.warc", 4),
    ("resiliparse/clipped.warc.gz", 0),
    ("webarchive-commons/link-extraction-test.warc", 8),
    ("cc_net/sample.warc.txt", 4),
];

#[test]
fn real_warc_files_read_with_the_expected_record_counts() {
    let Some(root) = shared_warc() else {
        println!("skipped: ../shared/data/warc not present");
        return;
    };
    let mut failures = Vec::new();
    for (name, expected) in EXPECTED {
        let path = root.join(name);
        if !path.exists() {
            println!("skipped {name}: absent");
            continue;
        }
        let items = read_all_with(&path, 64 << 20);
        let records = items.iter().filter(|i| i.is_ok()).count();
        let errors: Vec<String> = items
            .iter()
            .filter_map(|i| {
                i.as_ref()
                    .err()
                    .map(|e| format!("{}: {}", e.reason, e.detail))
            })
            .collect();
        println!("{name}: {records} records, errors {errors:?}");
        if records != *expected {
            failures.push(format!(
                "{name}: {records} records, expected {expected}; errors {errors:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn cc_net_sample_with_character_count_lengths_keeps_whole_texts() {
    let Some(root) = shared_warc() else {
        println!("skipped: ../shared/data/warc not present");
        return;
    };
    let items = read_all(&root.join("cc_net/sample.warc.txt"));
    let recs: Vec<_> = items.iter().map(|i| i.as_ref().unwrap()).collect();
    let urls: Vec<_> = recs
        .iter()
        .map(|r| r.url.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        urls,
        [
            "",
            "http://sample_english.com",
            "http://sample_chinese.zh",
            "http://sample_russian.ru"
        ]
    );
    for r in &recs[1..] {
        assert!(!r.text.contains("WARC"), "{}", r.text);
        assert!(r.metadata.get("utf8_repaired").is_none(), "{}", r.text);
        assert!(r.text.ends_with(|c: char| !c.is_whitespace() || c == '\n'));
    }
    assert!(recs[1].text.starts_with("Famous Mark Twain Quotes\n"));
    assert!(recs[1].text.contains("Truth isn't."));
    assert!(
        recs[3]
            .text
            .chars()
            .filter(|c| ('а'..='я').contains(c))
            .count()
            > 100
    );
}
