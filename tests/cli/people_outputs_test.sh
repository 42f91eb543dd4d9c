#!/usr/bin/env bash
# The outputs for people of a run on tests/data/tiny (docs/outputs-for-people.md):
#   - alerts.jsonl: every label and reason sentence as the rules' templates
#     say, filled from the typed evidence (check_reasons.py, an independent
#     reading of the rule language), for at least 10 rules;
#   - worklist.xlsx read back equals a golden file checked by hand (labels,
#     sentences, HIGH first), its ids text cells of 18 characters, one row
#     per alert; worklist-by-town/ holds every alert once, index.csv counts
#     them;
#   - report.html rendered in headless Chromium shows tonight's HIGH alerts
#     and the monthly total in 万元 as summary.json has them;
#   - the same files for --threads 1 and 2 and --by-district;
#   - --mask-ids: no 18-digit id in any file (workbooks unzipped);
#   - rules check refuses a districts.csv that is not UTF-8;
#   - names only with --with-names, and then the data's; --with-names with
#     --mask-ids or --no-workbooks is bad usage; --no-workbooks writes no
#     workbook; every file 0600.
# Usage: people_outputs_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
here=$(cd "$(dirname "$0")" && pwd)
read_xlsx="$here/../support/read_xlsx.py"

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 \
  > "$work/out.txt" 2>&1 || fail "import: $(cat "$work/out.txt")"
night() {  # night NAME OPTION...: a run into $work/NAME
  local name=$1
  shift
  "$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
    --out "$work/$name" "$@" > "$work/out.txt" 2>&1 || fail "run $*: $(cat "$work/out.txt")"
}
night n1 --threads 1
night n2 --threads 2
night nd --by-district
n=$work/n1

python3 "$here/check_reasons.py" "$rules" "$n/alerts.jsonl" 10 || fail "reasons differ from the templates"

# The worklist workbook against its golden file.
python3 "$read_xlsx" "$n/worklist.xlsx" > "$work/worklist.txt"
diff -u "$here/people_outputs/worklist.txt" "$work/worklist.txt" || fail "worklist.xlsx differs"
python3 - "$work/worklist.txt" "$n/alerts.csv" <<'EOF' || fail "worklist.xlsx rows"
import csv, re, sys
cells = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("#"):
        continue
    row, col, kind, value = line.rstrip("\n").split("\t", 3)
    cells[(int(row), col)] = (kind, value)
alerts = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
rows = max(r for r, _ in cells)
assert rows - 1 == len(alerts), (rows - 1, len(alerts))
order = {"高": 2, "中": 1, "低": 0}
severities = [order[cells[(r, "B")][1]] for r in range(2, rows + 1)]
assert severities == sorted(severities, reverse=True), "not most urgent first"
ids = 0
for r in range(2, rows + 1):
    kind, value = cells[(r, "F")]
    assert kind == "s", (r, kind)
    if not value.startswith("HH"):
        assert re.fullmatch(r"\d{17}[\dX]", value), (r, value)
        ids += 1
worklist = sorted((cells[(r, "M")][1], cells[(r, "F")][1]) for r in range(2, rows + 1))
assert worklist == sorted((a["rule_id"], a["subject_id"]) for a in alerts), "not the alerts"
assert ids > 100, ids
EOF
python3 - "$n" "$read_xlsx" <<'EOF' || fail "worklist-by-town/"
import csv, subprocess, sys
folder = sys.argv[1] + "/worklist-by-town"
sys.path.insert(0, sys.argv[2].rsplit("/", 1)[0])
total = 0
for row in csv.DictReader(open(folder + "/index.csv", encoding="utf-8-sig")):
    text = subprocess.run([sys.executable, sys.argv[2], folder + "/" + row["workbook"]],
                          capture_output=True, text=True, check=True).stdout
    rows = sum(1 for line in text.splitlines() if line.split("\t")[1:2] == ["A"]) - 1
    assert rows == int(row["alerts"]), (row, rows)
    total += rows
alerts = sum(1 for _ in open(sys.argv[1] + "/alerts.csv", encoding="utf-8-sig")) - 1
assert total == alerts, (total, alerts)
EOF

# The night report, in a browser: the HIGH alerts and the monthly total of summary.json.
read -r high wan < <(python3 - "$n/summary.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
high = sum(by.get("HIGH", 0) for by in s["alerts_by_rule"].values())
fen = sum(round(float(v) * 100) for v in s["entitlement_monthly_total_by_kind"].values())
print(high, "%.2f" % (fen / 1e6))
EOF
)
"$here/../browser/render_page.sh" "$n/report.html" > "$work/report.dom" || fail "rendering report.html"
python3 "$here/../browser/check_page.py" "$work/report.dom" --text "高级别预警${high}今晚" \
  --text "${wan}万元，全部待遇合计" --text "2025-06-30" --text "疑似应保未保（低保候选）" --text "环翠区" ||
  fail "report.html does not show the night's figures"

