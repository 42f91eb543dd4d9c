#!/usr/bin/env bash
# `safetynet serve` end to end (tests/serve/serve_test.py) on an SQLite store
# and on a database of the test run's PostgreSQL server.
# Usage: serve_test.sh SAFETYNET DATA_DIR RULES_DIR
here=$(dirname "$0")
source "$here/../cli/lib.sh"
source "$here/../cases/stores.sh"
safetynet=$1 data=$2 rules=$3
check() {
  local label=$1 store=$2
  echo "serve on $label"
  python3 "$here/serve_test.py" "$safetynet" "$data" "$rules" --store "$store" \
    || fail "serve on $label"
}
for_each_store check live
