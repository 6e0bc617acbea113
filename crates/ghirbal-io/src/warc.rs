//! WARC and WET records.

use crate::read::{Context, ReadItem, RecordReader};
use crate::stream::Stream;

pub(crate) struct WarcReader {
    stream: Stream,
    ctx: Context,
    pending: bool,
}

impl WarcReader {
    pub(crate) fn new(stream: Stream, ctx: Context) -> WarcReader {
        WarcReader { stream, ctx, pending: true }
    }
}

impl RecordReader for WarcReader {
    fn next_item(&mut self) -> Option<ReadItem> {
        // Placeholder until the WARC reader lands: say so rather than drop the file.
        let _ = &mut self.stream;
        if std::mem::take(&mut self.pending) {
            return Some(Err(crate::ReadError {
                reason: ghirbal_core::reason::error::UNSUPPORTED_FORMAT,
                detail: "WARC reader not built yet".into(),
                index: 0,
                offset: 0,
            }));
        }
        None
    }

    fn bytes_read(&self) -> u64 {
        self.ctx.counters.bytes()
    }
}
