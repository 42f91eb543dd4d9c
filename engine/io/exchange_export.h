// Writes a Dataset back out as the four exchange CSV files
// (docs/exchange-format.md), e.g. for synthetic data. Importing the files
// gives the same tables. Pure functions of the dataset; thread-safe.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "engine/io/import.h"
#include "engine/table/dataset.h"

namespace safetynet {

ExchangeFiles ExportExchangeFiles(const Dataset& dataset);

// Writes DIR/households.csv, persons.csv, elderly.csv, signals.csv atomically.
absl::Status WriteExchangeDirectory(const ExchangeFiles& files, const std::string& directory);

}  // namespace safetynet
