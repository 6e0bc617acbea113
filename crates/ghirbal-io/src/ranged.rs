//! An object in storage read by seeking, for the Parquet reader and for split parts
//! ([`crate::split`]): ranged requests through
//! [`Storage::read_range`](crate::storage::Storage::read_range) behind the parquet crate's
//! synchronous [`ChunkReader`], or behind [`Read`] and [`Seek`] ([`RangedObject::windowed`]).
//!
//! The parquet reader asks for a page header, then the page, column by column; one request
//! per ask would be thousands of round trips for a file of small pages. So each column chunk
//! the footer lists is read through a window of at most [`WINDOW_BYTES`] that moves forward
//! along it, and the tail of the file (footer and metadata) comes in one request. Windows are
//! kept for the columns of one row group: memory is at most [`WINDOW_BYTES`] per column plus
//! the tail, whatever the size of the file or of its row groups.

use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use parquet::errors::{ParquetError, Result as ParquetResult};
use parquet::file::reader::{ChunkReader, Length};

use crate::storage::{Object, Storage};
use crate::stream::Counters;

/// The most of one column chunk held at once (and the size of one request into it).
pub(crate) const WINDOW_BYTES: u64 = 4 << 20;
/// Bytes asked for at the end of the file at first: the footer and, usually, the metadata.
const TAIL_BYTES: u64 = 64 << 10;

/// One object read in ranges; cheap to clone (the clones share their windows).
#[derive(Clone)]
pub(crate) struct RangedObject {
    inner: Arc<Inner>,
}

struct Inner {
    storage: &'static dyn Storage,
    /// [`WINDOW_BYTES`], smaller in tests.
    window: u64,
    counters: Arc<Counters>,
    state: Mutex<State>,
}

struct State {
    object: Object,
    /// The byte ranges of the column chunks, sorted by start (set once the footer is read).
    chunks: Vec<Range<u64>>,
    /// Windows held, the most recently used last.
    windows: Vec<Window>,
    /// The most windows held: the columns of a row group, and the tail.
    max_windows: usize,
    /// What the store said when a request failed for good (the reader reports it as
    /// `error:unreadable`, not as a damaged file).
    failure: Option<String>,
}

/// Bytes of the object from `start`, for the column chunk (or tail) `key`.
struct Window {
    key: usize,
    start: u64,
    bytes: Bytes,
}

/// The window key of bytes that lie in no column chunk (footer, metadata, indexes).
const OUTSIDE: usize = usize::MAX;

impl RangedObject {
    /// `object` (with its size) read through `storage`; retries are added to `counters`.
    pub(crate) fn new(
        storage: &'static dyn Storage,
        object: Object,
        counters: Arc<Counters>,
    ) -> RangedObject {
        RangedObject::with_window(storage, object, counters, WINDOW_BYTES)
    }

    /// `object` read as a stream from any offset ([`RangedObject::read_from`]): a read that
    /// misses asks for a window of `window` bytes from where it starts, up to the end of
    /// `span` (the bytes a split part reads, so no request runs past them), one window held.
    pub(crate) fn windowed(
        storage: &'static dyn Storage,
        object: Object,
        counters: Arc<Counters>,
        window: u64,
        span: Range<u64>,
    ) -> RangedObject {
        let object = RangedObject::with_window(storage, object, counters, window);
        object.set_chunks(vec![span], 1);
        object
    }

    /// A [`Read`] and [`Seek`] over the object, from byte `at`.
    pub(crate) fn read_from(&self, at: u64) -> RangedRead {
        RangedRead {
            object: self.clone(),
            at,
        }
    }

    pub(crate) fn with_window(
        storage: &'static dyn Storage,
        object: Object,
        counters: Arc<Counters>,
        window: u64,
    ) -> RangedObject {
        RangedObject {
            inner: Arc::new(Inner {
                storage,
                window,
                counters,
                state: Mutex::new(State {
                    object,
                    chunks: Vec::new(),
                    windows: Vec::new(),
                    max_windows: 2,
                    failure: None,
                }),
            }),
        }
    }

    /// Tells the reader where the column chunks are (from the footer) and how many columns a
    /// row group has, so each column gets a window of its own.
    pub(crate) fn set_chunks(&self, mut chunks: Vec<Range<u64>>, columns: usize) {
        chunks.sort_by_key(|c| c.start);
        let mut state = self.inner.lock();
        state.chunks = chunks;
        state.max_windows = columns + 1;
        state.windows.clear();
    }

