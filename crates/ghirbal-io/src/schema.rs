//! The declared output schema: one list of columns for kept and rejected rows, the same in
//! every run and in every format.
//!
//! Every writer (JSONL, Parquet, the Arrow batches of the Python package) and the dataset card
//! read the columns from [`COLUMNS`], so a loader that is told the schema (`OUT/README.md`) gets
//! the same types from any run: an empty list is a list of strings, a missing date is a null
//! timestamp, never a column typed by whatever the first rows happened to hold.
//!
//! Kept and rejected rows share the columns; `reason` and `detail` are null for kept rows (in
//! JSONL a kept line leaves them out, which loaders read as null).
//!
//! Dates are instants: `date` and `crawl_date` are UTC timestamps (whole seconds; milliseconds
//! in Arrow). JSONL writes them as `YYYY-MM-DDTHH:MM:SSZ`; a date without a time of day is taken
//! at 00:00 UTC, and one with an offset is moved to UTC. A date that is not a date (an input
//! field holding "yesterday") leaves the column null and is kept as written in
//! `metadata.date_raw` (`metadata.crawl_date_raw`).

use std::borrow::Cow;

use ghirbal_core::Record;
use ghirbal_core::calendar::parse_machine;
use serde_json::{Map, Value};

/// The type of one output column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text.
    Str,
    /// A list of UTF-8 texts (never null; empty when there are none).
    StrList,
    /// A 64-bit float.
    Float64,
    /// A 64-bit signed integer.
    Int64,
    /// An instant, time zone UTC (whole seconds, stored as milliseconds where a format asks).
    TimestampUtc,
    /// A JSON value (an object), written as JSON text where a format has no such type.
    Json,
}

/// One output column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether a row may hold null.
    pub nullable: bool,
    /// One sentence for the dataset card.
    pub doc: &'static str,
}

const fn col(name: &'static str, kind: Kind, nullable: bool, doc: &'static str) -> Column {
    Column {
        name,
        kind,
        nullable,
        doc,
    }
}

/// Every output column, in output order; the last two are set for rejected rows only.
pub const COLUMNS: &[Column] = &[
    col(
        "id",
        Kind::Str,
        false,
        "stable id: from the input, else `<input file>:<record number>`",
    ),
    col(
        "text",
        Kind::Str,
        false,
        "the cleaned text; paragraphs separated by a blank line",
    ),
    col("title", Kind::Str, true, "the headline"),
    col(
        "lede",
        Kind::Str,
        true,
        "the page's standfirst or description; null when it is only the text's first paragraph",
    ),
    col(
        "captions",
        Kind::StrList,
        false,
        "photo captions taken out of the text",
    ),
    col("url", Kind::Str, true, "where the document was published"),
    col(
        "date",
        Kind::TimestampUtc,
        true,
        "publication date, UTC (a date without a time of day at 00:00)",
    ),
    col(
        "crawl_date",
        Kind::TimestampUtc,
        true,
        "when the page was fetched (WARC-Date or the dump's crawl-time field), UTC",
    ),
    col("source", Kind::Str, true, "site, host or publisher"),
    col(
        "lang",
        Kind::Str,
        true,
        "ISO 639-1 language code where one exists, else ISO 639-3",
    ),
    col(
        "lang_score",
        Kind::Float64,
        true,
        "confidence of `lang`, 0 to 1",
    ),
    col("script", Kind::Str, true, "ISO 15924 script code"),
    col(
        "dup_cluster_size",
        Kind::Int64,
        false,
        "how many records share this one's content; 1 when unique",
    ),
    col(
        "signals",
        Kind::Json,
        false,
        "figures from every stage, keyed `stage.figure`, and `date.source`",
    ),
    col(
        "metadata",
        Kind::Json,
        false,
        "other input fields, extraction metadata, `input_file` and `input_offset`",
    ),
    col(
        "reason",
        Kind::Str,
        true,
        "why the record was dropped (`stage:rule[:detail]`); null when kept",
    ),
    col(
        "detail",
        Kind::Json,
        true,
        "the figure and threshold, the kept duplicate, or the error message; null when kept",
    ),
];

