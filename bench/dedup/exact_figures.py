"""Exact and URL dedup figures on SaudiNewsNet, from ghirbal's decisions.

usage: exact_figures.py INPUT.jsonl EXACT.dec.jsonl EXACT_URL.dec.jsonl URL_ONLY.dec.jsonl

INPUT is the decompressed SaudiNewsNet JSONL; the .dec files are `dedup_jsonl run --out`
outputs with (exact only), (exact + URL) and (URL only), near-dup off in all three.
Prints the byte-identical groups (expected: 548 groups / 1,444 records, 5 blank), checks that
every non-blank one keeps exactly one record, then what the matching normalisation and URL
dedup add, with examples.
"""
import collections
import json
import sys

src, exact_path, exact_url_path, url_only_path = sys.argv[1:5]
docs = [json.loads(l) for l in open(src, encoding="utf-8")]
by_id = {d["id"]: d for d in docs}


def load(path):
    return {d["id"]: d for d in map(json.loads, open(path, encoding="utf-8"))}


exact, exact_url, url_only = load(exact_path), load(exact_url_path), load(url_only_path)

groups = collections.defaultdict(list)
for d in docs:
    groups[d["text"]].append(d["id"])
multi = {t: ids for t, ids in groups.items() if len(ids) >= 2}
blank = {t: ids for t, ids in multi.items() if not t.strip()}
print(f"byte-identical groups of size >= 2: {len(multi)} groups, {sum(map(len, multi.values()))} records "
      f"({len(blank)} blank groups, {sum(map(len, blank.values()))} records)")

bad = absorbed = 0
for t, ids in multi.items():
    if t.strip() == "":
        continue
    kept = [i for i in ids if exact[i]["verdict"] == "keep"]
    if len(kept) == 0 and len({exact[i]["kept_id"] for i in ids}) == 1:
        # The whole group points to one earlier record whose matching text is equal: the
        # group is part of a larger cluster, which keeps exactly one record.
        absorbed += 1
    elif len(kept) != 1:
        bad += 1
nonblank = len(multi) - len(blank)
print(f"non-blank byte-identical groups keeping exactly one record: {nonblank - bad - absorbed} of {nonblank}, "
      f"{absorbed} more keep none because an earlier record with the same matching text is kept"
      + ("" if bad == 0 else f"  <-- {bad} FAIL"))
blank_ids = [i for ids in blank.values() for i in ids]
print(f"blank records kept (rule: never grouped): {sum(exact[i]['verdict'] == 'keep' for i in blank_ids)} of {len(blank_ids)}")


def clusters(dec):
    c = collections.defaultdict(list)
    for i, d in dec.items():
        rep = i if d["verdict"] == "keep" else d["kept_id"]
        c[rep].append(i)
    return {r: m for r, m in c.items() if len(m) >= 2}


ex_clusters = clusters(exact)
removed_exact = sum(d["verdict"] != "keep" for d in exact.values())
print(f"ghirbal exact (matching text): {len(ex_clusters)} clusters, {sum(map(len, ex_clusters.values()))} records, "
      f"{removed_exact} removed")
# Clusters that are not a single byte-identical group: merged by the matching normalisation.
merged = [m for m in ex_clusters.values() if len({by_id[i]["text"] for i in m}) > 1]
extra_records = sum(len(m) for m in ex_clusters.values()) - sum(len(ids) for t, ids in multi.items() if t.strip())
print(f"groups the matching normalisation merges beyond byte equality: {len(merged)} clusters "
      f"(+{len(ex_clusters) - nonblank} groups, +{extra_records} records vs byte-identical non-blank groups)")


def diff_snippet(a, b):
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return repr(a[max(0, i - 15):i + 15]), repr(b[max(0, i - 15):i + 15])


ws_only = [m for m in merged if len({" ".join(by_id[i]["text"].split()) for i in m}) == 1]
print(f"  of these, {len(ws_only)} differ only in whitespace (spaces, newlines, U+00A0); "
      f"{len(merged) - len(ws_only)} differ in characters the matching text folds (NFKC, diacritics, hamza, digits, controls)")
other = [m for m in merged if m not in ws_only]
for m in other[:3] + ws_only[:2]:
    texts = sorted({by_id[i]["text"] for i in m}, key=len)
    a, b = texts[0], texts[-1]
    sa, sb = diff_snippet(a, b)
    print(f"  e.g. {m[:3]}: {sa}  vs  {sb}")

removed_url = sum(d["verdict"] != "keep" for d in exact_url.values())
print(f"exact + URL: {removed_url} removed, URL dedup adds {removed_url - removed_exact} "
      f"({sum(d['verdict'] == 'dedup:url' for d in exact_url.values())} records with reason dedup:url)")
uo = clusters(url_only)
print(f"URL dedup alone: {len(uo)} clusters, {sum(d['verdict'] != 'keep' for d in url_only.values())} removed; "
      f"flags: " + ", ".join(f"{f}: {sum(1 for i, d in url_only.items() if d['verdict'] != 'keep' and by_id[i]['url'].endswith('?' + f)) + sum(1 for i, d in url_only.items() if d['verdict'] == 'keep' and d['size'] > 1 and by_id[i]['url'].endswith('?' + f))}" for f in ("weekly", "live")))
blank_twins = sum(1 for d in docs if not d["text"].strip() and d["url"].endswith(("?weekly", "?live")))
print(f"  ?weekly/?live pages with blank text (rule: blank texts are never grouped): {blank_twins}")
same_text = sum(1 for r, m in uo.items() if len({by_id[i]["text"] for i in m}) == 1)
print(f"  of which with identical text: {same_text}; example: {by_id[next(iter(uo))]['url'][:90]} ...")
