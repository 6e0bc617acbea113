//! The dedup index: per-thread parts while observing, one compact finished index for `decide`.
//!
//! # What a record costs
//! While observing, each non-blank record adds to its thread's part:
//! - 8 bytes of ordinal (kept in memory; it becomes the dense map at `finish`),
//! - a 24-byte exact entry (xxh3-128 of the matching text + ordinal),
//! - a 24-byte URL entry when URL dedup is on and the record has a URL,
//! - `bands` 16-byte band entries (64-bit band key + ordinal) when it has a signature,
//! - its id in the id log (12 bytes + the id's length).
//!
//! Everything but the ordinals is *spillable*: when the buffered bytes of all parts together
//! pass `memory_budget`, the part that notices sorts its buffers and writes them to disk as
//! runs. `finish` merges memory and runs in `(key, ordinal)` order, so the clusters do not
//! depend on how many parts there were, how records were spread over them, or when they
//! spilled.
//!
//! The finished index keeps, per observed record, a dense map entry (≈ 0.19 bytes per input
//! record), the dense index of its representative (4 bytes) and either its cluster size or
//! its reason (4 bytes): 8.2 bytes per record, plus the id of each representative of a cluster
//! of two or more. During `finish` the peak is about 28 bytes per record (ordinals, union-find,
//! two class labels, representatives) on top of the merge's read buffers.

use std::collections::HashMap;

use std::path::Path;

use crate::config::DedupConfig;
use crate::dense::DenseMap;
use crate::saved::{self, PRIOR_BIT, Prior, Tee};
use crate::spill::{IdLog, Narrow, Stream, Wide};
use crate::union_find::UnionFind;

/// Why a non-representative record is a duplicate: which key it shares with its
/// representative's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum DupKind {
    /// Same matching text as the representative.
    Exact = 0,
    /// Same normalised URL (possibly through a chain of exact matches).
    Url = 1,
    /// Joined by MinHash-LSH (possibly through a chain).
    Near = 2,
}

/// Counts that describe a run of the stage; every special case is counted here.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DedupSummary {
    /// Records observed (blank ones included).
    pub observed: u64,
    /// Records whose matching text is empty or whitespace only: never grouped, always kept.
    pub blank: u64,
    /// Non-blank records with fewer words than the shingle size: no signature, so only exact
    /// and URL dedup apply to them.
    pub short: u64,
    /// Non-blank records with no usable URL (absent, or no host) while URL dedup is on.
    pub no_url: u64,
    /// Clusters of two or more records.
    pub clusters: u64,
    /// Records dropped as `dedup:exact`.
    pub exact: u64,
    /// Records dropped as `dedup:url`.
    pub url: u64,
    /// Records dropped as `dedup:near`.
    pub near: u64,
    /// Sorted runs written to disk.
    pub spilled_runs: u64,
    /// Bytes written to disk.
    pub spilled_bytes: u64,
    /// Spill writes that failed (the entries stayed in memory) plus runs that could not be
    /// read back in full (their remaining entries were not deduplicated).
    pub io_errors: u64,
    /// Observed ordinals seen twice (a pipeline bug; the second is ignored).
    pub repeated_ordinals: u64,
    /// Bytes the finished index holds in memory.
    pub index_bytes: u64,
    /// Records loaded from the saved index named by `scope` (0 for `scope = "run"`).
    pub prior_records: u64,
    /// Records of this run dropped because they duplicate a record of the saved index.
    pub dropped_for_prior: u64,
    /// Records written to `save_index`.
    pub saved_records: u64,
    /// Why `save_index` could not be written, if it could not.
    pub save_error: Option<String>,
}

impl DedupSummary {
    /// Adds what another part counted while observing (records, special cases, spills).
    pub fn add_observed(&mut self, b: &DedupSummary) {
        self.observed += b.observed;
        self.blank += b.blank;
        self.short += b.short;
        self.no_url += b.no_url;
        self.spilled_runs += b.spilled_runs;
        self.spilled_bytes += b.spilled_bytes;
        self.io_errors += b.io_errors;
    }
}

/// The dedup stage's index: a part while observing, the finished index after `finish`.
#[derive(Debug)]
pub struct DedupIndex {
    pub(crate) state: State,
}

#[derive(Debug)]
pub(crate) enum State {
    Observing(Part),
    Finished(Finished),
}

impl Default for DedupIndex {
    fn default() -> DedupIndex {
        DedupIndex {
            state: State::Observing(Part::default()),
        }
    }
}

