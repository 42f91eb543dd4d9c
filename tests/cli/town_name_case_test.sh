#!/usr/bin/env bash
# Case 13 (tests/data/cases/13-town-name-with-slash): a town spelled
# "环翠楼街道/竹岛街道" (two merged street offices). `run --split-by town`,
# whole and --by-district, writes every output, the town's alerts under a
# safe file name, and alerts-by-town/index.csv mapping each district and town
# as in the data to its file; `--split-by district` writes its index too.
# (Before safe file names, the run failed and left no outputs.)
# Usage: town_name_case_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
bom=$'\xEF\xBB\xBF'

"$safetynet" import --csv "$data/cases/13-town-name-with-slash" --out "$work/case.snap" \
  --as-of 2025-06-30 --allow-empty > "$work/out.txt" 2>&1 || fail "import: $(cat "$work/out.txt")"

for mode in whole by-district; do
  options=(--split-by town --allow-empty)  # the case has no elderly residents
  [ "$mode" = by-district ] && options+=(--by-district)
  night="$work/night-$mode"
  "$safetynet" run --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --out "$night" \
    "${options[@]}" > "$work/out.txt" 2>&1 || fail "$mode run: $(cat "$work/out.txt")"
  grep -q "alerts: 2" "$work/out.txt" || fail "$mode run summary: $(cat "$work/out.txt")"
  for file in alerts.csv alerts.jsonl entitlements.csv unmatched_signals.csv summary.json; do
    [ -f "$night/$file" ] || fail "$mode: no $file"
  done
  split="$night/alerts-by-town"
  grep -q ",HH13B,.*,环翠楼街道/竹岛街道," "$split/371002-环翠楼街道_竹岛街道.csv" \
    || fail "$mode: the slashed town's file: $(ls "$split")"
  grep -q ",HH13A,.*,鲸园街道," "$split/371002-鲸园街道.csv" || fail "$mode: 鲸园街道's file"
  expected="${bom}district,town,file,alerts
371002,环翠楼街道/竹岛街道,371002-环翠楼街道_竹岛街道.csv,1
371002,鲸园街道,371002-鲸园街道.csv,1"
  [ "$(cat "$split/index.csv")" = "$expected" ] || fail "$mode index.csv: $(cat "$split/index.csv")"
  [ "$(ls -A "$split" | wc -l)" = 3 ] || fail "$mode: other files in $split: $(ls -A "$split")"
done
cmp -s "$work/night-whole/alerts-by-town/index.csv" "$work/night-by-district/alerts-by-town/index.csv" \
  || fail "index.csv differs district by district"

"$safetynet" run --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/districts" \
  --split-by district --allow-empty > "$work/out.txt" 2>&1 || fail "split by district: $(cat "$work/out.txt")"
[ "$(cat "$work/districts/alerts-by-district/index.csv")" = "${bom}district,file,alerts
371002,371002.csv,2" ] || fail "district index.csv: $(cat "$work/districts/alerts-by-district/index.csv")"
echo "case 13, a town name with a slash: all checks passed"
