//! The resume manifest: which output shards are complete, and their counts.
//!
//! Written to `OUT/.ghirbal/manifest.json` (tmp + rename) each time a shard's files are in
//! place, so a run killed at any moment leaves a manifest that names only complete shards.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ghirbal_core::RunStats;
use serde::{Deserialize, Serialize};

/// What `--resume` needs to skip finished work.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Hash of everything that decides the output (config less `threads`, input names, sizes
    /// and modification times); a resume with a different fingerprint starts over.
    pub fingerprint: String,
    /// Completed shards and the counts of the records they hold.
    pub shards: BTreeMap<u64, RunStats>,
}

impl Manifest {
    /// Where the manifest of output folder `out` lives.
    pub fn path(out: &Path) -> PathBuf {
        out.join(".ghirbal").join("manifest.json")
    }

    /// Loads the manifest of `out`; `None` when there is none or it does not parse.
    pub fn load(out: &Path) -> Option<Manifest> {
        let text = fs::read_to_string(Manifest::path(out)).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Writes the manifest atomically.
    pub fn save(&self, out: &Path) -> io::Result<()> {
        let path = Manifest::path(out);
        let tmp = path.with_extension("json.tmp");
        let text = serde_json::to_vec(self).map_err(io::Error::other)?;
        fs::write(&tmp, text)?;
        fs::rename(&tmp, &path)
    }
}
