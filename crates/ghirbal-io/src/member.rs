//! Finding the next gzip member or zstd frame in a compressed stream without decoding the one
//! it is in: how reading goes on after a decompression bomb.
//!
//! A gzip member records no length, and a zstd decoder stopped inside a frame cannot say
//! where the frame ends, so the search looks at the compressed bytes themselves: each place
//! that starts with the format's magic (`1f 8b 08` for gzip with deflate, `28 b5 2f fd` for
//! zstd) is a candidate, checked by decoding the start of it. A candidate is taken when its
//! first [`PROBE_BYTES`] compressed bytes decode without an error until [`PROBE_DECODED`]
//! bytes come out, or the member ends whole (gzip's CRC and length, zstd's checksum when the
//! frame has one), or all of those bytes are used up (a member that is more than
//! [`PROBE_BYTES`] before its first [`PROBE_DECODED`] bytes); when the file ends within the
//! probe, the member must end whole or decode that much. Anything else is refused and the
//! search goes on one byte after it; a member cut by the end of the file before it decodes
//! that much is not found, and the file ends at the bomb.
//!
//! False positives: the magic can occur inside the bomb's own compressed data. Bytes after it
//! that are not a member fail to decode (a bad header flag or block type, a code or distance
//! that points before the start, a CRC that does not match), so they are refused; a place that passes is a valid start
//! of a member, and what it decodes to is read, counted and limited like any other member
//! (a second bomb is skipped the same way, a broken member is `error:bad_gzip` or
//! `error:bad_zstd` and ends the file). Work is bounded: the search only moves forward, each
//! candidate costs at most one probe, and a member taken is read under the same expansion
//! limit.

use std::io::{self, BufRead, Read};

use crate::stream::{Codec, Compressed};

/// Compressed bytes a candidate is checked on: more than a zstd block (128 KiB) and its
/// headers, so that the first block of a real frame decodes whole.
pub(crate) const PROBE_BYTES: usize = 160 << 10;
/// Decoded bytes that are enough to take a candidate.
pub(crate) const PROBE_DECODED: usize = 4 << 10;

/// Moves `compressed` forward to the start of the next gzip member or zstd frame (the rule is
/// in the module's doc) and returns how many bytes were skipped; `None` when the stream ends
/// first (or is not compressed), with everything up to the end consumed.
pub(crate) fn next(compressed: &mut Compressed, codec: Codec) -> io::Result<Option<u64>> {
    let magic: &[u8] = match codec {
        Codec::Gzip => &[0x1f, 0x8b, 0x08],
        Codec::Zstd => &[0x28, 0xb5, 0x2f, 0xfd],
        Codec::Plain => return Ok(None),
    };
    // Bytes taken from the stream and not ruled out yet; a candidate found is at its start
    // before it is checked, so that the probe has all the bytes it can get.
    let mut window: Vec<u8> = Vec::with_capacity(PROBE_BYTES);
    let mut skipped = 0u64;
    let mut eof = false;
    loop {
        while !eof && window.len() < PROBE_BYTES {
            let avail = match compressed.fill_buf() {
                Ok(avail) => avail,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                eof = true;
                break;
            }
            let take = avail.len().min(PROBE_BYTES - window.len());
            window.extend_from_slice(&avail[..take]);
            compressed.consume(take);
        }
        match memchr::memmem::find(&window, magic) {
            Some(0) => {
                if decodes(codec, &window, !eof) {
                    compressed.give_back(window);
                    return Ok(Some(skipped));
                }
                window.drain(..1);
                skipped += 1;
            }
            Some(i) => {
                window.drain(..i);
                skipped += i as u64;
            }
            None if eof => return Ok(None),
            None => {
                // Keep a tail that could be the start of a magic cut by the window's end.
                let drop = window.len() - (magic.len() - 1);
                window.drain(..drop);
                skipped += drop as u64;
            }
        }
    }
}

