//! Sorted runs of fixed-width entries spilled to disk, and the k-way merge that reads them back
//! with sorted memory buffers as one sorted stream: how every corpus stage (dedup's keys,
//! clean.site's line counts) keeps its index within a memory budget.
//!
//! A run is an anonymous temp file holding a flat array of little-endian entries in order, so
//! it needs no serialisation framework and is deleted when dropped. The merge yields entries
//! in their `Ord` order; with a total order the stream is the same however the entries were
//! split between memory and runs.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// An entry of fixed width, written as little-endian bytes.
pub trait Fixed: Copy + Ord + Send + 'static {
    /// Bytes of one entry on disk (at most [`MAX_SIZE`]).
    const SIZE: usize;
    /// Appends the entry's `SIZE` bytes to `out`.
    fn write(&self, out: &mut Vec<u8>);
    /// Reads an entry back from its `SIZE` bytes.
    fn read(bytes: &[u8]) -> Self;
}

/// The widest entry a run can hold.
pub const MAX_SIZE: usize = 32;

/// The partition (of `parts`) of a 64-bit hash key: `parts` equal ranges of the key space, in
/// key order, so a sorted stream is cut into partitions without reordering it and each
/// partition's keys are a sorted run of their own.
pub fn partition_of(key: u64, parts: u32) -> u32 {
    ((u128::from(key) * u128::from(parts.max(1))) >> 64) as u32
}

/// One sorted run on disk.
#[derive(Debug)]
pub struct Run {
    file: File,
    entries: u64,
}

/// Encodes `sorted` onto `w` in blocks of 4,096 entries; returns how many were written.
fn write_entries<E: Fixed>(w: &mut impl Write, sorted: impl Iterator<Item = E>) -> io::Result<u64> {
    let mut bytes = Vec::with_capacity(E::SIZE * 4096);
    let mut entries = 0u64;
    for e in sorted {
        e.write(&mut bytes);
        entries += 1;
        if bytes.len() >= E::SIZE * 4096 {
            w.write_all(&bytes)?;
            bytes.clear();
        }
    }
    w.write_all(&bytes)?;
    Ok(entries)
}

impl Run {
    /// Writes `sorted` (already in order) to a new run in `dir`, rewound for reading.
    pub fn write<E: Fixed>(dir: &Path, sorted: impl Iterator<Item = E>) -> io::Result<Run> {
        debug_assert!(E::SIZE <= MAX_SIZE);
        let mut w = BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(dir)?);
        let entries = write_entries(&mut w, sorted)?;
        let mut file = w.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        Ok(Run { file, entries })
    }

    /// Writes `sorted` to the file at `path` (created or truncated, synced) as a run that
    /// another process can [`open`](Run::open): how a partitioned corpus stage hands its
    /// sorted entries from one task to another. Returns the entries written.
    pub fn write_file<E: Fixed>(path: &Path, sorted: impl Iterator<Item = E>) -> io::Result<u64> {
        let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
        let entries = write_entries(&mut w, sorted)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_data()?;
        Ok(entries)
    }

    /// The run [`write_file`](Run::write_file) wrote at `path`; a file whose length is not a
    /// whole number of entries is an error.
    pub fn open<E: Fixed>(path: &Path) -> io::Result<Run> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        if len % E::SIZE as u64 != 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{}: {len} bytes is not a whole number of entries",
                    path.display()
                ),
            ));
        }
        Ok(Run {
            file,
            entries: len / E::SIZE as u64,
        })
    }

    /// A run of `entries` entries read from `file`'s position on (a section of a saved file).
    pub fn from_file(file: File, entries: u64) -> Run {
        Run { file, entries }
    }

    /// Entries in the run.
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// A second handle on the same file. It shares the file position, so after reading
    /// through it the run must be [`rewind`](Run::rewind)ed before it is read again.
    pub fn try_clone(&self) -> io::Result<Run> {
        Ok(Run {
            file: self.file.try_clone()?,
            entries: self.entries,
        })
    }

    /// Moves back to the first entry.
    pub fn rewind(&mut self) -> io::Result<()> {
        self.file.seek(SeekFrom::Start(0)).map(|_| ())
    }
}

