//! The command line: presets, --print-config, --skip/--only, the sample in examples/.

mod util;

use util::*;

fn examples() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

#[test]
fn sample_in_examples_runs_and_balances() {
    let d = Dir::new();
    let out = d.path("out");
    run_ok(&[examples().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let s = stats(&out);
    assert_balanced(&s);
    // One file per input format in the sample, each read without error.
    for ext in [
        ".txt",
        ".jsonl",
        ".jsonl.gz",
        ".jsonl.zst",
        ".parquet",
        ".warc.wet.gz",
        ".warc.gz",
        ".html",
    ] {
        let file = s["files"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.ends_with(ext))
            .unwrap_or_else(|| panic!("no {ext} input in the sample: {}", s["files"]));
        assert!(file.1["read"].as_u64().unwrap() > 0, "{ext}: {}", file.1);
        assert!(
            file.1["errors"].as_object().is_none_or(|e| e.is_empty()),
            "{ext}: {}",
            file.1
        );
    }
    // The WARC's warcinfo and request records and the WET's warcinfo are not documents:
    // counted as skipped, by type, and absent from rejects/.
    assert_eq!(
        s["total"]["skipped"],
        serde_json::json!({"extract:warc_type:request": 1, "extract:warc_type:warcinfo": 2}),
    );
    let rejects = rows(&out.join("rejects"));
    assert!(
        rejects.iter().all(|r| !r["reason"]
            .as_str()
            .unwrap()
            .starts_with("extract:warc_type")),
        "a skipped record was written to rejects/"
    );
    assert_eq!(
        rejects.len() as u64,
        s["total"]["rejected"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>()
    );
    // Bytes as read: the stored (partly compressed) files and the records' text and pages.
    let t = &s["total"];
    assert!(t["text_bytes_in"].as_u64().unwrap() > 0, "{t}");
    assert!(t["bytes_in"].as_u64().unwrap() > 0, "{t}");
}

#[test]
fn corpus_stages_describe_their_index_in_stats() {
    let d = Dir::new();
    let out = d.path("out");
    run_ok(&[examples().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let site = &stats(&out)["stages"]["clean.site"];
    // Every page that reached the site pass was observed once.
    assert_eq!(site["index"]["pages"], site["in"], "{site}");
    assert_eq!(site["index"]["io_errors"], 0, "{site}");
    let dedup = &stats(&out)["stages"]["dedup"];
    assert_eq!(dedup["index"]["observed"], dedup["in"], "{dedup}");
    let dropped = dedup["in"].as_u64().unwrap() - dedup["out"].as_u64().unwrap();
    let index = &dedup["index"];
    let counted = ["exact", "url", "near"].map(|k| index[k].as_u64().unwrap());
    assert_eq!(counted.iter().sum::<u64>(), dropped, "{dedup}");
}

#[test]
fn minimal_preset_keeps_every_readable_record_with_schema_fields() {
    let d = Dir::new();
    let input = d.write(
        "a.jsonl",
        "{\"id\": 7, \"text\": \"hello\", \"url\": \"https://a.example/x\", \"title\": \"T\", \"date\": \"2024-01-01\", \"section\": \"news\"}\n",
    );
    let out = d.path("out");
    run_ok(&[
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--preset",
        "minimal",
    ]);
    let kept = rows(&out.join("kept"));
    assert_eq!(kept.len(), 1);
    let r = &kept[0];
    assert_eq!(r["id"], "7");
    assert_eq!(r["text"], "hello");
    assert_eq!(r["title"], "T");
    assert_eq!(r["url"], "https://a.example/x");
    // The declared schema's date: an instant in UTC, a date alone at 00:00.
    assert_eq!(r["date"], "2024-01-01T00:00:00Z");
    assert_eq!(r["signals"]["date.source"], "input");
    assert_eq!(r["crawl_date"], serde_json::Value::Null);
    assert_eq!(r["dup_cluster_size"], 1);
    assert_eq!(r["metadata"]["section"], "news");
    assert_eq!(r["metadata"]["input_file"], input.to_str().unwrap());
    assert_eq!(r["metadata"]["input_offset"], 0);
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "text",
            "title",
            "lede",
            "captions",
            "url",
            "date",
            "crawl_date",
            "source",
            "lang",
            "lang_score",
            "script",
            "dup_cluster_size",
            "signals",
            "metadata"
        ]
    );
}

#[test]
fn print_config_prints_toml_that_loads_back() {
    let d = Dir::new();
    let out = ghirbal()
        .args([
            "run",
            "--print-config",
            "--preset",
            "datatrove-compat",
            "--threads",
            "3",
            "--skip",
            "dedup",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("preset = \"datatrove-compat\""), "{text}");
    assert!(text.contains("threads = 3"), "{text}");
    let file = d.write("printed.toml", &text);
    let again = ghirbal()
        .args([
            "run",
            "--print-config",
            "--preset",
            "datatrove-compat",
            "--config",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(String::from_utf8(again.stdout).unwrap(), text);
}

#[test]
fn only_switches_every_other_stage_off() {
    let out = ghirbal()
        .args(["run", "--print-config", "--only", "clean,pii"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let stages: toml_lite::Stages = toml_lite::stages(&text);
    assert_eq!(stages.on, ["clean", "pii"]);
}

#[test]
fn unknown_stage_or_preset_is_a_clear_error() {
    for args in [["--skip", "dedupe"], ["--preset", "fastest"]] {
        let out = ghirbal()
            .arg("run")
            .args(args)
            .arg("--print-config")
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

#[test]
fn every_stage_that_ran_is_counted_in_stats() {
    let d = Dir::new();
    let input = examples();
    let out = d.path("out");
    run_ok(&[input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let s = stats(&out);
    for name in ["extract", "clean", "pii", "lang", "filter", "dedup"] {
        let st = &s["stages"][name];
        assert!(st["in"].as_u64().unwrap_or(0) >= 1, "{name}: {st}");
        assert!(st["built"].is_null(), "{name}: {st}");
    }
}

/// Just enough TOML reading for the `[stages]` table, to keep this test free of a toml dependency.
mod toml_lite {
    pub struct Stages {
        pub on: Vec<String>,
    }

    pub fn stages(text: &str) -> Stages {
        let mut inside = false;
        let mut on = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                inside = line == "[stages]";
                continue;
            }
            if let Some((k, v)) = line.split_once('=')
                && inside
                && v.trim() == "true"
            {
                on.push(k.trim().to_owned());
            }
        }
        Stages { on }
    }
}

#[test]
fn explain_lists_removed_lines_with_reasons() {
    let d = Dir::new();
    let seed = examples().join("000_b23184ef2a6a5aff.txt");
    let out = d.path("out");
    run_ok(&[
        seed.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--explain",
    ]);
    let kept = rows(&out.join("kept"));
    assert_eq!(kept.len(), 1);
    let removed = kept[0]["metadata"]["removed"]
        .as_array()
        .expect("metadata.removed with --explain");
    assert!(!removed.is_empty());
    // Each line clean removed is found where `at` says, in the text clean was given.
    let original: Vec<&str> = kept[0]["metadata"]["clean_input"]
        .as_str()
        .expect("metadata.clean_input with --explain")
        .split('\n')
        .collect();
    for r in removed {
        assert!(r["line"].is_string() && r["reason"].is_string(), "{r}");
        if let Some(at) = r["at"].as_u64() {
            assert_eq!(
                original[at as usize].trim(),
                r["line"].as_str().unwrap(),
                "{r}"
            );
        }
    }
    let text = kept[0]["text"].as_str().unwrap();
    assert!(!text.contains("أخبار متعلقة"), "{text}");
}

#[test]
fn progress_is_lines_when_stderr_is_not_a_terminal() {
    let d = Dir::new();
    let out = d.path("out");
    // stderr is a pipe here: a line at every record with a period of 0 s.
    let o = ghirbal()
        .args([
            "run",
            examples().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .env("GHIRBAL_PROGRESS_SECS", "0")
        .output()
        .unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("ghirbal: pass "))
        .collect();
    assert!(!lines.is_empty(), "{stderr}");
    // The default preset reads twice (the site pass, then the rest): pass k/n, records,
    // records/s, and bytes read on the input pass.
    assert!(
        lines.iter().any(|l| l.starts_with("ghirbal: pass 1/")),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.contains(" records, ") && l.contains(" records/s"))
    );
    assert!(lines.iter().any(|l| l.contains("MB read")), "{stderr}");
    // No bar's control characters in a log.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );

    // --quiet: nothing; the default period (5 s) on the sample: nothing either.
    for (args, secs) in [(vec!["--quiet"], "0"), (vec![], "5")] {
        let out = d.path(&format!("out-{secs}"));
        let o = ghirbal()
            .arg("run")
            .args(&args)
            .args([examples().to_str().unwrap(), "-o", out.to_str().unwrap()])
            .env("GHIRBAL_PROGRESS_SECS", secs)
            .output()
            .unwrap();
        assert!(o.status.success());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!stderr.contains("ghirbal: pass "), "{args:?}: {stderr}");
    }
}

#[test]
fn a_rerun_into_an_output_asks_for_overwrite_or_resume() {
    let d = Dir::new();
    let out = d.path("out");
    let o = out.to_str().unwrap();
    let ex = examples();
    let ex = ex.to_str().unwrap();
    run_ok(&[ex, "-o", o, "--preset", "minimal"]);
    d.write("out/notes.txt", "mine");
    d.write("out/kept/keep-me.txt", "mine too");
    let first = stats(&out);

    // No switch: one line naming both, exit 2, the output untouched.
    let again = ghirbal()
        .args(["run", "--quiet", ex, "-o", o, "--preset", "minimal"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--overwrite") && stderr.contains("--resume"),
        "{stderr}"
    );
    assert_eq!(stats(&out), first);

    // --overwrite with a mistyped input: exit 2 and the old output is still there.
    let typo = ghirbal()
        .args([
            "run",
            "--quiet",
            "no-such-input.jsonl",
            "-o",
            o,
            "--overwrite",
        ])
        .output()
        .unwrap();
    assert_eq!(typo.status.code(), Some(2));
    assert!(out.join("stats.json").exists() && out.join("report.html").exists());

    // --overwrite: ghirbal's own files are replaced, the others stay.
    d.write("out/index/meta.json", "{}");
    run_ok(&[ex, "-o", o, "--preset", "minimal", "--overwrite"]);
    assert_eq!(stats(&out)["total"]["read"], first["total"]["read"]);
    assert!(!out.join("index").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(out.join("kept/keep-me.txt").exists());

    // --resume goes on in place (the run was complete: every shard is kept).
    run_ok(&[ex, "-o", o, "--preset", "minimal", "--resume"]);
    // An empty folder needs no switch.
    std::fs::create_dir_all(d.path("empty")).unwrap();
    run_ok(&[
        ex,
        "-o",
        d.path("empty").to_str().unwrap(),
        "--preset",
        "minimal",
    ]);
}
