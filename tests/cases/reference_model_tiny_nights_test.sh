#!/usr/bin/env bash
# The reference model of docs/monitoring.md (reference_monitor.py) against the
# expected files of data/tiny-nights: six nights, each night's findings from
# the real engine (import + run), compared on every column of the expected
# cases.csv but score (empty there; the README also leaves out days_open, which
# agrees all the same), the worklist's order of case_id and the set of
# rejected (line, reason) (the README asks for the lines; the reason words
# agree too). Night 2025-08-13 is then processed again (same night:
# idempotent) and a night before the last must fail, naming it.
# Usage: reference_model_tiny_nights_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/../cli/lib.sh"
safetynet=$1
data=$2
rules=$3
here=$(dirname "$0")
scenario=$data/tiny-nights

# night data dispositions ("-" for none), in the order of the scenario's README.
nights=(
  "2025-06-30 $data/tiny -"
  "2025-07-01 $data/tiny $scenario/dispositions-2025-07-01.csv"
  "2025-07-02 $data/tiny $scenario/dispositions-2025-07-02.csv"
  "2025-07-09 $scenario/data-gone $scenario/dispositions-2025-07-09.csv"
  "2025-08-12 $data/tiny $scenario/dispositions-2025-08-12.csv"
  "2025-08-13 $data/tiny $scenario/dispositions-2025-08-13.csv"
)

# model NIGHT FOLDER DISPOSITIONS OUT: the engine's alerts of the night, then the model.
model() {
  local night=$1 folder=$2 dispositions=$3 out=$4
  if [ ! -e "$work/alerts-$night/alerts.csv" ]; then
    "$safetynet" import --csv "$folder" --out "$work/$night.snap" --as-of "$night" > /dev/null
    "$safetynet" run --snapshot "$work/$night.snap" --rules "$rules" --as-of "$night" \
      --out "$work/alerts-$night" > /dev/null
  fi
  local args=(--state "$work/state.json" --as-of "$night" --alerts "$work/alerts-$night/alerts.csv"
              --data "$folder" --out "$out")
  [ "$dispositions" = - ] || args+=(--dispositions "$dispositions")
  python3 "$here/reference_monitor.py" "${args[@]}"
}

for entry in "${nights[@]}"; do
  read -r night folder dispositions <<< "$entry"
  model "$night" "$folder" "$dispositions" "$work/model-$night"
  python3 "$here/compare_monitor_outputs.py" "$scenario/expected/$night" "$work/model-$night" \
    --skip score,evidence --worklist ids --rejected pairs --label "night $night" \
    || fail "the model differs from data/tiny-nights/expected/$night"
done

# every status and close reason of the spec occurs in the scenario.
all=$(cat "$work"/model-*/cases.csv)
for word in NEW REOPENED ESCALATED ONGOING RESOLVED CLEARED SUBJECT_GONE; do
  grep -q ",$word," <<< "$all" || fail "no $word in the scenario"
done

# the last night again gives the same outputs; a night before it is refused.
model 2025-08-13 "$data/tiny" "$scenario/dispositions-2025-08-13.csv" "$work/again"
diff -r "$work/model-2025-08-13" "$work/again" > /dev/null || fail "the model is not idempotent on 2025-08-13"
cp "$work/state.json" "$work/state-before.json"
if model 2025-08-12 "$data/tiny" - "$work/earlier" 2> "$work/err.txt"; then fail "an earlier night passed"; fi
grep -q "2025-08-13" "$work/err.txt" || fail "the error does not name the last night: $(cat "$work/err.txt")"
cmp -s "$work/state.json" "$work/state-before.json" || fail "a refused night changed the state"
echo "reference model reproduces data/tiny-nights"
