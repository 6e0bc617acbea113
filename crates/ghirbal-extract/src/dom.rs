//! The parsed page flattened into two arrays: elements (with their text counts) and blocks
//! (runs of text between block-level boundaries), built in one walk with an explicit stack.
//!
//! Nothing here recurses: the walk follows first-child / next-sibling / parent links, so a
//! page nested 100,000 deep costs memory in proportion to its depth and never the call stack.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::hints::Hints;

/// Index of an element in [`Flat::elems`]; parents always have smaller indices.
pub type ElemId = u32;

/// No parent.
pub const NONE: ElemId = u32::MAX;

/// What an element is, as far as extraction cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<html>`, `<body>`.
    Root,
    /// `<p>`.
    Para,
    /// `<h1>`..`<h6>` with their level.
    Heading(u8),
    /// `<li>`, `<dd>`, `<dt>`.
    Item,
    /// `<ul>`, `<ol>`, `<dl>`.
    List,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Pre,
    /// `<td>`, `<th>`.
    Cell,
    /// `<table>`, `<tr>`, `<tbody>`...
    Table,
    /// `<figcaption>`, `<caption>`.
    Caption,
    /// `<figure>`.
    Figure,
    /// `<article>`.
    Article,
    /// `<main>`.
    Main,
    /// `<section>`.
    Section,
    /// `<div>` and other block containers.
    Div,
    /// `<header>`.
    Header,
    /// `<form>`.
    Form,
    /// `<img>`.
    Image,
    /// `<a>`.
    Link,
    /// Any other inline element.
    Inline,
}

impl Kind {
    pub(crate) fn of(tag: &str) -> Kind {
        match tag {
            "html" | "body" => Kind::Root,
            "p" => Kind::Para,
            "h1" => Kind::Heading(1),
            "h2" => Kind::Heading(2),
            "h3" => Kind::Heading(3),
            "h4" => Kind::Heading(4),
            "h5" => Kind::Heading(5),
            "h6" => Kind::Heading(6),
            "li" | "dd" | "dt" => Kind::Item,
            "ul" | "ol" | "dl" | "menu" => Kind::List,
            "blockquote" => Kind::Quote,
            "pre" => Kind::Pre,
            "td" | "th" => Kind::Cell,
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup" => Kind::Table,
            "figcaption" | "caption" => Kind::Caption,
            "figure" => Kind::Figure,
            "article" => Kind::Article,
            "main" => Kind::Main,
            "section" => Kind::Section,
            "header" | "hgroup" => Kind::Header,
            "form" | "fieldset" => Kind::Form,
            "div" | "center" | "address" | "details" | "summary" | "dialog" | "hr" => Kind::Div,
            "img" | "picture" => Kind::Image,
            "a" => Kind::Link,
            _ => Kind::Inline,
        }
    }

    /// True for elements that start a new block of text.
    pub fn is_block(self) -> bool {
        !matches!(self, Kind::Inline | Kind::Link | Kind::Image)
    }
}

/// One element of the page, with counts summed over the text it holds (dropped parts excluded).
#[derive(Debug, Clone)]
pub struct Elem {
    /// What it is.
    pub kind: Kind,
    /// The parent element, or [`NONE`].
    pub parent: ElemId,
    /// Class/id weight: +1 content-like, -1 boilerplate-like, 0 neither.
    pub weight: i8,
    /// True when the class/id says caption.
    pub caption_hint: bool,
    /// Characters of text held (whitespace folded).
    pub chars: u32,
    /// Characters of text inside links.
    pub link_chars: u32,
    /// Commas held, in any script.
    pub commas: u32,
    /// `<p>` elements held.
    pub paras: u32,
    /// `<img>` held.
    pub images: u32,
    /// `<li>` held.
    pub items: u32,
    /// A hash of the class attribute (0 when absent), to compare siblings' classes.
    pub class: u64,
}

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub struct Block {
    /// The text, whitespace folded; `<br>` gives `\n`.
    pub text: String,
    /// The nearest block-level element holding it.
    pub elem: ElemId,
    /// Characters of text.
    pub chars: u32,
    /// Characters of text inside links.
    pub link_chars: u32,
    /// True when some ancestor is a caption (`figcaption`, `caption`, caption class).
    pub in_caption: bool,
}

