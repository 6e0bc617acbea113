//! Readers on inputs written here: every item a file yields, and why.

use std::fs;
use std::io::Write;
use std::path::Path;

use ghirbal_core::Record;
use ghirbal_io::{ReadError, ReadItem, ReadOptions, open};
use serde_json::json;

mod common;
use common::{assert_skips_as_reads, input, read_all, read_all_with};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn reasons(items: &[ReadItem]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Ok(r) => format!("ok:{}", r.id),
            Err(e) => e.reason.to_string(),
        })
        .collect()
}

fn err(item: &ReadItem) -> &ReadError {
    item.as_ref().expect_err("an error")
}

fn rec(item: &ReadItem) -> &Record {
    item.as_ref().expect("a record")
}

const THREE: &str =
    "{\"id\":\"a\",\"text\":\"واحد\"}\n{\"id\":2,\"text\":\"two\"}\n{\"text\":\"three\"}\n";

#[test]
fn jsonl_fields_are_recognised_and_the_rest_kept_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"zeta":1,"text":"نص","id":7,"url":"http://x","title":"T","date":"2024-01-02","source":"s","alpha":{"k":[1]},"lede":3}"#;
    let p = write(dir.path(), "a.jsonl", format!("{line}\n").as_bytes());
    let items = read_all(&p);
    assert_eq!(items.len(), 1);
    let r = rec(&items[0]);
    assert_eq!(r.id, "7");
    assert_eq!(r.text, "نص");
    assert_eq!(r.url.as_deref(), Some("http://x"));
    assert_eq!(r.title.as_deref(), Some("T"));
    assert_eq!(r.date.as_deref(), Some("2024-01-02"));
    assert_eq!(r.source.as_deref(), Some("s"));
    assert_eq!(
        serde_json::Value::Object(r.metadata.clone()),
        json!({"zeta": 1, "alpha": {"k": [1]}, "lede": 3, "input_file": "a.jsonl", "input_offset": 0})
    );
    let keys: Vec<_> = r.metadata.keys().cloned().collect();
    assert_eq!(
        keys,
        ["zeta", "alpha", "lede", "input_file", "input_offset"]
    );
}

#[test]
fn jsonl_ids_offsets_and_positions() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "x.jsonl", format!("\n  \n{THREE}\n").as_bytes());
    let items = read_all(&p);
    assert_eq!(reasons(&items), ["ok:a", "ok:2", "ok:x.jsonl:2"]);
    let first = THREE.find('{').unwrap() as u64 + 4;
    let r = rec(&items[1]);
    assert_eq!(r.position.index, 1);
    let second_offset = 4 + THREE.find("{\"id\":2").unwrap() as u64;
    assert_eq!(r.position.offset, second_offset);
    assert_eq!(r.metadata["input_offset"], json!(second_offset));
    assert_eq!(rec(&items[0]).position.offset, first);
}

#[test]
fn non_string_recognised_fields_go_to_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.jsonl",
        br#"{"text":"t","id":null,"url":5,"title":["x"]}"#,
    );
    let items = read_all(&p);
    let r = rec(&items[0]);
    assert_eq!(r.id, "a.jsonl:0");
    assert_eq!(r.url, None);
    assert_eq!(r.metadata["id"], json!(null));
    assert_eq!(r.metadata["url"], json!(5));
    assert_eq!(r.metadata["title"], json!(["x"]));
}

#[test]
fn bad_lines_are_errors_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"{\"text\":\"ok1\"}\n");
    bytes.extend_from_slice(b"{\"text\":\"bad \xff utf8\"}\n");
    bytes.extend_from_slice(b"not json at all\n");
    bytes.extend_from_slice(b"[1,2]\n");
    bytes.extend_from_slice(b"{\"title\":\"no text\"}\n");
    bytes.extend_from_slice(b"{\"text\":42}\n");
    bytes.extend_from_slice(b"{\"text\":\"trailing\"} x\n");
    bytes.extend_from_slice(b"{\"text\":\"ok2\"}\r\n");
    bytes.extend_from_slice(b"{\"text\":\"last, no newline\"}");
    let p = write(dir.path(), "bad.jsonl", &bytes);
    let items = read_all(&p);
    assert_eq!(
        reasons(&items),
        [
            "ok:bad.jsonl:0",
            "error:bad_utf8",
            "error:bad_json",
            "error:bad_json",
            "error:no_text",
            "error:no_text",
            "error:bad_json",
            "ok:bad.jsonl:7",
            "ok:bad.jsonl:8"
        ]
    );
    assert_eq!(err(&items[1]).index, 1);
    assert_eq!(err(&items[1]).offset, 15);
    assert!(
        err(&items[5]).detail.contains("number"),
        "{}",
        err(&items[5]).detail
    );
    assert_eq!(rec(&items[7]).text, "ok2");
}

