#!/usr/bin/env bash
# The guard between import and run (issue 14, item 1): `run` refuses a
# snapshot with no households or no elderly residents unless --allow-empty
# (exit 1, the last night's outputs untouched), warns when the night is more
# than 7 days after the snapshot's as-of date (7: no warning, 8: a warning)
# or any day before it (the same day: no warning; one day before: a warning),
# prints the import's counts and a misspelt column's warning on stderr, and
# puts them in summary.json.
# Usage: run_guard_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null \
  || fail "import tiny"

"$safetynet" inspect "$work/tiny.snap" > "$work/out.txt" || fail "inspect"
grep -q "import: persons.csv 466 rows, 466 imported, 0 rejected" "$work/out.txt" \
  || fail "inspect: the import's counts: $(cat "$work/out.txt")"

# 7 days after the snapshot: no warning; 8 days: a warning, printed and in summary.json.
"$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-07-07 --out "$work/n7" \
  > "$work/out.txt" 2> "$work/err.txt" || fail "run 7 days on: $(cat "$work/err.txt")"
grep -q "warning" "$work/err.txt" && fail "7 days on warned: $(cat "$work/err.txt")"
grep -q '"warnings": \[\]' "$work/n7/summary.json" || fail "7 days on: warnings in summary.json"
grep -q "import: households.csv 200 rows, 200 imported, 0 rejected" "$work/out.txt" \
  || fail "import counts in the printed summary: $(cat "$work/out.txt")"
for mode in whole by-district; do
  options=()
  [ "$mode" = by-district ] && options+=(--by-district)
  "$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-07-08 \
    --out "$work/n8-$mode" "${options[@]}" > /dev/null 2> "$work/err.txt" \
    || fail "$mode run 8 days on: $(cat "$work/err.txt")"
  grep -q "safetynet run: warning: the snapshot is as of 2025-06-30, 8 days before" "$work/err.txt" \
    || fail "$mode: 8 days on, no warning: $(cat "$work/err.txt")"
  grep -q '"warnings": \["the snapshot is as of 2025-06-30, 8 days before' "$work/n8-$mode/summary.json" \
    || fail "$mode: 8 days on, summary.json: $(cat "$work/n8-$mode/summary.json")"
  grep -q '"signals.csv": {"rows": 3000, "imported": 3000, "rejected": 0' "$work/n8-$mode/summary.json" \
    || fail "$mode: import counts in summary.json"
done

# A night before the snapshot's as-of date: warned of (one day before: a warning; the same day: none).
"$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/n0" \
  > /dev/null 2> "$work/err.txt" || fail "run the same day: $(cat "$work/err.txt")"
grep -q "warning" "$work/err.txt" && fail "the same day warned: $(cat "$work/err.txt")"
"$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-29 --out "$work/n-1" \
  > /dev/null 2> "$work/err.txt" || fail "run one day before: $(cat "$work/err.txt")"
grep -q "safetynet run: warning: the snapshot is as of 2025-06-30, 1 days after the night's as-of date 2025-06-29" \
  "$work/err.txt" || fail "one day before, no warning: $(cat "$work/err.txt")"
grep -q '"warnings": \["the snapshot is as of 2025-06-30, 1 days after' "$work/n-1/summary.json" \
  || fail "one day before, summary.json: $(cat "$work/n-1/summary.json")"

# An elderly.csv whose last_visit is misspelt: the import and the run say so.
mkdir "$work/misspelt"
cp "$data/tiny/households.csv" "$data/tiny/persons.csv" "$data/tiny/signals.csv" "$work/misspelt/"
sed '1s/last_visit/last_vist/' "$data/tiny/elderly.csv" > "$work/misspelt/elderly.csv"
"$safetynet" import --csv "$work/misspelt" --out "$work/misspelt.snap" --as-of 2025-06-30 \
  > /dev/null 2> "$work/err.txt" || fail "misspelt import: $(cat "$work/err.txt")"
grep -q "safetynet import: warning: elderly.csv: unknown column 'last_vist'" "$work/err.txt" \
  || fail "no warning of the misspelt column: $(cat "$work/err.txt")"
grep -q "elderly.csv: optional column last_visit is absent" "$work/err.txt" || fail "absent last_visit"
"$safetynet" run --snapshot "$work/misspelt.snap" --rules "$rules" --as-of 2025-06-30 \
  --out "$work/misspelt-night" > /dev/null 2> "$work/err.txt" || fail "misspelt run"
grep -q "warning: elderly.csv: unknown column 'last_vist'" "$work/err.txt" || fail "run: misspelt column"
grep -q "elderly.csv: unknown column 'last_vist'" "$work/misspelt-night/summary.json" \
  || fail "summary.json: misspelt column"

