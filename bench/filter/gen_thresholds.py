"""Writes crates/ghirbal-filter/resources/thresholds/<lang>.toml from FineWeb-2's per-language
configs (../shared/data/fineweb2/configs/*.yml) plus the settings the FineWeb-2 pipeline script
fixes. English is datatrove's defaults (the original Gopher / FineWeb values). Run with
bench/.venv/bin/python from the repo root; the output is committed, this script documents it.
"""
import json
import pathlib

import yaml

root = pathlib.Path(__file__).resolve().parents[2]
configs = root.parent / "shared" / "data" / "fineweb2" / "configs"
out_dir = root / "crates" / "ghirbal-filter" / "resources" / "thresholds"

# file name (the record's `lang`) -> (FineWeb-2 config, human name)
LANGS = {
    "ar": ("arb_Arab", "Standard Arabic"),
    "arz": ("arz_Arab", "Egyptian Arabic"),
    "ary": ("ary_Arab", "Moroccan Arabic"),
    "apc": ("apc_Arab", "Levantine Arabic"),
    "acm": ("acm_Arab", "Mesopotamian Arabic"),
    "aeb": ("aeb_Arab", "Tunisian Arabic"),
    "arq": ("arq_Arab", "Algerian Arabic"),
    "ars": ("ars_Arab", "Najdi Arabic"),
    "ayp": ("ayp_Arab", "North Mesopotamian Arabic"),
    "shu": ("shu_Arab", "Chadian Arabic"),
    "fa": ("fas_Arab", "Persian"),
    "ur": ("urd_Arab", "Urdu"),
    "fr": ("fra_Latn", "French"),
    "de": ("deu_Latn", "German"),
}


def q(s):
    return json.dumps(s, ensure_ascii=False)


def write(lang, name, source, rep, fw, gq, c4):
    lines = [
        f"# {name}: quality-filter thresholds. Source: {source}.",
        "# Keys mirror datatrove's parameters; a ratio threshold of 0 switches its check off.",
        f"lang = {q(lang)}",
        f"name = {q(name)}",
        f"source = {q(source)}",
        "",
        "[gopher_repetition]",
    ]
    for k, v in rep.items():
        lines.append(f"{k} = {json.dumps(v)}")
    lines += ["", "[fineweb_quality]"]
    for k, v in fw.items():
        lines.append(f"{k} = {json.dumps(v)}")
    lines += ["", "[gopher_quality]"]
    for k, v in gq.items():
        lines.append(f"{k} = {q(v) if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}")
    lines += ["", "# C4 rules (ghirbal mode only; FineWeb-2 does not run C4).", "[c4]"]
    for k, v in c4.items():
        lines.append(f"{k} = {json.dumps(v)}")
    (out_dir / f"{lang}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# The English-only rules are off: terminal punctuation, javascript, policy, sentence count. So is
# the curly-bracket rule: Arabic papers (Asharq Al-Awsat among them) use { } as quotation marks.
C4_ARABIC = {
    "enabled": True, "terminal_punct": False, "min_num_sentences": 0, "min_words_per_line": 0,
    "max_word_length": 1000, "lorem_ipsum": True, "javascript": False, "curly_bracket": False,
    "policy": False,
}
C4_LATIN = {
    "enabled": True, "terminal_punct": True, "min_num_sentences": 5, "min_words_per_line": 3,
    "max_word_length": 1000, "lorem_ipsum": True, "javascript": True, "curly_bracket": True,
    "policy": True,
}

# ghirbal mode only: the line share weighed by words, and when a line whose last character is
# not punctuation still reads as prose (see `is_prose` in
# crates/ghirbal-filter/src/fineweb_quality.rs). Not FineWeb-2 values.
PROSE = {
    "list_ratio_skips_blank_lines": True, "line_punct_by_words": True,
    "prose_min_sentences": 3, "prose_max_tail": 0.5,
    "prose_min_words": 30, "prose_max_separators": 0.25,
}

out_dir.mkdir(parents=True, exist_ok=True)
for lang, (cfg_name, name) in LANGS.items():
    cfg = yaml.safe_load((configs / f"{cfg_name}.yml").read_text(encoding="utf-8"))
    rep = {
        "dup_line_frac": cfg["dup_line_frac"], "dup_para_frac": 0, "dup_line_char_frac": 0,
        "dup_para_char_frac": 0, "top_n_grams": cfg["top_n_grams"], "dup_n_grams": cfg["dup_n_grams"],
    }
    fw = {
        "line_punct_thr": cfg["line_punct_thr"], "line_punct_exclude_zero": False,
        "short_line_thr": 999, "short_line_length": 30, "char_duplicates_ratio": 0.1,
        "new_line_ratio": cfg["new_line_ratio"], **PROSE,
    }
    gq = {
        "min_doc_words": 50, "max_doc_words": 100000,
        "min_avg_word_length": cfg["min_avg_word_length"], "max_avg_word_length": cfg["max_avg_word_length"],
        "max_symbol_word_ratio": 0.1, "max_bullet_lines_ratio": 0.9, "bullet_sentences_are_prose": True,
        "max_ellipsis_lines_ratio": 0.3, "ellipsis_lines_by_words": True,
        "max_non_alpha_words_ratio": cfg["max_non_alpha_words_ratio"], "min_stop_words": 2, "stop_words_full_at": 50,
        "stop_words": cfg["stopwords"],
    }
    c4 = C4_LATIN if cfg_name.endswith("_Latn") else C4_ARABIC
    write(lang, name, f"FineWeb-2 configs/{cfg_name}.yml + fineweb-2-pipeline.py fixed settings", rep, fw, gq, c4)

# English: datatrove 0.10.1 defaults (Gopher paper table A1; FineWeb's own FineWebQualityFilter defaults).
write(
    "en", "English", "datatrove 0.10.1 filter defaults (Gopher, FineWeb)",
    {"dup_line_frac": 0.3, "dup_para_frac": 0.3, "dup_line_char_frac": 0.2, "dup_para_char_frac": 0.2,
     "top_n_grams": [[2, 0.2], [3, 0.18], [4, 0.16]],
     "dup_n_grams": [[5, 0.15], [6, 0.14], [7, 0.13], [8, 0.12], [9, 0.11], [10, 0.1]]},
    {"line_punct_thr": 0.12, "line_punct_exclude_zero": False, "short_line_thr": 0.67,
     "short_line_length": 30, "char_duplicates_ratio": 0.01, "new_line_ratio": 0.3, **PROSE},
    {"min_doc_words": 50, "max_doc_words": 100000, "min_avg_word_length": 3, "max_avg_word_length": 10,
     "max_symbol_word_ratio": 0.1, "max_bullet_lines_ratio": 0.9, "bullet_sentences_are_prose": True,
     "max_ellipsis_lines_ratio": 0.3, "ellipsis_lines_by_words": True,
     "max_non_alpha_words_ratio": 0.8, "min_stop_words": 2, "stop_words_full_at": 50,
     "stop_words": ["the", "be", "to", "of", "and", "that", "have", "with"]},
    C4_LATIN,
)
