#include "engine/monitor/value_format.h"

#include <charconv>

#include "engine/common/date.h"
#include "engine/common/exact_arithmetic.h"
#include "engine/common/money.h"
#include "engine/common/text.h"

namespace safetynet::monitor {
namespace {

// num/den as a decimal with up to `places` digits (trailing zeros kept to `min_places`).
std::string Decimal(int64_t num, int64_t den, int places, int min_places) {
  __int128 scale = 1;
  for (int i = 0; i < places; ++i) scale *= 10;
  __int128 scaled = static_cast<__int128>(num) * scale;
  __int128 magnitude = scaled < 0 ? -scaled : scaled;
  __int128 q = (2 * magnitude + den) / (2 * static_cast<__int128>(den));  // half up
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(q % 10)));
    q /= 10;
  } while (q > 0);
  if (static_cast<int>(digits.size()) <= places) digits.insert(0, places + 1 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - places);
  std::string fraction = digits.substr(digits.size() - places);
  while (static_cast<int>(fraction.size()) > min_places && fraction.back() == '0')
    fraction.pop_back();
  std::string out =
      num < 0 && (whole != "0" || fraction.find_first_not_of('0') != std::string::npos) ? "-" : "";
  out += whole;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

}  // namespace

void AppendValue(std::string& out, lang::Type type, int64_t num, int64_t den) {
  if (num == kEmpty) return;
  char buffer[24];
  switch (type.base) {
    case lang::BaseType::kBool:
      out += num ? "true" : "false";
      return;
    case lang::BaseType::kInt:
      if (den == 1) {
        out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, num).ptr);
        return;
      }
      break;
    case lang::BaseType::kMoney:
      if (den == 1) {
        AppendYuan(out, num);  // whole fen: yuan with two decimals
        return;
      }
      break;
    case lang::BaseType::kDate:
      AppendIsoDate(out, static_cast<Days>(num));
      return;
    default:
      break;
  }
  out += FormatValue(type, num, den);
}

void AppendValueForPeople(std::string& out, const lang::ColumnDef& column, int64_t num,
                          int64_t den) {
  const lang::ValueWords& words = column.words;
  if (num == kEmpty) {
    out += words.empty;
    return;
  }
  if (column.type.base == lang::BaseType::kBool) {
    const std::string& word = num ? words.yes : words.no;
    if (!word.empty()) {
      out += word;
      return;
    }
  } else if (column.type.base == lang::BaseType::kCode && num >= 0 &&
             static_cast<size_t>(num) < words.codes.size() && !words.codes[num].empty()) {
    out += words.codes[num];
    return;
  }
  AppendValue(out, column.type, num, den);
}

void AppendReason(std::string& out, const lang::Program& program,
                  std::span<const lang::ReasonPiece> reason, const exec::RunResult& result,
                  uint32_t row) {
  for (const lang::ReasonPiece& piece : reason) {
    out += piece.text;
    if (piece.column < 0) continue;
    const exec::ColumnValues& values = result.columns[piece.column];
    AppendValueForPeople(out, program.columns[piece.column], values.num[row],
                         values.den.empty() ? 1 : values.den[row]);
  }
}

void AppendShownValues(std::string& out, const lang::Program& program, std::span<const int> show,
                       const exec::RunResult& result, uint32_t row) {
  for (size_t s = 0; s < show.size(); ++s) {
    const lang::ColumnDef& column = program.columns[show[s]];
    const exec::ColumnValues& values = result.columns[show[s]];
    if (s > 0) out += "；";
    out += column.words.label.empty() ? column.name : column.words.label;
    out += "：";
    AppendValueForPeople(out, column, values.num[row], values.den.empty() ? 1 : values.den[row]);
  }
}

void AppendJsonValue(std::string& out, lang::Type type, int64_t num, int64_t den) {
  if (num == kEmpty) {
    out += "null";
    return;
  }
  switch (type.base) {
    case lang::BaseType::kDate:
    case lang::BaseType::kCode:
      out += '"';
      AppendValue(out, type, num, den);  // digits, dashes and upper-case letters: no escapes
      out += '"';
      return;
    default:
      AppendValue(out, type, num, den);  // true/false or a decimal number
      return;
  }
}

std::string FormatValue(lang::Type type, int64_t num, int64_t den) {
  if (num == kEmpty) return "";
  switch (type.base) {
    case lang::BaseType::kBool:
      return num ? "true" : "false";
    case lang::BaseType::kDate:
      return FormatIsoDate(static_cast<Days>(num));
    case lang::BaseType::kCode: {
      auto names = lang::CodeNames(type.codes);
      return num >= 0 && static_cast<size_t>(num) < names.size() ? std::string(names[num])
                                                                 : Cat(num);
    }
    case lang::BaseType::kMoney:
      // Money is fen: two decimals in yuan, more where an exact value needs them.
      return den == 1 ? FormatYuan(num) : Decimal(num, den * 100, 4, 2);
    case lang::BaseType::kRatio:
      return Decimal(num, den, 4, 0);
    default:
      return den == 1 ? Cat(num) : Decimal(num, den, 4, 0);
  }
}

}  // namespace safetynet::monitor
