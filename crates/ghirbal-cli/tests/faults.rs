//! Faults a long corpus job meets: SIGKILL at any moment, and an output disk that fills up.
//! Whatever happens, `--resume` ends with output byte-identical to an uninterrupted run, and no
//! incomplete file ever sits under a final name.
//!
//! The kill moments are drawn from a seeded generator (`GHIRBAL_FAULTS_SEED` picks another
//! seed; the seed is printed), as fractions of the uninterrupted run's wall time, so kills land
//! while reading, in the corpus passes, while writing shards and the manifest, and after the end.

mod util;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use util::*;

/// A small deterministic generator (xorshift64*): the test needs reproducible moments, not
/// statistical quality.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn seed() -> u64 {
    let seed = std::env::var("GHIRBAL_FAULTS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    eprintln!("faults: seed {seed} (set GHIRBAL_FAULTS_SEED to replay another)");
    seed
}

/// `files` JSONL inputs of `per_file` records each, one gzip-compressed in three, in `dir`.
fn many_inputs(d: &Dir, files: usize, per_file: usize) -> PathBuf {
    let all = synthetic_jsonl(files * per_file);
    let lines: Vec<&str> = all.lines().collect();
    for (i, chunk) in lines.chunks(per_file).enumerate() {
        let mut text = chunk.join("\n");
        text.push('\n');
        if i % 3 == 2 {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
            d.write(&format!("in/part-{i:03}.jsonl.gz"), gz.finish().unwrap());
        } else {
            d.write(&format!("in/part-{i:03}.jsonl"), text);
        }
    }
    d.path("in")
}

fn run_args(input: &Path, out: &Path, cfg: &Path) -> Vec<String> {
    [
        "run",
        "--quiet",
        &input.display().to_string(),
        "-o",
        &out.display().to_string(),
        "--preset",
        "arabic-news",
        "--config",
        &cfg.display().to_string(),
        "--threads",
        "2",
    ]
    .map(String::from)
    .to_vec()
}

fn resume_args(input: &Path, out: &Path, cfg: &Path) -> Vec<String> {
    let mut args = run_args(input, out, cfg);
    args.push("--resume".into());
    args
}

/// Every output file that must match an uninterrupted run byte for byte: the shards of `kept/`
/// and `rejects/`.
fn shards(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for sub in ["kept", "rejects"] {
        if out.join(sub).is_dir() {
            all.extend(
                tree_bytes(&out.join(sub))
                    .into_iter()
                    .map(|(p, b)| (format!("{sub}/{p}"), b)),
            );
        }
    }
    all
}

fn assert_same_output(reference: &Path, out: &Path, what: &str) {
    let (a, b) = (shards(reference), shards(out));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{what}: different shard files");
    for (x, y) in a.iter().zip(&b) {
        assert!(
            x.1 == y.1,
            "{what}: {} differs from the uninterrupted run",
            x.0
        );
    }
    let (s, t) = (stats(reference), stats(out));
    assert_balanced(&t);
    for k in [
        "read",
        "kept",
        "rejected",
        "errors",
        "skipped",
        "text_bytes_in",
    ] {
        assert_eq!(s["total"][k], t["total"][k], "{what}: total.{k}");
    }
    let leftovers: Vec<String> = tree_bytes(out)
        .into_iter()
        .map(|f| f.0)
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "{what}: temporary files left: {leftovers:?}"
    );
}

