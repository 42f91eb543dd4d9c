// The what-if model against a reference: every answer equals what two whole
// evaluations (old and new standards, nothing shared) and a comparison of
// the entitlement records as text give -- the way recalc worked before the
// model -- on the reference data (tiny) and on synthetic data of the size
// of the "small" preset, for several --set changes and a --to date; without
// the lists the figures are the same; answers from several threads at once
// are the same as one at a time.
#include "engine/monitor/what_if_model.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "engine/exec/evaluator.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/records.h"
#include "engine/table/links.h"
#include "tests/support/reference_data.h"

namespace safetynet::monitor {
namespace {

using lang::Entity;

struct Reference {
  std::vector<AmountChange> changes;
  std::vector<EligibilityChange> eligibility;
  std::vector<DistrictImpact> districts;
  std::vector<Coverage> covered, covered_before;
};

struct Tally {
  std::set<uint32_t> households;
  std::set<PackedId> persons;
  Fen monthly_old = 0, monthly_new = 0;
};

struct Cover {
  size_t households = 0, persons = 0;
  Fen monthly = 0;
};

// Independent of the model: whole evaluations, records compared as text.
Reference ReferenceRecalc(const lang::Program& program, const Dataset& data, Days as_of,
                          const WhatIfQuestion& question) {
  Reference ref;
  const auto old_standards = lang::Resolve(program.standards, as_of);
  const auto new_standards =
      lang::Resolve(program.standards, question.to.value_or(as_of), question.overrides);
  EXPECT_TRUE(old_standards.ok() && new_standards.ok());
  SignalIndex index(data, as_of);
  const exec::RunResult old_result = exec::Evaluate(program, data, index, *old_standards, as_of);
  const exec::RunResult new_result = exec::Evaluate(program, data, index, *new_standards, as_of);
  const SubjectKeys keys(data);
  const std::vector<EntitlementRecord> before = EntitlementRecords(program, data, keys, old_result);
  const std::vector<EntitlementRecord> after = EntitlementRecords(program, data, keys, new_result);
  using Key = std::tuple<std::string_view, std::string, std::string_view>;
  std::map<Key, std::pair<const EntitlementRecord*, const EntitlementRecord*>> both;
  for (const EntitlementRecord& r : before) both[{r.subject_kind, r.subject_id, r.kind}].first = &r;
  for (const EntitlementRecord& r : after) both[{r.subject_kind, r.subject_id, r.kind}].second = &r;
  std::map<int32_t, Tally> tallies;
  std::map<int32_t, Cover> now, then;
  for (int32_t d : data.households.district) tallies[d], now[d], then[d];
  for (int32_t d : data.elderly.district) tallies[d], now[d], then[d];
  Tally city;
  const HouseholdTable& h = data.households;
  const std::vector<int64_t>& dead = old_result.columns[program.deceased].num;
  for (const auto& [key, pair] : both) {
    const auto [a, b] = pair;
    const Fen old_amount = a ? a->amount : 0, new_amount = b ? b->amount : 0;
    if (old_amount == new_amount) continue;
    ref.changes.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), old_amount,
                           new_amount, new_amount - old_amount});
    const EntitlementRecord& r = b ? *b : *a;
    for (Tally* t : {&tallies[r.district], &city}) {
      if (r.entity == Entity::kElderly) {
        t->persons.insert(data.elderly.person_id[r.row]);
        continue;
      }
      const uint32_t household = HouseholdOf(data, r.entity, r.row);
      t->households.insert(household);
      if (r.entity == Entity::kPerson) {
        t->persons.insert(data.persons.person_id[r.row]);
        continue;
      }
      for (uint32_t p = h.member_begin[household]; p < h.member_begin[household + 1]; ++p) {
        if (dead[p] != 1) t->persons.insert(data.persons.person_id[p]);
      }
    }
  }
  for (const EntitlementRecord& r : before) {
    tallies[r.district].monthly_old += r.amount, city.monthly_old += r.amount;
    then[r.district].monthly += r.amount;
  }
  for (const EntitlementRecord& r : after) {
    tallies[r.district].monthly_new += r.amount, city.monthly_new += r.amount;
    now[r.district].monthly += r.amount;
  }
  const std::vector<int64_t>& was = old_result.columns[program.eligibility].num;
  const std::vector<int64_t>& is = new_result.columns[program.eligibility].num;
  for (uint32_t row = 0; row < h.size(); ++row) {
    size_t living = 0;
    for (uint32_t p = h.member_begin[row]; p < h.member_begin[row + 1]; ++p) living += dead[p] != 1;
    if (was[row] == 1) ++then[h.district[row]].households, then[h.district[row]].persons += living;
    if (is[row] == 1) ++now[h.district[row]].households, now[h.district[row]].persons += living;
    if ((was[row] == 1) == (is[row] == 1)) continue;
    const Place place = PlaceOf(data, Entity::kHousehold, row);
    EligibilityChange e{std::string(h.household_id[row]), is[row] == 1, place.district,
                        std::string(place.town), std::string(place.village)};
    for (const EntitlementRecord& r : before) {
      if (r.entity == Entity::kHousehold && r.row == row) e.old_amount += r.amount;
    }
    for (const EntitlementRecord& r : after) {
      if (r.entity == Entity::kHousehold && r.row == row) e.new_amount += r.amount;
    }
    ref.eligibility.push_back(e);
  }
  std::sort(ref.eligibility.begin(), ref.eligibility.end(),
            [](const auto& x, const auto& y) { return x.household_id < y.household_id; });
  auto impact = [](std::string d, const Tally& t) {
    const Fen delta = t.monthly_new - t.monthly_old;
    return DistrictImpact{
        d, t.households.size(), t.persons.size(), t.monthly_old, t.monthly_new, delta, delta * 12};
  };
  auto cover = [](std::string d, const Cover& c) {
    return Coverage{d, c.households, c.persons, c.monthly, c.monthly * 12};
  };
  Cover city_now, city_then;
  for (const auto& [d, t] : tallies) {
    ref.districts.push_back(impact(std::to_string(d), t));
    ref.covered.push_back(cover(std::to_string(d), now[d]));
    ref.covered_before.push_back(cover(std::to_string(d), then[d]));
    for (auto [sum, part] : {std::pair{&city_now, &now[d]}, std::pair{&city_then, &then[d]}}) {
      sum->households += part->households, sum->persons += part->persons;
      sum->monthly += part->monthly;
    }
  }
  ref.districts.push_back(impact("CITY", city));
  ref.covered.push_back(cover("CITY", city_now));
  ref.covered_before.push_back(cover("CITY", city_then));
  return ref;
}

