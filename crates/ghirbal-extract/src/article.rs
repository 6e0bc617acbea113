//! One page in, one article out: the checks, decoding, parsing and assembly that the stage and
//! the benchmarks share.

use ego_tree::NodeRef;
use ghirbal_core::reason::extract as reason;
use ghirbal_core::{Reject, text};
use scraper::{Html, Node};
use serde_json::json;

use crate::charset;
use crate::content::{self, Selection};
use crate::date::{self, DateTime};
use crate::dom::{self, Strictness};
use crate::hints::HINTS;
use crate::limits;
use crate::metadata::{self, Meta};
use crate::prestrip;

/// The article extracted from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    /// Body paragraphs joined by `"\n\n"`, in stored form.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Description / standfirst.
    pub lede: Option<String>,
    /// Photo captions from the article.
    pub captions: Vec<String>,
    /// Publication date, ISO 8601.
    pub date: Option<String>,
    /// Where the date came from: `json-ld`, `meta`, `itemprop`, `time`, `dateline` or
    /// `relative`.
    pub date_source: Option<&'static str>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Site name, or the URL's host.
    pub source: Option<String>,
    /// Author names.
    pub author: Option<String>,
    /// Language the page declares.
    pub page_lang: Option<String>,
    /// Writing direction the page declares (`rtl`, `ltr`).
    pub dir: Option<String>,
    /// Encoding the page was read with (WHATWG name).
    pub charset: &'static str,
    /// How the encoding was chosen.
    pub charset_source: &'static str,
    /// Number of paragraphs in `text`.
    pub paragraphs: usize,
    /// True when only the first `parse_bytes` of the page were read.
    pub truncated: bool,
}

/// What extraction needs besides the bytes.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The declared Content-Type (with charset), if any.
    pub content_type: Option<&'a str>,
    /// The page URL, if known (used for `source` when the page names no site).
    pub url: Option<&'a str>,
    /// The capture date (ISO 8601), to resolve relative dates.
    pub fetched: Option<&'a str>,
    /// Pages above this many bytes are rejected.
    pub max_page_bytes: usize,
    /// Only this many bytes are parsed.
    pub parse_bytes: usize,
    /// Fewer characters of text than this is `extract:no_content`.
    pub min_text_chars: usize,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            content_type: None,
            url: None,
            fetched: None,
            max_page_bytes: limits::MAX_PAGE_BYTES,
            parse_bytes: limits::PARSE_BYTES,
            min_text_chars: 1,
        }
    }
}

/// Extracts the article from an HTML page with default limits.
///
/// # Errors
/// A [`Reject`] with an `extract:*` reason when the bytes are not an HTML page or hold no text.
pub fn extract_html(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
) -> Result<Article, Reject> {
    extract(
        bytes,
        &Options {
            content_type,
            url,
            ..Options::default()
        },
    )
}

/// The strict walk's result is kept when it has at least this many characters; below it the
/// page is walked again without class/id drops and the longer result is taken.
const RETRY_BELOW_CHARS: usize = 500;

/// A JSON-LD `articleBody` replaces the extracted text when it is at least this long and
/// more than twice as long as what the page's markup gave.
const MIN_LD_BODY_CHARS: usize = 200;

