use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One document on its way through the pipeline, with the fields of the output schema.
///
/// Field order here is the column order of the output files. `position` is runtime only: it
/// says where the record came from and is never written (the same facts are in
/// `metadata.input_file` and `metadata.input_offset`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Stable id: from the input, else `<input file>:<record number>`.
    // Defaults: an output written with `[output] fields` may leave any column out.
    #[serde(default)]
    pub id: String,
    /// The stored text (see [`crate::text::stored`]); paragraphs separated by `"\n\n"`.
    #[serde(default)]
    pub text: String,
    /// The headline, recovered or extracted.
    pub title: Option<String>,
    /// The first paragraph or the page's description.
    pub lede: Option<String>,
    /// Photo captions taken out of the text.
    #[serde(default)]
    pub captions: Vec<String>,
    /// Where the document was published.
    pub url: Option<String>,
    /// Publication date, ISO 8601 where it could be parsed; set only from a source a rule
    /// trusts (the input's date field, page metadata, a dateline by the headline), never from
    /// the crawl date.
    pub date: Option<String>,
    /// When the page was fetched (`WARC-Date`, or a dump's crawl-time field), ISO 8601.
    pub crawl_date: Option<String>,
    /// Site, host or publisher.
    pub source: Option<String>,
    /// ISO 639-1 language code where one exists, else ISO 639-3.
    pub lang: Option<String>,
    /// Confidence of `lang`, in `[0, 1]`.
    pub lang_score: Option<f64>,
    /// ISO 15924 script code (`Arab`, `Latn`, ...).
    pub script: Option<String>,
    /// How many records share this one's content; 1 when unique.
    #[serde(default = "one")]
    pub dup_cluster_size: u64,
    /// Numeric figures from every stage, keyed `stage.figure` (never NaN or infinite), and the
    /// word [`DATE_SOURCE`].
    #[serde(default)]
    pub signals: Map<String, Value>,
    /// Every other input field, plus extraction metadata and the input position.
    #[serde(default)]
    pub metadata: Map<String, Value>,
    /// Where the record came from; not serialised.
    #[serde(skip)]
    pub position: Position,
    /// Raw bytes still to be extracted (an HTML page from WARC or a file); not serialised.
    /// The `extract` stage turns it into `text` and clears it.
    #[serde(skip)]
    pub body: Option<Body>,
}

/// Raw document bytes as they came from the input, with what the input said about them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    /// The bytes, undecoded.
    pub bytes: Vec<u8>,
    /// The `Content-Type` the input declared (HTTP header in WARC), if any.
    pub content_type: Option<String>,
    /// The capture date the input declared (`WARC-Date`), ISO 8601, if any.
    pub fetched: Option<String>,
}

/// The metadata key where `--explain` lists the lines a stage removed, each with its reason.
pub const EXPLAIN_REMOVED: &str = "removed";

/// The metadata key where `--explain` keeps the text `clean` was given, when it removed a line
/// (a removal's `at` counts that text's lines from 0).
pub const EXPLAIN_INPUT: &str = "clean_input";

/// The signal naming the source of `date` (see [`Record::set_date`]); the one signal that is a
/// word, not a figure.
pub const DATE_SOURCE: &str = "date.source";

fn one() -> u64 {
    1
}

/// Where a record sits in the run's input.
///
/// All three counts start at 0. `ordinal` orders every record of a run (input files in the
/// order given, records in file order) and is what "first in input order" means in dedup.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Index of the input file in the run's list of files.
    pub file: u32,
    /// Record number within that file.
    pub index: u64,
    /// Record number within the whole run.
    pub ordinal: u64,
    /// Byte offset of the record in the (decompressed) input file.
    pub offset: u64,
    /// Bytes the record took as read (its text and raw body, decompressed), for the run's
    /// `text_bytes_in`; 0 until the run has read it.
    pub size: u64,
    /// The id was made from `index` (`<input file>:<index>`), not read from the input: a part
    /// of a file read on its own numbers from 0, and its ids are made again once the
    /// records before the part are counted.
    pub numbered_id: bool,
}

impl Record {
    /// A record with `id` and `text` and every other field empty.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Record {
        Record {
            id: id.into(),
            text: text.into(),
            dup_cluster_size: 1,
            ..Record::default()
        }
    }

    /// Sets a numeric signal; a NaN or infinite value is stored as `null` so the output
    /// stays valid JSON and the absence is visible.
    pub fn set_signal(&mut self, key: &str, value: f64) {
        self.signals.insert(key.to_owned(), number(value));
    }

    /// Sets an integer signal (counts).
    pub fn set_count(&mut self, key: &str, value: u64) {
        self.signals.insert(key.to_owned(), Value::from(value));
    }

    /// Sets the publication date and which source gave it, in `signals` under
    /// [`DATE_SOURCE`]: `input` (the input's date field), `json-ld`, `meta`, `itemprop`, `time`
    /// (the page's markup), `dateline` (a line by the headline) or `relative` ("3 hours ago"
    /// by the headline, resolved against the crawl date).
    pub fn set_date(&mut self, date: String, source: &str) {
        self.date = Some(date);
        self.signals
            .insert(DATE_SOURCE.to_owned(), Value::String(source.to_owned()));
    }

    /// Reads a numeric signal back.
    pub fn signal(&self, key: &str) -> Option<f64> {
        self.signals.get(key).and_then(Value::as_f64)
    }

    /// The site the record is counted under in reports and search: `source`, else its URL's
    /// host in lower case, else `-`.
    pub fn site(&self) -> String {
        if let Some(s) = self
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return s.to_owned();
        }
        if let Some(url) = self.url.as_deref() {
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit('@').next().unwrap_or(host);
            let host = host.split(':').next().unwrap_or(host);
            if !host.is_empty() {
                return host.to_ascii_lowercase();
            }
        }
        "-".to_owned()
    }
}

/// A JSON number for `value`, rounded to 6 decimals so output does not depend on the last
/// bit of a float sum; `null` when not finite.
fn number(value: f64) -> Value {
    if !value.is_finite() {
        return Value::Null;
    }
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        return Value::from(value as i64);
    }
    let rounded = (value * 1e6).round() / 1e6;
    serde_json::Number::from_f64(rounded)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_signal_becomes_null_not_nan() {
        let mut rec = Record::new("a", "b");
        rec.set_signal("x", f64::NAN);
        rec.set_signal("y", 0.25);
        rec.set_signal("z", 3.0);
        let json = serde_json::to_string(&rec.signals).unwrap();
        assert_eq!(json, r#"{"x":null,"y":0.25,"z":3}"#);
    }

    #[test]
    fn site_is_the_source_else_the_url_host() {
        let mut r = Record::new("a", "b");
        assert_eq!(r.site(), "-");
        r.url = Some("https://user@www.Example.com:443/a?b".into());
        assert_eq!(r.site(), "www.example.com");
        r.source = Some(" spa ".into());
        assert_eq!(r.site(), "spa");
    }

    #[test]
    fn record_serialises_in_schema_order() {
        let rec = Record::new("id1", "t");
        let json = serde_json::to_string(&rec).unwrap();
        assert!(
            json.starts_with(r#"{"id":"id1","text":"t","title":null"#),
            "{json}"
        );
        assert!(
            json.contains(r#""dup_cluster_size":1,"signals":{},"metadata":{}"#),
            "{json}"
        );
    }
}
