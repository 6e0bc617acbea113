//! Parquet input (a text column, other scalar columns into metadata) and output.

use std::fs::File;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Schema, SchemaRef, TimeUnit};
use ghirbal_core::reason::error;
use ghirbal_core::{Reason, Record};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::file::reader::ChunkReader;
use serde_json::Value;

use crate::contain::contain;
use crate::encode::WriteError;
use crate::fields::{FieldMap, Fill};
use crate::ranged::RangedObject;
use crate::read::{Context, OneError, ReadError, ReadItem, RecordReader};
use crate::stream::Counters;
use crate::{Input, ReadOptions};

/// Rows decoded at a time; with the row group being read, this bounds a reader's memory.
const READ_BATCH_ROWS: usize = 1024;
/// zstd level of Parquet pages (the shard writer is not told the run's level).
const PAGE_ZSTD_LEVEL: i32 = 3;

/// An `ArrowWriter` for one shard, with [`crate::arrow::writer_properties`].
pub(crate) fn writer<W: std::io::Write + Send>(
    file: W,
    schema: SchemaRef,
) -> Result<ArrowWriter<W>, WriteError> {
    let props = crate::arrow::writer_properties(PAGE_ZSTD_LEVEL)?;
    ArrowWriter::try_new(file, schema, Some(props))
        .map_err(|e| WriteError::Encode(format!("parquet: {e}")))
}

/// Opens a Parquet input: the text column (`text` unless [`ReadOptions::fields`] names another;
/// utf8, large_utf8 or utf8view) becomes the text, the id (string or integer), url, title,
/// date and source (strings) columns are recognised (a dotted name reaches into a struct
/// column), and
/// every other column goes into `metadata` as a JSON value (strings, numbers, booleans,
/// lists, structs, dates and timestamps as ISO 8601 strings); columns of other types (binary,
/// maps, unions, dictionaries) are left out. `input_offset` is the row number. Row groups are read one at
/// a time, [`READ_BATCH_ROWS`] rows decoded at once.
pub(crate) fn open(
    input: &Input,
    options: &ReadOptions,
    counters: Arc<Counters>,
) -> Box<dyn RecordReader> {
    let file = match File::open(&input.path) {
        Ok(f) => f,
        Err(e) => return Box::new(OneError::new(error::UNREADABLE, e.to_string(), 0, counters)),
    };
    open_source(file, None, input, options, counters, None)
}

/// Opens row groups `groups` of a Parquet file, or of the object `remote` when it is one, as
/// [`open`] opens the file, numbering its rows from 0 ([`crate::split`]).
pub(crate) fn open_groups(
    input: &Input,
    options: &ReadOptions,
    counters: Arc<Counters>,
    groups: std::ops::Range<usize>,
    remote: Option<RangedObject>,
) -> Box<dyn RecordReader> {
    if let Some(remote) = remote {
        return open_source(
            remote.clone(),
            Some(remote),
            input,
            options,
            counters,
            Some(groups),
        );
    }
    let file = match File::open(&input.path) {
        Ok(f) => f,
        Err(e) => return Box::new(OneError::new(error::UNREADABLE, e.to_string(), 0, counters)),
    };
    open_source(file, None, input, options, counters, Some(groups))
}

/// The rows of each row group of a Parquet file or object (`source`), from its footer.
pub(crate) fn row_groups<T: ChunkReader + 'static>(source: T) -> Result<Vec<u64>, String> {
    let builder =
        contain(|| ParquetRecordBatchReaderBuilder::try_new(source))?.map_err(|e| e.to_string())?;
    Ok(builder
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows().max(0) as u64)
        .collect())
}