/// Opens the runs written at `paths` ([`Run::write_file`]) for one merge of at most `fan_in`
/// runs: past that, groups of `fan_in` are first merged into temporary runs in `dir` (and so
/// on), so a reduce over many map tasks' files never holds more than `fan_in` files open.
pub fn open_all<E: Fixed>(
    paths: &[std::path::PathBuf],
    dir: &Path,
    fan_in: usize,
    read_buffer: usize,
) -> io::Result<Vec<Run>> {
    let fan_in = fan_in.max(2);
    let mut runs = Vec::new();
    for group in paths.chunks(fan_in) {
        let opened = group
            .iter()
            .map(|p| Run::open::<E>(p))
            .collect::<io::Result<Vec<Run>>>()?;
        if paths.len() <= fan_in {
            return Ok(opened);
        }
        runs.push(merged_run::<E>(opened, dir, read_buffer)?);
    }
    while runs.len() > fan_in {
        let mut next = Vec::new();
        let mut rest = runs.into_iter();
        loop {
            let group: Vec<Run> = rest.by_ref().take(fan_in).collect();
            if group.is_empty() {
                break;
            }
            next.push(merged_run::<E>(group, dir, read_buffer)?);
        }
        runs = next;
    }
    Ok(runs)
}

/// The runs merged into one temporary run in `dir`; a run not read to the end is an error.
fn merged_run<E: Fixed>(runs: Vec<Run>, dir: &Path, read_buffer: usize) -> io::Result<Run> {
    let mut merge = Merge::<E>::new(Vec::new(), runs, read_buffer);
    let run = Run::write(dir, merge.by_ref())?;
    if merge.io_errors > 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "a run could not be read to the end",
        ));
    }
    Ok(run)
}

/// Where the merge takes entries from.
enum Source<E> {
    /// A sorted iterator in memory.
    Memory(Box<dyn Iterator<Item = E> + Send>),
    /// A run, read through a buffer.
    Disk { reader: BufReader<File>, left: u64 },
}

/// The k-way merge of sorted memory iterators and runs.
pub struct Merge<E> {
    sources: Vec<Source<E>>,
    heap: BinaryHeap<Reverse<(E, usize)>>,
    /// Runs that could not be read to the end (their remaining entries are not yielded).
    pub io_errors: u64,
}

impl<E: Fixed> Merge<E> {
    /// Merges `memory` (each iterator sorted) with `runs`, each run read through a buffer of
    /// `read_buffer` bytes.
    pub fn new(
        memory: Vec<Box<dyn Iterator<Item = E> + Send>>,
        runs: Vec<Run>,
        read_buffer: usize,
    ) -> Merge<E> {
        let mut sources: Vec<Source<E>> = memory.into_iter().map(Source::Memory).collect();
        sources.extend(runs.into_iter().map(|run| Source::Disk {
            reader: BufReader::with_capacity(read_buffer, run.file),
            left: run.entries,
        }));
        let mut merge = Merge {
            sources,
            heap: BinaryHeap::new(),
            io_errors: 0,
        };
        for i in 0..merge.sources.len() {
            if let Some(e) = merge.pull(i) {
                merge.heap.push(Reverse((e, i)));
            }
        }
        merge
    }

    fn pull(&mut self, i: usize) -> Option<E> {
        match &mut self.sources[i] {
            Source::Memory(it) => it.next(),
            Source::Disk { reader, left } => {
                if *left == 0 {
                    return None;
                }
                let mut bytes = [0u8; MAX_SIZE];
                match reader.read_exact(&mut bytes[..E::SIZE]) {
                    Ok(()) => {
                        *left -= 1;
                        Some(E::read(&bytes[..E::SIZE]))
                    }
                    Err(_) => {
                        *left = 0;
                        self.io_errors += 1;
                        None
                    }
                }
            }
        }
    }

    /// The next entry without taking it.
    pub fn peek(&self) -> Option<&E> {
        self.heap.peek().map(|Reverse((e, _))| e)
    }
}

impl<E: Fixed> Iterator for Merge<E> {
    type Item = E;

