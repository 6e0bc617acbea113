"""What the arabic-news keep rate on SaudiNewsNet would cost: the n-gram repetition thresholds it
would take, calibrated on the other news corpus (ANT) or raised uniformly, and what each choice
does to ANT and to the junk set.

usage: keep_frontier.py WORK_DIR

Reads, for NAME in saudinewsnet, ant, junk: NAME.jsonl, gh-news-NAME.tsv (the preset as shipped)
and gh-news-norep-NAME.tsv (the same preset with `[filter] gopher_repetition = false`). A document
is kept under other n-gram thresholds exactly when the run without the repetition rule keeps it,
its line figure passes (`dup_line_frac`, unchanged) and its n-gram figures (measured in the first
run) pass the new thresholds; the script first checks that this reproduces the shipped decisions.
"""
import json
import os
import sys

work = sys.argv[1]
NGRAMS = ["top_2_gram", "top_3_gram", "top_4_gram"] + [f"dup_{n}_grams" for n in range(5, 11)]


def fineweb2_ar():
    """The n-gram thresholds of resources/thresholds/ar.toml (FineWeb-2 arb_Arab)."""
    import tomllib

    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "../../crates/ghirbal-filter/resources/thresholds/ar.toml")
    with open(path, "rb") as f:
        rep = tomllib.load(f)["gopher_repetition"]
    th = {f"top_{n}_gram": v for n, v in rep["top_n_grams"]}
    th.update({f"dup_{n}_grams": v for n, v in rep["dup_n_grams"]})
    return th, rep["dup_line_frac"]


def load(name):
    blank = set()
    with open(os.path.join(work, f"{name}.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if not (d.get("text") or "").strip():
                blank.add(d["id"])
    rows = {}
    with open(os.path.join(work, f"gh-news-{name}.tsv"), encoding="utf-8") as f:
        for line in f:
            i, keep, reason, figures = line.rstrip("\n").split("\t")
            rows[i] = [keep == "1", json.loads(figures)]
    with open(os.path.join(work, f"gh-news-norep-{name}.tsv"), encoding="utf-8") as f:
        for line in f:
            i, keep, _, figures = line.rstrip("\n").split("\t")
            rows[i].append(keep == "1")
            rows[i].append(json.loads(figures).get("gopher_quality.non_symbol_words", 0))
    return {i: r for i, r in rows.items() if i not in blank}


def kept(row, th, line_th):
    _, figs, other_ok, _ = row
    if not other_ok or figs.get("gopher_repetition.dup_line_frac", 0) > line_th:
        return False
    return all(figs.get("gopher_repetition." + k, 0) <= v for k, v in th.items())


th0, line_th = fineweb2_ar()
corpora = {n: load(n) for n in ("saudinewsnet", "ant", "junk")}
for name, rows in corpora.items():
    differ = sum(kept(r, th0, line_th) != r[0] for r in rows.values())
    assert differ == 0, f"{name}: {differ} documents not reproduced from the two runs"
print("reproduces the shipped decisions on all three sets from the two runs: yes")


def rates(th):
    out = []
    for name in ("saudinewsnet", "ant"):
        rows = corpora[name].values()
        long = [r for r in rows if r[3] >= 20]
        k_long = sum(kept(r, th, line_th) for r in long)
        k_all = sum(kept(r, th, line_th) for r in rows)
        out.append((k_long, len(long), k_all, len(rows)))
    junk = list(corpora["junk"].values())
    dropped = sum(not kept(r, th, line_th) for r in junk)
    return out, (dropped, len(junk))


def show(label, th):
    (s, a), (jd, jn) = rates(th)
    print(f"| {label} | {100 * s[0] / s[1]:.2f} % ({s[1] - s[0]} dropped) | {100 * s[2] / s[3]:.2f} % "
          f"| {100 * a[0] / a[1]:.2f} % | {100 * jd / jn:.2f} % |")
    return s[0] / s[1]


head = ("| n-gram thresholds | SaudiNewsNet kept, 20+ words | SaudiNewsNet kept, non-blank "
        "| ANT kept, 20+ words | junk dropped |\n|---|---|---|---|---|")
print("\nCalibrated on ANT (held out from SaudiNewsNet): each threshold raised to the q-quantile of")
print("that figure over ANT's texts of 20+ words, never lowered below FineWeb-2's value.\n")
print(head)
show("FineWeb-2 arb_Arab (shipped)", th0)
ant_long = [r for r in corpora["ant"].values() if r[3] >= 20]
for q in (0.99, 0.995, 0.999, 1.0):
    th = {}
    for k, v in th0.items():
        vals = sorted(r[1].get("gopher_repetition." + k, 0) for r in ant_long)
        th[k] = max(v, vals[min(int(q * len(vals)), len(vals) - 1)])
    raised = ", ".join(f"{k} {th[k]:.3f}" for k in NGRAMS if th[k] > th0[k]) or "none raised"
    show(f"ANT q = {q} ({raised})", th)

print("\nEvery FineWeb-2 n-gram threshold times m:\n")
print(head)
first = None
for i in range(0, 21):
    m = 1 + i * 0.05
    r = show(f"m = {m:.2f}", {k: v * m for k, v in th0.items()})
    if first is None and r >= 0.99:
        first = m
print(f"\nsmallest m (step 0.05) keeping 99 % of SaudiNewsNet's texts of 20+ words: "
      f"{'none up to 2.00' if first is None else f'{first:.2f}'}")
(s, _), _ = rates({k: 9.0 for k in th0})
print(f"n-gram rules off entirely: SaudiNewsNet 20+ words {100 * s[0] / s[1]:.2f} %, "
      f"non-blank {100 * s[2] / s[3]:.2f} % (the other rules' ceiling)")
