#!/usr/bin/env bash
# The headline figures: `safetynet import` of the city CSV set and
# `safetynet run` of the city night, each as the fresh process a user starts
# (files in the page cache; run with 2 threads by default), RUNS times, alternated.
# Prints for each the medians of wall, user and system time, minor page
# faults and peak resident memory in MiB (/usr/bin/time).
#
# Given a second binary (say the previous version), measures both back to
# back in one sitting -- each imports its own snapshot (their formats may
# differ) -- and checks that their rejects reports and their nights'
# outputs are byte-identical (summary.json aside: it holds the timings).
#
# Usage: bench/fresh_process.sh [--runs N] [--threads N] [--preset city|province|small]
#                               [SAFETYNET [OTHER_SAFETYNET]]
#   SAFETYNET        the binary (default build/engine/cli/safetynet)
#   --runs N         measured runs of each command (default 5; one more, first, not counted)
#   --threads N      --threads of run (default 2; import uses every core)
#   --preset P       the synthetic population: tiny, small, city (the default: 150,000
#                    households, 665,000 elderly, 1.5 million signals; 221 MB of CSV) or
#                    province (ten times the city)
# The data goes to a folder under ${TMPDIR:-/tmp}, removed at the end.
set -euo pipefail
source "$(dirname "$0")/lib/timing.sh"
runs=5 threads=2 preset=city binaries=()
# value OPTION ARGS...: the option's value (the next argument), or a usage error.
value() {
  (($# >= 2)) || { echo "$1 needs a value (see --help)" >&2; exit 2; }
  printf '%s' "$2"
}
while (($#)); do
  case "$1" in
    --runs) runs=$(value "$@") || exit 2; shift 2 ;;
    --threads) threads=$(value "$@") || exit 2; shift 2 ;;
    --preset) preset=$(value "$@") || exit 2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) binaries+=("$1"); shift ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "--runs is a whole number of at least 1, not '$runs'" >&2; exit 2; }
[[ "$threads" =~ ^[0-9]+$ ]] || { echo "--threads is a whole number (0: every core), not '$threads'" >&2; exit 2; }
case "$preset" in
  tiny|small|city|province) ;;
  *) echo "--preset is tiny, small, city or province, not '$preset'" >&2; exit 2 ;;
esac
((${#binaries[@]})) || binaries=(build/engine/cli/safetynet)
((${#binaries[@]} <= 2)) || { echo "at most two binaries" >&2; exit 2; }
for binary in "${binaries[@]}"; do
  [ -x "$binary" ] || { echo "no safetynet binary at $binary" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
as_of=2025-06-30

"${binaries[0]}" synth --preset "$preset" --seed 1 --format csv --out "$work/csv" > /dev/null
cat "$work/csv/"*.csv > /dev/null  # into the page cache

# command_of import|run N: sets `cmd` to that command of binary N, as a user types it.
command_of() {
  if [ "$1" = import ]; then
    cmd=("${binaries[$2]}" import --csv "$work/csv" --out "$work/$2.snap" --as-of "$as_of")
  else
    cmd=("${binaries[$2]}" run --snapshot "$work/$2.snap" --as-of "$as_of" --out "$work/night-$2"
         --threads "$threads")
  fi
}
for ((b = 0; b < ${#binaries[@]}; ++b)); do  # a first run of each, not counted
  for step in import run; do
    command_of "$step" "$b"
    "${cmd[@]}" > /dev/null
  done
done
for ((r = 1; r <= runs; ++r)); do
  for step in import run; do
    for ((b = 0; b < ${#binaries[@]}; ++b)); do
      command_of "$step" "$b"
      timed "$work/$step-$b.times" "${cmd[@]}"
    done
  done
done

size=$(cat "$work/csv/"*.csv | wc -c)
echo "safetynet as fresh processes: the $preset set ($(divide "$size" 1000000 | xargs printf %.0f) MB of CSV),"
echo "page cache warm, --threads $threads, medians of $runs runs alternated; $(date -u +%F)"
echo "  import: SAFETYNET import --csv DIR --out SNAP --as-of $as_of"
echo "  run:    SAFETYNET run --snapshot SNAP --as-of $as_of --out DIR --threads $threads"
printf "%-7s %-40s %8s %8s %8s %10s %9s\n" command binary "wall s" "user s" "sys s" "minflt" "peak MiB"
for step in import run; do
  for ((b = 0; b < ${#binaries[@]}; ++b)); do
    times="$work/$step-$b.times"
    printf "%-7s %-40s %8.2f %8.2f %8.2f %10.0f %9.0f\n" "$step" "${binaries[$b]}" \
      "$(median "$times" 1)" "$(median "$times" 2)" "$(median "$times" 3)" \
      "$(median "$times" 4)" "$(divide "$(median "$times" 5)" 1024)"
  done
done
if ((${#binaries[@]} == 2)); then
  # The snapshots may be of two formats: the imports are compared by their
  # rejects reports, the nights by every output.
  if ! cmp -s "$work/0.snap.rejects.csv" "$work/1.snap.rejects.csv"; then
    echo "the two imports' rejects reports DIFFER" >&2
    exit 1
  fi
  if diff -rq -x summary.json "$work/night-0" "$work/night-1" > "$work/diff"; then
    echo "the two imports' rejects reports and the two nights' outputs are byte-identical"
    echo "(summary.json aside)"
  else
    echo "the two nights' outputs DIFFER:" >&2
    cat "$work/diff" >&2
    exit 1
  fi
fi
