//! The word tokenizer: spaCy `ar` (what datatrove's `split_into_words` uses for Arabic),
//! re-implemented over string slices.
//!
//! spaCy cuts the text at whitespace, then peels prefixes and suffixes off each chunk until
//! none is left, keeps tokenizer exceptions ("specials") and URLs whole, and splits what remains
//! at infixes. The prefix, suffix and infix patterns of `spacy.blank("ar")` are alternations of
//! literals, character classes and one-character look-arounds, so each is written here as a
//! direct test on characters with the classes from [`crate::tables`]; no regex engine runs.
//! Python `re` semantics are kept where they decide the result: the prefix is the *first*
//! alternative that matches, the suffix the *leftmost-starting* (so longest) one, infixes are
//! found left to right without overlap.
//!
//! Not reproduced: spaCy's `_special_matcher` pass, which re-merges tokenizer exceptions that
//! span several affix-split tokens (emoticons glued to punctuation); it only concerns strings
//! such as `:-)` inside larger chunks.
//!
//! Every token is a slice of the input, so tokenizing allocates only the output vector.

use ghirbal_core::text;

use crate::tables::{TABLES, Tables, py_space};

/// How the tokenizer treats a final period after a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// spaCy `ar`: split `.` only after two `ALPHA_UPPER` characters (Arabic letters count), so
    /// `2024.` and `word.` stay whole.
    Spacy,
    /// Split a final `.` after any letter or digit, so `word.` and `2024.` give two tokens.
    AfterAnyWord,
}

/// Splits `text` into words as datatrove's `split_into_words(text, "arb")` does: spaCy tokens
/// with whitespace tokens dropped.
pub(crate) fn words(text: &str, period: Period) -> Vec<&str> {
    let t = &*TABLES;
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    // The current chunk starts at `start` and runs up to the next space.
    let mut start = 0;
    let mut i = 0;
    // Only a byte in `space_lead` can start a space; every other byte, continuation bytes
    // included, belongs to the current chunk, so a chunk always starts on a char boundary.
    // Searching for the next such byte keeps the per-byte loop to one table load.
    while let Some(off) = bytes[i..]
        .iter()
        .position(|&b| t.space_lead[usize::from(b)])
    {
        let at = i + off;
        let c = text[at..].chars().next().unwrap_or(' ');
        i = at + c.len_utf8();
        if t.py_space.has(c) {
            if start < at {
                chunk(t, &text[start..at], period, &mut out);
            }
            start = i;
        }
    }
    if start < bytes.len() {
        chunk(t, &text[start..], period, &mut out);
    }
    out
}

/// ICU4X's dictionary word segmenter (Chinese, Japanese, Burmese, Khmer, Lao, Thai), built once.
static SEGMENTER: std::sync::LazyLock<icu_segmenter::WordSegmenterBorrowed<'static>> =
    std::sync::LazyLock::new(|| {
        icu_segmenter::WordSegmenter::new_dictionary(
            icu_segmenter::options::WordBreakInvariantOptions::default(),
        )
    });

/// Whether `c` belongs to a script written without spaces between words, or is the
/// punctuation of one (`。`, `、`, full-width forms), which the dictionary segmenter cuts off.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F // Myanmar
        | 0x1780..=0x17FF | 0x19E0..=0x19FF // Khmer
        | 0x3000..=0x30FF | 0x31F0..=0x31FF // CJK punctuation, Hiragana, Katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // Han
        | 0xFF00..=0xFFEF // full-width and half-width forms
        | 0x20000..=0x3FFFF) // Han, supplementary planes
}

/// Cuts every token holding characters of an unspaced script into the words ICU4X's dictionary
/// segmenter finds (`今日は良い天気です。` → `今日 は 良い 天気 です 。`); other tokens stay as they
/// are. Whitespace segments are dropped, as the tokenizer drops spaces.
pub(crate) fn split_unspaced(words: Vec<&str>) -> Vec<&str> {
    if !words.iter().any(|w| w.chars().any(is_unspaced)) {
        return words;
    }
    let segmenter = *SEGMENTER;
    let mut out = Vec::with_capacity(words.len() * 2);
    for w in words {
        if !w.chars().any(is_unspaced) {
            out.push(w);
            continue;
        }
        let mut start = 0;
        for end in segmenter.segment_str(w) {
            if end > start {
                let piece = &w[start..end];
                if !piece.trim().is_empty() {
                    out.push(piece);
                }
            }
            start = end;
        }
    }
    out
}

