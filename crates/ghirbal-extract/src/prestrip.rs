//! A byte-level pass before parsing that empties elements whose content is never text: the
//! bodies of `<script>` (JSON-LD excepted), `<style>`, `<svg>`, `<noscript>`, `<template>`
//! and HTML comments. They are often more than half of a page, and the tokenizer would
//! otherwise read them character by character. Tags themselves are kept, so the DOM has the
//! same shape.
//!
//! `<nav>` bodies go too, when their end tag is found: the DOM walk drops every `<nav>`.
//!
//! Start tags also lose the attributes extraction never reads ([`KEPT_ATTRIBUTES`] lists the
//! ones that stay): `data-*`, `srcset`, `src`, `onclick`, and `href` everywhere but `<link>`
//! are about 30% of the bytes left after the bodies go, and html5ever copies attribute values
//! a character at a time.

/// The page with raw-text bodies removed, and how many bytes of script/style were removed.
pub fn prestrip(html: &str) -> (String, usize) {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0usize; // bytes of `html` already copied to `out`
    let mut removed_script = 0usize;
    let mut pos = 0usize;
    while let Some(off) = memchr::memchr(b'<', &bytes[pos..]) {
        let at = pos + off;
        pos = at + 1;
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            let end = memchr::memmem::find(&rest[3..], b"-->")
                .map_or(bytes.len(), |e| at + 1 + 3 + e + 3);
            out.push_str(&html[copied..at]);
            copied = end;
            pos = end;
            continue;
        }
        // `<nav>` is never text of the article (`dom` drops it in every walk): its body goes
        // when its own end tag is found; an unclosed one is left to the parser.
        if starts_with_tag(rest, "nav")
            && let Some(gt) = memchr::memchr(b'>', rest)
            && let Some(close) = find_matching_close(&bytes[at + 1 + gt + 1..], b"nav")
        {
            let open_end = at + 1 + gt + 1;
            out.push_str(&html[copied..open_end]);
            copied = open_end + close;
            pos = copied;
            continue;
        }
        let Some(name) = RAW.iter().find(|n| starts_with_tag(rest, n)) else {
            if rest.first().is_some_and(u8::is_ascii_alphabetic)
                && let Some(end) = rewrite_start_tag(html, at, &mut out, copied)
            {
                copied = end;
                pos = end;
            }
            continue;
        };
        // End of the opening tag.
        let Some(gt) = memchr::memchr(b'>', rest) else {
            break;
        };
        let open_end = at + 1 + gt + 1;
        if *name == "script" {
            let tag = &bytes[at..open_end];
            if contains_ignore_case(tag, b"ld+json") {
                pos = open_end;
                continue;
            }
        }
        let close =
            find_close(&bytes[open_end..], name.as_bytes()).map_or(bytes.len(), |c| open_end + c);
        out.push_str(&html[copied..open_end]);
        if matches!(*name, "script" | "style") {
            removed_script += close - open_end;
        }
        copied = close;
        pos = close;
    }
    out.push_str(&html[copied.min(html.len())..]);
    (collapse_blank_runs(out), removed_script)
}

/// Replaces each run of blanks between two tags by one character (a newline if the run held
/// one, else a space), outside `<pre>`, `<textarea>` and `<listing>`. Indentation is about a
/// tenth of a page's bytes, and html5ever turns every run into a text node character by
/// character; one blank keeps the word boundary the run made.
fn collapse_blank_runs(page: String) -> String {
    let b = page.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut pre_depth = 0u32;
    let mut pos = 0usize;
    while let Some(off) = memchr::memchr(b'>', &b[pos..]) {
        let gt = pos + off;
        // The tag this `>` closes, to follow `<pre>` nesting.
        if let Some(lt) = memchr::memrchr(b'<', &b[pos..gt]).map(|o| pos + o) {
            let tag = &b[lt + 1..gt];
            let (closing, name) = match tag.strip_prefix(b"/") {
                Some(rest) => (true, rest),
                None => (false, tag),
            };
            if ["pre", "textarea", "listing"]
                .iter()
                .any(|n| starts_with_tag_name(name, n))
            {
                pre_depth = if closing {
                    pre_depth.saturating_sub(1)
                } else {
                    pre_depth + 1
                };
            }
        }
        let start = gt + 1;
        let mut end = start;
        while end < b.len() && matches!(b[end], b' ' | b'\t' | b'\n' | b'\r' | 0x0C) {
            end += 1;
        }
        if pre_depth == 0 && end - start > 1 && end < b.len() && b[end] == b'<' {
            let o = out.get_or_insert_with(|| String::with_capacity(page.len()));
            o.push_str(&page[copied..start]);
            o.push(if b[start..end].contains(&b'\n') {
                '\n'
            } else {
                ' '
            });
            copied = end;
        }
        pos = end.max(start);
    }
    match out {
        Some(mut o) => {
            o.push_str(&page[copied..]);
            o
        }
        None => page,
    }
}

