#!/usr/bin/env bash
# Byte identity of two zhkb binaries' output, for changes that must not change behaviour (speed
# work, refactors): stdout, stderr and exit status of the same commands, compared with cmp.
#
#   scripts/identity.sh OLD_BIN NEW_BIN [LINES_FILE]
#
# Compares `extract --jsonl` of Corpus/ and of ../shared/corpus/dev, `extract --lines --jsonl` of
# LINES_FILE (default: the SIGHAN dev texts of ../shared/eval, every line a document) with
# --jobs 1 and the default jobs, pretty `extract` of Corpus/, `zhkb ner` on both NER dev sets,
# `segment` (lexicon lattice, --standard pku and msr) of LINES_FILE, and the `ingest` KB of
# Corpus/ and dev. Inputs that are missing are skipped and named. Prints IDENTICAL or each command
# whose output differs (the outputs are kept for diff); exit 0 when identical, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/identity.sh OLD_BIN NEW_BIN [LINES_FILE]" >&2; exit 2; }
OLD=$(readlink -f "$1"); NEW=$(readlink -f "$2")
for b in "$OLD" "$NEW"; do [ -x "$b" ] || { echo "not an executable: $b" >&2; exit 2; }; done
EVAL=../shared/eval; DEV=../shared/corpus/dev
LINES=${3:-}
T=$(mktemp -d)
if [ -z "$LINES" ] && [ -f "$EVAL/sighan2005/pku_dev.utf8" ]; then
    LINES="$T/lines.txt"
    cat "$EVAL/sighan2005/pku_dev.utf8" "$EVAL/sighan2005/msr_dev.utf8" 2>/dev/null | grep -v '^\s*$' > "$LINES"
fi
differ=0; n=0
check() {  # check NAME ARGS… (ARGS with {KB} replaced by a KB path per binary)
    local name=$1; shift
    for side in old new; do
        local bin=$OLD; [ $side = new ] && bin=$NEW
        # Both sides write the same KB path (ingest prints it), moved aside after each run.
        local args=("${@//\{KB\}/$T/$name.kb.json}")
        "$bin" "${args[@]}" > "$T/$name.$side.out" 2> "$T/$name.$side.err"
        echo "exit $?" >> "$T/$name.$side.err"
        if [ -f "$T/$name.kb.json" ]; then mv "$T/$name.kb.json" "$T/$name.$side.kb.json"; rm -f "$T/$name.kb.json.lock"; fi
        # Run times printed by ingest are not output.
        sed -i -E 's/[0-9]+(\.[0-9]+)? s\b/N s/g' "$T/$name.$side.err"
    done
    n=$((n + 1))
    if ! cmp -s "$T/$name.old.out" "$T/$name.new.out" || ! cmp -s "$T/$name.old.err" "$T/$name.new.err" \
        || { [ -f "$T/$name.old.kb.json" ] && ! cmp -s "$T/$name.old.kb.json" "$T/$name.new.kb.json"; }; then
        echo "DIFF: $name ($*)"; differ=1
    fi
}
check corpus extract --jsonl Corpus
check corpus-pretty extract Corpus
check corpus-kb ingest Corpus --kb {KB}
if [ -d "$DEV" ]; then
    check dev extract --jsonl "$DEV"
    check dev-lines extract --lines --jsonl "$DEV"
    check dev-kb ingest Corpus "$DEV" --kb {KB}
else echo "skipped: $DEV missing"; fi
if [ -n "$LINES" ] && [ -f "$LINES" ]; then
    check lines-jobs1 extract --lines --jsonl --jobs 1 "$LINES"
    check lines extract --lines --jsonl "$LINES"
    check segment segment "$LINES"
    check segment-pku segment --standard pku "$LINES"
    check segment-msr segment --standard msr "$LINES"
else echo "skipped: no lines file (../shared/eval missing and none given)"; fi
for set in msra_ner peoples_daily_ner; do
    if [ -f "$EVAL/$set/dev.txt" ]; then check "ner-$set" ner "$EVAL/$set/dev.txt"; else echo "skipped: $EVAL/$set missing"; fi
done
if [ $differ = 0 ]; then echo "IDENTICAL ($n commands)"; rm -rf "$T"; exit 0; fi
echo "outputs kept in $T"; exit 1
