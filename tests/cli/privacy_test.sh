#!/usr/bin/env bash
# Nothing personal escapes (docs/privacy.md): exchange files whose resident
# ids also stand as household ids, inside signal ids and sources, in a town
# and a village, and whose names and ids are shifted into code, digit, date
# and number columns, are imported, run with --mask-ids --split-by town (and
# --by-district) and recalculated with --mask-ids. No byte any command writes
# -- every file of the output folders and their names, the rejects report,
# stdout and stderr -- may hold an input resident id (18 or 15 digits) or an
# input name.
# Usage: privacy_test.sh SAFETYNET RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
rules=$2

# Resident ids (valid checksums; birth dates as digits 7-14) and old 15-digit ids.
A=371002197003150119    # head of household A, whose household id is A itself
B=371002198511200236    # member of household O1
C=37100319600101035X    # member of household HH3, written with a lower-case x in a signal id
D=371082194005050478    # an elderly resident
E=371002199208080598    # member of household HHE (E glued to letters)
F=371003198812120615    # shifted into a town
U=371002199909090852    # about nobody: an unmatched signal
V=371002200101011037    # about nobody
W=371002196606061110    # shifted into a district
X=371002195505051218    # only in rejected rows
Y=371082197510300734    # only in rejected rows
O1=371002851120023      # old form, as a household id and a signal source
O2=371003881212061      # old form, as a village
ids=("$A" "$B" "$C" "$D" "$E" "$F" "$U" "$V" "$W" "$X" "$Y" "$O1" "$O2")
names=(欧阳娜娜 司马长风 诸葛明月 令狐秋水 东方晓雪 上官云飞 慕容雪儿)
c_lower=${C%X}x

in="$work/in"
mkdir "$in"
cat > "$in/households.csv" <<EOF
household_id,district,town,village,area,category,tekun_mode,enrolled_date,current_payment
$A,371002,竹岛街道,光明社区,URBAN,DIBAO,,2020-01-01,100
$O1,371002,竹岛街道,光明社区,URBAN,NONE,,,0
HH3,371003,$F,$O2,URBAN,NONE,,,0
HH$E,371002,竹岛街道,光明社区,URBAN,DIBAO,,2020-01-01,0
HH5,371002,竹岛街道,光明社区,URBAN,司马长风,,,0
HH6,$W,竹岛街道,光明社区,URBAN,NONE,,,0
EOF
cat > "$in/persons.csv" <<EOF
person_id,household_id,name,sex,birth_date,relation,disability_grade,self_care,serious_illness,student,declared_income,child_status
$A,$A,欧阳娜娜,F,1970-03-15,HEAD,1,SEMI,0,0,0,
$B,$O1,司马长风,M,1985-11-20,HEAD,0,FULL,0,0,0,
$C,HH3,诸葛明月,F,1960-01-01,HEAD,0,FULL,0,0,0,
$E,HH$E,东方晓雪,F,1992-08-08,HEAD,0,FULL,0,0,900,
$X,$A,F,上官云飞,1955-05-05,SPOUSE,,,,,0,
$X,$A,上官云飞,F,1955-05-05,$X,,,,,0,
$X,$A,上官云飞,F,1955-05-05,SPOUSE,$X,,,,0,
上官云飞,$A,$X,F,1955-05-05,SPOUSE,,,,,0,
$X,$A,上官云飞,F,$X,SPOUSE,,,,,0,
EOF
cat > "$in/elderly.csv" <<EOF
person_id,name,birth_date,district,town,village,area,living,ability_level,shidu,pension,age_allowance,last_visit
$D,令狐秋水,1940-05-05,371082,界石镇,程家洼村,URBAN,ALONE,2,0,500,0,
$Y,慕容雪儿,1975-10-30,$Y,界石镇,程家洼村,URBAN,ALONE,2,0,1,1,
$Y,慕容雪儿,1975-10-30,371082,界石镇,程家洼村,URBAN,慕容雪儿,2,0,1,1,
EOF
cat > "$in/signals.csv" <<EOF
signal_id,source,type,person_id,event_date,amount,inpatient,detail
MI-$A-0001,MI,MEDICAL,$A,2025-06-01,100,1,
INC$A,$O1,INCOME,$U,2025-06-10,100,,
SIG-$c_lower,HRSS,DEATH,$V,2025-06-20,,,
S9,HRSS,$Y,$Y,2025-05-22,1,,
S10,MI,MEDICAL,$A,2025-05-22,1,欧阳娜娜,
S11,HRSS,INCOME,$A,2025-05-22,$C,,
EOF

