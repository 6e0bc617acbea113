//! Memory of the run loop is bounded independently of input size: ten times the input does not
//! take more memory with every record stage on. Corpus stages (site boilerplate, dedup) keep
//! per-record hashes by design; their cost per record is stated and tested in their crates.

mod util;

use util::*;

fn peak(out: &std::path::Path) -> (u64, u64) {
    let s = stats(out);
    let run = &s["run"];
    (
        run["peak_rss_bytes"]
            .as_u64()
            .expect("peak_rss_bytes on Linux"),
        run["memory_bound_bytes"].as_u64().unwrap(),
    )
}

#[test]
fn peak_memory_does_not_grow_with_input_size() {
    let d = Dir::new();
    let small = d.write("small.jsonl", synthetic_jsonl(3_000));
    let mut big_text = String::new();
    let chunk = synthetic_jsonl(3_000);
    for _ in 0..10 {
        big_text.push_str(&chunk);
    }
    let big = d.write("big.jsonl", big_text);
    let cfg = d.write(
        "c.toml",
        "[run]\nbatch_bytes = 262144\n[stages]\ndedup = false\n[clean.site]\nenabled = false\n",
    );
    let mut peaks = Vec::new();
    for input in [&small, &big] {
        let out = d.path(&format!("out-{}", peaks.len()));
        run_ok(&[
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--threads",
            "2",
            "--config",
            cfg.to_str().unwrap(),
        ]);
        peaks.push(peak(&out));
    }
    let (small_peak, bound) = peaks[0];
    let (big_peak, _) = peaks[1];
    let big_input = std::fs::metadata(&big).unwrap().len();
    eprintln!(
        "peak RSS: small input {small_peak} B, 10x input ({big_input} B) {big_peak} B, stated bound {bound} B"
    );
    // The ten-times input must not cost anywhere near ten times: allow 16 MiB of allocator slack.
    assert!(
        big_peak < small_peak + (16 << 20),
        "peak grew with input: {small_peak} -> {big_peak}"
    );
    assert!(
        big_peak < bound,
        "peak {big_peak} is over the stated bound {bound}"
    );
}