/// Extracts the article from an HTML page.
///
/// # Errors
/// A [`Reject`] with an `extract:*` reason when the bytes are not an HTML page or hold no text.
pub fn extract(bytes: &[u8], opts: &Options<'_>) -> Result<Article, Reject> {
    if bytes.len() > opts.max_page_bytes {
        return Err(Reject::new(
            reason::TOO_LARGE,
            json!({"bytes": bytes.len(), "max_page_bytes": opts.max_page_bytes}),
        ));
    }
    check_binary(bytes)?;
    check_html(bytes, opts.content_type)?;
    let truncated = bytes.len() > opts.parse_bytes;
    let slice = &bytes[..bytes.len().min(opts.parse_bytes)];
    let decoded = charset::decode(slice, opts.content_type);
    let (mut html, stripped_script) = prestrip::prestrip(&decoded.text);
    drop(decoded.text);
    let cut = limits::depth_cut(&html);
    if cut < html.len() {
        html.truncate(cut);
    }
    let doc = Html::parse_document(&html);
    drop(html);
    let meta = metadata::read(&doc);
    let title = pick_title(&meta, &doc);

    let strict = dom::flatten(&doc, &HINTS, Strictness::Strict);
    let mut sel = content::select(&strict, title.as_deref());
    let mut page_chars: usize = strict.blocks.iter().map(|b| b.chars as usize).sum();
    let script_chars = strict.script_chars + stripped_script;
    if chars_of(&sel) < RETRY_BELOW_CHARS {
        let lenient = dom::flatten(&doc, &HINTS, Strictness::Lenient);
        page_chars = page_chars.max(lenient.blocks.iter().map(|b| b.chars as usize).sum());
        let other = content::select(&lenient, title.as_deref());
        if chars_of(&other) > 2 * chars_of(&sel) {
            sel = other;
        }
    }
    // Pages that render their text with JavaScript often carry it in JSON-LD.
    if let Some(ld_body) = meta.article_body.as_deref() {
        merge_ld_body(&mut sel, ld_body);
    }
    let body = text::stored(&sel.paragraphs.join("\n\n"));
    let body_chars = body.chars().count();
    if body_chars < opts.min_text_chars.max(1) {
        if page_chars < 100 && script_chars > 1000 {
            return Err(Reject::new(
                reason::SCRIPT_ONLY,
                json!({"script_chars": script_chars, "text_chars": page_chars}),
            ));
        }
        return Err(Reject::new(
            reason::NO_CONTENT,
            json!({"text_chars": body_chars, "page_chars": page_chars, "min_text_chars": opts.min_text_chars}),
        ));
    }

    let fetched = opts.fetched.and_then(date::parse_machine);
    let (date, date_source) = pick_date(&meta, &doc, fetched.as_ref());
    let url = meta.url.clone().or_else(|| opts.url.map(str::to_owned));
    let source = meta
        .site_name
        .clone()
        .or_else(|| url.as_deref().or(opts.url).and_then(host));
    Ok(Article {
        paragraphs: sel.paragraphs.len(),
        text: body,
        title: title.map(|t| text::stored(&t)),
        lede: meta.description.as_deref().map(text::stored),
        captions: sel.captions.iter().map(|c| text::stored(c)).collect(),
        date,
        date_source,
        url,
        source,
        author: meta.author.clone(),
        page_lang: meta.lang.clone(),
        dir: meta.dir.as_deref().map(str::to_ascii_lowercase),
        charset: decoded.encoding.name(),
        charset_source: decoded.source.as_str(),
        truncated,
    })
}

