//! Wire credits, by shape (`boilerplate:credit`): the place-and-agency slug under the
//! headline and the reporting credit after the body.
//!
//! - A slug (rule `place_agency`): between the headline and the body's first paragraph, a
//!   line that is a place and an agency in brackets, "AMMAN (Horizon Wire)", "عمّان (الأفق
//!   الإخبارية)": at most `label_words` words before one pair of brackets that ends the line
//!   and holds at most `label_words` words, no digit, no sentence end; in a cased script the
//!   place is in capitals, as wires write it, and the agency opens with one. A subtitle such
//!   as "Part one (of three)" or a name and its role ("Sarah Malik (Contributor)") has
//!   lower-case letters before the brackets; "The Irishman (2019)" a number.
//! - A reporting credit (rule `reporting_credit`): after the body span, a line wholly in one
//!   pair of brackets that lists names, "(Reporting by Sarah Malik; editing by the desk)",
//!   "(تغطية سارة المنصوري، مراجعة قسم التحرير)": at least two parts separated by `;` `,` `،`
//!   `؛` or a dash or slash between spaces, each of at most `byline_max_words` words, no digit,
//!   no colon (a labelled note: "(Graphic: World markets - here)") and no sentence end inside.
//!   It closes the article (`outside.rs`): what follows it goes (a standards line, a footer),
//!   what precedes it stays. A closing note in brackets is a sentence ("(The full decision can
//!   be read at the town hall.)") or a figure ("(The dollar = 3.75 riyals)"), and stays.
//!
//! Edited texts print wire credits too (ANT keeps some), so neither says by itself that the
//! page is a web page (`page::is_site_furniture`): they take out their own line, and the
//! reporting credit ends the article, nothing more.

use ghirbal_core::text::is_numeric;

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rules.
pub const REASON: &str = "boilerplate:credit";
/// The rule name of a reporting credit, which ends the article (`outside.rs`).
pub const REPORTING_RULE: &str = "reporting_credit";

/// Removes line `i`, between the headline and the body, if it is a place-and-agency slug;
/// true if it did.
pub fn slug(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if l.shape.sentence || l.text.chars().any(is_numeric) {
        return false;
    }
    let Some(body) = l.text.strip_suffix(')') else {
        return false;
    };
    let Some((place, agency)) = body.split_once('(') else {
        return false;
    };
    if agency.contains(['(', ')']) || place.contains(')') {
        return false;
    }
    let (place, agency): (Vec<&str>, Vec<&str>) = (
        place.split_whitespace().collect(),
        agency.split_whitespace().collect(),
    );
    let short = |words: &[&str]| (1..=figures.label_words).contains(&words.len());
    if !short(&place) || !short(&agency) {
        return false;
    }
    // Uncased scripts (Arabic) have no capitals to show a name; in cased ones the wire
    // writes the place in capitals ("AMMAN", "WASHINGTON") and the agency's name opens with
    // one. A name with a role in brackets under a headline ("Sarah Malik (Contributor)") is
    // written in mixed case.
    let no_lower = |w: &&str| !w.chars().any(char::is_lowercase);
    let capital = |w: &&str| {
        w.chars()
            .find(|c| c.is_alphabetic())
            .is_none_or(|c| !c.is_lowercase())
    };
    if !place.iter().all(no_lower) || !agency.first().is_some_and(capital) {
        return false;
    }
    let words = l.size() as f64;
    page.remove(i, REASON, "place_agency", &[("words", words)]);
    true
}

/// Removes line `i`, after the body span, if it is a reporting credit; true if it did.
pub fn reporting(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    let Some(inner) = l.text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else {
        return false;
    };
    if inner.contains(['(', ')', ':']) || inner.chars().any(is_numeric) {
        return false;
    }
    let inner = inner.trim();
    if crate::lines::ends_sentence(inner) {
        return false;
    }
    let parts: Vec<&str> = inner
        .split([';', ',', '،', '؛'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" / "))
        .map(str::trim)
        .collect();
    let most = parts
        .iter()
        .map(|p| p.split_whitespace().count())
        .max()
        .unwrap_or(0);
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) || most > figures.byline_max_words {
        return false;
    }
    page.remove(
        i,
        REASON,
        REPORTING_RULE,
        &[
            ("parts", parts.len() as f64),
            ("max_part_words", most as f64),
        ],
    );
    true
}
