//! Page metadata: JSON-LD (`NewsArticle`/`Article`/..., `@graph`, arrays, broken JSON
//! tolerated), OpenGraph and `article:*`, Dublin Core and other common `<meta>` names,
//! `itemprop`, `<time datetime>`, `<link rel=canonical>`, `<html lang dir>`, and a byline
//! element (rel/itemprop/class "author").
//!
//! Priority for each field, first found wins: JSON-LD, then `<meta>`, then the page itself.
//! Every walk here is a flat scan of the node arena; nothing recurses except JSON-LD values,
//! whose depth serde_json already caps at 128.

use std::collections::HashMap;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::dom::attr;
use serde_json::Value;

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// Description / standfirst.
    pub description: Option<String>,
    /// Author names, joined with ", ".
    pub author: Option<String>,
    /// Publication date as written.
    pub published: Option<String>,
    /// Which markup gave `published`: `json-ld`, `meta`, `itemprop` or `time`.
    pub published_source: Option<&'static str>,
    /// Modification date as written.
    pub modified: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Site name.
    pub site_name: Option<String>,
    /// `<html lang>` (or `content-language`).
    pub lang: Option<String>,
    /// `dir` of `<html>` or `<body>`.
    pub dir: Option<String>,
    /// The `<title>` element's text, as is.
    pub html_title: Option<String>,
    /// JSON-LD `articleBody`, newlines kept: a fallback for pages that render their text
    /// with JavaScript.
    pub article_body: Option<String>,
}

/// Class or id words of a byline element, matched case-insensitively.
static BYLINE_CLASS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["byline", "author-name", "writtenby", "p-author"])
            .expect("plain words")
    });

/// JSON-LD types that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "socialmediaposting",
    "liveblogposting",
    "posting",
    "webpage",
];