/// Replaces a short selection by the JSON-LD `articleBody` when that is at least
/// [`MIN_LD_BODY_CHARS`] long and more than twice the selection. The body may hold markup
/// (`<p>`, `<strong>`): it is then parsed and read block by block, without the blocks that
/// are mostly link text. Paragraphs of the page that
/// the body does not contain (a standfirst, an update note, a body in JSON-LD that is an older
/// version) are kept after it.
fn merge_ld_body(sel: &mut Selection, ld_body: &str) {
    let ld_chars = ld_body.chars().count();
    if ld_chars < MIN_LD_BODY_CHARS || ld_chars <= 2 * chars_of(sel) {
        return;
    }
    let ld_paragraphs: Vec<String> = if ld_body.contains('<') {
        let doc = Html::parse_fragment(ld_body);
        dom::flatten(&doc, &HINTS, Strictness::Lenient)
            .blocks
            .into_iter()
            // A line that is mostly a link is a "read also" inserted in the body.
            .filter(|b| b.link_chars * 2 <= b.chars)
            .map(|b| b.text)
            .filter(|t| !t.is_empty())
            .collect()
    } else {
        ld_body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let folded = fold_ws(&ld_paragraphs.join(" "));
    let kept: Vec<String> = std::mem::take(&mut sel.paragraphs)
        .into_iter()
        .filter(|p| !folded.contains(&fold_ws(p)))
        .collect();
    sel.paragraphs = ld_paragraphs;
    sel.paragraphs.extend(kept);
    sel.captions.clear();
}

/// Whitespace runs folded to one space.
fn fold_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn chars_of(sel: &Selection) -> usize {
    sel.paragraphs.iter().map(|p| p.chars().count()).sum()
}

/// Rejects bytes that are not text: a known binary signature, NUL bytes, or many control
/// bytes in the first 8 KiB.
fn check_binary(bytes: &[u8]) -> Result<(), Reject> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "pdf"),
        (b"\x89PNG", "png"),
        (b"GIF8", "gif"),
        (b"\xFF\xD8\xFF", "jpeg"),
        (b"PK\x03\x04", "zip"),
        (b"\x1F\x8B", "gzip"),
        (b"\x28\xB5\x2F\xFD", "zstd"),
        (b"RIFF", "riff"),
        (b"\x00\x00\x01\x00", "ico"),
        (b"wOFF", "woff"),
        (b"\x7FELF", "elf"),
    ];
    for (sig, name) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Err(Reject::new(reason::BINARY, json!({"signature": name})));
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() {
        return Ok(());
    }
    // UTF-16 has NULs by nature; a BOM says so.
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(());
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    let share = control as f64 / head.len() as f64;
    if share > 0.01 {
        return Err(Reject::new(
            reason::BINARY,
            json!({"control_share": (share * 1000.0).round() / 1000.0, "max": 0.01}),
        ));
    }
    Ok(())
}

/// Rejects bodies that are not HTML: a Content-Type other than HTML/XHTML, or, with none (or
/// a generic one), first bytes that show no markup.
fn check_html(bytes: &[u8], content_type: Option<&str>) -> Result<(), Reject> {
    let mime = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let generic = matches!(
        mime.as_str(),
        "" | "application/octet-stream"
            | "unknown/unknown"
            | "application/unknown"
            | "application/x-unknown-content-type"
    );
    if matches!(
        mime.as_str(),
        "text/html" | "application/xhtml+xml" | "application/vnd.wap.xhtml+xml"
    ) {
        return Ok(());
    }
    if generic && looks_like_html(bytes) {
        return Ok(());
    }
    Err(Reject::new(
        reason::NOT_HTML,
        if mime.is_empty() {
            json!({"content_type": null, "sniffed": "no markup"})
        } else {
            json!({"content_type": mime})
        },
    ))
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    [
        &b"<html"[..],
        b"<!doctype html",
        b"<head",
        b"<body",
        b"<p>",
        b"<div",
        b"<title",
        b"<meta",
    ]
    .iter()
    .any(|m| memchr::memmem::find(&lower, m).is_some())
}

/// The headline: metadata's, else the `<title>` cleaned of the site name, else the first `<h1>`.
fn pick_title(meta: &Meta, doc: &Html) -> Option<String> {
    if let Some(t) = &meta.title {
        return Some(t.clone());
    }
    if let Some(t) = &meta.html_title {
        return Some(clean_title(t));
    }
    first_h1(doc)
}

fn first_h1(doc: &Html) -> Option<String> {
    doc.tree.nodes().find_map(|n| {
        let el = n.value().as_element()?;
        (el.name() == "h1")
            .then(|| metadata::text_of(n, 500))
            .filter(|t| !t.is_empty())
    })
}

/// Separators between a headline and a site name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " \\ ", " / ", " > ", " » ", " :: ",
];

/// Removes a site name from a `<title>`: the part before the last separator, unless that
/// leaves fewer than three words, then the part after the first.
pub fn clean_title(t: &str) -> String {
    let t = t.trim();
    let last = TITLE_SEPARATORS
        .iter()
        .filter_map(|s| t.rfind(s).map(|i| (i, s.len())))
        .max();
    let Some((at, _)) = last else {
        return t.to_owned();
    };
    let before = t[..at].trim();
    if before.split_whitespace().count() >= 3 {
        return before.to_owned();
    }
    let first = TITLE_SEPARATORS
        .iter()
        .filter_map(|s| t.find(s).map(|i| (i, s.len())))
        .min();
    if let Some((i, len)) = first {
        let after = t[i + len..].trim();
        if after.split_whitespace().count() >= 3 {
            return after.to_owned();
        }
    }
    t.to_owned()
}

