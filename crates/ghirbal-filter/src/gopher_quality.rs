//! Gopher quality (datatrove `GopherQualityFilter`): document length, mean word length, `#` and
//! ellipsis density, bullet and ellipsis lines, words with letters, and stop words.

use ghirbal_core::reason::filter as r;

use crate::analysis::{Doc, Report, on, ratio};
use crate::config::Mode;
use crate::hash::{FxMap, FxSet};
use crate::tables::TABLES;
use crate::thresholds::QualityThresholds;

/// `filter.gopher_quality.<name>`, the signal key of one of this rule's figures.
macro_rules! key {
    ($name:literal) => {
        concat!("filter.gopher_quality.", $name)
    };
}

/// Stop words prepared for one mode: as written (datatrove) or in matching form (ghirbal).
#[derive(Debug, Clone)]
pub(crate) struct StopWords {
    /// Each stop word with its index, so a document's distinct stop words are a bit set.
    words: FxMap<String, usize>,
    /// The longest stop word in bytes; longer words skip the lookup.
    max_len: usize,
    /// The last character of every stop word: a word ending otherwise is none (clitics are
    /// prefixes, so stripping them keeps the last character).
    last: FxSet<char>,
    /// `last` as a bitmap over the first 64 Ki code points, the common case.
    last_bmp: Vec<u64>,
    /// A one-hash Bloom filter over the words' length and first and last two bytes: a clear
    /// bit means the string is no stop word, without hashing it.
    bloom: [u64; BLOOM_WORDS],
}

/// Size of [`StopWords::bloom`] in 64-bit words (4,096 bits).
const BLOOM_WORDS: usize = 64;

/// The Bloom filter bit of `word`.
fn bloom_bit(word: &str) -> usize {
    let b = word.as_bytes();
    let (Some(&f0), Some(&l0)) = (b.first(), b.last()) else {
        return 0;
    };
    let f1 = b.get(1).copied().unwrap_or(0);
    let l1 = b.len().checked_sub(2).map_or(0, |i| b[i]);
    let key = b.len() as u64
        | u64::from(f0) << 16
        | u64::from(f1) << 24
        | u64::from(l1) << 32
        | u64::from(l0) << 40;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 12)) as usize
}

impl StopWords {
    /// The list as datatrove matches it (exact) or as ghirbal does (matching text).
    pub fn new(list: &[String], mode: Mode) -> StopWords {
        let words = list
            .iter()
            .map(|w| match mode {
                Mode::Datatrove => w.clone(),
                Mode::Ghirbal => ghirbal_core::text::matching(w),
            })
            .filter(|w: &String| !w.is_empty())
            .collect::<FxSet<String>>();
        let max_len = words.iter().map(String::len).max().unwrap_or(0);
        let last: FxSet<char> = words.iter().filter_map(|w| w.chars().next_back()).collect();
        let mut last_bmp = vec![0u64; 0x10000 / 64];
        for &c in &last {
            if let Some(word) = last_bmp.get_mut(c as usize / 64) {
                *word |= 1 << (c as u32 % 64);
            }
        }
        let mut bloom = [0u64; BLOOM_WORDS];
        for w in &words {
            let bit = bloom_bit(w);
            bloom[bit / 64] |= 1 << (bit % 64);
        }
        let mut sorted: Vec<String> = words.into_iter().collect();
        sorted.sort();
        let words = sorted
            .into_iter()
            .enumerate()
            .map(|(i, w)| (w, i))
            .collect();
        StopWords {
            words,
            max_len,
            last,
            last_bmp,
            bloom,
        }
    }

