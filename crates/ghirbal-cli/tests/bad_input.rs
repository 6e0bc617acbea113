//! Bad input never stops a run: each problem becomes a counted `error:*` reason, records
//! before the damage are kept, and the exit code is 0. A path given that does not exist is not
//! bad input but a mistake in the command: it stops the run before it starts (exit 2).

mod util;

use std::io::Write;

use util::*;

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn errors(stats: &serde_json::Value, file: &str) -> serde_json::Value {
    stats["files"][file]["errors"].clone()
}

#[test]
fn each_kind_of_bad_input_is_counted_with_its_reason() {
    let d = Dir::new();
    let good = synthetic_jsonl(50);

    // Truncated gzip: cut the compressed stream in the middle.
    let full = gz(good.as_bytes());
    let truncated = d.write("in/truncated.jsonl.gz", &full[..full.len() / 2]);
    // zstd with garbage after the frame.
    let mut z = zstd::encode_all(good.as_bytes(), 3).unwrap();
    z.extend_from_slice(b"\x00garbage garbage garbage");
    let garbage = d.write("in/garbage.jsonl.zst", &z);
    // Invalid UTF-8 inside one line, and a malformed JSON line, between good lines.
    let mut mixed = Vec::new();
    mixed.extend_from_slice(b"{\"text\": \"first good line\"}\n");
    mixed.extend_from_slice(b"{\"text\": \"bad \xff\xfe bytes\"}\n");
    mixed.extend_from_slice(b"{\"text\": \"unterminated\n");
    mixed.extend_from_slice(b"{\"text\": \"last good line\"}\n");
    let mixed = d.write("in/mixed.jsonl", &mixed);
    let empty = d.write("in/empty.jsonl", b"");
    // A directory with an unreadable entry (a dangling symlink: root can read anything else).
    d.write("in/dir/ok.txt", "نص سليم في ملف نصي.");
    std::os::unix::fs::symlink(d.path("nowhere"), d.path("in/dir/broken.txt")).unwrap();
    let dir = d.path("in/dir");

    let out = d.path("out");
    let args: Vec<String> = [&truncated, &garbage, &mixed, &empty, &dir]
        .iter()
        .map(|p| p.display().to_string())
        .chain([
            "-o".into(),
            out.display().to_string(),
            "--preset".into(),
            "minimal".into(),
        ])
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run_ok(&args);

    let s = stats(&out);
    assert_balanced(&s);
    let name = |p: &std::path::Path| p.display().to_string();

    let t = &s["files"][name(&truncated)];
    assert_eq!(errors(&s, &name(&truncated))["error:bad_gzip"], 1, "{t}");
    assert!(
        t["kept"].as_u64().unwrap() > 0,
        "records before the damage are kept: {t}"
    );

    let g = &s["files"][name(&garbage)];
    assert_eq!(errors(&s, &name(&garbage))["error:bad_zstd"], 1, "{g}");
    assert_eq!(
        g["kept"], 50,
        "every record before the garbage is kept: {g}"
    );

    let m = &s["files"][name(&mixed)];
    assert_eq!(m["kept"], 2, "{m}");
    assert_eq!(errors(&s, &name(&mixed))["error:bad_utf8"], 1, "{m}");
    assert_eq!(errors(&s, &name(&mixed))["error:bad_json"], 1, "{m}");

    assert_eq!(errors(&s, &name(&empty))["error:empty_file"], 1);
    let broken = dir.join("broken.txt");
    assert_eq!(
        errors(&s, &name(&broken))["error:unreadable"],
        1,
        "{}",
        s["files"]
    );
    assert_eq!(s["files"][name(&dir.join("ok.txt"))]["kept"], 1);

    // Every error is in rejects/ with its reason, detail and input position.
    let rejects = rows(&out.join("rejects"));
    let total_errors: u64 = s["total"]["errors"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(rejects.len() as u64, total_errors);
    for r in &rejects {
        assert!(r["reason"].as_str().unwrap().starts_with("error:"), "{r}");
        assert!(!r["detail"].is_null(), "{r}");
        assert!(r["metadata"]["input_file"].is_string(), "{r}");
        assert!(r["metadata"]["input_offset"].is_u64(), "{r}");
    }
}

#[test]
fn a_missing_path_stops_the_run_before_it_starts() {
    let d = Dir::new();
    let good = d.write("in/good.jsonl", "{\"text\": \"x\"}\n");
    let typo = d.path("in/goood.jsonl");
    for args in [vec![&typo], vec![&good, &typo]] {
        let out = ghirbal()
            .args(["run", "--quiet", "-o"])
            .arg(d.path("out"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("input not found"), "{err}");
        assert!(err.contains(&typo.display().to_string()), "{err}");
        assert!(!d.path("out/stats.json").exists(), "nothing ran");
    }
}

#[test]
fn an_empty_directory_fails_with_one_clear_line() {
    let d = Dir::new();
    std::fs::create_dir_all(d.path("in")).unwrap();
    let out = ghirbal()
        .args(["run", "--quiet", "-o"])
        .arg(d.path("out"))
        .arg(d.path("in"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("no input found"), "{err}");
}

#[test]
fn unwritable_output_fails_with_one_clear_line() {
    let d = Dir::new();
    let input = d.write("a.jsonl", "{\"text\": \"x\"}\n");
    let blocker = d.write("file", "not a directory");
    let out = ghirbal()
        .args(["run", "--quiet", "-o"])
        .arg(blocker.join("out"))
        .arg(&input)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("cannot write output"), "{err}");
}