/// The columns only rejected rows fill.
pub const REJECT_COLUMNS: [&str; 2] = ["reason", "detail"];

/// The columns a run writes (`[output] fields`): a subset of [`COLUMNS`], always in their
/// declared order. Rejected rows add the [`REJECT_COLUMNS`] whatever the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fields {
    /// Bit `i` set: column `COLUMNS[i]` is written.
    mask: u32,
    /// `signals` holds the summary figures (or none), so Parquet types it as a struct of
    /// [`SUMMARY_SIGNALS`]; `false` under `signals = "full"`, whose keys are open.
    typed_signals: bool,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields::all()
    }
}

impl Fields {
    /// Every column.
    pub fn all() -> Fields {
        Fields {
            mask: (1u32 << COLUMNS.len()) - 1,
            typed_signals: true,
        }
    }

    /// The columns named in `names` (`[output] fields`); empty names every column. The reject
    /// columns may be named but are written for rejected rows anyway.
    ///
    /// # Errors
    /// A name that is not a column, with the list of columns.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Fields, String> {
        if names.is_empty() {
            return Ok(Fields::all());
        }
        let mut mask = 0;
        for name in names {
            let name = name.as_ref();
            let Some(i) = COLUMNS.iter().position(|c| c.name == name) else {
                let known: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
                return Err(format!(
                    "fields: no column {name:?}; columns are {}",
                    known.join(", ")
                ));
            };
            mask |= 1 << i;
        }
        for (i, c) in COLUMNS.iter().enumerate() {
            if REJECT_COLUMNS.contains(&c.name) {
                mask |= 1 << i;
            }
        }
        Ok(Fields {
            mask,
            typed_signals: true,
        })
    }

    /// The selection of the `[output]` table.
    ///
    /// # Errors
    /// As [`Fields::from_names`].
    pub fn from_config(output: &ghirbal_core::config::OutputConfig) -> Result<Fields, String> {
        let mut fields = Fields::from_names(&output.fields)?;
        fields.typed_signals = output.signals != "full";
        Ok(fields)
    }

    /// The same columns with `signals` as under `signals = "full"` (`false`: JSON text in
    /// Parquet) or the summary (`true`: a struct).
    pub fn with_typed_signals(mut self, typed: bool) -> Fields {
        self.typed_signals = typed;
        self
    }

    /// Whether Parquet types `signals` as a struct of [`SUMMARY_SIGNALS`].
    pub fn typed_signals(&self) -> bool {
        self.typed_signals
    }

    /// Whether the column `name` is written.
    pub fn has(&self, name: &str) -> bool {
        COLUMNS
            .iter()
            .position(|c| c.name == name)
            .is_some_and(|i| self.mask & (1 << i) != 0)
    }

    /// The columns written, in output order (the reject columns last).
    pub fn columns(&self) -> impl Iterator<Item = &'static Column> + '_ {
        COLUMNS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.mask & (1 << i) != 0)
            .map(|(_, c)| c)
    }
}

/// The name of the sub-column of `metadata` and `detail` (Parquet) that holds, as JSON text,
/// every key without a sub-column of its own (or whose value is not of that sub-column's type);
/// null when there is none.
pub const OTHER: &str = "other";

/// `metadata` in Parquet: the keys every record has typed, the input's own fields in
/// [`OTHER`] (their names and types differ from one input to the next).
pub const METADATA_COLUMNS: &[Column] = &[
    col(
        "input_file",
        Kind::Str,
        true,
        "the input file the record was read from",
    ),
    col(
        "input_offset",
        Kind::Int64,
        true,
        "byte offset of the record in the decompressed input (row number for Parquet)",
    ),
    col(
        OTHER,
        Kind::Json,
        true,
        "every other input field and extraction metadata, as a JSON object",
    ),
];

