#include "engine/io/import_tables.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_reader.h"
#include "engine/io/row_fields.h"

namespace safetynet::import_internal {
namespace {

constexpr size_t kProgressEvery = 1 << 16;  // rows between progress reports

// Reads the header, then calls row_fn(RowFields&) for every data row; the
// function appends the row to its table if the row is still ok() when done.
template <typename RowFn>
absl::Status ForEachRow(const FileInput& in, std::span<const ColumnSpec> columns,
                        FileOutput& result, RowFn row_fn) {
  result.counts.file = std::string(in.name);
  CsvReader reader(in.content);
  CsvRecord record;
  if (!reader.Next(record)) {
    return absl::InvalidArgumentError(Cat(in.name, ": the file is empty (no header line)"));
  }
  if (record.malformed) {
    return absl::InvalidArgumentError(
        Cat(in.name, ": the header line is not CSV: ", record.problem));
  }
  ASSIGN_OR_RETURN(Header header, ResolveHeader(record, columns, in.name));
  const auto& progress = in.options->progress;
  while (reader.Next(record)) {
    ++result.counts.rows;
    RowFields row(in.name, columns, header, record);
    row_fn(row);
    if (row.ok()) {
      ++result.counts.imported;
    } else {
      ++result.counts.rejected;
      result.rejects.push_back(row.reject());
    }
    if (progress && result.counts.rows % kProgressEvery == 0) {
      progress(in.name, reader.position(), reader.size());
    }
  }
  if (progress) progress(in.name, reader.size(), reader.size());
  return absl::OkStatus();
}

// Rejects the row if its birth_date disagrees with the id's digits 7-14.
void CheckBirthDate(RowFields& row, int column, PackedId id, Days birth_date) {
  if (row.ok() && BirthDateOfId(id) != birth_date) {
    row.Fail(column, RejectKind::kBirthMismatch,
             "birth_date disagrees with the resident id's digits 7-14");
  }
}

}  // namespace

absl::Status ImportHouseholds(const FileInput& in, HouseholdTable& out, FileOutput& result) {
  enum { kId, kDistrict, kTown, kVillage, kArea, kCategory, kTekunMode, kEnrolled, kPayment };
  static constexpr ColumnSpec kColumns[] = {
      {"household_id", true}, {"district", true},       {"town", true},
      {"village", true},      {"area", true},           {"category", true},
      {"tekun_mode", false},  {"enrolled_date", false}, {"current_payment", true}};
  // Keys are copied: a field that held doubled quotes lives in the reader's
  // buffer only until the next row.
  absl::flat_hash_set<std::string> seen;
  return ForEachRow(in, kColumns, result, [&](RowFields& row) {
    std::string_view id = row.Text(kId, 32);
    int32_t district = row.District(kDistrict);
    std::string_view town = row.Text(kTown);
    std::string_view village = row.Text(kVillage);
    auto area = row.Code(kArea, AreaNames());
    auto category = row.Code(kCategory, CategoryNames());
    auto tekun_mode = row.Code(kTekunMode, TekunModeNames());
    Days enrolled = row.Date(kEnrolled);
    Fen payment = row.Money(kPayment);
    if (row.ok() && !seen.emplace(id).second) {
      row.Fail(kId, RejectKind::kDuplicateKey, "household_id of an earlier row");
    }
    if (!row.ok()) return;
    out.household_id.push_back(id);
    out.district.push_back(district);
    out.town.push_back(town);
    out.village.push_back(village);
    out.area.push_back(static_cast<Area>(*area));
    out.category.push_back(static_cast<Category>(*category));
    out.tekun_mode.push_back(static_cast<TekunMode>(*tekun_mode));
    out.enrolled_date.push_back(enrolled);
    out.current_payment.push_back(payment);
  });
}

absl::Status ImportPersons(const FileInput& in, const HouseholdTable& households, PersonTable& out,
                           FileOutput& result) {
  enum {
    kId,
    kHousehold,
    kName,
    kSex,
    kBirth,
    kRelation,
    kDisability,
    kSelfCare,
    kIllness,
    kStudent,
    kIncome,
    kChildStatus
  };
  static constexpr ColumnSpec kColumns[] = {{"person_id", true},
                                            {"household_id", true},
                                            {"name", true},
                                            {"sex", true},
                                            {"birth_date", true},
                                            {"relation", true},
                                            {"disability_grade", false},
                                            {"self_care", false},
                                            {"serious_illness", false},
                                            {"student", false},
                                            {"declared_income", true},
                                            {"child_status", false}};
  absl::flat_hash_map<std::string_view, uint32_t> household_row;
  household_row.reserve(households.size());
  for (size_t h = 0; h < households.size(); ++h)
    household_row.emplace(households.household_id[h], h);

  // Accepted rows in file order; stored grouped by household afterwards.
  struct PersonRow {
    PackedId id;
    uint32_t household;
    std::string name;  // a copy: the row's fields do not outlive the row
    Sex sex;
    Days birth;
    Relation relation;
    uint8_t disability, illness, student;
    SelfCare self_care;
    Fen income;
    ChildStatus child_status;
  };
  std::vector<PersonRow> rows;
  absl::flat_hash_set<PackedId> seen;
  RETURN_IF_ERROR(ForEachRow(in, kColumns, result, [&](RowFields& row) {
    PersonRow p{};
    p.id = row.ResidentId(kId);
    std::string_view household_id = row.Text(kHousehold, 32);
    std::string_view name = row.Text(kName);
    auto sex = row.Code(kSex, SexNames());
    p.birth = row.Date(kBirth);
    auto relation = row.Code(kRelation, RelationNames());
    p.disability = row.Digit(kDisability, 4);
    auto self_care = row.Code(kSelfCare, SelfCareNames());
    p.illness = row.Digit(kIllness, 1);
    p.student = row.Digit(kStudent, 1);
    p.income = row.Money(kIncome);
    auto child_status = row.Code(kChildStatus, ChildStatusNames());
    CheckBirthDate(row, kBirth, p.id, p.birth);
    if (!row.ok()) return;
    auto household = household_row.find(household_id);
    if (household == household_row.end()) {
      row.Fail(kHousehold, RejectKind::kUnknownHousehold,
               "no imported household has this household_id");
      return;
    }
    if (!seen.insert(p.id).second) {
      row.Fail(kId, RejectKind::kDuplicateKey, "person_id of an earlier row");
      return;
    }
    p.household = household->second;
    p.name = name;
    p.sex = static_cast<Sex>(*sex);
    p.relation = static_cast<Relation>(*relation);
    p.self_care = static_cast<SelfCare>(*self_care);
    p.child_status = static_cast<ChildStatus>(*child_status);
    rows.push_back(std::move(p));
  }));
  std::stable_sort(rows.begin(), rows.end(), [](const PersonRow& a, const PersonRow& b) {
    return a.household < b.household;
  });
  for (const PersonRow& p : rows) {
    out.person_id.push_back(p.id);
    out.household_row.push_back(p.household);
    out.name.push_back(p.name);
    out.sex.push_back(p.sex);
    out.birth_date.push_back(p.birth);
    out.relation.push_back(p.relation);
    out.disability_grade.push_back(p.disability);
    out.self_care.push_back(p.self_care);
    out.serious_illness.push_back(p.illness);
    out.student.push_back(p.student);
    out.declared_income.push_back(p.income);
    out.child_status.push_back(p.child_status);
  }
  return absl::OkStatus();
}

absl::Status ImportElderly(const FileInput& in, ElderlyTable& out, FileOutput& result) {
  enum {
    kId,
    kName,
    kBirth,
    kDistrict,
    kTown,
    kVillage,
    kArea,
    kLiving,
    kAbility,
    kShidu,
    kPension,
    kAllowance,
    kLastVisit
  };
  static constexpr ColumnSpec kColumns[] = {
      {"person_id", true},     {"name", true},    {"birth_date", true}, {"district", true},
      {"town", true},          {"village", true}, {"area", true},       {"living", true},
      {"ability_level", true}, {"shidu", false},  {"pension", true},    {"age_allowance", false},
      {"last_visit", false}};
  absl::flat_hash_set<PackedId> seen;
  return ForEachRow(in, kColumns, result, [&](RowFields& row) {
    PackedId id = row.ResidentId(kId);
    std::string_view name = row.Text(kName);
    Days birth = row.Date(kBirth);
    int32_t district = row.District(kDistrict);
    std::string_view town = row.Text(kTown);
    std::string_view village = row.Text(kVillage);
    auto area = row.Code(kArea, AreaNames());
    auto living = row.Code(kLiving, LivingNames());
    uint8_t ability = row.Digit(kAbility, 4);
    uint8_t shidu = row.Digit(kShidu, 1);
    Fen pension = row.Money(kPension);
    uint8_t allowance = row.Digit(kAllowance, 1);
    Days last_visit = row.Date(kLastVisit);
    CheckBirthDate(row, kBirth, id, birth);
    if (row.ok() && !seen.insert(id).second) {
      row.Fail(kId, RejectKind::kDuplicateKey, "person_id of an earlier row");
    }
    if (!row.ok()) return;
    out.person_id.push_back(id);
    out.name.push_back(name);
    out.birth_date.push_back(birth);
    out.district.push_back(district);
    out.town.push_back(town);
    out.village.push_back(village);
    out.area.push_back(static_cast<Area>(*area));
    out.living.push_back(static_cast<Living>(*living));
    out.ability_level.push_back(ability);
    out.shidu.push_back(shidu);
    out.pension.push_back(pension);
    out.age_allowance.push_back(allowance);
    out.last_visit.push_back(last_visit);
  });
}

absl::Status ImportSignals(const FileInput& in, SignalTable& out, FileOutput& result) {
  enum { kId, kSource, kType, kPerson, kDate, kAmount, kInpatient, kDetail };
  static constexpr ColumnSpec kColumns[] = {
      {"signal_id", true},  {"source", true},  {"type", true},       {"person_id", true},
      {"event_date", true}, {"amount", false}, {"inpatient", false}, {"detail", false}};
  absl::flat_hash_set<std::string> seen;  // copies, as for households
  return ForEachRow(in, kColumns, result, [&](RowFields& row) {
    std::string_view id = row.Text(kId, 64);
    std::string_view source = row.Text(kSource, 64);
    auto type_code = row.Code(kType, SignalTypeNames());
    PackedId person = row.ResidentId(kPerson);
    Days date = row.Date(kDate);
    int64_t amount = 0;
    if (row.ok()) {
      SignalType type = static_cast<SignalType>(*type_code);
      bool amount_ignored = type == SignalType::kDeath || type == SignalType::kUnemployment;
      if (!amount_ignored && row.Text(kAmount).empty() && row.ok()) {
        row.Fail(kAmount, RejectKind::kMissingValue,
                 Cat("a ", SignalTypeNames()[*type_code], " signal needs an amount"));
      }
      if (type == SignalType::kProperty) {
        amount = row.WholeNumber(kAmount);
      } else {
        amount = row.Money(kAmount);  // validated even where ignored
        if (amount_ignored) amount = 0;
      }
    }
    uint8_t inpatient = row.Digit(kInpatient, 1);
    std::string_view detail = row.Text(kDetail);
    if (row.ok() && !seen.emplace(id).second) {
      row.Fail(kId, RejectKind::kDuplicateKey, "signal_id of an earlier row");
    }
    if (!row.ok()) return;
    out.signal_id.push_back(id);
    out.source.push_back(source);
    out.type.push_back(static_cast<SignalType>(*type_code));
    out.person_id.push_back(person);
    out.event_date.push_back(date);
    out.amount.push_back(amount);
    out.inpatient.push_back(inpatient);
    out.detail.push_back(detail);
  });
}

}  // namespace safetynet::import_internal
