"""Plots LSH detection probability against true shingle Jaccard, measured and theoretical.

usage: plot_scurve.py OUT.svg LABEL=PAIRS.jsonl:BANDS:ROWS [LABEL=...]

Each PAIRS file is `dedup_jsonl pairs` output ({jaccard, detected} per pair) for one bands x rows
setting; pairs are binned by Jaccard (width 0.05) and each bin with 5+ pairs is a dot. Each
setting's theoretical curve 1 - (1 - s^rows)^bands is drawn as a line in the same colour.
Hand-written SVG, no plotting library.
"""
import json
import sys

out_path, series = sys.argv[1], sys.argv[2:]
W, H, L, R, T, B = 640, 420, 60, 20, 40, 50
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]


def x(s):
    return L + s * (W - L - R)


def y(p):
    return H - B - p * (H - T - B)


parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{W / 2}" y="20" text-anchor="middle" font-size="14">LSH detection probability vs true 5-gram Jaccard (ANT copies)</text>']
for i in range(11):
    v = i / 10
    parts.append(f'<line x1="{x(v)}" y1="{y(0)}" x2="{x(v)}" y2="{y(1)}" stroke="#eee"/>')
    parts.append(f'<line x1="{x(0)}" y1="{y(v)}" x2="{x(1)}" y2="{y(v)}" stroke="#eee"/>')
    parts.append(f'<text x="{x(v)}" y="{y(0) + 16}" text-anchor="middle">{v:.1f}</text>')
    parts.append(f'<text x="{x(0) - 6}" y="{y(v) + 4}" text-anchor="end">{v:.1f}</text>')
parts.append(f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(0)}" stroke="black"/>')
parts.append(f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(0)}" y2="{y(1)}" stroke="black"/>')
parts.append(f'<text x="{(x(0) + x(1)) / 2}" y="{H - 12}" text-anchor="middle">true Jaccard of word 5-gram shingles</text>')
parts.append(f'<text x="16" y="{(y(0) + y(1)) / 2}" text-anchor="middle" transform="rotate(-90 16 {(y(0) + y(1)) / 2})">share of pairs found</text>')

for k, spec in enumerate(series):
    label, rest = spec.split("=", 1)
    path, bands, rows = rest.rsplit(":", 2)
    bands, rows = int(bands), int(rows)
    colour = COLOURS[k % len(COLOURS)]
    pts = [f"{x(i / 200):.1f},{y(1 - (1 - (i / 200) ** rows) ** bands):.1f}" for i in range(201)]
    parts.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
    bins = {}
    for d in map(json.loads, open(path, encoding="utf-8")):
        b = min(int(d["jaccard"] / 0.05), 19)
        n, hit = bins.get(b, (0, 0))
        bins[b] = (n + 1, hit + bool(d["detected"]))
    for b, (n, hit) in sorted(bins.items()):
        if n >= 5:
            parts.append(f'<circle cx="{x((b + 0.5) * 0.05):.1f}" cy="{y(hit / n):.1f}" r="4" fill="{colour}" fill-opacity="0.7">'
                         f'<title>{label}: J {b * 0.05:.2f}-{(b + 1) * 0.05:.2f}, {hit}/{n}</title></circle>')
    t = (1 / bands) ** (1 / rows)
    ly = T + 10 + 18 * k
    parts.append(f'<line x1="{L + 10}" y1="{ly}" x2="{L + 30}" y2="{ly}" stroke="{colour}" stroke-width="1.5"/>')
    parts.append(f'<circle cx="{L + 20}" cy="{ly}" r="4" fill="{colour}" fill-opacity="0.7"/>')
    parts.append(f'<text x="{L + 36}" y="{ly + 4}">{label}: {bands} bands x {rows} rows, threshold {t:.3f} (line: theory, dots: measured)</text>')
parts.append("</svg>")
open(out_path, "w", encoding="utf-8").write("\n".join(parts) + "\n")
