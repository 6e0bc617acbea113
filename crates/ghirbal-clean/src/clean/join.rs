//! How the kept lines become the record's text: paragraphs separated by a blank line, line
//! breaks inside a paragraph kept. This is `clean`'s only rule for joining and splitting; no
//! other rule touches the text's layout.
//!
//! - A blank line in the source always separates two paragraphs.
//! - A single line break is kept as a line break (the two lines stay in one paragraph) when
//!   neither line reads as a paragraph of its own: the first does not end a sentence and
//!   neither has `prose_words` words or more; or both are list items; or both are table rows.
//!   So verse, addresses, lists, tables, code and Q&A exchanges keep their lines.
//! - Otherwise the line break becomes a paragraph break: a source that puts one paragraph per
//!   line (ANT, SaudiNewsNet, a naive extractor's output) gets its paragraphs apart.
//! - Inside a paragraph whose lines are not all indented alike, each line keeps its
//!   indentation as the source had it (code, nested lists, indented verse); a paragraph whose
//!   lines all have the same indentation loses it (a scraper's leading space, a first-line
//!   indent).
//! - Where lines were taken out between two kept lines, the two are joined by the same rule,
//!   a blank line anywhere between them counting as a paragraph break.

use super::page::{Line, Page};
use crate::figures::Figures;

/// The kept lines of `page` as paragraphs (each a list of line indices).
pub fn paragraphs(page: &Page<'_>, figures: &Figures) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut prev: Option<usize> = None;
    let mut blank_between = false;
    for (i, l) in page.lines.iter().enumerate() {
        blank_between |= l.blank_before;
        if !l.is_live() {
            continue;
        }
        match prev {
            Some(p) if !blank_between && same_paragraph(&page.lines[p], l, figures) => {
                if let Some(last) = out.last_mut() {
                    last.push(i);
                }
            }
            _ => out.push(vec![i]),
        }
        prev = Some(i);
        blank_between = false;
    }
    out
}

/// True when a single line break between `a` and `b` stays a line break.
fn same_paragraph(a: &Line<'_>, b: &Line<'_>, figures: &Figures) -> bool {
    if a.shape.list_item && b.shape.list_item {
        return true;
    }
    if a.shape.table_row && b.shape.table_row {
        return true;
    }
    !a.shape.sentence && a.size() < figures.prose_words && b.size() < figures.prose_words
}

/// The text of one paragraph: its lines joined by `\n`, each with its indentation when the
/// paragraph's lines are not all indented alike.
pub fn text_of(page: &Page<'_>, paragraph: &[usize]) -> String {
    let first_indent = paragraph.first().map_or("", |&i| page.lines[i].indent);
    let keep_indent = paragraph
        .iter()
        .any(|&i| page.lines[i].indent != first_indent);
    let mut s = String::new();
    for (k, &i) in paragraph.iter().enumerate() {
        if k > 0 {
            s.push('\n');
        }
        if keep_indent {
            s.push_str(page.lines[i].indent);
        }
        s.push_str(page.lines[i].text);
    }
    s
}

/// `text` (paragraphs separated by a blank line, lines by a line break) without the lines
/// `drop` says to drop, everything else as it was: the corpus stage's edit of a cleaned text.
pub fn without_lines(text: &str, mut drop: impl FnMut(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for paragraph in text.split("\n\n") {
        let mut first = true;
        for line in paragraph.split('\n') {
            if line.trim().is_empty() || drop(line) {
                continue;
            }
            if first {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                first = false;
            } else {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::FIGURES;

    fn joined(text: &str) -> String {
        let page = Page::parse(text);
        paragraphs(&page, &FIGURES)
            .iter()
            .map(|p| text_of(&page, p))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    const P1: &str =
        "The prime minister said on Monday that the government would present a new plan.";
    const P2: &str =
        "He added that small businesses would get support from the new fund next year.";

    #[test]
    fn one_paragraph_per_line_becomes_paragraphs() {
        assert_eq!(joined(&format!("{P1}\n{P2}")), format!("{P1}\n\n{P2}"));
    }

    #[test]
    fn verse_keeps_its_lines_and_stanzas() {
        let poem = "Roses are red\nviolets are blue\n\nsugar is sweet\nand so are you";
        assert_eq!(joined(poem), poem);
        let ar = "هات اسقني\nمن فيض نشوى\nليس حبا";
        assert_eq!(joined(ar), ar);
    }

    #[test]
    fn list_items_keep_their_lines_even_when_long() {
        let list = format!("- {P1}\n- {P2}\n- short item");
        assert_eq!(joined(&list), list);
        let numbered = "1. First step\n2. Second step\n3. Third step";
        assert_eq!(
            joined(&format!("{P1}\n{numbered}")),
            format!("{P1}\n\n{numbered}")
        );
    }

    #[test]
    fn code_keeps_its_lines_and_indentation() {
        let code = "def f(x):\n    if x:\n        return 1\n    return 0";
        assert_eq!(joined(code), code);
        let tabs = "fn main() {\n\tprintln!(\"hi\");\n}";
        assert_eq!(joined(tabs), tabs);
    }

    #[test]
    fn table_rows_keep_their_lines_and_cells() {
        let table = "Country\tCapital\tPopulation of the capital city in millions of people\nFrance\tParis\t2.1";
        assert_eq!(joined(table), table);
    }

    #[test]
    fn uniform_indentation_is_dropped() {
        assert_eq!(joined(&format!(" {P1}\n {P2}")), format!("{P1}\n\n{P2}"));
        assert_eq!(joined("    a b\n    c d"), "a b\nc d");
    }

    #[test]
    fn blank_lines_always_separate_paragraphs() {
        assert_eq!(joined("a b\n\nc d"), "a b\n\nc d");
    }

    #[test]
    fn removing_lines_keeps_the_rest_of_the_layout() {
        let text = "a\n  b\nc\n\nd\n\ne\nf";
        assert_eq!(
            without_lines(text, |l| l == "c" || l == "d"),
            "a\n  b\n\ne\nf"
        );
        assert_eq!(without_lines(text, |_| true), "");
    }
}
