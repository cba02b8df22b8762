"""Writes >= MB megabytes of article records (JSON Lines) from the real UTF-8 articles of the dev
corpus, repeated under distinct sources, each copy numbered by a last line (distinct texts: no
duplicates). Used by spark-bench.sh and report-bench.sh.

    python3 Benchmarks/bench_records.py MB DEV_FOLDER OUT.jsonl
"""
import json
import os
import sys

target, dev, out = float(sys.argv[1]) * 1048576, sys.argv[2], sys.argv[3]
texts = []
for name in sorted(os.listdir(dev)):
    if name.endswith(".txt"):
        try:
            texts.append((name, open(os.path.join(dev, name), "rb").read().decode("utf-8")))
        except UnicodeDecodeError:
            pass
size = n = k = 0
with open(out, "w", encoding="utf-8") as f:
    while size < target:
        for name, text in texts:
            body = f"{text}（稿件编号 {k}）\n"  # distinct texts: no duplicates
            f.write(json.dumps({"source": f"r{k:04d}/{name}", "text": body}, ensure_ascii=False) + "\n")
            size += len(body.encode("utf-8"))
            n += 1
        k += 1
print(f"{n} articles, {size / 1048576:.1f} MB of text, file {os.path.getsize(out) / 1048576:.1f} MB")
