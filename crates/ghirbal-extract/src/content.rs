//! Main-content selection on a flattened page.
//!
//! The method is readability's, on our flat arrays:
//! 1. Every paragraph-like block of at least [`MIN_SCORED_CHARS`] characters scores
//!    `1 + commas + min(chars / 100, 3)`; the score goes to its container's ancestors: the
//!    parent in full, the grandparent half, then `1 / (3 × level)` up to [`SCORE_LEVELS`].
//! 2. A candidate starts from its tag (div +5, lists −3, headings −5) and ±25 for class/id hints
//!    (`resources/hints.toml`), and its total is scaled by `1 − link density`.
//! 3. The best candidate is lifted to a common ancestor when other near-best candidates share
//!    it, or while its parent holds nothing else; siblings that score at least a fifth of it, or
//!    that are long low-link paragraphs, join it.
//! 4. Inside, containers that are mostly links or lists, or marked as boilerplate with no
//!    score, are cleaned out; then blocks that are furniture by the language lexicons
//!    (`resources/boilerplate/*.toml`) are dropped, with the link lists under a
//!    "related / read also" heading, and a comments heading ends the article.
//! 5. A standfirst that the template keeps beside the headline, outside the chosen container,
//!    is put in front (see [`standfirst`]).
//!
//! Setting `GHIRBAL_EXTRACT_DEBUG` prints the candidates, the choice and the cleaned
//! containers to stderr (for tuning with `examples/extract-eval.rs show PAGE`).

use crate::dom::{ElemId, Flat, Kind, NONE};
use crate::lexicon::LEXICON;

/// Blocks shorter than this add no score.
const MIN_SCORED_CHARS: u32 = 25;
/// How many ancestors a block's score reaches.
const SCORE_LEVELS: usize = 5;
/// Weight of one class/id hint, as in readability.
const HINT_WEIGHT: f32 = 25.0;

/// What was selected: paragraphs of the article, and captions found in it.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    /// Paragraph texts in document order.
    pub paragraphs: Vec<String>,
    /// Caption texts in document order.
    pub captions: Vec<String>,
    /// Headings among `paragraphs` (their indices), for callers that need them apart.
    pub headings: usize,
}

fn tag_base(kind: Kind) -> f32 {
    match kind {
        Kind::Div | Kind::Article | Kind::Main | Kind::Section => 5.0,
        Kind::Pre | Kind::Cell | Kind::Quote => 3.0,
        Kind::List | Kind::Item | Kind::Form => -3.0,
        Kind::Heading(_) => -5.0,
        _ => 0.0,
    }
}

fn link_density(chars: u32, link_chars: u32) -> f32 {
    if chars == 0 {
        0.0
    } else {
        (link_chars as f32 / chars as f32).min(1.0)
    }
}

fn count_commas(s: &str) -> u32 {
    s.chars()
        .filter(|c| matches!(c, ',' | '،' | '，' | '、'))
        .count() as u32
}