# The same bytes for any thread count and district by district.
for file in worklist.xlsx worklist-by-town report.html entitlements-by-town; do
  diff -r "$n/$file" "$work/n2/$file" > /dev/null || fail "$file differs with --threads 2"
  diff -r "$n/$file" "$work/nd/$file" > /dev/null || fail "$file differs with --by-district"
done

# Privacy: files 0600; no id with --mask-ids; names only with --with-names.
bad=$(find "$n" -type f ! -perm 600 | head -3)
[ -z "$bad" ] || fail "not 0600: $bad"
night masked --mask-ids
unzipped() {  # every file of folder $1 as text, workbooks unzipped
  python3 - "$1" <<'EOF'
import os, sys, zipfile
for root, _, files in sorted(os.walk(sys.argv[1])):
    for name in sorted(files):
        path = os.path.join(root, name)
        if name.endswith(".xlsx"):
            z = zipfile.ZipFile(path)
            for member in z.namelist():
                sys.stdout.write(z.read(member).decode("utf-8", "replace"))
        else:
            sys.stdout.write(open(path, "rb").read().decode("utf-8", "replace"))
EOF
}
if unzipped "$work/masked" | grep -qE '(^|[^0-9])[0-9]{17}[0-9X]([^0-9]|$)'; then
  fail "an 18-character id in the masked outputs"
fi
unzipped "$n" > "$work/all.txt"
python3 - "$data/tiny" "$work/all.txt" <<'EOF' || fail "a name in an output without --with-names"
import csv, sys
places = set()
for f in ("households.csv", "elderly.csv"):
    for row in csv.DictReader(open(sys.argv[1] + "/" + f, encoding="utf-8-sig")):
        places.update((row["town"], row["village"]))
names = set()
for f in ("persons.csv", "elderly.csv"):
    for row in csv.DictReader(open(sys.argv[1] + "/" + f, encoding="utf-8-sig")):
        # Whole names only: a two-character name can be part of a place's name.
        if not any(row["name"] in place for place in places):
            names.add(row["name"])
text = open(sys.argv[2], encoding="utf-8", errors="replace").read()
found = sorted(name for name in names if name in text)
assert len(names) > 100, len(names)
assert not found, found[:5]
EOF
night named --with-names
python3 "$read_xlsx" "$work/named/worklist.xlsx" > "$work/named.txt"
python3 - "$work/named.txt" "$data/tiny" <<'EOF' || fail "--with-names"
import csv, sys
cells = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("#"):
        row, col, kind, value = line.rstrip("\n").split("\t", 3)
        cells[(int(row), col)] = value
assert cells[(1, "H")] == "姓名", cells[(1, "H")]
people = {}
for f in ("persons.csv", "elderly.csv"):
    for row in csv.DictReader(open(sys.argv[2] + "/" + f, encoding="utf-8-sig")):
        people[row["person_id"]] = row["name"]
heads = {}
for row in csv.DictReader(open(sys.argv[2] + "/persons.csv", encoding="utf-8-sig")):
    if row["relation"] == "HEAD":
        heads[row["household_id"]] = row["name"]
rows = max(r for r, _ in cells)
checked = 0
for r in range(2, rows + 1):
    subject, name = cells[(r, "F")], cells.get((r, "H"), "")
    expected = heads.get(subject) if subject.startswith("HH") else people.get(subject)
    if expected is not None:
        assert name == expected, (r, subject, name, expected)
        checked += 1
assert checked > 100, checked
EOF
for both in "--with-names --mask-ids" "--with-names --no-workbooks"; do
  set +e
  "$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
    --out "$work/refused" $both > "$work/out.txt" 2>&1
  code=$?
  set -e
  [ $code = 2 ] || fail "$both: exit $code, not 2"
done
night plain --no-workbooks
[ -z "$(find "$work/plain" -name '*.xlsx')" ] || fail "--no-workbooks wrote a workbook"
[ -f "$work/plain/report.html" ] || fail "--no-workbooks wrote no report.html"
# rules check reads districts.csv too: a name not in UTF-8 is refused with file:line.
cp -r "$rules" "$work/rules"
printf 'district,name\n371002,\xbb\xb7\xb4\xe4\n' > "$work/rules/districts.csv"
set +e
"$safetynet" rules check "$work/rules" > "$work/out.txt" 2>&1
code=$?
set -e
[ $code = 1 ] || fail "rules check of a GBK districts.csv: exit $code"
grep -qF "districts.csv:2: the name of district 371002 is not UTF-8" "$work/out.txt" ||
  fail "rules check: $(cat "$work/out.txt")"
printf 'district,name\n371002,环翠\x01区\n' > "$work/rules/districts.csv"
set +e
"$safetynet" rules check "$work/rules" > "$work/out.txt" 2>&1
code=$?
set -e
[ $code = 1 ] && grep -qF "districts.csv:2: the name of district 371002 holds a control" "$work/out.txt" ||
  fail "rules check of a districts.csv with a control character: exit $code, $(cat "$work/out.txt")"
echo "outputs for people as expected"
