#!/usr/bin/env bash
# The caseworkers' workbooks (docs/outputs-for-people.md), read back with
# tests/support/read_xlsx.py on tests/data/tiny:
#   - run writes entitlements-by-town/: one town's workbook equals a golden
#     file checked by hand against entitlements.csv (ids as text of 18
#     characters, amounts as numbers shown 0.00, the district's name from
#     rules/weihai/districts.csv, a frozen header), index.csv counts every
#     entitlement, every file is 0600;
#   - the folder is byte for byte the same with --threads 1 and 2 and with
#     --by-district;
#   - no cell is a person's name;
#   - with --mask-ids no 18-digit id is in any file of the folder (unzipped);
#   - recalc writes eligibility-changes-by-town/ from recalc_eligibility.csv;
#   - without districts.csv the code stands alone; a malformed one stops the
#     run (exit 1) naming file:line.
# Usage: town_workbooks_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
here=$(cd "$(dirname "$0")" && pwd)
read_xlsx="$here/../support/read_xlsx.py"
golden="$here/town_workbooks"

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 \
  > "$work/out.txt" 2>&1 || fail "import: $(cat "$work/out.txt")"
run_rules=$rules
night() {  # night NAME OPTION...: a run into $work/NAME with the rules $run_rules
  local name=$1
  shift
  "$safetynet" run --snapshot "$work/tiny.snap" --rules "$run_rules" --as-of 2025-06-30 \
    --out "$work/$name" "$@" > "$work/out.txt" 2>&1 || fail "run $*: $(cat "$work/out.txt")"
}
night n1 --threads 1
night n2 --threads 2
night nd --threads 2 --by-district
towns="$work/n1/entitlements-by-town"

# One town's workbook, as checked by hand against entitlements.csv.
python3 "$read_xlsx" "$towns/371003-小观镇.xlsx" > "$work/town.txt" \
  || fail "cannot read 371003-小观镇.xlsx: $(ls "$towns")"
diff -u "$golden/371003-小观镇.txt" "$work/town.txt" || fail "371003-小观镇.xlsx differs from the golden file"

# index.csv: every town of entitlements.csv, counting all its rows.
[ "$(head -1 "$towns/index.csv")" = $'\xEF\xBB\xBF'"district,town,file,entitlements" ] \
  || fail "index.csv header: $(head -1 "$towns/index.csv")"
total=$(tail -n +2 "$towns/index.csv" | awk -F, '{ s += $4 } END { print s }')
[ "$total" = "$(($(wc -l < "$work/n1/entitlements.csv") - 1))" ] \
  || fail "index.csv counts $total entitlements, entitlements.csv has more or fewer"
