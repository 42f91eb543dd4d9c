#include "engine/synth/synth.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/io/exchange_export.h"
#include "engine/io/import.h"
#include "engine/synth/dirty.h"
#include "tests/support/reference_data.h"

namespace safetynet::synth {
namespace {

SynthOptions Sized(size_t households, size_t elderly, size_t signals, uint64_t seed) {
  SynthOptions options;
  options.households = households;
  options.elderly = elderly;
  options.signals = signals;
  options.seed = seed;
  return options;
}

TEST(Synth, SameSeedSameData) {
  auto a = testing::Synthesized(Sized(300, 800, 4000, 7));
  auto b = testing::Synthesized(Sized(300, 800, 4000, 7));
  auto c = testing::Synthesized(Sized(300, 800, 4000, 8));
  EXPECT_TRUE(SameTables(*a, *b));
  EXPECT_FALSE(SameTables(*a, *c));
  EXPECT_EQ(ExportExchangeFiles(*a).signals, ExportExchangeFiles(*b).signals);
}

TEST(Synth, PresetSizes) {
  auto city = FindPreset("city");
  ASSERT_TRUE(city.has_value());
  EXPECT_EQ(city->households, 150000u);
  EXPECT_EQ(city->elderly, 665000u);
  EXPECT_EQ(city->signals, 1500000u);
  EXPECT_EQ(FindPreset("province")->households, 1500000u);
  EXPECT_FALSE(FindPreset("country").has_value());
  SynthOptions quarter = OptionsFor(*city, 0.25, 3);
  EXPECT_EQ(quarter.households, 37500u);
}

TEST(Synth, ExportedCsvImportsBackToTheSameTables) {
  auto dataset = testing::Synthesized(Sized(400, 900, 5000, 11));
  auto imported = ImportExchangeFiles(ExportExchangeFiles(*dataset), {});
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_TRUE(imported->rejects.empty());
  EXPECT_TRUE(dataset->households == imported->dataset->households);
  EXPECT_TRUE(dataset->persons == imported->dataset->persons);
  EXPECT_TRUE(dataset->elderly == imported->dataset->elderly);
  EXPECT_TRUE(dataset->signals == imported->dataset->signals);
}

TEST(Synth, DirtyRowsAreRejectedExactlyAsListed) {
  auto dataset = testing::Synthesized(Sized(300, 800, 4000, 5));
  ExchangeFiles files = ExportExchangeFiles(*dataset);
  std::vector<BadRow> bad_rows = AddBadRows(*dataset, files, 5, 4);
  std::set<RejectKind> kinds;
  for (const BadRow& row : bad_rows) kinds.insert(row.kind);
  EXPECT_EQ(kinds.size(), 13u);  // every RejectKind

  auto imported = ImportExchangeFiles(files, {});
  ASSERT_TRUE(imported.ok()) << imported.status();
  std::set<std::tuple<std::string, size_t, RejectKind>> expected, got;
  for (const BadRow& row : bad_rows) expected.emplace(row.file, row.line, row.kind);
  for (const Reject& reject : imported->rejects) got.emplace(reject.file, reject.line, reject.kind);
  EXPECT_EQ(got, expected);
  // And the good rows are all still there.
  EXPECT_TRUE(dataset->signals == imported->dataset->signals);
  EXPECT_TRUE(dataset->persons == imported->dataset->persons);
}

// The boundary cases the rules need are present (a few thousand households
// are enough for each to occur).
TEST(Synth, BoundaryCasesOccur) {
  SynthOptions options = Sized(3000, 6000, 30000, 1);
  auto d = testing::Synthesized(options);
  const Days D = options.as_of;
  const SynthStandards standards = testing::WeihaiSynthStandards(D);
  auto count_elderly = [&](auto predicate) {
    size_t n = 0;
    for (size_t r = 0; r < d->elderly.size(); ++r) n += predicate(r) ? 1 : 0;
    return n;
  };
  auto count_signals = [&](auto predicate) {
    size_t n = 0;
    for (size_t r = 0; r < d->signals.size(); ++r) n += predicate(r) ? 1 : 0;
    return n;
  };
  const auto& e = d->elderly;
  const auto& s = d->signals;
  EXPECT_GT(count_elderly([&](size_t r) { return e.last_visit[r] == D - 7; }), 0u);
  EXPECT_GT(count_elderly([&](size_t r) { return e.last_visit[r] == D - 30; }), 0u);
  EXPECT_GT(count_elderly([&](size_t r) { return e.last_visit[r] == kNoDate; }), 0u);
  EXPECT_GT(count_elderly([&](size_t r) { return e.last_visit[r] > D; }), 0u);
  EXPECT_GT(count_elderly([&](size_t r) {
              return e.birth_date[r] == DaysFromCivil({1945, 6, 30});
            }),
            0u);
  EXPECT_GT(count_elderly([&](size_t r) {
              return e.birth_date[r] == DaysFromCivil({1945, 7, 1});
            }),
            0u);
  EXPECT_GT(count_elderly([&](size_t r) {
              return e.pension[r] == standards.dibao[0] && e.area[r] == Area::kUrban;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kIncome && s.event_date[r] == D - 90;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kIncome && s.event_date[r] == D - 89;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kMedical && s.inpatient[r] &&
                     s.event_date[r] == D - 30;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kMedical && s.event_date[r] == D - 365;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kVehicle && s.amount[r] == 3000000;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kDisaster && s.amount[r] == 1000000;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) { return s.type[r] == SignalType::kDeath; }), 0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kUnemployment && s.event_date[r] == D - 90;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) { return s.event_date[r] > D; }), 0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return !d->person_row_of.contains(s.person_id[r]) &&
                     !d->elderly_row_of.contains(s.person_id[r]);
            }),
            0u);
  // Households whose declared per-capita income is exactly the line.
  size_t on_the_line = 0;
  const auto& h = d->households;
  for (size_t row = 0; row < h.size(); ++row) {
    Fen total = 0;
    const uint32_t begin = h.member_begin[row], end = h.member_begin[row + 1];
    for (uint32_t p = begin; p < end; ++p) total += d->persons.declared_income[p];
    Fen line = standards.dibao[static_cast<int>(h.area[row])];
    on_the_line += total == line * static_cast<Fen>(end - begin) ? 1 : 0;
  }
  EXPECT_GT(on_the_line, 0u);
  // Every category, living arrangement and signal type occurs.
  std::set<Category> categories(h.category.begin(), h.category.end());
  EXPECT_EQ(categories.size(), 5u);
  std::set<Living> living(e.living.begin(), e.living.end());
  EXPECT_EQ(living.size(), 4u);
  std::set<SignalType> types(s.type.begin(), s.type.end());
  EXPECT_EQ(types.size(), 8u);
  std::set<ChildStatus> children(d->persons.child_status.begin(), d->persons.child_status.end());
  EXPECT_EQ(children.size(), 5u);
}

}  // namespace
}  // namespace safetynet::synth