    /// The index of `word` if it is a stop word as written.
    fn get(&self, word: &str) -> Option<usize> {
        let bit = bloom_bit(word);
        if self.bloom[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        self.words.get(word).copied()
    }

    /// How many distinct stop words there are.
    fn len(&self) -> usize {
        self.words.len()
    }

    fn may_end_one(&self, c: char) -> bool {
        match self.last_bmp.get(c as usize / 64) {
            Some(word) => word & (1 << (c as u32 % 64)) != 0,
            None => self.last.contains(&c),
        }
    }

    /// The index of the stop word `word` is, if any. Ghirbal mode also tries the word with its
    /// proclitics taken off: one of و ف, then one of ب ل ك, then ال (`وفي` → في, `بالمتحده` →
    /// المتحده, `والتي` → التي), keeping at least two letters.
    fn find(&self, word: &str, mode: Mode) -> Option<usize> {
        // Clitics only ever add up to 4 letters (8 bytes in Arabic script).
        if word.len() > self.max_len + 8
            || !word
                .chars()
                .next_back()
                .is_some_and(|c| self.may_end_one(c))
        {
            return None;
        }
        if word.len() <= self.max_len
            && let Some(i) = self.get(word)
        {
            return Some(i);
        }
        if mode == Mode::Datatrove {
            return None;
        }
        let mut rest = word;
        for set in [&['و', 'ف'][..], &['ب', 'ل', 'ك'][..]] {
            if let Some(stripped) = rest.strip_prefix(set) {
                if stripped.chars().count() < 2 {
                    break;
                }
                rest = stripped;
                if let Some(i) = self.get(rest) {
                    return Some(i);
                }
            }
        }
        if let Some(stripped) = rest.strip_prefix("ال")
            && stripped.chars().count() >= 2
        {
            return self.get(stripped);
        }
        None
    }
}

/// Runs the rule, adding its figures to `out`.
pub(crate) fn run(doc: &Doc<'_>, th: &QualityThresholds, stop: &StopWords, out: &mut Report) {
    let text = doc.text;
    let words = &doc.words;
    let n_words = words.len();
    let t = &*TABLES;

    let mut non_symbol = 0usize;
    let mut non_symbol_chars = 0usize;
    let mut alpha_words = 0usize;
    // Bit i set when stop word i was seen.
    let mut found = vec![0u64; stop.len().div_ceil(64)];
    for w in words {
        let mut symbol_only = true;
        let mut has_alpha = false;
        let mut len = 0usize;
        let mut chars = w.chars();
        while let Some(c) = chars.next() {
            len += 1;
            // datatrove: a symbol is a character of its PUNCTUATION_SET (which lacks `،` and
            // `؛`); ghirbal: anything that is neither a letter nor a digit.
            let symbol = match doc.mode {
                Mode::Datatrove => t.punctuation_set.has(c),
                Mode::Ghirbal => !ghirbal_core::text::is_alphanumeric(c),
            };
            if symbol_only && !symbol {
                symbol_only = false;
            }
            if !has_alpha && t.py_alpha.has(c) {
                has_alpha = true;
            }
            // Both flags are settled (a word usually settles them at its first letter): only
            // the length is left, and counting code points needs no class lookups. Words are
            // short, so a byte loop beats `str::chars().count()`'s call into its wide kernel.
            if !symbol_only && has_alpha {
                len += chars.as_str().bytes().filter(|&b| b & 0xC0 != 0x80).count();
                break;
            }
        }
        if !symbol_only {
            non_symbol += 1;
            non_symbol_chars += len;
        }
        if has_alpha {
            alpha_words += 1;
        }
        if let Some(i) = stop.find(w, doc.mode) {
            found[i / 64] |= 1 << (i % 64);
        }
    }

    out.figure(key!("words"), n_words as f64);
    out.figure(key!("non_symbol_words"), non_symbol as f64);
    if on(th.min_doc_words as f64) && non_symbol < th.min_doc_words {
        out.fail(
            r::GOPHER_QUALITY_SHORT_DOC,
            non_symbol as f64,
            th.min_doc_words as f64,
        );
    }
    if on(th.max_doc_words as f64) && non_symbol > th.max_doc_words {
        out.fail(
            r::GOPHER_QUALITY_LONG_DOC,
            non_symbol as f64,
            th.max_doc_words as f64,
        );
    }

    // numpy's mean of no words is NaN and every comparison with it is false: no signal, no drop.
    if non_symbol > 0 {
        let avg = non_symbol_chars as f64 / non_symbol as f64;
        out.figure(key!("avg_word_length"), avg);
        if on(th.min_avg_word_length) && avg < th.min_avg_word_length {
            out.fail(
                r::GOPHER_QUALITY_BELOW_AVG_WORD_LENGTH,
                avg,
                th.min_avg_word_length,
            );
        }
        out.fail_above(
            r::GOPHER_QUALITY_ABOVE_AVG_WORD_LENGTH,
            avg,
            th.max_avg_word_length,
        );
    }

    let hashes = memchr::memchr_iter(b'#', text.as_bytes()).count();
    let ellipses = count_non_overlapping(text, "...") + text.matches('…').count();
    let hash_ratio = ratio(hashes, n_words);
    let ellipsis_ratio = ratio(ellipses, n_words);
    out.figure(key!("hash_ratio"), hash_ratio);
    out.figure(key!("ellipsis_ratio"), ellipsis_ratio);
    out.fail_above(
        r::GOPHER_QUALITY_HASHES,
        hash_ratio,
        th.max_symbol_word_ratio,
    );
    out.fail_above(
        r::GOPHER_QUALITY_ELLIPSIS,
        ellipsis_ratio,
        th.max_symbol_word_ratio,
    );

    let ghirbal = doc.mode == Mode::Ghirbal;
    let by_words = ghirbal && th.ellipsis_lines_by_words;
    let marks = line_marks(text, ghirbal && th.bullet_sentences_are_prose, by_words);
    let bullet_ratio = ratio(marks.bullets, marks.lines);
    let end_ellipsis_ratio = if by_words {
        ratio(marks.ellipsis_words, marks.words).min(ratio(marks.ellipsis, marks.lines))
    } else {
        ratio(marks.ellipsis, marks.lines)
    };
    out.figure(key!("bullet_lines_ratio"), bullet_ratio);
    out.figure(key!("end_ellipsis_lines_ratio"), end_ellipsis_ratio);
    out.fail_above(
        r::GOPHER_QUALITY_BULLETS,
        bullet_ratio,
        th.max_bullet_lines_ratio,
    );
    out.fail_above(
        r::GOPHER_QUALITY_END_ELLIPSIS,
        end_ellipsis_ratio,
        th.max_ellipsis_lines_ratio,
    );

    // datatrove divides by every token, punctuation included, so a well-punctuated text looks
    // less alphabetic; ghirbal divides by the words that are not punctuation.
    let alpha_ratio = match doc.mode {
        Mode::Datatrove => ratio(alpha_words, n_words),
        Mode::Ghirbal => ratio(alpha_words, non_symbol),
    };
    out.figure(key!("alpha_words_ratio"), alpha_ratio);
    if on(th.max_non_alpha_words_ratio) && alpha_ratio < th.max_non_alpha_words_ratio {
        out.fail(
            r::GOPHER_QUALITY_ALPHA_WORDS,
            alpha_ratio,
            th.max_non_alpha_words_ratio,
        );
    }

    let found = found.iter().map(|b| b.count_ones() as usize).sum::<usize>();
    out.figure(key!("stop_words"), found as f64);
    let needed = match doc.mode {
        Mode::Ghirbal if th.stop_words_full_at > 0 && non_symbol < th.stop_words_full_at => {
            (th.min_stop_words * non_symbol).div_ceil(th.stop_words_full_at)
        }
        _ => th.min_stop_words,
    };
    if on(needed as f64) && found < needed {
        out.fail(r::GOPHER_QUALITY_STOP_WORDS, found as f64, needed as f64);
    }
}

/// Python `str.count`: non-overlapping occurrences.
fn count_non_overlapping(text: &str, needle: &str) -> usize {
    memchr::memmem::find_iter(text.as_bytes(), needle.as_bytes())
        .fold((0, 0), |(n, next), at| {
            if at >= next {
                (n + 1, at + needle.len())
            } else {
                (n, next)
            }
        })
        .0
}

/// Counts over `text.splitlines()`, for the bullet and ellipsis checks.
#[derive(Debug, Default, PartialEq)]
struct LineMarks {
    /// Lines.
    lines: usize,
    /// Lines whose `lstrip()` starts with `•` or `-`.
    bullets: usize,
    /// Lines whose `rstrip()` ends with `...` or `…`.
    ellipsis: usize,
    /// Whitespace-separated words in all lines.
    words: usize,
    /// Words in the lines that end with an ellipsis.
    ellipsis_words: usize,
}

/// Counts bullet and ellipsis lines. With `sentences_are_prose`, a bullet line that ends in
/// punctuation (see [`crate::fineweb_quality::ends_in_punctuation`]) is no bullet: Gopher's rule
/// is after pages of bulleted links, and some columnists open every paragraph with `•` or `-`.
/// Words are counted only with `count_words`.
fn line_marks(text: &str, sentences_are_prose: bool, count_words: bool) -> LineMarks {
    let mut m = LineMarks::default();
    for line in py_splitlines(text) {
        m.lines += 1;
        let l = line.trim_start_matches(crate::tables::py_space);
        if (l.starts_with('•') || l.starts_with('-'))
            && !(sentences_are_prose && crate::fineweb_quality::ends_in_punctuation(l))
        {
            m.bullets += 1;
        }
        let words = if count_words {
            line.split_whitespace().count()
        } else {
            0
        };
        m.words += words;
        let r = line.trim_end_matches(crate::tables::py_space);
        if r.ends_with("...") || r.ends_with('…') {
            m.ellipsis += 1;
            m.ellipsis_words += words;
        }
    }
    m
}

/// Python `str.splitlines()`: splits on `\n \r \r\n \v \f \x1c \x1d \x1e \x85 \u2028 \u2029`, with
/// no empty piece after a final line break.
pub(crate) fn py_splitlines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        match next_line_break(rest) {
            None => {
                let line = rest;
                rest = "";
                Some(line)
            }
            Some((i, c)) => {
                let line = &rest[..i];
                let mut skip = i + c.len_utf8();
                if c == '\r' && rest[skip..].starts_with('\n') {
                    skip += 1;
                }
                rest = &rest[skip..];
                Some(line)
            }
        }
    })
}

