//! Dedup's entries, fixed-width `(key, ordinal)`, kept in a buffer and spilled as sorted runs
//! (`ghirbal_core::runs`, the spill mechanism every corpus stage shares), read back as one
//! sorted stream; and the log of record ids.
//!
//! An entry is written as little-endian bytes (key, then ordinal). The merge order is the entry
//! order `(key, ordinal)`, a total order: the stream is the same whether the entries stayed in
//! memory or went through any number of runs.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use ghirbal_core::runs::{Fixed, Run};

/// The k-way merge of a stream's buffer and runs.
pub(crate) type Merge<E> = ghirbal_core::runs::Merge<E>;

/// A fixed-width index entry ordered by `(key, ordinal)`, a total order.
pub(crate) trait Entry: Fixed + Sync {
    /// The record's ordinal.
    fn ordinal(&self) -> u64;
    /// True when both entries carry the same key.
    fn same_key(&self, other: &Self) -> bool;
    /// The same key with another ordinal.
    fn with_ordinal(&self, ord: u64) -> Self;
}

/// A 128-bit key (exact text hash, URL hash) and an ordinal: 24 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Wide {
    pub key: u128,
    pub ord: u64,
}

/// A 64-bit key (LSH band key) and an ordinal: 16 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Narrow {
    pub key: u64,
    pub ord: u64,
}

impl Fixed for Wide {
    const SIZE: usize = 24;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key.to_le_bytes());
        out.extend_from_slice(&self.ord.to_le_bytes());
    }
    fn read(b: &[u8]) -> Wide {
        let mut k = [0u8; 16];
        k.copy_from_slice(&b[..16]);
        let mut o = [0u8; 8];
        o.copy_from_slice(&b[16..24]);
        Wide {
            key: u128::from_le_bytes(k),
            ord: u64::from_le_bytes(o),
        }
    }
}

impl Entry for Wide {
    fn ordinal(&self) -> u64 {
        self.ord
    }
    fn same_key(&self, other: &Wide) -> bool {
        self.key == other.key
    }
    fn with_ordinal(&self, ord: u64) -> Wide {
        Wide { key: self.key, ord }
    }
}

impl Fixed for Narrow {
    const SIZE: usize = 16;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key.to_le_bytes());
        out.extend_from_slice(&self.ord.to_le_bytes());
    }
    fn read(b: &[u8]) -> Narrow {
        let mut k = [0u8; 8];
        k.copy_from_slice(&b[..8]);
        let mut o = [0u8; 8];
        o.copy_from_slice(&b[8..16]);
        Narrow {
            key: u64::from_le_bytes(k),
            ord: u64::from_le_bytes(o),
        }
    }
}

impl Entry for Narrow {
    fn ordinal(&self) -> u64 {
        self.ord
    }
    fn same_key(&self, other: &Narrow) -> bool {
        self.key == other.key
    }
    fn with_ordinal(&self, ord: u64) -> Narrow {
        Narrow { key: self.key, ord }
    }
}

/// Entries of one kind: an unsorted in-memory buffer plus sorted runs on disk.
#[derive(Debug)]
pub(crate) struct Stream<E> {
    buf: Vec<E>,
    runs: Vec<Run>,
}

impl<E> Default for Stream<E> {
    fn default() -> Stream<E> {
        Stream {
            buf: Vec::new(),
            runs: Vec::new(),
        }
    }
}

impl<E: Entry> Stream<E> {
    /// A stream of one run: `entries` entries sorted by key, read from `file`'s position on.
    pub fn from_run(file: File, entries: u64) -> Stream<E> {
        Stream {
            buf: Vec::new(),
            runs: vec![Run::from_file(file, entries)],
        }
    }

    /// Adds one entry to the buffer.
    pub fn push(&mut self, e: E) {
        self.buf.push(e);
    }

    /// Bytes held by the in-memory buffer (its entries, not its spare capacity).
    pub fn buffered_bytes(&self) -> usize {
        self.buf.len() * E::SIZE
    }

    /// Runs written to disk so far.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Entries in memory and on disk.
    pub fn len(&self) -> u64 {
        self.buf.len() as u64 + self.runs.iter().map(Run::entries).sum::<u64>()
    }

    /// Sorts the buffer and writes it to a new run in `dir`; the buffer is freed. On an I/O
    /// error the entries stay in memory (over budget, but nothing is lost).
    pub fn spill(&mut self, dir: &Path) -> io::Result<u64> {
        if self.buf.is_empty() {
            return Ok(0);
        }
        self.buf.sort_unstable();
        let run = Run::write(dir, self.buf.iter().copied())?;
        let entries = run.entries();
        self.runs.push(run);
        self.buf = Vec::new();
        Ok(entries * E::SIZE as u64)
    }

    /// Takes over `other`'s buffer and runs.
    pub fn append(&mut self, mut other: Stream<E>) {
        if self.buf.is_empty() {
            std::mem::swap(&mut self.buf, &mut other.buf);
        }
        self.buf.append(&mut other.buf);
        self.runs.append(&mut other.runs);
    }

