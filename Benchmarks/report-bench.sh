#!/usr/bin/env bash
# `zhkb report` on a large knowledge base: generation time, peak memory, file size, and the time
# the page takes to open in Chromium (navigation to the first rendered table, three runs).
#
#   Benchmarks/report-bench.sh [MB]        (default 50)
#
# Builds the release binaries (Benchmarks/common.sh), writes ≥ MB megabytes of records from the
# real articles of the dev corpus (Benchmarks/bench_records.py; ../shared/corpus/dev or
# ZHKB_DEV_CORPUS), ingests them (--jobs 2), then times `zhkb report` (/usr/bin/time -v) and opens
# the page with scripts/report/browser_test.py --open-only (the Playwright venv of
# scripts/report/test.sh). ZHKB_BENCH_KB=FILE reports on an existing KB instead of ingesting.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MB=${1:-50}
source Benchmarks/common.sh
VENV=${ZHKB_REPORT_VENV:-$HOME/.cache/zhkb-report-venv}
if ! "$VENV/bin/python" -c "import playwright" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check playwright
fi
DEV=${ZHKB_DEV_CORPUS:-$ROOT/../shared/corpus/dev}
[ -d "$DEV" ] || DEV=/work/shared/corpus/dev

if [ -n "${ZHKB_BENCH_KB:-}" ]; then KB=$ZHKB_BENCH_KB; else
    echo "== generating ≥ $MB MB of records"
    python3 Benchmarks/bench_records.py "$MB" "$DEV" "$WORK/bench.jsonl"
    KB=$WORK/kb.json
    start=$(date +%s.%N)
    "$BIN/zhkb" ingest --input-format jsonl "$WORK/bench.jsonl" --kb "$KB" --jobs 2 2>/dev/null
    echo "== ingest --jobs 2: $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
fi
echo "== KB $(du -m "$KB" | cut -f1) MB, $(grep -c '"hash"' "$KB" || true) article records; load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

start=$(date +%s.%N)
/usr/bin/time -v -o "$WORK/time.txt" "$BIN/zhkb" report --kb "$KB" -o "$WORK/report.html"
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
rss=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); printf "%.0f", $2 / 1024 }' "$WORK/time.txt")
echo "== zhkb report: $secs s, peak $rss MB, report.html $(du -m "$WORK/report.html" | cut -f1) MB"
for run in 1 2 3; do
    echo -n "== open in Chromium, run $run: "
    "$VENV/bin/python" scripts/report/browser_test.py --open-only "$WORK/report.html"
done
