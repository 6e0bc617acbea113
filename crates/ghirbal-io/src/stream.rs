//! The decompression layer: a file or an object in storage, counted as it is read, decoded
//! into one buffered stream.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use ghirbal_core::Reason;
use ghirbal_core::reason::error;

use crate::storage::ObjectRead;

/// Buffer of the decoded stream; large so that line scanning rarely crosses a refill.
const DECODED_BUFFER: usize = 256 << 10;
/// Buffer between the file and a decompressor, and of plain files.
const RAW_BUFFER: usize = 256 << 10;

/// How the bytes on disk are compressed, found from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    /// Not compressed.
    Plain,
    /// gzip, one member or many (a `.warc.gz` has one per record).
    Gzip,
    /// zstd, one frame or many.
    Zstd,
}

/// What the reader threads share with [`crate::RecordReader::bytes_read`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// On-disk bytes read so far.
    bytes: AtomicU64,
    /// Set when the file itself (not the decoder) failed, so the error is `unreadable`.
    file_failed: AtomicBool,
    /// Times an object's stream was re-opened after a failure (see `ObjectRead::retries`).
    retries: AtomicU64,
    /// The decoded offset where the stream ended, once it has ended.
    decoded_end: AtomicU64,
    /// Set when the reader reached the end of its input, not stopped short by an error.
    ended: AtomicBool,
}

impl Counters {
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    pub(crate) fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// The decoded offset where the stream ended (0 before it ends).
    pub(crate) fn decoded_end(&self) -> u64 {
        self.decoded_end.load(Ordering::Relaxed)
    }

    /// Whether the reader reached the end of its input.
    pub(crate) fn ended(&self) -> bool {
        self.ended.load(Ordering::Relaxed)
    }

    /// Records that the reader reached the end of its input.
    pub(crate) fn set_ended(&self) {
        self.ended.store(true, Ordering::Relaxed);
    }

    /// Adds requests made again by a reader that does not read through a [`CountingFile`]
    /// (remote Parquet).
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub(crate) fn add_retries(&self, n: u64) {
        self.retries.fetch_add(n, Ordering::Relaxed);
    }

    /// For readers that do not read through a [`CountingFile`] (Parquet).
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    pub(crate) fn set_bytes(&self, n: u64) {
        self.bytes.store(n, Ordering::Relaxed);
    }
}

/// A local file or an object's stream that counts the bytes it hands out.
pub(crate) struct CountingFile {
    file: Source,
    counters: Arc<Counters>,
    /// Bytes left to hand out: the end of a byte range ([`CountingFile::range`]).
    left: u64,
}

enum Source {
    File(File),
    Object(Box<dyn ObjectRead>),
    /// An object read by ranged requests (a split part of it); its retries are counted by
    /// the [`RangedObject`](crate::ranged::RangedObject).
    #[cfg(feature = "parquet")]
    Ranged(crate::ranged::RangedRead),
}

impl CountingFile {
    pub(crate) fn new(file: File, counters: Arc<Counters>) -> CountingFile {
        CountingFile {
            file: Source::File(file),
            counters,
            left: u64::MAX,
        }
    }

    /// Bytes `start..end` of a local file, as if they were the whole file.
    pub(crate) fn range(
        mut file: File,
        start: u64,
        end: u64,
        counters: Arc<Counters>,
    ) -> io::Result<CountingFile> {
        use std::io::{Seek, SeekFrom};
        file.seek(SeekFrom::Start(start))?;
        Ok(CountingFile {
            file: Source::File(file),
            counters,
            left: end.saturating_sub(start),
        })
    }

    /// An object in storage, read through its resuming stream.
    pub(crate) fn object(object: Box<dyn ObjectRead>, counters: Arc<Counters>) -> CountingFile {
        CountingFile {
            file: Source::Object(object),
            counters,
            left: u64::MAX,
        }
    }
}

