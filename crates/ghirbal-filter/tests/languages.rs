//! Every language judged by its own rules (issue #18): news paragraphs written for these tests
//! in nine languages are kept by the default preset with their FineWeb-2 thresholds, a language
//! without thresholds meets the language-independent rules only, and none falls back to English.

use ghirbal_core::{Config, Record, RecordStage, Verdict};
use ghirbal_filter::Filter;

const SPANISH: &str = "El Ayuntamiento de Valencia aprobó este martes un plan para renovar la red de autobuses urbanos antes de que termine el próximo año. Según la concejala de Movilidad, la ciudad incorporará cien vehículos eléctricos y ampliará el horario nocturno en las líneas que conectan los barrios del sur con el centro. Las asociaciones de vecinos celebraron la medida, aunque pidieron que las obras en las paradas no coincidan con las fiestas de marzo. El presupuesto total del proyecto supera los cuarenta millones de euros y una parte llegará de los fondos europeos.";

const PORTUGUESE: &str = "O governo do estado anunciou nesta segunda-feira a construção de três novos hospitais no interior, com investimento previsto de quinhentos milhões de reais. Segundo o secretário de Saúde, as obras devem começar no segundo semestre e os primeiros atendimentos estão marcados para o fim do próximo ano. Os prefeitos da região afirmaram que a medida vai reduzir as longas viagens que os pacientes fazem até a capital para receber tratamento. A oposição, por sua vez, cobrou mais transparência sobre os contratos e sobre a contratação de médicos para as novas unidades.";

const RUSSIAN: &str = "Городские власти Казани объявили о начале строительства новой линии метро, которая соединит центр города с аэропортом. По словам мэра, работы начнутся весной и продлятся около пяти лет, а стоимость проекта составит более ста миллиардов рублей. Жители отдалённых районов давно ждали этого решения, поскольку дорога до центра в часы пик занимает у них больше часа. Эксперты отмечают, что новая линия также поможет разгрузить автомобильные дороги и сократить выбросы в атмосферу. Первые станции планируется открыть уже через три года.";

const TURKISH: &str = "İstanbul Büyükşehir Belediyesi, kentteki toplu taşıma ağını genişletmek için yeni bir proje başlattığını açıkladı. Belediye başkanının verdiği bilgiye göre, önümüzdeki iki yıl içinde üç yeni metro hattı hizmete girecek ve otobüs filosuna yüz elli elektrikli araç eklenecek. Proje kapsamında ayrıca bisiklet yolları uzatılacak ve deniz ulaşımında sefer sayısı artırılacak. Vatandaşlar ise özellikle sabah saatlerinde yaşanan yoğunluğun bu adımlarla azalmasını umuyor. Uzmanlar, yatırımın kentin trafik sorununa kalıcı bir çözüm olabilmesi için planlı bir şekilde sürdürülmesi gerektiğini vurguluyor.";

const HINDI: &str = "राज्य सरकार ने मंगलवार को घोषणा की कि अगले साल तक सभी गांवों में पीने के साफ पानी की सुविधा पहुंचाई जाएगी। मुख्यमंत्री ने कहा कि इस योजना पर करीब दो हजार करोड़ रुपये खर्च होंगे और इसका काम अगले महीने से शुरू हो जाएगा। अधिकारियों के अनुसार पहले चरण में उन जिलों को चुना गया है जहां गर्मियों में पानी की सबसे ज्यादा कमी रहती है। ग्रामीणों ने इस फैसले का स्वागत किया है, लेकिन उन्होंने यह भी कहा कि पिछली योजनाएं समय पर पूरी नहीं हो पाई थीं।";

const CHINESE: &str = "市政府周二宣布，将在未来两年内投资五十亿元，用于改造城市老旧小区的供水和供暖系统。据有关负责人介绍，第一批改造工程将于今年春天开工，覆盖全市三百多个小区，预计惠及二十多万户居民。许多居民表示，冬天家里的暖气常常不够热，希望这次改造能够彻底解决问题。专家认为，这项工程不仅能够改善居民的生活条件，也有助于降低能源消耗和减少污染。市政府还表示，将在施工期间加强管理，尽量减少对居民日常生活的影响。";