/// Reads the page's metadata.
pub fn read(doc: &Html) -> Meta {
    let mut metas: HashMap<String, (u8, String)> = HashMap::new();
    let mut jsonld: Vec<String> = Vec::new();
    let mut meta = Meta::default();
    let mut byline: Option<String> = None;
    let mut itemprop_date: Option<String> = None;
    let mut time_datetime: Option<String> = None;
    let mut itemprop_headline: Option<String> = None;
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "html" => {
                meta.lang = meta
                    .lang
                    .take()
                    .or_else(|| nonempty(attr(el, "lang").or(attr(el, "xml:lang"))));
                meta.dir = meta.dir.take().or_else(|| nonempty(attr(el, "dir")));
            }
            "body" => {
                if let Some(d) = nonempty(attr(el, "dir")) {
                    meta.dir = Some(d);
                }
            }
            "title" if meta.html_title.is_none() => {
                meta.html_title = nonempty(Some(&text_of(node, 2_000)));
            }
            "meta" => {
                if let Some(v) = nonempty(attr(el, "content")) {
                    // `property` (RDFa, may list several) wins over `name`, which wins over
                    // `itemprop`; `dc.title` and `dc:title` are one key.
                    for (name, rank) in [("property", 0u8), ("name", 1), ("itemprop", 2)] {
                        for k in attr(el, name).unwrap_or("").split_whitespace() {
                            let key = k.to_ascii_lowercase().replace('.', ":");
                            let slot = metas.entry(key).or_insert((u8::MAX, String::new()));
                            if rank < slot.0 {
                                *slot = (rank, v.clone());
                            }
                        }
                    }
                }
                let value = attr(el, "content");
                if let (Some(h), Some(v)) = (attr(el, "http-equiv"), nonempty(value))
                    && h.eq_ignore_ascii_case("content-language")
                {
                    metas.entry("content-language".into()).or_insert((3, v));
                }
            }
            "link" => {
                let rel = attr(el, "rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && meta.url.is_none() {
                    meta.url = nonempty(attr(el, "href"));
                }
            }
            "script"
                if attr(el, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                jsonld.push(text_of(node, 1 << 20));
            }
            // A `<time>` in a list of other stories or a sidebar dates another page.
            "time" if time_datetime.is_none() && !crate::dom::in_furniture(node) => {
                time_datetime = nonempty(attr(el, "datetime"));
            }
            _ => {}
        }
        if let Some(prop) = attr(el, "itemprop") {
            let prop = prop.to_ascii_lowercase();
            if prop.contains("datepublished") && itemprop_date.is_none() {
                itemprop_date = nonempty(attr(el, "content").or(attr(el, "datetime")))
                    .or_else(|| nonempty(Some(&text_of(node, 200))));
            }
            if prop == "headline" && itemprop_headline.is_none() && el.name() != "meta" {
                itemprop_headline = nonempty(Some(&text_of(node, 500)));
            }
            if prop == "author" && byline.is_none() && el.name() != "meta" && el.name() != "link" {
                byline = short_text(node);
            }
        }
    }

    let ld = jsonld
        .iter()
        .fold(LdArticle::default(), |acc, s| acc.or(parse_jsonld(s)));
    let m = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| metas.get(&k.replace('.', ":")).map(|(_, v)| v.clone()))
    };
    let ld_title = match (ld.name.clone(), ld.headline.clone()) {
        (Some(n), Some(h)) if n != h => {
            // Both given and different: take the one the `<title>` agrees with, else the name.
            let page = meta.html_title.as_deref().unwrap_or("");
            if similarity(&h, page) > 0.75 && similarity(&n, page) <= 0.75 {
                Some(h)
            } else {
                Some(n)
            }
        }
        (n, h) => n.or(h),
    };
    meta.title = ld_title
        .or_else(|| {
            m(&[
                "dc.title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "twitter:title",
                "parsely-title",
                "title",
            ])
        })
        .or(itemprop_headline);
    meta.article_body = ld.body;
    meta.description = ld.description.or_else(|| {
        m(&[
            "dc.description",
            "dcterm:description",
            "og:description",
            "description",
            "twitter:description",
        ])
    });
    meta.author = ld
        .author
        .or_else(|| {
            m(&[
                "dc.creator",
                "dcterm:creator",
                "author",
                "parsely-author",
                "article:author",
                "sailthru.author",
                "byl",
            ])
            .filter(|a| !a.starts_with("http"))
        })
        .or(byline)
        .or_else(|| find_byline(doc));
    let meta_published = m(&[
        "article:published_time",
        "parsely-pub-date",
        "og:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "date",
        "dc.date",
        "dc.date.issued",
        "dcterms.created",
        "sailthru.date",
        "article.published",
        "published_time",
        "og:article:published_time",
        "citation_publication_date",
    ]);
    (meta.published, meta.published_source) = [
        (ld.published, "json-ld"),
        (meta_published, "meta"),
        (itemprop_date, "itemprop"),
        (time_datetime, "time"),
    ]
    .into_iter()
    .find_map(|(value, source)| value.map(|v| (Some(v), Some(source))))
    .unwrap_or((None, None));
    meta.modified = ld
        .modified
        .or_else(|| m(&["article:modified_time", "og:updated_time", "datemodified"]));
    meta.site_name = ld
        .publisher
        .or_else(|| m(&["og:site_name", "application-name", "twitter:site"]));
    meta.url = meta
        .url
        .take()
        .or(ld.url)
        .or_else(|| m(&["og:url", "twitter:url"]));
    if meta.lang.is_none() {
        meta.lang = m(&["content-language", "og:locale", "language"]);
    }
    meta.title = meta.title.map(|t| unescape(&t)).filter(|t| !t.is_empty());
    meta.description = meta
        .description
        .map(|t| unescape(&t))
        .filter(|t| !t.is_empty());
    meta.author = meta
        .author
        .map(|t| {
            unescape(&t)
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned()
        })
        .filter(|t| !t.is_empty());
    meta.site_name = meta
        .site_name
        .map(|t| unescape(&t))
        .filter(|t| !t.is_empty());
    meta
}

/// Share of `a`'s words found in `b`, lower-cased.
fn similarity(a: &str, b: &str) -> f32 {
    let a: Vec<String> = a.split_whitespace().map(str::to_lowercase).collect();
    let b: Vec<String> = b.split_whitespace().map(str::to_lowercase).collect();
    if a.is_empty() {
        return 0.0;
    }
    a.iter().filter(|w| b.contains(w)).count() as f32 / a.len() as f32
}

