//! A byte-level pass before parsing that empties elements whose content is never text: the
//! bodies of `<script>` (JSON-LD excepted), `<style>`, `<svg>`, `<noscript>`, `<template>`
//! and HTML comments. They are often more than half of a page, and the tokenizer would
//! otherwise read them character by character. Tags themselves are kept, so the DOM has the
//! same shape.

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
        let Some(name) = RAW.iter().find(|n| starts_with_tag(rest, n)) else {
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
    (out, removed_script)
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
}
