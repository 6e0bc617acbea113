//! FineWeb quality (datatrove `FineWebQualityFilter`): lines ending in terminal punctuation,
//! short lines, characters in repeated lines, and line breaks per word.

use ghirbal_core::reason::filter as r;
use ghirbal_core::text;

use crate::analysis::{Doc, Report, ratio};
use crate::config::Mode;
use crate::gopher_repetition::{find_duplicates, trim_end_ghirbal};
use crate::tables::{TABLES, py_strip};
use crate::thresholds::FinewebThresholds;

/// `filter.fineweb_quality.<name>`, the signal key of one of this rule's figures.
macro_rules! key {
    ($name:literal) => {
        concat!("filter.fineweb_quality.", $name)
    };
}

/// Runs the rule, adding its figures to `out`.
pub(crate) fn run(doc: &Doc<'_>, th: &FinewebThresholds, out: &mut Report) {
    let text = doc.text;
    let lines: Vec<&str> = text
        .split('\n')
        .filter(|l| !py_strip(l).is_empty())
        .collect();
    out.figure(key!("lines"), lines.len() as f64);
    if lines.is_empty() {
        out.fail(r::FINEWEB_QUALITY_EMPTY, 0.0, 0.0);
        return;
    }
    let weigh = |l: &&str| match doc.mode {
        Mode::Ghirbal if th.line_punct_by_words => l.split_whitespace().count(),
        _ => 1,
    };
    let (ended, weight) = lines.iter().fold((0, 0), |(ended, weight), l| {
        let w = weigh(l);
        let ended = if ends_sentence(l, doc.mode, th) {
            ended + w
        } else {
            ended
        };
        (ended, weight + w)
    });
    let line_punct_ratio = ratio(ended, weight);
    out.figure(key!("line_punct_ratio"), line_punct_ratio);
    if line_punct_ratio < th.line_punct_thr
        && !(line_punct_ratio == 0.0 && th.line_punct_exclude_zero)
    {
        out.fail(
            r::FINEWEB_QUALITY_LINE_PUNCT_RATIO,
            line_punct_ratio,
            th.line_punct_thr,
        );
    }

    let short = lines
        .iter()
        .filter(|l| l.chars().take(th.short_line_length + 1).count() <= th.short_line_length)
        .count();
    let short_line_ratio = ratio(short, lines.len());
    out.figure(key!("short_line_ratio"), short_line_ratio);
    if short_line_ratio > th.short_line_thr {
        out.fail(
            r::FINEWEB_QUALITY_SHORT_LINE_RATIO,
            short_line_ratio,
            th.short_line_thr,
        );
    }

    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    let (_, dup_chars, _) = find_duplicates(&lines, doc.mode);
    let char_dup_ratio = ratio(dup_chars, doc.n_chars - newlines);
    out.figure(key!("char_dup_ratio"), char_dup_ratio);
    if char_dup_ratio > th.char_duplicates_ratio {
        out.fail(
            r::FINEWEB_QUALITY_CHAR_DUP_RATIO,
            char_dup_ratio,
            th.char_duplicates_ratio,
        );
    }

    let breaks = match doc.mode {
        Mode::Ghirbal if th.list_ratio_skips_blank_lines => lines.len() - 1,
        _ => newlines,
    };
    let list_ratio = ratio(breaks, doc.words.len());
    out.figure(key!("list_ratio"), list_ratio);
    if list_ratio > th.new_line_ratio {
        out.fail(r::FINEWEB_QUALITY_LIST_RATIO, list_ratio, th.new_line_ratio);
    }
}

/// Whether a line counts as ending a sentence.
///
/// datatrove: the line's very last character is in `TERMINAL_PUNCTUATION` (no trimming, so `.`
/// followed by a space or a direction mark does not count, nor do closing quotes).
/// ghirbal: trailing spaces and direction marks are trimmed first, and closing quotes and
/// brackets after the punctuation, or on their own, also end a line: `.»`, `».`, `”`, `؟`, `۔`.
/// A line of prose whose end is something else also counts (see [`is_prose`]).
pub(crate) fn ends_sentence(line: &str, mode: Mode, th: &FinewebThresholds) -> bool {
    match mode {
        Mode::Datatrove => line
            .chars()
            .next_back()
            .is_some_and(|c| TABLES.terminal.has(c)),
        Mode::Ghirbal => ends_in_punctuation(line) || is_prose(trim_end_ghirbal(line), th),
    }
}

