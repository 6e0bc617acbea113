//! The identifier: script count, letter rule, whatlang first pass, lingua second pass.

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

use crate::arabic_script::{ARABIC_SCRIPT_MODEL_LANGS, LetterRule, LetterVerdict};
use crate::iso;
use crate::script::{Script, ScriptCounts};

/// Bytes of a text that identification reads by default: the first 2 KiB, cut back to a char
/// boundary (about 200 Arabic or 350 English words). The models' cost grows with the input,
/// and language does not change within a news article. Measured with `bench/lang-eval.sh`
/// (bench/lang/RESULTS.md): against 4 KiB, 2 KiB costs 0.1 point of accuracy on crudely
/// stripped HTML pages (whose first KiB is often navigation), none on articles, and runs
/// 1.3 times faster; 1 KiB loses 1.6 points on the HTML pages.
pub const DEFAULT_SAMPLE_BYTES: usize = 2048;

/// Bytes of the sample that lingua reads when whatlang was not sure: lingua costs about 15
/// times whatlang per byte, and a sentence or two is enough for it (99% on lingua's sentence
/// test sets). Measured with `bench/lang-eval.sh`.
pub const DEFAULT_LINGUA_BYTES: usize = 1024;

/// whatlang's confidence at or above which its answer is taken without asking lingua, when the
/// text has at least [`WHATLANG_MIN_LETTERS`] letters. On short text whatlang mixes up Arabic
/// dialects with Persian and Romance languages with each other (40% right on single words,
/// lingua 83%). Measured with `bench/lang-eval.sh`: accuracy is the same from 0.3 to 0.8, and
/// 0.8 sends 3% of documents to lingua instead of 2.6% but lifts the lowest scores of real
/// articles (1st percentile 0.93 -> 0.94, 0.63 -> 0.85 on HTML pages).
pub const WHATLANG_TRUST: f64 = 0.8;
/// Letters a text needs before whatlang alone may decide.
pub const WHATLANG_MIN_LETTERS: u32 = 200;

/// Share of letters among visible characters from which the score is not lowered: prose holds
/// 80-95% letters; below half, the text is mostly digits, symbols or punctuation.
const LETTER_RATIO_FULL: f64 = 0.5;

/// The languages lingua is built with; each is a Cargo feature of `lingua` and a model crate.
/// The first eleven are asked about short or unclear text; the next ten are among the 80 largest
/// FineWeb-2 languages and whatlang does not know them; the next eight are the whatlang
/// languages those pass for (Malay for Indonesian, Bosnian for Croatian, Serbian or Slovene,
/// Nynorsk for Bokmål or Danish, Swahili for Shona, Somali for Tagalog), so that lingua weighs
/// them all; the next four make every
/// Cyrillic language whatlang names one of lingua's, so lingua decides Cyrillic text; the last
/// nine are the languages of lingua's test set that whatlang lacks (Irish, Ganda, Maori, Sotho,
/// Tswana, Tsonga, Xhosa, Yoruba), with Zulu and Welsh, which Xhosa and Irish pass for.
pub const LINGUA_LANGUAGES: [Language; 43] = [
    Language::Arabic,
    Language::Persian,
    Language::Urdu,
    Language::English,
    Language::French,
    Language::German,
    Language::Spanish,
    Language::Italian,
    Language::Portuguese,
    Language::Turkish,
    Language::Russian,
    Language::Swahili,
    Language::Malay,
    Language::Albanian,
    Language::Icelandic,
    Language::Kazakh,
    Language::Mongolian,
    Language::Basque,
    Language::Nynorsk,
    Language::Bosnian,
    Language::Somali,
    Language::Indonesian,
    Language::Croatian,
    Language::Serbian,
    Language::Bokmal,
    Language::Danish,
    Language::Slovene,
    Language::Shona,
    Language::Tagalog,
    Language::Ukrainian,
    Language::Bulgarian,
    Language::Belarusian,
    Language::Macedonian,
    Language::Irish,
    Language::Ganda,
    Language::Maori,
    Language::Sotho,
    Language::Tswana,
    Language::Tsonga,
    Language::Xhosa,
    Language::Yoruba,
    Language::Zulu,
    Language::Welsh,
];