/// `detail` in Parquet: the keys the stages write (a filter's figure and threshold, the kept
/// duplicate, an error's message), the rest in [`OTHER`].
pub const DETAIL_COLUMNS: &[Column] = &[
    col(
        "figure",
        Kind::Float64,
        true,
        "the measured figure (filters)",
    ),
    col(
        "threshold",
        Kind::Float64,
        true,
        "the threshold it failed (filters)",
    ),
    col(
        "lang",
        Kind::Str,
        true,
        "the language whose rules judged it",
    ),
    col("rules", Kind::Str, true, "the rule set that judged it"),
    col(
        "kept_id",
        Kind::Str,
        true,
        "the id of the kept duplicate (dedup)",
    ),
    col(
        "cluster_size",
        Kind::Int64,
        true,
        "records sharing the content (dedup)",
    ),
    col("message", Kind::Str, true, "the error message (errors)"),
    col(OTHER, Kind::Json, true, "every other key, as a JSON object"),
];

/// The sub-columns of a column Parquet writes as a struct (`signals` unless `signals =
/// "full"`, `metadata`, `detail`), or `None` for a plain column.
pub fn struct_columns(name: &str, fields: &Fields) -> Option<Vec<Column>> {
    match name {
        "signals" if fields.typed_signals() => Some(
            SUMMARY_SIGNALS
                .iter()
                .map(|&s| match s {
                    ghirbal_core::DATE_SOURCE => {
                        col(s, Kind::Str, true, "which source gave the date")
                    }
                    _ => col(s, Kind::Float64, true, "a figure of the summary signals"),
                })
                .collect(),
        ),
        "metadata" => Some(METADATA_COLUMNS.to_vec()),
        "detail" => Some(DETAIL_COLUMNS.to_vec()),
        _ => None,
    }
}

/// The figures `signals = "summary"` keeps (the default): the ones runs most often filter or
/// sort on, one or two per stage. `"full"` keeps every figure.
pub const SUMMARY_SIGNALS: &[&str] = &[
    "extract.paragraphs",
    "clean.paragraphs",
    "clean.boilerplate_lines",
    "clean.site_lines",
    "pii.email",
    "pii.phone",
    "lang.score",
    "filter.gopher_quality.words",
    "filter.gopher_quality.stop_words",
    "filter.fineweb_quality.line_punct_ratio",
    "filter.gopher_repetition.dup_line_frac",
    "filter.c4.sentences",
    // Which rule set judged the record (own language or the language-independent one).
    "filter.own_rules",
    // A repair made while reading (lone surrogate escapes kept as U+FFFD) is never hidden.
    "read.surrogates_repaired",
    // Where `date` came from: how far to trust it (a word, not a figure).
    ghirbal_core::DATE_SOURCE,
];

/// Applies the `[output]` table to a record about to be written: `signals` cut to the summary
/// or emptied, `metadata` emptied when off; a lede that is the text's first paragraph left
/// out ([`drop_repeated_lede`]).
pub fn apply_output_config(record: &mut Record, output: &ghirbal_core::config::OutputConfig) {
    drop_repeated_lede(record);
    match output.signals.as_str() {
        "full" => {}
        "off" => record.signals.clear(),
        _ => record
            .signals
            .retain(|key, _| SUMMARY_SIGNALS.contains(&key.as_str())),
    }
    if output.metadata == "off" {
        record.metadata.clear();
    }
}

/// Leaves `lede` null when it is the text's first paragraph: the column then says that the
/// page had a standfirst of its own, and a copy of the first paragraph is not written twice
/// (on SaudiNewsNet every lede was one: 27 MB beside 86 MB of text, and the one column
/// Parquet cannot compress against the text).
pub fn drop_repeated_lede(record: &mut Record) {
    if let Some(lede) = &record.lede {
        let first = record.text.split("\n\n").next().unwrap_or_default();
        if lede.trim() == first.trim() {
            record.lede = None;
        }
    }
}

