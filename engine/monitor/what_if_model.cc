#include "engine/monitor/what_if_model.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <span>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/match/signal_index.h"
#include "engine/table/links.h"

namespace safetynet::monitor {

using lang::Entity;

struct WhatIfModel::Figures {
  size_t households = 0, persons = 0;  // eligible; their living members
  __int128 monthly = 0;                // checked when reported
};

struct WhatIfModel::Evaluated {
  exec::RunResult result;
  // What was computed (the rest is the baseline's): columns, entitlements.
  std::vector<bool> columns, entitlements;
  std::vector<size_t> begin;  // entitlement e's rows: result.entitlements[begin[e], begin[e + 1])
};

namespace {

// Whether one of `overrides` sets the named value (its parameter, and its area or both).
bool IsSet(const lang::Standards& standards, const lang::NamedParameterValue& value,
           const std::vector<lang::Override>& overrides) {
  const lang::ParamRef ref{static_cast<int>(value.param - standards.params().data()),
                           !value.param->per_area           ? lang::AreaChoice::kSubject
                           : value.name.ends_with(".rural") ? lang::AreaChoice::kRural
                                                            : lang::AreaChoice::kUrban};
  return std::any_of(overrides.begin(), overrides.end(),
                     [&](const lang::Override& o) { return lang::Overlap(o.ref, ref); });
}

std::vector<ParameterChange> ChangedParameters(const lang::Standards& standards,
                                               const lang::ResolvedStandards& old_values,
                                               const lang::ResolvedStandards& new_values,
                                               const std::vector<lang::Override>& overrides) {
  const std::vector<lang::NamedParameterValue> before = lang::NamedValues(standards, old_values);
  const std::vector<lang::NamedParameterValue> after = lang::NamedValues(standards, new_values);
  std::vector<ParameterChange> changes;
  for (size_t i = 0; i < before.size(); ++i) {
    if (!(before[i].value == after[i].value)) {
      const bool set = IsSet(standards, before[i], overrides);
      changes.push_back({before[i].name, before[i].value, after[i].value, before[i].param->type,
                         set, !set && before[i].param->formula != nullptr});
    }
  }
  return changes;
}

// The columns an answer reads: those of the entitlements' amounts and the
// eligibility value, and every column they read in turn (a superset: any
// column a node names counts).
std::vector<bool> ReadByAnswers(const lang::Program& program, int eligibility) {
  std::vector<bool> read(program.columns.size(), false);
  std::vector<bool> node_seen(program.nodes.size(), false);
  std::vector<int> nodes, columns;
  for (const lang::EntitlementDef& e : program.entitlements) nodes.push_back(e.amount);
  read[eligibility] = true;
  columns.push_back(eligibility);
  while (!nodes.empty() || !columns.empty()) {
    if (!columns.empty()) {
      const int c = columns.back();
      columns.pop_back();
      if (!program.columns[c].is_field) nodes.push_back(program.columns[c].root);
      continue;
    }
    const int n = nodes.back();
    nodes.pop_back();
    if (n < 0 || node_seen[n]) continue;
    node_seen[n] = true;
    const lang::Node& node = program.nodes[n];
    for (int c : {node.column, node.member_set, node.filter, node.value}) {
      if (c >= 0 && !read[c]) read[c] = true, columns.push_back(c);
    }
    for (int arg : node.args) nodes.push_back(arg);
  }
  return read;
}

// A change of one amount, found by comparing the rows of two evaluations.
struct RowChange {
  int entitlement;
  uint32_t row;
  int64_t old_amount, new_amount;
};

// Appends the rows whose amount differs between `before` and `after` (both
// rows of one entitlement, by row; a missing row is 0).
void AppendChangedRows(std::span<const exec::EntitlementRow> before,
                       std::span<const exec::EntitlementRow> after, std::vector<RowChange>& out) {
  size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    const exec::EntitlementRow* a = i < before.size() ? &before[i] : nullptr;
    const exec::EntitlementRow* b = j < after.size() ? &after[j] : nullptr;
    if (a && b && a->row == b->row) {
      if (a->amount != b->amount) out.push_back({a->entitlement, a->row, a->amount, b->amount});
      ++i, ++j;
    } else if (a && (!b || a->row < b->row)) {
      out.push_back({a->entitlement, a->row, a->amount, 0});
      ++i;
    } else {
      out.push_back({b->entitlement, b->row, 0, b->amount});
      ++j;
    }
  }
}

// Where each entitlement's rows start in `rows` (sorted by entitlement):
// `count` + 1 offsets.
std::vector<size_t> EntitlementBegins(const std::vector<exec::EntitlementRow>& rows, size_t count) {
  std::vector<size_t> begin(count + 1);
  for (size_t e = 0; e <= count; ++e) {
    begin[e] = std::lower_bound(rows.begin(), rows.end(), static_cast<int>(e),
                                [](const exec::EntitlementRow& r, int entitlement) {
                                  return r.entitlement < entitlement;
                                }) -
               rows.begin();
  }
  return begin;
}

// Which nodes' values may differ under `standards` from those under
// `baseline`: those that read a parameter with another value, directly or
// through columns (marked in `columns` as they are found, in evaluation
// order). As Program::StandardsDependentColumns, for the changed parameters only.
class ChangeFlow {
 public:
  ChangeFlow(const lang::Program& program, const lang::ResolvedStandards& baseline,
             const lang::ResolvedStandards& standards)
      : program_(program),
        changed_(baseline.urban.size()),
        nodes_(program.nodes.size(), -1),
        columns_(program.columns.size(), false) {
    for (size_t p = 0; p < changed_.size(); ++p) {
      changed_[p] =
          !(baseline.urban[p] == standards.urban[p]) || !(baseline.rural[p] == standards.rural[p]);
    }
    for (size_t c = 0; c < program.columns.size(); ++c) {  // inputs first
      columns_[c] = !program.columns[c].is_field && Node(program.columns[c].root);
    }
  }
  bool Column(size_t c) const { return columns_[c]; }
  bool Node(int index) {
    if (nodes_[index] >= 0) return nodes_[index];
    const lang::Node& node = program_.nodes[index];
    bool result = node.op == lang::Op::kParam && changed_[node.param.index];
    for (int c : {node.column, node.member_set, node.filter, node.value}) {
      result = result || (c >= 0 && columns_[c]);
    }
    for (int arg : node.args) result = Node(arg) || result;
    nodes_[index] = result;
    return result;
  }

