#include "engine/table/dataset.h"

#include <gtest/gtest.h>

namespace safetynet {
namespace {

// A household with the given id and empty other columns.
void AddHousehold(Dataset& d, std::string_view id) {
  d.households.household_id.push_back(id);
  PadColumns(d.households);
}

// A member of household row `household`, with empty other columns.
void AddPerson(Dataset& d, PackedId id, uint32_t household) {
  d.persons.person_id.push_back(id);
  d.persons.household_row.push_back(household);
  PadColumns(d.persons);
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

TEST(StringColumn, BlocksSetInAnyOrderTileTheColumn) {
  StringColumn column;
  column.ResizeForBlocks(3, 6);
  const uint32_t second[] = {1};
  const uint32_t first[] = {2, 3};
  column.SetBlock(2, 5, "f", std::string_view(reinterpret_cast<const char*>(second), 4));
  column.SetBlock(0, 0, "abcde", std::string_view(reinterpret_cast<const char*>(first), 8));
  ASSERT_EQ(column.size(), 3u);
  EXPECT_EQ(column[0], "ab");
  EXPECT_EQ(column[1], "cde");
  EXPECT_EQ(column[2], "f");
  EXPECT_EQ(column.bytes(), 6u);
}

}  // namespace
}  // namespace safetynet
