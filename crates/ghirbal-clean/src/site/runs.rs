//! The site index while it is observed: `(site hash, line hash)` pairs in a memory buffer,
//! spilled to disk as sorted, counted runs when the buffer passes the budget, and read back
//! by a k-way merge that sums the counts (`ghirbal_core::runs`, the spill mechanism every
//! corpus stage shares).
//!
//! A run is a flat file of 20-byte little-endian entries `(site u64, line u64, pages u32)`,
//! sorted by `(site, line)`, each pair once with the number of pages it was pushed for. The
//! merge yields every pair once, in `(site, line)` order, with its total: the same sequence
//! whether the pairs stayed in memory or went through any number of runs.

use std::io;
use std::path::Path;

use ghirbal_core::runs::{self, Fixed, Run};

/// Bytes of one buffered pair in memory.
pub const PAIR_BYTES: usize = 16;
/// Bytes of one counted pair in a run file.
const COUNT_BYTES: usize = 20;
/// Read buffer of each run during the merge; `finish` holds one per run.
const READ_BUFFER: usize = 64 << 10;
/// Most runs kept on disk: each costs an open file, and a read buffer at `finish`. Past it,
/// the runs are merged into one (their pairs summed), so a small budget on a large corpus
/// never needs more than this many files and `MAX_RUNS × READ_BUFFER` (4 MiB) to merge.
const MAX_RUNS: usize = 64;

/// One `(site, line)` pair with the number of pages it occurs on.
// Ordered by site, then line, then pages: the merge order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Count {
    /// Hash of the site's group name.
    pub site: u64,
    /// Hash of the line's key, or [`PAGE`](super::PAGE) for the site's page count.
    pub line: u64,
    /// Pages (saturating at `u32::MAX`).
    pub pages: u32,
}

impl Fixed for Count {
    const SIZE: usize = COUNT_BYTES;

    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.site.to_le_bytes());
        out.extend_from_slice(&self.line.to_le_bytes());
        out.extend_from_slice(&self.pages.to_le_bytes());
    }

    fn read(b: &[u8]) -> Count {
        let mut site = [0u8; 8];
        site.copy_from_slice(&b[..8]);
        let mut line = [0u8; 8];
        line.copy_from_slice(&b[8..16]);
        let mut pages = [0u8; 4];
        pages.copy_from_slice(&b[16..20]);
        Count {
            site: u64::from_le_bytes(site),
            line: u64::from_le_bytes(line),
            pages: u32::from_le_bytes(pages),
        }
    }
}

/// The pairs observed by one worker (or several, once merged): a buffer plus runs on disk.
#[derive(Debug, Default)]
pub struct Runs {
    buf: Vec<(u64, u64)>,
    /// Buffers of the parts merged into this one, kept apart so that merging copies nothing.
    merged: Vec<Vec<(u64, u64)>>,
    runs: Vec<Run>,
    /// Runs written, bytes written, and spills that failed (their pairs stayed in memory).
    pub spilled_runs: u64,
    /// Bytes written to runs.
    pub spilled_bytes: u64,
    /// Spills that failed; their pairs stayed in memory, over budget but not lost.
    pub spill_errors: u64,
    /// Runs that could not be read back to the end while compacting (pairs not counted).
    pub read_errors: u64,
}

impl Runs {
    /// Adds one pair to the buffer.
    pub fn push(&mut self, site: u64, line: u64) {
        self.buf.push((site, line));
    }

    /// Bytes of the buffered pairs (not the buffer's spare capacity).
    pub fn buffered_bytes(&self) -> usize {
        self.buf.len() * PAIR_BYTES
    }

    /// Bytes the buffers hold on the heap, spare capacity included.
    pub fn heap_bytes(&self) -> usize {
        let merged: usize = self.merged.iter().map(Vec::capacity).sum();
        (self.buf.capacity() + merged) * PAIR_BYTES
    }

