#!/usr/bin/env bash
# Case 03 (tests/data/cases/03-legacy-15-digit-death-report): a funeral DEATH
# report dated 2025-05-01 carries the old 15-digit id 371002380808014 of
# elderly resident 371002193808080148 (on the old-age allowance). The id is
# converted (exchange-format clarification 12): the row is imported, listed in
# the rejects report as ID_CONVERTED, counted; the death counts, whole and
# --by-district: E3 fires for him, no AGE_ALLOWANCE and no E5 for a dead man.
# The controls keep behaving: a lower-case x death report on the as-of date
# counts (E3, H1 for 37100219400101008X), a death the day after does not
# (no H1 for 371002194203030134). (Before, the report was a BAD_ID reject
# and he kept his allowance.)
# Usage: old_id_case_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
case_dir="$data/cases/03-legacy-15-digit-death-report/in"
him=371002193808080148

"$safetynet" import --csv "$case_dir" --out "$work/case.snap" --as-of 2025-06-30 \
  > "$work/out.txt" 2>&1 || fail "import: $(cat "$work/out.txt")"
grep -q "signals.csv: imported with a note: 1 old 15-digit ids converted (ID_CONVERTED), 0 irregular" \
  "$work/out.txt" || fail "import summary: $(cat "$work/out.txt")"
# The report: the header and the one converted row, not a reject; no id in it.
report="$work/case.snap.rejects.csv"
[ "$(wc -l < "$report")" = 2 ] || fail "report rows: $(cat "$report")"
grep -q "^signals.csv,4,person_id,ID_CONVERTED,\"an old 15-digit resident id, converted" "$report" \
  || fail "the converted row: $(cat "$report")"
grep -q "371002" "$report" && fail "an id in the report: $(cat "$report")"

for mode in whole by-district; do
  options=()
  [ "$mode" = by-district ] && options+=(--by-district)
  night="$work/night-$mode"
  "$safetynet" run --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --out "$night" \
    "${options[@]}" > "$work/run.txt" 2>&1 || fail "$mode run: $(cat "$work/run.txt")"
  grep -q "^E3_DECEASED_ALLOWANCE,HIGH,ELDERLY,$him," "$night/alerts.csv" \
    || fail "$mode: no E3 for him: $(cat "$night/alerts.csv")"
  grep -q "^E5_LOW_INCOME_ALONE,[A-Z]*,ELDERLY,$him," "$night/alerts.csv" \
    && fail "$mode: E5 for a dead man: $(cat "$night/alerts.csv")"
  grep -q "^ELDERLY,$him,AGE_ALLOWANCE," "$night/entitlements.csv" \
    && fail "$mode: his allowance is paid: $(cat "$night/entitlements.csv")"
  grep -q "S0303" "$night/unmatched_signals.csv" && fail "$mode: his death report is unmatched"
  # The controls.
  grep -q "^E3_DECEASED_ALLOWANCE,HIGH,ELDERLY,37100219400101008X," "$night/alerts.csv" \
    || fail "$mode: the death on the as-of date (lower-case x): $(cat "$night/alerts.csv")"
  grep -q "^H1_DECEASED_BENEFICIARY,HIGH,PERSON,37100219400101008X," "$night/alerts.csv" \
    || fail "$mode: no H1 for the death on the as-of date: $(cat "$night/alerts.csv")"
  grep -q ",371002194203030134," "$night/alerts.csv" \
    && fail "$mode: the death of the day after counts: $(cat "$night/alerts.csv")"
  grep -q "^D[1-5]_" "$night/alerts.csv" && fail "$mode: a data-quality alert: $(cat "$night/alerts.csv")"
  # The import's counts, printed and in summary.json.
  grep -q "import: signals.csv 3 rows, 3 imported, 0 rejected; 1 old 15-digit ids converted" \
    "$work/run.txt" || fail "$mode: import counts printed: $(cat "$work/run.txt")"
  grep -q '"signals.csv": {"rows": 3, "imported": 3, "rejected": 0, "rejected_by_kind": {}, "rejected_naming_someone": 0, "converted_ids": 1, "accepted_ids": 0, "encoding": "UTF-8"}' \
    "$night/summary.json" || fail "$mode: import counts in summary.json: $(cat "$night/summary.json")"
done
cmp -s "$work/night-whole/alerts.csv" "$work/night-by-district/alerts.csv" || fail "alerts differ by district"

# explain finds him by either form of his id, dead.
for id in "$him" 371002380808014; do
  "$safetynet" explain --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 \
    --subject "$id" > "$work/explain.txt" 2>&1 || fail "explain $id: $(cat "$work/explain.txt")"
  grep -q "E3_DECEASED_ALLOWANCE" "$work/explain.txt" || fail "explain $id: $(cat "$work/explain.txt")"
done
echo "case 03, a 15-digit death report: all checks passed"
