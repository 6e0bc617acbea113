//! Files that are one record each: plain text, and HTML pages for the extract stage.

use ghirbal_core::reason::error;
use ghirbal_core::{Body, Record};

use crate::read::{Context, ReadError, ReadItem, RecordReader};
use crate::stream::Stream;

/// Reads the whole (decoded) file as one record: id = the input's name.
///
/// Text must be valid UTF-8 (else `error:bad_utf8`) and is taken as is, less a leading byte
/// order mark; an HTML page goes
/// undecoded into `body` (content type `text/html`) with empty text, since its charset is
/// the extract stage's business. A file over `max_record_bytes` is `error:too_large`.
pub(crate) struct WholeFile {
    stream: Option<Stream>,
    ctx: Context,
    html: bool,
}

impl WholeFile {
    pub(crate) fn text(stream: Stream, ctx: Context) -> WholeFile {
        WholeFile {
            stream: Some(stream),
            ctx,
            html: false,
        }
    }

    pub(crate) fn html(stream: Stream, ctx: Context) -> WholeFile {
        WholeFile {
            stream: Some(stream),
            ctx,
            html: true,
        }
    }
}

impl RecordReader for WholeFile {
    fn next_item(&mut self) -> Option<ReadItem> {
        let mut stream = self.stream.take()?;
        let index = self.ctx.first_index;
        let fail = |reason, detail| {
            Some(Err(ReadError {
                reason,
                detail,
                index,
                offset: 0,
            }))
        };
        let limit = self.ctx.max_record_bytes;
        // Bytes skipped while sniffing (a buffer of blank lines) are not part of the record.
        let start = stream.offset;
        let mut bytes = Vec::new();
        if let Err(e) = stream.read_rest(&mut bytes, limit) {
            return fail(stream.error_reason(), e.to_string());
        }
        if bytes.len() > limit {
            return fail(
                error::TOO_LARGE,
                format!("file of more than {limit} bytes, limit {limit}"),
            );
        }
        let mut rec = Record::new(self.ctx.id_prefix.clone(), String::new());
        if self.html {
            rec.body = Some(Body {
                bytes,
                content_type: Some("text/html".to_owned()),
                fetched: None,
            });
        } else {
            // A byte order mark says how the file is encoded; it is not part of the text.
            let bom = if start == 0 && bytes.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            bytes.drain(..bom);
            match String::from_utf8(bytes) {
                Ok(text) => rec.text = text,
                Err(e) => {
                    let at = start + (bom + e.utf8_error().valid_up_to()) as u64;
                    return fail(error::BAD_UTF8, format!("invalid UTF-8 at byte {at}"));
                }
            }
        }
        self.ctx.place(&mut rec, index, start);
        Some(Ok(rec))
    }

    fn bytes_read(&self) -> u64 {
        self.ctx.counters.bytes()
    }
}
