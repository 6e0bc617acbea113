//! The figures of the page model and its shape rules, read from `resources/page.toml`.

use std::sync::LazyLock;

use serde::Deserialize;

/// The shipped figures (`resources/page.toml`, documented there).
pub static FIGURES: LazyLock<Figures> = LazyLock::new(|| {
    toml::from_str(include_str!("../resources/page.toml"))
        .unwrap_or_else(|e| panic!("resources/page.toml: {e}"))
});

/// The figures of `resources/page.toml`, one field per key (documented there).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Figures {
    pub prose_words: usize,
    pub prose_sentence_words: usize,
    pub line_cost: usize,
    pub body_candidate_share: f64,
    pub headline_min_words: usize,
    pub headline_max_words: usize,
    pub headline_max_chars: usize,
    pub headline_window: usize,
    pub headline_into_body: usize,
    pub headline_body_words: usize,
    pub headline_min_shared: usize,
    pub headline_min_share: f64,
    pub headline_switch_shared: usize,
    pub headline_first_share: f64,
    pub label_words: usize,
    pub label_run: usize,
    pub above_headline_prose_run: usize,
    pub row_item_words: usize,
    pub row_min_items: usize,
    pub dateline_max_words: usize,
    pub dateline_above: usize,
    pub byline_max_words: usize,
    pub framed_sources: usize,
    pub consent_controls: usize,
    pub related_run: usize,
    pub related_min_words: usize,
    pub related_max_shared: f64,
    pub tail_min_shared: f64,
    pub foreign_tail_lines: usize,
    pub sequence_gap: usize,
    pub tail_resume_shared: usize,
    pub inner_clause_marks: Vec<String>,
    pub list_form_marks: usize,
    pub resume_within: usize,
    pub resume_share: f64,
    pub resume_far_share: f64,
    pub resume_sentences: usize,
    pub tail_article_words: usize,
    pub tags_min_items: usize,
    pub pointer_label_min_words: usize,
    pub pointer_label_words: usize,
    pub pointer_min_words: usize,
    pub pointer_max_words: usize,
    pub pointer_max_shared: f64,
    pub media_max_shared: f64,
    pub about_max_shared: f64,
    pub notice_max_words: usize,
    pub notice_max_shared: f64,
    pub reader_line_words: usize,
    pub poll_answers: usize,
    pub poll_answer_words: usize,
}

#[cfg(test)]
mod tests {
    #[test]
    fn shipped_figures_parse() {
        let f = &*super::FIGURES;
        assert!(f.prose_sentence_words < f.prose_words);
        assert!(f.headline_min_share > 0.0 && f.headline_min_share <= 1.0);
    }
}