/// The first line break in `s` and where it starts. Breaks are ASCII or start with the byte
/// `0xC2` (U+0085) or `0xE2` (U+2028, U+2029), so only those bytes are decoded.
fn next_line_break(s: &str) -> Option<(usize, char)> {
    /// The bytes a line break can start with.
    const MAY_BREAK: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = matches!(b, 0x0a..=0x0d | 0x1c..=0x1e | 0xC2 | 0xE2);
            b += 1;
        }
        t
    };
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(off) = bytes[from..]
        .iter()
        .position(|&b| MAY_BREAK[usize::from(b)])
    {
        let i = from + off;
        match s[i..].chars().next() {
            Some(c) if is_line_break(c) => return Some((i, c)),
            _ => from = i + 1,
        }
    }
    None
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitlines_matches_python() {
        let v: Vec<&str> = py_splitlines("a\r\nb\rc\n\nd\n").collect();
        assert_eq!(v, ["a", "b", "c", "", "d"]);
        let v: Vec<&str> = py_splitlines("é\u{85}ب\u{2028}c\u{2029}\u{a0}\u{1e}").collect();
        assert_eq!(v, ["é", "ب", "c", "\u{a0}"]);
        assert_eq!(py_splitlines("").count(), 0);
    }

    #[test]
    fn str_count_does_not_overlap() {
        assert_eq!(count_non_overlapping(".....", "..."), 1);
        assert_eq!(count_non_overlapping("......", "..."), 2);
    }

    #[test]
    fn ghirbal_stop_words_see_through_clitics() {
        let list: Vec<String> = ["في", "التي", "المتحدة", "على"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let g = StopWords::new(&list, Mode::Ghirbal);
        let found = |w: &str| g.find(w, Mode::Ghirbal);
        assert_eq!(found("وفي"), found("في"));
        assert_eq!(found("والتي"), found("التي"));
        assert_eq!(found("بالمتحده"), found("المتحده"));
        assert!(found("في").is_some() && found("المتحده").is_some());
        assert!(found("علي").is_some());
        assert_ne!(found("في"), found("التي"));
        assert_eq!(found("كتاب"), None);
        let d = StopWords::new(&list, Mode::Datatrove);
        assert_eq!(d.find("وفي", Mode::Datatrove), None);
    }

    /// The Gopher quality reason for `text` with `lang`'s thresholds in ghirbal mode, if any.
    fn verdict(text: &str, lang: &str) -> Option<ghirbal_core::Reason> {
        let mut th = crate::thresholds::load_all().expect("shipped thresholds parse")[lang]
            .gopher_quality
            .clone();
        th.min_doc_words = 20;
        let stop = StopWords::new(&th.stop_words, Mode::Ghirbal);
        let doc = Doc::new(text, Mode::Ghirbal, crate::thresholds::WordSplit::Spaces);
        let mut report = Report::default();
        run(&doc, &th, &stop, &mut report);
        report.fail.map(|f| f.reason)
    }

    /// `lines` as one text, each opened with `bullet`.
    fn bulleted(bullet: &str, lines: &[&str]) -> String {
        lines
            .iter()
            .map(|l| format!("{bullet} {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_column_of_bulleted_paragraphs_is_not_a_bullet_list() {
        let ar = bulleted(
            "•",
            &[
                "الأهلي ركن من أركان الرياضة السعودية، وقد بدأ الموسم بقوة هذا العام.",
                "لجنة المسابقات لم تنظر في احتجاج النادي على جدول المباريات حتى الآن.",
                "من الذي لم يحترم قرارات اللجان التي وصلت إليها بعد نقاش طويل؟",
                "ربما تجيب وربما لا تجيب، وفي الحالتين شكرا لا تكفي!",
            ],
        );
        assert_eq!(verdict(&ar, "ar"), None);
        let en = bulleted(
            "-",
            &[
                "The club is one of the pillars of the league and started the season well.",
                "The competition committee has still not looked at the club's complaint.",
                "Who ignored the decisions the committees reached after a long debate?",
                "Maybe you will answer, maybe not; either way, thanks is not enough!",
            ],
        );
        assert_eq!(verdict(&en, "en"), None);
        let fr = bulleted(
            "-",
            &[
                "Le club est un pilier du championnat et il a bien commencé la saison.",
                "La commission n'a toujours pas examiné la plainte déposée par le club.",
                "Qui a ignoré les décisions prises par les commissions après un long débat ?",
                "Peut-être répondrez-vous, peut-être pas ; dans les deux cas, merci ne suffit pas !",
            ],
        );
        assert_eq!(verdict(&fr, "fr"), None);
    }

    #[test]
    fn one_click_here_line_under_an_article_is_not_a_page_of_teasers() {
        let ar = "يتحدى المنتخب المغربي مساء الاثنين نجوم المنتخب الإسباني في ختام منافسات \
                  المجموعة الثانية من كأس العالم، في مباراة يسعى فيها إلى إنهاء مشاركته بفوز \
                  يرضي جماهيره بعد خسارتين متتاليتين أمام إيران والبرتغال.\n\
                  لمتابعة المباراة على الحواسيب اللوحية، اضغط هنا...";
        assert_eq!(verdict(ar, "ar"), None);
        let en = "Morocco face Spain on Monday evening in the last match of group B at the World \
                  Cup, hoping to end their campaign with a win that pleases their fans after two \
                  defeats in a row against Iran and Portugal in the first two games.\n\
                  To follow the match on tablets, click here...";
        assert_eq!(verdict(en, "en"), None);
        let fr = "Le Maroc affronte l'Espagne lundi soir lors du dernier match du groupe B de la \
                  Coupe du monde, avec l'espoir de finir sur une victoire qui réjouisse ses \
                  supporters après deux défaites face à l'Iran et au Portugal.\n\
                  Pour suivre le match sur tablette, cliquez ici...";
        assert_eq!(verdict(fr, "fr"), None);
    }

    #[test]
    fn a_page_of_cut_teasers_is_still_dropped() {
        let teasers = |lines: &[&str]| lines.join("...\n") + "...";
        let ellipsis = Some(r::GOPHER_QUALITY_END_ELLIPSIS);
        let ar = teasers(&[
            "أعلنت وزارة الصحة اليوم عن افتتاح ستة مستشفيات جديدة في مناطق",
            "قال وزير الخارجية إن المملكة تدعم كل الجهود الرامية إلى إحلال",
            "تبدأ غدا في الرياض فعاليات المعرض الدولي للكتاب بمشاركة أكثر من",
            "أكد رئيس النادي أن الفريق سيعود إلى المنافسة على البطولة في",
        ]);
        assert_eq!(verdict(&ar, "ar"), ellipsis);
        let en = teasers(&[
            "The ministry of health opened six new hospitals across the country and",
            "The foreign minister said the kingdom supports every effort to bring",
            "The international book fair opens tomorrow in Riyadh with more than",
            "The club president said the team will be back in the title race with",
        ]);
        assert_eq!(verdict(&en, "en"), ellipsis);
        let fr = teasers(&[
            "Le ministère de la santé a ouvert six nouveaux hôpitaux dans le pays et",
            "Le ministre des affaires étrangères a déclaré que le royaume soutient",
            "Le salon international du livre ouvre demain à Riyad avec plus de",
            "Le président du club a affirmé que l'équipe reviendra dans la course au",
        ]);
        assert_eq!(verdict(&fr, "fr"), ellipsis);
    }

    #[test]
    fn a_short_brief_needs_stop_words_in_proportion() {
        let stop = Some(r::GOPHER_QUALITY_STOP_WORDS);
        // 21 words, one stop word (في / the / le): 2 * 21 / 50 rounds up to 1.
        let ar = "أمطر محتج سويسري رئيس الاتحاد الدولي لكرة القدم بأوراق مالية غير حقيقية قبل \
                  انعقاد مؤتمر صحفي اليوم الاثنين في مقر الاتحاد بمدينة زيورخ.";
        assert_eq!(verdict(ar, "ar"), None);
        let en = "A Swiss protester showered the football federation president with fake bank \
                  notes before a press conference at the headquarters in Zurich on Monday.";
        assert_eq!(verdict(en, "en"), None);
        let fr = "Un manifestant suisse a jeté de faux billets sur le président de la fédération \
                  avant une conférence de presse lundi au siège zurichois.";
        assert_ne!(verdict(fr, "fr"), stop);
        // No stop word at all is still too few.
        let none = "محتج سويسري يمطر رئيس الاتحاد الدولي لكرة القدم بأوراق مالية مزيفة قبيل \
                    انعقاد مؤتمر صحفي بمقر الاتحاد بمدينة زيورخ اليوم الاثنين وسط ذهول الحاضرين";
        assert_eq!(verdict(none, "ar"), stop);
    }

    #[test]
    fn a_bulleted_link_list_is_still_dropped() {
        let bullets = Some(r::GOPHER_QUALITY_BULLETS);
        let ar = bulleted(
            "•",
            &[
                "الرئيسية في المملكة",
                "أخبار محلية من الرياض",
                "أخبار عالمية على مدار الساعة",
                "رياضة في الملاعب",
                "اقتصاد وأعمال من السوق",
                "ثقافة وفنون على المسرح",
                "مقالات الرأي في الصحيفة",
                "اتصل بنا على الهاتف",
            ],
        );
        assert_eq!(verdict(&ar, "ar"), bullets);
        let en = bulleted(
            "-",
            &[
                "Home of the paper",
                "Local news from the city",
                "World news with the wires",
                "Sport and the league",
                "Business and the markets",
                "Culture and the arts",
                "Opinion and the columns",
                "Contact us and the team",
            ],
        );
        assert_eq!(verdict(&en, "en"), bullets);
        let fr = bulleted(
            "•",
            &[
                "Accueil de la page",
                "Actualités de la ville",
                "Monde et les dépêches",
                "Sport et le championnat",
                "Économie et les marchés",
                "Culture et les arts",
                "Opinions et les chroniques",
                "Contact et la rédaction",
            ],
        );
        assert_eq!(verdict(&fr, "fr"), bullets);
    }
}
