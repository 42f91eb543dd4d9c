#include "engine/io/row_fields.h"

#include <algorithm>
#include <cctype>

#include "absl/container/flat_hash_map.h"
#include "engine/common/describe_value.h"
#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet {
namespace {

// Unknown header names warned of one by one; the rest are counted.
constexpr size_t kUnknownColumnsNamed = 10;

// A header name as messages show it: quoted if it looks like a column name
// (at most 64 ASCII letters, digits, '_', '-', '.' or blanks, fewer than 6
// of them digits), else described (DescribeValue): a data line taken for a
// header must not repeat a resident id or a name (docs/privacy.md).
std::string DescribeHeaderName(std::string_view name) {
  const auto plain_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == ' ';
  };
  const bool plain =
      !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), plain_char) &&
      std::count_if(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }) < 6;
  return plain ? Cat("'", name, "'") : Cat("(", DescribeValue(name), ")");
}

// `name` with blanks, no-break spaces (U+00A0, U+3000) and zero-width
// characters (U+200B-U+200D, U+FEFF) around it removed and ASCII letters
// lower-cased: how a header name a spreadsheet or an editor touched may
// still read as a column's name.
std::string LooseHeaderName(std::string_view name) {
  static constexpr std::string_view kInvisible[] = {" ",
                                                    "\t",
                                                    "\xC2\xA0",
                                                    "\xE3\x80\x80",
                                                    "\xE2\x80\x8B",
                                                    "\xE2\x80\x8C",
                                                    "\xE2\x80\x8D",
                                                    "\xEF\xBB\xBF"};
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (std::string_view mark : kInvisible) {
      while (name.starts_with(mark)) name.remove_prefix(mark.size()), trimmed = true;
      while (name.ends_with(mark)) name.remove_suffix(mark.size()), trimmed = true;
    }
  }
  std::string loose(name);
  for (char& c : loose) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return loose;
}

// For the error of missing required columns: each header name that reads as
// a missing column once loosened (LooseHeaderName), else what the header
// line holds (the first names, described as in warnings), so that the user
// sees why a column that looks present is not found.
std::string WhatTheHeaderHolds(const std::vector<std::string_view>& names,
                               const std::vector<std::string_view>& missing) {
  constexpr size_t kNamesShown = 15;
  std::string near;
  for (std::string_view column : missing) {
    for (std::string_view name : names) {
      if (name != column && LooseHeaderName(name) == column) {
        near += Cat(near.empty() ? "" : "; ", "header name ", DescribeHeaderName(name),
                    " reads as ", column,
                    " only without the blanks, invisible characters or "
                    "capitals around or in it");
      }
    }
  }
  if (!near.empty()) return Cat(". ", near, ": correct the header line");
  std::string shown;
  for (size_t i = 0; i < names.size() && i < kNamesShown; ++i) {
    shown += Cat(i == 0 ? ": " : ", ", DescribeHeaderName(names[i]));
  }
  return Cat(". The header line holds ", names.size(), " name", names.size() == 1 ? "" : "s", shown,
             names.size() > kNamesShown ? ", ..." : "");
}

}  // namespace

absl::StatusOr<Header> ResolveHeader(const CsvRecord& header_record,
                                     std::span<const ExchangeColumn> columns,
                                     std::string_view file) {
  Header header;
  const std::vector<std::string_view>& names = header_record.fields;
  header.field_count = names.size();
  // Each name's first field and how often it appears, in order of first appearance.
  absl::flat_hash_map<std::string_view, size_t> index_of;
  std::vector<std::pair<size_t, size_t>> appearances;  // first field, count
  for (size_t i = 0; i < names.size(); ++i) {
    auto [it, added] = index_of.emplace(names[i], appearances.size());
    if (added) {
      appearances.push_back({i, 1});
    } else {
      ++appearances[it->second].second;
    }
  }
  std::vector<bool> known(appearances.size(), false);
  std::vector<std::string_view> missing;
  for (const ExchangeColumn& column : columns) {
    int found = -1;
    if (auto it = index_of.find(column.name); column.in_exchange && it != index_of.end()) {
      const auto [first, count] = appearances[it->second];
      if (count > 1) {
        return absl::InvalidArgumentError(Cat(file, ": column ", column.name, " is named ", count,
                                              " times in the header (first as field ", first + 1,
                                              "): which one is meant cannot be told"));
      }
      found = static_cast<int>(first);
      known[it->second] = true;
    }
    if (found < 0 && column.required) missing.push_back(column.name);
    header.position.push_back(found);
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        Cat(file, ": missing required column", missing.size() > 1 ? "s " : " ", Join(missing, ", "),
            " (the header line names the columns)", WhatTheHeaderHolds(names, missing)));
  }
  size_t unknown = 0;
  for (size_t a = 0; a < appearances.size(); ++a) {
    if (known[a] || ++unknown > kUnknownColumnsNamed) continue;
    const auto [first, count] = appearances[a];
    header.warnings.push_back(Cat("unknown column ", DescribeHeaderName(names[first]),
                                  count > 1 ? Cat(", ", count, " times") : "",
                                  " (ignored: a misspelt name?)"));
  }
  if (unknown > kUnknownColumnsNamed) {
    header.warnings.push_back(
        Cat("and ", unknown - kUnknownColumnsNamed, " more unknown column names (ignored)"));
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    if (header.position[c] < 0 && columns[c].in_exchange) {
      header.warnings.push_back(
          Cat("optional column ", columns[c].name, " is absent: every row reads it as empty"));
    }
  }
  return header;
}

