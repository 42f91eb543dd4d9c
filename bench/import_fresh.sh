#!/usr/bin/env bash
# What a user waits for: `safetynet import` of the city CSV set (safetynet
# synth --preset city --seed 1) as a fresh process, the files in the page
# cache, for one or more safetynet binaries alternated run by run (to compare
# versions in one sitting), RUNS times each. Prints for each binary the
# medians of wall, user and system time, minor page faults and peak memory
# (from /usr/bin/time), and checks that every binary wrote the same snapshot
# and rejects report and printed the same summary (but its timings), byte
# for byte (the snapshot's creation time fixed with faketime when it is
# installed; without it, snapshots are not compared).
# Usage: bench/import_fresh.sh RUNS SAFETYNET [SAFETYNET...]
# Needs /usr/bin/time; the data (about 220 MB) goes to a folder under
# ${TMPDIR:-/tmp}, removed at the end.
set -euo pipefail
runs=${1:?usage: bench/import_fresh.sh RUNS SAFETYNET [SAFETYNET...]}
shift
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || { echo "usage: bench/import_fresh.sh RUNS SAFETYNET [SAFETYNET...]" >&2; exit 2; }
for binary in "${binaries[@]}"; do
  [ -x "$binary" ] || { echo "no safetynet binary at $binary" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"${binaries[0]}" synth --preset city --seed 1 --format csv --out "$work/csv" > /dev/null
cat "$work/csv/"*.csv > /dev/null  # into the page cache

for b in "${!binaries[@]}"; do  # a first run of each, not counted
  "${binaries[$b]}" import --csv "$work/csv" --out "$work/run$b.snap" --as-of 2025-06-30 > /dev/null
done
for ((run = 1; run <= runs; ++run)); do
  for b in "${!binaries[@]}"; do
    /usr/bin/time -f "%e %U %S %R %M" -a -o "$work/$b.times" "${binaries[$b]}" import \
      --csv "$work/csv" --out "$work/run$b.snap" --as-of 2025-06-30 > /dev/null
  done
done

# The outputs compared, the snapshots' creation time fixed.
fixed=()
command -v faketime > /dev/null && fixed=(faketime "2026-01-01 00:00:00")
for b in "${!binaries[@]}"; do
  rm -f "$work/same.snap" "$work/same.snap.rejects.csv"
  "${fixed[@]}" "${binaries[$b]}" import --csv "$work/csv" --out "$work/same.snap" \
    --as-of 2025-06-30 | grep -v "read and checked in" > "$work/same$b.out"
  mv "$work/same.snap" "$work/same$b.snap"
  mv "$work/same.snap.rejects.csv" "$work/same$b.rejects.csv"
  cmp -s "$work/same0.out" "$work/same$b.out" \
    || { echo "${binaries[$b]} printed another summary" >&2; exit 1; }
  cmp -s "$work/same0.rejects.csv" "$work/same$b.rejects.csv" \
    || { echo "${binaries[$b]} wrote another rejects report" >&2; exit 1; }
  if [ ${#fixed[@]} -gt 0 ]; then
    cmp -s "$work/same0.snap" "$work/same$b.snap" \
      || { echo "${binaries[$b]} wrote another snapshot" >&2; exit 1; }
  fi
done

# median FILE COLUMN: the median of a column of numbers.
median() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "safetynet import of the city CSV set, fresh processes, page cache warm, medians of $runs"
echo "(SAFETYNET import --csv DIR --out SNAP --as-of 2025-06-30; identical for all:" \
  "$([ ${#fixed[@]} -gt 0 ] && echo "the snapshot, " || true)the rejects report, the summary)"
printf "%-40s %8s %8s %8s %10s %12s\n" binary "wall s" "user s" "sys s" "faults" "peak RSS MB"
for b in "${!binaries[@]}"; do
  printf "%-40s %8.2f %8.2f %8.2f %10.0f %12.0f\n" "${binaries[$b]}" \
    "$(median "$work/$b.times" 1)" "$(median "$work/$b.times" 2)" "$(median "$work/$b.times" 3)" \
    "$(median "$work/$b.times" 4)" "$(median "$work/$b.times" 5 | awk '{ print $1 / 1024 }')"
done
