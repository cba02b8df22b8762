#!/usr/bin/env python3
"""Score zhkb's quantities against the statistics gold (issues 13 and 14).

Usage:
    scripts/stats_eval.py [--zhkb BIN] [--gold DIR] [--corpus DIR] [--pred-dir DIR]
                          [--pass-date] [--save-pred DIR] [--show N] [--json]

For every article of <gold>/articles.json, runs `zhkb extract --jsonl FILE` (or reads
<pred-dir>/<article>.jsonl, one zhkb record or its quantities) and matches predicted quantities to
gold expressions by span: one to one, exact spans first, then the largest overlap. Prints one JSON
object (figures per article and over all) and a short table.

Figures:
  statistic recall / precision / F1   gold role statistic vs predicted statistics, one-to-one by
                                      overlapping span (also: exact-span recall)
  value, unit, approx accuracy        on matched statistic pairs (value: relative error < 1e-6,
                                      and upper when gold has one; unit after NFKC and the
                                      equivalences below)
  bounds accuracy                     on matched statistics whose gold is a range or bound (upper, or
                                      approx not exact): value, upper and approx all right
  role accuracy                       on every gold expression matched by any predicted quantity
  subject exact / containment         on matched statistics (after dropping punctuation/spaces)
  place accuracy                      on matched statistics (suffixes 省 市 自治区 特别行政区 区 县
                                      dropped; 全国 = 中国 = 我国; gold null matches an empty prediction)
  period accuracy                     on matched statistics whose gold has a period (start and end
                                      equal); also how many predicted periods where gold has none
  indicator, measure accuracy         on matched statistics whose gold has one

Fields zhkb does not output yet count as wrong (or, for role, are derived): until quantities carry
`role`, a quantity is a statistic unless its unitKind is year, date, time or ordinal (derived roles:
year/date/time → time, ordinal → ordinal). `period` is read as {start, end} (ISO dates).
Comparisons map a few traditional characters to simplified ones (units, subjects, places), since the
gold keeps the text's script and zhkb may normalise it.

--pass-date adds `--date <document date>` from articles.json when `zhkb extract --help` lists it.
Without --zhkb the release binary .build/release/zhkb is used and built when missing.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLD = os.path.join(ROOT, "Tests", "ZhAnalysisTests", "Fixtures", "gold", "stats")
NON_STAT_KINDS = {"year", "date", "time", "ordinal"}
T2S = str.maketrans("萬億個張項筆戶畝噸歲輛臺場間條門幣園學費區縣廣東華國開發業總數額計劃產標準級貸款盈虧餘務體費員會", 
                    "万亿个张项笔户亩吨岁辆台场间条门币园学费区县广东华国开发业总数额计划产标准级贷款盈亏余务体费员会")
UNIT_EQUIV = {"$": "港元", "HK$": "港元", "港币": "港元", "蚊": "港元"}
PLACE_SUFFIX = re.compile(r"(特别行政区|特別行政區|自治区|自治區|省|市|区|區|县|縣)$")
PUNCT = re.compile(r"[\s\u3000\"'“”‘’「」『』《》〈〉（）()【】\[\]、，,。.:：;；·・/／]")


def corpus_dir():
    for c in (os.path.join(ROOT, "..", "shared", "corpus", "dev"),
              os.path.join(ROOT, "..", "..", "shared", "corpus", "dev"), "/work/shared/corpus/dev"):
        if os.path.isdir(c):
            return os.path.normpath(c)
    return None


def norm_text(s):
    return PUNCT.sub("", unicodedata.normalize("NFKC", s or "")).translate(T2S)


def norm_unit(u):
    u = unicodedata.normalize("NFKC", u or "").strip().translate(T2S)
    return UNIT_EQUIV.get(u, u)


NATIONAL = {"全国", "中国", "我国", "中华人民共和国", "國家", "全國", "我國"}


def norm_place(p):
    p = norm_text(p)
    if p in NATIONAL:
        return "全国"
    return PLACE_SUFFIX.sub("", p) if len(p) > 2 else p


def pred_role(q):
    if q.get("role"):
        return q["role"]
    kind = q.get("unitKind", "")
    if kind in ("year", "date", "time"):
        return "time"
    if kind == "ordinal":
        return "ordinal"
    return "statistic"


def same_number(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def overlap(a, b):
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def match(gold, pred):
    """One-to-one matching by span: exact spans first, then the largest overlap, then the nearest start."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = overlap(g, p)
            if ov > 0:
                exact = g["start"] == p["start"] and g["end"] == p["end"]
                pairs.append((0 if exact else 1, -ov, abs(g["start"] - p["start"]), i, j))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for _, _, _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def ensure_binary(path, explicit):
    if os.path.exists(path):
        return path
    if explicit:
        sys.exit(f"stats_eval: no zhkb binary at {path}")
    print("stats_eval: building zhkb (release)…", file=sys.stderr)
    subprocess.run(["swift", "build", "-c", "release", "--product", "zhkb"], cwd=ROOT, check=True,
                   stdout=sys.stderr)
    return path


