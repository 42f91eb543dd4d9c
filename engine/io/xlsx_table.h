// One table written as a one-sheet Excel workbook (.xlsx) for people to
// open: a bold header row that stays frozen at the top, an autofilter over
// the table, the given column widths, and every cell typed by its column, so
// that an 18-digit resident id stays text (Excel would round it as a number)
// and an amount or a date is a real number or date a caseworker can sum or
// sort. Written with libxlsxwriter (Debian's libxlsxwriter-dev, found with
// pkg-config), in its constant-memory mode: each row goes to a temporary
// file as it is written and strings are stored in their cells (no shared
// string table), so a table of a million rows holds one row in memory.
//
// The file is created by this function with open(O_CREAT|O_NOFOLLOW) and
// fchmod'ed to 0600 before libxlsxwriter truncates and fills it (fopen keeps
// the mode of an existing file): no umask, which is process-wide. The file is
// written in place: give a path in a staging folder (OutputFolder) or under
// a provisional name for atomicity. A failed write removes the file. The
// parts of the workbook go through libxlsxwriter's tmpfile()s (0600, unlinked
// at once) in the system's temporary folder.
//
// Thread safety: each call has its own libxlsxwriter workbook and touches no
// shared state, so calls writing different files may run in parallel.
// The bytes depend only on the arguments: the workbook's creation time is
// `created` (the zip entries' times are fixed by libxlsxwriter), so the same
// table gives the same file.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/common/date.h"

namespace safetynet {

// How the cells of a column are written. Cells come as text; one that does
// not parse for its kind is written as text (never lost), an empty one is a
// blank cell.
enum class XlsxCell {
  kText,     // always a string cell: never a number, never a formula ("=...", "371002...")
  kInteger,  // a number from canonical decimal text ("-12", "0"; not "007"), |n| <= 2^53
  kYuan,     // a number from "1234.56" (ParseYuan, or with a leading '-'), shown as 0.00
  kDate,     // a date cell from YYYY-MM-DD (1900-03-01 to 9999-12-31), shown as yyyy-mm-dd
};

struct XlsxColumn {
  std::string header;  // UTF-8, written as text in the bold first row
  double width;        // in Excel's character units (about one Latin digit; a Chinese character ~2)
  XlsxCell kind;
};

// Writes `rows` (each of columns.size() cells, UTF-8; a shorter row leaves
// the rest blank, a longer one is InvalidArgument) under the header row into
// the sheet `sheet_name` of a new workbook at `path`, replacing a file there.
// The sheet name is made acceptable to Excel first (SafeSheetName). `created`
// is the creation date recorded in the workbook's properties (midnight UTC).
// Errors name the path: the file cannot be created or written (its folder
// does not exist, ...), a text longer than Excel's 32,767 characters, more
// than 1,048,575 rows or 16,384 columns.
absl::Status WriteXlsxTable(const std::string& path, std::string_view sheet_name,
                            std::span<const XlsxColumn> columns,
                            const std::vector<std::vector<std::string>>& rows, Days created);

// The rows of a table one at a time: fills `cells` (empty on entry) with
// the cells of row `row` (0-based; rows are asked for in order, once each).
using XlsxRowSource = std::function<void(size_t row, std::vector<std::string>& cells)>;

// The same, the `row_count` rows made one at a time by `row_source`, so that
// a large table is never held whole (libxlsxwriter's constant-memory mode
// writes each row as it comes).
absl::Status WriteXlsxTable(const std::string& path, std::string_view sheet_name,
                            std::span<const XlsxColumn> columns, size_t row_count,
                            const XlsxRowSource& row_source, Days created);

// `name` as a sheet name Excel accepts: each of [ ] : * ? / \ and each
// control character becomes `_`, apostrophes at the ends go, the rest is cut
// to 31 characters (at a UTF-8 character boundary; bytes that are not UTF-8
// become `_`); an empty result is "Sheet1", and "History" in any case (a
// name Excel keeps for itself) gets a `_`: "History_". Pure.
std::string SafeSheetName(std::string_view name);

}  // namespace safetynet
