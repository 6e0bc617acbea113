//! Output rows as Arrow: the declared schema ([`crate::schema`]) in Arrow types, and the one
//! conversion from records to a `RecordBatch`, which the Parquet writer and the Python
//! package both use. The other way, Arrow rows to records ([`record_at`], [`text_column`]),
//! is the Parquet reader's conversion, named here for in-memory Arrow data.
//!
//! Types: strings are `utf8`, `captions` is `list<utf8>` (an empty list is an empty list of
//! strings), `lang_score` `float64`, `dup_cluster_size` `int64`, `date` `timestamp[ms, UTC]` (milliseconds: Parquet has no
//! timestamp in seconds, and a reader would be handed a bare integer);
//! `signals`, `metadata` and `detail` are `utf8` holding JSON text, tagged with Arrow's
//! canonical `arrow.json` extension so that pyarrow and Hugging Face `datasets` read them as
//! JSON. Kept rows have null `reason` and `detail`.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    Float64Builder, Int64Builder, ListBuilder, StringBuilder, TimestampMillisecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};

pub use crate::parquet::{record_at, text_column};

use crate::encode::{Row, WriteError};
use crate::schema::{Column, Fields, Kind};

/// The Arrow type of a column kind.
fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Str | Kind::Json => DataType::Utf8,
        Kind::StrList => DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
        Kind::Float64 => DataType::Float64,
        Kind::Int64 => DataType::Int64,
        Kind::TimestampUtc => DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
    }
}

fn field(c: &Column) -> Field {
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

/// The declared output schema in Arrow types, the same for kept and rejected rows.
pub fn schema() -> SchemaRef {
    schema_fields(&Fields::all())
}

/// The schema of the columns `fields` selects (`[output] fields`), reject columns included.
pub fn schema_fields(fields: &Fields) -> SchemaRef {
    Arc::new(Schema::new(fields.columns().map(field).collect::<Vec<_>>()))
}

/// One column being built.
enum Builder {
    Str(StringBuilder),
    List(ListBuilder<StringBuilder>),
    F64(Float64Builder),
    I64(Int64Builder),
    Time(TimestampMillisecondBuilder),
}

impl Builder {
    fn new(kind: Kind, rows: usize) -> Builder {
        match kind {
            Kind::Str | Kind::Json => Builder::Str(StringBuilder::with_capacity(rows, 16 * rows)),
            Kind::StrList => Builder::List(ListBuilder::new(StringBuilder::new())),
            Kind::Float64 => Builder::F64(Float64Builder::with_capacity(rows)),
            Kind::Int64 => Builder::I64(Int64Builder::with_capacity(rows)),
            Kind::TimestampUtc => {
                Builder::Time(TimestampMillisecondBuilder::with_capacity(rows).with_timezone("UTC"))
            }
        }
    }

    fn finish(self) -> ArrayRef {
        match self {
            Builder::Str(mut b) => Arc::new(b.finish()),
            Builder::List(mut b) => Arc::new(b.finish()),
            Builder::F64(mut b) => Arc::new(b.finish()),
            Builder::I64(mut b) => Arc::new(b.finish()),
            Builder::Time(mut b) => Arc::new(b.finish()),
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
    let mut builders: Vec<Builder> = columns.iter().map(|c| Builder::new(c.kind, n)).collect();
    for row in rows {
        let r = row.record;
        let (date, raw_date) = crate::schema::date_seconds(r);
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
                ("date", Builder::Time(b)) => b.append_option(date.map(|s| s * 1000)),
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
                ("metadata", Builder::Str(b)) => {
                    b.append_value(json(&*crate::schema::metadata(r, raw_date))?);
                }
                ("reason", Builder::Str(b)) => {
                    b.append_option(row.reject.map(|j| j.reason.as_str()));
                }
                ("detail", Builder::Str(b)) => match row.reject {
                    Some(j) => b.append_value(json(&j.detail)?),
                    None => b.append_null(),
                },
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

/// JSON text of a JSON column's value.
fn json(value: &impl serde::Serialize) -> Result<String, WriteError> {
    serde_json::to_string(value).map_err(|e| WriteError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
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
        let f = batch.schema();
        let meta = f.field_with_name("signals").unwrap().metadata();
        assert_eq!(meta["ARROW:extension:name"], "arrow.json");
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