/// The flattened page.
#[derive(Debug, Default)]
pub struct Flat {
    /// Elements in document order.
    pub elems: Vec<Elem>,
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// The `<body>` element, if any.
    pub body: Option<ElemId>,
    /// Characters of text inside `<script>`/`<style>` (to tell all-script pages).
    pub script_chars: usize,
}

/// Elements whose whole subtree is never text of the page.
fn is_dropped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "video"
            | "audio"
            | "map"
            | "frameset"
            | "link"
            | "meta"
            | "title"
            | "datalist"
            | "label"
    )
}

/// ARIA roles that mark page furniture.
fn is_dropped_role(role: &str) -> bool {
    matches!(
        role.trim(),
        "navigation"
            | "banner"
            | "contentinfo"
            | "complementary"
            | "dialog"
            | "alertdialog"
            | "menu"
            | "menubar"
            | "search"
            | "toolbar"
            | "tablist"
    )
}

/// True when `node` sits inside page furniture: a list item, a link, navigation, an aside or a
/// footer, an element whose ARIA role marks furniture, or one whose class/id the hints call
/// boilerplate. A date found there belongs to another story (a sidebar, a list of links).
pub fn in_furniture(node: ego_tree::NodeRef<'_, scraper::Node>) -> bool {
    node.ancestors().take(MAX_FURNITURE_DEPTH).any(|a| {
        let Some(el) = a.value().as_element() else {
            return false;
        };
        matches!(
            el.name(),
            "li" | "a" | "nav" | "aside" | "footer" | "menu" | "select"
        ) || attr(el, "role").is_some_and(is_dropped_role)
            || crate::hints::is_boilerplate(
                crate::hints::HINTS.classify(attr(el, "class"), attr(el, "id")),
            )
    })
}

/// How many ancestors [`in_furniture`] looks at (pages nest deeper than any layout needs).
const MAX_FURNITURE_DEPTH: usize = 64;

/// An attribute's value by name. scraper's `Element::attr` interns the name on every call;
/// comparing the stored names as strings is several times cheaper.
pub fn attr<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    el.attrs().find(|(n, _)| *n == name).map(|(_, v)| v)
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if attr(el, "hidden").is_some() || attr(el, "aria-hidden") == Some("true") {
        return true;
    }
    attr(el, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// True when `node` holds an `<h1>` or a `<main>`: then it wraps the page, and a class/id
/// hint on it names the layout (`above-footer`, `has-sidebar`) and not furniture. The search
/// stops at the first hit and looks only at subtrees a hint would drop.
fn holds_headline(node: NodeRef<'_, Node>) -> bool {
    node.descendants().skip(1).any(|d| {
        d.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "h1" | "main"))
    })
}

/// FNV-1a of the class attribute; never 0 for a present attribute.
fn hash_class(class: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in class.trim().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(1)
}

/// How a walk treats class and id hints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Subtrees whose class/id look like boilerplate (and not like content) are dropped.
    Strict,
    /// Only tags, roles and hidden elements are dropped.
    Lenient,
}

/// Flattens `doc`: one walk in document order, no recursion.
pub fn flatten(doc: &Html, hints: &Hints, strictness: Strictness) -> Flat {
    let mut w = Walker {
        flat: Flat::default(),
        stack: Vec::with_capacity(64),
        caption_depth: 0,
        link_depth: 0,
        pre_depth: 0,
        cur: Current::default(),
        hints,
        strictness,
    };
    let mut node: NodeRef<'_, Node> = doc.tree.root();
    'walk: loop {
        let descend = w.enter(node);
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            w.close(node);
        }
        loop {
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'walk;
            }
            match node.parent() {
                Some(p) => {
                    node = p;
                    w.close(node);
                }
                None => break 'walk,
            }
        }
    }
    let in_caption = w.caption_depth > 0;
    w.cur.flush(&mut w.flat, &w.stack, in_caption);
    w.flat
}

