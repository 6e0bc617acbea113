//! Where a record's fields are in an input object: the `[input]` table over a named shape.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ghirbal_core::Record;
use ghirbal_core::config::InputConfig;
use serde_json::{Map, Value};

/// The shapes and the common text fields, as data (`resources/shapes.toml`).
const SHAPES_TOML: &str = include_str!("../resources/shapes.toml");

/// The record fields an input field can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Text,
    Id,
    Url,
    Title,
    Date,
    CrawlDate,
    Source,
}

impl Slot {
    const ALL: [Slot; 7] = [
        Slot::Text,
        Slot::Id,
        Slot::Url,
        Slot::Title,
        Slot::Date,
        Slot::CrawlDate,
        Slot::Source,
    ];

    fn key(self) -> &'static str {
        match self {
            Slot::Text => "text",
            Slot::Id => "id",
            Slot::Url => "url",
            Slot::Title => "title",
            Slot::Date => "date",
            Slot::CrawlDate => "crawl_date",
            Slot::Source => "source",
        }
    }
}

/// One field's place: the name as configured, and its parts when it has dots.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldPath {
    full: String,
    /// The dotted parts (`a.b.c` -> `[a, b, c]`); empty when the name has no dot.
    parts: Vec<String>,
}

impl FieldPath {
    fn new(full: &str) -> FieldPath {
        let parts = if full.contains('.') {
            full.split('.').map(str::to_owned).collect()
        } else {
            Vec::new()
        };
        FieldPath {
            full: full.to_owned(),
            parts,
        }
    }

    fn head(&self) -> Option<&str> {
        self.parts.first().map(String::as_str)
    }
}

/// What a top-level key of an input object is for.
#[derive(Debug)]
pub(crate) enum Key {
    /// It fills a record field directly.
    Slot(Slot, String),
    /// It is an object some field paths reach into.
    Head(String),
    /// Anything else: it goes to `metadata`.
    Other(String),
}

/// The resolved `[input]` table: which input field fills each record field.
///
/// Built from an [`InputConfig`] by [`FieldMap::new`]; [`FieldMap::default`] reads ghirbal's
/// own names (`text`, `id`, `url`, `title`, `date`, `source`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    shape: String,
    paths: [FieldPath; 7],
}

impl Default for FieldMap {
    fn default() -> FieldMap {
        FieldMap::new(&InputConfig::default()).expect("the default shape exists")
    }
}

/// The parsed `resources/shapes.toml`.
struct Shapes {
    shapes: BTreeMap<String, BTreeMap<String, String>>,
    text_fields: Vec<String>,
}

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut table: toml::Table = SHAPES_TOML.parse().expect("shapes.toml parses");
        let text_fields = table
            .remove("text_fields")
            .and_then(|v| v.try_into().ok())
            .expect("shapes.toml lists text_fields");
        let shapes = table
            .into_iter()
            .map(|(name, v)| {
                let fields: BTreeMap<String, String> = v
                    .try_into()
                    .unwrap_or_else(|e| panic!("shape {name} in shapes.toml: {e}"));
                (name, fields)
            })
            .collect();
        Shapes {
            shapes,
            text_fields,
        }
    })
}

impl FieldMap {
    /// Resolves `config`: a key set by hand, else the shape's field, else the record's own name.
    /// Fails on an unknown shape or a field path with an empty part, naming them.
    pub fn new(config: &InputConfig) -> Result<FieldMap, String> {
        let shape_name = if config.shape.is_empty() {
            "default"
        } else {
            config.shape.as_str()
        };
        let Some(shape) = shapes().shapes.get(shape_name) else {
            return Err(format!(
                "unknown input shape {:?}; shapes are {}",
                config.shape,
                FieldMap::shape_names().join(", ")
            ));
        };
        let given = |slot: Slot| match slot {
            Slot::Text => &config.text,
            Slot::Id => &config.id,
            Slot::Url => &config.url,
            Slot::Title => &config.title,
            Slot::Date => &config.date,
            Slot::CrawlDate => &config.crawl_date,
            Slot::Source => &config.source,
        };
        let mut paths = Vec::with_capacity(Slot::ALL.len());
        for slot in Slot::ALL {
            let name = match given(slot).as_str() {
                "" => shape.get(slot.key()).map_or(slot.key(), String::as_str),
                name => name,
            };
            let path = FieldPath::new(name);
            if path.parts.iter().any(String::is_empty) {
                return Err(format!(
                    "[input] {} = {name:?}: a dotted path needs a name between the dots",
                    slot.key()
                ));
            }
            paths.push(path);
        }
        Ok(FieldMap {
            shape: shape_name.to_owned(),
            paths: paths.try_into().expect("one path per slot"),
        })
    }

