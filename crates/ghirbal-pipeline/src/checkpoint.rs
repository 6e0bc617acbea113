//! Checkpoints of the passes before the last, so `--resume` redoes only unfinished work.
//!
//! A run with corpus stages spools every record between passes. Each such pass writes its spool
//! in chunks of consecutive run ordinals ([`chunk_records`]); a chunk's file is written as
//! `spool-P-CCCCCC.jsonl.zst.tmp`, flushed, synced and renamed, and then its completion record
//! `spool-P-CCCCCC.json` (the counts of its stages) is written the same way. Once every chunk of
//! pass `P` is in place, `spool-P.json` records the pass, and the chunks of pass `P - 1` are
//! removed. Every record carries the run's fingerprint (the manifest's), so a resume over
//! other input or config keeps none of them.
//!
//! A resume starts at the last pass whose record is there. In each pass it runs, a finished
//! chunk is not read from its source nor run through the stages again: its spool is read back
//! and only observed, to rebuild the pass's index for the next pass (indexes are not saved; the
//! records are, and observing is a small part of a pass's work).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ghirbal_core::StageCounts;
use serde::{Deserialize, Serialize};

/// Batches per checkpoint chunk: a chunk holds `CHUNK_BATCHES × batch_records` consecutive
/// ordinals (2,048 records by default). Smaller chunks lose less work to a kill (a kill loses
/// the chunk being written, half of one on average); each costs a file, a completion record
/// and an fsync.
pub(crate) const CHUNK_BATCHES: u64 = 4;

/// Records per checkpoint chunk for a run cutting batches of `batch_records`.
pub(crate) fn chunk_records(batch_records: usize) -> u64 {
    CHUNK_BATCHES * batch_records.max(1) as u64
}

/// A finished chunk of a pass's spool: its completion record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ChunkDone {
    /// The run's fingerprint ([`crate::manifest::Manifest::fingerprint`]).
    pub fingerprint: String,
    /// The pass that wrote the chunk, from 0.
    pub pass: usize,
    /// The chunk's number: it holds ordinals `chunk × chunk_records` up to `end`.
    pub chunk: u64,
    /// One past the run ordinal of the chunk's last item.
    pub end: u64,
    /// Items in the chunk (kept and dropped).
    pub items: u64,
    /// What the pass's stages counted on the chunk's records.
    pub stages: BTreeMap<String, StageCounts>,
}

/// A finished pass: its record, written once all its chunks are.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PassDone {
    /// The run's fingerprint.
    pub fingerprint: String,
    /// The pass, from 0.
    pub pass: usize,
    /// Items the pass spooled: every item of the run.
    pub items: u64,
    /// What the pass's stages counted on every record.
    pub stages: BTreeMap<String, StageCounts>,
}

/// The checkpoints found in a spool folder, or being written there.
#[derive(Debug, Default)]
pub(crate) struct Checkpoints {
    /// Where the spools and records are (`OUT/.ghirbal/`).
    pub dir: PathBuf,
    /// The run's fingerprint.
    pub fingerprint: String,
    /// Finished chunks by (pass, chunk).
    pub chunks: BTreeMap<(usize, u64), ChunkDone>,
    /// Finished passes.
    pub passes: BTreeMap<usize, PassDone>,
}

/// The file name of chunk `chunk` of pass `pass`'s spool.
pub(crate) fn spool_name(pass: usize, chunk: u64) -> String {
    format!("spool-{pass}-{chunk:06}.jsonl.zst")
}

fn chunk_record_name(pass: usize, chunk: u64) -> String {
    format!("spool-{pass}-{chunk:06}.json")
}

fn pass_record_name(pass: usize) -> String {
    format!("spool-{pass}.json")
}

/// Writes `bytes` to `path` whole: a temporary file, synced, then renamed.
fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("json.tmp");
    fs::write(&tmp, bytes)?;
    fs::File::open(&tmp)?.sync_data()?;
    fs::rename(&tmp, path)
}

impl Checkpoints {
    /// No checkpoint yet: a run that starts from the beginning in `dir`.
    pub(crate) fn new(dir: PathBuf, fingerprint: &str) -> Checkpoints {
        Checkpoints {
            dir,
            fingerprint: fingerprint.to_owned(),
            ..Checkpoints::default()
        }
    }

    /// The checkpoints in `dir` with this fingerprint whose files are all there: a chunk
    /// counts only with its spool, and a pass only with its record.
    pub(crate) fn load(dir: PathBuf, fingerprint: &str) -> Checkpoints {
        let mut found = Checkpoints::new(dir, fingerprint);
        let Ok(entries) = fs::read_dir(&found.dir) else {
            return found;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !(name.starts_with("spool-") && name.ends_with(".json")) {
                continue;
            }
            let Ok(bytes) = fs::read(entry.path()) else {
                continue;
            };
            if let Ok(c) = serde_json::from_slice::<ChunkDone>(&bytes) {
                let spool = found.dir.join(spool_name(c.pass, c.chunk));
                if c.fingerprint == fingerprint
                    && name == chunk_record_name(c.pass, c.chunk)
                    && spool.is_file()
                {
                    found.chunks.insert((c.pass, c.chunk), c);
                }
            } else if let Ok(p) = serde_json::from_slice::<PassDone>(&bytes)
                && p.fingerprint == fingerprint
                && name == pass_record_name(p.pass)
            {
                found.passes.insert(p.pass, p);
            }
        }
        found
    }

