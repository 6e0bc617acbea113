//! Reasons of the `lang` stage.

reasons! {
    /// The text has no letter (empty, digits, emoji, punctuation), so no language can be named;
    /// given only when the language filter is on (`keep` non-empty or `min_score` above 0).
    UNDETERMINED = "lang:undetermined";
    /// The identified language is not in `[lang] keep`; the detail names it.
    NOT_KEPT = "lang:not_kept";
    /// `lang_score` is below the preset's `min_score` for that language; the detail gives both.
    MIN_SCORE = "lang:min_score";
}
