//! `ghirbal search OUT "query"`: ranked hits with highlighted snippets.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, Searcher, TantivyDocument, Term};

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
    /// `lang:xx`, `source:x`, `reason:x`.
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
        let fields = Fields::of(&index.schema()).map_err(tv)?;
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
        let (parsed, errors) = parser.parse_query_lenient(text);
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
        let (top, total) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_score(),
                tantivy::collector::Count,
            ),
        )?;
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
            lang,
            source: get(f.source).unwrap_or_default(),
            url: get(f.url),
            date: get(f.date),
        })
    }
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