/// Picks the article's blocks. `title` (if known) lets a leading `<h1>` that repeats it go.
pub fn select(flat: &Flat, title: Option<&str>) -> Selection {
    let n = flat.elems.len();
    if n == 0 {
        return Selection::default();
    }
    if std::env::var_os("GHIRBAL_EXTRACT_DEBUG").is_some() {
        for b in flat.blocks.iter().filter(|b| b.chars > 100).take(8) {
            eprintln!(
                "block {:?} cap={} chars={} {:?}",
                flat.elems[b.elem as usize].kind,
                b.in_caption,
                b.chars,
                b.text.chars().take(60).collect::<String>()
            );
        }
    }
    let mut score = vec![0f32; n];
    let mut touched = vec![false; n];
    let init = |id: usize, score: &mut [f32], touched: &mut [bool]| {
        if !touched[id] {
            touched[id] = true;
            let e = &flat.elems[id];
            score[id] = tag_base(e.kind) + HINT_WEIGHT * f32::from(e.weight);
        }
    };
    for b in &flat.blocks {
        if b.in_caption || b.chars < MIN_SCORED_CHARS {
            continue;
        }
        let kind = flat.elems[b.elem as usize].kind;
        if !matches!(
            kind,
            Kind::Para
                | Kind::Pre
                | Kind::Quote
                | Kind::Cell
                | Kind::Div
                | Kind::Section
                | Kind::Article
                | Kind::Main
                | Kind::Root
                | Kind::Item
        ) {
            continue;
        }
        let s = 1.0 + count_commas(&b.text) as f32 + (b.chars as f32 / 100.0).min(3.0);
        let mut at = flat.elems[b.elem as usize].parent;
        let mut level = 0usize;
        while at != NONE && level < SCORE_LEVELS {
            let id = at as usize;
            init(id, &mut score, &mut touched);
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[id] += s / divider;
            at = flat.elems[id].parent;
            level += 1;
        }
    }
    for id in 0..n {
        if touched[id] {
            let e = &flat.elems[id];
            score[id] *= 1.0 - link_density(e.chars, e.link_chars);
        }
    }
    let mut ranked: Vec<usize> = (0..n).filter(|&i| touched[i]).collect();
    ranked.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let mut top = match ranked.first() {
        Some(&t) => t,
        None => flat.body.map_or(0, |b| b as usize),
    };

    // Lift to an ancestor shared by at least three near-best candidates.
    if let Some(&best) = ranked.first() {
        let near: Vec<usize> = ranked
            .iter()
            .skip(1)
            .take(4)
            .copied()
            .filter(|&c| score[c] >= score[best] * 0.75)
            .collect();
        if near.len() >= 3 {
            let mut at = flat.elems[best].parent;
            while at != NONE && flat.elems[at as usize].kind != Kind::Root {
                let shared = near
                    .iter()
                    .filter(|&&c| is_ancestor(flat, at, c as ElemId))
                    .count();
                if shared >= 3 {
                    top = at as usize;
                    break;
                }
                at = flat.elems[at as usize].parent;
            }
        }
    }
    // Lift while the parent holds (almost) nothing but the candidate, or scores higher.
    loop {
        let parent = flat.elems[top].parent;
        if parent == NONE || flat.elems[parent as usize].kind == Kind::Root {
            break;
        }
        let p = parent as usize;
        let only_child = flat.elems[p].chars <= flat.elems[top].chars + 10;
        let climbs = touched[p]
            && score[p] > score[top]
            && score[p] >= score[ranked.first().copied().unwrap_or(top)] / 3.0;
        if only_child || climbs {
            top = p;
        } else {
            break;
        }
    }

    if std::env::var_os("GHIRBAL_EXTRACT_DEBUG").is_some() {
        for &c in ranked.iter().take(5) {
            let e = &flat.elems[c];
            eprintln!(
                "cand {c} {:?} class={:x} score={:.1} chars={} links={}",
                e.kind, e.class, score[c], e.chars, e.link_chars
            );
        }
        let e = &flat.elems[top];
        eprintln!(
            "top {top} {:?} class={:x} chars={}",
            e.kind, e.class, e.chars
        );
    }
    // Lift while the candidate holds too little of the page's prose: content spread over
    // several containers (about pages, shops, long-form layouts) is joined this way.
    let good = good_chars(flat);
    let page_good = flat.body.map_or(good[0], |b| good[b as usize]).max(1);
    while (good[top] as f32) < COVERAGE * page_good as f32 {
        let parent = flat.elems[top].parent;
        if parent == NONE || flat.elems[parent as usize].kind == Kind::Root {
            break;
        }
        top = parent as usize;
    }
    // Siblings that belong to the article too.
    let mut is_root = vec![false; n];
    is_root[top] = true;
    let parent = flat.elems[top].parent;
    if parent != NONE {
        let threshold = (score[top] * 0.2).max(10.0);
        for (id, e) in flat.elems.iter().enumerate() {
            if e.parent != parent || id == top {
                continue;
            }
            let bonus = if e.class != 0 && e.class == flat.elems[top].class {
                score[top] * 0.2
            } else {
                0.0
            };
            let ld = link_density(e.chars, e.link_chars);
            let join = (touched[id] && score[id] + bonus >= threshold)
                || (e.kind == Kind::Para
                    && ((e.chars > 80 && ld < 0.25)
                        || (e.chars > 0 && e.chars <= 80 && ld == 0.0)))
                // A sibling block of prose (a standfirst, a second text column).
                || (e.weight >= 0
                    && good[id] > SIBLING_PROSE_CHARS
                    && ld < 0.25
                    && !matches!(e.kind, Kind::List | Kind::Form | Kind::Table));
            if join {
                is_root[id] = true;
            }
        }
    }

    // Membership and conditional cleaning, in one pass (parents come before children).
    let mut inside = vec![false; n];
    let mut cleaned = vec![false; n];
    let mut root_chars = vec![0u32; n];
    for id in 0..n {
        let e = &flat.elems[id];
        let parent_in = e.parent != NONE && inside[e.parent as usize];
        inside[id] = is_root[id] || parent_in;
        if !inside[id] {
            continue;
        }
        let parent_cleaned = e.parent != NONE && parent_in && cleaned[e.parent as usize];
        root_chars[id] = if is_root[id] {
            e.chars
        } else {
            root_chars[e.parent as usize]
        };
        // A container holding most of the article is the article, whatever its class says.
        let major = e.chars * 2 > root_chars[id];
        cleaned[id] = parent_cleaned
            || (!is_root[id] && !major && should_clean(flat, id, touched[id], score[id]));
        if cleaned[id] && !parent_cleaned && std::env::var_os("GHIRBAL_EXTRACT_DEBUG").is_some() {
            eprintln!(
                "cleaned {id} {:?} class={:x} w={} touched={} score={} chars={} links={} commas={} items={} paras={}",
                e.kind,
                e.class,
                e.weight,
                touched[id],
                score[id],
                e.chars,
                e.link_chars,
                e.commas,
                e.items,
                e.paras
            );
        }
    }

    emit(flat, &inside, &cleaned, title)
}

