//! Hostile input, made by the tests: bombs (and the members after them), a 1 GB line, deep nesting, NULs and control
//! characters, invalid UTF-8 everywhere, lone surrogates, lying charsets, WARC lengths that lie,
//! cut and concatenated compressed members, and a folder of links, loops and FIFOs. For each:
//! the run completes (exit 0), every record is counted (`read = kept + rejected + errors`),
//! each drop has a reason, and peak memory stays under the bound the run states.

mod util;

use std::io::Write;
use std::path::Path;

use serde_json::Value;
use util::*;

/// Runs `ghirbal run` over `inputs` with `preset` and checks what every hostile run must hold.
fn run_checked(d: &Dir, inputs: &[&Path], preset: &str, out: &str) -> Value {
    run_checked_with(d, inputs, preset, out, &[])
}

/// [`run_checked`] with more arguments (`--config` ...).
fn run_checked_with(d: &Dir, inputs: &[&Path], preset: &str, out: &str, more: &[&str]) -> Value {
    let out = d.path(out);
    let mut args: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    args.extend([
        "-o".into(),
        out.display().to_string(),
        "--preset".into(),
        preset.into(),
        "--threads".into(),
        "2".into(),
    ]);
    args.extend(more.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(&args);
    let s = stats(&out);
    assert_balanced(&s);
    let peak = s["run"]["peak_rss_bytes"].as_u64().unwrap();
    let bound = s["run"]["memory_bound_bytes"].as_u64().unwrap();
    assert!(
        peak <= bound,
        "peak RSS {peak} over the stated bound {bound}"
    );
    for r in rows(&out.join("rejects")) {
        assert!(r["reason"].as_str().is_some_and(|x| x.contains(':')), "{r}");
        assert!(r["detail"].is_object(), "{r}");
    }
    s
}

fn errors(s: &Value, reason: &str) -> u64 {
    s["total"]["errors"][reason].as_u64().unwrap_or(0)
}

/// A zstd frame of `blocks` RLE blocks of 128 KiB of `byte`: 4 bytes per 128 KiB decoded.
fn zstd_rle_bomb(blocks: usize, byte: u8) -> Vec<u8> {
    let mut f = vec![0x28, 0xb5, 0x2f, 0xfd];
    // Frame header: no content size, no checksum, no dictionary; window 128 KiB.
    f.push(0x00);
    f.push(7 << 3);
    for i in 0..blocks {
        let last = u32::from(i + 1 == blocks);
        let header = (128u32 << 10) << 3 | 1 << 1 | last;
        f.extend_from_slice(&header.to_le_bytes()[..3]);
        f.push(byte);
    }
    f
}

#[test]
fn zstd_bomb_is_stopped_by_the_expansion_limit_and_the_next_frame_read() {
    let d = Dir::new();
    let mut file = zstd::encode_all(&b"{\"text\": \"before the bomb\"}\n"[..], 3).unwrap();
    // 64 Ki blocks: 8 GiB of spaces from 256 KiB on disk.
    file.extend(zstd_rle_bomb(64 << 10, b' '));
    file.extend(zstd::encode_all(&b"{\"text\": \"after\"}\n"[..], 3).unwrap());
    let bomb = d.write("bomb.jsonl.zst", &file);
    let s = run_checked(&d, &[&bomb], "minimal", "out");
    assert_eq!(s["total"]["kept"], 2, "{s}");
    assert_eq!(errors(&s, "error:decompression_bomb"), 1, "{s}");
    let texts: Vec<Value> = rows(&d.path("out/kept"))
        .iter()
        .map(|r| r["text"].clone())
        .collect();
    assert_eq!(texts, ["before the bomb", "after"], "{s}");
}

/// Issue 24: a bomb in the middle and at the end of multi-member gzip files (the limit set
/// low so the bomb is 64 KiB on disk): the records of every good member are kept, each bomb
/// is one error, and peak memory is what the same files without their bombs take.
#[test]
fn gzip_bomb_members_are_skipped_and_cost_no_memory() {
    let d = Dir::new();
    let gz = |s: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(s).unwrap();
        e.finish().unwrap()
    };
    // 64 MiB of spaces: about 64 KiB of gzip.
    let bomb = gz(&vec![b' '; 64 << 20]);
    let good = |texts: &[&str]| {
        let lines: String = texts
            .iter()
            .map(|t| format!("{{\"text\": \"{t}\"}}\n"))
            .collect();
        gz(lines.as_bytes())
    };
    let write = |name: &str, members: &[&[u8]]| d.write(name, members.concat());
    let (one, two) = (good(&["one", "two"]), good(&["three"]));
    let middle = write("middle.jsonl.gz", &[&one, &bomb, &two]);
    let last = write("last.jsonl.gz", &[&good(&["four"]), &bomb]);
    let cfg = d.write(
        "c.toml",
        "[run]\nmax_expansion = 64\nexpansion_floor_bytes = 4194304\n",
    );
    let cfg = ["--config", cfg.to_str().unwrap()];
    let s = run_checked_with(&d, &[&middle, &last], "minimal", "out", &cfg);
    assert_eq!(s["total"]["kept"], 4, "{s}");
    assert_eq!(s["total"]["read"], 6, "{s}");
    assert_eq!(errors(&s, "error:decompression_bomb"), 2, "{s}");
    let mut texts: Vec<String> = rows(&d.path("out/kept"))
        .iter()
        .map(|r| r["text"].as_str().unwrap().to_owned())
        .collect();
    texts.sort();
    assert_eq!(texts, ["four", "one", "three", "two"], "{s}");

    // The same files without their bombs.
    let middle = write("clean/middle.jsonl.gz", &[&one, &two]);
    let last = write("clean/last.jsonl.gz", &[&good(&["four"])]);
    let clean = run_checked_with(&d, &[&middle, &last], "minimal", "clean-out", &cfg);
    let peak = |s: &Value| s["run"]["peak_rss_bytes"].as_u64().unwrap();
    eprintln!(
        "peak RSS: with bombs {} B, without {} B",
        peak(&s),
        peak(&clean)
    );
    // Allow 16 MiB of allocator slack, as the memory suite does.
    assert!(peak(&s) < peak(&clean) + (16 << 20), "{s}\n{clean}");
}

