//! A run killed with SIGKILL part-way and resumed with `--resume` ends identical to an
//! uninterrupted run: no record lost, none twice.

mod util;

use std::time::{Duration, Instant};

use util::*;

fn manifest_shards(out: &std::path::Path) -> usize {
    std::fs::read_to_string(out.join(".ghirbal/manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v["shards"].as_object().map(|m| m.len()))
        .unwrap_or(0)
}

fn killed_then_resumed_equals_uninterrupted(preset: &str, records: usize) {
    let d = Dir::new();
    let input = d.write("in/big.jsonl", synthetic_jsonl(records));
    let cfg = d.write(
        "c.toml",
        format!(
            "[run]\nbatch_records = 25\nshard_records = {}\n",
            records / 30
        ),
    );
    let args = |out: &std::path::Path| -> Vec<String> {
        vec![
            "run".into(),
            "--quiet".into(),
            input.display().to_string(),
            "-o".into(),
            out.display().to_string(),
            "--preset".into(),
            preset.into(),
            "--config".into(),
            cfg.display().to_string(),
            "--threads".into(),
            "2".into(),
        ]
    };

    let reference = d.path("reference");
    let status = ghirbal().args(args(&reference)).status().unwrap();
    assert!(status.success());

    let out = d.path("killed");
    let mut child = ghirbal().args(args(&out)).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    // Kill once some shards are complete and before all are.
    loop {
        let n = manifest_shards(&out);
        if n >= 2 {
            child.kill().unwrap(); // SIGKILL on Unix
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run finished ({status}) before it could be killed; make the input larger");
        }
        assert!(Instant::now() < deadline, "no shard completed in time");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.wait().unwrap();
    let done_before = manifest_shards(&out);
    assert!(
        done_before < 30,
        "killed too late to test anything: {done_before} of 30 shards"
    );

    let mut resume = args(&out);
    resume.push("--resume".into());
    let status = ghirbal().args(&resume).status().unwrap();
    assert!(status.success());

    let (a, b) = (stats(&reference), stats(&out));
    assert_balanced(&b);
    assert_eq!(a["total"]["read"], b["total"]["read"]);
    assert_eq!(a["total"]["kept"], b["total"]["kept"]);
    assert_eq!(a["total"]["rejected"], b["total"]["rejected"]);
    for sub in ["kept", "rejects"] {
        let (x, y) = (tree_bytes(&reference.join(sub)), tree_bytes(&out.join(sub)));
        assert_eq!(x.len(), y.len(), "{sub}: different shard files");
        for (p, q) in x.iter().zip(&y) {
            assert_eq!(p.0, q.0);
            assert!(p.1 == q.1, "{sub}/{} differs after resume", p.0);
        }
    }
    // No temporary files left behind.
    let leftovers: Vec<String> = tree_bytes(&out)
        .into_iter()
        .map(|f| f.0)
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn sigkilled_run_resumes_to_identical_output() {
    killed_then_resumed_equals_uninterrupted("minimal", 60_000);
}

#[test]
fn sigkilled_run_with_all_stages_resumes_to_identical_output() {
    killed_then_resumed_equals_uninterrupted("arabic-news", 12_000);
}