/// Share of the page's prose the chosen container must hold before it stops being lifted.
const COVERAGE: f32 = 0.6;
/// A sibling of the chosen container with this much prose joins it.
const SIBLING_PROSE_CHARS: u32 = 200;

/// Characters of prose (blocks of 25+ characters with under 30% link text, not captions)
/// under each element.
fn good_chars(flat: &Flat) -> Vec<u32> {
    let mut good = vec![0u32; flat.elems.len()];
    for b in &flat.blocks {
        if !b.in_caption && b.chars >= MIN_SCORED_CHARS && b.link_chars * 10 < b.chars * 3 {
            good[b.elem as usize] += b.chars;
        }
    }
    for id in (1..flat.elems.len()).rev() {
        let p = flat.elems[id].parent;
        if p != NONE {
            good[p as usize] += good[id];
        }
    }
    good
}

/// True when `anc` is `id` or one of its ancestors.
fn is_ancestor(flat: &Flat, anc: ElemId, id: ElemId) -> bool {
    let mut at = id;
    while at != NONE {
        if at == anc {
            return true;
        }
        at = flat.elems[at as usize].parent;
    }
    false
}

/// readability's conditional cleaning of containers inside the article, simplified.
fn should_clean(flat: &Flat, id: usize, touched: bool, score: f32) -> bool {
    let e = &flat.elems[id];
    if !matches!(
        e.kind,
        Kind::Div
            | Kind::Section
            | Kind::List
            | Kind::Table
            | Kind::Form
            | Kind::Header
            | Kind::Figure
    ) {
        return false;
    }
    let weight = HINT_WEIGHT * f32::from(e.weight);
    let s = if touched { score } else { 0.0 };
    let ld = link_density(e.chars, e.link_chars);
    // A boilerplate-sounding class cleans a container only if it has links or no paragraph:
    // prose without links under a "card" or "list" class is still prose.
    if weight + s < 0.0 && (ld > 0.1 || (e.paras == 0 && e.items == 0)) {
        return true;
    }
    if e.commas >= 10 {
        return false;
    }
    let paras = e.paras as f32;
    if e.kind != Kind::Figure && e.images > 1 && paras / (e.images as f32) < 0.5 && e.chars < 200 {
        return true;
    }
    if e.kind != Kind::List && e.items > e.paras + 2 && ld > 0.2 {
        return true;
    }
    if weight < HINT_WEIGHT && ld > 0.33 {
        return true;
    }
    weight >= HINT_WEIGHT && ld > 0.5
}

