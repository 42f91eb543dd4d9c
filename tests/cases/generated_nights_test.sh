#!/usr/bin/env bash
# Dynamic monitoring (docs/monitoring.md) of `safetynet run --store` against the
# reference model reference_monitor.py, over nine runs of generated data:
# as-of dates 0 to 40 days apart (across monitor.reopen_days, and exactly on
# it), nights with groups of households and elderly removed (their cases close
# SUBJECT_GONE and reopen when they come back), one night processed three
# times (with other dispositions, then the same again: idempotent), and seeded
# dispositions with bad rows of every kind. Each run compares cases.csv and
# worklist.csv whole and the set of (line, reason) of rejected_dispositions.csv,
# and stops at the first difference.
# The store is a SQLite file; with SAFETYNET_TEST_POSTGRES (a postgresql:// URI
# of a server where the user may create databases) a second pass runs against
# a fresh database of that server, dropped at the end.
# Usage: generated_nights_test.sh SAFETYNET RULES_DIR DATA_DIR [SEED]
source "$(dirname "$0")/../cli/lib.sh"
safetynet=$1
rules=$2
data=$3  # for the cases.csv header of data/tiny-nights; the nights are generated
seed=${4:-7}
here=$(dirname "$0")

# night groups (night_inputs.py remove): A goes for 10 days (back within
# reopen_days), B for 40 (back as NEW), C1 for exactly 30 (REOPENED), C2 for 31
# (NEW); W's elderly are worse from 2025-07-20 (ESCALATED, ending snoozes of
# earlier dispositions), better on 2025-08-29 and worse again (not ESCALATED).
nights=(
  "2025-06-30 -"
  "2025-07-03 -"
  "2025-07-10 A"
  "2025-07-10 A"
  "2025-07-10 A"
  "2025-07-20 B,W"
  "2025-08-29 C1,C2"
  "2025-09-28 C2,W"
  "2025-09-29 W"
)
later_nights() {  # the distinct nights after $1, comma-separated
  local after=$1 list=() entry night
  for entry in "${nights[@]}"; do
    night=${entry%% *}
    if [[ "$night" > "$after" && ! " ${list[*]} " =~ " $night " ]]; then list+=("$night"); fi
  done
  local IFS=,; echo "${list[*]}"
}

"$safetynet" synth --preset tiny --seed "$seed" --rules "$rules" --out "$work/base" > /dev/null

# one_pass STORE NAME: every night with the engine on STORE and with the model.
one_pass() {
  local store=$1 name=$2 pass=$work/$2 index=0 previous_cases previous_file="" entry night groups
  mkdir -p "$pass"
  previous_cases=$pass/no-cases.csv
  head -1 "$data/tiny-nights/expected/2025-06-30/cases.csv" > "$previous_cases"
  for entry in "${nights[@]}"; do
    read -r night groups <<< "$entry"
    index=$((index + 1))
    local run=$pass/$index-$night folder=$pass/data-$index
    [ "$groups" = - ] && groups=""
    mkdir -p "$run"
    python3 "$here/night_inputs.py" remove --seed "$seed" --from "$work/base" --out "$folder" --groups "$groups"
    # the third run of the repeated night takes the second's dispositions file again.
    local dispositions=$pass/dispositions-$index.csv
    if [ "$entry" = "${nights[index - 2]:-}" ] && [ "$entry" = "${nights[index - 3]:-}" ]; then
      dispositions=$previous_file
    else
      python3 "$here/night_inputs.py" dispositions --seed $((seed * 100 + index)) --as-of "$night" \
        --cases "$previous_cases" ${previous_file:+--previous "$previous_file"} \
        --later-nights "$(later_nights "$night")" --out "$dispositions"
    fi
    "$safetynet" import --csv "$folder" --out "$pass/$index.snap" --as-of "$night" > /dev/null
    "$safetynet" run --snapshot "$pass/$index.snap" --rules "$rules" --as-of "$night" \
      --out "$run/engine" --store "$store" --dispositions "$dispositions" > /dev/null \
      || fail "$name: run of night $night (run $index) failed"
    python3 "$here/reference_monitor.py" --state "$pass/model.json" --as-of "$night" \
      --alerts "$run/engine/alerts.csv" --data "$folder" \
      --dispositions "$dispositions" --out "$run/model"
    python3 "$here/compare_monitor_outputs.py" "$run/model" "$run/engine" --worklist rows \
      --rejected pairs --label "$name night $night (run $index)" \
      || fail "$name: the engine differs from the model on night $night (run $index); inputs in $pass"
    if [ "$entry" = "${nights[index - 2]:-}" ] && [ "$entry" = "${nights[index - 3]:-}" ]; then
      local before=$pass/$((index - 1))-$night
      for file in cases.csv worklist.csv rejected_dispositions.csv; do
        cmp -s "$before/engine/$file" "$run/engine/$file" || fail "$name: night $night again: $file changed"
        cmp -s "$before/model/$file" "$run/model/$file" || fail "model: night $night again: $file changed"
      done
    fi
    previous_cases=$run/model/cases.csv
    previous_file=$dispositions
  done
  # a night before the last is refused, naming the last night.
  if "$safetynet" run --snapshot "$pass/1.snap" --rules "$rules" --as-of 2025-06-30 \
       --out "$pass/earlier" --store "$store" 2> "$pass/err.txt"; then
    fail "$name: a night before the last was accepted"
  fi
  grep -q "2025-09-29" "$pass/err.txt" || fail "$name: the refusal does not name the last night: $(cat "$pass/err.txt")"
  # what the scenario covered.
  local all word
  all=$(cat "$pass"/*/model/cases.csv)
  for word in NEW REOPENED ESCALATED ONGOING RESOLVED CLEARED SUBJECT_GONE; do
    grep -q ",$word," <<< "$all" || fail "$name: no $word in the generated nights"
  done
  for word in BAD_ROW BAD_DATE FUTURE_DATE UNKNOWN_ACTION UNKNOWN_CASE CASE_NOT_OPEN; do
    grep -qh ",$word\$" "$pass"/*/model/rejected_dispositions.csv || fail "$name: no $word rejected"
  done
  echo "$name: the engine agrees with the model on ${#nights[@]} runs"
}

one_pass "$work/store.db" sqlite

if [ -n "${SAFETYNET_TEST_POSTGRES:-}" ]; then
  database=safetynet_test_$$_$RANDOM
  psql "$SAFETYNET_TEST_POSTGRES" -q -c "CREATE DATABASE $database" || fail "cannot create database $database"
  trap 'psql "$SAFETYNET_TEST_POSTGRES" -q -c "DROP DATABASE IF EXISTS $database" || true; rm -rf "$work"' EXIT
  store=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
    "$SAFETYNET_TEST_POSTGRES" "$database")
  one_pass "$store" postgresql
fi
