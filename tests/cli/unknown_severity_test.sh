#!/usr/bin/env bash
# An alert whose condition holds but whose computed severity (or score) is
# unknown never fires with an empty severity: it is undecided, listed in
# undecided.csv with "severity is unknown: ..." (or "score is unknown: ..."),
# counted in summary.json, and explain says so. (Before, it fired with an
# empty severity column, {"": N} in summary.json and "FIRED, severity ".)
# Usage: unknown_severity_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null
cp -r "$rules" "$work/rules"
cat > "$work/rules/z.rules" <<'RULES'
for household:
  let zero = count(members where false)
  let per = current_payment / zero
  alert Z4 severity if per > 0 yuan then HIGH else LOW when true show zero
  alert Z5 severity HIGH when true score if per > 0 yuan then 1 else 2
RULES
"$safetynet" run --snapshot "$work/tiny.snap" --rules "$work/rules" --as-of 2025-06-30 \
  --out "$work/night" > "$work/run.txt" 2>&1 || fail "run: $(cat "$work/run.txt")"
households=$(grep -c "^HH" "$data/tiny/households.csv" || true)
[ "$households" -gt 0 ] || fail "no households in tiny"
grep -qE "Z4|Z5" "$work/night/alerts.csv" && fail "Z4/Z5 fired: $(grep -E 'Z4|Z5' "$work/night/alerts.csv" | head -3)"
grep -q '"": ' "$work/night/summary.json" && fail "an empty severity in summary.json: $(cat "$work/night/summary.json")"
z4=$(grep -c ",ALERT,Z4,severity is unknown: per is empty: division by zero" "$work/night/undecided.csv" || true)
z5=$(grep -c ",ALERT,Z5,score is unknown: per is empty: division by zero" "$work/night/undecided.csv" || true)
[ "$z4" = "$households" ] || fail "Z4 undecided $z4 of $households: $(head -3 "$work/night/undecided.csv")"
[ "$z5" = "$households" ] || fail "Z5 undecided $z5 of $households"
grep -q "\"Z4\": *$households" "$work/night/summary.json" || fail "Z4 not counted: $(cat "$work/night/summary.json")"
household=$(grep -m1 -o "^HH[0-9]*" "$data/tiny/households.csv")
"$safetynet" explain --snapshot "$work/tiny.snap" --rules "$work/rules" --as-of 2025-06-30 \
  --subject "$household" > "$work/explain.txt" || fail "explain"
grep -q "FIRED, severity *$" "$work/explain.txt" && fail "explain: fired with no severity"
grep -q "Z4: not fired: undecided (severity is unknown: " "$work/explain.txt" \
  || fail "explain Z4: $(grep Z4 "$work/explain.txt")"
grep -q "Z5: not fired: undecided (score is unknown: " "$work/explain.txt" \
  || fail "explain Z5: $(grep Z5 "$work/explain.txt")"
echo "unknown severity or score: all checks passed"
