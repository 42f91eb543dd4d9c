#!/usr/bin/env bash
# Case 04 (tests/data/cases/04-gbk-excel-export): the same export in UTF-8
# and as Chinese Excel saves "CSV" (GBK) imports to the same snapshot data
# (exchange-format clarification 10), the summary naming GB18030 for each
# file; so do the same files saved as UTF-16LE, UTF-16BE and UTF-32LE with a
# byte-order mark (made here with iconv). A file no encoding reads, and
# UTF-16 without a byte-order mark, stop the import naming the file, never
# with "missing required column". (Before, every GBK row with Chinese text
# was rejected as not UTF-8.)
# Usage: encoding_case_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$1
data=$2
rules=$3
case04="$data/cases/04-gbk-excel-export"
files=(households.csv persons.csv elderly.csv signals.csv)

# The snapshot's records: what follows its header frame (magic "SNETSNAP",
# then the header's size and CRC, 4 bytes each, then the header, which holds
# the creation time and each file's encoding).
records() {
  local size
  size=$(od -An -tu4 -j8 -N4 "$1" | tr -d ' ')
  tail -c +$((8 + 8 + size + 1)) "$1"
}

# import NAME DIR [OPTIONS]: imports DIR to $work/NAME.snap, the summary in $work/NAME.out.
import() {
  local name=$1 dir=$2
  shift 2
  "$safetynet" import --csv "$dir" --out "$work/$name.snap" --as-of 2025-06-30 "$@" \
    > "$work/$name.out" 2>&1 || fail "import $name: $(cat "$work/$name.out")"
}

import utf8 "$case04/in-utf8"
grep -q "read as: households.csv UTF-8, persons.csv UTF-8, elderly.csv UTF-8, signals.csv UTF-8$" \
  "$work/utf8.out" || fail "utf8 summary: $(cat "$work/utf8.out")"
records "$work/utf8.snap" > "$work/utf8.records"
[ -s "$work/utf8.records" ] || fail "no records in the UTF-8 snapshot"
"$safetynet" run --snapshot "$work/utf8.snap" --rules "$rules" --as-of 2025-06-30 \
  --out "$work/utf8.night" > /dev/null 2>&1 || fail "run of the UTF-8 snapshot"

# check NAME ENCODING: $work/NAME.snap holds the same records as the UTF-8
# one, its summary, inspect and run say each file was ENCODING, and the
# night's outputs are the same.
check() {
  local name=$1 encoding=$2 file
  for file in "${files[@]}"; do
    grep -q "$file $encoding (converted to UTF-8)" "$work/$name.out" \
      || fail "$name: the summary does not say $file was $encoding: $(cat "$work/$name.out")"
  done
  grep -q "rejected rows by kind" "$work/$name.out" && fail "$name: rows rejected: $(cat "$work/$name.out")"
  records "$work/$name.snap" | cmp -s - "$work/utf8.records" \
    || fail "$name: the snapshot's records differ from the UTF-8 import's"
  "$safetynet" inspect "$work/$name.snap" > "$work/$name.inspect" 2>&1 || fail "inspect $name"
  [ "$(grep -c "; read as $encoding, converted to UTF-8$" "$work/$name.inspect")" = 4 ] \
    || fail "$name: inspect: $(cat "$work/$name.inspect")"
  "$safetynet" run --snapshot "$work/$name.snap" --rules "$rules" --as-of 2025-06-30 \
    --out "$work/$name.night" > "$work/$name.run" 2>&1 || fail "run $name: $(cat "$work/$name.run")"
  grep -q "import: households.csv 1 rows, 1 imported, 0 rejected; read as $encoding, converted" \
    "$work/$name.run" || fail "$name: run: $(cat "$work/$name.run")"
  grep -q "\"encoding\": \"$encoding\"" "$work/$name.night/summary.json" \
    || fail "$name: summary.json: $(cat "$work/$name.night/summary.json")"
  for output in alerts.csv entitlements.csv unmatched_signals.csv undecided.csv; do
    cmp -s "$work/$name.night/$output" "$work/utf8.night/$output" || fail "$name: $output differs"
  done
}

