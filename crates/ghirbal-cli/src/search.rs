//! `ghirbal index OUT` and `ghirbal search OUT "query"`: a tantivy index of an output folder
//! and ranked hits with highlighted snippets.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use ghirbal_search::{SearchRequest, Searchable, build_index, mark};

/// Arguments of `ghirbal index`.
#[derive(Args)]
pub struct IndexArgs {
    /// The output folder of a finished run.
    #[arg(default_value = "ghirbal-out")]
    out: PathBuf,
    /// Index the rejects too, with their reasons ("why was this dropped?").
    #[arg(long)]
    rejects: bool,
}

/// Arguments of `ghirbal search`.
#[derive(Args)]
pub struct SearchArgs {
    /// The output folder (with an index from `ghirbal index`).
    out: PathBuf,
    /// Words (any may match; more is better), "a phrase", +must, -not, lang:xx, source:x,
    /// reason:x.
    query: String,
    /// Only records of this language (ISO 639-1 or 639-3).
    #[arg(long)]
    lang: Option<String>,
    /// Hits to print (at most 1000).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Search the rejects too (the index must have been built with --rejects).
    #[arg(long)]
    rejects: bool,
    /// Only rejects with this reason, e.g. dedup:near.
    #[arg(long)]
    reason: Option<String>,
    /// One JSON object per hit: id, score, title, snippet, highlights, kind, reason, lang,
    /// source, url, date.
    #[arg(long)]
    json: bool,
}

pub fn index(args: IndexArgs) -> anyhow::Result<u8> {
    let facts = build_index(&args.out, args.rejects)?;
    println!(
        "  indexed {} kept{} records in {:.2} s ({:.0} records/s); languages: {}",
        facts.kept,
        if args.rejects {
            format!(" and {} rejected", facts.rejected)
        } else {
            String::new()
        },
        facts.seconds,
        (facts.kept + facts.rejected) as f64 / facts.seconds.max(1e-9),
        facts.groups.join(", ")
    );
    if facts.unreadable > 0 {
        println!(
            "  {} output row(s) could not be read back and were left out",
            facts.unreadable
        );
    }
    println!(
        "  index:   {}",
        args.out.join(ghirbal_search::INDEX_DIR).display()
    );
    Ok(0)
}

pub fn search(args: SearchArgs) -> anyhow::Result<u8> {
    let s = Searchable::open(&args.out)?;
    if (args.rejects || args.reason.is_some()) && s.facts().rejected == 0 {
        eprintln!(
            "ghirbal: note: the index has no rejects; rebuild it with `ghirbal index --rejects {}`",
            args.out.display()
        );
    }
    let results = s.search(&SearchRequest {
        query: args.query.clone(),
        lang: args.lang.clone(),
        limit: args.limit,
        offset: 0,
        rejects: args.rejects,
        reason: args.reason.clone(),
    })?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    for warning in &results.warnings {
        eprintln!("ghirbal: query: {warning}");
    }
    if args.json {
        for hit in &results.hits {
            serde_json::to_writer(&mut w, hit)?;
            writeln!(w)?;
        }
        return Ok(0);
    }
    // Bold on a terminal; brackets elsewhere, so a pipe keeps the marks.
    let (open, close) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    writeln!(
        w,
        "  {} matching records; the best {}:",
        results.total,
        results.hits.len()
    )?;
    for (i, hit) in results.hits.iter().enumerate() {
        let mut facts = vec![hit.id.clone(), hit.lang.clone(), hit.source.clone()];
        facts.extend(hit.date.clone());
        if let Some(r) = &hit.reason {
            facts.push(format!("rejected: {r}"));
        }
        writeln!(
            w,
            "\n  {:>2}. {:.2}  {}\n      ({})",
            i + 1,
            hit.score,
            if hit.title.is_empty() {
                "(no title)"
            } else {
                hit.title.as_str()
            },
            facts.join(" · ")
        )?;
        let snippet = mark(&hit.snippet, &hit.highlights, open, close).replace('\n', " ");
        writeln!(w, "      {snippet}")?;
    }
    Ok(0)
}