/// Characters of short lines read before the headline (a date above it, under a section
/// label) and after it (a dateline, a byline with a date) when the page's markup has no date.
const BEFORE_HEADLINE_CHARS: usize = 300;
const AFTER_HEADLINE_CHARS: usize = 600;
/// A line longer than this is prose, not a dateline: a date in the body's first sentence is
/// what the story is about, not when it was published.
const DATELINE_MAX_CHARS: usize = 100;

/// The publication date and where it came from, by confidence: the page's markup (JSON-LD,
/// `<meta>`, `itemprop`, a `<time>` outside furniture), else a short line next to the headline
/// (`dateline`, or `relative` when it is "3 hours ago" resolved against the capture date).
/// Nothing else: a date in a sidebar, a list of other stories or the body text is no
/// publication date, and the capture date is never one (it is the record's `crawl_date`).
fn pick_date(
    meta: &Meta,
    doc: &Html,
    fetched: Option<&DateTime>,
) -> (Option<String>, Option<&'static str>) {
    if let Some(d) = meta.published.as_deref().and_then(date::parse_machine) {
        return (Some(d.to_iso()), meta.published_source);
    }
    let lines = headline_lines(doc);
    match date::find_in_text(&lines, fetched) {
        Some(f) => (
            Some(f.date.to_iso()),
            Some(if f.relative { "relative" } else { "dateline" }),
        ),
        None => (None, None),
    }
}

/// The short lines of text around the page's headline (its first `<h1>` outside furniture),
/// one per line; empty when the page has no such headline.
fn headline_lines(doc: &Html) -> String {
    let nodes: Vec<NodeRef<'_, Node>> = doc.tree.nodes().collect();
    let Some(at) = nodes.iter().position(|n| {
        n.value().as_element().is_some_and(|e| e.name() == "h1") && !dom::in_furniture(*n)
    }) else {
        return String::new();
    };
    let headline = nodes[at];
    let is_line = |n: &NodeRef<'_, Node>| -> Option<String> {
        let Node::Text(t) = n.value() else {
            return None;
        };
        let t = t.trim();
        if t.is_empty() || n.ancestors().any(|a| a == headline) || dom::in_furniture(*n) {
            return None;
        }
        let parent = n.parent()?;
        let parent_el = parent.value().as_element()?;
        if matches!(parent_el.name(), "script" | "style" | "noscript" | "title") {
            return None;
        }
        // The line is the nearest block around the text (a date inside a paragraph of prose
        // is not a dateline), or, in a block that also holds blocks, the inline run the text
        // sits in (`<article><h1>..</h1><span>2 hours ago</span><p>..`).
        let is_block = |a: &NodeRef<'_, Node>| {
            a.value()
                .as_element()
                .is_some_and(|e| dom::Kind::of(e.name()).is_block())
        };
        let mut top = *n;
        let mut block = parent;
        for a in n.ancestors() {
            if is_block(&a) {
                block = a;
                break;
            }
            top = a;
        }
        let line = if block.children().any(|c| is_block(&c)) {
            top
        } else {
            block
        };
        (block_chars(line) <= DATELINE_MAX_CHARS).then(|| t.to_owned())
    };
    let mut before: Vec<String> = Vec::new();
    let mut chars = 0;
    for n in nodes[..at].iter().rev() {
        if let Some(line) = is_line(n) {
            chars += line.chars().count();
            before.push(line);
            if chars > BEFORE_HEADLINE_CHARS {
                break;
            }
        }
    }
    before.reverse();
    let mut after: Vec<String> = Vec::new();
    let mut chars = 0;
    for n in &nodes[at + 1..] {
        if let Some(line) = is_line(n) {
            chars += line.chars().count();
            after.push(line);
            if chars > AFTER_HEADLINE_CHARS {
                break;
            }
        }
    }
    // Lines under the headline first: a dateline there is the article's; above it, a date may
    // still be the page header's clock.
    after.extend(before);
    after.join("\n")
}