    /// The store's words when a request failed for good; `None` when none did.
    pub(crate) fn failure(&self) -> Option<String> {
        self.inner.lock().failure.clone()
    }

    /// Up to `len` bytes from `start` out of a window held, if one holds byte `start`.
    fn cached(&self, start: u64, len: u64) -> Option<Bytes> {
        let mut state = self.inner.lock();
        let i = state
            .windows
            .iter()
            .position(|w| w.start <= start && start < w.start + w.bytes.len() as u64)?;
        let w = state.windows.remove(i);
        let from = (start - w.start) as usize;
        let to = (from as u64 + len).min(w.bytes.len() as u64) as usize;
        let out = w.bytes.slice(from..to);
        state.windows.push(w);
        Some(out)
    }

    /// Up to `len` bytes from `start` (fewer at the end of a window: callers loop).
    fn bytes_at(&self, start: u64, len: u64) -> Result<Bytes, String> {
        if let Some(hit) = self.cached(start, len) {
            return Ok(hit);
        }
        let mut state = self.inner.lock();
        let size = state.object.size;
        if start >= size || len == 0 {
            return Ok(Bytes::new());
        }
        // A miss: ask for the window this read starts, to the end of its chunk at most.
        let chunk = state
            .chunks
            .partition_point(|c| c.start <= start)
            .checked_sub(1)
            .filter(|&i| start < state.chunks[i].end);
        let (key, range) = match chunk {
            Some(i) => {
                let end = state.chunks[i].end.min(size);
                (i, start..end.min(start + self.inner.window))
            }
            None if state.windows.is_empty() && start + len + TAIL_BYTES >= size => {
                // The first read of a file is its footer: take the tail in one request.
                (
                    OUTSIDE,
                    size.saturating_sub(TAIL_BYTES.max(size - start))..size,
                )
            }
            None => (OUTSIDE, start..(start + len).min(size)),
        };
        let got = match self.inner.storage.read_range(&state.object, range.clone()) {
            Ok(got) => got,
            Err(e) => {
                let message = e.to_string();
                state.failure = Some(message.clone());
                return Err(message);
            }
        };
        self.inner.counters.add_retries(got.retries);
        if state.object.version.is_none() {
            state.object.version = got.version;
        }
        let window = Window {
            key,
            start: range.start,
            bytes: Bytes::from(got.bytes),
        };
        let from = (start - window.start) as usize;
        let to = (from as u64 + len).min(window.bytes.len() as u64) as usize;
        if from >= to {
            let message = format!(
                "{}: the store answered {} bytes for bytes {}..{}",
                crate::storage::display_url(&state.object.url),
                window.bytes.len(),
                range.start,
                range.end
            );
            state.failure = Some(message.clone());
            return Err(message);
        }
        let out = window.bytes.slice(from..to);
        // One window per column chunk; the least recently used goes when there are too many.
        state.windows.retain(|w| w.key != key || key == OUTSIDE);
        state.windows.push(window);
        while state.windows.len() > state.max_windows {
            state.windows.remove(0);
        }
        Ok(out)
    }
}

impl RangedObject {
    /// `length` bytes from `start`, in requests of one window at most, not kept in a window.
    fn fetch(&self, start: u64, length: usize) -> Result<Bytes, String> {
        let mut state = self.inner.lock();
        let end = start + length as u64;
        if end > state.object.size {
            return Err(format!(
                "{length} bytes at {start} run past the end of the object ({} bytes)",
                state.object.size
            ));
        }
        let mut all = Vec::with_capacity(length);
        let mut at = start;
        while at < end {
            let range = at..end.min(at + self.inner.window);
            match self.inner.storage.read_range(&state.object, range.clone()) {
                Ok(got) if got.bytes.len() as u64 == range.end - range.start => {
                    self.inner.counters.add_retries(got.retries);
                    if state.object.version.is_none() {
                        state.object.version = got.version;
                    }
                    all.extend_from_slice(&got.bytes);
                    at = range.end;
                }
                Ok(got) => {
                    let message = format!(
                        "{}: the store answered {} bytes for bytes {}..{}",
                        crate::storage::display_url(&state.object.url),
                        got.bytes.len(),
                        range.start,
                        range.end
                    );
                    state.failure = Some(message.clone());
                    return Err(message);
                }
                Err(e) => {
                    let message = e.to_string();
                    state.failure = Some(message.clone());
                    return Err(message);
                }
            }
        }
        Ok(Bytes::from(all))
    }
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn parquet_error(message: String) -> ParquetError {
    ParquetError::External(Box::new(io::Error::other(message)))
}

impl Length for RangedObject {
    fn len(&self) -> u64 {
        self.inner.lock().object.size
    }
}

impl ChunkReader for RangedObject {
    type T = RangedRead;