/// Opens a Parquet object in storage as [`open`] opens a file: the footer, then the row
/// groups one at a time, read by ranged requests ([`RangedObject`]) with bounded memory. A
/// request that fails for good after its retries ends the object with `error:unreadable`.
pub(crate) fn open_remote(
    input: &Input,
    options: &ReadOptions,
    counters: Arc<Counters>,
) -> Box<dyn RecordReader> {
    let storage = match crate::storage::get() {
        Ok(s) => s,
        Err(e) => return Box::new(OneError::new(error::UNREADABLE, e.to_string(), 0, counters)),
    };
    let object = crate::storage::Object {
        url: input.path.to_string_lossy().into_owned(),
        size: input.size,
        version: None,
    };
    let source = RangedObject::new(storage, object, counters.clone());
    open_source(source.clone(), Some(source), input, options, counters, None)
}

/// [`open`] over any source of byte ranges; `remote` is the same source when it is an object
/// in storage, to learn the chunks' places and to tell a failed request from a damaged file.
/// With `groups`, only those row groups, their rows numbered from 0.
pub(crate) fn open_source<T: ChunkReader + 'static>(
    source: T,
    remote: Option<RangedObject>,
    input: &Input,
    options: &ReadOptions,
    counters: Arc<Counters>,
    groups: Option<std::ops::Range<usize>>,
) -> Box<dyn RecordReader> {
    let bad = |detail: String| -> Box<dyn RecordReader> {
        let reason = match remote.as_ref().and_then(RangedObject::failure) {
            Some(_) => error::UNREADABLE,
            None => error::BAD_PARQUET,
        };
        let detail = remote
            .as_ref()
            .and_then(RangedObject::failure)
            .unwrap_or(detail);
        Box::new(OneError::new(reason, detail, 0, counters.clone()))
    };
    let builder = match contain(|| ParquetRecordBatchReaderBuilder::try_new(source)) {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return bad(e.to_string()),
        Err(panicked) => return bad(panicked),
    };
    if let Err(detail) = check_chunks(builder.metadata(), input.size) {
        return bad(detail);
    }
    if let Some(remote) = &remote {
        let meta = builder.metadata();
        let chunks = meta
            .row_groups()
            .iter()
            .flat_map(|g| g.columns())
            .map(|c| {
                // `check_chunks` made sure these are inside the file.
                let start = c.dictionary_page_offset().unwrap_or(c.data_page_offset()) as u64;
                start..start + c.compressed_size() as u64
            })
            .collect();
        let columns = meta
            .row_groups()
            .iter()
            .map(|g| g.columns().len())
            .max()
            .unwrap_or(0);
        remote.set_chunks(chunks, columns);
    }
    let mut total_rows = builder.metadata().file_metadata().num_rows().max(0) as u64;
    // Bytes read stand for progress: a part's are its row groups' column chunks.
    let mut size = input.size;
    let builder = match &groups {
        Some(groups) => {
            let all = builder.metadata().row_groups();
            let groups: Vec<usize> = groups.clone().filter(|&g| g < all.len()).collect();
            total_rows = groups
                .iter()
                .map(|&g| all[g].num_rows().max(0) as u64)
                .sum();
            size = groups
                .iter()
                .flat_map(|&g| all[g].columns())
                .map(|c| c.compressed_size().max(0) as u64)
                .sum();
            builder.with_row_groups(groups)
        }
        None => builder,
    };
    let schema = builder.schema().clone();
    let text_col = match text_column(&schema, &options.fields) {
        Ok(col) => col,
        Err(detail) => return bad(detail),
    };
    if total_rows == 0 && groups.is_some() {
        return Box::new(crate::split::Nothing(counters));
    }
    if total_rows == 0 {
        return Box::new(OneError::new(
            error::EMPTY_FILE,
            "0 rows".into(),
            0,
            counters,
        ));
    }
    let reader = match contain(|| builder.with_batch_size(READ_BATCH_ROWS).build()) {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return bad(e.to_string()),
        Err(panicked) => return bad(panicked),
    };
    Box::new(ParquetReader {
        reader,
        remote,
        batch: None,
        row: 0,
        index: 0,
        text_col,
        total_rows,
        size,
        done: false,
        ctx: Context {
            part: groups.is_some(),
            ..Context::new(input, options, counters)
        },
    })
}

