//! The shape of one line: the facts the page model computes once and every rule reads.
//!
//! Nothing here depends on a language: words are whitespace-separated (two letters of a
//! script written without spaces, such as Chinese, Japanese or Thai, count as one word),
//! sentence ends are the marks of Latin, Arabic and CJK scripts, and separators are symbols.

use ghirbal_core::text;

/// Marks that end a sentence (not `:` or `;`, which announce or join).
const STRONG_END: &[char] = &['.', '!', '?', '؟', '…', '۔', '。', '！', '？'];

/// Closing quotes and brackets, looked through when finding how a line ends.
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '}', '*'];

/// Symbols that separate the items of a menu row or breadcrumb when they stand alone between
/// spaces ("Home › World", "Politics | Money | Sport").
const SEPARATORS: &[char] = &[
    '|', '¦', '║', '›', '»', '‹', '«', '>', '<', '•', '·', '∙', '◦', '▪', '/', '\\', '-', '–', '—',
    '~', ':', '+',
];

/// Separators that also join the parts of a line of prose or of a table row.
const DASHES: &[char] = &['-', '–', '—', '/', '\\', '~', ':', '+'];

/// Separators that only breadcrumbs use: two items joined by one are already a trail.
const TRAIL_SEPARATORS: &[char] = &['›', '»', '>', '‹', '«', '<'];

/// Marks that open a list item when a space follows them.
const BULLETS: &[char] = &[
    '•', '·', '▪', '◦', '●', '○', '■', '□', '➢', '►', '▶', '-', '–', '—', '*', '+', '✓', '✔',
];

/// The shape of one line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Words, counted up to the limit given to [`of`] + 1.
    pub size: usize,
    /// It ends a sentence (`. ! ? ؟ … ۔ 。`, looking through closing quotes and brackets).
    pub sentence: bool,
    /// It ends like a clause, as a headline never does (see `lines::ends_clause`).
    pub clause_end: bool,
    /// Its last mark, looking through closing quotes and brackets, is a full stop (`.`, `。`,
    /// `۔`; not an ellipsis).
    pub full_stop: bool,
    /// It is short (at most [`SHORT_LINE_WORDS`] words) and holds a digit.
    pub digits: bool,
    /// It is short and holds a separator standing alone between spaces (`|`, `›`, `-`,
    /// `•`...): it may be a row (see [`row`]).
    pub separators: bool,
    /// It opens with a list marker: a bullet, or a number or letter with `.`, `)` or `-`.
    pub list_item: bool,
    /// It is a table row: cells separated by tabs, or a `| a | b |` row.
    pub table_row: bool,
}

/// Words beyond which a line is prose for every rule: its digits and separators are not looked
/// for (no dateline, counter, legal line or row is that long).
const SHORT_LINE_WORDS: usize = 48;

/// The shape of `line` (already trimmed, in stored form: one space or tab between words),
/// counting words up to `limit` + 1; digits and lone separators are looked for on short lines
/// only.
pub fn of(line: &str, limit: usize) -> Shape {
    let bytes = line.as_bytes();
    // Stored text folds runs of spaces, so words are the spaces and tabs plus one; letters of
    // scripts written without spaces (lead bytes E0, E1 and E3 and above) need a closer look.
    // A fold, not `any`: without an early exit the loop is vectorised.
    let unspaced = bytes.iter().fold(false, |acc, &b| {
        acc | (b == 0xE0) | (b == 0xE1) | (b >= 0xE3)
    });
    let size = if unspaced {
        let mut n = 0;
        for token in line.split_ascii_whitespace() {
            n += (token.chars().filter(|&c| is_unspaced_script(c)).count() / 2).max(1);
            if n > limit {
                break;
            }
        }
        n
    } else if bytes.is_empty() {
        0
    } else {
        1 + bytes.iter().filter(|&&b| b == b' ' || b == b'\t').count()
    }
    .min(limit + 1);
    let short = size <= SHORT_LINE_WORDS;
    Shape {
        size,
        sentence: ends_sentence(line),
        clause_end: crate::lines::ends_clause(line),
        full_stop: ends_full_stop(line),
        digits: short && has_digit(line),
        separators: short && line.split_ascii_whitespace().any(is_separator_token),
        list_item: is_list_item(line),
        table_row: line.contains('\t') || (line.starts_with('|') && line.ends_with('|')),
    }
}

/// True when `line` holds an ASCII, Arabic-Indic, Persian or full-width digit, or, when it
/// holds other non-ASCII characters, a digit of any script.
fn has_digit(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b.is_ascii_digit()
            || (b == 0xD9 && bytes.get(i + 1).is_some_and(|n| (0xA0..=0xA9).contains(n)))
            || (b == 0xDB && bytes.get(i + 1).is_some_and(|n| (0xB0..=0xB9).contains(n)))
    }) || (bytes.iter().any(|&b| b >= 0xE0) && line.chars().any(text::is_numeric))
}

