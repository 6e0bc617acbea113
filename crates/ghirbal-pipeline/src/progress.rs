/// The seam to a progress display; called from the reader thread only.
pub trait Progress: Send + Sync {
    /// A pass starts. `label` says which pass; the pass will read `total_bytes` bytes of input,
    /// or, when that is 0, `total_records` records (0 when unknown too).
    fn begin(&self, label: &str, total_bytes: u64, total_records: u64);
    /// `bytes` more input bytes and `records` more records were read.
    fn advance(&self, bytes: u64, records: u64);
    /// The pass is over.
    fn end(&self);
    /// One line the user should see before the run goes on (a likely misread input); shown
    /// even when the display is quiet. The default shows nothing.
    fn notice(&self, _line: &str) {}
    /// True once the caller wants the run stopped (Ctrl-C in the Python package): the run then
    /// stops reading, leaves the shard it was writing unfinished, and returns
    /// [`RunError::Interrupted`](crate::RunError::Interrupted); `--resume` continues it.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A progress display that shows nothing (tests, libraries, non-terminals).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn begin(&self, _: &str, _: u64, _: u64) {}
    fn advance(&self, _: u64, _: u64) {}
    fn end(&self) {}
}