const JAPANESE: &str = "東京都は火曜日、来年度から都内の公立小学校すべてに新しい給食センターを整備する計画を発表した。担当者によると、事業費はおよそ三百億円で、地元の農家から野菜を直接仕入れる仕組みも導入するという。保護者の間では、子どもたちに安全で温かい食事を届けられるとして歓迎する声が上がっている。一方で、建設予定地の周辺住民からは、交通量の増加を心配する意見も出ている。都は今後、住民説明会を開いて理解を求める方針だ。";

const THAI: &str = "กระทรวงสาธารณสุขประกาศเมื่อวันอังคารว่าจะสร้างโรงพยาบาลแห่งใหม่ในจังหวัดทางภาคเหนือ เพื่อให้ประชาชนในพื้นที่ห่างไกลสามารถเข้าถึงการรักษาได้สะดวกมากขึ้น ปลัดกระทรวงกล่าวว่าโครงการนี้จะใช้งบประมาณประมาณสองพันล้านบาท และคาดว่าจะเปิดให้บริการได้ภายในสามปี ชาวบ้านหลายคนบอกว่าที่ผ่านมาต้องเดินทางไกลหลายชั่วโมงเพื่อไปพบแพทย์ในตัวเมือง ผู้เชี่ยวชาญเห็นว่าการลงทุนครั้งนี้จะช่วยลดภาระของโรงพยาบาลใหญ่และทำให้การดูแลผู้ป่วยมีคุณภาพดีขึ้น";

const SWAHILI: &str = "Serikali ya Tanzania imetangaza mpango mpya wa kujenga barabara za lami katika mikoa ya kusini ili kurahisisha usafiri wa wakulima na wafanyabiashara. Waziri wa Ujenzi amesema kuwa mradi huo utagharimu zaidi ya shilingi bilioni mia tatu na unatarajiwa kukamilika ndani ya miaka mitatu. Wakazi wa maeneo hayo wamesema kuwa wakati wa mvua barabara nyingi hazipitiki, na hivyo mazao yao huharibika kabla ya kufika sokoni. Wataalamu wanasema kuwa barabara bora zitasaidia kuongeza kipato cha familia na kukuza uchumi wa eneo zima.";

/// (record lang, record script, text, the FineWeb-2 pair whose rules must judge it)
const PARAGRAPHS: [(&str, &str, &str, &str); 9] = [
    ("es", "Latn", SPANISH, "spa_Latn"),
    ("pt", "Latn", PORTUGUESE, "por_Latn"),
    ("ru", "Cyrl", RUSSIAN, "rus_Cyrl"),
    ("tr", "Latn", TURKISH, "tur_Latn"),
    ("hi", "Deva", HINDI, "hin_Deva"),
    ("zh", "Hani", CHINESE, "cmn_Hani"),
    ("ja", "Jpan", JAPANESE, "jpn_Jpan"),
    ("th", "Thai", THAI, "tha_Thai"),
    ("sw", "Latn", SWAHILI, "swh_Latn"),
];

fn filter(preset: &str) -> Filter {
    ghirbal_filter::build(&Config::preset(preset).expect("preset loads")).expect("filter builds")
}

fn record(lang: &str, script: &str, text: &str) -> Record {
    let mut rec = Record::new("1", text);
    rec.lang = Some(lang.to_owned());
    rec.script = Some(script.to_owned());
    rec
}

#[test]
fn news_paragraphs_in_nine_languages_are_kept_by_their_own_rules() {
    let f = filter("arabic-news");
    for (lang, script, text, pair) in PARAGRAPHS {
        let d = f.decide_in(text, Some(lang), Some(script));
        assert_eq!(d.rules, format!("fineweb2:{pair}"), "{lang}");
        assert_eq!(
            d.reject, None,
            "{lang} rejected: {:?}\n{:?}",
            d.reject, d.figures
        );
        let mut rec = record(lang, script, text);
        assert_eq!(f.apply(&mut rec), Verdict::Keep, "{lang}");
        assert_eq!(rec.signal("filter.own_rules"), Some(1.0), "{lang}");
    }
}

