#!/usr/bin/env python3
"""Build gold entity files (JSONL, code-point offsets) from hand-written annotation sheets.

Sheets live in Tests/ZhAnalysisTests/Fixtures/gold/entities/annotations/<article>.txt; the
article is read from --corpus (default /work/shared/corpus/dev). Output:
Tests/ZhAnalysisTests/Fixtures/gold/entities/<article>.jsonl. The sheet format and the
annotation conventions are in Tests/ZhAnalysisTests/Fixtures/gold/entities/README.md.

Offsets are computed here over the decoded str (Unicode code points, end exclusive),
never by hand. Every occurrence of every listed surface form becomes a mention, except
occurrences that overlap a longer span claimed by another entity or by a `block` line
(nested names: the outer name wins), or that fall inside a `not=` context of that entity.

  python3 scripts/gold_entities_build.py [--corpus DIR] [--verify] [--show] [ARTICLE...]

--verify writes nothing: it checks that each committed JSONL file is what its sheet builds and
that every mention's text is the article's text at its offsets, and prints "N passed, N failed".
"""
import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLD = ROOT / "Tests/ZhAnalysisTests/Fixtures/gold/entities"
TYPES = {"person": "person", "per": "person", "place": "place", "loc": "place",
         "organization": "organization", "org": "organization"}
LEVELS = {"country", "province", "prefecture", "county", "township", "region", "feature"}


def occurrences(text, s):
    i = text.find(s)
    while i >= 0:
        yield i, i + len(s)
        i = text.find(s, i + 1)


def parse_sheet(path):
    entities, blocks = [], []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in line.split("|")]
        head = cols[0]
        if head == "block":
            blocks.extend(c for c in cols[1:] if c)
            continue
        if head not in TYPES or len(cols) < 2 or not cols[1]:
            sys.exit(f"{path}:{n}: expected 'type | name | forms | key=value…' or 'block | …'")
        ent = {"type": TYPES[head], "name": cols[1], "forms": [cols[1]], "not": [], "line": n}
        if len(cols) > 2 and cols[2]:
            ent["forms"] += [f.strip() for f in cols[2].split(",") if f.strip()]
        rest = " | ".join(cols[3:])
        note = None
        if "note=" in rest:  # a note runs to the end of the line and may hold ';'
            rest, _, note = rest.partition("note=")
            ent["note"] = note.strip()
        for kv in rest.split("|"):
            for item in [x for x in kv.split(";") if x.strip()]:
                item = item.strip()
                if item == "optional":
                    ent["optional"] = True
                    continue
                k, _, v = item.partition("=")
                k, v = k.strip(), v.strip()
                if k == "not":
                    ent["not"].append(v)
                elif k in ("level", "parent", "scope"):
                    if k == "level" and v not in LEVELS:
                        sys.exit(f"{path}:{n}: unknown level {v}")
                    ent[k] = v
                else:
                    sys.exit(f"{path}:{n}: unknown key {k}")
        entities.append(ent)
    return entities, blocks


def build(text, entities, blocks, where):
    # Candidate spans: (start, end, entity index or -1 for a block).
    cands = []
    for b in blocks:
        found = list(occurrences(text, b))
        if not found:
            sys.exit(f"{where}: block string not in text: {b}")
        cands += [(s, e, -1) for s, e in found]
    for i, ent in enumerate(entities):
        nots = []
        for c in ent["not"]:
            found = list(occurrences(text, c))
            if not found:
                sys.exit(f"{where}: line {ent['line']}: not= context not in text: {c}")
            nots += found
        for f in ent["forms"]:
            found = list(occurrences(text, f))
            if not found:
                sys.exit(f"{where}: line {ent['line']}: form not in text: {f}")
            for s, e in found:
                if any(ns <= s and e <= ne for ns, ne in nots):
                    continue
                cands.append((s, e, i))
    # Longest first; a span is kept unless it overlaps a longer (or equal, earlier) kept span.
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    kept = []
    for s, e, i in cands:
        if any(s < ke and ks < e for ks, ke, _ in kept):
            continue
        kept.append((s, e, i))
    out = []
    for i, ent in enumerate(entities):
        ms = sorted((s, e) for s, e, j in kept if j == i)
        if not ms:
            sys.exit(f"{where}: line {ent['line']}: {ent['name']} has no mention left")
        obj = {"type": ent["type"], "name": ent["name"],
               "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in ms]}
        for k in ("level", "parent", "scope", "note", "optional"):
            if k in ent:
                obj[k] = ent[k]
        out.append(obj)
    keys = [(o["type"], o["name"], o.get("scope")) for o in out]
    if len(set(keys)) != len(keys):
        sys.exit(f"{where}: duplicate entity (type, name, scope)")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="/work/shared/corpus/dev")
    ap.add_argument("--verify", action="store_true",
                    help="write nothing; check the committed JSONL files; print 'N passed, N failed'")
    ap.add_argument("--show", action="store_true", help="print every mention with context")
    ap.add_argument("articles", nargs="*")
    a = ap.parse_args()
    sheets = sorted((GOLD / "annotations").glob("*.txt"))
    if a.articles:
        sheets = [s for s in sheets if s.stem in a.articles]
    passed = failed = 0
    for sheet in sheets:
        text = (pathlib.Path(a.corpus) / (sheet.stem + ".txt")).read_text(encoding="utf-8")
        ents, blocks = parse_sheet(sheet)
        out = build(text, ents, blocks, sheet.name)
        body = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in out)
        target = GOLD / (sheet.stem + ".jsonl")
        if a.verify:
            problems = []
            if not target.exists() or target.read_text(encoding="utf-8") != body:
                problems.append(f"differs from annotations/{sheet.name} (rebuild it)")
            elif any(text[m["start"]:m["end"]] != m["text"]
                     for l in body.splitlines() for m in json.loads(l)["mentions"]):
                problems.append("a mention's text is not the article's text at its offsets")
            for p in problems:
                print(f"{target.name}: {p}", file=sys.stderr)
            failed += bool(problems)
            passed += not problems
        else:
            target.write_text(body, encoding="utf-8")
        counts = {}
        for o in out:
            counts[o["type"]] = counts.get(o["type"], 0) + 1
        print(f"{sheet.stem}: {len(out)} entities {counts}, {sum(len(o['mentions']) for o in out)} mentions")
        if a.show:
            for o in out:
                print(f"  {o['type'][:3]} {o['name']}" + (f" [{o.get('scope')}]" if o.get("scope") else ""))
                for m in o["mentions"]:
                    ctx = text[max(0, m["start"] - 6):m["start"]] + "【" + m["text"] + "】" + text[m["end"]:m["end"] + 6]
                    print(f"      {m['start']:5d} {ctx.replace(chr(10), '⏎')}")
    if a.verify:
        print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