RowFields::RowFields(std::string_view file, std::span<const ExchangeColumn> columns,
                     const Header& header, const CsvRecord& record, const AcceptedIds& accepted_ids,
                     bool checked_utf8)
    : file_(file),
      columns_(columns),
      header_(header),
      record_(record),
      accepted_ids_(accepted_ids),
      checked_utf8_(checked_utf8) {
  if (record.malformed) {
    Fail(-1, RejectKind::kMalformedCsv, std::string(record.problem));
  } else if (record.fields.size() != header.field_count) {
    Fail(-1, RejectKind::kWrongColumnCount,
         Cat(record.fields.size(), " fields where the header has ", header.field_count));
  }
}

void RowFields::Fail(int column, RejectKind kind, std::string reason) {
  if (failed_) return;
  failed_ = true;
  reject_.file = std::string(file_);
  reject_.line = record_.line;
  reject_.column = column >= 0 ? std::string(columns_[column].name) : "";
  reject_.kind = kind;
  reject_.reason = std::move(reason);
}

void RowFields::Note(int column, NoteKind kind, std::string reason) {
  notes_.push_back({std::string(file_), record_.line, std::string(columns_[column].name), kind,
                    std::move(reason)});
}

void RowFields::FailValue(int column, RejectKind kind, std::string_view problem) {
  Fail(column, kind, Cat(problem, " (the value: ", DescribeValue(Raw(column)), ")"));
}

void RowFields::FailRead(int column, RejectKind kind, std::string_view problem,
                         ValueDamage (*find_damage)(std::string_view)) {
  const std::string_view raw = Raw(column);
  ValueDamage damage = FindLookalikeCharacter(raw);
  if (!damage.found() && find_damage != nullptr) damage = find_damage(raw);
  if (damage.found()) {
    FailDamaged(column, kind, std::move(damage));
  } else {
    FailValue(column, kind, problem);
  }
}

void RowFields::FailDamaged(int column, RejectKind kind, ValueDamage damage) {
  if (failed_) return;
  FailValue(column, kind, DamageReason(damage, columns_[column].name));
  damage_ = std::move(damage);
}

std::string_view RowFields::Raw(int column) const {
  // A row of the wrong field count (or a malformed row's first line read
  // leniently) may be shorter than the header: its missing fields are empty.
  const int position = header_.position[column];
  return position < 0 || static_cast<size_t>(position) >= record_.fields.size()
             ? std::string_view()
             : record_.fields[position];
}

bool RowFields::Present(int column) {
  if (failed_) return false;
  if (!Raw(column).empty()) return true;
  if (columns_[column].required) Fail(column, RejectKind::kMissingValue, "required value is empty");
  return false;
}

std::string_view RowFields::Text(int column, size_t max_bytes) {
  if (!Present(column)) return {};
  std::string_view text = Raw(column);
  if (text.size() > max_bytes) {
    FailValue(column, RejectKind::kBadText, Cat("longer than ", max_bytes, " bytes"));
    return {};
  }
  // (A field of text checked as a whole is cut at ASCII bytes, never inside
  // a character: it is well-formed UTF-8 too.)
  if (checked_utf8_ ? text.find('\0') != std::string_view::npos : !IsCleanUtf8(text)) {
    FailValue(column, RejectKind::kBadText, "not valid UTF-8 text (or holds a NUL byte)");
    return {};
  }
  if (ValueDamage damage = FindLookalikeCharacter(text); damage.found()) {
    FailDamaged(column, RejectKind::kBadText, std::move(damage));
    return {};
  }
  return text;
}