/// Checks that every column chunk the footer lists lies inside the file: the parquet crate
/// asserts (panics) on a negative offset or length when it comes to read such a chunk, so a
/// damaged or hostile footer must be refused before any row group is read.
fn check_chunks(
    meta: &parquet::file::metadata::ParquetMetaData,
    file_size: u64,
) -> Result<(), String> {
    for (g, group) in meta.row_groups().iter().enumerate() {
        for (c, chunk) in group.columns().iter().enumerate() {
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or(chunk.data_page_offset());
            let len = chunk.compressed_size();
            let inside = start >= 0
                && len >= 0
                && chunk.data_page_offset() >= 0
                && (start as u64)
                    .checked_add(len as u64)
                    .is_some_and(|end| end <= file_size);
            if !inside {
                return Err(format!(
                    "row group {g}, column {c}: chunk at offset {start}, length {len} lies outside the file ({file_size} bytes)"
                ));
            }
        }
    }
    Ok(())
}

struct ParquetReader {
    reader: ParquetRecordBatchReader,
    /// The object in storage it reads, when it is one.
    remote: Option<RangedObject>,
    batch: Option<RecordBatch>,
    row: usize,
    index: u64,
    /// The text column, when the text is a column of its own.
    text_col: Option<usize>,
    total_rows: u64,
    size: u64,
    done: bool,
    ctx: Context,
}

impl ParquetReader {
    /// Parquet has no byte offset per row: the row number stands in for it.
    fn fail(&mut self, reason: Reason, detail: String) -> ReadItem {
        let row = self.index;
        ReadError::next(&mut self.index, reason, detail, row)
    }

    fn record(&self, batch: &RecordBatch, row: usize) -> Result<Record, (Reason, String)> {
        let (mut rec, has_id) = record_at(
            batch,
            row,
            self.text_col,
            &self.ctx.fields,
            self.ctx.max_record_bytes,
        )?;
        if !has_id {
            self.ctx.number(&mut rec, self.index);
        }
        self.ctx.place(&mut rec, self.index, self.index);
        Ok(rec)
    }
}