/// Characters of text under `node`, counted up to just past [`DATELINE_MAX_CHARS`].
fn block_chars(node: NodeRef<'_, Node>) -> usize {
    let mut chars = 0;
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            chars += t.trim().chars().count();
            if chars > DATELINE_MAX_CHARS {
                break;
            }
        }
    }
    chars
}

/// The host of an `http(s)` URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        extract_html(html.as_bytes(), Some("text/html"), None)
            .map(|a| a.text)
            .unwrap_or_default()
    }

    const LONG: &str = "This sentence, written for the test, is long enough to be prose. ";

    #[test]
    fn json_ld_article_body_replaces_a_short_teaser_and_keeps_page_lines_it_lacks() {
        let body = LONG.repeat(6);
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"NewsArticle","headline":"H","articleBody":"{body}"}}</script></head>
            <body><article><p>Update: a line that only the page carries, not the JSON-LD.</p></article></body></html>"#
        );
        let text = text_of(&html);
        assert!(text.starts_with(body.trim()), "{text}");
        assert!(text.ends_with("Update: a line that only the page carries, not the JSON-LD."));
    }

    #[test]
    fn json_ld_article_body_with_markup_is_read_without_its_link_lines() {
        let para = LONG.repeat(3);
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"Article","articleBody":"<p>{para}</p><p><a href='/x'>Read also: another story</a></p><p><strong>Bold</strong> {para}</p>"}}</script></head>
            <body><p>Teaser.</p></body></html>"#
        );
        let text = text_of(&html);
        assert!(!text.contains('<'), "{text}");
        assert!(!text.contains("Read also"), "{text}");
        assert!(text.contains("Bold This sentence"), "{text}");
    }

    #[test]
    fn json_ld_article_body_shorter_than_twice_the_page_text_is_ignored() {
        let para = LONG.repeat(4);
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"Article","articleBody":"Another text entirely, {para}"}}</script></head>
            <body><article><p>{para}</p><p>{para}</p></article></body></html>"#
        );
        assert!(!text_of(&html).contains("Another text entirely"));
    }

    #[test]
    fn standfirst_beside_the_headline_outside_the_body_joins_the_article() {
        let para = LONG.repeat(3);
        let html = format!(
            r#"<html><body><nav><a href="/">Home</a></nav>
            <header class="article-head"><h1>The headline</h1>
            <h2 class="subline">A standfirst of one sentence that sums the whole story up for the readers who are in a hurry today.</h2>
            <p class="meta"><a href="/a">By Someone</a></p></header>
            <div class="story"><p>{para}</p><p>{para}</p><p>{para}</p></div>
            <footer><p>Footer text that is long enough to be taken for prose if it were near.</p></footer></body></html>"#
        );
        let text = text_of(&html);
        assert!(text.starts_with("A standfirst of one sentence"), "{text}");
        assert!(
            !text.contains("By Someone") && !text.contains("Footer"),
            "{text}"
        );
    }

    #[test]
    fn without_a_headline_near_the_body_no_standfirst_is_taken() {
        let para = LONG.repeat(3);
        let html = format!(
            r#"<html><body><div class="promo-box"><h2>Some other heading that is long enough to be a standfirst here</h2></div>
            <div class="story"><p>{para}</p><p>{para}</p><p>{para}</p></div></body></html>"#
        );
        assert!(!text_of(&html).contains("Some other heading"));
    }

    #[test]
    fn entry_header_class_is_article_text_but_site_header_is_dropped() {
        let para = LONG.repeat(3);
        let html = format!(
            r#"<html><body><div class="site-header"><div>Site slogan of the company, long enough to be a block of prose.</div></div>
            <div class="post"><div class="entry-header"><p>Intro paragraph of the post that sits in the entry header block.</p></div>
            <div class="entry"><p>{para}</p><p>{para}</p><p>{para}</p></div></div></body></html>"#
        );
        let text = text_of(&html);
        assert!(text.contains("Intro paragraph of the post"), "{text}");
        assert!(!text.contains("Site slogan"), "{text}");
    }
}
