#!/usr/bin/env bash
# Case 14 (tests/data/cases/14-overflow-sentinel): a registry writes
# 9223372036854775807 as "no figure" in a PROPERTY amount. With a second,
# ordinary record the household's sum of housing units overflows 64 bits.
# An overflow never turns into "no assets": HH14 gets no H4_DIBAO_CANDIDATE
# in either set, whole and --by-district; with the overflow it is listed in
# undecided.csv (H4 and the rules that read its assets, the reason naming
# the sum, the rule's file:line), counted in summary.json and in the printed
# summary. (Before three-valued logic, the second set fired H4.)
# Usage: overflow_sentinel_case_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
case_dir="$data/cases/14-overflow-sentinel"

for set in in-one-record in-two-records; do
  "$safetynet" import --csv "$case_dir/$set" --out "$work/$set.snap" --as-of 2025-06-30 \
    --allow-empty > "$work/out.txt" 2>&1 || fail "$set import: $(cat "$work/out.txt")"
  for mode in whole by-district; do
    options=()
    [ "$mode" = by-district ] && options+=(--by-district)
    night="$work/night-$set-$mode"
    "$safetynet" run --snapshot "$work/$set.snap" --rules "$rules" --as-of 2025-06-30 \
      --out "$night" --allow-empty "${options[@]}" > "$work/run.txt" 2>&1 || fail "$set $mode run: $(cat "$work/run.txt")"
    grep -q "H4_DIBAO_CANDIDATE" "$night/alerts.csv" && fail "$set $mode: H4 fired: $(cat "$night/alerts.csv")"
    [ -f "$night/undecided.csv" ] || fail "$set $mode: no undecided.csv"
    if [ "$set" = in-one-record ]; then
      # 9223372036854775807 units is a (huge) number, not an overflow: the household has assets.
      [ "$(wc -l < "$night/undecided.csv")" = 1 ] || fail "$set $mode undecided: $(cat "$night/undecided.csv")"
      grep -q '"undecided": 0,' "$night/summary.json" || fail "$set $mode summary.json"
      continue
    fi
    reason='housing is unknown: `sum(signals(PROPERTY) of living, amount)` overflows 64-bit integers'
    grep -qF "HOUSEHOLD,HH14,ALERT,H4_DIBAO_CANDIDATE,\"assets is unknown: $reason\",household.rules:" \
      "$night/undecided.csv" || fail "$set $mode undecided.csv: $(cat "$night/undecided.csv")"
    count=$(($(wc -l < "$night/undecided.csv") - 1))
    [ "$count" -ge 1 ] || fail "$set $mode: nothing undecided"
    grep -q "\"undecided\": $count," "$night/summary.json" || fail "$set $mode summary.json: $(cat "$night/summary.json")"
    grep -q "undecided: $count (" "$work/run.txt" || fail "$set $mode printed summary: $(cat "$work/run.txt")"
    grep -q "H4_DIBAO_CANDIDATE  *1$" "$work/run.txt" || fail "$set $mode: H4 not counted: $(cat "$work/run.txt")"
  done
  cmp -s "$work/night-$set-whole/undecided.csv" "$work/night-$set-by-district/undecided.csv" \
    || fail "$set: undecided.csv differs district by district"
done
echo "case 14, an overflow sentinel: all checks passed"