 private:
  const lang::Program& program_;
  std::vector<bool> changed_;  // by parameter index
  std::vector<int8_t> nodes_;  // -1 not yet known
  std::vector<bool> columns_;
};

struct Affected {
  size_t households = 0, persons = 0;
};

// A district's (or the city's) impact; OutOfRange if a total or a delta
// does not fit 64-bit fen.
absl::StatusOr<DistrictImpact> Impact(std::string district, Affected affected, __int128 monthly_old,
                                      __int128 monthly_new) {
  DistrictImpact impact{std::move(district), affected.households, affected.persons};
  const std::string of = impact.district == "CITY" ? "the city" : Cat("district ", impact.district);
  SAFETYNET_ASSIGN_OR_RETURN(impact.monthly_old,
                             FenTotal(monthly_old, Cat("the old monthly total of ", of)));
  SAFETYNET_ASSIGN_OR_RETURN(impact.monthly_new,
                             FenTotal(monthly_new, Cat("the new monthly total of ", of)));
  const __int128 delta = monthly_new - monthly_old;
  SAFETYNET_ASSIGN_OR_RETURN(impact.monthly_delta,
                             FenTotal(delta, Cat("the monthly delta of ", of)));
  SAFETYNET_ASSIGN_OR_RETURN(impact.yearly_delta,
                             FenTotal(delta * 12, Cat("the yearly delta of ", of)));
  return impact;
}

// Counts the distinct values of each district's list (pairs of district
// index and value) and of all of them; `per_district` is sized to the
// districts, the city's count is returned.
template <typename T>
size_t CountDistinct(std::vector<std::pair<uint32_t, T>>& pairs,
                     std::vector<Affected>& per_district, size_t Affected::*field) {
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<T> all;
  all.reserve(pairs.size());
  for (const auto& [district, value] : pairs) {
    ++(per_district[district].*field);
    all.push_back(value);
  }
  std::sort(all.begin(), all.end());
  return static_cast<size_t>(std::unique(all.begin(), all.end()) - all.begin());
}

}  // namespace

