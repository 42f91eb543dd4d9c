#!/usr/bin/env bash
# capacity.html from a real, tiny `safetynet capacity` (two small sizes, one
# thread count, one run: seconds), rendered in headless Chromium: no script
# error; two charts with their axis labels and a zero tick; the projection
# of capacity.md as an HTML table, row for row, marked unreliable; the
# report's text under it.
# Usage: capacity_page_test.sh SAFETYNET RULES_DIR
source "$(dirname "$0")/../cli/lib.sh"
here=$(dirname "$0")
"$1" capacity --scales 0.01,0.02 --threads 1 --repetitions 1 --scratch "$work" \
  --out "$work/capacity" --rules "$2" > /dev/null 2>&1 || fail "safetynet capacity"
"$here/render_page.sh" "$work/capacity/capacity.html" > "$work/capacity.dom" ||
  fail "rendering capacity.html"

# The projection table of capacity.md: "| a | b |" rows from its header to the blank line after.
checks=(--charts 2 --text "Projection (unreliable: see the report below)"
        --text "# Capacity report")
while IFS= read -r line; do
  case "$line" in
    "|---"*) ;;
    *) line=${line#| }; line=${line% |}; checks+=(--row "${line// | /|}") ;;
  esac
done < <(sed -n '/^| target |/,/^$/p' "$work/capacity/capacity.md" | grep '^|')
[ "${#checks[@]}" -ge 12 ] || fail "no projection in capacity.md: $(cat "$work/capacity/capacity.md")"
"$here/check_page.py" "$work/capacity.dom" "${checks[@]}" || fail "capacity.html"
echo "capacity page: rendered and checked"
