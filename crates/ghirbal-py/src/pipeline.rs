//! `ghirbal.Pipeline`: the record stages on in-memory Arrow data.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow_array::RecordBatch;
use arrow_array::ffi_stream::RecordBatchStreamReader;
use ghirbal_cli::Switches;
use ghirbal_core::{Body, Config, Counts, Record, Reject, StageCounts};
use ghirbal_io::schema::Fields;
use ghirbal_io::{FieldMap, Row};
use ghirbal_pipeline::{Stages, apply_record_stages};
use pyo3::prelude::*;
use serde_json::Value;

use crate::arrow::{ArrowTable, import_stream};
use crate::config::{Overlay, load};
use crate::{ConfigError, InputError, OutputError};

/// The record stages of a config, ready to run on Arrow batches from any Python thread.
#[pyclass(module = "ghirbal._native", name = "Pipeline", frozen)]
pub struct Pipeline {
    config: Config,
    stages: Stages,
    fields: FieldMap,
    /// The output columns (`[output] fields`), as the run writes them.
    columns: Fields,
    threads: usize,
}

/// What one or more input batches gave: kept and rejected rows as Arrow batches, counts.
#[derive(Default)]
struct Outcome {
    kept: Vec<RecordBatch>,
    rejects: Vec<RecordBatch>,
    counts: Counts,
    stages: BTreeMap<String, StageCounts>,
}

impl Outcome {
    fn add(&mut self, other: Outcome) {
        self.kept.extend(other.kept);
        self.rejects.extend(other.rejects);
        self.counts += &other.counts;
        for (k, v) in other.stages {
            *self.stages.entry(k).or_default() += &v;
        }
    }
}

/// Rows of one input batch handed to the workers together.
struct Chunk {
    start: usize,
    end: usize,
}

