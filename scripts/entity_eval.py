#!/usr/bin/env python3
"""Score `zhkb extract` entities against the hand-annotated gold entities of dev articles.

Gold: Tests/ZhAnalysisTests/Fixtures/gold/entities/<article>.jsonl (format and conventions in the
README there); the article text is <corpus>/<article>.txt. For each gold article this runs
`zhkb extract --jsonl ARTICLE` and reports, per type and overall:

  entity   strict   one-to-one match on (type, name); names compared after NFKC (ＵＰＳ = UPS)
           lenient  strict, or the predicted name equals the text of any mention of a gold
                    entity of the same type (a short form or an alias)
           aligned  lenient, or the predicted entity shares an exact mention span with a gold
                    entity of the same type, whatever its name (recognition without naming)
  mention  exact    (start, end, type) of every mention, code points, end exclusive
  wrong canonical names
           predicted entity names written nowhere in the article (not even across a layout
           break, or after NFKC width folding) and not a gold canonical name: a name the KB
           would assert that the text never states (英国工党 for 工黨, 海东市 from 上海东站).
           Each is classed by how it relates to its own mentions: "script" (the name is a
           mention written in the other script, 關智偉 → 关智伟), "expanded" (a mention is a
           part of the name, 长春 → 长春市, 港 → 香港特别行政区), "script+expanded" (灣仔 →
           湾仔区), "other" (党中央 → 中国共产党
           中央委员会, 工黨 → 英国工党); and, in gold articles, by the gold entities that share a
           mention span with it ("gold": [] means no gold entity is behind it at all).

Gold entities marked "optional" (borderline cases) count neither way: a prediction that matches
one is ignored, and they are not in the recall denominator. Likewise for mentions.

--all additionally scans every UTF-8 article of the corpus (no gold needed) for wrong canonical
names, by the "written nowhere in the article" test alone.

  python3 scripts/entity_eval.py [--zhkb .build/release/zhkb] [--corpus DIR] [--all] [--json FILE|-]
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import unicodedata

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLD = ROOT / "Tests/ZhAnalysisTests/Fixtures/gold/entities"
DEFAULT_ZHKB = ".build/release/zhkb"
TYPES = ("person", "place", "organization")


def nfkc(s):
    """Names are compared after NFKC width folding (ＵＰＳ = UPS): width is not naming."""
    return unicodedata.normalize("NFKC", s)


def prf(tp, npred, ngold):
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": npred, "gold": ngold, "p": round(p, 4), "r": round(r, 4), "f": round(f, 4)}


def load_gold(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def run_zhkb(zhkb, article):
    out = subprocess.run([str(zhkb), "extract", "--jsonl", str(article)],
                         capture_output=True, text=True, encoding="utf-8")
    if out.returncode != 0 or not out.stdout.strip():
        sys.exit(f"{zhkb} extract --jsonl {article}: exit {out.returncode}\n{out.stderr}")
    return json.loads(out.stdout.splitlines()[0])


def written(name, text, squeezed, folded):
    """Is this name written in the text (possibly across a layout break or in other widths)?"""
    if name in text:
        return "as-is"
    if re.sub(r"\s+", "", name) in squeezed:
        return "across-whitespace"
    if unicodedata.normalize("NFKC", name) in folded:
        return "nfkc"
    return None


class Texts:
    def __init__(self, text):
        self.text = text
        self.squeezed = re.sub(r"\s+", "", text)
        self.folded = unicodedata.normalize("NFKC", self.squeezed)

    def written(self, name):
        return written(name, self.text, self.squeezed, self.folded)


def score_article(gold, pred, texts):
    counts = {t: {"es": [0, 0, 0], "el": [0, 0, 0], "ea": [0, 0, 0], "m": [0, 0, 0]} for t in TYPES}

    def bump(t, k, i, n=1):
        counts.setdefault(t, {"es": [0, 0, 0], "el": [0, 0, 0], "ea": [0, 0, 0], "m": [0, 0, 0]})[k][i] += n

    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    for g in required:
        for k in ("es", "el", "ea"):
            bump(g["type"], k, 2)
    details = {"missed": [], "spurious": [], "lenient_only": []}

    # Entity level, strict then lenient, one-to-one.
    def spans(e):
        return {(m["start"], m["end"]) for m in e.get("mentions", [])}

    def match(level):
        tests = [lambda p, g: nfkc(p["name"]) == nfkc(g["name"])]
        if level in ("el", "ea"):
            tests.append(lambda p, g: nfkc(p["name"]) in {nfkc(m["text"]) for m in g["mentions"]})
        if level == "ea":
            tests.append(lambda p, g: bool(spans(p) & spans(g)))
        used, matched, ignored = set(), {}, set()
        for test in tests:  # the stricter test claims gold entities first
            for pi, p in enumerate(pred):
                if pi in matched:
                    continue
                for gi, g in enumerate(gold):
                    if gi in used or g["type"] != p["type"]:
                        continue
                    if test(p, g):
                        used.add(gi)
                        matched[pi] = gi
                        break
        for pi, gi in list(matched.items()):
            if gold[gi].get("optional"):
                ignored.add(pi)
                del matched[pi]
        return matched, ignored

    for key in ("es", "el", "ea"):
        matched, ignored = match(key)
        for pi, p in enumerate(pred):
            if pi in ignored:
                continue
            bump(p["type"], key, 1)
            if pi in matched:
                bump(p["type"], key, 0)
        if key == "es":
            strict_pairs = matched
        elif key == "el":
            hit = set(matched.values())
            details["missed"] = [f'{g["type"]}:{g["name"]}' for gi, g in enumerate(gold)
                                 if gi not in hit and not g.get("optional")]
            details["spurious"] = [f'{p["type"]}:{p["name"]}' for pi, p in enumerate(pred)
                                   if pi not in matched and pi not in ignored]
            details["lenient_only"] = [f'{pred[pi]["type"]}:{pred[pi]["name"]} → {gold[gi]["name"]}'
                                       for pi, gi in matched.items() if pi not in strict_pairs]

    # Mention level: exact span and type.
    gold_m = {(m["start"], m["end"], g["type"]) for g in required for m in g["mentions"]}
    opt_spans = {(m["start"], m["end"]) for g in optional for m in g["mentions"]}
    pred_m = {(m["start"], m["end"], p["type"]) for p in pred for m in p.get("mentions", [])}
    pred_m = {m for m in pred_m if (m[0], m[1]) not in opt_spans or m in gold_m}
    for s, e, t in gold_m:
        bump(t, "m", 2)
    for s, e, t in pred_m:
        bump(t, "m", 1)
        if (s, e, t) in gold_m:
            bump(t, "m", 0)

    # Wrong canonical names.
    gold_names = {nfkc(g["name"]) for g in gold}
    wrong = []
    for p in pred:
        if nfkc(p["name"]) in gold_names or texts.written(p["name"]) is not None:
            continue
        w = wrong_entry(p)
        w["gold"] = [g["name"] for g in gold if spans(g) & spans(p)]
        wrong.append(w)
    return counts, details, wrong


_SIMPLIFIED = {}


def simplified(strings):
    """Traditional→simplified with ICU's transliterator (`uconv`, from ICU's tools), cached.
    Without uconv every string maps to itself, and no name is classed "script"."""
    todo = sorted({x for x in strings if x not in _SIMPLIFIED and "\n" not in x})
    if todo:
        try:
            out = subprocess.run(["uconv", "-x", "Traditional-Simplified"], input="\n".join(todo) + "\n",
                                 capture_output=True, text=True, encoding="utf-8", check=True).stdout.split("\n")
        except (OSError, subprocess.CalledProcessError):
            out = todo
        for a, b in zip(todo, out):
            _SIMPLIFIED[a] = b
    return {x: _SIMPLIFIED.get(x, x) for x in strings}


def wrong_kind(name, mention_texts):
    ms = [m for m in mention_texts if m]
    simp = simplified([name] + ms)
    if any(len(m) < len(name) and m in name for m in ms):
        return "expanded"
    if any(m != name and simp[m] == simp[name] for m in ms):
        return "script"
    if any(simp[m] != m and simp[m] in simp[name] for m in ms):
        return "script+expanded"
    return "other"


def wrong_entry(p):
    texts = [m.get("text", "") for m in p.get("mentions", [])]
    return {"type": p["type"], "name": p["name"], "kind": wrong_kind(p["name"], texts),
            "mentions": sorted(set(texts))[:5]}


def wrong_names_only(pred, texts):
    return [wrong_entry(p) for p in pred if texts.written(p["name"]) is None]


def summarise(counts):
    out = {}
    total = {"es": [0, 0, 0], "el": [0, 0, 0], "ea": [0, 0, 0], "m": [0, 0, 0]}
    for t, c in counts.items():
        out[t] = {"entity_strict": prf(*c["es"]), "entity_lenient": prf(*c["el"]),
                  "entity_aligned": prf(*c["ea"]), "mention": prf(*c["m"])}
        for k in total:
            total[k] = [a + b for a, b in zip(total[k], c[k])]
    out["overall"] = {"entity_strict": prf(*total["es"]), "entity_lenient": prf(*total["el"]),
                      "entity_aligned": prf(*total["ea"]), "mention": prf(*total["m"])}
    return out


def add(into, counts):
    for t, c in counts.items():
        d = into.setdefault(t, {"es": [0, 0, 0], "el": [0, 0, 0], "ea": [0, 0, 0], "m": [0, 0, 0]})
        for k in d:
            d[k] = [a + b for a, b in zip(d[k], c[k])]


def table(summary, out):
    print(f'{"":14}{"entity strict":>22}{"entity lenient":>22}{"entity aligned":>22}{"mention exact":>22}', file=out)
    print(f'{"":14}' + f'{"P":>8}{"R":>7}{"F":>7}' * 4, file=out)
    for t in list(TYPES) + ["overall"]:
        if t not in summary:
            continue
        row = summary[t]
        cells = "".join(f'{row[k]["p"]:8.3f}{row[k]["r"]:7.3f}{row[k]["f"]:7.3f}'
                        for k in ("entity_strict", "entity_lenient", "entity_aligned", "mention"))
        n = row["entity_strict"]
        print(f'{t:14}{cells}   (gold {n["gold"]}, pred {n["pred"]})', file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zhkb", default=DEFAULT_ZHKB, help=f"zhkb binary (default {DEFAULT_ZHKB}; built if missing)")
    ap.add_argument("--corpus", default="/work/shared/corpus/dev", help="folder of the articles")
    ap.add_argument("--gold", default=str(GOLD), help="folder of the gold JSONL files")
    ap.add_argument("--all", action="store_true", help="also list wrong canonical names in every corpus article")
    ap.add_argument("--json", metavar="FILE", help="write the JSON report here ('-' = stdout, table to stderr)")
    ap.add_argument("--details", action="store_true", help="list missed and spurious entities per article")
    a = ap.parse_args()

    zhkb = pathlib.Path(a.zhkb)
    if a.zhkb == DEFAULT_ZHKB:
        zhkb = ROOT / zhkb  # the default is the repository's build; a given path is taken as given
    zhkb = zhkb.resolve()
    if not zhkb.exists():
        if a.zhkb != DEFAULT_ZHKB:
            sys.exit(f"{zhkb}: no such binary")
        print("building zhkb (swift build -c release)…", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "zhkb"], cwd=ROOT, check=True)

    corpus = pathlib.Path(a.corpus)
    gold_files = sorted(pathlib.Path(a.gold).glob("*.jsonl"))
    if not gold_files:
        sys.exit(f"{a.gold}: no gold *.jsonl files")
    report = {"zhkb": str(zhkb), "corpus": str(corpus), "articles": {}, "wrong_canonical_names": {}}
    total = {}
    for gf in gold_files:
        article = corpus / (gf.stem + ".txt")
        texts = Texts(article.read_text(encoding="utf-8"))
        gold = load_gold(gf)
        doc = run_zhkb(zhkb, article)
        pred = [e for e in doc.get("entities", []) if e.get("type") in TYPES]
        counts, details, wrong = score_article(gold, pred, texts)
        add(total, counts)
        entry = {"scores": summarise(counts), "wrong_canonical_names": wrong}
        if a.details:
            entry.update(details)
        report["articles"][gf.stem] = entry
        if wrong:
            report["wrong_canonical_names"][gf.stem] = wrong
    report["overall"] = summarise(total)
    if a.all:
        allw = {}
        for art in sorted(corpus.glob("*.txt")):
            if art.name.endswith((".gbk.txt", ".big5.txt")):
                continue  # re-encoded copies of UTF-8 articles
            doc = run_zhkb(zhkb, art)
            pred = [e for e in doc.get("entities", []) if e.get("type") in TYPES]
            w = wrong_names_only(pred, Texts(art.read_text(encoding="utf-8")))
            if w:
                allw[art.stem] = w
        report["all_articles_wrong_canonical_names"] = allw
        report["all_articles_wrong_canonical_count"] = sum(len(v) for v in allw.values())

    tout = sys.stderr if a.json == "-" else sys.stdout
    if a.json:
        body = json.dumps(report, ensure_ascii=False, indent=1)
        if a.json == "-":
            print(body)
        else:
            pathlib.Path(a.json).write_text(body + "\n", encoding="utf-8")
    print(f"{len(gold_files)} gold articles: " + ", ".join(f.stem for f in gold_files), file=tout)
    table(report["overall"], tout)
    def kinds(ws):
        c = {}
        for w in ws:
            c[w["kind"]] = c.get(w["kind"], 0) + 1
        return ", ".join(f"{k} {n}" for k, n in sorted(c.items()))

    gw = [w for ws in report["wrong_canonical_names"].values() for w in ws]
    report["wrong_canonical_count"] = len(gw)
    report["wrong_canonical_without_gold_entity"] = sum(1 for w in gw if not w["gold"])
    print(f"wrong canonical names in gold articles: {len(gw)} ({kinds(gw)}; "
          f"{report['wrong_canonical_without_gold_entity']} with no gold entity behind them)", file=tout)
    for art, ws in report["wrong_canonical_names"].items():
        for w in ws:
            behind = "→ gold " + "/".join(w["gold"]) if w["gold"] else "→ no gold entity"
            print(f'  {art}: {w["type"]}:{w["name"]} [{w["kind"]}] ({"/".join(w["mentions"])}) {behind}', file=tout)
    if a.all:
        aw = [w for ws in report["all_articles_wrong_canonical_names"].values() for w in ws]
        narts = len(list(corpus.glob("*.txt"))) - len(list(corpus.glob("*.gbk.txt"))) - len(list(corpus.glob("*.big5.txt")))
        print(f'names written nowhere in the article, all {narts} UTF-8 corpus articles: {len(aw)} ({kinds(aw)})',
              file=tout)
        for art, ws in report["all_articles_wrong_canonical_names"].items():
            for w in ws:
                print(f'  {art}: {w["type"]}:{w["name"]} [{w["kind"]}] ({"/".join(w["mentions"])})', file=tout)
    if a.details:
        for art, e in report["articles"].items():
            print(f"{art}:", file=tout)
            for k in ("missed", "spurious", "lenient_only"):
                print(f"  {k}: " + "、".join(e[k]), file=tout)


if __name__ == "__main__":
    main()
