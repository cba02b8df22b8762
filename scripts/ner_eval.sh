#!/usr/bin/env bash
# Scores `zhkb ner` (the standard pipeline's people, places and organisations, written as BIO)
# on the MSRA and People's Daily NER dev sets with the shared entity-level scorer.
# Usage: scripts/ner_eval.sh [extra ner flags]     (SCRATCH=DIR picks the build folder;
# KEEP=DIR keeps the tagged .bio files there for error analysis)
# The eval sets are for measuring only: nothing in Dictionaries/ comes from them.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
SCRATCH=${SCRATCH:-.build}
if [ ! -d "$EVAL/msra_ner" ]; then echo "no $EVAL/msra_ner; nothing to score" >&2; exit 0; fi
log=$(mktemp)
swift build -c release --product zhkb --scratch-path "$SCRATCH" >"$log" 2>&1 || { cat "$log"; exit 1; }
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
tmp=$(mktemp -d)
for set in msra_ner peoples_daily_ner; do
  "$BIN/zhkb" ner "$@" "$EVAL/$set/dev.txt" > "$tmp/$set.bio"
  python3 "$EVAL/scorers/ner_score.py" "$EVAL/$set/dev.txt" "$tmp/$set.bio" > "$tmp/$set.json"
  python3 - "$set" "$tmp/$set.json" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
print(f"{name}: overall P {d['P']:.3f} R {d['R']:.3f} F {d['F']:.3f}")
for t in sorted(d["per_type"]):
    v = d["per_type"][t]
    print(f"  {t}: P {v['P']:.3f} R {v['R']:.3f} F {v['F']:.3f} (gold {v['gold']}, predicted {v['pred']})")
PY
done
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$tmp"/*.bio "$KEEP"/; fi
rm -rf "$tmp" "$log"
