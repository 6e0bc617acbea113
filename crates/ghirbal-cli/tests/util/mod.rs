//! Helpers for end-to-end tests: a fresh directory and the built binary.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A temporary directory that holds one test's inputs and outputs.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Default for Dir {
    fn default() -> Dir {
        Dir::new()
    }
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.tmp.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

/// The `ghirbal` binary built for this test run.
pub fn ghirbal() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ghirbal"));
    c.env_remove("RUST_LOG");
    c
}

/// Runs `ghirbal run` with args and returns the output, failing the test on a bad exit.
pub fn run_ok(args: &[&str]) -> Output {
    let out = ghirbal()
        .arg("run")
        .arg("--quiet")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ghirbal run {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

pub fn stats(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("stats.json")).expect("stats.json");
    serde_json::from_str(&text).expect("stats.json parses")
}

/// Every JSON line of every shard in `dir` (kept/ or rejects/), shards in name order.
pub fn rows(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let mut text = String::new();
        zstd::Decoder::new(std::fs::File::open(&f).unwrap())
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        for line in text.lines() {
            out.push(serde_json::from_str(line).expect("output line is JSON"));
        }
    }
    out
}

/// Bytes of every file under `dir`, by relative path, for comparing two runs.
pub fn tree_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Checks `read = kept + rejected + errors + skipped` for the total and every file, and that the files
/// add up to the total.
pub fn assert_balanced(stats: &Value) {
    let check = |c: &Value, what: &str| {
        let sum = |k: &str| -> u64 {
            c[k].as_object()
                .map(|m| m.values().map(|v| v.as_u64().unwrap()).sum())
                .unwrap_or(0)
        };
        let read = c["read"].as_u64().unwrap();
        let kept = c["kept"].as_u64().unwrap();
        assert_eq!(
            read,
            kept + sum("rejected") + sum("errors") + sum("skipped"),
            "unbalanced {what}: {c}"
        );
    };
    check(&stats["total"], "total");
    let mut read = 0;
    for (name, c) in stats["files"].as_object().unwrap() {
        check(c, name);
        read += c["read"].as_u64().unwrap();
    }
    assert_eq!(
        read,
        stats["total"]["read"].as_u64().unwrap(),
        "files do not add up"
    );
}

/// JSONL lines of `n` synthetic records, varied enough to exercise every stage.
pub fn synthetic_jsonl(n: usize) -> String {
    let words = [
        "الحكومة",
        "أعلنت",
        "مشروع",
        "جديد",
        "في",
        "المدينة",
        "the",
        "council",
        "said",
        "on",
        "Monday",
        "that",
        "la",
        "ville",
        "a",
        "annoncé",
        "وقال",
        "المتحدث",
        "إن",
        "العمل",
    ];
    let mut s = String::new();
    for i in 0..n {
        let mut text = String::new();
        for j in 0..(20 + i % 40) {
            text.push_str(words[(i * 7 + j * 3) % words.len()]);
            text.push(if j % 12 == 11 { '\n' } else { ' ' });
        }
        text.push_str(&format!("رقم {i}."));
        let line = serde_json::json!({"id": format!("doc-{i}"), "url": format!("https://site{}.example/{i}", i % 7), "text": text, "extra": i});
        s.push_str(&line.to_string());
        s.push('\n');
    }
    s
}
