#!/usr/bin/env bash
# The journal loses no acknowledged signal to a kill (docs/journal.md): a
# driver appending from several threads is killed with SIGKILL after a
# random short delay, 20 rounds on the same journal (each round reopens it,
# truncating the torn tail the kill left); then every record acknowledged
# in any round must be in the journal, once, in its thread's order, every
# batch whole, and the journal must open.
# Usage: journal_kill_test.sh JOURNAL_STRESS
source "$(dirname "$0")/../cli/lib.sh"
stress=$1
journal="$work/signals.journal"
acked="$work/acked"
: > "$acked"
for round in $(seq 1 20); do
  "$stress" append "$journal" "r$round" 6 > "$work/round.out" 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 25 + 5))"
  kill -9 "$pid" 2> /dev/null || fail "round $round: the driver ended before its kill: $(head -3 "$work/round.out")"
  wait "$pid" 2> /dev/null || true
  ! grep -q "failed" "$work/round.out" || fail "round $round: $(grep failed "$work/round.out" | head -1)"
  grep "^acked " "$work/round.out" >> "$acked" || true
  opened=$(grep -o "^opened .*" "$work/round.out" || echo "not opened before the kill")
  echo "round $round: $opened, $(grep -c "^acked " "$work/round.out" || true) acknowledged"
done
"$stress" check "$journal" "$acked" || fail "the journal lost or damaged acknowledged records"
echo "journal kill test: 20 kills, every acknowledged record there"
