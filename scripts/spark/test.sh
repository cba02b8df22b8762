#!/usr/bin/env bash
# Equality test of the Spark scale-out: the KB that scripts/spark/zhkb_spark.py builds on
# local[2] is byte-identical to the KB `zhkb ingest` writes from the same input.
#
#   scripts/spark/test.sh            (ZHKB_BIN=/path/to/zhkb to test another binary)
#
# Needs Java 17+ and python3 with venv; pyspark is installed on first use into a virtual
# environment kept outside the clone (ZHKB_SPARK_VENV, default ~/.cache/zhkb-spark-venv), so a
# second run starts at once. Generates ≥ 2,000 articles from the real texts of the dev corpus
# (../shared/corpus/dev, or ZHKB_DEV_CORPUS) into a temporary folder; nothing is written into
# the clone. Prints "N passed, N failed"; exits non-zero when a check failed.
set -euo pipefail
cd "$(dirname "$0")/../.."
TEST_NAME=spark-test
source scripts/test-common.sh

VENV=${ZHKB_SPARK_VENV:-$HOME/.cache/zhkb-spark-venv}
python_venv "$VENV" pyspark pyspark
PY=$VENV/bin/python
export PYSPARK_PYTHON=$PY PYSPARK_DRIVER_PYTHON=$PY
DICT=$ROOT/Dictionaries

spark() {  # spark OUT ARGS… : runs the job on local[2]; sets rc
    local out=$1; shift
    rc=0
    "$PY" scripts/spark/zhkb_spark.py --master 'local[2]' --zhkb "$BIN" --dictionaries "$DICT" \
        --output "$out" "$@" >"$out.log" 2>&1 || rc=$?
    grep -o 'zhkb-spark: .*' "$out.log" || tail -n 20 "$out.log"
}

# 1. Article files: Corpus/ through Spark equals `zhkb ingest Corpus/`.
spark "$WORK/corpus" --input Corpus --partitions 3
check "Corpus/: spark exit 0" test "$rc" = 0
"$BIN" ingest Corpus --kb "$WORK/corpus-ingest.json" --jobs 2 2>/dev/null
check "Corpus/: spark KB byte-identical to zhkb ingest Corpus/" cmp "$WORK/corpus/kb.json" "$WORK/corpus-ingest.json"

# 2. ≥ 2,000 records from the real texts of the dev corpus: whole articles, then pieces of them
#    (runs of paragraphs, numbered) under distinct sources and ids, some dated; every 25th piece
#    repeated under another source (before or after the first in article order, so the rule of
#    duplicates is tested both ways); plus three bad lines.
"$PY" - "$DEV" "$WORK/dev.jsonl" <<'PY'
import json, os, sys
dev, out = sys.argv[1], sys.argv[2]
texts = []
for name in sorted(os.listdir(dev)):
    if not name.endswith(".txt"):
        continue
    with open(os.path.join(dev, name), "rb") as f:
        data = f.read()
    try:
        texts.append((name, data.decode("utf-8")))
    except UnicodeDecodeError:
        pass  # the GBK and Big5 copies of UTF-8 articles
if not texts:
    sys.exit(f"no articles in {dev}")
lines = []
for name, text in texts:
    lines.append({"source": f"dev/{name}", "text": text, "id": name[:-4], "date": "2025-03-05"})
pieces = []
for name, text in texts:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    for i in range(0, len(paragraphs), 3):
        pieces.append((name, i, "\n".join(paragraphs[i:i + 3])[:1200] + "\n"))
k = 0
repeats = 0
while len(lines) < 2100:
    name, i, text = pieces[k % len(pieces)]
    # A numbered line keeps the generated texts distinct, except for the repeats below.
    record = {"source": f"gen/{k // len(pieces)}/{name}#{i}", "text": f"{text}（稿件编号 {k}）\n"}
    if k % 3 == 0:
        record["id"] = k
    if k % 5 == 0:
        record["date"] = f"20{10 + k % 15:02d}-{1 + k % 12:02d}-{1 + k % 28:02d}"
    lines.append(record)
    if k % 25 == 0:
        # The same text again: under a source that sorts before it (the copy is the original)
        # or after it, and every 100th also a whole dev article under a third name.
        copy = {"source": f"{'copy' if k % 50 else 'zz'}/{k}", "text": record["text"], "id": f"copy-{k}"}
        lines.append(copy)
        repeats += 1
        if k % 100 == 0:
            lines.append({"source": f"again/{k}", "text": texts[k % len(texts)][1]})
            repeats += 1
    k += 1
with open(out, "w", encoding="utf-8") as f:
    for n, record in enumerate(lines):
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
        if n in (10, 500):
            f.write('{"source": "bad", "text": 42}\n' if n == 10 else "not json at all\n")
    f.write('{"source": "bad/date", "text": "今天。", "date": "2025-02-30"}\n')
print(f"{len(lines)} records ({repeats} repeated texts), {os.path.getsize(out) / 1048576:.1f} MB (+3 bad lines)")
PY
spark "$WORK/dev" --input "$WORK/dev.jsonl" --partitions 8 --fan-in 3
check "records: spark exit 1 (three bad lines skipped)" test "$rc" = 1
irc=0
"$BIN" ingest --input-format jsonl "$WORK/dev.jsonl" --kb "$WORK/dev-ingest.json" --jobs 2 2>"$WORK/ingest.err" || irc=$?
check "records: zhkb ingest exit 1, three bad lines named" test "$irc" = 1 -a "$(grep -c 'line skipped' "$WORK/ingest.err")" = 3
check "records: spark KB byte-identical to zhkb ingest of the same records" cmp "$WORK/dev/kb.json" "$WORK/dev-ingest.json"
check "records: one article record per good line" test "$(cat "$WORK"/dev/records/part-* | wc -l)" = "$(($(wc -l <"$WORK/dev.jsonl") - 3))"
check "records: repeated texts stored as duplicates of the first analysed article of their text" python3 - "$WORK/dev/kb.json" <<'PY'
import json, sys
kb = json.load(open(sys.argv[1], encoding="utf-8"))
copies = [a for a in kb["articles"] if a.get("duplicateOf")]
originals = {a["hash"]: a["source"] for a in kb["articles"] if not a.get("duplicateOf")}
# Every copy points at the analysed article of its text, which comes first in article order.
ok = copies and all(originals.get(a["hash"]) == a["duplicateOf"] and a["duplicateOf"] < a["source"] and "text" not in a for a in copies)
sys.exit(0 if ok else 1)
PY

# 3. A crashing zhkb fails the job and nothing is merged.
spark "$WORK/crash" --input "$WORK/dev.jsonl" --partitions 2 --zhkb /bin/false
check "failure: spark exit 2 when zhkb exits non-zero" test "$rc" = 2
check "failure: no kb.json written" test ! -e "$WORK/crash/kb.json"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