    fn get_read(&self, start: u64) -> ParquetResult<RangedRead> {
        Ok(self.read_from(start))
    }

    fn get_bytes(&self, start: u64, length: usize) -> ParquetResult<Bytes> {
        if let Some(hit) = self.cached(start, length as u64)
            && hit.len() == length
        {
            return Ok(hit);
        }
        let mut all = Vec::with_capacity(length);
        while all.len() < length {
            let at = start + all.len() as u64;
            let rest = (length - all.len()) as u64;
            if let Some(hit) = self.cached(at, rest) {
                all.extend_from_slice(&hit);
                continue;
            }
            if rest >= self.inner.window {
                // A page or a whole column chunk (the arrow reader may ask for a row group's
                // chunks at once) past what is held: fetched in window-sized requests, not
                // kept, so a failure costs one window and nothing is held twice.
                all.extend_from_slice(&self.fetch(at, rest as usize).map_err(parquet_error)?);
                break;
            }
            let more = self.bytes_at(at, rest).map_err(parquet_error)?;
            if more.is_empty() {
                return Err(ParquetError::EOF(format!(
                    "{length} bytes at {start} run past the end of the object"
                )));
            }
            all.extend_from_slice(&more);
        }
        Ok(Bytes::from(all))
    }
}

/// A [`Read`] from a byte offset of a [`RangedObject`], served from its windows; seeking
/// only moves the offset.
pub(crate) struct RangedRead {
    object: RangedObject,
    at: u64,
}

impl Read for RangedRead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let got = self
            .object
            .bytes_at(self.at, buf.len() as u64)
            .map_err(io::Error::other)?;
        buf[..got.len()].copy_from_slice(&got);
        self.at += got.len() as u64;
        Ok(got.len())
    }
}

