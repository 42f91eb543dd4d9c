#!/usr/bin/env bash
# The director's page (engine/serve/director_page.html, served at / by
# `safetynet serve`) driven in headless Chromium by director_page_driver.py
# (Debian's python3-selenium and chromium-driver): token, figures, table and
# chart checked against the API's own answers; a wrong token shows 401.
# Usage: director_page_test.sh BASE_URL TOKEN_FILE      (a running service)
#        director_page_test.sh --fake-api PAGE.html     (starts fake_api.py)
# Both take --screenshot PNG after the arguments.
source "$(dirname "$0")/../cli/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3  # Debian's, with python3-selenium

for need in chromium chromedriver; do
  command -v "$need" > /dev/null ||
    fail "$need is not installed: scripts/setup.sh installs chromium and chromium-driver"
done
"$python" -c 'import selenium' 2> /dev/null ||
  fail "python3-selenium is not installed: scripts/setup.sh installs it"

if [ "${1:-}" = --fake-api ]; then
  page=$2
  shift 2
  [ -f "$page" ] || fail "no page $page"
  head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$work/token"
  chmod 600 "$work/token"
  "$python" "$here/fake_api.py" --page "$page" --token-file "$work/token" --port-file "$work/port" \
    --refuse-urban 725 --slow-urban 1000 &
  fake=$!
  trap 'kill "$fake" 2> /dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
  [ -s "$work/port" ] || fail "fake_api.py did not start"
  base="http://127.0.0.1:$(cat "$work/port")"
  token_file=$work/token
  set -- --refused-urban 725 --slow-urban 1000 "$@"
else
  [ $# -ge 2 ] || fail "usage: director_page_test.sh BASE_URL TOKEN_FILE | --fake-api PAGE.html"
  base=$1
  token_file=$2
  shift 2
fi
timeout 300 "$python" "$here/director_page_driver.py" "$base" "$token_file" "$@" ||
  fail "the director's page at $base"
