#!/usr/bin/env bash
# safetynet never deletes or replaces what it did not write, and leaves
# nothing half-written behind (issue 12, part 1), tried through the command
# as a user would:
# - every command that writes a folder refuses (exit 2, nothing touched) a
#   folder with someone else's files, `.`, a link, an input or a folder
#   holding one; `import` and `synth` never replace a file that is not a
#   snapshot; a second run on the same folder is refused while one works;
# - SIGTERM and SIGINT during `run` or `import` leave no staging folder or
#   temporary; what SIGKILL left is removed by the next run;
# - a failed import leaves the old snapshot and rejects report as they were;
# - a pipe as an input file is refused at once; a snapshot truncated while a
#   run reads it gives an error naming it, never a signal.
# Usage: data_safety_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/lib.sh"
safetynet=$(realpath "$1")
data=$(realpath "$2")
rules=$(realpath "$3")
# A listing with checksums: proof that nothing in a folder changed.
fingerprint() { (cd "$1" && find . -printf '%p %y %l\n' | sort && find . -type f -exec md5sum {} + | sort); }
# Runs a command that must be refused: exit 2, and the message names $expect.
refused() {
  local expect=$1; shift
  set +e
  "$@" > "$work/out.txt" 2> "$work/err.txt"
  local code=$?
  set -e
  [ "$code" = 2 ] || fail "expected exit 2, got $code from: $* ($(cat "$work/err.txt"))"
  grep -q -- "$expect" "$work/err.txt" || fail "message does not say '$expect': $(cat "$work/err.txt")"
}

"$safetynet" import --csv "$data/tiny" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null
snap=$work/tiny.snap
run=("$safetynet" run --snapshot "$snap" --rules "$rules" --as-of 2025-06-30)
recalc=("$safetynet" recalc --snapshot "$snap" --rules "$rules" --as-of 2025-06-30 --to 2025-07-01)
sweep=("$safetynet" sweep --snapshot "$snap" --rules "$rules" --as-of 2025-06-30 --param dibao.urban
       --from 900 --to 950 --step 50)