fn run_to_end(args: &[String]) {
    let out = ghirbal().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ghirbal {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts `args`, SIGKILLs it after `after`, and says whether it was still running then.
fn kill_after(args: &[String], after: Duration) -> bool {
    let mut child = ghirbal()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + after;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    true
}

#[test]
fn sigkill_at_random_moments_then_resume_equals_uninterrupted() {
    let d = Dir::new();
    let input = many_inputs(&d, 24, 400);
    // Small shards and batches: many files and manifest updates for a kill to land in.
    let cfg = d.write("c.toml", "[run]\nbatch_records = 40\nshard_records = 700\n");
    let reference = d.path("reference");
    let started = Instant::now();
    run_to_end(&run_args(&input, &reference, &cfg));
    let full = started.elapsed();
    assert!(shards(&reference).len() >= 10, "too few shards to test");

    let mut rng = Rng::new(seed());
    // At least six iterations, and more (up to 16) until two kills landed in a running job:
    // the moments are drawn against the reference run's wall time, and a loaded machine can
    // make a later run faster than the reference was, so that a drawn moment comes too late.
    let (min_iterations, max_iterations) = (6, 16);
    let mut killed = 0;
    let mut iterations = 0;
    for i in 0..max_iterations {
        if i >= min_iterations && killed >= 2 {
            break;
        }
        iterations += 1;
        let out = d.path(&format!("killed-{i}"));
        // One or two kills per iteration (the second one interrupts the resume itself), each
        // at a moment drawn over 0..110% of the uninterrupted wall time.
        let kills = 1 + (rng.unit() < 0.5) as usize;
        let mut first = true;
        for _ in 0..kills {
            let at = full.mul_f64(1.1 * rng.unit());
            let args = if first {
                run_args(&input, &out, &cfg)
            } else {
                resume_args(&input, &out, &cfg)
            };
            first = false;
            killed += kill_after(&args, at) as usize;
        }
        run_to_end(&resume_args(&input, &out, &cfg));
        assert_same_output(&reference, &out, &format!("iteration {i}"));
        std::fs::remove_dir_all(&out).unwrap();
    }
    // Moments past the end are allowed (a resume of a finished run changes nothing), but
    // kills must land in running jobs for the test to mean anything.
    eprintln!("faults: {killed} kills landed in a running job over {iterations} iterations");
    assert!(killed >= 2, "only {killed} kills landed in a running job");
}

/// A tmpfs mounted for the test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `bytes` at `at`; `None` when the machine refuses (not root, or no
    /// mount capability in this container).
    fn mount(at: &Path, bytes: u64) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Tmpfs(at.to_path_buf()))
    }

    fn resize(&self, bytes: u64) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,size={bytes}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success(), "remount {}", self.0.display());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn full_output_disk_fails_clearly_then_resume_completes() {
    let d = Dir::new();
    let input = many_inputs(&d, 6, 400);
    let cfg = d.write("c.toml", "[run]\nbatch_records = 40\nshard_records = 300\n");
    let reference = d.path("reference");
    run_to_end(&run_args(&input, &reference, &cfg));
    let needed: u64 = tree_bytes(&reference)
        .iter()
        .map(|f| f.1.len() as u64)
        .sum();

    // A disk with room for about a third of the output.
    let Some(disk) = Tmpfs::mount(&d.path("disk"), (needed / 3).max(64 << 10)) else {
        eprintln!("faults: skipped, this machine refuses to mount a tmpfs");
        return;
    };
    let out = disk.0.join("out");
    let failed = ghirbal()
        .args(run_args(&input, &out, &cfg))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(
        failed.status.code(),
        Some(2),
        "a full disk fails the run: {stderr}"
    );
    // One clear error naming the cause, not a cascade.
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    assert!(
        errors[0].contains("No space left on device"),
        "the error names the full disk: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "an error, not a panic: {stderr}"
    );
    // Every file under a final name is complete: the shards the manifest lists are those of
    // the uninterrupted run, byte for byte, and no other shard has a final name.
    let reference_shards = shards(&reference);
    for (name, bytes) in shards(&out) {
        if name.ends_with(".tmp") {
            continue;
        }
        let same = reference_shards.iter().find(|r| r.0 == name);
        assert!(
            same.is_some_and(|r| r.1 == bytes),
            "{name} sits under its final name but is not the complete shard"
        );
    }
    if let Ok(text) = std::fs::read_to_string(out.join(".ghirbal/manifest.json")) {
        serde_json::from_str::<serde_json::Value>(&text).expect("the manifest is whole JSON");
    }

    // With space again, --resume completes it.
    disk.resize(needed * 4 + (1 << 20));
    run_to_end(&resume_args(&input, &out, &cfg));
    assert_same_output(&reference, &out, "after the full disk");
}
