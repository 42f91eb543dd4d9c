#!/usr/bin/env bash
# A night is all or nothing (docs/monitoring.md section 2.5): a run killed
# with SIGKILL in the middle of saving its night leaves the store as it was
# after the night before, and no output folder; the next run gives what a
# store never killed gives. On an SQLite file, and on the PostgreSQL server
# of the test run (SAFETYNET_TEST_POSTGRES) when there is one.
# Usage: store_kill_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/stores.sh"
safetynet=$1
data=$2
rules=$3
nights=$data/tiny-nights

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null

# run NAME STORE NIGHT [DISPOSITIONS]: one night into $work/NAME.
night() {
  local name=$1 store=$2 as_of=$3
  shift 3
  "$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of "$as_of" \
    --out "$work/$name" --store "$store" "$@" > "$work/$name.log" 2>&1
}

check_store() {  # LABEL STORE REFERENCE_STORE
  local label=$1 store=$2 reference=$3
  night "$label-ref1" "$reference" 2025-06-30
  night "$label-ref2" "$reference" 2025-07-01 --dispositions "$nights/dispositions-2025-07-01.csv"

  night "$label-1" "$store" 2025-06-30
  set +e
  SAFETYNET_TEST_KILL=store-save night "$label-2" "$store" 2025-07-01 \
    --dispositions "$nights/dispositions-2025-07-01.csv"
  status=$?
  set -e
  [ "$status" = 137 ] || fail "$label: the run was not killed (exit $status): $(tail -3 "$work/$label-2.log")"
  [ ! -e "$work/$label-2" ] || fail "$label: a killed run left its output folder"
  # The store's last night is still 2025-06-30: running it again is allowed
  # (a later last night would refuse it) and gives the first night's cases.
  night "$label-1-again" "$store" 2025-06-30 ||
    fail "$label: after the kill the store refused its previous night: $(cat "$work/$label-1-again.log")"
  cmp "$work/$label-1/cases.csv" "$work/$label-1-again/cases.csv" || fail "$label: night 1 changed"
  # And the night killed, run again, is what a store never killed gives.
  night "$label-2-again" "$store" 2025-07-01 --dispositions "$nights/dispositions-2025-07-01.csv" ||
    fail "$label: the night after the kill failed: $(cat "$work/$label-2-again.log")"
  for file in cases.csv worklist.csv rejected_dispositions.csv; do
    cmp "$work/$label-ref2/$file" "$work/$label-2-again/$file" || fail "$label: $file differs"
  done
  echo "$label: killed mid-night, the store was as before it"
}

for_each_store check_store killed reference