    /// The file names of every checkpoint kept: what clearing the folder must leave.
    pub(crate) fn files(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for &(pass, chunk) in self.chunks.keys() {
            names.insert(spool_name(pass, chunk));
            names.insert(chunk_record_name(pass, chunk));
        }
        for &pass in self.passes.keys() {
            names.insert(pass_record_name(pass));
        }
        names
    }

    /// The finished chunks of `pass`, by chunk.
    pub(crate) fn chunks_of(&self, pass: usize) -> BTreeMap<u64, ChunkDone> {
        self.chunks
            .range((pass, 0)..=(pass, u64::MAX))
            .map(|(&(_, c), d)| (c, d.clone()))
            .collect()
    }

    /// Where chunk `chunk` of pass `pass`'s spool is.
    pub(crate) fn spool_path(&self, pass: usize, chunk: u64) -> PathBuf {
        self.dir.join(spool_name(pass, chunk))
    }

    /// Records a chunk whose spool is in place.
    pub(crate) fn save_chunk(&mut self, done: ChunkDone) -> io::Result<()> {
        let path = self.dir.join(chunk_record_name(done.pass, done.chunk));
        write_whole(&path, &serde_json::to_vec(&done).map_err(io::Error::other)?)?;
        self.chunks.insert((done.pass, done.chunk), done);
        Ok(())
    }

    /// Records a pass whose every chunk is recorded.
    pub(crate) fn save_pass(&mut self, done: PassDone) -> io::Result<()> {
        let path = self.dir.join(pass_record_name(done.pass));
        write_whole(&path, &serde_json::to_vec(&done).map_err(io::Error::other)?)?;
        self.passes.insert(done.pass, done);
        Ok(())
    }

    /// Removes the chunks of `pass`: their records first, so a removal cut short leaves spools
    /// without records (removed on resume), never records without spools.
    pub(crate) fn remove_chunks(&mut self, pass: usize) {
        let chunks: Vec<u64> = self.chunks_of(pass).into_keys().collect();
        for &c in &chunks {
            let _ = fs::remove_file(self.dir.join(chunk_record_name(pass, c)));
            self.chunks.remove(&(pass, c));
        }
        for c in chunks {
            let _ = fs::remove_file(self.dir.join(spool_name(pass, c)));
        }
    }

    /// Removes every checkpoint: the run is complete. The pass records go first: a resume
    /// after a removal cut short then redoes the passes whose chunks are gone, rather than
    /// start at a recorded pass whose source was removed.
    pub(crate) fn remove_all(&mut self) {
        // The last pass first, so the records left always run from pass 0 without a gap.
        for pass in std::mem::take(&mut self.passes).into_keys().rev() {
            let _ = fs::remove_file(self.dir.join(pass_record_name(pass)));
        }
        let passes: BTreeSet<usize> = self.chunks.keys().map(|k| k.0).collect();
        for pass in passes {
            self.remove_chunks(pass);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(fingerprint: &str, pass: usize, chunk: u64) -> ChunkDone {
        ChunkDone {
            fingerprint: fingerprint.to_owned(),
            pass,
            chunk,
            end: (chunk + 1) * 10,
            items: 10,
            stages: BTreeMap::new(),
        }
    }

    #[test]
    fn only_chunks_of_this_run_with_their_spool_are_loaded() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().to_path_buf();
        let mut cp = Checkpoints::new(dir.clone(), "run-a");
        for c in 0..3 {
            fs::write(cp.spool_path(0, c), b"spool").unwrap();
            cp.save_chunk(chunk("run-a", 0, c)).unwrap();
        }
        // A record whose spool is gone, and one of another run.
        fs::remove_file(cp.spool_path(0, 1)).unwrap();
        fs::write(cp.spool_path(1, 0), b"spool").unwrap();
        cp.save_chunk(chunk("run-b", 1, 0)).unwrap();
        cp.save_pass(PassDone {
            fingerprint: "run-a".into(),
            pass: 0,
            items: 30,
            stages: BTreeMap::new(),
        })
        .unwrap();

        let loaded = Checkpoints::load(dir.clone(), "run-a");
        assert_eq!(
            loaded.chunks.keys().copied().collect::<Vec<_>>(),
            [(0, 0), (0, 2)]
        );
        assert_eq!(loaded.passes.keys().copied().collect::<Vec<_>>(), [0]);
        assert!(Checkpoints::load(dir, "run-c").files().is_empty());
    }

    #[test]
    fn removing_everything_leaves_no_checkpoint_file() {
        let d = tempfile::tempdir().unwrap();
        let mut cp = Checkpoints::new(d.path().to_path_buf(), "run-a");
        for pass in 0..2 {
            fs::write(cp.spool_path(pass, 0), b"spool").unwrap();
            cp.save_chunk(chunk("run-a", pass, 0)).unwrap();
            cp.save_pass(PassDone {
                fingerprint: "run-a".into(),
                pass,
                items: 10,
                stages: BTreeMap::new(),
            })
            .unwrap();
        }
        cp.remove_all();
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0);
    }
}
