#include "engine/table/dataset.h"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>

#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet {

absl::Status BuildIndexes(Dataset& dataset) {
  // Lookups and insertions miss the cache: each key is prefetched this many
  // rows ahead.
  constexpr size_t kAhead = 16;
  absl::Status rectangular;
  ForEachTable(dataset, [&](Entity entity, const auto& table) {
    ForEachColumn(table, [&](const ColumnInfo& info, const auto& column) {
      if (rectangular.ok() && column.size() != table.size()) {
        rectangular = absl::DataLossError(Cat(TableName(entity), " column ", info.name, " has ",
                                              column.size(), " rows, the table ", table.size()));
      }
    });
  });
  SAFETYNET_RETURN_IF_ERROR(rectangular);
  HouseholdTable& households = dataset.households;
  const PersonTable& persons = dataset.persons;
  const size_t household_count = households.size();

  households.member_begin.assign(household_count + 1, 0);
  uint32_t previous = 0;
  for (size_t row = 0; row < persons.size(); ++row) {
    uint32_t household = persons.household_row[row];
    if (household >= household_count) {
      return absl::DataLossError(
          Cat("person row ", row, " names household row ", household, " of ", household_count));
    }
    if (household < previous) {
      return absl::DataLossError(
          Cat("person row ", row, " is not grouped with its household's members"));
    }
    previous = household;
    ++households.member_begin[household + 1];
  }
  for (size_t h = 0; h < household_count; ++h) {
    households.member_begin[h + 1] += households.member_begin[h];
  }

  auto index_households = [&]() -> absl::Status {
    dataset.household_row_of.clear();
    dataset.household_row_of.reserve(household_count);
    for (size_t row = 0; row < household_count; ++row) {
      if (!dataset.household_row_of.emplace(households.household_id[row], row).second) {
        return absl::DataLossError(Cat("household row ", row, " repeats a household id"));
      }
    }
    return absl::OkStatus();
  };
  auto index_ids = [](const std::vector<PackedId>& ids,
                      absl::flat_hash_map<PackedId, uint32_t>& map,
                      std::string_view table) -> absl::Status {
    map.clear();
    map.reserve(ids.size());
    for (size_t row = 0; row < ids.size(); ++row) {
      if (row + kAhead < ids.size()) map.prefetch(ids[row + kAhead]);
      if (!map.emplace(ids[row], row).second) {
        return absl::DataLossError(Cat(table, " row ", row, " repeats a person id"));
      }
    }
    return absl::OkStatus();
  };
  // The three indexes are independent: build them side by side.
  absl::Status status[3];
  tbb::task_group group;
  group.run([&] { status[0] = index_households(); });
  group.run([&] { status[1] = index_ids(persons.person_id, dataset.person_row_of, "person"); });
  status[2] = index_ids(dataset.elderly.person_id, dataset.elderly_row_of, "elderly");
  group.wait();
  for (const absl::Status& s : status) {
    if (!s.ok()) return s;
  }
  const ElderlyTable& elderly = dataset.elderly;
  dataset.elderly_person_row.resize(elderly.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, elderly.size(), 16384),
                    [&](const tbb::blocked_range<size_t>& r) {
                      for (size_t e = r.begin(); e < r.end(); ++e) {
                        if (e + kAhead < r.end()) {
                          dataset.person_row_of.prefetch(elderly.person_id[e + kAhead]);
                        }
                        auto person = dataset.person_row_of.find(elderly.person_id[e]);
                        dataset.elderly_person_row[e] =
                            person == dataset.person_row_of.end() ? kNoRow : person->second;
                      }
                    });
  return absl::OkStatus();
}

bool SameTables(const Dataset& a, const Dataset& b) {
  return a.info == b.info && a.households == b.households && a.persons == b.persons &&
         a.elderly == b.elderly && a.signals == b.signals;
}

}  // namespace safetynet
