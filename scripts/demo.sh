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
echo "== the nightly run as of 2025-06-30, its alerts becoming cases in a new store ($work/cases.db)"
rm -f "$work/cases.db"
"$safetynet" run --snapshot "$work/$preset.snap" --rules rules/weihai --as-of 2025-06-30 --out "$work/night" \
  --split-by town --store "$work/cases.db"
echo "== a caseworker visits the first three cases of the worklist on 2025-06-30"
{
  echo "case_id,date,action,worker"
  sed -n "2,4p" "$work/night/worklist.csv" | cut -d, -f1 | sed "s/$/,2025-06-30,VISITED,demo/"
} > "$work/dispositions.csv"
cat "$work/dispositions.csv"
echo "== the next night, 2025-07-01 (the standards change that day), with those dispositions"
"$safetynet" run --snapshot "$work/$preset.snap" --rules rules/weihai --as-of 2025-07-01 --out "$work/night2" \
  --split-by town --store "$work/cases.db" --dispositions "$work/dispositions.csv"
subject=$(sed -n 2p "$work/dispositions.csv" | cut -d: -f2)
echo "== what the store knows about $subject"
"$safetynet" cases --store "$work/cases.db" --subject "$subject"
echo "== outputs for the caseworkers are in $work/night and $work/night2 (worklist.csv, worklist-by-town/,"
echo "   cases.csv, alerts.csv, entitlements.csv, alerts-by-town/, summary.json)"
