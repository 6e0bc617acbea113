#!/usr/bin/env python3
"""The measuring half of bench/multilingual.sh (see its header). Subcommands:

  sentences REPO N OUT.jsonl      N test sentences per language from lingua's repository (a git
                                  directory or a checkout), taken at even steps through each
                                  sorted file, as {"lang", "text"} lines
  docs SENTENCES.jsonl OUT.jsonl  the multilingual text set: every 10 consecutive sentences of a
                                  language joined into one document {"id", "text", "expected_lang"}
  pages DATA OUT.jsonl            the gold-text pages of the extraction sets with the language
                                  their <html lang> declares: {"file", "lang"}
  lid SENTENCES.jsonl PREDICT     per-language accuracy of ghirbal (PREDICT: lang_predict's
                                  output for the same sentences), langid.py and lingua
  keep OUT_DIR KEY [PAGES.jsonl]  keep rate per language of a ghirbal output folder, the language
                                  read from metadata KEY (or, with PAGES, from the input file)
  datatrove DOCS.jsonl CONFIGS OUT_DIR
                                  the same documents through datatrove's FineWeb-2 filter chain
                                  (GopherRepetition, FineWebQuality, GopherQuality with each
                                  language's own config from CONFIGS and datatrove's own word
                                  tokenizer for it), beside ghirbal's verdicts in OUT_DIR
"""
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import time

LANG_RE = re.compile(rb"<html\b[^>]*?\b(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3})(?![A-Za-z])", re.I | re.S)


def read_repo_file(repo, path):
    if os.path.isdir(os.path.join(repo, path.split("/")[0])):
        with open(os.path.join(repo, path), encoding="utf-8") as f:
            return f.read()
    out = subprocess.run(["git", "--git-dir", repo, "show", f"HEAD:{path}"], capture_output=True)
    if out.returncode != 0:
        return None
    return out.stdout.decode("utf-8")


def cmd_sentences(repo, n, out):
    listing = subprocess.run(["git", "--git-dir", repo, "ls-tree", "--name-only", "HEAD", "language-models/"],
                             capture_output=True, text=True)
    if listing.returncode == 0 and listing.stdout.strip():
        codes = [p.split("/")[-1] for p in listing.stdout.split()]
    else:
        codes = sorted(os.listdir(os.path.join(repo, "language-models")))
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        for code in codes:
            text = read_repo_file(repo, f"language-models/{code}/testdata/sentences.txt")
            if not text:
                continue
            lines = spread([l.strip() for l in text.splitlines() if l.strip()], int(n))
            for line in map(render_language_converter, lines):
                f.write(json.dumps({"lang": code, "text": line}, ensure_ascii=False) + "\n")
                written += 1
    print(f"{written} sentences in {len(codes)} languages", file=sys.stderr)