/// The column that holds the text when it is a column of its own (`text` unless `fields`
/// names another; utf8, large utf8 or utf8 view), `None` when a dotted name reaches into a
/// struct column; else why the batch cannot be read.
pub fn text_column(schema: &Schema, fields: &FieldMap) -> Result<Option<usize>, String> {
    // The text column is read straight from Arrow; a dotted text path into a struct column
    // goes through the JSON value of that column like every other field.
    let text_field = fields.text_field();
    match schema.index_of(text_field) {
        Ok(i)
            if matches!(
                schema.field(i).data_type(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            Ok(Some(i))
        }
        Ok(i) => Err(format!(
            "column `{text_field}` is {}, not a string",
            schema.field(i).data_type()
        )),
        Err(_) => {
            let head = text_field.split('.').next().unwrap_or(text_field);
            if head == text_field || schema.index_of(head).is_err() {
                let columns: Vec<&str> =
                    schema.fields().iter().map(|f| f.name().as_str()).collect();
                return Err(format!(
                    "no column `{text_field}` (set `[input] text`); columns: {}",
                    columns.join(", ")
                ));
            }
            Ok(None)
        }
    }
}

/// Row `row` of an Arrow batch as a record, and whether the row had an id: the text from
/// `text_col` (or the dotted path `fields` names), the other columns placed by `fields` (id,
/// url, title, date, source; every other column into `metadata` as JSON: lists as arrays,
/// structs as objects, dates and timestamps as ISO 8601; binary, map and union columns left
/// out). The one conversion from Arrow rows to records, for Parquet files and in-memory Arrow
/// data alike. A null or missing text is `error:no_text`, a text over `max_record_bytes`
/// `error:too_large`.
pub fn record_at(
    batch: &RecordBatch,
    row: usize,
    text_col: Option<usize>,
    fields: &FieldMap,
    max_record_bytes: usize,
) -> Result<(Record, bool), (Reason, String)> {
    let check_size = |len: usize| -> Result<(), (Reason, String)> {
        if len > max_record_bytes {
            return Err((
                error::TOO_LARGE,
                format!("text of {len} bytes, limit {max_record_bytes}"),
            ));
        }
        Ok(())
    };
    let schema = batch.schema();
    let mut fill = Fill::new();
    if let Some(col) = text_col {
        let Some(text) = string_at(batch.column(col).as_ref(), row) else {
            return Err((error::NO_TEXT, format!("`{}` is null", fields.text_field())));
        };
        check_size(text.len())?;
        fill.rec.text = text;
        fill.has_text = true;
    }
    for (i, field) in schema.fields().iter().enumerate() {
        if Some(i) == text_col {
            continue;
        }
        let Some(value) = json_at(batch.column(i).as_ref(), row) else {
            continue;
        };
        fields.put(&mut fill, fields.key(field.name()), value);
    }
    let Fill {
        rec,
        has_text,
        has_id,
        ..
    } = fill;
    if !has_text {
        return Err((error::NO_TEXT, fields.no_text_detail(&rec)));
    }
    if text_col.is_none() {
        check_size(rec.text.len())?;
    }
    Ok((rec, has_id))
}

impl RecordReader for ParquetReader {
    fn next_item(&mut self) -> Option<ReadItem> {
        if self.done {
            return None;
        }
        loop {
            if let Some(batch) = self.batch.take()
                && self.row < batch.num_rows()
            {
                let item = self.record(&batch, self.row);
                self.row += 1;
                self.batch = Some(batch);
                return Some(match item {
                    Ok(rec) => {
                        self.index += 1;
                        Ok(rec)
                    }
                    Err((reason, detail)) => self.fail(reason, detail),
                });
            }
            // The decoder panics on some damaged pages instead of failing: contained, that
            // ends the file like any decoding error.
            let next = contain(|| self.reader.next()).unwrap_or_else(|panicked| {
                Some(Err(arrow_schema::ArrowError::ParquetError(panicked)))
            });
            match next {
                Some(Ok(batch)) => {
                    self.batch = Some(batch);
                    self.row = 0;
                    // Rows decoded so far, as a share of the file, stand in for bytes read.
                    let done_rows = (self.index + READ_BATCH_ROWS as u64).min(self.total_rows);
                    let share = done_rows as f64 / self.total_rows.max(1) as f64;
                    self.ctx
                        .counters
                        .set_bytes((self.size as f64 * share) as u64);
                }
                Some(Err(e)) => {
                    self.done = true;
                    // A request that failed for good is the store's problem, not the file's.
                    let failed = self.remote.as_ref().and_then(RangedObject::failure);
                    return Some(match failed {
                        Some(message) => self.fail(error::UNREADABLE, message),
                        None => self.fail(error::BAD_PARQUET, e.to_string()),
                    });
                }
                None => {
                    self.done = true;
                    self.ctx.counters.set_bytes(self.size);
                    self.ctx.counters.set_ended();
                    return None;
                }
            }
        }
    }

    fn bytes_read(&self) -> u64 {
        self.ctx.counters.bytes()
    }
}

/// The rows of one Parquet shard of an output folder, each column turned into a JSON value
/// ([`json_at`]) and the row into an [`OutputRow`](crate::output::OutputRow).
pub(crate) struct OutputRows {
    name: String,
    reader: Option<ParquetRecordBatchReader>,
    batch: Option<RecordBatch>,
    row: usize,
    index: u64,
}

impl OutputRows {
    /// Opens a shard written by [`batch`] and [`writer`]: a local file, or an object in
    /// storage (a URL) of `size` bytes, read by ranged requests.
    pub(crate) fn open(path: &std::path::Path, size: u64) -> Result<OutputRows, ReadError> {
        let name = path.to_string_lossy().into_owned();
        let shown = crate::storage::display_url(&name);
        let fail = |reason: Reason, detail: String| ReadError {
            reason,
            detail: format!("{shown}: {detail}"),
            index: 0,
            offset: 0,
        };
        if crate::storage::is_url(&name) {
            let storage =
                crate::storage::get().map_err(|e| fail(error::UNREADABLE, e.to_string()))?;
            let object = crate::storage::Object {
                url: name.clone(),
                size,
                version: None,
            };
            let source = RangedObject::new(storage, object, Arc::new(Counters::default()));
            return OutputRows::from_source(source.clone(), size, &fail, &shown).map_err(
                |mut e| {
                    if let Some(message) = source.failure() {
                        e.reason = error::UNREADABLE;
                        e.detail = message;
                    }
                    e
                },
            );
        }
        let file = File::open(path).map_err(|e| fail(error::UNREADABLE, e.to_string()))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
        OutputRows::from_source(file, size, &fail, &shown)
    }

    fn from_source<T: ChunkReader + 'static>(
        source: T,
        size: u64,
        fail: &impl Fn(Reason, String) -> ReadError,
        shown: &str,
    ) -> Result<OutputRows, ReadError> {
        let builder = ParquetRecordBatchReaderBuilder::try_new(source)
            .map_err(|e| fail(error::BAD_PARQUET, e.to_string()))?;
        check_chunks(builder.metadata(), size).map_err(|d| fail(error::BAD_PARQUET, d))?;
        let reader = builder
            .with_batch_size(READ_BATCH_ROWS)
            .build()
            .map_err(|e| fail(error::BAD_PARQUET, e.to_string()))?;
        Ok(OutputRows {
            name: shown.to_owned(),
            reader: Some(reader),
            batch: None,
            row: 0,
            index: 0,
        })
    }

    /// The next row; `None` at the end. A damaged file ends after its error.
    pub(crate) fn next_row(
        &mut self,
        part: crate::output::Part,
    ) -> Option<Result<crate::output::OutputRow, ReadError>> {
        loop {
            if let Some(batch) = &self.batch
                && self.row < batch.num_rows()
            {
                let schema = batch.schema();
                let mut object = serde_json::Map::new();
                for (field, column) in schema.fields().iter().zip(batch.columns()) {
                    if let Some(v) = json_at(column.as_ref(), self.row) {
                        object.insert(field.name().clone(), v);
                    }
                }
                self.row += 1;
                let at = self.index;
                self.index += 1;
                return Some(
                    crate::output::row_from_object(object, part).map_err(|e| ReadError {
                        reason: error::BAD_PARQUET,
                        detail: format!("{}: {e}", self.name),
                        index: at,
                        offset: at,
                    }),
                );
            }
            match self.reader.as_mut()?.next() {
                Some(Ok(batch)) => {
                    self.batch = Some(batch);
                    self.row = 0;
                }
                Some(Err(e)) => {
                    self.reader = None;
                    return Some(Err(ReadError {
                        reason: error::BAD_PARQUET,
                        detail: format!("{}: {e}", self.name),
                        index: self.index,
                        offset: self.index,
                    }));
                }
                None => {
                    self.reader = None;
                    return None;
                }
            }
        }
    }
}