# A duplicated column is an error for the file.
mkdir "$work/twice"
cp "$data/tiny/households.csv" "$data/tiny/persons.csv" "$data/tiny/elderly.csv" "$work/twice/"
sed '1s/$/,amount/; 2,$s/$/,1/' "$data/tiny/signals.csv" > "$work/twice/signals.csv"
if "$safetynet" import --csv "$work/twice" --out "$work/twice.snap" > /dev/null 2> "$work/err.txt"; then
  fail "a column named twice was imported"
fi
grep -q "signals.csv: column amount is named 2 times" "$work/err.txt" || fail "twice: $(cat "$work/err.txt")"

# A signals.csv without amounts: refused, saying the column is absent.
mkdir "$work/no-amount"
cp "$data/tiny/households.csv" "$data/tiny/persons.csv" "$data/tiny/elderly.csv" "$work/no-amount/"
cut -d, -f1-5,7- "$data/tiny/signals.csv" > "$work/no-amount/signals.csv"
if "$safetynet" import --csv "$work/no-amount" --out "$work/no-amount.snap" > /dev/null 2> "$work/err.txt"; then
  fail "a signals.csv without amounts was imported"
fi
grep -q "signals.csv: .* rows were rejected.*(the file has no amount column)" "$work/err.txt" \
  || fail "no amount: $(cat "$work/err.txt")"

# Empty: headers only. Refused (exit 1) without --allow-empty; the last night stays.
mkdir "$work/empty"
for file in households persons elderly signals; do
  head -1 "$data/tiny/$file.csv" > "$work/empty/$file.csv"
done
# import refuses them (exit 1, nothing written, the empty files named) unless --allow-empty.
set +e
"$safetynet" import --csv "$work/empty" --out "$work/empty.snap" --as-of 2025-06-30 \
  > /dev/null 2> "$work/err.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "import of empty files: exit $code, not 1: $(cat "$work/err.txt")"
grep -q "households.csv has no data rows (no households); persons.csv has no data rows (no household members: every household would look dissolved); elderly.csv has no data rows" \
  "$work/err.txt" || fail "import of empty files: $(cat "$work/err.txt")"
grep -q -- "--allow-empty" "$work/err.txt" || fail "the import's message names --allow-empty"
[ ! -e "$work/empty.snap" ] || fail "an empty snapshot was written"
"$safetynet" import --csv "$work/empty" --out "$work/empty.snap" --as-of 2025-06-30 --allow-empty \
  > /dev/null || fail "import of empty files with --allow-empty"
cp -r "$work/n7" "$work/last"
set +e
"$safetynet" run --snapshot "$work/empty.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/last" \
  > /dev/null 2> "$work/err.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "empty snapshot: exit $code, not 1: $(cat "$work/err.txt")"
grep -q "holds no households and no elderly residents" "$work/err.txt" || fail "message: $(cat "$work/err.txt")"
grep -q -- "--allow-empty" "$work/err.txt" || fail "the message names --allow-empty"
cmp -s "$work/last/alerts.csv" "$work/n7/alerts.csv" || fail "the last night was replaced"
"$safetynet" run --snapshot "$work/empty.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/last" \
  --allow-empty > /dev/null 2> "$work/err.txt" || fail "--allow-empty: $(cat "$work/err.txt")"

# Elderly residents but no households: refused too, naming what is empty.
mkdir "$work/no-households"
cp "$work/empty/households.csv" "$work/empty/persons.csv" "$work/no-households/"
cp "$data/tiny/elderly.csv" "$data/tiny/signals.csv" "$work/no-households/"
# An empty households.csv is named as such, not as every member's UNKNOWN_HOUSEHOLD.
if "$safetynet" import --csv "$work/no-households" --out "$work/nh.snap" > /dev/null \
  2> "$work/err.txt"; then
  fail "an export without households was imported"
fi
grep -q "safetynet import: households.csv has no data rows (no households); persons.csv has no data rows (no household members: every household would look dissolved): the snapshot" \
  "$work/err.txt" || fail "no households: $(cat "$work/err.txt")"
grep -q "UNKNOWN_HOUSEHOLD" "$work/err.txt" && fail "no households told as rejects: $(cat "$work/err.txt")"
"$safetynet" import --csv "$work/no-households" --out "$work/nh.snap" --max-reject-rate 100 \
  --allow-empty > /dev/null \
  || fail "import without households"
if "$safetynet" run --snapshot "$work/nh.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/nh" \
  > /dev/null 2> "$work/err.txt"; then
  fail "a snapshot with no households was run"
fi
grep -q "holds no households (0 households" "$work/err.txt" || fail "no households: $(cat "$work/err.txt")"
echo "run guard: all checks passed"
