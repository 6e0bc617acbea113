//! Output rows as Arrow: the declared schema ([`crate::schema`]) in Arrow types, and the one
//! conversion from records to a `RecordBatch`, which the Parquet writer and the Python
//! package both use. The other way, Arrow rows to records ([`record_at`], [`text_column`]),
//! is the Parquet reader's conversion, named here for in-memory Arrow data.
//!
//! Types: strings are `utf8`, `captions` is `list<utf8>` (an empty list is an empty list of
//! strings), `lang_score` `float64`, `dup_cluster_size` `int64`, `date` `timestamp[ms, UTC]`
//! (milliseconds: Parquet has no timestamp in seconds, and a reader would be handed a bare
//! integer). `signals`, `metadata` and `detail` are structs, so a reader filters on
//! `signals."lang.score"` or `detail.figure` without parsing anything:
//! - `signals`: one `float64` per figure of [`SUMMARY_SIGNALS`](crate::schema::SUMMARY_SIGNALS) (null where a record has none);
//!   under `signals = "full"`, whose keys differ from stage to stage, JSON text instead;
//! - `metadata`: [`METADATA_COLUMNS`](crate::schema::METADATA_COLUMNS) (`input_file`, `input_offset`, and the input's own fields
//!   as JSON text in `other`);
//! - `detail`: [`DETAIL_COLUMNS`](crate::schema::DETAIL_COLUMNS) (`figure`, `threshold`, `kept_id`, `message`, ..., `other`).
//!
//! JSON text is tagged with Arrow's canonical `arrow.json` extension, which pyarrow and Hugging
//! Face `datasets` read as JSON. A map type is not used: `datasets` cannot load one. Kept rows
//! have null `reason` and `detail`.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    Float64Builder, Int64Builder, ListBuilder, StringBuilder, TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_schema::{DataType, Field, Fields as ArrowFields, Schema, SchemaRef, TimeUnit};
use serde_json::{Map, Value};

pub use crate::parquet::{record_at, text_column};

use crate::encode::{Row, WriteError};
use crate::schema::{Column, Fields, Kind, OTHER, struct_columns};

/// The Arrow type of a plain column kind.
fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Str | Kind::Json => DataType::Utf8,
        Kind::StrList => DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
        Kind::Float64 => DataType::Float64,
        Kind::Int64 => DataType::Int64,
        Kind::TimestampUtc => DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
    }
}

/// A column with the type of its kind (JSON text tagged `arrow.json`).
fn plain_field(c: &Column) -> Field {
    let f = Field::new(c.name, data_type(c.kind), c.nullable);
    if c.kind == Kind::Json {
        f.with_metadata(HashMap::from([
            ("ARROW:extension:name".to_owned(), "arrow.json".to_owned()),
            ("ARROW:extension:metadata".to_owned(), String::new()),
        ]))
    } else {
        f
    }
}

fn field(c: &Column, fields: &Fields) -> Field {
    match struct_columns(c.name, fields) {
        Some(sub) => Field::new(
            c.name,
            DataType::Struct(sub.iter().map(plain_field).collect::<ArrowFields>()),
            c.nullable,
        ),
        None => plain_field(c),
    }
}

/// The declared output schema in Arrow types, the same for kept and rejected rows.
pub fn schema() -> SchemaRef {
    schema_fields(&Fields::all())
}

/// The schema of the columns `fields` selects (`[output] fields`), reject columns included.
pub fn schema_fields(fields: &Fields) -> SchemaRef {
    Arc::new(Schema::new(
        fields
            .columns()
            .map(|c| field(c, fields))
            .collect::<Vec<_>>(),
    ))
}

/// One column being built.
enum Builder {
    Str(StringBuilder),
    List(ListBuilder<StringBuilder>),
    F64(Float64Builder),
    I64(Int64Builder),
    Time(TimestampMillisecondBuilder),
    /// A struct column: one builder per sub-column, and which rows are null.
    Struct(Vec<Column>, Vec<Builder>, Vec<bool>),
}

impl Builder {
    fn new(c: &Column, fields: &Fields, rows: usize) -> Builder {
        if let Some(sub) = struct_columns(c.name, fields) {
            let builders = sub.iter().map(|s| Builder::new(s, fields, rows)).collect();
            return Builder::Struct(sub, builders, Vec::with_capacity(rows));
        }
        match c.kind {
            Kind::Str | Kind::Json => Builder::Str(StringBuilder::with_capacity(rows, 16 * rows)),
            Kind::StrList => Builder::List(ListBuilder::new(StringBuilder::new())),
            Kind::Float64 => Builder::F64(Float64Builder::with_capacity(rows)),
            Kind::Int64 => Builder::I64(Int64Builder::with_capacity(rows)),
            Kind::TimestampUtc => {
                Builder::Time(TimestampMillisecondBuilder::with_capacity(rows).with_timezone("UTC"))
            }
        }
    }

