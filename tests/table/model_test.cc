// The data model's declarations against the contract: the exchange files'
// columns (docs/exchange-format.md) and the fields rules read
// (docs/rule-language.md). A change to model.h that changes either shows
// here; so does a table whose columns disagree.
#include "engine/table/model.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/lang/schema.h"
#include "engine/table/dataset.h"

namespace safetynet {
namespace {

std::vector<std::string> ExchangeColumns(Entity entity) {
  std::vector<std::string> names;
  for (const ColumnInfo& info : ColumnsOf(entity)) {
    if (info.in_exchange()) {
      names.push_back(std::string(info.exchange_name()) + (info.required() ? "*" : ""));
    }
  }
  return names;
}

TEST(Model, TheExchangeFilesColumnsAreTheSpecs) {  // * required
  EXPECT_EQ(
      ExchangeColumns(Entity::kHousehold),
      (std::vector<std::string>{"household_id*", "district*", "town*", "village*", "area*",
                                "category*", "tekun_mode", "enrolled_date", "current_payment*"}));
  EXPECT_EQ(
      ExchangeColumns(Entity::kPerson),
      (std::vector<std::string>{"person_id*", "household_id*", "name*", "sex*", "birth_date*",
                                "relation*", "disability_grade", "self_care", "serious_illness",
                                "student", "declared_income*", "child_status"}));
  EXPECT_EQ(ExchangeColumns(Entity::kElderly),
            (std::vector<std::string>{"person_id*", "name*", "birth_date*", "district*", "town*",
                                      "village*", "area*", "living*", "ability_level*", "shidu",
                                      "pension*", "age_allowance", "last_visit"}));
  EXPECT_EQ(ExchangeColumns(Entity::kSignal),
            (std::vector<std::string>{"signal_id*", "source*", "type*", "person_id*", "event_date*",
                                      "amount", "inpatient", "detail"}));
}

TEST(Model, TheFieldsRulesReadAndTheirTypes) {
  std::vector<std::string> fields;
  for (const lang::FieldInfo& field : lang::Fields()) {
    fields.push_back(std::string(EntityName(field.entity)) + "." + std::string(field.name) + ": " +
                     lang::TypeName(field.type));
  }
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "household.district: int",
                        "household.area: AREA code",
                        "household.category: CATEGORY code",
                        "household.tekun_mode: TEKUN_MODE code",
                        "household.enrolled_date: date",
                        "household.current_payment: money",
                        "household.rejected_member_rows: int",
                        "person.sex: SEX code",
                        "person.birth_date: date",
                        "person.relation: RELATION code",
                        "person.disability_grade: int",
                        "person.self_care: SELF_CARE code",
                        "person.serious_illness: bool",
                        "person.student: bool",
                        "person.declared_income: money",
                        "person.child_status: CHILD_STATUS code",
                        "person.rejected_signal_rows: int",
                        "person.rejected_death_reports: int",
                        "person.rejected_elderly_rows: int",
                        "person.rejected_person_rows: int",
                        "elderly.birth_date: date",
                        "elderly.district: int",
                        "elderly.area: AREA code",
                        "elderly.living: LIVING code",
                        "elderly.ability_level: int",
                        "elderly.shidu: bool",
                        "elderly.pension: money",
                        "elderly.age_allowance: bool",
                        "elderly.last_visit: date",
                        "elderly.rejected_signal_rows: int",
                        "elderly.rejected_death_reports: int",
                        "elderly.rejected_elderly_rows: int",
                        "elderly.rejected_person_rows: int",
                        "signal.type: SIGNAL_TYPE code",
                        "signal.event_date: date",
                        "signal.amount: money",
                        "signal.inpatient: bool",
                    }));
  for (size_t i = 0; i < lang::Fields().size(); ++i) {
    EXPECT_EQ(lang::FieldOf(static_cast<lang::Field>(i)).name, lang::Fields()[i].name);
  }
}

TEST(Model, EachTableVisitsItsDeclaredColumnsInOrder) {
  Dataset d;
  ForEachTable(d, [](Entity entity, const auto& table) {
    std::vector<std::string_view> visited;
    ForEachColumn(table,
                  [&](const ColumnInfo& info, const auto&) { visited.push_back(info.name); });
    std::vector<std::string_view> declared;
    for (const ColumnInfo& info : ColumnsOf(entity)) declared.push_back(info.name);
    EXPECT_EQ(visited, declared) << TableName(entity);
  });
}

// The largest value column `name` of `entity` may hold (0 if it is not one byte).
int MaxCode(Entity entity, std::string_view name) {
  for (const ColumnInfo& info : ColumnsOf(entity)) {
    if (info.name == name) return info.max_code();
  }
  return -1;
}

TEST(Model, OneByteColumnsAreBoundedByTheirCodes) {
  EXPECT_EQ(MaxCode(Entity::kHousehold, "category"), 4);  // NONE .. MONITORED
  EXPECT_EQ(MaxCode(Entity::kHousehold, "district"), 0);
  EXPECT_EQ(MaxCode(Entity::kElderly, "ability_level"), 4);
  EXPECT_EQ(MaxCode(Entity::kElderly, "shidu"), 1);
  EXPECT_EQ(MaxCode(Entity::kSignal, "type"), 7);  // INCOME .. UNEMPLOYMENT
}

TEST(Model, PaddedColumnsAgreeAndARaggedTableIsNamed) {
  Dataset d;
  d.elderly.person_id.push_back(110101194001010010ull);
  d.elderly.name.push_back("x");
  EXPECT_EQ(d.elderly.shidu.size(), 0u);
  absl::Status ragged = BuildIndexes(d);
  ASSERT_FALSE(ragged.ok());
  EXPECT_EQ(ragged.message(), "elderly column birth_date has 0 rows, the table 1");
  PadColumns(d.elderly);
  EXPECT_EQ(d.elderly.shidu, std::vector<uint8_t>{0});
  EXPECT_EQ(d.elderly.town[0], "");
  EXPECT_EQ(d.elderly.last_visit, std::vector<Days>{kNoDate});
  EXPECT_TRUE(BuildIndexes(d).ok());
  EXPECT_EQ(d.elderly_person_row, std::vector<uint32_t>{kNoRow});
}

}  // namespace
}  // namespace safetynet
