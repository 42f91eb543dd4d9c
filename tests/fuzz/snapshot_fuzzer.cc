// libFuzzer target: arbitrary bytes as a snapshot file, read whole and in
// part (one district, as --by-district does). Reading must never crash:
// either the snapshot loads, or an error says what is damaged. What loads is
// then used as a run uses it: every date (by column kind) turned into a
// calendar date and an age, so that a value the reader should have refused
// (a date of INT32_MAX) shows as undefined behaviour here.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "engine/common/date.h"
#include "engine/io/snapshot.h"
#include "engine/io/snapshot_part.h"

namespace {

// Formats every date of the data and computes an age from it.
void UseEveryDate(const safetynet::Dataset& data) {
  using safetynet::ColumnKind;
  safetynet::ForEachTable(data, [&](safetynet::Entity, const auto& table) {
    safetynet::ForEachColumn(table, [&](const safetynet::ColumnInfo& info, const auto& column) {
      using Column = std::decay_t<decltype(column)>;
      if constexpr (std::is_same_v<Column, std::vector<safetynet::Days>>) {
        if (info.kind != ColumnKind::kDate && info.kind != ColumnKind::kBirthDate) return;
        for (safetynet::Days days : column) {
          if (days == safetynet::kNoDate) continue;
          (void)safetynet::FormatIsoDate(days);
          if (data.info.as_of != safetynet::kNoDate)
            (void)safetynet::AgeInYears(days, data.info.as_of);
        }
      }
    });
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto loaded = safetynet::ParseSnapshot(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.snap");
  if (loaded.ok()) UseEveryDate(**loaded);
  safetynet::SnapshotPart part;
  part.districts = {371002};  // the district of the seed corpus
  part.extra_households = {0};
  auto loaded_part = safetynet::ParseSnapshotPart(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.snap", part);
  if (loaded_part.ok()) UseEveryDate(**loaded_part);
  return 0;
}
