//! Arrow across the language boundary through the Arrow PyCapsule interface: a stream in from
//! anything with `__arrow_c_stream__` (pyarrow, polars, DuckDB), tables out as objects with
//! `__arrow_c_stream__` that pyarrow, polars and the rest read without a copy.

use std::ffi::CString;
use std::sync::Arc;

use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{RecordBatch, RecordBatchIterator};
use arrow_schema::SchemaRef;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::InputError;

/// The capsule name the Arrow PyCapsule interface gives a C stream.
const STREAM: &std::ffi::CStr = c"arrow_array_stream";

/// Opens `obj.__arrow_c_stream__()` as a reader of record batches; the stream is moved out of
/// the capsule, so the producer's object stays usable and the capsule empty.
pub fn import_stream(obj: &Bound<'_, PyAny>) -> PyResult<RecordBatchStreamReader> {
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast::<PyCapsule>()
        .map_err(|_| InputError::new_err("__arrow_c_stream__ did not return a PyCapsule"))?;
    let pointer = capsule.pointer_checked(Some(STREAM)).map_err(|_| {
        InputError::new_err("__arrow_c_stream__ returned a capsule of another kind")
    })?;
    // SAFETY: a capsule named `arrow_array_stream` holds an `ArrowArrayStream` (the Arrow
    // PyCapsule interface); `from_raw` moves it out and marks the original released, so the
    // capsule's destructor does not release it a second time.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.as_ptr().cast()) };
    RecordBatchStreamReader::try_new(stream)
        .map_err(|e| InputError::new_err(format!("cannot read the Arrow stream: {e}")))
}

/// Record batches with one schema, readable from Python through `__arrow_c_stream__`
/// (`pyarrow.table(t)`, `polars.DataFrame(t)`): kept rows or rejected rows.
#[pyclass(module = "ghirbal._native", name = "ArrowTable", frozen)]
pub struct ArrowTable {
    schema: SchemaRef,
    batches: Arc<Vec<RecordBatch>>,
}

impl ArrowTable {
    /// A table of `batches`, each with `schema`.
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowTable {
        ArrowTable {
            schema,
            batches: Arc::new(batches),
        }
    }
}

#[pymethods]
impl ArrowTable {
    /// The rows as an Arrow C stream; `requested_schema` is not supported (the schema is the
    /// output schema of ghirbal, as in its Parquet files) and is ignored, as the interface
    /// allows.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches: Vec<Result<RecordBatch, arrow_schema::ArrowError>> =
            self.batches.iter().cloned().map(Ok).collect();
        let reader = RecordBatchIterator::new(batches, self.schema.clone());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new(py, stream, Some(CString::from(STREAM)))
    }

    /// The number of rows.
    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }
}