/// whatlang's confidence from which its answer stands against lingua's when whatlang names a
/// language lingua has no model for (Polish, Czech, Vietnamese, ...): lingua can only answer
/// with one of its own, so a low-confidence whatlang answer outside lingua's set is still the
/// better guess from this confidence on. Measured on lingua's sentence test sets (200 a
/// language, the 67 languages ghirbal names): 0.1 86.8% right, 0.3 87.6%, 0.5 87.1%, 0.8
/// 85.5%, never 56.7% (`GHIRBAL_WHATLANG_OUTSIDE_LINGUA` in examples/lang_predict.rs).
pub const WHATLANG_OUTSIDE_LINGUA: f64 = 0.3;

/// Which part of the identifier decided the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// No letter in the text: nothing to identify.
    None,
    /// The Arabic-script letter rule (Pashto, Sorani, Urdu markers).
    Letters,
    /// whatlang, confident on a long enough text.
    Whatlang,
    /// lingua, for short or unclear text.
    Lingua,
}

impl Method {
    /// A short lower-case name, for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::None => "none",
            Method::Letters => "letters",
            Method::Whatlang => "whatlang",
            Method::Lingua => "lingua",
        }
    }
}

/// The outcome of identifying one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Identification {
    /// ISO 639-1 code where one exists, else ISO 639-3; `None` when the text has no letter
    /// or no model recognised it.
    pub lang: Option<&'static str>,
    /// Confidence in `lang`, in `[0, 1]`: the deciding model's confidence times the share of
    /// letters among visible characters (scaled so that half letters or more counts fully)
    /// times the share of letters in the main script. 0 when `lang` is `None`.
    pub score: f64,
    /// The deciding part's own confidence, in `[0, 1]`.
    pub model_score: f64,
    /// The script with the most letters.
    pub script: Option<Script>,
    /// Letters over visible (non-whitespace) characters.
    pub letter_ratio: f64,
    /// Arabic-script letters over all letters.
    pub arabic_script_ratio: f64,
    /// Main-script letters over all letters.
    pub script_ratio: f64,
    /// Letters in the sample read.
    pub letters: u32,
    /// Which part decided.
    pub method: Method,
}

/// Identifies the language of texts; build once, share across threads.
pub struct Identifier {
    lingua: LanguageDetector,
    rule: LetterRule,
    sample_bytes: usize,
    lingua_bytes: usize,
    whatlang_trust: f64,
    whatlang_min_letters: u32,
    use_whatlang: bool,
    use_lingua: bool,
    whatlang_outside_lingua: f64,
}

impl std::fmt::Debug for Identifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identifier")
            .field("sample_bytes", &self.sample_bytes)
            .field("lingua_bytes", &self.lingua_bytes)
            .field("use_whatlang", &self.use_whatlang)
            .field("use_lingua", &self.use_lingua)
            .finish_non_exhaustive()
    }
}

/// lingua's detector with its models loaded, in a thread pool made for the load.
///
/// lingua loads its models on rayon's global pool, and that pool's threads do not survive a
/// `fork`: a process forked after the parent built an identifier (Python's multiprocessing
/// on Linux forks by default) would wait for them forever. A pool started here exists in
/// whatever process builds the identifier and ends with the load. Detection itself runs on
/// the caller's thread.
fn load_lingua() -> LanguageDetector {
    let build = || {
        LanguageDetectorBuilder::from_languages(&LINGUA_LANGUAGES)
            .with_preloaded_language_models()
            .build()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(build),
        // No thread could be started: the global pool is all there is.
        Err(_) => build(),
    }
}