/// Input fields that repeat a field of the record with the same value (SaudiNewsNet's
/// `content` is its `text`) leave `metadata`; `metadata.same_as` names each one and the field
/// it equals, so nothing is lost. Called on a record as it is read, before any stage edits it.
pub fn drop_duplicate_fields(record: &mut Record) {
    let mut same: Vec<(String, &'static str)> = Vec::new();
    for (key, value) in &record.metadata {
        let Value::String(v) = value else { continue };
        let fields = [
            ("text", Some(record.text.as_str())),
            ("id", Some(record.id.as_str())),
            ("title", record.title.as_deref()),
            ("url", record.url.as_deref()),
            ("date", record.date.as_deref()),
            ("crawl_date", record.crawl_date.as_deref()),
            ("source", record.source.as_deref()),
        ];
        // Lengths first: a long text is compared only with a value of its length.
        if let Some((name, _)) = fields
            .iter()
            .find(|(_, f)| f.is_some_and(|f| f.len() == v.len() && f == v))
        {
            same.push((key.clone(), name));
        }
    }
    if same.is_empty() {
        return;
    }
    let mut note = Map::new();
    for (key, name) in same {
        record.metadata.remove(&key);
        note.insert(key, Value::String(name.to_owned()));
    }
    record
        .metadata
        .insert("same_as".into(), Value::Object(note));
}

/// A record's `date` and `crawl_date` as output: seconds since 1970 in UTC, and each value as
/// written when it is not a date (for `metadata.date_raw` / `metadata.crawl_date_raw`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutputDates<'r> {
    /// `date` in seconds since 1970, UTC.
    pub date: Option<i64>,
    /// `crawl_date` in seconds since 1970, UTC.
    pub crawl_date: Option<i64>,
    raw_date: Option<&'r str>,
    raw_crawl_date: Option<&'r str>,
}

/// [`OutputDates`] of a record.
pub fn output_dates(record: &Record) -> OutputDates<'_> {
    fn split(value: Option<&str>) -> (Option<i64>, Option<&str>) {
        match value {
            None => (None, None),
            Some(raw) => match utc_seconds(raw) {
                Some(s) => (Some(s), None),
                None => (None, Some(raw)),
            },
        }
    }
    let (date, raw_date) = split(record.date.as_deref());
    let (crawl_date, raw_crawl_date) = split(record.crawl_date.as_deref());
    OutputDates {
        date,
        crawl_date,
        raw_date,
        raw_crawl_date,
    }
}

/// Seconds since 1970-01-01T00:00:00Z of a machine-written date (ISO 8601 and its near
/// misses, RFC 2822, ...); a date without time is 00:00 UTC, a time without offset is UTC.
pub fn utc_seconds(date: &str) -> Option<i64> {
    let d = parse_machine(date)?;
    let offset = i64::from(d.offset.unwrap_or(0)) * 60;
    Some(d.to_seconds() - offset)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of seconds since 1970.
pub fn iso_utc(seconds: i64) -> String {
    let (days, sod) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = ghirbal_core::calendar::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    )
}

