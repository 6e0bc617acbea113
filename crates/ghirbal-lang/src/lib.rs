//! Language identification for ghirbal: names the language, score and script of every record,
//! and drops records whose language is not wanted.
//!
//! # Brief overview
//! - [`build`] reads the `[lang]` table ([`LangConfig`]) and returns [`Lang`], a
//!   [`ghirbal_core::RecordStage`] (`StageName::Lang`). `apply` sets `record.lang` (ISO 639-1
//!   where it exists, else 639-3, e.g. `ckb`), `metadata.lang_fineweb2` (FineWeb-2's label,
//!   `spa_Latn`, see [`fineweb2_label`]), `record.lang_score` in `[0, 1]`,
//!   `record.script` (ISO 15924) and the signals `lang.score`, `lang.model_score`,
//!   `lang.letter_ratio`, `lang.arabic_script_ratio`, `lang.script_ratio`; then it rejects with
//!   `lang:undetermined`, `lang:not_kept` or `lang:min_score` when the filter is on.
//! - [`Identifier`] does the work, on the first `sample_bytes` (2 KiB) of the stored text:
//!   1. letters are counted by script ([`Script`]); no letter means no language;
//!   2. Arabic-script text meets a letter rule (data files in `resources/`): Pashto, Sorani
//!      Kurdish and Urdu have letters of their own; Arabic-only and Persian-only letters narrow
//!      the choice between Arabic, Persian and Urdu;
//!   3. whatlang (69 languages, fast) decides alone when it is confident on a text of 200
//!      letters or more, unless its answer may stand for a language only lingua knows
//!      (Indonesian for Malay, Croatian, Serbian or Slovene for Bosnian, Bokmål or Danish for
//!      Nynorsk, Shona for Swahili, Tagalog for Somali, Zulu for Xhosa, Welsh for Irish, any
//!      Cyrillic language for Kazakh or Mongolian) or the text holds a letter the answer's
//!      language does not write (Yoruba's ṣ is no Vietnamese letter, Maori's ō no Latvian one, Albanian's ë no French one);
//!   4. otherwise lingua (43 languages compiled in: ar fa ur en fr de es it pt tr ru, then sw ms
//!      sq is kk mn eu nn bs so ga lg mi st tn ts xh yo, which whatlang lacks, and id hr sr nb
//!      da sl sn tl uk bg be mk zu cy) decides, on the first 1 KiB, among the languages the
//!      letters still allow; for Latin and Cyrillic text a language that lingua has no model
//!      for, named by whatlang, stands.
//!
//!   Together: 90 languages named ([`languages`]: whatlang's 69, lingua's 43, Pashto and
//!   Sorani by their letters).
//! - The score is the deciding model's confidence times the letter share of the visible
//!   characters (full from 50% up) times the main script's share of the letters, so digit
//!   lists and mixed-script text score low.
//!
//! Identification reads the stored text, not [`ghirbal_core::text::matching`]: matching folds
//! ة to ه and ى to ي, and ة is one of the letters that tell Arabic from Persian.
//!
//! # Example
//! ```
//! use ghirbal_core::{Config, Record, RecordStage, Verdict};
//!
//! let config = Config::with_overlay("arabic-news", "[lang]\nkeep = [\"ar\"]\n").unwrap();
//! let stage = ghirbal_lang::build(&config).unwrap();
//! let mut rec = Record::new("1", "قالت الحكومة إن الاقتصاد ينمو بسرعة هذا العام.");
//! assert_eq!(stage.apply(&mut rec), Verdict::Keep);
//! assert_eq!(rec.lang.as_deref(), Some("ar"));
//! assert_eq!(rec.script.as_deref(), Some("Arab"));
//! ```
#![deny(missing_docs)]

mod arabic_script;
mod config;
mod identify;
mod iso;
mod script;
mod stage;

pub use arabic_script::{LetterRule, LetterVerdict};
pub use config::LangConfig;
pub use identify::{
    DEFAULT_LINGUA_BYTES, DEFAULT_SAMPLE_BYTES, Identification, Identifier, LINGUA_LANGUAGES,
    Method, prefix,
};
pub use iso::{fineweb2_code, fineweb2_label, from_whatlang, languages};
pub use script::{Script, ScriptCounts};
pub use stage::{Lang, build};
