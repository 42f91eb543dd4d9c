#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address and undefined-behaviour
# sanitizers on) and runs each for a short while from its seed corpus in
# tests/fuzz/corpus/. A crash fails the run and leaves the input in
# build-fuzz/crashes/. Usage: scripts/fuzz.sh [SECONDS per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
if ! command -v clang++ > /dev/null; then
  echo "fuzz: clang++ is not installed; skipping the fuzzers (apt-get install clang libclang-rt-14-dev)"
  exit 0
fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAFETYNET_FUZZ=ON \
  -DSAFETYNET_BUILD_TESTS=OFF -DSAFETYNET_BUILD_BENCHMARKS=OFF > /dev/null
cmake --build build-fuzz -j "${SAFETYNET_JOBS:-2}" --target csv_import_fuzzer snapshot_fuzzer rules_fuzzer dispositions_fuzzer \
  journal_fuzzer http_request_fuzzer api_json_fuzzer
mkdir -p build-fuzz/crashes
failed=0
for pair in csv_import_fuzzer:csv snapshot_fuzzer:snapshot rules_fuzzer:rules dispositions_fuzzer:dispositions \
            journal_fuzzer:journal http_request_fuzzer:http api_json_fuzzer:api; do
  target=${pair%%:*}
  corpus=${pair##*:}
  work=$(mktemp -d)
  cp tests/fuzz/corpus/"$corpus"/* "$work"/
  echo "== $target: ${seconds} s"
  if ! build-fuzz/tests/fuzz/"$target" "$work" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
       -rss_limit_mb=4096 -artifact_prefix=build-fuzz/crashes/"$target"- -print_final_stats=1 2> build-fuzz/"$target".log; then
    echo "FAILED: $target found a crash:"; tail -30 build-fuzz/"$target".log; failed=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" build-fuzz/"$target".log | tr '\n' ' '; echo
  fi
  rm -rf "$work"
done
[ "$failed" = 0 ] && echo "fuzz: 5 passed, 0 failed" || { echo "fuzz: a fuzzer failed"; exit 1; }