fn string_at(array: &dyn Array, row: usize) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().value(row).to_owned()),
        DataType::LargeUtf8 => Some(array.as_string::<i64>().value(row).to_owned()),
        DataType::Utf8View => Some(array.as_string_view().value(row).to_owned()),
        _ => None,
    }
}

/// The value at `row` as JSON; `None` for types that are left out (binary, unions, maps).
/// Lists become arrays, structs objects, dates and timestamps ISO 8601 strings (`Z` when the
/// column has a time zone, since Arrow stores those instants in UTC).
fn json_at(array: &dyn Array, row: usize) -> Option<Value> {
    if !supported(array.data_type()) {
        return None;
    }
    if array.is_null(row) {
        return Some(Value::Null);
    }
    macro_rules! int {
        ($t:ty) => {
            Value::from(array.as_primitive::<$t>().value(row))
        };
    }
    let float = |v: f64| serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number);
    let list = |values: ArrayRef| {
        Value::Array(
            (0..values.len())
                .map(|i| json_at(values.as_ref(), i).unwrap_or(Value::Null))
                .collect(),
        )
    };
    Some(match array.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            Value::String(string_at(array, row)?)
        }
        DataType::Boolean => Value::Bool(array.as_boolean().value(row)),
        DataType::Int8 => int!(Int8Type),
        DataType::Int16 => int!(Int16Type),
        DataType::Int32 => int!(Int32Type),
        DataType::Int64 => int!(Int64Type),
        DataType::UInt8 => int!(UInt8Type),
        DataType::UInt16 => int!(UInt16Type),
        DataType::UInt32 => int!(UInt32Type),
        DataType::UInt64 => int!(UInt64Type),
        DataType::Float32 => float(f64::from(array.as_primitive::<Float32Type>().value(row))),
        DataType::Float64 => float(array.as_primitive::<Float64Type>().value(row)),
        DataType::Date32 => Value::String(iso_date(i64::from(
            array.as_primitive::<Date32Type>().value(row),
        ))),
        DataType::Date64 => {
            let ms = array.as_primitive::<Date64Type>().value(row);
            Value::String(iso_date(ms.div_euclid(86_400_000)))
        }
        DataType::Timestamp(unit, tz) => {
            let (v, per_second) = match unit {
                TimeUnit::Second => (array.as_primitive::<TimestampSecondType>().value(row), 1),
                TimeUnit::Millisecond => (
                    array.as_primitive::<TimestampMillisecondType>().value(row),
                    1_000,
                ),
                TimeUnit::Microsecond => (
                    array.as_primitive::<TimestampMicrosecondType>().value(row),
                    1_000_000,
                ),
                TimeUnit::Nanosecond => (
                    array.as_primitive::<TimestampNanosecondType>().value(row),
                    1_000_000_000,
                ),
            };
            Value::String(iso_timestamp(v, per_second, tz.is_some()))
        }
        DataType::List(_) => list(array.as_list::<i32>().value(row)),
        DataType::LargeList(_) => list(array.as_list::<i64>().value(row)),
        DataType::Struct(fields) => {
            let s = array.as_struct();
            let mut object = serde_json::Map::new();
            for (field, column) in fields.iter().zip(s.columns()) {
                if let Some(v) = json_at(column.as_ref(), row) {
                    object.insert(field.name().clone(), v);
                }
            }
            Value::Object(object)
        }
        _ => return None,
    })
}

