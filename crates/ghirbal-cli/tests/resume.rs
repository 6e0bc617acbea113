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

/// Checkpoint files in `OUT/.ghirbal/` whose name starts with `prefix`.
fn checkpoints(out: &std::path::Path, prefix: &str) -> usize {
    std::fs::read_dir(out.join(".ghirbal"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.starts_with(prefix) && name.ends_with(".json")
                })
                .count()
        })
        .unwrap_or(0)
}

/// Kills a run of the default preset (site boilerplate and dedup: three passes) once `ready`
/// says so, lets `damage` spoil its checkpoints, resumes it, and checks that the output is
/// byte-identical to an uninterrupted run, every stage counted the same records, and at least
/// `min_resumed` records' pass work was taken over rather than done again (issue 24); returns
/// the resumed run's `stats.json`.
fn killed_in_pass_resumes_from_checkpoints(
    ready: impl Fn(&std::path::Path) -> bool,
    damage: impl Fn(&std::path::Path),
    min_resumed: u64,
) -> serde_json::Value {
    let records = 12_000;
    let d = Dir::new();
    let input = d.write("in/big.jsonl", synthetic_jsonl(records));
    // 100-record batches: checkpoint chunks of 100 records (one batch), 120 per pass.
    let cfg = d.write(
        "c.toml",
        "[run]\nbatch_records = 100\nshard_records = 4000\n",
    );
    let args = |out: &std::path::Path| -> Vec<String> {
        [
            "run",
            "--quiet",
            &input.display().to_string(),
            "-o",
            &out.display().to_string(),
            "--config",
            &cfg.display().to_string(),
            "--threads",
            "2",
        ]
        .map(String::from)
        .to_vec()
    };
    let reference = d.path("reference");
    assert!(ghirbal().args(args(&reference)).status().unwrap().success());

    let out = d.path("killed");
    let mut child = ghirbal().args(args(&out)).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        if ready(&out) {
            child.kill().unwrap(); // SIGKILL on Unix
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run finished ({status}) before it could be killed");
        }
        assert!(Instant::now() < deadline, "the run never got there");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.wait().unwrap();
    assert_eq!(
        manifest_shards(&out),
        0,
        "killed too late: shards were written"
    );
    damage(&out.join(".ghirbal"));

    let mut resume = args(&out);
    resume.push("--resume".into());
    assert!(ghirbal().args(&resume).status().unwrap().success());

    let (a, b) = (stats(&reference), stats(&out));
    assert_balanced(&b);
    assert_eq!(a["run"]["passes"], 3);
    assert_eq!(a["run"]["resumed_records"], 0);
    let resumed = b["run"]["resumed_records"].as_u64().unwrap();
    assert!(
        resumed >= min_resumed,
        "the resume redid finished work: {resumed} records taken over, {min_resumed} expected"
    );
    let counts = |v: &serde_json::Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("seconds");
        v
    };
    assert_eq!(counts(&a["total"]), counts(&b["total"]));
    let stages = a["stages"].as_object().unwrap();
    assert_eq!(stages.len(), b["stages"].as_object().unwrap().len());
    for (name, s) in stages {
        let t = &b["stages"][name];
        assert_eq!((&s["in"], &s["out"]), (&t["in"], &t["out"]), "stage {name}");
        assert_eq!(s.get("index"), t.get("index"), "stage {name}");
    }
    for sub in ["kept", "rejects"] {
        let (x, y) = (tree_bytes(&reference.join(sub)), tree_bytes(&out.join(sub)));
        assert_eq!(x.len(), y.len(), "{sub}: different shard files");
        for (p, q) in x.iter().zip(&y) {
            assert_eq!(p.0, q.0);
            assert!(p.1 == q.1, "{sub}/{} differs after resume", p.0);
        }
    }
    // Nothing left of the checkpoints once the run is complete.
    let left: Vec<String> = tree_bytes(&out.join(".ghirbal"))
        .into_iter()
        .map(|f| f.0)
        .filter(|n| n != "manifest.json")
        .collect();
    assert!(left.is_empty(), "{left:?}");
    b
}

/// The `.observed` files of pass `pass`'s finished chunks, in chunk order.
fn observed_files(spool: &std::path::Path, pass: usize) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(spool)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(&format!("spool-{pass}-")) && name.ends_with(".observed")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn killed_late_in_the_record_pass_resumes_its_finished_chunks() {
    // Kill once 60 of the record pass's 120 chunks are recorded, before the pass ends.
    let stats = killed_in_pass_resumes_from_checkpoints(
        |out| checkpoints(out, "spool-0-") >= 60 && checkpoints(out, "spool-0.json") == 0,
        |_| {},
        60 * 100,
    );
    // What the site pass observed in its finished chunks (half of them or more) was loaded,
    // not observed again.
    let loaded = stats["run"]["loaded_index_records"].as_u64().unwrap();
    let pages = stats["stages"]["clean.site"]["index"]["pages"]
        .as_u64()
        .unwrap();
    assert!(
        2 * loaded >= pages,
        "{loaded} of {pages} pages' observed parts loaded"
    );
    assert_eq!(stats["run"]["discarded_index_chunks"], 0);
}

#[test]
fn killed_in_a_corpus_pass_resumes_after_the_record_pass() {
    // Kill once the record pass is recorded and the next pass has recorded chunks: the
    // resume takes the whole record pass and those chunks over.
    let stats = killed_in_pass_resumes_from_checkpoints(
        |out| checkpoints(out, "spool-0.json") == 1 && checkpoints(out, "spool-1-") >= 5,
        |_| {},
        12_000 + 5 * 100,
    );
    // The site index of the whole record pass and the dedup index of the finished chunks of
    // the second pass were loaded.
    let loaded = stats["run"]["loaded_index_records"].as_u64().unwrap();
    let pages = stats["stages"]["clean.site"]["index"]["pages"]
        .as_u64()
        .unwrap();
    assert!(
        loaded > pages,
        "{loaded} records' observed parts loaded, {pages} pages"
    );
    assert_eq!(stats["run"]["discarded_index_chunks"], 0);
}

#[test]
fn damaged_saved_index_parts_are_discarded_and_observed_again() {
    let stats = killed_in_pass_resumes_from_checkpoints(
        |out| checkpoints(out, "spool-0.json") == 1 && checkpoints(out, "spool-1-") >= 8,
        |spool| {
            let (site, dedup) = (observed_files(spool, 0), observed_files(spool, 1));
            assert!(site.len() == 120 && dedup.len() >= 8, "{site:?} {dedup:?}");
            // Cut short, one byte changed, grown, gone: one of each in either pass's parts.
            for files in [&site, &dedup] {
                let bytes = std::fs::read(&files[1]).unwrap();
                std::fs::write(&files[1], &bytes[..bytes.len() / 2]).unwrap();
                let mut bytes = std::fs::read(&files[3]).unwrap();
                bytes[5] ^= 0x40;
                std::fs::write(&files[3], bytes).unwrap();
                let mut bytes = std::fs::read(&files[5]).unwrap();
                bytes.extend_from_slice(&[0; 16]);
                std::fs::write(&files[5], bytes).unwrap();
                std::fs::remove_file(&files[7]).unwrap();
            }
        },
        12_000 + 8 * 100,
    );
    assert_eq!(stats["run"]["discarded_index_chunks"], 8);
    assert!(stats["run"]["loaded_index_records"].as_u64().unwrap() > 0);
}
