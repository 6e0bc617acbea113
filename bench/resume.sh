#!/usr/bin/env bash
# What `--resume` saves (issue 24): the default preset (record stages, then the corpus passes:
# site boilerplate and dedup) on SaudiNewsNet, or on a generated input when the data is absent.
# Per round: an uninterrupted run; then a run SIGKILLed at FRACTION (default 0.5) of that run's
# work and its `--resume`. The work is the CPU seconds the run has used (read from
# /proc/PID/stat while it runs), so the kill lands at the same share of the work whatever the
# machine's load: on a shared machine, half the full run's wall time can be a third of its work
# or four fifths. KILL_AT=wall kills at FRACTION of the full run's wall time instead, as this
# bench did before 2026-12-07 evening. Prints the CPU seconds (user + sys, from wait4's rusage) of
# each, the resume's CPU as a share of the full run's (target <= 0.60), the killed run plus
# the resume as a share, how many records the resume took over from checkpoints and how many
# records' observed index parts it loaded rather than observed again, and checks
# that the resumed output is byte-identical to the uninterrupted one. The machine's load
# average (1 minute, from /proc/loadavg) is printed before each round: the machine may be
# shared, and CPU seconds grow with contention.
#
#   bench/resume.sh [ROUNDS] [FRACTION]      # defaults: 2 rounds, 0.5; KILL_AT=cpu|wall (cpu)
#   INPUT=FILE bench/resume.sh ...           # another input than SaudiNewsNet
# The release binary is built into $CARGO_TARGET_DIR (default: a cache dir outside the clone,
# ${XDG_CACHE_HOME:-~/.cache}/ghirbal/bench-resume/target). Results: bench/out/resume.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
rounds=${1:-2}
fraction=${2:-0.5}
data="${GHIRBAL_DATA:-$root/../shared/data}"
snn="$data/arabic/saudinewsnet/saudinewsnet.jsonl.zst"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/ghirbal/bench-resume
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}"
(cd "$root" && cargo build --release -q -p ghirbal-cli)
bin="$CARGO_TARGET_DIR/release/ghirbal"
work="$root/bench/work/resume"
rm -rf "$work" && mkdir -p "$work" "$root/bench/out"

if [ -n "${INPUT:-}" ]; then
  # Another input than the one the resume work was measured on (any format `ghirbal run` reads).
  input="$INPUT"
  corpus="$INPUT"
elif [ -f "$snn" ]; then
  input="$snn"
  corpus="SaudiNewsNet (31,030 articles)"
else
  # No third-party data: 30,000 generated records of Arabic words, a tenth of them repeated,
  # so that dedup and the site pass have work to do.
  input="$work/generated.jsonl"
  python3 - "$input" <<'PY'
import json, random, sys
random.seed(24)
words = "الحكومة أعلنت مشروع جديد في المدينة وقال المتحدث إن العمل سيبدأ خلال الأسبوع المقبل بعد موافقة المجلس على الميزانية".split()
with open(sys.argv[1], "w") as f:
    texts = []
    for i in range(30000):
        if texts and random.random() < 0.1:
            text = random.choice(texts)
        else:
            lines = [" ".join(random.choice(words) for _ in range(random.randint(8, 20))) + "."
                     for _ in range(random.randint(3, 12))]
            text = "\n".join(lines)
            texts.append(text)
        f.write(json.dumps({"id": f"g{i}", "url": f"https://site{i % 7}.example/a/{i}",
                            "text": text}, ensure_ascii=False) + "\n")
PY
  corpus="generated (30,000 records; SaudiNewsNet absent)"
fi

python3 - "$bin" "$input" "$work" "$rounds" "$fraction" "$corpus" "${KILL_AT:-cpu}" <<'PY' | tee "$root/bench/out/resume.txt"
import filecmp, json, os, platform, subprocess, sys, time

bin, data, work, rounds, fraction, corpus, kill_at = sys.argv[1:8]
assert kill_at in ("cpu", "wall"), f"KILL_AT is cpu or wall, not {kill_at}"
TICK = os.sysconf("SC_CLK_TCK")

def cpu_of(pid):
    """CPU seconds (user + sys) the running process has used so far, every thread counted."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK
rounds, fraction = int(rounds), float(fraction)

def run(out, resume=False, kill_after=None, kill_cpu=None):
    """Runs ghirbal; returns (wall seconds, CPU seconds, exit status), killed with SIGKILL
    after kill_after seconds or kill_cpu CPU seconds when given."""
    args = [bin, "run", "--quiet", data, "-o", out]
    args.append("--resume" if resume else "--overwrite")
    started = time.monotonic()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    ended = None
    if kill_after is not None or kill_cpu is not None:
        def going():
            if kill_after is not None:
                return time.monotonic() - started < kill_after
            return cpu_of(p.pid) < kill_cpu
        while ended is None and going():
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                ended = (status, usage)
            time.sleep(0.005)
        if ended is None:
            p.kill()
    if ended is None:
        _, status, usage = os.wait4(p.pid, 0)
        ended = (status, usage)
    status, usage = ended
    p.returncode = status
    return time.monotonic() - started, usage.ru_utime + usage.ru_stime, status

def shards(out):
    names = []
    for sub in ("kept", "rejects"):
        for n in sorted(os.listdir(os.path.join(out, sub))):
            names.append(os.path.join(sub, n))
    return names

def same(a, b):
    na, nb = shards(a), shards(b)
    return na == nb and all(
        filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False) for n in na)

print(f"corpus: {corpus}; preset: default (arabic-news); machine: {os.cpu_count()} cores, "
      f"{platform.machine()}; kill at {fraction:.0%} of the full run's "
      f"{'CPU time' if kill_at == 'cpu' else 'wall time'}")
print(f"{'round':>5} {'load':>5} {'full wall':>9} {'full cpu':>8} {'killed cpu':>10} {'resume cpu':>10} "
      f"{'resume/full':>11} {'pair/full':>9} {'resumed rec':>11} {'index loaded':>12} "
      f"{'identical':>9}")
ratios = []
for r in range(rounds):
    load = os.getloadavg()[0]
    full = os.path.join(work, "full")
    wall, cpu, status = run(full)
    assert status == 0, status
    out = os.path.join(work, "killed")
    if kill_at == "cpu":
        _, killed_cpu, status = run(out, kill_cpu=fraction * cpu)
    else:
        _, killed_cpu, status = run(out, kill_after=fraction * wall)
    assert status != 0, "the run ended before the kill: the input is too small"
    _, resume_cpu, status = run(out, resume=True)
    assert status == 0, status
    stats = json.load(open(os.path.join(out, "stats.json")))
    identical = same(full, out)
    ratios.append(resume_cpu / cpu)
    print(f"{r + 1:>5} {load:>5.2f} {wall:>9.2f} {cpu:>8.2f} {killed_cpu:>10.2f} {resume_cpu:>10.2f} "
          f"{resume_cpu / cpu:>11.2f} {(killed_cpu + resume_cpu) / cpu:>9.2f} "
          f"{stats['run'].get('resumed_records', 0):>11} "
          f"{stats['run'].get('loaded_index_records', 0):>12} {'yes' if identical else 'NO':>9}")
    assert identical, "the resumed output differs from the uninterrupted run's"
print(f"resume CPU / full run CPU: mean {sum(ratios) / len(ratios):.2f}, "
      f"max {max(ratios):.2f} (target <= 0.60 in every round) over {rounds} round(s)")
PY
