#!/usr/bin/env python3
"""Build the statistics gold (Tests/ZhAnalysisTests/Fixtures/gold/stats/*.jsonl) from the
hand-written annotation files in Tests/ZhAnalysisTests/Fixtures/gold/stats/src/*.ann.

Offsets are never typed by hand: each annotation line locates its expression in the decoded
article text (Unicode code points, end exclusive) by a context string, searched forward from the
previous expression, so repeated figures are told apart by their order and context.

Usage: scripts/stats_gold_build.py [--corpus DIR] [--check] [--verify] [NAME.ann ...]
  --check   also list numeral runs of the article that no gold expression covers (to review recall)
  --verify  write nothing: check that each committed .jsonl is what its .ann builds and that every
            span is its text; prints "N passed, N failed" (one per article)

Annotation format (one expression per line, fields separated by " | ", trailing fields optional):
  locator | role | value | unit | approx | subject | measure | indicator | key=value ...
    locator   the expression in ASCII brackets with optional context around it: 全年生产总值[6.36万亿元]
              (no brackets: the whole locator is the expression)
    role      s(tatistic) t(ime) o(rdinal) r(ank) l(abel) g(eneric), or the full word
    value     a number, Chinese multipliers allowed (6.36万亿 → 6360000000000); a range as A~B (upper B)
    unit      as written with multipliers expanded (万亩 → 亩, 亿元 → 元); "" when bare
    approx    exact (default) over about under at_least at_most max
    subject   the noun phrase counted; measure: level change share rank target; indicator: standard name
    extras    place=NAME (place=- for none), period=YYYY-MM-DD..YYYY-MM-DD (period=- for none)
Header lines: @file NAME.txt, @place NAME (default place of statistics), @period A..B (default
period of statistics); `# ...` is a comment. Defaults apply to role statistic only.
"""
import argparse
import glob
import json
import os
import re
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLD = os.path.join(ROOT, "Tests", "ZhAnalysisTests", "Fixtures", "gold", "stats")
CORPUS = next((c for c in (os.path.join(ROOT, "..", "shared", "corpus", "dev"),
                           os.path.join(ROOT, "..", "..", "shared", "corpus", "dev")) if os.path.isdir(c)),
              "/work/shared/corpus/dev")
ROLES = {"s": "statistic", "t": "time", "o": "ordinal", "r": "rank", "l": "label", "g": "generic"}
APPROX = {"exact", "over", "about", "under", "at_least", "at_most", "max"}
FULLWIDTH = str.maketrans("0123456789.%/", "０１２３４５６７８９．％／")
FULLWIDTH_SIGNS = str.maketrans("%/", "％／")
MEASURES = {"level", "change", "share", "rank", "target"}
MULT = [("万亿", 10**12), ("亿", 10**8), ("萬億", 10**12), ("億", 10**8), ("万", 10**4), ("萬", 10**4),
        ("千", 10**3), ("百", 10**2)]
# SI conversion of the written units that have one (value of 1 unit in SI).
SI = {"亩": (Decimal(2000) / Decimal(3), "m2"), "畝": (Decimal(2000) / Decimal(3), "m2"),
      "公顷": (Decimal(10000), "m2"), "平方公里": (Decimal(10**6), "m2"), "平方千米": (Decimal(10**6), "m2"),
      "平方米": (Decimal(1), "m2"), "公里": (Decimal(1000), "m"), "千米": (Decimal(1000), "m"),
      "米": (Decimal(1), "m"), "公分": (Decimal("0.01"), "m"), "厘米": (Decimal("0.01"), "m"),
      "吨": (Decimal(1000), "kg"), "噸": (Decimal(1000), "kg"), "公斤": (Decimal(1), "kg"),
      "千克": (Decimal(1), "kg"), "斤": (Decimal("0.5"), "kg"), "克": (Decimal("0.001"), "kg"),
      "千瓦": (Decimal(1000), "W"), "瓦": (Decimal(1), "W"),
      "千瓦时": (Decimal(3600000), "J"), "度": (Decimal(3600000), "J"),
      "小时": (Decimal(3600), "s"), "分钟": (Decimal(60), "s"), "秒": (Decimal(1), "s"),
      "立方米": (Decimal(1), "m3")}


def parse_value(s):
    s = s.strip().replace(",", "")
    for word, factor in MULT:
        if s.endswith(word):
            return parse_value(s[: -len(word)]) * factor
    return Decimal(s)


def num(d):
    d = Decimal(d)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def parse_period(s):
    a, b = s.split("..")
    for x in (a, b):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", x):
            raise ValueError("bad period " + s)
    return {"start": a, "end": b}


