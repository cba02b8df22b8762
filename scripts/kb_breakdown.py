#!/usr/bin/env python3
"""Where the bytes of a kb.json go: bytes per table and per field (key + value as compact JSON,
UTF-8), rows of arrays folded into `path[]`, nested DEPTH levels; with INPUT_BYTES, each as a
multiple of the input.

    python3 scripts/kb_breakdown.py kb.json [DEPTH [INPUT_BYTES]]
"""
import json, sys, collections
path = sys.argv[1]
depth = int(sys.argv[2]) if len(sys.argv) > 2 else 3
total = 0
with open(path, "rb") as f:
    raw = f.read()
total = len(raw)
kb = json.loads(raw)
sizes = collections.Counter()
counts = collections.Counter()
def size(v):
    return len(json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
def walk(v, p, d):
    if isinstance(v, dict):
        for k, x in v.items():
            q = f"{p}.{k}"
            sizes[q] += len(k.encode()) + 3 + size(x) + 1  # "k": value ,
            counts[q] += 1
            if d > 0: walk(x, q, d - 1)
    elif isinstance(v, list):
        q = p + "[]"
        for x in v:
            sizes[q] += size(x) + 1
            counts[q] += 1
            if d > 0: walk(x, q, d - 1)
for k, v in kb.items():
    sizes[k] = size(v) + len(k) + 4
    counts[k] = 1
    walk(v, k, depth)
inp = int(sys.argv[3]) if len(sys.argv) > 3 else None
print(f"{path}: {total} bytes" + (f", {total / inp:.2f} × input ({inp} bytes)" if inp else ""))
for k, s in sorted(sizes.items(), key=lambda kv: (kv[0].split('.')[0], -kv[1])):
    if s < total * 0.002: continue
    extra = f"  {s / inp:6.3f} × input" if inp else ""
    print(f"{k:50s} {s:12d} {100 * s / total:6.1f}%{extra}  n={counts[k]}")
