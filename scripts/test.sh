#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds, runs ctest.
#   scripts/test.sh              Release build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-sanitize/
#   scripts/test.sh --fuzz [S]   the libFuzzer targets (clang, the same build-sanitize/) for S
#                                seconds each (default 30)
# CI runs all three (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
scripts/setup.sh
case "$mode" in
  "")
    build_dir=${SAFETYNET_BUILD_DIR:-build}
    SAFETYNET_BUILD_DIR=$build_dir scripts/build.sh
    ;;
  --sanitize)
    build_dir=build-sanitize
    scripts/sanitize_build.sh
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    ;;
  --fuzz)
    exec scripts/fuzz.sh "${2:-30}"
    ;;
  *)
    echo "usage: scripts/test.sh [--sanitize | --fuzz [SECONDS]]" >&2
    exit 2
    ;;
esac
ctest --test-dir "$build_dir" -j 2 --output-on-failure
