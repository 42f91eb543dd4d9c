#!/usr/bin/env bash
# Kill test: a nightly run killed at any moment leaves either the previous
# complete outputs or the new complete outputs, never a mix. Runs for two
# as-of dates alternate (their outputs differ); after each kill the output
# folder must be one run's whole set: summary.json's as-of date and counts
# agree with alerts.csv and entitlements.csv.
# Usage: kill_test.sh SAFETYNET RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
rules=$2

"$safetynet" synth --preset small --scale 2 --rules "$rules" --format snapshot --out "$work/data.snap" > /dev/null
out="$work/night"
check() {
  [ -d "$out" ] || return 0  # no run has completed yet: nothing to check
  local as_of alerts entitlements
  as_of=$(grep -o '"as_of": *"[0-9-]*"' "$out/summary.json" | grep -o '[0-9]\{4\}-[0-9-]*')
  alerts=$(grep -o '"alerts": *[0-9]*' "$out/summary.json" | head -1 | grep -o '[0-9]*$')
  entitlements=$(grep -o '"entitlements": *[0-9]*' "$out/summary.json" | head -1 | grep -o '[0-9]*$')
  [ -n "$as_of" ] && [ -n "$alerts" ] && [ -n "$entitlements" ] || fail "summary.json is incomplete"
  [ "$(($(wc -l < "$out/alerts.csv") - 1))" = "$alerts" ] || fail "alerts.csv does not belong with summary.json"
  [ "$(($(wc -l < "$out/entitlements.csv") - 1))" = "$entitlements" ] || fail "entitlements.csv does not belong with summary.json"
  sed -n 2p "$out/alerts.csv" | grep -q ",$as_of," || fail "alerts.csv is of another as-of date than summary.json"
}

dates=(2025-06-30 2025-05-31)
completed=0
for i in $(seq 1 16); do
  date=${dates[$((i % 2))]}
  "$safetynet" run --snapshot "$work/data.snap" --rules "$rules" --as-of "$date" --out "$out" > /dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 40))"
  if kill -9 "$pid" 2> /dev/null; then :; else completed=$((completed + 1)); fi
  wait "$pid" 2> /dev/null || true
  check
done
# And a run that is not killed replaces the outputs whole.
"$safetynet" run --snapshot "$work/data.snap" --rules "$rules" --as-of 2025-05-31 --out "$out" > /dev/null
check
grep -q '"as_of": *"2025-05-31"' "$out/summary.json" || fail "the last run's outputs are not in place"
[ -z "$(ls "$work" | grep partial || true)" ] || fail "a staging folder was left behind"
echo "kill test: outputs whole after 16 kills ($completed runs finished before their kill)"
