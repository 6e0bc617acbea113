//! Text fidelity through `clean` (issue 19): paragraphs apart by a blank line, and inside a
//! paragraph the source's line breaks and indentation kept, for lists, verse, tables and code.
//! The join rule is `src/clean/join.rs`; these inputs go through the whole stage.

use ghirbal_clean::{Clean, CleanConfig};
use ghirbal_core::{Record, RecordStage, Verdict};

fn clean(text: &str) -> String {
    let stage = Clean::new(&CleanConfig::default()).expect("default config builds");
    let mut rec = Record::new("t", text);
    assert_eq!(stage.apply(&mut rec), Verdict::Keep, "{text:?}");
    rec.text
}

const INTRO: &str = "The committee published its recommendations on Monday after a year of hearings across the country.";

#[test]
fn list_items_keep_their_lines() {
    let list = "- Raise the minimum wage by two percent every year\n- Fund three new training centres\n- Review the plan in 2026";
    let text = format!("{INTRO}\n\n{list}");
    assert_eq!(clean(&text), text);
    let numbered = "1. Raise the minimum wage\n2. Fund training centres\n3. Review the plan";
    let text = format!("{INTRO}\n{numbered}");
    assert_eq!(clean(&text), format!("{INTRO}\n\n{numbered}"));
}

#[test]
fn verse_keeps_its_lines_and_stanzas() {
    let poem = "إذا الشعب يوما أراد الحياة\nفلا بد أن يستجيب القدر\n\nولا بد لليل أن ينجلي\nولا بد للقيد أن ينكسر";
    assert_eq!(clean(poem), poem);
    let en = "I wandered lonely as a cloud\nThat floats on high o'er vales and hills,\nWhen all at once I saw a crowd,\nA host, of golden daffodils;";
    assert_eq!(clean(en), en);
}

#[test]
fn code_keeps_its_lines_and_indentation() {
    let code = "def mean(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total / len(xs)";
    let text = format!("{INTRO}\n\n{code}");
    assert_eq!(clean(&text), text);
}

#[test]
fn table_rows_keep_their_lines_and_cells() {
    let table =
        "City\tPopulation\tArea\nRiyadh\t7.6 million\t1,973 km2\nJeddah\t4.7 million\t1,686 km2";
    let text = format!("{INTRO}\n\n{table}");
    assert_eq!(clean(&text), text);
}

#[test]
fn one_paragraph_per_line_still_becomes_paragraphs() {
    let second = "The report asks for a review of the plan in two years and for new money for training centres.";
    assert_eq!(
        clean(&format!("{INTRO}\n{second}")),
        format!("{INTRO}\n\n{second}")
    );
}
