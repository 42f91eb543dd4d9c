#include "engine/io/xlsx_table.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>

#include "engine/common/money.h"
#include "engine/common/text.h"

namespace safetynet {
namespace {

constexpr size_t kMaxSheetName = 31;     // characters
constexpr lxw_row_t kMaxRows = 1048576;  // header included
constexpr lxw_col_t kMaxColumns = 16384;
constexpr int64_t kExactInteger = int64_t{1} << 53;  // larger integers are not exact as doubles

// The length of the UTF-8 character starting `text` (1-4), or 0 if the
// bytes there are not one.
size_t Utf8Length(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  size_t length = lead < 0x80                   ? 1
                  : lead >= 0xC2 && lead < 0xE0 ? 2
                  : lead >= 0xE0 && lead < 0xF0 ? 3
                  : lead >= 0xF0 && lead < 0xF5 ? 4
                                                : 0;
  if (length == 0 || length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, surrogates and code points above U+10FFFF.
  if (length == 3 && ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) >= 0xA0))) {
    return 0;
  }
  if (length == 4 && ((lead == 0xF0 && byte(1) < 0x90) || (lead == 0xF4 && byte(1) >= 0x90))) {
    return 0;
  }
  return length;
}

std::optional<double> IntegerCell(std::string_view text) {
  const std::string_view digits = text.substr(text.starts_with('-') ? 1 : 0);
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0') || digits.size() > 16) {
    return std::nullopt;
  }
  int64_t value = 0;  // at most 16 digits: no overflow
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > kExactInteger) return std::nullopt;
  return static_cast<double>(text.starts_with('-') ? -value : value);
}

std::optional<double> YuanCell(std::string_view text) {
  const bool negative = text.starts_with('-');
  const ParsedFen parsed = ParseYuan(text.substr(negative ? 1 : 0));
  if (!parsed.fen || *parsed.fen > kExactInteger) return std::nullopt;
  // fen / 100 is the double nearest the decimal, as Excel reads "1234.56".
  const double yuan = static_cast<double>(*parsed.fen) / 100;
  return negative ? -yuan : yuan;
}

std::optional<lxw_datetime> DateCell(std::string_view text) {
  if (text.size() != 10) return std::nullopt;
  const std::optional<Days> days = ParseIsoDate(text);
  // Excel's serial dates count from 1900 and wrongly hold 1900-02-29: take
  // only dates after it.
  if (!days || *days < DaysFromCivil({1900, 3, 1})) return std::nullopt;
  const CivilDate date = CivilFromDays(*days);
  return lxw_datetime{date.year, date.month, date.day, 0, 0, 0.0};
}

absl::Status Failed(const std::string& path, std::string_view what, lxw_error error) {
  return absl::UnavailableError(Cat("cannot write ", path, ": ", what, ": ", lxw_strerror(error)));
}

// The workbook of one call: closed (and so freed) on every path.
class Workbook {
 public:
  Workbook(const std::string& path, lxw_workbook_options* options)
      : book_(workbook_new_opt(path.c_str(), options)) {}
  ~Workbook() {
    if (book_ != nullptr) lxw_workbook_free(book_);  // after an error: nothing more is written
  }
  lxw_workbook* get() const { return book_; }
  lxw_error Close() {
    lxw_error error = workbook_close(book_);
    book_ = nullptr;
    return error;
  }

 private:
  lxw_workbook* book_;
};

