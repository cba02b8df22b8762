#!/usr/bin/env python3
"""Build a zhkb knowledge base on Apache Spark: the same kb.json `zhkb ingest` writes.

    spark-submit scripts/spark/zhkb_spark.py --master local[2] \
        --zhkb /opt/zhkb/zhkb --dictionaries /opt/zhkb/Dictionaries \
        --input hdfs:///news/2025/*.jsonl --output hdfs:///kb/2025 --partitions 200

Map: the input (article files, or JSON Lines of records {"id"?, "source", "text", "date"?}) is
turned into records, repartitioned (a shuffle, so every partition gets its share of the work)
and each partition is piped through `zhkb extract --input-format jsonl --jsonl` (RDD.pipe: the
binary gets a bare environment, so its path is absolute and the dictionaries are passed with
--dictionaries). A non-zero exit of zhkb fails the task and, after Spark's retries, the job;
the article records are written to OUTPUT/records only when every partition succeeded.

Reduce: the records are merged with `zhkb merge` as a tree: every partition of records becomes
a partial KB, then partial KBs are merged FAN_IN at a time until one is left, which is written
to OUTPUT/kb.json. No process reads all records; the last merge reads FAN_IN partial KBs, of
which `zhkb merge` holds only the article heads and the aggregates. Partial KBs cross Spark's
shuffle line by line (one item per article line, sorted back into order), so no item is a
whole KB and the shuffle spills to disk as usual. `zhkb merge` is
order-independent, so the KB is byte-identical to `zhkb ingest` of the same records.

Exit status: 0 done; 1 done, but some input was skipped (named on stderr); 2 failed.
"""

import argparse
import fnmatch
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

DATE_DIGITS = set("0123456789")


def iso_day(value):
    """YYYY-MM-DD of a date (or date and time), None when it is not a calendar date (as zhkb)."""
    if not isinstance(value, str) or len(value) < 10 or value[4] != "-" or value[7] != "-":
        return None
    if len(value) > 10 and value[10] not in "T ":
        return None
    parts = value[0:4], value[5:7], value[8:10]
    if not all(set(p) <= DATE_DIGITS for p in parts):
        return None
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12 or day < 1:
        return None
    leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return value[:10] if day <= days else None


def record_line(line):
    """A JSON Lines record checked as `zhkb extract --input-format jsonl` checks it, written
    again compactly (same strings, so the same article); None when the line is bad."""
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    if not isinstance(obj, dict):
        return None
    source, text, rid, date = obj.get("source"), obj.get("text"), obj.get("id"), obj.get("date")
    if not isinstance(source, str) or not source or not isinstance(text, str):
        return None
    out = {"source": source, "text": text}
    if rid is not None:
        if isinstance(rid, bool) or not isinstance(rid, (str, int)) or rid == "":
            return None
        out["id"] = rid
    if date is not None:
        if iso_day(date) is None:
            return None
        out["date"] = date
    try:
        encoded = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
        encoded.encode("utf-8")  # lone surrogates cannot be written: a bad line
    except (ValueError, UnicodeEncodeError):
        return None
    return encoded


def source_name(uri, cwd):
    """The source of a file as `zhkb ingest` records it: a local path relative to the current
    folder when inside it (else absolute); any other URI as it is."""
    if uri.startswith("file:"):
        path = uri[len("file:"):]
        while path.startswith("//"):
            path = path[1:]
        path = os.path.normpath(path)
        prefix = cwd.rstrip("/") + "/"
        return path[len(prefix):] if path.startswith(prefix) else path
    return uri


def file_record(item, cwd):
    """(uri, bytes) of an article file → a record line; None for an empty or non-UTF-8 file."""
    uri, data = item
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return ("bad", source_name(uri, cwd))
    if not text.strip():
        return ("empty", source_name(uri, cwd))
    return ("ok", json.dumps({"source": source_name(uri, cwd), "text": text}, ensure_ascii=False, separators=(",", ":")))