/// True for a short token made only of separators.
fn is_separator_token(token: &str) -> bool {
    token.len() <= 6 && token.chars().all(|c| SEPARATORS.contains(&c))
}

/// Words of `line` up to `limit` + 1; a token of a script written without spaces counts one
/// word per two of its letters.
#[cfg(test)]
pub fn size(line: &str, limit: usize) -> usize {
    of(line, limit).size
}

/// Letters of scripts that do not separate words with spaces: Han, Hiragana, Katakana, Thai,
/// Lao, Khmer, Myanmar.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{0E00}'..='\u{0EFF}' | '\u{1780}'..='\u{17FF}'
        | '\u{1000}'..='\u{109F}')
}

/// True when `line` ends a sentence (see [`Shape::sentence`]).
pub fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(STRONG_END)
}

/// True when `line`'s last mark, looking through closers, is a single full stop.
fn ends_full_stop(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches(CLOSERS);
    (t.ends_with('.') && !t.ends_with("..")) || t.ends_with(['。', '۔'])
}

/// True when `line` opens with a list marker followed by a space: a bullet, or one to three
/// digits or one letter followed by `.`, `)` or `-` ("1.", "2)", "١-", "a)").
pub fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if BULLETS.contains(&first) {
        return chars.next().is_some_and(char::is_whitespace) && chars.any(|c| !c.is_whitespace());
    }
    let head = &line[..line.char_indices().nth(5).map_or(line.len(), |(i, _)| i)];
    let marker_len = head
        .char_indices()
        .find(|&(_, c)| matches!(c, '.' | ')' | '-'))
        .map(|(i, _)| i);
    let Some(at) = marker_len else { return false };
    let before = &head[..at];
    let numbered =
        !before.is_empty() && before.chars().count() <= 3 && before.chars().all(text::is_numeric);
    let lettered = before.chars().count() == 1 && before.chars().all(char::is_alphabetic);
    (numbered || lettered) && head[at..].chars().nth(1).is_some_and(char::is_whitespace)
}

/// The items of a row of short items joined by separators ("Home › World › Africa",
/// "Politics | Money | Sport", "Share • Print • Email").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// How many items.
    pub items: usize,
    /// Words of the longest item.
    pub max_item_words: usize,
    /// How many items hold a digit (counters such as "12 likes").
    pub numbered_items: usize,
    /// Whether a breadcrumb-only separator (`›`, `»`, `>`) joins them.
    pub trail: bool,
    /// Whether only dashes and slashes join them (as they join a title, a name and a place in
    /// prose and tables: "Film – Director – Country").
    pub dashes: bool,
    /// Whether the line opens with a separator (an inline bullet list: "• a • b • c").
    pub opens_with_separator: bool,
    /// Whether an item ends a sentence.
    pub sentence_item: bool,
    /// Whether a word of an item ends with a colon ("Goalkeepers: Neuer - ter Stegen - ..."):
    /// a labelled list, not a menu.
    pub labelled: bool,
}

/// The row `line` is, when at least two items are joined by separators standing alone
/// between spaces; `None` otherwise.
pub fn row(line: &str) -> Option<Row> {
    let mut items = 0usize;
    let mut words = 0usize;
    let mut max_words = 0usize;
    let mut numbered = 0usize;
    let mut digits = false;
    let mut trail = false;
    let mut separators = 0usize;
    let mut dashes = true;
    let mut opens = false;
    let mut started = false;
    let mut sentence_item = false;
    let mut labelled = false;
    let mut last_word = "";
    let mut close = |words: &mut usize, digits: &mut bool, last: &str| {
        if *words > 0 {
            items += 1;
            max_words = max_words.max(*words);
            numbered += usize::from(*digits);
            sentence_item |= ends_sentence(last);
        }
        *words = 0;
        *digits = false;
    };
    for token in line.split_whitespace() {
        if token.chars().all(|c| SEPARATORS.contains(&c)) {
            opens |= !started;
            separators += 1;
            dashes &= token.chars().all(|c| DASHES.contains(&c));
            trail |= token.chars().any(|c| TRAIL_SEPARATORS.contains(&c));
            close(&mut words, &mut digits, last_word);
            continue;
        }
        words += 1;
        started = true;
        labelled |= token.ends_with([':', '：']);
        digits |= token.chars().any(text::is_numeric);
        last_word = token;
    }
    close(&mut words, &mut digits, last_word);
    (separators > 0 && items >= 2).then_some(Row {
        items,
        max_item_words: max_words,
        numbered_items: numbered,
        trail,
        dashes,
        opens_with_separator: opens,
        sentence_item,
        labelled,
    })
}

