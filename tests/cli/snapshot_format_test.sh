#!/usr/bin/env bash
# Snapshots as a user meets them (issue 16): a snapshot of the older format 1
# (tests/data/snapshots/format-1.snap, written by a safetynet before format
# 2) is refused by run, inspect and explain with exit 1 and a message that
# says to import again -- never read wrongly; a snapshot cut short is an
# error naming it, never a crash; a fresh import runs.
# Usage: snapshot_format_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
old="$data/snapshots/format-1.snap"
expected="snapshot format version 1 (written by an older safetynet); this safetynet reads version 2: import the exchange files again (safetynet import) to make a snapshot it reads"

# expect_refusal NAME COMMAND...: exit 1 and the message on stderr.
expect_refusal() {
  local name=$1 status=0
  shift
  "$@" > "$work/out.txt" 2> "$work/err.txt" || status=$?
  [ "$status" = 1 ] || fail "$name: exit $status, expected 1: $(cat "$work/err.txt")"
  grep -qF "$expected" "$work/err.txt" || fail "$name: $(cat "$work/err.txt")"
}
cp "$old" "$work/old.snap"
expect_refusal run "$safetynet" run --snapshot "$work/old.snap" --rules "$rules" \
  --as-of 2025-06-30 --out "$work/night"
[ -e "$work/night" ] && fail "run of an old snapshot left an output folder"
expect_refusal inspect "$safetynet" inspect "$work/old.snap"
expect_refusal by-district "$safetynet" run --snapshot "$work/old.snap" --rules "$rules" \
  --as-of 2025-06-30 --out "$work/night" --by-district
expect_refusal explain "$safetynet" explain --snapshot "$work/old.snap" --rules "$rules" \
  --as-of 2025-06-30 --subject HH37100200000080

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null \
  || fail "import tiny"
"$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
  --out "$work/night" > /dev/null || fail "run of a fresh import"

# Cut short: an error naming the file (exit 1), for the whole run and by district.
size=$(stat -c %s "$work/tiny.snap")
truncate -s $((size - 100)) "$work/tiny.snap"
for options in "" "--by-district"; do
  status=0
  # shellcheck disable=SC2086
  "$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
    --out "$work/night" $options > /dev/null 2> "$work/err.txt" || status=$?
  [ "$status" = 1 ] || fail "cut snapshot ($options): exit $status: $(cat "$work/err.txt")"
  grep -q "tiny.snap: truncated" "$work/err.txt" || fail "cut snapshot ($options): $(cat "$work/err.txt")"
done
echo "snapshot formats: ok"