WhatIfModel::WhatIfModel(const lang::Program& program, const Dataset& data, Days as_of)
    : program_(program), data_(data), as_of_(as_of), keys_(data) {}

WhatIfModel::~WhatIfModel() = default;

absl::StatusOr<std::unique_ptr<const WhatIfModel>> WhatIfModel::Build(
    const lang::Program& program, const Dataset& data, Days as_of, const std::string& eligibility,
    const std::string& deceased) {
  SAFETYNET_ASSIGN_OR_RETURN(lang::ResolvedStandards standards,
                             lang::Resolve(program.standards, as_of));
  RecalcOptions names;
  names.eligibility = eligibility;
  names.deceased = deceased;
  SAFETYNET_ASSIGN_OR_RETURN(const CountedValues counted, FindCountedValues(program, names));
  std::unique_ptr<WhatIfModel> model(new WhatIfModel(program, data, as_of));
  WhatIfModel& m = *model;
  m.counted_ = counted;
  m.baseline_standards_ = std::move(standards);
  m.index_ = std::make_unique<const SignalIndex>(data, as_of);
  m.read_ = ReadByAnswers(program, counted.eligibility);

  exec::Evaluation evaluation(program, data, *m.index_, m.baseline_standards_, as_of);
  for (size_t c = 0; c < program.columns.size(); ++c) evaluation.ComputeColumn(c);
  evaluation.ComputeEntitlements();
  auto baseline = std::make_unique<Evaluated>();
  baseline->result = evaluation.Finish();
  baseline->columns.assign(program.columns.size(), true);
  baseline->entitlements.assign(program.entitlements.size(), true);
  baseline->begin = EntitlementBegins(baseline->result.entitlements, program.entitlements.size());
  m.baseline_ = std::move(baseline);

  // Where each subject lives: the districts of the households and of the elderly.
  const HouseholdTable& h = data.households;
  m.districts_.assign(h.district.begin(), h.district.end());
  m.districts_.insert(m.districts_.end(), data.elderly.district.begin(),
                      data.elderly.district.end());
  std::sort(m.districts_.begin(), m.districts_.end());
  m.districts_.erase(std::unique(m.districts_.begin(), m.districts_.end()), m.districts_.end());
  absl::flat_hash_map<int32_t, uint32_t> index_of;
  for (uint32_t d = 0; d < m.districts_.size(); ++d) index_of[m.districts_[d]] = d;
  m.household_district_.resize(h.size());
  for (uint32_t row = 0; row < h.size(); ++row)
    m.household_district_[row] = index_of[h.district[row]];
  m.elderly_district_.resize(data.elderly.size());
  for (uint32_t row = 0; row < data.elderly.size(); ++row) {
    m.elderly_district_[row] = index_of[data.elderly.district[row]];
  }
  // The living members of each household (the dead do not depend on the standards).
  const std::vector<int64_t>& dead = m.baseline_->result.columns[counted.deceased].num;
  m.living_.resize(h.size());
  for (uint32_t row = 0; row < h.size(); ++row) {
    for (uint32_t p = h.member_begin[row]; p < h.member_begin[row + 1]; ++p) {
      m.living_[row] += dead[p] != 1;
    }
  }
  // The kinds' order as text (the order of the change lists).
  std::vector<uint32_t> by_kind(program.entitlements.size());
  std::iota(by_kind.begin(), by_kind.end(), 0);
  std::sort(by_kind.begin(), by_kind.end(), [&](uint32_t a, uint32_t b) {
    return program.entitlements[a].kind < program.entitlements[b].kind;
  });
  m.kind_rank_.resize(by_kind.size());
  for (uint32_t rank = 0; rank < by_kind.size(); ++rank) m.kind_rank_[by_kind[rank]] = rank;
  m.baseline_cost_.assign(program.entitlements.size(),
                          std::vector<__int128>(m.districts_.size(), 0));
  for (const exec::EntitlementRow& r : m.baseline_->result.entitlements) {
    m.baseline_cost_[r.entitlement][m.DistrictOf(r.entitlement, r.row)] += r.amount;
  }
  m.baseline_figures_ = m.FiguresOf(*m.baseline_);
  return std::unique_ptr<const WhatIfModel>(std::move(model));
}