def run_merge(zhkb, inputs, output, env):
    """Runs `zhkb merge`; returns its peak resident memory in KiB (measured by /usr/bin/time
    when the worker has it, else 0). Raises on failure."""
    command = [zhkb, "merge", *inputs, "-o", output]
    peak_file = output + ".peak"
    timed = os.access("/usr/bin/time", os.X_OK)
    if timed:
        command = ["/usr/bin/time", "-f", "%M", "-o", peak_file] + command
    proc = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise RuntimeError(f"zhkb merge exited with {proc.returncode}: {proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    if not timed:
        return 0
    try:
        with open(peak_file) as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    parser.add_argument("--zhkb", required=True, help="the zhkb binary on every worker: absolute, or ./relative to the task's working folder (--archives)")
    parser.add_argument("--dictionaries", help="Dictionaries folder on every worker (absolute, or relative to the task's working folder, e.g. shipped with --archives)")
    parser.add_argument("--input", required=True, action="append", help="files, folders or globs; local or any Hadoop-compatible URI (repeatable)")
    parser.add_argument("--input-format", choices=["auto", "text", "jsonl"], default="auto",
                        help="text: every file is an article (UTF-8); jsonl: JSON Lines records; auto: jsonl when the paths end in .jsonl")
    parser.add_argument("--output", required=True, help="output folder (must not exist): records/ and kb.json")
    parser.add_argument("--include", action="append", metavar="GLOB",
                        help="file names read from folders, as zhkb ingest --include (default: *.txt; repeatable)")
    parser.add_argument("--partitions", type=int, default=0, help="partitions of the analysis (default: 4 × default parallelism)")
    parser.add_argument("--fan-in", type=int, default=16, help="partial KBs per merge (default 16)")
    parser.add_argument("--zhkb-jobs", type=int, default=1, help="zhkb threads per task (default 1: Spark runs one task per core)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="environment of the zhkb processes (e.g. LD_LIBRARY_PATH=…); repeatable")
    parser.add_argument("--extra", default="", help="more arguments for zhkb extract (e.g. \"--max-document-kb 512\")")
    args = parser.parse_args(argv)
    if "/" not in args.zhkb:
        parser.error("--zhkb must be a path: absolute, or ./relative to the task's working folder "
                     "(piped processes get a bare environment, no PATH)")
    if args.fan_in < 2:
        parser.error("--fan-in must be at least 2")

    started = time.monotonic()
    from pyspark import AccumulatorParam
    from pyspark.sql import SparkSession

    class MaxParam(AccumulatorParam):
        def zero(self, value):
            return 0

        def addInPlace(self, a, b):
            return max(a, b)

    builder = SparkSession.builder.appName("zhkb").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    ready = time.monotonic()
    hadoop = sc._jsc.hadoopConfiguration()
    hadoop.set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    jvm = sc._jvm
    out = args.output.rstrip("/")
    out_path = jvm.org.apache.hadoop.fs.Path(out)
    fs = out_path.getFileSystem(hadoop)
    if fs.exists(out_path):
        print(f"zhkb-spark: error: {out} exists; give a new output folder", file=sys.stderr)
        return 2

    env = dict(kv.split("=", 1) for kv in args.env)
    zhkb = args.zhkb
    extract = [zhkb, "extract", "--input-format", "jsonl", "--jsonl", "--jobs", str(args.zhkb_jobs)]
    if args.dictionaries:
        extract += ["--dictionaries", args.dictionaries]
    extract += shlex.split(args.extra)
    partitions = args.partitions or 4 * sc.defaultParallelism
    fmt = args.input_format
    if fmt == "auto":
        fmt = "jsonl" if all(p.rstrip("/").endswith(".jsonl") for p in args.input) else "text"

    skipped = sc.accumulator(0)
    cwd = os.getcwd()
    if fmt == "jsonl":
        lines = sc.textFile(",".join(args.input))

        def check(line):
            if not line.strip():
                return []
            r = record_line(line)
            if r is None:
                skipped.add(1)
                return []
            return [r]
        records_in = lines.flatMap(check)
        problems = None
    else:
        # The files zhkb ingest would read from the same folders: names matching --include
        # (default *.txt), nothing hidden (a SOURCES.md or .DS_Store beside the articles is not one).
        patterns = args.include or ["*.txt"]
        def wanted(item):
            parts = item[0].rstrip("/").split("/")
            return not any(p.startswith(".") for p in parts[-1:]) and any(fnmatch.fnmatchcase(parts[-1], g) for g in patterns)
        tagged = sc.binaryFiles(",".join(args.input)).filter(wanted).map(lambda item: file_record(item, cwd)).cache()
        problems = tagged.filter(lambda t: t[0] != "ok").collect()
        records_in = tagged.filter(lambda t: t[0] == "ok").map(lambda t: t[1])

    # Map: analyse every partition with zhkb extract; checkCode fails the task on a non-zero exit.
    analysed = records_in.repartition(partitions).pipe(shlex.join(extract), env=env, checkCode=True)
    records_dir = out + "/records"
    analysed.saveAsTextFile(records_dir)
    mapped = time.monotonic()
    if problems is not None:
        for kind, name in problems:
            why = "not UTF-8 (convert it, e.g. with iconv, or use zhkb ingest)" if kind == "bad" else "empty file, skipped"
            print(f"{name}: {'warning' if kind == 'bad' else 'note'}: [input] {why}", file=sys.stderr)
            if kind == "bad":
                skipped.add(1)

    # Reduce: a tree of zhkb merge processes.
    peak = sc.accumulator(0, MaxParam())
    merges = sc.accumulator(0)

    def kb_lines(index, kb):
        """The lines of a partial KB file as shuffle items ((partial, line number), line): a
        partial KB crosses the shuffle as many small items (one per article), never one blob."""
        with open(kb, "rb") as f:
            for number, line in enumerate(f):
                yield ((index, number), line.rstrip(b"\n"))

    def merge_records(index, lines):
        folder = tempfile.mkdtemp(prefix="zhkb-merge-")
        try:
            part = os.path.join(folder, "records.jsonl")
            with open(part, "w", encoding="utf-8") as f:
                for line in lines:
                    f.write(line)
                    f.write("\n")
            kb = os.path.join(folder, "kb.json")
            peak.add(run_merge(zhkb, [part], kb, env))
            merges.add(1)
            yield from kb_lines(index, kb)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def merge_partials(final):
        def merge(index, items):
            # items: ((group, partial, line number), line), sorted: each partial's lines in order.
            folder = tempfile.mkdtemp(prefix="zhkb-merge-")
            try:
                inputs = []
                f = None
                current = None
                for (_, partial, _), line in items:
                    if partial != current:
                        if f:
                            f.close()
                        current = partial
                        inputs.append(os.path.join(folder, f"part{len(inputs)}.json"))
                        f = open(inputs[-1], "wb")
                    f.write(line)
                    f.write(b"\n")
                if f:
                    f.close()
                if not inputs:  # no records at all: the empty KB
                    inputs.append(os.path.join(folder, "none.jsonl"))
                    open(inputs[0], "w").close()
                kb = os.path.join(folder, "kb.json")
                peak.add(run_merge(zhkb, inputs, kb, env))
                merges.add(1)
                for path in inputs:
                    os.remove(path)
                if final:
                    with open(kb, "rb") as f:
                        for line in f:
                            yield line.rstrip(b"\n").decode("utf-8")
                else:
                    yield from kb_lines(index, kb)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        return merge

    level = sc.textFile(records_dir).mapPartitionsWithIndex(merge_records)
    count = max(1, level.getNumPartitions())
    levels = 1
    while True:
        groups = -(-count // args.fan_in)
        final = groups == 1
        fan = args.fan_in
        # Every line of partial KB k goes to merge group k // fan, sorted by (partial, line):
        # the shuffle spills to disk, so no item is bigger than one article's line.
        level = (level.map(lambda kv: ((kv[0][0] // fan, kv[0][0], kv[0][1]), kv[1]))
                 .repartitionAndSortWithinPartitions(groups, partitionFunc=lambda key: key[0])
                 .mapPartitionsWithIndex(merge_partials(final)))
        levels += 1
        if final:
            break
        count = groups
    kb_dir = out + "/kb"
    level.saveAsTextFile(kb_dir)
    src = jvm.org.apache.hadoop.fs.Path(kb_dir + "/part-00000")
    dst = jvm.org.apache.hadoop.fs.Path(out + "/kb.json")
    if not fs.rename(src, dst):
        print(f"zhkb-spark: error: cannot move {kb_dir}/part-00000 to {out}/kb.json", file=sys.stderr)
        return 2
    fs.delete(jvm.org.apache.hadoop.fs.Path(kb_dir), True)
    done = time.monotonic()
    memory = f"peak merge memory {peak.value / 1024:.0f} MB" if peak.value else "merge memory not measured (no /usr/bin/time)"
    print(f"zhkb-spark: {out}/kb.json: {partitions} partitions analysed, {merges.value} merges in {levels} levels, "
          f"{memory}; {skipped.value} inputs skipped; "
          f"seconds: start-up {ready - started:.1f}, analysis {mapped - ready:.1f}, merge {done - mapped:.1f}", file=sys.stderr)
    spark.stop()
    return 1 if skipped.value else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception as error:  # a failed Spark job: nothing was merged
        print(f"zhkb-spark: error: {str(error).splitlines()[0] if str(error) else error}", file=sys.stderr)
        sys.exit(2)
