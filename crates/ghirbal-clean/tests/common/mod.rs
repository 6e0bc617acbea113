//! The test page the furniture tests share (issue 17): an English article of four paragraphs
//! under its headline, the `clean` stage with `--explain` on, and readers of what it removed.
// Each test file uses the part of this module it needs.
#![allow(dead_code)]

use ghirbal_clean::{Clean, CleanConfig};
use ghirbal_core::{Record, RecordStage, Verdict};
use serde_json::Value;

pub const HEADLINE: &str = "Harbour city council approves new tram line to the airport";
pub const P1: &str = "The harbour city council approved on Tuesday a new tram line that will link the old port to the airport by 2028, after two years of public hearings.";
pub const P2: &str = "The line will run for eighteen kilometres with fourteen stops, and the council expects forty thousand passengers a day once the airport tram is running.";
pub const P3: &str = "Opponents of the tram said the council had underestimated the cost of moving water pipes under the old port, and asked for an independent review.";
pub const P4: &str = "The council's transport committee will publish the full timetable of the works in the spring, with a first section opening to passengers in 2026.";

/// `lines` joined as a naive extractor leaves a page (one block per line), cleaned with
/// `--explain`; the page must be kept.
pub fn clean(lines: &[&str]) -> Record {
    let stage = Clean::new(&CleanConfig {
        explain: true,
        ..CleanConfig::default()
    })
    .expect("default config builds");
    let mut rec = Record::new("page", lines.join("\n"));
    assert_eq!(stage.apply(&mut rec), Verdict::Keep, "{rec:#?}");
    rec
}

/// The lines `clean` kept, blank lines left out.
pub fn kept(rec: &Record) -> Vec<&str> {
    rec.text.lines().filter(|l| !l.trim().is_empty()).collect()
}

/// The reason and rule `clean` gave for removing `line`, if it did.
pub fn removal<'a>(rec: &'a Record, line: &str) -> Option<(&'a str, &'a str)> {
    let e = rec
        .metadata
        .get("removed")
        .and_then(Value::as_array)?
        .iter()
        .find(|e| e["line"].as_str() == Some(line))?;
    Some((e["reason"].as_str()?, e["rule"].as_str()?))
}

/// The reason `clean` gave for removing `line`, if it did.
pub fn reason<'a>(rec: &'a Record, line: &str) -> Option<&'a str> {
    removal(rec, line).map(|(reason, _)| reason)
}

/// The rule that removed `line`, if one did.
pub fn rule<'a>(rec: &'a Record, line: &str) -> Option<&'a str> {
    removal(rec, line).map(|(_, rule)| rule)
}