impl Identifier {
    /// The identifier as the stage uses it: letter rule, whatlang first, lingua second on the
    /// first [`DEFAULT_LINGUA_BYTES`] of the sample.
    pub fn new(sample_bytes: usize) -> Identifier {
        let lingua = load_lingua();
        let sample_bytes = sample_bytes.max(4);
        Identifier {
            lingua,
            rule: LetterRule::new(),
            sample_bytes,
            lingua_bytes: DEFAULT_LINGUA_BYTES.min(sample_bytes),
            whatlang_trust: WHATLANG_TRUST,
            whatlang_min_letters: WHATLANG_MIN_LETTERS,
            use_whatlang: true,
            use_lingua: true,
            whatlang_outside_lingua: WHATLANG_OUTSIDE_LINGUA,
        }
    }

    /// The same identifier with lingua reading `bytes` of the sample instead.
    #[must_use]
    pub fn with_lingua_bytes(mut self, bytes: usize) -> Identifier {
        self.lingua_bytes = bytes.clamp(4, self.sample_bytes);
        self
    }

    /// The same identifier trusting whatlang alone from `confidence` on texts of `letters`
    /// letters or more (defaults [`WHATLANG_TRUST`], [`WHATLANG_MIN_LETTERS`]).
    #[must_use]
    pub fn with_whatlang_trust(mut self, confidence: f64, letters: u32) -> Identifier {
        self.whatlang_trust = confidence;
        self.whatlang_min_letters = letters;
        self
    }

    /// The same identifier letting whatlang's answer stand from `confidence` when lingua has
    /// no model for it (default [`WHATLANG_OUTSIDE_LINGUA`]); for `bench/multilingual.sh`.
    #[must_use]
    pub fn with_whatlang_outside_lingua(mut self, confidence: f64) -> Identifier {
        self.whatlang_outside_lingua = confidence;
        self
    }

    /// The same identifier with either model pass switched off, for measuring each alone
    /// (`bench/lang-eval.sh`). With both off only the script and the letter rule remain.
    #[must_use]
    pub fn with_passes(mut self, use_whatlang: bool, use_lingua: bool) -> Identifier {
        self.use_whatlang = use_whatlang;
        self.use_lingua = use_lingua;
        self
    }

    /// Identifies the language of `text` from its first `sample_bytes` bytes.
    pub fn identify(&self, text: &str) -> Identification {
        let sample = prefix(text, self.sample_bytes);
        let counts = ScriptCounts::of(sample);
        let letters = counts.total_letters();
        let script = counts.main_script();
        let mut id = Identification {
            lang: None,
            score: 0.0,
            model_score: 0.0,
            script,
            letter_ratio: counts.letter_ratio(),
            arabic_script_ratio: counts.script_ratio(Script::Arab),
            script_ratio: script.map_or(0.0, |s| counts.script_ratio(s)),
            letters,
            method: Method::None,
        };
        let Some(script) = script else {
            return id;
        };
        let (lang, conf, method) = match script {
            Script::Arab => self.identify_arabic_script(sample, &counts),
            _ => self.identify_other(sample, letters, script),
        };
        if let Some(lang) = lang {
            id.lang = Some(lang);
            id.model_score = clamp01(conf);
            id.method = method;
            let letter_factor = clamp01(id.letter_ratio / LETTER_RATIO_FULL);
            id.score = clamp01(id.model_score * letter_factor * id.script_ratio);
        }
        id
    }

    fn identify_arabic_script(
        &self,
        sample: &str,
        counts: &ScriptCounts,
    ) -> (Option<&'static str>, f64, Method) {
        let arabic_letters = counts.letters_of(Script::Arab);
        let allowed = match self.rule.judge(sample, arabic_letters) {
            LetterVerdict::Decided(code, density) => {
                // Half confidence at the threshold density, full at five times it (1% -> 5%).
                let conf = 0.5 + 0.5 * clamp01((density - 0.01) / 0.04);
                return (Some(code), conf, Method::Letters);
            }
            LetterVerdict::Among(allowed) => allowed,
        };
        if let Some((lang, conf)) = self.whatlang_pass(sample, counts.total_letters(), &mut None)
            && allowed.contains(&lang)
        {
            return (Some(lang), conf, Method::Whatlang);
        }
        if self.use_lingua
            && let Some((lang, conf)) = self.lingua_among(sample, allowed)
        {
            return (Some(lang), conf, Method::Lingua);
        }
        // Models off or silent: the letters still narrow it down; Arabic is the default of the
        // script when nothing else is known.
        let lang = if allowed.len() == 1 {
            allowed[0]
        } else {
            ARABIC_SCRIPT_MODEL_LANGS[0]
        };
        (Some(lang), 1.0 / allowed.len() as f64, Method::Letters)
    }