void ExpectSameCoverage(const std::vector<Coverage>& got, const std::vector<Coverage>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].district, want[i].district);
    EXPECT_EQ(got[i].households, want[i].households) << got[i].district;
    EXPECT_EQ(got[i].persons, want[i].persons) << got[i].district;
    EXPECT_EQ(got[i].monthly_cost, want[i].monthly_cost) << got[i].district;
    EXPECT_EQ(got[i].yearly_cost, want[i].yearly_cost) << got[i].district;
  }
}

void ExpectSameAnswer(const WhatIfAnswer& got, const Reference& want, bool with_lists) {
  const RecalcReport& r = got.report;
  EXPECT_EQ(got.changed_amounts, want.changes.size());
  size_t newly = 0;
  for (const EligibilityChange& e : want.eligibility) newly += e.newly_eligible;
  EXPECT_EQ(got.newly_eligible, newly);
  EXPECT_EQ(got.no_longer_eligible, want.eligibility.size() - newly);
  if (with_lists) {
    ASSERT_EQ(r.changes.size(), want.changes.size());
    for (size_t i = 0; i < r.changes.size(); ++i) {
      const AmountChange &a = r.changes[i], &b = want.changes[i];
      EXPECT_EQ(std::tie(a.subject_kind, a.subject_id, a.kind, a.old_amount, a.new_amount, a.delta),
                std::tie(b.subject_kind, b.subject_id, b.kind, b.old_amount, b.new_amount, b.delta))
          << i;
    }
    ASSERT_EQ(r.eligibility.size(), want.eligibility.size());
    for (size_t i = 0; i < r.eligibility.size(); ++i) {
      const EligibilityChange &a = r.eligibility[i], &b = want.eligibility[i];
      EXPECT_EQ(std::tie(a.household_id, a.newly_eligible, a.district, a.town, a.village,
                         a.old_amount, a.new_amount),
                std::tie(b.household_id, b.newly_eligible, b.district, b.town, b.village,
                         b.old_amount, b.new_amount))
          << i;
    }
  } else {
    EXPECT_TRUE(r.changes.empty());
    EXPECT_TRUE(r.eligibility.empty());
  }
  ASSERT_EQ(r.districts.size(), want.districts.size());
  for (size_t i = 0; i < r.districts.size(); ++i) {
    const DistrictImpact &a = r.districts[i], &b = want.districts[i];
    EXPECT_EQ(std::tie(a.district, a.households_affected, a.persons_affected, a.monthly_old,
                       a.monthly_new, a.monthly_delta, a.yearly_delta),
              std::tie(b.district, b.households_affected, b.persons_affected, b.monthly_old,
                       b.monthly_new, b.monthly_delta, b.yearly_delta))
        << a.district;
  }
  ExpectSameCoverage(got.covered, want.covered);
  ExpectSameCoverage(got.covered_before, want.covered_before);
}

