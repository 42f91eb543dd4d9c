#!/usr/bin/env bash
# Case 05 (tests/data/cases/05-mac-excel-cr-line-endings): the same export
# with LF line ends (in-lf), with CR-only line ends as Excel for Mac saves
# them (in-cr), and with households.csv LF and the others CR
# (in-cr-no-households). All three import every row (1 household, 2 persons,
# 2 elderly residents, 2 signals; nothing rejected) to the same snapshot data
# (exchange-format.md clarification 11), and their runs give the same
# outputs: among them E3 for the elderly resident whose death the funeral
# signal of the CR file reports. (Before, a CR-only file was read as one
# header line: 0 rows with exit 0, or a "missing" column.)
# Usage: cr_line_endings_case_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
case_dir="$data/cases/05-mac-excel-cr-line-endings"

# The inputs are what they say (the checkout kept them byte for byte).
[ "$(tr -cd '\r' < "$case_dir/in-cr/signals.csv" | wc -c)" = 3 ] || fail "in-cr/signals.csv is not CR-only"
[ "$(tr -cd '\n' < "$case_dir/in-cr/signals.csv" | wc -c)" = 0 ] || fail "in-cr/signals.csv holds an LF"
[ "$(tr -cd '\r' < "$case_dir/in-cr-no-households/households.csv" | wc -c)" = 0 ] \
  || fail "in-cr-no-households/households.csv holds a CR"

for set in in-lf in-cr in-cr-no-households; do
  "$safetynet" import --csv "$case_dir/$set" --out "$work/$set.snap" --as-of 2025-06-30 \
    > "$work/import-$set.txt" 2>&1 || fail "$set import: $(cat "$work/import-$set.txt")"
  for counts in "households.csv +1 +1 +0" "persons.csv +2 +2 +0" "elderly.csv +2 +2 +0" \
                "signals.csv +2 +2 +0"; do
    grep -Eq "^  $counts " "$work/import-$set.txt" \
      || fail "$set: not '$counts' (rows, imported, rejected): $(cat "$work/import-$set.txt")"
  done
  [ "$(wc -l < "$work/$set.snap.rejects.csv")" -le 1 ] || fail "$set rejects: $(cat "$work/$set.snap.rejects.csv")"
  # The snapshot's data and counts (all but its creation time).
  "$safetynet" inspect "$work/$set.snap" > "$work/inspect-$set.txt" 2>&1 \
    || fail "$set inspect: $(cat "$work/inspect-$set.txt")"
  grep -v -e "^  created " -e "^snapshot " -e "loaded into tables" "$work/inspect-$set.txt" > "$work/inspect-$set.cmp"
  "$safetynet" run --snapshot "$work/$set.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/night-$set" \
    > "$work/run-$set.txt" 2>&1 || fail "$set run: $(cat "$work/run-$set.txt")"
done

grep -q "^E3_DECEASED_ALLOWANCE,HIGH,ELDERLY,371002193605050432," "$work/night-in-lf/alerts.csv" \
  || fail "in-lf: no E3 for the dead resident: $(cat "$work/night-in-lf/alerts.csv")"
for set in in-cr in-cr-no-households; do
  cmp -s "$work/inspect-in-lf.cmp" "$work/inspect-$set.cmp" \
    || fail "$set: another snapshot than in-lf: $(diff "$work/inspect-in-lf.cmp" "$work/inspect-$set.cmp")"
  for output in "$work/night-in-lf"/*; do
    name=$(basename "$output")
    if [ "$name" = summary.json ]; then  # but for the time each step took
      diff <(grep -v '"seconds"' "$output") <(grep -v '"seconds"' "$work/night-$set/$name") > /dev/null \
        || fail "$set: summary.json differs from in-lf's"
    elif [ -d "$output" ]; then  # entitlements-by-town/: the same files, byte for byte
      diff -r "$output" "$work/night-$set/$name" > /dev/null || fail "$set: $name/ differs from in-lf's"
    else
      cmp -s "$output" "$work/night-$set/$name" \
        || fail "$set: $name differs from in-lf's: $(diff "$output" "$work/night-$set/$name")"
    fi
  done
done
echo "case 05, CR-only line endings: all checks passed"
