#include "engine/table/dataset_slice.h"

#include <algorithm>
#include <numeric>

#include "engine/common/status.h"

namespace safetynet {
namespace {

std::vector<uint32_t> SortedUnique(std::vector<uint32_t> rows) {
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

}  // namespace

SignalsByResident::SignalsByResident(const SignalTable& signals) : signals_(&signals) {
  order_.resize(signals.size());
  std::iota(order_.begin(), order_.end(), 0u);
  std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
    return signals.person_id[a] < signals.person_id[b];
  });
}

std::span<const uint32_t> SignalsByResident::RowsOf(PackedId person) const {
  const auto begin =
      std::lower_bound(order_.begin(), order_.end(), person,
                       [this](uint32_t row, PackedId id) { return signals_->person_id[row] < id; });
  const auto end = std::upper_bound(begin, order_.end(), person, [this](PackedId id, uint32_t row) {
    return id < signals_->person_id[row];
  });
  return std::span<const uint32_t>(order_).subspan(begin - order_.begin(), end - begin);
}

void AddTouchedSubjects(const Dataset& data, PackedId person, SliceSubjects& subjects) {
  auto add_household = [&](uint32_t h) {
    subjects.households.push_back(h);
    for (uint32_t p = data.households.member_begin[h]; p < data.households.member_begin[h + 1];
         ++p) {
      auto e = data.elderly_row_of.find(data.persons.person_id[p]);
      if (e != data.elderly_row_of.end()) subjects.elderly.push_back(e->second);
    }
  };
  if (auto p = data.person_row_of.find(person); p != data.person_row_of.end()) {
    add_household(data.persons.household_row[p->second]);
  }
  if (auto e = data.elderly_row_of.find(person); e != data.elderly_row_of.end()) {
    subjects.elderly.push_back(e->second);
  }
}

absl::StatusOr<std::unique_ptr<Dataset>> SliceDataset(
    const Dataset& data, const SignalsByResident& by_resident, const SliceSubjects& subjects,
    const SignalTable& extra,
    absl::FunctionRef<std::span<const uint32_t>(PackedId)> extra_rows_of) {
  auto slice = std::make_unique<Dataset>();
  slice->info = data.info;
  const std::vector<uint32_t> households = SortedUnique(subjects.households);
  const std::vector<uint32_t> elderly = SortedUnique(subjects.elderly);
  AppendRows(data.households, households, slice->households);

  std::vector<uint32_t> members, new_household;
  for (uint32_t i = 0; i < households.size(); ++i) {
    const uint32_t h = households[i];
    for (uint32_t p = data.households.member_begin[h]; p < data.households.member_begin[h + 1];
         ++p) {
      members.push_back(p);
      new_household.push_back(i);
    }
  }
  AppendRows(data.persons, members, slice->persons);
  slice->persons.household_row = std::move(new_household);
  AppendRows(data.elderly, elderly, slice->elderly);

  // The residents' signals: every person and elderly resident of the slice, once.
  std::vector<PackedId> residents(slice->persons.person_id.begin(), slice->persons.person_id.end());
  residents.insert(residents.end(), slice->elderly.person_id.begin(),
                   slice->elderly.person_id.end());
  std::sort(residents.begin(), residents.end());
  residents.erase(std::unique(residents.begin(), residents.end()), residents.end());
  std::vector<uint32_t> rows, extra_rows;
  for (PackedId resident : residents) {
    for (uint32_t row : by_resident.RowsOf(resident)) rows.push_back(row);
    for (uint32_t row : extra_rows_of(resident)) extra_rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end());
  std::sort(extra_rows.begin(), extra_rows.end());
  AppendRows(data.signals, rows, slice->signals);
  AppendRows(extra, extra_rows, slice->signals);
  SAFETYNET_RETURN_IF_ERROR(BuildIndexes(*slice));
  return slice;
}

}  // namespace safetynet
