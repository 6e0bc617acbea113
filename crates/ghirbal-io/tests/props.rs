//! Properties: round trips through compression, no line lost, no panic on any bytes.

use std::fs;
use std::io::Write;

mod common;
use common::read_all_with as read_all;
use proptest::prelude::*;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn jsonl_round_trips_through_plain_gzip_and_zstd(
        texts in prop::collection::vec(any::<String>(), 1..20),
        level in 1i32..5,
    ) {
        let mut lines = String::new();
        for (i, text) in texts.iter().enumerate() {
            let line = serde_json::json!({"id": format!("r{i}"), "text": text, "n": i});
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("a.jsonl", lines.clone().into_bytes()),
            ("a.jsonl.gz", gzip(lines.as_bytes())),
            ("a.jsonl.zst", zstd::encode_all(lines.as_bytes(), level).unwrap()),
        ] {
            let p = dir.path().join(name);
            fs::write(&p, bytes).unwrap();
            let items = read_all(&p, 1 << 20);
            let got: Vec<(String, String)> = items
                .into_iter()
                .map(|i| i.map(|r| (r.id, r.text)).unwrap())
                .collect();
            let want: Vec<(String, String)> = texts.iter().enumerate().map(|(i, t)| (format!("r{i}"), t.clone())).collect();
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn every_non_blank_line_is_a_record_or_an_error(
        lines in prop::collection::vec(
            prop_oneof![
                any::<String>().prop_map(|t| serde_json::json!({"text": t}).to_string().into_bytes()),
                prop::collection::vec(any::<u8>(), 0..40),
                Just(b"{\"text\": 5}".to_vec()),
                Just(b"   ".to_vec()),
            ],
            0..30,
        ),
        max in 8usize..200,
    ) {
        let mut bytes = Vec::new();
        for line in &lines {
            bytes.extend(line.iter().copied().filter(|&b| b != b'\n'));
            bytes.push(b'\n');
        }
        let non_blank = bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace) && l != b"\xEF\xBB\xBF")
            .count();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("l.jsonl");
        fs::write(&p, &bytes).unwrap();
        let items = read_all(&p, max);
        if non_blank == 0 {
            prop_assert_eq!(items.len(), 1);
            prop_assert_eq!(items[0].as_ref().unwrap_err().reason.as_str(), "error:empty_file");
        } else {
            prop_assert_eq!(items.len(), non_blank);
            for (i, item) in items.iter().enumerate() {
                let index = match item {
                    Ok(r) => r.position.index,
                    Err(e) => e.index,
                };
                prop_assert_eq!(index, i as u64);
            }
        }
    }

    #[test]
    fn no_reader_panics_on_any_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        prefix in prop_oneof![
            Just(&b""[..]), Just(&b"WARC/1.0\r\n"[..]), Just(&b"{"[..]), Just(&b"[{"[..]), Just(&b"<html>"[..]),
            Just(&b"PAR1"[..]), Just(&b"\x1f\x8b"[..]), Just(&b"\x28\xb5\x2f\xfd"[..]),
            Just(&b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"[..]),
        ],
        name in prop_oneof![Just("x.jsonl"), Just("x.warc"), Just("x.txt"), Just("x.html"), Just("x.parquet"), Just("x.json"), Just("x")],
        wrap in 0u8..3,
    ) {
        let mut data = prefix.to_vec();
        data.extend_from_slice(&bytes);
        let data = match wrap {
            1 => gzip(&data),
            2 => zstd::encode_all(&data[..], 1).unwrap(),
            _ => data,
        };
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        fs::write(&p, &data).unwrap();
        let items = read_all(&p, 300);
        prop_assert!(!items.is_empty());
    }
}