#[cfg(feature = "parquet")]
impl CountingFile {
    /// Bytes `start..end` of an object read by ranged requests, as if they were the whole
    /// object (`end` past the object's end: up to its end).
    pub(crate) fn ranged(
        object: &crate::ranged::RangedObject,
        start: u64,
        end: u64,
        counters: Arc<Counters>,
    ) -> CountingFile {
        CountingFile {
            file: Source::Ranged(object.read_from(start)),
            counters,
            left: end.saturating_sub(start),
        }
    }
}

impl Read for CountingFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let cap = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let buf = &mut buf[..cap];
        if buf.is_empty() {
            return Ok(0);
        }
        let read = match &mut self.file {
            Source::File(file) => file.read(buf),
            Source::Object(object) => {
                let read = object.read(buf);
                self.counters
                    .retries
                    .store(object.retries(), Ordering::Relaxed);
                read
            }
            #[cfg(feature = "parquet")]
            Source::Ranged(object) => object.read(buf),
        };
        match read {
            Ok(n) => {
                self.left -= n as u64;
                self.counters.bytes.fetch_add(n as u64, Ordering::Relaxed);
                Ok(n)
            }
            Err(e) => {
                if e.kind() != io::ErrorKind::Interrupted {
                    self.counters.file_failed.store(true, Ordering::Relaxed);
                }
                Err(e)
            }
        }
    }
}

/// The raw file, buffered so its first bytes can be looked at before picking a decoder.
pub(crate) type RawReader = BufReader<CountingFile>;

/// Opens `raw` for reading with a buffer suited to a decompressor in front of it.
pub(crate) fn raw_reader(file: CountingFile) -> RawReader {
    BufReader::with_capacity(RAW_BUFFER, file)
}

/// The compressed bytes a decoder reads: the file, after any bytes that a search for the next
/// member read ahead and gave back.
pub(crate) struct Compressed {
    raw: RawReader,
    /// Bytes given back by [`Compressed::give_back`], handed out before the file's.
    ahead: Vec<u8>,
    ahead_pos: usize,
    /// Offset in the file of the next byte handed out.
    pos: u64,
}

impl Compressed {
    pub(crate) fn new(raw: RawReader) -> Compressed {
        Compressed {
            raw,
            ahead: Vec::new(),
            ahead_pos: 0,
            pos: 0,
        }
    }

    /// Offset in the file of the next byte handed out.
    pub(crate) fn pos(&self) -> u64 {
        self.pos
    }

    /// Hands `bytes`, the last ones consumed, out again before the rest.
    pub(crate) fn give_back(&mut self, mut bytes: Vec<u8>) {
        self.pos -= bytes.len() as u64;
        bytes.extend_from_slice(&self.ahead[self.ahead_pos..]);
        self.ahead = bytes;
        self.ahead_pos = 0;
    }
}

impl Read for Compressed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Compressed {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.ahead_pos < self.ahead.len() {
            return Ok(&self.ahead[self.ahead_pos..]);
        }
        self.raw.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.pos += n as u64;
        if self.ahead_pos < self.ahead.len() {
            self.ahead_pos += n;
            if self.ahead_pos >= self.ahead.len() {
                self.ahead.clear();
                self.ahead_pos = 0;
            }
        } else {
            self.raw.consume(n);
        }
    }
}

/// The decoder in front of the file, kept by kind so that a skip past a bomb can take the
/// file back from it.
enum Decoder {
    Plain(RawReader),
    Gzip(Box<BufReader<flate2::bufread::MultiGzDecoder<Compressed>>>),
    Zstd(Box<BufReader<zstd::stream::read::Decoder<'static, Compressed>>>),
    /// A decoder that could not be made, or one given up.
    Failed(Failing),
}

impl Decoder {
    fn new(codec: Codec, compressed: Compressed) -> Decoder {
        match codec {
            Codec::Plain => Decoder::Plain(compressed.raw),
            Codec::Gzip => Decoder::Gzip(Box::new(BufReader::with_capacity(
                DECODED_BUFFER,
                flate2::bufread::MultiGzDecoder::new(compressed),
            ))),
            Codec::Zstd => match zstd::stream::read::Decoder::with_buffer(compressed) {
                Ok(decoder) => {
                    Decoder::Zstd(Box::new(BufReader::with_capacity(DECODED_BUFFER, decoder)))
                }
                // The decoder context could not be made (out of memory): read as a failed stream.
                Err(e) => Decoder::Failed(Failing(Some(e))),
            },
        }
    }

