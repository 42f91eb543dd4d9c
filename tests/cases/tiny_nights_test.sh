#!/usr/bin/env bash
# `safetynet run --store` over the shared scenario data/tiny-nights (six
# nights of the tiny data set with dispositions) against its expected files:
# cases.csv on every expected column but score (empty there), the worklist's
# order of case_id, the set of rejected (line, reason code). Whole runs and
# --by-district --threads 1 runs give the same files, byte for byte. On an
# SQLite file, and on the test run's PostgreSQL server (SAFETYNET_TEST_POSTGRES)
# when there is one.
# Usage: tiny_nights_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/../cli/lib.sh"
source "$(dirname "$0")/stores.sh"
safetynet=$1
data=$2
rules=$3
here=$(dirname "$0")
scenario=$data/tiny-nights

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null
"$safetynet" import --csv "$scenario/data-gone" --out "$work/gone.snap" --as-of 2025-07-09 > /dev/null

# six_nights STORE LABEL [RUN OPTIONS]: every night into $work/LABEL-NIGHT.
six_nights() {
  local store=$1 label=$2 night snapshot dispositions
  shift 2
  for night in 2025-06-30 2025-07-01 2025-07-02 2025-07-09 2025-08-12 2025-08-13; do
    snapshot=$work/tiny.snap
    [ "$night" = 2025-07-09 ] && snapshot=$work/gone.snap
    dispositions=()
    [ -f "$scenario/dispositions-$night.csv" ] && dispositions=(--dispositions "$scenario/dispositions-$night.csv")
    "$safetynet" run --snapshot "$snapshot" --rules "$rules" --as-of "$night" --out "$work/$label-$night" \
      --store "$store" "${dispositions[@]}" "$@" > "$work/$label-$night.log" 2>&1 ||
      fail "$label $night: $(tail -3 "$work/$label-$night.log")"
  done
}

check() {  # LABEL STORE STORE_FOR_BY_DISTRICT
  local label=$1 store=$2 by_district_store=$3 night file
  six_nights "$store" "$label"
  six_nights "$by_district_store" "$label-bd" --by-district --threads 1
  for night in 2025-06-30 2025-07-01 2025-07-02 2025-07-09 2025-08-12 2025-08-13; do
    python3 "$here/compare_monitor_outputs.py" "$scenario/expected/$night" "$work/$label-$night" \
      --skip score --worklist ids --rejected pairs --label "$label $night" || fail "$label $night"
    for file in cases.csv worklist.csv rejected_dispositions.csv worklist-by-town worklist.xlsx \
                report.html; do
      diff -r "$work/$label-$night/$file" "$work/$label-bd-$night/$file" > /dev/null ||
        fail "$label $night: $file differs with --by-district"
    done
  done
  echo "$label: six nights as expected, whole and by district"
}

for_each_store check tiny tiny_by_district
