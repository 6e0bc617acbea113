//! A saved index: the keys and ids of a run's kept records, for incremental dedup.
//!
//! With `save_index = "PATH"`, `finish` writes the exact, URL and band keys of every record it
//! keeps (cluster representatives) and their ids. A later run with `scope = "PATH"` reads the
//! file as extra, earlier records: any new record that joins a cluster with one of them is
//! dropped with the earlier record's id as `kept_id` (last month's corpus wins).
//!
//! # File layout (little-endian)
//! ```text
//! "GHDEDUP2"                                   8 bytes (2: clause-mark tokens, 32-bit minima)
//! shingle_words, bands, rows, seed, flags      5 × u64 (flags: exact 1 | url 2 | near 4 | shingle_marks 8)
//! records, exact entries, url entries, bands   4 × u64
//! exact entries   (u128 key, u64 1<<63 | k)    24 bytes each, sorted by key
//! url entries     (u128 key, u64 1<<63 | k)    24 bytes each, sorted by key
//! band entries    (u64 key,  u64 1<<63 | k)    16 bytes each, sorted by key
//! ids             (u32 length, bytes)          one per record k = 0, 1, ...
//! ```
//! The parameters must equal the loading run's, or signatures would not be comparable; a
//! mismatch is a config error. The file is written under a temporary name and renamed.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use ghirbal_core::ConfigError;

use crate::config::DedupConfig;
use ghirbal_core::runs::Fixed;

use crate::spill::{Entry, Narrow, Stream, Wide};

/// Set in the ordinal of every entry loaded from a saved index: it marks an earlier-run
/// record `k` (the low bits), which a run's own ordinals never reach.
pub(crate) const PRIOR_BIT: u64 = 1 << 63;
const MAGIC: &[u8; 8] = b"GHDEDUP2";
const HEADER: u64 = 8 + 5 * 8 + 4 * 8;

/// The parameters that must match between the saving and the loading run.
fn params(c: &DedupConfig) -> [u64; 5] {
    let flags =
        c.exact as u64 | (c.url as u64) << 1 | (c.near as u64) << 2 | (c.shingle_marks as u64) << 3;
    [
        c.shingle_words as u64,
        c.bands as u64,
        c.rows as u64,
        c.seed,
        flags,
    ]
}

/// A saved index opened for reading.
#[derive(Debug, Clone)]
pub(crate) struct Prior {
    path: PathBuf,
    /// Records in the file.
    pub records: u32,
    counts: [u64; 3],
}

fn read_u64(r: &mut impl Read) -> io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

impl Prior {
    /// Opens `path` and checks its header against `config`.
    pub fn load(path: &Path, config: &DedupConfig) -> Result<Prior, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            at: Some("dedup".into()),
            message: format!("scope {}: {message}", path.display()),
        };
        let mut f = File::open(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut magic = [0u8; 8];
        let header = (|| -> io::Result<([u64; 5], [u64; 4])> {
            f.read_exact(&mut magic)?;
            let mut p = [0u64; 5];
            for v in &mut p {
                *v = read_u64(&mut f)?;
            }
            let mut c = [0u64; 4];
            for v in &mut c {
                *v = read_u64(&mut f)?;
            }
            Ok((p, c))
        })();
        let (p, c) = header.map_err(|e| invalid(format!("not a ghirbal dedup index ({e})")))?;
        if &magic == b"GHDEDUP1" {
            return Err(invalid(
                "index saved by an older ghirbal whose signatures differ; build it again".into(),
            ));
        }
        if &magic != MAGIC {
            return Err(invalid("not a ghirbal dedup index (bad magic)".into()));
        }
        let want = params(config);
        if p != want {
            return Err(invalid(format!(
                "index built with shingle_words, bands, rows, seed, flags = {p:?}; this run has {want:?}"
            )));
        }
        let records = u32::try_from(c[0]).map_err(|_| invalid("too many records".into()))?;
        // The counts must fit in the file: entries have fixed widths and every id takes at
        // least its 4-byte length. A cut or damaged file is refused here, so its counts never
        // size an allocation or an offset later.
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let sections = [
            (c[1], Wide::SIZE),
            (c[2], Wide::SIZE),
            (c[3], Narrow::SIZE),
            (c[0], 4),
        ];
        let need = sections.iter().try_fold(HEADER, |sum, &(n, width)| {
            n.checked_mul(width as u64).and_then(|b| sum.checked_add(b))
        });
        if need.is_none_or(|need| need > len) {
            return Err(invalid(format!(
                "cut or damaged: {len} bytes, fewer than its counts (records, exact, url, \
                 band entries = {c:?}) need"
            )));
        }
        Ok(Prior {
            path: path.to_owned(),
            records,
            counts: [c[1], c[2], c[3]],
        })
    }

    fn open_at(&self, offset: u64) -> io::Result<File> {
        let mut f = File::open(&self.path)?;
        f.seek(SeekFrom::Start(offset))?;
        Ok(f)
    }

    /// The saved exact entries, as one sorted run.
    pub fn exact(&self) -> io::Result<Stream<Wide>> {
        Ok(Stream::from_run(self.open_at(HEADER)?, self.counts[0]))
    }

    /// The saved URL entries, as one sorted run.
    pub fn url(&self) -> io::Result<Stream<Wide>> {
        let at = HEADER + self.counts[0] * Wide::SIZE as u64;
        Ok(Stream::from_run(self.open_at(at)?, self.counts[1]))
    }

    /// The saved band entries, as one sorted run.
    pub fn bands(&self) -> io::Result<Stream<Narrow>> {
        let at = HEADER + (self.counts[0] + self.counts[1]) * Wide::SIZE as u64;
        Ok(Stream::from_run(self.open_at(at)?, self.counts[2]))
    }

    /// Calls `f(k, id)` for every saved record, in order.
    pub fn for_each_id(&self, mut f: impl FnMut(u32, &str)) -> io::Result<()> {
        let at = HEADER
            + (self.counts[0] + self.counts[1]) * Wide::SIZE as u64
            + self.counts[2] * Narrow::SIZE as u64;
        let file = self.open_at(at)?;
        // An id never reaches past the end of the file (checked before its bytes are
        // allocated: the file may have been damaged since `load`).
        let mut left = file.metadata()?.len().saturating_sub(at);
        let mut r = BufReader::new(file);
        let mut buf = Vec::new();
        for k in 0..self.records {
            let mut l = [0u8; 4];
            r.read_exact(&mut l)?;
            let l = u32::from_le_bytes(l) as u64;
            left = left
                .checked_sub(4 + l)
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "id past the end"))?;
            buf.resize(l as usize, 0);
            r.read_exact(&mut buf)?;
            f(k, &String::from_utf8_lossy(&buf));
        }
        Ok(())
    }
}