#[test]
fn too_large_line_is_skipped_without_losing_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{{\"text\":\"{}\"}}\n", "x".repeat(10_000));
    let p = write(
        dir.path(),
        "big.jsonl",
        format!("{{\"text\":\"a\"}}\n{big}{{\"text\":\"b\"}}\n").as_bytes(),
    );
    let items = read_all_with(&p, 1000);
    assert_eq!(
        reasons(&items),
        ["ok:big.jsonl:0", "error:too_large", "ok:big.jsonl:2"]
    );
    assert!(
        err(&items[1]).detail.contains("10012"),
        "{}",
        err(&items[1]).detail
    );
    assert_eq!(rec(&items[2]).text, "b");
    assert_eq!(rec(&items[2]).position.offset, 13 + big.len() as u64);
}

#[test]
fn byte_order_mark_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bom.jsonl", b"\xEF\xBB\xBF{\"text\":\"a\"}\n");
    assert_eq!(reasons(&read_all(&p)), ["ok:bom.jsonl:0"]);
}

#[test]
fn gzip_multi_member_and_zstd_multi_frame_read_like_plain() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = THREE.split_at(THREE.find("{\"id\":2").unwrap());
    let mut gz = gzip(a.as_bytes());
    gz.extend(gzip(b.as_bytes()));
    let mut zst = zstd::encode_all(a.as_bytes(), 3).unwrap();
    zst.extend(zstd::encode_all(b.as_bytes(), 3).unwrap());
    // Names say nothing: content decides.
    for (name, bytes) in [
        ("p.jsonl", THREE.as_bytes().to_vec()),
        ("g.data", gz),
        ("z.data", zst),
    ] {
        let p = write(dir.path(), name, &bytes);
        let items = read_all(&p);
        let texts: Vec<_> = items.iter().map(|i| rec(i).text.clone()).collect();
        assert_eq!(texts, ["واحد", "two", "three"], "{name}");
        assert_eq!(rec(&items[1]).position.offset, a.len() as u64, "{name}");
    }
}

#[test]
fn truncated_gzip_keeps_records_before_the_damage_then_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..2000)
        .map(|i| format!("{{\"text\":\"line {i}\"}}\n"))
        .collect();
    let gz = gzip(lines.as_bytes());
    let p = write(dir.path(), "t.jsonl.gz", &gz[..gz.len() / 2]);
    let items = read_all(&p);
    let (last, before) = items.split_last().unwrap();
    assert_eq!(err(last).reason.as_str(), "error:bad_gzip");
    assert!(!before.is_empty() && before.len() < 2000);
    assert!(before.iter().all(|i| i.is_ok()));
    // Damage in the middle of a member: garbage bytes, not just a cut.
    let mut bad = gz.clone();
    let mid = bad.len() / 2;
    for b in &mut bad[mid..mid + 50] {
        *b = 0xAA;
    }
    let p = write(dir.path(), "c.jsonl.gz", &bad);
    let items = read_all(&p);
    assert_eq!(err(items.last().unwrap()).reason.as_str(), "error:bad_gzip");
    // A cut inside the trailer only.
    let p = write(dir.path(), "tr.jsonl.gz", &gz[..gz.len() - 3]);
    let items = read_all(&p);
    assert_eq!(items.len(), 2001);
    assert_eq!(err(&items[2000]).reason.as_str(), "error:bad_gzip");
}

#[test]
fn gzip_with_garbage_after_the_last_member_is_an_error_after_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = gzip(THREE.as_bytes());
    gz.extend_from_slice(b"garbage here");
    let p = write(dir.path(), "g.jsonl.gz", &gz);
    let items = read_all(&p);
    assert_eq!(reasons(&items)[..3], ["ok:a", "ok:2", "ok:g.jsonl.gz:2"]);
    assert_eq!(err(&items[3]).reason.as_str(), "error:bad_gzip");
    assert_eq!(items.len(), 4);
}