def build(ann_path, corpus, check, verify=False):
    header = {}
    lines = []
    with open(ann_path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("@"):
                key, _, val = line[1:].partition(" ")
                header[key] = val.strip()
                continue
            lines.append((n, line))
    text = open(os.path.join(corpus, header["file"]), encoding="utf-8").read()
    default_place = header.get("place")
    default_period = parse_period(header["period"]) if header.get("period") else None
    out = []
    cursor = 0
    errors = 0
    for n, line in lines:
        fields = [x.strip() for x in re.split(r"\s*\|\s*", line)]
        fields += [""] * (9 - len(fields))
        loc, role, value, unit, approx, subject, measure, indicator = fields[:8]
        extras = dict(x.split("=", 1) for x in " ".join(fields[8:]).split() if "=" in x)
        pos = -1
        # As typed first, then with ASCII digits, '.', '%', '/' as their full-width forms (old reports),
        # then with only '%' and '/' full width (ASCII digits with ％, as in Jilin's report).
        for variant in (loc, loc.translate(FULLWIDTH), loc.translate(FULLWIDTH_SIGNS)):
            m = re.fullmatch(r"(.*?)\[(.+?)\](.*)", variant)
            pre, expr, post = (m.group(1), m.group(2), m.group(3)) if m else ("", variant, "")
            needle = pre + expr + post
            pos = text.find(needle, max(0, cursor - len(pre)))
            while pos >= 0 and pos + len(pre) < cursor:
                pos = text.find(needle, pos + 1)
            if pos >= 0:
                break
        if pos < 0:
            print(f"{ann_path}:{n}: not found after offset {cursor}: {needle}", file=sys.stderr)
            errors += 1
            continue
        start = pos + len(pre)
        end = start + len(expr)
        cursor = start + 1
        role = ROLES.get(role, role)
        if role not in ROLES.values():
            print(f"{ann_path}:{n}: bad role {role}", file=sys.stderr)
            errors += 1
        approx = approx or "exact"
        if approx not in APPROX:
            print(f"{ann_path}:{n}: bad approx {approx}", file=sys.stderr)
            errors += 1
        if measure and measure not in MEASURES:
            print(f"{ann_path}:{n}: bad measure {measure}", file=sys.stderr)
            errors += 1
        rec = {"text": expr, "start": start, "end": end}
        lo, _, hi = value.partition("~")
        try:
            val = parse_value(lo)
            rec["value"] = num(val)
            if hi:
                rec["upper"] = num(parse_value(hi))
        except Exception:
            print(f"{ann_path}:{n}: bad value {value!r}", file=sys.stderr)
            errors += 1
            continue
        rec["approx"] = approx
        rec["unit"] = unit
        if unit in SI:
            factor, si_unit = SI[unit]
            rec["si"] = {"value": round(float(val * factor), 6), "unit": si_unit}
            if hi:
                rec["si"]["upper"] = round(float(parse_value(hi) * factor), 6)
        rec["role"] = role
        rec["subject"] = subject
        place = extras.get("place", default_place if role == "statistic" else None)
        rec["place"] = None if place in (None, "-") else place
        period = extras.get("period")
        if period is None and role == "statistic":
            rec["period"] = default_period
        elif period and period != "-":
            rec["period"] = parse_period(period)
        if rec.get("period") is None:
            rec.pop("period", None)
        if indicator:
            rec["indicator"] = indicator
        if measure:
            rec["measure"] = measure
        out.append(rec)
    spans = sorted((r["start"], r["end"]) for r in out)
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        if a2 < b1:
            print(f"{ann_path}: overlapping gold spans {text[a1:b1]}@{a1} / {text[a2:b2]}@{a2}", file=sys.stderr)
    if check:
        covered = set()
        for r in out:
            covered.update(range(r["start"], r["end"]))
        for m in re.finditer(r"[0-9０-９〇零一二两三四五六七八九十百千万亿兩萬億ⅠⅡⅢⅣⅤ]+", text):
            if not any(i in covered for i in range(m.start(), m.end())):
                ctx = text[max(0, m.start() - 6):m.end() + 6].replace("\n", "⏎")
                print(f"  uncovered {m.group()!r}@{m.start()}: …{ctx}…")
    out.sort(key=lambda r: (r["start"], r["end"]))
    base = os.path.splitext(header["file"])[0]
    lines_out = "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in out)
    target = os.path.join(GOLD, base + ".jsonl")
    if verify:
        # The committed gold must be what the annotation builds, and every span must be its text.
        problems = []
        current = open(target, encoding="utf-8").read() if os.path.exists(target) else ""
        if current != lines_out:
            problems.append(f"{target} differs from what {os.path.basename(ann_path)} builds")
        for r in (json.loads(l) for l in current.splitlines() if l.strip()):
            if text[r["start"]:r["end"]] != r["text"]:
                problems.append(f"{base}: span {r['start']}..{r['end']} is not {r['text']!r}")
        for msg in problems:
            print("FAIL " + msg, file=sys.stderr)
        return errors + len(problems)
    with open(target, "w", encoding="utf-8") as f:
        f.write(lines_out)
    counts = {}
    for r in out:
        counts[r["role"]] = counts.get(r["role"], 0) + 1
    print(f"{base}: {len(out)} expressions {counts}" + (f", {errors} errors" if errors else ""))
    return errors


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.normpath(CORPUS))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--verify", action="store_true",
                    help="write nothing; check that the committed .jsonl files are what the .ann files build")
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(GOLD, "src", "*.ann")))
    results = [build(p, a.corpus, a.check, a.verify) for p in files]
    if a.verify:
        failed = sum(1 for r in results if r)
        print(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if any(results) else 0)


if __name__ == "__main__":
    main()