    /// Sorts and counts the buffer, writes it to a new run in `dir` and frees it; returns
    /// the bytes freed from the budget. On an I/O error the pairs stay in memory (over
    /// budget, nothing lost) and the error is counted.
    pub fn spill(&mut self, dir: &Path) -> usize {
        if self.buf.is_empty() {
            return 0;
        }
        let freed = self.buffered_bytes();
        match self.write_run(dir) {
            Ok(bytes) => {
                self.spilled_runs += 1;
                self.spilled_bytes += bytes;
                self.buf = Vec::new();
                if self.runs.len() > MAX_RUNS {
                    self.compact(dir);
                }
                freed
            }
            Err(_) => {
                self.spill_errors += 1;
                0
            }
        }
    }

    /// Merges all runs into one. On a write error the old runs are kept (rewound) and the
    /// error is counted; a run that cannot be read to the end is counted in `read_errors`.
    fn compact(&mut self, dir: &Path) {
        match self.write_compacted(dir) {
            Ok((run, bytes, read_errors)) => {
                self.runs = vec![run];
                self.spilled_bytes += bytes;
                self.read_errors += read_errors;
            }
            Err(_) => {
                self.spill_errors += 1;
                for run in &mut self.runs {
                    // A run that cannot be rewound is read from where it stands: its
                    // remaining pairs are short, and the merge counts it as a read error.
                    let _ = run.rewind();
                }
            }
        }
    }

    fn write_compacted(&mut self, dir: &Path) -> io::Result<(Run, u64, u64)> {
        let clones = self
            .runs
            .iter()
            .map(Run::try_clone)
            .collect::<io::Result<_>>()?;
        let mut merge = Merge::of(Vec::new(), clones);
        let run = Run::write(dir, merge.by_ref())?;
        let bytes = run.entries() * COUNT_BYTES as u64;
        Ok((run, bytes, merge.read_errors()))
    }

    /// Runs on disk now.
    #[cfg(test)]
    pub fn runs_on_disk(&self) -> usize {
        self.runs.len()
    }

    fn write_run(&mut self, dir: &Path) -> io::Result<u64> {
        self.buf.sort_unstable();
        let run = Run::write(dir, counted(self.buf.iter().copied()))?;
        let bytes = run.entries() * COUNT_BYTES as u64;
        self.runs.push(run);
        Ok(bytes)
    }

    /// Takes over `other`'s buffers, runs and counters, without copying a pair.
    pub fn append(&mut self, mut other: Runs) {
        if !other.buf.is_empty() {
            self.merged.push(std::mem::take(&mut other.buf));
        }
        self.merged.append(&mut other.merged);
        self.runs.append(&mut other.runs);
        self.spilled_runs += other.spilled_runs;
        self.spilled_bytes += other.spilled_bytes;
        self.spill_errors += other.spill_errors;
        self.read_errors += other.read_errors;
    }

    /// Every pair once, in `(site, line)` order, with its pages summed over the buffers and
    /// all runs. Each buffer is sorted in place and counted as it is read, so the merge needs
    /// no memory beyond the buffers and one read buffer per run.
    /// Past [`MAX_RUNS`] runs (parts merged together may bring more), they are first merged
    /// into one in `dir`.
    pub fn into_counts(mut self, dir: &Path) -> Merge {
        if self.runs.len() > MAX_RUNS {
            self.compact(dir);
        }
        self.merged.push(std::mem::take(&mut self.buf));
        let memory = self
            .merged
            .into_iter()
            .map(|mut buf| {
                buf.sort_unstable();
                Box::new(counted(buf.into_iter())) as Box<dyn Iterator<Item = Count> + Send>
            })
            .collect();
        let mut merge = Merge::of(memory, self.runs);
        merge.compact_errors = self.read_errors;
        merge
    }
}

/// Sorted pairs → one [`Count`] per distinct pair.
fn counted(pairs: impl Iterator<Item = (u64, u64)>) -> impl Iterator<Item = Count> {
    let mut pairs = pairs.peekable();
    std::iter::from_fn(move || {
        let (site, line) = pairs.next()?;
        let mut pages = 1u32;
        while pairs.next_if_eq(&(site, line)).is_some() {
            pages = pages.saturating_add(1);
        }
        Some(Count { site, line, pages })
    })
}

