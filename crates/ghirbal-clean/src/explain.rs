//! `--explain`: the lines a stage removed, with their reasons, in `metadata.removed`.

use ghirbal_core::Record;
use serde_json::{Value, json};

/// The metadata key that holds the removed lines.
pub const KEY: &str = ghirbal_core::EXPLAIN_REMOVED;

/// The metadata key that holds the text as `clean` was given it (after mojibake repair and
/// whitespace normalisation), when `clean` removed a line: the `at` of a removal counts its
/// lines from 0.
pub const ORIGINAL: &str = ghirbal_core::EXPLAIN_INPUT;

/// One line a rule of `clean` removed: `{"line", "reason", "rule", "figures", "at"}`, the
/// figures being the ones the rule compared and `at` the line's number in
/// `metadata.clean_input`.
pub fn removal(line: &str, r: &crate::clean::Removal, at: usize) -> Value {
    let figures: serde_json::Map<String, Value> = r
        .figures
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    json!({ "line": line, "reason": r.reason, "rule": r.rule, "figures": figures, "at": at })
}

/// Appends `entries` to `metadata.removed`, creating the list when absent; a stage that runs
/// later (site boilerplate) adds to what `clean` wrote.
pub fn append(rec: &mut Record, entries: impl IntoIterator<Item = Value>) {
    let mut entries = entries.into_iter().peekable();
    if entries.peek().is_none() {
        return;
    }
    let slot = rec
        .metadata
        .entry(KEY.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !slot.is_array() {
        // An input field of the same name is kept under another key, not overwritten.
        let previous = std::mem::replace(slot, Value::Array(Vec::new()));
        rec.metadata.insert(format!("{KEY}_input"), previous);
    }
    if let Some(Value::Array(list)) = rec.metadata.get_mut(KEY) {
        list.extend(entries);
    }
}
