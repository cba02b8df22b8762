# Sourced by the extra test scripts (scripts/*/test.sh) after `cd` to the repository root.
#   python_venv DIR PACKAGE MODULE : makes DIR a venv with PACKAGE from PyPI unless MODULE imports
# Then sets BIN (ZHKB_BIN, else the debug build, built now; absolute), DEV (the dev corpus:
# ZHKB_DEV_CORPUS, ../shared/corpus/dev or /work/shared/corpus/dev), WORK (a temporary folder
# removed on exit, named after $TEST_NAME), and defines `check NAME COMMAND…` counting pass/fail.
ROOT=$PWD

python_venv() {
    if ! "$1/bin/python" -c "import $3" 2>/dev/null; then
        echo "== creating $1 with $2"
        python3 -m venv "$1"
        "$1/bin/pip" install --quiet --disable-pip-version-check "$2"
    fi
}

if [ -n "${ZHKB_BIN:-}" ]; then BIN=$ZHKB_BIN; else
    swift build --product zhkb >/dev/null
    BIN=$(swift build --show-bin-path)/zhkb
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
DEV=${ZHKB_DEV_CORPUS:-$ROOT/../shared/corpus/dev}
[ -d "$DEV" ] || DEV=/work/shared/corpus/dev
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zhkb-${TEST_NAME:-test}.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

pass=0 fail=0
check() {  # check NAME COMMAND…
    local name=$1; shift
    if "$@"; then pass=$((pass + 1)); echo "ok   $name"; else fail=$((fail + 1)); echo "FAIL $name"; fi
}