[ "$(ls "$towns" | wc -l)" = "$(wc -l < "$towns/index.csv")" ] || fail "files and index.csv lines"
for file in "$towns"/*.xlsx; do
  [ "$(stat -c %a "$file")" = 600 ] || fail "$file is mode $(stat -c %a "$file")"
  python3 "$read_xlsx" "$file" > "$work/cells.txt" || fail "cannot read $file"
  grep -q "^# frozen 1 0$" "$work/cells.txt" || fail "$file: no frozen header"
  cut -f4 "$work/cells.txt" >> "$work/all-cells.txt"
done
# No names: no cell is a name of persons.csv or elderly.csv.
tail -n +2 -q "$data/tiny/persons.csv" | cut -d, -f3 > "$work/names.txt"
tail -n +2 -q "$data/tiny/elderly.csv" | cut -d, -f2 >> "$work/names.txt"
[ "$(wc -l < "$work/names.txt")" -gt 100 ] || fail "the names of tiny were not read"
if grep -qxF -f "$work/names.txt" "$work/all-cells.txt"; then
  fail "a name in the workbooks: $(grep -xF -f "$work/names.txt" "$work/all-cells.txt" | head -3)"
fi
[ "$(stat -c %a "$towns")" = 700 ] || fail "$towns is mode $(stat -c %a "$towns")"

# The same bytes for any thread count, whole or district by district.
diff -r "$towns" "$work/n2/entitlements-by-town" > /dev/null || fail "--threads 1 and 2 differ"
diff -r "$towns" "$work/nd/entitlements-by-town" > /dev/null || fail "--by-district differs"

# --mask-ids: no resident id left anywhere in the folder, zipped or not.
night masked --mask-ids
grep -q '371003\*\*\*\*\*\*\*\*' "$work/masked/entitlements.csv" || fail "the CSV is not masked"
for file in "$work/masked/entitlements-by-town"/*; do
  python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.stdout.buffer.write(b"".join(z.read(n) for n in z.namelist()))' "$file" 2>/dev/null \
    || cat "$file"
done > "$work/masked.txt"
grep -q '371003\*\*\*\*\*\*\*\*' "$work/masked.txt" || fail "no masked id in the masked workbooks"
if grep -aqE '[0-9]{17}[0-9Xx]' "$work/masked.txt"; then
  fail "an 18-character id in the masked workbooks: $(grep -aoE '[0-9]{17}[0-9Xx]' "$work/masked.txt" | head -3)"
fi

# recalc: the households whose eligibility changes, per town, with higher
# standards (newly eligible) and lower ones (no longer eligible).
for change in 1500 500; do
  out="$work/recalc-$change"
  "$safetynet" recalc --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
    --set dibao.urban=$change --set dibao.rural=$change --out "$out" > "$work/out.txt" 2>&1 \
    || fail "recalc: $(cat "$work/out.txt")"
  tail -n +2 "$out/recalc_eligibility.csv" | tr -d '\r' | sort > "$work/expected.txt"
  [ -s "$work/expected.txt" ] || fail "no eligibility change to list with dibao $change"
  for file in "$out/eligibility-changes-by-town"/*.xlsx; do
    python3 "$read_xlsx" "$file" | awk -F'\t' '$2 == "E" && $1 > 1 { id[$1] = $4 }
      $2 == "F" && $1 > 1 { print id[$1] "," ($4 == "新纳入" ? "NEWLY_ELIGIBLE" : "NO_LONGER_ELIGIBLE") }'
  done | sort > "$work/listed.txt"
  diff "$work/expected.txt" "$work/listed.txt" || fail "the workbooks do not list recalc_eligibility.csv"
  total=$(tail -n +2 "$out/eligibility-changes-by-town/index.csv" | awk -F, '{ s += $4 } END { print s }')
  [ "$total" = "$(wc -l < "$work/expected.txt")" ] || fail "eligibility index.csv counts $total"
done
grep -q NEWLY_ELIGIBLE "$work/recalc-1500/recalc_eligibility.csv" || fail "none newly eligible"
grep -q NO_LONGER_ELIGIBLE "$work/recalc-500/recalc_eligibility.csv" || fail "none no longer eligible"
python3 "$read_xlsx" "$work/recalc-500/eligibility-changes-by-town/371003-宋村镇.xlsx" \
  > "$work/changes.txt" || fail "no 宋村镇 changes"
diff -u "$golden/changes-371003-宋村镇.txt" "$work/changes.txt" \
  || fail "eligibility-changes-by-town/371003-宋村镇.xlsx differs from the golden file"

# Without districts.csv, the code alone; a malformed one stops the run.
cp -r "$rules" "$work/rules"
rm "$work/rules/districts.csv"
run_rules="$work/rules"
night unnamed
python3 "$read_xlsx" "$work/unnamed/entitlements-by-town/371003-小观镇.xlsx" > "$work/unnamed.txt"
grep -q -P '^2\tA\t' "$work/unnamed.txt" && fail "a district name without districts.csv"
grep -q -P '^2\tB\ts\t371003$' "$work/unnamed.txt" || fail "no district code without districts.csv"
printf 'district,name\n371002,环翠区\n371002,文登区\n' > "$work/rules/districts.csv"
if "$safetynet" run --snapshot "$work/tiny.snap" --rules "$work/rules" --as-of 2025-06-30 \
  --out "$work/bad" > "$work/out.txt" 2>&1; then
  fail "a run with a malformed districts.csv"
fi
grep -q "districts.csv:3: district 371002 is named twice" "$work/out.txt" \
  || fail "the malformed districts.csv: $(cat "$work/out.txt")"
echo "town workbooks: OK"