    /// The named shapes, in name order.
    pub fn shape_names() -> Vec<&'static str> {
        shapes().shapes.keys().map(String::as_str).collect()
    }

    /// The shape this map started from (`default` when none was named).
    pub fn shape(&self) -> &str {
        &self.shape
    }

    /// The input field read as the text.
    pub fn text_field(&self) -> &str {
        &self.path(Slot::Text).full
    }

    fn path(&self, slot: Slot) -> &FieldPath {
        &self.paths[slot as usize]
    }

    /// What the top-level key `name` is for. A field configured with dots matches a key that
    /// is that whole name first, then reaches into the object under its first part.
    pub(crate) fn key(&self, name: &str) -> Key {
        for slot in Slot::ALL {
            // An empty path is a field the shape says its dumps do not have (FineWeb's `date`
            // is a crawl date, so its shape reads no publication date).
            if self.path(slot).full == name && !name.is_empty() {
                return Key::Slot(slot, name.to_owned());
            }
        }
        if self.paths.iter().any(|p| p.head() == Some(name)) {
            return Key::Head(name.to_owned());
        }
        Key::Other(name.to_owned())
    }

    /// Puts one top-level field of an input object into the record being built.
    pub(crate) fn put(&self, fill: &mut Fill, key: Key, value: Value) {
        match key {
            Key::Slot(slot, name) => {
                fill.whole |= 1 << slot as u8;
                if let Some(value) = fill.set(slot, value) {
                    fill.rec.metadata.insert(name, value);
                }
            }
            Key::Head(name) => {
                let mut value = value;
                for slot in Slot::ALL {
                    let path = self.path(slot);
                    let taken_whole = fill.whole & (1 << slot as u8) != 0;
                    if path.head() == Some(name.as_str()) && path.full != name && !taken_whole {
                        take_nested(fill, slot, &mut value, &path.parts[1..]);
                    }
                }
                if !matches!(&value, Value::Object(m) if m.is_empty()) {
                    fill.rec.metadata.insert(name, value);
                }
            }
            Key::Other(name) => {
                fill.rec.metadata.insert(name, value);
            }
        }
    }

    /// Why a built record has no text: the text field's type, or its absence and, when the
    /// object has one, a common text field that holds a string.
    pub(crate) fn no_text_detail(&self, rec: &Record) -> String {
        let field = self.text_field();
        if let Some(v) = lookup(&rec.metadata, self.path(Slot::Text)) {
            return format!("field `{field}` is {}, not a string", kind(v));
        }
        match self.text_candidate(&rec.metadata) {
            Some(other) => format!(
                "no field `{field}`; field `{other}` holds text: set `[input] text = \"{other}\"` \
                 or a shape (`--input-shape`: {}) to read it",
                FieldMap::shape_names().join(", ")
            ),
            None => format!("no field `{field}`"),
        }
    }

    /// The first common text field (`content`, `raw_content`, ...) that holds a string here.
    fn text_candidate<'a>(&self, fields: &'a Map<String, Value>) -> Option<&'a str> {
        shapes()
            .text_fields
            .iter()
            .filter(|f| f.as_str() != self.text_field())
            .find_map(|f| match fields.get_key_value(f.as_str()) {
                Some((k, Value::String(_))) => Some(k.as_str()),
                _ => None,
            })
    }
}

