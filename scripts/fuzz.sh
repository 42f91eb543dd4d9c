#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (address and undefined-behaviour
# sanitizers on, in build-sanitize/: scripts/sanitize_build.sh, the build the
# sanitized suite uses) and runs each for a while from its seed corpus in
# tests/fuzz/corpus/. A crash fails the run and leaves the input in
# build-sanitize/crashes/. Usage: scripts/fuzz.sh [SECONDS per target, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
if ! command -v clang++ > /dev/null; then
  echo "fuzz: clang++ is not installed; skipping the fuzzers (apt-get install clang libclang-rt-14-dev)"
  exit 0
fi
targets=(csv_import_fuzzer:csv snapshot_fuzzer:snapshot rules_fuzzer:rules dispositions_fuzzer:dispositions
         journal_fuzzer:journal http_request_fuzzer:http api_json_fuzzer:api)
scripts/sanitize_build.sh "${targets[@]%%:*}"
mkdir -p build-sanitize/crashes
failed=0
for pair in "${targets[@]}"; do
  target=${pair%%:*}
  corpus=${pair##*:}
  work=$(mktemp -d)
  cp tests/fuzz/corpus/"$corpus"/* "$work"/
  echo "== $target: ${seconds} s"
  if ! build-sanitize/tests/fuzz/"$target" "$work" -max_total_time="$seconds" -max_len=65536 -timeout=20 \
       -rss_limit_mb=4096 -artifact_prefix=build-sanitize/crashes/"$target"- -print_final_stats=1 2> build-sanitize/"$target".log; then
    echo "FAILED: $target found a crash:"; tail -30 build-sanitize/"$target".log; failed=1
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" build-sanitize/"$target".log | tr '\n' ' '; echo
  fi
  rm -rf "$work"
done
[ "$failed" = 0 ] && echo "fuzz: ${#targets[@]} passed, 0 failed" || { echo "fuzz: a fuzzer failed"; exit 1; }