    fn identify_other(
        &self,
        sample: &str,
        letters: u32,
        script: Script,
    ) -> (Option<&'static str>, f64, Method) {
        // whatlang runs at most once: its answer is taken first when trusted, else last.
        let mut detected = None;
        if let Some((lang, conf)) = self.whatlang_pass(sample, letters, &mut detected)
            && !iso::passes_for_lingua_language(lang)
            && !iso::has_letters_it_lacks(lang, sample)
        {
            return (Some(lang), conf, Method::Whatlang);
        }
        let lingua_knows_script = matches!(script, Script::Latn | Script::Cyrl);
        if self.use_whatlang && detected.is_none() {
            detected = Some(whatlang::detect(sample));
        }
        let whatlang_answer = detected
            .flatten()
            .and_then(|info| Some((iso::from_whatlang(info.lang())?, info.confidence())));
        if self.use_lingua && lingua_knows_script {
            // A language lingua has no model for, named by whatlang with some confidence,
            // stands: lingua could only answer with a language of its own.
            if let Some((lang, conf)) = whatlang_answer
                && !iso::lingua_knows(lang)
                && conf >= self.whatlang_outside_lingua
                && !iso::has_letters_it_lacks(lang, sample)
            {
                return (Some(lang), conf, Method::Whatlang);
            }
            if let Some((lang, conf)) = self.lingua_among(sample, &[]) {
                return (Some(lang), conf, Method::Lingua);
            }
        }
        // lingua has no model for this script (or is off): take whatlang's answer however unsure.
        if let Some((lang, conf)) = whatlang_answer {
            return (Some(lang), conf, Method::Whatlang);
        }
        (None, 0.0, Method::None)
    }

    /// whatlang's answer when it is confident and the text is long enough to trust it. When
    /// whatlang ran, its detection is left in `detected` for a caller that falls back on it.
    fn whatlang_pass(
        &self,
        sample: &str,
        letters: u32,
        detected: &mut Option<Option<whatlang::Info>>,
    ) -> Option<(&'static str, f64)> {
        if !self.use_whatlang {
            return None;
        }
        let trust_needs_letters = if self.use_lingua {
            self.whatlang_min_letters
        } else {
            0
        };
        if letters < trust_needs_letters {
            return None;
        }
        let info = detected.insert(whatlang::detect(sample)).as_ref()?;
        let trust = if self.use_lingua {
            self.whatlang_trust
        } else {
            0.0
        };
        if info.confidence() < trust {
            return None;
        }
        Some((iso::from_whatlang(info.lang())?, info.confidence()))
    }