/// Cuts each word that ends in one of `endings` (longest first) after at least one Hangul
/// syllable into its stem and that ending, once: `학교에서` → `학교 에서`, `있다` → `있 다`, as
/// FineWeb-2's Korean tokenizer (Kiwi) splits particles and verb endings off. A word whose
/// stem would end in anything but a Hangul syllable (`2024년`, `에서` alone) stays whole.
pub(crate) fn cut_endings<'a>(words: Vec<&'a str>, endings: &[String]) -> Vec<&'a str> {
    let is_syllable = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    let mut out = Vec::with_capacity(words.len() * 2);
    for w in words {
        let cut = endings.iter().find_map(|e| {
            let stem = w.strip_suffix(e.as_str())?;
            stem.chars().next_back().filter(|&c| is_syllable(c))?;
            Some(stem.len())
        });
        match cut {
            Some(at) => {
                out.push(&w[..at]);
                out.push(&w[at..]);
            }
            None => out.push(w),
        }
    }
    out
}

/// Tokenizes one whitespace-free chunk, then re-joins tokenizer exceptions that affix splitting
/// cut apart (spaCy's special-case matcher: `(واس):` gives `(`, `واس`, `):`).
fn chunk<'a>(t: &Tables, s: &'a str, period: Period, out: &mut Vec<&'a str>) {
    let start = out.len();
    split_chunk(t, s, period, out);
    if out.len() - start >= 2 {
        merge_specials(t, s, out, start);
    }
}

/// The most tokens a tokenizer exception is matched across.
const MAX_SPECIAL_TOKENS: usize = 8;

/// Replaces runs of adjacent tokens in `out[start..]` whose joined text is a tokenizer exception
/// by that exception, longest run first, left to right.
fn merge_specials<'a>(t: &Tables, s: &'a str, out: &mut Vec<&'a str>, start: usize) {
    let base = s.as_ptr() as usize;
    let tokens = &out[start..];
    // The exception that the tokens from `i` on join into, longest run first, with its length
    // in tokens.
    let special_at = |i: usize| -> Option<(usize, &'a str)> {
        let a = (tokens[i].as_ptr() as usize).saturating_sub(base);
        (2..=MAX_SPECIAL_TOKENS.min(tokens.len() - i))
            .rev()
            .find_map(|k| {
                let last = tokens[i + k - 1];
                let b = (last.as_ptr() as usize).saturating_sub(base) + last.len();
                s.get(a..b)
                    .filter(|joined| {
                        joined.len() <= t.special_max_len && t.matcher_specials.contains(*joined)
                    })
                    .map(|joined| (k, joined))
            })
    };
    // Most chunks hold no exception: nothing is allocated for them.
    let Some(first) = (0..tokens.len()).find(|&i| special_at(i).is_some()) else {
        return;
    };
    let mut merged: Vec<&'a str> = Vec::with_capacity(tokens.len() - first);
    let mut i = first;
    while i < tokens.len() {
        match special_at(i) {
            Some((k, joined)) => {
                push_special(t, joined, &mut merged);
                i += k;
            }
            None => {
                merged.push(tokens[i]);
                i += 1;
            }
        }
    }
    out.truncate(start + first);
    out.extend(merged);
}

/// spaCy's affix and infix splitting of one whitespace-free chunk.
fn split_chunk<'a>(t: &Tables, s: &'a str, period: Period, out: &mut Vec<&'a str>) {
    if push_special(t, s, out) {
        return;
    }
    let mut prefixes: Vec<&'a str> = Vec::new();
    let mut suffixes: Vec<&'a str> = Vec::new();
    let mut string = s;
    let mut last_len = usize::MAX;
    // `s` itself was just looked up; look up again only once affixes come off.
    let mut checked = true;
    while !string.is_empty() && string.len() != last_len {
        if !checked && is_special(t, string) {
            break;
        }
        checked = false;
        last_len = string.len();
        let pre_len = find_prefix(t, string);
        if pre_len != 0 {
            let minus_pre = &string[pre_len..];
            if !minus_pre.is_empty() && is_special(t, minus_pre) {
                prefixes.push(&string[..pre_len]);
                string = minus_pre;
                break;
            }
        }
        let suf_len = find_suffix(t, &string[pre_len..], period);
        if suf_len != 0 {
            let minus_suf = &string[..string.len() - suf_len];
            if !minus_suf.is_empty() && is_special(t, minus_suf) {
                suffixes.push(&string[string.len() - suf_len..]);
                string = minus_suf;
                break;
            }
        }
        if pre_len != 0 && suf_len != 0 && pre_len + suf_len <= string.len() {
            prefixes.push(&string[..pre_len]);
            suffixes.push(&string[string.len() - suf_len..]);
            string = &string[pre_len..string.len() - suf_len];
        } else if pre_len != 0 {
            prefixes.push(&string[..pre_len]);
            string = &string[pre_len..];
        } else if suf_len != 0 {
            suffixes.push(&string[string.len() - suf_len..]);
            string = &string[..string.len() - suf_len];
        }
    }
    let untouched = prefixes.is_empty() && suffixes.is_empty();
    out.extend(prefixes);
    if !string.is_empty() && (untouched || !push_special(t, string, out)) {
        if !string.chars().any(|c| t.infix_start.has(c)) || url_match(t, string) {
            out.push(string);
        } else {
            split_infixes(t, string, out);
        }
    }
    out.extend(suffixes.into_iter().rev());
}

