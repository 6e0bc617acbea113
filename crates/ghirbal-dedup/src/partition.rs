//! Dedup cut over tasks (a run on a cluster): map tasks observe their records and write their
//! keys partitioned by key range; a reduce task per partition merges the partition's keys of
//! every map task and writes the edges of its groups; one task unions the edges into clusters
//! and decides as `finish` does.
//!
//! Every step reuses the one-machine code: observing and spilling ([`Dedup`]'s `observe`,
//! the sorted runs of `spill`), the `(key, ordinal)` merge, the star of edges from a group's
//! first record (the unions `finish` makes), the node numbering, representatives, reasons and
//! kept ids of `index`. So the clusters, the kept record of each (the first in input order)
//! and each reject's `kept_id` and `cluster_size` are those of one machine: union-find's
//! partition does not depend on the order of the unions, and the reason labels are taken
//! after all exact edges, then after all URL edges, as `finish` takes them.
//!
//! # Files and what they cost per record
//! A map task writes, per partition and kind, the partition's entries as a sorted run (24 B
//! an exact or URL key, 16 B a band key, so about 24 + 24 + 16 × bands bytes per record over
//! all partitions), its observed ordinals (8 B a record) and its id log (12 B + the id). A
//! reduce task holds one read buffer per map task's file (at most 64 open; more are merged in
//! groups first) and writes 16 B per edge: a group of `k` records gives `k - 1` edges.
//! The clustering task holds what `finish` holds: 8 B per record for the ordinals, then the
//! union-find and labels (about 28 B per record at the peak), reading the edges as a stream.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use ghirbal_core::runs::{self, Fixed, Run, partition_of};
use serde::{Deserialize, Serialize};

use crate::index::{
    DedupIndex, DedupSummary, Finished, Nodes, State, keep_id, labels, representatives,
};
use crate::spill::{Entry, IdLog, Merge, Narrow, Wide};
use crate::stage::Dedup;
use crate::union_find::UnionFind;

/// The kinds of key dedup groups records by, in the order their unions are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyKind {
    /// The exact-text key (24 B an entry).
    Exact,
    /// The normalised-URL key (24 B an entry).
    Url,
    /// A MinHash band key (16 B an entry).
    Band,
}

impl KeyKind {
    /// Every kind, in union order.
    pub const ALL: [KeyKind; 3] = [KeyKind::Exact, KeyKind::Url, KeyKind::Band];

    /// The kind's name in file names and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Exact => "exact",
            KeyKind::Url => "url",
            KeyKind::Band => "band",
        }
    }
}

/// Two records' ordinals joined by a shared key: 16 B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    a: u64,
    b: u64,
}

impl Fixed for Edge {
    const SIZE: usize = 16;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.a.to_le_bytes());
        out.extend_from_slice(&self.b.to_le_bytes());
    }
    fn read(b: &[u8]) -> Edge {
        let n = Narrow::read(b);
        Edge { a: n.key, b: n.ord }
    }
}

/// An observed record's ordinal: 8 B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Ordinal(u64);

impl Fixed for Ordinal {
    const SIZE: usize = 8;
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0.to_le_bytes());
    }
    fn read(b: &[u8]) -> Ordinal {
        let mut o = [0u8; 8];
        o.copy_from_slice(&b[..8]);
        Ordinal(u64::from_le_bytes(o))
    }
}

/// What a reduce task found in its partition of one kind of key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReduceCounts {
    /// Entries read (every map task's, for this partition and kind).
    pub entries: u64,
    /// Edges written: a group of `k` entries gives `k - 1`.
    pub edges: u64,
}

/// Read buffer per open run file.
const READ_BUFFER: usize = 256 << 10;
/// Most map tasks' files a reduce task merges at once (more are merged in groups first).
const FAN_IN: usize = 64;

fn broken(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        format!("{what} could not be read to the end"),
    )
}

