#!/usr/bin/env bash
# Case 02 (tests/data/cases/02-irregular-check-digit-household) with the
# bureau's list of hand-checked irregular ids (`import --accept-ids`) naming
# the spouse: her persons, elderly and signal rows are imported as written
# (ID_ACCEPTED rows of the report, counted), and nothing downstream drops her:
# HH02 is a two-person DIBAO household entitled to 1958.00 (docs/weihai-rules.md),
# with no H8 and no D1, whole and --by-district; recalc pays it, explain finds
# her by her id as printed. Without the list the case is as
# rejected_rows_case_test.sh says. Errors in the list stop the import.
# Usage: accept_ids_case_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
case_dir="$data/cases/02-irregular-check-digit-household"
spouse=371002194303030243

printf '# checked by hand against her card\r\nperson_id\r\n%s\r\n' "$spouse" > "$work/accept.txt"
"$safetynet" import --csv "$case_dir" --out "$work/case.snap" --as-of 2025-06-30 \
  --accept-ids "$work/accept.txt" > "$work/out.txt" 2>&1 || fail "import: $(cat "$work/out.txt")"
grep -q "warning:" "$work/out.txt" && fail "a warning: $(cat "$work/out.txt")"
for file in persons.csv elderly.csv signals.csv; do
  grep -q "$file: imported with a note: 0 old 15-digit ids converted (ID_CONVERTED), 1 irregular ids accepted (ID_ACCEPTED)" \
    "$work/out.txt" || fail "import summary of $file: $(cat "$work/out.txt")"
done
report="$work/case.snap.rejects.csv"
expected='file,line,column,kind,reason
persons.csv,3,person_id,ID_ACCEPTED,the check character is not the MOD 11-2 one; imported as written: the id is on the --accept-ids list
elderly.csv,2,person_id,ID_ACCEPTED,the check character is not the MOD 11-2 one; imported as written: the id is on the --accept-ids list
signals.csv,2,person_id,ID_ACCEPTED,the check character is not the MOD 11-2 one; imported as written: the id is on the --accept-ids list'
[ "$(cat "$report")" = "$expected" ] || fail "the report: $(cat "$report")"

for mode in whole by-district; do
  options=()
  [ "$mode" = by-district ] && options+=(--by-district)
  night="$work/night-$mode"
  "$safetynet" run --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --out "$night" \
    "${options[@]}" > "$work/run.txt" 2>&1 || fail "$mode run: $(cat "$work/run.txt")"
  grep -q "^HOUSEHOLD,HH02,DIBAO,1958.00$" "$night/entitlements.csv" \
    || fail "$mode: HH02's dibao: $(cat "$night/entitlements.csv")"
  grep -q "H8_PAYMENT_MISMATCH" "$night/alerts.csv" && fail "$mode: H8 fired: $(cat "$night/alerts.csv")"
  grep -q "^D[1-5]_" "$night/alerts.csv" && fail "$mode: a data-quality alert: $(cat "$night/alerts.csv")"
  grep -q "^ELDERLY,$spouse,AGE_ALLOWANCE," "$night/entitlements.csv" \
    || fail "$mode: her allowance (she is 82): $(cat "$night/entitlements.csv")"
  grep -q "S0201" "$night/unmatched_signals.csv" && fail "$mode: her signal is unmatched"
  grep -q "import: persons.csv 2 rows, 2 imported, 0 rejected; 1 irregular ids accepted" "$work/run.txt" \
    || fail "$mode: import counts printed: $(cat "$work/run.txt")"
  grep -q '"persons.csv": {"rows": 2, "imported": 2, "rejected": 0, "rejected_by_kind": {}, "rejected_naming_someone": 0, "converted_ids": 0, "accepted_ids": 1, "encoding": "UTF-8"}' \
    "$night/summary.json" || fail "$mode: import counts in summary.json: $(cat "$night/summary.json")"
done
cmp -s "$work/night-whole/alerts.csv" "$work/night-by-district/alerts.csv" || fail "alerts differ by district"
cmp -s "$work/night-whole/entitlements.csv" "$work/night-by-district/entitlements.csv" \
  || fail "entitlements differ by district"

"$safetynet" recalc --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 --to 2025-07-01 \
  --out "$work/recalc" > "$work/out.txt" 2>&1 || fail "recalc: $(cat "$work/out.txt")"
grep -q "HH02" "$work/recalc/recalc.csv" || fail "recalc does not pay HH02: $(cat "$work/recalc/recalc.csv")"
"$safetynet" explain --snapshot "$work/case.snap" --rules "$rules" --as-of 2025-06-30 \
  --subject "$spouse" > "$work/explain.txt" 2>&1 || fail "explain: $(cat "$work/explain.txt")"
grep -q "member of HH02" "$work/explain.txt" || fail "explain: $(cat "$work/explain.txt")"

# Errors in the list stop the import before anything is written, naming the
# file and line, never the value.
bad_lists=("$spouse\n3710021943030302\n" "$spouse,乙二\n" "371002430303024\n" "37100219961332001X\n")
for list in "${bad_lists[@]}"; do
  printf "$list" > "$work/bad.txt"
  status=0
  "$safetynet" import --csv "$case_dir" --out "$work/bad.snap" --as-of 2025-06-30 \
    --accept-ids "$work/bad.txt" > "$work/out.txt" 2>&1 || status=$?
  [ "$status" = 1 ] || fail "a bad list: exit $status: $(cat "$work/out.txt")"
  grep -q "$work/bad.txt line [12]: " "$work/out.txt" || fail "the bad list's message: $(cat "$work/out.txt")"
  grep -q "3710" "$work/out.txt" && fail "an id in the message: $(cat "$work/out.txt")"
  [ ! -e "$work/bad.snap" ] && [ ! -e "$work/bad.snap.rejects.csv" ] || fail "a bad list wrote"
done
status=0
"$safetynet" import --csv "$case_dir" --out "$work/bad.snap" --accept-ids "$work/none.txt" \
  > "$work/out.txt" 2>&1 || status=$?
[ "$status" = 1 ] && grep -q "$work/none.txt" "$work/out.txt" || fail "a missing list: $(cat "$work/out.txt")"
# An entry that needs none is a warning.
printf '%s\n371002195001010121\n' "$spouse" > "$work/extra.txt"
"$safetynet" import --csv "$case_dir" --out "$work/extra.snap" --as-of 2025-06-30 \
  --accept-ids "$work/extra.txt" > "$work/out.txt" 2>&1 || fail "import: $(cat "$work/out.txt")"
grep -q "warning: $work/extra.txt line 2: this id's check character is the MOD 11-2 one" "$work/out.txt" \
  || fail "no warning: $(cat "$work/out.txt")"
echo "case 02 with --accept-ids: all checks passed"