/// Whether `probe`, which starts with the format's magic, decodes as the module's doc says;
/// `cut`: more of the file follows the probe.
fn decodes(codec: Codec, probe: &[u8], cut: bool) -> bool {
    match codec {
        Codec::Gzip => decodes_some(flate2::bufread::GzDecoder::new(probe), cut),
        Codec::Zstd => match zstd::stream::read::Decoder::with_buffer(probe) {
            Ok(decoder) => decodes_some(decoder.single_frame(), cut),
            Err(_) => false,
        },
        Codec::Plain => false,
    }
}

/// Reads up to [`PROBE_DECODED`] bytes from `decoder`: true unless it fails, other than by
/// running out of a `cut` probe.
fn decodes_some(mut decoder: impl Read, cut: bool) -> bool {
    let mut out = vec![0u8; PROBE_DECODED];
    let mut got = 0;
    while got < out.len() {
        match decoder.read(&mut out[got..]) {
            Ok(0) => return true,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return cut && e.kind() == io::ErrorKind::UnexpectedEof,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::Arc;

    use super::*;
    use crate::stream::{Counters, CountingFile, raw_reader};

    fn compressed(bytes: &[u8]) -> (tempfile::NamedTempFile, Compressed) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        let handle = std::fs::File::open(file.path()).unwrap();
        let raw = raw_reader(CountingFile::new(handle, Arc::new(Counters::default())));
        (file, Compressed::new(raw))
    }

    fn gz(text: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(text).unwrap();
        e.finish().unwrap()
    }

    fn rest(c: &mut Compressed) -> Vec<u8> {
        let mut out = Vec::new();
        c.read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn a_gzip_member_after_junk_holding_false_magics_is_found() {
        let member = gz(b"{\"text\": \"after\"}\n");
        // Junk with the magic three times, followed by bytes that are not deflate.
        let mut bytes = b"junk\x1f\x8b\x08\x00\xff\xff\xff\xffmore\x1f\x8b\x08".to_vec();
        bytes.extend_from_slice(&[0xff; 40]);
        bytes.extend_from_slice(b"\x1f\x8b\x08\x04\x00\x00\x00\x00\x00\x03\xff\xff");
        let junk = bytes.len() as u64;
        bytes.extend_from_slice(&member);
        let (_f, mut c) = compressed(&bytes);
        assert_eq!(next(&mut c, Codec::Gzip).unwrap(), Some(junk));
        assert_eq!(c.pos(), junk);
        assert_eq!(rest(&mut c), member);
    }

    #[test]
    fn a_zstd_frame_after_junk_is_found_and_none_when_there_is_none() {
        let frame = zstd::encode_all(&b"{\"text\": \"after\"}\n"[..], 3).unwrap();
        let mut bytes = b"\x28\xb5\x2f\xfd\xff\xff\xff junk".to_vec();
        let junk = bytes.len() as u64;
        bytes.extend_from_slice(&frame);
        let (_f, mut c) = compressed(&bytes);
        assert_eq!(next(&mut c, Codec::Zstd).unwrap(), Some(junk));
        assert_eq!(rest(&mut c), frame);

        let (_f, mut c) = compressed(b"nothing \x28\xb5\x2f\xfd here");
        assert_eq!(next(&mut c, Codec::Zstd).unwrap(), None);
    }

    #[test]
    fn a_magic_cut_by_the_probe_window_is_still_found() {
        let member = gz(&[b'a'; 10_000]);
        // The magic straddles the end of the first window's worth of junk.
        let mut bytes = vec![0u8; PROBE_BYTES - 1];
        let junk = bytes.len() as u64;
        bytes.extend_from_slice(&member);
        let (_f, mut c) = compressed(&bytes);
        assert_eq!(next(&mut c, Codec::Gzip).unwrap(), Some(junk));
        assert_eq!(rest(&mut c), member);
    }
}