import gbk "$case04/in-gbk"
check gbk GB18030
import gbk-chosen "$case04/in-gbk" --encoding gb18030
check gbk-chosen GB18030

# The same files in UTF-16 and UTF-32, with their byte-order marks.
for encoding in UTF-16LE UTF-16BE UTF-32LE; do
  case $encoding in
    UTF-16LE) bom='\xFF\xFE' ;;
    UTF-16BE) bom='\xFE\xFF' ;;
    UTF-32LE) bom='\xFF\xFE\x00\x00' ;;
  esac
  mkdir "$work/in-$encoding"
  for file in "${files[@]}"; do
    { printf "$bom"; iconv -f UTF-8 -t "$encoding" "$case04/in-utf8/$file"; } > "$work/in-$encoding/$file"
  done
  import "$encoding" "$work/in-$encoding"
  check "$encoding" "$encoding"
done

# refused NAME DIR MESSAGE [OPTIONS]: the import of DIR fails (exit 1) with
# MESSAGE, and says nothing of a missing column.
refused() {
  local name=$1 dir=$2 message=$3
  shift 3
  local status=0
  "$safetynet" import --csv "$dir" --out "$work/$name.snap" --as-of 2025-06-30 "$@" \
    > "$work/$name.out" 2>&1 || status=$?
  [ "$status" = 1 ] || fail "$name: exit $status, not 1: $(cat "$work/$name.out")"
  grep -qF "$message" "$work/$name.out" || fail "$name: $(cat "$work/$name.out")"
  grep -qi "missing\|required column" "$work/$name.out" && fail "$name: $(cat "$work/$name.out")"
  [ -e "$work/$name.snap" ] && fail "$name: a snapshot was written"
  return 0
}

# UTF-8 with a byte (0x80) that is neither UTF-8 nor GB18030 on line 3.
mkdir "$work/in-neither"
cp "$case04/in-utf8/"*.csv "$work/in-neither/"
printf 'S0403,HRSS,INCOME,371002198001010416,2025-06-01,1500,,\x80\n' >> "$work/in-neither/signals.csv"
refused neither "$work/in-neither" "signals.csv: cannot tell the file's encoding. Tried UTF-8, UTF-16 and UTF-32 with a byte-order mark, and GB18030 (GBK): it is not UTF-8 (line 4,"
# Read as UTF-8, the row alone is rejected.
import neither-utf8 "$work/in-neither" --encoding utf-8 --max-reject-rate 100
grep -q "signals.csv *3 *2 *1 " "$work/neither-utf8.out" || fail "neither as UTF-8: $(cat "$work/neither-utf8.out")"

# UTF-16LE without a byte-order mark.
mkdir "$work/in-no-mark"
cp "$case04/in-utf8/"*.csv "$work/in-no-mark/"
iconv -f UTF-8 -t UTF-16LE "$case04/in-utf8/persons.csv" > "$work/in-no-mark/persons.csv"
refused no-mark "$work/in-no-mark" "persons.csv: the first line holds a NUL byte (line 1, byte offset 1) and the file has no byte-order mark: it is probably UTF-16 or UTF-32"

# GBK read as UTF-8: its rows are rejected as not UTF-8 (then the import is
# refused as empty), never a missing column.
refused gbk-as-utf8 "$case04/in-gbk" "households.csv had all its 1 rows rejected" --encoding utf-8

status=0
"$safetynet" import --csv "$case04/in-utf8" --out "$work/x.snap" --encoding gbk > "$work/x.out" 2>&1 || status=$?
[ "$status" = 2 ] || fail "--encoding gbk: exit $status: $(cat "$work/x.out")"
grep -q "encoding is auto, utf-8 or gb18030, not 'gbk'" "$work/x.out" || fail "--encoding gbk: $(cat "$work/x.out")"
echo "case 04, encodings: all checks passed"
