//! `ghirbal search OUT "query"`: ranked hits with highlighted snippets.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Index, IndexReader, Order, Searcher, TantivyDocument, Term};

use crate::analyzers::Group;
use crate::index::{Fields, IndexError, IndexFacts, open_index};

/// The most hits one search returns, whatever `limit` asks.
pub const MAX_LIMIT: usize = 1000;
/// The longest query accepted, in bytes; a longer one is cut at a character boundary.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Characters of text around the matched terms in a snippet.
const SNIPPET_CHARS: usize = 240;
/// Weight of a title match against a text match.
const TITLE_BOOST: f32 = 2.0;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The query: words (any matches, more is better), `"a phrase"`, `+must`, `-not`,
    /// `lang:xx`, `source:x`, `reason:x`. Empty: every record the filters let through, in
    /// output order (browsing).
    pub query: String,
    /// Only records of this language.
    pub lang: Option<String>,
    /// Hits to return (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits to skip first (paging).
    pub offset: usize,
    /// Search the rejects too (when the index has them).
    pub rejects: bool,
    /// Only rejects with this reason (implies `rejects`).
    pub reason: Option<String>,
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The record's id.
    pub id: String,
    /// BM25 score.
    pub score: f32,
    /// Its title (empty when it has none).
    pub title: String,
    /// A fragment of its text around the matched terms.
    pub snippet: String,
    /// Byte ranges of the matched terms in `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// `kept` or `rejected`.
    pub kind: String,
    /// Why it was dropped, for a reject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reject's detail (a JSON object: the figure and threshold, the kept duplicate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Its language.
    pub lang: String,
    /// Its source (or URL host).
    pub source: String,
    /// Its URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Records that match, in all.
    pub total: usize,
    /// The hits asked for, best first.
    pub hits: Vec<Hit>,
    /// Parts of the query that did not parse and were read as plain words or left out.
    pub warnings: Vec<String>,
}

/// An open index, ready for many searches.
pub struct Searchable {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    facts: IndexFacts,
}

impl Searchable {
    /// Opens `OUT/index/`.
    ///
    /// # Errors
    /// There is no index there, or it cannot be opened.
    pub fn open(out: &Path) -> Result<Searchable, IndexError> {
        let (index, facts) = open_index(out)?;
        let tv = |source| IndexError::Tantivy {
            path: out.join(crate::INDEX_DIR),
            source,
        };
        let fields = Fields::of(&index.schema())
            .map_err(|_| IndexError::Outdated(out.join(crate::INDEX_DIR), out.to_path_buf()))?;
        let reader = index.reader().map_err(tv)?;
        Ok(Searchable {
            index,
            reader,
            fields,
            facts,
        })
    }

    /// What the index holds.
    pub fn facts(&self) -> &IndexFacts {
        &self.facts
    }