impl Pipeline {
    /// Runs the record stages on every row of `batch` on the pipeline's threads; `first_row`
    /// numbers the rows of the stream (the id of a row that has none). Output keeps input order.
    fn process_batch(&self, batch: &RecordBatch, first_row: u64) -> PyResult<Outcome> {
        let text_col = ghirbal_io::arrow::text_column(&batch.schema(), &self.fields)
            .map_err(InputError::new_err)?;
        let rows = batch.num_rows();
        let per_chunk = self.config.run.batch_records.max(1);
        let chunks: Vec<Chunk> = (0..rows)
            .step_by(per_chunk)
            .map(|start| Chunk {
                start,
                end: (start + per_chunk).min(rows),
            })
            .collect();
        let next = AtomicUsize::new(0);
        let done: Mutex<Vec<Option<PyResult<Outcome>>>> =
            Mutex::new((0..chunks.len()).map(|_| None).collect());
        let workers = self.threads.min(chunks.len()).max(1);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(chunk) = chunks.get(i) else { break };
                        let out = self.process_rows(batch, text_col, chunk, first_row);
                        done.lock().expect("no worker panics holding the lock")[i] = Some(out);
                    }
                });
            }
        });
        let mut total = Outcome::default();
        for out in done.into_inner().expect("the workers are done").into_iter() {
            total.add(out.expect("every chunk was taken by a worker")?);
        }
        Ok(total)
    }

    fn process_rows(
        &self,
        batch: &RecordBatch,
        text_col: Option<usize>,
        chunk: &Chunk,
        first_row: u64,
    ) -> PyResult<Outcome> {
        let mut out = Outcome::default();
        let mut kept: Vec<Record> = Vec::new();
        let mut rejects: Vec<(Record, Reject)> = Vec::new();
        let max = self.config.run.max_record_bytes;
        for row in chunk.start..chunk.end {
            let number = first_row + row as u64;
            let item = match ghirbal_io::arrow::record_at(batch, row, text_col, &self.fields, max) {
                Ok((mut rec, has_id)) => {
                    if !has_id {
                        rec.id = number.to_string();
                    }
                    rec.position.index = number;
                    rec.position.ordinal = number;
                    // As the run does: an input field repeating the text is named, not copied.
                    ghirbal_io::schema::drop_duplicate_fields(&mut rec);
                    take_html(&mut rec);
                    apply_record_stages(&self.stages.record, rec, &mut out.stages)
                }
                Err((reason, detail)) => (
                    Record::new(number.to_string(), ""),
                    Some(Reject::new(reason, detail)),
                ),
            };
            match item {
                (mut rec, None) => {
                    ghirbal_io::schema::apply_output_config(&mut rec, &self.config.output);
                    out.counts.count(None);
                    kept.push(rec);
                }
                (_, Some(reject)) if reject.reason.is_skip() => {
                    // Not a document (a WARC request row): counted, not a rejected row.
                    out.counts.count(Some(&reject.reason));
                }
                (mut rec, Some(reject)) => {
                    ghirbal_io::schema::apply_output_config(&mut rec, &self.config.output);
                    out.counts.count(Some(&reject.reason));
                    rejects.push((rec, reject));
                }
            }
        }
        let kept_rows: Vec<Row<'_>> = kept
            .iter()
            .map(|record| Row {
                record,
                reject: None,
            })
            .collect();
        let reject_rows: Vec<Row<'_>> = rejects
            .iter()
            .map(|(record, reject)| Row {
                record,
                reject: Some(reject),
            })
            .collect();
        if !kept_rows.is_empty() {
            out.kept
                .push(self.arrow_batch(&kept_rows).map_err(OutputError::new_err)?);
        }
        if !reject_rows.is_empty() {
            out.rejects.push(
                self.arrow_batch(&reject_rows)
                    .map_err(OutputError::new_err)?,
            );
        }
        Ok(out)
    }

    /// Rows as an Arrow batch of the output columns: the Parquet writer's own conversion.
    fn arrow_batch(&self, rows: &[Row<'_>]) -> Result<RecordBatch, String> {
        ghirbal_io::arrow::record_batch_fields(rows, &self.columns).map_err(|e| e.to_string())
    }

    fn result(&self, py: Python<'_>, outcome: Outcome) -> PyResult<ProcessResult> {
        let mut stages = outcome.stages;
        // Stages that saw no record still show, with zero counts, so the keys do not depend on
        // the data.
        for stage in &self.stages.record {
            stages.entry(stage.name().as_str().to_owned()).or_default();
        }
        let stats = serde_json::json!({ "total": outcome.counts, "stages": stages });
        Ok(ProcessResult {
            kept: Py::new(
                py,
                ArrowTable::new(
                    ghirbal_io::arrow::schema_fields(&self.columns),
                    outcome.kept,
                ),
            )?,
            rejects: Py::new(
                py,
                ArrowTable::new(
                    ghirbal_io::arrow::schema_fields(&self.columns),
                    outcome.rejects,
                ),
            )?,
            stats: stats.to_string(),
        })
    }
}

/// An `html` column holds the page: it becomes the record's body, which `extract` turns into
/// the text, title and the rest (with `extract` off, the body is kept as the text).
fn take_html(rec: &mut Record) {
    match rec.metadata.remove("html") {
        Some(Value::String(html)) => {
            rec.body = Some(Body {
                bytes: html.into_bytes(),
                content_type: Some("text/html".into()),
                // "2 hours ago" by the headline resolves against the crawl date, when given.
                fetched: rec.crawl_date.clone(),
            });
        }
        Some(Value::Null) | None => {}
        Some(other) => {
            rec.metadata.insert("html".into(), other);
        }
    }
}