/// Entries of one kind copied during `finish`, with their node index in place of the
/// ordinal, so the kept ones can be written once the representatives are known.
#[derive(Debug)]
pub(crate) struct Tee {
    w: BufWriter<File>,
    entries: u64,
    /// One entry's bytes, reused by every `push`.
    bytes: Vec<u8>,
}

impl Tee {
    /// A tee file in `dir`.
    pub fn new(dir: &Path) -> io::Result<Tee> {
        Ok(Tee {
            w: BufWriter::with_capacity(1 << 20, tempfile::tempfile_in(dir)?),
            entries: 0,
            bytes: Vec::with_capacity(32),
        })
    }

    /// Copies `e` with `node` as its ordinal.
    pub fn push<E: Entry>(&mut self, e: E, node: u32) -> io::Result<()> {
        self.bytes.clear();
        e.with_ordinal(node as u64).write(&mut self.bytes);
        self.entries += 1;
        self.w.write_all(&self.bytes)
    }

    /// Writes the entries whose node has a saved number (`rank[node] != u32::MAX`) to `out`,
    /// renumbered; returns how many.
    fn copy_kept<E: Entry>(self, rank: &[u32], out: &mut impl Write) -> io::Result<u64> {
        let mut bytes = self.bytes;
        let mut f = self.w.into_inner().map_err(|e| e.into_error())?;
        f.seek(SeekFrom::Start(0))?;
        let mut r = BufReader::with_capacity(1 << 20, f);
        let mut b = [0u8; 32];
        let mut n = 0;
        for _ in 0..self.entries {
            r.read_exact(&mut b[..E::SIZE])?;
            let e = E::read(&b[..E::SIZE]);
            let k = rank.get(e.ordinal() as usize).copied().unwrap_or(u32::MAX);
            if k != u32::MAX {
                bytes.clear();
                e.with_ordinal(PRIOR_BIT | k as u64).write(&mut bytes);
                out.write_all(&bytes)?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Writes a saved index to `path` (through a temporary file and a rename).
///
/// `rank[node]` is the saved number of each kept node (`u32::MAX` for the others); `ids[k]` its
/// id. Each tee holds its kind's entries in key order.
pub(crate) fn write(
    path: &Path,
    config: &DedupConfig,
    rank: &[u32],
    ids: &[Box<str>],
    exact: Option<Tee>,
    url: Option<Tee>,
    bands: Option<Tee>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file().try_clone()?);
    w.write_all(MAGIC)?;
    for v in params(config) {
        w.write_all(&v.to_le_bytes())?;
    }
    // Counts are patched in once known.
    for _ in 0..4 {
        w.write_all(&0u64.to_le_bytes())?;
    }
    let n_exact = match exact {
        Some(t) => t.copy_kept::<Wide>(rank, &mut w)?,
        None => 0,
    };
    let n_url = match url {
        Some(t) => t.copy_kept::<Wide>(rank, &mut w)?,
        None => 0,
    };
    let n_bands = match bands {
        Some(t) => t.copy_kept::<Narrow>(rank, &mut w)?,
        None => 0,
    };
    for id in ids {
        let b = &id.as_bytes()[..id.len().min(u32::MAX as usize)];
        w.write_all(&(b.len() as u32).to_le_bytes())?;
        w.write_all(b)?;
    }
    let mut f = w.into_inner().map_err(|e| e.into_error())?;
    f.seek(SeekFrom::Start(HEADER - 32))?;
    for v in [ids.len() as u64, n_exact, n_url, n_bands] {
        f.write_all(&v.to_le_bytes())?;
    }
    f.sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
