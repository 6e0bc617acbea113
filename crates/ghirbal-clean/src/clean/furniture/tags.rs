//! Tag lists (`boilerplate:tags`): a label of at most `label_words` words and a colon, then at
//! least `tags_min_items` items of at most `row_item_words` words separated by commas
//! ("Subjects: politics, Gulf, Middle East", "الموضوعات: سياسة، الخليج، الشرق الأوسط").
//! Lexicons add the labels of tag lines without colons ("Tags", "الوسوم"). A label of one
//! letter ("A:", "ج:") opens an interview's answer, which may list names the same way.

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:tags";

/// Removes line `i` if it is a tag list; true if it did.
pub fn list(page: &mut Page<'_>, i: usize, figures: &Figures) -> bool {
    let l = &page.lines[i];
    if l.shape.sentence {
        return false;
    }
    let Some((label, rest)) = l.text.split_once([':', '：']) else {
        return false;
    };
    let label_words = label.split_whitespace().count();
    if label_words == 0 || label_words > figures.label_words {
        return false;
    }
    // "Q: ..." / "A: Bob Marley, Bruno Mars, Drake" / "ج: ...": a one-letter label marks a
    // line of an interview, not a list of tags.
    if label.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let items: Vec<&str> = rest
        .split([',', '،', '、', ';', '؛'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let ok = items.len() >= figures.tags_min_items
        && items
            .iter()
            .all(|s| s.split_whitespace().count() <= figures.row_item_words);
    if !ok {
        return false;
    }
    page.remove(i, REASON, "tag_list", &[("items", items.len() as f64)]);
    true
}
