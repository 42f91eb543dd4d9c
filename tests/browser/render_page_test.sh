#!/usr/bin/env bash
# render_page.sh and check_page.py can fail: a page with a script error, one
# with a console message, one without a DOM to check, and a chart without a
# zero tick or an axis title are each refused; a plain page passes.
# Usage: render_page_test.sh
source "$(dirname "$0")/../cli/lib.sh"
here=$(dirname "$0")

echo "<!DOCTYPE html><html><body><p>ok</p></body></html>" > "$work/plain.html"
"$here/render_page.sh" "$work/plain.html" > "$work/plain.dom" || fail "a plain page was refused"
grep -q "<p>ok</p>" "$work/plain.dom" || fail "the DOM of a plain page: $(cat "$work/plain.dom")"

echo "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>" > "$work/uncaught.html"
echo "<!DOCTYPE html><html><body><script>console.error('bad');</script></body></html>" > "$work/console.html"
for page in uncaught console; do
  if "$here/render_page.sh" "$work/$page.html" > /dev/null 2> "$work/err.txt"; then
    fail "render_page.sh passed $page.html"
  fi
  grep -q "wrote to the console" "$work/err.txt" || fail "$page.html: $(cat "$work/err.txt")"
done
if "$here/render_page.sh" "$work/missing.html" > /dev/null 2>&1; then fail "a missing page passed"; fi

# A chart whose y axis has no zero tick and no title, and no data table.
cat > "$work/bad_chart.dom" <<'HTML'
<html><body><figure id="c"><svg class="chart"><title>t</title><desc>d</desc>
<text class="tick y-tick">10</text><text class="tick y-tick">20</text><text class="tick y-tick">30</text>
<text class="tick y-tick">40</text><text class="axis-title x-title">x</text></svg></figure></body></html>
HTML
if "$here/check_page.py" "$work/bad_chart.dom" 2> "$work/err.txt"; then fail "check_page passed a bad chart"; fi
for problem in "no zero tick" "no y-title axis label" "no data table"; do
  grep -q "$problem" "$work/err.txt" || fail "check_page did not say '$problem': $(cat "$work/err.txt")"
done
if "$here/check_page.py" "$work/plain.dom" --text "missing words" --row "a|b" 2> "$work/err.txt"; then
  fail "check_page passed missing text"
fi
grep -q "text not shown: missing words" "$work/err.txt" || fail "$(cat "$work/err.txt")"
grep -q "no table row a|b" "$work/err.txt" || fail "$(cat "$work/err.txt")"
echo "render_page.sh and check_page.py refuse what they should"
