#include "engine/io/exchange_export.h"

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"

namespace safetynet {
namespace {

// A numeric field as the exchange files write it (ColumnKind says how).
// `signal_type` is the row's type, for a signal's amount.
std::string FormatNumber(const Dataset& d, const ColumnInfo& info, int64_t value,
                         std::optional<SignalType> signal_type) {
  switch (info.kind) {
    case ColumnKind::kDistrict:
      return Cat(value);
    case ColumnKind::kCode:
      return std::string(CodeNames(info.codes)[value]);
    case ColumnKind::kDigit:
    case ColumnKind::kFlag:
      return std::string(1, static_cast<char>('0' + value));
    case ColumnKind::kMoney:
      return FormatYuan(value);
    case ColumnKind::kDate:
    case ColumnKind::kBirthDate:
      return FormatIsoDate(static_cast<Days>(value));
    case ColumnKind::kResidentId:
      return FormatResidentId(static_cast<PackedId>(value));
    case ColumnKind::kHouseholdRow:
      return std::string(d.households.household_id[value]);
    case ColumnKind::kSignalAmount:
      if (signal_type == SignalType::kProperty) return Cat(value);  // housing units
      if (signal_type == SignalType::kDeath || signal_type == SignalType::kUnemployment) return "";
      return FormatYuan(value);
    case ColumnKind::kText:
    case ColumnKind::kRejectedRows:  // not an exchange column
      break;
  }
  return "";
}

template <typename Table>
std::vector<std::string> RowOf(const Dataset& d, const Table& table, size_t row) {
  std::vector<std::string> fields;
  std::optional<SignalType> signal_type;
  ForEachColumn(table, [&](const ColumnInfo& info, const auto& column) {
    if (!info.in_exchange()) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(column)>, StringColumn>) {
      fields.emplace_back(column[row]);
    } else {
      const auto value = column[row];
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, SignalType>) signal_type = value;
      fields.push_back(FormatNumber(d, info, static_cast<int64_t>(value), signal_type));
    }
  });
  return fields;
}

std::string FileText(const Dataset& d, Entity table) {
  CsvWriter csv;
  for (std::string_view name : ExchangeHeader(table)) csv.Field(name);
  csv.EndRow();
  const size_t rows = ExchangeRowCount(d, table);
  for (size_t r = 0; r < rows; ++r) {
    for (const std::string& field : ExchangeRow(d, table, r)) csv.Field(field);
    csv.EndRow();
  }
  return csv.contents();
}

}  // namespace

std::string ExchangeFileName(Entity table) { return Cat(TableName(table), ".csv"); }

std::vector<std::string_view> ExchangeHeader(Entity table) {
  std::vector<std::string_view> header;
  for (const ColumnInfo& info : ColumnsOf(table)) {
    if (info.in_exchange()) header.push_back(info.exchange_name());
  }
  return header;
}

size_t ExchangeRowCount(const Dataset& d, Entity table) {
  size_t rows = 0;
  ForEachTable(d, [&](Entity entity, const auto& t) {
    if (entity == table) rows = t.size();
  });
  return rows;
}

std::vector<std::string> ExchangeRow(const Dataset& d, Entity table, size_t row) {
  std::vector<std::string> fields;
  ForEachTable(d, [&](Entity entity, const auto& t) {
    if (entity == table) fields = RowOf(d, t, row);
  });
  return fields;
}

ExchangeFiles ExportExchangeFiles(const Dataset& d) {
  return ExchangeFiles{FileText(d, Entity::kHousehold), FileText(d, Entity::kPerson),
                       FileText(d, Entity::kElderly), FileText(d, Entity::kSignal)};
}

absl::Status WriteExchangeDirectory(const ExchangeFiles& files, const std::string& directory) {
  SAFETYNET_RETURN_IF_ERROR(
      WriteFileAtomically(Cat(directory, "/", kHouseholdsCsv), files.households));
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kPersonsCsv), files.persons));
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kElderlyCsv), files.elderly));
  return WriteFileAtomically(Cat(directory, "/", kSignalsCsv), files.signals);
}

}  // namespace safetynet
