#!/usr/bin/env bash
# Ingest throughput and memory of zhkb, next to the raw ICU word-break walk on the same text.
#
#   Benchmarks/ingest-bench.sh [MB]        (default 50)
#
# Builds release binaries (scratch path .build, override with ZHKB_BENCH_SCRATCH),
# generates ≥ MB megabytes of articles from Corpus/*.txt (paragraphs permuted, every number
# changed, so no two articles share a content hash), then reports for `zhkb ingest --jobs 1`
# and `--jobs 2`: wall time, MB/s and peak memory (/usr/bin/time -v, else /proc polling), the
# speed-up of 2 jobs, checks that both KBs are byte-identical, times a re-ingest with nothing
# changed and one with one article changed, and runs `zhkb-bench speed` for the raw ICU walk.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-50}
source Benchmarks/common.sh   # builds release binaries: BIN, WORK
mkdir -p "$WORK/corpus"

echo "== generating ≥ $MB MB of articles in $WORK/corpus"
python3 - "$MB" "$WORK/corpus" Corpus/*.txt <<'PY'
import os, random, re, sys
target = float(sys.argv[1]) * 1024 * 1024
out = sys.argv[2]
paragraphs = []
for path in sys.argv[3:]:
    with open(path, encoding="utf-8") as f:
        paragraphs += [p for p in f.read().split("\n") if p.strip()]
if not paragraphs:
    sys.exit("no corpus text")
size, k = 0, 0
while size < target:
    rng = random.Random(k)
    body = paragraphs[:]
    head, rest = body[:3], body[3:]
    rng.shuffle(rest)
    shift = k + 1
    text = "\n\n".join(head + rest) + "\n"
    text = re.sub(r"\d+", lambda m: str(int(m.group(0)) + shift), text)
    data = text.encode("utf-8")
    sub = os.path.join(out, f"d{k // 500:03d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"a{k:05d}.txt"), "wb") as f:
        f.write(data)
    size += len(data)
    k += 1
print(f"{k} articles, {size / 1048576:.1f} MB")
PY
BYTES=$(du -sb "$WORK/corpus" | cut -f1)
TOTAL_MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1048576 }')

# run LABEL ARGS… : wall seconds and peak RSS of one zhkb run.
run() {
    local label=$1; shift
    local start end rss cpu=""
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$WORK/time.txt" "$BIN/zhkb" "$@" 2>"$WORK/stderr.txt"
        rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$WORK/time.txt")
        cpu=$(awk -F: '/Percent of CPU/ { gsub(/ /, "", $2); print "  CPU " $2 }' "$WORK/time.txt")
    else
        "$BIN/zhkb" "$@" 2>"$WORK/stderr.txt" &
        local pid=$! peak=0 now
        while kill -0 "$pid" 2>/dev/null; do
            now=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
            [ "${now:-0}" -gt "$peak" ] && peak=$now
            sleep 0.2
        done
        wait "$pid"
        rss=$peak
    fi
    end=$(date +%s.%N)
    awk -v l="$label" -v s="$start" -v e="$end" -v b="$BYTES" -v r="$rss" \
        'BEGIN { t = e - s; printf "%-26s %7.2f s  %7.2f MB/s  peak RSS %7.1f MB", l, t, b / 1048576 / t, r / 1024 }'
    echo "$cpu"
    tail -n 1 "$WORK/stderr.txt"
    LAST_SECONDS=$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')
}

echo "== zhkb ingest on $TOTAL_MB MB"
run "ingest --jobs 1" ingest "$WORK/corpus" --kb "$WORK/kb1.json" --jobs 1
T1=$LAST_SECONDS
run "ingest --jobs 2" ingest "$WORK/corpus" --kb "$WORK/kb2.json" --jobs 2
T2=$LAST_SECONDS
awk -v a="$T1" -v b="$T2" 'BEGIN { printf "speed-up of --jobs 2 over --jobs 1: %.2fx (meaningful only on an otherwise idle machine: see CPU %%)\n", a / b }'
if cmp -s "$WORK/kb1.json" "$WORK/kb2.json"; then
    echo "KBs of --jobs 1 and --jobs 2 are byte-identical ($(du -h "$WORK/kb1.json" | cut -f1))"
else
    echo "ERROR: KBs of --jobs 1 and --jobs 2 differ" >&2
    exit 1
fi
run "re-ingest (unchanged)" ingest "$WORK/corpus" --kb "$WORK/kb2.json" --jobs 2
# One article changed: every other article is copied through, the KB rewritten.
first=$(find "$WORK/corpus" -name '*.txt' | sort | sed -n 1p)
printf '\n补充说明：本文数据截至今年年底。\n' >>"$first"
run "re-ingest (one changed)" ingest "$WORK/corpus" --kb "$WORK/kb2.json" --jobs 2

echo "== raw ICU word-break walk on the same text (zhkb-bench speed)"
"$BIN/zhkb-bench" speed --mb "$TOTAL_MB" --stage segment $(find "$WORK/corpus" -name '*.txt' | sort | head -n 200)
