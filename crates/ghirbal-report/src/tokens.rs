//! Token counts with OpenAI's `o200k_base`, the tokenizer data budgets are usually counted in.

use bpe_openai::byte_pair_encoding::BytePairEncoding;
use xxhash_rust::xxh3::xxh3_64;

/// The name written next to token counts in `stats.json` and the report.
pub const TOKENIZER: &str = "o200k_base";

/// The number of `o200k_base` tokens in `text`, as OpenAI's tiktoken counts them (the same
/// pre-tokenisation and merges; no special tokens are recognised in the text).
pub fn count_tokens(text: &str) -> usize {
    bpe_openai::o200k_base().count(text)
}

/// Pieces remembered by a [`TokenCounter`]: 2^18 slots of 32 bytes, 8 MiB.
const MEMO_BITS: u32 = 18;
/// The longest piece a slot holds; longer pieces (rare) are always merged again.
const MEMO_PIECE: usize = 30;

/// One remembered piece: its bytes (`len` of them, 0 for an empty slot) and its token count.
#[derive(Clone, Copy)]
struct Slot {
    len: u8,
    tokens: u8,
    bytes: [u8; MEMO_PIECE],
}

/// Counts `o200k_base` tokens exactly as [`count_tokens`] does, remembering the count of each
/// recent piece of the pre-tokenisation (a word with its leading space or mark, a number, a
/// run of punctuation) in a fixed table, so a piece seen before is looked up, not merged again.
/// A piece's count depends on its bytes alone, and a slot is used only when its bytes equal
/// the piece's, so the count is the same; merging the byte pairs of the many words of two or
/// more tokens is where counting spends, and in running text most pieces recur. A fixed table
/// of slots that hold their piece's bytes, not a map: a map whose keys live apart from its
/// index waits on memory as long per lookup as merging takes. The table is one per counter
/// (one per thread): 8 MiB, whatever the text.
pub struct TokenCounter {
    slots: Vec<Slot>,
}

impl Default for TokenCounter {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenCounter {
    /// A counter that remembers nothing yet.
    pub fn new() -> Self {
        Self::with_slots(MEMO_BITS)
    }

    /// A counter of 2^`bits` slots.
    fn with_slots(bits: u32) -> Self {
        let empty = Slot {
            len: 0,
            tokens: 0,
            bytes: [0; MEMO_PIECE],
        };
        TokenCounter {
            slots: vec![empty; 1 << bits],
        }
    }

    /// The number of `o200k_base` tokens in `text`: [`count_tokens`]`(text)`.
    pub fn count(&mut self, text: &str) -> usize {
        let tokenizer = bpe_openai::o200k_base();
        tokenizer
            .split(text)
            .map(|piece| self.count_piece(&tokenizer.bpe, piece.as_bytes()))
            .sum()
    }

    fn count_piece(&mut self, bpe: &BytePairEncoding, piece: &[u8]) -> usize {
        if piece.is_empty() || piece.len() > MEMO_PIECE {
            return bpe.count(piece);
        }
        let mask = self.slots.len() - 1;
        let slot = &mut self.slots[xxh3_64(piece) as usize & mask];
        let len = slot.len as usize;
        if len == piece.len() && &slot.bytes[..len] == piece {
            return slot.tokens as usize;
        }
        let tokens = bpe.count(piece);
        // A piece of at most MEMO_PIECE bytes has at most that many tokens (one byte or more
        // each), so the count fits a byte.
        slot.len = piece.len() as u8;
        slot.tokens = tokens as u8;
        slot.bytes[..piece.len()].copy_from_slice(piece);
        tokens
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_has_no_tokens() {
        assert_eq!(count_tokens(""), 0);
        assert_eq!(TokenCounter::new().count(""), 0);
    }

    #[test]
    fn english_words_and_punctuation_are_separate_tokens() {
        // "Hello" "," " world" "!": each piece of the pre-tokenisation is one o200k token.
        assert_eq!(count_tokens("Hello, world!"), 4);
        assert_eq!(TokenCounter::new().count("Hello, world!"), 4);
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

    #[test]
    fn the_counter_counts_as_the_tokenizer_does() {
        // Repeated pieces (looked up), pieces of up to and over MEMO_PIECE bytes, many-token
        // pieces, digits, newlines and whitespace runs, mixed scripts, and one counter used
        // for every text so earlier pieces are remembered.
        let long_word = "ا".repeat(MEMO_PIECE / 2);
        let longer_word = "ب".repeat(MEMO_PIECE / 2 + 1);
        let texts = [
            "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل".to_owned(),
            "قال وزير الخارجية إن المحادثات ستستأنف\n\nفقرة ثانية   مع  مسافات".to_owned(),
            format!("{long_word} {longer_word} {long_word}{longer_word}"),
            "The ministry's 12345678 report—(2024/25)—said: \"talks resume\"!!!\r\n\tok".to_owned(),
            "Ωμέγα 中文文本 😀😀 naïve café ١٢٣٤ e\u{301} x\u{0}y".to_owned(),
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
                .to_owned(),
            "    indented\n\n\n   trailing   ".to_owned(),
        ];
        let mut counter = TokenCounter::new();
        for round in 0..2 {
            for text in &texts {
                assert_eq!(
                    counter.count(text),
                    count_tokens(text),
                    "round {round}: {text:?}"
                );
            }
        }
    }

    #[test]
    fn a_slot_taken_by_another_piece_is_never_read_as_it() {
        // One slot: every piece lands in it. Pieces sharing their first bytes, a piece that
        // is a prefix of another, and pieces of other counts follow one another.
        let mut counter = TokenCounter::with_slots(0);
        let pieces = [
            "الحكومة",
            "الحكوم",
            "الحكومات",
            " الحكومة",
            "الحكومةالحكومة",
            "a",
            "ab",
        ];
        for round in 0..2 {
            for text in pieces.iter().chain(pieces.iter().rev()) {
                assert_eq!(counter.count(text), count_tokens(text), "{round}: {text}");
            }
        }
    }
}
