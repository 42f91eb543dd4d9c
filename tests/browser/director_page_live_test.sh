#!/usr/bin/env bash
# The director's page against the real `safetynet serve` on the tiny data
# (a store after one night): director_page_test.sh drives it in headless
# Chromium and checks what it shows against the service's own answers.
# Usage: director_page_live_test.sh SAFETYNET DATA_DIR RULES_DIR
source "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
safetynet=$1 data=$2 rules=$3
shift 3
"$safetynet" import --csv "$data" --out "$work/tiny.snap" --as-of 2025-06-30 > /dev/null
"$safetynet" run --snapshot "$work/tiny.snap" --rules "$rules" --as-of 2025-06-30 \
  --store "$work/cases.db" --out "$work/night" --no-workbooks > /dev/null
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/token"
chmod 600 "$work/token"
"$safetynet" serve --snapshot "$work/tiny.snap" --rules "$rules" --store "$work/cases.db" \
  --token-file "$work/token" --listen 127.0.0.1:0 --as-of 2025-06-30 2> "$work/serve.log" &
service=$!
trap 'kill "$service" 2> /dev/null; wait "$service" 2> /dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do grep -q '(port [0-9]*)' "$work/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.log")
[ -n "$port" ] || fail "the service did not start: $(cat "$work/serve.log")"
"$here/director_page_test.sh" "http://127.0.0.1:$port" "$work/token" "$@" ||
  fail "the director's page on the service (its log: $(tail -5 "$work/serve.log"))"