impl DedupIndex {
    /// The counts of the finished index; `None` before `finish`.
    pub fn summary(&self) -> Option<&DedupSummary> {
        match &self.state {
            State::Finished(f) => Some(&f.summary),
            State::Observing(_) => None,
        }
    }
}

/// What one thread has observed.
#[derive(Debug, Default)]
pub(crate) struct Part {
    pub ordinals: Vec<u64>,
    pub exact: Stream<Wide>,
    pub url: Stream<Wide>,
    pub bands: Stream<Narrow>,
    pub ids: IdLog,
    pub summary: DedupSummary,
}

impl Part {
    /// Spillable bytes held in memory.
    pub fn buffered_bytes(&self) -> usize {
        self.exact.buffered_bytes()
            + self.url.buffered_bytes()
            + self.bands.buffered_bytes()
            + self.ids.buffered_bytes()
    }

    /// Writes every buffer to disk; returns the bytes freed from memory.
    pub fn spill(&mut self, dir: &std::path::Path) -> usize {
        let before = self.buffered_bytes();
        let results = [
            self.exact.spill(dir),
            self.url.spill(dir),
            self.bands.spill(dir),
            self.ids.spill(dir),
        ];
        for r in results {
            match r {
                Ok(0) => {}
                Ok(bytes) => {
                    self.summary.spilled_runs += 1;
                    self.summary.spilled_bytes += bytes;
                }
                Err(_) => self.summary.io_errors += 1,
            }
        }
        before - self.buffered_bytes()
    }

    /// Takes over `other`.
    pub fn absorb(&mut self, other: Part) {
        if self.ordinals.is_empty() {
            self.ordinals = other.ordinals;
        } else {
            self.ordinals.extend_from_slice(&other.ordinals);
        }
        self.exact.append(other.exact);
        self.url.append(other.url);
        self.bands.append(other.bands);
        self.ids.append(other.ids);
        self.summary.add_observed(&other.summary);
    }