def run_zhkb(binary, path, date):
    help_text = subprocess.run([binary, "extract", "--help"], capture_output=True, text=True).stdout
    cmd = [binary, "extract", "--jsonl", path]
    if "--no-keywords" in help_text:
        cmd.insert(3, "--no-keywords")
    if date and "--date" in help_text:
        cmd[3:3] = ["--date", date]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return out


def read_pred(text):
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return []
    first = json.loads(lines[0])
    if isinstance(first, dict) and "quantities" in first:
        return first["quantities"]
    return [json.loads(l) for l in lines]


class Tally:
    def __init__(self):
        self.c = {}

    def add(self, key, ok=True, n=1):
        hit, tot = self.c.get(key, (0, 0))
        self.c[key] = (hit + (n if ok else 0), tot + n)

    def rate(self, key):
        hit, tot = self.c.get(key, (0, 0))
        return round(hit / tot, 3) if tot else None

    def merge(self, other):
        for k, (h, t) in other.c.items():
            self.add(k, n=0)
            hit, tot = self.c[k]
            self.c[k] = (hit + h, tot + t)


def score_article(gold, pred, show, name):
    t = Tally()
    gstat = [g for g in gold if g["role"] == "statistic"]
    pstat = [p for p in pred if pred_role(p) == "statistic"]
    pairs = match(gstat, pstat)
    exact = sum(1 for i, j in pairs if gstat[i]["start"] == pstat[j]["start"] and gstat[i]["end"] == pstat[j]["end"])
    t.add("gold_statistics", n=len(gstat))
    t.add("pred_statistics", n=len(pstat))
    t.add("matched", n=len(pairs))
    t.add("matched_exact_span", n=exact)
    misses = []
    for i, j in pairs:
        g, p = gstat[i], pstat[j]
        ok_value = same_number(g["value"], p.get("value")) and (
            "upper" not in g or same_number(g["upper"], p.get("upper")))
        t.add("value", ok_value)
        t.add("unit", norm_unit(g["unit"]) == norm_unit(p.get("unit")))
        t.add("approx", g["approx"] == p.get("approx", "exact"))
        if g["approx"] != "exact" or "upper" in g:
            # Ranges and bounds: value, upper and approx all right.
            t.add("bounds", ok_value and g["approx"] == p.get("approx", "exact"))
        gs, ps = norm_text(g["subject"]), norm_text(p.get("subject"))
        t.add("subject_exact", gs == ps)
        t.add("subject_containment", bool(gs and ps and (gs in ps or ps in gs)) or gs == ps)
        gp, pp = g.get("place"), p.get("place")
        t.add("place", (not gp and not pp) or (bool(gp) and bool(pp) and norm_place(gp) == norm_place(pp)))
        pper = p.get("period") if isinstance(p.get("period"), dict) else None
        if g.get("period"):
            t.add("period", bool(pper) and pper.get("start") == g["period"]["start"]
                  and pper.get("end") == g["period"]["end"])
        elif pper:
            t.add("period_spurious", n=1)
        if g.get("indicator"):
            t.add("indicator", norm_text(p.get("indicator")) == norm_text(g["indicator"]))
        if g.get("measure"):
            t.add("measure", p.get("measure") == g["measure"])
        if not ok_value or norm_unit(g["unit"]) != norm_unit(p.get("unit")) or g["approx"] != p.get("approx"):
            misses.append(f"  {name}: {g['text']}@{g['start']} gold {g['value']} {g['unit']} {g['approx']}"
                          f" / zhkb {p.get('text')} {p.get('value')} {p.get('unit')} {p.get('approx')}")
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    fn = [gstat[i] for i in range(len(gstat)) if i not in matched_g]
    fp = [pstat[j] for j in range(len(pstat)) if j not in matched_p]
    # Role accuracy: every gold expression against any overlapping prediction.
    for i, j in match(gold, pred):
        t.add("role", gold[i]["role"] == pred_role(pred[j]))
        t.add(f"role_{gold[i]['role']}", gold[i]["role"] == pred_role(pred[j]))
    if show:
        for g in fn[:show]:
            print(f"  {name}: missed statistic {g['text']}@{g['start']}", file=sys.stderr)
        for p in fp[:show]:
            g_any = next((g for g in gold if overlap(g, p)), None)
            why = f" (gold {g_any['role']} {g_any['text']})" if g_any else ""
            print(f"  {name}: spurious statistic {p.get('text')}@{p.get('start')}{why}", file=sys.stderr)
        for m in misses[:show]:
            print(m, file=sys.stderr)
    return t