    fn reader(&mut self) -> &mut dyn BufRead {
        match self {
            Decoder::Plain(r) => r,
            Decoder::Gzip(r) => &mut **r,
            Decoder::Zstd(r) => &mut **r,
            Decoder::Failed(r) => r,
        }
    }

    /// The compressed stream where the decoder stopped, its decoded buffer dropped; `None`
    /// for a plain or failed stream. The zstd decoder is not asked to finish its frame:
    /// that would decode it.
    fn into_compressed(self) -> Option<Compressed> {
        match self {
            Decoder::Gzip(r) => Some(r.into_inner().into_inner()),
            Decoder::Zstd(r) => Some(r.into_inner().into_inner()),
            Decoder::Plain(_) | Decoder::Failed(_) => None,
        }
    }
}

/// The decompression-bomb limit and where it counts from.
#[derive(Debug, Clone, Copy)]
struct Expansion {
    /// See [`crate::ReadOptions::max_expansion`].
    ratio: u64,
    /// See [`crate::ReadOptions::expansion_floor_bytes`].
    floor: u64,
    /// Decoded and compressed offsets where counting started: the start of the file, or the
    /// member where reading went on after the last bomb.
    decoded_from: u64,
    compressed_from: u64,
}

/// What the expansion limit has done to the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bomb {
    /// Nothing.
    None,
    /// Stopped it: every read from now on fails.
    Ended,
    /// Stopped one member and skipped to the next: the next read goes on there.
    Skipped,
}

/// The decoded bytes of one input, with the offset of the next byte.
pub(crate) struct Stream {
    reader: Decoder,
    /// Decoded bytes consumed so far.
    pub(crate) offset: u64,
    codec: Codec,
    counters: Arc<Counters>,
    /// Bytes given back with [`Stream::unread`], read before the decoder's.
    back: Vec<u8>,
    back_pos: usize,
    /// The offset to go on from once `back` is read.
    resume_offset: u64,
    /// Decoded bytes past both the floor and `ratio` times the compressed bytes read are a
    /// decompression bomb.
    expansion: Option<Expansion>,
    /// Set when the expansion limit stopped the stream.
    bomb: Bomb,
    /// The error that ended the stream at a bomb, returned by every read after it.
    bomb_detail: String,
}

/// What [`Stream::read_line`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// The end of the stream; nothing was read.
    End,
    /// A line is in the buffer, without its `\n`.
    Read,
    /// The line was longer than the limit; it was skipped, this many bytes with the `\n`.
    TooLong(u64),
}

impl Stream {
    /// Puts the decoder `codec` calls for in front of `raw`.
    pub(crate) fn new(raw: RawReader, codec: Codec, counters: Arc<Counters>) -> Stream {
        // The raw buffer already holds the first bytes: the decoder reads on from it.
        Stream {
            reader: Decoder::new(codec, Compressed::new(raw)),
            offset: 0,
            codec,
            counters,
            back: Vec::new(),
            back_pos: 0,
            resume_offset: 0,
            expansion: None,
            bomb: Bomb::None,
            bomb_detail: String::new(),
        }
    }

    /// Stops a compressed stream with `error:decompression_bomb` once it has decoded more than
    /// `floor` bytes and more than `ratio` times the compressed bytes read so far. Checked at
    /// each refill, so it overshoots by at most one buffer.
    ///
    /// The bomb is one gzip member or zstd frame: the stream skips to the next one without
    /// decoding the rest of it (see [`crate::member`]) and goes on there, counting afresh
    /// from it, so a file of many bombs costs what as many one-bomb files would. When no
    /// member follows, the stream ends at the bomb. The limit is checked between refills, so
    /// a bomb that ends inside the refill that trips it takes the start of the member after
    /// it along (the skip begins where the decoder stopped, in that member).
    pub(crate) fn limit_expansion(&mut self, ratio: u64, floor: u64) {
        if self.codec != Codec::Plain {
            self.expansion = Some(Expansion {
                ratio,
                floor,
                decoded_from: 0,
                compressed_from: 0,
            });
        }
    }

