//! Token counts with OpenAI's `o200k_base`, the tokenizer data budgets are usually counted in.

/// The name written next to token counts in `stats.json` and the report.
pub const TOKENIZER: &str = "o200k_base";

/// The number of `o200k_base` tokens in `text`, as OpenAI's tiktoken counts them (the same
/// pre-tokenisation and merges; no special tokens are recognised in the text).
pub fn count_tokens(text: &str) -> usize {
    bpe_openai::o200k_base().count(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_has_no_tokens() {
        assert_eq!(count_tokens(""), 0);
    }

    #[test]
    fn english_words_and_punctuation_are_separate_tokens() {
        // "Hello" "," " world" "!": each piece of the pre-tokenisation is one o200k token.
        assert_eq!(count_tokens("Hello, world!"), 4);
    }

    #[test]
    fn arabic_words_take_at_least_one_token_each() {
        let text = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل";
        let words = text.split_whitespace().count();
        let tokens = count_tokens(text);
        assert!(
            tokens >= words && tokens <= 4 * words,
            "{tokens} for {words} words"
        );
    }
}
