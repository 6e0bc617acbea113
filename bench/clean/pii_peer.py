"""Times datatrove's PIIFormatter (e-mail and IP replacement) on SaudiNewsNet texts.

Reads JSONL on stdin (the `text` field), formats every text on one thread, and prints one
line: records, seconds, records/s, and how many texts it changed. datatrove has no phone or
IBAN rule, so the fair comparison is ghirbal's `pii` with only e-mail and IP switched on.
"""
import json
import sys
import time

from datatrove.pipeline.formatters import PIIFormatter


def main() -> None:
    texts = [json.loads(line).get("text", "") for line in sys.stdin if line.strip()]
    formatter = PIIFormatter(only_remove_public_ips=False)
    start = time.perf_counter()
    changed = 0
    for text in texts:
        if formatter.format(text) != text:
            changed += 1
    seconds = time.perf_counter() - start
    print(f"datatrove PIIFormatter: {len(texts)} records in {seconds:.2f} s on one thread = "
          f"{len(texts) / max(seconds, 1e-9):.0f} records/s ({changed} texts changed)")


if __name__ == "__main__":
    main()