/// ghirbal mode: whether `line`, trailing spaces and direction marks trimmed, ends in terminal
/// punctuation or a closing quote or bracket.
pub(crate) fn ends_in_punctuation(line: &str) -> bool {
    trim_end_ghirbal(line)
        .chars()
        .next_back()
        .is_some_and(|c| TABLES.terminal.has(c) || is_closing(c))
}

/// Whether a line that does not end in punctuation is still prose: sentences with something
/// unpunctuated after the last one. FineWeb's line rule is there to catch pages made of lines
/// that are not sentences (menus, link lists, titles, tags); a paragraph whose last sentence
/// lost its full stop, or is followed by a credit (`... العقوبات. (واس)`), a link line glued on
/// by the scraper (`... منها. رابط الخبر بصحيفة الوئام: ...`) or "related" headlines, is not
/// one of those.
///
/// A sentence boundary is a run of `. ! ? ؟ ۔` followed by a space and what can start a
/// sentence: a letter, a digit, an opening bracket or quote, or `*` (so a `..` before the
/// ` - ` or ` | ` separators of a tag list is none). The line is prose when it has
/// `prose_min_sentences` boundaries, or at least one and what follows the last one is at most
/// `prose_max_tail` times as long as what precedes it, or when it is running text: at least
/// `prose_min_words` words, fewer than `prose_max_separators` of them ending in or being a list
/// separator (a paragraph that lost its full stop, a poem on one line; menu items, headlines and
/// tags are short, and a tag list has a separator after every word).
fn is_prose(line: &str, th: &FinewebThresholds) -> bool {
    is_running_text(line, th) || has_sentences(line, th)
}

/// Whether `line` has `prose_min_words` words and under `prose_max_separators` of them are or
/// end in a list separator.
fn is_running_text(line: &str, th: &FinewebThresholds) -> bool {
    if th.prose_min_words == 0 {
        return false;
    }
    let (mut words, mut separated) = (0usize, 0usize);
    for w in line.split_whitespace() {
        words += 1;
        if w.chars().next_back().is_some_and(is_separator) {
            separated += 1;
        }
    }
    words >= th.prose_min_words && (separated as f64) < th.prose_max_separators * words as f64
}

/// List separators between tags, menu items or headlines on one line.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '،' | ',' | ';' | '؛' | '|' | '-' | '–' | '—' | '•' | '·' | '/'
    )
}

/// Whether `line` has enough sentence boundaries, or one with a short tail after it.
fn has_sentences(line: &str, th: &FinewebThresholds) -> bool {
    let mut last_end = None;
    let mut sentences = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '؟' | '۔') {
            continue;
        }
        let after = &line[i + c.len_utf8()..];
        if let Some(rest) = after.strip_prefix(' ')
            && rest.chars().next().is_some_and(starts_a_sentence)
        {
            last_end = Some(i + c.len_utf8());
            sentences += 1;
        }
        while chars.peek().is_some_and(|&(_, d)| d == c) {
            chars.next();
        }
    }
    let Some(end) = last_end else { return false };
    if th.prose_min_sentences > 0 && sentences >= th.prose_min_sentences {
        return true;
    }
    let tail = line[end..].chars().count() as f64;
    let head = line[..end].chars().count() as f64;
    th.prose_max_tail > 0.0 && tail <= th.prose_max_tail * head
}

/// Whether `c` can open a sentence: a letter, a digit, an opening bracket or quote, or `*`.
fn starts_a_sentence(c: char) -> bool {
    text::is_alphanumeric(c) || matches!(c, '(' | '[' | '{' | '«' | '“' | '"' | '\'' | '*')
}

