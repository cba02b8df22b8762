#!/usr/bin/env bash
# Scores `zhkb segment` on the SIGHAN 2005 dev halves (PKU, MSR) with the shared scorer, and raw
# ICU word breaks side by side (zhkb-bench icu-segment). Each corpus is segmented with its own
# model (--standard pku / msr); the lexicon lattice (no --standard) and raw ICU are scored too.
# Usage: scripts/seg_eval.sh [extra segment flags]
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
if [ ! -d "$EVAL/sighan2005" ]; then echo "no $EVAL/sighan2005; nothing to score" >&2; exit 0; fi
swift build -c release --product zhkb >/tmp/seg_eval_build.log || { cat /tmp/seg_eval_build.log; exit 1; }
swift build -c release --product zhkb-bench >>/tmp/seg_eval_build.log || { cat /tmp/seg_eval_build.log; exit 1; }
BIN=$(swift build -c release --show-bin-path)
tmp=$(mktemp -d)
for corpus in pku msr; do
  "$BIN/zhkb" segment --standard "$corpus" "$@" "$EVAL/sighan2005/${corpus}_dev.utf8" > "$tmp/$corpus.zhkb"
  "$BIN/zhkb" segment "$@" "$EVAL/sighan2005/${corpus}_dev.utf8" > "$tmp/$corpus.lattice"
  "$BIN/zhkb-bench" icu-segment "$EVAL/sighan2005/${corpus}_dev.utf8" > "$tmp/$corpus.icu"
  printf '%s zhkb: ' "$corpus"
  python3 "$EVAL/scorers/seg_score.py" "$EVAL/sighan2005/${corpus}_dev_gold.utf8" "$tmp/$corpus.zhkb" "$EVAL/sighan2005/${corpus}_training_words.utf8"
  printf '%s lattice (no --standard, what extraction uses): ' "$corpus"
  python3 "$EVAL/scorers/seg_score.py" "$EVAL/sighan2005/${corpus}_dev_gold.utf8" "$tmp/$corpus.lattice" "$EVAL/sighan2005/${corpus}_training_words.utf8"
  printf '%s icu:  ' "$corpus"
  python3 "$EVAL/scorers/seg_score.py" "$EVAL/sighan2005/${corpus}_dev_gold.utf8" "$tmp/$corpus.icu" "$EVAL/sighan2005/${corpus}_training_words.utf8"
done
rm -rf "$tmp"