    /// Whether reading goes on after the error just returned: the decompression bomb it
    /// reported was skipped, and the next member follows. Any other error ends the stream.
    pub(crate) fn goes_on(&self) -> bool {
        self.bomb == Bomb::Skipped
    }

    /// The reason for a read error: the decoder's (`bad_gzip`, `bad_zstd`) unless the file
    /// itself failed.
    pub(crate) fn error_reason(&self) -> Reason {
        if self.bomb != Bomb::None {
            return error::DECOMPRESSION_BOMB;
        }
        if self.counters.file_failed.load(Ordering::Relaxed) {
            return error::UNREADABLE;
        }
        match self.codec {
            Codec::Plain => error::UNREADABLE,
            Codec::Gzip => error::BAD_GZIP,
            Codec::Zstd => error::BAD_ZSTD,
        }
    }

    /// The buffered bytes, refilled when empty; empty at the end.
    pub(crate) fn fill(&mut self) -> io::Result<&[u8]> {
        if self.back_pos < self.back.len() {
            return Ok(&self.back[self.back_pos..]);
        }
        match self.bomb {
            Bomb::Ended => return Err(io::Error::other(self.bomb_detail.clone())),
            Bomb::Skipped => self.bomb = Bomb::None,
            Bomb::None => {}
        }
        if let Some(limit) = self.expansion {
            let decoded = self.offset.saturating_sub(limit.decoded_from);
            let compressed = self.counters.bytes().saturating_sub(limit.compressed_from);
            if decoded > limit.floor && decoded / limit.ratio.max(1) > compressed {
                let detail = format!(
                    "{decoded} bytes decoded from {compressed} compressed bytes: more than {}x \
                     past {} bytes (run.max_expansion, run.expansion_floor_bytes)",
                    limit.ratio, limit.floor
                );
                return Err(self.skip_bomb(detail));
            }
        }
        let reader = self.reader.reader();
        // A retry after `Interrupted`; the second call returns what the first one buffered.
        loop {
            match reader.fill_buf() {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
                Ok(b) => {
                    if b.is_empty() {
                        self.counters
                            .decoded_end
                            .store(self.offset, Ordering::Relaxed);
                        self.counters.set_ended();
                    }
                    break;
                }
            }
        }
        reader.fill_buf()
    }

    /// Drops the member the expansion limit stopped and looks for the next one; returns the
    /// error to report, which says where reading goes on.
    fn skip_bomb(&mut self, detail: String) -> io::Error {
        let decoder = std::mem::replace(&mut self.reader, Decoder::Failed(Failing(None)));
        let found = match decoder.into_compressed() {
            Some(mut compressed) => {
                let at = compressed.pos();
                match crate::member::next(&mut compressed, self.codec) {
                    Ok(Some(_)) => Ok((at, compressed)),
                    Ok(None) => Err(format!("no {} after it", self.member_word())),
                    Err(e) => Err(format!("looking for the next {}: {e}", self.member_word())),
                }
            }
            None => Err("not a compressed stream".to_owned()),
        };
        match found {
            Ok((at, compressed)) => {
                let detail = format!(
                    "{detail}; skipped from compressed byte {at} to the {} at {}",
                    self.member_word(),
                    compressed.pos()
                );
                if let Some(limit) = self.expansion.as_mut() {
                    limit.decoded_from = self.offset;
                    limit.compressed_from = compressed.pos();
                }
                self.reader = Decoder::new(self.codec, compressed);
                self.bomb = Bomb::Skipped;
                io::Error::other(detail)
            }
            Err(why) => {
                self.bomb = Bomb::Ended;
                self.bomb_detail = format!("{detail}; {why}: the file ends here");
                io::Error::other(self.bomb_detail.clone())
            }
        }
    }

