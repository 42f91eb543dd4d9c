// HTML text for the pages safetynet writes (sweep.html, capacity.html,
// report.html): escaping, a table, and the page shell. Every page is
// self-contained: one file, its CSS inline, no script, font, image or link
// it would fetch. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace safetynet::report {

// `text` safe inside an element and inside a quoted attribute value (' or
// "): & < > " ' become entities; every other byte is kept (UTF-8 passes).
std::string EscapeHtml(std::string_view text);

// A <table> of plain text cells (each escaped here): `header` as <th>, then
// `rows`. The first `text_columns` columns are text (left-aligned), the
// others numbers (right-aligned, in the shared CSS). A row shorter than the
// header is padded with empty cells. `css_class`, if not empty, is the
// table's class.
std::string HtmlTable(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows, size_t text_columns = 1,
                      std::string_view css_class = {});

// A whole page: <!DOCTYPE html>, lang zh-CN, meta charset utf-8, a viewport,
// `title` (escaped here) as <title>, the shared CSS, then `body` as given
// (already HTML).
std::string HtmlPage(std::string_view title, std::string_view body);

}  // namespace safetynet::report
