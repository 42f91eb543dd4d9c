#!/usr/bin/env bash
# Builds safetynet with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-sanitize/, for both the sanitized suite (scripts/test.sh --sanitize)
# and the libFuzzer targets (scripts/fuzz.sh): one build serves both. With
# clang (installed by scripts/setup.sh) the build also holds the fuzzers;
# without it, g++ builds the suite alone. Line tables only for debug
# information: enough for the sanitizers' stack traces, and quicker to build.
# Usage: scripts/sanitize_build.sh [ninja targets...]   (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAFETYNET_SANITIZE=ON -DSAFETYNET_BUILD_BENCHMARKS=OFF)
if command -v clang++ > /dev/null; then
  export CC=clang CXX=clang++
  options+=(-DSAFETYNET_FUZZ=ON)
fi
cmake -S . -B build-sanitize -G Ninja "${options[@]}" > /dev/null
if [ $# -gt 0 ]; then
  cmake --build build-sanitize -j "${SAFETYNET_JOBS:-2}" --target "$@"
else
  cmake --build build-sanitize -j "${SAFETYNET_JOBS:-2}"
fi