/// Takes the value at `rest` out of `value` into `slot` when it has the slot's type, and drops
/// the objects that leaves empty; a value of another type stays where it is (and so reaches
/// `metadata` with its object). True when it was taken.
fn take_nested(fill: &mut Fill, slot: Slot, value: &mut Value, rest: &[String]) -> bool {
    let Some(object) = value.as_object_mut() else {
        return false;
    };
    match rest {
        [] => false,
        [leaf] => {
            let fits = matches!(
                (slot, object.get(leaf.as_str())),
                (_, Some(Value::String(_))) | (Slot::Id, Some(Value::Number(_)))
            );
            if fits && let Some(v) = object.shift_remove(leaf.as_str()) {
                let left = fill.set(slot, v);
                debug_assert!(left.is_none(), "a value that fits is taken");
                return true;
            }
            false
        }
        [part, deeper @ ..] => {
            let Some(child) = object.get_mut(part.as_str()) else {
                return false;
            };
            let taken = take_nested(fill, slot, child, deeper);
            if taken && matches!(child, Value::Object(m) if m.is_empty()) {
                object.shift_remove(part.as_str());
            }
            taken
        }
    }
}

/// The value at a field path in `fields`, the whole name first.
fn lookup<'a>(fields: &'a Map<String, Value>, path: &FieldPath) -> Option<&'a Value> {
    if let Some(v) = fields.get(&path.full) {
        return Some(v);
    }
    let (head, rest) = path.parts.split_first()?;
    let mut at = fields.get(head)?;
    for part in rest {
        at = at.get(part.as_str())?;
    }
    Some(at)
}

/// A record being built from an input object.
pub(crate) struct Fill {
    pub(crate) rec: Record,
    pub(crate) has_text: bool,
    pub(crate) has_id: bool,
    /// Slots whose whole name was a key (bit `slot`): a dotted path does not override them.
    whole: u8,
}

impl Fill {
    pub(crate) fn new() -> Fill {
        Fill {
            rec: Record::new(String::new(), String::new()),
            has_text: false,
            has_id: false,
            whole: 0,
        }
    }