    /// All entries in `(key, ordinal)` order; each run is read through a buffer of about
    /// `read_buffer` bytes.
    pub fn into_sorted(mut self, read_buffer: usize) -> Merge<E> {
        self.buf.sort_unstable();
        let cap = (read_buffer / E::SIZE).max(64) * E::SIZE;
        Merge::new(vec![Box::new(self.buf.into_iter())], self.runs, cap)
    }
}

/// Record ids by ordinal, as a flat byte log (`ordinal u64, length u32, bytes`) in memory and
/// in spilled files; only read once, in `finish`, to keep the ids of cluster representatives.
#[derive(Debug, Default)]
pub(crate) struct IdLog {
    buf: Vec<u8>,
    files: Vec<File>,
}

impl IdLog {
    /// Appends one id.
    pub fn push(&mut self, ord: u64, id: &str) {
        // An id longer than u32::MAX bytes is cut; ids are short in practice.
        let bytes = &id.as_bytes()[..id.len().min(u32::MAX as usize)];
        self.buf.extend_from_slice(&ord.to_le_bytes());
        self.buf
            .extend_from_slice(&(bytes.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(bytes);
    }

    /// Bytes in memory.
    pub fn buffered_bytes(&self) -> usize {
        self.buf.len()
    }

    /// Writes the buffer to a new file in `dir`; on error the buffer stays in memory.
    pub fn spill(&mut self, dir: &Path) -> io::Result<u64> {
        if self.buf.is_empty() {
            return Ok(0);
        }
        let mut file = tempfile::tempfile_in(dir)?;
        file.write_all(&self.buf)?;
        file.seek(SeekFrom::Start(0))?;
        self.files.push(file);
        let n = self.buf.len() as u64;
        self.buf = Vec::new();
        Ok(n)
    }

    /// The log written at `path` by [`write_to`](IdLog::write_to).
    pub fn open(path: &Path) -> io::Result<IdLog> {
        Ok(IdLog {
            buf: Vec::new(),
            files: vec![File::open(path)?],
        })
    }

    /// Writes every entry (memory and spilled files) to the file at `path`, synced.
    pub fn write_to(self, path: &Path) -> io::Result<()> {
        let mut out = io::BufWriter::new(File::create(path)?);
        out.write_all(&self.buf)?;
        for mut file in self.files {
            io::copy(&mut file, &mut out)?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_data()
    }

    /// Takes over `other`'s entries.
    pub fn append(&mut self, mut other: IdLog) {
        self.buf.append(&mut other.buf);
        self.files.append(&mut other.files);
    }

    /// Calls `f(ordinal, id)` for every entry, in no particular order; returns the number of
    /// files that could not be read to the end.
    pub fn for_each(self, mut f: impl FnMut(u64, &str)) -> u64 {
        let mut errors = 0;
        scan(&self.buf, &mut f);
        for file in self.files {
            let mut bytes = Vec::new();
            let mut reader = BufReader::new(file);
            if reader.read_to_end(&mut bytes).is_err() {
                errors += 1;
            }
            scan(&bytes, &mut f);
        }
        errors
    }
}

fn scan(mut bytes: &[u8], f: &mut impl FnMut(u64, &str)) {
    while bytes.len() >= 12 {
        let mut o = [0u8; 8];
        o.copy_from_slice(&bytes[..8]);
        let mut l = [0u8; 4];
        l.copy_from_slice(&bytes[8..12]);
        let len = u32::from_le_bytes(l) as usize;
        let Some(id) = bytes.get(12..12 + len) else {
            return;
        };
        // Ids were written from `&str` and cut at a byte count; a cut inside a character
        // loses only that id's tail.
        let id = match std::str::from_utf8(id) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&id[..e.valid_up_to()]).unwrap_or_default(),
        };
        f(u64::from_le_bytes(o), id);
        bytes = &bytes[12 + len..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_runs_merge_into_the_same_order_as_memory() {
        let dir = tempfile::tempdir().unwrap();
        let entries: Vec<Narrow> = (0..1000u64)
            .map(|i| Narrow {
                key: (i * 7919) % 97,
                ord: i,
            })
            .collect();
        let mut mem = Stream::default();
        let mut disk = Stream::default();
        for (i, e) in entries.iter().enumerate() {
            mem.push(*e);
            disk.push(*e);
            if i % 77 == 0 {
                disk.spill(dir.path()).unwrap();
            }
        }
        assert!(disk.runs() > 10);
        let a: Vec<Narrow> = mem.into_sorted(1024).collect();
        let b: Vec<Narrow> = disk.into_sorted(64).collect();
        assert_eq!(a.len(), 1000);
        assert_eq!(a, b);
        assert!(a.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn id_log_reads_back_from_memory_and_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = IdLog::default();
        log.push(1, "a");
        log.spill(dir.path()).unwrap();
        log.push(2, "بي");
        log.push(3, "");
        let mut got = Vec::new();
        assert_eq!(log.for_each(|o, id| got.push((o, id.to_string()))), 0);
        got.sort();
        assert_eq!(
            got,
            vec![(1, "a".into()), (2, "بي".into()), (3, String::new())]
        );
    }
}
