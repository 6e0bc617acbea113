"""Compares spaCy `ar` words (datatrove's split_into_words for arb_Arab) with ghirbal's
datatrove-compat tokenizer, document by document.

usage: tokens_parity.py IN.jsonl OURS.jsonl   (OURS: output of the datatrove_words example)
"""
import json
import sys

from datatrove.utils.text import split_into_words

inp, ours = sys.argv[1:3]
same = total = 0
diffs = []
with open(inp, encoding="utf-8") as a, open(ours, encoding="utf-8") as b:
    for la, lb in zip(a, b):
        d = json.loads(la)
        want = split_into_words(d["text"], "arb_Arab")
        got = json.loads(lb)
        total += 1
        if want == got:
            same += 1
        elif len(diffs) < 8:
            i = next((k for k, (x, y) in enumerate(zip(want, got)) if x != y), min(len(want), len(got)))
            diffs.append((d["id"], want[max(0, i - 2):i + 3], got[max(0, i - 2):i + 3]))
print(f"identical word lists: {same}/{total} documents ({100 * same / total:.2f}%)")
for i, w, g in diffs:
    print(f"  {i}: spaCy {w} | ghirbal {g}")