# 1. A folder of someone else's files: refused by every command, untouched.
mkdir "$work/exports"
cp "$data"/tiny/*.csv "$work/exports/"
echo "visit on Monday" > "$work/exports/notes.txt"
before=$(fingerprint "$work/exports")
refused "did not write" "${run[@]}" --out "$work/exports"
refused "did not write" "${recalc[@]}" --out "$work/exports"
refused "did not write" "${sweep[@]}" --out "$work/exports"
refused "did not write" "$safetynet" synth --preset tiny --rules "$rules" --out "$work/exports"
refused "did not write" "$safetynet" capacity --scales 0.01,0.02 --threads 1 --repetitions 1 --out "$work/exports"
[ "$(fingerprint "$work/exports")" = "$before" ] || fail "a refused command changed the folder"
[ ! -e "$work/.exports.safetynet-lock" ] || fail "a refused folder got a lock file"

# `.`, the inputs and folders around them.
(cd "$work/exports" && refused "not '.'" "${run[@]}" --out .)
refused "input" "${run[@]}" --out "$rules"
refused "input" "${run[@]}" --out "$rules/night"
refused "input" "${run[@]}" --out "$work"
[ "$(fingerprint "$work/exports")" = "$before" ] || fail "the folder changed"

# One command's outputs are not another's to replace.
"${run[@]}" --out "$work/night" > /dev/null
grep -qx "safetynet run" "$work/night/.safetynet-output" || fail "no marker naming the command"
refused "safetynet run" "${recalc[@]}" --out "$work/night"
"${run[@]}" --out "$work/night" > /dev/null || fail "a run could not replace its own outputs"

# A link as --out: refused, and neither it nor its target is touched.
ln -s "$work/exports" "$work/link"
refused "symbolic link" "${run[@]}" --out "$work/link"
ln -s "$work/night" "$work/link-to-night"
refused "symbolic link" "${run[@]}" --out "$work/link-to-night"
[ "$(fingerprint "$work/exports")" = "$before" ] || fail "a link's target changed"

# Files that are not snapshots or rejects reports are never replaced.
refused "not a snapshot" "$safetynet" import --csv "$data/tiny" --out "$work/exports/households.csv"
refused "the next run replaces" "$safetynet" import --csv "$data/tiny" --out "$work/night/x.snap"
refused "the next run replaces" "${run[@]}" --out "$work/night/sub"
refused "not a rejects report" "$safetynet" import --csv "$data/tiny" --out "$work/x.snap" \
  --rejects "$work/exports/notes.txt"
refused "not a snapshot" "$safetynet" synth --preset tiny --rules "$rules" --format snapshot --out "$work/exports/notes.txt"
refused "above --to" "$safetynet" sweep --snapshot "$snap" --rules "$rules" --as-of 2025-06-30 \
  --param dibao.urban --from 950 --to 900 --step 50 --out "$work/sweep-reversed"  # once a crash
refused "same file" "$safetynet" import --csv "$data/tiny" --out "$work/x.snap" --rejects "$work/x.snap"
[ "$(fingerprint "$work/exports")" = "$before" ] || fail "an import changed the folder"

# 2. Siblings that look like staging folders but are not a dead run's: kept.
mkdir "$work/night.partial-mine" "$work/night.partial-1-0"
echo keep > "$work/night.partial-mine/file"
echo keep > "$work/night.partial-1-0/file"
dead=$(sh -c 'echo $$')
mkdir "$work/night.partial-$dead-0"
echo "safetynet run" > "$work/night.partial-$dead-0/.safetynet-output"
"${run[@]}" --out "$work/night" > /dev/null
[ -f "$work/night.partial-mine/file" ] && [ -f "$work/night.partial-1-0/file" ] || fail "a user's folder was removed"
[ ! -e "$work/night.partial-$dead-0" ] || fail "a dead run's staging folder was left"
rm -r "$work/night.partial-mine" "$work/night.partial-1-0"

# 3. Stopped by SIGTERM or SIGINT: no staging folder, no temporary; the old outputs stand.
"$safetynet" synth --preset small --scale 2 --rules "$rules" --format snapshot --out "$work/big.snap" > /dev/null
# stop_during SIGNAL PATTERN COMMAND...: starts the command, waits until a
# name matching PATTERN (its staging folder or temporary) appears in $work,
# stops it with SIGNAL, and checks that it left nothing of the kind behind.
# Counts in $caught the commands stopped while they were writing.
caught=0
stop_during() {
  local signal=$1 pattern=$2; shift 2
  "$@" > /dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 3000); do
    ls -A "$work" | grep -qE "$pattern" && break
    kill -0 "$pid" 2> /dev/null || break
  done
  kill -s "$signal" "$pid" 2> /dev/null || true
  local code=0
  wait "$pid" 2> /dev/null || code=$?
  [ "$code" -gt 128 ] && caught=$((caught + 1))
  leftovers=$(ls -A "$work" | grep -E "$pattern" || true)
  [ -z "$leftovers" ] || fail "SIG$signal during $* left $leftovers"
}
for signal in TERM INT TERM INT; do
  stop_during "$signal" "partial" "$safetynet" run --snapshot "$work/big.snap" --rules "$rules" \
    --as-of 2025-06-30 --out "$work/night" --split-by town
  [ -f "$work/night/summary.json" ] || fail "SIG$signal lost the previous outputs"
done
[ "$caught" -ge 2 ] || fail "only $caught of 4 runs were stopped while writing: the test did not test"
runs_caught=$caught
csv_big=$work/csv-big
"$safetynet" synth --preset small --scale 2 --rules "$rules" --out "$csv_big" > /dev/null
# A second run (or import) on the same output is refused while the first
# works (held still with SIGSTOP once it has the lock); the first then finishes.
held_refuses() {
  local lock=$1; shift
  "$@" > /dev/null &
  local pid=$!
  for _ in $(seq 1 500); do
    [ "$(cat "$lock" 2> /dev/null)" = "$pid" ] && break
    sleep 0.01
  done
  kill -STOP "$pid"
  refused "another safetynet process (pid $pid) is writing it" "$@"
  kill -CONT "$pid"
  wait "$pid" || fail "the first of two at once failed: $*"
}
held_refuses "$work/.night.safetynet-lock" "$safetynet" run --snapshot "$work/big.snap" --rules "$rules" \
  --as-of 2025-06-30 --out "$work/night"
held_refuses "$work/.import.snap.safetynet-lock" "$safetynet" import --csv "$csv_big" --out "$work/import.snap"
# A lock file that is not one (a hard link to a precious file) is never written.
echo "precious" > "$work/precious.txt"
ln "$work/precious.txt" "$work/.linked.safetynet-lock"
refused "not a safetynet lock file" "${run[@]}" --out "$work/linked"
grep -qx precious "$work/precious.txt" || fail "a lock file that is a hard link was written"
caught=0
for signal in TERM INT TERM INT; do
  stop_during "$signal" "safetynet-tmp" "$safetynet" import --csv "$csv_big" --out "$work/import.snap"
done
[ "$caught" -ge 2 ] || fail "only $caught of 4 imports were stopped while writing: the test did not test"
# What SIGKILL leaves (a temporary named after a dead pid) goes at the next import.
head -c 1000 "$snap" > "$work/tiny.snap.safetynet-tmp.$dead"
printf 'file,line,column,kind,reason\npersons.csv,7' > "$work/tiny.snap.rejects.csv.safetynet-tmp.$dead"
echo "caseworker notes" > "$work/notes.snap.safetynet-tmp.$dead"  # named alike, not a snapshot
"$safetynet" import --csv "$data/tiny" --out "$snap" --as-of 2025-06-30 > /dev/null
"$safetynet" import --csv "$data/tiny" --out "$work/notes.snap" --as-of 2025-06-30 > /dev/null
leftovers=$(ls -A "$work" | grep -E "safetynet-tmp" || true)
[ "$leftovers" = "notes.snap.safetynet-tmp.$dead" ] || fail "stale temporaries: $leftovers"
rm "$work/notes.snap.safetynet-tmp.$dead"

# 4. A failed import changes nothing: not the snapshot, not its rejects report.
"$safetynet" import --csv "$data/tiny-dirty" --out "$work/d.snap" --rejects "$work/d.rejects.csv" --max-reject-rate 100 > /dev/null
cp "$work/d.snap" "$work/d.snap.before"
cp "$work/d.rejects.csv" "$work/d.rejects.before"
set +e
"$safetynet" import --csv "$data/tiny" --out "$work/d.snap" --rejects "$work/missing/r.csv" > /dev/null 2> "$work/err.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "an unwritable rejects report should fail the import (exit $code)"
cmp -s "$work/d.snap" "$work/d.snap.before" || fail "a failed import replaced the snapshot"
cmp -s "$work/d.rejects.csv" "$work/d.rejects.before" || fail "a failed import touched the rejects report"

# 5. Pipes as inputs are refused at once (a reader would wait forever).
mkdir "$work/piped"
cp "$data"/tiny/*.csv "$work/piped/"
rm "$work/piped/persons.csv"
mkfifo "$work/piped/persons.csv"
set +e
timeout 20 "$safetynet" import --csv "$work/piped" --out "$work/p.snap" 2> "$work/err.txt"
code=$?
set -e
[ "$code" = 1 ] || fail "a pipe as persons.csv: exit $code, $(cat "$work/err.txt")"
grep -q "persons.csv is a pipe" "$work/err.txt" || fail "pipe message: $(cat "$work/err.txt")"
cp -r "$rules" "$work/piped-rules"
mkfifo "$work/piped-rules/extra.rules"
set +e
timeout 20 "$safetynet" rules check "$work/piped-rules" > /dev/null 2> "$work/err.txt"
code=$?
timeout 20 "$safetynet" run --snapshot "$work/piped/persons.csv" --rules "$rules" --as-of 2025-06-30 --out "$work/n2" \
  2> "$work/err2.txt"
code2=$?
set -e
[ "$code" = 1 ] && grep -q "extra.rules is a pipe" "$work/err.txt" || fail "a pipe as a rules file: $code $(cat "$work/err.txt")"
[ "$code2" = 1 ] && grep -q "is a pipe" "$work/err2.txt" || fail "a pipe as the snapshot: $code2 $(cat "$work/err2.txt")"

# 6. A snapshot truncated while a run reads it: an error or a whole run, never a signal.
for i in 1 2 3 4 5 6; do
  cp "$work/big.snap" "$work/shrinking.snap"
  "$safetynet" run --snapshot "$work/shrinking.snap" --rules "$rules" --as-of 2025-06-30 \
    --out "$work/night-$i" > /dev/null 2> "$work/err.txt" &
  pid=$!
  sleep "0.0$((RANDOM % 10))"
  truncate -s 100000 "$work/shrinking.snap"
  set +e
  wait "$pid"
  code=$?
  set -e
  [ "$code" -le 1 ] || fail "a truncated snapshot ended the run with status $code: $(cat "$work/err.txt")"
  [ "$code" = 0 ] || grep -q "shrinking.snap" "$work/err.txt" || fail "the error does not name the file"
done
echo "data safety: every check passed ($runs_caught of 4 runs and $caught of 4 imports stopped while writing)"
