// Internal to the importer: one function per exchange file, each turning the
// file's rows into a table and its bad rows into rejects. Each runs on one
// thread; ImportPersons needs the households already imported.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/import.h"
#include "engine/table/dataset.h"

namespace safetynet::import_internal {

struct FileInput {
  std::string_view name;     // e.g. "persons.csv"
  std::string_view content;  // the whole file
  const ImportOptions* options;
};

struct FileOutput {
  std::vector<Reject> rejects;
  FileCounts counts;
};

absl::Status ImportHouseholds(const FileInput& in, HouseholdTable& out, FileOutput& result);
absl::Status ImportPersons(const FileInput& in, const HouseholdTable& households, PersonTable& out,
                           FileOutput& result);
absl::Status ImportElderly(const FileInput& in, ElderlyTable& out, FileOutput& result);
absl::Status ImportSignals(const FileInput& in, SignalTable& out, FileOutput& result);

}  // namespace safetynet::import_internal