/// The first element marked as a byline (`rel=author`, or a byline/author class or id) with
/// short text; a second scan, run only when no metadata names the author.
fn find_byline(doc: &Html) -> Option<String> {
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        if matches!(
            el.name(),
            "meta" | "link" | "html" | "body" | "script" | "style"
        ) {
            continue;
        }
        let rel_author = attr(el, "rel").is_some_and(|r| r.eq_ignore_ascii_case("author"));
        let class_author = attr(el, "class")
            .or(attr(el, "id"))
            .is_some_and(|c| BYLINE_CLASS.is_match(c));
        if (rel_author || class_author)
            && let Some(b) = short_text(node)
        {
            return Some(b);
        }
    }
    None
}

/// Byline text of an element, if short enough to be one.
fn short_text(node: NodeRef<'_, Node>) -> Option<String> {
    let t = text_of(node, 400);
    let n = t.chars().count();
    (n > 0 && n < 100).then_some(t)
}

fn nonempty(s: Option<&str>) -> Option<String> {
    let t = s?.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

/// The text under `node` with whitespace folded, at most `limit` bytes; no recursion.
pub fn text_of(node: NodeRef<'_, Node>, limit: usize) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            for w in t.split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
            if out.len() >= limit {
                let mut cut = limit;
                while !out.is_char_boundary(cut) {
                    cut -= 1;
                }
                out.truncate(cut);
                break;
            }
        }
    }
    out
}

/// Entities that survive in meta content written twice-escaped (`&amp;quot;`).
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.trim().to_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

/// Article fields from JSON-LD.
#[derive(Debug, Default, Clone, PartialEq)]
struct LdArticle {
    headline: Option<String>,
    name: Option<String>,
    description: Option<String>,
    author: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    body: Option<String>,
}

impl LdArticle {
    fn or(self, other: LdArticle) -> LdArticle {
        LdArticle {
            headline: self.headline.or(other.headline),
            name: self.name.or(other.name),
            description: self.description.or(other.description),
            author: self.author.or(other.author),
            published: self.published.or(other.published),
            modified: self.modified.or(other.modified),
            publisher: self.publisher.or(other.publisher),
            url: self.url.or(other.url),
            body: self.body.or(other.body),
        }
    }
}

/// Parses one JSON-LD script; broken JSON is repaired where it is cheap (comments, CDATA,
/// trailing commas, raw newlines in strings), otherwise ignored.
fn parse_jsonld(src: &str) -> LdArticle {
    let value = serde_json::from_str::<Value>(src.trim()).ok().or_else(|| {
        let repaired = repair_json(src);
        serde_json::from_str::<Value>(&repaired).ok()
    });
    let Some(value) = value else {
        return LdArticle::default();
    };
    // Flatten: top-level arrays and @graph lists, without recursion.
    let mut queue: Vec<&Value> = vec![&value];
    let mut best = LdArticle::default();
    let mut best_rank = usize::MAX;
    while let Some(v) = queue.pop() {
        match v {
            Value::Array(items) => queue.extend(items.iter().rev()),
            Value::Object(map) => {
                if let Some(g) = map.get("@graph") {
                    queue.push(g);
                }
                let types = type_names(map.get("@type"));
                let rank = types
                    .iter()
                    .filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t))
                    .min();
                if let Some(rank) = rank {
                    let art = article_fields(map);
                    if rank < best_rank || (rank == best_rank && best.headline.is_none()) {
                        best = art.or(best);
                        best_rank = rank;
                    } else {
                        best = best.or(art);
                    }
                }
            }
            _ => {}
        }
    }
    best
}

fn type_names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn article_fields(map: &serde_json::Map<String, Value>) -> LdArticle {
    let s = |k: &str| {
        map.get(k)
            .and_then(Value::as_str)
            .and_then(|s| nonempty(Some(s)))
    };
    LdArticle {
        headline: s("headline"),
        name: s("name"),
        description: s("description"),
        author: map.get("author").or(map.get("creator")).and_then(names),
        published: s("datePublished").or_else(|| s("dateCreated")),
        modified: s("dateModified"),
        publisher: map.get("publisher").and_then(names),
        body: map
            .get("articleBody")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_owned),
        url: s("url").or_else(|| {
            map.get("mainEntityOfPage").and_then(|m| match m {
                Value::String(s) => nonempty(Some(s)),
                Value::Object(o) => o
                    .get("@id")
                    .and_then(Value::as_str)
                    .and_then(|s| nonempty(Some(s))),
                _ => None,
            })
        }),
    }
}

