# Sourced by the store's CLI tests (after tests/cli/lib.sh): runs a check on
# fresh stores of each kind.
#
# for_each_store CHECK NAME...: calls `CHECK LABEL STORE...` with one new,
# empty store per NAME: SQLite files in $work (LABEL sqlite), then databases
# created on the test run's PostgreSQL server (SAFETYNET_TEST_POSTGRES;
# LABEL postgresql), dropped afterwards. Without a server, says so.
for_each_store() {
  local check=$1 name
  shift
  local files=()
  for name in "$@"; do files+=("$work/$name.db"); done
  "$check" sqlite "${files[@]}"
  if [ -z "${SAFETYNET_TEST_POSTGRES:-}" ]; then
    echo "no PostgreSQL server in this run (SAFETYNET_TEST_POSTGRES): SQLite only"
    return
  fi
  local suffix=$$_$RANDOM databases=() addresses=()
  for name in "$@"; do
    databases+=("${name}_$suffix")
    addresses+=("${SAFETYNET_TEST_POSTGRES%/*}/${name}_$suffix")
    psql -q "$SAFETYNET_TEST_POSTGRES" -c "CREATE DATABASE ${name}_$suffix"
  done
  "$check" postgresql "${addresses[@]}"
  for name in "${databases[@]}"; do psql -q "$SAFETYNET_TEST_POSTGRES" -c "DROP DATABASE $name"; done
}
