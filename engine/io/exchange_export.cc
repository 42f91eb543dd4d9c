#include "engine/io/exchange_export.h"

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"

namespace safetynet {
namespace {

constexpr std::string_view kHouseholdHeader[] = {
    "household_id", "district",   "town",          "village",        "area",
    "category",     "tekun_mode", "enrolled_date", "current_payment"};
constexpr std::string_view kPersonHeader[] = {"person_id",
                                              "household_id",
                                              "name",
                                              "sex",
                                              "birth_date",
                                              "relation",
                                              "disability_grade",
                                              "self_care",
                                              "serious_illness",
                                              "student",
                                              "declared_income",
                                              "child_status"};
constexpr std::string_view kElderlyHeader[] = {
    "person_id", "name",          "birth_date", "district", "town",          "village",   "area",
    "living",    "ability_level", "shidu",      "pension",  "age_allowance", "last_visit"};
constexpr std::string_view kSignalHeader[] = {"signal_id",  "source", "type",      "person_id",
                                              "event_date", "amount", "inpatient", "detail"};

std::string Flag(uint8_t value) { return value ? "1" : "0"; }
std::string Digit(uint8_t value) { return std::string(1, static_cast<char>('0' + value)); }
std::string Text(std::string_view text) { return std::string(text); }

std::vector<std::string> HouseholdRow(const HouseholdTable& t, size_t r) {
  return {Text(t.household_id[r]),
          Cat(t.district[r]),
          Text(t.town[r]),
          Text(t.village[r]),
          Text(CodeName(AreaNames(), t.area[r])),
          Text(CodeName(CategoryNames(), t.category[r])),
          Text(CodeName(TekunModeNames(), t.tekun_mode[r])),
          FormatIsoDate(t.enrolled_date[r]),
          FormatYuan(t.current_payment[r])};
}

std::vector<std::string> PersonRow(const PersonTable& t, const HouseholdTable& h, size_t r) {
  return {FormatResidentId(t.person_id[r]),
          Text(h.household_id[t.household_row[r]]),
          Text(t.name[r]),
          Text(CodeName(SexNames(), t.sex[r])),
          FormatIsoDate(t.birth_date[r]),
          Text(CodeName(RelationNames(), t.relation[r])),
          Digit(t.disability_grade[r]),
          Text(CodeName(SelfCareNames(), t.self_care[r])),
          Flag(t.serious_illness[r]),
          Flag(t.student[r]),
          FormatYuan(t.declared_income[r]),
          Text(CodeName(ChildStatusNames(), t.child_status[r]))};
}

std::vector<std::string> ElderlyRow(const ElderlyTable& t, size_t r) {
  return {FormatResidentId(t.person_id[r]),
          Text(t.name[r]),
          FormatIsoDate(t.birth_date[r]),
          Cat(t.district[r]),
          Text(t.town[r]),
          Text(t.village[r]),
          Text(CodeName(AreaNames(), t.area[r])),
          Text(CodeName(LivingNames(), t.living[r])),
          Digit(t.ability_level[r]),
          Flag(t.shidu[r]),
          FormatYuan(t.pension[r]),
          Flag(t.age_allowance[r]),
          FormatIsoDate(t.last_visit[r])};
}

std::vector<std::string> SignalRow(const SignalTable& t, size_t r) {
  std::string amount;
  switch (t.type[r]) {
    case SignalType::kProperty:
      amount = Cat(t.amount[r]);
      break;
    case SignalType::kDeath:
    case SignalType::kUnemployment:
      break;
    default:
      amount = FormatYuan(t.amount[r]);
  }
  return {Text(t.signal_id[r]),
          Text(t.source[r]),
          Text(CodeName(SignalTypeNames(), t.type[r])),
          FormatResidentId(t.person_id[r]),
          FormatIsoDate(t.event_date[r]),
          amount,
          Flag(t.inpatient[r]),
          Text(t.detail[r])};
}

std::string FileText(const Dataset& d, ExchangeFile file) {
  CsvWriter csv;
  for (std::string_view name : ExchangeHeader(file)) csv.Field(name);
  csv.EndRow();
  const size_t rows = ExchangeRowCount(d, file);
  for (size_t r = 0; r < rows; ++r) {
    for (const std::string& field : ExchangeRow(d, file, r)) csv.Field(field);
    csv.EndRow();
  }
  return csv.contents();
}

}  // namespace

std::string_view ExchangeFileName(ExchangeFile file) {
  static constexpr std::string_view kNames[] = {kHouseholdsCsv, kPersonsCsv, kElderlyCsv,
                                                kSignalsCsv};
  return kNames[static_cast<int>(file)];
}

std::span<const std::string_view> ExchangeHeader(ExchangeFile file) {
  switch (file) {
    case ExchangeFile::kHouseholds:
      return kHouseholdHeader;
    case ExchangeFile::kPersons:
      return kPersonHeader;
    case ExchangeFile::kElderly:
      return kElderlyHeader;
    case ExchangeFile::kSignals:
      break;
  }
  return kSignalHeader;
}

size_t ExchangeRowCount(const Dataset& d, ExchangeFile file) {
  switch (file) {
    case ExchangeFile::kHouseholds:
      return d.households.size();
    case ExchangeFile::kPersons:
      return d.persons.size();
    case ExchangeFile::kElderly:
      return d.elderly.size();
    case ExchangeFile::kSignals:
      break;
  }
  return d.signals.size();
}

std::vector<std::string> ExchangeRow(const Dataset& d, ExchangeFile file, size_t row) {
  switch (file) {
    case ExchangeFile::kHouseholds:
      return HouseholdRow(d.households, row);
    case ExchangeFile::kPersons:
      return PersonRow(d.persons, d.households, row);
    case ExchangeFile::kElderly:
      return ElderlyRow(d.elderly, row);
    case ExchangeFile::kSignals:
      break;
  }
  return SignalRow(d.signals, row);
}

ExchangeFiles ExportExchangeFiles(const Dataset& d) {
  return ExchangeFiles{FileText(d, ExchangeFile::kHouseholds), FileText(d, ExchangeFile::kPersons),
                       FileText(d, ExchangeFile::kElderly), FileText(d, ExchangeFile::kSignals)};
}

absl::Status WriteExchangeDirectory(const ExchangeFiles& files, const std::string& directory) {
  RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kHouseholdsCsv), files.households));
  RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kPersonsCsv), files.persons));
  RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kElderlyCsv), files.elderly));
  return WriteFileAtomically(Cat(directory, "/", kSignalsCsv), files.signals);
}

}  // namespace safetynet
