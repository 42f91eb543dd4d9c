#!/usr/bin/env bash
# Renders PAGE.html in headless Chromium (Debian's chromium) and prints the
# DOM after rendering on stdout. Fails (exit 1), saying why on stderr, if
# chromium is not installed, if it fails or prints no DOM, or if the page
# wrote anything to the console: an uncaught script error, console.error or
# any other console message (Chromium's log gives every console message the
# same level, and safetynet's pages have no script, so any message is an
# error). --no-sandbox: CI runs it as root.
# Usage: render_page.sh PAGE.html > DOM.html
set -euo pipefail
page=$1
if ! command -v chromium > /dev/null; then
  echo "render_page: chromium is not installed: the browser tests need it (scripts/setup.sh installs it)" >&2
  exit 1
fi
[ -f "$page" ] || { echo "render_page: no page $page" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if ! timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$scratch/profile" \
    --enable-logging=stderr --v=0 --dump-dom "file://$(realpath "$page")" \
    > "$scratch/dom.html" 2> "$scratch/log.txt"; then
  echo "render_page: chromium failed on $page:" >&2
  tail -20 "$scratch/log.txt" >&2
  exit 1
fi
if grep -E ':CONSOLE[:(]|Uncaught' "$scratch/log.txt" > "$scratch/console.txt"; then
  echo "render_page: $page wrote to the console (script errors or messages):" >&2
  cat "$scratch/console.txt" >&2
  exit 1
fi
if ! grep -q '</html>' "$scratch/dom.html"; then
  echo "render_page: chromium printed no DOM for $page:" >&2
  tail -20 "$scratch/log.txt" >&2
  exit 1
fi
cat "$scratch/dom.html"
