//! The table printed at the end of a run.

use std::fmt::Write;

use ghirbal_pipeline::Summary;

/// Prints read, kept, rejects and errors by reason, throughput and where the output is.
pub fn print(summary: &Summary) {
    print!("{}", table(summary));
}

/// The table [`print`] prints, as text (a distributed run's driver prints it too).
pub fn table(summary: &Summary) -> String {
    let mut o = String::new();
    let t = &summary.stats.total;
    let secs = summary.seconds.max(1e-9);
    let pct = |n: u64| {
        if t.read == 0 {
            0.0
        } else {
            100.0 * n as f64 / t.read as f64
        }
    };
    let _ = writeln!(o);
    let _ = writeln!(o, "  {:<44} {:>10} {:>7}", "records", "count", "share");
    let _ = writeln!(
        o,
        "  {:<44} {:>10} {:>7}",
        "-".repeat(44),
        "-".repeat(10),
        "-".repeat(7)
    );
    let _ = writeln!(o, "  {:<44} {:>10} {:>6.1}%", "read", t.read, 100.0);
    let _ = writeln!(o, "  {:<44} {:>10} {:>6.1}%", "kept", t.kept, pct(t.kept));
    for (reason, n) in sorted(&t.rejected) {
        let _ = writeln!(
            o,
            "  {:<44} {:>10} {:>6.1}%",
            format!("rejected {reason}"),
            n,
            pct(n)
        );
    }
    for (reason, n) in sorted(&t.errors) {
        let _ = writeln!(
            o,
            "  {:<44} {:>10} {:>6.1}%",
            format!("error    {reason}"),
            n,
            pct(n)
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "  {:.1} MB in, {:.1} MB of kept text out, {:.2} s: {:.1} MB/s, {:.0} records/s",
        t.bytes_in as f64 / 1e6,
        t.bytes_out as f64 / 1e6,
        summary.seconds,
        t.bytes_in as f64 / 1e6 / secs,
        t.read as f64 / secs
    );
    let ran: Vec<&str> = summary.ran.iter().map(|s| s.as_str()).collect();
    let _ = writeln!(
        o,
        "  stages run: {}",
        if ran.is_empty() {
            "none".to_owned()
        } else {
            ran.join(", ")
        }
    );
    if !summary.not_built.is_empty() {
        let names: Vec<&str> = summary.not_built.iter().map(|s| s.as_str()).collect();
        let _ = writeln!(
            o,
            "  not built in this version (skipped): {}",
            names.join(", ")
        );
    }
    if summary.resumed_shards > 0 {
        let _ = writeln!(
            o,
            "  resumed: {} shard(s) kept from the interrupted run",
            summary.resumed_shards
        );
    }
    if summary.restarted {
        let _ = writeln!(
            o,
            "  --resume: input or config changed since the interrupted run, started over"
        );
    }
    let out = summary.out.display();
    let _ = writeln!(o, "  kept:    {out}/kept/");
    let _ = writeln!(o, "  rejects: {out}/rejects/");
    let _ = writeln!(o, "  stats:   {out}/stats.json");
    let _ = writeln!(o, "  report:  {}", summary.report.display());
    if let Some(line) = crate::report::tokens_line(&summary.stats) {
        let _ = writeln!(o, "{line}");
    }
    o
}

fn sorted(map: &std::collections::BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = map.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}