fn emit(flat: &Flat, inside: &[bool], cleaned: &[bool], title: Option<&str>) -> Selection {
    let mut sel = Selection::default();
    let mut in_related = false;
    let title_key = title.map(fold);
    let debug = std::env::var_os("GHIRBAL_EXTRACT_DEBUG").is_some();
    let mut first_emitted = None;
    for (bi, b) in flat.blocks.iter().enumerate() {
        let id = b.elem as usize;
        if debug && inside[id] && b.chars > 80 {
            eprintln!(
                "emit? cleaned={} kind={:?} {:?}",
                cleaned[id],
                flat.elems[id].kind,
                b.text.chars().take(50).collect::<String>()
            );
        }
        if !inside[id] || cleaned[id] || b.text.is_empty() {
            continue;
        }
        if b.in_caption {
            if b.link_chars * 2 < b.chars {
                sel.captions.push(b.text.clone());
            }
            continue;
        }
        let kind = flat.elems[id].kind;
        let heading = matches!(kind, Kind::Heading(_));
        if heading && LEXICON.is_stop_heading(&b.text) {
            break;
        }
        if LEXICON.is_related_heading(&b.text) {
            in_related = true;
            continue;
        }
        let ld = link_density(b.chars, b.link_chars);
        if in_related {
            // The list under a related heading: link lines and short lines go with it; the
            // first real paragraph ends it.
            if ld > 0.3 || b.chars < 100 {
                continue;
            }
            in_related = false;
        }
        // A teaser: a linked headline with a summary cut short.
        let teaser = b.link_chars > 0 && (b.text.ends_with("...") || b.text.ends_with('…'));
        if ld > 0.5 || teaser || LEXICON.is_furniture(&b.text) {
            continue;
        }
        if kind == Kind::Heading(1) && sel.paragraphs.is_empty() {
            continue;
        }
        if heading && title_key.as_deref() == Some(fold(&b.text).as_str()) {
            continue;
        }
        if heading {
            sel.headings += 1;
        }
        first_emitted.get_or_insert(bi);
        sel.paragraphs.push(b.text.clone());
    }
    if let Some(first) = first_emitted {
        let lede = standfirst(flat, inside, first);
        if !lede.is_empty() {
            sel.paragraphs.splice(0..0, lede);
        }
    }
    // Headings left at the end introduce nothing.
    sel
}

/// How many blocks before the article's first one are searched for its headline.
const STANDFIRST_LOOKBACK: usize = 12;
/// A standfirst has at least this many characters (not counting spaces).
const STANDFIRST_CHARS: u32 = 80;

/// The standfirst of an article whose headline sits outside the chosen container: between
/// the nearest `<h1>` before the article's first block and that block, the blocks of prose
/// (at least [`STANDFIRST_CHARS`] characters, no link text, not a caption, not furniture),
/// each once.
/// Templates often put the headline and its standfirst (an `<h2>` or a `<p>`) in a header
/// apart from the body. Nothing is taken when no `<h1>` is near.
fn standfirst(flat: &Flat, inside: &[bool], first: usize) -> Vec<String> {
    let from = first.saturating_sub(STANDFIRST_LOOKBACK);
    let Some(h1) = (from..first)
        .rev()
        .find(|&i| flat.elems[flat.blocks[i].elem as usize].kind == Kind::Heading(1))
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for b in &flat.blocks[h1 + 1..first] {
        let e = &flat.elems[b.elem as usize];
        let prose = !inside[b.elem as usize]
            && !b.in_caption
            && b.link_chars == 0
            && b.chars >= STANDFIRST_CHARS
            && matches!(e.kind, Kind::Heading(_) | Kind::Para | Kind::Div)
            && !LEXICON.is_furniture(&b.text);
        // Templates that print the standfirst twice (for mobile and desktop) give it once.
        if prose && !out.contains(&b.text) {
            out.push(b.text.clone());
        }
    }
    out
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