def spread(lines, n):
    """`n` lines taken at even steps through the file, in file order. lingua's sentence files
    are sorted alphabetically, so their first lines all open with digits or Latin words, and the
    near-copies of one site's boilerplate sit next to each other (Urdu: dozens of
    `NET Date: ... Content-Length: ...` lines in a row); joining the first `n` into documents
    made documents of one site's repeated header rather than text."""
    if len(lines) <= n:
        return lines
    return [lines[i * len(lines) // n] for i in range(n)]


# MediaWiki's LanguageConverter markup, `-{text}-` (keep `text` as written, in either script),
# left unrendered in the Serbian test sentences, which come from Wikipedia's source text: a
# page shows `text`, so the bench does too.
LANGUAGE_CONVERTER_RE = re.compile(r"-\{(?:[A-Za-z]{1,3}\|)?([^{}]*)\}-")


def render_language_converter(text):
    return LANGUAGE_CONVERTER_RE.sub(r"\1", text)


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def cmd_docs(sentences, out):
    by_lang = collections.defaultdict(list)
    for s in load_jsonl(sentences):
        by_lang[s["lang"]].append(s["text"])
    with open(out, "w", encoding="utf-8") as f:
        for lang, texts in sorted(by_lang.items()):
            for i in range(0, len(texts) - 9, 10):
                doc = {"id": f"{lang}-{i // 10}", "text": " ".join(texts[i:i + 10]), "expected_lang": lang}
                f.write(json.dumps(doc, ensure_ascii=False) + "\n")


def declared_lang(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    m = LANG_RE.search(data[:200_000])
    return m.group(1).decode().lower() if m else None


def cmd_pages(data, out):
    rows = []
    te = os.path.join(data, "html", "trafilatura-eval")
    if os.path.isdir(te):
        for e in load_jsonl(os.path.join(te, "expected.jsonl")):
            if e.get("with"):
                rows.append(("trafilatura-eval", os.path.join(te, "pages", e["file"])))
    sh = os.path.join(data, "html", "scrapinghub")
    if os.path.isdir(sh):
        truth = json.load(open(os.path.join(sh, "ground-truth.json"), encoding="utf-8"))
        for key, v in truth.items():
            if (v.get("articleBody") or "").strip():
                for ext in (".html.gz", ".html"):
                    p = os.path.join(sh, "html", key + ext)
                    if os.path.exists(p):
                        rows.append(("scrapinghub", p))
                        break
    with open(out, "w", encoding="utf-8") as f:
        for corpus, path in rows:
            lang = declared_lang(path)
            if lang and lang != "en":
                f.write(json.dumps({"corpus": corpus, "file": path, "lang": lang}) + "\n")


def norm(code):
    """One code per language across the tools: Norwegian `no` is Bokmal, `zh-*` is `zh`."""
    if code is None:
        return None
    code = code.lower()
    return {"no": "nb", "iw": "he", "in": "id", "jw": "jv"}.get(code, code.split("-")[0])


def cmd_lid(sentences, predict):
    items = load_jsonl(sentences)
    with open(predict, encoding="utf-8") as f:
        ghirbal = [l.rstrip("\n").split("\t") for l in f]
    assert len(ghirbal) == len(items), (len(ghirbal), len(items))
    import langid
    from lingua import LanguageDetectorBuilder
    texts = [i["text"] for i in items]
    t0 = time.process_time()
    langid_pred = [langid.classify(t)[0] for t in texts]
    t_langid = time.process_time() - t0
    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
    t0 = time.process_time()
    lingua_pred = []
    for t in texts:
        lang = detector.detect_language_of(t)
        lingua_pred.append(lang.iso_code_639_1.name.lower() if lang else None)
    t_lingua = time.process_time() - t0
    langid_langs = {norm(c) for c in langid.langid.identifier.nb_classes}
    from lingua import Language
    lingua_langs = {norm(l.iso_code_639_1.name) for l in Language.all()}
    ghirbal_langs = {norm(l.strip()) for l in os.environ.get("GHIRBAL_LANGS", "").split(",") if l.strip()}
    stats = collections.defaultdict(lambda: [0, 0, 0, 0])  # n, ghirbal, langid, lingua right
    fw2 = collections.defaultdict(collections.Counter)
    for item, g, li, ln in zip(items, ghirbal, langid_pred, lingua_pred):
        exp = norm(item["lang"])
        s = stats[exp]
        s[0] += 1
        s[1] += norm(g[0]) == exp
        s[2] += norm(li) == exp
        s[3] += norm(ln) == exp
        if norm(g[0]) == exp:
            fw2[exp][g[1]] += 1
    print("| lang | FineWeb-2 | n | ghirbal | langid.py | lingua |")
    print("|---|---|---:|---:|---:|---:|")
    sums = collections.Counter()
    for lang in sorted(stats):
        n, g, li, ln = stats[lang]
        label = fw2[lang].most_common(1)[0][0] if fw2[lang] else "-"
        def cell(right, known):
            return f"{100 * right / n:.1f}" + ("" if known else " (n/a)")
        print(f"| {lang} | {label} | {n} | {cell(g, lang in ghirbal_langs or not ghirbal_langs)} | "
              f"{cell(li, lang in langid_langs)} | {cell(ln, lang in lingua_langs)} |")
        in_all = lang in langid_langs and lang in lingua_langs and (lang in ghirbal_langs or not ghirbal_langs)
        if in_all:
            sums["n"] += n
            sums["g"] += g
            sums["li"] += li
            sums["ln"] += ln
            sums["langs"] += 1
        if n and g / n >= 0.9:
            sums["g90"] += 1
        if n and li / n >= 0.9:
            sums["li90"] += 1
        if n and ln / n >= 0.9:
            sums["ln90"] += 1
    print()
    print(f"Languages in the test set: {len(stats)}; named by ghirbal: {len(ghirbal_langs & set(stats))}, "
          f"langid.py: {len(langid_langs & set(stats))}, lingua: {len(lingua_langs & set(stats))}.")
    print(f"Languages at >= 90% accuracy: ghirbal {sums['g90']}, langid.py {sums['li90']}, lingua {sums['ln90']}.")
    if sums["n"]:
        print(f"On the {sums['langs']} languages all three name ({sums['n']} sentences): ghirbal "
              f"{100 * sums['g'] / sums['n']:.1f}%, langid.py {100 * sums['li'] / sums['n']:.1f}%, "
              f"lingua {100 * sums['ln'] / sums['n']:.1f}%.")
    cpu = os.environ.get("GHIRBAL_CPU")
    if cpu:
        g = float(cpu)
        print(f"CPU seconds for the {len(texts)} sentences: ghirbal {g:.2f} (process, models loaded included), "
              f"langid.py {t_langid:.2f}, lingua {t_lingua:.2f} (models preloaded, not counted); "
              f"langid.py / ghirbal {t_langid / g:.1f}x, lingua / ghirbal {t_lingua / g:.1f}x.")


def read_output(out_dir):
    import zstandard
    for sub in ("kept", "rejects"):
        folder = os.path.join(out_dir, sub)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if not name.endswith(".jsonl.zst"):
                continue
            with open(os.path.join(folder, name), "rb") as f:
                data = zstandard.ZstdDecompressor().stream_reader(f).read()
            for line in data.decode("utf-8").splitlines():
                if line.strip():
                    yield sub, json.loads(line)


def cmd_keep(out_dir, key, pages=None):
    by_file = {}
    if pages:
        for p in load_jsonl(pages):
            by_file[os.path.basename(p["file"])] = p
    counts = collections.defaultdict(collections.Counter)
    for sub, rec in read_output(out_dir):
        meta = rec.get("metadata") or {}
        if pages:
            p = by_file.get(os.path.basename(meta.get("input_file", rec.get("id", ""))))
            if p is None:
                continue
            lang = p["lang"]
        else:
            lang = meta.get(key)
        c = counts[lang]
        c["n"] += 1
        if sub == "kept":
            c["kept"] += 1
            c["as_" + str(rec.get("lang"))] += 0
        else:
            c[rec.get("reason", "?")] += 1
        c["lang_ok"] += norm(rec.get("lang")) == norm(lang)
    print("| lang | docs | kept | keep rate | identified as itself | main reject reasons |")
    print("|---|---:|---:|---:|---:|---|")
    ok = big = 0
    for lang in sorted(counts, key=lambda l: (-counts[l]["n"], str(l))):
        c = counts[lang]
        reasons = [(r, n) for r, n in c.items() if ":" in r]
        reasons.sort(key=lambda x: -x[1])
        rate = c["kept"] / c["n"]
        if c["n"] >= 10:
            big += 1
            ok += rate >= 0.9
        print(f"| {lang} | {c['n']} | {c['kept']} | {100 * rate:.1f}% | {100 * c['lang_ok'] / c['n']:.1f}% | "
              + ", ".join(f"{r} {n}" for r, n in reasons[:3]) + " |")
    print()
    print(f"Languages with >= 10 documents: {big}; kept at >= 90%: {ok}.")


def fineweb2_codes():
    """ISO 639-1 code -> FineWeb-2 code (`tel_Telu`), from datatrove's tokenizer assignments: the
    row that is the default script and default language for that two-letter code."""
    import csv
    import datatrove
    path = os.path.join(os.path.dirname(datatrove.__file__), "assets", "tokenizer_assignment.csv")
    codes = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            one = row["code_1"]
            if not one:
                continue
            best = row["default_code_1"] == "TRUE" and row["default_script"] == "TRUE"
            if best or one not in codes:
                codes[one] = (best, f"{row['code_3']}_{row['script']}")
            elif best and not codes[one][0]:
                codes[one] = (best, f"{row['code_3']}_{row['script']}")
    return {one: code for one, (_, code) in codes.items()}


def fineweb2_chain(code, configs):
    """datatrove's FineWeb-2 filters for one language, with the settings FineWeb-2's pipeline
    script fixes (../shared/data/fineweb2/README.md), or None without a config for it."""
    import yaml
    from datatrove.pipeline.filters import FineWebQualityFilter, GopherQualityFilter, GopherRepetitionFilter
    path = os.path.join(configs, f"{code}.yml")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    return [
        GopherRepetitionFilter(language=code, dup_para_frac=0, dup_para_char_frac=0, dup_line_char_frac=0,
                               dup_line_frac=cfg["dup_line_frac"], top_n_grams=cfg["top_n_grams"],
                               dup_n_grams=cfg["dup_n_grams"]),
        FineWebQualityFilter(language=code, short_line_thr=999, char_duplicates_ratio=0.1,
                             line_punct_thr=cfg["line_punct_thr"], new_line_ratio=cfg["new_line_ratio"]),
        GopherQualityFilter(language=code, max_avg_word_length=cfg["max_avg_word_length"],
                            min_avg_word_length=cfg["min_avg_word_length"], stop_words=cfg["stopwords"],
                            max_non_alpha_words_ratio=cfg["max_non_alpha_words_ratio"], min_stop_words=2),
    ]


def cmd_datatrove(docs, configs, out_dir):
    from datatrove.data import Document
    ghirbal = {rec.get("id"): (sub, rec.get("reason")) for sub, rec in read_output(out_dir)}
    codes = fineweb2_codes()
    by_lang = collections.defaultdict(list)
    for d in load_jsonl(docs):
        by_lang[d["expected_lang"]].append(d)
    print("| lang | FineWeb-2 rules | docs | ghirbal kept | datatrove kept | same verdict | datatrove's reasons |")
    print("|---|---|---:|---:|---:|---:|---|")
    for lang in sorted(by_lang):
        items = by_lang[lang]
        code = codes.get(lang)
        try:
            chain = fineweb2_chain(code, configs) if code else None
            if chain is None:
                raise LookupError("no FineWeb-2 config")
            verdicts = []
            for d in items:
                doc = Document(text=d["text"], id=d["id"], metadata={})
                verdict = None
                for f in chain:
                    r = f.filter(doc)
                    if r is not True:
                        verdict = r[1] if isinstance(r, tuple) else str(r)
                        break
                verdicts.append(verdict)
        except Exception as e:  # a tokenizer that needs a model download (stanza) or a package
            reason = str(e).splitlines()[0][:60] if str(e) else type(e).__name__
            kept_g = sum(ghirbal.get(d["id"], ("?",))[0] == "kept" for d in items)
            print(f"| {lang} | {code or '-'} | {len(items)} | {100 * kept_g / len(items):.1f}% | (n/a: {reason}) | | |")
            continue
        kept_g = [ghirbal.get(d["id"], ("?",))[0] == "kept" for d in items]
        kept_d = [v is None for v in verdicts]
        same = sum(a == b for a, b in zip(kept_g, kept_d))
        reasons = collections.Counter(v for v in verdicts if v)
        n = len(items)
        print(f"| {lang} | {code} | {n} | {100 * sum(kept_g) / n:.1f}% | {100 * sum(kept_d) / n:.1f}% | "
              f"{100 * same / n:.1f}% | " + ", ".join(f"{r} {k}" for r, k in reasons.most_common(2)) + " |")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"sentences": cmd_sentences, "docs": cmd_docs, "pages": cmd_pages, "lid": cmd_lid, "keep": cmd_keep,
     "datatrove": cmd_datatrove}[cmd](*args)