/// Names from a person/organisation value: a string, an object with `name`, or an array.
fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_owned),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let list: Vec<String> = list
        .into_iter()
        .filter_map(|s| nonempty(Some(&s)))
        .filter(|s| !s.starts_with("http"))
        .collect();
    (!list.is_empty()).then(|| list.join(", "))
}

fn repair_json(src: &str) -> String {
    let mut s = src.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(rest) = s.strip_prefix(open) {
            s = rest.strip_suffix(close).unwrap_or(rest).trim();
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' | '\r' | '\t' => {
                    out.push(' ');
                    continue;
                }
                _ => {}
            }
            out.push(c);
            continue;
        }
        match c {
            '"' => in_string = true,
            ',' => {
                // A trailing comma before } or ] is dropped.
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                if matches!(next, Some('}' | ']') | None) {
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    // Several objects written one after another: make them an array.
    if out.trim_start().starts_with('{') && out.contains("}\n{")
        || out.contains("} {")
        || out.contains("}{")
    {
        let joined = out
            .replace("}\n{", "},{")
            .replace("} {", "},{")
            .replace("}{", "},{");
        return format!("[{joined}]");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str) -> Meta {
        read(&Html::parse_document(html))
    }

    #[test]
    fn jsonld_graph_article_gives_headline_author_and_dates() {
        let m = meta_of(
            r#"<html lang="ar" dir="rtl"><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"الموقع"},
            {"@type":"NewsArticle","headline":"عنوان الخبر","datePublished":"2024-03-05T10:00:00+03:00",
             "author":[{"@type":"Person","name":"أحمد"},{"@type":"Person","name":"سارة"}],
             "publisher":{"@type":"Organization","name":"صحيفة"}}]}
            </script></head><body></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("عنوان الخبر"));
        assert_eq!(m.author.as_deref(), Some("أحمد, سارة"));
        assert_eq!(m.published.as_deref(), Some("2024-03-05T10:00:00+03:00"));
        assert_eq!(m.site_name.as_deref(), Some("صحيفة"));
        assert_eq!(m.lang.as_deref(), Some("ar"));
        assert_eq!(m.dir.as_deref(), Some("rtl"));
    }

    #[test]
    fn broken_jsonld_with_trailing_comma_and_newline_in_string_is_read() {
        let m = meta_of(
            "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"A\nB\",}</script>",
        );
        assert_eq!(m.title.as_deref(), Some("A B"));
    }

    #[test]
    fn jsonld_top_level_array_is_read() {
        let m = meta_of(
            r#"<script type="application/ld+json">[{"@type":"BreadcrumbList"},{"@type":["Article"],"headline":"T","author":"X"}]</script>"#,
        );
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.author.as_deref(), Some("X"));
    }

    #[test]
    fn opengraph_and_article_meta_fill_what_jsonld_lacks() {
        let m = meta_of(
            r#"<head><meta property="og:title" content="OG"><meta property="article:published_time" content="2020-01-02">
            <meta property="og:site_name" content="Site"><meta name="description" content="Desc &amp;amp; more">
            <link rel="canonical" href="https://e.com/a"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("OG"));
        assert_eq!(m.published.as_deref(), Some("2020-01-02"));
        assert_eq!(m.site_name.as_deref(), Some("Site"));
        assert_eq!(m.description.as_deref(), Some("Desc & more"));
        assert_eq!(m.url.as_deref(), Some("https://e.com/a"));
    }

    #[test]
    fn itemprop_and_time_element_give_dates_and_byline() {
        let m = meta_of(
            r#"<body><span class="byline">By Jane Roe</span><time datetime="2019-05-06T07:08:09Z">May 6</time></body>"#,
        );
        assert_eq!(m.author.as_deref(), Some("By Jane Roe"));
        assert_eq!(m.published.as_deref(), Some("2019-05-06T07:08:09Z"));
    }
}
