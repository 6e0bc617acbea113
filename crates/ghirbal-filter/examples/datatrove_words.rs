//! Prints the words datatrove's `split_into_words(text, "arb")` would give, as the
//! datatrove-compat tokenizer splits them, for comparing against spaCy.
//!
//! usage: datatrove_words < text.txt            (one word per line)
//!        datatrove_words IN.jsonl              (one JSON array of words per document)

use std::io::{BufRead, Read, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(path) = std::env::args().nth(1) {
        for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            let text = v["text"].as_str().unwrap_or_default();
            writeln!(
                out,
                "{}",
                serde_json::json!(ghirbal_filter::datatrove_words(text))
            )?;
        }
    } else {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        for w in ghirbal_filter::datatrove_words(&text) {
            writeln!(out, "{w}")?;
        }
    }
    out.flush()?;
    Ok(())
}