    /// Appends a JSON object (or null) to a struct column: each key to its sub-column when
    /// its value has that type, every other key into [`OTHER`] as JSON text.
    fn append_object(&mut self, object: Option<&Map<String, Value>>) -> Result<(), WriteError> {
        let Builder::Struct(sub, builders, valid) = self else {
            return Err(WriteError::Encode("not a struct column".into()));
        };
        valid.push(object.is_some());
        let empty = Map::new();
        let object = object.unwrap_or(&empty);
        let mut other = Map::new();
        let mut taken = vec![false; sub.len()];
        for (key, value) in object {
            let at = sub.iter().position(|c| c.name == key && c.name != OTHER);
            let fits = at.is_some_and(|i| match sub[i].kind {
                Kind::Str => value.is_string(),
                Kind::Float64 => value.is_number(),
                Kind::Int64 => value.is_i64(),
                _ => false,
            });
            match at {
                Some(i) if fits => {
                    taken[i] = true;
                    match &mut builders[i] {
                        Builder::Str(b) => b.append_value(value.as_str().unwrap_or_default()),
                        Builder::F64(b) => b.append_option(value.as_f64()),
                        Builder::I64(b) => b.append_option(value.as_i64()),
                        _ => unreachable!("sub-columns are plain"),
                    }
                }
                _ => {
                    if !value.is_null() {
                        other.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        for (i, c) in sub.iter().enumerate() {
            if taken[i] {
                continue;
            }
            match &mut builders[i] {
                Builder::Str(b) if c.name == OTHER && !other.is_empty() => {
                    b.append_value(json(&other)?);
                }
                Builder::Str(b) => b.append_null(),
                Builder::F64(b) => b.append_null(),
                Builder::I64(b) => b.append_null(),
                _ => unreachable!("sub-columns are plain"),
            }
        }
        Ok(())
    }

    fn finish(self) -> ArrayRef {
        match self {
            Builder::Str(mut b) => Arc::new(b.finish()),
            Builder::List(mut b) => Arc::new(b.finish()),
            Builder::F64(mut b) => Arc::new(b.finish()),
            Builder::I64(mut b) => Arc::new(b.finish()),
            Builder::Time(mut b) => Arc::new(b.finish()),
            Builder::Struct(sub, builders, valid) => {
                let arrow: ArrowFields = sub.iter().map(plain_field).collect();
                let arrays = builders.into_iter().map(Builder::finish).collect();
                let nulls = valid.iter().any(|v| !v).then(|| valid.into());
                Arc::new(StructArray::new(arrow, arrays, nulls))
            }
        }
    }
}

/// The rows as one Arrow batch with [`schema`]; kept and rejected rows may be mixed.
///
/// # Errors
/// A JSON column could not be serialised (it always can for values serde_json built).
pub fn record_batch(rows: &[Row<'_>]) -> Result<RecordBatch, WriteError> {
    record_batch_fields(rows, &Fields::all())
}

/// [`record_batch`] of the columns `fields` selects, with [`schema_fields`].
///
/// # Errors
/// As [`record_batch`].
pub fn record_batch_fields(rows: &[Row<'_>], fields: &Fields) -> Result<RecordBatch, WriteError> {
    let n = rows.len();
    let columns: Vec<&Column> = fields.columns().collect();
    let mut builders: Vec<Builder> = columns.iter().map(|c| Builder::new(c, fields, n)).collect();
    for row in rows {
        let r = row.record;
        let dates = crate::schema::output_dates(r);
        for (c, b) in columns.iter().zip(builders.iter_mut()) {
            match (c.name, b) {
                ("id", Builder::Str(b)) => b.append_value(&r.id),
                ("text", Builder::Str(b)) => b.append_value(&r.text),
                ("title", Builder::Str(b)) => b.append_option(r.title.as_deref()),
                ("lede", Builder::Str(b)) => b.append_option(r.lede.as_deref()),
                ("captions", Builder::List(b)) => {
                    for caption in &r.captions {
                        b.values().append_value(caption);
                    }
                    b.append(true);
                }
                ("url", Builder::Str(b)) => b.append_option(r.url.as_deref()),
                ("date", Builder::Time(b)) => b.append_option(dates.date.map(|s| s * 1000)),
                ("crawl_date", Builder::Time(b)) => {
                    b.append_option(dates.crawl_date.map(|s| s * 1000));
                }
                ("source", Builder::Str(b)) => b.append_option(r.source.as_deref()),
                ("lang", Builder::Str(b)) => b.append_option(r.lang.as_deref()),
                ("lang_score", Builder::F64(b)) => {
                    b.append_option(r.lang_score.filter(|s| s.is_finite()));
                }
                ("script", Builder::Str(b)) => b.append_option(r.script.as_deref()),
                ("dup_cluster_size", Builder::I64(b)) => {
                    b.append_value(i64::try_from(r.dup_cluster_size).unwrap_or(i64::MAX));
                }
                ("signals", Builder::Str(b)) => b.append_value(json(&r.signals)?),
                ("signals", b @ Builder::Struct(..)) => b.append_object(Some(&r.signals))?,
                ("metadata", b @ Builder::Struct(..)) => {
                    b.append_object(Some(&*crate::schema::metadata(r, &dates)))?;
                }
                ("reason", Builder::Str(b)) => {
                    b.append_option(row.reject.map(|j| j.reason.as_str()));
                }
                ("detail", b @ Builder::Struct(..)) => {
                    let detail = row.reject.map(|j| match &j.detail {
                        Value::Object(m) => m.clone(),
                        // Reject::new makes every detail an object; say so if one is not.
                        other => Map::from_iter([(OTHER.to_owned(), other.clone())]),
                    });
                    b.append_object(detail.as_ref())?;
                }
                (name, _) => {
                    return Err(WriteError::Encode(format!(
                        "column `{name}` has no conversion"
                    )));
                }
            }
        }
    }
    let columns: Vec<ArrayRef> = builders.into_iter().map(Builder::finish).collect();
    RecordBatch::try_new(schema_fields(fields), columns)
        .map_err(|e| WriteError::Encode(format!("arrow: {e}")))
}

/// The Parquet writer settings of output shards: zstd pages at `zstd_level`; no dictionary
/// for the long, mostly unique string columns (`text`, `id`, `url`, `title`, `lede`,
/// `metadata.other`), where it only costs; statistics per column chunk, not per page (page
/// statistics of long texts are bytes no reader uses); 4 MiB pages. Chosen by measurement on SaudiNewsNet
/// (`examples/parquet_settings.rs`, README "Output size").
///
/// # Errors
/// `zstd_level` is not a zstd level.
pub fn writer_properties(
    zstd_level: i32,
) -> Result<parquet::file::properties::WriterProperties, WriteError> {
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::{EnabledStatistics, WriterProperties};
    use parquet::schema::types::ColumnPath;
    let level =
        ZstdLevel::try_new(zstd_level).map_err(|e| WriteError::Encode(format!("parquet: {e}")))?;
    let mut b = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_statistics_enabled(EnabledStatistics::Chunk)
        // Larger pages give zstd more text to match against: 1.3 % smaller than 1 MiB.
        .set_data_page_size_limit(4 << 20);
    for path in [
        &["id"][..],
        &["text"],
        &["title"],
        &["lede"],
        &["url"],
        &["metadata", OTHER],
    ] {
        let path = ColumnPath::new(path.iter().map(|s| (*s).to_owned()).collect());
        b = b.set_column_dictionary_enabled(path, false);
    }
    Ok(b.build())
}

/// JSON text of a JSON column's value.
fn json(value: &impl serde::Serialize) -> Result<String, WriteError> {
    serde_json::to_string(value).map_err(|e| WriteError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::SUMMARY_SIGNALS;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    use ghirbal_core::reason::dedup;
    use ghirbal_core::{Record, Reject};

    #[test]
    fn kept_and_rejected_rows_share_one_schema() {
        let mut a = Record::new("a", "نص");
        a.date = Some("2015-07-21T10:00:00+03:00".into());
        let b = Record::new("b", "x");
        let reject = Reject::new(dedup::EXACT, serde_json::json!({"kept_id": "a"}));
        let rows = [
            Row {
                record: &a,
                reject: None,
            },
            Row {
                record: &b,
                reject: Some(&reject),
            },
        ];
        let batch = record_batch(&rows).unwrap();
        assert_eq!(batch.schema(), schema());
        let captions = batch.column_by_name("captions").unwrap().as_list::<i32>();
        assert_eq!(captions.value(0).data_type(), &DataType::Utf8);
        assert_eq!(captions.value(0).len(), 0);
        let date = batch.column_by_name("date").unwrap();
        assert_eq!(
            date.data_type(),
            &DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
        );
        assert!(date.is_null(1));
        let reason = batch.column_by_name("reason").unwrap().as_string::<i32>();
        assert!(reason.is_null(0));
        assert_eq!(reason.value(1), "dedup:exact");
        let detail = batch.column_by_name("detail").unwrap().as_struct();
        assert!(detail.is_null(0) && !detail.is_null(1));
        let kept_id = detail.column_by_name("kept_id").unwrap().as_string::<i32>();
        assert_eq!(kept_id.value(1), "a");
        assert!(detail.column_by_name("figure").unwrap().is_null(1));
        assert!(detail.column_by_name(OTHER).unwrap().is_null(1));
        let f = batch.schema();
        let DataType::Struct(sub) = f.field_with_name("metadata").unwrap().data_type() else {
            panic!("metadata is a struct");
        };
        let other = sub.iter().find(|f| f.name() == OTHER).unwrap();
        assert_eq!(other.metadata()["ARROW:extension:name"], "arrow.json");
    }

    #[test]
    fn signals_metadata_and_detail_are_typed_structs() {
        let mut a = Record::new("a", "نص");
        a.set_signal("lang.score", 0.75);
        a.set_count("extract.paragraphs", 3);
        a.metadata.insert("input_file".into(), "x.jsonl".into());
        a.metadata.insert("input_offset".into(), 12.into());
        a.metadata.insert("author".into(), "كاتب".into());
        let reject = Reject::new(
            dedup::EXACT,
            serde_json::json!({"figure": 0.5, "threshold": 1, "rules": "ar", "seen": [1]}),
        );
        let rows = [Row {
            record: &a,
            reject: Some(&reject),
        }];
        let batch = record_batch(&rows).unwrap();
        let signals = batch.column_by_name("signals").unwrap().as_struct();
        assert_eq!(signals.num_columns(), SUMMARY_SIGNALS.len());
        let score = signals.column_by_name("lang.score").unwrap();
        assert_eq!(score.data_type(), &DataType::Float64);
        assert_eq!(score.as_primitive::<Float64Type>().value(0), 0.75);
        let paragraphs = signals.column_by_name("extract.paragraphs").unwrap();
        assert_eq!(paragraphs.as_primitive::<Float64Type>().value(0), 3.0);
        assert!(signals.column_by_name("pii.email").unwrap().is_null(0));
        let meta = batch.column_by_name("metadata").unwrap().as_struct();
        let offset = meta.column_by_name("input_offset").unwrap();
        assert_eq!(offset.as_primitive::<Int64Type>().value(0), 12);
        let other = meta.column_by_name(OTHER).unwrap().as_string::<i32>();
        assert_eq!(other.value(0), r#"{"author":"كاتب"}"#);
        let detail = batch.column_by_name("detail").unwrap().as_struct();
        let figure = detail.column_by_name("figure").unwrap();
        assert_eq!(figure.as_primitive::<Float64Type>().value(0), 0.5);
        let threshold = detail.column_by_name("threshold").unwrap();
        assert_eq!(threshold.as_primitive::<Float64Type>().value(0), 1.0);
        let other = detail.column_by_name(OTHER).unwrap().as_string::<i32>();
        assert_eq!(other.value(0), r#"{"seen":[1]}"#);
        // Under `signals = "full"` the figures are JSON text: their keys are open.
        let full = Fields::all().with_typed_signals(false);
        let batch = record_batch_fields(&rows, &full).unwrap();
        let signals = batch.column_by_name("signals").unwrap().as_string::<i32>();
        assert!(signals.value(0).contains("\"lang.score\":0.75"));
    }

    #[test]
    fn selected_fields_are_the_batch_columns() {
        let a = Record::new("a", "نص");
        let rows = [Row {
            record: &a,
            reject: None,
        }];
        let fields = Fields::from_names(&["text", "id"]).unwrap();
        let batch = record_batch_fields(&rows, &fields).unwrap();
        let names: Vec<_> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names, ["id", "text", "reason", "detail"]);
        assert_eq!(batch.schema(), schema_fields(&fields));
    }

    #[test]
    fn no_rows_is_an_empty_batch_with_the_schema() {
        let batch = record_batch(&[]).unwrap();
        assert_eq!(batch.num_rows(), 0);
        assert_eq!(batch.schema(), schema());
    }
}
