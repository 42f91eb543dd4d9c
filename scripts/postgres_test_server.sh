#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests, on loopback only.
#   scripts/postgres_test_server.sh start DIR PORT   prints the connection URI
#   scripts/postgres_test_server.sh stop DIR         stops it and removes DIR
# The cluster lives in DIR/data, listens on 127.0.0.1:PORT only (no Unix
# socket: a deep build folder would make its path too long), trusts loopback
# connections and nothing else, and keeps fsync on (the tests check
# durability). Run as root, the server runs as the `postgres` system user
# (initdb refuses root) and DIR is handed to it. `start` first stops and
# removes a DIR left by an earlier run. Fails with a clear message when the
# PostgreSQL server is not installed (scripts/setup.sh installs it).
set -euo pipefail

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

# The newest server binaries: Debian keeps them in /usr/lib/postgresql/N/bin
# (`pg_config --bindir` belongs to libpq-dev and may name another folder).
find_bindir() {
  local best="" best_version=0 dir version
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] || continue
    version=$(basename "$(dirname "$dir")")
    version=${version%%.*}
    if [[ $version =~ ^[0-9]+$ ]] && [ "$version" -gt "$best_version" ]; then
      best=$dir best_version=$version
    fi
  done
  if [ -z "$best" ] && command -v pg_config >/dev/null; then
    dir=$(pg_config --bindir)
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then best=$dir; fi
  fi
  if [ -z "$best" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    best=$(dirname "$(command -v initdb)")
  fi
  if [ -z "$best" ]; then
    echo "$0: the PostgreSQL server is not installed (no initdb/pg_ctl in /usr/lib/postgresql/*/bin" \
      "or on PATH); install the Debian package postgresql (scripts/setup.sh)" >&2
    exit 1
  fi
  echo "$best"
}

# Runs a command as the server's owner: `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_server() {
  local dir=$1 bindir
  [ -e "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null 2>&1 || true
  fi
  rm -rf -- "$dir"
}

[ $# -ge 2 ] || usage
command=$1
dir=$(realpath -m -- "$2")

case "$command" in
  start)
    [ $# -eq 3 ] || usage
    port=$3
    [[ $port =~ ^[0-9]+$ ]] && [ "$port" -ge 1024 ] && [ "$port" -le 65535 ] ||
      { echo "$0: bad port '$port'" >&2; exit 2; }
    bindir=$(find_bindir)
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
      echo "$0: running as root needs the 'postgres' system user (Debian's postgresql package creates it)" >&2
      exit 1
    fi
    stop_server "$dir"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$0: port $port on 127.0.0.1 is in use; choose another" \
        "(cmake -DSAFETYNET_TEST_POSTGRES_PORT=...)" >&2
      exit 1
    fi
    mkdir -p -- "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "$0: the postgres user cannot reach $dir (a parent folder is closed to it)" >&2
        exit 1
      fi
    fi
    chmod 700 "$dir"
    log="$dir/server.log"
    if ! as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1; then
      echo "$0: initdb failed:" >&2
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    # Loopback TCP only, trusted; nothing else may connect.
    echo "host all all 127.0.0.1/32 trust" | as_owner tee "$dir/data/pg_hba.conf" >/dev/null
    cat <<EOF | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
fsync = on
synchronous_commit = on
max_connections = 50
EOF
    if ! as_owner "$bindir/pg_ctl" start -D "$dir/data" -l "$log" -w -t 60 >/dev/null; then
      echo "$0: the server did not start:" >&2
      cat "$log" >&2
      exit 1
    fi
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    stop_server "$dir"
    ;;
  *)
    usage
    ;;
esac
