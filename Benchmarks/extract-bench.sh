#!/usr/bin/env bash
# `zhkb extract --lines --jsonl` over ≥ MB megabytes of one-line documents, next to the raw ICU
# word-break walk over the same lines, in the same run (issue 11: ≥ 0.2 × the walk with --jobs 1,
# ≥ 0.35 × with the default jobs).
#
#   Benchmarks/extract-bench.sh [MB] [RUNS]      (defaults 10 and 3)
#
# Input, as the issue names it: the raw (unsegmented) SIGHAN dev texts of ../shared/eval, every
# line a document, repeated up to MB megabytes (about 57 characters per document). Without
# ../shared/eval it falls back to the lines of Corpus/*.txt (longer documents: a faster ratio, not
# the issue's measure). The eval text is only measured on, never learned from. The walk is
# ../shared/eval/bench/icu_walk.c compiled with cc -O2 when a C compiler is there, otherwise
# `zhkb-bench icu-walk` (the same walk in Swift, a few per cent slower). Each run times the walk,
# then extract with --jobs 1, then extract with the default jobs (all cores), and prints wall
# seconds, CPU seconds and peak RSS; the summary gives median ratios walk time / zhkb time (wall,
# and CPU for --jobs 1). ZHKB_BENCH_SCRATCH picks the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-10}
RUNS=${2:-3}
source Benchmarks/common.sh   # builds release binaries: BIN, WORK
sources=()
for f in ../shared/eval/sighan2005/pku_dev.utf8 ../shared/eval/sighan2005/msr_dev.utf8; do
    [ -f "$f" ] && sources+=("$f")
done
if [ ${#sources[@]} -eq 0 ]; then
    echo "note: ../shared/eval is missing; measuring on the lines of Corpus/ instead of SIGHAN dev"
    sources=(Corpus/*.txt)
fi
walk=("$BIN/zhkb-bench" icu-walk)
if [ -f ../shared/eval/bench/icu_walk.c ] && command -v cc >/dev/null \
    && cc -O2 -o "$WORK/icu_walk" ../shared/eval/bench/icu_walk.c -licuuc 2>/dev/null; then
    walk=("$WORK/icu_walk")
    echo "walk: ../shared/eval/bench/icu_walk.c (cc -O2)"
else
    echo "walk: zhkb-bench icu-walk (no C compiler or no icu_walk.c)"
fi
python3 - "$MB" "$WORK/lines.txt" "${sources[@]}" <<'PY'
import sys
target, out = float(sys.argv[1]) * 1048576, sys.argv[2]
lines = []
for path in sys.argv[3:]:
    with open(path, encoding="utf-8") as f:
        lines += [l for l in f.read().split("\n") if l.strip()]
size = 0
with open(out, "w", encoding="utf-8") as f:
    while size < target:
        for l in lines:
            f.write(l + "\n")
            size += len(l.encode()) + 1
print(f"input: {size / 1048576:.1f} MB, {len(lines)} distinct lines from {len(sys.argv) - 3} files")
PY

measure() {  # prints "wall cpu rss_mb"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" > /dev/null
    awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$WORK/time"
}
icu=(); one=(); onecpu=(); all=()
for r in $(seq 1 "$RUNS"); do
    read -r iw ic ir < <(measure "${walk[@]}" "$WORK/lines.txt")
    read -r ow oc orss < <(measure "$BIN/zhkb" extract --lines --jsonl --jobs 1 "$WORK/lines.txt")
    read -r aw ac arss < <(measure "$BIN/zhkb" extract --lines --jsonl "$WORK/lines.txt")
    echo "run $r: ICU walk ${iw}s | extract --jobs 1 ${ow}s (cpu ${oc}s, ${orss} MB) | extract (all cores) ${aw}s (cpu ${ac}s, ${arss} MB)"
    icu+=("$iw"); one+=("$ow"); onecpu+=("$oc"); all+=("$aw")
done
python3 - "${icu[*]}" "${one[*]}" "${onecpu[*]}" "${all[*]}" <<'PY'
import statistics, sys
icu, one, onecpu, allc = ([float(x) for x in a.split()] for a in sys.argv[1:5])
med = statistics.median
print(f"ratio ICU/extract, --jobs 1 (wall): {med([i / o for i, o in zip(icu, one)]):.2f}  "
      f"(CPU: {med([i / o for i, o in zip(icu, onecpu)]):.2f})")
print(f"ratio ICU/extract, all cores (wall): {med([i / a for i, a in zip(icu, allc)]):.2f}")
PY
