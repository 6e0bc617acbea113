//! Reasons of the `filter` stage. The detail is `{"figure", "threshold", "lang"}`: the measured
//! value, the threshold it crossed and the language whose thresholds applied. The rule names
//! follow datatrove's checks (GopherRepetition, FineWebQuality, GopherQuality, C4Quality).

reasons! {
    /// The text is empty.
    GOPHER_REPETITION_EMPTY = "filter:gopher_repetition:empty";
    /// Too many repeated paragraphs.
    GOPHER_REPETITION_DUP_PARA_FRAC = "filter:gopher_repetition:dup_para_frac";
    /// Too many characters in repeated paragraphs.
    GOPHER_REPETITION_DUP_PARA_CHAR_FRAC = "filter:gopher_repetition:dup_para_char_frac";
    /// Too many repeated lines.
    GOPHER_REPETITION_DUP_LINE_FRAC = "filter:gopher_repetition:dup_line_frac";
    /// Too many characters in repeated lines.
    GOPHER_REPETITION_DUP_LINE_CHAR_FRAC = "filter:gopher_repetition:dup_line_char_frac";
    /// The most frequent word 2-gram covers too much of the text.
    GOPHER_REPETITION_TOP_2_GRAM = "filter:gopher_repetition:top_2_gram";
    /// The most frequent word 3-gram covers too much of the text.
    GOPHER_REPETITION_TOP_3_GRAM = "filter:gopher_repetition:top_3_gram";
    /// The most frequent word 4-gram covers too much of the text.
    GOPHER_REPETITION_TOP_4_GRAM = "filter:gopher_repetition:top_4_gram";
    /// The most frequent n-gram, for an n other than 2-4, covers too much of the text.
    GOPHER_REPETITION_TOP_N_GRAM = "filter:gopher_repetition:top_n_gram";
    /// Repeated 5-grams cover too much of the text.
    GOPHER_REPETITION_DUP_5_GRAMS = "filter:gopher_repetition:dup_5_grams";
    /// Repeated 6-grams cover too much of the text.
    GOPHER_REPETITION_DUP_6_GRAMS = "filter:gopher_repetition:dup_6_grams";
    /// Repeated 7-grams cover too much of the text.
    GOPHER_REPETITION_DUP_7_GRAMS = "filter:gopher_repetition:dup_7_grams";
    /// Repeated 8-grams cover too much of the text.
    GOPHER_REPETITION_DUP_8_GRAMS = "filter:gopher_repetition:dup_8_grams";
    /// Repeated 9-grams cover too much of the text.
    GOPHER_REPETITION_DUP_9_GRAMS = "filter:gopher_repetition:dup_9_grams";
    /// Repeated 10-grams cover too much of the text.
    GOPHER_REPETITION_DUP_10_GRAMS = "filter:gopher_repetition:dup_10_grams";
    /// Repeated n-grams, for an n other than 5-10, cover too much of the text.
    GOPHER_REPETITION_DUP_N_GRAMS = "filter:gopher_repetition:dup_n_grams";
    /// No non-blank line.
    FINEWEB_QUALITY_EMPTY = "filter:fineweb_quality:empty";
    /// Too few lines end in terminal punctuation.
    FINEWEB_QUALITY_LINE_PUNCT_RATIO = "filter:fineweb_quality:line_punct_ratio";
    /// Too many short lines.
    FINEWEB_QUALITY_SHORT_LINE_RATIO = "filter:fineweb_quality:short_line_ratio";
    /// Too many characters in repeated lines.
    FINEWEB_QUALITY_CHAR_DUP_RATIO = "filter:fineweb_quality:char_dup_ratio";
    /// Too many line breaks per word (a list, not prose).
    FINEWEB_QUALITY_LIST_RATIO = "filter:fineweb_quality:list_ratio";
    /// Too few words.
    GOPHER_QUALITY_SHORT_DOC = "filter:gopher_quality:short_doc";
    /// Too many words.
    GOPHER_QUALITY_LONG_DOC = "filter:gopher_quality:long_doc";
    /// Mean word length too short.
    GOPHER_QUALITY_BELOW_AVG_WORD_LENGTH = "filter:gopher_quality:below_avg_word_length";
    /// Mean word length too long.
    GOPHER_QUALITY_ABOVE_AVG_WORD_LENGTH = "filter:gopher_quality:above_avg_word_length";
    /// Too many `#` per word.
    GOPHER_QUALITY_HASHES = "filter:gopher_quality:hashes";
    /// Too many ellipses per word.
    GOPHER_QUALITY_ELLIPSIS = "filter:gopher_quality:ellipsis";
    /// Too many lines start with a bullet.
    GOPHER_QUALITY_BULLETS = "filter:gopher_quality:bullets";
    /// Too many lines end with an ellipsis.
    GOPHER_QUALITY_END_ELLIPSIS = "filter:gopher_quality:end_ellipsis";
    /// Too few words contain a letter.
    GOPHER_QUALITY_ALPHA_WORDS = "filter:gopher_quality:alpha_words";
    /// Too few distinct stop words.
    GOPHER_QUALITY_STOP_WORDS = "filter:gopher_quality:stop_words";
    /// The page contains "lorem ipsum".
    C4_LOREM_IPSUM = "filter:c4:lorem_ipsum";
    /// The page contains a curly bracket (code, templates).
    C4_CURLY_BRACKET = "filter:c4:curly_bracket";
    /// Too few sentences in lines that pass C4's line rules.
    C4_TOO_FEW_SENTENCES = "filter:c4:too_few_sentences";
}
