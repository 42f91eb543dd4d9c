#!/usr/bin/env bash
# Case 02 (tests/data/cases/02-irregular-check-digit-household): DIBAO
# household HH02 (paid 1958.00) whose spouse's id has a check character that
# is not the MOD 11-2 one; her persons, elderly and signal rows are rejected.
# The household is not evaluated as a one-person household: no DIBAO 979.00,
# no H8 telling a caseworker to halve a correct payment; D1 says why. Whole
# and --by-district; recalc and sweep do not pay or count it either.
# (Before, the run gave DIBAO 979.00 and H8_PAYMENT_MISMATCH.)
# Usage: rejected_rows_case_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3

# Half of persons.csv and all of elderly.csv and signals.csv are rejected:
# above the default --max-reject-rate, so the import needs 100. The snapshot
# then holds no elderly resident, so the import and the run need --allow-empty.
"$safetynet" import --csv "$data/cases/02-irregular-check-digit-household" --out "$work/case.snap" \
  --as-of 2025-06-30 --max-reject-rate 100 --allow-empty > "$work/out.txt" 2>&1 \
  || fail "import: $(cat "$work/out.txt")"

for mode in whole by-district; do
  options=(--allow-empty)
  [ "$mode" = by-district ] && options+=(--by-district)
  night="$work/night-$mode"
  "$safetynet" run --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --out "$night" \
    "${options[@]}" > "$work/out.txt" 2> "$work/err.txt" \
    || fail "$mode run: $(cat "$work/out.txt" "$work/err.txt")"
  grep -q ",HH02," "$night/entitlements.csv" && fail "$mode: HH02 is paid: $(cat "$night/entitlements.csv")"
  grep -q "H8_PAYMENT_MISMATCH" "$night/alerts.csv" && fail "$mode: H8 fired: $(cat "$night/alerts.csv")"
  grep -q "^D1_HOUSEHOLD_ROWS_REJECTED,HIGH,HOUSEHOLD,HH02," "$night/alerts.csv" \
    || fail "$mode: no D1 for HH02: $(cat "$night/alerts.csv")"
  grep -q "rejected_member_rows" "$night/alerts.jsonl" || fail "$mode: D1's evidence"
  # The import's counts, on stderr and in summary.json.
  grep -q "import: persons.csv 2 rows, 1 imported, 1 rejected (BAD_CHECKSUM=1), 1 of them naming" \
    "$work/out.txt" || fail "$mode: import counts in the printed summary: $(cat "$work/out.txt")"
  grep -q '"persons.csv": {"rows": 2, "imported": 1, "rejected": 1, "rejected_by_kind": {"BAD_CHECKSUM":1}, "rejected_naming_someone": 1, "converted_ids": 0, "accepted_ids": 0, "encoding": "UTF-8"}' \
    "$night/summary.json" || fail "$mode: import counts in summary.json: $(cat "$night/summary.json")"
done
cmp -s "$work/night-whole/alerts.csv" "$work/night-by-district/alerts.csv" || fail "alerts differ by district"
cmp -s "$work/night-whole/summary.json" "$work/night-by-district/summary.json" 2> /dev/null \
  || diff <(grep -v '"seconds"' "$work/night-whole/summary.json") \
          <(grep -v '"seconds"' "$work/night-by-district/summary.json") > /dev/null \
  || fail "summary.json differs by district"

# recalc and sweep read who is eligible from the rules' declaration: HH02 is not.
"$safetynet" recalc --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --to 2025-07-01 \
  --out "$work/recalc" > "$work/out.txt" 2>&1 || fail "recalc: $(cat "$work/out.txt")"
grep -q "HH02" "$work/recalc/recalc.csv" && fail "recalc pays HH02: $(cat "$work/recalc/recalc.csv")"
"$safetynet" sweep --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --param dibao.urban \
  --from 900 --to 1000 --step 100 --out "$work/sweep" > "$work/out.txt" 2>&1 || fail "sweep: $(cat "$work/out.txt")"
awk -F, 'NR > 1 && $2 != 0 { bad = 1 } END { exit bad }' "$work/sweep/sweep.csv" \
  || fail "sweep counts HH02 as eligible: $(cat "$work/sweep/sweep.csv")"
echo "case 02, a household with a rejected member: all checks passed"
