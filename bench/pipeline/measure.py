#!/usr/bin/env python3
"""Runs a command and prints one JSON line: wall seconds, CPU seconds (user + system, the
command and every process it waited for) and peak resident memory (the largest process).

    measure.py LABEL -- COMMAND...
"""
import json
import os
import subprocess
import sys
import time


def main():
    label = sys.argv[1]
    cmd = sys.argv[sys.argv.index("--") + 1:]
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({
        "label": label,
        "exit": code,
        "wall_s": round(wall, 3),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 3),
        "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),
    }))
    sys.exit(0 if code == 0 else 1)


if __name__ == "__main__":
    main()