#[pymethods]
impl Pipeline {
    /// The preset, the config over it and the switches over both, as `ghirbal run` reads them.
    #[new]
    #[pyo3(signature = (preset, config_file, config_json, threads, skip, only, explain))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        preset: String,
        config_file: Option<std::path::PathBuf>,
        config_json: Option<String>,
        threads: Option<usize>,
        skip: Vec<String>,
        only: Vec<String>,
        explain: bool,
    ) -> PyResult<Pipeline> {
        let overlay = match (config_file, config_json) {
            (Some(f), _) => Overlay::File(f),
            (None, Some(j)) => Overlay::Json(j),
            (None, None) => Overlay::None,
        };
        let mut config = load(&preset, overlay)?;
        Switches {
            threads,
            skip,
            only,
            explain,
            ..Switches::default()
        }
        .apply(&mut config)
        .map_err(|e| ConfigError::new_err(e.to_string()))?;
        let stages = Stages::build(&config)
            .map_err(|e| ConfigError::new_err(format!("cannot build stages: {e}")))?;
        let threads = match config.run.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let fields = FieldMap::new(&config.input)
            .map_err(|e| ConfigError::new_err(format!("bad config in [input]: {e}")))?;
        let columns = Fields::from_config(&config.output)
            .map_err(|e| ConfigError::new_err(format!("bad config in [output]: {e}")))?;
        Ok(Pipeline {
            config,
            stages,
            fields,
            columns,
            threads,
        })
    }

    /// Every batch of `data` (an object with `__arrow_c_stream__`) through the record stages;
    /// one result for the whole stream.
    fn process(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<ProcessResult> {
        let mut reader = import_stream(data)?;
        let mut total = Outcome::default();
        let mut rows = 0u64;
        while let Some(batch) = next_batch(&mut reader)? {
            let first = rows;
            rows += batch.num_rows() as u64;
            let out = py.detach(|| self.process_batch(&batch, first))?;
            total.add(out);
        }
        self.result(py, total)
    }

    /// An iterator of one result per input batch, for streams larger than memory: a batch is
    /// read only when the previous result has been taken.
    fn stream(slf: Bound<'_, Pipeline>, data: &Bound<'_, PyAny>) -> PyResult<ResultStream> {
        Ok(ResultStream {
            pipeline: slf.unbind(),
            reader: Some(import_stream(data)?),
            rows: 0,
        })
    }

    /// The effective configuration as TOML (what `ghirbal run --print-config` prints).
    fn config_toml(&self) -> String {
        self.config.to_toml()
    }

    /// The record stages that run, in order.
    #[getter]
    fn stages(&self) -> Vec<String> {
        self.stages
            .record
            .iter()
            .map(|s| s.name().as_str().to_owned())
            .collect()
    }

    /// Worker threads used per batch.
    #[getter]
    fn threads(&self) -> usize {
        self.threads
    }
}

fn next_batch(reader: &mut RecordBatchStreamReader) -> PyResult<Option<RecordBatch>> {
    match reader.next() {
        None => Ok(None),
        Some(Ok(b)) => Ok(Some(b)),
        Some(Err(e)) => Err(InputError::new_err(format!(
            "cannot read the Arrow stream: {e}"
        ))),
    }
}

/// Results of [`Pipeline::stream`], one per input batch.
#[pyclass(module = "ghirbal._native", name = "ResultStream", unsendable)]
pub struct ResultStream {
    pipeline: Py<Pipeline>,
    reader: Option<RecordBatchStreamReader>,
    rows: u64,
}

#[pymethods]
impl ResultStream {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<ProcessResult>> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(None);
        };
        let Some(batch) = next_batch(reader)? else {
            self.reader = None;
            return Ok(None);
        };
        let first = self.rows;
        self.rows += batch.num_rows() as u64;
        let pipeline = self.pipeline.get();
        let out = py.detach(|| pipeline.process_batch(&batch, first))?;
        pipeline.result(py, out).map(Some)
    }
}

/// Kept and rejected rows as Arrow tables with the CLI's output schema, and the counts.
#[pyclass(module = "ghirbal._native", name = "ProcessResult", frozen)]
pub struct ProcessResult {
    kept: Py<ArrowTable>,
    rejects: Py<ArrowTable>,
    stats: String,
}

#[pymethods]
impl ProcessResult {
    /// Kept rows (the columns of `kept/` in the CLI's Parquet output).
    #[getter]
    fn kept(&self, py: Python<'_>) -> Py<ArrowTable> {
        self.kept.clone_ref(py)
    }

    /// Rejected rows, with `reason` and `detail` (JSON text).
    #[getter]
    fn rejects(&self, py: Python<'_>) -> Py<ArrowTable> {
        self.rejects.clone_ref(py)
    }

    /// The counts as JSON text: `total` (read, kept, rejected, errors by reason) and `stages`.
    #[getter]
    fn stats_json(&self) -> String {
        self.stats.clone()
    }
}