    /// Runs one search.
    ///
    /// # Errors
    /// tantivy fails while reading the index. A query that does not parse is not an error:
    /// what parses is searched and the rest is reported in `warnings`.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, tantivy::TantivyError> {
        let searcher = self.reader.searcher();
        let groups: Vec<Group> = match &req.lang {
            Some(l) => vec![Group::of(Some(l))],
            None => self
                .facts
                .groups
                .iter()
                .filter_map(|g| Group::named(g))
                .collect(),
        };
        let mut default_fields = Vec::new();
        for g in &groups {
            let (title, text) = self.fields.of_group(*g);
            default_fields.push(title);
            default_fields.push(text);
        }
        let mut parser = QueryParser::for_index(&self.index, default_fields);
        for g in &groups {
            parser.set_field_boost(self.fields.of_group(*g).0, TITLE_BOOST);
        }
        let mut text = req.query.as_str();
        if text.len() > MAX_QUERY_BYTES {
            let mut end = MAX_QUERY_BYTES;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text = &text[..end];
        }
        let browse = text.trim().is_empty();
        let (parsed, errors) = if browse {
            (Box::new(AllQuery) as Box<dyn Query>, Vec::new())
        } else {
            parser.parse_query_lenient(text)
        };
        let warnings = errors.iter().map(|e| e.to_string()).collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed)];
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(l) = &req.lang {
            clauses.push((Occur::Must, term(self.fields.lang, l)));
        }
        if let Some(r) = &req.reason {
            clauses.push((Occur::Must, term(self.fields.reason, r)));
        } else if !req.rejects {
            clauses.push((Occur::Must, term(self.fields.kind, "kept")));
        }
        let query = BooleanQuery::new(clauses);
        let limit = req.limit.clamp(1, MAX_LIMIT);
        let offset = req.offset.min(MAX_LIMIT * 10);
        // Browsing lists records in output order (a score would be 1 for all); a search ranks.
        let (top, total): (Vec<(f32, DocAddress)>, usize) = if browse {
            let (top, total) = searcher.search(
                &query,
                &(
                    TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_fast_field::<u64>("ord", Order::Asc),
                    tantivy::collector::Count,
                ),
            )?;
            (top.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
        } else {
            searcher.search(
                &query,
                &(
                    TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_score(),
                    tantivy::collector::Count,
                ),
            )?
        };
        let mut snippets: BTreeMap<Field, SnippetGenerator> = BTreeMap::new();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&searcher, &query, &mut snippets, &doc, score)?);
        }
        Ok(SearchResults {
            total,
            hits,
            warnings,
        })
    }

    /// The stored row of the record `id` (the kept one when a kept and a rejected row share
    /// the id), or `None`.
    ///
    /// # Errors
    /// tantivy fails while reading the index.
    pub fn record(&self, id: &str) -> Result<Option<StoredRow>, tantivy::TantivyError> {
        let searcher = self.reader.searcher();
        let rows = self.rows(&searcher, self.fields.id, id, 16)?;
        Ok(rows.into_iter().min_by_key(|r| r.kind != "kept"))
    }

    /// The records of the duplicate cluster `id` belongs to: the kept record and every
    /// duplicate dropped for it (`detail.kept_id`), kept first, then in output order. A
    /// record in no cluster gives itself alone (or nothing when it is not indexed).
    ///
    /// # Errors
    /// tantivy fails while reading the index.
    pub fn cluster(&self, id: &str) -> Result<Vec<Member>, tantivy::TantivyError> {
        let searcher = self.reader.searcher();
        let Some(me) = self.record(id)? else {
            return Ok(Vec::new());
        };
        let kept = me
            .row
            .get("detail")
            .and_then(|d| d.get("kept_id"))
            .and_then(|k| k.as_str())
            .unwrap_or(id)
            .to_owned();
        let mut members = Vec::new();
        if let Some(k) = self.record(&kept)? {
            members.push(k.member());
        }
        for r in self.rows(&searcher, self.fields.kept_id, &kept, MAX_LIMIT)? {
            members.push(r.member());
        }
        if members.is_empty() {
            members.push(me.member());
        }
        Ok(members)
    }

    /// Every reject reason in the index with its count, most frequent first.
    ///
    /// # Errors
    /// tantivy fails while reading the index.
    pub fn reasons(&self) -> Result<Vec<(String, u64)>, tantivy::TantivyError> {
        let searcher = self.reader.searcher();
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.reason)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let term = String::from_utf8_lossy(stream.key()).into_owned();
                *counts.entry(term).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        let mut out: Vec<(String, u64)> = counts.into_iter().collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(out)
    }

    /// The stored rows whose keyword `field` is `value`, in output order, at most `limit`.
    fn rows(
        &self,
        searcher: &Searcher,
        field: Field,
        value: &str,
        limit: usize,
    ) -> Result<Vec<StoredRow>, tantivy::TantivyError> {
        let query = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(limit).order_by_fast_field::<u64>("ord", Order::Asc),
        )?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |f: Field| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let row = serde_json::from_str(&text(self.fields.row)).unwrap_or_default();
            out.push(StoredRow {
                id: text(self.fields.id),
                kind: text(self.fields.kind),
                row,
            });
        }
        Ok(out)
    }

    fn hit(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        snippets: &mut BTreeMap<Field, SnippetGenerator>,
        doc: &TantivyDocument,
        score: f32,
    ) -> Result<Hit, tantivy::TantivyError> {
        let f = &self.fields;
        let get = |field: Field| -> Option<String> {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let lang = get(f.lang).unwrap_or_default();
        let group = Group::of(Some(&lang));
        let (title_field, text_field) = f.of_group(group);
        let generator = match snippets.entry(text_field) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let mut g = SnippetGenerator::create(searcher, query, text_field)?;
                g.set_max_num_chars(SNIPPET_CHARS);
                e.insert(g)
            }
        };
        let snippet = generator.snippet_from_doc(doc);
        let mut fragment = snippet.fragment().to_owned();
        let mut highlights: Vec<(usize, usize)> = snippet
            .highlighted()
            .iter()
            .map(|r| (r.start, r.end))
            .collect();
        if fragment.is_empty() {
            // No term of the text matched (a title-only match): the text's opening instead.
            let text = get(text_field).unwrap_or_default();
            fragment = text.chars().take(SNIPPET_CHARS).collect();
            highlights.clear();
        }
        Ok(Hit {
            id: get(f.id).unwrap_or_default(),
            score,
            title: get(title_field).unwrap_or_default(),
            snippet: fragment,
            highlights,
            kind: get(f.kind).unwrap_or_default(),
            reason: get(f.reason),
            detail: get(f.detail),
            lang,
            source: get(f.source).unwrap_or_default(),
            url: get(f.url),
            date: get(f.date),
        })
    }
}

/// One record as the index stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRow {
    /// Its id.
    pub id: String,
    /// `kept` or `rejected`.
    pub kind: String,
    /// The row as written to the output: the record's fields, and `reason` and `detail` for
    /// a reject.
    pub row: serde_json::Value,
}

impl StoredRow {
    fn member(&self) -> Member {
        Member {
            id: self.id.clone(),
            reason: self
                .row
                .get("reason")
                .and_then(|r| r.as_str())
                .map(str::to_owned),
        }
    }
}

/// A record of a duplicate cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Its id.
    pub id: String,
    /// Its reject reason; `None` for the kept record.
    pub reason: Option<String>,
}

/// `snippet` with each highlighted range wrapped in `open` and `close` (which the caller
/// escapes beforehand when it writes markup).
pub fn mark(snippet: &str, highlights: &[(usize, usize)], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + highlights.len() * 8);
    let mut at = 0;
    for &(s, e) in highlights {
        if s < at
            || e > snippet.len()
            || !snippet.is_char_boundary(s)
            || !snippet.is_char_boundary(e)
        {
            continue;
        }
        out.push_str(&snippet[at..s]);
        out.push_str(open);
        out.push_str(&snippet[s..e]);
        out.push_str(close);
        at = e;
    }
    out.push_str(&snippet[at..]);
    out
}