uint32_t WhatIfModel::DistrictOf(int entitlement, uint32_t row) const {
  const Entity entity = program_.entitlements[entitlement].entity;
  return entity == Entity::kElderly ? elderly_district_[row]
                                    : household_district_[HouseholdOf(data_, entity, row)];
}

WhatIfModel::Evaluated WhatIfModel::EvaluateUnder(const lang::ResolvedStandards& standards) const {
  Evaluated evaluated;
  ChangeFlow flow(program_, baseline_standards_, standards);
  exec::Evaluation evaluation(program_, data_, *index_, standards, as_of_);
  evaluated.columns.resize(program_.columns.size());
  for (size_t c = 0; c < program_.columns.size(); ++c) {
    evaluated.columns[c] = read_[c] && flow.Column(c);
    if (evaluated.columns[c]) {
      evaluation.ComputeColumn(c);
    } else {
      evaluation.ShareColumn(c, baseline_->result.columns[c]);
    }
  }
  evaluated.entitlements.resize(program_.entitlements.size());
  for (size_t e = 0; e < program_.entitlements.size(); ++e) {
    evaluated.entitlements[e] = flow.Node(program_.entitlements[e].amount);
  }
  evaluation.ComputeEntitlements(evaluated.entitlements);
  evaluated.result = evaluation.Finish();
  evaluated.begin = EntitlementBegins(evaluated.result.entitlements, program_.entitlements.size());
  return evaluated;
}

std::span<const exec::EntitlementRow> WhatIfModel::Rows(const Evaluated& evaluated,
                                                        int entitlement) const {
  const Evaluated& from = evaluated.entitlements[entitlement] ? evaluated : *baseline_;
  return std::span(from.result.entitlements)
      .subspan(from.begin[entitlement], from.begin[entitlement + 1] - from.begin[entitlement]);
}

const std::vector<int64_t>& WhatIfModel::Eligible(const Evaluated& evaluated) const {
  const Evaluated& from = evaluated.columns[counted_.eligibility] ? evaluated : *baseline_;
  return from.result.columns[counted_.eligibility].num;
}

std::vector<WhatIfModel::Figures> WhatIfModel::FiguresOf(const Evaluated& evaluated) const {
  std::vector<Figures> figures(districts_.size() + 1);
  Figures& city = figures.back();
  const std::vector<int64_t>& eligible = Eligible(evaluated);
  for (uint32_t row = 0; row < data_.households.size(); ++row) {
    if (eligible[row] != 1) continue;
    Figures& district = figures[household_district_[row]];
    ++district.households, district.persons += living_[row];
    ++city.households, city.persons += living_[row];
  }
  for (size_t e = 0; e < program_.entitlements.size(); ++e) {
    if (evaluated.entitlements[e]) {
      for (const exec::EntitlementRow& r : Rows(evaluated, static_cast<int>(e))) {
        figures[DistrictOf(r.entitlement, r.row)].monthly += r.amount;
        city.monthly += r.amount;
      }
      continue;
    }
    for (size_t d = 0; d < districts_.size(); ++d) {
      figures[d].monthly += baseline_cost_[e][d];
      city.monthly += baseline_cost_[e][d];
    }
  }
  return figures;
}

__int128 WhatIfModel::HouseholdTotal(const Evaluated& evaluated, uint32_t household) const {
  __int128 total = 0;
  for (size_t e = 0; e < program_.entitlements.size(); ++e) {
    if (program_.entitlements[e].entity != Entity::kHousehold) continue;
    const std::span<const exec::EntitlementRow> rows = Rows(evaluated, static_cast<int>(e));
    auto found =
        std::lower_bound(rows.begin(), rows.end(), household,
                         [](const exec::EntitlementRow& r, uint32_t row) { return r.row < row; });
    if (found != rows.end() && found->row == household) total += found->amount;
  }
  return total;
}