impl Dedup {
    /// Why this config cannot run partitioned, if it cannot: a saved index to read
    /// (`scope`) or to write (`save_index`) needs the one-machine `finish`.
    pub fn partitioned_unsupported(&self) -> Option<&'static str> {
        if self.has_prior() {
            Some("[dedup] scope names a saved index")
        } else if !self.config().save_index.as_os_str().is_empty() {
            Some("[dedup] save_index is set")
        } else {
            None
        }
    }

    /// The map side: writes what `index` observed (one task's records) to files: for each
    /// kind of key and each of `parts` partitions (a range of keys), the partition's entries
    /// as a sorted run at `keys(kind, p)`; the observed ordinals at `ords`; the record ids at
    /// `ids`. Returns what observing counted.
    pub fn write_partitions(
        &self,
        index: DedupIndex,
        parts: u32,
        keys: &dyn Fn(KeyKind, u32) -> PathBuf,
        ords: &Path,
        ids: &Path,
    ) -> io::Result<DedupSummary> {
        let State::Observing(mut part) = index.state else {
            return Err(io::Error::other("the dedup index is already finished"));
        };
        self.budget_reset();
        let summary = std::mem::take(&mut part.summary);
        let mut ordinals = std::mem::take(&mut part.ordinals);
        ordinals.sort_unstable();
        Run::write_file(ords, ordinals.into_iter().map(Ordinal))?;
        let runs = (part.exact.runs() + part.url.runs() + part.bands.runs()).max(1);
        let read_buffer = (self.budget_limit() / runs).clamp(4 << 10, 1 << 20);
        split(
            part.exact.into_sorted(read_buffer),
            parts,
            |e| (e.key >> 64) as u64,
            &|p| keys(KeyKind::Exact, p),
        )?;
        split(
            part.url.into_sorted(read_buffer),
            parts,
            |e| (e.key >> 64) as u64,
            &|p| keys(KeyKind::Url, p),
        )?;
        split(
            part.bands.into_sorted(read_buffer),
            parts,
            |e| e.key,
            &|p| keys(KeyKind::Band, p),
        )?;
        part.ids.write_to(ids)?;
        Ok(summary)
    }

    /// The reduce side, for one partition and kind: merges the entries of every map task's
    /// file in `inputs` in `(key, ordinal)` order and writes to `out` an edge from each
    /// group's first record to each other record of the group (the unions `finish` makes).
    pub fn reduce_partition(
        &self,
        kind: KeyKind,
        inputs: &[PathBuf],
        out: &Path,
    ) -> io::Result<ReduceCounts> {
        match kind {
            KeyKind::Exact | KeyKind::Url => self.reduce::<Wide>(inputs, out),
            KeyKind::Band => self.reduce::<Narrow>(inputs, out),
        }
    }

    fn reduce<E: Entry>(&self, inputs: &[PathBuf], out: &Path) -> io::Result<ReduceCounts> {
        let opened = runs::open_all::<E>(inputs, self.spill_dir(), FAN_IN, READ_BUFFER)?;
        let mut merge: Merge<E> = Merge::new(Vec::new(), opened, READ_BUFFER);
        let mut counts = ReduceCounts::default();
        let mut head: Option<E> = None;
        let edges = std::iter::from_fn(|| {
            for e in merge.by_ref() {
                counts.entries += 1;
                match head {
                    Some(h) if h.same_key(&e) => {
                        counts.edges += 1;
                        return Some(Edge {
                            a: h.ordinal(),
                            b: e.ordinal(),
                        });
                    }
                    _ => head = Some(e),
                }
            }
            None
        });
        Run::write_file(out, edges)?;
        if merge.io_errors > 0 {
            return Err(broken("a map task's keys"));
        }
        Ok(counts)
    }

    /// The clustering step: the finished index from every map task's ordinals (`ords`) and
    /// ids (`ids`), and every reduce task's edges by kind (`edges`, in [`KeyKind::ALL`]
    /// order, with how many keys of each kind were observed in `entries`); `summary` holds
    /// what observing counted. `decide` with it gives the one-machine decisions.
    pub fn finished_from(
        &self,
        ords: &[PathBuf],
        edges: [&[PathBuf]; 3],
        entries: [u64; 3],
        ids: &[PathBuf],
        mut summary: DedupSummary,
    ) -> io::Result<DedupIndex> {
        let mut ordinals = Vec::new();
        for path in ords {
            let mut merge = runs::Merge::<Ordinal>::new(
                Vec::new(),
                vec![Run::open::<Ordinal>(path)?],
                READ_BUFFER,
            );
            ordinals.extend(merge.by_ref().map(|o| o.0));
            if merge.io_errors > 0 {
                return Err(broken("a map task's ordinals"));
            }
        }
        let nodes = Nodes::new(ordinals, 0, &mut summary);
        let mut uf = UnionFind::new(nodes.len());
        let mut label = [None, None];
        for (k, files) in edges.iter().enumerate() {
            for path in *files {
                let mut merge = runs::Merge::<Edge>::new(
                    Vec::new(),
                    vec![Run::open::<Edge>(path)?],
                    READ_BUFFER,
                );
                for e in merge.by_ref() {
                    if let (Some(a), Some(b)) = (nodes.get(e.a), nodes.get(e.b)) {
                        uf.union(a, b);
                    }
                }
                if merge.io_errors > 0 {
                    return Err(broken("a reduce task's edges"));
                }
            }
            if k < 2 && entries[k] > 0 {
                label[k] = Some(labels(&mut uf));
            }
        }
        let [exact_label, url_label] = label;
        let (rep, meta) = representatives(uf, 0, exact_label, url_label, &mut summary);
        let mut kept_ids: HashMap<u32, Box<str>> = HashMap::new();
        for path in ids {
            let errors = IdLog::open(path)?.for_each(|ord, id| {
                if let Some(node) = nodes.get(ord) {
                    keep_id(&mut kept_ids, &rep, &meta, node, id);
                }
            });
            if errors > 0 {
                return Err(broken("a map task's ids"));
            }
        }
        Ok(DedupIndex {
            state: State::Finished(Finished::new(nodes, rep, meta, kept_ids, summary)),
        })
    }
}

/// Writes a sorted stream to `parts` run files by key range (`key` gives an entry's 64-bit
/// partition key): the stream's order is kept, so each file is a sorted run.
fn split<E: Entry>(
    mut merge: Merge<E>,
    parts: u32,
    key: impl Fn(&E) -> u64,
    path: &dyn Fn(u32) -> PathBuf,
) -> io::Result<()> {
    {
        let mut entries = merge.by_ref().peekable();
        for p in 0..parts.max(1) {
            let this = std::iter::from_fn(|| entries.next_if(|e| partition_of(key(e), parts) == p));
            Run::write_file(&path(p), this)?;
        }
    }
    if merge.io_errors > 0 {
        return Err(broken("a spilled run"));
    }
    Ok(())
}