    /// Sets `slot` from `value`; gives the value back when its type does not fit the slot
    /// (text, url, title, date and source are strings; an id is a string or a number).
    fn set(&mut self, slot: Slot, value: Value) -> Option<Value> {
        let rec = &mut self.rec;
        let target = match slot {
            Slot::Text => {
                return match value {
                    Value::String(s) => {
                        rec.text = s;
                        self.has_text = true;
                        None
                    }
                    other => {
                        self.has_text = false;
                        Some(other)
                    }
                };
            }
            Slot::Id => {
                match value {
                    Value::String(s) => rec.id = s,
                    Value::Number(n) => rec.id = n.to_string(),
                    other => return Some(other),
                }
                self.has_id = true;
                return None;
            }
            Slot::Url => &mut rec.url,
            Slot::Title => &mut rec.title,
            Slot::Date => {
                return match value {
                    Value::String(s) => {
                        rec.set_date(s, "input");
                        None
                    }
                    other => Some(other),
                };
            }
            Slot::CrawlDate => &mut rec.crawl_date,
            Slot::Source => &mut rec.source,
        };
        match value {
            Value::String(s) => {
                *target = Some(s);
                None
            }
            other => Some(other),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(map: &FieldMap, object: Value) -> Fill {
        let mut fill = Fill::new();
        let Value::Object(o) = object else {
            panic!("an object")
        };
        for (k, v) in o {
            let key = map.key(&k);
            map.put(&mut fill, key, v);
        }
        fill
    }

    fn config(shape: &str) -> InputConfig {
        InputConfig {
            shape: shape.into(),
            ..InputConfig::default()
        }
    }

    #[test]
    fn every_shape_resolves() {
        for name in FieldMap::shape_names() {
            let map = FieldMap::new(&config(name)).unwrap();
            assert_eq!(map.shape(), name);
        }
        assert_eq!(FieldMap::default().text_field(), "text");
        let e = FieldMap::new(&config("osacr")).unwrap_err();
        assert!(e.contains("oscar") && e.contains("osacr"), "{e}");
    }

    #[test]
    fn oscar_reaches_into_warc_headers_and_keeps_the_rest() {
        let map = FieldMap::new(&config("oscar")).unwrap();
        let fill = build(
            &map,
            json!({
                "content": "نص",
                "warc_headers": {
                    "warc-record-id": "<urn:uuid:1>",
                    "warc-target-uri": "https://a.example/x",
                    "warc-date": "2022-11-27T12:56:25Z",
                    "warc-type": "conversion"
                },
                "metadata": {"identification": {"label": "ar", "prob": 0.9}}
            }),
        );
        assert!(fill.has_text && fill.has_id);
        let r = &fill.rec;
        assert_eq!(r.text, "نص");
        assert_eq!(r.id, "<urn:uuid:1>");
        assert_eq!(r.url.as_deref(), Some("https://a.example/x"));
        // The WARC-Date is when Common Crawl fetched the page, not when it was published.
        assert_eq!(r.crawl_date.as_deref(), Some("2022-11-27T12:56:25Z"));
        assert_eq!(r.date, None);
        assert_eq!(
            r.metadata["warc_headers"],
            json!({"warc-type": "conversion"})
        );
        assert_eq!(r.metadata["metadata"]["identification"]["label"], "ar");
    }

    #[test]
    fn a_crawl_time_field_fills_crawl_date_never_date() {
        // FineWeb's `date` is the capture's WARC-Date: its shape reads it as the crawl date.
        let map = FieldMap::new(&config("fineweb")).unwrap();
        let r = build(
            &map,
            json!({"text": "t", "date": "2013-05-18T07:12:54Z", "dump": "CC-MAIN-2013-20"}),
        )
        .rec;
        assert_eq!(r.date, None);
        assert_eq!(r.crawl_date.as_deref(), Some("2013-05-18T07:12:54Z"));
        assert!(!r.metadata.contains_key("date"));
        // ghirbal's own names: `date` is published, `crawl_date` fetched.
        let r = build(
            &FieldMap::default(),
            json!({"text": "t", "date": "2015-07-20", "crawl_date": "2015-07-21"}),
        )
        .rec;
        assert_eq!(r.date.as_deref(), Some("2015-07-20"));
        assert_eq!(r.crawl_date.as_deref(), Some("2015-07-21"));
    }

    #[test]
    fn a_key_set_by_hand_beats_the_shape_and_a_dotted_name_matches_whole_first() {
        let map = FieldMap::new(&InputConfig {
            shape: "saudinewsnet".into(),
            date: "meta.time".into(),
            url: "link.href".into(),
            ..InputConfig::default()
        })
        .unwrap();
        let fill = build(
            &map,
            json!({"content": "x", "date_extracted": "d", "meta.time": "whole",
                   "meta": {"time": "nested"}, "link": {"href": 5}}),
        );
        let r = &fill.rec;
        assert_eq!(r.text, "x");
        assert_eq!(r.date.as_deref(), Some("whole"));
        assert_eq!(r.crawl_date.as_deref(), Some("d"));
        assert_eq!(r.metadata["meta"], json!({"time": "nested"}));
        // A value of the wrong type stays in its object.
        assert_eq!(r.url, None);
        assert_eq!(r.metadata["link"], json!({"href": 5}));
    }

    #[test]
    fn missing_text_names_a_common_text_field() {
        let map = FieldMap::default();
        let fill = build(&map, json!({"content": "نص", "id": 7}));
        assert!(!fill.has_text);
        assert_eq!(fill.rec.id, "7");
        let d = map.no_text_detail(&fill.rec);
        assert!(d.contains("`content`") && d.contains("[input] text"), "{d}");
        let fill = build(&map, json!({"text": 3}));
        assert_eq!(
            map.no_text_detail(&fill.rec),
            "field `text` is a number, not a string"
        );
        let fill = build(&map, json!({"title": "t"}));
        assert_eq!(map.no_text_detail(&fill.rec), "no field `text`");
    }

    #[test]
    fn empty_path_part_is_refused() {
        let e = FieldMap::new(&InputConfig {
            text: "a..b".into(),
            ..InputConfig::default()
        })
        .unwrap_err();
        assert!(e.contains("[input] text"), "{e}");
    }
}