    /// lingua's best language among `allowed` (all of its languages when empty), with its
    /// confidence renormalised over the allowed ones.
    fn lingua_among(&self, sample: &str, allowed: &[&str]) -> Option<(&'static str, f64)> {
        let values = self
            .lingua
            .compute_language_confidence_values(prefix(sample, self.lingua_bytes));
        let mut total = 0.0;
        let mut best: Option<(&'static str, f64)> = None;
        for (language, value) in values {
            let code = iso::from_lingua(language);
            if !allowed.is_empty() && !allowed.contains(&code) {
                continue;
            }
            total += value;
            if value > 0.0 && best.is_none_or(|(_, b)| value > b) {
                best = Some((code, value));
            }
        }
        let (code, value) = best?;
        Some((code, if total > 0.0 { value / total } else { 0.0 }))
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn clamp01(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static ID: LazyLock<Identifier> = LazyLock::new(|| Identifier::new(DEFAULT_SAMPLE_BYTES));

    fn lang_of(text: &str) -> Option<&'static str> {
        ID.identify(text).lang
    }

    #[test]
    fn matching_text_would_hide_a_letter_the_rule_needs() {
        // Why identification reads the stored text: matching keeps Persian ی apart from
        // Arabic ي, but folds ة to ه, and ه is the letter that rules out Urdu.
        let m = ghirbal_core::text::matching("ی ي ة ى");
        assert_eq!(m, "ی ي ه ي");
        assert_eq!(lang_of("المدينة"), Some("ar"));
    }

    #[test]
    fn prefix_never_cuts_a_character() {
        assert_eq!(prefix("عربي", 3), "ع");
        assert_eq!(prefix("abc", 10), "abc");
        assert_eq!(prefix("", 0), "");
    }

    #[test]
    fn standard_arabic_news_is_ar() {
        let id = ID.identify(
            "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض، وقالت إن المستشفى \
             سيخدم أكثر من مليون مواطن في المنطقة الشرقية.",
        );
        assert_eq!(id.lang, Some("ar"));
        assert_eq!(id.script, Some(Script::Arab));
        assert!(id.score > 0.8, "{id:?}");
    }

    #[test]
    fn egyptian_arabic_is_ar() {
        assert_eq!(
            lang_of("انا مش عارف هو عايز ايه بالظبط، بس هو قالي انه هييجي بكرة الصبح"),
            Some("ar")
        );
    }

    #[test]
    fn gulf_arabic_is_ar() {
        assert_eq!(
            lang_of("شلونك يا خوي؟ وش تبي نسوي اليوم؟ ترى الجو واجد حار برا"),
            Some("ar")
        );
    }

    #[test]
    fn maghrebi_arabic_is_ar() {
        assert_eq!(
            lang_of("واش نتا بخير؟ بغيت نمشي للسوق دابا ولكن ما عنديش الفلوس"),
            Some("ar")
        );
    }

    #[test]
    fn persian_is_fa() {
        assert_eq!(
            lang_of("امروز هوا خیلی خوب است و ما می‌خواهیم به پارک برویم تا کمی قدم بزنیم."),
            Some("fa")
        );
    }

    #[test]
    fn urdu_is_ur() {
        assert_eq!(
            lang_of("پاکستان کے وزیر اعظم نے آج ایک اہم اجلاس کی صدارت کی۔"),
            Some("ur")
        );
    }

    #[test]
    fn pashto_is_ps_and_sorani_is_ckb() {
        assert_eq!(
            lang_of("افغانستان کې د سولې خبرې اترې بیا پیل شوې دي"),
            Some("ps")
        );
        assert_eq!(
            lang_of("حکوومەتی هەرێمی کوردستان ئەمڕۆ کۆبوونەوەیەکی ئەنجامدا"),
            Some("ckb")
        );
    }

    #[test]
    fn european_languages_are_named() {
        assert_eq!(
            lang_of("The government announced a new plan to build schools."),
            Some("en")
        );
        assert_eq!(
            lang_of("Le gouvernement a annoncé un nouveau plan pour les écoles."),
            Some("fr")
        );
        assert_eq!(
            lang_of("Die Regierung hat einen neuen Plan für Schulen angekündigt."),
            Some("de")
        );
        assert_eq!(
            lang_of("Правительство объявило о новом плане строительства школ."),
            Some("ru")
        );
    }

    #[test]
    fn languages_whatlang_lacks_are_named_on_long_text_too() {
        // News paragraphs written for this test, each over 200 letters, where whatlang alone
        // would decide and was sure of another language: Kazakh read as Belarusian, Yoruba
        // as Vietnamese, Maori as Latvian, Albanian as French. (Irish is not here: on a paragraph written for this
        // test whatlang is sure of Portuguese, which lingua is then not asked about.)
        let cases = [
            (
                "kk",
                "Қазақстан Республикасының Президенті бүгін Астанада өткен жиында елдің \
                 экономикалық дамуы туралы баяндама жасады. Ол жаңа зауыттар салынып, ауыл \
                 шаруашылығына көбірек қаржы бөлінетінін айтты. Сондай-ақ білім беру мен \
                 денсаулық сақтау салаларындағы реформалар жалғасатыны хабарланды.",
            ),
            (
                "yo",
                "Ìjọba ìpínlẹ̀ Èkó ti kéde pé àwọn ilé-ìwé yóò ṣí sílẹ̀ ní ọ̀sẹ̀ tó ń bọ̀. \
                 Gómìnà sọ pé àwọn olùkọ́ àti àwọn akẹ́kọ̀ọ́ gbọ́dọ̀ tẹ̀lé àwọn òfin ìlera. \
                 Ọ̀pọ̀lọpọ̀ òbí ló sọ pé ìpinnu yìí dára fún àwọn ọmọ wọn, ṣùgbọ́n àwọn \
                 kan ṣì ń bẹ̀rù. Àwọn olùkọ́ yóò gba owó oṣù wọn ní àkókò, gẹ́gẹ́ bí ìjọba ti \
                 ṣèlérí fún wọn ní ìpàdé àná.",
            ),
            (
                "mi",
                "I tēnei rā, i kī te Pirimia ka hangaia he kura hou ki Tāmaki Makaurau. Ka \
                 whai wāhi ngā tamariki katoa ki te ako i te reo Māori i ēnei kura. E ai ki te \
                 minita mātauranga, he mea nui kia kōrero ngā tamariki i tō rātou reo ake, ā, \
                 ka tīmata ngā mahi i te tau e heke mai nei.",
            ),
            (
                "sq",
                "Qeveria shqiptare njoftoi sot se do të ndërtohen shkolla të reja në Tiranë dhe \
                 në qytetet e tjera të vendit. Ministri i Arsimit tha se nxënësit do të kenë \
                 klasa më të mëdha dhe laboratorë modernë. Punimet do të fillojnë në pranverë \
                 dhe pritet të përfundojnë brenda dy vitesh, sipas një deklarate të qeverisë.",
            ),
            (
                "xh",
                "Urhulumente uthe uza kwakha izikolo ezintsha kwiphondo leMpuma Koloni kulo \
                 nyaka uzayo. Abantwana bonke baza kufumana ithuba lokufunda ngolwimi lwabo. \
                 Umphathiswa wemfundo uthe le nkqubo iza kunceda abantu abaninzi \
                 ezilalini nasezidolophini.",
            ),
        ];
        for (code, text) in cases {
            let id = ID.identify(text);
            assert!(id.letters >= WHATLANG_MIN_LETTERS, "{code}: {id:?}");
            assert_eq!(id.lang, Some(code), "{code}: {id:?}");
        }
    }

    #[test]
    fn text_without_letters_has_no_language_and_zero_score() {
        for text in ["", "   ", "123 456 ٣٤٥", "😀😀😀 🎉", "!!! ... ---"] {
            let id = ID.identify(text);
            assert_eq!(id.lang, None, "{text:?}");
            assert_eq!(id.score, 0.0);
            assert_eq!(id.method, Method::None);
        }
    }

    #[test]
    fn digit_heavy_arabic_noise_scores_low() {
        let id = ID.identify("12 34 56 78 90 11 22 33 44 55 66 77 88 99 00 أخبار");
        assert!(id.score < 0.5, "{id:?}");
    }

    #[test]
    fn five_megabyte_word_is_identified_from_its_sample() {
        let word = "ب".repeat(2_500_000);
        let id = ID.identify(&word);
        assert!(id.letters as usize <= DEFAULT_SAMPLE_BYTES / 2);
        assert!(id.score.is_finite());
    }

    #[test]
    fn mixed_arabic_latin_scores_below_pure_arabic() {
        let pure = ID.identify("قالت الحكومة إن الاقتصاد ينمو بسرعة كبيرة هذا العام");
        let mixed = ID.identify("قالت الحكومة إن the economy is growing very fast this year");
        assert!(mixed.score < pure.score, "{mixed:?} vs {pure:?}");
    }
}
