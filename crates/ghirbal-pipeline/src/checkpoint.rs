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
//! A pass whose corpus stage saves what it observes ([`ghirbal_core::CorpusStage::saves`])
//! also writes, per chunk, what the chunk's records added to the index
//! (`spool-P-CCCCCC.observed`, tmp + sync + rename before the completion record, which holds
//! its size, record count and xxh3-128).
//!
//! A resume starts at the last pass whose record is there. In each pass it runs, a finished
//! chunk is not read from its source nor run through the stages again: its observed part is
//! loaded into the pass's index; when that file is missing, damaged (size, hash) or not
//! readable by the stage, it is discarded (counted in `stats.json` as
//! `run.discarded_index_chunks`) and the chunk's spool is read back and observed instead.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use ghirbal_core::StageCounts;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// Batches per checkpoint chunk: a chunk holds `CHUNK_BATCHES × batch_records` consecutive
/// ordinals (512 records by default). Smaller chunks lose less work to a kill (a kill loses
/// the batches of the chunk being written that are already written, and the batches in
/// flight); each costs a file, a completion record and an fsync. One batch: a batch is
/// recorded as soon as it is written, so a kill loses only the batches in flight. Four (2,048
/// records) lost up to three written batches more: up to 0.5 CPU-s of SaudiNewsNet's record
/// pass, 0.03 of a whole run (issue 24), for a quarter of the files and fsyncs (61 chunks a
/// pass there rather than 16).
pub(crate) const CHUNK_BATCHES: u64 = 1;

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
    /// The chunk's observed part, when the pass's corpus stage saves one.
    #[serde(default)]
    pub observed: Option<Observed>,
}

/// What a chunk's `.observed` file must be to be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Observed {
    /// Records observed (the chunk's records still in the run).
    pub records: u64,
    /// The file's size.
    pub bytes: u64,
    /// xxh3-128 of the file, in hex.
    pub hash: String,
}

/// A chunk's observed part being written: a temporary file, renamed by [`ObservedWriter::finish`].
pub(crate) struct ObservedWriter {
    file: io::BufWriter<fs::File>,
    tmp: PathBuf,
    hash: Xxh3,
    done: Observed,
}

impl ObservedWriter {
    /// Starts the observed part of chunk `chunk` of pass `pass` in `dir`.
    pub(crate) fn create(dir: &Path, pass: usize, chunk: u64) -> io::Result<ObservedWriter> {
        let tmp = dir.join(format!("{}.tmp", observed_name(pass, chunk)));
        Ok(ObservedWriter {
            file: io::BufWriter::new(fs::File::create(&tmp)?),
            tmp,
            hash: Xxh3::new(),
            done: Observed {
                records: 0,
                bytes: 0,
                hash: String::new(),
            },
        })
    }

    /// Appends what `records` records added to the index.
    pub(crate) fn write(&mut self, saved: &[u8], records: u64) -> io::Result<()> {
        self.file.write_all(saved)?;
        self.hash.update(saved);
        self.done.bytes += saved.len() as u64;
        self.done.records += records;
        Ok(())
    }

    /// Syncs the file and renames it into place; returns what its record says of it.
    pub(crate) fn finish(self) -> io::Result<Observed> {
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.sync_data()?;
        let path = self.tmp.with_extension("");
        fs::rename(&self.tmp, &path)?;
        Ok(Observed {
            hash: format!("{:032x}", self.hash.digest128()),
            ..self.done
        })
    }
}

/// The bytes of a chunk's observed part at `path`, when they are what `expect` says: never a
/// file cut short, grown, or changed since it was recorded.
pub(crate) fn read_observed(path: &Path, expect: &Observed) -> Result<Vec<u8>, String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() as u64 != expect.bytes {
        return Err(format!(
            "{}: {} bytes, {} recorded",
            path.display(),
            bytes.len(),
            expect.bytes
        ));
    }
    if format!("{:032x}", xxh3_128(&bytes)) != expect.hash {
        return Err(format!(
            "{}: hash differs from the recorded one",
            path.display()
        ));
    }
    Ok(bytes)
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

/// The file name of chunk `chunk` of pass `pass`'s observed part.
pub(crate) fn observed_name(pass: usize, chunk: u64) -> String {
    format!("spool-{pass}-{chunk:06}.observed")
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
        for (&(pass, chunk), done) in &self.chunks {
            names.insert(spool_name(pass, chunk));
            names.insert(chunk_record_name(pass, chunk));
            if done.observed.is_some() {
                names.insert(observed_name(pass, chunk));
            }
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

    /// Where chunk `chunk` of pass `pass`'s observed part is.
    pub(crate) fn observed_path(&self, pass: usize, chunk: u64) -> PathBuf {
        self.dir.join(observed_name(pass, chunk))
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
            let _ = fs::remove_file(self.dir.join(observed_name(pass, c)));
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
            observed: None,
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
