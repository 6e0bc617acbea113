//! The table printed at the end of a run.

use std::fmt::Write;

use ghirbal_pipeline::Summary;

/// Prints read, kept, rejects, errors and skipped records by reason, throughput and where the
/// output is.
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
    // The label column is as wide as its longest label (a long reason, a detailed
    // `error:*`), so counts and shares always stay in their columns.
    let mut rows: Vec<(String, u64)> = vec![("read".into(), t.read), ("kept".into(), t.kept)];
    rows.extend(
        sorted(&t.rejected)
            .into_iter()
            .map(|(reason, n)| (format!("rejected {}", one_line(reason)), n)),
    );
    rows.extend(
        sorted(&t.errors)
            .into_iter()
            .map(|(reason, n)| (format!("error    {}", one_line(reason)), n)),
    );
    rows.extend(
        sorted(&t.skipped)
            .into_iter()
            .map(|(reason, n)| (format!("skipped  {}", one_line(reason)), n)),
    );
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        .max(LABEL_WIDTH);
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "  {} {:>10} {:>7}",
        pad("records", width),
        "count",
        "share"
    );
    let _ = writeln!(
        o,
        "  {} {:>10} {:>7}",
        "-".repeat(width),
        "-".repeat(10),
        "-".repeat(7)
    );
    for (label, n) in &rows {
        let _ = writeln!(o, "  {} {:>10} {:>6.1}%", pad(label, width), n, pct(*n));
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "  {} in ({} as text), {} of kept text out, {:.2} s: {:.1} MB/s, {:.0} records/s",
        bytes(t.bytes_in),
        bytes(t.text_bytes_in),
        bytes(t.bytes_out),
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
    if let Some(run) = summary.stats.run.as_ref().filter(|r| r.resumed_records > 0) {
        let _ = writeln!(
            o,
            "  resumed: {} records' pass work taken over from the interrupted run's checkpoints",
            run.resumed_records
        );
    }
    if let Some(run) = summary
        .stats
        .run
        .as_ref()
        .filter(|r| r.discarded_index_chunks > 0)
    {
        let _ = writeln!(
            o,
            "  resumed: {} checkpoint chunk(s) had a missing or damaged saved index part: \
             discarded, their records observed again",
            run.discarded_index_chunks
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

/// A byte count in the unit that shows it best (decimal units, as the MB/s figure).
fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} B"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.2} GB", n as f64 / 1e9),
    }
}

/// The narrowest the label column is.
const LABEL_WIDTH: usize = 44;

/// `label` padded with spaces to `width` characters (not bytes: Arabic and other multi-byte
/// letters count once).
fn pad(label: &str, width: usize) -> String {
    let n = label.chars().count();
    format!("{label}{}", " ".repeat(width.saturating_sub(n)))
}

/// A reason on one line: control characters (a line break in a detail) become spaces.
fn one_line(reason: &str) -> String {
    reason
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn sorted(map: &std::collections::BTreeMap<String, u64>) -> Vec<(&str, u64)> {
    let mut v: Vec<(&str, u64)> = map.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_multi_byte_reasons_keep_the_columns() {
        let mut summary = Summary {
            stats: Default::default(),
            out: "out".into(),
            ran: Vec::new(),
            not_built: Vec::new(),
            resumed_shards: 0,
            restarted: false,
            seconds: 1.0,
            report: "out/report.html".into(),
        };
        let t = &mut summary.stats.total;
        t.read = 10;
        t.kept = 4;
        t.rejected.insert(
            "filter:gopher_repetition:dup_para_frac_very_long_detail".into(),
            3,
        );
        t.rejected.insert("lang:not_in_list:عربي".into(), 2);
        t.errors.insert("error:bad_json\nline".into(), 1);
        t.skipped.insert("extract:warc_type:request".into(), 1);
        let text = table(&summary);
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.ends_with('%') || l.ends_with("share"))
            .collect();
        assert_eq!(rows.len(), 7, "{text}");
        assert!(
            text.contains("skipped  extract:warc_type:request"),
            "{text}"
        );
        // Every count ends at the same column, counted in characters.
        let ends: Vec<usize> = rows.iter().map(|l| l.chars().count()).collect();
        assert!(ends.iter().all(|&e| e == ends[0]), "{text}");
        assert!(!text.contains("bad_json\nline"), "{text}");
    }

    #[test]
    fn byte_counts_are_shown_in_a_readable_unit() {
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(21_314), "21.3 kB");
        assert_eq!(bytes(86_000_000), "86.0 MB");
        assert_eq!(bytes(3_200_000_000), "3.20 GB");
    }
}