    /// Clusters every observed record (after the records of `prior`, when given) and keeps
    /// what `decide` needs; with `save`, also writes the kept records' keys and ids there.
    pub fn finish(
        mut self,
        read_buffer_budget: usize,
        prior: Option<&Prior>,
        save: Option<Save<'_>>,
    ) -> Finished {
        let mut summary = std::mem::take(&mut self.summary);
        let m = prior.map_or(0, |p| p.records);
        let nodes = Nodes::new(std::mem::take(&mut self.ordinals), m, &mut summary);
        let n = nodes.len();
        let mut uf = UnionFind::new(n);

        if let Some(p) = prior {
            match (p.exact(), p.url(), p.bands()) {
                (Ok(e), Ok(u), Ok(b)) => {
                    self.exact.append(e);
                    self.url.append(u);
                    self.bands.append(b);
                }
                _ => summary.io_errors += 1,
            }
        }
        let mut tees = match &save {
            Some(s) => match (
                Tee::new(s.spill_dir),
                Tee::new(s.spill_dir),
                Tee::new(s.spill_dir),
            ) {
                (Ok(a), Ok(b), Ok(c)) => Some([a, b, c]),
                _ => {
                    summary.save_error = Some("cannot create temporary files".into());
                    None
                }
            },
            None => None,
        };
        let runs = (self.exact.runs() + self.url.runs() + self.bands.runs()).max(1);
        let read_buffer = (read_buffer_budget / runs).clamp(4 << 10, 1 << 20);

        let exact_label = if self.exact.len() > 0 {
            summary.io_errors += union_groups(
                self.exact.into_sorted(read_buffer),
                &nodes,
                &mut uf,
                tees.as_mut().map(|t| &mut t[0]),
            );
            Some(labels(&mut uf))
        } else {
            None
        };
        let url_label = if self.url.len() > 0 {
            summary.io_errors += union_groups(
                self.url.into_sorted(read_buffer),
                &nodes,
                &mut uf,
                tees.as_mut().map(|t| &mut t[1]),
            );
            Some(labels(&mut uf))
        } else {
            None
        };
        summary.io_errors += union_groups(
            self.bands.into_sorted(read_buffer),
            &nodes,
            &mut uf,
            tees.as_mut().map(|t| &mut t[2]),
        );

        let (rep, meta) = representatives(uf, m, exact_label, url_label, &mut summary);

        // Saved numbers of the kept nodes, in node order, and their ids.
        let rank: Vec<u32> = if tees.is_some() {
            let mut k = 0u32;
            (0..n)
                .map(|i| {
                    if rep[i as usize] == i {
                        k += 1;
                        k - 1
                    } else {
                        u32::MAX
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut saved_ids: Vec<Box<str>> = Vec::new();
        if tees.is_some() {
            saved_ids = vec![Box::from(""); rank.iter().filter(|&&k| k != u32::MAX).count()];
        }
        let mut kept_ids: HashMap<u32, Box<str>> = HashMap::new();
        let mut take_id = |node: u32, id: &str| {
            if rep[node as usize] != node {
                return;
            }
            keep_id(&mut kept_ids, &rep, &meta, node, id);
            if let Some(&k) = rank.get(node as usize) {
                saved_ids[k as usize] = id.into();
            }
        };
        if let Some(p) = prior
            && p.for_each_id(&mut take_id).is_err()
        {
            summary.io_errors += 1;
        }
        summary.io_errors += self.ids.for_each(|ord, id| {
            if let Some(node) = nodes.get(ord) {
                take_id(node, id);
            }
        });
        if let (Some(s), Some([te, tu, tb])) = (save, tees) {
            let has = |t: Tee, on: bool| if on { Some(t) } else { None };
            let (e, u, b) = (
                has(te, s.config.exact),
                has(tu, s.config.url),
                has(tb, s.config.near),
            );
            match saved::write(s.path, s.config, &rank, &saved_ids, e, u, b) {
                Ok(()) => summary.saved_records = saved_ids.len() as u64,
                Err(e) => summary.save_error = Some(format!("{}: {e}", s.path.display())),
            }
        }
        Finished::new(nodes, rep, meta, kept_ids, summary)
    }
}

/// Each node's representative (the smallest node of its set: prior records first, then the
/// smallest ordinal) and its `meta`: the cluster size for a representative, the reason
/// ([`DupKind`]) for the others, from the labels after exact and after URL unions. Counts
/// clusters and drops in `summary`; nodes below `prior` are a saved index's records.
pub(crate) fn representatives(
    mut uf: UnionFind,
    prior: u32,
    exact_label: Option<Vec<u32>>,
    url_label: Option<Vec<u32>>,
    summary: &mut DedupSummary,
) -> (Vec<u32>, Vec<u32>) {
    let n = uf.len() as u32;
    let m = prior;
    let mut first = vec![u32::MAX; n as usize];
    let mut rep = vec![0u32; n as usize];
    for i in 0..n {
        let r = uf.find(i) as usize;
        if first[r] == u32::MAX {
            first[r] = i;
        }
        rep[i as usize] = first[r];
    }
    // `first` becomes `meta`: cluster size for representatives, the reason for others.
    let mut meta = first;
    for i in 0..n {
        let r = rep[i as usize];
        if r == i {
            let root = uf.find(i);
            let size = uf.root_size(root);
            meta[i as usize] = size;
            if size > 1 {
                summary.clusters += 1;
            }
            continue;
        }
        let same =
            |l: &Option<Vec<u32>>| l.as_ref().is_some_and(|l| l[i as usize] == l[r as usize]);
        let kind = if same(&exact_label) {
            DupKind::Exact
        } else if same(&url_label) {
            DupKind::Url
        } else {
            DupKind::Near
        };
        if i >= m {
            match kind {
                DupKind::Exact => summary.exact += 1,
                DupKind::Url => summary.url += 1,
                DupKind::Near => summary.near += 1,
            }
            if r < m {
                summary.dropped_for_prior += 1;
            }
        }
        meta[i as usize] = kind as u32;
    }
    (rep, meta)
}

/// Keeps `id` as the kept id of representative `node` when its cluster has two or more
/// records: the ids `decide` names in a reject's `kept_id`.
pub(crate) fn keep_id(
    kept_ids: &mut HashMap<u32, Box<str>>,
    rep: &[u32],
    meta: &[u32],
    node: u32,
    id: &str,
) {
    if rep[node as usize] == node && meta[node as usize] > 1 {
        kept_ids.entry(node).or_insert_with(|| id.into());
    }
}

/// Where and how `finish` saves the index of the kept records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Save<'a> {
    pub path: &'a Path,
    pub config: &'a DedupConfig,
    pub spill_dir: &'a Path,
}

/// Node numbers: records of a prior index first (`0..prior`), then this run's observed
/// records in ordinal order.
#[derive(Debug)]
pub(crate) struct Nodes {
    prior: u32,
    dense: DenseMap,
}

impl Nodes {
    /// The nodes of `prior` saved records and of the observed ordinals `ords` (any order,
    /// repeats counted in `summary` and ignored). Node indices are u32: a run of more than
    /// 4,294,967,295 records keeps the rest undeduplicated rather than wrapping.
    pub(crate) fn new(mut ords: Vec<u64>, prior: u32, summary: &mut DedupSummary) -> Nodes {
        ords.sort_unstable();
        let before = ords.len();
        ords.dedup();
        summary.repeated_ordinals = (before - ords.len()) as u64;
        ords.truncate((u32::MAX - prior) as usize);
        summary.prior_records = prior as u64;
        Nodes {
            prior,
            dense: DenseMap::new(ords),
        }
    }

    pub(crate) fn len(&self) -> u32 {
        self.prior + self.dense.len()
    }

    /// The node of an entry's ordinal (prior entries carry [`PRIOR_BIT`]).
    pub(crate) fn get(&self, ord: u64) -> Option<u32> {
        if ord & PRIOR_BIT != 0 {
            let k = u32::try_from(ord & !PRIOR_BIT).ok()?;
            return (k < self.prior).then_some(k);
        }
        self.dense.get(ord).map(|d| d + self.prior)
    }
}

/// Unions every run of equal keys, copying each entry to `tee` when saving; returns the
/// number of unreadable runs.
fn union_groups<E: crate::spill::Entry>(
    mut merge: crate::spill::Merge<E>,
    nodes: &Nodes,
    uf: &mut UnionFind,
    mut tee: Option<&mut Tee>,
) -> u64 {
    let mut tee_errors = 0;
    let mut head: Option<(E, u32)> = None;
    for e in merge.by_ref() {
        let Some(d) = nodes.get(e.ordinal()) else {
            continue;
        };
        if let Some(t) = tee.as_mut()
            && t.push(e, d).is_err()
        {
            tee_errors += 1;
        }
        match head {
            Some((h, hd)) if h.same_key(&e) => uf.union(hd, d),
            _ => head = Some((e, d)),
        }
    }
    merge.io_errors + tee_errors.min(1)
}

/// The current set of every element, as a label that stays fixed under later unions.
pub(crate) fn labels(uf: &mut UnionFind) -> Vec<u32> {
    (0..uf.len() as u32).map(|i| uf.find(i)).collect()
}

/// The read-only index `decide` uses.
#[derive(Debug)]
pub(crate) struct Finished {
    nodes: Nodes,
    rep: Vec<u32>,
    meta: Vec<u32>,
    kept_ids: HashMap<u32, Box<str>>,
    pub summary: DedupSummary,
}

/// What the index says of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup<'a> {
    /// Keep; the record's cluster has this many members.
    Keep { cluster_size: u64 },
    /// Drop: a duplicate of the representative with this id.
    Drop {
        kind: DupKind,
        kept_id: Option<&'a str>,
        cluster_size: u64,
    },
}

impl Finished {
    /// The index of `nodes` with their representatives, `meta` (see [`representatives`]) and
    /// the kept ids of clusters of two or more; counts its bytes in `summary`.
    pub(crate) fn new(
        nodes: Nodes,
        rep: Vec<u32>,
        meta: Vec<u32>,
        kept_ids: HashMap<u32, Box<str>>,
        mut summary: DedupSummary,
    ) -> Finished {
        let id_bytes: usize = kept_ids.values().map(|s| s.len() + 16 + 8).sum();
        summary.index_bytes =
            (nodes.dense.heap_bytes() + rep.len() * 4 + meta.len() * 4 + id_bytes) as u64;
        Finished {
            nodes,
            rep,
            meta,
            kept_ids,
            summary,
        }
    }

    /// The decision for the record with ordinal `ord`; records never observed (or blank) are
    /// kept alone.
    pub fn lookup(&self, ord: u64) -> Lookup<'_> {
        let Some(d) = self.nodes.get(ord) else {
            return Lookup::Keep { cluster_size: 1 };
        };
        let r = self.rep[d as usize];
        if r == d {
            return Lookup::Keep {
                cluster_size: self.meta[d as usize] as u64,
            };
        }
        let kind = match self.meta[d as usize] {
            0 => DupKind::Exact,
            1 => DupKind::Url,
            _ => DupKind::Near,
        };
        Lookup::Drop {
            kind,
            kept_id: self.kept_ids.get(&r).map(|s| &**s),
            cluster_size: self.meta[r as usize] as u64,
        }
    }
}
