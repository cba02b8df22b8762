#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a bounded time.
#
#   Fuzz/run.sh [SECONDS] [TARGET…]     default: 25 s each of FuzzNumber FuzzSegmenter FuzzRecord
#   FUZZ_RUNS=10000000 Fuzz/run.sh 0 FuzzNumber   a run bounded by executions instead of time
#
# Each target starts from Fuzz/Seeds/<kind>/ (read only) and grows a working corpus in
# Fuzz/.corpus/<target>/ (not in git). A crash leaves its input as Fuzz/.artifacts/<target>/crash-*
# and counts as a failure; reproduce it with `Fuzz/.build/release/<target> <that file>`.
# Prints "N passed, N failed" last; exits 1 when a target failed.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-25}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzNumber FuzzSegmenter FuzzRecord)

if ! swift build -c release --sanitize fuzzer -Xswiftc -parse-as-library >.build-log 2>&1; then
  tail -30 .build-log
  echo "0 passed, ${#targets[@]} failed"
  exit 1
fi
export ZHKB_DICTIONARIES="$PWD/../Dictionaries"
# libFuzzer, not Swift's backtracer, must handle a crash (it writes the input to .artifacts).
export SWIFT_BACKTRACE=enable=no

passed=0 failed=0
for target in "${targets[@]}"; do
  case $target in
    FuzzNumber) seeds=Seeds/number ;;
    FuzzSegmenter) seeds=Seeds/segmenter ;;
    FuzzRecord) seeds=Seeds/record ;;
    *) echo "unknown target $target"; failed=$((failed + 1)); continue ;;
  esac
  mkdir -p ".corpus/$target" ".artifacts/$target"
  limit=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS")
  log=".artifacts/$target/last.log"
  start=$(date +%s)
  .build/release/"$target" ".corpus/$target" "$seeds" "${limit[@]}" -max_len=4096 -timeout=20 \
    -rss_limit_mb=4096 -artifact_prefix=".artifacts/$target/" -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  elapsed=$(( $(date +%s) - start ))
  if [ $status -eq 0 ]; then
    echo "ok   $target: ${runs:-?} executions in ${elapsed} s"
    passed=$((passed + 1))
  else
    echo "FAIL $target (status $status): see Fuzz/$log"
    grep -m3 -E 'ERROR|Fatal error|crash-' "$log"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
