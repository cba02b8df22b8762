#!/usr/bin/env python3
"""Measure zhkb's quantities on the Microsoft Recognizers-Text Chinese specs.

Usage:
    scripts/recognizers_eval.py [--zhkb BIN] [--specs DIR] [--pred-dir DIR] [--models Number,Percent,...]
                                [--show-failures N]

Runs `zhkb extract --lines --jsonl` once per model on all spec inputs (one per line) and counts
a case *recovered* when every gold result is overlapped by a zhkb quantity whose value equals
the gold value numerically (percent: 5.5 for "5.5%"; per-mille quantities are divided by ten;
a range counts when either bound matches), and a case without gold results is recovered when
zhkb reports nothing. Prints one JSON line per model with the share of recovered cases, over
all cases and over the cases the reference implementation supports (no "dotnet" in
NotSupported, as the scorer counts them).

With --pred-dir, also writes <Model>.pred.json in the format of
../shared/eval/scorers/recognizers_score.py (numeral spans trimmed of units and cue words,
End inclusive) so that the scorer can be run on it.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TYPE = {"Number": "number", "Percent": "percentage", "Currency": "currency", "Age": "age"}
CURRENCY = {"元": "Chinese yuan", "美元": "United States dollar", "欧元": "Euro", "日元": "Japanese yen",
            "港元": "Hong Kong dollar", "英镑": "British pound", "新台币": "New Taiwan dollar",
            "瑞士法郎": "Swiss franc", "奈拉": "Nigerian naira", "比特币": "Bitcoin"}
AGE = {"岁": "Year", "周岁": "Year", "虚岁": "Year", "月": "Month", "周": "Week", "天": "Day", "年": "Year"}
NUMERAL = set("0123456789.,零〇○一二两俩三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟萬億兩貳參陸倆廿卅点點几幾余多分之又负負-/^eEkK%‰％")


def find_zhkb():
    for p in (".build-quantities/debug/zhkb", ".build/debug/zhkb", ".build/release/zhkb"):
        full = os.path.join(ROOT, p)
        if os.path.exists(full):
            return full
    return "zhkb"


def run_zhkb(binary, inputs, command=None):
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
        for text in inputs:
            f.write(text.replace("\r", " ").replace("\n", " ") + "\n")
        path = f.name
    try:
        argv = command.split() + [path] if command else [binary, "extract", "--lines", "--jsonl", "--jobs", "1", path]
        out = subprocess.run(argv,
                             capture_output=True, text=True, check=False)
    finally:
        os.unlink(path)
    if out.returncode not in (0, 1):
        sys.stderr.write(out.stderr)
        raise SystemExit("zhkb failed with exit code %d" % out.returncode)
    records = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    if len(records) != len(inputs):
        raise SystemExit("zhkb returned %d records for %d inputs" % (len(records), len(inputs)))
    return [r.get("quantities", []) for r in records]


def gold_number(v):
    if v is None:
        return None
    s = str(v).strip().replace(",", "")
    if s.endswith("%"):
        s = s[:-1]
    try:
        return float(s)
    except ValueError:
        return None


def comparable(q):
    """Values of a quantity as the specs write them."""
    vals = [q.get("value")]
    if q.get("upper") is not None:
        vals.append(q["upper"])
    if q.get("unitKind") == "permille":
        vals = [v / 10 for v in vals]
    return [v for v in vals if v is not None]


def close(a, b):
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-12)


def recovered(case, quantities):
    results = case.get("Results") or []
    if not results:
        return not quantities
    for r in results:
        g = gold_number((r.get("Resolution") or {}).get("value"))
        s, e = int(r["Start"]), int(r["End"]) + 1
        ok = False
        for q in quantities:
            if q["start"] < e and s < q["end"] and g is not None and any(close(v, g) for v in comparable(q)):
                ok = True
                break
        if not ok:
            return False
    return True


def numeral_span(text, q):
    """The numeral part of a quantity (the specs of the Number model mark only the number)."""
    a, b = q["start"], q["end"]
    while a < b and text[a] not in NUMERAL:
        a += 1
    while b > a and text[b - 1] not in NUMERAL:
        b -= 1
    return a, b


def prediction(model, case, quantities):
    text = case["Input"]
    out = []
    for q in quantities:
        kind = q.get("unitKind", "count")
        if model == "Percent" and kind not in ("percent", "permille", "percentage_point"):
            continue
        if model == "Currency" and kind != "money":
            continue
        if model == "Age" and kind not in ("age", "duration"):
            continue
        if model == "Number":
            a, b = numeral_span(text, q)
            if a >= b:
                continue
        else:
            a, b = q["start"], q["end"]
        value = q["value"]
        if kind == "permille":
            value = value / 10
        number = str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
        res = {"value": number + "%" if model == "Percent" else number}
        if model == "Currency":
            res["unit"] = CURRENCY.get(q.get("unit", ""), q.get("unit", ""))
        if model == "Age":
            res["unit"] = AGE.get(q.get("unit", ""), q.get("unit", ""))
        out.append({"Text": text[a:b], "TypeName": TYPE[model], "Start": a, "End": b - 1, "Resolution": res})
    return {"Input": text, "Results": out}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zhkb", default=find_zhkb())
    ap.add_argument("--specs", default=os.path.join(ROOT, "..", "shared", "eval", "recognizers_zh"))
    ap.add_argument("--pred-dir")
    ap.add_argument("--command", help="run this command with the input file appended instead of zhkb extract "
                    "(it must print one JSON object with a quantities array per input line)")
    ap.add_argument("--models", default="Number,Percent,Currency,Age")
    ap.add_argument("--show-failures", type=int, default=0)
    args = ap.parse_args()
    worst = 1.0
    for model in args.models.split(","):
        with open(os.path.join(args.specs, model + "Model.json"), encoding="utf-8-sig") as f:
            cases = json.load(f)
        quantities = run_zhkb(args.zhkb, [c["Input"] for c in cases], args.command)
        ok = ok_supported = supported = 0
        failures = []
        for case, qs in zip(cases, quantities):
            good = recovered(case, qs)
            ok += good
            if "dotnet" not in str(case.get("NotSupported", "")).lower():
                supported += 1
                ok_supported += good
            if not good:
                failures.append((case["Input"], [(r["Text"], (r.get("Resolution") or {}).get("value")) for r in case.get("Results") or []],
                                 [(q["text"], q["value"], q.get("upper"), q.get("unit"), q.get("unitKind")) for q in qs]))
        share = ok / len(cases)
        worst = min(worst, share)
        print(json.dumps({"model": model, "cases": len(cases), "recovered": ok, "share": round(share, 4),
                          "supported_cases": supported, "supported_recovered": ok_supported,
                          "supported_share": round(ok_supported / supported, 4) if supported else None},
                         ensure_ascii=False))
        for fail in failures[: args.show_failures]:
            print("  MISS", json.dumps(fail, ensure_ascii=False))
        if args.pred_dir:
            os.makedirs(args.pred_dir, exist_ok=True)
            with open(os.path.join(args.pred_dir, model + "Model.pred.json"), "w", encoding="utf-8") as f:
                json.dump([prediction(model, c, q) for c, q in zip(cases, quantities)], f, ensure_ascii=False, indent=0)
    return 0 if worst >= 0.85 else 1


if __name__ == "__main__":
    sys.exit(main())