/// The content words of `line`: its words in matching form (`ghirbal_core::text::matching`),
/// letters and digits only, with Arabic proclitics (و، ف، ب، ل، ك with or without the
/// article ال) taken off, kept when at least 3 letters long in Arabic script and 4 in others.
pub fn content_words(line: &str) -> Vec<String> {
    let m = text::matching(line);
    m.split(|c: char| !text::is_alphanumeric(c))
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let arabic = w
                .chars()
                .next()
                .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
            let w = if arabic { strip_proclitics(w) } else { w };
            let min = if arabic { 3 } else { 4 };
            (w.chars().count() >= min).then(|| w.to_owned())
        })
        .collect()
}

/// `w` without a leading conjunction or preposition and article ("والحكومة" → "حكومه" in
/// matching form), when at least three letters remain.
fn strip_proclitics(w: &str) -> &str {
    const PREFIXES: &[&str] = &[
        "وبال", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك",
    ];
    for p in PREFIXES {
        if let Some(rest) = w.strip_prefix(p)
            && rest.chars().count() >= 3
        {
            return rest;
        }
    }
    w
}

/// Words a sentence needs on each side of an inner sentence end (see
/// [`has_inner_sentence_end`]).
const INNER_SENTENCE_WORDS: usize = 3;

/// Letters the word before an inner sentence end needs: "Dr. Smith", "Mrs. Obama" or "ID.
/// SPACE" hold no two sentences.
const INNER_SENTENCE_LETTERS: usize = 4;

/// True when `line` holds two sentences: a word of at least [`INNER_SENTENCE_LETTERS`] letters,
/// not all capitals and holding no other full stop (no abbreviation such as "U.S."), ends with
/// a full stop (not one of a run of marks, as in ".."), and the next word starts with a letter,
/// with at least [`INNER_SENTENCE_WORDS`] words on each side. Headlines join their parts with
/// colons, dashes, "..", question and exclamation marks ("Who will win the cup? Test
/// yourself"), rarely with a full stop; a lede of two sentences does.
pub fn has_inner_sentence_end(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() < 2 * INNER_SENTENCE_WORDS {
        return false;
    }
    (INNER_SENTENCE_WORDS - 1..words.len() - INNER_SENTENCE_WORDS).any(|i| {
        let w = words[i].trim_end_matches(CLOSERS);
        let mut rev = w.chars().rev();
        let (Some(last), Some(before)) = (rev.next(), rev.next()) else {
            return false;
        };
        let stem = &w[..w.len() - last.len_utf8()];
        matches!(last, '.' | '。' | '۔')
            && !STRONG_END.contains(&before)
            && !stem.contains('.')
            && stem.chars().filter(|c| c.is_alphabetic()).count() >= INNER_SENTENCE_LETTERS
            && stem.chars().any(|c| !c.is_uppercase())
            && words[i + 1]
                .trim_start_matches(['"', '\'', '“', '‘', '«', '('])
                .starts_with(char::is_alphabetic)
    })
}

/// The form of `line`: its marks and numbers in order, letters and spaces left out, each
/// number (with the marks inside it and the letters stuck to it: "12.9bn", "1,000", "10th")
/// as `0` ("June 9 – Tampa, FL @ Arena" → `0–,@`). The lines of a list an article gives
/// (dates, places, results, scores) repeat one form; headlines of different stories seldom
/// do.
pub fn form(line: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for token in line.split_whitespace() {
        let mut chars = token.chars().peekable();
        while let Some(c) = chars.next() {
            if in_number
                && matches!(c, '.' | ',' | '٫' | '٬')
                && chars.peek().is_some_and(|&n| text::is_numeric(n))
            {
                // A decimal or thousands mark inside a number.
            } else if text::is_numeric(c) {
                if !in_number {
                    out.push('0');
                }
                in_number = true;
            } else if text::is_alphanumeric(c) || is_mark_in_word(c) {
                // Letters after a number stay part of it ("10th"); a letter ends nothing.
            } else {
                in_number = false;
                out.push(c);
            }
        }
        in_number = false;
    }
    out
}

/// Marks that are part of a word (apostrophes, Arabic harakat, the tatweel), not of a line's
/// form.
fn is_mark_in_word(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ـ') || text::is_arabic_mark(c)
}

