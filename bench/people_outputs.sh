#!/usr/bin/env bash
# What the outputs for people cost (docs/outputs-for-people.md): `safetynet
# run` of a night as the fresh process a user starts, RUNS times, alternated
# between the run as it comes (the workbooks and report.html), the run with
# --no-workbooks, and, given a second binary (say the version before the
# workbooks), that binary's run. Prints for each the medians of wall, user
# and system time and peak resident memory (MiB), and the sizes of the
# workbooks.
#
# Usage: bench/people_outputs.sh [--runs N] [--threads N] SNAPSHOT AS_OF [SAFETYNET [OTHER]]
#   SNAPSHOT, AS_OF  the night (say: safetynet synth --preset city --format snapshot)
#   SAFETYNET        the binary (default build/engine/cli/safetynet)
#   --runs N         measured runs of each (default 5; one more, first, not counted)
#   --threads N      --threads of run (default 2)
set -euo pipefail
source "$(dirname "$0")/lib/timing.sh"
runs=5 threads=2
while [[ ${1:-} == --* ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
(($# >= 2)) || { echo "usage: bench/people_outputs.sh [--runs N] SNAPSHOT AS_OF [SAFETYNET [OTHER]]" >&2; exit 2; }
snapshot=$1 as_of=$2
safetynet=${3:-build/engine/cli/safetynet}
other=${4:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/safetynet-people-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

variants=(workbooks no-workbooks)
[ -n "$other" ] && variants+=(other)
for ((i = 0; i <= runs; i++)); do
  for variant in "${variants[@]}"; do
    times=$work/$variant.times
    ((i == 0)) && times=$work/warm.times
    case $variant in
      workbooks) timed "$times" "$safetynet" run --snapshot "$snapshot" --as-of "$as_of" \
                   --out "$work/$variant" --threads "$threads" ;;
      no-workbooks) timed "$times" "$safetynet" run --snapshot "$snapshot" --as-of "$as_of" \
                      --out "$work/$variant" --threads "$threads" --no-workbooks ;;
      other) timed "$times" "$other" run --snapshot "$snapshot" --as-of "$as_of" \
               --out "$work/$variant" --threads "$threads" ;;
    esac
  done
done
echo "safetynet run of $snapshot ($as_of), --threads $threads, medians of $runs fresh processes:"
printf '  %-14s %8s %8s %8s %9s\n' "" wall user system "peak MiB"
for variant in "${variants[@]}"; do
  t=$work/$variant.times
  printf '  %-14s %8s %8s %8s %9.0f\n' "$variant" "$(median "$t" 1)" "$(median "$t" 2)" \
    "$(median "$t" 3)" "$(divide "$(median "$t" 5)" 1024)"
done
echo "  workbooks: worklist.xlsx $(du -sh "$work/workbooks/worklist.xlsx" | cut -f1)," \
  "worklist-by-town/ $(du -sh "$work/workbooks/worklist-by-town" | cut -f1)," \
  "entitlements-by-town/ $(du -sh "$work/workbooks/entitlements-by-town" | cut -f1)"