/// True when `tag` (the bytes after `<` or `</`) names the element `name`.
fn starts_with_tag_name(tag: &[u8], name: &str) -> bool {
    tag.len() >= name.len()
        && tag[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && tag
            .get(name.len())
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/'))
}

/// Attributes that survive [`prestrip`]: the ones `dom` and `metadata` read, and the few the
/// HTML tree builder itself looks at (`type` of `<input>`, `color`/`face`/`size` of `<font>`,
/// `encoding` of `<annotation-xml>`). `href` is kept on `<link>` only (the canonical URL).
pub const KEPT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "role",
    "hidden",
    "aria-hidden",
    "style",
    "content",
    "datetime",
    "dir",
    "lang",
    "xml:lang",
    "itemprop",
    "http-equiv",
    "rel",
    "type",
    "name",
    "property",
    "charset",
    "color",
    "face",
    "size",
    "encoding",
];

/// Copies the start tag at `at` into `out` without the attributes not in [`KEPT_ATTRIBUTES`];
/// returns where the tag ends. `None` (nothing written) when the tag does not end in the page
/// or keeps all its attributes, so the caller copies it as it is.
fn rewrite_start_tag(html: &str, at: usize, out: &mut String, copied: usize) -> Option<usize> {
    let b = html.as_bytes();
    let n = b.len();
    let mut i = at + 1;
    while i < n && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>') {
        i += 1;
    }
    let name_end = i;
    let is_link = b[at + 1..name_end].eq_ignore_ascii_case(b"link");
    // Spans of attributes to keep, and whether any was dropped.
    let mut keep: Vec<(usize, usize)> = Vec::new();
    let mut dropped = false;
    loop {
        while i < n && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/') {
            i += 1;
        }
        if i >= n {
            return None;
        }
        if b[i] == b'>' {
            break;
        }
        let start = i;
        i += 1; // a name may start with `=`
        while i < n
            && !matches!(
                b[i],
                b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>' | b'='
            )
        {
            i += 1;
        }
        let name = &b[start..i];
        let mut j = i;
        while j < n && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | 0x0C) {
            j += 1;
        }
        if j < n && b[j] == b'=' {
            j += 1;
            while j < n && matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | 0x0C) {
                j += 1;
            }
            if j < n && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let close = memchr::memchr(q, &b[j + 1..])?;
                j = j + 1 + close + 1;
            } else {
                while j < n && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'>') {
                    j += 1;
                }
            }
            i = j;
        }
        let wanted = KEPT_ATTRIBUTES
            .iter()
            .any(|k| name.eq_ignore_ascii_case(k.as_bytes()))
            || (is_link && name.eq_ignore_ascii_case(b"href"));
        if wanted {
            keep.push((start, i));
        } else {
            dropped = true;
        }
    }
    if !dropped {
        return None;
    }
    let end = i + 1;
    out.push_str(&html[copied..name_end]);
    for (s, e) in keep {
        out.push(' ');
        out.push_str(&html[s..e]);
    }
    if b[i - 1] == b'/' {
        out.push('/');
    }
    out.push('>');
    Some(end)
}

/// Elements whose content is dropped.
const RAW: &[&str] = &["script", "style", "svg", "noscript", "template"];