/// True when `line` holds a clock time (`HH:MM`, any digits).
pub fn has_clock(line: &str) -> bool {
    let folded = text::fold_digits(line);
    let b = folded.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

/// True when `line` reads as a line of program code: it ends with a block's or a
/// statement's mark (`{`, `;`) or opens by closing a block (`}`). A menu item, a label or a tag
/// never does; a technical article's code block is a run of such short lines, which must not
/// read as a menu that ends the article.
pub fn is_code_line(line: &str) -> bool {
    let t = line.trim();
    t.ends_with('{') || t.ends_with(';') || t.starts_with('}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lines_and_labels() {
        for code in [
            "if (res.ok) {",
            "console.log(data.entries);",
            "});",
            "} else {",
        ] {
            assert!(is_code_line(code), "{code}");
        }
        for label in [
            "Sport (12)",
            "Home",
            "الرياضة",
            "Tags: tram, port",
            "Ends;here is no",
        ] {
            assert!(!is_code_line(label), "{label}");
        }
    }

    #[test]
    fn two_sentences_in_one_line() {
        assert!(has_inner_sentence_end(
            "أعلن الرئيس تكليفه رئيسا جديدا للحكومة. فمن هو رئيس الحكومة الجديد؟"
        ));
        assert!(has_inner_sentence_end(
            "The council approved the line. It opens in 2028 after the works"
        ));
        for headline in [
            "U.S. troops leave the base in northern Syria",
            "هل تصدق؟.. جهاز يجعل بنات أفكارك تتكلم",
            "'We Got Her!': Video Shows Dramatic Rescue of Kidnapped Girl",
            "Dr. Smith wins the award for the third time",
            "Why now? The council explains",
            "أي منتخب سيفوز بكأس العالم؟ اختبر قدرتك على التنبؤ",
            "The VW ID. SPACE VIZZION is a weird EV sports wagon",
            "Is An Oxygen Bar In Delhi Offering Fresh Air For Rs 300? - News Nation",
            "First lady Mrs. Obama visits the old city of Cairo",
        ] {
            assert!(!has_inner_sentence_end(headline), "{headline}");
        }
    }

    #[test]
    fn unspaced_scripts_count_two_letters_a_word() {
        assert_eq!(size("新しい研究によると", 100), 4);
        assert_eq!(size("one two three", 100), 3);
        assert_eq!(size("a b c d e", 2), 3);
    }

    #[test]
    fn list_markers_are_bullets_numbers_and_letters() {
        for l in [
            "• item",
            "- item",
            "1. item",
            "12) item",
            "١- بند",
            "a) item",
            "▶ Video",
        ] {
            assert!(is_list_item(l), "{l}");
        }
        for l in ["-item", "2019. A year", "Hello. World", "1234. no", "— "] {
            assert!(!is_list_item(l), "{l}");
        }
    }

    #[test]
    fn rows_split_on_separators_standing_alone() {
        let r = row("Home › World › Africa").unwrap();
        assert_eq!((r.items, r.max_item_words, r.trail), (3, 1, true));
        let r = row("Politics | Money | Sport and Leisure").unwrap();
        assert_eq!((r.items, r.max_item_words, r.trail), (3, 3, false));
        let r = row("12 likes · 3400 reads").unwrap();
        assert_eq!(r.numbered_items, 2);
        assert_eq!(row("e-mail and state-of-the-art"), None);
        assert_eq!(row("just words"), None);
    }

    #[test]
    fn sentences_end_with_strong_marks_only() {
        assert!(ends_sentence("He left."));
        assert!(ends_sentence("هل يعود؟"));
        assert!(ends_sentence("«قال ذلك.»"));
        assert!(!ends_sentence("He said:"));
        assert!(!ends_sentence("Headline without end"));
    }

    #[test]
    fn content_words_drop_short_words_and_arabic_proclitics() {
        assert_eq!(
            content_words("The State of the Union"),
            vec!["state", "union"]
        );
        assert_eq!(content_words("والحكومة في الرياض"), vec!["حكومه", "رياض"]);
    }

    #[test]
    fn forms_keep_marks_and_numbers_only() {
        assert_eq!(form("June 9 – West Palm Beach, FL @ Coral Sky"), "0–,@");
        assert_eq!(form("October 10 – Houston, TX @ The Forum"), "0–,@");
        assert_eq!(form("Italy (Group J): 10th appearance"), "():0");
        assert_eq!(form("(Graphic: Global assets in 2019 - here)"), "(:0-)");
        assert_eq!(form("It's the council's plan"), "");
        assert_eq!(
            form("Alibaba to raise up to $12.9bn, or 1,000 million"),
            "$0,0"
        );
        assert_eq!(form("الجولة ١٢: الأهلي ٢ - ١ الزمالك"), "0:0-0");
    }

    #[test]
    fn clock_times_are_found_in_any_digits() {
        assert!(has_clock("Nov 18, 2019 at 9:24 pm"));
        assert!(has_clock("الساعة ١٠:٣٠"));
        assert!(!has_clock("Ratio 3:1"));
    }
}
