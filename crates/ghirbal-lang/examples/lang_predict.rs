//! Identifies the language of each line of standard input as the `lang` stage does; run by
//! `bench/multilingual.sh`, which compares it with langid.py and lingua in the same run.
//!
//! ```text
//! lang_predict < texts.txt > predictions.tsv
//! ```
//! One text per input line; one output line per input line, tab-separated: the code
//! (`record.lang`, `-` when none), FineWeb-2's label (`metadata.lang_fineweb2`, `-` when none),
//! `lang_score`, and which part decided (`letters`, `whatlang`, `lingua`, `none`).
//! `lang_predict --languages` prints the codes the identifier can name, comma-separated.

use std::io::{BufRead, BufWriter, Write};

use ghirbal_lang::{DEFAULT_SAMPLE_BYTES, Identifier, fineweb2_label};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--languages") {
        println!("{}", ghirbal_lang::languages().join(","));
        return;
    }
    let mut identifier = Identifier::new(DEFAULT_SAMPLE_BYTES);
    if let Some(conf) = std::env::var("GHIRBAL_WHATLANG_OUTSIDE_LINGUA")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        identifier = identifier.with_whatlang_outside_lingua(conf);
    }
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("lang_predict: {e}");
                std::process::exit(1);
            }
        };
        let id = identifier.identify(&line);
        let label = id
            .lang
            .zip(id.script)
            .and_then(|(l, s)| fineweb2_label(l, s.code()));
        let written = writeln!(
            out,
            "{}\t{}\t{:.4}\t{}",
            id.lang.unwrap_or("-"),
            label.as_deref().unwrap_or("-"),
            id.score,
            id.method.as_str()
        );
        if written.is_err() {
            std::process::exit(1);
        }
    }
    if out.flush().is_err() {
        std::process::exit(1);
    }
}
