#!/usr/bin/env bash
# zhkb ingest --jobs 1, --jobs 2 and Spark local[2] on the same JSON Lines input, with the
# memory of the merge step.
#
#   Benchmarks/spark-bench.sh [MB]        (default 50)
#
# Builds the release binary (scratch path .build, override with ZHKB_BENCH_SCRATCH), writes ≥ MB megabytes of records: the
# real UTF-8 articles of the dev corpus (../shared/corpus/dev or ZHKB_DEV_CORPUS) repeated under
# distinct sources, each copy numbered by a last line, one JSON line each. Reports wall time, articles/s, MB/s and peak memory
# (/usr/bin/time -v) of `zhkb ingest --input-format jsonl --jobs 1` and `--jobs 2`, and of
# scripts/spark/zhkb_spark.py on local[2] (its start-up, analysis and merge seconds, and the
# peak memory of its merge processes); then the merge step alone: the partition record files
# into partial KBs, the partial KBs into one, for contrast all records in one process, and the
# records cut into ZHKB_BENCH_MANY (64) partial KBs merged in one process.
# Checks that all KBs are byte-identical. pyspark comes from the venv of scripts/spark/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MB=${1:-50}
PARTITIONS=${ZHKB_BENCH_PARTITIONS:-8}
SCRATCH=${ZHKB_BENCH_SCRATCH:-.build}
echo "== building release zhkb ($SCRATCH)"
swift build -c release --scratch-path "$SCRATCH" --product zhkb >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zhkb-spark-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
VENV=${ZHKB_SPARK_VENV:-$HOME/.cache/zhkb-spark-venv}
if ! "$VENV/bin/python" -c "import pyspark" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check pyspark
fi
export PYSPARK_PYTHON=$VENV/bin/python PYSPARK_DRIVER_PYTHON=$VENV/bin/python
BIN=$(cd "$BIN" && pwd)
DEV=${ZHKB_DEV_CORPUS:-$ROOT/../shared/corpus/dev}
[ -d "$DEV" ] || DEV=/work/shared/corpus/dev

echo "== generating ≥ $MB MB of records in $WORK/bench.jsonl"
python3 Benchmarks/bench_records.py "$MB" "$DEV" "$WORK/bench.jsonl"
ARTICLES=$(wc -l <"$WORK/bench.jsonl")
TEXT_MB=$(python3 -c "
import json,sys
print(f'{sum(len(json.loads(l)[\"text\"].encode()) for l in open(sys.argv[1], encoding=\"utf-8\")) / 1048576:.1f}')" "$WORK/bench.jsonl")

# timed LABEL COMMAND… : wall seconds, CPU seconds (user + sys of the command and the children it
# waited for) and peak RSS (MB, of the largest single process) of one command; the rates are per
# wall second and, beside them, per CPU second (what a loaded machine does not distort).
timed() {
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>"$WORK/err.txt" || true
    end=$(date +%s.%N)
    SECS=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    CPU=$(awk -F: '/User time|System time/ { s += $2 } END { printf "%.1f", s }' "$WORK/time.txt")
    RSS=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%.0f", $2 / 1024 }' "$WORK/time.txt")
    printf '%-34s %7s s wall %7s s cpu  %6.0f art/s  %5.2f MB/s  (per cpu s: %6.0f art, %5.2f MB)  peak %5s MB\n' "$label" "$SECS" "$CPU" \
        "$(awk -v n="$ARTICLES" -v s="$SECS" 'BEGIN { print n / s }')" \
        "$(awk -v m="$TEXT_MB" -v s="$SECS" 'BEGIN { print m / s }')" \
        "$(awk -v n="$ARTICLES" -v s="$CPU" 'BEGIN { print (s > 0 ? n / s : 0) }')" \
        "$(awk -v m="$TEXT_MB" -v s="$CPU" 'BEGIN { print (s > 0 ? m / s : 0) }')" "$RSS"
    echo "   load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "== $ARTICLES articles, $TEXT_MB MB of text; load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
timed "zhkb ingest --jobs 1" "$BIN/zhkb" ingest --input-format jsonl "$WORK/bench.jsonl" --kb "$WORK/kb1.json" --jobs 1
timed "zhkb ingest --jobs 2" "$BIN/zhkb" ingest --input-format jsonl "$WORK/bench.jsonl" --kb "$WORK/kb2.json" --jobs 2
timed "spark local[2] ($PARTITIONS partitions)" "$VENV/bin/python" scripts/spark/zhkb_spark.py --master 'local[2]' \
    --zhkb "$BIN/zhkb" --dictionaries "$ROOT/Dictionaries" --input "$WORK/bench.jsonl" --output "$WORK/spark" \
    --partitions "$PARTITIONS"
grep -o 'zhkb-spark: .*' "$WORK/err.txt" || tail -n 20 "$WORK/err.txt"
echo "   (peak of the spark line: the driver's JVM and Python; the zhkb processes are counted in the line above)"
cmp "$WORK/kb1.json" "$WORK/kb2.json" && cmp "$WORK/kb1.json" "$WORK/spark/kb.json" && echo "== KBs of --jobs 1, --jobs 2 and Spark: byte-identical"
echo "== KB $(du -m "$WORK/kb1.json" | cut -f1) MB; records $(du -cm "$WORK"/spark/records/part-* | tail -1 | cut -f1) MB in $PARTITIONS files"

echo "== the merge step alone (release zhkb merge, /usr/bin/time -v)"
i=0
for part in "$WORK"/spark/records/part-*; do
    timed "merge records $(basename "$part")" "$BIN/zhkb" merge "$part" -o "$WORK/partial$i.json"
    i=$((i + 1))
done
timed "merge $i partial KBs into one" "$BIN/zhkb" merge "$WORK"/partial*.json -o "$WORK/tree.json"
cmp "$WORK/tree.json" "$WORK/kb1.json" && echo "   tree of merges: byte-identical"
timed "merge all records in one process" "$BIN/zhkb" merge "$WORK"/spark/records/part-* -o "$WORK/flat.json"
cmp "$WORK/flat.json" "$WORK/kb1.json" && echo "   one merge: byte-identical"
MANY=${ZHKB_BENCH_MANY:-64}
rm -f "$WORK"/partial*.json "$WORK/tree.json" "$WORK/flat.json"
mkdir "$WORK/many"
cat "$WORK"/spark/records/part-* | split -n "r/$MANY" -d -a 3 - "$WORK/many/records"
for part in "$WORK"/many/records*; do
    "$BIN/zhkb" merge "$part" -o "$part.kb.json" 2>/dev/null
    rm "$part"
done
timed "merge $MANY partial KBs into one" "$BIN/zhkb" merge "$WORK"/many/*.kb.json -o "$WORK/many.json"
cmp "$WORK/many.json" "$WORK/kb1.json" && echo "   $MANY partials: byte-identical"