/// The k-way merge of counted buffers and runs: each pair once, its pages summed.
pub struct Merge {
    inner: runs::Merge<Count>,
    /// Runs not read to the end while compacting, before this merge.
    compact_errors: u64,
}

impl Merge {
    fn of(memory: Vec<Box<dyn Iterator<Item = Count> + Send>>, runs: Vec<Run>) -> Merge {
        Merge {
            inner: runs::Merge::new(memory, runs, READ_BUFFER),
            compact_errors: 0,
        }
    }

    /// The merge of runs read from files (a partition's counts from every map task).
    pub fn of_runs(runs: Vec<Run>) -> Merge {
        Merge::of(Vec::new(), runs)
    }

    /// Runs that could not be read to the end (their remaining pairs are not counted),
    /// including those met while compacting.
    pub fn read_errors(&self) -> u64 {
        self.compact_errors + self.inner.io_errors
    }
}

impl Iterator for Merge {
    type Item = Count;

    fn next(&mut self) -> Option<Count> {
        let mut c = self.inner.next()?;
        while let Some(n) = self.inner.peek()
            && (n.site, n.line) == (c.site, c.line)
        {
            let more = self.inner.next().map_or(0, |m| m.pages);
            c.pages = c.pages.saturating_add(more);
        }
        Some(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs() -> Vec<(u64, u64)> {
        (0..2000u64).map(|i| (i % 3, (i * 7919) % 101)).collect()
    }

    fn counts(runs: Runs) -> Vec<(u64, u64, u32)> {
        let dir = tempfile::tempdir().unwrap();
        runs.into_counts(dir.path())
            .map(|c| (c.site, c.line, c.pages))
            .collect()
    }

    #[test]
    fn spilled_runs_count_the_same_as_memory() {
        let dir = tempfile::tempdir().unwrap();
        let (mut mem, mut disk) = (Runs::default(), Runs::default());
        for (n, (s, l)) in pairs().into_iter().enumerate() {
            mem.push(s, l);
            disk.push(s, l);
            if n % 97 == 0 {
                assert!(disk.spill(dir.path()) > 0);
            }
        }
        assert!(disk.spilled_runs > 10);
        let (a, b) = (counts(mem), counts(disk));
        assert_eq!(a, b);
        assert_eq!(a.len(), 3 * 101);
        assert_eq!(a.iter().map(|c| u64::from(c.2)).sum::<u64>(), 2000);
        assert!(a.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
    }

    #[test]
    fn many_runs_are_compacted_and_count_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let (mut mem, mut disk) = (Runs::default(), Runs::default());
        for (n, (s, l)) in pairs().into_iter().enumerate() {
            mem.push(s, l);
            disk.push(s, l);
            if n % 7 == 0 {
                disk.spill(dir.path());
                assert!(disk.runs_on_disk() <= MAX_RUNS);
            }
        }
        assert!(disk.spilled_runs > 2 * MAX_RUNS as u64);
        assert_eq!((disk.spill_errors, disk.read_errors), (0, 0));
        assert_eq!(counts(mem), counts(disk));
    }

    #[test]
    fn appended_parts_count_like_one() {
        let dir = tempfile::tempdir().unwrap();
        let (mut one, mut a, mut b) = (Runs::default(), Runs::default(), Runs::default());
        for (n, (s, l)) in pairs().into_iter().enumerate() {
            one.push(s, l);
            let part = if n % 2 == 0 { &mut a } else { &mut b };
            part.push(s, l);
            if n % 301 == 0 {
                part.spill(dir.path());
            }
        }
        b.append(a);
        assert_eq!(counts(one), counts(b));
    }

    #[test]
    fn a_spill_into_a_missing_directory_keeps_the_pairs() {
        let mut runs = Runs::default();
        runs.push(1, 2);
        assert_eq!(runs.spill(Path::new("/nonexistent/ghirbal-site")), 0);
        assert_eq!(runs.spill_errors, 1);
        assert_eq!(counts(runs), vec![(1, 2, 1)]);
    }
}
