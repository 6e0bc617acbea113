//! `ghirbal index OUT`: a tantivy index of an output folder's kept records (and, on request,
//! its rejects with their reasons) in `OUT/index/`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ghirbal_core::Record;
use ghirbal_io::output::{Part, read_output};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

use crate::analyzers::{GROUPS, Group, register};

/// The index's folder inside an output folder.
pub const INDEX_DIR: &str = "index";
/// The file beside the index that says what it holds.
const META_FILE: &str = "ghirbal-index.json";
/// Memory the index writer may fill before it writes a segment (tantivy splits it over its
/// indexing threads); past it, a segment is flushed and memory is reused.
const WRITER_MEMORY: usize = 64 << 20;

/// Why an index could not be built or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// The output folder could not be read, or the index folder written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// tantivy failed.
    #[error("index {path}: {source}")]
    Tantivy {
        /// The index folder.
        path: PathBuf,
        /// tantivy's error.
        source: tantivy::TantivyError,
    },
    /// There is no index in this output folder.
    #[error("no index in {0}; run `ghirbal index {1}` first")]
    Missing(PathBuf, PathBuf),
    /// The index lacks a field this version reads: an older ghirbal built it.
    #[error("the index in {0} was built by an older ghirbal; run `ghirbal index {1}` again")]
    Outdated(PathBuf, PathBuf),
}

/// What an index holds, written beside it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexFacts {
    /// Kept records indexed.
    pub kept: u64,
    /// Rejected records indexed (0 unless built with rejects).
    pub rejected: u64,
    /// Output rows that could not be read back, so were not indexed.
    pub unreadable: u64,
    /// Analyser groups that hold at least one record.
    pub groups: Vec<String>,
    /// Seconds the build took.
    pub seconds: f64,
}

/// The index's fields.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub id: Field,
    pub kind: Field,
    pub reason: Field,
    pub detail: Field,
    pub lang: Field,
    pub source: Field,
    pub url: Field,
    pub date: Field,
    pub ord: Field,
    /// The kept record a duplicate was dropped for (`detail.kept_id` of a dedup reject).
    pub kept_id: Field,
    /// The row as the output holds it (record, and `reason` and `detail` for a reject).
    pub row: Field,
    /// `(title, text)` per group, in [`GROUPS`] order.
    pub groups: Vec<(Field, Field)>,
}

impl Fields {
    pub fn of(schema: &Schema) -> Result<Fields, tantivy::TantivyError> {
        let f = |name: &str| schema.get_field(name);
        let mut groups = Vec::new();
        for g in GROUPS {
            groups.push((
                f(&format!("title_{}", g.name))?,
                f(&format!("text_{}", g.name))?,
            ));
        }
        Ok(Fields {
            id: f("id")?,
            kind: f("kind")?,
            reason: f("reason")?,
            detail: f("detail")?,
            lang: f("lang")?,
            source: f("source")?,
            url: f("url")?,
            date: f("date")?,
            ord: f("ord")?,
            kept_id: f("kept_id")?,
            row: f("row")?,
            groups,
        })
    }

    /// The `(title, text)` fields of `group`.
    pub fn of_group(&self, group: Group) -> (Field, Field) {
        let i = GROUPS.iter().position(|g| *g == group).unwrap_or(0);
        self.groups[i]
    }
}

/// The schema: the whole row stored (`row`), keyword fields to filter on, stored fields to show, and per analyser group a
/// `title_<group>` and a `text_<group>` field with positions (phrase queries) and offsets
/// from the stored text (highlighting).
pub(crate) fn schema() -> Schema {
    let mut b = Schema::builder();
    for name in ["id", "kind", "reason", "lang", "source", "date"] {
        b.add_text_field(name, STRING | STORED);
    }
    b.add_text_field("detail", STORED);
    b.add_text_field("url", STRING | STORED);
    b.add_text_field("kept_id", STRING);
    // The whole row, for the UI's record page: signals, metadata, removed lines.
    b.add_text_field("row", STORED);
    b.add_u64_field("ord", INDEXED | FAST | STORED);
    for g in GROUPS {
        let options = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&g.analyzer_name())
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        b.add_text_field(&format!("title_{}", g.name), options.clone());
        b.add_text_field(&format!("text_{}", g.name), options);
    }
    b.build()
}

