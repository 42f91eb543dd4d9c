#!/usr/bin/env bash
# The live service's figures (README "Benchmarks", issue 19), measured with
# wrk on loopback as a caller sees them: `safetynet serve` started as a fresh
# process on a snapshot (the city by default) and a store after its night.
#   - memory of the loaded service (VmRSS after start; VmHWM at the end);
#   - one signal a request, one client: latency (p50, p99) of a signal
#     accepted, journaled (fdatasync), re-evaluated and its case updated;
#   - one signal a request, 64 clients: signals/s sustained (group commit);
#   - a what-if of dibao.urban, one client: latency (p50, p99);
#   - a 41-point sweep of dibao.urban (800 to 1000 by 5): median of 5 (curl).
# Usage: bench/serve_bench.sh [--snapshot S] [--as-of D] [--seconds N] SAFETYNET
set -euo pipefail
snapshot=/tmp/city/city.snap as_of=2025-06-30 seconds=10
while [ $# -gt 1 ]; do
  case $1 in
    --snapshot) snapshot=$2; shift 2 ;;
    --as-of) as_of=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "usage: bench/serve_bench.sh [--snapshot S] [--as-of D] [--seconds N] SAFETYNET" >&2; exit 2 ;;
  esac
done
safetynet=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk > /dev/null || { echo "wrk is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
work=$(mktemp -d)
service=
trap '[ -n "$service" ] && kill "$service" 2> /dev/null; rm -rf "$work"' EXIT

echo "the night before, into a store (SQLite) ..."
"$safetynet" run --snapshot "$snapshot" --as-of "$as_of" --store "$work/cases.db" \
  --out "$work/night" --no-workbooks > /dev/null
grep -o '^[A-Z0-9_]*,[A-Z]*,ELDERLY,[0-9X]*' "$work/night/alerts.csv" | cut -d, -f4 | sort -u \
  > "$work/ids"
echo "$(wc -l < "$work/ids") elders to send signals about"
head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/token"
chmod 600 "$work/token"
export SAFETYNET_BENCH_TOKEN=$(cat "$work/token") SAFETYNET_BENCH_IDS=$work/ids

start=$(date +%s.%N)
"$safetynet" serve --snapshot "$snapshot" --store "$work/cases.db" --token-file "$work/token" \
  --listen 127.0.0.1:0 --as-of "$as_of" 2> "$work/serve.log" &
service=$!
for _ in $(seq 1200); do grep -q '(port [0-9]*)' "$work/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$work/serve.log")
[ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
echo "started in $(echo "$(date +%s.%N) - $start" | bc) s; memory loaded: $(grep VmRSS /proc/$service/status | tr -s ' ')"
url=http://127.0.0.1:$port

echo "signals, 1 client, ${seconds} s:"
wrk -t1 -c1 -d"${seconds}s" -s "$here/serve/signals.lua" "$url" | grep -E "requests|Requests/sec"
echo "signals, 64 clients, ${seconds} s:"
wrk -t2 -c64 -d"${seconds}s" -s "$here/serve/signals.lua" "$url" | grep -E "requests|Requests/sec"
echo "what-if of dibao.urban, 1 client, ${seconds} s:"
wrk -t1 -c1 -d"${seconds}s" -s "$here/serve/what_if.lua" "$url" | grep -E "requests|Requests/sec"
echo "sweep of dibao.urban, 41 points, 5 times (seconds):"
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $SAFETYNET_BENCH_TOKEN" \
    -X POST "$url/v1/sweep" -d '{"param":"dibao.urban","from":"800","to":"1000","step":"5"}'
done
echo "memory at the end: $(grep VmHWM /proc/$service/status | tr -s ' '); $(grep VmRSS /proc/$service/status | tr -s ' ')"
curl -s -H "Authorization: Bearer $SAFETYNET_BENCH_TOKEN" "$url/v1/status"; echo