fn starts_with_tag(rest: &[u8], name: &str) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(rest[name.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/')
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Offset of the `</name` that closes an element whose start tag ends where `hay` begins,
/// counting nested `<name` start tags; `None` when it is not closed.
fn find_matching_close(hay: &[u8], name: &[u8]) -> Option<usize> {
    let mut depth = 0u32;
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'<', &hay[pos..]) {
        let at = pos + off;
        let rest = &hay[at + 1..];
        let (closing, tag) = match rest.strip_prefix(b"/") {
            Some(t) => (true, t),
            None => (false, rest),
        };
        let named = tag.len() > name.len()
            && tag[..name.len()].eq_ignore_ascii_case(name)
            && matches!(tag[name.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r' | b'/');
        if named {
            if !closing {
                depth += 1;
            } else if depth == 0 {
                return Some(at);
            } else {
                depth -= 1;
            }
        }
        pos = at + 1;
    }
    None
}

/// Offset of `</name` in `hay`, any case.
fn find_close(hay: &[u8], name: &[u8]) -> Option<usize> {
    let mut pos = 0;
    while let Some(off) = memchr::memmem::find(&hay[pos..], b"</") {
        let at = pos + off;
        let rest = &hay[at + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        pos = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_bodies_go_but_json_ld_stays() {
        let page = r#"<p>a</p><SCRIPT>var x = "<p>no</p>";</Script><script type="application/ld+json">{"a":1}</script><p>b</p>"#;
        let (out, removed) = prestrip(page);
        assert_eq!(
            out,
            r#"<p>a</p><SCRIPT></Script><script type="application/ld+json">{"a":1}</script><p>b</p>"#
        );
        assert_eq!(removed, r#"var x = "<p>no</p>";"#.len());
    }

    #[test]
    fn comments_and_style_go() {
        let (out, _) =
            prestrip("<!-- <p>x</p> --><style>p{}</style><svg><text>t</text></svg><p>y</p>");
        assert_eq!(out, "<style></style><svg></svg><p>y</p>");
    }

    #[test]
    fn unterminated_raw_text_runs_to_the_end() {
        let (out, _) = prestrip("<p>a</p><script>never closed");
        assert_eq!(out, "<p>a</p><script>");
        let (out, _) = prestrip("<p>a</p><!-- open");
        assert_eq!(out, "<p>a</p>");
    }

    #[test]
    fn text_that_merely_mentions_script_is_kept() {
        let (out, _) = prestrip("<p>the <scripts> folder</p>");
        assert_eq!(out, "<p>the <scripts> folder</p>");
    }

    #[test]
    fn unread_attributes_go_and_read_ones_stay() {
        let (out, _) = prestrip(
            r#"<div data-x="1" class="a b" onclick='f(">")' id=main srcset="x 1x, y 2x"><a href="/p" title="t">x</a><br/><img src="i.png" alt="a" /></div>"#,
        );
        assert_eq!(out, r#"<div class="a b" id=main><a>x</a><br/><img/></div>"#);
    }

    #[test]
    fn link_keeps_its_href_and_meta_its_content() {
        let page =
            r#"<link rel="canonical" href="https://e.x/a"><meta property="og:title" content="T">"#;
        assert_eq!(prestrip(page).0, page);
    }

    #[test]
    fn tag_cut_off_inside_a_quote_is_left_as_it_is() {
        let page = r#"<p>a</p><div data-x="never closed"#;
        assert_eq!(prestrip(page).0, page);
    }

    #[test]
    fn blank_runs_between_tags_become_one_blank_but_pre_keeps_them() {
        let (out, _) = prestrip(
            "<div>\n    <p>a</p>   <b>x</b>\t <i>y</i></div><pre>\n  <b>k</b>\n  </pre><p> z  </p>",
        );
        assert_eq!(
            out,
            "<div>\n<p>a</p> <b>x</b> <i>y</i></div><pre>\n  <b>k</b>\n  </pre><p> z  </p>"
        );
    }

    #[test]
    fn nav_bodies_go_when_closed_nested_or_not() {
        let (out, _) =
            prestrip("<nav class=m><ul><li>a</li></ul><nav>b</nav>c</nav><p>d</p><NAV>open");
        assert_eq!(out, "<nav class=m></nav><p>d</p><NAV>open");
    }
}
