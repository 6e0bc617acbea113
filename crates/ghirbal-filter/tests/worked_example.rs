//! The golden vector: FineWeb-2's worked arb_Arab example, every intermediate value datatrove
//! 0.10.1 computed for it (`../shared/data/fineweb2/worked_example_arb_Arab.json`).

use std::path::PathBuf;

use ghirbal_core::Config;
use serde_json::Value;

fn example() -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/fineweb2/worked_example_arb_Arab.json");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("the worked example is JSON")),
        Err(_) => {
            println!("skipped: {} is absent", path.display());
            None
        }
    }
}

fn figure(d: &ghirbal_filter::Decision, key: &str) -> f64 {
    d.figures
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no figure {key}"))
}

#[test]
fn datatrove_mode_reproduces_every_figure_of_the_worked_example() {
    let Some(ex) = example() else { return };
    let text = ex["text"].as_str().unwrap();
    let want_words: Vec<&str> = ex["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(ghirbal_filter::datatrove_words(text), want_words);

    let filter = ghirbal_filter::build(&Config::preset("datatrove-compat").unwrap()).unwrap();
    let d = filter.decide(text, None);
    let rep = &ex["gopher_repetition"];
    assert_eq!(
        figure(&d, "filter.gopher_repetition.dup_line_frac"),
        rep["dup_line_frac"].as_f64().unwrap()
    );
    for n in 2..=4 {
        let want = rep["top_n_gram_char_frac"][n.to_string()].as_f64().unwrap();
        assert_eq!(
            figure(&d, &format!("filter.gopher_repetition.top_{n}_gram")),
            want,
            "top {n}"
        );
    }
    for n in 5..=10 {
        let want = rep["dup_n_gram_char_frac"][n.to_string()].as_f64().unwrap();
        assert_eq!(
            figure(&d, &format!("filter.gopher_repetition.dup_{n}_grams")),
            want,
            "dup {n}"
        );
    }
    let fw = &ex["fineweb"];
    assert_eq!(
        figure(&d, "filter.fineweb_quality.lines"),
        fw["nonempty_lines"].as_f64().unwrap()
    );
    for key in ["line_punct_ratio", "char_dup_ratio"] {
        assert_eq!(
            figure(&d, &format!("filter.fineweb_quality.{key}")),
            fw[key].as_f64().unwrap(),
            "{key}"
        );
    }
    assert_eq!(
        figure(&d, "filter.fineweb_quality.list_ratio"),
        fw["new_line_ratio"].as_f64().unwrap()
    );
    assert_eq!(
        figure(&d, "filter.gopher_quality.words"),
        ex["n_words"].as_f64().unwrap()
    );
    assert_eq!(
        figure(&d, "filter.gopher_quality.non_symbol_words"),
        ex["non_symbol_words_count"].as_f64().unwrap()
    );
    assert_eq!(
        figure(&d, "filter.gopher_quality.avg_word_length"),
        ex["avg_non_symbol_word_length"].as_f64().unwrap()
    );
    assert_eq!(
        figure(&d, "filter.gopher_quality.alpha_words_ratio"),
        ex["alpha_words_ratio"].as_f64().unwrap()
    );
    assert_eq!(
        figure(&d, "filter.gopher_quality.stop_words"),
        ex["stop_words_found"].as_array().unwrap().len() as f64
    );
    // datatrove: GopherRepetition says duplicated_10_n_grams, and it runs first.
    let reject = d.reject.expect("the example is dropped");
    assert_eq!(
        reject.reason.as_str(),
        "filter:gopher_repetition:dup_10_grams"
    );
    assert_eq!(reject.detail["threshold"], 0.109);
}