# Every command, its stdout and stderr kept.
"$safetynet" import --csv "$in" --out "$work/data.snap" --as-of 2025-06-30 --max-reject-rate 100 \
  > "$work/import.out" 2> "$work/import.err" \
  || fail "import: $(cat "$work/import.err")"
"$safetynet" run --snapshot "$work/data.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/night" \
  --mask-ids --split-by town > "$work/run.out" 2> "$work/run.err" \
  || fail "run: $(cat "$work/run.err")"
"$safetynet" run --snapshot "$work/data.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/night-by-district" \
  --mask-ids --split-by town --by-district > "$work/run-by-district.out" 2> "$work/run-by-district.err" \
  || fail "run-by-district: $(cat "$work/run-by-district.err")"
"$safetynet" recalc --snapshot "$work/data.snap" --rules "$rules" --as-of 2025-06-30 --to 2025-07-01 \
  --out "$work/recalc" --mask-ids > "$work/recalc.out" 2> "$work/recalc.err" \
  || fail "recalc: $(cat "$work/recalc.err")"

# No input id (either case of its X) and no input name in any byte written, nor in a file's name.
written=("$work"/*.out "$work"/*.err "$work/data.snap.rejects.csv")
while IFS= read -r -d '' file; do written+=("$file"); done \
  < <(find "$work/night" "$work/night-by-district" "$work/recalc" -type f -print0)
find "$work/night" "$work/night-by-district" "$work/recalc" > "$work/file-names.txt"
written+=("$work/file-names.txt")
printf '%s\n' "${ids[@]}" "${names[@]}" > "$work/personal.txt"
if grep -i -F -f "$work/personal.txt" "${written[@]}" > "$work/leaks.txt"; then
  fail "personal data written: $(head -20 "$work/leaks.txt")"
fi

# And the test means something: the rows went where they should, the ids were there to mask.
[ "$(($(wc -l < "$work/data.snap.rejects.csv") - 1))" = 12 ] || fail "12 rejects expected: $(cat "$work/data.snap.rejects.csv")"
# Household A's rejected member rows name it: held out of H8 and DIBAO, D1 instead (docs/weihai-rule-set.md).
grep -q "D1_HOUSEHOLD_ROWS_REJECTED,HIGH,HOUSEHOLD,371002\*\*\*\*\*\*\*\*0119," "$work/night/alerts.csv" || fail "household A's alert"
grep -q "H4_DIBAO_CANDIDATE,HIGH,HOUSEHOLD,371002\*\*\*\*\*\*023," "$work/night/alerts.csv" || fail "household O1's alert"
grep -q ",371003\*\*\*\*\*\*\*\*0615,371003\*\*\*\*\*\*061," "$work/night/alerts.csv" || fail "household HH3's town and village"
grep -q "^INC371002\*\*\*\*\*\*\*\*0119,371002\*\*\*\*\*\*023,INCOME,371002\*\*\*\*\*\*\*\*0852," \
  "$work/night/unmatched_signals.csv" || fail "an unmatched signal"
grep -q "^SIG-371003\*\*\*\*\*\*\*\*035x," "$work/night/unmatched_signals.csv" || fail "a lower-case x"
grep -q "^HOUSEHOLD,371002\*\*\*\*\*\*\*\*0119,DIBAO," "$work/night/entitlements.csv" && fail "household A is paid"
grep -q "^PERSON,371002\*\*\*\*\*\*\*\*0119,DISABILITY_" "$work/night/entitlements.csv" || fail "A's own entitlement"
grep -q -r -F ",371003********0615," "$work/night/alerts-by-town" || fail "the town's file: $(ls "$work/night/alerts-by-town")"
grep -q "^HH371002\*\*\*\*\*\*\*\*0598,NEWLY_ELIGIBLE" "$work/recalc/recalc_eligibility.csv" || fail "recalc eligibility"
grep -q "^HOUSEHOLD,HH371002\*\*\*\*\*\*\*\*0598,DIBAO," "$work/recalc/recalc.csv" || fail "recalc amounts"
diff -r -x summary.json "$work/night" "$work/night-by-district" > /dev/null || fail "--by-district writes other bytes"

echo "privacy: nothing personal in ${#written[@]} files written"
