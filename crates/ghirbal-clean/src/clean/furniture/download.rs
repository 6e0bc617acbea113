//! Download links under the headline (`boilerplate:download`): a line that offers the
//! article's file, its format and size in brackets at its end ("Get the whole report (PDF, 2.4
//! MB)", "نزّل التقرير كاملًا (PDF، 4.4 ميغابايت)", "Obtenir le rapport complet (PDF, 2,4 Mo)").
//!
//! Between the headline and the first line of prose under it, a live line that is not prose
//! and ends with a bracket holding at most `label_words` + 1 words, one of them a file format
//! (two to four capital Latin letters: "PDF", "DOCX", "MP3" with its digit) and a size (a
//! number then a word of letters, its unit: "2.4 MB", "4.4 ميغابايت"). A standfirst or a
//! subtitle does not end with a format and a size; a caption's bracket holds a credit
//! ("(AFP)"), a source's a year ("(UN, 2019)"), neither a size.

use super::super::page::Page;
use crate::figures::Figures;

/// The reason of this file's rule.
pub const REASON: &str = "boilerplate:download";

/// Removes the download links between the headline and the first line of prose under it.
pub fn take(page: &mut Page<'_>, figures: &Figures) {
    for i in page.under_headline(figures) {
        let l = &page.lines[i];
        if offers_file(l.text, figures) {
            page.remove(i, REASON, "download_link", &[("words", l.size() as f64)]);
        }
    }
}

/// True when `text` ends with a bracket holding a file format and a number (see the module
/// docs).
fn offers_file(text: &str, figures: &Figures) -> bool {
    let Some(inner) = text
        .trim_end()
        .strip_suffix(')')
        .and_then(|t| t.rfind('(').map(|at| &t[at + 1..]))
    else {
        return false;
    };
    let words: Vec<&str> = inner
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '،' | ';' | '/' | '|'))
        .filter(|w| !w.is_empty())
        .collect();
    let format = |w: &&str| {
        let letters = w.chars().filter(char::is_ascii_uppercase).count();
        (2..=4).contains(&letters)
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
    };
    let number = |w: &&str| w.chars().next().is_some_and(ghirbal_core::text::is_numeric);
    let size = words
        .windows(2)
        .any(|w| number(&w[0]) && w[1].chars().all(char::is_alphabetic));
    (2..=figures.label_words + 1).contains(&words.len()) && words.iter().any(format) && size
}
