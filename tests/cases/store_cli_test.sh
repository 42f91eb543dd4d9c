#!/usr/bin/env bash
# The store's command line as a user meets it: mistakes refused with a clear
# message and nothing written, a password never printed, a read that writes
# nothing, masked ids in every case file, the notice of a night run again.
# Usage: store_cli_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/../cli/lib.sh"
safetynet=$1
data=$2
rules=$3
nights=$data/tiny-nights
"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null
run() { "$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" "$@"; }
expect_exit() {  # CODE MESSAGE_PART COMMAND...: the exit code, and MESSAGE_PART on stderr
  local code=$1 part=$2 status=0
  shift 2
  "$@" > "$work/out.txt" 2> "$work/err.txt" || status=$?
  [ "$status" = "$code" ] || fail "$* exited $status, not $code: $(cat "$work/err.txt")"
  grep -qF -- "$part" "$work/err.txt" || fail "$*: no '$part' in: $(cat "$work/err.txt")"
}

# Usage mistakes: exit 2 before any work.
expect_exit 2 "--dispositions needs --store" run --as-of 2025-06-30 --out "$work/o" --dispositions x.csv
expect_exit 2 "--store is empty" run --as-of 2025-06-30 --out "$work/o" --store ""
expect_exit 2 "--subject is empty" "$safetynet" cases --store "$work/s.db" --subject " "
expect_exit 2 "one of --subject" "$safetynet" cases --store "$work/s.db"

# A server address mistyped is refused, never made a file, never printed.
for store in "host=127.0.0.1 dbname=cases password=Secret123" "postgresql:/me:Secret123@127.0.0.1/cases"; do
  expect_exit 1 "looks like neither" run --as-of 2025-06-30 --out "$work/o" --store "$store"
  ! grep -q Secret123 "$work/err.txt" "$work/out.txt" || fail "a password was printed"
  [ -z "$(ls "$work" | grep -v -e '^tiny' -e '^out.txt$' -e '^err.txt$')" ] || fail "a file was made: $(ls "$work")"
done

# Reading writes nothing: a missing store stays missing, an empty file empty.
expect_exit 1 "" "$safetynet" cases --store "$work/missing.db" --town x
[ ! -e "$work/missing.db" ] || fail "cases created a store"
: > "$work/empty.db"
expect_exit 1 "no night has been run" "$safetynet" cases --store "$work/empty.db" --town x
[ ! -s "$work/empty.db" ] || fail "cases wrote into an empty file"

# Nights: the first two with dispositions, masked; an earlier one refused.
run --as-of 2025-06-30 --out "$work/n1" --store "$work/s.db" --mask-ids > /dev/null
run --as-of 2025-07-01 --out "$work/n2" --store "$work/s.db" --mask-ids \
  --dispositions "$nights/dispositions-2025-07-01.csv" > /dev/null
for file in cases.csv worklist.csv rejected_dispositions.csv worklist-by-town; do
  ! grep -rqE '[0-9]{17}[0-9X]' "$work/n2/$file" || fail "$file holds an id with --mask-ids"
done
# A town whose name holds an id: masked in every file, every file name and summary.json.
mkdir "$work/idtown"
cp "$data/tiny/"*.csv "$work/idtown/"
sed -i 's/,张村镇,/,镇371002199608050005,/' "$work/idtown/households.csv" "$work/idtown/elderly.csv"
"$safetynet" import --csv "$work/idtown" --out "$work/idtown.snap" --as-of 2025-06-30 > /dev/null
"$safetynet" run --snapshot "$work/idtown.snap" --rules "$rules" --as-of 2025-06-30 --out "$work/m" \
  --store "$work/m.db" --mask-ids > /dev/null
! (cd "$work/m" && find . | grep -qE '[0-9]{17}[0-9X]') || fail "a file name holds an id with --mask-ids"
python3 - "$work/m" <<'EOF' || fail "an id in the masked outputs of a store's night"
import os, re, sys, zipfile
for root, _, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(root, name)
        parts = ([zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()]
                 if name.endswith(".xlsx") else [open(path, "rb").read()])
        for text in parts:
            found = re.search(rb"(?<![0-9])[0-9]{17}[0-9X](?![0-9])", text)
            assert not found, (path, found.group(0))
EOF
expect_exit 1 "is earlier than the last night" run --as-of 2025-06-30 --out "$work/n0" --store "$work/s.db"
grep -qF "2025-07-01" "$work/err.txt" || fail "the refusal does not name the last night"
[ ! -e "$work/n0" ] || fail "a refused night wrote its folder"

# The last night again says so, and what became of its dispositions.
run --as-of 2025-07-01 --out "$work/n2b" --store "$work/s.db" > "$work/again.txt"
grep -q "was the store's last night: it was run again" "$work/again.txt" || fail "no notice: $(cat "$work/again.txt")"
grep -q "dispositions recorded with it then were replaced by this run's (0)" "$work/again.txt" ||
  fail "no word of the replaced dispositions: $(cat "$work/again.txt")"

# A resident id with a lower-case x, as pasted.
id=$(grep -m1 -oE '^E1_VISIT_OVERDUE:[0-9]{17}X' "$work/n2b/cases.csv" | cut -d: -f2)
if [ -n "$id" ]; then
  "$safetynet" cases --store "$work/s.db" --subject " ${id%X}x " > "$work/out.txt"
  grep -q "E1_VISIT_OVERDUE:$id" "$work/out.txt" || fail "cases --subject with x: $(head -3 "$work/out.txt")"
fi
echo "store CLI: mistakes refused, passwords kept, reads write nothing, ids masked, re-runs said"
