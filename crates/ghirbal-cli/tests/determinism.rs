//! Same input and config give byte-identical output for any number of threads.

mod util;

use util::*;

#[test]
fn one_and_two_threads_write_identical_files() {
    let d = Dir::new();
    let input = d.write("in/a.jsonl", synthetic_jsonl(3000));
    d.write("in/b.jsonl", synthetic_jsonl(700));
    d.write(
        "in/bad.jsonl",
        "{\"text\": \"ok\"}\nnot json\n{\"text\": \"ok again\"}\n",
    );
    // Small batches and shards so that several batches race in every shard.
    let cfg = d.write(
        "small.toml",
        "[run]\nbatch_records = 37\nshard_records = 1000\n",
    );
    let dir = input.parent().unwrap().display().to_string();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "2"] {
        let out = d.path(&format!("out-{threads}-{}", outputs.len()));
        run_ok(&[
            &dir,
            "-o",
            out.to_str().unwrap(),
            "--threads",
            threads,
            "--config",
            cfg.to_str().unwrap(),
        ]);
        assert_balanced(&stats(&out));
        outputs.push(out);
    }
    let files = |o: &std::path::Path| {
        let mut v = tree_bytes(&o.join("kept"));
        v.extend(
            tree_bytes(&o.join("rejects"))
                .into_iter()
                .map(|(k, b)| (format!("rejects/{k}"), b)),
        );
        v
    };
    let first = files(&outputs[0]);
    assert!(
        first.len() >= 4,
        "expected several shards, got {:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for o in &outputs[1..] {
        let other = files(o);
        assert_eq!(first.len(), other.len());
        for (a, b) in first.iter().zip(&other) {
            assert_eq!(a.0, b.0);
            assert!(a.1 == b.1, "{} differs between thread counts", a.0);
        }
    }
    // Records keep input order within kept/ and within rejects/.
    let mut checked = 0;
    for sub in ["kept", "rejects"] {
        let positions: Vec<(String, u64)> = rows(&outputs[0].join(sub))
            .iter()
            .map(|r| {
                let m = &r["metadata"];
                let file = m["input_file"].as_str().unwrap().to_owned();
                (file, m["input_offset"].as_u64().unwrap())
            })
            .collect();
        checked += positions.len();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{sub}: records out of input order"
        );
    }
    assert_eq!(checked, 3000 + 700 + 3);
}