    /// What one unit of the compressed stream is called.
    fn member_word(&self) -> &'static str {
        match self.codec {
            Codec::Zstd => "zstd frame",
            Codec::Gzip | Codec::Plain => "gzip member",
        }
    }

    /// Marks `n` buffered bytes as read.
    pub(crate) fn consume(&mut self, n: usize) {
        self.offset += n as u64;
        if self.back_pos < self.back.len() {
            self.back_pos += n;
            if self.back_pos >= self.back.len() {
                self.back.clear();
                self.back_pos = 0;
                self.offset = self.resume_offset;
            }
            return;
        }
        self.reader.reader().consume(n);
    }

    /// Gives `bytes`, which started at `offset`, back to be read again before the rest (the
    /// WARC reader's way back when a wrong length made it read into the next record). Any
    /// bytes given back before and not read yet are dropped.
    pub(crate) fn unread(&mut self, bytes: Vec<u8>, offset: u64) {
        if self.back_pos >= self.back.len() {
            self.resume_offset = self.offset;
        }
        self.back = bytes;
        self.back_pos = 0;
        self.offset = offset;
        if self.back.is_empty() {
            self.offset = self.resume_offset;
        }
    }

    /// Reads one line into `buf` (cleared first, `\n` left out). A line longer than `limit`
    /// is skipped to its end without being buffered.
    pub(crate) fn read_line(&mut self, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
        buf.clear();
        let mut skipped: Option<u64> = None;
        loop {
            let avail = self.fill()?;
            if avail.is_empty() {
                return Ok(match skipped {
                    Some(n) => Line::TooLong(n),
                    None if buf.is_empty() => Line::End,
                    None => Line::Read,
                });
            }
            let (take, done) = match memchr::memchr(b'\n', avail) {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            let content = if done { take - 1 } else { take };
            match skipped.as_mut() {
                Some(n) => *n += take as u64,
                None if buf.len() + content > limit => skipped = Some((buf.len() + take) as u64),
                None => buf.extend_from_slice(&avail[..content]),
            }
            if skipped.is_some() {
                buf.clear();
            }
            self.consume(take);
            if done {
                return Ok(match skipped {
                    Some(n) => Line::TooLong(n),
                    None => Line::Read,
                });
            }
        }
    }

    /// Reads up to `limit + 1` bytes of what is left into `buf`; more than `limit` means the
    /// rest was too large (and was not read).
    pub(crate) fn read_rest(&mut self, buf: &mut Vec<u8>, limit: usize) -> io::Result<()> {
        loop {
            let avail = self.fill()?;
            if avail.is_empty() || buf.len() > limit {
                return Ok(());
            }
            let take = avail.len().min(limit + 1 - buf.len());
            buf.extend_from_slice(&avail[..take]);
            self.consume(take);
        }
    }

    /// Reads exactly `n` bytes into `buf` (appended), or as many as there are before the end;
    /// returns how many were read.
    pub(crate) fn read_up_to(&mut self, buf: &mut Vec<u8>, n: u64) -> io::Result<u64> {
        let mut got = 0;
        while got < n {
            let avail = self.fill()?;
            if avail.is_empty() {
                break;
            }
            let take = avail
                .len()
                .min(usize::try_from(n - got).unwrap_or(usize::MAX));
            buf.extend_from_slice(&avail[..take]);
            self.consume(take);
            got += take as u64;
        }
        Ok(got)
    }

    /// Skips `n` bytes, or as many as there are; returns how many were skipped.
    pub(crate) fn skip(&mut self, n: u64) -> io::Result<u64> {
        let mut got = 0;
        while got < n {
            let avail = self.fill()?.len();
            if avail == 0 {
                break;
            }
            let take = avail.min(usize::try_from(n - got).unwrap_or(usize::MAX));
            self.consume(take);
            got += take as u64;
        }
        Ok(got)
    }
}

/// A stream whose first read fails, for a decoder that could not be made.
struct Failing(Option<io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

impl BufRead for Failing {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(&[]),
        }
    }
    fn consume(&mut self, _: usize) {}
}
