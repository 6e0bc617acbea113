"""Joins datatrove's and ghirbal's per-document decisions and prints the parity report.

usage: compare.py INPUT.jsonl DATATROVE.tsv GHIRBAL.tsv DT_SPEED_LINE GH_SPEED_LINE

datatrove's JsonlReader drops documents whose text is empty without a word: they are missing from
DATATROVE.tsv and are counted here as datatrove drops with reason `reader:empty_text`, which agree
with ghirbal's `filter:gopher_repetition:empty` (the class is reported on its own line too).
"""
import collections
import json
import re
import sys

inp, dt_path, gh_path, dt_speed, gh_speed = sys.argv[1:6]

REASONS = {
    "gopher_short_doc": "short_doc", "gopher_long_doc": "long_doc",
    "gopher_below_avg_threshold": "below_avg_word_length", "gopher_above_avg_threshold": "above_avg_word_length",
    "gopher_too_many_hashes": "hashes", "gopher_too_many_ellipsis": "ellipsis",
    "gopher_too_many_bullets": "bullets", "gopher_too_many_end_ellipsis": "end_ellipsis",
    "gopher_below_alpha_threshold": "alpha_words", "gopher_enough_stop_words": "stop_words",
}


def dt_reason(r):
    if not r:
        return ""
    rule, why = r.split(":", 1)
    m = re.fullmatch(r"duplicated_(\d+)_n_grams", why)
    if m:
        why = f"dup_{m.group(1)}_grams"
    why = REASONS.get(why, why)
    return f"filter:{rule}:{why}"


texts = {}
order = []
with open(inp, encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        texts[d["id"]] = d["text"]
        order.append(d["id"])

dt = {}
with open(dt_path, encoding="utf-8") as f:
    for line in f:
        i, keep, reason = line.rstrip("\n").split("\t")
        dt[i] = (keep == "1", dt_reason(reason))
gh = {}
figs = {}
with open(gh_path, encoding="utf-8") as f:
    for line in f:
        i, keep, reason, fig = line.rstrip("\n").split("\t")
        gh[i] = (keep == "1", reason)
        figs[i] = json.loads(fig)

reader_dropped = [i for i in order if i not in dt]
for i in reader_dropped:
    dt[i] = (False, "reader:empty_text")

n = len(order)
keep_agree = sum(dt[i][0] == gh[i][0] for i in order)


def same_rule(a, b):
    return a == b or (a == "reader:empty_text" and b == "filter:gopher_repetition:empty")


rule_agree = sum(dt[i][0] == gh[i][0] and (dt[i][0] or same_rule(dt[i][1], gh[i][1])) for i in order)
print(f"documents: {n} (datatrove's reader dropped {len(reader_dropped)} empty texts; ghirbal: "
      f"{collections.Counter(gh[i][1] for i in reader_dropped).most_common()})")
print(f"datatrove keeps {sum(dt[i][0] for i in order)} ({100 * sum(dt[i][0] for i in order) / n:.2f}%), "
      f"ghirbal datatrove-compat keeps {sum(gh[i][0] for i in order)} ({100 * sum(gh[i][0] for i in order) / n:.2f}%)")
print(f"keep/drop agreement: {keep_agree}/{n} = {100 * keep_agree / n:.3f}%")
print(f"first-failing-rule agreement (keep=keep, or drop=drop with the same rule): {rule_agree}/{n} = {100 * rule_agree / n:.3f}%")
sub = [i for i in order if i not in reader_dropped]
print(f"  on the {len(sub)} documents datatrove's filters saw: keep/drop "
      f"{100 * sum(dt[i][0] == gh[i][0] for i in sub) / len(sub):.3f}%, rule "
      f"{100 * sum(dt[i][0] == gh[i][0] and (dt[i][0] or dt[i][1] == gh[i][1]) for i in sub) / len(sub):.3f}%")

print("\ndatatrove first failing rule (all documents):")
for r, c in collections.Counter(dt[i][1] or "keep" for i in order).most_common():
    print(f"  {c:6d}  {r}")

classes = collections.defaultdict(list)
for i in order:
    a, b = dt[i], gh[i]
    if a[0] == b[0] and (a[0] or same_rule(a[1], b[1])):
        continue
    classes[(a[1] or "keep", b[1] or "keep")].append(i)
print(f"\ndisagreement classes ({sum(len(v) for v in classes.values())} documents):")
for (a, b), ids in sorted(classes.items(), key=lambda kv: -len(kv[1])):
    print(f"  {len(ids):5d}  datatrove {a}  |  ghirbal {b}")
    for i in ids[:3]:
        t = texts[i]
        print(f"         {i} len={len(t)} tail={t[-40:]!r}")
        rule = (b if b != "keep" else a).split(":")
        keys = {k: v for k, v in figs[i].items() if len(rule) > 2 and k.startswith(rule[1])}
        print(f"           ghirbal figures: {json.dumps(keys, ensure_ascii=False)[:300]}")

def speed(line):
    return dict(kv.split("=", 1) for kv in line.split("\t")[1:])

d, g = speed(dt_speed), speed(gh_speed)
dps, gps = float(d["docs_per_cpu_s"]), float(g["docs_per_cpu_s"])
print(f"\nspeed, filter chain only, one core: datatrove {dps:.1f} docs/CPU-s, ghirbal {gps:.1f} docs/CPU-s, ratio {gps / dps:.1f}x")
