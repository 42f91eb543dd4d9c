#!/usr/bin/env bash
# What reading GB18030 costs a user: `safetynet import` of the city CSV set
# (safetynet synth --preset city) in UTF-8 and the same set converted to
# GB18030 (what Chinese Excel saves as "CSV"), each as a fresh process with
# the files in the page cache, the two alternated, RUNS times each. Prints
# the medians of wall, user and system time and of peak memory (from
# /usr/bin/time), and the GB18030 import's wall time over the UTF-8 one's
# (issue "Real exports": at most 1.5).
# Usage: bench/import_encoding.sh [SAFETYNET] [RUNS]
#   SAFETYNET  the binary (default build/engine/cli/safetynet)
#   RUNS       imports of each set (default 5)
# Needs /usr/bin/time and iconv; the data (about 450 MB) goes to a folder
# under ${TMPDIR:-/tmp}, removed at the end.
set -euo pipefail
source "$(dirname "$0")/lib/timing.sh"
safetynet=${1:-build/engine/cli/safetynet}
runs=${2:-5}
[ -x "$safetynet" ] || { echo "no safetynet binary at $safetynet" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=(households.csv persons.csv elderly.csv signals.csv)

"$safetynet" synth --preset city --seed 1 --format csv --out "$work/UTF-8" > /dev/null
mkdir "$work/GB18030"
for file in "${files[@]}"; do
  # Without the UTF-8 byte-order mark (a GBK export has none).
  sed '1s/^\xEF\xBB\xBF//' "$work/UTF-8/$file" | iconv -f UTF-8 -t GB18030 > "$work/GB18030/$file"
done

sets=(UTF-8 GB18030)
for set in "${sets[@]}"; do
  cat "$work/$set/"*.csv > /dev/null  # into the page cache
  "$safetynet" import --csv "$work/$set" --out "$work/$set.snap" --as-of 2025-06-30 \
    --max-reject-rate 100 > /dev/null  # a first run, not counted
done
for ((run = 1; run <= runs; ++run)); do
  for set in "${sets[@]}"; do
    timed "$work/$set.times" \
      "$safetynet" import --csv "$work/$set" --out "$work/$set.snap" --as-of 2025-06-30 \
      --max-reject-rate 100
  done
done
grep -q "read as: households.csv GB18030 (converted" "$work/GB18030.times.out" \
  || { echo "the GB18030 set was not read as GB18030:" >&2; cat "$work/GB18030.times.out" >&2; exit 1; }

echo "safetynet import of the city CSV set, fresh processes, page cache warm, medians of $runs"
echo "(${safetynet} import --csv DIR --out SNAP --as-of 2025-06-30 --max-reject-rate 100)"
printf "%-9s %9s %9s %9s %9s %12s\n" set "size MB" "wall s" "user s" "sys s" "peak RSS MiB"
for set in "${sets[@]}"; do
  size=$(cat "$work/$set/"*.csv | wc -c)
  printf "%-9s %9.0f %9.2f %9.2f %9.2f %12.0f\n" "$set" "$(divide "$size" 1000000)" \
    "$(median "$work/$set.times" 1)" "$(median "$work/$set.times" 2)" \
    "$(median "$work/$set.times" 3)" "$(divide "$(median "$work/$set.times" 5)" 1024)"
done
printf "GB18030 wall / UTF-8 wall: %.2f (target: at most 1.5)\n" \
  "$(divide "$(median "$work/GB18030.times" 1)" "$(median "$work/UTF-8.times" 1)")"