#[test]
fn own_stop_words_are_found_in_each_paragraph() {
    // Two or more of the language's own stop words: the check that English rules failed.
    let f = filter("arabic-news");
    for (lang, script, text, _) in PARAGRAPHS {
        let d = f.decide_in(text, Some(lang), Some(script));
        let stop = d
            .figures
            .iter()
            .find(|(k, _)| k == "filter.gopher_quality.stop_words")
            .map(|(_, v)| *v);
        assert!(stop.is_some_and(|n| n >= 2.0), "{lang}: {stop:?}");
    }
}

#[test]
fn unspaced_scripts_are_counted_in_words_not_in_runs() {
    // Whitespace splitting would make each Chinese, Japanese or Thai sentence one "word" and
    // fail the word-count and word-length checks; the dictionary segmenter gives real words.
    let f = filter("arabic-news");
    for (lang, script, text, _) in &PARAGRAPHS[5..8] {
        let d = f.decide_in(text, Some(lang), Some(script));
        let figure = |name: &str| {
            d.figures
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| *v)
                .unwrap_or(f64::NAN)
        };
        let words = figure("filter.gopher_quality.non_symbol_words");
        let avg = figure("filter.gopher_quality.avg_word_length");
        assert!(words >= 50.0, "{lang}: {words} words");
        assert!((1.0..=5.0).contains(&avg), "{lang}: mean word length {avg}");
    }
}

#[test]
fn spanish_under_english_rules_was_the_bug() {
    // Issue #18: with English thresholds a clean Spanish paragraph failed the stop-word check.
    let d = filter("arabic-news").decide_in(SPANISH, Some("en"), Some("Latn"));
    let reason = d.reject.map(|r| r.reason.as_str().to_owned());
    assert_eq!(reason.as_deref(), Some("filter:gopher_quality:stop_words"));
}

#[test]
fn a_language_without_thresholds_meets_the_language_independent_rules_only() {
    let f = filter("arabic-news");
    // `qaa` is reserved for local use in ISO 639-3: no thresholds file, no FineWeb-2 config.
    let d = f.decide_in(SPANISH, Some("qaa"), Some("Latn"));
    assert_eq!(d.rules, "und");
    assert_eq!(d.reject, None);
    let mut rec = record("qaa", "Latn", SPANISH);
    assert_eq!(f.apply(&mut rec), Verdict::Keep);
    assert_eq!(rec.signal("filter.own_rules"), Some(0.0));
    // A page of repeated lines still goes, and the detail says which rules judged it.
    let junk = "Buy now and save big today\n".repeat(30);
    let mut rec = record("qaa", "Latn", &junk);
    let Verdict::Reject(r) = f.apply(&mut rec) else {
        panic!("a page of one repeated line is kept");
    };
    assert_eq!(r.detail["rules"], "und");
    assert!(
        r.reason.as_str().starts_with("filter:gopher_repetition"),
        "{}",
        r.reason.as_str()
    );
}

#[test]
fn a_script_picks_between_the_pairs_of_one_language() {
    let f = filter("arabic-news");
    let cyrl = f.decide_in("Влада је усвојила нови закон.", Some("sr"), Some("Cyrl"));
    let latn = f.decide_in("Vlada je usvojila novi zakon.", Some("sr"), Some("Latn"));
    assert_eq!(cyrl.rules, "fineweb2:srp_Cyrl");
    assert_eq!(latn.rules, "fineweb2:srp_Latn");
    // Without a script, the pair with the most documents.
    assert_eq!(f.decide("x", Some("sr")).rules, "fineweb2:srp_Cyrl");
    // ISO 639-3 codes find their pair too; Arabic keeps its own file.
    assert_eq!(f.decide("x", Some("spa")).rules, "fineweb2:spa_Latn");
    assert_eq!(f.decide("x", Some("ar")).rules, "ar");
}

#[test]
fn every_preset_judges_an_unknown_language_by_the_language_independent_rules() {
    for preset in ["arabic-news", "datatrove-compat"] {
        assert_eq!(
            filter(preset).decide("x", Some("qaa")).rules,
            "und",
            "{preset}"
        );
    }
}