fn is_special(t: &Tables, s: &str) -> bool {
    if !t.may_be_special(s) {
        return false;
    }
    let Some(first) = s.chars().next() else {
        return false;
    };
    t.specials
        .get(&first)
        .is_some_and(|list| list.iter().any(|sp| sp == s))
}

/// Pushes a tokenizer exception's tokens; false when `s` is not one.
fn push_special<'a>(t: &Tables, s: &'a str, out: &mut Vec<&'a str>) -> bool {
    if !is_special(t, s) {
        return false;
    }
    match t.special_splits.get(s) {
        Some(parts) => {
            let mut at = 0;
            for p in parts {
                let end = (at + p.len()).min(s.len());
                if let Some(piece) = s.get(at..end) {
                    out.push(piece);
                }
                at = end;
            }
        }
        None => {
            if !s.chars().all(py_space) {
                out.push(s);
            }
        }
    }
    true
}

/// Length in bytes of the prefix spaCy splits off, or 0.
fn find_prefix(t: &Tables, s: &str) -> usize {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return 0 };
    if !t.prefix_first.has(first) {
        return 0;
    }
    if let Some(lits) = t.prefixes_by_first.get(&first)
        && let Some(lit) = lits.iter().find(|lit| s.starts_with(lit.as_str()))
    {
        return lit.len();
    }
    // `\+(?![0-9])`
    if first == '+' && !matches!(chars.next(), Some('0'..='9')) {
        return 1;
    }
    // `\.\.+`
    let dots = s.bytes().take_while(|&b| b == b'.').count();
    if dots >= 2 {
        return dots;
    }
    if t.icons.has(first) {
        first.len_utf8()
    } else {
        0
    }
}

/// Length in bytes of the suffix spaCy splits off, or 0: the longest of the alternatives that
/// match at the end (Python `re.search` takes the leftmost start).
fn find_suffix(t: &Tables, s: &str, period: Period) -> usize {
    let Some(last) = s.chars().next_back() else {
        return 0;
    };
    if !t.suffix_last.has(last) {
        return 0;
    }
    let mut best = 0usize;
    // Alternatives behind `(?<=[0-9])` (currency, units, `\+`) need an ASCII digit before.
    let after_digit =
        |len: usize| matches!(s[..s.len() - len].chars().next_back(), Some('0'..='9'));
    if let Some(lits) = t.suffixes_by_last.get(&last) {
        for (lit, needs_digit) in lits {
            if lit.len() > best
                && s.ends_with(lit.as_str())
                && (!needs_digit || after_digit(lit.len()))
            {
                best = lit.len();
            }
        }
    }
    // `\.\.+$`
    if last == '.' {
        let dots = s.bytes().rev().take_while(|&b| b == b'.').count();
        if dots >= 2 && dots > best {
            best = dots;
        }
    }
    if last == '+' && best < 1 && after_digit(1) {
        best = 1;
    }
    // `(?<=[AU][AU])\.` (spaCy ar), or any word character before `.` (ghirbal).
    if best == 0 && last == '.' {
        let mut before = s[..s.len() - 1].chars().rev();
        let ok = match period {
            Period::Spacy => {
                matches!((before.next(), before.next()), (Some(a), Some(b)) if t.alpha_upper.has(a) && t.alpha_upper.has(b))
            }
            Period::AfterAnyWord => matches!(before.next(), Some(a) if text::is_alphanumeric(a)),
        };
        if ok {
            best = 1;
        }
    }
    best
}

