#!/usr/bin/env bash
# The night report and the capacity page from hand-made inputs
# (sample_pages.cc), rendered in headless Chromium: no script error, every
# chart with its axis labels and a zero tick, and the numbers shown the
# ones put in.
# Usage: sample_pages_test.sh SAMPLE_PAGES_BINARY
source "$(dirname "$0")/../cli/lib.sh"
here=$(dirname "$0")
"$1" "$work"
for page in report report_empty capacity; do
  "$here/render_page.sh" "$work/$page.html" > "$work/$page.dom" || fail "rendering $page.html"
done

# The night report: headline, warnings, severity, trend, cases, towns, entitlements.
"$here/check_page.py" "$work/report.dom" --charts 5 \
  --text "快照比夜晚早 1 天" --text "高级别预警17" --text "新增个案12" --text "月度支出98.77" \
  --text "<script>alert(1)</script>" --text "4 个对象" \
  --row "高|17" --row "已解决|6" --row "收入超标|55" \
  --row "371002|环翠区|孙家疃街道|9|5|0|14" --row "371002|环翠区|<script>alert(1)</script>|1|0|0|1" \
  --row "371082|荣成市|石岛管理区|0|30|2|32" --row "收入超标|40|55|+15" --row "石岛管理区|40|32|-8" \
  --row "低保|1200|98.77|987654.32" --row "特困|30|0.01|50.00" --row "合计|1230|98.77|987704.32" \
  --row "2025-06-30|42|0|0" || fail "report.html"
# The town named <script> is text in the DOM, never an element.
grep -q "<script" "$work/report.dom" && fail "a <script> element in the rendered report"

# The empty night: sentences, no chart.
"$here/check_page.py" "$work/report_empty.dom" --charts 0 --text "今晚没有预警。" \
  --text "未使用个案库" --text "今晚没有镇街有预警。" --text "今晚没有计算待遇。" \
  --text "月度支出0.00" || fail "report_empty.html"

# Capacity: two charts, the projection as a table, the report as text.
"$here/check_page.py" "$work/capacity.dom" --charts 2 \
  --row "0.50|1.25|0.75" --row "2.00|455|470" \
  --row "target|records|time on 2 cores|time on 32 cores|peak memory|fits the window|fits the memory" \
  --row "Shandong (35 x Weihai)|35.0 M|52.5 s|12.3 s|8.0 GiB|yes|yes" \
  --text "| <x> & y | 1 |" || fail "capacity.html"
echo "sample pages: rendered and checked"
