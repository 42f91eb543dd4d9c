#include "engine/synth/synth.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>
#include <vector>

#include "engine/io/exchange_export.h"
#include "engine/io/files.h"
#include "engine/io/import.h"
#include "engine/lang/rule_set.h"
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

// The standards of rules/weihai with each `from` text replaced by its `to`,
// compiled with a rule file that reads none of them.
std::unique_ptr<lang::Program> WeihaiStandardsWith(
    const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text;
  EXPECT_TRUE(
      ReadWholeFile(std::string(SAFETYNET_RULES_DIR) + "/weihai/weihai.standards", text).ok());
  for (const auto& [from, to] : edits) {
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
  }
  lang::RuleSources sources;
  sources.rules.push_back({"t.rules", "for household:\n  let paid = current_payment > 0\n"});
  sources.standards.push_back({"weihai.standards", text});
  auto program = lang::CompileRules(std::move(sources));
  EXPECT_TRUE(program.ok()) << program.status();
  return program.ok() ? std::move(*program) : std::make_unique<lang::Program>();
}

TEST(Synth, ReadsTheStandardsItNeedsByName) {
  const Days as_of = SynthOptions{}.as_of;
  auto read = [&](const std::vector<std::pair<std::string, std::string>>& edits) {
    return ReadSynthStandards(WeihaiStandardsWith(edits)->standards, as_of);
  };
  auto missing = read({{"param risk.disaster_abs: money\n  2020-07-01: 10000\n", ""}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "the standards define no parameter risk.disaster_abs (money), which synth aims its "
            "boundary cases at (docs/standards.md)");
  auto mistyped = read({{"param visit.special_days: int", "param visit.special_days: money"}});
  ASSERT_FALSE(mistyped.ok());
  EXPECT_NE(mistyped.status().message().find(
                "parameter visit.special_days is money; synth reads it as int, one value"),
            std::string::npos)
      << mistyped.status();
  auto per_area =
      read({{"param care.base_wage: money", "param care.base_wage: money per area"},
            {"2020-07-01: 1910\n  2021-10-01: 2100",
             "2020-07-01: urban 1910, rural 1900\n  2021-10-01: urban 2100, rural 2000"}});
  ASSERT_FALSE(per_area.ok());
  EXPECT_NE(per_area.status().message().find(
                "parameter care.base_wage is money per area; synth reads it as money, one value "
                "for both areas"),
            std::string::npos)
      << per_area.status();
  auto too_early =
      ReadSynthStandards(testing::WeihaiRules()->standards, DaysFromCivil({2019, 1, 1}));
  ASSERT_FALSE(too_early.ok());
  EXPECT_NE(too_early.status().message().find("has no value in force on 2019-01-01"),
            std::string::npos);
  // In force on the as-of date, derived ones included.
  const SynthStandards weihai = testing::WeihaiSynthStandards(as_of);
  EXPECT_EQ(weihai.dibao[static_cast<int>(Area::kRural)], 85000);
  EXPECT_EQ(weihai.tekun_basic[static_cast<int>(Area::kUrban)], 116000);
  EXPECT_EQ(weihai.care_base_wage, 210000);
  EXPECT_EQ(testing::WeihaiSynthStandards(DaysFromCivil({2025, 7, 1})).dibao[0], 94000);
}

TEST(Synth, BoundaryCasesFollowTheStandards) {
  // A vehicle exemption of 40,000 yuan from 2025 and high-risk visits every 10 days.
  auto program =
      WeihaiStandardsWith({{"2020-07-01: 30000\n", "2020-07-01: 30000\n  2025-01-01: 40000\n"},
                           {"2020-07-01: 7\n", "2020-07-01: 10\n"}});
  const SynthOptions options = Sized(3000, 6000, 30000, 1);
  auto standards = ReadSynthStandards(program->standards, options.as_of);
  ASSERT_TRUE(standards.ok()) << standards.status();
  EXPECT_EQ(standards->vehicle_exempt, 4000000);
  auto dataset = Synthesize(options, *standards);
  ASSERT_TRUE(dataset.ok()) << dataset.status();
  const Dataset& d = **dataset;
  std::multiset<Fen> vehicles;
  for (size_t r = 0; r < d.signals.size(); ++r) {
    if (d.signals.type[r] == SignalType::kVehicle) vehicles.insert(d.signals.amount[r]);
  }
  EXPECT_GT(vehicles.count(4000000), 0u);
  EXPECT_GT(vehicles.count(4000001), 0u);
  EXPECT_EQ(vehicles.count(3000000), 0u);
  std::multiset<Days> visits(d.elderly.last_visit.begin(), d.elderly.last_visit.end());
  EXPECT_GT(visits.count(options.as_of - 10), 0u);
  EXPECT_GT(visits.count(options.as_of - 11), 0u);
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
  // And the good rows are all still there; bad rows that still name someone
  // are counted on them (docs/import.md).
  EXPECT_GT(imported->files[1].attributed, 0u);
  testing::ClearRejectedCounts(*imported->dataset);
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
  EXPECT_GT(count_elderly(
                [&](size_t r) { return e.last_visit[r] == D - standards.high_risk_visit_days; }),
            0u);
  EXPECT_GT(
      count_elderly([&](size_t r) { return e.last_visit[r] == D - standards.special_visit_days; }),
      0u);
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
              return s.type[r] == SignalType::kVehicle && s.amount[r] == standards.vehicle_exempt;
            }),
            0u);
  EXPECT_GT(count_signals([&](size_t r) {
              return s.type[r] == SignalType::kDisaster && s.amount[r] == standards.disaster_risk;
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