absl::StatusOr<std::vector<Coverage>> WhatIfModel::CoverageUnder(
    const lang::ResolvedStandards& standards, std::string_view at) const {
  const std::vector<Figures> figures = FiguresOf(EvaluateUnder(standards));
  std::vector<Coverage> coverage(figures.size());
  // The city first: its errors are the ones a sweep has always given.
  for (size_t i = figures.size(); i-- > 0;) {
    const bool is_city = i == districts_.size();
    Coverage& c = coverage[i];
    c.district = is_city ? "CITY" : Cat(districts_[i]);
    c.households = figures[i].households;
    c.persons = figures[i].persons;
    const std::string of = is_city ? "" : Cat(" of district ", c.district);
    SAFETYNET_ASSIGN_OR_RETURN(c.monthly_cost,
                               FenTotal(figures[i].monthly, Cat("the monthly cost", of, at)));
    SAFETYNET_ASSIGN_OR_RETURN(c.yearly_cost,
                               FenTotal(figures[i].monthly * 12, Cat("the yearly cost", of, at)));
  }
  return coverage;
}

absl::StatusOr<WhatIfAnswer> WhatIfModel::Answer(const WhatIfQuestion& question) const {
  const auto start = std::chrono::steady_clock::now();
  WhatIfAnswer answer;
  RecalcReport& report = answer.report;
  report.as_of = as_of_;
  SAFETYNET_ASSIGN_OR_RETURN(
      const lang::ResolvedStandards new_standards,
      lang::Resolve(program_.standards, question.to.value_or(as_of_), question.overrides));
  report.old_version = baseline_standards_.version;
  report.new_version = new_standards.version;
  report.parameters =
      ChangedParameters(program_.standards, baseline_standards_, new_standards, question.overrides);
  report.eligibility_value = program_.columns[counted_.eligibility].name;
  const Evaluated evaluated = EvaluateUnder(new_standards);

  // Changed amounts, compared as integers; every delta checked.
  std::vector<RowChange> changed;
  for (size_t e = 0; e < program_.entitlements.size(); ++e) {
    if (!evaluated.entitlements[e]) continue;  // the baseline's rows, unchanged
    AppendChangedRows(Rows(*baseline_, static_cast<int>(e)), Rows(evaluated, static_cast<int>(e)),
                      changed);
  }
  answer.changed_amounts = changed.size();
  for (const RowChange& c : changed) {
    SAFETYNET_RETURN_IF_ERROR(FenTotal(static_cast<__int128>(c.new_amount) - c.old_amount,
                                       "the change of one amount (recalc.csv delta)")
                                  .status());
  }
  if (question.with_lists) {
    // By subject kind, subject id, kind -- as text (entitlements.csv's order).
    auto kind_order = [](Entity entity) -> uint64_t {  // ELDERLY < HOUSEHOLD < PERSON
      return entity == Entity::kElderly ? 0 : entity == Entity::kHousehold ? 1 : 2;
    };
    std::vector<std::tuple<uint64_t, uint64_t, uint32_t, const RowChange*>> order;
    order.reserve(changed.size());
    for (const RowChange& c : changed) {
      const Entity entity = program_.entitlements[c.entitlement].entity;
      order.emplace_back(kind_order(entity), keys_.Key(entity, c.row), kind_rank_[c.entitlement],
                         &c);
    }
    std::sort(order.begin(), order.end());
    report.changes.reserve(changed.size());
    for (const auto& [kind, key, rank, c] : order) {
      const lang::EntitlementDef& def = program_.entitlements[c->entitlement];
      report.changes.push_back({SubjectKind(def.entity), SubjectId(data_, def.entity, c->row),
                                def.kind, c->old_amount, c->new_amount,
                                c->new_amount - c->old_amount});
    }
  }

  // Eligibility (a value that does not depend on the standards is not recomputed).
  const HouseholdTable& h = data_.households;
  const std::vector<int64_t>& eligible_before = Eligible(*baseline_);
  const std::vector<int64_t>& eligible_after = Eligible(evaluated);
  for (uint32_t row = 0; row < h.size(); ++row) {
    const bool was = eligible_before[row] == 1, is = eligible_after[row] == 1;
    if (was == is) continue;
    ++(is ? answer.newly_eligible : answer.no_longer_eligible);
    if (!question.with_lists) continue;
    const Place place = PlaceOf(data_, Entity::kHousehold, row);
    EligibilityChange change{std::string(h.household_id[row]), is, place.district,
                             std::string(place.town), std::string(place.village)};
    // The household's own amounts, old and new.
    const std::string of = Cat("household ", change.household_id);
    SAFETYNET_ASSIGN_OR_RETURN(change.old_amount, FenTotal(HouseholdTotal(*baseline_, row),
                                                           Cat("the old monthly total of ", of)));
    SAFETYNET_ASSIGN_OR_RETURN(change.new_amount, FenTotal(HouseholdTotal(evaluated, row),
                                                           Cat("the new monthly total of ", of)));
    report.eligibility.push_back(std::move(change));
  }
  std::sort(report.eligibility.begin(), report.eligibility.end(),
            [](const EligibilityChange& a, const EligibilityChange& b) {
              return a.household_id < b.household_id;
            });

  // Who is affected, per district and for the city: the households and
  // persons whose amounts change (a household's with its living members).
  const std::vector<int64_t>& dead = baseline_->result.columns[counted_.deceased].num;
  std::vector<std::pair<uint32_t, uint32_t>> households;  // district index, household row
  std::vector<std::pair<uint32_t, PackedId>> persons;     // district index, person id
  for (const RowChange& c : changed) {
    const Entity entity = program_.entitlements[c.entitlement].entity;
    const uint32_t district = DistrictOf(c.entitlement, c.row);
    switch (entity) {
      case Entity::kHousehold:
        households.emplace_back(district, c.row);
        for (uint32_t p = h.member_begin[c.row]; p < h.member_begin[c.row + 1]; ++p) {
          if (dead[p] != 1) persons.emplace_back(district, data_.persons.person_id[p]);
        }
        break;
      case Entity::kPerson:
        persons.emplace_back(district, data_.persons.person_id[c.row]);
        households.emplace_back(district, data_.persons.household_row[c.row]);
        break;
      default:
        persons.emplace_back(district, data_.elderly.person_id[c.row]);
    }
  }
  std::vector<Affected> affected(districts_.size() + 1);
  affected.back().households = CountDistinct(households, affected, &Affected::households);
  affected.back().persons = CountDistinct(persons, affected, &Affected::persons);

  const std::vector<Figures> figures = FiguresOf(evaluated);
  for (size_t i = 0; i < figures.size(); ++i) {
    SAFETYNET_ASSIGN_OR_RETURN(
        DistrictImpact impact,
        Impact(i == districts_.size() ? "CITY" : Cat(districts_[i]), affected[i],
               baseline_figures_[i].monthly, figures[i].monthly));
    report.districts.push_back(std::move(impact));
  }
  // The coverage; the monthly costs were checked as the impacts' totals.
  for (size_t i = 0; i < figures.size(); ++i) {
    const DistrictImpact& impact = report.districts[i];
    const std::string of =
        impact.district == "CITY" ? "the city" : Cat("district ", impact.district);
    Coverage now{impact.district, figures[i].households, figures[i].persons, impact.monthly_new};
    SAFETYNET_ASSIGN_OR_RETURN(
        now.yearly_cost, FenTotal(figures[i].monthly * 12, Cat("the new yearly total of ", of)));
    Coverage before{impact.district, baseline_figures_[i].households, baseline_figures_[i].persons,
                    impact.monthly_old};
    SAFETYNET_ASSIGN_OR_RETURN(before.yearly_cost, FenTotal(baseline_figures_[i].monthly * 12,
                                                            Cat("the old yearly total of ", of)));
    answer.covered.push_back(std::move(now));
    answer.covered_before.push_back(std::move(before));
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return answer;
}

}  // namespace safetynet::monitor