#[test]
fn zstd_with_garbage_or_truncated_keeps_records_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let mut zst = zstd::encode_all(THREE.as_bytes(), 3).unwrap();
    let full = zst.clone();
    zst.extend_from_slice(b"\x00garbage at the end");
    let p = write(dir.path(), "g.jsonl.zst", &zst);
    let items = read_all(&p);
    assert_eq!(
        reasons(&items),
        ["ok:a", "ok:2", "ok:g.jsonl.zst:2", "error:bad_zstd"]
    );

    let lines: String = (0..5000)
        .map(|i| format!("{{\"text\":\"line {i}\"}}\n"))
        .collect();
    let mut enc = zstd::Encoder::new(Vec::new(), 1).unwrap();
    enc.write_all(lines.as_bytes()).unwrap();
    let big = enc.finish().unwrap();
    let p = write(dir.path(), "t.jsonl.zst", &big[..big.len() * 2 / 3]);
    let items = read_all(&p);
    let (last, before) = items.split_last().unwrap();
    assert_eq!(err(last).reason.as_str(), "error:bad_zstd");
    assert!(before.iter().all(|i| i.is_ok()));

    let p = write(dir.path(), "cut.jsonl.zst", &full[..full.len() - 2]);
    let items = read_all(&p);
    assert_eq!(err(items.last().unwrap()).reason.as_str(), "error:bad_zstd");
}

#[test]
fn empty_and_blank_files_are_one_empty_file_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("e.jsonl", &b""[..]),
        ("w.jsonl", b" \n\n\t\r\n"),
        ("e.txt", b""),
        ("g.jsonl.gz", &gzip(b"\n\n")[..]),
        ("z.jsonl.zst", &zstd::encode_all(&b""[..], 3).unwrap()[..]),
    ] {
        let p = write(dir.path(), name, bytes);
        assert_eq!(reasons(&read_all(&p)), ["error:empty_file"], "{name}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_one_unreadable_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        reasons(&read_all(&dir.path().join("gone.jsonl"))),
        ["error:unreadable"]
    );
    // A directory opens but does not read.
    assert_eq!(reasons(&read_all(dir.path())), ["error:unreadable"]);
}

#[test]
fn text_file_is_one_record_named_after_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let body = "  سطر أول\n\n{ليس json}\n";
    let p = write(dir.path(), "doc.txt", body.as_bytes());
    let items = read_all(&p);
    assert_eq!(items.len(), 1);
    let r = rec(&items[0]);
    assert_eq!(r.id, "doc.txt");
    assert_eq!(r.text, body);
    assert_eq!(r.metadata["input_file"], json!("doc.txt"));
    // No extension, text content.
    let p = write(dir.path(), "README", b"plain words");
    assert_eq!(rec(&read_all(&p)[0]).text, "plain words");
    let p = write(dir.path(), "bad.txt", b"ok \xc3\x28 not");
    let items = read_all(&p);
    assert_eq!(reasons(&items), ["error:bad_utf8"]);
    assert!(err(&items[0]).detail.contains("byte 3"));
    let p = write(dir.path(), "big.txt", &vec![b'x'; 5000]);
    assert_eq!(reasons(&read_all_with(&p, 4096)), ["error:too_large"]);
}

#[test]
fn html_file_becomes_a_body_for_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let page = b"<!DOCTYPE html><html><body><p>\xc7\xe1</p></body></html>";
    for name in ["page.html", "page.bin", "page.htm.gz"] {
        let bytes = if name.ends_with(".gz") {
            gzip(page)
        } else {
            page.to_vec()
        };
        let p = write(dir.path(), name, &bytes);
        let items = read_all(&p);
        let r = rec(&items[0]);
        assert_eq!(r.text, "");
        let body = r.body.as_ref().expect("a body");
        assert_eq!(body.bytes, page);
        assert_eq!(body.content_type.as_deref(), Some("text/html"));
    }
}

#[test]
fn binary_without_a_known_name_is_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "x.bin", b"\x00\x01\x02\x03\x04binary");
    assert_eq!(reasons(&read_all(&p)), ["error:unsupported_format"]);
}

#[test]
fn bytes_read_counts_compressed_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let gz = gzip(THREE.as_bytes());
    let p = write(dir.path(), "b.jsonl.gz", &gz);
    let mut reader = open(
        &input(&p),
        &ReadOptions {
            max_record_bytes: 1 << 20,
            ..ReadOptions::default()
        },
    );
    while reader.next_item().is_some() {}
    assert_eq!(reader.bytes_read(), gz.len() as u64);
}