const Days kAsOf = DaysFromCivil({2025, 6, 30});

std::vector<WhatIfQuestion> Questions(const lang::Program& program) {
  auto set = [&](std::vector<std::string> texts) {
    WhatIfQuestion q;
    for (const std::string& text : texts)
      q.overrides.push_back(*lang::ParseOverride(program.standards, text));
    return q;
  };
  std::vector<WhatIfQuestion> questions = {
      set({"dibao.urban=950"}),
      set({"dibao.urban=950", "dibao.rural=800"}),
      set({"dibao.rural=600"}),
      set({"dibao=700"}),
      set({"dibao.addon.elderly=0.3", "tekun.basic=1500"}),
      set({"care.semi=1/5"}),
      set({}),
  };
  WhatIfQuestion to;
  to.to = DaysFromCivil({2025, 7, 1});
  questions.push_back(to);
  return questions;
}

void CheckModel(const lang::Program& program, const Dataset& data) {
  auto model = WhatIfModel::Build(program, data, kAsOf, "", "");
  ASSERT_TRUE(model.ok()) << model.status();
  size_t changes = 0;
  for (WhatIfQuestion question : Questions(program)) {
    const Reference want = ReferenceRecalc(program, data, kAsOf, question);
    changes += want.changes.size();
    for (bool with_lists : {true, false}) {
      question.with_lists = with_lists;
      auto answer = (*model)->Answer(question);
      ASSERT_TRUE(answer.ok()) << answer.status();
      ExpectSameAnswer(*answer, want, with_lists);
    }
    // The sweep's figures are the answer's.
    auto standards =
        lang::Resolve(program.standards, question.to.value_or(kAsOf), question.overrides);
    ASSERT_TRUE(standards.ok());
    auto coverage = (*model)->CoverageUnder(*standards, "");
    ASSERT_TRUE(coverage.ok()) << coverage.status();
    ExpectSameCoverage(*coverage, want.covered);
  }
  EXPECT_GT(changes, 0u);  // the questions change something
}

TEST(WhatIfModel, AnswersAsTwoWholeEvaluationsOnTheReferenceData) {
  CheckModel(*testing::WeihaiRules(), *testing::ImportReferenceData());
}

TEST(WhatIfModel, AnswersAsTwoWholeEvaluationsOnSmallSyntheticData) {
  synth::SynthOptions options;  // the size of the "small" preset
  options.households = 10000;
  options.elderly = 44000;
  options.signals = 100000;
  CheckModel(*testing::WeihaiRules(), *testing::Synthesized(options));
}

TEST(WhatIfModel, ConcurrentAnswersAreTheSameAsOneAtATime) {
  const auto program = testing::WeihaiRules();
  const auto data = testing::ImportReferenceData();
  auto model = WhatIfModel::Build(*program, *data, kAsOf, "", "");
  ASSERT_TRUE(model.ok()) << model.status();
  const std::vector<WhatIfQuestion> questions = Questions(*program);
  std::vector<std::vector<WhatIfAnswer>> answers(4);
  std::vector<std::thread> threads;
  for (auto& mine : answers) {
    threads.emplace_back([&] {
      for (int round = 0; round < 3; ++round) {
        for (const WhatIfQuestion& q : questions) mine.push_back(*(*model)->Answer(q));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < questions.size(); ++i) {
    const Reference want = ReferenceRecalc(*program, *data, kAsOf, questions[i]);
    for (const auto& mine : answers) {
      for (int round = 0; round < 3; ++round) {
        ExpectSameAnswer(mine[round * questions.size() + i], want, true);
      }
    }
  }
}

TEST(WhatIfModel, BadQuestionsAreErrors) {
  const auto program = testing::WeihaiRules();
  const auto data = testing::ImportReferenceData();
  auto model = WhatIfModel::Build(*program, *data, kAsOf, "", "");
  ASSERT_TRUE(model.ok()) << model.status();
  WhatIfQuestion too_early;
  too_early.to = DaysFromCivil({1990, 1, 1});  // no standards in force
  EXPECT_FALSE((*model)->Answer(too_early).ok());
  WhatIfQuestion overflow;
  overflow.overrides = {*lang::ParseOverride(program->standards, "dibao.urban=1000000000000000")};
  auto answer = (*model)->Answer(overflow);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_FALSE(WhatIfModel::Build(*program, *data, kAsOf, "no_such_value", "").ok());
}

}  // namespace
}  // namespace safetynet::monitor
