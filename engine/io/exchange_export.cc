#include "engine/io/exchange_export.h"

#include "engine/common/text.h"
#include "engine/common/status.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"

namespace safetynet {
namespace {

std::string Flag(uint8_t value) { return value ? "1" : "0"; }
std::string Digit(uint8_t value) { return std::string(1, static_cast<char>('0' + value)); }

std::string Households(const HouseholdTable& t) {
  CsvWriter csv;
  csv.Row({"household_id", "district", "town", "village", "area", "category", "tekun_mode",
           "enrolled_date", "current_payment"});
  for (size_t r = 0; r < t.size(); ++r) {
    csv.Row({t.household_id[r], std::to_string(t.district[r]), t.town[r], t.village[r],
             CodeName(AreaNames(), t.area[r]), CodeName(CategoryNames(), t.category[r]),
             CodeName(TekunModeNames(), t.tekun_mode[r]), FormatIsoDate(t.enrolled_date[r]),
             FormatYuan(t.current_payment[r])});
  }
  return csv.contents();
}

std::string Persons(const PersonTable& t, const HouseholdTable& households) {
  CsvWriter csv;
  csv.Row({"person_id", "household_id", "name", "sex", "birth_date", "relation",
           "disability_grade", "self_care", "serious_illness", "student", "declared_income",
           "child_status"});
  for (size_t r = 0; r < t.size(); ++r) {
    csv.Row({FormatResidentId(t.person_id[r]), households.household_id[t.household_row[r]],
             t.name[r], CodeName(SexNames(), t.sex[r]), FormatIsoDate(t.birth_date[r]),
             CodeName(RelationNames(), t.relation[r]), Digit(t.disability_grade[r]),
             CodeName(SelfCareNames(), t.self_care[r]), Flag(t.serious_illness[r]),
             Flag(t.student[r]), FormatYuan(t.declared_income[r]),
             CodeName(ChildStatusNames(), t.child_status[r])});
  }
  return csv.contents();
}

std::string Elderly(const ElderlyTable& t) {
  CsvWriter csv;
  csv.Row({"person_id", "name", "birth_date", "district", "town", "village", "area", "living",
           "ability_level", "shidu", "pension", "age_allowance", "last_visit"});
  for (size_t r = 0; r < t.size(); ++r) {
    csv.Row({FormatResidentId(t.person_id[r]), t.name[r], FormatIsoDate(t.birth_date[r]),
             std::to_string(t.district[r]), t.town[r], t.village[r],
             CodeName(AreaNames(), t.area[r]), CodeName(LivingNames(), t.living[r]),
             Digit(t.ability_level[r]), Flag(t.shidu[r]), FormatYuan(t.pension[r]),
             Flag(t.age_allowance[r]), FormatIsoDate(t.last_visit[r])});
  }
  return csv.contents();
}

std::string Signals(const SignalTable& t) {
  CsvWriter csv;
  csv.Row({"signal_id", "source", "type", "person_id", "event_date", "amount", "inpatient",
           "detail"});
  for (size_t r = 0; r < t.size(); ++r) {
    std::string amount;
    switch (t.type[r]) {
      case SignalType::kProperty:
        amount = std::to_string(t.amount[r]);
        break;
      case SignalType::kDeath:
      case SignalType::kUnemployment:
        break;
      default:
        amount = FormatYuan(t.amount[r]);
    }
    csv.Row({t.signal_id[r], t.source[r], CodeName(SignalTypeNames(), t.type[r]),
             FormatResidentId(t.person_id[r]), FormatIsoDate(t.event_date[r]), amount,
             Flag(t.inpatient[r]), t.detail[r]});
  }
  return csv.contents();
}

}  // namespace

ExchangeFiles ExportExchangeFiles(const Dataset& d) {
  return ExchangeFiles{Households(d.households), Persons(d.persons, d.households),
                       Elderly(d.elderly), Signals(d.signals)};
}

absl::Status WriteExchangeDirectory(const ExchangeFiles& files, const std::string& directory) {
  RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kHouseholdsCsv), files.households));
  RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kPersonsCsv), files.persons));
  RETURN_IF_ERROR(WriteFileAtomically(Cat(directory, "/", kElderlyCsv), files.elderly));
  return WriteFileAtomically(Cat(directory, "/", kSignalsCsv), files.signals);
}

}  // namespace safetynet