/// Splits `s` at spaCy's default infixes, pushing the pieces and the infixes themselves.
fn split_infixes<'a>(t: &Tables, s: &'a str, out: &mut Vec<&'a str>) {
    let mut start = 0usize;
    let mut pos = 0usize;
    let mut prev: Option<char> = None;
    while pos < s.len() {
        let rest = &s[pos..];
        let Some(c) = rest.chars().next() else { break };
        let len = infix_at(t, prev, rest);
        if len > 0 {
            // spaCy skips an infix at the very start of the string.
            if pos != 0 {
                if pos != start {
                    out.push(&s[start..pos]);
                }
                out.push(&s[pos..pos + len]);
                start = pos + len;
            }
            prev = s[..pos + len].chars().next_back();
            pos += len;
        } else {
            prev = Some(c);
            pos += c.len_utf8();
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
}

/// Length of the infix match starting at `rest` (whose preceding character is `prev`), or 0.
fn infix_at(t: &Tables, prev: Option<char>, rest: &str) -> usize {
    let mut it = rest.chars();
    let Some(c) = it.next() else { return 0 };
    let next = it.next();
    // `\.\.+`
    if c == '.' {
        let dots = rest.bytes().take_while(|&b| b == b'.').count();
        if dots >= 2 {
            return dots;
        }
    }
    if c == '…' || t.icons.has(c) {
        return c.len_utf8();
    }
    let prev_digit = matches!(prev, Some('0'..='9'));
    // `(?<=[0-9])[+\-\*^](?=[0-9-])`
    if prev_digit && matches!(c, '+' | '-' | '*' | '^') && matches!(next, Some('0'..='9' | '-')) {
        return 1;
    }
    let Some(p) = prev else { return 0 };
    // `(?<=[{al}{q}])\.(?=[{au}{q}])`
    if c == '.'
        && (t.alpha_lower.has(p) || t.quotes.has(p))
        && matches!(next, Some(n) if t.alpha_upper.has(n) || t.quotes.has(n))
    {
        return 1;
    }
    let prev_alpha = t.alpha.has(p);
    // `(?<=[{a}]),(?=[{a}])`
    if c == ',' && prev_alpha && matches!(next, Some(n) if t.alpha.has(n)) {
        return 1;
    }
    // `(?<=[{a}])(?:{h})(?=[{a}])`, hyphens tried in alternation order.
    if prev_alpha {
        for h in &t.hyphens {
            if rest.starts_with(h.as_str())
                && let Some(n) = rest[h.len()..].chars().next()
                && t.alpha.has(n)
            {
                return h.len();
            }
        }
    }
    // `(?<=[{a}0-9])[:<>=/](?=[{a}])`
    if (prev_alpha || prev_digit)
        && matches!(c, ':' | '<' | '>' | '=' | '/')
        && matches!(next, Some(n) if t.alpha.has(n))
    {
        return 1;
    }
    0
}

/// spaCy's `URL_MATCH`: optional scheme and user info, host labels of `[A-Za-z0-9\u00a1-\uffff]`
/// (so Arabic words count), a top-level "domain" of 2-63 `ALPHA_LOWER` characters (Arabic is in
/// it too: `الرياض.وقال` matches and is kept whole), optional port and path. Private IP ranges
/// and the dotted-quad branch are not distinguished: a numeric "TLD" never matches anyway.
fn url_match(t: &Tables, s: &str) -> bool {
    // Every branch needs a `.` before the top-level domain.
    if memchr::memchr(b'.', s.as_bytes()).is_none() {
        return false;
    }
    let mut rest = s;
    if let Some(i) = rest.find("://") {
        let scheme = &rest[..i];
        if scheme.chars().count() >= 2
            && scheme
                .chars()
                .all(|c| t.py_word.has(c) || matches!(c, '+' | '-' | '.'))
        {
            rest = &rest[i + 3..];
        }
    }
    // User info `\S+(?::\S*)?@`: try the last `@` first, as the greedy `\S+` would.
    if let Some(i) = rest.rfind('@')
        && i > 0
        && host_tail(t, &rest[i + 1..])
    {
        return true;
    }
    host_tail(t, rest)
}

/// `domain(:port)?([/?#]\S*)?$` with the domain as in [`url_match`].
fn host_tail(t: &Tables, s: &str) -> bool {
    let end = s.find([':', '/', '?', '#']).unwrap_or(s.len());
    let (host, tail) = s.split_at(end);
    let tail = if let Some(port) = tail.strip_prefix(':') {
        let digits = port.chars().take_while(|&c| t.py_digit.has(c)).count();
        if !(2..=5).contains(&digits) {
            return false;
        }
        let skip: usize = port.chars().take(digits).map(char::len_utf8).sum();
        &port[skip..]
    } else {
        tail
    };
    if !(tail.is_empty() || tail.starts_with(['/', '?', '#'])) {
        return false;
    }
    let Some((labels, tld)) = host.rsplit_once('.') else {
        return false;
    };
    let tld_len = tld.chars().count();
    if !(2..=63).contains(&tld_len) || !tld.chars().all(|c| t.alpha_lower.has(c)) {
        return false;
    }
    labels.split('.').all(|label| {
        let chars: Vec<char> = label.chars().collect();
        let host_char = |c: char| c.is_ascii_alphanumeric() || ('\u{a1}'..='\u{ffff}').contains(&c);
        match chars.as_slice() {
            [] => false,
            [only] => host_char(*only),
            [first, middle @ .., last] => {
                chars.len() <= 64
                    && host_char(*first)
                    && host_char(*last)
                    && middle.iter().all(|&c| host_char(c) || c == '_' || c == '-')
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<&str> {
        words(s, Period::Spacy)
    }

    #[test]
    fn korean_endings_are_cut_once_after_a_syllable() {
        let endings: Vec<String> = ["에서", "에", "다", "의", "이"]
            .iter()
            .map(|e| (*e).to_owned())
            .collect();
        let cut = |s: &'static str| cut_endings(s.split(' ').collect(), &endings);
        assert_eq!(cut("학교에서 있다"), ["학교", "에서", "있", "다"]);
        // Longest ending first; one cut a word; no stem, or a stem ending in a digit, stays.
        assert_eq!(
            cut("나라의 에서 2024에 다"),
            ["나라", "의", "에서", "2024에", "다"]
        );
        // Latin and other words are left alone.
        assert_eq!(cut("casa 다이"), ["casa", "다", "이"]);
    }

    #[test]
    fn punctuation_splits_but_clitics_stay() {
        assert_eq!(
            w("وقال: «الكتاب»، بالكتاب."),
            ["وقال", ":", "«", "الكتاب", "»", "،", "بالكتاب", "."]
        );
    }

    #[test]
    fn period_after_digits_stays_attached() {
        assert_eq!(
            w("عام 2024. و456. ٢٠٢٤م."),
            ["عام", "2024.", "و456.", "٢٠٢٤م."]
        );
        assert_eq!(w("في 2015م"), ["في", "2015", "م"]);
    }

    #[test]
    fn arabic_words_glued_by_a_period_stay_one_url_like_token() {
        assert_eq!(w("الرياض.وقال"), ["الرياض.وقال"]);
        assert_eq!(w("http://spa.gov.sa/x"), ["http://spa.gov.sa/x"]);
    }

    #[test]
    fn numbers_split_at_a_hyphen_between_digits() {
        assert_eq!(w("123-456."), ["123", "-", "456."]);
        assert_eq!(w("abc..."), ["abc", "..."]);
        assert_eq!(w("(د.)"), ["(", "د.", ")"]);
    }

    #[test]
    fn exceptions_cut_by_affixes_are_joined_again() {
        assert_eq!(w("(واس): لجنة"), ["(", "واس", "):", "لجنة"]);
        assert_eq!(w("(د.ب.أ)"), ["(", "د", ".", "ب", ".", "أ", ")"]);
    }

    #[test]
    fn chunks_end_at_any_python_space_and_only_there() {
        // U+00A0 and U+2003 are spaces whose lead bytes also start non-space characters
        // (µ is U+00B5, lead byte 0xC2 like U+00A0).
        assert_eq!(
            w("  كتب\u{a0}قلمµ\u{2003}\n\tنهاية  "),
            ["كتب", "قلمµ", "نهاية"]
        );
        assert_eq!(w(""), Vec::<&str>::new());
        assert_eq!(w(" \u{a0} "), Vec::<&str>::new());
        assert_eq!(w("µ"), ["µ"]);
    }

    #[test]
    fn ghirbal_period_mode_splits_after_any_word() {
        assert_eq!(
            words("end. 2024.", Period::AfterAnyWord),
            ["end", ".", "2024", "."]
        );
    }
}