absl::Status WriteWorkbook(const std::string& path, std::string_view sheet_name,
                           std::span<const XlsxColumn> columns, size_t row_count,
                           const XlsxRowSource& row_source, Days created) {
  if (columns.size() > kMaxColumns) {
    return absl::InvalidArgumentError(
        Cat("cannot write ", path, ": ", columns.size(), " columns (Excel holds 16384)"));
  }
  if (row_count >= kMaxRows) {
    return absl::InvalidArgumentError(
        Cat("cannot write ", path, ": ", row_count, " rows (Excel holds 1048575 under a header)"));
  }
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  Workbook book(path, &options);
  if (book.get() == nullptr) return absl::ResourceExhaustedError(Cat("cannot write ", path));
  lxw_doc_properties properties = {};
  properties.created = static_cast<time_t>(created) * 86400;
  if (lxw_error e = workbook_set_properties(book.get(), &properties); e != LXW_NO_ERROR) {
    return Failed(path, "the properties", e);
  }
  const std::string sheet = SafeSheetName(sheet_name);
  if (lxw_error e = workbook_validate_sheet_name(book.get(), sheet.c_str()); e != LXW_NO_ERROR) {
    return Failed(path, Cat("the sheet name \"", sheet, "\""), e);
  }
  lxw_worksheet* table = workbook_add_worksheet(book.get(), sheet.c_str());
  lxw_format* bold = workbook_add_format(book.get());
  lxw_format* yuan = workbook_add_format(book.get());
  lxw_format* date = workbook_add_format(book.get());
  if (table == nullptr || bold == nullptr || yuan == nullptr || date == nullptr) {
    return absl::ResourceExhaustedError(Cat("cannot write ", path));
  }
  format_set_bold(bold);
  format_set_num_format(yuan, "0.00");
  format_set_num_format(date, "yyyy-mm-dd");

  auto cell_error = [&](lxw_row_t row, lxw_col_t col, lxw_error e) {
    return Failed(path, Cat("row ", row + 1, " column ", col + 1), e);
  };
  for (lxw_col_t c = 0; c < columns.size(); ++c) {
    if (lxw_error e = worksheet_set_column(table, c, c, columns[c].width, nullptr);
        e != LXW_NO_ERROR) {
      return cell_error(0, c, e);
    }
    if (lxw_error e = worksheet_write_string(table, 0, c, columns[c].header.c_str(), bold);
        e != LXW_NO_ERROR) {
      return cell_error(0, c, e);
    }
  }
  std::vector<std::string> cells;
  for (size_t r = 0; r < row_count; ++r) {
    cells.clear();
    row_source(r, cells);
    const lxw_row_t row = static_cast<lxw_row_t>(r + 1);
    if (cells.size() > columns.size()) {
      return absl::InvalidArgumentError(Cat("cannot write ", path, ": row ", row + 1, " has ",
                                            cells.size(), " cells for ", columns.size(),
                                            " columns"));
    }
    for (lxw_col_t c = 0; c < cells.size(); ++c) {
      const std::string& text = cells[c];
      if (text.empty()) continue;  // a blank cell
      lxw_error e = LXW_NO_ERROR;
      bool written = false;
      switch (columns[c].kind) {
        case XlsxCell::kText:
          break;
        case XlsxCell::kInteger:
          if (std::optional<double> n = IntegerCell(text)) {
            e = worksheet_write_number(table, row, c, *n, nullptr);
            written = true;
          }
          break;
        case XlsxCell::kYuan:
          if (std::optional<double> n = YuanCell(text)) {
            e = worksheet_write_number(table, row, c, *n, yuan);
            written = true;
          }
          break;
        case XlsxCell::kDate:
          if (std::optional<lxw_datetime> d = DateCell(text)) {
            e = worksheet_write_datetime(table, row, c, &*d, date);
            written = true;
          }
          break;
      }
      if (!written) e = worksheet_write_string(table, row, c, text.c_str(), nullptr);
      if (e != LXW_NO_ERROR) return cell_error(row, c, e);
    }
  }
  if (!columns.empty()) {
    const lxw_col_t last = static_cast<lxw_col_t>(columns.size() - 1);
    if (lxw_error e = worksheet_autofilter(table, 0, 0, static_cast<lxw_row_t>(row_count), last);
        e != LXW_NO_ERROR) {
      return Failed(path, "the autofilter", e);
    }
  }
  worksheet_freeze_panes(table, 1, 0);
  if (lxw_error e = book.Close(); e != LXW_NO_ERROR) return Failed(path, "the workbook", e);
  return absl::OkStatus();
}

// "History" in any case: a name Excel keeps for itself.
bool IsHistory(std::string_view name) {
  static constexpr std::string_view kHistory = "history";
  if (name.size() != kHistory.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if ((name[i] | 0x20) != kHistory[i]) return false;
  }
  return true;
}

}  // namespace

std::string SafeSheetName(std::string_view name) {
  std::string safe;
  size_t characters = 0;
  while (!name.empty() && characters < kMaxSheetName) {
    const size_t length = Utf8Length(name);
    const unsigned char c = static_cast<unsigned char>(name[0]);
    if (length == 0 || c < 0x20 || c == 0x7F || std::strchr("[]:*?/\\", c) != nullptr) {
      safe += '_';
      name.remove_prefix(1);
    } else {
      safe.append(name.substr(0, length));
      name.remove_prefix(length);
    }
    ++characters;
  }
  while (safe.starts_with('\'')) safe.erase(0, 1);
  while (safe.ends_with('\'')) safe.pop_back();
  if (safe.empty()) return "Sheet1";
  if (IsHistory(safe)) return safe + "_";
  return safe;
}

absl::Status WriteXlsxTable(const std::string& path, std::string_view sheet_name,
                            std::span<const XlsxColumn> columns,
                            const std::vector<std::vector<std::string>>& rows, Days created) {
  return WriteXlsxTable(
      path, sheet_name, columns, rows.size(),
      [&](size_t r, std::vector<std::string>& cells) { cells = rows[r]; }, created);
}

absl::Status WriteXlsxTable(const std::string& path, std::string_view sheet_name,
                            std::span<const XlsxColumn> columns, size_t row_count,
                            const XlsxRowSource& row_source, Days created) {
  // The file is made here, readable by its owner only; libxlsxwriter's
  // fopen(path, "wb") then truncates it and keeps the mode.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return absl::UnavailableError(Cat("cannot create ", path, ": ", std::strerror(errno)));
  const bool private_mode = ::fchmod(fd, 0600) == 0;
  const int saved_errno = errno;
  ::close(fd);
  absl::Status status =
      private_mode ? WriteWorkbook(path, sheet_name, columns, row_count, row_source, created)
                   : absl::UnavailableError(
                         Cat("cannot make ", path, " private: ", std::strerror(saved_errno)));
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

}  // namespace safetynet