/// The record's `metadata` as output: with `date_raw` / `crawl_date_raw` added when a date is
/// not a date, so that nothing the input said is dropped.
pub fn metadata<'r>(record: &'r Record, dates: &OutputDates<'_>) -> Cow<'r, Map<String, Value>> {
    if dates.raw_date.is_none() && dates.raw_crawl_date.is_none() {
        return Cow::Borrowed(&record.metadata);
    }
    let mut m = record.metadata.clone();
    for (key, raw) in [
        ("date_raw", dates.raw_date),
        ("crawl_date_raw", dates.raw_crawl_date),
    ] {
        if let Some(raw) = raw {
            m.insert(key.into(), Value::String(raw.to_owned()));
        }
    }
    Cow::Owned(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds_of(y: i64, m: u32, d: u32) -> i64 {
        ghirbal_core::calendar::days_from_civil(y, m, d) * 86_400
    }

    #[test]
    fn dates_become_utc_instants() {
        let day = seconds_of(2015, 7, 21);
        assert_eq!(utc_seconds("2015-07-21"), Some(day));
        assert_eq!(
            utc_seconds("2015-07-21 02:51:32"),
            Some(day + 2 * 3600 + 51 * 60 + 32)
        );
        assert_eq!(
            utc_seconds("2015-07-21T10:00:00+03:00"),
            Some(day + 7 * 3600)
        );
        assert_eq!(utc_seconds("2015-07-21T10:00:00Z"), Some(day + 10 * 3600));
        assert_eq!(utc_seconds("yesterday"), None);
        assert_eq!(iso_utc(day + 7 * 3600), "2015-07-21T07:00:00Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn a_date_that_is_not_one_moves_to_metadata() {
        let mut rec = Record::new("a", "b");
        rec.date = Some("last week".into());
        rec.crawl_date = Some("2015-07-21 02:51:32".into());
        let dates = output_dates(&rec);
        assert_eq!(dates.date, None);
        assert!(dates.crawl_date.is_some());
        assert_eq!(metadata(&rec, &dates)["date_raw"], "last week");
        assert!(!metadata(&rec, &dates).contains_key("crawl_date_raw"));
        rec.date = Some("2015-07-21".into());
        rec.crawl_date = Some("when the crawler came".into());
        let dates = output_dates(&rec);
        assert!(dates.date.is_some() && dates.crawl_date.is_none());
        assert_eq!(
            metadata(&rec, &dates)["crawl_date_raw"],
            "when the crawler came"
        );
        rec.crawl_date = None;
        let dates = output_dates(&rec);
        assert!(matches!(metadata(&rec, &dates), Cow::Borrowed(_)));
    }

    #[test]
    fn a_field_repeating_the_text_is_named_not_copied() {
        let mut rec = Record::new("a", "نص المقال");
        rec.metadata.insert("content".into(), "نص المقال".into());
        rec.metadata.insert("author".into(), "كاتب".into());
        rec.metadata.insert("n".into(), 3.into());
        drop_duplicate_fields(&mut rec);
        assert!(!rec.metadata.contains_key("content"));
        assert_eq!(
            rec.metadata["same_as"],
            serde_json::json!({"content": "text"})
        );
        assert_eq!(rec.metadata["author"], "كاتب");
        let mut plain = Record::new("a", "x");
        plain.metadata.insert("k".into(), "y".into());
        drop_duplicate_fields(&mut plain);
        assert!(!plain.metadata.contains_key("same_as"));
    }

    #[test]
    fn output_config_cuts_signals_and_metadata() {
        let mut rec = Record::new("a", "b");
        rec.set_count("lang.score", 1);
        rec.set_count("filter.gopher_quality.mean_word_length", 1);
        rec.metadata.insert("k".into(), "v".into());
        let mut config = ghirbal_core::config::OutputConfig::default();
        let mut summary = rec.clone();
        apply_output_config(&mut summary, &config);
        assert_eq!(summary.signals.keys().collect::<Vec<_>>(), ["lang.score"]);
        config.signals = "full".into();
        let mut full = rec.clone();
        apply_output_config(&mut full, &config);
        assert_eq!(full.signals.len(), 2);
        config.signals = "off".into();
        config.metadata = "off".into();
        apply_output_config(&mut rec, &config);
        assert!(rec.signals.is_empty() && rec.metadata.is_empty());
    }

    #[test]
    fn fields_keep_the_declared_order_and_the_reject_columns() {
        let f = Fields::from_names(&["text", "id"]).unwrap();
        let names: Vec<_> = f.columns().map(|c| c.name).collect();
        assert_eq!(names, ["id", "text", "reason", "detail"]);
        assert!(f.has("text") && !f.has("signals"));
        assert_eq!(Fields::from_names::<&str>(&[]).unwrap(), Fields::all());
        assert_eq!(Fields::all().columns().count(), COLUMNS.len());
        let err = Fields::from_names(&["txt"]).unwrap_err();
        assert!(err.contains("\"txt\"") && err.contains("id, text"), "{err}");
    }

    #[test]
    fn a_lede_that_is_the_first_paragraph_is_not_written() {
        let mut rec = Record::new("a", "الفقرة الأولى\n\nالثانية");
        rec.lede = Some("الفقرة الأولى".into());
        drop_repeated_lede(&mut rec);
        assert_eq!(rec.lede, None);
        rec.lede = Some("موجز الصفحة".into());
        drop_repeated_lede(&mut rec);
        assert_eq!(rec.lede.as_deref(), Some("موجز الصفحة"));
    }

    #[test]
    fn reject_columns_come_last() {
        let names: Vec<_> = COLUMNS.iter().map(|c| c.name).collect();
        assert_eq!(names[names.len() - 2..], REJECT_COLUMNS);
    }
}
