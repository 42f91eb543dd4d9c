#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds (Release), runs ctest.
# This is the command CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir "${SAFETYNET_BUILD_DIR:-build}" -j 2 --output-on-failure
