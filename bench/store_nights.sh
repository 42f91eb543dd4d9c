#!/usr/bin/env bash
# The case store's part of a night (docs/cases.md), measured as a user sees it:
# the city (synth --preset city) with a store of N previous nights, then M
# more nights each run as a fresh `safetynet run --store` process, alternated
# with the same night run without a store. Reports, per store (an SQLite file,
# and a PostgreSQL server on loopback that this script starts with
# scripts/postgres_test_server.sh), the medians of: the store's part as the
# run measures it (summary.json seconds.store), the wall time with and without
# the store, and the store's size per night.
#
# Usage: bench/store_nights.sh [--previous N] [--nights M] [--no-postgres] SAFETYNET
#   --previous N   nights stored before the measured ones (default 30)
#   --nights M     nights measured (default 5)
#   --no-postgres  measure the SQLite file only
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib/timing.sh"
previous=30
measured=5
postgres=1
while [ $# -gt 1 ]; do
  case "$1" in
    --previous) previous=$2; shift 2 ;;
    --nights) measured=$2; shift 2 ;;
    --no-postgres) postgres=0; shift ;;
    *) echo "usage: bench/store_nights.sh [--previous N] [--nights M] [--no-postgres] SAFETYNET" >&2; exit 2 ;;
  esac
done
[ $# = 1 ] || { echo "usage: bench/store_nights.sh [--previous N] [--nights M] [--no-postgres] SAFETYNET" >&2; exit 2; }
safetynet=$(realpath "$1")
rules=$here/../rules/weihai
[[ "$previous" =~ ^[0-9]+$ && "$measured" =~ ^[1-9][0-9]*$ ]] || { echo "store_nights: N and M are whole numbers" >&2; exit 2; }

work=$(mktemp -d)
chmod 0755 "$work"  # the PostgreSQL server runs as the postgres user, in $work/pg
server=""
cleanup() {
  [ -n "$server" ] && "$here/../scripts/postgres_test_server.sh" stop "$work/pg" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

"$safetynet" synth --preset city --seed 1 --rules "$rules" --format snapshot --out "$work/city.snap" > /dev/null
# The nights end on the snapshot's date, 2025-06-30 (the synthetic city is
# made for the standards in force then).
first_night=$(date -u -d "2025-06-30 - $((previous + measured - 1)) days" +%F)
night_of() { date -u -d "$first_night + $1 days" +%F; }

# store_size STORE: bytes.
store_size() {
  case "$1" in
    postgresql://*) psql -At "$1" -c "SELECT pg_database_size(current_database())" ;;
    *) stat -c %s "$1" ;;
  esac
}

# measure STORE LABEL
measure() {
  local store=$1 label=$2 n night
  echo "$label: storing $previous previous nights of the city..."
  for ((n = 0; n < previous; n++)); do
    "$safetynet" run --snapshot "$work/city.snap" --rules "$rules" --as-of "$(night_of $n)" \
      --out "$work/out" --store "$store" --threads 2 > /dev/null 2>&1
  done
  local before_size
  before_size=$(store_size "$store")
  : > "$work/$label.with"; : > "$work/$label.without"; : > "$work/$label.store"
  for ((n = previous; n < previous + measured; n++)); do
    night=$(night_of $n)
    timed "$work/$label.without" "$safetynet" run --snapshot "$work/city.snap" --rules "$rules" \
      --as-of "$night" --out "$work/plain" --threads 2
    timed "$work/$label.with" "$safetynet" run --snapshot "$work/city.snap" --rules "$rules" \
      --as-of "$night" --out "$work/out" --store "$store" --threads 2
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"]["store"])' \
      "$work/out/summary.json" >> "$work/$label.store"
  done
  local after_size
  after_size=$(store_size "$store")
  local cases
  cases=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"]["cases"])' "$work/out/summary.json")
  echo "$label: $cases open cases; store part (median of $measured nights) $(median "$work/$label.store" 1) s;" \
    "run wall $(median "$work/$label.with" 1) s with the store, $(median "$work/$label.without" 1) s without;" \
    "peak $(( $(median "$work/$label.with" 5) / 1024 )) MiB with, $(( $(median "$work/$label.without" 5) / 1024 )) MiB without;" \
    "store $(( after_size / 1048576 )) MiB after $((previous + measured)) nights," \
    "$(( (after_size - before_size) / measured / 1048576 )) MiB per night"
}

measure "$work/cases.db" sqlite
if [ "$postgres" = 1 ]; then
  port=$((47000 + RANDOM % 1000))
  address=$("$here/../scripts/postgres_test_server.sh" start "$work/pg" "$port" | tail -1)
  server=1
  measure "$address" postgresql
fi
