//! The output place: a local folder, or a prefix in object storage (`s3://bucket/out/`) with
//! the same layout. What a run writes there goes through here.
//!
//! A remote output keeps the local folder's promises: a shard object appears only when its
//! multipart upload completes, the manifest is one PUT written after the shards it lists, and
//! `stats.json` comes last. The spool between passes stays on local disk (a temporary folder).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use ghirbal_core::RunStats;
use ghirbal_core::config::OutputFormat;
use ghirbal_io::storage::{self, StorageError};
use ghirbal_io::{ShardWriter, WriteError, shard_file_name};

use crate::manifest::Manifest;
use crate::run::RunError;

/// Where the run writes: see the module doc.
pub(crate) enum Out {
    /// A local folder.
    Local(PathBuf),
    /// A URL prefix, without its trailing `/`, and the local folder for the spool.
    Remote {
        url: String,
        spool: tempfile::TempDir,
    },
}

pub(crate) fn output_error(path: &Path, e: impl ToString) -> RunError {
    RunError::Output {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

fn storage_error(url: &str, e: StorageError) -> RunError {
    match e {
        StorageError::Fatal(m) => RunError::Storage(m),
        e => output_error(Path::new(&storage::display_url(url)), e),
    }
}

impl Out {
    /// The output place `out` names, made ready for writing: folders made and a probe written
    /// for a local folder; for a URL, a listing that proves the bucket is there and the
    /// credentials work.
    pub(crate) fn prepare(out: &Path) -> Result<Out, RunError> {
        let name = out.to_string_lossy();
        if storage::is_url(&name) {
            let url = name.trim_end_matches('/').to_owned();
            let s = storage::get().map_err(|e| storage_error(&url, e))?;
            s.list_all(&format!("{url}/"))
                .map_err(|e| storage_error(&url, e))?;
            let spool = tempfile::Builder::new()
                .prefix("ghirbal-spool-")
                .tempdir()
                .map_err(|e| output_error(&std::env::temp_dir(), e))?;
            return Ok(Out::Remote { url, spool });
        }
        for d in ["kept", "rejects", ".ghirbal"] {
            let d = out.join(d);
            fs::create_dir_all(&d).map_err(|e| output_error(&d, e))?;
        }
        let probe = out.join(".ghirbal").join("write-probe");
        fs::write(&probe, b"ok").map_err(|e| output_error(out, e))?;
        let _ = fs::remove_file(probe);
        Ok(Out::Local(out.to_path_buf()))
    }

    /// The local folder for the spool between passes.
    pub(crate) fn spool_dir(&self) -> PathBuf {
        match self {
            Out::Local(out) => out.join(".ghirbal"),
            Out::Remote { spool, .. } => spool.path().to_path_buf(),
        }
    }

    fn manifest_url(url: &str) -> String {
        format!("{url}/.ghirbal/manifest.json")
    }

    /// The manifest of an earlier run; `None` when there is none or it does not parse.
    pub(crate) fn load_manifest(&self) -> Result<Option<Manifest>, RunError> {
        match self {
            Out::Local(out) => Ok(Manifest::load(out)),
            Out::Remote { url, .. } => {
                let at = Out::manifest_url(url);
                let bytes = storage::get()
                    .and_then(|s| s.read_all(&at))
                    .map_err(|e| storage_error(&at, e))?;
                Ok(bytes.and_then(|b| serde_json::from_slice(&b).ok()))
            }
        }
    }

    /// Writes the manifest whole (tmp + rename, or one PUT).
    pub(crate) fn save_manifest(&self, manifest: &Manifest) -> Result<(), RunError> {
        match self {
            Out::Local(out) => manifest
                .save(out)
                .map_err(|e| output_error(&Manifest::path(out), e)),
            Out::Remote { url, .. } => {
                let at = Out::manifest_url(url);
                let text =
                    serde_json::to_vec(manifest).map_err(|e| output_error(Path::new(&at), e))?;
                storage::get()
                    .and_then(|s| s.put(&at, &text))
                    .map_err(|e| storage_error(&at, e))
            }
        }
    }

    /// Writes the file `name` at the top of the output whole (tmp + rename, or one PUT).
    pub(crate) fn write_file(&self, name: &str, bytes: &[u8]) -> Result<(), RunError> {
        match self {
            Out::Local(out) => {
                let path = out.join(name);
                let tmp = out.join(format!("{name}.tmp"));
                fs::write(&tmp, bytes)
                    .and_then(|()| fs::rename(&tmp, &path))
                    .map_err(|e| output_error(&path, e))
            }
            Out::Remote { url, .. } => {
                let at = format!("{url}/{name}");
                storage::get()
                    .and_then(|s| s.put(&at, bytes))
                    .map_err(|e| storage_error(&at, e))
            }
        }
    }

    /// Writes `stats.json` whole.
    pub(crate) fn write_stats(&self, stats: &RunStats) -> Result<(), RunError> {
        match self {
            Out::Local(out) => {
                let path = out.join("stats.json");
                let text = serde_json::to_vec_pretty(stats).map_err(|e| output_error(&path, e))?;
                let tmp = path.with_extension("tmp");
                fs::write(&tmp, &text)
                    .and_then(|()| fs::rename(&tmp, &path))
                    .map_err(|e| output_error(&path, e))
            }
            Out::Remote { url, .. } => {
                let at = format!("{url}/stats.json");
                let text = serde_json::to_vec_pretty(stats)
                    .map_err(|e| output_error(Path::new(&at), e))?;
                storage::get()
                    .and_then(|s| s.put(&at, &text))
                    .map_err(|e| storage_error(&at, e))
            }
        }
    }

    /// Removes shard files that the manifest does not list as complete (all of them when
    /// starting over), and leftovers of a killed run (`.tmp`, spools) but the checkpoint files
    /// named in `checkpoints`.
    pub(crate) fn clear(
        &self,
        format: OutputFormat,
        done: &BTreeMap<u64, RunStats>,
        checkpoints: &BTreeSet<String>,
    ) -> Result<(), RunError> {
        let mut keep: BTreeSet<String> = done.keys().map(|n| shard_file_name(*n, format)).collect();
        keep.extend(checkpoints.iter().cloned());
        match self {
            Out::Local(out) => {
                for dir in ["kept", "rejects", ".ghirbal"] {
                    let dir = out.join(dir);
                    let entries = fs::read_dir(&dir).map_err(|e| output_error(&dir, e))?;
                    for entry in entries.flatten() {
                        let name = entry.file_name().to_string_lossy().into_owned();
                        let ours = name.starts_with("part-") || name.starts_with("spool-");
                        if ours && !keep.contains(&name) {
                            fs::remove_file(entry.path())
                                .map_err(|e| output_error(&entry.path(), e))?;
                        }
                    }
                }
                Ok(())
            }
            Out::Remote { url, .. } => {
                let s = storage::get().map_err(|e| storage_error(url, e))?;
                for dir in ["kept", "rejects"] {
                    let prefix = format!("{url}/{dir}/");
                    let objects = s.list_all(&prefix).map_err(|e| storage_error(&prefix, e))?;
                    for o in objects {
                        let name = o.url.rsplit('/').next().unwrap_or("").to_owned();
                        if name.starts_with("part-") && !keep.contains(&name) {
                            s.delete(&o.url).map_err(|e| storage_error(&o.url, e))?;
                        }
                    }
                }
                Ok(())
            }
        }
    }

    /// Starts shard `n` of `dir` (`kept` or `rejects`).
    pub(crate) fn shard(
        &self,
        dir: &str,
        n: u64,
        format: OutputFormat,
        columns: &ghirbal_io::schema::Fields,
    ) -> Result<ShardWriter, RunError> {
        match self {
            Out::Local(out) => ShardWriter::create_fields(&out.join(dir), n, format, columns)
                .map_err(|e| output_error(&out.join(dir), e)),
            Out::Remote { url, .. } => {
                let at = format!("{url}/{dir}");
                ShardWriter::create_remote_fields(&at, n, format, columns)
                    .map_err(|e| self.write_error(&at, e))
            }
        }
    }

    /// A shard's write error, with the place it was written to.
    pub(crate) fn write_error(&self, dir: &str, e: WriteError) -> RunError {
        output_error(Path::new(&storage::display_url(dir)), e)
    }

    /// The folder, or the URL prefix (with any credentials it was given: not to be shown).
    pub(crate) fn place(&self) -> PathBuf {
        match self {
            Out::Local(out) => out.clone(),
            Out::Remote { url, .. } => PathBuf::from(url),
        }
    }

    /// The place as it may be shown.
    pub(crate) fn shown(&self) -> PathBuf {
        match self {
            Out::Local(out) => out.clone(),
            Out::Remote { url, .. } => PathBuf::from(storage::display_url(url)),
        }
    }
}

/// The files and folders of ghirbal's output layout, by path relative to the output: what
/// `--overwrite` removes (shards only inside `kept/` and `rejects/`), and nothing else.
fn is_ours(rel: &str) -> bool {
    let shard = |dir: &str| {
        rel.strip_prefix(dir)
            .is_some_and(|name| name.starts_with("part-") && !name.contains('/'))
    };
    shard("kept/")
        || shard("rejects/")
        || rel.starts_with(".ghirbal/")
        || rel.starts_with("index/")
        || ["stats.json", "README.md", "report.html"]
            .iter()
            .any(|f| rel == *f || rel.strip_prefix(*f) == Some(".tmp"))
}

/// Checks that a new run may write to `out`: a missing or empty folder (or prefix) is fine;
/// one that holds anything is refused, unless `resume` (the run continues what the manifest
/// lists) or `overwrite`, which first removes ghirbal's own layout there (`kept/` and
/// `rejects/` shards, `.ghirbal/`, `index/`, `stats.json`, `README.md`, `report.html`) and
/// leaves every other file alone.
///
/// # Errors
/// The folder holds files and neither switch was given ([`RunError::Output`]: one line that
/// names both switches), or listing or removing failed.
pub fn ready_output(out: &Path, resume: bool, overwrite: bool) -> Result<(), RunError> {
    if resume {
        return Ok(());
    }
    let refuse = |shown: &Path| {
        output_error(
            shown,
            "the folder is not empty (an earlier run's output?): pass --overwrite to replace \
             ghirbal's files there, or --resume to continue that run",
        )
    };
    let name = out.to_string_lossy();
    if storage::is_url(&name) {
        let url = name.trim_end_matches('/');
        let s = storage::get().map_err(|e| storage_error(url, e))?;
        let prefix = format!("{url}/");
        let objects = s.list_all(&prefix).map_err(|e| storage_error(url, e))?;
        if objects.is_empty() {
            return Ok(());
        }
        if !overwrite {
            return Err(refuse(Path::new(&storage::display_url(url))));
        }
        for o in objects {
            let rel = o.url.strip_prefix(&prefix).unwrap_or(&o.url);
            if is_ours(rel) {
                s.delete(&o.url).map_err(|e| storage_error(&o.url, e))?;
            }
        }
        return Ok(());
    }
    let Ok(entries) = fs::read_dir(out) else {
        // Missing (it is made), or not a folder (preparing it says so).
        return Ok(());
    };
    if entries.flatten().next().is_none() {
        return Ok(());
    }
    if !overwrite {
        return Err(refuse(out));
    }
    for dir in [".ghirbal", "index"] {
        let path = out.join(dir);
        if path.is_dir() {
            fs::remove_dir_all(&path).map_err(|e| output_error(&path, e))?;
        }
    }
    for dir in ["kept", "rejects"] {
        let path = out.join(dir);
        let Ok(entries) = fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_ours(&format!("{dir}/{name}")) && entry.path().is_file() {
                fs::remove_file(entry.path()).map_err(|e| output_error(&entry.path(), e))?;
            }
        }
    }
    for file in ["stats.json", "README.md", "report.html"] {
        for name in [file.to_owned(), format!("{file}.tmp")] {
            let path = out.join(name);
            if path.is_file() {
                fs::remove_file(&path).map_err(|e| output_error(&path, e))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overwrite_removes_ghirbals_layout_only() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path();
        for f in [
            "kept/part-00000.jsonl.zst",
            "rejects/part-00000.jsonl.zst",
            "kept/notes.txt",
            ".ghirbal/manifest.json",
            "index/meta.json",
            "stats.json",
            "README.md",
            "report.html",
            "mine.csv",
        ] {
            let p = out.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, b"x").unwrap();
        }
        let e = ready_output(out, false, false).unwrap_err().to_string();
        assert!(e.contains("--overwrite") && e.contains("--resume"), "{e}");
        ready_output(out, true, false).unwrap();
        assert!(out.join("stats.json").exists());
        ready_output(out, false, true).unwrap();
        let mut left: Vec<String> = Vec::new();
        let mut stack = vec![out.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).unwrap().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else {
                    let rel = e.path().strip_prefix(out).unwrap().to_owned();
                    left.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        left.sort();
        assert_eq!(left, ["kept/notes.txt", "mine.csv"]);
        // An empty or missing folder needs no switch.
        ready_output(&out.join("new"), false, false).unwrap();
        fs::create_dir_all(out.join("empty")).unwrap();
        ready_output(&out.join("empty"), false, false).unwrap();
    }
}