/// Closing quotes and brackets that end an Arabic or Latin sentence in edited text, and `:`
/// before a quotation (`وأضاف:`). Both guillemets: Arabic text closes quotes with `»` or `«`
/// depending on the keyboard; some papers quote with `{ }`.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '“' | '”' | '"' | '\'' | ')' | '}' | '؟' | '۔' | '!' | ':'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar() -> FinewebThresholds {
        crate::thresholds::load_all().expect("shipped thresholds parse")["ar"]
            .fineweb_quality
            .clone()
    }

    #[test]
    fn datatrove_needs_punctuation_as_the_last_character() {
        let th = ar();
        assert!(ends_sentence("قال.", Mode::Datatrove, &th));
        assert!(!ends_sentence("قال. ", Mode::Datatrove, &th));
        assert!(!ends_sentence("قال.»", Mode::Datatrove, &th));
        assert!(ends_sentence("هل؟", Mode::Datatrove, &th));
    }

    #[test]
    fn ghirbal_sees_through_trailing_spaces_and_closing_quotes() {
        let th = ar();
        assert!(ends_sentence("قال. \u{200f}", Mode::Ghirbal, &th));
        assert!(ends_sentence("قال «نعم»", Mode::Ghirbal, &th));
        assert!(!ends_sentence("الرئيسية", Mode::Ghirbal, &th));
        let credit =
            "بلغت الواردات الإجمالية نحو 171.4 مليار ريال خلال العام. *وحدة التقارير الاقتصادية ";
        assert!(ends_sentence(credit, Mode::Ghirbal, &th));
        assert!(!ends_sentence(credit, Mode::Datatrove, &th));
    }

    #[test]
    fn a_paragraph_with_a_glued_link_line_is_prose() {
        let th = ar();
        let glued = "أوضحت إدارة المستشفى في بيان لها أنه تم تدارك الأمر وتسليم الجثة لذويها. \
                     وأكدت أنها سوف تحاسب أي مقصر وفق الإجراءات النظامية. \
                     رابط الخبر بصحيفة الوئام: صحة الرياض تشكل لجنة للتحقيق";
        assert!(ends_sentence(glued, Mode::Ghirbal, &th));
        let en = "The museum lets blind visitors touch the paintings. It printed them in \
                  relief with a new technique developed in Madrid. Read more: Prado museum";
        assert!(ends_sentence(en, Mode::Ghirbal, &th));
        let fr = "Le musée a ouvert une salle où les aveugles peuvent toucher les tableaux. \
                  Les œuvres ont été imprimées en relief par une entreprise madrilène. Lire aussi";
        assert!(ends_sentence(fr, Mode::Ghirbal, &th));
    }

    #[test]
    fn a_long_unpunctuated_tail_after_one_sentence_is_not_prose() {
        let th = ar();
        // One short sentence, then a run of headlines longer than it.
        let line = "وصل الوفد. وفاة الفنان المصري نور الشريف عن 74 عاما المصري مجدي طلبة مدربا \
                    للشعلة مصطافو أبها ورحلة مع ضباب السودة";
        assert!(!ends_sentence(line, Mode::Ghirbal, &th));
    }

    #[test]
    fn a_long_paragraph_without_a_final_stop_is_prose() {
        let th = ar();
        let ar = "أسفرت الحملات الأمنية التي نفذتها شرطة منطقة القصيم لتعقب مخالفي أنظمة الإقامة \
                  والعمل عن ضبط عدد كبير من المخالفين خلال الأسبوع الماضي في عدد من المحافظات \
                  وأوضح المتحدث الإعلامي لشرطة المنطقة أن الحملات مستمرة حتى نهاية العام";
        assert!(ends_sentence(ar, Mode::Ghirbal, &th));
        assert!(!ends_sentence(ar, Mode::Datatrove, &th));
        let en = "The security campaigns carried out by the police in the region to track down \
                  people breaking the residence and labour rules led to hundreds of arrests last \
                  week and the spokesman said they would go on until the end of the year";
        assert!(ends_sentence(en, Mode::Ghirbal, &th));
        let fr = "Les campagnes de contrôle menées par la police de la région contre les \
                  infractions aux règles de séjour et de travail ont conduit à des centaines \
                  d'arrestations la semaine dernière et se poursuivront jusqu'à la fin de l'année";
        assert!(ends_sentence(fr, Mode::Ghirbal, &th));
    }

    #[test]
    fn a_long_tag_list_is_not_running_text() {
        let th = ar();
        let tags = |sep: &str, words: &[&str]| words.repeat(4).join(sep);
        let ar = [
            "الرياض",
            "جدة",
            "الدمام",
            "أبها",
            "تبوك",
            "حائل",
            "جازان",
            "نجران",
            "الباحة",
        ];
        let en = [
            "Riyadh", "Jeddah", "Dammam", "Abha", "Tabuk", "Hail", "Jazan", "Najran",
        ];
        let fr = [
            "Riyad", "Djeddah", "Dammam", "Abha", "Tabouk", "Haïl", "Jazan", "Najran",
        ];
        for line in [
            tags("، ", &ar),
            tags(" | ", &ar),
            tags(" - ", &ar),
            tags(", ", &en),
            tags(" / ", &en),
            tags(" · ", &fr),
        ] {
            assert!(!ends_sentence(&line, Mode::Ghirbal, &th), "{line}");
        }
    }

    #[test]
    fn tag_lists_and_menus_are_not_prose() {
        let th = ar();
        for line in [
            "الرئيسية | أخبار | رياضة | اقتصاد | اتصل بنا",
            "الرحلات.. | «معلّق» | بالرياض | مصر | لأوروبا» | خطف | مرحلة",
            "سليماني.. - الإنسان - استقبال - شيفروليه - مليون - الخيرية",
            "Home | News.. | Sport | About us",
            "Accueil - Actualités.. - Sport - Contact",
        ] {
            assert!(!ends_sentence(line, Mode::Ghirbal, &th), "{line}");
        }
    }

    /// The line punctuation share of `text` with `lang`'s thresholds, that threshold, and the
    /// reason the rule gives, if any.
    fn verdict(text: &str, lang: &str) -> (f64, f64, Option<ghirbal_core::Reason>) {
        let th = crate::thresholds::load_all().expect("shipped thresholds parse")[lang]
            .fineweb_quality
            .clone();
        let doc = Doc::new(text, Mode::Ghirbal, crate::thresholds::WordSplit::Spaces);
        let mut report = Report::default();
        run(&doc, &th, &mut report);
        let share = report
            .figures
            .iter()
            .find(|(k, _)| k.ends_with("line_punct_ratio"))
            .map_or(f64::NAN, |&(_, v)| v);
        (share, th.line_punct_thr, report.fail.map(|f| f.reason))
    }

    #[test]
    fn an_article_with_a_short_list_keeps_its_punctuation_share() {
        // Two paragraphs, then twelve list lines: 2 lines in 14 end a sentence (0.143 is the
        // Arabic threshold), but most of the words are in those two.
        let ar = "أعلنت وزارة الصحة اليوم عن افتتاح ستة مستشفيات جديدة في مناطق المملكة المختلفة \
                  بسعة إجمالية تتجاوز ألف سرير، وذلك ضمن خطتها لتوسيع الخدمات الصحية.\n\
                  وأوضحت الوزارة أن المستشفيات الجديدة ستبدأ باستقبال المرضى خلال الشهر المقبل \
                  بعد اكتمال تجهيزها بالكوادر الطبية والأجهزة الحديثة اللازمة لتشغيلها.\n\
                  مستشفى الرياض\nمستشفى جدة\nمستشفى الدمام\nمستشفى أبها\nمستشفى تبوك\n\
                  مستشفى حائل\nمستشفى جازان\nمستشفى نجران\nمستشفى الباحة\nمستشفى الجوف\n\
                  مستشفى القريات\nمستشفى عرعر";
        let (share, thr, _) = verdict(ar, "ar");
        assert!(share > thr, "{share} {thr}");
        let en = "The ministry of health opened six new hospitals across the country today, \
                  adding more than a thousand beds as part of its plan to widen care.\n\
                  The ministry said the new hospitals will start admitting patients next month \
                  once their medical staff and equipment are in place.\n\
                  Riyadh hospital\nJeddah hospital\nDammam hospital\nAbha hospital\n\
                  Tabuk hospital\nHail hospital\nJazan hospital\nNajran hospital\n\
                  Baha hospital\nJouf hospital\nQurayyat hospital\nArar hospital";
        let (share, thr, _) = verdict(en, "en");
        assert!(share > thr, "{share} {thr}");
        let fr = "Le ministère de la santé a ouvert aujourd'hui six nouveaux hôpitaux dans le \
                  pays, soit plus de mille lits, dans le cadre de son plan pour élargir les soins.\n\
                  Le ministère précise que les hôpitaux accueilleront des patients le mois \
                  prochain, une fois le personnel et le matériel en place.\n\
                  Hôpital de Riyad\nHôpital de Djeddah\nHôpital de Dammam\nHôpital d'Abha\n\
                  Hôpital de Tabouk\nHôpital de Haïl\nHôpital de Jazan\nHôpital de Najran\n\
                  Hôpital de Baha\nHôpital de Jouf\nHôpital de Qurayyat\nHôpital d'Arar";
        let (share, thr, _) = verdict(fr, "fr");
        assert!(share > thr, "{share} {thr}");
    }

    #[test]
    fn blank_lines_between_paragraphs_are_no_list() {
        let list = Some(r::FINEWEB_QUALITY_LIST_RATIO);
        let spaced = |paragraphs: &[&str]| paragraphs.join("\n\n\n\n\n");
        let ar = spaced(&[
            "احتفل رجل الأعمال بزواج ابنه الشاب من كريمة أحد الوجهاء في محافظة الأحساء.",
            "أقيم الحفل بقصر المناسبات بحضور عدد من الشخصيات والوجهاء والمسؤولين.",
        ]);
        assert_ne!(verdict(&ar, "ar").2, list);
        let en = spaced(&[
            "The businessman celebrated his son's wedding in Al-Ahsa on Thursday night.",
            "The party was held in a hall in the city with many guests and officials.",
        ]);
        assert_ne!(verdict(&en, "en").2, list);
        let fr = spaced(&[
            "L'homme d'affaires a célébré jeudi soir le mariage de son fils à Al-Ahsa.",
            "La fête a eu lieu dans une salle de la ville avec de nombreux invités.",
        ]);
        assert_ne!(verdict(&fr, "fr").2, list);
        // One or two words per line is a list however it is spaced.
        let menu = spaced(&["الرئيسية", "أخبار", "رياضة", "اقتصاد", "ثقافة", "اتصل بنا"]);
        assert!(verdict(&menu, "ar").2.is_some());
    }

    #[test]
    fn a_menu_with_a_punctuated_footer_is_still_dropped() {
        // By words the footer lifts the punctuation share of a short menu; the line-per-word
        // rule (list_ratio) still drops it.
        let ar = "الرئيسية\nأخبار محلية\nأخبار عالمية\nرياضة\nاقتصاد\nثقافة وفنون\n\
                  مقالات الرأي\nاتصل بنا\nمن نحن\nسياسة الخصوصية\nجميع الحقوق محفوظة.";
        assert!(verdict(ar, "ar").2.is_some());
        let en = "Home\nLocal news\nWorld news\nSport\nBusiness\nCulture and arts\n\
                  Opinion\nContact us\nAbout us\nPrivacy policy\nAll rights reserved.";
        assert!(verdict(en, "en").2.is_some());
        let fr = "Accueil\nActualités locales\nMonde\nSport\nÉconomie\nCulture\n\
                  Opinions\nContact\nQui sommes-nous\nConfidentialité\nTous droits réservés.";
        assert!(verdict(fr, "fr").2.is_some());
    }
}