#[test]
fn gzip_bomb_of_a_1_gb_line_is_streamed_and_the_next_record_read() {
    let d = Dir::new();
    let path = d.path("line.jsonl.gz");
    let file = std::fs::File::create(&path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    gz.write_all(b"{\"text\": \"first\"}\n{\"text\": \"")
        .unwrap();
    // 10^9 bytes in one line: deflate holds it in about 1 MB (its limit is 1032x).
    let chunk = vec![b'a'; 1_000_000];
    for _ in 0..1000 {
        gz.write_all(&chunk).unwrap();
    }
    gz.write_all(b"\"}\n{\"text\": \"last\"}\n").unwrap();
    gz.finish().unwrap();
    let s = run_checked(&d, &[&path], "minimal", "out");
    assert_eq!(s["total"]["kept"], 2, "{s}");
    assert_eq!(errors(&s, "error:too_large"), 1, "{s}");
}

#[test]
fn lone_surrogates_nuls_controls_and_invalid_utf8_at_every_place() {
    let d = Dir::new();
    let mut lines: Vec<Vec<u8>> = vec![
        // As Python's json.dumps writes lone surrogates: kept with U+FFFD, repair counted.
        br#"{"id": "sur", "text": "a\ud800b and \udc00 and a pair \ud83d\ude00"}"#.to_vec(),
        // Escaped NUL and control characters are valid JSON and reach the stages.
        br#"{"id": "nul", "text": "x\u0000y\u0001z\u001b[31m red \u007f"}"#.to_vec(),
    ];
    // A raw NUL or control byte inside a JSON string is not JSON.
    lines.push(b"{\"text\": \"raw \x00 nul\"}".to_vec());
    lines.push(b"{\"text\": \"raw \x01 control\"}".to_vec());
    // Invalid UTF-8: first byte, in a key, in a value, cut multi-byte at the end, a lone
    // continuation byte, an overlong NUL, an encoded surrogate, past U+10FFFF.
    for bad in [
        &b"\xff{\"text\": \"x\"}"[..],
        b"{\"te\xc3xt\": \"x\"}",
        b"{\"text\": \"\xd9\"}",
        b"{\"text\": \"x\"}\xd9",
        b"{\"text\": \"\x80\"}",
        b"{\"text\": \"\xc0\x80\"}",
        b"{\"text\": \"\xed\xa0\x80\"}",
        b"{\"text\": \"\xf4\x90\x80\x80\"}",
    ] {
        lines.push(bad.to_vec());
    }
    lines.push(r#"{"id": "good", "text": "نص سليم بعد كل ذلك."}"#.as_bytes().to_vec());
    let mut bytes = lines.join(&b'\n');
    bytes.push(b'\n');
    let jsonl = d.write("hostile.jsonl", &bytes);
    // A text file with NULs is binary: one reason for the file.
    let binary = d.write("nul.txt", b"text\x00with\x00nuls\x00\x01\x02\x03\x04\x05");
    // Invalid UTF-8 in a plain text file and in an HTML page.
    let text = d.write("latin.txt", b"caf\xe9 cr\xe8me \xff\xfe end\n");
    let html = d.write(
        "bad.html",
        b"<html><body><p>\xd9\x85\xd8 \xff broken \xc3 bytes in a paragraph.</p></body></html>",
    );

    let s = run_checked(&d, &[&jsonl, &binary, &text, &html], "minimal", "min");
    // Eight JSONL lines, and the text file (text must be UTF-8; HTML goes to charset detection).
    assert_eq!(errors(&s, "error:bad_utf8"), 9, "{s}");
    assert_eq!(errors(&s, "error:bad_json"), 2, "{s}");
    assert_eq!(errors(&s, "error:unsupported_format"), 1, "{s}");
    let kept = rows(&d.path("min/kept"));
    let sur = kept.iter().find(|r| r["id"] == "sur").expect("kept");
    assert_eq!(sur["text"], "a\u{fffd}b and \u{fffd} and a pair \u{1f600}");
    assert_eq!(sur["signals"]["read.surrogates_repaired"], 2);
    // The same inputs through every stage of the default preset.
    run_checked(&d, &[&jsonl, &binary, &text, &html], "arabic-news", "full");
}

#[test]
fn deep_nesting_and_lying_charsets_go_through_extraction() {
    let d = Dir::new();
    let depth = 100_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("<p>نص في عمق الصفحة.</p>");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    let deep = d.write("deep.html", &page);
    // Declares UTF-8, holds windows-1256 Arabic.
    let mut lying =
        b"<html><head><meta charset=\"utf-8\"><title>t</title></head><body><p>".to_vec();
    lying.extend_from_slice(b"\xe3\xd1\xcd\xc8\xc7 \xc8\xc7\xe1\xda\xc7\xe1\xe3 ");
    lying.extend_from_slice(&b"\xe3\xd1\xcd\xc8\xc7 ".repeat(40));
    lying.extend_from_slice(b"</p></body></html>");
    let lying = d.write("lying.html", &lying);
    // A WARC response whose HTTP header says ISO-8859-1 over UTF-8 Arabic.
    let body =
        "<html><body><p>هذا نص عربي مكتوب بترميز يونيكود والرأس يقول غير ذلك.</p></body></html>";
    let http =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n{body}");
    let warc = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/a\r\n\
         WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let warc = d.write("lying.warc", warc);
    let s = run_checked(&d, &[&deep, &lying, &warc], "arabic-news", "out");
    assert_eq!(s["total"]["read"], 3, "{s}");
}

#[test]
fn warc_lengths_that_lie_and_cut_or_concatenated_members() {
    let d = Dir::new();
    let record = |uri: &str, body: &str, claimed: usize| {
        format!(
            "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: text/plain\r\nContent-Length: {claimed}\r\n\r\n{body}\r\n\r\n"
        )
    };
    let body = "نص المورد الأول كاملا.";
    let mut warc = String::new();
    warc.push_str(&record("https://x.example/short", body, body.len() - 7));
    warc.push_str(&record("https://x.example/ok", body, body.len()));
    warc.push_str(&record("https://x.example/long", body, body.len() + 5000));
    warc.push_str(&record("https://x.example/end", body, body.len()));
    let lengths = d.write("lengths.warc", &warc);

    // Two gzip members, then a third cut in half; and zstd frames with the last one cut.
    let gz = |s: &str| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(s.as_bytes()).unwrap();
        e.finish().unwrap()
    };
    let mut members = gz("{\"text\": \"one\"}\n");
    members.extend(gz("{\"text\": \"two\"}\n"));
    let third = gz(&synthetic_jsonl(20));
    members.extend_from_slice(&third[..third.len() / 2]);
    let members = d.write("members.jsonl.gz", &members);
    let mut frames = zstd::encode_all(&b"{\"text\": \"one\"}\n"[..], 3).unwrap();
    let last = zstd::encode_all(synthetic_jsonl(20).as_bytes(), 3).unwrap();
    frames.extend_from_slice(&last[..last.len() - 9]);
    let frames = d.write("frames.jsonl.zst", &frames);

    let s = run_checked(&d, &[&lengths, &members, &frames], "minimal", "out");
    assert_eq!(errors(&s, "error:bad_gzip"), 1, "{s}");
    assert_eq!(errors(&s, "error:bad_zstd"), 1, "{s}");
    let name = |p: &Path| p.display().to_string();
    assert!(
        s["files"][name(&members)]["kept"].as_u64().unwrap() >= 2,
        "{s}"
    );
    assert!(
        s["files"][name(&frames)]["kept"].as_u64().unwrap() >= 1,
        "{s}"
    );
    // The records around the lying lengths are still read.
    let urls: Vec<String> = rows(&d.path("out/kept"))
        .iter()
        .filter_map(|r| r["url"].as_str().map(str::to_owned))
        .collect();
    assert!(urls.iter().any(|u| u.ends_with("/ok")), "{urls:?}");
    assert!(urls.iter().any(|u| u.ends_with("/end")), "{urls:?}");
}

#[cfg(unix)]
#[test]
fn a_folder_of_link_loops_fifos_and_dangling_links_completes() {
    let d = Dir::new();
    d.write("in/a.jsonl", "{\"text\": \"x\"}\n");
    d.write("in/sub/b.txt", "نص");
    std::os::unix::fs::symlink(d.path("in"), d.path("in/sub/loop")).unwrap();
    std::os::unix::fs::symlink(d.path("in/sub/loop2"), d.path("in/sub/loop1")).unwrap();
    std::os::unix::fs::symlink(d.path("in/sub/loop1"), d.path("in/sub/loop2")).unwrap();
    std::os::unix::fs::symlink(d.path("nowhere"), d.path("in/dangling.txt")).unwrap();
    let fifo = d.path("in/fifo.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let s = run_checked(&d, &[&d.path("in")], "minimal", "out");
    assert_eq!(s["total"]["kept"], 2, "{s}");
    // The self-referencing links and the dangling one are unreadable; a FIFO in a folder is
    // skipped (reading it would wait for a writer).
    assert_eq!(errors(&s, "error:unreadable"), 3, "{s}");
    if !made {
        println!("mkfifo unavailable: the FIFO case was not made");
    }
}