/// True for the types [`json_at`] converts.
fn supported(t: &DataType) -> bool {
    use DataType::*;
    match t {
        Utf8 | LargeUtf8 | Utf8View | Boolean | Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16
        | UInt32 | UInt64 | Float32 | Float64 | Null | Date32 | Date64 | Timestamp(..) => true,
        List(f) | LargeList(f) => supported(f.data_type()),
        Struct(fields) => fields.iter().all(|f| supported(f.data_type())),
        _ => false,
    }
}

/// `YYYY-MM-DD` of a day count from 1970-01-01 (the proleptic Gregorian calendar).
fn iso_date(days: i64) -> String {
    let (y, m, d) = ghirbal_core::calendar::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// An ISO 8601 date and time from a count of `1 / per_second` seconds since 1970.
fn iso_timestamp(v: i64, per_second: i64, utc: bool) -> String {
    let secs = v.div_euclid(per_second);
    let frac = v.rem_euclid(per_second);
    let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let mut out = format!(
        "{}T{:02}:{:02}:{:02}",
        iso_date(days),
        sod / 3600,
        sod / 60 % 60,
        sod % 60
    );
    if frac != 0 {
        let width = per_second.ilog10() as usize;
        out.push_str(&format!(".{frac:0width$}"));
    }
    if utc {
        out.push('Z');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_are_iso() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(19_723), "2024-01-01");
        assert_eq!(iso_date(-1), "1969-12-31");
        assert_eq!(iso_date(11_016), "2000-02-29");
        assert_eq!(
            iso_timestamp(1_704_067_200_500, 1000, true),
            "2024-01-01T00:00:00.500Z"
        );
        assert_eq!(iso_timestamp(90_061, 1, false), "1970-01-02T01:01:01");
    }
}
