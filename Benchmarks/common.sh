# Shared by the benchmark scripts (sourced, not run): builds the release binaries and sets BIN
# and a temporary WORK folder removed on exit. ZHKB_BENCH_SCRATCH picks the build folder.
SCRATCH=${ZHKB_BENCH_SCRATCH:-.build}
echo "== building release ($SCRATCH)"
for product in zhkb zhkb-bench; do
    if ! swift build -c release --scratch-path "$SCRATCH" --product "$product" >"${TMPDIR:-/tmp}/zhkb-bench-build.log" 2>&1; then
        tail -n 20 "${TMPDIR:-/tmp}/zhkb-bench-build.log" >&2
        echo "ERROR: release build of $product failed" >&2
        exit 1
    fi
done
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/zhkb-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
