//! `ghirbal report OUT`: writes `OUT/report.html` for an existing output folder (local or in
//! object storage) and adds the kept text's token counts to `OUT/stats.json`.

use std::path::PathBuf;

use clap::Args;
use ghirbal_core::RunStats;

/// Arguments of `ghirbal report`.
#[derive(Args)]
pub struct ReportArgs {
    /// The output folder of a finished run, or its URL (`s3://bucket/out`).
    #[arg(default_value = "ghirbal-out")]
    out: PathBuf,
}

pub fn run(args: ReportArgs) -> anyhow::Result<u8> {
    // An output in object storage is read and written through object_store.
    ghirbal_remote::install();
    let (stats, summary) = ghirbal_report::report_folder(&args.out)?;
    let t = &stats.total;
    println!();
    println!(
        "  {} read, {} kept, {} rejected, {} input errors",
        t.read,
        t.kept,
        t.rejected_total(),
        t.errors_total()
    );
    print_tokens(&stats);
    let bad: u64 = summary.profile.unreadable.values().sum();
    if bad > 0 {
        println!("  {bad} output row(s) could not be read back (counted in the report)");
    }
    println!("  report:  {}", summary.path.display());
    let out = ghirbal_io::storage::display_url(&args.out.to_string_lossy());
    println!("  stats:   {}/stats.json", out.trim_end_matches('/'));
    Ok(0)
}

/// One line of kept tokens, the largest languages first.
pub fn print_tokens(stats: &RunStats) {
    if let Some(line) = tokens_line(stats) {
        println!("{line}");
    }
}

/// The line [`print_tokens`] prints; `None` when the stats have no token counts.
pub fn tokens_line(stats: &RunStats) -> Option<String> {
    let tokens = stats.tokens.as_ref()?;
    let mut langs: Vec<(&String, &u64)> = tokens.by_lang.iter().collect();
    langs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let shown: Vec<String> = langs
        .iter()
        .take(6)
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    Some(format!(
        "  kept tokens ({}): {}{}",
        tokens.tokenizer,
        tokens.kept,
        if shown.is_empty() {
            String::new()
        } else {
            format!(" ({})", shown.join(", "))
        }
    ))
}
