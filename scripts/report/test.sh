#!/usr/bin/env bash
# Browser test of `zhkb report`: builds the report of Corpus/ plus the dev corpus
# (../shared/corpus/dev, or ZHKB_DEV_CORPUS) and opens it in Debian's Chromium through Playwright
# (scripts/report/browser_test.py: console errors, charts drawn, fact link → highlighted
# sentence, filter/sort/pages, phone width). Also checks that the page is one file and that a
# missing Chart.js is an error naming its package.
#
#   scripts/report/test.sh [--screenshots DIR]     (ZHKB_BIN=/path/to/zhkb to test another binary)
#
# Needs chromium, fonts-noto-cjk and libjs-chart.js (Debian), python3 with venv; Playwright is
# installed on first use into a virtual environment kept outside the clone (ZHKB_REPORT_VENV,
# default ~/.cache/zhkb-report-venv); it drives /usr/bin/chromium (no browser download).
# Prints "N passed, N failed"; exits non-zero when a check failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHOTS=()
if [ "${1:-}" = "--screenshots" ]; then mkdir -p "$2"; SHOTS=(--screenshots "$(cd "$2" && pwd)"); fi
TEST_NAME=report-test
source scripts/test-common.sh

VENV=${ZHKB_REPORT_VENV:-$HOME/.cache/zhkb-report-venv}
python_venv "$VENV" playwright playwright

rc=0
"$BIN" ingest Corpus "$DEV" --kb "$WORK/kb.json" 2>"$WORK/ingest.err" || rc=$?
check "ingest Corpus/ and the dev corpus (exit $rc)" test "$rc" -le 1
rc=0
"$BIN" report --kb "$WORK/kb.json" -o "$WORK/report.html" 2>"$WORK/report.err" || rc=$?
check "zhkb report exit 0" test "$rc" = 0
check "report is one file: no src= or href= to another file" \
    bash -c "! grep -Eo '(src|href)=\"[^\"#\$][^\"]*\"' '$WORK/report.html' | grep -q ."
rc=0
"$BIN" report --kb "$WORK/kb.json" -o "$WORK/none.html" --chart-js "$WORK/missing/chart.min.js" 2>"$WORK/missing.err" || rc=$?
check "missing Chart.js: exit 2, names libjs-chart.js, writes nothing" \
    test "$rc" = 2 -a ! -e "$WORK/none.html" -a "$(grep -c 'libjs-chart.js' "$WORK/missing.err")" = 1
rc=0
"$BIN" report --kb "$WORK/nokb.json" -o "$WORK/none.html" 2>"$WORK/nokb.err" || rc=$?
check "missing KB: exit 2 with a message" test "$rc" = 2 -a -s "$WORK/nokb.err"

out=$("$VENV/bin/python" scripts/report/browser_test.py "$WORK/report.html" "${SHOTS[@]}" 2>&1) || true
echo "$out" | grep -v ' passed, .* failed$'
line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' || echo "0 passed, 1 failed")
pass=$((pass + $(echo "$line" | cut -d' ' -f1)))
fail=$((fail + $(echo "$line" | cut -d' ' -f3)))

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
