#include "engine/table/dataset.h"

#include <gtest/gtest.h>

namespace safetynet {
namespace {

void AddHousehold(Dataset& d, std::string_view id) {
  HouseholdTable& h = d.households;
  h.household_id.push_back(id);
  h.district.push_back(371002);
  h.town.push_back("t");
  h.village.push_back("v");
  h.area.push_back(Area::kUrban);
  h.category.push_back(Category::kNone);
  h.tekun_mode.push_back(TekunMode::kNone);
  h.enrolled_date.push_back(kNoDate);
  h.current_payment.push_back(0);
}

void AddPerson(Dataset& d, PackedId id, uint32_t household) {
  PersonTable& p = d.persons;
  p.person_id.push_back(id);
  p.household_row.push_back(household);
  p.name.push_back("n");
  p.sex.push_back(Sex::kMale);
  p.birth_date.push_back(0);
  p.relation.push_back(Relation::kHead);
  p.disability_grade.push_back(0);
  p.self_care.push_back(SelfCare::kFull);
  p.serious_illness.push_back(0);
  p.student.push_back(0);
  p.declared_income.push_back(0);
  p.child_status.push_back(ChildStatus::kNone);
}

TEST(BuildIndexes, MemberRangesIncludingEmptyHouseholds) {
  Dataset d;
  AddHousehold(d, "A");
  AddHousehold(d, "B");  // no members
  AddHousehold(d, "C");
  AddPerson(d, 10, 0);
  AddPerson(d, 11, 0);
  AddPerson(d, 12, 2);
  ASSERT_TRUE(BuildIndexes(d).ok());
  EXPECT_EQ(d.households.member_begin, (std::vector<uint32_t>{0, 2, 2, 3}));
  EXPECT_EQ(d.household_row_of.at("C"), 2u);
  EXPECT_EQ(d.person_row_of.at(12), 2u);
}

TEST(BuildIndexes, RefusesUngroupedMembersAndRepeatedIds) {
  Dataset ungrouped;
  AddHousehold(ungrouped, "A");
  AddHousehold(ungrouped, "B");
  AddPerson(ungrouped, 10, 1);
  AddPerson(ungrouped, 11, 0);
  EXPECT_FALSE(BuildIndexes(ungrouped).ok());

  Dataset repeated;
  AddHousehold(repeated, "A");
  AddPerson(repeated, 10, 0);
  AddPerson(repeated, 10, 0);
  EXPECT_FALSE(BuildIndexes(repeated).ok());

  Dataset out_of_range;
  AddHousehold(out_of_range, "A");
  AddPerson(out_of_range, 10, 5);
  EXPECT_FALSE(BuildIndexes(out_of_range).ok());
}

TEST(StringColumn, AppendBlockChecksLengths) {
  StringColumn column;
  uint32_t lengths[] = {2, 3};
  EXPECT_TRUE(column.AppendBlock("abcde", lengths, 2));
  EXPECT_EQ(column[0], "ab");
  EXPECT_EQ(column[1], "cde");
  EXPECT_FALSE(column.AppendBlock("abcd", lengths, 2));
}

}  // namespace
}  // namespace safetynet