/// The state of one walk.
struct Walker<'h> {
    flat: Flat,
    stack: Vec<ElemId>,
    caption_depth: u32,
    link_depth: u32,
    pre_depth: u32,
    cur: Current,
    hints: &'h Hints,
    strictness: Strictness,
}

impl Walker<'_> {
    /// Handles the start of `node`; true when its children are to be walked (and `close`
    /// will be called for it).
    fn enter(&mut self, node: NodeRef<'_, Node>) -> bool {
        match node.value() {
            Node::Document | Node::Fragment => true,
            Node::Text(t) => {
                if let Some(&top) = self.stack.last() {
                    let link = self.link_depth > 0;
                    let (chars, commas) = self.cur.push_text(t, self.pre_depth > 0, link);
                    let e = &mut self.flat.elems[top as usize];
                    e.chars += chars;
                    e.commas += commas;
                    if link {
                        e.link_chars += chars;
                    }
                }
                false
            }
            Node::Element(el) => {
                let tag = el.name();
                let strict = self.strictness == Strictness::Strict;
                let class = attr(el, "class");
                let class_bits = self.hints.classify(class, None);
                let bits = class_bits | self.hints.classify(None, attr(el, "id"));
                let dropped = is_dropped_tag(tag)
                    || (strict && matches!(tag, "nav" | "aside" | "footer"))
                    || tag == "nav"
                    || attr(el, "role").is_some_and(is_dropped_role)
                    || is_hidden(el)
                    || (self.strictness == Strictness::Strict
                        && !matches!(tag, "html" | "body" | "a" | "main" | "article")
                        // Inline elements hold words of a sentence: a `<span class=dateline>`
                        // inside a paragraph is still the paragraph's text.
                        && Kind::of(tag).is_block()
                        && crate::hints::is_boilerplate(bits)
                        && !holds_headline(node));
                if dropped {
                    if matches!(tag, "script" | "style") {
                        self.flat.script_chars += node
                            .children()
                            .filter_map(|c| c.value().as_text().map(|t| t.len()))
                            .sum::<usize>();
                    }
                    return false;
                }
                let kind = Kind::of(tag);
                if tag == "br" {
                    self.cur.newline();
                    return false;
                }
                if kind.is_block() {
                    self.cur
                        .flush(&mut self.flat, &self.stack, self.caption_depth > 0);
                }
                let parent = self.stack.last().copied().unwrap_or(NONE);
                let weight = crate::hints::weight(bits);
                // Caption classes count on small text holders only: a `<body>` class list
                // that mentions captions says nothing about its text.
                let caption_hint = matches!(kind, Kind::Div | Kind::Para | Kind::Inline)
                    && crate::hints::is_caption(class_bits);
                let id = self.flat.elems.len() as ElemId;
                self.flat.elems.push(Elem {
                    kind,
                    parent,
                    weight,
                    caption_hint,
                    chars: 0,
                    link_chars: 0,
                    commas: 0,
                    paras: u32::from(kind == Kind::Para),
                    images: u32::from(kind == Kind::Image),
                    items: u32::from(kind == Kind::Item),
                    class: class.map_or(0, hash_class),
                });
                if tag == "body" && self.flat.body.is_none() {
                    self.flat.body = Some(id);
                }
                self.stack.push(id);
                if kind == Kind::Caption || caption_hint {
                    self.caption_depth += 1;
                }
                if kind == Kind::Link {
                    self.link_depth += 1;
                }
                if kind == Kind::Pre {
                    self.pre_depth += 1;
                }
                true
            }
            _ => false,
        }
    }

    /// Handles the end of an element `enter` accepted: flushes its text and adds its counts
    /// to its parent.
    fn close(&mut self, node: NodeRef<'_, Node>) {
        if node.value().as_element().is_none() {
            return;
        }
        let Some(&id) = self.stack.last() else { return };
        let kind = self.flat.elems[id as usize].kind;
        if kind.is_block() {
            self.cur
                .flush(&mut self.flat, &self.stack, self.caption_depth > 0);
        }
        self.stack.pop();
        let e = &self.flat.elems[id as usize];
        if kind == Kind::Caption || e.caption_hint {
            self.caption_depth = self.caption_depth.saturating_sub(1);
        }
        if kind == Kind::Link {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
        if kind == Kind::Pre {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        let (parent, chars, link_chars, commas, paras, images, items) = (
            e.parent,
            e.chars,
            e.link_chars,
            e.commas,
            e.paras,
            e.images,
            e.items,
        );
        if parent != NONE {
            let p = &mut self.flat.elems[parent as usize];
            p.chars += chars;
            p.link_chars += link_chars;
            p.commas += commas;
            p.paras += paras;
            p.images += images;
            p.items += items;
        }
    }
}

/// The block being filled.
#[derive(Default)]
struct Current {
    text: String,
    chars: u32,
    link_chars: u32,
    /// A space is owed before the next word.
    space: bool,
}

impl Current {
    /// Appends a text node, folding whitespace unless inside `<pre>`; returns (chars, commas).
    fn push_text(&mut self, t: &str, pre: bool, link: bool) -> (u32, u32) {
        let mut chars = 0u32;
        let mut commas = 0u32;
        for c in t.chars() {
            if c.is_whitespace() && !(pre && c == '\n') {
                self.space = !self.text.is_empty();
                continue;
            }
            if c == '\n' {
                self.text.push('\n');
                self.space = false;
                continue;
            }
            if self.space && !self.text.ends_with('\n') {
                self.text.push(' ');
            }
            self.space = false;
            self.text.push(c);
            chars += 1;
            if matches!(c, ',' | '،' | '，' | '、') {
                commas += 1;
            }
        }
        self.chars += chars;
        if link {
            self.link_chars += chars;
        }
        (chars, commas)
    }

    fn newline(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.space = false;
    }

    fn flush(&mut self, flat: &mut Flat, stack: &[ElemId], in_caption: bool) {
        if self.chars > 0 {
            let elem = stack
                .iter()
                .rev()
                .copied()
                .find(|&id| flat.elems[id as usize].kind.is_block())
                .unwrap_or(NONE);
            if elem != NONE {
                let text = self.text.trim().to_owned();
                flat.blocks.push(Block {
                    text,
                    elem,
                    chars: self.chars,
                    link_chars: self.link_chars,
                    in_caption,
                });
            }
        }
        self.text.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hints::HINTS;

    fn strict_text(html: &str) -> String {
        let doc = Html::parse_document(html);
        let flat = flatten(&doc, &HINTS, Strictness::Strict);
        flat.blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn boilerplate_class_on_a_wrapper_holding_the_headline_keeps_its_text() {
        let text = strict_text(
            r#"<body><div class="above-footer"><h1>Headline</h1><p>Story text.</p>
            <div class="sidebar"><p>Sidebar text.</p></div></div>
            <div class="footer"><p>Footer text.</p></div></body>"#,
        );
        assert_eq!(text, "Headline|Story text.");
    }

    #[test]
    fn boilerplate_class_on_a_wrapper_holding_main_keeps_its_text() {
        let text = strict_text(
            r#"<body><div class="has-sidebar"><main><p>Story text.</p></main></div></body>"#,
        );
        assert_eq!(text, "Story text.");
    }
}
