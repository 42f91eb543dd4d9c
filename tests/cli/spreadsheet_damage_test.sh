#!/usr/bin/env bash
# Damage a spreadsheet does, diagnosed for the whole file (docs/import.md
# "Spreadsheet damage"): the tiny export with
#   1. persons.csv's ids saved as numbers (3.71082E+17): the import is refused
#      (no member left), and the refusal says why in one sentence; with
#      --max-reject-rate 100 --allow-empty the sentence is in the summary, first in the
#      rejects report (a DIAGNOSIS row, line empty), and shown by run;
#   2. signals.csv's dates written YYYY/M/D: the sentence names the form;
#   3. elderly.csv's ability_level in full-width digits (clarification 13):
#      every row rejected naming the character, and the refusal of an import
#      with no elderly residents says why.
# Usage: spreadsheet_damage_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
export LC_ALL=C  # awk works on bytes

# A copy of the tiny export in $work/NAME, with FILE passed through the awk PROGRAM
# on every line but the header.
damaged_copy() {
  local name=$1 file=$2 program=$3
  mkdir -p "$work/$name"
  cp "$data"/tiny/*.csv "$work/$name/"
  awk -F, -v OFS=, "NR == 1 { print; next } { $program; print }" "$data/tiny/$file" \
    > "$work/$name/$file"
}

# 1. Ids saved as numbers: 371082199601070013 -> 3.71082E+17, as Excel shows
#    (and saves) an 18-digit number.
damaged_copy ids persons.csv '$1 = sprintf("%.5E", $1)'
grep -q '^3\.710[0-9]*E+17,' "$work/ids/persons.csv" || fail "the ids were not re-saved: $(head -3 "$work/ids/persons.csv")"
rows=$(($(wc -l < "$work/ids/persons.csv") - 1))
sentence="column person_id looks like it was saved as a number by a spreadsheet in $rows of $rows rows (scientific notation); export it as text"

if "$safetynet" import --csv "$work/ids" --out "$work/ids.snap" --as-of 2025-06-30 \
  > "$work/out.txt" 2> "$work/err.txt"; then
  fail "an export whose ids are numbers was imported: $(cat "$work/out.txt")"
fi
# Every member row rejected: refused as an export without members (checked
# before the reject rate), with the sentence that says why.
grep -qF "safetynet import: persons.csv had all its $rows rows rejected (no household members" "$work/err.txt" \
  || fail "refusal: $(cat "$work/err.txt")"
grep -qxF "  persons.csv: $sentence" "$work/err.txt" || fail "the refusal does not say why: $(cat "$work/err.txt")"
[ -e "$work/ids.snap" ] && fail "a refused import wrote a snapshot"

"$safetynet" import --csv "$work/ids" --out "$work/ids.snap" --as-of 2025-06-30 --max-reject-rate 100 --allow-empty \
  > "$work/out.txt" 2> "$work/err.txt" || fail "import: $(cat "$work/out.txt" "$work/err.txt")"
grep -qxF "  diagnosis: persons.csv: $sentence" "$work/out.txt" || fail "summary: $(cat "$work/out.txt")"
report="$work/ids.snap.rejects.csv"
[ "$(sed -n 2p "$report")" = "persons.csv,,person_id,DIAGNOSIS,$sentence" ] \
  || fail "the report does not begin with the diagnosis: $(head -3 "$report")"
[ "$(grep -c ',DIAGNOSIS,' "$report")" = 1 ] || fail "diagnoses: $(grep DIAGNOSIS "$report")"
[ "$(grep -c '^persons.csv,[0-9]*,person_id,BAD_ID,"looks like it was saved as a number by a spreadsheet (scientific notation) (the value: 11 characters, mixed)"$' "$report")" = "$rows" ] \
  || fail "per-row reasons: $(head -4 "$report")"
grep -q '3\.710' "$report" && fail "the report repeats an id"
"$safetynet" run --snapshot "$work/ids.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/night" \
  > "$work/out.txt" 2> "$work/err.txt" || fail "run: $(cat "$work/out.txt" "$work/err.txt")"
grep -qxF "safetynet run: warning: persons.csv: $sentence" "$work/err.txt" \
  || fail "run does not show the diagnosis: $(cat "$work/err.txt")"
grep -qF "\"persons.csv: $sentence\"" "$work/night/summary.json" \
  || fail "summary.json: $(cat "$work/night/summary.json")"

# 2. Dates as a spreadsheet writes them in a Chinese locale: 2025-05-22 -> 2025/5/22.
damaged_copy dates signals.csv 'split($5, d, "-"); $5 = d[1] "/" (d[2] + 0) "/" (d[3] + 0)'
grep -q '^S[0-9]*,[A-Z_]*,[A-Z]*,[0-9X]*,2025/[1-9][0-2]*/[0-9]*,' "$work/dates/signals.csv" \
  || fail "the dates were not re-written: $(head -3 "$work/dates/signals.csv")"
rows=$(($(wc -l < "$work/dates/signals.csv") - 1))
"$safetynet" import --csv "$work/dates" --out "$work/dates.snap" --as-of 2025-06-30 \
  > "$work/out.txt" 2> "$work/err.txt" && fail "an export of dates in another form was imported"
grep -qxF "  signals.csv: column event_date holds dates of the form YYYY/M/D in $rows of $rows rows; the format needs YYYY-MM-DD" \
  "$work/err.txt" || fail "dates: $(cat "$work/err.txt")"

# 3. Full-width digits: ability_level 2 -> U+FF12 FULLWIDTH DIGIT TWO.
damaged_copy fullwidth elderly.csv '$9 = "\357\274" sprintf("%c", 144 + $9)'
rows=$(($(wc -l < "$work/fullwidth/elderly.csv") - 1))
"$safetynet" import --csv "$work/fullwidth" --out "$work/fw.snap" --as-of 2025-06-30 --max-reject-rate 100 \
  > "$work/out.txt" 2> "$work/err.txt" && fail "an export of no elderly residents was imported"
grep -qF "elderly.csv had all its $rows rows rejected (no elderly residents)" "$work/err.txt" \
  || fail "full-width: $(cat "$work/err.txt")"
grep -qxF "  elderly.csv: column ability_level holds full-width digits (U+FF10-FF19) in $rows of $rows rows; they are not converted (clarification 13): replace them with plain half-width characters and export again" \
  "$work/err.txt" || fail "full-width diagnosis: $(cat "$work/err.txt")"
"$safetynet" import --csv "$work/fullwidth" --out "$work/fw.snap" --as-of 2025-06-30 --max-reject-rate 100 \
  --allow-empty > "$work/out.txt" 2> "$work/err.txt" || fail "import: $(cat "$work/err.txt")"
grep -qF 'elderly.csv,2,ability_level,UNKNOWN_CODE,"ability_level holds U+FF12 FULLWIDTH DIGIT TWO: not converted to a plain character (clarification 13); retype the value (the value: 1 character, mixed)"' \
  "$work/fw.snap.rejects.csv" || fail "full-width reason: $(head -3 "$work/fw.snap.rejects.csv")"
echo "spreadsheet damage: all checks passed"
