#!/usr/bin/env bash
# sweep.html from a real `safetynet sweep` on tests/data/tiny, rendered in
# headless Chromium: no script error; two charts with their axis labels and
# a zero tick; today's dibao.urban (as `rules check` lists it) and the
# --proposed value marked on the charts; every value of sweep.csv in the
# page's table (yuan) and in the charts' tables (万元, households, persons).
# Usage: sweep_page_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/../cli/lib.sh"
here=$(dirname "$0")
safetynet=$1
data=$2
rules=$3

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null
today=$("$safetynet" rules check "$rules" --as-of 2025-06-30 |
  sed -n 's/^    dibao.urban = \(.*\) yuan$/\1/p')
[ -n "$today" ] || fail "rules check lists no dibao.urban"
"$safetynet" sweep --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
  --param dibao.urban --from 800 --to 1000 --step 50 --proposed 950 --out "$work/s" > /dev/null
"$here/render_page.sh" "$work/s/sweep.html" > "$work/sweep.dom" || fail "rendering sweep.html"

checks=(--charts 2 --svg-text "今日 $today" --svg-text "拟 950.00")
# sweep.csv: value,households,persons,monthly,yearly (yuan), after a byte-order mark and a header.
while IFS=, read -r value households persons monthly yearly; do
  fen=${monthly/./}
  fen=$((10#$fen))
  hundredths=$(((fen + 5000) / 10000))
  wan=$(printf '%d.%02d' $((hundredths / 100)) $((hundredths % 100)))
  checks+=(--row "$value|$households|$persons|$monthly|$yearly" --row "$value|$wan"
           --row "$value|$households|$persons")
done < <(tail -n +2 "$work/s/sweep.csv" | tr -d '\r')
[ "${#checks[@]}" -gt 20 ] || fail "sweep.csv has too few values: $(cat "$work/s/sweep.csv")"
"$here/check_page.py" "$work/sweep.dom" "${checks[@]}" || fail "sweep.html"

# --proposed is checked as --from is: its unit, and within --from..--to.
set +e
"$safetynet" sweep --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
  --param dibao.urban --from 800 --to 1000 --step 50 --proposed 1200 --out "$work/p" 2> "$work/err.txt"
code=$?
set -e
[ "$code" = 2 ] || fail "--proposed outside the range: exit $code"
grep -q "^safetynet sweep: --proposed 1200 is outside --from 800 to --to 1000" "$work/err.txt" ||
  fail "--proposed outside the range: $(cat "$work/err.txt")"
echo "sweep page: rendered and checked"