#[test]
fn json_array_of_objects_is_read_element_by_element() {
    let dir = tempfile::tempdir().unwrap();
    let body = "[\n  {\"id\": \"a\", \"text\": \"x ] , } \\\" [\", \"tags\": [1, [2]]},\n  42,\n  {\"text\": \"second\"}\n]\n";
    let p = write(dir.path(), "arr.json", body.as_bytes());
    let items = read_all(&p);
    assert_eq!(reasons(&items), ["ok:a", "error:bad_json", "ok:arr.json:2"]);
    let a = rec(&items[0]);
    assert_eq!(a.text, "x ] , } \" [");
    assert_eq!(a.metadata["tags"], json!([1, [2]]));
    assert_eq!(a.position.offset, 4);
    assert_eq!(
        rec(&items[2]).position.offset,
        body.find("{\"text\": \"second").unwrap() as u64
    );
    // Gzip, no name.
    let p = write(dir.path(), "arr.bin", &gzip(body.as_bytes()));
    assert_eq!(
        reasons(&read_all(&p)),
        ["ok:a", "error:bad_json", "ok:arr.bin:2"]
    );
}

#[test]
fn json_array_cut_short_or_empty_or_oversized() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "cut.json",
        b"[{\"text\":\"a\"}, {\"text\":\"b\"}, {\"text\":\"c",
    );
    assert_eq!(
        reasons(&read_all(&p)),
        ["ok:cut.json:0", "ok:cut.json:1", "error:bad_json"]
    );
    let p = write(dir.path(), "empty.json", b" [ ] ");
    assert_eq!(reasons(&read_all(&p)), ["error:empty_file"]);
    let big = format!(
        "[{{\"text\":\"{}\"}}, {{\"text\":\"ok\"}}]",
        "y".repeat(5000)
    );
    let p = write(dir.path(), "big.json", big.as_bytes());
    assert_eq!(
        reasons(&read_all_with(&p, 1000)),
        ["error:too_large", "ok:big.json:1"]
    );
    let p = write(dir.path(), "tail.json", b"[{\"text\":\"a\"}] trailing");
    assert_eq!(reasons(&read_all(&p)), ["ok:tail.json:0", "error:bad_json"]);
}

#[test]
fn text_file_loses_its_byte_order_mark_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "bom.txt", "\u{feff}نص".as_bytes());
    assert_eq!(rec(&read_all(&p)[0]).text, "نص");
    let p = write(dir.path(), "bad.txt", b"\xEF\xBB\xBFab\xff");
    assert!(err(&read_all(&p)[0]).detail.ends_with("byte 5"));
}

#[test]
fn zstd_starting_with_a_skippable_frame_is_zstd() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4];
    bytes.extend(zstd::encode_all(THREE.as_bytes(), 3).unwrap());
    let p = write(dir.path(), "pz.jsonl.zst", &bytes);
    assert_eq!(
        reasons(&read_all(&p)),
        ["ok:a", "ok:2", "ok:pz.jsonl.zst:2"]
    );
}

#[test]
fn skipped_jsonl_items_are_the_items_reading_gives() {
    // Every kind of line: a byte order mark, CRLF, blank and whitespace lines, records with
    // and without ids (the made ids number the items), bad JSON, no text, bad UTF-8, a line
    // over the record limit, and a last line without its newline; plain and gzip.
    let mut text = b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"one\"}\r\n\n   \n".to_vec();
    text.extend_from_slice(b"{\"text\":\"made id\"}\n{bad json\n{\"id\":\"n\"}\n");
    text.extend_from_slice(b"{\"text\":\"\xff\xfe\"}\n");
    text.extend_from_slice(format!("{{\"text\":\"{}\"}}\n", "x".repeat(200)).as_bytes());
    text.extend_from_slice(b"\t\n{\"text\":\"after\"}\n{\"text\":\"last\"}");
    let dir = tempfile::tempdir().unwrap();
    let options = ReadOptions {
        max_record_bytes: 100,
        ..ReadOptions::default()
    };
    let plain = write(dir.path(), "lines.jsonl", &text);
    assert_eq!(common::read_all_with(&plain, 100).len(), 8);
    assert_skips_as_reads(&plain, &options);
    assert_skips_as_reads(&write(dir.path(), "lines.jsonl.gz", &gzip(&text)), &options);
    // A file with no record: its one item is the error that says so.
    assert_skips_as_reads(&write(dir.path(), "blank.jsonl", b"\n \n"), &options);
}