std::optional<uint8_t> RowFields::Code(int column, std::span<const std::string_view> names,
                                       uint8_t default_value) {
  if (!Present(column)) return failed_ ? std::nullopt : std::optional<uint8_t>(default_value);
  std::string_view text = Raw(column);
  std::optional<uint8_t> code = LookupCode(names, text);
  if (!code || names[*code].empty()) {
    std::vector<std::string_view> listed;
    for (std::string_view name : names) {
      if (!name.empty()) listed.push_back(name);
    }
    FailRead(column, RejectKind::kUnknownCode, Cat("not one of ", Join(listed, ", ")));
    return std::nullopt;
  }
  return code;
}

namespace {
RejectKind KindOf(NumberError error) {
  return error == NumberError::kNegative ? RejectKind::kNegativeAmount : RejectKind::kBadNumber;
}
}  // namespace

Fen RowFields::Money(int column) {
  if (!Present(column)) return 0;
  ParsedFen parsed = ParseYuan(Raw(column));
  if (!parsed.fen) {
    FailRead(column, KindOf(parsed.error), NumberErrorName(parsed.error), FindKeepAsTextMark);
    return 0;
  }
  return *parsed.fen;
}

Fen RowFields::WholeNumber(int column) {
  if (!Present(column)) return 0;
  ParsedFen parsed = ParseWholeNumber(Raw(column));
  if (!parsed.fen) {
    FailRead(column, KindOf(parsed.error),
             parsed.error == NumberError::kMalformed ? "not a whole number"
                                                     : NumberErrorName(parsed.error),
             FindKeepAsTextMark);
    return 0;
  }
  return *parsed.fen;
}

Days RowFields::Date(int column) {
  if (!Present(column)) return kNoDate;
  std::optional<Days> days = ParseIsoDate(Raw(column));
  if (!days) {
    FailRead(column, RejectKind::kBadDate, "not a real date of the form YYYY-MM-DD",
             FindDateDamage);
    return kNoDate;
  }
  return *days;
}

uint8_t RowFields::Digit(int column, uint8_t max_value) {
  if (!Present(column)) return 0;
  std::string_view text = Raw(column);
  if (text.size() != 1 || text[0] < '0' || text[0] > '0' + max_value) {
    FailRead(column, RejectKind::kUnknownCode, Cat("not a digit 0-", max_value), FindNumberDamage);
    return 0;
  }
  return static_cast<uint8_t>(text[0] - '0');
}

PackedId RowFields::ResidentId(int column) {
  if (!Present(column)) return 0;
  const ExchangeId id = ReadExchangeId(Raw(column), accepted_ids_);
  if (!id.ok()) {
    const bool checksum = id.parsed.error == IdError::kChecksum;
    FailRead(column, checksum ? RejectKind::kBadChecksum : RejectKind::kBadId,
             IdErrorName(id.parsed.error), checksum ? FindCutResidentId : FindNumberDamage);
    return 0;
  }
  if (id.accepted) {
    Note(column, NoteKind::kIdAccepted,
         "the check character is not the MOD 11-2 one; imported as written: the id is on the "
         "--accept-ids list");
  } else if (id.parsed.converted) {
    Note(column, NoteKind::kIdConverted,
         "an old 15-digit resident id, converted to its 18-character form (19 inserted before "
         "the birth year, the check character appended)");
  }
  return id.parsed.packed;
}

int32_t RowFields::District(int column) {
  if (!Present(column)) return 0;
  std::string_view text = Raw(column);
  int32_t value = 0;
  bool digits = text.size() == 6;
  for (size_t i = 0; digits && i < text.size(); ++i) {
    digits = text[i] >= '0' && text[i] <= '9';
    value = value * 10 + (text[i] - '0');
  }
  if (!digits) {
    FailRead(column, RejectKind::kUnknownCode, "not a 6-digit district code", FindNumberDamage);
    return 0;
  }
  return value;
}

}  // namespace safetynet
