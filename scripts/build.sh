#!/usr/bin/env bash
# Configures and builds safetynet (Release, tests and benchmarks) into build/.
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${SAFETYNET_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > /dev/null
cmake --build "$build_dir" -j "${SAFETYNET_JOBS:-2}"