def figures(t):
    g = t.c.get("gold_statistics", (0, 0))[1]
    p = t.c.get("pred_statistics", (0, 0))[1]
    m = t.c.get("matched", (0, 0))[1]
    e = t.c.get("matched_exact_span", (0, 0))[1]
    rec = m / g if g else None
    prec = m / p if p else None
    f1 = 2 * rec * prec / (rec + prec) if rec and prec else None
    out = {"gold_statistics": g, "pred_statistics": p, "matched": m,
           "recall": round(rec, 3) if rec is not None else None,
           "precision": round(prec, 3) if prec is not None else None,
           "f1": round(f1, 3) if f1 is not None else None,
           "recall_exact_span": round(e / g, 3) if g else None}
    for k in ("value", "unit", "approx", "bounds", "role", "subject_exact", "subject_containment", "place", "period",
              "indicator", "measure"):
        out[k] = t.rate(k)
        out[k + "_n"] = t.c.get(k, (0, 0))[1]
    out["period_spurious"] = t.c.get("period_spurious", (0, 0))[1]
    for k in sorted(t.c):
        if k.startswith("role_"):
            out[k] = t.rate(k)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zhkb")
    ap.add_argument("--gold", default=GOLD)
    ap.add_argument("--corpus", default=corpus_dir())
    ap.add_argument("--pred-dir", help="read <article>.jsonl predictions instead of running zhkb")
    ap.add_argument("--save-pred", help="write zhkb's output per article into this folder")
    ap.add_argument("--pass-date", action="store_true", help="pass the document date (--date) when supported")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses per article on stderr")
    ap.add_argument("--json", action="store_true", help="print the JSON only")
    a = ap.parse_args()
    articles = json.load(open(os.path.join(a.gold, "articles.json"), encoding="utf-8"))
    binary = None
    if not a.pred_dir:
        binary = ensure_binary(a.zhkb or os.path.join(ROOT, ".build", "release", "zhkb"), bool(a.zhkb))
    total = Tally()
    result = {"zhkb": binary, "pred_dir": a.pred_dir, "articles": {}}
    for name, meta in articles.items():
        gold_path = os.path.join(a.gold, name + ".jsonl")
        if not os.path.exists(gold_path):
            continue
        gold = [json.loads(l) for l in open(gold_path, encoding="utf-8") if l.strip()]
        if a.pred_dir:
            text = open(os.path.join(a.pred_dir, name + ".jsonl"), encoding="utf-8").read()
        else:
            text = run_zhkb(binary, os.path.join(a.corpus, meta["file"]), meta.get("date") if a.pass_date else None)
            if a.save_pred:
                os.makedirs(a.save_pred, exist_ok=True)
                open(os.path.join(a.save_pred, name + ".jsonl"), "w", encoding="utf-8").write(text)
        t = score_article(gold, read_pred(text), a.show, name)
        result["articles"][name] = figures(t)
        total.merge(t)
    result["all"] = figures(total)
    print(json.dumps(result, ensure_ascii=False))
    if a.json:
        return
    cols = [("gold", "gold_statistics"), ("pred", "pred_statistics"), ("R", "recall"), ("P", "precision"),
            ("val", "value"), ("unit", "unit"), ("apx", "approx"), ("role", "role"), ("subjE", "subject_exact"),
            ("subjC", "subject_containment"), ("place", "place"), ("period", "period")]
    print()
    print(f"{'article':24}" + "".join(f"{h:>7}" for h, _ in cols))
    for name, f in list(result["articles"].items()) + [("ALL", result["all"])]:
        cells = []
        for _, k in cols:
            v = f.get(k)
            cells.append(f"{'-' if v is None else v:>7}")
        print(f"{name:24}" + "".join(cells))


if __name__ == "__main__":
    main()