impl Seek for RangedRead {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let at = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.object.len().checked_add_signed(d),
            SeekFrom::Current(d) => self.at.checked_add_signed(d),
        };
        self.at = at.ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "a seek before the object's start",
            )
        })?;
        Ok(self.at)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::storage::{ObjectRead, ObjectWrite, Ranged, StorageError};
    use crate::{Input, ReadItem, ReadOptions};
    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;

    /// One object in memory, read in ranges; records every request, and fails every request
    /// after the first `fail_after` when set.
    pub(crate) struct Fake {
        pub(crate) bytes: Vec<u8>,
        pub(crate) requests: Mutex<Vec<Range<u64>>>,
        pub(crate) fail_after: Option<usize>,
    }

    impl Storage for Fake {
        fn read_range(&self, object: &Object, range: Range<u64>) -> Result<Ranged, StorageError> {
            let mut requests = self.requests.lock().unwrap();
            if self.fail_after.is_some_and(|n| requests.len() >= n) {
                return Err(StorageError::Other(format!(
                    "{}: HTTP 503 after 11 attempts",
                    object.url
                )));
            }
            requests.push(range.clone());
            let end = (range.end as usize).min(self.bytes.len());
            Ok(Ranged {
                bytes: self.bytes[range.start as usize..end].to_vec(),
                version: Some("\"v1\"".into()),
                retries: 1,
            })
        }
        fn list(&self, _: &str) -> Result<Vec<Object>, StorageError> {
            unreachable!()
        }
        fn open(&self, _: &Object) -> Result<Box<dyn ObjectRead>, StorageError> {
            unreachable!()
        }
        fn read_all(&self, _: &str) -> Result<Option<Vec<u8>>, StorageError> {
            unreachable!()
        }
        fn put(&self, _: &str, _: &[u8]) -> Result<(), StorageError> {
            unreachable!()
        }
        fn create(&self, _: &str) -> Result<Box<dyn ObjectWrite>, StorageError> {
            unreachable!()
        }
        fn list_all(&self, _: &str) -> Result<Vec<Object>, StorageError> {
            unreachable!()
        }
        fn delete(&self, _: &str) -> Result<(), StorageError> {
            unreachable!()
        }
    }

    /// A file of 3,000 rows in row groups of 700, with pages of about 2 KiB: text, id and a
    /// column for metadata.
    fn parquet_file() -> Vec<u8> {
        let n = 3000;
        let text: ArrayRef = Arc::new(StringArray::from(
            (0..n)
                .map(|i| format!("نص السجل {i} {}", "كلمة ".repeat(i % 40)))
                .collect::<Vec<_>>(),
        ));
        let id: ArrayRef = Arc::new(StringArray::from(
            (0..n).map(|i| format!("r{i}")).collect::<Vec<_>>(),
        ));
        let n_col: ArrayRef = Arc::new(Int64Array::from((0..n as i64).collect::<Vec<_>>()));
        let batch = RecordBatch::try_from_iter([("id", id), ("text", text), ("n", n_col)]).unwrap();
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(700))
            .set_data_page_size_limit(2048)
            .set_write_batch_size(64)
            .build();
        let mut out = Vec::new();
        let mut w = ArrowWriter::try_new(&mut out, batch.schema(), Some(props)).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
        out
    }

    fn items(mut reader: Box<dyn crate::RecordReader>) -> Vec<ReadItem> {
        std::iter::from_fn(|| reader.next_item()).collect()
    }

    fn remote_items(fake: &'static Fake, window: u64) -> (Vec<ReadItem>, u64) {
        let input = Input {
            path: "s3://bucket/part.parquet".into(),
            name: "part.parquet".into(),
            relative: "part.parquet".into(),
            size: fake.bytes.len() as u64,
        };
        let counters = Arc::new(Counters::default());
        let object = Object {
            url: "s3://bucket/part.parquet".into(),
            size: input.size,
            version: None,
        };
        let source = RangedObject::with_window(fake, object, counters.clone(), window);
        let reader = crate::parquet::open_source(
            source.clone(),
            Some(source),
            &input,
            &ReadOptions::default(),
            counters.clone(),
            None,
        );
        (items(reader), counters.retries())
    }

    #[test]
    fn ranged_reads_give_the_records_of_the_local_file_in_bounded_windows() {
        let bytes = parquet_file();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("part.parquet");
        std::fs::write(&path, &bytes).unwrap();
        let local = items(crate::open(
            &Input {
                path: path.clone(),
                name: "part.parquet".into(),
                relative: "part.parquet".into(),
                size: bytes.len() as u64,
            },
            &ReadOptions::default(),
        ));
        assert_eq!(local.len(), 3000);
        assert!(local.iter().all(Result::is_ok));

        let window = 16 << 10;
        let fake: &'static Fake = Box::leak(Box::new(Fake {
            bytes,
            requests: Mutex::new(Vec::new()),
            fail_after: None,
        }));
        let (remote, retries) = remote_items(fake, window);
        assert_eq!(remote, local);
        let requests = fake.requests.lock().unwrap();
        // Each request is one window or less (the first is the 64 KiB tail), and there are
        // about as many as windows in the file, plus the chunks' ends (5 row groups of 3
        // columns), where one request per page and header would be hundreds.
        assert!(
            requests[1..].iter().all(|r| r.end - r.start <= window),
            "{requests:?}"
        );
        let most = fake.bytes.len() as u64 / window + 2 * 15 + 1;
        assert!(requests.len() as u64 <= most, "{} requests", requests.len());
        // Every byte of a column chunk is asked for once.
        let asked: u64 = requests[1..].iter().map(|r| r.end - r.start).sum();
        assert!(
            asked <= fake.bytes.len() as u64,
            "{asked} of {}: {requests:?}",
            fake.bytes.len()
        );
        assert_eq!(retries, requests.len() as u64);
    }

    #[test]
    fn a_request_that_fails_for_good_ends_the_object_as_unreadable() {
        let fake: &'static Fake = Box::leak(Box::new(Fake {
            bytes: parquet_file(),
            requests: Mutex::new(Vec::new()),
            fail_after: Some(4),
        }));
        let remote = remote_items(fake, 16 << 10).0;
        let last = remote.last().unwrap().as_ref().unwrap_err();
        assert_eq!(last.reason, ghirbal_core::reason::error::UNREADABLE);
        assert!(last.detail.contains("HTTP 503"), "{}", last.detail);
        assert!(remote[..remote.len() - 1].iter().all(Result::is_ok));

        let fake: &'static Fake = Box::leak(Box::new(Fake {
            bytes: parquet_file(),
            requests: Mutex::new(Vec::new()),
            fail_after: Some(0),
        }));
        let remote = remote_items(fake, 16 << 10).0;
        assert_eq!(remote.len(), 1);
        let e = remote[0].as_ref().unwrap_err();
        assert_eq!(e.reason, ghirbal_core::reason::error::UNREADABLE);
    }
}
