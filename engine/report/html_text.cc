#include "engine/report/html_text.h"

#include <algorithm>

#include "engine/common/text.h"

namespace safetynet::report {
namespace {

// The shared CSS of every page: readable text, tables with numbers to the
// right, the warning box, headline figures and charts.
constexpr std::string_view kCss =
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5em auto;"
    "max-width:62em;padding:0 1em;color:#222;line-height:1.5}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
    "th{background:#f4f4f4}td.t,th.t{text-align:left}"
    ".warnings{border:2px solid #c0392b;background:#fdf0ee;padding:.5em 1em;margin:1em 0}"
    ".headline{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}"
    ".figure{border:1px solid #ddd;padding:.5em 1em;min-width:10em}"
    ".figure .value{font-size:2em;font-weight:bold;display:block}"
    "figure{margin:1em 0}figcaption{font-weight:bold}"
    "svg.chart{max-width:100%;height:auto}details{margin:.3em 0}"
    "pre{background:#f4f4f4;padding:1em;white-space:pre-wrap}";

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlTable(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows, size_t text_columns,
                      std::string_view css_class) {
  auto cell = [&](std::string_view tag, size_t column, std::string_view text) {
    return Cat("<", tag, column < text_columns ? " class='t'>" : ">", EscapeHtml(text), "</", tag,
               ">");
  };
  std::string html = css_class.empty() ? std::string("<table>")
                                       : Cat("<table class='", EscapeHtml(css_class), "'>");
  html += "<thead><tr>";
  for (size_t c = 0; c < header.size(); ++c) html += cell("th", c, header[c]);
  html += "</tr></thead>\n<tbody>\n";
  for (const std::vector<std::string>& row : rows) {
    html += "<tr>";
    for (size_t c = 0; c < std::max(header.size(), row.size()); ++c) {
      html += cell("td", c, c < row.size() ? row[c] : std::string());
    }
    html += "</tr>\n";
  }
  return html + "</tbody></table>\n";
}

std::string HtmlPage(std::string_view title, std::string_view body) {
  return Cat(
      "<!DOCTYPE html>\n<html lang='zh-CN'>\n<head>\n<meta charset='utf-8'>\n"
      "<meta name='viewport' content='width=device-width, initial-scale=1'>\n<title>",
      EscapeHtml(title), "</title>\n<style>", kCss, "</style>\n</head>\n<body>\n", body,
      "</body>\n</html>\n");
}

}  // namespace safetynet::report
