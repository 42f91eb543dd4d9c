// The reference data sets of tests/data (copied from the spec's examples):
// tiny imports whole; tiny-dirty's bad rows are exactly those its
// expected-rejects.csv lists, and what remains is tiny.
#include "tests/support/reference_data.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>
#include <string>
#include <tuple>

#include "engine/io/csv_reader.h"
#include "engine/io/files.h"
#include "engine/io/import.h"

namespace safetynet {
namespace {

const std::string kData = SAFETYNET_TEST_DATA;

ImportResult MustImport(const std::string& folder) {
  auto result = ImportExchangeDirectory(kData + "/" + folder, {});
  EXPECT_TRUE(result.ok()) << result.status();
  return std::move(*result);
}

TEST(ReferenceData, TinyImportsWhole) {
  ImportResult result = MustImport("tiny");
  EXPECT_TRUE(result.rejects.empty());
  EXPECT_EQ(result.dataset->households.size(), 200u);
  EXPECT_EQ(result.dataset->persons.size(), 466u);
  EXPECT_EQ(result.dataset->elderly.size(), 1000u);
  EXPECT_EQ(result.dataset->signals.size(), 3000u);
}

TEST(ReferenceData, TinyDirtyRejectsExactlyTheListedRows) {
  std::string listing;
  ASSERT_TRUE(ReadWholeFile(kData + "/tiny-dirty/expected-rejects.csv", listing).ok());
  using Place = std::tuple<std::string, size_t>;
  std::set<Place> must_reject, must_import;
  std::set<std::tuple<std::string, size_t, std::string>> must_reject_kinds;
  CsvReader reader(listing);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(record));  // file,line,kind,reject
  while (reader.Next(record)) {
    ASSERT_EQ(record.fields.size(), 4u);
    Place place{std::string(record.fields[0]), std::stoul(std::string(record.fields[1]))};
    if (record.fields[3] == "1") {
      must_reject.insert(place);
      must_reject_kinds.emplace(std::get<0>(place), std::get<1>(place), record.fields[2]);
    } else {
      must_import.insert(place);
    }
  }
  ASSERT_GT(must_reject.size(), 300u);

  ImportResult result = MustImport("tiny-dirty");
  std::set<Place> rejected;
  std::set<std::tuple<std::string, size_t, std::string>> rejected_kinds;
  for (const Reject& reject : result.rejects) {
    rejected.emplace(reject.file, reject.line);
    rejected_kinds.emplace(reject.file, reject.line, RejectKindName(reject.kind));
  }
  EXPECT_EQ(rejected, must_reject);
  // The kinds named in the listing are the importer's kind names.
  EXPECT_EQ(rejected_kinds, must_reject_kinds);
  for (const Place& place : must_import) {
    EXPECT_FALSE(rejected.count(place)) << std::get<0>(place) << ":" << std::get<1>(place);
  }
  for (const FileCounts& file : result.files) {
    EXPECT_EQ(file.rows, file.imported + file.rejected) << file.file;
  }
}

TEST(ReferenceData, TinyDirtyLessItsBadRowsIsTiny) {
  ImportResult clean = MustImport("tiny");
  ImportResult dirty = MustImport("tiny-dirty");
  // The dirty set has awkward free text (quotes, commas, line breaks) in
  // names and details; every other value must be the same.
  Dataset& d = *dirty.dataset;
  EXPECT_FALSE(d.persons.name == clean.dataset->persons.name);
  EXPECT_NE(d.signals.detail[333].find('\n'), std::string_view::npos);
  d.persons.name = clean.dataset->persons.name;
  d.elderly.name = clean.dataset->elderly.name;
  d.signals.detail = clean.dataset->signals.detail;
  // Its rejected rows that still name a household or resident are counted
  // on them (the clean set's counts are all 0); the rest is the same.
  auto sum = [](const std::vector<uint32_t>& column) {
    return std::accumulate(column.begin(), column.end(), size_t{0});
  };
  EXPECT_EQ(sum(clean.dataset->households.rejected_member_rows), 0u);
  EXPECT_EQ(sum(d.households.rejected_member_rows), dirty.files[1].attributed);
  EXPECT_GT(dirty.files[1].attributed, 0u);
  EXPECT_GT(dirty.files[3].attributed, 0u);
  EXPECT_GE(sum(d.persons.rejected_signal_rows) + sum(d.elderly.rejected_signal_rows),
            dirty.files[3].attributed);
  testing::ClearRejectedCounts(d);
  EXPECT_TRUE(clean.dataset->households == dirty.dataset->households);
  EXPECT_TRUE(clean.dataset->persons == dirty.dataset->persons);
  EXPECT_TRUE(clean.dataset->elderly == dirty.dataset->elderly);
  EXPECT_TRUE(clean.dataset->signals == dirty.dataset->signals);
}

}  // namespace
}  // namespace safetynet