    fn next(&mut self) -> Option<E> {
        let Reverse((e, i)) = self.heap.pop()?;
        if let Some(next) = self.pull(i) {
            self.heap.push(Reverse((next, i)));
        }
        Some(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    struct Pair(u64, u32);

    impl Fixed for Pair {
        const SIZE: usize = 12;
        fn write(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.0.to_le_bytes());
            out.extend_from_slice(&self.1.to_le_bytes());
        }
        fn read(b: &[u8]) -> Pair {
            Pair(
                u64::from_le_bytes(b[..8].try_into().unwrap()),
                u32::from_le_bytes(b[8..12].try_into().unwrap()),
            )
        }
    }

    fn entries() -> Vec<Pair> {
        (0..5000u64)
            .map(|i| Pair((i * 7919) % 613, i as u32 % 7))
            .collect()
    }

    #[test]
    fn runs_and_memory_merge_into_the_sorted_whole() {
        let dir = tempfile::tempdir().unwrap();
        let all = entries();
        let mut runs = Vec::new();
        for chunk in all[..4000].chunks(333) {
            let mut c = chunk.to_vec();
            c.sort_unstable();
            runs.push(Run::write(dir.path(), c.into_iter()).unwrap());
        }
        let mut rest = all[4000..].to_vec();
        rest.sort_unstable();
        let merged: Vec<Pair> = Merge::new(vec![Box::new(rest.into_iter())], runs, 4096).collect();
        let mut expected = all;
        expected.sort_unstable();
        assert_eq!(merged, expected);
    }

    #[test]
    fn a_short_run_is_an_io_error_and_the_rest_still_merges() {
        let dir = tempfile::tempdir().unwrap();
        let good = Run::write(dir.path(), [Pair(1, 0), Pair(3, 0)].into_iter()).unwrap();
        let bad = Run::write(dir.path(), [Pair(2, 0)].into_iter()).unwrap();
        // Claims more entries than its file holds.
        let bad = Run::from_file(bad.file, 5);
        let mut merge = Merge::new(Vec::new(), vec![good, bad], 64);
        let got: Vec<Pair> = merge.by_ref().collect();
        assert_eq!(got, [Pair(1, 0), Pair(2, 0), Pair(3, 0)]);
        assert_eq!(merge.io_errors, 1);
    }

    #[test]
    fn a_run_file_reads_back_in_another_handle_and_partitions_keep_key_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.bin");
        let mut all = entries();
        all.sort_unstable();
        assert_eq!(Run::write_file(&path, all.iter().copied()).unwrap(), 5000);
        let run = Run::open::<Pair>(&path).unwrap();
        let back: Vec<Pair> = Merge::new(Vec::new(), vec![run], 4096).collect();
        assert_eq!(back, all);
        std::fs::write(&path, [0u8; 13]).unwrap();
        assert!(Run::open::<Pair>(&path).is_err());
        let keys = [0, 1, u64::MAX / 3, u64::MAX / 2, u64::MAX - 1, u64::MAX];
        let parts: Vec<u32> = keys.iter().map(|&k| partition_of(k, 3)).collect();
        assert_eq!(parts, [0, 0, 0, 1, 2, 2]);
        assert!(keys.iter().all(|&k| partition_of(k, 1) == 0));
    }

    #[test]
    fn many_run_files_open_as_few_runs_that_merge_into_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        let all = entries();
        let mut paths = Vec::new();
        for (n, chunk) in all.chunks(97).enumerate() {
            let mut c = chunk.to_vec();
            c.sort_unstable();
            let path = dir.path().join(format!("{n}.run"));
            Run::write_file(&path, c.into_iter()).unwrap();
            paths.push(path);
        }
        let runs = open_all::<Pair>(&paths, dir.path(), 4, 256).unwrap();
        assert!(runs.len() <= 4, "{}", runs.len());
        let merged: Vec<Pair> = Merge::new(Vec::new(), runs, 256).collect();
        let mut expected = all;
        expected.sort_unstable();
        assert_eq!(merged, expected);
    }

    #[test]
    fn a_cloned_run_reads_again_after_a_rewind() {
        let dir = tempfile::tempdir().unwrap();
        let mut run = Run::write(dir.path(), [Pair(1, 1), Pair(2, 2)].into_iter()).unwrap();
        let first: Vec<Pair> = Merge::new(Vec::new(), vec![run.try_clone().unwrap()], 64).collect();
        run.rewind().unwrap();
        let again: Vec<Pair> = Merge::new(Vec::new(), vec![run], 64).collect();
        assert_eq!(first, again);
        assert_eq!(again.len(), 2);
    }
}