/// Builds `OUT/index/` from `OUT/kept/` (and `OUT/rejects/` when `rejects` is set), replacing
/// any index there.
///
/// # Errors
/// The output folder cannot be listed, or the index cannot be written.
pub fn build_index(out: &Path, rejects: bool) -> Result<IndexFacts, IndexError> {
    let started = std::time::Instant::now();
    let dir = out.join(INDEX_DIR);
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| IndexError::Io { path, source }
    };
    let tv_err = |source| IndexError::Tantivy {
        path: dir.clone(),
        source,
    };
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
    }
    fs::create_dir_all(&dir).map_err(io_err(&dir))?;
    let index = Index::create_in_dir(&dir, schema()).map_err(tv_err)?;
    register(index.tokenizers());
    let fields = Fields::of(&index.schema()).map_err(tv_err)?;
    let mut writer: IndexWriter<TantivyDocument> = index.writer(WRITER_MEMORY).map_err(tv_err)?;
    let mut facts = IndexFacts::default();
    let mut used = [false; GROUPS.len()];
    let mut ord = 0u64;
    let parts: &[Part] = if rejects {
        &[Part::Kept, Part::Rejects]
    } else {
        &[Part::Kept]
    };
    for &part in parts {
        let rows = read_output(out, part).map_err(io_err(&out.join(part.dir_name())))?;
        for row in rows {
            let Ok(row) = row else {
                facts.unreadable += 1;
                continue;
            };
            let group = Group::of(row.record.lang.as_deref());
            used[GROUPS.iter().position(|g| *g == group).unwrap_or(0)] = true;
            let doc = document(&fields, group, &row.record, row.reject.as_ref(), ord);
            writer.add_document(doc).map_err(tv_err)?;
            ord += 1;
            match part {
                Part::Kept => facts.kept += 1,
                Part::Rejects => facts.rejected += 1,
            }
        }
    }
    writer.commit().map_err(tv_err)?;
    writer.wait_merging_threads().map_err(tv_err)?;
    facts.groups = GROUPS
        .iter()
        .zip(used)
        .filter(|(_, u)| *u)
        .map(|(g, _)| g.name.to_owned())
        .collect();
    facts.seconds = started.elapsed().as_secs_f64();
    let meta = dir.join(META_FILE);
    let json = serde_json::to_vec_pretty(&facts).map_err(|e| IndexError::Io {
        path: meta.clone(),
        source: io::Error::other(e),
    })?;
    fs::write(&meta, json).map_err(io_err(&meta))?;
    Ok(facts)
}

/// The document of one record.
fn document(
    f: &Fields,
    group: Group,
    rec: &Record,
    reject: Option<&ghirbal_core::Reject>,
    ord: u64,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.id, &rec.id);
    doc.add_text(f.kind, if reject.is_some() { "rejected" } else { "kept" });
    let mut row = serde_json::to_value(rec).unwrap_or(serde_json::Value::Null);
    if let Some(r) = reject {
        doc.add_text(f.reason, r.reason.as_str());
        doc.add_text(f.detail, r.detail.to_string());
        if let Some(kept) = r.detail.get("kept_id").and_then(|v| v.as_str()) {
            doc.add_text(f.kept_id, kept);
        }
        if let serde_json::Value::Object(o) = &mut row {
            o.insert("reason".into(), r.reason.as_str().into());
            o.insert("detail".into(), r.detail.clone());
        }
    }
    doc.add_text(f.row, row.to_string());
    doc.add_text(f.lang, rec.lang.as_deref().unwrap_or("und"));
    doc.add_text(f.source, rec.site());
    if let Some(url) = &rec.url {
        doc.add_text(f.url, url);
    }
    if let Some(date) = &rec.date {
        doc.add_text(f.date, date);
    }
    doc.add_u64(f.ord, ord);
    let (title, text) = f.of_group(group);
    doc.add_text(title, rec.title.as_deref().unwrap_or(""));
    doc.add_text(text, &rec.text);
    doc
}

/// Opens `OUT/index/` with the analysers registered, and what it holds.
///
/// # Errors
/// There is no index, or tantivy cannot open it.
pub(crate) fn open_index(out: &Path) -> Result<(Index, IndexFacts), IndexError> {
    let dir = out.join(INDEX_DIR);
    let meta = dir.join(META_FILE);
    let Ok(json) = fs::read(&meta) else {
        return Err(IndexError::Missing(dir, out.to_path_buf()));
    };
    let facts: IndexFacts = serde_json::from_slice(&json).map_err(|e| IndexError::Io {
        path: meta.clone(),
        source: io::Error::other(e),
    })?;
    let index = Index::open_in_dir(&dir).map_err(|source| IndexError::Tantivy {
        path: dir.clone(),
        source,
    })?;
    register(index.tokenizers());
    Ok((index, facts))
}
