#!/usr/bin/env bash
# The demo: builds safetynet, generates a Weihai-scale synthetic data set
# (150,000 households, 665,000 elderly, 1.5 million signals) as CSV exchange
# files, imports them into a snapshot, verifies it, and runs the night:
# every alert and entitlement of the Weihai rules, with the summary printed.
# Usage: scripts/demo.sh [preset]   (tiny, small, city (default), province)
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-city}
scripts/setup.sh
scripts/build.sh > /dev/null
safetynet=${SAFETYNET_BUILD_DIR:-build}/engine/cli/safetynet
work=${SAFETYNET_DEMO_DIR:-out/demo-$preset}
mkdir -p "$work"
echo "== generating the $preset data set (CSV exchange files) into $work/csv"
"$safetynet" synth --preset "$preset" --seed 1 --out "$work/csv"
echo "== importing it into a snapshot"
"$safetynet" import --csv "$work/csv" --out "$work/$preset.snap" --as-of 2025-06-30 --source "demo $preset"
echo "== verifying the snapshot"
"$safetynet" inspect "$work/$preset.snap"
echo "== checking the rules"
"$safetynet" rules check rules/weihai
echo "== the nightly run as of 2025-06-30"
"$safetynet" run --snapshot "$work/$preset.snap" --rules rules/weihai --as-of 2025-06-30 --out "$work/night" --split-by town
echo "== outputs for the caseworkers are in $work/night (alerts.csv, entitlements.csv, alerts-by-town/, summary.json)"
